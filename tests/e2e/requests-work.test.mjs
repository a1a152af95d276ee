// 自分の作業 over the API: the inbox and お知らせ a decision produces; 代行 (第84条3) — a 課長's deputy
// decides in the 課長's place only within the period; 例外措置 — only a 情報セキュリティ管理者 or
// 情報システム管理者 files one, the emergency path (第130条) is recorded with its report deadline, and
// the register (第131条) is the CISO's, who records the review.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, staff, manager, deputy, ciso, kikakuId, pcId;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const account = async (staffNo, login) =>
  (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
/** YYYY-MM-DD in JST, days from today (on the servers' clock). */
const day = (offset) => jstDate(offset);

before(async () => {
  srv = await startServer({ demo: true });
  kikakuId = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikakuId} AND r.valid_until IS NULL`);
  const staffNos = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikakuId} AND staff_no <> '${managerNo}'
    ORDER BY id LIMIT 2`).split("\n");
  manager = await account(managerNo, "kikaku.kacho");
  staff = await account(staffNos[0], "kikaku.staff");
  deputy = await account(staffNos[1], "kikaku.deputy");
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const pc = await staff.post("/api/v1/assets", {
    name: "企画課 会議用ノートPC", kind: "equipment", unit_id: kikakuId, format: "electronic",
    storage_place: "企画課", confidentiality: "2", integrity: "2", availability: "2",
    classification_reason: "庁内資料を保存するため",
  });
  assert.equal(pc.status, 201, pc.text);
  pcId = pc.json.id;
});

after(async () => {
  await srv?.stop();
});

const takeOut = () => ({
  type: "take_out",
  object_id: pcId,
  fields: { destination: "県庁", purpose: "説明会", out_at: `${day(1)}T09:00`, return_due: day(1) },
  submit: true,
});

describe("自分の作業", () => {
  test("a submitted request waits in the approver's inbox and notifies them; the decision notifies the requester", async () => {
    const c = await staff.post("/api/v1/requests", takeOut());
    assert.equal(c.status, 201, c.text);
    const inbox = await manager.get("/api/v1/inbox");
    assert.equal(inbox.status, 200);
    const row = inbox.json.waiting.find((x) => x.id === c.json.id);
    assert.ok(row, JSON.stringify(inbox.json).slice(0, 400));
    assert.equal(row.fields, undefined, "the inbox never carries a request's contents");
    assert.ok(inbox.json.counts.waiting >= 1);
    const home = await manager.get("/api/v1/home");
    assert.ok(home.json.tasks.some((x) => x.kind === "requests_waiting" && x.link === "/requests"));
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((x) => x.kind === "requests_waiting"));

    const notes = await manager.get("/api/v1/notifications?unread=1");
    const note = notes.json.items.find((n) => n.link === `/requests/${c.json.id}`);
    assert.ok(note, JSON.stringify(notes.json).slice(0, 400));
    assert.doesNotMatch(note.title, /県庁|説明会/);
    const read = await manager.post(`/api/v1/notifications/${note.id}/read`, {});
    assert.equal(read.status, 200, read.text);
    assert.ok(read.json.items.find((n) => n.id === note.id).read_at);
    assert.equal((await staff.post(`/api/v1/notifications/${note.id}/read`, {})).status, 404);

    await manager.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
    const mine = await staff.get("/api/v1/notifications");
    assert.ok(mine.json.items.some((n) => n.link === `/requests/${c.json.id}`));
  });

  test("代行: only roles a deputy may take are offered (第84条); a privileged role without an approval path is not", async () => {
    const mine = await manager.get("/api/v1/delegations");
    assert.equal(mine.status, 200, mine.text);
    const section = mine.json.options.find((o) => o.role === "section_security_manager");
    assert.ok(section, JSON.stringify(mine.json.options));
    assert.equal(section.needs_approval, false);
    const theirs = await ciso.get("/api/v1/delegations");
    assert.ok(!theirs.json.options.some((o) => o.role === "ciso"), "the CISO's own role cannot be delegated");
    const refused = await ciso.post("/api/v1/delegations", {
      role: "ciso", deputy_person_id: Number(sql("SELECT person_id FROM accounts WHERE login_id = 'kikaku.deputy'")),
      valid_from: day(0), valid_until: day(3), reason: "出張",
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "delegation_not_allowed");
  });

  test("代行: the 課長's deputy decides within the period, shown as standing in; not before it", async () => {
    const deputyId = Number(sql("SELECT person_id FROM accounts WHERE login_id = 'kikaku.deputy'"));
    const bad = await manager.post("/api/v1/delegations", {
      role: "section_security_manager", deputy_person_id: deputyId, valid_from: day(0), valid_until: day(-1), reason: "出張",
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal((await manager.get("/api/v1/delegations")).json.given.length, 0);

    const later = await manager.post("/api/v1/delegations", {
      role: "section_security_manager", deputy_person_id: deputyId, valid_from: day(5), valid_until: day(6), reason: "休暇",
    });
    assert.equal(later.status, 201, later.text);
    const c1 = await staff.post("/api/v1/requests", takeOut());
    const early = await deputy.post(`/api/v1/requests/${c1.json.id}/decide`, { decision: "approve" });
    assert.ok([403, 404].includes(early.status), early.text);
    assert.equal(sql(`SELECT state FROM requests WHERE id = ${c1.json.id}`), "submitted");
    const revoke = await manager.post(`/api/v1/delegations/${later.json.created_id}/revoke`, {});
    assert.equal(revoke.status, 200, revoke.text);

    const now = await manager.post("/api/v1/delegations", {
      role: "section_security_manager", deputy_person_id: deputyId, valid_from: day(0), valid_until: day(2), reason: "出張のため",
    });
    assert.equal(now.status, 201, now.text);
    const received = (await deputy.get("/api/v1/delegations")).json.received;
    assert.ok(received.some((d) => d.active && d.role === "section_security_manager"));
    const waiting = (await deputy.get("/api/v1/inbox")).json.waiting.find((x) => x.id === c1.json.id);
    assert.ok(waiting, "the deputy sees the request waiting");
    const ok = await deputy.post(`/api/v1/requests/${c1.json.id}/decide`, { decision: "approve", comment: "代行で承認" });
    assert.equal(ok.status, 200, ok.text);
    assert.ok(ok.json.approvals.at(-1).deputy_for_name, JSON.stringify(ok.json.approvals.at(-1)));
  });

  test("例外措置: only managers file one; the emergency path records the report deadline; the register is the CISO's", async () => {
    const fields = { provisions: "第76条", reason: "障害対応のため", risk: "設定の戻し忘れ", alternative: "作業後に設定を戻す", start_date: day(0), end_date: day(7) };
    const byStaff = await staff.post("/api/v1/exceptions/emergency", { fields });
    assert.equal(byStaff.status, 403, byStaff.text);

    const e = await manager.post("/api/v1/exceptions/emergency", { fields });
    assert.equal(e.status, 201, e.text);
    assert.equal(e.json.state, "draft");
    assert.equal(e.json.exception.emergency, true);
    assert.ok(e.json.exception.report_due);

    assert.equal((await staff.get("/api/v1/exceptions")).status, 403);
    const reg = await ciso.get("/api/v1/exceptions");
    assert.equal(reg.status, 200);
    const item = reg.json.items.find((x) => x.request_id === e.json.id);
    assert.equal(item.report_status, "pending");

    const reported = await manager.post(`/api/v1/requests/${e.json.id}/submit`, {});
    assert.equal(reported.status, 200, reported.text);
    const approved = await ciso.post(`/api/v1/requests/${e.json.id}/decide`, { decision: "approve" });
    assert.equal(approved.status, 200, approved.text);
    const notReviewer = await manager.post(`/api/v1/exceptions/${e.json.id}/review`, { comment: "確認" });
    assert.equal(notReviewer.status, 403, notReviewer.text);
    const review = await ciso.post(`/api/v1/exceptions/${e.json.id}/review`, { comment: "代替措置を確認した" });
    assert.equal(review.status, 200, review.text);
    const after = (await ciso.get("/api/v1/exceptions")).json.items.find((x) => x.request_id === e.json.id);
    assert.equal(after.report_status, "reported");
    assert.ok(after.last_review_at);
  });
});
