// 申請・承認 over the API: a 課's staff takes a PC out and brings it back, their 課長 decides; nobody
// approves their own request (第20条) at any stage; a changed asset cannot be approved on the old
// snapshot; outsiders cannot read a request; bad input is refused and changes nothing.
import { jstDate, jstDateTime } from "./lib/clock.mjs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv, staff, manager, director, outsider, ciso, kikakuId;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

const account = async (staffNo, login) =>
  (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;

const holder = (role, scopeSql) =>
  sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
       WHERE r.role = '${role}' AND ${scopeSql} AND (r.valid_until IS NULL) LIMIT 1`);

before(async () => {
  srv = await startServer({ demo: true });
  kikakuId = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const deptId = Number(sql(`SELECT parent_id FROM org_units WHERE id = ${kikakuId}`));
  manager = await account(holder("section_security_manager", `r.scope_id = ${kikakuId}`), "kikaku.kacho");
  director = await account(holder("department_security_officer", `r.scope_id = ${deptId}`), "kikaku.bucho");
  staff = await account(
    sql(`SELECT staff_no FROM people WHERE unit_id = ${kikakuId} AND title = '主事' ORDER BY id LIMIT 1`),
    "kikaku.staff",
  );
  outsider = await account(
    sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
         WHERE u.code = 'kikaku-zaisei' AND p.title = '主事' ORDER BY p.id LIMIT 1`),
    "zaisei.staff",
  );
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});

after(async () => {
  await srv?.stop();
});

async function newAsset(client, name) {
  const r = await client.post("/api/v1/assets", {
    name,
    kind: "equipment",
    unit_id: kikakuId,
    format: "electronic",
    storage_place: "企画課執務室",
    confidentiality: "2",
    integrity: "2",
    availability: "2",
    classification_reason: "内部資料を保存するため",
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const takeOut = (assetId, extra = {}) => ({
  type: "take_out",
  object_id: assetId,
  fields: {
    destination: "県庁 会議室",
    purpose: "説明会資料の投影",
    out_at: jstDateTime(0, "00:00"),
    return_due: jstDate(1),
    ...extra,
  },
});

describe("申請・承認", () => {
  let pc;
  before(async () => {
    pc = await newAsset(staff, "企画課 貸出用ノートPC 1号機");
  });

  test("the request types come from the pack with their article and fields", async () => {
    const r = await staff.get("/api/v1/request-types");
    assert.equal(r.status, 200);
    const t = r.json.items.find((x) => x.id === "take_out");
    assert.match(t.article, /^第41条/);
    assert.deepEqual(
      t.fields.map((f) => f.name),
      ["destination", "purpose", "out_at", "return_due"],
    );
  });

  test("持ち出し: 職員 requests, 課長 approves, the return completes it (第41条)", async () => {
    const c = await staff.post("/api/v1/requests", { ...takeOut(pc.id), submit: true });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.state, "submitted");
    assert.equal(c.json.approval.role, "section_security_manager");
    assert.equal(c.json.approval.escalated, false);

    const inbox = await manager.get("/api/v1/requests?box=inbox");
    assert.ok(inbox.json.items.some((x) => x.id === c.json.id));
    assert.ok(!(await outsider.get("/api/v1/requests?box=inbox")).json.items.some((x) => x.id === c.json.id));

    const own = await staff.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(own.status, 403);
    assert.equal(own.json.code, "separation_of_duties");

    const ok = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve", comment: "了解" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, "approved");
    assert.match(ok.json.approvals[0].snapshot_hash, /^[0-9a-f]{64}$/);

    const back = await staff.post(`/api/v1/requests/${c.json.id}/complete`, { comment: "返却しました" });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.state, "completed");
    const mine = await staff.get("/api/v1/requests?box=mine");
    assert.equal(mine.json.items.find((x) => x.id === c.json.id).state, "completed");
    const again = await staff.post(`/api/v1/requests/${c.json.id}/complete`, {});
    assert.equal(again.json.code, "bad_state");
    assert.equal(again.json.detail, "「完了」の申請は完了できません", "the state by its name, not its code");
  });

  test("持ち出し: the return cannot be recorded before the take-out starts", async () => {
    const c = await staff.post("/api/v1/requests", { ...takeOut(pc.id, { out_at: jstDateTime(2, "09:00"), return_due: jstDate(3) }), submit: true });
    assert.equal(c.status, 201, c.text);
    assert.equal((await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" })).status, 200);
    const early = await staff.post(`/api/v1/requests/${c.json.id}/complete`, { comment: "返却しました" });
    assert.equal(early.status, 409, early.text);
    assert.equal(early.json.code, "return_before_start");
    assert.equal((await staff.get(`/api/v1/requests/${c.json.id}`)).json.state, "approved");
    // the actual departure is recorded by the requester, once; then the return can be recorded
    assert.equal((await manager.post(`/api/v1/requests/${c.json.id}/depart`, {})).status, 403);
    const left = await staff.post(`/api/v1/requests/${c.json.id}/depart`, {});
    assert.equal(left.status, 200, left.text);
    assert.match(left.json.departed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(left.json.events.some((ev) => ev.kind === "depart"));
    assert.equal((await staff.post(`/api/v1/requests/${c.json.id}/depart`, {})).json.code, "already_departed");
    const rec = (await staff.get("/api/v1/records/take-outs")).json.items.find((x) => x.request_id === c.json.id);
    assert.equal(rec.departed_at, left.json.departed_at);
    const back = await staff.post(`/api/v1/requests/${c.json.id}/complete`, { comment: "返却しました" });
    assert.equal(back.status, 200, back.text);
  });

  test("a 課長's own request escalates to the 部長; the 課長 can never approve it", async () => {
    const c = await manager.post("/api/v1/requests", { ...takeOut(pc.id), submit: true });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.approval.escalated, true);
    assert.equal(c.json.approval.escalation_reason, "requester_is_approver");
    assert.equal(c.json.approval.role, "department_security_officer");
    const self = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(self.status, 403);
    assert.equal(self.json.code, "separation_of_duties");
    const ok = await director.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.approvals.at(-1).escalated, true);
  });

  test("例外措置 goes to the CISO; nobody else can approve it (第129条)", async () => {
    const c = await manager.post("/api/v1/requests", {
      type: "exception_measure",
      fields: { provisions: "第76条", reason: "業者作業のため", risk: "業者による情報の持ち出し", alternative: "職員が立ち会う", start_date: jstDate(0), end_date: jstDate(30) },
      submit: true,
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.approval.role, "ciso");
    const other = await director.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(other.status, 404); // not in its process: cannot even see it
    assert.equal(other.json.code, "request_not_found");
    const ok = await ciso.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, "approved");
  });

  test("an asset changed after submission cannot be approved on the old snapshot", async () => {
    const c = await staff.post("/api/v1/requests", {
      type: "asset_transport",
      object_id: pc.id,
      fields: { destination: "本庁舎", transport_date: jstDate(1), means: "hand_carry" },
      submit: true,
    });
    assert.equal(c.status, 201, c.text);
    const p = await staff.patch(`/api/v1/assets/${pc.id}`, { storage_place: "書庫" });
    assert.equal(p.status, 200, p.text);
    const r = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(r.status, 409);
    assert.equal(r.json.code, "stale_snapshot");
    assert.equal((await staff.get(`/api/v1/requests/${c.json.id}`)).json.state, "submitted");
  });

  test("return and reject need a comment; returned requests can be submitted again", async () => {
    const c = await staff.post("/api/v1/requests", { ...takeOut(pc.id), submit: true });
    const bare = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "return" });
    assert.equal(bare.status, 400);
    assert.equal(bare.json.field, "comment");
    const ret = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "return", comment: "目的を具体的に" });
    assert.equal(ret.json.state, "returned");
    const again = await staff.post(`/api/v1/requests/${c.json.id}/submit`, {});
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.state, "submitted");
    const w = await staff.post(`/api/v1/requests/${c.json.id}/withdraw`, { comment: "不要になった" });
    assert.equal(w.json.state, "withdrawn");
    const late = await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    assert.equal(late.status, 409);
  });

  test("a request is visible only to the people in its process", async () => {
    const c = await staff.post("/api/v1/requests", takeOut(pc.id));
    assert.equal(c.status, 201);
    assert.equal(c.json.state, "draft");
    const r = await outsider.get(`/api/v1/requests/${c.json.id}`);
    assert.equal(r.status, 404);
    assert.equal(r.json.code, "request_not_found");
    const w = await outsider.post(`/api/v1/requests/${c.json.id}/withdraw`, {});
    assert.equal(w.status, 404);
    assert.equal((await ciso.get(`/api/v1/requests/${c.json.id}`)).status, 200); // trail.read oversees
    assert.equal((await staff.get(`/api/v1/requests/${c.json.id}`)).json.state, "draft");
  });

  test("bad input is refused with the field and leaves nothing behind", async () => {
    const before = sql("SELECT count(*) FROM requests");
    const cases = [
      [{ type: "no_such" }, "unknown_request_type", "type"],
      [{ ...takeOut(pc.id), fields: { destination: "x" } }, "required", "purpose"],
      [takeOut(pc.id, { return_due: "2026-02-30" }), "invalid_field", "return_due"],
      [takeOut(pc.id, { extra: 1 }), "unknown_field", "extra"],
      [takeOut(pc.id, { return_due: jstDate(-1) }), "date_order", "return_due"],
      [{ ...takeOut(pc.id), object_id: 999999 }, "object_not_found", "object_id"],
      [{ ...takeOut(pc.id), surprise: true }, "unknown_field", "surprise"],
      [{ ...takeOut(pc.id), fields: "text" }, "invalid_type", "fields"],
      [{ type: "exception_measure", object_id: pc.id, fields: {} }, "object_not_applicable", "object_id"],
    ];
    for (const [body, code, field] of cases) {
      const r = await staff.post("/api/v1/requests", { ...body, submit: true });
      assert.ok(r.status >= 400 && r.status < 500, `${code}: ${r.status} ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
    }
    const d = await manager.post("/api/v1/requests/1/decide", { decision: "maybe", comment: "x" });
    assert.ok([400, 404, 409].includes(d.status));
    assert.equal((await staff.get("/api/v1/requests?box=other")).json.code, "invalid_box");
    assert.equal(sql("SELECT count(*) FROM requests"), before);
  });
});
