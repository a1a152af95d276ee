/* api_requests: 申請・承認 over HTTP — the pack's request types (for forms), drafts, submission,
 * decisions, withdrawal, return (持ち出しの返却), the inbox and the requester's own list. The rules
 * (fields per type, approver resolution, 第20条 separation, snapshots) are the domain's
 * (domain/request*.c); who may read a request is request_may_view. */
#include <string.h>

#include "domain/requests/requests.h"
#include "http/api.h"
#include "http/citations.h"
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

Status api_request_types(Request *req, Response *res, Err *e)
{
    (void)e;
    const Pack *p = req->ctx.pack;
    json_t *items = json_array();
    for (size_t i = 0; i < p->n_request_types; i++)
        json_array_append_new(items, pack_request_type_to_json(&p->request_types[i]));
    citations_annotate_rules(&req->ctx, items);
    return respond_json(res, 200, json_pack("{s:o}", "items", items));
}

Status api_requests_list(Request *req, Response *res, Err *e)
{
    const char *box = req_query(req, "box");
    json_t *out = NULL;
    Status s = request_list(&req->ctx, box && *box ? box : "mine", &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

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

Status api_requests_submit(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, no_fields, &id, e);
    if (s == ST_OK)
        s = request_submit(&req->ctx, id, e);
    return answer(req, res, id, s, 200, e);
}

Status api_requests_decide(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, decide_fields, &id, e);
    if (s == ST_OK)
        s = request_decide(&req->ctx, id, in_str(req->json, "decision", ""), in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

Status api_requests_withdraw(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_withdraw(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

Status api_requests_depart(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_depart(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}

Status api_requests_complete(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = prepare(req, comment_fields, &id, e);
    if (s == ST_OK)
        s = request_complete(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    return answer(req, res, id, s, 200, e);
}
