/* lgsec: the one command table. Every CLI command, its summary and its help text live here; the
 * implementations are in src/cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"

const Command commands[] = {
    {"backup", cmd_backup, "データベースのオンラインバックアップ", "online backup of the database",
     "使い方: lgsec backup [--db PATH] FILE\n"
     "  稼働中のデータベースを FILE に複製します (SQLite オンラインバックアップ)。既存の FILE は上書きしません。\n",
     "usage: lgsec backup [--db PATH] FILE\n"
     "  Copies the live database into FILE (SQLite online backup). An existing FILE is not overwritten.\n"},
    {"help", cmd_help, "ヘルプを表示", "show help",
     "使い方: lgsec help [コマンド]\n", "usage: lgsec help [command]\n"},
    {"trail", cmd_trail, "証跡 (改ざん検知付きの変更記録) の検証・証明", "verify and prove the trail (tamper-evident change record)",
     "使い方: lgsec trail <サブコマンド> [オプション]\n"
     "  verify [--db PATH] [--verifier-key KEY]\n"
     "      全証跡のハッシュ・連番・全チェックポイントの署名と根を再計算して検証します。\n"
     "      改ざんがあれば最初の不正な証跡を示し、終了コード 3 で終わります。\n"
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
     "  verify [--db PATH] [--verifier-key KEY]\n"
     "      Recomputes every entry hash, the sequence and every checkpoint's signature and root.\n"
     "      On tampering it names the first bad entry and exits with code 3.\n"
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
    {"version", cmd_version, "バージョンを表示", "print the version",
     "使い方: lgsec version\n", "usage: lgsec version\n"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
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
