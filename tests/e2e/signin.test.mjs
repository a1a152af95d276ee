// Sign-in against an attacker (issue 12 §4): nothing but the second factor (and the forced change of a
// temporary password) before the second factor, a new session token at every stage, /session showing
// only the stage until then, one answer for every refused login, and a lockout an outsider cannot
// turn against the holder. Terminals are loopback addresses (127.0.0.x): failures count per account
// and source, and the login rate limit per address stays out of the way.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { Client, NEW_PASSWORD, nextCode, signIn, signInFirstTime } from "./lib/client.mjs";
import { now } from "./lib/clock.mjs";

let srv;
let ciso; // { client, secret, recovery_codes }
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

// A demo person without roles, outside the マイナンバー利用事務系, given an account from the CLI.
async function plainStaffAccount(login) {
  const r = await ciso.client.get("/api/v1/people?limit=200");
  const p = r.json.items.find((x) => x.title === "主事" && x.roles.length === 0 && !x.mynumber_zone && !x.has_account);
  assert.ok(p, "the demo has plain staff");
  const out = cli(["user", "add", "--db", srv.db, "--person", p.staff_no, "--login", login]);
  assert.equal(out.status, 0, out.stderr);
  return { person: p, password: /temporary password\S*:?\s*(\S+)/.exec(out.stdout)[1] };
}

const login = (from, login_id, password) =>
  new Client(srv.url, { localAddress: from }).post("/api/v1/auth/login", { login_id, password });

before(async () => {
  srv = await startServer({ demo: true });
  ciso = await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password);
});

after(async () => {
  await srv?.stop();
});

describe("before the second factor", () => {
  test("the password alone cannot change the password, nor end the holder's sessions", async () => {
    const c = new Client(srv.url, { localAddress: "127.0.0.2" });
    const r = await c.post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: NEW_PASSWORD });
    assert.equal(r.status, 200);
    assert.equal(r.json.stage, "mfa");
    const change = await c.post("/api/v1/auth/password", { current_password: NEW_PASSWORD, new_password: "Sora-wo-tobu-kujira-2031" });
    assert.equal(change.status, 403, change.text);
    assert.equal(change.json.code, "stage_order");
    assert.equal((await ciso.client.get("/api/v1/home")).status, 200, "the holder's session lives on");
    const again = await signIn(srv.url, srv.ciso.login_id, NEW_PASSWORD, ciso.secret, ciso.recovery_codes);
    assert.equal((await again.get("/api/v1/home")).status, 200, "the password is unchanged");
  });

  test("/session shows only the stage", async () => {
    const c = new Client(srv.url, { localAddress: "127.0.0.2" });
    assert.equal((await c.post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: NEW_PASSWORD })).status, 200);
    const s = await c.get("/api/v1/session");
    assert.equal(s.status, 200);
    assert.deepEqual(Object.keys(s.json).sort(), ["csrf_token", "stage"]);
    assert.equal(s.json.stage, "mfa");
    const full = await ciso.client.get("/api/v1/session");
    assert.ok(full.json.capabilities.length > 0, "signed in, the session is described in full");
  });

  test("the session token is renewed at every stage change; the old ones are dead", async () => {
    const { password } = await plainStaffAccount("staff.tokens");
    // password change stage, then done
    const c = new Client(srv.url, { localAddress: "127.0.0.2" });
    assert.equal((await c.post("/api/v1/auth/login", { login_id: "staff.tokens", password })).status, 200);
    const atLogin = c.cookie;
    const r = await c.post("/api/v1/auth/password", { current_password: password, new_password: NEW_PASSWORD });
    assert.equal(r.status, 200, r.text);
    assert.notEqual(c.cookie, atLogin);
    // second factor stage, then done (the CISO: enrolled)
    const m = new Client(srv.url, { localAddress: "127.0.0.2" });
    assert.equal((await m.post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: NEW_PASSWORD })).status, 200);
    const beforeMfa = m.cookie;
    const code = nextCode(ciso.secret);
    const v = await m.post("/api/v1/auth/mfa/verify", code ? { code } : { recovery_code: ciso.recovery_codes.shift() });
    assert.equal(v.status, 200, v.text);
    assert.notEqual(m.cookie, beforeMfa, "a new token after the second factor");
    assert.equal((await m.get("/api/v1/home")).status, 200);
    for (const old of [atLogin, beforeMfa]) {
      const stale = new Client(srv.url);
      stale.cookie = old;
      assert.equal((await stale.get("/api/v1/session")).status, 401, "the previous token is gone");
    }
  });
});

describe("refused logins and lockout", () => {
  test("unknown IDs, wrong passwords, locked terminals and disabled accounts get the same answer", async () => {
    const { person, password } = await plainStaffAccount("staff.same");
    await signInFirstTime(srv.url, "staff.same", password); // password now NEW_PASSWORD
    const from = "127.0.0.4";
    const unknown = await login(from, "nobody.here", "wrong-password-1");
    const wrong = await login(from, "staff.same", "wrong-password-1");
    const shape = (r) => ({ status: r.status, code: r.json.code, detail: r.json.detail, keys: Object.keys(r.json).sort() });
    assert.equal(unknown.status, 401);
    assert.deepEqual(shape(wrong), shape(unknown));
    const cfg = (await new Client(srv.url).get("/api/v1/auth/config")).json;
    for (let i = 1; i < cfg.lockout_threshold; i++) assert.deepEqual(shape(await login(from, "staff.same", "wrong-password-1")), shape(unknown));
    assert.deepEqual(shape(await login(from, "staff.same", NEW_PASSWORD)), shape(unknown), "locked: the right password, the same answer");
    assert.equal((await ciso.client.post(`/api/v1/people/${person.id}/account/disable`, {})).status, 204);
    assert.deepEqual(shape(await login("127.0.0.5", "staff.same", NEW_PASSWORD)), shape(unknown), "disabled, right password");
  });

  test("an outsider failing from their terminal cannot lock the holder out; holder and 統括 are told", async () => {
    const { person, password } = await plainStaffAccount("staff.victim");
    const holder = "127.0.0.6", outsider = "127.0.0.7";
    await signInFirstTime(srv.url, "staff.victim", password);
    // the holder's terminal becomes known by signing in from it
    assert.equal((await login(holder, "staff.victim", NEW_PASSWORD)).status, 200);
    const cfg = (await new Client(srv.url).get("/api/v1/auth/config")).json;
    // five tries every 15 minutes, as in the attack: each round locks the outsider's terminal only
    for (let i = 0; i < cfg.lockout_threshold; i++) assert.equal((await login(outsider, "staff.victim", "wrong-password-1")).status, 401);
    assert.equal((await login(outsider, "staff.victim", NEW_PASSWORD)).status, 401, "the outsider's terminal is stopped");
    const c = new Client(srv.url, { localAddress: holder });
    const r = await c.post("/api/v1/auth/login", { login_id: "staff.victim", password: NEW_PASSWORD });
    assert.equal(r.status, 200, "the holder signs in from their terminal");
    assert.equal(r.json.failed_attempts_since, cfg.lockout_threshold, "and is shown the failed attempts (第87条)");
    const notes = await c.get("/api/v1/notifications");
    assert.ok(notes.json.items.some((n) => n.kind === "account_locked"), "the holder is told");
    const chief = sql(
      "SELECT person_id FROM role_assignments WHERE role = 'chief_security_officer' AND valid_until IS NULL LIMIT 1",
    );
    assert.ok(chief, "the demo has a 統括情報セキュリティ責任者");
    const about = "object_id = (SELECT id FROM accounts WHERE login_id = 'staff.victim')";
    assert.equal(sql(`SELECT count(*) FROM notifications WHERE kind = 'account_locked' AND person_id = ${chief} AND ${about}`), "1", "the 統括 is told");
    assert.equal(sql(`SELECT link FROM notifications WHERE kind = 'account_locked' AND person_id = ${chief} AND ${about}`), `/people/${person.id}`);
    // the lock is in the trail with the terminal, and an administrator can lift it
    assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action = 'account.locked' AND entry LIKE '%127.0.0.7%'"), "1");
    // the administrator sees the lock on the person's page and in `lgsec user list`
    const page = await ciso.client.get(`/api/v1/people/${person.id}`);
    assert.ok(Date.parse(page.json.account.locked_until) > now(), JSON.stringify(page.json.account));
    // and among the home page's tasks (identity's count of locked accounts and terminals)
    const home = (await ciso.client.get("/api/v1/home")).json.tasks;
    assert.ok(home.some((t) => t.kind === "accounts_locked" && /ロック中のアカウントが \d+ 件/.test(t.title)), JSON.stringify(home));
    assert.match(cli(["user", "list", "--db", srv.db]).stdout, /staff\.victim\t\S+\tlocked/);
    assert.equal(cli(["user", "unlock", "--db", srv.db, "staff.victim"]).status, 0);
    assert.equal((await login(outsider, "staff.victim", NEW_PASSWORD)).status, 200, "unlocked");
  });
});
