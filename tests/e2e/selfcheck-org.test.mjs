// 自己点検 of the organisation (第162条, scope organisation in selfcheck.yaml) on the demo: the 統括
// answers the organisation's sheet — the CISO and CSIRT責任者 answered by lgsec from the role register
// (compared with an independent SQL count), the 年度's audit findings and their plans, the policy's
// 見直し (第165条) — confirms one,
// corrects one with a reason; a 課長 does not see the sheet (404) nor its route (403). The results count
// it per item and category, the list's totals include it, the 第163条 report PDF (read by pdftotext)
// names it, and the readiness report's category counts it. Bad input per field, nothing stored.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

let srv, ciso, kacho, kikaku, campaign;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const held = (role) => Number(sql(`SELECT count(*) FROM role_assignments WHERE role = '${role}'
  AND valid_from <= '${jstDate(0)}' AND (valid_until IS NULL OR valid_until >= '${jstDate(0)}')`));

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const mgr = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                   WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku} AND r.valid_until IS NULL LIMIT 1`);
  kacho = (await signInFirstTime(srv.url, "kikaku.kacho", addAccount(srv.db, mgr, "kikaku.kacho"))).client;
  const r = await ciso.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "組織全体を含む自己点検", unit_ids: [kikaku] });
  assert.equal(r.status, 201, r.text);
  campaign = r.json.id;
});

after(async () => {
  await srv?.stop();
});

test("the organisation's sheet: the pack's organisation items, lgsec's answers as the role register has them", async () => {
  const r = await ciso.get(`/api/v1/selfchecks/${campaign}/organisation`);
  assert.equal(r.status, 200, r.text);
  const ids = r.json.items.map((i) => i.id);
  assert.deepEqual(ids, ["org_ciso_appointed", "org_emergency_contacts", "org_csirt", "tech_privileged_ids",
    "review_audit_findings", "review_policy"]);
  const item = (id) => r.json.items.find((i) => i.id === id);
  assert.equal(item("org_ciso_appointed").article, "第12条");
  assert.equal(item("org_ciso_appointed").auto.answer, held("ciso") > 0 ? "yes" : "no");
  assert.equal(item("org_ciso_appointed").auto.evidence.length, held("ciso"));
  assert.equal(item("org_csirt").auto.answer, held("csirt_lead") > 0 ? "yes" : "no");
  const findings = Number(sql(`SELECT count(*) FROM audit_findings f JOIN audits a ON a.id = f.audit_id
    WHERE a.fiscal_year = ${fiscalYearOf(0)} AND f.kind = 'finding'`));
  assert.equal(findings, 0, "the demo's audits have no finding this 年度");
  assert.equal(item("review_audit_findings").auto.answer, "yes");
  // 第165条 from the policy's 見直し register: this 年度's (yes), only last 年度's (partly), none (no)
  const reviewed = (fy) => Number(sql(`SELECT count(*) FROM policy_reviews WHERE fiscal_year = ${fy}`)) > 0;
  assert.equal(item("review_policy").auto.answer, reviewed(fiscalYearOf(0)) ? "yes" : reviewed(fiscalYearOf(0) - 1) ? "partly" : "no");
  assert.equal(item("org_emergency_contacts").auto, null); // nothing in lgsec answers it: the 統括 does
  assert.equal(r.json.may_answer, true);
  // the 課長 sees neither the sheet (route: evaluation.manage) nor the organisation's results
  assert.equal((await kacho.get(`/api/v1/selfchecks/${campaign}/organisation`)).status, 403);
  assert.equal((await kacho.post(`/api/v1/selfchecks/${campaign}/organisation/answers`, { item_id: "review_policy", answer: "yes" })).status, 403);
  assert.equal((await kacho.get(`/api/v1/selfchecks/${campaign}`)).json.organisation, null);
  assert.equal((await ciso.get(`/api/v1/selfchecks/999999/organisation`)).json.code, "selfcheck_not_found");
  // the 統括's home lists the organisation's sheet while items are unanswered; the 課長's does not
  const task = (await ciso.get("/api/v1/home")).json.tasks.find((x) => x.link === `/selfchecks/${campaign}/organisation`);
  assert.equal(task.title, "自己点検「組織全体を含む自己点検」: 組織全体の未回答の項目が 6 あります");
  assert.ok(!(await kacho.get("/api/v1/home")).json.tasks.some((x) => x.link?.endsWith("/organisation")));
});

test("bad answers are refused per field, nothing stored", async () => {
  const post = (body) => ciso.post(`/api/v1/selfchecks/${campaign}/organisation/answers`, body);
  for (const [body, code, field] of [
    [{ item_id: "human_clear_desk", answer: "yes" }, "unknown_item", "item_id"], // a 課室's item
    [{ item_id: "sys_manager_assigned", answer: "yes" }, "unknown_item", "item_id"], // a system's item
    [{ item_id: "review_policy", answer: "maybe" }, "invalid_answer", "answer"],
    [{ item_id: "review_policy" }, "required", "answer"],
    [{ item_id: "review_policy", answer: "yes", note: "x".repeat(2001) }, null, "note"],
  ]) {
    const r = await post(body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    if (code) assert.equal(r.json.code, code);
    assert.equal(r.json.field, field);
  }
  // an answer other than lgsec's needs the reason
  const ciso0 = held("ciso") > 0 ? "no" : "yes";
  const r = await post({ item_id: "org_ciso_appointed", answer: ciso0 });
  assert.equal(r.status, 400);
  assert.equal(r.json.field, "note");
  assert.equal(sql("SELECT count(*) FROM selfcheck_org_answers"), "0");
});

test("confirms, corrects with a reason; results per item, category, the list, the report and readiness count it", async () => {
  const post = (body) => ciso.post(`/api/v1/selfchecks/${campaign}/organisation/answers`, body);
  const auto = (await ciso.get(`/api/v1/selfchecks/${campaign}/organisation`)).json.items.find((i) => i.id === "org_ciso_appointed").auto.answer;
  assert.equal((await post({ item_id: "org_ciso_appointed", answer: auto })).status, 200);
  const r = await post({ item_id: "review_policy", answer: "no", note: "令和の見直しは委員会で未審議" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.find((i) => i.id === "review_policy").answer.answer, "no");
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'selfcheck.answer_org' AND object_id = ${campaign}`), "2");

  const c = (await ciso.get(`/api/v1/selfchecks/${campaign}`)).json;
  assert.equal(c.items_organisation, 6);
  const count = (a) => Number(sql(`SELECT count(*) FROM selfcheck_org_answers WHERE campaign_id = ${campaign} AND answer = '${a}'`));
  for (const a of ["yes", "partly", "no", "na"]) assert.equal(c.organisation[a], count(a), a);
  assert.equal(c.organisation.unanswered, 6 - 2);
  assert.equal(c.organisation.items.find((i) => i.item_id === "review_policy").answer, "no");
  // ⑧ has the organisation's 第165条 answered いいえ; every category's total is the 課's items plus the organisation's
  const eighth = c.by_category.find((x) => x.category === "⑧評価及び見直し");
  assert.equal(eighth.no, 1);
  const total = c.by_category.reduce((n, x) => n + x.yes + x.partly + x.no + x.na + x.unanswered, 0);
  assert.equal(total, c.items_per_unit * c.units.length + c.items_organisation);
  const listed = (await ciso.get("/api/v1/selfchecks")).json.items.find((x) => x.id === campaign);
  assert.equal(listed.expected, c.items_per_unit + 6);
  assert.equal(listed.results.no, count("no") + Number(sql(`SELECT count(*) FROM selfcheck_answers s JOIN selfcheck_targets t
    ON t.id = s.target_id WHERE t.campaign_id = ${campaign} AND s.answer = 'no'`)));
  // the 課長's list counts only their 課
  assert.equal((await kacho.get("/api/v1/selfchecks")).json.items.find((x) => x.id === campaign).expected, c.items_per_unit);

  // 第163条: the report to the CISO names the organisation's results and its いいえ with the reason
  const res = await fetch(`${srv.url}/api/v1/selfchecks/${campaign}/report`, { headers: { cookie: ciso.cookie } });
  assert.equal(res.status, 200);
  const text = popplerLines(Buffer.from(await res.arrayBuffer())), flat = text.replace(/\s/g, "");
  for (const want of ["組織全体の項目: 6 項目 (統括情報セキュリティ責任者が回答)",
    `組織全体: はい ${count("yes")}・一部 0・いいえ 1・該当なし ${count("na")}・未回答 4`, "3. 組織全体・課室ごとの結果",
    "組織全体: 理由・補足: 令和の見直しは委員会で未審議",
    `${eighth.category}: はい ${eighth.yes}・一部 ${eighth.partly}・いいえ ${eighth.no}・該当なし ${eighth.na}・未回答 ${eighth.unanswered}`])
    assert.ok(flat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」 in:\n${text.slice(0, 3000)}`);

  // the readiness report counts the latest self-check per category, the organisation's answers with them
  const ready = (await ciso.get("/api/v1/readiness")).json.categories.find((x) => x.category === "⑧評価及び見直し");
  assert.deepEqual(ready.selfcheck, eighth);
  const scLine = ready.lines.find((l) => l.text.startsWith("自己点検の回答"));
  assert.match(scLine.basis, /自己点検「組織全体を含む自己点検」\(\d{4}-\d\d-\d\d に開始、実施中、報告の日の回答\)/); // which campaign, as of when
  assert.ok(ready.lines.some((l) => l.text === `自己点検の回答: はい ${eighth.yes}・一部 ${eighth.partly}・いいえ 1・該当なし ${eighth.na}・未回答 ${eighth.unanswered}`), JSON.stringify(ready.lines.map((l) => l.text)));
});

test("after the 統括 closes the campaign, organisation answers are refused", async () => {
  assert.equal((await ciso.post(`/api/v1/selfchecks/${campaign}/close`, {})).status, 200);
  const r = await ciso.post(`/api/v1/selfchecks/${campaign}/organisation/answers`, { item_id: "org_emergency_contacts", answer: "yes" });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, "selfcheck_closed");
  assert.equal((await ciso.get(`/api/v1/selfchecks/${campaign}/organisation`)).json.may_answer, false);
  assert.ok(!(await ciso.get("/api/v1/home")).json.tasks.some((x) => x.link === `/selfchecks/${campaign}/organisation`));
});
