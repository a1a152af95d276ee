// 自己点検 of a system's IDs (第83条(2)(3)・第84条) answered from the IDs module (issue 14): the system's
// imported account list and the access-review campaign that certified its IDs give the answers of
// tech_unused_ids, tech_access_reviewed and sys_privileged_ids; each number is compared with an
// independent count in SQL, before any review, while it is being decided, after the next import
// carried out the removals, and when the review is older than the pack's interval. Each item's progress
// (declared once, in the published view both the review and the self-check read) is checked against the
// rule computed from the tables.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { fiscalYearOf, jstDate } from "./lib/clock.mjs";

let srv, ciso, manager, m01, managerNo, campaign, review;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));
const slash = (d) => d.replaceAll("-", "/");
const header = "利用者ID,職員番号,氏名,所属,権限,最終ログイン,状態\r\n";
const line = (id, no, name, priv, days = -1) => `${id},${no},${name},市民課,${priv},${slash(jstDate(days))},有効\r\n`;
const upload = (csv) => manager.req("POST", `/api/v1/systems/${m01}/ids/import?filename=users.csv`, undefined,
  { raw: Buffer.from(csv), headers: { "content-type": "text/csv" } });
const sheet = async () => {
  const r = await manager.get(`/api/v1/selfchecks/${campaign}/systems/${m01}`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.items.map((i) => [i.id, i.auto]));
};
const lines = (auto, label) => auto.evidence.filter((l) => l.startsWith(`${label}: `)).length;

// Independent counts, from the tables themselves.
const latest = () => `(SELECT max(id) FROM sysaccount_snapshots WHERE system_id = ${m01})`;
const lastReview = () => `(SELECT max(review_id) FROM access_review_items WHERE system_id = ${m01})`;
const unusedUnkept = () => num(`SELECT count(*) FROM sysaccount_ids x WHERE x.snapshot_id = ${latest()} AND x.enabled = 1
  AND x.last_login < '${jstDate(-90)}' AND NOT EXISTS (SELECT 1 FROM access_review_items i WHERE i.review_id = ${lastReview()}
  AND i.system_id = ${m01} AND i.login_id = x.login_id AND i.decision = 'keep')`);
const undecided = () => num(`SELECT count(*) FROM access_review_items WHERE system_id = ${m01} AND review_id = ${lastReview()}
  AND decision IS NULL`);
// a removal or change not yet seen in the list: the ID still enabled (and, for a change, as privileged as it was)
const pending = () => num(`SELECT count(*) FROM access_review_items i WHERE i.system_id = ${m01} AND i.review_id = ${lastReview()}
  AND i.decision IN ('remove', 'change') AND i.done_at IS NULL AND EXISTS (SELECT 1 FROM sysaccount_ids x
  WHERE x.snapshot_id = ${latest()} AND x.login_id = i.login_id AND x.enabled = 1
  AND (i.decision = 'remove' OR x.privileged = i.privileged))`);
const privileged = () => num(`SELECT count(*) FROM sysaccount_ids WHERE snapshot_id = ${latest()} AND enabled = 1 AND privileged = 1`);

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  m01 = num("SELECT id FROM systems WHERE code = 'SYS-M01'");
  managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'system_manager' AND r.scope_kind = 'system' AND r.scope_id = ${m01} AND r.valid_until IS NULL LIMIT 1`);
  manager = (await signInFirstTime(srv.url, "m01.manager", addAccount(srv.db, managerNo, "m01.manager"))).client;
  const r = await ciso.post("/api/v1/selfchecks", { fiscal_year: fiscalYearOf(0), title: "IDの自己点検",
    unit_ids: [num("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'")],
    system_ids: [m01] });
  assert.equal(r.status, 201, r.text);
  campaign = r.json.id;
});

after(async () => {
  await srv?.stop();
});

test("without an imported list: all three are no, and say so", async () => {
  assert.equal(num(`SELECT count(*) FROM sysaccount_snapshots WHERE system_id = ${m01}`), 0);
  const a = await sheet();
  for (const id of ["tech_unused_ids", "tech_access_reviewed", "sys_privileged_ids"]) {
    assert.equal(a[id].answer, "no", `${id}: ${a[id].summary}`);
    assert.equal(a[id].evidence[0], "IDの一覧: 取り込まれていません");
  }
  assert.match(a.tech_access_reviewed.summary, /見直しで確認されていません/);
});

test("a list with an unused ID and two privileged ones, before any review", async () => {
  const r = await upload(header + line("murakami", managerNo, "村上 亮", "システム管理者") +
    line("mori", "D00079", "森 さくら", "システム管理者") + line("kobayashi", "D00081", "小林 奈々", "一般") +
    line("ishii", "D00078", "石井 健一", "一般", -200));
  assert.equal(r.status, 201, r.text);
  const a = await sheet();
  assert.equal(unusedUnkept(), 1);
  assert.equal(a.tech_unused_ids.answer, "no");
  assert.equal(lines(a.tech_unused_ids, "未利用"), unusedUnkept());
  assert.match(a.tech_unused_ids.evidence.find((l) => l.startsWith("未利用")), /ishii \(石井 健一\)/);
  assert.equal(a.tech_access_reviewed.answer, "no");
  assert.equal(a.sys_privileged_ids.answer, "partly", a.sys_privileged_ids.summary);
  assert.equal(lines(a.sys_privileged_ids, "特権ID"), privileged());
  assert.match(a.sys_privileged_ids.summary, new RegExp(`有効な特権IDは ${privileged()} 件`));
});

test("while the review is being decided: partly, with what is left counted as the database does", async () => {
  const r = await ciso.post("/api/v1/access-reviews", { title: "令和8年度 上期", due_on: jstDate(30) });
  assert.equal(r.status, 201, r.text);
  review = r.json;
  const item = (login) => review.items.find((x) => x.system_id === m01 && x.login_id === login).id;
  let a = await sheet();
  assert.equal(a.tech_access_reviewed.answer, "partly");
  assert.equal(lines(a.tech_access_reviewed, "未確認"), undecided());
  assert.equal(undecided(), 4);
  assert.match(a.tech_access_reviewed.evidence[1], /アクセス権の見直し「令和8年度 上期」.*実施中/);
  // mori holds a privileged ID without a privileged role: no, until she is decided on and carried out
  assert.equal(a.sys_privileged_ids.answer, "no", a.sys_privileged_ids.summary);
  assert.match(a.sys_privileged_ids.evidence.join("\n"), /特権を持つ役割のない者の特権ID: mori \(森 さくら\) — 未確認/);

  const decide = async (c, login, decision, reason) =>
    assert.equal((await c.post(`/api/v1/access-review-items/${item(login)}/decide`, { decision, reason })).status, 204);
  await decide(manager, "ishii", "remove", "異動により不要");
  await decide(manager, "kobayashi", "keep", "窓口業務で使用");
  await decide(manager, "mori", "change", "特権を外し一般権限にする");
  await decide(ciso, "murakami", "keep", "情報システム管理者として必要");
  a = await sheet();
  assert.equal(undecided(), 0);
  assert.equal(pending(), 2);
  assert.equal(a.tech_access_reviewed.answer, "partly");
  assert.equal(lines(a.tech_access_reviewed, "未実施"), pending());
  assert.match(a.tech_access_reviewed.summary, new RegExp(`未実施のIDが ${pending()} 件`));
  assert.equal(a.tech_unused_ids.answer, "no", "ishii is still there, unused, and not kept");
  assert.equal(lines(a.tech_unused_ids, "未利用"), unusedUnkept());
  assert.equal(a.sys_privileged_ids.answer, "no");
});

// Each item's progress by the rule of docs/access-reviews.md, computed here from the tables themselves:
// none (kept or undecided), done (recorded by hand; or, for a system, its latest import after the
// decision no longer shows the ID enabled as it was; for lgsec, the account disabled), else pending.
const progressBySql = () => Object.fromEntries(sql(`SELECT i.id, CASE
    WHEN i.decision IS NULL OR i.decision = 'keep' THEN 'none'
    WHEN i.done_at IS NOT NULL THEN 'done'
    WHEN i.system_id = 0 THEN CASE WHEN (SELECT disabled_at FROM accounts WHERE login_id = i.login_id) IS NOT NULL
      THEN 'done' ELSE 'pending' END
    WHEN (SELECT imported_at FROM sysaccount_snapshots WHERE system_id = i.system_id ORDER BY id DESC LIMIT 1) > i.decided_at
      AND (SELECT count(*) FROM sysaccount_ids x WHERE x.snapshot_id = (SELECT max(id) FROM sysaccount_snapshots
           WHERE system_id = i.system_id) AND x.login_id = i.login_id AND x.enabled = 1
           AND (i.decision = 'remove' OR x.privileged = i.privileged)) = 0 THEN 'done'
    ELSE 'pending' END FROM access_review_items i WHERE i.review_id = ${review.id}`)
  .split("\n").map((l) => l.split("|")).map(([id, p]) => [Number(id), p]));

test("the review page's progress (the published view's rule) is the rule computed from the tables", async () => {
  const items = (await ciso.get(`/api/v1/access-reviews/${review.id}`)).json.items;
  assert.ok(items.length > 4);
  const bySql = progressBySql();
  for (const x of items) assert.equal(x.progress, bySql[x.id], `${x.system_code}/${x.login_id}`);
  assert.ok(items.some((x) => x.progress === "pending"));
});

test("the next import carries out the removal and the change: yes for all three", async () => {
  await new Promise((r) => setTimeout(r, 1100)); // the import's time must be after the decisions' (seconds)
  const r = await upload(header + line("murakami", managerNo, "村上 亮", "システム管理者") +
    line("mori", "D00079", "森 さくら", "一般") + line("kobayashi", "D00081", "小林 奈々", "一般"));
  assert.equal(r.status, 201, r.text);
  const a = await sheet();
  assert.equal(pending(), 0);
  assert.equal(unusedUnkept(), 0);
  assert.equal(a.tech_access_reviewed.answer, "yes", a.tech_access_reviewed.summary);
  assert.equal(a.tech_unused_ids.answer, "yes", a.tech_unused_ids.summary);
  assert.equal(a.sys_privileged_ids.answer, "yes", a.sys_privileged_ids.summary);
  assert.equal(lines(a.sys_privileged_ids, "特権ID"), privileged());
  assert.equal(privileged(), 1);
  const items = (await ciso.get(`/api/v1/access-reviews/${review.id}?system_id=${m01}`)).json.items;
  const bySql = progressBySql();
  for (const x of items) assert.equal(x.progress, bySql[x.id], x.login_id);
  assert.ok(items.some((x) => x.progress === "done"));
});

test("the 管理者 confirms lgsec's answer; a review older than the interval makes the access review no", async () => {
  const ok = await manager.post(`/api/v1/selfchecks/${campaign}/systems/${m01}/answers`, { item_id: "tech_access_reviewed", answer: "yes" });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(sql(`SELECT auto_answer FROM selfcheck_system_answers WHERE item_id = 'tech_access_reviewed'`), "yes");
  const bad = await manager.post(`/api/v1/selfchecks/${campaign}/systems/${m01}/answers`, { item_id: "sys_privileged_ids", answer: "no" });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, "note", "a correction of lgsec's answer needs a reason");
  const opened = sql(`SELECT opened_on FROM access_reviews WHERE id = ${review.id}`);
  sql(`UPDATE access_reviews SET opened_on = '${jstDate(-181)}', due_on = '${jstDate(-151)}' WHERE id = ${review.id}`);
  try {
    const a = await sheet();
    assert.equal(a.tech_access_reviewed.answer, "no");
    assert.match(a.tech_access_reviewed.summary, /180 日の間隔を過ぎています/);
    assert.equal(a.sys_privileged_ids.answer, "partly");
  } finally {
    sql(`UPDATE access_reviews SET opened_on = '${opened}', due_on = '${jstDate(30)}' WHERE id = ${review.id}`);
  }
});
