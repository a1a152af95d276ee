/* policy_citations.c: owns which 対策基準 is in force and the citation map derived from it — each pack
 * article (三笠市's numbering) → the municipality's own article (policydoc/article_map.h). The map is
 * computed, not stored: it is a function of the text of the version in force and of the active pack,
 * so it is kept per (the version's SHA-256, the pack's digest) for the life of the process; publishing
 * another version or activating another pack selects another entry, with nothing to keep in step. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "domain/policydocs/policydocs.h"
#include "policy/pack.h"
#include "policydoc/article_map.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

typedef struct CacheEntry {
    char sha256[65]; /* "" for the map without a 対策基準 */
    char digest[65];
    ArticleMap *map; /* never freed: entries are few (one per version in force and pack) */
    struct CacheEntry *next;
} CacheEntry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static CacheEntry *cache;

static const char in_force_sql[] =
    "SELECT v.id, d.title, COALESCE(v.effective_date, ''), v.source_sha256 FROM policy_documents d"
    " JOIN policy_doc_versions v ON v.id = d.current_version_id AND v.state = 'published'"
    " WHERE d.kind = 'standard' ORDER BY v.published_at DESC, v.id DESC LIMIT 1";

/* The version in force and its SHA-256 (sha256 "" when none). */
static Status in_force(Ctx *ctx, PolicyStandardInForce *out, char sha256[65], Err *e)
{
    memset(out, 0, sizeof *out);
    sha256[0] = 0;
    Stmt *st = db_prepare(ctx->db, in_force_sql, e);
    if (!st)
        return e->status;
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        out->version_id = stmt_int(st, 0);
        snprintf(out->title, sizeof out->title, "%s", stmt_text(st, 1));
        snprintf(out->effective_date, sizeof out->effective_date, "%s", stmt_text(st, 2));
        snprintf(sha256, 65, "%s", stmt_text(st, 3));
    }
    stmt_finalize(st);
    return s;
}

Status policy_standard_in_force(Ctx *ctx, PolicyStandardInForce *out, Err *e)
{
    char sha[65];
    return in_force(ctx, out, sha, e);
}

static const ArticleMap *cache_find(const char *sha256, const char *digest)
{
    for (CacheEntry *c = cache; c; c = c->next)
        if (strcmp(c->sha256, sha256) == 0 && strcmp(c->digest, digest) == 0)
            return c->map;
    return NULL;
}

/* The map of the version's text against the pack (guideline sections only without a version). */
static Status compute(Ctx *ctx, int64_t version_id, ArticleMap **out, Err *e)
{
    if (!version_id) {
        *out = article_map_build(NULL, NULL, ctx->pack);
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db, "SELECT source_text FROM policy_doc_versions WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, version_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    PolicyDoc *d = NULL;
    if (s == ST_OK && row) {
        const char *text = stmt_text(st, 0);
        /* A version in force was parsed at its upload; should it fail now, citations fall back to
         * the guideline sections rather than fail the page. */
        Err pe = {0};
        if (policydoc_parse(text, strlen(text), &d, &pe) != ST_OK)
            d = NULL;
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    PolicyCheck *c = d ? policy_check(d, &ctx->pack->guideline) : NULL;
    *out = article_map_build(d, c, ctx->pack);
    policy_check_free(c);
    policydoc_free(d);
    return ST_OK;
}

Status policy_citation_map(Ctx *ctx, const ArticleMap **out, Err *e)
{
    *out = NULL;
    if (!ctx->pack)
        return ST_OK;
    PolicyStandardInForce std;
    char sha[65];
    Status s = in_force(ctx, &std, sha, e);
    if (s != ST_OK)
        return s;
    const char *digest = ctx->pack->digest ? ctx->pack->digest : "";
    pthread_mutex_lock(&cache_lock);
    *out = cache_find(sha, digest);
    pthread_mutex_unlock(&cache_lock);
    if (*out)
        return ST_OK;
    /* Computed outside the lock (a parse and a check: tens of milliseconds); two threads that miss
     * at once both compute, and the first one's entry is kept. */
    ArticleMap *m = NULL;
    s = compute(ctx, std.version_id, &m, e);
    if (s != ST_OK)
        return s;
    pthread_mutex_lock(&cache_lock);
    const ArticleMap *had = cache_find(sha, digest);
    if (had) {
        article_map_free(m);
        *out = had;
    } else {
        CacheEntry *c = xcalloc(1, sizeof *c);
        snprintf(c->sha256, sizeof c->sha256, "%s", sha);
        snprintf(c->digest, sizeof c->digest, "%s", digest);
        c->map = m;
        c->next = cache;
        cache = c;
        *out = m;
    }
    pthread_mutex_unlock(&cache_lock);
    return ST_OK;
}

void policy_citation_put(const ArticleMap *m, json_t *obj, const char *citation)
{
    const ArticleMatch *a = article_map_find(m, citation);
    json_object_set_new(obj, "article_own", a && a->own ? json_string(a->own) : json_null());
    json_object_set_new(obj, "article_guideline", a && a->guideline ? json_string(a->guideline) : json_null());
}

json_t *policy_citation_map_json(const ArticleMap *m, const PolicyStandardInForce *std)
{
    json_t *out = policy_citation_numbers_json(m);
    for (size_t i = 0; m && i < m->n; i++)
        if (m->items[i].own)
            json_object_set_new(json_object_get(json_object_get(out, "articles"), m->items[i].article), "own_title",
                                json_string(m->items[i].own_title));
    json_object_set_new(out, "standard",
                        std && std->version_id
                            ? json_pack("{s:I, s:s, s:o}", "version_id", (json_int_t)std->version_id, "title",
                                        std->title, "effective_date",
                                        std->effective_date[0] ? json_string(std->effective_date) : json_null())
                            : json_null());
    return out;
}

json_t *policy_citation_numbers_json(const ArticleMap *m)
{
    json_t *items = json_object();
    for (size_t i = 0; m && i < m->n; i++) {
        const ArticleMatch *a = &m->items[i];
        json_object_set_new(items, a->article,
                            json_pack("{s:o, s:o, s:o}", "own", a->own ? json_string(a->own) : json_null(),
                                      "own_title", json_null(), "guideline",
                                      a->guideline ? json_string(a->guideline) : json_null()));
    }
    return json_pack("{s:n, s:o}", "standard", "articles", items);
}

/* What follows a citation in running text: 「（貴団体の第39条）」, 「（ガイドライン 対策基準 5.4）」 or
 * nothing (no entry, or the own number is the pack's). The same rule as the UI's citation
 * (web/src/format.ts citeArticle). */
static void put_note(Buf *b, const ArticleMatch *a)
{
    if (!a)
        return;
    if (a->own) {
        if (strcmp(a->own, a->article) == 0)
            return;
        buf_puts(b, "（貴団体の");
        buf_puts(b, a->own);
        buf_puts(b, "）");
    } else if (a->guideline) {
        buf_puts(b, "（ガイドライン ");
        buf_puts(b, a->guideline);
        buf_puts(b, "）");
    }
}

/* The length of the 項・号・細目 after a bare article: 「8」「(7)」「(1)ア」「12(2)」「9–11」. */
static size_t suffix_len(const char *p)
{
    static const char *const kana[] = {"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ"};
    static const char *const dashes[] = {"–", "〜", "～", "-"}; /* a range of 項: 第23条9–11 */
    const char *q = p;
    while (*q >= '0' && *q <= '9')
        q++;
    for (size_t i = 0; q > p && i < sizeof dashes / sizeof *dashes; i++) {
        size_t n = strlen(dashes[i]);
        if (strncmp(q, dashes[i], n) == 0 && q[n] >= '0' && q[n] <= '9') {
            q += n;
            while (*q >= '0' && *q <= '9')
                q++;
            break;
        }
    }
    if (*q == '(' && q[1] >= '0' && q[1] <= '9') {
        const char *r = q + 1;
        while (*r >= '0' && *r <= '9')
            r++;
        if (*r == ')')
            q = r + 1;
    }
    for (size_t i = 0; i < sizeof kana / sizeof *kana; i++)
        if (strncmp(q, kana[i], strlen(kana[i])) == 0) {
            q += strlen(kana[i]);
            break;
        }
    return (size_t)(q - p);
}

char *policy_citation_text(const struct ArticleMap *m, const char *text)
{
    Buf b = BUF_INIT;
    const char *p = text ? text : "";
    while (*p) {
        size_t base = article_citation_base(p);
        if (!base) {
            buf_putc(&b, *p++);
            continue;
        }
        size_t n = base + suffix_len(p + base);
        const ArticleMatch *a = article_map_find(m, p);
        buf_append(&b, p, n);
        put_note(&b, a);
        p += n;
    }
    return buf_take(&b);
}
