// クラウド・外部サービス over the API (issue 15, 第143条–第153条) on the demo: a cloud_service_general
// request is filed and approved through the requests engine; the 統括 registers the service from the
// approved request (not before it is approved, not twice, not from another type), its candidate
// manager becomes the クラウドサービス管理者 (seen on their home, with the first check due); an asset of
// 機密性3A is refused on a service approved only for 機密性2未満 with the rule's article, a 機密性1 one
// is placed; ISMAP expiring is flagged on the 統括's home and the lapsed one on the compliance dashboard (⑦); the manager records the review (第150条5)
// and the end of use (第151条). Each bad input class is refused with its code and field and stores
// nothing; need-to-know: a person who is neither the 統括, an auditor nor the manager sees nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, ciso, cisoId, staff, kanri, kanriId, outsider, kikakuId, kacho;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const count = (t) => Number(sql(`SELECT count(*) FROM ${t}`));
const day = jstDate;

async function signInAs(staffNo, login) {
  return (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
}

// Approves request r stage by stage as its resolved approvers (each signed in once for the file).
const approvers = new Map();
async function approveAll(r) {
  for (let stage = 0; r.state === "submitted" && stage < 6; stage++) {
    const approver = r.approval.waiting[0];
    if (!approvers.has(approver) && approver !== cisoId)
      approvers.set(approver, await signInAs(sql(`SELECT staff_no FROM people WHERE id = ${approver}`), `approver.${r.id}.${stage}`));
    const who = approver === cisoId ? ciso : approvers.get(approver);
    const d = await who.post(`/api/v1/requests/${r.id}/decide`, { decision: "approve" });
    assert.equal(d.status, 200, d.text);
    r = d.json;
  }
  assert.equal(r.state, "approved");
  return r;
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  cisoId = Number(sql(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`));
  kikakuId = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const [s1, s2] = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikakuId} AND title = '主事' AND active_until IS NULL
                        AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = people.id) ORDER BY id LIMIT 2`).split("\n");
  staff = await signInAs(s1, "cloud.staff");
  kanri = await signInAs(s2, "cloud.kanri");
  kanriId = Number(sql(`SELECT id FROM people WHERE staff_no = '${s2}'`));
  const o = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'kikaku-zaisei'
                 AND p.title = '主事' AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1`);
  outsider = await signInAs(o, "cloud.outsider");
  kacho = await signInAs(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikakuId}`), "cloud.kacho");
});

after(async () => {
  await srv?.stop();
});

const generalFields = () => ({ service: "オンラインアンケートサービス", provider: "株式会社サンプルクラウド",
  purpose: "市民アンケートの集計 (個人を特定しない設問のみ)", confidentiality: "1", terms_checked: true, cloud_manager: kanriId });

describe("クラウドサービス台帳", () => {
  let requestId, serviceId, asset3A, asset1, usedSystem;

  test("the pack's approval classes: 機密性2以上 for 第148条 and 業務委託サービス, only 機密性1 for 第153条", async () => {
    const s = (await staff.get("/api/v1/cloud/settings")).json;
    assert.equal(s.manager_role, "cloud_service_manager");
    const by = Object.fromEntries(s.approvals.map((a) => [a.request_type, a]));
    assert.equal(by.cloud_service_sensitive.max_confidentiality, "3A");
    assert.equal(by.outsourced_service.max_confidentiality, "3A");
    assert.equal(by.cloud_service_general.max_confidentiality, "1");
    assert.equal(by.cloud_service_general.article, "第153条");
  });

  test("only an approved request of a cloud type is registered, once; bad input stores nothing", async () => {
    const c = await staff.post("/api/v1/requests", { type: "cloud_service_general", fields: generalFields(), submit: true });
    assert.equal(c.status, 201, c.text);
    requestId = c.json.id;
    const early = await ciso.post("/api/v1/cloud/services", { request_id: requestId });
    assert.equal(early.status, 409, early.text);
    assert.equal(early.json.code, "cloud_request_not_approved");
    assert.ok(!(await ciso.get("/api/v1/cloud/candidates")).json.items.some((i) => i.request_id === requestId));
    await approveAll(c.json);
    const cand = (await ciso.get("/api/v1/cloud/candidates")).json.items.find((i) => i.request_id === requestId);
    assert.ok(cand, "an approved request waits to be registered");
    assert.equal(cand.name, "オンラインアンケートサービス");
    assert.equal(cand.manager_person_id, kanriId);
    const task = (await ciso.get("/api/v1/home")).json.tasks.find((t) => t.kind === "cloud_register" && t.title.includes("オンラインアンケートサービス"));
    assert.deepEqual([task?.title, task?.article], ["承認済みクラウドサービスの台帳登録: オンラインアンケートサービス", "第148条3"],
      "the 統括 is asked to register it (第148条3)");

    // an approved request of another type (a 例外措置)
    const exc = await kacho.post("/api/v1/requests", { type: "exception_measure", submit: true, fields: { provisions: "第76条",
      reason: "理由", risk: "リスク", alternative: "代替措置", start_date: day(0), end_date: day(30) } });
    assert.equal(exc.status, 201, exc.text);
    await approveAll(exc.json);

    const before = count("cloud_services");
    const bad = [
      [{}, 400, "required", "request_id"],
      [{ request_id: "1" }, 400, "invalid_type", "request_id"],
      [{ request_id: 999999 }, 404, "request_not_found", "request_id"],
      [{ request_id: exc.json.id }, 400, "cloud_request_not_cloud_type", "request_id"],
      [{ request_id: requestId, manager_person_id: "x" }, 400, "invalid_type", "manager_person_id"],
      [{ request_id: requestId, manager_person_id: 999999 }, 400, "unknown_person", "manager_person_id"],
      [{ request_id: requestId, region: "mars" }, 400, "invalid_region", "region"],
      [{ request_id: requestId, ismap_kind: "iso" }, 400, "invalid_ismap_kind", "ismap_kind"],
      [{ request_id: requestId, ismap_kind: "ismap" }, 400, "ismap_details_required", "ismap_number"],
      [{ request_id: requestId, name: "あ".repeat(201) }, 400, "too_long", "name"],
      [{ request_id: requestId, data_location: "A\u0007B" }, 400, "invalid_text", "data_location"],
      [{ request_id: requestId, terms_reviewed_on: day(3), terms_result: "acceptable", terms_reviewer_person_id: kanriId }, 400, "date_in_future", "terms_reviewed_on"],
      [{ request_id: requestId, terms_reviewed_on: day(0) }, 400, "terms_review_incomplete", "terms_result"],
      [{ request_id: requestId, colour: "red" }, 400, "unknown_field", "colour"],
    ];
    for (const [body, status, code, field] of bad) {
      const r = await ciso.post("/api/v1/cloud/services", body);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
      assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/, "a Japanese message");
    }
    for (const raw of ["[]", "{", `"${requestId}"`]) {
      const r = await ciso.req("POST", "/api/v1/cloud/services", undefined, { raw });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, "invalid_json", r.text);
    }
    const notManager = await staff.post("/api/v1/cloud/services", { request_id: requestId });
    assert.equal(notManager.status, 403, notManager.text);
    assert.equal(count("cloud_services"), before, "nothing stored");

    const ok = await ciso.post("/api/v1/cloud/services", { request_id: requestId, data_location: "東京リージョン", region: "domestic" });
    assert.equal(ok.status, 201, ok.text);
    serviceId = ok.json.id;
    assert.equal(ok.json.name, "オンラインアンケートサービス");
    assert.equal(ok.json.provider, "株式会社サンプルクラウド");
    assert.equal(ok.json.manager_person_id, kanriId, "the request's candidate is appointed");
    assert.equal(ok.json.approval.max_confidentiality, "1");
    assert.equal(ok.json.state, "in_use");
    assert.ok(!(await ciso.get("/api/v1/home")).json.tasks.some((t) => t.kind === "cloud_register" && t.title.includes("オンラインアンケートサービス")));
    const twice = await ciso.post("/api/v1/cloud/services", { request_id: requestId });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.code, "cloud_request_registered");
  });

  test("need-to-know: the manager sees the service on home with the first check due; others see nothing", async () => {
    const home = (await kanri.get("/api/v1/home")).json;
    const role = home.roles.find((r) => r.scope_kind === "service" && r.scope_id === serviceId);
    assert.ok(role, "the クラウドサービス管理者 role on the holder's home");
    assert.equal(role.label, "クラウドサービス管理者");
    assert.equal(role.article, "第148条3");
    assert.ok(home.tasks.some((t) => t.kind === "cloud_review" && t.link === `/cloud/${serviceId}`), "the first check (第149条4): " + JSON.stringify(home.tasks));
    assert.equal((await kanri.get(`/api/v1/cloud/services/${serviceId}`)).status, 200);
    assert.deepEqual((await kanri.get("/api/v1/cloud/services")).json.items.map((s) => s.id), [serviceId]);
    const other = await outsider.get(`/api/v1/cloud/services/${serviceId}`);
    assert.equal(other.status, 404);
    assert.equal(other.json.code, "cloud_service_not_found");
    assert.equal((await outsider.get("/api/v1/cloud/services")).json.items.length, 0);
    const place = await outsider.post(`/api/v1/cloud/services/${serviceId}/assets`, { asset_id: 1 });
    assert.equal(place.status, 404);
    assert.equal((await outsider.get("/api/v1/cloud/candidates")).status, 403);
    assert.ok(!(await outsider.get("/api/v1/home")).json.tasks.some((t) => t.kind.startsWith("cloud_")));
  });

  test("a 機密性3A asset is refused on a service approved only for 機密性2未満, naming the rule; a 機密性1 asset is placed", async () => {
    const mk = async (confidentiality, name) => {
      const r = await ciso.post("/api/v1/assets", { name, kind: "information", unit_id: kikakuId, format: "electronic",
        storage_place: "クラウド", confidentiality, integrity: "2", availability: "2", classification_reason: "試験" });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    asset3A = await mk("3A", "秘密文書に相当する検討資料");
    asset1 = await mk("1", "公表済みアンケート設問");
    const refused = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets`, { asset_id: asset3A });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.code, "cloud_class_exceeded");
    assert.equal(refused.json.field, "asset_id");
    assert.match(refused.json.detail, /自治体機密性3A/);
    assert.match(refused.json.detail, /第153条/);
    assert.equal(count("cloud_service_assets"), 0);
    const unclassified = Number(sql("SELECT id FROM assets WHERE confidentiality IS NULL AND disposed_at IS NULL LIMIT 1"));
    // an asset of a class the service holds, but disposed of (廃棄 sets disposed_at)
    const disposed = await mk("1", "廃棄した公表資料");
    const gone = await ciso.post(`/api/v1/assets/${disposed}/events`, { kind: "dispose", details: "シュレッダーで廃棄" });
    assert.equal(gone.status, 201, gone.text);
    assert.notEqual(sql(`SELECT disposed_at FROM assets WHERE id = ${disposed}`), "");
    const bad = [
      [{ asset_id: disposed }, 409, "cloud_asset_disposed"],
      [{ asset_id: unclassified }, 409, "cloud_asset_unclassified"],
      [{ asset_id: 999999 }, 404, "asset_not_found"],
      [{ asset_id: "1" }, 400, "invalid_type"],
      [{}, 400, "required"],
    ];
    for (const [body, status, code] of bad) {
      const r = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets`, body);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, "asset_id", r.text);
    }
    assert.equal(count("cloud_service_assets"), 0);
    const ok = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets`, { asset_id: asset1 });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.asset_list.map((a) => a.asset_id), [asset1]);
    const again = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets`, { asset_id: asset1 });
    assert.equal(again.json.code, "cloud_asset_placed");
    const notPlaced = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets/${asset3A}/remove`, {});
    assert.equal(notPlaced.status, 404);
    assert.equal(notPlaced.json.code, "cloud_asset_not_placed");
    const placed = (await ciso.get("/api/v1/trail?object_type=cloud_asset&limit=1")).json.items[0];
    assert.match(placed.object_name, /^オンラインアンケートサービス — \S+ 公表済みアンケート設問$/, "the trail names the service and the asset");
    assert.equal(placed.object_path, `/cloud/${serviceId}`);
  });

  test("the systems that use the service come from the 情報システム台帳; unknown, hidden and retired ones are refused", async () => {
    const ids = sql("SELECT id FROM systems WHERE active = 1 ORDER BY id").split("\n").map(Number);
    const seen = [];
    for (const id of ids) seen.push([id, (await kanri.get(`/api/v1/systems/${id}`)).status]);
    const readable = seen.filter(([, st]) => st === 200).map(([id]) => id);
    const hidden = seen.find(([, st]) => st === 404)?.[0];
    assert.ok(readable.length >= 1 && hidden, `the manager reads some systems, not all: ${JSON.stringify(seen)}`);
    const retired = readable[1] ?? ids.find((id) => id !== readable[0]);
    const off = await ciso.patch(`/api/v1/systems/${retired}`, { active: false });
    assert.equal(off.status, 200, off.text);
    const bad = [
      [{ system_id: 999999 }, 404, "system_not_found"],
      [{ system_id: hidden }, 404, "system_not_found"],
      [{ system_id: retired }, 409, "cloud_system_inactive"],
      [{ system_id: "1" }, 400, "invalid_type"],
      [{ system_id: 0 }, 400, "invalid_type"],
      [{}, 400, "required"],
    ];
    for (const [body, status, code] of bad) {
      const r = await kanri.post(`/api/v1/cloud/services/${serviceId}/systems`, body);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, "system_id", r.text);
    }
    assert.equal((await outsider.post(`/api/v1/cloud/services/${serviceId}/systems`, { system_id: readable[0] })).status, 404);
    assert.equal(count("cloud_service_systems"), 0, "nothing is stored by refused input");
    const ok = await kanri.post(`/api/v1/cloud/services/${serviceId}/systems`, { system_id: readable[0] });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.system_list.map((x) => x.system_id), [readable[0]]);
    assert.equal(ok.json.system_list[0].code, sql(`SELECT code FROM systems WHERE id = ${readable[0]}`));
    const again = await kanri.post(`/api/v1/cloud/services/${serviceId}/systems`, { system_id: readable[0] });
    assert.equal(again.status, 409);
    assert.equal(again.json.code, "cloud_system_linked");
    // the 統括 links one the manager may not read: the manager's page counts it without naming it
    const byCiso = await ciso.post(`/api/v1/cloud/services/${serviceId}/systems`, { system_id: hidden });
    assert.equal(byCiso.status, 201, byCiso.text);
    assert.equal(byCiso.json.system_list.length, 2);
    const mine = (await kanri.get(`/api/v1/cloud/services/${serviceId}`)).json;
    assert.deepEqual(mine.system_list.map((x) => x.system_id), [readable[0]]);
    assert.equal(mine.systems_hidden, 1);
    const named = (await ciso.get("/api/v1/trail?object_type=cloud_system&limit=1")).json.items[0];
    assert.equal(named.action, "cloud_system.link");
    assert.match(named.object_name, /^オンラインアンケートサービス — \S+ \S+/);
    const notLinked = await kanri.post(`/api/v1/cloud/services/${serviceId}/systems/${retired}/remove`, {});
    assert.equal(notLinked.status, 404);
    assert.equal(notLinked.json.code, "cloud_system_not_linked");
    const un = await ciso.post(`/api/v1/cloud/services/${serviceId}/systems/${hidden}/remove`, {});
    assert.equal(un.status, 200, un.text);
    assert.deepEqual(un.json.system_list.map((x) => x.system_id), [readable[0]]);
    assert.equal(count("cloud_service_systems"), 1);
    usedSystem = readable[0];
  });

  test("the system's own page lists the services that use it, named only to those who may open them", async () => {
    const sys = await ciso.get(`/api/v1/systems/${usedSystem}`);
    assert.equal(sys.status, 200, sys.text);
    assert.equal(sys.json.cloud_services.hidden, 0);
    const s = sys.json.cloud_services.items.find((x) => x.service_id === serviceId);
    assert.ok(s, "the 統括 sees the service on the system's page: " + JSON.stringify(sys.json.cloud_services));
    assert.equal(s.name, "オンラインアンケートサービス");
    assert.equal(s.provider, "株式会社サンプルクラウド");
    assert.equal(s.approval_label, "機密性2未満だけを取り扱う");
    assert.equal(s.manager_role_label, "クラウドサービス管理者");
    assert.equal(s.state, "in_use");
    assert.ok(s.linked_at);
    // the manager opens the service, so the system's page names it
    const mine = (await kanri.get(`/api/v1/systems/${usedSystem}`)).json.cloud_services;
    assert.deepEqual([mine.items.map((x) => x.service_id), mine.hidden], [[serviceId], 0]);
    // a colleague who reads the system but not the service: counted, not named
    const seen = await staff.get(`/api/v1/systems/${usedSystem}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual([seen.json.cloud_services.items, seen.json.cloud_services.hidden], [[], 1]);
    assert.ok(!seen.text.includes("オンラインアンケートサービス"), "the service's name is not shown to them");
    // a system that no service uses: an empty list
    const other = sql(`SELECT id FROM systems WHERE active = 1 AND id != ${usedSystem} ORDER BY id LIMIT 1`);
    assert.deepEqual((await ciso.get(`/api/v1/systems/${other}`)).json.cloud_services, { items: [], hidden: 0 });
    // someone who may not read the system learns nothing of it or of its services
    const hiddenSystem = sql(`SELECT id FROM systems WHERE id NOT IN (${usedSystem}) ORDER BY id`).split("\n").map(Number);
    for (const id of hiddenSystem) {
      const r = await outsider.get(`/api/v1/systems/${id}`);
      if (r.status === 404) assert.equal(r.json.cloud_services, undefined);
    }
  });

  test("the manager keeps ISMAP and the 約款 review; an expiring registration is flagged for the 統括; only the 統括 appoints", async () => {
    const appoint = await kanri.patch(`/api/v1/cloud/services/${serviceId}`, { manager_person_id: cisoId });
    assert.equal(appoint.status, 403);
    assert.equal(appoint.json.code, "cloud_appoint_forbidden");
    const byOutsider = await outsider.patch(`/api/v1/cloud/services/${serviceId}`, { data_location: "x" });
    assert.equal(byOutsider.status, 404);
    // an auditor (trail.read) reads the service but is not its manager: every change is refused
    const auditor = await signInAs(sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
      WHERE r.role = 'audit_lead' AND r.valid_until IS NULL ORDER BY p.id LIMIT 1`), "cloud.auditor");
    assert.equal((await auditor.get(`/api/v1/cloud/services/${serviceId}`)).status, 200);
    const stateBefore = sql(`SELECT * FROM cloud_services WHERE id = ${serviceId}`);
    for (const [path, body] of [["", { data_location: "x" }], ["/reviews", { reviewed_on: day(0), checked_items: "x", result: "good" }],
      ["/assets", { asset_id: asset1 }], ["/end", { ended_on: day(0), disposition: "deleted", confirmation: "x", accounts_removed: true }]]) {
      const r = path ? await auditor.post(`/api/v1/cloud/services/${serviceId}${path}`, body)
        : await auditor.patch(`/api/v1/cloud/services/${serviceId}`, body);
      assert.equal(r.status, 403, `${path}: ${r.text}`);
      assert.equal(r.json.code, "cloud_not_manager", r.text);
      assert.match(r.json.detail, /管理者/);
    }
    assert.equal(sql(`SELECT * FROM cloud_services WHERE id = ${serviceId}`), stateBefore, "nothing changed");
    const r = await kanri.patch(`/api/v1/cloud/services/${serviceId}`, { ismap_kind: "ismap_liu", ismap_number: "L-0001",
      ismap_expires_on: day(20), terms_reviewed_on: day(0), terms_reviewer_person_id: kanriId, terms_result: "acceptable",
      terms_notes: "目的外利用の禁止、データの国内保存を確認", exit_plan: "CSVで全件を出力し、削除証明を受ける", exit_plan_reviewed_on: day(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ismap_state, "expiring");
    assert.equal(r.json.terms_reviewer_name.length > 0, true);
    assert.ok((await ciso.get("/api/v1/cloud/alerts")).json.items.some((a) => a.service_id === serviceId && a.state === "expiring"));
    assert.ok((await ciso.get("/api/v1/home")).json.tasks.some((t) => t.kind === "cloud_ismap_expiring" && t.link === `/cloud/${serviceId}`));
    const lapsed = await kanri.patch(`/api/v1/cloud/services/${serviceId}`, { ismap_expires_on: day(-1) });
    assert.equal(lapsed.json.ismap_state, "expired");
    assert.ok((await ciso.get("/api/v1/home")).json.tasks.some((t) => t.kind === "cloud_ismap_expired"));
    // the compliance dashboard (⑦) counts it with the lapsed date, for the organisation only
    const ismapMeasure = (board) => board.categories.find((c) => c.category === "⑦業務委託・外部サービス")
      .measures.find((m) => m.id === "cloud_ismap_lapsed");
    const board = await ciso.get("/api/v1/compliance");
    assert.equal(board.status, 200, board.text);
    const m = ismapMeasure(board.json);
    assert.equal(m.article, "第146条9");
    assert.equal(m.link, "/cloud");
    assert.equal(m.ok, false);
    assert.ok(m.rows.includes(`オンラインアンケートサービス (ISMAP-LIU、失効 ${day(-1)})`), JSON.stringify(m.rows));
    const renewed = await kanri.patch(`/api/v1/cloud/services/${serviceId}`, { ismap_expires_on: day(400) });
    assert.equal(renewed.json.ismap_state, "valid");
    const after = ismapMeasure((await ciso.get("/api/v1/compliance")).json);
    assert.ok(!after.rows.some((r) => r.startsWith("オンラインアンケートサービス")), "a renewed registration leaves the dashboard");
    assert.equal(after.value, after.rows.length);
    const unitBoard = await ciso.get(`/api/v1/compliance/units/${kikakuId}`);
    assert.equal(unitBoard.status, 200, unitBoard.text);
    assert.equal(ismapMeasure(unitBoard.json), undefined, "the register is the organisation's, not a 課室's");
    assert.equal((await kanri.patch(`/api/v1/cloud/services/${serviceId}`, { ismap_expires_on: day(-1) })).json.ismap_state, "expired");
    // with a service in use ⑦ is evaluated in the 第16条の3 report (a new demo leaves it 未評価)
    const seventh = (await ciso.get("/api/v1/readiness")).json.categories.find((c) => c.category === "⑦業務委託・外部サービス");
    assert.equal(seventh.status, "not_met");
    assert.ok(seventh.lines.some((l) => l.text.startsWith("ISMAP等の登録が失効した又は失効間近のクラウドサービス: ")));
  });

  test("the periodic review (第150条5): bad input refused, recorded with what was checked; the task leaves the home", async () => {
    const before = count("cloud_reviews");
    const good = { reviewed_on: day(0), checked_items: "アクセス権限の棚卸し、ISMAP-LIU の更新状況", result: "good" };
    const bad = [
      [{ ...good, checked_items: "" }, "required", "checked_items"],
      [{ ...good, result: "fine" }, "invalid_result", "result"],
      [{ ...good, result: "action_needed" }, "required", "actions"],
      [{ ...good, reviewed_on: day(2) }, "date_in_future", "reviewed_on"],
      [{ ...good, reviewed_on: day(-400) }, "date_before_registration", "reviewed_on"],
      [{ ...good, reviewed_on: "2026/04/01" }, "invalid_date", "reviewed_on"],
    ];
    for (const [body, code, field] of bad) {
      const r = await kanri.post(`/api/v1/cloud/services/${serviceId}/reviews`, body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
    }
    assert.equal((await staff.post(`/api/v1/cloud/services/${serviceId}/reviews`, good)).status, 404);
    assert.equal(count("cloud_reviews"), before);
    const ok = await kanri.post(`/api/v1/cloud/services/${serviceId}/reviews`, good);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.reviews[0].checked_items, good.checked_items);
    assert.equal(ok.json.last_reviewed_on, day(0));
    assert.ok(!(await kanri.get("/api/v1/home")).json.tasks.some((t) => t.kind.startsWith("cloud_review")));
  });

  test("the end of use (第151条): accounts must be removed; the information's disposition is recorded, the assets come off", async () => {
    const good = { ended_on: day(0), disposition: "deleted", confirmation: "提供者の削除証明書 (No. 123) を受領", accounts_removed: true };
    const bad = [
      [{ ...good, accounts_removed: false }, 409, "cloud_accounts_not_removed", "accounts_removed"],
      [{ ...good, disposition: "kept" }, 400, "invalid_disposition", "disposition"],
      [{ ...good, confirmation: "" }, 400, "required", "confirmation"],
      [{ ...good, ended_on: day(5) }, 400, "date_in_future", "ended_on"],
      [{ ...good, accounts_removed: "yes" }, 400, "invalid_type", "accounts_removed"],
    ];
    for (const [body, status, code, field] of bad) {
      const r = await kanri.post(`/api/v1/cloud/services/${serviceId}/end`, body);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
    }
    assert.equal(count("cloud_service_endings"), 0);
    const ok = await kanri.post(`/api/v1/cloud/services/${serviceId}/end`, good);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, "ended");
    assert.equal(ok.json.end_disposition, "deleted");
    assert.equal(ok.json.asset_list.length, 0, "the information is no longer on the service");
    const again = await kanri.post(`/api/v1/cloud/services/${serviceId}/end`, good);
    assert.equal(again.json.code, "cloud_service_ended");
    const place = await ciso.post(`/api/v1/cloud/services/${serviceId}/assets`, { asset_id: asset1 });
    assert.equal(place.json.code, "cloud_service_ended");
    assert.equal(ok.json.system_list.length, 1, "the systems that used the service stay on record");
    const link = await ciso.post(`/api/v1/cloud/services/${serviceId}/systems`, { system_id: ok.json.system_list[0].system_id });
    assert.equal(link.json.code, "cloud_service_ended");
    const unlink = await ciso.post(`/api/v1/cloud/services/${serviceId}/systems/${ok.json.system_list[0].system_id}/remove`, {});
    assert.equal(unlink.json.code, "cloud_service_ended");
    assert.ok(!(await kanri.get("/api/v1/home")).json.roles.some((r) => r.scope_kind === "service"), "no longer its manager at work");
  });

  test("the trail names the service, its review and its end, each opening the service's page", async () => {
    for (const [type, re] of [["cloud_service", /^オンラインアンケートサービス$/], ["cloud_review", /^オンラインアンケートサービス — \d{4}-\d\d-\d\d$/],
      ["cloud_service_end", /^オンラインアンケートサービス$/]]) {
      const e = (await ciso.get(`/api/v1/trail?object_type=${type}&limit=1`)).json.items[0];
      assert.match(e.object_name ?? "", re, `${type} is named`);
      assert.equal(e.object_path, `/cloud/${serviceId}`, `${type} opens the service`);
    }
  });

  test("the role is appointed only in the cloud register, not through role assignments", async () => {
    const r = await ciso.post("/api/v1/role-assignments", { person_id: kanriId, role: "cloud_service_manager", scope_kind: "organisation",
      valid_from: day(0) });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, "role_appointed_in_cloud_register");
    // the roles page lists the role with its own scope (every scope kind of the pack has its name)
    const roles = await ciso.get("/api/v1/roles");
    assert.equal(roles.status, 200, roles.text);
    assert.equal(roles.json.items.find((x) => x.id === "cloud_service_manager")?.scope, "service");
  });

  test("the trail verifies, and a service changed behind lgsec's back is named by the reconciliation", async () => {
    const ok = cli(["trail", "verify", "--db", srv.db]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    sql(`UPDATE cloud_services SET region = 'overseas' WHERE id = ${serviceId}`);
    const bad = cli(["trail", "verify", "--db", srv.db]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /cloud_services/);
    sql("DELETE FROM cloud_service_systems");
    assert.match(cli(["trail", "verify", "--db", srv.db]).stdout, /cloud_service_systems/, "a link removed behind lgsec's back is named");
  });
});

describe("業務委託サービス (第143条6)", () => {
  test("an outsourced service gets its 業務委託サービス管理者; a cloud service keeps its クラウドサービス管理者", async () => {
    const settings = (await staff.get("/api/v1/cloud/settings")).json;
    const by = Object.fromEntries(settings.approvals.map((a) => [a.request_type, a]));
    assert.deepEqual([by.outsourced_service.manager_role, by.outsourced_service.manager_role_label, by.outsourced_service.manager_role_article],
      ["outsourced_service_manager", "業務委託サービス管理者", "第143条6"]);
    for (const t of ["cloud_service_sensitive", "cloud_service_general"])
      assert.deepEqual([by[t].manager_role, by[t].manager_role_label], ["cloud_service_manager", "クラウドサービス管理者"], t);

    const c = await kacho.post("/api/v1/requests", { type: "outsourced_service", submit: true, fields: { service: "税務窓口予約システム",
      contractor: "株式会社サンプル委託", functions: "窓口予約の受付", requirements: "通信の暗号化、アクセスログの保存",
      reliability: "ISMS 認証取得、過去の委託実績", service_manager: kanriId } });
    assert.equal(c.status, 201, c.text);
    await approveAll(c.json);
    const task = (await ciso.get("/api/v1/home")).json.tasks.find((t) => t.kind === "cloud_register" && t.title.includes("税務窓口予約システム"));
    assert.deepEqual([task?.title, task?.detail, task?.article], ["承認済み業務委託サービスの台帳登録: 税務窓口予約システム",
      "承認された利用申請です。台帳に登録し、業務委託サービス管理者を指名してください。", "第143条6"], "the 統括's task names the role to appoint");
    const reg = await ciso.post("/api/v1/cloud/services", { request_id: c.json.id });
    assert.equal(reg.status, 201, reg.text);
    assert.equal(reg.json.approval.manager_role_label, "業務委託サービス管理者");
    assert.equal(reg.json.manager_person_id, kanriId);

    const roles = (await kanri.get("/api/v1/home")).json.roles.filter((r) => r.scope_kind === "service");
    const outsourced = roles.find((r) => r.scope_id === reg.json.id);
    assert.deepEqual([outsourced?.role, outsourced?.label, outsourced?.article], ["outsourced_service_manager", "業務委託サービス管理者", "第143条6"]);
    const list = (await ciso.get("/api/v1/cloud/services")).json.items;
    assert.deepEqual(list.map((s) => [s.name, s.approval.manager_role_label]).sort(),
      [["オンラインアンケートサービス", "クラウドサービス管理者"], ["税務窓口予約システム", "業務委託サービス管理者"]],
      "the register names each service's manager by its role");
    assert.ok((await kanri.get("/api/v1/home")).json.tasks.some((t) => t.kind === "cloud_review" && t.link === `/cloud/${reg.json.id}`),
      "the 業務委託サービス管理者 checks the service like any manager");

    // it too is appointed only in the register
    const ra = await ciso.post("/api/v1/role-assignments", { person_id: kanriId, role: "outsourced_service_manager", scope_kind: "organisation",
      valid_from: day(0) });
    assert.equal(ra.status, 400, ra.text);
    assert.equal(ra.json.code, "role_appointed_in_cloud_register");
    // the trail names the register's entries for both kinds of service
    const e = (await ciso.get("/api/v1/trail?object_type=cloud_service&limit=1")).json.items[0];
    assert.equal(e.object_name, "税務窓口予約システム");
    assert.match(e.action_label, /業務委託サービス/);
    assert.match(e.object_label, /業務委託サービス/);
  });
});
