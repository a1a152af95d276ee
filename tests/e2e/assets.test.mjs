// 情報資産台帳 API: the rules of 第22条 and 第23条 as a 課's staff, its 情報セキュリティ管理者 and
// an outsider meet them — derived 取扱制限 that cannot be dropped, lowering only by the manager,
// copies that inherit, 要判断, 許可待ち records, labels, search, and bad input that changes nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv, staff, manager, outsider, kikakuId;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

const account = async (staffNo, login) =>
  (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;

before(async () => {
  srv = await startServer({ demo: true });
  kikakuId = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikakuId}`);
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikakuId} AND title = '主事' ORDER BY id LIMIT 1`);
  const outsiderNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code = 'kikaku-zaisei' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
  manager = await account(managerNo, "kikaku.kacho");
  staff = await account(staffNo, "kikaku.staff");
  outsider = await account(outsiderNo, "zaisei.staff");
});

after(async () => {
  await srv?.stop();
});

const base = () => ({
  name: "企画課 総合計画策定資料 (ＬＧＷＡＮ端末保存)",
  kind: "information",
  unit_id: kikakuId,
  format: "electronic",
  storage_place: "共有フォルダ",
  confidentiality: "3B",
  integrity: "2",
  availability: "2",
  classification_reason: "未公表の政策情報を含むため",
});

describe("情報資産台帳", () => {
  let asset;

  test("the owning 課's staff registers an asset; restrictions are derived from the pack with their article", async () => {
    const r = await staff.post("/api/v1/assets", base());
    assert.equal(r.status, 201, r.text);
    asset = r.json;
    assert.match(asset.asset_no, /^IA-/);
    const derived = asset.restrictions.filter((x) => x.origin === "derived");
    assert.ok(derived.length > 0);
    assert.ok(derived.every((x) => /^第22条/.test(x.article)));
    assert.match(asset.label_text, /自治体機密性3B・完全性2・可用性2｜/);
    assert.equal(asset.can_edit, true);
    assert.equal(asset.can_lower, false);
    assert.equal(asset.history[0].action, "asset.create");
  });

  test("another 課 cannot register or edit it", async () => {
    const r = await outsider.post("/api/v1/assets", base());
    assert.equal(r.status, 403);
    // 機密性3B of another 課 is need-to-know (第23条, tests/e2e/needtoknow.test.mjs): as if it did not exist
    const p = await outsider.patch(`/api/v1/assets/${asset.id}`, { notes: "x" });
    assert.equal(p.status, 404);
    assert.equal(p.json.code, "asset_not_found");
    assert.equal((await outsider.get(`/api/v1/assets/${asset.id}`)).status, 404);
  });

  test("a derived restriction cannot be removed (第22条)", async () => {
    const rid = asset.restrictions.find((x) => x.origin === "derived").id;
    const r = await manager.post(`/api/v1/assets/${asset.id}/restrictions/${rid}/remove`, {});
    assert.equal(r.status, 403);
    assert.equal(r.json.code, "restriction_derived");
    assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/);
  });

  test("lowering a classification: refused for staff, allowed for the manager with a reason, recorded", async () => {
    const refused = await staff.patch(`/api/v1/assets/${asset.id}`, { confidentiality: "2", classification_reason: "公表済み" });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "classification_lowering_forbidden");
    const noReason = await manager.patch(`/api/v1/assets/${asset.id}`, { confidentiality: "2" });
    assert.equal(noReason.status, 400);
    const ok = await manager.patch(`/api/v1/assets/${asset.id}`, { confidentiality: "2", classification_reason: "計画を公表したため" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.confidentiality, "2");
    const entry = ok.json.history.find((h) => h.action === "asset.classify");
    assert.equal(entry.before.confidentiality, "3B");
    assert.equal(entry.after.confidentiality, "2");
  });

  test("a copy inherits the classification (第23条3)", async () => {
    const r = await staff.post(`/api/v1/assets/${asset.id}/copy`, { name: "総合計画策定資料 (会議配布用)", storage_place: "会議室" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.confidentiality, "2");
    assert.equal(r.json.source.id, asset.id);
  });

  test("an asset without a classification is 要判断, handled as the strictest, decided by the manager", async () => {
    const { confidentiality, integrity, availability, classification_reason, ...rest } = base();
    void confidentiality, integrity, availability, classification_reason;
    const r = await staff.post("/api/v1/assets", { ...rest, name: "分類未定の調査票" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.classification_status, "pending");
    assert.equal(r.json.effective.confidentiality, "3A");
    const queue = await manager.get("/api/v1/assets/pending");
    assert.ok(queue.json.items.some((x) => x.id === r.json.id));
    assert.equal((await staff.post(`/api/v1/assets/${r.json.id}/decide`, { confidentiality: "2", integrity: "1", availability: "1", reason: "x" })).status, 403);
    const d = await manager.post(`/api/v1/assets/${r.json.id}/decide`, { confidentiality: "2", integrity: "1", availability: "1", reason: "個人情報を含まない統計のため" });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.classification_status, "decided");
  });

  test("transport of 機密性2 is recorded as 許可待ち (第23条10)", async () => {
    const r = await staff.post(`/api/v1/assets/${asset.id}/events`, { kind: "transport", details: "本庁から支所へ運搬", encrypted: true });
    assert.equal(r.status, 201, r.text);
    const ev = r.json.events.find((x) => x.kind === "transport");
    assert.equal(ev.approval_status, "pending");
  });

  test("the first page says how many assets the search finds (checked against the database)", async () => {
    // what 企画課's staff may read (第23条): their own 課's assets, and of the others only 機密性1 ones
    // (a medium only when nothing it holds is above 機密性1)
    const readable = `disposed_at IS NULL AND (unit_id = ${kikakuId} OR (confidentiality = '1' AND NOT (kind = 'medium'
      AND EXISTS (SELECT 1 FROM media_contents m JOIN assets c ON c.id = m.content_asset_id
      WHERE m.medium_asset_id = assets.id AND c.disposed_at IS NULL AND coalesce(c.confidentiality, '') <> '1'))))`;
    const all = await staff.get("/api/v1/assets?limit=10");
    assert.equal(all.json.total, Number(sql(`SELECT count(*) FROM assets WHERE ${readable}`)));
    assert.ok(all.json.total < Number(sql("SELECT count(*) FROM assets WHERE disposed_at IS NULL")));
    assert.equal(all.json.total_capped, false);
    const b3 = await staff.get("/api/v1/assets?limit=10&confidentiality=3B");
    assert.equal(b3.json.total, Number(sql(`SELECT count(*) FROM assets WHERE ${readable} AND confidentiality = '3B'`)));
    const next = await staff.get(`/api/v1/assets?limit=10&cursor=${encodeURIComponent(all.json.next_cursor)}`);
    assert.equal(next.json.total, undefined, "later pages do not count again");
  });

  test("search treats full-width and half-width alike; labels print as PDF", async () => {
    const r = await staff.get("/api/v1/assets?q=" + encodeURIComponent("LGWAN端末"));
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((x) => x.id === asset.id));
    const pdf = await fetch(`${srv.url}/api/v1/assets/labels.pdf?ids=${asset.id}`, { headers: { cookie: staff.cookie } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    assert.match(pdf.headers.get("content-disposition"), /attachment/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
  });

  test("bad input: clear field errors and nothing written", async () => {
    const before = sql("SELECT count(*) FROM assets");
    const cases = [
      [{ ...base(), confidentiality: "4Z" }, "confidentiality"],
      [{ ...base(), kind: "spaceship" }, "kind"],
      [{ ...base(), unit_id: 999999 }, "unit_id"],
      [{ ...base(), classification_reason: "" }, "classification_reason"],
      [{ ...base(), colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const r = await staff.post("/api/v1/assets", body);
      assert.equal(r.status, 400, `${field}: ${r.text}`);
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM assets"), before);
    assert.equal((await staff.get("/api/v1/assets?sort=colour")).status, 400);
    assert.equal((await staff.get("/api/v1/assets?cursor=garbage")).status, 400);
    assert.equal((await staff.get("/api/v1/assets/labels.pdf?ids=abc")).status, 400);
  });

  test("limits are characters, as declared: the form takes what the import takes, and refuses the same", async () => {
    // 保管者 is declared with 200 characters: 200 kanji (600 bytes) are accepted, 201 refused with the
    // declaration's message — the one a register import gives for the same cell.
    const ok = await staff.post("/api/v1/assets", { ...base(), holder: "保".repeat(200), storage_place: "庫".repeat(400) });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.holder.length, 200);
    const before = sql("SELECT count(*) FROM assets");
    const r = await staff.post("/api/v1/assets", { ...base(), holder: "保".repeat(201) });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "too_long");
    assert.equal(r.json.field, "holder");
    assert.equal(r.json.detail, "「保管者」は200文字以内で入力してください (201文字あります)");
    const unitName = sql(`SELECT name FROM org_units WHERE id = ${kikakuId}`);
    const csv = `名称,種別,所管課,保管者\r\n台帳,情報,${unitName},${"保".repeat(201)}\r\n`;
    const up = await staff.req("POST", "/api/v1/imports?target=assets&filename=daicho.csv", undefined, {
      raw: Buffer.from(csv), headers: { "content-type": "text/csv" },
    });
    assert.equal(up.status, 201, up.text);
    const dry = await staff.post(`/api/v1/imports/${up.json.id}/dry-run`, { mapping: up.json.suggested_mapping });
    assert.equal(dry.status, 200, dry.text);
    const e = dry.json.errors[0];
    assert.deepEqual([e.row, e.column, e.field, e.code, e.detail], [2, "D", "holder", r.json.code, r.json.detail]);
    assert.equal(sql("SELECT count(*) FROM assets"), before);
  });
});
