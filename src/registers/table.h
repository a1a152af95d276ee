/* Table: a spreadsheet read from the bytes a user uploads — CSV (UTF-8 with or without BOM, or
 * CP932/Shift_JIS as Excel's 「CSV (コンマ区切り)」 writes it) or XLSX (the first visible worksheet).
 * Cells are UTF-8 strings exactly as the file holds them: no NFKC, no trimming (that is the import's
 * job). Each row knows the row number Excel would show for it, so errors can say 「5行目」.
 *
 * Memory: every string of a table lives in one arena owned by the Table (cells are pointers into
 * it), so 100,000 rows × 20 columns cost the text plus 8 bytes per cell. table_free releases all. */
#pragma once
#include <stddef.h>

#include "core/err.h"

/* Refusal limits (zip bombs, absurd sheets). */
#define TABLE_MAX_ROWS 1000000u
#define TABLE_MAX_CELLS 20000000u                /* rows × columns actually stored */
#define TABLE_MAX_XLSX_UNCOMPRESSED (200u << 20) /* sum of the parts read from the zip */
#define TABLE_MAX_COLS 16384u                    /* Excel's XFD */

typedef enum TableFormat {
    TABLE_CSV_UTF8 = 1,
    TABLE_CSV_CP932,
    TABLE_XLSX,
} TableFormat;

typedef struct TableRow {
    const char **cells; /* ncells pointers, never NULL; "" for an empty cell */
    size_t ncells;      /* trailing empty cells are not stored */
    size_t source_row;  /* 1-based row number as Excel shows it (CSV: record number) */
} TableRow;

typedef struct TableArena TableArena;

typedef struct Table {
    TableRow *rows; /* in file order; entirely empty rows at the end are dropped */
    size_t nrows;
    size_t max_cols;     /* widest row */
    TableFormat format;
    const char *sheet_name; /* XLSX: the worksheet read; CSV: "" */
    TableArena *arena;      /* owns every string and cell array above */
} Table;

/* Reads data (not retained) into a new Table in *out, which the caller frees with table_free.
 * Format: XLSX when data starts with the zip magic "PK\3\4"; a legacy .xls (OLE2 magic) or UTF-16
 * text is refused with a clear message; everything else is CSV (tab-separated when filename_hint
 * ends in ".tsv"). filename_hint may be NULL. CSV encoding: strict UTF-8 first (a BOM is skipped),
 * else CP932 via iconv; bytes invalid in both → ST_INVALID "table_encoding" with the row number.
 * Other errors (ST_INVALID unless noted): table_unterminated_quote, table_xlsx_corrupt,
 * table_xlsx_no_sheet, table_xls_legacy, table_utf16, table_nul_byte; ST_LIMIT table_too_large. */
Status table_read(const unsigned char *data, size_t len, const char *filename_hint, Table **out, Err *e);
void table_free(Table *t);

/* The cell at (row index, column index), "" when outside the row. */
const char *table_cell(const Table *t, size_t row, size_t col);
/* Excel column letters for a 0-based column: 0 → "A", 26 → "AA". out needs 4 bytes. */
void table_col_name(size_t col, char out[4]);
/* Parses Excel column letters ("A", "aa") into a 0-based index; -1 if not letters or > XFD. */
long table_col_index(const char *letters);

/* --- for the readers (csv.c, xlsx_read.c); not for callers --- */
Table *table_new(TableFormat format);
/* Copies n bytes into the arena (NUL-terminated). */
const char *table_strdup(Table *t, const char *s, size_t n);
/* Appends a row taking ownership of nothing: cells are copied as pointers (they must already live
 * in the arena or be static ""). Fails with ST_LIMIT when the limits above are exceeded. */
Status table_add_row(Table *t, size_t source_row, const char **cells, size_t ncells, Err *e);
/* Makes row index `row` at least ncells wide ("" fill); the cells may then be assigned. */
Status table_widen_row(Table *t, size_t row, size_t ncells, Err *e);
/* Drops entirely empty rows at the end. */
void table_trim(Table *t);
