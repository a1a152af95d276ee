/* record: appending the trail entry for a domain change, with the acting user and the clock taken
 * from the Ctx. Call inside the change's transaction. */
#pragma once
#include <jansson.h>

#include "domain/kernel/ctx.h"

/* before/after are borrowed (may be NULL). The entry's actor is ctx->actor's login ID ("system"
 * when it has none). */
Status record_change(const Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                     json_t *before, json_t *after, Err *e);
/* record_change in the name of actor rather than ctx->actor: for what happens before anyone is
 * signed in (a login, a failed attempt: the account's own login ID, "anonymous" or "system"). */
Status record_change_as(const Ctx *ctx, const char *actor, const char *action, const char *object_type,
                        int64_t object_id, json_t *before, json_t *after, Err *e);
/* Runs db_commit, or rolls back when st is not ST_OK; returns the final status. */
Status finish_tx(const Ctx *ctx, Status st, Err *e);
