/* imports: upload, mapping, dry run and background import of register files (see imports.h). The
 * dry run and the import share one path: every planned row goes through the same domain function
 * as a form would (asset_create / system_create) inside one transaction; the dry run rolls it back,
 * the import commits it only when no row failed. */
#include "domain/registers/imports.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/assets/assets.h"
#include "domain/kernel/kernel.h"
#include "domain/systems/systems.h"
#include "policy/pack_lists.h"
#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"

/* ---- progress of running imports, shared between the worker and the status requests ---- */

#define MAX_JOBS 16

typedef struct Job {
    int64_t id; /* 0 = free slot */
    size_t processed, total;
} Job;

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_done = PTHREAD_COND_INITIALIZER;
static Job jobs[MAX_JOBS];
static int jobs_running;

static void job_update(int64_t id, size_t processed, size_t total)
{
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < MAX_JOBS; i++) {
        if (jobs[i].id == id) {
            jobs[i].processed = processed;
            jobs[i].total = total;
        }
    }
    pthread_mutex_unlock(&jobs_lock);
}

static bool job_progress(int64_t id, size_t *processed, size_t *total)
{
    bool found = false;
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < MAX_JOBS; i++) {
        if (jobs[i].id == id) {
            *processed = jobs[i].processed;
            *total = jobs[i].total;
            found = true;
        }
    }
    pthread_mutex_unlock(&jobs_lock);
    return found;
}

void imports_wait(void)
{
    pthread_mutex_lock(&jobs_lock);
    while (jobs_running > 0)
        pthread_cond_wait(&jobs_done, &jobs_lock);
    pthread_mutex_unlock(&jobs_lock);
}

/* ---- the stored upload ---- */

typedef struct Upload {
    char target[16];
    char filename[256];
    char state[16];
    unsigned char *data;
    size_t len;
    int64_t rows, created;
    char *errors; /* JSON text or NULL */
} Upload;

static void upload_free(Upload *u)
{
    free(u->data);
    free(u->errors);
}

static const ImportTarget *target_named(const char *name)
{
    if (name && strcmp(name, "assets") == 0)
        return &asset_import_target;
    if (name && strcmp(name, "systems") == 0)
        return &system_import_target;
    return NULL;
}

static Status load(Ctx *ctx, int64_t id, Upload *u, Err *e)
{
    memset(u, 0, sizeof *u);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT target, filename, state, data, rows, created, errors FROM imports"
                          " WHERE id = ? AND account_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->account_id);
    Status s = ST_OK;
    if (stmt_step(st) == STEP_ROW) {
        snprintf(u->target, sizeof u->target, "%s", stmt_text(st, 0));
        snprintf(u->filename, sizeof u->filename, "%s", stmt_text(st, 1));
        snprintf(u->state, sizeof u->state, "%s", stmt_text(st, 2));
        size_t len = 0;
        const void *data = stmt_blob(st, 3, &len);
        if (data && len) {
            u->data = xmalloc(len);
            memcpy(u->data, data, len);
            u->len = len;
        }
        u->rows = stmt_int(st, 4);
        u->created = stmt_int(st, 5);
        u->errors = stmt_is_null(st, 6) ? NULL : xstrdup(stmt_text(st, 6));
    } else {
        s = err_set(e, ST_NOTFOUND, "import_not_found", "id", "取り込みが見つかりません", "import not found");
    }
    stmt_finalize(st);
    return s;
}

/* ---- field names: the API's (what forms post) and the engine's (what the file holds) ---- */

/* The engine names a referenced record by its name in the file ("unit": 市民課); the API takes ids. */
static const char *const renamed[][3] = {
    /* target, engine name, API name */
    {"assets", "unit", "unit_id"},
    {"assets", "system", "system_id"},
    {"systems", "unit", "owner_unit_id"},
};

static const char *api_name(const ImportTarget *target, const char *engine)
{
    for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
        if (strcmp(renamed[i][0], target->name) == 0 && strcmp(renamed[i][1], engine) == 0)
            return renamed[i][2];
    return engine;
}

static const char *engine_name(const ImportTarget *target, const char *api)
{
    for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
        if (strcmp(renamed[i][0], target->name) == 0 && strcmp(renamed[i][2], api) == 0)
            return renamed[i][1];
    return api;
}

/* The form and mapping screen's view of a register's columns. Levels are the active pack's (none
 * without a pack). */
static json_t *field_list(const ImportTarget *target, const Pack *pack)
{
    EntityLists lists = pack_entity_lists(pack);
    json_t *list = json_array();
    for (size_t i = 0; i < target->nfields; i++) {
        const FieldDef *f = &target->fields[i];
        const char *name = api_name(target, field_name(f));
        FieldType ft = field_type(f);
        const char *type = strcmp(name, "unit_id") == 0 || strcmp(name, "owner_unit_id") == 0 ? "unit"
                           : strcmp(name, "system_id") == 0                                    ? "system"
                           : ft == FT_BOOL || ft == FT_BOOL_OR_UNKNOWN                         ? "bool"
                           : ft == FT_LEVEL                                                    ? "level"
                           : ft == FT_CHOICE                                                   ? "enum"
                           : ft == FT_DATE                                                     ? "date"
                                                                                               : "text";
        json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", name, "label", field_label_ja(f), "label_en",
                              field_label_en(f), "required", field_required(f), "type", type);
        if (f->field->type == ET_TEXT && !f->by_name) {
            json_object_set_new(o, "max_chars", json_integer((json_int_t)f->field->max_chars));
            json_object_set_new(o, "multiline", json_boolean(f->field->flags & EF_MULTILINE));
        }
        json_t *options = json_array();
        for (size_t c = 0; ft == FT_CHOICE && c < f->nchoices; c++)
            json_array_append_new(options, json_pack("{s:s, s:s}", "value", f->choices[c].value, "label",
                                                     f->choices[c].label_ja));
        const char *level;
        for (size_t l = 0; ft == FT_LEVEL && (level = lists.value_at(lists.arg, f->field->list, l)); l++)
            json_array_append_new(options, json_pack("{s:s, s:s}", "value", level, "label", level));
        json_object_set_new(o, "options", options);
        json_array_append_new(list, o);
    }
    return list;
}

json_t *imports_field_lists(const Ctx *ctx)
{
    return json_pack("{s:o, s:o}", "assets", field_list(&asset_import_target, ctx->pack), "systems",
                     field_list(&system_import_target, ctx->pack));
}

/* ---- mapping by header text (what the UI shows) ---- */

static json_t *header_list(const Table *t, size_t header_row)
{
    json_t *headers = json_array();
    for (size_t c = 0; c < t->max_cols; c++)
        json_array_append_new(headers, json_string(table_cell(t, header_row, c)));
    return headers;
}

/* {header text: field | null} → the engine's {"header_row", "columns": {"A": field}}. */
static Status map_from_headers(const Table *t, const ImportTarget *target, json_t *by_header, FieldMap *map, Err *e)
{
    if (!json_is_object(by_header))
        return err_set(e, ST_INVALID, "mapping_invalid", "mapping", "見出しの対応付けを指定してください",
                       "give the header mapping");
    size_t header_row = mapping_find_header_row(t, target);
    json_t *columns = json_object();
    for (size_t c = 0; c < t->max_cols; c++) {
        json_t *field = json_object_get(by_header, table_cell(t, header_row, c));
        if (!field)
            continue;
        char letters[4];
        table_col_name(c, letters);
        json_object_set_new(columns, letters,
                            json_is_string(field) ? json_string(engine_name(target, json_string_value(field)))
                                                  : json_incref(field));
    }
    json_t *in = json_pack("{s:I, s:o}", "header_row", (json_int_t)t->rows[header_row].source_row, "columns", columns);
    Status s = mapping_from_json(in, t, target, map, e);
    json_decref(in);
    return s;
}

/* The spreadsheet column of a field under map ("" when unmapped). */
static void column_of(const FieldMap *map, const ImportTarget *target, const char *field, char out[4])
{
    out[0] = '\0';
    int index = field ? mapping_field_index(target, field) : -1;
    for (size_t c = 0; index >= 0 && c < map->ncols; c++) {
        if (map->field_of_col[c] == index) {
            table_col_name(c, out);
            return;
        }
    }
}

/* ---- applying rows through the domain ---- */

/* id of the row of table whose name (NFKC) or code equals text. */
static int64_t lookup(Ctx *ctx, const char *sql, const char *text)
{
    char *norm = text_nfkc(text);
    Err e;
    Stmt *st = db_prepare(ctx->db, sql, &e);
    int64_t id = 0;
    if (st) {
        stmt_bind_text(st, 1, norm ? norm : text);
        id = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
        stmt_finalize(st);
    }
    free(norm);
    return id;
}

/* Turns a name given in the file into the id the domain takes (e.g. 所管課 市民課 → unit_id). */
static Status resolve(Ctx *ctx, json_t *row, const char *key, const char *id_key, const char *sql, const char *what_ja,
                      const char *what_en, Err *e)
{
    const char *text = json_string_value(json_object_get(row, key));
    if (!text)
        return ST_OK;
    int64_t id = lookup(ctx, sql, text);
    if (!id)
        return err_setf(e, ST_INVALID, "reference_not_found", key, "%s「%s」が登録されていません",
                        "%s \"%s\" is not registered", what_ja, text, what_en);
    json_object_set_new(row, id_key, json_integer(id));
    json_object_del(row, key);
    return ST_OK;
}

#define UNIT_SQL "SELECT id FROM org_units_v WHERE (name = ?1 OR code = ?1) AND active = 1 ORDER BY id LIMIT 1"
#define SYSTEM_SQL "SELECT id FROM systems_v WHERE name = ?1 OR code = ?1 ORDER BY id LIMIT 1"

/* row is the planned record, changed in place (names resolved to ids). */
static Status apply_row(Ctx *ctx, const ImportTarget *target, const char *filename, json_t *copy, Err *e)
{
    Status s;
    if (target == &asset_import_target) {
        /* Registers kept in Excel rarely say why an asset has its level; the reason on record is
         * then where the level came from. */
        bool classified = json_object_get(copy, "confidentiality") || json_object_get(copy, "integrity") ||
                          json_object_get(copy, "availability");
        if (classified && !json_object_get(copy, "classification_reason"))
            json_object_set_new(copy, "classification_reason",
                                json_sprintf("既存の台帳「%s」から取り込んだ分類", filename && *filename ? filename : "ファイル"));
        s = resolve(ctx, copy, "unit", "unit_id", UNIT_SQL, "所管課", "section", e);
        if (s == ST_OK)
            s = resolve(ctx, copy, "system", "system_id", SYSTEM_SQL, "情報システム", "system", e);
        if (s == ST_OK)
            s = asset_create(ctx, copy, NULL, e);
    } else {
        s = resolve(ctx, copy, "unit", "owner_unit_id", UNIT_SQL, "所管課", "section", e);
        if (s == ST_OK)
            s = system_create(ctx, copy, NULL, e);
    }
    return s;
}

static json_t *row_error(size_t row, const char *column, const char *field, const char *code, const char *ja,
                         const char *en)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)row, "column", column, "field",
                     field ? field : "", "code", code, "detail", ja, "detail_en", en);
}

/* Parsing problems of the plan in the API's shape. */
static void plan_errors(const ImportTarget *target, const ImportPlan *plan, json_t *errors)
{
    size_t i;
    json_t *p;
    json_array_foreach(plan->errors, i, p) {
        if (json_array_size(errors) >= IMPORT_MAX_ERRORS)
            return;
        json_array_append_new(errors, row_error((size_t)json_integer_value(json_object_get(p, "row")),
                                                json_string_value(json_object_get(p, "column")) ?: "",
                                                api_name(target, json_string_value(json_object_get(p, "field")) ?: ""),
                                                json_string_value(json_object_get(p, "code")) ?: "invalid",
                                                json_string_value(json_object_get(p, "ja")) ?: "",
                                                json_string_value(json_object_get(p, "en")) ?: ""));
    }
}

/* Applies every row that parsed; appends the domain's refusals to errors. Returns rows written. */
static size_t apply_rows(Ctx *ctx, const ImportTarget *target, const char *filename, const FieldMap *map,
                         const ImportPlan *plan, json_t *errors, size_t *failed_rows, int64_t job)
{
    size_t ok = 0;
    for (size_t i = 0; i < plan->nrows; i++) {
        if (job && i % 100 == 0)
            job_update(job, i, plan->nrows);
        if (plan->row_failed[i])
            continue;
        Err e = {0};
        json_t *row = import_plan_row(plan, i);
        Status applied = apply_row(ctx, target, filename, row, &e);
        json_decref(row);
        if (applied == ST_OK) {
            ok++;
            continue;
        }
        (*failed_rows)++;
        if (json_array_size(errors) < IMPORT_MAX_ERRORS) {
            char column[4];
            column_of(map, target, e.field, column);
            json_array_append_new(errors, row_error(plan->source_rows[i], column, e.field, e.code, e.ja, e.en));
        }
    }
    if (job)
        job_update(job, plan->nrows, plan->nrows);
    return ok;
}

static int by_row(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "row"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "row"));
    return x < y ? -1 : x > y;
}

/* Parsing and domain problems come from two passes; the user reads them in sheet order. */
static void sort_by_row(json_t *errors)
{
    size_t n = json_array_size(errors);
    json_t **items = xmalloc(sizeof *items * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        items[i] = json_incref(json_array_get(errors, i));
    qsort(items, n, sizeof *items, by_row);
    json_array_clear(errors);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(errors, items[i]);
    free(items);
}

static size_t count_failed(const ImportPlan *plan)
{
    size_t n = 0;
    for (size_t i = 0; i < plan->nrows; i++)
        n += plan->row_failed[i];
    return n;
}

/* Reads the stored file and plans it under the user's mapping. */
static Status prepare(const Pack *pack, const Upload *u, const ImportTarget *target, json_t *mapping, Table **t,
                      FieldMap *map, ImportPlan **plan, Err *e)
{
    memset(map, 0, sizeof *map);
    Status s = table_read(u->data, u->len, u->filename, t, e);
    if (s == ST_OK)
        s = map_from_headers(*t, target, mapping, map, e);
    if (s == ST_OK)
    {
        EntityLists lists = pack_entity_lists(pack); /* levels as the domain checks them */
        s = import_plan_lists(*t, map, target, &lists, NULL, NULL, plan, e);
    }
    return s;
}

/* ---- keeping uploads bounded: retention, per-person count and quota ---- */

static bool job_running(int64_t id)
{
    size_t processed, total;
    return job_progress(id, &processed, &total);
}

/* Deletes the imports whose ids the query st (prepared and bound by the caller; finalized here)
 * selects, except running ones. */
static Status delete_selected(Db *db, Stmt *st, int *deleted, Err *e)
{
    int64_t ids[256];
    size_t n = 0;
    StepResult r = STEP_DONE;
    while (n < sizeof ids / sizeof *ids && (r = stmt_step(st)) == STEP_ROW)
        ids[n++] = stmt_int(st, 0);
    Status s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        if (job_running(ids[i]))
            continue;
        Stmt *d = db_prepare(db, "DELETE FROM imports WHERE id = ?", e);
        if (!d)
            return e->status;
        stmt_bind_int(d, 1, ids[i]);
        s = stmt_step(d) == STEP_DONE ? ST_OK : stmt_error(d, e);
        stmt_finalize(d);
        if (s == ST_OK && deleted)
            *deleted += db_changes(db);
    }
    return s;
}

static int64_t retention_seconds(const Pack *pack)
{
    int hours = pack && pack->uploads.retention_hours > 0 ? pack->uploads.retention_hours : IMPORT_RETENTION_HOURS;
    return (int64_t)hours * 3600;
}

Status imports_prune(Db *db, const Pack *pack, const Clock *clock, int *deleted, Err *e)
{
    if (deleted)
        *deleted = 0;
    char cutoff[21];
    time_iso_utc(clock_now(clock) - retention_seconds(pack), cutoff);
    /* A server stopped mid-import leaves state 'running' behind: past the retention it goes too
     * (an import that really runs is skipped). At most 256 a call: the next one takes the rest. */
    Stmt *st = db_prepare(db, "SELECT id FROM imports WHERE updated_at < ? ORDER BY id", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, cutoff);
    return delete_selected(db, st, deleted, e);
}

/* Before an upload: the uploader keeps at most IMPORT_MAX_KEPT - 1 older imports, and their
 * unfinished files plus this one fit in the quota. */
static Status make_room(Ctx *ctx, size_t len, Err *e)
{
    Status s = imports_prune(ctx->db, ctx->pack, ctx->clock, NULL, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM imports WHERE account_id = ? ORDER BY id DESC LIMIT -1 OFFSET ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->account_id);
    stmt_bind_int(st, 2, IMPORT_MAX_KEPT - 1);
    if ((s = delete_selected(ctx->db, st, NULL, e)) != ST_OK)
        return s;
    st = db_prepare(ctx->db,
                          "SELECT coalesce(sum(length(data)), 0) FROM imports WHERE account_id = ? AND data IS NOT NULL",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->account_id);
    int64_t held = 0;
    if (stmt_step(st) == STEP_ROW)
        held = stmt_int(st, 0);
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    int quota = ctx->pack && ctx->pack->uploads.quota_mib > 0 ? ctx->pack->uploads.quota_mib : IMPORT_QUOTA_MIB;
    if (s == ST_OK && (uint64_t)held + len > (uint64_t)quota << 20)
        s = err_setf(e, ST_LIMIT, "upload_quota_exceeded", "file",
                     "取り込み中のファイルが合計 %d MiB を超えます。使わない取り込みを取り消すか、完了させてください",
                     "your unfinished imports would hold more than %d MiB; cancel or finish some first", quota);
    return s;
}

Status imports_cancel(Ctx *ctx, int64_t id, Err *e)
{
    Upload u;
    Status s = load(ctx, id, &u, e);
    if (s != ST_OK)
        return s;
    bool running = strcmp(u.state, "running") == 0 || job_running(id);
    upload_free(&u);
    if (running)
        return err_set(e, ST_CONFLICT, "import_not_pending", "", "この取り込みは実行中です", "this import is running");
    Stmt *st = db_prepare(ctx->db, "DELETE FROM imports WHERE id = ? AND account_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->account_id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* ---- the API ---- */

Status imports_upload(Ctx *ctx, const char *target_name, const char *filename, const unsigned char *data, size_t len,
                      json_t **out, Err *e)
{
    const ImportTarget *target = target_named(target_name);
    if (!target)
        return err_set(e, ST_INVALID, "invalid_target", "target", "取り込み先は assets か systems を指定してください",
                       "target must be assets or systems");
    if (len == 0)
        return err_set(e, ST_INVALID, "file_empty", "file", "ファイルが空です", "the file is empty");
    Status s = make_room(ctx, len, e);
    if (s != ST_OK)
        return s;
    Table *t = NULL;
    s = table_read(data, len, filename, &t, e);
    if (s != ST_OK)
        return s;
    size_t header_row = mapping_find_header_row(t, target);
    FieldMap map;
    mapping_suggest(t, header_row, target, &map);
    size_t rows = 0;
    for (size_t r = header_row + 1; r < t->nrows; r++)
        rows++;
    const char *format = t->format == TABLE_XLSX ? "xlsx" : "csv";
    const char *encoding = t->format == TABLE_CSV_UTF8 ? "utf-8" : t->format == TABLE_CSV_CP932 ? "cp932" : NULL;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO imports(account_id, target, filename, format, data, rows, state, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, 'uploaded', ?, ?)",
                          e);
    if (st) {
        stmt_bind_int(st, 1, ctx->actor->account_id);
        stmt_bind_text(st, 2, target->name);
        stmt_bind_text(st, 3, filename ? filename : "");
        stmt_bind_text(st, 4, format);
        stmt_bind_blob(st, 5, data, len);
        stmt_bind_int(st, 6, (int64_t)rows);
        stmt_bind_text(st, 7, now);
        stmt_bind_text(st, 8, now);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *suggested = json_object(), *sample = json_array();
        for (size_t c = 0; c < t->max_cols && c < map.ncols; c++) {
            int f = map.field_of_col[c];
            json_object_set_new(suggested, table_cell(t, header_row, c),
                                f >= 0 ? json_string(api_name(target, field_name(&target->fields[f]))) : json_null());
        }
        for (size_t r = header_row + 1; r < t->nrows && r <= header_row + 5; r++) {
            json_t *cells = json_array();
            for (size_t c = 0; c < t->max_cols; c++)
                json_array_append_new(cells, json_string(table_cell(t, r, c)));
            json_array_append_new(sample, cells);
        }
        *out = json_pack("{s:I, s:s, s:s?, s:o, s:I, s:o, s:o}", "id", (json_int_t)db_last_insert_id(ctx->db),
                         "format", format, "encoding", encoding, "headers", header_list(t, header_row),
                         "rows", (json_int_t)rows, "suggested_mapping", suggested, "sample", sample);
    }
    mapping_free(&map);
    table_free(t);
    return s;
}

Status imports_dry_run(Ctx *ctx, int64_t id, json_t *mapping, json_t **out, Err *e)
{
    Upload u;
    Status s = load(ctx, id, &u, e);
    if (s != ST_OK)
        return s;
    const ImportTarget *target = target_named(u.target);
    Table *t = NULL;
    FieldMap map;
    ImportPlan *plan = NULL;
    if (!u.data)
        s = err_set(e, ST_CONFLICT, "import_finished", "", "この取り込みは完了しています", "this import is finished");
    if (s == ST_OK)
        s = prepare(ctx->pack, &u, target, mapping, &t, &map, &plan, e);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        json_t *errors = json_array();
        plan_errors(target, plan, errors);
        size_t failed = count_failed(plan);
        size_t ok = apply_rows(ctx, target, u.filename, &map, plan, errors, &failed, 0);
        sort_by_row(errors);
        db_rollback(ctx->db); /* a dry run writes nothing */
        *out = json_pack("{s:I, s:I, s:I, s:o}", "rows", (json_int_t)plan->nrows, "ok_rows", (json_int_t)ok,
                         "error_rows", (json_int_t)failed, "errors", errors);
    }
    import_plan_free(plan);
    if (t) {
        mapping_free(&map);
        table_free(t);
    }
    upload_free(&u);
    return s;
}

static void finish(Db *db, int64_t id, const char *state, size_t created, json_t *errors, bool drop_data,
                   const Clock *clock)
{
    Err e;
    char now[21];
    time_iso_utc(clock_now(clock), now);
    char *text = errors ? json_dumps(errors, JSON_COMPACT) : NULL;
    Stmt *st = db_prepare(db,
                          "UPDATE imports SET state = ?, created = ?, errors = ?, updated_at = ?,"
                          " data = CASE WHEN ? THEN NULL ELSE data END WHERE id = ?",
                          &e);
    if (st) {
        stmt_bind_text(st, 1, state);
        stmt_bind_int(st, 2, (int64_t)created);
        stmt_bind_text(st, 3, text);
        stmt_bind_text(st, 4, now);
        stmt_bind_int(st, 5, drop_data);
        stmt_bind_int(st, 6, id);
        stmt_step(st);
        stmt_finalize(st);
    }
    free(text);
}

typedef struct Work {
    int64_t id;
    char *db_path;
    Actor actor;
    const struct Pack *pack;
    const Clock *clock;
    Upload upload;
    json_t *mapping;
} Work;

static void *run_import(void *arg)
{
    Work *w = arg;
    Err e = {0};
    Db *db = NULL;
    const ImportTarget *target = target_named(w->upload.target);
    json_t *errors = json_array();
    size_t created = 0;
    bool ok = false;
    if (db_open(w->db_path, &db, &e) == ST_OK) {
        Ctx ctx = ctx_make(db, w->clock, &w->actor, w->pack);
        Table *t = NULL;
        FieldMap map;
        ImportPlan *plan = NULL;
        Status s = prepare(w->pack, &w->upload, target, w->mapping, &t, &map, &plan, &e);
        if (s == ST_OK && plan->nerrors == 0 && (s = db_begin(db, &e)) == ST_OK) {
            size_t failed = 0;
            created = apply_rows(&ctx, target, w->upload.filename, &map, plan, errors, &failed, w->id);
            sort_by_row(errors);
            if (failed == 0) {
                json_t *after = json_pack("{s:s, s:s, s:I}", "target", target->name, "filename", w->upload.filename,
                                          "rows", (json_int_t)created);
                s = record_change(&ctx, "import.commit", "import", w->id, NULL, after, &e);
                json_decref(after);
                ok = finish_tx(&ctx, s, &e) == ST_OK;
            } else {
                db_rollback(db);
            }
        } else if (s == ST_OK) {
            plan_errors(target, plan, errors);
        }
        if (!ok && json_array_size(errors) == 0)
            json_array_append_new(errors, row_error(0, "", e.field, e.code[0] ? e.code : "import_failed",
                                                    e.ja[0] ? e.ja : "取り込みに失敗しました",
                                                    e.en[0] ? e.en : "the import failed"));
        finish(db, w->id, ok ? "done" : "failed", ok ? created : 0, ok ? NULL : errors, ok, w->clock);
        import_plan_free(plan);
        if (t) {
            mapping_free(&map);
            table_free(t);
        }
        db_close(db);
    }
    json_decref(errors);
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < MAX_JOBS; i++)
        if (jobs[i].id == w->id)
            jobs[i].id = 0;
    jobs_running--;
    pthread_cond_broadcast(&jobs_done);
    pthread_mutex_unlock(&jobs_lock);
    json_decref(w->mapping);
    upload_free(&w->upload);
    free(w->db_path);
    free(w);
    return NULL;
}

Status imports_commit(Ctx *ctx, int64_t id, json_t *mapping, Err *e)
{
    Upload u;
    Status s = load(ctx, id, &u, e);
    if (s != ST_OK)
        return s;
    if (strcmp(u.state, "running") == 0 || strcmp(u.state, "done") == 0 || !u.data) {
        upload_free(&u);
        return err_set(e, ST_CONFLICT, "import_not_pending", "", "この取り込みは実行中か完了しています",
                       "this import is running or finished");
    }
    pthread_mutex_lock(&jobs_lock);
    int slot = -1;
    for (int i = 0; i < MAX_JOBS && slot < 0; i++)
        if (!jobs[i].id)
            slot = i;
    if (slot >= 0) {
        jobs[slot] = (Job){.id = id, .processed = 0, .total = (size_t)u.rows};
        jobs_running++;
    }
    pthread_mutex_unlock(&jobs_lock);
    if (slot < 0) {
        upload_free(&u);
        return err_set(e, ST_LIMIT, "imports_busy", "", "取り込みが混み合っています。しばらくしてから実行してください",
                       "too many imports are running; try again shortly");
    }
    finish(ctx->db, id, "running", 0, NULL, false, ctx->clock);
    Work *w = xcalloc(1, sizeof *w);
    w->id = id;
    w->db_path = xstrdup(db_path(ctx->db));
    w->actor = *ctx->actor;
    w->pack = ctx->pack;
    w->clock = ctx->clock;
    w->upload = u;
    w->mapping = json_deep_copy(mapping);
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, run_import, w) != 0) {
        pthread_attr_destroy(&attr);
        run_import(w); /* no thread to be had: do it now rather than not at all */
        return ST_OK;
    }
    pthread_attr_destroy(&attr);
    return ST_OK;
}

Status imports_status(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Upload u;
    Status s = load(ctx, id, &u, e);
    if (s != ST_OK)
        return s;
    size_t processed = 0, total = (size_t)u.rows;
    bool running = job_progress(id, &processed, &total);
    json_t *errors = u.errors ? json_loads(u.errors, 0, NULL) : NULL;
    *out = json_pack("{s:s, s:I, s:I, s:I}", "state", running ? "running" : u.state, "processed",
                     (json_int_t)(running ? processed : strcmp(u.state, "done") == 0 ? (size_t)u.rows : 0), "total",
                     (json_int_t)total, "created", (json_int_t)u.created);
    if (errors)
        json_object_set_new(*out, "errors", errors);
    upload_free(&u);
    return ST_OK;
}

const NameQuery registers_name_queries[] = {
    {"import", "SELECT filename, NULL, id FROM imports WHERE id = ?", NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};
