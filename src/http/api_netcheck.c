/* api_netcheck: the 三層の対策 check (第24条–第26条, 第67条) over HTTP — uploads of a topology and the
 * devices' configurations, runs stored with their result, a before/after comparison attached to a
 * セキュリティ設定の変更 request (第44条). Running and reading need netcheck.run (the route table);
 * which runs one reads is the domain's rule (netcheck.h). docs/netcheck.md. */
#include <stdio.h>
#include <string.h>

#include "domain/netcheck/netcheck.h"
#include "http/api_netcheck.h"
#include "http/input.h"
#include "http/problem.h"

static Status path_id(Request *req, int64_t *id, const char *code, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, code, "id", "見つかりません", "not found");
    return ST_OK;
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: POST /api/v1/netcheck/files netcheck.run upload
 * 検証するファイル (トポロジー・機器の設定) のアップロード (?name=, SHA-256 で保管) */
Status api_netcheck_file_upload(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = netcheck_file_add(&req->ctx, req_query(req, "name"), (const unsigned char *)req->body.data, req->body.len,
                                 &id, e);
    return reply(res, s, 201, s == ST_OK ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", req_query(req, "name"))
                                         : NULL);
}

/* ROUTE: POST /api/v1/netcheck/runs netcheck.run changes_state
 * ネットワーク分離の検証・変更前後の比較の実行 (結果を保存し証跡に記録) */
Status api_netcheck_run(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = netcheck_run(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = netcheck_run_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/netcheck/runs netcheck.run
 * ネットワーク分離の検証結果の一覧 */
Status api_netcheck_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = netcheck_run_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/netcheck/runs/{id} netcheck.run
 * ネットワーク分離の検証結果 (禁止された通信・経路・ルールの行・条項、ルールの点検) */
Status api_netcheck_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "netcheck_run_not_found", e);
    if (s == ST_OK)
        s = netcheck_run_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/netcheck/runs/{id}/report netcheck.run
 * 検証結果の報告書 (PDF、和暦、条項・ハッシュつき) */
Status api_netcheck_report(Request *req, Response *res, Err *e)
{
    int64_t id;
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = path_id(req, &id, "netcheck_run_not_found", e);
    if (s == ST_OK)
        s = netcheck_run_pdf(&req->ctx, id, &data, &len, e);
    if (s != ST_OK)
        return s;
    char name[64];
    snprintf(name, sizeof name, "netcheck-%lld.pdf", (long long)id);
    return respond_file(res, data, len, "application/pdf", name);
}

/* ROUTE: POST /api/v1/netcheck/runs/{id}/attach netcheck.run changes_state
 * 変更前後の比較をセキュリティ設定の変更の申請に添付 (第44条) */
Status api_netcheck_attach(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "netcheck_run_not_found", e);
    json_t *rq = json_object_get(req->json, "request_id");
    if (s == ST_OK && (!json_is_integer(rq) || json_object_size(req->json) != 1))
        s = err_set(e, ST_INVALID, "netcheck_invalid_run", "request_id", "request_id (申請の番号) だけを指定してください",
                    "give request_id only");
    if (s == ST_OK)
        s = netcheck_run_attach(&req->ctx, id, json_integer_value(rq), e);
    if (s == ST_OK)
        s = netcheck_run_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/requests/{id}/netcheck signed_in
 * 申請に添付された変更前後の比較 (申請を読める人: 申請者・承認者) */
Status api_netcheck_request_runs(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "request_not_found", e);
    if (s == ST_OK)
        s = netcheck_request_runs(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}
