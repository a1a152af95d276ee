/* What the parts of domain/gate share. */
#pragma once
#include "domain/gate/gate.h"
#include "policy/pack.h"

static inline int gate_retention_days(const Ctx *ctx)
{
    return ctx->pack && ctx->pack->gate.retention_days ? ctx->pack->gate.retention_days : GATE_DEFAULT_RETENTION_DAYS;
}
static inline int gate_release_hours(const Ctx *ctx)
{
    return ctx->pack && ctx->pack->gate.release_hours ? ctx->pack->gate.release_hours : GATE_DEFAULT_RELEASE_HOURS;
}
static inline int gate_signature_max_age_days(const Ctx *ctx)
{
    return ctx->pack && ctx->pack->gate.signature_max_age_days ? ctx->pack->gate.signature_max_age_days
                                                               : GATE_DEFAULT_SIGNATURE_MAX_AGE_DAYS;
}
/* True when s is 64 lower-case hex digits. */
bool gate_sha256_valid(const char *s);
/* The actor's e-mail address, lower-cased, into out ("" when none). */
Status gate_actor_email(Ctx *ctx, char out[321], Err *e);
/* The gate_releases row with this id (or of this request: *out NULL when there is none), as the
 * trail records it: {row_id, request_id, original_sha256, rescanned_at, result, block_code, reason,
 * downloads, last_download_at}. */
Status gate_release_row(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status gate_release_row_of_request(Ctx *ctx, int64_t request_id, json_t **out, Err *e);
