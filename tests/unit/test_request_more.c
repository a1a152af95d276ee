/* Unit tests for the request engine's extensions (issue 4): every request type of packs/mic added
 * with its approvers (happy path) and its refusals (requester_roles, the confidentiality condition at
 * creation and at submission, bad fields), self-approval refused at every stage, 代行 (direct and
 * with the CISO's approval, inside and outside its period, the requester's deputy), 例外措置 (the
 * CISO's approval, the emergency path with its report deadline crossed with a fixed clock, the
 * register and its review), reminders (idempotent) and the 「自分の作業」 inbox; and the pack
 * loader's checks of the new requests.yaml keys. */
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
#include "domain/audit/audit.h"
#include "domain/requests/requests.h"
#include "domain/org/org.h"
#include "domain/notify/notify.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z (09:00 JST) */
#define DAY 86400

typedef struct Fixture {
    TestWorld w;
    int64_t root, somu, joho, zeimu;
    int64_t staff, manager, bucho, chief, ciso, sysmgr, other, admin;
    int64_t sys;            /* 情報システム of 情報政策課, managed by sysmgr */
    int64_t asset2, asset1; /* 機密性2 and 機密性1 assets of 情報政策課 */
} Fixture;

static void act_as(Fixture *f, int64_t person)
{
    world_act_as(&f->w, person);
}

static void assign(Fixture *f, int64_t person, const char *role, const char *kind, int64_t scope)
{
    world_assign(&f->w, f->admin, person, role, kind, scope);
}

/* An asset of unit registered by who. */
static int64_t make_asset_of(Fixture *f, int64_t who, int64_t unit, const char *no, const char *conf)
{
    act_as(f, who);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", no, "name", "住民名簿", "kind",
                           "information", "unit_id", (json_int_t)unit, "confidentiality", conf, "integrity", "2",
                           "availability", "2", "classification_reason", "個人情報を含む");
    Err e = {0};
    int64_t id = 0;
    if (asset_create(&f->w.ctx, in, &id, &e) != ST_OK)
        fail_msg("asset_create: %s %s", e.code, e.en);
    json_decref(in);
    return id;
}

static int64_t make_asset(Fixture *f, const char *no, const char *conf)
{
    return make_asset_of(f, f->staff, f->joho, no, conf);
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
    f->chief = world_person(&f->w, "T1", "統括 次郎", f->somu);
    f->ciso = world_person(&f->w, "C1", "副市長 四郎", f->somu);
    f->sysmgr = world_person(&f->w, "Y1", "システム 六郎", f->joho);
    f->other = world_person(&f->w, "O1", "税務 七子", f->zeimu);
    f->admin = world_person(&f->w, "A1", "管理 五郎", f->somu);
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO systems(code, name, zone, owner_unit_id, location, created_at, updated_at)"
             " VALUES ('SYS-1', '内部情報系', 'lgwan', %lld, 'onprem', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z')",
             (long long)f->joho);
    Err e = {0};
    assert_int_equal(db_exec(f->w.db, sql, &e), ST_OK);
    f->sys = world_count(&f->w, "SELECT max(id) FROM systems");
    assign(f, f->manager, "section_security_manager", "unit", f->joho);
    assign(f, f->bucho, "department_security_officer", "unit", f->somu);
    assign(f, f->chief, "chief_security_officer", "organisation", 0);
    assign(f, f->ciso, "ciso", "organisation", 0);
    assign(f, f->sysmgr, "system_manager", "system", f->sys);
    f->asset2 = make_asset(f, "IA-2", "2");
    f->asset1 = make_asset(f, "IA-1", "1");
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

static Status create(Fixture *f, int64_t who, const char *type, int64_t object, json_t *fields, int64_t *id, Err *e)
{
    act_as(f, who);
    Status s = request_create(&f->w.ctx, type, object, fields, id, e);
    json_decref(fields);
    return s;
}

static int64_t submitted(Fixture *f, int64_t who, const char *type, int64_t object, json_t *fields)
{
    Err e = {0};
    int64_t id = 0;
    if (create(f, who, type, object, fields, &id, &e) != ST_OK)
        fail_msg("request_create %s: %s %s %s", type, e.code, e.field, e.en);
    if (request_submit(&f->w.ctx, id, &e) != ST_OK)
        fail_msg("request_submit %s: %s %s", type, e.code, e.en);
    return id;
}

static void decide(Fixture *f, int64_t who, int64_t id, const char *decision, Status want, const char *code)
{
    act_as(f, who);
    Err e = {0};
    Status s = request_decide(&f->w.ctx, id, decision, strcmp(decision, "approve") ? "理由" : NULL, &e);
    if (s != want)
        fail_msg("decide %s by %lld on %lld: got %d %s %s", decision, (long long)who, (long long)id, s, e.code, e.en);
    if (code)
        assert_string_equal(e.code, code);
}

static char *state_of(Fixture *f, int64_t id)
{
    static char buf[32];
    json_t *g = NULL;
    Err e = {0};
    assert_int_equal(request_get(&f->w.ctx, id, &g, &e), ST_OK);
    snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(g, "state")));
    json_decref(g);
    return buf;
}

/* The current stage's resolved role (escalated or not). */
static void expect_role(Fixture *f, int64_t id, const char *role, bool escalated)
{
    json_t *r = NULL;
    Err e = {0};
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(r, "role")), role);
    assert_int_equal(json_is_true(json_object_get(r, "escalated")), escalated);
    json_decref(r);
}

/* ---------------------------------------------------------------------------------------------- */

typedef struct TypeCase {
    const char *type;
    int requester; /* index into the fixture's people below */
    int object;    /* 0 none, 1 system, 2 asset2 */
    const char *fields_json;
    int approvers[3]; /* in stage order, -1 ends */
    const char *roles[3];
} TypeCase;

enum { P_STAFF, P_MANAGER, P_BUCHO, P_CHIEF, P_CISO, P_SYSMGR, P_OTHER };

static int64_t person_of(Fixture *f, int k)
{
    const int64_t ids[] = {f->staff, f->manager, f->bucho, f->chief, f->ciso, f->sysmgr, f->other};
    return ids[k];
}

static const TypeCase type_cases[] = {
    {"byod_use", P_STAFF, 0,
     "{\"device\":\"私物タブレット\",\"purpose\":\"災害対応\",\"ciso_decision\":\"情第12号\",\"measures\":\"MDM登録\","
     "\"use_until\":\"2026-12-31\"}",
     {P_MANAGER, -1}, {"section_security_manager"}},
    {"security_setting_change", P_STAFF, 0,
     "{\"device\":\"PC-0012\",\"setting\":\"USB書込み制御\",\"reason\":\"機器検証\"}",
     {P_MANAGER, -1}, {"section_security_manager"}},
    {"device_modification", P_STAFF, 1,
     "{\"device\":\"PC-0012\",\"change\":\"addition\",\"detail\":\"メモリ増設\",\"reason\":\"処理遅延\"}",
     {P_SYSMGR, P_CHIEF, -1}, {"system_manager", "chief_security_officer"}},
    {"remote_access", P_STAFF, 1,
     "{\"place\":\"自宅\",\"purpose\":\"テレワーク\",\"device\":\"貸与PC\",\"access_from\":\"2026-11-02\","
     "\"access_until\":\"2027-03-31\"}",
     {P_SYSMGR, P_CHIEF, -1}, {"system_manager", "chief_security_officer"}},
    {"external_network", P_SYSMGR, 1,
     "{\"network\":\"北海道セキュリティクラウド\",\"purpose\":\"接続\",\"investigation\":\"調査済み\","
     "\"liability\":\"契約第8条\",\"connect_date\":\"2026-12-01\"}",
     {P_CHIEF, P_CISO, -1}, {"chief_security_officer", "ciso"}},
    {"offsite_equipment", P_SYSMGR, 1,
     "{\"equipment\":\"バックアップサーバ\",\"location\":\"札幌DC\",\"purpose\":\"遠隔地保管\",\"measures\":\"施錠ラック\","
     "\"install_date\":\"2026-12-01\"}",
     {P_CISO, -1}, {"ciso"}},
    {"info_exchange", P_SYSMGR, 1,
     "{\"counterparty\":\"岩見沢市\",\"content\":\"設定手順書\",\"handling\":\"目的外利用禁止\",\"exchange_date\":\"2026-12-01\"}",
     {P_BUCHO, P_CHIEF, -1}, {"department_security_officer", "chief_security_officer"}},
    {"external_web_meeting", P_STAFF, 0,
     "{\"organizer\":\"北海道\",\"meeting_at\":\"2026-11-10T14:00\",\"service\":\"Teams\",\"purpose\":\"説明会\","
     "\"confidentiality\":\"1\"}",
     {P_MANAGER, -1}, {"section_security_manager"}},
    {"outsourced_service", P_MANAGER, 0,
     "{\"service\":\"電子申請\",\"contractor\":\"A社\",\"functions\":\"受付\",\"requirements\":\"暗号化\","
     "\"reliability\":\"ISMS認証\"}",
     {P_BUCHO, -1}, {"department_security_officer"}},
    {"cloud_service_sensitive", P_BUCHO, 0,
     "{\"service\":\"gov-cloud\",\"provider\":\"B社\",\"purpose\":\"文書管理\",\"confidentiality\":\"2\"}",
     {P_CHIEF, -1}, {"chief_security_officer"}},
    {"cloud_service_general", P_STAFF, 0,
     "{\"service\":\"翻訳\",\"provider\":\"C社\",\"purpose\":\"広報文\",\"confidentiality\":\"1\",\"terms_checked\":true}",
     {P_BUCHO, -1}, {"department_security_officer"}},
    {"exception_measure", P_MANAGER, 0,
     "{\"provisions\":\"第59条(3)、第87条\",\"reason\":\"旧システム\",\"alternative\":\"操作ログ監視\","
     "\"risk\":\"不正ログイン\",\"start_date\":\"2026-11-01\",\"end_date\":\"2027-03-31\"}",
     {P_CISO, -1}, {"ciso"}},
};

static void each_new_type_happy_path(void **state)
{
    Fixture *f = *state;
    for (size_t c = 0; c < sizeof type_cases / sizeof *type_cases; c++) {
        const TypeCase *tc = &type_cases[c];
        json_t *fields = json_loads(tc->fields_json, 0, NULL);
        assert_non_null(fields);
        int64_t object = tc->object == 1 ? f->sys : tc->object == 2 ? f->asset2 : 0;
        int64_t id = submitted(f, person_of(f, tc->requester), tc->type, object, fields);
        for (int s = 0; s < 3 && tc->approvers[s] >= 0; s++) {
            expect_role(f, id, tc->roles[s], false);
            decide(f, person_of(f, tc->approvers[s]), id, "approve", ST_OK, NULL);
        }
        if (strcmp(state_of(f, id), "approved") != 0)
            fail_msg("%s: state %s", tc->type, state_of(f, id));
    }
    /* valid_until_field: the permission ends on the requester's date */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests WHERE type = 'remote_access'"
                                        " AND valid_until = '2027-03-31'"),
                     1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests WHERE type = 'exception_measure'"
                                        " AND valid_until = '2027-03-31'"),
                     1);
    /* the pack says where the approver is its own default */
    const PackRequestType *t = pack_request_type(f->w.pack, "cloud_service_sensitive");
    assert_non_null(t->default_approver_note);
    assert_non_null(strstr(t->default_approver_note, "利用申請の許可権限者"));
}

/* Each new type refuses a missing required field (nothing stored) and a decision by someone who is
 * not the stage's approver, at every stage. */
static void each_new_type_refused(void **state)
{
    Fixture *f = *state;
    for (size_t c = 0; c < sizeof type_cases / sizeof *type_cases; c++) {
        const TypeCase *tc = &type_cases[c];
        const PackRequestType *t = pack_request_type(f->w.pack, tc->type);
        assert_non_null(t);
        int64_t object = tc->object == 1 ? f->sys : tc->object == 2 ? f->asset2 : 0;
        for (size_t j = 0; j < t->n_fields; j++) {
            if (!t->fields[j].required)
                continue;
            json_t *fields = json_loads(tc->fields_json, 0, NULL);
            json_object_del(fields, t->fields[j].name);
            Err e = {0};
            int64_t id = 0;
            int64_t before = world_count(&f->w, "SELECT count(*) FROM requests");
            Status s = create(f, person_of(f, tc->requester), tc->type, object, fields, &id, &e);
            if (s != ST_INVALID || strcmp(e.field, t->fields[j].name) != 0)
                fail_msg("%s without %s: %d %s %s", tc->type, t->fields[j].name, s, e.code, e.field);
            assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests"), before);
        }
        int64_t id = submitted(f, person_of(f, tc->requester), tc->type, object, json_loads(tc->fields_json, 0, NULL));
        for (int s = 0; s < 3 && tc->approvers[s] >= 0; s++) {
            decide(f, f->other, id, "approve", ST_FORBIDDEN, "not_approver");
            decide(f, person_of(f, tc->approvers[s]), id, "approve", ST_OK, NULL);
        }
    }
}

static void refusals(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = 0;
    /* requester_roles: 例外措置 only by 情報セキュリティ管理者 / 情報システム管理者 (第129条) */
    assert_int_equal(create(f, f->staff, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条", "reason", "r", "alternative",
                                      "a", "risk", "r", "start_date", "2026-11-01", "end_date", "2027-01-31"),
                            &id, &e),
                     ST_FORBIDDEN);
    assert_string_equal(e.code, "not_permitted_requester");
    /* a system role must be held for the request's system */
    assert_int_equal(create(f, f->staff, "external_network", f->sys,
                            json_pack("{s:s, s:s, s:s, s:s, s:s}", "network", "n", "purpose", "p", "investigation",
                                      "i", "liability", "l", "connect_date", "2026-12-01"),
                            &id, &e),
                     ST_FORBIDDEN);
    assert_string_equal(e.code, "not_permitted_requester");
    /* condition: 機密性1 needs no 運搬 permission (第23条10 covers 機密性2以上) */
    assert_int_equal(create(f, f->staff, "asset_transport", f->asset1,
                            json_pack("{s:s, s:s, s:s}", "destination", "d", "transport_date", "2026-11-04", "means",
                                      "vehicle"),
                            &id, &e),
                     ST_CONFLICT);
    assert_string_equal(e.code, "not_required");
    assert_string_equal(e.field, "object_id");
    /* the two cloud types point to each other */
    assert_int_equal(create(f, f->bucho, "cloud_service_sensitive", 0,
                            json_pack("{s:s, s:s, s:s, s:s}", "service", "s", "provider", "p", "purpose", "u",
                                      "confidentiality", "1"),
                            &id, &e),
                     ST_CONFLICT);
    assert_string_equal(e.code, "not_applicable");
    assert_non_null(strstr(e.ja, "機密性2未満"));
    assert_int_equal(create(f, f->staff, "cloud_service_general", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:b}", "service", "s", "provider", "p", "purpose", "u",
                                      "confidentiality", "3A", "terms_checked", 1),
                            &id, &e),
                     ST_CONFLICT);
    assert_string_equal(e.code, "not_applicable");
    /* field kinds: a level that is not in the pack; citations that are not articles */
    assert_int_equal(create(f, f->staff, "external_web_meeting", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s}", "organizer", "o", "meeting_at", "2026-11-10T14:00",
                                      "service", "s", "purpose", "p", "confidentiality", "9"),
                            &id, &e),
                     ST_INVALID);
    assert_string_equal(e.field, "confidentiality");
    assert_int_equal(create(f, f->manager, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "パスワード規定", "reason", "r",
                                      "alternative", "a", "risk", "r", "start_date", "2026-11-01", "end_date", "2027-01-31"),
                            &id, &e),
                     ST_INVALID);
    assert_string_equal(e.field, "provisions");
    /* a citation of an article the policy does not have: said so, not a format error */
    assert_int_equal(create(f, f->manager, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条、第999条", "reason", "r",
                                      "alternative", "a", "risk", "r", "start_date", "2026-11-01", "end_date",
                                      "2027-01-31"),
                            &id, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "unknown_article");
    assert_non_null(strstr(e.ja, "第999条"));
    /* the end before the start */
    assert_int_equal(create(f, f->manager, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条", "reason", "r",
                                      "alternative", "a", "risk", "r", "start_date", "2026-12-01", "end_date",
                                      "2026-11-30"),
                            &id, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "date_order");
    assert_string_equal(e.field, "end_date");
    assert_int_equal(create(f, f->manager, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条(3)・第87条 第88条 、", "reason", "r",
                                      "alternative", "a", "risk", "r", "start_date", "2026-11-01", "end_date", "2027-01-31"),
                            &id, &e),
                     ST_OK);
    assert_int_equal(create(f, f->manager, "exception_measure", 0,
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", " 、 ", "reason", "r", "alternative", "a",
                                      "risk", "r", "start_date", "2026-11-01", "end_date", "2027-01-31"),
                            &id, &e),
                     ST_INVALID);
    assert_int_equal(create(f, f->staff, "byod_use", 0, json_pack("{s:s}", "device", "d"), &id, &e), ST_INVALID);
    assert_string_equal(e.code, "required");
    /* nothing was created by any of these but the one valid 例外措置 */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests"), 1);
    /* the condition again at submission: the asset was reclassified to 機密性1 after the draft */
    assert_int_equal(create(f, f->staff, "asset_transport", f->asset2,
                            json_pack("{s:s, s:s, s:s}", "destination", "d", "transport_date", "2026-11-04", "means",
                                      "vehicle"),
                            &id, &e),
                     ST_OK);
    act_as(f, f->manager);
    json_t *patch = json_pack("{s:s, s:s}", "confidentiality", "1", "classification_reason", "公開情報になった");
    assert_int_equal(asset_update(&f->w.ctx, f->asset2, patch, &e), ST_OK);
    json_decref(patch);
    act_as(f, f->staff);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_CONFLICT);
    assert_string_equal(e.code, "not_required");
    assert_string_equal(state_of(f, id), "draft");
}

/* 第20条 at every stage: the requester is refused, the stage escalates and is never skipped. */
static void self_approval_every_stage(void **state)
{
    Fixture *f = *state;
    const char *ra = "{\"place\":\"自宅\",\"purpose\":\"p\",\"device\":\"d\",\"access_from\":\"2026-11-02\","
                     "\"access_until\":\"2026-12-31\"}";
    /* stage 0 (system_manager) is the requester → 統括 */
    int64_t id = submitted(f, f->sysmgr, "remote_access", f->sys, json_loads(ra, 0, NULL));
    expect_role(f, id, "chief_security_officer", true);
    decide(f, f->sysmgr, id, "approve", ST_FORBIDDEN, "separation_of_duties");
    decide(f, f->chief, id, "approve", ST_OK, NULL);
    decide(f, f->sysmgr, id, "approve", ST_FORBIDDEN, "separation_of_duties");
    decide(f, f->chief, id, "approve", ST_OK, NULL);
    assert_string_equal(state_of(f, id), "approved");
    /* stage 1 (統括) is the requester → CISO; stage 0 is the system manager as usual */
    id = submitted(f, f->chief, "remote_access", f->sys, json_loads(ra, 0, NULL));
    decide(f, f->chief, id, "approve", ST_FORBIDDEN, "separation_of_duties");
    decide(f, f->sysmgr, id, "approve", ST_OK, NULL);
    expect_role(f, id, "ciso", true);
    decide(f, f->chief, id, "approve", ST_FORBIDDEN, "separation_of_duties");
    decide(f, f->ciso, id, "approve", ST_OK, NULL);
    assert_string_equal(state_of(f, id), "approved");
    /* 外部ネットワーク: the CISO stage has no escalation; the CISO cannot file and approve it either */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals WHERE approver_person_id ="
                                        " (SELECT requester_person_id FROM requests r WHERE r.id = request_id)"),
                     0);
}

static json_t *take_out_fields(const char *due)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "destination", "北海道庁", "purpose", "説明会", "out_at",
                     "2026-11-05T09:00", "return_due", due);
}

static void deputy_direct(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->manager);
    int64_t did = 0, rid = 0;
    DelegationIn in = {.role = "section_security_manager", .deputy_person_id = f->other, .valid_from = "2026-11-02",
                       .valid_until = "2026-11-06", .reason = "出張"};
    /* bad input first: the manager themselves, a past period, no reason, a role not held */
    DelegationIn bad = in;
    bad.deputy_person_id = f->manager;
    assert_int_equal(delegation_create(&f->w.ctx, &bad, &did, &rid, &e), ST_INVALID);
    assert_string_equal(e.code, "self_delegation");
    bad = in;
    bad.valid_until = "2026-10-01";
    assert_int_equal(delegation_create(&f->w.ctx, &bad, &did, &rid, &e), ST_INVALID);
    bad = in;
    bad.reason = "";
    assert_int_equal(delegation_create(&f->w.ctx, &bad, &did, &rid, &e), ST_INVALID);
    bad = in;
    bad.role = "department_security_officer";
    assert_int_equal(delegation_create(&f->w.ctx, &bad, &did, &rid, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "not_role_holder");
    act_as(f, f->ciso);
    bad = in;
    bad.role = "ciso";
    assert_int_equal(delegation_create(&f->w.ctx, &bad, &did, &rid, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "delegation_not_allowed");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM delegations"), 0);

    act_as(f, f->manager);
    assert_int_equal(delegation_create(&f->w.ctx, &in, &did, &rid, &e), ST_OK);
    assert_true(did > 0);
    assert_int_equal(rid, 0);
    /* the deputy is told */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications WHERE person_id = %lld AND kind = 'delegation'",
             (long long)f->other);
    assert_int_equal(world_count(&f->w, sql), 1);

    /* before the period: not an approver, and told why */
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    decide(f, f->other, id, "approve", ST_FORBIDDEN, "delegation_not_active");
    /* during the period: resolved as 代行 for the manager */
    f->w.clock.fixed = T0 + 2 * DAY;
    json_t *r = NULL;
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    json_t *ap = json_object_get(r, "approvers");
    assert_int_equal(json_array_size(ap), 2);
    json_t *dep = json_array_get(ap, 1);
    assert_int_equal(json_integer_value(json_object_get(dep, "person_id")), f->other);
    assert_int_equal(json_integer_value(json_object_get(dep, "deputy_for")), f->manager);
    json_decref(r);
    act_as(f, f->other);
    json_t *inbox = NULL;
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    json_t *w = json_object_get(inbox, "waiting");
    assert_int_equal(json_array_size(w), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(w, 0), "as_deputy_for")), f->manager);
    json_decref(inbox);
    decide(f, f->other, id, "approve", ST_OK, NULL);
    assert_string_equal(state_of(f, id), "approved");
    json_t *g = NULL;
    assert_int_equal(request_get(&f->w.ctx, id, &g, &e), ST_OK);
    json_t *a0 = json_array_get(json_object_get(g, "approvals"), 0);
    assert_string_equal(json_string_value(json_object_get(a0, "deputy_for_name")), "課長 花子");
    json_decref(g);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals WHERE deputy_for_person_id IS NOT NULL"),
                     1);
    /* after the period: refused again */
    id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    f->w.clock.fixed = T0 + 7 * DAY;
    decide(f, f->other, id, "approve", ST_FORBIDDEN, "delegation_not_active");
    decide(f, f->manager, id, "approve", ST_OK, NULL);
    /* revoked: refused inside the period too */
    f->w.clock.fixed = T0 + 3 * DAY;
    id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    act_as(f, f->manager);
    assert_int_equal(delegation_revoke(&f->w.ctx, did, &e), ST_OK);
    decide(f, f->other, id, "approve", ST_FORBIDDEN, "delegation_not_active");
}

/* The requester's own deputy cannot approve for them (第20条): the stage escalates. */
static void deputy_of_requester_excluded(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->manager);
    DelegationIn in = {.role = "section_security_manager", .deputy_person_id = f->staff, .valid_from = "2026-11-01",
                       .valid_until = "2026-11-30", .reason = "休暇"};
    assert_int_equal(delegation_create(&f->w.ctx, &in, NULL, NULL, &e), ST_OK);
    int64_t id = submitted(f, f->manager, "take_out", f->asset2, take_out_fields("2026-11-20"));
    json_t *r = NULL;
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_true(json_is_true(json_object_get(r, "escalated")));
    assert_string_equal(json_string_value(json_object_get(r, "role")), "department_security_officer");
    json_t *x = json_object_get(r, "excluded");
    assert_int_equal(json_array_size(x), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(x, 1), "code")), "deputy_of_requester");
    json_decref(r);
    decide(f, f->staff, id, "approve", ST_FORBIDDEN, NULL);
    decide(f, f->bucho, id, "approve", ST_OK, NULL);
}

/* 第84条3-4: the deputy of 統括 needs the CISO's approval; then everyone concerned is told. */
static void deputy_privileged_needs_ciso(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->chief);
    int64_t did = 0, rid = 0;
    DelegationIn in = {.role = "chief_security_officer", .deputy_person_id = f->manager, .valid_from = "2026-11-01",
                       .valid_until = "2026-11-10", .reason = "長期出張"};
    assert_int_equal(delegation_create(&f->w.ctx, &in, &did, &rid, &e), ST_OK);
    assert_int_equal(did, 0);
    assert_true(rid > 0);
    assert_string_equal(state_of(f, rid), "submitted");
    expect_role(f, rid, "ciso", false);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM delegations"), 0);
    /* not yet approved: the would-be deputy is no approver of a 統括 stage */
    const char *ra = "{\"place\":\"自宅\",\"purpose\":\"p\",\"device\":\"d\",\"access_from\":\"2026-11-02\","
                     "\"access_until\":\"2026-12-31\"}";
    int64_t id = submitted(f, f->staff, "remote_access", f->sys, json_loads(ra, 0, NULL));
    decide(f, f->sysmgr, id, "approve", ST_OK, NULL);
    decide(f, f->manager, id, "approve", ST_FORBIDDEN, "not_approver");
    /* only the CISO approves the delegation */
    decide(f, f->bucho, rid, "approve", ST_FORBIDDEN, "not_approver");
    decide(f, f->ciso, rid, "approve", ST_OK, NULL);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM delegations WHERE state = 'active' AND request_id IS NOT NULL"),
                     1);
    /* 第84条4: 責任者, 管理者 and システム管理者 are told; the deputy too */
    char sql[200];
    const int64_t told[] = {f->bucho, f->sysmgr, f->manager};
    for (int i = 0; i < 3; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications WHERE person_id = %lld AND kind = 'delegation'",
                 (long long)told[i]);
        assert_int_equal(world_count(&f->w, sql), 1);
    }
    decide(f, f->manager, id, "approve", ST_OK, NULL);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM request_approvals WHERE deputy_for_person_id IS NOT NULL"),
                     1);
    /* a request of this type by someone who does not hold the role is refused */
    act_as(f, f->staff);
    json_t *fields = json_pack("{s:s, s:I, s:s, s:s, s:s}", "role", "chief_security_officer", "deputy",
                               (json_int_t)f->other, "valid_from", "2026-11-01", "valid_until", "2026-11-05", "reason",
                               "r");
    int64_t bad = 0;
    assert_int_equal(request_create(&f->w.ctx, "privileged_deputy", 0, fields, &bad, &e), ST_FORBIDDEN);
    json_decref(fields);
    /* the system manager's deputy needs the system named */
    act_as(f, f->sysmgr);
    fields = json_pack("{s:s, s:I, s:s, s:s, s:s}", "role", "system_manager", "deputy", (json_int_t)f->staff,
                       "valid_from", "2026-11-01", "valid_until", "2026-11-05", "reason", "r");
    assert_int_equal(request_create(&f->w.ctx, "privileged_deputy", 0, fields, &bad, &e), ST_INVALID);
    assert_string_equal(e.field, "system");
    json_decref(fields);
}

static json_t *exception_fields(const char *end)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条(3)", "reason", "旧システムの制約", "alternative",
                     "操作ログを毎日確認", "risk", "r", "start_date", "2026-11-01", "end_date", end);
}

static json_t *register_item(Fixture *f, int64_t id)
{
    json_t *reg = NULL;
    Err e = {0};
    assert_int_equal(exception_register(&f->w.ctx, &reg, &e), ST_OK);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(reg, "items"), i, o)
    {
        if (json_integer_value(json_object_get(o, "request_id")) == id) {
            json_incref(o);
            json_decref(reg);
            return o;
        }
    }
    json_decref(reg);
    fail_msg("exception %lld not in the register", (long long)id);
    return NULL;
}

static void expect_register(Fixture *f, int64_t id, const char *status, const char *report_status)
{
    json_t *o = register_item(f, id);
    assert_string_equal(json_string_value(json_object_get(o, "status")), status);
    assert_string_equal(json_string_value(json_object_get(o, "report_status")), report_status);
    json_decref(o);
}

static int64_t notes(Fixture *f, int64_t person, const char *kind)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications WHERE person_id = %lld AND kind = '%s'",
             (long long)person, kind);
    return world_count(&f->w, sql);
}

static void exception_emergency_deadline(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    /* only the two manager roles may take an emergency measure too */
    act_as(f, f->staff);
    int64_t id = 0;
    json_t *fields = exception_fields("2026-12-31");
    assert_int_equal(exception_take_emergency(&f->w.ctx, NULL, fields, &id, &e), ST_FORBIDDEN);
    /* taken at T0 (2026-11-01 09:00 JST); the pack gives 3 days to report */
    act_as(f, f->manager);
    assert_int_equal(exception_take_emergency(&f->w.ctx, NULL, fields, &id, &e), ST_OK);
    json_decref(fields);
    assert_string_equal(state_of(f, id), "draft");
    expect_register(f, id, "draft", "pending");
    json_t *g = NULL;
    assert_int_equal(request_get(&f->w.ctx, id, &g, &e), ST_OK);
    json_t *x = json_object_get(g, "exception");
    assert_true(json_is_true(json_object_get(x, "emergency")));
    assert_string_equal(json_string_value(json_object_get(x, "report_due")), "2026-11-04T00:00:00Z");
    json_decref(g);
    int n = 0;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->manager, "report_due"), 0);
    /* 2 days 1 hour later: the deadline is within a day → the requester is reminded, once */
    f->w.clock.fixed = T0 + 2 * DAY + 3600;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->manager, "report_due"), 1);
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    /* one second past the deadline: overdue, flagged to the requester and the CISO */
    f->w.clock.fixed = T0 + 3 * DAY + 1;
    expect_register(f, id, "draft", "overdue");
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->manager, "report_overdue"), 1);
    assert_int_equal(notes(f, f->ciso, "report_overdue"), 1);
    json_t *inbox = NULL;
    act_as(f, f->ciso);
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(inbox, "overdue")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(inbox, "overdue"), 0), "kind")),
                        "report_overdue");
    json_decref(inbox);
    /* reported late: the register keeps saying so after the CISO approves */
    act_as(f, f->manager);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    expect_register(f, id, "under_review", "reported_late");
    decide(f, f->ciso, id, "approve", ST_OK, NULL);
    expect_register(f, id, "active", "reported_late");

    /* a second one reported in time */
    f->w.clock.fixed = T0 + 10 * DAY;
    act_as(f, f->manager);
    fields = exception_fields("2026-11-30");
    assert_int_equal(exception_take_emergency(&f->w.ctx, "exception_measure", fields, &id, &e), ST_OK);
    json_decref(fields);
    f->w.clock.fixed = T0 + 11 * DAY;
    act_as(f, f->manager);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    decide(f, f->ciso, id, "approve", ST_OK, NULL);
    expect_register(f, id, "active", "reported");
    /* 14 days before its end (remind_before_days) it is ending soon; requester and CISO are told */
    f->w.clock.fixed = T0 + 17 * DAY;
    expect_register(f, id, "ending_soon", "reported");
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->manager, "exception_ending"), 1);
    assert_int_equal(notes(f, f->ciso, "exception_ending"), 1);
    /* after the end date it expires */
    f->w.clock.fixed = T0 + 31 * DAY;
    assert_int_equal(request_expire_due(&f->w.ctx, &n, &e), ST_OK);
    assert_string_equal(state_of(f, id), "expired");
    expect_register(f, id, "ended", "reported");
    /* every change above (emergency, late report, approval, expiry) recorded the rows as stored */
    static const char *const tables[] = {"request_approvals", "request_events", "exceptions", NULL};
    char *got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
}

static void exception_review_register(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = submitted(f, f->sysmgr, "exception_measure", 0, exception_fields("2027-12-31"));
    act_as(f, f->manager);
    assert_int_equal(exception_review(&f->w.ctx, id, "確認", &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "not_reviewer");
    decide(f, f->ciso, id, "approve", ST_OK, NULL);
    json_t *o = register_item(f, id);
    assert_string_equal(json_string_value(json_object_get(o, "provisions")), "第59条(3)");
    assert_false(json_is_true(json_object_get(o, "review_due")));
    json_decref(o);
    /* 90 days on (review_interval_days) the CISO is reminded to review (第131条) */
    f->w.clock.fixed = T0 + 91 * DAY;
    int n = 0;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->ciso, "review_due"), 1);
    o = register_item(f, id);
    assert_true(json_is_true(json_object_get(o, "review_due")));
    json_decref(o);
    act_as(f, f->ciso);
    assert_int_equal(exception_review(&f->w.ctx, id, "継続を確認", &e), ST_OK);
    o = register_item(f, id);
    assert_false(json_is_true(json_object_get(o, "review_due")));
    assert_string_equal(json_string_value(json_object_get(o, "last_review_comment")), "継続を確認");
    json_decref(o);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE action = 'exception.review'"), 1);
    /* a request that is not an exception has no review */
    int64_t other = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    act_as(f, f->ciso);
    assert_int_equal(exception_review(&f->w.ctx, other, NULL, &e), ST_INVALID);

    /* the decision, the history and the exception row match their trail; edited, added and removed
     * directly in SQLite, each is named with its table, id and column (the stored snapshot too) */
    static const char *const tables[] = {"request_approvals", "request_events", "exceptions", NULL};
    char *got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
    int64_t approval = world_count(&f->w, "SELECT max(id) FROM request_approvals");
    int64_t first_event = world_count(&f->w, "SELECT min(id) FROM request_events");
    char sql[300], want[600];
    snprintf(sql, sizeof sql, "UPDATE exceptions SET last_review_comment = '改' WHERE request_id = %lld", (long long)id);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "UPDATE request_approvals SET decision = 'reject', snapshot = '{}' WHERE id = %lld",
             (long long)approval);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "DELETE FROM request_events WHERE id = %lld", (long long)first_event);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql,
             "INSERT INTO request_events(request_id, kind, stage, comment, created_at)"
             " VALUES (%lld, 'approve', 0, '', '2026-11-02T00:00:00Z')",
             (long long)other);
    world_sql(&f->w, sql);
    int64_t added = world_count(&f->w, "SELECT max(id) FROM request_events");
    snprintf(want, sizeof want,
             "request_approvals %lld decision differs\nrequest_approvals %lld snapshot_hash differs\n"
             "request_events %lld  no_trail\nrequest_events %lld  row_missing\n"
             "exceptions %lld last_review_comment differs\n",
             (long long)approval, (long long)approval, (long long)added, (long long)first_event, (long long)id);
    got = world_findings(&f->w, tables);
    assert_string_equal(got, want);
    free(got);
}

static void reminders_idempotent(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-06"));
    /* the approver was told at submission; the requester at the decision */
    assert_int_equal(notes(f, f->manager, "approval_waiting"), 1);
    decide(f, f->manager, id, "approve", ST_OK, NULL);
    assert_int_equal(notes(f, f->staff, "decided"), 1);
    int n = -1;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0); /* return due in 5 days, validity (14 days) far */
    f->w.clock.fixed = T0 + 3 * DAY;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(notes(f, f->staff, "return_due"), 1);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
        assert_int_equal(n, 0);
    }
    f->w.clock.fixed = T0 + 6 * DAY;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->staff, "return_overdue"), 1);
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    /* the inbox flags it; the list of notifications shows the reminders, unread */
    act_as(f, f->staff);
    json_t *inbox = NULL;
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    json_t *ov = json_object_get(inbox, "overdue");
    assert_int_equal(json_array_size(ov), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ov, 0), "kind")), "return_overdue");
    json_decref(inbox);
    /* and the 課長 who approved it sees it as an approver (第43条) */
    act_as(f, f->manager);
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    ov = json_object_get(inbox, "overdue");
    assert_int_equal(json_array_size(ov), 1);
    assert_true(json_is_true(json_object_get(json_array_get(ov, 0), "as_approver")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(ov, 0), "requester_name")), "職員 一郎");
    json_decref(inbox);
    act_as(f, f->other);
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(inbox, "overdue")), 0);
    json_decref(inbox);
    act_as(f, f->staff);
    json_t *list = NULL;
    assert_int_equal(notify_list(&f->w.ctx, true, 50, &list, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "unread")), 3);
    int64_t nid = json_integer_value(json_object_get(json_array_get(json_object_get(list, "items"), 0), "id"));
    /* titles never carry the request's contents */
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(list, "items"), i, o) assert_null(strstr(json_string_value(json_object_get(o, "title")), "北海道庁"));
    json_decref(list);
    assert_int_equal(notify_mark_read(&f->w.ctx, nid, &e), ST_OK);
    act_as(f, f->manager);
    assert_int_equal(notify_mark_read(&f->w.ctx, nid, &e), ST_NOTFOUND);
    act_as(f, f->staff);
    assert_int_equal(notify_list(&f->w.ctx, true, 50, &list, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "unread")), 2);
    json_decref(list);
    assert_int_equal(notify_list(&f->w.ctx, true, 0, &list, &e), ST_INVALID);
    /* validity end (14 days) reminded within 3 days of it, once */
    request_complete(&f->w.ctx, id, NULL, &e);
    int64_t id2 = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-12-31"));
    decide(f, f->manager, id2, "approve", ST_OK, NULL); /* valid until 2026-11-21 */
    f->w.clock.fixed = T0 + 18 * DAY;
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(notes(f, f->staff, "validity_ending"), 1);
    assert_int_equal(reminders_run(&f->w.ctx, &n, &e), ST_OK);
    assert_int_equal(n, 0);
}

/* The ids of submitted requests whose resolution waits for person, by resolving every one. */
static json_t *brute_force_waiting(Fixture *f, int64_t person)
{
    json_t *ids = json_array();
    Err pe = {0};
    Stmt *st = db_prepare(f->w.db, "SELECT id FROM requests WHERE state = 'submitted' ORDER BY id", &pe);
    assert_non_null(st);
    while (stmt_step(st) == STEP_ROW) {
        int64_t id = stmt_int(st, 0);
        json_t *r = NULL;
        Err e = {0};
        assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(r, "waiting"), i, v) if (json_integer_value(v) == person)
            json_array_append_new(ids, json_integer((json_int_t)id));
        json_decref(r);
    }
    stmt_finalize(st);
    return ids;
}

/* The inbox finds the same waiting requests as resolving every open request does. */
static void inbox_matches_resolution(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    const char *ra = "{\"place\":\"自宅\",\"purpose\":\"p\",\"device\":\"d\",\"access_from\":\"2026-11-02\","
                     "\"access_until\":\"2026-12-31\"}";
    submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    submitted(f, f->manager, "take_out", f->asset2, take_out_fields("2026-11-20")); /* → 部長 */
    /* need-to-know (第23条): 情報政策課's 機密性2 asset does not exist for 税務課's staff */
    int64_t refused = 0;
    assert_int_equal(create(f, f->other, "take_out", f->asset2, take_out_fields("2026-11-20"), &refused, &e),
                     ST_NOTFOUND);
    assert_string_equal(e.code, "object_not_found");
    int64_t own = make_asset_of(f, f->other, f->zeimu, "IA-Z", "2");
    submitted(f, f->other, "take_out", own, take_out_fields("2026-11-20"));   /* 税務課: vacant → 部長 */
    int64_t r1 = submitted(f, f->staff, "remote_access", f->sys, json_loads(ra, 0, NULL));
    decide(f, f->sysmgr, r1, "approve", ST_OK, NULL);
    submitted(f, f->chief, "remote_access", f->sys, json_loads(ra, 0, NULL));
    submitted(f, f->manager, "exception_measure", 0, exception_fields("2027-01-31"));
    const int64_t people[] = {f->staff, f->manager, f->bucho, f->chief, f->ciso, f->sysmgr, f->other};
    const size_t expect[] = {0, 1, 2, 1, 1, 1, 0};
    for (size_t k = 0; k < sizeof people / sizeof *people; k++) {
        act_as(f, people[k]);
        json_t *inbox = NULL, *list = NULL;
        assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
        assert_int_equal(request_list(&f->w.ctx, "inbox", &list, &e), ST_OK);
        json_t *brute = brute_force_waiting(f, people[k]);
        json_t *a = json_object_get(inbox, "waiting"), *b = json_object_get(list, "items");
        if (json_array_size(a) != expect[k] || json_array_size(b) != expect[k] || json_array_size(brute) != expect[k])
            fail_msg("person %zu: inbox %zu, list %zu, brute force %zu, expected %zu", k, json_array_size(a),
                     json_array_size(b), json_array_size(brute), expect[k]);
        for (size_t i = 0; i < json_array_size(a); i++) {
            int64_t id = json_integer_value(json_object_get(json_array_get(a, i), "id"));
            assert_int_equal(id, json_integer_value(json_object_get(json_array_get(b, i), "id")));
            assert_int_equal(id, json_integer_value(json_array_get(brute, i)));
        }
        json_decref(brute);
        /* the inbox rows do not carry the request's contents */
        assert_null(json_object_get(json_array_get(a, 0), "fields"));
        json_decref(inbox);
        json_decref(list);
    }
    act_as(f, f->manager);
    json_t *inbox = NULL;
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(inbox, "mine")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(inbox, "counts"), "mine_open")), 2);
    json_decref(inbox);
    act_as(f, 0);
    assert_int_equal(request_inbox(&f->w.ctx, &inbox, &e), ST_FORBIDDEN);
}

/* mode all: a holder and their deputy fill one slot; the stage completes when every holder's slot
 * is filled. The embedded pack with 持ち出し approved by all CSIRT要員 (a non-unique role). */
static void all_mode_deputy_shares_slot(void **state)
{
    Fixture *f = *state;
    PackSource *files = NULL;
    size_t n = 0;
    pack_sources_embedded(&files, &n);
    const char *from = "      - {role: section_security_manager, scope: requester_section, mode: any,"
                       " escalate_to: department_security_officer}\n  - id: exception_measure";
    for (size_t i = 0; i < n; i++) {
        const char *at = strcmp(files[i].name, "requests.yaml") == 0 ? strstr(files[i].data, from) : NULL;
        if (!at)
            continue;
        const char *to = "      - {role: csirt_member, scope: organisation, mode: all}\n  - id: exception_measure";
        size_t pre = (size_t)(at - files[i].data);
        char *d = malloc(files[i].len + strlen(to) + 1);
        memcpy(d, files[i].data, pre);
        strcpy(d + pre, to);
        strcat(d, at + strlen(from));
        free((char *)files[i].data);
        files[i].data = d;
        files[i].len = strlen(d);
    }
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    assert_int_equal(pack_load_sources(files, n, &p, &is, &e), ST_OK);
    pack_sources_free(files, n);
    assert_true(pack_request_type(p, "take_out")->stages[0].all);
    assign(f, f->bucho, "csirt_member", "organisation", 0);
    assign(f, f->sysmgr, "csirt_member", "organisation", 0);
    act_as(f, f->bucho);
    DelegationIn in = {.role = "csirt_member", .deputy_person_id = f->other, .valid_from = "2026-11-01",
                       .valid_until = "2026-11-30", .reason = "研修"};
    assert_int_equal(delegation_create(&f->w.ctx, &in, NULL, NULL, &e), ST_OK);
    f->w.ctx.pack = p;
    int64_t id = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    json_t *r = NULL;
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(r, "approvers")), 3);
    assert_int_equal(json_integer_value(json_object_get(r, "slots_left")), 2);
    json_decref(r);
    decide(f, f->other, id, "approve", ST_OK, NULL); /* the deputy fills 部長's slot */
    assert_string_equal(state_of(f, id), "submitted");
    decide(f, f->bucho, id, "approve", ST_FORBIDDEN, "not_approver");
    assert_int_equal(request_approvers(&f->w.ctx, id, &r, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "slots_left")), 1);
    json_decref(r);
    decide(f, f->sysmgr, id, "approve", ST_OK, NULL);
    assert_string_equal(state_of(f, id), "approved");
    f->w.ctx.pack = f->w.pack;
    pack_free(p);
}

/* ---------------------------------------------------------------------------------------------- */
/* The loader's checks of the new keys: the embedded requests.yaml with one change. */

static void expect_pack_issue(const char *from, const char *to, const char *code)
{
    PackSource *files = NULL;
    size_t n = 0;
    pack_sources_embedded(&files, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i].name, "requests.yaml") != 0)
            continue;
        const char *at = strstr(files[i].data, from);
        if (!at)
            fail_msg("fixture text not found: %s", from);
        size_t pre = (size_t)(at - files[i].data), len = pre + strlen(to) + strlen(at + strlen(from));
        char *d = malloc(len + 1);
        memcpy(d, files[i].data, pre);
        strcpy(d + pre, to);
        strcat(d, at + strlen(from));
        free((char *)files[i].data);
        files[i].data = d;
        files[i].len = len;
    }
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    assert_int_equal(pack_load_sources(files, n, &p, &is, &e), ST_INVALID);
    bool found = false;
    for (size_t i = 0; i < is.count; i++)
        found |= strcmp(is.items[i].code, code) == 0;
    if (!found)
        fail_msg("expected %s for %s → %s, got %s", code, from, to, is.count ? is.items[0].code : "nothing");
    pack_issues_free(&is);
    pack_sources_free(files, n);
}

static void pack_checks_new_keys(void **state)
{
    (void)state;
    expect_pack_issue("    report_within_days: 3\n", "", "missing_key");
    expect_pack_issue("requester_roles: [section_security_manager, system_manager]",
                      "requester_roles: [section_security_manager, nobody]", "unknown_role");
    expect_pack_issue("condition: confidentiality_below:2", "condition: confidentiality_below:9", "bad_condition");
    expect_pack_issue("instead: cloud_service_general", "instead: no_such_type", "bad_value");
    expect_pack_issue("valid_until_field: use_until", "valid_until_field: device", "bad_value");
    expect_pack_issue("delegates: [chief_security_officer, system_manager]", "delegates: [chief_security_officer]",
                      "bad_value");
    expect_pack_issue("kind: delegation", "kind: request", "bad_value");
    expect_pack_issue("kind: exception", "kind: something", "bad_value");
    expect_pack_issue("{name: confidentiality, label: 取り扱う情報の機密性, type: confidentiality, required: true}\n"
                      "      - {name: registration",
                      "{name: confidentiality, label: 取り扱う情報の機密性, type: text, required: true}\n"
                      "      - {name: registration",
                      "bad_condition");
}

/* Findings of reconcile_registers for one table (the fixture's people and units are inserted without
 * trail entries, so the others are not looked at). */
static json_t *findings_for(Fixture *f, const char *table)
{
    json_t *all = NULL, *mine = json_array();
    size_t total = 0;
    Err e = {0};
    assert_int_equal(reconcile_registers(&f->w.ctx, 0, &all, &total, &e), ST_OK);
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x) if (strcmp(json_string_value(json_object_get(x, "table")), table) == 0)
        json_array_append(mine, x);
    json_decref(all);
    return mine;
}

static void exec_sql(Fixture *f, const char *sql)
{
    Err e = {0};
    if (db_exec(f->w.ctx.db, sql, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.en);
}

static void expect_finding(json_t *list, int64_t id, const char *column, const char *problem)
{
    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)id);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) if (strcmp(json_string_value(json_object_get(x, "id")), want) == 0 &&
                                      strcmp(json_string_value(json_object_get(x, "column")), column) == 0 &&
                                      strcmp(json_string_value(json_object_get(x, "problem")), problem) == 0) return;
    char *dump = json_dumps(list, 0);
    fail_msg("no %s finding for id %s column %s in %s", problem, want, column, dump);
}

/* `trail verify` reconciles 申請 and 代行 with their trail entries: every change made through the
 * module matches; a state, a date or a whole row changed in SQLite without an entry is named with
 * table, id and column (docs/trail.md, "State reconciliation"). */
static void reconcile_requests_and_delegations(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->manager);
    DelegationIn in = {.role = "section_security_manager", .deputy_person_id = f->other, .valid_from = "2026-11-01",
                       .valid_until = "2026-11-30", .reason = "出張"};
    int64_t kept = 0, revoked = 0;
    assert_int_equal(delegation_create(&f->w.ctx, &in, &kept, NULL, &e), ST_OK);
    in.deputy_person_id = f->staff;
    assert_int_equal(delegation_create(&f->w.ctx, &in, &revoked, NULL, &e), ST_OK);
    assert_int_equal(delegation_revoke(&f->w.ctx, revoked, &e), ST_OK);
    int64_t approved = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-20"));
    decide(f, f->manager, approved, "approve", ST_OK, NULL);
    int64_t returned = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-21"));
    decide(f, f->manager, returned, "return", ST_OK, NULL);
    int64_t waiting = submitted(f, f->staff, "take_out", f->asset2, take_out_fields("2026-11-22"));
    json_t *list = findings_for(f, "requests");
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    list = findings_for(f, "delegations");
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    char sql[300];
    snprintf(sql, sizeof sql, "UPDATE requests SET state = 'approved', current_stage = 1 WHERE id = %lld",
             (long long)waiting);
    exec_sql(f, sql);
    snprintf(sql, sizeof sql, "UPDATE requests SET fields = json_set(fields, '$.return_due', '2027-03-31') WHERE id = %lld",
             (long long)approved);
    exec_sql(f, sql);
    snprintf(sql, sizeof sql, "DELETE FROM requests WHERE id = %lld", (long long)returned);
    exec_sql(f, "PRAGMA foreign_keys = OFF");
    exec_sql(f, sql);
    snprintf(sql, sizeof sql,
             "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, fields, state, created_at, updated_at)"
             " VALUES ('take_out', %lld, %lld, 'none', '{}', 'approved', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
             (long long)f->staff, (long long)f->joho);
    exec_sql(f, sql);
    int64_t forged = world_count(&f->w, "SELECT max(id) FROM requests");
    list = findings_for(f, "requests");
    expect_finding(list, waiting, "state", "differs");
    expect_finding(list, waiting, "current_stage", "differs");
    expect_finding(list, approved, "fields", "differs");
    expect_finding(list, returned, "", "row_missing");
    expect_finding(list, forged, "", "no_trail");
    assert_int_equal(json_array_size(list), 5);
    json_decref(list);

    snprintf(sql, sizeof sql, "UPDATE delegations SET valid_until = '2027-03-31' WHERE id = %lld", (long long)kept);
    exec_sql(f, sql);
    snprintf(sql, sizeof sql, "UPDATE delegations SET state = 'active', revoked_at = NULL WHERE id = %lld",
             (long long)revoked);
    exec_sql(f, sql);
    list = findings_for(f, "delegations");
    expect_finding(list, kept, "valid_until", "differs");
    expect_finding(list, revoked, "state", "differs");
    expect_finding(list, revoked, "revoked_at", "differs");
    assert_int_equal(json_array_size(list), 3);
    json_decref(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_new_type_happy_path, setup, teardown),
        cmocka_unit_test_setup_teardown(each_new_type_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(self_approval_every_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(deputy_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(deputy_of_requester_excluded, setup, teardown),
        cmocka_unit_test_setup_teardown(deputy_privileged_needs_ciso, setup, teardown),
        cmocka_unit_test_setup_teardown(exception_emergency_deadline, setup, teardown),
        cmocka_unit_test_setup_teardown(exception_review_register, setup, teardown),
        cmocka_unit_test_setup_teardown(reminders_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(inbox_matches_resolution, setup, teardown),
        cmocka_unit_test_setup_teardown(all_mode_deputy_shares_slot, setup, teardown),
        cmocka_unit_test_setup_teardown(reconcile_requests_and_delegations, setup, teardown),
        cmocka_unit_test(pack_checks_new_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
