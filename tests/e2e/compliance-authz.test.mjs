// Who reads the compliance dashboard and the readiness report, tested from the route table: every
// route under /api/v1/compliance and /api/v1/readiness, for the CISO, a 部長 (情報セキュリティ責任者
// of a 部局), a 課長 (情報セキュリティ管理者 of a 課 in that 部局) and a member of staff without a role,
// against that 部局, that 課 and another 部局. A new route under these paths fails the suite until it
// has its expectations here.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

const ROUTES = JSON.parse(cli(["routes"]).stdout);
const COVERED = /^\/api\/v1\/(compliance|readiness)(\/|$)/;

let srv;
const who = {};
let dept, sec, other;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const account = async (staffNo, login) => (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;

before(async () => {
  srv = await startServer({ demo: true });
  who.ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  // a 課 with its 管理者 in a 部局 with its 責任者, each holding no other role
  const only = (alias, role) => `NOT EXISTS (SELECT 1 FROM role_assignments x WHERE x.person_id = ${alias}.person_id AND x.role <> '${role}')`;
  const row = sql(`SELECT u.id, u.parent_id, p.staff_no, p2.staff_no
                   FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN org_units u ON u.id = r.scope_id
                   JOIN role_assignments r2 ON r2.role = 'department_security_officer' AND r2.scope_kind = 'unit' AND r2.scope_id = u.parent_id
                   JOIN people p2 ON p2.id = r2.person_id
                   WHERE r.role = 'section_security_manager' AND r.scope_kind = 'unit' AND u.kind = 'section'
                   AND ${only("r", "section_security_manager")} AND ${only("r2", "department_security_officer")}
                   ORDER BY r.id LIMIT 1`).split("|");
  [sec, dept] = row.slice(0, 2).map(Number);
  who.bucho = await account(row[3], "authz.bucho");
  who.kacho = await account(row[2], "authz.kacho");
  other = Number(sql(`SELECT id FROM org_units WHERE kind = 'department' AND id <> ${dept} ORDER BY id LIMIT 1`));
  const plain = sql(`SELECT staff_no FROM people p WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY id LIMIT 1`);
  who.staff = await account(plain, "authz.staff");
});

after(async () => {
  await srv?.stop();
});

// route → [path, {actor: status}] probes
const manageOnly = { ciso: 200, bucho: 403, kacho: 403, staff: 403 };
const PROBES = {
  "GET /api/v1/compliance": [["/api/v1/compliance", manageOnly]],
  "GET /api/v1/compliance/units/{id}": [
    [() => `/api/v1/compliance/units/${dept}`, { ciso: 200, bucho: 200, kacho: 403, staff: 403 }],
    [() => `/api/v1/compliance/units/${sec}`, { ciso: 200, bucho: 200, kacho: 200, staff: 403 }],
    [() => `/api/v1/compliance/units/${other}`, { ciso: 200, bucho: 403, kacho: 403, staff: 403 }],
  ],
  "GET /api/v1/readiness": [["/api/v1/readiness", manageOnly]],
  "GET /api/v1/readiness/pdf": [["/api/v1/readiness/pdf", manageOnly]],
  "GET /api/v1/readiness/xlsx": [["/api/v1/readiness/xlsx", manageOnly]],
};

test("every route of the dashboard and the report has its expectations", () => {
  const covered = ROUTES.filter((r) => COVERED.test(r.path)).map((r) => `${r.method} ${r.path}`);
  assert.ok(covered.length >= 5);
  assert.deepEqual(covered.filter((k) => !PROBES[k]), []);
  for (const k of Object.keys(PROBES)) assert.ok(covered.includes(k), `${k} is no longer a route`);
});

test("each reader gets what the route and the unit allow, nobody else", async () => {
  for (const [route, probes] of Object.entries(PROBES))
    for (const [path, expected] of probes) {
      const p = typeof path === "function" ? path() : path;
      for (const [name, status] of Object.entries(expected)) {
        const r = await fetch(srv.url + p, { headers: { cookie: who[name].cookie } });
        await r.arrayBuffer();
        assert.equal(r.status, status, `${route} ${p} as ${name}`);
      }
    }
});
