/* authn: who is calling — the session cookie, its stage, and the actor with their capabilities —
 * and the cookie that carries the session. */
#pragma once
#include "http/http.h"

struct Server;

#define SESSION_COOKIE "lgsec_session"

/* Loads the session named by the request's cookie into req (has_session, stage, CSRF token, actor
 * with capabilities). ST_AUTH when there is none or it expired. */
Status authn_load(struct Server *s, Request *req, Err *e);
/* Set-Cookie value for a new session token (Secure under TLS), or one that clears it. */
void authn_cookie(Response *res, const char *token, bool tls);
void authn_clear_cookie(Response *res, bool tls);
