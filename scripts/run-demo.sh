#!/usr/bin/env bash
# `make run`: creates the demo database on first use, then serves it.
# usage: run-demo.sh LGSEC_BINARY DB LISTEN
set -euo pipefail
bin=$1 db=$2 listen=$3
if [ ! -f "$db" ]; then
  mkdir -p "$(dirname "$db")"
  "$bin" init --demo --db "$db" | tee "$(dirname "$db")/first-login.txt"
  echo
  echo "(この表示は $(dirname "$db")/first-login.txt にも保存しました。仮パスワードは初回ログインで変更されます)"
else
  echo "既存のデータベース $db を使います。初回ログインの情報: $(dirname "$db")/first-login.txt"
  echo "最初からやり直すには: rm -f $db $db.trail-key && make run"
  # A database made by an earlier lgsec may hold a pack without files this version requires; the
  # demo always runs the built-in pack (a no-op when it is already the active one).
  "$bin" pack activate --db "$db"
fi
echo
echo "ブラウザで http://$listen を開いてください (停止は Ctrl+C)"
exec "$bin" serve --db "$db" --listen "$listen"
