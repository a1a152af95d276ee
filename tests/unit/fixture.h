/* fixture: the world most domain tests start from — a temporary database with every migration, the
 * embedded mic pack, a fixed clock and an acting user — with helpers to add units and people and to
 * count rows. Failures abort the test through cmocka's assertions. */
#pragma once
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

typedef struct TestWorld {
    char path[64];
    Db *db;
    Pack *pack;
    Clock clock;
    Actor actor; /* login "tester", no person, no capabilities until a test sets them */
    Ctx ctx;
} TestWorld;

void world_open(TestWorld *w, int64_t now);
/* Closes the database, frees the pack and removes the files. */
void world_close(TestWorld *w);
int64_t world_unit(TestWorld *w, int64_t parent, const char *code, const char *name, const char *kind);
int64_t world_person(TestWorld *w, const char *staff_no, const char *name, int64_t unit_id);
/* Acts as person (login "p<id>"); the actor's capabilities are left as they are. */
void world_act_as(TestWorld *w, int64_t person);
/* by assigns role over (scope_kind, scope_id) to person from 2026-04-01; the actor stays by. */
void world_assign(TestWorld *w, int64_t by, int64_t person, const char *role, const char *scope_kind, int64_t scope_id);
/* The single integer a query such as "SELECT count(*) FROM …" returns. */
int64_t world_count(TestWorld *w, const char *sql);
/* reconcile_registers' findings for the given tables (NULL-terminated) as "table id column problem"
 * lines, in the order reported (a new string). */
char *world_findings(TestWorld *w, const char *const *tables);
/* Runs one statement directly, as someone holding the database file would (no trail entry). */
void world_sql(TestWorld *w, const char *sql);
