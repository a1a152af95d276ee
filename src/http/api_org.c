/* api_org: organisation units, people and their accounts' administration, roles, and the
 * 緊急連絡網 — thin handlers over domain/org, people, roles. */
#include <stdlib.h>
#include <string.h>

#include "domain/identity/identity.h"
#include "domain/org/org.h"
#include "entities/person_entity.h"
#include "entities/unit_entity.h"
#include "http/api.h"
#include "http/input.h"
#include "http/input_entity.h"

/* ROUTE: GET /api/v1/org/units signed_in
 * 組織の一覧 */
Status api_units_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = org_list_units(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/org/units org.manage changes_state
 * 組織の作成 */
Status api_units_create(Request *req, Response *res, Err *e)
{
    Status s = input_check_entity(req->json, &unit_entity, true, e);
    int64_t id = 0;
    json_t *out = NULL;
    if (s == ST_OK)
        s = org_create_unit(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = org_get_unit(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: PATCH /api/v1/org/units/{id} org.manage changes_state
 * 組織の変更 */
Status api_units_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "unit_not_found", "id", "組織が見つかりません", "unit not found");
    Status s = input_check_entity(req->json, &unit_entity, false, e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = org_update_unit(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = org_get_unit(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static Status query_id(Request *req, const char *name, int64_t *out, Err *e)
{
    const char *v = req_query(req, name);
    *out = 0;
    if (v && *v && !parse_id(v, out))
        return err_setf(e, ST_INVALID, "invalid_parameter", name, "パラメータ %s が不正です",
                        "invalid parameter %s", name);
    return ST_OK;
}

/* ROUTE: GET /api/v1/people directory.read
 * 職員の検索・一覧 */
Status api_people_list(Request *req, Response *res, Err *e)
{
    PersonQuery q = {.q = req_query(req, "q"), .limit = 50};
    Status s = query_id(req, "unit_id", &q.unit_id, e);
    if (s == ST_OK)
        s = query_id(req, "cursor", &q.cursor, e);
    const char *limit = req_query(req, "limit");
    if (s == ST_OK && limit) {
        int64_t n;
        if (!parse_id(limit, &n) || n > 200)
            return err_set(e, ST_INVALID, "invalid_parameter", "limit",
                           "limit は 1〜200 で指定してください", "limit must be 1-200");
        q.limit = (int)n;
    }
    const char *inactive = req_query(req, "include_inactive");
    q.include_inactive = inactive && strcmp(inactive, "true") == 0;
    if (s == ST_OK && q.q && strlen(q.q) > 200)
        return err_set(e, ST_INVALID, "too_long", "q", "検索語が長すぎます", "search text too long");
    if (s == ST_OK)
        s = people_list(&req->ctx, &q, &res->raw_json, e);
    return s;
}

static Status path_person(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "person_not_found", "id", "職員が見つかりません", "person not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/people/names signed_in
 * 職員の氏名検索 (申請の担当者等の選択用, 連絡先を含まない) */
Status api_people_names(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = people_names(&req->ctx, req_query(req, "q"), &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* The person with "roles" (org) and "account" (identity, or null). */
static Status person_with_account(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = people_get(ctx, id, out, e);
    json_t *account = NULL;
    if (s == ST_OK && (s = account_summary_of_person(ctx, id, &account, e)) != ST_OK) {
        json_decref(*out);
        *out = NULL;
    }
    if (s == ST_OK)
        json_object_set_new(*out, "account", account);
    return s;
}

/* ROUTE: GET /api/v1/people/{id} directory.read
 * 職員の詳細 */
Status api_people_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_person(req, &id, e);
    if (s == ST_OK)
        s = person_with_account(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/people people.manage changes_state
 * 職員の登録 */
Status api_people_create(Request *req, Response *res, Err *e)
{
    Status s = input_check_entity(req->json, &person_entity, true, e);
    int64_t id = 0;
    json_t *out = NULL;
    if (s == ST_OK)
        s = people_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = person_with_account(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: PATCH /api/v1/people/{id} people.manage changes_state
 * 職員の変更 */
Status api_people_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_person(req, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &person_entity, false, e);
    if (s == ST_OK)
        s = people_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = person_with_account(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/roles signed_in
 * 役割と現在の担当者 */
Status api_roles_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = roles_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/role-assignments directory.read
 * 役割の割当の一覧 */
Status api_assignments_list(Request *req, Response *res, Err *e)
{
    int64_t person_id;
    Status s = query_id(req, "person_id", &person_id, e);
    const char *role = req_query(req, "role");
    json_t *out = NULL;
    if (s == ST_OK)
        s = role_assignments_list(&req->ctx, person_id, role && *role ? role : NULL, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static const Field assign_fields[] = {
    {"person_id", F_ID_OR_NULL, true, 0, "職員"},
    {"role", F_STRING, true, 64, "役割"},
    {"scope_kind", F_STRING, true, 20, "範囲"},
    {"scope_id", F_ID_OR_NULL, false, 0, "範囲の組織"},
    {"valid_from", F_DATE, true, 0, "開始日"},
    {"valid_until", F_DATE_OR_NULL, false, 0, "終了日"},
    {"note", F_STRING, false, 500, "備考"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/role-assignments roles.manage changes_state
 * 役割の割当 */
Status api_assignments_create(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, assign_fields, e);
    if (s != ST_OK)
        return s;
    RoleAssignment a = {
        .person_id = in_int(req->json, "person_id", 0),
        .role = in_str(req->json, "role", ""),
        .scope_kind = in_str(req->json, "scope_kind", ""),
        .scope_id = in_int(req->json, "scope_id", 0),
        .valid_from = in_str(req->json, "valid_from", NULL),
        .valid_until = in_str(req->json, "valid_until", NULL),
        .note = in_str(req->json, "note", ""),
    };
    int64_t id = 0;
    if ((s = role_assign(&req->ctx, &a, &id, e)) != ST_OK)
        return s;
    json_t *out = NULL;
    if ((s = role_assignment_get(&req->ctx, id, &out, e)) != ST_OK)
        return s;
    return respond_json(res, 201, out);
}

static const Field end_fields[] = {
    {"valid_until", F_DATE, true, 0, "終了日"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/role-assignments/{id}/end roles.manage changes_state
 * 役割の割当の終了 */
Status api_assignments_end(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "assignment_not_found", "id", "役割の割当が見つかりません",
                       "role assignment not found");
    Status s = input_check(req->json, end_fields, e);
    if (s == ST_OK)
        s = role_end(&req->ctx, id, in_str(req->json, "valid_until", NULL), e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = role_assignment_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/contacts signed_in
 * 緊急連絡網 (第13条8) */
Status api_contacts(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = roles_contacts(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}
