// A private Postfix instance (Debian package) on loopback, for the suites that put lgsec behind a real
// Postfix (mailgate-postfix, incident-intake-postfix): its own main.cf, master.cf, queue and data
// directories and mail log in one directory, an smtpd on a free port to submit to, started and stopped
// with `postfix -c`. What a suite routes where (content_filter, transport_maps, pipe(8) or virtual(8)
// entries) it adds itself; everything else is the same for every suite.
//
//   postfixSkip                    why the suites are skipped (Postfix missing, not root), else false
//   freePort()                     a TCP port on 127.0.0.1 that is free now
//   createPostfix({ dir })         makes the directory (dir, which must not exist yet, or a new one under
//                                  os.tmpdir()) with etc/, queue/, data/ and picks the submission port;
//                                  resolves with pf:
//     pf.dir, pf.etc, pf.submitPort
//     pf.start({ main, master, files })  writes main.cf (the common settings, then the lines main),
//                                  master.cf (the submission smtpd and the standard services, then the
//                                  lines of master), the files { name: text } in etc/, and starts it
//     pf.submit({ from, to, data })  submits one message over SMTP (8BITMIME); resolves with its queue ID
//     pf.maillog()                 the mail log so far ("" before the first line)
//     pf.until(what, check, { seconds = 60, every = 100 })
//                                  polls check() until it returns something truthy and resolves with it
//                                  (Postfix delivers asynchronously); fails with the end of the mail log
//     pf.postfix(...args)          runs `postfix -c etc args` ({ status, stdout, stderr })
//     pf.flush()                   `postqueue -f`: retries the deferred messages now; asserts success
//     pf.idle()                    true when no message is arriving or being delivered (nothing in the
//                                  incoming or active queue; deferred and held ones may remain)
//     pf.stop()                    stops Postfix and removes the directory
// Needs root: Postfix's master runs as root and drops to the postfix user, which must reach the
// directory (it is made 0755; its parents must be traversable).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { smtpSend } from "./smtp.mjs";

const POSTFIX = "/usr/sbin/postfix";
const POSTQUEUE = "/usr/sbin/postqueue";

export const postfixSkip = !existsSync(POSTFIX)
  ? "Postfix is not installed (Debian package postfix)"
  : process.getuid() !== 0
    ? "a private Postfix instance needs root"
    : false;

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const userId = (name) => Number(spawnSync("id", ["-u", name], { encoding: "utf8" }).stdout.trim());

// The Postfix daemons every instance needs: [service, type, private, wakeup, maxproc, command]. All run
// unprivileged and unchrooted.
const SERVICES = [
  ["pickup", "unix", "n", "60", "1", "pickup"], ["cleanup", "unix", "n", "-", "0", "cleanup"],
  ["qmgr", "unix", "n", "300", "1", "qmgr"], ["rewrite", "unix", "-", "-", "-", "trivial-rewrite"],
  ["bounce", "unix", "-", "-", "0", "bounce"], ["defer", "unix", "-", "-", "0", "bounce"],
  ["trace", "unix", "-", "-", "0", "bounce"], ["verify", "unix", "-", "-", "1", "verify"],
  ["flush", "unix", "n", "1000?", "0", "flush"], ["proxymap", "unix", "-", "-", "-", "proxymap"],
  ["smtp", "unix", "-", "-", "-", "smtp"], ["showq", "unix", "n", "-", "-", "showq"],
  ["error", "unix", "-", "-", "-", "error"], ["retry", "unix", "-", "-", "-", "error"],
  ["discard", "unix", "-", "-", "-", "discard"], ["anvil", "unix", "-", "-", "1", "anvil"],
  ["scache", "unix", "-", "-", "1", "scache"], ["postlog", "unix-dgram", "n", "-", "1", "postlogd"],
];

// Loopback only, the log in the directory, no local delivery, no aliases; mail to anything a suite
// does not route is refused ("no delivery outside the test").
const mainCf = (dir) => `compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.test.invalid
mydomain = test.invalid
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
alias_maps =
alias_database =
biff = no
default_transport = error:no delivery outside the test
smtpd_relay_restrictions = permit_mynetworks, reject
`;

export async function createPostfix({ dir } = {}) {
  if (dir) mkdirSync(dir);
  else dir = mkdtempSync(join(tmpdir(), "lgsec-postfix-"));
  chmodSync(dir, 0o755); // the postfix user must reach its queue
  const etc = join(dir, "etc");
  for (const d of ["etc", "queue", "data"]) mkdirSync(join(dir, d));
  chownSync(join(dir, "data"), userId("postfix"), 0);
  const submitPort = await freePort();

  const maillog = () => (existsSync(join(dir, "maillog")) ? readFileSync(join(dir, "maillog"), "utf8") : "");
  const postfix = (...args) => spawnSync(POSTFIX, ["-c", etc, ...args], { encoding: "utf8" });
  return {
    dir,
    etc,
    submitPort,
    maillog,
    postfix,
    start({ main = "", master = [], files = {} } = {}) {
      writeFileSync(join(etc, "main.cf"), mainCf(dir) + main);
      // columns: service type private unprivileged chroot wakeup maxproc command
      const services = SERVICES.map(([name, type, priv, wake, max, cmd]) => `${name} ${type} ${priv} - n ${wake} ${max} ${cmd}`);
      writeFileSync(join(etc, "master.cf"), [`127.0.0.1:${submitPort} inet n - n - - smtpd`, ...services, ...master, ""].join("\n"));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(etc, name), text);
      const r = postfix("start");
      assert.equal(r.status, 0, `postfix start failed: ${r.stdout}${r.stderr}\n${maillog()}`);
    },
    async submit({ from, to, data }) {
      const r = await smtpSend(submitPort, { from, to, data, mailParams: " BODY=8BITMIME" });
      assert.match(r.end ?? "", /^250 .*queued as (\w+)/, JSON.stringify(r));
      return /queued as (\w+)/.exec(r.end)[1];
    },
    async until(what, check, { seconds = 60, every = 100 } = {}) {
      for (let waited = 0; waited < seconds * 1000; waited += every) {
        const v = check();
        if (v) return v;
        await new Promise((r) => setTimeout(r, every));
      }
      assert.fail(`${what} did not happen; mail log:\n${maillog().slice(-5000)}`);
    },
    flush() {
      const r = spawnSync(POSTQUEUE, ["-c", etc, "-f"], { encoding: "utf8" });
      assert.equal(r.status, 0, `postqueue -f failed: ${r.stdout}${r.stderr}`);
    },
    idle() {
      const r = spawnSync(POSTQUEUE, ["-c", etc, "-j"], { encoding: "utf8" });
      assert.equal(r.status, 0, `postqueue -j failed: ${r.stdout}${r.stderr}`);
      return r.stdout.split("\n").filter((l) => l.trim())
        .every((l) => !["incoming", "active", "maildrop"].includes(JSON.parse(l).queue_name));
    },
    stop() {
      postfix("stop");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
