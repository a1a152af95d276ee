/* request_state: 申請 and 代行 as the trail records them, for reconciliation
 * (domain/kernel/state.h, docs/trail.md "State reconciliation"). */
#include "domain/requests/request_internal.h"
#include "domain/requests/requests.h"

/* Entries whose "after" is req_plain of the row (with keys of their own — comment, decision,
 * emergency, asset_event_id — that the row does not have and so are not compared).
 * exception.review records the review, which lives in the exceptions table, not the request. */
static const char *const request_actions[] = {
    "request.create",   "exception.emergency", "request.submit", "request.withdraw", "request.depart",
    "request.complete", "request.expire",      "request.approve", "request.reject",  "request.return",
    NULL,
};

/* The inbox's lookup columns object_unit_id/object_system_id are not in req_plain (set at
 * submission from the object's register, whose own entries record it). */
const StateKind request_state_kind = {
    .object_type = "request",
    .table = "requests",
    .ids_sql = "SELECT id FROM requests ORDER BY id",
    .full_actions = request_actions,
    .ignored = NULL,
    .get = req_plain,
};

static const char *const delegation_cols[] = {"id",          "principal_person_id", "deputy_person_id", "role",
                                              "scope_kind",  "scope_id",            "valid_from",       "valid_until",
                                              "reason",      "request_id",          "state",            "created_at",
                                              "revoked_at",  NULL};

Status delegation_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, principal_person_id, deputy_person_id, role, scope_kind, scope_id, valid_from,"
                          " valid_until, reason, request_id, state, created_at, revoked_at FROM delegations WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return row_single(st, delegation_cols, "iiissIsssIssS", out, e);
}

static const char *const delegation_actions[] = {"delegation.create", "delegation.revoke", "delegation.end", NULL};
const StateKind delegation_state_kind = {
    .object_type = "delegation",
    .table = "delegations",
    .ids_sql = "SELECT id FROM delegations ORDER BY id",
    .full_actions = delegation_actions,
    .ignored = NULL,
    .get = delegation_plain,
};
