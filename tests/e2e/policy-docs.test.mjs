// Policy documents over the API: the demo's 対策基準 gets a new version (one article inserted, the
// rest renumbered → one addition and moves), bad uploads are refused with a code and store nothing,
// publication needs the adoption facts, a 職員 reads the published text and acknowledges it (twice
// changes nothing), the report per 課室 counts it, 実施手順 stay hidden from a plain 職員 (lists too),
// and the annual review is validated.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv, ciso, staff, staffPerson, standard;

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();

async function account(staffNo, login) {
  const r = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", login]);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  return (await signInFirstTime(srv.url, login, temp)).client;
}

const upload = (c, docId, bytes, filename = "v.txt") =>
  c.req("POST", `/api/v1/policy-docs/${docId}/versions?filename=${encodeURIComponent(filename)}`, undefined, {
    raw: bytes,
    headers: { "content-type": "application/octet-stream" },
  });

// The demo 対策基準 (第1条–第71条) with a new 第20条 (情報資産の管理責任) and the following articles
// renumbered.
function withInsertedArticle(text) {
  let out = text;
  for (let n = 71; n >= 20; n--) out = out.replace(`\n第${n}条 `, `\n第${n + 1}条 `);
  return out.replace(
    "(情報資産の分類)\n",
    "(情報資産の管理責任)\n第20条 情報資産の管理責任は、その情報資産を所管する課室の情報セキュリティ管理者が負う。\n(情報資産の分類)\n",
  );
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const row = sql(`SELECT p.staff_no, p.id FROM people p JOIN org_units u ON u.id = p.unit_id
                   WHERE u.code = 'kikaku-kikaku' AND p.title = '主事' ORDER BY p.id LIMIT 1`).split("|");
  staffPerson = Number(row[1]);
  staff = await account(row[0], "kikaku.staff");
  const list = await ciso.get("/api/v1/policy-docs");
  standard = list.json.items.find((d) => d.kind === "standard");
});

after(async () => {
  await srv?.stop();
});

describe("versions", () => {
  let draftId;

  test("the demo has its 基本方針 and 対策基準 in force", async () => {
    const list = await staff.get("/api/v1/policy-docs");
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.map((d) => d.kind), ["basic", "standard"]);
    assert.equal(list.json.can_manage, false);
    assert.ok(list.json.items.every((d) => d.current && d.current.acknowledged_at === null));
  });

  test("an upload is parsed, checked and compared with the version in force", async () => {
    const cur = await ciso.get(`/api/v1/policy-doc-versions/${standard.current.id}`);
    assert.equal(cur.status, 200);
    const up = await upload(ciso, standard.id, Buffer.from(withInsertedArticle(cur.json.text)), "対策基準_改訂.txt");
    assert.equal(up.status, 201, up.text);
    draftId = up.json.id;
    assert.equal(up.json.state, "draft");
    assert.equal(up.json.seq, 2);
    assert.equal(up.json.filename, "対策基準_改訂.txt");
    assert.equal(up.json.articles, 72);
    assert.equal(up.json.diff.against.id, standard.current.id);
    assert.deepEqual(up.json.diff.summary, { unchanged: 20, moved: 52, changed: 0, added: 1, removed: 0 });
    const added = up.json.diff.entries.find((e) => e.kind === "added");
    assert.equal(added.new.label, "第20条");
    assert.equal(added.new.title, "情報資産の管理責任");
    // the lines point into the new text
    const lines = up.json.text.split("\n");
    assert.match(lines[added.new.first_line - 1], /情報資産の管理責任/);
    // the guideline check ran: every element has a status, findings cite lines
    assert.ok(up.json.check.elements.length > 10);
    // a staff member cannot see the draft, nor upload
    assert.equal((await staff.get(`/api/v1/policy-doc-versions/${draftId}`)).status, 404);
    assert.equal((await upload(staff, standard.id, Buffer.from(cur.json.text))).status, 403);
  });

  test("bad uploads are refused with a code and store nothing", async () => {
    const before = sql("SELECT count(*) FROM policy_doc_versions");
    const cases = [
      [Buffer.alloc(0), 400, "policy_empty"],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 400, "policy_not_text"],
      [Buffer.from([0x82, 0xa0, 0xff, 0xfe, 0x41]), 400, "policy_encoding"],
      [Buffer.from("会議のお知らせ\n\n明日は会議があります。\n"), 400, "policy_no_structure"],
      [Buffer.from("PK\x03\x04broken zip"), 400, "policy_docx"],
      [Buffer.alloc(5 * 1024 * 1024, 0x61), 413, "policy_too_large"],
    ];
    for (const [bytes, status, code] of cases) {
      const r = await upload(ciso, standard.id, bytes);
      assert.equal(r.status, status, `${code}: ${r.text.slice(0, 200)}`);
      assert.equal(r.json.code, code);
      assert.ok(r.json.detail.length > 0);
    }
    assert.equal(sql("SELECT count(*) FROM policy_doc_versions"), before);
    assert.equal((await upload(ciso, 9999, Buffer.from("第1条 x"))).status, 404);
  });

  test("publication needs the effective date, the revision note and the decision", async () => {
    let r = await ciso.post(`/api/v1/policy-doc-versions/${draftId}/publish`);
    assert.equal(r.status, 400);
    assert.equal(r.json.field, "effective_date");
    r = await ciso.patch(`/api/v1/policy-doc-versions/${draftId}`, { effective_date: "2026-13-01" });
    assert.equal(r.status, 400);
    r = await ciso.patch(`/api/v1/policy-doc-versions/${draftId}`, {
      effective_date: "2027-04-01",
      revision_note: "第20条 (情報資産の管理責任) を新設",
      decision: "情報セキュリティ委員会 (令和9年3月10日) 決定",
      decision_date: "2027-03-10",
    });
    assert.equal(r.status, 200, r.text);
    r = await ciso.post(`/api/v1/policy-doc-versions/${draftId}/publish`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, "published");
    assert.equal(r.json.current, true);
    r = await ciso.post(`/api/v1/policy-doc-versions/${draftId}/publish`);
    assert.equal(r.status, 409);
    assert.equal(sql(`SELECT state FROM policy_doc_versions WHERE id = ${standard.current.id}`), "superseded");
    assert.equal(sql("SELECT count(*) FROM trail_entries WHERE action = 'policy_doc.publish'"), "3");
  });

  test("a 職員 reads the version in force and acknowledges it once", async () => {
    const v = await staff.get(`/api/v1/policy-doc-versions/${draftId}`);
    assert.equal(v.status, 200);
    assert.equal(v.json.acknowledged_at, null);
    assert.equal(v.json.history, undefined); // who acknowledged is for the managers
    const unread = async () => (await staff.get("/api/v1/home")).json.tasks.filter((x) => x.kind === "policy_unread").map((x) => x.link);
    assert.ok((await unread()).includes(`/policy/documents/${draftId}`)); // the home page asks for it
    const a1 = await staff.post(`/api/v1/policy-doc-versions/${draftId}/acknowledge`);
    assert.equal(a1.status, 200, a1.text);
    assert.equal(a1.json.first, true);
    const a2 = await staff.post(`/api/v1/policy-doc-versions/${draftId}/acknowledge`);
    assert.equal(a2.status, 200);
    assert.equal(a2.json.first, false);
    assert.equal(a2.json.acknowledged_at, a1.json.acknowledged_at);
    assert.equal(sql(`SELECT count(*) FROM policy_acknowledgements WHERE person_id = ${staffPerson}`), "1");
    assert.ok(!(await unread()).includes(`/policy/documents/${draftId}`));
    assert.equal((await unread()).length, 1); // the 基本方針 is still to be read
    // the superseded version can be read but not acknowledged
    assert.equal((await staff.post(`/api/v1/policy-doc-versions/${standard.current.id}/acknowledge`)).status, 409);
    // no body fields are accepted
    assert.equal((await staff.post(`/api/v1/policy-doc-versions/${draftId}/acknowledge`, { agree: true })).status, 400);
  });

  test("the report per 課室 counts the acknowledgement", async () => {
    assert.equal((await staff.get(`/api/v1/policy-docs/${standard.id}/acknowledgements`)).status, 403);
    const r = await ciso.get(`/api/v1/policy-docs/${standard.id}/acknowledgements`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version.id, draftId);
    assert.equal(r.json.acknowledged, 1);
    assert.equal(Number(sql("SELECT count(*) FROM people WHERE active_until IS NULL OR active_until >= date('now')")), r.json.people);
    const kikaku = r.json.units.find((u) => u.code === "kikaku-kikaku");
    assert.equal(kikaku.acknowledged, 1);
    assert.equal(kikaku.missing.length, kikaku.people - 1);
    assert.ok(!kikaku.missing.some((p) => p.person_id === staffPerson));
    assert.equal(r.json.units.reduce((n, u) => n + u.people, 0), r.json.people);
    // the earlier version's report is still available
    const old = await ciso.get(`/api/v1/policy-docs/${standard.id}/acknowledgements?version=${standard.current.id}`);
    assert.equal(old.status, 200);
    assert.equal(old.json.acknowledged, 0);
  });
});

describe("other forms", () => {
  test("a Word document and Shift_JIS text are read; the stored text is UTF-8", async () => {
    const list = await ciso.get("/api/v1/policy-docs");
    const basic = list.json.items.find((d) => d.kind === "basic");
    const docx = readFileSync(new URL("../../fuzz/corpus/docx/handmade.docx", import.meta.url));
    const w = await upload(ciso, basic.id, docx, "基本方針.docx");
    assert.equal(w.status, 201, w.text);
    assert.equal(w.json.source_format, "docx");
    assert.match(w.json.text, /試験町情報セキュリティ基本方針/);
    assert.ok(w.json.articles >= 1);
    // 「第1条 目的」 in Shift_JIS (CP932) bytes
    const sjis = Buffer.from("8aee967b95fb906a0a0a91e6318ff0208fee95f18e918e5982f08ee782e90a", "hex");
    const t = await upload(ciso, basic.id, sjis, "sjis.txt");
    assert.equal(t.status, 201, t.text);
    assert.equal(t.json.source_format, "text");
    assert.match(t.json.text, /^基本方針\n\n第1条 情報資産を守る\n$/);
    // both stay drafts: the staff list still shows the version in force
    const staffList = await staff.get("/api/v1/policy-docs");
    assert.equal(staffList.json.items.find((d) => d.kind === "basic").current.id, basic.current.id);
  });
});

describe("実施手順 are 非公開", () => {
  let procId, procVersion;

  test("a procedure needs its system or area", async () => {
    const r = await ciso.post("/api/v1/policy-docs", { kind: "procedure", title: "住基システム運用手順" });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, "area");
    assert.equal((await ciso.post("/api/v1/policy-docs", { kind: "memo", title: "x" })).status, 400);
    assert.equal((await staff.post("/api/v1/policy-docs", { kind: "basic", title: "x" })).status, 403);
  });

  test("hidden from a plain 職員 in lists and by id", async () => {
    const c = await ciso.post("/api/v1/policy-docs", { kind: "procedure", title: "住基システム運用手順", area: "住民基本台帳システム" });
    assert.equal(c.status, 201, c.text);
    procId = c.json.id;
    const up = await upload(ciso, procId, Buffer.from("住基システム運用手順\n\n1 バックアップ\n毎日取得する。\n\n2 障害時\nベンダーへ連絡する。\n"));
    assert.equal(up.status, 201, up.text);
    assert.equal(up.json.check, null); // procedures are not compared with the guideline model
    procVersion = up.json.id;
    await ciso.patch(`/api/v1/policy-doc-versions/${procVersion}`, { effective_date: "2026-12-01", revision_note: "制定", decision: "CISO決定" });
    assert.equal((await ciso.post(`/api/v1/policy-doc-versions/${procVersion}/publish`)).status, 200);
    const list = await staff.get("/api/v1/policy-docs");
    assert.ok(!list.json.items.some((d) => d.kind === "procedure"));
    assert.equal((await staff.get(`/api/v1/policy-docs/${procId}`)).status, 404);
    assert.equal((await staff.get(`/api/v1/policy-doc-versions/${procVersion}`)).status, 404);
    assert.equal((await staff.post(`/api/v1/policy-doc-versions/${procVersion}/acknowledge`)).status, 404);
    const mine = await ciso.get("/api/v1/policy-docs");
    assert.ok(mine.json.items.some((d) => d.id === procId));
  });
});

describe("the annual review (第165条)", () => {
  const valid = {
    fiscal_year: 2026,
    reviewed_on: "2027-03-10",
    risk_evaluation: "標的型メールの増加により、インターネット接続系の脅威の発生の可能性が高まった。",
    inputs: "令和8年度 情報セキュリティ監査結果、自己点検結果",
    input_links: [{ label: "監査報告書", url: "https://intra.example.jp/audit/2026" }],
    decisions: "対策基準 第5条を新設する。",
  };

  test("validation", async () => {
    const bad = [
      [{ ...valid, reviewed_on: "2027-04-01" }, "date_outside_fiscal_year"],
      [{ ...valid, risk_evaluation: "" }, "required"],
      [{ ...valid, fiscal_year: "2026" }, "invalid_type"],
      [{ ...valid, input_links: [{ label: "x", url: "javascript:alert(1)" }] }, "invalid_link"],
      [{ ...valid, input_links: "https://x" }, "invalid_links"],
      [{ ...valid, revision_version_id: 99999 }, "unknown_version"],
      [{ ...valid, extra: 1 }, "unknown_field"],
    ];
    for (const [body, code] of bad) {
      const r = await ciso.post("/api/v1/policy-reviews", body);
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.code, code);
    }
    assert.equal(sql("SELECT count(*) FROM policy_reviews"), "0");
    assert.equal((await staff.post("/api/v1/policy-reviews", valid)).status, 403);
    assert.equal((await staff.get("/api/v1/policy-reviews")).status, 403);
  });

  test("one record per 年度, linked to the resulting revision", async () => {
    const r = await ciso.post("/api/v1/policy-reviews", valid);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.fiscal_year_label, "令和8年度");
    assert.equal((await ciso.post("/api/v1/policy-reviews", valid)).status, 409);
    const version = Number(sql(`SELECT current_version_id FROM policy_documents WHERE kind = 'standard'`));
    const u = await ciso.patch(`/api/v1/policy-reviews/${r.json.id}`, { revision_version_id: version });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.json.revision.id, version);
    const list = await ciso.get("/api/v1/policy-reviews");
    assert.equal(list.json.items.length, 1);
    assert.equal(sql("SELECT count(*) FROM trail_entries WHERE object_type = 'policy_review'"), "2");
  });
});
