// The CSIRT board over the API on the demo (docs/incidents.md): the open incidents graver first, counted
// by state and severity, with stalled chain steps, overdue tasks and who of the CSIRT handles each; the
// overdue tasks across them; filters; assigning within the CSIRT. Only the CSIRT and the CISO see it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, jstDateTime } from "./lib/clock.mjs";

let srv, staff, csirt, ciso, staffId, memberId, grave, light, closedOne;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));
const holder = (role) => num(`SELECT person_id FROM role_assignments WHERE role = '${role}' ORDER BY id LIMIT 1`);

async function account(personId, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", sql(`SELECT staff_no FROM people WHERE id = ${personId}`), "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  return (await signInFirstTime(srv.url, login, /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1])).client;
}

const report = (title) => ({
  title, description: "確認中", noticed_at: jstDateTime(-3, "09:00"), place: "本庁舎", personal_data: "unknown",
});

before(async () => {
  srv = await startServer({ demo: true });
  staffId = num("SELECT id FROM people WHERE title = '主事' ORDER BY id LIMIT 1");
  memberId = holder("csirt_member");
  staff = await account(staffId, "b.staff");
  csirt = await account(holder("csirt_lead"), "b.csirt");
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  grave = (await staff.post("/api/v1/incidents", report("不審な通信"))).json.id;
  light = (await staff.post("/api/v1/incidents", report("設定の誤り"))).json.id;
  closedOne = (await staff.post("/api/v1/incidents", report("誤報"))).json.id;
  let r = await csirt.post(`/api/v1/incidents/${grave}/triage`, { is_incident: true, category: "unauthorized_access", severity: "critical" });
  assert.equal(r.status, 200, r.text);
  r = await csirt.post(`/api/v1/incidents/${closedOne}/triage`, { is_incident: false, note: "誤報" });
  assert.equal(r.status, 200, r.text);
  /* a containment task due yesterday (overdue), one due next week */
  r = await csirt.post(`/api/v1/incidents/${grave}/tasks`, { kind: "containment", title: "通信の遮断", owner_person_id: memberId, due_date: jstDate(-1) });
  assert.equal(r.status, 201, r.text);
  await csirt.post(`/api/v1/incidents/${grave}/tasks`, { kind: "recovery", title: "復旧", owner_person_id: memberId, due_date: jstDate(7) });
  /* nobody opened the light one's CISO step for two days: stalled */
  sql(`UPDATE incident_recipients SET notified_at = '2000-01-01T00:00:00Z', seen_at = NULL WHERE incident_id = ${light}`);
});

after(async () => {
  await srv?.stop();
});

describe("the CSIRT board", () => {
  test("open incidents only, graver first, with counts, stall and overdue flags", async () => {
    const r = await csirt.get("/api/v1/incidents/board");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.id), [grave, light]);
    const g = r.json.items[0];
    assert.equal(g.severity, "critical");
    assert.equal(g.open_tasks, 2);
    assert.equal(g.overdue_tasks, 1);
    assert.equal(g.stalled, false);
    assert.equal(r.json.items[1].stalled, true);
    assert.deepEqual(r.json.by_state, { reported: 1, triaged: 1 });
    assert.equal(r.json.by_severity.find((x) => x.id === "critical").count, 1);
    assert.equal(r.json.by_severity.find((x) => x.id === null).count, 1);
    assert.equal(r.json.by_severity[0].id, "critical"); /* graver first */
    assert.equal(r.json.stalled, 1);
    assert.equal(r.json.overdue, 1);
    assert.equal(r.json.unassigned, 2);
    assert.deepEqual(r.json.overdue_tasks.map((t) => [t.incident_id, t.title]), [[grave, "通信の遮断"]]);
    assert.equal(r.json.overdue_tasks[0].owner_name, sql(`SELECT name FROM people WHERE id = ${memberId}`));
  });

  test("the CISO sees it; a 職員 gets 403", async () => {
    assert.equal((await ciso.get("/api/v1/incidents/board")).status, 200);
    const r = await staff.get("/api/v1/incidents/board");
    assert.equal(r.status, 403);
    assert.equal(r.json.code, "incident_forbidden");
  });

  test("filters: severity, category, stalled, overdue, unit; a bad value is refused by name", async () => {
    const ids = async (q) => (await csirt.get(`/api/v1/incidents/board?${q}`)).json.items.map((x) => x.id);
    assert.deepEqual(await ids("severity=critical"), [grave]);
    assert.deepEqual(await ids("category=unauthorized_access"), [grave]);
    assert.deepEqual(await ids("stalled=true"), [light]);
    assert.deepEqual(await ids("overdue=true"), [grave]);
    const unit = num(`SELECT unit_id FROM incidents WHERE id = ${grave}`);
    assert.deepEqual(await ids(`unit_id=${unit}`), [grave, light]);
    for (const [q, field] of [["severity=ufo", "severity"], ["category=x", "category"], ["stalled=yes", "stalled"],
      ["unit_id=abc", "unit_id"], ["assignee=somebody", "assignee"]]) {
      const r = await csirt.get(`/api/v1/incidents/board?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.code, "invalid_parameter");
      assert.equal(r.json.field, field);
    }
  });

  test("assigning within the CSIRT: the member is told; filters by assignee", async () => {
    let r = await staff.post(`/api/v1/incidents/${grave}/assign`, { assignee_person_id: memberId });
    assert.equal(r.status, 403);
    r = await csirt.post(`/api/v1/incidents/${grave}/assign`, { assignee_person_id: staffId });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "not_csirt");
    assert.equal(sql(`SELECT coalesce(assignee_person_id, 'none') FROM incidents WHERE id = ${grave}`), "none");
    r = await csirt.post(`/api/v1/incidents/${grave}/assign`, { assignee_person_id: memberId });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assignee_person_id, memberId);
    assert.equal(num(`SELECT count(*) FROM notifications WHERE person_id = ${memberId} AND object_id = ${grave}
      AND title LIKE 'インシデントの担当になりました%'`), 1);
    assert.equal(num(`SELECT count(*) FROM trail_entries WHERE action = 'incident.assign' AND object_id = ${grave}`), 1);
    const b = (await csirt.get(`/api/v1/incidents/board?assignee=${memberId}`)).json;
    assert.deepEqual(b.items.map((x) => x.id), [grave]);
    assert.equal(b.items[0].assignee_name, sql(`SELECT name FROM people WHERE id = ${memberId}`));
    assert.deepEqual((await csirt.get("/api/v1/incidents/board?assignee=none")).json.items.map((x) => x.id), [light]);
    r = await csirt.post(`/api/v1/incidents/${closedOne}/assign`, { assignee_person_id: memberId });
    assert.equal(r.status, 409);
    assert.equal(r.json.code, "incident_state");
  });
});
