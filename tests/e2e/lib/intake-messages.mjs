// Messages for the mail intake tests (lgsec incident intake): an ordinary report from a resident and
// the hostile ones docs/incidents.md lists, each with what it must and must not leave in the report.
// Japanese text in ISO-2022-JP and Shift_JIS is encoded with iconv (glibc), not by hand.
import { spawnSync } from "node:child_process";

export const MACRO_SECRET = "Sub AutoOpen() Shell MACRO-BYTES-MUST-STAY-IN-QUARANTINE";
export const TRACKER = "track.evil.example";

const b64 = (s) => Buffer.from(s).toString("base64");
const word = (s) => `=?UTF-8?B?${b64(s)}?=`;
const crlf = (lines) => Buffer.from(lines.join("\r\n"), "utf8");

export function iconv(text, charset) {
  const r = spawnSync("iconv", ["-f", "UTF-8", "-t", charset], { input: text });
  if (r.status !== 0) throw new Error(`iconv ${charset}: ${r.stderr}`);
  return r.stdout;
}

const head = (id, subject, { from = `${word("山田 花子")} <hanako@example.com>`, extra = [] } = {}) => [
  `From: ${from}`,
  "To: csirt@city.example.lg.jp",
  `Subject: ${subject}`,
  `Message-ID: <${id}@example.com>`,
  "Date: Mon, 7 Dec 2026 10:00:00 +0900",
  "MIME-Version: 1.0",
  ...extra,
];

/** A resident's report: UTF-8, an encoded subject and display name. */
export const residentMail = (id, { from, body = "市のホームページで他人の申請書が見えています。至急確認してください。" } = {}) =>
  crlf([...head(id, word("ホームページで個人情報が見えています"), { from }),
    "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "", body, ""]);

/** A Word document with a macro as an attachment: listed by name, its bytes never in the report. */
export const macroMail = (id) =>
  crlf([...head(id, word("請求書の送付"), { extra: ['Content-Type: multipart/mixed; boundary="m1"'] }), "",
    "--m1", "Content-Type: text/plain; charset=UTF-8", "", "添付の請求書を開いてマクロを有効にしてください。", "",
    "--m1", 'Content-Type: application/vnd.ms-word.document.macroEnabled.12; name="invoice.docm"',
    'Content-Disposition: attachment; filename="invoice.docm"', "Content-Transfer-Encoding: base64", "",
    b64("PK\x03\x04word/vbaProject.bin " + MACRO_SECRET), "--m1--", ""]);

/** HTML with a script and tracking links: the words only, every address defanged. */
export const htmlMail = (id) =>
  crlf([...head(id, word("アカウントの確認"), { extra: ["Content-Type: text/html; charset=UTF-8"] }), "",
    `<html><body><p>職員の皆様、口座の確認をお願いします。</p><script>document.location='https://${TRACKER}/steal'</script>`,
    `<p><a href="https://${TRACKER}/c?id=42">こちらをクリック</a></p><img src="https://${TRACKER}/pixel.gif" alt="">`,
    "</body></html>", ""]);

/** A multipart whose boundary is missing: the words are still filed. */
export const noBoundaryMail = (id) =>
  crlf([...head(id, word("境界なし"), { extra: ["Content-Type: multipart/mixed"] }), "",
    "境界のないマルチパートの本文です。USBメモリを拾いました。", ""]);

/** ISO-2022-JP subject and body, as many Japanese mailers still send. */
export const iso2022jpMail = (id) =>
  Buffer.concat([
    Buffer.from([...head(id, `=?ISO-2022-JP?B?${iconv("パソコンの動作が遅い", "ISO-2022-JP").toString("base64")}?=`, {
      extra: ["Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit"] }), "", ""].join("\r\n")),
    iconv("窓口のパソコンに見慣れない画面が出ています。\r\n", "ISO-2022-JP"),
  ]);

/** A Shift_JIS body without any charset: found by detection. */
export const undeclaredMail = (id) =>
  Buffer.concat([
    Buffer.from([...head(id, "no charset"), "", ""].join("\r\n")),
    iconv("文字コードの宣言がない本文です。書類を誤って送付しました。\r\n", "SHIFT_JIS"),
  ]);

/** An encoded subject that decodes to a line break and more header fields. */
export const injectionMail = (id) =>
  crlf([...head(id, word("お知らせ\r\nBcc: victim@example.com\r\nX-Injected: yes")),
    "Content-Type: text/plain; charset=UTF-8", "", "件名に改行が仕込まれています。", ""]);

/** Not a message at all: no header, only words. */
export const notAMessage = () => Buffer.from("ヘッダーのない文章です。庁舎の裏口が開いたままです。\r\n");

/** A message of about `bytes` bytes. */
export const largeMail = (id, bytes) =>
  crlf([...head(id, word("大きなメール")), "Content-Type: text/plain; charset=UTF-8", "",
    ...Array.from({ length: Math.ceil(bytes / 80) }, () => "x".repeat(78)), ""]);
