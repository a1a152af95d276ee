/* people_brief: the few facts about a person that sign-in needs (see people.h). */
#include "domain/org/people.h"

static Status person_not_found(Err *e, int64_t id)
{
    return err_setf(e, ST_NOTFOUND, "person_not_found", "person_id", "職員 (ID %lld) が見つかりません",
                    "person %lld not found", (long long)id);
}

Status people_brief(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.name, p.kana, u.id, u.name FROM people p JOIN org_units u ON u.id = p.unit_id"
                          " WHERE p.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r = stmt_step(st);
    Status s = ST_OK;
    if (r == STEP_ROW)
        *out = json_pack("{s:I, s:s, s:s, s:{s:I, s:s}}", "id", (json_int_t)stmt_int(st, 0), "name", stmt_text(st, 1),
                         "kana", stmt_text(st, 2), "unit", "id", (json_int_t)stmt_int(st, 3), "name", stmt_text(st, 4));
    else if (r == STEP_DONE)
        s = person_not_found(e, id);
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status people_in_mynumber_zone(Ctx *ctx, int64_t id, bool *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT mynumber_zone FROM people WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r = stmt_step(st);
    Status s = ST_OK;
    if (r == STEP_ROW)
        *out = stmt_int(st, 0) != 0;
    else if (r == STEP_DONE)
        s = person_not_found(e, id);
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}
