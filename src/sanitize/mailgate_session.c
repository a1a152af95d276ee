/* mailgate_session: one pre-forked session process of the gate (mailgate.h). It takes connections
 * the parent passes to it, speaks SMTP on each, and runs every message through sanitize → record →
 * re-inject. Messages are converted in sandboxed workers (sandbox_worker.h) that this process keeps:
 * one spare started ahead of need, and up to SESSION_WORKERS bound to a set of recipient domains
 * each, so that a worker never converts mail for two different sets of domains. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/mailgate_internal.h"
#include "sanitize/mailgate_relay.h"
#include "sanitize/mailgate_smtp.h"
#include "sanitize/sandbox_worker.h"
#include "sanitize/verdict_log.h"

/* Bound workers kept per session: a connection that alternates between a few municipalities'
 * domains does not start a worker per message. */
#define SESSION_WORKERS 4

/* What one session process keeps between messages and connections. */
typedef struct Session {
    Mailgate *g;
    char client[64];
    VerdictLog log;
    bool log_open;
    SandboxWorker *spare;                    /* started, not yet bound */
    SandboxWorker *bound[SESSION_WORKERS];   /* most recently used first */
} Session;

/* ---- workers ---- */

static void refill_spare(Session *ss)
{
    if (ss->spare && sandbox_worker_usable(ss->spare))
        return;
    sandbox_worker_stop(ss->spare);
    ss->spare = NULL;
    Err e = {0};
    if (sanitize_mail_worker_start(ss->g->cfg.policy, ss->g->cfg.worker_messages, &ss->spare, &e) != ST_OK)
        fprintf(stderr, "lgsec mailgate[%d]: cannot start a sandbox worker: %s\n", (int)getpid(), e.en);
}

/* The worker for messages to this set of domains: a bound one that is still usable, else the spare
 * (or a new one) bound to it. NULL when none can be started. */
static SandboxWorker *worker_for(Session *ss, const char *key, Err *e)
{
    for (int i = 0; i < SESSION_WORKERS; i++) {
        SandboxWorker *w = ss->bound[i];
        if (!w || strcmp(sandbox_worker_label(w), key) != 0)
            continue;
        if (!sandbox_worker_usable(w)) {
            sandbox_worker_stop(w); /* failed, or served its number of messages */
            ss->bound[i] = NULL;
            break;
        }
        memmove(&ss->bound[1], &ss->bound[0], (size_t)i * sizeof *ss->bound);
        ss->bound[0] = w;
        return w;
    }
    SandboxWorker *w = NULL;
    if (ss->spare && sandbox_worker_usable(ss->spare)) {
        w = ss->spare;
        ss->spare = NULL;
    } else {
        sandbox_worker_stop(ss->spare);
        ss->spare = NULL;
        if (sanitize_mail_worker_start(ss->g->cfg.policy, ss->g->cfg.worker_messages, &w, e) != ST_OK)
            return NULL;
    }
    sandbox_worker_set_label(w, key);
    /* Evict the least recently used (or an empty slot), then put the new one first. */
    int last = SESSION_WORKERS - 1;
    for (int i = 0; i < SESSION_WORKERS; i++)
        if (!ss->bound[i]) {
            last = i;
            break;
        }
    sandbox_worker_stop(ss->bound[last]);
    memmove(&ss->bound[1], &ss->bound[0], (size_t)last * sizeof *ss->bound);
    ss->bound[0] = w;
    return w;
}

/* Converts in a worker bound to the message's recipient domains. A worker found dead just before
 * the message was handed over (killed while idle) is replaced once. */
static Status convert(Session *ss, const SmtpEnvelope *env, const char *data, size_t n, Buf *clean, Verdict **v,
                      pid_t *worker, Err *e)
{
    char *key = mailgate_domain_key(env);
    Status s = ST_IO;
    for (int attempt = 0; attempt < 2; attempt++) {
        SandboxWorker *w = worker_for(ss, key, e);
        if (!w) {
            s = ST_IO;
            break;
        }
        *worker = sandbox_worker_pid(w);
        s = sanitize_mail_in(w, ss->g->cfg.policy, (const uint8_t *)data, n, clean, v, e);
        if (s != ST_IO || *v)
            break;
    }
    free(key);
    return s;
}

static void stop_workers(Session *ss)
{
    sandbox_worker_stop(ss->spare);
    ss->spare = NULL;
    for (int i = 0; i < SESSION_WORKERS; i++) {
        sandbox_worker_stop(ss->bound[i]);
        ss->bound[i] = NULL;
    }
}

/* ---- one message ---- */

static json_t *envelope_json(const Session *ss, const SmtpEnvelope *env, pid_t worker)
{
    json_t *to = json_array();
    for (size_t i = 0; i < env->n_rcpt; i++)
        json_array_append_new(to, json_string(env->rcpt[i]));
    return json_pack("{s:s, s:{s:s, s:o}, s:I}", "client", ss->client, "envelope", "from", env->from, "to", to,
                     "worker", (json_int_t)worker);
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
    pid_t worker = 0;
    Status s = convert(ss, env, data, n, &clean, &v, &worker, &e);
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
    json_t *ctx = envelope_json(ss, env, worker);
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

static void serve_connection(Session *ss, int fd, const struct sockaddr_in *peer)
{
    Mailgate *g = ss->g;
    inet_ntop(AF_INET, &peer->sin_addr, ss->client, sizeof ss->client);
    struct timeval tv = {.tv_sec = g->cfg.timeout_s};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    SmtpConfig sc = {.hostname = g->cfg.hostname, .max_message_bytes = g->cfg.policy->max_message_bytes,
                     .max_recipients = g->cfg.max_recipients, .on_message = on_message, .arg = ss};
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
        /* While the client prepares its next command: have a spare worker ready. */
        refill_spare(ss);
    }
    free(in);
    buf_free(&out);
    smtp_session_free(&s);
    /* Reopened per connection, so that a rotated log file is let go of. */
    if (ss->log_open)
        verdict_log_close(&ss->log);
    ss->log_open = false;
    close(fd);
}


/* ---- the session process ---- */

bool mailgate_pass_connection(int ctl, int fd, const struct sockaddr_in *peer)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = {.iov_base = (void *)peer, .iov_len = sizeof *peer};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    ssize_t r;
    while ((r = sendmsg(ctl, &m, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
    }
    return r == (ssize_t)sizeof *peer;
}

/* The next connection from the parent; -1 when the parent closed the channel. */
static int receive_connection(int ctl, struct sockaddr_in *peer)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = peer, .iov_len = sizeof *peer};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t r;
    while ((r = recvmsg(ctl, &m, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
    }
    struct cmsghdr *c = r == (ssize_t)sizeof *peer ? CMSG_FIRSTHDR(&m) : NULL;
    if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

_Noreturn void mailgate_session_main(Mailgate *g, int ctl)
{
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    Session ss = {.g = g};
    refill_spare(&ss); /* pre-forked: the first message does not wait for a fork */
    for (;;) {
        struct sockaddr_in peer;
        int fd = receive_connection(ctl, &peer);
        if (fd < 0)
            break;
        serve_connection(&ss, fd, &peer);
        refill_spare(&ss);
        static const char idle = 'I';
        if (send(ctl, &idle, 1, MSG_NOSIGNAL) != 1)
            break;
    }
    stop_workers(&ss);
    fflush(NULL);
    _exit(0);
}
