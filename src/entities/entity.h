/* entity: one declaration per entity (docs/architecture.md, "Entity declarations"). An Entity lists
 * its fields once — name, type, limits in characters (UTF-8 code points), required/nullable, the
 * choices or the pack list a value must come from, ja/en labels and the article of packs/mic that
 * requires the field. Everything else is derived from it: the domain's validation (entity_check_*),
 * the HTTP input checks (http/input_entity.c), the register import/export columns (src/registers
 * point at these fields), the TypeScript types (web/src/entities.gen.ts) and the openapi schemas
 * (docs/openapi.yaml), both emitted by entity_emit.c; tests/unit/test_entities.c fails when the
 * DDL, the TS file, openapi or the import columns disagree.
 * Depends on core only: pack-driven lists are asked of the caller through EntityLists at run time. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

typedef enum EntityType {
    ET_TEXT, /* a string of at most max_chars code points, no control characters (tab/newlines when
              * EF_MULTILINE); EF_CODE: only [A-Za-z0-9_-] */
    ET_ENUM, /* one of choices (fixed by the mechanism, e.g. the three network zones) */
    ET_LEVEL, /* a level of the active pack's scale `list` (機密性 3A…), asked at run time */
    ET_LIST,  /* one of the active pack's list `list` (e.g. "registrations"), asked at run time */
    ET_BOOL, /* true/false (0/1 accepted from the store) */
    ET_FACT, /* true / false / null = not recorded */
    ET_REF,  /* the id of a row of `ref` (a table): existence is the domain's to check */
    ET_DATE, /* YYYY-MM-DD */
    ET_INT,  /* an integer in min..max */
    ET_DATETIME, /* a moment as a form or a card reader gives it (time_parse_local: YYYY-MM-DDTHH:MM[:SS] JST,
                  * or …Z UTC); "" = not given. Stored as UTC ISO 8601 by the domain */
    ET_TIME,     /* a time of day HH:MM (00:00–23:59, JST); "" = not given */
} EntityType;

enum {
    EF_REQUIRED = 1 << 0,  /* must be given (and not empty) when the record is created */
    EF_NULLABLE = 1 << 1,  /* null is a value (unknown / not recorded / none); the column may be NULL */
    EF_MULTILINE = 1 << 2, /* ET_TEXT: tab and line breaks allowed */
    EF_CODE = 1 << 3,      /* ET_TEXT: [A-Za-z0-9_-] only */
    EF_IMMUTABLE = 1 << 4, /* set at creation only */
    EF_PATCH_ONLY = 1 << 5, /* accepted on update only (e.g. active: retire / reinstate); with EF_REQUIRED:
                               required by the route that takes it, never by a create */
};

typedef struct EntityChoice {
    const char *value;
    const char *label_ja;
    const char *label_en;
} EntityChoice;

typedef struct EntityField {
    const char *name;     /* the JSON key and the column */
    const char *label_ja; /* 「保管者」: messages, headers, forms */
    const char *label_en;
    EntityType type;
    unsigned flags;          /* EF_* */
    size_t max_chars;        /* ET_TEXT */
    long long min, max;      /* ET_INT */
    const EntityChoice *choices; /* ET_ENUM */
    size_t nchoices;
    const char *list;        /* ET_LEVEL: the scale id; ET_LIST: the pack list */
    const char *ref;         /* ET_REF: the table */
    const char *dflt;        /* the value when not given, as JSON text ("\"electronic\"", "1"); NULL = none */
    const char *bad_code;    /* ET_ENUM/ET_LIST/ET_LEVEL: the error code of a value not allowed (required there: it is
                                how tests/e2e/lib/error_sites.mjs sees the code; test_entities checks it is set) */
    const char *article;     /* 「第23条1」: the article of packs/mic that requires the field */
    const char *column;      /* the column when it is not `name` (work's "comment" is confirm_comment); NULL = name */
} EntityField;

typedef struct Entity {
    const char *name;     /* "asset" — the TS/openapi type is derived from it (AssetInput) */
    const char *table;    /* "assets" */
    const char *label_ja; /* 「情報資産」 */
    const char *label_en;
    const char *article;  /* the register's article */
    const EntityField *fields;
    size_t nfields;
    const char *const *kept_columns; /* columns of `table` the domain keeps itself (id, status, times …),
                                      * NULL-terminated: with fields, every column (the drift test) */
    const char *trail_object; /* the trail's object type of a row (trail/vocabulary.c), whose before/after the
                               * trail page labels with these fields; NULL when rows are trailed under another
                               * object (an incident's notes under the incident) */
} Entity;

/* The pack's lists at run time: value_at(arg, list, i) is the i-th value of list (NULL past the end
 * or for a list the pack does not have); label_of names the list for messages (may be NULL). */
typedef struct EntityLists {
    const char *(*value_at)(const void *arg, const char *list, size_t i);
    const char *(*label_of)(const void *arg, const char *list);
    const void *arg;
} EntityLists;

/* The field called name, or NULL. */
const EntityField *entity_field(const Entity *ent, const char *name);
/* The field stored in column col (its `column`, else its name), or NULL. */
const EntityField *entity_field_of_column(const Entity *ent, const char *col);
/* The column of f. */
const char *entity_column(const EntityField *f);

/* Checks one given value v (not NULL) of field f: type, length in characters, control characters,
 * choices, the pack list (lists may be NULL: the value is then not checked against the pack),
 * range, date, date and time, time of day; an empty text or a null for an EF_REQUIRED field is "required". Every refusal is
 * ST_INVALID with field = f->name and one message per class (the same for the form and the
 * import): invalid_type, required, too_long, invalid_text, invalid_code, invalid_<name> /
 * unknown_level / bad_code, out_of_range, invalid_date, invalid_time (or the field's bad_code for a time of day). */
Status entity_check_value(const EntityField *f, const json_t *v, const EntityLists *lists, Err *e);
/* Checks every field of obj that the entity declares (keys it does not declare are left to the
 * caller) and, when creating, that every EF_REQUIRED field is there. The first refusal wins, in
 * declaration order. */
Status entity_check(const Entity *ent, const json_t *obj, bool creating, const EntityLists *lists, Err *e);
/* A form sends "" for a date or a text it leaves empty: in obj, "" becomes null for every EF_NULLABLE
 * field of ent (what the column stores for "not recorded"). */
void entity_blank_to_null(const Entity *ent, json_t *obj);
/* The "required" refusal of f (what entity_check_value says for a missing value). */
Status entity_required(const EntityField *f, Err *e);

/* Emitters (entity_emit.c): the generated TypeScript module for the given entities, and the openapi
 * components/schemas block (indented for docs/openapi.yaml). Append to out. */
void entity_emit_ts(const Entity *const *ents, size_t n, Buf *out);
void entity_emit_openapi(const Entity *const *ents, size_t n, Buf *out);

/* The declared entities (entities.c): NULL-terminated. */
extern const Entity *const entity_all[];
