/* incident_bench: インシデント対応 at the scale of years of a large city — INCIDENTS reports (default
 * 100,000; 2 % still open, the rest closed or not incidents) in 200 課室 of 20 部局, each with its chain
 * (7 people told), 3 tasks (some of the open ones overdue), EVENTS timeline events in the trail
 * (default 2,000,000, the incident's own entries: what the timeline reads) and 2 evidence files each
 * (metadata, 200,000). Then the server time (the domain function, no HTTP) of
 *   - the CSIRT board (incident_board, as a CSIRT member) and
 *   - a 課長's list (incident_list "chain", as the 情報セキュリティ管理者 of one 課室)
 * 30 times each, target: median under 50 ms; one incident's timeline (trail_list by object) for scale;
 * and evidence hashing: FILES files of MiB MiB each (default 16 × 16) registered with
 * incident_evidence_add, then read back with incident_evidence_read (which re-hashes every byte: the
 * chain of custody) against `sha256sum` over the same stored files in the same run (target: ratio
 * sha256sum time / lgsec time ≥ 0.8). The rows are generated with SQL (the domain functions would
 * notify and trail each one) and the trail with a TrailWriter; the measured calls are the real ones.
 * Not a test; `make bench` runs it.
 *   usage: incident_bench [INCIDENTS] [EVENTS] [FILES] [MiB] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "domain/app/app.h"
#include "domain/incidents/incidents.h"
#include "policy/capability.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/trail.h"

#define RUNS 30
#define SECTIONS 200
#define PEOPLE 4000

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s [%s]\n", what, e->en, e->code);
    exit(1);
}

/* One generating statement; ?1 is the count it makes (a recursive series keeps it a single INSERT). */
static void generate(Db *db, const char *sql, int64_t n)
{
    Err e = {0};
    Stmt *st = db_prepare(db, sql, &e);
    if (!st)
        die(sql, &e);
    stmt_bind_int(st, 1, n);
    if (stmt_step(st) != STEP_DONE) {
        stmt_error(st, &e);
        die(sql, &e);
    }
    stmt_finalize(st);
}

#define SERIES "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
#define T "'2026-04-01T00:00:00Z'"

/* Persons: 1..PEOPLE, 20 in each 課室 (units 101..300); the first of each 課室 is its 課長
 * (section_security_manager); 部局 heads (department_security_officer) are persons 3981..4000 taken
 * from the last 課室s; the CSIRT is persons 2..5 of 課室 1, the 統括 6, the CISO 7. Reporters are the
 * 8th to 19th of each 課室 (never one who closes). */
static void organisation(Db *db)
{
    Err e = {0};
    if (db_exec(db, "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                    " VALUES (1, NULL, 'city', 'ベンチ市', 'organisation', " T ", " T ")", &e) != ST_OK)
        die("city", &e);
    generate(db, SERIES "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                        " SELECT 1 + i, 1, 'd' || i, '第' || i || '部', 'department', " T ", " T " FROM n", 20);
    generate(db, SERIES "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                        " SELECT 100 + i, 2 + (i - 1) / 10, 's' || i, '第' || i || '課', 'section', " T ", " T " FROM n",
             SECTIONS);
    generate(db, SERIES "INSERT INTO people(id, staff_no, name, kana, employment, unit_id, active_from, created_at,"
                        " updated_at) SELECT i, 'B' || i, '職員' || i, '', 'regular', 101 + (i - 1) / 20,"
                        " '2020-04-01', " T ", " T " FROM n",
             PEOPLE);
    generate(db, SERIES "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " SELECT 1 + (i - 1) * 20, 'section_security_manager', 'unit', 100 + i, '2026-04-01', " T
                        " FROM n",
             SECTIONS);
    generate(db, SERIES "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " SELECT 3980 + i, 'department_security_officer', 'unit', 1 + i, '2026-04-01', " T " FROM n",
             20);
    if (db_exec(db, "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at) VALUES"
                    " (2, 'csirt_lead', 'organisation', NULL, '2026-04-01', " T "),"
                    " (3, 'csirt_member', 'organisation', NULL, '2026-04-01', " T "),"
                    " (4, 'csirt_member', 'organisation', NULL, '2026-04-01', " T "),"
                    " (5, 'csirt_member', 'organisation', NULL, '2026-04-01', " T "),"
                    " (6, 'chief_security_officer', 'organisation', NULL, '2026-04-01', " T "),"
                    " (7, 'ciso', 'organisation', NULL, '2026-04-01', " T ")",
                &e) != ST_OK)
        die("roles", &e);
}

/* Incident i: 課室 1 + i % 200, noticed i minutes after 2021-04-01; every 50th is open (half of them
 * triaged, with an assignee), every 20th of the rest not an incident, the others closed. */
static void incidents(Db *db, int64_t n)
{
    generate(db, SERIES "INSERT INTO incidents(id, title, description, noticed_at, place, unit_id, personal_data,"
                        " source, reporter_person_id, state, category, severity, triaged_by, triaged_at, decision,"
                        " decided_by, decided_at, lessons, closed_by, closed_at, assignee_person_id, created_at,"
                        " updated_at)"
                        " SELECT i, '事案' || i, '内容' || i, strftime('%Y-%m-%dT%H:%M:%SZ', '2021-04-01', '+' || i || ' minutes'),"
                        " '庁舎', 101 + i % 200, CASE WHEN i % 7 = 0 THEN 'unknown' ELSE 'none' END, 'staff',"
                        " (i % 200) * 20 + 8 + i % 12,"
                        " CASE WHEN i % 50 = 0 THEN CASE WHEN i % 100 = 0 THEN 'reported' ELSE 'triaged' END"
                        "      WHEN i % 20 = 1 THEN 'not_incident' ELSE 'closed' END,"
                        " CASE WHEN i % 100 = 0 OR i % 20 = 1 AND i % 50 <> 0 THEN NULL ELSE"
                        "  json_extract('[\"unauthorized_access\",\"malware\",\"loss_theft\",\"misdelivery\","
                        "\"misconfiguration\",\"insider\",\"outage\",\"dos\",\"other\"]', '$[' || (i % 9) || ']') END,"
                        " CASE WHEN i % 100 = 0 OR i % 20 = 1 AND i % 50 <> 0 THEN NULL ELSE"
                        "  json_extract('[\"low\",\"medium\",\"high\",\"critical\"]', '$[' || (i % 4) || ']') END,"
                        " CASE WHEN i % 100 = 0 THEN NULL ELSE 3 END, CASE WHEN i % 100 = 0 THEN NULL ELSE " T " END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN '' ELSE '措置' END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN NULL ELSE 7 END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN NULL ELSE " T " END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN '' ELSE '教訓' END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN NULL ELSE 2 END,"
                        " CASE WHEN i % 50 = 0 OR i % 20 = 1 THEN NULL ELSE " T " END,"
                        " CASE WHEN i % 50 = 0 AND i % 100 <> 0 THEN 3 + i % 3 END, " T ", " T " FROM n",
             n);
    /* the chain: the 課長, the CSIRT (4), the 統括, the CISO, the 部局 head — seen unless still open */
    generate(db, SERIES ", s(step, role, p) AS (VALUES ('contact_point', 'csirt_lead', 2), ('csirt', 'csirt_member', 3),"
                        " ('csirt', 'csirt_member', 4), ('csirt', 'csirt_member', 5), ('chief', 'chief_security_officer', 6),"
                        " ('ciso', 'ciso', 7))"
                        " INSERT INTO incident_recipients(incident_id, step, role, person_id, notified_at, seen_at)"
                        " SELECT i, 'section_manager', 'section_security_manager', 1 + (i % 200) * 20, " T ","
                        " CASE WHEN i % 50 = 0 THEN NULL ELSE " T " END FROM n"
                        " UNION ALL SELECT i, s.step, s.role, s.p, " T ", CASE WHEN i % 50 = 0 THEN NULL ELSE " T " END"
                        " FROM n, s"
                        " UNION ALL SELECT i, 'department_officer', 'department_security_officer', 3981 + (i % 200) / 10, "
                        T ", " T " FROM n",
             n);
    /* three tasks each; an open incident's recovery task is open and, for every other one, overdue */
    generate(db, SERIES ", k(kind, o) AS (VALUES ('containment', 0), ('recovery', 1), ('prevention', 2))"
                        " INSERT INTO incident_tasks(incident_id, kind, title, owner_person_id, due_date, state, result,"
                        " done_by, done_at, created_by, created_at)"
                        " SELECT i, k.kind, '作業' || i, 1 + (i % 200) * 20, CASE WHEN i % 100 = 50 THEN '2026-10-01'"
                        " ELSE '2027-03-31' END,"
                        " CASE WHEN i % 50 = 0 AND k.o = 1 THEN 'open' ELSE 'done' END,"
                        " CASE WHEN i % 50 = 0 AND k.o = 1 THEN '' ELSE '完了' END,"
                        " CASE WHEN i % 50 = 0 AND k.o = 1 THEN NULL ELSE 3 END,"
                        " CASE WHEN i % 50 = 0 AND k.o = 1 THEN NULL ELSE " T " END, 3, " T " FROM n, k",
             n);
    generate(db, SERIES ", k(o) AS (VALUES (0), (1))"
                        " INSERT INTO incident_evidence(incident_id, sha256, name, size, description, uploaded_by,"
                        " uploaded_at) SELECT i, printf('%064x', i * 2 + k.o), 'evidence-' || i || '-' || k.o || '.eml',"
                        " 1000 + i % 5000, '', 3, " T " FROM n, k",
             n);
}

/* events timeline entries spread over the incidents (incident.note with a short text), in
 * transactions of 10,000 as an import would write them. */
static double timeline(Db *db, int64_t n_incidents, int64_t events)
{
    Err e = {0};
    TrailWriter *w = NULL;
    if (trail_writer_open(db, &w, &e) != ST_OK)
        die("trail writer", &e);
    double t0 = now_s();
    json_t *after = json_pack("{s:s}", "body", "状況を確認しました");
    for (int64_t k = 0; k < events; k++) {
        if (k % 10000 == 0 && db_begin(db, &e) != ST_OK)
            die("begin", &e);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)(1 + k % n_incidents));
        TrailEvent ev = {.actor = "csirt3", .action = "incident.note", .object_type = "incident", .object_id = id,
                         .after = after};
        if (trail_writer_append(w, 1775000000 + k, &ev, NULL, &e) != ST_OK)
            die("append", &e);
        if ((k % 10000 == 9999 || k == events - 1) && db_commit(db, &e) != ST_OK)
            die("commit", &e);
    }
    json_decref(after);
    trail_writer_close(w);
    return now_s() - t0;
}

/* CPU time of this process, and of its finished children (sha256sum): on the shared 2-core machine
 * (load 10–20 from other work) wall time mostly measures the queue, so both are printed. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The evidence part: files registered, read back with re-hashing, and sha256sum over the same files. */
static void evidence(Ctx *ctx, const char *db_file, int files, int mib)
{
    Err e = {0};
    size_t len = (size_t)mib << 20;
    unsigned char *buf = malloc(len);
    int64_t *ids = calloc((size_t)files, sizeof *ids);
    uint64_t x = 0x9e3779b97f4a7c15u;
    double t0 = now_s();
    for (int f = 0; f < files; f++) {
        for (size_t i = 0; i < len; i += 8) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            memcpy(buf + i, &x, len - i < 8 ? len - i : 8);
        }
        char name[64];
        snprintf(name, sizeof name, "disk-image-%d.bin", f);
        check(incident_evidence_add(ctx, 50, name, "bench", buf, len, &ids[f], &e), &e, "evidence add");
    }
    double t_add = now_s() - t0;
    free(buf);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cd '%s.evidence' && sha256sum $(ls | grep -v tmp) > /dev/null", db_file);
    double ours[3], theirs[3], ours_cpu[3], theirs_cpu[3];
    for (int r = 0; r < 3; r++) {
        t0 = now_s();
        double c0 = children_cpu_s();
        if (system(cmd) != 0) {
            fprintf(stderr, "sha256sum failed\n");
            exit(1);
        }
        theirs[r] = now_s() - t0;
        theirs_cpu[r] = children_cpu_s() - c0;
        t0 = now_s();
        c0 = cpu_s();
        for (int f = 0; f < files; f++) {
            unsigned char *data = NULL;
            size_t n = 0;
            char name[256];
            check(incident_evidence_read(ctx, 50, ids[f], &data, &n, name, &e), &e, "evidence read");
            free(data);
        }
        ours[r] = now_s() - t0;
        ours_cpu[r] = cpu_s() - c0;
    }
    double o = median_of(ours, 3), t = median_of(theirs, 3), mb = (double)files * mib;
    double oc = median_of(ours_cpu, 3), tc = median_of(theirs_cpu, 3);
    printf("evidence: %d files × %d MiB registered in %.2f s (%.0f MiB/s: hash, write, fsync)\n", files, mib, t_add,
           mb / t_add);
    printf("evidence hashing, read back and re-hashed (incident_evidence_read): %.2f s = %.0f MiB/s; sha256sum over the "
           "same files %.2f s = %.0f MiB/s; ratio %.2f (target ≥ 0.8)\n",
           o, mb / o, t, mb / t, t / o);
    printf("  the same in CPU time: lgsec %.2f s = %.0f MiB/s, sha256sum %.2f s = %.0f MiB/s; ratio %.2f (target ≥ 0.8)\n", oc,
           mb / oc, tc, mb / tc, tc / oc);
    free(ids);
}

int main(int argc, char **argv)
{
    int64_t n = argc > 1 ? atoll(argv[1]) : 100000;
    int64_t events = argc > 2 ? atoll(argv[2]) : 2000000;
    int files = argc > 3 ? atoi(argv[3]) : 16, mib = argc > 4 ? atoi(argv[4]) : 16;
    if (n < 100 || events < 0 || files < 1 || mib < 1 || mib > 64) {
        fprintf(stderr, "usage: incident_bench [INCIDENTS ≥ 100] [EVENTS] [FILES] [MiB ≤ 64]\n");
        return 2;
    }
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-incbench");
    Err e = {0};
    Db *db = NULL;
    if (db_open(path, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK)
        die("open", &e);
    PackSource *srcs = NULL;
    size_t nsrcs = 0;
    pack_sources_embedded(&srcs, &nsrcs);
    Pack *pack = NULL;
    if (pack_store_activate(db, srcs, nsrcs, 0, &e) != ST_OK || pack_store_load_active(db, &pack, &e) != ST_OK)
        die("pack", &e);
    pack_sources_free(srcs, nsrcs);
    Clock clock = clock_fixed(1796083200); /* 2026-12-01 */
    app_init();

    double t0 = now_s();
    if (db_exec(db, "BEGIN", &e) != ST_OK)
        die("begin", &e);
    organisation(db);
    incidents(db, n);
    if (db_exec(db, "COMMIT", &e) != ST_OK)
        die("commit", &e);
    double t_rows = now_s() - t0;
    double t_trail = timeline(db, n, events);
    printf("incident_bench: %lld incidents (%lld open), %lld chain rows, %lld tasks, %lld evidence rows in %.1f s;"
           " %lld timeline events in the trail in %.1f s (%.0f/s)\n",
           (long long)n, (long long)(n / 50), (long long)n * 8, (long long)n * 3, (long long)n * 2, t_rows,
           (long long)events, t_trail, events / (t_trail > 0 ? t_trail : 1));

    Actor csirt = {.person_id = 3, .login_id = "csirt3", .caps = CAP_SIGNED_IN};
    Actor kacho = {.person_id = 1 + 42 * 20, .login_id = "kacho43", .caps = CAP_SIGNED_IN};
    Ctx as_csirt = ctx_make(db, &clock, &csirt, pack), as_kacho = ctx_make(db, &clock, &kacho, pack);
    double board[RUNS], list[RUNS], all[RUNS], tl[RUNS], board_cpu[RUNS], list_cpu[RUNS];
    size_t n_board = 0, n_list = 0, n_all = 0, n_tl = 0;
    for (int r = 0; r < RUNS; r++) {
        json_t *out = NULL;
        IncidentBoardFilter none = {0};
        t0 = now_s();
        double c0 = cpu_s();
        check(incident_board(&as_csirt, &none, &out, &e), &e, "board");
        board[r] = now_s() - t0;
        board_cpu[r] = cpu_s() - c0;
        n_board = json_array_size(json_object_get(out, "items"));
        json_decref(out);
        t0 = now_s();
        c0 = cpu_s();
        check(incident_list(&as_kacho, "chain", &out, &e), &e, "課長's list");
        list[r] = now_s() - t0;
        list_cpu[r] = cpu_s() - c0;
        n_list = json_array_size(json_object_get(out, "items"));
        json_decref(out);
        t0 = now_s();
        check(incident_list(&as_csirt, "chain", &out, &e), &e, "CSIRT's list");
        all[r] = now_s() - t0;
        n_all = json_array_size(json_object_get(out, "items"));
        json_decref(out);
        t0 = now_s();
        TrailFilter f = {.object_type = "incident", .object_id = "4243", .limit = TRAIL_LIST_MAX};
        int64_t cursor = 0;
        check(trail_list(db, &f, &out, &cursor, &e), &e, "timeline");
        tl[r] = now_s() - t0;
        n_tl = json_array_size(out);
        json_decref(out);
    }
    double m_board = median_of(board, RUNS), m_list = median_of(list, RUNS); /* sorted: [RUNS - 1] is the max */
    printf("CSIRT board (%zu open incidents shown): median %.1f ms CPU, %.1f ms wall (max %.1f ms) (target < 50 ms)\n",
           n_board, median_of(board_cpu, RUNS) * 1e3, m_board * 1e3, board[RUNS - 1] * 1e3);
    printf("課長's list (%zu of the 課室's reports): median %.1f ms CPU, %.1f ms wall (max %.1f ms) (target < 50 ms)\n",
           n_list, median_of(list_cpu, RUNS) * 1e3, m_list * 1e3, list[RUNS - 1] * 1e3);
    printf("CSIRT's list of all reports (newest %zu): median %.1f ms\n", n_all, median_of(all, RUNS) * 1e3);
    printf("one incident's timeline (%zu events, trail_list by object): median %.2f ms\n", n_tl, median_of(tl, RUNS) * 1e3);

    /* What the page cache does to it: the board's rows are spread over the file; lgsec gives each
     * connection 32 MiB of cache (src/store/db_sqlite.c). The same board with SQLite's 2 MiB default,
     * for the record. */
    if (db_exec(db, "PRAGMA cache_size = -2000", &e) != ST_OK)
        die("cache_size", &e);
    for (int r = 0; r < RUNS; r++) {
        json_t *out = NULL;
        IncidentBoardFilter none = {0};
        t0 = now_s();
        double c0 = cpu_s();
        check(incident_board(&as_csirt, &none, &out, &e), &e, "board");
        board[r] = now_s() - t0;
        board_cpu[r] = cpu_s() - c0;
        json_decref(out);
    }
    double m_small = median_of(board, RUNS);
    printf("  the CSIRT board with SQLite's default 2 MiB page cache instead of lgsec's 32 MiB: median %.1f ms CPU, "
           "%.1f ms wall\n",
           median_of(board_cpu, RUNS) * 1e3, m_small * 1e3);

    evidence(&as_csirt, path, files, mib);

    db_close(db);
    pack_free(pack);
    if (getenv("INCIDENT_BENCH_KEEP")) { /* for EXPLAIN QUERY PLAN on the generated data */
        printf("kept: %s\n", path);
        return 0;
    }
    char cmd[4 * BENCH_PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s-wal' '%s-shm' '%s.evidence'", path, path, path, path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", path);
    return 0;
}
