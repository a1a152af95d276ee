/* fuzz_entity: a form's or an import's values checked against the entity declarations
 * (src/entities) — every declared field of every entity, each type (text in characters, choices,
 * dates, the date and time and time of day parsed from what a person types, integers, ids).
 * Input: byte 0 picks the entity, byte 1 the field (or, when it is 255, the whole object through
 * entity_check), the rest is the value as JSON (any JSON value). Nothing is stored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "entities/entity.h"

static size_t count(void)
{
    size_t n = 0;
    while (entity_all[n])
        n++;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const Entity *ent = entity_all[data[0] % count()];
    json_t *v = json_loadb((const char *)data + 2, size - 2, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    if (!v)
        return 0;
    Err e = {0};
    if (data[1] == 255) {
        if (json_is_object(v))
            (void)entity_check(ent, v, true, NULL, &e);
    } else {
        const EntityField *f = &ent->fields[data[1] % ent->nfields];
        Status s = entity_check_value(f, v, NULL, &e);
        /* what the declaration accepts as a moment, core parses the same way */
        if (s == ST_OK && f->type == ET_DATETIME && json_is_string(v) && *json_string_value(v)) {
            int64_t t;
            if (!time_parse_local(json_string_value(v), &t))
                abort();
        }
        if (s != ST_OK && (strcmp(e.field, f->name) != 0 || !*e.code || !*e.ja || !*e.en))
            abort(); /* every refusal names the field and says why in both languages */
    }
    json_decref(v);
    return 0;
}
