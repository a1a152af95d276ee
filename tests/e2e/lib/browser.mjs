// Shared pieces of the browser journeys (node:test + playwright-core + Debian chromium): launching a
// fresh 1366×768 ja-JP profile that records CSP violations, TOTP codes that never repeat a time step,
// and signing in through the UI — the CISO's first sign-in (temporary password → forced password
// change → TOTP enrolment from the secret shown on screen → recovery codes → home) and later ones.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { totp } from './totp.mjs';
import { now, offsetMs } from './clock.mjs';

// playwright-core is installed with the UI's packages (web/package.json).
const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const TIMEOUT = 15_000;
export const NEW_PASSWORD = 'Kinmu-Hyouka-Shinsei-2026';
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A fresh persistent profile; returns { context, page, cspViolations, close() }. */
export async function launchBrowser() {
  const profileDir = await mkdtemp(join(tmpdir(), 'lgsec-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT);
  // On a shifted test clock the pages' clock moves with the servers' (the forms' default dates).
  if (offsetMs() !== 0) await context.clock.install({ time: now() });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations = [];
  const watch = (p) => p.on('console', (msg) => {
    if (/Content Security Policy|Refused to (apply|execute|load)/i.test(msg.text())) cspViolations.push(msg.text());
  });
  watch(page);
  context.on('page', watch);
  return {
    context, page, cspViolations,
    async close() {
      await context.close().catch(() => {});
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** Holds a TOTP secret and hands out codes from time steps never used before (servers refuse replays).
 *  lgsec accepts the steps now-1 … now+1 that are newer than the last one used, and a step stays
 *  accepted until the end of the step after it: the oldest such step with at least 5 s left is taken,
 *  so up to three sign-ins of one person in 30 s need no wait for the clock. */
export class Authenticator {
  constructor() { this.secret = null; this.lastCounter = -1; }
  async nextCode() {
    for (;;) {
      const t = now() / 1000;
      const counter = Math.floor(t / 30);
      for (let step = Math.max(this.lastCounter + 1, counter - 1); step <= counter + 1; step++) {
        if ((step + 2) * 30 - t > 5) {
          this.lastCounter = step;
          return totp(this.secret, { at: step * 30_000 });
        }
      }
      await new Promise((r) => setTimeout(r, (30 - (t % 30)) * 1000 + 250));
    }
  }
}

/** Fills the ログイン form and submits it. */
export async function submitLogin(page, loginId, password) {
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** After a first login with the temporary password: changes it (第88条), enrols TOTP with the secret
 *  shown for manual entry, confirms the recovery codes and waits for ホーム. */
export async function completeFirstSignIn(page, auth, temporaryPassword, newPassword = NEW_PASSWORD) {
  await page.getByRole('heading', { name: 'パスワードの変更' }).waitFor();
  await page.getByLabel('現在のパスワード（仮パスワード）').fill(temporaryPassword);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
  await page.getByLabel('新しいパスワード（確認）').fill(newPassword);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();

  await page.getByRole('heading', { name: '二要素認証の登録' }).waitFor();
  await page.getByRole('img', { name: '認証アプリ登録用の二次元コード' }).waitFor();
  auth.secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  assert.match(auth.secret, /^[A-Z2-7]+=*$/);
  await page.getByLabel('確認コード（6桁）').fill(await auth.nextCode());
  await page.getByRole('button', { name: '登録する' }).click();

  await page.getByRole('heading', { name: 'リカバリーコード' }).waitFor();
  assert.equal(await page.getByTestId('recovery-codes').getByRole('listitem').count(), 10);
  await page.getByRole('button', { name: '保管しました。利用を開始する' }).click();
  await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
}

/** The CISO's whole first sign-in from the server's temporary password (srv.ciso) to ホーム. */
export async function signInCisoFirstTime(page, srv, auth, newPassword = NEW_PASSWORD) {
  await page.goto(new URL('/', srv.url).href);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await submitLogin(page, srv.ciso.login_id, srv.ciso.password);
  await completeFirstSignIn(page, auth, srv.ciso.password, newPassword);
}

/** A later sign-in with password and TOTP, starting from `path` (kept through sign-in). */
export async function signInAgain(page, context, srv, auth, path = '/', password = NEW_PASSWORD) {
  await context.clearCookies();
  await page.goto(new URL(path, srv.url).href);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await submitLogin(page, srv.ciso.login_id, password);
  await page.getByRole('heading', { name: '二要素認証' }).waitFor();
  await page.getByLabel('確認コード（6桁）').fill(await auth.nextCode());
  await page.getByRole('button', { name: '確認する' }).click();
}

/** Signs in through the UI: the first time with the temporary password (change it, and enrol TOTP
 *  when the role requires it), later with the new password (and a TOTP code when enrolled). */
export async function signInAs(page, context, srv, login, password, auth, first) {
  await context.clearCookies();
  await page.goto(new URL('/', srv.url).href);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await submitLogin(page, login, first ? password : NEW_PASSWORD);
  if (first) {
    await page.getByRole('heading', { name: 'パスワードの変更' }).waitFor();
    await page.getByLabel('現在のパスワード（仮パスワード）').fill(password);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  }
  const home = page.getByRole('heading', { name: 'ホーム', level: 1 });
  const enrol = page.getByRole('heading', { name: '二要素認証の登録' });
  const verify = page.getByRole('heading', { name: '二要素認証', exact: true });
  await Promise.race([home.waitFor(), enrol.waitFor(), verify.waitFor()]);
  if (await enrol.isVisible()) {
    auth.secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('確認コード（6桁）').fill(await auth.nextCode());
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('button', { name: '保管しました。利用を開始する' }).click();
  } else if (await verify.isVisible()) {
    await page.getByLabel('確認コード（6桁）').fill(await auth.nextCode());
    await page.getByRole('button', { name: '確認する' }).click();
  }
  await home.waitFor();
}
