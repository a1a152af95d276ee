// Browser journey through the policy documents (issue 5) in headless Debian chromium: the CISO uploads
// a new version of the デモ市 対策基準 with one article inserted, sees the article-aware diff (one
// addition, the rest moved), clicks it and sees those lines highlighted in the text, opens a check
// finding the same way, records the adoption and publishes; a 職員 reads the published 対策基準 from
// the ポリシー page and acknowledges it; the CISO's report per 課室 counts it. No CSP violation.
import { fiscalYearOf, reiwaYear } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, startServer } from './lib/server.mjs';
import { Authenticator, NEW_PASSWORD, launchBrowser, signInAgain, signInCisoFirstTime, submitLogin } from './lib/browser.mjs';

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

/** The demo 対策基準 (第1条–第71条) with a new 第20条 and the later articles renumbered. */
function revised(text) {
  let out = text;
  for (let n = 71; n >= 20; n--) out = out.replace(`\n第${n}条 `, `\n第${n + 1}条 `);
  return out.replace('(情報資産の分類)\n',
    '(情報資産の管理責任)\n第20条 情報資産の管理責任は、その情報資産を所管する課室の情報セキュリティ管理者が負う。\n(情報資産の分類)\n');
}

test('policy documents: upload, diff, publish; a 職員 acknowledges; the report counts it', async () => {
  const cisoAuth = new Authenticator();
  await signInCisoFirstTime(page, srv, cisoAuth);

  // 対策基準 → 新しい版をアップロード
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ポリシー文書' }).click();
  await page.getByRole('heading', { name: 'ポリシー文書の管理', level: 1 }).waitFor();
  await page.getByTestId('policy-docs').getByRole('link', { name: 'デモ市情報セキュリティ対策基準' }).click();
  await page.getByRole('heading', { name: 'デモ市情報セキュリティ対策基準', level: 1 }).waitFor();
  const current = sql("SELECT source_text FROM policy_doc_versions v JOIN policy_documents d ON d.current_version_id = v.id WHERE d.kind = 'standard'");
  // A file that is not text is refused in Japanese, and nothing is stored.
  await page.getByLabel('ファイル').setInputFiles({ name: 'zu.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) });
  await page.getByRole('button', { name: 'アップロードして点検する' }).click();
  await page.getByText(/テキストとして読めないファイルです/).first().waitFor();
  assert.equal(sql('SELECT count(*) FROM policy_doc_versions'), '2');

  await page.getByLabel('ファイル').setInputFiles({ name: '対策基準_改訂案.txt', mimeType: 'text/plain', buffer: Buffer.from(revised(current)) });
  await page.getByRole('button', { name: 'アップロードして点検する' }).click();
  await page.getByTestId('pd-diff').waitFor();
  assert.equal(await page.getByTestId('pd-state').getAttribute('data-state'), 'draft');
  assert.match(await page.getByTestId('pd-diff-summary').innerText(), /移動 52・変更 0・追加 1・削除 0/);

  // Clicking the added article highlights its lines in the text beside the report.
  await page.locator('.pd-entry[data-kind=added] .pd-entry-btn').click();
  const hl = page.getByTestId('pd-text').locator('.pd-hl');
  await hl.first().waitFor();
  assert.match(await hl.allInnerTexts().then((t) => t.join('\n')), /情報資産の管理責任は/);
  // A moved article's entry names both numbers.
  assert.match(await page.locator('.pd-entry[data-kind=moved]').first().innerText(), /第20条.*→.*第21条/);

  // The guideline check: a finding that was found opens its lines too.
  await page.getByTestId('tab-check').click();
  const found = page.locator('.pd-entry[data-status=ok] .pd-entry-btn, .pd-entry[data-status=partial] .pd-entry-btn').first();
  await found.click();
  await page.getByTestId('pd-text').locator('.pd-hl').first().waitFor();

  // Adoption and publication (第48条): missing facts are named, then it goes in force.
  await page.getByTestId('pd-publish').click();
  await page.getByText('施行日を入力してから施行してください').first().waitFor();
  await page.getByLabel('施行日').fill(`${fiscalYearOf(0) + 1}-04-01`);
  await page.getByLabel('改訂履歴（改訂の内容）').fill('第20条（情報資産の管理責任）を新設し、以降の条を繰り下げ');
  await page.getByLabel('採択した委員会の決定').fill(`情報セキュリティ委員会（令和${reiwaYear(fiscalYearOf(0) + 1)}年3月10日）決定`);
  await page.getByTestId('pd-publish').click();
  await page.getByTestId('pd-notice').filter({ hasText: '施行しました。' }).waitFor();
  await page.locator('[data-testid=pd-state][data-state=published]').waitFor();
  const versionId = Number(new URL(page.url()).pathname.split('/').pop());

  // A 職員 of 企画課 reads it from the ポリシー page and acknowledges it.
  const kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikaku} AND title = '主事' ORDER BY id LIMIT 1`);
  const r = cli(['user', 'add', '--db', srv.db, '--person', staffNo, '--login', 'kikaku.shuji']);
  assert.equal(r.status, 0, r.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
  await context.clearCookies();
  await page.goto(new URL('/', srv.url).href);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await submitLogin(page, 'kikaku.shuji', temp);
  await page.getByRole('heading', { name: 'パスワードの変更' }).waitFor();
  await page.getByLabel('現在のパスワード（仮パスワード）').fill(temp);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
  // a plain 職員 has no link to the register
  assert.equal(await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ポリシー文書' }).count(), 0);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報セキュリティポリシー' }).click();
  const published = page.getByTestId('published-docs');
  await published.locator('li[data-kind=standard]').getByText('未同意').waitFor();
  await published.getByRole('link', { name: 'デモ市情報セキュリティ対策基準' }).click();
  await page.getByTestId('pd-read-text').getByText(/情報資産の管理責任は/).waitFor();
  await page.getByTestId('ack-button').click();
  await page.getByTestId('ack-notice').filter({ hasText: '同意を記録しました。' }).waitFor();
  await page.getByTestId('ack-state').waitFor();
  assert.equal(sql(`SELECT count(*) FROM policy_acknowledgements WHERE version_id = ${versionId}`), '1');

  // The CISO's report per 課室 counts it.
  await signInAgain(page, context, srv, cisoAuth, '/policy-docs');
  await page.getByRole('heading', { name: 'ポリシー文書の管理', level: 1 }).waitFor();
  await page.getByTestId('policy-docs').getByRole('link', { name: 'デモ市情報セキュリティ対策基準' }).click();
  await page.getByRole('link', { name: '同意の状況' }).click();
  await page.getByTestId('ack-report').waitFor();
  assert.match(await page.getByTestId('ack-total').innerText(), /うち 1 人が同意/);
  assert.match(await page.getByTestId('ack-report').locator('tr[data-unit=kikaku-kikaku]').getByTestId('ack-count').innerText(), /^1（\d+\.\d%）/);
  // 課室 in organisation order: each 部's 課室 together, 総務部's before 企画財政部's
  const order = await page.getByTestId('ack-report').locator('tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.dataset.unit));
  assert.ok(order.indexOf('somu-jinji') < order.indexOf('kikaku-kikaku') && order.indexOf('kikaku-kikaku') < order.indexOf('kikaku-zaisei'), order.join(' '));
  assert.ok(order.indexOf('kikaku-zaisei') < order.indexOf('shimin-shimin'), order.join(' '));

  // The annual review (第165条): a date outside the 年度 is refused, then the record is kept. Its
  // citation follows the 対策基準 now in force, where the new 第20条 moved 第71条 to 第72条.
  await page.getByRole('link', { name: '年度の見直し（第165条（貴団体の第72条））' }).click();
  await page.getByRole('heading', { name: '情報セキュリティポリシーの見直し（第165条（貴団体の第72条））', level: 1 }).waitFor();
  const fy = await page.getByLabel('年度').inputValue();
  await page.getByLabel('見直しの日付').fill(`${Number(fy) + 1}-04-02`);
  await page.getByLabel('リスクの評価').fill('標的型メールの増加により、インターネット接続系の脅威の発生の可能性が高まった。');
  await page.getByLabel('決定事項', { exact: true }).fill('対策基準 第20条を新設する。');
  await page.getByLabel('改訂した版').selectOption({ label: '対策基準 デモ市情報セキュリティ対策基準 第2版' });
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByText(/年度の期間/).first().waitFor();
  assert.equal(sql('SELECT count(*) FROM policy_reviews'), '0');
  // a date is typed as people write it: 和暦, and the field says what it read
  await page.getByLabel('見直しの日付').fill(`R${reiwaYear(Number(fy))}.12.1`);
  await page.getByText(`令和${reiwaYear(Number(fy))}年12月1日（${fy}-12-01）として受け付けます`).waitFor();
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByTestId('review-notice').waitFor();
  const rec = page.getByTestId('review');
  assert.match(await rec.innerText(), /令和\d+年度[\s\S]*第2版/);
  assert.equal(sql('SELECT revision_version_id FROM policy_reviews'), String(versionId));
  assert.equal(sql('SELECT reviewed_on FROM policy_reviews'), `${fy}-12-01`);
  // one date style everywhere, the person's choice: 和暦 by default, 西暦 at the switch
  assert.match(await rec.innerText(), new RegExp(`令和${reiwaYear(Number(fy))}年12月1日`));
  await page.getByTestId('date-style').click();
  await page.getByTestId('review').filter({ hasText: `${fy}/12/01` }).waitFor();
  // the choice is the person's, not the browser's: on another PC (nothing in its storage) it holds
  for (let i = 0; i < 50 && sql(`SELECT date_style FROM accounts WHERE login_id = '${srv.ciso.login_id}'`) !== 'seireki'; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(sql(`SELECT date_style FROM accounts WHERE login_id = '${srv.ciso.login_id}'`), 'seireki');
  await page.evaluate(() => localStorage.clear());
  await signInAgain(page, context, srv, cisoAuth, '/');
  await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
  await page.getByTestId('date-style').filter({ hasText: '和暦で表示' }).waitFor();
  await page.getByTestId('date-style').click();
  await page.getByTestId('date-style').filter({ hasText: '西暦で表示' }).waitFor();
  assert.deepEqual(cspViolations, []);
});
