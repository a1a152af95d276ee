/* placement: which information assets are held in a service. The approval class is the pack's rule
 * (cloud.yaml approvals[].max_confidentiality, with its article): a service approved only for 機密性2未満
 * (第152条・第153条) cannot hold an asset of 自治体機密性2以上; an asset whose classification is not decided
 * yet cannot be placed either (its class is not known). */
#include <stdio.h>
#include <string.h>

#include "domain/access/access.h"
#include "domain/cloud/cloud.h"
#include "domain/cloud/cloud_internal.h"
#include "policy/pack.h"

static Status placement_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"service_id", "asset_id"};
    return row_by_id(ctx->db, "SELECT service_id, asset_id FROM cloud_service_assets WHERE id = ?", cols, "ii", id, out,
                     e);
}

static const char *const place_actions[] = {"cloud_asset.place", NULL};
static const char *const remove_actions[] = {"cloud_asset.remove", NULL};
const StateKind cloud_asset_state_kind = {
    .object_type = "cloud_asset",
    .table = "cloud_service_assets",
    .ids_sql = "SELECT id FROM cloud_service_assets ORDER BY id",
    .full_actions = place_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = NULL,
    .remove_actions = remove_actions,
    .get = placement_state,
    .get_key = NULL,
};

/* The service's rule for the asset: refused above the class or while unclassified. */
static Status check_class(Ctx *ctx, const CloudRow *c, int64_t asset_id, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT confidentiality, confidentiality_rank, disposed_at IS NOT NULL, name"
                                   " FROM assets_v WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, asset_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    char level[32] = "", name[801] = "";
    bool unclassified = true, disposed = false;
    int64_t rank = 0;
    if (s == ST_OK && row) {
        unclassified = stmt_is_null(st, 0) || stmt_is_null(st, 1);
        snprintf(level, sizeof level, "%s", stmt_text(st, 0));
        rank = stmt_int(st, 1);
        disposed = stmt_int(st, 2) != 0;
        snprintf(name, sizeof name, "%s", stmt_text(st, 3));
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_NOTFOUND, "asset_not_found", "asset_id", "情報資産が見つかりません", "asset not found");
    if (disposed)
        return err_set(e, ST_CONFLICT, "cloud_asset_disposed", "asset_id", "廃棄した情報資産は置けません",
                       "a disposed asset cannot be placed");
    if (unclassified)
        return err_set(e, ST_CONFLICT, "cloud_asset_unclassified", "asset_id",
                       "分類が決まっていない情報資産はクラウドサービスに置けません。先に機密性を決めてください",
                       "an asset whose classification is not decided cannot be placed on a cloud service");
    const PackCloudApproval *a = pack_cloud_approval(ctx->pack, c->request_type);
    if (a && rank <= a->max_rank)
        return ST_OK;
    const PackScale *conf = pack_scale(ctx->pack, "confidentiality");
    const PackLevel *lv = conf ? pack_level(conf, level) : NULL;
    const PackLevel *max = conf && a ? pack_level(conf, a->max_confidentiality) : NULL;
    return err_setf(e, ST_CONFLICT, "cloud_class_exceeded", "asset_id",
                    "%s の情報資産「%s」は、このクラウドサービスに置けません。このサービスは「%s」として承認されています(%s。置けるのは%sまで)",
                    "the %s asset \"%s\" cannot be placed on this service: it is approved as \"%s\" (%s; up to %s)",
                    lv ? lv->label : level, name, a ? a->label : "承認区分なし", a ? a->article : "第148条",
                    max ? max->label : "なし", level, name, a ? a->label_en : "no approval class",
                    a ? a->article : "第148条", a ? a->max_confidentiality : "none");
}

/* ENFORCES: 第153条 pack: cloud.cloud.approvals
 * 機密性2未満だけの取扱いとして承認されたクラウドサービスには、自治体機密性2以上の情報資産を置けない。 */
/* ENFORCES: 第148条 pack: cloud.cloud.approvals
 * 情報資産は、その機密性を取り扱うことを承認されたクラウドサービスにだけ置ける。 */
Status cloud_asset_place(Ctx *ctx, int64_t id, int64_t asset_id, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (asset_id <= 0)
        return err_set(e, ST_INVALID, "invalid_type", "asset_id", "情報資産は番号(正の整数)で指定してください",
                       "asset_id must be an id (a positive integer)");
    bool readable = false;
    if ((s = access_asset_readable(ctx, asset_id, &readable, e)) != ST_OK)
        return s;
    if (!readable)
        return err_set(e, ST_NOTFOUND, "asset_not_found", "asset_id", "情報資産が見つかりません", "asset not found");
    if ((s = check_class(ctx, &c, asset_id, e)) != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO cloud_service_assets (service_id, asset_id, placed_by, placed_at) VALUES (?, ?, ?, ?)", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, asset_id);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    stmt_bind_text(st, 4, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_CONFLICT || (s != ST_OK && strstr(e->en, "UNIQUE")))
        s = err_set(e, ST_CONFLICT, "cloud_asset_placed", "asset_id", "この情報資産はこのサービスに登録済みです",
                    "the asset is placed on this service already");
    int64_t rid = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = placement_state(ctx, rid, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "cloud_asset.place", "cloud_asset", rid, NULL, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status cloud_placement_delete(Ctx *ctx, int64_t rid, Err *e)
{
    json_t *before = NULL;
    Status s = placement_state(ctx, rid, &before, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "DELETE FROM cloud_service_assets WHERE id = ?", e);
    if (!st) {
        json_decref(before);
        return e->status;
    }
    stmt_bind_int(st, 1, rid);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK)
        s = record_change(ctx, "cloud_asset.remove", "cloud_asset", rid, before, NULL, e);
    json_decref(before);
    return s;
}

Status cloud_asset_remove(Ctx *ctx, int64_t id, int64_t asset_id, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    int64_t rid = 0;
    s = cloud_link_id(ctx, "SELECT id FROM cloud_service_assets WHERE service_id = ? AND asset_id = ?", id, asset_id, &rid, e);
    if (s != ST_OK)
        return s;
    if (!rid)
        return err_set(e, ST_NOTFOUND, "cloud_asset_not_placed", "asset_id", "この情報資産はこのサービスに置かれていません",
                       "the asset is not placed on this service");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = cloud_placement_delete(ctx, rid, e);
    return finish_tx(ctx, s, e);
}
