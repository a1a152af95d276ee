/* Import planning: cell text → typed field values per row through the value parsers, with every
 * problem collected as {row, column, field, code, ja, en} instead of stopping at the first. */
#include "registers/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "registers/values.h"

/* Trims ASCII whitespace, U+3000 (全角スペース) and U+00A0 at both ends; returns a malloc'd copy. */
static char *trimmed(const char *s)
{
    const char *b = s, *end = s + strlen(s);
    for (;;) {
        if (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')
            b++;
        else if (strncmp(b, "\u3000", 3) == 0)
            b += 3;
        else if (strncmp(b, "\u00a0", 2) == 0)
            b += 2;
        else
            break;
    }
    for (;;) {
        if (end > b && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
            end--;
        else if (end - b >= 3 && memcmp(end - 3, "\u3000", 3) == 0)
            end -= 3;
        else if (end - b >= 2 && memcmp(end - 2, "\u00a0", 2) == 0)
            end -= 2;
        else
            break;
    }
    return xstrndup(b, (size_t)(end - b));
}

static void shorten(const char *s, char out[120])
{
    size_t n = strlen(s), cut = n < 100 ? n : 100;
    while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(out, s, cut);
    out[cut] = '\0';
}

static void add_error(ImportPlan *p, size_t row, size_t col, const FieldDef *f, const char *value, const Err *err)
{
    char letters[4], v[120];
    table_col_name(col, letters);
    shorten(value, v);
    json_t *o = json_object();
    json_object_set_new(o, "row", json_integer((json_int_t)row));
    json_object_set_new(o, "column", json_string(letters));
    json_object_set_new(o, "field", json_string(err->field[0] ? err->field : field_name(f)));
    json_object_set_new(o, "label", json_string(field_label_ja(f)));
    json_t *jv = json_string(v);
    json_object_set_new(o, "value", jv ? jv : json_string(""));
    json_object_set_new(o, "code", json_string(err->code));
    json_object_set_new(o, "ja", json_string(err->ja));
    json_object_set_new(o, "en", json_string(err->en));
    json_array_append_new(p->errors, o);
    p->nerrors++;
}

/* The declaration's refusal of value (a JSON rendering of the cell) for d: the very message the
 * domain gives for the same value through the form. */
static bool declared_ok(const FieldDef *d, json_t *value, const EntityLists *lists, Err *err)
{
    bool ok = entity_check_value(d->field, value, lists, err) == ST_OK;
    json_decref(value);
    return ok;
}

/* Parses one cell for column d into obj. Returns false (with *err filled) when it cannot. Words are
 * read here (○, 機密性3B, 紙・電子 …); limits, choices and the pack's levels are the declaration's. */
static bool parse_cell(const FieldDef *d, const char *raw, json_t *obj, const EntityLists *lists, Err *err)
{
    char *v = trimmed(raw);
    bool ok = true;
    FieldType type = field_type(d);
    const char *key = field_name(d);
    if (v[0] == '\0' && type != FT_BOOL) {
        if (field_required(d)) {
            entity_required(d->field, err);
            ok = false;
        }
        free(v);
        return ok;
    }
    switch (type) {
    case FT_TEXT: {
        bool multiline = d->field->type == ET_TEXT && (d->field->flags & EF_MULTILINE);
        if (!multiline) /* Alt+Enter line breaks in a short field become spaces */
            for (char *c = v; *c; c++)
                if (*c == '\n' || *c == '\r' || *c == '\t')
                    *c = ' ';
        if (d->by_name) { /* a record named in the file: its name's limit, the caller resolves it */
            size_t max = d->max_len ? d->max_len : 200;
            if (!text_valid_chars(v, max, false)) {
                err_setf(err, ST_INVALID, "reference_invalid", d->field->name, "「%s」の名前として読めません。",
                         "Cannot read this as a name of %s.", field_label_ja(d));
                ok = false;
            }
        } else {
            ok = declared_ok(d, json_string(v), lists, err);
        }
        if (ok)
            json_object_set_new(obj, key, json_string(v));
        break;
    }
    case FT_BOOL:
    case FT_BOOL_OR_UNKNOWN: {
        bool b;
        if ((ok = value_bool(v, &b, err) == ST_OK))
            json_object_set_new(obj, key, json_boolean(b));
        break;
    }
    case FT_LEVEL: {
        const char *allowed[IMPORT_MAX_LEVELS + 1];
        size_t n = 0;
        const char *id;
        while (lists && n < IMPORT_MAX_LEVELS && (id = lists->value_at(lists->arg, d->field->list, n)))
            allowed[n++] = id;
        allowed[n] = NULL;
        char level[16];
        bool unknown;
        if (value_classification(v, d->field->label_ja, lists ? allowed : NULL, level, &unknown, err) == ST_OK) {
            if (!unknown)
                json_object_set_new(obj, key, json_string(level));
        } else { /* not a level of the pack: the declaration says so, about what the cell names */
            declared_ok(d, json_string(level[0] ? level : v), lists, err);
            ok = false;
        }
        break;
    }
    case FT_CHOICE: {
        const char *c;
        if (value_choice(v, d->choices, d->nchoices, &c, err) == ST_OK) {
            json_object_set_new(obj, key, json_string(c));
        } else {
            declared_ok(d, json_string(v), lists, err); /* the domain's refusal of that value, if it has one */
            ok = false;
        }
        break;
    }
    case FT_DATE: {
        char day[11];
        if ((ok = value_date(v, day, err) == ST_OK))
            json_object_set_new(obj, key, json_string(day));
        break;
    }
    case FT_INT: {
        long long n;
        if ((ok = value_integer(v, &n, err) == ST_OK) && (ok = declared_ok(d, json_integer(n), lists, err)))
            json_object_set_new(obj, key, json_integer(n));
        break;
    }
    }
    free(v);
    return ok;
}

static bool row_empty(const TableRow *r)
{
    for (size_t c = 0; c < r->ncells; c++) {
        if (r->cells[c][0] == '\0')
            continue;
        char *t = trimmed(r->cells[c]);
        bool blank = t[0] == '\0';
        free(t);
        if (!blank)
            return false;
    }
    return true;
}

/* Parses the mapped cells of table row r into obj; reports problems into p when record is true. */
static void parse_row(ImportPlan *p, size_t r, json_t *obj, json_t **seen, bool record)
{
    const TableRow *row = &p->table->rows[r];
    for (size_t c = 0; c < p->ncols; c++) { /* in column order, as the user reads the row */
        if (p->field_of_col[c] < 0)
            continue;
        size_t f = (size_t)p->field_of_col[c];
        const FieldDef *fd = &p->target->fields[f];
        const char *raw = table_cell(p->table, r, c);
        Err err = {0};
        if (!parse_cell(fd, raw, obj, p->lists, &err)) {
            if (record)
                add_error(p, row->source_row, c, fd, raw, &err);
            continue;
        }
        json_t *v = json_object_get(obj, field_name(fd));
        if (record && seen[f] && json_is_string(v)) {
            json_t *prev = json_object_get(seen[f], json_string_value(v));
            if (prev) {
                err_setf(&err, ST_INVALID, "import_duplicate", field_name(fd), "「%s」が %lld 行目と重複しています。",
                         "%s duplicates row %lld.", field_label_ja(fd), (long long)json_integer_value(prev));
                add_error(p, row->source_row, c, fd, raw, &err);
            } else {
                json_object_set_new(seen[f], json_string_value(v), json_integer((json_int_t)row->source_row));
            }
        }
    }
}

Status import_plan_progress(const Table *t, const FieldMap *map, const ImportTarget *target, ImportProgress progress,
                            void *arg, ImportPlan **out, Err *e)
{
    return import_plan_lists(t, map, target, NULL, progress, arg, out, e);
}

Status import_plan_lists(const Table *t, const FieldMap *map, const ImportTarget *target, const EntityLists *lists,
                         ImportProgress progress, void *arg, ImportPlan **out, Err *e)
{
    *out = NULL;
    if (map->ncols > t->max_cols || (t->nrows > 0 && map->header_row >= t->nrows))
        return err_set(e, ST_INVALID, "import_bad_mapping", "mapping", "列の対応付けがファイルと合いません。",
                       "The mapping does not fit the file.");
    for (size_t c = 0; c < map->ncols; c++)
        if (map->field_of_col[c] >= (int)target->nfields)
            return err_set(e, ST_INVALID, "import_bad_mapping", "mapping", "列の対応付けが正しくありません。",
                           "The mapping names a field the register does not have.");
    ImportPlan *p = xcalloc(1, sizeof *p);
    p->errors = json_array();
    p->table = t;
    p->target = target;
    if (lists) {
        p->lists_copy = *lists;
        p->lists = &p->lists_copy;
    }
    p->ncols = map->ncols;
    p->field_of_col = xmalloc((map->ncols ? map->ncols : 1) * sizeof *p->field_of_col);
    if (map->ncols)
        memcpy(p->field_of_col, map->field_of_col, map->ncols * sizeof *p->field_of_col);
    size_t first = t->nrows ? map->header_row + 1 : 0;
    size_t total = t->nrows > first ? t->nrows - first : 0;
    p->table_rows = xmalloc((total ? total : 1) * sizeof *p->table_rows);
    p->source_rows = xmalloc((total ? total : 1) * sizeof *p->source_rows);
    p->row_failed = xmalloc((total ? total : 1) * sizeof *p->row_failed);
    json_t **seen = xcalloc(target->nfields ? target->nfields : 1, sizeof *seen); /* unique: value → row */
    for (size_t c = 0; c < map->ncols; c++)
        if (map->field_of_col[c] >= 0 && target->fields[map->field_of_col[c]].unique)
            seen[map->field_of_col[c]] = json_object();
    for (size_t i = 0; i < total; i++) {
        const TableRow *r = &t->rows[first + i];
        if (progress && i % 1000 == 0 && i > 0)
            progress(i, total, arg);
        if (row_empty(r))
            continue;
        json_t *obj = json_object();
        size_t errors_before = p->nerrors;
        parse_row(p, first + i, obj, seen, true);
        json_decref(obj);
        p->table_rows[p->nrows] = first + i;
        p->source_rows[p->nrows] = r->source_row;
        p->row_failed[p->nrows] = p->nerrors > errors_before;
        p->nrows++;
    }
    if (progress)
        progress(total, total, arg);
    for (size_t f = 0; f < target->nfields; f++)
        json_decref(seen[f]);
    free(seen);
    *out = p;
    return ST_OK;
}

json_t *import_plan_row(const ImportPlan *p, size_t i)
{
    json_t *obj = json_object();
    if (i < p->nrows)
        parse_row((ImportPlan *)p, p->table_rows[i], obj, NULL, false);
    return obj;
}

Status import_plan(const Table *t, const FieldMap *map, const ImportTarget *target, ImportPlan **out, Err *e)
{
    return import_plan_progress(t, map, target, NULL, NULL, out, e);
}

void import_plan_free(ImportPlan *p)
{
    if (!p)
        return;
    free(p->table_rows);
    free(p->field_of_col);
    free(p->source_rows);
    free(p->row_failed);
    json_decref(p->errors);
    free(p);
}

json_t *import_plan_summary(const ImportPlan *p, size_t max_errors, size_t max_preview)
{
    size_t valid = 0;
    for (size_t i = 0; i < p->nrows; i++)
        valid += !p->row_failed[i];
    json_t *errors = json_array();
    for (size_t i = 0; i < p->nerrors && i < max_errors; i++)
        json_array_append(errors, json_array_get(p->errors, i));
    json_t *preview = json_array();
    for (size_t i = 0; i < p->nrows && i < max_preview; i++) {
        json_t *o = import_plan_row(p, i);
        json_object_set_new(o, "_row", json_integer((json_int_t)p->source_rows[i]));
        json_array_append_new(preview, o);
    }
    return json_pack("{s:I,s:I,s:I,s:o,s:b,s:o}", "rows", (json_int_t)p->nrows, "valid_rows", (json_int_t)valid,
                     "error_count", (json_int_t)p->nerrors, "errors", errors, "truncated", p->nerrors > max_errors,
                     "preview", preview);
}
