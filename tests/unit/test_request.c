/* Unit tests for 申請・承認 (domain/request*.c) against a temporary database with the embedded mic
 * pack: approver resolution by stage scope, 第20条 escalation when the requester is the approver,
 * approvers outside the scope, decisions by non-approvers, stale snapshots after the asset changes,
 * state transitions and refused ones, field validation, the link to the asset's pending lifecycle
 * event, and the trail entries with the snapshot hash. */
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
#include "domain/requests/requests.h"
#include "domain/org/org.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */

typedef struct Fixture {
    TestWorld w;
    int64_t root, somu, joho, zeimu;
    int64_t staff, manager, bucho, other_mgr, ciso, admin;
    int64_t asset2; /* 機密性2 asset of 情報政策課 */
} Fixture;

static void act_as(Fixture *f, int64_t person)
{
    world_act_as(&f->w, person);
}

static void assign(Fixture *f, int64_t person, const char *role, const char *kind, int64_t scope)
{
    world_assign(&f->w, f->admin, person, role, kind, scope);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->zeimu = world_unit(&f->w, f->somu, "zeimu", "税務課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->manager = world_person(&f->w, "M1", "課長 花子", f->joho);
    f->bucho = world_person(&f->w, "B1", "部長 太郎", f->somu);
    f->other_mgr = world_person(&f->w, "O1", "税務課長 三郎", f->zeimu);
    f->ciso = world_person(&f->w, "C1", "副市長 四郎", f->somu);
    f->admin = world_person(&f->w, "A1", "管理 五郎", f->somu);
    assign(f, f->manager, "section_security_manager", "unit", f->joho);
    assign(f, f->other_mgr, "section_security_manager", "unit", f->zeimu);
    assign(f, f->bucho, "department_security_officer", "unit", f->somu);
    assign(f, f->ciso, "ciso", "organisation", 0);
    act_as(f, f->staff);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", "IA-1", "name", "住民名簿",
                           "kind", "information", "unit_id", (json_int_t)f->joho, "confidentiality", "2",
                           "integrity", "2", "availability", "2", "classification_reason", "個人情報を含む");
    Err e = {0};
    Status s = asset_create(&f->w.ctx, in, &f->asset2, &e);
    json_decref(in);
    if (s != ST_OK)
        fail_msg("asset_create: %s %s", e.code, e.en);
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

static json_t *take_out_fields(void)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "destination", "北海道庁", "purpose", "説明会", "out_at",
                     "2026-10-31T09:00", "return_due", "2026-11-06");
}

/* Creates and submits a request as person; returns its id. */
static int64_t submitted(Fixture *f, int64_t person, const char *type, int64_t object, json_t *fields)
{
    act_as(f, person);
    Err e = {0};
    int64_t id = 0;
    Status s = request_create(&f->w.ctx, type, object, fields, &id, &e);
    json_decref(fields);
    if (s != ST_OK)
        fail_msg("request_create: %s %s %s", e.code, e.field, e.en);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    return id;
}

static const char *state_of(Fixture *f, int64_t id, json_t **keep)
{
    Err e = {0};
    assert_int_equal(request_get(&f->w.ctx, id, keep, &e), ST_OK);
    return json_string_value(json_object_get(*keep, "state"));
}

static void decide(Fixture *f, int64_t who, int64_t id, const char *decision, const char *comment, Status want,
                   const char *code)
{
    act_as(f, who);
    Err e = {0};
    Status s = request_decide(&f->w.ctx, id, decision, comment, &e);
    if (s != want)
        fail_msg("decide %s by %lld: got %d %s %s", decision, (long long)who, s, e.code, e.en);
    if (code)
        assert_string_equal(e.code, code);
}

static void resolution_section_manager(void **state)
{
    Fixture *f = *state;
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    json_t *r = NULL;
    Err e = {0};
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(r, "role")), "section_security_manager");
    assert_string_equal(json_string_value(json_object_get(r, "article")), "第41条2(1)");
    assert_string_equal(json_string_value(json_object_get(r, "scope")), "requester_section");
    assert_false(json_is_true(json_object_get(r, "escalated")));
    json_t *ap = json_object_get(r, "approvers");
    assert_int_equal(json_array_size(ap), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ap, 0), "person_id")), f->manager);
    json_decref(r);
    /* the manager's inbox has it; the other section's manager's does not; the requester sees it in mine */
    act_as(f, f->manager);
    assert_int_equal(request_list(&f->w.ctx, "inbox", &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
    json_decref(r);
    act_as(f, f->other_mgr);
    assert_int_equal(request_list(&f->w.ctx, "inbox", &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 0);
    json_decref(r);
    act_as(f, f->staff);
    assert_int_equal(request_list(&f->w.ctx, "mine", &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
    json_decref(r);
    /* the exception measure goes to the CISO, organisation-wide */
    json_t *fx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条(3)", "reason", "機器の制約",
                           "alternative", "物理的な隔離", "risk", "パスワードが推測される", "start_date", "2026-11-01",
                           "end_date", "2027-03-31");
    int64_t ex = submitted(f, f->manager, "exception_measure", 0, fx);
    assert_int_equal(request_approvers(&f->w.ctx, ex, &r, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(r, "role")), "ciso");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "approvers"), 0), "person_id")),
                     f->ciso);
    json_decref(r);
}

static void self_approval_escalates(void **state)
{
    Fixture *f = *state;
    /* the 課長 takes an asset out: the section's approver is the requester → 情報セキュリティ責任者 */
    int64_t id = submitted(f, f->manager, "take_out", f->asset2, take_out_fields());
    json_t *r = NULL;
    Err e = {0};
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_true(json_is_true(json_object_get(r, "escalated")));
    assert_string_equal(json_string_value(json_object_get(r, "escalation_reason")), "requester_is_approver");
    assert_string_equal(json_string_value(json_object_get(r, "escalated_from")), "section_security_manager");
    assert_string_equal(json_string_value(json_object_get(r, "role")), "department_security_officer");
    json_t *ap = json_object_get(r, "approvers");
    assert_int_equal(json_array_size(ap), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ap, 0), "person_id")), f->bucho);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "excluded"), 0), "person_id")),
                     f->manager);
    json_decref(r);
    /* the requester cannot approve (第20条), whatever they hold */
    decide(f, f->manager, id, "approve", NULL, ST_FORBIDDEN, "separation_of_duties");
    decide(f, f->bucho, id, "approve", "確認しました", ST_OK, NULL);
    json_t *g = NULL;
    assert_string_equal(state_of(f, id, &g), "approved");
    assert_string_equal(json_string_value(json_object_get(g, "valid_until")), "2026-11-15");
    json_t *a0 = json_array_get(json_object_get(g, "approvals"), 0);
    assert_string_equal(json_string_value(json_object_get(a0, "approver_role")), "department_security_officer");
    assert_true(json_is_true(json_object_get(a0, "escalated")));
    json_decref(g);
}

static void approvers_outside_scope_refused(void **state)
{
    Fixture *f = *state;
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    /* another section's manager holds the same role, but not over the requester's section */
    decide(f, f->other_mgr, id, "approve", NULL, ST_FORBIDDEN, "not_approver");
    /* a colleague without a role, and the CISO who is not named by this stage */
    decide(f, f->admin, id, "approve", NULL, ST_FORBIDDEN, "not_approver");
    decide(f, f->ciso, id, "approve", NULL, ST_FORBIDDEN, "not_approver");
    /* the 部長 is not escalated to while the section has its own manager */
    decide(f, f->bucho, id, "approve", NULL, ST_FORBIDDEN, "not_approver");
    /* an assignment that has ended does not count */
    json_t *g = NULL;
    assert_string_equal(state_of(f, id, &g), "submitted");
    json_decref(g);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals"), 0);
}

static void stale_snapshot_refused(void **state)
{
    Fixture *f = *state;
    json_t *fields = json_pack("{s:s, s:s, s:s, s:b}", "destination", "本庁舎", "transport_date", "2026-11-04",
                               "means", "vehicle", "locked_case", 1);
    int64_t id = submitted(f, f->staff, "asset_transport", f->asset2, fields);
    /* the asset changes after submission */
    act_as(f, f->staff);
    json_t *patch = json_pack("{s:s}", "storage_place", "書庫B");
    Err e = {0};
    assert_int_equal(asset_update(&f->w.ctx, f->asset2, patch, &e), ST_OK);
    json_decref(patch);
    decide(f, f->manager, id, "approve", NULL, ST_CONFLICT, "stale_snapshot");
    /* returning needs a reason; then the requester resubmits and it can be approved */
    decide(f, f->manager, id, "return", NULL, ST_INVALID, "required");
    decide(f, f->manager, id, "return", "保管場所が変わったので再確認してください", ST_OK, NULL);
    json_t *g = NULL;
    assert_string_equal(state_of(f, id, &g), "returned");
    json_decref(g);
    act_as(f, f->staff);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    decide(f, f->manager, id, "approve", NULL, ST_OK, NULL);
    assert_string_equal(state_of(f, id, &g), "approved");
    /* each decision kept its own snapshot: the second one shows the new storage place */
    json_t *apps = json_object_get(g, "approvals");
    assert_int_equal(json_array_size(apps), 2);
    const char *h0 = json_string_value(json_object_get(json_array_get(apps, 0), "snapshot_hash"));
    const char *h1 = json_string_value(json_object_get(json_array_get(apps, 1), "snapshot_hash"));
    assert_int_equal(strlen(h1), 64);
    assert_string_not_equal(h0, h1);
    json_decref(g);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals WHERE snapshot LIKE '%書庫B%'"
                                        " AND decision = 'approve'"),
                     1);
    /* a later change to the asset does not alter what was approved */
    act_as(f, f->staff);
    patch = json_pack("{s:s}", "storage_place", "書庫C");
    assert_int_equal(asset_update(&f->w.ctx, f->asset2, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals WHERE snapshot LIKE '%書庫C%'"), 0);
}

static void state_transitions(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->staff);
    int64_t id = 0;
    json_t *fields = take_out_fields();
    assert_int_equal(request_create(&f->w.ctx, "take_out", f->asset2, fields, &id, &e), ST_OK);
    json_decref(fields);
    /* a draft cannot be decided; only the requester submits */
    decide(f, f->manager, id, "approve", NULL, ST_CONFLICT, "bad_state");
    act_as(f, f->manager);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "not_requester");
    act_as(f, f->staff);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_CONFLICT);
    decide(f, f->manager, id, "maybe", NULL, ST_INVALID, "invalid_decision");
    decide(f, f->manager, id, "approve", NULL, ST_OK, NULL);
    decide(f, f->manager, id, "approve", NULL, ST_CONFLICT, "bad_state");
    /* an approved request cannot be withdrawn; the return completes it */
    act_as(f, f->staff);
    assert_int_equal(request_withdraw(&f->w.ctx, id, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "bad_state");
    act_as(f, f->other_mgr);
    assert_int_equal(request_complete(&f->w.ctx, id, "返却", &e), ST_FORBIDDEN);
    act_as(f, f->staff);
    assert_int_equal(request_complete(&f->w.ctx, id, "返却しました", &e), ST_OK);
    json_t *g = NULL;
    assert_string_equal(state_of(f, id, &g), "completed");
    json_decref(g);
    assert_int_equal(request_complete(&f->w.ctx, id, NULL, &e), ST_CONFLICT);
    /* withdraw: by the requester only, from submitted */
    int64_t w2 = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    act_as(f, f->manager);
    assert_int_equal(request_withdraw(&f->w.ctx, w2, NULL, &e), ST_FORBIDDEN);
    act_as(f, f->staff);
    assert_int_equal(request_withdraw(&f->w.ctx, w2, "不要になった", &e), ST_OK);
    decide(f, f->manager, w2, "approve", NULL, ST_CONFLICT, "bad_state");
    /* reject ends it; a non-returnable type cannot be completed */
    json_t *fx = json_pack("{s:s, s:s, s:s}", "recipient", "委託事業者", "purpose", "保守", "provision_date",
                           "2026-11-10");
    int64_t p = submitted(f, f->staff, "asset_provision", f->asset2, fx);
    decide(f, f->manager, p, "reject", "目的が不明確", ST_OK, NULL);
    assert_string_equal(state_of(f, p, &g), "rejected");
    json_decref(g);
    /* expiry: 14 days of validity for a 持ち出し */
    int64_t x = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    decide(f, f->manager, x, "approve", NULL, ST_OK, NULL);
    int n = -1;
    assert_int_equal(request_expire_due(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    f->w.clock.fixed += 20 * 86400;
    assert_int_equal(request_expire_due(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_string_equal(state_of(f, x, &g), "expired");
    json_decref(g);
}

static void field_validation(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->staff);
    struct { const char *type; int64_t object; const char *json; const char *code; const char *field; } cases[] = {
        {"take_out", 1, "{\"destination\":\"x\",\"purpose\":\"y\",\"out_at\":\"2026-11-05T09:00\"}", "required", "return_due"},
        {"take_out", 1, "{\"destination\":\"x\",\"purpose\":\"y\",\"out_at\":\"2026-11-05T09:00\",\"return_due\":\"2026-02-30\"}",
         "invalid_field", "return_due"},
        {"take_out", 1, "{\"destination\":\"x\",\"purpose\":\"y\",\"out_at\":\"2026-11-05T09:00\",\"return_due\":\"2026-11-04\"}",
         "date_order", "return_due"},
        {"take_out", 1, "{\"destination\":\"x\",\"purpose\":\"y\",\"out_at\":\"tomorrow\",\"return_due\":\"2026-11-06\"}",
         "invalid_field", "out_at"},
        {"take_out", 1, "{\"destination\":\"x\",\"purpose\":\"y\",\"out_at\":\"2026-11-05T09:00\",\"return_due\":\"2026-11-06\",\"extra\":1}",
         "unknown_field", "extra"},
        {"asset_transport", 1, "{\"destination\":\"x\",\"transport_date\":\"2026-11-04\",\"means\":\"rocket\"}", "invalid_field", "means"},
        {"asset_disposal", 1, "{\"method\":\"disposal\",\"scheduled_at\":\"2026-11-05T09:00\",\"handler\":99999,\"treatment\":\"x\"}",
         "invalid_field", "handler"},
        {"take_out", 0, "{}", "required", "object_id"},
        {"exception_measure", 1, "{}", "object_not_applicable", "object_id"},
        {"no_such_type", 0, "{}", "unknown_request_type", "type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *fields = json_loads(cases[i].json, 0, NULL);
        assert_non_null(fields);
        int64_t id = 0;
        Status s = request_create(&f->w.ctx, cases[i].type, cases[i].object ? f->asset2 : 0, fields, &id, &e);
        json_decref(fields);
        if (s == ST_OK || strcmp(e.code, cases[i].code) != 0 || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu: got %d %s %s", i, s, e.code, e.field);
    }
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests"), 0);
}

static void asset_event_linked(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->staff);
    json_t *ev = json_pack("{s:s, s:s}", "kind", "dispose", "details", "シュレッダーで裁断");
    int64_t event_id = 0;
    assert_int_equal(asset_add_event(&f->w.ctx, f->asset2, ev, &event_id, &e), ST_OK);
    json_decref(ev);
    json_t *fields = json_pack("{s:s, s:s, s:I, s:s}", "method", "disposal", "scheduled_at", "2026-11-05T09:00",
                               "handler", (json_int_t)f->staff, "treatment", "裁断");
    int64_t id = submitted(f, f->staff, "asset_disposal", f->asset2, fields);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM asset_events WHERE approval_status = 'pending'"), 1);
    decide(f, f->manager, id, "approve", NULL, ST_OK, NULL);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM asset_events WHERE id = %lld AND approval_status = 'approved'"
             " AND approval_ref = 'request:%lld'",
             (long long)event_id, (long long)id);
    assert_int_equal(world_count(&f->w, sql), 1);
}

static void trail_records_snapshot_hash(void **state)
{
    Fixture *f = *state;
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE object_type = 'request'");
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    decide(f, f->other_mgr, id, "approve", NULL, ST_FORBIDDEN, "not_approver"); /* refused: nothing recorded */
    decide(f, f->manager, id, "approve", "気をつけて", ST_OK, NULL);
    act_as(f, f->staff);
    Err e = {0};
    assert_int_equal(request_complete(&f->w.ctx, id, NULL, &e), ST_OK);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE object_type = 'request'"),
                     before + 4); /* create, submit, approve, complete */
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM trail_entries t JOIN request_approvals a ON a.request_id = %lld"
             " WHERE t.action = 'request.approve' AND t.object_id = '%lld'"
             " AND instr(t.entry, a.snapshot_hash) > 0",
             (long long)id, (long long)id);
    assert_int_equal(world_count(&f->w, sql), 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_events"), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(resolution_section_manager, setup, teardown),
        cmocka_unit_test_setup_teardown(self_approval_escalates, setup, teardown),
        cmocka_unit_test_setup_teardown(approvers_outside_scope_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_snapshot_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(state_transitions, setup, teardown),
        cmocka_unit_test_setup_teardown(field_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(asset_event_linked, setup, teardown),
        cmocka_unit_test_setup_teardown(trail_records_snapshot_hash, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
