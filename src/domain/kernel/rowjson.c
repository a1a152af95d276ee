/* rowjson: current row → JSON object (see rowjson.h). */
#include "domain/kernel/rowjson.h"

json_t *row_object(Stmt *st, const char *const *cols, const char *types)
{
    json_t *o = json_object();
    for (int i = 0; types[i] && cols[i]; i++) {
        json_t *v;
        bool null = stmt_is_null(st, i);
        switch (types[i]) {
        case 'S': v = null ? json_null() : json_string(stmt_text(st, i)); break;
        case 'i': v = json_integer(stmt_int(st, i)); break;
        case 'I': v = null ? json_null() : json_integer(stmt_int(st, i)); break;
        case 'b': v = json_boolean(stmt_int(st, i) != 0); break;
        default: v = json_string(stmt_text(st, i)); break;
        }
        json_object_set_new(o, cols[i], v);
    }
    return o;
}

void row_write(JsonWriter *w, Stmt *st, const char *const *cols, const char *types)
{
    for (int i = 0; types[i] && cols[i]; i++) {
        jw_key(w, cols[i]);
        bool null = (types[i] == 'S' || types[i] == 'I') && stmt_is_null(st, i);
        switch (types[i]) {
        case 'S':
            if (null)
                jw_null(w);
            else
                jw_string(w, stmt_text(st, i));
            break;
        case 'I':
            if (null) {
                jw_null(w);
                break;
            }
            /* fall through */
        case 'i': jw_int(w, stmt_int(st, i)); break;
        case 'b': jw_bool(w, stmt_int(st, i) != 0); break;
        default: jw_string(w, stmt_text(st, i)); break;
        }
    }
}

Status rows_array(Stmt *st, const char *const *cols, const char *types, json_t **out, Err *e)
{
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(items, row_object(st, cols, types));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(items);
    else
        *out = items;
    return s;
}

Status rows_ids(Stmt *st, json_t **out, Err *e)
{
    json_t *ids = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(ids, json_integer((json_int_t)stmt_int(st, 0)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_array_clear(ids);
    *out = ids;
    return s;
}

Status row_single(Stmt *st, const char *const *cols, const char *types, json_t **out, Err *e)
{
    StepResult r = stmt_step(st);
    Status s = r == STEP_ROW ? ST_OK : r == STEP_DONE ? ST_NOTFOUND : stmt_error(st, e);
    if (s == ST_OK)
        *out = row_object(st, cols, types);
    stmt_finalize(st);
    return s;
}

Status row_by_id(Db *db, const char *sql, const char *const *cols, const char *types, int64_t id, json_t **out,
                 Err *e)
{
    Stmt *st = db_prepare(db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, cols, types, out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}
