// 研修 over the API (issue 15, part 1: 第50条–第53条) on the demo: courses per 年度 for the pack's
// audiences, attendance by hand and imported from CSV (UTF-8 and CP932) and XLSX with the header
// mapping of the register import, all rows or none; 受講率 per 課室 compared with an independent SQL
// count; who has not attended; what a 課室's 情報セキュリティ管理者 and a 職員 may see; each bad input
// refused with its code and field, storing nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, reiwaYear } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

let srv, ciso, manager, staff, staffId, managerSection;
const fy = fiscalYearOf(0);
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const courses = () => Number(sql("SELECT count(*) FROM training_courses"));
const records = () => Number(sql("SELECT count(*) FROM training_attendance"));
const audiences = readFileSync(new URL("../../packs/mic/training.yaml", import.meta.url), "utf8")
  .split("\n").filter((l) => l.startsWith("    - id: ")).map((l) => l.slice(10).trim());

// The 課室 of a unit: itself or the nearest section above it (else the unit itself), walked in JS.
let units;
const sectionOf = (unit) => {
  units ??= new Map(sql("SELECT id, kind, coalesce(parent_id, 0) FROM org_units").split("\n")
    .map((l) => l.split("|")).map(([id, kind, parent]) => [Number(id), { kind, parent: Number(parent) }]));
  for (let u = Number(unit); u; u = units.get(u).parent) if (units.get(u).kind === "section") return u;
  return Number(unit);
};
const activeToday = `active_from <= '${jstDate(0)}' AND (active_until IS NULL OR active_until >= '${jstDate(0)}')`;

function upload(client, course, body, query = "", type = "text/csv") {
  return client.req("POST", `/api/v1/training/courses/${course}/import${query}`, undefined, { raw: body, headers: { "content-type": type } });
}

// A one-sheet XLSX holding rows (inline strings), made with zip(1) from the minimal parts.
function xlsx(rows) {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-xlsx-"));
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = rows.map((r, i) => `<row r="${i + 1}">${r.map((c, k) =>
    `<c r="${col(k)}${i + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join("")}</row>`).join("");
  const files = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="受講履歴" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const r = spawnSync("zip", ["-q", "-X", "-r", "book.xlsx", "[Content_Types].xml", "_rels", "xl"], { cwd: dir });
  assert.equal(r.status, 0, String(r.stderr));
  return readFileSync(join(dir, "book.xlsx"));
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  // a 課室's 情報セキュリティ管理者 whose 課室 has people without roles
  const m = sql(`SELECT p.staff_no, r.scope_id FROM role_assignments r JOIN people p ON p.id = r.person_id
                 WHERE r.role = 'section_security_manager' AND r.valid_until IS NULL
                 AND (SELECT count(*) FROM people q WHERE q.unit_id = r.scope_id) >= 3 ORDER BY r.id LIMIT 1`).split("|");
  managerSection = Number(m[1]);
  manager = (await signInFirstTime(srv.url, "ka.kanri", addAccount(srv.db, m[0], "ka.kanri"))).client;
  const plain = sql(`SELECT p.id, p.staff_no FROM people p WHERE p.unit_id <> ${managerSection} AND ${activeToday}
                     AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1`).split("|");
  staffId = Number(plain[0]);
  staff = (await signInFirstTime(srv.url, "plain.staff", addAccount(srv.db, plain[1], "plain.staff"))).client;
});

after(async () => {
  await srv?.stop();
});

let course;

describe("courses", () => {
  test("the pack's audiences are offered to every signed-in person", async () => {
    const r = await staff.get("/api/v1/training/audiences");
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items.map((a) => a.id), audiences);
    assert.ok(r.json.items.every((a) => a.label && a.label_en && /^第\d+条/.test(a.article)));
  });

  test("only training.manage lists and registers courses", async () => {
    assert.equal((await staff.get("/api/v1/training/courses")).status, 403);
    const r = await staff.post("/api/v1/training/courses", { fiscal_year: fy, title: "x", audience: "all_staff" });
    assert.equal(r.status, 403);
    assert.equal(courses(), 0);
  });

  test("the CISO registers a course for all staff; its audience is every active person", async () => {
    const r = await ciso.post("/api/v1/training/courses",
      { fiscal_year: fy, title: "情報セキュリティ研修 (全職員)", audience: "all_staff", method: "elearning", due_on: jstDate(0) });
    assert.equal(r.status, 201, r.text);
    course = r.json.id;
    assert.equal(r.json.audience_label, "全職員");
    assert.equal(r.json.counts.target, Number(sql(`SELECT count(*) FROM people WHERE ${activeToday}`)));
    assert.equal(r.json.counts.attended, 0);
    assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'training.course_create'`), "1");
    const list = await ciso.get(`/api/v1/training/courses?fiscal_year=${fy}`);
    assert.deepEqual(list.json.items.map((c) => c.id), [course]);
    assert.equal((await ciso.get(`/api/v1/training/courses?fiscal_year=${fy - 1}`)).json.items.length, 0);
  });

  test("a session falls in the course's 年度", async () => {
    const ok = await ciso.post(`/api/v1/training/courses/${course}/sessions`, { held_on: jstDate(0), place: "大会議室", instructor: "情報政策課" });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.sessions.length, 1);
    const bad = await ciso.post(`/api/v1/training/courses/${course}/sessions`, { held_on: `${fy - 1}-12-01` });
    assert.equal(bad.status, 400);
    assert.deepEqual([bad.json.code, bad.json.field], ["date_outside_fiscal_year", "held_on"]);
  });

  test("each bad input is refused with its code and field, and nothing is stored", async () => {
    const good = { fiscal_year: fy, title: "研修", audience: "all_staff" };
    const cases = [
      [{ ...good, title: undefined }, "required", "title"],
      [{ ...good, title: "" }, "required", "title"],
      [{ ...good, title: "あ".repeat(201) }, "too_long", "title"],
      [{ ...good, title: "a\u0007b" }, "invalid_text", "title"],
      [{ ...good, audience: "everyone" }, "unknown_audience", "audience"],
      [{ ...good, audience: undefined }, "required", "audience"],
      [{ ...good, method: "webinar" }, "invalid_method", "method"],
      [{ ...good, fiscal_year: 1999 }, "out_of_range", "fiscal_year"],
      [{ ...good, fiscal_year: "2026" }, "invalid_type", "fiscal_year"],
      [{ ...good, due_on: "2026-02-30" }, "invalid_date", "due_on"],
      [{ ...good, due_on: `${fy + 1}-04-01` }, "date_outside_fiscal_year", "due_on"],
      [{ ...good, description: "x".repeat(2001) }, "too_long", "description"],
      [{ ...good, colour: "red" }, "unknown_field", "colour"],
    ];
    const before = courses();
    for (const [body, code, field] of cases) {
      const r = await ciso.post("/api/v1/training/courses", body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.deepEqual([r.json.code, r.json.field], [code, field], JSON.stringify(body).slice(0, 80));
      assert.ok(r.json.detail, "a Japanese message");
    }
    assert.equal(courses(), before);
    const fixed = await ciso.patch(`/api/v1/training/courses/${course}`, { fiscal_year: fy + 1 });
    assert.deepEqual([fixed.status, fixed.json.code], [400, "immutable_field"]);
    assert.equal((await ciso.get("/api/v1/training/courses/99999")).status, 404);
  });
});

describe("attendance by hand", () => {
  test("a person of the audience is recorded once; withdrawn, they can be recorded again", async () => {
    const r = await ciso.post(`/api/v1/training/courses/${course}/attendance`, { person_id: staffId, attended_on: jstDate(0) });
    assert.equal(r.status, 201, r.text);
    const again = await ciso.post(`/api/v1/training/courses/${course}/attendance`, { person_id: staffId, attended_on: jstDate(0) });
    assert.deepEqual([again.status, again.json.code], [409, "attendance_exists"]);
    const w = await ciso.post(`/api/v1/training/courses/${course}/attendance/${r.json.id}/withdraw`, {});
    assert.equal(w.status, 200, w.text);
    assert.equal((await ciso.post(`/api/v1/training/courses/${course}/attendance/${r.json.id}/withdraw`, {})).json.code, "attendance_withdrawn");
    const re = await ciso.post(`/api/v1/training/courses/${course}/attendance`, { person_id: String(staffId), attended_on: jstDate(0), note: "再受講" });
    assert.equal(re.status, 201, re.text);
    assert.equal(sql(`SELECT count(*) FROM training_attendance WHERE person_id = ${staffId} AND withdrawn_at IS NOT NULL`), "1");
    const mine = await staff.get("/api/v1/training/me");
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.json.items.map((c) => [c.id, c.attended_on]), [[Number(course), jstDate(0)]]);
  });

  test("bad records are refused with their code and field, and nothing is stored", async () => {
    const other = await ciso.post("/api/v1/training/courses", { fiscal_year: fy, title: "管理者研修", audience: "security_managers" });
    assert.equal(other.status, 201);
    const someone = Number(sql(`SELECT id FROM people WHERE id <> ${staffId} AND ${activeToday} ORDER BY id DESC LIMIT 1`));
    const future = fiscalYearOf(1) === fy ? "date_in_future" : "date_outside_fiscal_year";
    const cases = [
      [course, { person_id: someone, attended_on: jstDate(1) }, 400, future, "attended_on"],
      [course, { person_id: someone, attended_on: `${fy - 1}-12-01` }, 400, "date_outside_fiscal_year", "attended_on"],
      [course, { person_id: someone, attended_on: "12/01" }, 400, "invalid_date", "attended_on"],
      [course, { person_id: 999999, attended_on: jstDate(0) }, 400, "unknown_person", "person_id"],
      [course, { attended_on: jstDate(0) }, 400, "required", "person_id"],
      [course, { person_id: someone }, 400, "required", "attended_on"],
      [course, { person_id: someone, attended_on: jstDate(0), note: "x".repeat(201) }, 400, "too_long", "note"],
      [course, { person_id: someone, attended_on: jstDate(0), session_id: 999999 }, 400, "unknown_session", "session_id"],
      [other.json.id, { person_id: staffId, attended_on: jstDate(0) }, 400, "not_in_audience", "person_id"],
    ];
    const before = records();
    for (const [c, body, status, code, field] of cases) {
      const r = await ciso.post(`/api/v1/training/courses/${c}/attendance`, body);
      assert.deepEqual([r.status, r.json.code, r.json.field], [status, code, field], JSON.stringify(body));
    }
    assert.equal((await staff.post(`/api/v1/training/courses/${course}/attendance`, { person_id: staffId, attended_on: jstDate(0) })).status, 403);
    assert.equal(records(), before);
  });
});

describe("attendance from a file", () => {
  const section = () => sql(`SELECT id, staff_no FROM people WHERE unit_id = ${managerSection} AND ${activeToday} ORDER BY id`)
    .split("\n").map((l) => l.split("|"));

  test("a CSV with problems is answered row by row and column by column; nothing is stored", async () => {
    const [[, a], [, b]] = section();
    const csv = ["受講者ID,氏名,修了日時", `${a},x,${jstDate(0)} 10:00`, "Z999999,y," + jstDate(0), `${b},z,${fy - 1}/12/01`,
      `${a},again,${jstDate(0)}`, `${b},w,昨日`].join("\r\n");
    const before = records();
    const r = await upload(ciso, course, Buffer.from(csv));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, "import_has_errors");
    assert.deepEqual(r.json.errors.map((x) => [x.row, x.column, x.code]),
      [[5, "A", "import_duplicate"], [6, "A", "import_duplicate"], [6, "C", "value_date"], [3, "A", "person_not_found"],
       [4, "C", "date_outside_fiscal_year"]]);
    assert.ok(r.json.errors.every((x) => x.ja && x.en));
    assert.equal(records(), before);
  });

  test("a dry run writes nothing; the import records every row in one go (CP932, headers found by their aliases)", async () => {
    const people = section();
    const csv = ["職員番号,氏名,受講日", ...people.map(([, no]) => `${no},名前,${jstDate(0).replace(/-/g, "/")}`), `${sql(`SELECT staff_no FROM people WHERE id = ${staffId}`)},本人,${jstDate(0)}`].join("\r\n") + "\r\n";
    const cp932 = spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: csv }).stdout;
    const before = records();
    const dry = await upload(ciso, course, cp932, "?dry_run=1&filename=sheet.csv");
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual([dry.json.rows, dry.json.valid_rows, dry.json.error_count, dry.json.already, dry.json.created, dry.json.dry_run],
      [people.length + 1, people.length + 1, 0, 1, 0, true]);
    assert.deepEqual(dry.json.mapping.fields.filter((f) => f.mapped_column).map((f) => [f.name, f.mapped_column]),
      [["staff_no", "A"], ["attended_on", "C"]]);
    assert.equal(records(), before);
    const ok = await upload(ciso, course, cp932);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual([ok.json.created, ok.json.already, ok.json.dry_run], [people.length, 1, false]);
    assert.equal(records(), before + people.length);
    assert.equal(sql(`SELECT count(*) FROM training_attendance WHERE source = 'import'`), String(people.length));
  });

  test("an XLSX sign-in sheet with a title row and the user's mapping", async () => {
    const other = sql(`SELECT staff_no FROM people WHERE unit_id <> ${managerSection} AND id <> ${staffId} AND ${activeToday} ORDER BY id LIMIT 2`).split("\n");
    const book = xlsx([["令和 受講者名簿"], ["No", "番号", "日付"], ["1", other[0], jstDate(0)], ["2", other[1], jstDate(0)]]);
    const guess = await upload(ciso, course, book, "?dry_run=1&filename=meibo.xlsx", "application/octet-stream");
    assert.equal(guess.status, 400, guess.text);
    assert.equal(guess.json.code, "mapping_required_missing");
    assert.ok(guess.json.mapping.columns.length >= 3);
    const mapping = encodeURIComponent(JSON.stringify({ header_row: 2, columns: { B: "staff_no", C: "attended_on" } }));
    const before = records();
    const ok = await upload(ciso, course, book, `?mapping=${mapping}`, "application/octet-stream");
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.created, 2);
    assert.equal(records(), before + 2);
  });

  test("bad files are refused clearly", async () => {
    const empty = await upload(ciso, course, Buffer.alloc(0));
    assert.deepEqual([empty.status, empty.json.code], [400, "file_empty"]);
    const utf16 = await upload(ciso, course, Buffer.from("\ufeff職員番号,受講日\n", "utf16le"));
    assert.equal(utf16.status, 400);
    const badMap = await upload(ciso, course, Buffer.from("a,b\n1,2\n"), `?mapping=${encodeURIComponent("[1]")}`);
    assert.deepEqual([badMap.status, badMap.json.code], [400, "mapping_invalid"]);
    assert.equal((await upload(staff, course, Buffer.from("職員番号,受講日\n"))).status, 403);
  });
});

describe("受講率 and who has not attended", () => {
  test("per 課室, equal to an independent count of the database", async () => {
    const r = await ciso.get(`/api/v1/training/courses/${course}/rates`);
    assert.equal(r.status, 200, r.text);
    const people = sql(`SELECT id, unit_id FROM people WHERE ${activeToday}`).split("\n").map((l) => l.split("|").map(Number));
    const attended = new Set(sql(`SELECT person_id FROM training_attendance WHERE course_id = ${course} AND withdrawn_at IS NULL`).split("\n").map(Number));
    const want = new Map();
    for (const [id, unit] of people) {
      const sec = sectionOf(unit);
      const w = want.get(sec) ?? { target: 0, attended: 0 };
      w.target++;
      if (attended.has(id)) w.attended++;
      want.set(sec, w);
    }
    assert.equal(r.json.sections.length, want.size);
    for (const s of r.json.sections) {
      assert.deepEqual({ target: s.target, attended: s.attended }, want.get(s.unit_id), s.name);
      assert.equal(s.rate, Math.floor((s.attended * 1000) / s.target) / 10);
    }
    assert.equal(r.json.total.target, people.length);
    assert.equal(r.json.total.attended, attended.size);
    const full = r.json.sections.find((s) => s.unit_id === managerSection);
    assert.equal(full.rate, 100);
  });

  test("a 課室's 情報セキュリティ管理者 sees their 課室 only; a 職員 nothing", async () => {
    const r = await manager.get(`/api/v1/training/courses/${course}/rates`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.sections.map((s) => s.unit_id), [managerSection]);
    assert.equal((await staff.get(`/api/v1/training/courses/${course}/rates`)).status, 403);
    const elsewhere = Number(sql(`SELECT id FROM org_units WHERE kind = 'section' AND id <> ${managerSection} ORDER BY id LIMIT 1`));
    assert.equal((await manager.get(`/api/v1/training/courses/${course}/missing?section_id=${elsewhere}`)).status, 403);
    assert.equal((await staff.get(`/api/v1/training/people/${staffId + 1}`)).status, 403);
  });

  test("who has not attended, per 課室", async () => {
    const sec = sectionOf(sql(`SELECT unit_id FROM people WHERE id = ${staffId}`));
    const r = await ciso.get(`/api/v1/training/courses/${course}/missing?section_id=${sec}`);
    assert.equal(r.status, 200, r.text);
    const ids = r.json.items.map((x) => x.person_id);
    assert.ok(!ids.includes(staffId), "an attendee is not listed");
    const rates = (await ciso.get(`/api/v1/training/courses/${course}/rates`)).json.sections.find((s) => s.unit_id === sec);
    assert.equal(ids.length, rates.target - rates.attended);
    const all = await ciso.get(`/api/v1/training/courses/${course}/missing`);
    const total = (await ciso.get(`/api/v1/training/courses/${course}/rates`)).json.total;
    assert.equal(all.json.items.length, total.target - total.attended);
  });

  test("the yearly report's figures (第51条7)", async () => {
    const r = await ciso.get(`/api/v1/training/report?fiscal_year=${fy}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.courses.length, 2);
    assert.equal(r.json.total.attended, Number(sql(`SELECT count(DISTINCT person_id) FROM training_attendance WHERE withdrawn_at IS NULL`)));
    assert.deepEqual([(await ciso.get("/api/v1/training/report")).json.code], ["required"]);
    assert.equal((await ciso.get("/api/v1/training/report?fiscal_year=abc")).json.code, "invalid_fiscal_year");
    assert.equal((await staff.get(`/api/v1/training/report?fiscal_year=${fy}`)).status, 403);
    // the PDF's layout is also checked by tests/unit/test_training.c through poppler-glib
    const pdf = await fetch(`${srv.url}/api/v1/training/report/pdf?fiscal_year=${fy}`, { headers: { cookie: ciso.cookie } });
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get("content-type"), /application\/pdf/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    // pdftotext, independent of lgsec's cairo/pango, finds the report's title, 和暦 date, article and
    // every figure of the JSON report: per course, per 課室 and in total (long lines wrap: compared
    // without white space)
    const text = popplerLines(bytes), flat = text.replace(/\s/g, "");
    const [y, m, d] = jstDate(0).split("-").map(Number);
    assert.equal(r.json.date_label, `令和${reiwaYear(y)}年${m}月${d}日`);
    const pct = (x) => `${Number(x).toFixed(1)}%`;
    const wants = [r.json.date_label, `令和${reiwaYear(fy)}年度 情報セキュリティ研修の実施状況について(報告)`, "情報セキュリティ委員会 御中",
      "情報セキュリティ対策基準第51条第7項に基づき",
      ...r.json.courses.map((c, i) => `(${i + 1}) ${c.title}`),
      ...r.json.courses.map((c) => `受講者 ${c.counts.attended} 人 / 対象者 ${c.counts.target} 人 (受講率 ${pct(c.counts.rate)})`),
      ...r.json.sections.map((x) => `${x.name} ${x.attended} / ${x.target} 人 (${pct(x.rate)})`),
      `全体 ${r.json.total.attended} / ${r.json.total.target} 人 (${pct(r.json.total.rate)})`,
      // a formal document: the due dates in 和暦 too
      ...r.json.courses.filter((c) => c.due_on).map((c) => {
        const [cy, cm, cd] = c.due_on.split("-").map(Number);
        return `受講期限 令和${reiwaYear(cy)}年${cm}月${cd}日`;
      })];
    assert.ok(r.json.sections.length > 0);
    assert.ok(r.json.courses.some((c) => c.due_on), "a course with a due date is in the report");
    for (const want of wants) assert.ok(flat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」 in:\n${text}`);
    assert.equal((await staff.get(`/api/v1/training/report/pdf?fiscal_year=${fy}`)).status, 403);
  });
});

describe("緊急時対応訓練 (第52条)", () => {
  let drill, finding;
  const drills = () => Number(sql("SELECT count(*) FROM drills"));

  test("the CISO records a drill held today; bad input is refused with its code and field", async () => {
    const good = { fiscal_year: fy, title: "標的型メール訓練", held_on: jstDate(0), scenario: "職員宛に偽の請求書メールが届いた想定", scope: "全課室・CSIRT" };
    const future = fiscalYearOf(1) === fy ? "date_in_future" : "date_outside_fiscal_year";
    const cases = [
      [{ ...good, scenario: undefined }, "required", "scenario"],
      [{ ...good, scenario: "x".repeat(2001) }, "too_long", "scenario"],
      [{ ...good, title: "" }, "required", "title"],
      [{ ...good, held_on: jstDate(1) }, future, "held_on"],
      [{ ...good, held_on: `${fy - 1}-12-01` }, "date_outside_fiscal_year", "held_on"],
      [{ ...good, held_on: "2026-13-01" }, "invalid_date", "held_on"],
      [{ ...good, extra: 1 }, "unknown_field", "extra"],
    ];
    for (const [body, code, field] of cases) {
      const r = await ciso.post("/api/v1/training/drills", body);
      assert.deepEqual([r.status, r.json.code, r.json.field], [400, code, field], JSON.stringify(body).slice(0, 60));
    }
    assert.equal(drills(), 0);
    assert.equal((await staff.post("/api/v1/training/drills", good)).status, 403);
    const r = await ciso.post("/api/v1/training/drills", good);
    assert.equal(r.status, 201, r.text);
    drill = r.json.id;
    assert.deepEqual([r.json.participants, r.json.findings], [[], []]);
    assert.equal(drills(), 1);
  });

  test("participants once each; a finding becomes its owner's task until closed", async () => {
    const p = await ciso.post(`/api/v1/training/drills/${drill}/participants`, { person_id: staffId, part: "受信者" });
    assert.equal(p.status, 201, p.text);
    assert.deepEqual(p.json.participants.map((x) => [x.person_id, x.part]), [[staffId, "受信者"]]);
    const twice = await ciso.post(`/api/v1/training/drills/${drill}/participants`, { person_id: staffId });
    assert.deepEqual([twice.status, twice.json.code], [409, "participant_exists"]);
    assert.equal((await ciso.post(`/api/v1/training/drills/${drill}/participants`, { person_id: 999999 })).json.code, "unknown_person");
    const bad = [
      [{ finding: "x", owner_person_id: staffId, due_on: jstDate(-400) }, "date_order", "due_on"],
      [{ finding: "", owner_person_id: staffId, due_on: jstDate(30) }, "required", "finding"],
      [{ finding: "x", owner_person_id: 999999, due_on: jstDate(30) }, "unknown_person", "owner_person_id"],
      [{ finding: "x", due_on: jstDate(30) }, "required", "owner_person_id"],
    ];
    for (const [body, code, field] of bad) {
      const r = await ciso.post(`/api/v1/training/drills/${drill}/findings`, body);
      assert.deepEqual([r.status, r.json.code, r.json.field], [400, code, field], JSON.stringify(body));
    }
    const f = await ciso.post(`/api/v1/training/drills/${drill}/findings`,
      { finding: "報告までに30分かかった。連絡先を掲示する", owner_person_id: staffId, due_on: jstDate(30) });
    assert.equal(f.status, 201, f.text);
    finding = f.json.findings[0].id;
    const home = await staff.get("/api/v1/home");
    const task = home.json.tasks.find((t) => t.kind === "drill_finding");
    assert.ok(task, JSON.stringify(home.json.tasks.map((t) => t.kind)));
    assert.equal(task.link, `/training/drills/${drill}`);
    assert.equal(task.article, "第52条");
    // its owner reads the drill; someone else does not even see it, nor may close the finding
    assert.equal((await staff.get(`/api/v1/training/drills/${drill}`)).status, 200);
    assert.equal((await manager.get(`/api/v1/training/drills/${drill}`)).status, 404);
    assert.equal((await manager.post(`/api/v1/training/drills/${drill}/findings/${finding}/close`, { result: "x" })).status, 403);
    assert.equal((await staff.post(`/api/v1/training/drills/${drill}/findings/${finding}/close`, {})).json.code, "required");
    const done = await staff.post(`/api/v1/training/drills/${drill}/findings/${finding}/close`, { result: "各課に掲示した" });
    assert.equal(done.status, 200, done.text);
    assert.equal((await staff.post(`/api/v1/training/drills/${drill}/findings/${finding}/close`, { result: "x" })).json.code, "finding_closed");
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((t) => t.kind.startsWith("drill_")));
    const list = await ciso.get(`/api/v1/training/drills?fiscal_year=${fy}`);
    assert.deepEqual(list.json.items.map((d) => [d.id, d.participants, d.open_findings]), [[drill, 1, 0]]);
    assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action LIKE 'drill.%'"), "4");
  });
});

describe("induction (第47条)", () => {
  test("a person who starts today in a 課室 is its 情報セキュリティ管理者's task until they acknowledge the 対策基準", async () => {
    const body = { staff_no: "N-0001", name: "新任 花子", kana: "しんにん はなこ", employment: "fiscal_year", unit_id: managerSection, active_from: jstDate(0) };
    const r = await ciso.post("/api/v1/people", body);
    assert.equal(r.status, 201, r.text);
    const tasks = (await manager.get("/api/v1/home")).json.tasks.filter((t) => t.kind === "induction");
    assert.deepEqual(tasks.map((t) => t.title), [`着任した職員への説明と同意: 新任 花子 (${jstDate(0)} 着任)`]);
    assert.equal(tasks[0].article, "第47条");
    assert.ok(!(await staff.get("/api/v1/home")).json.tasks.some((t) => t.kind === "induction"));
    assert.ok(!(await ciso.get("/api/v1/home")).json.tasks.some((t) => t.kind === "induction"), "only the 課室's 管理者");
    // the new person sees the policy task from the first day; once they acknowledge, the 管理者's task goes
    const newcomer = (await signInFirstTime(srv.url, "shinnin", addAccount(srv.db, "N-0001", "shinnin"))).client;
    const own = (await newcomer.get("/api/v1/home")).json.tasks.filter((t) => t.kind === "policy_unread");
    assert.ok(own.length >= 1);
    const standard = sql("SELECT current_version_id FROM policy_documents WHERE kind = 'standard'");
    const ack = await newcomer.post(`/api/v1/policy-doc-versions/${standard}/acknowledge`, {});
    assert.ok(ack.status < 300, ack.text);
    assert.ok(!(await manager.get("/api/v1/home")).json.tasks.some((t) => t.kind === "induction"));
  });
});
