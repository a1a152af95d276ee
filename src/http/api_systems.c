/* api_systems: the 情報システム台帳 over HTTP — list with flags, detail with components,
 * requirements, the classification computed from its assets and the cloud services that use it
 * (domain/cloud), create/edit, components. Who may
 * change a system is decided in domain/system.c (its 情報システム管理者, or roles.manage). */
#include <string.h>

#include "domain/cloud/cloud.h"
#include "domain/systems/systems.h"
#include "http/api.h"
#include "entities/system_entity.h"
#include "http/input.h"
#include "http/input_entity.h"

static Status path_id(Request *req, int index, int64_t *id, Err *e)
{
    if (!parse_id(req->params[index], id))
        return err_set(e, ST_NOTFOUND, index ? "component_not_found" : "system_not_found", "id",
                       index ? "構成要素が見つかりません" : "情報システムが見つかりません",
                       index ? "component not found" : "system not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/systems signed_in
 * 情報システム台帳の一覧 */
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

/* The system with the cloud and outsourced services that use it (第149条2; those the reader may read,
 * the others counted: "cloud_services": {items, hidden}) and its change history from the trail (newest
 * first, 50 entries). system_get refuses a system the reader may not read before anything is added. */
static Status system_with_history(Request *req, int64_t id, json_t **out, Err *e)
{
    Status s = system_get(&req->ctx, id, out, e);
    if (s != ST_OK)
        return s;
    json_t *services = NULL;
    if ((s = cloud_services_of_system(&req->ctx, id, &services, e)) == ST_OK)
        json_object_set_new(*out, "cloud_services", services);
    if (s == ST_OK)
        s = api_attach_history(req, *out, "system", id, e);
    if (s != ST_OK)
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

/* ROUTE: GET /api/v1/systems/{id} signed_in
 * 情報システムの詳細 (構成要素・要件・分類) */
Status api_systems_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/systems signed_in changes_state
 * 情報システムの登録 */
Status api_systems_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = input_check_entity(req->json, &system_entity, true, e);
    if (s == ST_OK)
        s = system_create(&req->ctx, req->json, &id, e);
    return answer(req, res, id, s, 201, e);
}

/* ROUTE: PATCH /api/v1/systems/{id} signed_in changes_state
 * 情報システムの変更 */
Status api_systems_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &system_entity, false, e);
    if (s == ST_OK)
        s = system_update(&req->ctx, id, req->json, e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/systems/{id}/components signed_in changes_state
 * 構成要素の追加 */
Status api_systems_add_component(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &component_entity, true, e);
    if (s == ST_OK)
        s = system_add_component(&req->ctx, id, req->json, NULL, e);
    return answer(req, res, id, s, 201, e);
}

/* ROUTE: PATCH /api/v1/systems/{id}/components/{cid} signed_in changes_state
 * 構成要素の変更 */
Status api_systems_update_component(Request *req, Response *res, Err *e)
{
    int64_t id, cid;
    Status s = path_id(req, 0, &id, e);
    if (s == ST_OK)
        s = path_id(req, 1, &cid, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &component_entity, false, e);
    if (s == ST_OK)
        s = system_update_component(&req->ctx, id, cid, req->json, e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/systems/{id}/components/{cid}/remove signed_in changes_state
 * 構成要素の削除 */
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
