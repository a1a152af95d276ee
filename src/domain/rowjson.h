/* rowjson: turning the current row of a statement into a JSON object, column by column. */
#pragma once
#include <jansson.h>

#include "store/db.h"

/* cols: the JSON names in column order; types: one letter per column —
 * 's' text, 'S' text or null, 'i' integer, 'I' integer or null, 'b' boolean (0/1).
 * Returns a new reference. */
json_t *row_object(Stmt *st, const char *const *cols, const char *types);
