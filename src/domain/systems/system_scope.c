/* system_scope: the systems register's answers to org about system-scoped roles (org/roles.h,
 * RoleSystemScope; registered by app_init). */
#include <stdio.h>

#include "domain/org/org.h"
#include "domain/systems/systems.h"

static void label(Ctx *ctx, int64_t system_id, char *out, size_t n)
{
    Err e = {0};
    out[0] = '\0';
    Stmt *st = db_prepare(ctx->db, "SELECT code || ' ' || name FROM systems WHERE id = ?", &e);
    if (!st)
        return;
    stmt_bind_int(st, 1, system_id);
    if (stmt_step(st) == STEP_ROW)
        snprintf(out, n, "%s", stmt_text(st, 0));
    stmt_finalize(st);
}

static Status active(Ctx *ctx, int64_t system_id, bool *out, Err *e)
{
    *out = false;
    Stmt *st = db_prepare(ctx->db, "SELECT active FROM systems WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    StepResult r = stmt_step(st);
    Status s = ST_OK;
    if (r == STEP_ROW)
        *out = stmt_int(st, 0) == 1;
    else if (r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

void systems_register_role_scope(void)
{
    static const RoleSystemScope scope = {label, active};
    roles_set_system_scope(&scope);
}
