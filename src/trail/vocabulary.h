/* vocabulary: the trail's actions and object types with the names people read (ja/en) and the page
 * of the UI that shows an object. Declared once in vocabulary.c; nothing here allocates. */
#pragma once
#include <stddef.h>

typedef struct TrailActionName {
    const char *action; /* "asset.update" */
    const char *ja, *en;
} TrailActionName;

typedef struct TrailObjectType {
    const char *type; /* "asset" */
    const char *ja, *en;
    /* UI path of an object: "{id}" is the object's id; "{person}" and "{system}" the person or system
     * it belongs to (resolved by the domain); NULL when no page shows it */
    const char *path;
} TrailObjectType;

/* NULL when the action or type is not declared. */
const TrailActionName *trail_action_name(const char *action);
const TrailObjectType *trail_object_type(const char *type);
/* The whole catalogs, in declaration order. */
const TrailActionName *trail_actions(size_t *count);
const TrailObjectType *trail_object_types(size_t *count);
