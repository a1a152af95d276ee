/* Importing a system's account list: the file is read by src/registers (CSV UTF-8/CP932, XLSX), the
 * header mapping is suggested from the pack's account format (or given by the user), every row is
 * planned against the ID declaration (entities/sysaccount_entity.c) so each bad cell is reported
 * with its row, column and the form's message, and the rows are written as one snapshot — all or
 * none — with one trail entry. A dry run writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/sysaccounts/sysacct_internal.h"
#include "entities/sysaccount_entity.h"
#include "policy/pack.h"
#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"
#include "registers/values.h"

#define SA_MAX_ERRORS 200
#define SA_PREVIEW 20

_Static_assert((int)ACCT_COL_COUNT == (int)SYSACCOUNT_F_COUNT, "the pack's account columns are the declared fields");

/* The import's field list for one format: the declared fields, with the format's headers as aliases. */
typedef struct FormatTarget {
    FieldDef defs[SYSACCOUNT_F_COUNT];
    const char **aliases[SYSACCOUNT_F_COUNT]; /* NULL-terminated copies of the format's headers */
    ImportTarget target;
} FormatTarget;

static void target_build(const PackAccountFormat *f, FormatTarget *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < SYSACCOUNT_F_COUNT; i++) {
        t->aliases[i] = xcalloc(f->n_columns[i] + 1, sizeof *t->aliases[i]);
        for (size_t k = 0; k < f->n_columns[i]; k++)
            t->aliases[i][k] = f->columns[i][k];
        t->defs[i].field = &sysaccount_fields[i];
        t->defs[i].aliases = t->aliases[i];
    }
    t->defs[SYSACCOUNT_F_LOGIN_ID].unique = true;
    t->target = (ImportTarget){"system_ids", "ID一覧", t->defs, SYSACCOUNT_F_COUNT, &sysaccount_entity};
}

static void target_free(FormatTarget *t)
{
    for (int i = 0; i < SYSACCOUNT_F_COUNT; i++)
        free(t->aliases[i]);
}

/* The cell (folded) contains one of words (folded). */
static bool has_word(const char *cell, char **words, size_t n)
{
    if (!cell || !*cell)
        return false;
    char *c = value_fold(cell);
    bool found = false;
    for (size_t i = 0; c && i < n && !found; i++) {
        char *w = value_fold(words[i]);
        found = w && *w && strstr(c, w);
        free(w);
    }
    free(c);
    return found;
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* The system exists and is in use. */
static Status system_active(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM systems_v WHERE id = ? AND active = 1", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "system_not_found", "system_id", "情報システムが見つかりません",
                    "information system not found");
    return s;
}

static Status write_snapshot(Ctx *ctx, int64_t system_id, const PackAccountFormat *fmt, const char *filename,
                             const ImportPlan *plan, const FieldMap *map, int64_t *snapshot_id, Err *e)
{
    json_t *columns = json_array();
    for (size_t c = 0; c < map->ncols; c++)
        if (map->field_of_col[c] >= 0)
            json_array_append_new(columns, json_string(sysaccount_fields[map->field_of_col[c]].name));
    char *columns_text = json_dumps(columns, JSON_COMPACT);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK) {
        free(columns_text);
        json_decref(columns);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO sysaccount_snapshots (system_id, format, filename, id_count, columns, imported_by,"
                          " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, system_id);
        stmt_bind_text(st, 2, fmt->id);
        stmt_bind_text(st, 3, filename ? filename : "");
        stmt_bind_int(st, 4, (int64_t)plan->nrows);
        stmt_bind_text(st, 5, columns_text);
        stmt_bind_int(st, 6, ctx->actor->account_id);
        stmt_bind_text(st, 7, now);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    free(columns_text);
    *snapshot_id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    size_t privileged = 0, disabled = 0;
    if (s == ST_OK && !(st = db_prepare(ctx->db,
                                        "INSERT INTO sysaccount_ids (snapshot_id, system_id, row_no, login_id, staff_no,"
                                        " holder_name, unit_name, privileges, last_login, state, enabled, privileged)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        e)))
        s = e->status;
    for (size_t i = 0; s == ST_OK && i < plan->nrows; i++) {
        json_t *row = import_plan_row(plan, i);
        bool priv = has_word(str(row, "privileges"), fmt->privileged_words, fmt->n_privileged_words);
        bool off = has_word(str(row, "state"), fmt->disabled_words, fmt->n_disabled_words);
        privileged += priv;
        disabled += off;
        stmt_reset(st);
        stmt_bind_int(st, 1, *snapshot_id);
        stmt_bind_int(st, 2, system_id);
        stmt_bind_int(st, 3, (int64_t)plan->source_rows[i]);
        stmt_bind_text(st, 4, str(row, "login_id"));
        stmt_bind_text(st, 5, str(row, "staff_no"));
        stmt_bind_text(st, 6, str(row, "holder_name"));
        stmt_bind_text(st, 7, str(row, "unit_name"));
        stmt_bind_text(st, 8, str(row, "privileges"));
        stmt_bind_text(st, 9, *str(row, "last_login") ? str(row, "last_login") : NULL);
        stmt_bind_text(st, 10, str(row, "state"));
        stmt_bind_int(st, 11, !off);
        stmt_bind_int(st, 12, priv);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        json_decref(row);
    }
    if (st)
        stmt_finalize(st);
    char ids_sha256[65] = "";
    if (s == ST_OK) /* the IDs themselves, compared by reconciliation (sysacct_state.c) */
        s = sa_rows_sha256(ctx, SA_IDS_SQL, SA_IDS_COLS, *snapshot_id, ids_sha256, e);
    if (s == ST_OK) {
        json_t *after = json_pack("{sI ss ss sI sI sI sO ss}", "system", (json_int_t)system_id, "format", fmt->id,
                                  "filename", filename ? filename : "", "id_count", (json_int_t)plan->nrows,
                                  "privileged", (json_int_t)privileged, "disabled", (json_int_t)disabled, "columns",
                                  columns, "ids_sha256", ids_sha256);
        s = record_change(ctx, "system_ids.import", "system_id_snapshot", *snapshot_id, NULL, after, e);
        json_decref(after);
    }
    json_decref(columns);
    return finish_tx(ctx, s, e);
}

Status sysaccounts_import(Ctx *ctx, int64_t system_id, const char *format, const char *filename,
                          const unsigned char *data, size_t len, const json_t *mapping, bool dry_run, json_t **out,
                          Err *e)
{
    *out = NULL;
    const PackSystems *sy = ctx->pack ? &ctx->pack->systems : NULL;
    const PackAccountFormat *fmt = NULL;
    if (sy && sy->n_account_formats)
        fmt = format && *format ? pack_account_format(ctx->pack, format) : &sy->account_formats[0];
    if (!fmt)
        return err_set(e, ST_INVALID, "unknown_account_format", "format", "ID一覧の形式がポリシーパックにありません",
                       "the pack has no such account list format");
    Status s = system_active(ctx, system_id, e);
    bool may = false;
    if (s == ST_OK)
        s = sa_system_visible(ctx, system_id, e);
    if (s == ST_OK)
        s = sa_may_import(ctx, system_id, &may, e);
    if (s == ST_OK && !may)
        s = err_set(e, ST_FORBIDDEN, "sysaccount_forbidden", "system_id",
                    "この情報システムのIDを扱えるのは情報システム管理者と統括情報セキュリティ責任者です (第83条)",
                    "only the system's manager and the chief security officer may handle its IDs");
    if (s != ST_OK)
        return s;
    Table *t = NULL;
    if ((s = table_read(data, len, filename, &t, e)) != ST_OK) {
        if (!*e->field)
            snprintf(e->field, sizeof e->field, "file");
        return s;
    }
    FormatTarget ft;
    target_build(fmt, &ft);
    FieldMap map = {0};
    if (mapping)
        s = mapping_from_json(mapping, t, &ft.target, &map, e);
    else {
        mapping_suggest(t, mapping_find_header_row(t, &ft.target), &ft.target, &map);
        json_t *missing = mapping_missing_required(&map, &ft.target);
        if (json_array_size(missing))
            s = err_set(e, ST_INVALID, "mapping_required_missing", "login_id",
                        "ID の列が見つかりません。列の対応を指定してください。",
                        "No column holds the ID. Say which column does.");
        json_decref(missing);
    }
    ImportPlan *plan = NULL;
    if (s == ST_OK)
        s = import_plan(t, &map, &ft.target, &plan, e);
    if (s == ST_OK) {
        *out = import_plan_summary(plan, SA_MAX_ERRORS, SA_PREVIEW);
        json_object_set_new(*out, "dry_run", json_boolean(dry_run));
        json_object_set_new(*out, "format", json_string(fmt->id));
        json_object_set_new(*out, "mapping", mapping_to_json(&map, t, &ft.target));
        json_object_set_new(*out, "id_count", json_integer((json_int_t)plan->nrows));
        if (plan->nerrors)
            s = dry_run ? ST_OK
                        : err_setf(e, ST_INVALID, "sysaccount_import_errors", "file",
                                   "%zu件の誤りがあるため取り込みませんでした。行と列を確かめて直してください。",
                                   "%zu problems: nothing was imported. Fix the rows and columns shown.",
                                   plan->nerrors);
        else if (plan->nrows == 0)
            s = err_set(e, ST_INVALID, "sysaccount_import_empty", "file", "ID が1件もありません",
                        "the file holds no IDs");
        else if (!dry_run) {
            int64_t snapshot = 0;
            s = write_snapshot(ctx, system_id, fmt, filename, plan, &map, &snapshot, e);
            if (s == ST_OK)
                json_object_set_new(*out, "snapshot_id", json_integer(snapshot));
        }
    } else if (map.field_of_col || t) {
        /* the mapping screen needs the columns even when the mapping is refused */
        *out = json_pack("{sb ss so}", "dry_run", dry_run, "format", fmt->id, "mapping",
                         mapping_to_json(&map, t, &ft.target));
    }
    import_plan_free(plan);
    mapping_free(&map);
    target_free(&ft);
    table_free(t);
    return s;
}
