/* roster_bench: applying a 人事 roster (人事異動, issue 15). Not a test.
 *   usage: roster_bench [ROSTER_ROWS] [PEOPLE]   (default 3000 10000)
 * Writes PEOPLE people in 300 課室 of 10 部局, a 情報セキュリティ管理者 per 課室 and an asset in the
 * custody of every seventh person, then a roster of ROSTER_ROWS rows (a third moves to another 部局's 課,
 * one in ten leaves, one in twenty is new, the rest change their kana). Times the preview (the whole
 * application rolled back) and the application itself, against a baseline in the same run: the same
 * number of bare people_update calls in one transaction. Target (issue 15): 3,000 rows under 5 s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/buf.h"
#include "domain/app/app.h"
#include "domain/org/org.h"
#include "domain/roster/roster.h"
#include "policy/pack.h"

#define RUNS 3

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

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 3000;
    long people = argc > 2 ? atol(argv[2]) : 10000;
    if (rows > people)
        rows = people;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-roster-bench");
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

    double t0 = now_s();
    check(db_begin(db, &e), &e, "begin");
    Stmt *u = prep(db, "INSERT INTO org_units (parent_id, code, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')");
    stmt_bind_null(u, 1);
    stmt_bind_text(u, 2, "city");
    stmt_bind_text(u, 3, "試験市");
    stmt_bind_text(u, 4, "organisation");
    step(u, "root");
    int64_t root = db_last_insert_id(db), sections[300];
    for (int d = 0; d < 10; d++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "D%02d", d);
        snprintf(name, sizeof name, "第%d部", d + 1);
        stmt_bind_int(u, 1, root);
        stmt_bind_text(u, 2, code);
        stmt_bind_text(u, 3, name);
        stmt_bind_text(u, 4, "department");
        step(u, "department");
        int64_t dep = db_last_insert_id(db);
        for (int s = 0; s < 30; s++) {
            snprintf(code, sizeof code, "S%02d%02d", d, s);
            snprintf(name, sizeof name, "第%d部第%d課", d + 1, s + 1);
            stmt_bind_int(u, 1, dep);
            stmt_bind_text(u, 2, code);
            stmt_bind_text(u, 3, name);
            stmt_bind_text(u, 4, "section");
            step(u, "section");
            sections[d * 30 + s] = db_last_insert_id(db);
        }
    }
    stmt_finalize(u);
    Stmt *p = prep(db, "INSERT INTO people (staff_no, name, kana, employment, unit_id, active_from, created_at, updated_at)"
                       " VALUES (?, ?, 'しょくいん', 'regular', ?, '2020-04-01', 'x', 'x')");
    Stmt *ra = prep(db, "INSERT INTO role_assignments (person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " VALUES (?, 'section_security_manager', 'unit', ?, '2020-04-01', 'x')");
    Stmt *as = prep(db, "INSERT INTO assets (asset_no, name, kind, unit_id, holder, format, confidentiality, integrity,"
                        " availability, confidentiality_rank, classification_status, created_at, updated_at)"
                        " VALUES (?, '台帳', 'information', ?, ?, 'paper', '2', '2', '2', 2, 'decided', 'x', 'x')");
    for (long i = 0; i < people; i++) {
        char no[32], name[48];
        snprintf(no, sizeof no, "S%05ld", i);
        snprintf(name, sizeof name, "職員 %05ld", i);
        stmt_bind_text(p, 1, no);
        stmt_bind_text(p, 2, name);
        stmt_bind_int(p, 3, sections[i % 300]);
        step(p, "person");
        int64_t pid = db_last_insert_id(db);
        if (i < 300) {
            stmt_bind_int(ra, 1, pid);
            stmt_bind_int(ra, 2, sections[i]);
            step(ra, "role");
        }
        if (i % 7 == 0) {
            char asset_no[32];
            snprintf(asset_no, sizeof asset_no, "IA-%06ld", i);
            stmt_bind_text(as, 1, asset_no);
            stmt_bind_int(as, 2, sections[i % 300]);
            stmt_bind_text(as, 3, name);
            step(as, "asset");
        }
    }
    stmt_finalize(p);
    stmt_finalize(ra);
    stmt_finalize(as);
    check(db_commit(db, &e), &e, "commit");
    check(db_exec(db, "ANALYZE", &e), &e, "analyze");

    Buf csv = BUF_INIT;
    buf_puts(&csv, "職員番号,氏名,かな,所属,雇用区分,異動日,退職日\r\n");
    long moved = 0, leaving = 0, fresh = 0;
    for (long i = 0; i < rows; i++) {
        char line[256];
        long k = i % 20;
        if (k == 0) { /* new */
            snprintf(line, sizeof line, "N%05ld,新人 %05ld,しんじん,第1部第%ld課,正規,2026-11-02,\r\n", i, i, 1 + i % 30);
            fresh++;
        } else if (k < 3) { /* leaving */
            snprintf(line, sizeof line, "S%05ld,職員 %05ld,しょくいん,,,,2026-11-30\r\n", i, i);
            leaving++;
        } else if (k < 10) { /* to another 部局's 課 */
            long to = (i % 300 + 30) % 300;
            snprintf(line, sizeof line, "S%05ld,職員 %05ld,しょくいん,第%ld部第%ld課,,2026-11-01,\r\n", i, i, to / 30 + 1,
                     to % 30 + 1);
            moved++;
        } else {
            snprintf(line, sizeof line, "S%05ld,職員 %05ld,しょくいん%ld,,,,\r\n", i, i, k);
        }
        buf_puts(&csv, line);
    }
    printf("setup: %ld people, 300 課室, a %ld-row roster (%ld new, %ld moving, %ld leaving) in %.1f s\n", people, rows,
           fresh, moved, leaving, now_s() - t0);

    double dry[RUNS], base[RUNS];
    for (int r = 0; r < RUNS; r++) {
        t0 = now_s();
        check(db_begin(db, &e), &e, "begin");
        for (long i = 0; i < rows; i++) {
            char no[32];
            snprintf(no, sizeof no, "S%05ld", i);
            int64_t id = 0;
            if (people_find_by_staff_no(&ctx, no, &id, &e) != ST_OK)
                continue;
            json_t *patch = json_pack("{s:s}", "kana", "しょくいんへんこう");
            check(people_update(&ctx, id, patch, &e), &e, "update");
            json_decref(patch);
        }
        db_rollback(db);
        base[r] = now_s() - t0;
        json_t *out = NULL;
        t0 = now_s();
        check(roster_import(&ctx, (const unsigned char *)buf_str(&csv), csv.len, "roster.csv", NULL, true, &out, &e), &e,
              "preview");
        dry[r] = now_s() - t0;
        json_decref(out);
    }
    json_t *out = NULL;
    t0 = now_s();
    check(roster_import(&ctx, (const unsigned char *)buf_str(&csv), csv.len, "roster.csv", NULL, false, &out, &e), &e,
          "apply");
    double apply = now_s() - t0;
    qsort(dry, RUNS, sizeof *dry, cmp_double);
    qsort(base, RUNS, sizeof *base, cmp_double);
    json_t *c = json_object_get(out, "counts");
    printf("apply: %ld rows in %.3f s (target < 5 s); preview median of %d %.3f s; %ld bare people_update %.3f s"
           " (ratio %.1f×)\n",
           rows, apply, RUNS, dry[RUNS / 2], rows, base[RUNS / 2], apply / base[RUNS / 2]);
    printf("consequences: %lld roles ended, %lld tasks, %lld moved, %lld leaving, %lld new\n",
           (long long)json_integer_value(json_object_get(c, "roles_ended")),
           (long long)json_integer_value(json_object_get(c, "tasks")), (long long)json_integer_value(json_object_get(c, "moved")),
           (long long)json_integer_value(json_object_get(c, "leaving")), (long long)json_integer_value(json_object_get(c, "new")));
    json_decref(out);
    buf_free(&csv);
    db_close(db);
    pack_free(pack);
    unlink(path);
    return 0;
}
