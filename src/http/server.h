/* server: the libmicrohttpd daemon — listening, thread pool, limits, TLS, per-thread database
 * connections — and the lifetime of what requests share (the active pack). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "store/db.h"

struct Pack;

typedef struct ServerConfig {
    const char *db_path;
    const char *listen;       /* "127.0.0.1:8080" */
    const char *tls_cert_pem; /* contents, or NULL for plain HTTP */
    const char *tls_key_pem;
    const char *trail_key_path;
    bool seal_trail; /* sign a trail checkpoint with every committed transaction (trail_seal_commits) */
    unsigned threads;
    const Clock *clock;
} ServerConfig;

#define MAX_BODY_BYTES (1024 * 1024)
#define MAX_HEADER_BYTES (32 * 1024)
/* Connections (docs/security.md, "Connections"). One address may hold at most MAX_CONNECTIONS_PER_IP
 * of the MAX_CONNECTIONS at once, so a single client (slowloris: many connections sending headers
 * a byte at a time) cannot take them all; a connection that sends nothing for
 * CONNECTION_IDLE_SECONDS — while sending its headers too — is closed. A browser opens about six
 * per server; 64 leaves room for several tabs and for a few people behind one address. */
#define MAX_CONNECTIONS 512
#define MAX_CONNECTIONS_PER_IP 64
#define CONNECTION_IDLE_SECONDS 10

typedef struct Server Server;

/* Starts serving (returns once listening). Caller stops with server_stop. */
Status server_start(const ServerConfig *cfg, Server **out, Err *e);
void server_stop(Server *s);
/* The port actually bound (useful with port 0 in tests). */
uint16_t server_port(const Server *s);

/* For the dispatcher. */
const ServerConfig *server_config(const Server *s);
const struct Pack *server_pack(const Server *s);
/* This thread's database connection, opened on first use; NULL and e filled on failure. */
Db *server_thread_db(Server *s, Err *e);
