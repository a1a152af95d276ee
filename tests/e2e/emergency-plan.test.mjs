// 緊急時対応計画 (第125条–第128条, docs/emergency-plan.md) over the API on the demo: the CSIRT drafts,
// the CISO approves (never an incomplete plan, never their own draft), an approved version never
// changes and the one before is kept read-only; the contacts are read live from the role register
// (a role change changes the plan and makes a review due, 第128条); who may read follows the incident
// chain; an incident shows its category's part; a drill is recorded against a version (第52条). Every
// bad field is refused with its code and field, and nothing is written.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, jstDateTime } from "./lib/clock.mjs";
import { pdfText } from "./lib/pdftext.mjs";

let srv, staff, manager, csirt, ciso, other;
let staffId, otherId, zaiseiAsset, planId;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));
const trail = (action) => num(`SELECT count(*) FROM trail_entries WHERE action = '${action}'`);

async function account(staffNo, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  return (await signInFirstTime(srv.url, login, temp)).client;
}

const holder = (role, scope = "") =>
  num(`SELECT person_id FROM role_assignments WHERE role = '${role}' ${scope} ORDER BY id LIMIT 1`);
const code = async (p, status, c, field) => {
  const r = await p;
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.code, c, r.text);
  if (field !== undefined) assert.equal(r.json.field, field, r.text);
  return r;
};

/** The response body as bytes (the test client reads text). */
const download = async (client, path) => {
  const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
};

const CATEGORIES = ["unauthorized_access", "malware", "loss_theft", "misdelivery", "misconfiguration", "insider",
  "outage", "dos", "other"];
const LOSS = "媒体を探す範囲と時刻を記録し、警察に遺失届。持ち出し記録と照合する。";
const fullPlan = () => ({
  title: "三笠市 緊急時対応計画",
  purpose: "情報資産へのセキュリティ侵害に迅速かつ適正に対処するため (第125条)",
  report_items: "発生日時、発見者、場所、対象の情報資産、個人情報の有無と人数、経過、応急措置",
  external_contacts: "岩見沢警察署 0126-00-0000",
  general_response: "証拠を保全し、被害の拡大を防ぐ",
  prevention: "原因を分析し、再発防止策をCISOに提案する (第56条)",
  review_on: jstDate(180),
  responses: CATEGORIES.map((c) => ({
    category: c,
    first_response: c === "loss_theft" ? LOSS : `${c} の初動`,
    recovery: "復旧の手順",
    report_to: c === "loss_theft" ? "警察" : "",
  })),
});

before(async () => {
  srv = await startServer({ demo: true });
  const zaisei = num("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'");
  zaiseiAsset = num(`SELECT id FROM assets WHERE unit_id = ${zaisei} ORDER BY id LIMIT 1`);
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${zaisei} AND title = '主事' ORDER BY id LIMIT 1`);
  staffId = num(`SELECT id FROM people WHERE staff_no = '${staffNo}'`);
  const managerId = holder("section_security_manager", `AND scope_id = ${zaisei}`);
  const otherNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code = 'shimin-zeimu' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
  otherId = num(`SELECT id FROM people WHERE staff_no = '${otherNo}'`);
  staff = await account(staffNo, "zaisei.staff");
  manager = await account(sql(`SELECT staff_no FROM people WHERE id = ${managerId}`), "zaisei.kacho");
  csirt = await account(sql(`SELECT staff_no FROM people WHERE id = ${holder("csirt_lead")}`), "csirt.lead");
  other = await account(otherNo, "zeimu.staff");
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});

after(async () => {
  await srv?.stop();
});

describe("緊急時対応計画", () => {
  test("before any plan: 404 for the current one, a review is due and on the editors' home", async () => {
    await code(csirt.get("/api/v1/emergency-plan/current"), 404, "plan_not_found");
    const r = await csirt.get("/api/v1/emergency-plan/review");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.due, true);
    assert.deepEqual(r.json.reasons.map((x) => x.kind), ["none"]);
    const home = await csirt.get("/api/v1/home");
    const task = home.json.tasks.find((t) => t.kind === "emergency_plan_review");
    assert.ok(task, JSON.stringify(home.json.tasks.map((t) => t.kind)));
    assert.equal(task.article, "第128条");
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((t) => t.kind === "emergency_plan_review"));
  });

  test("only the CSIRT and the 統括 draft; one draft at a time", async () => {
    assert.equal((await staff.post("/api/v1/emergency-plan/drafts", {})).status, 403);
    assert.equal((await ciso.post("/api/v1/emergency-plan/drafts", {})).status, 403, "the CISO approves, not drafts");
    const r = await csirt.post("/api/v1/emergency-plan/drafts", {});
    assert.equal(r.status, 201, r.text);
    planId = r.json.id;
    assert.equal(r.json.state, "draft");
    assert.equal(r.json.version_no, 1);
    assert.deepEqual(r.json.responses.map((x) => x.category), CATEGORIES, "the pack's categories, in order");
    assert.ok(r.json.responses.every((x) => x.first_response === null));
    await code(csirt.post("/api/v1/emergency-plan/drafts", {}), 409, "plan_draft_exists");
    assert.equal(trail("irplan.draft"), 1);
  });

  test("bad input: a clear field error and nothing written", async () => {
    const before = sql(`SELECT updated_at || title || review_on FROM irplan_versions WHERE id = ${planId}`);
    const edits = trail("irplan.edit");
    const good = fullPlan();
    const cases = [
      [{ title: "" }, "required", "title"],
      [{ title: "x".repeat(201) }, "too_long", "title"],
      [{ title: 3 }, "invalid_type", "title"],
      [{ report_items: "x".repeat(4001) }, "too_long", "report_items"],
      [{ review_on: jstDate(-1) }, "review_date_past", "review_on"],
      [{ review_on: "2026-02-30" }, "invalid_date", "review_on"],
      [{ review_on: jstDate(3 * 366 + 2) }, "invalid_date", "review_on"],
      [{ responses: "all" }, "invalid_type", "responses"],
      [{ responses: [{ category: "ufo", first_response: "x" }] }, "unknown_category", "category"],
      [{ responses: [{ category: "malware", first_response: "x" }, { category: "malware", first_response: "y" }] },
        "duplicate_category", "category"],
      [{ responses: [{ category: "malware" }] }, "required", "first_response"],
      [{ responses: [{ category: "malware", first_response: "x", extra: 1 }] }, "unknown_field", "extra"],
      [{ ...good, colour: "red" }, "unknown_field", "colour"],
      /* a bad field after good ones: the good ones are not written either */
      [{ ...good, review_on: "tomorrow" }, "invalid_date", "review_on"],
    ];
    for (const [body, c, field] of cases) {
      const r = await csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, body);
      assert.deepEqual([r.status, r.json.code, r.json.field], [400, c, field], JSON.stringify(body).slice(0, 80));
    }
    assert.equal(sql(`SELECT updated_at || title || review_on FROM irplan_versions WHERE id = ${planId}`), before);
    assert.equal(num(`SELECT count(*) FROM irplan_responses`), 0);
    assert.equal(trail("irplan.edit"), edits);
    assert.equal((await staff.patch(`/api/v1/emergency-plan/versions/${planId}`, { title: "x" })).status, 403);
    await code(csirt.patch("/api/v1/emergency-plan/versions/999999", { title: "x" }), 404, "plan_not_found");
  });

  test("the CISO approves only a complete plan (第126条), and not the CSIRT", async () => {
    await code(ciso.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {}), 409, "plan_incomplete", "report_items");
    const partial = fullPlan();
    partial.responses = partial.responses.filter((x) => x.category !== "dos");
    const w = await csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, partial);
    assert.equal(w.status, 200, w.text);
    assert.equal(w.json.responses.find((x) => x.category === "loss_theft").first_response, LOSS);
    assert.equal(w.json.responses.find((x) => x.category === "dos").first_response, null);
    await code(ciso.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {}), 409, "plan_incomplete", "responses");
    assert.equal((await csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, fullPlan())).status, 200);
    assert.equal((await csirt.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {})).status, 403);
    const r = await ciso.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "approved");
    assert.equal(r.json.is_current, true);
    assert.ok(r.json.approved_by_name);
    assert.equal(r.json.review.due, false, JSON.stringify(r.json.review));
    assert.equal(trail("irplan.approve"), 1);
    assert.ok(!(await csirt.get("/api/v1/home")).json.tasks.some((t) => t.kind === "emergency_plan_review"));
  });

  test("an approved version never changes, not even in the database", async () => {
    await code(csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, { title: "改" }), 409, "plan_not_draft");
    await code(ciso.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {}), 409, "plan_not_draft");
    const r = spawnSync("sqlite3", [srv.db, `UPDATE irplan_versions SET title = '改' WHERE id = ${planId}`], { encoding: "utf8" });
    assert.match(r.stderr, /read-only/);
    const d = spawnSync("sqlite3", [srv.db, `DELETE FROM irplan_responses WHERE version_id = ${planId}`], { encoding: "utf8" });
    assert.match(d.stderr, /read-only/);
    assert.equal(num(`SELECT count(*) FROM irplan_responses WHERE version_id = ${planId}`), CATEGORIES.length);
  });

  test("who reads: the incident chain (the 課長 too); anyone else gets 404", async () => {
    const r = await manager.get("/api/v1/emergency-plan/current");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.can_edit, false);
    await code(staff.get("/api/v1/emergency-plan/current"), 404, "plan_not_found");
    await code(other.get("/api/v1/emergency-plan"), 404, "plan_not_found");
    await code(other.get(`/api/v1/emergency-plan/versions/${planId}`), 404, "plan_not_found");
    await code(other.get("/api/v1/emergency-plan/current/pdf"), 404, "plan_not_found");
  });

  test("contacts are live: a new CSIRT member is in the plan at once, can read it, and a review is due (第128条)", async () => {
    const before = (await csirt.get("/api/v1/emergency-plan/current")).json;
    const step = (p) => p.contacts.chain.find((c) => c.step === "csirt");
    assert.ok(!step(before).holders.some((h) => h.person_id === otherId));
    assert.ok(before.contacts.emergency.some((c) => c.role === "ciso"), "the 緊急連絡網 (第13条8)");
    assert.equal(before.contacts.chain.find((c) => c.step === "section_manager").holders, null, "resolved per incident");
    // The register's times are in whole seconds: a role assigned within the second of the approval is
    // not after it (docs/emergency-plan.md). A person assigns roles later than that.
    await new Promise((r) => setTimeout(r, 1100));
    const a = await ciso.post("/api/v1/role-assignments",
      { person_id: otherId, role: "csirt_member", scope_kind: "organisation", valid_from: jstDate(0) });
    assert.equal(a.status, 201, a.text);
    const now = await csirt.get("/api/v1/emergency-plan/current");
    assert.ok(step(now.json).holders.some((h) => h.person_id === otherId), "no edit of the plan was needed");
    assert.equal(now.json.review.due, true);
    assert.ok(now.json.review.reasons.some((x) => x.kind === "roles"), JSON.stringify(now.json.review));
    assert.equal((await other.get("/api/v1/emergency-plan/current")).status, 200, "the new member reads the plan");
    assert.ok((await ciso.get("/api/v1/home")).json.tasks.some((t) => t.kind === "emergency_plan_review"));
  });

  test("an incident of 紛失・盗難 shows its part of the current plan to whoever may read the incident", async () => {
    const rep = await staff.post("/api/v1/incidents", {
      title: "USBメモリの紛失", description: "会議から戻ると見当たらない", noticed_at: jstDateTime(-1, "17:40"),
      asset_id: zaiseiAsset, personal_data: "none",
    });
    assert.equal(rep.status, 201, rep.text);
    const id = rep.json.id;
    const untriaged = await staff.get(`/api/v1/incidents/${id}/plan`);
    assert.equal(untriaged.status, 200, untriaged.text);
    assert.equal(untriaged.json.response, null, "no category yet");
    assert.equal(untriaged.json.plan.id, planId);
    const t = await csirt.post(`/api/v1/incidents/${id}/triage`, { is_incident: true, category: "loss_theft", severity: "high" });
    assert.equal(t.status, 200, t.text);
    const r = await staff.get(`/api/v1/incidents/${id}/plan`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.label, "紛失・盗難");
    assert.equal(r.json.response.first_response, LOSS);
    assert.equal(r.json.response.report_to, "警察");
    assert.match(r.json.report_items, /発生日時/);
    assert.equal(r.json.plan.version_no, 1);
    await code(manager.get("/api/v1/incidents/999999/plan"), 404, "incident_not_found");
    const stranger = await account(sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
      WHERE u.code = 'shimin-zeimu' AND p.title = '主事' ORDER BY p.id LIMIT 1 OFFSET 1`), "zeimu.staff2");
    await code(stranger.get(`/api/v1/incidents/${id}/plan`), 404, "incident_not_found");
  });

  let drill;
  test("a drill is recorded against the approved version and its 紛失・盗難 part (第52条)", async () => {
    const d = await ciso.post("/api/v1/training/drills", {
      fiscal_year: fiscalYearOf(0), title: "USBメモリ紛失の訓練", held_on: jstDate(0),
      scenario: "職員がUSBメモリを紛失した想定で、計画どおりに報告する", scope: "財政課・CSIRT",
    });
    assert.equal(d.status, 201, d.text);
    drill = d.json.id;
    assert.equal((await ciso.post(`/api/v1/training/drills/${drill}/participants`, { person_id: staffId, part: "発見者" })).status, 201);
    assert.equal((await ciso.post(`/api/v1/training/drills/${drill}/findings`,
      { finding: "連絡先の掲示がない", owner_person_id: staffId, due_on: jstDate(30) })).status, 201);
    const url = `/api/v1/emergency-plan/versions/${planId}/drills`;
    const links = () => num("SELECT count(*) FROM irplan_drills");
    await code(ciso.post(url, { drill_id: drill, category: "ufo" }), 400, "unknown_category", "category");
    await code(ciso.post(url, { drill_id: "one" }), 400, "invalid_type", "drill_id");
    await code(ciso.post(url, { drill_id: drill, when: "now" }), 400, "unknown_field", "when");
    await code(ciso.post(url, { drill_id: 999999 }), 404, "drill_not_found");
    await code(manager.post(url, { drill_id: drill }), 403, "forbidden");
    assert.equal(links(), 0);
    const r = await ciso.post(url, { drill_id: drill, category: "loss_theft" });
    assert.equal(r.status, 201, r.text);
    const got = r.json.drills.find((x) => x.drill_id === drill);
    assert.deepEqual([got.label, got.participants, got.findings, got.open_findings], ["紛失・盗難", 1, 1, 1]);
    await code(csirt.post(url, { drill_id: drill }), 409, "drill_already_linked");
    assert.equal(links(), 1);
  });

  test("the next version: a copy of the current one; approval supersedes the old, kept read-only", async () => {
    const d = await csirt.post("/api/v1/emergency-plan/drafts", {});
    assert.equal(d.status, 201, d.text);
    const next = d.json.id;
    assert.equal(d.json.version_no, 2);
    assert.equal(d.json.responses.find((x) => x.category === "loss_theft").first_response, LOSS, "copied");
    await code(ciso.post(`/api/v1/emergency-plan/versions/${next}/drills`, { drill_id: drill }), 409, "plan_not_approved");
    assert.equal((await csirt.patch(`/api/v1/emergency-plan/versions/${next}`,
      { change_note: "CSIRT要員の追加", review_on: jstDate(365) })).status, 200);
    const a = await ciso.post(`/api/v1/emergency-plan/versions/${next}/approve`, {});
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.review.due, false, "approving after the role change clears the duty");
    const old = await manager.get(`/api/v1/emergency-plan/versions/${planId}`);
    assert.equal(old.json.state, "superseded");
    assert.equal(old.json.review, null);
    assert.equal(old.json.drills.length, 1, "its drills stay with it");
    await code(csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, { title: "x" }), 409, "plan_not_draft");
    const list = await manager.get("/api/v1/emergency-plan");
    assert.deepEqual(list.json.items.map((x) => [x.version_no, x.state]), [[2, "approved"], [1, "superseded"]]);
    assert.equal(list.json.current_id, next);
  });

  test("the printed plan: Japanese, 和暦, the contacts of the day", async () => {
    const pdf = await download(manager, "/api/v1/emergency-plan/current/pdf");
    assert.equal(pdf.status, 200);
    assert.match(pdf.type, /application\/pdf/);
    const text = pdfText(pdf.bytes).join("\n");
    assert.match(text, /三笠市 緊急時対応計画/);
    assert.match(text, /令和\d+年\d+月\d+日 承認/);
    assert.match(text, /関係者の連絡先/);
    assert.match(text, /紛失・盗難/);
    assert.match(text, /警察に遺失届/);
    const old = await download(manager, `/api/v1/emergency-plan/versions/${planId}/pdf`);
    assert.equal(old.status, 200);
    assert.match(pdfText(old.bytes).join("\n"), /第1版/);
  });
});

describe("reconciliation with the trail", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const plan = (out) =>
    out.split("\n").filter((l) => /^\s*irplan_/.test(l)).map((l) => l.trim().replace(/:.*\[/, " ["));
  test("versions (their responses included) and drill links match the trail; a direct edit is named", async () => {
    const d = await csirt.post("/api/v1/emergency-plan/drafts", {});
    assert.equal(d.status, 201, d.text);
    const draft = d.json.id;
    assert.deepEqual(plan(verify().stdout), []);
    const drill = sql("SELECT max(drill_id) FROM irplan_drills");
    assert.ok(drill, "the suite linked a drill");
    sql(`UPDATE irplan_versions SET title = title || '（改）' WHERE id = ${draft}`);
    sql(`UPDATE irplan_responses SET recovery = '（改）' WHERE version_id = ${draft} AND category = 'loss_theft'`);
    sql(`UPDATE irplan_drills SET category = NULL WHERE drill_id = ${drill}`);
    const r = verify();
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.deepEqual(plan(r.stdout).sort(), [
      `irplan_drills id ${drill} column category [reconcile_differs]`,
      `irplan_versions id ${draft} column responses [reconcile_differs]`,
      `irplan_versions id ${draft} column title [reconcile_differs]`,
    ]);
  });
});
