#!/usr/bin/env python3
"""The layer and module rules, checked over every #include (docs/architecture.md "Dependency rules").

The dependency table is declared once, in src/meson.build (`layers`); meson passes it here as
`--lib NAME=DEP,DEP,...` arguments when it builds (every library's compilation waits for this
check, so a violation fails the build) and this script writes it to --table-out, where
scripts/check-layers.sh reads it back to prove that violations are refused.

Rules, for every .c/.h under src/ (the library of a file is its folder: src/http → http,
src/domain/assets → domain/assets; src/main.c is the program, `main`):
  1. a file includes headers of its own library and of the libraries its library declares;
  2. from outside a domain module, only that module's public header (domain/M/M.h);
  3. no file outside a library includes one of its *_internal.h headers, nor does a module's
     public header;
  4. the libraries marked --no-sql (http, cli, main) do not run SQL or own transactions
     (db_prepare, db_exec, db_begin, db_commit, db_rollback, stmt_*): that is the domain's;
  5. a Ctx is made by ctx_make (domain/kernel/ctx.c) only, never written as a literal.
The clients (tests/unit, bench, fuzz: --client DIR) may use every library, but rules 2 and 3 hold
for them too. Exit status 1 and one line per violation when anything is broken.

With --farm DIR it also writes, for every library, DIR/<library>/ (slashes as "_"): symbolic links
to the headers that library may see — its own, the ones rules 1–3 let it include, and whatever
those include in turn — and meson compiles each library with that folder as its only include
root for src/. So the compiler itself cannot find a header the library has no business with; this
script names the rule when the include is direct.
"""
import argparse
import json
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SQL_CALL = re.compile(r'\b(db_prepare|db_exec|db_begin|db_commit|db_rollback|stmt_[a-z_]+)\s*\(')
# A Ctx written as a literal (anything but the {0} placeholder): only ctx_make may assemble one.
CTX_LITERAL = re.compile(r'\(Ctx\)\s*\{(?!\s*0\s*\})|\bCtx\s+\w+\s*=\s*\{(?!\s*0\s*\})')
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', re.S)
# A C string literal, and a run of them that the compiler (or a macro between them) joins into one.
LITERAL = r'"(?:\\.|[^"\\\n])*"'
LITERAL_RUN = re.compile(LITERAL + r'(?:(?:\s|/\*.*?\*/|//[^\n]*|\b[A-Z][A-Z0-9_]*\b)*' + LITERAL + r')*', re.S)
# Where SQL names a table or view: FROM a, JOIN b, INTO c, UPDATE d, TABLE e. The keywords in
# capitals, as all SQL here is written, so English prose in a message ("update the assets") is not SQL.
SQL_NAME = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([A-Za-z_]\w*)')
# The FTS5 shadow tables SQLite creates beside a virtual table (owned with it, never named).
FTS_SHADOW = ('_config', '_content', '_data', '_docsize', '_idx')

# Table-ownership debt: (library, table) pairs whose SQL still reads another library's table instead
# of its view or its functions (docs/architecture.md "Table ownership"). The list only shrinks: an
# entry that is no longer needed fails the check, so the fix also removes it here. Keep the
# `OWNERSHIP_DEBT = {` line even when the list is empty (scripts/check-layers.sh adds an entry there).
OWNERSHIP_DEBT = {
}


def library_of(path, libs):
    """The library a path under src/ belongs to (its longest matching folder), or None."""
    parts = path.split('/')
    for n in (2, 1):
        name = '/'.join(parts[:n])
        if len(parts) > n and name in libs:
            return name
    return 'main' if len(parts) == 1 and 'main' in libs else None


def check_file(rel, text, own, libs, no_sql, problems):
    """own: the library of the file (None for a client). rel: path shown in messages."""
    for m in INCLUDE.finditer(text):
        header = m.group(1)
        lineno = text.count('\n', 0, m.start()) + 1
        if '/' not in header:
            continue  # a generated header beside the file (embed, web)
        target = library_of(header, libs)
        if target is None:
            problems.append(f'{rel}:{lineno}: includes "{header}", which belongs to no declared library')
            continue
        if target == own:
            if (own.startswith('domain/') and rel.endswith(f'/{own}/{own.split("/")[1]}.h')
                    and header.endswith('_internal.h')):
                problems.append(f'{rel}:{lineno}: a public header includes "{header}", which is internal')
            continue
        if own is not None and target not in libs[own]:
            problems.append(f'{rel}:{lineno}: {own} includes "{header}" but does not declare {target} '
                            f'(src/meson.build, layers)')
            continue
        base = os.path.basename(header)
        if base.endswith('_internal.h'):
            problems.append(f'{rel}:{lineno}: "{header}" is internal to {target}')
        elif target.startswith('domain/') and header != f'{target}/{target.split("/")[1]}.h':
            problems.append(f'{rel}:{lineno}: only {target}/{target.split("/")[1]}.h is public; '
                            f'"{header}" is a part of {target}')
    # comments and strings blanked, keeping their newlines so line numbers hold
    code = COMMENT.sub(lambda m: '\n' * m.group(0).count('\n'), text)
    if not rel.endswith('src/domain/kernel/ctx.c'):
        for m in CTX_LITERAL.finditer(code):
            lineno = code.count('\n', 0, m.start()) + 1
            problems.append(f'{rel}:{lineno}: a Ctx written by hand: use ctx_make (domain/kernel/ctx.h)')
    if own in no_sql:
        for m in SQL_CALL.finditer(code):
            lineno = code.count('\n', 0, m.start()) + 1
            problems.append(f'{rel}:{lineno}: {own} calls {m.group(1)}: SQL and transactions are the domain\'s')


def schema_objects(migrations):
    """The tables and views the migrations leave behind ({name: 'table'|'view'}), by running them on
    an empty in-memory database; SQLite's own tables and FTS5 shadow tables are left out."""
    import sqlite3
    db = sqlite3.connect(':memory:')
    for fn in sorted(os.listdir(migrations)):
        if fn.endswith('.sql'):
            with open(os.path.join(migrations, fn), encoding='utf-8') as f:
                db.executescript(f.read())
    rows = db.execute("SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view')").fetchall()
    virtual = {n for n, _, sql in rows if sql and sql.upper().startswith('CREATE VIRTUAL TABLE')}
    return {n: t for n, t, _ in rows
            if not n.startswith('sqlite_') and not any(n == v + x for v in virtual for x in FTS_SHADOW)}


def load_owners(path, objects, libs, problems):
    """{table or view: library} from the ownership list, which must name exactly the schema's
    objects, each once, with a declared library."""
    owners = {}
    rel = os.path.relpath(path)
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            if len(words) != 2:
                problems.append(f'{rel}:{lineno}: expected "NAME LIBRARY"')
            elif words[1] not in libs:
                problems.append(f'{rel}:{lineno}: {words[1]} is not a library (src/meson.build, layers)')
            elif words[0] in owners:
                problems.append(f'{rel}:{lineno}: {words[0]} is declared twice')
            elif words[0] not in objects:
                problems.append(f'{rel}:{lineno}: {words[0]} is no table or view of the migrations')
            else:
                owners[words[0]] = words[1]
    for name in sorted(set(objects) - set(owners)):
        problems.append(f'{rel}: {objects[name]} {name} (src/store/migrations) has no owner: add "{name} LIBRARY"')
    return owners


def check_sql(rel, text, own, libs, reads, owners, debt_seen, problems):
    """The tables and views a library's SQL names: its own, and the views of the libraries it
    declares (or declares it reads). text: the file with comments blanked (strings kept)."""
    for run in LITERAL_RUN.finditer(text):
        sql = ' '.join(lit[1:-1] for lit in re.findall(LITERAL, run.group(0)))
        for name in dict.fromkeys(m.group(1) for m in SQL_NAME.finditer(sql)):  # each once, in order
            owner = owners.get(name)
            if owner is None or owner == own:
                continue
            lineno = text.count('\n', 0, run.start()) + 1
            if objects_kind(name) == 'view':
                if owner not in libs[own] and owner not in reads.get(own, ()):
                    problems.append(f'{rel}:{lineno}: {own} reads {name}, the view of {owner}, but does not '
                                    f'declare {owner} (src/meson.build, layers or layer_reads)')
            elif (own, name) in OWNERSHIP_DEBT:
                debt_seen.add((own, name))
            else:
                hint = f'{name}_v' if f'{name}_v' in owners else f"{owner}'s functions"
                problems.append(f'{rel}:{lineno}: {own} names {name}, a table of {owner}: read {hint} instead')


def objects_kind(name):
    """A published view is named *_v (the ownership list says whose)."""
    return 'view' if name.endswith('_v') else 'table'


def visible_headers(own, libs, headers, includes):
    """The headers (paths under src/) a library's compiler may see: its own, the ones it may
    include directly, and their includes, transitively."""
    allowed = set()
    for h in headers:
        target = h.rsplit('/', 1)[0] if h.startswith('domain/') else h.split('/', 1)[0]
        if target == own:
            allowed.add(h)
        elif target in libs[own]:
            base = os.path.basename(h)
            if base.endswith('_internal.h'):
                continue
            if target.startswith('domain/') and h != f'{target}/{target.split("/")[1]}.h':
                continue
            allowed.add(h)
    to_visit = list(allowed)
    while to_visit:
        for inc in includes.get(to_visit.pop(), ()):
            if inc in headers and inc not in allowed:
                allowed.add(inc)
                to_visit.append(inc)
    return allowed


def write_farm(farm, src, libs, headers, includes):
    """Brings farm/<lib>/ in line with visible_headers, touching only what changed."""
    for own in libs:
        if own == 'main':
            continue
        root = os.path.join(farm, own.replace('/', '_'))
        want = {h: os.path.join(src, h) for h in visible_headers(own, libs, headers, includes)}
        for dirpath, _, filenames in os.walk(root):
            for fn in filenames:
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root)
                if rel not in want or os.readlink(path) != want[rel]:
                    os.unlink(path)
        for rel, target in want.items():
            path = os.path.join(root, rel)
            if not os.path.islink(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                os.symlink(target, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--root', required=True, help='the repository (src/ and the clients under it)')
    ap.add_argument('--lib', action='append', default=[], help='NAME=DEP,DEP (from src/meson.build)')
    ap.add_argument('--table', help='read the --lib/--no-sql/--client table from this JSON instead')
    ap.add_argument('--no-sql', action='append', default=[])
    ap.add_argument('--reads', action='append', default=[],
                    help='NAME=LIB,LIB: published views NAME may read without linking LIB')
    ap.add_argument('--client', action='append', default=[])
    ap.add_argument('--table-out', help='write the table here (JSON), when the check passes')
    ap.add_argument('--stamp', help='write this (empty) header when the check passes')
    ap.add_argument('--farm', help='write the per-library include folders here when the check passes')
    a = ap.parse_args()
    if a.table:
        with open(a.table, encoding='utf-8') as f:
            t = json.load(f)
        libs, no_sql, clients = {k: set(v) for k, v in t['libs'].items()}, set(t['no_sql']), t['clients']
        reads = {k: set(v) for k, v in t.get('reads', {}).items()}
    else:
        libs, no_sql, clients, reads = {}, set(a.no_sql), a.client, {}
        for spec in a.lib:
            name, _, deps = spec.partition('=')
            libs[name] = set(d for d in deps.split(',') if d)
        for spec in a.reads:
            name, _, deps = spec.partition('=')
            reads[name] = set(d for d in deps.split(',') if d)
    problems = []
    headers, includes = set(), {}
    for name, deps in sorted(libs.items()) + sorted(reads.items()):
        for d in deps | ({name} if name not in libs else set()):
            if d not in libs:
                problems.append(f'src/meson.build: {name} declares {d}, which is not a library')
    src = os.path.join(a.root, 'src')
    try:
        objects = schema_objects(os.path.join(src, 'store', 'migrations'))
    except Exception as ex:  # a migration SQLite refuses
        problems.append(f'src/store/migrations: {ex}')
        objects = {}
    owners = load_owners(os.path.join(src, 'store', 'owners.txt'), objects, libs, problems)
    debt_seen = set()
    for top, owned in [(src, True)] + [(os.path.join(a.root, c), False) for c in clients]:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for fn in sorted(filenames):
                if not fn.endswith(('.c', '.h', '.def')):
                    continue
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, a.root)
                own = library_of(os.path.relpath(path, src), libs) if owned else None
                if owned and own is None:
                    problems.append(f'{rel}: belongs to no declared library (src/meson.build, layers)')
                    continue
                with open(path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                check_file(rel, text, own, libs, no_sql, problems)
                if owned:
                    check_sql(rel, COMMENT.sub(lambda m: m.group(0) if m.group(0).startswith('"')
                                               else '\n' * m.group(0).count('\n'), text),
                              own, libs, reads, owners, debt_seen, problems)
                if owned and fn.endswith(('.h', '.def')):  # .def: X-macro tables included like headers
                    h = os.path.relpath(path, src)
                    headers.add(h)
                    includes[h] = [i for i in INCLUDE.findall(text) if '/' in i]
    for own, name in sorted(set(OWNERSHIP_DEBT) - debt_seen):
        problems.append(f'scripts/check-layers.py: OWNERSHIP_DEBT lists ({own}, {name}), which no SQL needs '
                        f'any more: remove it (and from docs/architecture.md)')
    for p in problems:
        print('layers: ' + p, file=sys.stderr)
    if problems:
        print(f'layers: {len(problems)} violation(s) of the dependency rules', file=sys.stderr)
        return 1
    if a.farm:
        write_farm(os.path.abspath(a.farm), os.path.abspath(src), libs, headers, includes)
    for out, content in [(a.table_out, json.dumps({'libs': {k: sorted(v) for k, v in sorted(libs.items())},
                                                    'reads': {k: sorted(v) for k, v in sorted(reads.items())},
                                                    'no_sql': sorted(no_sql), 'clients': clients},
                                                   indent=1) + '\n'),
                         (a.stamp, '/* written by scripts/check-layers.py when the layer rules hold */\n')]:
        if not out:
            continue
        old = open(out, encoding='utf-8').read() if os.path.exists(out) else None
        if old != content:  # only on change, so nothing recompiles when the check passes again
            with open(out, 'w', encoding='utf-8') as f:
                f.write(content)
    return 0


if __name__ == '__main__':
    sys.exit(main())
