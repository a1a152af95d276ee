// Browser journey through the 緊急時対応計画 (第125条–第128条, docs/emergency-plan.md) in headless Debian
// chromium, all through the forms: the CSIRT lead finds no approved plan and starts the draft, sees the
// gaps that block approval (第126条) at their fields, saves a draft with one category left out and one
// category with only a 復旧 (refused at its field, nothing saved), reads the draft in English; the CISO's
// 承認 is refused by the server (plan_incomplete shown); the lead fills the last category (no gaps
// left); the CISO approves and the drill's page names the version and category it was recorded
// against; the current plan shows the 紛失・盗難 response, the contacts from the roles and the drill;
// the incident of 紛失・盗難 shows its part. The author never sees 承認, not even a CISO who is also a
// CSIRT member (the server refuses it when forced). No CSP violation.
import { fiscalYearOf, jstDate, jstDateTime, now } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, NEW_PASSWORD, launchBrowser, signInAs } from './lib/browser.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');
const LOSS = '媒体を探した範囲と時刻を記録し、警察に遺失届を出す。';
const CATEGORIES = ['unauthorized_access', 'malware', 'loss_theft', 'misdelivery', 'misconfiguration', 'insider',
  'outage', 'dos', 'other'];

function account(staffNo, login) {
  const r = cli(['user', 'add', '--db', srv.db, '--person', staffNo, '--login', login]);
  assert.equal(r.status, 0, r.stderr);
  return /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
}

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('緊急時対応計画: drafted and approved through the forms → an incident of 紛失・盗難 shows its part → the drill against it', async () => {
  const zaisei = sql("SELECT id FROM org_units WHERE code = 'kikaku-zaisei'");
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${zaisei} AND title = '主事' ORDER BY id LIMIT 1`);
  const staffId = Number(sql(`SELECT id FROM people WHERE staff_no = '${staffNo}'`));
  const leadNo = sql(`SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id
    WHERE r.role = 'csirt_lead' ORDER BY r.id LIMIT 1`);
  const leadTemp = account(leadNo, 'csirt.lead.ui');
  const memberNo = sql(`SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id
    WHERE r.role = 'csirt_member' ORDER BY r.id LIMIT 1`);
  const csirt = (await signInFirstTime(srv.url, 'csirt.member', account(memberNo, 'csirt.member'))).client;
  const staff = (await signInFirstTime(srv.url, 'zaisei.staff', account(staffNo, 'zaisei.staff'))).client;
  const cisoFirst = await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password, NEW_PASSWORD);
  const ciso = cisoFirst.client;
  const cisoAuth = new Authenticator();
  cisoAuth.secret = cisoFirst.secret;
  cisoAuth.lastCounter = Math.floor(now() / 30_000); // that step's code was spent by the API sign-in
  const leadAuth = new Authenticator();

  // an incident of 紛失・盗難, triaged by the CSIRT; a drill with a participant (training's records)
  const asset = sql(`SELECT id FROM assets WHERE unit_id = ${zaisei} ORDER BY id LIMIT 1`);
  const rep = await staff.post('/api/v1/incidents', { title: 'USBメモリの紛失', description: '会議から戻ると見当たらない',
    noticed_at: jstDateTime(-1, '17:40'), asset_id: Number(asset), personal_data: 'none' });
  assert.equal(rep.status, 201, rep.text);
  const incident = rep.json.id;
  assert.equal((await csirt.post(`/api/v1/incidents/${incident}/triage`, { is_incident: true, category: 'loss_theft', severity: 'high' })).status, 200);
  const drill = await ciso.post('/api/v1/training/drills', { fiscal_year: fiscalYearOf(0), title: 'USBメモリ紛失の訓練',
    held_on: jstDate(0), scenario: '計画どおりに報告できるか', scope: '財政課' });
  assert.equal(drill.status, 201, drill.text);
  assert.equal((await ciso.post(`/api/v1/training/drills/${drill.json.id}/participants`, { person_id: staffId })).status, 201);

  // the CSIRT lead starts the draft from the plan page: every part of 第126条 is a gap at first
  await signInAs(page, context, srv, 'csirt.lead.ui', leadTemp, leadAuth, true);
  await page.goto(new URL('/emergency-plan', srv.url).href);
  await page.getByText('承認された緊急時対応計画がまだないか').waitFor();
  await page.getByRole('button', { name: '新しい案を作る (現行の版の写し)' }).click();
  await page.getByRole('heading', { name: '緊急時対応計画の案', level: 1 }).waitFor();
  const gaps = page.getByTestId('plan-gaps');
  let gapText = await gaps.innerText();
  assert.match(gapText, /「報告すべき事項」\(第126条\(2\)\) が空です/);
  assert.match(gapText, /「再発防止措置の策定」\(第126条\(4\)\) が空です/);
  assert.equal((gapText.match(/の初動・応急措置 \(第126条\(3\)\) がありません/g) ?? []).length, CATEGORIES.length);
  assert.equal(await page.getByRole('button', { name: '承認する (CISO)' }).count(), 0, 'the writer has no 承認');

  await page.getByLabel('計画の名称').fill('三笠市 緊急時対応計画');
  await page.getByLabel('報告すべき事項 (第126条(2))').fill('発生日時、場所、対象の情報資産、個人情報の有無');
  for (const c of CATEGORIES.filter((c) => c !== 'other')) {
    const box = page.getByTestId(`resp-${c}`);
    await box.getByLabel(/初動・応急措置/).fill(c === 'loss_theft' ? LOSS : `${c} の初動`);
    if (c === 'loss_theft') await box.getByLabel(/報告先/).fill('警察');
  }
  await page.getByLabel('再発防止措置の策定 (第126条(4))').fill('原因を分析し、再発防止策をCISOに提案する');
  await page.getByLabel('次回の見直し期限').fill(jstDate(300));
  // bad input: a category with only a 復旧 is refused at its field, nothing is saved
  const other = page.getByTestId('resp-other');
  await other.getByLabel(/復旧/).fill('復旧だけ');
  await page.getByRole('button', { name: '案を保存する' }).click();
  await other.locator('.field-error').waitFor();
  assert.match(await other.locator('.field-error').innerText(), /初動・応急措置を書いてください/);
  assert.equal(sql("SELECT report_items FROM irplan_versions WHERE state = 'draft'"), '', 'nothing saved');
  await other.getByLabel(/復旧/).fill('');
  await page.getByRole('button', { name: '案を保存する' }).click();
  await page.getByText('案を保存しました。').waitFor();
  // the list of gaps is recomputed from the saved draft: until then it still shows all nine categories
  await page.waitForFunction(() =>
    (document.querySelector('[data-testid="plan-gaps"]')?.innerText.match(/がありません/g) ?? []).length === 1);
  gapText = await gaps.innerText();
  assert.doesNotMatch(gapText, /報告すべき事項|再発防止措置/);
  assert.equal((gapText.match(/がありません/g) ?? []).length, 1, 'only その他 is left');
  assert.match(await other.locator('.field-error').innerText(), /の初動・応急措置 \(第126条\(3\)\) がありません/);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Draft emergency response plan', level: 1 }).waitFor();
  assert.match(await gaps.innerText(), /No first response for category/);
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await page.getByRole('heading', { name: '緊急時対応計画の案', level: 1 }).waitFor();

  // the CISO tries to approve the incomplete draft: the server's refusal is shown
  await signInAs(page, context, srv, srv.ciso.login_id, NEW_PASSWORD, cisoAuth, false);
  await page.goto(new URL('/emergency-plan', srv.url).href);
  await page.getByRole('link', { name: '案を開く' }).click();
  await page.getByRole('heading', { name: '緊急時対応計画の案', level: 1 }).waitFor();
  assert.equal(await page.getByRole('button', { name: '案を保存する' }).count(), 0, 'the CISO approves, does not write');
  await page.getByRole('button', { name: '承認する (CISO)' }).click();
  const refusal = page.getByTestId('form-error');
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'plan_incomplete');
  assert.match(await refusal.innerText(), /対応措置 \(第126条\(3\)\) がありません/);

  // the lead fills the last category: nothing is missing any more
  await signInAs(page, context, srv, 'csirt.lead.ui', NEW_PASSWORD, leadAuth, false);
  await page.goto(new URL('/emergency-plan/draft', srv.url).href);
  await page.getByRole('heading', { name: '緊急時対応計画の案', level: 1 }).waitFor();
  await page.getByTestId('resp-other').getByLabel(/初動・応急措置/).fill('other の初動');
  await page.getByRole('button', { name: '案を保存する' }).click();
  await page.getByText('案を保存しました。').waitFor();
  await page.getByText('足りない項目はありません。CISOが承認できます。').waitFor();

  // the CISO approves through the form and lands on the current plan
  await signInAs(page, context, srv, srv.ciso.login_id, NEW_PASSWORD, cisoAuth, false);
  await page.goto(new URL('/emergency-plan/draft', srv.url).href);
  await page.getByRole('button', { name: '承認する (CISO)' }).click();
  await page.getByRole('heading', { name: '三笠市 緊急時対応計画' }).waitFor();
  const planId = Number(sql("SELECT id FROM irplan_versions WHERE state = 'approved'"));
  assert.ok(planId > 0);
  assert.equal((await csirt.post(`/api/v1/emergency-plan/versions/${planId}/drills`, { drill_id: drill.json.id, category: 'loss_theft' })).status, 201);
  // training's drill page names the plan version and the category the drill was recorded against
  await page.goto(new URL(`/training/drills/${drill.json.id}`, srv.url).href);
  const drillPlan = page.getByTestId('drill-plan');
  await drillPlan.waitFor();
  assert.match(await drillPlan.innerText(), /三笠市 緊急時対応計画 \(第1版\) — 紛失・盗難/);

  // the CSIRT lead reads the current plan and the incident's part of it
  await signInAs(page, context, srv, 'csirt.lead.ui', NEW_PASSWORD, leadAuth, false);
  const tasks = await page.locator('main').innerText();
  assert.doesNotMatch(tasks, /緊急時対応計画の見直しが必要です/, 'approved just now: no review due');
  await page.goto(new URL('/emergency-plan', srv.url).href);
  await page.getByRole('heading', { name: '緊急時対応計画', level: 1 }).waitFor();
  await page.getByRole('heading', { name: '三笠市 緊急時対応計画' }).waitFor();
  const body = await page.locator('main').innerText();
  assert.match(body, /第1版/);
  assert.match(body, /令和\d+年\d+月\d+日 承認/);
  assert.match(body, new RegExp(LOSS));
  assert.match(body, /CSIRT責任者/, 'contacts from the role register');
  assert.match(body, /USBメモリ紛失の訓練/);
  assert.match(body, /参加者 1人/);
  assert.equal(await page.getByRole('button', { name: '新しい案を作る (現行の版の写し)' }).count(), 1, 'the next draft can start');

  await page.goto(new URL(`/incidents/${incident}`, srv.url).href);
  const part = page.getByTestId('incident-plan');
  await part.waitFor();
  const text = await part.innerText();
  assert.match(text, /紛失・盗難/);
  assert.match(text, new RegExp(LOSS));
  assert.match(text, /警察/);

  // the author who could approve (a CISO who is also a CSIRT member) finds no 承認 on a draft of their own,
  // and the server refuses it when forced
  const cisoPerson = sql(`SELECT person_id FROM role_assignments WHERE role = 'ciso' ORDER BY id LIMIT 1`);
  sql(`INSERT INTO role_assignments (person_id, role, scope_kind, valid_from, created_at)
    VALUES (${cisoPerson}, 'csirt_member', 'organisation', '${jstDate(-1)}', '${jstDate(-1)}T00:00:00Z')`);
  await signInAs(page, context, srv, srv.ciso.login_id, NEW_PASSWORD, cisoAuth, false);
  await page.goto(new URL('/emergency-plan', srv.url).href);
  await page.getByRole('button', { name: '新しい案を作る (現行の版の写し)' }).click();
  await page.getByRole('heading', { name: '緊急時対応計画の案', level: 1 }).waitFor();
  await page.getByTestId('own-draft').waitFor();
  assert.equal(await page.getByRole('button', { name: '承認する (CISO)' }).count(), 0, 'no 承認 on a draft of your own');
  const draftId = Number(sql("SELECT id FROM irplan_versions WHERE state = 'draft'"));
  const forced = await page.evaluate(async (id) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/emergency-plan/versions/${id}/approve`, { method: 'POST', body: '{}',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token } });
    return { status: r.status, code: (await r.json()).code };
  }, draftId);
  assert.deepEqual(forced, { status: 403, code: 'separation_of_duties' });
  assert.deepEqual(cspViolations, []);
});
