// SMTP helpers for the mailgate tests: a next-hop sink that records what it receives (or refuses
// with a given reply), a minimal SMTP client, and starting `lgsec mailgate` on a free port.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import net from "node:net";

import { BIN } from "./server.mjs";

// A next hop on 127.0.0.1: { port, messages: [{ from, to, data }], close() }. refuse(verb) may
// return a reply to send instead of the normal one, for a command ("RCPT", ...) or for the end of
// the data ("END"), e.g. "451 4.3.0 busy".
export async function startSink({ refuse } = {}) {
  const messages = [];
  const server = net.createServer((sock) => {
    let buf = "";
    let inData = false;
    let env = { from: null, to: [], data: "" };
    const send = (line) => sock.write(line + "\r\n");
    send("220 sink ESMTP");
    sock.on("data", (chunk) => {
      buf += chunk.toString("latin1");
      let i;
      while ((i = buf.indexOf("\r\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const r = refuse?.("END");
            if (r) send(r);
            else {
              messages.push({ ...env, data: Buffer.from(env.data, "latin1").toString("utf8") });
              send("250 2.0.0 Ok: queued as SINK" + messages.length);
            }
            env = { from: null, to: [], data: "" };
          } else env.data += (line.startsWith(".") ? line.slice(1) : line) + "\r\n";
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const r = refuse?.(verb);
        if (r) { send(r); continue; }
        if (verb === "EHLO") send("250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 100000000");
        else if (verb === "MAIL") { env.from = /<(.*)>/.exec(line)[1]; send("250 2.1.0 Ok"); }
        else if (verb === "RCPT") { env.to.push(/<(.*)>/.exec(line)[1]); send("250 2.1.5 Ok"); }
        else if (verb === "DATA") { inData = true; send("354 go ahead"); }
        else if (verb === "QUIT") { send("221 bye"); sock.end(); }
        else send("250 Ok");
      }
    });
    sock.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, messages, close: () => new Promise((r) => server.close(r)) };
}

// Sends one message; resolves with the replies: { greeting, ehlo, mail, rcpt: [...], data, end }.
// Stops at the first refusal (the rest stay undefined). data is a string (sent as UTF-8) or a Buffer.
export function smtpSend(port, { from, to, data, mailParams = "" }) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    const replies = {};
    let buf = "";
    let lines = [];
    const queue = [];
    let waiting = null;
    const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((res) => (waiting = res)));
    sock.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      let i;
      while ((i = buf.indexOf("\r\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        lines.push(line);
        if (line[3] === "-") continue;
        const reply = lines.join("\n");
        lines = [];
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(reply);
        } else queue.push(reply);
      }
    });
    sock.on("error", reject);
    const code = (r) => Number(r.slice(0, 3));
    (async () => {
      replies.greeting = await next();
      if (code(replies.greeting) !== 220) return;
      sock.write("EHLO client.test\r\n");
      replies.ehlo = await next();
      sock.write(`MAIL FROM:<${from}>${mailParams}\r\n`);
      replies.mail = await next();
      if (code(replies.mail) !== 250) return;
      replies.rcpt = [];
      for (const r of to) {
        sock.write(`RCPT TO:<${r}>\r\n`);
        replies.rcpt.push(await next());
      }
      sock.write("DATA\r\n");
      replies.data = await next();
      if (code(replies.data) !== 354) return;
      const body = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
      const lines = body.toString("latin1").split(/\r?\n/);
      if (lines.at(-1) === "") lines.pop();
      const stuffed = lines.map((l) => (l.startsWith(".") ? "." + l : l)).join("\r\n") + "\r\n.\r\n";
      sock.write(Buffer.from(stuffed, "latin1"));
      replies.end = await next();
    })()
      .then(() => {
        sock.end("QUIT\r\n");
        resolve(replies);
      })
      .catch(reject);
  });
}

// Sends several messages over one connection, as Postfix's smtp client does when it reuses a
// connection; resolves with the final reply to each message's data (or the first refusal of its
// envelope) in order. messages: [{ from, to, data, mailParams }].
export function smtpSendMany(port, messages) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    let buf = "";
    let lines = [];
    const queue = [];
    let waiting = null;
    const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((res) => (waiting = res)));
    sock.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      let i;
      while ((i = buf.indexOf("\r\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        lines.push(line);
        if (line[3] === "-") continue;
        const reply = lines.join("\n");
        lines = [];
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(reply);
        } else queue.push(reply);
      }
    });
    sock.on("error", reject);
    const ok = (r, c) => r.startsWith(String(c));
    (async () => {
      const results = [];
      if (!ok(await next(), 220)) throw new Error("no greeting");
      sock.write("EHLO client.test\r\n");
      await next();
      for (const m of messages) {
        sock.write(`MAIL FROM:<${m.from}>${m.mailParams ?? ""}\r\n`);
        const mail = await next();
        if (!ok(mail, 250)) { results.push(mail); sock.write("RSET\r\n"); await next(); continue; }
        let refused = null;
        for (const r of m.to) {
          sock.write(`RCPT TO:<${r}>\r\n`);
          const rr = await next();
          if (!ok(rr, 250)) refused ??= rr;
        }
        sock.write("DATA\r\n");
        const data = await next();
        if (!ok(data, 354)) { results.push(refused ?? data); sock.write("RSET\r\n"); await next(); continue; }
        const body = Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data, "utf8");
        const ls = body.toString("latin1").split(/\r?\n/);
        if (ls.at(-1) === "") ls.pop();
        sock.write(Buffer.from(ls.map((l) => (l.startsWith(".") ? "." + l : l)).join("\r\n") + "\r\n.\r\n", "latin1"));
        results.push(await next());
      }
      return results;
    })()
      .then((results) => {
        sock.end("QUIT\r\n");
        resolve(results);
      })
      .catch(reject);
  });
}

// Starts `lgsec mailgate` (on a free port unless args has --listen); resolves with
// { port, pid, stop(), stderr() }.
export async function startMailgate(args, { env = {} } = {}) {
  const listen = args.includes("--listen") ? [] : ["--listen", "127.0.0.1:0"];
  const child = spawn(BIN, ["mailgate", ...listen, ...args], {
    env: { ...process.env, LANG: "en_US.UTF-8", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on [\d.]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (c) => reject(new Error(`mailgate exited (${c}): ${stderr}`)));
  });
  return {
    port,
    pid: child.pid,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

// A message nested 40 multiparts deep: more than the engine opens (MIME bombs), so it cannot be
// text-converted and must be refused as a whole.
export function tooDeepMessage(subject, text) {
  const head = [`Subject: ${subject}`, "From: sender@city.example.lg.jp", "MIME-Version: 1.0"];
  let body = `Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
  for (let i = 0; i < 40; i++)
    body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
  return head.join("\r\n") + "\r\n" + body;
}

// The text of a single-part message as a reader sees it: the body decoded from its
// Content-Transfer-Encoding (base64, quoted-printable or none) as UTF-8.
export function bodyText(message) {
  const split = message.search(/\r?\n\r?\n/);
  const headers = message.slice(0, split);
  const body = message.slice(split).replace(/^\r?\n\r?\n/, "");
  const cte = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (cte === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (cte === "quoted-printable")
    return Buffer.from(
      body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  return body;
}

// The processes below pid, by depth: [[children], [grandchildren], …] (Linux /proc). The gate's
// children are its session processes, their children the sandbox workers.
export function processTree(pid) {
  const parent = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(name), ppid);
    } catch {
      // the process ended while the list was read
    }
  }
  const levels = [];
  let current = [pid];
  while (current.length) {
    const next = [...parent].filter(([, pp]) => current.includes(pp)).map(([p]) => p);
    if (next.length) levels.push(next);
    current = next;
  }
  return levels;
}
