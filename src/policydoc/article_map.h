/* article_map: which article of a municipality's own 対策基準 says what a pack article (三笠市's
 * 第N条, as the pack cites it) says. Derived from the policy check's alignment: a pack article
 * declares the guideline section it instantiates (articles.yaml `guideline: 対策基準 4.1`); the check
 * has found where the document holds that 対策基準 element (its 章); among the 条 of that 章, the one
 * whose title and text are closest to the pack article's (character bigrams) is the municipality's
 * own article, when it is close enough. Where there is no 対策基準, the element is 欠落 or nothing is
 * close, the guideline section is what a citation can add (docs/citations.md). */
#pragma once
#include <stddef.h>

#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

typedef struct ArticleMatch {
    char *article;   /* the pack's bare article, 「第41条」 */
    char *own;       /* the document's article, 「第38条」; NULL when none matches */
    char *own_title; /* its title (「パソコン等の管理」), "" when it has none; NULL with own */
    char *guideline; /* the pack article's guideline section, 「対策基準 5.1」; NULL when not declared */
    double score;    /* closeness of the match, 0..1 (0 without own) */
} ArticleMatch;

typedef struct ArticleMap {
    ArticleMatch *items; /* one per pack article, in the pack's order */
    size_t n;
    size_t n_own; /* how many have an own article */
} ArticleMap;

/* The map for the pack's articles against d, aligned by c (policy_check(d, &p->guideline)). d and c
 * may be NULL: no own articles, guideline sections only. The map copies what it keeps (it outlives d,
 * c and p); free it with article_map_free. */
ArticleMap *article_map_build(const PolicyDoc *d, const PolicyCheck *c, const Pack *p);
void article_map_free(ArticleMap *m);

/* The entry for a citation's bare article: 「第13条8」「第22条(1)ア」「第13条の2」 → 「第13条」…; NULL
 * when the citation is not an article or the pack does not have it. */
const ArticleMatch *article_map_find(const ArticleMap *m, const char *citation);
/* The length of a citation's bare article (「第13条の2」 of 「第13条の2(1)」), 0 when it does not
 * start with one. */
size_t article_citation_base(const char *citation);
