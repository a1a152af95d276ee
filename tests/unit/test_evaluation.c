/* test_evaluation: the periodic duties of checks.yaml (issue 14, part 1) — status per 年度 and per N
 * days, who sees and records them, every bad input, the reminders before and after the due date,
 * and the home page's tasks. The clock is injected and moved across the 年度 boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/audit/audit.h"
#include "domain/evaluation/evaluation.h"
#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "domain/systems/systems.h"
#include "domain/work/work.h"
#include "fixture.h"
#include "policy/capability.h"
#include "policydoc/policydoc.h"
#include "report/readiness.h"

#define DAY 86400
#define T0 1793491200 /* 2026-11-01T00:00:00Z: 令和8年度, 150 days before its end */

typedef struct Fx {
    TestWorld w;
    int64_t admin, chief, auditor, staff;
    int64_t dept, sec, sec2, kacho, kacho2;
} Fx;

static void as(Fx *f, int64_t person, uint64_t caps)
{
    world_act_as(&f->w, person);
    f->w.actor.caps = CAP_SIGNED_IN | caps;
}

static int setup(void **state)
{
    Fx *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    int64_t root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    int64_t dept = f->dept = world_unit(&f->w, root, "somu", "総務部", "department");
    int64_t sec = f->sec = world_unit(&f->w, dept, "joho", "情報政策課", "section");
    f->sec2 = world_unit(&f->w, dept, "zeimu", "税務課", "section");
    f->admin = world_person(&f->w, "A1", "管理 一郎", sec);
    f->chief = world_person(&f->w, "C1", "統括 二郎", sec);
    f->auditor = world_person(&f->w, "K1", "監査 三郎", sec);
    f->staff = world_person(&f->w, "S1", "職員 四郎", sec);
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    world_assign(&f->w, f->admin, f->chief, "chief_security_officer", "organisation", 0);
    world_assign(&f->w, f->admin, f->auditor, "audit_lead", "organisation", 0);
    f->kacho = world_person(&f->w, "M1", "情報 課長", sec);
    f->kacho2 = world_person(&f->w, "M2", "税務 課長", f->sec2);
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    world_assign(&f->w, f->admin, f->kacho, "section_security_manager", "unit", sec);
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

static json_t *find(json_t *list, const char *id)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(list, "items"), i, d)
        if (strcmp(json_string_value(json_object_get(d, "id")), id) == 0)
            return d;
    return NULL;
}

static const char *state_of(Fx *f, const char *id)
{
    json_t *d = NULL;
    Err e = {0};
    if (duty_get(&f->w.ctx, id, &d, &e) != ST_OK)
        fail_msg("duty_get %s: %s", id, e.code);
    static char buf[32];
    snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(d, "state")));
    json_decref(d);
    return buf;
}

static void record_ok(Fx *f, const char *id, const char *on)
{
    Err e = {0};
    if (duty_record(&f->w.ctx, id, on, "実施した", "共有フォルダ/記録", NULL, &e) != ST_OK)
        fail_msg("duty_record %s %s: %s %s", id, on, e.code, e.en);
}

/* An owner sees their duties; a manager every duty (with the standing ones); anyone else none. */
static void test_who_sees_what(void **state)
{
    Fx *f = *state;
    Err e = {0};
    json_t *list = NULL;
    as(f, f->auditor, 0);
    assert_int_equal(duties_list(&f->w.ctx, &list, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
    json_t *audit = find(list, "audit_per_fiscal_year");
    assert_non_null(audit);
    assert_string_equal(json_string_value(json_object_get(audit, "article")), "第154条");
    assert_string_equal(json_string_value(json_object_get(audit, "due")), "2027-03-31");
    assert_int_equal(json_integer_value(json_object_get(list, "fiscal_year")), 2026);
    assert_true(json_is_true(json_object_get(audit, "may_record")));
    json_decref(list);

    as(f, f->staff, 0);
    assert_int_equal(duties_list(&f->w.ctx, &list, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 0);
    json_decref(list);
    json_t *d = NULL;
    assert_int_equal(duty_get(&f->w.ctx, "audit_per_fiscal_year", &d, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "duty_not_found");

    as(f, f->staff, CAP_EVALUATION_MANAGE);
    assert_int_equal(duties_list(&f->w.ctx, &list, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(list, "items")), f->w.pack->n_checks);
    json_t *standing = find(list, "initial_password_change");
    assert_string_equal(json_string_value(json_object_get(standing, "state")), "standing");
    assert_false(json_is_true(json_object_get(standing, "may_record")));
    json_decref(list);
    assert_int_equal(duty_get(&f->w.ctx, "no_such_duty", &d, &e), ST_NOTFOUND);
}

/* Per 年度: open → due soon in the last 30 days → done once recorded; the next 年度 starts again and
 * remembers whether the previous one was met. */
static void test_fiscal_year_duty(void **state)
{
    Fx *f = *state;
    as(f, f->auditor, 0);
    assert_string_equal(state_of(f, "audit_per_fiscal_year"), "open");
    f->w.clock.fixed = T0 + 125 * DAY; /* 2027-03-06: 25 days before 3月31日 */
    assert_string_equal(state_of(f, "audit_per_fiscal_year"), "due_soon");
    record_ok(f, "audit_per_fiscal_year", "2027-03-05");
    assert_string_equal(state_of(f, "audit_per_fiscal_year"), "done");
    f->w.clock.fixed = T0 + 152 * DAY; /* 2027-04-02: 令和9年度 */
    json_t *d = NULL;
    Err e = {0};
    assert_int_equal(duty_get(&f->w.ctx, "audit_per_fiscal_year", &d, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(d, "state")), "open");
    assert_int_equal(json_integer_value(json_object_get(d, "done_count")), 0);
    json_t *prev = json_object_get(d, "previous");
    assert_int_equal(json_integer_value(json_object_get(prev, "fiscal_year")), 2026);
    assert_true(json_is_true(json_object_get(prev, "met")));
    assert_int_equal(json_array_size(json_object_get(d, "records")), 1);
    json_t *r0 = json_array_get(json_object_get(d, "records"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r0, "recorded_by"), "name")), "監査 三郎");
    json_decref(d);
    /* recorded in the previous 年度's column, with its trail entry */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM duty_records WHERE fiscal_year = 2026"), 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE action = 'duty.record'"), 1);
}

/* Every N days: never recorded → due from the last record + N; reminded 14 days before; overdue after. */
static void test_days_duty(void **state)
{
    Fx *f = *state;
    as(f, f->chief, 0);
    assert_string_equal(state_of(f, "unused_account_days"), "never");
    record_ok(f, "unused_account_days", "2026-10-01");
    json_t *d = NULL;
    Err e = {0};
    assert_int_equal(duty_get(&f->w.ctx, "unused_account_days", &d, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(d, "due")), "2026-12-30"); /* + 90 days */
    assert_string_equal(json_string_value(json_object_get(d, "state")), "done");
    json_decref(d);
    f->w.clock.fixed = T0 + 50 * DAY; /* 2026-12-21 */
    assert_string_equal(state_of(f, "unused_account_days"), "due_soon");
    f->w.clock.fixed = T0 + 60 * DAY; /* 2026-12-31 */
    assert_string_equal(state_of(f, "unused_account_days"), "overdue");
}

/* Only owners (or evaluation.manage) record; every bad input is refused and nothing is stored. */
static void test_record_refusals(void **state)
{
    Fx *f = *state;
    Err e = {0};
    as(f, f->staff, 0);
    assert_int_equal(duty_record(&f->w.ctx, "audit_per_fiscal_year", "2026-10-01", "x", NULL, NULL, &e), ST_FORBIDDEN);
    assert_int_equal(duty_record(&f->w.ctx, "nothing", "2026-10-01", "x", NULL, NULL, &e), ST_NOTFOUND);
    as(f, f->auditor, 0);
    /* another owner's duty */
    assert_int_equal(duty_record(&f->w.ctx, "unused_account_days", "2026-10-01", "x", NULL, NULL, &e), ST_FORBIDDEN);
    struct { const char *on, *summary, *evidence, *code, *field; } bad[] = {
        {"2026-11-02", "x", NULL, "date_in_future", "done_on"},
        {"2025-03-31", "x", NULL, "date_too_old", "done_on"},
        {"2026-02-30", "x", NULL, "invalid_date", "done_on"},
        {"20261001", "x", NULL, "invalid_date", "done_on"},
        {"2026-10-01", "", NULL, "required", "summary"},
        {"2026-10-01", "a\x01", NULL, "invalid_text", "summary"},
        {"2026-10-01", "x", "a\nb", "invalid_text", "evidence"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        e = (Err){0};
        assert_int_equal(duty_record(&f->w.ctx, "audit_per_fiscal_year", bad[i].on, bad[i].summary, bad[i].evidence,
                                     NULL, &e), ST_INVALID);
        assert_string_equal(e.code, bad[i].code);
        assert_string_equal(e.field, bad[i].field);
    }
    char *long_summary = malloc(2002 * 3 + 1);
    long_summary[0] = '\0';
    for (int i = 0; i < 2001; i++)
        strcat(long_summary, "あ");
    assert_int_equal(duty_record(&f->w.ctx, "audit_per_fiscal_year", "2026-10-01", long_summary, NULL, NULL, &e),
                     ST_INVALID);
    long_summary[2000 * 3] = '\0'; /* exactly 2000 characters is accepted */
    assert_int_equal(duty_record(&f->w.ctx, "audit_per_fiscal_year", "2026-10-01", long_summary, NULL, NULL, &e), ST_OK);
    free(long_summary);
    as(f, f->staff, CAP_EVALUATION_MANAGE);
    assert_int_equal(duty_record(&f->w.ctx, "initial_password_change", "2026-10-01", "x", NULL, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "duty_not_periodic");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM duty_records"), 1);
    /* the first of the previous 年度 is still accepted */
    record_ok(f, "audit_per_fiscal_year", "2025-04-01");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM duty_records WHERE fiscal_year = 2025"), 1);
}

static int64_t notes(Fx *f, int64_t person, const char *kind)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications WHERE person_id = %lld AND kind = '%s'",
             (long long)person, kind);
    return world_count(&f->w, sql);
}

/* Reminders go to the owners once per due date; a missed 年度 is reported in the next April. */
static void test_reminders(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int n = 0;
    as(f, 0, 0);
    assert_int_equal(duties_remind(&f->w.ctx, &n, &e), ST_OK);
    /* 2026-11-01: the N-day duties were never recorded: the 統括 is told, once each */
    assert_int_equal(notes(f, f->chief, "duty_overdue"), 2);
    assert_int_equal(notes(f, f->auditor, "duty_overdue"), 0);
    assert_int_equal(notes(f, f->staff, "duty_overdue") + notes(f, f->staff, "duty_due_soon"), 0);
    assert_int_equal(duties_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    f->w.clock.fixed = T0 + 125 * DAY; /* 2027-03-06 */
    assert_int_equal(duties_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->auditor, "duty_due_soon"), 1);
    as(f, f->auditor, 0);
    record_ok(f, "audit_per_fiscal_year", "2027-03-06");
    /* the home page: the chief's overdue duties are tasks, the auditor's done duty is not */
    json_t *tasks = NULL;
    assert_int_equal(tasks_for_actor(&f->w.ctx, &tasks, &e), ST_OK);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(tasks, "items"), i, t)
        assert_null(strstr(json_string_value(json_object_get(t, "kind")), "duty"));
    json_decref(tasks);
    as(f, f->chief, 0);
    assert_int_equal(tasks_for_actor(&f->w.ctx, &tasks, &e), ST_OK);
    int duty_tasks = 0;
    json_array_foreach(json_object_get(tasks, "items"), i, t)
        if (strcmp(json_string_value(json_object_get(t, "kind")), "duty_overdue") == 0) {
            duty_tasks++;
            assert_non_null(strstr(json_string_value(json_object_get(t, "link")), "/duties/"));
        }
    json_decref(tasks);
    assert_true(duty_tasks >= 2);
    /* 2027-04-02: the audit was done in 令和8年度, the self-check was not */
    as(f, 0, 0);
    f->w.clock.fixed = T0 + 152 * DAY;
    int64_t before = notes(f, f->auditor, "duty_overdue");
    assert_int_equal(duties_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->auditor, "duty_overdue"), before);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE dedup_key LIKE"
                                        " 'duty:selfcheck_per_fiscal_year:fy2026:missed:%'"), 1);
    /* and not any more after the first month */
    f->w.clock.fixed = T0 + 200 * DAY;
    int64_t total = world_count(&f->w, "SELECT count(*) FROM notifications WHERE dedup_key LIKE '%:missed:%'");
    assert_int_equal(duties_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE dedup_key LIKE '%:missed:%'"), total);
}


/* ------------------------------------------------------------------ 自己点検 */

static int64_t open_campaign(Fx *f)
{
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    json_t *body = json_pack("{s:i, s:s, s:[I, I]}", "fiscal_year", 2026, "title", "令和8年度 自己点検", "unit_ids",
                             (json_int_t)f->sec, (json_int_t)f->sec2);
    int64_t id = 0;
    Err e = {0};
    if (selfcheck_open(&f->w.ctx, body, &id, &e) != ST_OK)
        fail_msg("selfcheck_open: %s %s", e.code, e.en);
    json_decref(body);
    return id;
}

static json_t *sheet_item(json_t *sheet, const char *id)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(sheet, "items"), i, it)
        if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0)
            return it;
    return NULL;
}

static void test_selfcheck_open_refusals(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t id = 0;
    as(f, f->kacho, 0);
    json_t *ok = json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2026, "title", "t", "unit_ids", (json_int_t)f->sec);
    assert_int_equal(selfcheck_open(&f->w.ctx, ok, &id, &e), ST_FORBIDDEN);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    struct { json_t *body; const char *code, *field; } bad[] = {
        {json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2024, "title", "t", "unit_ids", (json_int_t)f->sec), "invalid_fiscal_year", "fiscal_year"},
        {json_pack("{s:s, s:[I]}", "title", "t", "unit_ids", (json_int_t)f->sec), "required", "fiscal_year"},
        {json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2026, "title", "", "unit_ids", (json_int_t)f->sec), "required", "title"},
        {json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2026, "title", "a\nb", "unit_ids", (json_int_t)f->sec), "invalid_text", "title"},
        {json_pack("{s:i, s:s, s:[]}", "fiscal_year", 2026, "title", "t", "unit_ids"), "required", "unit_ids"},
        {json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2026, "title", "t", "unit_ids", (json_int_t)f->dept), "unknown_unit", "unit_ids"},
        {json_pack("{s:i, s:s, s:[I]}", "fiscal_year", 2026, "title", "t", "unit_ids", (json_int_t)99999), "unknown_unit", "unit_ids"},
        {json_pack("{s:i, s:s, s:[I, I]}", "fiscal_year", 2026, "title", "t", "unit_ids", (json_int_t)f->sec, (json_int_t)f->sec), "duplicate_unit", "unit_ids"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        e = (Err){0};
        assert_int_equal(selfcheck_open(&f->w.ctx, bad[i].body, &id, &e), ST_INVALID);
        assert_string_equal(e.code, bad[i].code);
        assert_string_equal(e.field, bad[i].field);
        json_decref(bad[i].body);
    }
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_campaigns"), 0);
    assert_int_equal(selfcheck_open(&f->w.ctx, ok, &id, &e), ST_OK);
    json_decref(ok);
}

/* The 課長 sees their own 課 only, with the answers lgsec knows from the data; confirms one, corrects
 * another (a reason is required), answers the rest; the results count as the database does. */
static void test_selfcheck_answers_and_results(void **state)
{
    Fx *f = *state;
    int64_t id = open_campaign(f);
    Err e = {0};
    json_t *sheet = NULL;
    as(f, f->kacho2, 0); /* 税務課 has no 管理者 assigned: the 課長 answers for nothing */
    assert_int_equal(selfcheck_sheet(&f->w.ctx, id, f->sec2, &sheet, &e), ST_NOTFOUND);
    as(f, f->kacho, 0);
    assert_int_equal(selfcheck_sheet(&f->w.ctx, id, f->sec2, &sheet, &e), ST_NOTFOUND);
    assert_int_equal(selfcheck_sheet(&f->w.ctx, id, f->sec, &sheet, &e), ST_OK);
    json_t *mgr = sheet_item(sheet, "org_managers_assigned");
    json_t *au = json_object_get(mgr, "auto");
    assert_string_equal(json_string_value(json_object_get(au, "answer")), "yes");
    assert_non_null(strstr(json_string_value(json_array_get(json_object_get(au, "evidence"), 0)), "情報 課長"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(sheet_item(sheet, "assets_take_outs_recorded"), "auto"),
                                                          "answer")), "yes");
    assert_true(json_is_null(json_object_get(sheet_item(sheet, "human_clear_desk"), "auto")));
    assert_null(sheet_item(sheet, "org_ciso_appointed")); /* an organisation item is the 統括's */
    size_t n_items = json_array_size(json_object_get(sheet, "items"));
    json_decref(sheet);

    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "org_managers_assigned", "yes", NULL, &e), ST_OK);
    e = (Err){0};
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "assets_take_outs_recorded", "partly", "", &e), ST_INVALID);
    assert_string_equal(e.code, "required");
    assert_string_equal(e.field, "note");
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "assets_take_outs_recorded", "partly",
                                      "持ち込みの記録が紙の台帳にある", &e), ST_OK);
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "human_clear_desk", "no", NULL, &e), ST_OK);
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "human_clear_desk", "yes", "再点検した", &e), ST_OK);
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "no_item", "yes", NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_item");
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "org_ciso_appointed", "yes", NULL, &e), ST_INVALID);
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "human_clear_desk", "maybe", NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_answer");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_answers WHERE auto_answer = 'yes'"), 2);

    json_t *c = NULL;
    assert_int_equal(selfcheck_get(&f->w.ctx, id, &c, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(c, "units")), 1); /* the 課長's own 課 only */
    json_decref(c);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    assert_int_equal(selfcheck_get(&f->w.ctx, id, &c, &e), ST_OK);
    json_t *units = json_object_get(c, "units");
    assert_int_equal(json_array_size(units), 2);
    json_t *u0 = json_array_get(units, 0);
    assert_int_equal(json_integer_value(json_object_get(u0, "yes")),
                     world_count(&f->w, "SELECT count(*) FROM selfcheck_answers WHERE answer = 'yes'"));
    assert_int_equal(json_integer_value(json_object_get(u0, "partly")), 1);
    assert_int_equal(json_integer_value(json_object_get(u0, "unanswered")), (json_int_t)n_items - 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(units, 1), "unanswered")), (json_int_t)n_items);
    json_int_t cat_total = 0;
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(c, "by_category"), i, k)
        cat_total += json_integer_value(json_object_get(k, "yes")) + json_integer_value(json_object_get(k, "partly")) +
                     json_integer_value(json_object_get(k, "no")) + json_integer_value(json_object_get(k, "na")) +
                     json_integer_value(json_object_get(k, "unanswered"));
    /* the 統括 sees the organisation's sheet in the results too: its items count in their categories */
    json_t *org = json_object_get(c, "organisation");
    json_int_t n_org = json_integer_value(json_object_get(c, "items_organisation"));
    assert_true(n_org > 0);
    assert_int_equal(json_integer_value(json_object_get(org, "unanswered")), n_org);
    assert_int_equal((json_int_t)json_array_size(json_object_get(org, "items")), n_org);
    assert_int_equal(cat_total, 2 * (json_int_t)n_items + n_org);
    json_decref(c);

    assert_int_equal(selfcheck_close(&f->w.ctx, id, &e), ST_OK);
    as(f, f->kacho, 0);
    assert_int_equal(selfcheck_answer(&f->w.ctx, id, f->sec, "human_training", "yes", NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "selfcheck_closed");
    assert_int_equal(selfcheck_close(&f->w.ctx, id, &e), ST_FORBIDDEN);
}

/* 第164条: an improvement action with owner and due date, closed by its owner with the result. */
static const char *auto_of(json_t *sheet, const char *item)
{
    return json_string_value(json_object_get(json_object_get(sheet_item(sheet, item), "auto"), "answer"));
}

/* 第162条: the organisation's items (scope organisation), answered by the 統括 only; lgsec answers the
 * CISO (第12条) and the CSIRT責任者 (第21条2) from the role register, the 年度's audit findings and
 * their plans (第160条) from the audits; a different answer needs a note; results per category. */
static void test_selfcheck_organisation(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t id = open_campaign(f);
    size_t n_org = 0;
    for (size_t n = 0; n < f->w.ctx.pack->n_selfcheck; n++)
        n_org += f->w.ctx.pack->selfcheck[n].scope && strcmp(f->w.ctx.pack->selfcheck[n].scope, "organisation") == 0;
    json_t *sheet = NULL;
    assert_int_equal(selfcheck_org_sheet(&f->w.ctx, id, &sheet, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(sheet, "items")), n_org);
    assert_string_equal(auto_of(sheet, "org_ciso_appointed"), "no"); /* nobody is CISO yet */
    assert_string_equal(auto_of(sheet, "org_csirt"), "no");
    assert_string_equal(auto_of(sheet, "review_audit_findings"), "yes"); /* no audit, no finding */
    assert_string_equal(auto_of(sheet, "review_policy"), "no");          /* no 見直し recorded (第165条) */
    assert_true(json_is_null(json_object_get(sheet_item(sheet, "org_emergency_contacts"), "auto"))); /* no data for it */
    json_decref(sheet);
    /* a CISO appointed today: lgsec now says yes, with the name as evidence */
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE;
    world_assign(&f->w, f->admin, f->chief, "ciso", "organisation", 0);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    assert_int_equal(selfcheck_org_sheet(&f->w.ctx, id, &sheet, &e), ST_OK);
    assert_string_equal(auto_of(sheet, "org_ciso_appointed"), "yes");
    json_t *ev = json_object_get(json_object_get(sheet_item(sheet, "org_ciso_appointed"), "auto"), "evidence");
    assert_non_null(strstr(json_string_value(json_array_get(ev, 0)), "統括 二郎"));
    json_decref(sheet);

    /* bad input: nothing stored */
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "human_clear_desk", "yes", NULL, &e), ST_INVALID); /* a 課室 item */
    assert_string_equal(e.code, "unknown_item");
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_ciso_appointed", "maybe", NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_answer");
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_csirt", "yes", NULL, &e), ST_INVALID); /* differs from lgsec */
    assert_string_equal(e.field, "note");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_org_answers"), 0);
    /* a 課長 (no evaluation.manage) does not see the sheet */
    as(f, f->kacho, 0);
    assert_int_equal(selfcheck_org_sheet(&f->w.ctx, id, &sheet, &e), ST_NOTFOUND);
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_ciso_appointed", "yes", NULL, &e), ST_NOTFOUND);
    json_t *c = NULL;
    assert_int_equal(selfcheck_get(&f->w.ctx, id, &c, &e), ST_OK);
    assert_true(json_is_null(json_object_get(c, "organisation")));
    json_decref(c);

    as(f, f->chief, CAP_EVALUATION_MANAGE);
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_ciso_appointed", "yes", NULL, &e), ST_OK);
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_csirt", "partly", "CSIRTは設置済み、責任者は選任手続中", &e), ST_OK);
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_csirt", "no", "責任者が未選任", &e), ST_OK); /* corrected */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_org_answers"), 2);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_org_answers WHERE item_id = 'org_csirt' AND answer = 'no'"
                                        " AND auto_answer = 'no'"), 1);
    assert_int_equal(selfcheck_get(&f->w.ctx, id, &c, &e), ST_OK);
    json_t *org = json_object_get(c, "organisation");
    assert_int_equal(json_integer_value(json_object_get(org, "yes")), 1);
    assert_int_equal(json_integer_value(json_object_get(org, "no")), 1);
    assert_int_equal(json_integer_value(json_object_get(org, "unanswered")), (json_int_t)n_org - 2);
    /* ①組織体制 holds the 課室 item 第16条 and the organisation's 第12条・第21条2 */
    size_t i;
    json_t *k;
    json_int_t org_yes_in_cat = -1;
    json_array_foreach(json_object_get(c, "by_category"), i, k)
        if (strcmp(json_string_value(json_object_get(k, "category")), "①組織体制") == 0)
            org_yes_in_cat = json_integer_value(json_object_get(k, "yes")) + json_integer_value(json_object_get(k, "no"));
    assert_int_equal(org_yes_in_cat, 2); /* no 課室 has answered yet */
    json_decref(c);

    assert_int_equal(selfcheck_close(&f->w.ctx, id, &e), ST_OK);
    assert_int_equal(selfcheck_org_answer(&f->w.ctx, id, "org_emergency_contacts", "yes", NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "selfcheck_closed");
}


/* 自己点検 over a system: its 情報システム管理者 (税務課長) answers, the 情報政策課長 does not; lgsec's
 * answers follow the role register, the components' support end and the register's backup. */
static void test_selfcheck_system(void **state)
{
    Fx *f = *state;
    Err e = {0};
    as(f, f->admin, CAP_ROLES_MANAGE);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:i}", "code", "ZEI-1", "name", "税務システム", "zone", "lgwan",
                           "owner_unit_id", (json_int_t)f->sec2, "location", "onprem", "backup", 0);
    int64_t sys = 0, old = 0, unknown = 0;
    if (system_create(&f->w.ctx, in, &sys, &e) != ST_OK)
        fail_msg("system_create: %s %s", e.code, e.en);
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s}", "kind", "software", "name", "旧OS", "support_end", "2025-01-31");
    assert_int_equal(system_add_component(&f->w.ctx, sys, in, &old, &e), ST_OK);
    json_decref(in);
    in = json_pack("{s:s, s:s}", "kind", "server", "name", "業務サーバー");
    assert_int_equal(system_add_component(&f->w.ctx, sys, in, &unknown, &e), ST_OK);
    json_decref(in);

    as(f, f->chief, CAP_EVALUATION_MANAGE);
    json_t *body = json_pack("{s:i, s:s, s:[I], s:[I]}", "fiscal_year", 2026, "title", "点検", "unit_ids", (json_int_t)f->sec,
                             "system_ids", (json_int_t)sys);
    int64_t id = 0;
    assert_int_equal(selfcheck_open(&f->w.ctx, body, &id, &e), ST_OK);
    json_decref(body);
    json_t *sheet = NULL;
    assert_int_equal(selfcheck_system_sheet(&f->w.ctx, id, sys, &sheet, &e), ST_OK);
    assert_string_equal(auto_of(sheet, "sys_manager_assigned"), "no"); /* nobody assigned yet */
    assert_string_equal(auto_of(sheet, "sys_maintenance_done"), "no");
    assert_int_equal(json_array_size(json_object_get(json_object_get(sheet_item(sheet, "sys_maintenance_done"), "auto"),
                                                     "evidence")), 2);
    assert_string_equal(auto_of(sheet, "sys_backup_done"), "no");
    assert_null(sheet_item(sheet, "org_managers_assigned")); /* a 課室 item is not a system's */
    json_decref(sheet);

    as(f, f->admin, CAP_ROLES_MANAGE);
    world_assign(&f->w, f->admin, f->kacho2, "system_manager", "system", sys);
    assert_int_equal(system_remove_component(&f->w.ctx, sys, old, &e), ST_OK);
    json_t *patch = json_pack("{s:i}", "backup", 1);
    assert_int_equal(system_update(&f->w.ctx, sys, patch, &e), ST_OK);
    json_decref(patch);

    as(f, f->kacho, 0); /* a 課室's manager, not the system's */
    assert_int_equal(selfcheck_system_sheet(&f->w.ctx, id, sys, &sheet, &e), ST_NOTFOUND);
    assert_int_equal(selfcheck_system_answer(&f->w.ctx, id, sys, "sys_room_access", "yes", NULL, &e), ST_NOTFOUND);
    as(f, f->kacho2, 0);
    assert_int_equal(selfcheck_system_sheet(&f->w.ctx, id, sys, &sheet, &e), ST_OK);
    assert_string_equal(auto_of(sheet, "sys_manager_assigned"), "yes");
    assert_non_null(strstr(json_string_value(json_array_get(json_object_get(json_object_get(sheet_item(sheet,
        "sys_manager_assigned"), "auto"), "evidence"), 0)), "税務 課長"));
    assert_string_equal(auto_of(sheet, "sys_maintenance_done"), "partly"); /* the server's support end is unknown */
    assert_string_equal(auto_of(sheet, "sys_backup_done"), "yes");
    json_decref(sheet);
    assert_int_equal(selfcheck_system_answer(&f->w.ctx, id, sys, "sys_maintenance_done", "yes", NULL, &e), ST_INVALID);
    assert_string_equal(e.field, "note");
    assert_int_equal(selfcheck_system_answer(&f->w.ctx, id, sys, "sys_manager_assigned", "yes", NULL, &e), ST_OK);
    json_t *c = NULL;
    assert_int_equal(selfcheck_get(&f->w.ctx, id, &c, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(c, "units")), 0);
    json_t *row = json_array_get(json_object_get(c, "systems"), 0);
    assert_int_equal(json_integer_value(json_object_get(row, "yes")), 1);
    json_decref(c);

    /* the campaign's 課室 and systems (one added later) and the system's answer match their trail;
     * edited, added or removed directly, each is named by campaign/unit, campaign/system(/item) */
    as(f, f->admin, CAP_ROLES_MANAGE);
    in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "ZEI-2", "name", "収納システム", "zone", "lgwan", "owner_unit_id",
                   (json_int_t)f->sec2, "location", "onprem");
    int64_t sys2 = 0;
    if (system_create(&f->w.ctx, in, &sys2, &e) != ST_OK)
        fail_msg("system_create: %s %s", e.code, e.en);
    json_decref(in);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    json_t *more = json_pack("[I]", (json_int_t)sys2);
    assert_int_equal(selfcheck_systems_add(&f->w.ctx, id, more, &e), ST_OK);
    json_decref(more);
    static const char *const tables[] = {"selfcheck_targets", "selfcheck_system_targets", "selfcheck_system_answers", NULL};
    char *got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
    char sql[300], want[600];
    world_sql(&f->w, "UPDATE selfcheck_system_answers SET note = '改'");
    snprintf(sql, sizeof sql, "DELETE FROM selfcheck_system_targets WHERE system_id = %lld", (long long)sys2);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "DELETE FROM selfcheck_targets WHERE unit_id = %lld", (long long)f->sec);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "INSERT INTO selfcheck_targets(campaign_id, unit_id) VALUES (%lld, %lld)", (long long)id,
             (long long)f->sec2);
    world_sql(&f->w, sql);
    snprintf(want, sizeof want,
             "selfcheck_targets %lld/%lld  no_trail\nselfcheck_targets %lld/%lld  row_missing\n"
             "selfcheck_system_targets %lld/%lld  row_missing\n"
             "selfcheck_system_answers %lld/%lld/sys_manager_assigned note differs\n",
             (long long)id, (long long)f->sec2, (long long)id, (long long)f->sec, (long long)id, (long long)sys2,
             (long long)id, (long long)sys);
    got = world_findings(&f->w, tables);
    assert_string_equal(got, want);
    free(got);
}

static void test_selfcheck_actions(void **state)
{
    Fx *f = *state;
    int64_t id = open_campaign(f);
    Err e = {0};
    int64_t aid = 0;
    as(f, f->kacho, 0);
    assert_int_equal(selfcheck_action_add(&f->w.ctx, id, f->sec, "human_clear_desk", "施錠できる保管庫を購入する", f->staff,
                                          "2026-10-31", &aid, &e), ST_INVALID);
    assert_string_equal(e.field, "due_on");
    assert_int_equal(selfcheck_action_add(&f->w.ctx, id, f->sec, "human_clear_desk", "", f->staff, "2026-12-31", &aid, &e),
                     ST_INVALID);
    assert_int_equal(selfcheck_action_add(&f->w.ctx, id, f->sec, "human_clear_desk", "x", 99999, "2026-12-31", &aid, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "unknown_person");
    assert_int_equal(selfcheck_action_add(&f->w.ctx, id, f->sec, "human_clear_desk", "施錠できる保管庫を購入する", f->staff,
                                          "2026-12-31", &aid, &e), ST_OK);
    as(f, f->kacho2, 0);
    assert_int_equal(selfcheck_action_close(&f->w.ctx, aid, "購入した", &e), ST_NOTFOUND);
    as(f, f->staff, 0);
    assert_int_equal(selfcheck_action_close(&f->w.ctx, aid, "", &e), ST_INVALID);
    assert_int_equal(selfcheck_action_close(&f->w.ctx, aid, "保管庫を購入し、媒体を施錠保管した", &e), ST_OK);
    assert_int_equal(selfcheck_action_close(&f->w.ctx, aid, "again", &e), ST_CONFLICT);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM selfcheck_actions WHERE state = 'done'"), 1);
    as(f, f->kacho, 0);
    json_t *sheet = NULL;
    assert_int_equal(selfcheck_sheet(&f->w.ctx, id, f->sec, &sheet, &e), ST_OK);
    json_t *a0 = json_array_get(json_object_get(sheet, "actions"), 0);
    assert_string_equal(json_string_value(json_object_get(a0, "state")), "done");
    assert_string_equal(json_string_value(json_object_get(a0, "owner_name")), "職員 四郎");
    json_decref(sheet);
}

/* reconcile_registers' findings for the evaluation tables as "table id column problem" lines (the
 * fixture's people and units are inserted without trail entries, so those are not looked at). */
static const char *const eval_tables[] = {"duty_records", "audits", "audit_findings", "selfcheck_campaigns",
                                          "selfcheck_actions", "selfcheck_answers", "audit_auditors", NULL};

static char *findings_in(Fx *f, const char *const *tables)
{
    json_t *all = NULL;
    size_t total = 0;
    Err e = {0};
    if (reconcile_registers(&f->w.ctx, 0, &all, &total, &e) != ST_OK)
        fail_msg("reconcile_registers: %s", e.en);
    char *out = calloc(1, 4096);
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        const char *table = json_string_value(json_object_get(x, "table"));
        for (int k = 0; tables[k]; k++)
            if (strcmp(table, tables[k]) == 0)
                snprintf(out + strlen(out), 4096 - strlen(out), "%s %s %s %s\n", table,
                         json_string_value(json_object_get(x, "id")), json_string_value(json_object_get(x, "column")),
                         json_string_value(json_object_get(x, "problem")));
    }
    json_decref(all);
    return out;
}

static void tamper(Fx *f, const char *sql)
{
    Err e = {0};
    if (db_exec(f->w.ctx.db, sql, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.en);
}

static void expect_findings(Fx *f, const char *want)
{
    char *got = findings_in(f, eval_tables);
    assert_string_equal(got, want);
    free(got);
}

/* 第157条: an audit of a contractor names a 委託事業者 and one of its contracts from the vendors register
 * (its published views); both or neither, unknown ids and another vendor's contract refused with the
 * field, names typed by hand refused; the audit shows the register's 法人番号 and term. */
static void test_audit_of_contractor(void **state)
{
    Fx *f = *state;
    Err e = {0};
    world_sql(&f->w, "INSERT INTO vendor_companies(id, name, corporate_number, created_at, updated_at) VALUES"
                     " (1, '株式会社日立製作所', '7010001008844', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),"
                     " (2, 'トヨタ自動車株式会社', NULL, '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z')");
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO vendor_contracts(id, vendor_id, title, scope, starts_on, ends_on, manager_person_id, created_at,"
             " updated_at) VALUES (7, 1, 'R8-情-12 基幹系保守', '保守', '2026-04-01', '2027-03-31', %lld,"
             " '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z')",
             (long long)f->kacho);
    world_sql(&f->w, sql);
    as(f, f->auditor, 0); /* the 監査統括責任者 (audit_lead) */
    static const struct {
        const char *json, *code, *field;
    } bad[] = {
        {"{\"vendor_id\": 1}", "required", "contract_id"},
        {"{\"contract_id\": 7}", "required", "vendor_id"},
        {"{\"vendor_id\": 99, \"contract_id\": 7}", "unknown_vendor", "vendor_id"},
        {"{\"vendor_id\": 1, \"contract_id\": 99}", "unknown_contract", "contract_id"},
        {"{\"vendor_id\": 2, \"contract_id\": 7}", "unknown_contract", "contract_id"},
        {"{\"vendor_id\": 1, \"contract_id\": 7, \"contractor\": \"A社\"}", "unknown_field", "contractor"},
        {"{\"vendor_id\": 1, \"contract_id\": 7, \"contract_ref\": \"R8\"}", "unknown_field", "contract_ref"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *body = json_loads(bad[i].json, 0, NULL);
        json_t *common = json_pack("{s:i, s:s, s:I}", "fiscal_year", 2026, "title", "委託先の監査", "unit_id", (json_int_t)f->sec2);
        json_object_update(body, common);
        json_decref(common);
        int64_t id = 0;
        assert_int_equal(audit_create(&f->w.ctx, body, &id, &e), ST_INVALID);
        assert_string_equal(e.code, bad[i].code);
        assert_string_equal(e.field, bad[i].field);
        json_decref(body);
    }
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM audits"), 0);
    json_t *body = json_pack("{s:i, s:s, s:I, s:i, s:i}", "fiscal_year", 2026, "title", "委託先の監査", "unit_id",
                             (json_int_t)f->sec2, "vendor_id", 1, "contract_id", 7);
    int64_t id = 0;
    assert_int_equal(audit_create(&f->w.ctx, body, &id, &e), ST_OK);
    json_decref(body);
    json_t *a = NULL;
    assert_int_equal(audit_get(&f->w.ctx, id, &a, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(a, "contractor")), "株式会社日立製作所");
    assert_string_equal(json_string_value(json_object_get(a, "contract_ref")), "R8-情-12 基幹系保守");
    assert_string_equal(json_string_value(json_object_get(json_object_get(a, "vendor"), "corporate_number")), "7010001008844");
    assert_string_equal(json_string_value(json_object_get(json_object_get(a, "contract"), "ends_on")), "2027-03-31");
    json_decref(a);
    /* an audit of a 課室 has neither */
    body = json_pack("{s:i, s:s, s:I}", "fiscal_year", 2026, "title", "税務課の監査", "unit_id", (json_int_t)f->sec2);
    assert_int_equal(audit_create(&f->w.ctx, body, &id, &e), ST_OK);
    json_decref(body);
    assert_int_equal(audit_get(&f->w.ctx, id, &a, &e), ST_OK);
    assert_null(json_object_get(a, "vendor"));
    assert_string_equal(json_string_value(json_object_get(a, "contractor")), "");
    json_decref(a);
    /* the choices: vendors with contracts, for the lead only */
    json_t *c = NULL;
    assert_int_equal(audit_contractors(&f->w.ctx, &c, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(c, "items")), 1); /* トヨタ has no contract */
    json_decref(c);
    as(f, f->staff, 0);
    assert_int_equal(audit_contractors(&f->w.ctx, &c, &e), ST_FORBIDDEN);
}

/* Duty records, audits with findings (planned and closed), a self-check campaign (closed) and an
 * improvement action (closed) match their trail; each edited directly in SQLite without a trail
 * entry is reported with its table, id and column, and a row with no entry at all too. */
static void test_reconciled_with_trail(void **state)
{
    Fx *f = *state;
    Err e = {0};
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    record_ok(f, "audit_per_fiscal_year", "2026-10-05");
    as(f, f->auditor, CAP_EVALUATION_MANAGE);
    json_t *body = json_pack("{s:i, s:s, s:I}", "fiscal_year", 2026, "title", "情報政策課の監査", "unit_id", (json_int_t)f->sec);
    int64_t audit = 0, finding = 0, finding2 = 0;
    if (audit_create(&f->w.ctx, body, &audit, &e) != ST_OK)
        fail_msg("audit_create: %s %s", e.code, e.en);
    json_decref(body);
    if (audit_assign(&f->w.ctx, audit, f->kacho2, &e) != ST_OK)
        fail_msg("audit_assign: %s %s", e.code, e.en);
    /* findings need the plan approved (第157条) */
    json_t *items = json_pack("[s]", "3.2");
    int64_t plan_request = 0;
    if (audit_set_items(&f->w.ctx, audit, items, &e) != ST_OK || audit_submit_plan(&f->w.ctx, audit, &plan_request, &e) != ST_OK)
        fail_msg("audit plan: %s %s", e.code, e.en);
    json_decref(items);
    /* the 統括 is of the audited 課, so the 副CISO approves (第156条) */
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    int64_t vice = world_person(&f->w, "V1", "副 五郎", f->sec2);
    world_assign(&f->w, f->admin, vice, "vice_ciso", "organisation", 0);
    as(f, vice, 0);
    if (request_decide(&f->w.ctx, plan_request, "approve", NULL, &e) != ST_OK)
        fail_msg("request_decide: %s %s", e.code, e.en);
    as(f, f->auditor, CAP_EVALUATION_MANAGE);
    body = json_pack("{s:s, s:s, s:s}", "kind", "finding", "severity", "high", "title", "施錠されていない");
    assert_int_equal(audit_finding_add(&f->w.ctx, audit, body, &finding, &e), ST_OK);
    assert_int_equal(audit_finding_add(&f->w.ctx, audit, body, &finding2, &e), ST_OK);
    json_decref(body);
    as(f, f->kacho, 0);
    if (audit_finding_plan(&f->w.ctx, finding, "保管庫を買う", "2027-01-31", &e) != ST_OK)
        fail_msg("audit_finding_plan: %s %s", e.code, e.en);
    as(f, f->auditor, CAP_EVALUATION_MANAGE);
    if (audit_finding_close(&f->w.ctx, finding, "確認した", &e) != ST_OK)
        fail_msg("audit_finding_close: %s %s", e.code, e.en);
    int64_t campaign = open_campaign(f);
    int64_t action = 0;
    as(f, f->kacho, 0);
    assert_int_equal(selfcheck_action_add(&f->w.ctx, campaign, f->sec, "human_clear_desk", "保管庫を購入する", f->staff,
                                          "2026-12-31", &action, &e), ST_OK);
    if (selfcheck_answer(&f->w.ctx, campaign, f->sec, "human_clear_desk", "no", "施錠していない", &e) != ST_OK ||
        selfcheck_answer(&f->w.ctx, campaign, f->sec, "human_clear_desk", "partly", "一部施錠", &e) != ST_OK)
        fail_msg("selfcheck_answer: %s %s", e.code, e.en);
    as(f, f->staff, 0);
    assert_int_equal(selfcheck_action_close(&f->w.ctx, action, "購入した", &e), ST_OK);
    as(f, f->chief, CAP_EVALUATION_MANAGE);
    assert_int_equal(selfcheck_close(&f->w.ctx, campaign, &e), ST_OK);
    expect_findings(f, "");

    char want[1024];
    tamper(f, "UPDATE duty_records SET summary = '書き換え'");
    tamper(f, "UPDATE audits SET unit_id = (SELECT min(id) FROM org_units)");
    tamper(f, "UPDATE audit_findings SET severity = 'low' WHERE id = (SELECT max(id) FROM audit_findings)");
    tamper(f, "UPDATE audit_findings SET closed_note = '' WHERE id = (SELECT min(id) FROM audit_findings)");
    tamper(f, "UPDATE selfcheck_campaigns SET state = 'open'");
    tamper(f, "UPDATE selfcheck_actions SET result = '未実施'");
    tamper(f, "UPDATE selfcheck_answers SET answer = 'yes'");
    snprintf(want, sizeof want,
             "duty_records 1 summary differs\naudits %lld unit_id differs\naudit_findings %lld note differs\n"
             "audit_findings %lld severity differs\nselfcheck_campaigns %lld state differs\n"
             "selfcheck_actions %lld result differs\nselfcheck_answers %lld/%lld/human_clear_desk answer differs\n",
             (long long)audit, (long long)finding, (long long)finding2, (long long)campaign, (long long)action,
             (long long)campaign, (long long)f->sec);
    expect_findings(f, want);
    /* an auditor added without an entry */
    char auditor_sql[200];
    snprintf(auditor_sql, sizeof auditor_sql,
             "INSERT INTO audit_auditors(audit_id, person_id, assigned_by, assigned_at) VALUES (%lld, %lld, 1, '2026-11-01')",
             (long long)audit, (long long)f->staff);
    tamper(f, auditor_sql);
    tamper(f, "INSERT INTO duty_records(check_id, done_on, fiscal_year, summary, recorded_by, recorded_at)"
                      " SELECT check_id, done_on, fiscal_year, summary, recorded_by, recorded_at FROM duty_records");
    tamper(f, "DELETE FROM selfcheck_actions");
    snprintf(want, sizeof want,
             "duty_records 1 summary differs\nduty_records 2  no_trail\naudits %lld unit_id differs\n"
             "audit_findings %lld note differs\naudit_findings %lld severity differs\n"
             "selfcheck_campaigns %lld state differs\nselfcheck_actions %lld  row_missing\n"
             "selfcheck_answers %lld/%lld/human_clear_desk answer differs\naudit_auditors %lld/%lld  no_trail\n",
             (long long)audit, (long long)finding, (long long)finding2, (long long)campaign, (long long)action,
             (long long)campaign, (long long)f->sec, (long long)audit, (long long)f->staff);
    expect_findings(f, want);
}

/* The readiness PDF read back through poppler: title, organisation, 和暦 date, every category with
 * its status and each line with its article; many lines flow onto further pages. */
static void test_readiness_pdf_text(void **state)
{
    (void)state;
    ReadinessLine lines[60];
    char texts[60][64];
    for (int i = 0; i < 60; i++) {
        snprintf(texts[i], sizeof texts[i], "測定項目その%d: %d 件", i + 1, i);
        lines[i] = (ReadinessLine){texts[i], "第16条", i == 0, NULL, 0, NULL};
    }
    static const char *const evidence[] = {"情報政策課: IA-7 住民名簿 — 分類が要判断のまま", "税務課: IA-9 課税台帳 — 分類が要判断のまま"};
    lines[1].rows = evidence; /* the failing rows are printed under their line */
    lines[1].n_rows = 2;
    lines[2].basis = "課室等のうち情報セキュリティ管理者がいないものを数えました (出典: 役割の登録)"; /* under its line */
    ReadinessCategory cats[] = {
        {"①組織体制", "一部満たしている", lines, 60},
        {"⑦業務委託・外部サービス", "未評価", NULL, 0},
    };
    unsigned char *pdf = NULL;
    size_t len = 0;
    Err e = {0};
    assert_int_equal(readiness_pdf("試験市", "令和8年11月1日", cats, 2, &pdf, &len, &e), ST_OK);
    assert_memory_equal(pdf, "%PDF-", 5);
    char *text = NULL;
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    assert_non_null(strstr(text, "地方自治法施行規則第16条の3に基づく\n情報セキュリティ対策の状況"));
    assert_non_null(strstr(text, "試験市"));
    assert_non_null(strstr(text, "令和8年11月1日"));
    assert_non_null(strstr(text, "①組織体制"));
    assert_non_null(strstr(text, "一部満たしている"));
    assert_non_null(strstr(text, "測定項目その60: 59 件"));
    assert_non_null(strstr(text, "税務課: IA-9 課税台帳 — 分類が要判断のまま"));
    assert_true(strstr(text, "測定項目その2: 1 件") < strstr(text, "情報政策課: IA-7 住民名簿"));
    assert_true(strstr(text, "情報政策課: IA-7 住民名簿") < strstr(text, "測定項目その3: 2 件"));
    const char *basis = strstr(text, "根拠: 課室等のうち情報セキュリティ管理者がいないものを数えました");
    assert_non_null(basis);
    assert_true(basis > strstr(text, "測定項目その3: 2 件") && basis < strstr(text, "測定項目その4: 3 件"));
    assert_non_null(strstr(text, "⑦業務委託・外部サービス"));
    assert_non_null(strstr(text, "未評価"));
    free(text);
    /* 60 lines do not fit on one A4 page */
    size_t pages = 0;
    for (size_t i = 0; i + 12 < len; i++)
        pages += memcmp(pdf + i, "/Type /Page\n", 12) == 0 || memcmp(pdf + i, "/Type /Page ", 12) == 0;
    assert_true(pages >= 2);
    free(pdf);
}


/* The 監査 from plan to report through the domain: the plan's items, its approval through the
 * requests engine (第156条; no finding before), an evidence request answered with a file kept by its
 * SHA-256 (第159条), a finding with its improvement plan, and the 監査報告書 read back through poppler
 * (第158条): outline with the approval, items, findings by severity, plans and status, the evidence. */
/* An audit of 税務課 (its 課長 kacho2 the 管理者, the chief the CISO) with items 3.2 and 1.1, its plan
 * submitted to the 委員会 (*rid the request), as the 監査統括責任者. */
static int64_t tax_audit(Fx *f, int64_t *rid)
{
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    world_assign(&f->w, f->admin, f->chief, "ciso", "organisation", 0);
    world_assign(&f->w, f->admin, f->kacho2, "section_security_manager", "unit", f->sec2);
    as(f, f->auditor, 0); /* the 監査統括責任者 */
    Err e = {0};
    int64_t audit = 0;
    json_t *body = json_pack("{s:i, s:s, s:I, s:s}", "fiscal_year", 2026, "title", "税務課の情報セキュリティ監査", "unit_id",
                             (json_int_t)f->sec2, "scope", "情報資産の管理");
    assert_int_equal(audit_create(&f->w.ctx, body, &audit, &e), ST_OK);
    json_decref(body);
    json_t *items = json_pack("[s, s]", "3.2", "1.1");
    assert_int_equal(audit_set_items(&f->w.ctx, audit, items, &e), ST_OK);
    json_decref(items);
    assert_int_equal(audit_submit_plan(&f->w.ctx, audit, rid, &e), ST_OK);
    return audit;
}

/* 第156条2: an open evidence request reminds the audited 課室's 管理者 three days ahead and, past its due
 * date, them and the auditor — once each; an answered request, nobody. */
static void test_audit_evidence_reminders(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t rid = 0, qid = 0, eid = 0;
    int64_t audit = tax_audit(f, &rid);
    as(f, f->chief, 0);
    assert_int_equal(request_decide(&f->w.ctx, rid, "approve", NULL, &e), ST_OK);
    as(f, f->auditor, 0);
    json_t *ask = json_pack("{s:s, s:s, s:s}", "item_id", "3.2", "what", "持ち出し記録", "due_on", "2026-11-10");
    assert_int_equal(audit_evidence_request(&f->w.ctx, audit, ask, &qid, &e), ST_OK);
    json_decref(ask);
    int n = -1;
    as(f, 0, 0);
    assert_int_equal(audit_evidence_remind(&f->w.ctx, &n, &e), ST_OK); /* 11-01: not yet */
    assert_int_equal(n, 0);
    f->w.clock.fixed = T0 + 7 * DAY; /* 11-08: due in two days */
    assert_int_equal(audit_evidence_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(notes(f, f->kacho2, "audit_evidence_due_soon"), 1);
    assert_int_equal(notes(f, f->kacho, "audit_evidence_due_soon"), 0); /* another 課室's 管理者 */
    assert_int_equal(notes(f, f->auditor, "audit_evidence_due_soon"), 0);
    assert_int_equal(audit_evidence_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    f->w.clock.fixed = T0 + 10 * DAY; /* 11-11: overdue */
    assert_int_equal(audit_evidence_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(notes(f, f->kacho2, "audit_evidence_overdue"), 1);
    assert_int_equal(notes(f, f->auditor, "audit_evidence_overdue"), 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE kind LIKE 'audit_evidence%'"
                                        " AND (title LIKE '%持ち出し記録%' OR link NOT LIKE '/audits/%')"), 0);
    /* handed in: no more */
    static const unsigned char bytes[] = "写し";
    as(f, f->kacho2, 0);
    assert_int_equal(audit_evidence_add(&f->w.ctx, qid, "記録.csv", NULL, bytes, sizeof bytes - 1, &eid, &e), ST_OK);
    as(f, 0, 0);
    f->w.clock.fixed = T0 + 11 * DAY;
    assert_int_equal(audit_evidence_remind(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    char path[200];
    json_t *a = NULL;
    as(f, f->auditor, 0);
    assert_int_equal(audit_get(&f->w.ctx, audit, &a, &e), ST_OK);
    snprintf(path, sizeof path, "%s.evidence/%s", f->w.path, json_string_value(json_object_get(json_array_get(
        json_object_get(json_array_get(json_object_get(a, "evidence_requests"), 0), "files"), 0), "sha256")));
    json_decref(a);
    unlink(path);
    snprintf(path, sizeof path, "%s.evidence", f->w.path);
    rmdir(path);
}

static void test_audit_report_pdf(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t rid = 0, qid = 0, eid = 0;
    int64_t audit = tax_audit(f, &rid);
    json_t *finding = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "finding", "severity", "high", "title",
                                "持ち出し記録の返却日の漏れ", "detail", "3件で返却日が空欄", "item_id", "3.2");
    assert_int_equal(audit_finding_add(&f->w.ctx, audit, finding, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "audit_not_approved");
    as(f, f->chief, 0); /* the CISO records the 委員会's decision */
    assert_int_equal(request_decide(&f->w.ctx, rid, "approve", NULL, &e), ST_OK);
    as(f, f->auditor, 0);
    assert_int_equal(audit_finding_add(&f->w.ctx, audit, finding, NULL, &e), ST_OK);
    json_decref(finding);
    json_t *good = json_pack("{s:s, s:s}", "kind", "good_practice", "title", "施錠の徹底");
    assert_int_equal(audit_finding_add(&f->w.ctx, audit, good, NULL, &e), ST_OK);
    json_decref(good);
    json_t *ask = json_pack("{s:s, s:s, s:s}", "item_id", "3.2", "what", "持ち出し記録", "due_on", "2026-11-15");
    assert_int_equal(audit_evidence_request(&f->w.ctx, audit, ask, &qid, &e), ST_OK);
    json_decref(ask);
    static const unsigned char bytes[] = "持ち出し記録の写し";
    as(f, f->auditor, 0);
    assert_int_equal(audit_evidence_add(&f->w.ctx, qid, "記録.csv", NULL, bytes, sizeof bytes - 1, &eid, &e), ST_FORBIDDEN);
    as(f, f->kacho2, 0);
    /* handed in at 00:30 on 11月2日 in Japan, which is still 11月1日 in UTC: the report shows Japan's day */
    f->w.clock.fixed = T0 + 15 * 3600 + 1800;
    assert_int_equal(audit_evidence_add(&f->w.ctx, qid, "記録.csv", NULL, bytes, sizeof bytes - 1, &eid, &e), ST_OK);
    f->w.clock.fixed = T0;
    /* the request (answered) matches its trail; edited without an entry, it is named */
    static const char *const request_table[] = {"audit_evidence_requests", NULL};
    char *got = findings_in(f, request_table);
    assert_string_equal(got, "");
    free(got);
    tamper(f, "UPDATE audit_evidence_requests SET state = 'open', what = '別の記録'");
    got = findings_in(f, request_table);
    char want[200];
    snprintf(want, sizeof want, "audit_evidence_requests %lld what differs\naudit_evidence_requests %lld state differs\n",
             (long long)qid, (long long)qid);
    assert_string_equal(got, want);
    free(got);
    tamper(f, "UPDATE audit_evidence_requests SET state = 'answered', what = '持ち出し記録'");
    /* the file handed in matches its entry (audit.evidence_add); renamed or removed, it is named */
    static const char *const evidence_table[] = {"audit_evidence", NULL};
    got = findings_in(f, evidence_table);
    assert_string_equal(got, "");
    free(got);
    tamper(f, "UPDATE audit_evidence SET name = '差し替え.csv'");
    got = findings_in(f, evidence_table);
    snprintf(want, sizeof want, "audit_evidence %lld name differs\n", (long long)eid);
    assert_string_equal(got, want);
    free(got);
    tamper(f, "UPDATE audit_evidence SET name = '記録.csv'");
    json_t *a = NULL;
    assert_int_equal(audit_get(&f->w.ctx, audit, &a, &e), ST_OK);
    const char *sha = json_string_value(json_object_get(
        json_array_get(json_object_get(json_array_get(json_object_get(a, "evidence_requests"), 0), "files"), 0), "sha256"));
    char sha_copy[65];
    snprintf(sha_copy, sizeof sha_copy, "%s", sha);
    int64_t fid = json_integer_value(json_object_get(json_array_get(json_object_get(a, "findings"), 0), "id"));
    json_decref(a);
    assert_int_equal(audit_finding_plan(&f->w.ctx, fid, "様式に返却日の必須欄を設ける", "2026-12-01", &e), ST_OK);
    assert_int_equal(audit_report_pdf(&f->w.ctx, audit, &(unsigned char *){NULL}, &(size_t){0}, &e), ST_FORBIDDEN);

    as(f, f->auditor, 0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(audit_report_pdf(&f->w.ctx, audit, &pdf, &len, &e), ST_OK);
    char *text = NULL;
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    static const char *const expect[] = {
        "情報セキュリティ監査報告書", "令和8年11月1日", "税務課の情報セキュリティ監査", "令和8年度", "被監査部門: 税務課",
        "情報セキュリティ委員会の承認済み", "1.1 ", "3.2 ", "重要度 高 1 件", "指摘事項・重要度 高", "持ち出し記録の返却日の漏れ",
        "良好事例", "施錠の徹底", "様式に返却日の必須欄を設ける", "令和8年12月1日", "改善中", "記録.csv", "令和8年11月15日",
        "令和8年11月2日"};
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
        if (!strstr(text, expect[i]))
            fail_msg("the report lacks 「%s」:\n%s", expect[i], text);
    assert_non_null(strstr(text, sha_copy));
    free(text);
    free(pdf);
    char path[200];
    snprintf(path, sizeof path, "%s.evidence/%s", f->w.path, sha_copy);
    unlink(path);
    snprintf(path, sizeof path, "%s.evidence", f->w.path);
    rmdir(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_who_sees_what, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fiscal_year_duty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_days_duty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_open_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_answers_and_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_system, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_organisation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconciled_with_trail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_of_contractor, setup, teardown),
        cmocka_unit_test(test_readiness_pdf_text),
        cmocka_unit_test_setup_teardown(test_audit_report_pdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_evidence_reminders, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
