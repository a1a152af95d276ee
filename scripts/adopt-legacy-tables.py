#!/usr/bin/env python3
"""Turns the rows of a hand-written route table (the old src/http/routes.c) or command table (the old
table in src/main.c) into the ROUTE: / COMMAND: declarations scripts/mkindex.py reads, written
directly above each handler or cmd_* function. For merging work begun before the registries
(issue 10): a row whose function already carries a declaration of that route or command is skipped,
so running it on the whole old table adds only what the other branch added.

usage: adopt-legacy-tables.py [--routes OLD_ROUTES_C] [--commands OLD_MAIN_C] [--root DIR]
Prints what it added; exits 1 when a row's function is not found (nothing is written for it).
"""
import argparse
import glob
import os
import re
import sys

STRING = r'"(?:[^"\\]|\\.)*"'


def c_strings(text):
    """The value of adjacent C string literals ("a" "b" → ab), unescaped."""
    out = ""
    for lit in re.findall(STRING, text):
        out += bytes(lit[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    return out


def split_args(text):
    """Top-level comma-separated arguments of a macro call or initializer (strings kept whole)."""
    args, depth, cur, i = [], 0, "", 0
    while i < len(text):
        m = re.match(STRING, text[i:])
        if m:
            cur += m.group(0)
            i += len(m.group(0))
            continue
        c = text[i]
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        if c == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        args.append(cur.strip())
    return args


def capability(token):
    token = token.strip()
    if token in ("PUB", "CAP_PUBLIC"):
        return "public"
    if token in ("IN", "CAP_SIGNED_IN"):
        return "signed_in"
    word = token[4:].lower()
    return word.replace("_", ".", 1)


def legacy_routes(text):
    """(function, declaration lines) for each ROUTE(...) / UPLOAD(...) row of a table."""
    body = text[text.index("const Route routes[]"):]
    out = []
    for m in re.finditer(r"\b(ROUTE|UPLOAD)\(((?:" + STRING + r"|[^\"()]|\([^()]*\))*)\)", body):
        a = split_args(m.group(2))
        if m.group(1) == "ROUTE":
            method, path, cap, changes, early, fn, summary = a
            flags = (["changes_state"] if changes == "true" else []) + (["before_mfa"] if early == "true" else [])
        else:
            path, cap, fn, summary = a
            method, flags = '"POST"', ["upload"]
        head = f"ROUTE: {c_strings(method)} {c_strings(path)} {capability(cap)}" + "".join(" " + f for f in flags)
        out.append((fn, f"ROUTE: {c_strings(method)} {c_strings(path)} ", [f"/* {head}", f" * {c_strings(summary)} */"]))
    return out


def legacy_commands(text):
    body = text[text.index("const Command commands[]"):]
    body = body[body.index("{") + 1:]
    out = []
    for m in re.finditer(r"\{((?:" + STRING + r"|[^\"{}])*)\}", body):
        a = split_args(m.group(1))
        if len(a) != 6 or a[0] == "NULL":
            continue
        name, fn = c_strings(a[0]), a[1]
        lines = [f"/* COMMAND: {name}", f" * SUMMARY: {c_strings(a[2])}", f" * SUMMARY_EN: {c_strings(a[3])}", " * USAGE:"]
        lines += [(" * " + l).rstrip() for l in c_strings(a[4]).rstrip("\n").split("\n")]
        lines.append(" * USAGE_EN:")
        lines += [(" * " + l).rstrip() for l in c_strings(a[5]).rstrip("\n").split("\n")]
        lines.append(" */")
        out.append((fn, f"COMMAND: {name}\n", lines))
    return out


def adopt(rows, files):
    missing = 0
    for fn, marker, decl in rows:
        for f in files:
            with open(f, encoding="utf-8") as h:
                lines = h.read().split("\n")
            at = [i for i, l in enumerate(lines) if re.match(r"^(?:Status|int) " + fn + r"\(", l) and not l.rstrip().endswith(";")]
            if not at:
                continue
            i = at[0]
            # skip when the declarations above the function already say it (ours or theirs)
            j = i
            while j > 0 and (lines[j - 1].startswith("/*") or lines[j - 1].startswith(" *")):
                j -= 1
            above = "\n".join(lines[j:i]) + "\n"
            if marker in above:
                break
            lines[i:i] = decl
            with open(f, "w", encoding="utf-8") as h:
                h.write("\n".join(lines))
            print(f"{f}: {decl[0][3:]}")
            break
        else:
            print(f"adopt-legacy-tables: no definition of {fn} found", file=sys.stderr)
            missing += 1
    return missing


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--routes")
    ap.add_argument("--commands")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    args = ap.parse_args(argv)
    missing = 0
    if args.routes:
        with open(args.routes, encoding="utf-8") as f:
            missing += adopt(legacy_routes(f.read()), sorted(glob.glob(os.path.join(args.root, "src/http/*.c"))))
    if args.commands:
        with open(args.commands, encoding="utf-8") as f:
            missing += adopt(legacy_commands(f.read()), sorted(glob.glob(os.path.join(args.root, "src/cli/*.c"))))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
