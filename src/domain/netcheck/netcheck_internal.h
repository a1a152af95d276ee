/* netcheck's parts (not for other modules). */
#pragma once
#include "domain/netcheck/netcheck.h"
#include "netcheck/run.h"


/* *readable when the run exists and the actor may read it (see netcheck.h). */
Status netcheck_run_readable(Ctx *ctx, int64_t id, bool *readable, Err *e);
void netcheck_now(const Ctx *ctx, char out[static 21]);

/* The whole state as the trail records it (netcheck_state.c); ST_NOTFOUND without the row. */
Status netcheck_file_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status netcheck_run_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
