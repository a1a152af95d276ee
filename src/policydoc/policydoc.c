/* policydoc.c: owns the policy reader — decoding (UTF-8, CP932 fallback), per-line normalisation,
 * classification of each line (章, 節, 条, 附則, title line, 項/号/細目 markers, table rows, text), the
 * tree builder and the counts. JSON output is in policydoc_json.c. */
#include "policydoc/policydoc.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define PD_MAX_INPUT (16u * 1024u * 1024u)
#define PD_MAX_SUB 4
#define HARD_SPACE 0xE000 /* U+3000 before NFKC: a deliberate space (「(１)　ネットワーク　…」) */

/* ---------- numbers ---------- */

int pd_kanji_number(const char *s, size_t *used)
{
    static const char *digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    long total = 0, cur = 0;
    size_t i = 0;
    bool any = false;
    for (;;) {
        int d = -1;
        for (int k = 0; k < 10; k++)
            if (strncmp(s + i, digits[k], 3) == 0)
                d = k;
        long mul = 0;
        if (d < 0) {
            if (strncmp(s + i, "十", 3) == 0)
                mul = 10;
            else if (strncmp(s + i, "百", 3) == 0)
                mul = 100;
            else if (strncmp(s + i, "千", 3) == 0)
                mul = 1000;
            else
                break;
        }
        if (d >= 0)
            cur = cur * 10 + d;
        else {
            total += (cur ? cur : 1) * mul;
            cur = 0;
        }
        if (total + cur > 1000000)
            return -1;
        any = true;
        i += 3;
    }
    if (!any)
        return -1;
    if (used)
        *used = i;
    return (int)(total + cur);
}

/* Arabic digits (after NFKC) at s: value, *used bytes; -1 if none or too long. */
static int arabic_number(const char *s, size_t *used)
{
    size_t i = 0;
    int v = 0;
    while (s[i] >= '0' && s[i] <= '9') {
        if (i >= 6)
            return -1;
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == 0)
        return -1;
    *used = i;
    return v;
}

static int any_number(const char *s, size_t *used)
{
    int n = arabic_number(s, used);
    return n >= 0 ? n : pd_kanji_number(s, used);
}

static const char *const katakana_order[] = {
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ", "チ", "ツ",
    "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ", "ム", "メ", "モ", "ヤ",
    "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン"};

static int katakana_ordinal(const char *s)
{
    for (size_t k = 0; k < sizeof katakana_order / sizeof *katakana_order; k++)
        if (strncmp(s, katakana_order[k], 3) == 0)
            return (int)k + 1;
    return -1;
}

static int circled_number(int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return cp - 0x2460 + 1;
    if (cp >= 0x3251 && cp <= 0x325F)
        return cp - 0x3251 + 21;
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return cp - 0x32B1 + 36;
    return -1;
}

/* ---------- normalisation ---------- */

static bool is_wide(int32_t c)
{
    return c >= 0x2E80 && c != HARD_SPACE;
}

static bool is_alnum_ascii(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_upper(int32_t c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_space(int32_t c)
{
    return c == ' ' || c == HARD_SPACE;
}

/* Removes extraction spaces from an NFKC string (see policydoc.h); keeps tabs. Caller frees. */
static char *squeeze(const char *s)
{
    size_t n = strlen(s);
    int32_t *cp = xmalloc((n + 1) * sizeof *cp);
    size_t m = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)n;
    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &c);
        if (k < 0) {
            c = 0xFFFD;
            k = 1;
        }
        cp[m++] = c;
        p += k;
        left -= k;
    }
    /* Spaced capitals: maximal chains "X Y Z" of single capitals joined by single spaces. */
    bool *join = xcalloc(m + 1, sizeof *join);
    for (size_t i = 0; i < m;) {
        bool single = is_upper(cp[i]) && (i == 0 || !is_alnum_ascii(cp[i - 1])) &&
                      (i + 1 >= m || !is_alnum_ascii(cp[i + 1]));
        if (!single) {
            i++;
            continue;
        }
        size_t j = i;
        while (j + 2 < m && cp[j + 1] == ' ' && is_upper(cp[j + 2]) &&
               (j + 3 >= m || !is_alnum_ascii(cp[j + 3])))
            j += 2;
        for (size_t k = i + 1; k < j; k += 2)
            join[k] = true;
        i = j + 1;
    }
    Buf out = BUF_INIT;
    int32_t prev = 0; /* last code point written (0 at start) */
    for (size_t i = 0; i < m;) {
        if (!is_space(cp[i])) {
            char tmp[4];
            utf8proc_ssize_t k = utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)tmp);
            buf_append(&out, tmp, (size_t)k);
            prev = cp[i];
            i++;
            continue;
        }
        size_t j = i;
        bool hard = false, joined = false;
        while (j < m && is_space(cp[j])) {
            hard |= cp[j] == HARD_SPACE;
            joined |= join[j];
            j++;
        }
        int32_t next = j < m ? cp[j] : 0;
        bool keep;
        if (prev == 0 || next == 0 || prev == '\t' || next == '\t' || joined)
            keep = false;
        else if (hard)
            keep = true;
        else if (prev >= '0' && prev <= '9' && is_upper(next) && (j + 1 >= m || !is_alnum_ascii(cp[j + 1])))
            keep = false; /* 「3 A」 → 3A */
        else
            keep = !(is_wide(prev) || is_wide(next));
        if (keep)
            buf_putc(&out, ' ');
        i = j;
    }
    free(cp);
    free(join);
    return buf_take(&out);
}

/* NFKC with U+3000 kept as HARD_SPACE. NULL when not valid UTF-8. */
static char *nfkc_line(const char *s)
{
    Buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
            buf_puts(&b, "\xEE\x80\x80");
            p += 2;
        } else
            buf_putc(&b, *p);
    }
    char *r = text_nfkc(buf_str(&b));
    buf_free(&b);
    return r;
}

char *pd_normalise(const char *s)
{
    char *n = nfkc_line(s);
    if (!n)
        return NULL;
    char *r = squeeze(n);
    free(n);
    return r;
}

/* ---------- line classification ---------- */

typedef enum LineType {
    L_BLANK,
    L_PAGE,    /* a page number left by extraction: 「12」「- 12 -」 */
    L_CHAPTER,
    L_SECTION,
    L_ARTICLE,
    L_SUPPL,
    L_TITLE,   /* 「(目的)」: an article title when an article follows */
    L_NUM,     /* 「2 …」「1. 目的」: 項, or a numbered section in a document without 条 */
    L_ITEM,    /* 号 */
    L_SUB,     /* 細目 */
    L_TABLE,   /* a tab-separated row without a marker */
    L_TEXT,
} LineType;

enum { ST_KATA = 1, ST_PKATA, ST_CIRCLED };

typedef struct LineInfo {
    LineType type;
    int number;
    int style;       /* L_SUB: ST_*; L_ITEM: 1 for (n), 2 for a bare kanji numeral */
    bool tab;        /* the line is a table row */
    bool space_after; /* L_ARTICLE: whitespace or end after 条 */
    char *label;     /* normalised marker, e.g. 「第13条」 */
    char *rest;      /* normalised text after the marker (or the whole line) */
    char *head_tail; /* L_CHAPTER/L_SECTION: a trailing " (…)" that may be the next article's title */
} LineInfo;

static const char *skip_ws(const char *p)
{
    for (;;) {
        if (*p == ' ')
            p++;
        else if ((unsigned char)p[0] == 0xEE && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
            p += 3;
        else
            return p;
    }
}

static bool at_ws_or_end(const char *p)
{
    return *p == '\0' || *p == '\t' || skip_ws(p) != p;
}

/* Strips leading whitespace, Markdown heading marks and list bullets. */
static const char *strip_lead(const char *p)
{
    p = skip_ws(p);
    while (*p == '#')
        p++;
    p = skip_ws(p);
    while ((p[0] == '-' || p[0] == '*' || p[0] == '+') && (p[1] == ' ' || p[1] == '\0')) {
        p = skip_ws(p + 1);
    }
    if (strncmp(p, "•", 3) == 0)
        p = skip_ws(p + 3);
    return p;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* Heading-like: short, no sentence punctuation. */
static bool heading_like(const char *s, size_t max_chars)
{
    return *s && utf8_chars(s) <= max_chars && !strstr(s, "。") && !strstr(s, "、");
}

static void classify(const char *raw, LineInfo *li)
{
    memset(li, 0, sizeof *li);
    /* Circled numbers must be seen before NFKC turns ① into 1. */
    {
        const char *p = raw;
        for (;;) {
            if (*p == ' ' || *p == '\t')
                p++;
            else if (strncmp(p, "　", 3) == 0)
                p += 3;
            else if ((p[0] == '-' || p[0] == '*' || p[0] == '+') && (p[1] == ' ' || strncmp(p + 1, "　", 3) == 0))
                p++;
            else
                break;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, 4, &c);
        if (k > 0 && circled_number(c) > 0) {
            li->type = L_SUB;
            li->style = ST_CIRCLED;
            li->number = circled_number(c);
            li->label = xstrndup(p, (size_t)k);
            li->rest = pd_normalise(p + k);
            if (!li->rest)
                li->rest = xstrdup("");
            li->tab = strchr(p + k, '\t') != NULL;
            return;
        }
    }
    char *n = nfkc_line(raw);
    if (!n)
        n = xstrdup("");
    const char *s = strip_lead(n);
    size_t used = 0;
    if (*s == '\0') {
        li->type = L_BLANK;
        goto done_plain;
    }
    li->tab = strchr(s, '\t') != NULL;
    /* page numbers */
    {
        const char *p = s;
        if (*p == '-')
            p = skip_ws(p + 1);
        if (arabic_number(p, &used) >= 0) {
            const char *q = skip_ws(p + used);
            if (*q == '-')
                q = skip_ws(q + 1);
            if (*q == '\0') {
                li->type = L_PAGE;
                goto done_plain;
            }
        }
    }
    /* 第N章 / 第N節 / 第N条, optionally in 【】 */
    {
        const char *p = s;
        bool bracket = false;
        if (strncmp(p, "【", 3) == 0) {
            p += 3;
            bracket = true;
        }
        if (strncmp(p, "第", 3) == 0) {
            const char *q = skip_ws(p + 3);
            int num = any_number(q, &used);
            if (num >= 0) {
                q = skip_ws(q + used);
                LineType t = L_TEXT;
                if (strncmp(q, "章", 3) == 0)
                    t = L_CHAPTER;
                else if (strncmp(q, "節", 3) == 0 || strncmp(q, "款", 3) == 0)
                    t = L_SECTION; /* 款 only where it continues the 節 numbering (on_line) */
                else if (strncmp(q, "条", 3) == 0)
                    t = L_ARTICLE;
                if (t != L_TEXT) {
                    const char *unit = q;
                    q += 3;
                    int branch = -1;
                    if (t == L_ARTICLE && strncmp(q, "の", 3) == 0) {
                        size_t u2 = 0;
                        branch = any_number(q + 3, &u2);
                        if (branch >= 0)
                            q += 3 + u2;
                    }
                    bool closed = bracket && strncmp(q, "】", 3) == 0;
                    if (closed)
                        q += 3;
                    li->space_after = closed || at_ws_or_end(q);
                    if (t != L_ARTICLE && !li->space_after) {
                        /* 「第3章に定める…」: a reference, not a heading */
                    } else {
                        li->type = t;
                        li->number = num;
                        li->label = branch >= 0 ? xasprintf("第%d%.3sの%d", num, unit, branch)
                                                : xasprintf("第%d%.3s", num, unit);
                        const char *rest = skip_ws(q);
                        li->rest = squeeze(rest);
                        if (t != L_ARTICLE) {
                            /* a trailing 「 (…)」 set off by a space */
                            size_t rl = strlen(rest);
                            if (rl > 2 && rest[rl - 1] == ')') {
                                int depth = 0;
                                size_t i = rl;
                                while (i > 0) {
                                    i--;
                                    if (rest[i] == ')')
                                        depth++;
                                    else if (rest[i] == '(' && --depth == 0)
                                        break;
                                }
                                if (depth == 0 && i > 0 && (rest[i - 1] == ' ' || (i >= 3 && (unsigned char)rest[i - 3] == 0xEE))) {
                                    char *inner = xstrndup(rest + i + 1, rl - i - 2);
                                    li->head_tail = squeeze(inner);
                                    free(inner);
                                }
                            }
                        }
                        free(n);
                        return;
                    }
                }
            }
        }
    }
    /* 附則 */
    if (strncmp(s, "附", 3) == 0) {
        const char *q = skip_ws(s + 3);
        if (strncmp(q, "則", 3) == 0 && (at_ws_or_end(q + 3) || q[3] == '(')) {
            li->type = L_SUPPL;
            li->label = xstrdup("附則");
            li->rest = squeeze(skip_ws(q + 3));
            free(n);
            return;
        }
    }
    /* (n) (一) (ア) and (title) */
    if (*s == '(') {
        const char *q = skip_ws(s + 1);
        int num = any_number(q, &used);
        if (num >= 0 && skip_ws(q + used)[0] == ')') {
            li->type = L_ITEM;
            li->style = 1;
            li->number = num;
            li->label = xasprintf("(%d)", num);
            li->rest = squeeze(skip_ws(skip_ws(q + used) + 1));
            free(n);
            return;
        }
        int k = katakana_ordinal(q);
        if (k > 0 && skip_ws(q + 3)[0] == ')') {
            li->type = L_SUB;
            li->style = ST_PKATA;
            li->number = k;
            li->label = xasprintf("(%.3s)", q);
            li->rest = squeeze(skip_ws(skip_ws(q + 3) + 1));
            free(n);
            return;
        }
        size_t sl = strlen(s);
        if (sl > 2 && s[sl - 1] == ')' && !li->tab && !strchr(s + 1, '(') && !strstr(s, "。")) {
            char *inner = xstrndup(s + 1, sl - 2);
            li->type = L_TITLE;
            li->rest = squeeze(inner);
            free(inner);
            if (utf8_chars(li->rest) > 60 || !*li->rest)
                li->type = L_TEXT;
            else {
                free(n);
                return;
            }
            free(li->rest);
            li->rest = NULL;
        }
    }
    /* ア … (katakana followed by a space) */
    {
        int k = katakana_ordinal(s);
        if (k > 0 && (at_ws_or_end(s + 3) && s[3] != '\0')) {
            li->type = L_SUB;
            li->style = ST_KATA;
            li->number = k;
            li->label = xstrndup(s, 3);
            li->rest = squeeze(skip_ws(s + 3));
            free(n);
            return;
        }
    }
    /* 2 … / 1. … */
    {
        int num = arabic_number(s, &used);
        if (num >= 0) {
            const char *q = s + used;
            bool ok = false;
            if (*q == '.' && !(q[1] >= '0' && q[1] <= '9'))
                q++, ok = true;
            else if (skip_ws(q) != q)
                ok = true;
            q = skip_ws(q);
            if (ok && *q && *q != '\t') {
                li->type = li->tab ? L_TABLE : L_NUM;
                li->number = num;
                li->label = xasprintf("%d", num);
                li->rest = squeeze(li->tab ? s : q);
                free(n);
                return;
            }
        }
    }
    /* 一 … (a 号 in statute style: a kanji numeral and a space) */
    {
        int num = pd_kanji_number(s, &used);
        if (num > 0 && at_ws_or_end(s + used) && s[used] != '\0' && s[used] != '\t') {
            li->type = L_ITEM;
            li->style = 2;
            li->number = num;
            li->label = xstrndup(s, used);
            li->rest = squeeze(skip_ws(s + used));
            free(n);
            return;
        }
    }
    li->type = li->tab ? L_TABLE : L_TEXT;
done_plain:
    li->rest = squeeze(s);
    free(n);
}

static void line_free(LineInfo *li)
{
    free(li->label);
    free(li->rest);
    free(li->head_tail);
}

/* ---------- tree ---------- */

static PdNode *node_new(PdNode *parent, PdKind kind, int number, const char *label, int line)
{
    PdNode *nd = xcalloc(1, sizeof *nd);
    nd->kind = kind;
    nd->number = number;
    nd->label = xstrdup(label ? label : "");
    nd->title = xstrdup("");
    nd->text = NULL;
    nd->first_line = nd->last_line = line;
    nd->parent = parent;
    if (parent) {
        if (parent->nchildren == parent->cap) {
            parent->cap = parent->cap ? parent->cap * 2 : 4;
            parent->children = xrealloc(parent->children, parent->cap * sizeof *parent->children);
        }
        parent->children[parent->nchildren++] = nd;
        for (PdNode *a = parent; a; a = a->parent)
            if (line > a->last_line)
                a->last_line = line;
    }
    return nd;
}

static void node_free(PdNode *nd)
{
    if (!nd)
        return;
    for (size_t i = 0; i < nd->nchildren; i++)
        node_free(nd->children[i]);
    free(nd->children);
    free(nd->label);
    free(nd->title);
    free(nd->text);
    free(nd);
}

static void touch(PdNode *nd, int line)
{
    for (PdNode *a = nd; a; a = a->parent)
        if (line > a->last_line)
            a->last_line = line;
}

static void set_title(PdNode *nd, const char *t)
{
    free(nd->title);
    nd->title = xstrdup(t ? t : "");
}

/* Appends s to the node's text: a table row on its own line, broken lines re-joined. */
static void append_text(PdNode *nd, const char *s, bool row, int line)
{
    if (!s || !*s)
        return;
    Buf b = BUF_INIT;
    if (nd->text && *nd->text) {
        buf_puts(&b, nd->text);
        char last = b.data[b.len - 1];
        if (row || nd->row_end_)
            buf_putc(&b, '\n');
        else if ((unsigned char)last < 0x80 && is_alnum_ascii(last) && (unsigned char)s[0] < 0x80 &&
                 is_alnum_ascii(s[0]))
            buf_putc(&b, ' ');
    }
    buf_puts(&b, s);
    free(nd->text);
    nd->text = buf_take(&b);
    nd->row_end_ = row;
    touch(nd, line);
}

/* ---------- decoding ---------- */

static bool valid_utf8(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &c);
        if (k < 0)
            return false;
        p += k;
        left -= k;
    }
    return true;
}

static char *from_cp932(const char *s, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 3 + 1;
    char *out = xmalloc(cap);
    char *in = (char *)s, *o = out;
    size_t inleft = len, oleft = cap - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    iconv_close(cd);
    if (r == (size_t)-1 || inleft != 0) {
        free(out);
        return NULL;
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* ---------- the parser ---------- */

typedef struct Parser {
    LineInfo *li;
    int n;
    PolicyDoc *doc;
    PdNode *chapter, *section, *article, *para, *item, *supp;
    PdNode *sub[PD_MAX_SUB];
    int nsub;
    int last_article;
    bool has_articles;
    PdNode *heading;    /* the last 章/節 heading node */
    int heading_line;   /* its index */
} Parser;

static int next_nonblank(const Parser *p, int i)
{
    for (int j = i + 1; j < p->n; j++)
        if (p->li[j].type != L_BLANK && p->li[j].type != L_PAGE)
            return j;
    return -1;
}

static int prev_nonblank(const Parser *p, int i)
{
    for (int j = i - 1; j >= 0; j--)
        if (p->li[j].type != L_BLANK && p->li[j].type != L_PAGE)
            return j;
    return -1;
}

static PdNode *current(const Parser *p)
{
    if (p->nsub)
        return p->sub[p->nsub - 1];
    if (p->item)
        return p->item;
    if (p->para)
        return p->para;
    if (p->article)
        return p->article;
    if (p->section)
        return p->section;
    if (p->chapter)
        return p->chapter;
    if (p->supp)
        return p->supp;
    return p->doc->root;
}

static PdNode *article_container(const Parser *p)
{
    if (p->section)
        return p->section;
    if (p->chapter)
        return p->chapter;
    if (p->supp)
        return p->supp;
    return p->doc->root;
}

static bool article_accepts(const Parser *p, const LineInfo *li, int i)
{
    if (li->number <= p->last_article || li->number > p->last_article + 10)
        return false;
    if (li->space_after)
        return true;
    int pv = prev_nonblank(p, i);
    if (pv >= 0 && p->li[pv].type == L_TITLE)
        return true;
    return li->number == p->last_article + 1;
}

/* Title and text of a 項/号/細目 marker line: a table row's first cell, a short heading followed by
 * its text on the next lines, or a short term set off by a deliberate space (「(１)　機密性　…」). */
static void item_content(Parser *p, PdNode *nd, const LineInfo *li, int i)
{
    const char *rest = li->rest ? li->rest : "";
    const char *tab = strchr(rest, '\t');
    if (tab) {
        char *cell = xstrndup(rest, (size_t)(tab - rest));
        set_title(nd, cell);
        free(cell);
        append_text(nd, tab + 1, false, i + 1);
        return;
    }
    int nx = next_nonblank(p, i);
    LineType nt = nx >= 0 ? p->li[nx].type : L_BLANK;
    bool child_next = (nt == L_SUB && nd->kind != PD_SUBITEM) || (nt == L_ITEM && nd->kind == PD_PARAGRAPH);
    if (heading_like(rest, 30) && (nt == L_TEXT || nt == L_TABLE || (child_next && p->li[nx].number == 1))) {
        set_title(nd, rest);
        return;
    }
    const char *sp = strchr(rest, ' ');
    if (sp && sp != rest) {
        char *term = xstrndup(rest, (size_t)(sp - rest));
        if (heading_like(term, 20) && !strchr(term, '(') ) {
            set_title(nd, term);
            append_text(nd, sp + 1, false, i + 1);
            free(term);
            return;
        }
        free(term);
    }
    append_text(nd, rest, false, i + 1);
}

/* A 細目's marker style, from its label. */
static int sub_style(const PdNode *nd)
{
    if (nd->label[0] == '(')
        return ST_PKATA;
    return katakana_ordinal(nd->label) > 0 ? ST_KATA : ST_CIRCLED;
}

static void close_below_article(Parser *p)
{
    p->para = p->item = NULL;
    p->nsub = 0;
}

static void on_article(Parser *p, const LineInfo *li, int i, bool numbered_section)
{
    PdNode *parent = article_container(p);
    int pv = prev_nonblank(p, i);
    int first = i + 1;
    const char *title = NULL;
    if (pv >= 0 && p->li[pv].type == L_TITLE && !numbered_section) {
        title = p->li[pv].rest;
        first = pv + 1;
    }
    PdNode *a = node_new(parent, PD_ARTICLE, li->number, li->label, first);
    touch(a, i + 1);
    if (title)
        set_title(a, title);
    else if (!numbered_section && pv >= 0 && pv == p->heading_line && p->li[pv].head_tail && p->heading) {
        /* 「第 2 節 情報システムに関する業務委託 (…における共通的対策)」 then 第140条 without a title */
        set_title(a, p->li[pv].head_tail);
        const char *full = p->heading->title;
        const char *tail = p->li[pv].head_tail;
        size_t fl = strlen(full), tl = strlen(tail);
        if (fl >= tl + 2) {
            char *main = xstrndup(full, fl - tl - 2);
            set_title(p->heading, main);
            free(main);
        }
    }
    p->article = a;
    p->last_article = li->number;
    close_below_article(p);
    if (numbered_section)
        set_title(a, li->rest);
    else
        append_text(a, li->rest, false, i + 1);
}

static void on_line(Parser *p, int i)
{
    const LineInfo *li = &p->li[i];
    int line = i + 1;
    switch (li->type) {
    case L_BLANK:
    case L_PAGE:
        return;
    case L_CHAPTER: {
        p->supp = NULL;
        p->chapter = node_new(p->doc->root, PD_CHAPTER, li->number, li->label, line);
        set_title(p->chapter, li->rest);
        p->section = p->article = NULL;
        close_below_article(p);
        p->heading = p->chapter;
        p->heading_line = i;
        return;
    }
    case L_SECTION: {
        if (strstr(li->label, "款") && !(p->section && li->number == p->section->number + 1))
            break;
        PdNode *parent = p->chapter ? p->chapter : (p->supp ? p->supp : p->doc->root);
        p->section = node_new(parent, PD_SECTION, li->number, li->label, line);
        set_title(p->section, li->rest);
        p->article = NULL;
        close_below_article(p);
        p->heading = p->section;
        p->heading_line = i;
        return;
    }
    case L_SUPPL: {
        p->supp = node_new(p->doc->root, PD_SUPPLEMENT, 0, li->label, line);
        set_title(p->supp, li->rest);
        p->chapter = p->section = p->article = NULL;
        close_below_article(p);
        p->last_article = 0;
        return;
    }
    case L_ARTICLE:
        if (article_accepts(p, li, i)) {
            on_article(p, li, i, false);
            return;
        }
        break;
    case L_TITLE: {
        int nx = next_nonblank(p, i);
        if (nx >= 0 && p->li[nx].type == L_ARTICLE && article_accepts(p, &p->li[nx], nx))
            return; /* taken by the article */
        break;
    }
    case L_NUM: {
        if (!p->has_articles && li->number == p->last_article + 1 && heading_like(li->rest, 40) &&
            !p->para) {
            on_article(p, li, i, true);
            return;
        }
        if (p->article) {
            int last = p->para ? p->para->number : 1;
            if (li->number == last + 1) {
                p->para = node_new(p->article, PD_PARAGRAPH, li->number, li->label, line);
                p->item = NULL;
                p->nsub = 0;
                item_content(p, p->para, li, i);
                return;
            }
        }
        break;
    }
    case L_ITEM: {
        PdNode *parent = p->para ? p->para : (p->article ? p->article : current(p));
        if (p->item && p->item->parent == parent && li->number == p->item->number + 1) {
            /* sibling */
        } else if (li->number == 1) {
            if (!p->item || p->item->parent != parent)
                parent = p->para ? p->para : (p->article ? p->article : current(p));
        } else
            break;
        if (!p->para && !p->article && p->item && p->item->parent)
            parent = p->item->parent;
        p->item = node_new(parent, PD_ITEM, li->number, li->label, line);
        p->nsub = 0;
        item_content(p, p->item, li, i);
        return;
    }
    case L_SUB: {
        int lvl = -1;
        for (int k = p->nsub - 1; k >= 0 && lvl < 0; k--)
            if (sub_style(p->sub[k]) == li->style)
                lvl = k;
        PdNode *parent;
        if (lvl >= 0 && (li->number == p->sub[lvl]->number + 1 || li->number == 1)) {
            parent = p->sub[lvl]->parent;
            p->nsub = lvl;
        } else if (lvl < 0 && li->number == 1 && p->nsub < PD_MAX_SUB) {
            parent = current(p);
        } else
            break;
        PdNode *s = node_new(parent, PD_SUBITEM, li->number, li->label, line);
        p->sub[p->nsub++] = s;
        item_content(p, s, li, i);
        return;
    }
    case L_TABLE:
        append_text(current(p), li->rest, true, line);
        return;
    case L_TEXT:
        break;
    }
    /* plain text: a marker-like line that did not fit the structure is text too */
    PdNode *cur = current(p);
    if (li->type == L_TEXT || li->type == L_TITLE || !li->label) {
        if (li->type == L_TITLE) {
            char *t = xasprintf("(%s)", li->rest);
            append_text(cur, t, false, line);
            free(t);
        } else
            append_text(cur, li->rest, li->tab, line);
    } else {
        char *t = xasprintf("%s%s%s", li->label, li->type == L_ARTICLE ? "" : " ", li->rest ? li->rest : "");
        char *sq = pd_normalise(t);
        append_text(cur, sq ? sq : t, li->tab, line);
        free(sq);
        free(t);
    }
}

/* The body starts at the first article (or numbered section 1), after the title lines and headings
 * right before it; what comes earlier (title page, 目次) is the preamble. */
static int find_body(Parser *p)
{
    int first = -1;
    for (int i = 0; i < p->n; i++) {
        const LineInfo *li = &p->li[i];
        if (p->has_articles ? li->type == L_ARTICLE && li->space_after
                            : li->type == L_NUM && li->number == 1 && heading_like(li->rest, 40)) {
            first = i;
            break;
        }
    }
    if (first < 0) {
        for (int i = 0; i < p->n; i++)
            if (p->li[i].type == L_CHAPTER)
                return i;
        return p->n;
    }
    int start = first;
    for (int j = first - 1; j >= 0; j--) {
        LineType t = p->li[j].type;
        if (t == L_BLANK || t == L_PAGE)
            continue;
        if (t == L_TITLE || t == L_CHAPTER || t == L_SECTION)
            start = j;
        else
            break;
    }
    return start;
}

static void count(const PdNode *nd, PdCounts *c, bool in_supp)
{
    switch (nd->kind) {
    case PD_SUPPLEMENT:
        c->supplements++;
        in_supp = true;
        break;
    case PD_CHAPTER:
        c->chapters += !in_supp;
        break;
    case PD_SECTION:
        c->sections += !in_supp;
        break;
    case PD_ARTICLE:
        c->articles += !in_supp;
        break;
    case PD_PARAGRAPH:
        c->paragraphs += !in_supp;
        break;
    case PD_ITEM:
        c->items += !in_supp;
        break;
    case PD_SUBITEM:
        c->subitems += !in_supp;
        break;
    case PD_DOCUMENT:
        break;
    }
    for (size_t i = 0; i < nd->nchildren; i++)
        count(nd->children[i], c, in_supp);
}

static void finish_text(PdNode *nd)
{
    if (!nd->text)
        nd->text = xstrdup("");
    for (size_t i = 0; i < nd->nchildren; i++)
        finish_text(nd->children[i]);
}

Status policydoc_parse(const char *text, size_t len, PolicyDoc **out, Err *e)
{
    *out = NULL;
    if (len > PD_MAX_INPUT)
        return err_set(e, ST_LIMIT, "policy_too_large", "file", "文書が大きすぎます (上限 16 MiB)",
                       "the document is too large (limit 16 MiB)");
    const char *encoding = "UTF-8";
    char *conv = NULL;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    if (!valid_utf8(text, len)) {
        size_t cl = 0;
        conv = from_cp932(text, len, &cl);
        if (!conv)
            return err_set(e, ST_INVALID, "policy_encoding", "file",
                           "文書の文字コードを読み取れません (UTF-8 または Shift_JIS/CP932 で保存してください)",
                           "cannot read the document's encoding (save it as UTF-8 or Shift_JIS/CP932)");
        text = conv;
        len = cl;
        encoding = "CP932";
    }
    /* A copy with control characters (other than tab and newline) made spaces, split into lines. */
    char *copy = xmalloc(len + 1);
    size_t cl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\r')
            continue;
        copy[cl++] = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? ' ' : (char)c;
    }
    copy[cl] = '\0';
    free(conv);
    int nlines = 1;
    for (size_t i = 0; i < cl; i++)
        nlines += copy[i] == '\n';
    if (cl > 0 && copy[cl - 1] == '\n')
        nlines--;
    Parser p = {0};
    p.n = nlines;
    p.li = xcalloc((size_t)nlines + 1, sizeof *p.li);
    char *line = copy;
    for (int i = 0; i < nlines; i++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        classify(line, &p.li[i]);
        if (p.li[i].type == L_ARTICLE)
            p.has_articles = true;
        line = nl ? nl + 1 : line + strlen(line);
    }
    free(copy);

    PolicyDoc *d = xcalloc(1, sizeof *d);
    d->encoding = encoding;
    d->nlines = nlines;
    d->root = node_new(NULL, PD_DOCUMENT, 0, "", 1);
    d->root->last_line = nlines;
    d->title = xstrdup("");
    p.doc = d;
    p.heading_line = -1;
    int body = find_body(&p);
    d->body_line = body < nlines ? body + 1 : 0;
    for (int i = 0; i < body; i++) {
        const LineInfo *li = &p.li[i];
        if (li->type == L_BLANK)
            continue;
        char *t = li->label && li->type != L_TABLE
                      ? xasprintf("%s%s%s", li->label, li->type == L_TITLE ? "" : " ", li->rest ? li->rest : "")
                      : xstrdup(li->type == L_TITLE ? "" : (li->rest ? li->rest : ""));
        if (li->type == L_TITLE) {
            free(t);
            t = xasprintf("(%s)", li->rest);
        }
        if (!*d->title && *t) {
            free(d->title);
            d->title = xstrdup(t);
        }
        append_text(d->root, t, true, i + 1);
        free(t);
    }
    for (int i = body; i < nlines; i++)
        on_line(&p, i);
    d->root->last_line = nlines;
    finish_text(d->root);
    count(d->root, &d->counts, false);
    for (int i = 0; i < nlines; i++)
        line_free(&p.li[i]);
    free(p.li);
    *out = d;
    return ST_OK;
}

void policydoc_free(PolicyDoc *d)
{
    if (!d)
        return;
    node_free(d->root);
    free(d->title);
    free(d);
}

const char *pd_kind_name(PdKind k)
{
    static const char *names[] = {"document", "chapter",   "section", "article",
                                  "paragraph", "item", "subitem", "supplement"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *pd_kind_ja(PdKind k)
{
    static const char *names[] = {"文書", "章", "節", "条", "項", "号", "細目", "附則"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}
