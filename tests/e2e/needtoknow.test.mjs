// Need-to-know reads (第22条, 第23条; roles.yaml `visibility`), tested from the route table: every
// route of the 情報資産台帳 and the 情報システム台帳 (and the registers' export), for a holder of every
// role of the pack and for plain staff, against a 機密性3C asset, a 要判断 asset and the system that
// processes them, all owned by 企画課. Where the pack's rule hides them, no route shows them (lists,
// totals, searches, details, exports, labels, the pending queue, the trail) and every route that
// addresses one answers as for a missing one; where it allows them, the routes show them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, jstDateTime } from "./lib/clock.mjs";

const ROUTES = JSON.parse(cli(["routes"]).stdout);
// The routes this suite covers: everything under these prefixes, each with a probe below.
const COVERED = /^\/api\/v1\/(assets|systems)(\/|$)|^\/api\/v1\/registers\/export/;
// Routes under those prefixes that address no existing entry (registration is its own rule).
const NOT_AN_ENTRY = new Set(["POST /api/v1/systems"]);

let srv, ciso, vis, x, secret, pending, open, system, component, scratch;
const readers = []; // { name, role, client, expected }
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
let logins = 0;
const clients = new Map(); // staff_no → client: one account per person (an approver may read too)
const account = async (staffNo) => {
  if (clients.has(staffNo)) return clients.get(staffNo);
  const login = `ntk.${++logins}`;
  const client = (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
  clients.set(staffNo, client);
  return client;
};

// Text of every part of an .xlsx (the strings a sheet shows are in its XML).
function xlsxText(buf) {
  const file = join(scratch, `x${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, buf);
  return spawnSync("unzip", ["-p", file], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout;
}
const download = async (c, path) => {
  const r = await fetch(srv.url + path, { headers: { cookie: c.cookie } });
  return { status: r.status, buf: Buffer.from(await r.arrayBuffer()) };
};

before(async () => {
  srv = await startServer({ demo: true });
  scratch = mkdtempSync(join(tmpdir(), "lgsec-ntk-"));
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  vis = (await ciso.get("/api/v1/policy")).json.visibility;
  assert.ok(vis && vis.all_roles.length > 0, "the pack states the rule");
  x = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const today = jstDate(0);

  // 企画課's system and assets, registered by its own staff
  const xStaffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${x} AND title = '主事' ORDER BY id LIMIT 1`);
  const xStaff = await account(xStaffNo);
  let r = await ciso.post("/api/v1/systems", { code: "NTK-1", name: "企画課 政策調整システム", zone: "lgwan", owner_unit_id: x, location: "onprem" });
  assert.equal(r.status, 201, r.text);
  system = r.json;
  r = await ciso.post(`/api/v1/systems/${system.id}/components`, { kind: "server", name: "政策調整サーバ" });
  assert.equal(r.status, 201, r.text);
  component = r.json.components[0];
  const asset = async (name, levels) => {
    const r = await xStaff.post("/api/v1/assets", {
      name, kind: "information", unit_id: x, format: "electronic", storage_place: "共有フォルダ", system_id: system.id,
      ...levels, ...(levels.confidentiality ? { classification_reason: "未公表の政策情報" } : {}),
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  secret = await asset("再編計画 NTKSECRET", { confidentiality: "3C", integrity: "2", availability: "2" });
  pending = await asset("調査票 NTKPENDING", {});
  open = await asset("広報資料 NTKOPEN", { confidentiality: "1", integrity: "1", availability: "1" });

  // Who reads: a holder of every role of the pack, and plain staff of 企画課 and of another 課.
  // over: the role's scope covers 企画課 (a unit role) or its system (a system role).
  // alone: a holder whose other roles reach neither everything nor 企画課 (its 部) or its system, and
  // who sits elsewhere, so that the expectation follows from this role
  const kikaku = Number(sql("SELECT parent_id FROM org_units WHERE id = " + x));
  const alone = `AND p.unit_id <> ${x} AND NOT EXISTS (SELECT 1 FROM role_assignments o WHERE o.person_id = r.person_id AND o.id <> r.id
    AND (o.role IN (${vis.all_roles.map((id) => `'${id}'`).join(", ")}) OR (o.scope_kind = 'unit' AND o.scope_id IN (${x}, ${kikaku}))
    OR (o.scope_kind = 'system' AND o.scope_id = ${system.id})))`;
  const roleNo = (role, scope, only = false) => sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = '${role}' ${scope ?? ""} ${only ? alone : ""} AND r.valid_from <= '${today}' AND (r.valid_until IS NULL OR r.valid_until >= '${today}')
    ORDER BY p.id LIMIT 1`);
  const fresh = sql(`SELECT p.id || ':' || p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code LIKE 'shimin-%' AND u.kind = 'section' AND p.active_until IS NULL
    AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id) ORDER BY p.id LIMIT 9`).split("\n").map((l) => l.split(":"));
  assert.equal(fresh.length, 9);
  const assign = async (role, scope_kind, scope_id) => {
    const [id, no] = fresh.shift();
    const r = await ciso.post("/api/v1/role-assignments", { person_id: Number(id), role, scope_kind, scope_id, valid_from: today });
    assert.equal(r.status, 201, r.text);
    return no;
  };
  const otherSystem = Number(sql(`SELECT s.id FROM systems s WHERE s.owner_unit_id <> ${x} AND NOT EXISTS
    (SELECT 1 FROM role_assignments r WHERE r.scope_kind = 'system' AND r.scope_id = s.id AND r.role = 'system_manager') LIMIT 1`));
  // the クラウドサービス管理者 and the 業務委託サービス管理者 are appointed in the cloud register
  // (docs/cloud.md): a service approved for a request of 企画課, managed by a person of another 課 — the
  // role reaches no asset of 企画課
  const cloudManager = async (outsourced = false) => {
    const [id, no] = fresh.shift();
    const requester = outsourced ? await account(roleNo("section_security_manager", `AND r.scope_id = ${x}`)) : xStaff;
    const filed = await requester.post("/api/v1/requests", outsourced
      ? { type: "outsourced_service", submit: true, fields: { service: "NTK 予約", contractor: "委託先", functions: "予約",
        requirements: "暗号化", reliability: "ISMS", service_manager: Number(id) } }
      : { type: "cloud_service_general", submit: true, fields: {
        service: "NTK アンケート", provider: "提供者", purpose: "集計", confidentiality: "1", terms_checked: true, cloud_manager: Number(id) } });
    assert.equal(filed.status, 201, filed.text);
    let req = filed.json;
    for (let i = 0; req.state === "submitted" && i < 4; i++) {
      const approver = req.approval.waiting[0];
      const who = approver === Number(sql(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`)) ? ciso
        : await account(sql(`SELECT staff_no FROM people WHERE id = ${approver}`));
      const d = await who.post(`/api/v1/requests/${req.id}/decide`, { decision: "approve" });
      assert.equal(d.status, 200, d.text);
      req = d.json;
    }
    const reg = await ciso.post("/api/v1/cloud/services", { request_id: req.id });
    assert.equal(reg.status, 201, reg.text);
    return no;
  };
  const plan = [
    { name: "企画課の職員", role: null, client: xStaff, own: true },
    { name: "他課の職員", role: null, no: fresh.shift()[1] },
    { role: "ciso", client: ciso },
    { role: "vice_ciso", no: await assign("vice_ciso", "organisation") },
    { role: "chief_security_officer", no: roleNo("chief_security_officer") },
    { role: "deputy_chief_security_officer", no: roleNo("deputy_chief_security_officer") },
    { role: "department_security_officer", no: roleNo("department_security_officer", `AND r.scope_id = ${kikaku}`), over: true },
    { role: "department_security_officer", no: roleNo("department_security_officer", `AND r.scope_id <> ${kikaku}`, true) },
    { role: "section_security_manager", no: roleNo("section_security_manager", `AND r.scope_id = ${x}`), over: true, own: true },
    { role: "section_security_manager", no: roleNo("section_security_manager", `AND r.scope_id <> ${x}`, true) },
    { role: "system_manager", no: await assign("system_manager", "system", system.id), over: true },
    { role: "system_manager", no: await assign("system_manager", "system", otherSystem) },
    { role: "system_operator", no: await assign("system_operator", "system", system.id), over: true },
    { role: "committee_member", no: await assign("committee_member", "organisation") },
    { role: "csirt_lead", no: roleNo("csirt_lead", "", true) },
    { role: "csirt_member", no: roleNo("csirt_member", "", true) },
    { role: "audit_lead", no: roleNo("audit_lead") },
    { role: "lgsec_admin", no: await assign("lgsec_admin", "organisation") },
    { role: "cloud_service_manager", no: await cloudManager() },
    { role: "outsourced_service_manager", no: await cloudManager(true) },
  ];
  const roles = (await ciso.get("/api/v1/roles")).json.items.map((r) => r.id);
  const missing = roles.filter((id) => !plan.some((p) => p.role === id));
  assert.deepEqual(missing, [], "every role of the pack has a reader here");
  for (const p of plan) {
    assert.ok(p.client || p.no, `a holder of ${p.role}`);
    assert.ok(p.client || plan.filter((q) => q.no === p.no).length === 1, `${p.no} reads once`);
    const expected = Boolean(p.own) || (p.role !== null && vis.all_roles.includes(p.role)) ||
      (Boolean(p.over) && (vis.unit_roles.includes(p.role) || vis.system_roles.includes(p.role)));
    readers.push({ name: p.name ?? `${p.role}${p.over ? " (企画課・そのシステム)" : ""}`, role: p.role, expected,
      client: p.client ?? (await account(p.no)) });
  }
  assert.ok(readers.some((r) => r.expected) && readers.some((r) => !r.expected));
});

after(async () => {
  await srv?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// The probes: for one reader, whether the route showed the restricted entries (true), hid them
// (false), or says nothing either way (null: the route's own rule hides them from this reader).
// A hidden entry must answer exactly as a missing one: 404 with the not-found code.
const hiddenAsset = (r) => {
  if (r.json?.code === "asset_not_found") {
    assert.equal(r.status, 404);
    return false;
  }
  return true;
};
const hiddenSystem = (r) => {
  if (r.json?.code === "system_not_found") {
    assert.equal(r.status, 404);
    return false;
  }
  return true;
};
const ids = (r) => r.json.items.map((i) => i.id);
const probes = {
  "GET /api/v1/assets": async (c) => {
    const r = await c.get(`/api/v1/assets?unit_id=${x}&limit=200`);
    assert.equal(r.status, 200);
    assert.ok(ids(r).includes(open.id), "機密性1 is read by everyone");
    assert.equal(r.json.total, r.json.items.length, "the total counts what the list shows");
    const seen = ids(r).includes(secret.id);
    assert.equal(ids(r).includes(pending.id), seen, "要判断 counts as the strictest (第23条6(3))");
    const q = await c.get("/api/v1/assets?q=NTKSECRET");
    assert.equal(ids(q).includes(secret.id), seen, "search as the list");
    assert.equal(q.json.total, q.json.items.length);
    // filtering by a system one may not read finds nothing, not even its open assets
    const bySystem = await c.get(`/api/v1/assets?system_id=${system.id}&limit=200`);
    assert.equal(ids(bySystem).includes(open.id), seen);
    const item = r.json.items.find((i) => i.id === open.id);
    assert.equal(item.system_id === system.id, seen, "an open asset names its system only to its readers");
    return seen;
  },
  "GET /api/v1/assets/pending": async (c) => {
    const r = await c.get("/api/v1/assets/pending");
    assert.equal(r.status, 200);
    return ids(r).includes(pending.id) ? true : null;
  },
  "GET /api/v1/assets/labels.pdf": async (c) => {
    const r = await c.req("GET", `/api/v1/assets/labels.pdf?ids=${open.id},${secret.id}`);
    if (r.status === 200) return true;
    return hiddenAsset(r);
  },
  "GET /api/v1/assets/export.xlsx": async (c) => {
    const r = await download(c, `/api/v1/assets/export.xlsx?unit_id=${x}`);
    assert.equal(r.status, 200);
    const text = xlsxText(r.buf);
    assert.ok(text.includes(open.asset_no));
    return text.includes(secret.asset_no);
  },
  "GET /api/v1/assets/export.csv": async (c) => {
    const r = await download(c, `/api/v1/assets/export.csv?unit_id=${x}`);
    assert.equal(r.status, 200);
    const text = r.buf.toString("utf8");
    assert.ok(text.includes(open.asset_no));
    assert.equal(text.includes(pending.asset_no), text.includes(secret.asset_no));
    return text.includes(secret.asset_no);
  },
  "GET /api/v1/assets/{id}": async (c) => {
    const r = await c.get(`/api/v1/assets/${secret.id}`);
    if (r.status === 200) {
      assert.ok(Array.isArray(r.json.history), "the change history comes with the entry");
      return true;
    }
    assert.equal(r.json.history, undefined);
    return hiddenAsset(r);
  },
  "PATCH /api/v1/assets/{id}": async (c) => hiddenAsset(await c.patch(`/api/v1/assets/${secret.id}`, { notes: "確認" })),
  "POST /api/v1/assets/{id}/decide": async (c) =>
    hiddenAsset(await c.post(`/api/v1/assets/${pending.id}/decide`, { confidentiality: "3C", integrity: "2", availability: "2", reason: "確認" })),
  "POST /api/v1/assets/{id}/copy": async (c) => {
    const r = await c.post(`/api/v1/assets/${secret.id}/copy`, { name: "写し", storage_place: "自席" });
    if (r.status === 201) assert.equal(r.json.unit_id, x, "a copy stays with the owning 課");
    return hiddenAsset(r);
  },
  "POST /api/v1/assets/{id}/restrictions": async (c) =>
    hiddenAsset(await c.post(`/api/v1/assets/${secret.id}/restrictions`, { restriction_id: "issued_devices_only", reason: "確認" })),
  "POST /api/v1/assets/{id}/restrictions/{rid}/remove": async (c) =>
    hiddenAsset(await c.post(`/api/v1/assets/${secret.id}/restrictions/issued_devices_only/remove`, {})),
  "POST /api/v1/assets/{id}/contents": async (c) =>
    hiddenAsset(await c.post(`/api/v1/assets/${secret.id}/contents`, { content_asset_id: open.id, present: true })),
  "POST /api/v1/assets/{id}/events": async (c) =>
    hiddenAsset(await c.post(`/api/v1/assets/${secret.id}/events`, { kind: "move", details: "確認" })),
  // registering an asset of one's own 課 on the restricted system: it is as unknown as a missing one
  "POST /api/v1/assets": async (c) => {
    const r = await c.post("/api/v1/assets", { name: "確認用", kind: "information", unit_id: x, format: "paper",
      confidentiality: "1", integrity: "1", availability: "1", classification_reason: "確認", system_id: system.id });
    if (r.json?.code === "unknown_system") {
      assert.equal(r.status, 400);
      return false;
    }
    return true;
  },
  "GET /api/v1/systems": async (c) => {
    const r = await c.get("/api/v1/systems?limit=200");
    assert.equal(r.status, 200);
    return ids(r).includes(system.id);
  },
  "GET /api/v1/systems/export.xlsx": async (c) => {
    const r = await download(c, "/api/v1/systems/export.xlsx");
    assert.equal(r.status, 200);
    return xlsxText(r.buf).includes("NTK-1");
  },
  "GET /api/v1/systems/export.csv": async (c) => {
    const r = await download(c, "/api/v1/systems/export.csv");
    assert.equal(r.status, 200);
    return r.buf.toString("utf8").includes("NTK-1");
  },
  "GET /api/v1/systems/{id}": async (c) => {
    const r = await c.get(`/api/v1/systems/${system.id}`);
    if (r.status === 200) {
      assert.ok(r.json.assets.some((a) => a.id === secret.id), "the system's assets, as far as the reader reads them");
      return true;
    }
    return hiddenSystem(r);
  },
  "PATCH /api/v1/systems/{id}": async (c) => hiddenSystem(await c.patch(`/api/v1/systems/${system.id}`, { notes: "確認" })),
  "POST /api/v1/systems/{id}/components": async (c) =>
    hiddenSystem(await c.post(`/api/v1/systems/${system.id}/components`, { kind: "software", name: "確認" })),
  "PATCH /api/v1/systems/{id}/components/{cid}": async (c) =>
    hiddenSystem(await c.patch(`/api/v1/systems/${system.id}/components/${component.id}`, { notes: "確認" })),
  "POST /api/v1/systems/{id}/components/{cid}/remove": async (c) =>
    hiddenSystem(await c.post(`/api/v1/systems/${system.id}/components/999999/remove`, {})),
  "GET /api/v1/registers/export.xlsx": async (c) => {
    const r = await download(c, "/api/v1/registers/export.xlsx");
    assert.equal(r.status, 200);
    const text = xlsxText(r.buf);
    assert.equal(text.includes("NTK-1"), text.includes(secret.asset_no));
    return text.includes(secret.asset_no);
  },
  // beyond the registers: a request names the asset or system it is about (the forms' pickers)
  "POST /api/v1/requests": async (c) => {
    const r = await c.post("/api/v1/requests", { type: "take_out", object_id: secret.id, fields: {
      destination: "県庁", purpose: "説明", out_at: jstDateTime(2, "09:00"), return_due: jstDate(3) } });
    if (r.json?.code === "object_not_found") {
      assert.equal(r.status, 404);
      return false;
    }
    return true;
  },
  // the IDs in a system (第83条): only for accounts.review, and never of a system the reader may not see
  "GET /api/v1/systems/{id}/ids": async (c) => {
    const r = await c.get(`/api/v1/systems/${system.id}/ids`);
    return r.status === 403 ? null : hiddenSystem(r);
  },
  "POST /api/v1/systems/{id}/ids/import": async (c) => {
    const r = await c.req("POST", `/api/v1/systems/${system.id}/ids/import?filename=ids.csv&dry_run=1`, undefined, {
      raw: Buffer.from("ID\r\nx\r\n"), headers: { "content-type": "text/csv" } });
    return r.status === 403 ? null : hiddenSystem(r);
  },
  // the trail holds every change's before and after: only those who read everything read it
  "GET /api/v1/trail": async (c) => ((await c.get(`/api/v1/trail?limit=5`)).status === 200 ? true : null),
};

test("every asset and system route has a probe here", () => {
  const covered = ROUTES.filter((r) => COVERED.test(r.path)).map((r) => `${r.method} ${r.path}`);
  assert.ok(covered.length >= 20, covered.join(", "));
  const missing = covered.filter((k) => !probes[k] && !NOT_AN_ENTRY.has(k));
  assert.deepEqual(missing, [], "a new route of the registers needs its probe (and the rule applied)");
});

test("the pack's rule: every reader of the trail reads everything (roles.yaml visibility)", async () => {
  const roles = (await ciso.get("/api/v1/roles")).json.items;
  for (const r of roles) if (r.capabilities.includes("trail.read")) assert.ok(vis.all_roles.includes(r.id), r.id);
  assert.equal(vis.restricted_from, "2");
  assert.match(vis.article, /^第23条/);
});

test("every role × every route: restricted entries of another 課 are seen only where the pack allows", async () => {
  const shown = new Map(); // route → whether any reader was shown the entries (a probe that sees nothing proves nothing)
  for (const reader of readers) {
    for (const [route, probe] of Object.entries(probes)) {
      const seen = await probe(reader.client);
      const where = `${reader.name}: ${route}`;
      if (seen === null) continue;
      if (seen) shown.set(route, true);
      if (route === "GET /api/v1/assets/pending" || route === "GET /api/v1/trail") {
        assert.ok(!seen || reader.expected, `${where} shows what the rule hides`);
      } else {
        assert.equal(seen, reader.expected, `${where}: ${reader.expected ? "hidden from an allowed reader" : "shown to a reader the rule excludes"}`);
      }
    }
  }
  for (const route of Object.keys(probes)) assert.ok(shown.get(route), `${route}: some reader is shown the entries`);
});

test("the home page's counts are of what the reader may read (the lists they link to)", async () => {
  let counted = 0;
  for (const reader of readers) {
    const home = (await reader.client.get("/api/v1/home")).json;
    const task = home.tasks.find((t) => t.kind === "systems_unsupported");
    if (!task) continue;
    counted++;
    const list = await reader.client.get("/api/v1/systems?flag=unsupported&limit=200");
    assert.equal(Number(/\d+/.exec(task.title_en)[0]), list.json.items.length, reader.name);
  }
  assert.ok(counted >= 2, "holders of roles.manage see the task");
});

test("nothing of it leaks: the hidden entries' names are in no answer to plain staff of another 課", async () => {
  const c = readers.find((r) => r.name === "他課の職員").client;
  for (const path of ["/api/v1/assets?limit=200", "/api/v1/assets?q=NTK", "/api/v1/systems?limit=200", "/api/v1/home", "/api/v1/inbox"]) {
    const r = await c.get(path);
    assert.equal(r.status, 200, path);
    assert.ok(!r.text.includes("NTKSECRET") && !r.text.includes("NTKPENDING") && !r.text.includes("政策調整システム"), path);
  }
});
