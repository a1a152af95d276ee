/* ISO-2022-JP in both directions, with the Microsoft CP5022x extensions that Japanese mail carries
 * in practice (① ㈱ Ⅲ 髙 …, half-width kana via ESC ( I or SO/SI). Decoding rewrites JIS X 0208 pairs
 * as CP932 bytes and lets iconv's CP932 table name the characters (it has the NEC and IBM rows);
 * JIS X 0212 pairs go through EUC-JP-MS. Encoding looks characters up in a Unicode → CP932 table
 * built from that same converter, restricted to the JIS rows, so a round trip is exact. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sanitize/charset.h"
#include "sanitize/charset_internal.h"

static const char *const fffd = "\xEF\xBF\xBD";

enum { M_ASCII, M_KANA, M_X0208, M_X0212 };

static void flush_sjis(Buf *sj, Buf *out)
{
    if (sj->len)
        iconv_append("CP932", (const uint8_t *)sj->data, sj->len, out);
    buf_reset(sj);
}

static void put_sjis_from_jis(Buf *sj, uint8_t j1, uint8_t j2)
{
    uint8_t s1 = (uint8_t)(((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0));
    uint8_t s2 = (j1 & 1) ? (uint8_t)(j2 + (j2 <= 0x5F ? 0x1F : 0x20)) : (uint8_t)(j2 + 0x7E);
    buf_putc(sj, (char)s1);
    buf_putc(sj, (char)s2);
}

void iso2022jp_decode(const uint8_t *in, size_t n, Buf *out)
{
    Buf sj = BUF_INIT;
    int mode = M_ASCII;
    bool shifted = false; /* SO … SI: half-width kana (CP50222) */
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i];
        if (c == 0x1B) {
            const uint8_t *e = in + i + 1;
            size_t left = n - i - 1;
            if (left >= 2 && e[0] == '$' && (e[1] == 'B' || e[1] == '@')) {
                mode = M_X0208;
                i += 2;
            } else if (left >= 3 && e[0] == '$' && e[1] == '(' && (e[2] == 'B' || e[2] == 'Q' || e[2] == 'O')) {
                mode = M_X0208;
                i += 3;
            } else if (left >= 3 && e[0] == '$' && e[1] == '(' && e[2] == 'D') {
                mode = M_X0212;
                i += 3;
            } else if (left >= 2 && e[0] == '(' && (e[1] == 'B' || e[1] == 'J' || e[1] == 'H')) {
                mode = M_ASCII;
                i += 2;
            } else if (left >= 2 && e[0] == '(' && e[1] == 'I') {
                mode = M_KANA;
                i += 2;
            } else if (left >= 2 && e[0] == '&' && e[1] == '@') {
                i += 2; /* JIS X 0208-1990 announcer; ESC $ B follows */
            } else {
                flush_sjis(&sj, out);
                buf_puts(out, fffd);
            }
            continue;
        }
        if (c == 0x0E) {
            shifted = true;
            continue;
        }
        if (c == 0x0F) {
            shifted = false;
            continue;
        }
        if (c < 0x21 || c >= 0x7F) {
            /* Controls and spaces are ASCII in every mode; stray 8-bit bytes are left to CP932. */
            buf_putc(&sj, (char)c);
            continue;
        }
        if (shifted || mode == M_KANA) {
            if (c <= 0x5F)
                buf_putc(&sj, (char)(c | 0x80));
            else {
                flush_sjis(&sj, out);
                buf_puts(out, fffd);
            }
            continue;
        }
        if (mode == M_ASCII) {
            buf_putc(&sj, (char)c);
            continue;
        }
        if (i + 1 >= n || in[i + 1] < 0x21 || in[i + 1] > 0x7E) {
            flush_sjis(&sj, out);
            buf_puts(out, fffd);
            continue;
        }
        uint8_t c2 = in[++i];
        if (mode == M_X0208) {
            put_sjis_from_jis(&sj, c, c2);
        } else {
            flush_sjis(&sj, out);
            uint8_t euc[3] = {0x8F, (uint8_t)(c | 0x80), (uint8_t)(c2 | 0x80)};
            iconv_append("EUC-JP-MS", euc, 3, out);
        }
    }
    flush_sjis(&sj, out);
    buf_free(&sj);
}

/* Unicode → CP932 code (JIS rows only), sorted by code point. */
typedef struct JisEntry {
    uint32_t cp;
    uint16_t code;
} JisEntry;
static JisEntry *jis_table;
static size_t jis_count;
static pthread_once_t jis_once = PTHREAD_ONCE_INIT;

static int cmp_entry(const void *a, const void *b)
{
    const JisEntry *x = a, *y = b;
    if (x->cp != y->cp)
        return x->cp < y->cp ? -1 : 1;
    return x->code < y->code ? -1 : x->code > y->code;
}

/* Characters UTF-8 mail writes differently from CP932's table (Mac and Unix mappings). */
static const JisEntry extra[] = {
    {0x301C, 0x8160}, {0x2016, 0x8161}, {0x2212, 0x817C}, {0x00A2, 0x8191}, {0x00A3, 0x8192},
    {0x00AC, 0x81CA}, {0x2014, 0x815C}, {0x00A5, 0x818F}, {0x203E, 0x8150}, {0x2225, 0x8161},
};

static void build_table(void)
{
    size_t cap = 12000;
    JisEntry *t = malloc(cap * sizeof *t);
    if (!t)
        abort();
    size_t count = 0;
    Buf u = BUF_INIT;
    for (unsigned lead = 0x81; lead <= 0xEF; lead++) {
        if (lead > 0x9F && lead < 0xE0)
            continue;
        for (unsigned trail = 0x40; trail <= 0xFC; trail++) {
            if (trail == 0x7F)
                continue;
            uint8_t b[2] = {(uint8_t)lead, (uint8_t)trail};
            buf_reset(&u);
            if (iconv_append("CP932", b, 2, &u) != 0 || u.len == 0)
                continue;
            const uint8_t *p = (const uint8_t *)u.data;
            uint32_t cp = utf8_next(&p, p + u.len);
            if (p != (const uint8_t *)u.data + u.len || cp == 0xFFFD)
                continue;
            t[count++] = (JisEntry){cp, (uint16_t)(lead << 8 | trail)};
        }
    }
    buf_free(&u);
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        t[count++] = extra[i];
    qsort(t, count, sizeof *t, cmp_entry);
    /* Keep the lowest code for each character: the JIS X 0208 one before the NEC duplicates. */
    size_t w = 0;
    for (size_t i = 0; i < count; i++)
        if (w == 0 || t[w - 1].cp != t[i].cp)
            t[w++] = t[i];
    jis_table = t;
    jis_count = w;
}

void jis_table_prepare(void)
{
    pthread_once(&jis_once, build_table);
}

static int lookup(uint32_t cp)
{
    size_t lo = 0, hi = jis_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (jis_table[mid].cp == cp)
            return jis_table[mid].code;
        if (jis_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void put_jis(Buf *out, int *mode, unsigned code)
{
    if (*mode != M_X0208) {
        buf_puts(out, "\x1B$B");
        *mode = M_X0208;
    }
    unsigned s1 = code >> 8, s2 = code & 0xFF;
    unsigned j1 = (s1 <= 0x9F ? s1 - 0x70 : s1 - 0xB0) * 2, j2;
    if (s2 < 0x9F) {
        j1 -= 1;
        j2 = s2 - 0x1F - (s2 >= 0x80 ? 1 : 0);
    } else {
        j2 = s2 - 0x7E;
    }
    buf_putc(out, (char)j1);
    buf_putc(out, (char)j2);
}

void iso2022jp_encode(const char *utf8, size_t n, Buf *out)
{
    jis_table_prepare();
    int mode = M_ASCII;
    const uint8_t *p = (const uint8_t *)utf8, *end = p + n;
    while (p < end) {
        uint32_t cp = utf8_next(&p, end);
        if (cp < 0x80) {
            if (mode != M_ASCII) {
                buf_puts(out, "\x1B(B");
                mode = M_ASCII;
            }
            buf_putc(out, (char)cp);
            continue;
        }
        if (cp >= 0xFF61 && cp <= 0xFF9F) {
            /* Half-width kana: NFKC gives the full-width form, voiced marks composed (ｶﾞ → ガ). */
            Buf k = BUF_INIT;
            utf8_put(&k, cp);
            if (p < end) {
                const uint8_t *q = p;
                uint32_t next = utf8_next(&q, end);
                if (next == 0xFF9E || next == 0xFF9F) {
                    utf8_put(&k, next);
                    p = q;
                }
            }
            utf8proc_uint8_t *full = utf8proc_NFKC((const utf8proc_uint8_t *)k.data);
            buf_free(&k);
            if (full) {
                const uint8_t *f = full, *fend = full + strlen((const char *)full);
                while (f < fend) {
                    int code = lookup(utf8_next(&f, fend));
                    put_jis(out, &mode, code < 0 ? 0x81AC : (unsigned)code);
                }
                free(full);
            }
            continue;
        }
        int code = lookup(cp);
        put_jis(out, &mode, code < 0 ? 0x81AC : (unsigned)code); /* 0x81AC: 〓 */
    }
    if (mode != M_ASCII)
        buf_puts(out, "\x1B(B");
}
