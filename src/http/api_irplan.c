/* api_irplan: 緊急時対応計画 (第125条–第128条) over HTTP — the versions, the current plan with its live
 * contacts and review reasons, writing a draft, the CISO's approval, drills recorded against a
 * version (第52条), the printed plan, and an incident's part of the plan. The route table names the
 * capability (irplan.edit / .approve); reading is narrowed by the domain to the chain. */
#include <stdio.h>

#include "domain/irplan/irplan.h"
#include "http/api_irplan.h"
#include "http/input.h"

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "plan_not_found", "id", "緊急時対応計画が見つかりません",
                       "emergency response plan not found");
    return ST_OK;
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/emergency-plan signed_in
 * 緊急時対応計画の版の一覧 (インシデント対応の経路にある役割の人が読めます) */
Status api_irplan_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = irplan_versions_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/emergency-plan/current signed_in
 * 現行の緊急時対応計画 (連絡先は緊急連絡網と役割から、見直しの理由) */
Status api_irplan_current(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = irplan_version_get(&req->ctx, 0, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/emergency-plan/review signed_in
 * 緊急時対応計画の見直しが必要な理由 (第128条) */
Status api_irplan_review(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = irplan_versions_list(&req->ctx, &out, e); /* the same readers */
    json_decref(out);
    out = NULL;
    if (s == ST_OK)
        s = irplan_review(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/emergency-plan/drafts irplan.edit changes_state
 * 緊急時対応計画の新しい案 (現行の版の写しから) */
Status api_irplan_draft(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = irplan_draft_create(&req->ctx, &id, e);
    if (s == ST_OK)
        s = irplan_version_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/emergency-plan/versions/{id} signed_in
 * 緊急時対応計画の版 (過去の版は読むだけ) */
Status api_irplan_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = irplan_version_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: PATCH /api/v1/emergency-plan/versions/{id} irplan.edit changes_state
 * 緊急時対応計画の案の編集 (報告すべき事項、分類ごとの対応措置、再発防止、見直し期限) */
Status api_irplan_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = irplan_draft_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = irplan_version_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/emergency-plan/versions/{id}/approve irplan.approve changes_state
 * 緊急時対応計画の承認 (CISO、第125条) */
Status api_irplan_approve(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = irplan_approve(&req->ctx, id, e);
    if (s == ST_OK)
        s = irplan_version_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/emergency-plan/versions/{id}/drills signed_in changes_state
 * 訓練をこの版 (と分類) に対して記録 (第52条; 研修・訓練の担当とCSIRT) */
Status api_irplan_drill(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = irplan_drill_link(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = irplan_version_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

static Status pdf(Request *req, Response *res, int64_t id, Err *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = irplan_pdf(&req->ctx, id, &data, &len, e);
    return s == ST_OK ? respond_file(res, data, len, "application/pdf", "emergency-plan.pdf") : s;
}

/* ROUTE: GET /api/v1/emergency-plan/versions/{id}/pdf signed_in
 * 緊急時対応計画の版の印刷 (PDF、和暦、印刷日の連絡先) */
Status api_irplan_pdf(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, e);
    return s == ST_OK ? pdf(req, res, id, e) : s;
}

/* ROUTE: GET /api/v1/emergency-plan/current/pdf signed_in
 * 現行の緊急時対応計画の印刷 (PDF、和暦) */
Status api_irplan_current_pdf(Request *req, Response *res, Err *e) { return pdf(req, res, 0, e); }

/* ROUTE: GET /api/v1/incidents/{id}/plan signed_in
 * このインシデントの分類に当たる緊急時対応計画の部分 (対応措置・報告すべき事項・連絡先) */
Status api_irplan_incident_part(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = parse_id(req->params[0], &id)
                   ? ST_OK
                   : err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません", "incident not found");
    if (s == ST_OK)
        s = irplan_incident_part(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}
