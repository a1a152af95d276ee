/* Export: registers to XLSX (libxlsxwriter, formatted for printing) and CSV (UTF-8 with BOM or
 * CP932). */
#include "registers/export.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "registers/table.h"

/* Display width of UTF-8 text in Excel character units: ASCII 1, everything else 2 (Japanese). */
static double text_width(const char *s)
{
    double w = 0, line = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') {
            w = line > w ? line : w;
            line = 0;
        } else if (*p < 0x80) {
            line += 1;
        } else if ((*p & 0xC0) != 0x80) {
            line += (*p >= 0xEF && p[1] == 0xBD) || (*p == 0xEF && p[1] == 0xBE) ? 1 : 2; /* 半角ｶﾅ: 1 */
        }
    }
    return line > w ? line : w;
}

/* A valid, unique worksheet name: no []:*?/\, at most 31 characters. */
static char *sheet_name(const char *want, size_t index, char **used, size_t nused)
{
    Buf b = BUF_INIT;
    size_t chars = 0;
    for (const char *p = want && *want ? want : "Sheet"; *p && chars < 28; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80)
            chars++;
        buf_putc(&b, strchr("[]:*?/\\", c) && c ? '_' : (char)c);
    }
    /* do not end inside a multi-byte character */
    while (b.len > 0 && ((unsigned char)b.data[b.len - 1] & 0xC0) == 0xC0)
        b.data[--b.len] = '\0';
    char *name = buf_take(&b);
    for (size_t i = 0; i < nused; i++)
        if (strcmp(used[i], name) == 0) {
            char *n2 = xasprintf("%s(%zu)", name, index + 1);
            free(name);
            return n2;
        }
    return name;
}

static char *header_text(const char *title)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "&C");
    for (const char *p = title; *p && b.len < 200; p++) {
        if (*p == '&')
            buf_putc(&b, '&');
        buf_putc(&b, *p);
    }
    return buf_take(&b);
}

static Status lxw_fail(Err *e, lxw_error err)
{
    return err_setf(e, ST_IO, "export_failed", "", "Excel ファイルを作成できませんでした(%s)。",
                    "Could not write the Excel file (%s).", lxw_strerror(err));
}

static Status write_sheet(lxw_workbook *wb, const ExportSheet *s, const char *name, lxw_format *head,
                          lxw_format *body, Err *e)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return err_set(e, ST_IO, "export_failed", "", "ワークシートを追加できませんでした。", "Could not add a worksheet.");
    lxw_error err;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0); /* fit the width, as many pages down as needed */
    worksheet_center_horizontally(ws);
    char *hdr = header_text(s->title ? s->title : s->name ? s->name : "");
    worksheet_set_header(ws, hdr);
    free(hdr);
    worksheet_set_footer(ws, "&C&P / &N");
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_freeze_panes(ws, 1, 0);
    /* widths: from the header and the first 2,000 rows, between 6 and 60 characters */
    for (size_t c = 0; c < s->ncols; c++) {
        double w;
        if (s->widths) {
            w = s->widths[c];
        } else {
            w = text_width(s->headers[c] ? s->headers[c] : "") + 2; /* room for the filter button */
            for (size_t r = 0; r < s->nrows && r < 2000; r++) {
                const char *v = s->cells[r * s->ncols + c];
                double vw = v ? text_width(v) : 0;
                if (vw > w)
                    w = vw;
            }
            w = w < 6 ? 6 : w > 60 ? 60 : w + 1;
        }
        if ((err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL)) != LXW_NO_ERROR)
            return lxw_fail(e, err);
    }
    for (size_t c = 0; c < s->ncols; c++)
        if ((err = worksheet_write_string(ws, 0, (lxw_col_t)c, s->headers[c] ? s->headers[c] : "", head)) !=
            LXW_NO_ERROR)
            return lxw_fail(e, err);
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t c = 0; c < s->ncols; c++) {
            const char *v = s->cells[r * s->ncols + c];
            err = v && *v ? worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v, body)
                          : worksheet_write_blank(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, body);
            if (err != LXW_NO_ERROR)
                return lxw_fail(e, err);
        }
    if ((err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->nrows, (lxw_col_t)(s->ncols - 1))) != LXW_NO_ERROR)
        return lxw_fail(e, err);
    return ST_OK;
}

static Status read_file(const char *path, unsigned char **data, size_t *len, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ST_IO, "export_failed", "", "作成した Excel ファイルを読めませんでした。",
                       "Could not read back the Excel file.");
    Buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        buf_free(&b);
        return err_set(e, ST_IO, "export_failed", "", "作成した Excel ファイルを読めませんでした。",
                       "Could not read back the Excel file.");
    }
    *len = b.len;
    *data = (unsigned char *)buf_take(&b);
    return ST_OK;
}

Status export_xlsx(const ExportSheet *sheets, size_t n, unsigned char **data, size_t *len, Err *e)
{
    *data = NULL;
    *len = 0;
    for (size_t i = 0; i < n; i++)
        if (sheets[i].ncols == 0 || !sheets[i].headers || (sheets[i].nrows && !sheets[i].cells))
            return err_set(e, ST_INVALID, "export_bad_sheet", "", "出力する列がありません。", "A sheet has no columns.");
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/lgsec-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        free(dir);
        return err_set(e, ST_IO, "export_failed", "", "一時ディレクトリを作成できませんでした。",
                       "Could not create a temporary directory.");
    }
    char *path = xasprintf("%s/export.xlsx", dir);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = dir, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    Status st = ST_OK;
    char **names = xcalloc(n ? n : 1, sizeof *names);
    if (!wb) {
        st = err_set(e, ST_IO, "export_failed", "", "Excel ファイルを作成できませんでした。", "Could not create the workbook.");
    } else {
        lxw_format *head = workbook_add_format(wb);
        format_set_bold(head);
        format_set_bg_color(head, 0xDDEBF7);
        format_set_pattern(head, LXW_PATTERN_SOLID);
        format_set_border(head, LXW_BORDER_THIN);
        format_set_text_wrap(head);
        format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
        lxw_format *body = workbook_add_format(wb);
        format_set_border(body, LXW_BORDER_THIN);
        format_set_text_wrap(body);
        format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
        for (size_t i = 0; i < n && st == ST_OK; i++) {
            names[i] = sheet_name(sheets[i].name, i, names, i);
            st = write_sheet(wb, &sheets[i], names[i], head, body, e);
        }
        workbook_set_properties(wb, &(lxw_doc_properties){.title = (char *)"lgsec", .author = (char *)"lgsec"});
        lxw_error err = workbook_close(wb); /* also frees wb */
        if (st == ST_OK && err != LXW_NO_ERROR)
            st = lxw_fail(e, err);
        if (st == ST_OK)
            st = read_file(path, data, len, e);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return st;
}

static bool needs_quotes(const char *s)
{
    if (!*s)
        return false;
    if (*s == ' ' || s[strlen(s) - 1] == ' ')
        return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

static void put_field(Buf *b, const char *s, unsigned flags)
{
    bool formula = (flags & EXPORT_CSV_NEUTRALIZE_FORMULAS) && strchr("=+-@", *s) && *s;
    if (!needs_quotes(s) && !formula) {
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    if (formula)
        buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* Converts one field to CP932 onto out; false when a character has no CP932 form. */
static bool to_cp932(iconv_t cd, const char *s, Buf *out)
{
    char *in = (char *)s;
    size_t in_left = strlen(s);
    iconv(cd, NULL, NULL, NULL, NULL);
    while (in_left > 0) {
        buf_grow(out, in_left * 2 + 8);
        char *o = out->data + out->len;
        size_t out_left = out->cap - out->len - 1, before = out_left;
        size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
        out->len += before - out_left;
        out->data[out->len] = '\0';
        if (rc == (size_t)-1 && errno != E2BIG)
            return false;
    }
    return true;
}

Status export_csv(const ExportSheet *s, unsigned flags, unsigned char **data, size_t *len, Err *e)
{
    *data = NULL;
    *len = 0;
    if (s->ncols == 0 || !s->headers || (s->nrows && !s->cells))
        return err_set(e, ST_INVALID, "export_bad_sheet", "", "出力する列がありません。", "The sheet has no columns.");
    Buf out = BUF_INIT, line = BUF_INIT;
    iconv_t cd = (iconv_t)-1;
    if (flags & EXPORT_CSV_CP932) {
        cd = iconv_open("CP932", "UTF-8");
        if (cd == (iconv_t)-1)
            return err_set(e, ST_IO, "export_failed", "", "文字コード変換(CP932)が使えません。",
                           "CP932 conversion is not available.");
    } else {
        buf_append(&out, "\xEF\xBB\xBF", 3);
    }
    for (size_t r = 0; r <= s->nrows; r++) {
        buf_reset(&line);
        for (size_t c = 0; c < s->ncols; c++) {
            const char *v = r == 0 ? s->headers[c] : s->cells[(r - 1) * s->ncols + c];
            if (c)
                buf_putc(&line, ',');
            put_field(&line, v ? v : "", r == 0 ? 0 : flags);
        }
        buf_append(&line, "\r\n", 2);
        if (cd == (iconv_t)-1) {
            buf_append(&out, line.data, line.len);
        } else if (!to_cp932(cd, buf_str(&line), &out)) {
            /* find the column for the message */
            size_t bad_col = 0;
            for (size_t c = 0; c < s->ncols; c++) {
                const char *v = r == 0 ? s->headers[c] : s->cells[(r - 1) * s->ncols + c];
                Buf tmp = BUF_INIT;
                bool ok = to_cp932(cd, v ? v : "", &tmp);
                buf_free(&tmp);
                if (!ok) {
                    bad_col = c;
                    break;
                }
            }
            char letters[4];
            table_col_name(bad_col, letters);
            iconv_close(cd);
            buf_free(&out);
            buf_free(&line);
            return err_setf(e, ST_INVALID, "export_unencodable", "",
                            "%zu行目 %s列に Shift_JIS(CP932)で表せない文字があります。UTF-8 で出力してください。",
                            "Row %zu, column %s holds a character CP932 cannot represent; export as UTF-8.", r + 1,
                            letters);
        }
    }
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    buf_free(&line);
    *len = out.len;
    *data = out.len ? (unsigned char *)buf_take(&out) : (unsigned char *)xstrdup("");
    return ST_OK;
}
