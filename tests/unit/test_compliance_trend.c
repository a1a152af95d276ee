/* test_compliance_trend: the compliance dashboard's trend by month (issue 14) — a month's numbers are
 * kept once when it closes (the scheduler's tick, or the first read of the dashboard), for the
 * organisation and per unit; the trend of a 部局's or 課室's view sums its own units' rows; months
 * before the first snapshot stay empty (null). The clock is injected and moved across month ends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/evaluation/evaluation.h"
#include "domain/work/work.h"
#include "fixture.h"
#include "policy/capability.h"

#define DAY 86400
#define T0 1793491200 /* 2026-11-01T00:00:00Z (09:00 JST): October has just closed */

typedef struct Fx {
    TestWorld w;
    int64_t admin, chief, dept, sec, sec2, kacho, kacho2;
} Fx;

static void as(Fx *f, int64_t person, uint64_t caps)
{
    world_act_as(&f->w, person);
    f->w.actor.caps = CAP_SIGNED_IN | caps;
}

/* 総務部 with 情報政策課 (its 課長 is the 管理者) and 税務課 (no 管理者 yet). */
static int setup(void **state)
{
    Fx *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    int64_t root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->dept = world_unit(&f->w, root, "somu", "総務部", "department");
    f->sec = world_unit(&f->w, f->dept, "joho", "情報政策課", "section");
    f->sec2 = world_unit(&f->w, f->dept, "zeimu", "税務課", "section");
    f->admin = world_person(&f->w, "A1", "管理 一郎", f->sec);
    f->chief = world_person(&f->w, "C1", "統括 二郎", f->sec);
    f->kacho = world_person(&f->w, "M1", "情報 課長", f->sec);
    f->kacho2 = world_person(&f->w, "M2", "税務 課長", f->sec2);
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    world_assign(&f->w, f->admin, f->kacho, "section_security_manager", "unit", f->sec);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fx *f = *state;
    world_close(&f->w);
    free(f);
    return 0;
}

static json_t *measure_of(json_t *board, const char *id)
{
    size_t i, k;
    json_t *c, *m;
    json_array_foreach(json_object_get(board, "categories"), i, c)
        json_array_foreach(json_object_get(c, "measures"), k, m)
            if (strcmp(json_string_value(json_object_get(m, "id")), id) == 0)
                return m;
    fail_msg("no measure %s", id);
    return NULL;
}

/* The trend of measure id in month i (0 = eleven months ago … 11 = this month); -1 for null. */
static json_int_t at(json_t *board, const char *id, size_t i)
{
    json_t *v = json_array_get(json_object_get(measure_of(board, id), "trend"), i);
    assert_non_null(v);
    return json_is_null(v) ? -1 : json_integer_value(v);
}

static const char *month(json_t *board, size_t i)
{
    return json_string_value(json_array_get(json_object_get(json_object_get(board, "trend"), "months"), i));
}

static json_t *unit_board(Fx *f, int64_t unit)
{
    json_t *b = NULL;
    Err e = {0};
    if (compliance_dashboard_unit(&f->w.ctx, unit, &b, &e) != ST_OK)
        fail_msg("compliance_dashboard_unit %lld: %s", (long long)unit, e.code);
    return b;
}

static void test_first_read_keeps_last_month(void **state)
{
    Fx *f = *state;
    Err e = {0};
    json_t *b = NULL;
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM compliance_snapshots"), 0);
    assert_int_equal(compliance_dashboard(&f->w.ctx, &b, &e), ST_OK);
    assert_string_equal(month(b, 0), "2025-12");
    assert_string_equal(month(b, 10), "2026-10");
    assert_string_equal(month(b, 11), "2026-11");
    json_t *taken = json_object_get(json_object_get(b, "trend"), "taken_on");
    assert_string_equal(json_string_value(json_array_get(taken, 10)), "2026-11-01");
    assert_true(json_is_null(json_array_get(taken, 9)));
    assert_true(json_is_null(json_array_get(taken, 11)));
    /* 税務課 without a 管理者: one, in October (kept) and now (live); nothing known before */
    assert_int_equal(at(b, "sections_without_manager", 10), 1);
    assert_int_equal(at(b, "sections_without_manager", 11), 1);
    assert_int_equal(at(b, "sections_without_manager", 9), -1);
    assert_int_equal(at(b, "sections_without_manager", 0), -1);
    json_t *first = json_array_get(json_object_get(b, "categories"), 0);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(first, "trend"), 10)), 1);
    assert_true(json_is_null(json_array_get(json_object_get(first, "trend"), 9)));
    json_t *outsourcing = json_array_get(json_object_get(b, "categories"), 6); /* ⑦: nothing measured */
    assert_int_equal(json_integer_value(json_array_get(json_object_get(outsourcing, "trend"), 10)), 0);
    assert_true(json_is_null(json_array_get(json_object_get(outsourcing, "trend"), 9)));
    json_decref(b);
    /* kept per unit too, and for every measure of the organisation (also the ones at 0) */
    char q[200];
    snprintf(q, sizeof q,
             "SELECT value FROM compliance_snapshots WHERE month = '2026-10' AND measure_id = 'sections_without_manager'"
             " AND unit_id = %lld",
             (long long)f->sec2);
    assert_int_equal(world_count(&f->w, q), 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM compliance_snapshots WHERE month = '2026-10' AND unit_id = 0"
                                        " AND measure_id = 'assets_pending' AND value = 0"),
                     1);
    int64_t rows = world_count(&f->w, "SELECT count(*) FROM compliance_snapshots");
    /* the next read, and the scheduler, do not take it again */
    bool again = true;
    assert_int_equal(compliance_snapshot_due(&f->w.ctx, &again, &e), ST_OK);
    assert_false(again);
    assert_int_equal(compliance_dashboard(&f->w.ctx, &b, &e), ST_OK);
    json_decref(b);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM compliance_snapshots"), rows);
}

static void test_tick_keeps_each_month_and_units_sum_their_rows(void **state)
{
    Fx *f = *state;
    Err e = {0};
    SchedulerResult r = {0};
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, NULL, &r, &e), ST_OK);
    assert_true(r.snapshot); /* October, by the tick this time */
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, NULL, &r, &e), ST_OK);
    assert_false(r.snapshot);
    /* 税務課 gets its 管理者 in November; the tick of 2 December keeps November */
    f->w.clock.fixed = T0 + 31 * DAY;
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE;
    world_assign(&f->w, f->admin, f->kacho2, "section_security_manager", "unit", f->sec2);
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, NULL, &r, &e), ST_OK);
    assert_true(r.snapshot);

    as(f, f->chief, CAP_EVALUATION_MANAGE);
    json_t *b = NULL;
    assert_int_equal(compliance_dashboard(&f->w.ctx, &b, &e), ST_OK);
    assert_string_equal(month(b, 11), "2026-12");
    assert_int_equal(at(b, "sections_without_manager", 9), 1);  /* October */
    assert_int_equal(at(b, "sections_without_manager", 10), 0); /* November */
    assert_int_equal(at(b, "sections_without_manager", 11), 0); /* now */
    assert_int_equal(at(b, "sections_without_manager", 8), -1);
    json_decref(b);

    /* each 課長 sees their 課's rows only; the 部局's view sums its 課 */
    as(f, f->kacho2, 0);
    b = unit_board(f, f->sec2);
    assert_int_equal(at(b, "sections_without_manager", 9), 1);
    assert_int_equal(at(b, "sections_without_manager", 10), 0);
    assert_int_equal(at(b, "sections_without_manager", 8), -1);
    json_decref(b);
    as(f, f->kacho, 0);
    b = unit_board(f, f->sec);
    assert_int_equal(at(b, "sections_without_manager", 9), 0);
    assert_int_equal(at(b, "sections_without_manager", 8), -1);
    json_decref(b);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    b = unit_board(f, f->dept);
    assert_int_equal(at(b, "sections_without_manager", 9), 1);
    json_decref(b);
    /* a 課長 still cannot read another 課's view, trend or not */
    as(f, f->kacho, 0);
    json_t *other = NULL;
    assert_int_equal(compliance_dashboard_unit(&f->w.ctx, f->sec2, &other, &e), ST_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_read_keeps_last_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tick_keeps_each_month_and_units_sum_their_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
