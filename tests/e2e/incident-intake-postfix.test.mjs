// lgsec incident intake behind a real Postfix (Debian package) through pipe(8), as README and
// docs/incidents.md configure it: a private Postfix instance on loopback (its own config and queue in a
// temporary directory, tests/e2e/lib/postfix.mjs) whose transport_maps send csirt@city.example.lg.jp to
// the pipe transport lgsec-incident, running `lgsec incident intake` as an unprivileged user on a demo
// database. Messages submitted over SMTP must be filed sanitised (hostile ones too), a duplicate
// Message-ID once, an oversized message bounced with the reason, and a message arriving while the
// database is held by another writer deferred (EX_TEMPFAIL) and filed once retried.
// Needs root (Postfix's master runs as root and drops to the postfix user); skipped only when Postfix
// is not installed or the tests do not run as root.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

import { createPostfix, postfixSkip as skip } from "./lib/postfix.mjs";
import { BIN, initDemo } from "./lib/server.mjs";
import {
  MACRO_SECRET, TRACKER, htmlMail, injectionMail, iso2022jpMail, largeMail, macroMail, noBoundaryMail, residentMail,
  undeclaredMail,
} from "./lib/intake-messages.mjs";

const NOBODY = 65534;

let setup, pf, receiverNo;
const maillog = () => pf.maillog();
const until = (...args) => pf.until(...args);
const sql = (q) => spawnSync("sqlite3", [setup.db, q], { encoding: "utf8" }).stdout.trim();
const rows = (q) => JSON.parse(spawnSync("sqlite3", ["-json", setup.db, q], { encoding: "utf8" }).stdout || "[]");

// The incident filed from the message with this Message-ID (via incident_intake_messages).
const filedFor = (id) =>
  rows(`SELECT i.* FROM incidents i JOIN incident_intake_messages m ON m.incident_id = i.id
    WHERE m.message_key = '<${id}@example.com>'`)[0];

// What this suite adds to the common instance, as docs/incidents.md configures it.
const mainCf = () => `# as in docs/incidents.md: the 窓口's address goes to lgsec incident intake
relay_domains = city.example.lg.jp
transport_maps = texthash:${pf.etc}/transport
lgsec-incident_destination_recipient_limit = 1
# retry a deferred message at once when asked (postqueue -f), not after minutes
minimal_backoff_time = 1s
maximal_backoff_time = 2s
queue_run_delay = 1s
`;
const masterCf = () => [
  // the docs' entry: pipe(8) as the lgsec user (here nobody), one message per run
  "lgsec-incident unix - n n - 2 pipe",
  `  user=nobody argv=${BIN} incident intake --db ${setup.db} --receiver ${receiverNo} --max-bytes 100K --no-malware-scan`,
];

const submit = (data) => pf.submit({ from: "sender@example.com", to: ["csirt@city.example.lg.jp"], data });
const statusOf = (queueId) =>
  new RegExp(`${queueId}: to=<csirt@city\\.example\\.lg\\.jp>, relay=lgsec-incident.*status=(sent|deferred|bounced).*`).exec(maillog());

before(async () => {
  if (skip) return;
  setup = initDemo();
  receiverNo = sql("SELECT staff_no FROM people WHERE id = (SELECT person_id FROM role_assignments WHERE role = 'csirt_lead' ORDER BY id LIMIT 1)");
  // the database belongs to the user the pipe runs as (the lgsec user in production)
  chmodSync(setup.dir, 0o700);
  for (const f of [setup.dir, ...readdirSync(setup.dir).map((f) => join(setup.dir, f))]) chownSync(f, NOBODY, NOBODY);
  chmodSync(setup.dir, 0o711); // the postfix user reaches its queue below; the database stays nobody's
  pf = await createPostfix({ dir: join(setup.dir, "postfix") });
  pf.start({ main: mainCf(), master: masterCf(), files: { transport: "csirt@city.example.lg.jp lgsec-incident:\n" } });
});

after(() => {
  if (skip) return;
  pf?.stop();
  rmSync(setup.dir, { recursive: true, force: true });
});

test("a resident's mail is filed through pipe(8), the original kept as evidence", { skip }, async () => {
  const q = await submit(residentMail("pf-resident"));
  await until("delivery", () => statusOf(q));
  assert.equal(statusOf(q)[1], "sent", statusOf(q)[0]);
  const i = filedFor("pf-resident");
  assert.equal(i.title, "ホームページで個人情報が見えています");
  assert.equal(i.source, "outsider");
  assert.equal(i.caller_contact, "hanako@example.com");
  assert.match(i.description, /他人の申請書が見えています/);
  const ev = rows(`SELECT sha256 FROM incident_evidence WHERE incident_id = ${i.id}`)[0];
  const original = readFileSync(`${setup.db}.evidence/${ev.sha256}`, "utf8");
  assert.match(original, /^Received: from /m, "the message as Postfix delivered it");
});

test("hostile messages are filed sanitised; nothing unsanitised outside the evidence folder", { skip }, async () => {
  const messages = { "pf-macro": macroMail, "pf-html": htmlMail, "pf-noboundary": noBoundaryMail, "pf-jis": iso2022jpMail,
    "pf-sjis": undeclaredMail, "pf-inject": injectionMail };
  const queued = {};
  for (const [id, make] of Object.entries(messages)) queued[id] = await submit(make(id));
  for (const q of Object.values(queued)) await until("delivery", () => statusOf(q));
  for (const [id, q] of Object.entries(queued)) assert.equal(statusOf(q)[1], "sent", `${id}: ${statusOf(q)[0]}`);
  const d = (id) => filedFor(id).description;
  assert.match(d("pf-macro"), /invoice\.docm/);
  assert.match(d("pf-html"), /口座の確認をお願いします/);
  assert.ok(!/<script|https:\/\//.test(d("pf-html")) && !d("pf-html").includes(TRACKER));
  assert.match(d("pf-noboundary"), /USBメモリを拾いました/);
  assert.equal(filedFor("pf-jis").title, "パソコンの動作が遅い");
  assert.match(d("pf-jis"), /見慣れない画面が出ています/);
  assert.match(d("pf-sjis"), /書類を誤って送付しました/);
  assert.ok(!/[\r\n]/.test(filedFor("pf-inject").title));
  const encoded = Buffer.from("PK\x03\x04word/vbaProject.bin " + MACRO_SECRET).toString("base64").slice(0, 40);
  const db = Buffer.concat([setup.db, `${setup.db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  assert.ok(!db.includes(MACRO_SECRET) && !db.includes(encoded) && !db.includes(`https://${TRACKER}`),
    "the database holds no attachment bytes and no live link");
});

test("the same Message-ID delivered twice is filed once", { skip }, async () => {
  const first = await submit(residentMail("pf-dup"));
  await until("the first delivery", () => statusOf(first));
  const second = await submit(residentMail("pf-dup"));
  await until("the second delivery", () => statusOf(second));
  assert.equal(statusOf(second)[1], "sent");
  assert.equal(Number(sql("SELECT count(*) FROM incident_intake_messages WHERE message_key = '<pf-dup@example.com>'")), 1);
  assert.equal(Number(sql(`SELECT count(*) FROM incidents WHERE description LIKE '%<pf-dup@example.com>%'`)), 1);
});

test("an oversized message bounces with the reason and files nothing", { skip }, async () => {
  const q = await submit(largeMail("pf-large", 200 * 1024));
  const s = await until("a bounce", () => statusOf(q));
  assert.equal(s[1], "bounced", s[0]);
  assert.match(s[0], /larger than 102400 bytes/);
  assert.equal(filedFor("pf-large"), undefined);
});

test("a database held by another writer defers the message (75), filed once retried", { skip }, async () => {
  const holder = spawn("sqlite3", [setup.db], { stdio: ["pipe", "pipe", "inherit"] });
  holder.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  await new Promise((resolve) => holder.stdout.once("data", resolve));
  let q;
  try {
    q = await submit(residentMail("pf-busy"));
    const s = await until("a deferral", () => statusOf(q), { seconds: 90 });
    assert.equal(s[1], "deferred", s[0]);
    assert.match(s[0], /try again later|database/i);
  } finally {
    holder.stdin.end("ROLLBACK;\n");
    await new Promise((resolve) => holder.once("exit", resolve));
  }
  assert.equal(filedFor("pf-busy"), undefined, "nothing filed while deferred");
  pf.flush();
  await until("delivery after the retry", () => /status=sent/.test(maillog().split("\n").filter((l) => l.includes(q)).join("\n")));
  assert.equal(filedFor("pf-busy").title, "ホームページで個人情報が見えています");
});
