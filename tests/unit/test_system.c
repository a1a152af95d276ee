/* Unit tests for the 情報システム台帳 (domain/system*.c) against a temporary database with the embedded
 * mic pack: input validation (each bad input class → code and field, nothing written), component
 * support states with an injected clock, requirement evaluation with articles, classification as the
 * highest over the system's assets (pending = strictest), role assignments scoped to a system, and
 * who may edit. The assets table is the minimal shape the registers' migration provides. */
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
#include "domain/systems/systems.h"
#include "policy/pack.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z (09:00 JST) */

typedef struct Fixture {
    TestWorld w;
    int64_t root, dept, joho, zeimu;
    int64_t alice, bob; /* alice: 情報政策課, bob: 税務課 */
} Fixture;



#define TRAIL(f) world_count(&f->w, "SELECT count(*) FROM trail_entries")
#define SYSTEMS(f) world_count(&f->w, "SELECT count(*) FROM systems")

/* A valid system input; the caller may change it. */
static json_t *system_input(Fixture *f, const char *code, const char *zone)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "code", code, "name", "住民記録システム", "zone", zone,
                     "owner_unit_id", (json_int_t)f->joho, "location", "datacenter", "vendor", "株式会社テスト");
}

static int64_t make_system(Fixture *f, const char *code, const char *zone)
{
    json_t *in = system_input(f, code, zone);
    int64_t id = 0;
    Err e = {0};
    Status st = system_create(&f->w.ctx, in, &id, &e);
    if (st != ST_OK)
        fail_msg("system_create: %s %s %s", e.code, e.field, e.en);
    json_decref(in);
    return id;
}

static void add_asset(Fixture *f, int64_t system_id, const char *c, const char *i, const char *a, const char *status)
{
    Err e;
    Stmt *st = db_prepare(f->w.db,
                          "INSERT INTO assets(asset_no, name, kind, unit_id, format, system_id, confidentiality, integrity,"
                          " availability, confidentiality_rank, classification_status, created_at, updated_at)"
                          " VALUES ('A-' || (SELECT count(*) + 1 FROM assets), '資産', 'information', ?6, 'electronic', ?1,"
                          " ?2, ?3, ?4, 0, ?5, '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z')",
                          &e);
    assert_non_null(st);
    stmt_bind_int(st, 1, system_id);
    stmt_bind_text(st, 2, c);
    stmt_bind_text(st, 3, i);
    stmt_bind_text(st, 4, a);
    stmt_bind_text(st, 5, status);
    stmt_bind_int(st, 6, f->joho);
    assert_int_equal(stmt_step(st), STEP_DONE);
    stmt_finalize(st);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->dept = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->dept, "joho", "情報政策課", "section");
    f->zeimu = world_unit(&f->w, f->dept, "zeimu", "税務課", "section");
    f->alice = world_person(&f->w, "A1", "情報 花子", f->joho);
    f->bob = world_person(&f->w, "B1", "税務 次郎", f->zeimu);
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

/* Acts as a signed-in person with the given capabilities. */
static void act_as(Fixture *f, int64_t person_id, uint64_t caps)
{
    f->w.actor.account_id = person_id ? 100 + person_id : 0;
    f->w.actor.person_id = person_id;
    f->w.actor.caps = caps;
}

static const json_t *find_by(const json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) if (strcmp(json_string_value(json_object_get(x, key)) ?: "", value) == 0) return x;
    return NULL;
}

/* Need-to-know (第23条, roles.yaml visibility): a system processing a 機密性2以上 or 要判断 asset is read
 * only by its 所管課 (and the roles of the rule); another 課's staff neither lists nor opens nor edits it,
 * while a system processing only 機密性1 stays open to all. */
static void need_to_know(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t restricted = make_system(f, "SYS-R", "lgwan");
    int64_t open = make_system(f, "SYS-O", "lgwan");
    int64_t unknown = make_system(f, "SYS-U", "lgwan");
    add_asset(f, restricted, "2", "1", "1", "decided");
    add_asset(f, open, "1", "1", "1", "decided");
    add_asset(f, unknown, NULL, "1", "1", "pending");
    struct { int64_t person; bool sees; } readers[] = {{f->alice, true}, {f->bob, false}};
    for (size_t k = 0; k < 2; k++) {
        act_as(f, readers[k].person, CAP_SIGNED_IN);
        SystemQuery q = {.limit = 50};
        json_t *list = NULL;
        assert_int_equal(system_list(&f->w.ctx, &q, &list, &e), ST_OK);
        json_t *items = json_object_get(list, "items");
        assert_non_null(find_by(items, "code", "SYS-O"));
        assert_int_equal(find_by(items, "code", "SYS-R") != NULL, readers[k].sees);
        assert_int_equal(find_by(items, "code", "SYS-U") != NULL, readers[k].sees);
        json_decref(list);
        json_t *sys = NULL;
        assert_int_equal(system_get(&f->w.ctx, restricted, &sys, &e), readers[k].sees ? ST_OK : ST_NOTFOUND);
        json_decref(sys);
        sys = NULL;
        assert_int_equal(system_get(&f->w.ctx, open, &sys, &e), ST_OK);
        json_decref(sys);
        if (!readers[k].sees) {
            json_t *patch = json_pack("{s:s}", "notes", "x");
            assert_int_equal(system_update(&f->w.ctx, unknown, patch, &e), ST_NOTFOUND);
            assert_string_equal(e.code, "system_not_found");
            json_decref(patch);
        }
    }
}

static void create_validation(void **state)
{
    Fixture *f = *state;
    struct {
        const char *key;
        json_t *value; /* NULL: remove the key */
        const char *code, *field;
    } cases[] = {
        {"code", json_string("SYS 001"), "invalid_code", "code"},
        {"code", json_string(""), "required", "code"},
        {"code", NULL, "required", "code"},
        {"name", json_string(""), "required", "name"},
        {"name", json_string("改行\nあり"), "invalid_text", "name"},
        {"name", json_integer(3), "invalid_type", "name"},
        {"zone", json_string("cloud"), "invalid_zone", "zone"},
        {"owner_unit_id", json_integer(99999), "unknown_unit", "owner_unit_id"},
        {"owner_unit_id", NULL, "required", "owner_unit_id"},
        {"location", json_string("moon"), "invalid_location", "location"},
        {"redundancy", json_integer(2), "invalid_fact", "redundancy"},
        {"mfa", json_string("yes"), "invalid_fact", "mfa"},
        {"product_registration", json_string("ISO27001"), "invalid_registration", "product_registration"},
        {"relay_kind", json_string("fax"), "invalid_relay_kind", "relay_kind"},
        {"relay_kind", json_integer(1), "invalid_type", "relay_kind"},
        {"password", json_string("x"), "unknown_field", "password"},
        {"active", json_false(), "unknown_field", "active"},
    };
    int64_t trail0 = TRAIL(f), systems0 = SYSTEMS(f);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *in = system_input(f, "SYS-001", "lgwan");
        if (cases[i].value)
            json_object_set_new(in, cases[i].key, cases[i].value);
        else
            json_object_del(in, cases[i].key);
        Err e = {0};
        int64_t id = 0;
        Status st = system_create(&f->w.ctx, in, &id, &e);
        if (st != ST_INVALID || strcmp(e.code, cases[i].code) != 0 || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu (%s): got %d %s/%s, want %s/%s", i, cases[i].key, st, e.code, e.field, cases[i].code,
                     cases[i].field);
        assert_true(e.ja[0] && e.en[0]);
        json_decref(in);
    }
    assert_int_equal(TRAIL(f), trail0); /* nothing written */
    assert_int_equal(SYSTEMS(f), systems0);

    /* a duplicate code is a conflict; the first system and its trail entry stay alone */
    int64_t id = make_system(f, "SYS-001", "lgwan");
    assert_int_equal(TRAIL(f), trail0 + 1);
    json_t *in = system_input(f, "SYS-001", "internet");
    Err e = {0};
    assert_int_equal(system_create(&f->w.ctx, in, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "system_code_taken");
    assert_string_equal(e.field, "code");
    json_decref(in);
    assert_int_equal(TRAIL(f), trail0 + 1);
    assert_int_equal(SYSTEMS(f), systems0 + 1);

    /* facts are stored as 未記録 (null) / 未対応 (false) / 対応済み (true) */
    json_t *sys = NULL;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_true(json_is_null(json_object_get(sys, "redundancy")));
    assert_string_equal(json_string_value(json_object_get(sys, "owner_unit_name")), "情報政策課");
    /* an ordinary system is no relay; the 無害化中継の種類 is stored, changed and cleared */
    assert_string_equal(json_string_value(json_object_get(sys, "relay_kind")), "");
    json_decref(sys);
    json_t *patch = json_pack("{s:s}", "relay_kind", "file");
    assert_int_equal(system_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(sys, "relay_kind")), "file");
    json_decref(sys);
    SystemQuery q = {.limit = 10};
    json_t *page = NULL;
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(page, "items"), 0), "relay_kind")),
                        "file");
    json_decref(page);
    patch = json_pack("{s:s}", "relay_kind", "");
    assert_int_equal(system_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(sys, "relay_kind")), "");
    json_decref(sys);
    assert_int_equal(TRAIL(f), trail0 + 3); /* create, then the two updates */

    /* a signed-in person without roles.manage cannot register a system */
    act_as(f, f->bob, CAP_SIGNED_IN);
    in = system_input(f, "SYS-002", "lgwan");
    assert_int_equal(system_create(&f->w.ctx, in, NULL, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "system_edit_forbidden");
    act_as(f, f->bob, CAP_SIGNED_IN | CAP_ROLES_MANAGE);
    assert_int_equal(system_create(&f->w.ctx, in, NULL, &e), ST_OK);
    json_decref(in);
}

static void update_validation(void **state)
{
    Fixture *f = *state;
    int64_t id = make_system(f, "SYS-010", "lgwan");
    make_system(f, "SYS-011", "lgwan");
    int64_t trail0 = TRAIL(f);
    struct {
        const char *key;
        json_t *value;
        const char *code, *field;
        Status st;
    } cases[] = {
        {"name", json_string(""), "required", "name", ST_INVALID},
        {"zone", json_string("LGWAN"), "invalid_zone", "zone", ST_INVALID},
        {"backup", json_integer(-1), "invalid_fact", "backup", ST_INVALID},
        {"active", json_string("no"), "invalid_type", "active", ST_INVALID},
        {"id", json_integer(5), "unknown_field", "id", ST_INVALID},
        {"code", json_string("SYS-011"), "system_code_taken", "code", ST_CONFLICT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *patch = json_object();
        json_object_set_new(patch, cases[i].key, cases[i].value);
        Err e = {0};
        Status st = system_update(&f->w.ctx, id, patch, &e);
        if (st != cases[i].st || strcmp(e.code, cases[i].code) != 0 || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu (%s): got %d %s/%s", i, cases[i].key, st, e.code, e.field);
        json_decref(patch);
    }
    assert_int_equal(TRAIL(f), trail0);
    Err e = {0};
    json_t *patch = json_pack("{s:b, s:n, s:s}", "redundancy", 1, "backup", "product_registration", "ISMAP");
    assert_int_equal(system_update(&f->w.ctx, 99999, patch, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "system_not_found");
    assert_int_equal(system_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(TRAIL(f), trail0 + 1);
    /* the trail keeps before and after */
    Stmt *st = db_prepare(f->w.db, "SELECT action, entry FROM trail_entries ORDER BY seq DESC LIMIT 1", &e);
    assert_non_null(st);
    assert_int_equal(stmt_step(st), STEP_ROW);
    assert_string_equal(stmt_text(st, 0), "system.update");
    assert_non_null(strstr(stmt_text(st, 1), "\"before\""));
    assert_non_null(strstr(stmt_text(st, 1), "ISMAP"));
    stmt_finalize(st);
    json_t *sys = NULL;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_true(json_is_true(json_object_get(sys, "redundancy")));
    assert_string_equal(json_string_value(json_object_get(sys, "product_registration")), "ISMAP");
    json_decref(sys);
}

static const char *component_state(json_t *sys, const char *name)
{
    const json_t *c = find_by(json_object_get(sys, "components"), "name", name);
    assert_non_null(c);
    return json_string_value(json_object_get(c, "support_state"));
}

static int64_t component(Fixture *f, int64_t sys, const char *kind, const char *name, const char *support_end)
{
    json_t *in = json_pack("{s:s, s:s, s:o}", "kind", kind, "name", name, "support_end",
                           support_end ? json_string(support_end) : json_null());
    int64_t id = 0;
    Err e = {0};
    Status st = system_add_component(&f->w.ctx, sys, in, &id, &e);
    if (st != ST_OK)
        fail_msg("add_component: %s %s", e.code, e.en);
    json_decref(in);
    return id;
}

static void component_support_states(void **state)
{
    Fixture *f = *state;
    int64_t id = make_system(f, "SYS-020", "lgwan");
    int months = f->w.pack->systems.support_warning_months;
    assert_true(months >= 1);
    /* today is 2026-11-01 JST */
    component(f, id, "software", "ended", "2026-10-31");
    component(f, id, "software", "last-day", "2026-11-01"); /* still supported today */
    char horizon[11];
    support_horizon("2026-11-01", months, horizon);
    char before_horizon[11];
    support_horizon("2026-10-31", months, before_horizon);
    component(f, id, "software", "soon", before_horizon);
    component(f, id, "server", "ok", horizon);
    component(f, id, "network", "unknown", NULL);
    Err e = {0};
    json_t *sys = NULL;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_string_equal(component_state(sys, "ended"), "ended");
    assert_string_equal(component_state(sys, "last-day"), "soon");
    assert_string_equal(component_state(sys, "soon"), "soon");
    assert_string_equal(component_state(sys, "ok"), "ok");
    assert_string_equal(component_state(sys, "unknown"), "unknown");
    assert_int_equal(json_integer_value(json_object_get(sys, "unsupported_count")), 1);
    assert_int_equal(json_integer_value(json_object_get(sys, "support_soon_count")), 2);
    json_decref(sys);

    /* a month later "last-day" has ended; years later everything dated has ended */
    f->w.clock.fixed = T0 + 2 * 86400;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_string_equal(component_state(sys, "last-day"), "ended");
    assert_string_equal(component_state(sys, "ok"), "soon"); /* the warning window has moved on */
    json_decref(sys);
    f->w.clock.fixed = T0 + (int64_t)(months + 1) * 31 * 86400;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_string_equal(component_state(sys, "ok"), "ended");
    assert_string_equal(component_state(sys, "unknown"), "unknown");
    json_decref(sys);
    f->w.clock.fixed = T0;

    /* horizon arithmetic clamps the day: 2026-08-31 + 6 months = 2027-02-28 */
    support_horizon("2026-08-31", 6, horizon);
    assert_string_equal(horizon, "2027-02-28");
    support_horizon("2027-08-31", 6, horizon);
    assert_string_equal(horizon, "2028-02-29");

    /* the list's flags */
    SystemQuery q = {.flag = "unsupported"};
    json_t *page = NULL;
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
    json_decref(page);
    q.flag = "bogus";
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_flag");

    /* component validation: nothing written */
    int64_t trail0 = TRAIL(f);
    json_t *bad[] = {
        json_pack("{s:s, s:s}", "kind", "robot", "name", "x"),
        json_pack("{s:s}", "kind", "server"),
        json_pack("{s:s, s:s, s:s}", "kind", "software", "name", "x", "support_end", "2026-02-30"),
        json_pack("{s:s, s:s, s:i}", "kind", "software", "name", "x", "quantity", -1),
        json_pack("{s:s, s:s, s:s}", "kind", "cloud", "name", "x", "registration", "ISO"),
    };
    const char *codes[] = {"invalid_kind", "required", "invalid_date", "invalid_quantity", "invalid_registration"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(system_add_component(&f->w.ctx, id, bad[i], NULL, &e), ST_INVALID);
        assert_string_equal(e.code, codes[i]);
        json_decref(bad[i]);
    }
    assert_int_equal(TRAIL(f), trail0);
}

static const json_t *requirement(json_t *sys, const char *id)
{
    const json_t *r = find_by(json_object_get(sys, "requirements"), "id", id);
    assert_non_null(r);
    return r;
}
#define REQ_STATE(sys, id) json_string_value(json_object_get(requirement(sys, id), "state"))
#define REQ_APPLIES(sys, id) json_is_true(json_object_get(requirement(sys, id), "applies"))
#define REQ_ARTICLE(sys, id) json_string_value(json_object_get(requirement(sys, id), "article"))

static void requirements(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    json_t *sys = NULL;
    /* 可用性2 system without redundancy recorded as absent → not met, 第28条 */
    int64_t a2 = make_system(f, "SYS-030", "lgwan");
    add_asset(f, a2, "2", "1", "2", "decided");
    json_t *patch = json_pack("{s:b, s:b, s:b}", "redundancy", 0, "maintenance", 1, "doc_configuration", 1);
    assert_int_equal(system_update(&f->w.ctx, a2, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(system_get(&f->w.ctx, a2, &sys, &e), ST_OK);
    assert_true(REQ_APPLIES(sys, "redundancy"));
    assert_string_equal(REQ_STATE(sys, "redundancy"), "not_met");
    assert_string_equal(REQ_ARTICLE(sys, "redundancy"), "第28条");
    assert_string_equal(REQ_STATE(sys, "failover_procedure"), "not_recorded");
    assert_string_equal(REQ_STATE(sys, "maintenance"), "met");
    assert_string_equal(REQ_ARTICLE(sys, "maintenance"), "第31条");
    assert_string_equal(REQ_ARTICLE(sys, "backup"), "第61条");
    /* documents of 第99条(2)(3) apply to every system */
    assert_true(REQ_APPLIES(sys, "doc_configuration"));
    assert_string_equal(REQ_STATE(sys, "doc_configuration"), "met");
    assert_string_equal(REQ_STATE(sys, "doc_recovery"), "not_recorded");
    assert_string_equal(REQ_ARTICLE(sys, "doc_recovery"), "第99条(3)ウ");
    /* not in the マイナンバー利用事務系: MFA does not apply */
    assert_false(REQ_APPLIES(sys, "mfa"));
    /* no software recorded: support is not recorded; registration is not recorded, cited by 通知 */
    assert_string_equal(REQ_STATE(sys, "software_support"), "not_recorded");
    assert_string_equal(REQ_STATE(sys, "product_registration"), "not_recorded");
    assert_string_equal(json_string_value(json_object_get(requirement(sys, "product_registration"), "reference")),
                        "総行サ第42号");
    json_t *counts = json_object_get(sys, "requirement_counts");
    assert_int_equal(json_integer_value(json_object_get(counts, "not_met")), 1);
    assert_int_equal(json_integer_value(json_object_get(counts, "met")), 2);
    json_decref(sys);

    /* 可用性1 system: the 可用性2 requirements do not apply */
    int64_t a1 = make_system(f, "SYS-031", "internet");
    add_asset(f, a1, "2", "1", "1", "decided");
    assert_int_equal(system_get(&f->w.ctx, a1, &sys, &e), ST_OK);
    assert_false(REQ_APPLIES(sys, "redundancy"));
    assert_false(REQ_APPLIES(sys, "backup"));
    json_decref(sys);

    /* マイナンバー利用事務系 without MFA recorded → not recorded (第24条) */
    int64_t mn = make_system(f, "SYS-032", "mynumber");
    add_asset(f, mn, "3B", "2", "1", "decided");
    assert_int_equal(system_get(&f->w.ctx, mn, &sys, &e), ST_OK);
    assert_true(REQ_APPLIES(sys, "mfa"));
    assert_string_equal(REQ_STATE(sys, "mfa"), "not_recorded");
    assert_string_equal(REQ_ARTICLE(sys, "mfa"), "第24条(3)");
    assert_true(REQ_APPLIES(sys, "usb_write_block"));
    json_decref(sys);
    patch = json_pack("{s:b, s:b}", "mfa", 1, "usb_write_block", 0);
    assert_int_equal(system_update(&f->w.ctx, mn, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(system_get(&f->w.ctx, mn, &sys, &e), ST_OK);
    assert_string_equal(REQ_STATE(sys, "mfa"), "met");
    assert_string_equal(REQ_STATE(sys, "usb_write_block"), "not_met");
    json_decref(sys);

    /* software support: an ended component → not met (第105条(7)); all dated → met */
    int64_t c1 = component(f, a1, "software", "OS", "2030-01-01");
    assert_int_equal(system_get(&f->w.ctx, a1, &sys, &e), ST_OK);
    assert_string_equal(REQ_STATE(sys, "software_support"), "met");
    json_decref(sys);
    patch = json_pack("{s:s}", "support_end", "2025-10-14");
    assert_int_equal(system_update_component(&f->w.ctx, a1, c1, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(system_get(&f->w.ctx, a1, &sys, &e), ST_OK);
    assert_string_equal(REQ_STATE(sys, "software_support"), "not_met");
    assert_string_equal(REQ_ARTICLE(sys, "software_support"), "第105条(7)");
    json_decref(sys);
    /* a component of another system is not found there; removal keeps the trail */
    assert_int_equal(system_remove_component(&f->w.ctx, a2, c1, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "component_not_found");
    int64_t trail0 = TRAIL(f);
    assert_int_equal(system_remove_component(&f->w.ctx, a1, c1, &e), ST_OK);
    assert_int_equal(TRAIL(f), trail0 + 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM system_components"), 0);

    /* the list counts applicable requirements and filters the systems with gaps */
    SystemQuery q = {.flag = "requirements_unmet", .limit = 1};
    json_t *page = NULL;
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
    const char *next = json_string_value(json_object_get(page, "next_cursor"));
    assert_non_null(next);
    char cursor[24];
    snprintf(cursor, sizeof cursor, "%s", next);
    json_decref(page);
    q.cursor = cursor;
    q.limit = 50;
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 2);
    assert_true(json_is_null(json_object_get(page, "next_cursor")));
    json_decref(page);
    q = (SystemQuery){.zone = "mynumber"};
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    json_t *items = json_object_get(page, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *row = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(row, "code")), "SYS-032");
    assert_string_equal(json_string_value(json_object_get(json_object_get(row, "classification"), "confidentiality")), "3B");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "requirements"), "not_met")), 1);
    json_decref(page);
    q = (SystemQuery){.q = "ＳＹＳ－０３１"}; /* full-width query matches */
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
    json_decref(page);
    q = (SystemQuery){.cursor = "abc"};
    assert_int_equal(system_list(&f->w.ctx, &q, &page, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_cursor");
}

static void classification_from_assets(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    json_t *sys = NULL;
    int64_t id = make_system(f, "SYS-040", "lgwan");
    /* no assets: classification null; restrictions and requirements at the strictest level */
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_true(json_is_null(json_object_get(sys, "classification")));
    assert_true(REQ_APPLIES(sys, "redundancy"));
    assert_non_null(find_by(json_object_get(sys, "restrictions"), "id", "issued_devices_only"));
    json_decref(sys);

    add_asset(f, id, "2", "1", "1", "decided");
    add_asset(f, id, "3C", "2", "1", "decided");
    add_asset(f, id, "1", "1", "2", "decided");
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    json_t *c = json_object_get(sys, "classification");
    assert_string_equal(json_string_value(json_object_get(c, "confidentiality")), "3C");
    assert_string_equal(json_string_value(json_object_get(c, "integrity")), "2");
    assert_string_equal(json_string_value(json_object_get(c, "availability")), "2");
    assert_int_equal(json_integer_value(json_object_get(c, "asset_count")), 3);
    /* restrictions follow with their articles */
    const json_t *r = find_by(json_object_get(sys, "restrictions"), "id", "backup_and_timely_recovery");
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "article")), "第22条(3)");
    assert_non_null(find_by(json_object_get(sys, "restrictions"), "id", "issued_devices_only"));
    assert_int_equal(json_array_size(json_object_get(sys, "assets")), 3);
    json_decref(sys);

    /* a disposed asset no longer counts; a pending (要判断) one counts as strictest */
    assert_int_equal(db_exec(f->w.db, "UPDATE assets SET disposed_at = '2026-10-01' WHERE confidentiality = '3C'", &e), ST_OK);
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    c = json_object_get(sys, "classification");
    assert_string_equal(json_string_value(json_object_get(c, "confidentiality")), "2");
    assert_string_equal(json_string_value(json_object_get(c, "integrity")), "1");
    assert_null(find_by(json_object_get(sys, "restrictions"), "id", "issued_devices_only"));
    json_decref(sys);
    add_asset(f, id, "1", "1", "1", "pending");
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    c = json_object_get(sys, "classification");
    assert_string_equal(json_string_value(json_object_get(c, "confidentiality")), "3A");
    assert_string_equal(json_string_value(json_object_get(c, "integrity")), "2");
    assert_int_equal(json_integer_value(json_object_get(c, "pending_count")), 1);
    json_decref(sys);
    /* an unknown level (not in the pack) also counts as strictest */
    int64_t other = make_system(f, "SYS-041", "lgwan");
    add_asset(f, other, "9Z", "1", "1", "decided");
    assert_int_equal(system_get(&f->w.ctx, other, &sys, &e), ST_OK);
    c = json_object_get(sys, "classification");
    assert_string_equal(json_string_value(json_object_get(c, "confidentiality")), "3A");
    assert_string_equal(json_string_value(json_object_get(c, "integrity")), "1");
    assert_string_equal(json_string_value(json_object_get(c, "availability")), "1");
    assert_false(REQ_APPLIES(sys, "redundancy"));
    json_decref(sys);
}


/* system_may_edit, which must answer (no storage error here). */
static bool may_edit(Fixture *f, int64_t id)
{
    bool may = false;
    Err e = {0};
    assert_int_equal(system_may_edit(&f->w.ctx, id, &may, &e), ST_OK);
    return may;
}
static void system_scoped_roles_and_editing(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = make_system(f, "SYS-050", "lgwan");
    int64_t other = make_system(f, "SYS-051", "lgwan");
    /* the CLI operator and roles.manage holders may edit; nobody else yet */
    assert_true(may_edit(f, id));
    act_as(f, f->bob, CAP_SIGNED_IN);
    assert_false(may_edit(f, id));
    json_t *patch = json_pack("{s:b}", "backup", 1);
    int64_t trail0 = TRAIL(f);
    assert_int_equal(system_update(&f->w.ctx, id, patch, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "system_edit_forbidden");
    json_t *comp = json_pack("{s:s, s:s}", "kind", "server", "name", "AP");
    assert_int_equal(system_add_component(&f->w.ctx, id, comp, NULL, &e), ST_FORBIDDEN);
    assert_int_equal(TRAIL(f), trail0);

    /* alice (acting with roles.manage) makes bob the 情報システム管理者 of SYS-050 */
    act_as(f, f->alice, CAP_SIGNED_IN | CAP_ROLES_MANAGE);
    RoleAssignment a = {.person_id = f->bob, .role = "system_manager", .scope_kind = "system", .scope_id = id,
                        .valid_from = "2026-04-01"};
    int64_t assignment = 0;
    assert_int_equal(role_assign(&f->w.ctx, &a, &assignment, &e), ST_OK);
    json_t *got = NULL;
    assert_int_equal(role_assignment_get(&f->w.ctx, assignment, &got, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(got, "scope_label")), "情報システム SYS-050 住民記録システム");
    json_decref(got);
    /* unknown system, wrong scope kind, unique per system */
    RoleAssignment bad = a;
    bad.scope_id = 99999;
    assert_int_equal(role_assign(&f->w.ctx, &bad, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_system");
    assert_string_equal(e.field, "scope_id");
    bad = a;
    bad.scope_kind = "unit";
    bad.scope_id = f->joho;
    assert_int_equal(role_assign(&f->w.ctx, &bad, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "scope_mismatch");
    bad = a;
    bad.person_id = world_person(&f->w, "C1", "三郎", f->joho);
    assert_int_equal(role_assign(&f->w.ctx, &bad, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "role_unique_taken");
    /* 担当者 (system_operator) is not unique; it does not grant editing */
    RoleAssignment op = {.person_id = bad.person_id, .role = "system_operator", .scope_kind = "system",
                         .scope_id = id, .valid_from = "2026-04-01"};
    assert_int_equal(role_assign(&f->w.ctx, &op, NULL, &e), ST_OK);

    /* bob now edits SYS-050 but not SYS-051 */
    act_as(f, f->bob, CAP_SIGNED_IN);
    assert_true(may_edit(f, id));
    assert_false(may_edit(f, other));
    assert_int_equal(system_update(&f->w.ctx, id, patch, &e), ST_OK);
    assert_int_equal(system_add_component(&f->w.ctx, id, comp, NULL, &e), ST_OK);
    assert_int_equal(system_update(&f->w.ctx, other, patch, &e), ST_FORBIDDEN);
    json_t *sys = NULL;
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_true(json_is_true(json_object_get(sys, "can_edit")));
    json_t *managers = json_object_get(sys, "managers");
    assert_int_equal(json_array_size(managers), 2);
    const json_t *m = find_by(managers, "role", "system_manager");
    assert_non_null(m);
    assert_int_equal(json_integer_value(json_object_get(m, "person_id")), f->bob);
    assert_string_equal(json_string_value(json_object_get(m, "article")), "第17条");
    json_decref(sys);
    /* the 担当者 cannot edit */
    act_as(f, op.person_id, CAP_SIGNED_IN);
    assert_false(may_edit(f, id));
    assert_int_equal(system_get(&f->w.ctx, id, &sys, &e), ST_OK);
    assert_true(json_is_false(json_object_get(sys, "can_edit")));
    json_decref(sys);

    /* once the assignment ends, bob can no longer edit */
    act_as(f, f->alice, CAP_SIGNED_IN | CAP_ROLES_MANAGE);
    assert_int_equal(role_end(&f->w.ctx, assignment, "2026-10-31", &e), ST_OK);
    act_as(f, f->bob, CAP_SIGNED_IN);
    assert_false(may_edit(f, id));
    /* a retired system cannot receive new role assignments */
    act_as(f, 0, 0);
    json_t *retire = json_pack("{s:b}", "active", 0);
    assert_int_equal(system_update(&f->w.ctx, other, retire, &e), ST_OK);
    json_decref(retire);
    act_as(f, f->alice, CAP_SIGNED_IN | CAP_ROLES_MANAGE);
    a.scope_id = other;
    assert_int_equal(role_assign(&f->w.ctx, &a, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_system");
    json_decref(patch);
    json_decref(comp);
}

/* org asks the systems register about system scopes only through RoleSystemScope (app_init): without
 * it, a system-scoped role is refused (fail closed) and nothing is written. */
static void system_scope_needs_the_register(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = make_system(f, "SYS-060", "lgwan");
    act_as(f, f->alice, CAP_SIGNED_IN | CAP_ROLES_MANAGE);
    RoleAssignment a = {.person_id = f->bob, .role = "system_manager", .scope_kind = "system", .scope_id = id,
                        .valid_from = "2026-04-01"};
    roles_set_system_scope(NULL);
    int64_t trail0 = TRAIL(f);
    assert_int_equal(role_assign(&f->w.ctx, &a, NULL, &e), ST_INTERNAL);
    assert_string_equal(e.code, "system_scope_unavailable");
    assert_int_equal(TRAIL(f), trail0);
    systems_register_role_scope();
    assert_int_equal(role_assign(&f->w.ctx, &a, NULL, &e), ST_OK);
}

static void pack_fields_are_known(void **state)
{
    Fixture *f = *state;
    /* every requirement of the pack checks a fact the register knows */
    for (size_t i = 0; i < f->w.pack->systems.n_requirements; i++) {
        const char *field = f->w.pack->systems.requirements[i].field;
        bool known = system_fact_index(field) >= 0 || strcmp(field, "product_registration") == 0 ||
                     strcmp(field, "component_support") == 0;
        assert_true(known);
    }
    assert_int_equal(system_fact_index("usb_write_block"), 9);
    assert_int_equal(system_fact_index("product_registration"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(need_to_know, setup, teardown),
        cmocka_unit_test_setup_teardown(create_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(update_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(component_support_states, setup, teardown),
        cmocka_unit_test_setup_teardown(requirements, setup, teardown),
        cmocka_unit_test_setup_teardown(classification_from_assets, setup, teardown),
        cmocka_unit_test_setup_teardown(system_scoped_roles_and_editing, setup, teardown),
        cmocka_unit_test_setup_teardown(system_scope_needs_the_register, setup, teardown),
        cmocka_unit_test_setup_teardown(pack_fields_are_known, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
