/* org: the organisation tree (部局 → 課室 → 係). Units are never deleted, only deactivated, so that
 * history and role scopes keep their meaning. All changes are recorded in the trail. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Every unit, parents before children ({"items":[…]}). New reference in *out. */
Status org_list_units(Ctx *ctx, json_t **out, Err *e);
/* One unit as JSON, or ST_NOTFOUND. New reference in *out. */
Status org_get_unit(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* in: {parent_id, code, name, kana, kind, phone, sort_order} (checked by the caller for types).
 * The root (kind organisation) has no parent and there is only one. */
Status org_create_unit(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* patch: any of name, kana, phone, sort_order, active, parent_id. A unit cannot be moved under
 * itself or its descendants, and a unit with active people cannot be deactivated. */
Status org_update_unit(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* *within = a is b or one of b's descendants. A failed query is an error, never "not within". */
Status org_is_within(Db *db, int64_t a, int64_t b, bool *within, Err *e);
/* *section: the 課室 a unit belongs to — itself for a section, the nearest section above it for a 係
 * (0 when there is none). With unit_id 0 and a person, the person's unit is used. */
Status org_section_of(Ctx *ctx, int64_t unit_id, int64_t person_id, int64_t *section, Err *e);
/* Name of a unit ("" if unknown) into out; a failed query is an error. */
Status org_unit_name(Db *db, int64_t id, char *out, size_t cap, Err *e);
/* The organisation (the root unit): {"name", "code"}, or JSON null before it exists. New
 * reference. For the sign-in page and the home page's heading. */
Status org_root(Ctx *ctx, json_t **out, Err *e);

/* The org module's public header: units above; people, roles and separation of duties in their part headers. */
#include "domain/org/people.h"
#include "domain/org/roles.h"
#include "domain/org/separation.h"

/* Reconciliation with the trail (domain/kernel/state.h): org_units, people, role_assignments. */
extern const StateKind org_unit_state_kind;
extern const StateKind person_state_kind;
extern const StateKind role_assignment_state_kind;
