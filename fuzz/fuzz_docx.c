/* fuzz_docx: the Word reader (libzip from memory + libxml2 tree: paragraphs, tabs, tables,
 * numbering) and then the policy reader and the guideline check on the text it yields. Inputs
 * starting with "PK" are whole files; any other input is split at "\n----\n" into
 * word/document.xml, word/numbering.xml and word/styles.xml and zipped in memory, so the fuzzer mutates the XML rather
 * than the deflate streams. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

static int put(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, p, n, 0);
    if (!s)
        return -1;
    if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

/* The parts as a zip in memory (malloc'd), or NULL. */
static unsigned char *zip_parts(const uint8_t *data, size_t size, size_t *out_len)
{
    static const char *const names[] = {"word/document.xml", "word/numbering.xml", "word/styles.xml"};
    const char *part[3] = {0};
    size_t plen[3] = {0};
    const char *p = (const char *)data, *end = p + size;
    for (int i = 0; i < 3; i++) {
        const char *sep = memmem(p, (size_t)(end - p), "\n----\n", 6);
        part[i] = p;
        plen[i] = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (!sep)
            break;
        p = sep + 6;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    zip_error_fini(&err);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    int bad = 0;
    for (int i = 0; i < 3 && !bad; i++)
        if (part[i])
            bad = put(z, names[i], part[i], plen[i]);
    if (bad) {
        zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    if (zip_close(z) < 0) {
        zip_source_free(src);
        return NULL;
    }
    unsigned char *out = NULL;
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        zip_int64_t n = out ? zip_source_read(src, out, st.size) : -1;
        zip_source_close(src);
        if (n < 0 || (zip_uint64_t)n != st.size) {
            free(out);
            out = NULL;
        } else {
            *out_len = (size_t)n;
        }
    }
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Pack *pack;
    if (!pack) {
        PackIssues issues = {0};
        Err e = {0};
        if (pack_load_embedded(&pack, &issues, &e) != ST_OK)
            abort();
        pack_issues_free(&issues);
    }
    unsigned char *zipped = NULL;
    size_t len = size;
    const void *bytes = data;
    if (!(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
        zipped = zip_parts(data, size, &len);
        if (!zipped)
            return 0;
        bytes = zipped;
    }
    char *text = NULL;
    Err e = {0};
    if (policydoc_docx_text(bytes, len, &text, &e) == ST_OK) {
        PolicyDoc *doc = NULL;
        if (policydoc_parse(text, strlen(text), &doc, &e) == ST_OK) {
            PolicyCheck *c = policy_check(doc, &pack->guideline);
            free(policy_check_to_json(c, doc, &pack->guideline));
            policy_check_free(c);
            policydoc_free(doc);
        }
        free(text);
    }
    free(zipped);
    return 0;
}
