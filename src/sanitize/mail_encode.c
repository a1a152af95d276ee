/* Header and body encoding for the text-converted message: RFC 2047 B words in UTF-8 or
 * ISO-2022-JP, cut on character boundaries so each word decodes on its own, folded lines. */
#include <string.h>

#include "sanitize/charset.h"
#include "sanitize/mail_internal.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_append(Buf *out, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
        buf_append(out, q, 4);
    }
    if (n - i == 1) {
        unsigned v = (unsigned)p[i] << 16;
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], '=', '='};
        buf_append(out, q, 4);
    } else if (n - i == 2) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], '='};
        buf_append(out, q, 4);
    }
}

void base64_lines(Buf *out, const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i += 57) {
        base64_append(out, data + i, n - i < 57 ? n - i : 57);
        buf_puts(out, "\r\n");
    }
}

static bool plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x7F || (unsigned char)*s < 0x20)
            return false;
    return true;
}

/* Encoded length of s[0..n) in the word's charset. */
static size_t word_bytes(const uint8_t *s, size_t n, bool jis)
{
    if (!jis)
        return n;
    Buf trial = BUF_INIT;
    iso2022jp_encode((const char *)s, n, &trial);
    size_t len = trial.len;
    buf_free(&trial);
    return len;
}

/* Encoded words for s, separated by "\r\n " so each sits on its own folded line. Each word holds
 * whole characters: at most 45 bytes of UTF-8 or 42 of ISO-2022-JP (75 columns a word). A word
 * whose byte count is a multiple of 3 is preferred even when shorter: its base64 then has no
 * padding, which some decoders (GMime 3.2 among them) mishandle when they join adjacent words
 * before decoding — they drop everything after the first padded word. */
static void put_words(Buf *out, const char *s, bool jis)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    size_t limit = jis ? 42 : 45;
    bool first = true;
    Buf chunk = BUF_INIT;
    while (p < end) {
        const uint8_t *start = p, *best = NULL, *padded = NULL;
        const uint8_t *q = p;
        while (q < end) {
            const uint8_t *next = q;
            utf8_next(&next, end);
            size_t len = word_bytes(start, (size_t)(next - start), jis);
            if (len > limit && padded)
                break;
            padded = next;
            if (len % 3 == 0)
                best = next;
            q = next;
        }
        p = (q >= end) ? end : best ? best : padded;
        buf_reset(&chunk);
        if (jis)
            iso2022jp_encode((const char *)start, (size_t)(p - start), &chunk);
        else
            buf_append(&chunk, start, (size_t)(p - start));
        if (!first)
            buf_puts(out, "\r\n ");
        first = false;
        buf_puts(out, jis ? "=?ISO-2022-JP?B?" : "=?UTF-8?B?");
        base64_append(out, (const uint8_t *)chunk.data, chunk.len);
        buf_puts(out, "?=");
    }
    buf_free(&chunk);
}

void header_put_text(Buf *out, const char *field, const char *utf8, bool iso2022jp)
{
    buf_printf(out, "%s: ", field);
    if (plain_ascii(utf8) && !strstr(utf8, "=?")) {
        /* Fold at spaces past column 76. */
        size_t col = strlen(field) + 2;
        const char *s = utf8;
        while (*s) {
            const char *sp = strchr(s + 1, ' ');
            size_t word = sp ? (size_t)(sp - s) : strlen(s);
            if (col + word > 76 && s != utf8 && *s == ' ') {
                buf_puts(out, "\r\n");
                col = 0;
            }
            buf_append(out, s, word);
            col += word;
            s += word;
        }
    } else {
        put_words(out, utf8, iso2022jp);
    }
    buf_puts(out, "\r\n");
}

void header_put_phrase(Buf *out, const char *utf8, bool iso2022jp)
{
    if (plain_ascii(utf8) && !strstr(utf8, "=?")) {
        bool special = strpbrk(utf8, "()<>[]:;@\\,.\"") != NULL;
        if (!special) {
            buf_puts(out, utf8);
            return;
        }
        buf_putc(out, '"');
        for (const char *s = utf8; *s; s++) {
            if (*s == '"' || *s == '\\')
                buf_putc(out, '\\');
            buf_putc(out, *s);
        }
        buf_putc(out, '"');
        return;
    }
    put_words(out, utf8, iso2022jp);
}
