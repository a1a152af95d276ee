// 和暦/西暦 and the language are the person's choice, kept on their account (issue 11 "Dates"): /session
// returns them, PATCH /api/v1/session/preferences changes them with a trail entry, and a bad value is
// refused with the field named, changing nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv, ciso;

before(async () => {
  srv = await startServer();
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});

after(async () => {
  await srv?.stop();
});

const prefs = async () => (await ciso.get("/api/v1/session")).json.preferences;

test("the session starts in 和暦 and Japanese; a change is stored on the account and in the trail", async () => {
  assert.deepEqual(await prefs(), { date_style: "wareki", lang: "ja" });
  const r = await ciso.patch("/api/v1/session/preferences", { date_style: "seireki" });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { date_style: "seireki", lang: "ja" });
  assert.deepEqual(await prefs(), { date_style: "seireki", lang: "ja" });
  const trail = await ciso.get("/api/v1/trail?limit=1");
  assert.equal(trail.json.items[0].action, "account.preferences");
  assert.equal((await ciso.patch("/api/v1/session/preferences", { lang: "en", date_style: "wareki" })).status, 200);
  assert.deepEqual(await prefs(), { date_style: "wareki", lang: "en" });
});

test("a bad value, an unknown field or a missing CSRF token changes nothing", async () => {
  const start = await prefs();
  for (const [body, code, field] of [
    [{ date_style: "showa" }, "date_style_invalid", "date_style"],
    [{ lang: "fr" }, "lang_invalid", "lang"],
    [{ date_style: 1 }, null, "date_style"],
    [{ theme: "dark" }, null, "theme"],
  ]) {
    const r = await ciso.patch("/api/v1/session/preferences", body);
    assert.equal(r.status, 400, JSON.stringify(body));
    if (code) assert.equal(r.json.code, code);
    assert.equal(r.json.field, field, JSON.stringify(r.json));
    assert.match(r.json.detail ?? r.json.title, /[\u3040-\u30ff\u4e00-\u9fff]/);
  }
  const noCsrf = await ciso.req("PATCH", "/api/v1/session/preferences", { date_style: "seireki" }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.deepEqual(await prefs(), start);
});
