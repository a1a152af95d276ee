// Witnesses and anchors against someone who holds the database file and the signing key beside it
// (docs/trail.md, "What verification detects"): a second lgsec process runs as the witness
// (`lgsec witness serve`), the log sends it checkpoints (`lgsec trail witness`), then each
// tampering case is made with sqlite3 and `lgsec trail verify` must find it with the witness's
// help (exit 3, with the code naming the mechanism), where plain verification could not.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createHash, generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli, initDemo } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { offsetMs } from "./lib/clock.mjs";

const BIN = process.env.LGSEC_BIN;
const sql = (db, statement) => {
  const r = spawnSync("sqlite3", [db, statement], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const unguard = (db) =>
  sql(db, ["trail_entries", "trail_checkpoints", "trail_nodes", "trail_cosignatures"]
    .map((t) => `DROP TRIGGER ${t}_no_update; DROP TRIGGER ${t}_no_delete;`).join(" "));
const verify = (db, ...more) => cli(["trail", "verify", "--db", db, ...more]);
const code = (r) => (/\[([a-z_]+)\]/.exec(r.stdout) || [])[1];

let log, dir, witness, wkey, spec, anchor;

before(async () => {
  log = initDemo();
  dir = mkdtempSync(join(tmpdir(), "lgsec-witness-"));
  wkey = cli(["witness", "init", "--key", join(dir, "w.key"), "--name", "witness.test/kansa"]).stdout.trim();
  const logKey = cli(["trail", "export-key", "--db", log.db]).stdout.trim();
  witness = spawn(BIN, ["witness", "serve", "--db", join(dir, "w.db"), "--key", join(dir, "w.key"), "--log", logKey,
    "--listen", "127.0.0.1:0"], { env: { ...process.env, LANG: "en_US.UTF-8" }, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    witness.stdout.on("data", (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    witness.on("exit", (c) => reject(new Error(`witness exited ${c}`)));
  });
  spec = `http://127.0.0.1:${port}=${wkey}`;
  // Two cosigned sizes: after init, and after one more sealed change.
  assert.equal(cli(["trail", "witness", "--db", log.db, "--witness", spec]).status, 0);
  const add = cli(["user", "add", "--db", log.db, "--person", "D00010", "--login", "witness.test"]);
  assert.equal(add.status, 0, add.stderr);
  const second = cli(["trail", "witness", "--db", log.db, "--witness", spec]);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /cosigned tree size \d+/);
  const a = cli(["trail", "anchor", "--db", log.db]);
  assert.equal(a.status, 0, a.stderr);
  anchor = join(dir, "anchor.txt");
  writeFileSync(anchor, a.stdout);
});

after(() => {
  witness?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

// A copy of the witnessed log to tamper with.
const copy = (name) => {
  const db = join(dir, `${name}.db`);
  copyFileSync(log.db, db);
  copyFileSync(log.db + ".trail-key", db + ".trail-key");
  unguard(db);
  return db;
};
const size = (db) => Number(sql(db, "SELECT max(seq) + 1 FROM trail_entries"));

test("an untouched log agrees with the witness, its stored cosignature and the anchor", () => {
  const r = verify(log.db, "--witness-key", wkey, "--witness", spec, "--anchor", anchor);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /witness witness\.test\/kansa: agrees with this trail up to tree size \d+/);
  assert.match(r.stdout, /consistent with 2 kept checkpoints/);
});

test("the anchor is the cosigned checkpoint as text, with a QR code", () => {
  const text = cli(["trail", "anchor", "--db", log.db]).stdout;
  assert.match(text, /^lgsec\.local\/[0-9a-f]{16}\n\d+\n[A-Za-z0-9+/=]{44}\n\n— lgsec\.local\/\S+ \S+\n— witness\.test\/kansa \S+\n/);
  assert.match(text, /[█▀▄]{20,}/);
});

test("rollback: the newest entries, their checkpoints and cosignatures deleted", () => {
  const db = copy("rollback");
  const n = size(db);
  sql(db, `DELETE FROM trail_entries WHERE seq >= ${n - 1}; DELETE FROM trail_checkpoints WHERE tree_size >= ${n};
           DELETE FROM trail_cosignatures WHERE tree_size >= ${n}; DELETE FROM accounts WHERE login_id = 'witness.test'`);
  assert.equal(verify(db).status, 0, "nothing left in the file shows it");
  const online = verify(db, "--witness", spec);
  assert.equal(online.status, 3);
  assert.equal(code(online), "witness_ahead");
  const anchored = verify(db, "--anchor", anchor);
  assert.equal(anchored.status, 3);
  assert.equal(code(anchored), "trail_rolled_back");
});

test("truncation: the newest entries deleted, checkpoints left", () => {
  const db = copy("truncate");
  sql(db, `DELETE FROM trail_entries WHERE seq >= ${size(db) - 1}`);
  const r = verify(db, "--witness", spec);
  assert.equal(r.status, 3);
  assert.equal(code(r), "trail_truncated");
});

test("checkpoint deletion: every checkpoint deleted and an entry rewritten with its hash", () => {
  const db = copy("nocheckpoints");
  rewriteEntry(db);
  sql(db, "DELETE FROM trail_checkpoints; DELETE FROM trail_nodes");
  const plain = verify(db);
  assert.equal(plain.status, 0, "without checkpoints the rewritten entry looks fine");
  assert.match(plain.stdout, /note: the last \d+ entries are in no checkpoint/, "but nothing vouches for them");
  const offline = verify(db, "--witness-key", wkey);
  assert.equal(offline.status, 3);
  assert.equal(code(offline), "trail_anchor_mismatch");
  const online = verify(db, "--witness", spec);
  assert.equal(online.status, 3);
  assert.equal(code(online), "witness_no_checkpoint");
  sql(db, "DELETE FROM trail_cosignatures");
  const gone = verify(db, "--witness-key", wkey);
  assert.equal(gone.status, 3);
  assert.equal(code(gone), "witness_no_cosignature");
});

test("re-signing with the stolen key: an entry rewritten, checkpoints and cosignatures made again", () => {
  const db = copy("resigned");
  rewriteEntry(db);
  sql(db, "DELETE FROM trail_checkpoints; DELETE FROM trail_nodes; DELETE FROM trail_cosignatures");
  const resign = cli(["trail", "checkpoint", "--db", db]);
  assert.equal(resign.status, 0, resign.stderr);
  assert.equal(verify(db).status, 0, "the key on the same disk signs the rewritten history");
  const online = verify(db, "--witness", spec);
  assert.equal(online.status, 3);
  assert.equal(code(online), "witness_inconsistent");
  const anchored = verify(db, "--anchor", anchor);
  assert.equal(anchored.status, 3);
  assert.equal(code(anchored), "trail_anchor_mismatch");
});

test("key swap: a new key recorded and every checkpoint signed with it", () => {
  const db = copy("keyswap");
  const origin = sql(db, "SELECT value FROM meta WHERE key = 'trail_origin'");
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d, "base64url");
  const pk = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const kh = createHash("sha256").update(Buffer.concat([Buffer.from(origin + "\n"), Buffer.from([1]), pk])).digest().subarray(0, 4);
  const keyFile = join(dir, "swapped.key");
  writeFileSync(keyFile, `PRIVATE+KEY+${origin}+${kh.toString("hex")}+${Buffer.concat([Buffer.from([1]), seed]).toString("base64")}\n`,
    { mode: 0o600 });
  sql(db, `UPDATE meta SET value = '${pk.toString("base64")}' WHERE key = 'trail_public_key';
           DELETE FROM trail_checkpoints; DELETE FROM trail_nodes; DELETE FROM trail_cosignatures`);
  const resign = cli(["trail", "checkpoint", "--db", db, "--key", keyFile]);
  assert.equal(resign.status, 0, resign.stderr);
  assert.equal(verify(db).status, 0, "the database's own key signs everything");
  const online = verify(db, "--witness", spec);
  assert.equal(online.status, 3);
  assert.equal(code(online), "witness_key_refused");
  const anchored = verify(db, "--anchor", anchor);
  assert.equal(anchored.status, 3);
  assert.equal(code(anchored), "trail_anchor_key");
});

test("a witness refuses a checkpoint that does not extend what it cosigned, and keeps its state", () => {
  const db = copy("fork");
  rewriteEntry(db);
  sql(db, "DELETE FROM trail_checkpoints; DELETE FROM trail_nodes; DELETE FROM trail_cosignatures");
  assert.equal(cli(["trail", "checkpoint", "--db", db]).status, 0);
  const r = cli(["trail", "witness", "--db", db, "--witness", spec]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /witness_inconsistent/);
  // The honest log is still accepted afterwards.
  assert.equal(verify(log.db, "--witness", spec).status, 0);
});

// Rewrites the first pack.activate entry (not a register object, so reconciliation has nothing to
// say) and its leaf hash, as someone with the file would.
function rewriteEntry(db) {
  const seq = sql(db, "SELECT min(seq) FROM trail_entries WHERE action = 'pack.activate'");
  const entry = sql(db, `SELECT entry FROM trail_entries WHERE seq = ${seq}`);
  const changed = entry.replace('"after":{', '"after":{"forged":1,');
  assert.notEqual(changed, entry);
  const hash = createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(changed)])).digest("hex");
  sql(db, `UPDATE trail_entries SET entry = '${changed.replaceAll("'", "''")}', leaf_hash = X'${hash}' WHERE seq = ${seq}`);
}

// Last: it moves the witness on to a newer checkpoint of this log.
test("lgsec serve --witness sends each new checkpoint to the witness and keeps the cosignature", async () => {
  const db = join(dir, "served.db");
  copyFileSync(log.db, db);
  copyFileSync(log.db + ".trail-key", db + ".trail-key");
  const before = Number(sql(db, "SELECT max(tree_size) FROM trail_cosignatures"));
  assert.equal(cli(["user", "add", "--db", db, "--person", "D00011", "--login", "served.test"]).status, 0);
  const newest = Number(sql(db, "SELECT max(tree_size) FROM trail_checkpoints"));
  assert.ok(newest > before);
  const server = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "1", "--witness", spec], {
    env: { ...process.env, LANG: "en_US.UTF-8" }, stdio: ["ignore", "pipe", "pipe"] });
  try {
    let cosigned = 0;
    for (let i = 0; i < 50 && cosigned < newest; i++) {
      await new Promise((r) => setTimeout(r, 200));
      cosigned = Number(sql(db, "SELECT coalesce(max(tree_size), 0) FROM trail_cosignatures"));
    }
    assert.equal(cosigned, newest, "the newest checkpoint was cosigned");
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  const r = verify(db, "--witness-key", wkey, "--witness", spec);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

// The witness state on the 証跡 page (GET /api/v1/trail/status) and in `lgsec doctor`: one witness
// cosigning, one that cannot be reached (failing), then the first one left behind (stale). It goes
// on from the served log of the test above, which the witness last cosigned.
test("the witnesses' state: last cosigned checkpoint and its age, failures, and doctor's warnings", async () => {
  const db = join(dir, "state.db");
  copyFileSync(join(dir, "served.db"), db);
  copyFileSync(log.db + ".trail-key", db + ".trail-key");
  const downKey = cli(["witness", "init", "--key", join(dir, "down.key"), "--name", "witness.test/down"]).stdout.trim();
  const down = `http://127.0.0.1:9=${downKey}`; // nothing listens on the discard port
  const server = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "1", "--witness", `${spec} ${down}`], {
    env: { ...process.env, LANG: "en_US.UTF-8", LGSEC_TEST_FAST_PASSWORD_HASH: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let newest;
  try {
    const port = await new Promise((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (d) => {
        out += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on("exit", (c) => reject(new Error(`serve exited ${c}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const { client } = await signInFirstTime(base, log.ciso.login_id, log.ciso.password);
    let st;
    for (let i = 0; i < 50; i++) {
      st = (await client.get("/api/v1/trail/status")).json;
      newest = st.last_checkpoint.size;
      const ok = st.witnesses.find((w) => w.name === "witness.test/kansa");
      const bad = st.witnesses.find((w) => w.name === "witness.test/down");
      if (ok?.state === "ok" && ok.cosigned?.size === newest && bad?.state === "failing") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(st.witnesses.map((w) => w.name), ["witness.test/down", "witness.test/kansa"]);
    const [bad, ok] = st.witnesses;
    assert.equal(ok.state, "ok");
    assert.equal(ok.cosigned.size, newest);
    assert.ok(ok.cosigned.age_s >= 0 && ok.cosigned.age_s < 600, JSON.stringify(ok));
    assert.equal(ok.error, null);
    assert.equal(ok.url, spec.split("=")[0]);
    assert.equal(bad.state, "failing");
    assert.equal(bad.cosigned, null);
    assert.equal(bad.error.code, "witness_unreachable");
    assert.match(bad.error.ja, /接続できません/);
    assert.ok(bad.error.since);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  const doctor = (env = {}) => cli(["doctor", "--db", db], { env: { LGSEC_CLAMAV_DB: "", ...env } });
  const en = doctor({ LANG: "en_US.UTF-8" }).stdout;
  assert.match(en, new RegExp(`\\[OK\\] +witnesses witness\\.test/kansa: cosigned tree size ${newest} at `));
  assert.match(en, /\[WARN\] +witnesses witness\.test\/down: failing since .*witness_unreachable/);
  const ja = doctor({ LANG: "ja_JP.UTF-8" }).stdout;
  assert.match(ja, /\[注意\] +立会人 witness\.test\/down: .* から失敗しています: 立会人 witness\.test\/down .*に接続できません/);
  // A newer checkpoint nobody sent on: after ten minutes the witness is behind (stale).
  assert.equal(cli(["user", "add", "--db", db, "--person", "D00012", "--login", "stale.test"]).status, 0);
  assert.match(doctor({ LANG: "en_US.UTF-8" }).stdout, /\[OK\] +witnesses witness\.test\/kansa: cosigned tree size/);
  const later = doctor({ LANG: "en_US.UTF-8", LGSEC_TEST_CLOCK_OFFSET: String(offsetMs() / 1000 + 3600) }).stdout;
  assert.match(later, /\[WARN\] +witnesses witness\.test\/kansa: has not cosigned the newest checkpoint \(\d+ entries behind/);
});

test("doctor says when no witness is configured", () => {
  const r = cli(["doctor", "--db", log.db], { env: { LANG: "en_US.UTF-8", LGSEC_CLAMAV_DB: "" } });
  assert.match(r.stdout, /\[OK\] +witnesses: none configured \(lgsec serve --witness\)/);
});
