/* CSV and plain text: a cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or
 * CR) gets a leading apostrophe, which makes it text (formula and DDE injection). Works on bytes:
 * the delimiters, quotes and the inserted apostrophe are ASCII, which neither UTF-8 nor CP932 uses
 * inside a multibyte character at those positions, so the encoding is kept as it came. */
#include <string.h>

#include "sanitize/disarm_types.h"

enum { MAX_LISTED = 20 };

/* + and - followed only by digits and number punctuation are numbers, dates or phone numbers. */
static bool numeric_tail(const uint8_t *s, size_t n)
{
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (!strchr(" .,-/()", c) || c == 0)
            return false;
    }
    return digit;
}

/* Length of the cell starting at s (up to the delimiter or line end, quotes as in RFC 4180). */
static size_t cell_len(const uint8_t *s, size_t n, bool csv, bool quoted)
{
    size_t i = 0;
    if (quoted) {
        for (i = 1; i < n; i++) {
            if (s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"')
                    i++;
                else
                    return i;
            }
        }
        return n;
    }
    while (i < n && s[i] != '\n' && s[i] != '\r' && !(csv ? s[i] == ',' : s[i] == '\t'))
        i++;
    return i;
}

static bool dangerous(const uint8_t *s, size_t n)
{
    if (!n)
        return false;
    switch (s[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
        return true;
    case '+':
    case '-':
        return !numeric_tail(s + 1, n - 1);
    default:
        return false;
    }
}

void csv_text_disarm(const uint8_t *in, size_t n, bool csv, Buf *out, Verdict *v)
{
    const char *what = csv ? "CSV" : "Text";
    size_t i = 0, row = 1, col = 1, count = 0;
    buf_reset(out);
    buf_grow(out, n + 64);
    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        buf_append(out, in, 3);
        i = 3;
    }
    bool at_cell = true;
    while (i < n) {
        if (at_cell) {
            at_cell = false;
            bool quoted = csv && in[i] == '"';
            size_t start = i + (quoted ? 1 : 0);
            size_t len = cell_len(in + i, n - i, csv, quoted);
            size_t body = quoted ? (len > 0 ? len - 1 : 0) : len;
            if (quoted)
                buf_putc(out, '"');
            if (dangerous(in + start, body)) {
                buf_putc(out, '\'');
                if (count < MAX_LISTED) {
                    size_t show = body < 40 ? body : 40;
                    verdict_removed(v, "%s row %zu col %zu: formula %.*s", what, row, col, (int)show,
                                    (const char *)in + start);
                }
                count++;
            }
            buf_append(out, in + start, body);
            for (size_t k = start; k < start + body; k++)
                if (in[k] == '\n')
                    row++;
            i = start + body;
            if (quoted && i < n) {
                buf_putc(out, '"');
                i++;
            }
            continue;
        }
        uint8_t c = in[i++];
        buf_putc(out, (char)c);
        if (c == '\n') {
            row++;
            col = 1;
            at_cell = true;
        } else if (c == '\r') {
            if (i < n && in[i] == '\n') {
                buf_putc(out, '\n');
                i++;
            }
            row++;
            col = 1;
            at_cell = true;
        } else if (csv ? c == ',' : c == '\t') {
            col++;
            at_cell = true;
        }
    }
    if (count > MAX_LISTED)
        verdict_removed(v, "%s: %zu more formula cells neutralised", what, count - MAX_LISTED);
    if (count)
        verdict_note(v, "%s: %zu cells prefixed with ' so that they are read as text", what, count);
}
