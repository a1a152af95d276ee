// lgsec mailgate behind a real Postfix (Debian package), as the README configures it: a private
// Postfix instance on loopback with its own config and queue directories in a temporary directory
// (tests/e2e/lib/postfix.mjs), content_filter = lgsec:[127.0.0.1]:GATE, a re-injection smtpd on another port, and delivery to
// virtual mailbox files. A message submitted to Postfix must arrive in the mailbox sanitized; a
// message the gate cannot process must stay queued or bounce, and never be delivered.
// A burst of LGSEC_POSTFIX_BURST messages (default 1,000; `make bench` sends 10,000) must all
// arrive sanitized, none lost and none unsanitized; a sandbox worker killed while it holds a message
// must leave that message deferred in Postfix's queue, and delivered sanitized once retried.
// Needs root (Postfix's master runs as root and drops to the postfix user); skipped only when
// Postfix is not installed or the tests do not run as root.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { createPostfix, freePort, postfixSkip as skip } from "./lib/postfix.mjs";
import { bodyText, processTree, smtpSendMany, startMailgate, tooDeepMessage } from "./lib/smtp.mjs";

let pf, gate, gatePort, reinjectPort;
const mailbox = (user) => (existsSync(join(pf.dir, "mail", user)) ? readFileSync(join(pf.dir, "mail", user), "utf8") : "");
const maillog = () => pf.maillog();
const until = (...args) => pf.until(...args);

// What this suite adds to the common instance: delivery to virtual mailbox files, and (as the README
// configures it) every message through lgsec mailgate, which hands it back to the re-injection smtpd.
const mainCf = () => `virtual_mailbox_domains = city.example.lg.jp
virtual_mailbox_base = ${pf.dir}/mail
virtual_mailbox_maps = texthash:${pf.etc}/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
# as in the README: every message goes through lgsec mailgate
content_filter = lgsec:[127.0.0.1]:${gatePort}
`;
const masterCf = () => [
  // virtual(8) writes mailboxes as their owner, so it runs privileged
  "virtual unix - n n - - virtual",
  // the README's two entries: the client that hands mail to the gate, and the re-injection smtpd
  "lgsec unix - - n - 10 smtp",
  "  -o smtp_send_xforward_command=no",
  "  -o disable_mime_output_conversion=yes",
  "  -o smtp_generic_maps=",
  `127.0.0.1:${reinjectPort} inet n - n - 10 smtpd`,
  "  -o content_filter=",
  "  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters",
  "  -o smtpd_helo_restrictions=",
  "  -o smtpd_client_restrictions=",
  "  -o smtpd_sender_restrictions=",
  "  -o smtpd_relay_restrictions=",
  "  -o smtpd_recipient_restrictions=permit_mynetworks,reject",
  "  -o mynetworks=127.0.0.0/8",
];

const SECRET = "ATTACHMENT-BYTES-MUST-NOT-PASS";
const message = (subject, body) =>
  [
    "From: sender@city.example.lg.jp",
    "To: soumu@city.example.lg.jp",
    `Subject: ${subject}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
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

const submit = (data) => pf.submit({ from: "sender@city.example.lg.jp", to: ["soumu@city.example.lg.jp"], data });

before(async () => {
  if (skip) return;
  pf = await createPostfix();
  mkdirSync(join(pf.dir, "mail"));
  chownSync(join(pf.dir, "mail"), 65534, 65534);
  reinjectPort = await freePort();
  gate = await startMailgate(["--next-hop", `127.0.0.1:${reinjectPort}`, "--no-malware-scan"]);
  gatePort = gate.port;
  pf.start({ main: mainCf(), master: masterCf(), files: {
    vmailbox: "soumu@city.example.lg.jp soumu\nsender@city.example.lg.jp sender\nburst@city.example.lg.jp burst\n" } });
});

after(async () => {
  if (skip) return;
  pf?.stop();
  await gate?.stop();
});

test("a message submitted to Postfix is delivered to the mailbox sanitized", { skip }, async () => {
  await submit(message("mailgate-postfix-1", "お世話になっております。テキストだけが届きます。"));
  const box = await until("delivery to the mailbox", () => mailbox("soumu").includes("mailgate-postfix-1") && mailbox("soumu"));
  assert.match(box, /^X-Lgsec-Sanitized:/m);
  assert.match(box, /^Received: from lgsec-mailgate /m, "it came back through the re-injection smtpd");
  // the mbox holds one message: its body starts after the first blank line
  const text = bodyText(box.replace(/^From .*\n/, "").replace(/\n/g, "\r\n"));
  assert.match(text, /テキストだけが届きます/);
  assert.match(text, /tool\.exe/, "the attachment is listed");
  assert.ok(!box.includes(SECRET) && !text.includes(SECRET), "attachment bytes are not delivered");
  assert.ok(!box.includes(Buffer.from("MZ" + SECRET).toString("base64").slice(0, 20)), "nor their base64");
});

test("a message the gate cannot process stays queued or bounces, and is never delivered", { skip }, async () => {
  const id = await submit(tooDeepMessage("mailgate-postfix-2", "このメールは届いてはいけません。"));
  const status = await until("a deferral or bounce", () =>
    new RegExp(`${id}: to=<soumu@city\\.example\\.lg\\.jp>, relay=127\\.0\\.0\\.1.*status=(deferred|bounced).*`).exec(maillog()));
  assert.match(status[0], /lgsec: message blocked \(mail_too_deep\)/, "the reason is the gate's");
  assert.ok(!mailbox("soumu").includes("mailgate-postfix-2"), "not delivered");
  assert.ok(!bodyText(mailbox("soumu").replace(/\n/g, "\r\n")).includes("届いてはいけません"), "not even its text");
});

const BURST = Number(process.env.LGSEC_POSTFIX_BURST ?? 1000);

// The messages of an mbox file (virtual(8) writes "From " separator lines).
const mboxMessages = (box) => box.split(/^From \S+ .*\n/m).filter((m) => m.trim());

test(`a burst of ${BURST} messages: every one delivered once, sanitized; nothing unsanitized`, { skip, timeout: 600000 }, async () => {
  const t0 = Date.now();
  const CONNECTIONS = 10;
  const batches = Array.from({ length: CONNECTIONS }, () => []);
  for (let i = 0; i < BURST; i++)
    batches[i % CONNECTIONS].push({ from: "sender@city.example.lg.jp", to: ["burst@city.example.lg.jp"],
      data: message(`burst-${i}-end`, `一斉送信 ${i} 番目の本文です。`), mailParams: " BODY=8BITMIME" });
  const replies = (await Promise.all(batches.map((b) => smtpSendMany(pf.submitPort, b)))).flat();
  assert.equal(replies.filter((r) => r.startsWith("250")).length, BURST, "Postfix queued every message");
  const submitted = Date.now();
  const box = await until(`delivery of ${BURST} messages`, () => {
    const b = mailbox("burst");
    return (b.match(/^Subject: burst-\d+-end/gm) ?? []).length >= BURST && b;
  }, { seconds: 540, every: 1000 });
  const done = Date.now();
  const msgs = mboxMessages(box);
  assert.equal(msgs.length, BURST, "nothing lost, nothing twice");
  const seen = new Set();
  for (const m of msgs) {
    const subject = /^Subject: (burst-\d+-end)/m.exec(m)?.[1];
    assert.ok(subject && !seen.has(subject), `each message once: ${subject}`);
    seen.add(subject);
    assert.match(m, /^X-Lgsec-Sanitized:/m, `${subject} was sanitized`);
    assert.match(m, /^Received: from lgsec-mailgate /m, `${subject} came back through the gate`);
    assert.ok(!m.includes(SECRET) && !m.includes(Buffer.from("MZ" + SECRET).toString("base64").slice(0, 20)),
      `${subject}: attachment bytes are not delivered`);
    assert.ok(!/^Content-Type: multipart/im.test(m), `${subject} is text only`);
  }
  console.log(`# burst: ${BURST} messages submitted in ${((submitted - t0) / 1000).toFixed(1)} s, all delivered ` +
    `${((done - t0) / 1000).toFixed(1)} s after the first (Postfix twice + the gate: ${(BURST / ((done - t0) / 1000)).toFixed(0)} msg/s end to end)`);
});

// Whether Postfix's smtp client holds an established connection to the gate (/proc/net/tcp).
const connectedToGate = () => {
  const hex = gatePort.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/tcp", "utf8").split("\n").some((l) => {
    const f = l.trim().split(/\s+/);
    return f[2]?.endsWith(`:${hex}`) && f[3] === "01";
  });
};

// A message whose sanitizing takes a sandbox worker well over the 10 ms between two sweeps (about
// 2 MB of text): whichever worker takes it, even one forked a moment before, is caught holding it.
const heavyMessage = (subject) => message(subject,
  "処理中に止められたメールです。\r\n" + "この行は処理に時間をかけるための本文です。\r\n".repeat(40000));

test("a worker killed while it holds a message: deferred by Postfix, then delivered sanitized on retry", { skip }, async () => {
  const workers = () => processTree(gate.pid)[1] ?? [];
  await until("pre-forked workers", () => workers().length > 0);
  // Nothing of the burst may still be on its way: its messages would hold the gate's connections
  // and let this one through after the kill.
  await until("the queue and the gate's connections drained", () => pf.idle() && !connectedToGate(),
    { seconds: 120, every: 200 });
  // Stopped, the workers take the message but cannot finish it. A session may start a new worker at
  // any time (a recycled one, one bound to a new recipient domain), so every worker that appears is
  // stopped too; once Postfix is connected, every worker is killed, sweep after sweep, until the
  // message is deferred: a worker that took it in between is killed long before it can finish.
  let mode = "SIGSTOP";
  const signalled = new Set();
  const sweep = () => {
    for (const pid of workers()) {
      if (mode === "SIGSTOP" && signalled.has(pid)) continue;
      try {
        process.kill(pid, mode);
        signalled.add(pid);
      } catch {
        // it ended between the listing and the signal
      }
    }
  };
  sweep();
  const sweeping = setInterval(sweep, 10);
  let id, status;
  try {
    id = await submit(heavyMessage("mailgate-postfix-killed"));
    await until("Postfix connecting to the gate", connectedToGate);
    await new Promise((r) => setTimeout(r, 1500));
    mode = "SIGKILL";
    for (const pid of signalled) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    status = await until("the message's fate in the mail log", () =>
      new RegExp(`${id}: to=<soumu@city\\.example\\.lg\\.jp>, relay=127\\.0\\.0\\.1.*status=\\w+.*`).exec(maillog()));
  } finally {
    clearInterval(sweeping);
  }
  assert.match(status[0], /status=deferred/, "deferred, not delivered or bounced");
  assert.match(status[0], /sandbox_killed/, "deferred for the gate's reason");
  assert.ok(!mailbox("soumu").includes("mailgate-postfix-killed"), "not delivered while deferred");
  // retried (postqueue -f): a fresh worker sanitizes it
  pf.flush();
  const box = await until("delivery after the retry", () => mailbox("soumu").includes("mailgate-postfix-killed") && mailbox("soumu"));
  const m = mboxMessages(box).find((x) => x.includes("mailgate-postfix-killed"));
  assert.match(m, /^X-Lgsec-Sanitized:/m);
  assert.match(bodyText(m.replace(/\n/g, "\r\n")), /処理中に止められたメールです/);
  assert.ok(!m.includes(SECRET));
});
