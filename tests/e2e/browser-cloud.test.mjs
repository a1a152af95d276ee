// Browser journey of the クラウド・外部サービス register (issue 15, docs/cloud.md) in headless chromium:
// a staff member's cloud_service_general request (機密性2未満) is approved through the requests engine;
// the 統括 (here the CISO, who holds cloud.manage) finds it among the approved requests not yet
// registered, registers it with the candidate クラウドサービス管理者, tries to place a 機密性3A asset —
// refused at the field with the rule (第153条) — places a 機密性1 asset, names the information system
// that uses it from the 情報システム台帳 (第149条2) — whose own page then names the service —, records the periodic review
// (第150条5) and the end of use with the deletion of the information and the accounts (第151条). The
// English switch speaks English. No CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { jstDate } from './lib/clock.mjs';
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

test('an approved cloud_service_general request → registered → a 3A asset refused, a 機密性1 asset placed → reviewed → ended', async () => {
  // the request, its approval and the two assets over the API (as in the requests suite)
  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const [s1, s2] = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikaku} AND title = '主事' AND active_until IS NULL
    AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = people.id) ORDER BY id LIMIT 2`).split('\n');
  const staff = (await signInFirstTime(srv.url, 'cloud.staff', addAccount(srv.db, s1, 'cloud.staff'))).client;
  const kanriId = Number(sql(`SELECT id FROM people WHERE staff_no = '${s2}'`));
  const fields = { service: 'オンラインアンケートサービス', provider: '株式会社サンプルクラウド', purpose: '市民アンケートの集計',
    confidentiality: '1', terms_checked: true, cloud_manager: kanriId };
  const filed = await staff.post('/api/v1/requests', { type: 'cloud_service_general', fields, submit: true });
  assert.equal(filed.status, 201, filed.text);
  const cisoId = Number(sql(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`));
  let r = filed.json;
  for (let i = 0; r.state === 'submitted' && i < 4; i++) {
    const approverId = r.approval.waiting[0];
    assert.notEqual(approverId, cisoId, 'the CISO signs in through the browser below');
    const approver = (await signInFirstTime(srv.url, `cloud.shonin${i}`,
      addAccount(srv.db, sql(`SELECT staff_no FROM people WHERE id = ${approverId}`), `cloud.shonin${i}`))).client;
    const d = await approver.post(`/api/v1/requests/${r.id}/decide`, { decision: 'approve' });
    assert.equal(d.status, 200, d.text);
    r = d.json;
  }
  assert.equal(r.state, 'approved');
  for (const [confidentiality, name] of [['3A', '秘密文書相当の検討資料'], ['1', '公表済みアンケート設問']]) {
    const a = await staff.post('/api/v1/assets', { name, kind: 'information', unit_id: Number(kikaku), format: 'electronic',
      storage_place: 'クラウド', confidentiality, integrity: '2', availability: '2', classification_reason: '試験' });
    assert.equal(a.status, 201, a.text);
  }

  // the 統括 registers the service from the approved request
  await signInAs(page, context, srv, srv.ciso.login_id, srv.ciso.password, new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'クラウドサービス' }).click();
  await page.getByRole('heading', { name: 'クラウドサービス台帳', level: 1 }).waitFor();
  const cand = page.getByTestId('cl-candidates').locator(`tr[data-request="${r.id}"]`);
  await cand.getByText('機密性2未満だけを取り扱う').waitFor();
  await cand.getByRole('button', { name: '台帳に登録' }).click();
  const reg = page.getByTestId('cl-register-form');
  await reg.getByRole('button', { name: '台帳に登録' }).click();
  await page.getByTestId('cl-notice').getByText('オンラインアンケートサービスを台帳に登録しました。').waitFor();
  const serviceId = sql('SELECT id FROM cloud_services');
  assert.equal(sql(`SELECT manager_person_id FROM cloud_services WHERE id = ${serviceId}`), String(kanriId), 'the candidate is appointed');
  await page.getByTestId('cl-services').getByRole('link', { name: 'オンラインアンケートサービス' }).click();
  await page.getByRole('heading', { name: 'オンラインアンケートサービス', level: 1 }).waitFor();
  await page.getByTestId('cl-approval').getByText(/自治体機密性1まで/).waitFor();
  await page.getByTestId('cl-manager-role').getByText('クラウドサービス管理者').waitFor();

  // a 機密性3A asset is refused at its field with the rule; nothing is placed
  const place = page.getByTestId('cl-place-form');
  await place.getByLabel('検索').fill('秘密文書相当');
  await place.locator('select[name=asset_id] option', { hasText: '秘密文書相当の検討資料' }).waitFor({ state: 'attached' });
  await place.locator('select[name=asset_id]').selectOption({ label: (await place.locator('select[name=asset_id] option', { hasText: '秘密文書相当' }).innerText()).trim() });
  await place.getByRole('button', { name: '情報資産を置く' }).click();
  await place.locator('.field.has-error').getByText(/第153条/).waitFor();
  assert.equal(sql('SELECT count(*) FROM cloud_service_assets'), '0');

  // a 機密性1 asset is placed
  await place.getByLabel('検索').fill('公表済みアンケート');
  await place.locator('select[name=asset_id] option', { hasText: '公表済みアンケート設問' }).waitFor({ state: 'attached' });
  await place.locator('select[name=asset_id]').selectOption({ label: (await place.locator('select[name=asset_id] option', { hasText: '公表済みアンケート' }).innerText()).trim() });
  await place.getByRole('button', { name: '情報資産を置く' }).click();
  await page.getByTestId('cl-assets').getByText('公表済みアンケート設問').waitFor();
  assert.equal(sql('SELECT count(*) FROM cloud_service_assets'), '1');

  // the information system that uses the service, chosen from the 情報システム台帳 (第149条2)
  const [sysId, sysCode, sysName] = sql('SELECT id, code, name FROM systems WHERE active = 1 ORDER BY id LIMIT 1').split('|');
  const link = page.getByTestId('cl-system-form');
  await link.getByRole('button', { name: '情報システムを登録する' }).click();
  await link.locator('.field.has-error').waitFor();
  await link.locator('select[name=system_id] option', { hasText: sysName }).first().waitFor({ state: 'attached' });
  await link.locator('select[name=system_id]').selectOption(sysId);
  await link.getByRole('button', { name: '情報システムを登録する' }).click();
  await page.getByTestId('cl-systems').getByRole('link', { name: `${sysCode} ${sysName}` }).waitFor();
  assert.equal(sql(`SELECT system_id FROM cloud_service_systems WHERE service_id = ${serviceId}`), sysId);

  // the system's own page names the service that uses it and opens it again
  await page.getByTestId('cl-systems').getByRole('link', { name: `${sysCode} ${sysName}` }).click();
  await page.getByRole('heading', { name: /^利用しているクラウドサービス・業務委託サービス/ }).waitFor();
  const used = page.getByTestId('sys-cloud-services').locator(`tr[data-service="${serviceId}"]`);
  await used.getByText('機密性2未満だけを取り扱う').waitFor();
  await used.getByText('利用中').waitFor();
  await used.getByRole('link', { name: 'オンラインアンケートサービス' }).click();
  await page.getByRole('heading', { name: 'オンラインアンケートサービス', level: 1 }).waitFor();

  // the periodic review (第150条5): the first is due at once
  await page.getByTestId('cl-review-due').waitFor();
  const rv = page.getByTestId('cl-review-form');
  await rv.getByLabel('確認日').fill(jstDate(0));
  await rv.getByLabel('確認した事項').fill('アクセス権限の棚卸し、約款の変更の有無');
  await rv.getByLabel('結果').selectOption('good');
  await rv.getByRole('button', { name: '確認を記録' }).click();
  await page.getByTestId('cl-reviews').getByText('アクセス権限の棚卸し、約款の変更の有無').waitFor();
  assert.equal(sql(`SELECT result FROM cloud_reviews WHERE service_id = ${serviceId}`), 'good');

  // the end of use (第151条): the accounts must be removed first
  const end = page.getByTestId('cl-end-form');
  await end.getByLabel('利用終了日').fill(jstDate(0));
  await end.getByLabel('情報の削除・返却').selectOption('deleted');
  await end.getByLabel('確認した内容 (証明書等)').fill('提供者の削除証明書を受領');
  await end.getByRole('button', { name: '利用終了を記録' }).click();
  await end.locator('.field-error').getByText(/アカウントを廃棄してから/).waitFor();
  assert.equal(sql('SELECT count(*) FROM cloud_service_endings'), '0');
  await end.getByRole('checkbox', { name: /アカウントを廃棄した/ }).check();
  await end.getByRole('button', { name: '利用終了を記録' }).click();
  await page.getByTestId('cl-ending').getByText('削除を確認').waitFor();
  assert.equal(sql('SELECT count(*) FROM cloud_service_assets'), '0', 'the information is no longer on the service');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Periodic reviews (Art. 150(5))' }).waitFor();
  await page.getByTestId('cl-service').getByText('Ended').waitFor();
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  assert.deepEqual(cspViolations, []);
});
