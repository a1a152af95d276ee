/* Old trails (docs/trail.md "Old trails") for the kinds whose entries did not identify their rows
 * before: a committee's attendees (one row per entry, keyed by the row's id) and a 監査 plan's items
 * (the whole set under the audit). Rows an old-format entry wrote are not reported, up to the number
 * of such entries and below the first new key; a row added directly after that is, with its table and
 * key. The entries are written as the old and the new code wrote them; the rows as they were stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/kernel/kernel.h"
#include "fixture.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */

static void entry(TestWorld *w, const char *action, const char *type, int64_t id, json_t *before, json_t *after)
{
    Err e = {0};
    assert_int_equal(db_begin(w->db, &e), ST_OK);
    assert_int_equal(record_change(&w->ctx, action, type, id, before, after, &e), ST_OK);
    assert_int_equal(db_commit(w->db, &e), ST_OK);
    json_decref(before);
    json_decref(after);
}

static void expect(TestWorld *w, const char *table, const char *want)
{
    const char *const tables[] = {table, NULL};
    char *got = world_findings(w, tables);
    assert_string_equal(got, want);
    free(got);
}

static void attendees_of_old_trails(void **state)
{
    (void)state;
    TestWorld w;
    world_open(&w, T0);
    world_sql(&w, "INSERT INTO committee_meetings(id, fiscal_year, title, meets_on, created_at)"
                  " VALUES (1, 2026, '第1回', '2026-05-01', '2026-05-01T00:00:00Z')");
    /* before: two attendees, each entry the request's body without the row's id */
    world_sql(&w, "INSERT INTO committee_attendees(id, meeting_id, guest_name) VALUES (1, 1, 'A'), (2, 1, 'B')");
    entry(&w, "committee_meeting.attendee_add", "committee_meeting", 1, NULL, json_pack("{s:s}", "guest_name", "A"));
    entry(&w, "committee_meeting.attendee_add", "committee_meeting", 1, NULL, json_pack("{s:s}", "guest_name", "B"));
    expect(&w, "committee_attendees", "");
    /* after: one added with its row, the old first one removed by id; the old second stays unreported */
    world_sql(&w, "INSERT INTO committee_attendees(id, meeting_id, guest_name) VALUES (3, 1, 'C')");
    entry(&w, "committee_meeting.attendee_add", "committee_meeting", 1, NULL,
          json_pack("{s:i, s:i, s:n, s:s, s:s}", "attendee_id", 3, "meeting_id", 1, "person_id", "guest_name", "C",
                    "guest_affiliation", ""));
    world_sql(&w, "DELETE FROM committee_attendees WHERE id = 1");
    entry(&w, "committee_meeting.attendee_remove", "committee_meeting", 1, json_pack("{s:i, s:i}", "id", 1, "attendee_id", 1),
          NULL);
    expect(&w, "committee_attendees", "");
    /* a row added directly above the first new key is reported; one below it is not while the rows
     * without a state are no more than the old entries (one old row was removed through the
     * application: what old trails leave), and is once they are more (the highest keys) */
    world_sql(&w, "INSERT INTO committee_attendees(id, meeting_id, guest_name) VALUES (4, 1, 'D'), (0, 1, 'E')");
    world_sql(&w, "UPDATE committee_attendees SET guest_name = 'X' WHERE id = 3");
    expect(&w, "committee_attendees", "committee_attendees 3 guest_name differs\ncommittee_attendees 4  no_trail\n");
    world_sql(&w, "INSERT INTO committee_attendees(id, meeting_id, guest_name) VALUES (-1, 1, 'F')");
    expect(&w, "committee_attendees",
           "committee_attendees 2  no_trail\ncommittee_attendees 3 guest_name differs\ncommittee_attendees 4  no_trail\n");
    world_close(&w);
}

static void plan_items_of_old_trails(void **state)
{
    (void)state;
    TestWorld w;
    world_open(&w, T0);
    int64_t root = world_unit(&w, 0, "city", "試験市", "organisation");
    int64_t dept = world_unit(&w, root, "somu", "総務部", "department");
    int64_t unit = world_unit(&w, dept, "kikaku", "企画課", "section");
    int64_t person = world_person(&w, "1001", "監査 統括", unit);
    char sql[300];
    for (int a = 1; a <= 3; a++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO audits(id, fiscal_year, title, unit_id, created_by, created_at)"
                 " VALUES (%d, 2026, '監査', %lld, %lld, '2026-05-01T00:00:00Z')",
                 a, (long long)unit, (long long)person);
        world_sql(&w, sql);
    }
    /* before: audits 1 and 2 created and planned by entries without "item_ids" */
    snprintf(sql, sizeof sql,
             "INSERT INTO audit_plan_items(audit_id, item_id, added_by, added_at) VALUES (1, '1.1', %1$lld, 'x'),"
             " (1, '3.2', %1$lld, 'x'), (2, '2.1', %1$lld, 'x')",
             (long long)person);
    world_sql(&w, sql);
    for (int a = 1; a <= 2; a++) {
        entry(&w, "audit.create", "audit", a, NULL, json_pack("{s:s}", "title", "監査"));
        entry(&w, "audit.items", "audit", a, NULL, json_pack("{s:[s]}", "items", a == 1 ? "3.2" : "2.1"));
    }
    expect(&w, "audit_plan_items", "");
    /* after: audit 3 created with no items, and the old audit 1 planned again (its whole set) */
    entry(&w, "audit.create", "audit", 3, NULL, json_pack("{s:s, s:[]}", "title", "監査", "item_ids"));
    world_sql(&w, "DELETE FROM audit_plan_items WHERE audit_id = 1 AND item_id = '3.2'");
    entry(&w, "audit.items", "audit", 1, NULL, json_pack("{s:[s], s:[s]}", "items", "1.1", "item_ids", "1.1"));
    expect(&w, "audit_plan_items", "");
    /* items added directly: to audit 1 (compared since it was planned again) and to audit 3 (created
     * with none); the old audit 2 is not compared (what old trails leave) */
    snprintf(sql, sizeof sql,
             "INSERT INTO audit_plan_items(audit_id, item_id, added_by, added_at) VALUES (1, '9.9', %1$lld, 'x'),"
             " (3, '1.1', %1$lld, 'x'), (2, '1.1', %1$lld, 'x')",
             (long long)person);
    world_sql(&w, sql);
    expect(&w, "audit_plan_items", "audit_plan_items 1/9.9  no_trail\naudit_plan_items 3  no_trail\n");
    world_sql(&w, "DELETE FROM audit_plan_items WHERE audit_id = 1 AND item_id = '1.1'");
    expect(&w, "audit_plan_items",
           "audit_plan_items 1/1.1  row_missing\naudit_plan_items 1/9.9  no_trail\naudit_plan_items 3  no_trail\n");
    world_close(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attendees_of_old_trails),
        cmocka_unit_test(plan_items_of_old_trails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
