/* incident_category: an incident's category for the modules that key on it (the 緊急時対応計画 shows
 * the part of the plan for it), after the same read check as the report itself (see incidents.h). */
#include <stdio.h>

#include "domain/incidents/incidents.h"

Status incident_category_of(Ctx *ctx, int64_t id, char out[static 65], Err *e)
{
    out[0] = '\0';
    Status s = incident_check_read(ctx, id, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT category FROM incidents WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        snprintf(out, 65, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "incident_not_found", "", "インシデントの報告が見つかりません", "incident not found");
    return s;
}
