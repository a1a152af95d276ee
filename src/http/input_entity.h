/* input_entity: the HTTP input checks of a declared entity (entities/entity.h) — the Field list that
 * input_check walks is derived from the declaration, and the declaration's own checks run first, so
 * the API refuses with the same code, field and message as the domain and the import. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"
#include "entities/entity.h"

struct Field; /* http/input.h */

/* entity_check_value for every declared field given (without the pack's lists: the domain checks
 * those), then input_check for unknown fields and the accepted forms (ids as decimal strings become
 * integers; null text becomes ""). Required fields are the domain's: a body may be a partial update.
 * When creating, a patch-only field (active) is an unknown field. */
Status input_check_entity(json_t *body, const Entity *ent, bool creating, Err *e);
/* The same for some declared fields (a route that takes part of an entity, e.g. a copy's name and
 * storage place) plus the route's own fields (extra, ending with {NULL}; may be NULL). */
Status input_check_declared(json_t *body, const EntityField *const *declared, size_t n, const struct Field *extra,
                            Err *e);
/* The same for the fields of ent named in names (NULL-terminated) — or, when names is NULL, its
 * patch-only fields (the route that changes a record later: 持ち帰り, 障害の処理, …) — plus extra. */
Status input_check_named(json_t *body, const Entity *ent, const char *const *names, const struct Field *extra,
                         Err *e);
