// A node:test reporter that prints only what failed: for each failing test its full name (the
// describe blocks above it joined by " › "), where the failure was raised, and the first lines of its
// assertion message. scripts/test-node.sh prints this before the tail of a failing suite's log, so a
// long TAP log cannot hide which test failed or why.
// usage: node --test --test-reporter=./tests/e2e/lib/reporter.mjs --test-reporter-destination=FILE …
import { relative } from "node:path";

const MAX_MESSAGE_LINES = 25;

// The innermost stack frame in the test file itself ("records.test.mjs:123"), else the test's line.
function location(file, line, error) {
  const shown = file ? relative(process.cwd(), file) : "?";
  const stack = String(error?.stack ?? "");
  if (file) {
    const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)`).exec(stack);
    if (m) return `${shown}:${m[1]}`;
  }
  return line ? `${shown}:${line}` : shown;
}

function message(error) {
  const text = String(error?.message ?? error ?? "(no message)").trimEnd();
  const lines = text.split("\n");
  const shown = lines.slice(0, MAX_MESSAGE_LINES);
  if (lines.length > shown.length) shown.push(`… (${lines.length - shown.length} more lines in the log)`);
  const name = error?.name && error.name !== "Error" ? `${error.name}: ` : "";
  return `${name}${shown.join("\n")}`;
}

export default async function* failuresFirst(source) {
  const names = []; // names[nesting] = the name of the test or suite started last at that depth
  for await (const { type, data } of source) {
    if (type === "test:start") {
      names[data.nesting] = data.name;
      names.length = data.nesting + 1;
    }
    if (type !== "test:fail") continue;
    const error = data.details?.error;
    // A suite that failed only because a test inside it failed adds nothing: that test is listed.
    if (error?.failureType === "subtestsFailed") continue;
    const path = [...names.slice(0, data.nesting), data.name].join(" › ");
    const cause = error?.cause ?? error;
    // A test file whose process ended badly (a load error, a crash) has no assertion: its stderr is in the log.
    const text = error?.exitCode != null || error?.signal
      ? `the test file's process ended with ${error.signal ?? `exit code ${error.exitCode}`}: see its output in the log`
      : message(cause);
    const body = text.replace(/^/gm, "      ");
    yield `  ✗ ${path}\n    at ${location(data.file, data.line, cause)}\n${body}\n`;
  }
}
