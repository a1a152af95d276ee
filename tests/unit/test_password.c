/* Unit tests for domain/password: the 第59条 policy (each error code), Argon2id hash/verify,
 * NFKC equivalence, temporary passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/identity/identity.h"

static const PackAccountPolicy pol = {.password_min_length = 12};

static const char *check(const char *login, const char *kana, const char *pw)
{
    static Err e;
    memset(&e, 0, sizeof e);
    Status st = password_check_policy(login, kana, pw, &pol, &e);
    if (st == ST_OK)
        return "ok";
    assert_int_equal(st, ST_INVALID);
    assert_string_equal(e.field, "password");
    assert_true(e.ja[0] != '\0');
    return e.code;
}

static void good_passwords_pass(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", "タナカ ハナコ", "kumo-hashi-7-ringo-ame"), "ok");
    assert_string_equal(check("tanaka.h", NULL, "Gx7#pLq2!vRz"), "ok");
    /* 12 characters of Japanese text are 12 characters, not 36 bytes */
    assert_string_equal(check("tanaka.h", NULL, "春はあけぼのやうやう白く"), "ok");
}

static void too_short_counts_characters(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", NULL, "Gx7#pLq2!vR"), "password_too_short"); /* 11 */
    /* 11 kanji = 33 bytes: still too short, because characters are counted */
    assert_string_equal(check("tanaka.h", NULL, "春はあけぼのやうやう白"), "password_too_short");
    PackAccountPolicy longer = {.password_min_length = 16};
    Err e = {0};
    assert_int_equal(password_check_policy("x", NULL, "Gx7#pLq2!vRz", &longer, &e), ST_INVALID);
    assert_string_equal(e.code, "password_too_short");
}

static void too_long(void **state)
{
    (void)state;
    char pw[200];
    uint32_t x = 12345;
    for (int i = 0; i < 129; i++) {
        x = x * 1103515245u + 12345u;
        pw[i] = (char)('a' + (x >> 16) % 26);
    }
    pw[129] = '\0';
    assert_string_equal(check("tanaka.h", NULL, pw), "password_too_long");
    pw[128] = '\0';
    assert_string_equal(check("tanaka.h", NULL, pw), "ok");
}

static void common_passwords_refused(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", NULL, "Password123456"), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "P@ssw0rd2024!!"), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "sakura12345678"), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "YAKUSHO2026!!!"), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "shiyakusho0001"), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "ｐａｓｓｗｏｒｄ１２３４"), "password_common"); /* full-width */
    assert_true(password_is_common("qwerty"));
    assert_true(password_is_common("Tokyo2020"));
    assert_false(password_is_common("kumo-hashi-7-ringo-ame"));
}

static void list_is_lower_case_and_unique(void **state)
{
    (void)state;
    size_t n = 0;
    for (const char *const *w = common_passwords; *w; w++, n++) {
        for (const char *c = *w; *c; c++)
            assert_false(*c >= 'A' && *c <= 'Z');
        if (n > 0)
            assert_true(strcmp(common_passwords[n - 1], *w) < 0);
    }
    assert_true(n >= 300);
}

static void login_id_and_name_refused(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", NULL, "xTANAKA.Hx-2026-blue"), "password_contains_login_id");
    assert_string_equal(check("tanaka.h", "ヤマダ タロウ", "yamada-hikari-77"), "password_contains_name");
    assert_string_equal(check("tanaka.h", "サトウ ユウコ", "blue-sato-river-9"), "password_contains_name");
    assert_string_equal(check("tanaka.h", "シミズ ジュンイチ", "junichi-blue-42x"), "password_contains_name");
    assert_string_equal(check("tanaka.h", "ヤマダ タロウ", "ヤマダの青い川と空の色です"), "password_contains_name");
}

static void trivial_refused(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", NULL, "aaaaaaaaaaaa"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "123456789012"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "abababababab"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "xyzxyzxyzxyz"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "passwordpassword"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "kumo7!kumo7!"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "abcdefghijklm"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "210987654321"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "qwertyuiop@["), "password_common");
    assert_string_equal(check("tanaka.h", NULL, "wsxedcrfvtgb"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "1qaz2wsx3edc4rfv"), "password_trivial");
    assert_string_equal(check("tanaka.h", NULL, "ああああああああああああ"), "password_trivial");
}

static void invalid_input_refused(void **state)
{
    (void)state;
    assert_string_equal(check("tanaka.h", NULL, "abc\x01" "defghijklmn"), "password_invalid");
    assert_string_equal(check("tanaka.h", NULL, "abc\xff" "defghijklmn"), "password_invalid");
}

static void hash_and_verify(void **state)
{
    (void)state;
    char h[PASSWORD_HASH_MAX];
    Err e = {0};
    assert_int_equal(password_hash("kumo-hashi-7-ringo-ame", h, &e), ST_OK);
    assert_true(strncmp(h, "$argon2id$", 10) == 0);
    assert_null(strstr(h, "kumo"));
    assert_true(password_verify(h, "kumo-hashi-7-ringo-ame"));
    assert_false(password_verify(h, "kumo-hashi-7-ringo-amf"));
    assert_false(password_verify(h, ""));
    /* NFKC: full-width input is the same password */
    assert_true(password_verify(h, "ｋｕｍｏ-ｈａｓｈｉ-７-ｒｉｎｇｏ-ａｍｅ"));
    char h2[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("kumo-hashi-7-ringo-ame", h2, &e), ST_OK);
    assert_string_not_equal(h, h2); /* salted */
    assert_false(password_verify_dummy("anything"));
    assert_false(password_needs_rehash(h));
    password_set_cost(PASSWORD_COST_INTERACTIVE);
    assert_true(password_needs_rehash(h));
    password_set_cost(PASSWORD_COST_TEST_ONLY);
}

static void temporary_passwords(void **state)
{
    (void)state;
    char *a = password_generate_temporary();
    char *b = password_generate_temporary();
    assert_int_equal(strlen(a), PASSWORD_TEMP_LENGTH);
    assert_string_not_equal(a, b);
    for (int i = 0; i < PASSWORD_TEMP_LENGTH; i++) {
        if (i % 5 == 4) {
            assert_int_equal(a[i], '-');
            continue;
        }
        assert_null(strchr("01lioO", a[i]));
    }
    free(a);
    free(b);
}

int main(void)
{
    password_set_cost(PASSWORD_COST_TEST_ONLY);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_passwords_pass),
        cmocka_unit_test(too_short_counts_characters),
        cmocka_unit_test(too_long),
        cmocka_unit_test(common_passwords_refused),
        cmocka_unit_test(list_is_lower_case_and_unique),
        cmocka_unit_test(login_id_and_name_refused),
        cmocka_unit_test(trivial_refused),
        cmocka_unit_test(invalid_input_refused),
        cmocka_unit_test(hash_and_verify),
        cmocka_unit_test(temporary_passwords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
