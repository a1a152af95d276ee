// Browser journey through the 記録 screen (issue 4) in headless Debian chromium, on the demo data:
// the CISO opens 記録 from the navigation → the サーバー室入退室管理簿 shows the Saturday entry without
// a 時間外立入 request as flagged → a card-reader CSV with a bad time is refused with its row number
// and nothing is written → the corrected file is imported → 作業記録 shows the record waiting for a
// second person and the CISO confirms it → 持ち出し記録 opens. No CSP violation on the way. A
// screenshot of the book with the import errors is written to $TMPDIR/lgsec-records-1366x768.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';

let srv;
let browser;
const auth = new Authenticator();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('records: the flagged entry, a refused and a corrected card import, a work confirmation', async () => {
  const { page, cspViolations } = browser;
  await signInCisoFirstTime(page, srv, auth);
  await page.getByRole('link', { name: '記録' }).click();
  await page.getByRole('heading', { name: '規程が求める記録' }).waitFor();
  const book = page.getByRole('table', { name: 'サーバー室入退室管理簿' });
  await book.waitFor();
  const flagged = book.getByRole('row').filter({ hasText: '時間外 (承認された立入申請なし)' });
  await flagged.first().waitFor();
  assert.equal(await flagged.count(), 1);
  const rowsBefore = await book.getByRole('row').count();

  const csv = (time) => `カード番号,日時,方向,扉\r\nC-0101,2026-11-27 09:00,入,SR-1\r\nC-0101,${time},出,SR-1\r\n`;
  await page.getByLabel('CSV ファイル').setInputFiles({ name: 'card.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('2026-11-27 9時'), 'utf8') });
  await page.getByRole('button', { name: '取り込む' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '次の行に誤りがあります' });
  await alert.waitFor();
  assert.match(await alert.getByRole('row').nth(1).innerText(), /^3\s+日時\s+日時は/);
  assert.equal(await book.getByRole('row').count(), rowsBefore);
  await page.screenshot({ path: join(tmpdir(), 'lgsec-records-1366x768.png'), fullPage: true });

  await page.getByLabel('CSV ファイル').setInputFiles({ name: 'card.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('2026-11-27 10:00'), 'utf8') });
  await page.getByRole('button', { name: '取り込む' }).click();
  await page.getByText('2行を取り込みました (入室 1 件、退室 1 件)。').waitFor();
  // one entry more: the body now has as many rows as the table had with its header row before
  await page.waitForFunction((n) => document.querySelectorAll('table.table-striped tbody tr').length === n, rowsBefore);

  await page.getByRole('link', { name: '作業記録' }).click();
  const waiting = page.getByRole('row').filter({ hasText: '利用者アカウントの棚卸し' });
  await waiting.getByLabel('作業を確認した').fill('画面で確認');
  await waiting.getByRole('button', { name: '作業を確認した' }).click();
  await page.getByText('確認を記録しました。').waitFor();
  await page.getByRole('row').filter({ hasText: '利用者アカウントの棚卸し' }).getByText(/確認済み/).waitFor();

  await page.getByRole('link', { name: '持ち出し記録' }).click();
  await page.getByText('記録はありません。').waitFor();
  assert.deepEqual(cspViolations, []);
});
