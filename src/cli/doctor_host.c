/* doctor's checks outside the database (doctor.h): the owner and mode of the files that hold
 * secrets, the backups, the ClamAV signature age, free disk and the mail settings. */
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

#include "cli/doctor.h"
#include "core/i18n.h"
#include "core/xmalloc.h"

#define DAY_S DOCTOR_DAY_S
#define MIB DOCTOR_MIB
#define BACKUP_MAX_AGE_S (2 * DAY_S)
#define DISK_FAIL_BYTES (256.0 * MIB)
#define DISK_WARN_BYTES (1024.0 * MIB)

void doctor_line(Report *r, Level level, const char *title, const char *fmt, ...)
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

const char *doctor_user_name(uid_t uid, char buf[32])
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        return pw->pw_name;
    snprintf(buf, 32, "%u", (unsigned)uid);
    return buf;
}

/* ---- files: owner and mode ---- */

void doctor_check_private_file(Report *r, FileCheck *fc, const char *path, bool required)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (required) {
            fc->problems++;
            doctor_line(r, LEVEL_FAIL, tr("ファイル", "file"), tr("%s がありません", "%s is missing"), path);
        }
        return;
    }
    fc->checked++;
    char name[32];
    if (st.st_uid != fc->owner) {
        fc->problems++;
        char want[32];
        doctor_line(r, LEVEL_FAIL, tr("ファイルの所有者", "file owner"),
             tr("%s の所有者が %s です (%s であるべきです)。対処: chown %s: %s",
                "%s belongs to %s, not %s. Fix: chown %s: %s"),
             path, doctor_user_name(st.st_uid, name), doctor_user_name(fc->owner, want), doctor_user_name(fc->owner, want), path);
    }
    if (st.st_mode & 077) {
        fc->problems++;
        bool readable = st.st_mode & 044;
        doctor_line(r, LEVEL_FAIL, tr("ファイルの権限", "file permissions"),
             readable ? tr("%s を所有者以外も読めます (%04o)。対処: chmod 600 %s",
                           "%s is readable by others than its owner (%04o). Fix: chmod 600 %s")
                      : tr("%s を所有者以外も変更できます (%04o)。対処: chmod 600 %s",
                           "%s is accessible to others than its owner (%04o). Fix: chmod 600 %s"),
             path, (unsigned)(st.st_mode & 07777), path);
    }
}

void doctor_check_backups(Report *r, FileCheck *fc, const char *dir)
{
    const char *title = tr("バックアップ", "backups");
    if (!dir) {
        doctor_line(r, LEVEL_WARN, title, "%s",
             tr("保存先が設定されていません。対処: --backup-dir または LGSEC_BACKUP_DIR で指定し、lgsec backup で定期的に取得してください",
                "no backup directory is configured. Fix: give --backup-dir or LGSEC_BACKUP_DIR and run lgsec backup regularly"));
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        doctor_line(r, LEVEL_FAIL, title, tr("%s を読めません (%s)", "cannot read %s (%s)"), dir, strerror(errno));
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
            doctor_check_private_file(r, fc, path, true);
        }
        free(path);
    }
    closedir(d);
    int64_t now = clock_now(r->clock);
    char when[17];
    time_jst(newest, when);
    if (count == 0)
        doctor_line(r, LEVEL_WARN, title,
             tr("%s にバックアップがありません。対処: lgsec backup を実行してください (パッケージでは systemctl start lgsec-backup.service)",
                "no backup in %s. Fix: run lgsec backup (with the package: systemctl start lgsec-backup.service)"),
             dir);
    else if (now - newest > BACKUP_MAX_AGE_S)
        doctor_line(r, LEVEL_WARN, title,
             tr("最新のバックアップが %s (%lld 日前) です。対処: lgsec backup の定期実行を確認してください (systemctl status lgsec-backup.timer)",
                "the newest backup is from %s (%lld days ago). Fix: check that lgsec backup runs (systemctl status lgsec-backup.timer)"),
             when, (long long)((now - newest) / DAY_S));
    else
        doctor_line(r, LEVEL_OK, title, tr("%1$s に %2$d 件、最新 %3$s", "%2$d in %1$s, newest %3$s"), dir, count, when);
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

void doctor_check_clamav(Report *r, const char *dir, bool configured, long max_days)
{
    const char *title = tr("ClamAV のシグネチャ", "ClamAV signatures");
    struct stat st;
    if (!configured && stat(dir, &st) != 0) {
        doctor_line(r, LEVEL_OK, title, "%s",
             tr("使用していません (無害化で使う場合は --clamav-db または LGSEC_CLAMAV_DB で場所を指定すると更新日を点検します)",
                "not used (when 無害化 uses it, give --clamav-db or LGSEC_CLAMAV_DB to check its age)"));
        return;
    }
    int files = 0;
    int64_t newest = clamav_newest(dir, &files);
    if (files == 0) {
        doctor_line(r, LEVEL_WARN, title,
             tr("%s にシグネチャデータベース (.cvd/.cld) がありません。対処: freshclam または庁内のミラーから取得してください",
                "no signature database (.cvd/.cld) in %s. Fix: fetch it with freshclam or from the internal mirror"),
             dir);
        return;
    }
    int64_t age = clock_now(r->clock) - newest;
    char when[17];
    time_jst(newest, when);
    if (age > max_days * DAY_S)
        doctor_line(r, LEVEL_WARN, title,
             tr("%s のシグネチャは %s のもので %lld 日経っています (基準 %ld 日)。対処: freshclam または庁内のミラーから更新してください",
                "the signatures in %s date from %s, %lld days old (limit %ld). Fix: update them with freshclam or from the internal mirror"),
             dir, when, (long long)(age / DAY_S), max_days);
    else
        doctor_line(r, LEVEL_OK, title, tr("%s (最新 %s)", "%s (newest %s)"), dir, when);
}

/* ---- disk ---- */

void doctor_check_disk(Report *r, const char *db_path)
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
        doctor_line(r, LEVEL_FAIL, title, tr("%s の空き容量を調べられません (%s)", "cannot check free space of %s (%s)"), dir,
             strerror(errno));
        free(dir);
        return;
    }
    double free_b = (double)vfs.f_bavail * (double)vfs.f_frsize;
    struct stat st;
    double db_b = stat(db_path, &st) == 0 ? (double)st.st_size : 0;
    /* A backup or a large import needs about the database's size again. */
    if (free_b < DISK_FAIL_BYTES || free_b < db_b)
        doctor_line(r, LEVEL_FAIL, title,
             tr("%s の空きは %.0f MiB です (データベース %.0f MiB)。対処: 不要なファイルや古いバックアップを移してください",
                "%s has %.0f MiB free (database %.0f MiB). Fix: move unneeded files or old backups away"),
             dir, free_b / MIB, db_b / MIB);
    else if (free_b < DISK_WARN_BYTES || free_b < 3 * db_b)
        doctor_line(r, LEVEL_WARN, title,
             tr("%s の空きは %.0f MiB です (データベース %.0f MiB)。対処: 空きを増やしてください",
                "%s has %.0f MiB free (database %.0f MiB). Fix: make more room"),
             dir, free_b / MIB, db_b / MIB);
    else
        doctor_line(r, LEVEL_OK, title, tr("%s の空き %.1f GiB (データベース %.1f MiB)", "%s: %.1f GiB free (database %.1f MiB)"),
             dir, free_b / (1024 * MIB), db_b / MIB);
    free(dir);
}

/* ---- mail ---- */

static const char *env_value(const char *var)
{
    const char *v = getenv(var);
    return v && *v ? v : NULL;
}

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

void doctor_check_mail(Report *r)
{
    static const char *const smtp_schemes[] = {"smtp", "smtps", NULL};
    static const char *const web_schemes[] = {"http", "https", NULL};
    const char *smtp = env_value("LGSEC_SMTP_URL");
    const char *from = env_value("LGSEC_MAIL_FROM");
    const char *pub = env_value("LGSEC_PUBLIC_URL");
    const char *title = tr("メール通知", "mail notices");
    if (!smtp) {
        doctor_line(r, LEVEL_WARN, title, "%s",
             tr("LGSEC_SMTP_URL が設定されていないため、承認待ちや期限のお知らせはメールで届きません。対処: 庁内の SMTP 中継を smtp://ホスト:25 の形で設定してください",
                "LGSEC_SMTP_URL is not set, so notices are not mailed. Fix: set the internal SMTP relay as smtp://HOST:25"));
        return;
    }
    if (!url_ok(smtp, smtp_schemes))
        doctor_line(r, LEVEL_FAIL, title,
             tr("LGSEC_SMTP_URL=%s は smtp://ホスト[:ポート] または smtps://ホスト[:ポート] の形ではありません",
                "LGSEC_SMTP_URL=%s is not smtp://HOST[:PORT] or smtps://HOST[:PORT]"),
             smtp);
    else
        doctor_line(r, LEVEL_OK, title, tr("LGSEC_SMTP_URL=%s", "LGSEC_SMTP_URL=%s"), smtp);
    const char *from_title = tr("メールの差出人", "mail sender");
    const char *at = from ? strchr(from, '@') : NULL;
    if (!from)
        doctor_line(r, LEVEL_WARN, from_title, "%s",
             tr("LGSEC_MAIL_FROM が設定されていません (lgsec@localhost で送ります)。対処: 庁内で受け付けられるアドレスを設定してください",
                "LGSEC_MAIL_FROM is not set (lgsec@localhost is used). Fix: set an address the relay accepts"));
    else if (!at || at == from || !at[1] || strchr(from, ' ') || strchr(from, '<'))
        doctor_line(r, LEVEL_FAIL, from_title, tr("LGSEC_MAIL_FROM=%s はメールアドレスではありません",
                                           "LGSEC_MAIL_FROM=%s is not a mail address"), from);
    else
        doctor_line(r, LEVEL_OK, from_title, "LGSEC_MAIL_FROM=%s", from);
    const char *pub_title = tr("メール内のリンク", "links in mail");
    if (!pub)
        doctor_line(r, LEVEL_WARN, pub_title, "%s",
             tr("LGSEC_PUBLIC_URL が設定されていないため、リンクが http://127.0.0.1:8080 になります。対処: 利用者がブラウザで開くアドレスを設定してください",
                "LGSEC_PUBLIC_URL is not set, so links point to http://127.0.0.1:8080. Fix: set the address users open"));
    else if (!url_ok(pub, web_schemes))
        doctor_line(r, LEVEL_FAIL, pub_title, tr("LGSEC_PUBLIC_URL=%s は http(s)://ホスト の形ではありません",
                                          "LGSEC_PUBLIC_URL=%s is not http(s)://HOST"), pub);
    else
        doctor_line(r, LEVEL_OK, pub_title, "LGSEC_PUBLIC_URL=%s", pub);
}
