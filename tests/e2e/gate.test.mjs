// 無害化ゲートの判定・隔離・原本取り出し (issue 16 parts 5 and 6, docs/sanitize.md「隔離と原本取り出し」):
// a real `lgsec mailgate` quarantines a mail's two CSV attachments with their originals, `lgsec gate
// import` brings its verdict log into lgsec, the recipient asks for both originals, the
// 統括情報セキュリティ責任者 approves, the first is rescanned and downloaded (trailed), the second is
// detected by a signature added after it arrived and stays blocked with the reason. Signatures are
// a ClamAV .hdb database the test writes (MD5 of the test's own bytes; no EICAR, no system
// database needed). Bad input per class is refused with its code and field and changes nothing;
// the quarantine's retention purges files (0600) and marks the items; the signature age turns stale.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, cli, initDemo, startServer } from "./lib/server.mjs";
import { NEW_PASSWORD, signIn, signInFirstTime } from "./lib/client.mjs";
import { jstDate, now, offsetMs } from "./lib/clock.mjs";
import { smtpSend, startMailgate, startSink } from "./lib/smtp.mjs";

const dir = mkdtempSync(join(tmpdir(), "lgsec-gate-release-"));
const LOG = join(dir, "verdicts.log");
const Q = join(dir, "quarantine");
const SIG = join(dir, "signatures");
mkdirSync(SIG);
mkdirSync(Q, { mode: 0o700 });
const md5 = (b) => createHash("md5").update(b).digest("hex");
const sha = (b) => createHash("sha256").update(b).digest("hex");
const hdb = (bytes, name) => `${md5(bytes)}:${bytes.length}:${name}\n`;
// Files get their times from the tests' clock, which the server shares (LGSEC_TEST_CLOCK_OFFSET): the
// signature age and the retention are file ages on the server's clock.
const touch = (f, daysAgo = 0) => {
  const t = new Date(now() - daysAgo * 86400_000);
  utimesSync(f, t, t);
};
writeFileSync(join(SIG, "base.hdb"), hdb(Buffer.from("nothing the test sends\n"), "Lgsec.Test.Unrelated"));
touch(join(SIG, "base.hdb"));

const GOOD = Buffer.from("品名,数量\r\nコピー用紙,10\r\n");
const LATER = Buffer.from("品名,数量\r\n=cmd|' /C calc'!A0,1\r\n");
process.env.LGSEC_GATE_VERDICT_LOG = LOG;
process.env.LGSEC_GATE_QUARANTINE = Q;
process.env.LGSEC_CLAMAV_DB = SIG;

let setup, srv, ciso, chief, recipient, other, recipientEmail;
let goodReq, laterReq; // the two release requests (原本取り出し)
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const count = (t, where = "1") => Number(sql(`SELECT count(*) FROM ${t} WHERE ${where}`));
const trail = (action) => count("trail_entries", `action = '${action}'`);
const gateCli = (args, env = {}) => cli(["gate", ...args, "--db", srv.db], { env });

const mail = (to) =>
  [
    "From: supplier@example.jp",
    `To: ${to}`,
    "Subject: =?UTF-8?B?6KaL56mN5pu4?=",
    "Date: Mon, 23 Nov 2026 10:00:00 +0900",
    "Message-ID: <gate-release-1@example.jp>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=UTF-8",
    "",
    "見積書を送付します。",
    "--b1",
    'Content-Type: text/csv; name="mitsumori.csv"',
    'Content-Disposition: attachment; filename="mitsumori.csv"',
    "Content-Transfer-Encoding: base64",
    "",
    GOOD.toString("base64"),
    "--b1",
    'Content-Type: text/csv; name="later.csv"',
    'Content-Disposition: attachment; filename="later.csv"',
    "Content-Transfer-Encoding: base64",
    "",
    LATER.toString("base64"),
    "--b1--",
    "",
  ].join("\r\n");

const secrets = {}; // login → TOTP secret (null without one), to sign in again after a restart
async function personClient(where, login) {
  const staffNo = sql(`SELECT p.staff_no FROM people p WHERE ${where} ORDER BY p.id LIMIT 1`);
  const r = await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login));
  secrets[login] = r.secret;
  return r.client;
}

before(async () => {
  setup = initDemo(); // the database outlives a restart of the server (許可の期限)
  srv = await startServer({ db: setup.db });
  ciso = (await signInFirstTime(srv.url, setup.ciso.login_id, setup.ciso.password)).client;
  chief = await personClient(`p.id IN (SELECT person_id FROM role_assignments WHERE role = 'chief_security_officer'
                              AND valid_until IS NULL)`, "gate.toukatsu");
  const plain = `p.active_until IS NULL AND p.email LIKE '%@%' AND NOT EXISTS
                 (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id)`;
  recipientEmail = sql(`SELECT lower(p.email) FROM people p WHERE ${plain} ORDER BY p.id LIMIT 1`);
  recipient = await personClient(`${plain}`, "gate.uketori");
  other = await personClient(`${plain}`, "gate.tanin");

  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--verdict-log", LOG, "--attachments",
    "quarantine", "--quarantine", Q, "--clamav-db", SIG, "--smtp-timeout", "30"]);
  try {
    const r = await smtpSend(gate.port, { from: "supplier@example.jp", to: [recipientEmail], data: mail(recipientEmail) });
    assert.match(r.end, /^250/, r.end);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

after(async () => {
  await srv?.stop();
  if (setup) rmSync(setup.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe("判定の取り込みと隔離", () => {
  test("the gate keeps the originals (0600) and lgsec gate import reads each log line once", () => {
    for (const b of [GOOD, LATER]) assert.equal(statSync(join(Q, "originals", sha(b))).mode & 0o777, 0o600);
    assert.equal(statSync(join(Q, "originals")).mode & 0o777, 0o700);
    const r = gateCli(["import"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported: 1/);
    assert.match(gateCli(["import"]).stdout, /imported: 0/, "nothing twice");
    assert.equal(count("gate_verdicts"), 1);
    assert.equal(count("gate_items"), 2);
    assert.equal(trail("gate.import"), 1, "only a read that found lines is trailed");
  });

  test("lines that are not verdicts are skipped and counted; a line still being written waits; usage errors", () => {
    appendFileSync(LOG, '{"kind":"mail","verdict":"not an object"}\nnot json at all\n{"time":"2026-');
    const r = gateCli(["import"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported: 0 \(lines that are not verdicts: 2\)/);
    assert.equal(count("gate_verdicts"), 1, "nothing stored from them");
    assert.equal(Number(sql("SELECT read_to FROM gate_log_positions")), statSync(LOG).size - '{"time":"2026-'.length,
      "the unfinished line is read next time");
    appendFileSync(LOG, '12-01T00:00:00Z"}\n');
    assert.match(gateCli(["import"]).stdout, /imported: 0 \(lines that are not verdicts: 1\)/);
    assert.equal(gateCli(["frobnicate"]).status, 2);
    const missing = cli(["gate", "import", "--db", srv.db], { env: { LGSEC_GATE_VERDICT_LOG: join(dir, "nope.log") } });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /gate_log_missing/);
  });

  test("the recipient sees their attachments, someone else none, gate.read everything", async () => {
    const mine = await recipient.get("/api/v1/gate/items");
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.json.items.map((i) => i.original_sha256).sort(), [sha(GOOD), sha(LATER)].sort());
    assert.deepEqual(mine.json.items.map((i) => i.name).sort(), ["later.csv", "mitsumori.csv"]);
    assert.equal((await other.get("/api/v1/gate/items")).json.items.length, 0);
    const all = await chief.get("/api/v1/gate/items");
    assert.equal(all.json.all, true);
    assert.equal(all.json.items.length, 2);
  });

  test("verdicts per day and reason, one day's list, the signature age; bad input refused", async () => {
    const o = await ciso.get("/api/v1/gate/overview?days=7");
    assert.equal(o.status, 200, o.text);
    assert.equal(o.json.days[0].day, jstDate(0));
    assert.equal(o.json.days[0].total, 1);
    assert.equal(o.json.reasons.none, 1);
    assert.equal(o.json.signature.configured, true);
    assert.equal(o.json.signature.stale, false);
    assert.equal(o.json.settings.retention_days, 30);
    const v = await ciso.get(`/api/v1/gate/verdicts?day=${jstDate(0)}&reason=none`);
    assert.equal(v.json.items.length, 1);
    assert.deepEqual(v.json.items[0].recipients, [recipientEmail]);
    for (const [path, code, field] of [
      ["/api/v1/gate/overview?days=0", "invalid_days", "days"],
      ["/api/v1/gate/overview?days=367", "invalid_days", "days"],
      ["/api/v1/gate/verdicts?day=2026-02-30", "invalid_date", "day"],
      ["/api/v1/gate/verdicts", "invalid_date", "day"],
      [`/api/v1/gate/verdicts?day=${jstDate(0)}&reason=DROP%20TABLE`, "invalid_reason", "reason"],
    ]) {
      const r = await ciso.get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.json.code, code, path);
      assert.equal(r.json.field, field, path);
    }
    assert.equal((await recipient.get("/api/v1/gate/overview")).status, 403, "gate.read only");
  });
});

describe("原本取り出し", () => {

  test("filing: bad input per class is refused and files nothing", async () => {
    const before = count("requests");
    for (const [who, body, status, code, field] of [
      [recipient, { quarantine_id: "xyz", reason: "r" }, 400, "invalid_quarantine_id", "quarantine_id"],
      [recipient, { quarantine_id: sha(GOOD).toUpperCase(), reason: "r" }, 400, "invalid_quarantine_id", "quarantine_id"],
      [recipient, { quarantine_id: sha(GOOD) }, 400, "required", "reason"],
      [recipient, { quarantine_id: sha(GOOD), reason: "" }, 400, "required", "reason"],
      [recipient, { quarantine_id: sha(GOOD), reason: "r", extra: 1 }, 400, "unknown_field", "extra"],
      [recipient, { quarantine_id: "a".repeat(65), reason: "r" }, 400, "too_long", "quarantine_id"],
      [recipient, { quarantine_id: sha(Buffer.from("never sent")), reason: "r" }, 404, "gate_item_not_found", "quarantine_id"],
      [other, { quarantine_id: sha(GOOD), reason: "r" }, 404, "gate_item_not_found", "quarantine_id"],
    ]) {
      const r = await who.post("/api/v1/gate/releases", body);
      assert.equal(r.status, status, JSON.stringify(body) + r.text);
      assert.equal(r.json.code, code, JSON.stringify(body));
      assert.equal(r.json.field, field, JSON.stringify(body));
    }
    assert.equal(count("requests"), before);
  });

  test("the recipient asks, cannot approve it, cannot download before the 統括 approves", async () => {
    const a = await recipient.post("/api/v1/gate/releases", { quarantine_id: sha(GOOD), reason: "取引先の様式のまま提出する必要があるため" });
    assert.equal(a.status, 201, a.text);
    goodReq = a.json.request_id;
    const b = await recipient.post("/api/v1/gate/releases", { quarantine_id: sha(LATER), reason: "計算式の確認のため" });
    laterReq = b.json.request_id;
    const got = await recipient.get(`/api/v1/requests/${goodReq}`);
    assert.equal(got.json.type, "original_release");
    assert.equal(got.json.state, "submitted");
    assert.equal(got.json.article, "第105条(1)");
    const self = await recipient.post(`/api/v1/requests/${goodReq}/decide`, { decision: "approve" });
    assert.ok(self.status === 403, self.text);
    const early = await recipient.get(`/api/v1/gate/releases/${goodReq}/original`);
    assert.equal(early.status, 409);
    assert.equal(early.json.code, "release_not_approved");
    for (const id of [goodReq, laterReq]) {
      const d = await chief.post(`/api/v1/requests/${id}/decide`, { decision: "approve" });
      assert.equal(d.status, 200, d.text);
    }
  });

  test("only the requester downloads; the original is rescanned and the download is in the trail", async () => {
    const stranger = await other.get(`/api/v1/gate/releases/${goodReq}/original`);
    assert.equal(stranger.status, 403);
    assert.equal(stranger.json.code, "release_not_requester");
    assert.equal((await recipient.get(`/api/v1/gate/releases/99999999/original`)).json.code, "request_not_found");
    const r = await recipient.get(`/api/v1/gate/releases/${goodReq}/original`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, GOOD.toString(), "the original, not a disarmed copy");
    assert.match(r.headers.get("content-disposition") ?? "", /mitsumori\.csv/);
    assert.equal(trail("gate.release_download"), 1);
    const entry = JSON.parse(sql(`SELECT json_extract(entry, '$.after') FROM trail_entries WHERE action = 'gate.release_download'`));
    assert.equal(entry.original_sha256, sha(GOOD));
    assert.equal(entry.request_id, goodReq);
    assert.equal(sql(`SELECT result || '/' || downloads FROM gate_releases WHERE request_id = ${goodReq}`), "released/1");
  });

  test("a file the current signatures detect stays blocked, with the reason", async () => {
    writeFileSync(join(SIG, "update.hdb"), hdb(LATER, "Lgsec.Test.Detected"));
    touch(join(SIG, "update.hdb"));
    const r = await recipient.get(`/api/v1/gate/releases/${laterReq}/original`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.code, "release_malware");
    assert.match(r.text, /Lgsec\.Test\.Detected/);
    assert.ok(!r.text.includes("calc"), "no byte of the original");
    assert.equal(trail("gate.release_refused"), 1);
    const again = await recipient.get(`/api/v1/gate/releases/${laterReq}/original`);
    assert.equal(again.json.code, "release_malware", "refused for good");
    const items = (await recipient.get("/api/v1/gate/items")).json.items;
    const later = items.find((i) => i.original_sha256 === sha(LATER));
    assert.equal(later.release_result, "refused");
    assert.equal(later.release_block_code, "malware");
    assert.equal(items.find((i) => i.original_sha256 === sha(GOOD)).release_result, "released");
  });
});

describe("証跡との照合", () => {
  // On a copy of the database (the suite goes on with the original): the release rows as each
  // attempt recorded them (docs/trail.md "State reconciliation").
  test("the releases match their trail; edited, added or removed behind lgsec's back they are named", () => {
    assert.equal(cli(["trail", "verify", "--db", srv.db]).status, 0);
    const copy = join(dir, "copy.db");
    sql(`VACUUM INTO '${copy}'`);
    const csql = (q) => {
      const r = spawnSync("sqlite3", [copy, q], { encoding: "utf8" });
      assert.equal(r.stderr, "", q);
      return r.stdout.trim();
    };
    const good = csql(`SELECT id FROM gate_releases WHERE request_id = ${goodReq}`);
    const later = csql(`SELECT id FROM gate_releases WHERE request_id = ${laterReq}`);
    const entry = JSON.parse(csql(`SELECT json_extract(entry, '$.after.release') FROM trail_entries
                                   WHERE action = 'gate.release_refused'`));
    assert.deepEqual([entry.row_id, entry.result, entry.block_code, entry.downloads], [Number(later), "refused", "malware", 0]);
    csql(`UPDATE gate_releases SET downloads = 0 WHERE id = ${good}`);
    csql(`UPDATE gate_releases SET result = 'released', reason = '' WHERE id = ${later}`);
    csql(`INSERT INTO gate_releases (request_id, original_sha256, rescanned_at, result) SELECT max(id) + 1000,
          '${"0".repeat(64)}', '2026-01-01T00:00:00Z', 'released' FROM requests`);
    const added = csql("SELECT max(id) FROM gate_releases");
    let r = cli(["trail", "verify", "--db", copy]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    for (const line of [`gate_releases id ${good} column downloads`, `gate_releases id ${later} column result`,
      `gate_releases id ${later} column reason`, `gate_releases id ${added}: a row no trail entry records`])
      assert.ok(r.stdout.includes(line), `${line}\n${r.stdout}`);
    csql(`DELETE FROM gate_releases WHERE id IN (${good}, ${added})`);
    r = cli(["trail", "verify", "--db", copy]);
    assert.match(r.stdout, new RegExp(`gate_releases id ${good}: `));
    assert.ok(!r.stdout.includes(`gate_releases id ${good} column`), r.stdout);
  });
});

describe("保存期間とウイルス定義の鮮度", () => {
  test("lgsec gate status: fresh now, stale when older than the pack's limit — then a task on the home page", async () => {
    assert.equal(gateCli(["status"]).status, 0);
    const fresh = await chief.get("/api/v1/home");
    assert.ok(!fresh.json.tasks.some((t) => t.kind === "gate_signatures_stale"));
    for (const f of readdirSync(SIG)) touch(join(SIG, f), 10);
    const r = gateCli(["status"]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /STALE/);
    const home = await chief.get("/api/v1/home");
    const task = home.json.tasks.find((t) => t.kind === "gate_signatures_stale");
    assert.ok(task, JSON.stringify(home.json.tasks));
    assert.equal(task.article, "第105条(5)");
    assert.equal(task.link, "/gate");
    assert.match(task.detail, /10 日前/);
    const plain = await recipient.get("/api/v1/home");
    assert.ok(!plain.json.tasks.some((t) => t.kind === "gate_signatures_stale"), "only for those who watch the gate");
    const o = await ciso.get("/api/v1/gate/overview");
    assert.equal(o.json.signature.stale, true);
  });

  test("the retention purges files and items (trailed); a purged original cannot be downloaded", async () => {
    for (const f of readdirSync(join(Q, "originals"))) touch(join(Q, "originals", f), 40);
    for (const f of readdirSync(Q).filter((n) => n.length === 64)) touch(join(Q, f), 40);
    const r = gateCli(["purge"], { LGSEC_TEST_CLOCK_OFFSET: String(Math.round(offsetMs() / 1000) + 31 * 86400) });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(join(Q, "originals")), []);
    assert.equal(count("gate_items", "purged_at IS NOT NULL"), 2);
    assert.equal(trail("gate.purge"), 1);
    const d = await recipient.get(`/api/v1/gate/releases/${releaseId()}/original`);
    assert.equal(d.status, 409);
    assert.equal(d.json.code, "release_purged");
  });
});

// Last, as it restarts the server on a later clock: an approval is good for gate.release_hours (72).
describe("許可の期限", () => {
  test("73 hours after the approval the requester cannot download: release_expired, nothing recorded", async () => {
    const before = count("trail_entries", "action LIKE 'gate.release%'");
    const rows = sql("SELECT group_concat(result || '/' || downloads) FROM gate_releases");
    await srv.stop();
    const offset = process.env.LGSEC_TEST_CLOCK_OFFSET;
    process.env.LGSEC_TEST_CLOCK_OFFSET = String(Math.round(offsetMs() / 1000) + 73 * 3600);
    try {
      srv = await startServer({ db: srv.db });
      const again = await signIn(srv.url, "gate.uketori", NEW_PASSWORD, secrets["gate.uketori"]);
      for (const id of [goodReq, laterReq]) {
        const r = await again.get(`/api/v1/gate/releases/${id}/original`);
        assert.equal(r.status, 409, r.text);
        assert.equal(r.json.code, "release_expired");
        assert.match(r.json.message ?? r.text, /72/);
      }
      assert.equal(count("trail_entries", "action LIKE 'gate.release%'"), before);
      assert.equal(sql("SELECT group_concat(result || '/' || downloads) FROM gate_releases"), rows);
    } finally {
      if (offset === undefined) delete process.env.LGSEC_TEST_CLOCK_OFFSET;
      else process.env.LGSEC_TEST_CLOCK_OFFSET = offset;
    }
  });
});

function releaseId() {
  return Number(sql(`SELECT request_id FROM gate_releases WHERE result = 'released'`));
}
