/* api_evaluation: 評価・見直し over HTTP (issue 14) — the pack's periodic duties, their status and
 * what was done. Who sees and records a duty is the domain's (its owners and evaluation.manage,
 * domain/evaluation/duties.h); the routes need only a session. */
#include "domain/evaluation/evaluation.h"
#include "http/api.h"
#include "http/input.h"
#include "http/problem.h"

static const Field duty_record_fields[] = {
    {"done_on", F_DATE, true, 0, "実施日"},
    {"summary", F_STRING, true, 8000, "実施内容"},
    {"evidence", F_STRING, false, 2000, "証拠の保管場所"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: GET /api/v1/duties signed_in
 * 定期的な義務の一覧 (研修・訓練・点検・自己点検・監査・見直し; 自分が担う義務、evaluation.manage は全て) */
Status api_duties_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = duties_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/duties/{id} signed_in
 * 定期的な義務の状況と実施の記録 */
Status api_duties_get(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = duty_get(&req->ctx, req->params[0], &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/duties/{id}/records signed_in changes_state
 * 定期的な義務の実施の記録 */
Status api_duties_record(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = input_check(req->json, duty_record_fields, e);
    if (s == ST_OK)
        s = duty_record(&req->ctx, req->params[0], in_str(req->json, "done_on", NULL), in_str(req->json, "summary", NULL),
                        in_str(req->json, "evidence", NULL), NULL, e);
    if (s == ST_OK)
        s = duty_get(&req->ctx, req->params[0], &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}
