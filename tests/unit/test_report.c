/* Unit tests for report/labels: the label sheet is a PDF, paginated 16 to a page, and bad counts
 * are refused. (The rendering itself is checked by eye: docs/performance.md / the browser test
 * fetches it.) And report/roombook: 和暦 times in JST, and a long book's pages each numbered and
 * headed (the text read back through poppler, policydoc_pdf_text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "policydoc/policydoc.h"
#include "report/labels.h"
#include "report/roombook.h"

static int count(const unsigned char *hay, size_t len, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (memcmp(hay + i, needle, k) == 0)
            n++;
    return n;
}

static void sheet_paginates(void **state)
{
    (void)state;
    LabelItem items[20];
    for (int i = 0; i < 20; i++)
        items[i] = (LabelItem){"A-0001", "住民基本台帳データ（バックアップ）", "自治体機密性3B・完全性2・可用性2｜複製・配付禁止 暗号化 施錠保管", "市民課"};
    unsigned char *pdf = NULL;
    size_t len = 0;
    Err e = {0};
    assert_int_equal(labels_pdf(items, 20, &pdf, &len, &e), ST_OK);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_int_equal(count(pdf, len, "/Type /Page %"), 2); /* 16 + 4 labels; cairo numbers its pages */
    free(pdf);
}

static void bad_counts_refused(void **state)
{
    (void)state;
    unsigned char *pdf = NULL;
    size_t len = 0;
    Err e = {0};
    LabelItem one = {"A", "B", "C", "D"};
    assert_int_equal(labels_pdf(&one, 0, &pdf, &len, &e), ST_INVALID);
    assert_string_equal(e.code, "labels_count");
    assert_int_equal(labels_pdf(&one, LABELS_MAX + 1, &pdf, &len, &e), ST_INVALID);
    assert_null(pdf);
}

static void roombook_wareki(void **state)
{
    (void)state;
    char out[64];
    roombook_wareki_time("2026-12-06T15:30:00Z", out, sizeof out); /* 00:30 JST the next day */
    assert_string_equal(out, "令和8年12月7日 0:30");
    roombook_wareki_time("2019-05-01T00:05:00Z", out, sizeof out);
    assert_string_equal(out, "令和元年5月1日 9:05");
    roombook_wareki_time("", out, sizeof out);
    assert_string_equal(out, "");
    roombook_wareki_time("yesterday", out, sizeof out);
    assert_string_equal(out, "");
    roombook_wareki_day("2027-04-01", out, sizeof out);
    assert_string_equal(out, "令和9年4月1日");
    roombook_wareki_day("2027-02-30", out, sizeof out); /* not a day: shown as given */
    assert_string_equal(out, "2027-02-30");
}

static void roombook_pages_numbered_and_headed(void **state)
{
    (void)state;
    enum { N = 80 };
    RoomBookRow rows[N];
    char purposes[N][64];
    for (int i = 0; i < N; i++) {
        snprintf(purposes[i], sizeof purposes[i], "定期点検 第%d回", i + 1);
        rows[i] = (RoomBookRow){.time_in = "2026-12-01T00:30:00Z", .time_out = i % 2 ? "" : "2026-12-01T01:00:00Z",
                                .who = "山田 太郎 (S0001)", .escort = NULL, .purpose = purposes[i],
                                .flags = i == 3 ? "入退室の許可なし" : ""};
    }
    RoomBook b = {.organisation = "デモ市", .room_name = "本庁舎サーバー室", .location = "本庁舎3階",
                  .unit_name = "情報政策課", .from = "2026-12-01", .to = "2026-12-31", .made_at = 1796000000,
                  .nrows = N, .rows = rows};
    unsigned char *pdf = NULL;
    size_t len = 0;
    Err e = {0};
    assert_int_equal(roombook_pdf(&b, &pdf, &len, &e), ST_OK);
    char *text = NULL;
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    int pages = count(pdf, len, "/Type /Page %");
    assert_true(pages >= 2);
    char want[64];
    for (int p = 1; p <= pages; p++) {
        snprintf(want, sizeof want, "%d / %d ページ", p, pages);
        assert_non_null(strstr(text, want));
    }
    /* each page repeats the title and the period; every row is there; an open entry says so */
    assert_int_equal(count((const unsigned char *)text, strlen(text), "サーバー室入退室管理簿"), pages);
    assert_int_equal(count((const unsigned char *)text, strlen(text), "令和8年12月1日〜令和8年12月31日"), pages);
    assert_non_null(strstr(text, "定期点検 第80回"));
    assert_non_null(strstr(text, "（在室中）"));
    assert_non_null(strstr(text, "令和8年12月1日 9:30"));
    free(text);
    free(pdf);

    /* no rows: one page that says so */
    b.nrows = 0;
    assert_int_equal(roombook_pdf(&b, &pdf, &len, &e), ST_OK);
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    assert_int_equal(count(pdf, len, "/Type /Page %"), 1);
    assert_non_null(strstr(text, "この期間の記録はありません。"));
    free(text);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roombook_wareki),
        cmocka_unit_test(roombook_pages_numbered_and_headed),
        cmocka_unit_test(sheet_paginates),
        cmocka_unit_test(bad_counts_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
