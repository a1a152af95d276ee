// インシデント対応 over the API on the demo (docs/incidents.md): a 職員 reports in one request; the
// chain of incidents.yaml is told (課室's 情報セキュリティ管理者, 統一的な窓口 and CSIRT, 統括, the
// system's 情報システム管理者, CISO, 部局's 情報セキュリティ責任者), each by a notification that carries
// a link only; their first reading is recorded; the reporter sees their own reports, the chain sees
// what it was told of, anyone else gets 404. Reports from outside (第55条) carry the caller's contact.
// Every bad field is refused with its code and field, and nothing is written.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { BIN, cli, startServer } from "./lib/server.mjs";
import { residentMail } from "./lib/intake-messages.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, jstDateTime, reiwaYear } from "./lib/clock.mjs";
import { pdfText } from "./lib/pdftext.mjs";

let srv, staff, manager, csirt, member, ciso, other;
let staffId, managerId, csirtId, otherId, zaiseiAsset, zaiseiSystem, usbId, liveRequest;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));

async function account(staffNo, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  return (await signInFirstTime(srv.url, login, temp)).client;
}

const holder = (role, scope = "") =>
  num(`SELECT person_id FROM role_assignments WHERE role = '${role}' ${scope} ORDER BY id LIMIT 1`);

// A lost USB memory of 財政課 holding 要配慮個人情報, noticed yesterday at 17:40 (JST).
const usbReport = () => ({
  title: "USBメモリの紛失",
  description: "庁舎外の会議から戻ったところ、鞄に入れていたUSBメモリが見当たらない。",
  noticed_at: jstDateTime(-1, "17:40"),
  occurred_at: jstDateTime(-1, "15:00"),
  asset_id: zaiseiAsset,
  personal_data: "involved",
  personal_data_kinds: ["sensitive_personal", "personal"],
  affected_count: 120,
});

before(async () => {
  srv = await startServer({ demo: true });
  const zaisei = num("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'");
  /* what the memory held: a 財政課 asset used in a system (its 情報システム管理者 is on the chain) */
  zaiseiAsset = num(`SELECT id FROM assets WHERE unit_id = ${zaisei} AND system_id IS NOT NULL ORDER BY id LIMIT 1`);
  zaiseiSystem = num(`SELECT system_id FROM assets WHERE id = ${zaiseiAsset}`);
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${zaisei} AND title = '主事' ORDER BY id LIMIT 1`);
  staffId = num(`SELECT id FROM people WHERE staff_no = '${staffNo}'`);
  managerId = holder("section_security_manager", `AND scope_id = ${zaisei}`);
  csirtId = holder("csirt_lead");
  const otherNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code = 'shimin-zeimu' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
  staff = await account(staffNo, "zaisei.staff");
  manager = await account(sql(`SELECT staff_no FROM people WHERE id = ${managerId}`), "zaisei.kacho");
  csirt = await account(sql(`SELECT staff_no FROM people WHERE id = ${csirtId}`), "csirt.lead");
  other = await account(otherNo, "zeimu.staff");
  otherId = num(`SELECT id FROM people WHERE staff_no = '${otherNo}'`);
  member = await account(sql(`SELECT staff_no FROM people WHERE id = ${holder("csirt_member")}`), "csirt.member");
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  /* a change request filed for a 再発防止策 (a closure may name it) */
  const req = await staff.post("/api/v1/requests", { type: "security_setting_change", submit: true,
    fields: { device: "PC-0101", setting: "USBメモリの書込み禁止", reason: "再発防止" } });
  assert.equal(req.status, 201, req.text);
  liveRequest = req.json.id;
});

after(async () => {
  await srv?.stop();
});

describe("intake (第54条)", () => {
  let id;

  test("the form's choices come from the pack", async () => {
    const r = await staff.get("/api/v1/incidents/options");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.personal_data.map((k) => k.id), ["personal", "specific_personal", "sensitive_personal", "financial"]);
    assert.equal(r.json.chain[0].role_label, "情報セキュリティ管理者");
    assert.ok(r.json.categories.some((c) => c.label === "紛失・盗難"));
  });

  test("a 職員 reports a lost USB memory; the chain of the pack is told, by role and register", async () => {
    const r = await staff.post("/api/v1/incidents", usbReport());
    assert.equal(r.status, 201, r.text);
    id = usbId = r.json.id;
    assert.equal(r.json.state, "reported");
    assert.equal(r.json.source, "staff");
    assert.equal(r.json.is_reporter, true);
    assert.equal(r.json.unit_name, "財政課");
    assert.deepEqual(r.json.personal_data_kinds.map((k) => k.id), ["personal", "sensitive_personal"]);
    const step = (s) => r.json.chain.find((c) => c.step === s);
    const people = (s) => step(s).recipients.map((x) => x.person_id);
    assert.deepEqual(people("section_manager"), [managerId]);
    assert.deepEqual(people("contact_point"), [csirtId]);
    assert.deepEqual(people("chief"), [holder("chief_security_officer")]);
    assert.deepEqual(people("ciso"), [holder("ciso")]);
    /* the asset's system → its 情報システム管理者; the 部局 above 財政課 → its 情報セキュリティ責任者 */
    assert.deepEqual(people("system_manager"), [holder("system_manager", `AND scope_kind = 'system' AND scope_id = ${zaiseiSystem}`)]);
    assert.deepEqual(people("department_officer"), [holder("department_security_officer",
      "AND scope_id = (SELECT id FROM org_units WHERE code = 'kikaku')")]);
    assert.ok(r.json.chain.every((c) => c.article && !c.stalled && !c.seen));
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'incident.report' AND object_id = ${id}`), 1);
  });

  test("each recipient gets a notification with a link and no content", async () => {
    const n = await manager.get("/api/v1/notifications");
    const mine = n.json.items.find((x) => x.object_type === "incident" && x.object_id === id);
    assert.ok(mine, n.text);
    assert.equal(mine.link, `/incidents/${id}`);
    assert.doesNotMatch(mine.title, /USB|紛失/);
    assert.equal(num(`SELECT count(*) FROM notifications WHERE object_type = 'incident' AND object_id = ${id}
      AND person_id = ${staffId}`), 0);
    /* and a task on ホーム until they open it */
    const home = await manager.get("/api/v1/home");
    assert.ok(home.json.tasks.some((x) => x.kind === "incidents_unseen" && x.link === "/incidents/chain"), home.text);
  });

  test("who saw it when: the manager's first reading is recorded once", async () => {
    const r = await manager.get(`/api/v1/incidents/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.is_reporter, false);
    const step = r.json.chain.find((c) => c.step === "section_manager");
    assert.equal(step.seen, true);
    assert.ok(step.recipients[0].seen_at);
    await manager.get(`/api/v1/incidents/${id}`);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'incident.seen' AND object_id = ${id}`), 1);
    const mine = await staff.get(`/api/v1/incidents/${id}`);
    assert.equal(mine.json.chain.find((c) => c.step === "section_manager").seen, true);
  });

  test("a step nobody opened for the pack's stall hours is flagged", async () => {
    sql(`UPDATE incident_recipients SET notified_at = '2000-01-01T00:00:00Z' WHERE incident_id = ${id}`);
    const r = await staff.get(`/api/v1/incidents/${id}`);
    assert.equal(r.json.stalled, true);
    assert.equal(r.json.chain.find((c) => c.step === "ciso").stalled, true);
    assert.equal(r.json.chain.find((c) => c.step === "section_manager").stalled, false);
    /* flagged on the CSIRT's home; not on the reporter's, nor on the manager's (who opened it) */
    assert.ok((await csirt.get("/api/v1/home")).json.tasks.some((x) => x.kind === "incidents_stalled"));
    assert.equal((await staff.get("/api/v1/home")).json.tasks.some((x) => x.kind.startsWith("incidents_")), false);
    const mgr = (await manager.get("/api/v1/home")).json.tasks;
    assert.equal(mgr.some((x) => x.kind.startsWith("incidents_")), false, JSON.stringify(mgr));
  });

  test("the reporter and the chain list it; anyone else gets 404 and an empty list", async () => {
    const mine = await staff.get("/api/v1/incidents?box=mine");
    assert.deepEqual(mine.json.items.map((x) => x.id), [id]);
    const told = await manager.get("/api/v1/incidents?box=chain");
    assert.ok(told.json.items.some((x) => x.id === id && x.seen === true));
    const org = await csirt.get("/api/v1/incidents?box=chain");
    assert.ok(org.json.items.some((x) => x.id === id && x.seen === false));
    assert.equal((await csirt.get(`/api/v1/incidents/${id}`)).status, 200);
    const refused = await other.get(`/api/v1/incidents/${id}`);
    assert.equal(refused.status, 404);
    assert.equal(refused.json.code, "incident_not_found");
    assert.equal((await other.get("/api/v1/incidents/999999")).json.code, "incident_not_found");
    assert.deepEqual((await other.get("/api/v1/incidents?box=chain")).json.items, []);
    assert.deepEqual((await other.get("/api/v1/incidents")).json.items, []);
    assert.equal((await other.get("/api/v1/incidents?box=all")).status, 400);
  });
});

describe("reports from outside (第55条)", () => {
  test("staff record a resident's call with the caller's contact; free text for where", async () => {
    const r = await other.post("/api/v1/incidents", {
      title: "ホームページの改ざんの通報", description: "住民から、市のホームページに見慣れない画像が出ると電話があった。",
      noticed_at: jstDateTime(0, "00:05"), place: "市公式ホームページ", personal_data: "unknown",
      source: "resident", caller_name: "市民 太郎", caller_contact: "090-0000-0000",
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.source, "resident");
    assert.equal(r.json.caller_contact, "090-0000-0000");
    assert.equal(r.json.unit_name, "税務課"); /* the receiving person's 課室 starts the chain */
    assert.equal(r.json.chain.some((c) => c.step === "system_manager"), false); /* no system named */
  });
});

describe("bad input: a clear field error and nothing written", () => {
  const cases = [
    ["title missing", { title: undefined }, "required", "title"],
    ["title too long", { title: "あ".repeat(201) }, "too_long", "title"],
    ["title with a control character", { title: "a\u0007b" }, "invalid_text", "title"],
    ["description missing", { description: "" }, "required", "description"],
    ["noticed_at missing", { noticed_at: undefined }, "required", "noticed_at"],
    ["noticed_at not a time", { noticed_at: "昨日の夕方" }, "invalid_time", "noticed_at"],
    ["noticed_at impossible", { noticed_at: "2026-02-30T10:00" }, "invalid_time", "noticed_at"],
    ["noticed_at in the future", { noticed_at: jstDateTime(2, "10:00"), occurred_at: undefined }, "in_future", "noticed_at"],
    ["occurred_at after noticed_at", { occurred_at: jstDateTime(-1, "18:00") }, "after_noticed", "occurred_at"],
    ["nowhere", { asset_id: undefined }, "required", "place"],
    ["asset_id not an id", { asset_id: "abc" }, "invalid_type", "asset_id"],
    ["asset_id unknown", { asset_id: 999999 }, "unknown_asset", "asset_id"],
    ["system_id unknown", { system_id: 999999 }, "unknown_system", "system_id"],
    ["personal_data missing", { personal_data: undefined }, "required", "personal_data"],
    ["personal_data other", { personal_data: "maybe" }, "invalid_personal_data", "personal_data"],
    ["kinds missing when involved", { personal_data_kinds: [] }, "required", "personal_data_kinds"],
    ["kinds not a list", { personal_data_kinds: "personal" }, "invalid_type", "personal_data_kinds"],
    ["kind unknown to the pack", { personal_data_kinds: ["dna"] }, "invalid_personal_data_kind", "personal_data_kinds"],
    ["kinds when none", { personal_data: "none", affected_count: undefined }, "field_not_applicable", "personal_data_kinds"],
    ["count when none", { personal_data: "none", personal_data_kinds: undefined }, "field_not_applicable", "affected_count"],
    ["count zero", { affected_count: 0 }, "out_of_range", "affected_count"],
    ["count not a number", { affected_count: "百人" }, "invalid_type", "affected_count"],
    ["source other", { source: "police" }, "invalid_source", "source"],
    ["resident without a caller", { source: "resident" }, "required", "caller_name"],
    ["resident without a contact", { source: "outsider", caller_name: "事業者 A" }, "required", "caller_contact"],
    ["caller on a staff report", { caller_name: "誰か" }, "field_not_applicable", "caller_name"],
    ["an unknown field", { severity: "high" }, "unknown_field", "severity"],
  ];
  for (const [name, change, code, field] of cases) {
    test(name, async () => {
      const before = num("SELECT count(*) FROM incidents") + num("SELECT count(*) FROM incident_recipients");
      const body = { ...usbReport(), ...change };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const r = await staff.post("/api/v1/incidents", body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
      assert.ok(r.json.detail || r.json.title);
      assert.equal(num("SELECT count(*) FROM incidents") + num("SELECT count(*) FROM incident_recipients"), before);
    });
  }
});

describe("the CSIRT's work (第56条)", () => {
  const count = (t) => num(`SELECT count(*) FROM ${t}`);
  const code = async (p, status, c) => { const r = await p; assert.equal(r.status, status, r.text); assert.equal(r.json.code, c, r.text); return r; };

  test("triage: the CSIRT only; category and severity from the pack; the reason when it is not an incident", async () => {
    const body = { is_incident: true, category: "loss_theft", severity: "high", note: "要配慮個人情報を含む媒体の紛失", causer_person_id: csirtId };
    await code(other.post(`/api/v1/incidents/${usbId}/triage`, body), 403, "incident_forbidden");
    await code(staff.post(`/api/v1/incidents/${usbId}/triage`, body), 403, "incident_forbidden");
    await code(csirt.post(`/api/v1/incidents/${usbId}/triage`, { ...body, category: "ufo" }), 400, "invalid_category");
    await code(csirt.post(`/api/v1/incidents/${usbId}/triage`, { ...body, severity: undefined }), 400, "required");
    await code(csirt.post(`/api/v1/incidents/${usbId}/triage`, { is_incident: false }), 400, "required");
    await code(csirt.post(`/api/v1/incidents/${usbId}/triage`, { ...body, causer_person_id: 999999 }), 400, "unknown_person");
    assert.equal(sql(`SELECT state FROM incidents WHERE id = ${usbId}`), "reported");
    /* the causer here is the CSIRT lead, so that the separation rule of the closure can be seen */
    const r = await csirt.post(`/api/v1/incidents/${usbId}/triage`, body);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "triaged");
    assert.equal(r.json.category, "loss_theft");
    assert.equal(r.json.can_csirt, true);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'incident.triage' AND object_id = ${usbId}`), 1);
  });

  test("tasks with owner and due date; the owner is told, may read the report and marks it done", async () => {
    const t = { kind: "containment", title: "遺失届の提出と利用停止", owner_person_id: managerId, due_date: jstDate(3) };
    const before = count("incident_tasks");
    await code(other.post(`/api/v1/incidents/${usbId}/tasks`, t), 403, "incident_forbidden");
    await code(csirt.post(`/api/v1/incidents/${usbId}/tasks`, { ...t, kind: "party" }), 400, "invalid_task_kind");
    await code(csirt.post(`/api/v1/incidents/${usbId}/tasks`, { ...t, due_date: jstDate(-10) }), 400, "due_before_start");
    await code(csirt.post(`/api/v1/incidents/${usbId}/tasks`, { ...t, due_date: "来週" }), 400, "invalid_date");
    await code(csirt.post(`/api/v1/incidents/${usbId}/tasks`, { ...t, owner_person_id: 999999 }), 400, "unknown_person");
    await code(csirt.post(`/api/v1/incidents/${usbId}/tasks`, { ...t, title: "" }), 400, "required");
    assert.equal(count("incident_tasks"), before);
    const a = await csirt.post(`/api/v1/incidents/${usbId}/tasks`, t);
    assert.equal(a.status, 201, a.text);
    const b = await csirt.post(`/api/v1/incidents/${usbId}/tasks`, { kind: "recovery", title: "予算資料の再作成", owner_person_id: otherId, due_date: jstDate(5) });
    assert.equal(b.status, 201, b.text);
    const [t1, t2] = b.json.tasks;
    assert.equal(t1.owner_person_id, managerId);
    assert.equal(t2.owner_name.length > 0, true);
    /* the owner of a task may now read the report, and is notified */
    assert.equal((await other.get(`/api/v1/incidents/${usbId}`)).status, 200);
    assert.equal(num(`SELECT count(*) FROM notifications WHERE person_id = ${otherId} AND kind = 'incident_task'`), 1);
    await code(staff.post(`/api/v1/incidents/${usbId}/tasks/${t2.id}/done`, { result: "x" }), 403, "incident_forbidden");
    await code(other.post(`/api/v1/incidents/${usbId}/tasks/${t2.id}/done`, { result: "" }), 400, "required");
    const done = await other.post(`/api/v1/incidents/${usbId}/tasks/${t2.id}/done`, { result: "再作成した" });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.tasks[1].state, "done");
    await code(other.post(`/api/v1/incidents/${usbId}/tasks/${t2.id}/done`, { result: "again" }), 409, "incident_task_done");
    await code(other.post(`/api/v1/incidents/${usbId}/tasks/999999/done`, { result: "x" }), 404, "incident_task_not_found");
  });

  test("same weakness elsewhere: systems sharing a product, version or vendor; one 確認 task per 管理者 in one action", async () => {
    await code(staff.get(`/api/v1/incidents/${usbId}/similar`), 403, "incident_forbidden");
    const r = await csirt.get(`/api/v1/incidents/${usbId}/similar`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.affected_system_id, zaiseiSystem);
    const sys = (code) => r.json.items.find((x) => x.code === code);
    /* the demo: SYS-L01 and SYS-L02 both run Windows Server 2016 from the same vendor */
    assert.ok(sys("SYS-L02").reasons.some((x) => x.why === "same_version" && x.what === "Windows Server 2016"), r.text);
    assert.ok(sys("SYS-L03").reasons.some((x) => x.why === "same_vendor"));
    assert.equal(r.json.items.some((x) => x.system_id === zaiseiSystem), false);
    const ids = [sys("SYS-L02").system_id, sys("SYS-L03").system_id];
    const before = count("incident_tasks");
    await code(csirt.post(`/api/v1/incidents/${usbId}/similar`, { system_ids: [...ids, zaiseiSystem], due_date: jstDate(7) }), 400, "unknown_system");
    await code(csirt.post(`/api/v1/incidents/${usbId}/similar`, { system_ids: [], due_date: jstDate(7) }), 400, "required");
    await code(csirt.post(`/api/v1/incidents/${usbId}/similar`, { system_ids: ids, due_date: jstDate(-30) }), 400, "due_before_start");
    assert.equal(count("incident_tasks"), before);
    const a = await csirt.post(`/api/v1/incidents/${usbId}/similar`, { system_ids: ids, due_date: jstDate(7) });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.json.created_task_ids.length, 2);
    const checks = a.json.tasks.filter((x) => x.kind === "check");
    assert.deepEqual(checks.map((x) => x.owner_person_id), [sys("SYS-L02").manager_person_id, sys("SYS-L03").manager_person_id]);
    assert.match(checks[0].title, /第56条4/);
  });

  test("the cause, then the CISO's decision, then the closure: not by the causer; lessons required", async () => {
    await code(ciso.post(`/api/v1/incidents/${usbId}/decision`, { decision: "全庁でUSBメモリの暗号化を徹底" }), 409, "incident_no_cause");
    await code(csirt.post(`/api/v1/incidents/${usbId}/close`, { lessons: "x" }), 409, "incident_not_decided");
    await code(staff.post(`/api/v1/incidents/${usbId}/cause`, { cause: "x", prevention: "y" }), 403, "incident_forbidden");
    const c = await csirt.post(`/api/v1/incidents/${usbId}/cause`, { cause: "暗号化されていない媒体の庁外持ち出し", prevention: "暗号化USBメモリへの切替え" });
    assert.equal(c.status, 200, c.text);
    await code(csirt.post(`/api/v1/incidents/${usbId}/decision`, { decision: "x" }), 403, "incident_forbidden");
    const d = await ciso.post(`/api/v1/incidents/${usbId}/decision`, { decision: "全庁でUSBメモリの暗号化を徹底すること" });
    assert.equal(d.status, 200, d.text);
    assert.ok(d.json.decided_at);
    await code(member.post(`/api/v1/incidents/${usbId}/close`, { lessons: "媒体は暗号化する" }), 409, "incident_tasks_open");
    for (const t of d.json.tasks.filter((x) => x.state === "open"))
      assert.equal((await member.post(`/api/v1/incidents/${usbId}/tasks/${t.id}/done`, { result: "確認した" })).status, 200);
    await code(member.post(`/api/v1/incidents/${usbId}/close`, { lessons: "" }), 400, "required");
    /* 第20条: the CSIRT lead is recorded as the causer and may not close it */
    await code(csirt.post(`/api/v1/incidents/${usbId}/close`, { lessons: "媒体は暗号化する" }), 403, "separation_of_duties");
    const lessons = "媒体は暗号化する";
    const done = await member.post(`/api/v1/incidents/${usbId}/close`, { lessons, review_fiscal_year: fiscalYearOf(0) + 1,
      change_request_id: liveRequest, follow_up: "次年度の見直しで持ち出し規定を検討" });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.state, "closed");
    assert.equal(done.json.review_fiscal_year, fiscalYearOf(0) + 1);
    assert.equal(done.json.change_request_id, liveRequest);
    assert.equal(sql(`SELECT review_fiscal_year || '/' || change_request_id FROM incidents WHERE id = ${usbId}`), `${fiscalYearOf(0) + 1}/${liveRequest}`);
    await code(member.post(`/api/v1/incidents/${usbId}/triage`, { is_incident: false, note: "x" }), 409, "incident_state");
    const actions = sql(`SELECT group_concat(action, ' ') FROM (SELECT action FROM trail_entries WHERE object_type = 'incident'
      AND object_id = ${usbId} AND action NOT IN ('incident.seen') ORDER BY seq)`);
    assert.match(actions, /^incident.report incident.triage incident.task_add .*incident.cause incident.decide .*incident.close$/);
  });

  test("the closure names where the lessons go (第165条): a review still to come or a live change request; otherwise refused, nothing written", async () => {
    /* a second report, taken to the point of closure */
    const r = await staff.post("/api/v1/incidents", { ...usbReport(), title: "書類の誤送付", personal_data: "none", personal_data_kinds: undefined, affected_count: undefined });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    assert.equal((await csirt.post(`/api/v1/incidents/${id}/triage`, { is_incident: true, category: "misdelivery", severity: "low", note: "x" })).status, 200);
    assert.equal((await csirt.post(`/api/v1/incidents/${id}/cause`, { cause: "宛先の確認漏れ", prevention: "二人で確認" })).status, 200);
    assert.equal((await ciso.post(`/api/v1/incidents/${id}/decision`, { decision: "送付前の確認を徹底" })).status, 200);
    /* the review of the 年度 the incident was noticed in, held yesterday */
    const noticedFy = fiscalYearOf(-1);
    const rv = await ciso.post("/api/v1/policy-reviews", { fiscal_year: noticedFy, reviewed_on: jstDate(-1),
      risk_evaluation: "評価", decisions: "決定" });
    assert.equal(rv.status, 201, rv.text);
    const draft = await staff.post("/api/v1/requests", { type: "security_setting_change",
      fields: { device: "PC-0102", setting: "USB", reason: "x" } });
    assert.equal(draft.status, 201, draft.text);
    const before = sql(`SELECT state || updated_at FROM incidents WHERE id = ${id}`);
    const close = (body) => csirt.post(`/api/v1/incidents/${id}/close`, { lessons: "宛先は二人で確認する", ...body });
    await code(close({}), 400, "incident_no_follow_up");
    await code(close({ review_fiscal_year: "来年" }), 400, "invalid_type");
    await code(close({ review_fiscal_year: 1999 }), 400, "invalid_fiscal_year");
    await code(close({ review_fiscal_year: noticedFy - 1 }), 400, "review_year_before_incident");
    await code(close({ review_fiscal_year: fiscalYearOf(0) + 2 }), 400, "review_year_too_far");
    const held = await code(close({ review_fiscal_year: noticedFy }), 409, "review_already_held");
    assert.match(held.text, /review_fiscal_year/);
    assert.match(held.text, new RegExp(jstDate(-1)), "the date the review was held");
    await code(close({ change_request_id: 999999 }), 400, "change_request_not_found");
    await code(close({ change_request_id: draft.json.id }), 409, "change_request_not_alive");
    await code(close({ review_fiscal_year: fiscalYearOf(0) + 1, change_request_id: draft.json.id }), 409, "change_request_not_alive");
    assert.equal(sql(`SELECT state || updated_at FROM incidents WHERE id = ${id}`), before, "nothing written");
    const ok = await close({ change_request_id: liveRequest });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.review_fiscal_year, null);
    assert.equal(ok.json.change_request_id, liveRequest);
  });

  test("the 年度の見直し lists the closed incidents that named it for their lessons; one hidden from the reader is counted, not listed", async () => {
    const next = fiscalYearOf(0) + 1;
    const list = await ciso.get("/api/v1/policy-reviews");
    assert.equal(list.status, 200, list.text);
    /* no review of the next 年度 yet: its lessons wait under incidents_pending */
    assert.ok(list.json.items.every((r) => r.fiscal_year !== next), list.text);
    const pending = list.json.incidents_pending.find((y) => y.fiscal_year === next);
    assert.ok(pending, list.text);
    const item = pending.items.find((x) => x.id === usbId);
    assert.ok(item, list.text);
    assert.equal(item.title, "USBメモリの紛失");
    assert.equal(item.category, "loss_theft");
    assert.equal(item.category_label, "紛失・盗難");
    assert.equal(item.lessons, "媒体は暗号化する");
    assert.equal(item.closed_at, sql(`SELECT closed_at FROM incidents WHERE id = ${usbId}`));
    /* not in another 年度's review: the one held yesterday, nor anywhere for the closure that named a request only */
    const held = list.json.items.find((r) => r.fiscal_year === fiscalYearOf(-1));
    assert.ok(held && held.incidents.items.every((x) => x.id !== usbId) && held.incidents.hidden === 0, list.text);
    const requestOnly = num(`SELECT id FROM incidents WHERE title = '書類の誤送付'`);
    const everywhere = [...list.json.items.map((r) => r.incidents), ...list.json.incidents_pending].flatMap((y) => y.items);
    assert.ok(everywhere.every((x) => x.id !== requestOnly), list.text);
    assert.equal(everywhere.filter((x) => x.id === usbId).length, 1);

    /* once the review of that 年度 is recorded, it carries them (the record and the list) */
    const rv = await ciso.post("/api/v1/policy-reviews", { fiscal_year: next, reviewed_on: `${next + 1}-03-20`,
      risk_evaluation: "持出し媒体のリスクを再評価", decisions: "持出し規定を改める" });
    assert.equal(rv.status, 201, rv.text);
    assert.deepEqual(rv.json.incidents.items.map((x) => x.id), pending.items.map((x) => x.id));
    const one = await ciso.get(`/api/v1/policy-reviews/${rv.json.id}`);
    assert.ok(one.json.incidents.items.some((x) => x.id === usbId), one.text);
    const after = await ciso.get("/api/v1/policy-reviews");
    assert.ok(after.json.incidents_pending.every((y) => y.fiscal_year !== next), after.text);
    assert.ok(after.json.items.find((r) => r.fiscal_year === next).incidents.items.some((x) => x.id === usbId));

    /* need-to-know: the 副統括 manages the policy but is not on this report's chain */
    const deputyId = holder("deputy_chief_security_officer");
    const deputy = await account(sql(`SELECT staff_no FROM people WHERE id = ${deputyId}`), "deputy.chief");
    assert.equal((await deputy.get(`/api/v1/incidents/${usbId}`)).status, 404);
    const d = await deputy.get(`/api/v1/policy-reviews/${rv.json.id}`);
    assert.equal(d.status, 200, d.text);
    assert.ok(d.json.incidents.items.every((x) => x.id !== usbId), d.text);
    assert.equal(d.json.incidents.hidden, rv.json.incidents.items.length - d.json.incidents.items.length);
    assert.ok(d.json.incidents.hidden >= 1);
    assert.doesNotMatch(d.text, /USBメモリの紛失|媒体は暗号化する/);
    const dl = await deputy.get("/api/v1/policy-reviews");
    assert.equal(dl.json.items.find((r) => r.fiscal_year === next).incidents.hidden, d.json.incidents.hidden);
  });

  test("a report that is not an incident is closed by the assessment, with its reason", async () => {
    const r = await staff.post("/api/v1/incidents", { ...usbReport(), title: "迷惑メールの受信", personal_data: "none",
      personal_data_kinds: undefined, affected_count: undefined });
    assert.equal(r.status, 201, r.text);
    const n = await member.post(`/api/v1/incidents/${r.json.id}/triage`, { is_incident: false, note: "フィルタで隔離済み。被害なし" });
    assert.equal(n.status, 200, n.text);
    assert.equal(n.json.state, "not_incident");
    assert.equal(n.json.category, null);
  });
});

describe("notes and the timeline", () => {
  test("anyone who may read the report adds notes; the timeline shows everything with who and when", async () => {
    const strangerNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
      WHERE u.code = 'fukushi-kaigo' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
    const stranger = await account(strangerNo, "kaigo.staff");
    const before = num("SELECT count(*) FROM incident_notes");
    const refused = await stranger.post(`/api/v1/incidents/${usbId}/notes`, { body: "見てもいいですか" });
    assert.equal(refused.status, 404);
    assert.equal(refused.json.code, "incident_not_found");
    const empty = await staff.post(`/api/v1/incidents/${usbId}/notes`, { body: "" });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.field, "body");
    assert.equal(num("SELECT count(*) FROM incident_notes"), before);
    const ok = await staff.post(`/api/v1/incidents/${usbId}/notes`, { body: "最後に使ったのは3階の会議室です。" });
    assert.equal(ok.status, 200, ok.text);

    const tl = await staff.get(`/api/v1/incidents/${usbId}/timeline`);
    assert.equal(tl.status, 200, tl.text);
    const actions = tl.json.items.map((x) => x.action);
    assert.equal(actions[0], "incident.report");
    assert.equal(actions.at(-1), "incident.note");
    assert.ok(actions.includes("incident.seen") && actions.includes("incident.triage") && actions.includes("incident.close"));
    assert.ok(tl.json.items.every((x) => x.actor_name && x.action_label), tl.text);
    assert.equal(tl.json.items.at(-1).after.body, "最後に使ったのは3階の会議室です。");
    const times = tl.json.items.map((x) => x.time);
    assert.deepEqual([...times].sort(), times);

    const txt = await staff.req("GET", `/api/v1/incidents/${usbId}/timeline.txt`);
    assert.equal(txt.status, 200);
    assert.match(txt.headers.get("content-type"), /^text\/plain/);
    assert.match(txt.text, /インシデントの報告/);
    assert.match(txt.text, /最後に使ったのは3階の会議室です。/);
    assert.equal((await stranger.get(`/api/v1/incidents/${usbId}/timeline`)).status, 404);
    assert.equal((await stranger.req("GET", `/api/v1/incidents/${usbId}/timeline.txt`)).status, 404);
  });
});

describe("evidence (chain of custody)", () => {
  const upload = (c, id, bytes, q) => c.req("POST", `/api/v1/incidents/${id}/evidence?${q}`, undefined,
    { raw: bytes, headers: { "content-type": "application/octet-stream" } });

  test("stored once by SHA-256 (0600 in a 0700 folder), each upload and view in the trail; a changed file is refused", async () => {
    const bytes = Buffer.from("From: attacker@example.com\r\nSubject: 請求書\r\n\r\n添付を開いてください\r\n", "utf8");
    const sha = createHash("sha256").update(bytes).digest("hex");
    const before = num("SELECT count(*) FROM incident_evidence");
    const empty = await upload(manager, usbId, Buffer.alloc(0), "name=x.eml");
    assert.equal(empty.status, 400, empty.text);
    assert.equal(empty.json.code, "evidence_empty");
    const noName = await upload(manager, usbId, bytes, "");
    assert.equal(noName.status, 400, noName.text);
    assert.equal(noName.json.field, "name");
    const slash = await upload(manager, usbId, bytes, "name=" + encodeURIComponent("../x.eml"));
    assert.equal(slash.status, 400, slash.text);
    const strangerNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
      WHERE u.code = 'fukushi-kenko' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
    const stranger = await account(strangerNo, "kenko.staff");
    assert.equal((await upload(stranger, usbId, bytes, "name=x.eml")).status, 404);
    assert.equal(num("SELECT count(*) FROM incident_evidence"), before);

    const r = await upload(manager, usbId, bytes, `name=${encodeURIComponent("不審メール.eml")}&description=${encodeURIComponent("受信したメールの原本")}`);
    assert.equal(r.status, 201, r.text);
    const ev = r.json.evidence.find((x) => x.id === r.json.evidence_id);
    assert.equal(ev.sha256, sha);
    assert.equal(ev.size, bytes.length);
    assert.equal(ev.name, "不審メール.eml");
    const file = `${srv.db}.evidence/${sha}`;
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(`${srv.db}.evidence`).mode & 0o777, 0o700);
    assert.deepEqual(readFileSync(file), bytes);

    const got = await staff.req("GET", `/api/v1/incidents/${usbId}/evidence/${ev.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get("content-type"), "application/octet-stream");
    assert.equal(createHash("sha256").update(got.text, "utf8").digest("hex"), sha);
    assert.equal((await stranger.req("GET", `/api/v1/incidents/${usbId}/evidence/${ev.id}`)).status, 404);
    assert.equal((await staff.req("GET", `/api/v1/incidents/${usbId}/evidence/999999`)).status, 404);
    const trail = sql(`SELECT group_concat(action, ' ') FROM trail_entries WHERE object_type = 'incident' AND object_id = ${usbId}
      AND action LIKE 'incident.evidence%'`);
    assert.equal(trail, "incident.evidence_add incident.evidence_view");

    writeFileSync(file, Buffer.concat([bytes, Buffer.from("改ざん")]));
    const bad = await staff.req("GET", `/api/v1/incidents/${usbId}/evidence/${ev.id}`);
    assert.equal(bad.status, 500);
    assert.equal(JSON.parse(bad.text).code, "evidence_tampered");
  });

  test("lgsec backup copies the evidence beside the database, checked by hash; the copy restores", async () => {
    const dir = mkdtempSync(join(tmpdir(), "inc-backup-"));
    /* the file changed by the test above is refused, not copied */
    const refused = cli(["backup", "--db", srv.db, join(dir, "a.db")]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /evidence_tampered/);
    const tampered = sql("SELECT sha256 FROM incident_evidence ORDER BY id LIMIT 1");
    assert.equal(existsSync(join(dir, "a.db.evidence", tampered)), false);
    writeFileSync(`${srv.db}.evidence/${tampered}`, Buffer.from("From: attacker@example.com\r\nSubject: 請求書\r\n\r\n添付を開いてください\r\n", "utf8"));

    const bytes = Buffer.from("ログの抜粋: 10.0.0.8 → 203.0.113.9:443\n", "utf8");
    const up = await upload(manager, usbId, bytes, "name=log.txt");
    assert.equal(up.status, 201, up.text);
    const sha = createHash("sha256").update(bytes).digest("hex");
    const copy = join(dir, "b.db");
    const r = cli(["backup", "--db", srv.db, copy]);
    assert.equal(r.status, 0, r.stderr);
    const files = num("SELECT count(DISTINCT sha256) FROM incident_evidence");
    assert.match(r.stdout, new RegExp(`${files} evidence files`));
    assert.equal(statSync(`${copy}.evidence`).mode & 0o777, 0o700);
    assert.equal(statSync(`${copy}.evidence/${sha}`).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(`${copy}.evidence/${sha}`), bytes);
    assert.match(cli(["backup", "--db", srv.db, copy]).stderr, /backup_exists/);

    /* restored: a server on the copy serves the evidence (re-hashed on reading) to the same session */
    const restored = await startServer({ db: copy });
    try {
      const got = await fetch(`${restored.url}/api/v1/incidents/${usbId}/evidence/${up.json.evidence_id}`, { headers: { cookie: manager.cookie } });
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    } finally {
      await restored.stop();
    }
  });
});

describe("reports outside with deadlines as pack data", () => {
  let id, accessId;
  const kinds = (r) => r.json.items.map((x) => x.kind).sort();

  test("施行規則 第43条第2号: data that may cause financial loss, even for one person, is reported to the commission", async () => {
    const r = await staff.post("/api/v1/incidents", { ...usbReport(), personal_data_kinds: ["financial"], affected_count: 1 });
    assert.equal(r.status, 201, r.text);
    const reports = await csirt.get(`/api/v1/incidents/${r.json.id}/reports`);
    assert.deepEqual(kinds(reports), ["ppc_final", "ppc_preliminary", "soumu_pref"]);
    assert.match(reports.json.items.find((x) => x.kind === "ppc_preliminary").citation, /第43条第1号〜第4号/);
  });

  test("which reports apply follows the facts; deadlines count from the day it was noticed", async () => {
    const r = await staff.post("/api/v1/incidents", usbReport());
    assert.equal(r.status, 201, r.text);
    id = r.json.id;
    assert.equal((await staff.get(`/api/v1/incidents/${id}/reports`)).json.code, "incident_forbidden");
    const before = await csirt.get(`/api/v1/incidents/${id}/reports`);
    assert.equal(before.status, 200, before.text);
    /* 要配慮個人情報 (and more than 100 people): the commission's 速報 and 確報; 総務省・北海道 always */
    assert.deepEqual(kinds(before), ["ppc_final", "ppc_preliminary", "soumu_pref"]);
    await csirt.post(`/api/v1/incidents/${id}/triage`, { is_incident: true, category: "loss_theft", severity: "high" });
    const after = await ciso.get(`/api/v1/incidents/${id}/reports`);
    assert.deepEqual(kinds(after), ["ppc_final", "ppc_preliminary", "publication", "soumu_pref"]);
    const pre = after.json.items.find((x) => x.kind === "ppc_preliminary");
    assert.equal(pre.due_date, jstDate(4)); /* noticed yesterday, 5 days */
    assert.equal(pre.days_left, 4);
    assert.match(pre.citation, /第68条第1項/);
    assert.equal(after.json.items.find((x) => x.kind === "ppc_final").due_date, jstDate(29));
    assert.deepEqual(pre.form.map((f) => f.label), ["概要", "漏えい等が発生し、又は発生したおそれがある保有個人情報の項目",
      "本人の数", "原因", "二次被害又はそのおそれの有無及びその内容", "本人への対応の実施状況", "公表の実施状況",
      "再発防止のための措置", "その他参考となる事項"]);
    assert.match(pre.draft.summary, /USBメモリの紛失/);
    assert.equal(pre.draft.items, "個人情報、要配慮個人情報");
    assert.equal(pre.draft.affected, "120人 (概数)");

    /* 不正の目的のおそれ (不正アクセス): the 確報 has 60 days, and a few ordinary records suffice */
    const a = await staff.post("/api/v1/incidents", { ...usbReport(), title: "不正アクセスの疑い", personal_data_kinds: ["personal"], affected_count: 5 });
    accessId = a.json.id;
    assert.deepEqual(kinds(await csirt.get(`/api/v1/incidents/${accessId}/reports`)), ["soumu_pref"]);
    await csirt.post(`/api/v1/incidents/${accessId}/triage`, { is_incident: true, category: "unauthorized_access", severity: "medium" });
    const ua = await csirt.get(`/api/v1/incidents/${accessId}/reports`);
    assert.deepEqual(kinds(ua), ["ppc_final", "ppc_preliminary", "soumu_pref"]);
    assert.equal(ua.json.items.find((x) => x.kind === "ppc_final").due_date, jstDate(59));
  });

  test("the submitted version is frozen with its hash; once per kind; bad input refused", async () => {
    const fields = { summary: "USBメモリの紛失", items: "要配慮個人情報", affected: "120人", cause: "", secondary_damage: "なし",
      response: "本人へ通知予定", publication: "", prevention: "暗号化", other: "" };
    const bad = async (body, status, code, field) => {
      const r = await csirt.post(`/api/v1/incidents/${id}/reports`, body);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.code, code, r.text);
      if (field) assert.equal(r.json.field, field, r.text);
    };
    await bad({ kind: "ppc_nothing", fields }, 400, "invalid_report_kind", "kind");
    await bad({ kind: "ppc_preliminary", fields: { ...fields, summary: "" } }, 400, "required", "fields.summary");
    await bad({ kind: "ppc_preliminary", fields: { ...fields, mood: "x" } }, 400, "unknown_field", "fields");
    await bad({ kind: "ppc_preliminary", fields: "text" }, 400, "invalid_type", "fields");
    await bad({ kind: "ppc_mynumber", fields }, 409, "report_not_applicable", "kind");
    assert.equal((await staff.post(`/api/v1/incidents/${id}/reports`, { kind: "ppc_preliminary", fields })).status, 403);
    assert.equal(num(`SELECT count(*) FROM incident_external_reports WHERE incident_id = ${id}`), 0);

    const r = await csirt.post(`/api/v1/incidents/${id}/reports`, { kind: "ppc_preliminary", fields });
    assert.equal(r.status, 201, r.text);
    const sub = r.json.items.find((x) => x.kind === "ppc_preliminary").submitted;
    assert.equal(sub.body.fields.secondary_damage, "なし");
    const body = sql(`SELECT body FROM incident_external_reports WHERE id = ${sub.id}`);
    assert.equal(createHash("sha256").update(body, "utf8").digest("hex"), sub.sha256);
    const trail = JSON.parse(sql(`SELECT entry FROM trail_entries WHERE action = 'incident.report_submit' AND object_id = ${id}`));
    assert.equal(trail.after.sha256, sub.sha256);
    await bad({ kind: "ppc_preliminary", fields }, 409, "report_submitted", "kind");
    const tamper = spawnSync("sqlite3", [srv.db, `UPDATE incident_external_reports SET body = '{}' WHERE id = ${sub.id}`], { encoding: "utf8" });
    assert.match(tamper.stderr, /frozen/);
  });

  test("a deadline that passed without a submission is overdue", async () => {
    sql(`UPDATE incidents SET occurred_at = NULL, noticed_at = '2000-01-01T00:00:00Z' WHERE id = ${accessId}`);
    const r = await csirt.get(`/api/v1/incidents/${accessId}/reports`);
    assert.ok(r.json.items.every((x) => x.overdue && x.remind && x.days_left < 0), r.text);
    /* on the CSIRT's home, not on the reporter's */
    const home = (await csirt.get("/api/v1/home")).json.tasks;
    assert.ok(home.some((x) => x.kind === "incident_reports_overdue"), JSON.stringify(home));
    assert.equal((await staff.get("/api/v1/home")).json.tasks.some((x) => x.kind.startsWith("incident_reports")), false);
  });
});

describe("indicators", () => {
  test("the CSIRT records IP addresses, domains, hashes, mail addresses and URLs, checked and kept once", async () => {
    const post = (c, body) => c.post(`/api/v1/incidents/${usbId}/indicators`, body);
    const before = num("SELECT count(*) FROM incident_indicators");
    for (const [kind, value] of [["ip", "999.1.1.1"], ["ip", "example.com"], ["domain", "-bad-.example"], ["domain", "nodot"],
      ["hash", "abc123"], ["hash", "z".repeat(64)], ["email", "no-at.example.com"], ["email", "a@b@c.example"], ["url", "javascript:alert(1)"]]) {
      const r = await post(csirt, { kind, value });
      assert.equal(r.status, 400, `${kind} ${value}: ${r.text}`);
      assert.equal(r.json.code, "invalid_indicator");
      assert.equal(r.json.field, "value");
    }
    assert.equal((await post(csirt, { kind: "mac", value: "x" })).json.code, "invalid_indicator_kind");
    assert.equal((await post(staff, { kind: "ip", value: "192.0.2.10" })).status, 403);
    assert.equal(num("SELECT count(*) FROM incident_indicators"), before);
    for (const [kind, value] of [["ip", "192.0.2.10"], ["ip", "2001:DB8::0:1"], ["domain", "Evil.Example.COM"],
      ["hash", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"], ["email", "Attacker@Example.com"],
      ["url", "https://example.com/Login"]])
      assert.equal((await post(csirt, { kind, value, note: "攻撃元" })).status, 200);
    const again = await post(csirt, { kind: "domain", value: "evil.example.com" });
    const values = again.json.indicators.map((x) => x.value);
    assert.deepEqual(values, ["192.0.2.10", "2001:db8::1", "evil.example.com",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "attacker@example.com", "https://example.com/Login"]);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'incident.indicator_add' AND object_id = ${usbId}`), 6);
    /* readers of the report see them */
    assert.equal((await staff.get(`/api/v1/incidents/${usbId}`)).json.indicators.length, 6);
  });
});

describe("the list with filters", () => {
  test("a report the 統一的な窓口 took in by mail is marked in the list; one from the form is not", async () => {
    const r = spawnSync(BIN, ["incident", "intake", "--db", srv.db, "--receiver", sql(`SELECT staff_no FROM people WHERE id = ${csirtId}`),
      "--no-malware-scan"], { input: residentMail("list-mark-1"), encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    assert.equal(r.status, 0, r.stderr);
    const mailId = Number(/No\.(\d+)/.exec(r.stdout)[1]);
    const items = (await csirt.get("/api/v1/incidents?box=chain")).json.items;
    assert.equal(items.find((x) => x.id === mailId)?.by_mail, true, JSON.stringify(items[0]));
    assert.equal(items.find((x) => x.id === usbId)?.by_mail, false);
  });

  test("state, category, severity, 課室 and overdue tasks; bad filters refused", async () => {
    const list = async (q) => {
      const r = await csirt.get(`/api/v1/incidents?box=chain&${q}`);
      assert.equal(r.status, 200, r.text);
      return r.json.items;
    };
    assert.ok((await list("state=closed")).some((x) => x.id === usbId));
    assert.ok((await list("state=closed")).every((x) => x.state === "closed"));
    assert.ok((await list("category=loss_theft&severity=high")).every((x) => x.category === "loss_theft" && x.severity === "high"));
    const zaisei = num("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'");
    const kikakuBu = num("SELECT id FROM org_units WHERE code = 'kikaku'");
    const inZaisei = await list(`unit_id=${zaisei}`);
    assert.ok(inZaisei.length > 0 && inZaisei.every((x) => x.unit_name === "財政課"));
    assert.equal((await list(`unit_id=${kikakuBu}`)).length >= inZaisei.length, true); /* the 部局 includes its 課 */
    const open = (await list("state=triaged"))[0];
    const t = await csirt.post(`/api/v1/incidents/${open.id}/tasks`, { kind: "recovery", title: "復旧", owner_person_id: managerId, due_date: jstDate(1) });
    assert.equal(t.status, 201, t.text);
    assert.equal((await list("overdue=true")).some((x) => x.id === open.id), false);
    sql(`UPDATE incident_tasks SET due_date = '2000-01-01' WHERE incident_id = ${open.id} AND state = 'open'`);
    const late = await list("overdue=true");
    assert.ok(late.some((x) => x.id === open.id && x.overdue), JSON.stringify(late));
    /* the owner of a task finds the report in their list */
    assert.ok((await manager.get("/api/v1/incidents?box=chain")).json.items.some((x) => x.id === open.id));
    for (const q of ["state=lost", "category=ufo", "severity=extreme", "unit_id=abc", "overdue=maybe", "box=all"]) {
      const r = await csirt.get(`/api/v1/incidents?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.code, "invalid_parameter", q);
    }
  });
});

describe("the 年度 figures", () => {
  test("counts by category and 課室, time to triage and close, for the CSIRT and the CISO", async () => {
    const fy = fiscalYearOf(-1); /* the reports were noticed yesterday */
    const r = await ciso.get(`/api/v1/incidents/stats?fiscal_year=${fy}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.fiscal_year, fy);
    assert.equal(r.json.total, num(`SELECT count(*) FROM incidents WHERE noticed_at >= '${fy}-03-31T15:00:00Z'
      AND noticed_at < '${fy + 1}-03-31T15:00:00Z'`));
    assert.ok(r.json.closed >= 1 && r.json.not_incident >= 1 && r.json.open >= 1, r.text);
    assert.ok(r.json.by_category.find((x) => x.id === "loss_theft").count >= 1);
    assert.ok(r.json.by_unit.some((x) => x.unit_name === "財政課"));
    assert.equal(typeof r.json.median_hours_to_triage, "number");
    assert.equal(typeof r.json.median_hours_to_close, "number");
    const empty = await csirt.get(`/api/v1/incidents/stats?fiscal_year=${fy - 10}`);
    assert.equal(empty.json.total, 0);
    assert.equal(empty.json.median_hours_to_close, null);
    assert.equal((await staff.get(`/api/v1/incidents/stats?fiscal_year=${fy}`)).json.code, "incident_forbidden");
    for (const q of ["", "?fiscal_year=R8", "?fiscal_year=99"])
      assert.equal((await csirt.get(`/api/v1/incidents/stats${q}`)).json.code, "invalid_fiscal_year", q);
    assert.equal(r.json.by_severity[0].id, "critical"); /* graver first */
    assert.ok(r.json.by_severity.find((x) => x.id === "high").count >= 1);
    const ppc = r.json.external_reports.find((x) => x.id === "ppc_preliminary");
    assert.equal(ppc.count, 1, r.text);
    assert.equal(ppc.late, 0);
  });

  /** The response body as bytes (the test client reads text). */
  const download = async (client, path) => {
    const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
    return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  test("the report for the 委員会: PDF (和暦) and XLSX with the same figures", async () => {
    const fy = fiscalYearOf(-1);
    const figures = (await ciso.get(`/api/v1/incidents/stats?fiscal_year=${fy}`)).json;
    const pdf = await download(ciso, `/api/v1/incidents/stats/pdf?fiscal_year=${fy}`);
    assert.equal(pdf.status, 200);
    assert.match(pdf.type, /application\/pdf/);
    const text = pdfText(pdf.bytes).join("\n");
    assert.match(text, new RegExp(`令和${reiwaYear(fy)}年度`));
    assert.match(text, /情報セキュリティインシデントの状況/);
    assert.match(text, new RegExp(`報告の総数\\s*${figures.total}件`));
    assert.match(text, /紛失・盗難/);
    assert.match(text, /財政課/);
    assert.match(text, /個人情報保護委員会への報告 \(速報\)\s*1件/);
    const xlsx = await download(csirt, `/api/v1/incidents/stats/xlsx?fiscal_year=${fy}`);
    assert.equal(xlsx.status, 200);
    const file = join(mkdtempSync(join(tmpdir(), "inc-stats-")), "s.xlsx");
    writeFileSync(file, xlsx.bytes);
    const strings = spawnSync("unzip", ["-p", file, "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"], { encoding: "utf8" }).stdout;
    for (const w of ["課室等別の件数", "財政課", "紛失・盗難", `${figures.total}件`, "個人情報保護委員会への報告 (速報)"])
      assert.ok(strings.includes(w), w);
    for (const p of ["pdf", "xlsx"]) {
      assert.equal((await download(staff, `/api/v1/incidents/stats/${p}?fiscal_year=${fy}`)).status, 403, p);
      assert.equal((await download(ciso, `/api/v1/incidents/stats/${p}?fiscal_year=R8`)).status, 400, p);
    }
  });
});

test("incidents and their tasks edited in the database without a trail entry are named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  // (the suite itself moved some dates back in the database to test overdue reports: those show too)
  const mine = (out) => out.split("\n").filter((l) => /^\s*(incidents|incident_tasks) .*column (title|result)/.test(l));
  assert.deepEqual(mine(verify().stdout), []);
  const incident = sql("SELECT max(id) FROM incidents");
  const task = sql("SELECT max(id) FROM incident_tasks WHERE state = 'done'");
  assert.ok(incident && task, "the suite made an incident and finished a task");
  sql(`UPDATE incidents SET title = title || '（改）' WHERE id = ${incident}`);
  sql(`UPDATE incident_tasks SET result = '未実施' WHERE id = ${task}`);
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`incidents id ${incident} column title: .* in the trail, .*（改）" in the register \\[reconcile_differs\\]`));
  assert.match(r.stdout, new RegExp(`incident_tasks id ${task} column result: .* in the trail, "未実施" in the register \\[reconcile_differs\\]`));
  sql(`INSERT INTO incident_tasks(incident_id, kind, title, owner_person_id, due_date, created_by, created_at)
       SELECT incident_id, 'containment', title, owner_person_id, due_date, created_by, created_at FROM incident_tasks WHERE id = ${task}`);
  const added = sql("SELECT max(id) FROM incident_tasks");
  assert.match(verify().stdout, new RegExp(`incident_tasks id ${added}: a row no trail entry records`));
});

test("evidence and reports outside edited in the database without a trail entry are named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]).stdout;
  const mine = (out) => out.split("\n").filter((l) => /^\s*incident_(evidence|external_reports) /.test(l));
  assert.deepEqual(mine(verify()), []);
  const evidence = sql("SELECT max(id) FROM incident_evidence");
  const [incident, kind] = sql("SELECT incident_id || ' ' || kind FROM incident_external_reports ORDER BY id LIMIT 1").split(" ");
  assert.ok(evidence && incident && kind, "the suite stored evidence and submitted a report");
  const name = sql(`SELECT name FROM incident_evidence WHERE id = ${evidence}`);
  sql(`UPDATE incident_evidence SET name = 'すり替え.txt' WHERE id = ${evidence}`);
  /* the frozen report needs its trigger dropped to be rewritten: the body's hash no longer matches */
  sql(`DROP TRIGGER incident_external_reports_frozen;
       UPDATE incident_external_reports SET body = replace(body, '"fields"', '"fields2"') WHERE incident_id = ${incident} AND kind = '${kind}';`);
  const out = verify();
  assert.match(out, new RegExp(`incident_evidence id ${evidence} column name: .* in the trail, "すり替え.txt" in the register \\[reconcile_differs\\]`));
  assert.match(out, new RegExp(`incident_external_reports id ${incident}/${kind} column sha256: .*\\[reconcile_differs\\]`));
  assert.equal(mine(out).length, 2, mine(out).join("\n"));
  sql(`UPDATE incident_evidence SET name = '${name.replaceAll("'", "''")}' WHERE id = ${evidence};
       UPDATE incident_external_reports SET body = replace(body, '"fields2"', '"fields"') WHERE incident_id = ${incident} AND kind = '${kind}';
       CREATE TRIGGER incident_external_reports_frozen BEFORE UPDATE ON incident_external_reports
       BEGIN SELECT RAISE(ABORT, 'a submitted report is frozen'); END;`);
  assert.deepEqual(mine(verify()), []);
});

test("a note edited, added or removed in the database without a trail entry is named by trail verify", async () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]).stdout;
  const notes = (out) => out.split("\n").filter((l) => /^\s*incident_notes /.test(l));
  assert.equal((await csirt.post(`/api/v1/incidents/${usbId}/notes`, { body: "記録のためのメモ" })).status, 200);
  assert.deepEqual(notes(verify()), []);
  const [first, last] = sql("SELECT min(id) || ' ' || max(id) FROM incident_notes").split(" ");
  assert.ok(first && last && first !== last, "the suite wrote two notes");
  sql(`UPDATE incident_notes SET body = '書き換えたメモ' WHERE id = ${first}`);
  sql(`INSERT INTO incident_notes(incident_id, author_id, body, created_at) SELECT incident_id, author_id, 'こっそり', created_at
       FROM incident_notes WHERE id = ${first}`);
  const added = sql("SELECT max(id) FROM incident_notes");
  sql(`DELETE FROM incident_notes WHERE id = ${last}`);
  const out = verify();
  assert.match(out, new RegExp(`incident_notes id ${first} column body: .* in the trail, "書き換えたメモ" in the register \\[reconcile_differs\\]`));
  assert.match(out, new RegExp(`incident_notes id ${last}: .*\\[reconcile_row_missing\\]`));
  assert.match(out, new RegExp(`incident_notes id ${added}: a row no trail entry records`));
  assert.equal(notes(out).length, 3, notes(out).join("\n"));
});

test("who was told and the indicators, edited, added or removed in the database without a trail entry, are named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]).stdout;
  const mine = (out) => out.split("\n").filter((l) => /^\s*incident_(recipients|indicators) /.test(l));
  /* the stall test moved one report's notification times back in the database: only those can show
   * (a row read since then was recorded again by its reading) */
  const before = mine(verify());
  assert.ok(before.every((l) => /column notified_at: .*"2000-01-01T00:00:00Z" in the register/.test(l)), before.join("\n"));
  const incident = sql(`SELECT incident_id FROM incident_recipients WHERE notified_at > '2001' GROUP BY incident_id
                        HAVING count(*) >= 2 ORDER BY incident_id DESC LIMIT 1`);
  assert.ok(incident, "a report told two people or more");
  const [edited, removed] = sql(`SELECT min(id) || ' ' || max(id) FROM incident_recipients WHERE incident_id = ${incident}`).split(" ");
  sql(`UPDATE incident_recipients SET seen_at = '2001-01-01T00:00:00Z' WHERE id = ${edited}`);
  sql(`INSERT INTO incident_recipients(incident_id, step, role, person_id, notified_at)
       SELECT incident_id, 'extra', role, NULL, notified_at FROM incident_recipients WHERE id = ${edited}`);
  const added = sql("SELECT max(id) FROM incident_recipients");
  sql(`DELETE FROM incident_recipients WHERE id = ${removed}`); /* after the insert: SQLite would reuse the largest id */
  const [indicator, gone] = sql(`SELECT min(id) || ' ' || max(id) FROM incident_indicators WHERE incident_id = ${usbId}`).split(" ");
  sql(`UPDATE incident_indicators SET value = '198.51.100.7' WHERE id = ${indicator}`);
  sql(`INSERT INTO incident_indicators(incident_id, kind, value, note, added_by, added_at)
       SELECT incident_id, 'domain', 'hidden.example.org', '', added_by, added_at FROM incident_indicators WHERE id = ${indicator}`);
  const planted = sql("SELECT max(id) FROM incident_indicators");
  sql(`DELETE FROM incident_indicators WHERE id = ${gone}`);
  const out = verify();
  const lines = mine(out).filter((l) => !before.includes(l));
  for (const want of [
    new RegExp(`incident_recipients id ${incident}/${edited} column seen_at: .*"2001-01-01T00:00:00Z" in the register \\[reconcile_differs\\]`),
    new RegExp(`incident_recipients id ${incident}/${removed}: .*\\[reconcile_row_missing\\]`),
    new RegExp(`incident_recipients id ${incident}/${added}: a row no trail entry records`),
    new RegExp(`incident_indicators id ${indicator} column value: .* in the trail, "198.51.100.7" in the register \\[reconcile_differs\\]`),
    new RegExp(`incident_indicators id ${gone}: .*\\[reconcile_row_missing\\]`),
    new RegExp(`incident_indicators id ${planted}: a row no trail entry records`),
  ])
    assert.ok(lines.some((l) => want.test(l)), `${want} in\n${lines.join("\n")}`);
  assert.equal(lines.length, 6, lines.join("\n"));
});
