/* api_systems: the 情報システム台帳 over HTTP — list with flags, detail with components,
 * requirements and the classification computed from its assets, create/edit, components. Who may
 * change a system is decided in domain/system.c (its 情報システム管理者, or roles.manage). */
#include <string.h>

#include "domain/systems/systems.h"
#include "http/api.h"
#include "http/input.h"

static const Field system_fields[] = {
    {"code", F_STRING, false, 32, "管理番号"},
    {"name", F_STRING, false, 200, "システム名"},
    {"purpose", F_STRING, false, 1000, "目的"},
    {"zone", F_STRING, false, 20, "領域"},
    {"owner_unit_id", F_ID_OR_NULL, false, 0, "所管課室"},
    {"vendor", F_STRING, false, 200, "運用保守事業者"},
    {"location", F_STRING, false, 20, "設置場所"},
    {"region", F_STRING, false, 100, "リージョン"},
    {"redundancy", F_BOOL_OR_NULL, false, 0, "冗長化"},
    {"failover_procedure", F_BOOL_OR_NULL, false, 0, "切替手順"},
    {"maintenance", F_BOOL_OR_NULL, false, 0, "定期保守"},
    {"backup", F_BOOL_OR_NULL, false, 0, "バックアップ"},
    {"doc_configuration", F_BOOL_OR_NULL, false, 0, "構成情報"},
    {"doc_standards", F_BOOL_OR_NULL, false, 0, "水準維持手順"},
    {"doc_incident", F_BOOL_OR_NULL, false, 0, "インシデント対処手順"},
    {"doc_recovery", F_BOOL_OR_NULL, false, 0, "復旧手順"},
    {"mfa", F_BOOL_OR_NULL, false, 0, "多要素認証"},
    {"usb_write_block", F_BOOL_OR_NULL, false, 0, "書込み制御"},
    {"product_registration", F_STRING, false, 20, "製品登録"},
    {"notes", F_STRING, false, 2000, "備考"},
    {"active", F_BOOL, false, 0, "使用中"},
    {NULL, 0, false, 0, NULL},
};

static const Field component_fields[] = {
    {"kind", F_STRING, false, 20, "種類"},
    {"name", F_STRING, false, 200, "名称"},
    {"product", F_STRING, false, 200, "製品"},
    {"version", F_STRING, false, 100, "バージョン"},
    {"vendor", F_STRING, false, 200, "ベンダー"},
    {"support_end", F_DATE_OR_NULL, false, 0, "サポート終了日"},
    {"quantity", F_INT, false, 0, "数量"},
    {"registration", F_STRING, false, 20, "製品登録"},
    {"notes", F_STRING, false, 2000, "備考"},
    {NULL, 0, false, 0, NULL},
};

static Status path_id(Request *req, int index, int64_t *id, Err *e)
{
    if (!parse_id(req->params[index], id))
        return err_set(e, ST_NOTFOUND, index ? "component_not_found" : "system_not_found", "id",
                       index ? "構成要素が見つかりません" : "情報システムが見つかりません",
                       index ? "component not found" : "system not found");
    return ST_OK;
}

Status api_systems_list(Request *req, Response *res, Err *e)
{
    SystemQuery q = {.limit = 50};
    q.q = req_query(req, "q");
    q.zone = req_query(req, "zone");
    q.flag = req_query(req, "flag");
    q.cursor = req_query(req, "cursor");
    const char *v = req_query(req, "unit_id");
    if (v && *v && !parse_id(v, &q.unit_id))
        return err_set(e, ST_INVALID, "invalid_parameter", "unit_id", "unit_id が不正です", "invalid unit_id");
    if ((v = req_query(req, "limit")) && *v) {
        int64_t n;
        if (!parse_id(v, &n) || n > 200)
            return err_set(e, ST_INVALID, "invalid_parameter", "limit", "limit は 1〜200 で指定してください",
                           "limit must be 1-200");
        q.limit = (int)n;
    }
    json_t *out = NULL;
    Status s = system_list(&req->ctx, &q, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* The system with its change history from the trail (newest first, 50 entries). */
static Status system_with_history(Request *req, int64_t id, json_t **out, Err *e)
{
    Status s = system_get(&req->ctx, id, out, e);
    if (s == ST_OK && (s = api_attach_history(req, *out, "system", id, e)) != ST_OK)
        json_decref(*out);
    return s;
}

static Status answer(Request *req, Response *res, int64_t id, Status s, int status, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = system_with_history(req, id, &out, e);
    return s == ST_OK ? respond_json(res, status, out) : s;
}

Status api_systems_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    return answer(req, res, id, s, 200, e);
}

Status api_systems_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = input_check(req->json, system_fields, e);
    if (s == ST_OK)
        s = system_create(&req->ctx, req->json, &id, e);
    return answer(req, res, id, s, 201, e);
}

Status api_systems_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, system_fields, e);
    if (s == ST_OK)
        s = system_update(&req->ctx, id, req->json, e);
    return answer(req, res, id, s, 200, e);
}

Status api_systems_add_component(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, component_fields, e);
    if (s == ST_OK)
        s = system_add_component(&req->ctx, id, req->json, NULL, e);
    return answer(req, res, id, s, 201, e);
}

Status api_systems_update_component(Request *req, Response *res, Err *e)
{
    int64_t id, cid;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = path_id(req, 1, &cid, e);
    if (s == ST_OK)
        s = input_check(req->json, component_fields, e);
    if (s == ST_OK)
        s = system_update_component(&req->ctx, id, cid, req->json, e);
    return answer(req, res, id, s, 200, e);
}

Status api_systems_remove_component(Request *req, Response *res, Err *e)
{
    int64_t id, cid;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = path_id(req, 1, &cid, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = system_remove_component(&req->ctx, id, cid, e);
    return answer(req, res, id, s, 200, e);
}
