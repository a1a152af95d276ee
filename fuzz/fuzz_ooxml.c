/* fuzz_ooxml: OOXML disarm (relationship walk, part allow-list, XML cleaning, rebuild, re-check)
 * through disarm_file. Inputs starting with "PK" are whole packages; any other input is split at
 * "\n----\n" into [Content_Types].xml, _rels/.rels, word/document.xml, word/_rels/document.xml.rels
 * and word/settings.xml, zipped in memory, so the fuzzer mutates the XML rather than deflate
 * streams. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

static const char *const names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                    "word/_rels/document.xml.rels", "word/settings.xml"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Buf pkg = BUF_INIT;
    if (size < 2 || memcmp(data, "PK", 2) != 0) {
        ZipWriter w;
        if (!zipw_open(&w))
            return 0;
        const char *p = (const char *)data, *end = p + size;
        bool ok = true;
        for (int i = 0; i < 5 && ok && p <= end; i++) {
            const char *sep = memmem(p, (size_t)(end - p), "\n----\n", 6);
            size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
            ok = zipw_add(&w, names[i], p, n);
            if (!sep)
                break;
            p = sep + 6;
        }
        if (!ok) {
            zipw_abandon(&w);
            return 0;
        }
        if (!zipw_finish(&w, &pkg))
            return 0;
        data = (const uint8_t *)pkg.data;
        size = pkg.len;
    }
    SanitizePolicy sp;
    sanitize_policy_defaults(&sp);
    sp.require_malware_scan = false;
    Buf out = BUF_INIT;
    Verdict *v = verdict_new("fuzz.docx");
    disarm_file(&sp, data, size, NULL, &out, v, 0);
    verdict_free(v);
    buf_free(&out);
    buf_free(&pkg);
    return 0;
}
