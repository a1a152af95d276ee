/* doctor: checks an installation the way an operator would, one line per check with OK / 注意 / 異常
 * and what to do: the database and the files holding secrets (owner and mode), backups, the ClamAV
 * signature age, free disk, trail checkpoints, mail settings, integrity and schema version.
 * Reads only: it never migrates, repairs or signs anything. Exit 0 all OK, 1 any 異常, 3 注意 only. */
#include <clamav.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "trail/trail.h"

#define DAY_S 86400
#define MIB (1024.0 * 1024.0)
/* serve signs within TRAIL_CHECKPOINT_MAX_AGE_S of an entry, polling every 10 s: entries waiting
 * longer than this were not signed by a running server. */
#define UNSIGNED_GRACE_S (3 * TRAIL_CHECKPOINT_MAX_AGE_S)
#define BACKUP_MAX_AGE_S (2 * DAY_S)
#define CLAMAV_DEFAULT_MAX_AGE_DAYS 7
#define DISK_FAIL_BYTES (256.0 * MIB)
#define DISK_WARN_BYTES (1024.0 * MIB)

typedef enum Level { LEVEL_OK, LEVEL_WARN, LEVEL_FAIL } Level;

/* Exit codes: 0 all OK, EXIT_FAILED (1) any 異常, 3 注意 only. */
enum { EXIT_WARNINGS = 3 };

typedef struct Report {
    int count[3];
    const Clock *clock;
} Report;

/* Prints one check: "[OK]   title: message". title and fmt are already in the user's language. */
__attribute__((format(printf, 4, 5))) static void line(Report *r, Level level, const char *title, const char *fmt, ...)
{
    static const char *ja[] = {"[OK]  ", "[注意]", "[異常]"};
    static const char *en[] = {"[OK]  ", "[WARN]", "[FAIL]"};
    r->count[level]++;
    printf("%s %s: ", tr(ja[level], en[level]), title);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static const char *user_name(uid_t uid, char buf[32])
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        return pw->pw_name;
    snprintf(buf, 32, "%u", (unsigned)uid);
    return buf;
}

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

/* ---- files: owner and mode ---- */

typedef struct FileCheck {
    uid_t owner;    /* whom the files must belong to */
    int problems;   /* lines printed */
    int checked;    /* files looked at */
} FileCheck;

/* One file that must be the owner's only. Missing optional files (WAL, SHM) are fine. */
static void check_private_file(Report *r, FileCheck *fc, const char *path, bool required)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (required) {
            fc->problems++;
            line(r, LEVEL_FAIL, tr("ファイル", "file"), tr("%s がありません", "%s is missing"), path);
        }
        return;
    }
    fc->checked++;
    char name[32];
    if (st.st_uid != fc->owner) {
        fc->problems++;
        char want[32];
        line(r, LEVEL_FAIL, tr("ファイルの所有者", "file owner"),
             tr("%s の所有者が %s です (%s であるべきです)。対処: chown %s: %s",
                "%s belongs to %s, not %s. Fix: chown %s: %s"),
             path, user_name(st.st_uid, name), user_name(fc->owner, want), user_name(fc->owner, want), path);
    }
    if (st.st_mode & 077) {
        fc->problems++;
        bool readable = st.st_mode & 044;
        line(r, LEVEL_FAIL, tr("ファイルの権限", "file permissions"),
             readable ? tr("%s を所有者以外も読めます (%04o)。対処: chmod 600 %s",
                           "%s is readable by others than its owner (%04o). Fix: chmod 600 %s")
                      : tr("%s を所有者以外も変更できます (%04o)。対処: chmod 600 %s",
                           "%s is accessible to others than its owner (%04o). Fix: chmod 600 %s"),
             path, (unsigned)(st.st_mode & 07777), path);
    }
}

/* The backups in dir: each the owner's only, and the newest not older than BACKUP_MAX_AGE_S. */
static void check_backups(Report *r, FileCheck *fc, const char *dir)
{
    const char *title = tr("バックアップ", "backups");
    if (!dir) {
        line(r, LEVEL_WARN, title, "%s",
             tr("保存先が設定されていません。対処: --backup-dir または LGSEC_BACKUP_DIR で指定し、lgsec backup で定期的に取得してください",
                "no backup directory is configured. Fix: give --backup-dir or LGSEC_BACKUP_DIR and run lgsec backup regularly"));
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        line(r, LEVEL_FAIL, title, tr("%s を読めません (%s)", "cannot read %s (%s)"), dir, strerror(errno));
        return;
    }
    int count = 0;
    time_t newest = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        struct stat st;
        size_t n = strlen(de->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && n > 3 && strcmp(de->d_name + n - 3, ".db") == 0) {
            count++;
            if (st.st_mtime > newest)
                newest = st.st_mtime;
            check_private_file(r, fc, path, true);
        }
        free(path);
    }
    closedir(d);
    int64_t now = clock_now(r->clock);
    char when[17];
    time_jst(newest, when);
    if (count == 0)
        line(r, LEVEL_WARN, title,
             tr("%s にバックアップがありません。対処: lgsec backup を実行してください (パッケージでは systemctl start lgsec-backup.service)",
                "no backup in %s. Fix: run lgsec backup (with the package: systemctl start lgsec-backup.service)"),
             dir);
    else if (now - newest > BACKUP_MAX_AGE_S)
        line(r, LEVEL_WARN, title,
             tr("最新のバックアップが %s (%lld 日前) です。対処: lgsec backup の定期実行を確認してください (systemctl status lgsec-backup.timer)",
                "the newest backup is from %s (%lld days ago). Fix: check that lgsec backup runs (systemctl status lgsec-backup.timer)"),
             when, (long long)((now - newest) / DAY_S));
    else
        line(r, LEVEL_OK, title, tr("%1$s に %2$d 件、最新 %3$s", "%2$d in %1$s, newest %3$s"), dir, count, when);
}

/* ---- ClamAV signatures ---- */

/* The newest build time among the CVD/CLD headers in dir (main, daily, bytecode); 0 when none. */
static int64_t clamav_newest(const char *dir, int *files)
{
    int64_t newest = 0;
    *files = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || (strcmp(de->d_name + n - 4, ".cvd") != 0 && strcmp(de->d_name + n - 4, ".cld") != 0))
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        struct cl_cvd *head = cl_cvdhead(path);
        if (head) {
            (*files)++;
            if ((int64_t)head->stime > newest)
                newest = head->stime;
            cl_cvdfree(head);
        }
        free(path);
    }
    closedir(d);
    return newest;
}

static void check_clamav(Report *r, const char *dir, bool configured, long max_days)
{
    const char *title = tr("ClamAV のシグネチャ", "ClamAV signatures");
    struct stat st;
    if (!configured && stat(dir, &st) != 0) {
        line(r, LEVEL_OK, title, "%s",
             tr("使用していません (無害化で使う場合は --clamav-db または LGSEC_CLAMAV_DB で場所を指定すると更新日を点検します)",
                "not used (when 無害化 uses it, give --clamav-db or LGSEC_CLAMAV_DB to check its age)"));
        return;
    }
    int files = 0;
    int64_t newest = clamav_newest(dir, &files);
    if (files == 0) {
        line(r, LEVEL_WARN, title,
             tr("%s にシグネチャデータベース (.cvd/.cld) がありません。対処: freshclam または庁内のミラーから取得してください",
                "no signature database (.cvd/.cld) in %s. Fix: fetch it with freshclam or from the internal mirror"),
             dir);
        return;
    }
    int64_t age = clock_now(r->clock) - newest;
    char when[17];
    time_jst(newest, when);
    if (age > max_days * DAY_S)
        line(r, LEVEL_WARN, title,
             tr("%s のシグネチャは %s のもので %lld 日経っています (基準 %ld 日)。対処: freshclam または庁内のミラーから更新してください",
                "the signatures in %s date from %s, %lld days old (limit %ld). Fix: update them with freshclam or from the internal mirror"),
             dir, when, (long long)(age / DAY_S), max_days);
    else
        line(r, LEVEL_OK, title, tr("%s (最新 %s)", "%s (newest %s)"), dir, when);
}

/* ---- disk ---- */

static void check_disk(Report *r, const char *db_path)
{
    const char *title = tr("ディスクの空き", "free disk");
    char *dir = xstrdup(db_path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    struct statvfs vfs;
    if (statvfs(dir, &vfs) != 0) {
        line(r, LEVEL_FAIL, title, tr("%s の空き容量を調べられません (%s)", "cannot check free space of %s (%s)"), dir,
             strerror(errno));
        free(dir);
        return;
    }
    double free_b = (double)vfs.f_bavail * (double)vfs.f_frsize;
    struct stat st;
    double db_b = stat(db_path, &st) == 0 ? (double)st.st_size : 0;
    /* A backup or a large import needs about the database's size again. */
    if (free_b < DISK_FAIL_BYTES || free_b < db_b)
        line(r, LEVEL_FAIL, title,
             tr("%s の空きは %.0f MiB です (データベース %.0f MiB)。対処: 不要なファイルや古いバックアップを移してください",
                "%s has %.0f MiB free (database %.0f MiB). Fix: move unneeded files or old backups away"),
             dir, free_b / MIB, db_b / MIB);
    else if (free_b < DISK_WARN_BYTES || free_b < 3 * db_b)
        line(r, LEVEL_WARN, title,
             tr("%s の空きは %.0f MiB です (データベース %.0f MiB)。対処: 空きを増やしてください",
                "%s has %.0f MiB free (database %.0f MiB). Fix: make more room"),
             dir, free_b / MIB, db_b / MIB);
    else
        line(r, LEVEL_OK, title, tr("%s の空き %.1f GiB (データベース %.1f MiB)", "%s: %.1f GiB free (database %.1f MiB)"),
             dir, free_b / (1024 * MIB), db_b / MIB);
    free(dir);
}

/* ---- mail ---- */

/* A URL with one of the schemes and a host; port, if any, checked by libcurl. */
static bool url_ok(const char *url, const char *const *schemes)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0];
    bool known = false;
    for (const char *const *s = schemes; ok && *s; s++)
        known = known || strcmp(scheme, *s) == 0;
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return ok && known;
}

static void check_mail(Report *r)
{
    static const char *const smtp_schemes[] = {"smtp", "smtps", NULL};
    static const char *const web_schemes[] = {"http", "https", NULL};
    const char *smtp = option_or_env(NULL, "LGSEC_SMTP_URL");
    const char *from = option_or_env(NULL, "LGSEC_MAIL_FROM");
    const char *pub = option_or_env(NULL, "LGSEC_PUBLIC_URL");
    const char *title = tr("メール通知", "mail notices");
    if (!smtp) {
        line(r, LEVEL_WARN, title, "%s",
             tr("LGSEC_SMTP_URL が設定されていないため、承認待ちや期限のお知らせはメールで届きません。対処: 庁内の SMTP 中継を smtp://ホスト:25 の形で設定してください",
                "LGSEC_SMTP_URL is not set, so notices are not mailed. Fix: set the internal SMTP relay as smtp://HOST:25"));
        return;
    }
    if (!url_ok(smtp, smtp_schemes))
        line(r, LEVEL_FAIL, title,
             tr("LGSEC_SMTP_URL=%s は smtp://ホスト[:ポート] または smtps://ホスト[:ポート] の形ではありません",
                "LGSEC_SMTP_URL=%s is not smtp://HOST[:PORT] or smtps://HOST[:PORT]"),
             smtp);
    else
        line(r, LEVEL_OK, title, tr("LGSEC_SMTP_URL=%s", "LGSEC_SMTP_URL=%s"), smtp);
    const char *from_title = tr("メールの差出人", "mail sender");
    const char *at = from ? strchr(from, '@') : NULL;
    if (!from)
        line(r, LEVEL_WARN, from_title, "%s",
             tr("LGSEC_MAIL_FROM が設定されていません (lgsec@localhost で送ります)。対処: 庁内で受け付けられるアドレスを設定してください",
                "LGSEC_MAIL_FROM is not set (lgsec@localhost is used). Fix: set an address the relay accepts"));
    else if (!at || at == from || !at[1] || strchr(from, ' ') || strchr(from, '<'))
        line(r, LEVEL_FAIL, from_title, tr("LGSEC_MAIL_FROM=%s はメールアドレスではありません",
                                           "LGSEC_MAIL_FROM=%s is not a mail address"), from);
    else
        line(r, LEVEL_OK, from_title, "LGSEC_MAIL_FROM=%s", from);
    const char *pub_title = tr("メール内のリンク", "links in mail");
    if (!pub)
        line(r, LEVEL_WARN, pub_title, "%s",
             tr("LGSEC_PUBLIC_URL が設定されていないため、リンクが http://127.0.0.1:8080 になります。対処: 利用者がブラウザで開くアドレスを設定してください",
                "LGSEC_PUBLIC_URL is not set, so links point to http://127.0.0.1:8080. Fix: set the address users open"));
    else if (!url_ok(pub, web_schemes))
        line(r, LEVEL_FAIL, pub_title, tr("LGSEC_PUBLIC_URL=%s は http(s)://ホスト の形ではありません",
                                          "LGSEC_PUBLIC_URL=%s is not http(s)://HOST"), pub);
    else
        line(r, LEVEL_OK, pub_title, "LGSEC_PUBLIC_URL=%s", pub);
}

/* ---- the database: integrity, schema, trail ---- */

static void check_schema(Report *r, Db *db)
{
    const char *title = tr("スキーマの版", "schema version");
    int have = db_schema_version(db), latest = db_schema_latest();
    if (have == latest)
        line(r, LEVEL_OK, title, tr("%d (この lgsec の最新)", "%d (this lgsec's latest)"), have);
    else if (have < latest)
        line(r, LEVEL_WARN, title,
             tr("%d、この lgsec は %d まで移行します。対処: lgsec pack activate を実行するか、サーバーを起動すると移行されます",
                "%d; this lgsec migrates to %d. Fix: run lgsec pack activate, or start the server, which migrates"),
             have, latest);
    else
        line(r, LEVEL_FAIL, title,
             tr("%d は この lgsec (%d まで) より新しい版で作られています。対処: lgsec を新しい版に更新してください",
                "%d was written by a newer lgsec (this one knows up to %d). Fix: update lgsec"),
             have, latest);
}

static void check_integrity(Report *r, Db *db)
{
    const char *title = tr("データベースの整合性", "database integrity");
    Err e = {0};
    if (db_quick_check(db, &e) == ST_OK)
        line(r, LEVEL_OK, title, "%s", tr("quick_check で問題は見つかりませんでした", "quick_check found no problem"));
    else
        line(r, LEVEL_FAIL, title,
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
        line(r, LEVEL_FAIL, title, "%s", err_message(&e));
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
    check_private_file(r, fc, key_path, true);
    if (!has_key) {
        line(r, LEVEL_FAIL, title, "%s",
             tr("検証鍵がデータベースに記録されていません (lgsec init で作られていないデータベースです)",
                "no verifier key is recorded (the database was not made by lgsec init)"));
    } else if (size == 0) {
        line(r, LEVEL_OK, title, "%s", tr("証跡はまだ空です", "the trail is still empty"));
    } else if (pending == 0) {
        line(r, LEVEL_OK, title,
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
            line(r, LEVEL_OK, title,
                 tr("%lld 件のうち新しい %lld 件は稼働中のサーバーが1分以内に署名します (最新のチェックポイント %s)",
                    "of %lld entries the newest %lld will be signed by the running server within a minute (last checkpoint %s)"),
                 (long long)size, (long long)pending, cp_when);
        else
            line(r, LEVEL_FAIL, title,
                 tr("%lld 件が %s から署名されていません (最新のチェックポイント %s)。署名までの記録は、ファイルを書き換えられる者が気づかれずに消せます。"
                    "対処: サーバーを起動するか lgsec trail checkpoint を実行してください",
                    "%lld entries have waited since %s without a signature (last checkpoint %s); until signed they can be "
                    "removed unnoticed by anyone who can write the file. Fix: start the server or run lgsec trail checkpoint"),
                 (long long)pending, first_when, cp_when);
    }
    json_decref(status);
}

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
        line(&r, LEVEL_FAIL, db_title,
             tr("%s がありません。対処: lgsec init で作成してください (パッケージでは sudo -u lgsec lgsec init --db %s --org 団体名 …)",
                "%s does not exist. Fix: create it with lgsec init (with the package: sudo -u lgsec lgsec init --db %s --org NAME …)"),
             db_path, db_path);
    } else {
        Db *db = NULL;
        if (db_open(db_path, &db, &e) != ST_OK)
            line(&r, LEVEL_FAIL, db_title, "%s%s", err_message(&e),
                 e.status == ST_TAMPER ? tr("。対処: サーバーを止め、ファイルを保全してから直近のバックアップから戻してください",
                                            ". Fix: stop the server, keep the file, and restore the latest backup")
                                       : "");
        else
            line(&r, LEVEL_OK, db_title, "%s (%.1f MiB)", db_path, (double)db_st.st_size / MIB);
        check_private_file(&r, &fc, db_path, true);
        char *wal = xasprintf("%s-wal", db_path), *shm = xasprintf("%s-shm", db_path);
        check_private_file(&r, &fc, wal, false);
        check_private_file(&r, &fc, shm, false);
        free(wal);
        free(shm);
        if (db) {
            check_integrity(&r, db);
            check_schema(&r, db);
            check_trail(&r, db, key_path, &fc);
            db_close(db);
        }
    }
    check_backups(&r, &fc, backup_dir);
    if (fc.checked > 0 && fc.problems == 0) {
        char name[32];
        line(&r, LEVEL_OK, tr("ファイルの所有者と権限", "file owner and permissions"),
             tr("データベース・署名鍵・バックアップの %d ファイルは %s だけが読み書きできます",
                "the %d database, key and backup files are %s's only"),
             fc.checked, user_name(fc.owner, name));
    }
    check_disk(&r, db_path);
    check_clamav(&r, clamav_dir ? clamav_dir : "/var/lib/clamav", clamav_dir != NULL, max_days);
    check_mail(&r);
    free(key_path);

    printf(tr("結果: OK %d、注意 %d、異常 %d\n", "result: %d OK, %d warnings, %d failures\n"), r.count[LEVEL_OK],
           r.count[LEVEL_WARN], r.count[LEVEL_FAIL]);
    return r.count[LEVEL_FAIL] ? EXIT_FAILED : r.count[LEVEL_WARN] ? EXIT_WARNINGS : EXIT_OK;
}
