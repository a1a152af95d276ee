// 人事異動 (issue 15): the 人事 roster imported as the register import does (CP932 CSV, header mapping,
// a preview that writes nothing, all or nothing, errors by row and column), and the consequences
// computed from it: the roles a moved 課長 held over the 課 ended (not deleted), the approvals waiting
// for them re-routed by the pack's rules, the leaver's return checklist (assets in their custody, the
// 記録媒体, the ICカード) and the 第84条6 password change per system where they hold a privileged ID.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, cli, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, ciso, staff, murakamiClient, zeimuManager;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const cp932 = (text) => spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: text }).stdout;
const slash = (d) => d.replaceAll("-", "/");
const signInAs = async (staffNo, login) => (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client;
const upload = (c, bytes, query = "") =>
  c.req("POST", `/api/v1/roster/import?filename=jinji.csv${query}`, undefined, { raw: bytes, headers: { "content-type": "text/csv" } });
const counts = () => sql("SELECT (SELECT count(*) FROM people) || '/' || (SELECT count(*) FROM trail_entries) || '/' || (SELECT count(*) FROM role_assignments WHERE valid_until IS NOT NULL) || '/' || (SELECT count(*) FROM roster_tasks)");

// 村上 亮 (D00077): 市民課長 — 情報セキュリティ管理者 of 市民課 and 情報システム管理者 of 住民基本台帳システム.
let m01, koseki, request, medium, paper, delegByMurakami, delegToMori;
before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  m01 = Number(sql("SELECT id FROM systems WHERE code = 'SYS-M01'"));
  koseki = Number(sql("SELECT id FROM systems WHERE code = 'SYS-M10'"));
  staff = await signInAs("D00080", "hashimoto.m");
  murakamiClient = await signInAs("D00077", "murakami.r");
  zeimuManager = await signInAs("D00091", "tanaka.d");
  // a request of 市民課 waiting for its 情報セキュリティ管理者
  const r = await staff.post("/api/v1/requests", {
    type: "security_setting_change",
    fields: { device: "PC-0101", setting: "USBメモリの読み取り", reason: "窓口の証明書データの受取り" },
    submit: true,
  });
  assert.equal(r.status, 201, r.text);
  request = r.json.id;
  // 代行 (第84条3): 村上 names 石川 his deputy as 市民課's 情報セキュリティ管理者; 税務課's 管理者 names 森,
  // who leaves in 10 days, as his
  const deleg = async (c, deputyNo) => {
    const r = await c.post("/api/v1/delegations", { role: "section_security_manager", deputy_person_id: Number(sql(`SELECT id FROM people WHERE staff_no = '${deputyNo}'`)),
      valid_from: jstDate(0), valid_until: jstDate(30), reason: "出張のため" });
    assert.equal(r.status, 201, r.text);
    return r.json.created_id;
  };
  delegByMurakami = await deleg(murakamiClient, "D00090");
  delegToMori = await deleg(zeimuManager, "D00079");
  // in 村上's custody: a paper register and a USB memory of 市民課 (保管者 in the asset register)
  const mk = async (name, kind) => {
    const a = await ciso.post("/api/v1/assets", { name, kind, unit_id: 14, format: kind === "medium" ? "electronic" : "paper",
      storage_place: "市民課 書庫", holder: "村上　亮", confidentiality: "2", integrity: "2", availability: "2",
      classification_reason: "個人情報を含むため" });
    assert.equal(a.status, 201, a.text);
    return a.json.id;
  };
  paper = await mk("市民課 窓口受付簿", "information");
  medium = await mk("市民課 USBメモリ (証明書データ受渡し用)", "medium");
  // the other 村上 亮 (D00069, 広報広聴課) keeps an asset of his own 課: not the mover's to return
  const other = await ciso.post("/api/v1/assets", { name: "広報広聴課 取材メモ", kind: "information", unit_id: 11, format: "paper",
    storage_place: "広報広聴課", holder: "村上 亮", confidentiality: "2", integrity: "2", availability: "2",
    classification_reason: "未公表の情報を含むため" });
  assert.equal(other.status, 201, other.text);
  // 住民基本台帳システム's account list: 村上 holds its administrator ID
  const list = "利用者ID,職員番号,氏名,所属,権限,最終ログイン,状態\r\n" +
    `murakami-adm,D00077,村上 亮,市民課,システム管理者,${slash(jstDate(-1))},有効\r\n` +
    `mori,D00079,森 さくら,市民課,一般,${slash(jstDate(-1))},有効\r\n`;
  const imp = await ciso.req("POST", `/api/v1/systems/${m01}/ids/import?filename=users.csv`, undefined,
    { raw: Buffer.from(list), headers: { "content-type": "text/csv" } });
  assert.equal(imp.status, 201, imp.text);
});
after(async () => {
  await srv?.stop();
});

const roster = () =>
  "令和8年度 人事異動 (内示)\r\n" +
  "職員番号,氏名,カナ氏名,所属名,任用形態,発令日,退職年月日\r\n" +
  `D00077,村上 亮,むらかみ りょう,税務課,正規,${slash(jstDate(0))},\r\n` +
  `D00079,森 さくら,もり さくら,市民課,正規,,${slash(jstDate(10))}\r\n` +
  `Ｄ00090,石川 舞,いしかわ まい,市民課,非常勤,,\r\n` +
  `D09001,新井 翔,あらい しょう,市民課,正規,${slash(jstDate(0))},\r\n`;

test("the preview shows every change and consequence and writes nothing", async () => {
  const before = counts();
  const r = await upload(ciso, cp932(roster()), "&dry_run=1");
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.error_count, 0, JSON.stringify(r.json.errors));
  assert.equal(r.json.mapping.header_row, 2, "the title row is skipped");
  const mapped = Object.fromEntries(r.json.mapping.columns.map((c) => [c.header, c.field]));
  assert.deepEqual(mapped, { 職員番号: "staff_no", 氏名: "name", カナ氏名: "kana", 所属名: "unit_name", 任用形態: "employment", 発令日: "moved_on", 退職年月日: "leaves_on" });
  assert.deepEqual({ ...r.json.counts, tasks: undefined, roles_ended: undefined },
    { new: 1, moved: 1, leaving: 1, updated: 1, unchanged: 0, renamed_units: 0, approvals_rerouted: 1, tasks: undefined, roles_ended: undefined,
      delegations_ended: 2 });
  // the 代行 that hung on what ends: 村上's (his role ends yesterday, before it began: revoked) and 森's (she leaves)
  const dl = Object.fromEntries(r.json.delegations_ended.map((x) => [x.delegation_id, x]));
  assert.deepEqual([dl[delegByMurakami].principal_name, dl[delegByMurakami].deputy_name, dl[delegByMurakami].reason, dl[delegByMurakami].valid_until],
    ["村上 亮", "石川 舞", "principal_role_ended", null], JSON.stringify(r.json.delegations_ended));
  assert.deepEqual([dl[delegToMori].deputy_name, dl[delegToMori].reason, dl[delegToMori].valid_until], ["森 さくら", "deputy_leaving", jstDate(10)]);
  const moved = r.json.changes.find((c) => c.change === "moved");
  assert.deepEqual([moved.name, moved.from_unit, moved.to_unit], ["村上 亮", "市民課", "税務課"]);
  const ended = r.json.roles_ended.filter((x) => x.staff_no === "D00077").map((x) => x.role_label).sort();
  // 市民課's 情報セキュリティ管理者 and the 情報システム管理者 of 市民課's two systems (住基, 戸籍)
  assert.deepEqual(ended, ["情報システム管理者", "情報システム管理者", "情報セキュリティ管理者"].sort(), JSON.stringify(r.json.roles_ended));
  const rr = r.json.approvals_rerouted[0];
  assert.equal(rr.request_id, request);
  assert.ok(rr.from.includes("村上 亮"), JSON.stringify(rr));
  assert.ok(rr.to.length > 0 && !rr.to.includes("村上 亮") && !rr.to.includes("石川 舞"), "neither he nor his deputy: " + JSON.stringify(rr));
  assert.equal(counts(), before, "the preview changed nothing");
  assert.equal(sql("SELECT count(*) FROM roster_imports"), "0");
});

test("applying moves the 課長: roles ended (not deleted), the approval re-routed, the tasks created, all in the trail", async () => {
  const r = await upload(ciso, cp932(roster()));
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.import_id > 0);
  const murakami = Number(sql("SELECT id FROM people WHERE staff_no = 'D00077'"));
  assert.equal(sql(`SELECT u.name FROM people p JOIN org_units u ON u.id = p.unit_id WHERE p.id = ${murakami}`), "税務課");
  // the roles over 市民課 and its system end the day before the transfer; the rows stay
  const yesterday = jstDate(-1);
  assert.equal(sql(`SELECT group_concat(role || ':' || coalesce(scope_id, '') || '=' || valid_until, ',') FROM (SELECT * FROM role_assignments WHERE person_id = ${murakami} ORDER BY role, scope_id)`),
    `section_security_manager:14=${yesterday},system_manager:${m01}=${yesterday},system_manager:${koseki}=${yesterday}`);
  // the request waits for someone else now (the pack's escalation: the 部局's 情報セキュリティ責任者)
  const approval = (await staff.get(`/api/v1/requests/${request}`)).json.approval;
  assert.ok(!approval.waiting.includes(murakami));
  assert.ok(approval.waiting.length > 0, JSON.stringify(approval));
  assert.equal(approval.escalated, true);
  // tasks: the mover's assets of 市民課, the privileged ID's password (第84条6); the leaver's ICカード
  const tasks = sql(`SELECT kind || ':' || coalesce(asset_id, system_id, '') || ':' || login_id FROM roster_tasks ORDER BY kind, asset_id`).split("\n");
  // (戸籍情報システム: no account list imported, but he managed it — its privileged passwords too)
  assert.deepEqual(tasks.sort(), [`privileged_password:${m01}:murakami-adm`, `privileged_password:${koseki}:`, `return_asset:${paper}:`,
    `return_ic_card::`, `return_medium:${medium}:`].sort());
  assert.equal(sql("SELECT p.staff_no FROM roster_tasks t JOIN people p ON p.id = t.person_id WHERE kind = 'return_ic_card'"), "D00079");
  assert.equal(sql("SELECT active_until FROM people WHERE staff_no = 'D00079'"), jstDate(10));
  assert.equal(sql("SELECT employment FROM people WHERE staff_no = 'D00090'"), "part_time", "Ｄ00090 (全角) is D00090");
  assert.equal(sql("SELECT name || '/' || active_from FROM people WHERE staff_no = 'D09001'"), `新井 翔/${jstDate(0)}`);
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'roster.apply' AND object_id = ${r.json.import_id}`), "1");
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'role.end'`), "3");
  assert.equal(sql(`SELECT state FROM delegations WHERE id = ${delegByMurakami}`), "revoked");
  assert.equal(sql(`SELECT state || '/' || valid_until FROM delegations WHERE id = ${delegToMori}`), `active/${jstDate(10)}`);
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'delegation.end'`), "2");
  assert.equal(sql(`SELECT group_concat(change, ',') FROM (SELECT change FROM roster_rows WHERE import_id = ${r.json.import_id} ORDER BY row_no)`), "moved,leaving,updated,new");
  const hist = await ciso.get("/api/v1/roster/imports");
  assert.equal(hist.status, 200);
  assert.equal(hist.json.items[0].counts.moved, 1);
});

test("the tasks go to those who must do them; done with a note, once", async () => {
  const all = await ciso.get("/api/v1/roster/tasks");
  assert.equal(all.status, 200);
  assert.equal(all.json.items.length, 5);
  // the 税務課長 is neither 市民課's manager nor SYS-M01's: no task of theirs
  assert.equal((await zeimuManager.get("/api/v1/roster/tasks")).json.items.length, 0);
  assert.equal((await staff.get("/api/v1/roster/tasks")).json.items.length, 0);
  const pw = all.json.items.find((t) => t.kind === "privileged_password" && t.login_id);
  assert.equal(pw.article, "第84条6");
  assert.equal(pw.system_name, "住民基本台帳システム");
  const refused = await staff.post(`/api/v1/roster/tasks/${pw.id}/done`, { note: "変更した" });
  assert.equal(refused.status, 404, "a task one may not do is not found");
  const empty = await ciso.post(`/api/v1/roster/tasks/${pw.id}/done`, { note: "" });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.code, "required");
  const ok = await ciso.post(`/api/v1/roster/tasks/${pw.id}/done`, { note: "murakami-adm のパスワードを変更し、後任に引き継いだ" });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.json.items.find((t) => t.id === pw.id).done_at);
  const again = await ciso.post(`/api/v1/roster/tasks/${pw.id}/done`, { note: "二度目" });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, "roster_task_done");
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'roster.task_done' AND object_id = ${pw.id}`), "1");
  // the home page tells the CISO
  const home = await ciso.get("/api/v1/home");
  assert.equal(home.status, 200);
  assert.ok(JSON.stringify(home.json).includes("人事異動に伴う作業"));
});

test("a 課室 renamed in the roster: every member under the new name is a rename, not a move", async () => {
  const members = sql("SELECT staff_no || ',' || name FROM people WHERE unit_id = 11 AND active_until IS NULL ORDER BY staff_no").split("\n");
  const csv = "職員番号,氏名,所属\r\n" + members.map((m) => `${m},シティプロモーション課`).join("\r\n") + "\r\n";
  const dry = await upload(ciso, Buffer.from(csv), "&dry_run=1");
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.json.renamed_units, [{ unit_id: 11, from: "広報広聴課", to: "シティプロモーション課" }]);
  assert.equal(dry.json.counts.moved, 0);
  // one member missing: no longer every member — an unknown 課室, by row and column
  const part = "職員番号,氏名,所属\r\n" + members.slice(1).map((m) => `${m},シティプロモーション課`).join("\r\n") + "\r\n";
  const bad = await upload(ciso, Buffer.from(part), "&dry_run=1");
  assert.equal(bad.status, 200);
  assert.ok(bad.json.error_count >= 1);
  assert.deepEqual([bad.json.errors[0].row, bad.json.errors[0].column, bad.json.errors[0].code], [2, "C", "unknown_unit"]);
});

test("bad input: each class a clear error by row and column, nothing changed", async () => {
  const before = counts();
  const cases = [
    [`D00078,石井 健一,,市民課,正規,${slash(jstDate(5))},`, "F", "roster_future_move"],
    ["D09999,,,市民課,,,", "B", "roster_new_person_incomplete"],
    ["D00080,橋本 舞,,存在しない課,,,", "D", "unknown_unit"],
    ["D00080,橋本 舞,,市民課,常勤ではない何か,,", "E", "invalid_employment"],
    ["D00080,橋本 舞,,市民課,,2026/13/45,", "F", null],
    [`D00080,橋本 舞,,市民課,,,${slash(jstDate(-20000))}`, "G", "invalid_period"],
  ];
  for (const [line, column, code] of cases) {
    const csv = "職員番号,氏名,かな,所属,雇用区分,異動日,退職日\r\n" + line + "\r\n";
    const r = await upload(ciso, Buffer.from(csv));
    assert.equal(r.status, 400, `${line}: ${r.text}`);
    assert.equal(r.json.code, "import_has_errors", line);
    assert.equal(r.json.errors[0].row, 2, line);
    assert.equal(r.json.errors[0].column, column, `${line}: ${JSON.stringify(r.json.errors)}`);
    if (code) assert.equal(r.json.errors[0].code, code, line);
    assert.ok(r.json.errors[0].ja, line);
  }
  // a person who already left
  sql(`UPDATE people SET active_until = '${jstDate(-30)}' WHERE staff_no = 'D00088'`);
  const left = await upload(ciso, Buffer.from("職員番号,所属\r\nD00088,税務課\r\n"));
  assert.equal(left.json.errors[0].code, "roster_person_left");
  // the same 職員番号 twice
  const dup = await upload(ciso, Buffer.from("職員番号,所属\r\nD00080,市民課\r\nD00080,税務課\r\n"));
  assert.equal(dup.status, 400);
  assert.equal(dup.json.errors[0].row, 3);
  // no 職員番号 column: the mapping comes back to be corrected
  const nomap = await upload(ciso, Buffer.from("氏名,所属\r\n橋本 舞,市民課\r\n"));
  assert.equal(nomap.status, 400);
  assert.equal(nomap.json.code, "mapping_required_missing");
  assert.ok(nomap.json.mapping);
  const empty = await upload(ciso, Buffer.alloc(0));
  assert.equal(empty.json.code, "file_empty");
  const xls = await upload(ciso, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  assert.equal(xls.status, 400);
  // a 課長 may not import the roster, nor read its history (HR data to those who keep the register)
  assert.equal((await murakamiClient.req("POST", "/api/v1/roster/import", undefined, { raw: Buffer.from("職員番号\r\nD00080\r\n"), headers: { "content-type": "text/csv" } })).status, 403);
  assert.equal((await zeimuManager.get("/api/v1/roster/imports")).status, 403);
  sql(`UPDATE people SET active_until = NULL WHERE staff_no = 'D00088'`);
  assert.equal(counts(), before, "nothing changed");
});

test("an importer who is in the roster cannot end their own roles (第20条): the whole file is refused", async () => {
  const before = counts();
  const ciso_no = sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'ciso'");
  const r = await upload(ciso, Buffer.from(`職員番号,退職日\r\n${ciso_no},${slash(jstDate(3))}\r\n`));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.errors[0].code, "separation_of_duties");
  assert.equal(counts(), before);
});

test("an applied roster edited in the database without a trail entry is named by trail verify", () => {
  const verify = () => cli(["trail", "verify", "--db", srv.db]);
  const mine = (out) =>
    out.split("\n").filter((l) => /^\s*roster_(imports|rows|tasks) /.test(l)).map((l) => l.trim().replace(/:.*\[/, " ["));
  assert.deepEqual(mine(verify().stdout), []);
  const id = sql("SELECT min(id) FROM roster_imports");
  assert.ok(id, "the suite applied a roster");
  sql(`UPDATE roster_imports SET row_count = row_count + 1, summary = '{}' WHERE id = ${id}`);
  // a row of the file and a task, each edited; a task slipped in
  const row = sql(`SELECT min(id) FROM roster_rows WHERE import_id = ${id}`);
  const task = sql(`SELECT min(id) FROM roster_tasks WHERE done_at IS NOT NULL`);
  const open = sql(`SELECT min(id) FROM roster_tasks WHERE done_at IS NULL`);
  assert.ok(row && task && open, "the suite stored rows and did a task");
  sql(`UPDATE roster_rows SET unit_name = '秘書課' WHERE id = ${row}`);
  sql(`UPDATE roster_tasks SET done_note = '返却済み (書き換え)' WHERE id = ${task}`);
  sql(`UPDATE roster_tasks SET due_on = '2099-12-31' WHERE id = ${open}`);
  sql(`INSERT INTO roster_tasks (import_id, person_id, kind, unit_id, due_on, created_at)
       SELECT import_id, person_id, 'return_ic_card', unit_id, due_on, created_at FROM roster_tasks WHERE id = ${open}`);
  const added = sql("SELECT max(id) FROM roster_tasks");
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.deepEqual(mine(r.stdout).sort(), [
    `roster_imports id ${id} column counts [reconcile_differs]`,
    `roster_imports id ${id} column row_count [reconcile_differs]`,
    `roster_rows id ${row} column unit_name [reconcile_differs]`,
    `roster_tasks id ${added} [reconcile_no_trail]`,
    `roster_tasks id ${open} column due_on [reconcile_differs]`,
    `roster_tasks id ${task} column done_note [reconcile_differs]`,
  ].sort(), r.stdout);
});
