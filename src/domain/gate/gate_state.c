/* gate_state: a 原本取り出し's release row as the trail records it, for reconciliation
 * (domain/kernel/state.h, docs/trail.md "State reconciliation"). Each attempt's entry
 * (gate.release_download / gate.release_refused, under the request) carries the row as stored
 * after it under "release" — with row_id — or null when the attempt wrote none (a rescan that could
 * not run leaves no row). */
#include "domain/gate/gate_internal.h"

static const char *const release_cols[] = {"row_id", "request_id", "original_sha256", "rescanned_at", "result",
                                           "block_code", "reason", "downloads", "last_download_at", NULL};

Status gate_release_row(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return row_by_id(ctx->db,
                     "SELECT id, request_id, original_sha256, rescanned_at, result, block_code, reason, downloads, "
                     "last_download_at FROM gate_releases WHERE id = ?",
                     release_cols, "iisssssiS", id, out, e);
}

Status gate_release_row_of_request(Ctx *ctx, int64_t request_id, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM gate_releases WHERE request_id = ?", e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_int(st, 1, request_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    int64_t id = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    if (s != ST_OK || !row)
        return s;
    return gate_release_row(ctx, id, out, e);
}

/* Entries written before the row was recorded (their "after" had only request_id, result, …) leave
 * the rows they wrote uncompared (legacy_rows, docs/trail.md "Old trails"). */
static const char *const release_actions[] = {"gate.release_download", "gate.release_refused", NULL};
static const char *const row_key[] = {"row_id", NULL};
const StateKind gate_release_state_kind = {
    .object_type = "gate_release",
    .table = "gate_releases",
    .ids_sql = "SELECT id FROM gate_releases ORDER BY id",
    .full_actions = release_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = row_key,
    .remove_actions = NULL,
    .within = "release",
    .list_key = NULL,
    .list_column = NULL,
    .legacy_rows = true,
    .legacy_actions = NULL,
    .get = gate_release_row,
    .get_key = NULL,
};
