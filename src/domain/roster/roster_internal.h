/* The roster module's shared parts: the plan of one roster file (roster_plan.c) and its application
 * with the consequences (roster_apply.c). Not for use outside the module. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/roster/roster.h"

typedef enum RosterChange { RC_UNCHANGED, RC_NEW, RC_MOVED, RC_LEAVING, RC_UPDATED } RosterChange;

/* One data row of the file, checked and resolved against the register. */
typedef struct RosterRow {
    size_t src_row;   /* Excel row number */
    json_t *obj;      /* the typed row (import_plan_row): staff_no, name, kana, unit_name, employment, moved_on, leaves_on */
    int64_t person_id;  /* 0: a new person */
    int64_t unit_id;    /* the 課室 the row names (0 = not given) */
    int64_t old_unit_id;
    bool moved, leaving, renamed_fields, is_new;
    char *unit_key;     /* folded 所属 that named no unit (a rename candidate); NULL otherwise */
    RosterChange change;
} RosterRow;

/* The units of the organisation, for resolving 所属 by name. */
typedef struct RosterUnits {
    size_t n;
    int64_t *id, *parent;
    char **name, **key, **full_key; /* name; folded name; folded parent name + name */
    char **kind;
    bool *active;
} RosterUnits;

typedef struct RosterPlan {
    RosterRow *rows;
    size_t nrows;
    json_t *errors; /* [{row, column, field, code, ja, en}] */
    json_t *renames; /* [{unit_id, from, to}] */
    RosterUnits units;
    char col[7][4]; /* the column letter of each roster field ("" when unmapped) */
    char today[11];
} RosterPlan;

Status roster_units_load(Ctx *ctx, RosterUnits *u, Err *e);
void roster_units_free(RosterUnits *u);
/* Index of the unit with id, or -1. */
long roster_unit_index(const RosterUnits *u, int64_t id);

/* Resolves each planned row against the people and units (rows must hold obj and src_row) and finds
 * renamed 課室; every problem goes to p->errors with its row and column. A failed query is an error. */
Status roster_resolve(Ctx *ctx, RosterPlan *p, Err *e);
void roster_plan_free(RosterPlan *p);
/* A row's problem: one the roster module finds (code from the catalog, ST_INVALID), or a domain
 * function's refusal passed on. roster_row_refuse returns the code's Status (ST_INVALID). */
Status roster_row_refuse(json_t *errors, size_t row, const char *column, const char *code, const char *field,
                         const char *ja, const char *en);
void roster_row_err(json_t *errors, size_t row, const char *column, const Err *err);

/* Applies the plan inside the caller's transaction and fills out's counts and consequence lists. */
Status roster_apply(Ctx *ctx, RosterPlan *p, const char *filename, json_t *out, int64_t *import_id, Err *e);

/* The day before day (YYYY-MM-DD). */
void roster_day_before(const char *day, char out[11]);
/* Whether a mover's holding a ({scope_kind, scope_id}: a role or a delegation) ends: its unit (or its
 * system's owning unit) is the 課 left or one above it, and does not cover the new unit. */
Status roster_ends_on_move(Ctx *ctx, const json_t *a, int64_t old_unit, int64_t old_sec, int64_t new_unit, bool *ends,
                           Err *e);
/* roster_delegations.c: ends the 代行 given by r's person in a role that ended (ended: [{role,
 * scope_kind, scope_id, valid_until}], on the role's last day) and those given to them when they leave
 * (on the day they leave) or move out of the delegation's scope (the day before the move). Appends one
 * {delegation_id, principal_name, deputy_name, role_label, reason ("principal_role_ended" |
 * "deputy_leaving" | "deputy_moved"), valid_until (null: revoked before it began)} per ended delegation
 * to done. A refusal is the row's error in p->errors. */
Status roster_end_delegations(Ctx *ctx, RosterPlan *p, const RosterRow *r, int64_t old_sec, const json_t *ended,
                              json_t *done, Err *e);
/* roster_state.c: a stored row as roster.row records it ({row_id, row_no, staff_no, …, change}) and a
 * task as its entries record it ({import_id, person_id, kind, …, done_at, done_by, done_note}). */
Status roster_row_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status roster_task_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
