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
