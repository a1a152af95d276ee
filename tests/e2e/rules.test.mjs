// `lgsec rules`: the articles the code enforces (from the ENFORCES: declarations beside the enforcing
// functions, scripts/mkindex.py), with the functions, pack keys and routes, then the pack's articles
// nothing enforces — in Japanese by default, English with LANG=en, JSON with --json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { cli } from "./lib/server.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const doc = JSON.parse(cli(["rules", "--json"]).stdout);
const routes = JSON.parse(cli(["routes"]).stdout);

const article = (n) => doc.enforced.find((a) => a.article === n);
const packArticles = readFileSync(join(root, "packs/mic/articles.yaml"), "utf8")
  .split("\n")
  .map((l) => /^ {2}- number: (\S+)$/.exec(l)?.[1])
  .filter(Boolean);

test("--json: every enforcement names a function at its file:line, its citations, keys and routes", () => {
  assert.equal(doc.pack, "mic");
  assert.equal(doc.pack_articles, packArticles.length);
  assert.ok(doc.enforced.length > 0);
  const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
  for (const a of doc.enforced) {
    assert.match(a.article, /^第\d+条(の\d+)?$/);
    assert.ok(a.title, `${a.article} has its title from the pack`);
    assert.ok(a.enforced_by.length > 0);
    for (const r of a.enforced_by) {
      const line = readFileSync(join(root, r.file), "utf8").split("\n")[r.line - 1];
      assert.match(line, new RegExp(`\\b${r.function}\\(`), `${r.file}:${r.line} defines ${r.function}`);
      assert.ok(r.citations.length > 0 && r.citations.every((c) => c.startsWith(a.article)), JSON.stringify(r));
      assert.equal(typeof r.every_route, "boolean");
      for (const rt of r.routes) assert.ok(known.has(`${rt.method} ${rt.path}`), `${rt.method} ${rt.path} is a route`);
    }
  }
});

test("a known article: 第20条 is enforced by separation_check, reached from deciding a request", () => {
  const a = article("第20条");
  assert.ok(a, "第20条 is enforced");
  const sep = a.enforced_by.find((r) => r.function === "separation_check");
  assert.equal(sep.file, "src/domain/org/separation.c");
  assert.ok(sep.routes.some((r) => r.method === "POST" && r.path === "/api/v1/requests/{id}/decide"));
  assert.ok(sep.routes.some((r) => r.method === "POST" && r.path === "/api/v1/role-assignments"));
  // a route that never approves or assigns does not reach it
  assert.ok(!sep.routes.some((r) => r.path === "/api/v1/auth/login"));
});

test("pack keys: the take-out request type enforces 第41条 through request_decide", () => {
  const r = article("第41条").enforced_by.find((x) => x.function === "request_decide");
  assert.deepEqual(r.citations, ["第41条2(1)"]);
  assert.deepEqual(r.pack_keys, ["requests.types.take_out"]);
  assert.deepEqual(r.routes, [{ method: "POST", path: "/api/v1/requests/{id}/decide" }]);
});

test("the session timeout runs in the request pipeline: every route reaches it", () => {
  const r = article("第87条").enforced_by.find((x) => x.function === "session_lookup");
  assert.equal(r.every_route, true);
  assert.ok(r.pack_keys.includes("pack.accounts.session_idle_minutes"));
});

test("articles nothing enforces are listed, and every pack article is in exactly one list", () => {
  const unenforced = doc.unenforced.map((a) => a.article);
  assert.ok(unenforced.includes("第12条"), "第12条 (CISO の設置) is organisation, not code");
  const enforced = doc.enforced.map((a) => a.article);
  assert.deepEqual([...unenforced, ...enforced].sort(), [...packArticles].sort());
  const order = (n) => Number(/第(\d+)条/.exec(n)[1]);
  assert.deepEqual(unenforced, [...unenforced].sort((x, y) => order(x) - order(y)), "in article order");
});

test("text output: Japanese by default, English with LANG=en", () => {
  const ja = cli(["rules"], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(ja.status, 0);
  assert.match(ja.stdout, /^コードが守らせている条文: \d+ 件 \(パック mic /);
  assert.match(ja.stdout, /\n第20条 兼務の禁止\n {2}separation_check {2}src\/domain\/org\/separation\.c:\d+\n/);
  assert.match(ja.stdout, /経路: .*POST \/api\/v1\/requests\/\{id\}\/decide/);
  assert.match(ja.stdout, /\nどの関数も守らせていない条文: \d+ 件\n {2}第12条 最高情報セキュリティ責任者\n/);
  const en = cli(["rules"]);
  assert.equal(en.status, 0);
  assert.match(en.stdout, /^articles the code enforces: \d+/);
  assert.match(en.stdout, /\narticles nothing enforces: \d+\n/);
});

test("bad arguments: an unknown option or an extra argument is a usage error", () => {
  assert.equal(cli(["rules", "--bogus"]).status, 2);
  assert.equal(cli(["rules", "extra"]).status, 2);
  assert.match(cli(["help", "rules"]).stdout, /^usage: lgsec rules \[--json\]/);
});
