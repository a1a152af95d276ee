// Browser journey through the periodic duties (issue 14, part 1) in headless Debian chromium: the
// 統括情報セキュリティ責任者 sees on ホーム that the N-day account check was never recorded (第83条),
// follows the task to the duty, tries to record it in the future (refused, nothing stored), records
// it with a 和暦 date, sees it done with the record, and the list shows it done. In English the page
// names the status in English. The 遵守状況 drill-down names the duty still missing and leads to it;
// one 課室's view leaves the organisation's duties out.
// No CSP violation.
import { jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pagePng, popplerLines } from './lib/pdftools.mjs';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';

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

/** 令和N年M月D日 of a YYYY-MM-DD date, as a person types it. */
const wareki = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `令和${y - 2018}年${m}月${d}日`; };

test('periodic duties: the 統括 follows the home task, records the account check, sees it done', async () => {
  const staffNo = sql(`SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id
                       WHERE r.role = 'chief_security_officer' AND r.valid_until IS NULL LIMIT 1`);
  const temp = addAccount(srv.db, staffNo, 'tokatsu');
  await signInAs(page, context, srv, 'tokatsu', temp, new Authenticator(), true);

  const task = page.locator('.task-list').getByRole('link', { name: /期限を過ぎた定期的な義務: 利用されていないIDの点検/ });
  await task.click();
  await page.getByRole('heading', { name: /利用されていないIDの点検/, level: 1 }).waitFor();
  assert.match(await page.getByTestId('duty-facts').innerText(), /実施の記録なし/);
  assert.match(await page.getByTestId('duty-facts').innerText(), /第83条/);

  // A date in the future is refused in Japanese, and nothing is stored.
  await page.getByLabel('実施日').fill(jstDate(3));
  await page.getByLabel('実施内容').fill('人事課の異動者名簿と照合し、未使用IDを3件停止した');
  await page.getByRole('button', { name: '記録する' }).click();
  await page.getByText('実施日に未来の日付は指定できません').first().waitFor();
  assert.equal(sql('SELECT count(*) FROM duty_records'), '0');

  await page.getByLabel('実施日').fill(wareki(jstDate(-1)));
  await page.getByLabel('証拠の保管場所').fill('\\\\fileserver\\情報政策課\\ID点検');
  await page.getByRole('button', { name: '記録する' }).click();
  await page.getByTestId('duty-notice').filter({ hasText: '実施を記録しました。' }).waitFor();
  await page.getByTestId('duty-records').getByText('未使用IDを3件停止した', { exact: false }).waitFor();
  assert.match(await page.getByTestId('duty-facts').innerText(), /実施済み/);
  assert.equal(sql("SELECT done_on FROM duty_records WHERE check_id = 'unused_account_days'"), jstDate(-1));

  // The list: the duty is done, the other never-recorded one is still named.
  await page.getByRole('link', { name: '定期的な義務の一覧へ' }).click();
  const row = page.locator('[data-duty=unused_account_days]');
  await row.waitFor();
  assert.match(await row.innerText(), /実施済み/);
  assert.match(await page.locator('[data-duty=access_rights_review_days]').innerText(), /実施の記録なし/);
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/duties.png` });

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Periodic duties', level: 1 }).waitFor();
  assert.match(await row.innerText(), /Done/);
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await page.getByRole('heading', { name: '定期的な義務', level: 1 }).waitFor();

  // 遵守状況: under ⑤技術的 the one duty still never recorded; the drill-down names it and leads to it.
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '遵守状況' }).click();
  await page.getByRole('heading', { name: '遵守状況', level: 1 }).waitFor();
  const download = page.waitForEvent('download');
  await page.getByTestId('readiness-downloads').getByRole('link', { name: 'PDF (和暦)' }).click();
  const pdf = await download;
  assert.equal(pdf.suggestedFilename(), '第16条の3_対策の状況.pdf');
  // the downloaded report read by pdftotext, and its first page as a PNG in the test log
  const pdfBytes = readFileSync(await pdf.path());
  assert.match(popplerLines(pdfBytes), /地方自治法施行規則第16条の3に基づく\n情報セキュリティ対策の状況\n.* 令和\d+年\d+月\d+日 現在\n①組織体制 ― /);
  pagePng(pdfBytes, 1, 'readiness-report-p1.png');
  // one 課室's view: its rows only, without the organisation's duties; then back to the whole
  await page.getByLabel('部局・課室ごとに見る').selectOption({ label: '　企画課' });
  await page.getByRole('heading', { name: '遵守状況: 企画課', level: 1 }).waitFor();
  await page.locator('[data-measure=assets_pending]').waitFor();
  assert.equal(await page.locator('[data-measure^=duties_late]').count(), 0);
  await page.getByRole('link', { name: '団体全体の遵守状況へ' }).click();
  await page.locator('[data-measure^=duties_late]').first().waitFor();
  const tech = page.locator('[data-category="⑤技術的"] [data-measure^=duties_late]');
  // opened at its start: the summary also holds the article's link, which a click in its middle may hit
  await tech.locator('summary').click({ position: { x: 4, y: 4 } });
  assert.equal(await tech.getByTestId('cmp-value').innerText(), '1');
  assert.match(await tech.getByTestId('cmp-rows').innerText(), /不要なアクセス権限.*第83条\(3\)/);
  // its trend by month: twelve months, the last one now (1); last month kept when the server started
  const trend = tech.getByTestId('cmp-trend-table');
  assert.equal(await trend.locator('tbody td').count(), 12);
  assert.equal(await trend.locator('tbody td').last().innerText(), '1');
  assert.match(await trend.locator('thead th').last().innerText(), /現在/);
  assert.match(await tech.getByTestId('cmp-trend').getAttribute('aria-label'), /^月ごとの推移: /);
  await tech.getByRole('link', { name: '画面を開く' }).click();
  await page.locator('[data-duty=access_rights_review_days]').waitFor();

  assert.deepEqual(cspViolations, []);
});
