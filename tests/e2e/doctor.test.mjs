// lgsec doctor: one line per check (OK / 注意 / 異常, English OK / WARN / FAIL), exit 0 when all is
// well, 1 on any failure, 3 on warnings only; it changes nothing.
import { now, offsetMs } from "./lib/clock.mjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { cli } from "./lib/server.mjs";

// The mail settings of a complete configuration.
const MAIL = {
  LGSEC_SMTP_URL: "smtp://relay.example.lg.jp:25",
  LGSEC_MAIL_FROM: "lgsec@example.lg.jp",
  LGSEC_PUBLIC_URL: "https://lgsec.example.lg.jp:8443",
};
const NO_MAIL = { LGSEC_SMTP_URL: "", LGSEC_MAIL_FROM: "", LGSEC_PUBLIC_URL: "" };

// A fresh database with a backup beside it; returns the paths.
function installation() {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-doctor-"));
  const db = join(dir, "lgsec.db");
  const backups = join(dir, "backups");
  const r = cli(["init", "--db", db, "--org", "試験市", "--admin-login", "shiken.t", "--admin-name", "試験 太郎"]);
  assert.equal(r.status, 0, r.stderr);
  mkdirSync(backups, { mode: 0o700 });
  const b = cli(["backup", "--db", db, join(backups, "lgsec-1.db")]);
  assert.equal(b.status, 0, b.stderr);
  // made now on the servers' clock (the suites may run with it moved: tests/e2e/lib/clock.mjs)
  const made = now() / 1000;
  utimesSync(join(backups, "lgsec-1.db"), made, made);
  return { dir, db, backups };
}

// A ClamAV database header (the 512 bytes cl_cvdhead reads) built `ageDays` before now.
function clamavDir(parent, ageDays) {
  const dir = join(parent, `clamav-${ageDays}`);
  mkdirSync(dir);
  const built = Math.floor(now() / 1000) - ageDays * 86400;
  const file = join(dir, "daily.cvd");
  writeFileSync(file, `ClamAV-VDB:01 Jan 2000 00-00 +0000:27000:2000000:90:${"0".repeat(32)}:sig:lgsec-test:${built}`);
  truncateSync(file, 512);
  return dir;
}

const doctor = (args, env = {}) => cli(["doctor", ...args], { env: { ...NO_MAIL, LGSEC_CLAMAV_DB: "", ...env } });
const lines = (out, level) => out.split("\n").filter((l) => l.startsWith(`[${level}]`));

test("a complete installation: every line OK, exit 0 (Japanese by default, English under LANG=en)", () => {
  const { dir, db, backups } = installation();
  const clamav = clamavDir(dir, 1);
  const args = ["--db", db, "--backup-dir", backups, "--clamav-db", clamav];
  const en = doctor(args, MAIL);
  assert.equal(en.status, 0, en.stdout + en.stderr);
  assert.deepEqual(lines(en.stdout, "WARN").concat(lines(en.stdout, "FAIL")), []);
  for (const check of [/database: /, /database integrity: quick_check found no problem/, /schema version: \d+ \(this lgsec's latest\)/,
    /trail checkpoints: all \d+ entries are covered/, /backups: 1 in /, /file owner and permissions: the \d+ database, key and backup files are \S+'s only/,
    /witnesses: none configured/, /free disk: /, /ClamAV signatures: /, /mail notices: LGSEC_SMTP_URL=smtp:\/\/relay/, /mail sender: /, /links in mail: /])
    assert.ok(lines(en.stdout, "OK").some((l) => check.test(l)), `no OK line ${check}:\n${en.stdout}`);
  assert.match(en.stdout, /result: 12 OK, 0 warnings, 0 failures/);

  const ja = doctor(args, { ...MAIL, LANG: "ja_JP.UTF-8" });
  assert.equal(ja.status, 0);
  assert.match(ja.stdout, /\[OK\] +データベースの整合性: quick_check で問題は見つかりませんでした/);
  assert.match(ja.stdout, /結果: OK 12、注意 0、異常 0/);
});

test("a database readable by others is 異常, naming the file and the fix (exit 1)", () => {
  const { db, backups } = installation();
  chmodSync(db, 0o644);
  const r = doctor(["--db", db, "--backup-dir", backups], { ...MAIL, LANG: "ja_JP.UTF-8" });
  assert.equal(r.status, 1, r.stdout);
  const bad = lines(r.stdout, "異常");
  assert.ok(bad.some((l) => l.includes(`${db} を所有者以外も読めます (0644)`) && l.includes(`chmod 600 ${db}`)), r.stdout);
  assert.equal(statSync(db).mode & 0o777, 0o644, "doctor changes nothing");
});

test("a backup readable by others and a signing key readable by the group are each 異常", () => {
  const { db, backups } = installation();
  chmodSync(join(backups, "lgsec-1.db"), 0o644);
  chmodSync(`${db}.trail-key`, 0o640);
  const r = doctor(["--db", db, "--backup-dir", backups], MAIL);
  assert.equal(r.status, 1);
  const bad = lines(r.stdout, "FAIL").join("\n");
  assert.match(bad, /lgsec-1\.db is readable by others than its owner \(0644\)/);
  assert.match(bad, /lgsec\.db\.trail-key is readable by others than its owner \(0640\)/);
});

test("a missing database is a clear error with the command that creates it", () => {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-doctor-"));
  const db = join(dir, "nothing.db");
  const r = doctor(["--db", db], { LANG: "ja_JP.UTF-8" });
  assert.equal(r.status, 1);
  assert.match(lines(r.stdout, "異常").join("\n"), new RegExp(`${db} がありません。対処: lgsec init で作成してください`));
  assert.throws(() => statSync(db), "doctor does not create the database");
});

test("warnings only (old ClamAV signatures, old backups, no mail relay) exit 3 and say what to do", () => {
  const { dir, db, backups } = installation();
  const monthAgo = now() / 1000 - 30 * 86400;
  utimesSync(join(backups, "lgsec-1.db"), monthAgo, monthAgo);
  const r = doctor(["--db", db, "--backup-dir", backups, "--clamav-db", clamavDir(dir, 30), "--clamav-max-age", "7"]);
  assert.equal(r.status, 3, r.stdout);
  assert.deepEqual(lines(r.stdout, "FAIL"), []);
  const warn = lines(r.stdout, "WARN").join("\n");
  assert.match(warn, /ClamAV signatures: .* 30 days old \(limit 7\)\. Fix: /);
  assert.match(warn, /backups: the newest backup is from .* \(30 days ago\)/);
  assert.match(warn, /mail notices: LGSEC_SMTP_URL is not set/);
  // Fresh signatures are fine with the same limit.
  assert.equal(doctor(["--db", db, "--backup-dir", backups, "--clamav-db", clamavDir(dir, 2)], MAIL).stdout
    .split("\n").some((l) => /^\[OK\] +ClamAV signatures/.test(l)), true);
});

test("malformed mail settings are failures", () => {
  const { db, backups } = installation();
  const r = doctor(["--db", db, "--backup-dir", backups], {
    LGSEC_SMTP_URL: "relay.example.lg.jp:25", LGSEC_MAIL_FROM: "lgsec", LGSEC_PUBLIC_URL: "ftp://lgsec.example.lg.jp",
  });
  assert.equal(r.status, 1);
  const bad = lines(r.stdout, "FAIL").join("\n");
  assert.match(bad, /LGSEC_SMTP_URL=relay\.example\.lg\.jp:25 is not smtp:\/\/HOST/);
  assert.match(bad, /LGSEC_MAIL_FROM=lgsec is not a mail address/);
  assert.match(bad, /LGSEC_PUBLIC_URL=ftp:\/\/lgsec\.example\.lg\.jp is not http\(s\):\/\/HOST/);
});

test("--config reads the service's environment file", () => {
  const { dir, db, backups } = installation();
  const conf = join(dir, "lgsec.conf");
  writeFileSync(conf, `# as /etc/lgsec/lgsec.conf\nLGSEC_DB=${db}\nLGSEC_BACKUP_DIR="${backups}"\n` +
    Object.entries(MAIL).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const r = doctor(["--config", conf]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`database: ${db}`));
  writeFileSync(conf, "LGSEC_DB /nowhere\n");
  const bad = doctor(["--config", conf]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /line 1 is not NAME=VALUE/);
});

test("trail entries left unsigned are 異常 until a checkpoint covers them", () => {
  const { db, backups } = installation();
  const anHourLater = { ...MAIL, LGSEC_TEST_CLOCK_OFFSET: String(offsetMs() / 1000 + 3600) };
  // A CLI change with the key at hand is sealed with its own checkpoint: nothing waits.
  assert.equal(cli(["user", "reset-password", "--db", db, "shiken.t"]).status, 0);
  assert.equal(doctor(["--db", db, "--backup-dir", backups], anHourLater).status, 0);
  // Run by someone who cannot read the key, it appends to the trail without signing.
  const unsigned = cli(["user", "reset-password", "--db", db, "shiken.t"], { env: { LGSEC_TRAIL_KEY: db + ".no-such-key" } });
  assert.equal(unsigned.status, 0, unsigned.stderr);
  assert.match(unsigned.stderr, /no trail signing key/);
  const r = doctor(["--db", db, "--backup-dir", backups], anHourLater);
  assert.equal(r.status, 1, r.stdout);
  assert.match(lines(r.stdout, "FAIL").join("\n"),
    /trail checkpoints: 1 entries have waited since .* Fix: start the server or run lgsec trail checkpoint/);
  assert.equal(cli(["trail", "checkpoint", "--db", db]).status, 0);
  assert.equal(doctor(["--db", db, "--backup-dir", backups], anHourLater).status, 0);
});

test("a damaged database fails the integrity check", () => {
  const { db, backups } = installation();
  // Break the b-tree page of the people table (not the schema, so SQLite still opens the file).
  const root = spawnSync("sqlite3", [db, "SELECT rootpage FROM sqlite_master WHERE name = 'people'"], { encoding: "utf8" });
  assert.equal(root.status, 0, root.stderr);
  const bytes = readFileSync(db);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const page = (Number(root.stdout) - 1) * pageSize;
  bytes.fill(0x5a, page, page + 16);
  writeFileSync(db, bytes);
  const r = doctor(["--db", db, "--backup-dir", backups], MAIL);
  assert.equal(r.status, 1, r.stdout);
  assert.match(lines(r.stdout, "FAIL").join("\n"), /database (integrity|): .*(corrupt|malformed|integrity).*Fix: stop the server/);
});

test("doctor's usage: bad --clamav-max-age and unknown options are usage errors (exit 2)", () => {
  assert.equal(cli(["doctor", "--clamav-max-age", "soon"]).status, 2);
  assert.equal(cli(["doctor", "--colour"]).status, 2);
  assert.match(cli(["help", "doctor"]).stdout, /exit codes: 0 all OK \/ 1 any failure \/ 2 usage \/ 3 warnings only/);
});

test("an older schema is 注意 until migrated; lgsec backup copies it as it is (the upgrade's backup comes first)", () => {
  const { dir, db, backups } = installation();
  const sql = (file, q) => spawnSync("sqlite3", [file, q], { encoding: "utf8" }).stdout.trim();
  const latest = Number(sql(db, "SELECT max(version) FROM schema_migrations"));
  // As if the newest migration had not run yet (written by the previous lgsec).
  sql(db, `DELETE FROM schema_migrations WHERE version = ${latest}`);
  const r = doctor(["--db", db, "--backup-dir", backups], MAIL);
  assert.equal(r.status, 3, r.stdout);
  assert.match(lines(r.stdout, "WARN").join("\n"), new RegExp(`schema version: ${latest - 1}; this lgsec migrates to ${latest}`));
  const copy = join(dir, "before-upgrade.db");
  assert.equal(cli(["backup", "--db", db, copy]).status, 0);
  assert.equal(Number(sql(copy, "SELECT max(version) FROM schema_migrations")), latest - 1, "the backup is not migrated");
  assert.equal(Number(sql(db, "SELECT max(version) FROM schema_migrations")), latest - 1, "nor is the database");
});
