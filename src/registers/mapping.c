/* Header mapping: suggesting which column feeds which field from Japanese header text, finding the
 * header row under title rows, and the JSON form of a mapping the user confirms in the import wizard. */
#include "registers/mapping.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

char *mapping_fold_header(const char *s)
{
    char *f = value_fold(s);
    if (!f)
        return xstrdup("");
    static const char ascii_noise[] = "()[]{}<>:/*._-\"'";
    static const char *const wide_noise[] = {"「", "」", "【", "】", "『", "』", "〔", "〕", "・", "※", "〈", "〉", "《", "》", NULL};
    value_strip(f, ascii_noise, wide_noise);
    return f;
}

const char *field_name(const FieldDef *d)
{
    return d->by_name ? d->by_name : d->field->name;
}

const char *field_label_ja(const FieldDef *d)
{
    return d->label_ja ? d->label_ja : d->field->label_ja;
}

const char *field_label_en(const FieldDef *d)
{
    return d->label_en ? d->label_en : d->field->label_en;
}

bool field_required(const FieldDef *d)
{
    return d->field->flags & EF_REQUIRED;
}

FieldType field_type(const FieldDef *d)
{
    if (d->by_name)
        return FT_TEXT; /* a record named in the file */
    switch (d->field->type) {
    case ET_ENUM: return FT_CHOICE;
    case ET_LEVEL: return FT_LEVEL;
    case ET_BOOL: return FT_BOOL;
    case ET_FACT: return FT_BOOL_OR_UNKNOWN;
    case ET_DATE: return FT_DATE;
    case ET_INT: return FT_INT;
    case ET_TEXT:
    case ET_LIST:
    case ET_REF:
    case ET_DATETIME:
    case ET_TIME: return FT_TEXT;
    }
    return FT_TEXT;
}

/* The folded label, name and aliases of every field of a target, computed once per call. */
typedef struct Candidates {
    char **text; /* per field: label, name, aliases… */
    size_t *count;
    size_t *start; /* index of each field's first candidate in text */
    size_t nfields;
} Candidates;

static void candidates_init(Candidates *c, const ImportTarget *target)
{
    size_t total = 0;
    c->nfields = target->nfields;
    c->count = xcalloc(target->nfields ? target->nfields : 1, sizeof *c->count);
    c->start = xcalloc(target->nfields ? target->nfields : 1, sizeof *c->start);
    for (size_t f = 0; f < target->nfields; f++) {
        size_t n = 2;
        while (target->fields[f].aliases && target->fields[f].aliases[n - 2])
            n++;
        c->start[f] = total;
        c->count[f] = n;
        total += n;
    }
    c->text = xmalloc((total ? total : 1) * sizeof *c->text);
    for (size_t f = 0; f < target->nfields; f++)
        for (size_t i = 0; i < c->count[f]; i++) {
            const FieldDef *d = &target->fields[f];
            c->text[c->start[f] + i] = mapping_fold_header(i == 0 ? field_label_ja(d) : i == 1 ? field_name(d) : d->aliases[i - 2]);
        }
}

static void candidates_free(Candidates *c)
{
    for (size_t f = 0; f < c->nfields; f++)
        for (size_t i = 0; i < c->count[f]; i++)
            free(c->text[c->start[f] + i]);
    free(c->text);
    free(c->count);
    free(c->start);
}

/* How well a folded header names field f: 3 exact label, 2 exact name or alias, 1 contains one
 * (≥ 4 bytes: two kanji, or four letters), 0 not at all. *len is the length of what matched. */
static int score(const char *header, const Candidates *cands, size_t f, size_t *len)
{
    int best = 0;
    *len = 0;
    for (size_t i = 0; i < cands->count[f]; i++) {
        const char *c = cands->text[cands->start[f] + i];
        size_t cl = strlen(c);
        int s = 0;
        if (cl > 0 && strcmp(header, c) == 0)
            s = i == 0 ? 3 : 2;
        else if (cl >= 4 && strstr(header, c))
            s = 1;
        if (s > best || (s == best && s > 0 && cl > *len)) {
            best = s;
            *len = cl;
        }
    }
    return best;
}

void mapping_free(FieldMap *map)
{
    free(map->field_of_col);
    map->field_of_col = NULL;
    map->ncols = 0;
}

int mapping_field_index(const ImportTarget *target, const char *name)
{
    for (size_t i = 0; i < target->nfields; i++)
        if (strcmp(field_name(&target->fields[i]), name) == 0)
            return (int)i;
    return -1;
}

static size_t max_header_cols(const Table *t, size_t header_row)
{
    return header_row < t->nrows ? t->rows[header_row].ncells : 0;
}

void mapping_suggest(const Table *t, size_t header_row, const ImportTarget *target, FieldMap *map)
{
    size_t ncols = t->max_cols;
    map->header_row = header_row;
    map->ncols = ncols;
    map->field_of_col = xmalloc((ncols ? ncols : 1) * sizeof *map->field_of_col);
    size_t nh = max_header_cols(t, header_row);
    if (nh > MAPPING_MAX_SUGGEST_COLS)
        nh = MAPPING_MAX_SUGGEST_COLS;
    Candidates cands;
    candidates_init(&cands, target);
    int *sc = xcalloc((nh ? nh : 1) * target->nfields, sizeof *sc);
    size_t *ln = xcalloc((nh ? nh : 1) * target->nfields, sizeof *ln);
    for (size_t c = 0; c < ncols; c++)
        map->field_of_col[c] = -1;
    for (size_t c = 0; c < nh; c++) {
        char *h = mapping_fold_header(table_cell(t, header_row, c));
        for (size_t f = 0; h[0] && f < target->nfields; f++)
            sc[c * target->nfields + f] = score(h, &cands, f, &ln[c * target->nfields + f]);
        free(h);
    }
    bool *used = xcalloc(target->nfields ? target->nfields : 1, sizeof *used);
    /* Strongest evidence first: exact labels, exact aliases, then containment (longest match per
     * column); within a level the first column wins a field. */
    for (int level = 3; level >= 1; level--) {
        for (size_t c = 0; c < nh; c++) {
            if (map->field_of_col[c] >= 0)
                continue;
            int best = -1;
            size_t best_len = 0;
            for (size_t f = 0; f < target->nfields; f++) {
                size_t k = c * target->nfields + f;
                if (!used[f] && sc[k] == level && (best < 0 || ln[k] > best_len)) {
                    best = (int)f;
                    best_len = ln[k];
                }
            }
            if (best >= 0) {
                map->field_of_col[c] = best;
                used[best] = true;
            }
        }
    }
    free(used);
    free(sc);
    free(ln);
    candidates_free(&cands);
}

size_t mapping_find_header_row(const Table *t, const ImportTarget *target)
{
    size_t best_row = 0, best = 0;
    Candidates cands;
    candidates_init(&cands, target);
    for (size_t r = 0; r < t->nrows && r < 30; r++) {
        size_t hits = 0;
        for (size_t c = 0; c < t->rows[r].ncells && c < MAPPING_MAX_SUGGEST_COLS; c++) {
            char *h = mapping_fold_header(t->rows[r].cells[c]);
            for (size_t f = 0; h[0] && f < target->nfields; f++) {
                size_t len;
                if (score(h, &cands, f, &len) > 0) {
                    hits++;
                    break;
                }
            }
            free(h);
        }
        if (hits > best) {
            best = hits;
            best_row = r;
        }
    }
    candidates_free(&cands);
    return best_row;
}

json_t *mapping_missing_required(const FieldMap *map, const ImportTarget *target)
{
    json_t *a = json_array();
    for (size_t f = 0; f < target->nfields; f++) {
        if (!field_required(&target->fields[f]))
            continue;
        bool mapped = false;
        for (size_t c = 0; c < map->ncols && !mapped; c++)
            mapped = map->field_of_col[c] == (int)f;
        if (!mapped)
            json_array_append_new(a, json_string(field_name(&target->fields[f])));
    }
    return a;
}

static const char *type_name(FieldType t)
{
    switch (t) {
    case FT_TEXT: return "text";
    case FT_BOOL: return "bool";
    case FT_BOOL_OR_UNKNOWN: return "bool_or_unknown";
    case FT_LEVEL: return "level";
    case FT_CHOICE: return "choice";
    case FT_DATE: return "date";
    case FT_INT: return "integer";
    }
    return "text";
}

json_t *mapping_to_json(const FieldMap *map, const Table *t, const ImportTarget *target)
{
    json_t *o = json_object();
    size_t header_source = map->header_row < t->nrows ? t->rows[map->header_row].source_row : 0;
    json_object_set_new(o, "header_row", json_integer((json_int_t)header_source));
    json_t *cols = json_array();
    for (size_t c = 0; c < map->ncols; c++) {
        char letters[4];
        table_col_name(c, letters);
        int f = map->field_of_col[c];
        json_t *cj = json_object();
        json_object_set_new(cj, "column", json_string(letters));
        const char *h = table_cell(t, map->header_row, c);
        json_object_set_new(cj, "header", json_stringn_nocheck(h, strlen(h)));
        json_object_set_new(cj, "field", f >= 0 ? json_string(field_name(&target->fields[f])) : json_null());
        json_array_append_new(cols, cj);
    }
    json_object_set_new(o, "columns", cols);
    json_t *fields = json_array();
    for (size_t f = 0; f < target->nfields; f++) {
        const FieldDef *d = &target->fields[f];
        json_t *fj = json_object();
        json_object_set_new(fj, "name", json_string(field_name(d)));
        json_object_set_new(fj, "label_ja", json_string(field_label_ja(d)));
        json_object_set_new(fj, "label_en", json_string(field_label_en(d)));
        json_object_set_new(fj, "required", json_boolean(field_required(d)));
        json_object_set_new(fj, "type", json_string(type_name(field_type(d))));
        json_t *mapped = json_null();
        for (size_t c = 0; c < map->ncols; c++)
            if (map->field_of_col[c] == (int)f) {
                char letters[4];
                table_col_name(c, letters);
                json_decref(mapped);
                mapped = json_string(letters);
                break;
            }
        json_object_set_new(fj, "mapped_column", mapped);
        if (field_type(d) == FT_CHOICE) {
            json_t *ch = json_array();
            for (size_t i = 0; i < d->nchoices; i++)
                json_array_append_new(ch, json_pack("{s:s,s:s}", "value", d->choices[i].value, "label_ja",
                                                    d->choices[i].label_ja));
            json_object_set_new(fj, "choices", ch);
        }
        json_array_append_new(fields, fj);
    }
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "missing_required", mapping_missing_required(map, target));
    return o;
}

Status mapping_from_json(const json_t *in, const Table *t, const ImportTarget *target, FieldMap *map, Err *e)
{
    if (!json_is_object(in) || !json_is_object(json_object_get(in, "columns")))
        return err_set(e, ST_INVALID, "mapping_invalid", "mapping", "対応付けの形式が正しくありません。",
                       "The mapping is malformed: expected {\"columns\": {\"A\": \"field\", …}}.");
    size_t header_row = mapping_find_header_row(t, target);
    json_t *hr = json_object_get(in, "header_row");
    if (hr) {
        json_int_t want = json_is_integer(hr) ? json_integer_value(hr) : -1;
        size_t i = 0;
        while (i < t->nrows && (json_int_t)t->rows[i].source_row != want)
            i++;
        if (i == t->nrows)
            return err_set(e, ST_INVALID, "mapping_header_row", "header_row",
                           "見出し行の行番号がファイルの中にありません。", "The header row is not in the file.");
        header_row = i;
    }
    FieldMap m = {.header_row = header_row, .ncols = t->max_cols};
    m.field_of_col = xmalloc((m.ncols ? m.ncols : 1) * sizeof *m.field_of_col);
    for (size_t c = 0; c < m.ncols; c++)
        m.field_of_col[c] = -1;
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(in, "columns"), key, v) {
        long c = table_col_index(key);
        if (c < 0 || (size_t)c >= m.ncols) {
            mapping_free(&m);
            return err_setf(e, ST_INVALID, "mapping_bad_column", "mapping",
                            "列「%.8s」はファイルにありません。", "Column \"%.8s\" is not in the file.", key);
        }
        if (json_is_null(v))
            continue;
        int f = json_is_string(v) ? mapping_field_index(target, json_string_value(v)) : -1;
        if (f < 0) {
            mapping_free(&m);
            return err_setf(e, ST_INVALID, "mapping_unknown_field", "mapping",
                            "列 %.8s の項目名が正しくありません。", "Column %.8s names an unknown field.", key);
        }
        for (size_t k = 0; k < m.ncols; k++)
            if (m.field_of_col[k] == f) {
                mapping_free(&m);
                return err_setf(e, ST_INVALID, "mapping_duplicate_field", "mapping",
                                "項目「%s」に複数の列が対応付けられています。",
                                "More than one column is mapped to the field %s.", field_label_ja(&target->fields[f]));
            }
        m.field_of_col[c] = f;
    }
    json_t *missing = mapping_missing_required(&m, target);
    if (json_array_size(missing) > 0) {
        int f = mapping_field_index(target, json_string_value(json_array_get(missing, 0)));
        json_decref(missing);
        Status st = err_setf(e, ST_INVALID, "mapping_required_missing", "mapping",
                             "必須項目「%s」に対応する列がありません。", "The required field %s has no column.",
                             field_label_ja(&target->fields[f]));
        mapping_free(&m);
        return st;
    }
    json_decref(missing);
    *map = m;
    return ST_OK;
}
