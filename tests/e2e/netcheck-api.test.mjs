// netcheck over the API (issue 17): a topology naming systems of the 情報システム台帳 and two firewall
// configurations uploaded (kept by SHA-256), run in the sandbox, the result stored and trailed with the
// files' and the result's hashes; the forbidden flows speak of the register's 住民基本台帳システム. Bad
// input per class (empty, bad name, unknown mode, someone else's file, a configuration the parser does
// not understand with its file and line, a system the register does not know, a device without its
// configuration) stores nothing; staff without netcheck.run are refused; who reads a run; a
// before/after comparison attached to a セキュリティ設定の変更 request and read from the request.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { addAccount, cli, initDemo, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, reiwaYear } from "./lib/clock.mjs";
import { popplerLines } from "./lib/pdftools.mjs";

const DATA = new URL("../unit/data/netcheck/", import.meta.url).pathname;
const read = (name) => readFileSync(join(DATA, name));
const sha = (b) => createHash("sha256").update(b).digest("hex");

let srv, ciso, staff;
const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
const count = (t) => Number(sql(`SELECT count(*) FROM ${t}`));

// site-systems.yaml with the demo register's codes: SYS-M01 住民基本台帳システム, SYS-M02 税務システム
const topology = Buffer.from(read("site-systems.yaml").toString("utf8")
  .replace("code: JUKI", "code: SYS-M01").replace("code: ZEIMU", "code: SYS-M02"));

const upload = (c, name, bytes) => c.req("POST", `/api/v1/netcheck/files?name=${encodeURIComponent(name)}`, undefined,
  { raw: bytes, headers: { "content-type": "application/octet-stream" } });

async function uploadSite(c, topo = topology) {
  const t = await upload(c, "site.yaml", topo);
  const a = await upload(c, "lgwan-fw.iptables", read("lgwan-fw.iptables"));
  const b = await upload(c, "mynumber-fw.nft.json", read("mynumber-fw.nft.json"));
  for (const r of [t, a, b]) assert.equal(r.status, 201, r.text);
  return { topology: t.json.id, configs: [a.json.id, b.json.id] };
}

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
  const plain = sql(`SELECT p.staff_no FROM people p WHERE p.active_until IS NULL
                     AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1`);
  staff = (await signInFirstTime(srv.url, "nc.staff", addAccount(srv.db, plain, "nc.staff"))).client;
});

after(async () => {
  await srv?.stop();
});

describe("ネットワーク分離の検証", () => {
  let runId;
  test("a run names the register's systems, is stored with its result and trailed with the hashes", async () => {
    const f = await uploadSite(ciso);
    const r = await ciso.post("/api/v1/netcheck/runs", { mode: "check", title: "本庁舎", topology_file_id: f.topology,
      config_file_ids: f.configs });
    assert.equal(r.status, 201, r.text);
    runId = r.json.id;
    assert.equal(r.json.violations, 4);
    assert.equal(r.json.model, "beta");
    assert.deepEqual(r.json.files.map((x) => x.role), ["topology", "config", "config"]);
    const res = r.json.result;
    assert.match(res.matrix, /^netcheck\.yaml \(mic /, "the active pack's zone matrix");
    assert.deepEqual(res.systems.map((s) => s.name), ["住民基本台帳システム", "税務システム"]);
    const mi = res.violations.find((v) => v.from === "mynumber" && v.to === "internet");
    assert.equal(mi.article, "第24条(1)");
    assert.match(mi.witness.src_system.name, /^(住民基本台帳システム|税務システム)$/);
    assert.deepEqual(mi.path.map((h) => h.device), ["fw-mynumber", "fw-lgwan"]);
    assert.match(mi.path[1].rules[0], /lgwan-fw\.iptables:21: -A FORWARD -p icmp/);
    assert.ok(res.hygiene.length >= 4);
    // the trail entry holds every file's hash and the result's
    const entry = JSON.parse(sql(`SELECT entry FROM trail_entries WHERE action = 'netcheck.run' AND object_id = '${runId}'`));
    const body = JSON.stringify(entry);
    assert.ok(body.includes(sha(topology)), "the topology's SHA-256");
    assert.ok(body.includes(sha(read("lgwan-fw.iptables"))), "a configuration's SHA-256");
    assert.ok(body.includes(sha(Buffer.from(sql(`SELECT result FROM netcheck_runs WHERE id = ${runId}`)))), "the result's SHA-256");
    assert.equal(r.json.result_sha256, sha(Buffer.from(sql(`SELECT result FROM netcheck_runs WHERE id = ${runId}`))));
    const list = await ciso.get("/api/v1/netcheck/runs");
    assert.equal(list.json.items[0].id, runId);
    assert.equal(list.json.items[0].result, undefined, "the list leaves the result out");
  });

  test("the PDF report: 和暦, the articles, the register's names, witness, path, rule lines and the hashes", async () => {
    const pdf = await fetch(`${srv.url}/api/v1/netcheck/runs/${runId}/report`, { headers: { cookie: ciso.cookie } });
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get("content-type"), /application\/pdf/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    const run = (await ciso.get(`/api/v1/netcheck/runs/${runId}`)).json;
    const text = popplerLines(bytes), flat = text.replace(/\s/g, "");
    const [y, m, d] = jstDate(0).split("-").map(Number);
    const wants = ["ネットワーク分離 (三層の対策) の検証結果", `令和${reiwaYear(y)}年${m}月${d}日`, "第24条(1)", "第25条",
      "マイナンバー利用事務系 → インターネット接続系", "住民基本台帳システム (SYS-M01)", "lgwan-fw.iptables:21:",
      "fw-mynumber (lan0 → lan1)", sha(topology), run.result_sha256, "ルールの点検", "冗長",
      // the zone matrix used and the relays with their zone and services
      "系の間の規則", run.result.matrix, "無害化の中継", "メール無害化中継 (トポロジーの relays)　メール無害化",
      "画面転送サーバー (トポロジーの relays)　画面転送　LGWAN接続系　tcp/443"];
    for (const want of wants) assert.ok(flat.includes(want.replace(/\s/g, "")), `pdftotext finds 「${want}」 in:\n${text}`);
    assert.equal((await staff.get(`/api/v1/netcheck/runs/${runId}/report`)).status, 403);
  });

  test("bad input: a clear error with code and field (and the file and line), nothing stored", async () => {
    const runs = count("netcheck_runs"), files = count("netcheck_files");
    let r = await upload(ciso, "x.rules", Buffer.alloc(0));
    assert.equal(r.json.code, "evidence_empty");
    r = await upload(ciso, "../x.rules", Buffer.from("x"));
    assert.equal(r.json.code, "invalid_text");
    assert.equal(r.json.field, "name");
    assert.equal(count("netcheck_files"), files);
    const f = await uploadSite(ciso);
    const bad = [
      [{ mode: "scan", config_file_ids: f.configs }, "netcheck_invalid_run", "mode"],
      [{ mode: "check", config_file_ids: f.configs }, "netcheck_invalid_run", "topology_file_id"],
      [{ mode: "check", topology_file_id: f.topology, config_file_ids: [] }, "netcheck_invalid_run", "config_file_ids"],
      [{ mode: "diff", config_file_ids: [f.configs[0]] }, "netcheck_invalid_run", "config_file_ids"],
      [{ mode: "check", topology_file_id: f.topology, config_file_ids: f.configs, colour: 1 }, "netcheck_invalid_run", "colour"],
      [{ mode: "check", topology_file_id: f.topology, config_file_ids: f.configs, format: "pix" }, "netcheck_invalid_run", "format"],
      [{ mode: "check", topology_file_id: f.topology, config_file_ids: [f.configs[0], 999999] }, "netcheck_file_not_found", "config_file_ids"],
      [{ mode: "check", topology_file_id: f.topology, config_file_ids: [f.configs[0]] }, "netcheck_config_missing", "configs"],
    ];
    for (const [body, code, field] of bad) {
      r = await ciso.post("/api/v1/netcheck/runs", body);
      assert.ok(r.status >= 400 && r.status < 500, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.field, field, r.text);
      assert.match(r.json.detail, /[ぁ-んァ-ン一-龥]/, "a Japanese message");
    }
    // a construct the parser does not understand: the engine's error with the file and the line
    const broken = await upload(ciso, "lgwan-fw.iptables", Buffer.from("*filter\n:FORWARD DROP [0:0]\n-A FORWARD --frobnicate -j ACCEPT\nCOMMIT\n"));
    r = await ciso.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: f.topology, config_file_ids: [broken.json.id, f.configs[1]] });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.code, /^netcheck_(unsupported|syntax)$/);
    assert.match(r.json.detail, /lgwan-fw\.iptables:3/);
    // a file of another type (a PNG named as the configuration): the format is not recognised
    const png = await upload(ciso, "lgwan-fw.iptables", Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    r = await ciso.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: f.topology, config_file_ids: [png.json.id, f.configs[1]] });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.code, "netcheck_format_unknown");
    assert.match(r.json.detail, /lgwan-fw\.iptables/);
    // a topology that is not YAML
    const notYaml = await upload(ciso, "site.yaml", Buffer.from("model: beta\nzones: [unclosed\n"));
    r = await ciso.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: notYaml.json.id, config_file_ids: f.configs });
    assert.equal(r.json.code, "netcheck_topology");
    assert.match(r.json.detail, /site\.yaml:\d+/);
    // a system the register does not know
    const unknown = await upload(ciso, "site.yaml", Buffer.from(topology.toString("utf8").replace("SYS-M02", "SYS-X99")));
    r = await ciso.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: unknown.json.id, config_file_ids: f.configs });
    assert.equal(r.json.code, "netcheck_topology");
    assert.match(r.json.detail, /SYS-X99/);
    // someone else's upload is not theirs to run
    r = await ciso.post("/api/v1/netcheck/runs", { mode: "diff", config_file_ids: f.configs });
    assert.equal(r.status, 201, "a diff of two of one's own files runs");
    assert.equal(count("netcheck_runs"), runs + 1, "only the good diff was stored");
  });

  test("staff without netcheck.run are refused; a run is read by its runner and those the rule names", async () => {
    let r = await staff.get("/api/v1/netcheck/runs");
    assert.equal(r.status, 403);
    r = await staff.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: 1, config_file_ids: [2] });
    assert.equal(r.status, 403);
    r = await upload(staff, "x.rules", Buffer.from("x"));
    assert.equal(r.status, 403);
    // the 情報システム管理者 of 住民基本台帳システム reads the run that names it; the one of another system does not
    const managerOf = (where) => sql(`SELECT p.staff_no FROM role_assignments r JOIN people p ON p.id = r.person_id
      JOIN systems s ON s.id = r.scope_id WHERE r.scope_kind = 'system' AND r.role = 'system_manager'
      AND r.valid_until IS NULL AND ${where} ORDER BY p.id LIMIT 1`);
    const mine = managerOf("s.code = 'SYS-M01'");
    const others = managerOf(`p.id NOT IN (SELECT r2.person_id FROM role_assignments r2 JOIN systems s2 ON s2.id = r2.scope_id
      WHERE r2.scope_kind = 'system' AND s2.code IN ('SYS-M01', 'SYS-M02'))`);
    assert.ok(mine && others, "the demo has both managers");
    const mgr = (await signInFirstTime(srv.url, "nc.mgr", addAccount(srv.db, mine, "nc.mgr"))).client;
    r = await mgr.get(`/api/v1/netcheck/runs/${runId}`);
    assert.equal(r.status, 200, r.text);
    const mgr2 = (await signInFirstTime(srv.url, "nc.mgr2", addAccount(srv.db, others, "nc.mgr2"))).client;
    r = await mgr2.get(`/api/v1/netcheck/runs/${runId}`);
    assert.equal(r.status, 404, r.text);
    assert.equal(r.json.code, "netcheck_run_not_found");
    assert.ok(!(await mgr2.get("/api/v1/netcheck/runs")).json.items.some((x) => x.id === runId));
    r = await ciso.get("/api/v1/netcheck/runs/999999");
    assert.equal(r.json.code, "netcheck_run_not_found");
  });

  test("a before/after comparison attached to a セキュリティ設定の変更 request, read from the request", async () => {
    const beforeCfg = read("lgwan-fw.iptables");
    const afterCfg = Buffer.from(beforeCfg.toString("utf8").replace("-A FORWARD -j LOG",
      "-A FORWARD -i eth1 -o eth0 -d 10.2.0.40/32 -p tcp -m tcp --dport 3389 -j ACCEPT\n-A FORWARD -j LOG"));
    const b = await upload(ciso, "before.iptables", beforeCfg);
    const a = await upload(ciso, "after.iptables", afterCfg);
    const d = await ciso.post("/api/v1/netcheck/runs", { mode: "diff", title: "RDP の開放", config_file_ids: [b.json.id, a.json.id] });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.json.opened, 1);
    assert.equal(d.json.result.changes[0].witness.dport, 3389);
    const q = await ciso.post("/api/v1/requests", { type: "security_setting_change",
      fields: { device: "fw-lgwan", setting: "RDP (tcp/3389) を 10.2.0.40 へ許可", reason: "保守業者のリモート保守" } });
    assert.equal(q.status, 201, q.text);
    // a check (not a diff) and a request of another type are refused
    const check = sql("SELECT id FROM netcheck_runs WHERE mode = 'check' LIMIT 1");
    let r = await ciso.post(`/api/v1/netcheck/runs/${check}/attach`, { request_id: q.json.id });
    assert.equal(r.json.code, "netcheck_not_attachable");
    r = await ciso.post(`/api/v1/netcheck/runs/${d.json.id}/attach`, { request_id: 999999 });
    assert.equal(r.json.code, "request_not_found");
    r = await ciso.post(`/api/v1/netcheck/runs/${d.json.id}/attach`, { request_id: q.json.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.request_id, q.json.id);
    assert.equal(Number(sql(`SELECT count(*) FROM trail_entries WHERE action = 'netcheck.attach' AND object_id = '${d.json.id}'`)), 1);
    r = await ciso.post(`/api/v1/netcheck/runs/${d.json.id}/attach`, { request_id: q.json.id });
    assert.equal(r.json.code, "netcheck_not_attachable", "attached once");
    const seen = await ciso.get(`/api/v1/requests/${q.json.id}/netcheck`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.items.length, 1);
    assert.equal(seen.json.items[0].result.changes[0].change, "opened");
    const other = await staff.get(`/api/v1/requests/${q.json.id}/netcheck`);
    assert.equal(other.status, 404, "someone who may not read the request sees nothing");
  });

  test("lgsec netcheck --db names the topology's systems as the register does; without it they must be placed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-"));
    writeFileSync(join(dir, "site.yaml"), topology);
    const files = [join(dir, "site.yaml"), join(DATA, "lgwan-fw.iptables"), join(DATA, "mynumber-fw.nft.json")];
    const r = cli(["netcheck", "--lang", "ja", "--db", srv.db, ...files]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /禁止された通信が通る経路 4 件/);
    assert.match(r.stdout, /例: icmp 10\.1\.0\.0 → .* \((住民基本台帳システム|税務システム) → インターネット接続系\)/);
    const j = JSON.parse(cli(["netcheck", "--json", "--db", srv.db, ...files]).stdout);
    assert.deepEqual(j.systems.map((s) => s.name), ["住民基本台帳システム", "税務システム"]);
    // a 無害化 relay taken from the register: 無害化ファイル受渡しシステム (SYS-L12, LGWAN接続系)
    writeFileSync(join(dir, "site.yaml"), topology.toString("utf8").replace("  - {code: SYS-M02, addresses: [10.1.128.0/17]}\n",
      "  - {code: SYS-M02, addresses: [10.1.128.0/17]}\n  - {code: SYS-L12, relay: file, services: [tcp/443], addresses: [10.2.0.30]}\n"));
    const rel = cli(["netcheck", "--lang", "ja", "--db", srv.db, ...files]);
    assert.match(rel.stdout, /中継 \(情報システム\): 無害化ファイル受渡しシステム \(SYS-L12、file\)/, rel.stdout + rel.stderr);
    const rj = JSON.parse(cli(["netcheck", "--json", "--db", srv.db, ...files]).stdout);
    assert.deepEqual(rj.relays.filter((r) => r.system).map((r) => [r.name, r.kind, r.system]), [["無害化ファイル受渡しシステム", "file", "SYS-L12"]]);
    // the kind from the register's 無害化中継の種類 (the demo's SYS-L12 is a file relay) when the topology writes no relay:
    writeFileSync(join(dir, "site.yaml"), topology.toString("utf8").replace("  - {code: SYS-M02, addresses: [10.1.128.0/17]}\n",
      "  - {code: SYS-M02, addresses: [10.1.128.0/17]}\n  - {code: SYS-L12, services: [tcp/443], addresses: [10.2.0.30]}\n"));
    const kj = JSON.parse(cli(["netcheck", "--json", "--db", srv.db, ...files]).stdout);
    assert.deepEqual(kj.relays.filter((r) => r.system).map((r) => [r.name, r.kind, r.system]), [["無害化ファイル受渡しシステム", "file", "SYS-L12"]]);
    const sys = await ciso.req("GET", "/api/v1/systems?q=SYS-L12");
    assert.equal(sys.json.items[0].relay_kind, "file", sys.text);
    writeFileSync(join(dir, "site.yaml"), topology);
    const alone = cli(["netcheck", "--lang", "ja", ...files]);
    assert.equal(alone.status, 1);
    assert.match(alone.stderr, /site\.yaml:\d+: .*SYS-M01.*\[netcheck_topology\]/);
  });

  test("the trail verifies; a stored result changed behind lgsec's back is named by the reconciliation", async () => {
    const ok = cli(["trail", "verify", "--db", srv.db]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    sql(`UPDATE netcheck_runs SET result = replace(result, '第24条(1)', '第99条') WHERE mode = 'check'`);
    const bad = cli(["trail", "verify", "--db", srv.db]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /netcheck_runs/);
  });
});

test("the server checks against the zone matrix of the database's active pack", async () => {
  // a pack whose matrix leaves LGWAN → インターネット接続系 unrestricted and cites 第24条(1)ア
  const dir = mkdtempSync(join(tmpdir(), "lgsec-netcheck-pack-"));
  cpSync(new URL("../../packs/mic", import.meta.url).pathname, dir, { recursive: true });
  const mx = readFileSync(join(dir, "netcheck.yaml"), "utf8")
    .replace(/\{from: lgwan, to: internet, allow: relays,[^}]*\}/, "{from: lgwan, to: internet, allow: any, article: 第25条, ja: 制限しない, en: not restricted}")
    .replace("{from: mynumber, to: internet, allow: none, article: 第24条(1)", "{from: mynumber, to: internet, allow: none, article: 第24条(1)ア");
  writeFileSync(join(dir, "netcheck.yaml"), mx);
  writeFileSync(join(dir, "pack.yaml"), readFileSync(join(dir, "pack.yaml"), "utf8").replace(/^version: .*$/m, 'version: "2034.1"'));
  const setup = initDemo();
  const act = cli(["pack", "activate", "--db", setup.db, dir]);
  assert.equal(act.status, 0, act.stderr);
  const own = await startServer({ db: setup.db });
  try {
    const c = (await signInFirstTime(own.url, setup.ciso.login_id, setup.ciso.password)).client;
    const f = await uploadSite(c);
    const r = await c.post("/api/v1/netcheck/runs", { mode: "check", topology_file_id: f.topology, config_file_ids: f.configs });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.result.matrix, "netcheck.yaml (mic 2034.1)");
    assert.equal(r.json.violations, 3, "the built-in matrix finds 4");
    assert.equal(r.json.result.violations.find((v) => v.from === "mynumber" && v.to === "internet").article, "第24条(1)ア");
  } finally {
    await own.stop();
  }
});
