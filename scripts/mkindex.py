#!/usr/bin/env python3
"""Collects the declarations written beside the code into lgsec's registries (like fossil's mkindex).

usage: mkindex.py --root DIR --capabilities HEADER --pack DIR
                  [--routes-out FILE.c] [--commands-out FILE.c] [--rules-out FILE.c] SOURCE...

A declaration is a comment that opens with a keyword, directly above the function it declares
(blank lines and other comments may come between):

  /* ROUTE: METHOD PATH CAPABILITY [changes_state] [before_mfa] [upload]
   * summary (the rest of the comment, lines joined by a space) */
  Status api_handler(Request *req, Response *res, Err *e)

  /* COMMAND: name
   * SUMMARY: 日本語の要約
   * SUMMARY_EN: English summary
   * USAGE:
   * 使い方: … (every line up to USAGE_EN, verbatim after "* ")
   * USAGE_EN:
   * usage: … */
  int cmd_name(int argc, char **argv)

  /* ENFORCES: 第N条[(k)] [第M条 …] [pack: file.key.path …]
   *     (the list goes on over lines that are indented or open with pack:)
   * what the function refuses or requires (optional) */
  Status some_domain_function(...)

With --pipeline FUNC (the function every HTTP request goes through), an enforcing function that FUNC
reaches is marked as reached by every route.

The outputs: the route table (http), the command table and the enforcement table (cli). Routes are
sorted so that a literal path segment comes before a {parameter} at the same place: the most specific
pattern matches first, whatever file or order the declarations are in. The routes that reach an
enforcing function are found on the call graph of the sources (direct calls and functions named as
values; not through function pointers stored elsewhere).

Any malformed declaration, unknown capability, article or pack key, duplicate route or command, or a
declaration with no function below it fails with FILE:LINE: message (exit 1). Outputs are rewritten
only when their content changes.
"""
import argparse
import os
import re
import sys

try:
    import yaml
except ImportError:  # the pack keys are then checked at run time only
    yaml = None

KEYWORDS = ("ROUTE", "COMMAND", "ENFORCES")
DECL = re.compile(r"^[ \t]*/\*[ \t]*(" + "|".join(KEYWORDS) + r")\b(:?)(.*)$")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ROUTE_FLAGS = ("changes_state", "before_mfa", "upload")
PATH = re.compile(r"^/(?:[A-Za-z0-9._-]+|\{[a-z_]+\})(?:/(?:[A-Za-z0-9._-]+|\{[a-z_]+\}))*$")
CITATION = re.compile(r"^第[0-9]+条(?:の[0-9]+)?(?:[0-9]+|第[0-9]+項)?(?:\([0-9]+\)|第[0-9]+号)?"
                      r"(?:[アイウエオカキクケコサシスセソタチツテト]|\([アイウエオカキクケコサシスセソタチツテト]\))?$")
BASE_ARTICLE = re.compile(r"^第[0-9]+条(?:の[0-9]+)?")
PACK_KEY = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
FUNC_DEF = re.compile(r"^(?:static\s+)?(?:inline\s+)?[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\(")
COMMAND_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def join_lines(lines):
    """Comment lines as one text: a space between words, none between two Japanese characters."""
    out = ""
    for l in (l.strip() for l in lines):
        if not l:
            continue
        if out and not (ord(out[-1]) > 0x2e7f and ord(l[0]) > 0x2e7f):
            out += " "
        out += l
    return out


class Failure(Exception):
    pass


def fail(where, message):
    raise Failure(f"{where}: {message}")


def comment_lines(lines, start, where):
    """The text lines of the comment opening at lines[start] and the index after its close."""
    out = []
    i = start
    while i < len(lines):
        line = lines[i]
        if i == start:
            line = line[line.index("/*") + 2:]
        else:
            m = re.match(r"^\s*\*(?!/)( |$)?", line)
            if m:
                line = line[m.end():]
            else:
                line = line.lstrip()
        end = line.find("*/")
        if end >= 0:
            out.append(line[:end].rstrip())
            return out, i + 1
        out.append(line.rstrip())
        i += 1
    fail(where, "declaration comment is never closed")


def function_below(lines, i, where):
    """The name of the function defined after the declaration(s) ending before lines[i]."""
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("/*"):  # another declaration or a doc comment
            while "*/" not in lines[i]:
                i += 1
                if i >= len(lines):
                    fail(where, "comment never closed")
            i += 1
            continue
        if stripped.startswith("//"):
            i += 1
            continue
        m = FUNC_DEF.match(lines[i])
        # a definition: the header (possibly over several lines) is followed by '{', not ';'
        if m:
            j = i
            header = lines[i]
            while j + 1 < len(lines) and "{" not in header and ";" not in header:
                j += 1
                header += lines[j]
            if "{" in header and header.index("{") > header.index("(") and \
                    (";" not in header or header.index(";") > header.index("{")):
                return m.group(1), i + 1
        fail(where, f"a declaration must stand directly above a function definition (found: {stripped[:60]!r})")
    fail(where, "a declaration must stand directly above a function definition (found the end of the file)")


def parse_route(head, body, where, capabilities):
    words = head.split()
    if len(words) < 3:
        fail(where, "ROUTE: wants METHOD PATH CAPABILITY [changes_state] [before_mfa] [upload]")
    method, path, cap, flags = words[0], words[1], words[2], words[3:]
    if method not in METHODS:
        fail(where, f"ROUTE: unknown method {method!r} (one of {', '.join(METHODS)})")
    if not PATH.match(path):
        fail(where, f"ROUTE: malformed path {path!r}")
    if cap not in capabilities:
        fail(where, f"ROUTE: unknown capability {cap!r} (one of {', '.join(sorted(capabilities))})")
    for f in flags:
        if f not in ROUTE_FLAGS:
            fail(where, f"ROUTE: unknown flag {f!r} (one of {', '.join(ROUTE_FLAGS)})")
    if len(set(flags)) != len(flags):
        fail(where, "ROUTE: a flag is given twice")
    upload = "upload" in flags
    if upload and method != "POST":
        fail(where, "ROUTE: an upload is a POST")
    changes = "changes_state" in flags or upload
    if method != "GET" and not changes:
        fail(where, f"ROUTE: a {method} changes state: add changes_state")
    if method == "GET" and changes:
        fail(where, "ROUTE: a GET cannot change state")
    summary = join_lines(body)
    if not summary:
        fail(where, "ROUTE: the summary (the comment's next lines) is missing")
    return {"method": method, "path": path, "capability": capabilities[cap], "cap_name": cap,
            "changes_state": changes, "before_mfa": "before_mfa" in flags, "upload": upload,
            "summary": summary}


def parse_command(head, body, where):
    name = head.strip()
    if not COMMAND_NAME.match(name):
        fail(where, f"COMMAND: malformed name {name!r}")
    parts = {}
    current = None
    for line in body:
        m = re.match(r"^(SUMMARY|SUMMARY_EN|USAGE|USAGE_EN):(.*)$", line)
        if m:
            key = m.group(1)
            if key in parts:
                fail(where, f"COMMAND {name}: {key} is given twice")
            parts[key] = [m.group(2).strip()] if key.startswith("SUMMARY") else []
            current = key
        elif current is None:
            if line.strip():
                fail(where, f"COMMAND {name}: text before SUMMARY: {line.strip()[:40]!r}")
        elif current.startswith("SUMMARY"):
            if line.strip():
                fail(where, f"COMMAND {name}: {current} is one line")
        else:
            parts[current].append(line)
    for key in ("SUMMARY", "SUMMARY_EN", "USAGE", "USAGE_EN"):
        if key not in parts or not "".join(parts[key]).strip():
            fail(where, f"COMMAND {name}: {key}: is missing or empty")
    usage = {}
    for key in ("USAGE", "USAGE_EN"):
        text = parts[key]
        while text and not text[-1].strip():
            text.pop()
        usage[key] = "".join(l + "\n" for l in text)
    return {"name": name, "summary_ja": parts["SUMMARY"][0], "summary_en": parts["SUMMARY_EN"][0],
            "usage_ja": usage["USAGE"], "usage_en": usage["USAGE_EN"]}


def pack_key_exists(pack, key):
    """file.path…: the yaml file's top mapping, then mapping keys or list items by id."""
    parts = key.split(".")
    node = pack.get(parts[0])
    if node is None:
        return False
    for p in parts[1:]:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list):
            node = next((x for x in node if isinstance(x, dict) and str(x.get("id")) == p), None)
            if node is None:
                return False
        else:
            return False
    return True


def parse_enforces(head, body, where, articles, pack):
    if "pack:" in head:
        cited, keys = head.split("pack:", 1)
        keys = keys.replace(",", " ").split()
        if not keys:
            fail(where, "ENFORCES: pack: names no key")
    else:
        cited, keys = head, []
    cited = cited.replace(",", " ").replace("、", " ").split()
    if not cited:
        fail(where, "ENFORCES: wants one or more articles (第N条…), then optionally pack: KEY …")
    for c in cited:
        if not CITATION.match(c):
            fail(where, f"ENFORCES: {c!r} is not an article citation (第N条, 第N条(k), 第N条M …)")
        if articles is not None and BASE_ARTICLE.match(c).group(0) not in articles:
            fail(where, f"ENFORCES: {BASE_ARTICLE.match(c).group(0)} is not an article of the pack (articles.yaml)")
    for k in keys:
        if not PACK_KEY.match(k):
            fail(where, f"ENFORCES: malformed pack key {k!r} (file.key.id, e.g. requests.types.take_out)")
        if pack is not None and not pack_key_exists(pack, k):
            fail(where, f"ENFORCES: pack key {k!r} is not in the pack")
    note = join_lines(body)
    return {"articles": cited, "pack_keys": keys, "note": note}


def scan(path, rel, ctx, found):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    pending = []
    while i < len(lines):
        m = DECL.match(lines[i])
        if not m:
            i += 1
            continue
        where = f"{rel}:{i + 1}"
        keyword = m.group(1)
        if m.group(2) != ":":
            fail(where, f"{keyword} must be followed by ':'")
        text, after = comment_lines(lines, i, where)
        head = text[0].split(":", 1)[1] if ":" in text[0] else ""
        body = text[1:]
        if keyword == "ENFORCES":  # the head goes on over lines that are indented or open with pack:
            while body and (body[0][:1].isspace() or body[0].startswith("pack:")):
                head += " " + body.pop(0).strip()
        if keyword == "ROUTE":
            decl = parse_route(head, body, where, ctx["capabilities"])
        elif keyword == "COMMAND":
            decl = parse_command(head, body, where)
        else:
            decl = parse_enforces(head, body, where, ctx["articles"], ctx["pack"])
        fn, fn_line = function_below(lines, after, where)
        decl.update({"keyword": keyword, "function": fn, "file": rel, "line": fn_line, "where": where})
        found.append(decl)
        i = after


# ---- the call graph, for the routes that reach an enforcing function ----

def strip_code(text):
    """The text with comments, string and character literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + c)
            i = j + 1
        elif c == "#" and (i == 0 or text[i - 1] == "\n"):  # preprocessor lines
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] != "\\":
                    break
                j = k + 1
            out.append(re.sub(r"[^\n]", " ", text[i:k]))
            i = k
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions_of(text):
    """(name, static, body) for every function defined at the top level of a file."""
    code = strip_code(text)
    out = []
    i = 0
    start_of_stmt = 0
    n = len(code)
    while i < n:
        c = code[i]
        if c == "{":
            # a top-level brace: a function body when the text before it ends with NAME(…)
            header = code[start_of_stmt:i]
            m = re.search(r"\b([A-Za-z_]\w*)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$", header)
            j, d = i, 0
            while j < n:
                if code[j] == "{":
                    d += 1
                elif code[j] == "}":
                    d -= 1
                    if d == 0:
                        break
                j += 1
            if m and "=" not in header and not re.search(r"\b(struct|enum|union)\s*\w*\s*$", header):
                out.append((m.group(1), re.search(r"\bstatic\b", header) is not None, code[i:j]))
            i = j + 1
            start_of_stmt = i
            continue
        elif c == ";" or c == "}":
            start_of_stmt = i + 1
        i += 1
    return out


def call_graph(sources):
    """{(file, name): identifiers its body names} for every function, and the non-static ones by name."""
    defs = {}
    globals_ = {}
    for rel, text in sources:
        for name, static, body in functions_of(text):
            defs.setdefault((rel, name), set()).update(re.findall(r"\b[A-Za-z_]\w*\b", body))
            if not static:
                globals_[name] = (rel, name)
    return defs, globals_


def reachable_from(start, defs, globals_):
    """Every function reached from start: a name resolves to the file's own static first."""
    seen = {start}
    todo = [start]
    while todo:
        rel, name = todo.pop()
        for ref in defs.get((rel, name), ()):
            target = (rel, ref) if (rel, ref) in defs else globals_.get(ref)
            if target and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


# ---- output ----

def c_string(s):
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def c_lines(s, indent="     "):
    """A C string literal split after each newline, for long help texts."""
    pieces = [p for p in re.split(r"(?<=\n)", s) if p]
    if len(pieces) <= 1:
        return c_string(s)
    return ("\n" + indent).join(c_string(p) for p in pieces)


def segment_key(route):
    segs = route["path"].strip("/").split("/")
    return [(1, "") if s.startswith("{") else (0, s) for s in segs], METHODS.index(route["method"])


def render_routes(routes):
    out = ["/* Generated by scripts/mkindex.py from the ROUTE: declarations above the handlers: do not edit. */",
           '#include "http/http.h"', '#include "policy/capability.h"', ""]
    for fn in sorted({r["function"] for r in routes}):
        out.append(f"Status {fn}(Request *req, Response *res, Err *e);")
    out += ["", "const Route routes[] = {"]
    for r in routes:
        fields = [f".method = {c_string(r['method'])}", f".pattern = {c_string(r['path'])}",
                  f".capability = {r['capability']}", f".changes_state = {str(r['changes_state']).lower()}",
                  f".before_mfa = {str(r['before_mfa']).lower()}", f".handler = {r['function']}",
                  f".summary = {c_string(r['summary'])}"]
        if r["upload"]:
            fields += [".file_upload = true", ".max_body = MAX_UPLOAD_BYTES"]
        out.append(f"    /* {r['where']} */")
        out.append("    {" + ", ".join(fields) + "},")
    out += ["    {0},", "};", ""]
    return "\n".join(out)


def render_commands(commands):
    out = ["/* Generated by scripts/mkindex.py from the COMMAND: declarations above the cmd_* functions: do not",
           " * edit. */", '#include "cli/cli.h"', ""]
    for c in commands:
        out.append(f"int {c['function']}(int argc, char **argv);")
    out += ["", "const Command commands[] = {"]
    for c in commands:
        out.append(f"    /* {c['where']} */")
        out.append(f"    {{{c_string(c['name'])}, {c['function']}, {c_string(c['summary_ja'])}, "
                   f"{c_string(c['summary_en'])},")
        out.append(f"     {c_lines(c['usage_ja'])},")
        out.append(f"     {c_lines(c['usage_en'])}}},")
    out += ["    {NULL, NULL, NULL, NULL, NULL, NULL},", "};", ""]
    return "\n".join(out)


def string_list(items):
    return "(const char *const[]){" + "".join(c_string(s) + ", " for s in items) + "NULL}"


def render_rules(rules):
    out = ["/* Generated by scripts/mkindex.py from the ENFORCES: declarations above the enforcing functions:",
           " * do not edit. The routes are those whose handler reaches the function on the call graph. */",
           '#include "cli/rules.h"', "", "const RuleEnforcement rule_enforcements[] = {"]
    for r in rules:
        out.append(f"    {{.articles = {string_list(r['articles'])},")
        out.append(f"     .function = {c_string(r['function'])}, .file = {c_string(r['file'])}, .line = {r['line']},")
        out.append(f"     .pack_keys = {string_list(r['pack_keys'])},")
        out.append(f"     .routes = {string_list(r['routes'])}, .every_route = {str(r['every_route']).lower()},")
        out.append(f"     .note = {c_string(r['note'])}}},")
    out += ["    {0},", "};", ""]
    return "\n".join(out)


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def load_pack(directory):
    if yaml is None or not directory:
        return None, None
    pack = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".yaml"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                pack[name[:-5]] = yaml.safe_load(f) or {}
    articles = {a["number"] for a in pack.get("articles", {}).get("articles", [])}
    return pack, articles


def capabilities_of(header):
    with open(header, encoding="utf-8") as f:
        names = re.findall(r"\b(CAP_[A-Z_]+)\s*=", f.read())
    # CAP_ORG_MANAGE is "org.manage"; CAP_PUBLIC and CAP_SIGNED_IN keep their underscore
    out = {}
    for n in names:
        word = n[4:].lower()
        out[word if word in ("public", "signed_in") else word.replace("_", ".", 1)] = n
    return out


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--capabilities", required=True)
    ap.add_argument("--pack")
    ap.add_argument("--routes-out")
    ap.add_argument("--commands-out")
    ap.add_argument("--rules-out")
    ap.add_argument("--pipeline", help="the function every HTTP request goes through (dispatch_request)")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args(argv)

    pack, articles = load_pack(args.pack)
    ctx = {"capabilities": capabilities_of(args.capabilities), "pack": pack, "articles": articles}
    found = []
    texts = []
    try:
        for src in sorted(set(args.sources)):
            rel = os.path.relpath(os.path.abspath(src), os.path.abspath(args.root))
            if not rel.endswith(".c"):
                continue
            scan(src, rel, ctx, found)
            with open(src, encoding="utf-8") as f:
                texts.append((rel, f.read()))

        routes = [d for d in found if d["keyword"] == "ROUTE"]
        seen = {}
        for r in routes:
            key = (r["method"], r["path"])
            if key in seen:
                fail(r["where"], f"duplicate route {r['method']} {r['path']} (first declared at {seen[key]})")
            seen[key] = r["where"]
        routes.sort(key=segment_key)

        commands = [d for d in found if d["keyword"] == "COMMAND"]
        names = {}
        for c in commands:
            if c["name"] in names:
                fail(c["where"], f"duplicate command {c['name']} (first declared at {names[c['name']]})")
            names[c["name"]] = c["where"]
        commands.sort(key=lambda c: c["name"])

        rules = [d for d in found if d["keyword"] == "ENFORCES"]
        if rules:
            defs, globals_ = call_graph(texts)
            reach = {}
            for r in routes:
                if r["function"] not in reach:
                    start = (r["file"], r["function"])
                    reach[r["function"]] = reachable_from(start, defs, globals_) if start in defs else set()
            pipeline = set()
            if args.pipeline:
                if args.pipeline not in globals_:
                    fail("mkindex", f"--pipeline {args.pipeline}: no such function in the sources")
                pipeline = reachable_from(globals_[args.pipeline], defs, globals_)
            for rule in rules:
                target = (rule["file"], rule["function"])
                rule["every_route"] = target in pipeline
                rule["routes"] = [f"{r['method']} {r['path']}" for r in routes if target in reach[r["function"]]]
            rules.sort(key=lambda r: (r["file"], r["line"]))
    except Failure as f:
        print(f"mkindex: {f}", file=sys.stderr)
        return 1

    if args.routes_out:
        write_if_changed(args.routes_out, render_routes(routes))
    if args.commands_out:
        write_if_changed(args.commands_out, render_commands(commands))
    if args.rules_out:
        write_if_changed(args.rules_out, render_rules(rules))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
