// Starts a real lgsec server on a loopback port with a fresh temporary database, for the API and
// browser tests. Each call gets its own directory, database, signing key and port.
// Passwords are hashed with a cheap Argon2id setting (LGSEC_TEST_FAST_PASSWORD_HASH) to keep tests fast;
// the cost itself is covered by the unit tests.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jstDate } from "./clock.mjs";

export const BIN = process.env.LGSEC_BIN ?? new URL("../../../build/lgsec", import.meta.url).pathname;

// Runs the CLI synchronously (English messages for stable parsing). Returns {status, stdout, stderr}.
export function cli(args, { env = {} } = {}) {
  const r = spawnSync(BIN, args, {
    encoding: "utf8",
    env: { ...process.env, LANG: "en_US.UTF-8", LGSEC_TEST_FAST_PASSWORD_HASH: "1", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The first login of a demo database, read from what `lgsec init --demo` printed.
function firstLogin(stdout) {
  const login = /login ID: (\S+)/.exec(stdout)?.[1];
  const password = /temporary password: (\S+)/.exec(stdout)?.[1];
  if (!login || !password) throw new Error(`cannot read the first login from: ${stdout}`);
  return { login_id: login, password };
}

// scripts/test-node.sh builds one demo database per run (LGSEC_TEST_DEMO_TEMPLATE: a directory with
// lgsec.db, its key, init.out and made-on). Copying it costs milliseconds where `lgsec init --demo`
// costs about a second (five under ASan), and ~50 suites start one. The copy is used only while the
// servers' JST date is still the one the template was made on (its records are dated from that day),
// and never when a test asks for a fresh one (its own signing key, for instance).
function fromTemplate(dir) {
  const tpl = process.env.LGSEC_TEST_DEMO_TEMPLATE;
  if (!tpl || !existsSync(join(tpl, "made-on"))) return null;
  if (readFileSync(join(tpl, "made-on"), "utf8").trim() !== jstDate(0)) return null;
  for (const name of readdirSync(tpl)) {
    if (!name.startsWith("lgsec.db") || !statSync(join(tpl, name)).isFile()) continue;
    const to = join(dir, name);
    copyFileSync(join(tpl, name), to);
    chmodSync(to, statSync(join(tpl, name)).mode & 0o777);
  }
  return firstLogin(readFileSync(join(tpl, "init.out"), "utf8"));
}

// Creates a demo database; returns { dir, db, ciso: { login_id, password } }. fresh: run `lgsec init`
// even when the run's template could be copied.
export function initDemo({ fresh = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-test-"));
  const db = join(dir, "lgsec.db");
  const copied = fresh ? null : fromTemplate(dir);
  if (copied) return { dir, db, ciso: copied };
  const r = cli(["init", "--demo", "--db", db]);
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { dir, db, ciso: firstLogin(r.stdout) };
}

// Gives the person with staffNo an lgsec account (`lgsec user add`); returns the temporary password.
export function addAccount(db, staffNo, login) {
  const r = cli(["user", "add", "--db", db, "--person", staffNo, "--login", login]);
  if (r.status !== 0) throw new Error(`user add ${login}: ${r.stderr}`);
  return /temporary password\S*:?\s*(\S+)/.exec(r.stdout)[1];
}

// A self-signed certificate for 127.0.0.1 in dir (openssl); returns the two paths.
function selfSignedCert(dir) {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "1", "-subj", "/CN=127.0.0.1"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return { cert, key };
}

// Starts `lgsec serve` on a free port. Options: demo (default true), db (reuse a database), tls.
export async function startServer({ demo = true, db: existing, tls = false } = {}) {
  const setup = existing ? { dir: null, db: existing, ciso: null } : initDemo();
  const args = ["serve", "--db", setup.db, "--listen", "127.0.0.1:0", "--threads", "2"];
  if (tls) {
    const { cert, key } = selfSignedCert(setup.dir);
    args.push("--tls-cert", cert, "--tls-key", key);
  }
  const child = spawn(BIN, args, {
    env: { ...process.env, LANG: "en_US.UTF-8", LGSEC_TEST_FAST_PASSWORD_HASH: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on https?:\/\/[\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${stderr}`));
    });
  });
  void demo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    db: setup.db,
    dir: setup.dir,
    ciso: setup.ciso,
    stderr: () => stderr,
    async stop() {
      child.removeAllListeners("exit");
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await done;
      if (setup.dir) rmSync(setup.dir, { recursive: true, force: true });
      // Under ASan+UBSan (LGSEC_BIN from build-san) a report on the server's stderr fails the run.
      if (/ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.test(stderr))
        throw new Error(`sanitizer report from lgsec serve:\n${stderr}`);
    },
  };
}
