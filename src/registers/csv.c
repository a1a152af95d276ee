/* CSV reader: RFC 4180 as Excel reads and writes it (quoted fields, doubled quotes, CRLF/LF/CR,
 * newlines inside quotes, a final newline or none), and the encodings Japanese offices have — UTF-8
 * with or without BOM, or CP932 (Excel's 「CSV (コンマ区切り)」), told apart by strict UTF-8
 * validation. Like Excel, text after a closing quote is kept ("a"b → ab) and a quote inside an
 * unquoted field is literal; only a quote left open at the end of the file is an error. */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "registers/readers.h"

/* Offset of the first byte that breaks strict UTF-8 (no overlongs, surrogates or > U+10FFFF), or
 * len when the whole text is valid. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* The record (1-based, as Excel numbers rows) that contains byte offset `at`. Works on the raw bytes
 * in either encoding: quotes, delimiters and newlines never occur inside CP932 double-byte
 * characters (trail bytes are 0x40–0xFC). */
static size_t record_at(const unsigned char *s, size_t len, size_t at)
{
    size_t record = 1;
    bool quoted = false;
    for (size_t i = 0; i < at && i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))))
            record++;
    }
    return record;
}

/* CP932 → UTF-8 (malloc'd, *out_len set). On failure returns the input offset where conversion
 * stopped in *bad_at. */
static char *from_cp932(const unsigned char *s, size_t len, size_t *out_len, size_t *bad_at)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) {
        *bad_at = 0;
        return NULL;
    }
    size_t cap = len * 3 / 2 + 16; /* a 2-byte CP932 character is at most 3 UTF-8 bytes */
    char *out = xmalloc(cap + 1);
    char *in = (char *)s, *o = out;
    size_t in_left = len, out_left = cap;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
            if (errno == E2BIG) { /* single-byte katakana can triple: grow */
                size_t used = (size_t)(o - out);
                cap = cap * 2;
                out = xrealloc(out, cap + 1);
                o = out + used;
                out_left = cap - used;
                continue;
            }
            *bad_at = (size_t)((const unsigned char *)in - s);
            iconv_close(cd);
            free(out);
            return NULL;
        }
    }
    iconv_close(cd);
    *out_len = (size_t)(o - out);
    out[*out_len] = '\0';
    return out;
}

static Status parse(Table *t, const char *s, size_t n, char delim, Err *e)
{
    size_t cap = 32, ncells = 0, record = 1;
    const char **cells = xmalloc(cap * sizeof *cells);
    Buf field = BUF_INIT;
    Status st = ST_OK;
    size_t i = 0;
    bool pending = false; /* a delimiter was read: one more field follows, even at the end */
    while (i < n || pending) {
        const char *value;
        if (i < n && s[i] == '"') {
            size_t opened = record;
            buf_reset(&field);
            i++;
            for (;;) {
                const char *q = i < n ? memchr(s + i, '"', n - i) : NULL;
                if (!q) {
                    st = err_setf(e, ST_INVALID, "table_unterminated_quote", "file",
                                  "%zu行目: 「\"」で始まる項目が閉じられていません。",
                                  "Row %zu: a quoted field is never closed.", opened);
                    goto done;
                }
                size_t k = (size_t)(q - s);
                buf_append(&field, s + i, k - i);
                i = k + 1;
                if (i < n && s[i] == '"') {
                    buf_putc(&field, '"');
                    i++;
                } else {
                    break;
                }
            }
            size_t start = i; /* like Excel, keep text between the closing quote and the delimiter */
            while (i < n && s[i] != delim && s[i] != '\n' && s[i] != '\r')
                i++;
            buf_append(&field, s + start, i - start);
            value = table_strdup(t, buf_str(&field), field.len);
        } else {
            size_t start = i;
            while (i < n && s[i] != delim && s[i] != '\n' && s[i] != '\r')
                i++;
            value = table_strdup(t, s + start, i - start);
        }
        if (ncells == cap) {
            if (cap > TABLE_MAX_COLS) {
                st = table_add_row(t, record, cells, ncells, e); /* reports the limit */
                if (st == ST_OK)
                    st = err_set(e, ST_LIMIT, "table_too_large", "file", "列が多すぎます。", "Too many columns.");
                goto done;
            }
            cap *= 2;
            cells = xrealloc(cells, cap * sizeof *cells);
        }
        cells[ncells++] = value;
        pending = false;
        if (i < n && s[i] == delim) {
            i++;
            pending = true;
            continue;
        }
        /* end of the record: a newline (CRLF, LF or CR) or the end of the text */
        if ((st = table_add_row(t, record, cells, ncells, e)) != ST_OK)
            goto done;
        ncells = 0;
        record++;
        if (i < n && s[i] == '\r')
            i++, i += (i < n && s[i] == '\n');
        else if (i < n && s[i] == '\n')
            i++;
    }
done:
    free(cells);
    buf_free(&field);
    return st;
}

Status csv_read(const unsigned char *data, size_t len, char delim, Table **out, Err *e)
{
    *out = NULL;
    const unsigned char *s = data;
    size_t n = len;
    bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
    if (bom)
        s += 3, n -= 3;
    const unsigned char *nul = memchr(s, 0, n);
    if (nul)
        return err_setf(e, ST_INVALID, "table_nul_byte", "file",
                        "%zu行目: 文字として読めないバイト(NUL)があります。テキスト(CSV)ファイルではないようです。",
                        "Row %zu: the file contains NUL bytes; it does not look like a CSV file.",
                        record_at(s, n, (size_t)(nul - s)));
    size_t bad_utf8 = utf8_invalid_at(s, n);
    Table *t;
    Status st;
    if (bad_utf8 == n) {
        t = table_new(TABLE_CSV_UTF8);
        st = parse(t, (const char *)s, n, delim, e);
    } else {
        size_t conv_len = 0, bad_cp932 = 0;
        char *conv = bom ? NULL : from_cp932(s, n, &conv_len, &bad_cp932);
        if (!conv) {
            size_t at = bom || bad_utf8 > bad_cp932 ? bad_utf8 : bad_cp932;
            return err_setf(e, ST_INVALID, "table_encoding", "file",
                            "%zu行目: 文字コードが UTF-8 としても Shift_JIS(CP932)としても正しくない文字があります。",
                            "Row %zu: bytes that are valid neither in UTF-8 nor in Shift_JIS (CP932).",
                            record_at(s, n, at));
        }
        t = table_new(TABLE_CSV_CP932);
        st = parse(t, conv, conv_len, delim, e);
        free(conv);
    }
    if (st != ST_OK) {
        table_free(t);
        return st;
    }
    table_trim(t);
    *out = t;
    return ST_OK;
}
