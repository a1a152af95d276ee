// serve with --tls-cert/--tls-key: HTTPS only, the session cookie is Secure, HSTS is sent.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { request } from "node:https";

import { startServer } from "./lib/server.mjs";

let srv;
before(async () => {
  srv = await startServer({ demo: true, tls: true });
});
after(async () => {
  await srv?.stop();
});

// The test trusts the self-signed certificate it made; nothing else does.
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = request(srv.url + path, {
      method,
      rejectUnauthorized: false,
      headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {},
    }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

test("HTTPS answers with HSTS and a Secure session cookie", async () => {
  assert.match(srv.url, /^https:/);
  const health = await call("GET", "/healthz");
  assert.equal(health.status, 200);
  assert.match(health.headers["strict-transport-security"], /max-age=\d+/);
  const login = await call("POST", "/api/v1/auth/login", { login_id: srv.ciso.login_id, password: srv.ciso.password });
  assert.equal(login.status, 200, login.text);
  const cookie = login.headers["set-cookie"].join(";");
  assert.match(cookie, /; Secure/);
  assert.match(cookie, /HttpOnly/);
});
