/* libFuzzer harness for the policy pack loader (pack_load_sources): the input is one YAML file. It
 * replaces the embedded mic file it most looks like (by its first top-level key), so that seeds copied
 * from packs/mic load as a whole valid pack and mutations exercise the cross-file checks too. An input
 * starting with "#@split" is instead cut at NUL bytes into several files named after the pack files
 * in order, to exercise missing, duplicate and mismatched files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "policy/pack.h"

static const char *const names[] = {"pack.yaml", "classification.yaml", "roles.yaml", "checks.yaml",
                                    "selfcheck.yaml", "articles.yaml", "systems.yaml", "requests.yaml",
                                    "guideline.yaml", "incidents.yaml", "training.yaml",
                                    "audit_items.yaml", "vendors.yaml", "cloud.yaml"};

static const char *guess_name(const uint8_t *data, size_t size)
{
    static const struct { const char *key; const char *file; } keys[] = {
        {"scales:", "classification.yaml"}, {"restrictions:", "classification.yaml"},
        {"roles:", "roles.yaml"}, {"checks:", "checks.yaml"}, {"items:", "selfcheck.yaml"},
        {"articles:", "articles.yaml"}, {"systems:", "systems.yaml"}, {"types:", "requests.yaml"},
        {"guideline:", "guideline.yaml"}, {"elements:", "guideline.yaml"},
        {"incidents:", "incidents.yaml"}, {"training:", "training.yaml"},
        {"vendors:", "vendors.yaml"}, {"cloud:", "cloud.yaml"},
    };
    size_t i = 0;
    while (i < size) { /* first line that starts with a letter */
        if ((data[i] >= 'a' && data[i] <= 'z') && (i == 0 || data[i - 1] == '\n')) {
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
                size_t n = strlen(keys[k].key);
                if (size - i >= n && memcmp(data + i, keys[k].key, n) == 0) {
                    /* both lists are `items:`; the 監査項目 have a procedure (監査実施の例) */
                    if (strcmp(keys[k].file, "selfcheck.yaml") == 0 && memmem(data, size, "procedure:", 10))
                        return "audit_items.yaml";
                    return keys[k].file;
                }
            }
            return "pack.yaml";
        }
        i++;
    }
    return "pack.yaml";
}

static void run(const PackSource *files, size_t n)
{
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    if (pack_load_sources(files, n, &p, &is, &e) == ST_OK) {
        json_t *j = pack_to_json(p);
        if (!j)
            abort(); /* a valid pack must always render */
        json_decref(j);
        (void)pack_article(p, "第22条(1)ア");
    } else {
        json_t *j = pack_issues_to_json(&is);
        if (!j || json_array_size(j) != is.count)
            abort(); /* every issue must be valid UTF-8 */
        json_decref(j);
    }
    pack_free(p);
    pack_issues_free(&is);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static PackSource *base;
    static size_t nbase;
    if (!base)
        pack_sources_embedded(&base, &nbase);

    if (size >= 7 && memcmp(data, "#@split", 7) == 0) {
        PackSource files[6];
        size_t n = 0, start = 7;
        for (size_t i = 7; i <= size && n < 6; i++) {
            if (i == size || data[i] == 0) {
                files[n].name = names[n];
                files[n].data = (const char *)data + start;
                files[n].len = i - start;
                n++;
                start = i + 1;
            }
        }
        run(files, n);
        return 0;
    }

    const char *name = guess_name(data, size);
    PackSource *files = xcalloc(nbase, sizeof *files);
    memcpy(files, base, nbase * sizeof *files);
    for (size_t i = 0; i < nbase; i++) {
        if (strcmp(files[i].name, name) == 0) {
            files[i].data = (const char *)data;
            files[i].len = size;
        }
    }
    run(files, nbase);
    free(files);
    return 0;
}
