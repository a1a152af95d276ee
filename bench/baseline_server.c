/* baseline_server: the smallest useful libmicrohttpd server — same daemon flags and thread pool as
 * lgsec serve, answering every request with a fixed body read from a file. `make bench` measures
 * lgsec's API against it in the same run, so the figure is a ratio that does not depend on the
 * machine. usage: baseline_server PORT BODY_FILE THREADS */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *body;
static size_t body_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size, (void)con_cls;
    struct MHD_Response *r = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig, stop = 1; }

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: baseline_server PORT BODY_FILE THREADS\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    body_len = (size_t)ftell(f);
    rewind(f);
    body = malloc(body_len + 1);
    if (!body || fread(body, 1, body_len, f) != body_len)
        return 1;
    fclose(f);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[3]), MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
        MHD_OPTION_END);
    if (!d)
        return 1;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    printf("listening\n");
    fflush(stdout);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    free(body);
    return 0;
}
