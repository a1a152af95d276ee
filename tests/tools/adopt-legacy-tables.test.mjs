// scripts/adopt-legacy-tables.py (for merging branches begun before the registries): the rows of an
// old route or command table become declarations above their functions, once, and a row whose
// function does not exist is an error.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const script = new URL("../../scripts/adopt-legacy-tables.py", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lgsec-adopt-"));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, "src/http"), { recursive: true });
mkdirSync(join(dir, "src/cli"), { recursive: true });

const run = (...args) => spawnSync("python3", [script, "--root", dir, ...args], { encoding: "utf8" });

test("route and command rows become declarations above their functions, once", () => {
  writeFileSync(join(dir, "routes.c"), `const Route routes[] = {
    ROUTE("GET", "/api/v1/things/{id}", CAP_ORG_MANAGE, false, false, api_thing, "物の詳細"),
    ROUTE("POST", "/api/v1/auth/x", PUB, true, true, api_x,
          "長い" "要約"),
    UPLOAD("/api/v1/things/import", IN, api_import, "取り込み"),
    {0},
};`);
  writeFileSync(join(dir, "src/http/api_things.c"), "/* doc */\nStatus api_thing(Request *req, Response *res, Err *e)\n{\n}\n" +
    "Status api_x(Request *req, Response *res, Err *e) { return 0; }\nStatus api_import(Request *req, Response *res, Err *e)\n{\n}\n");
  writeFileSync(join(dir, "main.c"), `const Command commands[] = {
    {"thing", cmd_thing, "物", "thing", "使い方: lgsec thing\\n  \\"説明\\"\\n", "usage: lgsec thing\\n"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};`);
  writeFileSync(join(dir, "src/cli/cmd_thing.c"), "int cmd_thing(int argc, char **argv)\n{\n    return 0;\n}\n");
  const r = run("--routes", join(dir, "routes.c"), "--commands", join(dir, "main.c"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, "src/http/api_things.c"), "utf8"),
    "/* doc */\n/* ROUTE: GET /api/v1/things/{id} org.manage\n * 物の詳細 */\nStatus api_thing(Request *req, Response *res, Err *e)\n{\n}\n" +
    "/* ROUTE: POST /api/v1/auth/x public changes_state before_mfa\n * 長い要約 */\nStatus api_x(Request *req, Response *res, Err *e) { return 0; }\n" +
    "/* ROUTE: POST /api/v1/things/import signed_in upload\n * 取り込み */\nStatus api_import(Request *req, Response *res, Err *e)\n{\n}\n");
  assert.equal(readFileSync(join(dir, "src/cli/cmd_thing.c"), "utf8"),
    '/* COMMAND: thing\n * SUMMARY: 物\n * SUMMARY_EN: thing\n * USAGE:\n * 使い方: lgsec thing\n *   "説明"\n * USAGE_EN:\n * usage: lgsec thing\n */\nint cmd_thing(int argc, char **argv)\n{\n    return 0;\n}\n');
  const again = run("--routes", join(dir, "routes.c"), "--commands", join(dir, "main.c"));
  assert.equal(again.status, 0);
  assert.equal(again.stdout, "", "nothing is added twice");
});

test("a row whose function is nowhere is an error", () => {
  writeFileSync(join(dir, "gone.c"), `const Route routes[] = {\n    ROUTE("GET", "/api/v1/gone", IN, false, false, api_gone, "無い"),\n};`);
  const r = run("--routes", join(dir, "gone.c"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no definition of api_gone found/);
});
