// A tiny API client for the tests: keeps the session cookie and CSRF token like the browser does.
import http from "node:http";

import { totp } from "./totp.mjs";
import { now as clockNow } from "./clock.mjs";

// Sends one request with node:http from localAddress (e.g. 127.0.0.2: another terminal on loopback);
// returns a fetch-like { status, headers: { get }, text() }.
function requestFrom(localAddress, url, { method, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, localAddress, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const get = (name) => {
          const v = res.headers[name.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
        };
        resolve({ status: res.statusCode, headers: { get }, text: async () => text });
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// fetch, sent once more when it failed on a kept-alive connection that the server had already closed
// as idle (src/http/server.h: 10 s). That happens when the test blocked node's event loop longer than
// that (spawnSync of `lgsec trail verify` under ASan): fetch's pool could not drop the socket in time.
// The server closed it without reading the request, so sending it again is what a browser does too.
async function fetchOnce(url, init) {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (!["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"].includes(err?.cause?.code)) throw err;
    return await fetch(url, init);
  }
}

export class Client {
  // localAddress: send from this local address (tests of per-source rules), else fetch from 127.0.0.1.
  constructor(base, { localAddress } = {}) {
    this.base = base;
    this.cookie = "";
    this.csrf = "";
    this.localAddress = localAddress;
  }

  // Sends a request; body objects are JSON. Returns { status, headers, json, text }.
  async req(method, path, body, { csrf = true, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined || raw !== undefined) h["content-type"] ??= "application/json";
    if (csrf && this.csrf && method !== "GET") h["x-csrf-token"] = this.csrf;
    const init = {
      method,
      headers: h,
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
    };
    const res = this.localAddress ? await requestFrom(this.localAddress, this.base + path, init) : await fetchOnce(this.base + path, init);
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const m = /lgsec_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `lgsec_session=${m[1]}` : "";
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (json && typeof json.csrf_token === "string") this.csrf = json.csrf_token;
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path) {
    return this.req("GET", path);
  }
  post(path, body = {}) {
    return this.req("POST", path, body);
  }
  patch(path, body = {}) {
    return this.req("PATCH", path, body);
  }
}

// Per-secret memory of the last TOTP step used, since lgsec refuses a replayed code.
const lastStep = new Map();
// Returns null when every step the server accepts now (±1) has been used.
export function nextCode(secret) {
  const now = Math.floor(clockNow() / 1000 / 30);
  const step = Math.max(now - 1, (lastStep.get(secret) ?? -2) + 1);
  if (step > now + 1) return null;
  lastStep.set(secret, step);
  return totp(secret, { at: step * 30 * 1000 });
}

export const NEW_PASSWORD = "Kumo-no-ue-de-hirune-2027";

// Signs a person in from a temporary password: changes it, enrols TOTP when asked.
// Returns { client, secret, password, recovery_codes }.
export async function signInFirstTime(base, login_id, tempPassword, newPassword = NEW_PASSWORD) {
  const c = new Client(base);
  let r = await c.post("/api/v1/auth/login", { login_id, password: tempPassword });
  if (r.status !== 200) throw new Error(`login ${r.status} ${r.text}`);
  let stage = r.json.stage;
  if (stage === "password_change") {
    r = await c.post("/api/v1/auth/password", { current_password: tempPassword, new_password: newPassword });
    if (r.status !== 200) throw new Error(`password ${r.status} ${r.text}`);
    stage = r.json.stage;
  }
  let secret = null;
  let recovery_codes = [];
  if (stage === "mfa_enrol") {
    r = await c.post("/api/v1/auth/mfa/enrol", {});
    if (r.status !== 200) throw new Error(`enrol ${r.status} ${r.text}`);
    secret = r.json.secret;
    r = await c.post("/api/v1/auth/mfa/enrol/confirm", { code: nextCode(secret) ?? "" });
    if (r.status !== 200) throw new Error(`confirm ${r.status} ${r.text}`);
    stage = r.json.stage;
    recovery_codes = r.json.recovery_codes;
  }
  if (stage !== "done") throw new Error(`unexpected stage ${stage}`);
  return { client: c, secret, password: newPassword, recovery_codes };
}

// Signs in again with a known password and TOTP secret (null when not enrolled). When no unused
// TOTP step is left, spends one of recoveryCodes (the array is consumed).
export async function signIn(base, login_id, password, secret, recoveryCodes = []) {
  const c = new Client(base);
  let r = await c.post("/api/v1/auth/login", { login_id, password });
  if (r.status !== 200) throw new Error(`login ${r.status} ${r.text}`);
  if (r.json.stage === "mfa") {
    const code = nextCode(secret);
    const body = code ? { code } : { recovery_code: recoveryCodes.shift() };
    r = await c.post("/api/v1/auth/mfa/verify", body);
    if (r.status !== 200) throw new Error(`verify ${r.status} ${r.text}`);
  }
  return c;
}
