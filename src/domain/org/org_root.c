/* org_root: the organisation itself, the unit without a parent (see org.h). */
#include "domain/org/org.h"

Status org_root(Ctx *ctx, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db, "SELECT name, code FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1", e);
    if (!st)
        return e->status;
    StepResult r = stmt_step(st);
    Status s = ST_OK;
    if (r == STEP_ROW)
        *out = json_pack("{s:s, s:s}", "name", stmt_text(st, 0), "code", stmt_text(st, 1));
    else if (r == STEP_DONE)
        *out = json_null();
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}
