// Browser journey of インシデント対応 as far as built (docs/incidents.md), in headless Debian chromium on
// the demo: a 職員 of 企画課 opens the report form from ホーム, picks the lost memory's asset from the
// register, says 要配慮個人情報 of about 120 people may be involved and sends → the report shows the
// chain (情報セキュリティ管理者, 統一的な窓口, 統括, CISO …) with nobody having opened it → the 課長
// finds the notification on ホーム, opens the report, and the chain shows their reading. The 職員's own
// list shows the report. The CSIRT closes it naming this 年度's 見直し (第165条) for the lessons, and the
// CISO finds it on the 見直し page and opens it from there. No CSP violation on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addAccount, startServer } from './lib/server.mjs';
import { Authenticator, launchBrowser, signInAs } from './lib/browser.mjs';
import { fiscalYearOf, jstDateTime, reiwaYear } from './lib/clock.mjs';

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

test('インシデント: a 職員 reports a lost USB memory with 要配慮個人情報; the 課長 is told and opens it', async () => {
  const kikaku = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const staffNo = sql(`SELECT staff_no FROM people WHERE unit_id = ${kikaku} AND title = '主事' ORDER BY id LIMIT 1`);
  const managerNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'section_security_manager' AND r.scope_id = ${kikaku}`);
  const managerName = sql(`SELECT name FROM people WHERE staff_no = '${managerNo}'`);
  const asset = sql(`SELECT asset_no || ' ' || name FROM assets WHERE unit_id = ${kikaku} ORDER BY id LIMIT 1`);
  const staffTemp = addAccount(srv.db, staffNo, 'kikaku.shuji');
  const managerTemp = addAccount(srv.db, managerNo, 'kikaku.kacho');

  await signInAs(page, context, srv, 'kikaku.shuji', staffTemp, new Authenticator(), true);
  await page.getByTestId('report-incident').click();
  await page.getByRole('heading', { name: 'インシデントを報告する', level: 1 }).waitFor();
  await page.getByLabel('件名').fill('USBメモリの紛失');
  await page.getByLabel('何が起きたか').fill('会議資料を入れたUSBメモリが、庁外の会議から戻ると見当たらない。');
  await page.getByLabel('気付いた日時').fill(jstDateTime(-1, '17:40'));
  await page.getByLabel('どこで (対象)', { exact: true }).selectOption('asset');
  await page.getByLabel('台帳を検索').fill(asset.split(' ')[1]);
  const pick = page.getByLabel('情報資産', { exact: true });
  await pick.locator('option', { hasText: asset }).waitFor({ state: 'attached' });
  await pick.selectOption({ label: asset });
  await page.getByLabel('個人情報の有無').selectOption('involved');
  await page.getByLabel('要配慮個人情報').check();
  await page.getByLabel('おおよその人数').fill('120');
  await page.getByRole('button', { name: '報告する' }).click();

  await page.getByTestId('incident-reported').waitFor();
  await page.getByRole('heading', { name: 'USBメモリの紛失', level: 1 }).waitFor();
  const facts = await page.getByTestId('incident-facts').innerText();
  assert.match(facts, /要配慮個人情報/);
  assert.match(facts, /120人程度/);
  const chain = page.getByTestId('incident-chain');
  const manager = chain.locator('tr[data-step="section_manager"]');
  assert.match(await manager.innerText(), new RegExp(managerName));
  assert.match(await manager.innerText(), /未確認/);
  for (const step of ['contact_point', 'chief', 'ciso', 'department_officer'])
    assert.equal(await chain.locator(`tr[data-step="${step}"]`).count(), 1, step);
  assert.match(await chain.innerText(), /第54条/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.ok(id > 0);

  await page.goto(new URL('/incidents', srv.url).href);
  await page.getByTestId('incident-list').getByRole('link', { name: `INC-${String(id).padStart(5, '0')}` }).waitFor();

  // The 課長: the notification on ホーム links to the report; opening it records the reading.
  await signInAs(page, context, srv, 'kikaku.kacho', managerTemp, new Authenticator(), true);
  await page.getByRole('link', { name: new RegExp(`インシデントの報告があります \\(No\\.${id},`) }).click();
  await page.getByRole('heading', { name: 'USBメモリの紛失', level: 1 }).waitFor();
  const mine = page.getByTestId('incident-chain').locator('tr[data-step="section_manager"]');
  await mine.getByText(/確認済み/).first().waitFor();
  // The 課長 adds a note and registers the lending record as evidence; both show with who and when.
  await page.getByTestId('note-form').getByLabel('メモ').fill('貸出簿では昨日14時に持ち出し。');
  await page.getByTestId('note-form').getByRole('button', { name: 'メモを残す' }).click();
  const timeline = page.getByTestId('incident-timeline');
  await timeline.getByText('貸出簿では昨日14時に持ち出し。').waitFor();
  assert.match(await timeline.innerText(), new RegExp(`${managerName}\\s+インシデントのメモ`));
  await page.getByLabel('ファイル', { exact: true }).setInputFiles({ name: '貸出簿.csv', mimeType: 'text/csv', buffer: Buffer.from('日付,品名\n昨日,USBメモリ\n', 'utf8') });
  await page.getByRole('button', { name: '証拠を登録する' }).click();
  await page.getByTestId('incident-evidence').getByRole('link', { name: '貸出簿.csv' }).waitFor();
  await timeline.getByText('インシデントの証拠の登録').waitFor();


  // The CSIRT lead: assessment, a task (to themself), done; the cause and proposed measures.
  const csirtNo = sql("SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE r.role = 'csirt_lead'");
  const csirtAuth = new Authenticator();
  await signInAs(page, context, srv, 'csirt.lead', addAccount(srv.db, csirtNo, 'csirt.lead'), csirtAuth, true);
  await page.goto(new URL(`/incidents/${id}`, srv.url).href);
  const triage = page.getByTestId('triage-form');
  await triage.getByLabel('分類').selectOption({ label: '紛失・盗難' });
  await triage.getByLabel('重大度').selectOption({ label: '高' });
  await triage.getByLabel('評価の理由').fill('要配慮個人情報を含む媒体の紛失');
  await triage.getByRole('button', { name: '評価を記録する' }).click();
  await page.getByTestId('incident-triage').getByText('紛失・盗難・高').waitFor();
  const task = page.getByTestId('task-form');
  await task.getByLabel('作業の内容').fill('遺失届の提出');
  await task.getByLabel('担当者', { exact: true }).selectOption({ index: 1 });
  await task.getByRole('button', { name: '作業を指示する' }).click();
  const tasks = page.getByTestId('incident-tasks');
  await tasks.getByText('遺失届の提出').waitFor();
  await tasks.getByLabel('結果').fill('警察に届け出た');
  await tasks.getByRole('button', { name: '完了にする' }).click();
  await tasks.getByText('結果: 警察に届け出た').waitFor();
  const cause = page.getByTestId('cause-form');
  await cause.getByLabel('原因', { exact: true }).fill('暗号化されていない媒体の庁外持ち出し');
  await cause.getByLabel('再発防止策 (案)').fill('暗号化USBメモリへの切替え');
  await cause.getByRole('button', { name: '原因と再発防止策を記録する' }).click();
  await page.getByTestId('incident-facts').getByText('暗号化USBメモリへの切替え').waitFor();
  // The 速報 to the 個人情報保護委員会: its deadline, the draft in the form's order, frozen on submission.
  await page.getByText('個人情報保護委員会への報告 (速報)').click();
  const preliminary = page.getByTestId('report-ppc_preliminary');
  assert.match(await preliminary.getByLabel('1 概要').inputValue(), /USBメモリの紛失/);
  await preliminary.getByLabel('5 二次被害又はそのおそれの有無及びその内容').fill('現時点で二次被害の報告なし');
  await preliminary.getByRole('button', { name: 'この内容で提出した版として記録する' }).click();
  assert.match(await page.getByTestId('report-hash-ppc_preliminary').innerText(), /^SHA-256 [0-9a-f]{64}$/);

  // The CISO orders the measures (第56条7).
  const cisoAuth = new Authenticator();
  await signInAs(page, context, srv, srv.ciso.login_id, srv.ciso.password, cisoAuth, true);
  await page.goto(new URL(`/incidents/${id}`, srv.url).href);
  const decision = page.getByTestId('decision-form');
  await decision.getByLabel('指示する措置').fill('全庁でUSBメモリの暗号化を徹底すること');
  await decision.getByRole('button', { name: '措置を指示する' }).click();
  await page.getByTestId('incident-decision').getByText('全庁でUSBメモリの暗号化を徹底すること').waitFor();
  assert.equal(await page.getByTestId('close-form').count(), 0); /* the CISO is not the CSIRT */
  // 報告を受けたもの, filtered by category: the report is there; another category leaves it out.
  await page.goto(new URL('/incidents/chain', srv.url).href);
  const filters = page.getByTestId('incident-filters');
  const no = `INC-${String(id).padStart(5, '0')}`;
  await filters.getByLabel('分類').locator('option', { hasText: '紛失・盗難' }).waitFor({ state: 'attached' });
  await filters.getByLabel('分類').selectOption({ label: 'マルウェア' });
  await page.getByText('インシデントはありません。').waitFor();
  await filters.getByLabel('分類').selectOption({ label: '紛失・盗難' });
  await page.getByTestId('incident-list').getByRole('link', { name: no }).waitFor();
  // … and by the 課室 it started from (the unit's path in the register): 企画課 keeps it, 税務課 does not.
  const unit = filters.getByLabel('課室', { exact: true });
  const zeimu = unit.locator('option', { hasText: '税務課' }).first();
  await zeimu.waitFor({ state: 'attached' });
  await unit.selectOption({ label: await zeimu.innerText() });
  await page.getByText('インシデントはありません。').waitFor();
  await unit.selectOption({ label: await unit.locator('option', { hasText: '企画課' }).first().innerText() });
  await page.getByTestId('incident-list').getByRole('link', { name: no }).waitFor();

  // The CSIRT lead closes it: the lessons go to this 年度's 見直し (第165条), the form's default.
  await signInAs(page, context, srv, 'csirt.lead', '', csirtAuth, false);
  await page.goto(new URL(`/incidents/${id}`, srv.url).href);
  const close = page.getByTestId('close-form');
  await close.getByLabel('教訓', { exact: true }).fill('持ち出す媒体は暗号化USBメモリに限る');
  await close.getByRole('button', { name: '完了にする' }).click();
  await page.getByTestId('incident-review-year').waitFor();
  assert.equal(sql(`SELECT review_fiscal_year FROM incidents WHERE id = ${id}`), String(fiscalYearOf(0)));
  // The CISO's 見直し page: no review of this 年度 recorded yet, so the lessons wait under it; the title
  // opens the report.
  await signInAs(page, context, srv, srv.ciso.login_id, '', cisoAuth, false);
  await page.goto(new URL('/policy-docs/reviews', srv.url).href);
  const pending = page.getByTestId('lessons-pending');
  const year = pending.getByTestId('lessons-year').filter({ has: page.getByRole('heading', { name: `令和${reiwaYear(fiscalYearOf(0))}年度` }) });
  const entry = year.getByTestId('review-incident');
  await entry.waitFor();
  assert.match(await entry.innerText(), /USBメモリの紛失（紛失・盗難）[\s\S]*完了[\s\S]*持ち出す媒体は暗号化USBメモリに限る/);
  await entry.getByRole('link', { name: 'USBメモリの紛失' }).click();
  await page.getByRole('heading', { name: 'USBメモリの紛失', level: 1 }).waitFor();

  assert.deepEqual(cspViolations, []);
});
