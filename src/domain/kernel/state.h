/* state: how a module declares one kind of object for reconciling the registers with the trail
 * (`lgsec trail verify`, domain/audit): which trail entries carry the object's whole state, how to
 * read its state now in the same shape, and which keys are not compared (with the reason beside
 * the declaration). Each module defines its kinds next to its own SQL. */
#pragma once
#include <jansson.h>

#include "domain/kernel/ctx.h"

typedef struct StateKind {
    const char *object_type;         /* the trail entries' object_type */
    const char *table;               /* the register table, named in findings */
    const char *ids_sql;             /* constant SQL: every id in the table, ascending */
    const char *const *full_actions; /* NULL-terminated: actions whose "after" is the whole state
                                      * (null after: the object was removed) */
    const char *const *ignored;      /* NULL-terminated keys not compared; NULL for none */
    /* NULL-terminated (or NULL): actions whose "after" holds only the keys they changed; it is
     * laid over the state the earlier entries recorded (a full action starts the state again). */
    const char *const *merge_actions;
    /* NULL when the entries' object_id is the row's id; else the keys of "after" that hold it,
     * NULL-terminated (the entries are about a parent object, e.g. an incident's tasks are recorded
     * under the incident, or the row is keyed by something else): their values joined by '/' are
     * the key ids_sql returns (as text) and get_key takes. "@object_id" names the entry's object id. */
    const char *const *id_keys;
    /* NULL-terminated (or NULL): actions that remove the row whatever their "after" says. */
    const char *const *remove_actions;
    /* NULL when the row's state is "after" itself; else the key of "after" (and of "before" for a
     * removal) whose object is the row's state, for entries about a parent that record the row
     * beside the parent's own state (a request's entry records its decision under "decision"). */
    const char *within;
    /* NULL, or the key of "after" holding an array with one element per row (e.g. a self-check's
     * "unit_ids"): in an entry that has it, each element is a row keyed "<object id>/<element>"
     * (an object element: its list_column), whose state is {list_column: element}. */
    const char *list_key;
    const char *list_column;
    /* true when entries written before the kind was declared did not identify the rows (they lack
     * the id keys): a row with no recorded state is then taken as written before, not reported, if
     * its integer key is below the first key a newer entry identifies and there are no more such
     * rows than such entries before the first newer one (docs/trail.md "Old trails"). */
    bool legacy_rows;
    /* NULL-terminated (or NULL): with legacy_rows, further actions whose entries each wrote one such
     * row without an entry of the kind (counted with the entries above). */
    const char *const *legacy_actions;
    /* NULL, or the key of "after" holding the whole set of the parent's rows in this table after the
     * change: an array of row objects (each naming its row by row_id_key) or of plain row keys. The
     * kind is keyed by the entry's object id (ids_sql returns the parents that have rows; get returns
     * {rows_key: array} in the same shape and order) and each row is compared on its own, reported
     * as "<parent>/<row>". An empty array: the parent has none. Entries without the key do not record
     * the rows: with legacy_rows, the full actions' ones (the parent's creation) are counted as above,
     * and only a full action's entry with the key sets the first new key (a merge action's entry, e.g.
     * a later reading, may be about a parent created before). */
    const char *rows_key;
    const char *row_id_key;
    /* With rows_key: a merge action's array holds only the rows it changed (a reading sets its
     * reader's seen_at), laid over the recorded set by row_id_key; ignored for a parent with no
     * recorded set (written before). false: a merge action's array is the whole set too. */
    bool rows_merge;
    /* The state as the module's trail entries record it (a new reference); ST_NOTFOUND when the
     * row does not exist. */
    Status (*get)(Ctx *ctx, int64_t id, json_t **out, Err *e);
    /* Instead of get, for rows not keyed by an integer id: the key as ids_sql returns it. */
    Status (*get_key)(Ctx *ctx, const char *key, json_t **out, Err *e);
} StateKind;

/* How the trail viewer (domain/history) names an object a trail entry is about: the module that
 * owns the object declares, next to its own SQL, a query that takes the object id (?) and returns
 * the name, an optional code the pack names (a role or a request type) and the id the object's
 * page path needs. Modules publish NULL-terminated tables of them (`records_name_queries`, …). */
typedef enum NameCode { NAME_CODE_NONE, NAME_CODE_ROLE, NAME_CODE_REQUEST_TYPE } NameCode;
typedef struct NameQuery {
    const char *type; /* the trail entries' object_type */
    const char *sql;
    NameCode code;
} NameQuery;
