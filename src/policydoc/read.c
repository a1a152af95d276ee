/* read.c: owns policydoc_read_file — one entry point for a policy file whatever its form (text,
 * .docx, PDF), recognised by its first bytes rather than its name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "policydoc/policydoc.h"

#define MAX_FILE_BYTES (64u * 1024u * 1024u)

static Status slurp(const char *path, Buf *out, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_setf(e, ST_IO, "file_unreadable", "file",
                        "%s を開けません: %s", "cannot open %s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(out, chunk, n);
        if (out->len > MAX_FILE_BYTES)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return err_setf(e, ST_IO, "file_unreadable", "file", "%s を読み取れません", "cannot read %s", path);
    if (out->len > MAX_FILE_BYTES)
        return err_setf(e, ST_LIMIT, "file_too_large", "file", "%s が大きすぎます(64 MiB まで)",
                        "%s is too large (at most 64 MiB)", path);
    return ST_OK;
}

Status policydoc_read_file(const char *path, PolicyDoc **out, Err *e)
{
    *out = NULL;
    Buf b = BUF_INIT;
    Status st = slurp(path, &b, e);
    if (st != ST_OK) {
        buf_free(&b);
        return st;
    }
    char *text = NULL;
    if (b.len >= 4 && memcmp(b.data, "PK\x03\x04", 4) == 0)
        st = policydoc_docx_text(b.data, b.len, &text, e);
    else if (b.len >= 5 && memcmp(b.data, "%PDF-", 5) == 0)
        st = policydoc_pdf_text(b.data, b.len, &text, e);
    if (st != ST_OK) {
        buf_free(&b);
        return st;
    }
    if (text) {
        st = policydoc_parse(text, strlen(text), out, e);
        free(text);
    } else {
        st = policydoc_parse(b.data ? b.data : "", b.len, out, e);
    }
    buf_free(&b);
    return st;
}
