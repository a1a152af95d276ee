/* sysaccount_bench: matching every system's IDs against the people (第83条・第84条). Not a test.
 *   usage: sysaccount_bench [SYSTEMS] [IDS_PER_SYSTEM] [PEOPLE]   (default 100 5000 10000)
 * Writes PEOPLE people (some who left, some holding the system role), SYSTEMS systems each with one
 * snapshot of IDS_PER_SYSTEM IDs (matched by 職員番号, by name only, unmatched, shared, privileged,
 * unused, disabled), then times sysaccounts_match_all — every finding of every system computed —
 * against a baseline in the same run: the bare SELECT of the same ID rows, every column read.
 * Target (issue 15): 100 × 5,000 against 10,000 people under 2 s. Rows are written with plain SQL
 * (the import is measured by the register bench's import of the same engine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "domain/app/app.h"
#include "domain/org/org.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "policy/pack.h"

#define RUNS 5

static Stmt *prep(Db *db, const char *sql)
{
    Err e = {0};
    Stmt *st = db_prepare(db, sql, &e);
    if (!st)
        check(ST_DB, &e, sql);
    return st;
}

static void step(Stmt *st, const char *what)
{
    Err e = {0};
    if (stmt_step(st) != STEP_DONE)
        check(stmt_error(st, &e), &e, what);
    stmt_reset(st);
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long systems = argc > 1 ? atol(argv[1]) : 100;
    long per = argc > 2 ? atol(argv[2]) : 5000;
    long people = argc > 3 ? atol(argv[3]) : 10000;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-sysaccount-bench");
    Db *db = NULL;
    Pack *pack = NULL;
    Err e = {0};
    PackIssues issues = {0};
    check(db_open(path, &db, &e), &e, "open");
    check(db_migrate(db, &e), &e, "migrate");
    check(pack_load_embedded(&pack, &issues, &e), &e, "pack");
    Clock clock = clock_fixed(1793577600); /* 2026-11-02 */
    Actor actor = {.login_id = "bench", .caps = ~0ull};
    app_init();
    Ctx ctx = ctx_make(db, &clock, &actor, pack);
    int64_t root, unit;
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", "city", "name", "試験市", "kind", "organisation");
    check(org_create_unit(&ctx, in, &root, &e), &e, "root");
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s, s:I}", "code", "joho", "name", "情報政策課", "kind", "section", "parent_id",
                   (json_int_t)root);
    check(org_create_unit(&ctx, in, &unit, &e), &e, "unit");
    json_decref(in);

    double t0 = now_s();
    check(db_begin(db, &e), &e, "begin");
    Stmt *p = prep(db, "INSERT INTO people (staff_no, name, kana, employment, unit_id, active_from, active_until,"
                       " created_at, updated_at) VALUES (?, ?, 'し', 'regular', ?, '2020-04-01', ?, 'x', 'x')");
    for (long i = 0; i < people; i++) {
        char no[32], name[48];
        snprintf(no, sizeof no, "S%05ld", i);
        snprintf(name, sizeof name, "職員 %05ld", i);
        stmt_bind_text(p, 1, no);
        stmt_bind_text(p, 2, name);
        stmt_bind_int(p, 3, unit);
        stmt_bind_text(p, 4, i % 33 == 0 ? "2026-06-30" : NULL); /* 3% left */
        step(p, "person");
    }
    stmt_finalize(p);
    Stmt *sy = prep(db, "INSERT INTO systems (code, name, zone, owner_unit_id, location, created_at, updated_at)"
                        " VALUES (?, ?, 'lgwan', ?, 'onprem', 'x', 'x')");
    Stmt *sn = prep(db, "INSERT INTO sysaccount_snapshots (system_id, format, id_count, columns, imported_by, imported_at)"
                        " VALUES (?, 'generic', ?, '[]', 0, '2026-11-01T00:00:00Z')");
    Stmt *ra = prep(db, "INSERT INTO role_assignments (person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " VALUES (?, 'system_manager', 'system', ?, '2020-04-01', 'x')");
    Stmt *id = prep(db, "INSERT INTO sysaccount_ids (snapshot_id, system_id, row_no, login_id, staff_no, holder_name,"
                        " unit_name, privileges, last_login, state, enabled, privileged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)");
    for (long s = 0; s < systems; s++) {
        char code[32];
        snprintf(code, sizeof code, "SYS-%04ld", s);
        stmt_bind_text(sy, 1, code);
        stmt_bind_text(sy, 2, code);
        stmt_bind_int(sy, 3, unit);
        step(sy, "system");
        int64_t sid = db_last_insert_id(db);
        stmt_bind_int(sy, 1, 0);
        stmt_bind_int(ra, 1, 1 + s % people);
        stmt_bind_int(ra, 2, sid);
        step(ra, "role");
        stmt_bind_int(sn, 1, sid);
        stmt_bind_int(sn, 2, per);
        step(sn, "snapshot");
        int64_t snap = db_last_insert_id(db);
        for (long k = 0; k < per; k++) {
            long who = (k * 7 + s * 131) % people;
            char login[48], no[32], name[48];
            snprintf(login, sizeof login, "u%05ld-%ld", who, k);
            snprintf(no, sizeof no, "S%05ld", who);
            snprintf(name, sizeof name, "職員 %05ld", who);
            int kind = (int)(k % 100);
            stmt_bind_int(id, 1, snap);
            stmt_bind_int(id, 2, sid);
            stmt_bind_int(id, 3, k + 2);
            stmt_bind_text(id, 4, kind == 0 ? (snprintf(login, sizeof login, "guest%02ld", k), login) : login);
            stmt_bind_text(id, 5, kind < 5 ? "" : kind < 7 ? "X99999" : no);          /* name only / unknown */
            stmt_bind_text(id, 6, kind < 7 && kind >= 5 ? "外部 太郎" : name);
            stmt_bind_text(id, 7, kind == 9 ? "税務課" : "情報政策課");               /* moved */
            stmt_bind_text(id, 8, kind < 12 && kind >= 10 ? "システム管理者" : "一般");
            stmt_bind_text(id, 9, kind == 13 ? "2026-01-05" : "2026-10-30");          /* unused */
            stmt_bind_int(id, 10, kind != 14);
            stmt_bind_int(id, 11, kind < 12 && kind >= 10);
            step(id, "id");
        }
    }
    stmt_finalize(sy);
    stmt_finalize(sn);
    stmt_finalize(ra);
    stmt_finalize(id);
    check(db_commit(db, &e), &e, "commit");
    check(db_exec(db, "ANALYZE", &e), &e, "analyze");
    printf("setup: %ld people, %ld systems × %ld IDs written in %.1f s\n", people, systems, per, now_s() - t0);

    double match[RUNS], bare[RUNS], match_cpu[RUNS], bare_cpu[RUNS];
    size_t counts[SAF_COUNT], ids = 0;
    for (int r = 0; r < RUNS; r++) {
        t0 = now_s();
        double c0 = cpu_s();
        Stmt *st = prep(db, "SELECT i.system_id, i.id, i.login_id, i.staff_no, i.holder_name, i.unit_name, i.privileges,"
                            " i.last_login, i.state, i.enabled, i.privileged FROM sysaccount_ids i"
                            " WHERE i.snapshot_id IN (SELECT MAX(id) FROM sysaccount_snapshots GROUP BY system_id)"
                            " ORDER BY i.snapshot_id, i.login_id");
        size_t n = 0, bytes = 0;
        while (stmt_step(st) == STEP_ROW) {
            for (int c = 2; c <= 8; c++)
                bytes += strlen(stmt_text(st, c));
            n += (size_t)stmt_int(st, 9) + (size_t)stmt_int(st, 10) + 1;
        }
        stmt_finalize(st);
        bare[r] = now_s() - t0;
        bare_cpu[r] = cpu_s() - c0;
        if (bytes == 0 || n == 0)
            return 1;
        memset(counts, 0, sizeof counts);
        t0 = now_s();
        c0 = cpu_s();
        check(sysaccounts_match_all(&ctx, counts, &ids, &e), &e, "match");
        match[r] = now_s() - t0;
        match_cpu[r] = cpu_s() - c0;
    }
    qsort(match, RUNS, sizeof *match, cmp_double);
    qsort(bare, RUNS, sizeof *bare, cmp_double);
    qsort(match_cpu, RUNS, sizeof *match_cpu, cmp_double);
    qsort(bare_cpu, RUNS, sizeof *bare_cpu, cmp_double);
    printf("match: %zu IDs against %ld people, median of %d: %.3f s (target < 2 s); bare SELECT of the same rows %.3f s"
           " (ratio %.1f×)\n",
           ids, people, RUNS, match[RUNS / 2], bare[RUNS / 2], match[RUNS / 2] / bare[RUNS / 2]);
    printf("       CPU time: match %.3f s, bare SELECT %.3f s (ratio %.1f×)\n", match_cpu[RUNS / 2], bare_cpu[RUNS / 2],
           match_cpu[RUNS / 2] / bare_cpu[RUNS / 2]);
    printf("findings:");
    for (int k = 0; k < SAF_COUNT; k++)
        printf(" %s %zu", sysaccount_finding_code((SysAccountFinding)k), counts[k]);
    printf("\n");
    db_close(db);
    pack_free(pack);
    unlink(path);
    return 0;
}
