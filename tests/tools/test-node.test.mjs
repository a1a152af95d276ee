// scripts/test-node.sh on fixture suites written here: a failing suite's report starts with each
// failing test's full name and assertion message (before the log's tail), the counts add up on the
// closing line, a suite that cannot even load is counted as failed, and two suites do run at once.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const script = new URL("../../scripts/test-node.sh", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lgsec-test-node-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function suite(name, body) {
  const file = join(dir, `${name}.test.mjs`);
  writeFileSync(file, `import assert from "node:assert/strict";\nimport { describe, test } from "node:test";\n${body}\n`);
  return file;
}

// The binary is not used by the fixtures; test-node.sh only needs an executable to hand them.
// NODE_TEST_CONTEXT (set by this test's own runner) would make the inner `node --test` skip its files.
function run(files, env = {}) {
  const { NODE_TEST_CONTEXT: _, ...outer } = process.env;
  const r = spawnSync("bash", [script, "fixture", process.execPath, ...files], {
    encoding: "utf8", env: { ...outer, ...env }, timeout: 120_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

test("a failing suite lists its failing tests with their assertion messages before the log", () => {
  const failing = suite("failing", `
describe("台帳", () => {
  test("keeps the 管理番号", () => assert.equal("A-1", "A-2", "管理番号 changed"));
  test("passes", () => {});
});
test("top level", () => assert.deepEqual({ n: 1 }, { n: 2 }));`);
  const passing = suite("passing", `test("fine", () => {});`);
  const { status, out } = run([failing, passing]);
  assert.equal(status, 1, out);
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.at(-1), "2 passed, 2 failed", out);
  const at = (s) => out.indexOf(s);
  assert.ok(at("FAILED ") >= 0 && at("failing.test.mjs: 1 passed, 2 failed") > at("FAILED "), out);
  assert.ok(at("✗ 台帳 › keeps the 管理番号") > at("FAILED "), out);
  assert.ok(at("管理番号 changed") > at("✗ 台帳 › keeps the 管理番号"), out);
  assert.ok(at("✗ top level") > at("管理番号 changed"), out);
  assert.ok(at("--- last 40 lines of the log of ") > at("✗ top level"), out);
  assert.ok(!out.includes("passing.test.mjs:"), "a passing suite is not reported as failed");
  assert.ok(!out.includes("✗ 台帳\n"), "a describe block that failed only through its tests is not listed");
});

test("a suite that cannot load counts as a failure and says so", () => {
  const broken = suite("broken", `throw new Error("cannot load the fixture");`);
  const { status, out } = run([broken]);
  assert.equal(status, 1, out);
  assert.match(out, /✗ .*broken\.test\.mjs\n.*\n.*process ended with exit code 1/);
  assert.match(out, /cannot load the fixture/); // from the log's tail
  assert.match(out, /\n0 passed, 1 failed\n?$/);
});

// Each suite marks its presence, then waits for the other's mark (tries × 100 ms): run one after the
// other, the first one to run gives up.
const meeting = (mine, theirs, tries) => `
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
test("meets the other suite", async () => {
  const marks = ${JSON.stringify(dir)};
  writeFileSync(join(marks, "${mine}.mark"), tmpdir());
  for (let i = 0; i < ${tries} && !existsSync(join(marks, "${theirs}.mark")); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(join(marks, "${theirs}.mark")), "the other suite did not run alongside");
  assert.match(tmpdir(), /lgsec-tests\\.[A-Za-z0-9]+$/);
});`;

test("two suites run at the same time, with TMPDIR in the run's own scratch directory", () => {
  const a = suite("meet-a", meeting("a", "b", 200));
  const b = suite("meet-b", meeting("b", "a", 200));
  const { status, out } = run([a, b], { LGSEC_TEST_JOBS: "2" });
  assert.equal(status, 0, out);
  assert.match(out, /fixture: 2 suites, 2 workers/);
  assert.match(out, /\n2 passed, 0 failed\n?$/);
});

test("with LGSEC_TEST_JOBS=1 the same meeting fails: suites then run one at a time", () => {
  const a = suite("alone-a", meeting("c", "d", 20));
  const b = suite("alone-b", meeting("d", "c", 20));
  const { status, out } = run([a, b], { LGSEC_TEST_JOBS: "1" });
  assert.equal(status, 1, out);
  assert.match(out, /fixture: 2 suites, 1 workers/);
  assert.match(out, /✗ meets the other suite[\s\S]*the other suite did not run alongside/);
  assert.match(out, /\n1 passed, 1 failed\n?$/);
});

test("--bin= switches the binary for the suites after it (one queue, two builds)", () => {
  const first = suite("bin-first", `test("gets the first binary", () => assert.equal(process.env.LGSEC_BIN, ${JSON.stringify(process.execPath)}));`);
  const second = suite("bin-second", `test("gets the second binary", () => assert.equal(process.env.LGSEC_BIN, "/bin/true"));`);
  const { status, out } = run([first, "--bin=/bin/true", second]);
  assert.equal(status, 0, out);
  assert.match(out, /fixture: 2 suites/);
  assert.match(out, /\n2 passed, 0 failed\n?$/);
  const missing = run([first, "--bin=/nonexistent/lgsec", second]);
  assert.equal(missing.status, 2, "a binary that does not exist stops the run before any suite");
  assert.match(missing.out, /no executable \/nonexistent\/lgsec/);
});
