// 監査 over the API (issue 14, part 4) on the demo: the 監査統括責任者 plans an audit of 企画課; a
// person of 企画課 or of the 部 above it is refused as auditor (第155条, 第20条 through
// separation_check) with the reason, a person of another 部 is assigned; the auditor records a
// finding and a good practice; 企画課's 情報セキュリティ管理者 writes the improvement plan (第160条);
// the 監査統括責任者 closes the finding after the follow-up. Who may do what, and bad input per field.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, reiwaYear } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

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

test("the plan: items from the pack, approved by the 委員会 through a request (第156条); no fieldwork before", async () => {
  const early = await auditor.post(`/api/v1/audits/${audit}/findings`, { kind: "finding", severity: "high", title: "x" });
  assert.equal(early.status, 409, early.text);
  assert.equal(early.json.code, "audit_not_approved");
  const none = await lead.post(`/api/v1/audits/${audit}/submit`, {});
  assert.equal(none.status, 400, none.text);
  assert.equal(none.json.code, "audit_no_items");
  const bad = [
    [{ items: [] }, "audit_no_items", "items"],
    [{ items: ["9.99"] }, "unknown_audit_item", "items"],
    [{ items: [11] }, "unknown_audit_item", "items"],
    [{ items: "1.1" }, "invalid_type", "items"],
    [{}, "required", "items"],
    [{ items: ["1.1"], colour: "red" }, "unknown_field", "colour"],
  ];
  for (const [b, code, field] of bad) {
    const r = await lead.post(`/api/v1/audits/${audit}/items`, b);
    assert.equal(r.status, 400, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal(sql("SELECT count(*) FROM audit_plan_items"), "0");
  assert.equal((await kacho.post(`/api/v1/audits/${audit}/items`, { items: ["1.1"] })).status, 403);
  assert.equal((await auditor.post(`/api/v1/audits/${audit}/items`, { items: ["1.1"] })).status, 403);
  const set = await lead.post(`/api/v1/audits/${audit}/items`, { items: ["3.2", "1.1", "3.2"] });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.json.items.map((i) => i.id), ["1.1", "3.2"]); // the pack's order, once each
  assert.equal(set.json.items[0].category, "①組織体制");
  assert.equal(set.json.approval, "draft");

  assert.equal((await kacho.post(`/api/v1/audits/${audit}/submit`, {})).status, 403);
  const sub = await lead.post(`/api/v1/audits/${audit}/submit`, {});
  assert.equal(sub.status, 201, sub.text);
  assert.equal(sub.json.approval, "submitted");
  const rid = sub.json.approval_request_id;
  assert.equal(sql(`SELECT type || ' ' || state FROM requests WHERE id = ${rid}`), "audit_plan submitted");
  const fields = JSON.parse(sql(`SELECT fields FROM requests WHERE id = ${rid}`));
  assert.equal(fields.audited, "企画課");
  assert.match(fields.items, /^1\.1 .+\n3\.2 /);
  const locked = await lead.post(`/api/v1/audits/${audit}/items`, { items: ["1.1"] });
  assert.equal(locked.status, 409);
  assert.equal(locked.json.code, "audit_plan_locked");
  assert.equal((await lead.post(`/api/v1/audits/${audit}/submit`, {})).json.code, "audit_plan_locked");
  assert.equal((await auditor.post(`/api/v1/audits/${audit}/findings`, { kind: "finding", severity: "low", title: "x" })).json.code,
    "audit_not_approved");
  // the 委員会's decision, recorded by its chair the CISO in the requests engine
  assert.equal((await lead.post(`/api/v1/requests/${rid}/decide`, { decision: "approve" })).status, 403);
  const ok = await ciso.post(`/api/v1/requests/${rid}/decide`, { decision: "approve" });
  assert.equal(ok.status, 200, ok.text);
  const got = (await lead.get(`/api/v1/audits/${audit}`)).json;
  assert.equal(got.approval, "approved");
  assert.equal(got.may_find, true);
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'audit.submit_plan' AND object_id = ${audit}`), "1");
});

test("fieldwork as evidence requests: the auditor asks the 課, its 管理者 answers with files kept by SHA-256 (第159条)", async () => {
  const body = { item_id: "3.2", what: "持ち出し記録 (令和の直近3か月分)", due_on: jstDate(14) };
  const bad = [
    [{ ...body, item_id: "2.1" }, "unknown_audit_item", "item_id"],
    [{ ...body, item_id: undefined }, "required", "item_id"],
    [{ ...body, what: "" }, "required", "what"],
    [{ ...body, due_on: jstDate(-1) }, "date_order", "due_on"],
    [{ ...body, due_on: "2026-13-01" }, "invalid_date", "due_on"],
    [{ ...body, colour: "red" }, "unknown_field", "colour"],
  ];
  for (const [b, code, field] of bad) {
    const r = await auditor.post(`/api/v1/audits/${audit}/evidence-requests`, JSON.parse(JSON.stringify(b)));
    assert.equal(r.status, 400, `${code}: ${r.text}`);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal((await kacho.post(`/api/v1/audits/${audit}/evidence-requests`, body)).status, 403);
  assert.equal(sql("SELECT count(*) FROM audit_evidence_requests"), "0");
  const r = await auditor.post(`/api/v1/audits/${audit}/evidence-requests`, body);
  assert.equal(r.status, 201, r.text);
  const q = r.json.evidence_requests[0];
  assert.equal(q.state, "open");
  const task = (await kacho.get("/api/v1/home")).json.tasks.find((t) => t.kind === "audit_evidence");
  assert.equal(task?.link, `/audits/${audit}`);
  assert.equal(task.article, "第156条");

  const upload = (c, id, bytes, qs) => c.req("POST", `/api/v1/audit-evidence-requests/${id}/files?${qs}`, undefined,
    { raw: bytes, headers: { "content-type": "application/octet-stream" } });
  const bytes = Buffer.from("持ち出し記録\n2026-04-01,ノートPC,返却済み\n", "utf8");
  const sha = createHash("sha256").update(bytes).digest("hex");
  assert.equal((await upload(kacho, q.id, Buffer.alloc(0), "name=a.csv")).json.code, "evidence_empty");
  assert.equal((await upload(kacho, q.id, bytes, "")).json.field, "name");
  assert.equal((await upload(kacho, q.id, bytes, "name=" + encodeURIComponent("../a.csv"))).status, 400);
  assert.equal((await upload(auditor, q.id, bytes, "name=a.csv")).status, 403);
  assert.equal((await upload(kacho, 999999, bytes, "name=a.csv")).json.code, "evidence_request_not_found");
  assert.equal(sql("SELECT count(*) FROM audit_evidence"), "0");
  const up = await upload(kacho, q.id, bytes, `name=${encodeURIComponent("持ち出し記録.csv")}`);
  assert.equal(up.status, 201, up.text);
  const file = `${srv.db}.evidence/${sha}`;
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readFileSync(file), bytes);
  const after = (await lead.get(`/api/v1/audits/${audit}`)).json.evidence_requests[0];
  assert.equal(after.state, "answered");
  assert.equal(after.files[0].sha256, sha);
  assert.ok(!(await kacho.get("/api/v1/home")).json.tasks.some((t) => t.kind === "audit_evidence"));

  const got = await auditor.req("GET", `/api/v1/audit-evidence/${up.json.evidence_id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "application/octet-stream");
  assert.equal(createHash("sha256").update(got.text, "utf8").digest("hex"), sha);
  const other = await account(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id <> ${kikaku} ORDER BY r.id LIMIT 1 OFFSET 1`), "other2.kacho");
  assert.equal((await other.req("GET", `/api/v1/audit-evidence/${up.json.evidence_id}`)).status, 404);
  const trail = sql(`SELECT group_concat(action, ' ') FROM trail_entries WHERE action LIKE 'audit.evidence%'`);
  assert.equal(trail, "audit.evidence_request audit.evidence_add audit.evidence_view");
  writeFileSync(file, Buffer.concat([bytes, Buffer.from("改ざん")]));
  const tampered = await auditor.req("GET", `/api/v1/audit-evidence/${up.json.evidence_id}`);
  assert.equal(tampered.status, 500);
  assert.equal(JSON.parse(tampered.text).code, "evidence_tampered");
  writeFileSync(file, bytes);
});

test("findings, the improvement plan by the audited 課 and the follow-up to closure (第160条)", async () => {
  const bad = [
    [{ kind: "opinion", severity: "high", title: "x" }, "invalid_finding_kind", "kind"],
    [{ kind: "finding", title: "x" }, "invalid_severity", "severity"],
    [{ kind: "good_practice", severity: "low", title: "x" }, "invalid_severity", "severity"],
    [{ kind: "finding", severity: "high" }, "required", "title"],
    [{ kind: "finding", severity: "high", title: "x", item_id: "2.1" }, "unknown_audit_item", "item_id"],
  ];
  for (const [b, code, field] of bad) {
    const r = await auditor.post(`/api/v1/audits/${audit}/findings`, b);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  assert.equal((await kacho.post(`/api/v1/audits/${audit}/findings`, { kind: "finding", severity: "high", title: "x" })).status, 403);
  let r = await auditor.post(`/api/v1/audits/${audit}/findings`,
    { kind: "finding", severity: "high", title: "持ち出し記録に返却日の記入漏れ", detail: "3件で返却日が空欄", item_id: "3.2" });
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
  // the readiness report: ③'s line of this 年度's audits counts the open finding on item 3.2
  const cat3 = (await ciso.get("/api/v1/readiness")).json.categories.find((c) => c.category === "③物理的");
  const line = cat3.lines.find((l) => l.text.startsWith("今年度の監査"));
  const independent = sql(`SELECT count(*) FROM audit_findings WHERE item_id = '3.2' AND state <> 'closed'`);
  assert.equal(line.text, `今年度の監査 (承認済みの計画の監査項目 1): 完了していない所見 ${independent} 件`);
  assert.equal(line.ok, false);
  assert.notEqual(cat3.status, "met");
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
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action IN ('audit.create', 'audit.assign', 'audit.finding', 'audit.plan',
    'audit.close_finding')`), "6");
  const after = (await ciso.get("/api/v1/readiness")).json.categories.find((c) => c.category === "③物理的").lines
    .find((l) => l.text.startsWith("今年度の監査"));
  assert.equal(after.ok, true);
});

test("the 監査報告書 as PDF for the lead (第158条); a contractor's audit names the contract (第157条)", async () => {
  const pdf = await lead.req("GET", `/api/v1/audits/${audit}/report`);
  assert.equal(pdf.status, 200, pdf.text);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  assert.ok(pdf.text.startsWith("%PDF-"));
  // read back by pdftotext (independent of lgsec's cairo/pango and of the unit test's poppler-glib):
  // the title, the 和暦 date, the plan and its approval, the items, the findings and plans, the evidence
  const bytes = Buffer.from(await (await fetch(`${srv.url}/api/v1/audits/${audit}/report`, { headers: { cookie: lead.cookie } })).arrayBuffer());
  const text = popplerLines(bytes), flat = text.replace(/\s/g, "");
  const wareki = (days) => { const [y, m, d] = jstDate(days).split("-").map(Number); return `令和${reiwaYear(y)}年${m}月${d}日`; };
  const fy = fiscalYearOf(0);
  const evidenceSha = sql(`SELECT sha256 FROM audit_evidence ORDER BY id LIMIT 1`);
  for (const want of ["情報セキュリティ監査報告書", wareki(0), "企画課の情報セキュリティ監査", `令和${reiwaYear(fy)}年度`,
    "被監査部門: 企画課", "情報セキュリティ委員会の承認済み", "1.1 情報セキュリティ管理者", "3.2 端末や電磁的記録媒体",
    "重要度 高 1 件・中 0 件・低 0 件、良好事例 1 件", "［指摘事項・重要度 高］持ち出し記録に返却日の記入漏れ (監査項目 3.2)",
    "［良好事例］離席時の画面ロックが徹底されている", `改善計画「持ち出し記録の様式に返却日の必須欄を設ける」 期限 ${wareki(30)}`,
    "新様式での記録を確認した", `持ち出し記録 (令和の直近3か月分) (提出期限 ${wareki(14)}`, "持ち出し記録.csv (55 バイト"])
    assert.ok(flat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」 in:\n${text}`); // long lines wrap
  assert.match(evidenceSha, /^[0-9a-f]{64}$/);
  assert.ok(flat.includes(evidenceSha), "pdftotext finds the evidence's SHA-256");
  assert.equal((await kacho.req("GET", `/api/v1/audits/${audit}/report`)).status, 403);
  assert.equal((await auditor.req("GET", `/api/v1/audits/${audit}/report`)).status, 403);

  // the 委託事業者 and the contract come from the vendors register (第157条)
  const vendor = await ciso.post("/api/v1/vendors", { name: "株式会社日立製作所", corporate_number: "7010001008844" });
  assert.equal(vendor.status, 201, vendor.text);
  const other = await ciso.post("/api/v1/vendors", { name: "トヨタ自動車株式会社", corporate_number: "1180301018771" });
  assert.equal(other.status, 201, other.text);
  const managerId = Number(sql(`SELECT person_id FROM role_assignments WHERE role = 'section_security_manager' AND scope_id = ${kikaku} LIMIT 1`));
  const contract = await ciso.post("/api/v1/vendor-contracts", { vendor_id: vendor.json.id, title: "R8-情-12 基幹系保守",
    scope: "基幹系システムの保守", starts_on: jstDate(-30), ends_on: jstDate(300), manager_person_id: managerId });
  assert.equal(contract.status, 201, contract.text);
  const choices = await lead.get("/api/v1/audit-contractors");
  assert.equal(choices.status, 200, choices.text);
  const listed = choices.json.items.find((v) => v.id === vendor.json.id);
  assert.deepEqual(listed.contracts.map((c) => [c.id, c.title, c.starts_on, c.ends_on]),
    [[contract.json.id, "R8-情-12 基幹系保守", jstDate(-30), jstDate(300)]]);
  assert.equal(listed.corporate_number, "7010001008844");
  assert.equal(choices.json.items.length, Number(sql("SELECT count(DISTINCT vendor_id) FROM vendor_contracts")));
  assert.equal((await kacho.get("/api/v1/audit-contractors")).status, 403);
  assert.equal((await auditor.get("/api/v1/audit-contractors")).status, 403);

  const body = { fiscal_year: fiscalYearOf(0), title: "システム保守委託先の監査", unit_id: kikaku, vendor_id: vendor.json.id };
  const before = sql("SELECT count(*) FROM audits");
  for (const [b, code, field] of [
    [body, "required", "contract_id"],
    [{ ...body, vendor_id: undefined, contract_id: contract.json.id }, "required", "vendor_id"],
    [{ ...body, vendor_id: 999999, contract_id: contract.json.id }, "unknown_vendor", "vendor_id"],
    [{ ...body, contract_id: 999999 }, "unknown_contract", "contract_id"],
    [{ ...body, vendor_id: other.json.id, contract_id: contract.json.id }, "unknown_contract", "contract_id"], // not its contract
    [{ ...body, contract_id: "x" }, "invalid_type", "contract_id"],
    [{ ...body, vendor_id: -1, contract_id: contract.json.id }, "invalid_type", "vendor_id"],
    [{ ...body, contract_id: contract.json.id, contractor: "株式会社サンプル情報" }, "unknown_field", "contractor"], // names typed by hand
  ]) {
    const r = await lead.post("/api/v1/audits", b);
    assert.equal(r.status, 400, `${JSON.stringify(b)}: ${r.text}`);
    assert.equal(r.json.code, code, JSON.stringify(b));
    assert.equal(r.json.field, field, JSON.stringify(b));
    assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/);
  }
  assert.equal(sql("SELECT count(*) FROM audits"), before, "nothing stored");
  const r = await lead.post("/api/v1/audits", { ...body, contract_id: contract.json.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.contractor, "株式会社日立製作所");
  assert.equal(r.json.contract_ref, "R8-情-12 基幹系保守");
  assert.deepEqual(r.json.vendor, { id: vendor.json.id, name: "株式会社日立製作所", corporate_number: "7010001008844" });
  assert.deepEqual(r.json.contract, { id: contract.json.id, title: "R8-情-12 基幹系保守", starts_on: jstDate(-30), ends_on: jstDate(300) });
  assert.equal(sql(`SELECT vendor_id || '|' || contract_id FROM audits WHERE id = ${r.json.id}`), `${vendor.json.id}|${contract.json.id}`);
  const trail = JSON.parse(sql(`SELECT json_extract(entry, '$.after') FROM trail_entries WHERE action = 'audit.create' AND object_id = ${r.json.id}`));
  assert.equal(trail.contract_id, contract.json.id);
  await lead.post(`/api/v1/audits/${r.json.id}/items`, { items: ["7.1"] });
  const sub = await lead.post(`/api/v1/audits/${r.json.id}/submit`, {});
  assert.equal(sub.status, 201, sub.text);
  const fields = JSON.parse(sql(`SELECT fields FROM requests WHERE id = ${sub.json.approval_request_id}`));
  assert.equal(fields.audited, "委託事業者 株式会社日立製作所 (契約: R8-情-12 基幹系保守、所管: 企画課)");
  // the 監査報告書 names them, with the contract's term in 和暦 and the 法人番号
  const contractorPdf = Buffer.from(await (await fetch(`${srv.url}/api/v1/audits/${r.json.id}/report`, { headers: { cookie: lead.cookie } })).arrayBuffer());
  const cflat = popplerLines(contractorPdf).replace(/\s/g, "");
  for (const want of ["被監査部門: 委託事業者 株式会社日立製作所 (委託契約: R8-情-12 基幹系保守、所管課室: 企画課) (第157条)",
    `委託事業者台帳: 株式会社日立製作所 (法人番号 7010001008844)、委託契約「R8-情-12 基幹系保守」 契約期間 ${wareki(-30)}〜${wareki(300)}`])
    assert.ok(cflat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」`);
  const plans = await ciso.get(`/api/v1/audits`);
  assert.equal(plans.json.items.find((a) => a.id === r.json.id).approval, "submitted");
});

test("who sees an audit: the lead, its auditors, the audited 課's manager; not a bystander", async () => {
  const list = await ciso.get("/api/v1/audits");
  assert.equal(list.json.items.length, Number(sql("SELECT count(*) FROM audits")));
  const other = await account(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id <> ${kikaku} ORDER BY r.id LIMIT 1`), "other.kacho");
  assert.equal((await other.get(`/api/v1/audits/${audit}`)).status, 404);
  assert.deepEqual((await other.get("/api/v1/audits")).json.items, []);
  assert.equal((await auditor.get("/api/v1/audits")).json.items.length, 1); // only the audit they audit
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

test("a plan's items edited, added or removed in the database without a trail entry are named by trail verify", async () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]).stdout;
  const mine = (out) => out.split("\n").filter((l) => /^\s*audit_plan_items /.test(l)).map((l) => l.trim().replace(/:.*\[/, " ["));
  /* an audit whose plan has no items yet: its creation records none */
  const r = await lead.post("/api/v1/audits", { fiscal_year: fiscalYearOf(0), title: "項目未定の監査", unit_id: kikaku, scope: "" });
  assert.equal(r.status, 201, r.text);
  const bare = r.json.id;
  assert.deepEqual(mine(verify()), []);
  /* the suite's plan chose 3.2, 1.1 and 3.2 again: the trail records the items as stored */
  assert.equal(sql(`SELECT group_concat(item_id) FROM (SELECT item_id FROM audit_plan_items WHERE audit_id = ${audit} ORDER BY item_id)`), "1.1,3.2");
  const person = sql(`SELECT added_by FROM audit_plan_items WHERE audit_id = ${audit} LIMIT 1`);
  sql(`UPDATE audit_plan_items SET item_id = '2.1' WHERE audit_id = ${audit} AND item_id = '3.2'`);
  sql(`DELETE FROM audit_plan_items WHERE audit_id = ${audit} AND item_id = '1.1'`);
  sql(`INSERT INTO audit_plan_items(audit_id, item_id, added_by, added_at) VALUES (${bare}, '1.1', ${person}, '2026-01-01T00:00:00Z')`);
  assert.deepEqual(mine(verify()).sort(), [
    `audit_plan_items id ${audit}/1.1 [reconcile_row_missing]`, `audit_plan_items id ${audit}/3.2 [reconcile_row_missing]`,
    `audit_plan_items id ${audit}/2.1 [reconcile_no_trail]`, `audit_plan_items id ${bare} [reconcile_no_trail]`].sort());
});
