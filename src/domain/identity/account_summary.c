/* account_summary: what other modules show about accounts without reading identity's tables —
 * a person's account at a glance (the person card) and how many accounts are locked (home tasks). */
#include "domain/identity/account.h"

#include "core/clock.h"
#include "domain/kernel/kernel.h"

Status account_summary_of_person(Ctx *ctx, int64_t person_id, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          /* locked: the account itself, or one of its terminals (docs/security.md) */
                          "SELECT login_id, nullif(max(coalesce(locked_until, ''), coalesce((SELECT max(s.locked_until)"
                          " FROM login_sources s WHERE s.account_id = accounts.id), '')), ''), last_login_at,"
                          " totp_enrolled_at IS NOT NULL, disabled_at IS NOT NULL, must_change_password"
                          " FROM accounts WHERE person_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    static const char *const cols[] = {"login_id", "locked_until", "last_login_at", "mfa_enrolled",
                                       "disabled", "must_change_password", NULL};
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK)
        *out = row ? row_object(st, cols, "sSSbbb") : json_null();
    stmt_finalize(st);
    return s;
}

Status account_locked_count(Ctx *ctx, int64_t *count_out, Err *e)
{
    *count_out = 0;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*) FROM accounts a WHERE a.locked_until > ?1 OR EXISTS (SELECT 1 FROM"
                          " login_sources s WHERE s.account_id = a.id AND s.locked_until > ?1)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, now);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *count_out = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}
