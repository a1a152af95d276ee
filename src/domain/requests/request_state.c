/* request_state: 申請 and 代行 as the trail records them, for reconciliation
 * (domain/kernel/state.h, docs/trail.md "State reconciliation"). */
#include <string.h>

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

/* The rows recorded beside the request in its entries, each with row_id: "decision" (a
 * request_approvals row), "event" (a request_events row), "exception" (the exceptions row). */
static const char *const approval_cols[] = {"row_id",     "request_id", "round",         "stage",
                                            "approver_person_id", "role", "escalated",   "decision",
                                            "comment",    "snapshot_hash", "decided_at", "deputy_for_person_id",
                                            NULL};

/* snapshot_hash is the SHA-256 of the stored snapshot: when the two no longer match, the hash of
 * the snapshot is returned, so an edited snapshot shows as a difference in snapshot_hash. */
Status req_approval_row(Ctx *ctx, int64_t approval_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, request_id, round, stage, approver_person_id, approver_role, escalated, decision,"
                          " comment, snapshot_hash, decided_at, deputy_for_person_id, snapshot FROM request_approvals"
                          " WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, approval_id);
    StepResult r = stmt_step(st);
    Status rc = r == STEP_ROW ? ST_OK : r == STEP_DONE ? ST_NOTFOUND : stmt_error(st, e);
    if (rc == ST_OK) {
        *out = row_object(st, approval_cols, "iiiiisbsssSI");
        json_t *snap = json_loads(stmt_text(st, 12), 0, NULL);
        char hash[65];
        req_hash(snap, hash);
        json_decref(snap);
        if (strcmp(hash, stmt_text(st, 9)) != 0)
            json_object_set_new(*out, "snapshot_hash", json_string(hash));
    }
    stmt_finalize(st);
    if (rc == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return rc;
}

/* Entries written before row_id (a decision with only decision, stage, role, …; no event or
 * exception) leave older rows uncompared (legacy_rows, docs/trail.md "Old trails"). */
static const char *const row_key[] = {"row_id", NULL};
static const char *const decision_actions[] = {"request.approve", "request.reject", "request.return", NULL};
const StateKind request_approval_state_kind = {
    .object_type = "request",
    .table = "request_approvals",
    .ids_sql = "SELECT id FROM request_approvals ORDER BY id",
    .full_actions = decision_actions,
    .within = "decision",
    .id_keys = row_key,
    .legacy_rows = true,
    .get = req_approval_row,
};

const StateKind request_event_state_kind = {
    .object_type = "request",
    .table = "request_events",
    .ids_sql = "SELECT id FROM request_events ORDER BY id",
    .full_actions = request_actions,
    .within = "event",
    .id_keys = row_key,
    .legacy_rows = true,
    .get = req_event_row,
};

static const char *const exception_actions[] = {
    "request.create",   "exception.emergency", "request.submit", "request.withdraw", "request.depart",
    "request.complete", "request.expire",      "request.approve", "request.reject",  "request.return",
    "exception.review", NULL,
};
const StateKind exception_state_kind = {
    .object_type = "request",
    .table = "exceptions",
    .ids_sql = "SELECT request_id FROM exceptions ORDER BY request_id",
    .full_actions = exception_actions,
    .within = "exception",
    .id_keys = row_key,
    .legacy_rows = true,
    .get = req_exception_row,
};
