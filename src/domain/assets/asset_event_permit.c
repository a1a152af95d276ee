/* asset_event_permit: a request's decision permits an asset's pending lifecycle event (see
 * assets.h). */
#include "domain/assets/assets.h"
#include "domain/assets/asset_internal.h"

Status asset_event_permit(Ctx *ctx, int64_t asset_id, const char *kind, bool approved, const char *ref,
                          int64_t *linked, Err *e)
{
    *linked = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM asset_events WHERE asset_id = ? AND kind = ? AND approval_status = 'pending'"
                          " AND approval_ref IS NULL ORDER BY id LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, asset_id);
    stmt_bind_text(st, 2, kind);
    StepResult sr = stmt_step(st);
    int64_t ev = sr == STEP_ROW ? stmt_int(st, 0) : 0;
    Status rc = sr == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    if (rc != ST_OK || !ev)
        return rc;
    st = db_prepare(ctx->db, "UPDATE asset_events SET approval_status = ?, approval_ref = ? WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, approved ? "approved" : "rejected");
    stmt_bind_text(st, 2, ref);
    stmt_bind_int(st, 3, ev);
    rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc == ST_OK) /* the record's new approval_status, under its asset (reconciliation compares it) */
        rc = asset_event_record(ctx, ev, "asset.event_permit", e);
    if (rc == ST_OK)
        *linked = ev;
    return rc;
}
