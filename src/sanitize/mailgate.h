/* mailgate: the SMTP content filter Postfix hands every message to (after-queue content_filter,
 * FILTER_README "advanced content filter"). Each message is text-converted by sanitize_mail and
 * re-injected into the next hop with the same envelope; the client gets 250 only after the next hop
 * accepted it. Whatever cannot be processed is refused — 4xx when it may work later (timeouts,
 * next hop down, resources), 5xx when it never will (blocked as a whole) — so Postfix keeps it
 * queued or bounces it: the original is never relayed.
 * A single-threaded parent accepts connections and passes each to an idle session process; it
 * pre-forks MAILGATE_PREFORK of them and starts more on demand up to max_clients. When all
 * max_clients are busy a connection gets 421 (Postfix keeps the message queued and retries):
 * back-pressure, never a pass-through. Each session converts in sandboxed workers it keeps
 * (sandbox_worker.h): a worker is bound to the set of recipient domains of its first message
 * (mailgate_domain_key) and never converts a message for another set, and is replaced after
 * worker_messages messages or after any failure. */
#pragma once
#include <signal.h>
#include <stddef.h>

#include "core/err.h"
#include "sanitize/mailgate_smtp.h"
#include "sanitize/sanitize.h"

/* Session processes forked at start (fewer when max_clients is smaller). */
#define MAILGATE_PREFORK 4

typedef struct MailgateConfig {
    const char *listen;     /* "ADDR:PORT" (IPv4; port 0 picks a free one) */
    const char *next_hop;   /* "ADDR:PORT" of the re-injection smtpd */
    const char *hostname;   /* in our greeting and our EHLO */
    const SanitizePolicy *policy;
    const char *verdict_log; /* log file for verdicts, or NULL */
    const char *db_path;     /* database for trail entries, or NULL */
    unsigned max_clients;
    unsigned timeout_s;      /* idle client, and each next-hop reply */
    size_t max_recipients;
    unsigned worker_messages; /* messages per sandbox worker before it is replaced */
} MailgateConfig;

typedef struct Mailgate Mailgate;

/* Checks the configuration (addresses, the verdict log and database can be opened) and binds the
 * listening socket. Free with mailgate_close. */
Status mailgate_open(const MailgateConfig *cfg, Mailgate **out, Err *e);
unsigned mailgate_port(const Mailgate *g);
/* Accepts and serves connections until *stop is set, then stops accepting, gives the running
 * sessions a few seconds and terminates the rest (their messages stay queued in Postfix). Calls
 * tick(arg) about once a second (tick may be NULL). */
void mailgate_serve(Mailgate *g, volatile sig_atomic_t *stop, void (*tick)(void *arg), void *arg);
void mailgate_close(Mailgate *g);

/* Whether a block code means "try again later" (4xx) rather than "never" (5xx). */
bool mailgate_block_is_temporary(const char *code);

/* The recipient domains of a message, lower-cased, unique, sorted and joined by ","
 * ("a.lg.jp,b.lg.jp"); a recipient without "@" counts as the domain "". Allocated; free(). */
char *mailgate_domain_key(const SmtpEnvelope *env);
