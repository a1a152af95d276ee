/* Unit tests for core: calendar (JST, 和暦, 年度), strings, NFKC normalisation, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/jsonw.h"
#include "core/text.h"

static void wareki_eras_and_first_year(void **state)
{
    (void)state;
    char out[64];
    assert_true(wareki_date(2026, 4, 1, out, sizeof out));
    assert_string_equal(out, "令和8年4月1日");
    assert_true(wareki_date(2019, 5, 1, out, sizeof out));
    assert_string_equal(out, "令和元年5月1日");
    assert_true(wareki_date(2019, 4, 30, out, sizeof out));
    assert_string_equal(out, "平成31年4月30日");
    assert_true(wareki_date(1989, 1, 7, out, sizeof out));
    assert_string_equal(out, "昭和64年1月7日");
    assert_false(wareki_date(1800, 1, 1, out, sizeof out));
    /* a moment in a message: JST, 和暦, hours and minutes (2026-12-07T06:40:00Z and the day after in UTC) */
    time_jst_wareki(1796625600, out, sizeof out);
    assert_string_equal(out, "令和8年12月7日 15時40分");
    time_jst_wareki(1796657400, out, sizeof out);
    assert_string_equal(out, "令和8年12月8日 0時30分");
}

static void fiscal_year_starts_in_april(void **state)
{
    (void)state;
    assert_int_equal(fiscal_year(2027, 3), 2026);
    assert_int_equal(fiscal_year(2027, 4), 2027);
    assert_int_equal(fiscal_year(2026, 12), 2026);
}

static void iso_round_trip_and_jst(void **state)
{
    (void)state;
    int64_t t;
    assert_true(time_parse_iso("2027-03-31T15:00:00Z", &t));
    char iso[21], jst[17];
    time_iso_utc(t, iso);
    assert_string_equal(iso, "2027-03-31T15:00:00Z");
    time_jst(t, jst); /* 15:00 UTC is midnight in Japan: the next day, and the next 年度 */
    assert_string_equal(jst, "2027-04-01 00:00");
    int y, m, d;
    time_jst_date(t, &y, &m, &d);
    assert_int_equal(fiscal_year(y, m), 2027);
    assert_true(time_parse_iso("2026-04-01", &t)); /* a bare date is 00:00 JST */
    time_iso_utc(t, iso);
    assert_string_equal(iso, "2026-03-31T15:00:00Z");
}

/* The digit-by-digit formatting equals strftime's for every field width: years 1970 to 9999,
 * every month, leap days, the last second of a year and of a day. */
static void iso_utc_equals_strftime(void **state)
{
    (void)state;
    const int64_t starts[] = {0, 951782399, 951782400, 1774000000, 4102444799, 253402300799};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        for (int64_t t = starts[k] > 40 * 86400 ? starts[k] - 40 * 86400 : 0;
             t <= starts[k] + 40 * 86400 && t <= 253402300799; t += 86400 + 3599) {
            time_t tt = (time_t)t;
            struct tm tm;
            char want[32], got[21];
            gmtime_r(&tt, &tm);
            strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
            time_iso_utc(t, got);
            assert_string_equal(got, want);
        }
    char got[21];
    time_iso_utc(253402300799, got); /* the last second of 9999 */
    assert_string_equal(got, "9999-12-31T23:59:59Z");
}

static void bad_dates_rejected(void **state)
{
    (void)state;
    int64_t t;
    int y, m, d;
    assert_false(time_parse_iso("2026-02-29", &t)); /* not a leap year */
    assert_true(time_parse_iso("2028-02-29", &t));
    assert_false(time_parse_iso("2026-13-01", &t));
    assert_false(time_parse_iso("2026-01-01T25:00:00Z", &t));
    assert_false(time_parse_iso("2026-01-01x", &t));
    assert_false(time_parse_iso("", &t));
    assert_false(date_parse("2026/01/01", &y, &m, &d));
}

static void fixed_clock_moves(void **state)
{
    (void)state;
    Clock c = clock_fixed(1000);
    assert_int_equal(clock_now(&c), 1000);
    c.fixed += 60;
    assert_int_equal(clock_now(&c), 1060);
    assert_true(clock_now(clock_system()) > 1700000000);
}

static void buf_grows(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    assert_string_equal(buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(strncmp(buf_str(&b), "0,1,2,", 6), 0);
    char *s = buf_take(&b);
    assert_int_equal(b.len, 0);
    free(s);
}

static void nfkc_folds_width(void **state)
{
    (void)state;
    char *s = text_nfkc("ＬＧＷＡＮ接続系　３Ｂ");
    assert_string_equal(s, "LGWAN接続系 3B");
    free(s);
    assert_null(text_nfkc("\xff\xfe"));
}

static void text_validation(void **state)
{
    (void)state;
    assert_true(text_valid("情報政策課", 100, false));
    assert_false(text_valid("a\x01", 100, false));
    assert_false(text_valid("line\nbreak", 100, false));
    assert_true(text_valid("line\nbreak", 100, true));
    assert_false(text_valid("\xe6\x83", 100, false)); /* truncated UTF-8 */
    assert_false(text_valid("abcdef", 5, false));
    /* invisible characters that change how a name is shown: bidi controls, zero-width, BOM, C1 */
    static const char *const hidden[] = {
        "\xe2\x80\xae" "exe.txt",   /* U+202E right-to-left override */
        "\xe2\x81\xa6" "abc",        /* U+2066 left-to-right isolate */
        "\xe2\x80\x8f" "abc",        /* U+200F right-to-left mark */
        "市民課\xe2\x80\x8b",         /* U+200B zero-width space */
        "a\xe2\x80\x8d" "b",          /* U+200D zero-width joiner */
        "\xe2\x81\xa0" "a",          /* U+2060 word joiner */
        "\xef\xbb\xbf" "a",          /* U+FEFF BOM */
        "a\xe2\x80\xa8" "b",          /* U+2028 line separator */
        "a\xc2\x85" "b",              /* U+0085 C1 next line */
        "a\x7f",                      /* DEL */
    };
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
        assert_false(text_valid(hidden[i], 100, true));
        assert_false(text_valid_chars(hidden[i], 100, true));
    }
    /* what names need stays: variation selectors (異体字), full-width forms, kana, emoji */
    assert_true(text_valid("葛\xf3\xa0\x84\x80飾区", 100, false)); /* U+E0100 */
    assert_true(text_valid("ＬＧＷＡＮ　接続系", 100, false));
    assert_true(text_valid("\xe2\x9c\x85 済", 100, false));
}

static void like_patterns_escape_wildcards(void **state)
{
    (void)state;
    char *p = text_like_contains("50%_off\\x");
    assert_string_equal(p, "%50\\%\\_off\\\\x%");
    free(p);
}

static void err_fills_both_languages(void **state)
{
    (void)state;
    Err e = {0};
    assert_int_equal(err_setf(&e, ST_INVALID, "invalid_text", "name", "%s が不正", "%s is bad", "名前"),
                     ST_INVALID);
    assert_string_equal(e.ja, "名前 が不正");
    assert_string_equal(e.en, "名前 is bad");
    assert_string_equal(e.field, "name");
    assert_int_equal(status_http(ST_LOCKED), 423);
}

/* The catalog (core/errors.def) decides a code's Status and HTTP status, and supplies the message a
 * raise site leaves out; a code outside it keeps what the caller said. */
static void err_catalog_decides_status(void **state)
{
    (void)state;
    size_t n;
    const ErrDef *all = err_catalog(&n);
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(err_def(all[i].code), &all[i]); /* sorted, so bisection finds each */
        if (i)
            assert_true(strcmp(all[i - 1].code, all[i].code) < 0);
    }
    assert_null(err_def("no_such_code"));
    assert_null(err_def(NULL));

    Err e = {0};
    assert_int_equal(err_set(&e, ST_INVALID, "person_not_found", "id", "", ""), ST_NOTFOUND);
    assert_int_equal(e.status, ST_NOTFOUND);
    assert_int_equal(err_http(&e), 404);
    assert_string_equal(err_message(&e), err_def("person_not_found")->ja);
    err_set(&e, ST_INVALID, "unsupported_media_type", "", "x", "x");
    assert_int_equal(err_http(&e), 415);
    err_set(&e, ST_LIMIT, "policy_too_large", "", "x", "x");
    assert_int_equal(err_http(&e), 413);
    err_set(&e, ST_LIMIT, "login_rate_limited", "", "x", "x");
    assert_int_equal(err_http(&e), 429);
    assert_int_equal(err_set(&e, ST_CONFLICT, "zz_not_in_catalog", "", "x", "x"), ST_CONFLICT);
    assert_int_equal(err_http(&e), 409);
    assert_string_equal(status_name(ST_TAMPER), "ST_TAMPER");
}

static void json_writer_nests_and_escapes(void **state)
{
    (void)state;
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "name");
    jw_string(&w, "情報\"政策\"課\\\n\x01");
    jw_key(&w, "list");
    jw_array_begin(&w);
    jw_int(&w, -5);
    jw_bool(&w, true);
    jw_null(&w);
    jw_array_begin(&w);
    jw_array_end(&w);
    jw_array_end(&w);
    jw_object_end(&w);
    char *s = jw_take(&w);
    assert_string_equal(s, "{\"name\":\"情報\\\"政策\\\"課\\\\\\n\\u0001\",\"list\":[-5,true,null,[]]}");
    free(s);
    /* A fragment: key/value pairs another writer splices into its object. */
    jw_key(&w, "a");
    jw_int(&w, 1);
    jw_key(&w, "b");
    jw_raw(&w, "[2]", 3);
    s = jw_take(&w);
    assert_string_equal(s, "\"a\":1,\"b\":[2]");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wareki_eras_and_first_year), cmocka_unit_test(fiscal_year_starts_in_april),
        cmocka_unit_test(iso_round_trip_and_jst),     cmocka_unit_test(iso_utc_equals_strftime),
        cmocka_unit_test(bad_dates_rejected),
        cmocka_unit_test(fixed_clock_moves),          cmocka_unit_test(buf_grows),
        cmocka_unit_test(nfkc_folds_width),           cmocka_unit_test(text_validation),
        cmocka_unit_test(err_fills_both_languages),   cmocka_unit_test(err_catalog_decides_status),
        cmocka_unit_test(json_writer_nests_and_escapes),
        cmocka_unit_test(like_patterns_escape_wildcards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
