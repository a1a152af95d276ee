/* netcheck_read: who may read a stored run, and the runs as JSON (netcheck.h). A run the actor may
 * not read answers exactly as a missing one (netcheck_run_not_found). */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/access/access.h"
#include "domain/netcheck/netcheck_internal.h"
#include "domain/requests/requests.h"

#define RUN_COLS                                                                                                       \
    "r.id, r.mode, r.title, r.model, r.violations, r.opened, r.closed, r.findings, r.request_id, r.run_by,"            \
    " coalesce(p.name, ''), r.run_at, r.result_sha256"
static const char *const run_cols[] = {"id", "mode", "title", "model", "violations", "opened", "closed", "findings",
                                       "request_id", "run_by", "run_by_name", "run_at", "result_sha256", NULL};
static const char run_types[] = "isssiiiiIisss";

/* " WHERE" condition of the runs the actor reads, with ?1 all, ?2 person, ?3 the JSON array of the
 * system ids their reach names. */
#define READABLE                                                                                                       \
    " (?1 = 1 OR r.run_by = ?2 OR EXISTS (SELECT 1 FROM netcheck_run_systems s WHERE s.run_id = r.id"                 \
    " AND s.system_id IN (SELECT value FROM json_each(?3))))"

static Stmt *prepare_readable(Ctx *ctx, const char *sql, Reach *r, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return NULL;
    stmt_bind_int(st, 1, r->all ? 1 : 0);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    stmt_bind_text(st, 3, r->systems ? r->systems : "[]");
    return st;
}

Status netcheck_run_readable(Ctx *ctx, int64_t id, bool *readable, Err *e)
{
    *readable = false;
    Reach r = {0};
    Status s = reach_load(ctx, &r, e);
    if (s != ST_OK)
        return s;
    Stmt *st = prepare_readable(ctx, "SELECT 1 FROM netcheck_runs r WHERE r.id = ?4 AND" READABLE, &r, e);
    if (st) {
        stmt_bind_int(st, 4, id);
        s = stmt_step_row(st, readable, e);
        stmt_finalize(st);
    } else
        s = e->status;
    reach_free(&r);
    return s;
}

static Status run_files(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT f.id, f.name, f.sha256, f.size, rf.role FROM netcheck_run_files rf"
                          " JOIN netcheck_files f ON f.id = rf.file_id WHERE rf.run_id = ? ORDER BY rf.position", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"id", "name", "sha256", "size", "role", NULL};
    return rows_array(st, cols, "issis", out, e);
}

/* The run's row with its files and result (row already stepped). */
static Status full_run(Ctx *ctx, Stmt *st, json_t **out, Err *e)
{
    json_t *o = row_object(st, run_cols, run_types);
    json_t *result = json_loads(stmt_text(st, 13), JSON_DECODE_ANY, NULL);
    json_object_set_new(o, "result", result ? result : json_null());
    json_t *files = NULL;
    Status s = run_files(ctx, json_integer_value(json_object_get(o, "id")), &files, e);
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    json_object_set_new(o, "files", files);
    *out = o;
    return ST_OK;
}

Status netcheck_run_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Reach r = {0};
    Status s = reach_load(ctx, &r, e);
    if (s != ST_OK)
        return s;
    Stmt *st = prepare_readable(ctx,
                                "SELECT " RUN_COLS ", r.result FROM netcheck_runs r LEFT JOIN people_v p ON p.id = r.run_by"
                                " WHERE r.id = ?4 AND" READABLE, &r, e);
    reach_free(&r);
    if (!st)
        return e->status;
    stmt_bind_int(st, 4, id);
    bool row = false;
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "netcheck_run_not_found", "id", "その検証結果はありません", "no such run");
    if (s == ST_OK)
        s = full_run(ctx, st, out, e);
    stmt_finalize(st);
    return s;
}

Status netcheck_run_list(Ctx *ctx, json_t **out, Err *e)
{
    Reach r = {0};
    Status s = reach_load(ctx, &r, e);
    if (s != ST_OK)
        return s;
    Stmt *st = prepare_readable(ctx,
                                "SELECT " RUN_COLS " FROM netcheck_runs r LEFT JOIN people_v p ON p.id = r.run_by WHERE"
                                READABLE " ORDER BY r.id DESC LIMIT 200", &r, e);
    reach_free(&r);
    if (!st)
        return e->status;
    json_t *items = NULL;
    if ((s = rows_array(st, run_cols, run_types, &items, e)) != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status netcheck_request_runs(Ctx *ctx, int64_t request_id, json_t **out, Err *e)
{
    /* whoever may read the request (its requester, who decides it, trail readers) sees what its change opens */
    Status s = request_may_view(ctx, request_id, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " RUN_COLS ", r.result FROM netcheck_runs r LEFT JOIN people_v p ON p.id = r.run_by"
                          " WHERE r.request_id = ? ORDER BY r.id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, request_id);
    json_t *items = json_array();
    bool row = false;
    while (s == ST_OK && (s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        json_t *o = NULL;
        if ((s = full_run(ctx, st, &o, e)) == ST_OK)
            json_array_append_new(items, o);
    }
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
