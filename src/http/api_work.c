/* api_work: the 「自分の作業」 side of 申請・承認 over HTTP — the inbox (what waits for me, my requests,
 * what is overdue), お知らせ (in-app notifications and reminders), 代行 (naming a deputy, 第84条3-4),
 * and 例外措置 (the emergency path of 第130条, the register and its review of 第131条). The rules are
 * the domain's (request_inbox.c, reminder.c, delegation.c, exception.c). */
#include "domain/requests/requests.h"
#include "domain/notify/notify.h"
#include "http/api.h"
#include "http/input.h"

static const Field delegation_fields[] = {
    {"role", F_STRING, true, 64, "役割"},
    {"scope_id", F_ID_OR_NULL, false, 0, "範囲"},
    {"deputy_person_id", F_ID_OR_NULL, true, 0, "代行者"},
    {"valid_from", F_DATE, true, 0, "開始日"},
    {"valid_until", F_DATE, true, 0, "終了日"},
    {"reason", F_STRING, true, 4000, "理由"},
    {NULL, 0, false, 0, NULL},
};

static const Field emergency_fields[] = {
    {"type", F_STRING_OR_NULL, false, 64, "申請種別"},
    {"fields", F_OBJECT, true, 0, "内容"},
    {NULL, 0, false, 0, NULL},
};

static const Field review_fields[] = {
    {"comment", F_STRING, false, 4000, "コメント"},
    {NULL, 0, false, 0, NULL},
};

/* s is the status of the call that filled out (evaluated before reply runs: pass the call's result
 * in a variable, never the call itself next to out). */
static Status reply(Response *res, Status s, json_t *out)
{
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static Status path_id(Request *req, const char *code, const char *ja, const char *en, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, code, "id", ja, en);
    return ST_OK;
}

/* ROUTE: GET /api/v1/inbox signed_in
 * 自分の作業 (承認待ち・自分の申請・期限超過) */
Status api_inbox(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = request_inbox(&req->ctx, &out, e);
    return reply(res, s, out);
}

/* ROUTE: GET /api/v1/notifications signed_in
 * お知らせ (リマインダーを含む) */
Status api_notifications_list(Request *req, Response *res, Err *e)
{
    const char *unread = req_query(req, "unread");
    json_t *out = NULL;
    Status s = notify_list(&req->ctx, unread && *unread == '1', 50, &out, e);
    return reply(res, s, out);
}

/* ROUTE: POST /api/v1/notifications/{id}/read signed_in changes_state
 * お知らせを既読にする */
Status api_notifications_read(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, "notification_not_found", "お知らせが見つかりません", "notification not found", &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = notify_mark_read(&req->ctx, id, e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = notify_list(&req->ctx, false, 50, &out, e);
    return reply(res, s, out);
}

/* ROUTE: GET /api/v1/delegations signed_in
 * 代行の指定 (自分が指定したもの・指定されたもの, 第84条3) */
Status api_delegations_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = delegation_list(&req->ctx, &out, e);
    return reply(res, s, out);
}

/* ROUTE: POST /api/v1/delegations signed_in changes_state
 * 代行者の指定 (特権はCISOの承認を経る, 第84条3-4) */
Status api_delegations_create(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, delegation_fields, e);
    if (s != ST_OK)
        return s;
    DelegationIn in = {
        .role = in_str(req->json, "role", ""),
        .scope_id = in_int(req->json, "scope_id", 0),
        .deputy_person_id = in_int(req->json, "deputy_person_id", 0),
        .valid_from = in_str(req->json, "valid_from", ""),
        .valid_until = in_str(req->json, "valid_until", ""),
        .reason = in_str(req->json, "reason", ""),
    };
    int64_t id = 0, request_id = 0;
    if ((s = delegation_create(&req->ctx, &in, &id, &request_id, e)) != ST_OK)
        return s;
    json_t *out = NULL;
    if ((s = delegation_list(&req->ctx, &out, e)) != ST_OK)
        return s;
    /* Either the delegation is in force, or (privileged roles) a request awaits the CISO. */
    json_object_set_new(out, "created_id", id ? json_integer((json_int_t)id) : json_null());
    json_object_set_new(out, "request_id", request_id ? json_integer((json_int_t)request_id) : json_null());
    return respond_json(res, 201, out);
}

/* ROUTE: POST /api/v1/delegations/{id}/revoke signed_in changes_state
 * 代行の終了 */
Status api_delegations_revoke(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, "delegation_not_found", "代行の指定が見つかりません", "delegation not found", &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = delegation_revoke(&req->ctx, id, e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = delegation_list(&req->ctx, &out, e);
    return reply(res, s, out);
}

/* ROUTE: GET /api/v1/exceptions trail.read
 * 例外措置の台帳 (報告・見直しの状況, 第131条) */
Status api_exceptions_register(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = exception_register(&req->ctx, &out, e);
    return reply(res, s, out);
}

/* ROUTE: POST /api/v1/exceptions/emergency signed_in changes_state
 * 緊急時の例外措置の記録 (事後にCISOへ報告, 第130条) */
Status api_exceptions_emergency(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, emergency_fields, e);
    int64_t id = 0;
    if (s == ST_OK)
        s = exception_take_emergency(&req->ctx, in_str(req->json, "type", NULL), json_object_get(req->json, "fields"),
                                     &id, e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = request_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: POST /api/v1/exceptions/{id}/review signed_in changes_state
 * 例外措置の見直しの記録 (CISO, 第131条) */
Status api_exceptions_review(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = path_id(req, "request_not_found", "申請が見つかりません", "request not found", &id, e);
    if (s == ST_OK)
        s = input_check(req->json, review_fields, e);
    if (s == ST_OK)
        s = exception_review(&req->ctx, id, in_str(req->json, "comment", NULL), e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = request_get(&req->ctx, id, &out, e);
    return reply(res, s, out);
}
