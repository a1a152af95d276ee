/* mailgate: the listener and the pool of pre-forked session processes (see mailgate.h); the
 * sessions themselves are in mailgate_session.c. */
#include "sanitize/mailgate.h"
#include "sanitize/mailgate_internal.h"

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
#include "sanitize/verdict_log.h"

#define STOP_GRACE_S 10
/* How long an accepted connection may wait for a busy session before it gets 421. A client that
 * reconnects right after its QUIT would otherwise be refused by the session it just left. */
#define WAIT_FOR_SESSION_MS 2000

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
    /* Load and resource limits may pass later, and so may a worker killed from outside (the OOM
     * killer, an operator); a missing signature database is an operator's
     * problem to fix while the mail waits in the queue. */
    static const char *const temporary[] = {"sandbox_timeout", "sandbox_limit", "sandbox_killed",
                                            "malware_scan_unavailable", NULL};
    for (const char *const *t = temporary; *t; t++)
        if (strcmp(code, *t) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *mailgate_domain_key(const SmtpEnvelope *env)
{
    char **d = xcalloc(env->n_rcpt + 1, sizeof *d);
    for (size_t i = 0; i < env->n_rcpt; i++) {
        const char *at = strrchr(env->rcpt[i], '@');
        d[i] = xstrdup(at ? at + 1 : "");
        for (char *c = d[i]; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    }
    qsort(d, env->n_rcpt, sizeof *d, cmp_str);
    Buf key = BUF_INIT;
    buf_puts(&key, "");
    for (size_t i = 0; i < env->n_rcpt; i++) {
        if (i == 0 || strcmp(d[i], d[i - 1]) != 0) {
            if (i)
                buf_puts(&key, ",");
            buf_puts(&key, d[i]);
        }
    }
    for (size_t i = 0; i < env->n_rcpt; i++)
        free(d[i]);
    free(d);
    return buf_take(&key);
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
    g->sessions = xcalloc(cfg->max_clients, sizeof *g->sessions);
    g->waiting = xcalloc(cfg->max_clients, sizeof *g->waiting);
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
    for (unsigned i = 0; i < g->n_waiting; i++)
        close(g->waiting[i].fd);
    free(g->waiting);
    free(g->sessions);
    free(g);
}

/* ---- the session pool ---- */

/* Forks a session process; false when it cannot. */
static bool spawn_session(Mailgate *g)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* Nothing of the parent's listener or the other sessions' channels: a session that
         * ends must be seen ending (end of file on its channel). */
        close(g->listen_fd);
        for (unsigned i = 0; i < g->n_sessions; i++)
            close(g->sessions[i].ctl);
        close(sv[0]);
        mailgate_session_main(g, sv[1]);
    }
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        fprintf(stderr, "lgsec mailgate: fork failed: %s\n", strerror(errno));
        return false;
    }
    g->sessions[g->n_sessions++] = (GateSession){.pid = pid, .ctl = sv[0], .busy = false};
    return true;
}

static void drop_session(Mailgate *g, unsigned i)
{
    close(g->sessions[i].ctl);
    while (waitpid(g->sessions[i].pid, NULL, 0) < 0 && errno == EINTR) {
    }
    g->sessions[i] = g->sessions[--g->n_sessions];
}

static void refuse_busy(int fd)
{
    static const char busy[] = "421 4.3.2 lgsec: all sanitizing sessions are busy, try again later\r\n";
    ssize_t ignored = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)ignored;
}

/* Hands a connection to an idle session, starting one when all are busy and there is room.
 * False when every one of max_clients sessions is busy. */
static bool dispatch(Mailgate *g, int fd, const struct sockaddr_in *peer)
{
    for (;;) {
        unsigned i = 0;
        while (i < g->n_sessions && g->sessions[i].busy)
            i++;
        if (i == g->n_sessions && (g->n_sessions >= g->cfg.max_clients || !spawn_session(g)))
            return false;
        if (mailgate_pass_connection(g->sessions[i].ctl, fd, peer)) {
            g->sessions[i].busy = true;
            return true;
        }
        drop_session(g, i); /* it died: try the next one */
    }
}

/* Accepts one connection: to a session now, or to the waiting line for a moment; when the line is
 * full, 421, so that Postfix keeps the message and tries again later. */
static void accept_one(Mailgate *g)
{
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    int fd = accept4(g->listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (g->n_waiting == 0 && dispatch(g, fd, &peer)) {
        close(fd);
        return;
    }
    if (g->n_waiting < g->cfg.max_clients) {
        g->waiting[g->n_waiting++] = (GateWaiting){.fd = fd, .peer = peer, .since_ms = verdict_now_ms()};
        return;
    }
    refuse_busy(fd);
    close(fd);
}

/* Serves the waiting line in order; refuses what waited too long. */
static void serve_waiting(Mailgate *g)
{
    unsigned done = 0;
    while (done < g->n_waiting && dispatch(g, g->waiting[done].fd, &g->waiting[done].peer))
        close(g->waiting[done++].fd);
    double now = verdict_now_ms();
    while (done < g->n_waiting && now - g->waiting[done].since_ms > WAIT_FOR_SESSION_MS) {
        refuse_busy(g->waiting[done].fd);
        close(g->waiting[done++].fd);
    }
    memmove(g->waiting, g->waiting + done, (g->n_waiting - done) * sizeof *g->waiting);
    g->n_waiting -= done;
}

/* Reads what the sessions report: "idle" after a connection, end of file when one ended. */
static void poll_sessions(Mailgate *g, int timeout_ms, bool with_listener)
{
    unsigned n = g->n_sessions;
    struct pollfd *p = xcalloc(n + 1, sizeof *p);
    for (unsigned i = 0; i < n; i++)
        p[i] = (struct pollfd){.fd = g->sessions[i].ctl, .events = POLLIN};
    p[n] = (struct pollfd){.fd = with_listener ? g->listen_fd : -1, .events = POLLIN};
    int r = poll(p, n + 1, timeout_ms);
    for (unsigned i = n; r > 0 && i-- > 0;) {
        if (!p[i].revents)
            continue;
        char c;
        ssize_t got = recv(g->sessions[i].ctl, &c, 1, MSG_DONTWAIT);
        if (got == 1)
            g->sessions[i].busy = false;
        else if (got == 0 || (errno != EAGAIN && errno != EINTR))
            drop_session(g, i); /* indexes above i were handled already */
    }
    bool accept_ready = r > 0 && (p[n].revents & POLLIN);
    free(p);
    serve_waiting(g);
    if (accept_ready)
        accept_one(g);
}

void mailgate_serve(Mailgate *g, volatile sig_atomic_t *stop, void (*tick)(void *arg), void *arg)
{
    /* Pre-forked sessions, each with a pre-forked sandbox worker: a burst does not wait for forks. */
    unsigned prefork = g->cfg.max_clients < MAILGATE_PREFORK ? g->cfg.max_clients : MAILGATE_PREFORK;
    while (g->n_sessions < prefork && spawn_session(g)) {
    }
    time_t last_tick = time(NULL);
    while (!*stop) {
        poll_sessions(g, g->n_waiting ? 50 : 500, true);
        if (tick && time(NULL) != last_tick) {
            last_tick = time(NULL);
            tick(arg);
        }
    }
    close(g->listen_fd);
    g->listen_fd = -1;
    for (unsigned i = 0; i < g->n_waiting; i++) {
        refuse_busy(g->waiting[i].fd);
        close(g->waiting[i].fd);
    }
    g->n_waiting = 0;
    /* Idle sessions end when their channel closes; busy ones get a grace period to finish. */
    for (int waited = 0; waited <= STOP_GRACE_S * 10; waited++) {
        for (unsigned i = g->n_sessions; i-- > 0;)
            if (!g->sessions[i].busy)
                drop_session(g, i);
        if (!g->n_sessions)
            break;
        poll_sessions(g, 100, false);
    }
    for (unsigned i = 0; i < g->n_sessions; i++)
        kill(g->sessions[i].pid, SIGTERM);
    while (g->n_sessions)
        drop_session(g, g->n_sessions - 1);
}
