// The 第16条の3 readiness report (issue 14, part 5) on the demo: only evaluation.manage; each
// category's status follows from the compliance measures and the self-check (a new demo: ①組織体制 is
// not met, ⑦ is not evaluated); the PDF carries the report's lines (read by pdftotext here, through
// poppler-glib in test_evaluation.c); the XLSX holds the same lines.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, reiwaYear } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

let srv, ciso, kacho;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const mgr = sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'section_security_manager' LIMIT 1");
  kacho = (await signInFirstTime(srv.url, "r.kacho", addAccount(srv.db, mgr, "r.kacho"))).client;
});

after(async () => {
  await srv?.stop();
});

/** The response body as bytes (the test client reads text). */
async function download(client, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

const wareki = () => { const [y, m, d] = jstDate(0).split("-").map(Number); return `令和${reiwaYear(y)}年${m}月${d}日`; };

test("only evaluation.manage; statuses follow the measures", async () => {
  for (const p of ["/api/v1/readiness", "/api/v1/readiness/pdf", "/api/v1/readiness/xlsx"])
    assert.equal((await kacho.get(p)).status, 403, p);
  const r = await ciso.get("/api/v1/readiness");
  assert.equal(r.status, 200);
  assert.equal(r.json.date_label, wareki());
  const by = Object.fromEntries(r.json.categories.map((c) => [c.category, c]));
  assert.equal(Object.keys(by).length, 8);
  assert.equal(by["⑦業務委託・外部サービス"].status, "not_evaluated");
  // デジタル推進課 has no 管理者 in the demo: ① has one measure, not met
  const noManager = Number(sql(`SELECT count(*) FROM org_units u WHERE u.kind = 'section' AND u.active = 1 AND NOT EXISTS
    (SELECT 1 FROM role_assignments r WHERE r.role = 'section_security_manager' AND r.scope_kind = 'unit' AND r.scope_id = u.id
     AND r.valid_from <= '${jstDate(0)}' AND (r.valid_until IS NULL OR r.valid_until >= '${jstDate(0)}'))`));
  assert.ok(noManager > 0);
  assert.equal(by["①組織体制"].status, "not_met");
  assert.match(by["①組織体制"].lines[0].text, new RegExp(`: ${noManager} 件$`));
  for (const c of r.json.categories)
    for (const l of c.lines) {
      assert.match(l.article, /^第\d+条/);
      // what was counted, from which register, as of when
      assert.match(l.basis, /数えました/, l.text);
      assert.match(l.basis, /出典: /, l.text);
    }
  const manager = by["①組織体制"].lines[0];
  assert.equal(manager.basis, "廃止されていない全ての課室等のうち、情報セキュリティ管理者 (役割 section_security_manager) が今日現に任命されていない"
    + `ものを数えました (出典: 役割の登録)。${wareki()} 現在の台帳から、この報告を作った時に数えました。`);
});

// A PDF of the report, for the CISO only (its layout is also checked by tests/unit/test_evaluation.c).
test("the PDF is served to evaluation.manage", async () => {
  const r = await download(ciso, "/api/v1/readiness/pdf");
  assert.equal(r.status, 200);
  assert.match(r.type, /application\/pdf/);
  assert.equal(r.bytes.subarray(0, 5).toString(), "%PDF-");
  assert.ok(r.bytes.length > 5000);
  // each measured line carries the dashboard's failing rows: the PDF prints them under it
  const report = (await ciso.get("/api/v1/readiness")).json;
  const board = (await ciso.get("/api/v1/compliance")).json;
  const pending = board.categories.flatMap((c) => c.measures).find((m) => m.id === "assets_pending");
  const line = report.categories.flatMap((c) => c.lines).find((l) => l.text.startsWith(`${pending.label}:`));
  assert.ok(pending.rows.length > 0, "the demo has 要判断 assets");
  assert.deepEqual(line.rows, pending.rows);
});

// pdftotext, a reader independent of lgsec's cairo/pango, finds in the PDF the title, the 和暦 date,
// each category with its status and each measured line with its figure, mark and article, and the
// failing rows under them (long lines wrap, so those are compared without white space).
test("the PDF's text, read by pdftotext, is the report's", async () => {
  const report = (await ciso.get("/api/v1/readiness")).json;
  const text = popplerLines((await download(ciso, "/api/v1/readiness/pdf")).bytes);
  const has = (want) => assert.ok(text.includes(want), `pdftotext finds 「${want}」 in:\n${text.slice(0, 3000)}`);
  has("地方自治法施行規則第16条の3に基づく\n情報セキュリティ対策の状況");
  const org = sql("SELECT name FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  assert.ok(org);
  has(`${org} ${wareki()} 現在`);
  assert.equal(report.categories.length, 8);
  const flat = text.replace(/\s/g, "");
  for (const c of report.categories) {
    has(`${c.category} ― ${c.status_label}`);
    for (const l of c.lines) {
      const mark = `${l.ok ? "○" : "×"} ${l.text} (${l.article})`;
      assert.ok(flat.includes(mark.replace(/\s/g, "")), `pdftotext finds the line 「${mark}」`);
      if (l.rows?.length) assert.ok(flat.includes(l.rows[0].replace(/\s/g, "")), `pdftotext finds the row 「${l.rows[0]}」`);
      assert.ok(flat.includes(`根拠:${l.basis}`.replace(/\s/g, "")), `pdftotext finds the basis 「${l.basis}」`);
    }
  }
  has("⑦業務委託・外部サービス ― 未評価");
  assert.match(text, /情報セキュリティ管理者のいない課室等: [1-9]\d* 件/);
});

test("the XLSX holds a row per line", async () => {
  const r = await download(ciso, "/api/v1/readiness/xlsx");
  assert.equal(r.status, 200);
  const dir = mkdtempSync(join(tmpdir(), "readiness-"));
  const file = join(dir, "r.xlsx");
  writeFileSync(file, r.bytes);
  const strings = spawnSync("unzip", ["-p", file, "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"], { encoding: "utf8" }).stdout;
  assert.match(strings, /情報セキュリティ管理者のいない課室等/);
  assert.match(strings, /数えたもの・出典・時点/);
  assert.match(strings, /\(出典: 役割の登録\)。令和\d+年\d+月\d+日 現在の台帳から/);
  assert.match(strings, /⑦業務委託・外部サービス/);
  assert.match(strings, /未評価/);
});
