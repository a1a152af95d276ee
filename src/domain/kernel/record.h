/* record: appending the trail entry for a domain change, with the acting user and the clock taken
 * from the Ctx. Call inside the change's transaction. */
#pragma once
#include <jansson.h>

#include "domain/kernel/ctx.h"

/* before/after are borrowed (may be NULL). */
Status record_change(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                     json_t *before, json_t *after, Err *e);
/* Runs db_commit, or rolls back when st is not ST_OK; returns the final status. */
Status finish_tx(Ctx *ctx, Status st, Err *e);
