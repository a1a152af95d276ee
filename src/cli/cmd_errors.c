/* errors: prints the error catalog (core/errors.def) — every code with its HTTP status and its
 * generic message — for operators reading logs and for the catalog test (--json). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/err.h"
#include "core/i18n.h"

/* COMMAND: errors
 * SUMMARY: エラーコードの一覧 (HTTP ステータスと意味)
 * SUMMARY_EN: list the error codes (HTTP status and meaning)
 * USAGE:
 * 使い方: lgsec errors [--json]
 *   API と CLI が返すエラーコードをすべて、HTTP ステータスと一般的な意味とともに表示します
 *   (定義は src/core/errors.def の一か所)。--json でコード・種別 (Status)・ステータス・日本語・英語を JSON で出力します。
 * USAGE_EN:
 * usage: lgsec errors [--json]
 *   Prints every error code the API and the CLI return, with its HTTP status and generic meaning
 *   (declared once, in src/core/errors.def). --json prints code, kind (Status), status, Japanese and English.
 */
int cmd_errors(int argc, char **argv)
{
    bool as_json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_parse(&argc, argv, "errors", (const CliOpt[]){{NULL, NULL}}, 0);
    if (rc)
        return rc;
    size_t n;
    const ErrDef *all = err_catalog(&n);
    if (!as_json) {
        for (size_t i = 0; i < n; i++)
            printf("%-36s %d  %s\n", all[i].code, all[i].http, tr(all[i].ja, all[i].en));
        return EXIT_OK;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:s, s:s}", "code", all[i].code, "kind",
                                              status_name(all[i].kind), "status", all[i].http, "ja",
                                              all[i].ja, "en", all[i].en));
    char *text = json_dumps(list, JSON_INDENT(2));
    puts(text);
    free(text);
    json_decref(list);
    return EXIT_OK;
}
