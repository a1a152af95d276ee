/* api_accounts: the administrator's operations on a person's lgsec account — issuing it with a
 * temporary password (第88条), re-issuing a temporary password, lifting a lockout (第87条). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/identity/identity.h"
#include "http/api.h"
#include "http/input.h"

static Status person_account(Request *req, int64_t *person_id, AccountInfo *info, Err *e)
{
    if (!parse_id(req->params[0], person_id))
        return err_set(e, ST_NOTFOUND, "person_not_found", "id", "職員が見つかりません", "person not found");
    if (!info)
        return ST_OK;
    Status s = account_get_by_person(req->ctx.db, *person_id, info, e);
    if (s == ST_NOTFOUND)
        err_set(e, ST_NOTFOUND, "account_not_found", "", "この職員にはアカウントがありません",
                "this person has no account");
    return s;
}

static json_t *take_password(char *temp)
{
    json_t *v = json_string(temp);
    sodium_memzero(temp, strlen(temp));
    free(temp);
    return v;
}

/* ROUTE: POST /api/v1/people/{id}/account people.manage changes_state
 * アカウントの発行 */
Status api_account_create(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {{"login_id", F_STRING, true, 64, "ログインID"}, {NULL, 0, false, 0, NULL}};
    int64_t person_id;
    Status s = person_account(req, &person_id, NULL, e);
    if (s == ST_OK)
        s = input_check(req->json, fields, e);
    char *temp = NULL;
    if (s == ST_OK)
        s = account_create(&req->ctx, person_id, in_str(req->json, "login_id", ""), &temp, NULL, e);
    if (s != ST_OK)
        return s;
    AccountInfo info;
    if ((s = account_get_by_person(req->ctx.db, person_id, &info, e)) != ST_OK) {
        free(temp);
        return s;
    }
    return respond_json(res, 201, json_pack("{s:s, s:o}", "login_id", info.login_id, "temporary_password",
                                            take_password(temp)));
}

/* ROUTE: POST /api/v1/people/{id}/account/reset-password people.manage changes_state
 * 仮パスワードの再発行 */
Status api_account_reset_password(Request *req, Response *res, Err *e)
{
    int64_t person_id;
    AccountInfo info;
    Status s = person_account(req, &person_id, &info, e);
    char *temp = NULL;
    if (s == ST_OK)
        s = account_reset_password(&req->ctx, info.id, &temp, e);
    if (s != ST_OK)
        return s;
    return respond_json(res, 200, json_pack("{s:s, s:o}", "login_id", info.login_id, "temporary_password",
                                            take_password(temp)));
}

/* ROUTE: POST /api/v1/people/{id}/account/disable people.manage changes_state
 * アカウントの無効化 (退職・異動のとき。セッションも終了) */
Status api_account_disable(Request *req, Response *res, Err *e)
{
    int64_t person_id;
    AccountInfo info;
    Status s = person_account(req, &person_id, &info, e);
    if (s == ST_OK)
        s = account_disable(&req->ctx, info.id, e);
    return s == ST_OK ? respond_json(res, 204, NULL) : s;
}

/* ROUTE: POST /api/v1/people/{id}/account/unlock people.manage changes_state
 * アカウントのロック解除 */
Status api_account_unlock(Request *req, Response *res, Err *e)
{
    int64_t person_id;
    AccountInfo info;
    Status s = person_account(req, &person_id, &info, e);
    if (s == ST_OK)
        s = account_unlock(&req->ctx, info.id, e);
    return s == ST_OK ? respond_json(res, 204, NULL) : s;
}
