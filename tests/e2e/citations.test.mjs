// Citations in the municipality's own numbering (docs/citations.md): the pack cites 三笠市's articles;
// デモ市's 対策基準 in force numbers them its own way, and every answer that cites an article carries
// デモ市's article too, or the guideline section where デモ市 has none or no 対策基準 is in force.
// Also: the demo 対策基準 and 基本方針 check 充足 on every element, the login message names no
// municipality, and home and /policy give the same 施行日.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, initDemo, startServer } from "./lib/server.mjs";
import { Client, signInFirstTime } from "./lib/client.mjs";

let srv, ciso;

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});

after(async () => {
  await srv?.stop();
});

describe("デモ市 (its 対策基準 in force)", () => {
  test("the map: 三笠市 第41条 is デモ市 第32条; 第143条, which デモ市 left out, falls back to the guideline", async () => {
    const r = await ciso.get("/api/v1/policy/citations");
    assert.equal(r.status, 200);
    assert.equal(r.json.standard.title, "デモ市情報セキュリティ対策基準");
    assert.equal(r.json.standard.effective_date, "2026-04-01");
    assert.deepEqual(r.json.articles["第41条"], {
      own: "第32条",
      own_title: "モバイル端末や電磁的記録媒体等の持ち出し及び外部における情報処理作業の制限",
      guideline: "対策基準 5.1",
    });
    assert.deepEqual(r.json.articles["第143条"], { own: null, own_title: null, guideline: "対策基準 8.2" });
    // two 三笠市 articles merged into one of デモ市's
    assert.equal(r.json.articles["第17条"].own, "第16条");
    assert.equal(r.json.articles["第18条"].own, "第16条");
    const pack = await ciso.get("/api/v1/policy");
    assert.equal(Object.keys(r.json.articles).length, pack.json.articles.length);
  });

  test("answers that cite an article carry the own article and the guideline section beside it", async () => {
    const types = await ciso.get("/api/v1/request-types");
    const takeOut = types.json.items.find((t) => t.article?.startsWith("第41条"));
    assert.ok(takeOut, "a request type cites 第41条");
    assert.equal(takeOut.article_own, "第32条");
    assert.equal(takeOut.article_guideline, "対策基準 5.1");
    // the rules' own texts cite デモ市's articles as well
    const exception = types.json.items.find((t) => t.article?.startsWith("第129条"));
    assert.match(exception.description, /\(第130条（貴団体の第60条）\)/);
    assert.match(exception.description, /\(第131条（貴団体の第61条）\)/);

    const home = await ciso.get("/api/v1/home");
    const role = home.json.roles.find((x) => x.article === "第12条");
    assert.ok(role, "the CISO's role cites 第12条");
    assert.equal(role.article_own, "第11条");

    const pol = await ciso.get("/api/v1/policy");
    const art = pol.json.articles.find((a) => a.number === "第165条");
    assert.equal(art.article_own, "第71条");
    assert.equal(art.article_guideline, "対策基準 9.3");
    // a range of 項 keeps its range before the note
    const restriction = pol.json.restrictions.find((x) => x.description?.includes("第23条9"));
    assert.match(restriction.description, /\(第23条9–11（貴団体の第21条）\)/);
    // a citation with 項・号 finds its bare article
    const scale = pol.json.scales.find((s) => s.article?.startsWith("第22条"));
    assert.equal(scale.article_own, "第20条");
    // a record list cites 第43条, which デモ市 says in a 項 of its 第32条
    const takeOuts = await ciso.get("/api/v1/records/take-outs");
    assert.equal(takeOuts.status, 200);
    assert.equal(takeOuts.json.article, "第43条");
    assert.equal(takeOuts.json.article_own, "第32条");
    // an article of the pack without an own counterpart
    const bad = pol.json.articles.find((a) => a.number === "第143条");
    assert.equal(bad.article_own, null);
    assert.equal(bad.article_guideline, "対策基準 8.2");
  });

  test("an error that cites an article cites デモ市's too", async () => {
    const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
    const staffNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
                         WHERE u.code = 'kikaku-kikaku' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
    const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", "kikaku.cite"]);
    assert.equal(r.status, 0, r.stderr);
    const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
    const staff = (await signInFirstTime(srv.url, "kikaku.cite", temp)).client;
    const room = sql("SELECT id FROM server_rooms ORDER BY id LIMIT 1");
    // 本庁舎サーバー室 is kept by 情報政策課: a 企画課 職員 may not read its book (三笠市 第35条 = デモ市 第28条)
    const e = await staff.get(`/api/v1/records/server-rooms/${room}/entries`);
    assert.equal(e.status, 403);
    assert.equal(e.json.code, "record_forbidden");
    assert.match(e.json.detail, /\(第35条（貴団体の第28条）\)/);
  });

  test("the login message names no municipality and cites デモ市's articles", async () => {
    const r = await new Client(srv.url).get("/api/v1/auth/config");
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.json.login_message, /三笠/);
    assert.match(r.json.login_message, /第58条（貴団体の第39条）/);
    assert.match(r.json.login_message, /第59条\(7\)（貴団体の第40条）/);
    // the numbers for the screens before sign-in, without what the 対策基準 says
    assert.deepEqual(r.json.citations.articles["第41条"], { own: "第32条", own_title: null, guideline: "対策基準 5.1" });
    assert.equal(r.json.citations.standard, null);
  });

  test("the demo's 対策基準 and 基本方針 check 充足 on every element", async () => {
    const list = await ciso.get("/api/v1/policy-docs");
    const get = async (kind) => {
      const doc = list.json.items.find((d) => d.kind === kind);
      const v = await ciso.get(`/api/v1/policy-doc-versions/${doc.current.id}`);
      assert.equal(v.status, 200);
      return v.json.check;
    };
    const standard = await get("standard");
    assert.equal(standard.has_standard, true);
    assert.deepEqual(standard.summary, { ok: 54, partial: 0, missing: 0, not_applicable: 0, deviations: 0 });
    const basic = await get("basic");
    assert.deepEqual(basic.summary, { ok: 41, partial: 0, missing: 0, not_applicable: 13, deviations: 0 });
  });

  test("home and /policy give the 対策基準's 施行日", async () => {
    const home = await ciso.get("/api/v1/home");
    const pol = await ciso.get("/api/v1/policy");
    assert.equal(home.json.policy.standard.effective_date, "2026-04-01");
    assert.deepEqual(pol.json.activated.standard, home.json.policy.standard);
    const docs = await ciso.get("/api/v1/policy-docs");
    const std = docs.json.items.find((d) => d.kind === "standard");
    assert.equal(std.current.effective_date, home.json.policy.standard.effective_date);
  });
});

describe("no 対策基準 in force", () => {
  let other, client;
  before(async () => {
    // A demo database whose 対策基準 was never put in force.
    const setup = initDemo();
    const q = "UPDATE policy_documents SET current_version_id = NULL WHERE kind = 'standard';" +
      "UPDATE policy_doc_versions SET state = 'draft' WHERE document_id IN (SELECT id FROM policy_documents WHERE kind = 'standard');";
    const r = spawnSync("sqlite3", [setup.db, q], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    other = await startServer({ db: setup.db });
    other.dirToRemove = setup.dir;
    client = (await signInFirstTime(other.url, setup.ciso.login_id, setup.ciso.password)).client;
  });
  after(async () => {
    await other?.stop();
    spawnSync("rm", ["-rf", other?.dirToRemove ?? "/nonexistent"]);
  });

  test("citations give the guideline section only", async () => {
    const r = await client.get("/api/v1/policy/citations");
    assert.equal(r.status, 200);
    assert.equal(r.json.standard, null);
    assert.deepEqual(r.json.articles["第41条"], { own: null, own_title: null, guideline: "対策基準 5.1" });
    const types = await client.get("/api/v1/request-types");
    const takeOut = types.json.items.find((t) => t.article?.startsWith("第41条"));
    assert.equal(takeOut.article_own, null);
    assert.equal(takeOut.article_guideline, "対策基準 5.1");
    const cfg = await new Client(other.url).get("/api/v1/auth/config");
    assert.match(cfg.json.login_message, /第58条（ガイドライン 対策基準 5\.4）/);
    const home = await client.get("/api/v1/home");
    assert.equal(home.json.policy.standard, null);
  });
});
