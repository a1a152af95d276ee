/* api_gate: the 無害化 gate over HTTP (docs/sanitize.md「隔離と原本取り出し」) — the overview of
 * verdicts per day and reason with the signature database's age (gate.read), one day's verdicts
 * (gate.read), the quarantine (a person's own attachments; everything for gate.read), filing a
 * 原本取り出し and downloading an approved one. The rules are src/domain/gate's. */
#include <stdlib.h>
#include <string.h>

#include "domain/gate/gate.h"
#include "http/http.h"
#include "http/input.h"
#include "http/problem.h"

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/gate/overview gate.read
 * 無害化ゲートの判定 (日ごと・理由ごとの件数)、隔離の件数、ウイルス定義の鮮度 */
Status api_gate_overview(Request *req, Response *res, Err *e)
{
    const char *d = req_query(req, "days");
    int64_t days = 14;
    if (d && (!parse_id(d, &days) || days > 366))
        return err_set(e, ST_INVALID, "invalid_days", "days", "日数は 1〜366 で指定してください", "days must be 1-366");
    json_t *out = NULL;
    Status s = gate_overview(&req->ctx, (int)days, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/gate/verdicts gate.read
 * ある日の無害化の判定の一覧 (理由で絞り込み) */
Status api_gate_verdicts(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = gate_verdicts_of_day(&req->ctx, req_query(req, "day"), req_query(req, "reason"), &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/gate/items signed_in
 * 隔離された添付ファイルと原本取り出しの状態 (自分宛て。gate.read は全て) */
Status api_gate_items(Request *req, Response *res, Err *e)
{
    const char *mine = req_query(req, "mine");
    json_t *out = NULL;
    Status s = gate_items_list(&req->ctx, mine && strcmp(mine, "1") == 0, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/gate/releases signed_in changes_state
 * 無害化前の原本の取り出しを申請 (受信者本人、第105条(1)) */
Status api_gate_release_request(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"quarantine_id", F_STRING, true, 64, "隔離ID"},
        {"reason", F_STRING, true, 2000, "理由"},
        {NULL, 0, false, 0, NULL},
    };
    Status s = input_check(req->json, fields, e);
    if (s != ST_OK)
        return s;
    int64_t id = 0;
    s = gate_release_request(&req->ctx, in_str(req->json, "quarantine_id", ""), in_str(req->json, "reason", ""), &id, e);
    return reply(res, s, 201, s == ST_OK ? json_pack("{s:I}", "request_id", (json_int_t)id) : NULL);
}

/* ROUTE: GET /api/v1/gate/releases/{id}/original signed_in
 * 許可された原本の取り出し (申請者本人、期限内、現在のウイルス定義で再検査してから。証跡に記録) */
Status api_gate_release_download(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "request_not_found", "id", "原本取り出しの申請が見つかりません",
                       "release request not found");
    uint8_t *data = NULL;
    size_t len = 0;
    char name[256];
    Status s = gate_release_download(&req->ctx, id, &data, &len, name, e);
    /* served as an opaque download, never rendered by the browser */
    return s == ST_OK ? respond_file(res, data, len, "application/octet-stream", name[0] ? name : "original.bin") : s;
}
