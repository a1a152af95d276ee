// Browser journey through the 緊急時対応計画 (第125条–第128条, docs/emergency-plan.md) in headless Debian
// chromium. The plan is written by the CSIRT and approved by the CISO through the API (the pages to
// write it are not built yet); then the CSIRT lead, in the browser, finds the review duty gone from
// ホーム, reads the current plan (its 紛失・盗難 response, the contacts from the roles, the drill held
// against it), and opens an incident of 紛失・盗難 whose page shows that part of the plan. No CSP
// violation.
import { fiscalYearOf, jstDate, jstDateTime } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';

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

test('緊急時対応計画: approved plan → an incident of 紛失・盗難 shows its part → the drill against it', async () => {
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
  const ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;

  // the plan: drafted by a CSIRT member, approved by the CISO
  const d = await csirt.post('/api/v1/emergency-plan/drafts', {});
  assert.equal(d.status, 201, d.text);
  const planId = d.json.id;
  const w = await csirt.patch(`/api/v1/emergency-plan/versions/${planId}`, {
    title: '三笠市 緊急時対応計画', report_items: '発生日時、場所、対象の情報資産、個人情報の有無',
    prevention: '原因を分析し、再発防止策をCISOに提案する', review_on: jstDate(300),
    responses: CATEGORIES.map((c) => ({ category: c, first_response: c === 'loss_theft' ? LOSS : `${c} の初動`, report_to: c === 'loss_theft' ? '警察' : '' })),
  });
  assert.equal(w.status, 200, w.text);
  assert.equal((await ciso.post(`/api/v1/emergency-plan/versions/${planId}/approve`, {})).status, 200);

  // an incident of 紛失・盗難, triaged by the CSIRT; a drill recorded against the plan's part
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
  assert.equal((await ciso.post(`/api/v1/emergency-plan/versions/${planId}/drills`, { drill_id: drill.json.id, category: 'loss_theft' })).status, 201);

  // in the browser, as the CSIRT lead
  await signInAs(page, context, srv, 'csirt.lead.ui', leadTemp, new Authenticator(), true);
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

  await page.goto(new URL(`/incidents/${incident}`, srv.url).href);
  const part = page.getByTestId('incident-plan');
  await part.waitFor();
  const text = await part.innerText();
  assert.match(text, /紛失・盗難/);
  assert.match(text, new RegExp(LOSS));
  assert.match(text, /警察/);
  assert.deepEqual(cspViolations, []);
});
