/* api_policy_docs: the municipality's policy documents over HTTP — the register, uploads of new
 * versions (parsed, checked, compared with the previous version), the draft's 改訂履歴 and adoption,
 * publication (第48条), reading acknowledgements (第47条(2)) and their report per 課室, and the
 * annual review (第165条). Who may read what is the domain's (domain/policy_doc.h); writes need
 * policy.manage in the route table. */
#include <string.h>

#include "policy/capability.h"
#include "domain/policydocs/policydocs.h"
#include "entities/policy_review_entity.h"
#include "http/api.h"
#include "http/input.h"
#include "http/input_entity.h"
#include "http/problem.h"
#include "http/review_lessons.h"

static const Field doc_fields[] = {
    {"kind", F_STRING, true, 16, "文書の種類"},
    {"title", F_STRING, true, 200, "文書名"},
    {"area", F_STRING, false, 200, "対象 (情報システム・分野)"},
    {"system_id", F_ID_OR_NULL, false, 0, "情報システム"},
    {NULL, 0, false, 0, NULL},
};

static const Field version_fields[] = {
    {"effective_date", F_DATE_OR_NULL, false, 0, "施行日"},
    {"revision_note", F_STRING, false, 4000, "改訂履歴"},
    {"decision", F_STRING, false, 500, "採択した委員会の決定"},
    {"decision_date", F_DATE_OR_NULL, false, 0, "決定日"},
    {"pack_version", F_STRING, false, 64, "対応するポリシーパックの版"},
    {NULL, 0, false, 0, NULL},
};

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "policy_doc_not_found", "id", "文書が見つかりません", "document not found");
    return ST_OK;
}

static bool manager(const Request *req)
{
    return req->ctx.actor->caps & CAP_POLICY_MANAGE;
}

/* An optional id in the query: absent → 0. */
static Status query_id(Request *req, const char *name, int64_t *out, Err *e)
{
    const char *v = req_query(req, name);
    *out = 0;
    if (v && *v && !parse_id(v, out))
        return err_setf(e, ST_INVALID, "invalid_parameter", name, "%s が不正です", "invalid %s", name);
    return ST_OK;
}

/* ROUTE: GET /api/v1/policy-docs signed_in
 * ポリシー文書の一覧 (読める文書のみ) */
Status api_policy_docs_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = policy_doc_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/policy-docs policy.manage changes_state
 * ポリシー文書の登録 (基本方針・対策基準・実施手順) */
Status api_policy_docs_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check(req->json, doc_fields, e);
    if (s == ST_OK)
        s = policy_doc_create(&req->ctx, in_str(req->json, "kind", ""), in_str(req->json, "title", ""),
                              in_str(req->json, "area", ""), in_int(req->json, "system_id", 0), &id, e);
    if (s == ST_OK)
        s = policy_doc_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/policy-docs/{id} signed_in
 * ポリシー文書と版の一覧 */
Status api_policy_docs_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = policy_doc_get(&req->ctx, id, &out, e);
    if (s == ST_OK && manager(req)) /* the trail names who acknowledged: for the managers only */
        s = api_attach_history(req, out, "policy_document", id, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/policy-docs/{id}/versions policy.manage upload
 * 新しい版のアップロード (読取り・点検・前の版との差分) */
Status api_policy_docs_upload(Request *req, Response *res, Err *e)
{
    int64_t doc, id = 0;
    const char *filename = req_query(req, "filename");
    Status s = path_id(req, &doc, e);
    if (s == ST_OK && filename && strlen(filename) > 255)
        s = err_set(e, ST_INVALID, "too_long", "filename", "ファイル名が長すぎます", "file name too long");
    if (s == ST_OK)
        s = policy_version_upload(&req->ctx, doc, filename ? filename : "", (const unsigned char *)req->body.data,
                                  req->body.len, &id, e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = policy_version_get(&req->ctx, id, 0, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/policy-docs/{id}/acknowledgements policy.manage
 * 同意の状況 (課室ごと, 第47条(2)) */
Status api_policy_docs_acks(Request *req, Response *res, Err *e)
{
    int64_t id, version;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = query_id(req, "version", &version, e);
    if (s == ST_OK)
        s = policy_ack_report(&req->ctx, id, version, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static Status version_answer(Request *req, Response *res, int64_t id, Status s, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = policy_version_get(&req->ctx, id, 0, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/policy-doc-versions/{id} signed_in
 * 版の本文・点検結果・差分 */
Status api_policy_versions_get(Request *req, Response *res, Err *e)
{
    int64_t id, against;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = query_id(req, "against", &against, e);
    if (s == ST_OK)
        s = policy_version_get(&req->ctx, id, against, &out, e);
    if (s == ST_OK && manager(req))
        s = api_attach_history(req, out, "policy_doc_version", id, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: PATCH /api/v1/policy-doc-versions/{id} policy.manage changes_state
 * 版の改訂履歴・施行日・委員会の決定の入力 (下書きのみ) */
Status api_policy_versions_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, version_fields, e);
    if (s == ST_OK)
        s = policy_version_update(&req->ctx, id, req->json, e);
    return version_answer(req, res, id, s, e);
}

/* ROUTE: POST /api/v1/policy-doc-versions/{id}/publish policy.manage changes_state
 * 版の施行・職員への公開 (第48条) */
Status api_policy_versions_publish(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = policy_version_publish(&req->ctx, id, e);
    return version_answer(req, res, id, s, e);
}

/* ROUTE: POST /api/v1/policy-doc-versions/{id}/discard policy.manage changes_state
 * 下書きの版の破棄 */
Status api_policy_versions_discard(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = policy_version_discard(&req->ctx, id, e);
    return version_answer(req, res, id, s, e);
}

/* ROUTE: POST /api/v1/policy-doc-versions/{id}/acknowledge signed_in changes_state
 * ポリシーを読んだことの同意 (第47条(2)) */
Status api_policy_versions_acknowledge(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = policy_ack(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/policy-reviews policy.manage
 * 情報セキュリティポリシーの見直しの一覧 (第165条) */
Status api_policy_reviews_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = policy_review_list(&req->ctx, &out, e);
    if (s == ST_OK && (s = review_lessons_attach_list(&req->ctx, out, e)) != ST_OK)
        json_decref(out);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* The declared fields (entities/policy_review_entity.h) and input_links, a list whose items the
 * domain checks. */
static Status check_review_body(json_t *body, Err *e)
{
    json_t *links = json_incref(json_object_get(body, "input_links"));
    if (links)
        json_object_del(body, "input_links");
    Status s = input_check_entity(body, &review_entity, true, e);
    if (links)
        json_object_set_new(body, "input_links", links);
    if (s == ST_OK && links && !json_is_array(links))
        s = err_set(e, ST_INVALID, "invalid_links", "input_links", "資料へのリンクは一覧で指定してください",
                    "input_links must be a list");
    return s;
}

/* ROUTE: POST /api/v1/policy-reviews policy.manage changes_state
 * 年度の見直しの記録 (第165条) */
Status api_policy_reviews_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = check_review_body(req->json, e);
    if (s == ST_OK)
        s = policy_review_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = policy_review_get(&req->ctx, id, &out, e);
    if (s == ST_OK)
        s = review_lessons_attach(&req->ctx, out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/policy-reviews/{id} policy.manage
 * 見直しの記録の詳細 */
Status api_policy_reviews_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = policy_review_get(&req->ctx, id, &out, e);
    if (s == ST_OK)
        s = review_lessons_attach(&req->ctx, out, e);
    if (s == ST_OK)
        s = api_attach_history(req, out, "policy_review", id, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: PATCH /api/v1/policy-reviews/{id} policy.manage changes_state
 * 見直しの記録の変更 */
Status api_policy_reviews_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = check_review_body(req->json, e);
    if (s == ST_OK)
        s = policy_review_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = policy_review_get(&req->ctx, id, &out, e);
    if (s == ST_OK)
        s = review_lessons_attach(&req->ctx, out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}
