// Browser journey through 監査 (issue 14) in headless Debian chromium: the 監査統括責任者 plans an audit
// of 企画課, tries to assign a 企画課 職員 as auditor and is refused with the reason (第155条), assigns
// someone from 情報政策課, chooses the plan's items and asks the 委員会 to approve; the CISO approves
// the request (第156条); the lead asks 企画課 for material, 企画課's 課長 sends a file (kept by
// SHA-256, 第159条) and records the improvement plan (第160条) for the finding; the lead closes it
// and downloads the 監査報告書 PDF (第158条). No CSP violation.
import { jstDate } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
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

/** Picks a person in the PersonPicker labelled `label` by searching their name. */
async function pick(label, personId) {
  const [name, unit, no] = sql(`SELECT p.name, u.name, p.staff_no FROM people p JOIN org_units u ON u.id = p.unit_id WHERE p.id = ${personId}`).split('|');
  await page.getByLabel('職員を検索').fill(name);
  const select = page.getByLabel(label, { exact: true });
  await select.locator('option', { hasText: no }).waitFor({ state: 'attached' });
  await select.selectOption({ label: `${name}（${unit}・${no}）` });
}

test('監査: planned, an auditor of the audited 課 refused, a finding planned for and closed', async () => {
  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const leadTemp = addAccount(srv.db, sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'audit_lead'"), 'kansa.lead');
  const leadAuth = new Authenticator();
  await signInAs(page, context, srv, 'kansa.lead', leadTemp, leadAuth, true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査' }).click();
  await page.getByRole('heading', { name: '情報セキュリティ監査', level: 1 }).waitFor();
  await page.getByLabel('監査の名称').fill('企画課の情報セキュリティ監査');
  await page.getByLabel('被監査の課室').selectOption({ label: '企画課' });
  await page.getByRole('button', { name: '計画する' }).click();
  await page.getByTestId('audits').getByRole('link', { name: '企画課の情報セキュリティ監査' }).click();
  await page.getByRole('heading', { name: '企画課の情報セキュリティ監査', level: 1 }).waitFor();

  const own = sql(`SELECT id FROM people WHERE unit_id = ${kikaku} AND title = '主事' ORDER BY id LIMIT 1`);
  await pick('監査人にする職員', own);
  await page.getByRole('button', { name: '監査人を指名する' }).click();
  await page.getByText('監査人は自分の所属する組織を監査できません').first().waitFor();
  assert.equal(sql('SELECT count(*) FROM audit_auditors'), '0');

  const other = sql("SELECT p.id FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'somu-joho' AND p.title = '主事' ORDER BY p.id LIMIT 1");
  await pick('監査人にする職員', other);
  await page.getByRole('button', { name: '監査人を指名する' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '監査人を指名しました。' }).waitFor();
  assert.equal(sql('SELECT person_id FROM audit_auditors'), other);

  // the plan: items from the pack, then the 委員会's approval through the requests engine
  assert.equal(await page.getByLabel('重要度').count(), 0); // no fieldwork before the approval
  await page.getByRole('checkbox', { name: /^1\.1 / }).check();
  await page.getByRole('checkbox', { name: /^3\.2 / }).check();
  await page.getByRole('button', { name: '監査項目を保存する' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '監査項目を保存しました。' }).waitFor();
  await page.getByTestId('au-plan-items').getByText(/^3\.2 /).waitFor();
  await page.getByRole('button', { name: '情報セキュリティ委員会の承認を申請する' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '監査実施計画の承認を申請しました。' }).waitFor();
  await page.getByTestId('au-approval').getByText('委員会の承認待ち').waitFor();
  const auditUrl = page.url();
  const rid = Number(sql("SELECT approval_request_id FROM audits"));
  assert.equal(sql(`SELECT type FROM requests WHERE id = ${rid}`), 'audit_plan');

  await signInAs(page, context, srv, srv.ciso.login_id, srv.ciso.password, new Authenticator(), true);
  await page.goto(new URL('/requests', srv.url).href);
  await page.getByTestId('inbox').getByRole('link', { name: `RQ-${String(rid).padStart(6, '0')}` }).click();
  await page.getByRole('heading', { name: '判断する', exact: true }).waitFor();
  await page.getByLabel('判断', { exact: true }).selectOption('approve');
  await page.getByRole('button', { name: '判断を記録する' }).click();
  await page.getByTestId('request-notice').filter({ hasText: '承認しました。' }).waitFor();

  await signInAs(page, context, srv, 'kansa.lead', leadTemp, leadAuth, false);
  await page.goto(auditUrl);
  await page.getByTestId('au-approval').getByText('委員会の承認済み').waitFor();
  await page.getByLabel('資料を求める監査項目').selectOption('3.2');
  await page.getByLabel('依頼する資料').fill('持ち出し記録 (直近3か月分)');
  await page.getByLabel('提出期限').fill(jstDate(14));
  await page.getByRole('button', { name: '資料を依頼する' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '資料を依頼しました。' }).waitFor();

  await page.getByLabel('重要度').selectOption('high');
  await page.getByLabel('監査項目 (任意)').selectOption('3.2');
  await page.getByLabel('件名').fill('持ち出し記録に返却日の記入漏れ');
  await page.getByRole('button', { name: '所見を記録する' }).click();
  await page.getByTestId('au-findings').getByText('持ち出し記録に返却日の記入漏れ').waitFor();

  // the pack's 監査項目 (audit_items.yaml) beside the fieldwork: one group per area, opened to its items
  const areas = page.getByTestId('au-item-area');
  await areas.first().waitFor();
  assert.ok((await areas.count()) >= 8);
  await areas.first().locator('summary').click();
  await areas.first().getByText('情報セキュリティ管理者が全ての課室等に置かれ、その役割が定められているか。').waitFor();
  await areas.first().getByRole('link', { name: /第16条/ }).first().waitFor();

  const kachoNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  await signInAs(page, context, srv, 'kikaku.kacho', addAccount(srv.db, kachoNo, 'kikaku.kacho'), new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査' }).click();
  await page.getByTestId('audits').getByRole('link', { name: '企画課の情報セキュリティ監査' }).click();
  await page.getByTestId('au-evidence').getByText('未提出').waitFor();
  await page.getByLabel('提出するファイル').setInputFiles({ name: '持ち出し記録.csv', mimeType: 'text/csv',
    buffer: Buffer.from('持ち出し日,品目,返却日\n2026-04-01,ノートPC,\n', 'utf8') });
  await page.getByRole('button', { name: '提出する', exact: true }).click();
  await page.getByTestId('au-notice').filter({ hasText: '資料を提出しました。' }).waitFor();
  await page.getByTestId('au-evidence').getByRole('link', { name: '持ち出し記録.csv' }).waitFor();
  const sha = sql('SELECT sha256 FROM audit_evidence');
  assert.equal(statSync(`${srv.db}.evidence/${sha}`).mode & 0o777, 0o600);
  await page.getByLabel('改善計画', { exact: true }).fill('持ち出し記録の様式に返却日の必須欄を設ける');
  await page.getByLabel('期限').fill(jstDate(30));
  await page.getByRole('button', { name: '改善計画を登録する' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '改善計画を登録しました。' }).waitFor();

  await signInAs(page, context, srv, 'kansa.lead', leadTemp, leadAuth, false);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査' }).click();
  await page.getByTestId('audits').getByRole('link', { name: '企画課の情報セキュリティ監査' }).click();
  await page.getByLabel('フォローアップの結果').fill('新様式での記録を確認した');
  await page.getByRole('button', { name: '完了にする' }).click();
  await page.getByTestId('au-notice').filter({ hasText: '所見を完了にしました。' }).waitFor();
  assert.equal(sql('SELECT state FROM audit_findings'), 'closed');
  const href = await page.getByRole('link', { name: /^監査報告書 \(PDF/ }).getAttribute('href');
  const pdf = await page.request.get(new URL(href, srv.url).href); // with the lead's session
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const bytes = await pdf.body();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  writeFileSync(`${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/audit-report.pdf`, bytes);
  // pdftotext reads the closed finding in the report; its first page as a PNG in the test log
  const reportText = popplerLines(bytes);
  assert.match(reportText, /^情報セキュリティ監査報告書\n/);
  assert.ok(reportText.replace(/\s/g, '').includes('フォローアップ:新様式での記録を確認した'), reportText);
  pagePng(bytes, 1, 'audit-report-p1.png');
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/audit.png` });
  assert.deepEqual(cspViolations, []);
});

test('監査 of a 委託事業者 (第157条): the vendor and the contract picked from the register', async () => {
  // the register's rows (the vendors module's own pages are browser-vendors.test.mjs)
  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const mgr = sql(`SELECT person_id FROM role_assignments WHERE role = 'section_security_manager' AND scope_id = ${kikaku} LIMIT 1`);
  const vendor = sql(`INSERT INTO vendor_companies(name, corporate_number, created_at, updated_at)
    VALUES ('株式会社日立製作所', '7010001008844', '${jstDate(-60)}T00:00:00Z', '${jstDate(-60)}T00:00:00Z') RETURNING id`);
  sql(`INSERT INTO vendor_contracts(vendor_id, title, scope, starts_on, ends_on, manager_person_id, created_at, updated_at)
    VALUES (${vendor}, 'R8-情-12 基幹系保守', '基幹系システムの保守', '${jstDate(-30)}', '${jstDate(300)}', ${mgr},
    '${jstDate(-60)}T00:00:00Z', '${jstDate(-60)}T00:00:00Z')`);
  await page.goto(`${srv.url}/audits`);
  await page.getByRole('heading', { name: '情報セキュリティ監査', level: 1 }).waitFor();
  await page.getByLabel('監査の名称').fill('基幹系保守の委託先監査');
  await page.getByLabel('被監査の課室').selectOption({ label: '企画課' });
  await page.getByLabel(/被監査の委託事業者/).selectOption({ label: '株式会社日立製作所 (7010001008844)' });
  // the contract is required once a vendor is chosen
  await page.getByRole('button', { name: '計画する' }).click();
  await page.getByText('委託事業者の監査では委託契約を選んでください').first().waitFor();
  await page.getByLabel(/委託契約/).selectOption({ index: 1 });
  await page.getByRole('button', { name: '計画する' }).click();
  await page.getByTestId('audits').getByRole('link', { name: '基幹系保守の委託先監査' }).click();
  const shown = await page.getByTestId('au-contractor').innerText();
  assert.match(shown, /株式会社日立製作所（R8-情-12 基幹系保守）/);
  assert.match(shown, /法人番号: 7010001008844/);
  assert.equal(sql("SELECT vendor_id || '|' || contractor FROM audits WHERE title = '基幹系保守の委託先監査'"), `${vendor}|株式会社日立製作所`);
  assert.deepEqual(cspViolations, []);
});
