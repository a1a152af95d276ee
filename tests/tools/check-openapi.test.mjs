// scripts/check-openapi.mjs refuses what a standard OpenAPI 3.1 validator refuses, a $ref to nothing,
// and the key YAML makes of an unquoted comma inside a schema (which JSON Schema alone would allow).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const script = new URL("../../scripts/check-openapi.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lgsec-openapi-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function check(text) {
  const file = join(dir, `openapi-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

// A small document of our own, so these cases keep testing the check whatever docs/openapi.yaml becomes.
const fixture = ({ version = "3.1.0", param = "description: '区分 (3A, 3B …) または pending'",
  schema = "{type: string}", ref = "#/components/parameters/limit" } = {}) => `openapi: ${version}
info: {title: fixture, version: 0.0.1}
components:
  parameters:
    limit: {name: limit, in: query, schema: {type: integer, minimum: 1}}
paths:
  /api/v1/assets:
    get:
      parameters:
        - {name: confidentiality, in: query, schema: {type: string}, ${param}}
        - {name: integrity, in: query, schema: ${schema}}
        - {$ref: '${ref}'}
      responses:
        '200': {description: ok}
`;

test("a valid 3.1 document passes (docs/openapi.yaml itself is checked by make test's own step)", () => {
  const r = check(fixture());
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /valid OpenAPI 3\.1/);
});

test("an unquoted description with a comma in a parameter is refused, with where it is", () => {
  const r = check(fixture({ param: "description: 区分 (3A, 3B …) または pending" }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /paths › \/api\/v1\/assets › get › parameters › 0: must NOT have unevaluated properties/);
});

test("the same comma inside a schema (allowed by JSON Schema) is refused as a key with no value", () => {
  const r = check(fixture({ schema: "{type: string, description: 区分 (3A, 3B)}" }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /parameters › 1 › schema › 3B\): key with no value/);
});

test("a $ref to nothing is refused", () => {
  const r = check(fixture({ ref: "#/components/parameters/no_such_thing" }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /no_such_thing/);
});

test("a document of another OpenAPI version is refused", () => {
  const r = check(fixture({ version: "3.0.3" }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /expected an OpenAPI 3\.1 document, found version 3\.0/);
});
