/* docx.c: owns policydoc_docx_text — the text of a Word document as the policy reader wants it: one
 * line per paragraph (w:tab → tab, w:br → newline), each table row as one line of tab-separated
 * cells, and the list numbers Word would show (numbering.xml: 第%1条, (%1), ア, ① …) put in front of
 * numbered paragraphs (directly or through their paragraph style). Deleted text (w:delText) and
 * field codes (w:instrText) are not text. The archive is untrusted: sizes are checked before and
 * while inflating, and XML is parsed without network access; a part with a DTD is refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "policydoc/policydoc.h"

#define MAX_XML_BYTES (32u * 1024u * 1024u) /* a policy's document.xml is a few MiB */
#define MAX_LEVELS 9
#define MAX_NUMS 512
#define MAX_DEPTH 64 /* tables in tables in … */

typedef struct Level {
    char fmt[32];   /* decimal, aiueoFullWidth, … */
    char text[64];  /* lvlText: 「第%1条」「(%1)」 */
    int start;
} Level;

typedef struct Num {
    int num_id;
    Level lv[MAX_LEVELS];
    int count[MAX_LEVELS];
} Num;

typedef struct Style { /* a paragraph style that numbers its paragraphs (見出し「第1条」 styles) */
    char id[64], based_on[64];
    int num_id, ilvl; /* -1 when the style itself has no w:numPr */
} Style;

typedef struct Numbering {
    Num *nums;
    size_t n;
    Style *styles;
    size_t nstyles;
} Numbering;

static bool is_w(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* w:val (or any attribute named val) of n, or NULL; caller xmlFree()s. */
static char *attr_val(const xmlNode *n)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, "val") == 0)
            return (char *)xmlNodeGetContent((xmlNode *)a);
    return NULL;
}

static xmlNode *child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local))
            return c;
    return NULL;
}

static int int_val(const xmlNode *n, int dflt)
{
    char *v = attr_val(n);
    if (!v)
        return dflt;
    long x = strtol(v, NULL, 10);
    xmlFree(v);
    return x < -1000000 || x > 1000000 ? dflt : (int)x;
}

static int int_attr(const xmlNode *n, const char *name, int dflt)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) {
            char *v = (char *)xmlNodeGetContent((xmlNode *)a);
            long x = v ? strtol(v, NULL, 10) : dflt;
            xmlFree(v);
            return x < -1000000 || x > 1000000 ? dflt : (int)x;
        }
    return dflt;
}

static Status read_entry(zip_t *z, const char *name, Buf *out, bool required, Err *e)
{
    zip_stat_t st;
    zip_int64_t idx = zip_name_locate(z, name, 0);
    if (idx < 0) {
        if (!required)
            return ST_OK;
        return err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書に %s がありません",
                        "the Word document has no %s", name);
    }
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書の %s を読めません", "cannot read %s", name);
    if (st.size > MAX_XML_BYTES)
        return err_setf(e, ST_LIMIT, "policy_docx_too_large", "file", "Word 文書の %s が大きすぎます",
                        "%s of the Word document is too large", name);
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    if (!f)
        return err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書の %s を開けません", "cannot open %s", name);
    char chunk[65536];
    zip_int64_t n;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
        /* the declared size is not trusted: stop at the limit whatever it said */
        if (out->len + (size_t)n > MAX_XML_BYTES) {
            zip_fclose(f);
            return err_setf(e, ST_LIMIT, "policy_docx_too_large", "file", "Word 文書の %s が大きすぎます",
                            "%s of the Word document is too large", name);
        }
        buf_append(out, chunk, (size_t)n);
    }
    zip_fclose(f);
    if (n < 0)
        return err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書の %s が壊れています", "%s is corrupt", name);
    return ST_OK;
}

/* Word never writes a DTD: a part with one is refused, so no entity can be declared (and expanded by
 * xmlNodeGetContent) at all. */
static xmlDoc *parse_xml(const Buf *b)
{
    if (b->len == 0 || b->len > INT32_MAX)
        return NULL;
    xmlDoc *doc = xmlReadMemory(b->data, (int)b->len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    if (doc && (doc->intSubset || doc->extSubset)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---------------------------------------------------------------------------------------------- */
/* Numbering */

static void read_level(const xmlNode *lvl, Level *out)
{
    memset(out, 0, sizeof *out);
    out->start = 1;
    char *v;
    if ((v = attr_val(child(lvl, "numFmt")))) {
        snprintf(out->fmt, sizeof out->fmt, "%s", v);
        xmlFree(v);
    }
    if ((v = attr_val(child(lvl, "lvlText")))) {
        snprintf(out->text, sizeof out->text, "%s", v);
        xmlFree(v);
    }
    out->start = int_val(child(lvl, "start"), 1);
}

static void read_numbering(xmlDoc *doc, Numbering *nb)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_w(root, "numbering"))
        return;
    /* each w:num instance refers to an abstract definition holding the levels */
    for (xmlNode *c = root->children; c && nb->n < MAX_NUMS; c = c->next) {
        if (!is_w(c, "num"))
            continue;
        int abs_id = int_val(child(c, "abstractNumId"), -1);
        xmlNode *abs = NULL;
        for (xmlNode *a = root->children; a && !abs; a = a->next)
            if (is_w(a, "abstractNum") && int_attr(a, "abstractNumId", -2) == abs_id)
                abs = a;
        if (!abs)
            continue;
        nb->nums = xrealloc(nb->nums, (nb->n + 1) * sizeof *nb->nums);
        Num *num = &nb->nums[nb->n++];
        memset(num, 0, sizeof *num);
        num->num_id = int_attr(c, "numId", -1);
        for (xmlNode *l = abs->children; l; l = l->next) {
            int il = is_w(l, "lvl") ? int_attr(l, "ilvl", -1) : -1;
            if (il >= 0 && il < MAX_LEVELS)
                read_level(l, &num->lv[il]);
        }
    }
}

static const char *const katakana[] = {"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ",
                                       "ス", "セ", "ソ", "タ", "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ",
                                       "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ", "ム", "メ", "モ", "ヤ",
                                       "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン"};
static const char *const iroha[] = {"イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ",
                                    "ワ", "カ", "ヨ", "タ", "レ", "ソ", "ツ", "ネ", "ナ", "ラ", "ム", "ウ",
                                    "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ", "コ", "エ", "テ", "ア",
                                    "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス"};
static const char *const kanji_digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static void put_kanji(Buf *b, int v)
{
    if (v <= 0 || v >= 100) {
        buf_printf(b, "%d", v);
        return;
    }
    if (v >= 20)
        buf_puts(b, kanji_digits[v / 10]);
    if (v >= 10)
        buf_puts(b, "十");
    if (v % 10)
        buf_puts(b, kanji_digits[v % 10]);
}

static void put_number(Buf *b, const char *fmt, int v)
{
    int nk = (int)(sizeof katakana / sizeof *katakana), ni = (int)(sizeof iroha / sizeof *iroha);
    if ((strncmp(fmt, "aiueo", 5) == 0) && v >= 1 && v <= nk)
        buf_puts(b, katakana[v - 1]);
    else if (strncmp(fmt, "iroha", 5) == 0 && v >= 1 && v <= ni)
        buf_puts(b, iroha[v - 1]);
    else if (strcmp(fmt, "decimalEnclosedCircle") == 0 && v >= 1 && v <= 20)
        buf_printf(b, "%c%c%c", 0xE2, 0x91, 0x9F + v); /* ① is U+2460 = E2 91 A0 */
    else if (strncmp(fmt, "japanese", 8) == 0 || strncmp(fmt, "ideograph", 9) == 0 ||
             strcmp(fmt, "chineseCounting") == 0)
        put_kanji(b, v);
    else if (strcmp(fmt, "bullet") == 0 || strcmp(fmt, "none") == 0)
        ;
    else
        buf_printf(b, "%d", v);
}

#define MAX_STYLES 2000

static void copy_attr(const xmlNode *n, const char *name, char *out, size_t cap)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) {
            char *v = (char *)xmlNodeGetContent((xmlNode *)a);
            snprintf(out, cap, "%s", v ? v : "");
            xmlFree(v);
            return;
        }
}

static void read_styles(xmlDoc *doc, Numbering *nb)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_w(root, "styles"))
        return;
    for (xmlNode *c = root->children; c && nb->nstyles < MAX_STYLES; c = c->next) {
        if (!is_w(c, "style"))
            continue;
        Style st = {.num_id = -1, .ilvl = 0};
        copy_attr(c, "styleId", st.id, sizeof st.id);
        char *based = attr_val(child(c, "basedOn"));
        if (based)
            snprintf(st.based_on, sizeof st.based_on, "%s", based);
        xmlFree(based);
        xmlNode *numpr = child(child(c, "pPr"), "numPr");
        if (numpr) {
            st.num_id = int_val(child(numpr, "numId"), -1);
            st.ilvl = int_val(child(numpr, "ilvl"), 0);
        }
        if (!st.id[0])
            continue;
        nb->styles = xrealloc(nb->styles, (nb->nstyles + 1) * sizeof *nb->styles);
        nb->styles[nb->nstyles++] = st;
    }
}

/* The numbering a paragraph gets from its style (following w:basedOn); false when none. */
static bool style_numbering(const Numbering *nb, const char *style_id, int *num_id, int *ilvl)
{
    for (int depth = 0; depth < 16 && style_id && *style_id; depth++) {
        const Style *st = NULL;
        for (size_t i = 0; i < nb->nstyles && !st; i++)
            if (strcmp(nb->styles[i].id, style_id) == 0)
                st = &nb->styles[i];
        if (!st)
            return false;
        if (st->num_id >= 0) {
            *num_id = st->num_id;
            *ilvl = st->ilvl;
            return true;
        }
        style_id = st->based_on;
    }
    return false;
}

/* The list label of a numbered paragraph (its w:numPr, else its style's), counting as Word does;
 * nothing when it is not numbered. */
static void number_label(Numbering *nb, const xmlNode *ppr, Buf *out)
{
    xmlNode *numpr = child(ppr, "numPr");
    int num_id = -1, il = 0;
    if (numpr) {
        num_id = int_val(child(numpr, "numId"), -1);
        il = int_val(child(numpr, "ilvl"), 0);
    } else {
        char *style = attr_val(child(ppr, "pStyle"));
        bool found = style && style_numbering(nb, style, &num_id, &il);
        xmlFree(style);
        if (!found)
            return;
    }
    if (num_id <= 0 || il < 0 || il >= MAX_LEVELS)
        return;
    Num *num = NULL;
    for (size_t i = 0; i < nb->n && !num; i++)
        if (nb->nums[i].num_id == num_id)
            num = &nb->nums[i];
    if (!num)
        return;
    Level *lv = &num->lv[il];
    num->count[il] = num->count[il] ? num->count[il] + 1 : lv->start;
    for (int k = il + 1; k < MAX_LEVELS; k++)
        num->count[k] = 0;
    if (strcmp(lv->fmt, "bullet") == 0 || strcmp(lv->fmt, "none") == 0)
        return;
    size_t before = out->len;
    for (const char *p = lv->text; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            int v = num->count[k] ? num->count[k] : num->lv[k].start;
            put_number(out, num->lv[k].fmt, v);
            p++;
        } else {
            buf_putc(out, *p);
        }
    }
    if (out->len > before)
        buf_putc(out, ' ');
}

/* ---------------------------------------------------------------------------------------------- */
/* Body */

static void run_text(const xmlNode *n, Buf *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "t")) {
            char *s = (char *)xmlNodeGetContent((xmlNode *)c);
            if (s)
                buf_puts(out, s);
            xmlFree(s);
        } else if (is_w(c, "tab")) {
            buf_putc(out, '\t');
        } else if (is_w(c, "br") || is_w(c, "cr")) {
            buf_putc(out, '\n');
        } else if (is_w(c, "del") || is_w(c, "instrText") || is_w(c, "delText") || is_w(c, "pPr") ||
                   is_w(c, "rPr")) {
            continue;
        } else {
            run_text(c, out);
        }
    }
}

static void cell_text(Numbering *nb, const xmlNode *n, Buf *out, int depth);

static void table(Numbering *nb, const xmlNode *tbl, Buf *out, int depth)
{
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        bool first = true;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!is_w(tc, "tc"))
                continue;
            if (!first)
                buf_putc(out, '\t');
            first = false;
            cell_text(nb, tc, out, depth + 1);
        }
        buf_putc(out, '\n');
    }
}

/* A cell's paragraphs on one line (joined by spaces; tabs and breaks inside become spaces). */
static void cell_text(Numbering *nb, const xmlNode *n, Buf *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            Buf p = BUF_INIT;
            number_label(nb, child(c, "pPr"), &p);
            run_text(c, &p);
            if (p.len) {
                if (out->len && out->data[out->len - 1] != '\t' && out->data[out->len - 1] != '\n')
                    buf_putc(out, ' ');
                for (size_t i = 0; i < p.len; i++)
                    buf_putc(out, p.data[i] == '\t' || p.data[i] == '\n' ? ' ' : p.data[i]);
            }
            buf_free(&p);
        } else if (is_w(c, "tbl")) {
            Buf t = BUF_INIT;
            table(nb, c, &t, depth + 1);
            for (size_t i = 0; i < t.len; i++)
                buf_putc(out, t.data[i] == '\t' || t.data[i] == '\n' ? ' ' : t.data[i]);
            buf_free(&t);
        } else if (c->type == XML_ELEMENT_NODE && !is_w(c, "tcPr")) {
            cell_text(nb, c, out, depth + 1);
        }
    }
}

static void body(Numbering *nb, const xmlNode *n, Buf *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            number_label(nb, child(c, "pPr"), out);
            run_text(c, out);
            buf_putc(out, '\n');
        } else if (is_w(c, "tbl")) {
            table(nb, c, out, depth + 1);
        } else if (c->type == XML_ELEMENT_NODE && !is_w(c, "sectPr")) {
            body(nb, c, out, depth + 1); /* w:sdt, w:customXml … */
        }
    }
}

Status policydoc_docx_text(const void *bytes, size_t len, char **out, Err *e)
{
    *out = NULL;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!z) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&zerr);
        return err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書 (.docx) として読めません",
                        "not a readable Word document (.docx)");
    }
    zip_error_fini(&zerr);
    Buf docxml = BUF_INIT, numxml = BUF_INIT, stylexml = BUF_INIT;
    Status st = read_entry(z, "word/document.xml", &docxml, true, e);
    if (st == ST_OK)
        st = read_entry(z, "word/numbering.xml", &numxml, false, e);
    if (st == ST_OK)
        st = read_entry(z, "word/styles.xml", &stylexml, false, e);
    zip_discard(z);
    Numbering nb = {0};
    if (st == ST_OK && numxml.len) {
        xmlDoc *nd = parse_xml(&numxml);
        if (nd) {
            read_numbering(nd, &nb);
            xmlFreeDoc(nd);
        }
    }
    buf_free(&numxml);
    if (st == ST_OK && stylexml.len) {
        xmlDoc *sd = parse_xml(&stylexml);
        if (sd) {
            read_styles(sd, &nb);
            xmlFreeDoc(sd);
        }
    }
    buf_free(&stylexml);
    if (st == ST_OK) {
        xmlDoc *doc = parse_xml(&docxml);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        xmlNode *bd = is_w(root, "document") ? child(root, "body") : NULL;
        if (!bd) {
            st = err_setf(e, ST_INVALID, "policy_docx", "file", "Word 文書の本文 (word/document.xml) を読めません",
                          "cannot read the body of the Word document (word/document.xml)");
        } else {
            Buf text = BUF_INIT;
            body(&nb, bd, &text, 0);
            *out = buf_take(&text);
        }
        if (doc)
            xmlFreeDoc(doc);
    }
    buf_free(&docxml);
    free(nb.nums);
    free(nb.styles);
    return st;
}
