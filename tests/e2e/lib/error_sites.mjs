// Finds every place the C sources raise an error code: calls of err_set/err_setf, and calls of the
// helpers that pass one of their parameters on as the code (found by reading each function's body,
// repeated until no new helper appears). A code that is not a string literal where it is finally
// given is reported as unresolved, so a code cannot hide from the catalog check behind a variable.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.[ch]$/.test(name)) out.push(p);
  }
  return out;
}

/** The text with comments blanked (newlines kept, so offsets and line numbers stay right). */
export function stripComments(s) {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === "\\" ? 2 : 1;
      out += s.slice(i, j + 1);
      i = j + 1;
    } else if (s.startsWith("/*", i)) {
      const j = s.indexOf("*/", i + 2);
      const end = j < 0 ? s.length : j + 2;
      out += s.slice(i, end).replace(/[^\n]/g, " ");
      i = end;
    } else if (s.startsWith("//", i)) {
      let j = s.indexOf("\n", i);
      if (j < 0) j = s.length;
      out += " ".repeat(j - i);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Splits the argument list that opens at s[open] === "(": [args, index of the closing paren]. */
function splitArgs(s, open) {
  const args = [];
  let depth = 0, cur = "";
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === "\\" ? 2 : 1;
      cur += s.slice(i, j + 1);
      i = j;
      continue;
    }
    if ("([{".includes(c)) {
      if (depth++ === 0) continue;
    } else if (")]}".includes(c)) {
      if (--depth === 0) {
        args.push(cur.trim());
        return [args, i];
      }
    } else if (c === "," && depth === 1) {
      args.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  return [args, s.length];
}

const LITERAL = /^(\s*"(?:[^"\\]|\\.)*"\s*)+$/;
/** The string literals an argument can evaluate to ("x", a ? "x" : "y"), or null when it is not literal. */
function literals(arg) {
  if (LITERAL.test(arg)) return [[...arg.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join("")];
  const cond = arg.match(/^[^?]+\?\s*("(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*")$/);
  if (cond) return [JSON.parse(cond[1]), JSON.parse(cond[2])];
  return null;
}
/** The Status names an argument can be (ST_X, a ? ST_X : ST_Y), or null. */
function statuses(arg) {
  const all = arg.match(/\bST_[A-Z]+\b/g);
  if (!all || !/^[\w\s=!<>&|()?:.\->]+$/.test(arg)) return null;
  return [...new Set(all)];
}

const lineOf = (s, at) => s.slice(0, at).split("\n").length;

/** Function definitions: name, static or not, parameter names, body span. */
function functions(text) {
  const out = [];
  const re = /^(static\s+)?[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*\(([^;{}]*?)\)\s*\{/gm;
  for (let m; (m = re.exec(text)); ) {
    if (/^(if|for|while|switch|return)$/.test(m[2])) continue;
    const params = m[3].split(",").map((p) => (p.trim().match(/([A-Za-z_]\w*)\s*(\[\s*\w*\s*\])?$/) || [])[1] || "");
    let depth = 0, i = m.index + m[0].length - 1;
    for (; i < text.length; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) break;
    }
    out.push({ name: m[2], isStatic: !!m[1], params, start: m.index + m[0].length, end: i });
  }
  return out;
}

function callsOf(text, name) {
  const out = [];
  const re = new RegExp(`(?<![\\w.>])${name}\\s*\\(`, "g");
  for (let m; (m = re.exec(text)); ) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (/(Status|enum MHD_Result|\*)\s*$/.test(before)) continue; // a declaration or definition
    const [args, end] = splitArgs(text, m.index + m[0].length - 1);
    out.push({ at: m.index, end, args });
  }
  return out;
}

/**
 * Every raise site under srcDir: {file, line, via, code, statuses (null when not literal), args} and the
 * unresolved ones {file, line, via, arg} whose code is neither a literal nor a helper's parameter.
 */
export function errorSites(srcDir, rootDir = join(srcDir, "..")) {
  const files = walk(srcDir).map((p) => ({ path: relative(rootDir, p), text: stripComments(readFileSync(p, "utf8")) }));
  for (const f of files) f.funcs = functions(f.text);
  // raiser name -> {code, st (index or null), stFixed (names or null), file (for static helpers)}
  const raisers = [
    { name: "err_set", code: 2, st: 1, file: null },
    { name: "err_setf", code: 2, st: 1, file: null },
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of files)
      for (const fn of f.funcs)
        for (const r of raisers) {
          if (r.file && r.file !== f.path) continue;
          for (const c of callsOf(f.text.slice(fn.start, fn.end), r.name)) {
            const codeParam = fn.params.indexOf(c.args[r.code]);
            if (codeParam < 0) continue;
            const file = fn.isStatic && f.path.endsWith(".c") ? f.path : null; // a header's static inline is everyone's
            if (raisers.some((x) => x.name === fn.name && x.file === file)) continue;
            let st = null, stFixed = null;
            if (r.st !== null) {
              const stArg = c.args[r.st] ?? "";
              if (fn.params.includes(stArg)) st = fn.params.indexOf(stArg);
              else stFixed = r.stFixed ?? statuses(stArg);
            } else stFixed = r.stFixed;
            raisers.push({ name: fn.name, code: codeParam, st, stFixed, file });
            changed = true;
          }
        }
  }
  const sites = [], unresolved = [];
  for (const f of files)
    for (const r of raisers) {
      if (r.file && r.file !== f.path) continue;
      for (const c of callsOf(f.text, r.name)) {
        const arg = c.args[r.code];
        if (arg === undefined) continue;
        const inside = f.funcs.find((fn) => c.at >= fn.start && c.at < fn.end);
        // passing its own parameter on: the helper's callers are the sites
        if (inside && inside.params.includes(arg) && raisers.some((x) => x.name === inside.name)) continue;
        const line = lineOf(f.text, c.at);
        // src/entities raises the code its declaration names (.bad_code, collected below), or a literal
        if (/^f->bad_code(\s*\?\s*f->bad_code\s*:\s*"[a-z0-9_]+")?$/.test(arg)) {
          const fallback = arg.match(/"([a-z0-9_]+)"$/);
          if (fallback) sites.push({ file: f.path, line, via: r.name, code: fallback[1], statuses: ["ST_INVALID"], args: c.args });
          continue;
        }
        const codes = literals(arg);
        if (!codes) {
          unresolved.push({ file: f.path, line, via: r.name, arg });
          continue;
        }
        const st = r.st !== null ? statuses(c.args[r.st] ?? "") : r.stFixed;
        for (const code of codes) sites.push({ file: f.path, line, via: r.name, code, statuses: st, args: c.args });
      }
    }
  // entity declarations: a field's .bad_code is the code its checks raise (ST_INVALID)
  for (const f of files)
    if (f.path.startsWith(relative(rootDir, join(srcDir, "entities"))))
      for (const m of f.text.matchAll(/\.bad_code\s*=\s*"([a-z0-9_]+)"/g))
        sites.push({ file: f.path, line: lineOf(f.text, m.index), via: "declaration", code: m[1], statuses: ["ST_INVALID"], args: [] });
  return { sites, unresolved, helpers: raisers.slice(2).map((r) => r.name) };
}
