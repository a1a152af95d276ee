// Browser journey of ネットワーク分離 (issue 17, docs/netcheck.md) in headless chromium: the 情報システム管理者
// of 住民基本台帳システム uploads a topology naming it by its register number and the two firewalls'
// configurations; the result shows the forbidden flow from the マイナンバー利用事務系 to the internet with
// the system's name, the article and the rule line; the PDF report downloads and pdftotext reads it;
// a before/after comparison of the LGWAN firewall is attached to his セキュリティ設定の変更 request and
// shows on the request's page. In English the page speaks English. No CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { now } from './lib/clock.mjs';
import { addAccount, startServer } from './lib/server.mjs';
import { signInFirstTime } from './lib/client.mjs';
import { Authenticator, launchBrowser, NEW_PASSWORD, signInAs } from './lib/browser.mjs';
import { popplerLines } from './lib/pdftools.mjs';

const DATA = new URL('../unit/data/netcheck/', import.meta.url).pathname;
const read = (name) => readFileSync(join(DATA, name));
let srv, browser, context, page, cspViolations, requestId;
const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).stdout.replace(/\n$/, '');
const auth = new Authenticator();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  ({ context, page, cspViolations } = browser);
  // the 情報システム管理者 of SYS-M01 (住民基本台帳システム); his request is made over the API first
  const staffNo = sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN systems s ON s.id = r.scope_id
    WHERE r.scope_kind = 'system' AND r.role = 'system_manager' AND s.code = 'SYS-M01' AND r.valid_until IS NULL ORDER BY p.id LIMIT 1`);
  const signed = await signInFirstTime(srv.url, 'nc.kanri', addAccount(srv.db, staffNo, 'nc.kanri'), NEW_PASSWORD);
  const r = await signed.client.post('/api/v1/requests', { type: 'security_setting_change',
    fields: { device: 'fw-lgwan', setting: 'RDP (tcp/3389) を 10.2.0.40 へ許可', reason: '保守業者のリモート保守' } });
  assert.equal(r.status, 201, r.text);
  requestId = r.json.id;
  auth.secret = signed.secret;
  // the API sign-in used the current TOTP step: the browser's must be a later one
  auth.lastCounter = Math.floor(now() / 30_000) + 1;
  await signInAs(page, context, srv, 'nc.kanri', NEW_PASSWORD, auth, false);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('upload a topology and configurations → a forbidden flow with the register name → the PDF; a comparison attached to a request', async () => {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ネットワーク分離' }).click();
  await page.getByRole('heading', { name: 'ネットワーク分離の検証', level: 1 }).waitFor();
  const topology = read('site-systems.yaml').toString('utf8')
    .replace(/  - \{code: JUKI.*\n  - \{code: ZEIMU.*\n/, '  - {code: SYS-M01, addresses: [10.1.0.0/16]}\n');
  await page.getByLabel('件名').fill('本庁舎 定期点検');
  await page.locator('#nc-topology').setInputFiles({ name: 'site.yaml', mimeType: 'text/yaml', buffer: Buffer.from(topology) });
  // a construct the parser does not understand: the error names the file and the line, nothing is stored
  await page.locator('#nc-configs').setInputFiles([
    { name: 'lgwan-fw.iptables', mimeType: 'text/plain', buffer: Buffer.from('*filter\n:FORWARD DROP [0:0]\n-A FORWARD --frobnicate -j ACCEPT\nCOMMIT\n') },
    { name: 'mynumber-fw.nft.json', mimeType: 'application/json', buffer: read('mynumber-fw.nft.json') },
  ]);
  await page.getByRole('button', { name: 'アップロードして検証' }).click();
  await page.getByText(/lgwan-fw\.iptables:3/).first().waitFor();
  assert.equal(sql('SELECT count(*) FROM netcheck_runs'), '0');
  await page.locator('#nc-configs').setInputFiles([
    { name: 'lgwan-fw.iptables', mimeType: 'text/plain', buffer: read('lgwan-fw.iptables') },
    { name: 'mynumber-fw.nft.json', mimeType: 'application/json', buffer: read('mynumber-fw.nft.json') },
  ]);
  await page.getByRole('button', { name: 'アップロードして検証' }).click();
  await page.getByRole('heading', { name: /^検証結果 第\d+号$/, level: 1 }).waitFor();
  const flow = page.locator('[data-from="mynumber"][data-to="internet"]');
  await flow.waitFor();
  const text = await flow.innerText();
  assert.match(text, /マイナンバー利用事務系 → インターネット接続系/);
  assert.match(text, /第24条/);
  assert.match(text, /住民基本台帳システム → インターネット接続系/);
  assert.match(text, /lgwan-fw\.iptables:21: -A FORWARD -p icmp/);
  assert.ok(await page.getByTestId('nc-hygiene').isVisible());
  // the zone matrix used and the relays (name, kind, zone, services)
  assert.match(await page.getByTestId('nc-matrix').innerText(), /^netcheck\.yaml \(mic /);
  assert.match(await page.getByTestId('nc-relays').innerText(), /画面転送サーバー（トポロジーの relays）　画面転送　LGWAN接続系　tcp\/443/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('nc-pdf').click()]);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const flat = popplerLines(bytes).replace(/\s/g, '');
  for (const want of ['ネットワーク分離(三層の対策)の検証結果', '住民基本台帳システム(SYS-M01)', '第24条(1)'])
    assert.ok(flat.includes(want), `pdftotext finds 「${want}」`);

  // the change: RDP to 10.2.0.40 from the internet side, compared and attached to the request
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ネットワーク分離' }).click();
  await page.getByLabel('検証の種類').selectOption('diff');
  const beforeCfg = read('lgwan-fw.iptables');
  const afterCfg = Buffer.from(beforeCfg.toString('utf8').replace('-A FORWARD -j LOG',
    '-A FORWARD -i eth1 -o eth0 -d 10.2.0.40/32 -p tcp -m tcp --dport 3389 -j ACCEPT\n-A FORWARD -j LOG'));
  await page.locator('#nc-before').setInputFiles({ name: 'before.iptables', mimeType: 'text/plain', buffer: beforeCfg });
  await page.locator('#nc-after').setInputFiles({ name: 'after.iptables', mimeType: 'text/plain', buffer: afterCfg });
  await page.getByRole('button', { name: 'アップロードして検証' }).click();
  await page.getByTestId('nc-changes').waitFor();
  assert.match(await page.locator('[data-change="opened"]').first().innerText(), /新たに通る[\s\S]*3389/);
  await page.getByLabel('申請', { exact: true }).selectOption(String(requestId));
  await page.getByRole('button', { name: '申請に添付' }).click();
  await page.getByTestId('nc-notice').waitFor();
  assert.equal(await page.getByTestId('nc-notice').innerText(), '申請に添付しました。');

  await page.goto(new URL(`/requests/${requestId}`, srv.url).href);
  const panel = page.getByTestId('rq-netcheck');
  await panel.waitFor();
  assert.match(await panel.innerText(), /添付された変更前後の比較[\s\S]*新たに通る[\s\S]*3389/);

  // English
  await page.goto(new URL('/netcheck', srv.url).href);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Network separation check', level: 1 }).waitFor();
  assert.deepEqual(cspViolations, []);
});
