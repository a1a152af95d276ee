/* static_files: serving the embedded UI (see static_files.h). ETags are computed once per file. */
#include "http/static_files.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/embed.h"
#include "http/respond.h"

#define MAX_ASSETS 64

static char etags[MAX_ASSETS][24];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void compute_etags(void)
{
    for (int i = 0; embedded_web[i].name && i < MAX_ASSETS; i++) {
        unsigned char h[8];
        crypto_generichash(h, sizeof h, embedded_web[i].data, embedded_web[i].len, NULL, 0);
        snprintf(etags[i], sizeof etags[i], "\"%02x%02x%02x%02x%02x%02x%02x%02x\"", h[0], h[1],
                 h[2], h[3], h[4], h[5], h[6], h[7]);
    }
}

static const char *content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".png") == 0)
        return "image/png";
    if (strcmp(dot, ".ico") == 0)
        return "image/x-icon";
    return "application/octet-stream";
}

static bool accepts_gzip(struct MHD_Connection *conn)
{
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

static enum MHD_Result not_found(struct MHD_Connection *conn, bool tls)
{
    static const char body[] = "Not Found\n";
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    respond_add_security_headers(r, false, tls);
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result static_serve(struct MHD_Connection *conn, const char *path, bool tls)
{
    pthread_once(&etags_once, compute_etags);
    const char *name = path[0] == '/' ? path + 1 : path;
    const char *last = strrchr(path, '/');
    /* Application routes (no file extension) get index.html; the UI routes on the client. */
    if (*name == '\0' || !strchr(last ? last : path, '.'))
        name = "index.html";
    /* browsers and bookmarks still ask for /favicon.ico: the UI's icon is an SVG */
    if (strcmp(name, "favicon.ico") == 0)
        name = "favicon.svg";
    if (strstr(name, ".."))
        return not_found(conn, tls);
    const EmbeddedFile *f = embedded_find(embedded_web, name);
    if (!f || strstr(name, ".gz"))
        return not_found(conn, tls);
    int index = (int)(f - embedded_web);
    const char *etag = index < MAX_ASSETS ? etags[index] : NULL;
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");

    struct MHD_Response *r;
    unsigned status = MHD_HTTP_OK;
    const EmbeddedFile *body = f;
    char gz_name[160];
    snprintf(gz_name, sizeof gz_name, "%s.gz", name);
    const EmbeddedFile *gz = accepts_gzip(conn) ? embedded_find(embedded_web, gz_name) : NULL;
    if (gz)
        body = gz;
    if (etag && inm && strcmp(inm, etag) == 0) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        status = MHD_HTTP_NOT_MODIFIED;
    } else {
        r = MHD_create_response_from_buffer(body->len, (void *)body->data, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Type", content_type(name));
        if (gz)
            MHD_add_response_header(r, "Content-Encoding", "gzip");
    }
    if (etag)
        MHD_add_response_header(r, "ETag", etag);
    MHD_add_response_header(r, "Vary", "Accept-Encoding");
    /* index.html must be revalidated so a new binary's UI is picked up; assets too (no hashing of
     * names), but the ETag makes revalidation cheap. */
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    respond_add_security_headers(r, false, tls);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}
