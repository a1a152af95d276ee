/* api_requests: 申請・承認 over HTTP — the pack's request types (for forms), drafts, submission,
 * decisions, withdrawal, return (持ち出しの返却), the inbox and the requester's own list. The rules
 * (fields per type, approver resolution, 第20条 separation, snapshots) are the domain's
 * (domain/request*.c); who may read a request is request_may_view. */
#include <string.h>

#include "domain/requests/requests.h"
#include "http/api.h"
#include "http/input.h"
#include "policy/pack.h"

static const Field create_fields[] = {
    {"type", F_STRING, true, 64, "申請種別"},
    {"object_id", F_ID_OR_NULL, false, 0, "対象"},
    {"fields", F_OBJECT, false, 0, "申請内容"},
    {"submit", F_BOOL, false, 0, "提出"},
    {NULL, 0, false, 0, NULL},
};

static const Field decide_fields[] = {
    {"decision", F_STRING, true, 16, "判断"},
    {"comment", F_STRING, false, 2000, "コメント"},
    {NULL, 0, false, 0, NULL},
};

static const Field comment_fields[] = {
    {"comment", F_STRING, false, 2000, "コメント"},
    {NULL, 0, false, 0, NULL},
};

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "request_not_found", "id", "申請が見つかりません", "request not found");
    return ST_OK;
}

/* Every response about one request is the request as its reader may see it. */
static Status answer(Request *req, Response *res, int64_t id, Status s, int status, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = request_may_view(&req->ctx, id, e);
    if (s == ST_OK)
        s = request_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/request-types signed_in
 * 申請の種類と入力項目 (ポリシーパック) */
Status api_request_types(Request *req, Response *res, Err *e)
{
    (void)e;
    const Pack *p = req->ctx.pack;
    json_t *items = json_array();
    for (size_t i = 0; i < p->n_request_types; i++)
        json_array_append_new(items, pack_request_type_to_json(&p->request_types[i]));
    return respond_json(res, 200, json_pack("{s:o}", "items", items));
}

/* ROUTE: GET /api/v1/requests signed_in
 * 自分の申請 (box=mine) と承認待ち (box=inbox) */
Status api_requests_list(Request *req, Response *res, Err *e)
{
    const char *box = req_query(req, "box");
    json_t *out = NULL;
    Status s = request_list(&req->ctx, box && *box ? box : "mine", &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/requests signed_in changes_state
 * 申請の作成 (submit true で提出まで) */
Status api_requests_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = input_check(req->json, create_fields, e);
    if (s != ST_OK)
        return s;
    s = request_file(&req->ctx, in_str(req->json, "type", ""), in_int(req->json, "object_id", 0),
                     json_object_get(req->json, "fields"), in_bool(req->json, "submit", false), &id, e);
    return answer(req, res, id, s, 201, e);
}

/* ROUTE: GET /api/v1/requests/{id} signed_in
 * 申請の詳細 (次の承認者とその理由・履歴) */
Status api_requests_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, e);
    return answer(req, res, id, s, 200, e);
}

/* Every state change on one request: its id, the reader's right to see it, the body's fields. */
static Status prepare(Request *req, const Field *fields, int64_t *id, Err *e)
{
    Status s = path_id(req, id, e);
    if (s == ST_OK)
        s = request_may_view(&req->ctx, *id, e);
    if (s == ST_OK)
        s = input_check(req->json, fields, e);
    return s;
}

/* ROUTE: POST /api/v1/requests/{id}/submit signed_in changes_state
 * 申請の提出 (差戻し後の再提出を含む) */
Status api_requests_submit(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, no_fields, &id, e);
    if (s == ST_OK)
        s = request_submit(&req->ctx, id, e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/requests/{id}/decide signed_in changes_state
 * 承認・差戻し・却下 */
Status api_requests_decide(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, decide_fields, &id, e);
    if (s == ST_OK)
        s = request_decide(&req->ctx, id, in_str(req->json, "decision", ""), in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/requests/{id}/withdraw signed_in changes_state
 * 申請の取下げ */
Status api_requests_withdraw(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_withdraw(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/requests/{id}/depart signed_in changes_state
 * 持ち出しの記録 (実際に持ち出した日時) */
Status api_requests_depart(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_depart(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

/* ROUTE: POST /api/v1/requests/{id}/complete signed_in changes_state
 * 返却・完了の記録 (持ち出し等) */
Status api_requests_complete(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_complete(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}
