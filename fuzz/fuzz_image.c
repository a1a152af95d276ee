/* fuzz_image: JPEG, PNG and GIF decode and re-encode (image.c: libjpeg-turbo, libpng, giflib)
 * through disarm_file, as the sandboxed child runs it. No malware database: the scan is skipped. */
#include <stddef.h>
#include <stdint.h>

#include "sanitize/disarm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    Buf out = BUF_INIT;
    Verdict *v = verdict_new("fuzz.img");
    disarm_file(&p, data, size, NULL, &out, v, 0);
    verdict_free(v);
    buf_free(&out);
    return 0;
}
