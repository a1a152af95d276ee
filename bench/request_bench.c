/* request_bench: 申請・承認 at municipal scale — 10,000 people in 200 課室 (each with its 課長, each
 * 部局 with its 部長, 統括, CISO, 100 information systems with their 情報システム管理者) and 100,000
 * open (申請中) requests of the mic types, then the server time (in the domain function, no HTTP) of
 * approver resolution (request_approvers) and of the 「自分の作業」 inbox (request_inbox) for a 課長,
 * a 部長, the 統括, the CISO and a 職員: median and p99, and each as a ratio to a baseline measured in
 * the same run (reading one request row by primary key through the same prepared-statement path).
 * The data is generated with SQL inserts (the domain functions would add the trail for every row and
 * take minutes); the measured calls are the real ones. Not a test; `make bench` runs it.
 *   usage: request_bench [PEOPLE] [REQUESTS] [KEEP_DB_PATH] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "domain/app/app.h"
#include "domain/requests/requests.h"
#include "policy/pack.h"
#include "policy/pack_store.h"

#define DEPTS 20
#define SECTIONS_PER_DEPT 10
#define SYSTEMS 100
#define RUNS 200

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s [%s]\n", what, e->en, e->code);
    exit(1);
}

static uint32_t rng = 4242;
static uint32_t next(void) { return (rng = rng * 1664525u + 1013904223u) >> 8; }

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void exec(Db *db, const char *sql)
{
    Err e = {0};
    if (db_exec(db, sql, &e) != ST_OK)
        die(sql, &e);
}

static Stmt *prep(Db *db, const char *sql)
{
    Err e = {0};
    Stmt *st = db_prepare(db, sql, &e);
    if (!st)
        die(sql, &e);
    return st;
}

static void step_done(Stmt *st, const char *what)
{
    if (stmt_step(st) != STEP_DONE) {
        Err e = {0};
        stmt_error(st, &e);
        die(what, &e);
    }
    stmt_finalize(st);
}

static int64_t insert_unit(Db *db, int64_t parent, const char *code, const char *name, const char *kind)
{
    Stmt *st = prep(db, "INSERT INTO org_units(parent_id, code, name, kind, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z')");
    if (parent)
        stmt_bind_int(st, 1, parent);
    else
        stmt_bind_null(st, 1);
    stmt_bind_text(st, 2, code);
    stmt_bind_text(st, 3, name);
    stmt_bind_text(st, 4, kind);
    step_done(st, "unit");
    return db_last_insert_id(db);
}

static int64_t insert_person(Db *db, int64_t unit, int n)
{
    char no[16], name[32];
    snprintf(no, sizeof no, "B%06d", n);
    snprintf(name, sizeof name, "職員%d", n);
    Stmt *st = prep(db, "INSERT INTO people(staff_no, name, kana, employment, unit_id, active_from, created_at,"
                        " updated_at) VALUES (?, ?, '', 'regular', ?, '2020-04-01', '2026-04-01T00:00:00Z',"
                        " '2026-04-01T00:00:00Z')");
    stmt_bind_text(st, 1, no);
    stmt_bind_text(st, 2, name);
    stmt_bind_int(st, 3, unit);
    step_done(st, "person");
    return db_last_insert_id(db);
}

static void insert_role(Db *db, int64_t person, const char *role, const char *kind, int64_t scope)
{
    Stmt *st = prep(db, "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " VALUES (?, ?, ?, ?, '2026-04-01', '2026-04-01T00:00:00Z')");
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, role);
    stmt_bind_text(st, 3, kind);
    if (scope)
        stmt_bind_int(st, 4, scope);
    else
        stmt_bind_null(st, 4);
    step_done(st, "role");
}

typedef struct Stats {
    double median, p99;
} Stats;

static Stats stats(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp);
    return (Stats){t[n / 2], t[n * 99 / 100]};
}

static Stats baseline_stats;

static void report(const char *label, double *t, int n, const char *extra)
{
    Stats s = stats(t, n);
    printf("  %-40s median %8.3f ms  p99 %8.3f ms  (%5.0f× / %5.0f× baseline)  %s\n", label, s.median, s.p99,
           s.median / baseline_stats.median, s.p99 / baseline_stats.p99, extra);
}

int main(int argc, char **argv)
{
    int people = argc > 1 ? atoi(argv[1]) : 10000;
    int requests = argc > 2 ? atoi(argv[2]) : 100000;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-reqbench");
    bool keep = argc > 3;
    if (keep) {
        unlink(path);
        snprintf(path, sizeof path, "%s", argv[3]);
    }
    Err e = {0};
    Db *db = NULL;
    if (db_open(path, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK)
        die("open", &e);
    PackSource *files = NULL;
    size_t nfiles = 0;
    pack_sources_embedded(&files, &nfiles);
    Pack *pack = NULL;
    if (pack_store_activate(db, files, nfiles, 0, &e) != ST_OK || pack_store_load_active(db, &pack, &e) != ST_OK)
        die("pack", &e);
    pack_sources_free(files, nfiles);
    Clock clock = clock_fixed(1793491200); /* 2026-11-01 */
    Actor actor = {.login_id = "bench"};
    app_init(); /* the modules' callbacks, as main does */
    Ctx ctx = ctx_make(db, &clock, &actor, pack);

    double t0 = now_s();
    exec(db, "BEGIN");
    int64_t root = insert_unit(db, 0, "city", "ベンチ市", "organisation");
    int nsec = DEPTS * SECTIONS_PER_DEPT;
    int64_t *sections = calloc((size_t)nsec, sizeof *sections), *depts = calloc(DEPTS, sizeof *depts);
    int64_t *kacho = calloc((size_t)nsec, sizeof *kacho), *bucho = calloc(DEPTS, sizeof *bucho);
    int64_t *person = calloc((size_t)people, sizeof *person), *sysmgr = calloc(SYSTEMS, sizeof *sysmgr);
    int64_t *systems = calloc(SYSTEMS, sizeof *systems);
    for (int d = 0; d < DEPTS; d++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "d%02d", d);
        snprintf(name, sizeof name, "第%d部", d + 1);
        depts[d] = insert_unit(db, root, code, name, "department");
        for (int s = 0; s < SECTIONS_PER_DEPT; s++) {
            int k = d * SECTIONS_PER_DEPT + s;
            snprintf(code, sizeof code, "s%03d", k);
            snprintf(name, sizeof name, "第%d課", k + 1);
            sections[k] = insert_unit(db, depts[d], code, name, "section");
        }
    }
    for (int i = 0; i < people; i++)
        person[i] = insert_person(db, sections[i % nsec], i);
    /* the first person of each section is its 課長; of each department's first section, the 部長 */
    for (int k = 0; k < nsec; k++) {
        kacho[k] = person[k];
        insert_role(db, kacho[k], "section_security_manager", "unit", sections[k]);
    }
    for (int d = 0; d < DEPTS; d++) {
        bucho[d] = person[nsec + d];
        insert_role(db, bucho[d], "department_security_officer", "unit", depts[d]);
    }
    int64_t chief = person[nsec + DEPTS], ciso = person[nsec + DEPTS + 1];
    insert_role(db, chief, "chief_security_officer", "organisation", 0);
    insert_role(db, ciso, "ciso", "organisation", 0);
    for (int i = 0; i < SYSTEMS; i++) {
        char sql[400];
        snprintf(sql, sizeof sql,
                 "INSERT INTO systems(code, name, zone, owner_unit_id, location, created_at, updated_at)"
                 " VALUES ('SYS-%03d', 'システム%d', 'lgwan', %lld, 'onprem', '2026-04-01T00:00:00Z',"
                 " '2026-04-01T00:00:00Z')",
                 i, i, (long long)sections[(i * 7) % nsec]);
        exec(db, sql);
        systems[i] = db_last_insert_id(db);
        sysmgr[i] = person[nsec + DEPTS + 2 + i];
        insert_role(db, sysmgr[i], "system_manager", "system", systems[i]);
    }
    /* one asset per person, 機密性2, in the person's section */
    exec(db, "INSERT INTO assets(asset_no, name, kind, unit_id, format, confidentiality, integrity, availability,"
             " confidentiality_rank, classification_reason, classification_status, created_at, updated_at)"
             " SELECT 'IA-' || id, '業務用PC', 'information', unit_id, 'electronic', '2', '2', '2', 10, 'bench',"
             " 'decided', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z' FROM people");
    for (int i = 0; i < requests; i++) {
        uint32_t r = next();
        int64_t who = person[r % (uint32_t)people];
        int pick = (int)((r >> 8) % 1000);
        const char *type, *kind = "none", *fields = "{}";
        int64_t object = 0;
        int stage = 0;
        if (pick < 700) {
            type = "take_out";
            kind = "asset";
            object = who; /* the asset created for this person has the same id order */
            fields = "{\"destination\":\"d\",\"purpose\":\"p\",\"out_at\":\"2026-11-05T09:00\",\"return_due\":\"2026-11-06\"}";
        } else if (pick < 800) {
            type = "remote_access";
            kind = "system";
            object = systems[(r >> 4) % SYSTEMS];
            stage = (r >> 12) % 2;
        } else if (pick < 900) {
            type = "security_setting_change";
        } else if (pick < 995) {
            type = "cloud_service_general";
        } else {
            type = "exception_measure";
            who = kacho[(r >> 4) % (uint32_t)nsec];
        }
        Stmt *st = prep(db, "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, object_id, fields,"
                            " state, current_stage, round, object_hash, created_at, submitted_at, updated_at)"
                            " VALUES (?1, ?2, (SELECT unit_id FROM people WHERE id = ?2), ?3, ?4, ?5, 'submitted',"
                            " ?6, 1, '', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')");
        stmt_bind_text(st, 1, type);
        stmt_bind_int(st, 2, who);
        stmt_bind_text(st, 3, kind);
        if (object)
            stmt_bind_int(st, 4, object);
        else
            stmt_bind_null(st, 4);
        stmt_bind_text(st, 5, fields);
        stmt_bind_int(st, 6, stage);
        step_done(st, "request");
    }
    /* what request_submit records: the object's 課室 and system */
    exec(db, "UPDATE requests SET"
             " object_unit_id = CASE object_kind WHEN 'asset' THEN (SELECT unit_id FROM assets WHERE id = requests.object_id)"
             "  WHEN 'system' THEN (SELECT owner_unit_id FROM systems WHERE id = requests.object_id) END,"
             " object_system_id = CASE object_kind WHEN 'asset' THEN (SELECT system_id FROM assets WHERE id = requests.object_id)"
             "  WHEN 'system' THEN object_id END");
    exec(db, "INSERT INTO exceptions(request_id) SELECT id FROM requests WHERE type = 'exception_measure'");
    exec(db, "COMMIT");
    exec(db, "ANALYZE");
    printf("request_bench: %d people, %d sections, %d systems, %d open requests generated in %.1f s\n", people, nsec,
           SYSTEMS, requests, now_s() - t0);

    if (getenv("REQUEST_BENCH_GENERATE_ONLY"))
        return 0;
    double t[RUNS];
    /* baseline: one request row by primary key */
    for (int i = 0; i < RUNS; i++) {
        int64_t id = 1 + (int64_t)(next() % (uint32_t)requests);
        double s = now_s();
        Stmt *st = prep(db, "SELECT id, type, state, fields FROM requests WHERE id = ?");
        stmt_bind_int(st, 1, id);
        if (stmt_step(st) != STEP_ROW)
            exit(1);
        stmt_finalize(st);
        t[i] = (now_s() - s) * 1000;
    }
    baseline_stats = stats(t, RUNS);
    printf("server time in the domain function, %d runs each:\n", RUNS);
    printf("  %-40s median %8.3f ms  p99 %8.3f ms\n", "baseline: one request row by id", baseline_stats.median,
           baseline_stats.p99);

    for (int i = 0; i < RUNS; i++) {
        int64_t id = 1 + (int64_t)(next() % (uint32_t)requests);
        json_t *out = NULL;
        double s = now_s();
        if (request_approvers(&ctx, id, &out, &e) != ST_OK)
            die("approvers", &e);
        t[i] = (now_s() - s) * 1000;
        json_decref(out);
    }
    report("approver resolution (request_approvers)", t, RUNS, "");

    struct {
        const char *label;
        int64_t who;
        int vary; /* 1: a different 課長 / 部長 / 職員 each run */
    } inboxes[] = {
        {"inbox of a 課長", 0, 1}, {"inbox of a 部長", 0, 2}, {"inbox of the 統括", chief, 0},
        {"inbox of the CISO", ciso, 0}, {"inbox of a 職員", 0, 3},
    };
    for (size_t k = 0; k < sizeof inboxes / sizeof *inboxes; k++) {
        size_t waiting = 0, mine = 0;
        int runs = inboxes[k].vary ? RUNS : RUNS / 4;
        for (int i = 0; i < runs; i++) {
            int64_t who = inboxes[k].vary == 1   ? kacho[next() % (uint32_t)nsec]
                          : inboxes[k].vary == 2 ? bucho[next() % DEPTS]
                          : inboxes[k].vary == 3 ? person[nsec + DEPTS + 2 + SYSTEMS + next() % 1000]
                                                 : inboxes[k].who;
            actor.person_id = who;
            json_t *out = NULL;
            double s = now_s();
            if (request_inbox(&ctx, &out, &e) != ST_OK)
                die("inbox", &e);
            t[i] = (now_s() - s) * 1000;
            waiting += json_array_size(json_object_get(out, "waiting"));
            mine += json_array_size(json_object_get(out, "mine"));
            json_decref(out);
        }
        char extra[96];
        snprintf(extra, sizeof extra, "(avg %zu waiting, %zu own)", waiting / (size_t)runs, mine / (size_t)runs);
        report(inboxes[k].label, t, runs, extra);
    }
    db_close(db);
    pack_free(pack);
    if (!keep)
        unlink(path);
    if (keep)
        return 0;
    char side[BENCH_PATH_MAX + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    free(sections);
    free(depts);
    free(kacho);
    free(bucho);
    free(person);
    free(sysmgr);
    free(systems);
    return 0;
}
