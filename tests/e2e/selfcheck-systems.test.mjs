// 自己点検 over information systems (issue 14) on the demo: the 統括 opens the 年度's self-check over
// one 課 and one system; the system's 情報システム管理者 (its owning 課's 課長, from the role register)
// answers the system's items — lgsec's answers from roles, components and the register's backup
// compared with independent SQL — while the 管理者 of another system gets 404; the results per system
// and per category count the answers as the database does. Bad input: unknown system, a system twice,
// adding a system to a campaign of a finished 年度.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, ciso, mgrA, mgrB, kikaku, sysA, sysB, sysC, campaign;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const unitId = (code) => Number(sql(`SELECT id FROM org_units WHERE code = '${code}'`));
// the current system_manager of a system: [staff_no, person id, name]
const managerOf = (system) => sql(`SELECT p.staff_no, p.id, p.name FROM role_assignments r JOIN people p ON p.id = r.person_id
  WHERE r.role = 'system_manager' AND r.scope_kind = 'system' AND r.scope_id = ${system} AND r.valid_until IS NULL`).split("|");

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = unitId("kikaku-kikaku");
  // three active systems of three different 課 (none of 企画課), each with one 管理者
  const rows = sql(`SELECT s.id, s.owner_unit_id FROM systems s WHERE s.active = 1 AND s.owner_unit_id <> ${kikaku}
    AND (SELECT count(*) FROM role_assignments r WHERE r.role = 'system_manager' AND r.scope_id = s.id
         AND r.valid_until IS NULL) = 1 ORDER BY s.id`).split("\n").map((l) => l.split("|").map(Number));
  const picked = [];
  for (const [id, unit] of rows)
    if (!picked.some(([, u]) => u === unit)) picked.push([id, unit]);
  assert.ok(picked.length >= 3, "the demo has systems of three 課 with a 管理者");
  [[sysA], [sysB], [sysC]] = picked;
  const [noA] = managerOf(sysA), [noB] = managerOf(sysB);
  mgrA = (await signInFirstTime(srv.url, "sys.a", addAccount(srv.db, noA, "sys.a"))).client;
  mgrB = (await signInFirstTime(srv.url, "sys.b", addAccount(srv.db, noB, "sys.b"))).client;
});

after(async () => {
  await srv?.stop();
});

const open = (extra) => ciso.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "情報システムを含む自己点検",
  unit_ids: [kikaku], ...extra });

describe("opening a self-check over a 課 and a system", () => {
  test("bad system_ids are refused with their code and field, nothing stored", async () => {
    const retired = Number(sql("SELECT max(id) FROM systems")) + 1000;
    for (const [system_ids, code] of [
      [[retired], "unknown_system"],
      [[sysA, String(sysA)], "duplicate_system"],
      [sysA, "invalid_type"],
      [["x"], "invalid_type"],
    ]) {
      const r = await open({ system_ids });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code, JSON.stringify(system_ids));
      assert.equal(r.json.field, "system_ids");
    }
    assert.equal(sql("SELECT count(*) FROM selfcheck_campaigns"), "0");
    assert.equal(sql("SELECT count(*) FROM selfcheck_system_targets"), "0");
  });

  test("a retired system is not a target", async () => {
    sql(`UPDATE systems SET active = 0 WHERE id = ${sysC}`);
    const r = await open({ system_ids: [sysC] });
    sql(`UPDATE systems SET active = 1 WHERE id = ${sysC}`);
    assert.equal(r.json.code, "unknown_system");
  });

  test("the CISO opens it over 企画課 and one system", async () => {
    const r = await open({ system_ids: [sysA] });
    assert.equal(r.status, 201, r.text);
    campaign = r.json.id;
    assert.deepEqual(r.json.units.map((u) => u.unit_id), [kikaku]);
    assert.deepEqual(r.json.systems.map((s) => s.system_id), [sysA]);
    assert.equal(r.json.systems[0].unanswered, r.json.items_per_system);
    assert.ok(r.json.items_per_system >= 24, "the pack's system items");
    assert.equal(sql(`SELECT system_id FROM selfcheck_system_targets WHERE campaign_id = ${campaign}`), String(sysA));
  });
});

describe("the system's 情報システム管理者 answers", () => {
  test("the 管理者 of another system: 404 for the sheet and the campaign; the 管理者 sees only the system", async () => {
    assert.equal((await mgrB.get(`/api/v1/selfchecks/${campaign}/systems/${sysA}`)).status, 404);
    assert.equal((await mgrB.get(`/api/v1/selfchecks/${campaign}`)).status, 404);
    assert.equal((await mgrB.post(`/api/v1/selfchecks/${campaign}/systems/${sysA}/answers`,
      { item_id: "sys_room_access", answer: "yes" })).status, 404);
    assert.equal((await mgrA.get(`/api/v1/selfchecks/${campaign}/systems/${sysB}`)).status, 404, "not a target");
    const mine = await mgrA.get(`/api/v1/selfchecks/${campaign}`);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.json.units, []);
    assert.deepEqual(mine.json.systems.map((s) => s.system_id), [sysA]);
    const list = await mgrA.get("/api/v1/selfchecks");
    assert.deepEqual(list.json.items.map((c) => c.id), [campaign]);
  });

  test("the 管理者's home links to the system's sheet", async () => {
    const home = await mgrA.get("/api/v1/home");
    const task = home.json.tasks.find((t) => t.link === `/selfchecks/${campaign}/systems/${sysA}`);
    assert.ok(task, JSON.stringify(home.json.tasks.map((t) => t.link)));
    assert.equal(task.kind, "selfcheck_answer");
  });

  test("lgsec's answers from roles, components and backup agree with independent SQL", async () => {
    const r = await mgrA.get(`/api/v1/selfchecks/${campaign}/systems/${sysA}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.system_code, sql(`SELECT code FROM systems WHERE id = ${sysA}`));
    const byId = Object.fromEntries(r.json.items.map((i) => [i.id, i]));
    assert.ok(r.json.items.every((i) => i.id.startsWith("sys_") || i.id.startsWith("tech_") || i.id.startsWith("review_")));
    const mgr = byId.sys_manager_assigned.auto;
    assert.equal(mgr.answer, "yes");
    assert.match(mgr.evidence[0], new RegExp(managerOf(sysA)[2]));
    const today = jstDate(0);
    const comps = Number(sql(`SELECT count(*) FROM system_components WHERE system_id = ${sysA}`));
    const ended = Number(sql(`SELECT count(*) FROM system_components WHERE system_id = ${sysA}
      AND support_end IS NOT NULL AND support_end <> '' AND support_end < '${today}'`));
    const unknown = Number(sql(`SELECT count(*) FROM system_components WHERE system_id = ${sysA}
      AND (support_end IS NULL OR support_end = '')`));
    const sup = byId.sys_maintenance_done.auto;
    assert.equal(sup.answer, ended ? "no" : comps === 0 || unknown ? "partly" : "yes", sup.summary);
    assert.equal(sup.evidence.length, ended + unknown);
    const backup = sql(`SELECT coalesce(backup, 0) FROM systems WHERE id = ${sysA}`);
    assert.equal(byId.sys_backup_done.auto.answer, backup === "1" ? "yes" : "no");
    assert.equal(byId.sys_room_access.auto, null, "not known from the data");
  });

  test("bad answers are refused; a correction of lgsec's answer needs a reason", async () => {
    const post = (body) => mgrA.post(`/api/v1/selfchecks/${campaign}/systems/${sysA}/answers`, body);
    for (const [body, code, field] of [
      [{ item_id: "org_managers_assigned", answer: "yes" }, "unknown_item", "item_id"],
      [{ item_id: "sys_room_access", answer: "maybe" }, "invalid_answer", "answer"],
      [{ item_id: "sys_manager_assigned", answer: "no" }, "required", "note"],
      [{ item_id: "sys_room_access", answer: "yes", extra: 1 }, "unknown_field", "extra"],
    ]) {
      const r = await post(body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM selfcheck_system_answers"), "0");
  });

  test("the 管理者 confirms one, answers another, corrects a third with a reason", async () => {
    const post = (body) => mgrA.post(`/api/v1/selfchecks/${campaign}/systems/${sysA}/answers`, body);
    assert.equal((await post({ item_id: "sys_manager_assigned", answer: "yes" })).status, 200);
    assert.equal((await post({ item_id: "sys_room_access", answer: "partly", note: "記録簿の一部が未記入" })).status, 200);
    const r = await post({ item_id: "sys_backup_done", answer: "na", note: "データを持たないシステム" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.find((i) => i.id === "sys_backup_done").answer.answer, "na");
    assert.equal(sql(`SELECT auto_answer FROM selfcheck_system_answers WHERE item_id = 'sys_manager_assigned'`), "yes");
  });

  test("the results per system and per category count the answers as the database does", async () => {
    const r = await ciso.get(`/api/v1/selfchecks/${campaign}`);
    const sys = r.json.systems.find((s) => s.system_id === sysA);
    const count = (a) => Number(sql(`SELECT count(*) FROM selfcheck_system_answers a JOIN selfcheck_system_targets t
      ON t.id = a.target_id WHERE t.campaign_id = ${campaign} AND t.system_id = ${sysA} AND a.answer = '${a}'`));
    for (const a of ["yes", "partly", "no", "na"]) assert.equal(sys[a], count(a), a);
    assert.equal(sys.unanswered, r.json.items_per_system - 3);
    // ①組織体制 holds the system's yes (sys_manager_assigned) besides the 課's (none answered)
    const org = r.json.by_category.find((c) => c.category === "①組織体制");
    assert.equal(org.yes, 1);
    const phys = r.json.by_category.find((c) => c.category === "③物理的");
    assert.equal(phys.partly, 1);
    const totalUnanswered = r.json.by_category.reduce((n, c) => n + c.unanswered, 0);
    // the 統括 sees the organisation's items too (none answered here)
    assert.equal(totalUnanswered, r.json.items_per_unit + r.json.items_per_system + r.json.items_organisation - 3);
    const list = await ciso.get("/api/v1/selfchecks");
    const c = list.json.items.find((i) => i.id === campaign);
    assert.equal(c.expected, r.json.items_per_unit + r.json.items_per_system + r.json.items_organisation);
    assert.equal(c.answered, 3);
  });
});

describe("improvement actions on the system's sheet (第164条)", () => {
  let actionId;
  const path = () => `/api/v1/selfchecks/${campaign}/systems/${sysA}/actions`;
  const good = () => ({ item_id: "sys_room_access", description: "入退室記録簿の記入を徹底する", owner_id: Number(managerOf(sysA)[1]), due_on: jstDate(30) });

  test("bad input is refused with its code and field, nothing stored; another system's 管理者 gets 404", async () => {
    for (const [body, code, field] of [
      [{ item_id: "org_ciso_appointed" }, "unknown_item", "item_id"], /* a 課室 item is not on a system's sheet */
      [{ item_id: "no_such_item" }, "unknown_item", "item_id"],
      [{ description: "" }, "required", "description"],
      [{ due_on: jstDate(-1) }, "date_order", "due_on"],
      [{ due_on: "来月" }, "invalid_date", "due_on"],
      [{ owner_id: 999999 }, "unknown_person", "owner_id"],
    ]) {
      const r = await mgrA.post(path(), { ...good(), ...body });
      assert.equal(r.status, 400, `${JSON.stringify(body)} ${r.text}`);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }
    assert.equal((await mgrB.post(path(), good())).status, 404);
    assert.equal(sql("SELECT count(*) FROM selfcheck_actions"), "0");
  });

  test("the 管理者 adds one; the sheet lists it; the owner closes it with its result", async () => {
    const r = await mgrA.post(path(), good());
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.actions.length, 1);
    actionId = r.json.actions[0].id;
    assert.equal(r.json.actions[0].state, "open");
    assert.equal(sql(`SELECT st.system_id FROM selfcheck_actions a JOIN selfcheck_system_targets st ON st.id = a.system_target_id
      WHERE a.id = ${actionId} AND a.target_id IS NULL`), String(sysA));
    assert.match(sql(`SELECT entry FROM trail_entries WHERE action = 'selfcheck.action_add' AND object_id = '${actionId}'`),
      new RegExp(`"system_id":${sysA}`));
    assert.equal((await mgrB.post(`/api/v1/selfcheck-actions/${actionId}/close`, { result: "x" })).status, 404);
    assert.equal((await mgrA.post(`/api/v1/selfcheck-actions/${actionId}/close`, { result: "" })).json.code, "required");
    const done = await mgrA.post(`/api/v1/selfcheck-actions/${actionId}/close`, { result: "記録簿を毎日確認するようにした" });
    assert.equal(done.status, 200, done.text);
    const sheet = await mgrA.get(`/api/v1/selfchecks/${campaign}/systems/${sysA}`);
    assert.equal(sheet.json.actions[0].state, "done");
    assert.equal((await mgrA.post(`/api/v1/selfcheck-actions/${actionId}/close`, { result: "again" })).json.code, "action_closed");
  });

  test("a system's action edited in the database without a trail entry is named by trail verify", () => {
    const mine = (out) => out.split("\n").filter((l) => /^\s*selfcheck_actions /.test(l));
    assert.deepEqual(mine(cli(["trail", "verify", "--db", srv.db]).stdout), []);
    sql(`UPDATE selfcheck_actions SET description = '書き換え' WHERE id = ${actionId}`);
    const r = cli(["trail", "verify", "--db", srv.db]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`selfcheck_actions id ${actionId} column description: .* \\[reconcile_differs\\]`));
    sql(`UPDATE selfcheck_actions SET description = '入退室記録簿の記入を徹底する' WHERE id = ${actionId}`);
    assert.deepEqual(mine(cli(["trail", "verify", "--db", srv.db]).stdout), []);
  });
});

describe("the compliance dashboard", () => {
  test("the system's いいえ・一部 are self-check gaps of its owning 課", async () => {
    const r = await ciso.get("/api/v1/compliance");
    assert.equal(r.status, 200, r.text);
    const gaps = r.json.categories.flatMap((c) => c.measures).find((m) => m.id === "selfcheck_gaps");
    const code = sql(`SELECT code FROM systems WHERE id = ${sysA}`);
    const partly = Number(sql(`SELECT count(*) FROM selfcheck_system_answers WHERE answer IN ('no', 'partly')`));
    assert.equal(partly, 1);
    assert.equal(gaps.value, partly, "the 課 answered nothing: only the system's gap");
    assert.ok(gaps.rows.some((row) => row.startsWith(`情報システム ${code} `) && row.endsWith("いいえ 0・一部 1")), JSON.stringify(gaps.rows));
  });
});

describe("adding systems to a campaign", () => {
  const add = (client, system_ids) => client.post(`/api/v1/selfchecks/${campaign}/systems`, { system_ids });

  test("only evaluation.manage; bad input refused", async () => {
    assert.equal((await add(mgrA, [sysB])).status, 403);
    for (const [ids, code] of [[[sysA], "duplicate_system"], [[sysB, sysB], "duplicate_system"],
      [[9999999], "unknown_system"], [[], "required"]]) {
      const r = await add(ciso, ids);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, "system_ids");
    }
    assert.equal(sql(`SELECT count(*) FROM selfcheck_system_targets WHERE campaign_id = ${campaign}`), "1");
  });

  test("a campaign of a finished 年度 takes no new system", async () => {
    sql(`UPDATE selfcheck_campaigns SET fiscal_year = ${fiscalYearOf(0) - 1} WHERE id = ${campaign}`);
    const r = await add(ciso, [sysB]);
    sql(`UPDATE selfcheck_campaigns SET fiscal_year = ${fiscalYearOf(0)} WHERE id = ${campaign}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.code, "selfcheck_year_ended");
    assert.equal(sql(`SELECT count(*) FROM selfcheck_system_targets WHERE campaign_id = ${campaign}`), "1");
  });

  test("the CISO adds another system: its 管理者 now answers it, and still not the first", async () => {
    const r = await add(ciso, [String(sysB)]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.systems.map((s) => s.system_id), [sysA, sysB]);
    assert.equal((await mgrB.get(`/api/v1/selfchecks/${campaign}/systems/${sysB}`)).status, 200);
    assert.equal((await mgrB.get(`/api/v1/selfchecks/${campaign}/systems/${sysA}`)).status, 404);
    assert.deepEqual((await mgrB.get(`/api/v1/selfchecks/${campaign}`)).json.systems.map((s) => s.system_id), [sysB]);
  });

  test("a closed campaign takes no answer", async () => {
    assert.equal((await ciso.post(`/api/v1/selfchecks/${campaign}/close`, {})).status, 200);
    const r = await mgrB.post(`/api/v1/selfchecks/${campaign}/systems/${sysB}/answers`,
      { item_id: "sys_room_access", answer: "yes" });
    assert.equal(r.status, 409);
    assert.equal(r.json.code, "selfcheck_closed");
  });
});
