// The UI's navigation takes its capabilities from the server's route table: web/src/routes.gen.ts is
// generated from `lgsec routes` (web/gen-routes.mjs) and must be current, and every route an area of
// web/src/nav.ts names must exist, so a menu entry shows exactly when one of its routes is allowed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { cli } from "./lib/server.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const routes = JSON.parse(cli(["routes"]).stdout);
const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));

test("web/src/routes.gen.ts is generated from the current route table", () => {
  const r = spawnSync(process.execPath, [join(root, "web/gen-routes.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const gen = readFileSync(join(root, "web/src/routes.gen.ts"), "utf8");
  const entries = [...gen.matchAll(/^ {2}"([A-Z]+ \S+)": "([a-z_.]+)",$/gm)].map((m) => [m[1], m[2]]);
  assert.equal(entries.length, routes.length);
  for (const [key, cap] of entries) assert.equal(byKey.get(key)?.capability, cap, key);
});

test("every area of the navigation names routes that exist", () => {
  const nav = readFileSync(join(root, "web/src/nav.ts"), "utf8");
  const areas = [...nav.matchAll(/\{ path: "([^"]+)", label: "[^"]+", routes: \[([^\]]*)\]/g)];
  assert.ok(areas.length >= 10, "the areas are found");
  for (const [, path, list] of areas) {
    const named = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    assert.ok(named.length > 0, `${path} names a route`);
    for (const key of named) assert.ok(byKey.has(key), `${path}: ${key} is a route`);
  }
});
