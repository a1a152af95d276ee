/* Table: the arena that holds a read spreadsheet, row bookkeeping and limits, Excel column names,
 * and the format dispatch of table_read (the readers are csv.c and xlsx_read.c). */
#include "registers/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "registers/readers.h"

#define ARENA_BLOCK (1u << 20)

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    max_align_t align[]; /* data follows */
} ArenaBlock;

struct TableArena {
    ArenaBlock *head;
    size_t total_cells;
    size_t rows_cap;
};

static void *arena_alloc(TableArena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        /* blocks grow from 16 KiB to 1 MiB so that small files stay small */
        size_t block = b && b->cap < ARENA_BLOCK ? b->cap * 2 : b ? ARENA_BLOCK : 16384;
        if (block > ARENA_BLOCK)
            block = ARENA_BLOCK;
        size_t cap = n > block / 4 ? n : block;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        if (n > block / 4 && a->head) { /* a big piece: keep filling the current block */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->align + b->used;
    b->used += n;
    return p;
}

Table *table_new(TableFormat format)
{
    Table *t = xcalloc(1, sizeof *t);
    t->arena = xcalloc(1, sizeof *t->arena);
    t->format = format;
    t->sheet_name = "";
    return t;
}

void table_free(Table *t)
{
    if (!t)
        return;
    ArenaBlock *b = t->arena ? t->arena->head : NULL;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    free(t->arena);
    free(t->rows);
    free(t);
}

const char *table_strdup(Table *t, const char *s, size_t n)
{
    if (n == 0)
        return "";
    char *p = arena_alloc(t->arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

Status table_add_row(Table *t, size_t source_row, const char **cells, size_t ncells, Err *e)
{
    while (ncells > 0 && cells[ncells - 1][0] == '\0')
        ncells--;
    if (t->nrows >= TABLE_MAX_ROWS || ncells > TABLE_MAX_COLS ||
        t->arena->total_cells + ncells > TABLE_MAX_CELLS)
        return err_setf(e, ST_LIMIT, "table_too_large", "file",
                        "ファイルが大きすぎます(上限 %u 行・%u 列)。分割して取り込んでください。",
                        "The file is too large (at most %u rows and %u columns); split it.",
                        TABLE_MAX_ROWS, TABLE_MAX_COLS);
    if (t->nrows == t->arena->rows_cap) {
        t->arena->rows_cap = t->arena->rows_cap ? t->arena->rows_cap * 2 : 64;
        t->rows = xrealloc(t->rows, t->arena->rows_cap * sizeof *t->rows);
    }
    TableRow *r = &t->rows[t->nrows++];
    r->ncells = ncells;
    r->source_row = source_row;
    if (ncells) {
        const char **copy = arena_alloc(t->arena, ncells * sizeof *copy);
        memcpy(copy, cells, ncells * sizeof *copy);
        r->cells = copy;
    } else {
        static const char *none[1] = {""};
        r->cells = none;
    }
    t->arena->total_cells += ncells;
    if (ncells > t->max_cols)
        t->max_cols = ncells;
    return ST_OK;
}

Status table_widen_row(Table *t, size_t row, size_t ncells, Err *e)
{
    TableRow *r = &t->rows[row];
    if (ncells <= r->ncells)
        return ST_OK;
    if (ncells > TABLE_MAX_COLS || t->arena->total_cells + (ncells - r->ncells) > TABLE_MAX_CELLS)
        return err_set(e, ST_LIMIT, "table_too_large", "file",
                       "ファイルが大きすぎます(結合セルの範囲が広すぎます)。",
                       "The file is too large (merged ranges too wide).");
    const char **cells = arena_alloc(t->arena, ncells * sizeof *cells);
    for (size_t i = 0; i < ncells; i++)
        cells[i] = i < r->ncells ? r->cells[i] : "";
    t->arena->total_cells += ncells - r->ncells;
    r->cells = cells;
    r->ncells = ncells;
    if (ncells > t->max_cols)
        t->max_cols = ncells;
    return ST_OK;
}

void table_trim(Table *t)
{
    while (t->nrows > 0 && t->rows[t->nrows - 1].ncells == 0)
        t->nrows--;
}

const char *table_cell(const Table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->rows[row].ncells)
        return "";
    return t->rows[row].cells[col];
}

void table_col_name(size_t col, char out[4])
{
    char tmp[4];
    int n = 0;
    col++;
    while (col > 0 && n < 3) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

long table_col_index(const char *s)
{
    long v = 0;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z' || n >= 3)
            return -1;
        v = v * 26 + (c - 'A' + 1);
    }
    if (n == 0 || v > (long)TABLE_MAX_COLS)
        return -1;
    return v - 1;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

Status table_read(const unsigned char *data, size_t len, const char *hint, Table **out, Err *e)
{
    *out = NULL;
    if (!hint)
        hint = "";
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return xlsx_read(data, len, out, e);
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return err_set(e, ST_INVALID, "table_xls_legacy", "file",
                       "古い Excel 形式(.xls)は読めません。Excel で「Excel ブック(*.xlsx)」または「CSV」で保存し直してください。",
                       "Legacy Excel files (.xls) cannot be read; save the file as .xlsx or CSV.");
    if (ends_with_ci(hint, ".xlsx") || ends_with_ci(hint, ".xlsm"))
        return err_set(e, ST_INVALID, "table_xlsx_corrupt", "file",
                       "Excel ファイル(.xlsx)として読めません。ファイルが壊れているか、別の形式です。",
                       "The file is not a readable .xlsx workbook (damaged or another format).");
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
        return err_set(e, ST_INVALID, "table_utf16", "file",
                       "UTF-16(「Unicode テキスト」)のファイルは読めません。「CSV UTF-8」または「CSV (コンマ区切り)」で保存してください。",
                       "UTF-16 (\"Unicode text\") files are not supported; save as \"CSV UTF-8\" or \"CSV\".");
    return csv_read(data, len, ends_with_ci(hint, ".tsv") ? '\t' : ',', out, e);
}
