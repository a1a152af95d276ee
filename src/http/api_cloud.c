/* api_cloud: クラウド・外部サービス (第143条–第153条) over HTTP — the register of services approved
 * through the requests engine, their クラウドサービス管理者, the assets placed on them, the periodic
 * reviews and the end of use. Registering and appointing need cloud.manage (the route table); what a
 * manager records is signed_in, narrowed by the domain to the service's own manager (and the 統括),
 * and reading follows need-to-know there too. */
#include <string.h>

#include "domain/cloud/cloud.h"
#include "http/http.h"
#include "http/input.h"
#include "http/problem.h"

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "cloud_service_not_found", "id", "クラウドサービスが見つかりません",
                       "cloud service not found");
    return ST_OK;
}

/* Answers with the service (200) after a change, or the error. */
static Status reply_service(Request *req, Response *res, Status s, int64_t id, int status, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = cloud_service_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/cloud/settings signed_in
 * クラウドサービスの承認区分と定期確認の間隔 (ポリシーパック) */
Status api_cloud_settings(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, cloud_settings(&req->ctx));
}

/* ROUTE: GET /api/v1/cloud/services signed_in
 * クラウドサービス台帳 (統括・監査は全て、サービスの管理者は自分のサービス) */
Status api_cloud_services_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = cloud_services_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/cloud/candidates cloud.manage
 * 台帳に未登録の承認済み利用申請 */
Status api_cloud_candidates(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = cloud_candidates(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/cloud/alerts cloud.manage
 * ISMAP・ISMAP-LIU の登録の失効・失効間近 */
Status api_cloud_alerts(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = cloud_ismap_alerts(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/cloud/services cloud.manage changes_state
 * 承認済み利用申請からクラウドサービス・業務委託サービスを登録し、管理者を指名 (第148条3・第143条6) */
Status api_cloud_services_register(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = cloud_service_register(&req->ctx, req->json, &id, e);
    return reply_service(req, res, s, id, 201, e);
}

/* ROUTE: GET /api/v1/cloud/services/{id} signed_in
 * クラウドサービスの詳細 (情報資産・定期確認・利用終了) */
Status api_cloud_services_get(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    return reply_service(req, res, s, id, 200, e);
}

/* ROUTE: PATCH /api/v1/cloud/services/{id} signed_in changes_state
 * クラウドサービスの変更 (ISMAP・保存場所・約款の確認・移行計画、管理者の指名) */
Status api_cloud_services_update(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = cloud_service_update(&req->ctx, id, req->json, e);
    return reply_service(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/assets signed_in changes_state
 * 情報資産をクラウドサービスに置く (承認区分を超える機密性は拒否) */
Status api_cloud_services_place(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    json_t *a = json_object_get(req->json, "asset_id");
    if (s == ST_OK && (!a || json_is_null(a)))
        s = err_set(e, ST_INVALID, "required", "asset_id", "情報資産を指定してください", "asset_id is required");
    if (s == ST_OK && !json_is_integer(a))
        s = err_set(e, ST_INVALID, "invalid_type", "asset_id", "情報資産は番号(正の整数)で指定してください",
                    "asset_id must be an id (a positive integer)");
    if (s == ST_OK)
        s = cloud_asset_place(&req->ctx, id, json_integer_value(a), e);
    return reply_service(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/assets/{aid}/remove signed_in changes_state
 * 情報資産をクラウドサービスから外す */
Status api_cloud_services_unplace(Request *req, Response *res, Err *e)
{
    int64_t id = 0, aid = 0;
    Status s = path_id(req, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &aid))
        s = err_set(e, ST_NOTFOUND, "cloud_asset_not_placed", "asset_id", "この情報資産はこのサービスに置かれていません",
                    "the asset is not placed on this service");
    if (s == ST_OK)
        s = cloud_asset_remove(&req->ctx, id, aid, e);
    return reply_service(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/systems signed_in changes_state
 * クラウドサービスを利用する情報システムを情報システム台帳から登録する (第149条2) */
Status api_cloud_services_link_system(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    json_t *sys = json_object_get(req->json, "system_id");
    if (s == ST_OK && (!sys || json_is_null(sys)))
        s = err_set(e, ST_INVALID, "required", "system_id", "情報システムを指定してください", "system_id is required");
    if (s == ST_OK && !json_is_integer(sys))
        s = err_set(e, ST_INVALID, "invalid_type", "system_id", "情報システムは番号(正の整数)で指定してください",
                    "system_id must be an id (a positive integer)");
    if (s == ST_OK)
        s = cloud_system_link(&req->ctx, id, json_integer_value(sys), e);
    return reply_service(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/systems/{sid}/remove signed_in changes_state
 * クラウドサービスを利用する情報システムの登録を解除する */
Status api_cloud_services_unlink_system(Request *req, Response *res, Err *e)
{
    int64_t id = 0, sid = 0;
    Status s = path_id(req, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &sid))
        s = err_set(e, ST_NOTFOUND, "cloud_system_not_linked", "system_id",
                    "この情報システムはこのサービスに結び付けられていません", "the system is not linked to this service");
    if (s == ST_OK)
        s = cloud_system_unlink(&req->ctx, id, sid, e);
    return reply_service(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/reviews signed_in changes_state
 * サービスの管理者による定期的な確認の記録 (第150条5) */
Status api_cloud_services_review(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = cloud_review_add(&req->ctx, id, req->json, e);
    return reply_service(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/cloud/services/{id}/end signed_in changes_state
 * 利用終了の記録 (情報の削除・返却、アカウントの廃棄; 第151条) */
Status api_cloud_services_end(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = cloud_service_end(&req->ctx, id, req->json, e);
    return reply_service(req, res, s, id, 200, e);
}
