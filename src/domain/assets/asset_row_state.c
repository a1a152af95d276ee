/* asset_row_state: the rows recorded under an asset — its added handling restrictions, a medium's
 * contents and its lifecycle records — as the trail records them, for reconciliation
 * (domain/kernel/state.h, docs/trail.md "State reconciliation"). */
#include <stdio.h>

#include "domain/assets/assets.h"
#include "domain/kernel/kernel.h"

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
}

/* A restriction is keyed "<asset id>/<restriction id>". */
static Status restriction_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"restriction_id", "reason", NULL};
    long long asset = 0;
    int at = 0;
    if (sscanf(key, "%lld/%n", &asset, &at) != 1 || !at)
        return not_found(e);
    Stmt *st = db_prepare(ctx->db, "SELECT restriction_id, reason FROM asset_restrictions WHERE asset_id = ? AND restriction_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, asset);
    stmt_bind_text(st, 2, key + at);
    Status s = row_single(st, cols, "ss", out, e); /* both parameters bound */
    return s == ST_NOTFOUND ? not_found(e) : s;
}

/* asset.restriction_add records {restriction_id, reason}; asset.copy records the inherited ones in
 * its list inherited_restrictions (each compared by its id: the stored reason names the source);
 * asset.restriction_remove records the removed row as "before". */
static const char *const restriction_actions[] = {"asset.restriction_add", "asset.copy", NULL};
static const char *const restriction_removed[] = {"asset.restriction_remove", NULL};
static const char *const restriction_key[] = {"@object_id", "restriction_id", NULL};
const StateKind asset_restriction_state_kind = {
    .object_type = "asset",
    .table = "asset_restrictions",
    .ids_sql = "SELECT asset_id || '/' || restriction_id FROM asset_restrictions ORDER BY asset_id, restriction_id",
    .full_actions = restriction_actions,
    .remove_actions = restriction_removed,
    .id_keys = restriction_key,
    .list_key = "inherited_restrictions",
    .list_column = "restriction_id",
    .get_key = restriction_state,
};

/* A medium's content is keyed "<medium id>/<content id>"; its entries record {content_id,
 * effective} (effective: the medium's classification then, derived, not a column). */
static Status content_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"content_id", NULL};
    long long medium = 0, content = 0;
    if (sscanf(key, "%lld/%lld", &medium, &content) != 2)
        return not_found(e);
    Stmt *st = db_prepare(ctx->db, "SELECT content_asset_id FROM media_contents WHERE medium_asset_id = ? AND content_asset_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, medium);
    stmt_bind_int(st, 2, content);
    Status s = row_single(st, cols, "i", out, e); /* both parameters bound */
    return s == ST_NOTFOUND ? not_found(e) : s;
}

static const char *const content_actions[] = {"asset.contents_add", NULL};
static const char *const content_removed[] = {"asset.contents_remove", NULL};
static const char *const content_key[] = {"@object_id", "content_id", NULL};
const StateKind media_content_state_kind = {
    .object_type = "asset",
    .table = "media_contents",
    .ids_sql = "SELECT medium_asset_id || '/' || content_asset_id FROM media_contents ORDER BY medium_asset_id, content_asset_id",
    .full_actions = content_actions,
    .remove_actions = content_removed,
    .id_keys = content_key,
    .get_key = content_state,
};

/* A lifecycle record: every entry records the whole row with row_id (asset_event_record; the
 * names — person_name, kind_label — are derived and not compared). */
static Status event_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"row_id",  "asset_id",  "kind",            "occurred_at",  "person_id",
                                       "details", "encrypted", "approval_status", "approval_ref", "created_at",
                                       NULL};
    Status s = row_by_id(ctx->db,
                         "SELECT id, asset_id, kind, occurred_at, person_id, details, encrypted, approval_status,"
                         " approval_ref, created_at FROM asset_events WHERE id = ?",
                         cols, "iissIsIsSs", id, out, e);
    if (s == ST_OK) { /* recorded as true/false/null */
        json_t *enc = json_object_get(*out, "encrypted");
        if (json_is_integer(enc))
            json_object_set_new(*out, "encrypted", json_boolean(json_integer_value(enc) != 0));
    }
    return s;
}

/* Entries before row_id (asset.event, asset.dispose with the row's "id"; asset.copy, whose
 * lifecycle record had no entry; a permit, recorded by the request only) leave older rows
 * uncompared (legacy_rows, docs/trail.md "Old trails"). */
static const char *const event_actions[] = {"asset.event", "asset.dispose", "asset.event_permit", NULL};
static const char *const event_legacy[] = {"asset.copy", NULL};
static const char *const event_key[] = {"row_id", NULL};
const StateKind asset_event_state_kind = {
    .object_type = "asset",
    .table = "asset_events",
    .ids_sql = "SELECT id FROM asset_events ORDER BY id",
    .full_actions = event_actions,
    .id_keys = event_key,
    .legacy_rows = true,
    .legacy_actions = event_legacy,
    .get = event_state,
};
