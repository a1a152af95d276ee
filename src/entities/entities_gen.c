/* entities_gen SRCDIR: rewrites the generated copies of the entity declarations in the source tree —
 * web/src/entities.gen.ts, and the block between the "generated" markers of docs/openapi.yaml's
 * components/schemas (inserted after "  schemas:" the first time). Run by `ninja -C build entities-gen`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "entities/entity.h"

static size_t count(void)
{
    size_t n = 0;
    while (entity_all[n])
        n++;
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_take(&b);
}

static int spill(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "entities_gen: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: entities_gen SRCDIR\n");
        return 2;
    }
    char path[4096];
    Buf ts = BUF_INIT, api = BUF_INIT, doc = BUF_INIT;
    entity_emit_ts(entity_all, count(), &ts);
    snprintf(path, sizeof path, "%s/web/src/entities.gen.ts", argv[1]);
    if (spill(path, buf_str(&ts)))
        return 1;
    snprintf(path, sizeof path, "%s/docs/openapi.yaml", argv[1]);
    char *yaml = slurp(path);
    if (!yaml) {
        fprintf(stderr, "entities_gen: cannot read %s\n", path);
        return 1;
    }
    entity_emit_openapi(entity_all, count(), &api);
    const char *begin = strstr(yaml, "    # BEGIN generated from src/entities");
    const char *end_mark = "    # END generated from src/entities\n";
    const char *end = begin ? strstr(begin, end_mark) : NULL;
    if (begin && end) {
        buf_append(&doc, yaml, (size_t)(begin - yaml));
        buf_puts(&doc, buf_str(&api));
        buf_puts(&doc, end + strlen(end_mark));
    } else {
        const char *at = strstr(yaml, "\n  schemas:\n");
        if (!at) {
            fprintf(stderr, "entities_gen: no components/schemas in %s\n", path);
            return 1;
        }
        at += strlen("\n  schemas:\n");
        buf_append(&doc, yaml, (size_t)(at - yaml));
        buf_puts(&doc, buf_str(&api));
        buf_puts(&doc, at);
    }
    int rc = spill(path, buf_str(&doc));
    free(yaml);
    buf_free(&ts);
    buf_free(&api);
    buf_free(&doc);
    return rc;
}
