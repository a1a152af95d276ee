/* http: the request/response types handlers see, and the route table entry. The dispatcher
 * (dispatch.c) authenticates, checks the route's capability, the session stage and CSRF, and parses
 * the JSON body before any handler runs; handlers never check these themselves. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/kernel/kernel.h"

struct MHD_Connection;

#define MAX_PATH_PARAMS 3
#define TOKEN_HEX_LEN 64

typedef struct Request {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *params[MAX_PATH_PARAMS]; /* {id} segments of the matched pattern, in order */
    char param_buf[256];
    Buf body;
    json_t *json;       /* parsed body of state-changing requests (object), else NULL */
    Ctx ctx;            /* db, clock, pack, actor */
    Actor actor;
    bool has_session;
    int64_t session_id;
    char session_stage[16];
    char csrf_token[TOKEN_HEX_LEN + 1];
    char session_token[TOKEN_HEX_LEN + 1]; /* from the cookie, when has_session */
    char client_addr[64];
    bool body_too_large;
    bool bad_request;   /* the raw URI held %00 (seen before libmicrohttpd decoded it) */
    size_t max_body;
    bool tls;
} Request;

typedef struct Response {
    int status;          /* default 200 */
    json_t *json;        /* body (owned; decref'd by the dispatcher), NULL for 204 */
    char *raw_json;      /* or a body already serialised (owned, free()d by the dispatcher) */
    unsigned char *file; /* or a file to download (owned, free()d): PDF, XLSX, CSV */
    size_t file_len;
    const char *file_type;   /* its Content-Type */
    char file_name[160];     /* offered name (UTF-8; sent RFC 6266-encoded) */
    char set_cookie[256];
    bool clear_cookie;
} Response;

typedef Status (*Handler)(Request *req, Response *res, Err *e);

typedef struct Route {
    const char *method;
    const char *pattern;   /* "/api/v1/people/{id}" */
    uint64_t capability;   /* CAP_PUBLIC, CAP_SIGNED_IN, … (one bit) */
    bool changes_state;    /* needs CSRF and a JSON body */
    bool before_mfa;       /* allowed while the session stage is not yet "done" */
    Handler handler;
    const char *summary;   /* Japanese one-liner, also in docs/openapi.yaml */
    bool file_upload;      /* the body is a file (CSV/XLSX bytes), not JSON; req->body holds it */
    size_t max_body;       /* bytes; 0 = MAX_BODY_BYTES */
} Route;

#define MAX_UPLOAD_BYTES (64u * 1024 * 1024)

/* The route table, generated (routes.gen.c) by scripts/mkindex.py from the ROUTE: declarations above
 * the handlers; a literal path segment sorts before a {parameter}, so the most specific route matches. */
extern const Route routes[];

/* Helpers for handlers. Query parameter value or NULL. */
const char *req_query(Request *req, const char *name);
/* Sets res to a JSON body with the given status (takes ownership of body). */
Status respond_json(Response *res, int status, json_t *body);
/* Sets res to a file download (takes ownership of data, malloc'd). */
Status respond_file(Response *res, unsigned char *data, size_t len, const char *type, const char *name);
