// Browser journey of 原本取り出し (issue 16, docs/sanitize.md「隔離と原本取り出し」) in headless chromium:
// a real `lgsec mailgate` quarantines two attachments for a 職員 and `lgsec gate import` reads its
// log; the 職員 opens 無害化ゲート, asks for both originals with a reason, the 統括情報セキュリティ
// 責任者 approves; the first is downloaded — the original bytes, rescanned, and the download is in the
// trail — and the second, detected by a signature installed after it arrived, is refused with the
// reason shown on the page. The 統括 (gate.read) sees the verdicts per day and the signature age.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount, cli, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { jstDate } from './lib/clock.mjs';
import { Authenticator, launchBrowser, signInAs, signInCisoFirstTime } from './lib/browser.mjs';
import { smtpSend, startMailgate, startSink } from './lib/smtp.mjs';

const dir = mkdtempSync(join(tmpdir(), 'lgsec-browser-gate-'));
const LOG = join(dir, 'verdicts.log'), Q = join(dir, 'quarantine'), SIG = join(dir, 'signatures');
mkdirSync(SIG);
mkdirSync(Q, { mode: 0o700 });
const md5 = (b) => createHash('md5').update(b).digest('hex');
const sha = (b) => createHash('sha256').update(b).digest('hex');
writeFileSync(join(SIG, 'base.hdb'), `${md5(Buffer.from('unrelated'))}:9:Lgsec.Test.Unrelated\n`);
const GOOD = Buffer.from('品名,数量\r\nトナー,2\r\n');
const LATER = Buffer.from('品名,数量\r\n=HYPERLINK("http://evil.example/"),1\r\n');
process.env.LGSEC_GATE_VERDICT_LOG = LOG;
process.env.LGSEC_GATE_QUARANTINE = Q;
process.env.LGSEC_CLAMAV_DB = SIG;

let srv, browser, context, page, cspViolations;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');

const attachment = (name, bytes) => ['--b1', `Content-Type: text/csv; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`,
  'Content-Transfer-Encoding: base64', '', bytes.toString('base64')];
const mail = (to) => ['From: torihiki@example.jp', `To: ${to}`, 'Subject: order', 'Message-ID: <browser-gate@example.jp>',
  'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=UTF-8', '',
  '注文書を送ります。', ...attachment('chumon.csv', GOOD), ...attachment('later.csv', LATER), '--b1--', ''].join('\r\n');

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a quarantined original is asked for, approved, rescanned and downloaded; one detected now is refused', async () => {
  const plain = `p.active_until IS NULL AND p.email LIKE '%@%' AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id)
                 AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id)`;
  const [staffNo, email] = sql(`SELECT p.staff_no, lower(p.email) FROM people p WHERE ${plain} ORDER BY p.id LIMIT 1`).split('|');
  const sink = await startSink();
  const gate = await startMailgate(['--next-hop', `127.0.0.1:${sink.port}`, '--verdict-log', LOG, '--attachments', 'quarantine',
    '--quarantine', Q, '--clamav-db', SIG, '--smtp-timeout', '30']);
  try {
    const r = await smtpSend(gate.port, { from: 'torihiki@example.jp', to: [email], data: mail(email) });
    assert.match(r.end, /^250/, r.end);
  } finally {
    await gate.stop();
    await sink.close?.();
  }
  assert.equal(cli(['gate', 'import', '--db', srv.db]).status, 0);

  // the recipient asks for both originals from the page
  await signInAs(page, context, srv, 'gate.jushin', addAccount(srv.db, staffNo, 'gate.jushin'), new Authenticator(), true);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '無害化ゲート' }).click();
  await page.getByRole('heading', { name: '無害化ゲート', level: 1 }).waitFor();
  await page.getByRole('heading', { name: '自分宛ての添付ファイル' }).waitFor();
  for (const [bytes, reason] of [[GOOD, '発注システムに原本のまま登録するため'], [LATER, '計算式を確認するため']]) {
    const row = page.locator(`tr[data-item="${sha(bytes)}"]`);
    await row.getByTestId('gt-ask').click();
    await row.getByLabel(/原本が必要な理由/).fill(reason);
    await row.getByTestId('gt-submit').click();
    await page.getByTestId('gt-notice').getByText(/原本取り出しを申請しました/).waitFor();
    await row.locator('[data-release="submitted"]').waitFor();
  }

  // the 統括情報セキュリティ責任者 approves both (through the requests engine)
  const chiefNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
    WHERE r.role = 'chief_security_officer' AND r.valid_until IS NULL LIMIT 1`);
  const chief = (await signInFirstTime(srv.url, 'gate.toukatsu', addAccount(srv.db, chiefNo, 'gate.toukatsu'))).client;
  for (const id of sql(`SELECT id FROM requests WHERE type = 'original_release' ORDER BY id`).split('\n')) {
    const d = await chief.post(`/api/v1/requests/${id}/decide`, { decision: 'approve' });
    assert.equal(d.status, 200, d.text);
  }

  // the first: downloaded as received, and the trail says so
  await page.reload();
  const good = page.locator(`tr[data-item="${sha(GOOD)}"]`);
  await good.locator('[data-release="approved"]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), good.getByTestId('gt-download').click()]);
  assert.equal(readFileSync(await download.path(), 'utf8'), GOOD.toString());
  assert.equal(download.suggestedFilename(), 'chumon.csv');
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'gate.release_download' AND actor = 'gate.jushin'`), '1');
  await good.getByText(/取り出し済み \(1 回\)/).waitFor();

  // the second: a signature installed after it arrived detects it — refused, with the reason
  writeFileSync(join(SIG, 'update.hdb'), `${md5(LATER)}:${LATER.length}:Lgsec.Test.Hyperlink\n`);
  const later = page.locator(`tr[data-item="${sha(LATER)}"]`);
  const [failed] = await Promise.all([page.waitForEvent('download'), later.getByTestId('gt-download').click()]);
  assert.ok((await failed.failure()) || !readFileSync(await failed.path(), 'utf8').includes('evil'), 'no byte of the original');
  await page.reload();
  await later.locator('[data-release="refused"]').getByText(/Lgsec\.Test\.Hyperlink/).waitFor();
  assert.equal(await later.getByTestId('gt-download').count(), 0);
  assert.equal(sql(`SELECT count(*) FROM trail_entries WHERE action = 'gate.release_refused'`), '1');

  // the 統括 (gate.read) sees today's verdicts and the signature age on the same page
  await context.clearCookies();
  await signInCisoFirstTime(page, srv, new Authenticator());
  await page.goto(new URL('/gate', srv.url).href);
  await page.getByTestId('gt-days').locator(`tr[data-day="${jstDate(0)}"]`).waitFor();
  await page.getByTestId('gt-signature').getByText('最新').waitFor();
  await page.getByTestId('gt-items').locator(`tr[data-item="${sha(GOOD)}"]`).waitFor();
  assert.deepEqual(cspViolations, []);
});
