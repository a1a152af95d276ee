// Records of issue 4 over the API on the demo: the サーバー室入退室管理簿 (after-hours entries with and
// without an approved 時間外立入 request, visitors and their escort, the card-reader CSV with bad rows),
// 搬入出 witnesses, the two-person rule of 作業記録, 障害記録, the license ledger filled from an
// approved software_install request, overdue 持ち出し, 持ち込み, and people of another 課室 refused.
//
// Approved requests are written into the database directly: the requests API is built on another
// branch, and what is tested here is how the records read them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, jstDateTime, lastWeekDays, now, utcOf } from "./lib/clock.mjs";

let srv, ciso, manager, staff, op1, op2, outsider;
let room, johoUnit, groupware, op1Id, op2Id, staffId, kakarichoId;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));

async function account(staffNo, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  return (await signInFirstTime(srv.url, login, temp)).client;
}

// An approved request of type written straight into the store (see the note at the top).
function approvedRequest(type, requester, objectKind, objectId, fields) {
  const at = new Date(now()).toISOString().replace(/\.\d+Z$/, "Z");
  const json = JSON.stringify(fields).replaceAll("'", "''");
  const obj = objectKind === "none" ? "NULL" : objectId;
  sql(`INSERT INTO requests(type, requester_person_id, unit_id, object_kind, object_id, fields, state, current_stage,
    round, created_at, submitted_at, decided_at, updated_at) VALUES ('${type}', ${requester},
    (SELECT unit_id FROM people WHERE id = ${requester}), '${objectKind}', ${obj}, '${json}', 'approved', 0, 1,
    '${at}', '${at}', '${at}', '${at}')`);
  return num("SELECT max(id) FROM requests");
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  johoUnit = num("SELECT id FROM org_units WHERE code = 'somu-joho'");
  room = num("SELECT id FROM server_rooms WHERE door_code = 'SR-1'");
  groupware = num("SELECT id FROM systems WHERE code = 'SYS-L04'");
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${johoUnit}`);
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${johoUnit} AND title = '主事' ORDER BY id LIMIT 1`);
  const [op1No, op2No] = sql("SELECT staff_no FROM people WHERE employment = 'contractor' ORDER BY id").split("\n");
  const outsiderNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code = 'kikaku-zaisei' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
  op1Id = num(`SELECT id FROM people WHERE staff_no = '${op1No}'`);
  op2Id = num(`SELECT id FROM people WHERE staff_no = '${op2No}'`);
  staffId = num(`SELECT id FROM people WHERE staff_no = '${staffNo}'`);
  kakarichoId = num("SELECT person_id FROM role_assignments WHERE role = 'lgsec_admin'");
  manager = await account(managerNo, "joho.kacho");
  staff = await account(staffNo, "joho.staff");
  op1 = await account(op1No, "joho.op1");
  op2 = await account(op2No, "joho.op2");
  outsider = await account(outsiderNo, "zaisei.staff");
});

after(async () => {
  await srv?.stop();
});

describe("サーバー室入退室管理簿 (第35条)", () => {
  test("the demo room: its keepers see the list of people allowed in; another 課室 is refused", async () => {
    const r = await staff.get(`/api/v1/records/server-rooms/${room}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.office_start, "08:30");
    assert.equal(r.json.office_end, "17:15");
    assert.ok(r.json.access.some((a) => a.person_id === op1Id && a.card_no === "C-0101"));
    const refused = await outsider.get(`/api/v1/records/server-rooms/${room}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "record_forbidden");
    assert.equal((await outsider.get(`/api/v1/records/server-rooms/${room}/entries`)).status, 403);
    const list = await outsider.get("/api/v1/records/server-rooms");
    assert.equal(list.json.items.find((x) => x.id === room).can_keep, false);
  });

  test("the demo's Saturday entry without a request is flagged", async () => {
    const r = await manager.get(`/api/v1/records/server-rooms/${room}/entries?flagged=true`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 1);
    assert.deepEqual(r.json.items[0].flags, ["after_hours_unapproved"]);
    assert.equal(r.json.items[0].time_in, utcOf(lastWeekDays(5), "10:00")); /* last Saturday, 10:00 JST */
  });

  test("a room is registered by its 課室's manager, with office hours; not by staff", async () => {
    const body = { name: "分庁舎サーバー室", door_code: "SR-2", unit_id: johoUnit, office_start: "08:00", office_end: "18:00" };
    assert.equal((await staff.post("/api/v1/records/server-rooms", body)).status, 403);
    const bad = await manager.post("/api/v1/records/server-rooms", { ...body, office_end: "07:00" });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, "invalid_office_hours");
    const r = await manager.post("/api/v1/records/server-rooms", body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.office_end, "18:00");
    const dup = await manager.post("/api/v1/records/server-rooms", body);
    assert.equal(dup.status, 409);
    const g = await staff.post(`/api/v1/records/server-rooms/${r.json.id}/access`, { person_id: op1Id });
    assert.equal(g.status, 403);
    const ok = await manager.post(`/api/v1/records/server-rooms/${r.json.id}/access`, { person_id: String(op1Id) });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.access.length, 1);
    assert.equal((await staff.patch(`/api/v1/records/server-rooms/${r.json.id}`, { office_end: "20:00" })).status, 403);
    const changed = await manager.patch(`/api/v1/records/server-rooms/${r.json.id}`, { office_end: "20:00", location: "分庁舎1階" });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.office_end, "20:00");
    const aid = ok.json.access[0].id;
    assert.equal((await staff.post(`/api/v1/records/server-rooms/${r.json.id}/access/${aid}/end`, {})).status, 403);
    /* ended on the day it was granted (today): no calendar date that can pass */
    const from = ok.json.access[0].valid_from;
    const ended = await manager.post(`/api/v1/records/server-rooms/${r.json.id}/access/${aid}/end`, { valid_until: from });
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.json.access[0].valid_until, from);
  });

  test("an after-hours entry is flagged until an approved 時間外立入 request covers it (第35条3)", async () => {
    const wed = lastWeekDays(2);
    const entry = { person_id: op1Id, purpose: "夜間の障害対応", time_in: jstDateTime(wed, "21:00"), time_out: jstDateTime(wed, "22:30") };
    const r = await op1.post(`/api/v1/records/server-rooms/${room}/entries`, entry);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.after_hours, true);
    assert.deepEqual(r.json.flags, ["after_hours_unapproved"]);
    // a request for another time does not cover it; one for this room, time and person does
    approvedRequest("server_room_after_hours", op2Id, "none", null, {
      room: "本庁舎サーバー室", entry_from: jstDateTime(wed + 1, "20:00"), entry_to: jstDateTime(wed + 1, "23:00"), purpose: "障害対応", persons: "全員",
    });
    assert.deepEqual((await op1.get(`/api/v1/records/server-room-entries/${r.json.id}`)).json.flags, ["after_hours_unapproved"]);
    const name = sql(`SELECT name FROM people WHERE id = ${op1Id}`);
    const req = approvedRequest("server_room_after_hours", op2Id, "none", null, {
      room: "本庁舎サーバー室", entry_from: jstDateTime(wed, "20:00"), entry_to: jstDateTime(wed, "23:00"), purpose: "障害対応", persons: `${name} ほか1名`,
    });
    const again = await op1.get(`/api/v1/records/server-room-entries/${r.json.id}`);
    assert.deepEqual(again.json.flags, []);
    assert.equal(again.json.after_hours_request_id, req);
    // an entry within office hours needs nothing
    const day = await op1.post(`/api/v1/records/server-rooms/${room}/entries`, { ...entry, time_in: jstDateTime(wed, "10:00"), time_out: jstDateTime(wed, "11:00") });
    assert.equal(day.json.after_hours, false);
    assert.deepEqual(day.json.flags, []);
  });

  test("a visitor needs an escort who is allowed in (第35条5); bad input changes nothing", async () => {
    const before = (await manager.get(`/api/v1/records/server-rooms/${room}/entries`)).json.items.length;
    const visitor = { visitor_name: "点検 花子", visitor_org: "デモ空調株式会社", purpose: "空調点検", time_in: jstDateTime(-1, "10:00") };
    let r = await manager.post(`/api/v1/records/server-rooms/${room}/entries`, visitor);
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "escort_required");
    assert.equal(r.json.field, "escort_person_id");
    r = await manager.post(`/api/v1/records/server-rooms/${room}/entries`, { ...visitor, escort_person_id: staffId });
    assert.equal(r.json.code, "escort_not_allowed");
    r = await manager.post(`/api/v1/records/server-rooms/${room}/entries`, { ...visitor, escort_person_id: kakarichoId, time_in: `${jstDate(-1)} 10:00:00` });
    assert.equal(r.status, 201, r.text);
    for (const [body, code] of [
      [{ ...visitor, escort_person_id: kakarichoId, time_in: "11/24 10:00" }, "invalid_time"],
      [{ ...visitor, escort_person_id: kakarichoId, person_id: op1Id }, "person_or_visitor"],
      [{ ...visitor, escort_person_id: kakarichoId, purpose: "" }, "required"],
      [{ ...visitor, escort_person_id: kakarichoId, extra: 1 }, "unknown_field"],
      [{ ...visitor, escort_person_id: kakarichoId, time_out: jstDateTime(-1, "09:00") }, "invalid_time"],
    ]) {
      const bad = await manager.post(`/api/v1/records/server-rooms/${room}/entries`, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.json.code, code, JSON.stringify(bad.json));
    }
    const outsiderTry = await outsider.post(`/api/v1/records/server-rooms/${room}/entries`, { ...visitor, escort_person_id: kakarichoId });
    assert.equal(outsiderTry.status, 403);
    const afterCount = (await manager.get(`/api/v1/records/server-rooms/${room}/entries`)).json.items.length;
    assert.equal(afterCount, before + 1);
  });

  test("card-reader CSV: bad rows are reported with their row numbers and nothing is written", async () => {
    const count = async () => (await manager.get(`/api/v1/records/server-rooms/${room}/entries`)).json.items.length;
    const before = await count();
    const bad = [
      "カード番号,日時,方向,扉",
      `C-0101,${jstDate(-2)} 09:00,入,SR-1`,
      `C-0101,${jstDate(-2)} 25:00,出,SR-1`,
      `C-9999,${jstDate(-2)} 09:10,入,SR-1`,
      `C-0102,${jstDate(-2)} 09:20,入,NO-DOOR`,
      `C-0102,${jstDate(-2)} 09:30,?,SR-1`,
    ].join("\r\n");
    const r = await manager.req("POST", "/api/v1/records/server-room-entries/import", undefined, { raw: bad, headers: { "content-type": "text/csv" } });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, "card_csv_invalid");
    assert.deepEqual(r.json.errors.map((x) => [x.row, x.code]), [[3, "invalid_time"], [4, "unknown_card"], [5, "unknown_door"], [6, "invalid_direction"]]);
    assert.equal(await count(), before);
    // the same day, corrected, in CP932 with the 職員番号 column
    const op2No = sql(`SELECT staff_no FROM people WHERE id = ${op2Id}`);
    const good = ["職員番号,日時,方向,扉", `${op2No},${jstDate(-2)} 09:00,入,SR-1`, `${op2No},${jstDate(-2)} 09:40,出,SR-1`].join("\r\n") + "\r\n";
    const cp932 = spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: good }).stdout;
    assert.ok(cp932.length > 0 && !cp932.equals(Buffer.from(good)));
    const ok = await manager.req("POST", "/api/v1/records/server-room-entries/import", undefined, { raw: cp932, headers: { "content-type": "text/csv" } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json, { rows: 2, opened: 1, closed: 1 });
    assert.equal(await count(), before + 1);
    // another 課室 cannot import into this room's book
    const theirs = await outsider.req("POST", "/api/v1/records/server-room-entries/import", undefined, { raw: good, headers: { "content-type": "text/csv" } });
    assert.equal(theirs.status, 400);
    assert.equal(theirs.json.errors[0].code, "record_forbidden");
  });

  test("搬入出 needs a 職員 as witness and, for 搬入, the impact check (第36条)", async () => {
    const move = { direction: "in", equipment: "L3スイッチ", carried_by: "デモ通信株式会社", moved_at: jstDateTime(-1, "10:00"), witness_person_id: op1Id, impact_check: "既設ネットワークへの影響を確認" };
    let r = await staff.post(`/api/v1/records/server-rooms/${room}/moves`, move);
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "witness_not_staff");
    r = await staff.post(`/api/v1/records/server-rooms/${room}/moves`, { ...move, witness_person_id: staffId, impact_check: "" });
    assert.equal(r.json.code, "impact_check_required");
    r = await staff.post(`/api/v1/records/server-rooms/${room}/moves`, { ...move, witness_person_id: staffId });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.witness_person_id, staffId);
    assert.equal((await outsider.post(`/api/v1/records/server-rooms/${room}/moves`, { ...move, witness_person_id: staffId })).status, 403);
    const list = await manager.get(`/api/v1/records/server-rooms/${room}/moves`);
    assert.equal(list.json.items.length, 2); /* the demo's UPS and this one */
  });

  test("holidays count as outside office hours; only roles.manage sets them", async () => {
    const day = -(((new Date(`${jstDate(0)}T12:00:00Z`).getUTCDay() + 6) % 7) + 7 - 1); /* last week's Tuesday */
    assert.equal((await staff.post("/api/v1/records/holidays", { date: jstDate(day), name: "振替休日" })).status, 403);
    const r = await ciso.post("/api/v1/records/holidays", { date: jstDate(day), name: "振替休日" });
    assert.equal(r.status, 200, r.text);
    const e = await op1.post(`/api/v1/records/server-rooms/${room}/entries`, { person_id: op1Id, purpose: "点検", time_in: jstDateTime(day, "10:00"), time_out: jstDateTime(day, "10:30") });
    assert.equal(e.json.after_hours, true);
  });
});

describe("作業記録 (第63条)", () => {
  let work;
  test("the author cannot confirm their own work; another operator does", async () => {
    const body = { system_id: groupware, title: "メールサーバー証明書の更新", description: "サーバー証明書を更新", started_at: jstDateTime(-1, "18:00"), ended_at: jstDateTime(-1, "18:30"), config_changed: true };
    let r = await op1.post("/api/v1/records/work", body);
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "security_review_required");
    assert.equal((await outsider.post("/api/v1/records/work", { ...body, security_review: "x" })).status, 403);
    r = await op1.post("/api/v1/records/work", { ...body, security_review: "暗号スイートの設定が変わっていないことを確認" });
    assert.equal(r.status, 201, r.text);
    work = r.json;
    assert.equal(work.state, "recorded");
    const self = await op1.post(`/api/v1/records/work/${work.id}/confirm`, { comment: "確認" });
    assert.equal(self.status, 403);
    assert.equal(self.json.code, "two_person_rule");
    assert.match(self.json.detail, /第63条/);
    const other = await outsider.post(`/api/v1/records/work/${work.id}/confirm`, {});
    assert.equal(other.status, 403);
    assert.equal(other.json.code, "record_forbidden");
    const ok = await op2.post(`/api/v1/records/work/${work.id}/confirm`, { comment: "画面で設定を確認" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, "confirmed");
    assert.equal(ok.json.confirmer_person_id, op2Id);
    assert.equal((await op2.post(`/api/v1/records/work/${work.id}/confirm`, {})).status, 409);
  });

  test("the list shows what waits for a confirmation; another 課室 sees none", async () => {
    const r = await op2.get(`/api/v1/records/work?system_id=${groupware}&unconfirmed=true`);
    assert.equal(r.status, 200);
    assert.equal(r.json.unconfirmed, 1); /* the demo's account review */
    assert.ok(r.json.items.every((x) => x.state === "recorded"));
    assert.equal((await outsider.get("/api/v1/records/work")).json.items.length, 0);
    assert.equal((await outsider.get(`/api/v1/records/work/${work.id}`)).status, 403);
  });
});

describe("障害記録 (第66条)", () => {
  test("anyone reports; the system's people handle and resolve; the reporter follows it", async () => {
    const r = await outsider.post("/api/v1/records/failures", { system_id: groupware, title: "予定表が表示されない", description: "財政課の予定表が空になる", occurred_at: jstDateTime(-1, "09:10") });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, "reported");
    const id = r.json.id;
    assert.equal((await outsider.post(`/api/v1/records/failures/${id}/update`, { state: "handling", handling: "x" })).status, 403);
    const h = await op1.post(`/api/v1/records/failures/${id}/update`, { state: "handling", handling: "キャッシュを削除して再同期" });
    assert.equal(h.status, 200, h.text);
    const noResult = await op1.post(`/api/v1/records/failures/${id}/update`, { state: "resolved", handling: "再同期" });
    assert.equal(noResult.status, 400);
    const done = await op1.post(`/api/v1/records/failures/${id}/update`, { state: "resolved", handling: "再同期", result: "表示が戻った", problems: "同期失敗の監視がない" });
    assert.equal(done.status, 200);
    assert.equal(done.json.state, "resolved");
    const seen = await outsider.get(`/api/v1/records/failures/${id}`);
    assert.equal(seen.json.result, "表示が戻った");
    assert.equal((await staff.get(`/api/v1/records/failures/${id}`)).status, 403);
    assert.equal((await ciso.get("/api/v1/records/failures?state=bogus")).status, 400);
    // limits count characters, as people do: 200 kanji fit a 200-character 件名, 201 do not
    const long = { system_id: groupware, description: "長い件名", occurred_at: jstDateTime(-1, "09:10") };
    assert.equal((await outsider.post("/api/v1/records/failures", { ...long, title: "障".repeat(200) })).status, 201);
    const over = await outsider.post("/api/v1/records/failures", { ...long, title: "障".repeat(201) });
    assert.equal(over.status, 400);
    assert.equal(over.json.code, "too_long");
    assert.match(over.json.detail, /200文字/);
  });
});

describe("ソフトウェア・ライセンス台帳 (第76条(2))", () => {
  test("an approved software_install request becomes a row once; manual rows by the manager only", async () => {
    const req = approvedRequest("software_install", staffId, "system", groupware, {
      software_name: "画像編集ソフト", version: "5", license_kind: "commercial", license_count: "3", purpose: "広報", target_device: "PC-0101",
    });
    let r = await outsider.get("/api/v1/records/licenses");
    assert.equal(r.status, 200);
    assert.equal(r.json.synced, 1);
    const row = r.json.items.find((x) => x.request_id === req);
    assert.equal(row.software, "画像編集ソフト");
    assert.equal(row.license_count, 3);
    assert.equal(row.system_id, groupware);
    r = await outsider.get("/api/v1/records/licenses");
    assert.equal(r.json.synced, 0);
    assert.equal(r.json.items.filter((x) => x.request_id === req).length, 1);
    const body = { software: "会計ソフト", license_kind: "subscription", license_count: 2, unit_id: johoUnit };
    assert.equal((await outsider.post("/api/v1/records/licenses", body)).status, 403);
    assert.equal((await manager.post("/api/v1/records/licenses", { ...body, license_count: "2" })).status, 400);
    const ok = await manager.post("/api/v1/records/licenses", body);
    assert.equal(ok.status, 201, ok.text);
  });
});

describe("持ち出し・持ち込み記録 (第43条)", () => {
  test("an approved take-out past its return date is overdue, for the requester and their manager only", async () => {
    const asset = num(`SELECT id FROM assets WHERE unit_id = ${johoUnit} ORDER BY id LIMIT 1`);
    const req = approvedRequest("take_out", staffId, "asset", asset, { destination: "道庁", purpose: "説明会", out_at: jstDateTime(-20, "09:00"), return_due: jstDate(-19) });
    const mine = await staff.get("/api/v1/records/take-outs?overdue=true");
    assert.equal(mine.status, 200);
    const row = mine.json.items.find((x) => x.request_id === req);
    assert.equal(row.overdue, true);
    assert.equal(row.return_due, jstDate(-19));
    assert.ok((await manager.get("/api/v1/records/take-outs")).json.items.some((x) => x.request_id === req));
    assert.equal((await outsider.get("/api/v1/records/take-outs")).json.items.length, 0);
    assert.equal((await staff.get("/api/v1/records/take-outs?overdue=maybe")).status, 400);
  });

  test("a bring-in is recorded by the person; another 課室 cannot close it", async () => {
    const r = await staff.post("/api/v1/records/bring-ins", { item: "講師持参のノートPC", purpose: "研修の投影", in_at: jstDateTime(-1, "13:00") });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.person_id, staffId);
    assert.equal((await outsider.post(`/api/v1/records/bring-ins/${r.json.id}/out`, {})).status, 403);
    const out = await manager.post(`/api/v1/records/bring-ins/${r.json.id}/out`, { out_at: jstDateTime(-1, "17:00") });
    assert.equal(out.status, 200, out.text);
    assert.equal(out.json.out_at, utcOf(-1, "17:00"));
    assert.equal((await manager.post(`/api/v1/records/bring-ins/${r.json.id}/out`, {})).status, 409);
    assert.equal((await outsider.get("/api/v1/records/bring-ins")).json.items.length, 0);
  });
});
