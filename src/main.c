/* lgsec: the one command table. Every CLI command, its summary and its help text live here; the
 * implementations are in src/cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "domain/app/app.h"

const Command commands[] = {
    {"backup", cmd_backup, "データベースのオンラインバックアップ", "online backup of the database",
     "使い方: lgsec backup [--db PATH] FILE\n"
     "  稼働中のデータベースを FILE に複製します (SQLite オンラインバックアップ)。既存の FILE は上書きしません。\n"
     "  FILE は所有者だけが読み書きできる権限 (0600) で作ります。データベースはそのままの版で複製し、移行しません。\n",
     "usage: lgsec backup [--db PATH] FILE\n"
     "  Copies the live database into FILE (SQLite online backup). An existing FILE is not overwritten.\n"
     "  FILE is created readable by its owner only (0600). The database is copied as it is, never migrated.\n"},
    {"doctor", cmd_doctor, "設置の点検 (権限・バックアップ・署名・ディスク・メール・整合性)",
     "check the installation (permissions, backups, signatures, disk, mail, integrity)",
     "使い方: lgsec doctor [--db PATH] [--config FILE] [--trail-key FILE] [--backup-dir DIR]\n"
     "                     [--clamav-db DIR] [--clamav-max-age 日数]\n"
     "  運用中の lgsec を点検し、1項目1行で OK / 注意 / 異常 と対処を表示します。何も変更しません。\n"
     "  - データベース・WAL・証跡の署名鍵・バックアップが実行ユーザーだけのもの (所有者、権限 0600) か\n"
     "    (root で実行したときはデータベースの所有者を基準にします)\n"
     "  - バックアップ (--backup-dir または LGSEC_BACKUP_DIR) があり、最新が2日以内か\n"
     "  - ClamAV のシグネチャ (--clamav-db または LGSEC_CLAMAV_DB、既定 /var/lib/clamav) が\n"
     "    --clamav-max-age 日 (既定 7) より古くないか\n"
     "  - データベースのあるファイルシステムの空き容量\n"
     "  - 証跡の最新の記録が署名済みのチェックポイントに含まれているか\n"
     "  - メールの設定 (LGSEC_SMTP_URL、LGSEC_MAIL_FROM、LGSEC_PUBLIC_URL)\n"
     "  - データベースの整合性 (quick_check) とスキーマの版\n"
     "  --config で systemd の設定ファイル (パッケージでは /etc/lgsec/lgsec.conf) を読み、サービスと同じ設定で\n"
     "  点検します: sudo -u lgsec lgsec doctor --config /etc/lgsec/lgsec.conf\n"
     "  証跡全体の検証は lgsec trail verify で行います。\n"
     "  終了コード: 0 すべて OK / 1 異常あり / 2 使い方の誤り / 3 注意のみ\n",
     "usage: lgsec doctor [--db PATH] [--config FILE] [--trail-key FILE] [--backup-dir DIR]\n"
     "                    [--clamav-db DIR] [--clamav-max-age DAYS]\n"
     "  Checks a running installation and prints one line per check, OK / WARN / FAIL with what to do.\n"
     "  Changes nothing. It checks:\n"
     "  - the database, its WAL, the trail signing key and the backups belong to the running user only\n"
     "    (owner, mode 0600; run as root, the database's owner is the reference)\n"
     "  - there are backups (--backup-dir or LGSEC_BACKUP_DIR) and the newest is at most 2 days old\n"
     "  - the ClamAV signatures (--clamav-db or LGSEC_CLAMAV_DB, default /var/lib/clamav) are not older\n"
     "    than --clamav-max-age days (default 7)\n"
     "  - free space on the database's file system\n"
     "  - the trail's latest entry is covered by a signed checkpoint\n"
     "  - mail settings (LGSEC_SMTP_URL, LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL)\n"
     "  - database integrity (quick_check) and schema version\n"
     "  --config reads a systemd environment file (the package's /etc/lgsec/lgsec.conf) to check with the\n"
     "  service's settings: sudo -u lgsec lgsec doctor --config /etc/lgsec/lgsec.conf\n"
     "  The whole trail is verified by lgsec trail verify.\n"
     "  exit codes: 0 all OK / 1 any failure / 2 usage / 3 warnings only\n"},
    {"errors", cmd_errors, "エラーコードの一覧 (HTTP ステータスと意味)", "list the error codes (HTTP status and meaning)",
     "使い方: lgsec errors [--json]\n"
     "  API と CLI が返すエラーコードをすべて、HTTP ステータスと一般的な意味とともに表示します\n"
     "  (定義は src/core/errors.def の一か所)。--json でコード・種別 (Status)・ステータス・日本語・英語を JSON で出力します。\n",
     "usage: lgsec errors [--json]\n"
     "  Prints every error code the API and the CLI return, with its HTTP status and generic meaning\n"
     "  (declared once, in src/core/errors.def). --json prints code, kind (Status), status, Japanese and English.\n"},
    {"help", cmd_help, "ヘルプを表示", "show help",
     "使い方: lgsec help [コマンド]\n", "usage: lgsec help [command]\n"},
    {"init", cmd_init, "データベースの新規作成 (デモ市または初期管理者)", "create a new database (demo or first administrator)",
     "使い方: lgsec init --demo [--db PATH] [--pack DIR] [--trail-key FILE]\n"
     "       lgsec init --org 団体名 --admin-login ID --admin-name 氏名 [--admin-kana かな]\n"
     "                  [--admin-staff-no 番号] [--org-code CODE] [--db PATH] [--pack DIR] [--trail-key FILE]\n"
     "  スキーマ、ポリシーパック (既定は同梱の packs/mic)、証跡の署名鍵 (既定 PATH.trail-key, 権限 0600) を作成し、\n"
     "  --demo ではデモ市 (約300名) を、そうでなければ団体と最初の lgsec システム管理者を登録します。\n"
     "  最初にログインする人のログインIDと仮パスワードを表示します。admin, root などの既定の管理者名は使えません (第84条)。\n"
     "  既存のデータベースや署名鍵は上書きしません。失敗した場合は何も残しません。\n",
     "usage: lgsec init --demo [--db PATH] [--pack DIR] [--trail-key FILE]\n"
     "       lgsec init --org NAME --admin-login ID --admin-name NAME [--admin-kana KANA]\n"
     "                  [--admin-staff-no NO] [--org-code CODE] [--db PATH] [--pack DIR] [--trail-key FILE]\n"
     "  Creates the schema, activates the policy pack (default: the built-in packs/mic), generates the trail\n"
     "  signing key (default PATH.trail-key, mode 0600), then creates the demo city (about 300 people) or the\n"
     "  organisation and its first lgsec administrator, and prints the first login ID and temporary password.\n"
     "  Default administrator names (admin, root …) are refused. Nothing existing is overwritten; a failed\n"
     "  init leaves nothing behind.\n"},
    {"mailgate", cmd_mailgate, "Postfix 用の無害化コンテンツフィルタ (SMTP)", "SMTP content filter for Postfix (無害化)",
     "使い方: lgsec mailgate --next-hop ADDR:PORT [--listen ADDR:PORT] [無害化のオプション]\n"
     "                      [--verdict-log FILE] [--db PATH] [--trail-key FILE] [--max-clients N]\n"
     "                      [--hostname NAME] [--smtp-timeout 秒]\n"
     "  Postfix の content_filter として動く SMTP サーバーです (第25条)。受け取ったメールをすべてテキスト化し、\n"
     "  同じ送信者・宛先で --next-hop (再投入用の smtpd) に送ります。再投入先が受け付けてから 250 を返します。\n"
     "  処理できないメールは転送せず、一時的な理由 (時間切れ、再投入先の停止、資源不足) なら 4xx、\n"
     "  遮断なら 5xx を返します (Postfix がキューに残すか差し戻します)。原本をそのまま通すことはありません。\n"
     "  既定の待受は 127.0.0.1:10025、同時接続 10 (超えると 421)。設定例は README の「無害化」にあります。\n"
     "  無害化のオプションは lgsec sanitize と同じです。--db を指定すると判定を証跡に記録し、\n"
     "  署名鍵 (既定 PATH.trail-key) が読めればチェックポイントも署名します。\n",
     "usage: lgsec mailgate --next-hop ADDR:PORT [--listen ADDR:PORT] [sanitize options]\n"
     "                      [--verdict-log FILE] [--db PATH] [--trail-key FILE] [--max-clients N]\n"
     "                      [--hostname NAME] [--smtp-timeout SECONDS]\n"
     "  An SMTP server for Postfix's content_filter (article 25). Every message is text-converted and sent\n"
     "  with the same envelope to --next-hop (the re-injection smtpd); 250 is answered only after the next hop\n"
     "  accepted it. A message that cannot be processed is never relayed: 4xx when the cause is temporary\n"
     "  (timeout, next hop down, resources), 5xx when it is blocked, so Postfix keeps it queued or bounces it.\n"
     "  Listens on 127.0.0.1:10025 by default, at most 10 connections (more get 421). README (無害化) shows\n"
     "  the Postfix configuration. Sanitize options as for lgsec sanitize. With --db, verdicts go to the\n"
     "  trail, and checkpoints are signed when the key (default PATH.trail-key) is readable.\n"},
    {"pack", cmd_pack, "ポリシーパックの検証・有効な版の表示・有効化", "validate, show and activate a policy pack",
     "使い方: lgsec pack validate [--json] DIR\n"
     "        lgsec pack show [--db PATH] [--json]\n"
     "        lgsec pack activate [--db PATH] [DIR]\n"
     "  validate: DIR のポリシーパック (pack.yaml, classification.yaml, roles.yaml, checks.yaml,\n"
     "    selfcheck.yaml, articles.yaml) を検証し、見つかった問題をすべて\n"
     "    「ファイル:行:桁: メッセージ [コード]」の形で表示します。問題があれば終了コード 1、\n"
     "    なければ 0 で、パックの ID・版・件数・ダイジェストを表示します。--json で JSON 出力。\n"
     "  show: データベースに記録された有効なパックの ID・版・ダイジェスト・有効化日時を表示します。\n"
     "    --json でパック全体 (条文を含む) を JSON で出力します。\n"
     "  activate: DIR のパック (省略時は同梱の packs/mic) を検証し、既存のデータベースで有効にします。\n"
     "    証跡に変更前後の版を記録します。問題があれば何も変えずに全件を表示し終了コード 1。\n"
     "    lgsec の更新でパックの必須ファイルが増えたときは、これを実行してからサーバーを起動します。\n"
     "  スキーマ: docs/pack-schema.md\n",
     "usage: lgsec pack validate [--json] DIR\n"
     "       lgsec pack show [--db PATH] [--json]\n"
     "       lgsec pack activate [--db PATH] [DIR]\n"
     "  validate: checks the policy pack in DIR (pack.yaml, classification.yaml, roles.yaml, checks.yaml,\n"
     "    selfcheck.yaml, articles.yaml) and prints every problem as FILE:LINE:COL: message [code].\n"
     "    Exits 1 when there is any problem, else 0 after printing the pack's id, version, counts and\n"
     "    digest. --json prints JSON instead.\n"
     "  show: prints the id, version, digest and activation time of the pack active in the database.\n"
     "    --json prints the whole pack (articles included) as JSON.\n"
     "  activate: validates DIR's pack (default: the built-in packs/mic) and puts it in force in an existing\n"
     "    database, recording before/after versions in the trail. On any problem nothing changes, every\n"
     "    problem is printed and the exit code is 1. Run it after an lgsec update adds required pack files.\n"
     "  Schema: docs/pack-schema.md\n"},
    {"policy", cmd_policy, "情報セキュリティポリシー文書の読み取り", "read a security policy document",
     "使い方: lgsec policy parse [--json] FILE\n"
     "        lgsec policy check [--json] [--pack DIR] FILE\n"
     "  parse: FILE (PDF や Word から取り出したテキストまたは Markdown (UTF-8 または Shift_JIS)、\n"
     "    Word 文書 (.docx)、PDF) の章・節・条 (または「1 目的」の番号付き項目)・項・号・細目を読み取り、\n"
     "    件数と目次を表示します。--json で各要素の番号・見出し・本文・行範囲を含む木を JSON で出力します。\n"
     "    ファイルが読めない、文字コードや形式が不明な場合は終了コード 1。\n"
     "  check: FILE をガイドラインのモデル (パックの guideline.yaml、既定は同梱の packs/mic) と照合し、\n"
     "    要素ごとに 充足 / 一部不足 (不足する語) / 欠落 (置くべき箇所) と見つかった行、逸脱 (「安全性」、\n"
     "    「及び」が「又は」、3A/3B/3C のない分類など) を表示します。--json で JSON。\n"
     "    すべて充足し逸脱がなければ終了コード 0、不足・欠落・逸脱があれば 1。\n",
     "usage: lgsec policy parse [--json] FILE\n"
     "       lgsec policy check [--json] [--pack DIR] FILE\n"
     "  parse: reads FILE (text or Markdown extracted from PDF or Word, UTF-8 or Shift_JIS; a Word .docx;\n"
     "    a PDF) into chapters, sections, articles (or numbered sections such as 「1 目的」), paragraphs,\n"
     "    items and sub-items, and prints the counts and the outline. --json prints the tree with each\n"
     "    node's number, title, text and line range. Exits 1 when the file cannot be read.\n"
     "  check: compares FILE with the guideline model (guideline.yaml of the pack; default the built-in\n"
     "    packs/mic): each element ok / partial (what is missing) / missing (where it belongs) with the\n"
     "    lines it was found on, and deviations (安全性, 又は for 及び, a classification without\n"
     "    3A/3B/3C …). --json for JSON. Exits 0 when complete, 1 when anything is missing or deviates.\n"},
    {"routes", cmd_routes, "HTTP API のルート表を JSON で表示", "print the HTTP route table as JSON",
     "使い方: lgsec routes\n  メソッド・パス・必要な権限・状態変更の有無を JSON で表示します。\n",
     "usage: lgsec routes\n  Prints every route with its method, path, required capability and whether it changes state.\n"},
    {"sanitize", cmd_sanitize, "メールのテキスト化とファイルの無害化", "text-convert mail, disarm files (無害化)",
     "使い方: lgsec sanitize mail [オプション] [IN [OUT]]\n"
     "        lgsec sanitize file [オプション] IN OUT\n"
     "  mail: RFC 5322 のメールをテキスト化します (IN/OUT を省略するか - で標準入出力)。\n"
     "  file: ファイルの危険な要素を除去した複製を OUT に作ります (PDF, Office, CSV, ZIP。他の形式は遮断)。\n"
     "  遮断した場合は OUT を作らず、理由を表示して終了コード 1。OUT が既にあれば上書きしません。\n"
     "  オプション:\n"
     "    --clamav-db DIR          ClamAV のシグネチャデータベース\n"
     "    --no-malware-scan        データベースがなくても遮断せず「未検査」と記録する\n"
     "    --attachments drop|quarantine  添付ファイルを捨てる (既定) か無害化して隔離する\n"
     "    --quarantine DIR         隔離先 (quarantine のとき必須)\n"
     "    --release-contact TEXT   隔離した添付の取り出しの問い合わせ先 (本文に記載)\n"
     "    --charset utf-8|iso-2022-jp  出力するメールの文字コード (既定 utf-8)\n"
     "    --links defang|remove    リンクを hxxps://example[.]jp の形にする (既定) か除く\n"
     "    --no-hyperlinks          Office 文書の外部ハイパーリンクも除く\n"
     "    --max-bytes N            メール・ファイルの上限 (例 50M、既定 50M)\n"
     "    --timeout 秒             1件の処理の制限時間 (既定 20)\n"
     "    --policy-name NAME       X-Lgsec-Sanitized ヘッダーに記す方針名\n"
     "    --verdict-log FILE       判定を1行1件の JSON で追記する (権限 0600)\n"
     "    --db PATH                判定を証跡に記録する (ハッシュと結果のみ)\n"
     "    --json                   判定を JSON で表示する (メールを標準出力に出すときは標準エラーへ)\n",
     "usage: lgsec sanitize mail [options] [IN [OUT]]\n"
     "       lgsec sanitize file [options] IN OUT\n"
     "  mail: text-converts an RFC 5322 message (IN/OUT absent or - for standard input/output).\n"
     "  file: writes to OUT a copy of the file with its dangerous elements removed (PDF, Office, CSV, ZIP;\n"
     "  other types are blocked). When blocked, OUT is not created and the reason is printed (exit 1).\n"
     "  An existing OUT is never overwritten.\n"
     "  options:\n"
     "    --clamav-db DIR          ClamAV signature database\n"
     "    --no-malware-scan        without a database, record \"not scanned\" instead of blocking\n"
     "    --attachments drop|quarantine  drop attachments (default) or disarm and quarantine them\n"
     "    --quarantine DIR         quarantine directory (required with quarantine)\n"
     "    --release-contact TEXT   whom to ask for a quarantined attachment (written in the body)\n"
     "    --charset utf-8|iso-2022-jp  charset of the converted mail (default utf-8)\n"
     "    --links defang|remove    show links as hxxps://example[.]jp (default) or drop them\n"
     "    --no-hyperlinks          also remove external hyperlinks from Office documents\n"
     "    --max-bytes N            size limit for a message or file (e.g. 50M; default 50M)\n"
     "    --timeout SECONDS        time limit per item (default 20)\n"
     "    --policy-name NAME       policy named in the X-Lgsec-Sanitized header\n"
     "    --verdict-log FILE       append each verdict as one JSON line (mode 0600)\n"
     "    --db PATH                record verdicts in the trail (hashes and outcome only)\n"
     "    --json                   print the verdict as JSON (to stderr when the mail goes to stdout)\n"},
    {"serve", cmd_serve, "Web 画面と API のサーバーを起動", "run the web UI and API server",
     "使い方: lgsec serve [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
     "                   [--trail-key FILE] [--threads N] [--witness 'URL=立会人の検証鍵 …']\n"
     "  既定では 127.0.0.1:8080 でのみ待ち受けます。他の端末から使う場合は --listen 0.0.0.0:8443 と TLS を指定します。\n"
     "  起動時にデータベースの整合性を検査し、変更のたびに証跡のチェックポイントを署名して、立会人に送ります。\n"
     "  オプションを省略した項目は環境変数から読みます (パッケージの /etc/lgsec/lgsec.conf):\n"
     "    LGSEC_DB, LGSEC_LISTEN, LGSEC_TLS_CERT, LGSEC_TLS_KEY, LGSEC_TRAIL_KEY, LGSEC_THREADS, LGSEC_WITNESSES\n"
     "  メール通知: LGSEC_SMTP_URL (smtp:// または smtps://)、LGSEC_MAIL_FROM、LGSEC_PUBLIC_URL (メール内のリンク)。\n",
     "usage: lgsec serve [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
     "                   [--trail-key FILE] [--threads N] [--witness 'URL=WITNESS-KEY …']\n"
     "  Listens on 127.0.0.1:8080 unless told otherwise; for other machines use e.g. --listen 0.0.0.0:8443 with TLS.\n"
     "  Checks database integrity at start, signs a trail checkpoint with every change and sends it to the witnesses.\n"
     "  Options not given are read from the environment (the package's /etc/lgsec/lgsec.conf):\n"
     "    LGSEC_DB, LGSEC_LISTEN, LGSEC_TLS_CERT, LGSEC_TLS_KEY, LGSEC_TRAIL_KEY, LGSEC_THREADS, LGSEC_WITNESSES\n"
     "  Mail notices: LGSEC_SMTP_URL (smtp:// or smtps://), LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL (links in mail).\n"},
    {"trail", cmd_trail, "証跡 (改ざん検知付きの変更記録) の検証・証明", "verify and prove the trail (tamper-evident change record)",
     "使い方: lgsec trail <サブコマンド> [オプション]\n"
     "  verify [--db PATH] [--verifier-key KEY] [--witness-key KEY] [--witness URL=KEY] [--anchor FILE]\n"
     "      全証跡のハッシュ・連番・チェックポイントの署名と根を再計算し、台帳の各行を証跡の最後の状態と照合します。\n"
     "      --witness-key: その立会人が連署した最新のチェックポイントと照合 / --witness: 立会人に問い合わせて照合\n"
     "      --anchor: `trail anchor` の控えと照合。改ざんがあれば場所を示し、終了コード 3 で終わります。\n"
     "  witness --witness URL=KEY [--db PATH]   最新のチェックポイントを立会人に送り、連署を保存します。\n"
     "  anchor [--db PATH]         立会人が連署した最新のチェックポイントを文字と QR コードで表示します (紙・議事録の控え)。\n"
     "  checkpoint [--db PATH] [--key FILE]\n"
     "      現在の木に署名したチェックポイントを作成します (鍵の既定: <DBのパス>.trail-key)。\n"
     "  prove N [--db PATH] [--checkpoint latest|SIZE]\n"
     "      証跡 N 番の包含証明 (JSON) を出力します。\n"
     "  check-proof FILE --key VERIFIER_KEY\n"
     "      包含証明をログなしで検証します (監査人向け。FILE に - で標準入力)。\n"
     "  export-key [--db PATH]     検証鍵 (監査人に渡す文字列) を表示します。\n"
     "  status [--db PATH]         件数と最新チェックポイントを表示します。\n"
     "  list [--db PATH] [--action PREFIX] [--actor ID] [--object-type T] [--object-id ID]\n"
     "       [--from DATE] [--to DATE] [--cursor SEQ] [--limit N]   新しい順に一覧します。\n"
     "  終了コード: 0 正常 / 1 失敗 / 2 使い方の誤り / 3 改ざんを検出\n",
     "usage: lgsec trail <subcommand> [options]\n"
     "  verify [--db PATH] [--verifier-key KEY] [--witness-key KEY] [--witness URL=KEY] [--anchor FILE]\n"
     "      Recomputes every entry hash, the sequence, checkpoint signatures and roots, and compares every register\n"
     "      row with its last trail state. --witness-key: against the newest checkpoint that witness cosigned;\n"
     "      --witness: asks the witness; --anchor: against a `trail anchor` record. Exits 3 on tampering.\n"
     "  witness --witness URL=KEY [--db PATH]   Sends the newest checkpoint to witnesses, stores their cosignatures.\n"
     "  anchor [--db PATH]         Prints the newest cosigned checkpoint as text and QR code (a paper record).\n"
     "  checkpoint [--db PATH] [--key FILE]\n"
     "      Signs a checkpoint of the current tree (key default: <db path>.trail-key).\n"
     "  prove N [--db PATH] [--checkpoint latest|SIZE]\n"
     "      Prints the inclusion proof (JSON) of entry N.\n"
     "  check-proof FILE --key VERIFIER_KEY\n"
     "      Checks an inclusion proof without the log (for auditors; FILE - reads stdin).\n"
     "  export-key [--db PATH]     Prints the verifier key to give to auditors.\n"
     "  status [--db PATH]         Prints the size and the latest checkpoint.\n"
     "  list [--db PATH] [--action PREFIX] [--actor ID] [--object-type T] [--object-id ID]\n"
     "       [--from DATE] [--to DATE] [--cursor SEQ] [--limit N]   Lists newest first.\n"
     "  exit codes: 0 ok / 1 failed / 2 usage / 3 tampering detected\n"},
    {"user", cmd_user, "lgsec のログインアカウントの管理", "manage lgsec login accounts",
     "使い方: lgsec user <サブコマンド> [--db PATH]\n"
     "  add --person 職員番号 --login ID   アカウントを作成し、仮パスワードを一度だけ表示 (第88条)\n"
     "  list [--json]                      アカウントの一覧\n"
     "  disable ID                         アカウントを無効にし、セッションを終了\n"
     "  reset-password ID                  仮パスワードを再発行 (次回ログイン時に変更が必要)\n"
     "  unlock ID                          ログイン失敗によるロックを解除 (第87条)\n"
     "  reset-mfa ID                       二要素認証を解除 (端末紛失時。次回ログインで再設定)\n"
     "  ログインIDは半角英数字と . _ - の3〜32文字。admin、root などの既定の管理者名は使えません (第84条7項)。\n",
     "usage: lgsec user <subcommand> [--db PATH]\n"
     "  add --person STAFF_NO --login ID   create an account; prints the temporary password once\n"
     "  list [--json]                      list the accounts\n"
     "  disable ID                         disable the account and end its sessions\n"
     "  reset-password ID                  issue a new temporary password (must be changed at login)\n"
     "  unlock ID                          clear a lockout after failed logins (article 87)\n"
     "  reset-mfa ID                       remove two-factor authentication (lost device)\n"
     "  Login IDs: 3-32 of a-z 0-9 . _ -; default administrator names (admin, root, ...) are refused.\n"},
    {"witness", cmd_witness, "他の設置の証跡に立ち会う (C2SP tlog-witness)", "witness other installations' trails (C2SP tlog-witness)",
     "使い方: lgsec witness <サブコマンド>\n"
     "  init --key FILE --name NAME        立会人の鍵を作り、検証鍵を表示します\n"
     "  serve --key FILE --log KEY[,KEY…] [--db PATH] [--listen ADDR:PORT]\n"
     "      --log に与えた証跡 (`lgsec trail export-key` の検証鍵) の add-checkpoint を受け付け、\n"
     "      直前に連署したものと整合するチェックポイントにだけ連署します (既定 127.0.0.1:9380)。\n",
     "usage: lgsec witness <subcommand>\n"
     "  init --key FILE --name NAME        Makes a witness key and prints its verifier key\n"
     "  serve --key FILE --log KEY[,KEY…] [--db PATH] [--listen ADDR:PORT]\n"
     "      Answers add-checkpoint for the trails given (`lgsec trail export-key` verifier keys), cosigning\n"
     "      only checkpoints consistent with the last one it cosigned (default 127.0.0.1:9380).\n"},
    {"version", cmd_version, "バージョンを表示", "print the version",
     "使い方: lgsec version\n", "usage: lgsec version\n"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
    app_init(); /* wire the domain modules before any command runs */
    if (argc < 2)
        return cmd_help(1, argv);
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help(1, argv);
    if (strcmp(name, "--version") == 0)
        return cmd_version(1, argv);
    for (const Command *c = commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            for (int i = 2; i < argc; i++)
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
                    return printf("%s", tr(c->usage_ja, c->usage_en)), EXIT_OK;
            return c->run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, tr("不明なコマンドです: %s (lgsec help で一覧)\n",
                       "unknown command: %s (see lgsec help)\n"), name);
    return EXIT_USAGE;
}
