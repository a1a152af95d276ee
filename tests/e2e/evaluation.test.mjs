// 評価・見直し over the API (issue 14), part 1: the periodic duties of checks.yaml on the demo. The
// CISO sees every duty; the 監査統括責任者 only the audit; a 職員 none (404 on a duty, 403 on recording).
// The 統括's N-day duties that were never done are tasks on the home page. Recording what was done
// changes the status, and every number is compared with an independent SQL count of the database;
// each bad input is refused with its code and field, and stores nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, ciso, auditor, chief, staff;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const packChecks = readFileSync(new URL("../../packs/mic/checks.yaml", import.meta.url), "utf8")
  .split("\n").filter((l) => l.startsWith("  - id: ")).map((l) => l.slice(8).trim());

async function accountFor(role, login) {
  const staffNo = sql(`SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id
                       WHERE r.role = '${role}' AND r.valid_until IS NULL ORDER BY p.id LIMIT 1`);
  assert.ok(staffNo, `a holder of ${role} in the demo`);
  return (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  auditor = await accountFor("audit_lead", "kansa.lead");
  chief = await accountFor("chief_security_officer", "tokatsu");
  const plain = sql(`SELECT p.staff_no FROM people p WHERE p.title = '主事'
                     AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1`);
  staff = (await signInFirstTime(srv.url, "plain.staff", addAccount(srv.db, plain, "plain.staff"))).client;
});

after(async () => {
  await srv?.stop();
});

describe("who sees which duty", () => {
  test("the CISO (evaluation.manage) sees every duty of the pack, each with its article", async () => {
    const r = await ciso.get("/api/v1/duties");
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items.map((d) => d.id), packChecks);
    assert.equal(r.json.fiscal_year, fiscalYearOf(0));
    assert.ok(r.json.items.every((d) => /^第\d+条/.test(d.article)));
    const standing = r.json.items.find((d) => d.id === "initial_password_change");
    assert.equal(standing.state, "standing");
    assert.equal(standing.may_record, false);
  });

  test("the 監査統括責任者 sees only the audit; a 職員 nothing", async () => {
    const mine = await auditor.get("/api/v1/duties");
    assert.deepEqual(mine.json.items.map((d) => d.id), ["audit_per_fiscal_year"]);
    assert.equal(mine.json.items[0].due, `${fiscalYearOf(0) + 1}-03-31`);
    const none = await staff.get("/api/v1/duties");
    assert.deepEqual(none.json.items, []);
    const hidden = await staff.get("/api/v1/duties/audit_per_fiscal_year");
    assert.equal(hidden.status, 404);
    assert.equal(hidden.json.code, "duty_not_found");
    assert.equal((await ciso.get("/api/v1/duties/no_such_duty")).status, 404);
  });

  test("the 統括's never-done N-day duties are overdue tasks on the home page, linking to the duty", async () => {
    const home = await chief.get("/api/v1/home");
    assert.equal(home.status, 200);
    const duties = home.json.tasks.filter((t) => t.kind === "duty_overdue");
    const never = (await chief.get("/api/v1/duties")).json.items.filter((d) => d.state === "never" || d.state === "overdue");
    assert.deepEqual(duties.map((t) => t.link).sort(), never.map((d) => `/duties/${d.id}`).sort());
    assert.ok(duties.length >= 2);
    const staffHome = await staff.get("/api/v1/home");
    assert.ok(staffHome.json.tasks.every((t) => !t.kind.startsWith("duty_")));
  });
});

describe("recording what was done", () => {
  test("a 職員 who does not own the duty is refused and nothing is stored", async () => {
    const r = await staff.post("/api/v1/duties/audit_per_fiscal_year/records", { done_on: jstDate(0), summary: "x" });
    assert.equal(r.status, 403);
    assert.equal(sql("SELECT count(*) FROM duty_records"), "0");
  });

  const bad = [
    [{ summary: "x" }, "required", "done_on"],
    [{ done_on: "2026-02-30", summary: "x" }, "invalid_date", "done_on"],
    [{ done_on: 20261001, summary: "x" }, "invalid_date", "done_on"],
    [{ done_on: jstDate(1), summary: "x" }, "date_in_future", "done_on"],
    [{ done_on: jstDate(-800), summary: "x" }, "date_too_old", "done_on"],
    [{ done_on: jstDate(0) }, "required", "summary"],
    [{ done_on: jstDate(0), summary: "あ".repeat(2001) }, "invalid_text", "summary"],
    [{ done_on: jstDate(0), summary: "a\u0001" }, "invalid_text", "summary"],
    [{ done_on: jstDate(0), summary: "x", evidence: "a\nb" }, "invalid_text", "evidence"],
    [{ done_on: jstDate(0), summary: "x", evidence: 3 }, "invalid_type", "evidence"],
    [{ done_on: jstDate(0), summary: "x", by: "someone" }, "unknown_field", "by"],
  ];
  for (const [body, code, field] of bad) {
    test(`bad input: ${code} (${field}) is refused, nothing stored`, async () => {
      const r = await auditor.post("/api/v1/duties/audit_per_fiscal_year/records", body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, field);
      assert.equal(sql("SELECT count(*) FROM duty_records"), "0");
    });
  }

  test("a duty without a period has nothing to record", async () => {
    const r = await ciso.post("/api/v1/duties/initial_password_change/records", { done_on: jstDate(0), summary: "x" });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "duty_not_periodic");
  });

  test("the 監査統括責任者 records the audit: done this 年度, counted as the database counts it", async () => {
    const r = await auditor.post("/api/v1/duties/audit_per_fiscal_year/records",
      { done_on: jstDate(0), summary: "令和の年度監査を実施 (情報政策課・税務課)", evidence: "監査フォルダ/報告書.pdf" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, "done");
    const fy = fiscalYearOf(0);
    assert.equal(String(r.json.done_count),
      sql(`SELECT count(*) FROM duty_records WHERE check_id = 'audit_per_fiscal_year' AND fiscal_year = ${fy}`));
    assert.equal(r.json.records[0].recorded_by.name,
      sql("SELECT p.name FROM people p JOIN role_assignments r ON r.person_id = p.id WHERE r.role = 'audit_lead'"));
    assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action = 'duty.record'"), "1");
  });

  test("the CISO records the 統括's account check: due again in 90 days", async () => {
    const r = await ciso.post("/api/v1/duties/unused_account_days/records", { done_on: jstDate(-10), summary: "点検した" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.last_done_on, jstDate(-10));
    assert.equal(r.json.due, jstDate(80));
    assert.equal(r.json.state, "done");
    const home = await chief.get("/api/v1/home");
    assert.ok(!home.json.tasks.some((t) => t.link === "/duties/unused_account_days"));
  });
});
