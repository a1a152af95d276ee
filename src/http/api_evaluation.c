/* api_evaluation: 評価・見直し over HTTP (issue 14) — the pack's periodic duties, their status and
 * what was done. Who sees and records a duty is the domain's (its owners and evaluation.manage,
 * domain/evaluation/duties.h); the routes need only a session. */
#include <stdlib.h>

#include "domain/evaluation/evaluation.h"
#include "domain/org/org.h"
#include "http/api.h"
#include "http/input.h"
#include "http/input_entity.h"
#include "entities/evaluation_entity.h"
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

/* ---- 自己点検 (第162条–第164条) ---- */


static const Field answer_fields[] = {
    {"item_id", F_STRING, true, 64, "点検項目"},
    {"answer", F_STRING, true, 16, "回答"},
    {"note", F_STRING, false, 8000, "補足"},
    {NULL, 0, false, 0, NULL},
};

static const Field action_fields[] = {
    {"item_id", F_STRING, true, 64, "点検項目"},
    {"description", F_STRING, true, 8000, "改善策"},
    {"owner_id", F_ID_OR_NULL, true, 0, "担当者"},
    {"due_on", F_DATE, true, 0, "期限"},
    {NULL, 0, false, 0, NULL},
};

static const Field result_fields[] = {
    {"result", F_STRING, true, 8000, "結果"},
    {NULL, 0, false, 0, NULL},
};

static Status selfcheck_id(Request *req, int i, int64_t *id, Err *e)
{
    if (!parse_id(req->params[i], id))
        return err_set(e, ST_NOTFOUND, "selfcheck_not_found", NULL, "自己点検が見つかりません", "self-check not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/selfchecks signed_in
 * 自己点検の一覧 (第162条; 統括等は全て、情報セキュリティ管理者は自分の課室を含むもの) */
Status api_selfchecks_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = selfcheck_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* system_ids (optional) as a list of integer ids; ids given as strings are converted in place. */
static Status system_id_list(json_t *ids, Err *e)
{
    if (!ids)
        return ST_OK;
    if (!json_is_array(ids))
        return err_set(e, ST_INVALID, "invalid_type", "system_ids", "点検する情報システムは一覧で指定してください",
                       "system_ids must be a list");
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        int64_t id;
        if (json_is_string(v) && parse_id(json_string_value(v), &id))
            json_array_set_new(ids, i, json_integer(id));
        else if (!json_is_integer(v))
            return err_set(e, ST_INVALID, "invalid_type", "system_ids", "情報システムはIDで指定してください",
                           "system ids must be ids");
    }
    return ST_OK;
}

/* ROUTE: POST /api/v1/selfchecks evaluation.manage changes_state
 * 自己点検の開始 (年度と対象の課室・情報システム, 第162条) */
Status api_selfchecks_open(Request *req, Response *res, Err *e)
{
    /* unit_ids is a list, which the field table cannot say: checked here and by the domain */
    json_t *units = json_incref(json_object_get(req->json, "unit_ids"));
    if (units)
        json_object_del(req->json, "unit_ids");
    json_t *systems = json_incref(json_object_get(req->json, "system_ids"));
    if (systems)
        json_object_del(req->json, "system_ids");
    Status s = input_check_entity(req->json, &selfcheck_campaign_entity, true, e);
    if (s == ST_OK && !units)
        s = err_set(e, ST_INVALID, "required", "unit_ids", "点検する課室を選んでください", "unit_ids is required");
    if (s == ST_OK && !json_is_array(units))
        s = err_set(e, ST_INVALID, "invalid_type", "unit_ids", "点検する課室は一覧で指定してください", "unit_ids must be a list");
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        int64_t id;
        if (s != ST_OK)
            break;
        if (json_is_string(u) && parse_id(json_string_value(u), &id))
            json_array_set_new(units, i, json_integer(id));
        else if (!json_is_integer(u))
            s = err_set(e, ST_INVALID, "invalid_type", "unit_ids", "課室はIDで指定してください", "unit ids must be ids");
    }
    int64_t id = 0;
    json_t *out = NULL;
    if (s == ST_OK)
        s = system_id_list(systems, e);
    if (s == ST_OK) {
        json_object_set(req->json, "unit_ids", units);
        if (systems)
            json_object_set(req->json, "system_ids", systems);
        s = selfcheck_open(&req->ctx, req->json, &id, e);
    }
    json_decref(units);
    json_decref(systems);
    if (s == ST_OK)
        s = selfcheck_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/selfchecks/{id} signed_in
 * 自己点検の結果 (項目・課室・第16条の3の区分ごと) */
Status api_selfchecks_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = selfcheck_id(req, 0, &id, e);
    if (s == ST_OK)
        s = selfcheck_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/selfchecks/{id}/report evaluation.manage
 * 自己点検の結果の報告 (PDF, 和暦; CISO へ, 第163条) */
Status api_selfchecks_report(Request *req, Response *res, Err *e)
{
    int64_t id;
    unsigned char *pdf = NULL;
    size_t len = 0;
    Status s = selfcheck_id(req, 0, &id, e);
    if (s == ST_OK)
        s = selfcheck_report_pdf(&req->ctx, id, &pdf, &len, e);
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", "自己点検の結果の報告.pdf") : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/close evaluation.manage changes_state
 * 自己点検の締切り */
Status api_selfchecks_close(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = selfcheck_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = selfcheck_close(&req->ctx, id, e);
    if (s == ST_OK)
        s = selfcheck_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static Status sheet_ids(Request *req, int64_t *id, int64_t *unit, Err *e)
{
    Status s = selfcheck_id(req, 0, id, e);
    if (s == ST_OK && !parse_id(req->params[1], unit))
        s = err_set(e, ST_NOTFOUND, "selfcheck_not_found", NULL, "自己点検が見つかりません", "self-check not found");
    return s;
}

/* ROUTE: GET /api/v1/selfchecks/{id}/units/{unit} signed_in
 * 課室の自己点検票 (データから求めた回答と根拠、回答、改善策) */
Status api_selfchecks_sheet(Request *req, Response *res, Err *e)
{
    int64_t id, unit;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &unit, e);
    if (s == ST_OK)
        s = selfcheck_sheet(&req->ctx, id, unit, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/units/{unit}/answers signed_in changes_state
 * 自己点検の回答 (データから求めた回答の確認・修正, 第162条2) */
Status api_selfchecks_answer(Request *req, Response *res, Err *e)
{
    int64_t id, unit;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &unit, e);
    if (s == ST_OK)
        s = input_check(req->json, answer_fields, e);
    if (s == ST_OK)
        s = selfcheck_answer(&req->ctx, id, unit, in_str(req->json, "item_id", NULL), in_str(req->json, "answer", NULL),
                             in_str(req->json, "note", NULL), e);
    if (s == ST_OK)
        s = selfcheck_sheet(&req->ctx, id, unit, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/units/{unit}/actions signed_in changes_state
 * 自己点検の改善策の登録 (担当者と期限, 第164条) */
Status api_selfchecks_action_add(Request *req, Response *res, Err *e)
{
    int64_t id, unit;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &unit, e);
    if (s == ST_OK)
        s = input_check(req->json, action_fields, e);
    if (s == ST_OK)
        s = selfcheck_action_add(&req->ctx, id, unit, in_str(req->json, "item_id", NULL),
                                 in_str(req->json, "description", NULL), in_int(req->json, "owner_id", 0),
                                 in_str(req->json, "due_on", NULL), NULL, e);
    if (s == ST_OK)
        s = selfcheck_sheet(&req->ctx, id, unit, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/systems evaluation.manage changes_state
 * 自己点検の対象に情報システムを加える (今年度・翌年度の締め切られていない点検) */
Status api_selfchecks_add_systems(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = selfcheck_id(req, 0, &id, e);
    json_t *systems = json_incref(json_object_get(req->json, "system_ids"));
    if (s == ST_OK && systems)
        json_object_del(req->json, "system_ids");
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = system_id_list(systems, e);
    if (s == ST_OK)
        s = selfcheck_systems_add(&req->ctx, id, systems, e);
    json_decref(systems);
    if (s == ST_OK)
        s = selfcheck_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/selfchecks/{id}/systems/{system} signed_in
 * 情報システムの自己点検票 (情報システム管理者が回答; データから求めた回答と根拠) */
Status api_selfchecks_system_sheet(Request *req, Response *res, Err *e)
{
    int64_t id, system;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &system, e);
    if (s == ST_OK)
        s = selfcheck_system_sheet(&req->ctx, id, system, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/systems/{system}/answers signed_in changes_state
 * 情報システムの自己点検の回答 (データから求めた回答の確認・修正, 第162条) */
Status api_selfchecks_system_answer(Request *req, Response *res, Err *e)
{
    int64_t id, system;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &system, e);
    if (s == ST_OK)
        s = input_check(req->json, answer_fields, e);
    if (s == ST_OK)
        s = selfcheck_system_answer(&req->ctx, id, system, in_str(req->json, "item_id", NULL),
                                    in_str(req->json, "answer", NULL), in_str(req->json, "note", NULL), e);
    if (s == ST_OK)
        s = selfcheck_system_sheet(&req->ctx, id, system, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/systems/{system}/actions signed_in changes_state
 * 情報システムの自己点検の改善策の登録 (担当者と期限, 第164条) */
Status api_selfchecks_system_action_add(Request *req, Response *res, Err *e)
{
    int64_t id, system;
    json_t *out = NULL;
    Status s = sheet_ids(req, &id, &system, e);
    if (s == ST_OK)
        s = input_check(req->json, action_fields, e);
    if (s == ST_OK)
        s = selfcheck_system_action_add(&req->ctx, id, system, in_str(req->json, "item_id", NULL),
                                        in_str(req->json, "description", NULL), in_int(req->json, "owner_id", 0),
                                        in_str(req->json, "due_on", NULL), NULL, e);
    if (s == ST_OK)
        s = selfcheck_system_sheet(&req->ctx, id, system, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/selfchecks/{id}/organisation evaluation.manage
 * 組織全体の自己点検票 (統括が回答; データから求めた回答と根拠, 第162条) */
Status api_selfchecks_org_sheet(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = selfcheck_id(req, 0, &id, e);
    if (s == ST_OK)
        s = selfcheck_org_sheet(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfchecks/{id}/organisation/answers evaluation.manage changes_state
 * 組織全体の自己点検の回答 (データから求めた回答の確認・修正, 第162条) */
Status api_selfchecks_org_answer(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = selfcheck_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, answer_fields, e);
    if (s == ST_OK)
        s = selfcheck_org_answer(&req->ctx, id, in_str(req->json, "item_id", NULL), in_str(req->json, "answer", NULL),
                                 in_str(req->json, "note", NULL), e);
    if (s == ST_OK)
        s = selfcheck_org_sheet(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/selfcheck-actions/{id}/close signed_in changes_state
 * 自己点検の改善策の完了 (結果を記録, 第164条) */
Status api_selfcheck_actions_close(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = parse_id(req->params[0], &id) ? ST_OK
                                               : err_set(e, ST_NOTFOUND, "action_not_found", NULL, "改善策が見つかりません",
                                                         "improvement action not found");
    if (s == ST_OK)
        s = input_check(req->json, result_fields, e);
    if (s == ST_OK)
        s = selfcheck_action_close(&req->ctx, id, in_str(req->json, "result", NULL), e);
    return s == ST_OK ? respond_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "done")) : s;
}

/* ROUTE: GET /api/v1/compliance evaluation.manage
 * 遵守状況 (第16条の3の区分ごとの測定値と該当する行) */
Status api_compliance(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = compliance_dashboard(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/compliance/units/{id} signed_in
 * 部局・課室の遵守状況 (その情報セキュリティ責任者・管理者とCISO等; その組織と配下の行だけ) */
Status api_compliance_unit(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "unit_not_found", NULL, "組織が見つかりません", "unit not found");
    json_t *out = NULL;
    Status s = compliance_dashboard_unit(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ---- 監査 (第154条–第160条) ---- */

static const Field auditor_fields[] = {
    {"person_id", F_ID_OR_NULL, true, 0, "監査人"},
    {NULL, 0, false, 0, NULL},
};
static const Field plan_fields[] = {
    {"plan", F_STRING, true, 16000, "改善計画"},
    {"plan_due", F_DATE, true, 0, "期限"},
    {NULL, 0, false, 0, NULL},
};
static const Field close_fields[] = {
    {"note", F_STRING, true, 8000, "フォローアップの結果"},
    {NULL, 0, false, 0, NULL},
};

static Status audit_path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "audit_not_found", NULL, "監査が見つかりません", "audit not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/audit-items signed_in
 * 監査項目の一覧 (パックの監査項目: 項番・監査項目・監査資料の例・監査実施の例・関連する条, 第154条) */
Status api_audit_items(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, audit_item_library(&req->ctx));
}

/* ROUTE: GET /api/v1/audit-contractors signed_in
 * 監査できる委託事業者と委託契約 (委託事業者台帳から, 第157条; 監査統括責任者) */
Status api_audit_contractors(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = audit_contractors(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/audits signed_in
 * 情報セキュリティ監査の一覧 (監査統括責任者は全て、監査人・被監査部門は関係するもの) */
Status api_audits_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = audit_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/audits signed_in changes_state
 * 監査の計画 (年度・被監査の課室, 第154条; 監査統括責任者) */
Status api_audits_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &audit_entity, true, e);
    if (s == ST_OK)
        s = audit_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: GET /api/v1/audits/{id} signed_in
 * 監査の詳細 (監査人・所見・改善計画) */
Status api_audits_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/audits/{id}/auditors signed_in changes_state
 * 監査人の指名 (被監査部門から独立した者, 第155条) */
Status api_audits_assign(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, auditor_fields, e);
    if (s == ST_OK)
        s = audit_assign(&req->ctx, id, in_int(req->json, "person_id", 0), e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/audits/{id}/findings signed_in changes_state
 * 監査所見の記録 (指摘事項・改善提案・良好事例) */
Status api_audits_finding(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &audit_finding_entity, true, e);
    if (s == ST_OK)
        s = audit_finding_add(&req->ctx, id, req->json, NULL, e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

static const Field items_fields[] = {
    {"items", F_ARRAY, true, 0, "監査項目"},
    {NULL, 0, false, 0, NULL},
};
static const Field evidence_request_fields[] = {
    {"item_id", F_STRING, true, 160, "監査項目"},
    {"what", F_STRING, true, 8000, "依頼する資料"},
    {"due_on", F_DATE, true, 0, "提出期限"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/audits/{id}/items signed_in changes_state
 * 監査実施計画の監査項目 (パックの監査項目から選ぶ; 監査統括責任者, 第156条) */
Status api_audits_items(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, items_fields, e);
    if (s == ST_OK)
        s = audit_set_items(&req->ctx, id, json_object_get(req->json, "items"), e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/audits/{id}/submit signed_in changes_state
 * 監査実施計画の承認の申請 (情報セキュリティ委員会, 申請・承認で; 第156条) */
Status api_audits_submit(Request *req, Response *res, Err *e)
{
    int64_t id, rid = 0;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = audit_submit_plan(&req->ctx, id, &rid, e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: POST /api/v1/audits/{id}/evidence-requests signed_in changes_state
 * 被監査部門への資料の依頼 (監査項目・資料・提出期限; 承認済みの計画で, 第156条2) */
Status api_audits_evidence_request(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = audit_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, evidence_request_fields, e);
    if (s == ST_OK)
        s = audit_evidence_request(&req->ctx, id, req->json, NULL, e);
    if (s == ST_OK)
        s = audit_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: POST /api/v1/audit-evidence-requests/{id}/files signed_in upload
 * 依頼された資料の提出 (被監査の課室; SHA-256 で保管, 第159条; ?name=&description=) */
Status api_audit_evidence_upload(Request *req, Response *res, Err *e)
{
    int64_t id, evidence = 0;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "evidence_request_not_found", NULL, "資料の依頼が見つかりません", "evidence request not found");
    Status s = audit_evidence_add(&req->ctx, id, req_query(req, "name"), req_query(req, "description"),
                                  (const unsigned char *)req->body.data, req->body.len, &evidence, e);
    return s == ST_OK ? respond_json(res, 201, json_pack("{s:I, s:I}", "request_id", (json_int_t)id, "evidence_id", (json_int_t)evidence))
                      : s;
}

/* ROUTE: GET /api/v1/audit-evidence/{id} signed_in
 * 監査証拠の取得 (照合してから。閲覧は証跡に記録, 第159条) */
Status api_audit_evidence_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "evidence_not_found", "evidence_id", "その証拠は見つかりません", "no such evidence");
    unsigned char *data = NULL;
    size_t len = 0;
    char name[256];
    Status s = audit_evidence_read(&req->ctx, id, &data, &len, name, e);
    /* served as an opaque download, never rendered by the browser */
    return s == ST_OK ? respond_file(res, data, len, "application/octet-stream", name) : s;
}

/* ROUTE: GET /api/v1/audits/{id}/report signed_in
 * 監査報告書 (PDF, 和暦; 情報セキュリティ委員会・CISO へ, 第158条) */
Status api_audits_report(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = audit_path_id(req, &id, e);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (s == ST_OK)
        s = audit_report_pdf(&req->ctx, id, &pdf, &len, e);
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", "監査報告書.pdf") : s;
}

static Status finding_path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "audit_not_found", NULL, "監査が見つかりません", "audit not found");
    return ST_OK;
}

/* ROUTE: POST /api/v1/audit-findings/{id}/plan signed_in changes_state
 * 監査所見への改善計画 (被監査部門, 第160条) */
Status api_audit_findings_plan(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = finding_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, plan_fields, e);
    if (s == ST_OK)
        s = audit_finding_plan(&req->ctx, id, in_str(req->json, "plan", NULL), in_str(req->json, "plan_due", NULL), e);
    return s == ST_OK ? respond_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "planned")) : s;
}

/* ROUTE: POST /api/v1/audit-findings/{id}/close signed_in changes_state
 * 監査所見の完了 (フォローアップの結果, 第160条) */
Status api_audit_findings_close(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = finding_path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, close_fields, e);
    if (s == ST_OK)
        s = audit_finding_close(&req->ctx, id, in_str(req->json, "note", NULL), e);
    return s == ST_OK ? respond_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "closed")) : s;
}

/* ROUTE: GET /api/v1/readiness evaluation.manage
 * 第16条の3 対策の状況 (区分ごとの充足状況と根拠) */
Status api_readiness(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = readiness_status(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/readiness/pdf evaluation.manage
 * 第16条の3 対策の状況の報告書 (PDF, 和暦) */
Status api_readiness_pdf(Request *req, Response *res, Err *e)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    Status s = readiness_report_pdf(&req->ctx, &pdf, &len, e);
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", "第16条の3_対策の状況.pdf") : s;
}

/* ROUTE: GET /api/v1/readiness/xlsx evaluation.manage
 * 第16条の3 対策の状況 (Excel) */
Status api_readiness_xlsx(Request *req, Response *res, Err *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = readiness_xlsx(&req->ctx, &data, &len, e);
    return s == ST_OK ? respond_file(res, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     "第16条の3_対策の状況.xlsx")
                      : s;
}
