/* Approver resolution and escalation with the demo organisation (デモ市, domain/demo.c): a 職員's
 * 持ち出し goes to their 課長; in デジタル推進課, whose 課長 post is vacant, it escalates to the 部長
 * ("vacant"); a 課長's own request escalates to the 部長 ("requester_is_approver"); the 総務部長 who is
 * 統括情報セキュリティ責任者 cannot approve his own cloud request, which goes to the CISO (副市長); and
 * each approver's inbox holds exactly the request waiting for them. One demo for the whole file (it
 * is about 300 people); each test adds its own requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/assets/assets.h"
#include "domain/demo/demo.h"
#include "domain/requests/requests.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */

typedef struct Demo {
    TestWorld w;
    DemoResult d;
} Demo;

static int group_setup(void **state)
{
    Demo *g = calloc(1, sizeof *g);
    world_open(&g->w, T0);
    g->w.actor.caps = ~(uint64_t)0;
    Err e = {0};
    if (demo_create(&g->w.ctx, &g->d, &e) != ST_OK)
        fail_msg("demo_create: %s %s", e.code, e.en);
    *state = g;
    return 0;
}

static int group_teardown(void **state)
{
    Demo *g = *state;
    world_close(&g->w);
    free(g);
    return 0;
}

static int64_t one(Demo *g, const char *fmt, const char *arg)
{
    char sql[400];
    snprintf(sql, sizeof sql, fmt, arg);
    return world_count(&g->w, sql);
}

/* The 係長 (first staff member) of the section with this code. */
static int64_t staff_of(Demo *g, const char *section)
{
    return one(g, "SELECT min(p.id) FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.code = '%s'"
                  " AND p.title = '係長'",
               section);
}

static int64_t holder(Demo *g, const char *role, const char *unit_code)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT r.person_id FROM role_assignments r JOIN org_units u ON u.id = r.scope_id WHERE r.role = '%s'"
             " AND u.code = '%s'",
             role, unit_code);
    return world_count(&g->w, sql);
}

static int64_t take_out(Demo *g, int64_t person)
{
    g->w.actor.person_id = person;
    json_t *f = json_pack("{s:s, s:s, s:s, s:s}", "destination", "北海道庁", "purpose", "説明会", "out_at",
                          "2026-11-05T09:00", "return_due", "2026-11-06");
    Err e = {0};
    int64_t id = 0;
    /* an asset of the requester's own section, so the request is what a 職員 would file */
    static int n;
    char no[32], pid[24];
    snprintf(no, sizeof no, "DEMO-%d", ++n);
    snprintf(pid, sizeof pid, "%lld", (long long)person);
    int64_t unit = one(g, "SELECT unit_id FROM people WHERE id = %s", pid);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", no, "name", "ノートPC", "kind",
                           "information", "unit_id", (json_int_t)unit, "confidentiality", "2", "integrity", "2", "availability", "2", "classification_reason",
                           "業務用");
    int64_t asset = 0;
    if (asset_create(&g->w.ctx, in, &asset, &e) != ST_OK)
        fail_msg("asset: %s %s", e.code, e.en);
    json_decref(in);
    if (request_create(&g->w.ctx, "take_out", asset, f, &id, &e) != ST_OK)
        fail_msg("request_create: %s %s %s", e.code, e.field, e.en);
    json_decref(f);
    assert_int_equal(request_submit(&g->w.ctx, id, &e), ST_OK);
    return id;
}

static json_t *resolution(Demo *g, int64_t id)
{
    json_t *r = NULL;
    Err e = {0};
    assert_int_equal(request_approvers(&g->w.ctx, id, &r, &e), ST_OK);
    return r;
}

static int64_t only_approver(const json_t *r)
{
    const json_t *ap = json_object_get(r, "approvers");
    assert_int_equal(json_array_size(ap), 1);
    return json_integer_value(json_object_get(json_array_get(ap, 0), "person_id"));
}

static void waiting_in_inbox(Demo *g, int64_t person, int64_t id, bool want)
{
    g->w.actor.person_id = person;
    json_t *in = NULL;
    Err e = {0};
    assert_int_equal(request_inbox(&g->w.ctx, &in, &e), ST_OK);
    bool found = false;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(in, "waiting"), i, o) found |= json_integer_value(json_object_get(o, "id")) == id;
    json_decref(in);
    assert_int_equal(found, want);
}

static void staff_to_section_manager(void **state)
{
    Demo *g = *state;
    int64_t id = take_out(g, staff_of(g, "somu-soumu"));
    json_t *r = resolution(g, id);
    assert_false(json_is_true(json_object_get(r, "escalated")));
    int64_t kacho = holder(g, "section_security_manager", "somu-soumu");
    assert_int_equal(only_approver(r), kacho);
    assert_string_equal(json_string_value(json_object_get(r, "unit_name")), "総務課");
    json_decref(r);
    waiting_in_inbox(g, kacho, id, true);
    waiting_in_inbox(g, holder(g, "section_security_manager", "somu-jinji"), id, false);
    waiting_in_inbox(g, holder(g, "department_security_officer", "somu"), id, false);
}

static void vacant_section_escalates(void **state)
{
    Demo *g = *state;
    int64_t id = take_out(g, staff_of(g, "kikaku-digital"));
    json_t *r = resolution(g, id);
    assert_true(json_is_true(json_object_get(r, "escalated")));
    assert_string_equal(json_string_value(json_object_get(r, "escalation_reason")), "vacant");
    int64_t bucho = holder(g, "department_security_officer", "kikaku");
    assert_int_equal(only_approver(r), bucho);
    json_decref(r);
    waiting_in_inbox(g, bucho, id, true);
    g->w.actor.person_id = bucho;
    Err e = {0};
    assert_int_equal(request_decide(&g->w.ctx, id, "approve", NULL, &e), ST_OK);
}

static void manager_own_request_escalates(void **state)
{
    Demo *g = *state;
    int64_t kacho = holder(g, "section_security_manager", "kikaku-koho");
    int64_t id = take_out(g, kacho);
    json_t *r = resolution(g, id);
    assert_string_equal(json_string_value(json_object_get(r, "escalation_reason")), "requester_is_approver");
    assert_int_equal(only_approver(r), holder(g, "department_security_officer", "kikaku"));
    json_decref(r);
    waiting_in_inbox(g, kacho, id, false);
    g->w.actor.person_id = kacho;
    Err e = {0};
    assert_int_equal(request_decide(&g->w.ctx, id, "approve", NULL, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "separation_of_duties");
}

static void chief_own_cloud_request_goes_to_ciso(void **state)
{
    Demo *g = *state;
    int64_t chief = g->d.chief_person_id;
    g->w.actor.person_id = chief;
    json_t *f = json_pack("{s:s, s:s, s:s, s:s}", "service", "文書管理SaaS", "provider", "A社", "purpose", "文書管理",
                          "confidentiality", "3B");
    Err e = {0};
    int64_t id = 0;
    assert_int_equal(request_create(&g->w.ctx, "cloud_service_sensitive", 0, f, &id, &e), ST_OK);
    json_decref(f);
    assert_int_equal(request_submit(&g->w.ctx, id, &e), ST_OK);
    json_t *r = resolution(g, id);
    assert_string_equal(json_string_value(json_object_get(r, "role")), "ciso");
    assert_string_equal(json_string_value(json_object_get(r, "escalated_from")), "chief_security_officer");
    assert_int_equal(only_approver(r), g->d.ciso_person_id);
    assert_non_null(json_string_value(json_object_get(r, "default_approver_note")));
    json_decref(r);
    waiting_in_inbox(g, g->d.ciso_person_id, id, true);
    waiting_in_inbox(g, chief, id, false);
    g->w.actor.person_id = g->d.ciso_person_id;
    assert_int_equal(request_decide(&g->w.ctx, id, "approve", NULL, &e), ST_OK);
    /* a 係長 is not among cloud_service_sensitive's requesters (第148条: 情報セキュリティ責任者) */
    g->w.actor.person_id = staff_of(g, "somu-soumu");
    f = json_pack("{s:s, s:s, s:s, s:s}", "service", "s", "provider", "p", "purpose", "u", "confidentiality", "2");
    assert_int_equal(request_create(&g->w.ctx, "cloud_service_sensitive", 0, f, &id, &e), ST_FORBIDDEN);
    json_decref(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(staff_to_section_manager),
        cmocka_unit_test(vacant_section_escalates),
        cmocka_unit_test(manager_own_request_escalates),
        cmocka_unit_test(chief_own_cloud_request_goes_to_ciso),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
