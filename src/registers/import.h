/* Import planning: a Table, the confirmed FieldMap and the register's field list become one typed
 * JSON object per data row (what asset_create / the system domain take), plus the list of ALL
 * problems found — each refused by the entity declaration's own check (entities/entity.h), so a cell
 * gets the code, field and message the form gets for the same value — {row, column, field, code, ja, en} — so the dry run can show every bad cell at
 * once. Nothing is written anywhere: the caller applies the plan (all rows in one transaction, only
 * when it has no errors). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "registers/mapping.h"
#include "registers/table.h"

/* The most levels a scale may have for the import's reader. */
#define IMPORT_MAX_LEVELS 32

/* Called every 1,000 rows and once at the end; done ≤ total. */
typedef void (*ImportProgress)(size_t done, size_t total, void *arg);

typedef struct ImportPlan {
    size_t nrows;        /* data rows: the non-empty rows after the header */
    size_t *source_rows; /* Excel row number of each */
    bool *row_failed;    /* true when the row has at least one error */
    json_t *errors;      /* array of {"row":5,"column":"C","field":"confidentiality","label":"機密性",
                          * "value":"…","code":"value_classification","ja":"…","en":"…"}, in row then
                          * column order */
    size_t nerrors;
    /* private: what import_plan_row needs (the Table is borrowed, the map copied) */
    const Table *table;
    const ImportTarget *target;
    const EntityLists *lists; /* NULL or &lists_copy */
    EntityLists lists_copy;
    size_t *table_rows;
    int *field_of_col;
    size_t ncols;
} ImportPlan;

/* Plans the import of every row after map->header_row. Returns ST_OK with row problems in
 * (*out)->errors (the plan is only applicable when nerrors == 0); ST_INVALID only when the mapping
 * does not fit the table or the target (import_bad_mapping). *out is freed with import_plan_free;
 * it borrows t, which must outlive it. progress may be NULL.
 * Memory: the plan keeps no per-row objects (100,000 jansson objects cost ~350 MB); the caller
 * asks for them one at a time with import_plan_row while applying the plan. */
Status import_plan(const Table *t, const FieldMap *map, const ImportTarget *target, ImportPlan **out, Err *e);
Status import_plan_progress(const Table *t, const FieldMap *map, const ImportTarget *target, ImportProgress progress,
                            void *arg, ImportPlan **out, Err *e);
/* The same with the active pack's lists (policy/pack_lists.h): levels and other pack-driven values
 * are checked as the domain checks them; without lists (import_plan) they are read but not checked. */
Status import_plan_lists(const Table *t, const FieldMap *map, const ImportTarget *target, const EntityLists *lists,
                         ImportProgress progress, void *arg, ImportPlan **out, Err *e);
void import_plan_free(ImportPlan *p);
/* The typed object of data row i (< nrows), as asset_create / the system domain take it: keys are
 * the target's field names; empty optional cells, 不明 levels and unrecorded facts are left out; a
 * row with errors holds the fields that did parse. New reference (caller json_decref's). */
json_t *import_plan_row(const ImportPlan *p, size_t i);
/* For the dry run screen (new reference): {"rows":N,"valid_rows":N,"error_count":N,
 * "errors":[first max_errors errors],"truncated":bool,"preview":[first max_preview row objects with
 * "_row"]}. */
json_t *import_plan_summary(const ImportPlan *p, size_t max_errors, size_t max_preview);
