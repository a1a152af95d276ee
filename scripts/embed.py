#!/usr/bin/env python3
"""Writes a C file defining `const EmbeddedFile SYMBOL[]` (see src/core/embed.h).

usage: embed.py [--gzip] OUT.c SYMBOL ROOT [FILE...]
With --gzip, text assets (.html .js .css .svg .json) also get a precompressed "NAME.gz" entry.
Without FILEs, every regular file under ROOT is embedded (ROOT may be absent: an empty table).
Names are paths relative to ROOT with '/', sorted. OUT is rewritten only when its content changes,
so meson's always-stale targets do not cause needless recompiles.
"""
import gzip
import os
import sys

COMPRESSIBLE = (".html", ".js", ".css", ".svg", ".json")


def collect(root: str, files: list[str]) -> list[tuple[str, str]]:
    if not files and os.path.isdir(root):
        for dirpath, dirnames, names in os.walk(root):
            dirnames.sort()
            files += [os.path.join(dirpath, n) for n in names if not n.startswith(".")]
    return sorted((os.path.relpath(f, root).replace(os.sep, "/"), f) for f in files)


def render(symbol: str, entries: list[tuple[str, bytes]]) -> str:
    out = ['#include "core/embed.h"\n']
    for i, (_, data) in enumerate(entries):
        body = ",".join(str(b) for b in data + b"\0")
        out.append(f"static const unsigned char {symbol}_{i}[] = {{{body}}};")
    out.append(f"const EmbeddedFile {symbol}[] = {{")
    for i, (name, data) in enumerate(entries):
        out.append(f'    {{"{name}", {symbol}_{i}, {len(data)}}},')
    out.append("    {0, 0, 0},\n};\n")
    return "\n".join(out)


def main() -> None:
    args = sys.argv[1:]
    compress = args[0] == "--gzip"
    if compress:
        args = args[1:]
    out, symbol, root, files = args[0], args[1], args[2], args[3:]
    entries = []
    for name, path in collect(root, files):
        data = open(path, "rb").read()
        entries.append((name, data))
        if compress and name.endswith(COMPRESSIBLE):
            # mtime=0 keeps the output byte-identical between builds.
            entries.append((name + ".gz", gzip.compress(data, compresslevel=9, mtime=0)))
    text = render(symbol, sorted(entries))
    if os.path.exists(out) and open(out, encoding="ascii").read() == text:
        return
    with open(out, "w", encoding="ascii") as c:
        c.write(text)


if __name__ == "__main__":
    main()
