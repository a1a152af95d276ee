// mailgate throughput: messages per second through `lgsec mailgate` (sandboxed conversion + record +
// re-inject) against a node SMTP sink as next hop, compared in the same run with
//  - the same client sending the same messages straight to the sink (the SMTP transport alone), and
//  - the unsandboxed conversion of the same messages (mail_bench --rate: messages per CPU second,
//    times the cores), when MAIL_BENCH_BIN is set.
// The client and the sink share one node process and the machine may be busy, so the wall-clock
// figure can be the harness's limit rather than the gate's: the gate's own CPU time per message
// (its process tree: parent, sessions, sandbox workers) is measured too, and gives the rate the gate
// sustains when it has the cores to itself.
// Two ways of sending: connections reused for PER_CONNECTION messages (what Postfix's smtp client
// does under load: connection caching), and one connection per message.
// usage: LGSEC_BIN=… [MAIL_BENCH_BIN=…] node bench/mailgate_bench.mjs [MESSAGES]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";

import { processTree, smtpSend, smtpSendMany, startMailgate, startSink } from "../tests/e2e/lib/smtp.mjs";

const total = Number(process.argv[2] ?? 1000);
const CLIENTS = 8;
const PER_CONNECTION = 50;

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
const envelope = (i) => ({ from: "a@example.jp", to: ["b@city.example.lg.jp"], data: message(i), mailParams: " BODY=8BITMIME" });

async function run(port, reuse) {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) {
        if (!reuse) {
          const i = next++;
          const r = await smtpSend(port, envelope(i));
          if (!r.end?.startsWith("250")) throw new Error(`message ${i}: ${JSON.stringify(r)}`);
          continue;
        }
        const batch = [];
        while (batch.length < PER_CONNECTION && next < total) batch.push(envelope(next++));
        for (const r of await smtpSendMany(port, batch)) if (!r.startsWith("250")) throw new Error(r);
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

// CPU seconds used so far by pid and its descendants (live ones, plus the children they reaped).
const TICK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
function treeCpu(pid) {
  let ticks = 0;
  for (const p of [pid, ...processTree(pid).flat()]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "latin1");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    } catch {
      // ended meanwhile
    }
  }
  return ticks / TICK;
}

// The unsandboxed conversion of the same messages, per CPU second (mail_bench --rate).
function conversionRate(dir) {
  if (!process.env.MAIL_BENCH_BIN) return 0;
  const corpus = join(dir, "corpus.bin");
  const parts = [];
  for (let i = 0; i < Math.min(total, 2000); i++) {
    const m = Buffer.from(message(i).replace(/\r?\n/g, "\n"), "utf8");
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(m.length));
    parts.push(len, m);
  }
  writeFileSync(corpus, Buffer.concat(parts));
  const r = spawnSync(process.env.MAIL_BENCH_BIN, ["--rate", corpus], { encoding: "utf8" });
  return Number(r.stdout.trim()) || 0;
}

const sink = await startSink();
const dir = mkdtempSync(join(tmpdir(), "lgsec-gate-bench-"));
const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--no-malware-scan", "--max-clients", String(CLIENTS),
  "--verdict-log", join(dir, "v.log")]);
try {
  const cores = availableParallelism();
  const convert = conversionRate(dir);
  for (const reuse of [true, false]) {
    const direct = await run(sink.port, reuse);
    const cpu0 = treeCpu(gate.pid);
    const gated = await run(gate.port, reuse);
    const perMessage = (treeCpu(gate.pid) - cpu0) / total;
    const how = reuse ? `${PER_CONNECTION} messages per connection` : "one connection per message";
    let line = `${total} messages, ${CLIENTS} clients, ${how}: direct to the sink ${direct.toFixed(0)} msg/s, ` +
      `through mailgate (sandboxed) ${gated.toFixed(0)} msg/s (${(gated / direct).toFixed(2)}x of direct`;
    line += `); gate CPU ${(perMessage * 1000).toFixed(2)} ms per message: ${(cores / perMessage).toFixed(0)} msg/s on ${cores} cores`;
    if (convert) line += ` (${((1 / perMessage) / convert).toFixed(2)}x of the unsandboxed conversion alone, ${convert} msg/s per CPU second)`;
    console.log(line);
  }
  if (sink.messages.length !== 4 * total) throw new Error(`the sink got ${sink.messages.length} of ${4 * total}`);
} finally {
  await gate.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
}
