// Browser journey through 申請・承認 (issue 4) in headless Debian chromium: a 職員 of 企画課 asks to
// take a notebook PC out of the office (第41条) with the form generated from the pack, sees who must
// approve and why; their 課長 (the 課's 情報セキュリティ管理者) finds it waiting, approves it with a
// comment; the 職員 records the return and the request is 完了. No page may trigger a CSP violation.
import { jstDate, jstDateTime } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';

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

test('申請・承認: a 職員 requests a 持ち出し, their 課長 approves, the 職員 records the return', async () => {
  const kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikaku} AND title = '主事' ORDER BY id LIMIT 1`);
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  const staffTemp = addAccount(srv.db, staffNo, 'kikaku.shuji');
  const managerTemp = addAccount(srv.db, managerNo, 'kikaku.kacho');
  const staffAuth = new Authenticator();
  const managerAuth = new Authenticator();

  // The PC is in the 課's register (registered here through the API as the CISO).
  const ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const pc = await ciso.post('/api/v1/assets', {
    name: '企画課 貸出用ノートPC 2号機', kind: 'equipment', unit_id: kikaku, format: 'electronic',
    storage_place: '企画課 キャビネット', confidentiality: '2', integrity: '2', availability: '2',
    classification_reason: '庁内資料を保存するため',
  });
  assert.equal(pc.status, 201, pc.text);

  // 職員: 新しい申請 → 庁外持ち出し → the form from the pack's fields.
  await signInAs(page, context, srv, 'kikaku.shuji', staffTemp, staffAuth, true);
  // Every 職員 reaches the 緊急連絡網 (第13条8) from the menu.
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '緊急連絡網' }).click();
  await page.getByRole('heading', { name: '緊急連絡網', level: 1 }).waitFor();
  await page.getByRole('row').filter({ hasText: 'CISO' }).first().waitFor();
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '申請・承認' }).click();
  await page.getByRole('heading', { name: '申請・承認', level: 1 }).waitFor();
  await page.getByText('あなたの承認を待っている申請はありません。').waitFor();
  await page.getByRole('link', { name: '新しい申請' }).click();
  // the kinds are listed under the pack's headings, not as one long list (counted once the page is drawn)
  await page.getByRole('region', { name: '情報資産の取扱い' }).locator('.type-choice').first().waitFor();
  assert.ok((await page.getByRole('region', { name: /./ }).filter({ has: page.locator('.type-choice') }).count()) >= 5);
  await page.getByRole('region', { name: '情報資産の取扱い' }).getByRole('button', { name: /庁外持ち出し/ }).click();
  await page.getByRole('heading', { name: /庁外持ち出し/, level: 2 }).waitFor();

  // Submitting empty shows every missing field in Japanese and sends nothing.
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByTestId('form-error').waitFor();
  assert.match(await page.getByTestId('form-error').innerText(), /持ち出し先/);
  assert.equal(sql('SELECT count(*) FROM requests'), '0');

  await page.getByLabel('管理番号・名称で検索').fill('貸出用ノートPC 2号機');
  const object = page.getByLabel('対象の情報資産');
  await object.locator('option', { hasText: '貸出用ノートPC 2号機' }).waitFor({ state: 'attached' });
  await object.selectOption({ label: `${pc.json.asset_no} 企画課 貸出用ノートPC 2号機` });
  await page.getByLabel('持ち出し先').fill('県庁 第2会議室');
  await page.getByLabel('目的').fill('市町村説明会での資料投影');
  await page.getByLabel('持ち出し日時').fill(jstDateTime(0, '00:00'));
  // A return before the take-out is refused in the form, and by the server (nothing is filed).
  await page.getByLabel('返却予定日').fill(jstDate(-1));
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('「返却予定日」は「持ち出し日時」より前にできません').first().waitFor();
  assert.equal(sql('SELECT count(*) FROM requests'), '0');
  await page.getByLabel('返却予定日').fill(jstDate(1));
  assert.match(await page.getByTestId('approval-plan').innerText(), /情報セキュリティ管理者/);
  await page.getByRole('button', { name: '提出する' }).click();

  await page.getByTestId('request-notice').waitFor();
  assert.equal(await page.getByTestId('request-state').getAttribute('data-state'), 'submitted');
  // 申請内容 names the applicant and shows dates in one style (2026/12/07 00:00, not 2026-12-07T00:00).
  assert.match(await page.getByTestId('requester').innerText(), /（企画課）$/);
  assert.doesNotMatch(await page.locator('[data-field=out_at]').innerText(), /T|-/);
  const next = await page.getByTestId('next-approver').innerText();
  assert.match(next, /情報セキュリティ管理者/);
  assert.match(next, /企画課/);
  assert.match(next, /第41条/);
  const requestUrl = page.url();
  const id = Number(new URL(requestUrl).pathname.split('/').pop());
  assert.ok(id > 0);

  // 課長: the request waits in 承認待ち; approving records the decision.
  await signInAs(page, context, srv, 'kikaku.kacho', managerTemp, managerAuth, true);
  await page.goto(new URL('/requests', srv.url).href);
  await page.getByTestId('inbox').getByRole('link', { name: `RQ-${String(id).padStart(6, '0')}` }).click();
  await page.getByRole('heading', { name: '判断する', exact: true }).waitFor();
  await page.getByLabel('判断', { exact: true }).selectOption('approve');
  await page.getByLabel('コメント', { exact: true }).fill('返却時は連絡してください');
  await page.getByRole('button', { name: '判断を記録する' }).click();
  await page.getByTestId('request-notice').filter({ hasText: '承認しました。' }).waitFor();
  await page.locator('[data-testid=request-state][data-state=approved]').waitFor();
  await page.getByRole('heading', { name: '判断する', exact: true }).waitFor({ state: 'detached' });
  // the hash of what was approved is kept behind a toggle, not shown to the 課長 as a raw string
  const hash = page.locator('.hash-details .hash').first();
  assert.equal(await hash.isVisible(), false);
  await page.locator('.hash-details summary').first().click();
  assert.match(await hash.innerText(), /^[0-9a-f]{64}$/);

  // 代行: the 課長 may name a deputy for 情報セキュリティ管理者, never themself.
  await page.getByRole('link', { name: '代行', exact: true }).click();
  const role = page.getByLabel('代行させる役割');
  await role.locator('option', { hasText: '情報セキュリティ管理者' }).waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('代行者', { exact: true }).locator('option', { hasText: '自分（' }).count(), 0);

  // 職員: 自分の申請 → the approved request → 返却を記録する → 完了.
  await signInAs(page, context, srv, 'kikaku.shuji', staffTemp, staffAuth, false);
  await page.goto(new URL('/requests/mine', srv.url).href);
  await page.getByTestId('my-requests').getByRole('link', { name: `RQ-${String(id).padStart(6, '0')}` }).click();
  // the actual departure first (持ち出し記録 keeps when the PC really left), then the return
  await page.getByRole('button', { name: '持ち出しを記録する' }).click();
  await page.getByTestId('request-notice').filter({ hasText: '持ち出しを記録しました。' }).waitFor();
  await page.getByTestId('departed-at').waitFor();
  await page.getByRole('button', { name: '返却を記録する' }).click();
  await page.getByTestId('request-notice').filter({ hasText: '返却を記録しました。' }).waitFor();
  await page.locator('[data-testid=request-state][data-state=completed]').waitFor();
  const history = await page.getByTestId('request-history').innerText();
  for (const step of ['作成', '提出', '承認', '完了']) assert.match(history, new RegExp(step));
  assert.equal(sql(`SELECT state FROM requests WHERE id = ${id}`), 'completed');
  assert.deepEqual(cspViolations, []);
});
