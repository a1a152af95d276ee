/* document: a document of headed sections of text as an A4 PDF — a title, the organisation and a dated
 * subtitle (和暦 is the caller's), then sections, each a heading and paragraphs, a paragraph an optional
 * bold label over its wrapped text (cairo + pango with Noto Sans CJK JP, like the other reports). Used
 * for the printed 緊急時対応計画. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct DocParagraph {
    const char *label; /* 「紛失・盗難」 or NULL */
    const char *text;  /* may hold newlines; "" prints the section's empty text */
} DocParagraph;

typedef struct DocSection {
    const char *heading;
    const DocParagraph *paragraphs;
    size_t n;
} DocSection;

/* Renders the document into as many A4 pages as needed; *pdf is malloc'd (caller frees). */
Status document_pdf(const char *title, const char *organisation, const char *subtitle, const DocSection *sections,
                    size_t n, unsigned char **pdf, size_t *len, Err *e);
