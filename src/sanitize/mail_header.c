/* Header decoding for mail text conversion: RFC 2047 encoded words as they really arrive (also
 * inside words, split mid-character or mid-base64-quantum across words, unquoted in parameters),
 * RFC 2231 parameters, and raw 8-bit or ISO-2022-JP text found by detection. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize/charset.h"
#include "sanitize/mail_internal.h"

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Base64 across a run of encoded words: pending holds the sextets not yet forming whole bytes, so
 * a word boundary may fall anywhere. Padding ends a quantum. */
typedef struct B64 {
    unsigned bits;
    int nbits;
} B64;

static void b64_feed(B64 *s, const char *t, size_t n, Buf *bytes)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '=') {
            s->bits = 0;
            s->nbits = 0;
            continue;
        }
        int v = b64_value((unsigned char)t[i]);
        if (v < 0)
            continue;
        s->bits = (s->bits << 6) | (unsigned)v;
        s->nbits += 6;
        if (s->nbits >= 8) {
            s->nbits -= 8;
            buf_putc(bytes, (char)((s->bits >> s->nbits) & 0xFF));
        }
    }
}

void base64_decode_append(const char *t, size_t n, Buf *out)
{
    B64 st = {0};
    b64_feed(&st, t, n, out);
}

void sanitize_header_decode(const char *raw, size_t n, bool address, Buf *out)
{
    header_decode(raw, n, address, out);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static void q_feed(const char *t, size_t n, Buf *bytes)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '_')
            buf_putc(bytes, ' ');
        else if (t[i] == '=' && i + 2 < n && hexval((unsigned char)t[i + 1]) >= 0 &&
                 hexval((unsigned char)t[i + 2]) >= 0) {
            buf_putc(bytes, (char)(hexval((unsigned char)t[i + 1]) * 16 + hexval((unsigned char)t[i + 2])));
            i += 2;
        } else
            buf_putc(bytes, t[i]);
    }
}

/* One encoded word at s[0..n): =?charset[*lang]?B|Q?text?= */
typedef struct Word {
    char charset[48];
    char enc;
    const char *text;
    size_t text_len;
    size_t len; /* whole word */
} Word;

static bool parse_word(const char *s, size_t n, Word *w)
{
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return false;
    size_t i = 2, c = 0;
    while (i < n && s[i] != '?' && c + 1 < sizeof w->charset) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= ' ' || ch >= 0x7F)
            return false;
        w->charset[c++] = (char)ch;
        i++;
    }
    if (i >= n || s[i] != '?' || c == 0)
        return false;
    w->charset[c] = '\0';
    char *star = strchr(w->charset, '*'); /* RFC 2231 language suffix */
    if (star)
        *star = '\0';
    i++;
    if (i + 1 >= n || s[i + 1] != '?')
        return false;
    w->enc = (char)toupper((unsigned char)s[i]);
    if (w->enc != 'B' && w->enc != 'Q')
        return false;
    i += 2;
    size_t start = i;
    while (i + 1 < n && !(s[i] == '?' && s[i + 1] == '='))
        i++;
    if (i + 1 >= n)
        return false;
    w->text = s + start;
    w->text_len = i - start;
    w->len = i + 2;
    return true;
}

/* Plain text between encoded words: raw 8-bit or ISO-2022-JP is decoded by detection. */
static void put_raw(const char *s, size_t n, Buf *out)
{
    if (n)
        charset_to_utf8(NULL, s, n, out);
}

static void put_decoded(const char *charset, const Buf *bytes, bool address, bool in_quotes, Buf *out)
{
    Buf u = BUF_INIT;
    charset_to_utf8(charset, bytes->data ? bytes->data : "", bytes->len, &u);
    if (!address) {
        buf_append(out, u.data ? u.data : "", u.len);
    } else {
        if (!in_quotes)
            buf_putc(out, '"');
        for (size_t i = 0; i < u.len; i++) {
            if (u.data[i] == '"' || u.data[i] == '\\')
                buf_putc(out, '\\');
            buf_putc(out, u.data[i]);
        }
        if (!in_quotes)
            buf_putc(out, '"');
    }
    buf_free(&u);
}

void header_decode(const char *raw, size_t n, bool address, Buf *out)
{
    Buf line = BUF_INIT;
    /* Unfold: line breaks go, the whitespace after them stays. */
    for (size_t i = 0; i < n; i++)
        if (raw[i] != '\r' && raw[i] != '\n')
            buf_putc(&line, raw[i]);
    const char *s = line.data ? line.data : "";
    size_t len = line.len;
    Buf decoded = BUF_INIT;
    Buf bytes = BUF_INIT;
    char run_charset[48] = "";
    B64 b64 = {0, 0};
    bool in_quotes = false;
    size_t plain = 0; /* start of pending plain text */
    size_t i = 0;
    while (i < len) {
        Word w;
        if (s[i] == '=' && i + 1 < len && s[i + 1] == '?' && parse_word(s + i, len - i, &w)) {
            /* Whitespace between two encoded words is not text (RFC 2047 §6.2). */
            bool only_space = true;
            for (size_t k = plain; k < i; k++)
                if (s[k] != ' ' && s[k] != '\t')
                    only_space = false;
            bool continues = run_charset[0] && only_space;
            if (continues && strcasecmp(run_charset, w.charset) != 0) {
                put_decoded(run_charset, &bytes, address, in_quotes, &decoded);
                buf_reset(&bytes);
                b64 = (B64){0, 0};
            }
            if (!continues) {
                if (run_charset[0]) {
                    put_decoded(run_charset, &bytes, address, in_quotes, &decoded);
                    buf_reset(&bytes);
                    b64 = (B64){0, 0};
                }
                put_raw(s + plain, i - plain, &decoded);
            }
            memcpy(run_charset, w.charset, sizeof run_charset);
            if (w.enc == 'B')
                b64_feed(&b64, w.text, w.text_len, &bytes);
            else
                q_feed(w.text, w.text_len, &bytes);
            i += w.len;
            plain = i;
            continue;
        }
        if (run_charset[0] && s[i] != ' ' && s[i] != '\t') {
            put_decoded(run_charset, &bytes, address, in_quotes, &decoded);
            buf_reset(&bytes);
            b64 = (B64){0, 0};
            run_charset[0] = '\0';
        }
        if (s[i] == '"' && (i == 0 || s[i - 1] != '\\'))
            in_quotes = !in_quotes;
        i++;
    }
    if (run_charset[0])
        put_decoded(run_charset, &bytes, address, in_quotes, &decoded);
    else
        put_raw(s + plain, len - plain, &decoded);
    if (run_charset[0] && plain < len)
        put_raw(s + plain, len - plain, &decoded);
    /* One clean line, surrounding whitespace trimmed. */
    Buf clean = BUF_INIT;
    utf8_clean(decoded.data ? decoded.data : "", decoded.len, false, &clean);
    const char *c = clean.data ? clean.data : "";
    size_t a = 0, b = clean.len;
    while (a < b && (c[a] == ' ' || c[a] == '\t'))
        a++;
    while (b > a && (c[b - 1] == ' ' || c[b - 1] == '\t'))
        b--;
    buf_append(out, c + a, b - a);
    buf_free(&clean);
    buf_free(&decoded);
    buf_free(&bytes);
    buf_free(&line);
}

/* RFC 2231 sections of one parameter: name*0*=…, name*1=…, or name*=charset'lang'… */
#define MAX_SECTIONS 64
typedef struct Section {
    bool present, encoded;
    Buf value;
} Section;

static void percent_decode(const char *s, size_t n, Buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
            hexval((unsigned char)s[i + 2]) >= 0) {
            buf_putc(out, (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2])));
            i += 2;
        } else
            buf_putc(out, s[i]);
    }
}

char *header_param(const char *raw, const char *name)
{
    size_t name_len = strlen(name);
    Section sec[MAX_SECTIONS];
    memset(sec, 0, sizeof sec);
    Buf plain = BUF_INIT;
    bool have_plain = false, have_sections = false;
    const char *s = raw;
    /* Skip the value before the first ';' (the media type or disposition). */
    bool quoted = false;
    while (*s && (quoted || *s != ';')) {
        if (*s == '"')
            quoted = !quoted;
        s++;
    }
    while (*s) {
        while (*s == ';' || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        const char *attr = s;
        while (*s && *s != '=' && *s != ';')
            s++;
        const char *attr_end = s;
        while (attr_end > attr && (attr_end[-1] == ' ' || attr_end[-1] == '\t'))
            attr_end--;
        if (*s != '=')
            continue;
        s++;
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        Buf value = BUF_INIT;
        if (*s == '"') {
            s++;
            while (*s && *s != '"') {
                if (*s == '\\' && s[1])
                    s++;
                if (*s != '\r' && *s != '\n')
                    buf_putc(&value, *s);
                s++;
            }
            if (*s == '"')
                s++;
        } else {
            /* A token, loosely: up to the next ';' (keeps unquoted encoded words whole). */
            while (*s && *s != ';') {
                if (*s != '\r' && *s != '\n')
                    buf_putc(&value, *s);
                s++;
            }
            while (value.len && (value.data[value.len - 1] == ' ' || value.data[value.len - 1] == '\t'))
                value.data[--value.len] = '\0';
        }
        size_t alen = (size_t)(attr_end - attr);
        if (alen >= name_len && strncasecmp(attr, name, name_len) == 0) {
            const char *rest = attr + name_len;
            size_t rlen = alen - name_len;
            if (rlen == 0 && !have_plain) {
                buf_append(&plain, value.data ? value.data : "", value.len);
                have_plain = true;
            } else if (rlen == 1 && rest[0] == '*') {
                buf_free(&sec[0].value);
                sec[0] = (Section){true, true, value};
                have_sections = true;
                value = (Buf)BUF_INIT;
            } else if (rest[0] == '*' && rlen >= 2 && isdigit((unsigned char)rest[1])) {
                unsigned idx = 0;
                size_t k = 1;
                while (k < rlen && isdigit((unsigned char)rest[k]) && idx < 1000)
                    idx = idx * 10 + (unsigned)(rest[k++] - '0');
                bool enc = k < rlen && rest[k] == '*';
                if (idx < MAX_SECTIONS && !sec[idx].present) {
                    sec[idx] = (Section){true, enc, value};
                    have_sections = true;
                    value = (Buf)BUF_INIT;
                }
            }
        }
        buf_free(&value);
    }
    char *result = NULL;
    if (have_sections && sec[0].present) {
        /* charset'language' prefix on the first section when it is encoded. */
        char charset[48] = "";
        Buf bytes = BUF_INIT;
        for (size_t i = 0; i < MAX_SECTIONS && sec[i].present; i++) {
            const char *v = sec[i].value.data ? sec[i].value.data : "";
            size_t vn = sec[i].value.len;
            if (i == 0 && sec[i].encoded) {
                const char *q1 = memchr(v, '\'', vn);
                const char *q2 = q1 ? memchr(q1 + 1, '\'', vn - (size_t)(q1 + 1 - v)) : NULL;
                if (q1 && q2) {
                    size_t cl = (size_t)(q1 - v) < sizeof charset - 1 ? (size_t)(q1 - v) : sizeof charset - 1;
                    memcpy(charset, v, cl);
                    charset[cl] = '\0';
                    vn -= (size_t)(q2 + 1 - v);
                    v = q2 + 1;
                }
            }
            if (sec[i].encoded)
                percent_decode(v, vn, &bytes);
            else
                buf_append(&bytes, v, vn);
        }
        Buf u = BUF_INIT, clean = BUF_INIT;
        charset_to_utf8(charset[0] ? charset : NULL, bytes.data ? bytes.data : "", bytes.len, &u);
        utf8_clean(u.data ? u.data : "", u.len, false, &clean);
        result = buf_take(&clean);
        buf_free(&u);
        buf_free(&bytes);
    } else if (have_plain) {
        Buf u = BUF_INIT;
        header_decode(plain.data ? plain.data : "", plain.len, false, &u);
        result = buf_take(&u);
    }
    for (size_t i = 0; i < MAX_SECTIONS; i++)
        buf_free(&sec[i].value);
    buf_free(&plain);
    return result;
}
