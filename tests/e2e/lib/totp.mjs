// TOTP codes for browser/API tests (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30 s steps, 6 digits),
// computed from the base32 secret the enrolment screen shows, so tests need no authenticator app.
import { createHmac } from 'node:crypto';
import { now } from './clock.mjs';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and '=' padding ignored). */
export function base32Decode(text) {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP value for a counter (RFC 4226 §5.3). */
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** TOTP code for a base32 secret at time `at` (ms since epoch; default now). */
export function totp(secret, { at = now(), step = 30, digits = 6 } = {}) {
  return hotp(base32Decode(secret), Math.floor(at / 1000 / step), digits);
}

/**
 * A code that stays valid for at least `marginSeconds` more: waits for the next step when the
 * current one is about to end, so a slow browser does not submit an expired code.
 */
export async function freshTotp(secret, marginSeconds = 5, step = 30) {
  const left = step - ((now() / 1000) % step);
  if (left < marginSeconds) await new Promise((r) => setTimeout(r, left * 1000 + 200));
  return totp(secret, { step });
}
