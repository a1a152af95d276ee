// Browser journey through 自己点検 of an information system (issue 14) in headless Debian chromium: the
// CISO opens the 年度's self-check over 企画課 and one system; the system's 情報システム管理者 opens the
// campaign, sees only the system's row, opens its sheet, sees that lgsec found the 管理者 (第17条) and
// confirms it; the CISO sees the result per system. No CSP violation.
import { fiscalYearOf, jstDate, reiwaYear } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs, signInCisoFirstTime, signInAgain } from './lib/browser.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('自己点検 of a system: chosen by the CISO, answered by its 情報システム管理者, results per system', async () => {
  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const [system, code, name, staffNo] = sql(`SELECT s.id, s.code, s.name, p.staff_no FROM systems s
    JOIN role_assignments r ON r.role = 'system_manager' AND r.scope_kind = 'system' AND r.scope_id = s.id AND r.valid_until IS NULL
    JOIN people p ON p.id = r.person_id WHERE s.active = 1 AND s.owner_unit_id <> ${kikaku} ORDER BY s.id LIMIT 1`).split('|');
  const cisoAuth = new Authenticator();
  await signInCisoFirstTime(page, srv, cisoAuth);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '自己点検' }).click();
  await page.getByRole('heading', { name: '自己点検', level: 1 }).waitFor();
  const fy = `令和${reiwaYear(fiscalYearOf(0))}年度`;
  await page.getByLabel('年度').selectOption(String(fiscalYearOf(0)));
  await page.getByTestId('sc-units').getByLabel('企画課', { exact: true }).check();
  await page.getByTestId('sc-systems').getByLabel(`${code} ${name}`, { exact: true }).check();
  await page.getByRole('button', { name: '始める' }).click();
  await page.getByTestId('sc-notice').filter({ hasText: '自己点検を始めました。' }).waitFor();
  assert.equal(sql('SELECT system_id FROM selfcheck_system_targets'), system);

  await signInAs(page, context, srv, 'sys.kanri', addAccount(srv.db, staffNo, 'sys.kanri'), new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '自己点検' }).click();
  await page.getByTestId('selfchecks').getByRole('link', { name: `${fy} 自己点検` }).click();
  const mine = page.getByTestId('sc-by-system');
  await mine.locator(`[data-system="${system}"]`).waitFor();
  assert.equal(await page.getByTestId('sc-by-unit').count(), 0, 'the 課 is not theirs');
  await mine.getByRole('link', { name: '点検票を開く' }).click();
  await page.getByRole('heading', { name: `${code} ${name} の自己点検票 (情報システム)`, level: 1 }).waitFor();
  const item = page.locator('[data-item=sys_manager_assigned]');
  assert.match(await item.getByTestId('sc-auto').innerText(), /はい.*情報システム管理者が置かれています/s);
  await item.getByRole('button', { name: '回答する' }).click();
  await item.getByTestId('sc-answered').waitFor();
  assert.equal(sql("SELECT answer FROM selfcheck_system_answers WHERE item_id = 'sys_manager_assigned'"), 'yes');
  // 第164条: an improvement action on the system's sheet, as on a 課's, then closed with its result
  await page.getByLabel('対象の項目').selectOption('sys_room_access');
  await page.getByLabel('改善策', { exact: true }).fill('サーバー室の入退室記録簿を毎日確認する');
  await page.getByLabel('担当者', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('期限').fill(jstDate(30));
  await page.getByRole('button', { name: '改善策を登録する' }).click();
  const actions = page.getByTestId('sc-actions');
  await actions.getByText('サーバー室の入退室記録簿を毎日確認する').waitFor();
  const actionId = sql('SELECT id FROM selfcheck_actions WHERE system_target_id IS NOT NULL');
  await actions.locator(`[data-action="${actionId}"]`).getByRole('textbox').fill('記録簿の確認を日課にした');
  await actions.locator(`[data-action="${actionId}"]`).getByRole('button').click();
  await actions.getByText('記録簿の確認を日課にした').waitFor();
  assert.equal(sql(`SELECT state FROM selfcheck_actions WHERE id = ${actionId}`), 'done');
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/selfcheck-system-sheet.png`, fullPage: false });

  await signInAgain(page, context, srv, cisoAuth, '/selfchecks');
  await page.getByTestId('selfchecks').getByRole('link', { name: `${fy} 自己点検` }).click();
  const row = page.getByTestId('sc-by-system').locator(`[data-system="${system}"]`);
  await row.waitFor();
  assert.deepEqual((await row.locator('td.num').allInnerTexts()).slice(0, 4), ['1', '0', '0', '0']);
  assert.deepEqual(cspViolations, []);
});
