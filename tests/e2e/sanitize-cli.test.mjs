// lgsec sanitize mail|file: the 無害化 engine from the command line (第25条). Inputs are generated
// here. What is asserted: exit codes (0 made safe, 1 blocked or failed, 2 usage), no output file at
// all when blocked, the verdict on stdout/stderr and in the verdict log, trail entries with --db,
// and that bad arguments change nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { BIN, cli } from "./lib/server.mjs";
import { bodyText } from "./lib/smtp.mjs";

const fresh = () => mkdtempSync(join(tmpdir(), "lgsec-sanitize-"));
const sha256 = (b) => createHash("sha256").update(b).digest("hex");
const NOSCAN = "--no-malware-scan";
// stdin for the mail mode
const run = (args, input) => {
  const r = spawnSync(BIN, args, { input, env: { ...process.env, LANG: "en_US.UTF-8" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
};

const SECRET = "ATTACHMENT-BYTES-MUST-NOT-PASS";
const mail = [
  "From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>",
  "To: soumu@city.example.lg.jp",
  "Subject: =?UTF-8?B?6KaL56mN5pu4?=",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/html; charset=UTF-8",
  "",
  '<p>詳細は<a href="https://evil.example.jp/x">こちら</a></p><script>alert(1)</script>',
  "--b1",
  'Content-Type: application/octet-stream; name="a.exe"',
  "Content-Transfer-Encoding: base64",
  "",
  Buffer.from("MZ" + SECRET).toString("base64"),
  "--b1--",
  "",
].join("\r\n");

test("sanitize mail: stdin to stdout, text only, the verdict as JSON on stderr", () => {
  const r = run(["sanitize", "mail", NOSCAN, "--json"], mail);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.toString("utf8");
  assert.match(out, /^X-Lgsec-Sanitized:/m);
  const text = bodyText(out);
  assert.match(text, /詳細は/);
  assert.match(text, /hxxps:\/\/evil\[\.\]example/, "links cannot be clicked");
  assert.ok(!out.includes("https://evil"), "the clickable address is gone");
  assert.ok(!text.includes("alert(1)"), "scripts are dropped");
  assert.ok(!out.includes(SECRET) && !text.includes(SECRET), "no attachment bytes");
  const v = JSON.parse(r.stderr.trim().split("\n")[0]);
  assert.equal(v.type, "mail");
  assert.equal(v.input.sha256, sha256(Buffer.from(mail)));
  assert.equal(v.output.sha256, sha256(r.stdout));
});

test("sanitize mail IN OUT writes OUT and prints the verdict on stdout", () => {
  const dir = fresh();
  writeFileSync(join(dir, "in.eml"), mail);
  const r = cli(["sanitize", "mail", NOSCAN, "--json", join(dir, "in.eml"), join(dir, "out.eml")]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).output.sha256, sha256(readFileSync(join(dir, "out.eml"))));
  assert.deepEqual(readdirSync(dir).sort(), ["in.eml", "out.eml"], "no temporary file left behind");
});

test("sanitize mail: a message that cannot be made safe is blocked (exit 1), nothing on stdout", () => {
  const r = run(["sanitize", "mail", NOSCAN], "no header here, just text\n");
  assert.equal(r.status, 1);
  assert.equal(r.stdout.length, 0);
  assert.match(r.stderr, /blocked: .*\[mail_unparseable\]/);
});

test("sanitize mail --attachments quarantine keeps the disarmed attachment and says how to ask for it", () => {
  const dir = fresh();
  const q = join(dir, "quarantine");
  mkdirSync(q);
  const withCsv = [
    "From: a@example.jp", "Subject: q", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"', "",
    "--b", "Content-Type: text/plain; charset=UTF-8", "", "本文", "--b",
    'Content-Type: text/csv; name="x.csv"', 'Content-Disposition: attachment; filename="x.csv"', "", "a,=1+1", "--b--", "",
  ].join("\r\n");
  writeFileSync(join(dir, "in.eml"), withCsv);
  const r = cli(["sanitize", "mail", NOSCAN, "--attachments", "quarantine", "--quarantine", q,
    "--release-contact", "情報政策課 内線1234", join(dir, "in.eml"), join(dir, "out.eml")]);
  assert.equal(r.status, 0, r.stderr);
  const kept = readdirSync(q).filter((n) => n !== "originals");
  assert.equal(kept.length, 1);
  assert.equal(readdirSync(join(q, "originals")).length, 1, "the original is kept for the 原本取り出し");
  assert.equal(readFileSync(join(q, kept[0]), "utf8").trim(), "a,'=1+1", "the quarantined copy is disarmed");
  const text = bodyText(readFileSync(join(dir, "out.eml"), "utf8"));
  assert.ok(text.includes(kept[0]), "the body names the quarantine ID");
  assert.match(text, /情報政策課 内線1234/);
  assert.ok(!text.includes("=1+1"), "the attachment's content is not in the mail");
});

test("sanitize file: CSV formula injection is neutralised, and the verdict log records it", () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const csv = "氏名,金額\r\n山田,=HYPERLINK(\"http://x\")\r\n佐藤,100\r\n";
  writeFileSync(join(dir, "in.csv"), csv);
  const r = cli(["sanitize", "file", NOSCAN, "--verdict-log", log, join(dir, "in.csv"), join(dir, "out.csv")]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /disarmed: type csv, 1 removed/);
  const out = readFileSync(join(dir, "out.csv"), "utf8");
  assert.ok(!/(^|,)=/m.test(out), out);
  assert.match(out, /佐藤,100/);
  assert.equal(statSync(log).mode & 0o777, 0o600);
  const rec = JSON.parse(readFileSync(log, "utf8").trim());
  assert.equal(rec.kind, "file");
  assert.equal(rec.verdict.action, "disarmed");
  assert.equal(rec.verdict.input.sha256, sha256(Buffer.from(csv)));
  assert.equal(rec.verdict.output.sha256, sha256(readFileSync(join(dir, "out.csv"))));
});

test("sanitize file: blocked inputs leave no output file, say why, and are logged", () => {
  const dir = fresh();
  const log = join(dir, "verdicts.log");
  const cases = [
    ["tool.exe", Buffer.from("MZ\x90\x00" + "\0".repeat(60), "latin1"), "executable", []],
    ["big.csv", Buffer.from("a,b\r\n".repeat(100)), "too_large", ["--max-bytes", "100"]],
    ["scan.csv", Buffer.from("a,b\r\n"), "malware_scan_unavailable", []], // scanning required, no database
  ];
  for (const [name, bytes, code, extra] of cases) {
    writeFileSync(join(dir, name), bytes);
    const args = ["sanitize", "file", "--verdict-log", log, ...extra, join(dir, name), join(dir, name + ".out")];
    if (code !== "malware_scan_unavailable") args.splice(2, 0, NOSCAN);
    const r = cli(args);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`blocked: .*\\[${code}\\]`), name);
    assert.equal(existsSync(join(dir, name + ".out")), false, `${name}: no output`);
  }
  const recs = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(recs.map((r) => r.verdict.blocked.code), ["executable", "too_large", "malware_scan_unavailable"]);
  assert.ok(recs.every((r) => r.verdict.action === "blocked" && !r.verdict.output));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".out") || f.startsWith(".lgsec")), []);
});

test("sanitize file: a signature database given with --clamav-db finds EICAR", () => {
  const dir = fresh();
  const db = join(dir, "sigs");
  mkdirSync(db);
  // the EICAR test string, assembled here so that this file is not itself a "virus"
  const eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*";
  writeFileSync(join(db, "test.ndb"), `Lgsec-Test-EICAR:0:*:${Buffer.from(eicar).toString("hex")}\n`);
  writeFileSync(join(dir, "eicar.txt"), eicar);
  writeFileSync(join(dir, "clean.txt"), "ただのテキストです。\n");
  const bad = cli(["sanitize", "file", "--clamav-db", db, join(dir, "eicar.txt"), join(dir, "eicar.out")]);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stderr, /\[malware\]/);
  assert.equal(existsSync(join(dir, "eicar.out")), false);
  const good = cli(["sanitize", "file", "--clamav-db", db, join(dir, "clean.txt"), join(dir, "clean.out")]);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(readFileSync(join(dir, "clean.out"), "utf8"), "ただのテキストです。\n");
});

test("sanitize file never overwrites an existing output", () => {
  const dir = fresh();
  writeFileSync(join(dir, "in.csv"), "a,b\r\n");
  writeFileSync(join(dir, "out.csv"), "keep me");
  const r = cli(["sanitize", "file", NOSCAN, join(dir, "in.csv"), join(dir, "out.csv")]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /output_exists/);
  assert.equal(readFileSync(join(dir, "out.csv"), "utf8"), "keep me");
});

test("with --db every verdict is a trail entry: hashes and outcome, no names or content", () => {
  const dir = fresh();
  const db = join(dir, "lgsec.db");
  assert.equal(cli(["init", "--db", db, "--org", "試験市", "--admin-login", "shiken.t", "--admin-name", "試験 太郎"]).status, 0);
  writeFileSync(join(dir, "見積書.csv"), "a,=1+1\r\n");
  writeFileSync(join(dir, "tool.exe"), Buffer.from("MZ\x90\x00" + "\0".repeat(60), "latin1"));
  assert.equal(cli(["sanitize", "file", NOSCAN, "--db", db, join(dir, "見積書.csv"), join(dir, "out.csv")]).status, 0);
  assert.equal(cli(["sanitize", "file", NOSCAN, "--db", db, join(dir, "tool.exe"), join(dir, "out.exe")]).status, 1);
  assert.equal(run(["sanitize", "mail", NOSCAN, "--db", db], mail).status, 0);
  const list = cli(["trail", "list", "--db", db, "--action", "sanitize."]);
  assert.equal(list.status, 0, list.stderr);
  const text = list.stdout;
  assert.equal((text.match(/sanitize\.file/g) ?? []).length, 2);
  assert.equal((text.match(/sanitize\.mail/g) ?? []).length, 1);
  assert.ok(text.includes(sha256(readFileSync(join(dir, "見積書.csv")))), "the input hash is the object id");
  assert.ok(!text.includes("見積書") && !text.includes("yamada"), "names and addresses stay out of the trail");
  assert.equal(cli(["trail", "verify", "--db", db]).status, 0);
});

test("bad arguments are usage errors (exit 2) or clear failures (exit 1), and create nothing", () => {
  const dir = fresh();
  writeFileSync(join(dir, "in.csv"), "a,b\r\n");
  const input = join(dir, "in.csv");
  const out = join(dir, "out.csv");
  const usage = [
    ["sanitize"],
    ["sanitize", "pdf", input, out],
    ["sanitize", "file", input],
    ["sanitize", "file", input, out, "extra"],
    ["sanitize", "file", "-", out],
    ["sanitize", "mail", "a", "b", "c"],
    ["sanitize", "file", "--attachments", "keep", input, out],
    ["sanitize", "file", "--attachments", "quarantine", input, out],
    ["sanitize", "file", "--quarantine", dir, input, out],
    ["sanitize", "file", "--charset", "sjis", input, out],
    ["sanitize", "file", "--links", "keep", input, out],
    ["sanitize", "file", "--pdf-links", "open", input, out],
    ["sanitize", "file", "--max-bytes", "lots", input, out],
    ["sanitize", "file", "--max-bytes", "0", input, out],
    ["sanitize", "file", "--timeout", "0", input, out],
    ["sanitize", "file", "--clamav-db", join(dir, "nowhere"), input, out],
    ["sanitize", "file", "--colour", input, out],
  ];
  for (const args of usage) assert.equal(cli(args).status, 2, args.join(" "));
  const failures = [
    [["sanitize", "file", NOSCAN, join(dir, "missing.csv"), out], /input_unreadable/],
    [["sanitize", "file", NOSCAN, "--db", join(dir, "none.db"), input, out], /db_missing/],
    [["sanitize", "file", NOSCAN, "--verdict-log", join(dir, "no/such/dir.log"), input, out], /verdict_log_unwritable/],
  ];
  for (const [args, why] of failures) {
    const r = cli(args);
    assert.equal(r.status, 1, args.join(" "));
    assert.match(r.stderr, why);
  }
  assert.deepEqual(readdirSync(dir), ["in.csv"], "nothing was created");
});
