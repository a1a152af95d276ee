/* eval_facts: the register facts of eval_facts.h. Each fact has a query for (unit_id, unit_name, code,
 * name) per failing row, up to a limit, and one for the count of them all (run only when the limit
 * was reached). The 要判断 queries walk assets first (CROSS JOIN keeps that order: through the
 * assets_status index), not each 課室's assets in turn, which read every asset of a large register. */
#include <stdio.h>

#include "domain/evaluation/eval_facts.h"

typedef struct FactQuery {
    const char *rows;  /* ?1 = unit (0 = all), ?2 = limit (-1: every row) */
    const char *count; /* ?1 = unit: how many fail in all */
    const char *what;  /* appended to each row's text */
} FactQuery;

#define IN_UNIT " AND (?1 = 0 OR u.id = ?1 OR u.parent_id = ?1)"
#define PENDING_FROM                                                                                                   \
    " FROM assets_v a CROSS JOIN org_units_v u ON u.id = a.unit_id"                                                    \
    " WHERE a.classification_status = 'pending' AND a.disposed_at IS NULL" IN_UNIT
#define NO_BACKUP_FROM                                                                                                 \
    " FROM systems_v s JOIN org_units_v u ON u.id = s.owner_unit_id"                                                   \
    " WHERE s.active = 1 AND coalesce(s.backup, 0) = 0" IN_UNIT
#define NO_MFA_FROM                                                                                                    \
    " FROM systems_v s JOIN org_units_v u ON u.id = s.owner_unit_id"                                                   \
    " WHERE s.active = 1 AND s.zone = 'mynumber' AND coalesce(s.mfa, 0) = 0" IN_UNIT

/* The 要判断 rows come in the order of the assets_status index (status, unit, id): the first ones are
 * read without sorting the others, however many there are. */
static const FactQuery queries[] = {
    [FACT_ASSETS_PENDING] = {"SELECT u.id, u.name, a.asset_no, a.name" PENDING_FROM " ORDER BY a.unit_id, a.id LIMIT ?2",
                             "SELECT count(*)" PENDING_FROM, "分類が要判断のまま"},
    [FACT_SYSTEMS_NO_BACKUP] = {"SELECT u.id, u.name, s.code, s.name" NO_BACKUP_FROM " ORDER BY u.sort_order, u.id, s.code LIMIT ?2",
                                "SELECT count(*)" NO_BACKUP_FROM, "バックアップの実施が記録されていない"},
    [FACT_MYNUMBER_NO_MFA] = {"SELECT u.id, u.name, s.code, s.name" NO_MFA_FROM " ORDER BY u.sort_order, u.id, s.code LIMIT ?2",
                              "SELECT count(*)" NO_MFA_FROM, "多要素認証が記録されていない (マイナンバー利用事務系)"},
};

static Status fact_count(Ctx *ctx, EvalFact fact, int64_t unit_id, json_int_t *total, Err *e)
{
    Stmt *st = db_prepare(ctx->db, queries[fact].count, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit_id);
    StepResult r = stmt_step(st);
    Status s = r == STEP_ROW ? ST_OK : stmt_error(st, e);
    if (s == ST_OK)
        *total = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status eval_fact_failing(Ctx *ctx, EvalFact fact, int64_t unit_id, int max, json_t **rows, json_int_t *total, Err *e)
{
    *rows = NULL;
    *total = 0;
    Stmt *st = db_prepare(ctx->db, queries[fact].rows, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit_id);
    stmt_bind_int(st, 2, max);
    json_t *out = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        char text[600];
        snprintf(text, sizeof text, "%s: %s %s — %s", stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3),
                 queries[fact].what);
        json_array_append_new(out, json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)stmt_int(st, 0), "unit_name",
                                             stmt_text(st, 1), "text", text));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    *total = (json_int_t)json_array_size(out);
    if (s == ST_OK && max >= 0 && json_array_size(out) == (size_t)max) /* the limit hid some: count them all */
        s = fact_count(ctx, fact, unit_id, total, e);
    if (s != ST_OK)
        json_decref(out);
    else
        *rows = out;
    return s;
}

/* The system facts' conditions on one system (?1). */
static const char *const system_queries[] = {
    [FACT_SYSTEMS_NO_BACKUP] = "SELECT count(*) FROM systems_v s WHERE s.id = ?1 AND s.active = 1 AND coalesce(s.backup, 0) = 0",
    [FACT_MYNUMBER_NO_MFA] = "SELECT count(*) FROM systems_v s WHERE s.id = ?1 AND s.active = 1 AND s.zone = 'mynumber'"
                             " AND coalesce(s.mfa, 0) = 0",
};

Status eval_system_fact_fails(Ctx *ctx, EvalFact fact, int64_t system_id, bool *fails, Err *e)
{
    *fails = false;
    if ((size_t)fact >= sizeof system_queries / sizeof *system_queries || !system_queries[fact])
        return err_set(e, ST_INTERNAL, "pack_mismatch", NULL, "情報システムごとに求められない事実です", "not a system fact");
    Stmt *st = db_prepare(ctx->db, system_queries[fact], e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    StepResult r = stmt_step(st);
    Status s = r == STEP_ROW ? ST_OK : stmt_error(st, e);
    if (s == ST_OK)
        *fails = stmt_int(st, 0) > 0;
    stmt_finalize(st);
    return s;
}
