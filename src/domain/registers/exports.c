/* exports: filling the export engine (registers/export.h) from the registers (see exports.h).
 * Values are written the way the import reads them: choices by their Japanese label, 有無 as ○ or
 * empty, referenced records by name. */
#include "domain/registers/exports.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "domain/systems/systems.h"
#include "registers/export.h"
#include "registers/mapping.h"

/* A growing row-major table of owned strings for one sheet. */
typedef struct Grid {
    const ImportTarget *target;
    char **cells;
    size_t nrows, cap;
} Grid;

static void grid_free(Grid *g)
{
    for (size_t i = 0; i < g->nrows * g->target->nfields; i++)
        free(g->cells[i]);
    free(g->cells);
}

static char **grid_row(Grid *g)
{
    size_t n = g->target->nfields;
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->cells = xrealloc(g->cells, sizeof *g->cells * g->cap * n);
    }
    char **row = g->cells + g->nrows++ * n;
    memset(row, 0, sizeof *row * n);
    return row;
}

/* The text of one field of a stored record, as the import reads it. */
static char *cell(const FieldDef *f, json_t *v)
{
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_boolean(v))
        return xstrdup(json_is_true(v) ? "○" : "×");
    if (json_is_integer(v))
        return xasprintf("%lld", (long long)json_integer_value(v));
    const char *s = json_string_value(v);
    if (!s)
        return NULL;
    for (size_t c = 0; field_type(f) == FT_CHOICE && c < f->nchoices; c++)
        if (strcmp(f->choices[c].value, s) == 0)
            return xstrdup(f->choices[c].label_ja);
    return xstrdup(s);
}

/* A record's row: the field named "unit"/"system" takes the *_name the domain provides. */
static void fill_row(Grid *g, json_t *record)
{
    char **row = grid_row(g);
    for (size_t i = 0; i < g->target->nfields; i++) {
        const FieldDef *f = &g->target->fields[i];
        json_t *v = json_object_get(record, field_name(f));
        if (strcmp(field_name(f), "unit") == 0)
            v = json_object_get(record, json_object_get(record, "unit_name") ? "unit_name" : "owner_unit_name");
        else if (strcmp(field_name(f), "system") == 0)
            v = json_object_get(record, "system_name");
        row[i] = cell(f, v);
    }
}

static Status write_sheets(const Grid *grids, size_t n, ExportFormat format, unsigned char **data, size_t *len,
                           Err *e)
{
    ExportSheet sheets[2];
    const char **headers[2] = {NULL, NULL};
    for (size_t s = 0; s < n; s++) {
        const ImportTarget *t = grids[s].target;
        headers[s] = xmalloc(sizeof(char *) * t->nfields);
        for (size_t i = 0; i < t->nfields; i++)
            headers[s][i] = field_label_ja(&t->fields[i]);
        sheets[s] = (ExportSheet){.name = t->label_ja, .ncols = t->nfields, .headers = headers[s],
                                  .nrows = grids[s].nrows, .cells = (const char *const *)grids[s].cells};
    }
    Status st = format == EXPORT_XLSX ? export_xlsx(sheets, n, data, len, e)
                                      : export_csv(&sheets[0], EXPORT_CSV_NEUTRALIZE_FORMULAS, data, len, e);
    for (size_t s = 0; s < n; s++)
        free(headers[s]);
    return st;
}

static Status collect_assets(Ctx *ctx, const AssetQuery *q, Grid *g, Err *e)
{
    AssetQuery page = *q;
    page.limit = ASSET_PAGE_MAX;
    page.cursor = NULL;
    char *cursor = NULL;
    Status s = ST_OK;
    do {
        char *text = NULL;
        if ((s = asset_list(ctx, &page, &text, e)) != ST_OK)
            break;
        json_t *list = json_loads(text, 0, NULL);
        free(text);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(list, "items"), i, item) {
            json_t *full = NULL;
            if ((s = asset_get_plain(ctx, json_integer_value(json_object_get(item, "id")), &full, e)) != ST_OK)
                break;
            json_object_set(full, "unit_name", json_object_get(item, "unit_name"));
            json_object_set(full, "system_name", json_object_get(item, "system_name"));
            fill_row(g, full);
            json_decref(full);
        }
        free(cursor);
        const char *next = json_string_value(json_object_get(list, "next_cursor"));
        cursor = next ? xstrdup(next) : NULL;
        page.cursor = cursor;
        json_decref(list);
    } while (s == ST_OK && cursor);
    free(cursor);
    return s;
}

static Status collect_systems(Ctx *ctx, Grid *g, Err *e)
{
    SystemQuery q = {.limit = 200};
    char *cursor = NULL;
    Status s = ST_OK;
    do {
        json_t *list = NULL;
        if ((s = system_list(ctx, &q, &list, e)) != ST_OK)
            break;
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(list, "items"), i, item) {
            json_t *full = NULL;
            if ((s = system_get(ctx, json_integer_value(json_object_get(item, "id")), &full, e)) != ST_OK)
                break;
            fill_row(g, full);
            json_decref(full);
        }
        free(cursor);
        const char *next = json_string_value(json_object_get(list, "next_cursor"));
        cursor = next ? xstrdup(next) : NULL;
        q.cursor = cursor;
        json_decref(list);
    } while (s == ST_OK && cursor);
    free(cursor);
    return s;
}

Status exports_assets(Ctx *ctx, const AssetQuery *q, ExportFormat format, unsigned char **data, size_t *len, Err *e)
{
    Grid g = {.target = &asset_import_target};
    Status s = collect_assets(ctx, q, &g, e);
    if (s == ST_OK)
        s = write_sheets(&g, 1, format, data, len, e);
    grid_free(&g);
    return s;
}

Status exports_systems(Ctx *ctx, ExportFormat format, unsigned char **data, size_t *len, Err *e)
{
    Grid g = {.target = &system_import_target};
    Status s = collect_systems(ctx, &g, e);
    if (s == ST_OK)
        s = write_sheets(&g, 1, format, data, len, e);
    grid_free(&g);
    return s;
}

Status exports_registers_xlsx(Ctx *ctx, unsigned char **data, size_t *len, Err *e)
{
    Grid grids[2] = {{.target = &asset_import_target}, {.target = &system_import_target}};
    AssetQuery all = {.personal = -1};
    Status s = collect_assets(ctx, &all, &grids[0], e);
    if (s == ST_OK)
        s = collect_systems(ctx, &grids[1], e);
    if (s == ST_OK)
        s = write_sheets(grids, 2, EXPORT_XLSX, data, len, e);
    grid_free(&grids[0]);
    grid_free(&grids[1]);
    return s;
}
