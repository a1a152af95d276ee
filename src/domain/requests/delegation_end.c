/* delegation_end: 代行 that a 人事異動 ends (the roster module). A delegation is the principal's own
 * designation of a deputy for a role they hold (第84条3), so when the principal's holding of that role
 * ends, or the deputy leaves or moves out of the scope, it ends with it — on the same day as the role —
 * and is never handed to the role's next holder: they name their own deputy (and a privileged role's
 * delegation needs the CISO's approval again). Approvals that waited for the deputy are then resolved
 * anew, as the roster's re-routing does for the principal. */
#include <string.h>

#include "core/clock.h"
#include "domain/requests/delegation.h"
#include "domain/requests/request_internal.h"
#include "domain/requests/requests.h"
#include "policy/pack.h"

Status delegations_of_person(Ctx *ctx, int64_t person_id, json_t **out, Err *e)
{
    static const char *const cols[] = {"id",         "principal_person_id", "principal_name", "deputy_person_id",
                                       "deputy_name", "role",               "scope_kind",     "scope_id",
                                       "valid_from", "valid_until",         NULL};
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.principal_person_id, pp.name, d.deputy_person_id, dp.name, d.role, d.scope_kind,"
                          " d.scope_id, d.valid_from, d.valid_until FROM delegations d"
                          " JOIN people_v pp ON pp.id = d.principal_person_id JOIN people_v dp ON dp.id = d.deputy_person_id"
                          " WHERE d.state = 'active' AND d.valid_until >= ?2"
                          " AND (d.principal_person_id = ?1 OR d.deputy_person_id = ?1) ORDER BY d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, today);
    json_t *items = NULL;
    Status s = rows_array(st, cols, "iisisssIss", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *d;
    json_array_foreach(items, i, d) {
        const PackRole *r = pack_role(ctx->pack, json_string_value(json_object_get(d, "role")));
        json_object_set_new(d, "role_label", json_string(r ? r->label : json_string_value(json_object_get(d, "role"))));
    }
    *out = items;
    return ST_OK;
}

Status delegation_end(Ctx *ctx, int64_t id, const char *until, Err *e)
{
    json_t *before = NULL, *after = NULL;
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    s = delegation_plain(ctx, id, &before, e);
    if (s == ST_NOTFOUND)
        s = err_set(e, ST_NOTFOUND, "delegation_not_found", "id", "代行が見つかりません", "delegation not found");
    if (s == ST_OK) {
        const char *from = json_string_value(json_object_get(before, "valid_from"));
        const char *was = json_string_value(json_object_get(before, "valid_until"));
        bool never = strcmp(until, from) < 0; /* it had not begun: it does not happen */
        char now[21];
        time_iso_utc(clock_now(ctx->clock), now);
        /* ?1: the time revoked or the new last day, by the statement */
        Stmt *st = db_prepare(ctx->db,
                              never ? "UPDATE delegations SET state = 'revoked', revoked_at = ?1 WHERE id = ?2 AND state = 'active'"
                                    : "UPDATE delegations SET valid_until = ?1 WHERE id = ?2 AND state = 'active'",
                              e);
        if (!st)
            s = e->status;
        else if (never || strcmp(until, was) < 0) {
            stmt_bind_text(st, 1, never ? now : until);
            stmt_bind_int(st, 2, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        }
        if (st)
            stmt_finalize(st);
    }
    if (s == ST_OK)
        s = delegation_plain(ctx, id, &after, e);
    if (s == ST_OK && !json_equal(before, after))
        s = record_change(ctx, "delegation.end", "delegation", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}
