/* Value parsers of the import: classification levels, yes/no marks, enumerated choices, dates (西暦,
 * 和暦, Excel serials) and counts as they appear in municipal Excel registers. */
#include "registers/values.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/text.h"
#include "core/xmalloc.h"

char *value_fold(const char *s)
{
    char *n = text_nfkc(s);
    if (!n)
        return NULL;
    char *w = n;
    for (char *r = n; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        *w++ = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    *w = '\0';
    return n;
}

void value_strip(char *s, const char *ascii, const char *const *wide3)
{
    char *w = s;
    for (const char *r = s; *r;) {
        unsigned char c = (unsigned char)*r;
        if (c < 0x80) {
            if (!strchr(ascii, c))
                *w++ = (char)c;
            r++;
            continue;
        }
        bool skip = false;
        for (size_t i = 0; wide3[i] && !skip; i++) /* r has ≥ 3 readable bytes: a lead byte, then more or NUL */
            skip = memcmp(r, wide3[i], 3) == 0;
        if (skip) {
            r += 3;
            continue;
        }
        do
            *w++ = *r++;
        while (((unsigned char)*r & 0xC0) == 0x80);
    }
    *w = '\0';
}

/* Shortens the quoted value for messages so one bad cell cannot flood them. */
static void shown(const char *s, char out[80])
{
    size_t n = strlen(s);
    if (n <= 60) {
        memcpy(out, s, n + 1);
        return;
    }
    size_t cut = 60;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(out, s, cut);
    memcpy(out + cut, "…", sizeof "…");
}

static bool strip_prefix(char **p, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(*p, prefix, n) != 0)
        return false;
    *p += n;
    return true;
}

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

Status value_classification(const char *s, const char *dimension_ja, const char *const *allowed, char out[16],
                            bool *unknown, Err *e)
{
    out[0] = '\0';
    *unknown = false;
    char show[80];
    shown(s, show);
    char *f = value_fold(s);
    if (!f)
        return err_set(e, ST_INVALID, "value_classification", "", "文字として読めない値です。",
                       "The value is not valid text.");
    static const char *const unknown_words[] = {"不明", "未定", "未分類", "要判断", "未判定", "判断中", "?", "-",
                                                "ー", "―", "未", NULL};
    char *p = f;
    /* Brackets and separators around the level: 機密性(3B), 【3B】, 機密性:3B */
    static const char *const wide[] = {"「", "」", "【", "】", "『", "』", "・", NULL};
    value_strip(f, "()[]:", wide);
    p = f;
    strip_prefix(&p, "自治体");
    strip_prefix(&p, dimension_ja);
    if (!strip_prefix(&p, "レベル") && !strip_prefix(&p, "区分"))
        strip_prefix(&p, "LEVEL");
    Status st = ST_OK;
    if (in_list(p, unknown_words)) {
        *unknown = true;
    } else if (strlen(p) < 16 && (!allowed || in_list(p, allowed))) {
        snprintf(out, 16, "%s", p);
    } else {
        if (strlen(p) < 16) /* what the cell names, for the caller's message */
            snprintf(out, 16, "%s", p);
        char choices[128] = "";
        for (size_t i = 0; allowed && allowed[i]; i++) {
            size_t l = strlen(choices);
            snprintf(choices + l, sizeof choices - l, "%s%s", i ? "、" : "", allowed[i]);
        }
        st = err_setf(e, ST_INVALID, "value_classification", "",
                      "%s「%s」を読めません。%s のいずれか(または「不明」)を指定してください。",
                      "Cannot read the %s level \"%s\"; expected one of %s (or 不明 for unknown).", dimension_ja, show,
                      choices);
    }
    free(f);
    return st;
}

Status value_bool(const char *s, bool *out, Err *e)
{
    static const char *const yes[] = {"○", "◯", "〇", "●", "有", "有り", "あり", "アリ", "はい", "要", "済", "該当",
                                      "対象", "1", "TRUE", "YES", "Y", "✓", "✔", "レ", "含む", NULL};
    static const char *const no[] = {"", "×", "✕", "✖", "X", "無", "無し", "なし", "ナシ", "いいえ", "不要", "非該当",
                                     "対象外", "-", "ー", "―", "0", "FALSE", "NO", "N", "含まない", NULL};
    char *f = value_fold(s);
    Status st = ST_OK;
    if (f && in_list(f, yes)) {
        *out = true;
    } else if (f && in_list(f, no)) {
        *out = false;
    } else {
        char show[80];
        shown(s, show);
        st = err_setf(e, ST_INVALID, "value_bool", "",
                      "「%s」を有無として読めません。「○」「有」「あり」または「×」「無」「なし」を指定してください。",
                      "Cannot read \"%s\" as yes/no; use ○/有/あり or ×/無/なし.", show);
    }
    free(f);
    return st;
}

Status value_choice(const char *s, const ValueChoice *choices, size_t n, const char **out, Err *e)
{
    *out = NULL;
    char *f = value_fold(s);
    /* the choices' words are NFKC-normal without spaces (a unit test checks it), so only the input
     * is folded and ASCII case is ignored in the comparison */
    for (size_t i = 0; f && i < n && !*out; i++) {
        if (strcasecmp(f, choices[i].value) == 0 || strcasecmp(f, choices[i].label_ja) == 0)
            *out = choices[i].value;
        for (size_t k = 0; choices[i].words && choices[i].words[k] && !*out; k++)
            if (strcasecmp(f, choices[i].words[k]) == 0)
                *out = choices[i].value;
    }
    free(f);
    if (*out)
        return ST_OK;
    char show[80], list[256] = "";
    shown(s, show);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s「%s」", i ? "" : "", choices[i].label_ja);
    }
    return err_setf(e, ST_INVALID, "value_choice", "", "「%s」は選択肢にありません。%s のいずれかを指定してください。",
                    "\"%s\" is not one of the choices: %s.", show, list);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1868 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}


bool excel_serial_to_date(double serial, bool date1904, int *y, int *m, int *d)
{
    if (!isfinite(serial))
        return false;
    double whole = floor(serial);
    if (date1904)
        whole += 1462;
    if (whole < 1 || whole > 2958465 || whole == 60) /* 60 is Excel's 1900-02-29, a day that never was */
        return false;
    int64_t base = days_from_civil(1899, 12, whole < 60 ? 31 : 30);
    civil_from_days(base + (int64_t)whole, y, m, d);
    return true;
}

/* Reads up to 4 digits (or 元 = 1 when allow_gan) at *p. */
static bool read_num(const char **p, int max_digits, bool allow_gan, int *out)
{
    if (allow_gan && strncmp(*p, "元", strlen("元")) == 0) {
        *p += strlen("元");
        *out = 1;
        return true;
    }
    int v = 0, n = 0;
    while (**p >= '0' && **p <= '9' && n < max_digits)
        v = v * 10 + (*(*p)++ - '0'), n++;
    if (n == 0 || (**p >= '0' && **p <= '9'))
        return false;
    *out = v;
    return true;
}

static bool read_sep(const char **p, const char *word)
{
    if (**p == '/' || **p == '-' || **p == '.') {
        (*p)++;
        return true;
    }
    return strip_prefix((char **)p, word);
}

static const struct {
    const char *name, *letter;
    int start;
} eras[] = {{"令和", "R", 2019}, {"平成", "H", 1989}, {"昭和", "S", 1926}, {"大正", "T", 1912}, {"明治", "M", 1868}};

static bool parse_date_text(const char *s, int *y, int *m, int *d)
{
    const char *p = s;
    int base = 0;
    for (size_t i = 0; i < sizeof eras / sizeof eras[0] && !base; i++) {
        if (strip_prefix((char **)&p, eras[i].name) || strip_prefix((char **)&p, eras[i].letter))
            base = eras[i].start;
    }
    if (base) {
        int n;
        if (!read_num(&p, 2, true, &n) || n < 1)
            return false;
        *y = base + n - 1;
    } else if (!read_num(&p, 4, false, y) || *y < 1000) {
        return false;
    }
    if (!read_sep(&p, "年") || !read_num(&p, 2, false, m) || !read_sep(&p, "月") || !read_num(&p, 2, false, d))
        return false;
    strip_prefix((char **)&p, "日");
    return *p == '\0';
}

Status value_date(const char *s, char out[11], Err *e)
{
    out[0] = '\0';
    char show[80];
    shown(s, show);
    char *f = text_nfkc(s);
    int y = 0, m = 0, d = 0;
    bool ok = false;
    if (f) {
        char *p = f, *w = f;
        while (*p == ' ' || *p == '\t')
            p++;
        for (; *p && *p != ' ' && *p != '\t'; p++) /* a time after the date is dropped */
            *w++ = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        *w = '\0';
        if (strlen(f) > 10 && f[4] == '-' && f[10] == 'T') /* ISO 8601 date-time */
            f[10] = '\0';
        size_t len = strlen(f), digits = strspn(f, "0123456789");
        if (len == 8 && digits == 8) { /* 20260401 */
            y = atoi((char[5]){f[0], f[1], f[2], f[3], 0});
            m = atoi((char[3]){f[4], f[5], 0});
            d = atoi((char[3]){f[6], f[7], 0});
            ok = valid_ymd(y, m, d);
        } else if (digits >= 1 && digits <= 7 && (f[digits] == '\0' || f[digits] == '.') &&
                   strspn(f + digits + (f[digits] == '.'), "0123456789") == strlen(f + digits + (f[digits] == '.'))) {
            ok = excel_serial_to_date(strtod(f, NULL), false, &y, &m, &d) && valid_ymd(y, m, d);
        } else {
            ok = parse_date_text(f, &y, &m, &d) && valid_ymd(y, m, d);
        }
    }
    free(f);
    if (!ok)
        return err_setf(e, ST_INVALID, "value_date", "",
                        "「%s」を日付として読めません。「2026/4/1」「令和8年4月1日」「R8.4.1」のように書いてください。",
                        "Cannot read \"%s\" as a date; write it like 2026/4/1, 令和8年4月1日 or R8.4.1.", show);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return ST_OK;
}

Status value_integer(const char *s, long long *out, Err *e)
{
    char *f = value_fold(s);
    bool ok = false;
    if (f) {
        static const char *const units[] = {"件", "個", "台", "部", "冊", "枚", "式", "本", "箱", "点", NULL};
        size_t len = strlen(f);
        for (size_t i = 0; units[i]; i++) {
            size_t n = strlen(units[i]);
            if (len >= n && strcmp(f + len - n, units[i]) == 0) {
                f[len - n] = '\0';
                break;
            }
        }
        long long v = 0;
        size_t digits = 0;
        ok = true;
        for (const char *p = f; *p && ok; p++) {
            if (*p == ',' && digits > 0)
                continue;
            if (*p < '0' || *p > '9' || v > 99999999999LL)
                ok = false;
            else
                v = v * 10 + (*p - '0'), digits++;
        }
        ok = ok && digits > 0;
        *out = v;
    }
    free(f);
    if (ok)
        return ST_OK;
    char show[80];
    shown(s, show);
    return err_setf(e, ST_INVALID, "value_integer", "", "「%s」を数として読めません。", "Cannot read \"%s\" as a number.",
                    show);
}
