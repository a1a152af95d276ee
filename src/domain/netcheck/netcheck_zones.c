/* netcheck_zones: the zone map handed to the engine — the 情報システム台帳's code, name and zone of each
 * active system, through systems' own list (so the need-to-know rule of src/domain/access applies: a
 * system the runner may not read is one the register does not know). */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/netcheck/netcheck_internal.h"
#include "domain/systems/systems.h"

Status netcheck_zones_load(Ctx *ctx, NetcheckZones *z, Err *e)
{
    memset(z, 0, sizeof *z);
    z->keep = json_array();
    size_t cap = 0;
    char *cursor = NULL;
    Status st = ST_OK;
    for (;;) {
        SystemQuery q = {.cursor = cursor, .limit = SYSTEM_PAGE_MAX};
        json_t *page = NULL;
        st = system_list(ctx, &q, &page, e);
        free(cursor);
        cursor = NULL;
        if (st != ST_OK)
            break;
        json_array_append(z->keep, page);
        json_t *items = json_object_get(page, "items"), *it;
        size_t i;
        json_array_foreach(items, i, it) {
            if (z->n == cap) {
                cap = cap ? cap * 2 : 64;
                z->refs = xrealloc(z->refs, cap * sizeof *z->refs);
                z->ids = xrealloc(z->ids, cap * sizeof *z->ids);
            }
            z->refs[z->n] = (NcSystemRef){json_string_value(json_object_get(it, "code")),
                                          json_string_value(json_object_get(it, "name")),
                                          json_string_value(json_object_get(it, "zone")),
                                          json_string_value(json_object_get(it, "relay_kind"))};
            z->ids[z->n++] = json_integer_value(json_object_get(it, "id"));
        }
        const char *next = json_string_value(json_object_get(page, "next_cursor"));
        json_decref(page);
        if (!next || !*next)
            break;
        cursor = xstrdup(next);
    }
    if (st != ST_OK)
        netcheck_zones_free(z);
    return st;
}

void netcheck_zones_free(NetcheckZones *z)
{
    free(z->refs);
    free(z->ids);
    json_decref(z->keep);
    memset(z, 0, sizeof *z);
}
