/* fixture: shared set-up of the domain tests (see fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "domain/app/app.h"
#include "domain/audit/audit.h"
#include "domain/org/org.h"

void world_open(TestWorld *w, int64_t now)
{
    app_init();
    snprintf(w->path, sizeof w->path, "/tmp/lgsec-test-XXXXXX");
    int fd = mkstemp(w->path);
    assert_true(fd >= 0);
    close(fd);
    Err e = {0};
    assert_int_equal(db_open(w->path, &w->db, &e), ST_OK);
    assert_int_equal(db_migrate(w->db, &e), ST_OK);
    PackIssues issues = {0};
    assert_int_equal(pack_load_embedded(&w->pack, &issues, &e), ST_OK);
    w->clock = clock_fixed(now);
    snprintf(w->actor.login_id, sizeof w->actor.login_id, "tester");
    w->ctx = ctx_make(w->db, &w->clock, &w->actor, w->pack);
}

void world_close(TestWorld *w)
{
    db_close(w->db);
    pack_free(w->pack);
    char side[80];
    unlink(w->path);
    snprintf(side, sizeof side, "%s-wal", w->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", w->path);
    unlink(side);
}

int64_t world_unit(TestWorld *w, int64_t parent, const char *code, const char *name, const char *kind)
{
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "kind", kind);
    if (parent)
        json_object_set_new(in, "parent_id", json_integer(parent));
    int64_t id = 0;
    Err e = {0};
    assert_int_equal(org_create_unit(&w->ctx, in, &id, &e), ST_OK);
    json_decref(in);
    return id;
}

int64_t world_person(TestWorld *w, const char *staff_no, const char *name, int64_t unit_id)
{
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", staff_no, "name", name, "kana", "しけん",
                           "employment", "regular", "unit_id", (json_int_t)unit_id, "active_from", "2020-04-01");
    int64_t id = 0;
    Err e = {0};
    assert_int_equal(people_create(&w->ctx, in, &id, &e), ST_OK);
    json_decref(in);
    return id;
}

int64_t world_count(TestWorld *w, const char *sql)
{
    Err e;
    Stmt *st = db_prepare(w->db, sql, &e);
    assert_non_null(st);
    assert_int_equal(stmt_step(st), STEP_ROW);
    int64_t n = stmt_int(st, 0);
    stmt_finalize(st);
    return n;
}

void world_act_as(TestWorld *w, int64_t person)
{
    w->actor.person_id = person;
    snprintf(w->actor.login_id, sizeof w->actor.login_id, "p%lld", (long long)person);
}

void world_assign(TestWorld *w, int64_t by, int64_t person, const char *role, const char *scope_kind, int64_t scope_id)
{
    world_act_as(w, by);
    RoleAssignment ra = {.person_id = person, .role = role, .scope_kind = scope_kind, .scope_id = scope_id,
                         .valid_from = "2026-04-01"};
    Err e = {0};
    if (role_assign(&w->ctx, &ra, NULL, &e) != ST_OK)
        fail_msg("role_assign %s: %s %s", role, e.code, e.en);
}

char *world_findings(TestWorld *w, const char *const *tables)
{
    json_t *all = NULL;
    size_t total = 0;
    Err e = {0};
    if (reconcile_registers(&w->ctx, 0, &all, &total, &e) != ST_OK)
        fail_msg("reconcile_registers: %s", e.en);
    size_t cap = 8192, len = 0;
    char *out = calloc(1, cap);
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        const char *table = json_string_value(json_object_get(x, "table"));
        for (int k = 0; tables[k]; k++)
            if (strcmp(table, tables[k]) == 0 && len < cap)
                len += (size_t)snprintf(out + len, cap - len, "%s %s %s %s\n", table,
                                        json_string_value(json_object_get(x, "id")),
                                        json_string_value(json_object_get(x, "column")),
                                        json_string_value(json_object_get(x, "problem")));
    }
    json_decref(all);
    return out;
}

void world_sql(TestWorld *w, const char *sql)
{
    Err e = {0};
    if (db_exec(w->db, sql, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.en);
}
