/* `lgsec pack`: validate a policy pack directory (every problem as FILE:LINE:COL: message [code]) and
 * show the pack version active in a database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "policy/pack.h"
#include "policy/pack_store.h"

static void print_summary(const Pack *p)
{
    size_t n_levels = 0;
    for (size_t i = 0; i < p->n_scales; i++)
        n_levels += p->scales[i].n_levels;
    printf(tr("パック %s 版 %s: 有効です\n", "pack %s version %s: valid\n"), p->id, p->version);
    printf(tr("  尺度 %zu (区分 %zu)、取扱制限 %zu、役割 %zu、点検 %zu、自己点検項目 %zu、条文 %zu\n",
              "  %zu scales (%zu levels), %zu restrictions, %zu roles, %zu checks, %zu self-check items, "
              "%zu articles\n"),
           p->n_scales, n_levels, p->n_restrictions, p->n_roles, p->n_checks, p->n_selfcheck, p->n_articles);
    printf(tr("  ガイドラインのモデル %s: 要素 %zu、逸脱の規則 %zu\n", "  guideline model %s: %zu elements, %zu deviation rules\n"),
           p->guideline.edition, p->guideline.n_elements, p->guideline.n_deviations);
    printf(tr("  ダイジェスト %s\n", "  digest %s\n"), p->digest);
}

static int pack_validate(int argc, char **argv)
{
    bool json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, "pack");
    if (rc)
        return rc;
    if (argc != 2)
        return cli_usage("pack", "検証するディレクトリを一つ指定してください", "give one directory to validate");
    Pack *p = NULL;
    PackIssues issues = {0};
    Err e = {0};
    Status st = pack_load_dir(argv[1], &p, &issues, &e);
    if (st != ST_OK && issues.count == 0)
        return cli_fail(&e);
    if (json) {
        json_t *out = st == ST_OK ? json_pack("{s:b, s:o}", "valid", 1, "pack", pack_to_json(p))
                                  : json_pack("{s:b, s:o}", "valid", 0, "issues", pack_issues_to_json(&issues));
        json_dumpf(out, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(out);
    } else if (st == ST_OK) {
        print_summary(p);
    } else {
        for (size_t i = 0; i < issues.count; i++) {
            const PackIssue *is = &issues.items[i];
            if (is->line > 0)
                printf("%s/%s:%d:%d: %s [%s]\n", argv[1], is->file, is->line, is->column, tr(is->ja, is->en),
                       is->code);
            else
                printf("%s/%s: %s [%s]\n", argv[1], is->file, tr(is->ja, is->en), is->code);
        }
        printf(tr("%zu 件の問題があります。パックは無効です\n", "%zu problem(s); the pack is invalid\n"),
               issues.count);
    }
    pack_free(p);
    pack_issues_free(&issues);
    return st == ST_OK ? EXIT_OK : EXIT_FAILED;
}

static int pack_show(int argc, char **argv)
{
    bool missing;
    const char *db_opt = cli_take_option(&argc, argv, "--db", &missing);
    if (missing)
        return cli_usage("pack", "--db にはパスが必要です", "--db needs a path");
    bool json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, "pack");
    if (rc)
        return rc;
    if (argc != 1)
        return cli_usage("pack", "pack show に引数は不要です", "pack show takes no arguments");
    Err e = {0};
    Db *db = NULL;
    if (cli_open_db(cli_db_path(db_opt), &db, &e) != ST_OK)
        return cli_fail(&e);
    Status st;
    if (json) {
        Pack *p = NULL;
        st = pack_store_load_active(db, &p, &e);
        if (st == ST_OK) {
            json_t *o = pack_to_json(p);
            json_dumpf(o, stdout, JSON_INDENT(2));
            putchar('\n');
            json_decref(o);
            pack_free(p);
        }
    } else {
        PackVersionInfo info;
        st = pack_store_active_info(db, &info, &e);
        if (st == ST_OK) {
            printf("%s %s\n", tr("パック:", "pack:"), info.pack_id);
            printf("%s %s\n", tr("版:", "version:"), info.version);
            printf("%s %s\n", tr("ダイジェスト:", "digest:"), info.digest);
            printf("%s %s\n", tr("有効化:", "activated:"), info.activated_at);
        }
    }
    db_close(db);
    return st == ST_OK ? EXIT_OK : cli_fail(&e);
}

int cmd_pack(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("pack", "サブコマンド (validate, show) を指定してください",
                         "give a subcommand (validate, show)");
    if (strcmp(argv[1], "validate") == 0)
        return pack_validate(argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return pack_show(argc - 1, argv + 1);
    return cli_usage("pack", "不明なサブコマンドです", "unknown subcommand");
}
