/* charset: label normalisation, detection and conversion to UTF-8 (see charset.h). ISO-2022-JP is in
 * charset_jis.c. */
#include "sanitize/charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#include "sanitize/charset_internal.h"

/* Labels seen in Japanese mail, and what they really mean. CP932 is Shift_JIS as Windows writes it
 * (a superset, with the NEC and IBM extensions); EUC-JP-MS likewise for EUC-JP. */
static const struct {
    const char *label;
    const char *canon;
} aliases[] = {
    {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},           {"us-ascii", "US-ASCII"},
    {"ascii", "US-ASCII"},        {"iso-2022-jp", "ISO-2022-JP"}, {"csiso2022jp", "ISO-2022-JP"},
    {"iso-2022-jp-ms", "ISO-2022-JP"}, {"iso-2022-jp-1", "ISO-2022-JP"}, {"iso-2022-jp-2", "ISO-2022-JP"},
    {"iso-2022-jp-3", "ISO-2022-JP"}, {"cp50220", "ISO-2022-JP"}, {"cp50221", "ISO-2022-JP"},
    {"cp50222", "ISO-2022-JP"},   {"jis", "ISO-2022-JP"},      {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},       {"sjis", "CP932"},           {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},        {"csshiftjis", "CP932"},     {"windows-31j", "CP932"},
    {"cp932", "CP932"},           {"ms932", "CP932"},          {"x-ms-cp932", "CP932"},
    {"shift_jisx0213", "CP932"},  {"euc-jp", "EUC-JP"},        {"x-euc-jp", "EUC-JP"},
    {"eucjp", "EUC-JP"},          {"euc-jp-ms", "EUC-JP"},     {"eucjp-ms", "EUC-JP"},
    {"cseucpkdfmtjapanese", "EUC-JP"}, {"latin1", "ISO-8859-1"}, {"gb2312", "GB18030"},
    {"gbk", "GB18030"},           {"x-gbk", "GB18030"},        {"ks_c_5601-1987", "CP949"},
    {"euc-kr", "CP949"},          {"ansi_x3.4-1968", "US-ASCII"}, {"unknown-8bit", ""},
    {"x-unknown", ""},            {"default", ""},
};

/* Converters opened ahead of a sandbox fork (gconv loads them from disk). */
static const char *const preloaded[] = {
    "CP932",      "EUC-JP-MS",  "ISO-8859-1", "ISO-8859-2", "ISO-8859-5", "ISO-8859-7",  "ISO-8859-9",
    "ISO-8859-15", "WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252", "WINDOWS-1253", "WINDOWS-1254",
    "KOI8-R",     "KOI8-U",     "GB18030",    "BIG5",       "CP949",      "UTF-16",      "UTF-16LE",
    "UTF-16BE",   "UTF-7",      "TIS-620",
};
#define N_PRELOADED (sizeof preloaded / sizeof preloaded[0])
static __thread iconv_t cds[N_PRELOADED];
static __thread bool cds_ready;

static void open_converters(void)
{
    if (cds_ready)
        return;
    for (size_t i = 0; i < N_PRELOADED; i++)
        cds[i] = iconv_open("UTF-8", preloaded[i]);
    cds_ready = true;
}

void charset_prepare(void)
{
    open_converters();
    jis_table_prepare();
}

/* The converter for an iconv name: preloaded ones are reused (reset first); others are opened for
 * this call (*owned set), which fails inside the sandbox. (iconv_t)-1 when unavailable. */
static iconv_t converter(const char *name, bool *owned)
{
    open_converters();
    *owned = false;
    for (size_t i = 0; i < N_PRELOADED; i++)
        if (strcasecmp(preloaded[i], name) == 0) {
            if (cds[i] != (iconv_t)-1)
                iconv(cds[i], NULL, NULL, NULL, NULL);
            return cds[i];
        }
    *owned = true;
    return iconv_open("UTF-8", name);
}

static const char *const fffd = "\xEF\xBF\xBD";

size_t iconv_append(const char *name, const uint8_t *in, size_t n, Buf *out)
{
    bool owned;
    iconv_t cd = converter(name, &owned);
    if (cd == (iconv_t)-1) {
        /* Unknown here: keep ASCII, mark the rest. */
        size_t bad = 0;
        for (size_t i = 0; i < n; i++) {
            if (in[i] < 0x80)
                buf_putc(out, (char)in[i]);
            else {
                buf_puts(out, fffd);
                bad++;
            }
        }
        return bad + 1;
    }
    size_t errors = 0;
    char *src = (char *)in;
    size_t left = n;
    while (left > 0) {
        buf_grow(out, left * 4 + 16);
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ or an incomplete sequence at the end: one replacement, skip one byte. */
        errors++;
        buf_puts(out, fffd);
        src++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    if (owned)
        iconv_close(cd);
    return errors;
}

bool utf8_valid(const void *in, size_t n)
{
    const uint8_t *p = in, *end = p + n;
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        const uint8_t *q = p;
        if (utf8_next(&q, end) == 0xFFFD && !(q - p == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD))
            return false;
        p = q;
    }
    return true;
}

uint32_t utf8_next(const uint8_t **pp, const uint8_t *end)
{
    const uint8_t *p = *pp;
    uint8_t c = *p;
    uint32_t cp;
    int len;
    if (c < 0x80) {
        *pp = p + 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        cp = c & 0x1F;
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        cp = c & 0x0F;
        len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
        cp = c & 0x07;
        len = 4;
    } else {
        *pp = p + 1;
        return 0xFFFD;
    }
    if (end - p < len) {
        *pp = p + 1;
        return 0xFFFD;
    }
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *pp = p + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *pp = p + 1;
        return 0xFFFD;
    }
    *pp = p + len;
    return cp;
}

void utf8_put(Buf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        buf_putc(out, (char)cp);
        return;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        buf_append(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        buf_append(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        buf_append(out, b, 4);
    }
}

void utf8_clean(const void *in, size_t n, bool keep_newlines, Buf *out)
{
    const uint8_t *p = in, *end = p + n;
    while (p < end) {
        uint32_t cp = utf8_next(&p, end);
        if (cp == '\n' || cp == '\r' || cp == '\t') {
            if (cp == '\t' || keep_newlines)
                buf_putc(out, (char)cp);
            else if (cp == '\n')
                buf_putc(out, ' ');
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            continue;
        /* Bidirectional embeddings, overrides and isolates: "txt.exe" shown as "exe.txt". */
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
            cp == 0x200F || cp == 0xFEFF)
            continue;
        utf8_put(out, cp);
    }
}

/* Shift_JIS structure: returns the number of invalid sequences; *japanese counts kana and kanji. */
static size_t sjis_errors(const uint8_t *p, size_t n, size_t *japanese)
{
    size_t bad = 0, good = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c < 0x80)
            continue;
        if (c >= 0xA1 && c <= 0xDF) { /* half-width kana: legal, but rare in real text */
            continue;
        }
        if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
            if (i + 1 < n && ((p[i + 1] >= 0x40 && p[i + 1] <= 0x7E) || (p[i + 1] >= 0x80 && p[i + 1] <= 0xFC))) {
                if (c == 0x82 || c == 0x83 || (c >= 0x88 && c <= 0x9F) || (c >= 0xE0 && c <= 0xEA))
                    good += 2;
                else if (c == 0x81)
                    good += 1;
                i++;
                continue;
            }
        }
        bad++;
    }
    *japanese = good;
    return bad;
}

static size_t euc_errors(const uint8_t *p, size_t n, size_t *japanese)
{
    size_t bad = 0, good = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c < 0x80)
            continue;
        if (c == 0x8E && i + 1 < n && p[i + 1] >= 0xA1 && p[i + 1] <= 0xDF) {
            i++;
            continue;
        }
        if (c == 0x8F && i + 2 < n && p[i + 1] >= 0xA1 && p[i + 2] >= 0xA1 && p[i + 1] != 0xFF &&
            p[i + 2] != 0xFF) {
            i += 2;
            continue;
        }
        if (c >= 0xA1 && c <= 0xFE && i + 1 < n && p[i + 1] >= 0xA1 && p[i + 1] <= 0xFE) {
            if (c == 0xA4 || c == 0xA5 || (c >= 0xB0 && c <= 0xF4))
                good += 2;
            else if (c == 0xA1)
                good += 1;
            i++;
            continue;
        }
        bad++;
    }
    *japanese = good;
    return bad;
}

static bool has_jis_escape(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (p[i] == 0x1B && ((p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@' || p[i + 2] == '(')) ||
                             (p[i + 1] == '(' && (p[i + 2] == 'I' || p[i + 2] == 'J'))))
            return true;
    return false;
}

static bool all_ascii(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 0x80)
            return false;
    return true;
}

const char *charset_detect(const void *in, size_t n)
{
    const uint8_t *p = in;
    bool ascii = all_ascii(p, n);
    if (has_jis_escape(p, n) && ascii)
        return "ISO-2022-JP";
    if (ascii)
        return "US-ASCII";
    if (utf8_valid(p, n))
        return "UTF-8";
    size_t js, je;
    size_t bs = sjis_errors(p, n, &js), be = euc_errors(p, n, &je);
    if (bs == 0 && be == 0)
        return je > js ? "EUC-JP" : "CP932";
    if (bs == 0)
        return "CP932";
    if (be == 0)
        return "EUC-JP";
    return NULL;
}

/* The canonical name for a label: one of ours, an iconv name, or "" when it says nothing. */
static const char *canonical(const char *label, char *tmp, size_t cap)
{
    if (!label)
        return "";
    size_t len = 0;
    while (*label == ' ' || *label == '"' || *label == '\'')
        label++;
    for (; label[len] && len + 1 < cap; len++) {
        char c = label[len];
        if (c == '"' || c == '\'' || c == ' ' || c == ';')
            break;
        tmp[len] = (char)toupper((unsigned char)c);
    }
    tmp[len] = '\0';
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(aliases[i].label, tmp) == 0)
            return aliases[i].canon;
    for (size_t i = 0; tmp[i]; i++)
        if (!(isalnum((unsigned char)tmp[i]) || tmp[i] == '-' || tmp[i] == '_' || tmp[i] == ':' || tmp[i] == '.'))
            return "";
    return tmp;
}

static void ascii_append(const uint8_t *p, size_t n, Buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80)
            buf_putc(out, (char)p[i]);
        else
            buf_puts(out, fffd);
    }
}

/* Decodes with one of our canonical names; returns the number of errors. */
static size_t decode_as(const char *canon, const uint8_t *p, size_t n, Buf *out)
{
    if (strcmp(canon, "UTF-8") == 0) {
        utf8_clean(p, n, true, out);
        return utf8_valid(p, n) ? 0 : 1;
    }
    if (strcmp(canon, "US-ASCII") == 0) {
        ascii_append(p, n, out);
        return all_ascii(p, n) ? 0 : 1;
    }
    if (strcmp(canon, "ISO-2022-JP") == 0) {
        iso2022jp_decode(p, n, out);
        return 0;
    }
    if (strcmp(canon, "EUC-JP") == 0)
        return iconv_append("EUC-JP-MS", p, n, out);
    return iconv_append(canon, p, n, out);
}

static bool has_kana(const Buf *utf8)
{
    const uint8_t *p = (const uint8_t *)utf8->data, *end = p + utf8->len;
    while (p && p < end) {
        uint32_t c = utf8_next(&p, end);
        if ((c >= 0x3041 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F))
            return true;
    }
    return false;
}

/* For unlabelled (or generically labelled) text that our Japanese detection cannot place, or places
 * in a Japanese charset without a single kana (Chinese and Korean EUC text, and Big5, decode as
 * Japanese without errors, but as a soup of kanji): what uchardet sees, when it is a converter we
 * have open and the bytes decode in it without errors. The converter's name, or NULL. */
static const char *uchardet_charset(const uint8_t *p, size_t n)
{
    uchardet_t u = uchardet_new();
    if (!u)
        return NULL;
    const char *found = NULL;
    if (uchardet_handle_data(u, (const char *)p, n) == 0) {
        uchardet_data_end(u);
        const char *name = uchardet_get_charset(u);
        if (name && (strcasecmp(name, "EUC-KR") == 0 || strcasecmp(name, "UHC") == 0))
            name = "CP949";
        for (size_t i = 0; name && i < N_PRELOADED; i++)
            if (strcasecmp(preloaded[i], name) == 0 && strncasecmp(name, "UTF-", 4) != 0)
                found = preloaded[i];
    }
    uchardet_delete(u);
    if (found) {
        Buf trial = BUF_INIT;
        if (iconv_append(found, p, n, &trial) != 0)
            found = NULL;
        buf_free(&trial);
    }
    return found;
}

static const char *public_name(const char *canon)
{
    static const char *const names[] = {"UTF-8", "US-ASCII", "ISO-2022-JP", "CP932", "EUC-JP"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], canon) == 0)
            return names[i];
    return "other";
}

const char *charset_to_utf8(const char *label, const void *in, size_t n, Buf *out)
{
    const uint8_t *p = in;
    char tmp[64];
    const char *canon = canonical(label, tmp, sizeof tmp);
    const char *detected = charset_detect(p, n);
    /* Labels that say nothing about Japanese text lose to what the bytes show; a label that the
     * bytes contradict (decoding errors) loses to a detection that decodes cleanly. */
    bool generic = !*canon || strcmp(canon, "US-ASCII") == 0 || strcmp(canon, "ISO-8859-1") == 0 ||
                   strcmp(canon, "WINDOWS-1252") == 0;
    if (generic && !all_ascii(p, n) &&
        (!detected || strcmp(detected, "CP932") == 0 || strcmp(detected, "EUC-JP") == 0)) {
        Buf jp = BUF_INIT;
        if (detected)
            decode_as(detected, p, n, &jp);
        size_t high = 0;
        for (size_t i = 0; i < n; i++)
            high += p[i] >= 0x80;
        /* Japanese prose has kana; a short kanji-only phrase (a name, 見積書) is too little to guess
         * from, and stays Japanese. */
        bool japanese = detected && (has_kana(&jp) || high < 32);
        const char *other = japanese ? NULL : uchardet_charset(p, n);
        /* A Chinese or Korean guess may replace a kana-less Japanese decoding or a Western label;
         * a Western guess only replaces no label at all, or US-ASCII, which 8-bit bytes contradict. */
        bool cjk = other && (strcmp(other, "BIG5") == 0 || strcmp(other, "GB18030") == 0 || strcmp(other, "CP949") == 0);
        bool unlabelled = !*canon || strcmp(canon, "US-ASCII") == 0;
        if (other && (cjk || (!detected && unlabelled))) {
            buf_free(&jp);
            decode_as(other, p, n, out);
            return other;
        }
        buf_free(&jp);
    }
    if (detected && strcmp(detected, "US-ASCII") != 0 && generic) {
        decode_as(detected, p, n, out);
        return public_name(detected);
    }
    if (detected && strcmp(detected, "ISO-2022-JP") == 0 && strcmp(canon, "ISO-2022-JP") != 0 &&
        strcmp(canon, "UTF-8") != 0 && strcmp(canon, "CP932") != 0 && strcmp(canon, "EUC-JP") != 0) {
        decode_as(detected, p, n, out);
        return "ISO-2022-JP";
    }
    if (!*canon) {
        decode_as("US-ASCII", p, n, out);
        return "US-ASCII";
    }
    /* Try the label into a scratch buffer; keep it unless it errs and detection does better. */
    Buf trial = BUF_INIT;
    size_t errors = decode_as(canon, p, n, &trial);
    /* ISO-2022-JP labelled text that carries raw 8-bit bytes is really something else. */
    if (strcmp(canon, "ISO-2022-JP") == 0 && !all_ascii(p, n))
        errors = 1;
    const char *used = canon;
    if (errors && detected && strcmp(detected, canon) != 0) {
        buf_reset(&trial);
        decode_as(detected, p, n, &trial);
        used = detected;
    }
    buf_append(out, trial.data ? trial.data : "", trial.len);
    buf_free(&trial);
    return public_name(used);
}
