/* rowjson: turning the current row of a statement into a JSON object, column by column. */
#pragma once
#include <jansson.h>

#include "core/jsonw.h"
#include "store/db.h"

/* cols: the JSON names in column order; types: one letter per column —
 * 's' text, 'S' text or null, 'i' integer, 'I' integer or null, 'b' boolean (0/1).
 * Returns a new reference. */
json_t *row_object(Stmt *st, const char *const *cols, const char *types);
/* The same columns written as key/value pairs into the object w is inside (the caller opens and
 * closes it, and may add keys of its own). */
void row_write(JsonWriter *w, Stmt *st, const char *const *cols, const char *types);
