// lgsec incident intake (docs/incidents.md "メールでの受付"): one message on standard input, through the
// 無害化 engine in its sandbox, filed as an untriaged report received by the 統一的な窓口 — the subject
// decoded as the title, the sanitised text as the description, the original kept as evidence by its
// SHA-256 (0600) and recorded in the trail, the chain notified as for the form. Hostile messages are
// filed sanitised or refused as documented; nothing unsanitised is stored outside the evidence folder.
// Exit codes for Postfix pipe(8): 0 filed, 65 refused for good, 75 try again later.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";

import { BIN, initDemo } from "./lib/server.mjs";
import { processTree } from "./lib/smtp.mjs";
import {
  MACRO_SECRET, TRACKER, htmlMail, injectionMail, iso2022jpMail, largeMail, macroMail, noBoundaryMail, notAMessage,
  residentMail, undeclaredMail,
} from "./lib/intake-messages.mjs";

let setup, receiverNo, receiverId;
const sql = (q) => spawnSync("sqlite3", [setup.db, q], { encoding: "utf8" }).stdout.trim();
const num = (q) => Number(sql(q));
const row = (q) => JSON.parse(spawnSync("sqlite3", ["-json", setup.db, q], { encoding: "utf8" }).stdout || "[]")[0];

function intake(message, args = []) {
  const r = spawnSync(BIN, ["incident", "intake", "--db", setup.db, "--receiver", receiverNo, "--no-malware-scan", ...args], {
    input: message,
    encoding: "utf8",
    env: { ...process.env, LANG: "en_US.UTF-8" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, id: Number(/No\.(\d+)/.exec(r.stdout)?.[1] ?? 0) };
}
const filed = (message, args) => {
  const r = intake(message, args);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.id > 0, r.stdout);
  return { ...r, incident: row(`SELECT * FROM incidents WHERE id = ${r.id}`) };
};
// Every byte the database holds (the file and its write-ahead log), to look for what must not be there.
const dbBytes = () => Buffer.concat([setup.db, `${setup.db}-wal`].filter(existsSync).map((f) => readFileSync(f)));

before(() => {
  setup = initDemo();
  receiverId = num("SELECT person_id FROM role_assignments WHERE role = 'csirt_lead' ORDER BY id LIMIT 1");
  receiverNo = sql(`SELECT staff_no FROM people WHERE id = ${receiverId}`);
});

after(() => {
  spawnSync("rm", ["-rf", setup.dir]);
});

describe("a report from a resident", () => {
  let r;
  const message = residentMail("resident-1");

  test("is filed as an untriaged report from outside, received by the 窓口", () => {
    r = filed(message);
    assert.match(r.stdout, /filed: incident report No\.\d+/);
    const i = r.incident;
    assert.equal(i.state, "reported");
    assert.equal(i.title, "ホームページで個人情報が見えています", "the RFC 2047 subject, decoded");
    assert.equal(i.source, "outsider");
    assert.equal(i.caller_name, "山田 花子", "the decoded display name");
    assert.equal(i.caller_contact, "hanako@example.com");
    assert.equal(i.reporter_person_id, receiverId, "received by the 窓口");
    assert.equal(i.personal_data, "unknown");
    assert.equal(i.place, "メール (統一的な窓口)");
    assert.match(i.description, /他人の申請書が見えています/);
    assert.match(i.description, /Message-ID: <resident-1@example\.com>/);
    const unit = num(`SELECT unit_id FROM people WHERE id = ${receiverId}`);
    assert.equal(i.unit_id, unit, "the chain starts from the receiver's 課室, as for a call taken by staff");
    const received = Date.parse(i.noticed_at);
    assert.ok(Math.abs(received - Date.now() - Number(process.env.LGSEC_TEST_CLOCK_OFFSET ?? 0) * 1000) < 120e3, i.noticed_at);
  });

  test("the original is kept as evidence by its SHA-256, 0600, and the trail says so", () => {
    const sha = createHash("sha256").update(message).digest("hex");
    const ev = row(`SELECT * FROM incident_evidence WHERE incident_id = ${r.id}`);
    assert.equal(ev.sha256, sha);
    assert.equal(ev.size, message.length);
    assert.equal(ev.uploaded_by, receiverId);
    const file = `${setup.db}.evidence/${sha}`;
    assert.deepEqual(readFileSync(file), message, "the bytes as received");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(`${setup.db}.evidence`).mode & 0o777, 0o700);
    const trail = sql(`SELECT action FROM trail_entries WHERE object_type = 'incident' AND object_id = '${r.id}' ORDER BY seq`);
    assert.deepEqual(trail.split("\n"), ["incident.report", "incident.evidence_add", "incident.intake"]);
    const entry = sql(`SELECT entry FROM trail_entries WHERE action = 'incident.intake' AND object_id = '${r.id}'`);
    assert.match(entry, new RegExp(sha));
    assert.match(entry, /resident-1@example\.com/);
    assert.equal(num(`SELECT count(*) FROM incident_intake_messages WHERE incident_id = ${r.id} AND sha256 = '${sha}'`), 1);
    const verify = spawnSync(BIN, ["trail", "verify", "--db", setup.db], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  test("the chain is told as for the form, the receiver too (nobody has read the mail yet)", () => {
    const steps = sql(`SELECT step FROM incident_recipients WHERE incident_id = ${r.id} AND person_id IS NOT NULL ORDER BY id`);
    assert.match(steps, /section_manager/);
    assert.match(steps, /contact_point/);
    assert.equal(num(`SELECT count(*) FROM incident_recipients WHERE incident_id = ${r.id} AND seen_at IS NOT NULL`), 0);
    assert.equal(num(`SELECT count(*) FROM notifications WHERE object_type = 'incident' AND object_id = ${r.id} AND person_id = ${receiverId}`), 1);
    const titles = sql(`SELECT title || link FROM notifications WHERE object_type = 'incident' AND object_id = ${r.id}`);
    assert.ok(!titles.includes("申請書"), "notifications carry a link only");
  });

  test("the same Message-ID delivered again is filed once", () => {
    const before = num("SELECT count(*) FROM incidents");
    const again = intake(message);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already filed: incident report No\.(\d+)/);
    assert.equal(again.id, r.id);
    const changed = intake(residentMail("resident-1", { body: "再送です。本文が少し違います。" }));
    assert.equal(changed.status, 0);
    assert.equal(changed.id, r.id, "the Message-ID identifies the message");
    assert.equal(num("SELECT count(*) FROM incidents"), before);
  });
});

test("a sender whose address is a person's in the register files that 職員's report (第54条)", () => {
  const person = row(`SELECT id, unit_id, email FROM people WHERE email <> '' AND id <> ${receiverId}
    AND id NOT IN (SELECT person_id FROM role_assignments) ORDER BY id LIMIT 1`);
  const r = filed(residentMail("staff-1", { from: `Staff <${person.email.toUpperCase()}>`, body: "私物のUSBを接続してしまいました。" }));
  assert.equal(r.incident.source, "staff");
  assert.equal(r.incident.reporter_person_id, person.id);
  assert.equal(r.incident.unit_id, person.unit_id, "the chain starts from their 課室");
  assert.equal(r.incident.caller_name, "");
  assert.match(r.incident.description, /認証されていません/, "the description says the address is not authenticated");
});

describe("hostile messages", () => {
  test("a macro attachment: listed by name, its bytes only in the evidence", () => {
    const message = macroMail("macro-1");
    const r = filed(message);
    assert.match(r.incident.description, /invoice\.docm/);
    assert.match(r.incident.description, /マクロを有効にしてください/);
    const encoded = Buffer.from("PK\x03\x04word/vbaProject.bin " + MACRO_SECRET).toString("base64").slice(0, 40);
    assert.ok(!r.incident.description.includes(MACRO_SECRET) && !r.incident.description.includes(encoded));
    assert.ok(!dbBytes().includes(MACRO_SECRET) && !dbBytes().includes(encoded), "nowhere in the database");
    const sha = createHash("sha256").update(message).digest("hex");
    assert.ok(readFileSync(`${setup.db}.evidence/${sha}`).includes(encoded), "the original is in quarantine");
  });

  test("HTML with a script and tracking links: the words, no script, no clickable address", () => {
    const r = filed(htmlMail("html-1"));
    const d = r.incident.description;
    assert.match(d, /口座の確認をお願いします/);
    assert.match(d, /こちらをクリック/);
    assert.ok(!/<script|document\.location|<a |<img/i.test(d), d);
    assert.ok(!d.includes(`https://${TRACKER}`) && !d.includes(TRACKER), "addresses are defanged");
    assert.match(d, /hxxps:\/\/track\[\.\]evil\[\.\]example|track\[\.\]evil/);
    assert.match(r.incident.description, /無害化: disarmed/);
  });

  test("a multipart without a boundary: the words are filed", () => {
    const r = filed(noBoundaryMail("noboundary-1"));
    assert.match(r.incident.description, /USBメモリを拾いました/);
    assert.equal(r.incident.title, "境界なし");
  });

  test("ISO-2022-JP and an undeclared charset are decoded", () => {
    const jis = filed(iso2022jpMail("jis-1"));
    assert.equal(jis.incident.title, "パソコンの動作が遅い");
    assert.match(jis.incident.description, /見慣れない画面が出ています/);
    const sjis = filed(undeclaredMail("sjis-1"));
    assert.match(sjis.incident.description, /書類を誤って送付しました/);
  });

  test("a line break smuggled into the subject stays one line and adds no field", () => {
    const r = filed(injectionMail("inject-1"));
    assert.ok(!/[\r\n]/.test(r.incident.title), JSON.stringify(r.incident.title));
    assert.match(r.incident.title, /^お知らせ/);
    assert.equal(r.incident.caller_contact, "hanako@example.com", "no address from the subject");
  });

  test("bytes that are not a message: the words are filed with a note", () => {
    const r = filed(notAMessage());
    assert.match(r.incident.description, /裏口が開いたままです/);
    assert.match(r.incident.description, /メールの形式として読めない/);
    assert.equal(r.incident.title, "メールでの報告 (件名なし)");
    assert.equal(r.incident.caller_name, "(差出人不明)");
    const again = intake(notAMessage());
    assert.equal(again.id, r.id, "without a Message-ID the same bytes are filed once");
  });

  test("an oversized message is refused (65) with the reason, and nothing is filed", () => {
    const before = num("SELECT count(*) FROM incidents");
    const r = intake(largeMail("large-1", 200 * 1024), ["--max-bytes", "100K"]);
    assert.equal(r.status, 65, r.stderr);
    assert.match(r.stderr, /message refused: larger than 102400 bytes/);
    assert.equal(num("SELECT count(*) FROM incidents"), before);
    assert.equal(filed(largeMail("large-2", 50 * 1024), ["--max-bytes", "100K"]).incident.description.length <= 4000, true,
      "a long text is cut to the report's limit");
  });
});

describe("try again later (75): the message is never lost", () => {
  test("a receiver without a CSIRT role, a missing receiver, a bad option", () => {
    const other = sql(`SELECT staff_no FROM people WHERE id NOT IN (SELECT person_id FROM role_assignments) ORDER BY id LIMIT 1`);
    const before = num("SELECT count(*) FROM incidents");
    const r = spawnSync(BIN, ["incident", "intake", "--db", setup.db, "--receiver", other, "--no-malware-scan"], {
      input: residentMail("receiver-1"), encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    assert.equal(r.status, 75);
    assert.match(r.stderr, /intake_receiver/);
    assert.equal(spawnSync(BIN, ["incident", "intake", "--db", setup.db], { input: residentMail("x") }).status, 75);
    assert.equal(intake(residentMail("x"), ["--links", "nonsense"]).status, 75);
    assert.equal(num("SELECT count(*) FROM incidents"), before);
  });

  test("a sandbox killed while it converts the message", async () => {
    // a large HTML message keeps the sandboxed child busy long enough to be stopped from outside
    const html = Buffer.from(`<p>${"長い本文です。<b>太字</b> ".repeat(40)}</p>\r\n`.repeat(20000));
    const message = Buffer.concat([Buffer.from(["From: a@example.com", "Subject: big", "Message-ID: <killed-1@example.com>",
      "Content-Type: text/html; charset=UTF-8", "", ""].join("\r\n")), html]);
    const before = num("SELECT count(*) FROM incident_intake_messages");
    const c = spawn(BIN, ["incident", "intake", "--db", setup.db, "--receiver", receiverNo, "--no-malware-scan", "--max-bytes", "64M"],
      { env: { ...process.env, LANG: "en_US.UTF-8" } });
    let err = "";
    c.stderr.on("data", (d) => (err += d));
    const exited = new Promise((resolve) => c.on("exit", resolve));
    c.stdin.end(message);
    let killed = false;
    while (!killed && c.exitCode === null) {
      for (const pid of processTree(c.pid).flat()) {
        try {
          process.kill(pid, "SIGKILL");
          killed = true;
        } catch {
          // it ended between the listing and the signal
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const status = await exited;
    assert.ok(killed, "the sandbox was seen");
    assert.equal(status, 75, err);
    assert.match(err, /sandbox_killed/);
    assert.equal(num("SELECT count(*) FROM incident_intake_messages"), before, "nothing filed");
  });

  test("a database held by another writer", async () => {
    // an exclusive transaction held open by sqlite3 while the intake runs (busy timeout: 10 s)
    const holder = spawn("sqlite3", [setup.db], { stdio: ["pipe", "pipe", "inherit"] });
    holder.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    const before = num("SELECT count(*) FROM incident_intake_messages");
    const r = await new Promise((resolve) => {
      const c = spawn(BIN, ["incident", "intake", "--db", setup.db, "--receiver", receiverNo, "--no-malware-scan"],
        { env: { ...process.env, LANG: "en_US.UTF-8" } });
      let err = "";
      c.stderr.on("data", (d) => (err += d));
      c.on("exit", (status) => resolve({ status, stderr: err }));
      c.stdin.end(residentMail("busy-1"));
    });
    holder.stdin.end("ROLLBACK;\n");
    await new Promise((resolve) => holder.once("exit", resolve));
    assert.equal(r.status, 75, r.stderr);
    assert.match(r.stderr, /try again later/);
    assert.equal(num("SELECT count(*) FROM incident_intake_messages"), before);
    assert.equal(filed(residentMail("busy-1")).incident.title, "ホームページで個人情報が見えています", "filed once retried");
  });
});

test("a taken-in mail's row edited in the database without a trail entry is named by trail verify", () => {
  const verify = () =>
    spawnSync(BIN, ["trail", "verify", "--db", setup.db], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
  const mine = (out) =>
    out.split("\n").filter((l) => /^\s*incident_intake_messages /.test(l)).map((l) => l.trim().replace(/:.*\[/, " ["));
  assert.deepEqual(mine(verify().stdout), []);
  const incident = sql("SELECT min(incident_id) FROM incident_intake_messages");
  assert.ok(incident, "the suite took in mail");
  sql(`UPDATE incident_intake_messages SET sender = 'someone-else@example.jp', sha256 = printf('%064d', 0) WHERE incident_id = ${incident}`);
  const r = verify();
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.deepEqual(mine(r.stdout).sort(), [
    `incident_intake_messages id ${incident} column sender [reconcile_differs]`,
    `incident_intake_messages id ${incident} column sha256 [reconcile_differs]`,
  ]);
});
