/* fuzz_pdf: PDF disarm (libqpdf object walk, rewrite, re-check) through disarm_file, as the sandboxed
 * child runs it. disarm_file decides the type itself, so the few text seeds (CSV, UTF-16) also
 * exercise detection and the CSV/text disarmer. No malware database: the scan is skipped. */
#include <stddef.h>
#include <stdint.h>

#include "sanitize/disarm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    Buf out = BUF_INIT;
    Verdict *v = verdict_new("fuzz.pdf");
    disarm_file(&p, data, size, NULL, &out, v, 0);
    verdict_free(v);
    buf_free(&out);
    return 0;
}
