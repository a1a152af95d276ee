/* lgsec: the program's entry point. The command table (name, summary, help) is generated from the
 * COMMAND: declarations above the cmd_* functions in src/cli (scripts/mkindex.py). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "domain/app/app.h"

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
