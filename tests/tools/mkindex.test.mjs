// scripts/mkindex.py on fixture sources written here: the route, command and enforcement tables it
// generates from the declarations, the order that makes the most specific route match first, the
// routes found on the call graph — and that every malformed or duplicate declaration fails with the
// FILE:LINE of the declaration.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const script = new URL("../../scripts/mkindex.py", import.meta.url).pathname;
const pack = new URL("../../packs/mic", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lgsec-mkindex-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// A capability header of our own, so the fixtures do not depend on today's capabilities.
writeFileSync(join(dir, "capability.h"), "typedef enum { CAP_PUBLIC = 0, CAP_SIGNED_IN = 1, CAP_ORG_MANAGE = 2 } C;\n");

let n = 0;
/** Runs the generator on files {name: text}; returns status, stderr and the outputs. */
function run(files, extra = []) {
  const root = join(dir, `case${n++}`);
  mkdirSync(join(root, "src"), { recursive: true });
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(root, "src", name), text);
    return join(root, "src", name);
  });
  const out = (f) => join(root, f);
  const r = spawnSync("python3", [script, "--root", root, "--capabilities", join(dir, "capability.h"), "--pack", pack,
    "--routes-out", out("routes.c"), "--commands-out", out("commands.c"), "--rules-out", out("rules.c"), ...extra,
    ...paths], { encoding: "utf8" });
  const read = (f) => { try { return readFileSync(out(f), "utf8"); } catch { return null; } };
  return { status: r.status, err: r.stderr, routes: read("routes.c"), commands: read("commands.c"), rules: read("rules.c") };
}

const handler = (decl, name = "api_x") => `${decl}\nStatus ${name}(Request *req, Response *res, Err *e)\n{\n    return 0;\n}\n`;

test("routes: the table has every field, uploads their limit, and literal segments sort before {params}", () => {
  const r = run({
    "a.c": handler("/* ROUTE: GET /api/v1/things/{id} signed_in\n * 詳細 */", "api_get") +
      handler("/* ROUTE: GET /api/v1/things/pending org.manage\n * 要判断 */", "api_pending") +
      handler("/* ROUTE: POST /api/v1/auth/login public changes_state before_mfa\n * ログイン */", "api_login"),
    "b.c": handler("/* ROUTE: POST /api/v1/things/import signed_in upload\n * 取り込み */", "api_upload"),
  });
  assert.equal(r.status, 0, r.err);
  assert.match(r.routes, /\.method = "POST", \.pattern = "\/api\/v1\/auth\/login", \.capability = CAP_PUBLIC, \.changes_state = true, \.before_mfa = true, \.handler = api_login, \.summary = "ログイン"/);
  assert.match(r.routes, /\.pattern = "\/api\/v1\/things\/import", .*\.changes_state = true.*\.file_upload = true, \.max_body = MAX_UPLOAD_BYTES/);
  assert.match(r.routes, /\.capability = CAP_ORG_MANAGE/);
  assert.match(r.routes, /Status api_get\(Request \*req, Response \*res, Err \*e\);/);
  assert.ok(r.routes.indexOf('"/api/v1/things/pending"') < r.routes.indexOf('"/api/v1/things/{id}"'), "pending before {id}");
  assert.match(r.routes, /\/\* src\/a\.c:1 \*\//, "each entry says where it was declared");
});

test("commands: name, summaries and the help texts verbatim, sorted by name", () => {
  const cmd = (name) => `/* COMMAND: ${name}
 * SUMMARY: 要約 ${name}
 * SUMMARY_EN: summary ${name}
 * USAGE:
 * 使い方: lgsec ${name} [--json]
 *   "引用" と \\ を含む説明
 *
 * USAGE_EN:
 * usage: lgsec ${name} [--json]
 */
int cmd_${name}(int argc, char **argv)
{
    return 0;
}
`;
  const r = run({ "c.c": cmd("zeta") + cmd("alpha") });
  assert.equal(r.status, 0, r.err);
  assert.ok(r.commands.indexOf('"alpha"') < r.commands.indexOf('"zeta"'));
  assert.match(r.commands, /\{"alpha", cmd_alpha, "要約 alpha", "summary alpha",\n {5}"使い方: lgsec alpha \[--json\]\\n"\n {5}"  \\"引用\\" と \\\\ を含む説明\\n",\n {5}"usage: lgsec alpha \[--json\]\\n"\},/);
});

test("enforcements: articles, pack keys, the note, the line of the function, and the request pipeline", () => {
  const r = run({
    "api.c": handler("/* ROUTE: POST /api/v1/requests/{id}/decide signed_in changes_state\n * 承認 */", "api_decide") +
      handler("/* ROUTE: GET /api/v1/other signed_in\n * 他 */", "api_other") +
      "void dispatch_request(void)\n{\n    session_check();\n}\n",
    "domain.c": "static int helper(void)\n{\n    return decide();\n}\nint request_decide(void)\n{\n    return helper();\n}\n" +
      "/* ENFORCES: 第41条2(1) pack: requests.types.take_out\n * 承認者だけが\n * 承認できる。 */\nint decide(void)\n{\n    return 1;\n}\n" +
      "/* ENFORCES: 第87条 pack: pack.accounts.session_idle_minutes */\nint session_check(void)\n{\n    return 1;\n}\n",
  }, ["--pipeline", "dispatch_request"]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.rules, /\.articles = \(const char \*const\[\]\)\{"第41条2\(1\)", NULL\}/);
  assert.match(r.rules, /\.function = "decide", \.file = "src\/domain\.c", \.line = 12,/);
  assert.match(r.rules, /\.pack_keys = \(const char \*const\[\]\)\{"requests\.types\.take_out", NULL\}/);
  assert.match(r.rules, /\.note = "承認者だけが承認できる。"/, "Japanese lines join without a space");
  assert.match(r.rules, /\.function = "session_check".*\n.*\n.*\.every_route = true/);
});

test("the call graph: a route reaches a function only through what its handler calls", () => {
  const r = run({
    "api.c": "/* ROUTE: POST /api/v1/a signed_in changes_state\n * A */\nStatus api_a(Request *req, Response *res, Err *e)\n{\n    return request_decide();\n}\n" +
      handler("/* ROUTE: POST /api/v1/b signed_in changes_state\n * B */", "api_b"),
    "domain.c": "static int helper(void)\n{\n    return decide();\n}\nint request_decide(void)\n{\n    return helper();\n}\n" +
      "/* ENFORCES: 第20条 */\nint decide(void)\n{\n    return 1;\n}\n",
  });
  assert.equal(r.status, 0, r.err);
  assert.match(r.rules, /\.routes = \(const char \*const\[\]\)\{"POST \/api\/v1\/a", NULL\}, \.every_route = false/);
});

// Each bad declaration: the generator fails, names the declaration's file:line and says what is wrong.
const bad = {
  "an unknown method": [handler("int x;\n/* ROUTE: FETCH /api/v1/x signed_in\n * x */"), "src/bad.c:2", /unknown method 'FETCH'/],
  "a malformed path": [handler("/* ROUTE: GET api/v1/x signed_in\n * x */"), "src/bad.c:1", /malformed path/],
  "an unknown capability": [handler("/* ROUTE: GET /api/v1/x root.power\n * x */"), "src/bad.c:1", /unknown capability 'root\.power'/],
  "an unknown flag": [handler("/* ROUTE: POST /api/v1/x signed_in changes_stat\n * x */"), "src/bad.c:1", /unknown flag 'changes_stat'/],
  "a POST without changes_state": [handler("/* ROUTE: POST /api/v1/x signed_in\n * x */"), "src/bad.c:1", /add changes_state/],
  "a missing summary": [handler("/* ROUTE: GET /api/v1/x signed_in */"), "src/bad.c:1", /summary .* is missing/],
  "a missing colon": [handler("/* ROUTE GET /api/v1/x signed_in\n * x */"), "src/bad.c:1", /must be followed by ':'/],
  "no function below": ["/* ROUTE: GET /api/v1/x signed_in\n * x */\nstatic const int table[] = {1};\n", "src/bad.c:1", /directly above a function definition/],
  "a prototype, not a definition": ["/* ROUTE: GET /api/v1/x signed_in\n * x */\nStatus api_x(Request *req, Response *res, Err *e);\n", "src/bad.c:1", /directly above a function definition/],
  "an unclosed comment": ["\n\n/* ROUTE: GET /api/v1/x signed_in\n * x\n", "src/bad.c:3", /never closed/],
  "a command without USAGE_EN": ["/* COMMAND: x\n * SUMMARY: x\n * SUMMARY_EN: x\n * USAGE:\n * 使い方: x\n */\nint cmd_x(int argc, char **argv)\n{\n    return 0;\n}\n", "src/bad.c:1", /USAGE_EN: is missing/],
  "a command name with capitals": ["/* COMMAND: Bad\n * SUMMARY: x\n */\nint cmd_x(int argc, char **argv)\n{\n    return 0;\n}\n", "src/bad.c:1", /malformed name 'Bad'/],
  "a citation that is not one": [handler("/* ENFORCES: article41 */"), "src/bad.c:1", /'article41' is not an article citation/],
  "an article the pack does not have": [handler("/* ENFORCES: 第999条 */"), "src/bad.c:1", /第999条 is not an article of the pack/],
  "a pack key the pack does not have": [handler("/* ENFORCES: 第41条 pack: requests.types.teleport */"), "src/bad.c:1", /pack key 'requests\.types\.teleport' is not in the pack/],
  "an empty pack list": [handler("/* ENFORCES: 第41条 pack: */"), "src/bad.c:1", /pack: names no key/],
};
for (const [what, [text, where, message]] of Object.entries(bad)) {
  test(`a malformed declaration fails with its file:line: ${what}`, () => {
    const r = run({ "bad.c": text });
    assert.equal(r.status, 1, `${what}: ${r.err}`);
    assert.match(r.err, new RegExp(`^mkindex: ${where.replace(".", "\\.")}: `), r.err);
    assert.match(r.err, message);
    assert.equal(r.routes, null, "nothing is written");
  });
}

test("a duplicate route or command fails at the second declaration, naming the first", () => {
  const r = run({
    "one.c": handler("/* ROUTE: GET /api/v1/x signed_in\n * x */", "api_one"),
    "two.c": "\n" + handler("/* ROUTE: GET /api/v1/x public\n * y */", "api_two"),
  });
  assert.equal(r.status, 1);
  assert.match(r.err, /^mkindex: src\/two\.c:2: duplicate route GET \/api\/v1\/x \(first declared at src\/one\.c:1\)/);
  const cmd = "/* COMMAND: x\n * SUMMARY: x\n * SUMMARY_EN: x\n * USAGE:\n * u\n * USAGE_EN:\n * u */\nint cmd_x(int argc, char **argv)\n{\n    return 0;\n}\n";
  const c = run({ "a.c": cmd, "b.c": cmd.replace("cmd_x", "cmd_y") });
  assert.equal(c.status, 1);
  assert.match(c.err, /^mkindex: src\/b\.c:1: duplicate command x \(first declared at src\/a\.c:1\)/);
});
