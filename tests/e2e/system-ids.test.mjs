// IDs in every registered information system (第83条・第84条): a system's account list imported
// (CP932 CSV with a title row, the pack's product formats), the dry run's errors by row and column,
// all or nothing, the findings against the people (leavers, movers, unused, privileged without a
// role, unmatched, shared), lgsec's own accounts, who may see which system, and bad input.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, ciso, manager, otherManager, auditLead, staff;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const cp932 = (text) => spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: text }).stdout;
const slash = (d) => d.replaceAll("-", "/");
const signInAs = async (staffNo, login) => (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;

// 住民基本台帳システム (SYS-M01, 市民課; 情報システム管理者 D00077 村上 亮) and another system's manager.
let m01, other;
before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  m01 = Number(sql("SELECT id FROM systems WHERE code = 'SYS-M01'"));
  const holder = (sys) => sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'system_manager' AND r.scope_kind = 'system' AND r.scope_id = ${sys}`);
  other = Number(sql(`SELECT id FROM systems WHERE active = 1 AND id <> ${m01} AND id IN
    (SELECT scope_id FROM role_assignments WHERE role = 'system_manager' AND scope_kind = 'system') ORDER BY id LIMIT 1`));
  manager = await signInAs(holder(m01), "m01.manager");
  otherManager = await signInAs(holder(other), "other.manager");
  auditLead = await signInAs(sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'audit_lead'"), "audit.lead");
  staff = await signInAs("D00080", "shimin.staff");
  // 小林 奈々 (D00081) has an lgsec account and left five days ago
  addAccount(srv.db, "D00081", "kobayashi.n");
  const kobayashi = Number(sql("SELECT id FROM people WHERE staff_no = 'D00081'"));
  const r = await ciso.patch(`/api/v1/people/${kobayashi}`, { active_until: jstDate(-5) });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await srv?.stop();
});

const upload = (c, system, bytes, query = "", type = "text/csv") =>
  c.req("POST", `/api/v1/systems/${system}/ids/import?filename=users.csv${query}`, undefined, { raw: bytes, headers: { "content-type": type } });

const juki = () =>
  "住民基本台帳システム 利用者一覧\r\n" +
  "利用者ID,職員番号,氏名,所属,権限,最終ログイン,状態\r\n" +
  `murakami,D00077,村上 亮,市民課,システム管理者,${slash(jstDate(-1))},有効\r\n` +
  `ishii,Ｄ00078,石井 健一,市民課,一般,${slash(jstDate(-3))},有効\r\n` +
  `mori,D00079,森 さくら,市民課,システム管理者,${slash(jstDate(-2))},有効\r\n` +
  `kobayashi,D00081,小林 奈々,市民課,一般,${slash(jstDate(-10))},有効\r\n` +
  `hashimoto,D00080,橋本 舞,税務課,一般,${slash(jstDate(-4))},有効\r\n` +
  `aoki,,青木　美香,,一般,${slash(jstDate(-200))},有効\r\n` +
  `vendor01,,保守 太郎,,一般,${slash(jstDate(-1))},有効\r\n` +
  `kyoyo01,,市民課共用,市民課,一般,${slash(jstDate(-1))},有効\r\n` +
  `old-ishii,D00078,石井 健一,市民課,システム管理者,${slash(jstDate(-400))},利用停止\r\n`;

test("a CP932 list with a title row: mapped from the generic format, dry run writes nothing, the import is one snapshot with its trail entry", async () => {
  const dry = await upload(manager, m01, cp932(juki()), "&dry_run=1");
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.dry_run, true);
  assert.equal(dry.json.format, "generic");
  assert.equal(dry.json.rows, 9);
  assert.equal(dry.json.error_count, 0);
  assert.equal(dry.json.mapping.header_row, 2, "the title row is skipped");
  const mapped = Object.fromEntries(dry.json.mapping.columns.map((c) => [c.header, c.field]));
  assert.deepEqual(mapped, { 利用者ID: "login_id", 職員番号: "staff_no", 氏名: "holder_name", 所属: "unit_name", 権限: "privileges", 最終ログイン: "last_login", 状態: "state" });
  assert.equal(sql("SELECT count(*) FROM sysaccount_snapshots"), "0");

  const done = await upload(manager, m01, cp932(juki()));
  assert.equal(done.status, 201, done.text);
  assert.ok(done.json.snapshot_id > 0);
  assert.equal(sql(`SELECT count(*) FROM sysaccount_ids WHERE snapshot_id = ${done.json.snapshot_id}`), "9");
  assert.equal(sql("SELECT privileged || enabled FROM sysaccount_ids WHERE login_id = 'old-ishii'"), "10", "利用停止 is disabled, システム管理者 privileged");
  assert.equal(sql("SELECT last_login FROM sysaccount_ids WHERE login_id = 'aoki'"), jstDate(-200));
  const trail = sql(`SELECT action || ':' || object_type FROM trail_entries WHERE object_id = ${done.json.snapshot_id} AND action = 'system_ids.import'`);
  assert.equal(trail, "system_ids.import:system_id_snapshot");
});

test("the findings of one system: leaver, mover, unused, privileged without a role, unmatched, shared — each ID once", async () => {
  const r = await manager.get(`/api/v1/systems/${m01}/ids`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.system.code, "SYS-M01");
  assert.equal(r.json.unused_days, 90, "checks.yaml unused_account_days");
  const by = Object.fromEntries(r.json.items.map((x) => [x.login_id, x]));
  assert.deepEqual(by.murakami.findings, [], "the 情報システム管理者 may hold a privileged ID");
  assert.equal(by.murakami.person.name, "村上 亮");
  assert.deepEqual(by.ishii.findings, [], "a full-width Ｄ in the staff number still matches");
  assert.deepEqual(by.mori.findings, ["privileged_no_role"]);
  assert.deepEqual(by.kobayashi.findings, ["left"]);
  assert.deepEqual(by.hashimoto.findings, ["moved"]);
  assert.deepEqual(by.aoki.findings, ["unused"]);
  assert.equal(by.aoki.person.name, "青木 美香", "matched by name when the list has no staff number");
  assert.deepEqual(by.vendor01.findings, ["unmatched"]);
  assert.deepEqual(by.kyoyo01.findings, ["shared"]);
  assert.deepEqual(by["old-ishii"].findings, [], "a disabled ID is no risk");
  assert.deepEqual(r.json.counts, { left: 1, moved: 1, unused: 1, privileged_no_role: 1, unmatched: 1, shared: 1 });
  assert.equal(r.json.snapshot.id_count, 9);
});

test("a finding follows the people, not the import: giving 森 the system role clears her privileged ID", async () => {
  const mori = Number(sql("SELECT id FROM people WHERE staff_no = 'D00079'"));
  const a = await ciso.post("/api/v1/role-assignments", { person_id: String(mori), role: "system_operator", scope_kind: "system", scope_id: String(m01), valid_from: jstDate(0) });
  assert.equal(a.status, 201, a.text);
  const r = await manager.get(`/api/v1/systems/${m01}/ids`);
  assert.deepEqual(r.json.items.find((x) => x.login_id === "mori").findings, []);
  await ciso.post(`/api/v1/role-assignments/${a.json.id}/end`, { valid_until: jstDate(0) });
});

test("a product's own export: Active Directory's Get-ADUser CSV (UTF-8), Domain Admins is privileged, Enabled False disabled", async () => {
  const ad =
    '"SamAccountName","EmployeeID","DisplayName","Department","MemberOf","LastLogonDate","Enabled"\r\n' +
    `"tanaka.d","D00091","田中 大輔","","CN=Domain Admins,CN=Users,DC=demo,DC=local","${slash(jstDate(-1))} 8:59:12","True"\r\n` +
    `"ishii.k","D00078","石井 健一","","CN=Domain Admins,CN=Users,DC=demo,DC=local","${slash(jstDate(-1))} 9:00:00","True"\r\n` +
    `"svc-backup","","","","CN=Backup Operators,CN=Builtin","${slash(jstDate(-1))} 2:00:00","False"\r\n`;
  const r = await upload(otherManager, other, Buffer.from(ad), "&format=active_directory");
  assert.equal(r.status, 201, r.text);
  const ids = await otherManager.get(`/api/v1/systems/${other}/ids`);
  const by = Object.fromEntries(ids.json.items.map((x) => [x.login_id, x]));
  assert.equal(by["tanaka.d"].privileged, true);
  assert.deepEqual(by["ishii.k"].findings, ["privileged_no_role"]);
  assert.equal(by["svc-backup"].enabled, false);
  assert.equal(by["tanaka.d"].last_login, jstDate(-1), "the time of day is dropped");
  const formats = await ciso.get("/api/v1/system-ids/formats");
  assert.deepEqual(formats.json.items.map((f) => f.id), ["generic", "active_directory", "kikan_package"]);
});

test("the dry run reports every bad cell by row and column; an import with errors writes nothing", async () => {
  const before = sql("SELECT count(*) FROM sysaccount_ids");
  const bad =
    "ユーザID,職員番号,氏名,最終ログイン\r\n" +
    "ok1,D00077,村上 亮,2026/4/1\r\n" +
    ",D00078,石井 健一,2026/4/1\r\n" +                         // row 3: no ID
    "ok1,D00079,森 さくら,2026/4/1\r\n" +                        // row 4: the same ID twice
    `${"x".repeat(129)},D00080,橋本 舞,2026/4/1\r\n` +          // row 5: ID too long
    "ok5,D00082,青木 美香,2026/13/45\r\n";                       // row 6: not a date
  const dry = await upload(manager, m01, Buffer.from(bad), "&dry_run=1");
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.error_count, 4);
  const where = dry.json.errors.map((x) => `${x.row}${x.column}:${x.field}`);
  assert.deepEqual(where, ["3A:login_id", "4A:login_id", "5A:login_id", "6D:last_login"]);
  assert.ok(dry.json.errors.every((x) => x.ja && x.code));
  assert.equal(dry.json.errors.find((x) => x.row === 5).code, "too_long");
  const imp = await upload(manager, m01, Buffer.from(bad));
  assert.equal(imp.status, 400);
  assert.equal(imp.json.code, "sysaccount_import_errors");
  assert.equal(imp.json.errors.length, 4, "the refusal carries the rows and columns");
  assert.equal(sql("SELECT count(*) FROM sysaccount_ids"), before, "nothing written");
});

test("a mapping given by the user: columns named by letter; unknown fields and bad shapes refused", async () => {
  const csv = "番号,なまえ\r\nzz1,村上 亮\r\n";
  const noId = await upload(manager, m01, Buffer.from(csv), "&dry_run=1");
  assert.equal(noId.status, 400);
  assert.equal(noId.json.code, "mapping_required_missing");
  assert.ok(noId.json.mapping.columns.length === 2, "the columns come back for the mapping screen");
  const mapping = encodeURIComponent(JSON.stringify({ columns: { A: "login_id", B: "holder_name" } }));
  const ok = await upload(manager, m01, Buffer.from(csv), `&dry_run=1&mapping=${mapping}`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.preview[0].login_id, "zz1");
  const unknown = encodeURIComponent(JSON.stringify({ columns: { A: "login_id", B: "salary" } }));
  assert.equal((await upload(manager, m01, Buffer.from(csv), `&dry_run=1&mapping=${unknown}`)).json.code, "mapping_unknown_field");
  assert.equal((await upload(manager, m01, Buffer.from(csv), "&dry_run=1&mapping=%5B1%5D")).json.code, "mapping_invalid");
  assert.equal((await upload(manager, m01, Buffer.from(csv), "&dry_run=1&mapping=%7B")).json.code, "mapping_invalid");
});

test("bad input is refused clearly and changes nothing", async () => {
  const before = sql("SELECT count(*) FROM sysaccount_snapshots");
  const csv = cp932(juki());
  const cases = [
    [upload(manager, m01, csv, "&format=nosuch"), 400, "unknown_account_format", "format"],
    [upload(manager, m01, csv, "&dry_run=maybe"), 400, "invalid_parameter", "dry_run"],
    [upload(manager, 999999, csv), 404, "system_not_found", "system_id"],
    [upload(manager, "abc", csv), 404, "system_not_found", "id"],
    [upload(manager, m01, Buffer.from("利用者ID,氏名\r\n")), 400, "sysaccount_import_empty", "file"],
    [upload(manager, m01, Buffer.from([0x49, 0x44, 0x0d, 0x0a, 0x81, 0xff, 0xfe])), 400, "table_encoding", null],
    [upload(manager, m01, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 400, "table_xls_legacy", null],
    [manager.req("POST", `/api/v1/systems/${m01}/ids/import?filename=${"a".repeat(300)}.csv`, undefined, { raw: csv, headers: { "content-type": "text/csv" } }), 400, "too_long", "filename"],
  ];
  for (const [p, status, code, field] of cases) {
    const r = await p;
    assert.equal(r.status, status, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    if (field) assert.equal(r.json.field, field);
    assert.ok(r.json.detail, "a Japanese message");
  }
  assert.equal((await upload(manager, m01, csv, "", "text/plain")).status, 415);
  assert.equal(sql("SELECT count(*) FROM sysaccount_snapshots"), before);
});

test("who sees which IDs: the system's manager, the 統括 and the audit lead; not another system's manager, not staff", async () => {
  assert.equal((await staff.get(`/api/v1/systems/${m01}/ids`)).status, 403, "no accounts.review: the route refuses");
  assert.equal((await staff.get("/api/v1/system-ids")).status, 403);
  // another 課's system that the pack's need-to-know rule hides from them: not found, as in the register
  const foreign = await otherManager.get(`/api/v1/systems/${m01}/ids`);
  assert.equal(foreign.status, 404);
  assert.equal(foreign.json.code, "system_not_found");
  assert.equal((await otherManager.get(`/api/v1/systems/${m01}`)).status, 404, "the register hides it too");
  const foreignImport = await upload(otherManager, m01, cp932(juki()), "&dry_run=1");
  assert.equal(foreignImport.json.code, "system_not_found");
  assert.equal((await auditLead.get(`/api/v1/systems/${m01}/ids`)).status, 200, "the audit lead reads every system");
  assert.equal((await upload(auditLead, m01, cp932(juki()), "&dry_run=1")).json.code, "sysaccount_forbidden", "but imports nothing");
  const mine = await manager.get("/api/v1/system-ids");
  const managed = sql(`SELECT s.code FROM systems s JOIN role_assignments r ON r.scope_id = s.id AND r.scope_kind = 'system'
    AND r.role = 'system_manager' JOIN accounts a ON a.person_id = r.person_id WHERE a.login_id = 'm01.manager' AND s.active = 1 ORDER BY s.code`).split("\n");
  assert.ok(managed.includes("SYS-M01"));
  assert.deepEqual(mine.json.systems.map((s) => s.code), managed, "a manager's overview is their own systems");
  assert.equal((await manager.get("/api/v1/system-ids/lgsec")).status, 403, "lgsec's own accounts are the 統括's");
});

test("across systems, lgsec's own accounts take part: a leaver's lgsec account is a finding", async () => {
  const r = await ciso.get("/api/v1/system-ids");
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.systems[0].code, "lgsec");
  assert.ok(r.json.systems[0].counts.left >= 1);
  const m = r.json.systems.find((s) => s.code === "SYS-M01");
  assert.equal(m.id_count, 9);
  assert.equal(m.counts.shared, 1);
  assert.ok(r.json.totals.left >= 2, "the system's and lgsec's");
  assert.ok(r.json.items.some((x) => x.kind === "unmatched" && x.login_id === "vendor01"));
  const own = await ciso.get("/api/v1/system-ids/lgsec");
  const k = own.json.items.find((x) => x.login_id === "kobayashi.n");
  assert.deepEqual(k.findings, ["left"]);
  assert.equal(k.person.name, "小林 奈々");
});
