/* test_vendors: the 法人番号 check digit (国税庁: the first digit is 9 − (Σ Pn×Qn mod 9) over the 12
 * that follow, Pn counted from the right, Qn 1 for odd n and 2 for even) on published numbers and on
 * each way a number can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/vendors/vendors.h"

static void published_numbers_pass(void **state)
{
    (void)state;
    assert_true(corporate_number_valid("1180301018771")); /* トヨタ自動車株式会社 */
    assert_true(corporate_number_valid("7010001008844")); /* 株式会社日立製作所 */
}

static void wrong_numbers_fail(void **state)
{
    (void)state;
    assert_false(corporate_number_valid("2180301018771")); /* check digit off by one */
    assert_false(corporate_number_valid("1180301018772")); /* a digit of the base changed */
    assert_false(corporate_number_valid("1180301081771")); /* two digits swapped */
    assert_false(corporate_number_valid("118030101877"));  /* 12 digits */
    assert_false(corporate_number_valid("11803010187710")); /* 14 digits */
    assert_false(corporate_number_valid("118030101877A"));
    assert_false(corporate_number_valid("１180301018771")); /* a full-width digit */
    assert_false(corporate_number_valid(""));
    assert_false(corporate_number_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(published_numbers_pass),
        cmocka_unit_test(wrong_numbers_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
