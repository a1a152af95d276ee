/* notify_smtp: e-mail for in-app notifications through the configured SMTP relay (libcurl). The mail
 * names only the kind of the item (「承認待ちの申請があります」) and a link into lgsec — never the
 * title, the request's contents or anything else that may be 機密性2以上 (issue 4). Notifications
 * whose person has no e-mail address are marked 'none'. When the relay cannot be reached the batch
 * stops and the mail stays pending for the next run; a mail the relay refuses is marked 'failed'
 * (not retried). Either way the error is returned after the batch. */
#pragma once
#include <stddef.h>

#include "domain/kernel/kernel.h"

typedef struct SmtpConfig {
    const char *url;      /* "smtp://relay.example.lg.jp:25" (smtps:// for implicit TLS); NULL = no mail */
    const char *from;     /* envelope and header sender, "lgsec@example.lg.jp" */
    const char *base_url; /* the UI's address the link starts with, "https://lgsec.example.lg.jp" */
    long timeout_s;       /* per message; 0 = 30 */
} SmtpConfig;

/* The configuration from the environment: LGSEC_SMTP_URL, LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL. url is
 * NULL when LGSEC_SMTP_URL is unset or empty. Points into the environment (no allocation). */
SmtpConfig smtp_config_from_env(void);

/* The Japanese phrase for a notification kind ("承認待ちの申請があります"); a generic one for
 * unknown kinds. */
const char *notify_kind_phrase(const char *kind);

/* Sends the mail of up to `limit` pending notifications (oldest first) and marks each sent, failed
 * or none. *sent_out (may be NULL) gets the number sent. With cfg->url NULL nothing is sent and
 * nothing is marked. */
Status notify_smtp_send_pending(Ctx *ctx, const SmtpConfig *cfg, int limit, int *sent_out, Err *e);
