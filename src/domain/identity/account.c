/* account: owns the accounts and recovery_codes tables and the login_attempts rate limit — account
 * creation, login with lockout, password change, TOTP enrolment/verification and the
 * administrator's operations, each state change with its trail event in one transaction. */
#include "domain/identity/account.h"

#include <ctype.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/identity/lockout_internal.h"
#include "domain/identity/password.h"
#include "domain/org/org.h"

#define DEFAULT_LOCKOUT_THRESHOLD 5
#define DEFAULT_LOCKOUT_MINUTES 15
#define RATE_WINDOW_SECONDS 60
#define ATTEMPT_RETENTION_SECONDS 3600

/* Everything read about an account, including what never leaves this file. */
typedef struct Row {
    AccountInfo info;
    char password_hash[PASSWORD_HASH_MAX];
    char kana[256];
    char totp_secret[TOTP_SECRET_B32_LEN + 8];
    char totp_pending[TOTP_SECRET_B32_LEN + 8];
    int64_t totp_pending_at;
    int64_t totp_last_step;
    int64_t person_active_until; /* 0 when open-ended */
} Row;

static const char row_select[] =
    "SELECT a.id, a.person_id, a.login_id, a.password_hash, a.must_change_password,"
    " a.temp_password_expires_at, a.failed_count, a.locked_until, a.last_login_at,"
    " a.last_failed_at, a.failed_since_last_login, a.totp_secret, a.totp_enrolled_at,"
    " a.totp_last_step, a.totp_pending_secret, a.totp_pending_at, a.disabled_at, a.created_at,"
    " p.staff_no, p.name, p.kana, p.mynumber_zone, p.active_until,"
    " a.previous_login_at, a.failed_before_login,"
    " (SELECT max(locked_until) FROM login_sources s WHERE s.account_id = a.id)"
    " FROM accounts a JOIN people_v p ON p.id = a.person_id ";

/* ---- small helpers ------------------------------------------------------------------------- */

static int64_t opt_time(Stmt *st, int col)
{
    int64_t t = 0;
    if (stmt_is_null(st, col) || !time_parse_iso(stmt_text(st, col), &t))
        return 0;
    return t;
}

static void iso(int64_t t, char out[21]) { time_iso_utc(t, out); }

static void read_row(Stmt *st, Row *r)
{
    memset(r, 0, sizeof *r);
    AccountInfo *a = &r->info;
    a->id = stmt_int(st, 0);
    a->person_id = stmt_int(st, 1);
    snprintf(a->login_id, sizeof a->login_id, "%s", stmt_text(st, 2));
    snprintf(r->password_hash, sizeof r->password_hash, "%s", stmt_text(st, 3));
    a->must_change_password = stmt_int(st, 4) != 0;
    a->temp_password_expires_at = opt_time(st, 5);
    a->failed_count = stmt_int(st, 6);
    a->locked_until = opt_time(st, 7);
    a->last_login_at = opt_time(st, 8);
    a->last_failed_at = opt_time(st, 9);
    a->failed_since_last_login = stmt_int(st, 10);
    a->previous_login_at = opt_time(st, 23);
    a->failed_before_login = stmt_int(st, 24);
    a->terminal_locked_until = opt_time(st, 25);
    snprintf(r->totp_secret, sizeof r->totp_secret, "%s", stmt_text(st, 11));
    a->mfa_enrolled_at = opt_time(st, 12);
    a->mfa_enrolled = !stmt_is_null(st, 12) && r->totp_secret[0];
    r->totp_last_step = stmt_int(st, 13);
    snprintf(r->totp_pending, sizeof r->totp_pending, "%s", stmt_text(st, 14));
    r->totp_pending_at = opt_time(st, 15);
    a->disabled_at = opt_time(st, 16);
    a->created_at = opt_time(st, 17);
    snprintf(a->staff_no, sizeof a->staff_no, "%s", stmt_text(st, 18));
    snprintf(a->name, sizeof a->name, "%s", stmt_text(st, 19));
    snprintf(r->kana, sizeof r->kana, "%s", stmt_text(st, 20));
    a->mynumber_zone = stmt_int(st, 21) != 0;
    r->person_active_until = opt_time(st, 22);
}

static void wipe_row(Row *r) { sodium_memzero(r, sizeof *r); }

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "account_not_found", "", "アカウントが見つかりません",
                   "account not found");
}

/* Loads one account by "WHERE …" with one int or text parameter. */
static Status load(Db *db, const char *where, int64_t id, const char *text, Row *out, Err *e)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s%s", row_select, where); /* fixed SQL fragments, no user data */
    Stmt *st = db_prepare(db, sql, e);
    if (!st)
        return e ? e->status : ST_DB;
    if (text)
        stmt_bind_text(st, 1, text);
    else
        stmt_bind_int(st, 1, id);
    StepResult r = stmt_step(st);
    Status rc = ST_OK;
    if (r == STEP_ROW)
        read_row(st, out);
    else
        rc = r == STEP_DONE ? not_found(e) : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

static Status load_by_id(Db *db, int64_t id, Row *out, Err *e)
{
    return load(db, "WHERE a.id = ?", id, NULL, out, e);
}

static void set_time(json_t *o, const char *key, int64_t t)
{
    if (t) {
        char buf[21];
        iso(t, buf);
        json_object_set_new(o, key, json_string(buf));
    } else {
        json_object_set_new(o, key, json_null());
    }
}

json_t *account_info_json(const AccountInfo *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "person_id", json_integer(a->person_id));
    json_object_set_new(o, "login_id", json_string(a->login_id));
    json_object_set_new(o, "staff_no", json_string(a->staff_no));
    json_object_set_new(o, "name", json_string(a->name));
    json_object_set_new(o, "must_change_password", json_boolean(a->must_change_password));
    set_time(o, "temp_password_expires_at", a->temp_password_expires_at);
    json_object_set_new(o, "failed_count", json_integer(a->failed_count));
    set_time(o, "locked_until", a->locked_until);
    set_time(o, "terminal_locked_until", a->terminal_locked_until);
    set_time(o, "last_login_at", a->last_login_at);
    set_time(o, "last_failed_at", a->last_failed_at);
    json_object_set_new(o, "mfa_enrolled", json_boolean(a->mfa_enrolled));
    set_time(o, "mfa_enrolled_at", a->mfa_enrolled_at);
    json_object_set_new(o, "mynumber_zone", json_boolean(a->mynumber_zone));
    set_time(o, "disabled_at", a->disabled_at);
    set_time(o, "created_at", a->created_at);
    return o;
}

/* The trail's view of an account: state only, never secrets. New reference. */
static json_t *trail_state(const AccountInfo *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "login_id", json_string(a->login_id));
    json_object_set_new(o, "person_id", json_integer(a->person_id));
    json_object_set_new(o, "must_change_password", json_boolean(a->must_change_password));
    set_time(o, "temp_password_expires_at", a->temp_password_expires_at);
    json_object_set_new(o, "failed_count", json_integer(a->failed_count));
    set_time(o, "locked_until", a->locked_until);
    json_object_set_new(o, "mfa_enrolled", json_boolean(a->mfa_enrolled));
    set_time(o, "disabled_at", a->disabled_at);
    return o;
}

/* Appends a trail event (record_change_as) whose before/after are the account's state read from
 * the database. */
static Status trail_account(const Ctx *ctx, const char *actor, const char *action, const AccountInfo *before,
                            int64_t account_id, json_t *extra, Err *e)
{
    Row after;
    Status rc = load_by_id(ctx->db, account_id, &after, e);
    if (rc != ST_OK) {
        json_decref(extra);
        return rc;
    }
    json_t *b = before ? trail_state(before) : NULL;
    json_t *a = trail_state(&after.info);
    if (extra)
        json_object_update(a, extra);
    json_decref(extra);
    rc = record_change_as(ctx, actor, action, "account", account_id, b, a, e);
    json_decref(b);
    json_decref(a);
    wipe_row(&after);
    return rc;
}

/* Runs one UPDATE/INSERT/DELETE with parameters: 'i' int64, 't' text (NULL → NULL). */
static Status exec_params(Db *db, Err *e, const char *sql, const char *types, ...)
{
    Stmt *st = db_prepare(db, sql, e);
    if (!st)
        return e ? e->status : ST_DB;
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i')
            stmt_bind_int(st, i + 1, va_arg(ap, int64_t));
        else
            stmt_bind_text(st, i + 1, va_arg(ap, const char *));
    }
    va_end(ap);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

static Status finish(Db *db, Status rc, Err *e)
{
    if (rc == ST_OK)
        return db_commit(db, e);
    db_rollback(db);
    return rc;
}

static const char *actor_of(const Ctx *ctx)
{
    return ctx->actor && ctx->actor->login_id[0] ? ctx->actor->login_id : "system";
}

static int threshold(const PackAccountPolicy *pol)
{
    return pol && pol->lockout_threshold > 0 ? pol->lockout_threshold : DEFAULT_LOCKOUT_THRESHOLD;
}

static int lock_minutes(const PackAccountPolicy *pol)
{
    return pol && pol->lockout_minutes > 0 ? pol->lockout_minutes : DEFAULT_LOCKOUT_MINUTES;
}

static Status locked_error(int64_t until, Err *e)
{
    char jst[17], wareki[64];
    time_jst(until, jst);
    time_jst_wareki(until, wareki, sizeof wareki);
    return err_setf(e, ST_LOCKED, "account_locked", "",
                    "ログインの失敗が続いたため、アカウントは %s までロックされています (第87条)%.0s",
                    "%.0stoo many failed attempts: the account is locked until %s JST (article 87)", wareki, jst);
}

/* The one answer of a refused sign-in, whatever the reason — unknown ID, wrong password, a locked
 * source, a disabled account — so that nobody learns from it whether a login ID exists or is locked
 * (docs/security.md). The holder learns of a lock from the notice lockout sends. */
static Status refused(Err *e)
{
    return err_set(e, ST_AUTH, "invalid_credentials", "",
                   "ログインIDまたはパスワードが正しくありません。失敗が続くと、この端末からはしばらくログインできなくなります (第87条)",
                   "wrong login ID or password; after repeated failures this terminal cannot sign in for a while "
                   "(article 87)");
}

/* ---- login IDs ----------------------------------------------------------------------------- */

bool account_login_id_reserved(const char *login_id)
{
    static const char *const reserved[] = {
        "admin", "administrator", "root", "sysadmin", "system", "superuser", "guest", "test",
        "user", "operator", "lgsec", "cli", "anonymous", "manager", "support", "default", "demo",
        "master", "owner", "webmaster", "postmaster", "hostmaster", "security", "kanri",
        "kanrisha", "daemon", "nobody", "dba", "service", "setup", "install", "backup", "sa",
        "su", "sys", "adm", "admins", "tester", "temp", "public", "www", "info", NULL,
    };
    char buf[ACCOUNT_LOGIN_ID_MAX + 1];
    size_t n = 0;
    for (const char *p = login_id; *p && n < sizeof buf - 1; p++)
        buf[n++] = (char)tolower((unsigned char)*p);
    buf[n] = '\0';
    /* admin01, root-2, admin_ are still default names */
    while (n > 0 && (isdigit((unsigned char)buf[n - 1]) || strchr("._-", buf[n - 1])))
        buf[--n] = '\0';
    for (const char *const *r = reserved; *r; r++)
        if (strcmp(buf, *r) == 0)
            return true;
    return false;
}

/* ENFORCES: 第84条7
 * admin、root などの既定の管理者名をログインIDに使わせない。 */
Status account_validate_login_id(const char *login_id, char out[ACCOUNT_LOGIN_ID_MAX + 1], Err *e)
{
    size_t n = login_id ? strlen(login_id) : 0;
    bool ok = n >= ACCOUNT_LOGIN_ID_MIN && n <= ACCOUNT_LOGIN_ID_MAX &&
              isalnum((unsigned char)login_id[0]);
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)login_id[i];
        ok = (c < 0x80 && isalnum(c)) || c == '.' || c == '_' || c == '-';
        out[i] = (char)tolower(c);
    }
    if (!ok)
        return err_setf(e, ST_INVALID, "login_id_invalid", "login_id",
                        "ログインIDは半角英数字と . _ - で %d〜%d 文字 (先頭は英数字) にしてください",
                        "a login ID has %d–%d characters: letters, digits, . _ - (starting with a "
                        "letter or digit)",
                        ACCOUNT_LOGIN_ID_MIN, ACCOUNT_LOGIN_ID_MAX);
    out[n] = '\0';
    if (account_login_id_reserved(out))
        return err_set(e, ST_INVALID, "login_id_reserved", "login_id",
                       "admin や root などの既定の管理者名はログインIDに使えません (第84条7項)",
                       "default administrator names such as admin or root cannot be login IDs "
                       "(article 84(7))");
    return ST_OK;
}

/* ---- lookups ------------------------------------------------------------------------------- */

Status account_get(Db *db, int64_t account_id, AccountInfo *out, Err *e)
{
    Row r;
    Status rc = load_by_id(db, account_id, &r, e);
    if (rc == ST_OK)
        *out = r.info;
    wipe_row(&r);
    return rc;
}

Status account_get_by_person(Db *db, int64_t person_id, AccountInfo *out, Err *e)
{
    Row r;
    Status rc = load(db, "WHERE a.person_id = ?", person_id, NULL, &r, e);
    if (rc == ST_OK)
        *out = r.info;
    wipe_row(&r);
    return rc;
}

Status account_find_by_login(Db *db, const char *login_id, AccountInfo *out, Err *e)
{
    Row r;
    Status rc = load(db, "WHERE a.login_id = ?", 0, login_id ? login_id : "", &r, e);
    if (rc == ST_OK)
        *out = r.info;
    wipe_row(&r);
    return rc;
}

Status account_person_by_staff_no(Db *db, const char *staff_no, int64_t *person_id_out, Err *e)
{
    Stmt *st = db_prepare(db, "SELECT id FROM people_v WHERE staff_no = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, staff_no);
    StepResult r = stmt_step(st);
    Status rc = ST_OK;
    if (r == STEP_ROW)
        *person_id_out = stmt_int(st, 0);
    else if (r == STEP_DONE)
        rc = err_setf(e, ST_NOTFOUND, "person_not_found", "person",
                      "職員番号 %s の職員が見つかりません", "no person with staff number %s", staff_no);
    else
        rc = stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

Status account_list(Db *db, json_t **out, Err *e)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s ORDER BY a.login_id", row_select);
    Stmt *st = db_prepare(db, sql, e);
    if (!st)
        return e ? e->status : ST_DB;
    json_t *arr = json_array();
    StepResult r;
    Row row;
    while ((r = stmt_step(st)) == STEP_ROW) {
        read_row(st, &row);
        json_array_append_new(arr, account_info_json(&row.info));
    }
    wipe_row(&row);
    Status rc = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc != ST_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return ST_OK;
}

/* ---- creation ------------------------------------------------------------------------------ */

static Status new_temporary(char **temp_out, char hash[PASSWORD_HASH_MAX], Err *e)
{
    char *temp = password_generate_temporary();
    Status rc = password_hash(temp, hash, e);
    if (rc != ST_OK) {
        sodium_memzero(temp, strlen(temp));
        free(temp);
        return rc;
    }
    *temp_out = temp;
    return ST_OK;
}

static void drop_temporary(char **temp)
{
    if (*temp) {
        sodium_memzero(*temp, strlen(*temp));
        free(*temp);
        *temp = NULL;
    }
}

Status account_create(const Ctx *ctx, int64_t person_id, const char *login_id,
                      char **temp_password_out, int64_t *account_id_out, Err *e)
{
    char login[ACCOUNT_LOGIN_ID_MAX + 1];
    Status rc = account_validate_login_id(login_id, login, e);
    if (rc != ST_OK)
        return rc;
    char *temp = NULL, hash[PASSWORD_HASH_MAX];
    if ((rc = new_temporary(&temp, hash, e)) != ST_OK)
        return rc;
    int64_t now = clock_now(ctx->clock);
    char now_s[21], expires[21];
    iso(now, now_s);
    iso(now + ACCOUNT_TEMP_PASSWORD_DAYS * 86400, expires);

    Db *db = ctx->db;
    if ((rc = db_begin(db, e)) != ST_OK) {
        drop_temporary(&temp);
        return rc;
    }
    Stmt *st = db_prepare(db,
                          "SELECT (SELECT count(*) FROM people_v WHERE id = ?),"
                          " (SELECT count(*) FROM accounts WHERE person_id = ?),"
                          " (SELECT count(*) FROM accounts WHERE login_id = ?)",
                          e);
    if (!st) {
        rc = e ? e->status : ST_DB;
    } else {
        stmt_bind_int(st, 1, person_id);
        stmt_bind_int(st, 2, person_id);
        stmt_bind_text(st, 3, login);
        if (stmt_step(st) != STEP_ROW)
            rc = stmt_error(st, e);
        else if (stmt_int(st, 0) == 0)
            rc = err_set(e, ST_NOTFOUND, "person_not_found", "person", "職員が見つかりません",
                         "person not found");
        else if (stmt_int(st, 1) > 0)
            rc = err_set(e, ST_CONFLICT, "account_exists", "person",
                         "この職員には既にアカウントがあります", "this person already has an account");
        else if (stmt_int(st, 2) > 0)
            rc = err_setf(e, ST_CONFLICT, "login_id_taken", "login_id",
                          "ログインID %s は既に使われています", "login ID %s is already taken", login);
        stmt_finalize(st);
    }
    if (rc == ST_OK)
        rc = exec_params(db, e,
                         "INSERT INTO accounts(person_id, login_id, password_hash, must_change_password,"
                         " temp_password_expires_at, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)",
                         "ittttt", person_id, login, hash, expires, now_s, now_s);
    int64_t id = rc == ST_OK ? db_last_insert_id(db) : 0;
    if (rc == ST_OK)
        rc = trail_account(ctx, actor_of(ctx), "account.create", NULL, id, NULL, e);
    rc = finish(db, rc, e);
    sodium_memzero(hash, sizeof hash);
    if (rc != ST_OK) {
        drop_temporary(&temp);
        return rc;
    }
    *temp_password_out = temp;
    if (account_id_out)
        *account_id_out = id;
    return ST_OK;
}

/* ---- the second factor's rule ----------------------------------------------------------------- */

/* ENFORCES: 第84条 pack: roles.roles
 * パックで特権 (privileged) とされた役割の担当者には二要素認証を必須にする (役割が読めないときも必須)。 */
/* ENFORCES: 第24条(3), 第38条(4)
 * マイナンバー利用事務系の職員には二要素認証を必須にする (読めないときも必須)。 */
bool account_mfa_required(Ctx *ctx, int64_t person_id)
{
    Err e = {0};
    uint64_t caps = 0;
    bool privileged = false, mynumber = true;
    if (roles_capabilities(ctx, person_id, &caps, &privileged, &e) != ST_OK || privileged)
        return true; /* a privileged role (第84条), or unknown: ask for the second factor */
    if (people_in_mynumber_zone(ctx, person_id, &mynumber, &e) != ST_OK)
        return true;
    return mynumber; /* マイナンバー利用事務系 (第24条(3), 第38条(4)) */
}

/* ---- login --------------------------------------------------------------------------------- */

/* Per-address limit: counts this minute's attempts and records this one (own transaction). */
static Status rate_limit(Db *db, int64_t now, const PackAccountPolicy *pol, const char *client_addr,
                         Err *e)
{
    if (!client_addr || !*client_addr || !pol || pol->login_rate_per_minute <= 0)
        return ST_OK;
    char now_s[21], since[21], prune[21];
    iso(now, now_s);
    iso(now - RATE_WINDOW_SECONDS, since);
    iso(now - ATTEMPT_RETENTION_SECONDS, prune);
    Status rc = db_begin(db, e);
    if (rc != ST_OK)
        return rc;
    Stmt *st = db_prepare(db,
                          "SELECT count(*) FROM login_attempts WHERE client_addr = ? AND attempted_at > ?",
                          e);
    if (!st) {
        db_rollback(db);
        return e ? e->status : ST_DB;
    }
    stmt_bind_text(st, 1, client_addr);
    stmt_bind_text(st, 2, since);
    int64_t count = 0;
    if (stmt_step(st) == STEP_ROW)
        count = stmt_int(st, 0);
    else
        rc = stmt_error(st, e);
    stmt_finalize(st);
    if (rc == ST_OK && count >= pol->login_rate_per_minute)
        rc = err_set(e, ST_LIMIT, "login_rate_limited", "",
                     "ログインの試行が多すぎます。しばらく待ってから再度お試しください",
                     "too many login attempts; wait a minute and try again");
    if (rc == ST_OK)
        rc = exec_params(db, e, "DELETE FROM login_attempts WHERE attempted_at < ?", "t", prune);
    if (rc == ST_OK)
        rc = exec_params(db, e, "INSERT INTO login_attempts(client_addr, attempted_at) VALUES (?, ?)",
                         "tt", client_addr, now_s);
    return finish(db, rc, e);
}

/* Records one failed attempt inside the caller's transaction: counts it, locks at the threshold,
 * and appends account.login_failed (+ account.locked). *locked_until_out is set when locked. */
static Status record_failure(const Ctx *ctx, int64_t now, const PackAccountPolicy *pol, const Row *r,
                             const char *what, int64_t *locked_until_out, Err *e)
{
    Db *db = ctx->db;
    char now_s[21];
    iso(now, now_s);
    int64_t count = r->info.failed_count + 1;
    int64_t until = 0;
    char until_s[21] = "";
    if (count >= threshold(pol)) {
        until = now + (int64_t)lock_minutes(pol) * 60;
        iso(until, until_s);
    }
    Status rc = exec_params(db, e,
                            "UPDATE accounts SET failed_count = ?, locked_until = ?, last_failed_at = ?,"
                            " failed_since_last_login = failed_since_last_login + 1, updated_at = ?"
                            " WHERE id = ?",
                            "ittti", until ? (int64_t)0 : count, until ? until_s : NULL, now_s, now_s,
                            r->info.id);
    json_t *extra = json_object();
    json_object_set_new(extra, "factor", json_string(what));
    if (rc == ST_OK)
        rc = trail_account(ctx, "anonymous", "account.login_failed", &r->info, r->info.id, extra, e);
    else
        json_decref(extra);
    if (rc == ST_OK && until) {
        json_t *lock = json_object();
        json_object_set_new(lock, "failed_attempts", json_integer(count));
        rc = trail_account(ctx, "system", "account.locked", &r->info, r->info.id, lock, e);
        *locked_until_out = until;
    }
    return rc;
}

static bool person_inactive(const Row *r, int64_t now)
{
    /* active_until is the last day of service (00:00 JST of that date): inactive from the next day */
    return r->person_active_until && now >= r->person_active_until + 86400;
}

/* Counts a wrong password from source (lockout.c) and records account.login_failed, and
 * account.locked when it locked the source, inside the caller's transaction. The account's own
 * counters keep what 第87条 shows after the next sign-in (failed attempts, last failure). */
static Status record_login_failure(const Ctx *ctx, int64_t now, const PackAccountPolicy *pol, const Row *r,
                                   const char *source, Err *e)
{
    char now_s[21];
    iso(now, now_s);
    int64_t until = 0, failures = 0;
    Status rc = exec_params(ctx->db, e,
                            "UPDATE accounts SET last_failed_at = ?, failed_since_last_login = failed_since_last_login + 1,"
                            " updated_at = ? WHERE id = ?",
                            "tti", now_s, now_s, r->info.id);
    if (rc == ST_OK)
        rc = lockout_record_failure(ctx, pol, r->info.id, r->info.person_id, source, now, &until, &failures, e);
    json_t *extra = json_pack("{s:s, s:s}", "factor", "password", "client_addr", source);
    if (rc == ST_OK)
        rc = trail_account(ctx, "anonymous", "account.login_failed", &r->info, r->info.id, extra, e);
    else
        json_decref(extra);
    if (rc == ST_OK && until) {
        char until_s[21];
        iso(until, until_s);
        json_t *lock = json_pack("{s:I, s:s, s:s}", "failed_attempts", (json_int_t)failures, "client_addr", source,
                                 "source_locked_until", until_s);
        rc = trail_account(ctx, "system", "account.locked", &r->info, r->info.id, lock, e);
    }
    return rc;
}

/* ENFORCES: 第83条(1)
 * 無効にしたアカウントと、在籍期間 (退職・異動) を過ぎた職員のアカウントではログインできない。 */
/* ENFORCES: 第87条 pack: pack.accounts.lockout_threshold, pack.accounts.lockout_minutes,
 *         pack.accounts.login_rate_per_minute
 * ログイン試行回数を制限する: 同じ端末 (接続元) からパックの回数続けて失敗すると、その端末からのログインを
 * 止め (繰り返すたびに倍の時間)、本人と統括に通知する。接続元ごとの試行回数も制限する。 */
Status account_login(Ctx *ctx, const PackAccountPolicy *pol, const char *login_id, const char *password,
                     const char *client_addr, LoginResult *out, Err *e)
{
    Db *db = ctx->db;
    const Clock *clock = ctx->clock;
    memset(out, 0, sizeof *out);
    int64_t now = clock_now(clock);
    Status rc = rate_limit(db, now, pol, client_addr, e);
    if (rc != ST_OK)
        return rc;
    if (!password)
        password = "";
    const char *source = lockout_source_key(client_addr);

    char login[ACCOUNT_LOGIN_ID_MAX + 1] = "";
    bool plausible = login_id && strlen(login_id) <= ACCOUNT_LOGIN_ID_MAX;
    for (size_t i = 0; plausible && login_id[i]; i++)
        login[i] = (char)tolower((unsigned char)login_id[i]);
    if (plausible)
        login[strlen(login_id)] = '\0';
    Row r;
    rc = plausible ? load(db, "WHERE a.login_id = ?", 0, login, &r, e) : ST_NOTFOUND;
    if (rc == ST_NOTFOUND) {
        password_verify_dummy(password); /* one Argon2id verification on every path */
        wipe_row(&r);
        return refused(e);
    }
    if (rc != ST_OK)
        return rc;
    bool allowed = false;
    if ((rc = lockout_allows(db, pol, r.info.id, r.info.locked_until, source, now, &allowed, e)) != ST_OK) {
        wipe_row(&r);
        return rc;
    }
    if (!allowed) {
        password_verify_dummy(password);
        wipe_row(&r);
        return refused(e);
    }
    bool ok = password_verify(r.password_hash, password);
    char rehash[PASSWORD_HASH_MAX] = "";
    if (ok && password_needs_rehash(r.password_hash) && password_hash(password, rehash, NULL) != ST_OK)
        rehash[0] = '\0';

    if ((rc = db_begin(db, e)) != ST_OK)
        goto done;
    /* Re-read inside the transaction: another attempt may have counted or locked meanwhile. */
    Row cur;
    if ((rc = load_by_id(db, r.info.id, &cur, e)) != ST_OK) {
        db_rollback(db);
        goto done;
    }
    if ((rc = lockout_allows(db, pol, cur.info.id, cur.info.locked_until, source, now, &allowed, e)) != ST_OK ||
        !allowed) {
        db_rollback(db);
        wipe_row(&cur);
        if (rc == ST_OK)
            rc = refused(e);
        goto done;
    }
    if (cur.info.disabled_at || person_inactive(&cur, now)) {
        /* The same answer as a wrong password, right password or not: a disabled account is not
         * told apart from an unknown one. Nothing is counted: there is nothing left to guess. */
        db_rollback(db);
        wipe_row(&cur);
        rc = refused(e);
        goto done;
    }
    if (!ok) {
        rc = record_login_failure(ctx, now, pol, &cur, source, e);
        rc = finish(db, rc, e);
        wipe_row(&cur);
        if (rc == ST_OK)
            rc = refused(e);
        goto done;
    }
    if (cur.info.must_change_password && cur.info.temp_password_expires_at &&
        now >= cur.info.temp_password_expires_at) {
        db_rollback(db);
        wipe_row(&cur);
        rc = err_set(e, ST_AUTH, "temporary_password_expired", "",
                     "仮パスワードの有効期限が切れています。情報政策担当課に再発行を依頼してください (第88条)",
                     "the temporary password has expired; ask the information policy section for a "
                     "new one (article 88)");
        goto done;
    }
    char now_s[21];
    iso(now, now_s);
    rc = exec_params(db, e,
                     "UPDATE accounts SET previous_login_at = last_login_at,"
                     " failed_before_login = failed_since_last_login, last_login_at = ?,"
                     " failed_since_last_login = 0, updated_at = ? WHERE id = ?",
                     "tti", now_s, now_s, cur.info.id);
    if (rc == ST_OK)
        rc = lockout_record_success(db, cur.info.id, source, now, e);
    if (rc == ST_OK && rehash[0])
        rc = exec_params(db, e, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", rehash,
                         cur.info.id);
    if (rc == ST_OK) {
        json_t *extra = json_object();
        json_object_set_new(extra, "client_addr", json_string(client_addr ? client_addr : ""));
        rc = trail_account(ctx, cur.info.login_id, "account.login", NULL, cur.info.id, extra, e);
    }
    rc = finish(db, rc, e);
    if (rc == ST_OK) {
        out->account_id = cur.info.id;
        out->person_id = cur.info.person_id;
        snprintf(out->login_id, sizeof out->login_id, "%s", cur.info.login_id);
        out->previous_login_at = cur.info.last_login_at;
        out->failed_since_previous = cur.info.failed_since_last_login;
        out->must_change_password = cur.info.must_change_password;
        out->mfa_enrolled = cur.info.mfa_enrolled;
        out->mfa_required = account_mfa_required(ctx, cur.info.person_id);
        out->stage = session_stage_for(out->must_change_password, out->mfa_required, out->mfa_enrolled);
    }
    wipe_row(&cur);
done:
    sodium_memzero(rehash, sizeof rehash);
    wipe_row(&r);
    return rc;
}

/* ---- password change ----------------------------------------------------------------------- */

Status account_change_password(Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id,
                               const char *current_password, const char *new_password, Err *e)
{
    Db *db = ctx->db;
    const Clock *clock = ctx->clock;
    int64_t now = clock_now(clock);
    Row r;
    Status rc = load_by_id(db, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    if (r.info.locked_until > now) {
        rc = locked_error(r.info.locked_until, e);
        wipe_row(&r);
        return rc;
    }
    bool ok = password_verify(r.password_hash, current_password ? current_password : "");
    if (!ok) {
        if ((rc = db_begin(db, e)) == ST_OK) {
            Row cur;
            int64_t until = 0;
            rc = load_by_id(db, account_id, &cur, e);
            if (rc == ST_OK)
                rc = record_failure(ctx, now, pol, &cur, "current_password", &until, e);
            rc = finish(db, rc, e);
            wipe_row(&cur);
            if (rc == ST_OK)
                rc = until ? locked_error(until, e)
                           : err_set(e, ST_AUTH, "invalid_credentials", "current_password",
                                     "現在のパスワードが正しくありません",
                                     "the current password is wrong");
        }
        wipe_row(&r);
        return rc;
    }
    rc = password_check_policy(r.info.login_id, r.kana, new_password, pol, e);
    if (rc == ST_OK && password_verify(r.password_hash, new_password))
        rc = err_set(e, ST_INVALID, "password_same", "new_password",
                     "新しいパスワードは現在のものと違うものにしてください",
                     "the new password must differ from the current one");
    if (rc != ST_OK) {
        if (strcmp(e ? e->field : "", "password") == 0 && e)
            snprintf(e->field, sizeof e->field, "new_password");
        wipe_row(&r);
        return rc;
    }
    char hash[PASSWORD_HASH_MAX];
    if ((rc = password_hash(new_password, hash, e)) != ST_OK) {
        wipe_row(&r);
        return rc;
    }
    char now_s[21];
    iso(now, now_s);
    if ((rc = db_begin(db, e)) == ST_OK) {
        rc = exec_params(db, e,
                         "UPDATE accounts SET password_hash = ?, must_change_password = 0,"
                         " temp_password_expires_at = NULL, updated_at = ? WHERE id = ?",
                         "tti", hash, now_s, account_id);
        if (rc == ST_OK)
            rc = session_destroy_all_for_account(db, account_id, e);
        if (rc == ST_OK)
            rc = trail_account(ctx, r.info.login_id, "account.password_changed", &r.info,
                               account_id, NULL, e);
        rc = finish(db, rc, e);
    }
    sodium_memzero(hash, sizeof hash);
    wipe_row(&r);
    return rc;
}

/* ---- TOTP ---------------------------------------------------------------------------------- */

void mfa_enrolment_free(MfaEnrolment *m)
{
    if (!m)
        return;
    sodium_memzero(m->secret, sizeof m->secret);
    if (m->uri) {
        sodium_memzero(m->uri, strlen(m->uri));
        free(m->uri);
    }
    free(m->svg);
    m->uri = m->svg = NULL;
}

Status account_mfa_begin(Ctx *ctx, int64_t account_id, MfaEnrolment *out, Err *e)
{
    Db *db = ctx->db;
    const Clock *clock = ctx->clock;
    memset(out, 0, sizeof *out);
    int64_t now = clock_now(clock);
    Row r;
    Status rc = load_by_id(db, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    if (r.info.mfa_enrolled) {
        wipe_row(&r);
        return err_set(e, ST_CONFLICT, "mfa_already_enrolled", "",
                       "二要素認証は既に設定されています", "two-factor authentication is already set up");
    }
    totp_new_secret(out->secret);
    out->uri = totp_uri(r.info.login_id, out->secret);
    if ((rc = totp_qr_svg(out->uri, &out->svg, e)) != ST_OK)
        goto fail;
    char now_s[21];
    iso(now, now_s);
    if ((rc = db_begin(db, e)) != ST_OK)
        goto fail;
    rc = exec_params(db, e,
                     "UPDATE accounts SET totp_pending_secret = ?, totp_pending_at = ?, updated_at = ?"
                     " WHERE id = ?",
                     "ttti", out->secret, now_s, now_s, account_id);
    if (rc == ST_OK)
        rc = trail_account(ctx, r.info.login_id, "account.mfa_enrol_started", &r.info, account_id,
                           NULL, e);
    rc = finish(db, rc, e);
    if (rc == ST_OK) {
        wipe_row(&r);
        return ST_OK;
    }
fail:
    wipe_row(&r);
    mfa_enrolment_free(out);
    return rc;
}

Status account_mfa_confirm(Ctx *ctx, int64_t account_id, const char *code,
                           char recovery_out[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1], Err *e)
{
    Db *db = ctx->db;
    const Clock *clock = ctx->clock;
    int64_t now = clock_now(clock);
    Row r;
    Status rc = load_by_id(db, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    int64_t step = 0;
    if (!r.totp_pending[0]) {
        rc = err_set(e, ST_CONFLICT, "mfa_not_started", "",
                     "二要素認証の設定が開始されていません", "two-factor setup has not been started");
    } else if (now - r.totp_pending_at > ACCOUNT_MFA_PENDING_MINUTES * 60) {
        rc = err_set(e, ST_INVALID, "mfa_enrol_expired", "code",
                     "設定の有効期限が切れました。最初からやり直してください",
                     "the setup has expired; start again");
    } else if (!totp_verify(r.totp_pending, code ? code : "", now, 0, &step)) {
        rc = err_set(e, ST_AUTH, "mfa_invalid_code", "code",
                     "確認コードが正しくありません。認証アプリに表示された6桁の数字を入力してください",
                     "wrong code; enter the 6 digits shown by the authenticator app");
    }
    if (rc != ST_OK) {
        wipe_row(&r);
        return rc;
    }
    /* Hash the recovery codes before taking the write lock. */
    char hashes[TOTP_RECOVERY_COUNT][PASSWORD_HASH_MAX];
    totp_recovery_codes(recovery_out);
    for (int i = 0; i < TOTP_RECOVERY_COUNT && rc == ST_OK; i++)
        rc = password_hash(recovery_out[i], hashes[i], e);
    char now_s[21];
    iso(now, now_s);
    if (rc == ST_OK && (rc = db_begin(db, e)) == ST_OK) {
        rc = exec_params(db, e,
                         "UPDATE accounts SET totp_secret = totp_pending_secret, totp_enrolled_at = ?,"
                         " totp_last_step = ?, totp_pending_secret = NULL, totp_pending_at = NULL,"
                         " updated_at = ? WHERE id = ? AND totp_pending_secret = ?",
                         "titit", now_s, step, now_s, account_id, r.totp_pending);
        if (rc == ST_OK && db_changes(db) != 1)
            rc = err_set(e, ST_CONFLICT, "mfa_not_started", "",
                         "二要素認証の設定が変更されました。最初からやり直してください",
                         "the two-factor setup changed meanwhile; start again");
        if (rc == ST_OK)
            rc = exec_params(db, e, "DELETE FROM recovery_codes WHERE account_id = ?", "i", account_id);
        for (int i = 0; i < TOTP_RECOVERY_COUNT && rc == ST_OK; i++)
            rc = exec_params(db, e,
                             "INSERT INTO recovery_codes(account_id, code_hash, created_at) VALUES (?, ?, ?)",
                             "itt", account_id, hashes[i], now_s);
        if (rc == ST_OK) {
            json_t *extra = json_object();
            json_object_set_new(extra, "recovery_codes_issued", json_integer(TOTP_RECOVERY_COUNT));
            rc = trail_account(ctx, r.info.login_id, "account.mfa_enrolled", &r.info, account_id,
                               extra, e);
        }
        rc = finish(db, rc, e);
    }
    sodium_memzero(hashes, sizeof hashes);
    if (rc != ST_OK)
        sodium_memzero(recovery_out, sizeof(char[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1]));
    wipe_row(&r);
    return rc;
}

/* Finds an unused recovery code matching typed; *id_out its row. */
static Status find_recovery(Db *db, int64_t account_id, const char *typed, int64_t *id_out, Err *e)
{
    *id_out = 0;
    Stmt *st = db_prepare(db,
                          "SELECT id, code_hash FROM recovery_codes WHERE account_id = ? AND used_at IS NULL",
                          e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_int(st, 1, account_id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        if (!*id_out && password_verify(stmt_text(st, 1), typed))
            *id_out = stmt_int(st, 0);
    Status rc = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

Status account_mfa_verify(Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id, const char *code,
                          bool *used_recovery_out, Err *e)
{
    Db *db = ctx->db;
    const Clock *clock = ctx->clock;
    if (used_recovery_out)
        *used_recovery_out = false;
    if (!code)
        code = "";
    int64_t now = clock_now(clock);
    Row r;
    Status rc = load_by_id(db, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    if (!r.info.mfa_enrolled) {
        wipe_row(&r);
        return err_set(e, ST_CONFLICT, "mfa_not_enrolled", "", "二要素認証が設定されていません",
                       "two-factor authentication is not set up");
    }
    if (r.info.locked_until > now) {
        rc = locked_error(r.info.locked_until, e);
        wipe_row(&r);
        return rc;
    }
    int64_t step = 0, recovery_id = 0;
    bool totp_ok = totp_verify(r.totp_secret, code, now, r.totp_last_step, &step);
    char recovery[TOTP_RECOVERY_LEN + 1];
    if (!totp_ok && totp_recovery_normalise(code, recovery) &&
        (rc = find_recovery(db, account_id, recovery, &recovery_id, e)) != ST_OK) {
        wipe_row(&r);
        return rc;
    }
    sodium_memzero(recovery, sizeof recovery);
    if ((rc = db_begin(db, e)) != ST_OK) {
        wipe_row(&r);
        return rc;
    }
    char now_s[21];
    iso(now, now_s);
    bool accepted = false;
    if (totp_ok) {
        /* Only if no concurrent request used this step or a later one. */
        rc = exec_params(db, e,
                         "UPDATE accounts SET totp_last_step = ?, failed_count = 0, updated_at = ?"
                         " WHERE id = ? AND totp_last_step < ?",
                         "itii", step, now_s, account_id, step);
        accepted = rc == ST_OK && db_changes(db) == 1;
        if (accepted)
            rc = trail_account(ctx, r.info.login_id, "account.mfa_verified", &r.info, account_id,
                               NULL, e);
    } else if (recovery_id) {
        rc = exec_params(db, e,
                         "UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", "ti",
                         now_s, recovery_id);
        accepted = rc == ST_OK && db_changes(db) == 1;
        if (accepted)
            rc = exec_params(db, e, "UPDATE accounts SET failed_count = 0, updated_at = ? WHERE id = ?",
                             "ti", now_s, account_id);
        if (accepted && rc == ST_OK) {
            Stmt *st = db_prepare(db,
                                  "SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL",
                                  e);
            int64_t left = 0;
            bool row = false;
            rc = st ? stmt_step_row(st, &row, e) : e ? e->status : ST_DB;
            if (row)
                left = stmt_int(st, 0);
            stmt_finalize(st);
            json_t *extra = json_object();
            json_object_set_new(extra, "recovery_codes_left", json_integer(left));
            if (rc == ST_OK) /* the trail records the count read, never a guess */
                rc = trail_account(ctx, r.info.login_id, "account.recovery_code_used", &r.info,
                                   account_id, extra, e);
            else
                json_decref(extra);
            if (used_recovery_out)
                *used_recovery_out = true;
        }
    }
    int64_t until = 0;
    if (rc == ST_OK && !accepted) {
        Row cur; /* current counters, read under the write lock */
        if ((rc = load_by_id(db, account_id, &cur, e)) == ST_OK)
            rc = record_failure(ctx, now, pol, &cur, "second_factor", &until, e);
        wipe_row(&cur);
    }
    rc = finish(db, rc, e);
    wipe_row(&r);
    if (rc != ST_OK || accepted)
        return rc;
    if (until)
        return locked_error(until, e);
    return err_set(e, ST_AUTH, "mfa_invalid_code", "code",
                   "確認コードが正しくありません (使用済みのコードは使えません)",
                   "wrong code (a code cannot be used twice)");
}

Status account_recovery_codes_left(Db *db, int64_t account_id, int *count_out, Err *e)
{
    Stmt *st = db_prepare(db,
                          "SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL",
                          e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_int(st, 1, account_id);
    Status rc = ST_OK;
    if (stmt_step(st) == STEP_ROW)
        *count_out = (int)stmt_int(st, 0);
    else
        rc = stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* ---- administrator's operations ------------------------------------------------------------ */

/* Loads the account inside a new transaction; on failure nothing is left open. */
static Status begin_with(const Ctx *ctx, int64_t account_id, Row *r, Err *e)
{
    Status rc = db_begin(ctx->db, e);
    if (rc != ST_OK)
        return rc;
    if ((rc = load_by_id(ctx->db, account_id, r, e)) != ST_OK)
        db_rollback(ctx->db);
    return rc;
}

Status account_unlock(const Ctx *ctx, int64_t account_id, Err *e)
{
    Row r;
    Status rc = begin_with(ctx, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    int64_t now = clock_now(ctx->clock);
    char now_s[21];
    iso(now, now_s);
    rc = exec_params(ctx->db, e,
                     "UPDATE accounts SET locked_until = NULL, failed_count = 0, updated_at = ? WHERE id = ?",
                     "ti", now_s, account_id);
    if (rc == ST_OK)
        rc = lockout_clear(ctx->db, account_id, e);
    if (rc == ST_OK)
        rc = trail_account(ctx, actor_of(ctx), "account.unlock", &r.info, account_id, NULL, e);
    wipe_row(&r);
    return finish(ctx->db, rc, e);
}

Status account_disable(const Ctx *ctx, int64_t account_id, Err *e)
{
    /* nobody locks themself out: another holder of people.manage does it */
    if (ctx->actor && ctx->actor->account_id == account_id)
        return err_set(e, ST_FORBIDDEN, "account_disable_self", "", "自分のアカウントは無効にできません",
                       "you cannot disable your own account");
    Row r;
    Status rc = begin_with(ctx, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    int64_t now = clock_now(ctx->clock);
    char now_s[21];
    iso(now, now_s);
    if (r.info.disabled_at)
        rc = err_set(e, ST_CONFLICT, "account_already_disabled", "", "このアカウントは既に無効です",
                     "the account is already disabled");
    if (rc == ST_OK)
        rc = exec_params(ctx->db, e, "UPDATE accounts SET disabled_at = ?, updated_at = ? WHERE id = ?",
                         "tti", now_s, now_s, account_id);
    if (rc == ST_OK)
        rc = session_destroy_all_for_account(ctx->db, account_id, e);
    if (rc == ST_OK)
        rc = trail_account(ctx, actor_of(ctx), "account.disable", &r.info, account_id, NULL, e);
    wipe_row(&r);
    return finish(ctx->db, rc, e);
}

Status account_reset_password(const Ctx *ctx, int64_t account_id, char **temp_password_out, Err *e)
{
    char *temp = NULL, hash[PASSWORD_HASH_MAX];
    Status rc = new_temporary(&temp, hash, e);
    if (rc != ST_OK)
        return rc;
    Row r;
    if ((rc = begin_with(ctx, account_id, &r, e)) != ST_OK) {
        drop_temporary(&temp);
        sodium_memzero(hash, sizeof hash);
        return rc;
    }
    int64_t now = clock_now(ctx->clock);
    char now_s[21], expires[21];
    iso(now, now_s);
    iso(now + ACCOUNT_TEMP_PASSWORD_DAYS * 86400, expires);
    rc = exec_params(ctx->db, e,
                     "UPDATE accounts SET password_hash = ?, must_change_password = 1,"
                     " temp_password_expires_at = ?, locked_until = NULL, failed_count = 0,"
                     " updated_at = ? WHERE id = ?",
                     "ttti", hash, expires, now_s, account_id);
    if (rc == ST_OK)
        rc = lockout_clear(ctx->db, account_id, e);
    if (rc == ST_OK)
        rc = session_destroy_all_for_account(ctx->db, account_id, e);
    if (rc == ST_OK)
        rc = trail_account(ctx, actor_of(ctx), "account.reset_password", &r.info, account_id,
                           NULL, e);
    wipe_row(&r);
    sodium_memzero(hash, sizeof hash);
    rc = finish(ctx->db, rc, e);
    if (rc != ST_OK) {
        drop_temporary(&temp);
        return rc;
    }
    *temp_password_out = temp;
    return ST_OK;
}

Status account_mfa_reset(const Ctx *ctx, int64_t account_id, Err *e)
{
    Row r;
    Status rc = begin_with(ctx, account_id, &r, e);
    if (rc != ST_OK)
        return rc;
    int64_t now = clock_now(ctx->clock);
    char now_s[21];
    iso(now, now_s);
    rc = exec_params(ctx->db, e,
                     "UPDATE accounts SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = 0,"
                     " totp_pending_secret = NULL, totp_pending_at = NULL, updated_at = ? WHERE id = ?",
                     "ti", now_s, account_id);
    if (rc == ST_OK)
        rc = exec_params(ctx->db, e, "DELETE FROM recovery_codes WHERE account_id = ?", "i", account_id);
    if (rc == ST_OK)
        rc = session_destroy_all_for_account(ctx->db, account_id, e);
    if (rc == ST_OK)
        rc = trail_account(ctx, actor_of(ctx), "account.mfa_reset", &r.info, account_id, NULL, e);
    wipe_row(&r);
    return finish(ctx->db, rc, e);
}

Status account_trail_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Row r;
    Status rc = load_by_id(ctx->db, id, &r, e);
    if (rc != ST_OK)
        return rc;
    *out = trail_state(&r.info);
    wipe_row(&r);
    return ST_OK;
}
