/* `lgsec pack`: validate a policy pack directory (every problem as FILE:LINE:COL: message [code]),
 * show the pack version active in a database, and activate a pack version in an existing database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "domain/netcheck/netcheck.h"
#include "domain/packs/packs.h"
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

/* Every problem as DIR/FILE:LINE:COL: message [code], then the count. */
static void print_issues(FILE *out, const char *dir, const PackIssues *issues)
{
    for (size_t i = 0; i < issues->count; i++) {
        const PackIssue *is = &issues->items[i];
        if (is->line > 0)
            fprintf(out, "%s/%s:%d:%d: %s [%s]\n", dir, is->file, is->line, is->column, tr(is->ja, is->en), is->code);
        else
            fprintf(out, "%s/%s: %s [%s]\n", dir, is->file, tr(is->ja, is->en), is->code);
    }
    fprintf(out, tr("%zu 件の問題があります。パックは無効です\n", "%zu problem(s); the pack is invalid\n"), issues->count);
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
    if (st == ST_OK && netcheck_pack_check(p, &issues) > 0) /* the zone matrix, which policy keeps as bytes */
        st = ST_INVALID;
    if (json) {
        json_t *out = st == ST_OK ? json_pack("{s:b, s:o}", "valid", 1, "pack", pack_to_json(p))
                                  : json_pack("{s:b, s:o}", "valid", 0, "issues", pack_issues_to_json(&issues));
        json_dumpf(out, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(out);
    } else if (st == ST_OK) {
        print_summary(p);
    } else {
        print_issues(stdout, argv[1], &issues);
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

/* activate [--db PATH] [DIR]: DIR's pack (default: the built-in packs/mic) becomes the one in force. */
static int pack_activate_cmd(int argc, char **argv)
{
    const char *db_opt = NULL;
    const CliOpt opts[] = {{"--db", &db_opt}, {NULL, NULL}};
    int rc = cli_parse(&argc, argv, "pack", opts, -1);
    if (rc)
        return rc;
    if (argc > 2)
        return cli_usage("pack", "pack activate にはディレクトリを一つまで指定できます", "pack activate takes at most one directory");
    const char *dir = argc == 2 ? argv[1] : NULL;
    Err e = {0};
    PackSource *files = NULL;
    size_t n = 0;
    if (dir) {
        if (pack_sources_from_dir(dir, &files, &n, &e) != ST_OK)
            return cli_fail(&e);
    } else {
        pack_sources_embedded(&files, &n);
    }
    /* Every problem first, as validate prints them: nothing is activated from an invalid pack. */
    Pack *p = NULL;
    PackIssues issues = {0};
    Status st = pack_load_sources(files, n, &p, &issues, &e);
    if (st == ST_OK && netcheck_pack_check(p, &issues) > 0)
        st = ST_INVALID;
    pack_free(p);
    if (st != ST_OK) {
        if (issues.count)
            print_issues(stderr, dir ? dir : "packs/mic", &issues);
        pack_issues_free(&issues);
        pack_sources_free(files, n);
        return issues.count ? EXIT_FAILED : cli_fail(&e);
    }
    pack_issues_free(&issues);
    Db *db = NULL;
    if (cli_open_db_sealed(cli_db_path(db_opt), &db, &e) != ST_OK) {
        pack_sources_free(files, n);
        return cli_fail(&e);
    }
    Actor actor = {.login_id = "cli"};
    Ctx ctx = ctx_make(db, clock_system(), &actor, NULL); /* activating: no pack in force yet */
    bool unchanged = false;
    PackVersionInfo info;
    st = pack_activate(&ctx, files, n, &unchanged, &info, &e);
    pack_sources_free(files, n);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    if (unchanged)
        printf(tr("パック %s 版 %s は既に有効です (ダイジェスト %s)\n", "pack %s version %s is already active (digest %s)\n"),
               info.pack_id, info.version, info.digest);
    else
        printf(tr("パック %s 版 %s を有効にしました (ダイジェスト %s)。稼働中のサーバーは再起動してください\n",
                  "activated pack %s version %s (digest %s); restart a running server\n"),
               info.pack_id, info.version, info.digest);
    return EXIT_OK;
}

/* COMMAND: pack
 * SUMMARY: ポリシーパックの検証・有効な版の表示・有効化
 * SUMMARY_EN: validate, show and activate a policy pack
 * USAGE:
 * 使い方: lgsec pack validate [--json] DIR
 *         lgsec pack show [--db PATH] [--json]
 *         lgsec pack activate [--db PATH] [DIR]
 *   validate: DIR のポリシーパック (pack.yaml, classification.yaml, roles.yaml, checks.yaml,
 *     selfcheck.yaml, articles.yaml …; 系の間の規則 netcheck.yaml はモデル・中継の種類・系・条項も) を検証し、見つかった問題をすべて
 *     「ファイル:行:桁: メッセージ [コード]」の形で表示します。問題があれば終了コード 1、
 *     なければ 0 で、パックの ID・版・件数・ダイジェストを表示します。--json で JSON 出力。
 *   show: データベースに記録された有効なパックの ID・版・ダイジェスト・有効化日時を表示します。
 *     --json でパック全体 (条文を含む) を JSON で出力します。
 *   activate: DIR のパック (省略時は同梱の packs/mic) を検証し、既存のデータベースで有効にします。
 *     証跡に変更前後の版を記録します。問題があれば何も変えずに全件を表示し終了コード 1。
 *     lgsec の更新でパックの必須ファイルが増えたときは、これを実行してからサーバーを起動します。
 *   スキーマ: docs/pack-schema.md
 * USAGE_EN:
 * usage: lgsec pack validate [--json] DIR
 *        lgsec pack show [--db PATH] [--json]
 *        lgsec pack activate [--db PATH] [DIR]
 *   validate: checks the policy pack in DIR (pack.yaml, classification.yaml, roles.yaml, checks.yaml,
 *     selfcheck.yaml, articles.yaml …; the zone matrix netcheck.yaml with its models, relay kinds, zones
 *     and articles) and prints every problem as FILE:LINE:COL: message [code].
 *     Exits 1 when there is any problem, else 0 after printing the pack's id, version, counts and
 *     digest. --json prints JSON instead.
 *   show: prints the id, version, digest and activation time of the pack active in the database.
 *     --json prints the whole pack (articles included) as JSON.
 *   activate: validates DIR's pack (default: the built-in packs/mic) and puts it in force in an existing
 *     database, recording before/after versions in the trail. On any problem nothing changes, every
 *     problem is printed and the exit code is 1. Run it after an lgsec update adds required pack files.
 *   Schema: docs/pack-schema.md
 */
int cmd_pack(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("pack", "サブコマンド (validate, show, activate) を指定してください",
                         "give a subcommand (validate, show, activate)");
    if (strcmp(argv[1], "validate") == 0)
        return pack_validate(argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return pack_show(argc - 1, argv + 1);
    if (strcmp(argv[1], "activate") == 0)
        return pack_activate_cmd(argc - 1, argv + 1);
    return cli_usage("pack", "不明なサブコマンドです", "unknown subcommand");
}
