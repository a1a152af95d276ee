/* doctor: checks an installation the way an operator would, one line per check with OK / 注意 / 異常
 * and what to do: the database and the files holding secrets (owner and mode), backups, the ClamAV
 * signature age, free disk, trail checkpoints, mail settings, integrity and schema version.
 * Reads only: it never migrates, repairs or signs anything. Exit 0 all OK, 1 any 異常, 3 注意 only.
 * This file reads the options and the configuration and checks the database; doctor_host.c the rest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/doctor.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "trail/trail.h"
#include "trail/witness.h"

#define MIB DOCTOR_MIB
/* serve signs within TRAIL_CHECKPOINT_MAX_AGE_S of an entry, polling every 10 s: entries waiting
 * longer than this were not signed by a running server. */
#define UNSIGNED_GRACE_S (3 * TRAIL_CHECKPOINT_MAX_AGE_S)
#define CLAMAV_DEFAULT_MAX_AGE_DAYS 7

/* Exit codes: 0 all OK, EXIT_FAILED (1) any 異常, 3 注意 only. */
enum { EXIT_WARNINGS = 3 };

/* ---- the configuration file ---- */

/* Reads systemd's EnvironmentFile= format (KEY=VALUE lines, # and ; comments, optional quotes) into
 * the environment, so that doctor sees what the unit gives serve. */
static Status load_config(const char *path, Err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return err_setf(e, ST_IO, "config_unreadable", "config", "設定ファイル %s を読めません (%s)",
                        "cannot read the configuration %s (%s)", path, strerror(errno));
    char text[4096];
    int lineno = 0;
    Status st = ST_OK;
    while (st == ST_OK && fgets(text, sizeof text, f)) {
        lineno++;
        char *s = text, *end = text + strlen(text);
        while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#' || *s == ';')
            continue;
        char *eq = strchr(s, '=');
        size_t name_len = eq ? (size_t)(eq - s) : 0;
        bool valid = name_len > 0 && (s[0] < '0' || s[0] > '9');
        for (size_t i = 0; valid && i < name_len; i++)
            valid = s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                    (s[i] >= '0' && s[i] <= '9');
        if (!valid) {
            st = err_setf(e, ST_INVALID, "config_syntax", "config", "%s の %d 行目が 変数名=値 の形ではありません",
                          "%s line %d is not NAME=VALUE", path, lineno);
            break;
        }
        *eq = '\0';
        char *value = eq + 1;
        size_t vlen = strlen(value);
        if (vlen >= 2 && (value[0] == '"' || value[0] == '\'') && value[vlen - 1] == value[0]) {
            value[vlen - 1] = '\0';
            value++;
        }
        setenv(s, value, 1);
    }
    fclose(f);
    return st;
}

static const char *option_or_env(const char *option, const char *var)
{
    if (option && *option)
        return option;
    const char *v = getenv(var);
    return v && *v ? v : NULL;
}

/* ---- the database: integrity, schema, trail ---- */

static void check_schema(Report *r, Db *db)
{
    const char *title = tr("スキーマの版", "schema version");
    int have = db_schema_version(db), latest = db_schema_latest();
    if (have == latest)
        doctor_line(r, LEVEL_OK, title, tr("%d (この lgsec の最新)", "%d (this lgsec's latest)"), have);
    else if (have < latest)
        doctor_line(r, LEVEL_WARN, title,
             tr("%d、この lgsec は %d まで移行します。対処: lgsec pack activate を実行するか、サーバーを起動すると移行されます",
                "%d; this lgsec migrates to %d. Fix: run lgsec pack activate, or start the server, which migrates"),
             have, latest);
    else
        doctor_line(r, LEVEL_FAIL, title,
             tr("%d は この lgsec (%d まで) より新しい版で作られています。対処: lgsec を新しい版に更新してください",
                "%d was written by a newer lgsec (this one knows up to %d). Fix: update lgsec"),
             have, latest);
}

static void check_integrity(Report *r, Db *db)
{
    const char *title = tr("データベースの整合性", "database integrity");
    Err e = {0};
    if (db_quick_check(db, &e) == ST_OK)
        doctor_line(r, LEVEL_OK, title, "%s", tr("quick_check で問題は見つかりませんでした", "quick_check found no problem"));
    else
        doctor_line(r, LEVEL_FAIL, title,
             tr("%s。対処: サーバーを止め、ファイルを保全してから直近のバックアップから戻してください",
                "%s. Fix: stop the server, keep the file, and restore the latest backup"),
             err_message(&e));
}

static void check_trail(Report *r, Db *db, const char *key_path, FileCheck *fc)
{
    const char *title = tr("証跡のチェックポイント", "trail checkpoints");
    Err e = {0};
    json_t *status = NULL;
    if (trail_status(db, &status, &e) != ST_OK) {
        doctor_line(r, LEVEL_FAIL, title, "%s", err_message(&e));
        return;
    }
    json_int_t size = json_integer_value(json_object_get(status, "size"));
    json_int_t pending = json_integer_value(json_object_get(status, "pending"));
    json_t *cp = json_object_get(status, "checkpoint");
    bool has_key = json_is_true(json_object_get(status, "has_key"));
    const char *cp_at = json_string_value(json_object_get(cp, "created_at"));
    int64_t cp_time = 0;
    char cp_when[17] = "-";
    if (cp_at && time_parse_iso(cp_at, &cp_time))
        time_jst(cp_time, cp_when);
    doctor_check_private_file(r, fc, key_path, true);
    if (!has_key) {
        doctor_line(r, LEVEL_FAIL, title, "%s",
             tr("検証鍵がデータベースに記録されていません (lgsec init で作られていないデータベースです)",
                "no verifier key is recorded (the database was not made by lgsec init)"));
    } else if (size == 0) {
        doctor_line(r, LEVEL_OK, title, "%s", tr("証跡はまだ空です", "the trail is still empty"));
    } else if (pending == 0) {
        doctor_line(r, LEVEL_OK, title,
             tr("全 %lld 件が署名済みのチェックポイント (%s) に含まれています",
                "all %lld entries are covered by the signed checkpoint of %s"),
             (long long)size, cp_when);
    } else {
        /* When was the first entry not yet covered written? */
        json_int_t covered = size - pending;
        TrailFilter f = {.cursor = covered + 1, .limit = 1};
        json_t *items = NULL;
        int64_t next = 0, first_time = 0;
        if (trail_list(db, &f, &items, &next, &e) == ST_OK && json_array_size(items) == 1)
            time_parse_iso(json_string_value(json_object_get(json_array_get(items, 0), "time")), &first_time);
        json_decref(items);
        int64_t waiting = clock_now(r->clock) - first_time;
        char first_when[17];
        time_jst(first_time, first_when);
        if (first_time && waiting <= UNSIGNED_GRACE_S)
            doctor_line(r, LEVEL_OK, title,
                 tr("%lld 件のうち新しい %lld 件は稼働中のサーバーが1分以内に署名します (最新のチェックポイント %s)",
                    "of %lld entries the newest %lld will be signed by the running server within a minute (last checkpoint %s)"),
                 (long long)size, (long long)pending, cp_when);
        else
            doctor_line(r, LEVEL_FAIL, title,
                 tr("%lld 件が %s から署名されていません (最新のチェックポイント %s)。署名までの記録は、ファイルを書き換えられる者が気づかれずに消せます。"
                    "対処: サーバーを起動するか lgsec trail checkpoint を実行してください",
                    "%lld entries have waited since %s without a signature (last checkpoint %s); until signed they can be "
                    "removed unnoticed by anyone who can write the file. Fix: start the server or run lgsec trail checkpoint"),
                 (long long)pending, first_when, cp_when);
    }
    json_decref(status);
}

/* The witnesses serve sends checkpoints to (as serve recorded them): one line each; a failing or
 * stale one is 注意, since the trail still holds against everything but rollback and re-signing
 * (docs/trail.md). */
static void check_witnesses(Report *r, Db *db)
{
    const char *title = tr("立会人", "witnesses");
    Err e = {0};
    json_t *items = NULL;
    if (trail_witness_report(db, clock_now(r->clock), &items, &e) != ST_OK) {
        doctor_line(r, LEVEL_FAIL, title, "%s", err_message(&e));
        return;
    }
    if (json_array_size(items) == 0)
        doctor_line(r, LEVEL_OK, title, "%s",
                    tr("設定されていません (lgsec serve --witness)。立会人がいないと、ファイルと署名鍵を持つ者による巻き戻し・署名し直しは検出できません",
                       "none configured (lgsec serve --witness); without one, rollback and re-signing by whoever holds the file and key cannot be detected"));
    size_t i;
    json_t *w;
    json_array_foreach(items, i, w)
    {
        const char *name = json_string_value(json_object_get(w, "name"));
        const char *state = json_string_value(json_object_get(w, "state"));
        json_t *cos = json_object_get(w, "cosigned"), *err = json_object_get(w, "error");
        char line_title[200], when[17] = "-";
        snprintf(line_title, sizeof line_title, "%s %s", title, name);
        int64_t at = 0;
        if (json_is_object(cos) && time_parse_iso(json_string_value(json_object_get(cos, "at")), &at))
            time_jst(at, when);
        long long size = (long long)json_integer_value(json_object_get(cos, "size"));
        long long behind = (long long)json_integer_value(json_object_get(w, "behind"));
        if (strcmp(state, "failing") == 0) {
            int64_t since = 0;
            char since_when[17] = "-";
            if (time_parse_iso(json_string_value(json_object_get(err, "since")), &since))
                time_jst(since, since_when);
            doctor_line(r, LEVEL_WARN, line_title,
                        tr("%s から失敗しています: %s [%s] (最後の連署 %s、木のサイズ %lld)。対処: 立会人の機械と経路を確かめ、拒否の場合は lgsec trail verify --witness で確認してください",
                           "failing since %s: %s [%s] (last cosigned %s, tree size %lld). Fix: check the witness's machine and the network; if it refuses, run lgsec trail verify --witness"),
                        since_when, json_string_value(json_object_get(err, i18n_english() ? "en" : "ja")),
                        json_string_value(json_object_get(err, "code")), when, size);
        } else if (strcmp(state, "stale") == 0) {
            doctor_line(r, LEVEL_WARN, line_title,
                        tr("最新のチェックポイントを連署していません (未連署 %lld 件、最後の連署 %s)。対処: lgsec serve が --witness 付きで動いているか確かめてください",
                           "has not cosigned the newest checkpoint (%lld entries behind, last cosigned %s). Fix: check that lgsec serve runs with --witness"),
                        behind, when);
        } else {
            doctor_line(r, LEVEL_OK, line_title,
                        json_is_object(cos) ? tr("木のサイズ %lld を %s に連署", "cosigned tree size %lld at %s")
                                            : tr("連署待ち (%lld 件)%s", "waiting for the first cosignature (%lld entries)%s"),
                        json_is_object(cos) ? size : behind, json_is_object(cos) ? when : "");
        }
    }
    json_decref(items);
}

/* COMMAND: doctor
 * SUMMARY: 設置の点検 (権限・バックアップ・署名・ディスク・メール・整合性)
 * SUMMARY_EN: check the installation (permissions, backups, signatures, disk, mail, integrity)
 * USAGE:
 * 使い方: lgsec doctor [--db PATH] [--config FILE] [--trail-key FILE] [--backup-dir DIR]
 *                      [--clamav-db DIR] [--clamav-max-age 日数]
 *   運用中の lgsec を点検し、1項目1行で OK / 注意 / 異常 と対処を表示します。何も変更しません。
 *   - データベース・WAL・証跡の署名鍵・バックアップが実行ユーザーだけのもの (所有者、権限 0600) か
 *     (root で実行したときはデータベースの所有者を基準にします)
 *   - バックアップ (--backup-dir または LGSEC_BACKUP_DIR) があり、最新が2日以内か
 *   - ClamAV のシグネチャ (--clamav-db または LGSEC_CLAMAV_DB、既定 /var/lib/clamav) が
 *     --clamav-max-age 日 (既定 7) より古くないか
 *   - データベースのあるファイルシステムの空き容量
 *   - 証跡の最新の記録が署名済みのチェックポイントに含まれているか
 *   - 立会人 (lgsec serve --witness) が最新のチェックポイントを連署しているか (失敗・10分以上の遅れは注意)
 *   - メールの設定 (LGSEC_SMTP_URL、LGSEC_MAIL_FROM、LGSEC_PUBLIC_URL)
 *   - データベースの整合性 (quick_check) とスキーマの版
 *   --config で systemd の設定ファイル (パッケージでは /etc/lgsec/lgsec.conf) を読み、サービスと同じ設定で
 *   点検します: sudo -u lgsec lgsec doctor --config /etc/lgsec/lgsec.conf
 *   証跡全体の検証は lgsec trail verify で行います。
 *   終了コード: 0 すべて OK / 1 異常あり / 2 使い方の誤り / 3 注意のみ
 * USAGE_EN:
 * usage: lgsec doctor [--db PATH] [--config FILE] [--trail-key FILE] [--backup-dir DIR]
 *                     [--clamav-db DIR] [--clamav-max-age DAYS]
 *   Checks a running installation and prints one line per check, OK / WARN / FAIL with what to do.
 *   Changes nothing. It checks:
 *   - the database, its WAL, the trail signing key and the backups belong to the running user only
 *     (owner, mode 0600; run as root, the database's owner is the reference)
 *   - there are backups (--backup-dir or LGSEC_BACKUP_DIR) and the newest is at most 2 days old
 *   - the ClamAV signatures (--clamav-db or LGSEC_CLAMAV_DB, default /var/lib/clamav) are not older
 *     than --clamav-max-age days (default 7)
 *   - free space on the database's file system
 *   - the trail's latest entry is covered by a signed checkpoint
 *   - the witnesses (lgsec serve --witness) cosign the newest checkpoint (failing, or 10 minutes behind: WARN)
 *   - mail settings (LGSEC_SMTP_URL, LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL)
 *   - database integrity (quick_check) and schema version
 *   --config reads a systemd environment file (the package's /etc/lgsec/lgsec.conf) to check with the
 *   service's settings: sudo -u lgsec lgsec doctor --config /etc/lgsec/lgsec.conf
 *   The whole trail is verified by lgsec trail verify.
 *   exit codes: 0 all OK / 1 any failure / 2 usage / 3 warnings only
 */
int cmd_doctor(int argc, char **argv)
{
    const char *db_opt = NULL, *config = NULL, *key_opt = NULL, *backup_opt = NULL, *clamav_opt = NULL,
               *clamav_age = NULL;
    const CliOpt opts[] = {
        {"--db", &db_opt},           {"--config", &config},         {"--trail-key", &key_opt},
        {"--backup-dir", &backup_opt}, {"--clamav-db", &clamav_opt}, {"--clamav-max-age", &clamav_age},
        {NULL, NULL},
    };
    int rc = cli_parse(&argc, argv, "doctor", opts, 0);
    if (rc)
        return rc;
    Err e = {0};
    if (config && load_config(config, &e) != ST_OK)
        return cli_fail(&e);
    char *end = NULL;
    long max_days = clamav_age ? strtol(clamav_age, &end, 10) : CLAMAV_DEFAULT_MAX_AGE_DAYS;
    if ((clamav_age && (*end || end == clamav_age)) || max_days < 1 || max_days > 365)
        return cli_usage("doctor", "--clamav-max-age は 1〜365 (日) で指定してください", "--clamav-max-age must be 1-365 (days)");

    const char *db_path = cli_db_path(db_opt);
    char *key_path = option_or_env(key_opt, "LGSEC_TRAIL_KEY") ? xstrdup(option_or_env(key_opt, "LGSEC_TRAIL_KEY"))
                                                               : trail_default_key_path(db_path);
    const char *backup_dir = option_or_env(backup_opt, "LGSEC_BACKUP_DIR");
    const char *clamav_dir = option_or_env(clamav_opt, "LGSEC_CLAMAV_DB");
    Report r = {.clock = clock_system()};
    printf(tr("lgsec doctor (%s): %s\n", "lgsec doctor (%s): %s\n"), LGSEC_VERSION, db_path);

    struct stat db_st;
    const char *db_title = tr("データベース", "database");
    bool db_exists = stat(db_path, &db_st) == 0;
    /* Files must be the running user's; root checks them against the database's owner. */
    FileCheck fc = {.owner = geteuid()};
    if (fc.owner == 0 && db_exists)
        fc.owner = db_st.st_uid;
    if (!db_exists) {
        doctor_line(&r, LEVEL_FAIL, db_title,
             tr("%s がありません。対処: lgsec init で作成してください (パッケージでは sudo -u lgsec lgsec init --db %s --org 団体名 …)",
                "%s does not exist. Fix: create it with lgsec init (with the package: sudo -u lgsec lgsec init --db %s --org NAME …)"),
             db_path, db_path);
    } else {
        Db *db = NULL;
        if (db_open(db_path, &db, &e) != ST_OK)
            doctor_line(&r, LEVEL_FAIL, db_title, "%s%s", err_message(&e),
                 e.status == ST_TAMPER ? tr("。対処: サーバーを止め、ファイルを保全してから直近のバックアップから戻してください",
                                            ". Fix: stop the server, keep the file, and restore the latest backup")
                                       : "");
        else
            doctor_line(&r, LEVEL_OK, db_title, "%s (%.1f MiB)", db_path, (double)db_st.st_size / MIB);
        doctor_check_private_file(&r, &fc, db_path, true);
        char *wal = xasprintf("%s-wal", db_path), *shm = xasprintf("%s-shm", db_path);
        doctor_check_private_file(&r, &fc, wal, false);
        doctor_check_private_file(&r, &fc, shm, false);
        free(wal);
        free(shm);
        if (db) {
            check_integrity(&r, db);
            check_schema(&r, db);
            check_trail(&r, db, key_path, &fc);
            check_witnesses(&r, db);
            db_close(db);
        }
    }
    doctor_check_backups(&r, &fc, backup_dir);
    if (fc.checked > 0 && fc.problems == 0) {
        char name[32];
        doctor_line(&r, LEVEL_OK, tr("ファイルの所有者と権限", "file owner and permissions"),
             tr("データベース・署名鍵・バックアップの %d ファイルは %s だけが読み書きできます",
                "the %d database, key and backup files are %s's only"),
             fc.checked, doctor_user_name(fc.owner, name));
    }
    doctor_check_disk(&r, db_path);
    doctor_check_clamav(&r, clamav_dir ? clamav_dir : "/var/lib/clamav", clamav_dir != NULL, max_days);
    doctor_check_mail(&r);
    free(key_path);

    printf(tr("結果: OK %d、注意 %d、異常 %d\n", "result: %d OK, %d warnings, %d failures\n"), r.count[LEVEL_OK],
           r.count[LEVEL_WARN], r.count[LEVEL_FAIL]);
    return r.count[LEVEL_FAIL] ? EXIT_FAILED : r.count[LEVEL_WARN] ? EXIT_WARNINGS : EXIT_OK;
}
