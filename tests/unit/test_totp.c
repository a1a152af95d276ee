/* Unit tests for domain/totp: RFC 6238 vectors, the ±1 step window, replay refusal, URI, QR SVG,
 * recovery code format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <stdio.h>

#include <liboath/oath.h>

#include "domain/identity/identity.h"

static void rfc6238_sha1_vectors(void **state)
{
    (void)state;
    static const struct { int64_t t; const char *code; } v[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
    };
    const char *key = "12345678901234567890";
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char out[9];
        Err e = {0};
        assert_int_equal(totp_generate(key, 20, v[i].t, 8, out, &e), ST_OK);
        assert_string_equal(out, v[i].code);
    }
    char out[9];
    Err e = {0};
    assert_int_equal(totp_generate(key, 20, 59, 5, out, &e), ST_INVALID);
}

/* The base32 form of the RFC key, so totp_verify can be tested with the same vectors. */
static char *rfc_secret(void)
{
    char *b32 = NULL;
    size_t len = 0;
    assert_int_equal(oath_base32_encode("12345678901234567890", 20, &b32, &len), OATH_OK);
    return b32; /* "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" */
}

static void code_at(int64_t t, char out[9])
{
    Err e = {0};
    assert_int_equal(totp_generate("12345678901234567890", 20, t, 6, out, &e), ST_OK);
}

static void verify_window_and_replay(void **state)
{
    (void)state;
    char *secret = rfc_secret();
    assert_string_equal(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const int64_t now = 1111111111; /* step 37037037 */
    int64_t step = 0;
    char code[9];
    code_at(1111111109, code); /* RFC: 07081804 → 6 digits 081804 */
    assert_string_equal(code, "081804");

    code_at(now, code);
    assert_true(totp_verify(secret, code, now, 0, &step));
    assert_int_equal(step, now / 30);
    /* replay: the same code again, with last_step stored, is refused */
    assert_false(totp_verify(secret, code, now, step, NULL));
    /* a code of an earlier step than the last used is refused too */
    char prev[9];
    code_at(now - 30, prev);
    assert_false(totp_verify(secret, prev, now, step, NULL));
    /* window: previous and next steps accepted, two steps away refused */
    assert_true(totp_verify(secret, prev, now, 0, &step));
    assert_int_equal(step, now / 30 - 1);
    char next[9], far[9], old[9];
    code_at(now + 30, next);
    code_at(now + 60, far);
    code_at(now - 60, old);
    assert_true(totp_verify(secret, next, now, 0, NULL));
    assert_false(totp_verify(secret, far, now, 0, NULL));
    assert_false(totp_verify(secret, old, now, 0, NULL));
    /* typing: spaces and full-width digits are fine, wrong length or letters are not */
    char spaced[32];
    code_at(now, code);
    snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
    assert_true(totp_verify(secret, spaced, now, 0, NULL));
    assert_false(totp_verify(secret, "12345", now, 0, NULL));
    assert_false(totp_verify(secret, "1234567", now, 0, NULL));
    assert_false(totp_verify(secret, "abcdef", now, 0, NULL));
    assert_false(totp_verify(secret, "", now, 0, NULL));
    char wrong[9];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    assert_false(totp_verify(secret, wrong, now, 0, NULL));
    free(secret);
}

static void new_secret_and_uri(void **state)
{
    (void)state;
    char a[TOTP_SECRET_B32_LEN + 1], b[TOTP_SECRET_B32_LEN + 1];
    totp_new_secret(a);
    totp_new_secret(b);
    assert_int_equal(strlen(a), TOTP_SECRET_B32_LEN);
    assert_string_not_equal(a, b);
    char *uri = totp_uri("tanaka.h", a);
    char expect[256];
    snprintf(expect, sizeof expect,
             "otpauth://totp/lgsec:tanaka.h?secret=%s&issuer=lgsec&algorithm=SHA1&digits=6&period=30", a);
    assert_string_equal(uri, expect);
    free(uri);
    /* a fresh secret verifies its own current code */
    char *key = NULL;
    size_t len = 0;
    assert_int_equal(oath_base32_decode(a, strlen(a), &key, &len), OATH_OK);
    assert_int_equal(len, TOTP_SECRET_BYTES);
    char code[9];
    Err e = {0};
    assert_int_equal(totp_generate(key, len, 1800000000, 6, code, &e), ST_OK);
    assert_true(totp_verify(a, code, 1800000000, 0, NULL));
    free(key);
}

static void qr_svg_is_self_contained(void **state)
{
    (void)state;
    char *svg = NULL;
    Err e = {0};
    assert_int_equal(totp_qr_svg("otpauth://totp/lgsec:x?secret=ABC&issuer=lgsec", &svg, &e), ST_OK);
    assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
    assert_non_null(strstr(svg, "<rect x="));
    assert_true(strcmp(svg + strlen(svg) - 6, "</svg>") == 0);
    assert_null(strstr(svg, "href"));
    assert_null(strstr(svg, "<script"));
    free(svg);
}

static void recovery_codes_format(void **state)
{
    (void)state;
    char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
    totp_recovery_codes(codes);
    for (int i = 0; i < TOTP_RECOVERY_COUNT; i++) {
        assert_int_equal(strlen(codes[i]), 9);
        assert_int_equal(codes[i][4], '-');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(codes[i], codes[j]);
        char norm[TOTP_RECOVERY_LEN + 1];
        assert_true(totp_recovery_normalise(codes[i], norm));
        assert_string_equal(norm, codes[i]);
    }
    char norm[TOTP_RECOVERY_LEN + 1];
    assert_true(totp_recovery_normalise(" AB3D EF7H ", norm));
    assert_string_equal(norm, "ab3d-ef7h");
    assert_true(totp_recovery_normalise("ａｂ３ｄｅｆ７ｈ", norm));
    assert_string_equal(norm, "ab3d-ef7h");
    assert_false(totp_recovery_normalise("123456", norm));
    assert_false(totp_recovery_normalise("ab3d-ef7h-x", norm));
}

int main(void)
{
    password_set_cost(PASSWORD_COST_TEST_ONLY);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc6238_sha1_vectors),
        cmocka_unit_test(verify_window_and_replay),
        cmocka_unit_test(new_secret_and_uri),
        cmocka_unit_test(qr_svg_is_self_contained),
        cmocka_unit_test(recovery_codes_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
