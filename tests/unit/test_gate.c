/* domain/gate seen from the rest of lgsec: who is told that the gate's signatures are stale
 * (docs/sanitize.md「ウイルス定義の鮮度」), and the release rows reconciled with trails written
 * before the entries recorded them (docs/trail.md "Old trails"). The download itself, with its
 * rescan, is tested end to end in tests/e2e/gate.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/gate/gate.h"
#include "domain/systems/systems.h"
#include "domain/work/work.h"
#include "fixture.h"
#include "policy/capability.h"

#define T0 1793577600 /* 2026-11-02 09:00 JST */

typedef struct Fx {
    TestWorld w;
    int64_t admin, manager, chief, staff, system;
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
    int64_t sec = world_unit(&f->w, root, "joho", "情報政策課", "section");
    f->admin = world_person(&f->w, "A1", "管理 一郎", sec);
    f->manager = world_person(&f->w, "G1", "門番 二郎", sec);
    f->chief = world_person(&f->w, "C1", "統括 三郎", sec);
    f->staff = world_person(&f->w, "S1", "職員 四郎", sec);
    as(f, f->admin, CAP_ROLES_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE);
    Err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "GATE-1", "name", "メール無害化装置", "zone", "lgwan",
                           "owner_unit_id", (json_int_t)sec, "location", "onprem");
    if (system_create(&f->w.ctx, in, &f->system, &e) != ST_OK)
        fail_msg("system_create: %s %s", e.code, e.en);
    json_decref(in);
    world_assign(&f->w, f->admin, f->manager, "system_manager", "system", f->system);
    /* a signature database that cannot be read is as stale as an old one */
    gate_configure(&(GateConfig){.verdict_log = NULL, .quarantine_dir = NULL, .clamav_db = "/nonexistent/lgsec-sigs"});
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fx *f = *state;
    gate_configure(&(GateConfig){.verdict_log = NULL, .quarantine_dir = NULL, .clamav_db = NULL});
    world_close(&f->w);
    free(f);
    return 0;
}

/* The stale-signature task of the actor, or NULL (a new reference). */
static json_t *stale_task(Fx *f, int64_t person, uint64_t caps)
{
    as(f, person, caps);
    json_t *tasks = NULL, *found = NULL;
    Err e = {0};
    assert_int_equal(tasks_for_actor(&f->w.ctx, &tasks, &e), ST_OK);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(tasks, "items"), i, t)
        if (strcmp(json_string_value(json_object_get(t, "kind")), "gate_signatures_stale") == 0)
            found = json_incref(t);
    json_decref(tasks);
    return found;
}

static void set_code(Fx *f, const char *code)
{
    free(f->w.pack->gate.system_code);
    f->w.pack->gate.system_code = code ? strdup(code) : NULL;
}

/* gate.system_code names the gate's register entry: its 情報システム管理者 is told (第106条(2)), with a
 * link to the system, and the gate.read holders are not; without a name — or when the named
 * system is unknown, not in use or without a 管理者 today — gate.read holders are (第105条(5)). */
static void stale_signatures_go_to_the_gate_systems_manager(void **state)
{
    Fx *f = *state;
    set_code(f, "GATE-1");
    json_t *t = stale_task(f, f->manager, 0);
    assert_non_null(t);
    assert_string_equal(json_string_value(json_object_get(t, "article")), "第106条(2)");
    char link[64];
    snprintf(link, sizeof link, "/systems/%lld", (long long)f->system);
    assert_string_equal(json_string_value(json_object_get(t, "link")), link);
    assert_non_null(strstr(json_string_value(json_object_get(t, "detail")), "メール無害化装置"));
    json_decref(t);
    assert_null(stale_task(f, f->chief, CAP_GATE_READ));
    assert_null(stale_task(f, f->staff, 0));

    static const char *const fallbacks[] = {NULL, "NO-SUCH-SYSTEM", "GATE-1"};
    for (int i = 0; i < 3; i++) {
        set_code(f, fallbacks[i]);
        if (i == 2) { /* named, but no longer in use */
            as(f, f->admin, CAP_ROLES_MANAGE | CAP_ORG_MANAGE);
            Err e = {0};
            json_t *patch = json_pack("{s:b}", "active", 0);
            assert_int_equal(system_update(&f->w.ctx, f->system, patch, &e), ST_OK);
            json_decref(patch);
        }
        t = stale_task(f, f->chief, CAP_GATE_READ);
        assert_non_null(t);
        assert_string_equal(json_string_value(json_object_get(t, "article")), "第105条(5)");
        assert_string_equal(json_string_value(json_object_get(t, "link")), "/gate");
        json_decref(t);
        assert_null(stale_task(f, f->manager, 0));
    }
    /* fresh (no database configured on this server): nobody */
    gate_configure(&(GateConfig){.verdict_log = NULL, .quarantine_dir = NULL, .clamav_db = NULL});
    set_code(f, NULL);
    assert_null(stale_task(f, f->chief, CAP_GATE_READ));
}

/* A trail entry of a release attempt as the gate module writes it (old: without "release"). */
static void attempt(Fx *f, const char *action, int64_t request_id, json_t *release)
{
    Err e = {0};
    json_t *after = json_pack("{s:I, s:s}", "request_id", (json_int_t)request_id, "result",
                              strcmp(action, "gate.release_download") == 0 ? "released" : "refused");
    if (release)
        json_object_set_new(after, "release", release);
    assert_int_equal(db_begin(f->w.db, &e), ST_OK);
    assert_int_equal(record_change(&f->w.ctx, action, "gate_release", request_id, NULL, after, &e), ST_OK);
    assert_int_equal(finish_tx(&f->w.ctx, ST_OK, &e), ST_OK);
    json_decref(after);
}

static void release_row(Fx *f, int64_t id, int64_t request_id, const char *result, int downloads)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO gate_releases (id, request_id, original_sha256, rescanned_at, result, downloads) "
             "VALUES (%lld, %lld, '%064d', '2026-11-02T00:00:00Z', '%s', %d)",
             (long long)id, (long long)request_id, 0, result, downloads);
    world_sql(&f->w, sql);
}

/* Rows written while the entries did not record them are taken as written before (not reported), as
 * many as those entries, below the first row a newer entry records; the newer rows are compared. */
static void old_release_entries_still_verify(void **state)
{
    Fx *f = *state;
    static const char *const tables[] = {"gate_releases", NULL};
    world_sql(&f->w, "PRAGMA foreign_keys = OFF"); /* release rows without their requests */
    attempt(f, "gate.release_download", 11, NULL);
    attempt(f, "gate.release_refused", 12, NULL);
    release_row(f, 1, 11, "released", 1);
    release_row(f, 2, 12, "refused", 0);
    char *got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
    /* a row beyond the old entries' count is reported */
    release_row(f, 3, 13, "released", 1);
    got = world_findings(&f->w, tables);
    assert_string_equal(got, "gate_releases 3  no_trail\n");
    free(got);
    /* a newer entry records row 3: compared from then on; the old rows are still accepted */
    Err e = {0};
    json_t *row = NULL;
    assert_int_equal(gate_release_state_kind.get(&f->w.ctx, 3, &row, &e), ST_OK);
    attempt(f, "gate.release_download", 13, row);
    got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
    world_sql(&f->w, "UPDATE gate_releases SET downloads = 5 WHERE id = 3");
    got = world_findings(&f->w, tables);
    assert_string_equal(got, "gate_releases 3 downloads differs\n");
    free(got);
    /* an attempt that wrote no row (the rescan could not run) records null and changes nothing */
    attempt(f, "gate.release_refused", 14, json_null());
    world_sql(&f->w, "UPDATE gate_releases SET downloads = 1 WHERE id = 3");
    got = world_findings(&f->w, tables);
    assert_string_equal(got, "");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stale_signatures_go_to_the_gate_systems_manager, setup, teardown),
        cmocka_unit_test_setup_teardown(old_release_entries_still_verify, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
