// Browser journey through 自己点検 (issue 14, part 2) in headless Debian chromium: the CISO opens the
// 年度's self-check over 企画課; its 課長 opens their answer sheet, sees that lgsec found a
// 情報セキュリティ管理者 (第16条) and confirms it, answers another item, and adds an improvement
// action (第164条); the CISO sees the result per 課 and per 第16条の3 category, and answers the
// organisation's own sheet (the CISO found in the role register). No CSP violation.
import { fiscalYearOf, jstDate, reiwaYear } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pagePng, popplerLines } from './lib/pdftools.mjs';
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

test('自己点検: opened by the CISO, answered by the 課長 from the data, results per 課 and category', async () => {
  const cisoAuth = new Authenticator();
  await signInCisoFirstTime(page, srv, cisoAuth);
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  await menu.getByRole('link', { name: '自己点検' }).click();
  await page.getByRole('heading', { name: '自己点検', level: 1 }).waitFor();
  const fy = `令和${reiwaYear(fiscalYearOf(0))}年度`;
  await page.getByLabel('年度').selectOption(String(fiscalYearOf(0)));
  await page.getByTestId('sc-units').getByLabel('企画課', { exact: true }).check();
  await page.getByRole('button', { name: '始める' }).click();
  await page.getByTestId('sc-notice').filter({ hasText: '自己点検を始めました。' }).waitFor();
  await page.getByTestId('selfchecks').getByRole('link', { name: `${fy} 自己点検` }).waitFor();

  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const mgr = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
                   WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  const temp = addAccount(srv.db, mgr, 'kikaku.kacho');
  await signInAs(page, context, srv, 'kikaku.kacho', temp, new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '自己点検' }).click();
  await page.getByTestId('selfchecks').getByRole('link', { name: `${fy} 自己点検` }).click();
  await page.getByRole('link', { name: '点検票を開く' }).click();
  await page.getByRole('heading', { name: '企画課 の自己点検票', level: 1 }).waitFor();

  const managers = page.locator('[data-item=org_managers_assigned]');
  assert.match(await managers.getByTestId('sc-auto').innerText(), /はい.*情報セキュリティ管理者が置かれています/s);
  await managers.getByRole('button', { name: '回答する' }).click();
  await page.getByTestId('sc-notice').filter({ hasText: '回答しました。' }).waitFor();
  await managers.getByTestId('sc-answered').waitFor();

  const desk = page.locator('[data-item=human_clear_desk]');
  await desk.getByLabel('回答', { exact: true }).selectOption('no');
  await desk.getByRole('button', { name: '回答する' }).click();
  await desk.getByTestId('sc-answered').waitFor();
  assert.equal(sql("SELECT answer FROM selfcheck_answers WHERE item_id = 'human_clear_desk'"), 'no');

  await page.getByLabel('対象の項目').selectOption('human_clear_desk');
  await page.getByLabel('改善策', { exact: true }).fill('施錠できる保管庫を購入し、媒体を施錠保管する');
  await page.getByLabel('担当者', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('期限').fill(jstDate(30));
  await page.getByRole('button', { name: '改善策を登録する' }).click();
  await page.getByTestId('sc-actions').getByText('施錠できる保管庫を購入し').waitFor();
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/selfcheck-sheet.png`, fullPage: false });

  await signInAgain(page, context, srv, cisoAuth, '/selfchecks');
  await page.getByTestId('selfchecks').getByRole('link', { name: `${fy} 自己点検` }).click();
  const row = page.getByTestId('sc-by-unit').locator(`[data-unit="${kikaku}"]`);
  await row.waitFor();
  const cells = await row.locator('td.num').allInnerTexts();
  assert.deepEqual(cells.slice(0, 4), ['1', '0', '1', '0']); // はい 1・一部 0・いいえ 1・該当なし 0
  assert.match(await page.getByTestId('sc-by-category').locator('[data-category="④人的"]').innerText(), /④人的\s+0\s+0\s+1/);
  // the report to the CISO (第163条): read by pdftotext, its first page as a PNG in the test log
  const download = page.waitForEvent('download');
  await page.getByTestId('sc-report').getByRole('link', { name: /結果の報告/ }).click();
  const pdf = await download;
  assert.equal(pdf.suggestedFilename(), '自己点検の結果の報告.pdf');
  const pdfBytes = readFileSync(await pdf.path());
  const text = popplerLines(pdfBytes).replace(/\s/g, '');
  assert.ok(text.includes('自己点検の結果の報告') && text.includes('④人的:はい0・一部0・いいえ1'), text.slice(0, 2000));
  assert.ok(text.includes('施錠できる保管庫を購入し、媒体を施錠保管する'), text.slice(0, 2000));
  pagePng(pdfBytes, 1, 'selfcheck-report-p1.png');

  // the organisation's own sheet (scope organisation), answered by the 統括: lgsec found the CISO (第12条)
  await page.getByTestId('sc-by-org').getByRole('link', { name: '点検票を開く' }).click();
  await page.getByRole('heading', { name: '組織全体の自己点検票', level: 1 }).waitFor();
  const ciso = page.locator('[data-item=org_ciso_appointed]');
  assert.match(await ciso.getByTestId('sc-auto').innerText(), /はい.*最高情報セキュリティ責任者 \(CISO\)が置かれています/s);
  await ciso.getByRole('button', { name: '回答する' }).click();
  await ciso.getByTestId('sc-answered').waitFor();
  assert.equal(sql("SELECT answer || '|' || auto_answer FROM selfcheck_org_answers WHERE item_id = 'org_ciso_appointed'"), 'yes|yes');
  await page.getByRole('link', { name: '自己点検の結果へ' }).click();
  // the results page renders its tables once the campaign has loaded
  await page.getByTestId('sc-by-org').locator('td.num').first().waitFor();
  const orgCells = await page.getByTestId('sc-by-org').locator('td.num').allInnerTexts();
  assert.deepEqual(orgCells.slice(0, 4), ['1', '0', '0', '0']);
  assert.deepEqual(cspViolations, []);
});
