// Browser: the CSIRT board (docs/incidents.md) in headless Debian chromium on the demo. Two open reports
// (one assessed 重大 with a task past its due date, one not assessed) and one found not to be an
// incident are made over the API (a 職員 reports, a CSIRT member assesses); the CSIRT lead opens インシデント → CSIRTのボード: the graver one
// first, the counts, the overdue task; assigns the CSIRT member from the row and filters by assignee;
// a 職員 sees no board tab. No CSP violation on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';
import { jstDate, jstDateTime } from './lib/clock.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.trim();
const report = (title) => ({ title, description: '確認中', noticed_at: jstDateTime(-3, '09:00'), place: '本庁舎', personal_data: 'unknown' });

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('CSIRTのボード: graver first, the overdue task, assigning a member; a 職員 has no board', async () => {
  const staffNo = sql("SELECT staff_no FROM people WHERE title = '主事' ORDER BY id LIMIT 1");
  const otherNo = sql("SELECT staff_no FROM people WHERE title = '主事' ORDER BY id LIMIT 1 OFFSET 1");
  const leadNo = sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'csirt_lead'");
  const memberId = Number(sql("SELECT person_id FROM role_assignments WHERE role = 'csirt_member' ORDER BY id LIMIT 1"));
  const memberName = sql(`SELECT name FROM people WHERE id = ${memberId}`);
  const staffTemp = addAccount(srv.db, staffNo, 'board.staff');
  const staff = (await signInFirstTime(srv.url, 'board.staff', staffTemp)).client;
  const memberNo = sql(`SELECT staff_no FROM people WHERE id = ${memberId}`);
  const lead = (await signInFirstTime(srv.url, 'board.member', addAccount(srv.db, memberNo, 'board.member'))).client;
  const grave = (await staff.post('/api/v1/incidents', report('不審な通信'))).json.id;
  const light = (await staff.post('/api/v1/incidents', report('設定の誤り'))).json.id;
  const no = (await staff.post('/api/v1/incidents', report('誤報'))).json.id;
  assert.equal((await lead.post(`/api/v1/incidents/${grave}/triage`, { is_incident: true, category: 'unauthorized_access', severity: 'critical' })).status, 200);
  assert.equal((await lead.post(`/api/v1/incidents/${no}/triage`, { is_incident: false, note: '誤報' })).status, 200);
  assert.equal((await lead.post(`/api/v1/incidents/${grave}/tasks`, { kind: 'containment', title: '通信の遮断', owner_person_id: memberId, due_date: jstDate(-1) })).status, 201);

  await signInAs(page, context, srv, 'board.lead', addAccount(srv.db, leadNo, 'board.lead'), new Authenticator(), true);
  await page.goto(new URL('/incidents', srv.url).href);
  await page.getByRole('link', { name: 'CSIRTのボード' }).click();
  await page.getByRole('heading', { name: 'CSIRTのボード', level: 1 }).waitFor();
  const list = page.getByTestId('board-list');
  await list.waitFor();
  const rows = list.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-id'), String(grave));
  assert.equal(await rows.nth(1).getAttribute('data-id'), String(light));
  assert.match(await rows.nth(0).innerText(), /重大/);
  assert.match(await rows.nth(0).innerText(), /期限超過 1件/);
  assert.match(await rows.nth(1).innerText(), /未評価/);
  const counts = await page.getByTestId('board-counts').innerText();
  assert.match(counts, /担当者なし\s+2/);
  assert.match(await page.getByTestId('board-overdue-tasks').innerText(), new RegExp(`通信の遮断[\\s\\S]*${memberName}`));

  // The 年度 report for the 委員会 is offered as PDF and Excel.
  const downloads = page.getByTestId('board-report-downloads');
  const pdfHref = await downloads.getByRole('link', { name: '報告書 (PDF)' }).getAttribute('href');
  assert.match(pdfHref, /^\/api\/v1\/incidents\/stats\/pdf\?fiscal_year=\d{4}$/);
  const pdf = await page.evaluate(async (h) => { const r = await fetch(h); return [r.status, r.headers.get('content-type')]; }, pdfHref);
  assert.deepEqual(pdf, [200, 'application/pdf']);

  // Assign the member from the row; the count of unassigned drops and the assignee filter finds it.
  await rows.nth(0).getByLabel('担当者').selectOption({ label: memberName });
  await page.waitForFunction(() => /担当者なし\s+1/.test(document.querySelector('[data-testid="board-counts"]').innerText));
  assert.equal(sql(`SELECT assignee_person_id FROM incidents WHERE id = ${grave}`), String(memberId));
  await page.getByTestId('board-filters').getByLabel('担当者').selectOption({ label: memberName });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="board-list"] tbody tr').length === 1);
  assert.equal(await list.locator('tbody tr').first().getAttribute('data-id'), String(grave));

  // A 職員 has no board tab, and the board refuses them.
  await signInAs(page, context, srv, 'board.other', addAccount(srv.db, otherNo, 'board.other'), new Authenticator(), true);
  await page.goto(new URL('/incidents', srv.url).href);
  await page.getByRole('link', { name: '自分の報告' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'CSIRTのボード' }).count(), 0);
  assert.deepEqual(cspViolations, []);
});
