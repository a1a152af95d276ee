/* netcheck's parts (not for other modules). */
#pragma once
#include "domain/netcheck/netcheck.h"
#include "netcheck/run.h"


/* The zone map (netcheck_zones.c): the active systems of the 情報システム台帳 the actor may read, as
 * the engine takes them; ids[i] is refs[i]'s systems_v.id. Free with netcheck_zones_free. */
typedef struct NetcheckZones {
    NcSystemRef *refs;
    int64_t *ids;
    size_t n;
    json_t *keep; /* owns the strings refs point into */
} NetcheckZones;
Status netcheck_zones_load(Ctx *ctx, NetcheckZones *z, Err *e);
void netcheck_zones_free(NetcheckZones *z);

/* *readable when the run exists and the actor may read it (see netcheck.h). */
Status netcheck_run_readable(Ctx *ctx, int64_t id, bool *readable, Err *e);
void netcheck_now(const Ctx *ctx, char out[static 21]);

/* The whole state as the trail records it (netcheck_state.c); ST_NOTFOUND without the row. */
Status netcheck_file_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status netcheck_run_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
