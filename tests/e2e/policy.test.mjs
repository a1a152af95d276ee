// `lgsec policy check` and `lgsec policy parse` as an operator runs them on the published policies
// (../shared/policies): the report, its JSON, and the exit codes (0 complete, 1 gaps or deviations or
// an unreadable file, 2 usage).
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli } from "./lib/server.mjs";

const policies = new URL("../../../shared/policies/", import.meta.url).pathname;
const doc = (name) => join(policies, name);
const tmp = mkdtempSync(join(tmpdir(), "lgsec-policy-"));

test("西東京市 基本方針 is complete: exit 0", () => {
  const r = cli(["policy", "check", doc("nishitokyo-kihonhoshin.txt")], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /充足 41 \/ 一部不足 0 \/ 欠落 0 \/ 対象外 13、逸脱 0/);
});

test("三笠市 規程: 安全性 for 完全性 in 第2条 is reported with its lines, exit 1", () => {
  const r = cli(["policy", "check", "--json", doc("mikasa-kanrikitei.txt")]);
  assert.equal(r.status, 1, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.has_standard, true);
  assert.equal(rep.complete, false);
  assert.deepEqual(rep.summary, { ok: 52, partial: 2, missing: 0, not_applicable: 0, deviations: 2 });
  const partial = rep.elements.filter((e) => e.status === "partial").map((e) => [e.id, e.found.cite, e.missing]);
  assert.deepEqual(partial, [
    ["basic.def.information_security", "第2条(3)", ["完全性"]],
    ["basic.def.integrity", "第2条(6)", ["完全性"]],
  ]);
  assert.deepEqual(rep.deviations.map((d) => [d.id, d.node.first_line, d.found]), [
    ["dev.integrity_named_safety", 70, "機密性、安全性"],
    ["dev.integrity_named_safety", 73, "安全性"],
  ]);
});

test("真鶴町 基本方針: the outdated 臨時・非常勤職員 is a deviation, exit 1", () => {
  const r = cli(["policy", "check", doc("manazuru-kihonhoshin.txt")], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /充足 41 \/ 一部不足 0 \/ 欠落 0/);
  assert.match(r.stdout, /臨時・非常勤職員.*第5条/);
});

test("a removed clause is 欠落 with where it belongs", () => {
  const text = readFileSync(doc("nishitokyo-kihonhoshin.txt"), "utf8").replace(
    /\(5\) 電力供給の途絶[^\n]*\n/, "");
  const file = join(tmp, "no-infra.txt");
  writeFileSync(file, text);
  const r = cli(["policy", "check", "--json", file]);
  assert.equal(r.status, 1);
  const rep = JSON.parse(r.stdout);
  const el = rep.elements.find((e) => e.id === "basic.threat.infrastructure");
  assert.equal(el.status, "missing");
  assert.equal(el.where.cite, "3");
  assert.equal(rep.summary.missing, 1);
  assert.equal(rep.summary.ok, 40);
});

test("policy check with --pack reads the model of that pack; a bad pack or file fails", () => {
  const pack = new URL("../../packs/mic", import.meta.url).pathname;
  assert.equal(cli(["policy", "check", "--pack", pack, doc("nishitokyo-kihonhoshin.txt")]).status, 0);
  const bad = cli(["policy", "check", "--pack", tmp, doc("nishitokyo-kihonhoshin.txt")]);
  assert.equal(bad.status, 1);
  const missing = cli(["policy", "check", join(tmp, "nope.txt")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /file_unreadable/);
  const notDocx = join(tmp, "broken.docx");
  writeFileSync(notDocx, Buffer.from("PK\x03\x04 not a zip"));
  const r = cli(["policy", "parse", notDocx]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /policy_docx/);
});

test("usage errors exit 2", () => {
  assert.equal(cli(["policy", "check"]).status, 2);
  assert.equal(cli(["policy", "check", "--colour", doc("nishitokyo-kihonhoshin.txt")]).status, 2);
  assert.equal(cli(["policy", "frobnicate"]).status, 2);
});

test("a Word document (.docx) is read directly: numbering, tables as tab-separated rows", () => {
  const docx = new URL("../../fuzz/corpus/docx/handmade.docx", import.meta.url).pathname;
  const r = cli(["policy", "parse", "--json", docx]);
  assert.equal(r.status, 0, r.stderr);
  const tree = JSON.parse(r.stdout);
  assert.equal(tree.title, "試験町情報セキュリティ基本方針");
  assert.deepEqual(tree.root.children.map((n) => [n.label, n.title]), [["第1条", "目的"], ["第2条", ""]]);
  assert.ok(r.stdout.includes("完全性\\t情報が破壊、改ざん又は消去されていない状態"), "the table row");
  const c = cli(["policy", "check", "--json", docx]);
  assert.equal(c.status, 1);
  const rep = JSON.parse(c.stdout);
  assert.equal(rep.elements.find((e) => e.id === "basic.threat.infrastructure").status, "ok");
});
