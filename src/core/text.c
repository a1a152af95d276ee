/* Text normalisation and validation of user-supplied strings. */
#include "core/text.h"

#include <string.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/xmalloc.h"

char *text_nfkc(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT);
    if (n < 0)
        return NULL;
    char *copy = xstrdup((const char *)out);
    free(out);
    return copy;
}

/* Characters that change how text around them is shown without being visible themselves: the
 * Unicode format characters (category Cf: bidi embeddings, overrides and isolates U+202A–202E and
 * U+2066–2069, marks U+200E/200F/061C, zero-width space/joiners U+200B–200D, word joiner U+2060,
 * BOM U+FEFF, soft hyphen …), the line and paragraph separators (Zl, Zp) and the C1 controls.
 * A name holding U+202E (right-to-left override) or U+200B (zero-width space) is shown as
 * something else than what is stored, so text people type refuses them. Variation selectors
 * (category Mn, U+FE00–FE0F, U+E0100–E01EF: 異体字 in people's names) stay allowed. */
static bool hidden_or_control(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return true;
    case UTF8PROC_CATEGORY_CC:
        return cp >= 0x7f; /* DEL and C1; C0 is decided by the caller's newline rule */
    default:
        return false;
    }
}

bool text_valid(const char *s, size_t max_bytes, bool allow_newlines)
{
    size_t len = strlen(s);
    if (len > max_bytes)
        return false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0)
            return false;
        if (cp < 0x20) {
            if (!(allow_newlines && (cp == '\n' || cp == '\t' || cp == '\r')))
                return false;
        } else if (cp >= 0x7f && hidden_or_control(cp)) {
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

size_t text_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80; /* every byte that does not continue a sequence starts a character */
    return n;
}

bool text_valid_chars(const char *s, size_t max_chars, bool allow_newlines)
{
    return text_chars(s) <= max_chars && text_valid(s, (size_t)-1, allow_newlines);
}

char *text_like_contains(const char *s)
{
    Buf b = BUF_INIT;
    buf_putc(&b, '%');
    for (const char *p = s; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    return buf_take(&b);
}
