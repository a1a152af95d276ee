// API tests against a real `lgsec serve` on a loopback port with a temporary demo database.
// They cover the sign-in rules lgsec obeys itself (第59条, 第84条, 第87条, 第88条), the dispatcher's
// guarantees for every route, bad input of each class, and the organisation/role rules.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { cli, startServer } from "./lib/server.mjs";
import { Client, NEW_PASSWORD, signIn, signInFirstTime } from "./lib/client.mjs";

// npm packages live under web/ (web/package.json holds every npm dependency).
const YAML = createRequire(new URL("../../web/package.json", import.meta.url))("yaml");

const ROUTES = JSON.parse(cli(["routes"]).stdout);

let srv;
let ciso; // fully signed-in CISO client
let cisoSecret;
let cisoRecovery; // recovery codes, for sign-ins when no unused TOTP step is left

// Concrete path for a route pattern ({id} → an id that exists for most routes).
const concrete = (path) => path.replace(/\{[a-z_]+\}/g, "1");

async function unitCount(c) {
  const r = await c.get("/api/v1/org/units");
  return r.json.items.length;
}

async function trailSize(c) {
  const r = await c.get("/api/v1/trail?limit=1");
  return r.json.items[0]?.seq ?? -1;
}

// A demo person without roles, outside the マイナンバー利用事務系, given an account from the CLI.
async function plainStaffAccount(login) {
  const r = await ciso.get("/api/v1/people?limit=200");
  const p = r.json.items.find((x) => x.title === "主事" && x.roles.length === 0 && !x.mynumber_zone && !x.has_account);
  assert.ok(p, "the demo has plain staff");
  const out = cli(["user", "add", "--db", srv.db, "--person", p.staff_no, "--login", login]);
  assert.equal(out.status, 0, out.stderr);
  const password = /(?:temporary password|仮パスワード)\S*:?\s*(\S+)/.exec(out.stdout)?.[1];
  assert.ok(password, out.stdout);
  return { person: p, password };
}

before(async () => {
  srv = await startServer({ demo: true });
  const s = await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password);
  ciso = s.client;
  cisoSecret = s.secret;
  cisoRecovery = s.recovery_codes;
});

after(async () => {
  await srv?.stop();
});

describe("service basics", () => {
  test("healthz answers without a session", async () => {
    const r = await fetch(srv.url + "/healthz");
    assert.equal(r.status, 200);
    assert.equal((await r.json()).status, "ok");
  });

  test("the icon is served, also at /favicon.ico", async () => {
    for (const path of ["/favicon.svg", "/favicon.ico"]) {
      const r = await fetch(srv.url + path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get("content-type"), /^image\/svg\+xml/);
      assert.match(await r.text(), /^<svg /);
    }
  });

  test("the UI is served with security headers, an ETag and gzip", async () => {
    const r = await fetch(srv.url + "/", { headers: { "accept-encoding": "gzip" } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-security-policy"), /script-src 'self'/);
    assert.doesNotMatch(r.headers.get("content-security-policy"), /unsafe-inline/);
    assert.equal(r.headers.get("x-frame-options"), "DENY");
    const etag = r.headers.get("etag");
    assert.ok(etag);
    const again = await fetch(srv.url + "/", { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    const js = await fetch(srv.url + "/app.js", { headers: { "accept-encoding": "gzip" } });
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type"), /javascript/);
  });

  test("application paths get index.html; unknown assets 404", async () => {
    assert.equal((await fetch(srv.url + "/people/12")).status, 200);
    assert.equal((await fetch(srv.url + "/nothing.js")).status, 404);
  });

  test("API responses are no-store problem+json on error", async () => {
    const r = await fetch(srv.url + "/api/v1/nothing");
    assert.equal(r.status, 404);
    assert.match(r.headers.get("content-type"), /application\/problem\+json/);
    assert.equal(r.headers.get("cache-control"), "no-store");
    const body = await r.json();
    assert.equal(body.code, "not_found");
    assert.ok(body.detail);
  });
});

describe("every route is guarded by the dispatcher", () => {
  test("without a session, every non-public route answers 401", async () => {
    const anon = new Client(srv.url);
    for (const r of ROUTES.filter((x) => x.capability !== "public")) {
      const res = await anon.req(r.method, concrete(r.path), r.changes_state ? {} : undefined);
      assert.equal(res.status, 401, `${r.method} ${r.path}`);
      assert.match(res.headers.get("content-type"), /problem\+json/);
    }
  });

  test("a forged session cookie is refused", async () => {
    const c = new Client(srv.url);
    c.cookie = "lgsec_session=" + "ab".repeat(32);
    assert.equal((await c.get("/api/v1/home")).status, 401);
    c.cookie = "lgsec_session=garbage";
    assert.equal((await c.get("/api/v1/home")).status, 401);
  });

  test("a person without the capability gets 403 on every route that needs one", async () => {
    const { password } = await plainStaffAccount("staff.plain");
    const staff = await signInFirstTime(srv.url, "staff.plain", password);
    const before = await trailSize(ciso);
    for (const r of ROUTES.filter((x) => !["public", "signed_in"].includes(x.capability))) {
      const res = await staff.client.req(r.method, concrete(r.path), r.changes_state ? {} : undefined);
      assert.equal(res.status, 403, `${r.method} ${r.path} (${r.capability})`);
      assert.equal(res.json.code, "forbidden");
    }
    // Routes for everyone work for them.
    assert.equal((await staff.client.get("/api/v1/home")).status, 200);
    assert.equal((await staff.client.get("/api/v1/policy")).status, 200);
    assert.equal(await trailSize(ciso), before, "rejected requests changed nothing");
  });

  test("state changes need the CSRF token of the session", async () => {
    const n = await unitCount(ciso);
    const body = { parent_id: 1, code: "csrf-test", name: "CSRF試験課", kind: "department" };
    const noToken = await ciso.req("POST", "/api/v1/org/units", body, { csrf: false });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.json.code, "csrf_failed");
    const wrong = await ciso.req("POST", "/api/v1/org/units", body, {
      csrf: false,
      headers: { "x-csrf-token": "0".repeat(64) },
    });
    assert.equal(wrong.status, 403);
    const form = await ciso.req("POST", "/api/v1/org/units", undefined, {
      raw: "code=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 415);
    assert.equal(await unitCount(ciso), n, "nothing was created");
  });
});

describe("bad input: clear error, nothing changed", () => {
  test("malformed JSON → 400 invalid_json", async () => {
    const before = await trailSize(ciso);
    const r = await ciso.req("POST", "/api/v1/org/units", undefined, { raw: "{not json" });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "invalid_json");
    assert.ok(r.json.detail.length > 0);
    assert.equal(await trailSize(ciso), before);
  });

  test("oversize body → 413", async () => {
    const r = await ciso.req("POST", "/api/v1/org/units", undefined, { raw: "x".repeat(2 * 1024 * 1024) });
    assert.equal(r.status, 413);
  });

  test("unknown field → 400 with the field named", async () => {
    const r = await ciso.post("/api/v1/org/units", { code: "x1", name: "x", kind: "team", parent_id: 1, colour: "red" });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "unknown_field");
    assert.equal(r.json.field, "colour");
  });

  test("wrong types, missing fields, bad dates are field errors", async () => {
    const cases = [
      [{ code: 5, name: "x", kind: "section", parent_id: 2 }, "code", "invalid_type"],
      [{ name: "x", kind: "section", parent_id: 2 }, "code", "required"],
      [{ code: "bad code!", name: "x", kind: "section", parent_id: 2 }, "code", "invalid_code"],
      [{ code: "okcode", name: "x", kind: "galaxy", parent_id: 2 }, "kind", "invalid_kind"],
    ];
    for (const [body, field, code] of cases) {
      const r = await ciso.post("/api/v1/org/units", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.field, field);
      assert.equal(r.json.code, code);
      assert.equal(r.json.errors[0].field, field);
    }
    const p = await ciso.post("/api/v1/people", {
      staff_no: "X1", name: "試験 太郎", kana: "しけん たろう", employment: "regular", unit_id: 2, active_from: "2026-02-30",
    });
    assert.equal(p.status, 400);
    assert.equal(p.json.field, "active_from");
  });

  test("bad ids and query parameters", async () => {
    assert.equal((await ciso.get("/api/v1/people/abc")).status, 404);
    assert.equal((await ciso.get("/api/v1/people/999999")).status, 404);
    assert.equal((await ciso.get("/api/v1/people?limit=100000")).status, 400);
    assert.equal((await ciso.get("/api/v1/trail?from=yesterday")).status, 400);
  });
});

describe("sign-in obeys the policy", () => {
  test("the login message and rules are public", async () => {
    const r = await new Client(srv.url).get("/api/v1/auth/config");
    assert.equal(r.status, 200);
    assert.ok(r.json.login_message.length > 10);
    assert.ok(r.json.password_min_length >= 8);
    assert.equal(r.json.organisation_name, "デモ市");
  });

  test("wrong password and unknown ID look the same", async () => {
    const a = await new Client(srv.url).post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: "wrong-password-1" });
    const b = await new Client(srv.url).post("/api/v1/auth/login", { login_id: "nobody.here", password: "wrong-password-1" });
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    assert.equal(a.json.code, "invalid_credentials");
    assert.equal(b.json.code, a.json.code);
    assert.equal(b.json.detail, a.json.detail);
  });

  test("a temporary password must be changed before anything else; weak passwords refused", async () => {
    const { password } = await plainStaffAccount("staff.first");
    const c = new Client(srv.url);
    const r = await c.post("/api/v1/auth/login", { login_id: "staff.first", password });
    assert.equal(r.status, 200);
    assert.equal(r.json.stage, "password_change");
    const cookie = r.headers.get("set-cookie");
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.equal((await c.get("/api/v1/home")).status, 403);
    for (const [pw, code] of [["short", "password_too_short"], ["password1234", "password_common"], ["staff.first-2027xx", "password_contains_login_id"]]) {
      const w = await c.post("/api/v1/auth/password", { current_password: password, new_password: pw });
      assert.equal(w.status, 400, pw);
      assert.equal(w.json.code, code);
      assert.equal(w.json.field, "new_password");
    }
    const ok = await c.post("/api/v1/auth/password", { current_password: password, new_password: NEW_PASSWORD });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.stage, "done");
    assert.equal((await c.get("/api/v1/home")).status, 200);
  });

  test("privileged roles must enrol TOTP; later logins ask for the code and report the last login", async () => {
    const c = new Client(srv.url);
    const r = await c.post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: NEW_PASSWORD });
    assert.equal(r.status, 200);
    assert.equal(r.json.stage, "mfa");
    assert.equal((await c.get("/api/v1/home")).status, 403);
    const bad = await c.post("/api/v1/auth/mfa/verify", { code: "000000" });
    assert.equal(bad.status, 401);
    const again = await signIn(srv.url, srv.ciso.login_id, NEW_PASSWORD, cisoSecret, cisoRecovery);
    const s = await again.get("/api/v1/session");
    assert.equal(s.status, 200);
    assert.ok(s.json.previous_login_at, "the previous login time is shown (第87条)");
    assert.ok(s.json.failed_attempts_since >= 1, "failed attempts since are shown");
    assert.ok(s.json.capabilities.includes("roles.manage"));
  });

  test("lockout after repeated failures; the right password is refused while locked, with the same answer; unlock", async () => {
    const { password } = await plainStaffAccount("staff.lock");
    const cfg = (await new Client(srv.url).get("/api/v1/auth/config")).json;
    let last;
    for (let i = 0; i < cfg.lockout_threshold; i++)
      last = await new Client(srv.url).post("/api/v1/auth/login", { login_id: "staff.lock", password: "not-the-password" });
    assert.equal(last.status, 401, "a lock is not told apart from a wrong password (tests/e2e/signin.test.mjs)");
    assert.equal(last.json.code, "invalid_credentials");
    const right = await new Client(srv.url).post("/api/v1/auth/login", { login_id: "staff.lock", password });
    assert.equal(right.status, 401);
    assert.equal(right.json.detail, last.json.detail);
    const u = cli(["user", "unlock", "--db", srv.db, "staff.lock"]);
    assert.equal(u.status, 0, u.stderr);
    const ok = await new Client(srv.url).post("/api/v1/auth/login", { login_id: "staff.lock", password });
    assert.equal(ok.status, 200);
  });

  test("logout ends the session", async () => {
    const c = await signIn(srv.url, srv.ciso.login_id, NEW_PASSWORD, cisoSecret, cisoRecovery);
    assert.equal((await c.post("/api/v1/auth/logout", {})).status, 204);
    assert.equal((await c.get("/api/v1/home")).status, 401);
  });

  test("an account is disabled by people.manage (退職): its sessions end and it cannot sign in; never one's own", async () => {
    const { person, password } = await plainStaffAccount("staff.leaving");
    const leaving = (await signInFirstTime(srv.url, "staff.leaving", password)).client;
    const path = `/api/v1/people/${person.id}/account/disable`;
    assert.equal((await leaving.post(path, {})).status, 403); /* needs people.manage */
    const r = await ciso.post(path, {});
    assert.equal(r.status, 204, r.text);
    assert.equal((await leaving.get("/api/v1/home")).status, 401);
    const login = await new Client(srv.url).post("/api/v1/auth/login", { login_id: "staff.leaving", password: NEW_PASSWORD });
    assert.ok(login.status >= 400 && login.status < 500, `refused: ${login.status}`);
    assert.equal((await ciso.post(path, {})).status, 409);
    const me = (await ciso.get("/api/v1/session")).json;
    const self = await ciso.post(`/api/v1/people/${me.person.id}/account/disable`, {});
    assert.equal(self.status, 403);
    assert.equal(self.json.code, "account_disable_self");
  });
});

describe("organisation, people and roles", () => {
  test("home shows the organisation, my roles and the policy", async () => {
    const r = await ciso.get("/api/v1/home");
    assert.equal(r.status, 200);
    assert.equal(r.json.organisation.name, "デモ市");
    assert.ok(r.json.roles.some((x) => x.role === "ciso" && x.article));
    assert.equal(r.json.policy.id, "mic");
    assert.equal(r.json.person.unit.name, "市長公室");
    // デジタル推進課 has no 情報セキュリティ管理者 (第16条): a task for those who manage roles. The
    // optional 副CISO (第12条5, 「必要に応じて置く」) being vacant is not one.
    const kinds = r.json.tasks.map((t) => `${t.kind}:${t.article}`);
    assert.ok(kinds.includes("section_role_missing:第16条"), kinds.join());
    assert.ok(!r.json.tasks.some((t) => t.title.includes("副CISO")));
    assert.match(r.json.tasks.find((t) => t.kind === "section_role_missing").detail, /デジタル推進課/);
    // The demo registers' deliberate problems: 要判断 assets and software past its support end.
    assert.ok(kinds.includes("assets_pending:第23条6(3)"), kinds.join());
    assert.ok(kinds.includes("systems_unsupported:第105条(7)"), kinds.join());
  });

  test("people search treats full-width and half-width alike, pages by cursor", async () => {
    const a = await ciso.get("/api/v1/people?q=" + encodeURIComponent("Ｄ０００１"));
    const b = await ciso.get("/api/v1/people?q=D0001");
    assert.deepEqual(a.json.items.map((x) => x.id), b.json.items.map((x) => x.id));
    assert.ok(b.json.items.length >= 1);
    const p1 = await ciso.get("/api/v1/people?limit=50");
    assert.equal(p1.json.items.length, 50);
    const p2 = await ciso.get("/api/v1/people?limit=50&cursor=" + p1.json.next_cursor);
    assert.equal(p2.json.items.length, 50);
    const ids = new Set([...p1.json.items, ...p2.json.items].map((x) => x.id));
    assert.equal(ids.size, 100, "pages do not overlap");
  });

  test("a unit is created, edited, and recorded in the trail", async () => {
    const r = await ciso.post("/api/v1/org/units", { parent_id: 1, code: "dx", name: "DX推進室", kana: "でぃーえっくす", kind: "department" });
    assert.equal(r.status, 201);
    const dup = await ciso.post("/api/v1/org/units", { parent_id: 1, code: "dx", name: "重複", kind: "department" });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.code, "unit_code_taken");
    const p = await ciso.patch(`/api/v1/org/units/${r.json.id}`, { name: "デジタル推進室" });
    assert.equal(p.status, 200);
    assert.equal(p.json.name, "デジタル推進室");
    const t = await ciso.get(`/api/v1/trail?object_type=org_unit&object_id=${r.json.id}`);
    assert.deepEqual(t.json.items.map((x) => x.action).sort(), ["org_unit.create", "org_unit.update"]);
    const upd = t.json.items.find((x) => x.action === "org_unit.update");
    assert.equal(upd.before.name, "DX推進室");
    assert.equal(upd.after.name, "デジタル推進室");
    assert.equal(upd.actor, srv.ciso.login_id);
  });

  test("a unique role cannot get a second holder; nobody assigns roles to themselves", async () => {
    const people = (await ciso.get("/api/v1/people?limit=200")).json.items.filter((x) => x.title === "主事");
    const second = await ciso.post("/api/v1/role-assignments", {
      person_id: people[0].id, role: "ciso", scope_kind: "organisation", valid_from: "2026-11-01",
    });
    assert.equal(second.status, 409);
    assert.equal(second.json.code, "role_unique_taken");
    assert.match(second.json.detail, /第12条/);
    const me = (await ciso.get("/api/v1/session")).json.person.id;
    const self = await ciso.post("/api/v1/role-assignments", {
      person_id: me, role: "committee_member", scope_kind: "organisation", valid_from: "2026-11-01",
    });
    assert.equal(self.status, 403);
    assert.equal(self.json.code, "separation_of_duties");
    const scope = await ciso.post("/api/v1/role-assignments", {
      person_id: people[0].id, role: "section_security_manager", scope_kind: "organisation", valid_from: "2026-11-01",
    });
    assert.equal(scope.status, 400);
    assert.equal(scope.json.code, "scope_mismatch");
  });

  test("assigning and ending a role", async () => {
    const people = (await ciso.get("/api/v1/people?limit=200")).json.items.filter((x) => x.title === "主事");
    const r = await ciso.post("/api/v1/role-assignments", {
      person_id: people[1].id, role: "committee_member", scope_kind: "organisation", valid_from: "2026-11-01",
    });
    assert.equal(r.status, 201);
    assert.equal(r.json.label.length > 0, true);
    const end = await ciso.post(`/api/v1/role-assignments/${r.json.id}/end`, { valid_until: "2026-10-01" });
    assert.equal(end.status, 400, "cannot end before it started");
    const ok = await ciso.post(`/api/v1/role-assignments/${r.json.id}/end`, { valid_until: "2026-12-31" });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.valid_until, "2026-12-31");
  });

  test("the 緊急連絡網 lists the CISO first with contact details", async () => {
    const r = await ciso.get("/api/v1/contacts");
    assert.equal(r.status, 200);
    assert.equal(r.json.items[0].role, "ciso");
    assert.ok(r.json.items[0].phone);
  });

  test("the trail verifies", async () => {
    const r = await ciso.get("/api/v1/trail/status");
    assert.equal(r.status, 200);
    assert.equal(r.json.verified, true);
    assert.ok(r.json.size > 300);
  });
});

describe("docs/openapi.yaml describes every route", () => {
  test("same set of method + path", () => {
    const text = readFileSync(new URL("../../docs/openapi.yaml", import.meta.url), "utf8");
    const documented = new Set();
    let path = null;
    for (const line of text.split("\n")) {
      const p = /^  (\/[^:]+):\s*$/.exec(line);
      if (p) path = p[1];
      const m = /^    (get|post|patch|put|delete):\s*$/.exec(line);
      if (m && path) documented.add(`${m[1].toUpperCase()} ${path}`);
    }
    const routed = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    routed.add("GET /healthz");
    assert.deepEqual([...routed].filter((x) => !documented.has(x)), [], "routes missing from openapi.yaml");
    assert.deepEqual([...documented].filter((x) => !routed.has(x)), [], "documented routes that do not exist");
  });

  test("each operation says what its route declaration says: summary, capability, before the second factor", () => {
    const doc = YAML.parse(readFileSync(new URL("../../docs/openapi.yaml", import.meta.url), "utf8"));
    const differ = [];
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      if (!op) continue; // the test above names it
      if (op.summary !== r.summary) differ.push(`${r.method} ${r.path}: summary ${JSON.stringify(op.summary)}, declared ${JSON.stringify(r.summary)}`);
      if (op["x-capability"] !== r.capability) differ.push(`${r.method} ${r.path}: x-capability ${op["x-capability"]}, declared ${r.capability}`);
      if (!!op["x-before-mfa"] !== r.before_mfa) differ.push(`${r.method} ${r.path}: x-before-mfa ${!!op["x-before-mfa"]}, declared ${r.before_mfa}`);
    }
    assert.deepEqual(differ, []);
  });
});
