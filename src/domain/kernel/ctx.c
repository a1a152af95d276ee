/* ctx: the one Ctx constructor (see ctx.h). */
#include "domain/kernel/ctx.h"

#include <stdlib.h>

Ctx ctx_make(Db *db, const Clock *clock, const Actor *actor, const struct Pack *pack)
{
    if (!db || !clock || !actor)
        abort();
    return (Ctx){.db = db, .clock = clock, .actor = actor, .pack = pack};
}

Ctx ctx_as(const Ctx *ctx, const Actor *actor)
{
    return ctx_make(ctx->db, ctx->clock, actor, ctx->pack);
}
