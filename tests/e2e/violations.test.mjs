// 違反 over the API on the demo (第124条, 第133条–第134条; docs/incidents.md): any 職員 reports a
// violation of the policy; the 統括 and the reporter's 情報セキュリティ管理者 are told (link only); the 統括
// confirms it naming who violated — their 部局's 情報セキュリティ責任者 is told then (第134条1) — or finds
// it unfounded; the handling is one of the pack's outcomes. The reporter sees their report and its state,
// never who violated nor the handling; the violator and anyone else get 404. Bad input: the field's
// error, nothing written.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, jstDateTime } from "./lib/clock.mjs";

let srv, staff, manager, chief, other, ciso;
let staffId, managerId, chiefId, otherId, superiorId, id;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));
const holder = (role, scope = "") =>
  num(`SELECT person_id FROM role_assignments WHERE role = '${role}' ${scope} ORDER BY id LIMIT 1`);

async function account(personId, login) {
  const staffNo = sql(`SELECT staff_no FROM people WHERE id = ${personId}`);
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  return (await signInFirstTime(srv.url, login, temp)).client;
}

const report = () => ({
  description: "離席時にパソコンがロックされず、住民情報の画面が表示されたままになっていた。",
  article: "第31条4",
  noticed_at: jstDateTime(-1, "10:15"),
});

before(async () => {
  srv = await startServer({ demo: true });
  const zaisei = num("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'");
  const zeimu = num("SELECT id FROM org_units WHERE code = 'shimin-zeimu'");
  staffId = num(`SELECT id FROM people WHERE unit_id = ${zaisei} AND title = '主事' ORDER BY id LIMIT 1`);
  otherId = num(`SELECT id FROM people WHERE unit_id = ${zeimu} AND title = '主事' ORDER BY id LIMIT 1`);
  managerId = holder("section_security_manager", `AND scope_id = ${zaisei}`);
  chiefId = holder("chief_security_officer");
  superiorId = holder("department_security_officer", "AND scope_id = (SELECT parent_id FROM org_units WHERE code = 'shimin-zeimu')");
  staff = await account(staffId, "v.staff");
  manager = await account(managerId, "v.kacho");
  chief = chiefId === num(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`)
    ? null : await account(chiefId, "v.chief");
  other = await account(otherId, "v.other");
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  chief ??= ciso;
});

after(async () => {
  await srv?.stop();
});

describe("a violation reported (第124条)", () => {
  test("the form's choices come from the pack", async () => {
    const r = await staff.get("/api/v1/violations/options");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.article, "第124条");
    assert.deepEqual(r.json.chain.map((c) => c.id), ["chief", "section_manager"]);
    assert.ok(r.json.outcomes.some((o) => o.id === "discipline_referral"));
  });

  test("a 職員 reports; the 統括 and their 情報セキュリティ管理者 are told, by link only", async () => {
    const r = await staff.post("/api/v1/violations", report());
    assert.equal(r.status, 201, r.text);
    id = r.json.id;
    assert.equal(r.json.state, "reported");
    assert.equal(r.json.is_reporter, true);
    assert.equal(r.json.unit_name, "財政課");
    assert.equal(r.json.recipients, undefined); /* the reporter does not see the chain's details */
    const told = sql(`SELECT step || ':' || person_id FROM incident_violation_recipients WHERE violation_id = ${id} ORDER BY id`);
    assert.equal(told, `chief:${chiefId}\nsection_manager:${managerId}`);
    const n = (await manager.get("/api/v1/notifications")).json.items.find((x) => x.object_type === "violation");
    assert.equal(n.link, `/incidents/violations/${id}`);
    assert.doesNotMatch(n.title, /ロック|住民/);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'violation.report' AND object_id = ${id}`), 1);
    /* kept apart from incidents */
    assert.equal(num("SELECT count(*) FROM incidents"), 0);
  });

  test("the manager's first reading is recorded once; they see the chain", async () => {
    const r = await manager.get(`/api/v1/violations/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.recipients.find((x) => x.person_id === managerId).seen_at);
    await manager.get(`/api/v1/violations/${id}`);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'violation.seen' AND object_id = ${id}`), 1);
  });

  test("anyone else gets 404 and an empty list", async () => {
    const r = await other.get(`/api/v1/violations/${id}`);
    assert.equal(r.status, 404);
    assert.equal(r.json.code, "violation_not_found");
    const list = await other.get("/api/v1/violations");
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items, []);
    assert.deepEqual((await staff.get("/api/v1/violations")).json.items.map((x) => x.id), [id]);
  });
});

describe("the 統括's handling (第134条)", () => {
  test("only a handler confirms: the manager told of it gets 403, nothing changes", async () => {
    const r = await manager.post(`/api/v1/violations/${id}/assess`, { is_violation: true, violator_person_id: otherId });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.code, "violation_forbidden");
    assert.equal(sql(`SELECT state FROM incident_violations WHERE id = ${id}`), "reported");
  });

  test("the handler cannot name themselves (第20条)", async () => {
    const r = await chief.post(`/api/v1/violations/${id}/assess`, { is_violation: true, violator_person_id: chiefId });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.code, "separation_of_duties");
  });

  test("confirmed, naming who violated: their 部局's 情報セキュリティ責任者 is told", async () => {
    const r = await chief.post(`/api/v1/violations/${id}/assess`, { is_violation: true, violator_person_id: otherId });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "confirmed");
    assert.equal(r.json.violator_name, sql(`SELECT name FROM people WHERE id = ${otherId}`));
    const sup = r.json.recipients.filter((x) => x.step === "superior").map((x) => x.person_id);
    assert.deepEqual(sup, [superiorId]);
    assert.equal(num(`SELECT count(*) FROM notifications WHERE object_type = 'violation' AND object_id = ${id}
      AND person_id = ${superiorId}`), 1);
    /* the violator is not told and cannot read it */
    assert.equal((await other.get(`/api/v1/violations/${id}`)).status, 404);
    assert.equal((await chief.post(`/api/v1/violations/${id}/assess`, { is_violation: false, reason: "x" })).json.code,
      "violation_state");
  });

  test("the handling is a choice and a date: no free text", async () => {
    const bad = [
      [{ outcome: "reprimanded loudly", outcome_on: jstDate(0) }, "invalid_outcome", "outcome"],
      [{ outcome: "guidance", outcome_on: jstDate(3) }, "in_future", "outcome_on"],
      [{ outcome: "guidance", outcome_on: jstDate(-30) }, "before_noticed", "outcome_on"],
      [{ outcome: "guidance", outcome_on: "2026-02-30" }, "invalid_date", "outcome_on"],
      [{ outcome: "guidance", outcome_on: jstDate(0), note: "本人は反省していない" }, "unknown_field", "note"],
    ];
    for (const [body, code, field] of bad) {
      const r = await chief.post(`/api/v1/violations/${id}/handle`, body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }
    assert.equal(sql(`SELECT state FROM incident_violations WHERE id = ${id}`), "confirmed");
    const r = await chief.post(`/api/v1/violations/${id}/handle`, { outcome: "guidance", outcome_on: jstDate(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "handled");
    assert.equal(r.json.outcome_label, "情報セキュリティ責任者による指導");
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'violation.handle' AND object_id = ${id}`), 1);
  });

  test("the reporter sees the state, never who violated nor the handling", async () => {
    const r = await staff.get(`/api/v1/violations/${id}`);
    assert.equal(r.json.state, "handled");
    for (const k of ["violator_person_id", "violator_name", "outcome", "outcome_label", "recipients"])
      assert.equal(r.json[k], undefined, k);
    const item = (await staff.get("/api/v1/violations")).json.items[0];
    assert.equal(item.outcome, null);
    /* the CISO (reader_roles) sees all of it */
    assert.equal((await ciso.get(`/api/v1/violations/${id}`)).json.outcome, "guidance");
  });

  test("unfounded needs a reason; a link to an incident the reporter cannot read is refused", async () => {
    const v = (await staff.post("/api/v1/violations", report())).json.id;
    let r = await chief.post(`/api/v1/violations/${v}/assess`, { is_violation: false });
    assert.equal(r.json.code, "required");
    assert.equal(r.json.field, "reason");
    r = await chief.post(`/api/v1/violations/${v}/assess`, { is_violation: false, violator_person_id: otherId, reason: "x" });
    assert.equal(r.json.code, "field_not_applicable");
    r = await chief.post(`/api/v1/violations/${v}/assess`, { is_violation: false, reason: "画面はロック済みだった (確認済み)" });
    assert.equal(r.json.state, "unfounded");
    r = await staff.post("/api/v1/violations", { ...report(), incident_id: 999999 });
    assert.equal(r.json.code, "unknown_incident");
  });
});

describe("bad input: a clear field error and nothing written", () => {
  const cases = [
    ["description missing", { description: undefined }, "required", "description"],
    ["description too long", { description: "あ".repeat(2001) }, "too_long", "description"],
    ["article too long", { article: "第".repeat(41) }, "too_long", "article"],
    ["noticed_at missing", { noticed_at: undefined }, "required", "noticed_at"],
    ["noticed_at not a time", { noticed_at: "先週" }, "invalid_time", "noticed_at"],
    ["noticed_at in the future", { noticed_at: jstDateTime(2, "10:00") }, "in_future", "noticed_at"],
    ["incident_id not an id", { incident_id: "abc" }, "invalid_type", "incident_id"],
    ["an unknown field", { violator: "someone" }, "unknown_field", "violator"],
  ];
  for (const [name, change, code, field] of cases)
    test(name, async () => {
      const before = num("SELECT count(*) FROM incident_violations");
      const body = { ...report(), ...change };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const r = await staff.post("/api/v1/violations", body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
      assert.ok(r.json.detail || r.json.title);
      assert.equal(num("SELECT count(*) FROM incident_violations"), before);
    });
});

test("a 違反 edited in the database without a trail entry is named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const mine = (out) => out.split("\n").filter((l) => /^\s*incident_violations /.test(l));
  assert.deepEqual(mine(verify().stdout), []);
  const v = sql("SELECT max(id) FROM incident_violations");
  assert.ok(v, "the suite reported a violation");
  sql(`UPDATE incident_violations SET description = description || '（改）' WHERE id = ${v}`);
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`incident_violations id ${v} column description: .* in the trail, .*（改）" in the register \\[reconcile_differs\\]`));
});

test("who was told of a 違反, edited, added or removed in the database without a trail entry, is named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]).stdout;
  const mine = (out) => out.split("\n").filter((l) => /^\s*incident_violation_recipients /.test(l));
  assert.deepEqual(mine(verify()), []);
  /* a reading recorded the whole set again: a seen row is compared with its reading */
  const v = sql("SELECT violation_id FROM incident_violation_recipients WHERE seen_at IS NOT NULL ORDER BY id LIMIT 1");
  assert.ok(v, "someone read a reported violation");
  const seen = sql(`SELECT min(id) FROM incident_violation_recipients WHERE violation_id = ${v} AND seen_at IS NOT NULL`);
  const removed = sql(`SELECT max(id) FROM incident_violation_recipients WHERE violation_id = ${v} AND id <> ${seen}`);
  assert.ok(removed, "the violation told two people or more");
  sql(`UPDATE incident_violation_recipients SET seen_at = NULL WHERE id = ${seen}`);
  sql(`DELETE FROM incident_violation_recipients WHERE id = ${removed}`);
  sql(`INSERT INTO incident_violation_recipients(violation_id, step, role, person_id, notified_at)
       SELECT violation_id, 'extra', role, NULL, notified_at FROM incident_violation_recipients WHERE id = ${seen}`);
  const added = sql("SELECT max(id) FROM incident_violation_recipients");
  const out = verify();
  const lines = mine(out);
  for (const want of [
    new RegExp(`incident_violation_recipients id ${v}/${seen} column seen_at: ".*" in the trail, null in the register \\[reconcile_differs\\]`),
    new RegExp(`incident_violation_recipients id ${v}/${removed}: .*\\[reconcile_row_missing\\]`),
    new RegExp(`incident_violation_recipients id ${v}/${added}: a row no trail entry records`),
  ])
    assert.ok(lines.some((l) => want.test(l)), `${want} in\n${lines.join("\n")}`);
  assert.equal(lines.length, 3, lines.join("\n"));
});
