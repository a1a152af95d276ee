// Moving registers in and out: a CP932 CSV as Excel saves it, the dry run's row/column errors,
// all-or-nothing imports with progress, exports to XLSX and CSV, and bad files refused clearly.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, startServer } from "./lib/server.mjs";
import { Client, signInFirstTime } from "./lib/client.mjs";

let srv, ciso, other;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
// Excel's 「CSV (コンマ区切り)」 is CP932 with CRLF.
const cp932 = (text) => spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: text }).stdout;

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const no = sql("SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'kikaku-kikaku' AND p.title = '主事' LIMIT 1");
  const r = cli(["user", "add", "--db", srv.db, "--person", no, "--login", "kikaku.staff"]);
  other = (await signInFirstTime(srv.url, "kikaku.staff", /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1])).client;
});
after(async () => {
  await srv?.stop();
});

const upload = (c, bytes, type = "text/csv", target = "assets") =>
  c.req("POST", `/api/v1/imports?target=${target}&filename=daicho.csv`, undefined, { raw: bytes, headers: { "content-type": type } });

const sheet = (conf2) =>
  "情報資産台帳 (令和8年度)\r\n" +
  "管理番号,情報資産名,種別,所管課,機密性,完全性,可用性,個人情報,保管場所,備考\r\n" +
  `IMP-001,住民票交付請求書,情報,市民課,３Ｂ,2,2,○,"執務室 書庫, 施錠",\r\n` +
  `IMP-002,窓口案内チラシ,情報,市民課,${conf2},1,1,×,窓口,"""よくある質問"" を含む"\r\n` +
  `IMP-003,市民課 バックアップ媒体,電磁的記録媒体,市民課,自治体機密性3B,2,2,あり,サーバー室,\r\n`;

async function waitDone(id) {
  for (let i = 0; i < 100; i++) {
    const s = await ciso.get(`/api/v1/imports/${id}`);
    if (s.json.state === "done" || s.json.state === "failed") return s.json;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

test("a CP932 CSV with a title row: detected, headers mapped, errors by row and column, nothing written", async () => {
  const before = sql("SELECT count(*) FROM assets");
  const up = await upload(ciso, cp932(sheet("4Z")));
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.encoding, "cp932");
  assert.equal(up.json.rows, 3);
  assert.equal(up.json.suggested_mapping["情報資産名"], "name");
  assert.equal(up.json.suggested_mapping["所管課"], "unit_id");
  const dry = await ciso.post(`/api/v1/imports/${up.json.id}/dry-run`, { mapping: up.json.suggested_mapping });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.ok_rows, 2);
  assert.equal(dry.json.error_rows, 1);
  assert.deepEqual([dry.json.errors[0].row, dry.json.errors[0].column, dry.json.errors[0].field], [4, "E", "confidentiality"]);
  assert.match(dry.json.errors[0].detail, /4Z/);
  // The import refuses the whole file while a row is wrong.
  assert.equal((await ciso.post(`/api/v1/imports/${up.json.id}/commit`, { mapping: up.json.suggested_mapping })).status, 202);
  const done = await waitDone(up.json.id);
  assert.equal(done.state, "failed");
  assert.equal(sql("SELECT count(*) FROM assets"), before, "all or nothing");
});

test("the fixed file imports every row in one go, recorded in the trail; an import is its uploader's", async () => {
  const up = await upload(ciso, cp932(sheet("1")));
  assert.equal((await other.get(`/api/v1/imports/${up.json.id}`)).status, 404);
  const dry = await ciso.post(`/api/v1/imports/${up.json.id}/dry-run`, { mapping: up.json.suggested_mapping });
  assert.equal(dry.json.error_rows, 0, JSON.stringify(dry.json.errors));
  assert.equal((await ciso.post(`/api/v1/imports/${up.json.id}/commit`, { mapping: up.json.suggested_mapping })).status, 202);
  const done = await waitDone(up.json.id);
  assert.equal(done.state, "done");
  assert.equal(done.created, 3);
  assert.equal(sql("SELECT confidentiality || '/' || personal_info FROM assets WHERE asset_no = 'IMP-001'"), "3B/1");
  assert.equal(sql("SELECT notes FROM assets WHERE asset_no = 'IMP-002'"), '"よくある質問" を含む');
  assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action = 'import.commit'"), "1");
  assert.equal((await ciso.post(`/api/v1/imports/${up.json.id}/commit`, { mapping: up.json.suggested_mapping })).status, 409);
});

test("exports: XLSX and CSV (UTF-8 with BOM) in the import's columns", async () => {
  const x = await fetch(`${srv.url}/api/v1/assets/export.xlsx?q=IMP-00`, { headers: { cookie: ciso.cookie } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get("content-type"), /spreadsheetml/);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), "PK");
  const c = await fetch(`${srv.url}/api/v1/assets/export.csv?q=IMP-00`, { headers: { cookie: ciso.cookie } });
  const text = Buffer.from(await c.arrayBuffer()).toString("utf8");
  assert.ok(text.startsWith("\ufeff管理番号,名称,"), text.slice(0, 40));
  assert.equal(text.trim().split("\r\n").length, 4);
  const s = await fetch(`${srv.url}/api/v1/systems/export.xlsx`, { headers: { cookie: ciso.cookie } });
  assert.equal(s.status, 200);
  const both = await fetch(`${srv.url}/api/v1/registers/export.xlsx`, { headers: { cookie: ciso.cookie } });
  assert.equal(both.status, 200);
});

test("bad files and requests are refused clearly", async () => {
  const nul = await upload(ciso, Buffer.from("名称\0,種別\r\n"));
  assert.equal(nul.status, 400);
  const xls = await upload(ciso, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  assert.equal(xls.status, 400);
  assert.match(xls.json.detail, /xlsx|XLSX|Excel/);
  assert.equal((await upload(ciso, Buffer.from("a,b\r\n"), "text/plain")).status, 415);
  assert.equal((await upload(ciso, Buffer.from("a,b\r\n"), "text/csv", "people")).status, 400);
  const anon = new Client(srv.url);
  assert.equal((await upload(anon, Buffer.from("a,b\r\n"))).status, 401);
  const up = await upload(ciso, cp932(sheet("1")));
  const bad = await ciso.post(`/api/v1/imports/${up.json.id}/dry-run`, { mapping: { 情報資産名: "no_such_field" } });
  assert.equal(bad.status, 400);
  assert.equal((await ciso.post(`/api/v1/imports/${up.json.id}/dry-run`, {})).status, 400);
});
