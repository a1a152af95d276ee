/* jsonw: a streaming JSON writer into a Buf, for responses on hot paths where building a jansson
 * tree (a hash table per object, a malloc per key) costs more than the query behind it. Commas and
 * nesting are tracked by the writer (at depth 0 it writes a comma-separated fragment, e.g. the
 * key/value pairs of an object another writer opens); strings are escaped per RFC 8259 and must be valid UTF-8
 * (lgsec validates text on input). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

#define JSONW_MAX_DEPTH 32

typedef struct JsonWriter {
    Buf out;
    int depth;
    bool any[JSONW_MAX_DEPTH]; /* a value was written at this level (depth 0: a fragment's top) */
    bool after_key;
} JsonWriter;

void jw_object_begin(JsonWriter *w);
void jw_object_end(JsonWriter *w);
void jw_array_begin(JsonWriter *w);
void jw_array_end(JsonWriter *w);
void jw_key(JsonWriter *w, const char *key);
void jw_string(JsonWriter *w, const char *s);
void jw_int(JsonWriter *w, int64_t v);
void jw_bool(JsonWriter *w, bool v);
void jw_null(JsonWriter *w);
/* A value that is already JSON text (e.g. a fragment written by another JsonWriter). */
void jw_raw(JsonWriter *w, const char *json, size_t len);
/* Hands the text to the caller (free()) and resets the writer. */
char *jw_take(JsonWriter *w);
void jw_free(JsonWriter *w);
