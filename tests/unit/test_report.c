/* Unit tests for report/labels: the label sheet is a PDF, paginated 16 to a page, and bad counts
 * are refused. (The rendering itself is checked by eye: docs/performance.md / the browser test
 * fetches it.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/labels.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sheet_paginates),
        cmocka_unit_test(bad_counts_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
