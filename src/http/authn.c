/* authn: sessions from cookies, actors and capabilities (see authn.h). */
#include "http/authn.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "domain/identity/identity.h"
#include "domain/org/org.h"
#include "http/server.h"
#include "policy/pack.h"

Status authn_load(struct Server *s, Request *req, Err *e)
{
    (void)s;
    const char *token = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (!token || !*token)
        return err_set(e, ST_AUTH, "not_signed_in", "", "ログインしてください", "please sign in");
    SessionInfo info;
    Status st = session_lookup(req->ctx.db, clock_now(req->ctx.clock), &req->ctx.pack->accounts, token, &info, e);
    if (st != ST_OK)
        return st;
    req->has_session = true;
    req->session_id = info.id;
    snprintf(req->session_token, sizeof req->session_token, "%s", token);
    snprintf(req->session_stage, sizeof req->session_stage, "%s", session_stage_name(info.stage));
    snprintf(req->csrf_token, sizeof req->csrf_token, "%s", info.csrf);
    req->actor.account_id = info.account_id;
    req->actor.person_id = info.person_id;
    snprintf(req->actor.login_id, sizeof req->actor.login_id, "%s", info.login_id);
    bool privileged;
    return roles_capabilities(&req->ctx, info.person_id, &req->actor.caps, &privileged, e);
}

void authn_cookie(Response *res, const char *token, bool tls)
{
    snprintf(res->set_cookie, sizeof res->set_cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
             SESSION_COOKIE, token, tls ? "; Secure" : "");
}

void authn_clear_cookie(Response *res, bool tls)
{
    snprintf(res->set_cookie, sizeof res->set_cookie,
             "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", SESSION_COOKIE, tls ? "; Secure" : "");
}
