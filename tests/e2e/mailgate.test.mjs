// lgsec mailgate: the SMTP content filter between Postfix and its re-injection smtpd (第25条).
// A node SMTP sink stands in for the next hop; a node SMTP client stands in for Postfix. What is
// asserted is what the 情報政策担当課 relies on: only sanitized text reaches the next hop, with the
// envelope unchanged; whatever the gate cannot process gets an SMTP error and nothing is relayed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli } from "./lib/server.mjs";
import { bodyText, processTree, smtpSend, startMailgate, startSink, tooDeepMessage } from "./lib/smtp.mjs";

const fresh = () => mkdtempSync(join(tmpdir(), "lgsec-gate-"));
const code = (reply) => Number(reply.slice(0, 3));
const POLICY = ["--no-malware-scan", "--smtp-timeout", "30"];

const SECRET = "ATTACHMENT-BYTES-MUST-NOT-PASS";
// A Japanese text mail with an executable attachment.
const mailWithAttachment = () =>
  [
    "From: =?UTF-8?B?5bGx55Sw?= <yamada@example.jp>",
    "To: soumu@city.example.lg.jp",
    "Subject: =?UTF-8?B?6KaL56mN5pu444Gu44GU5qGI5YaF?=",
    "Date: Mon, 23 Nov 2026 10:00:00 +0900",
    "Message-ID: <gate-test-1@example.jp>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "お世話になっております。見積書を送付します。",
    ".行頭のドット",
    "",
    "--b1",
    'Content-Type: application/octet-stream; name="tool.exe"',
    'Content-Disposition: attachment; filename="tool.exe"',
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("MZ" + SECRET + "\0\0\0").toString("base64"),
    "--b1--",
    "",
  ].join("\r\n");

test("a message reaches the next hop text-converted, with the same envelope, and 250 only then", async () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--verdict-log", log, ...POLICY]);
  try {
    const r = await smtpSend(gate.port, {
      from: "yamada@example.jp",
      to: ["soumu@city.example.lg.jp", "kikaku@city.example.lg.jp"],
      data: mailWithAttachment(),
      mailParams: " BODY=8BITMIME",
    });
    assert.match(r.ehlo, /8BITMIME/);
    assert.equal(code(r.end), 250, r.end);
    assert.equal(sink.messages.length, 1);
    const m = sink.messages[0];
    assert.equal(m.from, "yamada@example.jp");
    assert.deepEqual(m.to, ["soumu@city.example.lg.jp", "kikaku@city.example.lg.jp"]);
    assert.match(m.data, /^X-Lgsec-Sanitized:/im);
    const text = bodyText(m.data);
    assert.match(text, /見積書を送付します/);
    assert.match(text, /^\.行頭のドット$/m, "dot-stuffing undone both ways");
    assert.match(text, /tool\.exe/, "the attachment is listed");
    assert.ok(!m.data.includes(SECRET) && !text.includes(SECRET), "attachment bytes are not relayed");
    assert.ok(!m.data.includes(Buffer.from("MZ" + SECRET).toString("base64").slice(0, 20)), "nor their base64");
    const lines = readFileSync(log, "utf8").trim().split("\n");
    assert.equal(lines.length, 1);
    const rec = JSON.parse(lines[0]);
    assert.equal(rec.kind, "mail");
    assert.deepEqual(rec.context.envelope, { from: "yamada@example.jp", to: ["soumu@city.example.lg.jp", "kikaku@city.example.lg.jp"] });
    assert.notEqual(rec.verdict.action, "blocked");
    assert.equal(statSync(log).mode & 0o777, 0o600);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("a next hop that is down or refusing gets 4xx back and nothing is delivered", async () => {
  const refusing = await startSink({ refuse: (verb) => (verb === "END" ? "451 4.3.0 queue full" : undefined) });
  const down = await startSink();
  await down.close(); // its port is now closed
  for (const [name, port] of [["refusing", refusing.port], ["down", down.port]]) {
    const gate = await startMailgate(["--next-hop", `127.0.0.1:${port}`, ...POLICY]);
    try {
      const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: mailWithAttachment() });
      assert.equal(Math.floor(code(r.end) / 100), 4, `${name}: ${r.end}`);
    } finally {
      await gate.stop();
    }
  }
  assert.equal(refusing.messages.length, 0);
  await refusing.close();
});

test("a next hop refusing the message for good gets 5xx back", async () => {
  const sink = await startSink({ refuse: (verb) => (verb === "END" ? "554 5.7.1 rejected" : undefined) });
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, ...POLICY]);
  try {
    const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: "Subject: x\r\n\r\nhello\r\n" });
    assert.equal(Math.floor(code(r.end) / 100), 5, r.end);
    assert.equal(sink.messages.length, 0);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("too large is refused with 552, before and after the data, and nothing is delivered", async () => {
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--max-bytes", "2000", ...POLICY]);
  try {
    const early = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: "x", mailParams: " SIZE=5000" });
    assert.match(early.ehlo, /SIZE 2000/);
    assert.equal(code(early.mail), 552);
    const late = await smtpSend(gate.port, {
      from: "a@example.jp",
      to: ["b@city.example.lg.jp"],
      data: "Subject: big\r\n\r\n" + "0123456789".repeat(300) + "\r\n",
    });
    assert.equal(code(late.end), 552, late.end);
    assert.equal(sink.messages.length, 0);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("a message the gate cannot process is refused for good (5xx) and nothing is delivered", async () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--verdict-log", log, ...POLICY]);
  try {
    for (const data of [tooDeepMessage("deep", "届いてはいけない本文"), "this is not a mail: no header at all\r\n"]) {
      const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data });
      assert.equal(Math.floor(code(r.end) / 100), 5, r.end);
      assert.match(r.end, /lgsec: message blocked \((mail_too_deep|mail_unparseable)\)/);
    }
    assert.equal(sink.messages.length, 0);
    const recs = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(recs.map((r) => r.verdict.blocked?.code), ["mail_too_deep", "mail_unparseable"]);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("a verdict that cannot be recorded means no delivery (4xx)", async () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--verdict-log", log, ...POLICY]);
  try {
    // the gate opens its log per connection: replace the file by something it cannot append to
    rmSync(log);
    mkdirSync(log);
    const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: "Subject: x\r\n\r\nhello\r\n" });
    assert.equal(Math.floor(code(r.end) / 100), 4, r.end);
    assert.match(r.end, /verdict_log_unwritable/);
    assert.equal(sink.messages.length, 0);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("quarantine mode with a signature database: clean attachments kept, EICAR blocked, the text delivered", async () => {
  const dir = fresh();
  const q = join(dir, "quarantine");
  const sigs = join(dir, "sigs");
  mkdirSync(q);
  mkdirSync(sigs);
  // the EICAR test string, assembled here so that this file is not itself a "virus"
  const eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*";
  writeFileSync(join(sigs, "test.ndb"), `Lgsec-Test-EICAR:0:*:${Buffer.from(eicar).toString("hex")}\n`);
  const sink = await startSink();
  // the database is loaded once by the parent; each connection's process inherits it
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--clamav-db", sigs,
    "--attachments", "quarantine", "--quarantine", q, "--release-contact", "情報政策課"]);
  const part = (name, type, body) =>
    [`--b`, `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`,
      "Content-Transfer-Encoding: base64", "", Buffer.from(body).toString("base64")].join("\r\n");
  const data = ["From: a@example.jp", "Subject: q", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"', "",
    "--b", "Content-Type: text/plain; charset=UTF-8", "", "添付を確認してください", part("list.csv", "text/csv", "a,b\r\n1,2\r\n"),
    part("eicar.txt", "text/plain", eicar), "--b--", ""].join("\r\n");
  try {
    for (let i = 0; i < 2; i++) {
      const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data });
      assert.equal(code(r.end), 250, r.end);
    }
  } finally {
    await gate.stop();
    await sink.close();
  }
  assert.equal(sink.messages.length, 2);
  const text = bodyText(sink.messages[1].data);
  assert.match(text, /添付を確認してください/);
  assert.match(text, /list\.csv/);
  assert.match(text, /eicar\.txt/);
  assert.ok(!sink.messages[1].data.includes("EICAR") && !text.includes("EICAR-STANDARD"), "the virus is not relayed");
  const kept = readdirSync(q).filter((n) => n !== "originals");
  assert.equal(kept.length, 1, "only the clean attachment is quarantined (once, by its hash)");
  assert.equal(readFileSync(join(q, kept[0]), "utf8"), "a,b\r\n1,2\r\n");
  // its original is kept for the 原本取り出し; the virus is not (no release could hand it over)
  const originals = readdirSync(join(q, "originals"));
  assert.equal(originals.length, 1);
  assert.equal(readFileSync(join(q, "originals", originals[0]), "utf8"), "a,b\r\n1,2\r\n");
});

test("--max-clients bounds concurrent sessions: one more gets 421", async () => {
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--max-clients", "1", ...POLICY]);
  const greeting = (sock) => new Promise((resolve) => sock.once("data", (d) => resolve(d.toString())));
  try {
    const first = net.connect(gate.port, "127.0.0.1");
    assert.match(await greeting(first), /^220 /);
    const second = net.connect(gate.port, "127.0.0.1");
    assert.match(await greeting(second), /^421 /);
    second.destroy();
    first.end("QUIT\r\n");
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("verdicts go to the trail with --db, and the gate signs a checkpoint over them", async () => {
  const dir = fresh();
  const db = join(dir, "lgsec.db");
  assert.equal(cli(["init", "--db", db, "--org", "試験市", "--admin-login", "shiken.t", "--admin-name", "試験 太郎"]).status, 0);
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--db", db, ...POLICY]);
  try {
    const r = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: mailWithAttachment() });
    assert.equal(code(r.end), 250, r.end);
  } finally {
    await gate.stop();
    await sink.close();
  }
  const list = cli(["trail", "list", "--db", db, "--action", "sanitize."]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /sanitize\.mail/);
  assert.ok(!list.stdout.includes("a@example.jp"), "addresses stay out of the trail");
  const status = JSON.parse(cli(["trail", "status", "--db", db]).stdout);
  assert.equal(status.pending, 0, "the gate signed a checkpoint over its entries when it stopped");
  assert.equal(cli(["trail", "verify", "--db", db]).status, 0);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const verdictLines = (log) => readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));

test("a sandbox worker converts mail for one set of recipient domains only, and is replaced after --worker-messages", async () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--verdict-log", log, "--max-clients", "1",
    "--worker-messages", "2", ...POLICY]);
  const rcpts = [["a@city.example.lg.jp"], ["b@CITY.example.lg.jp"], ["c@town.example.lg.jp"], ["a@city.example.lg.jp"],
    ["x@town.example.lg.jp", "y@city.example.lg.jp"]];
  try {
    for (const to of rcpts) {
      const r = await smtpSend(gate.port, { from: "a@example.jp", to, data: "Subject: x\r\n\r\nhello\r\n" });
      assert.equal(code(r.end), 250, r.end);
    }
  } finally {
    await gate.stop();
    await sink.close();
  }
  const w = verdictLines(log).map((l) => l.context.worker);
  assert.equal(w.length, rcpts.length);
  assert.ok(w.every((pid) => pid > 0), "every verdict names its worker");
  assert.equal(w[0], w[1], "the same domain (in any case): the same worker");
  assert.notEqual(w[2], w[0], "another domain: another worker");
  assert.ok(![w[0], w[2]].includes(w[3]), "after 2 messages the city's worker is replaced by a fresh one");
  assert.ok(!w.slice(0, 4).includes(w[4]), "both domains together: a worker of their own");
});

test("a worker killed mid-message: that message gets 4xx and is not relayed, the next one passes", async () => {
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, "--max-clients", "1", ...POLICY]);
  const workers = () => processTree(gate.pid)[1] ?? [];
  try {
    for (let i = 0; i < 200 && !workers().length; i++) await sleep(50);
    assert.equal(workers().length, 1, "one session with its pre-forked worker");
    // stopped, the worker takes the message but cannot finish it; then it is killed
    for (const pid of workers()) process.kill(pid, "SIGSTOP");
    const pending = smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"],
      data: "Subject: killed\r\n\r\nこの本文は届いてはいけません\r\n" });
    await sleep(500);
    for (const pid of workers()) process.kill(pid, "SIGKILL");
    const r = await pending;
    assert.equal(code(r.end), 451, r.end);
    assert.match(r.end, /sandbox_killed/);
    assert.equal(sink.messages.length, 0, "nothing relayed");
    const next = await smtpSend(gate.port, { from: "a@example.jp", to: ["b@city.example.lg.jp"], data: "Subject: next\r\n\r\n次のメール\r\n" });
    assert.equal(code(next.end), 250, next.end);
    assert.equal(sink.messages.length, 1);
    assert.match(bodyText(sink.messages[0].data), /次のメール/);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

test("bad arguments are refused before listening", () => {
  assert.equal(cli(["mailgate"]).status, 2, "--next-hop is required");
  assert.equal(cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--attachments", "keep"]).status, 2);
  assert.equal(cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--max-clients", "0"]).status, 2);
  assert.equal(cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--hostname", "a b"]).status, 2);
  assert.equal(cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--worker-messages", "0"]).status, 2);
  const badHop = cli(["mailgate", "--next-hop", "mail.example.jp"]);
  assert.equal(badHop.status, 1);
  assert.match(badHop.stderr, /invalid_address/);
  const badListen = cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--listen", "127.0.0.1:99999"]);
  assert.equal(badListen.status, 1);
  const noDb = cli(["mailgate", "--next-hop", "127.0.0.1:10026", "--db", join(fresh(), "none.db")]);
  assert.equal(noDb.status, 1);
  assert.match(noDb.stderr, /db_missing/);
  assert.equal(existsSync("none.db"), false);
});
