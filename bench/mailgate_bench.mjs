// mailgate throughput: messages per second through `lgsec mailgate` (sanitize + record + re-inject)
// against a node SMTP sink as next hop, compared in the same run with the same client sending the
// same messages straight to the sink (the SMTP transport alone). 4 concurrent clients, one
// connection per message. usage: LGSEC_BIN=… node bench/mailgate_bench.mjs [MESSAGES]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { smtpSend, startMailgate, startSink } from "../tests/e2e/lib/smtp.mjs";

const total = Number(process.argv[2] ?? 1000);
const CLIENTS = 4;

// Half plain Japanese text, half HTML with an attachment.
const message = (i) =>
  i % 2
    ? `From: a@example.jp\r\nTo: b@city.example.lg.jp\r\nSubject: =?UTF-8?B?5qGI5YaF?= ${i}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${"お知らせです。第25条に基づき無害化します。\r\n".repeat(20)}`
    : [
        `From: a@example.jp`, `To: b@city.example.lg.jp`, `Subject: report ${i}`, "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"', "", "--b", "Content-Type: text/html; charset=UTF-8", "",
        `<p>${"詳細は<a href=\"https://example.jp/x\">こちら</a>。".repeat(20)}</p>`, "--b",
        'Content-Type: application/pdf; name="a.pdf"', "Content-Transfer-Encoding: base64", "",
        Buffer.alloc(20000, 7).toString("base64").replace(/(.{76})/g, "$1\r\n"), "--b--", "",
      ].join("\r\n");

async function run(port) {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) {
        const i = next++;
        const r = await smtpSend(port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: message(i), mailParams: " BODY=8BITMIME" });
        if (!r.end?.startsWith("250")) throw new Error(`message ${i}: ${JSON.stringify(r)}`);
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const sink = await startSink();
const dir = mkdtempSync(join(tmpdir(), "lgsec-gate-bench-"));
const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--no-malware-scan", "--verdict-log", join(dir, "v.log")]);
try {
  const direct = await run(sink.port);
  const gated = await run(gate.port);
  console.log(`${total} messages, ${CLIENTS} clients: direct to the sink ${direct.toFixed(0)} msg/s, through mailgate ${gated.toFixed(0)} msg/s (${(gated / direct).toFixed(2)}x of direct)`);
} finally {
  await gate.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
}
