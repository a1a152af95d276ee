// 情報セキュリティ委員会 (第19条) over the API on the demo: the CISO (chair) schedules a meeting, adds
// members and a guest, puts the 年度's self-check, an audit and the incident figures on the agenda by
// reference, holds it (the record is frozen; its SHA-256 is in the trail entry), records decisions
// linked to a policy version and an audit and an instruction that becomes its owner's home task until
// done; the 議事録 PDF carries the 和暦 date, the agenda and the decisions. A 課長 (member) reads but
// cannot edit; a 職員 who is not a member gets 404. Bad input per field: clear error, nothing stored.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, reiwaYear } from "./lib/clock.mjs";
import { pdfText } from "./lib/pdftext.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

let srv, ciso, kacho, staff, kachoId, staffId, kikaku, meeting, campaign, audit;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const [mgr, mid] = sql(`SELECT p.staff_no, p.id FROM role_assignments r JOIN people p ON p.id = r.person_id
                          WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`).split("|");
  kachoId = Number(mid);
  kacho = (await signInFirstTime(srv.url, "c.kacho", addAccount(srv.db, mgr, "c.kacho"))).client;
  const [no, id] = sql(`SELECT p.staff_no, p.id FROM people p WHERE p.unit_id = ${kikaku} AND p.title = '主事'
                        AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) LIMIT 1`).split("|");
  staffId = Number(id);
  staff = (await signInFirstTime(srv.url, "c.staff", addAccount(srv.db, no, "c.staff"))).client;
});

after(async () => {
  await srv?.stop();
});

async function download(client, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("members and access", () => {
  test("members come from the role register: the CISO chairs; the 課長 is a member", async () => {
    const r = await ciso.get("/api/v1/committee/members");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.article, "第19条");
    const chairId = Number(sql(`SELECT person_id FROM role_assignments WHERE role = 'ciso' AND valid_from <= '${jstDate(0)}'
                                AND (valid_until IS NULL OR valid_until >= '${jstDate(0)}')`));
    assert.equal(r.json.chair.person_id, chairId);
    assert.ok(r.json.members.some((m) => m.person_id === kachoId));
    assert.ok(!r.json.members.some((m) => m.person_id === staffId));
    // an independent count of the people holding a member role today
    const roles = "'ciso','vice_ciso','chief_security_officer','department_security_officer','deputy_chief_security_officer','section_security_manager','system_manager','committee_member'";
    const n = sql(`SELECT count(DISTINCT r.person_id) FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role IN (${roles})
                   AND r.valid_from <= '${jstDate(0)}' AND (r.valid_until IS NULL OR r.valid_until >= '${jstDate(0)}')
                   AND p.active_from <= '${jstDate(0)}' AND (p.active_until IS NULL OR p.active_until >= '${jstDate(0)}')`);
    assert.equal(r.json.members.length, Number(n));
  });

  test("a 職員 who is not a member gets 404; a member may read but not edit", async () => {
    assert.equal((await staff.get("/api/v1/committee/members")).status, 404);
    assert.equal((await staff.get("/api/v1/committee/meetings")).status, 404);
    assert.equal((await kacho.get("/api/v1/committee/meetings")).status, 200);
    assert.equal((await kacho.post("/api/v1/committee/meetings", { title: "x", meets_on: jstDate(7) })).status, 403);
  });
});

describe("scheduling", () => {
  test("bad input per field is refused with its code, nothing stored", async () => {
    const cases = [
      [{ meets_on: jstDate(7) }, "required", "title"],
      [{ title: "t" }, "required", "meets_on"],
      [{ title: "t", meets_on: "2026-13-01" }, "invalid_date", "meets_on"],
      [{ title: "t", meets_on: jstDate(-400) }, "date_too_old", "meets_on"],
      [{ title: "あ".repeat(201), meets_on: jstDate(7) }, "too_long", "title"],
      [{ title: "a\u0007b", meets_on: jstDate(7) }, "invalid_text", "title"],
      [{ title: "t", meets_on: jstDate(7), starts_at: "25:00" }, "invalid_field", "starts_at"],
      [{ title: "t", meets_on: jstDate(7), colour: 1 }, "unknown_field", "colour"],
    ];
    for (const [body, code, field] of cases) {
      const r = await ciso.post("/api/v1/committee/meetings", body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, JSON.stringify(body));
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM committee_meetings"), "0");
  });

  test("the CISO schedules a meeting; its 年度 follows the date", async () => {
    const r = await ciso.post("/api/v1/committee/meetings",
      { title: "第1回 情報セキュリティ委員会", meets_on: jstDate(0), starts_at: "14:00", place: "第1会議室" });
    assert.equal(r.status, 201, r.text);
    meeting = r.json.id;
    assert.equal(r.json.state, "scheduled");
    assert.equal(r.json.fiscal_year, fiscalYearOf(0));
  });

  test("attendees: members by person, others as guests by name; a non-member person is refused", async () => {
    const chair = (await ciso.get("/api/v1/committee/members")).json.chair.person_id;
    for (const pid of [chair, kachoId])
      assert.equal((await ciso.post(`/api/v1/committee/meetings/${meeting}/attendees`, { person_id: pid })).status, 201);
    let r = await ciso.post(`/api/v1/committee/meetings/${meeting}/attendees`, { person_id: kachoId });
    assert.equal(r.status, 409);
    assert.equal(r.json.code, "committee_attendee_exists");
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/attendees`, { person_id: staffId });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "committee_not_member");
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/attendees`, {});
    assert.equal(r.json.code, "required");
    assert.equal(r.json.field, "guest_name");
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/attendees`, { guest_name: "外部 専門家", guest_affiliation: "最高情報セキュリティアドバイザー" });
    assert.equal(r.status, 201);
    assert.equal(r.json.attendees.length, 3);
  });
});

describe("the agenda links reports by reference", () => {
  test("the 年度's self-check, an audit and the incident figures", async () => {
    campaign = (await ciso.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "年度の自己点検", unit_ids: [kikaku] })).json.id;
    audit = (await ciso.post("/api/v1/audits", { fiscal_year: fiscalYearOf(0), title: "企画課の監査", unit_id: kikaku, scope: "" })).json.id;
    assert.ok(campaign && audit);
    const bad = [
      [{ kind: "gossip" }, "invalid_kind", "kind"],
      [{ kind: "selfcheck" }, "required", "ref_id"],
      [{ kind: "selfcheck", ref_id: 999999 }, "committee_reference_not_found", "ref_id"],
      [{ kind: "audit", ref_id: 999999 }, "committee_reference_not_found", "ref_id"],
      [{ kind: "incident_stats", ref_year: fiscalYearOf(0) + 1 }, "invalid_field", "ref_year"],
      [{ kind: "incident_stats" }, "invalid_field", "ref_year"],
      [{ kind: "readiness", ref_id: 1 }, "invalid_field", "ref_id"],
      [{ kind: "other" }, "required", "title"],
    ];
    for (const [body, code, field] of bad) {
      const r = await ciso.post(`/api/v1/committee/meetings/${meeting}/agenda`, body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, JSON.stringify(body));
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM committee_agenda"), "0");
    for (const body of [{ kind: "selfcheck", ref_id: campaign }, { kind: "audit", ref_id: audit },
                        { kind: "incident_stats", ref_year: fiscalYearOf(0) }])
      assert.equal((await ciso.post(`/api/v1/committee/meetings/${meeting}/agenda`, body)).status, 201);
    const r = await kacho.get(`/api/v1/committee/meetings/${meeting}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.agenda.map((a) => a.link),
      [`/selfchecks/${campaign}`, `/audits/${audit}`, `/api/v1/incidents/stats/pdf?fiscal_year=${fiscalYearOf(0)}`]);
    assert.match(r.json.agenda[0].title, /年度の自己点検/);
    assert.equal(r.json.may_manage, false);
  });

  test("no decision before the meeting is held", async () => {
    const r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`, { kind: "other", text: "x" });
    assert.equal(r.status, 409);
    assert.equal(r.json.code, "committee_meeting_not_held");
  });
});

describe("holding freezes the record", () => {
  test("minutes are required; the hash of the record is in the trail", async () => {
    let r = await ciso.post(`/api/v1/committee/meetings/${meeting}/hold`, {});
    assert.equal(r.json.code, "required");
    assert.equal(r.json.field, "minutes");
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/hold`, { minutes: "自己点検の結果と監査の結果について報告があった。" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "held");
    assert.match(r.json.record_hash, /^[0-9a-f]{64}$/);
    assert.equal(r.json.record_intact, true);
    const entry = sql(`SELECT count(*) FROM trail_entries WHERE action = 'committee_meeting.hold' AND object_id = ${meeting}
                       AND instr(entry, '${r.json.record_hash}') > 0`);
    assert.equal(entry, "1");
  });

  test("a held meeting's attendees, agenda and fields can no longer change", async () => {
    for (const [path, body] of [["attendees", { guest_name: "後から" }], ["agenda", { kind: "readiness" }], ["hold", { minutes: "x" }]]) {
      const r = await ciso.post(`/api/v1/committee/meetings/${meeting}/${path}`, body);
      assert.equal(r.status, 409, path);
      assert.equal(r.json.code, "committee_meeting_held");
    }
    const r = await ciso.patch(`/api/v1/committee/meetings/${meeting}`, { title: "変更", meets_on: jstDate(0) });
    assert.equal(r.status, 409);
  });

  test("a change behind lgsec's back shows as a record that no longer matches", async () => {
    sql(`UPDATE committee_meetings SET minutes = minutes || '改ざん' WHERE id = ${meeting}`);
    assert.equal((await ciso.get(`/api/v1/committee/meetings/${meeting}`)).json.record_intact, false);
    sql(`UPDATE committee_meetings SET minutes = replace(minutes, '改ざん', '') WHERE id = ${meeting}`);
    assert.equal((await ciso.get(`/api/v1/committee/meetings/${meeting}`)).json.record_intact, true);
  });
});

describe("decisions", () => {
  let instruction;
  test("linked to a policy version and an audit; bad links refused", async () => {
    /* a draft of the 対策基準 put before the meeting */
    const standard = (await ciso.get("/api/v1/policy-docs")).json.items.find((d) => d.kind === "standard");
    const current = await ciso.get(`/api/v1/policy-doc-versions/${standard.current.id}`);
    const up = await ciso.req("POST", `/api/v1/policy-docs/${standard.id}/versions?filename=${encodeURIComponent("対策基準_改訂.txt")}`,
      undefined, { raw: Buffer.from(`${current.json.text}\n`), headers: { "content-type": "application/octet-stream" } });
    assert.equal(up.status, 201, up.text);
    const version = up.json.id;
    const bad = [
      [{ kind: "policy_version", text: "改定を承認する" }, "required", "ref_id"],
      [{ kind: "policy_version", text: "x", ref_id: 999999 }, "committee_reference_not_found", "ref_id"],
      [{ kind: "audit_plan", text: "x", ref_id: 999999 }, "committee_reference_not_found", "ref_id"],
      [{ kind: "exception", text: "x", ref_id: 999999 }, "committee_reference_not_found", "ref_id"],
      [{ kind: "other", text: "" }, "required", "text"],
      [{ kind: "other", text: "x", owner_person_id: kachoId }, "invalid_field", "owner_person_id"],
      [{ kind: "instruction", text: "x", due_on: jstDate(30) }, "required", "owner_person_id"],
      [{ kind: "instruction", text: "x", owner_person_id: kachoId }, "required", "due_on"],
      [{ kind: "instruction", text: "x", owner_person_id: kachoId, due_on: jstDate(-1) }, "committee_due_past", "due_on"],
      [{ kind: "instruction", text: "x", owner_person_id: 999999, due_on: jstDate(30) }, "unknown_person", "owner_person_id"],
      [{ kind: "other", text: "x", agenda_id: 999999 }, "committee_reference_not_found", "agenda_id"],
    ];
    for (const [body, code, field] of bad) {
      const r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`, body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code, JSON.stringify(body));
      assert.equal(r.json.field, field);
    }
    assert.equal(sql("SELECT count(*) FROM committee_decisions"), "0");
    let r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`, { kind: "policy_version", text: "対策基準の改定を承認する", ref_id: version });
    assert.equal(r.status, 201, r.text);
    /* the draft's 「採択した委員会の決定」 now names this decision, dated the meeting's day */
    const adopted = (await ciso.get(`/api/v1/policy-doc-versions/${version}`)).json;
    const meetsOn = sql(`SELECT meets_on FROM committee_meetings WHERE id = ${meeting}`);
    assert.match(adopted.decision, /^情報セキュリティ委員会（令和\d+年\d+月\d+日「.+」）決定: 対策基準の改定を承認する$/);
    assert.equal(adopted.decision_date, meetsOn);
    assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'policy_doc.version_update' AND object_id = '${version}'`), "1");
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`, { kind: "audit_plan", text: "監査実施計画を承認する", ref_id: audit });
    assert.equal(r.status, 201, r.text);
    r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`,
      { kind: "instruction", text: "自己点検の「いいえ」の項目の改善策をまとめること", owner_person_id: kachoId, due_on: jstDate(30),
        agenda_id: r.json.agenda[0].id });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.decisions.map((d) => d.link), [`/policy-docs/versions/${version}`, `/audits/${audit}`, null]);
    instruction = r.json.decisions[2];
    assert.equal(instruction.state, "open");
    assert.equal(instruction.owner_person_id, kachoId);
  });

  test("the 委員会 approves the 年度's 研修計画 (第51条): once, only with courses; the training list shows the approval", async () => {
    const fy = fiscalYearOf(0);
    const decide = (body) => ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`, { kind: "training_plan", text: "研修計画を承認する", ...body });
    const plan = async () => (await ciso.get(`/api/v1/training/courses?fiscal_year=${fy}`)).json.plan_approval;
    const before = sql("SELECT count(*) FROM committee_decisions");
    for (const [body, status, code] of [[{}, 400, "required"], [{ ref_id: 1999 }, 400, "invalid_fiscal_year"],
      [{ ref_id: fy + 50 }, 400, "training_plan_empty"]]) {
      const r = await decide(body);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.field, "ref_id");
    }
    const course = await ciso.post("/api/v1/training/courses", { fiscal_year: fy, title: "情報セキュリティ研修 (全職員)",
      audience: "all_staff", method: "elearning", due_on: `${fy + 1}-03-31` }); // within the 年度 on any day
    assert.equal(course.status, 201, course.text);
    assert.equal(await plan(), null, "not approved yet");
    assert.equal(sql("SELECT count(*) FROM committee_decisions"), before);
    const r = await decide({ ref_id: fy });
    assert.equal(r.status, 201, r.text);
    const d = r.json.decisions.find((x) => x.kind === "training_plan");
    assert.equal(d.link, `/training?fiscal_year=${fy}`);
    const approved = await plan();
    assert.equal(approved.decision_id, d.id);
    assert.equal(approved.meeting_id, meeting);
    assert.equal(approved.meets_on, sql(`SELECT meets_on FROM committee_meetings WHERE id = ${meeting}`));
    const again = await decide({ ref_id: fy });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.code, "training_plan_approved");
  });

  test("an instruction is its owner's home task until done; only the owner or the secretariat closes it", async () => {
    let home = await kacho.get("/api/v1/home");
    assert.ok(home.json.tasks.some((t) => t.kind === "committee_instruction" && t.link === `/committee/meetings/${meeting}`),
      JSON.stringify(home.json.tasks.map((t) => t.kind)));
    let r = await staff.post(`/api/v1/committee/decisions/${instruction.id}/done`, { result: "x" });
    assert.equal(r.status, 404);
    r = await kacho.post(`/api/v1/committee/decisions/${instruction.id}/done`, {});
    assert.equal(r.json.code, "required");
    r = await kacho.post(`/api/v1/committee/decisions/${instruction.id}/done`, { result: "改善策を取りまとめ、委員会に報告した。" });
    assert.equal(r.status, 200, r.text);
    r = await kacho.post(`/api/v1/committee/decisions/${instruction.id}/done`, { result: "again" });
    assert.equal(r.status, 409);
    home = await kacho.get("/api/v1/home");
    assert.ok(!home.json.tasks.some((t) => t.kind === "committee_instruction"));
  });
});

describe("an instruction to someone outside the committee", () => {
  test("its owner may open that meeting (and record the result), not the committee's list", async () => {
    const before = (await staff.get(`/api/v1/committee/meetings/${meeting}`)).status;
    assert.equal(before, 404);
    const r = await ciso.post(`/api/v1/committee/meetings/${meeting}/decisions`,
      { kind: "instruction", text: "手順書を改訂すること", owner_person_id: staffId, due_on: jstDate(14) });
    assert.equal(r.status, 201, r.text);
    const seen = await staff.get(`/api/v1/committee/meetings/${meeting}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.json.may_manage, false);
    assert.equal((await staff.get("/api/v1/committee/meetings")).status, 404);
    const mine = seen.json.decisions.find((d) => d.owner_person_id === staffId);
    assert.equal((await staff.post(`/api/v1/committee/decisions/${mine.id}/done`, { result: "改訂した" })).status, 200);
  });
});

describe("the 議事録", () => {
  test("a PDF with the 和暦 date, attendees, agenda, decisions and the record's hash; members only", async () => {
    assert.equal((await download(staff, `/api/v1/committee/meetings/${meeting}/minutes.pdf`)).status, 404);
    const r = await download(kacho, `/api/v1/committee/meetings/${meeting}/minutes.pdf`);
    assert.equal(r.status, 200);
    assert.match(r.type, /application\/pdf/);
    const text = pdfText(r.bytes).join("\n");
    const [y, m, d] = jstDate(0).split("-").map(Number);
    assert.match(text, new RegExp(`令和${reiwaYear(y)}年${m}月${d}日`));
    assert.match(text, /情報セキュリティ委員会 議事録/);
    assert.match(text, /第1会議室/);
    assert.match(text, /外部 専門家/);
    assert.match(text, /年度の自己点検/);
    assert.match(text, /対策基準の改定を承認する/);
    const hash = sql(`SELECT record_hash FROM committee_meetings WHERE id = ${meeting}`);
    assert.ok(text.replace(/\s/g, "").includes(hash), "the hash is printed");
    // the same through poppler's pdftotext, a reader independent of lib/pdftext.mjs
    const poppler = popplerLines(r.bytes);
    for (const want of [`令和${reiwaYear(y)}年${m}月${d}日`, "情報セキュリティ委員会 議事録", "第1会議室", "外部 専門家",
      "年度の自己点検", "対策基準の改定を承認する"])
      assert.ok(poppler.includes(want), `pdftotext finds 「${want}」 in:\n${poppler}`);
    assert.ok(poppler.replace(/\s/g, "").includes(hash), "pdftotext finds the hash");
  });
});

describe("reconciliation with the trail", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const committee = (out) => out.split("\n").filter((l) => /^\s*committee_(meetings|decisions) /.test(l));
  test("meetings and decisions match their trail; each edited in the database without an entry is named", () => {
    assert.deepEqual(committee(verify().stdout), []);
    const done = sql("SELECT max(id) FROM committee_decisions WHERE state = 'done'");
    const recorded = sql("SELECT max(id) FROM committee_decisions WHERE state = 'recorded'");
    assert.ok(done && recorded, "the suite recorded decisions");
    sql(`UPDATE committee_meetings SET place = '別の会議室' WHERE id = ${meeting}`);
    sql(`UPDATE committee_meetings SET state = 'scheduled' WHERE id = ${meeting}`);
    sql(`UPDATE committee_decisions SET result = '' , state = 'open' WHERE id = ${done}`);
    sql(`UPDATE committee_decisions SET text = text || '（改）' WHERE id = ${recorded}`);
    const r = verify();
    assert.equal(r.status, 3, r.stdout + r.stderr);
    const lines = committee(r.stdout).map((l) => l.trim().replace(/:.*\[/, " ["));
    for (const want of [
      `committee_meetings id ${meeting} column place [reconcile_differs]`,
      `committee_meetings id ${meeting} column state [reconcile_differs]`,
      `committee_decisions id ${done} column state [reconcile_differs]`,
      `committee_decisions id ${done} column result [reconcile_differs]`,
      `committee_decisions id ${recorded} column text [reconcile_differs]`,
    ])
      assert.ok(lines.includes(want), `${want} in\n${lines.join("\n")}`);
    assert.equal(lines.length, 5, lines.join("\n"));
  });

  test("attendees and agenda items edited, added or removed in the database without an entry are named", async () => {
    const mine = (out) => out.split("\n").filter((l) => /^\s*committee_(attendees|agenda) /.test(l));
    /* a second meeting: attendees and items added and removed through the application match */
    const m = (await ciso.post("/api/v1/committee/meetings", { title: "第2回 情報セキュリティ委員会", meets_on: jstDate(14) })).json.id;
    const add = async (path, body, table) => {
      assert.equal((await ciso.post(`/api/v1/committee/meetings/${m}/${path}`, body)).status, 201);
      return sql(`SELECT max(id) FROM ${table}`);
    };
    const guest = await add("attendees", { guest_name: "外部 講師" }, "committee_attendees");
    const member = await add("attendees", { person_id: kachoId }, "committee_attendees");
    const item = await add("agenda", { kind: "other", title: "報告事項" }, "committee_agenda");
    const dropped = await add("agenda", { kind: "other", title: "取り下げる議題" }, "committee_agenda");
    assert.equal((await ciso.post(`/api/v1/committee/meetings/${m}/attendees/${member}/remove`, {})).status, 200);
    assert.equal((await ciso.post(`/api/v1/committee/meetings/${m}/agenda/${dropped}/remove`, {})).status, 200);
    assert.deepEqual(mine(verify().stdout), []);
    const held = sql(`SELECT min(id) FROM committee_attendees WHERE meeting_id = ${meeting}`);
    const first = sql(`SELECT min(id) FROM committee_agenda WHERE meeting_id = ${meeting}`);
    sql(`UPDATE committee_attendees SET guest_name = 'すり替え' WHERE id = ${guest}`);
    sql(`DELETE FROM committee_attendees WHERE id = ${held}`);
    sql(`INSERT INTO committee_attendees(meeting_id, guest_name) VALUES (${meeting}, '出席していない人')`);
    const planted = sql("SELECT max(id) FROM committee_attendees");
    sql(`UPDATE committee_agenda SET title = '別の議題', meeting_id = ${meeting} WHERE id = ${item}`);
    sql(`DELETE FROM committee_agenda WHERE id = ${first}`);
    sql(`INSERT INTO committee_agenda(meeting_id, position, kind, title) VALUES (${m}, 9, 'other', '後から足した議題')`);
    const extra = sql("SELECT max(id) FROM committee_agenda");
    const r = verify();
    assert.equal(r.status, 3, r.stdout + r.stderr);
    const lines = mine(r.stdout).map((l) => l.trim().replace(/:.*\[/, " ["));
    for (const want of [
      `committee_attendees id ${guest} column guest_name [reconcile_differs]`,
      `committee_attendees id ${held} [reconcile_row_missing]`,
      `committee_attendees id ${planted} [reconcile_no_trail]`,
      `committee_agenda id ${item} column meeting_id [reconcile_differs]`,
      `committee_agenda id ${item} column title [reconcile_differs]`,
      `committee_agenda id ${first} [reconcile_row_missing]`,
      `committee_agenda id ${extra} [reconcile_no_trail]`,
    ])
      assert.ok(lines.includes(want), `${want} in\n${lines.join("\n")}`);
    assert.equal(lines.length, 7, lines.join("\n"));
  });
});
