/* article_map.c: owns article_map_build — a pack article → the municipality's own article, through
 * the guideline section the pack article declares and the 章 the policy check found for it
 * (article_map.h). Closeness is the Dice coefficient of character bigrams (white space and
 * punctuation left out), of the titles and of the whole texts, or of the text and one 項 of a longer
 * article: municipalities write their 対策基準 from the guideline's 例文, so the article saying the
 * same thing shares most of its wording even when its number, its 章 and some of its sentences
 * differ, or when it was folded into another article as a 項. */
#include "policydoc/article_map.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* Below this closeness no article is taken for the pack's: an unrelated article of the same 章
 * shares the 章's vocabulary (情報システム管理者, 職員等, 利用 …) and scores up to about 0.34 (デモ市's
 * クラウドサービスの利用承認 against 三笠市's 業務委託サービス 第143条); the articles that do say the
 * same thing — in other words, merged with a neighbour, or as one 項 of a longer article — score 0.48
 * and more (tests/unit/test_article_map.c). */
#define MIN_SCORE 0.40
/* The weight of the titles in the score; the texts carry the rest. */
#define TITLE_WEIGHT 0.4

typedef struct Bigrams {
    uint64_t *v;
    size_t n;
} Bigrams;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Decodes one UTF-8 code point at *s (valid UTF-8: the parser and NFKC have made it so). */
static uint32_t next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 2)
        c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
    else if (n == 3)
        c = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    else if (n == 4)
        c = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    *s += n;
    return c;
}

/* White space, ASCII punctuation and the Japanese punctuation that carries no meaning here. */
static bool ignored(uint32_t c)
{
    if (c <= 0x20 || (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))))
        return true;
    return c == 0x3000 || c == 0x3001 || c == 0x3002 || c == 0x300C || c == 0x300D || c == 0x30FB;
}

/* The set of bigrams of s (sorted, unique). */
static Bigrams bigrams(const char *s)
{
    Bigrams b = {0};
    size_t cap = 0;
    uint32_t prev = 0;
    while (s && *s) {
        uint32_t c = next_cp(&s);
        if (ignored(c)) {
            prev = 0;
            continue;
        }
        if (prev) {
            if (b.n == cap) {
                cap = cap ? cap * 2 : 64;
                b.v = xrealloc(b.v, cap * sizeof *b.v);
            }
            b.v[b.n++] = ((uint64_t)prev << 32) | c;
        }
        prev = c;
    }
    if (b.n) {
        qsort(b.v, b.n, sizeof *b.v, cmp_u64);
        size_t k = 1;
        for (size_t i = 1; i < b.n; i++)
            if (b.v[i] != b.v[k - 1])
                b.v[k++] = b.v[i];
        b.n = k;
    }
    return b;
}

static double dice(const Bigrams *a, const Bigrams *b)
{
    if (!a->n || !b->n)
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) {
            common++;
            i++;
            j++;
        } else if (a->v[i] < b->v[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(a->n + b->n);
}

/* A node's subtree text (its own text, then its descendants'), one line each. */
static void subtree_text(const PdNode *n, Buf *out)
{
    buf_puts(out, n->text);
    buf_putc(out, '\n');
    for (size_t i = 0; i < n->nchildren; i++) {
        buf_puts(out, n->children[i]->title);
        buf_putc(out, '\n');
        subtree_text(n->children[i], out);
    }
}

typedef struct Candidate {
    const PdNode *n;
    Bigrams title, text;
    Bigrams *paras; /* each 項 of an article with more than one (the first: its own text and items) */
    size_t nparas;
} Candidate;

typedef struct Candidates {
    Candidate *v;
    size_t n, cap;
} Candidates;

static void collect_articles(const PdNode *n, Candidates *out)
{
    if (n->kind == PD_SUPPLEMENT)
        return;
    if (n->kind == PD_ARTICLE) {
        for (size_t i = 0; i < out->n; i++)
            if (out->v[i].n == n)
                return;
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->v = xrealloc(out->v, out->cap * sizeof *out->v);
        }
        Buf b = {0};
        subtree_text(n, &b);
        Candidate c = {n, bigrams(n->title), bigrams(b.data), NULL, 0};
        buf_free(&b);
        size_t nparas = 1;
        for (size_t i = 0; i < n->nchildren; i++)
            nparas += n->children[i]->kind == PD_PARAGRAPH;
        if (nparas > 1) {
            c.paras = xcalloc(nparas, sizeof *c.paras);
            c.nparas = 1; /* [0] is the first 項, filled in once its items are gathered */
            Buf first = {0};
            buf_puts(&first, n->text);
            for (size_t i = 0; i < n->nchildren; i++) {
                const PdNode *k = n->children[i];
                if (k->kind == PD_PARAGRAPH) {
                    Buf pb = {0};
                    subtree_text(k, &pb);
                    c.paras[c.nparas++] = bigrams(pb.data);
                    buf_free(&pb);
                } else {
                    buf_putc(&first, '\n');
                    subtree_text(k, &first);
                }
            }
            c.paras[0] = bigrams(first.data);
            buf_free(&first);
        }
        out->v[out->n++] = c;
        return;
    }
    for (size_t i = 0; i < n->nchildren; i++)
        collect_articles(n->children[i], out);
}

/* The 章 number N of 「対策基準 N」 or 「対策基準 N.M…」; 0 when the section is not one. */
static int standard_chapter(const char *section)
{
    static const char prefix[] = "対策基準 ";
    if (!section || strncmp(section, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *p = section + sizeof prefix - 1;
    int n = 0;
    while (*p >= '0' && *p <= '9' && n < 1000)
        n = n * 10 + (*p++ - '0');
    return (*p == '\0' || *p == '.') ? n : 0;
}

/* Where the document holds the 対策基準 chapter element of that number: the node the check found for
 * it, widened to its 章 when it was found in a 節 or an article of one; NULL when 欠落. */
static const PdNode *chapter_node(const PolicyCheck *c, int chapter)
{
    char want[32];
    snprintf(want, sizeof want, "対策基準 %d", chapter);
    for (size_t i = 0; i < c->n_findings; i++) {
        const PcFinding *f = &c->findings[i];
        if (f->el->part_kind != GL_PART_STANDARD || f->el->unit_kind != GL_UNIT_CHAPTER ||
            strcmp(f->el->section, want) != 0)
            continue;
        if ((f->status != PC_OK && f->status != PC_PARTIAL) || !f->node)
            return NULL;
        const PdNode *n = f->node;
        for (const PdNode *up = n->parent; up; up = up->parent)
            if (up->kind == PD_CHAPTER)
                n = up;
        return n;
    }
    return NULL;
}

ArticleMap *article_map_build(const PolicyDoc *d, const PolicyCheck *c, const Pack *p)
{
    ArticleMap *m = xcalloc(1, sizeof *m);
    m->items = xcalloc(p->n_articles ? p->n_articles : 1, sizeof *m->items);
    m->n = p->n_articles;
    /* The candidates of each 章 element, computed once (index: the chapter number, 1..9 in the model;
     * up to 31 accepted). */
    enum { MAX_CHAPTERS = 32 };
    Candidates cands[MAX_CHAPTERS] = {{0}};
    bool looked[MAX_CHAPTERS] = {0};
    for (size_t i = 0; i < p->n_articles; i++) {
        const PackArticle *a = &p->articles[i];
        ArticleMatch *out = &m->items[i];
        out->article = xstrdup(a->number);
        out->guideline = a->guideline ? xstrdup(a->guideline) : NULL;
        int chapter = standard_chapter(a->guideline);
        if (!d || !c || !c->has_standard || chapter <= 0 || chapter >= MAX_CHAPTERS)
            continue;
        if (!looked[chapter]) {
            looked[chapter] = true;
            const PdNode *scope = chapter_node(c, chapter);
            if (scope)
                collect_articles(scope, &cands[chapter]);
        }
        if (!cands[chapter].n)
            continue;
        char *title = pd_normalise(a->title ? a->title : "");
        char *text = pd_normalise(a->text ? a->text : "");
        Bigrams bt = bigrams(title), bx = bigrams(text);
        const Candidate *best = NULL;
        double best_score = 0;
        for (size_t k = 0; k < cands[chapter].n; k++) {
            const Candidate *cd = &cands[chapter].v[k];
            double score = TITLE_WEIGHT * dice(&bt, &cd->title) + (1 - TITLE_WEIGHT) * dice(&bx, &cd->text);
            /* A short article merged into another as one of its 項 is found by that 項 alone. */
            for (size_t k2 = 0; k2 < cd->nparas; k2++) {
                double para = dice(&bx, &cd->paras[k2]);
                if (para > score)
                    score = para;
            }
            if (score > best_score) {
                best_score = score;
                best = cd;
            }
        }
        if (best && best_score >= MIN_SCORE) {
            out->own = xstrdup(best->n->label);
            out->own_title = xstrdup(best->n->title);
            out->score = best_score;
            m->n_own++;
        }
        free(bt.v);
        free(bx.v);
        free(title);
        free(text);
    }
    for (int k = 0; k < MAX_CHAPTERS; k++) {
        for (size_t j = 0; j < cands[k].n; j++) {
            free(cands[k].v[j].title.v);
            free(cands[k].v[j].text.v);
            for (size_t q = 0; q < cands[k].v[j].nparas; q++)
                free(cands[k].v[j].paras[q].v);
            free(cands[k].v[j].paras);
        }
        free(cands[k].v);
    }
    return m;
}

void article_map_free(ArticleMap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i].article);
        free(m->items[i].own);
        free(m->items[i].own_title);
        free(m->items[i].guideline);
    }
    free(m->items);
    free(m);
}

size_t article_citation_base(const char *citation)
{
    static const char dai[] = "第", jo[] = "条", no[] = "の";
    const char *p = citation;
    if (!p || strncmp(p, dai, sizeof dai - 1) != 0)
        return 0;
    p += sizeof dai - 1;
    const char *digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == digits || strncmp(p, jo, sizeof jo - 1) != 0)
        return 0;
    p += sizeof jo - 1;
    if (strncmp(p, no, sizeof no - 1) == 0 && p[sizeof no - 1] >= '0' && p[sizeof no - 1] <= '9') {
        p += sizeof no - 1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return (size_t)(p - citation);
}

const ArticleMatch *article_map_find(const ArticleMap *m, const char *citation)
{
    size_t base = article_citation_base(citation);
    if (!m || !base)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->items[i].article) == base && memcmp(m->items[i].article, citation, base) == 0)
            return &m->items[i];
    return NULL;
}
