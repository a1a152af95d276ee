/* fuzz_mail: mail text conversion over arbitrary bytes — GMime's parse, our header decoding (RFC
 * 2047/2231 in their broken forms), charset detection and ISO-2022-JP, HTML to text, TNEF — called
 * directly (not through the sandbox), with the policy's output charset and link style taken from
 * the first byte. */
#include <stddef.h>
#include <stdint.h>

#include "sanitize/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.output_iso2022jp = data[0] & 1;
    p.link_style = (data[0] & 2) ? LINKS_REMOVE : LINKS_DEFANG;
    p.max_message_bytes = 1u << 20;
    p.max_file_bytes = 1u << 16;
    Verdict *v = verdict_new("mail");
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    mail_convert(&p, data + 1, size - 1, &out, v);
    sandbox_output_free(&out);
    verdict_free(v);
    return 0;
}
