// Legacy and other office formats (.doc/.xls/.ppt, RTF, .odt/.ods/.odp, .xlsb) converted to OOXML by
// LibreOffice headless and then disarmed (--legacy convert), or blocked with their reason (the
// default). Fixtures: tests/e2e/fixtures/legacy (make.py builds them; hostile variants carry a Basic
// macro bound to the document's opening, embedded objects, DDE fields and formulas, an OLE Package
// object, INCLUDETEXT, external references). The outputs are read by Python's zipfile, not by the
// libzip that wrote them. LibreOffice costs about 3-6 CPU seconds per start: the tests start it as
// few times as they can (one archive with every format: one start per source format).
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { BIN } from "./lib/server.mjs";
import { bodyText, smtpSend, startMailgate, startSink } from "./lib/smtp.mjs";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "legacy");
const fresh = () => mkdtempSync(join(tmpdir(), "lgsec-convert-"));
const NOSCAN = "--no-malware-scan";
const haveSoffice = existsSync("/usr/lib/libreoffice/program/soffice");
const run = (args) => {
  const r = spawnSync(BIN, args, { env: { ...process.env, LANG: "en_US.UTF-8" }, timeout: 600000 });
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
};

// Python's zipfile: {archive member: {inner part names, text of the parts that carry fields and formulas}}.
const PY_LIST = `
import io, json, sys, zipfile
def parts(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    text = {n: z.read(n).decode('utf-8', 'replace') for n in z.namelist()
            if n.endswith('.xml') and (n.startswith('word/') or n.startswith('xl/') or n.startswith('ppt/'))}
    return {'names': z.namelist(), 'text': text}
path = sys.argv[1]
data = open(path, 'rb').read()
if sys.argv[2] == 'archive':
    z = zipfile.ZipFile(path)
    print(json.dumps({n: parts(z.read(n)) for n in z.namelist()}))
else:
    print(json.dumps({'file': parts(data)}))
`;
const pyList = (path, mode) => {
  const r = spawnSync("python3", ["-c", PY_LIST, path, mode]);
  assert.equal(r.status, 0, r.stderr.toString());
  return JSON.parse(r.stdout.toString());
};
const makeZip = (path, files) => {
  const py = `import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\nfor f in sys.argv[2:]:\n    z.write(f, f.split('/')[-1])\nz.close()`;
  const r = spawnSync("python3", ["-c", py, path, ...files]);
  assert.equal(r.status, 0, r.stderr.toString());
};

// What must never survive: macros, OLE objects and embeddings, ActiveX, external links, DDE.
const RESIDUE_PART = /vbaProject|oleObject|embeddings\/|activeX|externalLink|Basic\/|\.bin$/i;
const RESIDUE_TEXT = /DDEAUTO|\bDDE\b|INCLUDETEXT|ddeLink|externalReference|o:OLEObject|WEBSERVICE|file:\/\//;
const assertNoResidue = (name, pkg) => {
  for (const n of pkg.names) assert.doesNotMatch(n, RESIDUE_PART, `${name}: part ${n}`);
  for (const [n, t] of Object.entries(pkg.text)) assert.doesNotMatch(t, RESIDUE_TEXT, `${name}: ${n}`);
};

const FORMATS = [
  ["benign.doc", "docx"], ["hostile.doc", "docx"], ["benign.xls", "xlsx"], ["hostile.xls", "xlsx"],
  ["benign.ppt", "pptx"], ["benign.rtf", "docx"], ["hostile.rtf", "docx"], ["benign.odt", "docx"],
  ["hostile.odt", "docx"], ["benign.ods", "xlsx"], ["hostile.ods", "xlsx"], ["benign.odp", "pptx"],
];

test("--legacy block (the default): each format is blocked with its own reason, no converter started", () => {
  const dir = fresh();
  const expect = {
    "benign.doc": ["legacy_document", /\.doc\)/], "benign.xls": ["legacy_document", /\.xls\)/],
    "benign.ppt": ["legacy_document", /\.ppt\)/], "benign.rtf": ["rtf", /RTF/],
    "benign.odt": ["odf_document", /OpenDocument/], "benign.ods": ["odf_document", /OpenDocument/],
    "benign.odp": ["odf_document", /OpenDocument/],
  };
  for (const [file, [code, what]] of Object.entries(expect)) {
    const out = join(dir, file + ".out");
    const r = run(["sanitize", "file", NOSCAN, "--json", join(FIX, file), out]);
    assert.equal(r.status, 1, file);
    const v = JSON.parse(r.stdout);
    assert.equal(v.blocked.code, code, file);
    assert.match(v.blocked.ja, what, file);
    assert.match(v.blocked.ja, /変換しない設定/, `${file}: the reason says it is this deployment's choice`);
    assert.ok(!existsSync(out));
  }
});

test("--legacy convert: every format in one archive is converted to OOXML and disarmed; no macro, OLE object, DDE or external link is left", { skip: !haveSoffice && "LibreOffice is not installed" }, () => {
  const dir = fresh();
  const bundle = join(dir, "bundle.zip");
  makeZip(bundle, FORMATS.map(([f]) => join(FIX, f)));
  const out = join(dir, "out.zip");
  const t0 = Date.now();
  const r = run(["sanitize", "file", NOSCAN, "--legacy", "convert", "--json", bundle, out]);
  console.log(`# converting ${FORMATS.length} files took ${Date.now() - t0} ms`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const v = JSON.parse(r.stdout);
  const members = pyList(out, "archive");
  const taken = new Set();
  for (const [file, to] of FORMATS) {
    const child = v.children.find((c) => c.subject === file);
    assert.ok(child, file);
    assert.deepEqual([child.converted.from, child.converted.to], [file.split(".")[1], to], file);
    assert.match(child.converted.by, /^LibreOffice \d+\.\d+/);
    // 見積.doc → 見積.docx, or 見積.rtf.docx when 見積.docx is taken
    let renamed = file.replace(/\.\w+$/, "." + to);
    if (taken.has(renamed)) renamed = `${file}.${to}`;
    taken.add(renamed);
    assert.ok(members[renamed], `${file} is stored as ${renamed}: ${Object.keys(members)}`);
    assertNoResidue(renamed, members[renamed]);
  }
  // The hostile ones had something to remove (their raw conversion carries it: OLE objects, links).
  for (const file of ["hostile.doc", "hostile.xls", "hostile.odt", "hostile.ods"]) {
    const child = v.children.find((c) => c.subject === file);
    assert.ok(child.removed.length > 0, `${file}: ${JSON.stringify(child)}`);
  }
  // the words survive (LibreOffice puts Japanese and Latin text in runs of their own)
  assert.match(members["benign.docx"].text["word/document.xml"], /見積書[\s\S]*benign text/);
  assert.match(JSON.stringify(members["benign.xlsx"].text), /予算[\s\S]*benign/);
});

// An OLE2 file that claims to be Word but is not (refused: the input filter is named); a binary
// workbook that is only its content types; an encrypted Office file (not converted at all).
const ole2 = (stream, size = 4096) => {
  const b = Buffer.alloc(size, 0x41);
  Buffer.from("d0cf11e0a1b11ae1", "hex").copy(b, 0);
  Buffer.from(stream + "\0", "utf16le").copy(b, 1024);
  return b;
};
const fakeXlsb = (path) => {
  const py = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
z.writestr('xl/workbook.bin', b'\\x83\\x01\\x00')
z.close()`;
  assert.equal(spawnSync("python3", ["-c", py, path]).status, 0);
  return readFileSync(path);
};
const attachment = (name, type, bytes) => [
  "--b1",
  `Content-Type: ${type}; name="${name}"`,
  `Content-Disposition: attachment; filename="${name}"`,
  "Content-Transfer-Encoding: base64",
  "",
  bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
];
const legacyMail = (dir) => [
  "From: yamada@example.jp",
  "To: soumu@city.example.lg.jp",
  "Subject: legacy",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain; charset=UTF-8",
  "",
  "見積書を送付します。",
  ...attachment("見積書.doc", "application/msword", readFileSync(join(FIX, "hostile.doc"))),
  ...attachment("broken.doc", "application/msword", ole2("WordDocument")),
  ...attachment("予算.xlsb", "application/vnd.ms-excel.sheet.binary.macroEnabled.12", fakeXlsb(join(dir, "f.xlsb"))),
  ...attachment("secret.doc", "application/msword", ole2("EncryptedPackage")),
  "--b1--",
  "",
].join("\r\n");

test("sanitize mail --legacy convert: a .doc attachment is converted and quarantined as .docx; what the converter cannot open is blocked", { skip: !haveSoffice && "LibreOffice is not installed" }, () => {
  const dir = fresh();
  const q = join(dir, "q");
  mkdirSync(q);
  writeFileSync(join(dir, "in.eml"), legacyMail(dir));
  const r = run(["sanitize", "mail", NOSCAN, "--legacy", "convert", "--attachments", "quarantine", "--quarantine", q,
    "--json", join(dir, "in.eml"), join(dir, "out.eml")]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const v = JSON.parse(r.stdout);
  const got = Object.fromEntries(v.children.map((c) => [c.subject, c.converted?.to ?? c.blocked?.code]));
  assert.deepEqual(got, {
    // LibreOffice opens a binary workbook whose workbook part is junk as an empty workbook
    "見積書.doc": "docx", "broken.doc": "conversion_failed", "予算.xlsb": "xlsx",
    "secret.doc": "encrypted_document",
  });
  const text = bodyText(readFileSync(join(dir, "out.eml"), "utf8"));
  assert.match(text, /見積書\.doc[\s\S]*converted to: \.docx[\s\S]*隔離ID \/ quarantine ID: ([0-9a-f]{64})/);
  const ids = [...text.matchAll(/converted to: \.(docx|xlsx)\r?\n\s+隔離ID \/ quarantine ID: ([0-9a-f]{64})/g)];
  assert.deepEqual(ids.map((m) => m[1]), ["docx", "xlsx"]);
  assert.deepEqual(readdirSync(q).filter((n) => n !== "originals").sort(), ids.map((m) => m[2]).sort(),
    "only the converted attachments are quarantined");
  // the attachments as they arrived are kept beside them for the 原本取り出し, by their own SHA-256
  const originals = readdirSync(join(q, "originals"));
  assert.ok(originals.length >= 2 && originals.every((n) => /^[0-9a-f]{64}$/.test(n)), originals.join(" "));
  const id = ids[0][2];
  const pkg = pyList(join(q, id), "file").file;
  assert.ok(pkg.names.includes("word/document.xml"), "the quarantined file is a Word package");
  assertNoResidue("quarantined 見積書", pkg);
  assert.match(text, /broken\.doc[\s\S]*blocked \(conversion_failed\)/);
});

test("mailgate --legacy convert: the gate converts a .doc attachment before it quarantines it", { skip: !haveSoffice && "LibreOffice is not installed" }, async () => {
  const dir = fresh();
  const q = join(dir, "q");
  mkdirSync(q);
  const sink = await startSink();
  const gate = await startMailgate(["--next-hop", `127.0.0.1:${sink.port}`, NOSCAN, "--smtp-timeout", "300",
    "--legacy", "convert", "--attachments", "quarantine", "--quarantine", q, "--timeout", "120"]);
  try {
    const data = [
      "From: yamada@example.jp", "To: soumu@city.example.lg.jp", "Subject: doc", "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"', "", "--b1", "Content-Type: text/plain; charset=UTF-8", "",
      "旧形式の文書です。", ...attachment("benign.doc", "application/msword", readFileSync(join(FIX, "benign.doc"))),
      "--b1--", "",
    ].join("\r\n");
    const r = await smtpSend(gate.port, { from: "yamada@example.jp", to: ["soumu@city.example.lg.jp"], data });
    assert.equal(Number(r.end.slice(0, 3)), 250, r.end);
    const text = bodyText(sink.messages[0].data);
    assert.match(text, /benign\.doc[\s\S]*converted to: \.docx/);
    const [id] = readdirSync(q);
    const doc = pyList(join(q, id), "file").file.text["word/document.xml"];
    assert.match(doc, /見積書/);
    assert.match(doc, /benign text/);
  } finally {
    await gate.stop();
    await sink.close();
  }
});

// conversion_timeout (docs/sanitize.md): a file whose conversion exceeds --convert-timeout is blocked
// with that reason — a file alone gets no output; as an attachment the mail still arrives, with the
// reason in its list, and the verdict log records the child's code. The limit is made 1 second (one
// LibreOffice start takes 3-6 CPU seconds), so every conversion exceeds it; the converter is killed.
test("--convert-timeout: a conversion over the limit blocks with conversion_timeout; bad values are usage errors", { skip: !haveSoffice && "LibreOffice is not installed" }, () => {
  const dir = fresh();
  const out = join(dir, "out.docx");
  const r = run(["sanitize", "file", NOSCAN, "--legacy", "convert", "--convert-timeout", "1", "--json",
    join(FIX, "benign.doc"), out]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).blocked.code, "conversion_timeout");
  assert.match(r.stderr, /time limit \[conversion_timeout\]/);
  assert.ok(!existsSync(out));

  const log = join(dir, "verdicts.log");
  const mailText = [
    "From: yamada@example.jp", "To: soumu@city.example.lg.jp", "Subject: slow", "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"', "", "--b1", "Content-Type: text/plain; charset=UTF-8", "",
    "遅い変換の添付です。", ...attachment("benign.doc", "application/msword", readFileSync(join(FIX, "benign.doc"))),
    "--b1--", "",
  ].join("\r\n");
  writeFileSync(join(dir, "in.eml"), mailText);
  const q = join(dir, "q");
  mkdirSync(q);
  const m = run(["sanitize", "mail", NOSCAN, "--legacy", "convert", "--convert-timeout", "1", "--verdict-log", log,
    "--attachments", "quarantine", "--quarantine", q, join(dir, "in.eml"), join(dir, "out.eml")]);
  assert.equal(m.status, 0, m.stdout + m.stderr);
  const text = bodyText(readFileSync(join(dir, "out.eml"), "utf8"));
  assert.match(text, /遅い変換の添付です。/, "the words arrive");
  assert.match(text, /benign\.doc[\s\S]*blocked \(conversion_timeout\)/);
  const line = JSON.parse(readFileSync(log, "utf8").trim().split("\n").pop());
  assert.deepEqual(line.verdict.children.map((c) => c.blocked?.code), ["conversion_timeout"]);
  assert.deepEqual(readdirSync(q).filter((n) => n !== "originals"), [], "nothing converted is quarantined");

  for (const bad of ["0", "3601", "abc", "5s", ""]) {
    const u = run(["sanitize", "file", "--convert-timeout", bad, join(FIX, "benign.doc"), join(dir, "u.docx")]);
    assert.equal(u.status, 2, `--convert-timeout ${JSON.stringify(bad)}`);
    assert.match(u.stderr, /--convert-timeout/);
  }
});
