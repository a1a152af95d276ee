/* record: trail entries for domain changes (see record.h). */
#include "domain/kernel/record.h"

#include <stdio.h>

#include "trail/trail.h"

Status record_change(const Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                     json_t *before, json_t *after, Err *e)
{
    return record_change_as(ctx, ctx->actor->login_id[0] ? ctx->actor->login_id : "system", action, object_type,
                            object_id, before, after, e);
}

/* ENFORCES: 第65条
 * 変更と同じトランザクションで、操作者・日時・対象・変更の前後を証跡 (改ざん検知付き) に記録する。
 * 記録できなければ変更も確定しない。 */
Status record_change_as(const Ctx *ctx, const char *actor, const char *action, const char *object_type,
                        int64_t object_id, json_t *before, json_t *after, Err *e)
{
    char id[32] = "";
    if (object_id)
        snprintf(id, sizeof id, "%lld", (long long)object_id);
    TrailEvent ev = {
        .actor = actor,
        .action = action,
        .object_type = object_type,
        .object_id = id,
        .before = before,
        .after = after,
    };
    return trail_append(ctx->db, clock_now(ctx->clock), &ev, NULL, e);
}

Status finish_tx(const Ctx *ctx, Status st, Err *e)
{
    if (st != ST_OK) {
        db_rollback(ctx->db);
        return st;
    }
    return db_commit(ctx->db, e);
}
