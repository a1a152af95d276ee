/* server: libmicrohttpd daemon setup and what all request threads share. Request handling itself
 * is in dispatch.c. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/registers/registers.h"
#include "http/dispatch.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/trail.h"

struct Server {
    ServerConfig cfg;
    struct MHD_Daemon *mhd;
    Pack *pack;
    pthread_key_t db_key;
    uint16_t port;
};

static void close_thread_db(void *db) { db_close(db); }

Db *server_thread_db(Server *s, Err *e)
{
    Db *db = pthread_getspecific(s->db_key);
    if (db)
        return db;
    if (db_open(s->cfg.db_path, &db, e) != ST_OK)
        return NULL;
    /* Every change a request makes commits with its signed checkpoint (fail closed: a connection
     * that cannot seal serves nothing). */
    if (s->cfg.trail_key_path && s->cfg.seal_trail &&
        trail_seal_commits(db, s->cfg.trail_key_path, s->cfg.clock, e) != ST_OK) {
        db_close(db);
        return NULL;
    }
    pthread_setspecific(s->db_key, db);
    return db;
}

const ServerConfig *server_config(const Server *s) { return &s->cfg; }
const Pack *server_pack(const Server *s) { return s->pack; }
uint16_t server_port(const Server *s) { return s->port; }

static bool parse_listen(const char *listen, struct sockaddr_in *sa, Err *e)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        goto bad;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || colon[1] == '\0')
        goto bad;
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        goto bad;
    sa->sin_port = htons((uint16_t)port);
    return true;
bad:
    err_setf(e, ST_INVALID, "invalid_listen", "listen",
             "待受アドレス %s が不正です (例: 127.0.0.1:8080)",
             "invalid listen address %s (e.g. 127.0.0.1:8080)", listen);
    return false;
}

Status server_start(const ServerConfig *cfg, Server **out, Err *e)
{
    struct sockaddr_in sa;
    if (!parse_listen(cfg->listen, &sa, e))
        return ST_INVALID;
    Server *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    pthread_key_create(&s->db_key, close_thread_db);

    Db *db = server_thread_db(s, e);
    Status st = db ? db_check_integrity(db, e) : e->status;
    if (st == ST_OK)
        st = pack_store_load_active(db, &s->pack, e);
    if (st != ST_OK) {
        server_stop(s);
        return st;
    }

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (cfg->tls_cert_pem)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    s->mhd = MHD_start_daemon(
        flags, 0, NULL, NULL, dispatch_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : 4,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MAX_HEADER_BYTES * 2,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_IDLE_SECONDS, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS_PER_IP,
        MHD_OPTION_URI_LOG_CALLBACK, dispatch_uri_seen, s,
        MHD_OPTION_NOTIFY_COMPLETED, dispatch_completed, s,
        cfg->tls_cert_pem ? MHD_OPTION_ARRAY : MHD_OPTION_END, tls_opts, MHD_OPTION_END);
    if (!s->mhd) {
        server_stop(s);
        return err_setf(e, ST_IO, "listen_failed", "listen",
                        "%s で待ち受けできません (使用中のポートか、TLS 証明書の誤り)",
                        "cannot listen on %s (port in use, or a bad TLS certificate)", cfg->listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : ntohs(sa.sin_port);
    *out = s;
    return ST_OK;
}

void server_stop(Server *s)
{
    if (!s)
        return;
    if (s->mhd)
        MHD_stop_daemon(s->mhd);
    imports_wait(); /* background imports use the pack freed below */
    Db *db = pthread_getspecific(s->db_key);
    if (db) {
        pthread_setspecific(s->db_key, NULL);
        db_close(db);
    }
    pthread_key_delete(s->db_key);
    pack_free(s->pack);
    free(s);
}
