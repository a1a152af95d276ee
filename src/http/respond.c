/* respond: JSON and problem+json responses with lgsec's security headers. */
#include "http/respond.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "http/problem.h"

void respond_add_security_headers(struct MHD_Response *r, bool api, bool tls)
{
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "script-src 'self'; object-src 'none'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    if (tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    if (api)
        MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result queue_text(struct MHD_Connection *conn, int status, char *text,
                                  const char *cookie, bool tls)
{
    size_t len = text ? strlen(text) : 0;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, text ? text : (char *)"", text ? MHD_RESPMEM_MUST_FREE
                                                                            : MHD_RESPMEM_PERSISTENT);
    if (text)
        MHD_add_response_header(r, "Content-Type", status >= 400 ? "application/problem+json"
                                                                 : "application/json; charset=utf-8");
    respond_add_security_headers(r, true, tls);
    if (cookie && *cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result respond_queue_json(struct MHD_Connection *conn, int status, json_t *json,
                                   const char *cookie, bool tls)
{
    char *text = json ? json_dumps(json, JSON_COMPACT) : NULL;
    json_decref(json);
    return queue_text(conn, status, text, cookie, tls);
}

enum MHD_Result respond_queue_raw_json(struct MHD_Connection *conn, int status, char *text, bool tls)
{
    return queue_text(conn, status, text, NULL, tls);
}

enum MHD_Result respond_queue_file(struct MHD_Connection *conn, unsigned char *data, size_t len, const char *type,
                                   const char *name, bool tls)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", type);
    /* filename*= carries the Japanese name percent-encoded (RFC 5987); filename= an ASCII stand-in. */
    char disposition[600];
    int n = snprintf(disposition, sizeof disposition, "attachment; filename=\"download%s\"; filename*=UTF-8''",
                     strrchr(name, '.') ? strrchr(name, '.') : "");
    for (const unsigned char *p = (const unsigned char *)name; *p && n < (int)sizeof disposition - 4; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            disposition[n++] = (char)*p;
        else
            n += snprintf(disposition + n, sizeof disposition - (size_t)n, "%%%02X", *p);
    }
    disposition[n] = '\0';
    MHD_add_response_header(r, "Content-Disposition", disposition);
    respond_add_security_headers(r, true, tls);
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result respond_queue_error(struct MHD_Connection *conn, const Err *e, bool tls)
{
    return respond_queue_json(conn, err_http(e), problem_from_err(e), NULL, tls);
}
