#!/usr/bin/env bash
# Regenerates the import fixtures the way Excel produces them. Run from this directory; the outputs are
# committed, so the tests do not depend on this script.
#   assets_cp932.csv      Excel's 「CSV (コンマ区切り)」: CP932, CRLF, a title row above the header
#   assets_utf8_bom.csv   Excel's 「CSV UTF-8 (コンマ区切り)」: BOM, CRLF
#   assets_bad_rows.csv   UTF-8 (no BOM), LF: several rows with bad cells
#   invalid_bytes.csv     bytes valid in neither UTF-8 nor CP932 on row 3
#   unterminated_quote.csv a quote opened on row 3 and never closed
#   handmade.xlsx         make_xlsx.py: shared strings with furigana, inline string, dates, merges
#   truncated.xlsx        handmade.xlsx cut in half
set -euo pipefail
cd "$(dirname "$0")"
crlf() { sed 's/$/\r/; s/⏎/\n/g'; }  # ⏎ marks an Alt+Enter line break (LF) inside a cell

crlf <<'EOF' | iconv -f UTF-8 -t CP932 > assets_cp932.csv
情報資産台帳（令和8年度）,,,,,,,,,,,,
管理番号,情報資産名,種別,所管課,保管場所,形式（紙/電子）,個人情報,特定個人情報,機密性（区分）,完全性,可用性,分類理由,備考
A-001,住民基本台帳,情報,市民課,"サーバ室,ラックA",電子,○,有,機密性3B,2,2,個人情報を含むため,
A-002,"固定資産税""課税""台帳",情報,税務課,書庫,紙・電子,あり,なし,３Ｂ,完全性2,可用性1,,"1行目⏎2行目"
A-003,髙橋さん宛 通知文（ﾃﾝﾌﾟﾚｰﾄ）①,情報,福祉課,キャビネット,紙,×,×,2,1,1,,
A-004,人事給与システム仕様書,システム関連文書,総務課,書庫,紙,無,無,自治体機密性3C,1,1,,
EOF

crlf <<'EOF' | { printf '\xef\xbb\xbf'; cat; } > assets_utf8_bom.csv
管理番号,名称,分類,所属,保存場所,媒体,形態,個人情報,マイナンバー,機密性,完全性,可用性,保存期間,説明
B-101,職員名簿,情報,人事課,人事課キャビネット,USBメモリ,電子,はい,いいえ,3b,2,2,5年,"職員の氏名, 所属, 連絡先"
B-102,ネットワーク構成図,仕様書,情報政策課,金庫,,紙,いいえ,いいえ,機密性3A,2,2,常用,
EOF

cat > assets_bad_rows.csv <<'EOF'
管理番号,名称,種別,所管課,機密性,完全性,可用性,個人情報
C-1,正常な行,情報,市民課,3B,2,2,○
C-2,機密性が読めない,情報,市民課,機密性4,2,2,○
C-3,,情報,市民課,2,1,1,×
C-4,種別が違う,おかし,市民課,2,3,1,多分
,,,,,,,
C-1,番号が重複,情報,市民課,2,1,1,×
C-6,不明の分類,情報,市民課,不明,要判断,,×
EOF

{ printf '管理番号,名称\r\nA-1,正常\r\nA-2,'; printf '\x81\x20\xff'; printf '\r\n'; } > invalid_bytes.csv
printf '管理番号,名称\r\nA-1,正常\r\nA-2,"閉じない\r\nA-3,x\r\n' > unterminated_quote.csv

python3 make_xlsx.py handmade.xlsx
head -c "$(( $(stat -c %s handmade.xlsx) / 2 ))" handmade.xlsx > truncated.xlsx

# bomb.xlsx: handmade.xlsx whose worksheet claims 300 MiB uncompressed (the reader must refuse it
# from the directory, before inflating anything)
python3 - <<'PY'
import struct, zipfile
data = bytearray(open('handmade.xlsx', 'rb').read())
claim = 300 << 20
name = b'xl/worksheets/sheet1.xml'
# local file header: signature PK\3\4, uncompressed size at offset 22; central directory entry:
# signature PK\1\2, uncompressed size at offset 24
i = 0
while True:
    i = data.find(b'PK\x03\x04', i)
    if i < 0: break
    n, m = struct.unpack_from('<HH', data, i + 26)
    if data[i + 30:i + 30 + n] == name:
        struct.pack_into('<I', data, i + 22, claim)
    i += 4
i = 0
while True:
    i = data.find(b'PK\x01\x02', i)
    if i < 0: break
    n = struct.unpack_from('<H', data, i + 28)[0]
    if data[i + 46:i + 46 + n] == name:
        struct.pack_into('<I', data, i + 24, claim)
    i += 4
open('bomb.xlsx', 'wb').write(data)
PY
