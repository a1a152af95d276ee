// API throughput and p99 latency of an authenticated GET /api/v1/people?limit=50 (wrk, 32
// connections, 2 threads) as a ratio against baseline_server returning the same bytes.
// Target (issue 2): throughput ratio >= 0.4.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { cli, startServer } from "../tests/e2e/lib/server.mjs";
import { signInFirstTime } from "../tests/e2e/lib/client.mjs";

const DURATION = process.env.BENCH_SECONDS ?? "10";

function wrk(url, headers) {
  const args = ["-t2", "-c32", `-d${DURATION}s`, "--latency"];
  for (const h of headers) args.push("-H", h);
  const r = spawnSync("wrk", [...args, url], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)[1]);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(r.stdout);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2]];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout);
  if (non2xx) throw new Error(`wrk saw ${non2xx[1]} error responses`);
  return { rps, p99ms: Number(p99[1]) * scale };
}

const srv = await startServer({ demo: true });
try {
  // A 課長 outside the マイナンバー利用事務系: can read the directory, no second factor needed.
  const list = spawnSync("sqlite3", [srv.db, "SELECT p.staff_no FROM people p JOIN role_assignments r ON r.person_id = p.id WHERE r.role = 'section_security_manager' AND p.mynumber_zone = 0 LIMIT 1"], { encoding: "utf8" });
  const staffNo = list.stdout.trim();
  const add = cli(["user", "add", "--db", srv.db, "--person", staffNo, "--login", "bench.reader"]);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(add.stdout)?.[1];
  if (!temp) throw new Error(add.stdout + add.stderr);
  const { client } = await signInFirstTime(srv.url, "bench.reader", temp);
  const path = "/api/v1/people?limit=50";
  const sample = await client.get(path);
  if (sample.status !== 200 || sample.json.items.length !== 50) throw new Error(`unexpected ${sample.status}`);
  const bodyFile = join(srv.dir, "baseline-body.json");
  writeFileSync(bodyFile, sample.text);

  const base = spawn(process.env.BASELINE_BIN, ["18099", bodyFile, "2"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((r) => base.stdout.once("data", r));
  const b = wrk("http://127.0.0.1:18099" + path, []);
  base.kill("SIGTERM");
  const l = wrk(srv.url + path, [`Cookie: ${client.cookie}`]);

  console.log(`response size: ${sample.text.length} bytes`);
  console.log(`baseline: ${b.rps.toFixed(0)} req/s, p99 ${b.p99ms.toFixed(2)} ms`);
  console.log(`lgsec:    ${l.rps.toFixed(0)} req/s, p99 ${l.p99ms.toFixed(2)} ms`);
  console.log(`ratio:    throughput ${(l.rps / b.rps).toFixed(2)} (target >= 0.40), p99 ${(l.p99ms / b.p99ms).toFixed(1)}x`);
} finally {
  await srv.stop();
}
