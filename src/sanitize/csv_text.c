/* CSV and plain text: a cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or
 * CR) gets a leading apostrophe, which makes it text (formula and DDE injection). Works on bytes:
 * the delimiters, quotes and the inserted apostrophe are ASCII, which neither UTF-8 nor CP932 uses
 * inside a multibyte character at those positions, so the encoding is kept as it came. */
#include <string.h>

#include "sanitize/disarm_types.h"

enum { MAX_LISTED = 20 };

/* The input as code units: bytes (UTF-8, CP932) or UTF-16 with its byte-order mark (Excel's
 * 「Unicode テキスト」). Delimiters and the inserted apostrophe are single units either way. */
typedef struct Units {
    const uint8_t *p;
    size_t n; /* units */
    unsigned w; /* bytes per unit: 1 or 2 */
    bool be;
} Units;

static uint32_t at(const Units *u, size_t i)
{
    if (u->w == 1)
        return u->p[i];
    const uint8_t *q = u->p + 2 * i;
    return u->be ? (uint32_t)(q[0] << 8 | q[1]) : (uint32_t)(q[1] << 8 | q[0]);
}

static void put(Buf *o, const Units *u, char c)
{
    if (u->w == 1) {
        buf_putc(o, c);
    } else if (u->be) {
        buf_putc(o, '\0');
        buf_putc(o, c);
    } else {
        buf_putc(o, c);
        buf_putc(o, '\0');
    }
}

static void copy(Buf *o, const Units *u, size_t start, size_t len)
{
    buf_append(o, u->p + start * u->w, len * u->w);
}

/* + and - followed only by digits and number punctuation are numbers, dates or phone numbers. */
static bool numeric_tail(const Units *u, size_t start, size_t n)
{
    bool digit = false;
    for (size_t i = start; i < start + n; i++) {
        uint32_t c = at(u, i);
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c >= 0x80 || c == 0 || !strchr(" .,-/()", (int)c))
            return false;
    }
    return digit;
}

/* Length of the cell starting at unit i (up to the delimiter or line end, quotes as in RFC 4180). */
static size_t cell_len(const Units *u, size_t i, bool csv, bool quoted)
{
    size_t k = i;
    if (quoted) {
        for (k = i + 1; k < u->n; k++) {
            if (at(u, k) == '"') {
                if (k + 1 < u->n && at(u, k + 1) == '"')
                    k++;
                else
                    return k - i;
            }
        }
        return u->n - i;
    }
    for (; k < u->n; k++) {
        uint32_t c = at(u, k);
        if (c == '\n' || c == '\r' || (csv ? c == ',' : c == '\t'))
            break;
    }
    return k - i;
}

static bool dangerous(const Units *u, size_t start, size_t n)
{
    if (!n)
        return false;
    switch (at(u, start)) {
    case '=':
    case '@':
    case '\t':
    case '\r':
        return true;
    case '+':
    case '-':
        return !numeric_tail(u, start + 1, n - 1);
    default:
        return false;
    }
}

/* Up to 40 units of the cell as UTF-8 for the verdict (bytes that are not UTF-8 shown as '?'). */
static void shown(const Units *u, size_t start, size_t n, bool utf8, Buf *b)
{
    buf_reset(b);
    size_t end = start + (n < 40 ? n : 40);
    for (size_t i = start; i < end; i++) {
        uint32_t c = at(u, i);
        if (u->w == 2 && c >= 0xD800 && c <= 0xDBFF && i + 1 < end) {
            uint32_t lo = at(u, i + 1);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (u->w == 1 && c >= 0x80) {
            buf_putc(b, utf8 ? (char)c : '?');
        } else if (c < 0x80) {
            buf_putc(b, (char)c);
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            buf_putc(b, '?');
        } else if (c < 0x800) {
            buf_putc(b, (char)(0xC0 | c >> 6));
            buf_putc(b, (char)(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            buf_putc(b, (char)(0xE0 | c >> 12));
            buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
            buf_putc(b, (char)(0x80 | (c & 0x3F)));
        } else {
            buf_putc(b, (char)(0xF0 | c >> 18));
            buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
            buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
            buf_putc(b, (char)(0x80 | (c & 0x3F)));
        }
    }
}

static bool is_utf8(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || i + len > n)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}

void csv_text_disarm(const uint8_t *in, size_t n, bool csv, Buf *out, Verdict *v)
{
    const char *what = csv ? "CSV" : "Text";
    Units u = {in, n, 1, false};
    size_t i = 0, row = 1, col = 1, count = 0;
    buf_reset(out);
    buf_grow(out, n + 64);
    if (n >= 2 && n % 2 == 0 && (memcmp(in, "\xFF\xFE", 2) == 0 || memcmp(in, "\xFE\xFF", 2) == 0)) {
        u.w = 2;
        u.n = n / 2;
        u.be = in[0] == 0xFE;
        copy(out, &u, 0, 1);
        i = 1;
        verdict_note(v, "%s: UTF-16%s kept", what, u.be ? "BE" : "LE");
    } else if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        copy(out, &u, 0, 3);
        i = 3;
    }
    bool utf8 = u.w == 1 && is_utf8(in, n);
    Buf show = BUF_INIT;
    bool at_cell = true;
    while (i < u.n) {
        if (at_cell) {
            at_cell = false;
            bool quoted = csv && at(&u, i) == '"';
            size_t start = i + (quoted ? 1 : 0);
            size_t len = cell_len(&u, i, csv, quoted);
            size_t body = quoted ? (len > 0 ? len - 1 : 0) : len;
            if (quoted)
                put(out, &u, '"');
            if (dangerous(&u, start, body)) {
                put(out, &u, '\'');
                if (count < MAX_LISTED) {
                    shown(&u, start, body, utf8, &show);
                    verdict_removed(v, "%s row %zu col %zu: formula %s", what, row, col, buf_str(&show));
                }
                count++;
            }
            copy(out, &u, start, body);
            for (size_t k = start; k < start + body; k++)
                if (at(&u, k) == '\n')
                    row++;
            i = start + body;
            if (quoted && i < u.n) {
                put(out, &u, '"');
                i++;
            }
            continue;
        }
        uint32_t c = at(&u, i);
        copy(out, &u, i++, 1);
        if (c == '\n') {
            row++;
            col = 1;
            at_cell = true;
        } else if (c == '\r') {
            if (i < u.n && at(&u, i) == '\n')
                copy(out, &u, i++, 1);
            row++;
            col = 1;
            at_cell = true;
        } else if (csv ? c == ',' : c == '\t') {
            col++;
            at_cell = true;
        }
    }
    buf_free(&show);
    if (count > MAX_LISTED)
        verdict_removed(v, "%s: %zu more formula cells neutralised", what, count - MAX_LISTED);
    if (count)
        verdict_note(v, "%s: %zu cells prefixed with ' so that they are read as text", what, count);
}
