/* history: the 証跡 as a person reads it (issue 11: no codes on screens). Each trail entry gets the
 * Japanese and English name of its action and object type, the actor's name (the person behind a login
 * ID, or what lgsec's own actors are), the object's own name and the UI page that shows it. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* Adds to each entry of items (as trail_list returns them): action_label(_en), object_label(_en),
 * actor_name(_en), actor_person_id, object_name, object_path, and for a declared entity (asset, system,
 * component, person, unit) field_labels(_en): {column: label} — each only when known. */
Status trail_view_annotate(Ctx *ctx, json_t *items, Err *e);

/* {"actions":[{"id","label","label_en"}], "object_types":[…]} for the filters. New reference. */
json_t *trail_view_vocabulary(void);
