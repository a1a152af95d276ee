// 委託 over the API (issue 15, 第135条–第139条) on the demo: the register of 委託事業者 with the 法人番号
// check digit (real published numbers and wrong ones) and certificate expiry flags; a contract whose
// 第137条 clause is missing is refused with the list of missing clauses, accepted once an approved
// 例外措置 names the clause, approved through the requests engine by the resolved approver; then 要員,
// 再委託, a periodic check (第138条) that was due on the 管理者's list, and the end with the erasure
// certificate kept by SHA-256 (0600). Each bad input class is refused with its code and field and
// stores nothing; a person without vendors.manage is refused.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, ciso, manager, managerId, staff;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const count = (t) => Number(sql(`SELECT count(*) FROM ${t}`));
const day = jstDate;
const clauses = readFileSync(new URL("../../packs/mic/vendors.yaml", import.meta.url), "utf8")
  .split("\n").filter((l) => l.startsWith("    - {id: ")).map((l) => l.slice(11, l.indexOf(",")));

async function signInAs(staffNo, login) {
  return (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const m = sql(`SELECT p.id, p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                 WHERE r.role = 'section_security_manager' AND r.valid_until IS NULL ORDER BY r.id LIMIT 1`).split("|");
  managerId = Number(m[0]);
  manager = await signInAs(m[1], "itaku.kanri");
  const plain = sql(`SELECT p.staff_no FROM people p WHERE p.active_until IS NULL
                     AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1`);
  staff = await signInAs(plain, "itaku.staff");
});

after(async () => {
  await srv?.stop();
});

const vendorBody = { name: "株式会社日立製作所", corporate_number: "7010001008844", address: "東京都千代田区丸の内一丁目6番6号",
  isms_number: "IS 000000", isms_expires_on: day(400), pmark_number: "10000000", pmark_expires_on: day(30),
  contact_name: "営業担当", contact_email: "sales@example.jp", contact_phone: "03-0000-0000" };

describe("委託事業者の台帳", () => {
  test("real 法人番号 pass their check digit; wrong ones, bad dates and text are refused and store nothing", async () => {
    const before = count("vendor_companies");
    const bad = [
      [{ ...vendorBody, corporate_number: "7010001008845" }, "invalid_corporate_number", "corporate_number"],
      [{ ...vendorBody, corporate_number: "1180301018772" }, "invalid_corporate_number", "corporate_number"],
      [{ ...vendorBody, corporate_number: "701000100884" }, "invalid_corporate_number", "corporate_number"],
      [{ ...vendorBody, corporate_number: "70100010088X4" }, "invalid_corporate_number", "corporate_number"],
      [{ ...vendorBody, corporate_number: 7010001008844 }, "invalid_type", "corporate_number"],
      [{ ...vendorBody, name: "" }, "required", "name"],
      [{ ...vendorBody, name: "あ".repeat(201) }, "too_long", "name"],
      [{ ...vendorBody, name: "A\u0007B" }, "invalid_text", "name"],
      [{ ...vendorBody, isms_expires_on: "2026-13-01" }, "invalid_date", "isms_expires_on"],
      [{ ...vendorBody, contact_email: "no-at-sign" }, "invalid_email", "contact_email"],
    ];
    for (const [body, code, field] of bad) {
      const r = await ciso.post("/api/v1/vendors", body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
      assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/, "a Japanese message");
    }
    assert.equal(count("vendor_companies"), before);

    const ok = await ciso.post("/api/v1/vendors", vendorBody);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.isms_state, "valid");
    assert.equal(ok.json.pmark_state, "expiring", "a プライバシーマーク expiring within cert_warn_days is flagged");
    const toyota = await ciso.post("/api/v1/vendors", { name: "トヨタ自動車株式会社", corporate_number: "1180301018771", isms_expires_on: day(-1) });
    assert.equal(toyota.status, 201, toyota.text);
    assert.equal(toyota.json.isms_state, "expired");
    const dup = await ciso.post("/api/v1/vendors", { name: "重複", corporate_number: "7010001008844" });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.json.code, "corporate_number_exists");

    const alerts = (await ciso.get("/api/v1/vendors/alerts")).json.items;
    assert.ok(alerts.some((a) => a.vendor_id === toyota.json.id && a.certificate === "isms" && a.state === "expired"));
    assert.ok(alerts.some((a) => a.vendor_id === ok.json.id && a.certificate === "pmark" && a.state === "expiring"));
    assert.ok(!alerts.some((a) => a.vendor_id === ok.json.id && a.certificate === "isms"));
    const home = (await ciso.get("/api/v1/home")).json.tasks;
    assert.ok(home.some((t) => t.kind === "vendor_certificate_expired" && t.link === `/vendors/${toyota.json.id}`), "flagged on the 統括's home");
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((t) => t.kind.startsWith("vendor_")));

    const patchBad = await ciso.req("PATCH", `/api/v1/vendors/${ok.json.id}`, { corporate_number: "1180301018771", name: "" });
    assert.equal(patchBad.status, 400, patchBad.text);
    assert.equal(patchBad.json.field, "name");
    const patchCn = await ciso.req("PATCH", `/api/v1/vendors/${ok.json.id}`, { corporate_number: "1180301018772" });
    assert.equal(patchCn.json.code, "invalid_corporate_number");
    const taken = await ciso.req("PATCH", `/api/v1/vendors/${ok.json.id}`, { corporate_number: "1180301018771" });
    assert.equal(taken.status, 409, taken.text);
    assert.equal(sql(`SELECT corporate_number FROM vendor_companies WHERE id = ${ok.json.id}`), "7010001008844", "nothing changed");
    const moved = await ciso.req("PATCH", `/api/v1/vendors/${ok.json.id}`, { address: "東京都千代田区丸の内一丁目6番6号 日本生命丸の内ビル" });
    assert.equal(moved.status, 200, moved.text);
    assert.match(moved.json.address, /日本生命/);
    assert.equal((await ciso.req("PATCH", "/api/v1/vendors/999999", { address: "x" })).json.code, "vendor_not_found");
    assert.equal((await staff.get("/api/v1/vendors")).status, 403);
    assert.equal((await staff.post("/api/v1/vendors", { name: "x" })).status, 403);
    assert.equal(count("vendor_companies"), before + 2);
  });
});

describe("委託契約: 契約項目、承認、定期的な確認、終了", () => {
  let vendorId, contractId, systemId;

  test("a contract's bad input is refused per class and stores nothing", async () => {
    vendorId = (await ciso.get("/api/v1/vendors")).json.items.find((v) => v.corporate_number === "7010001008844").id;
    systemId = Number(sql("SELECT id FROM systems ORDER BY id LIMIT 1"));
    const body = { vendor_id: vendorId, title: "住民記録システム運用保守業務", scope: "住民記録システムの運用・保守",
      starts_on: day(-120), ends_on: day(240), manager_person_id: managerId, systems: [systemId] };
    const before = count("vendor_contracts");
    const bad = [
      [{ ...body, title: "" }, 400, "required", "title"],
      [{ ...body, starts_on: "20260401" }, 400, "invalid_date", "starts_on"],
      [{ ...body, ends_on: day(-200) }, 400, "invalid_period", "ends_on"],
      [{ ...body, manager_person_id: "x" }, 400, "invalid_type", "manager_person_id"],
      [{ ...body, manager_person_id: Number(sql(`SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) LIMIT 1`)) }, 400, "not_a_manager", "manager_person_id"],
      [{ ...body, systems: [999999] }, 404, "system_not_found", "systems"],
      [{ ...body, systems: "1" }, 400, "invalid_type", "systems"],
      [{ ...body, vendor_id: 999999 }, 404, "vendor_not_found", "vendor_id"],
    ];
    for (const [b, status, code, field] of bad) {
      const r = await manager.post("/api/v1/vendor-contracts", b);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
    }
    assert.equal(count("vendor_contracts"), before);
    const ok = await manager.post("/api/v1/vendor-contracts", body);
    assert.equal(ok.status, 201, ok.text);
    contractId = ok.json.id;
    assert.equal(ok.json.state, "draft");
    assert.deepEqual(ok.json.systems.map((s) => s.id), [systemId]);
    assert.deepEqual(ok.json.clauses.map((c) => c.id), clauses, "every clause of vendors.yaml is on the checklist");
    assert.equal(ok.json.missing.length, 14);
    assert.equal(ok.json.clauses[8].article, "第137条(9)");
  });

  test("a draft contract changes in every field but its vendor; bad changes are refused per class and change nothing", async () => {
    const row = () => sql(`SELECT title, scope, starts_on, ends_on, manager_person_id, updated_at FROM vendor_contracts WHERE id = ${contractId}`)
      + "|" + sql(`SELECT group_concat(kind || object_id) FROM vendor_contract_objects WHERE contract_id = ${contractId}`);
    const before = row();
    const trail = Number(sql("SELECT count(*) FROM trail_entries"));
    const other = await ciso.post("/api/v1/vendors", { name: "別の事業者", corporate_number: "1180301018771" });
    const otherVendor = other.status === 201 ? other.json.id
      : Number(sql("SELECT id FROM vendor_companies WHERE corporate_number = '1180301018771'"));
    const bad = [
      [{ vendor_id: otherVendor }, 400, "vendor_immutable", "vendor_id"],
      [{ title: "" }, 400, "required", "title"],
      [{ title: "あ".repeat(201) }, 400, "too_long", "title"],
      [{ scope: "A\u0007B" }, 400, "invalid_text", "scope"],
      [{ starts_on: "2026-02-30" }, 400, "invalid_date", "starts_on"],
      [{ ends_on: day(-300) }, 400, "invalid_period", "ends_on"],
      [{ starts_on: day(300) }, 400, "invalid_period", "starts_on"],
      [{ manager_person_id: "x" }, 400, "invalid_type", "manager_person_id"],
      [{ manager_person_id: Number(sql(`SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) LIMIT 1`)) }, 400, "not_a_manager", "manager_person_id"],
      [{ systems: [999999] }, 404, "system_not_found", "systems"],
      [{ assets: "1" }, 400, "invalid_type", "assets"],
      [{ price: 100 }, 400, "unknown_field", "price"],
    ];
    for (const [b, status, code, field] of bad) {
      const r = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, b);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
      assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/, "a Japanese message");
    }
    assert.equal(row(), before, "nothing changed");
    assert.equal(Number(sql("SELECT count(*) FROM trail_entries")), trail, "nothing trailed");
    assert.equal((await staff.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { title: "x" })).status, 403);
    assert.equal((await manager.req("PATCH", "/api/v1/vendor-contracts/999999", { title: "x" })).json.code, "contract_not_found");

    const assetId = Number(sql("SELECT id FROM assets ORDER BY id LIMIT 1"));
    const ok = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`,
      { title: "住民記録システム運用保守業務 (令和8年度)", scope: "住民記録システムの運用・保守及び障害対応", assets: [assetId] });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.title, "住民記録システム運用保守業務 (令和8年度)");
    assert.deepEqual(ok.json.systems.map((x) => x.id), [systemId], "systems not sent: kept");
    assert.deepEqual(ok.json.assets.map((x) => x.id), [assetId]);
    assert.equal(ok.json.state, "draft");
    const entry = JSON.parse(sql(`SELECT entry FROM trail_entries WHERE action = 'vendor_contract.update' ORDER BY seq DESC LIMIT 1`) || "{}");
    assert.ok(entry.before && entry.after, "the entry records the contract before and after");
  });

  test("a missing clause refuses the approval with the list; an approved 例外措置 naming it lets it through", async () => {
    for (const id of clauses.filter((c) => c !== "subcontracting")) {
      const r = await manager.post(`/api/v1/vendor-contracts/${contractId}/clauses`, { clause_id: id, included: true, location: "特記仕様書 第5条" });
      assert.equal(r.status, 200, r.text);
    }
    const refused = await manager.post(`/api/v1/vendor-contracts/${contractId}/submit`, {});
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.code, "clauses_missing");
    assert.deepEqual(refused.json.missing.map((m) => m.id), ["subcontracting"]);
    assert.match(refused.json.detail, /第137条\(9\)/);
    assert.equal(Number(sql(`SELECT count(*) FROM vendor_contracts WHERE id = ${contractId} AND request_id IS NOT NULL`)), 0);
    assert.equal(Number(sql("SELECT count(*) FROM requests WHERE type = 'vendor_contract'")), 0, "no request is left behind");

    const badClause = [
      [{ clause_id: "nope", included: true }, 400, "unknown_clause", "clause_id"],
      [{ clause_id: "subcontracting", included: "yes" }, 400, "invalid_type", "included"],
      [{ clause_id: "subcontracting", included: false, exception_request_id: 999999 }, 400, "exception_not_covering", "exception_request_id"],
    ];
    for (const [b, status, code, field] of badClause) {
      const r = await manager.post(`/api/v1/vendor-contracts/${contractId}/clauses`, b);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }

    // an exception for another article does not cover the clause
    const file = async (provisions) => {
      const fields = { provisions, reason: "再委託先の選定が契約後になるため", risk: "再委託先の管理が及ばない",
        alternative: "再委託の都度、承認と誓約書の提出を求める", start_date: day(0), end_date: day(60) };
      const c = await manager.post("/api/v1/requests", { type: "exception_measure", fields, submit: true });
      assert.equal(c.status, 201, c.text);
      const a = await ciso.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
      assert.equal(a.status, 200, a.text);
      return c.json.id;
    };
    const other = await file("第76条");
    const notCovering = await manager.post(`/api/v1/vendor-contracts/${contractId}/clauses`, { clause_id: "subcontracting", included: false, exception_request_id: other });
    assert.equal(notCovering.json.code, "exception_not_covering", notCovering.text);
    const exc = await file("第137条(9)");
    const covered = await manager.post(`/api/v1/vendor-contracts/${contractId}/clauses`, { clause_id: "subcontracting", included: false, exception_request_id: exc });
    assert.equal(covered.status, 200, covered.text);
    assert.equal(covered.json.missing.length, 0);
    assert.equal(covered.json.clauses.find((c) => c.id === "subcontracting").covered, true);

    const sub = await manager.post(`/api/v1/vendor-contracts/${contractId}/submit`, {});
    assert.equal(sub.status, 201, sub.text);
    assert.equal(sub.json.state, "under_review");
    const locked = await manager.post(`/api/v1/vendor-contracts/${contractId}/clauses`, { clause_id: "subcontracting", included: true });
    assert.equal(locked.status, 409);
    assert.equal(locked.json.code, "contract_locked");
    const lockedEdit = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { ends_on: day(400) });
    assert.equal(lockedEdit.status, 409, lockedEdit.text);
    assert.equal(lockedEdit.json.code, "contract_locked", "nothing changes while the approver looks at it");
    const check = await manager.post(`/api/v1/vendor-contracts/${contractId}/checks`, { checked_on: day(0), checked_items: "x", result: "good" });
    assert.equal(check.json.code, "contract_not_approved", "no check before the approval");

    // the resolved approver approves
    const req = (await manager.get(`/api/v1/requests/${sub.json.request_id}`)).json;
    assert.equal(req.type, "vendor_contract");
    assert.equal(req.article, "第137条");
    const approver = req.approval.approvers[0];
    const staffNo = sql(`SELECT staff_no FROM people WHERE id = ${approver.person_id}`);
    const who = approver.person_id === Number(sql(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`))
      ? ciso : await signInAs(staffNo, "itaku.shonin");
    const ok = await who.post(`/api/v1/requests/${sub.json.request_id}/decide`, { decision: "approve" });
    assert.equal(ok.status, 200, ok.text);
    const approved = (await manager.get(`/api/v1/vendor-contracts/${contractId}`)).json;
    assert.equal(approved.state, "approved");
  });

  test("an approved contract: the term extended, another 管理者 and other systems without a new approval, each trailed; title, scope, start and a shorter term refused", async () => {
    const c = (await manager.get(`/api/v1/vendor-contracts/${contractId}`)).json;
    const entries = () => Number(sql("SELECT count(*) FROM trail_entries WHERE action = 'vendor_contract.amend'"));
    const refused = [
      [{ title: "別の業務" }, 409, "approval_needed", "title"],
      [{ scope: "範囲の拡大" }, 409, "approval_needed", "scope"],
      [{ starts_on: day(-130) }, 409, "approval_needed", "starts_on"],
      [{ ends_on: day(200) }, 400, "term_shortened", "ends_on"],
    ];
    for (const [b, status, code, field] of refused) {
      const r = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, b);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
    }
    assert.equal(entries(), 0);
    const ext = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { ends_on: day(605) });
    assert.equal(ext.status, 200, ext.text);
    assert.equal(ext.json.ends_on, day(605));
    assert.equal(ext.json.state, "approved", "an extension needs no new approval");
    assert.equal(ext.json.request_id, c.request_id);
    const e1 = JSON.parse(sql("SELECT entry FROM trail_entries WHERE action = 'vendor_contract.amend' ORDER BY seq DESC LIMIT 1"));
    assert.equal(e1.before.ends_on, c.ends_on);
    assert.equal(e1.after.ends_on, day(605));
    const next = Number(sql(`SELECT p.id FROM role_assignments r JOIN people p ON p.id = r.person_id
      WHERE r.role IN ('section_security_manager', 'system_manager') AND r.valid_until IS NULL AND p.active_until IS NULL
      AND p.id <> ${managerId} ORDER BY r.id LIMIT 1`));
    const moved = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { manager_person_id: next, systems: [] });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.manager_person_id, next);
    assert.deepEqual(moved.json.systems, []);
    assert.equal(entries(), 2, "each amendment is its own entry");
    const back = await ciso.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { manager_person_id: managerId, systems: [systemId] });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.state, "approved");
  });

  test("要員 with their pledge, 再委託 with its approval, and the periodic check that was due (第138条)", async () => {
    const due = (await manager.get("/api/v1/vendors/checks-due")).json.items.find((x) => x.contract_id === contractId);
    assert.ok(due, "the contract started 120 days ago with no check: its check is due on the manager's list");
    assert.equal(due.overdue, true);
    assert.equal(due.article, "第138条(2)");
    assert.equal((await staff.get("/api/v1/vendors/checks-due")).json.items.length, 0);
    const task = (await manager.get("/api/v1/home")).json.tasks.find((t) => t.kind === "vendor_check_overdue");
    assert.ok(task, "the check is a task on the responsible 管理者's home");
    assert.equal(task.link, `/vendors/contracts/${contractId}`);
    assert.equal(task.article, "第138条(2)");

    const st = await manager.post(`/api/v1/vendor-contracts/${contractId}/staff`, { name: "委託 太郎", role: "運用担当", pledged_on: day(-100) });
    assert.equal(st.status, 201, st.text);
    assert.equal(st.json.staff[0].pledged_on, day(-100));
    const badStaff = await manager.post(`/api/v1/vendor-contracts/${contractId}/staff`, { name: "委託 次郎", pledged_on: day(3) });
    assert.equal(badStaff.json.code, "date_in_future");
    const sc = await manager.post(`/api/v1/vendor-contracts/${contractId}/subcontracts`, { subcontractor: "再委託株式会社", corporate_number: "1180301018771", scope: "夜間監視", approved_on: day(-10) });
    assert.equal(sc.status, 201, sc.text);
    const badSc = await manager.post(`/api/v1/vendor-contracts/${contractId}/subcontracts`, { subcontractor: "x", corporate_number: "1180301018770", scope: "y", approved_on: day(-1) });
    assert.equal(badSc.json.code, "invalid_corporate_number");

    const before = count("vendor_checks");
    const badChecks = [
      [{ checked_on: day(1), checked_items: "x", result: "good" }, "date_in_future", "checked_on"],
      [{ checked_on: day(-200), checked_items: "x", result: "good" }, "date_before_term", "checked_on"],
      [{ checked_on: day(0), checked_items: "", result: "good" }, "required", "checked_items"],
      [{ checked_on: day(0), checked_items: "x", result: "fine" }, "invalid_result", "result"],
      [{ checked_on: day(0), checked_items: "x", result: "action_needed" }, "required", "actions"],
    ];
    for (const [b, code, field] of badChecks) {
      const r = await manager.post(`/api/v1/vendor-contracts/${contractId}/checks`, b);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
    }
    assert.equal(count("vendor_checks"), before);
    const ok = await manager.post(`/api/v1/vendor-contracts/${contractId}/checks`, { checked_on: day(0),
      checked_items: "履行状況報告書、アクセスログ、要員の誓約書", result: "good" });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.checks.length, 1);
    assert.ok(ok.json.next_check_due > day(0));
    assert.ok(!(await manager.get("/api/v1/vendors/checks-due")).json.items.some((x) => x.contract_id === contractId));
  });

  test("each 要員 shows their pledge and this 年度's training (委託事業者要員 courses); one who has not attended is flagged", async () => {
    const [pid, pname] = sql("SELECT id, name FROM people WHERE employment = 'contractor' AND active_until IS NULL ORDER BY id LIMIT 1").split("|");
    assert.ok(pid, "the demo has contractor staff");
    const course = await ciso.post("/api/v1/training/courses", { fiscal_year: fiscalYearOf(0), title: "委託事業者要員向け情報セキュリティ研修",
      audience: "contractor_staff", method: "elearning" });
    assert.equal(course.status, 201, course.text);
    const added = await manager.post(`/api/v1/vendor-contracts/${contractId}/staff`, { name: pname, role: "運用担当", person_id: Number(pid) });
    assert.equal(added.status, 201, added.text);
    const row = (c) => c.staff.find((x) => x.person_id === Number(pid));
    const mine = (c) => row(c).training.courses.find((x) => x.id === course.json.id);
    let c = added.json;
    assert.equal(row(c).pledge_missing, true, "no pledge date: shown as missing");
    assert.equal(row(c).training.fiscal_year, fiscalYearOf(0));
    assert.equal(mine(c).attended_on, null, "the 委託事業者要員 course applies and is not attended");
    assert.equal(row(c).training.state, "missing");
    assert.ok(c.staff_training_missing.includes(pname), "flagged on the contract");
    assert.equal(c.staff.find((x) => x.name === "委託 太郎").training.state, "unregistered", "without a person record it cannot be told");
    const att = await ciso.post(`/api/v1/training/courses/${course.json.id}/attendance`, { person_id: Number(pid), attended_on: day(0) });
    assert.equal(att.status, 201, att.text);
    c = (await manager.get(`/api/v1/vendor-contracts/${contractId}`)).json;
    assert.equal(mine(c).attended_on, day(0));
    const all = row(c).training.courses.every((x) => x.attended_on);
    assert.equal(row(c).training.state, all ? "attended" : "missing");
    assert.equal(c.staff_training_missing.includes(pname), !all);
    const nobody = await manager.post(`/api/v1/vendor-contracts/${contractId}/staff`, { name: "x", person_id: 999999 });
    assert.equal(nobody.json.code, "person_not_found");
  });

  test("the end records the return and erasure with the certificate kept by SHA-256, 0600 (第139条)", async () => {
    const cert = Buffer.from("%PDF-1.4\n抹消証明書 (test)\n");
    const end = (query, body = cert) => manager.req("POST", `/api/v1/vendor-contracts/${contractId}/end?${query}`, undefined,
      { raw: body, headers: { "content-type": "application/octet-stream" } });
    const q = (o) => new URLSearchParams(o).toString();
    const good = { ended_on: day(0), acceptance: "履行期間を通じた対策の実施を検収で確認", disposition: "erased", name: "抹消証明書.pdf" };
    const bad = [
      [q({ ...good, disposition: "burnt" }), cert, "invalid_disposition"],
      [q({ ...good, ended_on: day(2) }), cert, "date_in_future"],
      [q({ ...good, acceptance: "" }), cert, "required"],
      [q({ ...good, name: "a/b.pdf" }), cert, "invalid_text"],
      [q(good), Buffer.alloc(0), "certificate_missing"],
    ];
    for (const [query, body, code] of bad) {
      const r = await end(query, body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code, r.text);
    }
    assert.equal(count("vendor_contract_endings"), 0);
    const ok = await end(q(good));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.state, "ended");
    const sha = createHash("sha256").update(cert).digest("hex");
    assert.equal(ok.json.ending.certificate_sha256, sha);
    const path = `${srv.db}.evidence/${sha}`;
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const got = await manager.req("GET", `/api/v1/vendor-contracts/${contractId}/certificate`);
    assert.equal(got.status, 200);
    const again = await end(q(good));
    assert.equal(again.status, 409);
    assert.equal(again.json.code, "contract_ended");
    const edit = await manager.req("PATCH", `/api/v1/vendor-contracts/${contractId}`, { ends_on: day(700) });
    assert.equal(edit.status, 409, edit.text);
    assert.equal(edit.json.code, "contract_ended");
    const trail = sql(`SELECT count(*) FROM trail_entries WHERE action = 'vendor_contract.end'`);
    assert.equal(Number(trail), 1);
  });

  test("the trail verifies, and a vendor changed behind lgsec's back is named by the reconciliation", async () => {
    const ok = cli(["trail", "verify", "--db", srv.db]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    sql(`UPDATE vendor_companies SET address = '書き換え' WHERE corporate_number = '7010001008844'`);
    const bad = cli(["trail", "verify", "--db", srv.db]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /vendor_companies/);
  });

  test("each contract table edited behind lgsec's back is named by table, row and column", () => {
    const c = contractId;
    const sub = sql(`SELECT max(id) FROM vendor_subcontracts WHERE contract_id = ${c}`);
    const st = sql(`SELECT max(id) FROM vendor_staff WHERE contract_id = ${c}`);
    const chk = sql(`SELECT max(id) FROM vendor_checks WHERE contract_id = ${c}`);
    assert.ok(sub && st && chk, "the suite recorded a 再委託, a 要員 and a check");
    sql(`UPDATE vendor_contracts SET title = title || '（改）' WHERE id = ${c}`);
    sql(`DELETE FROM vendor_contract_objects WHERE contract_id = ${c} AND kind = 'system'`);
    sql(`UPDATE vendor_contract_endings SET acceptance = '検収なし' WHERE contract_id = ${c}`);
    sql(`UPDATE vendor_contract_clauses SET location = '記載なし' WHERE contract_id = ${c} AND clause_id = 'confidentiality'`);
    sql(`UPDATE vendor_subcontracts SET scope = '全業務' WHERE id = ${sub}`);
    sql(`UPDATE vendor_staff SET role = '書き換えた役割' WHERE id = ${st}`);
    sql(`UPDATE vendor_checks SET result = 'good', actions = '' WHERE id = ${chk}`);
    sql(`UPDATE vendor_checks SET checked_items = '何も確認していない' WHERE id = ${chk}`);
    sql(`INSERT INTO vendor_staff (contract_id, name, role, created_at) VALUES (${c}, '記録のない要員', '', '2026-01-01T00:00:00Z')`);
    const added = sql("SELECT max(id) FROM vendor_staff");
    const r = cli(["trail", "verify", "--db", srv.db]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    for (const line of [`vendor_contracts id ${c} column title`, `vendor_contracts id ${c} column systems`,
      `vendor_contracts id ${c} column ending`, `vendor_contract_clauses id ${c}/confidentiality column location`,
      `vendor_subcontracts id ${sub} column scope`, `vendor_staff id ${st} column role`,
      `vendor_checks id ${chk} column checked_items`, `vendor_staff id ${added}: a row no trail entry records`])
      assert.ok(r.stdout.includes(line), `${line}\n${r.stdout}`);
  });
});
