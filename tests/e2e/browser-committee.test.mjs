// Browser journey through the 情報セキュリティ委員会 (第19条) in headless Debian chromium: the CISO (chair)
// opens the 年度's self-check, schedules a committee meeting, registers themself and a guest, puts the
// self-check and the 年度's incident figures on the agenda (each opens its report), holds the meeting
// (the record is final, its hash shown), records a decision approving a policy version and an
// instruction to the 企画課長 with a due date, and downloads the 議事録 PDF (its text checked). No CSP
// violation.
import { fiscalYearOf, jstDate, reiwaYear } from './lib/clock.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInCisoFirstTime } from './lib/browser.mjs';
import { pdfText } from './lib/pdftext.mjs';
import { pagePng, popplerLines } from './lib/pdftools.mjs';

let srv, browser, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ page, cspViolations } = browser);
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

test('委員会: scheduled, reports on the agenda, held, decisions linked, 議事録 PDF', async () => {
  await signInCisoFirstTime(page, srv, new Authenticator());
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  const fy = `令和${reiwaYear(fiscalYearOf(0))}年度`;
  await menu.getByRole('link', { name: '自己点検' }).click();
  await page.getByLabel('年度').selectOption(String(fiscalYearOf(0)));
  await page.getByTestId('sc-units').getByLabel('企画課', { exact: true }).check();
  await page.getByRole('button', { name: '始める' }).click();
  await page.getByTestId('sc-notice').filter({ hasText: '自己点検を始めました。' }).waitFor();
  const campaign = sql('SELECT id FROM selfcheck_campaigns');

  await menu.getByRole('link', { name: '情報セキュリティ委員会' }).click();
  await page.getByRole('heading', { name: '情報セキュリティ委員会', level: 1 }).waitFor();
  await page.getByTestId('cm-members').waitFor();
  await page.getByLabel('会議名').fill('第1回 情報セキュリティ委員会');
  await page.getByLabel('開始時刻').fill('14:00');
  await page.getByLabel('場所').fill('第1会議室');
  await page.getByRole('button', { name: '予定を登録' }).click();
  await page.getByTestId('cm-notice').filter({ hasText: '会議の予定を登録しました。' }).waitFor();
  await page.getByTestId('cm-meetings').getByRole('link', { name: '第1回 情報セキュリティ委員会' }).click();
  await page.getByRole('heading', { name: '第1回 情報セキュリティ委員会', level: 1 }).waitFor();

  const chair = sql(`SELECT person_id FROM role_assignments WHERE role = 'ciso'`);
  await page.getByLabel('委員', { exact: true }).selectOption(chair); // the signed-in person is listed first
  await page.getByRole('button', { name: '登録', exact: true }).first().click();
  await page.getByTestId('cm-attendees').waitFor();
  await page.getByLabel('氏名').fill('外部 専門家');
  await page.getByLabel('所属').fill('最高情報セキュリティアドバイザー');
  await page.getByRole('button', { name: '登録', exact: true }).first().click();
  await page.getByTestId('cm-attendees').getByText('外部 専門家').waitFor();

  await page.getByLabel('種類').selectOption('selfcheck');
  await page.getByLabel('報告', { exact: true }).selectOption(campaign);
  await page.getByRole('button', { name: '登録', exact: true }).last().click();
  await page.getByTestId('cm-agenda').getByText(/自己点検の結果/).waitFor();
  await page.getByLabel('種類').selectOption('incident_stats');
  await page.getByRole('button', { name: '登録', exact: true }).last().click();
  await page.getByTestId('cm-agenda').getByText('インシデントの状況').first().waitFor();
  const links = page.getByTestId('cm-agenda').getByRole('link', { name: '報告を開く' });
  assert.equal(await links.count(), 2);
  assert.equal(await links.first().getAttribute('href'), `/selfchecks/${campaign}`);
  assert.equal(await links.last().getAttribute('href'), `/api/v1/incidents/stats/pdf?fiscal_year=${fiscalYearOf(0)}`);

  await page.getByLabel('議事の経過').fill('自己点検の結果とインシデントの状況について事務局から報告があった。');
  await page.getByRole('button', { name: '開催を記録して確定' }).click();
  await page.getByTestId('cm-notice').filter({ hasText: '開催を記録しました。' }).waitFor();
  const hash = sql('SELECT record_hash FROM committee_meetings');
  await page.getByTestId('cm-hash').getByText(hash).waitFor();
  await page.getByTestId('cm-hash').getByText('記録は確定時のハッシュと一致しています。').waitFor();

  const version = sql('SELECT max(id) FROM policy_doc_versions');
  await page.getByLabel('種類').selectOption('policy_version');
  await page.getByLabel('ポリシーの版の番号').fill(version);
  await page.getByLabel('決定の内容').fill('対策基準の改定を承認する');
  await page.getByRole('button', { name: '決定の記録' }).click();
  await page.getByTestId('cm-notice').filter({ hasText: '決定を記録しました。' }).waitFor();
  await page.getByTestId('cm-decisions').getByRole('link', { name: '対象を開く' }).first().waitFor();

  const kikaku = sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'");
  const kacho = sql(`SELECT person_id FROM role_assignments WHERE role = 'section_security_manager' AND scope_id = ${kikaku}`);
  await page.getByLabel('種類').selectOption('instruction');
  await page.getByLabel('決定の内容').fill('自己点検で「いいえ」の項目の改善策をまとめること');
  await pick('担当者', kacho);
  await page.getByLabel('期限').fill(jstDate(30));
  await page.getByRole('button', { name: '決定の記録' }).click();
  await page.getByTestId('cm-decisions').getByText('自己点検で「いいえ」の項目の改善策をまとめること').waitFor();
  assert.equal(sql(`SELECT owner_person_id || '|' || due_on || '|' || state FROM committee_decisions WHERE kind = 'instruction'`),
    `${kacho}|${jstDate(30)}|open`);

  const href = await page.getByTestId('cm-minutes-pdf').getAttribute('href');
  const r = await page.request.get(new URL(href, srv.url).href);
  assert.equal(r.status(), 200);
  const minutes = await r.body();
  const text = pdfText(minutes).join('\n');
  const [y, m, d] = jstDate(0).split('-').map(Number);
  assert.match(text, new RegExp(`令和${reiwaYear(y)}年${m}月${d}日`));
  assert.match(text, /対策基準の改定を承認する/);
  assert.match(text, /外部 専門家/);
  assert.match(text, new RegExp(fy.replace(/[()]/g, '.')));
  // the same by pdftotext; page 1 as a PNG in the test log
  const poppler = popplerLines(minutes);
  for (const want of [`令和${reiwaYear(y)}年${m}月${d}日`, '対策基準の改定を承認する', '外部 専門家'])
    assert.ok(poppler.includes(want), `pdftotext finds 「${want}」 in:\n${poppler}`);
  pagePng(minutes, 1, 'committee-minutes-p1.png');
  await page.screenshot({ path: `${process.env.LGSEC_TEST_LOG_DIR ?? '/tmp'}/committee.png`, fullPage: true });
  assert.deepEqual(cspViolations, []);
});
