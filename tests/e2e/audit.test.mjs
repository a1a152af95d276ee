// 監査 over the API (issue 14, part 4) on the demo: the 監査統括責任者 plans an audit of 企画課; a
// person of 企画課 or of the 部 above it is refused as auditor (第155条, 第20条 through
// separation_check) with the reason, a person of another 部 is assigned; the auditor records a
// finding and a good practice; 企画課's 情報セキュリティ管理者 writes the improvement plan (第160条);
// the 監査統括責任者 closes the finding after the follow-up. Who may do what, and bad input per field.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, lead, auditor, kacho, ciso, kikaku, audit, auditorId;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const account = async (staffNo, login) => (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  lead = await account(sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'audit_lead'"), "kansa.lead");
  kacho = await account(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                             WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`), "kikaku.kacho");
  const [no, id] = sql(`SELECT p.staff_no, p.id FROM people p JOIN org_units u ON u.id = p.unit_id
                        WHERE u.code = 'somu-joho' AND p.title = '主事' ORDER BY p.id LIMIT 1`).split("|");
  auditorId = Number(id);
  auditor = await account(no, "joho.auditor");
});

after(async () => {
  await srv?.stop();
});

test("only the 監査統括責任者 plans an audit; bad input per field stores nothing", async () => {
  const body = { fiscal_year: fiscalYearOf(0), title: "企画課の情報セキュリティ監査", unit_id: kikaku, scope: "情報資産の管理、持ち出し" };
  assert.equal((await kacho.post("/api/v1/audits", body)).status, 403);
  const cases = [
    [{ ...body, fiscal_year: undefined }, "required", "fiscal_year"],
    [{ ...body, fiscal_year: fiscalYearOf(0) + 2 }, "invalid_fiscal_year", "fiscal_year"],
    [{ ...body, title: "" }, "required", "title"],
    [{ ...body, title: "a\nb" }, "invalid_text", "title"],
    [{ ...body, unit_id: undefined }, "required", "unit_id"],
    [{ ...body, unit_id: Number(sql("SELECT id FROM org_units WHERE code = 'kikaku'")) }, "unknown_unit", "unit_id"],
    [{ ...body, unit_id: "abc" }, "invalid_type", "unit_id"],
    [{ ...body, colour: "red" }, "unknown_field", "colour"],
  ];
  for (const [b, code, field] of cases) {
    const r = await lead.post("/api/v1/audits", JSON.parse(JSON.stringify(b)));
    assert.equal(r.status, 400, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal(sql("SELECT count(*) FROM audits"), "0");
  const r = await lead.post("/api/v1/audits", body);
  assert.equal(r.status, 201, r.text);
  audit = r.json.id;
  assert.equal(r.json.unit_name, "企画課");
});

test("an auditor from the audited 課 or the 部 above it is refused with the reason (第155条)", async () => {
  for (const where of [`p.unit_id = ${kikaku}`, `p.unit_id = (SELECT parent_id FROM org_units WHERE id = ${kikaku})`]) {
    const pid = Number(sql(`SELECT p.id FROM people p WHERE ${where} ORDER BY p.id LIMIT 1`));
    const r = await lead.post(`/api/v1/audits/${audit}/auditors`, { person_id: pid });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.code, "separation_of_duties");
    assert.match(r.json.detail ?? r.json.title ?? r.text, /自分の所属する組織を監査できません/);
  }
  assert.equal(sql("SELECT count(*) FROM audit_auditors"), "0");
  assert.equal((await lead.post(`/api/v1/audits/${audit}/auditors`, { person_id: 999999 })).json.code, "unknown_person");
  assert.equal((await kacho.post(`/api/v1/audits/${audit}/auditors`, { person_id: auditorId })).status, 403);
  const ok = await lead.post(`/api/v1/audits/${audit}/auditors`, { person_id: auditorId });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.auditors.length, 1);
});

test("findings, the improvement plan by the audited 課 and the follow-up to closure (第160条)", async () => {
  const bad = [
    [{ kind: "opinion", severity: "high", title: "x" }, "invalid_finding_kind", "kind"],
    [{ kind: "finding", title: "x" }, "invalid_severity", "severity"],
    [{ kind: "good_practice", severity: "low", title: "x" }, "invalid_severity", "severity"],
    [{ kind: "finding", severity: "high" }, "required", "title"],
  ];
  for (const [b, code, field] of bad) {
    const r = await auditor.post(`/api/v1/audits/${audit}/findings`, b);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal((await kacho.post(`/api/v1/audits/${audit}/findings`, { kind: "finding", severity: "high", title: "x" })).status, 403);
  let r = await auditor.post(`/api/v1/audits/${audit}/findings`,
    { kind: "finding", severity: "high", title: "持ち出し記録に返却日の記入漏れ", detail: "3件で返却日が空欄" });
  assert.equal(r.status, 201, r.text);
  r = await auditor.post(`/api/v1/audits/${audit}/findings`, { kind: "good_practice", severity: null, title: "離席時の画面ロックが徹底されている" });
  assert.equal(r.status, 201, r.text);
  const finding = r.json.findings.find((f) => f.kind === "finding");
  assert.equal(r.json.findings.find((f) => f.kind === "good_practice").state, "closed");

  // the 課長 of the audited 課 sees the audit and writes the plan; the lead cannot close it before
  assert.equal((await kacho.get(`/api/v1/audits/${audit}`)).status, 200);
  const early = await lead.post(`/api/v1/audit-findings/${finding.id}/close`, { note: "確認" });
  assert.equal(early.status, 409);
  assert.equal(early.json.code, "finding_not_planned");
  assert.equal((await auditor.post(`/api/v1/audit-findings/${finding.id}/plan`, { plan: "x", plan_due: jstDate(30) })).status, 403);
  const past = await kacho.post(`/api/v1/audit-findings/${finding.id}/plan`, { plan: "様式を改める", plan_due: jstDate(-1) });
  assert.equal(past.status, 400);
  assert.equal(past.json.field, "plan_due");
  const task = (await kacho.get("/api/v1/home")).json.tasks.find((t) => t.kind === "audit_plan");
  assert.equal(task?.link, `/audits/${audit}`);
  assert.equal(task.article, "第160条");
  const open = (await ciso.get("/api/v1/compliance")).json.categories.find((c) => c.category === "⑧評価及び見直し")
    .measures.find((m) => m.id === "audit_findings_open");
  assert.equal(open.value, Number(sql("SELECT count(*) FROM audit_findings WHERE state <> 'closed'")));
  assert.equal(open.value, 1);
  const plan = await kacho.post(`/api/v1/audit-findings/${finding.id}/plan`, { plan: "持ち出し記録の様式に返却日の必須欄を設ける", plan_due: jstDate(30) });
  assert.equal(plan.status, 200, plan.text);
  assert.ok(!(await kacho.get("/api/v1/home")).json.tasks.some((t) => t.kind === "audit_plan"));
  assert.equal((await kacho.post(`/api/v1/audit-findings/${finding.id}/close`, { note: "x" })).status, 403);
  const done = await lead.post(`/api/v1/audit-findings/${finding.id}/close`, { note: "新様式での記録を確認した" });
  assert.equal(done.status, 200, done.text);
  assert.equal(sql(`SELECT state FROM audit_findings WHERE id = ${finding.id}`), "closed");
  assert.equal((await lead.post(`/api/v1/audit-findings/${finding.id}/close`, { note: "again" })).status, 409);
  const closed = (await ciso.get("/api/v1/compliance")).json.categories.find((c) => c.category === "⑧評価及び見直し")
    .measures.find((m) => m.id === "audit_findings_open");
  assert.equal(closed.value, 0);
  assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action LIKE 'audit.%'"), "6");
});

test("who sees an audit: the lead, its auditors, the audited 課's manager; not a bystander", async () => {
  const list = await ciso.get("/api/v1/audits");
  assert.equal(list.json.items.length, 1);
  const other = await account(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id <> ${kikaku} ORDER BY r.id LIMIT 1`), "other.kacho");
  assert.equal((await other.get(`/api/v1/audits/${audit}`)).status, 404);
  assert.deepEqual((await other.get("/api/v1/audits")).json.items, []);
  assert.equal((await auditor.get("/api/v1/audits")).json.items.length, 1);
});

test("the audit item library: the pack's items grouped by area, each with its articles (第154条)", async () => {
  const r = await lead.get("/api/v1/audit-items");
  assert.equal(r.status, 200);
  const items = r.json.areas.flatMap((a) => a.items.map((i) => ({ ...i, area: a.area, category: a.category })));
  assert.ok(items.length >= 16);
  assert.equal(new Set(r.json.areas.map((a) => a.area)).size, r.json.areas.length); // one group per area
  assert.equal(new Set(items.map((i) => i.category)).size, 8);
  for (const i of items) {
    assert.ok(i.id && i.item && i.materials && i.procedure, i.id);
    assert.ok(i.articles.length >= 1 && i.articles.every((a) => /^第\d+条/.test(a)), i.id);
  }
  assert.deepEqual(items.find((i) => i.id === "1.1").articles, ["第16条"]);
  assert.equal((await kacho.get("/api/v1/audit-items")).status, 200); // pack data: anyone signed in
});
