// Browser journey through the IDs of a system and an access review (issue 15, 第83条・第84条) in
// headless chromium: the 住民基本台帳システム's 情報システム管理者 checks a CP932 account list (a bad
// date is shown by row and column, nothing imported), imports the fixed one, sees the findings
// (a leaver's active ID, a privileged ID without a role); the 統括 opens a review; the manager follows
// the home task and certifies the IDs (removing the leaver's); the 統括 certifies the manager's own
// ID and closes the review. In English the findings are named in English. No CSP violation.
import { jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs, signInCisoFirstTime } from './lib/browser.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');
const cp932 = (text) => spawnSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: text }).stdout;
const slash = (d) => d.replaceAll('-', '/');

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an account list imported with findings, and an access review to completion', async () => {
  const m01 = sql("SELECT id FROM systems WHERE code = 'SYS-M01'");
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'system_manager' AND r.scope_kind = 'system' AND r.scope_id = ${m01}`);
  const managerName = sql(`SELECT name FROM people WHERE staff_no = '${managerNo}'`);
  sql(`UPDATE people SET active_until = '${jstDate(-3)}' WHERE staff_no = 'D00081'`); // 小林 奈々 left
  const list = (lastLogin) => '住民基本台帳システム 利用者一覧\r\n利用者ID,職員番号,氏名,所属,権限,最終ログイン,状態\r\n' +
    `murakami,${managerNo},${managerName},市民課,システム管理者,${slash(jstDate(-1))},有効\r\n` +
    `mori,D00079,森 さくら,市民課,システム管理者,${slash(jstDate(-2))},有効\r\n` +
    `kobayashi,D00081,小林 奈々,市民課,一般,${lastLogin},有効\r\n`;

  const manager = new Authenticator();
  await signInAs(page, context, srv, 'm01.manager', addAccount(srv.db, managerNo, 'm01.manager'), manager, true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報システムのID' }).click();
  await page.getByRole('heading', { name: '情報システムのID', level: 1 }).waitFor();
  await page.locator('[data-system=SYS-M01]').getByRole('link').click();
  await page.getByRole('heading', { name: /SYS-M01 住民基本台帳システム のID/, level: 1 }).waitFor();

  // a bad date: shown by row and column, and no import button
  await page.locator('#sid-file').setInputFiles({ name: 'riyosha.csv', mimeType: 'text/csv', buffer: cp932(list('2026/13/45')) });
  await page.getByRole('button', { name: '事前確認' }).click();
  const errors = page.getByTestId('sid-errors');
  await errors.waitFor();
  assert.match(await errors.innerText(), /5\s+F\s+最終ログイン/);
  assert.equal(await page.getByRole('button', { name: /件を取り込む/ }).count(), 0);
  assert.equal(sql('SELECT count(*) FROM sysaccount_snapshots'), '0');

  // a header lgsec does not know: no ID column is found, the person maps column A to ID
  const renamed = list(slash(jstDate(-5))).replace('利用者ID', '番号');
  await page.locator('#sid-file').setInputFiles({ name: 'riyosha.csv', mimeType: 'text/csv', buffer: cp932(renamed) });
  await page.getByRole('button', { name: '事前確認' }).click();
  await page.getByTestId('form-error').and(page.locator('[data-code=mapping_required_missing]')).waitFor();
  await page.getByTestId('sid-mapping').getByLabel('A 列の項目').selectOption({ label: 'ID' });
  await page.getByRole('button', { name: '事前確認' }).click();
  await page.getByTestId('sid-dry-run').getByText('3 行、誤り 0 件').waitFor();
  await page.getByRole('button', { name: '3 件を取り込む' }).click();
  await page.getByTestId('sid-notice').filter({ hasText: '3 件の ID を取り込みました。' }).waitFor();
  const row = (login) => page.getByTestId('sid-items').locator(`[data-login=${login}]`);
  await row('kobayashi').getByText('退職者の有効なID').waitFor();
  await row('mori').getByText('役割のない特権ID').waitFor();
  assert.doesNotMatch(await row('murakami').innerText(), /役割のない特権ID/);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await row('kobayashi').getByText("Leaver's active ID").waitFor();
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await page.getByRole('heading', { name: /のID/, level: 1 }).waitFor();

  // the 統括 opens a review
  const tokatsuNo = sql(`SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id
    WHERE r.role = 'chief_security_officer' AND r.valid_until IS NULL LIMIT 1`);
  const tokatsu = new Authenticator();
  await signInAs(page, context, srv, 'tokatsu', addAccount(srv.db, tokatsuNo, 'tokatsu'), tokatsu, true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'アクセス権の見直し' }).click();
  await page.getByRole('heading', { name: 'アクセス権の見直し', level: 1 }).waitFor();
  assert.match(await page.getByTestId('ar-due').innerText(), /180 日ごと/);
  await page.getByLabel('件名').fill('令和8年度 上期');
  await page.getByLabel('期限').fill(jstDate(14));
  await page.getByRole('button', { name: '開始する' }).click();
  await page.getByTestId('ar-list').getByRole('link', { name: '令和8年度 上期' }).waitFor();

  // the manager follows the home task and certifies their system's IDs
  await signInAs(page, context, srv, 'm01.manager', null, manager, false);
  await page.locator('.task-list').getByRole('link', { name: /アクセス権の見直し「令和8年度 上期」/ }).click();
  await page.getByRole('heading', { name: '令和8年度 上期', level: 1 }).waitFor();
  const item = (login) => page.getByTestId('ar-items').locator(`[data-system=SYS-M01][data-login=${login}]`);
  assert.equal(await item('murakami').getByRole('button', { name: '記録', exact: true }).count(), 0, 'not their own ID (第20条)');
  const decide = async (login, decision, reason) => {
    await item(login).getByLabel('判断', { exact: true }).selectOption({ label: decision });
    await item(login).getByLabel('理由', { exact: true }).fill(reason);
    await item(login).getByRole('button', { name: '記録', exact: true }).click();
    await item(login).getByText(reason).waitFor();
  };
  await item('mori').getByRole('button', { name: '記録', exact: true }).click(); // nothing chosen: refused, nothing stored
  await item('mori').getByTestId('form-error').waitFor();
  assert.equal(await item('mori').getByTestId('form-error').getAttribute('data-code'), 'required');
  assert.equal(sql('SELECT count(*) FROM access_review_items WHERE decision IS NOT NULL'), '0');
  await decide('kobayashi', '削除', '退職済みのため');
  await decide('mori', '変更', '一般権限に変更する');
  await item('kobayashi').getByText('未完了').waitFor();
  await item('kobayashi').getByLabel('行った対応').fill('利用者コードを利用停止にした');
  await item('kobayashi').getByRole('button', { name: '完了を記録' }).click();
  await item('kobayashi').getByText('完了(手作業で記録)').waitFor();

  // the 統括 certifies the rest (lgsec's accounts and the manager's own ID) and closes
  await signInAs(page, context, srv, 'tokatsu', null, tokatsu, false);
  await page.goto(new URL(`/access-reviews/${sql('SELECT max(id) FROM access_reviews')}`, srv.url).href);
  await page.getByRole('heading', { name: '令和8年度 上期', level: 1 }).waitFor();
  const undecided = sql(`SELECT CASE i.system_id WHEN 0 THEN 'lgsec' ELSE s.code END || ' ' || i.login_id
    FROM access_review_items i LEFT JOIN systems s ON s.id = i.system_id WHERE i.decision IS NULL AND i.login_id <> 'tokatsu'`).split('\n');
  assert.ok(undecided.includes('SYS-M01 murakami'), undecided.join(','));
  for (const [code, login] of undecided.map((x) => x.split(' '))) {
    const r = page.getByTestId('ar-items').locator(`[data-system="${code}"][data-login="${login}"]`);
    await r.getByLabel('判断', { exact: true }).selectOption({ label: '継続' });
    await r.getByLabel('理由', { exact: true }).fill('業務に必要');
    await r.getByRole('button', { name: '記録', exact: true }).click();
    await r.getByText('業務に必要').waitFor();
  }
  // the 統括's own lgsec account is left for the CISO (第20条): closing is refused until it is decided
  assert.equal(sql('SELECT login_id FROM access_review_items WHERE decision IS NULL'), 'tokatsu');
  await page.getByRole('button', { name: '見直しを終了する' }).click();
  await page.getByTestId('form-error').filter({ hasText: 'まだ判断していないID' }).waitFor();

  await context.clearCookies();
  await signInCisoFirstTime(page, srv, new Authenticator());
  await page.goto(new URL(`/access-reviews/${sql('SELECT max(id) FROM access_reviews')}`, srv.url).href);
  const own = page.getByTestId('ar-items').locator('[data-system=lgsec][data-login=tokatsu]');
  await own.getByLabel('判断', { exact: true }).selectOption({ label: '継続' });
  await own.getByLabel('理由', { exact: true }).fill('統括情報セキュリティ責任者として必要');
  await own.getByRole('button', { name: '記録', exact: true }).click();
  await own.getByText('統括情報セキュリティ責任者として必要').waitFor();
  await page.getByRole('button', { name: '見直しを終了する' }).click();
  await page.getByRole('button', { name: '見直しを終了する' }).waitFor({ state: 'detached' });
  assert.equal(sql('SELECT state FROM access_reviews'), 'closed');
  await page.getByRole('link', { name: '記録 (Excel)' }).waitFor();
  assert.equal(sql("SELECT decision FROM access_review_items WHERE login_id = 'murakami'"), 'keep');
  assert.deepEqual(cspViolations, []);
});
