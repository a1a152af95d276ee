/* Who may read and import a system's IDs (第83条・第84条: the 情報システム管理者 manages the IDs of
 * their system; the 統括 and the auditors look across). The route table already admits only holders
 * of accounts.review; here the reach is narrowed per system. A failed query is an error, never
 * "may not" (fail closed: docs/architecture.md). */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/access/access.h"
#include "domain/sysaccounts/sysacct_internal.h"
#include "policy/capability.h"
#include "policy/pack.h"

/* The overseers read every system: evaluation.manage (CISO, 統括) and the 監査統括責任者. */
static Status overseer(Ctx *ctx, bool *yes, Err *e)
{
    *yes = (ctx->actor->caps & CAP_EVALUATION_MANAGE) != 0;
    if (*yes || !ctx->actor->person_id)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM role_assignments_v WHERE person_id = ?1 AND role = 'audit_lead'"
                          " AND valid_from <= ?2 AND (valid_until IS NULL OR valid_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    Status s = stmt_step_row(st, yes, e);
    stmt_finalize(st);
    return s;
}

/* The systems the actor holds one of the pack's editor roles for, ascending. */
Status sa_managed_systems(Ctx *ctx, int64_t **out, size_t *n, Err *e)
{
    *out = NULL;
    *n = 0;
    if (!ctx->actor->person_id || !ctx->pack)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    size_t cap = 0;
    const PackSystems *sy = &ctx->pack->systems;
    for (size_t k = 0; k < sy->n_editor_roles; k++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT scope_id FROM role_assignments_v WHERE person_id = ?1 AND role = ?2"
                              " AND scope_kind = 'system' AND valid_from <= ?3"
                              " AND (valid_until IS NULL OR valid_until >= ?3)",
                              e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, ctx->actor->person_id);
        stmt_bind_text(st, 2, sy->editor_roles[k]);
        stmt_bind_text(st, 3, today);
        StepResult r;
        while ((r = stmt_step(st)) == STEP_ROW) {
            if (*n == cap)
                *out = xrealloc(*out, (cap = cap ? 2 * cap : 8) * sizeof **out);
            (*out)[(*n)++] = stmt_int(st, 0);
        }
        Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (s != ST_OK) {
            free(*out);
            *out = NULL;
            *n = 0;
            return s;
        }
    }
    /* ascending, for sa_scope_has */
    for (size_t i = 1; i < *n; i++)
        for (size_t j = i; j > 0 && (*out)[j - 1] > (*out)[j]; j--) {
            int64_t t = (*out)[j];
            (*out)[j] = (*out)[j - 1];
            (*out)[j - 1] = t;
        }
    return ST_OK;
}

Status sa_reader_scope(Ctx *ctx, bool *all, int64_t **mine, size_t *nmine, Err *e)
{
    *mine = NULL;
    *nmine = 0;
    Status s = overseer(ctx, all, e);
    if (s == ST_OK && !*all)
        s = sa_managed_systems(ctx, mine, nmine, e);
    return s;
}

bool sa_scope_has(const int64_t *mine, size_t n, int64_t system_id)
{
    for (size_t i = 0; i < n; i++)
        if (mine[i] == system_id)
            return true;
    return false;
}

Status sysaccounts_may_read(Ctx *ctx, int64_t system_id, bool *may, Err *e)
{
    bool all;
    int64_t *mine;
    size_t n;
    *may = false;
    Status s = sa_reader_scope(ctx, &all, &mine, &n, e);
    if (s == ST_OK)
        *may = all || (system_id > 0 && sa_scope_has(mine, n, system_id));
    free(mine);
    return s;
}

Status sa_may_import(Ctx *ctx, int64_t system_id, bool *may, Err *e)
{
    *may = (ctx->actor->caps & CAP_EVALUATION_MANAGE) != 0 || (!ctx->actor->account_id && !ctx->actor->person_id);
    if (*may)
        return ST_OK;
    int64_t *mine;
    size_t n;
    Status s = sa_managed_systems(ctx, &mine, &n, e);
    if (s == ST_OK)
        *may = sa_scope_has(mine, n, system_id);
    free(mine);
    return s;
}

Status sa_system_visible(Ctx *ctx, int64_t system_id, Err *e)
{
    if (system_id == 0)
        return ST_OK;
    bool readable = false;
    Status s = access_system_readable(ctx, system_id, &readable, e);
    if (s == ST_OK && !readable)
        s = err_set(e, ST_NOTFOUND, "system_not_found", "system_id", "情報システムが見つかりません",
                    "information system not found");
    return s;
}
