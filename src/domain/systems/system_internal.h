/* system_internal: what system.c, system_write.c and system_component.c share — the plain row (what
 * the trail records), facts for the rules, the classification query, input checks. Not for other
 * subsystems: they use systems.h. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"
#include "domain/systems/system_eval.h"
#include "entities/entity.h"

#define SYSTEM_PLAIN_COLUMNS                                                                          \
    "id, code, name, purpose, zone, owner_unit_id, vendor, location, region, redundancy,"            \
    " failover_procedure, maintenance, backup, doc_configuration, doc_standards, doc_incident,"     \
    " doc_recovery, mfa, usb_write_block, product_registration, notes, relay_kind, active, created_at, updated_at"
extern const char *const system_plain_cols[];
#define SYSTEM_PLAIN_TYPES "issssisss" "IIIIIIIIII" "sssbss"
#define SYSTEM_FACT_FIRST_COL 9 /* column of redundancy; the ten 0/1 facts follow */

extern const char *const component_cols[];
#define COMPONENT_COLUMNS                                                                          \
    "id, system_id, kind, name, product, version, vendor, support_end, quantity, registration, notes," \
    " created_at, updated_at"
#define COMPONENT_TYPES "iisssssSisss" "s"

/* Turns the 0/1/null integer facts of a row object into true/false/null. */
void system_facts_to_bool(json_t *sys);
/* The system's own fields (facts as true/false/null); ST_NOTFOUND with code system_not_found. */
Status system_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* system_get_plain when the actor may read the system (access.h); otherwise system_not_found, as for
 * a missing one. */
Status system_get_readable(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Facts of a plain system object (strings borrowed from sys). Component counts are left zero. */
void system_facts_from_json(const json_t *sys, SystemFacts *f);
/* Adds the component counts of system id to f; soon_out (optional) receives the support_soon count. */
Status system_component_counts(Ctx *ctx, int64_t id, const char *today, const char *horizon, SystemFacts *f,
                               long *soon_out, Err *e);
/* The highest classification over the assets in use with system_id = id. */
Status system_class_load(Ctx *ctx, int64_t id, SystemClass *c, Err *e);
/* Today (JST) and today + support_warning_months. */
void system_dates(Ctx *ctx, char today[static 11], char horizon[static 11]);
/* ST_FORBIDDEN (system_edit_forbidden, 第17条/第23条2) unless system_may_edit. */
Status system_require_edit(Ctx *ctx, int64_t system_id, Err *e);

/* Input checks shared by systems and components: unknown keys and (when creating) patch-only ones
 * refused, then the declaration's checks (entities/entity.h) with the pack's lists. */
Status entity_input_check(Ctx *ctx, const Entity *ent, json_t *in, bool creating, Err *e);
/* A component's row as its trail entries record it, found by its id alone (reconciliation). */
Status system_component_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
