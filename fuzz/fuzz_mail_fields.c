/* fuzz_mail_fields (seeds: fuzz/corpus/mail_fields, raw messages and converted_*.eml, what `lgsec sanitize
 * mail` wrote for them): reading back a text-converted message (sanitized_mail_parse, used by `lgsec
 * incident intake` on what comes out of the sandbox) over arbitrary bytes, and over what mail_convert
 * itself makes of them: every string must be clean UTF-8 without control characters. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/charset.h"
#include "sanitize/mail.h"
#include "sanitize/sanitize.h"

static void check(const char *s, bool newlines)
{
    if (!utf8_valid(s, strlen(s)))
        abort();
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && !(newlines && *p == '\n')) || *p == 0x7F)
            abort();
}

static void parse(const char *msg, size_t n)
{
    SanitizedMail m;
    sanitized_mail_parse(msg, n, &m);
    check(m.from_addr, false);
    check(m.from_name, false);
    check(m.subject, false);
    check(m.message_id, false);
    check(m.body, true);
    if (strpbrk(m.from_addr, " <>\"")) /* one token */
        abort();
    sanitized_mail_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse((const char *)data, size);
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.max_message_bytes = 1u << 20;
    p.max_file_bytes = 1u << 16;
    Verdict *v = verdict_new("mail");
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    mail_convert(&p, data, size, &out, v);
    parse(out.main.data ? out.main.data : "", out.main.len);
    sandbox_output_free(&out);
    verdict_free(v);
    return 0;
}
