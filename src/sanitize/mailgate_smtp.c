/* mailgate_smtp: the SMTP server state machine (see mailgate_smtp.h). */
#include "sanitize/mailgate_smtp.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"

void smtp_session_init(SmtpSession *s, const SmtpConfig *cfg)
{
    *s = (SmtpSession){.cfg = cfg, .state = SMTP_COMMAND, .line = BUF_INIT, .data = BUF_INIT};
}

void smtp_envelope_clear(SmtpEnvelope *env)
{
    free(env->from);
    for (size_t i = 0; i < env->n_rcpt; i++)
        free(env->rcpt[i]);
    free(env->rcpt);
    *env = (SmtpEnvelope){0};
}

void smtp_session_free(SmtpSession *s)
{
    smtp_envelope_clear(&s->env);
    buf_free(&s->line);
    buf_free(&s->data);
}

void smtp_session_greeting(SmtpSession *s, Buf *out)
{
    buf_printf(out, "220 %s ESMTP lgsec mailgate\r\n", s->cfg->hostname);
}

static void reset_transaction(SmtpSession *s)
{
    smtp_envelope_clear(&s->env);
    s->in_mail = false;
    s->too_big = false;
    buf_reset(&s->data);
}

/* "VERB" matches case-insensitively and is followed by the end or a space. */
static bool verb_is(const char *line, const char *verb)
{
    size_t n = strlen(verb);
    return strncasecmp(line, verb, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

static void reply_error(SmtpSession *s, Buf *out, const char *reply)
{
    s->errors++;
    buf_puts(out, reply);
}

/* Parses "<path>" at *p (after "FROM:" / "TO:", spaces allowed before it) into a new string
 * without the brackets, dropping an RFC 5321 source route ("@a,@b:"). utf8 allows 8-bit bytes.
 * Advances *p past the '>'. NULL on a malformed path. */
static char *parse_path(const char **p, bool utf8)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    if (*s != '<')
        return NULL;
    s++;
    const char *end = s;
    bool quoted = false;
    for (; *end && (quoted || *end != '>'); end++) {
        unsigned char c = (unsigned char)*end;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8) || (c == ' ' && !quoted))
            return NULL;
        if (c == '"')
            quoted = !quoted;
        else if (c == '\\' && quoted && end[1])
            end++;
    }
    if (*end != '>' || (size_t)(end - s) > SMTP_MAX_PATH)
        return NULL;
    if (*s == '@') { /* source route: keep what follows its ':' */
        const char *colon = memchr(s, ':', (size_t)(end - s));
        if (!colon)
            return NULL;
        s = colon + 1;
    }
    *p = end + 1;
    return xstrndup(s, (size_t)(end - s));
}

/* An address must be empty (the null sender), or local@domain, or "postmaster". */
static bool address_ok(const char *a, bool allow_empty)
{
    if (!*a)
        return allow_empty;
    if (strcasecmp(a, "postmaster") == 0)
        return true;
    const char *at = strrchr(a, '@');
    return at && at != a && at[1];
}

static void cmd_ehlo(SmtpSession *s, const char *arg, bool extended, Buf *out)
{
    while (*arg == ' ')
        arg++;
    if (!*arg)
        return reply_error(s, out, "501 5.5.4 Syntax: EHLO hostname\r\n");
    reset_transaction(s);
    s->greeted = true;
    if (!extended) {
        buf_printf(out, "250 %s\r\n", s->cfg->hostname);
        return;
    }
    buf_printf(out,
               "250-%s\r\n250-PIPELINING\r\n250-SIZE %zu\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
               "250 ENHANCEDSTATUSCODES\r\n",
               s->cfg->hostname, s->cfg->max_message_bytes);
}

static void cmd_mail(SmtpSession *s, const char *arg, Buf *out)
{
    if (!s->greeted)
        return reply_error(s, out, "503 5.5.1 Error: send HELO/EHLO first\r\n");
    if (s->in_mail)
        return reply_error(s, out, "503 5.5.1 Error: nested MAIL command\r\n");
    if (strncasecmp(arg, "FROM:", 5) != 0)
        return reply_error(s, out, "501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
    /* Parameters come after the path; SMTPUTF8 among them allows 8-bit in the path itself. */
    bool utf8 = strcasestr(arg, " SMTPUTF8") != NULL;
    const char *p = arg + 5;
    char *from = parse_path(&p, utf8);
    if (!from || !address_ok(from, true)) {
        free(from);
        return reply_error(s, out, "501 5.1.7 Bad sender address syntax\r\n");
    }
    bool body8 = false, smtputf8 = false;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 5 && strncasecmp(p, "SIZE=", 5) == 0) {
            char *stop;
            errno = 0;
            unsigned long long size = strtoull(p + 5, &stop, 10);
            if (stop != p + len || !isdigit((unsigned char)p[5]) || errno) {
                free(from);
                return reply_error(s, out, "501 5.5.4 Bad SIZE parameter\r\n");
            }
            if (size > s->cfg->max_message_bytes) {
                free(from);
                buf_puts(out, "552 5.3.4 Message size exceeds fixed limit\r\n");
                return;
            }
        } else if (len == 13 && strncasecmp(p, "BODY=8BITMIME", 13) == 0) {
            body8 = true;
        } else if (len == 9 && strncasecmp(p, "BODY=7BIT", 9) == 0) {
            body8 = false;
        } else if (len == 8 && strncasecmp(p, "SMTPUTF8", 8) == 0) {
            smtputf8 = true;
        } else {
            free(from);
            return reply_error(s, out, "555 5.5.4 Unsupported MAIL parameter\r\n");
        }
        p += len;
    }
    for (const char *c = from; !smtputf8 && *c; c++)
        if ((unsigned char)*c >= 0x80) {
            free(from);
            return reply_error(s, out, "553 5.6.7 Non-ASCII address without SMTPUTF8\r\n");
        }
    reset_transaction(s);
    s->env.from = from;
    s->env.body_8bit = body8;
    s->env.smtputf8 = smtputf8;
    s->in_mail = true;
    buf_puts(out, "250 2.1.0 Ok\r\n");
}

static void cmd_rcpt(SmtpSession *s, const char *arg, Buf *out)
{
    if (!s->in_mail)
        return reply_error(s, out, "503 5.5.1 Error: need MAIL command\r\n");
    if (strncasecmp(arg, "TO:", 3) != 0)
        return reply_error(s, out, "501 5.5.4 Syntax: RCPT TO:<address>\r\n");
    const char *p = arg + 3;
    char *to = parse_path(&p, s->env.smtputf8);
    if (!to || !address_ok(to, false)) {
        free(to);
        return reply_error(s, out, "501 5.1.3 Bad recipient address syntax\r\n");
    }
    while (*p == ' ')
        p++;
    if (*p) {
        free(to);
        return reply_error(s, out, "555 5.5.4 Unsupported RCPT parameter\r\n");
    }
    if (s->env.n_rcpt >= s->cfg->max_recipients) {
        free(to);
        buf_puts(out, "452 4.5.3 Error: too many recipients\r\n");
        return;
    }
    s->env.rcpt = xrealloc(s->env.rcpt, (s->env.n_rcpt + 1) * sizeof *s->env.rcpt);
    s->env.rcpt[s->env.n_rcpt++] = to;
    buf_puts(out, "250 2.1.5 Ok\r\n");
}

static void command(SmtpSession *s, char *line, Buf *out)
{
    if (verb_is(line, "EHLO") || verb_is(line, "HELO"))
        cmd_ehlo(s, line + 4, toupper((unsigned char)line[0]) == 'E', out);
    else if (verb_is(line, "MAIL"))
        cmd_mail(s, line[4] ? line + 5 : line + 4, out);
    else if (verb_is(line, "RCPT"))
        cmd_rcpt(s, line[4] ? line + 5 : line + 4, out);
    else if (verb_is(line, "DATA")) {
        if (line[4])
            reply_error(s, out, "501 5.5.4 Syntax: DATA\r\n");
        else if (!s->in_mail)
            reply_error(s, out, "503 5.5.1 Error: need MAIL command\r\n");
        else if (!s->env.n_rcpt)
            reply_error(s, out, "554 5.5.1 Error: no valid recipients\r\n");
        else {
            s->state = SMTP_DATA;
            buf_puts(out, "354 End data with <CR><LF>.<CR><LF>\r\n");
        }
    } else if (verb_is(line, "RSET")) {
        if (line[4])
            return reply_error(s, out, "501 5.5.4 Syntax: RSET\r\n");
        reset_transaction(s);
        buf_puts(out, "250 2.0.0 Ok\r\n");
    } else if (verb_is(line, "NOOP"))
        buf_puts(out, "250 2.0.0 Ok\r\n");
    else if (verb_is(line, "QUIT")) {
        buf_puts(out, "221 2.0.0 Bye\r\n");
        s->state = SMTP_CLOSED;
    } else if (verb_is(line, "VRFY"))
        buf_puts(out, "252 2.0.0 Cannot VRFY; send some mail\r\n");
    else
        reply_error(s, out, "502 5.5.2 Error: command not recognized\r\n");
}

/* One data line (without its line end); "." ends the message. */
static void data_line(SmtpSession *s, const char *line, size_t n, Buf *out)
{
    if (n == 1 && line[0] == '.') {
        if (s->too_big)
            buf_puts(out, "552 5.3.4 Message size exceeds fixed limit\r\n");
        else
            s->cfg->on_message(s->cfg->arg, &s->env, s->data.data ? s->data.data : "", s->data.len, out);
        reset_transaction(s);
        s->state = SMTP_COMMAND;
        return;
    }
    if (n && line[0] == '.') { /* dot-unstuffing (RFC 5321 4.5.2) */
        line++;
        n--;
    }
    if (s->too_big || s->overlong || s->data.len + n + 1 > s->cfg->max_message_bytes) {
        s->too_big = true;
        return;
    }
    buf_append(&s->data, line, n);
    buf_putc(&s->data, '\n');
}

/* The limit for the line being received: commands are short; a data line is bounded by the
 * message size only. */
static size_t line_limit(const SmtpSession *s)
{
    return s->state == SMTP_DATA ? s->cfg->max_message_bytes + 2 : SMTP_MAX_COMMAND_LINE;
}

static void complete_line(SmtpSession *s, Buf *out)
{
    size_t n = s->line.len;
    char *line = s->line.data ? s->line.data : "";
    if (n && line[n - 1] == '\r')
        line[--n] = '\0';
    if (s->state == SMTP_DATA) {
        data_line(s, line, n, out);
        s->overlong = false;
    } else if (s->overlong) {
        s->overlong = false;
        reply_error(s, out, "500 5.5.0 Error: line too long\r\n");
    } else if (memchr(line, '\0', n))
        reply_error(s, out, "500 5.5.2 Error: bad character in command\r\n");
    else
        command(s, line, out);
    buf_reset(&s->line);
}

bool smtp_session_feed(SmtpSession *s, const char *bytes, size_t n, Buf *out)
{
    while (n && s->state != SMTP_CLOSED) {
        const char *lf = memchr(bytes, '\n', n);
        size_t take = lf ? (size_t)(lf - bytes) : n;
        if (!s->overlong) {
            if (s->line.len + take > line_limit(s)) {
                s->overlong = true;
                buf_reset(&s->line);
            } else
                buf_append(&s->line, bytes, take);
        }
        if (s->overlong && s->state == SMTP_DATA)
            s->too_big = true;
        if (!lf)
            break;
        bytes += take + 1;
        n -= take + 1;
        complete_line(s, out);
        if (s->errors >= SMTP_MAX_ERRORS) {
            buf_puts(out, "421 4.7.0 Error: too many errors\r\n");
            s->state = SMTP_CLOSED;
        }
    }
    return s->state != SMTP_CLOSED;
}
