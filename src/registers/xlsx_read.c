/* XLSX reader: the first visible worksheet of an Office Open XML workbook, read from memory with
 * libzip and libxml2's streaming reader (no DOM, so a 100,000-row sheet costs its text, not a tree).
 * Understands shared strings (without the furigana runs <rPh> Japanese Excel stores), inline
 * strings, numbers (shown as Excel shows them, 15 significant digits), booleans, errors, cached
 * formula results, dates (numbers whose cell style has a date format → YYYY-MM-DD, 1900 and 1904
 * systems), _xHHHH_ escapes, and merged cells (the top-left value is given to every cell of the
 * range within the sheet's data). Refuses DTDs, more than TABLE_MAX_XLSX_UNCOMPRESSED bytes of
 * parts, and the Table limits. */
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "registers/readers.h"
#include "registers/values.h"

#define MAX_MERGE_WORK 20000000u

typedef struct Xlsx {
    zip_t *zip;
    size_t budget; /* uncompressed bytes still allowed */
    Table *t;
    const char **strings; /* shared strings, in the table's arena */
    size_t nstrings, cap_strings;
    unsigned char *xf_kind; /* per cellXfs index: 0 number, 1 date, 2 time, 3 date and time */
    size_t nxf;
    bool date1904;
} Xlsx;

static Status corrupt(Err *e, const char *what)
{
    return err_setf(e, ST_INVALID, "table_xlsx_corrupt", "file",
                    "Excel ファイル(.xlsx)が壊れているため読めません(%s)。Excel で開いて保存し直してください。",
                    "The .xlsx file is damaged (%s); open and save it again in Excel.", what);
}

static Status too_large(Err *e)
{
    return err_setf(e, ST_LIMIT, "table_too_large", "file",
                    "ファイルの展開後の大きさが上限(%u MiB)を超えています。分割して取り込んでください。",
                    "The unpacked workbook exceeds %u MiB; split it.", TABLE_MAX_XLSX_UNCOMPRESSED >> 20);
}

/* Reads a part into a malloc'd buffer (*out, *len; caller frees). ST_NOTFOUND when absent. */
static Status read_part(Xlsx *x, const char *name, char **out, size_t *len, Err *e)
{
    *out = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return err_set(e, ST_NOTFOUND, "table_xlsx_part_missing", "file", "部品がありません", "part missing");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return corrupt(e, name);
    if (st.size > x->budget)
        return too_large(e);
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!f)
        return corrupt(e, name);
    size_t want = (size_t)st.size;
    char *buf = xmalloc(want + 1);
    size_t got = 0;
    for (;;) {
        char extra;
        zip_int64_t n = got < want ? zip_fread(f, buf + got, want - got) : zip_fread(f, &extra, 1);
        if (n < 0) {
            zip_fclose(f);
            free(buf);
            return corrupt(e, name);
        }
        if (n == 0)
            break;
        if (got >= want) { /* more data than the directory says: refuse */
            zip_fclose(f);
            free(buf);
            return corrupt(e, name);
        }
        got += (size_t)n;
    }
    zip_fclose(f);
    buf[got] = '\0';
    x->budget -= got;
    *out = buf;
    *len = got;
    return ST_OK;
}

static void quiet_errors(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
    (void)arg, (void)msg, (void)severity, (void)loc;
}

static xmlTextReaderPtr open_xml(const char *buf, size_t len)
{
    if (len > INT32_MAX)
        return NULL;
    xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET);
    if (r)
        xmlTextReaderSetErrorHandler(r, quiet_errors, NULL);
    return r;
}

/* Copies the values of the named attributes (by local name, any namespace) of the current element
 * into vals[i] (caps[i] bytes each, "" when absent or too long). */
static void get_attrs(xmlTextReaderPtr r, size_t n, const char *const names[], char *vals[], const size_t caps[])
{
    for (size_t i = 0; i < n; i++)
        vals[i][0] = '\0';
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return;
    do {
        const char *ln = (const char *)xmlTextReaderConstLocalName(r);
        const char *v = (const char *)xmlTextReaderConstValue(r);
        for (size_t i = 0; ln && v && i < n; i++)
            if (strcmp(ln, names[i]) == 0 && strlen(v) < caps[i] && !vals[i][0])
                memcpy(vals[i], v, strlen(v) + 1);
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
}

static bool is_text(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Appends text decoding OOXML's _xHHHH_ escapes (e.g. _x000D_ for a carriage return). */
static void append_ooxml_text(Buf *b, const char *s)
{
    while (*s) {
        if (s[0] == '_' && s[1] == 'x') {
            unsigned cp = 0;
            int k = 2;
            for (; k < 6; k++) {
                char c = s[k];
                int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (v < 0)
                    break;
                cp = cp * 16 + (unsigned)v;
            }
            if (k == 6 && s[6] == '_' && cp != 0 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                char u[4];
                int n;
                if (cp < 0x80)
                    u[0] = (char)cp, n = 1;
                else if (cp < 0x800)
                    u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
                else
                    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
                    u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
                buf_append(b, u, (size_t)n);
                s += 7;
                continue;
            }
        }
        buf_putc(b, *s++);
    }
}

/* A document type declaration never occurs in OOXML; refusing it rules out entity tricks. */
static int next(xmlTextReaderPtr r)
{
    int rc = xmlTextReaderRead(r);
    if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE)
        return -1;
    return rc;
}

static bool name_is(xmlTextReaderPtr r, const char *name)
{
    const char *ln = (const char *)xmlTextReaderConstLocalName(r);
    return ln && strcmp(ln, name) == 0;
}

/* --- relationships and paths --- */

typedef struct Rel {
    char id[64], type[256], target[512];
} Rel;

static Status parse_rels(Xlsx *x, const char *part, Rel **out, size_t *n, Err *e)
{
    *out = NULL;
    *n = 0;
    char *buf;
    size_t len;
    Status st = read_part(x, part, &buf, &len, e);
    if (st != ST_OK)
        return st;
    xmlTextReaderPtr r = open_xml(buf, len);
    if (!r) {
        free(buf);
        return corrupt(e, part);
    }
    size_t cap = 0;
    int rc;
    while ((rc = next(r)) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !name_is(r, "Relationship"))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            if (cap > 100000)
                break;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        Rel *rel = &(*out)[*n];
        static const char *const names[] = {"Id", "Type", "Target"};
        char *vals[] = {rel->id, rel->type, rel->target};
        static const size_t caps[] = {sizeof rel->id, sizeof rel->type, sizeof rel->target};
        get_attrs(r, 3, names, vals, caps);
        (*n)++;
    }
    xmlFreeTextReader(r);
    free(buf);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return corrupt(e, part);
    }
    return ST_OK;
}

static const Rel *rel_by_type(const Rel *rels, size_t n, const char *type_suffix)
{
    size_t m = strlen(type_suffix);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(rels[i].type);
        if (l >= m && strcmp(rels[i].type + l - m, type_suffix) == 0)
            return &rels[i];
    }
    return NULL;
}

/* Resolves a relationship target against the directory of the part (dir ends with '/' or is "").
 * Handles "/xl/…" and "../" segments. Returns a malloc'd path. */
static char *resolve(const char *dir, const char *target)
{
    Buf b = BUF_INIT;
    if (target[0] == '/')
        target++;
    else
        buf_puts(&b, dir);
    buf_puts(&b, target);
    /* collapse "seg/../" */
    char *p = buf_take(&b);
    char *dd;
    while ((dd = strstr(p, "/../")) != NULL) {
        char *prev = dd;
        while (prev > p && prev[-1] != '/')
            prev--;
        memmove(prev, dd + 4, strlen(dd + 4) + 1);
    }
    while (strncmp(p, "../", 3) == 0)
        memmove(p, p + 3, strlen(p + 3) + 1);
    return p;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
}

/* --- workbook: the first visible worksheet, and the date system --- */

static Status find_first_sheet(Xlsx *x, const char *workbook, char **sheet_rid, Err *e)
{
    *sheet_rid = NULL;
    char *buf;
    size_t len;
    Status st = read_part(x, workbook, &buf, &len, e);
    if (st != ST_OK)
        return st == ST_NOTFOUND ? corrupt(e, "workbook.xml") : st;
    xmlTextReaderPtr r = open_xml(buf, len);
    if (!r) {
        free(buf);
        return corrupt(e, "workbook.xml");
    }
    char first_rid[64] = "", first_name[256] = "", visible_rid[64] = "", visible_name[256] = "";
    int rc;
    while ((rc = next(r)) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        if (name_is(r, "workbookPr")) {
            char v[16];
            char *vals[] = {v};
            static const char *const names[] = {"date1904"};
            static const size_t caps[] = {sizeof v};
            get_attrs(r, 1, names, vals, caps);
            x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
        } else if (name_is(r, "sheet")) {
            char name[256], state[32], rid[64];
            char *vals[] = {name, state, rid};
            static const char *const names[] = {"name", "state", "id"};
            static const size_t caps[] = {sizeof name, sizeof state, sizeof rid};
            get_attrs(r, 3, names, vals, caps);
            if (!first_rid[0] && rid[0]) {
                snprintf(first_rid, sizeof first_rid, "%s", rid);
                snprintf(first_name, sizeof first_name, "%s", name);
            }
            if (!visible_rid[0] && rid[0] && (!state[0] || strcmp(state, "visible") == 0)) {
                snprintf(visible_rid, sizeof visible_rid, "%s", rid);
                snprintf(visible_name, sizeof visible_name, "%s", name);
            }
        }
    }
    xmlFreeTextReader(r);
    free(buf);
    if (rc < 0)
        return corrupt(e, "workbook.xml");
    const char *rid = visible_rid[0] ? visible_rid : first_rid;
    const char *name = visible_rid[0] ? visible_name : first_name;
    if (!rid[0])
        return err_set(e, ST_INVALID, "table_xlsx_no_sheet", "file", "Excel ファイルにワークシートがありません。",
                       "The workbook has no worksheet.");
    x->t->sheet_name = table_strdup(x->t, name, strlen(name));
    *sheet_rid = xstrdup(rid);
    return ST_OK;
}

/* --- shared strings --- */

static Status read_shared_strings(Xlsx *x, const char *part, Err *e)
{
    char *buf;
    size_t len;
    Status st = read_part(x, part, &buf, &len, e);
    if (st == ST_NOTFOUND)
        return ST_OK; /* a workbook without text */
    if (st != ST_OK)
        return st;
    xmlTextReaderPtr r = open_xml(buf, len);
    if (!r) {
        free(buf);
        return corrupt(e, "sharedStrings.xml");
    }
    Buf text = BUF_INIT;
    int in_si = 0, in_rph = 0, in_t = 0, rc;
    while ((rc = next(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(r);
            if (name_is(r, "si")) {
                buf_reset(&text);
                in_si = !empty;
                if (empty)
                    goto push;
            } else if (name_is(r, "rPh") && !empty) {
                in_rph++;
            } else if (name_is(r, "t") && !empty && in_si && !in_rph) {
                in_t = 1;
            }
            continue;
        }
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (name_is(r, "t"))
                in_t = 0;
            else if (name_is(r, "rPh") && in_rph)
                in_rph--;
            else if (name_is(r, "si") && in_si) {
                in_si = 0;
                goto push;
            }
            continue;
        }
        if (in_t && is_text(type))
            append_ooxml_text(&text, (const char *)xmlTextReaderConstValue(r));
        continue;
    push:
        if (x->nstrings == x->cap_strings) {
            x->cap_strings = x->cap_strings ? x->cap_strings * 2 : 256;
            x->strings = xrealloc(x->strings, x->cap_strings * sizeof *x->strings);
        }
        x->strings[x->nstrings++] = table_strdup(x->t, buf_str(&text), text.len);
    }
    buf_free(&text);
    xmlFreeTextReader(r);
    free(buf);
    return rc < 0 ? corrupt(e, "sharedStrings.xml") : ST_OK;
}

/* --- styles: which cell formats are dates --- */

/* 0 number, 1 date, 2 time, 3 date and time, for a number format code. */
static unsigned char classify_format_code(const char *code)
{
    bool date = false, time = false;
    if (strstr(code, "General") || strstr(code, "general"))
        return 0;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (c == '"') { /* quoted literal */
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') { /* escaped / padding character */
            if (p[1])
                p++;
            continue;
        }
        if (c == '[') { /* [Red], [$-411], [DBNum1]; [h] [mm] [ss] are elapsed time */
            const char *q = strchr(p, ']');
            if (!q)
                break;
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' || p[1] == 'S')
                time = true;
            p = q;
            continue;
        }
        if (c == ';') /* only the first section matters for positive numbers */
            break;
        if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'g' || c == 'G')
            date = true;
        else if ((c == 'e' || c == 'E') && p[1] != '+' && p[1] != '-')
            date = true;
        else if (c == 'h' || c == 'H' || c == 's' || c == 'S')
            time = true;
    }
    return (unsigned char)(date ? (time ? 3 : 1) : time ? 2 : 0);
}

static unsigned char classify_builtin(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
        return 1;
    if (id == 22)
        return 3;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47))
        return 2;
    return 0;
}

typedef struct NumFmt {
    long id;
    unsigned char kind;
} NumFmt;

static Status read_styles(Xlsx *x, const char *part, Err *e)
{
    char *buf;
    size_t len;
    Status st = read_part(x, part, &buf, &len, e);
    if (st == ST_NOTFOUND)
        return ST_OK;
    if (st != ST_OK)
        return st;
    xmlTextReaderPtr r = open_xml(buf, len);
    if (!r) {
        free(buf);
        return corrupt(e, "styles.xml");
    }
    NumFmt *fmts = NULL;
    size_t nfmts = 0, capf = 0, capx = 0;
    int in_cellxfs = 0, rc;
    while ((rc = next(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_END_ELEMENT && name_is(r, "cellXfs")) {
            in_cellxfs = 0;
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (name_is(r, "numFmt")) {
            char id[16], code[512];
            char *vals[] = {id, code};
            static const char *const names[] = {"numFmtId", "formatCode"};
            static const size_t caps[] = {sizeof id, sizeof code};
            get_attrs(r, 2, names, vals, caps);
            if (nfmts == capf) {
                capf = capf ? capf * 2 : 16;
                fmts = xrealloc(fmts, capf * sizeof *fmts);
            }
            fmts[nfmts].id = strtol(id, NULL, 10);
            fmts[nfmts++].kind = classify_format_code(code);
        } else if (name_is(r, "cellXfs")) {
            in_cellxfs = !xmlTextReaderIsEmptyElement(r);
        } else if (in_cellxfs && name_is(r, "xf")) {
            char id[16];
            char *vals[] = {id};
            static const char *const names[] = {"numFmtId"};
            static const size_t caps[] = {sizeof id};
            get_attrs(r, 1, names, vals, caps);
            long fid = strtol(id, NULL, 10);
            unsigned char kind = classify_builtin(fid);
            for (size_t i = 0; i < nfmts; i++)
                if (fmts[i].id == fid)
                    kind = fmts[i].kind;
            if (x->nxf == capx) {
                capx = capx ? capx * 2 : 64;
                x->xf_kind = xrealloc(x->xf_kind, capx);
            }
            x->xf_kind[x->nxf++] = kind;
        }
    }
    free(fmts);
    xmlFreeTextReader(r);
    free(buf);
    return rc < 0 ? corrupt(e, "styles.xml") : ST_OK;
}

/* --- the worksheet --- */

static void format_number(Xlsx *x, const char *v, unsigned char kind, Buf *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d)) {
        buf_puts(out, v);
        return;
    }
    int y, mo, da;
    if ((kind == 1 || kind == 3) && excel_serial_to_date(d, x->date1904, &y, &mo, &da)) {
        buf_printf(out, "%04d-%02d-%02d", y, mo, da);
        double frac = d - floor(d);
        if (kind == 3 && frac > 0) {
            long secs = lround(frac * 86400.0);
            buf_printf(out, " %02ld:%02ld", secs / 3600 % 24, secs / 60 % 60);
        }
        return;
    }
    if (kind == 2 && d >= 0 && d < 1) {
        long secs = lround(d * 86400.0);
        buf_printf(out, "%02ld:%02ld", secs / 3600 % 24, secs / 60 % 60);
        return;
    }
    if (d == floor(d) && fabs(d) < 1e15)
        buf_printf(out, "%.0f", d == 0 ? 0.0 : d);
    else
        buf_printf(out, "%.15g", d);
}

/* "C12" → column 2, row 12 (row 0 when absent). false when malformed. */
static bool parse_ref(const char *ref, long *col, long *row)
{
    char letters[4];
    size_t n = 0;
    while (((*ref >= 'A' && *ref <= 'Z') || (*ref >= 'a' && *ref <= 'z')) && n < 3)
        letters[n++] = *ref++;
    letters[n] = '\0';
    if (n == 0 || (*ref >= 'A' && *ref <= 'Z'))
        return false;
    *col = table_col_index(letters);
    if (*col < 0)
        return false;
    *row = 0;
    if (*ref == '$')
        ref++;
    while (*ref >= '0' && *ref <= '9') {
        *row = *row * 10 + (*ref++ - '0');
        if (*row > 100000000)
            return false;
    }
    return *ref == '\0';
}

typedef struct Merge {
    long c1, r1, c2, r2;
} Merge;

typedef struct SheetState {
    const char **cells;
    size_t ncells, cap;
    long row, next_col;
    Buf v, text, value;
    char ctype[16], cref[24], cstyle[16];
    int in_c, in_v, in_is, in_t, in_rph;
    Merge *merges;
    size_t nmerges, cap_merges;
} SheetState;

static Status finish_cell(Xlsx *x, SheetState *s, Err *e)
{
    long col = s->next_col, row;
    if (s->cref[0] && !parse_ref(s->cref, &col, &row))
        return corrupt(e, "cell reference");
    s->next_col = col + 1;
    buf_reset(&s->value);
    const char *t = s->ctype;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(buf_str(&s->v), &end, 10);
        if (end == buf_str(&s->v) || *end || i >= x->nstrings)
            return corrupt(e, "shared string index");
        buf_puts(&s->value, x->strings[i]);
    } else if (strcmp(t, "inlineStr") == 0) {
        buf_puts(&s->value, buf_str(&s->text));
    } else if (strcmp(t, "b") == 0) {
        if (s->v.len)
            buf_puts(&s->value, strcmp(buf_str(&s->v), "1") == 0 ? "TRUE" : "FALSE");
    } else if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0) {
        append_ooxml_text(&s->value, buf_str(&s->v));
        if (t[0] == 'd' && s->value.len > 10 && strstr(buf_str(&s->value), "T00:00:00"))
            s->value.data[10] = '\0', s->value.len = 10;
    } else if (s->v.len) {
        unsigned long xf = s->cstyle[0] ? strtoul(s->cstyle, NULL, 10) : 0;
        format_number(x, buf_str(&s->v), xf < x->nxf ? x->xf_kind[xf] : 0, &s->value);
    }
    if (s->value.len == 0)
        return ST_OK;
    if ((size_t)col >= TABLE_MAX_COLS)
        return too_large(e);
    if ((size_t)col >= s->cap) {
        size_t cap = s->cap ? s->cap : 32;
        while (cap <= (size_t)col)
            cap *= 2;
        s->cells = xrealloc(s->cells, cap * sizeof *s->cells);
        s->cap = cap;
    }
    while (s->ncells <= (size_t)col)
        s->cells[s->ncells++] = "";
    s->cells[col] = table_strdup(x->t, buf_str(&s->value), s->value.len);
    return ST_OK;
}

/* Gives each merged range's top-left value to the other cells of the range that lie within the
 * sheet's data (rows present, columns up to the widest row). Rows are in ascending order in every
 * file Excel writes; other files keep their merges unexpanded. */
static Status expand_merges(Table *t, const Merge *m, size_t n, Err *e)
{
    for (size_t i = 1; i < t->nrows; i++)
        if (t->rows[i].source_row <= t->rows[i - 1].source_row)
            return ST_OK;
    size_t work = 0;
    for (size_t k = 0; k < n; k++) {
        size_t lo = 0, hi = t->nrows; /* first row with source_row >= r1 */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->rows[mid].source_row < (size_t)m[k].r1)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo >= t->nrows || t->rows[lo].source_row != (size_t)m[k].r1)
            continue;
        const char *v = table_cell(t, lo, (size_t)m[k].c1);
        if (!v[0])
            continue;
        size_t c2 = (size_t)m[k].c2 < t->max_cols ? (size_t)m[k].c2 : t->max_cols - 1;
        for (size_t r = lo; r < t->nrows && t->rows[r].source_row <= (size_t)m[k].r2; r++) {
            if (c2 < (size_t)m[k].c1)
                break;
            work += c2 - (size_t)m[k].c1 + 1;
            if (work > MAX_MERGE_WORK)
                return too_large(e);
            Status st = table_widen_row(t, r, c2 + 1, e);
            if (st != ST_OK)
                return st;
            for (size_t c = (size_t)m[k].c1; c <= c2; c++)
                t->rows[r].cells[c] = v;
        }
    }
    return ST_OK;
}

static Status read_sheet(Xlsx *x, const char *part, Err *e)
{
    char *buf;
    size_t len;
    Status st = read_part(x, part, &buf, &len, e);
    if (st != ST_OK)
        return st == ST_NOTFOUND ? corrupt(e, "worksheet") : st;
    xmlTextReaderPtr r = open_xml(buf, len);
    if (!r) {
        free(buf);
        return corrupt(e, "worksheet");
    }
    SheetState s = {0};
    int rc;
    while ((rc = next(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(r);
            const char *ln = (const char *)xmlTextReaderConstLocalName(r);
            if (!ln)
                continue;
            if (strcmp(ln, "row") == 0) {
                char rr[24];
                char *vals[] = {rr};
                static const char *const names[] = {"r"};
                static const size_t caps[] = {sizeof rr};
                get_attrs(r, 1, names, vals, caps);
                long next_row = s.row + 1;
                if (rr[0]) {
                    char *end;
                    next_row = strtol(rr, &end, 10);
                    if (*end || next_row < 1 || next_row > 100000000) {
                        st = corrupt(e, "row number");
                        break;
                    }
                }
                s.row = next_row;
                s.ncells = 0;
                s.next_col = 0;
                if (empty && (st = table_add_row(x->t, (size_t)s.row, s.cells, 0, e)) != ST_OK)
                    break;
            } else if (strcmp(ln, "c") == 0) {
                char *vals[] = {s.cref, s.ctype, s.cstyle};
                static const char *const names[] = {"r", "t", "s"};
                static const size_t caps[] = {sizeof s.cref, sizeof s.ctype, sizeof s.cstyle};
                get_attrs(r, 3, names, vals, caps);
                buf_reset(&s.v);
                buf_reset(&s.text);
                s.in_c = !empty;
                if (empty) { /* <c r="B2" s="3"/>: formatted but empty */
                    long col, row;
                    if (s.cref[0] && parse_ref(s.cref, &col, &row))
                        s.next_col = col + 1;
                    else
                        s.next_col++;
                }
            } else if (s.in_c && strcmp(ln, "v") == 0) {
                s.in_v = !empty;
            } else if (s.in_c && strcmp(ln, "is") == 0) {
                s.in_is = !empty;
            } else if (s.in_is && strcmp(ln, "rPh") == 0) {
                s.in_rph += !empty;
            } else if (s.in_is && !s.in_rph && strcmp(ln, "t") == 0) {
                s.in_t = !empty;
            } else if (strcmp(ln, "mergeCell") == 0) {
                char ref[64];
                char *vals[] = {ref};
                static const char *const names[] = {"ref"};
                static const size_t caps[] = {sizeof ref};
                get_attrs(r, 1, names, vals, caps);
                char *colon = strchr(ref, ':');
                Merge m;
                if (colon) {
                    *colon = '\0';
                    if (parse_ref(ref, &m.c1, &m.r1) && parse_ref(colon + 1, &m.c2, &m.r2) && m.r1 > 0 &&
                        m.r2 >= m.r1 && m.c2 >= m.c1) {
                        if (s.nmerges == s.cap_merges) {
                            s.cap_merges = s.cap_merges ? s.cap_merges * 2 : 16;
                            s.merges = xrealloc(s.merges, s.cap_merges * sizeof *s.merges);
                        }
                        s.merges[s.nmerges++] = m;
                    }
                }
            }
            continue;
        }
        if (type == XML_READER_TYPE_END_ELEMENT) {
            const char *ln = (const char *)xmlTextReaderConstLocalName(r);
            if (!ln)
                continue;
            if (strcmp(ln, "v") == 0)
                s.in_v = 0;
            else if (strcmp(ln, "t") == 0)
                s.in_t = 0;
            else if (strcmp(ln, "rPh") == 0 && s.in_rph)
                s.in_rph--;
            else if (strcmp(ln, "is") == 0)
                s.in_is = 0;
            else if (strcmp(ln, "c") == 0 && s.in_c) {
                s.in_c = 0;
                if ((st = finish_cell(x, &s, e)) != ST_OK)
                    break;
            } else if (strcmp(ln, "row") == 0) {
                if ((st = table_add_row(x->t, (size_t)s.row, s.cells, s.ncells, e)) != ST_OK)
                    break;
                s.ncells = 0;
            }
            continue;
        }
        if (is_text(type)) {
            if (s.in_v)
                buf_puts(&s.v, (const char *)xmlTextReaderConstValue(r));
            else if (s.in_t)
                append_ooxml_text(&s.text, (const char *)xmlTextReaderConstValue(r));
        }
    }
    if (st == ST_OK && rc < 0)
        st = corrupt(e, "worksheet XML");
    if (st == ST_OK) {
        table_trim(x->t);
        st = expand_merges(x->t, s.merges, s.nmerges, e);
    }
    free(s.cells);
    free(s.merges);
    buf_free(&s.v);
    buf_free(&s.text);
    buf_free(&s.value);
    xmlFreeTextReader(r);
    free(buf);
    return st;
}

Status xlsx_read(const unsigned char *data, size_t len, Table **out, Err *e)
{
    *out = NULL;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        return corrupt(e, "zip");
    }
    zip_t *zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    zip_error_fini(&zerr);
    if (!zip) {
        zip_source_free(src);
        return corrupt(e, "zip");
    }
    xmlInitParser();
    Xlsx x = {.zip = zip, .budget = TABLE_MAX_XLSX_UNCOMPRESSED, .t = table_new(TABLE_XLSX)};
    Rel *root = NULL, *wbrels = NULL;
    size_t nroot = 0, nwb = 0;
    char *workbook = NULL, *wbdir = NULL, *wbrels_path = NULL, *rid = NULL, *sheet = NULL, *ss = NULL,
         *styles = NULL;
    Status st = parse_rels(&x, "_rels/.rels", &root, &nroot, e);
    if (st != ST_OK && st != ST_NOTFOUND)
        goto done;
    const Rel *office = rel_by_type(root, nroot, "/officeDocument");
    workbook = office ? resolve("", office->target) : xstrdup("xl/workbook.xml");
    wbdir = dir_of(workbook);
    wbrels_path = xasprintf("%s_rels/%s.rels", wbdir, workbook + strlen(wbdir));
    if ((st = find_first_sheet(&x, workbook, &rid, e)) != ST_OK)
        goto done;
    if ((st = parse_rels(&x, wbrels_path, &wbrels, &nwb, e)) != ST_OK) {
        if (st == ST_NOTFOUND)
            st = corrupt(e, "workbook.xml.rels");
        goto done;
    }
    for (size_t i = 0; i < nwb; i++)
        if (strcmp(wbrels[i].id, rid) == 0)
            sheet = resolve(wbdir, wbrels[i].target);
    if (!sheet) {
        st = err_set(e, ST_INVALID, "table_xlsx_no_sheet", "file", "Excel ファイルにワークシートがありません。",
                     "The workbook has no worksheet.");
        goto done;
    }
    const Rel *rel = rel_by_type(wbrels, nwb, "/sharedStrings");
    ss = rel ? resolve(wbdir, rel->target) : xasprintf("%ssharedStrings.xml", wbdir);
    rel = rel_by_type(wbrels, nwb, "/styles");
    styles = rel ? resolve(wbdir, rel->target) : xasprintf("%sstyles.xml", wbdir);
    if ((st = read_shared_strings(&x, ss, e)) != ST_OK)
        goto done;
    if ((st = read_styles(&x, styles, e)) != ST_OK)
        goto done;
    st = read_sheet(&x, sheet, e);
done:
    zip_discard(zip); /* also frees src */
    free(root);
    free(wbrels);
    free(workbook);
    free(wbdir);
    free(wbrels_path);
    free(rid);
    free(sheet);
    free(ss);
    free(styles);
    free(x.strings);
    free(x.xf_kind);
    if (st != ST_OK) {
        table_free(x.t);
        return st;
    }
    *out = x.t;
    return ST_OK;
}
