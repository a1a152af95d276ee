/* api_records: 持ち出し・持ち込み記録 (第43条), 作業記録 (第63条), 障害記録 (第66条) and the
 * ソフトウェア・ライセンス台帳 (第76条(2)) over HTTP. Bodies are checked here for shape (fields,
 * types, lengths); the rules and who may do what are in src/domain/rec_*.c. */
#include <string.h>

#include "domain/records/records.h"
#include "http/api_records.h"
#include "http/input_entity.h"
#include "http/input.h"

static Status path_id(Request *req, int64_t *id, const char *code, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, code, "id", "記録が見つかりません", "record not found");
    return ST_OK;
}

/* A query flag: absent, "0"/"false" → false; "1"/"true" → true; anything else is refused. */
static Status query_flag(Request *req, const char *name, bool *out, Err *e)
{
    const char *v = req_query(req, name);
    *out = false;
    if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        return ST_OK;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
        *out = true;
        return ST_OK;
    }
    return err_setf(e, ST_INVALID, "invalid_parameter", name, "%s は true か false で指定してください",
                    "%s must be true or false", name);
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

Status api_rec_create(Request *req, Response *res, const Entity *ent, RecCreate create, RecGet get, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, ent, true, e);
    if (s == ST_OK)
        s = create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* --- 持ち出し・持ち込み --- */

/* ROUTE: GET /api/v1/records/take-outs signed_in
 * 持ち出し記録 (持ち出し申請から、返却遅れを表示, 第43条) */
Status api_rec_takeouts(Request *req, Response *res, Err *e)
{
    bool overdue;
    json_t *out = NULL;
    Status s = query_flag(req, "overdue", &overdue, e);
    if (s == ST_OK)
        s = rec_takeout_list(&req->ctx, overdue, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/records/bring-ins signed_in
 * 持ち込み記録の一覧 (第43条) */
Status api_rec_bringins_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = rec_bringin_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/bring-ins signed_in changes_state
 * 持ち込みの記録 (第43条) */
Status api_rec_bringins_create(Request *req, Response *res, Err *e)
{
    return api_rec_create(req, res, &bringin_entity, rec_bringin_create, rec_bringin_get, e);
}

/* ROUTE: POST /api/v1/records/bring-ins/{id}/out signed_in changes_state
 * 持ち込んだ物の持ち帰りの記録 */
Status api_rec_bringins_out(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "record_not_found", e);
    if (s == ST_OK)
        s = input_check_named(req->json, &bringin_entity, NULL, NULL, e);
    if (s == ST_OK)
        s = rec_bringin_out(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = rec_bringin_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* --- 作業記録 --- */

/* ROUTE: GET /api/v1/records/work signed_in
 * 作業記録の一覧 (第63条) */
Status api_rec_work_list(Request *req, Response *res, Err *e)
{
    bool unconfirmed;
    int64_t system = 0;
    json_t *out = NULL;
    const char *v = req_query(req, "system_id");
    if (v && *v && !parse_id(v, &system))
        return err_set(e, ST_INVALID, "invalid_parameter", "system_id", "system_id が不正です", "invalid system_id");
    Status s = query_flag(req, "unconfirmed", &unconfirmed, e);
    if (s == ST_OK)
        s = rec_work_list(&req->ctx, system, unconfirmed, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/work signed_in changes_state
 * 作業記録の作成 (第63条) */
Status api_rec_work_create(Request *req, Response *res, Err *e)
{
    return api_rec_create(req, res, &work_entity, rec_work_create, rec_work_get, e);
}

/* ROUTE: GET /api/v1/records/work/{id} signed_in
 * 作業記録の詳細 */
Status api_rec_work_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "work_not_found", e);
    if (s == ST_OK)
        s = rec_work_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/work/{id}/confirm signed_in changes_state
 * 作業の確認 (作業者本人以外, 第63条3) */
Status api_rec_work_confirm(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "work_not_found", e);
    if (s == ST_OK)
        s = input_check_named(req->json, &work_entity, NULL, NULL, e);
    if (s == ST_OK)
        s = rec_work_confirm(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = rec_work_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* --- 障害記録 --- */

/* ROUTE: GET /api/v1/records/failures signed_in
 * 障害記録の一覧 (第66条) */
Status api_rec_failures_list(Request *req, Response *res, Err *e)
{
    const char *state = req_query(req, "state");
    if (state && *state && strcmp(state, "reported") != 0 && strcmp(state, "handling") != 0 &&
        strcmp(state, "resolved") != 0)
        return err_set(e, ST_INVALID, "invalid_parameter", "state", "state は reported・handling・resolved のいずれかです",
                       "state must be reported, handling or resolved");
    json_t *out = NULL;
    Status s = rec_failure_list(&req->ctx, state, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/failures signed_in changes_state
 * システム障害の報告 (第66条) */
Status api_rec_failures_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &failure_entity, true, e);
    if (s == ST_OK)
        s = rec_failure_report(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = rec_failure_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/records/failures/{id} signed_in
 * 障害記録の詳細 */
Status api_rec_failures_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "failure_not_found", e);
    if (s == ST_OK)
        s = rec_failure_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/failures/{id}/update signed_in changes_state
 * 障害の処理・結果の記録 */
Status api_rec_failures_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "failure_not_found", e);
    if (s == ST_OK)
        s = input_check_named(req->json, &failure_entity, NULL, NULL, e);
    if (s == ST_OK)
        s = rec_failure_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = rec_failure_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* --- ソフトウェア・ライセンス台帳 --- */

/* ROUTE: GET /api/v1/records/licenses signed_in
 * ソフトウェア・ライセンス台帳 (承認された導入申請を含む, 第76条(2)) */
Status api_rec_licenses_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = rec_license_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/licenses signed_in changes_state
 * ライセンスの登録 (第76条(2)) */
Status api_rec_licenses_create(Request *req, Response *res, Err *e)
{
    return api_rec_create(req, res, &license_entity, rec_license_create, rec_license_get, e);
}
