/* api_violations: 違反 (第124条, 第133条–第134条) over HTTP. Bodies are checked here for shape; who may
 * read and do what, and the rules, are src/domain/incidents' (incident_violation.c). */
#include "domain/incidents/incidents.h"
#include "http/http.h"
#include "entities/incident_entity.h"
#include "http/input.h"
#include "http/input_entity.h"

Status api_violations_options(Request *req, Response *res, Err *e);
Status api_violations_list(Request *req, Response *res, Err *e);
Status api_violations_create(Request *req, Response *res, Err *e);
Status api_violations_get(Request *req, Response *res, Err *e);
Status api_violations_assess(Request *req, Response *res, Err *e);
Status api_violations_handle(Request *req, Response *res, Err *e);

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/violations/options signed_in
 * 違反の報告の選択肢 (報告の経路・対応の一覧・条文) */
Status api_violations_options(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, violation_options(&req->ctx));
}

/* ROUTE: GET /api/v1/violations signed_in
 * 自分の違反の報告と、報告を受けた (又は扱う) 違反の報告 */
Status api_violations_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = violation_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/violations signed_in changes_state
 * ポリシー違反の報告 (第124条) */
Status api_violations_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &violation_entity, true, e);
    if (s == ST_OK)
        s = violation_report(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = violation_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "violation_not_found", "id", "違反の報告が見つかりません",
                       "violation report not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/violations/{id} signed_in
 * 違反の報告 (報告者には状態だけ、経路と統括には違反した者と対応も) */
Status api_violations_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = violation_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

typedef Status (*Step)(Ctx *ctx, int64_t id, json_t *in, Err *e);

/* A later step of a report: the declared fields named (entities/incident_entity.h) and the route's extra. */
static Status step(Request *req, Response *res, const char *const *names, const Field *extra, Step fn, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_named(req->json, &violation_entity, names, extra, e);
    if (s == ST_OK)
        s = fn(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = violation_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/violations/{id}/assess signed_in changes_state
 * 統括情報セキュリティ責任者による違反の確認 (違反した者の上司へ通知, 第134条1) */
Status api_violations_assess(Request *req, Response *res, Err *e)
{
    static const Field extra[] = {{"is_violation", F_BOOL, true, 0, "違反か"}, {NULL, 0, false, 0, NULL}};
    static const char *const names[] = {"violator_person_id", "reason", "incident_id", NULL};
    return step(req, res, names, extra, violation_assess, e);
}

/* ROUTE: POST /api/v1/violations/{id}/handle signed_in changes_state
 * 違反への対応の記録 (指導・利用権の停止・懲戒の検討, 第133条・第134条) */
Status api_violations_handle(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"outcome", "outcome_on", NULL};
    return step(req, res, names, NULL, violation_handle, e);
}
