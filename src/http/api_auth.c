/* api_auth: signing in and out — login (第87条), the forced change of a temporary password
 * (第88条), TOTP enrolment and verification (第24条(3), 第84条), the session description. */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/identity/identity.h"
#include "policy/capability.h"
#include "domain/org/org.h"
#include "domain/policydocs/policydocs.h"
#include "http/api.h"
#include "http/authn.h"
#include "http/input.h"
#include "http/problem.h"
#include "policy/pack.h"

static json_t *iso_or_null(int64_t t)
{
    if (!t)
        return json_null();
    char iso[21];
    time_iso_utc(t, iso);
    return json_string(iso);
}

/* The organisation's name for the sign-in page; "" before it exists or when it cannot be read. */
static json_t *organisation_name(Ctx *ctx)
{
    Err e = {0};
    json_t *root = NULL;
    json_t *name = json_string("");
    if (org_root(ctx, &root, &e) == ST_OK && json_is_object(root)) {
        json_decref(name);
        name = json_incref(json_object_get(root, "name"));
    }
    json_decref(root);
    return name;
}

/* ROUTE: GET /api/v1/auth/config public before_mfa
 * ログイン画面の設定 (ログインメッセージ等) */
Status api_auth_config(Request *req, Response *res, Err *e)
{
    (void)e;
    const PackAccountPolicy *pol = &req->ctx.pack->accounts;
    /* The message cites the pack's articles: each is followed by the municipality's own. */
    const struct ArticleMap *map = NULL;
    Err me = {0};
    if (policy_citation_map(&req->ctx, &map, &me) != ST_OK)
        map = NULL;
    char *message = policy_citation_text(map, pol->login_message);
    json_t *out = json_pack("{s:s, s:i, s:i, s:i, s:o}", "login_message", message, "password_min_length",
                            pol->password_min_length, "lockout_threshold", pol->lockout_threshold,
                            "lockout_minutes", pol->lockout_minutes, "organisation_name",
                            organisation_name(&req->ctx));
    free(message);
    /* The screens before sign-in (ログイン, パスワードの変更, 二要素認証) cite articles too. */
    json_object_set_new(out, "citations", policy_citation_numbers_json(map));
    return respond_json(res, 200, out);
}

/* Starts a fresh session at stage for account_id and sets the cookie; the previous token, if any,
 * is destroyed (a new token at every sign-in step that changes privileges). */
static Status new_session(Request *req, Response *res, int64_t account_id, SessionStage stage,
                          char csrf[SESSION_TOKEN_HEX + 1], Err *e)
{
    if (req->has_session)
        session_destroy(req->ctx.db, req->session_token, e);
    char token[SESSION_TOKEN_HEX + 1];
    const char *ua = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "User-Agent");
    Status s = session_create(req->ctx.db, clock_now(req->ctx.clock), account_id, stage,
                              &req->ctx.pack->accounts, req->client_addr, ua, token, csrf, e);
    if (s == ST_OK)
        authn_cookie(res, token, req->tls);
    sodium_memzero(token, sizeof token);
    return s;
}

static const Field login_fields[] = {
    {"login_id", F_STRING, true, 64, "ログインID"},
    {"password", F_STRING, true, 1024, "パスワード"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/auth/login public changes_state before_mfa
 * ログイン */
Status api_auth_login(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, login_fields, e);
    if (s != ST_OK)
        return s;
    LoginResult out;
    memset(&out, 0, sizeof out);
    s = account_login(&req->ctx, &req->ctx.pack->accounts, in_str(req->json, "login_id", ""),
                      in_str(req->json, "password", ""), req->client_addr, &out, e);
    if (s != ST_OK) /* one answer for every refusal (account_login): no lock time is told */
        return s;
    SessionStage stage = out.stage;
    char csrf[SESSION_TOKEN_HEX + 1];
    if ((s = new_session(req, res, out.account_id, stage, csrf, e)) != ST_OK)
        return s;
    return respond_json(res, 200,
                        json_pack("{s:s, s:s, s:o, s:I}", "stage", session_stage_name(stage), "csrf_token", csrf,
                                  "previous_login_at", iso_or_null(out.previous_login_at),
                                  "failed_attempts_since", (json_int_t)out.failed_since_previous));
}

/* ROUTE: POST /api/v1/auth/logout signed_in changes_state before_mfa
 * ログアウト */
Status api_auth_logout(Request *req, Response *res, Err *e)
{
    Status s = session_logout(&req->ctx, req->session_token, e);
    if (s != ST_OK)
        return s;
    authn_clear_cookie(res, req->tls);
    return respond_json(res, 204, NULL);
}

static const Field password_fields[] = {
    {"current_password", F_STRING, true, 1024, "現在のパスワード"},
    {"new_password", F_STRING, true, 1024, "新しいパスワード"},
    {NULL, 0, false, 0, NULL},
};

static Status require_stage(Request *req, const char *a, const char *b, Err *e);

/* ROUTE: POST /api/v1/auth/password signed_in changes_state before_mfa
 * パスワード変更 */
Status api_auth_password(Request *req, Response *res, Err *e)
{
    /* Before the second factor only the forced change of a temporary password (第88条) is open: with
     * the password alone nobody changes it, nor ends the holder's other sessions. */
    Status s = require_stage(req, "password_change", "done", e);
    if (s == ST_OK)
        s = input_check(req->json, password_fields, e);
    if (s != ST_OK)
        return s;
    s = account_change_password(&req->ctx, &req->ctx.pack->accounts, req->actor.account_id,
                                in_str(req->json, "current_password", ""), in_str(req->json, "new_password", ""), e);
    if (s != ST_OK)
        return s;
    /* The change ended every session of the account; continue in a new one. */
    req->has_session = false;
    AccountInfo info;
    if ((s = account_get(req->ctx.db, req->actor.account_id, &info, e)) != ST_OK)
        return s;
    SessionStage stage;
    if (strcmp(req->session_stage, "done") == 0)
        stage = STAGE_DONE; /* an ordinary change by a signed-in person */
    else
        stage = session_stage_for(false, account_mfa_required(&req->ctx, info.person_id), info.mfa_enrolled);
    char csrf[SESSION_TOKEN_HEX + 1];
    if ((s = new_session(req, res, info.id, stage, csrf, e)) != ST_OK)
        return s;
    return respond_json(res, 200, json_pack("{s:s, s:s}", "stage", session_stage_name(stage), "csrf_token", csrf));
}

static Status require_stage(Request *req, const char *a, const char *b, Err *e)
{
    if (strcmp(req->session_stage, a) == 0 || (b && strcmp(req->session_stage, b) == 0))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "stage_order", "",
                   "この手順は今は行えません。画面の案内に従ってください",
                   "this step is not available now; follow the sign-in steps");
}

/* ROUTE: POST /api/v1/auth/mfa/enrol signed_in changes_state before_mfa
 * 二要素認証の登録開始 */
Status api_auth_mfa_enrol(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = require_stage(req, "mfa_enrol", "done", e);
    MfaEnrolment m;
    memset(&m, 0, sizeof m);
    if (s == ST_OK)
        s = account_mfa_begin(&req->ctx, req->actor.account_id, &m, e);
    if (s != ST_OK)
        return s;
    json_t *out = json_pack("{s:s, s:s, s:s}", "secret", m.secret, "otpauth_uri", m.uri, "qr_svg", m.svg);
    mfa_enrolment_free(&m);
    return respond_json(res, 200, out);
}

static const Field code_fields[] = {
    {"code", F_STRING, false, 32, "確認コード"},
    {"recovery_code", F_STRING, false, 32, "回復コード"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/auth/mfa/enrol/confirm signed_in changes_state before_mfa
 * 二要素認証の登録確認 */
Status api_auth_mfa_confirm(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, code_fields, e);
    if (s == ST_OK)
        s = require_stage(req, "mfa_enrol", "done", e);
    char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
    if (s == ST_OK)
        s = account_mfa_confirm(&req->ctx, req->actor.account_id,
                                in_str(req->json, "code", ""), codes, e);
    char csrf[SESSION_TOKEN_HEX + 1];
    if (s == ST_OK) /* a new token for the new stage (session fixation) */
        s = new_session(req, res, req->actor.account_id, STAGE_DONE, csrf, e);
    if (s != ST_OK) {
        sodium_memzero(codes, sizeof codes);
        return s;
    }
    json_t *list = json_array();
    for (int i = 0; i < TOTP_RECOVERY_COUNT; i++)
        json_array_append_new(list, json_string(codes[i]));
    sodium_memzero(codes, sizeof codes);
    return respond_json(res, 200,
                        json_pack("{s:s, s:s, s:o}", "stage", "done", "csrf_token", csrf, "recovery_codes", list));
}

/* ROUTE: POST /api/v1/auth/mfa/verify signed_in changes_state before_mfa
 * 二要素認証の確認 */
Status api_auth_mfa_verify(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, code_fields, e);
    if (s == ST_OK)
        s = require_stage(req, "mfa", NULL, e);
    const char *code = in_str(req->json, "code", NULL);
    if (!code || !*code)
        code = in_str(req->json, "recovery_code", "");
    bool used_recovery = false;
    if (s == ST_OK)
        s = account_mfa_verify(&req->ctx, &req->ctx.pack->accounts, req->actor.account_id,
                               code, &used_recovery, e);
    char csrf[SESSION_TOKEN_HEX + 1];
    if (s == ST_OK) /* a new token for the new stage (session fixation) */
        s = new_session(req, res, req->actor.account_id, STAGE_DONE, csrf, e);
    if (s != ST_OK)
        return s;
    int left = 0;
    account_recovery_codes_left(req->ctx.db, req->actor.account_id, &left, e);
    return respond_json(res, 200, json_pack("{s:s, s:s, s:b, s:i}", "stage", "done", "csrf_token", csrf,
                                            "used_recovery_code", used_recovery, "recovery_codes_left", left));
}

/* ROUTE: GET /api/v1/session signed_in before_mfa
 * 現在のセッション */
Status api_session(Request *req, Response *res, Err *e)
{
    /* Before the sign-in is finished the session shows where it stands and nothing of the person:
     * no name, capabilities or login history for someone who has only the password. */
    if (strcmp(req->session_stage, "done") != 0)
        return respond_json(res, 200, json_pack("{s:s, s:s}", "stage", req->session_stage, "csrf_token",
                                                req->csrf_token));
    AccountInfo info;
    Status s = account_get(req->ctx.db, req->actor.account_id, &info, e);
    if (s != ST_OK)
        return s;
    json_t *person = NULL;
    Err pe = {0};
    if (people_brief(&req->ctx, info.person_id, &person, &pe) != ST_OK)
        person = json_null(); /* a session whose person cannot be read shows no person */
    Preferences prefs;
    if ((s = preferences_get(req->ctx.db, req->actor.account_id, &prefs, e)) != ST_OK) {
        json_decref(person);
        return s;
    }
    json_t *caps = json_array();
    for (int i = 0; i < CAPABILITY_SLOTS; i++)
        if (capability_names[i] && (req->actor.caps & (1u << i)))
            json_array_append_new(caps, json_string(capability_names[i]));
    return respond_json(res, 200,
                        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:b, s:o}", "stage", req->session_stage,
                                  "csrf_token", req->csrf_token, "login_id", info.login_id, "person", person,
                                  "capabilities", caps, "previous_login_at", iso_or_null(info.previous_login_at),
                                  "failed_attempts_since", (json_int_t)info.failed_before_login, "mfa_enrolled",
                                  info.mfa_enrolled, "preferences", preferences_json(&prefs)));
}
