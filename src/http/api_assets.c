/* api_assets: the 情報資産台帳 over HTTP — list and search, detail with history from the trail,
 * create/edit, 要判断 decisions, copies, 取扱制限, media contents, lifecycle records, label sheets.
 * Who may change which asset is decided in domain/asset.c (owning 課室, its manager, roles.manage). */
#include <stdlib.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "http/api.h"
#include "entities/asset_entity.h"
#include "http/input.h"
#include "http/input_entity.h"
#include "report/labels.h"

static Status path_asset(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "asset_not_found", "id", "情報資産が見つかりません", "asset not found");
    return ST_OK;
}

/* The asset named in the path and a body checked against fields: the start of every change. */
static Status asset_change(Request *req, const Field *fields, int64_t *id, Err *e)
{
    Status s = path_asset(req, id, e);
    return s == ST_OK ? input_check(req->json, fields, e) : s;
}

static Status query_bool(Request *req, const char *name, int *out, Err *e)
{
    const char *v = req_query(req, name);
    if (!v || !*v)
        return ST_OK;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = 0;
    else
        return err_setf(e, ST_INVALID, "invalid_parameter", name, "%s は true か false で指定してください",
                        "%s must be true or false", name);
    return ST_OK;
}

static Status query_id_param(Request *req, const char *name, int64_t *out, Err *e)
{
    const char *v = req_query(req, name);
    *out = 0;
    if (v && *v && !parse_id(v, out))
        return err_setf(e, ST_INVALID, "invalid_parameter", name, "パラメータ %s が不正です", "invalid parameter %s",
                        name);
    return ST_OK;
}

/* The list's filters from the query string; shared by the list and the exports. */
Status api_asset_query(Request *req, AssetQuery *q, Err *e)
{
    memset(q, 0, sizeof *q);
    q->personal = -1;
    q->limit = 50;
    q->q = req_query(req, "q");
    if (q->q && strlen(q->q) > 200)
        return err_set(e, ST_INVALID, "too_long", "q", "検索語が長すぎます", "search text too long");
    q->kind = req_query(req, "kind");
    q->confidentiality = req_query(req, "confidentiality");
    q->integrity = req_query(req, "integrity");
    q->availability = req_query(req, "availability");
    q->status = req_query(req, "status");
    q->sort = req_query(req, "sort");
    q->cursor = req_query(req, "cursor");
    int desc = 0, disposed = 0;
    Status s = query_id_param(req, "unit_id", &q->unit_id, e);
    if (s == ST_OK)
        s = query_id_param(req, "system_id", &q->system_id, e);
    if (s == ST_OK)
        s = query_bool(req, "personal", &q->personal, e);
    if (s == ST_OK)
        s = query_bool(req, "desc", &desc, e);
    if (s == ST_OK)
        s = query_bool(req, "include_disposed", &disposed, e);
    q->desc = desc == 1;
    q->include_disposed = disposed == 1;
    const char *limit = req_query(req, "limit");
    if (s == ST_OK && limit && *limit) {
        int64_t n;
        if (!parse_id(limit, &n) || n > ASSET_PAGE_MAX)
            return err_set(e, ST_INVALID, "invalid_parameter", "limit", "limit は 1〜200 で指定してください",
                           "limit must be 1-200");
        q->limit = (int)n;
    }
    return s;
}

/* ROUTE: GET /api/v1/assets signed_in
 * 情報資産台帳の検索・一覧 */
Status api_assets_list(Request *req, Response *res, Err *e)
{
    AssetQuery q;
    Status s = api_asset_query(req, &q, e);
    if (s == ST_OK)
        s = asset_list(&req->ctx, &q, &res->raw_json, e);
    return s;
}

/* ROUTE: GET /api/v1/assets/pending signed_in
 * 要判断の情報資産 (第23条6(3)) */
Status api_assets_pending(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = asset_pending_queue(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* The asset with its change history from the trail (newest first, 50 entries). */
static Status asset_with_history(Request *req, int64_t id, json_t **out, Err *e)
{
    Status s = asset_get(&req->ctx, id, out, e);
    if (s == ST_OK && (s = api_attach_history(req, *out, "asset", id, e)) != ST_OK)
        json_decref(*out);
    return s;
}

/* ROUTE: GET /api/v1/assets/{id} signed_in
 * 情報資産の詳細 */
Status api_assets_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_asset(req, &id, e);
    if (s == ST_OK)
        s = asset_with_history(req, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/assets signed_in changes_state
 * 情報資産の登録 */
Status api_assets_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &asset_entity, true, e);
    if (s == ST_OK)
        s = asset_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = asset_with_history(req, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: PATCH /api/v1/assets/{id} signed_in changes_state
 * 情報資産の変更 */
Status api_assets_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_asset(req, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &asset_entity, false, e);
    if (s == ST_OK)
        s = asset_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = asset_with_history(req, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* Runs a change on the asset named in the path, then answers with the asset as it is now. */
static Status after_change(Request *req, Response *res, int64_t id, Status s, int status, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = asset_with_history(req, id, &out, e);
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: POST /api/v1/assets/{id}/decide signed_in changes_state
 * 要判断の分類を決定 */
Status api_assets_decide(Request *req, Response *res, Err *e)
{
    /* the three levels as declared; the reason becomes the classification_reason (its limit) */
    static const EntityField *const levels[] = {&asset_fields[ASSET_F_CONFIDENTIALITY], &asset_fields[ASSET_F_INTEGRITY],
                                                &asset_fields[ASSET_F_AVAILABILITY]};
    const Field reason[] = {
        {"reason", F_STRING, true, 4 * asset_fields[ASSET_F_CLASSIFICATION_REASON].max_chars, "判断の理由"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id;
    Status s = path_asset(req, &id, e);
    if (s == ST_OK)
        s = input_check_declared(req->json, levels, 3, reason, e);
    if (s == ST_OK)
        s = asset_decide(&req->ctx, id, in_str(req->json, "confidentiality", ""), in_str(req->json, "integrity", ""),
                         in_str(req->json, "availability", ""), in_str(req->json, "reason", ""), e);
    return after_change(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/assets/{id}/copy signed_in changes_state
 * 複製・送信・派生 (分類を引き継ぐ, 第23条3, 第23条6(1)) */
Status api_assets_copy(Request *req, Response *res, Err *e)
{
    /* what a copy may change, as declared (the domain checks the copy as a whole again) */
    static const EntityField *const declared[] = {
        &asset_fields[ASSET_F_NAME],   &asset_fields[ASSET_F_STORAGE_PLACE], &asset_fields[ASSET_F_MEDIUM],
        &asset_fields[ASSET_F_HOLDER], &asset_fields[ASSET_F_ASSET_NO],      &asset_fields[ASSET_F_UNIT_ID],
    };
    static const Field own[] = {
        {"transmitted", F_BOOL, false, 0, "送信"},
        {"derived", F_BOOL, false, 0, "他の情報資産から作成"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id, copy = 0;
    Status s = path_asset(req, &id, e);
    if (s == ST_OK)
        s = input_check_declared(req->json, declared, sizeof declared / sizeof *declared, own, e);
    if (s == ST_OK)
        s = asset_copy(&req->ctx, id, req->json, &copy, e);
    return after_change(req, res, copy, s, 201, e);
}

/* ROUTE: POST /api/v1/assets/{id}/restrictions signed_in changes_state
 * 取扱制限の追加 */
Status api_assets_add_restriction(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"restriction_id", F_STRING, true, 64, "取扱制限"}, {"reason", F_STRING, true, 1000, "理由"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id;
    Status s = asset_change(req, fields, &id, e);
    if (s == ST_OK)
        s = asset_add_restriction(&req->ctx, id, in_str(req->json, "restriction_id", ""), in_str(req->json, "reason", ""),
                                  e);
    return after_change(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/assets/{id}/restrictions/{rid}/remove signed_in changes_state
 * 追加した取扱制限の削除 (分類から導かれる制限は外せない) */
Status api_assets_remove_restriction(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = asset_change(req, no_fields, &id, e);
    if (s == ST_OK)
        s = asset_remove_restriction(&req->ctx, id, req->params[1], e);
    return after_change(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/assets/{id}/contents signed_in changes_state
 * 記録媒体に格納する情報資産 (第23条7(3)) */
Status api_assets_contents(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"content_asset_id", F_ID_OR_NULL, true, 0, "格納する情報資産"}, {"present", F_BOOL, true, 0, "格納"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id;
    Status s = asset_change(req, fields, &id, e);
    if (s == ST_OK)
        s = asset_set_contents(&req->ctx, id, in_int(req->json, "content_asset_id", 0),
                               in_bool(req->json, "present", true), e);
    return after_change(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/assets/{id}/events signed_in changes_state
 * 取扱いの記録 (作成・入手・複製・送信・運搬・提供・保管先変更・廃棄, 第23条) */
Status api_assets_add_event(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"kind", F_STRING, true, 20, "記録の種類"},   {"occurred_at", F_STRING, false, 25, "日時"},
        {"person_id", F_ID_OR_NULL, false, 0, "担当者"}, {"details", F_STRING, false, 2000, "処理内容"},
        {"encrypted", F_BOOL, false, 0, "暗号化"},     {NULL, 0, false, 0, NULL},
    };
    int64_t id, event = 0;
    Status s = asset_change(req, fields, &id, e);
    if (s == ST_OK)
        s = asset_add_event(&req->ctx, id, req->json, &event, e);
    return after_change(req, res, id, s, 201, e);
}

/* ids=1,2,3 → the assets' label sheet. */
/* ROUTE: GET /api/v1/assets/labels.pdf signed_in
 * 分類表示ラベルの印刷 (第23条4) */
Status api_assets_labels(Request *req, Response *res, Err *e)
{
    const char *ids = req_query(req, "ids");
    if (!ids || !*ids)
        return err_set(e, ST_INVALID, "required", "ids", "印刷する情報資産を選んでください", "choose assets to print");
    LabelItem items[LABELS_MAX];
    json_t *assets[LABELS_MAX];
    char *texts[LABELS_MAX];
    size_t n = 0;
    Status s = ST_OK;
    char *list = strdup(ids), *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok && s == ST_OK; tok = strtok_r(NULL, ",", &save)) {
        int64_t id;
        if (n == LABELS_MAX) {
            s = err_setf(e, ST_INVALID, "labels_count", "ids", "一度に印刷できるのは %d 件までです",
                         "at most %d labels at once", LABELS_MAX);
            break;
        }
        if (!parse_id(tok, &id)) {
            s = err_setf(e, ST_INVALID, "invalid_parameter", "ids", "ids が不正です: %s", "invalid id: %s", tok);
            break;
        }
        if ((s = asset_get(&req->ctx, id, &assets[n], e)) != ST_OK)
            break;
        if ((s = asset_label_text(&req->ctx, assets[n], &texts[n], e)) != ST_OK) {
            json_decref(assets[n]);
            break;
        }
        items[n] = (LabelItem){
            .asset_no = json_string_value(json_object_get(assets[n], "asset_no")),
            .name = json_string_value(json_object_get(assets[n], "name")),
            .label_text = texts[n],
            .unit_name = json_string_value(json_object_get(assets[n], "unit_name")),
        };
        n++;
    }
    free(list);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (s == ST_OK)
        s = labels_pdf(items, n, &pdf, &len, e);
    for (size_t i = 0; i < n; i++) {
        json_decref(assets[i]);
        free(texts[i]);
    }
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", "分類表示ラベル.pdf") : s;
}
