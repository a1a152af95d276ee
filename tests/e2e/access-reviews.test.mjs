// Access-review campaigns (第83条(3)): the 統括 opens one over every system's IDs and lgsec's own
// accounts; each system's 情報システム管理者 certifies each ID keep / change / remove with a reason
// (never their own ID: 第20条), from a task on their home page; removals are followed to done by
// the next import or by hand; the campaign closes when all is decided; its record is an XLSX.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, ciso, cso, manager, otherManager, auditLead, m01, review;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const signInAs = async (staffNo, login) => (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
const holderOf = (role, where = "") => sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = '${role}' ${where} LIMIT 1`);
const upload = (c, csv) => c.req("POST", `/api/v1/systems/${m01}/ids/import?filename=users.csv`, undefined, { raw: Buffer.from(csv), headers: { "content-type": "text/csv" } });
const slash = (d) => d.replaceAll("-", "/");
const header = "利用者ID,職員番号,氏名,所属,権限,最終ログイン,状態\r\n";
const line = (id, no, name, priv, days = -1) => `${id},${no},${name},市民課,${priv},${slash(jstDate(days))},有効\r\n`;

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  m01 = Number(sql("SELECT id FROM systems WHERE code = 'SYS-M01'"));
  manager = await signInAs(holderOf("system_manager", `AND r.scope_kind = 'system' AND r.scope_id = ${m01}`), "m01.manager");
  otherManager = await signInAs(holderOf("system_manager", `AND r.scope_kind = 'system' AND r.scope_id <> ${m01}
    AND r.person_id NOT IN (SELECT person_id FROM role_assignments WHERE role = 'system_manager' AND scope_id = ${m01})`), "other.manager");
  cso = await signInAs(holderOf("chief_security_officer"), "the.cso");
  auditLead = await signInAs(holderOf("audit_lead"), "audit.lead");
  const managerNo = holderOf("system_manager", `AND r.scope_kind = 'system' AND r.scope_id = ${m01}`);
  const r = await upload(manager, header + line("murakami", managerNo, "村上 亮", "システム管理者") +
    line("mori", "D00079", "森 さくら", "システム管理者") + line("kobayashi", "D00081", "小林 奈々", "一般") +
    line("ishii", "D00078", "石井 健一", "一般"));
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  await srv?.stop();
});

test("before any campaign the review is due; the interval is the pack's 180 days", async () => {
  const r = await ciso.get("/api/v1/access-reviews");
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.interval_days, 180);
  assert.equal(r.json.last_opened_on, null);
  assert.equal(r.json.overdue, true);
});

test("opening: only the 統括/CISO; bad input refused and nothing opened", async () => {
  const cases = [
    [manager.post("/api/v1/access-reviews", { title: "x", due_on: jstDate(30) }), 403, "sysaccount_forbidden", undefined],
    [ciso.post("/api/v1/access-reviews", { due_on: jstDate(30) }), 400, "required", "title"],
    [ciso.post("/api/v1/access-reviews", { title: "", due_on: jstDate(30) }), 400, "required", "title"],
    [ciso.post("/api/v1/access-reviews", { title: "あ".repeat(201), due_on: jstDate(30) }), 400, "too_long", "title"],
    [ciso.post("/api/v1/access-reviews", { title: "x", due_on: jstDate(-1) }), 400, "access_review_due_past", "due_on"],
    [ciso.post("/api/v1/access-reviews", { title: "x", due_on: "2026-02-30" }), 400, "invalid_date", "due_on"],
    [ciso.post("/api/v1/access-reviews", { title: "x", due_on: jstDate(30), extra: 1 }), 400, "unknown_field", "extra"],
    [auditLead.post("/api/v1/access-reviews", { title: "x", due_on: jstDate(30) }), 403, "sysaccount_forbidden", undefined],
  ];
  for (const [p, status, code, field] of cases) {
    const r = await p;
    assert.equal(r.status, status, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    if (field) assert.equal(r.json.field, field);
  }
  assert.equal(sql("SELECT count(*) FROM access_reviews"), "0");
});

test("the 統括 opens a campaign: every system's IDs and lgsec's accounts, with the findings of that moment", async () => {
  const r = await ciso.post("/api/v1/access-reviews", { title: "令和8年度 上期", due_on: jstDate(30) });
  assert.equal(r.status, 201, r.text);
  review = r.json;
  const m = review.items.filter((x) => x.system_id === m01);
  assert.deepEqual(m.map((x) => x.login_id).sort(), ["ishii", "kobayashi", "mori", "murakami"]);
  assert.deepEqual(m.find((x) => x.login_id === "mori").findings, ["privileged_no_role"]);
  assert.ok(review.items.some((x) => x.system_code === "lgsec" && x.login_id === srv.ciso.login_id));
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'access_review.open' AND object_id = ${review.id}`), "1");
  // each system's 管理者 is told (in lgsec and by mail), with the link only — never the IDs
  const managerId = sql(`SELECT person_id FROM role_assignments WHERE role = 'system_manager' AND scope_id = ${m01} LIMIT 1`);
  assert.equal(sql(`SELECT link || '|' || mail_state FROM notifications WHERE kind = 'access_review_open' AND person_id = ${managerId}`),
    `/access-reviews/${review.id}|pending`);
  const managers = sql(`SELECT count(DISTINCT person_id) FROM role_assignments WHERE role = 'system_manager' AND scope_kind = 'system'
    AND valid_until IS NULL AND scope_id IN (SELECT system_id FROM access_review_items WHERE review_id = ${review.id})`);
  assert.equal(sql("SELECT count(*) FROM notifications WHERE kind = 'access_review_open'"), managers);
  assert.doesNotMatch(sql("SELECT group_concat(title) FROM notifications WHERE kind = 'access_review_open'"), /murakami|mori/);
  const list = (await ciso.get("/api/v1/access-reviews")).json;
  assert.equal(list.last_opened_on, jstDate(0));
  assert.equal(list.overdue, false);
  assert.equal(list.items[0].total, review.items.length);
});

test("the manager's home page has the task; they see only their systems and may not certify their own ID", async () => {
  const home = await manager.get("/api/v1/home");
  const task = (home.json.tasks ?? []).find((x) => x.kind === "access_review");
  assert.ok(task, JSON.stringify(home.json).slice(0, 400));
  assert.equal(task.link, `/access-reviews/${review.id}`);
  const mine = (await manager.get(`/api/v1/access-reviews/${review.id}`)).json;
  assert.ok(mine.items.length >= 4);
  assert.ok(mine.items.every((x) => x.system_id > 0), "lgsec's accounts are the 統括's");
  const own = mine.items.find((x) => x.login_id === "murakami");
  assert.equal(own.can_decide, false);
  const r = await manager.post(`/api/v1/access-review-items/${own.id}/decide`, { decision: "keep", reason: "自分" });
  assert.equal(r.status, 403);
  assert.match(r.json.detail, /第20条/);
  assert.equal((await otherManager.get(`/api/v1/access-reviews/${review.id}?system_id=${m01}`)).json.items.length, 0, "another system's manager sees none of it");
});

test("certifying: keep / change / remove with a reason; bad input refused", async () => {
  const item = (login) => review.items.find((x) => x.system_id === m01 && x.login_id === login).id;
  const bad = [
    [manager.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "delete", reason: "x" }), 400, "invalid_decision", "decision"],
    [manager.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "keep", reason: "" }), 400, "required", "reason"],
    [manager.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "keep", reason: "あ".repeat(1001) }), 400, "too_long", "reason"],
    [manager.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "keep" }), 400, "required", "reason"],
    [manager.post("/api/v1/access-review-items/999999/decide", { decision: "keep", reason: "x" }), 404, "access_review_item_not_found", "id"],
    [otherManager.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "keep", reason: "x" }), 403, "sysaccount_forbidden", "id"],
    [auditLead.post(`/api/v1/access-review-items/${item("ishii")}/decide`, { decision: "keep", reason: "x" }), 403, "sysaccount_forbidden", "id"],
  ];
  for (const [p, status, code, field] of bad) {
    const r = await p;
    assert.equal(r.status, status, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal(sql(`SELECT count(*) FROM access_review_items WHERE review_id = ${review.id} AND decision IS NOT NULL`), "0");
  const ok = async (c, login, decision, reason) => {
    const r = await c.post(`/api/v1/access-review-items/${item(login)}/decide`, { decision, reason });
    assert.equal(r.status, 204, r.text);
  };
  await ok(manager, "ishii", "keep", "窓口業務で使用");
  await ok(manager, "kobayashi", "remove", "退職済み");
  await ok(manager, "mori", "change", "特権を外し一般権限にする");
  await ok(ciso, "murakami", "keep", "情報システム管理者として必要");
  const done = await manager.post(`/api/v1/access-review-items/${item("ishii")}/done`, { note: "x" });
  assert.equal(done.json.code, "access_review_nothing_to_do");
  const r = (await manager.get(`/api/v1/access-reviews/${review.id}?system_id=${m01}`)).json;
  const by = Object.fromEntries(r.items.map((x) => [x.login_id, x]));
  assert.equal(by.kobayashi.progress, "pending");
  assert.equal(by.ishii.progress, "none");
  assert.equal(by.kobayashi.reason, "退職済み");
  assert.ok(by.kobayashi.decided_by_name.length > 0);
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'access_review.decide'`), "4");
});

test("the next import confirms the removal and the change; lgsec's removal is recorded by hand", async () => {
  const managerNo = sql(`SELECT p.staff_no FROM people p JOIN accounts a ON a.person_id = p.id WHERE a.login_id = 'm01.manager'`);
  await new Promise((r) => setTimeout(r, 1100)); // the import's time must be after the decision's (seconds)
  const r = await upload(manager, header + line("murakami", managerNo, "村上 亮", "システム管理者") +
    line("mori", "D00079", "森 さくら", "一般") + line("ishii", "D00078", "石井 健一", "一般"));
  assert.equal(r.status, 201, r.text);
  const items = (await manager.get(`/api/v1/access-reviews/${review.id}?system_id=${m01}`)).json.items;
  const by = Object.fromEntries(items.map((x) => [x.login_id, x]));
  assert.equal(by.kobayashi.progress, "done");
  assert.equal(by.kobayashi.done_by, "import");
  assert.equal(by.mori.progress, "done", "her ID is no longer privileged");

  // lgsec: every account the CISO may certify is kept, except one removed by hand
  const all = (await ciso.get(`/api/v1/access-reviews/${review.id}?system_id=0`)).json.items;
  const target = all.find((x) => x.login_id === "audit.lead");
  for (const x of all.filter((x) => x.can_decide && x.decision === null)) {
    const decision = x.id === target.id ? "remove" : "keep";
    const d = await ciso.post(`/api/v1/access-review-items/${x.id}/decide`, { decision, reason: "確認済み" });
    assert.equal(d.status, 204, d.text);
  }
  assert.equal((await ciso.post(`/api/v1/access-review-items/${target.id}/done`, { note: "" })).json.code, "required");
  const hand = await ciso.post(`/api/v1/access-review-items/${target.id}/done`, { note: "アカウントを無効にした (令和8年度)" });
  assert.equal(hand.status, 204, hand.text);
  const again = await ciso.post(`/api/v1/access-review-items/${target.id}/done`, { note: "二度目" });
  assert.equal(again.json.code, "access_review_done");
  const t = (await ciso.get(`/api/v1/access-reviews/${review.id}?system_id=0`)).json.items.find((x) => x.id === target.id);
  assert.equal(t.done_by, "hand");
});

test("closing needs every ID decided (the CISO's own by the 統括); then nothing more is decided; the record is an XLSX", async () => {
  const early = await ciso.post(`/api/v1/access-reviews/${review.id}/close`, {});
  assert.equal(early.status, 409);
  assert.equal(early.json.code, "access_review_undecided");
  const rest = (await cso.get(`/api/v1/access-reviews/${review.id}`)).json.items.filter((x) => x.decision === null);
  for (const x of rest) {
    assert.equal(x.can_decide, true, `${x.system_code}/${x.login_id}`);
    const d = await cso.post(`/api/v1/access-review-items/${x.id}/decide`, { decision: "keep", reason: "統括が確認" });
    assert.equal(d.status, 204, d.text);
  }
  assert.equal((await manager.post(`/api/v1/access-reviews/${review.id}/close`, {})).status, 403);
  const closed = await ciso.post(`/api/v1/access-reviews/${review.id}/close`, {});
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, "closed");
  // the closed campaign is the evaluation duty of checks.yaml's review period, done today
  assert.equal(sql(`SELECT done_on FROM duty_records WHERE check_id = 'access_rights_review_days'`), jstDate(0));
  const duty = (await ciso.get("/api/v1/duties/access_rights_review_days")).json;
  assert.equal(duty.state, "done", JSON.stringify(duty).slice(0, 300));
  const late = await manager.post(`/api/v1/access-review-items/${review.items[0].id}/decide`, { decision: "keep", reason: "x" });
  assert.ok([403, 409].includes(late.status));
  const x = review.items.find((i) => i.system_id === m01 && i.login_id === "ishii");
  assert.equal((await manager.post(`/api/v1/access-review-items/${x.id}/decide`, { decision: "keep", reason: "x" })).json.code, "access_review_closed");
  assert.equal((await ciso.post(`/api/v1/access-reviews/${review.id}/close`, {})).json.code, "access_review_closed");

  const file = await auditLead.req("GET", `/api/v1/access-reviews/${review.id}/record.xlsx`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get("content-type"), /spreadsheetml/);
  const raw = await fetch(`${srv.url}/api/v1/access-reviews/${review.id}/record.xlsx`, { headers: { cookie: auditLead.cookie } });
  const path = join(mkdtempSync(join(tmpdir(), "review-")), "record.xlsx");
  writeFileSync(path, Buffer.from(await raw.arrayBuffer()));
  const strings = spawnSync("unzip", ["-p", path], { encoding: "utf8", maxBuffer: 1 << 26 }).stdout;
  assert.ok(strings.length > 0, spawnSync("unzip", ["-l", path], { encoding: "utf8" }).stdout);
  for (const word of ["退職済み", "削除", "完了(取込みで確認)", "完了(手作業で記録)", "特権の役割のない者の特権ID", "SYS-M01"])
    assert.ok(strings.includes(word), word);
  assert.equal((await otherManager.get(`/api/v1/access-reviews/999999`)).json.code, "access_review_not_found");
});

test("the campaign and the ID import edited in the database without a trail entry are named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const mine = (out) => out.split("\n").filter((l) => /^\s*(access_reviews|sysaccount_snapshots) /.test(l));
  assert.deepEqual(mine(verify().stdout), []);
  const snapshot = sql(`SELECT max(id) FROM sysaccount_snapshots WHERE system_id = ${m01}`);
  sql(`UPDATE access_reviews SET state = 'open' WHERE id = ${review.id}`);
  sql(`UPDATE sysaccount_snapshots SET id_count = id_count - 1 WHERE id = ${snapshot}`);
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`access_reviews id ${review.id} column state: "closed" in the trail, "open" in the register \\[reconcile_differs\\]`));
  assert.match(r.stdout, new RegExp(`sysaccount_snapshots id ${snapshot} column id_count: [0-9]+ in the trail, [0-9]+ in the register \\[reconcile_differs\\]`));
  sql(`UPDATE access_reviews SET state = 'closed' WHERE id = ${review.id}`);
  sql(`UPDATE sysaccount_snapshots SET id_count = id_count + 1 WHERE id = ${snapshot}`);
  assert.deepEqual(mine(verify().stdout), []);
});

test("an imported ID and a review's items edited in the database are named by their import or review, a decision by its item", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const mine = (out) => out.split("\n").filter((l) => /^\s*(sysaccount_ids|access_review_items) /.test(l));
  assert.deepEqual(mine(verify().stdout), []);
  const snapshot = sql(`SELECT max(id) FROM sysaccount_snapshots WHERE system_id = ${m01}`);
  const removed = sql(`SELECT min(id) FROM access_review_items WHERE review_id = ${review.id} AND decision = 'remove'`);
  assert.ok(Number(removed) > 0);
  sql(`UPDATE sysaccount_ids SET privileged = 0 WHERE snapshot_id = ${snapshot}`);
  sql(`UPDATE access_review_items SET holder_name = holder_name || '改' WHERE id = ${removed}`);
  sql(`UPDATE access_review_items SET decision = 'keep' WHERE id = ${removed}`);
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`sysaccount_ids id ${snapshot} column ids_sha256: "[0-9a-f]{64}" in the trail, "[0-9a-f]{64}" in the register \\[reconcile_differs\\]`));
  assert.match(r.stdout, new RegExp(`access_review_items id ${review.id} column items_sha256: .* \\[reconcile_differs\\]`));
  assert.match(r.stdout, new RegExp(`access_review_items id ${removed} column decision: "remove" in the trail, "keep" in the register \\[reconcile_differs\\]`));
  // an ID added to an import without an entry
  sql(`INSERT INTO sysaccount_ids(snapshot_id, system_id, row_no, login_id, enabled, privileged)
       VALUES (${snapshot}, ${m01}, 99, 'ghost', 1, 1)`);
  assert.match(verify().stdout, new RegExp(`sysaccount_ids id ${snapshot} column ids_sha256`));
});
