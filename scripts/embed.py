#!/usr/bin/env python3
"""Writes a C file defining `const EmbeddedFile SYMBOL[]` (see src/core/embed.h).

usage: embed.py OUT.c SYMBOL ROOT [FILE...]
Without FILEs, every regular file under ROOT is embedded (ROOT may be absent: an empty table).
Names are paths relative to ROOT with '/', sorted. OUT is rewritten only when its content changes,
so meson's always-stale targets do not cause needless recompiles.
"""
import os
import sys


def collect(root: str, files: list[str]) -> list[tuple[str, str]]:
    if not files and os.path.isdir(root):
        for dirpath, dirnames, names in os.walk(root):
            dirnames.sort()
            files += [os.path.join(dirpath, n) for n in names if not n.startswith(".")]
    return sorted((os.path.relpath(f, root).replace(os.sep, "/"), f) for f in files)


def render(symbol: str, entries: list[tuple[str, str]]) -> str:
    out = ['#include "core/embed.h"\n']
    for i, (_, path) in enumerate(entries):
        data = open(path, "rb").read() + b"\0"
        body = ",".join(str(b) for b in data)
        out.append(f"static const unsigned char {symbol}_{i}[] = {{{body}}};")
    out.append(f"const EmbeddedFile {symbol}[] = {{")
    for i, (name, path) in enumerate(entries):
        out.append(f'    {{"{name}", {symbol}_{i}, {os.path.getsize(path)}}},')
    out.append("    {0, 0, 0},\n};\n")
    return "\n".join(out)


def main() -> None:
    out, symbol, root, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    text = render(symbol, collect(root, files))
    if os.path.exists(out) and open(out, encoding="ascii").read() == text:
        return
    with open(out, "w", encoding="ascii") as c:
        c.write(text)


if __name__ == "__main__":
    main()
