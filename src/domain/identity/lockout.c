/* lockout: owns the login_sources table — failed sign-ins per account and source, progressive locks
 * of a source, known sources, and the notices of a lock (see lockout_internal.h). */
#include "domain/identity/lockout_internal.h"

#include <stdio.h>
#include <string.h>

#include "domain/notify/notify.h"
#include "domain/org/org.h"

#define MAX_NOTIFIED 16 /* holders of one notify role told of a lock */

const char *lockout_source_key(const char *client_addr) { return client_addr ? client_addr : ""; }

static int64_t opt_time(Stmt *st, int col)
{
    int64_t t = 0;
    if (stmt_is_null(st, col) || !time_parse_iso(stmt_text(st, col), &t))
        return 0;
    return t;
}

Status lockout_source_load(Db *db, int64_t account_id, const char *source, LoginSource *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Stmt *st = db_prepare(db,
                          "SELECT failed_count, failed_total, locks, locked_until, last_failed_at, last_success_at"
                          " FROM login_sources WHERE account_id = ? AND client_addr = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, account_id);
    stmt_bind_text(st, 2, source);
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        out->failed_count = stmt_int(st, 0);
        out->failed_total = stmt_int(st, 1);
        out->locks = stmt_int(st, 2);
        out->locked_until = opt_time(st, 3);
        out->last_failed_at = opt_time(st, 4);
        out->last_success_at = opt_time(st, 5);
    }
    Status s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static int threshold(const PackAccountPolicy *pol)
{
    return pol && pol->lockout_threshold > 0 ? pol->lockout_threshold : 5;
}

static int64_t lock_seconds(const PackAccountPolicy *pol, int64_t locks)
{
    int64_t s = (int64_t)(pol && pol->lockout_minutes > 0 ? pol->lockout_minutes : 15) * 60;
    for (int64_t i = 0; i < locks && s < LOCKOUT_MAX_SECONDS; i++)
        s *= 2;
    return s < LOCKOUT_MAX_SECONDS ? s : LOCKOUT_MAX_SECONDS;
}

static bool known(const LoginSource *src, int64_t now)
{
    return src->last_success_at && now - src->last_success_at < (int64_t)LOCKOUT_KNOWN_SOURCE_DAYS * 86400;
}

/* Failures of the last day from the account's unknown sources, together. */
static Status unknown_failures(Db *db, int64_t account_id, int64_t now, int64_t *out, Err *e)
{
    char since[21], known_since[21];
    time_iso_utc(now - LOCKOUT_MEMORY_SECONDS, since);
    time_iso_utc(now - (int64_t)LOCKOUT_KNOWN_SOURCE_DAYS * 86400, known_since);
    Stmt *st = db_prepare(db,
                          "SELECT coalesce(sum(failed_total), 0) FROM login_sources WHERE account_id = ?"
                          " AND last_failed_at > ? AND (last_success_at IS NULL OR last_success_at <= ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, account_id);
    stmt_bind_text(st, 2, since);
    stmt_bind_text(st, 3, known_since);
    Status s = ST_OK;
    if (stmt_step(st) == STEP_ROW)
        *out = stmt_int(st, 0);
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status lockout_allows(Db *db, const PackAccountPolicy *pol, int64_t account_id, int64_t account_locked_until,
                      const char *source, int64_t now, bool *allowed, Err *e)
{
    *allowed = false; /* fail closed */
    LoginSource src;
    Status s = lockout_source_load(db, account_id, source, &src, e);
    if (s != ST_OK)
        return s;
    if (src.locked_until > now)
        return ST_OK;
    if (known(&src, now)) {
        *allowed = true;
        return ST_OK;
    }
    if (account_locked_until > now)
        return ST_OK;
    int64_t together = 0;
    if ((s = unknown_failures(db, account_id, now, &together, e)) != ST_OK)
        return s;
    *allowed = together < (int64_t)LOCKOUT_UNKNOWN_FACTOR * threshold(pol);
    return ST_OK;
}

/* Tells person of the lock; dedup_key keeps one notice per lock. */
static Status tell(const Ctx *ctx, int64_t person, int64_t account_id, const char *title, const char *link,
                   const char *key_kind, int64_t until, Err *e)
{
    char key[128];
    snprintf(key, sizeof key, "account_locked:%lld:%lld:%s:%lld", (long long)account_id, (long long)person, key_kind,
             (long long)until);
    Ctx c = *ctx;
    return notify_person(&c, person, "account_locked", "account", account_id, title, link, key, NULL, e);
}

static Status notify_lock(const Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id, int64_t person_id,
                          int64_t until, const char *key_kind, Err *e)
{
    /* No login ID, address or time in the title: notices may go out by mail (notify.h). */
    Status s = tell(ctx, person_id, account_id,
                    "あなたのアカウントへのログインの失敗が続いたため、その端末からのログインを一時停止しました (第87条)",
                    "/", key_kind, until, e);
    char link[64];
    snprintf(link, sizeof link, "/people/%lld", (long long)person_id);
    for (size_t i = 0; s == ST_OK && pol && i < pol->n_lockout_notify_roles; i++) {
        json_t *holders = NULL;
        s = role_current_holders((Ctx *)ctx, pol->lockout_notify_roles[i], &holders, e);
        for (size_t k = 0; s == ST_OK && k < json_array_size(holders) && k < MAX_NOTIFIED; k++) {
            int64_t holder = json_integer_value(json_array_get(holders, k));
            if (holder != person_id)
                s = tell(ctx, holder, account_id,
                         "職員のアカウントへのログインの失敗が続き、端末からのログインを一時停止しました (第87条)", link,
                         key_kind, until, e);
        }
        json_decref(holders);
    }
    return s;
}

Status lockout_record_failure(const Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id, int64_t person_id,
                              const char *source, int64_t now, int64_t *locked_until_out, int64_t *failures_out,
                              Err *e)
{
    *locked_until_out = 0;
    *failures_out = 0;
    LoginSource src;
    Status s = lockout_source_load(ctx->db, account_id, source, &src, e);
    if (s != ST_OK)
        return s;
    if (src.last_failed_at && now - src.last_failed_at >= LOCKOUT_MEMORY_SECONDS)
        src.failed_count = src.failed_total = src.locks = 0; /* a quiet day forgets */
    int64_t count = src.failed_count + 1, until = 0, locks = src.locks;
    *failures_out = count;
    if (count >= threshold(pol)) {
        until = now + lock_seconds(pol, src.locks);
        locks++;
        count = 0;
    }
    int64_t before_unknown = 0;
    bool unknown_source = !known(&src, now);
    if (unknown_source && (s = unknown_failures(ctx->db, account_id, now, &before_unknown, e)) != ST_OK)
        return s;
    char now_s[21], until_s[21];
    time_iso_utc(now, now_s);
    time_iso_utc(until, until_s);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO login_sources(account_id, client_addr, failed_count, failed_total, locks,"
                          " locked_until, last_failed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                          " ON CONFLICT(account_id, client_addr) DO UPDATE SET failed_count = ?3, failed_total = ?4,"
                          " locks = ?5, locked_until = coalesce(?6, locked_until), last_failed_at = ?7",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, account_id);
    stmt_bind_text(st, 2, source);
    stmt_bind_int(st, 3, count);
    stmt_bind_int(st, 4, src.failed_total + 1);
    stmt_bind_int(st, 5, locks);
    if (until)
        stmt_bind_text(st, 6, until_s);
    else
        stmt_bind_null(st, 6);
    stmt_bind_text(st, 7, now_s);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    /* Forget what no longer counts: sources quiet for a day that are neither locked nor known. */
    char since[21];
    time_iso_utc(now - LOCKOUT_MEMORY_SECONDS, since);
    if (s == ST_OK && (st = db_prepare(ctx->db,
                                       "DELETE FROM login_sources WHERE last_failed_at < ?1 AND last_success_at IS NULL"
                                       " AND (locked_until IS NULL OR locked_until < ?2)",
                                       e)) != NULL) {
        stmt_bind_text(st, 1, since);
        stmt_bind_text(st, 2, now_s);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK && until) {
        s = notify_lock(ctx, pol, account_id, person_id, until, source, e);
        *locked_until_out = until;
    }
    /* The failure that brings the unknown sources to their limit stops them all: told once. */
    int64_t limit = (int64_t)LOCKOUT_UNKNOWN_FACTOR * threshold(pol);
    if (s == ST_OK && unknown_source && before_unknown < limit && before_unknown + 1 >= limit) {
        s = notify_lock(ctx, pol, account_id, person_id, now, "unknown", e);
    }
    return s;
}

Status lockout_record_success(Db *db, int64_t account_id, const char *source, int64_t now, Err *e)
{
    char now_s[21];
    time_iso_utc(now, now_s);
    Stmt *st = db_prepare(db,
                          "INSERT INTO login_sources(account_id, client_addr, last_success_at) VALUES (?1, ?2, ?3)"
                          " ON CONFLICT(account_id, client_addr) DO UPDATE SET failed_count = 0, failed_total = 0,"
                          " locks = 0, locked_until = NULL, last_success_at = ?3",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, account_id);
    stmt_bind_text(st, 2, source);
    stmt_bind_text(st, 3, now_s);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status lockout_clear(Db *db, int64_t account_id, Err *e)
{
    Stmt *st = db_prepare(db,
                          "UPDATE login_sources SET failed_count = 0, failed_total = 0, locks = 0, locked_until = NULL"
                          " WHERE account_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, account_id);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}
