// lgsec netcheck: the 三層の対策 checked from firewall configurations (第24条–第26条), from the command
// line. The site is tests/unit/data/netcheck (two devices, model β; its forbidden paths are computed by
// hand in test_netcheck.c). Asserted: exit codes (1 when a forbidden flow gets through or a change
// opens one, 0 otherwise, 2 usage), the JSON report (witness, path, rule lines, article), Japanese
// and English text, diff, and that bad input is a clear error naming file and line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { BIN, cli, initDemo } from "./lib/server.mjs";

const DATA = new URL("../unit/data/netcheck/", import.meta.url).pathname;
const run = (args, lang = "ja_JP.UTF-8") => {
  const r = spawnSync(BIN, ["netcheck", ...args], { env: { ...process.env, LANG: lang, LC_ALL: "" } });
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
};
const site = [join(DATA, "site.yaml"), join(DATA, "lgwan-fw.iptables"), join(DATA, "mynumber-fw.nft.json")];

test("forbidden flows with witness, path, rule lines and article (JSON)", () => {
  const r = run(["--json", ...site]);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.model, "beta");
  assert.equal(out.violations.length, 4);
  const mi = out.violations.find((v) => v.from === "mynumber" && v.to === "internet");
  assert.equal(mi.article, "第24条(1)");
  assert.equal(mi.witness.protocol, 1);
  assert.deepEqual(mi.path.map((h) => h.device), ["fw-mynumber", "fw-lgwan"]);
  assert.match(mi.path[0].rules[0], /mynumber-fw\.nft\.json: handle 4:/);
  assert.match(mi.path[1].rules[0], /lgwan-fw\.iptables:21: -A FORWARD -p icmp/);
  const li = out.violations.find((v) => v.from === "lgwan" && v.to === "internet");
  assert.equal(li.witness.dst, "203.0.113.10");
  assert.match(li.path[0].rules[1], /lgwan-fw\.iptables:25: .*--dports 80,443 -j ACCEPT/);
  const kinds = out.hygiene.map((h) => `${h.line}:${h.kind}`).sort();
  assert.deepEqual(kinds, ["22:never_matches", "26:redundant", "27:shadowed", "29:any_any"]);
  // the nat table is modelled now: no notes; the MASQUERADE out of eth1 is named on the path
  assert.equal(out.devices.find((d) => d.name === "fw-lgwan").notes.length, 0);
  assert.match(mi.path[1].nat_after[0], /lgwan-fw\.iptables:7: -A POSTROUTING -o eth1 -j MASQUERADE/);
});

test("Japanese by default, English with --lang en", () => {
  const ja = run(site);
  assert.equal(ja.status, 1);
  assert.match(ja.stdout, /禁止された通信が通る経路 4 件/);
  assert.match(ja.stdout, /マイナンバー利用事務系 → インターネット接続系 +\[第24条\(1\)\]/);
  assert.match(ja.stdout, /NAT: .*lgwan-fw\.iptables:7: -A POSTROUTING -o eth1 -j MASQUERADE/);
  const en = run(["--lang", "en", ...site]);
  assert.match(en.stdout, /4 forbidden flows get through/);
  assert.match(en.stdout, /My Number business zone → Internet-connected zone/);
});

test("NAT: a port forward into the My Number zone, the witness before and after translation", () => {
  const r = run(["--json", join(DATA, "nat-site.yaml"), join(DATA, "nat-edge.iptables")]);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.violations.length, 3);
  const fwd = out.violations.find((v) => v.delivered && v.to === "mynumber");
  assert.equal(fwd.from, "external");
  assert.equal(fwd.witness.dst, "203.0.113.10");
  assert.equal(fwd.witness.dport, 8443);
  assert.equal(fwd.delivered.dst, "10.1.5.10");
  assert.equal(fwd.delivered.dport, 443);
  assert.match(fwd.path[0].nat_before[0], /nat-edge\.iptables:7: -A PREROUTING .*-j DNAT --to-destination 10\.1\.5\.10:443/);
  assert.match(fwd.path[0].rules[0], /nat-edge\.iptables:17: -A FORWARD/);
  const ja = run([join(DATA, "nat-site.yaml"), join(DATA, "nat-edge.iptables")]);
  assert.match(ja.stdout, /アドレス変換後: tcp 0\.0\.0\.0:0 → 10\.1\.5\.10:443/);
  const en = run(["--lang", "en", join(DATA, "nat-site.yaml"), join(DATA, "nat-edge.iptables")]);
  assert.match(en.stdout, /after NAT: udp 203\.0\.113\.1:0 → 0\.0\.0\.0:123/);
});

test("Cisco ASA: detected from the text, hygiene with the security-level permit", () => {
  const r = run(["hygiene", "--json", join(DATA, "lgwan-asa.cfg")]);
  assert.equal(r.status, 0, r.stderr);
  const kinds = JSON.parse(r.stdout).hygiene.map((h) => `${h.line}:${h.kind}`).sort();
  assert.deepEqual(kinds, ["25:any_any", "73:redundant"]);
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-"));
  writeFileSync(join(dir, "bad.cfg"), "ASA Version 9.12(4)\naccess-list X extended permit tcp interface outside any\n");
  const bad = run(["hygiene", join(dir, "bad.cfg")]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bad\.cfg:2: .*interface/);
});

test("a site without forbidden paths exits 0", () => {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-"));
  // the My Number firewall without its ping rule (handle 4)
  const nft = JSON.parse(readFileSync(join(DATA, "mynumber-fw.nft.json"), "utf8"));
  nft.nftables = nft.nftables.filter((o) => !(o.rule && o.rule.handle === 4));
  writeFileSync(join(dir, "mynumber-fw.nft.json"), JSON.stringify(nft));
  // and the LGWAN firewall without the echo-request rule and with web access only through the relay
  const ipt = readFileSync(join(DATA, "lgwan-fw.iptables"), "utf8")
    .split("\n")
    .filter((l) => !l.includes("--icmp-type 8") && !l.includes("203.0.113.10"))
    .join("\n");
  writeFileSync(join(dir, "lgwan-fw.iptables"), ipt);
  const r = run(["--json", "--no-hygiene", join(DATA, "site.yaml"), join(dir, "lgwan-fw.iptables"), join(dir, "mynumber-fw.nft.json")]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).violations, []);
});

test("diff: what a change opens, with the rule line", () => {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-"));
  const before = readFileSync(join(DATA, "lgwan-fw.iptables"), "utf8");
  const after = before.replace("-A FORWARD -j LOG", "-A FORWARD -i eth1 -o eth0 -d 10.2.0.40/32 -p tcp -m tcp --dport 3389 -j ACCEPT\n-A FORWARD -j LOG");
  writeFileSync(join(dir, "after.iptables"), after);
  const r = run(["diff", "--json", join(DATA, "lgwan-fw.iptables"), join(dir, "after.iptables")]);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.changes.length, 1);
  assert.equal(out.changes[0].change, "opened");
  assert.equal(out.changes[0].witness.dport, 3389);
  assert.match(out.changes[0].rules[0], /after\.iptables:23: .*--dport 3389 -j ACCEPT/);
  const same = run(["diff", join(DATA, "lgwan-fw.iptables"), join(DATA, "lgwan-fw.iptables")]);
  assert.equal(same.status, 0);
  assert.match(same.stdout, /新たに通る通信 0 件、通らなくなる通信 0 件/);
});

test("bad input: a clear error with file and line, and usage errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-"));
  writeFileSync(join(dir, "x.rtx"), "ip filter 1 pass * * * * *\nip lan1 secure filter in 1 7\n");
  let r = run(["hygiene", join(dir, "x.rtx")]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /x\.rtx:2: .*フィルタ 7 が定義されていません.*\[netcheck_unknown_chain\]/);
  writeFileSync(join(dir, "bad.yaml"), "model: beta\nzones: {lgwan: [10.0.0.0/8]}\nfirewalls: []\n");
  r = run([join(dir, "bad.yaml"), join(DATA, "lgwan-fw.iptables")], "en_US.UTF-8");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.yaml:3: unknown key "firewalls"/);
  r = run([join(DATA, "site.yaml"), join(DATA, "lgwan-fw.iptables")]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /mynumber-fw\.nft\.json/);
  r = run(["--format", "cisco", join(DATA, "site.yaml")]);
  assert.equal(r.status, 2);
});

// A copy of packs/mic whose zone matrix differs from the built-in one: LGWAN → インターネット接続系 is
// not restricted (allow: any) and the My Number → Internet rule cites 第24条(1)ア.
function packWithOwnMatrix(version) {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-pack-"));
  cpSync(new URL("../../packs/mic", import.meta.url).pathname, dir, { recursive: true });
  const mx = readFileSync(join(dir, "netcheck.yaml"), "utf8");
  const own = mx
    .replace(/\{from: lgwan, to: internet, allow: relays, relays: \[mail, file, screen\], article: 第25条, ja: LGWAN接続系からインターネット接続系へは無害化の中継だけ, en: from LGWAN to the Internet zone only through the sanitizing relays\}/,
      "{from: lgwan, to: internet, allow: any, article: 第25条, ja: 制限しない, en: not restricted}")
    .replace("{from: mynumber, to: internet, allow: none, article: 第24条(1)", "{from: mynumber, to: internet, allow: none, article: 第24条(1)ア");
  assert.notEqual(own, mx);
  writeFileSync(join(dir, "netcheck.yaml"), own);
  const yaml = join(dir, "pack.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8").replace(/^version: .*$/m, `version: "${version}"`));
  return dir;
}

const checkOwnMatrix = (out, version) => {
  assert.equal(out.matrix, `netcheck.yaml (mic ${version})`);
  assert.equal(out.violations.length, 3); // the built-in matrix finds 4 (LGWAN → Internet as well)
  assert.equal(out.violations.filter((v) => v.from === "lgwan" && v.to === "internet").length, 0);
  assert.equal(out.violations.find((v) => v.from === "mynumber" && v.to === "internet").article, "第24条(1)ア");
};

test("the zone matrix is the pack's: --pack DIR, the database's active pack, else the built-in one", () => {
  const builtIn = JSON.parse(run(["--json", ...site]).stdout);
  assert.equal(builtIn.matrix, "packs/mic/netcheck.yaml");
  const dir = packWithOwnMatrix("2031.1");
  const r = run(["--json", "--pack", dir, ...site]);
  assert.equal(r.status, 1, r.stderr);
  checkOwnMatrix(JSON.parse(r.stdout), "2031.1");

  // the active pack of the database (lgsec pack activate), with or without systems in the topology
  const { db } = initDemo();
  const act = cli(["pack", "activate", "--db", db, packWithOwnMatrix("2032.1")]);
  assert.equal(act.status, 0, act.stderr);
  const d = run(["--json", "--db", db, ...site]);
  assert.equal(d.status, 1, d.stderr);
  checkOwnMatrix(JSON.parse(d.stdout), "2032.1");
  // --pack wins over the database's pack; --matrix and --pack together are a usage error
  checkOwnMatrix(JSON.parse(run(["--json", "--db", db, "--pack", dir, ...site]).stdout), "2031.1");
  assert.equal(run(["--pack", dir, "--matrix", join(dir, "netcheck.yaml"), ...site]).status, 2);

  // a pack without a zone matrix is an error, not a silent fallback to the built-in one
  rmSync(join(dir, "netcheck.yaml"));
  const none = run(["--pack", dir, ...site], "en_US.UTF-8");
  assert.equal(none.status, 1);
  assert.match(none.stderr, /has no zone matrix \(netcheck\.yaml\).*\[netcheck_no_matrix\]/);
  // an invalid matrix in the pack names its file
  const bad = packWithOwnMatrix("2033.1");
  writeFileSync(join(bad, "netcheck.yaml"), readFileSync(join(bad, "netcheck.yaml"), "utf8").replace("allow: any", "allow: some"));
  const b = run(["--pack", bad, ...site], "en_US.UTF-8");
  assert.equal(b.status, 1);
  assert.match(b.stderr, /netcheck\.yaml \(mic 2033\.1\):\d+: .*\[netcheck_topology\]/);
});
