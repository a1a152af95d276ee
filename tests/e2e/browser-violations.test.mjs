// Browser: 違反 (第124条, 第133条–第134条; docs/incidents.md) in headless Debian chromium on the demo.
// A 職員 reports a violation from インシデント → 違反の報告 and sees it reported; the 統括 opens it from
// the notification, confirms it naming the violator, records the handling from the list; the 職員 sees
// the state 対応済み but neither who violated nor the handling. No CSP violation on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';
import { jstDateTime } from './lib/clock.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.trim();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('違反: a 職員 reports, the 統括 confirms and records the handling; the reporter sees the state only', async () => {
  const staffNo = sql("SELECT staff_no FROM people WHERE title = '主事' ORDER BY id LIMIT 1");
  const violator = sql("SELECT staff_no || '|' || name FROM people WHERE title = '主事' ORDER BY id LIMIT 1 OFFSET 3").split('|');
  const chiefNo = sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'chief_security_officer' ORDER BY r.id LIMIT 1");
  const staffAuth = new Authenticator();
  await signInAs(page, context, srv, 'v.staff', addAccount(srv.db, staffNo, 'v.staff'), staffAuth, true);
  await page.goto(new URL('/incidents', srv.url).href);
  await page.getByRole('link', { name: '違反の報告' }).click();
  await page.getByRole('link', { name: '違反を報告する' }).click();
  const form = page.getByTestId('violation-form');
  await form.getByLabel('違反の内容').fill('離席時にパソコンがロックされず、住民情報の画面が表示されたままだった。');
  await form.getByLabel('違反した規定').fill('第31条4');
  await form.getByLabel('気付いた日時').fill(jstDateTime(-1, '10:15'));
  await form.getByRole('button', { name: '報告する' }).click();
  await page.getByTestId('violation-reported').waitFor();
  assert.match(await page.getByTestId('violation-state').innerText(), /報告済み/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.ok(id > 0);

  // The 統括: the notification links to the report; confirm naming the violator, then the handling.
  await signInAs(page, context, srv, 'v.chief', addAccount(srv.db, chiefNo, 'v.chief'), new Authenticator(), true);
  await page.getByRole('link', { name: new RegExp(`違反の報告があります \\(No\\.${id},`) }).click();
  await page.getByTestId('violation-chain').waitFor();
  const assess = page.getByTestId('violation-assess');
  await assess.getByLabel('職員を検索').fill(violator[0]);
  const pick = assess.getByLabel('違反した者');
  const option = pick.locator('option', { hasText: violator[0] }).first();
  await option.waitFor({ state: 'attached' });
  await pick.selectOption({ label: await option.innerText() });
  await assess.getByRole('button', { name: '確認を記録する' }).click();
  await page.getByTestId('violation-handle').waitFor();
  assert.match(await page.getByTestId('violation-facts').innerText(), new RegExp(violator[1]));
  assert.match(await page.getByTestId('violation-chain').innerText(), /違反した者の所属の情報セキュリティ責任者への通知/);
  const handle = page.getByTestId('violation-handle');
  await handle.getByLabel('対応', { exact: true }).selectOption({ label: '情報セキュリティ責任者による指導' });
  await handle.getByRole('button', { name: '対応を記録する' }).click();
  await page.getByTestId('violation-outcome').getByText(/情報セキュリティ責任者による指導/).waitFor();
  assert.equal(sql(`SELECT state || ':' || outcome FROM incident_violations WHERE id = ${id}`), 'handled:guidance');

  // The reporter: the state only.
  await signInAs(page, context, srv, 'v.staff', null, staffAuth, false);
  await page.goto(new URL(`/incidents/violations/${id}`, srv.url).href);
  await page.getByTestId('violation-state').getByText('対応済み').waitFor();
  const facts = await page.getByTestId('violation-facts').innerText();
  assert.doesNotMatch(facts, new RegExp(violator[1]));
  assert.doesNotMatch(facts, /指導/);
  assert.equal(await page.getByTestId('violation-chain').count(), 0);
  assert.deepEqual(cspViolations, []);
});
