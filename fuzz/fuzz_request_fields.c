/* fuzz_request_fields: what a requester's form reaches in the request engine — the fields of every
 * request type of the embedded mic pack checked by request_create (each field kind, including the
 * article citations of 例外措置 and the confidentiality levels), the requester_roles and the
 * confidentiality condition, the 代行 fields, then request_submit and the approver resolution.
 * Input: byte 0 picks the request type, byte 1 the acting person (a 職員, a 課長 who is also the
 * requester's approver, a 情報システム管理者), the rest is the fields as JSON. Each input runs inside a
 * transaction that is rolled back, so the database stays as the initializer made it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/app/app.h"
#include "domain/requests/requests.h"
#include "policy/pack.h"

static Db *db;
static Pack *pack;
static Clock clock_;
static char path[] = "/tmp/lgsec-fuzz-request-XXXXXX";

static void remove_files(void)
{
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void must(Status s, const Err *e)
{
    if (s != ST_OK) {
        fprintf(stderr, "fuzz_request_fields setup: %s %s\n", e->code, e->en);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    Err e = {0};
    must(db_open(path, &db, &e), &e);
    atexit(remove_files);
    must(db_migrate(db, &e), &e);
    PackIssues issues = {0};
    must(pack_load_embedded(&pack, &issues, &e), &e);
    clock_ = clock_fixed(1793491200); /* 2026-11-01 */
    static const char *const setup[] = {
        "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at) VALUES"
        " (1, NULL, 'city', '市', 'organisation', 'x', 'x'), (2, 1, 'somu', '総務部', 'department', 'x', 'x'),"
        " (3, 2, 'joho', '情報政策課', 'section', 'x', 'x')",
        "INSERT INTO people(id, staff_no, name, kana, employment, unit_id, active_from, created_at, updated_at) VALUES"
        " (1, 'S1', '職員', '', 'regular', 3, '2020-04-01', 'x', 'x'),"
        " (2, 'M1', '課長', '', 'regular', 3, '2020-04-01', 'x', 'x'),"
        " (3, 'Y1', 'システム', '', 'regular', 3, '2020-04-01', 'x', 'x'),"
        " (4, 'B1', '部長', '', 'regular', 2, '2020-04-01', 'x', 'x'),"
        " (5, 'C1', '副市長', '', 'regular', 2, '2020-04-01', 'x', 'x')",
        "INSERT INTO systems(id, code, name, zone, owner_unit_id, location, created_at, updated_at) VALUES"
        " (1, 'SYS-1', '内部情報系', 'lgwan', 3, 'onprem', 'x', 'x')",
        "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at) VALUES"
        " (2, 'section_security_manager', 'unit', 3, '2026-04-01', 'x'),"
        " (3, 'system_manager', 'system', 1, '2026-04-01', 'x'),"
        " (4, 'department_security_officer', 'unit', 2, '2026-04-01', 'x'),"
        " (4, 'chief_security_officer', 'organisation', NULL, '2026-04-01', 'x'),"
        " (5, 'ciso', 'organisation', NULL, '2026-04-01', 'x')",
        "INSERT INTO assets(id, asset_no, name, kind, unit_id, format, confidentiality, integrity, availability,"
        " confidentiality_rank, classification_status, created_at, updated_at) VALUES"
        " (1, 'IA-1', '住民名簿', 'information', 3, 'electronic', '2', '2', '2', 10, 'decided', 'x', 'x')",
        NULL,
    };
    for (int i = 0; setup[i]; i++)
        must(db_exec(db, setup[i], &e), &e);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || pack->n_request_types == 0)
        return 0;
    const PackRequestType *t = &pack->request_types[data[0] % pack->n_request_types];
    Actor actor = {.person_id = 1 + data[1] % 3};
    snprintf(actor.login_id, sizeof actor.login_id, "fuzz");
    app_init(); /* the modules' callbacks, as main does */
    Ctx ctx = ctx_make(db, &clock_, &actor, pack);
    json_t *fields = json_loadb((const char *)data + 2, size - 2, JSON_REJECT_DUPLICATES, NULL);
    int64_t object = strcmp(t->object, "asset") == 0 ? 1 : strcmp(t->object, "system") == 0 ? 1 : 0;
    Err e = {0};
    if (db_begin(db, &e) != ST_OK)
        abort();
    int64_t id = 0;
    if (request_create(&ctx, t->id, object, fields, &id, &e) == ST_OK && request_submit(&ctx, id, &e) == ST_OK) {
        json_t *r = NULL;
        if (request_approvers(&ctx, id, &r, &e) == ST_OK)
            json_decref(r);
        json_t *in = NULL;
        if (request_inbox(&ctx, &in, &e) == ST_OK)
            json_decref(in);
    }
    db_rollback(db);
    json_decref(fields);
    return 0;
}
