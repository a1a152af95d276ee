// Browser journey through 例外措置 (第129条, issue 11 §2): the 企画課 課長 (情報セキュリティ管理者, who may
// file it) names the provisions not followed, the target system chosen from the register, the risk, the
// compensating measure and the period. An article the policy does not have is refused as such (not as a
// format error), an end before the start is refused in the form; the filed request shows the system by
// its name and goes to the CISO for the whole organisation.
import { jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';

let srv, browser;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.trim();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('例外措置: provisions, target system, risk and period; an unknown article is named as such', async () => {
  const { context, page, cspViolations } = browser;
  const kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  const temp = addAccount(srv.db, managerNo, 'kikaku.kacho');
  const [sysCode, sysName] = sql('SELECT code, name FROM systems WHERE active = 1 ORDER BY code LIMIT 1').split('|');
  await signInAs(page, context, srv, 'kikaku.kacho', temp, new Authenticator(), true);

  await page.goto(new URL('/requests/new', srv.url).href);
  await page.getByRole('region', { name: '権限・設定・例外' }).getByRole('button', { name: /例外措置/ }).click();
  await page.getByRole('heading', { name: /例外措置/, level: 2 }).waitFor();
  await page.getByTestId('approval-plan').filter({ hasText: 'CISO' }).waitFor(); /* the role's name, once the policy is read */

  await page.getByLabel('遵守しない規定(条項)').fill('第999条');
  // the target system is chosen from the register, not typed as a number
  await page.getByLabel('対象の情報システムを管理番号・名称で検索').fill(sysCode);
  const target = page.getByLabel('対象の情報システム', { exact: true });
  await target.locator('option', { hasText: sysName }).waitFor({ state: 'attached' });
  await target.selectOption({ label: `${sysCode} ${sysName}` });
  await page.getByLabel('理由', { exact: true }).fill('更新作業中のため一時的に自動ロックを解除する');
  await page.getByLabel('想定されるリスク').fill('離席中の端末の不正操作');
  await page.getByLabel('代替措置(リスクを補う措置)').fill('作業室を施錠し、作業者以外の入室を禁止する');
  await page.getByLabel('開始日').fill(jstDate(1));
  await page.getByLabel('終了予定日').fill(jstDate(0));
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('「終了予定日」は「開始日」より前にできません').first().waitFor();
  assert.equal(sql('SELECT count(*) FROM requests'), '0');

  await page.getByLabel('終了予定日').fill(jstDate(14));
  await page.getByRole('button', { name: '提出する' }).click();
  // the server names the missing article; nothing is filed
  await page.getByText(/第999条 は対策基準にありません/).first().waitFor();
  assert.equal(sql('SELECT count(*) FROM requests'), '0');

  await page.getByLabel('遵守しない規定(条項)').fill('第85条');
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByTestId('request-notice').waitFor();
  assert.equal(await page.getByTestId('request-state').getAttribute('data-state'), 'submitted');
  const shown = page.locator('[data-field=target_system]');
  await shown.getByRole('link', { name: `${sysCode} ${sysName}` }).waitFor();
  assert.equal(sql("SELECT json_extract(fields, '$.target_system') = (SELECT id FROM systems WHERE code = '" + sysCode + "') FROM requests"), '1');
  const next = await page.getByTestId('next-approver').innerText();
  assert.match(next, /CISO/);
  assert.doesNotMatch(next, /CISO（企画課）/);
  assert.deepEqual(cspViolations, []);
});
