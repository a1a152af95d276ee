/* input: declarative checking of JSON request bodies. A handler lists the fields it accepts; unknown
 * fields, wrong types, missing required fields, over-long or invalid text get a field-level error
 * (ST_INVALID) before the handler reads anything. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef enum FieldType {
    F_STRING,
    F_STRING_OR_NULL,
    F_INT,
    F_BOOL,
    F_BOOL_OR_NULL, /* null = "not recorded" */
    F_DATE,
    F_ID_OR_NULL,
    F_DATE_OR_NULL,
    F_OBJECT, /* a JSON object, checked by the handler */
    F_ARRAY,  /* a JSON array (or null when optional), its items checked by the handler */
} FieldType;

typedef struct Field {
    const char *name;
    FieldType type;
    bool required;
    size_t max_len; /* bytes, for strings; 0 = 200 */
    const char *label_ja; /* for messages: "氏名" */
} Field;

/* Parses a request body: must be a JSON object without duplicate keys; an empty body is {}.
 * New reference in *out. ST_INVALID invalid_json otherwise. */
Status input_parse_body(const char *data, size_t len, json_t **out, Err *e);
/* For bodies that must be empty objects ({}): every field is unknown. */
extern const Field no_fields[];
/* Checks body against fields (array ends with {NULL}). */
Status input_check(json_t *body, const Field *fields, Err *e);
/* Accessors after input_check: absent → fallback. */
const char *in_str(json_t *body, const char *name, const char *fallback);
int64_t in_int(json_t *body, const char *name, int64_t fallback);
bool in_bool(json_t *body, const char *name, bool fallback);
bool in_has(json_t *body, const char *name);
/* Parses a path/query id: positive decimal without sign or leading zeros; false otherwise. */
bool parse_id(const char *s, int64_t *out);
