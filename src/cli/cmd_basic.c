/* The small subcommands: version, help, backup (the database and the incidents' evidence beside it). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "domain/incidents/incidents.h"
#include "evidence/evidence.h"

/* COMMAND: version
 * SUMMARY: バージョンを表示
 * SUMMARY_EN: print the version
 * USAGE:
 * 使い方: lgsec version
 * USAGE_EN:
 * usage: lgsec version
 */
int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("lgsec %s\n", LGSEC_VERSION);
    return EXIT_OK;
}

/* COMMAND: help
 * SUMMARY: ヘルプを表示
 * SUMMARY_EN: show help
 * USAGE:
 * 使い方: lgsec help [コマンド]
 * USAGE_EN:
 * usage: lgsec help [command]
 */
int cmd_help(int argc, char **argv)
{
    if (argc >= 2) {
        for (const Command *c = commands; c->name; c++) {
            if (strcmp(c->name, argv[1]) == 0) {
                printf("%s", tr(c->usage_ja, c->usage_en));
                return EXIT_OK;
            }
        }
        fprintf(stderr, tr("不明なコマンドです: %s\n", "unknown command: %s\n"), argv[1]);
        return EXIT_USAGE;
    }
    printf("%s\n\n", tr("lgsec — 自治体情報セキュリティ管理システム",
                         "lgsec — information security management for local governments"));
    printf("%s\n", tr("使い方: lgsec <コマンド> [オプション]", "usage: lgsec <command> [options]"));
    for (const Command *c = commands; c->name; c++)
        printf("  %-10s %s\n", c->name, tr(c->summary_ja, c->summary_en));
    printf("\n%s\n", tr("詳しくは: lgsec help <コマンド>", "details: lgsec help <command>"));
    return EXIT_OK;
}

/* COMMAND: backup
 * SUMMARY: データベースのオンラインバックアップ
 * SUMMARY_EN: online backup of the database
 * USAGE:
 * 使い方: lgsec backup [--db PATH] FILE
 *   稼働中のデータベースを FILE に複製します (SQLite オンラインバックアップ)。既存の FILE は上書きしません。
 *   FILE は所有者だけが読み書きできる権限 (0600) で作ります。データベースはそのままの版で複製し、移行しません。
 *   インシデントの証拠ファイル (データベース.evidence/) も FILE.evidence/ に複製し、SHA-256 を確かめます。
 *   戻すときは FILE と FILE.evidence/ を一緒に置きます。
 * USAGE_EN:
 * usage: lgsec backup [--db PATH] FILE
 *   Copies the live database into FILE (SQLite online backup). An existing FILE is not overwritten.
 *   FILE is created readable by its owner only (0600). The database is copied as it is, never migrated.
 *   The incidents' evidence files (DB.evidence/) are copied to FILE.evidence/, each checked by its SHA-256.
 *   To restore, put FILE and FILE.evidence/ back together.
 */
int cmd_backup(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_parse(&argc, argv, "backup", (const CliOpt[]){{"--db", &db_opt}, {NULL, NULL}}, 1);
    if (rc)
        return rc;
    Err e = {0};
    Db *db = NULL;
    if (cli_open_db_unmigrated(cli_db_path(db_opt), &db, &e) != ST_OK)
        return cli_fail(&e);
    FILE *exists = fopen(argv[1], "r");
    if (exists) {
        fclose(exists);
        db_close(db);
        err_setf(&e, ST_CONFLICT, "backup_exists", "file",
                 "%s は既に存在します。上書きはしません", "%s already exists; not overwriting",
                 argv[1]);
        return cli_fail(&e);
    }
    cli_private_files();
    Status st = db_backup(db, argv[1], &e);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    size_t copied = 0;
    st = evidence_backup(cli_db_path(db_opt), argv[1], &copied, &e);
    if (st != ST_OK)
        return cli_fail(&e);
    printf(tr("バックアップを作成しました: %s\n", "backup written: %s\n"), argv[1]);
    if (copied)
        printf(tr("証拠ファイル %zu 件を %s.evidence/ に複製し、SHA-256 を確かめました\n",
                  "%zu evidence files copied to %s.evidence/, each checked by SHA-256\n"),
               copied, argv[1]);
    return EXIT_OK;
}
