/* Export of registers: XLSX (libxlsxwriter; one sheet per register, Japanese headers, ready to
 * print: A4 landscape, fit to the page width, header row repeated on every page and frozen on
 * screen, autofilter, column widths from the content) and CSV (RFC 4180, CRLF; UTF-8 with BOM so
 * Excel detects it, or CP932 for old Excel). The caller fills ExportSheet from the domain. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct ExportSheet {
    const char *name;           /* sheet name, e.g. 「情報資産台帳」 (made valid: ≤ 31 characters, no []:*?/\) */
    const char *title;          /* printed in the page header; NULL = name */
    size_t ncols;
    const char *const *headers; /* ncols column headers */
    const double *widths;       /* optional ncols widths in characters; NULL = computed */
    size_t nrows;
    const char *const *cells;   /* nrows × ncols UTF-8 strings, row-major; NULL = empty cell */
} ExportSheet;

/* Writes a workbook with one worksheet per sheet into a new buffer (*data, *len; the caller frees
 * *data). libxlsxwriter 1.1.4 writes files only, so a private temporary directory under $TMPDIR
 * (default /tmp) holds the file and libxlsxwriter's own temporary files; both are removed before
 * returning. Errors: ST_INVALID export_bad_sheet (no columns), ST_IO export_failed. */
Status export_xlsx(const ExportSheet *sheets, size_t n, unsigned char **data, size_t *len, Err *e);

enum {
    EXPORT_CSV_CP932 = 1u << 0,          /* CP932 without BOM instead of UTF-8 with BOM */
    EXPORT_CSV_NEUTRALIZE_FORMULAS = 1u << 1, /* prefix ' to cells starting with = + - @ (CSV injection) */
};
/* Writes one sheet as CSV (header line, then rows; CRLF; fields quoted when they hold a comma, a
 * quote or a line break) into a new buffer (*data, *len; the caller frees *data). With
 * EXPORT_CSV_CP932 a character CP932 cannot hold fails with ST_INVALID export_unencodable naming
 * the row and column (so nothing is lost silently). */
Status export_csv(const ExportSheet *sheet, unsigned flags, unsigned char **data, size_t *len, Err *e);
