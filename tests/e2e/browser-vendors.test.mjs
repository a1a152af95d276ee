// Browser journey of 委託 (issue 15, docs/vendors.md) in headless chromium: a 情報セキュリティ管理者 registers a
// 委託事業者 (a wrong 法人番号 is refused at its field first), adds a contract for a 情報セキュリティ管理者,
// ticks the 第137条 clauses but one — the approval is refused with that clause listed — ticks it and
// submits; the resolved approver approves; a periodic check (第138条) is recorded and the contract is
// ended with an erasure certificate uploaded (第139条). The English switch speaks English. No CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { jstDate } from './lib/clock.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');
const clauses = readFileSync(new URL('../../packs/mic/vendors.yaml', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.startsWith('    - {id: ')).map((l) => l.slice(11, l.indexOf(',')));

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a contract refused for a missing clause, then submitted, approved, checked and ended with its certificate', async () => {
  // a 情報セキュリティ管理者 (who may ask for the approval, 第137条) keeps the register and the contract
  const [managerId, managerName, managerNo] = sql(`SELECT p.id, p.name, p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.valid_until IS NULL ORDER BY r.id LIMIT 1`).split('|');
  await signInAs(page, context, srv, 'itaku.kanri', addAccount(srv.db, managerNo, 'itaku.kanri'), new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '委託' }).click();
  await page.getByRole('heading', { name: '委託事業者', level: 1 }).waitFor();

  // a 法人番号 with a wrong check digit: the message at its field, nothing stored
  const form = page.getByTestId('vd-form');
  await form.getByLabel('事業者名').fill('株式会社日立製作所');
  await form.getByLabel('法人番号').fill('7010001008845');
  await form.getByLabel('ISMS 認証の有効期限').fill(jstDate(-1));
  await form.getByRole('button', { name: '委託事業者を登録' }).click();
  await form.locator('.field.has-error').filter({ hasText: '法人番号' }).getByText(/検査用数字/).waitFor();
  assert.equal(sql('SELECT count(*) FROM vendor_companies'), '0');
  await form.getByLabel('法人番号').fill('7010001008844');
  await form.getByRole('button', { name: '委託事業者を登録' }).click();
  await page.getByTestId('vd-notice').getByText('株式会社日立製作所を登録しました。').waitFor();
  const row = page.getByTestId('vd-vendors').locator('tr', { hasText: '株式会社日立製作所' });
  await row.getByText('期限切れ').waitFor();
  await row.getByRole('link', { name: '株式会社日立製作所' }).click();

  // a contract: term, scope, the responsible 管理者, a system
  const cf = page.getByTestId('vd-contract-form');
  await cf.waitFor();
  await cf.getByLabel('契約名').fill('住民記録システム運用保守業務');
  await cf.getByLabel('委託の範囲').fill('住民記録システムの運用・保守');
  await cf.getByLabel('契約期間の開始日').fill(jstDate(-30));
  await cf.getByLabel('契約期間の終了日').fill(jstDate(300));
  await cf.getByLabel('職員を検索').fill(managerName.split(/\s/)[0]);
  await cf.locator(`select[name=manager_person_id] option[value="${managerId}"]`).waitFor({ state: 'attached' });
  await cf.locator('select[name=manager_person_id]').selectOption(managerId);
  await cf.getByTestId('vd-systems').locator('input[type=checkbox]').first().check();
  await cf.getByRole('button', { name: '契約を登録' }).click();
  await page.getByTestId('vd-notice').getByText('契約「住民記録システム運用保守業務」を登録しました。').waitFor();
  await page.getByTestId('vd-contracts').getByRole('link', { name: '住民記録システム運用保守業務' }).click();
  await page.getByRole('heading', { name: '住民記録システム運用保守業務', level: 1 }).waitFor();
  const contractId = sql('SELECT id FROM vendor_contracts');
  assert.equal(sql(`SELECT count(*) FROM vendor_contract_objects WHERE contract_id = ${contractId} AND kind = 'system'`), '1');

  // every clause but 再委託 (第137条(9)) recorded as in the contract
  const table = page.getByTestId('vd-clauses');
  for (const id of clauses.filter((c) => c !== 'subcontracting')) {
    const r = table.locator(`tr[data-clause="${id}"]`);
    await r.locator(`input[name="location-${id}"]`).fill('特記仕様書 第5条');
    await r.getByRole('button', { name: '記録する' }).click();
    await table.locator(`tr[data-clause="${id}"][data-missing="0"]`).waitFor();
  }
  await page.getByRole('button', { name: '承認を申請' }).click();
  const refused = page.getByTestId('vd-refused');
  await refused.locator('li[data-clause="subcontracting"]').waitFor();
  assert.equal(await refused.locator('li').count(), 1);
  assert.match(await page.locator('.error-summary, [role=alert]').first().innerText(), /第137条\(9\)/);
  assert.equal(sql(`SELECT count(*) FROM requests WHERE type = 'vendor_contract'`), '0', 'no request is made');

  const sub = table.locator('tr[data-clause="subcontracting"]');
  await sub.locator('input[name="location-subcontracting"]').fill('特記仕様書 第9条');
  await sub.getByRole('button', { name: '記録する' }).click();
  await table.locator('tr[data-clause="subcontracting"][data-missing="0"]').waitFor();
  await page.getByRole('button', { name: '承認を申請' }).click();
  await page.locator('[data-testid=vd-state][data-state=under_review]').waitFor();

  // the resolved approver approves (over the API, as in the requests suite)
  const requestId = sql(`SELECT request_id FROM vendor_contracts WHERE id = ${contractId}`);
  const request = await page.evaluate(async (id) => (await fetch(`/api/v1/requests/${id}`)).json(), requestId);
  const approverId = request.approval.approvers[0].person_id;
  const cisoId = Number(sql(`SELECT person_id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`));
  const approver = approverId === cisoId ? (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client
    : (await signInFirstTime(srv.url, 'itaku.shonin', addAccount(srv.db, sql(`SELECT staff_no FROM people WHERE id = ${approverId}`), 'itaku.shonin'))).client;
  const ok = await approver.post(`/api/v1/requests/${requestId}/decide`, { decision: 'approve' });
  assert.equal(ok.status, 200, ok.text);
  await page.reload();
  await page.locator('[data-testid=vd-state][data-state=approved]').waitFor();
  await page.getByTestId('vd-next-check').waitFor();

  // an approved contract: the form offers only what needs no new approval; the term is extended
  const edit = page.getByTestId('vd-edit');
  await edit.locator('summary').click();
  assert.equal(await edit.getByLabel('契約名').count(), 0, 'the title is not offered once approved');
  await edit.getByLabel('契約期間の終了日').fill(jstDate(400));
  await edit.getByRole('button', { name: '変更を保存' }).click();
  await page.getByTestId('vd-notice').getByText('契約を変更しました。').waitFor();
  assert.equal(sql(`SELECT ends_on FROM vendor_contracts WHERE id = ${contractId}`), jstDate(400));
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'vendor_contract.amend'`), '1');
  await page.locator('[data-testid=vd-state][data-state=approved]').waitFor();

  // a 要員 registered as a person, with this 年度's 委託事業者要員 course not attended: flagged
  const [opId, opName] = sql(`SELECT id, name FROM people WHERE employment = 'contractor' AND active_until IS NULL ORDER BY id LIMIT 1`).split('|');
  const ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const fy = ((y, m) => (m >= 4 ? y : y - 1))(...jstDate(0).split('-').map(Number));
  const course = await ciso.post('/api/v1/training/courses', { fiscal_year: fy, title: '委託事業者要員研修', audience: 'contractor_staff' });
  assert.equal(course.status, 201, course.text);
  const sf = page.getByTestId('vd-staff-form');
  await sf.getByLabel('氏名', { exact: true }).fill(opName);
  await sf.getByLabel('誓約書の提出日').fill(jstDate(-1));
  await sf.getByLabel('職員を検索').fill(opName.split(/\s/)[0]);
  await sf.locator(`select[name=staff_person_id] option[value="${opId}"]`).waitFor({ state: 'attached' });
  await sf.locator('select[name=staff_person_id]').selectOption(opId);
  await sf.getByRole('button', { name: '要員を登録' }).click();
  await page.getByTestId('vd-training-flag').getByText(opName).waitFor();
  await page.locator('[data-testid=vd-staff] tr[data-training=missing]').getByText('未受講').waitFor();

  // a periodic check (第138条)
  const ch = page.getByTestId('vd-check-form');
  await ch.getByLabel('確認日').fill(jstDate(0));
  await ch.getByLabel('確認した事項').fill('履行状況報告書、アクセスログ');
  await ch.getByLabel('結果').selectOption('good');
  await ch.getByRole('button', { name: '確認を記録' }).click();
  await page.getByTestId('vd-checks').getByText('履行状況報告書、アクセスログ').waitFor();
  assert.equal(sql(`SELECT result FROM vendor_checks WHERE contract_id = ${contractId}`), 'good');

  // the end (第139条): without the certificate the form says so at its field; with it, recorded
  const end = page.getByTestId('vd-end-form');
  await end.getByLabel('終了日').fill(jstDate(0));
  await end.getByLabel('検収の結果').fill('履行期間を通じた対策の実施を検収で確認');
  await end.getByLabel('情報の返却・抹消').selectOption('erased');
  await end.getByRole('button', { name: '終了を記録' }).click();
  await end.locator('.field.has-error').getByText('抹消証明書のファイルを選んでください。').waitFor();
  await end.locator('#vd-cert').setInputFiles({ name: 'massho.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n抹消証明書\n') });
  await end.getByRole('button', { name: '終了を記録' }).click();
  await page.getByTestId('vd-ending').getByRole('link', { name: 'massho.pdf' }).waitFor();
  await page.locator('[data-testid=vd-state][data-state=ended]').waitFor();
  assert.equal(sql(`SELECT disposition FROM vendor_contract_endings WHERE contract_id = ${contractId}`), 'erased');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Contract clauses (Art. 137)' }).waitFor();
  await page.getByTestId('vd-state').getByText('Ended').waitFor();
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  assert.deepEqual(cspViolations, []);
});
