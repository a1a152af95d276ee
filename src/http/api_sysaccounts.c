/* api_sysaccounts: the IDs of the registered information systems over HTTP (第83条・第84条) — the
 * account-list import (dry run, then the import), one system's IDs with their findings, and the
 * findings across systems. The route table admits holders of accounts.review only; which systems
 * each of them reaches is domain/sysaccounts'. */
#include <string.h>

#include "domain/sysaccounts/sysaccounts.h"
#include "http/api.h"
#include "http/input.h"
#include "http/problem.h"

static Status system_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "system_not_found", "id", "情報システムが見つかりません", "system not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/system-ids accounts.review
 * 全ての情報システムのIDの点検結果 (退職者・未使用・特権・照合不能・共用) */
Status api_system_ids_findings(Request *req, Response *res, Err *e)
{
    size_t limit = 500;
    const char *v = req_query(req, "limit");
    int64_t n;
    if (v && *v) {
        if (!parse_id(v, &n) || n > 5000)
            return err_set(e, ST_INVALID, "invalid_parameter", "limit", "limit は 1〜5000 で指定してください",
                           "limit must be 1-5000");
        limit = (size_t)n;
    }
    json_t *out = NULL;
    Status s = sysaccounts_findings(&req->ctx, limit, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/system-ids/formats accounts.review
 * ID一覧の形式 (ポリシーパックの製品別の列の対応) と点検結果の種類 */
Status api_system_ids_formats(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, sysaccounts_formats(&req->ctx));
}

/* ROUTE: GET /api/v1/system-ids/lgsec accounts.review
 * lgsec 自身のアカウントの点検結果 */
Status api_system_ids_lgsec(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = sysaccounts_system(&req->ctx, 0, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/systems/{id}/ids accounts.review
 * 情報システムのID一覧 (最新の取込み) と点検結果 */
Status api_system_ids_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = system_id(req, &id, e);
    if (s == ST_OK)
        s = sysaccounts_system(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/systems/{id}/ids/import accounts.review upload
 * 情報システムのID一覧の取込み (CSV/XLSX, ?format=&filename=&dry_run=1&mapping=) */
Status api_system_ids_import(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = system_id(req, &id, e);
    if (s != ST_OK)
        return s;
    const char *filename = req_query(req, "filename");
    if (filename && strlen(filename) > 255)
        return err_set(e, ST_INVALID, "too_long", "filename", "ファイル名が長すぎます", "file name too long");
    const char *dry = req_query(req, "dry_run");
    bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    if (dry && !dry_run && strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0)
        return err_set(e, ST_INVALID, "invalid_parameter", "dry_run", "dry_run は 1 か 0 で指定してください",
                       "dry_run must be 1 or 0");
    json_t *mapping = NULL;
    const char *m = req_query(req, "mapping");
    if (m && *m) {
        mapping = json_loads(m, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(mapping)) {
            json_decref(mapping);
            return err_set(e, ST_INVALID, "mapping_invalid", "mapping", "列の対応の形式が正しくありません",
                           "the mapping is not a JSON object");
        }
    }
    json_t *out = NULL;
    s = sysaccounts_import(&req->ctx, id, req_query(req, "format"), filename, (const unsigned char *)req->body.data,
                           req->body.len, mapping, dry_run, &out, e);
    json_decref(mapping);
    if (s == ST_OK)
        return respond_json(res, dry_run ? 200 : 201, out);
    if (out && (s == ST_INVALID)) {
        /* the problem with what the dry run would show: every bad cell by row and column */
        json_t *p = problem_from_err(e);
        json_object_update(p, out); /* out's row errors replace the problem's field list */
        json_decref(out);
        return respond_json(res, err_http(e), p);
    }
    json_decref(out);
    return s;
}

/* ---- access-review campaigns (第83条(3)) ---- */

static Status review_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "access_review_not_found", "id", "アクセス権の見直しが見つかりません",
                       "access review not found");
    return ST_OK;
}

static Status item_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "access_review_item_not_found", "id", "見直しの対象のIDが見つかりません",
                       "review item not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/access-reviews accounts.review
 * アクセス権の見直しの一覧と次の期限 (checks.yaml の間隔) */
Status api_access_reviews_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = access_review_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static const Field open_fields[] = {
    {"title", F_STRING, true, 800, "件名"},
    {"due_on", F_DATE, true, 0, "期限"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/access-reviews accounts.review changes_state
 * アクセス権の見直しの開始 (全ての情報システムのIDを写す) */
Status api_access_reviews_open(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check(req->json, open_fields, e);
    if (s == ST_OK)
        s = access_review_open(&req->ctx, in_str(req->json, "title", ""), in_str(req->json, "due_on", ""), &id, e);
    if (s == ST_OK)
        s = access_review_get(&req->ctx, id, -1, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/access-reviews/{id} accounts.review
 * アクセス権の見直しの詳細 (情報システムごとの進み具合、IDごとの判断と対応, ?system_id=) */
Status api_access_reviews_get(Request *req, Response *res, Err *e)
{
    int64_t id, system = -1;
    Status s = review_id(req, &id, e);
    const char *v = req_query(req, "system_id");
    if (s == ST_OK && v && *v && !(strcmp(v, "0") == 0 ? (system = 0, true) : parse_id(v, &system)))
        s = err_set(e, ST_INVALID, "invalid_parameter", "system_id", "system_id が不正です", "invalid system_id");
    json_t *out = NULL;
    if (s == ST_OK)
        s = access_review_get(&req->ctx, id, system, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/access-reviews/{id}/record.xlsx accounts.review
 * アクセス権の見直しの記録 (XLSX, 監査の証拠) */
Status api_access_reviews_xlsx(Request *req, Response *res, Err *e)
{
    int64_t id;
    unsigned char *data = NULL;
    size_t len = 0;
    char name[96];
    Status s = review_id(req, &id, e);
    if (s == ST_OK)
        s = access_review_xlsx(&req->ctx, id, &data, &len, name, e);
    return s == ST_OK
               ? respond_file(res, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)
               : s;
}

/* ROUTE: POST /api/v1/access-reviews/{id}/close accounts.review changes_state
 * アクセス権の見直しの終了 (全てのIDを判断した後) */
Status api_access_reviews_close(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = review_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = access_review_close(&req->ctx, id, e);
    if (s == ST_OK)
        s = access_review_get(&req->ctx, id, -1, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static const Field decide_fields[] = {
    {"decision", F_STRING, true, 16, "判断"},
    {"reason", F_STRING, true, 4000, "理由"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/access-review-items/{id}/decide accounts.review changes_state
 * IDの確認 (継続・変更・削除と理由) */
Status api_access_review_items_decide(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = item_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, decide_fields, e);
    if (s == ST_OK)
        s = access_review_decide(&req->ctx, id, in_str(req->json, "decision", ""), in_str(req->json, "reason", ""), e);
    return s == ST_OK ? respond_json(res, 204, NULL) : s;
}

static const Field done_fields[] = {
    {"note", F_STRING, true, 4000, "対応の記録"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/access-review-items/{id}/done accounts.review changes_state
 * 変更・削除の対応を記録 (取込みで確かめられない場合) */
Status api_access_review_items_done(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = item_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, done_fields, e);
    if (s == ST_OK)
        s = access_review_done(&req->ctx, id, in_str(req->json, "note", ""), e);
    return s == ST_OK ? respond_json(res, 204, NULL) : s;
}
