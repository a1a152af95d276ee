/* cli: option handling, database opening and error printing shared by the subcommands. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/xmalloc.h"
#include "trail/trail.h"

static void remove_args(int *argc, char **argv, int at, int count)
{
    memmove(argv + at, argv + at + count, sizeof(char *) * (size_t)(*argc - at - count + 1));
    *argc -= count;
}

const char *cli_take_option(int *argc, char **argv, const char *name, bool *missing)
{
    size_t len = strlen(name);
    if (missing)
        *missing = false;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], name, len) != 0)
            continue;
        if (argv[i][len] == '=') {
            const char *v = argv[i] + len + 1;
            remove_args(argc, argv, i, 1);
            return v;
        }
        if (argv[i][len] == '\0') {
            if (i + 1 >= *argc) {
                if (missing)
                    *missing = true;
                remove_args(argc, argv, i, 1);
                return NULL;
            }
            const char *v = argv[i + 1];
            remove_args(argc, argv, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], name) == 0) {
            remove_args(argc, argv, i, 1);
            return true;
        }
    }
    return false;
}

int cli_reject_unknown(int argc, char **argv, const char *command)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
            char ja[256], en[256];
            snprintf(ja, sizeof ja, "不明なオプションです: %s", argv[i]);
            snprintf(en, sizeof en, "unknown option: %s", argv[i]);
            return cli_usage(command, ja, en);
        }
    }
    return EXIT_OK;
}

int cli_parse(int *argc, char **argv, const char *command, const CliOpt *opts, int positional)
{
    for (const CliOpt *o = opts; o->name; o++) {
        bool missing;
        *o->value = cli_take_option(argc, argv, o->name, &missing);
        if (missing) {
            char ja[128], en[128];
            snprintf(ja, sizeof ja, "%s には値が必要です", o->name);
            snprintf(en, sizeof en, "%s needs a value", o->name);
            return cli_usage(command, ja, en);
        }
    }
    int rc = cli_reject_unknown(*argc, argv, command);
    if (rc)
        return rc;
    if (positional >= 0 && *argc - 1 != positional)
        return cli_usage(command, *argc - 1 > positional ? "余分な引数があります" : "引数が足りません",
                         *argc - 1 > positional ? "unexpected arguments" : "missing arguments");
    return EXIT_OK;
}

const char *cli_db_path(const char *option)
{
    if (option && *option)
        return option;
    const char *env = getenv("LGSEC_DB");
    return env && *env ? env : DEFAULT_DB_PATH;
}

Status cli_open_db_unmigrated(const char *path, Db **out, Err *e)
{
    if (access(path, F_OK) != 0)
        return err_setf(e, ST_NOTFOUND, "db_missing", "db",
                        "データベース %s がありません。先に `lgsec init` を実行してください",
                        "database %s does not exist; run `lgsec init` first", path);
    return db_open(path, out, e);
}

Status cli_open_db(const char *path, Db **out, Err *e)
{
    Status st = cli_open_db_unmigrated(path, out, e);
    if (st != ST_OK)
        return st;
    if ((st = db_migrate(*out, e)) != ST_OK) {
        db_close(*out);
        *out = NULL;
    }
    return st;
}

Status cli_open_db_sealed(const char *path, Db **out, Err *e)
{
    Status st = cli_open_db(path, out, e);
    if (st != ST_OK)
        return st;
    const char *env = getenv("LGSEC_TRAIL_KEY");
    char *key = env && *env ? xstrdup(env) : trail_default_key_path(path);
    if (access(key, F_OK) != 0)
        fprintf(stderr, tr("警告: 証跡の署名鍵 %s がないため、この変更は次のチェックポイントまで署名されません\n",
                           "warning: no trail signing key at %s; this change stays unsigned until the next checkpoint\n"),
                key);
    else if ((st = trail_seal_commits(*out, key, clock_system(), e)) != ST_OK) {
        db_close(*out);
        *out = NULL;
    }
    free(key);
    return st;
}

void cli_private_files(void)
{
    mode_t old = umask(077);
    umask(old | 077);
}

int cli_fail(const Err *e)
{
    fprintf(stderr, "%s: %s [%s]", tr("エラー", "error"), err_message(e), e->code);
    if (e->field[0])
        fprintf(stderr, " (%s: %s)", tr("項目", "field"), e->field);
    fputc('\n', stderr);
    return e->status == ST_TAMPER ? EXIT_VERIFY : EXIT_FAILED;
}

int cli_usage(const char *command, const char *problem_ja, const char *problem_en)
{
    if (problem_ja)
        fprintf(stderr, "%s: %s\n", tr("使い方の誤り", "usage error"), tr(problem_ja, problem_en));
    for (const Command *c = commands; c->name; c++) {
        if (strcmp(c->name, command) == 0) {
            fprintf(stderr, "%s", tr(c->usage_ja, c->usage_en));
            break;
        }
    }
    return EXIT_USAGE;
}
