/* diff.c: owns the article-aware comparison of two policy documents (see diff.h): collecting the
 * articles with their texts, pairing them, the line diff and the JSON. */
#include "policydoc/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jsonw.h"
#include "core/xmalloc.h"

/* Pairs by similarity alone need this much to count as the same article moved. */
#define SIM_MOVED 0.75
/* With the same number (or the same title), less is enough. */
#define SIM_SAME_PLACE 0.4
/* Above this many line pairs the line diff shows the whole old text removed and the new added. */
#define LCS_MAX_CELLS 4000000u

typedef struct Art {
    const PdNode *node;
    const PdNode *chapter;
    char *key;      /* identity by number: 「第5条」, or 「第2章/3」 for a numbered section */
    char *body;     /* the article's text and everything below it, one node per line */
    uint64_t *grams; /* sorted codepoint bigrams of title + body */
    size_t ngrams;
    int match;      /* index into the other side, -1 when none */
} Art;

typedef struct Side {
    Art *a;
    size_t n, cap;
} Side;

static const PdNode *chapter_of(const PdNode *nd)
{
    for (const PdNode *p = nd->parent; p; p = p->parent)
        if (p->kind == PD_CHAPTER)
            return p;
    return NULL;
}

static void body_of(const PdNode *nd, Buf *b, bool top)
{
    if (*nd->text || !top) {
        if (b->len)
            buf_putc(b, '\n');
        if (!top && *nd->label) {
            buf_puts(b, nd->label);
            buf_putc(b, ' ');
        }
        buf_puts(b, nd->text);
    }
    for (size_t i = 0; i < nd->nchildren; i++)
        body_of(nd->children[i], b, false);
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Decodes one UTF-8 sequence (the text is valid: policydoc normalised it). */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = *s++;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more)
        c &= 0x3Fu >> more;
    while (more-- && (*s & 0xC0) == 0x80)
        c = (c << 6) | (*s++ & 0x3F);
    *p = s;
    return c;
}

static uint64_t *bigrams(const char *s, size_t *n)
{
    size_t cap = strlen(s) + 1, k = 0;
    uint64_t *g = xmalloc(cap * sizeof *g);
    const unsigned char *p = (const unsigned char *)s;
    uint32_t prev = 0;
    bool have = false;
    while (*p) {
        uint32_t c = next_cp(&p);
        if (c == ' ' || c == '\n' || c == '\t')
            continue;
        if (have)
            g[k++] = ((uint64_t)prev << 32) | c;
        prev = c;
        have = true;
    }
    qsort(g, k, sizeof *g, cmp_u64);
    *n = k;
    return g;
}

/* Dice coefficient over the two bigram multisets. */
static double dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (!na && !nb)
        return 1.0;
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(na + nb);
}

double pd_similarity(const char *a, const char *b)
{
    size_t na, nb;
    uint64_t *ga = bigrams(a, &na), *gb = bigrams(b, &nb);
    double d = dice(ga, na, gb, nb);
    free(ga);
    free(gb);
    return d;
}

static void collect(const PdNode *nd, Side *s, int *supplements)
{
    if (nd->kind == PD_ARTICLE || nd->kind == PD_SUPPLEMENT) {
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 64;
            s->a = xrealloc(s->a, s->cap * sizeof *s->a);
        }
        Art *a = &s->a[s->n++];
        memset(a, 0, sizeof *a);
        a->node = nd;
        a->chapter = chapter_of(nd);
        a->match = -1;
        if (nd->kind == PD_SUPPLEMENT)
            a->key = xasprintf("附則#%d", ++*supplements);
        else if (strncmp(nd->label, "第", strlen("第")) == 0 || !a->chapter)
            a->key = xstrdup(nd->label);
        else
            a->key = xasprintf("%s/%s", a->chapter->label, nd->label);
        Buf b = {0};
        body_of(nd, &b, true);
        a->body = b.data ? buf_take(&b) : xstrdup("");
        char *all = xasprintf("%s\n%s", nd->title, a->body);
        a->grams = bigrams(all, &a->ngrams);
        free(all);
        return; /* articles do not nest */
    }
    for (size_t i = 0; i < nd->nchildren; i++)
        collect(nd->children[i], s, supplements);
}

static void side_free(Side *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->a[i].key);
        free(s->a[i].body);
        free(s->a[i].grams);
    }
    free(s->a);
}

static bool identical(const Art *x, const Art *y)
{
    return strcmp(x->node->title, y->node->title) == 0 && strcmp(x->body, y->body) == 0;
}

typedef struct Cand {
    double score, sim;
    size_t i, j;
} Cand;

static int cmp_cand(const void *x, const void *y)
{
    const Cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->j != b->j)
        return a->j < b->j ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static char **split_lines(const char *s, size_t *n)
{
    size_t cap = 8, k = 0;
    char **v = xmalloc(cap * sizeof *v);
    for (const char *p = s;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (k == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[k++] = xstrndup(p, len);
        if (!nl)
            break;
        p = nl + 1;
    }
    *n = k;
    return v;
}

static void add_line(PdDiffEntry *en, size_t *cap, char op, const char *text)
{
    if (en->nlines == *cap)
        en->lines = xrealloc(en->lines, (*cap = *cap ? 2 * *cap : 16) * sizeof *en->lines);
    en->lines[en->nlines++] = (PdDiffLine){.op = op, .text = xstrdup(text)};
}

/* Longest common subsequence of lines, then a walk emitting kept, removed and added lines. */
static void line_diff(PdDiffEntry *en, const char *old_text, const char *new_text)
{
    size_t n, m, cap = 0;
    char **a = split_lines(old_text, &n), **b = split_lines(new_text, &m);
    if ((n + 1) * (m + 1) > LCS_MAX_CELLS) {
        for (size_t i = 0; i < n; i++)
            add_line(en, &cap, '-', a[i]);
        for (size_t j = 0; j < m; j++)
            add_line(en, &cap, '+', b[j]);
    } else {
        /* L[i][j]: LCS length of a[i..] and b[j..] */
        uint32_t *L = xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                AT(i, j) = strcmp(a[i], b[j]) == 0 ? AT(i + 1, j + 1) + 1
                           : AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
        size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && strcmp(a[i], b[j]) == 0) {
                add_line(en, &cap, ' ', a[i]);
                i++;
                j++;
            } else if (j < m && (i == n || AT(i, j + 1) >= AT(i + 1, j))) {
                add_line(en, &cap, '+', b[j++]);
            } else {
                add_line(en, &cap, '-', a[i++]);
            }
        }
#undef AT
        free(L);
    }
    for (size_t i = 0; i < n; i++)
        free(a[i]);
    for (size_t j = 0; j < m; j++)
        free(b[j]);
    free(a);
    free(b);
}

typedef struct Placed {
    double pos;
    size_t tie;
    PdDiffEntry entry;
} Placed;

static int cmp_placed(const void *x, const void *y)
{
    const Placed *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return a->tie < b->tie ? -1 : a->tie > b->tie;
}

static void pair_by_content(Side *o, Side *nw)
{
    /* 1. identical articles, preferring the same number */
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < nw->n; j++)
            for (size_t i = 0; i < o->n && nw->a[j].match < 0; i++)
                if (o->a[i].match < 0 && (pass || strcmp(o->a[i].key, nw->a[j].key) == 0) &&
                    identical(&o->a[i], &nw->a[j])) {
                    o->a[i].match = (int)j;
                    nw->a[j].match = (int)i;
                }
    /* 2. similar ones, best first */
    size_t nc = 0, cap = 0;
    Cand *c = NULL;
    for (size_t i = 0; i < o->n; i++) {
        if (o->a[i].match >= 0)
            continue;
        for (size_t j = 0; j < nw->n; j++) {
            if (nw->a[j].match >= 0)
                continue;
            const Art *x = &o->a[i], *y = &nw->a[j];
            bool same_key = strcmp(x->key, y->key) == 0;
            bool same_title = *x->node->title && strcmp(x->node->title, y->node->title) == 0;
            double sim = dice(x->grams, x->ngrams, y->grams, y->ngrams);
            bool ok = sim >= SIM_MOVED || ((same_key || same_title) && sim >= SIM_SAME_PLACE) ||
                      (same_key && same_title);
            if (!ok)
                continue;
            if (nc == cap)
                c = xrealloc(c, (cap = cap ? 2 * cap : 64) * sizeof *c);
            /* the title names what an article is about: it outweighs the number */
            c[nc++] = (Cand){.score = sim + (same_key ? 0.1 : 0) + (same_title ? 0.2 : 0), .sim = sim, .i = i, .j = j};
        }
    }
    if (nc)
        qsort(c, nc, sizeof *c, cmp_cand);
    for (size_t k = 0; k < nc; k++)
        if (o->a[c[k].i].match < 0 && nw->a[c[k].j].match < 0) {
            o->a[c[k].i].match = (int)c[k].j;
            nw->a[c[k].j].match = (int)c[k].i;
        }
    free(c);
}

Status pd_diff(const PolicyDoc *old_doc, const PolicyDoc *new_doc, PdDiff **out, Err *e)
{
    (void)e;
    Side o = {0}, nw = {0};
    int sup = 0;
    collect(old_doc->root, &o, &sup);
    sup = 0;
    collect(new_doc->root, &nw, &sup);
    pair_by_content(&o, &nw);

    PdDiff *d = xcalloc(1, sizeof *d);
    Placed *pl = xcalloc(o.n + nw.n + 1, sizeof *pl);
    size_t np = 0;
    for (size_t j = 0; j < nw.n; j++) {
        Art *y = &nw.a[j];
        PdDiffEntry en = {.new_node = y->node};
        if (y->match < 0) {
            en.kind = PDD_ADDED;
            d->added++;
        } else {
            Art *x = &o.a[y->match];
            en.old_node = x->node;
            bool same = identical(x, y);
            bool same_key = strcmp(x->key, y->key) == 0;
            if (same && same_key) {
                d->unchanged++;
                continue;
            }
            en.kind = same_key ? PDD_CHANGED : PDD_MOVED;
            en.similarity = same ? 1.0 : dice(x->grams, x->ngrams, y->grams, y->ngrams);
            en.text_changed = !same;
            if (!same) {
                char *ot = xasprintf("%s%s%s", *x->node->title ? "(" : "", x->node->title, *x->node->title ? ")" : "");
                char *nt = xasprintf("%s%s%s", *y->node->title ? "(" : "", y->node->title, *y->node->title ? ")" : "");
                char *oa = xasprintf("%s\n%s", ot, x->body), *na = xasprintf("%s\n%s", nt, y->body);
                line_diff(&en, *ot || *nt ? oa : x->body, *ot || *nt ? na : y->body);
                free(ot);
                free(nt);
                free(oa);
                free(na);
            }
            if (en.kind == PDD_CHANGED)
                d->changed++;
            else
                d->moved++;
        }
        pl[np++] = (Placed){.pos = (double)j, .tie = 0, .entry = en};
    }
    /* A removed article stands after the new position of the last kept article before it. */
    double last = -0.5;
    for (size_t i = 0; i < o.n; i++) {
        if (o.a[i].match >= 0) {
            last = (double)o.a[i].match;
            continue;
        }
        d->removed++;
        pl[np++] = (Placed){.pos = last + 0.5, .tie = i + 1, .entry = {.kind = PDD_REMOVED, .old_node = o.a[i].node}};
    }
    qsort(pl, np, sizeof *pl, cmp_placed);
    d->entries = xcalloc(np + 1, sizeof *d->entries);
    for (size_t k = 0; k < np; k++)
        d->entries[k] = pl[k].entry;
    d->n = np;
    free(pl);
    side_free(&o);
    side_free(&nw);
    *out = d;
    return ST_OK;
}

void pd_diff_free(PdDiff *d)
{
    if (!d)
        return;
    for (size_t k = 0; k < d->n; k++) {
        for (size_t l = 0; l < d->entries[k].nlines; l++)
            free(d->entries[k].lines[l].text);
        free(d->entries[k].lines);
    }
    free(d->entries);
    free(d);
}

const char *pd_diff_kind_name(PdDiffKind k)
{
    switch (k) {
    case PDD_MOVED: return "moved";
    case PDD_CHANGED: return "changed";
    case PDD_ADDED: return "added";
    case PDD_REMOVED: return "removed";
    }
    return "";
}

static void ref_json(JsonWriter *w, const PdNode *nd)
{
    if (!nd) {
        jw_null(w);
        return;
    }
    const PdNode *ch = chapter_of(nd);
    jw_object_begin(w);
    jw_key(w, "label");
    jw_string(w, nd->kind == PD_SUPPLEMENT && !*nd->label ? "附則" : nd->label);
    jw_key(w, "title");
    jw_string(w, nd->title);
    jw_key(w, "chapter");
    jw_string(w, ch ? ch->label : "");
    jw_key(w, "first_line");
    jw_int(w, nd->first_line);
    jw_key(w, "last_line");
    jw_int(w, nd->last_line);
    jw_object_end(w);
}

char *pd_diff_to_json(const PdDiff *d)
{
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "summary");
    jw_object_begin(&w);
    const char *names[] = {"unchanged", "moved", "changed", "added", "removed"};
    size_t counts[] = {d->unchanged, d->moved, d->changed, d->added, d->removed};
    for (int i = 0; i < 5; i++) {
        jw_key(&w, names[i]);
        jw_int(&w, (int64_t)counts[i]);
    }
    jw_object_end(&w);
    jw_key(&w, "entries");
    jw_array_begin(&w);
    for (size_t k = 0; k < d->n; k++) {
        const PdDiffEntry *en = &d->entries[k];
        jw_object_begin(&w);
        jw_key(&w, "kind");
        jw_string(&w, pd_diff_kind_name(en->kind));
        jw_key(&w, "old");
        ref_json(&w, en->old_node);
        jw_key(&w, "new");
        ref_json(&w, en->new_node);
        jw_key(&w, "similarity");
        jw_int(&w, (int64_t)(en->similarity * 100 + 0.5)); /* percent */
        jw_key(&w, "text_changed");
        jw_bool(&w, en->text_changed);
        jw_key(&w, "lines");
        jw_array_begin(&w);
        for (size_t l = 0; l < en->nlines; l++) {
            char op[2] = {en->lines[l].op, 0};
            jw_object_begin(&w);
            jw_key(&w, "op");
            jw_string(&w, op);
            jw_key(&w, "text");
            jw_string(&w, en->lines[l].text);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
    return jw_take(&w);
}
