// The server against hostile clients (issue 12 §2, §6): one client holding hundreds of half-open
// connections, headers sent a byte at a time, a 100 GB Content-Length, ambiguous framing, %00 in a
// path, an oversize table, and the modes of the files holding password hashes and TOTP secrets.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { BIN, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";

let srv;
let ciso; // the signed-in CISO's client

before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});

after(async () => {
  await srv?.stop();
});

// Sends raw bytes on a fresh connection; resolves with what came back once the server answers
// (first line) or closes, or with "" after waitMs.
function raw(bytes, { waitMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(srv.port, "127.0.0.1");
    let got = "";
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, waitMs);
    sock.on("data", (d) => {
      got += d.toString("latin1");
      if (got.includes("\r\n\r\n")) done();
    });
    sock.on("close", done);
    sock.on("error", done);
    sock.write(bytes);
  });
}

const statusOf = (response) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

// GET /healthz from another loopback address (127.0.0.2), as another client would.
function healthzFrom(localAddress, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port: srv.port, path: "/healthz", localAddress, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve(0);
    });
    req.on("error", () => resolve(0));
  });
}

describe("connections", () => {
  test("one client holding 520 half-open connections cannot make /healthz unavailable to others", async () => {
    const held = [];
    await Promise.all(
      Array.from({ length: 520 }, () =>
        new Promise((resolve) => {
          const s = net.connect(srv.port, "127.0.0.1", () => {
            s.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "); // headers never finished
            resolve();
          });
          s.on("error", resolve);
          s.on("close", resolve);
          held.push(s);
        }),
      ),
    );
    try {
      let ok = 0;
      for (let i = 0; i < 10; i++) if ((await healthzFrom("127.0.0.2")) === 200) ok++;
      assert.equal(ok, 10, "every /healthz from another address is answered");
    } finally {
      for (const s of held) s.destroy();
    }
  });

  test("a connection that does not finish its headers is closed within seconds", async () => {
    const start = Date.now();
    const closedAfter = await new Promise((resolve) => {
      const s = net.connect(srv.port, "127.0.0.1", () => s.write("GET / HTTP/1.1\r\nHost: x\r\n"));
      const timer = setTimeout(() => {
        s.destroy();
        resolve(Infinity);
      }, 20000);
      s.on("close", () => {
        clearTimeout(timer);
        resolve(Date.now() - start);
      });
      s.on("error", () => {});
    });
    assert.ok(closedAfter < 15000, `closed after ${closedAfter} ms`);
  });

  test("a huge Content-Length is refused at once (413), before any body is read", async () => {
    const start = Date.now();
    const r = await raw(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        "Content-Length: 100000000000\r\n\r\n{",
    );
    assert.equal(statusOf(r), 413, r);
    assert.ok(Date.now() - start < 3000);
    assert.match(r, /body_too_large/);
  });

  test("ambiguous framing and NUL in the path are 400", async () => {
    const body = '{"login_id":"a","password":"b"}';
    const cases = {
      "two Content-Length":
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      "Content-Length with chunked":
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      "Content-Length not a number":
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}x\r\n\r\n${body}`,
      "two Transfer-Encoding":
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      "%00 in the path": "GET /api/v1/auth/config%00.json HTTP/1.1\r\nHost: x\r\n\r\n",
      "%00 in the query": "GET /api/v1/people?q=a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
      "%00 in a static path": "GET /index.html%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const r = await raw(bytes);
      assert.equal(statusOf(r), 400, `${name}: ${r.split("\r\n")[0]}`);
    }
    // the same requests, well formed, are answered
    assert.equal(statusOf(await raw("GET /api/v1/auth/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
  });

  test("a table too large to import is 413 (a size), not 429 (a rate)", async () => {
    const csv = Array.from({ length: 16385 }, (_, i) => `c${i}`).join(",") + "\n";
    const r = await ciso.req("POST", "/api/v1/imports?target=assets&filename=wide.csv", undefined, {
      raw: csv,
      headers: { "content-type": "text/csv" },
    });
    assert.equal(r.status, 413, r.text);
    assert.equal(r.json.code, "table_too_large");
  });
});

describe("text", () => {
  test("names and free text refuse bidi controls and zero-width characters, naming the field in Japanese", async () => {
    const c = ciso;
    const cases = [
      ["\u202eexe.txt", "U+202E right-to-left override"],
      ["市民課\u200b", "U+200B zero-width space"],
      ["DX\u2066推進\u2069", "U+2066/2069 isolates"],
      ["\ufeff推進室", "U+FEFF"],
    ];
    for (const [name, what] of cases) {
      const r = await c.post("/api/v1/org/units", { parent_id: 1, code: `bidi${cases.findIndex((x) => x[0] === name)}`, name, kind: "department" });
      assert.equal(r.status, 400, what);
      assert.equal(r.json.code, "invalid_text", what);
      assert.equal(r.json.field, "name", what);
      assert.match(r.json.detail, /組織名.*見えない文字/, what);
    }
    const ok = await c.post("/api/v1/org/units", { parent_id: 1, code: "bidiok", name: "葛\u{E0100}飾推進室", kind: "department" });
    assert.equal(ok.status, 201, ok.text);
  });
});

describe("files", () => {
  test("database, WAL, SHM and backups are 0600 whatever the umask", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lgsec-modes-"));
    try {
      const db = join(dir, "modes.db");
      const sh = (cmd) =>
        spawnSync("sh", ["-c", `umask 000; ${cmd}`], {
          encoding: "utf8",
          env: { ...process.env, LANG: "en_US.UTF-8", LGSEC_TEST_FAST_PASSWORD_HASH: "1" },
        });
      let r = sh(`"${BIN}" init --demo --db "${db}"`);
      assert.equal(r.status, 0, r.stderr);
      // a writer keeps the WAL and SHM while the modes are read: serve, started under umask 000
      r = sh(`"${BIN}" serve --db "${db}" --listen 127.0.0.1:0 >/dev/null & pid=$!; ` +
        `for i in $(seq 100); do [ -e "${db}-wal" ] && [ -e "${db}-shm" ] && break; sleep 0.1; done; ` +
        `stat -c '%n %a' "${db}"* ; kill $pid; wait $pid`);
      const modes = Object.fromEntries(r.stdout.trim().split("\n").map((l) => l.split(" ")));
      for (const suffix of ["", "-wal", "-shm", ".trail-key"]) {
        assert.ok(modes[db + suffix], `${db + suffix} exists: ${r.stdout} ${r.stderr}`);
        assert.equal(modes[db + suffix], "600", `${suffix || "database"} mode`);
      }
      r = sh(`"${BIN}" backup --db "${db}" "${join(dir, "copy.db")}"`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(statSync(join(dir, "copy.db")).mode & 0o777, 0o600, "backup mode");
      assert.ok(!existsSync(join(dir, "copy.db-wal")) || (statSync(join(dir, "copy.db-wal")).mode & 0o777) === 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
