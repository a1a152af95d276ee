/* pack_activation: see packs.h. */
#include <string.h>

#include "domain/packs/packs.h"
#include "domain/kernel/kernel.h"

/* row_id and activated_at identify the stored version (pack_state.c compares it). */
static json_t *version_json(const PackVersionInfo *v)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:s}", "id", v->pack_id, "version", v->version, "digest", v->digest,
                     "row_id", (json_int_t)v->id, "activated_at", v->activated_at);
}

static Status version_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return pack_store_version_state(ctx->db, id, out, e);
}

/* Entries written before row_id leave older versions uncompared (legacy_rows, docs/trail.md "Old
 * trails"). */
static const char *const version_actions[] = {"pack.activate", NULL};
static const char *const version_key[] = {"row_id", NULL};
const StateKind pack_version_state_kind = {
    .object_type = "pack",
    .table = "pack_versions",
    .ids_sql = PACK_VERSION_IDS_SQL,
    .full_actions = version_actions,
    .id_keys = version_key,
    .legacy_rows = true,
    .get = version_state,
};

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
