/* Import planning: a Table, the confirmed FieldMap and the register's field list become one typed
 * JSON object per data row (what asset_create / the system domain take), plus the list of ALL
 * problems found — {row, column, field, code, ja, en} — so the dry run can show every bad cell at
 * once. Nothing is written anywhere: the caller applies the plan (all rows in one transaction, only
 * when it has no errors). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "registers/mapping.h"
#include "registers/table.h"

/* Called every 1,000 rows and once at the end; done ≤ total. */
typedef void (*ImportProgress)(size_t done, size_t total, void *arg);

typedef struct ImportPlan {
    size_t nrows;        /* data rows: the non-empty rows after the header */
    json_t **rows;       /* nrows objects (owned by the plan; json_incref to keep one). Keys are the
                          * target's field names; empty optional cells, 不明 levels and unrecorded
                          * facts are left out. Rows with errors hold the fields that did parse. */
    size_t *source_rows; /* Excel row number of each */
    bool *row_failed;    /* true when the row has at least one error */
    json_t *errors;      /* array of {"row":5,"column":"C","field":"confidentiality","label":"機密性",
                          * "value":"…","code":"value_classification","ja":"…","en":"…"} in row order */
    size_t nerrors;
} ImportPlan;

/* Plans the import of every row after map->header_row. Returns ST_OK with row problems in
 * (*out)->errors (the plan is only applicable when nerrors == 0); ST_INVALID only when the mapping
 * does not fit the table or the target (import_bad_mapping). *out is freed with import_plan_free.
 * progress may be NULL. */
Status import_plan(const Table *t, const FieldMap *map, const ImportTarget *target, ImportPlan **out, Err *e);
Status import_plan_progress(const Table *t, const FieldMap *map, const ImportTarget *target, ImportProgress progress,
                            void *arg, ImportPlan **out, Err *e);
void import_plan_free(ImportPlan *p);
/* For the dry run screen (new reference): {"rows":N,"valid_rows":N,"error_count":N,
 * "errors":[first max_errors errors],"truncated":bool,"preview":[first max_preview row objects with
 * "_row"]}. */
json_t *import_plan_summary(const ImportPlan *p, size_t max_errors, size_t max_preview);
