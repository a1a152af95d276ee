// The compliance dashboard (issue 14, part 3) on the demo: only evaluation.manage may read it; per
// 第16条の3 category every number equals an independent SQL count of the database (sections without a
// 情報セキュリティ管理者, overdue 持ち出し, people who have not acknowledged the policy in force, the
// periodic duties never recorded), each with its article and the failing rows; ending a 課長's role
// moves the number at once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, ciso, kacho;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const today = () => jstDate(0);
const current = (a = "r") => `${a}.valid_from <= '${today()}' AND (${a}.valid_until IS NULL OR ${a}.valid_until >= '${today()}')`;

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const mgr = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                   WHERE r.role = 'section_security_manager' ORDER BY r.id LIMIT 1`);
  kacho = (await signInFirstTime(srv.url, "a.kacho", addAccount(srv.db, mgr, "a.kacho"))).client;
});

after(async () => {
  await srv?.stop();
});

const find = (board, id) => board.categories.flatMap((c) => c.measures.map((m) => ({ ...m, category: c.category }))).find((m) => m.id === id);

test("only evaluation.manage reads the dashboard", async () => {
  assert.equal((await kacho.get("/api/v1/compliance")).status, 403);
  const r = await ciso.get("/api/v1/compliance");
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.categories.map((c) => c.category),
    ["①組織体制", "②情報資産の分類及び管理", "③物理的", "④人的", "⑤技術的", "⑥運用", "⑦業務委託・外部サービス", "⑧評価及び見直し"]);
  for (const c of r.json.categories)
    assert.equal(c.failing, c.measures.reduce((n, m) => n + m.value, 0));
  assert.ok(r.json.categories.every((c) => c.measures.every((m) => /^第\d+条/.test(m.article))));
});

test("the trend by month: last month is kept once, per unit as the database counts it, and the views sum their units", async () => {
  const [y, m] = today().split("-").map(Number);
  const ym = (back) => { const t = y * 12 + m - 1 - back; return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, "0")}`; };
  const board = (await ciso.get("/api/v1/compliance")).json;
  assert.deepEqual(board.trend.months, Array.from({ length: 12 }, (_, i) => ym(11 - i)));
  // kept when the server first ran or read (a run started just before midnight may have kept it yesterday)
  assert.ok([today(), jstDate(-1)].includes(board.trend.taken_on[10]), board.trend.taken_on[10]);
  assert.equal(board.trend.taken_on[11], null);
  const kept = Object.fromEntries(sql(`SELECT measure_id, value FROM compliance_snapshots WHERE month = '${ym(1)}' AND unit_id = 0`)
    .split("\n").map((l) => l.split("|")).map(([id, v]) => [id, Number(v)]));
  for (const c of board.categories) {
    assert.equal(c.trend.length, 12);
    for (const x of c.measures) {
      assert.equal(x.trend.length, 12, x.id);
      assert.equal(x.trend[11], x.value, x.id);
      assert.equal(x.trend[10], kept[x.id], x.id);
      assert.equal(x.trend[9], null, `${x.id}: nothing is known before the first month kept`);
    }
    assert.equal(c.trend[11], c.failing);
  }
  // nothing changed since it was kept: last month's number is today's, counted by the database per 課室
  const pending = find(board, "assets_pending");
  assert.equal(pending.trend[10], Number(sql("SELECT count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL")));
  const perUnit = sql(`SELECT unit_id, count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL GROUP BY unit_id ORDER BY unit_id`);
  const keptPerUnit = sql(`SELECT unit_id, value FROM compliance_snapshots WHERE month = '${ym(1)}' AND measure_id = 'assets_pending' AND unit_id <> 0 ORDER BY unit_id`);
  assert.equal(keptPerUnit, perUnit);
  assert.ok(pending.value > 0, "the demo has 要判断 assets");
  // a 部局's view sums the rows of its units
  const dept = Number(sql("SELECT unit_id FROM assets a JOIN org_units u ON u.id = a.unit_id WHERE a.classification_status = 'pending' LIMIT 1"));
  const top = Number(sql(`SELECT CASE WHEN kind = 'department' THEN id ELSE parent_id END FROM org_units WHERE id = ${dept}`));
  const below = `(SELECT id FROM org_units WHERE id = ${top} OR parent_id = ${top} OR parent_id IN (SELECT id FROM org_units WHERE parent_id = ${top}))`;
  const part = (await ciso.get(`/api/v1/compliance/units/${top}`)).json;
  const n = Number(sql(`SELECT count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL AND unit_id IN ${below}`));
  assert.equal(find(part, "assets_pending").trend[10], n);
  assert.equal(find(part, "assets_pending").trend[11], n);
  // read again: nothing is kept twice
  const rows = sql("SELECT count(*) FROM compliance_snapshots");
  await ciso.get("/api/v1/compliance");
  assert.equal(sql("SELECT count(*) FROM compliance_snapshots"), rows);
});

test("every number equals an independent SQL count", async () => {
  const board = (await ciso.get("/api/v1/compliance")).json;
  const noManager = Number(sql(`SELECT count(*) FROM org_units u WHERE u.kind = 'section' AND u.active = 1 AND NOT EXISTS
    (SELECT 1 FROM role_assignments r WHERE r.role = 'section_security_manager' AND r.scope_kind = 'unit' AND r.scope_id = u.id AND ${current()})`));
  assert.equal(find(board, "sections_without_manager").value, noManager);
  assert.equal(find(board, "sections_without_manager").rows.length, noManager);

  const overdue = Number(sql(`SELECT count(*) FROM requests r WHERE r.type = 'take_out' AND r.state IN ('approved', 'expired')
    AND json_extract(r.fields, '$.return_due') < '${today()}'`));
  assert.equal(find(board, "take_outs_overdue").value, overdue);
  assert.equal(find(board, "take_outs_overdue").category, "③物理的");

  const docs = sql("SELECT current_version_id FROM policy_documents WHERE kind IN ('basic','standard') AND current_version_id IS NOT NULL").split("\n");
  let missing = 0;
  for (const v of docs)
    missing += Number(sql(`SELECT count(*) FROM people p WHERE p.active_from <= '${today()}' AND (p.active_until IS NULL OR p.active_until >= '${today()}')
      AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a WHERE a.person_id = p.id AND a.version_id = ${v})`));
  assert.equal(find(board, "policy_unacknowledged").value, missing);
  assert.equal(find(board, "policy_unacknowledged").article, "第47条(2)");

  // the N-day duties were never recorded on a new demo: both count under ⑤技術的
  const tech = board.categories.find((c) => c.category === "⑤技術的").measures.find((m) => m.link === "/duties");
  assert.equal(tech.value, 2);
  assert.ok(tech.rows.some((r) => /第83条\(2\)/.test(r)));
});

test("the register facts: 要判断 assets, systems without backup, マイナンバー systems without 多要素認証", async () => {
  const board = (await ciso.get("/api/v1/compliance")).json;
  const facts = [
    ["assets_pending", "②情報資産の分類及び管理", "第22条", "SELECT count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL"],
    ["systems_without_backup", "⑤技術的", "第61条", "SELECT count(*) FROM systems WHERE active = 1 AND coalesce(backup, 0) = 0"],
    ["mynumber_without_mfa", "⑤技術的", "第24条", "SELECT count(*) FROM systems WHERE active = 1 AND zone = 'mynumber' AND coalesce(mfa, 0) = 0"],
  ];
  for (const [id, category, article, q] of facts) {
    const m = find(board, id);
    const n = Number(sql(q));
    assert.equal(m.value, n, id);
    assert.equal(m.rows.length, Math.min(n, 500), id);
    assert.equal(m.ok, n === 0, id);
    assert.equal(m.category, category);
    assert.equal(m.article, article);
  }
  assert.ok(Number(sql(facts[1][3])) > 0, "the demo has systems without a recorded backup");
  // recording a system's backup takes it off the list at once
  const [sid, code] = sql("SELECT id, code FROM systems WHERE active = 1 AND coalesce(backup, 0) = 0 ORDER BY id LIMIT 1").split("|");
  const before = find(board, "systems_without_backup");
  assert.ok(before.rows.some((r) => r.includes(code)));
  const r = await ciso.patch(`/api/v1/systems/${sid}`, { backup: true });
  assert.equal(r.status, 200, r.text);
  const after = find((await ciso.get("/api/v1/compliance")).json, "systems_without_backup");
  assert.equal(after.value, before.value - 1);
  assert.ok(!after.rows.some((x) => x.includes(code)));
});

test("the number follows the data: a 課 whose 管理者 leaves is counted at once", async () => {
  const before = find((await ciso.get("/api/v1/compliance")).json, "sections_without_manager").value;
  const row = sql(`SELECT r.id, u.name FROM role_assignments r JOIN org_units u ON u.id = r.scope_id
                   WHERE r.role = 'section_security_manager' AND r.scope_kind = 'unit' ORDER BY r.id DESC LIMIT 1`).split("|");
  const end = await ciso.post(`/api/v1/role-assignments/${row[0]}/end`, { valid_until: jstDate(-1) });
  assert.equal(end.status, 200, end.text);
  const m = find((await ciso.get("/api/v1/compliance")).json, "sections_without_manager");
  assert.equal(m.value, before + 1);
  assert.ok(m.rows.includes(row[1]));
});

test("per 部局 and 課室: the unit's managers and the CISO see only its rows, counted as the database counts them", async () => {
  // a 課室 with its 課長 (the kacho signed in above) and the 部局 above it
  const [sec, dept] = sql(`SELECT u.id, u.parent_id FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN org_units u ON u.id = r.scope_id
                           WHERE r.role = 'section_security_manager' ORDER BY r.id LIMIT 1`).split("|").map(Number);
  const below = (root) => `(SELECT id FROM org_units WHERE id = ${root} OR parent_id = ${root} OR parent_id IN (SELECT id FROM org_units WHERE parent_id = ${root}))`;
  for (const [client, unit] of [[ciso, dept], [ciso, sec], [kacho, sec]]) {
    const r = await client.get(`/api/v1/compliance/units/${unit}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.unit.id, unit);
    const pending = Number(sql(`SELECT count(*) FROM assets WHERE classification_status = 'pending' AND disposed_at IS NULL AND unit_id IN ${below(unit)}`));
    assert.equal(find(r.json, "assets_pending").value, pending);
    const noBackup = Number(sql(`SELECT count(*) FROM systems WHERE active = 1 AND coalesce(backup, 0) = 0 AND owner_unit_id IN ${below(unit)}`));
    assert.equal(find(r.json, "systems_without_backup").value, noBackup);
    const overdue = Number(sql(`SELECT count(*) FROM requests r WHERE r.type = 'take_out' AND r.state IN ('approved', 'expired')
      AND json_extract(r.fields, '$.return_due') < '${today()}' AND r.unit_id IN ${below(unit)}`));
    assert.equal(find(r.json, "take_outs_overdue").value, overdue);
    // the organisation's periodic duties are not a unit's
    assert.ok(!r.json.categories.some((c) => c.measures.some((m) => m.link === "/duties")));
  }
  const whole = (await ciso.get("/api/v1/compliance")).json;
  const part = (await ciso.get(`/api/v1/compliance/units/${dept}`)).json;
  assert.ok(find(part, "assets_pending").value <= find(whole, "assets_pending").value);
  // another 部局: not the 課長's; a 係 or a made-up id is not a unit view
  const other = Number(sql(`SELECT id FROM org_units WHERE kind = 'department' AND id <> ${dept} ORDER BY id LIMIT 1`));
  assert.equal((await kacho.get(`/api/v1/compliance/units/${other}`)).status, 403);
  assert.equal((await kacho.get(`/api/v1/compliance/units/${dept}`)).status, 403);
  assert.equal((await ciso.get("/api/v1/compliance/units/999999")).status, 404);
  assert.equal((await ciso.get("/api/v1/compliance/units/abc")).status, 404);
  const root = Number(sql("SELECT id FROM org_units WHERE kind = 'organisation' LIMIT 1"));
  assert.equal((await ciso.get(`/api/v1/compliance/units/${root}`)).status, 404);
});
