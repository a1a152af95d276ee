// 情報システム台帳 API on the demo: requirements with their articles, support ends, the
// classification computed from the system's assets, who may edit, and bad input.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv, ciso, staff;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const staffNo = sql("SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'kikaku-kikaku' AND p.title = '主事' LIMIT 1");
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", "kikaku.staff"]);
  staff = (await signInFirstTime(srv.url, "kikaku.staff", /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1])).client;
});
after(async () => {
  await srv?.stop();
});

const byCode = async (code) => {
  const list = await ciso.get("/api/v1/systems?limit=200");
  const item = list.json.items.find((x) => x.code === code);
  return (await ciso.get(`/api/v1/systems/${item.id}`)).json;
};

test("the demo's 30 systems across the three zones, with deliberate problems flagged", async () => {
  const r = await ciso.get("/api/v1/systems?limit=200");
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 30);
  assert.deepEqual([...new Set(r.json.items.map((x) => x.zone))].sort(), ["internet", "lgwan", "mynumber"]);
  // need-to-know (第23条): a 課's staff reads its own 課's systems and those processing nothing restricted
  const mine = await staff.get("/api/v1/systems?limit=200");
  assert.ok(mine.json.items.length > 0 && mine.json.items.length < 30, `staff read ${mine.json.items.length} systems`);
  const unsupported = await ciso.get("/api/v1/systems?flag=unsupported&limit=200");
  assert.ok(unsupported.json.items.some((x) => x.code === "SYS-M05"), "Windows Server 2012 R2 is past its support end");
});

test("the first page says how many systems the search finds, counting only what the reader may see", async () => {
  const active = Number(sql("SELECT count(*) FROM systems WHERE active = 1"));
  const first = await ciso.get("/api/v1/systems?limit=7");
  assert.equal(first.json.items.length, 7);
  assert.equal(first.json.total, active);
  const second = await ciso.get(`/api/v1/systems?limit=7&cursor=${first.json.next_cursor}`);
  assert.equal(second.json.total, undefined, "later pages do not count again");
  const lgwan = await ciso.get("/api/v1/systems?zone=lgwan&limit=2");
  assert.equal(lgwan.json.total, Number(sql("SELECT count(*) FROM systems WHERE active = 1 AND zone = 'lgwan'")));
  // with a filter decided in C (requirements_unmet) the count is of the rows that pass it
  const unmet = await ciso.get("/api/v1/systems?flag=requirements_unmet&limit=200");
  const unmetFirst = await ciso.get("/api/v1/systems?flag=requirements_unmet&limit=3");
  assert.equal(unmetFirst.json.total, unmet.json.items.length);
  // a 職員 is told the number of systems they may read, not of the whole register
  const all = await staff.get("/api/v1/systems?limit=200");
  assert.equal((await staff.get("/api/v1/systems?limit=1")).json.total, all.json.items.length);
});

test("the demo is coherent: every マイナンバー系 system holds its section's data; an internet-zone system only what is public", async () => {
  const counts = sql(`SELECT s.code || ':' || s.zone || ':' || count(a.id) || ':' || coalesce(max(a.confidentiality_rank), 0)
    FROM systems s LEFT JOIN assets a ON a.system_id = s.id GROUP BY s.id`).split("\n").map((l) => l.split(":"));
  for (const [code, zone, n] of counts) if (zone === "mynumber") assert.ok(Number(n) > 0, `${code} holds assets`);
  const rank1 = Number(sql("SELECT max(confidentiality_rank) FROM assets WHERE confidentiality = '1'"));
  for (const [code, zone, , rank] of counts) if (zone === "internet") assert.ok(Number(rank) <= rank1, `${code} holds nothing above 機密性1 (rank ${rank})`);
  assert.ok(counts.some(([code, , n]) => code === "SYS-M01" && Number(n) > 0), "住民基本台帳システム holds 市民課's data");
});

test("a 可用性2 system without redundancy shows 第28条 as not met; a マイナンバー system without MFA recorded says so", async () => {
  const fukushi = await byCode("SYS-M05");
  assert.equal(fukushi.zone, "mynumber");
  const req = (sys, field) => sys.requirements.find((x) => x.field === field);
  assert.equal(fukushi.classification.availability, "2");
  assert.equal(req(fukushi, "redundancy").state, "not_met");
  assert.match(req(fukushi, "redundancy").article, /^第28条/);
  assert.equal(req(fukushi, "mfa").state, "not_recorded");
  assert.ok(fukushi.components.some((c) => c.support_state === "ended"));
  assert.ok(fukushi.assets.length > 0);
  assert.equal(fukushi.managers[0].role, "system_manager");
});

test("only roles.manage registers systems; a system's 管理者 or roles.manage edits it", async () => {
  const body = { code: "SYS-T01", name: "試験システム", zone: "lgwan", owner_unit_id: 2, location: "onprem" };
  const refused = await staff.post("/api/v1/systems", body);
  assert.equal(refused.status, 403);
  const created = await ciso.post("/api/v1/systems", body);
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.history[0].action, "system.create");
  assert.equal((await staff.patch(`/api/v1/systems/${created.json.id}`, { vendor: "x" })).status, 403);
  const c = await ciso.post(`/api/v1/systems/${created.json.id}/components`, {
    kind: "software", name: "OS", product: "Windows Server", version: "2012 R2", support_end: "2023-10-10",
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.components[0].support_state, "ended");
  const dup = await ciso.post("/api/v1/systems", body);
  assert.equal(dup.status, 409);
});

test("bad input is refused with the field and nothing written", async () => {
  const before = sql("SELECT count(*) FROM systems");
  const cases = [
    [{ code: "SYS-T02", name: "x", zone: "moon", owner_unit_id: 2, location: "onprem" }, "zone"],
    [{ code: "SYS-T02", name: "x", zone: "lgwan", owner_unit_id: 2, location: "orbit" }, "location"],
    [{ code: "SYS-T02", name: "x", zone: "lgwan", owner_unit_id: 99999, location: "onprem" }, "owner_unit_id"],
    [{ code: "SYS-T02", name: "x", zone: "lgwan", owner_unit_id: 2, location: "onprem", redundancy: "yes" }, "redundancy"],
  ];
  for (const [body, field] of cases) {
    const r = await ciso.post("/api/v1/systems", body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.json.field, field);
  }
  assert.equal(sql("SELECT count(*) FROM systems"), before);
  assert.equal((await ciso.get("/api/v1/systems?flag=everything")).status, 400);
});
