/* Unit tests for the organisation domain against a temporary database with the embedded mic pack:
 * the unit tree's rules, people validation, role assignment (scope, uniqueness, periods), the
 * separation rules of 第20条 (separation_check), capabilities from roles, and that every change
 * lands in the trail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "policy/capability.h"
#include "domain/org/org.h"
#include "policy/pack.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */

typedef struct Fixture {
    TestWorld w;
    int64_t root, somu, joho, jinji, zeimu_dept, zeimu; /* units */
    int64_t alice, bob, carol;                          /* alice: 情報政策課, bob: 人事課, carol: 税務課 */
} Fixture;




static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->jinji = world_unit(&f->w, f->somu, "jinji", "人事課", "section");
    f->zeimu_dept = world_unit(&f->w, f->root, "shimin", "市民部", "department");
    f->zeimu = world_unit(&f->w, f->zeimu_dept, "zeimu", "税務課", "section");
    f->alice = world_person(&f->w, "A1", "情報 花子", f->joho);
    f->bob = world_person(&f->w, "B1", "人事 次郎", f->jinji);
    f->carol = world_person(&f->w, "C1", "税務 三郎", f->zeimu);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    world_close(&f->w);
    free(f);
    return 0;
}

static void tree_rules(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    bool within = false;
    assert_int_equal(org_is_within(f->w.db, f->joho, f->somu, &within, &e), ST_OK);
    assert_true(within);
    assert_int_equal(org_is_within(f->w.db, f->joho, f->joho, &within, &e), ST_OK);
    assert_true(within);
    assert_int_equal(org_is_within(f->w.db, f->somu, f->joho, &within, &e), ST_OK);
    assert_false(within);
    assert_int_equal(org_is_within(f->w.db, f->zeimu, f->somu, &within, &e), ST_OK);
    assert_false(within);
    /* a section cannot hold a department; a second root is refused; codes are unique */
    json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "code", "x", "name", "X部", "kind", "department", "parent_id",
                           (json_int_t)f->joho);
    assert_int_equal(org_create_unit(&f->w.ctx, in, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_parent");
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s}", "code", "joho", "name", "重複", "kind", "organisation");
    assert_int_not_equal(org_create_unit(&f->w.ctx, in, NULL, &e), ST_OK);
    json_decref(in);
    /* moving a unit under its own descendant is refused */
    json_t *patch = json_pack("{s:I}", "parent_id", (json_int_t)f->joho);
    assert_int_equal(org_update_unit(&f->w.ctx, f->somu, patch, &e), ST_INVALID);
    json_decref(patch);
    /* a unit with people cannot be abolished */
    patch = json_pack("{s:b}", "active", 0);
    assert_int_equal(org_update_unit(&f->w.ctx, f->joho, patch, &e), ST_CONFLICT);
    assert_string_equal(e.code, "unit_has_people");
    json_decref(patch);
}

static void people_validation(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", "Z1", "name", "試験", "kana", "しけん",
                           "employment", "temporary", "unit_id", (json_int_t)f->joho, "active_from", "2026-04-01");
    assert_int_equal(people_create(&f->w.ctx, in, NULL, &e), ST_INVALID);
    assert_string_equal(e.field, "employment");
    json_object_set_new(in, "employment", json_string("contractor"));
    json_object_set_new(in, "active_until", json_string("2026-03-31"));
    assert_int_equal(people_create(&f->w.ctx, in, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_period");
    json_object_del(in, "active_until");
    json_object_set_new(in, "staff_no", json_string("A1"));
    assert_int_equal(people_create(&f->w.ctx, in, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "staff_no_taken");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before); /* nothing recorded for refused changes */
    json_decref(in);
}

static Status assign(Fixture *f, int64_t person_id, const char *role, const char *kind, int64_t scope, Err *e)
{
    RoleAssignment a = {.person_id = person_id, .role = role, .scope_kind = kind, .scope_id = scope,
                        .valid_from = "2026-04-01"};
    return role_assign(&f->w.ctx, &a, NULL, e);
}

static void role_scope_and_uniqueness(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    f->w.actor.person_id = f->alice;
    /* a section role needs a section; a department role a department */
    assert_int_equal(assign(f, f->bob, "section_security_manager", "organisation", 0, &e), ST_INVALID);
    assert_string_equal(e.code, "scope_mismatch");
    assert_int_equal(assign(f, f->bob, "section_security_manager", "unit", f->somu, &e), ST_INVALID);
    assert_string_equal(e.code, "scope_mismatch");
    assert_int_equal(assign(f, f->bob, "section_security_manager", "unit", f->jinji, &e), ST_OK);
    /* unique per scope: a second manager of 人事課 is refused, one for 税務課 is fine */
    assert_int_equal(assign(f, f->carol, "section_security_manager", "unit", f->jinji, &e), ST_CONFLICT);
    assert_string_equal(e.code, "role_unique_taken");
    assert_int_equal(assign(f, f->carol, "section_security_manager", "unit", f->zeimu, &e), ST_OK);
    /* one CISO */
    assert_int_equal(assign(f, f->bob, "ciso", "organisation", 0, &e), ST_OK);
    assert_int_equal(assign(f, f->carol, "ciso", "organisation", 0, &e), ST_CONFLICT);
    assert_int_equal(assign(f, f->carol, "no_such_role", "organisation", 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_role");
}

static void role_periods_and_capabilities(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    f->w.actor.person_id = f->alice;
    RoleAssignment a = {.person_id = f->bob, .role = "chief_security_officer", .scope_kind = "organisation",
                        .valid_from = "2026-04-01", .valid_until = "2026-03-01"};
    assert_int_equal(role_assign(&f->w.ctx, &a, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_period");
    a.valid_until = NULL;
    int64_t id = 0;
    assert_int_equal(role_assign(&f->w.ctx, &a, &id, &e), ST_OK);
    uint64_t caps;
    bool privileged;
    assert_int_equal(roles_capabilities(&f->w.ctx, f->bob, &caps, &privileged, &e), ST_OK);
    assert_true(caps & CAP_ROLES_MANAGE);
    assert_true(caps & CAP_SIGNED_IN);
    assert_true(privileged);
    /* ending the assignment removes the capability from the next day on */
    assert_int_equal(role_end(&f->w.ctx, id, "2026-03-01", &e), ST_INVALID);
    assert_int_equal(role_end(&f->w.ctx, id, "2026-11-15", &e), ST_OK);
    f->w.clock.fixed = T0 + 30 * 86400; /* 2026-12-01 */
    assert_int_equal(roles_capabilities(&f->w.ctx, f->bob, &caps, &privileged, &e), ST_OK);
    assert_false(caps & CAP_ROLES_MANAGE);
    assert_false(privileged);
    /* after it ended, a successor may hold the unique role */
    a.person_id = f->carol;
    a.valid_from = "2026-12-01";
    assert_int_equal(role_assign(&f->w.ctx, &a, NULL, &e), ST_OK);
}

static void separation_of_duties(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    DutySubject own = {.requester_person_id = f->alice};
    DutySubject other = {.requester_person_id = f->bob};
    assert_int_equal(separation_check(&f->w.ctx, DUTY_APPROVE, f->alice, &own, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "separation_of_duties");
    assert_non_null(strstr(e.ja, "第20条"));
    assert_int_equal(separation_check(&f->w.ctx, DUTY_APPROVE, f->alice, &other, &e), ST_OK);
    /* auditing: not one's own section, nor the department above it, nor (for a department) below */
    DutySubject joho = {.unit_id = f->joho}, somu = {.unit_id = f->somu}, zeimu = {.unit_id = f->zeimu};
    DutySubject root = {.unit_id = f->root};
    assert_int_equal(separation_check(&f->w.ctx, DUTY_AUDIT, f->alice, &joho, &e), ST_FORBIDDEN);
    assert_int_equal(separation_check(&f->w.ctx, DUTY_AUDIT, f->alice, &somu, &e), ST_FORBIDDEN);
    assert_int_equal(separation_check(&f->w.ctx, DUTY_AUDIT, f->alice, &zeimu, &e), ST_OK);
    assert_int_equal(separation_check(&f->w.ctx, DUTY_AUDIT, f->alice, &root, &e), ST_OK);
    /* an auditor who is not a registered person cannot be shown to be independent */
    assert_int_equal(separation_check(&f->w.ctx, DUTY_AUDIT, 999999, &zeimu, &e), ST_FORBIDDEN);
    /* nobody grants themselves a role */
    f->w.actor.person_id = f->alice;
    assert_int_equal(assign(f, f->alice, "committee_member", "organisation", 0, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "separation_of_duties");
    assert_int_equal(assign(f, f->bob, "committee_member", "organisation", 0, &e), ST_OK);
}

static void changes_are_in_the_trail(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    json_t *patch = json_pack("{s:s}", "name", "情報政策課(DX)");
    assert_int_equal(org_update_unit(&f->w.ctx, f->joho, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before + 1);
    Stmt *st = db_prepare(f->w.db, "SELECT entry FROM trail_entries ORDER BY seq DESC LIMIT 1", &e);
    assert_int_equal(stmt_step(st), STEP_ROW);
    const char *entry = stmt_text(st, 0);
    assert_non_null(strstr(entry, "\"action\":\"org_unit.update\""));
    assert_non_null(strstr(entry, "情報政策課(DX)"));
    assert_non_null(strstr(entry, "\"actor\":\"tester\""));
    stmt_finalize(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tree_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(people_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(role_scope_and_uniqueness, setup, teardown),
        cmocka_unit_test_setup_teardown(role_periods_and_capabilities, setup, teardown),
        cmocka_unit_test_setup_teardown(separation_of_duties, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_are_in_the_trail, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
