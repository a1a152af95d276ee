/* mailgate_relay: one SMTP client transaction per message (see mailgate_relay.h). Plain blocking
 * sockets with SO_RCVTIMEO/SO_SNDTIMEO; no pipelining: one message per connection is simple and
 * the next hop is on the same machine. */
#include "sanitize/mailgate_relay.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/buf.h"

typedef struct Conn {
    int fd;
    char in[4096];
    size_t in_len, in_pos;
    bool ext_8bitmime, ext_smtputf8;
} Conn;

static void fail(RelayResult *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(RelayResult *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->code = code;
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
    /* The text goes into an SMTP reply: printable ASCII only. */
    for (char *c = r->text; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
            *c = ' ';
}

static int connect_to(const RelayTarget *t)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)t->port)};
    if (inet_pton(AF_INET, t->host, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int err = 0;
        socklen_t len = sizeof err;
        if (errno != EINPROGRESS || poll(&p, 1, (int)t->timeout_s * 1000) != 1 ||
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err) {
            close(fd);
            errno = err ? err : ETIMEDOUT;
            return -1;
        }
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    struct timeval tv = {.tv_sec = t->timeout_s};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

static bool send_all(Conn *c, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads one line (without CRLF) into line; false on timeout, close or a line over 1,000 bytes. */
static bool read_line(Conn *c, char *line, size_t cap)
{
    size_t n = 0;
    for (;;) {
        if (c->in_pos == c->in_len) {
            ssize_t got = recv(c->fd, c->in, sizeof c->in, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return false;
            c->in_len = (size_t)got;
            c->in_pos = 0;
        }
        char ch = c->in[c->in_pos++];
        if (ch == '\n')
            break;
        if (n + 1 >= cap)
            return false;
        line[n++] = ch;
    }
    if (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return true;
}

/* Reads a (possibly multi-line) reply; returns its code (0 on a broken reply or connection) and
 * keeps its last line's text in last. Notes the EHLO extensions we use. */
static int read_reply(Conn *c, char *last, size_t cap)
{
    char line[1024];
    for (;;) {
        if (!read_line(c, line, sizeof line))
            return 0;
        size_t n = strlen(line);
        if (n < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' || line[2] < '0' ||
            line[2] > '9' || (n > 3 && line[3] != ' ' && line[3] != '-'))
            return 0;
        const char *text = n > 4 ? line + 4 : "";
        if (strcasecmp(text, "8BITMIME") == 0)
            c->ext_8bitmime = true;
        else if (strcasecmp(text, "SMTPUTF8") == 0)
            c->ext_smtputf8 = true;
        if (n == 3 || line[3] == ' ') {
            size_t k = n < cap - 1 ? n : cap - 1;
            memcpy(last, line, k);
            last[k] = '\0';
            return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        }
    }
}

/* Sends a command and reads its reply; on anything but expect's class fills r and returns false. */
static bool exchange(Conn *c, const char *cmd, int expect, const char *what, RelayResult *r)
{
    char last[512] = "";
    if (cmd && !send_all(c, cmd, strlen(cmd))) {
        fail(r, 0, "next hop: connection lost at %s (%s)", what, strerror(errno));
        return false;
    }
    int code = read_reply(c, last, sizeof last);
    if (code == 0) {
        fail(r, 0, "next hop: no valid reply at %s (%s)", what, errno == EAGAIN ? "timeout" : "connection lost");
        return false;
    }
    if (code / 100 != expect / 100) {
        fail(r, code, "next hop refused %s: %.200s", what, last);
        return false;
    }
    return true;
}

static bool has_8bit(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return true;
    return false;
}

static bool needs_smtputf8(const SmtpEnvelope *env)
{
    if (has_8bit(env->from, strlen(env->from)))
        return true;
    for (size_t i = 0; i < env->n_rcpt; i++)
        if (has_8bit(env->rcpt[i], strlen(env->rcpt[i])))
            return true;
    return false;
}

/* The message as CRLF lines with leading dots doubled, ended by ".\r\n". */
static void dot_stuff(const char *msg, size_t n, Buf *out)
{
    buf_grow(out, n + n / 32 + 8);
    size_t i = 0;
    while (i < n) {
        const char *lf = memchr(msg + i, '\n', n - i);
        size_t end = lf ? (size_t)(lf - msg) : n;
        size_t len = end - i;
        if (len && msg[end - 1] == '\r')
            len--;
        if (msg[i] == '.' && len)
            buf_putc(out, '.');
        buf_append(out, msg + i, len);
        buf_puts(out, "\r\n");
        i = lf ? end + 1 : n;
    }
    buf_puts(out, ".\r\n");
}

static void transaction(Conn *c, const RelayTarget *t, const SmtpEnvelope *env, const char *msg, size_t n,
                        RelayResult *r)
{
    char cmd[SMTP_MAX_PATH + 64];
    if (!exchange(c, NULL, 220, "greeting", r))
        return;
    snprintf(cmd, sizeof cmd, "EHLO %s\r\n", t->helo);
    if (!exchange(c, cmd, 250, "EHLO", r))
        return;
    bool body8 = has_8bit(msg, n), utf8 = env->smtputf8 || needs_smtputf8(env);
    if ((body8 && !c->ext_8bitmime) || (utf8 && !c->ext_smtputf8))
        return fail(r, 451, "next hop does not offer %s", body8 && !c->ext_8bitmime ? "8BITMIME" : "SMTPUTF8");
    snprintf(cmd, sizeof cmd, "MAIL FROM:<%s>%s%s\r\n", env->from, body8 ? " BODY=8BITMIME" : "",
             utf8 ? " SMTPUTF8" : "");
    if (!exchange(c, cmd, 250, "MAIL FROM", r))
        return;
    for (size_t i = 0; i < env->n_rcpt; i++) {
        snprintf(cmd, sizeof cmd, "RCPT TO:<%s>\r\n", env->rcpt[i]);
        if (!exchange(c, cmd, 250, "RCPT TO", r)) {
            /* SMTP has one reply to DATA for all recipients: a partial refusal becomes temporary
             * for the whole message rather than losing some recipients silently. */
            if (r->code / 100 == 5 && (env->n_rcpt > 1))
                r->code = 451;
            return;
        }
    }
    if (!exchange(c, "DATA\r\n", 354, "DATA", r))
        return;
    Buf body = BUF_INIT;
    dot_stuff(msg, n, &body);
    bool sent = send_all(c, body.data, body.len);
    buf_free(&body);
    if (!sent)
        return fail(r, 0, "next hop: connection lost while sending the message (%s)", strerror(errno));
    char last[512] = "";
    int code = read_reply(c, last, sizeof last);
    if (code == 0)
        return fail(r, 0, "next hop: no reply after the message (%s)", errno == EAGAIN ? "timeout" : "connection lost");
    if (code != 250)
        return fail(r, code, "next hop refused the message: %.200s", last);
    fail(r, 250, "%.250s", last); /* not a failure: the accepted reply, e.g. "250 2.0.0 Ok: queued as …" */
    send_all(c, "QUIT\r\n", 6);
}

void mailgate_relay(const RelayTarget *t, const SmtpEnvelope *env, const char *msg, size_t n, RelayResult *r)
{
    Conn c = {.fd = connect_to(t)};
    if (c.fd < 0)
        return fail(r, 0, "next hop %s:%u unreachable (%s)", t->host, t->port, strerror(errno));
    transaction(&c, t, env, msg, n, r);
    close(c.fd);
}
