// CLI tests: the commands an operator runs, their exit codes (0 ok, 1 failed, 2 usage, 3 tampering)
// and messages, and that bad input or a tampered database is reported without changing anything.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli, initDemo } from "./lib/server.mjs";

const fresh = () => mkdtempSync(join(tmpdir(), "lgsec-cli-"));
const sql = (db, statement) => {
  const r = spawnSync("sqlite3", [db, statement], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};

test("help speaks Japanese, or English under LANG=en", () => {
  const ja = cli(["help"], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(ja.status, 0);
  assert.match(ja.stdout, /使い方/);
  const en = cli(["help", "trail"]);
  assert.equal(en.status, 0);
  assert.match(en.stdout, /usage: lgsec trail/);
});

test("unknown commands and options are usage errors (exit 2)", () => {
  assert.equal(cli(["frobnicate"]).status, 2);
  const r = cli(["backup", "--colour", "x.db"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option: --colour/);
});

test("init refuses default administrator IDs and leaves nothing behind (第84条(7))", () => {
  const dir = fresh();
  const db = join(dir, "lgsec.db");
  for (const id of ["admin", "Administrator", "root"]) {
    const r = cli(["init", "--db", db, "--org", "試験市", "--admin-login", id, "--admin-name", "試験 太郎"]);
    assert.equal(r.status, 1, id);
    assert.match(r.stderr, /login_id_reserved/);
  }
  assert.equal(existsSync(db), false);
  assert.equal(existsSync(db + ".trail-key"), false);
});

test("init creates the organisation and its first administrator; a second init refuses", () => {
  const dir = fresh();
  const db = join(dir, "lgsec.db");
  const r = cli(["init", "--db", db, "--org", "試験市", "--admin-login", "shiken.t", "--admin-name", "試験 太郎"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /login ID: shiken\.t/);
  assert.match(r.stdout, /temporary password: \S{12,}/);
  assert.equal(statSync(db + ".trail-key").mode & 0o777, 0o600, "the signing key is private");
  assert.equal(sql(db, "SELECT name FROM org_units WHERE parent_id IS NULL"), "試験市");
  assert.equal(sql(db, "SELECT role FROM role_assignments"), "lgsec_admin");
  const again = cli(["init", "--db", db, "--org", "試験市", "--admin-login", "other.t", "--admin-name", "別人"]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /db_exists/);
  assert.equal(sql(db, "SELECT count(*) FROM people"), "1", "nothing was added");
});

test("the demo is deterministic", () => {
  const a = initDemo();
  const b = initDemo();
  const q = "SELECT group_concat(staff_no || name || unit_id, ',') FROM people";
  assert.equal(sql(a.db, q), sql(b.db, q));
  assert.ok(Number(sql(a.db, "SELECT count(*) FROM people")) >= 250);
  assert.equal(sql(a.db, "SELECT p.title FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'ciso'"), "副市長");
});

test("trail verify passes, then finds a hand-edited entry (exit 3) and names it", () => {
  const { db } = initDemo();
  assert.equal(cli(["trail", "verify", "--db", db]).status, 0);
  sql(db, "DROP TRIGGER trail_entries_no_update; UPDATE trail_entries SET entry = replace(entry, 'デモ市', 'テモ市') WHERE seq = 1");
  const r = cli(["trail", "verify", "--db", db]);
  assert.equal(r.status, 3);
  assert.match(r.stdout + r.stderr, /\b1\b/);
});

test("trail verify finds a deleted entry", () => {
  const { db } = initDemo();
  sql(db, "DROP TRIGGER trail_entries_no_delete; DELETE FROM trail_entries WHERE seq = 7");
  assert.equal(cli(["trail", "verify", "--db", db]).status, 3);
});

test("an inclusion proof checks out without the database, and a doctored one does not", () => {
  const { db, dir } = initDemo();
  const proof = cli(["trail", "prove", "5", "--db", db]);
  assert.equal(proof.status, 0, proof.stderr);
  const key = cli(["trail", "export-key", "--db", db]).stdout.trim();
  const file = join(dir, "proof.json");
  writeFileSync(file, proof.stdout);
  assert.equal(cli(["trail", "check-proof", file, "--key", key]).status, 0);
  const doctored = JSON.parse(proof.stdout);
  doctored.entry = doctored.entry.replace("person", "persom");
  writeFileSync(file, JSON.stringify(doctored));
  assert.equal(cli(["trail", "check-proof", file, "--key", key]).status, 3);
});

test("backup makes a verifiable copy and never overwrites", () => {
  const { db, dir } = initDemo();
  const copy = join(dir, "copy.db");
  assert.equal(cli(["backup", "--db", db, copy]).status, 0);
  assert.equal(cli(["trail", "verify", "--db", copy]).status, 0);
  const again = cli(["backup", "--db", db, copy]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /backup_exists/);
});

test("pack validate reports file and line for a bad pack", () => {
  assert.equal(cli(["pack", "validate", new URL("../../packs/mic", import.meta.url).pathname]).status, 0);
  const bad = cli(["pack", "validate", new URL("../unit/packs/unknown_key", import.meta.url).pathname]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout + bad.stderr, /\.yaml:\d+:\d+: .*\[unknown_key\]/);
});

test("pack validate and pack activate check the zone matrix (netcheck.yaml): its words against the pack and the register, with the line", () => {
  const dir = fresh();
  const copy = join(dir, "pack");
  spawnSync("cp", ["-r", new URL("../../packs/mic", import.meta.url).pathname, copy]);
  const matrix = join(copy, "netcheck.yaml");
  // no Internet zone, a model outside the guideline's four, a relay kind the register cannot record, an
  // article the pack does not have, and an article it has (第25条(1): not reported)
  writeFileSync(matrix, [
    "zones:",
    "  mynumber: {ja: マイナンバー利用事務系, en: My Number}",
    "  lgwan: {ja: LGWAN接続系, en: LGWAN}",
    "  external: {ja: インターネット, en: the Internet}",
    "models:",
    "  gamma:",
    "    flows:",
    "      - {from: lgwan, to: external, allow: relays, relays: [fax], article: 第999条}",
    "      - {from: mynumber, to: lgwan, allow: none, article: 第25条(1)}",
    "",
  ].join("\n"));
  const r = cli(["pack", "validate", copy]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /netcheck\.yaml:2:\d+: .*"internet".*\[netcheck_unknown_zone\]/);
  assert.match(r.stdout, /netcheck\.yaml:6:\d+: .*"gamma".*\[netcheck_unknown_model\]/);
  assert.match(r.stdout, /netcheck\.yaml:8:\d+: .*"fax".*\[netcheck_unknown_relay_kind\]/);
  assert.match(r.stdout, /netcheck\.yaml:8:\d+: .*"第999条".*\[netcheck_unknown_article\]/);
  assert.doesNotMatch(r.stdout, /netcheck\.yaml:9:/);
  assert.match(r.stdout, /4 problem/);
  const j = JSON.parse(cli(["pack", "validate", "--json", copy]).stdout);
  assert.equal(j.valid, false);
  assert.deepEqual(j.issues.map((x) => x.code).sort(),
    ["netcheck_unknown_article", "netcheck_unknown_model", "netcheck_unknown_relay_kind", "netcheck_unknown_zone"]);
  // what the engine refuses is reported with its line too: a flow to a zone the matrix does not declare
  writeFileSync(matrix, readFileSync(new URL("../../packs/mic/netcheck.yaml", import.meta.url), "utf8")
    .replace("- {from: lgwan, to: external, allow: none", "- {from: lgwan, to: dmz, allow: none"));
  const z = cli(["pack", "validate", copy]);
  assert.equal(z.status, 1);
  assert.match(z.stdout, /netcheck\.yaml:\d+:\d+: from\/to must be two zones of zones \[netcheck_matrix\]/);
  // activation refuses the pack and prints the same problems; nothing is activated
  const { db } = initDemo();
  const a = cli(["pack", "activate", "--db", db, copy]);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /netcheck\.yaml:\d+:\d+: .*\[netcheck_matrix\]/);
  const entries = cli(["trail", "list", "--db", db, "--action", "pack.activate"]).stdout.trim().split("\n");
  assert.equal(entries.length, 1, "only the pack activated by init");
});

test("pack activate puts a new pack version in force, records it, and refuses an invalid pack", () => {
  const { db, dir } = initDemo();
  const same = cli(["pack", "activate", "--db", db]);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /already active/);

  // A copy of the built-in pack with a new version number.
  const copy = join(dir, "pack-next");
  spawnSync("cp", ["-r", new URL("../../packs/mic", import.meta.url).pathname, copy]);
  const yaml = join(copy, "pack.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8").replace(/^version: .*$/m, 'version: "2027.1"'));
  const r = cli(["pack", "activate", "--db", db, copy]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /activated pack mic version 2027\.1/);
  assert.match(cli(["pack", "show", "--db", db]).stdout, /2027\.1/);
  const entries = cli(["trail", "list", "--db", db, "--action", "pack.activate"]).stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(entries.length, 2);
  assert.equal(entries[0].actor, "cli");
  assert.equal(entries[0].before.version, "2026.1");
  assert.equal(entries[0].after.version, "2027.1");

  // An invalid pack: every problem is printed with file and line, and the active version stays.
  writeFileSync(yaml, readFileSync(yaml, "utf8") + "surprise: 1\n");
  const bad = cli(["pack", "activate", "--db", db, copy]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /pack\.yaml:\d+:\d+: .*\[unknown_key\]/);
  assert.match(cli(["pack", "show", "--db", db]).stdout, /2027\.1/);
  assert.equal(cli(["trail", "verify", "--db", db]).status, 0);
});

test("serve refuses a corrupted database with a clear error", () => {
  const dir = fresh();
  const db = join(dir, "broken.db");
  writeFileSync(db, "this is not a database".repeat(300));
  const r = cli(["serve", "--db", db, "--listen", "127.0.0.1:0"]);
  assert.equal(r.status === 1 || r.status === 3, true, r.stderr);
  assert.match(r.stderr, /error: /);
  assert.equal(readFileSync(db, "utf8").startsWith("this is not"), true, "the file was left as it was");
});

test("user add refuses reserved IDs and unknown people", () => {
  const { db } = initDemo();
  const reserved = cli(["user", "add", "--db", db, "--person", "D00010", "--login", "root"]);
  assert.equal(reserved.status, 1);
  assert.match(reserved.stderr, /login_id_reserved/);
  const nobody = cli(["user", "add", "--db", db, "--person", "X99999", "--login", "nobody.x"]);
  assert.equal(nobody.status, 1);
  assert.match(nobody.stderr, /person_not_found/);
});
