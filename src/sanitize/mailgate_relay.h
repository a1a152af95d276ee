/* mailgate_relay: the SMTP client that re-injects a sanitized message into the next hop (Postfix's
 * re-injection smtpd) with the original envelope. */
#pragma once
#include <stddef.h>

#include "sanitize/mailgate_smtp.h"

typedef struct RelayTarget {
    const char *host;  /* numeric IPv4 address */
    unsigned port;
    const char *helo;  /* our name in EHLO */
    unsigned timeout_s; /* connect and per-reply timeout */
} RelayTarget;

typedef struct RelayResult {
    int code;        /* the next hop's final reply code (250 when delivered); 0 when it could not be reached */
    char text[256];  /* what happened, ASCII, for the SMTP reply and the log */
} RelayResult;

/* Sends msg (lines ended by "\n" or "\r\n"; sent as CRLF, dot-stuffed) to the target for every
 * recipient of env. Fills r with the outcome; r->code is 250 only when the next hop accepted the
 * message for all recipients. A temporary failure (network, timeout, 4xx, some recipients refused)
 * leaves 4xx or 0 in r->code; a permanent one 5xx. */
void mailgate_relay(const RelayTarget *t, const SmtpEnvelope *env, const char *msg, size_t n, RelayResult *r);
