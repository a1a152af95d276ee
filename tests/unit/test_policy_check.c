/* Unit tests for the guideline check (src/policydoc/check.c): the status of every element of the
 * model on the three published policies (../shared/policies), the deviations found in them, edited
 * copies where one clause is removed or reworded (the finding appears and nothing else changes),
 * wording variants that must not be flagged; and the .docx and PDF readers on documents the tests
 * write themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include "core/buf.h"
#include "core/text.h"
#include "policy/pack.h"
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

/* s with every occurrence of from replaced by to (from must occur). */
static char *replace(char *s, const char *from, const char *to)
{
    assert_non_null(strstr(s, from));
    Buf b = BUF_INIT;
    const char *p = s, *q;
    while ((q = strstr(p, from))) {
        buf_append(&b, p, (size_t)(q - p));
        buf_puts(&b, to);
        p = q + strlen(from);
    }
    buf_puts(&b, p);
    free(s);
    return buf_take(&b);
}

typedef struct Checked {
    PolicyDoc *doc;
    PolicyCheck *c;
} Checked;

static Checked check_text(const char *text)
{
    Checked k = {0};
    Err e = {0};
    assert_int_equal(policydoc_parse(text, strlen(text), &k.doc, &e), ST_OK);
    k.c = policy_check(k.doc, &pack->guideline);
    return k;
}

static void checked_free(Checked *k)
{
    policy_check_free(k->c);
    policydoc_free(k->doc);
}

static const PcFinding *finding(const Checked *k, const char *id)
{
    for (size_t i = 0; i < k->c->n_findings; i++)
        if (strcmp(k->c->findings[i].el->id, id) == 0)
            return &k->c->findings[i];
    fail_msg("no element %s in the model", id);
    return NULL;
}

static size_t count_devs(const Checked *k, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < k->c->n_devs; i++)
        n += strcmp(k->c->devs[i].dev->id, id) == 0;
    return n;
}

static const PcDeviation *dev(const Checked *k, const char *id, size_t nth)
{
    for (size_t i = 0; i < k->c->n_devs; i++)
        if (strcmp(k->c->devs[i].dev->id, id) == 0 && nth-- == 0)
            return &k->c->devs[i];
    fail_msg("no deviation %s", id);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* The three published policies: every element */

enum { OK = PC_OK, PART = PC_PARTIAL, MISS = PC_MISSING, NA = PC_NA };

static const struct {
    const char *id;
    int manazuru, nishitokyo, mikasa;
} expected[] = {
    {"basic.purpose", OK, OK, OK},
    {"basic.def.network", OK, OK, OK},
    {"basic.def.information_system", OK, OK, OK},
    /* 三笠市 第2条(3): 「機密性、安全性及び可用性を維持すること」 — 完全性 is not named */
    {"basic.def.information_security", OK, OK, PART},
    {"basic.def.policy", OK, OK, OK},
    {"basic.def.confidentiality", OK, OK, OK},
    /* 三笠市 第2条(6) defines 安全性, not 完全性, with the guideline's wording of 完全性 */
    {"basic.def.integrity", OK, OK, PART},
    {"basic.def.availability", OK, OK, OK},
    {"basic.def.mynumber_zone", OK, OK, OK},
    {"basic.def.lgwan_zone", OK, OK, OK},
    {"basic.def.internet_zone", OK, OK, OK},
    {"basic.def.route_split", OK, OK, OK},
    {"basic.def.sanitised_traffic", OK, OK, OK},
    {"basic.threat.intentional", OK, OK, OK},
    {"basic.threat.unintentional", OK, OK, OK},
    {"basic.threat.disaster", OK, OK, OK},
    {"basic.threat.disease", OK, OK, OK},
    {"basic.threat.infrastructure", OK, OK, OK},
    {"basic.scope.organisations", OK, OK, OK},
    {"basic.scope.assets", OK, OK, OK},
    {"basic.staff_duties", OK, OK, OK},
    {"basic.measure.organisation", OK, OK, OK},
    {"basic.measure.classification", OK, OK, OK},
    {"basic.measure.resilience", OK, OK, OK},
    {"basic.measure.mynumber_zone", OK, OK, OK},
    {"basic.measure.lgwan_zone", OK, OK, OK},
    {"basic.measure.internet_zone", OK, OK, OK},
    {"basic.measure.physical", OK, OK, OK},
    {"basic.measure.human", OK, OK, OK},
    {"basic.measure.technical", OK, OK, OK},
    {"basic.measure.operation", OK, OK, OK},
    {"basic.measure.emergency_plan", OK, OK, OK},
    {"basic.measure.outsourcing", OK, OK, OK},
    {"basic.measure.cloud", OK, OK, OK},
    {"basic.measure.social_media", OK, OK, OK},
    {"basic.measure.evaluation", OK, OK, OK},
    {"basic.audit_selfcheck", OK, OK, OK},
    {"basic.review", OK, OK, OK},
    {"basic.standard", OK, OK, OK},
    {"basic.procedures", OK, OK, OK},
    {"basic.procedures_nondisclosure", OK, OK, OK},
    /* the two 基本方針 have no 対策基準; 三笠市 第2章–第10章 are its nine sections */
    {"standard.organisation", NA, NA, OK},
    {"standard.classification", NA, NA, OK},
    {"standard.resilience", NA, NA, OK},
    {"standard.resilience.mynumber_zone", NA, NA, OK}, /* 三笠市 第24条 */
    {"standard.resilience.lgwan_zone", NA, NA, OK},    /* 第25条 */
    {"standard.resilience.internet_zone", NA, NA, OK}, /* 第26条 */
    {"standard.physical", NA, NA, OK},
    {"standard.human", NA, NA, OK},
    {"standard.technical", NA, NA, OK},
    {"standard.operation", NA, NA, OK},
    {"standard.emergency_plan", NA, NA, OK}, /* 第8章第3節 第125条–第128条 */
    {"standard.outsourcing", NA, NA, OK},
    {"standard.evaluation", NA, NA, OK},
};
#define N_EXPECTED (sizeof expected / sizeof *expected)

static void table_covers_the_model(void **s)
{
    (void)s;
    assert_int_equal(pack->guideline.n_elements, N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++)
        assert_string_equal(pack->guideline.elements[i].id, expected[i].id);
}

/* Every element has its status in the table, except those in except (ids separated by spaces). */
static void assert_statuses(const Checked *k, int which, const char *except)
{
    for (size_t i = 0; i < N_EXPECTED; i++) {
        bool skip = false;
        for (const char *p = except; p && *p && !skip;) {
            size_t n = strcspn(p, " ");
            skip = n == strlen(expected[i].id) && strncmp(p, expected[i].id, n) == 0;
            p += n;
            p += *p == ' ';
        }
        if (skip)
            continue;
        int want = which == 0 ? expected[i].manazuru : which == 1 ? expected[i].nishitokyo : expected[i].mikasa;
        const PcFinding *f = finding(k, expected[i].id);
        if ((int)f->status != want)
            fail_msg("%s: %s, expected %s", expected[i].id, pc_status_ja(f->status), pc_status_ja((PcStatus)want));
    }
}

static void manazuru(void **s)
{
    (void)s;
    char *t = slurp("manazuru-kihonhoshin.txt");
    Checked k = check_text(t);
    assert_false(k.c->has_standard);
    assert_statuses(&k, 0, NULL);
    /* found where a reader finds them */
    const PcFinding *f = finding(&k, "basic.threat.infrastructure");
    assert_int_equal(f->node->first_line, 25);
    f = finding(&k, "basic.measure.internet_zone"); /* 第6条(3)ウ 自治体情報セキュリティクラウド */
    assert_int_equal(f->node->first_line, 42);
    f = finding(&k, "basic.procedures_nondisclosure");
    assert_string_equal(f->node->label, "第10条");
    /* 第5条 「職員、臨時・非常勤職員等」: the only deviation */
    assert_int_equal(k.c->n_devs, 1);
    const PcDeviation *d = dev(&k, "dev.temporary_staff", 0);
    assert_string_equal(d->node->label, "第5条");
    assert_string_equal(d->found, "臨時・非常勤職員");
    assert_false(policy_check_complete(k.c));
    checked_free(&k);
    free(t);
}

static void nishitokyo(void **s)
{
    (void)s;
    char *t = slurp("nishitokyo-kihonhoshin.txt");
    Checked k = check_text(t);
    assert_false(k.c->has_standard);
    assert_statuses(&k, 1, NULL);
    /* 「6 (5)」 says 周知徹底 where the guideline says 遵守すべき事項: another wording, not a gap */
    const PcFinding *f = finding(&k, "basic.measure.human");
    assert_int_equal(f->node->first_line, 139);
    f = finding(&k, "basic.measure.lgwan_zone"); /* 「通信経路を分割する」 */
    assert_int_equal(f->node->first_line, 132);
    assert_int_equal(k.c->n_devs, 0);
    assert_true(policy_check_complete(k.c));
    checked_free(&k);
    free(t);
}

static void mikasa(void **s)
{
    (void)s;
    char *t = slurp("mikasa-kanrikitei.txt");
    Checked k = check_text(t);
    assert_true(k.c->has_standard);
    assert_int_equal(k.c->standard_chapters, 10); /* the nine 章 and 第8章第3節 侵害時の対応等 */
    assert_non_null(k.c->basic_chapter);
    assert_string_equal(k.c->basic_chapter->label, "第1章");
    assert_statuses(&k, 2, NULL);
    const PcFinding *f = finding(&k, "basic.def.integrity");
    assert_int_equal(f->node->first_line, 73);
    assert_int_equal(f->n_missing, 1);
    assert_string_equal(f->missing[0], "完全性");
    f = finding(&k, "basic.def.information_security");
    assert_int_equal(f->node->first_line, 70);
    assert_int_equal(f->n_missing, 1);
    /* 基本方針 elements are found in 第1章 even where the 対策基準 says the same again */
    f = finding(&k, "basic.measure.emergency_plan");
    assert_string_equal(f->node->parent->label, "第7条");
    f = finding(&k, "standard.physical");
    assert_string_equal(f->node->label, "第5章");
    f = finding(&k, "standard.evaluation");
    assert_string_equal(f->node->label, "第10章");
    /* deviations: 安全性 in 第2条(3) and as the term defined in 第2条(6); 3A/3B/3C are present */
    assert_int_equal(k.c->n_devs, 2);
    const PcDeviation *d = dev(&k, "dev.integrity_named_safety", 0);
    assert_int_equal(d->node->first_line, 70);
    assert_string_equal(d->found, "機密性、安全性");
    d = dev(&k, "dev.integrity_named_safety", 1);
    assert_int_equal(d->node->first_line, 73);
    assert_string_equal(d->found, "安全性");
    checked_free(&k);
    free(t);
}

/* ---------------------------------------------------------------------------------------------- */
/* Edited copies: one change, one finding */

static void deleted_clause_is_missing(void **s)
{
    (void)s;
    char *t = slurp("manazuru-kihonhoshin.txt");
    t = replace(t, "(５)　インフラ障害　電力供給の途絶、通信の途絶、水道供給の途絶等のインフラの障害からの波及等をいう。\n", "");
    Checked k = check_text(t);
    const PcFinding *f = finding(&k, "basic.threat.infrastructure");
    assert_int_equal(f->status, PC_MISSING);
    assert_null(f->node);
    assert_non_null(f->where); /* belongs in 第3条 (対象とする脅威) */
    assert_string_equal(f->where->label, "第3条");
    assert_statuses(&k, 0, "basic.threat.infrastructure");
    assert_int_equal(k.c->n_devs, 1);
    checked_free(&k);
    free(t);

    /* 西東京市 6 (8) without its ソーシャルメディア paragraph */
    t = slurp("nishitokyo-kihonhoshin.txt");
    t = replace(t, "ソーシャルメディアサービスを利用する場合には、ソーシャルメディアサービスの運用手順を定め、"
                   "ソーシャルメディアサービスで発信できる情報を規定し、利用するソーシャルメディアサービスごとの責任者を定める。",
                "");
    k = check_text(t);
    f = finding(&k, "basic.measure.social_media");
    assert_int_equal(f->status, PC_MISSING);
    assert_string_equal(f->where->label, "6");
    assert_statuses(&k, 1, "basic.measure.social_media");
    assert_int_equal(k.c->n_devs, 0);
    checked_free(&k);
    free(t);

    /* 三笠市 第26条2 without 自治体情報セキュリティクラウド: the 対策基準 lacks it, even though its
     * 基本方針 (第7条) still names it */
    t = slurp("mikasa-kanrikitei.txt");
    t = replace(t, "2 都道府県及び市区町村のインターネットとの通信を集約する自治体情報セキュリティクラウドに参加するとともに、"
                   "関係省庁や都道府県等と連携しながら、情報セキュリティ対策を推進すること。\n",
                "");
    k = check_text(t);
    f = finding(&k, "standard.resilience");
    assert_int_equal(f->status, PC_PARTIAL);
    assert_int_equal(f->n_missing, 1);
    assert_string_equal(f->missing[0], "自治体情報セキュリティクラウド");
    f = finding(&k, "standard.resilience.internet_zone"); /* 第26条 keeps only its 監視 */
    assert_int_equal(f->status, PC_PARTIAL);
    assert_string_equal(f->node->label, "第26条");
    assert_string_equal(f->missing[0], "自治体情報セキュリティクラウド");
    assert_statuses(&k, 2, "standard.resilience standard.resilience.internet_zone");
    assert_int_equal(finding(&k, "basic.measure.internet_zone")->status, PC_OK);
    checked_free(&k);
    free(t);
}

static void safety_for_integrity_is_a_deviation(void **s)
{
    (void)s;
    char *t = slurp("nishitokyo-kihonhoshin.txt");
    t = replace(t, "(6) 完全性", "(6) 安全性");
    Checked k = check_text(t);
    assert_int_equal(k.c->n_devs, 1);
    const PcDeviation *d = dev(&k, "dev.integrity_named_safety", 0);
    assert_int_equal(d->node->first_line, 48);
    assert_string_equal(d->found, "安全性");
    assert_int_equal(finding(&k, "basic.def.integrity")->status, PC_PARTIAL);
    assert_statuses(&k, 1, "basic.def.integrity");
    checked_free(&k);
    free(t);
}

static void or_for_and_is_a_deviation(void **s)
{
    (void)s;
    char *t = slurp("manazuru-kihonhoshin.txt");
    t = replace(t, "定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施するものとする。",
                "定期的又は必要に応じて情報セキュリティ監査又は自己点検を実施するものとする。");
    Checked k = check_text(t);
    assert_int_equal(count_devs(&k, "dev.audit_or_selfcheck"), 1);
    const PcDeviation *d = dev(&k, "dev.audit_or_selfcheck", 0);
    assert_string_equal(d->node->label, "第7条");
    assert_string_equal(d->found, "監査又は自己点検");
    /* the element itself is still said (監査 and 自己点検 are both there): only the deviation */
    assert_statuses(&k, 0, NULL);
    assert_int_equal(k.c->n_devs, 2);
    checked_free(&k);
    free(t);

    t = slurp("manazuru-kihonhoshin.txt");
    t = replace(t, "脅威の発生の可能性及び発生時の損失等", "脅威の発生の可能性又は発生時の損失等");
    t = replace(t, "情報資産の機密性、完全性及び可用性を維持するため", "情報資産の機密性、完全性又は可用性を維持するため");
    k = check_text(t);
    assert_int_equal(count_devs(&k, "dev.risk_or"), 1);
    assert_string_equal(dev(&k, "dev.risk_or", 0)->node->label, "第8条");
    assert_int_equal(count_devs(&k, "dev.cia_or"), 1);
    assert_string_equal(dev(&k, "dev.cia_or", 0)->node->label, "第1条");
    assert_string_equal(dev(&k, "dev.cia_or", 0)->found, "完全性又は可用性");
    assert_int_equal(k.c->n_devs, 3);
    checked_free(&k);
    free(t);
}

static void classification_without_3abc_is_outdated(void **s)
{
    (void)s;
    char *t = slurp("mikasa-kanrikitei.txt");
    t = replace(t, "自治体機密性 3 A", "自治体機密性 3");
    t = replace(t, "自治体機密性 3 B", "自治体機密性 3");
    t = replace(t, "自治体機密性 3 C", "自治体機密性 3");
    Checked k = check_text(t);
    assert_int_equal(count_devs(&k, "dev.classification_without_3abc"), 1);
    const PcDeviation *d = dev(&k, "dev.classification_without_3abc", 0);
    char *cite = pc_cite(d->node);
    assert_string_equal(cite, "第22条(1)ア"); /* 「ア 自治体機密性3」, the first row of the table */
    free(cite);
    assert_string_equal(d->found, "機密性3"); /* up to the end of the heading 「自治体機密性3」 */
    assert_true(text_valid(d->found, 1000, false)); /* cut on a character */
    assert_int_equal(k.c->n_devs, 3); /* with the two 安全性 of the original */
    assert_statuses(&k, 2, NULL);
    checked_free(&k);
    free(t);
}

/* Other wordings of the same requirement are not gaps. */
static void variants_are_not_flagged(void **s)
{
    (void)s;
    char *t = slurp("nishitokyo-kihonhoshin.txt");
    t = replace(t, "マイナンバー利用事務系", "個人番号利用事務系");
    t = replace(t, "② LGWAN接続系においては", "② ＬＧＷＡＮ接続系においては"); /* full-width */
    t = replace(t, "自治体情報セキュリティクラウド", "自治体情報\nセキュリティ クラウド");
    t = replace(t, "電力供給の途絶", "停電による電力供給の停止");
    Checked k = check_text(t);
    assert_statuses(&k, 1, NULL);
    assert_int_equal(k.c->n_devs, 0);
    checked_free(&k);
    free(t);
}

/* The same documents in other shapes: Markdown headings 「## 1. 目的」 and 「（１）」 items; 条 numbered
 * in kanji 「第一条」. */
static void other_shapes_give_the_same_report(void **s)
{
    (void)s;
    static const char *const heads[] = {"1 目的", "2 定義", "3 対象とする脅威", "4 対象範囲", "5 職員等の遵守義務",
                                        "6 情報セキュリティ対策", "7 情報セキュリティ監査及び自己点検の実施",
                                        "8 情報セキュリティポリシーの見直し", "9 情報セキュリティ対策基準の策定",
                                        "10 情報セキュリティ実施手順の策定"};
    char *t = slurp("nishitokyo-kihonhoshin.txt");
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        char from[128], to[128];
        const char *sp = strchr(heads[i], ' ');
        snprintf(from, sizeof from, "\n%s\n", heads[i]);
        snprintf(to, sizeof to, "\n## %.*s.%s\n", (int)(sp - heads[i]), heads[i], sp);
        t = replace(t, from, to);
    }
    t = replace(t, "\n(1) ", "\n（１）");
    Checked k = check_text(t);
    assert_int_equal(k.doc->counts.articles, 10);
    assert_statuses(&k, 1, NULL);
    assert_int_equal(k.c->n_devs, 0);
    checked_free(&k);
    free(t);

    static const char *const nums[][2] = {{"第１条", "第一条"}, {"第２条", "第二条"}, {"第３条", "第三条"},
                                          {"第４条", "第四条"}, {"第５条", "第五条"}, {"第６条", "第六条"},
                                          {"第７条", "第七条"}, {"第８条", "第八条"}, {"第９条", "第九条"},
                                          {"第10条", "第十条"}};
    t = slurp("manazuru-kihonhoshin.txt");
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        t = replace(t, nums[i][0], nums[i][1]);
    k = check_text(t);
    assert_int_equal(k.doc->counts.articles, 10);
    assert_statuses(&k, 0, NULL);
    assert_int_equal(k.c->n_devs, 1);
    checked_free(&k);
    free(t);
}

/* A 対策基準 written as numbered sections without 章 (「1 組織体制」) is recognised as one; a section
 * taken out is 欠落 and cited where it belongs. */
static const char *standard_sections =
    "試験市情報セキュリティ対策基準\n"
    "1 組織体制\n"
    "最高情報セキュリティ責任者(CISO)、統括情報セキュリティ責任者、情報セキュリティ責任者、情報セキュリティ管理者、"
    "情報システム管理者を置き、情報セキュリティ委員会を設置する。承認者と申請者は兼務しない。CSIRTを整備する。\n"
    "2 情報資産の分類と管理\n"
    "情報資産を機密性、完全性及び可用性により分類し、取扱制限を定め、不要になった情報資産は廃棄する。\n"
    "3 情報システム全体の強靱性の向上\n"
    "個人番号利用事務系は他の領域と通信できないようにし、多要素認証を用い、端末からの持ち出しができないよう設定する。"
    "LGWAN接続系とインターネット接続系は通信環境を分離し、無害化通信を行う。"
    "インターネット接続系は不正通信を監視し、自治体情報セキュリティクラウドに参加する。\n"
    "4 物理的セキュリティ\n"
    "サーバを管理区域に設置し、入退室を管理する。通信回線及び電磁的記録媒体を適正に管理する。\n"
    "5 人的セキュリティ\n"
    "職員等の遵守事項を定め、研修及び訓練を行い、インシデントを報告させ、パスワードを管理させる。\n"
    "6 技術的セキュリティ\n"
    "アクセス制御、不正プログラム対策、不正アクセス対策、バックアップ、ログの取得、システム開発の管理を行う。\n"
    "7 運用\n"
    "情報システムを監視し、遵守状況を確認し、緊急時対応計画を定め、例外措置、法令遵守、懲戒処分を定める。"
    "緊急時対応計画には関係者の連絡先及び再発防止措置を定め、必要に応じて見直す。\n"
    "8 業務委託と外部サービスの利用\n"
    "業務委託では委託事業者と契約を締結し、クラウドサービスの利用には規定を設ける。\n"
    "9 評価・見直し\n"
    "情報セキュリティ監査及び自己点検を行い、ポリシーを見直す。\n";

static void standard_without_chapters(void **s)
{
    (void)s;
    Checked k = check_text(standard_sections);
    assert_true(k.c->has_standard);
    assert_int_equal(k.c->standard_chapters, 9);
    for (size_t i = 0; i < k.c->n_findings; i++)
        if (k.c->findings[i].el->part_kind == GL_PART_STANDARD && k.c->findings[i].status != PC_OK)
            fail_msg("%s: %s", k.c->findings[i].el->id, pc_status_ja(k.c->findings[i].status));
    assert_string_equal(finding(&k, "standard.physical")->node->label, "4");
    checked_free(&k);

    char *t = replace(strdup(standard_sections),
                      "サーバを管理区域に設置し、入退室を管理する。通信回線及び電磁的記録媒体を適正に管理する。\n",
                      "この節は別に定める。\n");
    k = check_text(t);
    const PcFinding *f = finding(&k, "standard.physical");
    assert_int_equal(f->status, PC_MISSING);
    assert_string_equal(f->where->label, "4");
    checked_free(&k);
    free(t);

    /* The sections as 節 of one 章 「情報セキュリティ対策基準」 (as 印南町 and 坂祝町 publish theirs): the
     * 章 holds every section's words, so only the 節 are judged — a 節 taken out is still 欠落. */
    static const char *const secs[] = {"1 組織体制", "2 情報資産の分類と管理", "3 情報システム全体の強靱性の向上",
                                       "4 物理的セキュリティ", "5 人的セキュリティ", "6 技術的セキュリティ", "7 運用",
                                       "8 業務委託と外部サービスの利用", "9 評価・見直し"};
    t = replace(strdup(standard_sections), "試験市情報セキュリティ対策基準\n",
                "試験市情報セキュリティポリシー\n第1章 情報セキュリティ基本方針\n第1条 この方針は、情報資産を守る。\n"
                "第2章 情報セキュリティ対策基準\n");
    for (size_t i = 0; i < sizeof secs / sizeof *secs; i++) {
        char from[128], to[128];
        const char *sp = strchr(secs[i], ' ');
        snprintf(from, sizeof from, "\n%s\n", secs[i]);
        snprintf(to, sizeof to, "\n第%.*s節 %s\n", (int)(sp - secs[i]), secs[i], sp + 1);
        t = replace(t, from, to);
    }
    k = check_text(t);
    assert_int_equal(k.doc->counts.sections, 9);
    assert_true(k.c->has_standard);
    for (size_t i = 0; i < k.c->n_findings; i++)
        if (k.c->findings[i].el->part_kind == GL_PART_STANDARD && k.c->findings[i].status != PC_OK)
            fail_msg("%s: %s", k.c->findings[i].el->id, pc_status_ja(k.c->findings[i].status));
    assert_string_equal(finding(&k, "standard.organisation")->node->label, "第1節");
    checked_free(&k);
    t = replace(t, "サーバを管理区域に設置し、入退室を管理する。通信回線及び電磁的記録媒体を適正に管理する。\n",
                "この節は別に定める。\n");
    k = check_text(t);
    f = finding(&k, "standard.physical");
    assert_int_equal(f->status, PC_MISSING);
    assert_string_equal(f->where->label, "第4節");
    checked_free(&k);
    free(t);
}

static void report_forms(void **s)
{
    (void)s;
    char *t = slurp("mikasa-kanrikitei.txt");
    Checked k = check_text(t);
    char *json = policy_check_to_json(k.c, k.doc, &pack->guideline);
    assert_non_null(strstr(json, "\"id\":\"basic.def.integrity\""));
    assert_non_null(strstr(json, "\"status\":\"partial\""));
    assert_non_null(strstr(json, "\"complete\":false"));
    assert_non_null(strstr(json, "\"cite\":\"第2条(6)\""));
    char *text = policy_check_to_text(k.c, k.doc, &pack->guideline);
    assert_non_null(strstr(text, "一部不足"));
    assert_non_null(strstr(text, "第2条(6)"));
    free(json);
    free(text);
    checked_free(&k);
    free(t);
}

/* ---------------------------------------------------------------------------------------------- */
/* .docx */

static void zip_put(zip_t *z, const char *name, const char *content)
{
    zip_source_t *src = zip_source_buffer(z, content, strlen(content), 0);
    assert_non_null(src);
    assert_true(zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) >= 0);
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* A .docx with a numbered list (第%1条 / (%1)), a table and a tab, written with libzip. */
static char *write_docx(const char *dir, const char *document, const char *numbering, const char *styles)
{
    char *path = malloc(512);
    snprintf(path, 512, "%s/policy-%d.docx", dir, rand());
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    zip_put(z, "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    if (document)
        zip_put(z, "word/document.xml", document);
    if (numbering)
        zip_put(z, "word/numbering.xml", numbering);
    if (styles)
        zip_put(z, "word/styles.xml", styles);
    assert_int_equal(zip_close(z), 0);
    return path;
}

static const char *docx_numbering =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering " W_NS ">"
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalFullWidth\"/><w:lvlText w:val=\"第%1条\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"aiueoFullWidth\"/><w:lvlText w:val=\"%3\"/></w:lvl>"
    "</w:abstractNum><w:num w:numId=\"5\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

#define P(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"
#define NP(lvl, t) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"

static const char *docx_document =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>"
    P("試験町情報セキュリティ基本方針")
    P("（目的）")
    NP(0, "この方針は、情報資産の機密性、完全性及び可用性を維持することを目的とする。")
    P("（定義）")
    NP(0, "この方針において、次に掲げる用語の意義は、次のとおりとする。")
    NP(1, "機密性</w:t></w:r><w:r><w:tab/><w:t>情報にアクセスすることを認められた者だけが、情報にアクセスできる状態を確保することをいう。")
    NP(1, "完全性\t情報が破壊、改ざん又は消去されていない状態を確保することをいう。")
    "<w:tbl><w:tr><w:tc>" P("用語") "</w:tc><w:tc>" P("意味") "</w:tc></w:tr>"
    "<w:tr><w:tc>" P("可用性") "</w:tc><w:tc>" P("必要なときに中断されることなく") P("アクセスできること") "</w:tc></w:tr></w:tbl>"
    P("（対象とする脅威）")
    NP(0, "次の脅威を想定する。")
    NP(1, "電力供給の途絶、通信の途絶、水道供給の途絶等のインフラの障害")
    "<w:p><w:r><w:delText>削除された文</w:delText></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
    "<w:sectPr/></w:body></w:document>";

static void docx_is_read(void **s)
{
    (void)s;
    char dir[] = "/tmp/lgsec-docx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = write_docx(dir, docx_document, docx_numbering, NULL);
    PolicyDoc *d = NULL;
    Err e = {0};
    { Status st_ = policydoc_read_file(path, &d, &e); if (st_ != ST_OK) fail_msg("%s %s", e.code, e.en); }
    assert_string_equal(d->title, "試験町情報セキュリティ基本方針");
    assert_int_equal(d->counts.articles, 3);
    assert_int_equal(d->counts.items, 3);
    const PdNode *a1 = d->root->children[0];
    assert_string_equal(a1->label, "第1条");
    assert_string_equal(a1->title, "目的");
    const PdNode *a2 = d->root->children[1];
    assert_string_equal(a2->label, "第2条");
    assert_int_equal(a2->nchildren, 2);
    assert_string_equal(a2->children[0]->label, "(1)");
    assert_string_equal(a2->children[1]->label, "(2)");
    assert_non_null(strstr(a2->children[1]->text, "消去されていない"));
    /* the table: one tab-separated line per row */
    assert_non_null(strstr(a2->children[1]->text, "可用性\t必要なときに中断されることなく"));
    const PdNode *a3 = d->root->children[2];
    assert_string_equal(a3->label, "第3条");
    assert_string_equal(a3->children[0]->label, "(1)"); /* numbering restarts under a new 条 */
    char *json = policydoc_to_json(d);
    assert_null(strstr(json, "削除された文"));
    assert_null(strstr(json, "PAGE"));
    free(json);
    PolicyCheck *c = policy_check(d, &pack->guideline);
    for (size_t i = 0; i < c->n_findings; i++)
        if (strcmp(c->findings[i].el->id, "basic.threat.infrastructure") == 0)
            assert_int_equal(c->findings[i].status, PC_OK);
    policy_check_free(c);
    policydoc_free(d);
    remove(path);
    free(path);

    /* the text form is what policy parse reads */
    char *text = NULL;
    path = write_docx(dir, P("第1条　目的") P("第2条　定義"), NULL, NULL);
    Buf raw = BUF_INIT;
    {
        FILE *in = fopen(path, "rb");
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
            buf_append(&raw, chunk, n);
        fclose(in);
    }
    /* a body without w:document is refused */
    assert_int_equal(policydoc_docx_text(raw.data, raw.len, &text, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_docx");
    assert_null(text);
    buf_free(&raw);
    remove(path);
    free(path);
    rmdir(dir);
}

/* 条 numbered by a heading style (w:pStyle → styles.xml w:numPr, through w:basedOn), as 規程 templates do */
static void docx_style_numbering(void **s)
{
    (void)s;
    static const char *styles =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles " W_NS ">"
        "<w:style w:type=\"paragraph\" w:styleId=\"Jo\"><w:pPr><w:numPr><w:numId w:val=\"5\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"JoBold\"><w:basedOn w:val=\"Jo\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Go\"><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr></w:style>"
        "</w:styles>";
#define SP(st, t) "<w:p><w:pPr><w:pStyle w:val=\"" st "\"/></w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"
    static const char *document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>"
        P("試験村情報セキュリティ基本方針")
        SP("Jo", "この方針は、情報資産を守ることを目的とする。")
        SP("JoBold", "職員等は、この方針を遵守しなければならない。")
        SP("Go", "情報セキュリティポリシーを遵守すること。")
        SP("Go", "実施手順を遵守すること。")
        "</w:body></w:document>";
    char dir[] = "/tmp/lgsec-docx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = write_docx(dir, document, docx_numbering, styles);
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_read_file(path, &d, &e), ST_OK);
    assert_int_equal(d->counts.articles, 2);
    assert_string_equal(d->root->children[1]->label, "第2条");
    assert_int_equal(d->root->children[1]->nchildren, 2);
    assert_string_equal(d->root->children[1]->children[1]->label, "(2)");
    policydoc_free(d);
    remove(path);
    free(path);
    /* a part with a DTD (and so entity declarations) is refused */
    path = write_docx(dir, "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaa\">]><w:document " W_NS
                           "><w:body><w:p><w:r><w:t>&a;&a;</w:t></w:r></w:p></w:body></w:document>",
                      NULL, NULL);
    e = (Err){0};
    assert_int_equal(policydoc_read_file(path, &d, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_docx");
    remove(path);
    free(path);
    rmdir(dir);
}

static void bad_docx_is_refused(void **s)
{
    (void)s;
    char *text = NULL;
    Err e = {0};
    /* a zip signature and nothing else */
    assert_int_equal(policydoc_docx_text("PK\x03\x04garbage", 11, &text, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_docx");
    /* a zip without word/document.xml */
    char dir[] = "/tmp/lgsec-docx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = write_docx(dir, NULL, docx_numbering, NULL);
    PolicyDoc *d = NULL;
    e = (Err){0};
    assert_int_equal(policydoc_read_file(path, &d, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_docx");
    assert_null(d);
    remove(path);
    free(path);
    /* malformed XML */
    path = write_docx(dir, "<w:document " W_NS "><w:body><w:p>", NULL, NULL);
    e = (Err){0};
    assert_int_equal(policydoc_read_file(path, &d, &e), ST_INVALID);
    remove(path);
    free(path);
    rmdir(dir);
}

/* ---------------------------------------------------------------------------------------------- */
/* PDF */

static const char *pdf_lines[] = {
    "試験市情報セキュリティ基本方針",
    "第1条 この方針は、情報資産の機密性、完全性及び可用性を維持することを目的とする。",
    "第2条 市は、次の脅威を想定する。",
    "(1) 地震、落雷、火災等の災害",
    "(2) 電力供給の途絶、通信の途絶、水道供給の途絶等のインフラの障害",
    "第3条 職員等は、情報セキュリティポリシーを遵守しなければならない。",
};

static void write_pdf(const char *path)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(surf);
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK JP 10");
    pango_layout_set_font_description(lay, fd);
    double y = 40;
    for (size_t i = 0; i < sizeof pdf_lines / sizeof *pdf_lines; i++) {
        cairo_move_to(cr, 40, y);
        pango_layout_set_text(lay, pdf_lines[i], -1);
        pango_cairo_show_layout(cr, lay);
        y += 24;
    }
    pango_font_description_free(fd);
    g_object_unref(lay);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    assert_int_equal(cairo_surface_status(surf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surf);
}

static void pdf_is_read(void **s)
{
    (void)s;
    char path[] = "/tmp/lgsec-pdf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_pdf(path);
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_read_file(path, &d, &e), ST_OK);
    assert_string_equal(d->title, "試験市情報セキュリティ基本方針");
    assert_int_equal(d->counts.articles, 3);
    assert_int_equal(d->counts.items, 2);
    const PdNode *a2 = d->root->children[1];
    assert_string_equal(a2->label, "第2条");
    assert_non_null(strstr(a2->children[1]->text, "水道供給の途絶"));
    policydoc_free(d);
    remove(path);

    char *text = NULL;
    e = (Err){0};
    assert_int_equal(policydoc_pdf_text("%PDF-1.4\nnot really", 19, &text, &e), ST_INVALID);
    assert_string_equal(e.code, "policy_pdf");
    assert_null(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_covers_the_model),
        cmocka_unit_test(manazuru),
        cmocka_unit_test(nishitokyo),
        cmocka_unit_test(mikasa),
        cmocka_unit_test(deleted_clause_is_missing),
        cmocka_unit_test(safety_for_integrity_is_a_deviation),
        cmocka_unit_test(or_for_and_is_a_deviation),
        cmocka_unit_test(classification_without_3abc_is_outdated),
        cmocka_unit_test(variants_are_not_flagged),
        cmocka_unit_test(other_shapes_give_the_same_report),
        cmocka_unit_test(standard_without_chapters),
        cmocka_unit_test(report_forms),
        cmocka_unit_test(docx_is_read),
        cmocka_unit_test(docx_style_numbering),
        cmocka_unit_test(bad_docx_is_refused),
        cmocka_unit_test(pdf_is_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
