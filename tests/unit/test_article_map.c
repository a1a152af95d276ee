/* Unit tests for article_map (src/policydoc/article_map.c): 三笠市's own 規程 maps every pack article
 * to itself; the same text renumbered (every article 5 later) maps to the new numbers; an article taken out of it maps to
 * nothing (its guideline section stays); a document without 対策基準 gives guideline sections only;
 * citations with 項・号・細目 and 枝番 find their bare article. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "domain/demo/demo.h"
#include "policy/pack.h"
#include "policydoc/article_map.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

static Pack *pack;

static int setup(void **s)
{
    (void)s;
    PackIssues issues = {0};
    Err e = {0};
    assert_int_equal(pack_load_embedded(&pack, &issues, &e), ST_OK);
    pack_issues_free(&issues);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    pack_free(pack);
    return 0;
}

static char *slurp(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", POLICIES_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s: the published policies are expected in ../shared/policies", path);
    Buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_take(&b);
}

static ArticleMap *map_of(const char *text)
{
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_parse(text, strlen(text), &d, &e), ST_OK);
    PolicyCheck *c = policy_check(d, &pack->guideline);
    ArticleMap *m = article_map_build(d, c, pack);
    policy_check_free(c);
    policydoc_free(d);
    return m;
}

/* 「第 41 条」 (as extracted, with spaces) → 「第46条」 for every article number in the body. */
static char *renumber(const char *s, int shift)
{
    Buf b = BUF_INIT;
    const char *p = s;
    while (*p) {
        const char *q = strstr(p, "第");
        if (!q) {
            buf_puts(&b, p);
            break;
        }
        buf_append(&b, p, (size_t)(q - p));
        const char *r = q + strlen("第");
        while (*r == ' ')
            r++;
        char *end;
        long n = strtol(r, &end, 10);
        const char *after = end;
        while (*after == ' ')
            after++;
        if (end != r && strncmp(after, "条", strlen("条")) == 0) {
            char num[32];
            snprintf(num, sizeof num, "第%ld", n + shift);
            buf_puts(&b, num);
            p = after;
        } else {
            buf_puts(&b, "第");
            p = q + strlen("第");
        }
    }
    return buf_take(&b);
}

static void mikasa_maps_to_itself(void **s)
{
    (void)s;
    char *t = slurp("mikasa-kanrikitei.txt");
    ArticleMap *m = map_of(t);
    assert_int_equal(m->n, pack->n_articles);
    for (size_t i = 0; i < m->n; i++) {
        const ArticleMatch *a = &m->items[i];
        if (!a->own || strcmp(a->own, a->article) != 0)
            fail_msg("%s → %s (score %.2f)", a->article, a->own ? a->own : "none", a->score);
        assert_non_null(a->guideline);
    }
    assert_int_equal(m->n_own, m->n);
    article_map_free(m);
    free(t);
}

static void renumbered_copy_maps_to_new_numbers(void **s)
{
    (void)s;
    char *orig = slurp("mikasa-kanrikitei.txt");
    char *t = renumber(orig, 5);
    ArticleMap *m = map_of(t);
    for (size_t i = 0; i < m->n; i++) {
        const ArticleMatch *a = &m->items[i];
        char want[32];
        snprintf(want, sizeof want, "第%d条", atoi(a->article + strlen("第")) + 5);
        if (!a->own || strcmp(a->own, want) != 0)
            fail_msg("%s → %s, expected %s", a->article, a->own ? a->own : "none", want);
    }
    const ArticleMatch *a = article_map_find(m, "第41条");
    assert_string_equal(a->own, "第46条");
    assert_string_equal(a->guideline, "対策基準 5.1");
    article_map_free(m);
    free(t);
    free(orig);
}

/* 第131条 (例外措置の申請書の管理) taken out: nothing else in 第8章 says it. */
static void removed_article_maps_to_nothing(void **s)
{
    (void)s;
    char *t = slurp("mikasa-kanrikitei.txt");
    char *start = strstr(t, "(例外措置の申請書の管理)");
    assert_non_null(start);
    char *end = strstr(start, "第 5 節 法令遵守");
    assert_non_null(end);
    memmove(start, end, strlen(end) + 1);
    ArticleMap *m = map_of(t);
    const ArticleMatch *a = article_map_find(m, "第131条");
    assert_non_null(a);
    if (a->own)
        fail_msg("第131条 → %s (score %.2f), expected none", a->own, a->score);
    assert_string_equal(a->guideline, "対策基準 7.4");
    assert_string_equal(article_map_find(m, "第130条")->own, "第130条");
    article_map_free(m);
    free(t);
}

static void without_standard_only_guideline(void **s)
{
    (void)s;
    char *t = slurp("manazuru-kihonhoshin.txt");
    ArticleMap *m = map_of(t);
    assert_int_equal(m->n_own, 0);
    const ArticleMatch *a = article_map_find(m, "第35条");
    assert_null(a->own);
    assert_string_equal(a->guideline, "対策基準 4.2");
    article_map_free(m);
    free(t);
    m = article_map_build(NULL, NULL, pack);
    assert_int_equal(m->n, pack->n_articles);
    assert_int_equal(m->n_own, 0);
    assert_string_equal(article_map_find(m, "第165条")->guideline, "対策基準 9.3");
    article_map_free(m);
}

/* デモ市's 対策基準 (its own numbering: 総則 restating the 基本方針, 物理的 and 人的セキュリティ in one
 * 章, some articles merged): every pack article but 第143条, which デモ市 left out, has its own. */
static void demo_standard_has_its_own_numbers(void **s)
{
    (void)s;
    ArticleMap *m = map_of(demo_policy_standard_text());
    static const struct {
        const char *pack, *own;
    } want[] = {
        {"第12条", "第11条"}, {"第13条", "第12条"}, {"第14条", "第13条"}, {"第15条", "第14条"},
        {"第16条", "第15条"}, {"第17条", "第16条"}, {"第18条", "第16条"}, {"第19条", "第17条"},
        {"第20条", "第18条"}, {"第21条", "第19条"}, {"第22条", "第20条"}, {"第23条", "第21条"},
        {"第24条", "第22条"}, {"第25条", "第23条"}, {"第26条", "第24条"}, {"第28条", "第25条"}, {"第31条", "第26条"}, {"第32条", "第26条"},
        {"第33条", "第27条"}, {"第35条", "第28条"}, {"第36条", "第28条"}, {"第43条", "第32条"},
        {"第47条", "第31条"}, {"第63条", "第43条"}, {"第66条", "第43条"}, {"第144条", "第65条"}, {"第38条", "第30条"}, {"第41条", "第32条"},
        {"第42条", "第33条"}, {"第44条", "第34条"}, {"第48条", "第35条"}, {"第51条", "第36条"},
        {"第52条", "第37条"}, {"第53条", "第36条"}, {"第54条", "第38条"}, {"第58条", "第39条"}, {"第59条", "第40条"},
        {"第61条", "第41条"}, {"第62条", "第42条"}, {"第65条", "第43条"}, {"第69条", "第44条"},
        {"第76条", "第45条"}, {"第77条", "第46条"}, {"第80条", "第47条"}, {"第83条", "第48条"},
        {"第84条", "第49条"}, {"第85条", "第50条"}, {"第87条", "第51条"}, {"第88条", "第52条"},
        {"第99条", "第53条"}, {"第105条", "第54条"}, {"第122条", "第57条"}, {"第129条", "第59条"},
        {"第130条", "第60条"}, {"第131条", "第61条"}, {"第136条", "第64条"}, {"第143条", NULL},
        {"第148条", "第65条"}, {"第153条", "第66条"}, {"第154条", "第68条"}, {"第160条", "第69条"},
        {"第162条", "第70条"}, {"第165条", "第71条"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const ArticleMatch *a = article_map_find(m, want[i].pack);
        assert_non_null(a);
        bool ok = want[i].own ? a->own && strcmp(a->own, want[i].own) == 0 : !a->own;
        if (!ok) {
            print_message("%s → %s (%.2f), expected %s\n", want[i].pack, a->own ? a->own : "none", a->score,
                          want[i].own ? want[i].own : "none");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    /* every other pack article has its own article in the demo 対策基準 (第143条 alone has none) */
    for (size_t i = 0; i < m->n; i++)
        if (!m->items[i].own && strcmp(m->items[i].article, "第143条") != 0)
            print_message("%s has no article in the demo 対策基準\n", m->items[i].article);
    assert_int_equal(m->n_own, m->n - 1);
    assert_string_equal(article_map_find(m, "第143条")->guideline, "対策基準 8.2");
    article_map_free(m);
}

static void citations_find_their_article(void **s)
{
    (void)s;
    ArticleMap *m = article_map_build(NULL, NULL, pack);
    assert_string_equal(article_map_find(m, "第13条8")->article, "第13条");
    assert_string_equal(article_map_find(m, "第22条(1)ア")->article, "第22条");
    assert_string_equal(article_map_find(m, "第59条(7)")->article, "第59条");
    assert_null(article_map_find(m, "第999条"));
    assert_null(article_map_find(m, "総行サ第42号"));
    assert_null(article_map_find(m, ""));
    assert_null(article_map_find(m, NULL));
    assert_int_equal(article_citation_base("第13条の2(1)"), strlen("第13条の2"));
    assert_int_equal(article_citation_base("第13条の"), strlen("第13条"));
    assert_int_equal(article_citation_base("第条"), 0);
    article_map_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mikasa_maps_to_itself),
        cmocka_unit_test(renumbered_copy_maps_to_new_numbers),
        cmocka_unit_test(removed_article_maps_to_nothing),
        cmocka_unit_test(without_standard_only_guideline),
        cmocka_unit_test(demo_standard_has_its_own_numbers),
        cmocka_unit_test(citations_find_their_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
