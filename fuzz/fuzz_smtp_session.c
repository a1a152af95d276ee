/* fuzz_smtp_session: the mailgate's SMTP server state machine (mailgate_smtp.c) fed an arbitrary
 * client byte stream, cut into chunks at NUL bytes so that commands and data split across reads
 * are exercised too. Every complete message is checked to stay within the size limit, to have an
 * envelope and to consist of whole lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/mailgate_smtp.h"

#define LIMIT 4096

static void on_message(void *arg, const SmtpEnvelope *env, const char *data, size_t n, Buf *reply)
{
    (void)arg;
    /* within the limit, with an envelope, and made of whole lines */
    if (n > LIMIT || env->n_rcpt == 0 || !env->from || (n && data[n - 1] != '\n'))
        abort();
    buf_puts(reply, "250 2.0.0 Ok\r\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SmtpConfig cfg = {.hostname = "fuzz", .max_message_bytes = LIMIT, .max_recipients = 8, .on_message = on_message};
    SmtpSession s;
    smtp_session_init(&s, &cfg);
    Buf out = BUF_INIT;
    smtp_session_greeting(&s, &out);
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
        buf_reset(&out);
        if (!smtp_session_feed(&s, p, n, &out))
            break;
        p += n + (nul ? 1 : 0);
    }
    smtp_session_free(&s);
    buf_free(&out);
    return 0;
}
