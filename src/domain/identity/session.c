/* session: owns the sessions table — creation with random tokens stored as SHA-256, lookup with
 * idle/absolute timeouts, stage changes and destruction. */
#include "domain/identity/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/kernel/kernel.h"

#define USER_AGENT_MAX 256

static const char *const stage_names[] = {"password_change", "mfa_enrol", "mfa", "done"};

const char *session_stage_name(SessionStage s)
{
    return (unsigned)s < sizeof stage_names / sizeof *stage_names ? stage_names[s] : "done";
}

bool session_stage_parse(const char *name, SessionStage *out)
{
    for (size_t i = 0; i < sizeof stage_names / sizeof *stage_names; i++) {
        if (strcmp(name, stage_names[i]) == 0) {
            *out = (SessionStage)i;
            return true;
        }
    }
    return false;
}

/* ENFORCES: 第88条(2)
 * 仮パスワード・初期パスワードでログインしたセッションは、変更するまでパスワード変更等の経路しか使えない。 */
SessionStage session_stage_for(bool must_change_password, bool mfa_required, bool mfa_enrolled)
{
    if (must_change_password)
        return STAGE_PASSWORD_CHANGE;
    if (mfa_enrolled)
        return STAGE_MFA;
    if (mfa_required)
        return STAGE_MFA_ENROL;
    return STAGE_DONE;
}

static void random_hex(char out[SESSION_TOKEN_HEX + 1], unsigned char raw[32])
{
    randombytes_buf(raw, 32);
    sodium_bin2hex(out, SESSION_TOKEN_HEX + 1, raw, 32);
}

static void hash_hex(const unsigned char raw[32], char out[SESSION_TOKEN_HEX + 1])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, raw, 32);
    sodium_bin2hex(out, SESSION_TOKEN_HEX + 1, digest, sizeof digest);
}

bool session_token_hash(const char *token, char out[SESSION_TOKEN_HEX + 1])
{
    if (!token || strlen(token) != SESSION_TOKEN_HEX)
        return false;
    unsigned char raw[32];
    size_t len = 0;
    if (sodium_hex2bin(raw, sizeof raw, token, SESSION_TOKEN_HEX, NULL, &len, NULL) != 0 ||
        len != sizeof raw)
        return false;
    hash_hex(raw, out);
    sodium_memzero(raw, sizeof raw);
    return true;
}

static int idle_minutes(const PackAccountPolicy *pol)
{
    return pol && pol->session_idle_minutes > 0 ? pol->session_idle_minutes : 30;
}

static int absolute_hours(const PackAccountPolicy *pol)
{
    return pol && pol->session_absolute_hours > 0 ? pol->session_absolute_hours : 10;
}

Status session_create(Db *db, int64_t now, int64_t account_id, SessionStage stage,
                      const PackAccountPolicy *pol, const char *client_addr, const char *user_agent,
                      char token_out[SESSION_TOKEN_HEX + 1], char csrf_out[SESSION_TOKEN_HEX + 1],
                      Err *e)
{
    if (sodium_init() < 0)
        return err_set(e, ST_INTERNAL, "random_unavailable", "", "乱数を利用できません",
                       "no random source");
    unsigned char raw[32], csrf_raw[32];
    char token_hash[SESSION_TOKEN_HEX + 1];
    random_hex(token_out, raw);
    hash_hex(raw, token_hash);
    random_hex(csrf_out, csrf_raw);
    sodium_memzero(raw, sizeof raw);

    char ua[USER_AGENT_MAX + 1] = "";
    if (user_agent && text_valid(user_agent, 4096, false)) {
        snprintf(ua, sizeof ua, "%s", user_agent);
        if (!text_valid(ua, USER_AGENT_MAX, false)) /* cut inside a UTF-8 sequence */
            ua[0] = '\0';
    }
    char created[21], expires[21];
    time_iso_utc(now, created);
    time_iso_utc(now + (int64_t)absolute_hours(pol) * 3600, expires);

    Stmt *st = db_prepare(db,
                          "INSERT INTO sessions(token_hash, account_id, csrf_token, stage, created_at,"
                          " last_seen_at, expires_at, client_addr, user_agent)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, token_hash);
    stmt_bind_int(st, 2, account_id);
    stmt_bind_text(st, 3, csrf_out);
    stmt_bind_text(st, 4, session_stage_name(stage));
    stmt_bind_text(st, 5, created);
    stmt_bind_text(st, 6, created);
    stmt_bind_text(st, 7, expires);
    stmt_bind_text(st, 8, client_addr ? client_addr : "");
    stmt_bind_text(st, 9, ua);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc != ST_OK) {
        sodium_memzero(token_out, SESSION_TOKEN_HEX + 1);
        token_out[0] = '\0';
    }
    return rc;
}

static Status delete_by_hash(Db *db, const char *token_hash, Err *e)
{
    Stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, token_hash);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

static Status invalid(Err *e)
{
    return err_set(e, ST_AUTH, "session_invalid", "",
                   "ログインしていません。ログインしてください", "not signed in; please sign in");
}

/* ENFORCES: 第87条 pack: pack.accounts.session_idle_minutes, pack.accounts.session_absolute_hours
 * パックの無操作時間 (アクセスタイムアウト) と最長時間を過ぎたセッションを終了する。 */
Status session_lookup(Db *db, int64_t now, const PackAccountPolicy *pol, const char *token,
                      SessionInfo *out, Err *e)
{
    char token_hash[SESSION_TOKEN_HEX + 1];
    if (!session_token_hash(token, token_hash))
        return invalid(e);
    Stmt *st = db_prepare(db,
                          "SELECT s.id, s.account_id, a.person_id, a.login_id, s.stage, s.csrf_token,"
                          " s.created_at, s.last_seen_at, s.expires_at, a.disabled_at IS NOT NULL"
                          " FROM sessions s JOIN accounts a ON a.id = s.account_id"
                          " WHERE s.token_hash = ?",
                          e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, token_hash);
    StepResult r = stmt_step(st);
    if (r != STEP_ROW) {
        Status rc = r == STEP_DONE ? invalid(e) : stmt_error(st, e);
        stmt_finalize(st);
        return rc;
    }
    SessionInfo s = {0};
    s.id = stmt_int(st, 0);
    s.account_id = stmt_int(st, 1);
    s.person_id = stmt_int(st, 2);
    snprintf(s.login_id, sizeof s.login_id, "%s", stmt_text(st, 3));
    bool stage_ok = session_stage_parse(stmt_text(st, 4), &s.stage);
    snprintf(s.csrf, sizeof s.csrf, "%s", stmt_text(st, 5));
    bool times_ok = time_parse_iso(stmt_text(st, 6), &s.created_at) &&
                    time_parse_iso(stmt_text(st, 7), &s.last_seen_at) &&
                    time_parse_iso(stmt_text(st, 8), &s.expires_at);
    bool disabled = stmt_int(st, 9) != 0;
    stmt_finalize(st);

    if (!stage_ok || !times_ok || disabled) {
        Status rc = delete_by_hash(db, token_hash, e);
        return rc != ST_OK ? rc : invalid(e);
    }
    bool expired = now >= s.expires_at ||
                   now - s.last_seen_at >= (int64_t)idle_minutes(pol) * 60 ||
                   (s.stage != STAGE_DONE && now - s.created_at >= SESSION_PENDING_MINUTES * 60);
    if (expired) {
        Status rc = delete_by_hash(db, token_hash, e);
        if (rc != ST_OK)
            return rc;
        return err_set(e, ST_AUTH, "session_expired", "",
                       "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください (第87条)",
                       "your session has timed out; please sign in again (article 87)");
    }
    if (now - s.last_seen_at >= SESSION_TOUCH_SECONDS) {
        char seen[21];
        time_iso_utc(now, seen);
        Stmt *up = db_prepare(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", e);
        if (!up)
            return e ? e->status : ST_DB;
        stmt_bind_text(up, 1, seen);
        stmt_bind_int(up, 2, s.id);
        Status rc = stmt_step(up) == STEP_DONE ? ST_OK : stmt_error(up, e);
        stmt_finalize(up);
        if (rc != ST_OK)
            return rc;
        s.last_seen_at = now;
    }
    *out = s;
    return ST_OK;
}

Status session_set_stage(Db *db, int64_t session_id, SessionStage stage, Err *e)
{
    Stmt *st = db_prepare(db, "UPDATE sessions SET stage = ? WHERE id = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, session_stage_name(stage));
    stmt_bind_int(st, 2, session_id);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc == ST_OK && db_changes(db) == 0)
        rc = invalid(e);
    return rc;
}

Status session_destroy(Db *db, const char *token, Err *e)
{
    char token_hash[SESSION_TOKEN_HEX + 1];
    if (!session_token_hash(token, token_hash))
        return ST_OK;
    return delete_by_hash(db, token_hash, e);
}

Status session_logout(const Ctx *ctx, const char *token, Err *e)
{
    Db *db = ctx->db;
    char token_hash[SESSION_TOKEN_HEX + 1];
    if (!session_token_hash(token, token_hash))
        return ST_OK;
    Status rc = db_begin(db, e);
    if (rc != ST_OK)
        return rc;
    Stmt *st = db_prepare(db,
                          "SELECT a.id, a.login_id FROM sessions s JOIN accounts a ON a.id = s.account_id"
                          " WHERE s.token_hash = ?",
                          e);
    if (!st) {
        db_rollback(db);
        return e ? e->status : ST_DB;
    }
    stmt_bind_text(st, 1, token_hash);
    char login[64] = "";
    int64_t id = 0;
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        id = stmt_int(st, 0);
        snprintf(login, sizeof login, "%s", stmt_text(st, 1));
    } else if (r == STEP_ERROR) {
        rc = stmt_error(st, e);
    }
    stmt_finalize(st);
    if (rc == ST_OK && login[0]) {
        rc = delete_by_hash(db, token_hash, e);
        if (rc == ST_OK)
            rc = record_change_as(ctx, login, "account.logout", "account", id, NULL, NULL, e);
    }
    if (rc == ST_OK)
        return db_commit(db, e);
    db_rollback(db);
    return rc;
}

Status session_destroy_all_for_account(Db *db, int64_t account_id, Err *e)
{
    Stmt *st = db_prepare(db, "DELETE FROM sessions WHERE account_id = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_int(st, 1, account_id);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}
