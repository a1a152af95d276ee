// 自己点検の結果の報告 (第163条) on the demo: the 統括 reports a campaign over 企画課 and one system to the
// CISO as a PDF. pdftotext, a reader independent of lgsec's cairo/pango, finds the title, the 和暦 date,
// the results per category as the database counts them, the item answered いいえ with its reason and
// the improvement action with its owner and 和暦 due date. Only evaluation.manage gets it (a 課長: 403,
// an unknown campaign: 404).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate, reiwaYear } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

let srv, ciso, kacho, kikaku, system, campaign, owner;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const wareki = (d) => { const [y, m, day] = d.split("-").map(Number); return `令和${reiwaYear(y)}年${m}月${day}日`; };

async function download(client, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  system = Number(sql("SELECT id FROM systems WHERE code = 'SYS-M01'"));
  const kachoNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku} AND r.valid_until IS NULL LIMIT 1`);
  kacho = (await signInFirstTime(srv.url, "kikaku.kacho", addAccount(srv.db, kachoNo, "kikaku.kacho"))).client;
  owner = sql(`SELECT id || '|' || name FROM people WHERE unit_id = ${kikaku} ORDER BY id LIMIT 1`).split("|");
  const r = await ciso.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "令和の自己点検 (報告)",
    unit_ids: [kikaku], system_ids: [system] });
  assert.equal(r.status, 201, r.text);
  campaign = r.json.id;
  const answer = (body) => ciso.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/answers`, body);
  const items = (await ciso.get(`/api/v1/selfchecks/${campaign}/units/${kikaku}`)).json.items;
  const [yes, manual] = items.filter((i) => i.auto === null);
  assert.equal((await answer({ item_id: yes.id, answer: "yes" })).status, 200);
  const no = await answer({ item_id: manual.id, answer: "no", note: "点検の記録簿が見当たらない" });
  assert.equal(no.status, 200, no.text);
  const act = await ciso.post(`/api/v1/selfchecks/${campaign}/units/${kikaku}/actions`,
    { item_id: manual.id, description: "記録簿を新しく作り毎月記入する", owner_id: Number(owner[0]), due_on: jstDate(30) });
  assert.equal(act.status, 201, act.text);
});

after(async () => {
  await srv?.stop();
});

test("only evaluation.manage; an unknown campaign is not found", async () => {
  const mine = await download(kacho, `/api/v1/selfchecks/${campaign}/report`);
  assert.equal(mine.status, 403);
  const none = await download(ciso, `/api/v1/selfchecks/999999/report`);
  assert.equal(none.status, 404);
  assert.equal(JSON.parse(none.bytes.toString()).code, "selfcheck_not_found");
});

test("the PDF's text, read by pdftotext, is the campaign's results", async () => {
  const r = await download(ciso, `/api/v1/selfchecks/${campaign}/report`);
  assert.equal(r.status, 200);
  assert.equal(r.type, "application/pdf");
  const text = popplerLines(r.bytes);
  const flat = text.replace(/\s/g, "");
  const has = (want) => assert.ok(flat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」 in:\n${text.slice(0, 3000)}`);
  has("自己点検の結果の報告");
  has("最高情報セキュリティ責任者 (CISO) 御中");
  has(wareki(jstDate(0)));
  has("名称: 令和の自己点検 (報告)");
  has(`年度: 令和${reiwaYear(fiscalYearOf(0))}年度`);
  // each category's counts, as the database has the answers (the 課 and the system together)
  const c = (await ciso.get(`/api/v1/selfchecks/${campaign}`)).json;
  for (const cat of c.by_category)
    has(`${cat.category}: はい ${cat.yes}・一部 ${cat.partly}・いいえ ${cat.no}・該当なし ${cat.na}・未回答 ${cat.unanswered}`);
  const answered = (a) => Number(sql(`SELECT count(*) FROM selfcheck_answers x JOIN selfcheck_targets t ON t.id = x.target_id
    WHERE t.campaign_id = ${campaign} AND x.answer = '${a}'`));
  const unit = c.units.find((u) => u.unit_id === kikaku);
  assert.equal(unit.yes, answered("yes"));
  assert.equal(unit.no, answered("no"));
  has(`${unit.name}: はい ${answered("yes")}・一部 0・いいえ ${answered("no")}`);
  has(`SYS-M01 ${sql(`SELECT name FROM systems WHERE id = ${system}`)}: はい 0・一部 0・いいえ 0・該当なし 0・未回答 ${c.items_per_system}`);
  has("［いいえ］");
  has("理由・補足: 点検の記録簿が見当たらない");
  has(`記録簿を新しく作り毎月記入する`);
  has(`担当 ${owner[1]}、期限 ${wareki(jstDate(30))} — 未完了`);
});
