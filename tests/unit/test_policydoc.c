/* Unit tests for the policy reader (src/policydoc): the three published policies in
 * ../shared/policies (counts, numbers, titles, line ranges) and crafted snippets for each numbering
 * and marker style. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "policydoc/policydoc.h"

static PolicyDoc *parse_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", POLICIES_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) /* CI clones the repository with shared/ beside it; so must a local check */
        fail_msg("cannot read %s: the published policies are expected in ../shared/policies", path);
    Buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_parse(b.data, b.len, &d, &e), ST_OK);
    buf_free(&b);
    return d;
}

static PolicyDoc *parse_str(const char *s)
{
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_parse(s, strlen(s), &d, &e), ST_OK);
    return d;
}

/* The first node of kind k with label (outside 附則 unless in_supp), depth first. */
static const PdNode *find(const PdNode *nd, PdKind k, const char *label)
{
    if (nd->kind == k && strcmp(nd->label, label) == 0)
        return nd;
    for (size_t i = 0; i < nd->nchildren; i++) {
        if (nd->children[i]->kind == PD_SUPPLEMENT)
            continue;
        const PdNode *r = find(nd->children[i], k, label);
        if (r)
            return r;
    }
    return NULL;
}

static size_t count_kind(const PdNode *nd, PdKind k)
{
    size_t n = 0;
    for (size_t i = 0; i < nd->nchildren; i++)
        n += nd->children[i]->kind == k;
    return n;
}

static void mikasa_structure(void **state)
{
    (void)state;
    PolicyDoc *d = parse_file("mikasa-kanrikitei.txt");
    assert_string_equal(d->title, "三笠市情報セキュリティポリシー管理規程");
    assert_int_equal(d->body_line, 55); /* after the 目次 */
    assert_int_equal(d->counts.chapters, 10);
    assert_int_equal(d->counts.articles, 165);
    assert_int_equal(d->counts.sections, 27); /* 第9章 第4節 is printed 「第4款」 */
    assert_int_equal(d->counts.supplements, 1);
    /* articles are 1..165 in order */
    const PdNode *a1 = find(d->root, PD_ARTICLE, "第1条");
    assert_non_null(a1);
    assert_string_equal(a1->title, "目的");
    assert_int_equal(a1->first_line, 57);
    assert_int_equal(a1->last_line, 61);
    assert_string_equal(a1->text, "本基本方針は、三笠市(以下「市」という。)が保有する情報資産の機密性、完全性及び可用性を"
                                  "維持するため、市が実施する情報セキュリティ対策について基本的な事項を定めることを目的とする。");
    assert_int_equal(a1->parent->kind, PD_CHAPTER);
    assert_int_equal(a1->parent->number, 1);
    /* 第2条: the definitions table, 12 号 with the term as title; 「安全性」 as published */
    const PdNode *a2 = find(d->root, PD_ARTICLE, "第2条");
    assert_int_equal(count_kind(a2, PD_ITEM), 12);
    assert_string_equal(a2->children[5]->title, "安全性");
    assert_string_equal(a2->children[8]->title, "LGWAN接続系");
    /* 第6条: a sentence broken by a blank line is re-joined */
    const PdNode *a6 = find(d->root, PD_ARTICLE, "第6条");
    assert_non_null(strstr(a6->text, "情報セキュリティポリシー及び情報セキュリティ実施手順を遵守しなければならない。"));
    /* 第12条: 項 2 and 「- 3」… 「- 6」 */
    const PdNode *a12 = find(d->root, PD_ARTICLE, "第12条");
    assert_int_equal(count_kind(a12, PD_PARAGRAPH), 5);
    assert_int_equal(a12->children[4]->number, 6);
    /* 第13条: 「第 13 条」 with spaces, 項 2-10 */
    const PdNode *a13 = find(d->root, PD_ARTICLE, "第13条");
    assert_int_equal(count_kind(a13, PD_PARAGRAPH), 9);
    assert_string_equal(find(d->root, PD_ARTICLE, "第14条")->title, "副統括情報セキュリティ責任者");
    /* 第22条: three 号, each a table with 細目 ア… */
    const PdNode *a22 = find(d->root, PD_ARTICLE, "第22条");
    assert_string_equal(a22->title, "情報資産の分類");
    assert_int_equal(a22->first_line, 231);
    assert_int_equal(a22->last_line, 256);
    assert_int_equal(count_kind(a22, PD_ITEM), 3);
    assert_int_equal(count_kind(a22->children[0], PD_SUBITEM), 5);
    assert_string_equal(a22->children[0]->children[0]->title, "自治体機密性3A");
    /* 第140条 takes its title from the end of the 節 heading line */
    const PdNode *a140 = find(d->root, PD_ARTICLE, "第140条");
    assert_string_equal(a140->title, "情報システムに関する業務委託における共通的対策");
    assert_string_equal(a140->parent->title, "情報システムに関する業務委託");
    const PdNode *a165 = find(d->root, PD_ARTICLE, "第165条");
    assert_string_equal(a165->title, "情報セキュリティポリシー及び関係規程等の見直し");
    assert_int_equal(a165->first_line, 1555);
    assert_int_equal(a165->parent->kind, PD_SECTION);
    assert_int_equal(a165->parent->parent->number, 10);
    policydoc_free(d);
}

static void manazuru_articles(void **state)
{
    (void)state;
    PolicyDoc *d = parse_file("manazuru-kihonhoshin.txt");
    assert_int_equal(d->counts.articles, 10);
    assert_int_equal(d->counts.chapters, 0);
    const char *titles[] = {"趣旨", "定義", "対象とする脅威", "適用範囲", "職員等の遵守義務", "情報セキュリティ対策",
                            "情報セキュリティ監査及び自己点検の実施", "情報セキュリティポリシーの見直し",
                            "情報セキュリティ対策基準の策定", "情報セキュリティ実施手順の策定"};
    size_t k = 0;
    for (size_t i = 0; i < d->root->nchildren; i++) {
        const PdNode *a = d->root->children[i];
        if (a->kind != PD_ARTICLE)
            continue;
        assert_int_equal(a->number, (int)k + 1);
        assert_string_equal(a->title, titles[k]);
        k++;
    }
    assert_int_equal(k, 10);
    const PdNode *a2 = find(d->root, PD_ARTICLE, "第2条");
    assert_int_equal(count_kind(a2, PD_ITEM), 12);
    assert_string_equal(a2->children[5]->title, "完全性"); /* 「(６)　完全性　情報が…」 */
    const PdNode *a6 = find(d->root, PD_ARTICLE, "第6条");
    assert_int_equal(count_kind(a6, PD_ITEM), 9);
    assert_string_equal(a6->children[3]->title, "物理的セキュリティ");
    assert_int_equal(count_kind(a6->children[7], PD_SUBITEM), 3);
    assert_int_equal(d->counts.supplements, 1);
    policydoc_free(d);
}

static void nishitokyo_sections(void **state)
{
    (void)state;
    PolicyDoc *d = parse_file("nishitokyo-kihonhoshin.txt");
    assert_int_equal(d->counts.articles, 10);
    assert_int_equal(d->body_line, 22); /* the tab-separated 目次 is preamble */
    const PdNode *s1 = find(d->root, PD_ARTICLE, "1");
    assert_string_equal(s1->title, "目的");
    assert_int_equal(s1->first_line, 22);
    const PdNode *s2 = find(d->root, PD_ARTICLE, "2");
    assert_int_equal(count_kind(s2, PD_ITEM), 14);
    assert_string_equal(s2->children[10]->title, "LGWAN接続系"); /* 「L G W A N接続系」 */
    assert_string_equal(s2->children[10]->text,
                        "LGWANに接続された情報システム及びその情報システムで取り扱うデータをいう(マイナンバー利用事務系を除く。)。");
    const PdNode *s4 = find(d->root, PD_ARTICLE, "4");
    assert_int_equal(count_kind(s4->children[1], PD_SUBITEM), 3); /* ①②③ */
    assert_int_equal(s4->children[1]->children[2]->number, 3);
    assert_string_equal(find(d->root, PD_ARTICLE, "10")->title, "情報セキュリティ実施手順の策定");
    policydoc_free(d);
}

static void numbering_styles(void **state)
{
    (void)state;
    size_t u = 0;
    assert_int_equal(pd_kanji_number("十三", &u), 13);
    assert_int_equal(pd_kanji_number("百六十五条", &u), 165);
    assert_int_equal(u, 12);
    assert_int_equal(pd_kanji_number("二十", &u), 20);
    assert_int_equal(pd_kanji_number("条", &u), -1);
    PolicyDoc *d = parse_str("【第１章】総則\n（目的）\n第一条　この規程は、\n目的を定める。\n"
                             "２　前項の規定は、\n（１）　ＬＧＷＡＮ\n(2)　二つ目\n第 2 条 次のとおり。\n- (1) 甲\n"
                             "ア 細目一\n(ア) さらに\n(イ) さらに二\nイ 細目二\n第十二条 飛んだ\n第２章\n第１節 通則\n第14条 節の中\n");
    assert_int_equal(d->counts.chapters, 2);
    const PdNode *c1 = find(d->root, PD_CHAPTER, "第1章");
    assert_string_equal(c1->title, "総則");
    const PdNode *a1 = find(d->root, PD_ARTICLE, "第1条");
    assert_string_equal(a1->title, "目的");
    assert_int_equal(a1->first_line, 2);
    assert_string_equal(a1->text, "この規程は、目的を定める。");
    assert_int_equal(a1->nchildren, 1);
    const PdNode *p2 = a1->children[0];
    assert_int_equal(p2->kind, PD_PARAGRAPH);
    assert_int_equal(p2->number, 2);
    assert_int_equal(count_kind(p2, PD_ITEM), 2);
    assert_string_equal(p2->children[0]->text, "LGWAN");
    const PdNode *a2 = find(d->root, PD_ARTICLE, "第2条");
    const PdNode *i1 = a2->children[0];
    assert_int_equal(i1->kind, PD_ITEM);
    assert_int_equal(count_kind(i1, PD_SUBITEM), 2);
    assert_string_equal(i1->children[0]->label, "ア");
    assert_int_equal(count_kind(i1->children[0], PD_SUBITEM), 2); /* (ア)(イ) nested under ア */
    assert_int_equal(i1->children[1]->number, 2);
    assert_non_null(find(d->root, PD_ARTICLE, "第12条"));
    const PdNode *a14 = find(d->root, PD_ARTICLE, "第14条");
    assert_int_equal(a14->parent->kind, PD_SECTION);
    assert_string_equal(a14->parent->title, "通則");
    policydoc_free(d);

    /* 「1. 目的」 style, tables, broken sentences, circled numbers, references that are not headings */
    d = parse_str("基本方針\n\n1. 目的\nこの方針は、情報\n資産を守る。\n2. 定義\n項目\t内容\n(1) 機密性\t許された者だけ\n"
                  "① 丸一\n② 丸二\n3. 対策\n第3章に定める対策を講じる。\n");
    assert_int_equal(d->counts.articles, 3);
    assert_int_equal(d->counts.chapters, 0);
    const PdNode *s1 = find(d->root, PD_ARTICLE, "1");
    assert_string_equal(s1->title, "目的");
    assert_string_equal(s1->text, "この方針は、情報資産を守る。");
    const PdNode *s2 = find(d->root, PD_ARTICLE, "2");
    assert_string_equal(s2->text, "項目\t内容");
    assert_string_equal(s2->children[0]->title, "機密性");
    assert_string_equal(s2->children[0]->text, "許された者だけ");
    assert_int_equal(count_kind(s2->children[0], PD_SUBITEM), 2);
    assert_string_equal(find(d->root, PD_ARTICLE, "3")->text, "第3章に定める対策を講じる。");
    policydoc_free(d);
}

static void normalisation(void **state)
{
    (void)state;
    char *s = pd_normalise("L G W A N 接続系と ＬＧＷＡＮ、構成機 器、自治体機密性 3 A、CISO は");
    assert_string_equal(s, "LGWAN接続系とLGWAN、構成機器、自治体機密性3A、CISOは");
    free(s);
    s = pd_normalise("plain English words stay");
    assert_string_equal(s, "plain English words stay");
    free(s);
}

static void bad_input(void **state)
{
    (void)state;
    PolicyDoc *d = NULL;
    Err e = {0};
    /* CP932 「第1条」 is read */
    const char sjis[] = "\x91\xE6\x31\x8F\xF0\x20\x96\xDA\x93\x49\n";
    assert_int_equal(policydoc_parse(sjis, sizeof sjis - 1, &d, &e), ST_OK);
    assert_string_equal(d->encoding, "CP932");
    assert_int_equal(d->counts.articles, 1);
    policydoc_free(d);
    /* neither UTF-8 nor CP932 */
    assert_int_equal(policydoc_parse("\xFF\xFF\xFF", 3, &d, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_encoding");
    assert_null(d);
    /* empty text */
    d = parse_str("");
    assert_int_equal(d->counts.articles, 0);
    char *j = policydoc_to_json(d);
    assert_non_null(strstr(j, "\"articles\":0"));
    free(j);
    policydoc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mikasa_structure), cmocka_unit_test(manazuru_articles),
        cmocka_unit_test(nishitokyo_sections), cmocka_unit_test(numbering_styles),
        cmocka_unit_test(normalisation), cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
