/* cmd_witness: `lgsec witness` — this installation as a witness of other lgsec trails (another
 * municipality's, the prefecture's, the 監査委員's machine): `init` makes the witness key, `serve`
 * answers the C2SP tlog-witness add-checkpoint call (src/trail/witness.h) for the logs given. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "trail/witness.h"

#define MAX_LOGS 64
#define REQUEST_MAX (64 * 1024)

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int witness_init(int argc, char **argv)
{
    const char *key = NULL, *name = NULL;
    int rc = cli_parse(&argc, argv, "witness", (const CliOpt[]){{"--key", &key}, {"--name", &name}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    if (!key || !name)
        return cli_usage("witness", "--key と --name を指定してください", "give --key and --name");
    Err e = {0};
    char *vkey;
    if (witness_keygen(key, name, &vkey, &e) != ST_OK)
        return cli_fail(&e);
    printf("%s\n", vkey);
    fprintf(stderr, "%s\n", tr("上の立会人の検証鍵を、証跡を送ってくる各設置に渡してください (lgsec serve --witness URL=検証鍵)",
                               "give the witness verifier key above to each installation that sends its trail here (lgsec serve --witness URL=KEY)"));
    free(vkey);
    return EXIT_OK;
}

typedef struct WitnessServer {
    Db *db;
    Witness *w;
} WitnessServer;

typedef struct Request {
    Buf body;
    bool too_large;
} Request;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", type);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)version;
    WitnessServer *ws = cls;
    Request *rq = *state;
    if (!rq) {
        *state = rq = calloc(1, sizeof *rq);
        return rq ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        if (rq->body.len + *upload_size > REQUEST_MAX)
            rq->too_large = true;
        else
            buf_append(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, "/add-checkpoint") != 0)
        return reply(c, 404, "text/plain", strdup("not found\n"));
    if (strcmp(method, "POST") != 0)
        return reply(c, 405, "text/plain", strdup("POST only\n"));
    if (rq->too_large)
        return reply(c, 413, "text/plain", strdup("request too large\n"));
    char *resp = NULL;
    const char *type = NULL;
    int status = witness_add_checkpoint(ws->db, ws->w, clock_now(clock_system()), rq->body.data ? rq->body.data : "",
                                        rq->body.len, &resp, &type);
    return reply(c, (unsigned)status, type, resp);
}

static void completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    Request *rq = *state;
    if (rq) {
        buf_free(&rq->body);
        free(rq);
    }
    *state = NULL;
}

static int witness_serve(int argc, char **argv)
{
    const char *db_opt = NULL, *key = NULL, *listen = NULL, *logs = NULL;
    int rc = cli_parse(&argc, argv, "witness",
                       (const CliOpt[]){{"--db", &db_opt}, {"--key", &key}, {"--listen", &listen}, {"--log", &logs},
                                        {NULL, NULL}},
                       0);
    if (rc)
        return rc;
    if (!key || !logs)
        return cli_usage("witness", "--key と --log (立会う証跡の検証鍵) を指定してください",
                         "give --key and --log (the verifier keys of the trails to witness)");
    char *copy = strdup(logs), *save = NULL;
    const char *vkeys[MAX_LOGS];
    size_t n = 0;
    for (char *t = strtok_r(copy, " ,\t\n", &save); t && n < MAX_LOGS; t = strtok_r(NULL, " ,\t\n", &save))
        vkeys[n++] = t;
    Err e = {0};
    WitnessServer ws = {0};
    /* A witness that is not itself an lgsec installation (the 監査委員's machine) gets its state
     * database created here, owner-only. */
    const char *db_path = cli_db_path(db_opt);
    cli_private_files();
    Status st = witness_load(key, vkeys, n, &ws.w, &e);
    if (st == ST_OK)
        st = access(db_path, F_OK) == 0 ? cli_open_db(db_path, &ws.db, &e) : db_open(db_path, &ws.db, &e);
    if (st == ST_OK && (st = db_migrate(ws.db, &e)) != ST_OK) {
        db_close(ws.db);
        ws.db = NULL;
    }
    if (st != ST_OK) {
        free(copy);
        witness_free(ws.w);
        return cli_fail(&e);
    }
    free(copy);
    listen = listen ? listen : "127.0.0.1:9380";
    const char *colon = strrchr(listen, ':');
    long port = colon ? strtol(colon + 1, NULL, 10) : -1;
    if (!colon || port < 0 || port > 65535) {
        witness_free(ws.w);
        db_close(ws.db);
        return cli_usage("witness", "--listen は ADDR:PORT で指定してください", "give --listen as ADDR:PORT");
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &sa.sin_addr) != 1) {
        witness_free(ws.w);
        db_close(ws.db);
        return cli_usage("witness", "--listen のアドレスが正しくありません", "bad --listen address");
    }
    /* One polling thread: the Db is used by that thread only. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &ws, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)8, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) {
        witness_free(ws.w);
        db_close(ws.db);
        err_setf(&e, ST_IO, "listen_failed", "listen", "%s で待ち受けできません", "cannot listen on %s", listen);
        return cli_fail(&e);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char *vkey = witness_verifier_key(ws.w);
    printf(tr("立会人 %s を http://%s:%u で起動しました (%zu 件の証跡)\n", "witness %s listening on http://%s:%u (%zu trails)\n"),
           vkey, host, info ? info->port : (unsigned)port, n);
    fflush(stdout);
    free(vkey);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    while (!stop_requested)
        sleep(1);
    MHD_stop_daemon(d);
    witness_free(ws.w);
    db_close(ws.db);
    return EXIT_OK;
}

/* COMMAND: witness
 * SUMMARY: 他の設置の証跡に立ち会う (C2SP tlog-witness)
 * SUMMARY_EN: witness other installations' trails (C2SP tlog-witness)
 * USAGE:
 * 使い方: lgsec witness <サブコマンド>
 *   init --key FILE --name NAME        立会人の鍵を作り、検証鍵を表示します
 *   serve --key FILE --log KEY[,KEY…] [--db PATH] [--listen ADDR:PORT]
 *       --log に与えた証跡 (`lgsec trail export-key` の検証鍵) の add-checkpoint を受け付け、
 *       直前に連署したものと整合するチェックポイントにだけ連署します (既定 127.0.0.1:9380)。
 * USAGE_EN:
 * usage: lgsec witness <subcommand>
 *   init --key FILE --name NAME        Makes a witness key and prints its verifier key
 *   serve --key FILE --log KEY[,KEY…] [--db PATH] [--listen ADDR:PORT]
 *       Answers add-checkpoint for the trails given (`lgsec trail export-key` verifier keys), cosigning
 *       only checkpoints consistent with the last one it cosigned (default 127.0.0.1:9380).
 */
int cmd_witness(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "init") == 0)
        return witness_init(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return witness_serve(argc - 1, argv + 1);
    return cli_usage("witness", argc < 2 ? NULL : "不明なサブコマンドです", argc < 2 ? NULL : "unknown subcommand");
}
