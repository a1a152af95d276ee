/* figures: a report of figures as an A4 PDF — a title, the organisation and a dated subtitle (和暦 is
 * the caller's), then sections of labelled values, each section a heading and a two-column table
 * (cairo + pango with Noto Sans CJK JP, like the readiness report). Used for the 年度 report of
 * incidents to the 情報セキュリティ委員会. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct FigureRow {
    const char *label; /* 「不正アクセス」 */
    const char *value; /* 「3件」 */
} FigureRow;

typedef struct FigureSection {
    const char *heading; /* 「分類別の件数」 */
    const FigureRow *rows;
    size_t n_rows;
    const char *empty; /* shown when n_rows is 0 */
} FigureSection;

/* Renders the report into as many A4 pages as needed; *pdf is malloc'd (caller frees). pdf_title is
 * the document's metadata title. */
Status figures_pdf(const char *pdf_title, const char *title, const char *organisation, const char *subtitle,
                   const FigureSection *sections, size_t n, unsigned char **pdf, size_t *len, Err *e);
