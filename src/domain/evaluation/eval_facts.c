/* eval_facts: the register facts of eval_facts.h. Each query gives (unit_id, unit_name, code, name)
 * per failing row and the count of them all (a window over the whole result, before the limit). The
 * 要判断 query walks assets first (CROSS JOIN keeps that order: through the assets_status index), not
 * each 課室's assets in turn, which read every asset of a large register. */
#include <stdio.h>

#include "domain/evaluation/eval_facts.h"

typedef struct FactQuery {
    const char *sql;  /* ?1 = unit (0 = all), ?2 = limit */
    const char *what; /* appended to each row's text */
} FactQuery;

#define IN_UNIT " AND (?1 = 0 OR u.id = ?1 OR u.parent_id = ?1)"

static const FactQuery queries[] = {
    [FACT_ASSETS_PENDING] = {"SELECT u.id, u.name, a.asset_no, a.name, count(*) OVER () FROM assets_v a"
                             " CROSS JOIN org_units_v u ON u.id = a.unit_id"
                             " WHERE a.classification_status = 'pending' AND a.disposed_at IS NULL" IN_UNIT
                             " ORDER BY u.sort_order, u.id, a.asset_no LIMIT ?2",
                             "分類が要判断のまま"},
    [FACT_SYSTEMS_NO_BACKUP] = {"SELECT u.id, u.name, s.code, s.name, count(*) OVER () FROM systems_v s"
                                " JOIN org_units_v u ON u.id = s.owner_unit_id"
                                " WHERE s.active = 1 AND coalesce(s.backup, 0) = 0" IN_UNIT
                                " ORDER BY u.sort_order, u.id, s.code LIMIT ?2",
                                "バックアップの実施が記録されていない"},
    [FACT_MYNUMBER_NO_MFA] = {"SELECT u.id, u.name, s.code, s.name, count(*) OVER () FROM systems_v s"
                              " JOIN org_units_v u ON u.id = s.owner_unit_id"
                              " WHERE s.active = 1 AND s.zone = 'mynumber' AND coalesce(s.mfa, 0) = 0" IN_UNIT
                              " ORDER BY u.sort_order, u.id, s.code LIMIT ?2",
                              "多要素認証が記録されていない (マイナンバー利用事務系)"},
};

Status eval_fact_failing(Ctx *ctx, EvalFact fact, int64_t unit_id, int max, json_t **rows, json_int_t *total, Err *e)
{
    *rows = NULL;
    *total = 0;
    Stmt *st = db_prepare(ctx->db, queries[fact].sql, e);
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
        *total = stmt_int(st, 4);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(out);
    else
        *rows = out;
    return s;
}
