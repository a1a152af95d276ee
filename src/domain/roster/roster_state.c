/* roster_state: applied 人事 rosters as the trail records them, for reconciliation
 * (domain/kernel/state.h). roster.apply records the file's name, its row count and the counts the
 * preview showed, which roster_imports keeps as the JSON of its summary column; each stored row of the
 * file is recorded under its import (roster.row, keyed by row_id), each task under its own id
 * (roster.task_create, then roster.task_done) with the columns as stored. */
#include "domain/kernel/kernel.h"
#include "domain/roster/roster.h"

static Status import_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT filename, row_count, summary FROM roster_imports WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    if (s == ST_OK) {
        /* a summary that is not JSON is compared as its text, so that it still differs */
        const char *summary = stmt_text(st, 2);
        json_t *counts = json_loads(summary ? summary : "", JSON_DECODE_ANY, NULL);
        *out = json_pack("{s:s, s:I, s:o}", "filename", stmt_text(st, 0), "row_count", (json_int_t)stmt_int(st, 1),
                         "counts", counts ? counts : json_string(summary ? summary : ""));
    }
    stmt_finalize(st);
    return s;
}

static const char *const import_actions[] = {"roster.apply", NULL};
const StateKind roster_import_state_kind = {
    .object_type = "roster_import",
    .table = "roster_imports",
    .ids_sql = "SELECT id FROM roster_imports ORDER BY id",
    .full_actions = import_actions,
    .get = import_state,
};

Status roster_row_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"row_id",     "row_no",   "staff_no",  "name",      "kana",   "unit_name",
                                       "employment", "moved_on", "leaves_on", "person_id", "change", NULL};
    return row_by_id(ctx->db,
                     "SELECT id, row_no, staff_no, name, kana, unit_name, employment, moved_on, leaves_on, person_id, change"
                     " FROM roster_rows WHERE id = ?",
                     cols, "iisssSSSSis", id, out, e);
}

static const char *const row_actions[] = {"roster.row", NULL};
static const char *const row_key[] = {"row_id", NULL};
const StateKind roster_row_state_kind = {
    .object_type = "roster_import",
    .table = "roster_rows",
    .ids_sql = "SELECT id FROM roster_rows ORDER BY id",
    .full_actions = row_actions,
    .id_keys = row_key,
    .get = roster_row_plain,
};

Status roster_task_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"import_id", "person_id", "kind",    "asset_id", "system_id", "login_id",
                                       "unit_id",   "due_on",    "done_at", "done_by",  "done_note", NULL};
    return row_by_id(ctx->db,
                     "SELECT import_id, person_id, kind, asset_id, system_id, login_id, unit_id, due_on, done_at, done_by,"
                     " done_note FROM roster_tasks WHERE id = ?",
                     cols, "iisIIsisSIS", id, out, e);
}

static const char *const task_actions[] = {"roster.task_create", "roster.task_done", NULL};
const StateKind roster_task_state_kind = {
    .object_type = "roster_task",
    .table = "roster_tasks",
    .ids_sql = "SELECT id FROM roster_tasks ORDER BY id",
    .full_actions = task_actions,
    .get = roster_task_plain,
};
