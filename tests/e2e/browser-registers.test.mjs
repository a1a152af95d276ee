// Browser journey through the 情報資産台帳 (issue 3) in headless Debian chromium (playwright-core),
// against a real lgsec server with the demo data (tests/e2e/lib/server.mjs):
//   import a CSV, fix an error, see the list, open an asset, print a label —
//   CISO's first sign-in → 取り込み wizard → a UTF-8 (BOM) CSV written here with one bad 機密性 ("4Z")
//   → 見出しの対応付け (suggestions preselected) → 確認 shows the Japanese error with its row and column,
//   and nothing is written → the corrected file → 取り込み with progress to the end → the list, searched
//   in full-width letters for a half-width name → the asset's page with its 分類表示 → ラベルを印刷
//   answers a PDF. No page may trigger a CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { Authenticator, JAPANESE, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';
import { spawnSync } from 'node:child_process';

let srv;
let browser;
let context;
let page;
let cspViolations = [];
const auth = new Authenticator();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** Full-width form of ASCII letters and digits (Ａ–Ｚ, ０–９), as typed with a Japanese IME. */
const fullWidth = (s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Column letter of a 0-based index as Excel shows it (0 → A). */
const columnLetter = (i) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** One CSV cell, quoted when needed. */
const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** GETs JSON through the browser's context (its session cookie). */
async function getJson(path) {
  const r = await context.request.get(new URL(path, srv.url).href);
  assert.equal(r.status(), 200, `GET ${path}: ${r.status()}`);
  return r.json();
}

test('registers: import a CSV, fix an error, see the list, open an asset, print a label', async () => {
  await signInCisoFirstTime(page, srv, auth);

  // The file is built from the server's own field list, the way a municipality's Excel register
  // looks: Japanese headers (the field labels), a 課室 by name, levels as written by people.
  const fields = (await getJson('/api/v1/registers/fields')).assets;
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  for (const n of ['name', 'confidentiality', 'integrity', 'availability']) assert.ok(byName[n], `field ${n} is importable`);
  const units = (await getJson('/api/v1/org/units')).items;
  const section = units.find((u) => u.kind === 'section' && u.active) ?? units.find((u) => u.kind !== 'organisation');
  assert.ok(section, 'the demo organisation has a section');

  const tag = `LGTEST${String(Date.now()).slice(-6)}`;
  const names = [`取込テスト ${tag} 住民票交付簿`, `取込テスト ${tag}B 課税資料`, `取込テスト ${tag}C 会議録`];
  const wanted = ['name', 'kind', 'unit_id', 'confidentiality', 'integrity', 'availability']
    .filter((n) => byName[n])
    .concat(fields.filter((f) => f.required && !['name', 'kind', 'unit_id', 'confidentiality', 'integrity', 'availability'].includes(f.name)).map((f) => f.name));
  const columns = wanted.map((n) => byName[n]);
  const value = (f, row, conf) => {
    if (f.name === 'name') return names[row];
    if (f.name === 'confidentiality') return conf;
    if (f.name === 'integrity') return '2';
    if (f.name === 'availability') return '1';
    if (f.type === 'unit') return section.name;
    if (f.type === 'enum') return (f.options.find((o) => o.value === 'information') ?? f.options[0]).label;
    if (f.type === 'level') return '2';
    if (f.type === 'bool') return '0';
    if (f.type === 'date') return '2026-04-01';
    if (f.type === 'system') return '';
    return `${f.label}${row + 1}`;
  };
  const csv = (confs) => '\ufeff' + [columns.map((f) => cell(f.label)).join(','),
    ...confs.map((c, row) => columns.map((f) => cell(value(f, row, c))).join(','))].join('\r\n') + '\r\n';
  const confColumn = columnLetter(wanted.indexOf('confidentiality'));
  const badCsv = csv(['3B', '4Z', '自治体機密性2']); // the second data row (row 3 of the sheet) is wrong
  const goodCsv = csv(['3B', '３Ｃ', '自治体機密性2']); // fixed; full-width and long forms are accepted

  // 1 ファイルを選ぶ
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報資産台帳' }).click();
  await page.getByRole('heading', { name: '情報資産台帳', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: '情報資産台帳のメニュー' }).getByRole('link', { name: '取り込み' }).click();
  await page.getByRole('heading', { name: '情報資産台帳の取り込み', level: 1 }).waitFor();
  const chooseAndRead = async (text) => {
    await page.getByLabel('取り込むファイル').setInputFiles({ name: 'daicho.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await page.getByRole('button', { name: '読み込んで次へ' }).click();
    await page.getByRole('heading', { name: '見出しの対応付け', level: 2 }).waitFor();
  };
  await chooseAndRead(badCsv);

  // 2 見出しの対応付け: the server suggests the field for a Japanese header; make every choice explicit.
  const mapping = page.getByRole('table', { name: '見出しの対応付け' });
  const select = (f) => mapping.getByRole('combobox', { name: f.label });
  assert.equal(await select(byName.confidentiality).inputValue(), 'confidentiality', '機密性 is suggested for the 機密性 header');
  for (const f of columns) await select(f).selectOption(f.name);
  await page.getByText('必須項目はすべて対応付けられています').waitFor();
  await page.getByRole('button', { name: '確認する（試行）' }).click();

  // 3 確認: one bad row, shown with its row, column and a Japanese message; nothing written.
  await page.getByRole('heading', { name: '確認', level: 2 }).waitFor();
  await page.getByTestId('import-errors').waitFor();
  const errors = page.getByRole('table', { name: '誤りの一覧（行・列・項目・内容）' });
  const errorRows = errors.locator('tbody tr');
  assert.equal(await errorRows.count(), 1);
  const [row, column, field, message] = await errorRows.first().locator('td').allInnerTexts();
  // Rows are counted as the spreadsheet shows them (header = 1), so the second data row is 3;
  // 2 (data rows from 1) would be the other reading of the contract: both are accepted.
  assert.ok(['3', '2'].includes(row.trim()), `error row ${row}`);
  assert.equal(column.trim(), confColumn);
  assert.equal(field.trim(), byName.confidentiality.label);
  assert.match(message, JAPANESE);
  const written = await getJson(`/api/v1/assets?q=${encodeURIComponent(tag)}`);
  assert.equal(written.items.length, 0, 'a dry run writes nothing');

  // Fix the file and choose it again: the mapping is kept for the same headers.
  await page.getByRole('button', { name: '修正したファイルを選ぶ' }).click();
  await page.getByRole('heading', { name: 'ファイルを選ぶ', level: 2 }).waitFor();
  await chooseAndRead(goodCsv);
  assert.equal(await select(byName.integrity).inputValue(), 'integrity');
  await page.getByRole('button', { name: '確認する（試行）' }).click();
  await page.getByRole('heading', { name: '確認', level: 2 }).waitFor();
  await page.getByText('誤りはありません。3件を取り込めます。').waitFor();

  // 4 取り込み: progress, then the count and a link to the list.
  await page.getByRole('button', { name: '3件を取り込む' }).click();
  await page.getByRole('heading', { name: '取り込み', level: 2 }).waitFor();
  const done = page.getByTestId('import-done');
  await done.waitFor({ timeout: 60_000 });
  assert.match(await done.innerText(), /3件を登録しました/);
  await done.getByRole('link', { name: '情報資産台帳で確認する' }).click();
  await page.getByRole('heading', { name: '情報資産台帳', level: 1 }).waitFor();

  // The list, searched with full-width letters for the half-width name (server-side, NFKC).
  await page.getByLabel('キーワード').fill(fullWidth(tag));
  await page.getByRole('button', { name: '検索', exact: true }).click();
  const list = page.getByRole('table', { name: '情報資産台帳' });
  const link = list.getByRole('link', { name: names[0] });
  await link.waitFor();
  assert.equal(await list.getByRole('link', { name: names[1] }).count(), 1, 'the corrected row was imported too');
  await page.getByTestId('result-count').filter({ hasText: '該当 3件' }).waitFor(); /* the three imported rows */
  await page.screenshot({ path: join(tmpdir(), 'lgsec-assets-1366x768.png') });

  // The asset's page: 分類表示 (第23条4) with the levels of the file.
  await link.click();
  await page.getByRole('heading', { name: names[0], level: 1 }).waitFor();
  const label = await page.getByTestId('label-text').innerText();
  assert.match(label, /機密性3B/);
  assert.match(label, /完全性2/);
  assert.match(label, /可用性1/);
  await page.getByRole('region', { name: /取扱制限/ }).waitFor();

  // ラベルを印刷 opens the label sheet (A4 PDF) in a new tab.
  const print = page.getByRole('link', { name: 'ラベルを印刷' });
  const href = await print.getAttribute('href');
  assert.match(href, /^\/api\/v1\/assets\/labels\.pdf\?ids=\d+$/);
  const response = context.waitForEvent('response', { predicate: (r) => r.url().includes('/labels.pdf'), timeout: 20_000 }).catch(() => null);
  await print.click();
  const seen = await response;
  if (seen) {
    assert.equal(seen.status(), 200);
    assert.match(seen.headers()['content-type'] ?? '', /^application\/pdf/);
  }
  const pdf = await context.request.get(new URL(href, srv.url).href);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  for (const p of context.pages()) if (p !== page) await p.close();

  await page.screenshot({ path: join(tmpdir(), 'lgsec-asset-1366x768.png'), fullPage: true });
  assert.deepEqual(cspViolations, []);
});

test('新規登録: an asset saves on the first try with 形態 left （未設定）, which offers 紙・電子 too', async () => {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報資産台帳' }).click();
  await page.getByRole('navigation', { name: '情報資産台帳のメニュー' }).getByRole('link', { name: '新規登録' }).click();
  await page.getByRole('heading', { name: '情報資産の登録', level: 1 }).waitFor();
  const format = page.getByLabel('形態');
  await format.locator('option', { hasText: '紙・電子' }).waitFor({ state: 'attached' }); /* drawn from the field list */
  assert.deepEqual((await format.locator('option').allInnerTexts()).slice(1), ['紙', '電子', '紙・電子']);
  const name = `初回登録テスト ${String(Date.now()).slice(-6)}`;
  await page.getByLabel('名称', { exact: true }).fill(name);
  await page.getByLabel('種別').selectOption({ index: 1 });
  await page.getByLabel('所管課', { exact: true }).selectOption({ label: '企画財政部 ＞ 企画課' });
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /形態\s*電子/);
  assert.deepEqual(cspViolations, []);
});

test('情報システム台帳: the list says how many systems it holds', async () => {
  const n = spawnSync('sqlite3', [srv.db, 'SELECT count(*) FROM systems WHERE active = 1'], { encoding: 'utf8' }).stdout.trim();
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報システム台帳' }).click();
  await page.getByTestId('result-count').filter({ hasText: `該当 ${n}件` }).waitFor();
  assert.deepEqual(cspViolations, []);
});
