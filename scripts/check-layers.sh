#!/usr/bin/env bash
# Proves that the build enforces the dependency rules (docs/architecture.md): the real tree passes
# scripts/check-layers.py with the table meson wrote (BUILD/src/layers.json), and copies of the
# tree with one deliberate violation each are refused with the expected message. Then the real
# build is asked to compile a violation: ninja must fail. Last, the assets library's compiler is
# shown not to find headers the library did not declare.
# usage: scripts/check-layers.sh BUILD     (prints "layers: N passed, M failed"; exit 1 on a failure)
set -uo pipefail
build=${1:?usage: check-layers.sh BUILD}
root=$(cd "$(dirname "$0")/.." && pwd)
table="$build/src/layers.json"
check="$root/scripts/check-layers.py"
passed=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "$root/src/domain/assets/zz_layer_violation.c"' EXIT

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -20; }

[ -f "$table" ] || { echo "layers: no $table (build first: ninja -C $build)"; echo "layers: 0 passed, 1 failed"; exit 1; }

# 1. the real tree passes
if python3 "$check" --root "$root" --table "$table" >"$work/real.log" 2>&1; then
  ok "the tree follows the declared dependencies"
else
  bad "the tree follows the declared dependencies" "$work/real.log"
fi

# A copy of the sources and clients with one file added; the check must refuse it naming the rule.
refused() { # label file-in-copy expected-message content
  local label=$1 file=$2 expect=$3 content=$4 copy="$work/copy"
  rm -rf "$copy" && mkdir -p "$copy"
  cp -r "$root/src" "$copy/src"
  for c in tests/unit bench fuzz; do mkdir -p "$copy/$(dirname $c)" && cp -r "$root/$c" "$copy/$c"; done
  mkdir -p "$(dirname "$copy/$file")"
  printf '%s\n' "$content" >"$copy/$file"
  if python3 "$check" --root "$copy" --table "$table" >"$work/out.log" 2>&1; then
    bad "$label: accepted"
  elif grep -qF -- "$expect" "$work/out.log"; then
    ok "$label"
  else
    bad "$label: refused, but not for the expected reason ($expect)" "$work/out.log"
  fi
}

refused "a domain module including http" src/domain/assets/zz_bad.c \
  'domain/assets includes "http/http.h" but does not declare http' '#include "http/http.h"'
refused "a module including another module's internal header" src/domain/records/zz_bad.c \
  '"domain/assets/asset_internal.h" is internal to domain/assets' '#include "domain/assets/asset_internal.h"'
refused "a module including another module's part header" src/domain/work/zz_bad.c \
  'only domain/requests/requests.h is public' '#include "domain/requests/request_access.h"'
refused "a lower module including a higher one (org → assets)" src/domain/org/zz_bad.c \
  'domain/org includes "domain/assets/assets.h" but does not declare domain/assets' '#include "domain/assets/assets.h"'
refused "the pack layer including the domain" src/policy/zz_bad.c \
  'policy includes "domain/kernel/kernel.h" but does not declare domain/kernel' '#include "domain/kernel/kernel.h"'
refused "http running SQL" src/http/zz_bad.c \
  'http calls db_prepare' 'static void f(Db *db) { Err e; db_prepare(db, "SELECT 1", &e); }'
refused "the CLI owning a transaction" src/cli/zz_bad.c \
  'cli calls db_begin' 'static void f(Db *db) { Err e; db_begin(db, &e); }'
refused "a test including a module's internal header" tests/unit/zz_bad.c \
  '"domain/requests/request_internal.h" is internal to domain/requests' '#include "domain/requests/request_internal.h"'
refused "a public header including its module's internal header" src/domain/packs/packs.h \
  'a public header includes "domain/packs/zz_internal.h", which is internal' \
  "$(cat "$root/src/domain/packs/packs.h"; echo '#include "domain/packs/zz_internal.h"')"
refused "a Ctx assembled by hand instead of ctx_make" tests/unit/zz_bad.c \
  'a Ctx written by hand: use ctx_make' 'static Ctx make(Db *db) { Ctx c = {.db = db}; return c; }'
refused "a source folder no library declares" src/domain/nowhere/zz_bad.c \
  'belongs to no declared library' '#include "core/err.h"'

# Table ownership (src/store/owners.txt): another module's table, a view of an undeclared module, a
# table without an owner, and a debt entry nothing needs any more.
refused "a module naming another module's table" src/domain/systems/zz_bad.c \
  'domain/systems names people, a table of domain/org: read people_v instead' \
  'static const char *q = "SELECT name FROM people WHERE id = ?";'
refused "a module reading the view of a module it does not declare" src/domain/org/zz_bad.c \
  'domain/org reads assets_v, the view of domain/assets, but does not declare domain/assets' \
  'static const char *q = "SELECT count(*) FROM " "assets_v WHERE unit_id = ?";'
refused "a table nobody owns" src/store/migrations/9999_zz_bad.sql \
  'table zz_orphan (src/store/migrations) has no owner' 'CREATE TABLE zz_orphan (id INTEGER PRIMARY KEY) STRICT;'
refused "an ownership line naming no table" src/store/owners.txt \
  'zz_nothing is no table or view of the migrations' "$(cat "$root/src/store/owners.txt"; echo 'zz_nothing domain/org')"
# English prose in a message is not SQL: the copy passes
rm -rf "$work/copy" && mkdir -p "$work/copy" && cp -r "$root/src" "$work/copy/src"
for c in tests/unit bench fuzz; do mkdir -p "$work/copy/$(dirname $c)" && cp -r "$root/$c" "$work/copy/$c"; done
printf '%s\n' 'static const char *m = "update the assets from people in the table systems first";' \
  >"$work/copy/src/domain/org/zz_prose.c"
if python3 "$check" --root "$work/copy" --table "$table" >"$work/out.log" 2>&1; then
  ok "a message that mentions other modules' tables in prose is not SQL"
else
  bad "a message that mentions other modules' tables in prose is not SQL" "$work/out.log"
fi
# a debt entry nothing needs (org reads no table of assets): the script, with it added, refuses it
sed 's/^OWNERSHIP_DEBT = {/OWNERSHIP_DEBT = {("domain\/org", "assets"),/' "$check" >"$work/check-debt.py"
if python3 "$work/check-debt.py" --root "$root" --table "$table" >"$work/out.log" 2>&1; then
  bad "a stale debt entry: accepted"
elif grep -qF "OWNERSHIP_DEBT lists (domain/org, assets), which no SQL needs any more" "$work/out.log"; then
  ok "a stale debt entry is refused"
else
  bad "a stale debt entry: refused, but not for the expected reason" "$work/out.log"
fi

# 2. the real build refuses to compile once a violation is in the tree (the check runs before every
# compilation). The file needs no meson entry: the check reads every file under src/. Building the
# assets module's library is enough to show it (and quicker than the whole tree).
printf '#include "http/http.h"\n' >"$root/src/domain/assets/zz_layer_violation.c"
if ninja -C "$build" liblgsec_domain_assets.a >"$work/ninja.log" 2>&1; then
  bad "the assets library does not build with a violation in the tree" "$work/ninja.log"
elif grep -qF 'zz_layer_violation.c' "$work/ninja.log"; then
  ok "the assets library does not build with a violation in the tree"
else
  bad "ninja failed, but not because of the violation" "$work/ninja.log"
fi
rm -f "$root/src/domain/assets/zz_layer_violation.c"

# 3. the compiler itself cannot see what a library did not declare: compiled the way meson compiles
# the assets library (its compile command, from compile_commands.json), a file including http/ does
# not find it, while the assets module's own and declared headers are found.
compiles() { # file: runs the assets library's compiler command on it with -fsyntax-only
  python3 - "$build" "$1" <<'PY'
import json, shlex, subprocess, sys
build, src = sys.argv[1], sys.argv[2]
for c in json.load(open(f'{build}/compile_commands.json')):
    if 'domain_assets' in c.get('output', c['command']):
        args = shlex.split(c['command'])
        break
else:
    sys.exit(2)
out, skip = [], False
for x in args:
    if skip:
        skip = False
        continue
    if x in ('-o', '-MF', '-MQ', '-c'):
        skip = True
        continue
    if x == '-MD':
        continue
    out.append(x)
r = subprocess.run(out + ['-fsyntax-only', src], cwd=c['directory'], capture_output=True, text=True)
sys.stdout.write(r.stderr)
sys.exit(r.returncode)
PY
}
printf '#include "domain/assets/assets.h"\n#include "domain/org/org.h"\n#include "policy/pack.h"\n' >"$work/good.c"
printf '#include "http/http.h"\n' >"$work/http.c"
printf '#include "domain/requests/requests.h"\n' >"$work/requests.c"
if [ -f "$build/compile_commands.json" ]; then
  if compiles "$work/good.c" >"$work/cc.log"; then ok "the assets library's compiler finds its declared headers"
  else bad "the assets library's compiler finds its declared headers" "$work/cc.log"; fi
  for f in http requests; do
    label="the assets library's compiler cannot see $f"
    if compiles "$work/$f.c" >"$work/cc.log"; then bad "$label"
    elif grep -q 'No such file or directory' "$work/cc.log"; then ok "$label"
    else bad "$label: failed for another reason" "$work/cc.log"; fi
  done
else
  bad "no $build/compile_commands.json"
fi

echo "layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
