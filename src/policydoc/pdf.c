/* pdf.c: owns policydoc_pdf_text — the text of a PDF through poppler-glib, page after page, as
 * poppler lays it out (reading order, one line per text line). */
#include <string.h>

#include <poppler.h>

#include "core/buf.h"
#include "policydoc/policydoc.h"

#define MAX_PAGES 5000

Status policydoc_pdf_text(const void *bytes, size_t len, char **out, Err *e)
{
    *out = NULL;
    GBytes *gb = g_bytes_new(bytes, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &gerr);
    g_bytes_unref(gb);
    if (!doc) {
        Status st = err_setf(e, ST_INVALID, "policy_pdf", "file", "PDF として読めません: %s",
                             "not a readable PDF: %s", gerr && gerr->message ? gerr->message : "?");
        if (gerr)
            g_error_free(gerr);
        return st;
    }
    int n = poppler_document_get_n_pages(doc);
    if (n > MAX_PAGES) {
        g_object_unref(doc);
        return err_setf(e, ST_LIMIT, "policy_pdf_too_large", "file", "PDF のページが多すぎます(%d ページまで)",
                        "the PDF has too many pages (at most %d)", MAX_PAGES);
    }
    Buf b = BUF_INIT;
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        char *t = poppler_page_get_text(page);
        if (t) {
            buf_puts(&b, t);
            if (b.len && b.data[b.len - 1] != '\n')
                buf_putc(&b, '\n');
            g_free(t);
        }
        g_object_unref(page);
    }
    g_object_unref(doc);
    *out = buf_take(&b);
    return ST_OK;
}
