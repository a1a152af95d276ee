/* Field lists and header mapping: what a register's import accepts (FieldDef: name, Japanese label,
 * aliases, value type), and which spreadsheet column feeds which field (FieldMap). The mapping is
 * suggested from the header row by comparing NFKC-folded text without spaces, brackets and
 * punctuation (「機密性（区分）」 = 「機密性区分」 ~ 機密性), then confirmed or changed by the user
 * through the JSON form (mapping_to_json / mapping_from_json). Field lists are static data
 * (asset_fields.c, system_fields.c) pointing at the entity declarations (src/entities). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "entities/entity.h"
#include "registers/table.h"
#include "registers/values.h"

typedef enum FieldType {
    FT_TEXT,            /* trimmed text (the declaration's limit in characters) */
    FT_BOOL,            /* value_bool; an empty cell is false */
    FT_BOOL_OR_UNKNOWN, /* value_bool; an empty cell is "not recorded" (the key is left out) */
    FT_LEVEL,           /* value_classification on the pack's levels; 不明 / empty → key left out */
    FT_CHOICE,          /* value_choice on `choices` */
    FT_DATE,            /* value_date → "YYYY-MM-DD" */
    FT_INT,             /* value_integer */
} FieldType;

/* One column of a register's import and export. What the value is — label, type, limit, required,
 * choices, pack list — is the entity declaration's (`field`); what is here is only the file's
 * vocabulary: other headers, the words written for each choice, and the by-name columns. */
typedef struct FieldDef {
    const EntityField *field;    /* the declared field, e.g. &asset_fields[ASSET_F_HOLDER] */
    const char *by_name;         /* a by-name column: the row key ("unit": a 課室 written by name, resolved
                                  * to field's id by the caller); NULL = an ordinary column, key field->name */
    const char *label_ja;        /* a by-name column's header 「所管課」 (NULL = the field's label) */
    const char *label_en;
    size_t max_len;              /* a by-name column: characters of the name (0 = 200) */
    const char *const *aliases;  /* other headers meaning this field (NULL-terminated; may be NULL) */
    const ValueChoice *choices;  /* FT_CHOICE: the words for each of the field's choices */
    size_t nchoices;
    bool unique;                 /* the same value twice in one file is an error (管理番号) */
} FieldDef;

/* What a column is, from its declaration. */
const char *field_name(const FieldDef *d);
const char *field_label_ja(const FieldDef *d);
const char *field_label_en(const FieldDef *d);
FieldType field_type(const FieldDef *d);
bool field_required(const FieldDef *d);

/* The field list of one register: the `target` of an import. */
typedef struct ImportTarget {
    const char *name;     /* "assets" | "systems" */
    const char *label_ja; /* 「情報資産台帳」 */
    const FieldDef *fields;
    size_t nfields;
    const Entity *entity; /* the declaration the columns point into */
} ImportTarget;

extern const ImportTarget asset_import_target;  /* asset_fields.c */
extern const ImportTarget system_import_target; /* system_fields.c */
extern const ImportTarget attendance_import_target; /* training_fields.c */
extern const ImportTarget roster_import_target;     /* roster_fields.c */

/* Which column feeds which field. header_row is the index (into Table.rows) of the header; data rows
 * are those after it. field_of_col[c] is an index into the target's fields, or -1 (column ignored).
 * Owned by the caller: mapping_free. */
typedef struct FieldMap {
    size_t header_row;
    size_t ncols;
    int *field_of_col;
} FieldMap;

/* Suggestions look at the first columns only (a register is never this wide; the user can still map
 * any column through mapping_from_json). */
#define MAPPING_MAX_SUGGEST_COLS 512

/* The row (index into t->rows) among the first 30 whose cells name the most fields of target: a
 * title row such as 「情報資産台帳（令和8年度）」 above the header is skipped. 0 when nothing matches. */
size_t mapping_find_header_row(const Table *t, const ImportTarget *target);
/* Suggests a mapping for header row `header_row` of t (exact label, then alias, then a label or
 * alias contained in the header, e.g. 「機密性（区分）」); each field is used at most once, the
 * first column wins. Fills *map (free with mapping_free). */
void mapping_suggest(const Table *t, size_t header_row, const ImportTarget *target, FieldMap *map);
void mapping_free(FieldMap *map);
/* Index of the field called name in target, or -1. */
int mapping_field_index(const ImportTarget *target, const char *name);
/* The fields that are required and not mapped, as a new JSON array of names. */
json_t *mapping_missing_required(const FieldMap *map, const ImportTarget *target);

/* For the mapping step of the UI (new reference):
 * {"header_row": <Excel row number>, "columns":[{"column":"A","header":"管理番号","field":"asset_no"|null},…],
 *  "fields":[{"name","label_ja","label_en","required","type","mapped_column":"A"|null},…],
 *  "missing_required":[…]} */
json_t *mapping_to_json(const FieldMap *map, const Table *t, const ImportTarget *target);
/* Reads the user's confirmed mapping {"header_row": N (Excel row number, optional: keeps
 * map->header_row / finds it), "columns": {"A":"asset_no","C":null,…}} into *map (free with
 * mapping_free). Errors (ST_INVALID): mapping_invalid (shape), mapping_unknown_field,
 * mapping_bad_column, mapping_duplicate_field, mapping_header_row, mapping_required_missing. */
Status mapping_from_json(const json_t *in, const Table *t, const ImportTarget *target, FieldMap *map, Err *e);
/* Folds header text for comparison: NFKC, upper-case ASCII, without spaces, brackets and
 * punctuation (（）()[]【】「」・:：/／*※). Caller frees; "" for invalid UTF-8. */
char *mapping_fold_header(const char *s);
