// 自己点検 over the API (issue 14, part 2) on the demo: the 統括 opens the 年度's self-check over two
// 課; the 企画課長 (its 情報セキュリティ管理者) sees only their 課, with the answers lgsec computed
// from roles and 同意 — each compared with an independent SQL count — confirms one, corrects one with
// a reason, adds an improvement action that its owner closes; the results per 課 and category count
// the answers as the database does. Authorization per route and bad input per field.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, ciso, kacho, staff, kikaku, soumu, staffId, campaign;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const unitId = (code) => Number(sql(`SELECT id FROM org_units WHERE code = '${code}'`));

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = unitId("kikaku-kikaku");
  soumu = unitId("somu-soumu");
  const mgr = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                   WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  kacho = (await signInFirstTime(srv.url, "kikaku.kacho", addAccount(srv.db, mgr, "kikaku.kacho"))).client;
  const [no, id] = sql(`SELECT p.staff_no, p.id FROM people p WHERE p.unit_id = ${kikaku} AND p.title = '主事'
                        AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) LIMIT 1`).split("|");
  staffId = Number(id);
  staff = (await signInFirstTime(srv.url, "kikaku.staff", addAccount(srv.db, no, "kikaku.staff"))).client;
});

after(async () => {
  await srv?.stop();
});

describe("opening a self-check", () => {
  test("only evaluation.manage opens one (the route refuses a 課長)", async () => {
    const r = await kacho.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "x", unit_ids: [kikaku] });
    assert.equal(r.status, 403);
  });

  const bad = () => [
    [{ title: "t", unit_ids: [kikaku] }, "required", "fiscal_year"],
    [{ fiscal_year: fiscalYearOf(0) - 1, title: "t", unit_ids: [kikaku] }, "invalid_fiscal_year", "fiscal_year"],
    [{ fiscal_year: "2026", title: "t", unit_ids: [kikaku] }, "invalid_type", "fiscal_year"],
    [{ fiscal_year: fiscalYearOf(0), unit_ids: [kikaku] }, "required", "title"],
    [{ fiscal_year: fiscalYearOf(0), title: "あ".repeat(201), unit_ids: [kikaku] }, "too_long", "title"],
    [{ fiscal_year: fiscalYearOf(0), title: "t" }, "required", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: kikaku }, "invalid_type", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: [] }, "required", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: ["x"] }, "invalid_type", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: [unitId("kikaku")] }, "unknown_unit", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: [kikaku, String(kikaku)] }, "duplicate_unit", "unit_ids"],
    [{ fiscal_year: fiscalYearOf(0), title: "t", unit_ids: [kikaku], extra: 1 }, "unknown_field", "extra"],
  ];
  test("bad input per field is refused with its code, nothing stored", async () => {
    for (const [body, code, field] of bad()) {
      const r = await ciso.post("/api/v1/selfchecks", body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, JSON.stringify(body).slice(0, 80));
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM selfcheck_campaigns"), "0");
  });

  test("the CISO opens the 年度's self-check over 企画課 and 総務課", async () => {
    const r = await ciso.post("/api/v1/selfchecks",
      { fiscal_year: fiscalYearOf(0), title: "年度の自己点検", unit_ids: [kikaku, String(soumu)] });
    assert.equal(r.status, 201, r.text);
    campaign = r.json.id;
    assert.equal(r.json.units.length, 2);
    assert.equal(sql(`SELECT count(*) FROM selfcheck_targets WHERE campaign_id = ${campaign}`), "2");
  });
});

describe("the 課長 answers for their 課", () => {
  let sheet;
  test("only their own 課: the other 課's sheet is 404, a 職員 sees no self-check", async () => {
    assert.equal((await kacho.get(`/api/v1/selfchecks/${campaign}/units/${soumu}`)).status, 404);
    const list = await staff.get("/api/v1/selfchecks");
    assert.deepEqual(list.json.items, []);
    assert.equal((await staff.get(`/api/v1/selfchecks/${campaign}`)).status, 404);
    const mine = await kacho.get(`/api/v1/selfchecks/${campaign}`);
    assert.deepEqual(mine.json.units.map((u) => u.unit_id), [kikaku]);
  });

  test("the 課長's home shows the self-check to answer, linking to their sheet", async () => {
    const home = await kacho.get("/api/v1/home");
    const task = home.json.tasks.find((t) => t.kind === "selfcheck_answer");
    assert.ok(task, JSON.stringify(home.json.tasks.map((t) => t.kind)));
    assert.equal(task.link, `/selfchecks/${campaign}/units/${kikaku}`);
    assert.equal(task.article, "第162条2");
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((t) => t.kind === "selfcheck_answer"));
  });

  test("lgsec's answers from the data agree with independent counts", async () => {
    const r = await kacho.get(`/api/v1/selfchecks/${campaign}/units/${kikaku}`);
    assert.equal(r.status, 200);
    sheet = r.json;
    const mgr = sheet.items.find((i) => i.id === "org_managers_assigned");
    assert.equal(mgr.auto.answer, "yes");
    assert.match(mgr.auto.evidence[0], new RegExp(sql(`SELECT p.name FROM role_assignments r JOIN people p ON p.id = r.person_id
      WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`)));
    // 同意: active people of the 課 and its 係, per 基本方針・対策基準 in force
    const today = jstDate(0);
    const people = Number(sql(`WITH RECURSIVE sub(id) AS (SELECT ${kikaku} UNION SELECT u.id FROM org_units u JOIN sub ON u.parent_id = sub.id
      WHERE u.kind <> 'section') SELECT count(*) FROM people p WHERE p.unit_id IN (SELECT id FROM sub)
      AND p.active_from <= '${today}' AND (p.active_until IS NULL OR p.active_until >= '${today}')`));
    const docs = Number(sql("SELECT count(*) FROM policy_documents WHERE kind IN ('basic','standard') AND current_version_id IS NOT NULL"));
    const ack = sheet.items.find((i) => i.id === "human_policy_acknowledged");
    assert.equal(ack.auto.summary, `施行中のポリシーへの同意: のべ ${people * docs} 人中 0 人`);
    assert.equal(ack.auto.answer, "no");
    assert.ok(sheet.items.every((i) => i.category && /^第\d+条/.test(i.article)));
  });

  test("the register facts (第22条 要判断, 第61条 backup, 第24条 多要素認証) are counted as the database counts them", async () => {
    // the 課 and its 係, counted here from the tables themselves
    const inUnit = (col) => `${col} IN (SELECT id FROM org_units WHERE id = ${kikaku} OR parent_id = ${kikaku})`;
    const facts = [
      ["assets_classified", "第22条", `SELECT count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL AND ${inUnit("unit_id")}`],
      ["tech_backup", "第61条", `SELECT count(*) FROM systems WHERE active = 1 AND coalesce(backup, 0) = 0 AND ${inUnit("owner_unit_id")}`],
      ["tech_mynumber_mfa", "第24条", `SELECT count(*) FROM systems WHERE active = 1 AND zone = 'mynumber' AND coalesce(mfa, 0) = 0 AND ${inUnit("owner_unit_id")}`],
    ];
    for (const [id, article, q] of facts) {
      const item = sheet.items.find((i) => i.id === id);
      const n = Number(sql(q));
      assert.equal(item.article, article, id);
      assert.equal(item.auto.answer, n ? "no" : "yes", `${id}: ${n}`);
      assert.equal(item.auto.evidence.length, Math.min(n, 50), id);
      if (n) assert.match(item.auto.summary, new RegExp(`が ${n} 件あります`), id);
    }
  });

  test("bad answers are refused per field, nothing stored", async () => {
    const cases = [
      [{ answer: "yes" }, "required", "item_id"],
      [{ item_id: "human_clear_desk" }, "required", "answer"],
      [{ item_id: "human_clear_desk", answer: "maybe" }, "invalid_answer", "answer"],
      [{ item_id: "no_such_item", answer: "yes" }, "unknown_item", "item_id"],
      [{ item_id: "org_ciso_appointed", answer: "yes" }, "unknown_item", "item_id"],
      [{ item_id: "human_clear_desk", answer: "yes", note: "あ".repeat(2001) }, "invalid_text", "note"],
      [{ item_id: "human_clear_desk", answer: "yes", note: 5 }, "invalid_type", "note"],
      [{ item_id: "org_managers_assigned", answer: "no" }, "required", "note"],
    ];
    for (const [body, code, field] of cases) {
      const r = await kacho.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/answers`, body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM selfcheck_answers"), "0");
  });

  test("confirms, corrects with a reason, answers; the results count as the database does", async () => {
    const post = (body) => kacho.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/answers`, body);
    assert.equal((await post({ item_id: "org_managers_assigned", answer: "yes" })).status, 200);
    assert.equal((await post({ item_id: "human_policy_acknowledged", answer: "partly", note: "紙の同意書で取得済みの職員がいる" })).status, 200);
    const r = await post({ item_id: "human_clear_desk", answer: "no" });
    assert.equal(r.status, 200);
    assert.equal(r.json.items.find((i) => i.id === "human_clear_desk").answer.answer, "no");
    const res = await ciso.get(`/api/v1/selfchecks/${campaign}`);
    const unit = res.json.units.find((u) => u.unit_id === kikaku);
    for (const a of ["yes", "partly", "no", "na"])
      assert.equal(String(unit[a]), sql(`SELECT count(*) FROM selfcheck_answers s JOIN selfcheck_targets t ON t.id = s.target_id
        WHERE t.unit_id = ${kikaku} AND s.answer = '${a}'`), a);
    const human = res.json.by_category.find((c) => c.category === "④人的");
    assert.equal(human.no, 1);
    assert.equal(human.partly, 1);
    assert.equal(sql("SELECT auto_answer FROM selfcheck_answers WHERE item_id = 'human_policy_acknowledged'"), "no");
    // the list's totals per answer (the trend from one 年度's campaign to the next): the CISO's sums every
    // 課室, the 課長's only their own
    for (const [client, where] of [[ciso, ""], [kacho, ` AND t.unit_id = ${kikaku}`]]) {
      const item = (await client.get("/api/v1/selfchecks")).json.items.find((c) => c.id === campaign);
      for (const a of ["yes", "partly", "no", "na"])
        assert.equal(String(item.results[a]), sql(`SELECT count(*) FROM selfcheck_answers s JOIN selfcheck_targets t ON t.id = s.target_id
          WHERE t.campaign_id = ${campaign} AND s.answer = '${a}'${where}`), a);
    }
  });

  test("an improvement action (第164条) is added with owner and due date and closed by its owner", async () => {
    const bad = await kacho.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/actions`,
      { item_id: "human_clear_desk", description: "施錠保管庫", owner_id: staffId, due_on: jstDate(-1) });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.field, "due_on");
    const r = await kacho.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/actions`,
      { item_id: "human_clear_desk", description: "施錠できる保管庫を購入する", owner_id: String(staffId), due_on: jstDate(30) });
    assert.equal(r.status, 201, r.text);
    const action = r.json.actions[0];
    assert.equal(action.state, "open");
    assert.equal((await ciso.post(`/api/v1/selfcheck-actions/${action.id}/close`, {})).status, 400);
    const done = await staff.post(`/api/v1/selfcheck-actions/${action.id}/close`, { result: "保管庫を購入し施錠保管した" });
    assert.equal(done.status, 200, done.text);
    assert.equal(sql(`SELECT state FROM selfcheck_actions WHERE id = ${action.id}`), "done");
    assert.equal((await staff.post(`/api/v1/selfcheck-actions/${action.id}/close`, { result: "again" })).status, 409);
  });

  test("after the 統括 closes it, answers are refused", async () => {
    assert.equal((await kacho.post(`/api/v1/selfchecks/${campaign}/close`, {})).status, 403);
    assert.equal((await ciso.post(`/api/v1/selfchecks/${campaign}/close`, {})).status, 200);
    const r = await kacho.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/answers`, { item_id: "human_training", answer: "yes" });
    assert.equal(r.status, 409);
    assert.ok(!(await kacho.get("/api/v1/home")).json.tasks.some((t) => t.kind === "selfcheck_answer"));
    assert.equal(r.json.code, "selfcheck_closed");
  });
});
