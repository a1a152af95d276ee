// Browser journey through 研修 (issue 15, part 1) in headless Debian chromium: the CISO registers this
// 年度's course for all staff, opens it, imports a sign-in sheet with a wrong 職員番号 (the row and the
// reason are shown, nothing is stored), imports the corrected sheet after checking it, sees the 受講率
// of the 課室 at 100 % and the total, lists who has not attended in another 課室, and reads the page
// in English; then records a drill (第52条) whose finding is the CISO's home task until closed. No CSP
// violation.
import { fiscalYearOf, jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib/server.mjs';
import { pagePng, popplerLines } from './lib/pdftools.mjs';
import { Authenticator, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';

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

test('研修: a course, a sign-in sheet imported after a refused one, 受講率 per 課室', async () => {
  await signInCisoFirstTime(page, srv, new Authenticator());
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '研修' }).click();
  await page.getByRole('heading', { name: '研修', level: 1 }).waitFor();

  await page.getByLabel('研修名').fill('情報セキュリティ研修 (全職員)');
  await page.getByLabel('対象者').selectOption({ label: '全職員' });
  await page.getByLabel('実施方法').selectOption({ label: '集合研修' });
  await page.getByLabel('受講期限').fill(jstDate(0));
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByTestId('training-notice').filter({ hasText: '研修を登録しました。' }).waitFor();
  // 第51条: the 年度's 研修計画 awaits the 委員会's approval (a committee decision approves it)
  await page.getByTestId('training-plan-approval').filter({ hasText: '委員会の承認待ち' }).waitFor();
  assert.equal(sql(`SELECT fiscal_year FROM training_courses`), String(fiscalYearOf(0)));
  await page.getByTestId('training-courses').getByRole('link', { name: '情報セキュリティ研修 (全職員)' }).click();
  await page.getByRole('heading', { name: '情報セキュリティ研修 (全職員)', level: 1 }).waitFor();
  assert.match(await page.getByTestId('course-total').innerText(), /^0 \/ \d+ 人 \(0\.0%\)$/);

  // the 課室 with the most people; its staff sign the sheet
  const [section, sectionName] = sql(`SELECT u.id, u.name FROM org_units u JOIN people p ON p.unit_id = u.id
    WHERE u.kind = 'section' GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`).split('|');
  const staff = sql(`SELECT staff_no FROM people WHERE unit_id = ${section} ORDER BY id`).split('\n');
  const sheet = (nos) => Buffer.from(['職員番号,氏名,受講日', ...nos.map((no) => `${no},,${jstDate(0)}`)].join('\r\n'));
  await page.setInputFiles('#tr-file', { name: 'meibo.csv', mimeType: 'text/csv', buffer: sheet([...staff.slice(0, 1), 'X-000', ...staff.slice(1)]) });
  await page.getByRole('button', { name: '確認する' }).click();
  const errors = page.getByTestId('import-errors');
  await errors.waitFor();
  assert.match(await errors.innerText(), /3\s+A\s+職員番号 X-000 の職員が見つかりません/);
  assert.ok(await page.getByRole('button', { name: '取り込む' }).isDisabled());
  assert.equal(sql('SELECT count(*) FROM training_attendance'), '0');

  await page.setInputFiles('#tr-file', { name: 'meibo.csv', mimeType: 'text/csv', buffer: sheet(staff) });
  await page.getByRole('button', { name: '確認する' }).click();
  await page.getByTestId('import-summary').filter({ hasText: `${staff.length} 行を確認しました。` }).waitFor();
  await page.getByRole('button', { name: '取り込む' }).click();
  await page.getByTestId('course-notice').filter({ hasText: `${staff.length} 人の受講を記録しました` }).waitFor();
  assert.equal(sql('SELECT count(*) FROM training_attendance'), String(staff.length));

  const row = page.locator(`[data-section="${sectionName}"]`);
  await row.filter({ hasText: '100.0%' }).waitFor();
  const total = Number(sql(`SELECT count(*) FROM people WHERE active_from <= '${jstDate(0)}' AND (active_until IS NULL OR active_until >= '${jstDate(0)}')`));
  assert.match(await page.getByTestId('course-total').innerText(), new RegExp(`^${staff.length} / ${total} 人`));

  // who has not attended, in another 課室
  const other = page.locator('[data-testid=course-rates] tbody tr').filter({ hasNotText: '100.0%' }).first();
  const otherName = (await other.locator('td').first().innerText()).trim();
  await other.getByRole('button', { name: '未受講者を見る' }).click();
  await page.getByRole('heading', { name: `${otherName} の未受講者` }).waitFor();
  const missing = await page.getByTestId('course-missing').locator('tbody tr').count();
  assert.ok(missing > 0);
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/training.png`, fullPage: true });
  // the CISO's yearly report (第51条第7項) with the journey's attendance: pdftotext reads the 課室's
  // full row; its first page as a PNG in the test log
  const report = await page.request.get(new URL(`/api/v1/training/report/pdf?fiscal_year=${fiscalYearOf(0)}`, srv.url).href);
  assert.equal(report.status(), 200);
  const reportBytes = await report.body();
  const reportText = popplerLines(reportBytes);
  assert.match(reportText, new RegExp(`^${sectionName} (\\d+) / \\1 人 \\(100\\.0%\\)$`, 'm'));
  pagePng(reportBytes, 1, 'training-report-p1.png');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Attendance rate by section' }).waitFor();
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await page.getByRole('heading', { name: '課室ごとの受講率' }).waitFor();
  assert.deepEqual(cspViolations, []);
});

test('緊急時対応訓練: a drill with a finding that is its owner\'s home task until closed', async () => {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '研修' }).click();
  await page.getByRole('heading', { name: /^緊急時対応訓練/ }).waitFor();
  await page.getByLabel('訓練名').fill('標的型メール訓練');
  await page.getByLabel('実施日', { exact: true }).fill(jstDate(0));
  await page.getByLabel('想定 (シナリオ)').fill('職員宛に偽の請求書メールが届いた想定');
  await page.getByRole('button', { name: '訓練を記録する' }).click();
  await page.getByTestId('drill-notice').filter({ hasText: '訓練を記録しました。' }).waitFor();
  await page.getByTestId('training-drills').getByRole('link', { name: '標的型メール訓練' }).click();
  await page.getByRole('heading', { name: '標的型メール訓練', level: 1 }).waitFor();

  // the finding is the CISO's own (the first choice of the picker), due in two weeks
  await page.getByRole('textbox', { name: /課題・改善事項/ }).fill('報告までに30分かかった。連絡先を掲示する');
  await page.getByLabel('担当者').selectOption({ index: 1 });
  await page.getByLabel('期限').fill(jstDate(14));
  await page.getByRole('button', { name: '課題を登録する' }).click();
  await page.getByTestId('drill-notice').filter({ hasText: '課題を登録しました。' }).waitFor();

  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ホーム' }).click();
  await page.locator('.task-list').getByRole('link', { name: /訓練の課題: 標的型メール訓練/ }).click();
  await page.getByRole('heading', { name: '標的型メール訓練', level: 1 }).waitFor();
  await page.getByLabel('対応の結果').fill('各課に連絡先を掲示した');
  await page.getByRole('button', { name: '完了にする' }).click();
  await page.getByTestId('drill-notice').filter({ hasText: '課題を完了にしました。' }).waitFor();
  assert.match(await page.getByTestId('drill-findings').innerText(), /完了/);
  assert.equal(sql("SELECT state FROM drill_findings"), 'done');
  assert.deepEqual(cspViolations, []);
});
