// The error catalog (src/core/errors.def) against the code: every code raised in src/ is declared
// with the Status the raise site gives, every entry is raised somewhere (src/ or the UI), every code
// the UI compares against exists, the UI's generated copy is current, and `lgsec errors` prints it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { cli } from "./lib/server.mjs";
import { errorSites, stripComments } from "./lib/error_sites.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const catalog = JSON.parse(cli(["errors", "--json"]).stdout);
const byCode = new Map(catalog.map((e) => [e.code, e]));
const { sites, unresolved } = errorSites(join(root, "src"), root);

function webFiles(dir = join(root, "web/src"), out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) webFiles(p, out);
    else if (/\.tsx?$/.test(name) && name !== "errors.gen.ts") out.push(p);
  }
  return out;
}
const web = webFiles().map((p) => ({ path: p.slice(root.length), text: stripComments(readFileSync(p, "utf8")) }));

/** Codes the UI compares against or looks up: code ===/!== "x", errorText("x"), { code: "x" }. */
function uiCodes() {
  const out = [];
  const patterns = [/\bcode\s*[!=]==?\s*"([a-z0-9_]+)"/g, /"([a-z0-9_]+)"\s*[!=]==?\s*[\w.]*\bcode\b/g,
    /\berrorTexts?\(\s*"([a-z0-9_]+)"/g, /\bcode:\s*"([a-z0-9_]+)"/g];
  for (const f of web) for (const re of patterns) for (const m of f.text.matchAll(re)) out.push({ file: f.path, code: m[1] });
  return out;
}
const clientCodes = new Set(
  [...readFileSync(join(root, "web/src/errors.ts"), "utf8").matchAll(/^\s{2}([a-z0-9_]+): \[/gm)].map((m) => m[1]));

test("the catalog is well formed: unique sorted codes, a status the kind allows, both texts", () => {
  const allowed = {
    ST_INVALID: [400, 405, 415, 422], ST_NOTFOUND: [404], ST_CONFLICT: [409], ST_FORBIDDEN: [403], ST_AUTH: [401],
    ST_LOCKED: [423], ST_LIMIT: [413, 429], ST_TAMPER: [500], ST_IO: [500, 503], ST_DB: [500, 503], ST_INTERNAL: [500],
  };
  assert.ok(catalog.length > 100);
  const codes = catalog.map((e) => e.code);
  assert.deepEqual(codes, [...new Set(codes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), "sorted and unique");
  for (const e of catalog) {
    assert.match(e.code, /^[a-z][a-z0-9_]*$/, e.code);
    assert.ok(allowed[e.kind]?.includes(e.status), `${e.code}: ${e.kind} cannot answer ${e.status}`);
    assert.ok(e.ja && /[^\x00-\x7f]/.test(e.ja), `${e.code}: Japanese text`);
    assert.ok(/[A-Za-z]{2}/.test(e.en), `${e.code}: English text`);
    assert.ok(!/%[-0-9.]*[sdzlu]/.test(e.ja + e.en), `${e.code}: a generic text has no printf placeholders`);
  }
});

test("every code raised in src/ is in the catalog, with the Status the raise site passes", () => {
  assert.ok(sites.length > 300, "the scanner finds the raise sites");
  assert.deepEqual(unresolved, [], "codes that are neither a literal nor a helper's parameter");
  const missing = sites.filter((s) => !byCode.has(s.code)).map((s) => `${s.file}:${s.line} ${s.code}`);
  assert.deepEqual(missing, [], "raised but not in src/core/errors.def");
  const wrong = sites
    .filter((s) => s.statuses && byCode.has(s.code) && s.statuses.some((st) => st !== byCode.get(s.code).kind))
    .map((s) => `${s.file}:${s.line} ${s.code} ${s.statuses.join("|")} (catalog: ${byCode.get(s.code).kind})`);
  assert.deepEqual(wrong, [], "raise sites whose Status differs from the catalog's");
});

test("every catalog entry is raised in src/ or used by the UI", () => {
  const raised = new Set(sites.map((s) => s.code));
  const inUi = new Set(web.flatMap((f) => [...f.text.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1])));
  const unused = catalog.map((e) => e.code).filter((c) => !raised.has(c) && !inUi.has(c));
  assert.deepEqual(unused, [], "catalog entries nothing raises (remove them from src/core/errors.def)");
});

test("every code the UI compares against is in the catalog or is the UI's own", () => {
  const seen = uiCodes();
  assert.ok(seen.some((u) => u.code === "stage_incomplete"), "the scanner finds the UI's comparisons");
  const unknown = seen.filter((u) => !byCode.has(u.code) && !clientCodes.has(u.code)).map((u) => `${u.file} ${u.code}`);
  assert.deepEqual(unknown, []);
  for (const c of clientCodes) assert.ok(!byCode.has(c), `${c} is a server code: take it out of web/src/errors.ts`);
});

test("web/src/errors.gen.ts is generated from the current catalog", () => {
  const r = spawnSync(process.execPath, [join(root, "web/gen-errors.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("lgsec errors lists every code with its status and Japanese text", () => {
  const r = cli(["errors"], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(r.status, 0);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, catalog.length);
  const pn = byCode.get("person_not_found");
  assert.ok(lines.includes(`${"person_not_found".padEnd(36)} ${pn.status}  ${pn.ja}`));
  assert.equal(cli(["errors", "--bogus"]).status, 2);
});
