/* roster_import: the 人事 roster file read through the register engine (src/registers: CSV UTF-8/CP932,
 * XLSX, header mapping, every bad cell by row and column), resolved (roster_plan.c) and applied
 * (roster_apply.c) in one transaction — kept only when it is not a dry run and no row has an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/roster/roster_internal.h"
#include "policy/capability.h"
#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"

#define ERRORS_SHOWN 200

static Status require_hr(const Ctx *ctx, Err *e)
{
    const uint64_t need = CAP_PEOPLE_MANAGE | CAP_ROLES_MANAGE;
    if ((ctx->actor->caps & need) == need)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "人事異動を取り込む権限がありません",
                   "you may not import the staff roster");
}

static json_t *empty_answer(void)
{
    return json_pack("{s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:[], s:[], s:[], s:[], s:[], s:[]}", "counts",
                     "new", 0, "moved", 0, "leaving", 0, "updated", 0, "unchanged", 0, "renamed_units", 0, "roles_ended", 0,
                     "delegations_ended", 0, "approvals_rerouted", 0, "tasks", 0, "changes", "renamed_units",
                     "roles_ended", "delegations_ended", "approvals_rerouted", "tasks");
}

Status roster_import(Ctx *ctx, const unsigned char *data, size_t len, const char *filename, const json_t *mapping,
                     bool dry_run, json_t **out, Err *e)
{
    *out = NULL;
    Status s = require_hr(ctx, e);
    if (s != ST_OK)
        return s;
    if (len == 0)
        return err_set(e, ST_INVALID, "file_empty", NULL, "ファイルが空です", "the file is empty");
    Table *t = NULL;
    if ((s = table_read(data, len, filename, &t, e)) != ST_OK)
        return s;
    const ImportTarget *target = &roster_import_target;
    FieldMap map = {0};
    if (mapping && !json_is_null(mapping))
        s = mapping_from_json(mapping, t, target, &map, e);
    else
        mapping_suggest(t, mapping_find_header_row(t, target), target, &map);
    json_t *missing = s == ST_OK ? mapping_missing_required(&map, target) : NULL;
    if (s == ST_OK && json_array_size(missing) > 0) {
        *out = json_pack("{s:o}", "mapping", mapping_to_json(&map, t, target));
        s = err_set(e, ST_INVALID, "mapping_required_missing", "mapping", "職員番号の列を指定してください",
                    "map the staff number column");
    }
    json_decref(missing);
    ImportPlan *plan = NULL;
    if (s == ST_OK)
        s = import_plan(t, &map, target, &plan, e);
    if (s != ST_OK) {
        mapping_free(&map);
        table_free(t);
        return s;
    }
    RosterPlan p = {0};
    p.errors = json_deep_copy(plan->errors);
    p.renames = json_array();
    for (size_t f = 0; f < target->nfields && f < 7; f++)
        for (size_t c = 0; c < map.ncols; c++)
            if (map.field_of_col[c] == (int)f) {
                table_col_name(c, p.col[f]);
                break;
            }
    p.rows = xcalloc(plan->nrows ? plan->nrows : 1, sizeof *p.rows);
    for (size_t i = 0; i < plan->nrows; i++)
        if (!plan->row_failed[i]) {
            RosterRow *r = &p.rows[p.nrows++];
            r->src_row = plan->source_rows[i];
            r->obj = import_plan_row(plan, i);
        }
    json_t *answer = empty_answer();
    int64_t import_id = 0;
    s = roster_resolve(ctx, &p, e);
    if (s == ST_OK && json_array_size(p.errors) == 0 && (s = db_begin(ctx->db, e)) == ST_OK) {
        s = roster_apply(ctx, &p, filename, answer, &import_id, e);
        if (s == ST_OK && !dry_run && json_array_size(p.errors) == 0)
            s = finish_tx(ctx, s, e);
        else
            db_rollback(ctx->db);
    }
    size_t nerrors = json_array_size(p.errors);
    bool kept = s == ST_OK && !dry_run && nerrors == 0;
    if (s == ST_OK) {
        json_t *shown = json_array();
        for (size_t k = 0; k < nerrors && k < ERRORS_SHOWN; k++)
            json_array_append(shown, json_array_get(p.errors, k));
        json_object_set_new(answer, "dry_run", json_boolean(!kept));
        json_object_set_new(answer, "mapping", mapping_to_json(&map, t, target));
        json_object_set_new(answer, "rows", json_integer((json_int_t)plan->nrows));
        json_object_set_new(answer, "error_count", json_integer((json_int_t)nerrors));
        json_object_set_new(answer, "errors", shown);
        json_object_set_new(answer, "truncated", json_boolean(nerrors > ERRORS_SHOWN));
        json_object_set_new(answer, "import_id", kept ? json_integer(import_id) : json_null());
        if (nerrors > 0) { /* the consequences of a file that cannot be applied are not shown */
            json_t *fresh = empty_answer();
            json_object_update(answer, fresh);
            json_decref(fresh);
        }
        *out = answer;
        answer = NULL;
        if (!dry_run && nerrors > 0)
            s = err_setf(e, ST_INVALID, "import_has_errors", NULL, "%zu件の問題があるため、取り込みませんでした",
                         "%zu problems: nothing was imported", nerrors);
    }
    json_decref(answer);
    roster_plan_free(&p);
    import_plan_free(plan);
    mapping_free(&map);
    table_free(t);
    return s;
}
