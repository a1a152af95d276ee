// Browser: citations in デモ市's own numbering (docs/citations.md). The login screen's message names no
// municipality and cites デモ市's articles; the home page shows the CISO's role as 「第12条（貴団体の
// 第11条）」 and the 対策基準's 施行日, which /policy repeats; on /policy the article list carries the own
// numbers, and a 三笠市 article デモ市 left out shows its guideline section. No CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';

let srv, browser, page, cspViolations;

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('citations speak デモ市 numbering on the login screen, the home page and the policy viewer', async () => {
  await page.goto(new URL('/', srv.url).href);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  const message = await page.getByText(/利用上の注意/).first().innerText();
  assert.doesNotMatch(message, /三笠/);
  assert.match(message, /第58条（貴団体の第39条）/);
  // the screen's own texts too, before anyone has signed in
  await page.getByText('ブラウザにパスワードを保存しないでください（第59条（貴団体の第40条））').waitFor();

  await signInCisoFirstTime(page, srv, new Authenticator());
  // ホーム: the CISO's role with its article in both numberings, linking to the article's text.
  const ref = page.locator('.card').filter({ has: page.locator('#home-roles') }).getByRole('link', { name: '第12条（貴団体の第11条）' });
  await ref.first().waitFor();
  // The policy card: デモ市's 対策基準 and its 施行日 (令和8年4月1日), not the pack's activation.
  await page.getByText('デモ市情報セキュリティ対策基準').first().waitFor();
  assert.equal(await page.getByTestId('policy-effective').innerText(), '令和8年4月1日');

  await ref.first().click();
  await page.getByRole('heading', { name: '情報セキュリティポリシー', level: 1 }).waitFor();
  const lead = await page.locator('.page-heading .lead').innerText();
  assert.match(lead, /デモ市情報セキュリティ対策基準　施行日 令和8年4月1日/);
  const article = page.locator('#art-12');
  await article.waitFor();
  assert.match(await article.locator('h3').innerText(), /^第12条（貴団体の第11条）/);
  assert.match(await page.locator('#art-143 h3').innerText(), /^第143条（ガイドライン 対策基準 8\.2）/);
  assert.deepEqual(cspViolations, []);
});
