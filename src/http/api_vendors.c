/* api_vendors: 委託 (第135条–第142条) over HTTP — the register of 委託事業者, contracts with their
 * 第137条 clause checklist and approval, 再委託, 要員, the periodic checks (第138条) and the end with the
 * erasure certificate (第139条). Managing needs vendors.manage (the route table); the rules are the
 * domain's. */
#include <string.h>

#include "domain/vendors/vendors.h"
#include "http/api_vendors.h"
#include "entities/vendor_entity.h"
#include "http/input.h"
#include "http/input_entity.h"
#include "http/problem.h"

static Status path_id(Request *req, int64_t *id, const char *code, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, code, "id", "見つかりません", "not found");
    return ST_OK;
}

/* The declaration's input checks (entities/vendor_entity.c); a form's "" for a nullable field is null. */
static Status check_body(Request *req, const Entity *ent, bool creating, Err *e)
{
    entity_blank_to_null(ent, req->json);
    return input_check_entity(req->json, ent, creating, e);
}

/* A contract's body: the declared fields and the systems and assets it touches (ids, checked by the domain). */
static Status check_contract_body(Request *req, Err *e)
{
    static const Field links[] = {{"systems", F_ARRAY, false, 0, "情報システム"}, {"assets", F_ARRAY, false, 0, "情報資産"},
                                  {NULL, 0, false, 0, NULL}};
    const EntityField *declared[CONTRACT_F_COUNT];
    for (size_t i = 0; i < CONTRACT_F_COUNT; i++)
        declared[i] = &contract_fields[i];
    entity_blank_to_null(&contract_entity, req->json);
    return input_check_declared(req->json, declared, CONTRACT_F_COUNT, links, e);
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/vendors/clauses signed_in
 * 委託契約の契約項目 (第137条、ポリシーパック) */
Status api_vendors_clauses(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, vendors_clauses(&req->ctx));
}

/* ROUTE: GET /api/v1/vendors vendors.manage
 * 委託事業者の一覧 (認証の有効期限の状態つき) */
Status api_vendors_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = vendors_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/vendors vendors.manage changes_state
 * 委託事業者の登録 (法人番号・ISMS・プライバシーマーク・連絡先) */
Status api_vendors_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = check_body(req, &vendor_entity, true, e);
    if (s == ST_OK)
        s = vendor_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = vendor_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/vendors/alerts vendors.manage
 * 有効期限切れ・期限間近の認証 (ISMS・プライバシーマーク) */
Status api_vendors_alerts(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = vendors_certificate_alerts(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/vendors/checks-due signed_in
 * 自分が責任者の委託契約の定期的な確認 (第138条) の期限 */
Status api_vendors_checks_due(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = vendors_checks_due_for_actor(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/vendors/{id} vendors.manage
 * 委託事業者の詳細 (契約の一覧) */
Status api_vendors_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "vendor_not_found", e);
    if (s == ST_OK)
        s = vendor_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: PATCH /api/v1/vendors/{id} vendors.manage changes_state
 * 委託事業者の変更 */
Status api_vendors_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "vendor_not_found", e);
    if (s == ST_OK)
        s = check_body(req, &vendor_entity, false, e);
    if (s == ST_OK)
        s = vendor_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = vendor_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/vendor-contracts vendors.manage
 * 委託契約の一覧 (状態・欠けている契約項目の数) */
Status api_vendor_contracts_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = contracts_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/vendor-contracts vendors.manage changes_state
 * 委託契約の登録 (期間・範囲・責任者・対象の情報システムと情報資産) */
Status api_vendor_contracts_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = check_contract_body(req, e);
    if (s == ST_OK)
        s = contract_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/vendor-contracts/{id} vendors.manage
 * 委託契約の詳細 (契約項目・承認・再委託・要員・定期的な確認・終了) */
Status api_vendor_contracts_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "contract_not_found", e);
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: PATCH /api/v1/vendor-contracts/{id} vendors.manage changes_state
 * 委託契約の変更 (承認前は全項目、承認後は期間の延長・責任者・対象の情報システムと情報資産) */
Status api_vendor_contracts_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "contract_not_found", e);
    if (s == ST_OK)
        s = check_contract_body(req, e);
    if (s == ST_OK)
        s = contract_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

typedef Status (*ContractStep)(Ctx *ctx, int64_t id, json_t *in, Err *e);

/* ent: the declaration the body is checked against (NULL: the domain checks it alone). */
static Status step(Request *req, Response *res, ContractStep fn, const Entity *ent, int status, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "contract_not_found", e);
    if (s == ST_OK && ent)
        s = check_body(req, ent, true, e);
    if (s == ST_OK)
        s = fn(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, status, out);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/clauses vendors.manage changes_state
 * 契約項目の確認の記録 (記載の有無・該当箇所・例外措置, 第137条) */
Status api_vendor_contracts_clause(Request *req, Response *res, Err *e)
{
    return step(req, res, contract_clause_set, NULL, 200, e);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/submit vendors.manage changes_state
 * 委託契約の承認申請 (契約項目が欠けていれば拒否し、欠けている項目を示す) */
Status api_vendor_contracts_submit(Request *req, Response *res, Err *e)
{
    int64_t id, rid = 0;
    json_t *out = NULL, *missing = NULL;
    Status s = path_id(req, &id, "contract_not_found", e);
    if (s == ST_OK)
        s = contract_submit(&req->ctx, id, &rid, &missing, e);
    if (s != ST_OK && missing) {
        json_t *p = problem_from_err(e);
        json_object_set_new(p, "missing", missing);
        return respond_json(res, err_http(e), p);
    }
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/subcontracts vendors.manage changes_state
 * 再委託の記録 (再委託先・範囲・承認日, 第137条(9)) */
Status api_vendor_contracts_subcontract(Request *req, Response *res, Err *e)
{
    return step(req, res, contract_subcontract_add, &subcontract_entity, 201, e);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/staff vendors.manage changes_state
 * 委託事業者要員の登録 (誓約日) */
Status api_vendor_contracts_staff(Request *req, Response *res, Err *e)
{
    return step(req, res, contract_staff_add, &vendor_staff_entity, 201, e);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/checks vendors.manage changes_state
 * 定期的な履行状況の確認の記録 (第138条) */
Status api_vendor_contracts_check(Request *req, Response *res, Err *e)
{
    return step(req, res, contract_check_add, &vendor_check_entity, 201, e);
}

/* ROUTE: POST /api/v1/vendor-contracts/{id}/end vendors.manage upload
 * 委託契約の終了 (検収・情報の返却・抹消と抹消証明書, 第139条; ?ended_on=&acceptance=&disposition=&name=) */
Status api_vendor_contracts_end(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "contract_not_found", e);
    json_t *in = json_object();
    static const char *const keys[] = {"ended_on", "acceptance", "disposition"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = req_query(req, keys[i]);
        if (v)
            json_object_set_new(in, keys[i], json_string(v));
    }
    if (s == ST_OK)
        s = contract_end(&req->ctx, id, in, req_query(req, "name"), (const unsigned char *)req->body.data, req->body.len, e);
    json_decref(in);
    if (s == ST_OK)
        s = contract_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/vendor-contracts/{id}/certificate vendors.manage
 * 抹消証明書の取得 (照合してから。閲覧は証跡に記録) */
Status api_vendor_contracts_certificate(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, &id, "contract_not_found", e);
    unsigned char *data = NULL;
    size_t len = 0;
    char name[256];
    if (s == ST_OK)
        s = contract_certificate_read(&req->ctx, id, &data, &len, name, e);
    return s == ST_OK ? respond_file(res, data, len, "application/octet-stream", name) : s;
}
