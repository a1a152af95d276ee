/* check.c: owns policy_check — matching a parsed policy document against the guideline model
 * (check.h). The document's nodes are laid out in one string in tree order (title, then text, white
 * space removed, each followed by a newline), so a node's subtree is one byte range. Every wording of
 * the model is looked up once through an index of the string's characters; an element is then
 * judged on the nodes that hold at least one of its terms. */
#include "policydoc/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define NBUCKETS 4096u

typedef struct Seg {
    const PdNode *n;
    size_t start;     /* the node's title */
    size_t title_end; /* its text starts at title_end + 1 */
    size_t own_end;   /* end of its own text (its children follow) */
    size_t sub_end;   /* end of its subtree */
    size_t parent;    /* segment index; the root is its own parent */
    bool in_basic;    /* inside the 章 titled 基本方針 */
    bool skip;        /* the root (title page, 目次) and 附則 */
    uint64_t std_here; /* bit k: its heading is that of the k-th 対策基準 element (章, 節, top-level) */
    uint64_t std_below; /* the same for its descendants */
} Seg;

typedef struct Occ {
    const char *key; /* the model's string (not owned) */
    char *needle;    /* normalised */
    size_t len;
    uint32_t *pos;   /* sorted byte offsets */
    size_t n;
} Occ;

typedef struct Ctx {
    Buf s;
    Seg *segs;
    size_t nsegs, capsegs;
    uint32_t *bstart; /* NBUCKETS + 1 */
    uint32_t *bpos;
    Occ *occ;
    size_t nocc, capocc;
    size_t *slots; /* hash of Occ by key address: index + 1, 0 when free */
    size_t nslots;
    uint32_t *mark; /* per segment: the element stamp that marked it */
} Ctx;

/* ---------------------------------------------------------------------------------------------- */
/* Layout and index */

/* Appends s without white space (NFKC has made 　 a space already). */
static void put_compact(Buf *b, const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            buf_putc(b, *s);
        else if (*s == '\n')
            buf_putc(b, '\n'); /* rows of a table and lines of text stay apart */
}

static void layout(Ctx *c, const PdNode *n, size_t parent, bool in_basic, bool skip)
{
    if (c->nsegs == c->capsegs) {
        c->capsegs = c->capsegs ? 2 * c->capsegs : 256;
        c->segs = xrealloc(c->segs, c->capsegs * sizeof *c->segs);
    }
    size_t me = c->nsegs++;
    Seg *g = &c->segs[me];
    g->n = n;
    g->std_here = g->std_below = 0;
    g->parent = parent == SIZE_MAX ? me : parent;
    g->skip = skip || n->kind == PD_DOCUMENT || n->kind == PD_SUPPLEMENT;
    g->start = c->s.len;
    put_compact(&c->s, n->title);
    g->title_end = c->s.len;
    buf_putc(&c->s, '\n');
    put_compact(&c->s, n->text);
    buf_putc(&c->s, '\n');
    g->own_end = c->s.len;
    g->in_basic = in_basic;
    bool child_skip = skip || n->kind == PD_SUPPLEMENT;
    for (size_t i = 0; i < n->nchildren; i++) {
        const PdNode *ch = n->children[i];
        bool basic = in_basic || (ch->kind == PD_CHAPTER && strstr(ch->title, "基本方針"));
        layout(c, ch, me, basic, child_skip);
    }
    c->segs[me].sub_end = c->s.len;
}

static uint32_t cp_at(const unsigned char *p, size_t *len)
{
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0 && p[1]) {
        *len = 2;
        return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    }
    if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
        *len = 3;
        return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    }
    if ((p[0] & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
        *len = 4;
        return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    }
    *len = 1;
    return p[0];
}

static uint32_t bucket_of(uint32_t cp) { return (cp * 2654435761u) >> 20 & (NBUCKETS - 1); }

/* Positions of every character, bucketed by the character (counting sort keeps them in order). */
static void build_index(Ctx *c)
{
    const unsigned char *s = (const unsigned char *)buf_str(&c->s);
    size_t n = c->s.len;
    c->bstart = xcalloc(NBUCKETS + 1, sizeof *c->bstart);
    size_t nchars = 0, k;
    for (size_t i = 0; i < n; i += k) {
        c->bstart[bucket_of(cp_at(s + i, &k)) + 1]++;
        nchars++;
    }
    for (size_t b = 0; b < NBUCKETS; b++)
        c->bstart[b + 1] += c->bstart[b];
    uint32_t *fill = xmalloc(NBUCKETS * sizeof *fill);
    memcpy(fill, c->bstart, NBUCKETS * sizeof *fill);
    c->bpos = xmalloc((nchars ? nchars : 1) * sizeof *c->bpos);
    for (size_t i = 0; i < n; i += k)
        c->bpos[fill[bucket_of(cp_at(s + i, &k))]++] = (uint32_t)i;
    free(fill);
}

/* The occurrences of a model string (normalised like the document), found once. Keyed by the
 * string's address: the model's strings live as long as the check, and every one of them has a slot
 * reserved (occ_reserve), so the array never moves and the pointers returned stay valid. */
static const Occ *occ_of(Ctx *c, const char *key)
{
    size_t h = ((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ull >> 20;
    for (size_t i = h & (c->nslots - 1);; i = (i + 1) & (c->nslots - 1)) {
        if (c->slots[i] == 0)
            break;
        if (c->occ[c->slots[i] - 1].key == key)
            return &c->occ[c->slots[i] - 1];
    }
    if (c->nocc == c->capocc) /* a string that is not the model's: cannot happen, see occ_reserve */
        abort();
    Occ *o = &c->occ[c->nocc++];
    memset(o, 0, sizeof *o);
    o->key = key;
    for (size_t i = h & (c->nslots - 1);; i = (i + 1) & (c->nslots - 1))
        if (c->slots[i] == 0) {
            c->slots[i] = c->nocc;
            break;
        }
    char *nf = text_nfkc(key);
    Buf b = BUF_INIT;
    put_compact(&b, nf ? nf : key);
    free(nf);
    o->needle = buf_take(&b);
    o->len = strlen(o->needle);
    if (o->len == 0)
        return o;
    const char *s = buf_str(&c->s);
    size_t k;
    uint32_t bk = bucket_of(cp_at((const unsigned char *)o->needle, &k));
    size_t cap = 0;
    for (uint32_t i = c->bstart[bk]; i < c->bstart[bk + 1]; i++) {
        uint32_t p = c->bpos[i];
        if (p + o->len <= c->s.len && memcmp(s + p, o->needle, o->len) == 0) {
            if (o->n == cap) {
                cap = cap ? 2 * cap : 16;
                o->pos = xrealloc(o->pos, cap * sizeof *o->pos);
            }
            o->pos[o->n++] = p;
        }
    }
    return o;
}

static size_t count_terms(const PackGlTerm *t, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += t[i].n_variants;
    return k;
}

/* Room for every string of the model, and the hash slots to find them. */
static void occ_reserve(Ctx *c, const PackGuideline *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_elements; i++) {
        const PackGlElement *el = &g->elements[i];
        n += count_terms(el->terms, el->n_terms) + el->n_where + el->n_within;
    }
    for (size_t i = 0; i < g->n_deviations; i++) {
        const PackGlDeviation *d = &g->deviations[i];
        n += d->n_patterns + d->n_titles + count_terms(d->pairs, d->n_pairs) + d->n_requires_any;
    }
    c->capocc = n;
    c->occ = xcalloc(n ? n : 1, sizeof *c->occ);
    c->nslots = 64;
    while (c->nslots < 2 * n)
        c->nslots *= 2;
    c->slots = xcalloc(c->nslots, sizeof *c->slots);
}

/* The first occurrence of o inside [a, e), or SIZE_MAX. */
static size_t occ_in(const Occ *o, size_t a, size_t e)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o->pos[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < o->n && o->pos[lo] + o->len <= e)
        return o->pos[lo];
    return SIZE_MAX;
}

static bool term_in(Ctx *c, const PackGlTerm *t, size_t a, size_t e)
{
    for (size_t v = 0; v < t->n_variants; v++)
        if (occ_in(occ_of(c, t->variants[v]), a, e) != SIZE_MAX)
            return true;
    return false;
}

/* The deepest segment whose own bytes hold position p. */
static size_t seg_at(const Ctx *c, size_t p)
{
    size_t lo = 0, hi = c->nsegs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->segs[mid].start <= p)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static bool title_has(const Seg *g, const Occ *o)
{
    return occ_in(o, g->start, g->title_end) != SIZE_MAX;
}

/* ---------------------------------------------------------------------------------------------- */
/* Elements */

static bool in_part(const PolicyCheck *pc, const Seg *g, PackGlPart part)
{
    if (g->skip)
        return false;
    if (!pc->basic_chapter || part == GL_PART_ANY)
        return true;
    return part == GL_PART_BASIC ? g->in_basic : !g->in_basic;
}

/* Sentence around p inside [a, e): between 。 or newlines. */
static void sentence(const Ctx *c, size_t p, size_t a, size_t e, size_t *sa, size_t *se)
{
    const char *s = buf_str(&c->s);
    size_t i = p;
    while (i > a && s[i - 1] != '\n' && !(i >= 3 && memcmp(s + i - 3, "。", 3) == 0))
        i--;
    size_t j = p;
    while (j < e && s[j] != '\n' && !(j + 3 <= e && memcmp(s + j, "。", 3) == 0))
        j++;
    *sa = i;
    *se = j;
}

/* True if the group's terms all occur in one sentence of [a, e). */
static bool together_in(Ctx *c, const PackGlElement *el, size_t gi, size_t a, size_t e)
{
    size_t n = el->n_together_terms[gi];
    if (n == 0)
        return true;
    const PackGlTerm *first = &el->terms[el->together[gi][0]];
    for (size_t v = 0; v < first->n_variants; v++) {
        const Occ *o = occ_of(c, first->variants[v]);
        size_t from = a;
        for (;;) {
            size_t p = occ_in(o, from, e);
            if (p == SIZE_MAX)
                break;
            size_t sa, se;
            sentence(c, p, a, e, &sa, &se);
            bool all = true;
            for (size_t k = 1; k < n && all; k++)
                all = term_in(c, &el->terms[el->together[gi][k]], sa, se);
            if (all)
                return true;
            from = p + 1;
        }
    }
    return false;
}

typedef struct Cand {
    size_t seg;
    size_t a, e;
    size_t found;
    size_t together_ok;
    bool home;     /* its heading is one of the element's `where` headings */
    int kind;      /* for chapter units: the shallower node reads better (第5章 rather than 第35条) */
    uint64_t mask;
} Cand;

static void score(Ctx *c, const PackGlElement *el, Cand *cd)
{
    cd->found = 0;
    cd->mask = 0;
    for (size_t t = 0; t < el->n_terms && t < 64; t++)
        if (term_in(c, &el->terms[t], cd->a, cd->e)) {
            cd->found++;
            cd->mask |= 1ull << t;
        }
    cd->together_ok = 0;
    for (size_t g = 0; g < el->n_together; g++)
        cd->together_ok += together_in(c, el, g, cd->a, cd->e);
}

static bool better(const Cand *x, const Cand *y)
{
    if (x->found != y->found)
        return x->found > y->found;
    if (x->together_ok != y->together_ok)
        return x->together_ok > y->together_ok;
    if (x->home != y->home)
        return x->home;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    if (x->e - x->a != y->e - y->a)
        return x->e - x->a < y->e - y->a;
    return x->a < y->a;
}

/* May the terms spread over the whole subtree of g? */
static bool subtree_allowed(const Seg *g, PackGlUnit unit)
{
    PdKind k = g->n->kind;
    switch (unit) {
    case GL_UNIT_ITEM:
        return k >= PD_PARAGRAPH || (k == PD_ARTICLE && g->n->nchildren == 0);
    case GL_UNIT_ARTICLE:
        return k >= PD_ARTICLE;
    default:
        return k >= PD_CHAPTER;
    }
}

static void add_missing(PcFinding *f, const char *s)
{
    f->missing = xrealloc(f->missing, (f->n_missing + 1) * sizeof *f->missing);
    f->missing[f->n_missing++] = xstrdup(s);
}

static void check_element(Ctx *c, PolicyCheck *pc, const PackGlElement *el, uint32_t stamp, PcFinding *f)
{
    f->el = el;
    if (el->part_kind == GL_PART_STANDARD && !pc->has_standard) {
        f->status = PC_NA;
        return;
    }
    /* within: only the subtrees of nodes with such a heading, when the document has one */
    size_t *wins = NULL, nwin = 0;
    for (size_t w = 0; w < el->n_within; w++) {
        const Occ *o = occ_of(c, el->within[w]);
        for (size_t i = 0; i < c->nsegs; i++)
            if (in_part(pc, &c->segs[i], el->part_kind) && title_has(&c->segs[i], o)) {
                wins = xrealloc(wins, (nwin + 1) * sizeof *wins);
                wins[nwin++] = i;
            }
    }
    /* Mark the segments holding a term, and their ancestors. */
    for (size_t t = 0; t < el->n_terms; t++)
        for (size_t v = 0; v < el->terms[t].n_variants; v++) {
            const Occ *o = occ_of(c, el->terms[t].variants[v]);
            for (size_t i = 0; i < o->n; i++) {
                size_t g = seg_at(c, o->pos[i]);
                while (c->mark[g] != stamp) {
                    c->mark[g] = stamp;
                    if (c->segs[g].parent == g)
                        break;
                    g = c->segs[g].parent;
                }
            }
        }
    Cand best = {0};
    bool any = false;
    for (size_t i = 0; i < c->nsegs; i++) {
        const Seg *g = &c->segs[i];
        if (c->mark[i] != stamp || !in_part(pc, g, el->part_kind))
            continue;
        if (nwin) {
            bool inside = false;
            for (size_t w = 0; w < nwin && !inside; w++)
                inside = g->start >= c->segs[wins[w]].start && g->start < c->segs[wins[w]].sub_end;
            if (!inside)
                continue;
        }
        /* its own text (a 章 or 節 may have text of its own under the heading), and its subtree when
         * the unit allows — but not a 章 that holds the sections of several 対策基準 elements
         * (「第2章 情報セキュリティ対策基準」 with 第1節 組織体制 …): it holds every term, so only its
         * sections are judged */
        Cand cd[2];
        size_t ncd = 0;
        cd[ncd++] = (Cand){.seg = i, .a = g->start, .e = g->own_end};
        bool container = __builtin_popcountll(g->std_below) >= 2;
        if (subtree_allowed(g, el->unit_kind) && g->sub_end != g->own_end && !container)
            cd[ncd++] = (Cand){.seg = i, .a = g->start, .e = g->sub_end};
        bool home = false;
        for (size_t w = 0; w < el->n_where && !home; w++)
            home = title_has(g, occ_of(c, el->where[w]));
        for (size_t k = 0; k < ncd; k++) {
            cd[k].home = home;
            cd[k].kind = el->unit_kind == GL_UNIT_CHAPTER ? (int)g->n->kind : 0;
            score(c, el, &cd[k]);
            if (cd[k].found && (!any || better(&cd[k], &best))) {
                best = cd[k];
                any = true;
            }
        }
    }
    free(wins);
    size_t need = el->n_terms;
    if (any && best.found == need && best.together_ok == el->n_together)
        f->status = PC_OK;
    else if (any && best.found * 2 >= need)
        f->status = PC_PARTIAL;
    else
        f->status = PC_MISSING;
    if (f->status != PC_MISSING) {
        f->node = c->segs[best.seg].n;
        f->term_nodes = xcalloc(el->n_terms ? el->n_terms : 1, sizeof *f->term_nodes);
        f->term_found = xcalloc(el->n_terms ? el->n_terms : 1, sizeof *f->term_found);
        for (size_t t = 0; t < el->n_terms; t++) {
            size_t first = SIZE_MAX;
            for (size_t v = 0; v < el->terms[t].n_variants; v++) {
                size_t p = occ_in(occ_of(c, el->terms[t].variants[v]), best.a, best.e);
                if (p < first) {
                    first = p;
                    f->term_found[t] = el->terms[t].variants[v];
                }
            }
            if (first != SIZE_MAX)
                f->term_nodes[t] = c->segs[seg_at(c, first)].n;
        }
        for (size_t t = 0; t < el->n_terms; t++)
            if (!(best.mask >> t & 1))
                add_missing(f, el->terms[t].variants[0]);
        for (size_t g = 0; g < el->n_together; g++) {
            bool have_all = true; /* a missing term is reported as such, not again as a group */
            for (size_t k = 0; k < el->n_together_terms[g]; k++)
                have_all &= best.mask >> el->together[g][k] & 1;
            if (have_all && !together_in(c, el, g, best.a, best.e)) {
                Buf b = BUF_INIT;
                for (size_t k = 0; k < el->n_together_terms[g]; k++)
                    buf_printf(&b, "%s%s", k ? "・" : "「", el->terms[el->together[g][k]].variants[0]);
                buf_puts(&b, "」を同じ文に");
                f->missing = xrealloc(f->missing, (f->n_missing + 1) * sizeof *f->missing);
                f->missing[f->n_missing++] = buf_take(&b);
            }
        }
        return;
    }
    for (size_t t = 0; t < el->n_terms; t++)
        add_missing(f, el->terms[t].variants[0]);
    for (size_t w = 0; w < el->n_where && !f->where; w++) {
        const Occ *o = occ_of(c, el->where[w]);
        for (size_t i = 0; i < c->nsegs && !f->where; i++)
            if (in_part(pc, &c->segs[i], el->part_kind) && c->segs[i].n->kind <= PD_ARTICLE &&
                title_has(&c->segs[i], o))
                f->where = c->segs[i].n;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Deviations */

static void add_dev(Ctx *c, PolicyCheck *pc, const PackGlDeviation *d, size_t seg, size_t a, size_t e)
{
    const PdNode *n = c->segs[seg].n;
    for (size_t i = 0; i < pc->n_devs; i++)
        if (pc->devs[i].dev == d && pc->devs[i].node == n)
            return;
    pc->devs = xrealloc(pc->devs, (pc->n_devs + 1) * sizeof *pc->devs);
    PcDeviation *v = &pc->devs[pc->n_devs++];
    v->dev = d;
    v->node = n;
    v->found = xstrndup(buf_str(&c->s) + a, e - a);
}

static const char *const connectors[] = {"又は", "若しくは", "または", "もしくは", "或いは", "あるいは", NULL};
#define CONJ_REACH 36 /* bytes after the connector where the second term may start (12 kanji) */

static void check_deviation(Ctx *c, PolicyCheck *pc, const PackGlDeviation *d)
{
    const char *s = buf_str(&c->s);
    switch (d->kind_id) {
    case GL_DEV_WORDING:
        for (size_t k = 0; k < d->n_patterns; k++) {
            const Occ *o = occ_of(c, d->patterns[k]);
            for (size_t i = 0; i < o->n; i++) {
                size_t g = seg_at(c, o->pos[i]);
                if (in_part(pc, &c->segs[g], d->part_kind))
                    add_dev(c, pc, d, g, o->pos[i], o->pos[i] + o->len);
            }
        }
        for (size_t k = 0; k < d->n_titles; k++) {
            const Occ *o = occ_of(c, d->titles[k]);
            for (size_t i = 0; i < o->n; i++) {
                size_t g = seg_at(c, o->pos[i]);
                const Seg *sg = &c->segs[g];
                if (o->pos[i] == sg->start && o->pos[i] + o->len == sg->title_end && in_part(pc, sg, d->part_kind))
                    add_dev(c, pc, d, g, o->pos[i], o->pos[i] + o->len);
            }
        }
        break;
    case GL_DEV_CONJUNCTION:
        for (size_t k = 0; k < d->n_pairs; k++) {
            const Occ *oa = occ_of(c, d->pairs[k].variants[0]), *ob = occ_of(c, d->pairs[k].variants[1]);
            for (size_t i = 0; i < oa->n; i++) {
                size_t q = oa->pos[i] + oa->len;
                size_t g = seg_at(c, oa->pos[i]);
                if (!in_part(pc, &c->segs[g], d->part_kind))
                    continue;
                for (const char *const *cn = connectors; *cn; cn++) {
                    size_t cl = strlen(*cn);
                    if (q + cl > c->s.len || memcmp(s + q, *cn, cl) != 0)
                        continue;
                    size_t r = q + cl, lim = r + CONJ_REACH;
                    size_t stop = r;
                    while (stop < c->s.len && stop < lim && s[stop] != '\n' &&
                           !(stop + 3 <= c->s.len && memcmp(s + stop, "。", 3) == 0))
                        stop++;
                    size_t p = occ_in(ob, r, stop + ob->len > c->s.len ? c->s.len : stop + ob->len);
                    if (p != SIZE_MAX && p <= stop)
                        add_dev(c, pc, d, g, oa->pos[i], p + ob->len);
                    break;
                }
            }
        }
        break;
    case GL_DEV_REQUIRES: {
        size_t first = SIZE_MAX;
        for (size_t k = 0; k < d->n_patterns; k++) {
            const Occ *o = occ_of(c, d->patterns[k]);
            for (size_t i = 0; i < o->n; i++)
                if (o->pos[i] < first && in_part(pc, &c->segs[seg_at(c, o->pos[i])], d->part_kind)) {
                    first = o->pos[i];
                    break;
                }
        }
        if (first == SIZE_MAX)
            break;
        for (size_t k = 0; k < d->n_requires_any; k++) {
            const Occ *o = occ_of(c, d->requires_any[k]);
            for (size_t i = 0; i < o->n; i++)
                if (in_part(pc, &c->segs[seg_at(c, o->pos[i])], d->part_kind))
                    return;
        }
        size_t g = seg_at(c, first);
        size_t e = first;
        while (e < c->s.len && s[e] != '\n' && e - first < 60)
            e++;
        while (e < c->s.len && ((unsigned char)s[e] & 0xC0) == 0x80) /* end on a character */
            e++;
        add_dev(c, pc, d, g, first, e);
        break;
    }
    }
}

static int cmp_dev(const void *a, const void *b)
{
    const PcDeviation *x = a, *y = b;
    if (x->node->first_line != y->node->first_line)
        return x->node->first_line < y->node->first_line ? -1 : 1;
    return strcmp(x->dev->id, y->dev->id);
}

/* ---------------------------------------------------------------------------------------------- */

PolicyCheck *policy_check(const PolicyDoc *d, const PackGuideline *g)
{
    PolicyCheck *pc = xcalloc(1, sizeof *pc);
    Ctx c = {0};
    layout(&c, d->root, SIZE_MAX, false, false);
    build_index(&c);
    occ_reserve(&c, g);
    c.mark = xcalloc(c.nsegs, sizeof *c.mark);
    for (size_t i = 0; i < c.nsegs; i++)
        if (c.segs[i].n->kind == PD_CHAPTER && !pc->basic_chapter && strstr(c.segs[i].n->title, "基本方針"))
            pc->basic_chapter = c.segs[i].n;
    /* Which 章, 節 and top-level sections are headed as a 対策基準 section (bit k for the k-th
     * 対策基準 element, the first 64). A document contains a 対策基準 when enough of them are. */
    size_t k_std = 0;
    uint64_t seen = 0;
    for (size_t k = 0; k < g->n_elements; k++) {
        const PackGlElement *el = &g->elements[k];
        if (el->part_kind != GL_PART_STANDARD)
            continue;
        uint64_t bit = k_std < 64 ? 1ull << k_std : 0;
        k_std++;
        for (size_t w = 0; w < el->n_where; w++) {
            const Occ *o = occ_of(&c, el->where[w]);
            for (size_t i = 0; i < c.nsegs; i++) {
                const Seg *sg = &c.segs[i];
                PdKind kind = sg->n->kind;
                bool heading = kind == PD_CHAPTER || kind == PD_SECTION ||
                               (kind == PD_ARTICLE && sg->n->parent == d->root);
                if (heading && !sg->in_basic && !sg->skip && title_has(sg, o)) {
                    c.segs[i].std_here |= bit;
                    seen |= bit;
                }
            }
        }
    }
    for (size_t i = c.nsegs; i-- > 1;)
        c.segs[c.segs[i].parent].std_below |= c.segs[i].std_below | c.segs[i].std_here;
    pc->standard_chapters = (size_t)__builtin_popcountll(seen);
    pc->has_standard = g->standard_min_chapters > 0 && pc->standard_chapters >= (size_t)g->standard_min_chapters;
    pc->findings = xcalloc(g->n_elements ? g->n_elements : 1, sizeof *pc->findings);
    pc->n_findings = g->n_elements;
    for (size_t k = 0; k < g->n_elements; k++) {
        PcFinding *f = &pc->findings[k];
        check_element(&c, pc, &g->elements[k], (uint32_t)k + 1, f);
        pc->n_ok += f->status == PC_OK;
        pc->n_partial += f->status == PC_PARTIAL;
        pc->n_missing += f->status == PC_MISSING;
        pc->n_na += f->status == PC_NA;
    }
    for (size_t k = 0; k < g->n_deviations; k++)
        check_deviation(&c, pc, &g->deviations[k]);
    if (pc->n_devs > 1)
        qsort(pc->devs, pc->n_devs, sizeof *pc->devs, cmp_dev);
    for (size_t i = 0; i < c.nocc; i++) {
        free(c.occ[i].needle);
        free(c.occ[i].pos);
    }
    free(c.occ);
    free(c.slots);
    free(c.segs);
    free(c.bstart);
    free(c.bpos);
    free(c.mark);
    buf_free(&c.s);
    return pc;
}

void policy_check_free(PolicyCheck *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_findings; i++) {
        for (size_t j = 0; j < c->findings[i].n_missing; j++)
            free(c->findings[i].missing[j]);
        free(c->findings[i].missing);
        free(c->findings[i].term_nodes);
        free(c->findings[i].term_found);
    }
    free(c->findings);
    for (size_t i = 0; i < c->n_devs; i++)
        free(c->devs[i].found);
    free(c->devs);
    free(c);
}

bool policy_check_complete(const PolicyCheck *c)
{
    return c->n_partial == 0 && c->n_missing == 0 && c->n_devs == 0;
}

const char *pc_status_ja(PcStatus s)
{
    static const char *const names[] = {"充足", "一部不足", "欠落", "対象外"};
    return names[s];
}

const char *pc_status_name(PcStatus s)
{
    static const char *const names[] = {"ok", "partial", "missing", "not_applicable"};
    return names[s];
}

char *pc_cite(const PdNode *n)
{
    const PdNode *chain[16];
    size_t k = 0;
    for (const PdNode *p = n; p && p->kind != PD_DOCUMENT && k < 16; p = p->parent) {
        chain[k++] = p;
        if (p->kind <= PD_ARTICLE || p->kind == PD_SUPPLEMENT)
            break;
    }
    Buf b = BUF_INIT;
    while (k--) {
        const PdNode *p = chain[k];
        buf_puts(&b, p->label);
        /* 「6」 then 「(3)」: a numbered section without 第/条 reads 6.(3) */
        if (p->kind == PD_ARTICLE && k > 0 && strncmp(p->label, "第", 3) != 0)
            buf_putc(&b, '.');
    }
    return buf_take(&b);
}
