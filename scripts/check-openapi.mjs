// Validates docs/openapi.yaml against the official OpenAPI JSON Schema for its version (3.1), with
// @seriousme/openapi-schema-validator (a pinned devDependency of web/), and checks that every $ref
// resolves. Prints each error with the place in the document; exits 1 when the file is not valid.
// usage: node scripts/check-openapi.mjs [FILE]   (default docs/openapi.yaml)
import { createRequire } from "node:module";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";

const file = process.argv[2] ?? relative(process.cwd(), new URL("../docs/openapi.yaml", import.meta.url).pathname);
// The validator is installed under web/node_modules (web/package.json holds every npm dependency).
const require = createRequire(new URL("../web/package.json", import.meta.url));
const { Validator } = await import(pathToFileURL(require.resolve("@seriousme/openapi-schema-validator")).href);

const validator = new Validator();
const result = await validator.validate(file);
if (validator.version !== "3.1") {
  console.error(`${file}: expected an OpenAPI 3.1 document, found version ${validator.version ?? "(none)"}`);
  process.exit(1);
}
if (!result.valid) {
  const errors = Array.isArray(result.errors) ? result.errors : [{ instancePath: "", message: String(result.errors) }];
  for (const e of errors) {
    // A JSON pointer ("/paths/~1api~1v1~1assets/get") shown as its segments: paths › /api/v1/assets › get.
    const where = (e.instancePath ?? "").split("/").slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~")).join(" › ") || "(document)";
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : "";
    console.error(`${file}: ${where}: ${e.message}${extra}`);
  }
  process.exit(1);
}

// JSON Schema ignores unknown keywords, so inside a schema the standard validator cannot see a key that
// YAML made out of an unquoted comma in a flow mapping ({description: 3A, 3B} gives "3B": null).
// No key of this document is meant to be empty: refuse every null-valued key but the value keywords.
const VALUE_KEYWORDS = new Set(["default", "example", "const"]);
const empty = [];
(function walk(node, path) {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, String(i)]));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (v === null && !VALUE_KEYWORDS.has(k)) empty.push([...path, k].join(" › "));
      walk(v, [...path, k]);
    }
})(validator.specification, []);
for (const where of empty) console.error(`${file}: ${where}: key with no value (an unquoted comma in a flow mapping?)`);
if (empty.length) process.exit(1);
console.log(`${file}: valid OpenAPI ${validator.version}`);
