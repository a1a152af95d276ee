/* The 情報セキュリティ委員会's 議事録 (report/minutes) read back through poppler: title, 和暦 date, place,
 * chair, attendees with guests, the agenda with the report each item links, the proceedings, the
 * decisions with owner and due date, and the record's hash; a long meeting flows onto more pages.
 * And the pack's committee section: its roles get committee.read / committee.manage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy/capability.h"
#include "policy/pack.h"
#include "policydoc/policydoc.h"
#include "report/minutes.h"

static void test_minutes_pdf_text(void **state)
{
    (void)state;
    const char *attendees[] = {"総務課　委員 一郎", "企画課　委員 二郎", "外部 専門家 (最高情報セキュリティアドバイザー) (委員外)"};
    MinutesItem agenda[40];
    char titles[40][64];
    for (int i = 0; i < 40; i++) {
        snprintf(titles[i], sizeof titles[i], "報告その%d", i + 1);
        agenda[i] = (MinutesItem){titles[i], i == 0 ? "自己点検の結果の報告 (第163条) ― 報告: /selfchecks/3" : NULL};
    }
    MinutesItem decisions[] = {
        {"対策基準の改定を承認する", "情報セキュリティポリシーの改定の承認 ― 対象: /policy-docs/versions/7"},
        {"改善策をまとめること", "改善の指示 ― 担当: 委員 二郎、期限: 令和9年1月15日"},
    };
    MinutesDoc d = {
        .organisation = "試験市",
        .title = "令和8年度 第2回 情報セキュリティ委員会",
        .date_label = "令和8年12月7日(月) 14:00",
        .place = "第1会議室",
        .chair = "最高情報セキュリティ責任者(CISO) 市長 太郎",
        .attendees = attendees,
        .n_attendees = 3,
        .agenda = agenda,
        .n_agenda = 40,
        .proceedings = "自己点検の結果について報告があった。\n監査の結果について報告があった。",
        .decisions = decisions,
        .n_decisions = 2,
        .record_hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        .article = "第19条",
    };
    unsigned char *pdf = NULL;
    size_t len = 0;
    Err e = {0};
    assert_int_equal(minutes_pdf(&d, &pdf, &len, &e), ST_OK);
    assert_memory_equal(pdf, "%PDF-", 5);
    char *text = NULL;
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    const char *want[] = {"情報セキュリティ委員会 議事録", "令和8年度 第2回 情報セキュリティ委員会", "令和8年12月7日(月) 14:00",
                          "第1会議室", "市長 太郎", "企画課", "委員 二郎", "外部 専門家", "報告その1", "報告その40",
                          "/selfchecks/3", "監査の結果について報告があった。", "対策基準の改定を承認する",
                          "/policy-docs/versions/7", "期限: 令和9年1月15日", "第19条"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(text, want[i]))
            fail_msg("missing from the PDF's text: %s", want[i]);
    assert_non_null(strstr(text, "0123456789abcdef"));
    free(text);
    size_t pages = 0;
    for (size_t i = 0; i + 12 < len; i++)
        pages += memcmp(pdf + i, "/Type /Page\n", 12) == 0 || memcmp(pdf + i, "/Type /Page ", 12) == 0;
    assert_true(pages >= 2);
    free(pdf);

    /* before the meeting is held the PDF says it is a draft */
    d.record_hash = NULL;
    assert_int_equal(minutes_pdf(&d, &pdf, &len, &e), ST_OK);
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    assert_non_null(strstr(text, "開催前の案"));
    free(text);
    free(pdf);
}

static void test_pack_committee_caps(void **state)
{
    (void)state;
    PackIssues issues = {0};
    Pack *p = NULL;
    Err e = {0};
    assert_int_equal(pack_load_dir(SRC_DIR "/packs/mic", &p, &issues, &e), ST_OK);
    assert_true(p->committee.present);
    assert_string_equal(p->committee.chair, "ciso");
    assert_true(pack_role(p, "ciso")->caps & CAP_COMMITTEE_MANAGE);
    assert_true(pack_role(p, "deputy_chief_security_officer")->caps & CAP_COMMITTEE_MANAGE);
    assert_true(pack_role(p, "section_security_manager")->caps & CAP_COMMITTEE_READ);
    assert_false(pack_role(p, "section_security_manager")->caps & CAP_COMMITTEE_MANAGE);
    assert_false(pack_role(p, "csirt_member")->caps & CAP_COMMITTEE_READ);
    pack_free(p);
    pack_issues_free(&issues);
}

/* roles.yaml from the embedded mic pack with from replaced by to (to NULL: the committee section
 * cut off), loaded; *code gets the first issue's code ("" when none). */
static Pack *load_roles_edit(const char *from, const char *to, char code[static 64])
{
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    char *edited = NULL;
    const char *orig = NULL;
    size_t orig_len = 0, at_i = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].name, "roles.yaml") != 0)
            continue;
        const char *at = strstr(f[i].data, from);
        assert_non_null(at);
        size_t head = (size_t)(at - f[i].data);
        const char *rest = to ? at + strlen(from) : "";
        edited = malloc(f[i].len + (to ? strlen(to) : 0) + 1);
        snprintf(edited, f[i].len + (to ? strlen(to) : 0) + 1, "%.*s%s%s", (int)head, f[i].data, to ? to : "", rest);
        orig = f[i].data, orig_len = f[i].len, at_i = i;
        f[i].data = edited;
        f[i].len = strlen(edited);
    }
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    pack_load_sources(f, n, &p, &is, &e);
    snprintf(code, 64, "%s", is.count ? is.items[0].code : "");
    pack_issues_free(&is);
    f[at_i].data = orig, f[at_i].len = orig_len;
    free(edited);
    pack_sources_free(f, n);
    return p;
}

static void test_pack_committee_checks(void **state)
{
    (void)state;
    char code[64];
    assert_null(load_roles_edit("chair: ciso", "chair: csirt_lead", code));
    assert_string_equal(code, "chair_not_member");
    assert_null(load_roles_edit("secretariat: [chief_security_officer", "secretariat: [no_such_role", code));
    assert_string_equal(code, "unknown_role");
    /* without the section: no committee, nobody gets its capabilities */
    Pack *p = load_roles_edit("\n# 情報セキュリティ委員会", NULL, code);
    assert_non_null(p);
    assert_string_equal(code, "");
    assert_false(p->committee.present);
    for (size_t i = 0; i < p->n_roles; i++)
        assert_false(p->roles[i].caps & (CAP_COMMITTEE_READ | CAP_COMMITTEE_MANAGE));
    pack_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minutes_pdf_text),
        cmocka_unit_test(test_pack_committee_caps),
        cmocka_unit_test(test_pack_committee_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
