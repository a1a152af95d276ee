/* rowjson: turning the current row of a statement into a JSON object, column by column. */
#pragma once
#include <jansson.h>

#include "core/jsonw.h"
#include "store/db.h"

/* cols: the JSON names in column order, at least one per letter of types (a NULL ends it early);
 * types: one letter per column —
 * 's' text, 'S' text or null, 'i' integer, 'I' integer or null, 'b' boolean (0/1).
 * Returns a new reference. */
json_t *row_object(Stmt *st, const char *const *cols, const char *types);
/* The same columns written as key/value pairs into the object w is inside (the caller opens and
 * closes it, and may add keys of its own). */
void row_write(JsonWriter *w, Stmt *st, const char *const *cols, const char *types);
/* Steps st to the end, collecting each row as row_object into a new array (*out), then finalizes
 * st. On a step error returns it (st finalized, *out untouched). */
Status rows_array(Stmt *st, const char *const *cols, const char *types, json_t **out, Err *e);
/* Steps st to the end, collecting its first column as integers (ids) into a new array *out, then
 * finalizes st. *out is always set: empty when a step fails, and the step's error is returned. */
Status rows_ids(Stmt *st, json_t **out, Err *e);
/* Runs st (its single parameter already bound) and returns its first row as row_object in *out;
 * ST_NOTFOUND (e untouched) when there is none. Finalizes st. */
Status row_single(Stmt *st, const char *const *cols, const char *types, json_t **out, Err *e);
/* The row of sql (one parameter: id) as row_object in *out, for a StateKind's get: ST_NOTFOUND
 * not_found (field "id") when there is none. */
Status row_by_id(Db *db, const char *sql, const char *const *cols, const char *types, int64_t id, json_t **out,
                 Err *e);
