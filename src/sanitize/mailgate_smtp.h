/* mailgate_smtp: the server side of one SMTP session (RFC 5321) as a state machine over bytes, with
 * no sockets, so it can be tested and fuzzed alone. It speaks what Postfix's smtp client needs of an
 * after-queue content filter: EHLO/HELO, MAIL FROM (SIZE, BODY=8BITMIME, SMTPUTF8), RCPT TO, DATA
 * with dot-unstuffing, RSET, NOOP, QUIT, PIPELINING; command lines are limited to
 * SMTP_MAX_COMMAND_LINE bytes and messages to max_message_bytes (552). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define SMTP_MAX_COMMAND_LINE 2048
#define SMTP_MAX_PATH 512
#define SMTP_MAX_ERRORS 20

typedef struct SmtpEnvelope {
    char *from;   /* the reverse-path without <>; "" for the null sender */
    char **rcpt;  /* forward-paths without <> */
    size_t n_rcpt;
    bool smtputf8;  /* MAIL FROM carried SMTPUTF8 */
    bool body_8bit; /* MAIL FROM carried BODY=8BITMIME */
} SmtpEnvelope;

/* Called once per complete message (dot-unstuffed, lines ended by "\n"). Appends one complete reply
 * ("250 2.0.0 …\r\n") to reply. */
typedef void (*SmtpMessageFn)(void *arg, const SmtpEnvelope *env, const char *data, size_t n, Buf *reply);

typedef struct SmtpConfig {
    const char *hostname;     /* in the greeting and the EHLO reply */
    size_t max_message_bytes; /* advertised as SIZE; a larger message gets 552 */
    size_t max_recipients;    /* more get 452 */
    SmtpMessageFn on_message;
    void *arg;
} SmtpConfig;

typedef enum SmtpState { SMTP_COMMAND, SMTP_DATA, SMTP_CLOSED } SmtpState;

typedef struct SmtpSession {
    const SmtpConfig *cfg;
    SmtpState state;
    bool greeted;    /* EHLO or HELO seen */
    bool in_mail;    /* MAIL FROM accepted */
    bool overlong;   /* the current line went over its limit */
    bool too_big;    /* the current message went over max_message_bytes */
    unsigned errors; /* bad commands so far */
    SmtpEnvelope env;
    Buf line;        /* the line being received */
    Buf data;        /* the message being received */
} SmtpSession;

void smtp_session_init(SmtpSession *s, const SmtpConfig *cfg);
void smtp_session_free(SmtpSession *s);
/* Appends the 220 greeting to out. */
void smtp_session_greeting(SmtpSession *s, Buf *out);
/* Feeds bytes received from the client and appends the replies to out (send them, even when
 * false is returned). Returns false once the session is over (QUIT, too many errors): the caller
 * closes the connection. */
bool smtp_session_feed(SmtpSession *s, const char *bytes, size_t n, Buf *out);
/* Frees the envelope's strings and empties it. */
void smtp_envelope_clear(SmtpEnvelope *env);
