/* test_training: 研修 (issue 15, part 1) in the domain — who is in each of the pack's audiences
 * (every active person, a role, an employment kind, those who started in the 年度), the 課室 a person
 * in a 係 counts in, who may see a 課室's 受講率 (第51条5), and the reminders before the due date
 * (once per course and person). The clock is fixed in 令和8年度. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/audit/audit.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "domain/work/work.h"
#include "fixture.h"
#include "policy/capability.h"
#include "policydoc/policydoc.h"
#include "report/training.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z: 令和8年度 */

typedef struct Fx {
    TestWorld w;
    int64_t admin, kacho, staff, team_staff, newbie, contractor, bucho;
    int64_t dept, sec, sec2, team;
} Fx;

static void as(Fx *f, int64_t person, uint64_t caps)
{
    world_act_as(&f->w, person);
    f->w.actor.caps = CAP_SIGNED_IN | caps;
}

static void patch_person(Fx *f, int64_t id, json_t *patch)
{
    Err e = {0};
    assert_int_equal(people_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
}

static int setup(void **state)
{
    Fx *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    int64_t root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->dept = world_unit(&f->w, root, "somu", "総務部", "department");
    f->sec = world_unit(&f->w, f->dept, "joho", "情報政策課", "section");
    f->sec2 = world_unit(&f->w, f->dept, "zeimu", "税務課", "section");
    f->team = world_unit(&f->w, f->sec, "joho-1", "情報政策係", "team");
    f->admin = world_person(&f->w, "A1", "管理 一郎", f->sec);
    f->kacho = world_person(&f->w, "M1", "情報 課長", f->sec);
    f->staff = world_person(&f->w, "S1", "職員 四郎", f->sec2);
    f->team_staff = world_person(&f->w, "S2", "係員 五郎", f->team);
    f->newbie = world_person(&f->w, "N1", "新人 六郎", f->sec2);
    f->contractor = world_person(&f->w, "V1", "委託 七子", f->sec);
    f->bucho = world_person(&f->w, "B1", "総務 部長", f->dept);
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE;
    world_assign(&f->w, f->admin, f->kacho, "section_security_manager", "unit", f->sec);
    world_assign(&f->w, f->admin, f->bucho, "department_security_officer", "unit", f->dept);
    patch_person(f, f->newbie, json_pack("{s:s}", "active_from", "2026-06-01"));
    patch_person(f, f->contractor, json_pack("{s:s}", "employment", "contractor"));
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

static int64_t course(Fx *f, const char *audience, const char *due)
{
    as(f, f->admin, CAP_TRAINING_MANAGE);
    json_t *in = json_pack("{s:i, s:s, s:s}", "fiscal_year", 2026, "title", audience, "audience", audience);
    if (due)
        json_object_set_new(in, "due_on", json_string(due));
    int64_t id = 0;
    Err e = {0};
    assert_int_equal(training_course_create(&f->w.ctx, in, &id, &e), ST_OK);
    json_decref(in);
    return id;
}

static void attend(Fx *f, int64_t c, int64_t person, const char *day, const char *want)
{
    as(f, f->admin, CAP_TRAINING_MANAGE);
    json_t *in = json_pack("{s:I, s:s}", "person_id", (json_int_t)person, "attended_on", day);
    Err e = {0};
    Status s = training_attendance_record(&f->w.ctx, c, in, NULL, &e);
    json_decref(in);
    if (want)
        assert_string_equal(e.code, want);
    else
        assert_int_equal(s, ST_OK);
}

static int64_t total(Fx *f, int64_t c, const char *key)
{
    as(f, f->admin, CAP_TRAINING_MANAGE);
    json_t *r = NULL;
    Err e = {0};
    assert_int_equal(training_rates(&f->w.ctx, c, &r, &e), ST_OK);
    int64_t n = json_integer_value(json_object_get(json_object_get(r, "total"), key));
    json_decref(r);
    return n;
}

static void test_audiences(void **state)
{
    Fx *f = *state;
    int64_t all = course(f, "all_staff", NULL), exec = course(f, "executives", NULL), fresh = course(f, "new_hires", NULL),
            mgr = course(f, "security_managers", NULL), vendor = course(f, "contractor_staff", NULL);
    assert_int_equal(total(f, all, "target"), 7);
    assert_int_equal(total(f, exec, "target"), 1); /* the 部長 (情報セキュリティ責任者) */
    assert_int_equal(total(f, fresh, "target"), 1);
    assert_int_equal(total(f, mgr, "target"), 1);
    assert_int_equal(total(f, vendor, "target"), 1);
    attend(f, fresh, f->newbie, "2026-10-01", NULL);
    attend(f, fresh, f->staff, "2026-10-01", "not_in_audience");
    attend(f, exec, f->bucho, "2026-10-01", NULL);
    attend(f, exec, f->kacho, "2026-10-01", "not_in_audience");
    attend(f, vendor, f->contractor, "2026-10-01", NULL);
    attend(f, vendor, f->contractor, "2026-10-02", "attendance_exists");
    attend(f, all, f->staff, "2026-03-31", "date_outside_fiscal_year");
    attend(f, all, f->staff, "2026-11-02", "date_in_future");
    assert_int_equal(total(f, fresh, "attended"), 1);
    /* a person who has left is no longer in the audience */
    patch_person(f, f->staff, json_pack("{s:s}", "active_until", "2026-10-31"));
    assert_int_equal(total(f, all, "target"), 6);
}

static void test_sections_and_who_sees_them(void **state)
{
    Fx *f = *state;
    int64_t all = course(f, "all_staff", NULL);
    attend(f, all, f->team_staff, "2026-10-01", NULL);
    json_t *r = NULL;
    Err e = {0};
    as(f, f->admin, CAP_TRAINING_MANAGE);
    assert_int_equal(training_rates(&f->w.ctx, all, &r, &e), ST_OK);
    json_t *secs = json_object_get(r, "sections");
    assert_int_equal(json_array_size(secs), 3); /* 情報政策課 (with its 係), 税務課, and the 部 itself */
    size_t i;
    json_t *s;
    bool seen = false;
    json_array_foreach(secs, i, s)
        if (json_integer_value(json_object_get(s, "unit_id")) == f->sec) {
            seen = true;
            assert_int_equal(json_integer_value(json_object_get(s, "target")), 4);
            assert_int_equal(json_integer_value(json_object_get(s, "attended")), 1);
            assert_true(json_real_value(json_object_get(s, "rate")) == 25.0);
        }
    assert_true(seen);
    json_decref(r);
    /* the 課長 (情報セキュリティ管理者) sees their 課室 only */
    as(f, f->kacho, 0);
    assert_int_equal(training_rates(&f->w.ctx, all, &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "sections")), 1);
    json_decref(r);
    assert_int_equal(training_missing(&f->w.ctx, all, f->sec, &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 3);
    json_decref(r);
    assert_int_equal(training_missing(&f->w.ctx, all, f->sec2, &r, &e), ST_FORBIDDEN);
    /* a 職員 sees their own status, not another's, nor the rates */
    as(f, f->staff, 0);
    assert_int_equal(training_rates(&f->w.ctx, all, &r, &e), ST_FORBIDDEN);
    assert_int_equal(training_person_status(&f->w.ctx, f->team_staff, 2026, &r, &e), ST_FORBIDDEN);
    assert_int_equal(training_person_status(&f->w.ctx, f->staff, 2026, &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r, "items"), 0), "attended_on")));
    json_decref(r);
    /* the 課長 sees the status of their 課's 係員 */
    as(f, f->kacho, 0);
    assert_int_equal(training_person_status(&f->w.ctx, f->team_staff, 2026, &r, &e), ST_OK);
    json_decref(r);
}

static void test_reminders(void **state)
{
    Fx *f = *state;
    int64_t soon = course(f, "all_staff", "2026-11-10");
    course(f, "all_staff", "2027-02-01"); /* not yet: more than the pack's 14 days away */
    attend(f, soon, f->staff, "2026-10-01", NULL);
    int sent = 0;
    Err e = {0};
    as(f, f->admin, 0);
    assert_int_equal(training_remind(&f->w.ctx, &sent, &e), ST_OK);
    assert_int_equal(sent, 6);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE kind = 'training_due'"), 6);
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM notifications WHERE kind = 'training_due' AND person_id = %lld", (long long)f->staff);
    assert_int_equal(world_count(&f->w, q), 0);
    assert_int_equal(training_remind(&f->w.ctx, &sent, &e), ST_OK);
    assert_int_equal(sent, 0); /* once per course and person */
    /* the scheduler runs it: on 2027-01-20 the second course is due within 14 days, nobody attended it,
     * and the first one's reminders are not sent again */
    f->w.clock.fixed += 86400 * 80;
    SchedulerResult res = {0};
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, NULL, &res, &e), ST_OK);
    assert_int_equal(res.training_reminders, 7);
}

/* The report's figures (第51条7: everyone once a 年度) and its PDF text, in 和暦. */
static void test_year_report(void **state)
{
    Fx *f = *state;
    int64_t all = course(f, "all_staff", "2027-03-31"), fresh = course(f, "new_hires", NULL);
    attend(f, all, f->staff, "2026-10-01", NULL);
    attend(f, fresh, f->newbie, "2026-10-01", NULL);
    json_t *r = NULL;
    Err e = {0};
    as(f, f->staff, 0);
    assert_int_equal(training_year_report(&f->w.ctx, 2026, &r, &e), ST_FORBIDDEN);
    as(f, f->admin, CAP_TRAINING_MANAGE);
    assert_int_equal(training_year_report(&f->w.ctx, 2026, &r, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(r, "fiscal_year_label")), "令和8年度");
    assert_string_equal(json_string_value(json_object_get(r, "date_label")), "令和8年11月1日");
    assert_int_equal(json_array_size(json_object_get(r, "courses")), 2);
    json_t *t = json_object_get(r, "total");
    assert_int_equal(json_integer_value(json_object_get(t, "target")), 7);
    assert_int_equal(json_integer_value(json_object_get(t, "attended")), 2); /* two people, one course each */
    json_decref(r);
    TrainingReportLine courses[] = {{"全職員研修", "対象者: 全職員・eラーニング", 7, 1, 14.2}};
    TrainingReportLine sections[] = {{"情報政策課", NULL, 4, 0, 0.0}, {"税務課", NULL, 2, 2, 100.0}};
    TrainingReportLine total = {"全体", NULL, 7, 2, 28.5};
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(training_report_pdf("試験市", "令和8年度", "令和9年3月1日", courses, 1, sections, 2, &total, &pdf, &len, &e),
                     ST_OK);
    char *text = NULL;
    assert_int_equal(policydoc_pdf_text(pdf, len, &text, &e), ST_OK);
    assert_non_null(strstr(text, "令和8年度 情報セキュリティ研修の実施状況について"));
    assert_non_null(strstr(text, "第51条第7項"));
    assert_non_null(strstr(text, "令和9年3月1日"));
    assert_non_null(strstr(text, "全職員研修"));
    assert_non_null(strstr(text, "受講者 1 人 / 対象者 7 人 (受講率 14.2%)"));
    assert_non_null(strstr(text, "税務課"));
    assert_non_null(strstr(text, "全体"));
    free(text);
    free(pdf);
}

/* reconcile_registers' findings for the training tables as "table id column problem" lines (the
 * fixture's people and units are inserted without trail entries, so those are not looked at). */
static void expect_findings(Fx *f, const char *want)
{
    static const char *const tables[] = {"training_courses", "training_sessions", "training_attendance", "drills",
                                         "drill_findings", "drill_participants", NULL};
    json_t *all = NULL;
    size_t total_n = 0;
    Err e = {0};
    if (reconcile_registers(&f->w.ctx, 0, &all, &total_n, &e) != ST_OK)
        fail_msg("reconcile_registers: %s", e.en);
    char got[2048] = "";
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        const char *table = json_string_value(json_object_get(x, "table"));
        for (int k = 0; tables[k]; k++)
            if (strcmp(table, tables[k]) == 0)
                snprintf(got + strlen(got), sizeof got - strlen(got), "%s %s %s %s\n", table,
                         json_string_value(json_object_get(x, "id")), json_string_value(json_object_get(x, "column")),
                         json_string_value(json_object_get(x, "problem")));
    }
    json_decref(all);
    assert_string_equal(got, want);
}

static void tamper(Fx *f, const char *sql)
{
    Err e = {0};
    if (db_exec(f->w.ctx.db, sql, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.en);
}

/* Courses (created and updated), sessions, attendance (one withdrawn), drills and their findings
 * (one closed) match their trail; each edited directly in SQLite without a trail entry is reported
 * with its table, id and column. */
static void test_reconciled_with_trail(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t c = course(f, "all_staff", "2027-01-31");
    json_t *in = json_pack("{s:s}", "description", "標的型攻撃メールへの対応");
    assert_int_equal(training_course_update(&f->w.ctx, c, in, &e), ST_OK);
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s}", "held_on", "2026-10-20", "place", "第1会議室", "instructor", "情報政策課");
    int64_t session = 0;
    if (training_session_add(&f->w.ctx, c, in, &session, &e) != ST_OK)
        fail_msg("training_session_add: %s %s", e.code, e.en);
    json_decref(in);
    attend(f, c, f->staff, "2026-10-20", NULL);
    attend(f, c, f->kacho, "2026-10-21", NULL);
    int64_t withdrawn = world_count(&f->w, "SELECT max(id) FROM training_attendance");
    assert_int_equal(training_attendance_withdraw(&f->w.ctx, c, withdrawn, &e), ST_OK);
    in = json_pack("{s:i, s:s, s:s, s:s}", "fiscal_year", 2026, "title", "標的型メール訓練", "held_on", "2026-10-15",
                   "scenario", "偽の請求書メール");
    int64_t drill = 0, finding = 0, finding2 = 0;
    if (training_drill_create(&f->w.ctx, in, &drill, &e) != ST_OK)
        fail_msg("training_drill_create: %s %s", e.code, e.en);
    json_decref(in);
    in = json_pack("{s:I, s:s}", "person_id", (json_int_t)f->staff, "part", "報告者");
    if (training_drill_participant_add(&f->w.ctx, drill, in, &e) != ST_OK)
        fail_msg("training_drill_participant_add: %s %s", e.code, e.en);
    json_decref(in);
    in = json_pack("{s:s, s:I, s:s}", "finding", "報告が遅れた", "owner_person_id", (json_int_t)f->kacho, "due_on",
                   "2026-12-31");
    if (training_drill_finding_add(&f->w.ctx, drill, in, &finding, &e) != ST_OK)
        fail_msg("training_drill_finding_add: %s %s", e.code, e.en);
    assert_int_equal(training_drill_finding_add(&f->w.ctx, drill, in, &finding2, &e), ST_OK);
    json_decref(in);
    as(f, f->kacho, 0);
    if (training_drill_finding_close(&f->w.ctx, drill, finding, "連絡網を見直した", &e) != ST_OK)
        fail_msg("training_drill_finding_close: %s %s", e.code, e.en);
    expect_findings(f, "");

    tamper(f, "UPDATE training_courses SET description = ''");
    tamper(f, "UPDATE training_sessions SET place = '別の場所'");
    tamper(f, "UPDATE training_attendance SET withdrawn_at = NULL");
    tamper(f, "UPDATE drills SET held_on = '2026-10-16'");
    tamper(f, "UPDATE drill_findings SET state = 'open', result = '' WHERE state = 'done'");
    tamper(f, "UPDATE drill_findings SET due_on = '2027-03-31' WHERE state = 'open'");
    tamper(f, "UPDATE drill_participants SET part = '統制者'");
    char want[1024];
    snprintf(want, sizeof want,
             "training_courses %lld description differs\ntraining_sessions %lld place differs\n"
             "training_attendance %lld withdrawn_at differs\ndrills %lld held_on differs\n"
             "drill_findings %lld due_on differs\ndrill_findings %lld result differs\n"
             "drill_findings %lld state differs\ndrill_findings %lld due_on differs\n"
             "drill_participants %lld/%lld part differs\n",
             (long long)c, (long long)session, (long long)withdrawn, (long long)drill, (long long)finding,
             (long long)finding, (long long)finding, (long long)finding2, (long long)drill, (long long)f->staff);
    expect_findings(f, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_audiences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections_and_who_sees_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconciled_with_trail, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
