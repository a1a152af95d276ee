/* pack_activation: see packs.h. */
#include <string.h>

#include "domain/packs/packs.h"
#include "domain/kernel/kernel.h"

static json_t *version_json(const PackVersionInfo *v)
{
    return json_pack("{s:s, s:s, s:s}", "id", v->pack_id, "version", v->version, "digest", v->digest);
}

Status pack_activate(Ctx *ctx, const PackSource *files, size_t n, bool *unchanged, PackVersionInfo *info, Err *e)
{
    PackVersionInfo before = {0}, after = {0};
    bool had = false;
    *unchanged = false;
    Status s = pack_store_active_info(ctx->db, &before, e);
    if (s == ST_OK)
        had = true;
    else if (s != ST_NOTFOUND)
        return s;
    err_clear(e);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = pack_store_activate_info(ctx->db, files, n, clock_now(ctx->clock), &after, e);
    if (s == ST_OK && had && strcmp(before.digest, after.digest) == 0) {
        /* Same files: keep the version that is in force (and its activation time). */
        db_rollback(ctx->db);
        *unchanged = true;
        if (info)
            *info = before;
        return ST_OK;
    }
    if (s == ST_OK) {
        json_t *b = had ? version_json(&before) : NULL, *a = version_json(&after);
        s = record_change(ctx, "pack.activate", "pack", 0, b, a, e);
        json_decref(b);
        json_decref(a);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && info)
        *info = after;
    return s;
}
