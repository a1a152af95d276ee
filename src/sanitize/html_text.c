/* HTML to readable plain text (gumbo): block elements become line breaks and blank lines, lists get
 * bullets or numbers, table cells are separated by " | ", scripts, styles and embedded objects are
 * dropped, images become their alt text and link addresses are shown unclickable after the link
 * text (or left out, per LinkStyle). URLs inside the text itself are defanged by the caller. */
#include <ctype.h>
#include <gumbo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sanitize/mail_internal.h"

#define MAX_DEPTH 300 /* deeper elements are ignored (gumbo itself keeps the tree) */

typedef struct Walk {
    Buf *out;
    LinkStyle style;
    HtmlStats *st;
    int pending_nl;     /* newlines owed before the next text */
    bool pending_space; /* whitespace seen since the last text */
    int pre;            /* inside <pre> */
    int list_depth;
    bool at_line_start;
} Walk;

static void flush(Walk *w)
{
    if (w->out->len == 0) {
        w->pending_nl = 0;
        w->pending_space = false;
    }
    if (w->pending_nl) {
        for (int i = 0; i < w->pending_nl; i++)
            buf_putc(w->out, '\n');
        w->pending_nl = 0;
        w->pending_space = false;
        w->at_line_start = true;
    } else if (w->pending_space && !w->at_line_start) {
        buf_putc(w->out, ' ');
    }
    w->pending_space = false;
}

static void put_text(Walk *w, const char *s, size_t n)
{
    if (w->pre) {
        flush(w);
        for (size_t i = 0; i < n; i++)
            if (s[i] != '\r')
                buf_putc(w->out, s[i]);
        w->at_line_start = n && s[n - 1] == '\n';
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            w->pending_space = true;
            continue;
        }
        /* U+00A0 (no-break space) counts as space too. */
        if ((unsigned char)c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            w->pending_space = true;
            i++;
            continue;
        }
        flush(w);
        buf_putc(w->out, c);
        w->at_line_start = false;
    }
}

static void put_literal(Walk *w, const char *s)
{
    flush(w);
    buf_puts(w->out, s);
    w->at_line_start = false;
}

static void need_lines(Walk *w, int n)
{
    if (w->pending_nl < n)
        w->pending_nl = n;
}

static const char *attr(const GumboElement *el, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
    return a ? a->value : NULL;
}

static void walk(Walk *w, const GumboNode *node, int depth);

static void walk_children(Walk *w, const GumboNode *node, int depth)
{
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        walk(w, kids->data[i], depth + 1);
}

static bool web_link(const char *href)
{
    return strncasecmp(href, "http://", 7) == 0 || strncasecmp(href, "https://", 8) == 0 ||
           strncasecmp(href, "ftp://", 6) == 0 || strncasecmp(href, "mailto:", 7) == 0;
}

static void trim_span(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\n'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\n'))
        (*n)--;
}

static void walk_link(Walk *w, const GumboNode *node, int depth)
{
    const char *href = attr(&node->v.element, "href");
    size_t before = w->out->len;
    walk_children(w, node, depth);
    if (!href)
        return;
    w->st->links++;
    while (*href == ' ' || *href == '\t' || *href == '\n')
        href++;
    if (w->style == LINKS_REMOVE || !web_link(href))
        return;
    /* The link text itself when it already is the address. */
    const char *text = w->out->data ? w->out->data + before : "";
    size_t tn = w->out->len - before;
    trim_span(&text, &tn);
    const char *bare = strncasecmp(href, "mailto:", 7) == 0 ? href + 7 : href;
    size_t hn = strlen(bare);
    while (hn && bare[hn - 1] == '/')
        hn--;
    while (tn && text[tn - 1] == '/')
        tn--;
    if (tn == hn && strncasecmp(text, bare, hn) == 0)
        return;
    put_literal(w, before == w->out->len ? "[" : " [");
    link_defang(href, strlen(href), w->out);
    buf_putc(w->out, ']');
}

static void walk_element(Walk *w, const GumboNode *node, int depth)
{
    const GumboElement *el = &node->v.element;
    switch (el->tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_STYLE:
        w->st->scripts++;
        return;
    case GUMBO_TAG_HEAD: {
        /* Nothing in <head> is shown; its scripts and styles are still recorded as dropped. */
        const GumboVector *kids = &el->children;
        for (unsigned i = 0; i < kids->length; i++) {
            const GumboNode *k = kids->data[i];
            if (k->type == GUMBO_NODE_ELEMENT && (k->v.element.tag == GUMBO_TAG_SCRIPT || k->v.element.tag == GUMBO_TAG_STYLE))
                w->st->scripts++;
        }
        return;
    }
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_TITLE:
        return;
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEXTAREA:
        w->st->forms++;
        return;
    case GUMBO_TAG_BR:
        w->pending_space = false;
        if (w->pending_nl)
            w->pending_nl++;
        else {
            buf_putc(w->out, '\n');
            w->at_line_start = true;
        }
        return;
    case GUMBO_TAG_HR:
        need_lines(w, 1);
        put_literal(w, "----------------------------------------");
        need_lines(w, 1);
        return;
    case GUMBO_TAG_IMG: {
        w->st->images++;
        const char *alt = attr(el, "alt");
        if (alt && *alt) {
            put_literal(w, "[画像: ");
            put_text(w, alt, strlen(alt));
            put_literal(w, "]");
        }
        return;
    }
    case GUMBO_TAG_A:
        walk_link(w, node, depth);
        return;
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: {
        need_lines(w, w->list_depth ? 1 : 2);
        w->list_depth++;
        unsigned number = 0;
        const GumboVector *kids = &el->children;
        for (unsigned i = 0; i < kids->length; i++) {
            const GumboNode *k = kids->data[i];
            if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_LI) {
                need_lines(w, 1);
                flush(w);
                for (int d = 1; d < w->list_depth; d++)
                    buf_puts(w->out, "  ");
                if (el->tag == GUMBO_TAG_OL)
                    buf_printf(w->out, "%u. ", ++number);
                else
                    buf_puts(w->out, "・");
                w->at_line_start = true;
                walk_children(w, k, depth + 1);
            } else {
                walk(w, k, depth + 1);
            }
        }
        w->list_depth--;
        need_lines(w, w->list_depth ? 1 : 2);
        return;
    }
    case GUMBO_TAG_TR: {
        need_lines(w, 1);
        unsigned cell = 0;
        const GumboVector *kids = &el->children;
        for (unsigned i = 0; i < kids->length; i++) {
            const GumboNode *k = kids->data[i];
            if (k->type == GUMBO_NODE_ELEMENT && (k->v.element.tag == GUMBO_TAG_TD || k->v.element.tag == GUMBO_TAG_TH)) {
                if (cell++)
                    put_literal(w, " | ");
                walk_children(w, k, depth + 1);
                w->pending_nl = 0; /* a cell's own paragraphs stay on the row */
            } else {
                walk(w, k, depth + 1);
            }
        }
        need_lines(w, 1);
        return;
    }
    case GUMBO_TAG_PRE:
        need_lines(w, 2);
        w->pre++;
        walk_children(w, node, depth);
        w->pre--;
        need_lines(w, 2);
        return;
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIELDSET:
        need_lines(w, 2);
        walk_children(w, node, depth);
        need_lines(w, 2);
        return;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FORM:
        need_lines(w, 1);
        walk_children(w, node, depth);
        need_lines(w, 1);
        return;
    default:
        walk_children(w, node, depth);
        return;
    }
}

static void walk(Walk *w, const GumboNode *node, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
        if (node->type == GUMBO_NODE_ELEMENT)
            walk_element(w, node, depth);
        else if (node->type == GUMBO_NODE_DOCUMENT)
            walk_children(w, node, depth);
        return;
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
        put_text(w, node->v.text.text, strlen(node->v.text.text));
        return;
    default:
        return;
    }
}

/* Trailing spaces off every line, at most one blank line in a row, no blank lines at either end. */
static void tidy(const char *s, size_t n, Buf *out)
{
    size_t i = 0, blank = 0;
    bool any = false;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        size_t e = j;
        while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        if (e == i) {
            blank++;
        } else {
            if (any)
                buf_puts(out, blank ? "\n\n" : "\n");
            buf_append(out, s + i, e - i);
            any = true;
            blank = 0;
        }
        i = j + 1;
    }
    if (any)
        buf_putc(out, '\n');
}

void html_to_text(const char *utf8, size_t n, LinkStyle style, Buf *out, HtmlStats *st)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 50;
    GumboOutput *doc = gumbo_parse_with_options(&opts, utf8, n);
    Buf raw = BUF_INIT;
    Walk w = {.out = &raw, .style = style, .st = st, .at_line_start = true};
    if (doc)
        walk(&w, doc->document, 0);
    tidy(raw.data ? raw.data : "", raw.len, out);
    buf_free(&raw);
    if (doc)
        gumbo_destroy_output(&opts, doc);
}

bool html_meta_charset(const uint8_t *p, size_t n, char *name, size_t cap)
{
    if (n > 8192)
        n = 8192;
    for (size_t i = 0; i + 5 < n; i++) {
        if (p[i] != '<' || strncasecmp((const char *)p + i + 1, "meta", 4) != 0)
            continue;
        size_t end = i + 5;
        while (end < n && p[end] != '>')
            end++;
        for (size_t k = i + 5; k + 7 < end; k++) {
            if (strncasecmp((const char *)p + k, "charset", 7) != 0)
                continue;
            size_t j = k + 7;
            while (j < end && (p[j] == ' ' || p[j] == '\t'))
                j++;
            if (j >= end || p[j] != '=')
                continue;
            j++;
            while (j < end && (p[j] == ' ' || p[j] == '"' || p[j] == '\''))
                j++;
            size_t len = 0;
            while (j < end && len + 1 < cap &&
                   (isalnum(p[j]) || p[j] == '-' || p[j] == '_' || p[j] == ':' || p[j] == '.'))
                name[len++] = (char)p[j++];
            name[len] = '\0';
            if (len)
                return true;
        }
    }
    return false;
}
