/* dispatch: the one request pipeline. Order matters and is the security boundary:
 *   limits → static files → route match → session → stage → capability → CSRF → JSON → handler.
 * Handlers run only after every check passed; they never check authentication themselves. */
#include "http/dispatch.h"

#include <arpa/inet.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "policy/capability.h"
#include "http/authn.h"
#include "http/citations.h"
#include "http/http.h"
#include "http/input.h"
#include "http/problem.h"
#include "http/respond.h"
#include "http/server.h"
#include "http/static_files.h"

static bool tls_of(Server *s) { return server_config(s)->tls_cert_pem != NULL; }

static enum MHD_Result fail(Server *s, Request *req, Status st, const char *code, const char *ja,
                            const char *en)
{
    Err e = {0};
    err_set(&e, st, code, "", ja, en);
    return respond_queue_error(req->conn, &e, tls_of(s));
}

/* Matches path against a pattern with {param} segments; fills req->params. */
static bool match(const char *pattern, const char *path, Request *req)
{
    int n = 0;
    char *out = req->param_buf;
    size_t left = sizeof req->param_buf;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            size_t len = strcspn(path, "/");
            if (!close || len == 0 || len >= 64 || len + 1 > left || n >= MAX_PATH_PARAMS)
                return false;
            memcpy(out, path, len);
            out[len] = '\0';
            req->params[n++] = out;
            out += len + 1;
            left -= len + 1;
            pattern = close + 1;
            path += len;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

static const Route *find_route(const char *method, const char *path, Request *req, bool *path_known)
{
    *path_known = false;
    for (const Route *r = routes; r->method; r++) {
        if (!match(r->pattern, path, req))
            continue;
        *path_known = true;
        if (strcmp(r->method, method) == 0)
            return r;
    }
    return NULL;
}

static void client_addr(struct MHD_Connection *conn, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, cap, "unknown");
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)cap);
}

static bool is_json_content(struct MHD_Connection *conn)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    return ct && strncasecmp(ct, "application/json", 16) == 0;
}

/* File uploads: none of these types can be sent cross-site without a CORS preflight (unlike
 * text/plain or multipart/form-data), which lgsec never grants. */
static bool is_file_content(struct MHD_Connection *conn)
{
    static const char *const types[] = {
        "text/csv", "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    for (size_t i = 0; ct && i < sizeof types / sizeof *types; i++)
        if (strncasecmp(ct, types[i], strlen(types[i])) == 0)
            return true;
    return false;
}

static enum MHD_Result run_api(Server *s, Request *req)
{
    bool path_known;
    const Route *route = find_route(req->method, req->path, req, &path_known);
    if (!route)
        return path_known ? fail(s, req, ST_INVALID, "method_not_allowed",
                                 "このURLではその操作はできません", "method not allowed")
                          : fail(s, req, ST_NOTFOUND, "not_found", "APIが見つかりません",
                                 "no such API");
    Err e = {0};
    Db *db = server_thread_db(s, &e);
    if (!db)
        return respond_queue_error(req->conn, &e, tls_of(s));
    req->ctx = ctx_make(db, server_config(s)->clock, &req->actor, server_pack(s));

    Status st = authn_load(s, req, &e);
    if (st != ST_OK && route->capability != CAP_PUBLIC)
        return respond_queue_error(req->conn, &e, tls_of(s));
    if (route->capability != CAP_PUBLIC) {
        if (strcmp(req->session_stage, "done") != 0 && !route->before_mfa)
            return fail(s, req, ST_FORBIDDEN, "stage_incomplete",
                        "パスワード変更または二要素認証を完了してください",
                        "finish the password change or two-factor authentication first");
        if ((req->actor.caps & route->capability) != route->capability)
            return fail(s, req, ST_FORBIDDEN, "forbidden",
                        "この操作を行う権限がありません", "you do not have permission for this");
    }
    if (route->changes_state) {
        /* A JSON content type cannot be sent cross-site without a CORS preflight, which lgsec never
         * grants; with a session, the per-session token is required as well. */
        if (route->file_upload ? !is_file_content(req->conn) : !is_json_content(req->conn))
            return fail(s, req, ST_INVALID, "unsupported_media_type",
                        route->file_upload
                            ? "ファイルはそのままの内容で送ってください (Content-Type: application/octet-stream, text/csv または xlsx)"
                            : "Content-Type は application/json にしてください",
                        route->file_upload ? "send the file as it is (Content-Type application/octet-stream, text/csv or xlsx)"
                                           : "Content-Type must be application/json");
        if (req->has_session) {
            const char *sent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
            if (!sent || strlen(sent) != TOKEN_HEX_LEN || sodium_memcmp(sent, req->csrf_token, TOKEN_HEX_LEN) != 0)
                return fail(s, req, ST_FORBIDDEN, "csrf_failed",
                            "画面の有効期限が切れました。再読み込みしてください",
                            "CSRF token missing or wrong; reload the page");
        }
        if (!route->file_upload && input_parse_body(req->body.data, req->body.len, &req->json, &e) != ST_OK)
            return respond_queue_error(req->conn, &e, tls_of(s));
    }

    Response res = {.status = 200};
    err_clear(&e);
    st = route->handler(req, &res, &e);
    if (st != ST_OK) {
        if (e.status == ST_OK)
            e.status = st; /* a handler that failed without filling e still fails */
        json_decref(res.json);
        free(res.raw_json);
        free(res.file);
        citations_annotate_err(&req->ctx, &e);
        if (res.clear_cookie || res.set_cookie[0]) {
            return respond_queue_json(req->conn, err_http(&e), problem_from_err(&e), res.set_cookie,
                                      tls_of(s));
        }
        return respond_queue_error(req->conn, &e, tls_of(s));
    }
    if (res.raw_json)
        return respond_queue_raw_json(req->conn, res.status, res.raw_json, tls_of(s));
    if (res.file)
        return respond_queue_file(req->conn, res.file, res.file_len, res.file_type, res.file_name, tls_of(s));
    citations_annotate(&req->ctx, res.json);
    return respond_queue_json(req->conn, res.status, res.json, res.set_cookie, tls_of(s));
}

/* What dispatch_uri_seen returns for a raw URI holding %00: a marker, not an allocation, so that
 * nothing leaks when the connection closes before the request reaches dispatch_request. */
static char nul_in_uri;

void *dispatch_uri_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    /* libmicrohttpd decodes %00 into the URL it passes on, which then ends early: a path that is not
     * the one sent. Only the raw URI shows it. */
    for (const char *p = uri; p && (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' && p[2] == '0')
            return &nul_in_uri;
    return NULL;
}

typedef struct HeaderCount {
    int content_length;
    int transfer_encoding;
} HeaderCount;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    HeaderCount *c = cls;
    if (strcasecmp(key, "Content-Length") == 0)
        c->content_length++;
    else if (strcasecmp(key, "Transfer-Encoding") == 0)
        c->transfer_encoding++;
    return MHD_YES;
}

/* Strict framing (RFC 9112 6.3, as request smuggling is avoided): a request with two
 * Content-Length headers, or with both Content-Length and Transfer-Encoding, has no single meaning
 * and is refused, as is a Content-Length that is not a plain number. */
static bool framing_ok(struct MHD_Connection *conn)
{
    HeaderCount c = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &c);
    if (c.content_length > 1 || (c.content_length && c.transfer_encoding) || c.transfer_encoding > 1)
        return false;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && (!*cl || strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 19))
        return false;
    return true;
}

static enum MHD_Result body_too_large(Server *s, struct MHD_Connection *conn, size_t max_body)
{
    Err e = {0};
    err_setf(&e, ST_LIMIT, "body_too_large", "", "リクエストが大きすぎます (上限 %zu MiB)",
             "request body too large (limit %zu MiB)", max_body >> 20);
    return respond_queue_error(conn, &e, tls_of(s));
}

enum MHD_Result dispatch_request(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
    (void)version;
    Server *s = cls;
    Request *req = *con_cls;
    if (!req || *con_cls == &nul_in_uri) {
        req = xcalloc(1, sizeof *req);
        req->bad_request = *con_cls == &nul_in_uri;
        *con_cls = req;
        req->conn = conn;
        req->method = method;
        req->path = url;
        req->tls = tls_of(s);
        client_addr(conn, req->client_addr, sizeof req->client_addr);
        if (req->bad_request || !framing_ok(conn))
            return fail(s, req, ST_INVALID, "bad_request", "リクエストの形式が正しくありません",
                        "malformed request");
        bool known;
        Request probe = {0};
        const Route *route = strncmp(url, "/api/", 5) == 0 ? find_route(method, url, &probe, &known) : NULL;
        req->max_body = route && route->max_body ? route->max_body : MAX_BODY_BYTES;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        /* Refused now, before any of the body is read (libmicrohttpd then closes the connection):
         * a client announcing 100 GB gets its answer at once instead of being read to the end. */
        if (cl && strtoull(cl, NULL, 10) > req->max_body)
            return body_too_large(s, conn, req->max_body);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (req->body.len + *upload_data_size > req->max_body)
            req->body_too_large = true;
        else if (!req->body_too_large)
            buf_append(&req->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->body_too_large)
        return body_too_large(s, conn, req->max_body);
    if (strcmp(url, "/healthz") == 0) {
        Err e = {0};
        Db *db = server_thread_db(s, &e);
        json_t *body = json_pack("{s:s, s:s}", "status", db ? "ok" : "unavailable", "version", LGSEC_VERSION);
        return respond_queue_json(conn, db ? 200 : 503, body, NULL, tls_of(s));
    }
    if (strncmp(url, "/api/", 5) != 0) {
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return fail(s, req, ST_INVALID, "method_not_allowed", "このURLではその操作はできません",
                        "method not allowed");
        return static_serve(conn, url, tls_of(s));
    }
    return run_api(s, req);
}

void dispatch_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    Request *req = *con_cls;
    if (!req || *con_cls == &nul_in_uri)
        return;
    buf_free(&req->body);
    json_decref(req->json);
    free(req);
    *con_cls = NULL;
}

const char *req_query(Request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

Status respond_file(Response *res, unsigned char *data, size_t len, const char *type, const char *name)
{
    res->status = 200;
    res->file = data;
    res->file_len = len;
    res->file_type = type;
    snprintf(res->file_name, sizeof res->file_name, "%s", name);
    return ST_OK;
}

Status respond_json(Response *res, int status, json_t *body)
{
    res->status = status;
    res->json = body;
    return ST_OK;
}
