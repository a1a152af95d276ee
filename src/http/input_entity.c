/* input_entity: Field lists derived from entity declarations (see input_entity.h). */
#include "http/input_entity.h"

#include <string.h>

#include "http/input.h"

#define INPUT_ENTITY_MAX_FIELDS 64

static FieldType field_type(const EntityField *f)
{
    bool nullable = f->flags & EF_NULLABLE;
    switch (f->type) {
    case ET_TEXT:
    case ET_ENUM:
    case ET_LIST: return nullable ? F_STRING_OR_NULL : F_STRING;
    case ET_LEVEL: return F_STRING_OR_NULL; /* null = unknown (要判断) */
    case ET_BOOL: return F_BOOL;
    case ET_FACT: return F_BOOL_OR_NULL;
    case ET_REF: return F_ID_OR_NULL;
    case ET_DATE: return nullable ? F_DATE_OR_NULL : F_DATE;
    case ET_INT: return F_INT;
    case ET_DATETIME:
    case ET_TIME: return nullable ? F_STRING_OR_NULL : F_STRING;
    }
    return F_STRING;
}

static const EntityField *find(const EntityField *const *declared, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(declared[i]->name, name) == 0)
            return declared[i];
    return NULL;
}

Status input_check_declared(json_t *body, const EntityField *const *declared, size_t n, const struct Field *extra,
                            Err *e)
{
    Field fields[INPUT_ENTITY_MAX_FIELDS + 1];
    size_t k = 0;
    for (size_t i = 0; i < n && k < INPUT_ENTITY_MAX_FIELDS; i++) {
        const EntityField *f = declared[i];
        /* the byte bound of max_chars code points: the character limit itself is entity_check's */
        size_t bytes = f->type == ET_TEXT ? 4 * f->max_chars : 200;
        fields[k++] = (Field){f->name, field_type(f), false, bytes, f->label_ja};
    }
    for (const Field *x = extra; x && x->name && k < INPUT_ENTITY_MAX_FIELDS; x++)
        fields[k++] = *x;
    fields[k] = (Field){NULL, 0, false, 0, NULL};
    if (!json_is_object(body))
        return input_check(body, fields, e);
    /* the declaration's checks first, so a bad value gets the domain's message; an id sent as a
     * decimal string is left to input_check, which turns it into an integer */
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        const EntityField *f = find(declared, n, key);
        if (!f || (f->type == ET_REF && json_is_string(v)))
            continue;
        Status s = entity_check_value(f, v, NULL, e);
        if (s != ST_OK)
            return s;
    }
    return input_check(body, fields, e);
}

Status input_check_named(json_t *body, const Entity *ent, const char *const *names, const struct Field *extra,
                         Err *e)
{
    const EntityField *declared[INPUT_ENTITY_MAX_FIELDS];
    size_t n = 0;
    for (size_t i = 0; i < ent->nfields && n < INPUT_ENTITY_MAX_FIELDS; i++) {
        const EntityField *f = &ent->fields[i];
        bool take = !names && (f->flags & EF_PATCH_ONLY);
        for (const char *const *x = names; x && *x && !take; x++)
            take = strcmp(*x, f->name) == 0;
        if (take)
            declared[n++] = f;
    }
    return input_check_declared(body, declared, n, extra, e);
}

Status input_check_entity(json_t *body, const Entity *ent, bool creating, Err *e)
{
    const EntityField *declared[INPUT_ENTITY_MAX_FIELDS];
    size_t n = 0;
    for (size_t i = 0; i < ent->nfields && n < INPUT_ENTITY_MAX_FIELDS; i++)
        if (!(creating && (ent->fields[i].flags & EF_PATCH_ONLY))) /* retiring is not part of a create */
            declared[n++] = &ent->fields[i];
    return input_check_declared(body, declared, n, NULL, e);
}
