/* mailgate: the listener, the per-connection processes and the per-message pipeline
 * sanitize → record → re-inject (see mailgate.h). */
#include "sanitize/mailgate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/disarm.h"
#include "sanitize/mail.h"
#include "sanitize/mailgate_relay.h"
#include "sanitize/mailgate_smtp.h"
#include "sanitize/verdict_log.h"

#define STOP_GRACE_S 10

struct Mailgate {
    MailgateConfig cfg;
    int listen_fd;
    unsigned port;
    char next_host[64];
    unsigned next_port;
    pid_t *children;
    unsigned n_children;
};

/* What one connection's process keeps between messages. */
typedef struct Session {
    Mailgate *g;
    char client[64];
    VerdictLog log;
    bool log_open;
} Session;

static bool parse_addr(const char *s, char host[64], unsigned *port)
{
    const char *colon = s ? strrchr(s, ':') : NULL;
    if (!colon || colon == s || (size_t)(colon - s) >= 64 || !colon[1])
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    char *end;
    long p = strtol(colon + 1, &end, 10);
    struct in_addr a;
    if (*end || p < 0 || p > 65535 || inet_pton(AF_INET, host, &a) != 1)
        return false;
    *port = (unsigned)p;
    return true;
}

bool mailgate_block_is_temporary(const char *code)
{
    /* Load and resource limits may pass later; a missing signature database is an operator's
     * problem to fix while the mail waits in the queue. */
    static const char *const temporary[] = {"sandbox_timeout", "sandbox_limit", "malware_scan_unavailable", NULL};
    for (const char *const *t = temporary; *t; t++)
        if (strcmp(code, *t) == 0)
            return true;
    return false;
}

static Status bad_addr(Err *e, const char *field, const char *value)
{
    return err_setf(e, ST_INVALID, "invalid_address", field, "アドレス %s が不正です (例: 127.0.0.1:10025)",
                    "invalid address %s (e.g. 127.0.0.1:10025)", value ? value : "");
}

Status mailgate_open(const MailgateConfig *cfg, Mailgate **out, Err *e)
{
    char host[64];
    unsigned port;
    Mailgate *g = xcalloc(1, sizeof *g);
    g->cfg = *cfg;
    g->listen_fd = -1;
    if (!parse_addr(cfg->next_hop, g->next_host, &g->next_port) || g->next_port == 0) {
        free(g);
        return bad_addr(e, "next_hop", cfg->next_hop);
    }
    if (!parse_addr(cfg->listen, host, &port)) {
        free(g);
        return bad_addr(e, "listen", cfg->listen);
    }
    VerdictLog probe;
    Status s = verdict_log_open(&probe, cfg->verdict_log, cfg->db_path, "mailgate", e);
    if (s != ST_OK) {
        free(g);
        return s;
    }
    verdict_log_close(&probe);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    socklen_t len = sizeof sa;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        s = err_setf(e, ST_IO, "listen_failed", "listen", "%s で待ち受けできません (%s)", "cannot listen on %s (%s)",
                     cfg->listen, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(g);
        return s;
    }
    g->listen_fd = fd;
    g->port = ntohs(sa.sin_port);
    /* Load GMime, the converters and (when attachments are disarmed) the signature database once,
     * here: every connection's process inherits them instead of loading them again. */
    mail_prepare();
    if (cfg->policy->attachments == ATTACHMENTS_QUARANTINE)
        disarm_prepare(cfg->policy);
    g->children = xcalloc(cfg->max_clients, sizeof *g->children);
    *out = g;
    return ST_OK;
}

unsigned mailgate_port(const Mailgate *g) { return g->port; }

void mailgate_close(Mailgate *g)
{
    if (!g)
        return;
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    free(g->children);
    free(g);
}

/* ---- one message ---- */

static json_t *envelope_json(const Session *ss, const SmtpEnvelope *env)
{
    json_t *to = json_array();
    for (size_t i = 0; i < env->n_rcpt; i++)
        json_array_append_new(to, json_string(env->rcpt[i]));
    return json_pack("{s:s, s:{s:s, s:o}}", "client", ss->client, "envelope", "from", env->from, "to", to);
}

/* An SMTP reply: one line of printable ASCII, at most 400 characters of text. */
static void reply(Buf *out, const char *code, const char *fmt, const char *a, const char *b)
{
    Buf text = BUF_INIT;
    buf_printf(&text, fmt, a, b);
    if (text.len > 400)
        text.data[text.len = 400] = '\0';
    for (char *c = text.data; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
            *c = '?';
    buf_printf(out, "%s %s\r\n", code, text.data);
    buf_free(&text);
}

static void log_line(const Session *ss, const SmtpEnvelope *env, const char *verdict, const char *what)
{
    fprintf(stderr, "lgsec mailgate[%d]: client=%s from=<%s> nrcpt=%zu verdict=%s %s\n", (int)getpid(), ss->client,
            env->from, env->n_rcpt, verdict, what);
}

static void on_message(void *arg, const SmtpEnvelope *env, const char *data, size_t n, Buf *out)
{
    Session *ss = arg;
    const MailgateConfig *cfg = &ss->g->cfg;
    Buf clean = BUF_INIT;
    Verdict *v = NULL;
    Err e = {0};
    Status s = sanitize_mail(cfg->policy, (const uint8_t *)data, n, &clean, &v, &e);
    if (s != ST_OK || !v) {
        log_line(ss, env, "none", e.en);
        reply(out, "451", "4.3.0 lgsec: cannot sanitize now (%s): %s", e.code, e.en);
        goto done;
    }
    if (!ss->log_open) {
        if (verdict_log_open(&ss->log, cfg->verdict_log, cfg->db_path, "mailgate", &e) != ST_OK) {
            log_line(ss, env, verdict_action(v), e.en);
            reply(out, "451", "4.3.0 lgsec: cannot record the verdict (%s): %s", e.code, e.en);
            goto done;
        }
        ss->log_open = true;
    }
    json_t *ctx = envelope_json(ss, env);
    s = verdict_log_record(&ss->log, "mail", v, ctx, &e);
    json_decref(ctx);
    if (s != ST_OK) {
        /* No record, no delivery: every message that enters has its verdict on file. */
        log_line(ss, env, verdict_action(v), e.en);
        reply(out, "451", "4.3.0 lgsec: cannot record the verdict (%s): %s", e.code, e.en);
        goto done;
    }
    if (verdict_blocked(v) || clean.len == 0) {
        const char *code = verdict_blocked(v) ? verdict_block_code(v) : "empty_output";
        char *json = verdict_to_json(v);
        json_t *tree = json_loads(json, 0, NULL);
        const char *why = json_string_value(json_object_get(json_object_get(tree, "blocked"), "en"));
        log_line(ss, env, "blocked", code);
        if (mailgate_block_is_temporary(code))
            reply(out, "451", "4.7.0 lgsec: cannot sanitize now (%s): %s", code, why ? why : "");
        else
            reply(out, "554", "5.6.0 lgsec: message blocked (%s): %s", code, why ? why : "");
        json_decref(tree);
        free(json);
        goto done;
    }
    RelayTarget t = {.host = ss->g->next_host, .port = ss->g->next_port, .helo = cfg->hostname,
                     .timeout_s = cfg->timeout_s};
    RelayResult r;
    mailgate_relay(&t, env, clean.data, clean.len, &r);
    log_line(ss, env, verdict_action(v), r.text);
    if (r.code == 250)
        reply(out, "250", "2.0.0 lgsec: sanitized (%s); %s", verdict_action(v), r.text);
    else if (r.code >= 500)
        reply(out, "554", "5.4.0 lgsec: %s%s", r.text, "");
    else
        reply(out, "451", "4.4.0 lgsec: %s%s", r.text, "");
done:
    verdict_free(v);
    buf_free(&clean);
}

/* ---- one connection (in its own process) ---- */

static bool send_all(int fd, const Buf *b)
{
    size_t off = 0;
    while (off < b->len) {
        ssize_t w = send(fd, b->data + off, b->len - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        off += (size_t)w;
    }
    return true;
}

static void serve_connection(Mailgate *g, int fd, const struct sockaddr_in *peer)
{
    Session ss = {.g = g};
    inet_ntop(AF_INET, &peer->sin_addr, ss.client, sizeof ss.client);
    struct timeval tv = {.tv_sec = g->cfg.timeout_s};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    SmtpConfig sc = {.hostname = g->cfg.hostname, .max_message_bytes = g->cfg.policy->max_message_bytes,
                     .max_recipients = g->cfg.max_recipients, .on_message = on_message, .arg = &ss};
    SmtpSession s;
    smtp_session_init(&s, &sc);
    Buf out = BUF_INIT;
    smtp_session_greeting(&s, &out);
    bool open = send_all(fd, &out);
    char *in = xmalloc(65536);
    while (open) {
        buf_reset(&out);
        ssize_t got = recv(fd, in, 65536, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            buf_puts(&out, "421 4.4.2 lgsec: timeout, closing connection\r\n");
            send_all(fd, &out);
            break;
        }
        if (got <= 0)
            break; /* the client went away: an unfinished message is simply not delivered */
        open = smtp_session_feed(&s, in, (size_t)got, &out);
        if (!send_all(fd, &out))
            break;
    }
    free(in);
    buf_free(&out);
    smtp_session_free(&s);
    if (ss.log_open)
        verdict_log_close(&ss.log);
    close(fd);
}

/* ---- the parent ---- */

static void reap(Mailgate *g, bool block)
{
    pid_t pid;
    int status;
    while (g->n_children && (pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) {
        for (unsigned i = 0; i < g->n_children; i++)
            if (g->children[i] == pid) {
                g->children[i] = g->children[--g->n_children];
                break;
            }
        if (block)
            break;
    }
}

static void accept_one(Mailgate *g)
{
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    int fd = accept4(g->listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (g->n_children >= g->cfg.max_clients) {
        static const char busy[] = "421 4.3.2 lgsec: too many connections, try again later\r\n";
        ssize_t ignored = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)ignored;
        close(fd);
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        close(g->listen_fd);
        serve_connection(g, fd, &peer);
        fflush(NULL);
        _exit(0);
    }
    close(fd);
    if (pid > 0)
        g->children[g->n_children++] = pid;
    else
        fprintf(stderr, "lgsec mailgate: fork failed: %s\n", strerror(errno));
}

void mailgate_serve(Mailgate *g, volatile sig_atomic_t *stop, void (*tick)(void *arg), void *arg)
{
    time_t last_tick = time(NULL);
    while (!*stop) {
        struct pollfd p = {.fd = g->listen_fd, .events = POLLIN};
        if (poll(&p, 1, 500) == 1 && (p.revents & POLLIN))
            accept_one(g);
        reap(g, false);
        if (tick && time(NULL) != last_tick) {
            last_tick = time(NULL);
            tick(arg);
        }
    }
    close(g->listen_fd);
    g->listen_fd = -1;
    for (int waited = 0; g->n_children && waited < STOP_GRACE_S * 10; waited++) {
        usleep(100000);
        reap(g, false);
    }
    for (unsigned i = 0; i < g->n_children; i++)
        kill(g->children[i], SIGTERM);
    while (g->n_children)
        reap(g, true);
}
