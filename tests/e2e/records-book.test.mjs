// Issue 11: the record screens' API — the forms route (each create's fields, what a person may
// record) — and the サーバー室入退室管理簿 of a period as PDF and XLSX: who may have it, the period's
// bad inputs (each a 400 naming its field), and what the documents hold (和暦 dates, the room, the
// entries; the PDF's text read by tests/e2e/lib/pdftext.mjs, the XLSX's sheet XML by unzip).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli, startServer } from "./lib/server.mjs";
import { Client, signInFirstTime } from "./lib/client.mjs";
import { jstDate, lastWeekDays, reiwaYear } from "./lib/clock.mjs";
import { pdfText } from "./lib/pdftext.mjs";

let srv, manager, staff, outsider, op1, room, johoUnit;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

async function account(staffNo, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  return (await signInFirstTime(srv.url, login, /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1])).client;
}

async function download(client, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

/** 令和N年M月D日 of a YYYY-MM-DD date. */
const wareki = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `令和${reiwaYear(y) === 1 ? "元" : reiwaYear(y)}年${m}月${d}日`;
};

before(async () => {
  srv = await startServer({ demo: true });
  johoUnit = Number(sql("SELECT id FROM org_units WHERE code = 'somu-joho'"));
  room = Number(sql("SELECT id FROM server_rooms WHERE door_code = 'SR-1'"));
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${johoUnit}`);
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${johoUnit} AND title = '主事' ORDER BY id LIMIT 1`);
  const op1No = sql("SELECT staff_no FROM people WHERE employment = 'contractor' ORDER BY id LIMIT 1");
  const outsiderNo = sql(`SELECT p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id
    WHERE u.code = 'kikaku-zaisei' AND p.title = '主事' ORDER BY p.id LIMIT 1`);
  manager = await account(managerNo, "joho.kacho");
  staff = await account(staffNo, "joho.staff");
  op1 = await account(op1No, "joho.op1");
  outsider = await account(outsiderNo, "zaisei.staff");
});

after(async () => {
  await srv?.stop();
});

describe("the record forms (GET /api/v1/records/forms)", () => {
  test("each create's fields with the limits its handler checks, and what the person may record", async () => {
    const r = await manager.get("/api/v1/records/forms");
    assert.equal(r.status, 200, r.text);
    for (const kind of ["failure", "failure_update", "bringin", "license", "work", "room", "access", "entry", "move"]) assert.ok(r.json.forms[kind]?.fields.length, kind);
    const title = r.json.forms.failure.fields.find((f) => f.name === "title");
    assert.deepEqual([title.label, title.required, title.max_chars, title.type], ["件名", true, 200, "text"]);
    assert.equal(r.json.forms.failure.article, "第66条");
    // the form's limit is the server's, counted in characters (the API used to count bytes: 200
    // kanji were refused there although the form and the domain allowed them)
    const report = (t) => manager.post("/api/v1/records/failures", { title: t, description: "d", occurred_at: `${jstDate(-1)}T10:00` });
    const full = await report("障".repeat(title.max_chars));
    assert.equal(full.status, 201, full.text);
    const over = await report("障".repeat(title.max_chars + 1));
    assert.equal(over.status, 400, over.text);
    assert.deepEqual([over.json.code, over.json.field], ["too_long", "title"]);
    assert.match(over.json.detail, /「件名」は200文字以内で入力してください/);
    // a time of day is checked as one, with the field it is in
    const hours = await manager.post("/api/v1/records/server-rooms", { name: "時刻の確認", unit_id: johoUnit, office_end: "25:00" });
    assert.deepEqual([hours.status, hours.json.code, hours.json.field], [400, "invalid_office_hours", "office_end"]);
    assert.equal(r.json.forms.entry.fields.find((f) => f.name === "time_in").type, "datetime");
    assert.ok(!r.json.forms.bringin.fields.some((f) => f.name === "request_id"), "the request link is not typed by hand");
    assert.deepEqual(r.json.forms.move.fields.find((f) => f.name === "direction").options,
      [{ value: "in", label: "搬入", label_en: "In" }, { value: "out", label: "搬出", label_en: "Out" }]);
    // the 課長 of 情報政策課 registers rooms for it; a 主事 of another 課 for none, and sees no room as its keeper
    assert.ok(r.json.may.room_units.some((u) => u.id === johoUnit));
    assert.equal(r.json.may.bringin_for_others, true);
    const o = await outsider.get("/api/v1/records/forms");
    assert.deepEqual(o.json.may.room_units, []);
    assert.equal(o.json.may.bringin_for_others, false);
    assert.deepEqual(o.json.may.rooms_kept, []);
    assert.ok(r.json.may.rooms_kept.some((x) => x.id === room));
    assert.ok(o.json.may.systems.length > 0, "anyone may name any system in a failure report");
    // what the forms offer the server accepts: a room for a unit of room_units, refused outside them
    const other = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'"));
    assert.ok(!o.json.may.room_units.some((u) => u.id === other));
    assert.equal((await outsider.post("/api/v1/records/server-rooms", { name: "財政課の部屋", unit_id: other })).status, 403);
  });

  test("a person on a room's list may record their own entries (can_record_self)", async () => {
    const r = await op1.get("/api/v1/records/server-rooms");
    assert.equal(r.status, 200);
    assert.equal(r.json.items.find((x) => x.id === room).can_record_self, true);
    const o = await outsider.get("/api/v1/records/server-rooms");
    assert.equal(o.json.items.find((x) => x.id === room).can_record_self, false);
  });
});

describe("the 入退室管理簿 as a document (第35条)", () => {
  const period = () => `from=${jstDate(lastWeekDays(0))}&to=${jstDate(lastWeekDays(6))}`;

  test("PDF: A4 pages with the room, the period in 和暦, the headings, the entries and page numbers", async () => {
    const r = await download(manager, `/api/v1/records/server-rooms/${room}/book.pdf?${period()}`);
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.type, "application/pdf");
    const pages = pdfText(r.body);
    assert.ok(pages.length >= 1);
    const first = pages[0];
    for (const s of ["サーバー室入退室管理簿", "本庁舎サーバー室", "入室日時", "退室日時", "目的", "指摘",
      `${wareki(jstDate(lastWeekDays(0)))}〜${wareki(jstDate(lastWeekDays(6)))}`, `1 / ${pages.length}`])
      assert.ok(first.includes(s), `page 1 lacks ${s}:\n${first}`);
    // the demo's Saturday entry without a request, flagged in words (a cell's text may wrap)
    const all = pages.join("").replaceAll("\n", "");
    assert.ok(all.includes("時間外 (承認された立入申請なし)"), all);
    assert.ok(pages.join("\n").includes(`${wareki(jstDate(lastWeekDays(5)))} 10:00`));
    // a mediabox of A4 landscape (842 × 595 pt)
    assert.match(r.body.toString("latin1"), /\/MediaBox \[ ?0 0 841\.88\d* 595\.27\d* ?\]/);
  });

  test("XLSX: one sheet with the same rows and words", async () => {
    const r = await download(manager, `/api/v1/records/server-rooms/${room}/book.xlsx?${period()}`);
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const dir = mkdtempSync(join(tmpdir(), "lgsec-book-"));
    writeFileSync(join(dir, "book.xlsx"), r.body);
    const sheet = spawnSync("unzip", ["-p", join(dir, "book.xlsx"), "xl/worksheets/sheet1.xml"], { encoding: "utf8" }).stdout;
    for (const s of ["入室日時", "付添いの職員", "時間外 (承認された立入申請なし)", `${wareki(jstDate(lastWeekDays(5)))} 10:00`, "本庁舎サーバー室"])
      assert.ok(sheet.includes(s), `sheet lacks ${s}`);
  });

  test("only the book's keepers have it; signed-out is 401", async () => {
    for (const kind of ["pdf", "xlsx"]) {
      const r = await outsider.get(`/api/v1/records/server-rooms/${room}/book.${kind}?${period()}`);
      assert.equal(r.status, 403);
      assert.equal(r.json.code, "record_forbidden");
      assert.equal((await new Client(srv.url).get(`/api/v1/records/server-rooms/${room}/book.${kind}?${period()}`)).status, 401);
      assert.equal((await staff.get(`/api/v1/records/server-rooms/999999/book.${kind}?${period()}`)).status, 404);
    }
  });

  test("a bad period is a 400 naming its field", async () => {
    const today = jstDate(0);
    const cases = [
      ["", "from", "required"],
      [`from=${today}`, "to", "required"],
      [`from=R8.12.1&to=${today}`, "from", "invalid_date"],
      [`from=${today}&to=${today.slice(0, 8)}32`, "to", "invalid_date"],
      [`from=${today}&to=${jstDate(-1)}`, "to", "invalid_period"],
      [`from=${jstDate(-400)}&to=${today}`, "to", "period_too_long"],
    ];
    for (const kind of ["pdf", "xlsx"])
      for (const [q, field, code] of cases) {
        const r = await staff.get(`/api/v1/records/server-rooms/${room}/book.${kind}?${q}`);
        assert.equal(r.status, 400, `${kind} ${q}`);
        assert.equal(r.json.field, field, `${kind} ${q}`);
        assert.equal(r.json.code, code, `${kind} ${q}`);
        assert.match(r.json.detail, /期間/);
      }
  });

  test("a long book: every page repeats the title, the room and the headings, numbered N / M", async () => {
    // 60 entries on one day a month ahead (a period of its own), each with a purpose that wraps
    const day = jstDate(40);
    for (let i = 0; i < 60; i++) {
      const hh = String(8 + Math.floor(i / 6)).padStart(2, "0"), mm = String((i % 6) * 10).padStart(2, "0");
      const r = await manager.post(`/api/v1/records/server-rooms/${room}/entries`, {
        person_id: Number(sql("SELECT id FROM people ORDER BY id LIMIT 1")),
        purpose: `点検 ${i + 1} 回目: 空調・電源・ラックの施錠を確認し、異常の有無を記録した`, time_in: `${day}T${hh}:${mm}`,
      });
      assert.equal(r.status, 201, r.text);
    }
    const r = await download(manager, `/api/v1/records/server-rooms/${room}/book.pdf?from=${day}&to=${day}`);
    assert.equal(r.status, 200);
    const pages = pdfText(r.body);
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    pages.forEach((p, i) => {
      for (const s of ["サーバー室入退室管理簿", "本庁舎サーバー室", "入室日時", `${i + 1} / ${pages.length} ページ`])
        assert.ok(p.includes(s), `page ${i + 1} lacks ${s}`);
    });
    // oldest first, every entry once, numbered 1 … 60 across the pages
    const all = pages.join("\n");
    assert.ok(all.indexOf("点検 1 回目") < all.indexOf("点検 60 回目"));
    for (let i = 1; i <= 60; i++) assert.ok(all.includes(`点検 ${i} 回目`), `entry ${i}`);
  });

  test("a period without entries still prints, saying so", async () => {
    const r = await download(staff, `/api/v1/records/server-rooms/${room}/book.pdf?from=${jstDate(30)}&to=${jstDate(31)}`);
    assert.equal(r.status, 200);
    assert.ok(pdfText(r.body)[0].includes("この期間の記録はありません。"));
  });
});
