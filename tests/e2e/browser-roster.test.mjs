// Browser journey of 人事異動 (issue 15, docs/people.md) in headless chromium: the CISO checks a CP932
// roster that moves the 市民課長 to 税務課 — the preview names the move, the roles that end and the
// request that goes to another approver — applies it, and the tasks appear (the 第84条6 password change
// of his privileged ID, the return of the asset in his custody); one is recorded as done. A bad row is
// shown by row and column and nothing is applied. In English the page speaks English. No CSP violation.
import { jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';

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

test('a roster that moves a 課長: roles ended, the approval re-routed, tasks created', async () => {
  // set up over the API: a 市民課 request waiting for 村上 亮 (市民課長), an asset in his custody, his admin ID
  const staff = (await signInFirstTime(srv.url, 'hashimoto.m', addAccount(srv.db, 'D00080', 'hashimoto.m'))).client;
  const r = await staff.post('/api/v1/requests', { type: 'security_setting_change', submit: true,
    fields: { device: 'PC-0101', setting: 'USBメモリの読み取り', reason: '窓口の証明書データの受取り' } });
  assert.equal(r.status, 201, r.text);
  const m01 = sql("SELECT id FROM systems WHERE code = 'SYS-M01'");
  sql(`UPDATE assets SET holder = '村上 亮' WHERE id = (SELECT min(id) FROM assets WHERE unit_id = 14)`);
  const assetNo = sql("SELECT asset_no FROM assets WHERE holder = '村上 亮'");
  sql(`INSERT INTO sysaccount_snapshots (system_id, format, id_count, columns, imported_by, imported_at) VALUES (${m01}, 'generic', 1, '[]', 0, '2026-01-01T00:00:00Z')`);
  sql(`INSERT INTO sysaccount_ids (snapshot_id, system_id, row_no, login_id, staff_no, holder_name, enabled, privileged)
    VALUES ((SELECT max(id) FROM sysaccount_snapshots), ${m01}, 2, 'murakami-adm', 'D00077', '村上 亮', 1, 1)`);

  await signInCisoFirstTime(page, srv, new Authenticator());
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '人事異動' }).click();
  await page.getByRole('heading', { name: '人事異動', level: 1 }).waitFor();

  // a bad row: by row and column, no apply button, nothing written
  const bad = '職員番号,氏名,所属,異動日\r\nD00077,村上 亮,存在しない課,' + slash(jstDate(0)) + '\r\n';
  await page.locator('#ro-file').setInputFiles({ name: 'jinji.csv', mimeType: 'text/csv', buffer: cp932(bad) });
  await page.getByRole('button', { name: '事前確認' }).click();
  const errors = page.getByTestId('ro-errors');
  await errors.waitFor();
  assert.match(await errors.innerText(), /2\s+C\s+この所属の課室が組織にありません/);
  assert.equal(await page.getByRole('button', { name: /行を適用する/ }).count(), 0);

  const roster = '令和8年度 人事異動\r\n職員番号,氏名,カナ氏名,所属名,任用形態,発令日\r\n' +
    `D00077,村上 亮,むらかみ りょう,税務課,正規,${slash(jstDate(0))}\r\n`;
  await page.locator('#ro-file').setInputFiles({ name: 'jinji.csv', mimeType: 'text/csv', buffer: cp932(roster) });
  await page.getByRole('button', { name: '事前確認' }).click();
  await page.getByTestId('ro-preview').getByText('1 行、誤り 0 件').waitFor();
  const change = page.getByTestId('ro-changes').locator('[data-staff=D00077]');
  assert.match(await change.innerText(), /村上 亮\s+異動\s+市民課\s+税務課/);
  assert.match(await page.getByTestId('ro-roles').innerText(), /情報セキュリティ管理者/);
  const rerouted = await page.getByTestId('ro-rerouted').innerText();
  assert.match(rerouted, /セキュリティ設定の変更/);
  assert.match(rerouted, /村上 亮/);
  assert.equal(sql("SELECT count(*) FROM roster_imports"), '0', 'the check writes nothing');

  await page.getByRole('button', { name: '1 行を適用する' }).click();
  await page.getByTestId('ro-notice').filter({ hasText: '異動 1 人' }).waitFor();
  assert.equal(sql("SELECT u.name FROM people p JOIN org_units u ON u.id = p.unit_id WHERE p.staff_no = 'D00077'"), '税務課');
  assert.equal(sql("SELECT count(*) FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE p.staff_no = 'D00077' AND r.valid_until IS NULL"), '0');

  // the tasks: his privileged ID's password (第84条6) and the asset he kept
  const tasks = page.getByTestId('ro-tasks');
  await tasks.waitFor();
  const pw = tasks.locator('[data-task=privileged_password]').filter({ hasText: 'murakami-adm' });
  await pw.getByText('特権IDのパスワード変更').waitFor();
  await tasks.locator('[data-task=return_asset]').getByText(assetNo).waitFor();
  await pw.getByLabel('行った対応').fill('murakami-adm のパスワードを変更した');
  await pw.getByRole('button', { name: '完了を記録' }).click();
  await tasks.locator('[data-task=privileged_password]').filter({ hasText: 'murakami-adm' }).waitFor({ state: 'detached' });
  assert.equal(sql("SELECT done_note FROM roster_tasks WHERE login_id = 'murakami-adm'"), 'murakami-adm のパスワードを変更した');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Staff changes', level: 1 }).waitFor();
  await page.getByTestId('ro-tasks').getByText('Return or hand over an information asset').waitFor();
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  assert.deepEqual(cspViolations, []);
});
