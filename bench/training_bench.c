/* training_bench: 研修 at the scale of a large city. Not a test.
 *   usage: training_bench [PEOPLE]
 * Makes PEOPLE people (default 10,000) in 10 部局 × 10 課室 (half of them in a 係), a course for all
 * staff, and imports 70 % of them as attendees from a CSV (training_import, one transaction). Then
 * reads the 受講率 per 課室 (training_rates, the page's server time; target under 100 ms) and the whole
 * list of who has not attended, 30 times each. Baseline measured in the same run: counting the same
 * people per unit with one GROUP BY over people_v (the least any per-課室 count must do). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/buf.h"
#include "domain/app/app.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define RUNS 30

static int64_t unit(Ctx *ctx, int64_t parent, const char *code, const char *kind)
{
    Err e = {0};
    int64_t id;
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", code, "name", code, "kind", kind);
    if (parent)
        json_object_set_new(in, "parent_id", json_integer(parent));
    check(org_create_unit(ctx, in, &id, &e), &e, "unit");
    json_decref(in);
    return id;
}

int main(int argc, char **argv)
{
    long people = argc > 1 ? atol(argv[1]) : 10000;
    if (people < 1 || people > 999999)
        people = 10000;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-training-bench");
    Db *db = NULL;
    Pack *pack = NULL;
    Err e = {0};
    PackIssues issues = {0};
    check(db_open(path, &db, &e), &e, "open");
    check(db_migrate(db, &e), &e, "migrate");
    check(pack_load_embedded(&pack, &issues, &e), &e, "pack");
    Clock clock = clock_fixed(1793491200); /* 2026-11-01, 令和8年度 */
    Actor actor = {.login_id = "bench", .caps = CAP_SIGNED_IN | CAP_TRAINING_MANAGE | CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE};
    app_init();
    Ctx ctx = ctx_make(db, &clock, &actor, pack);
    int64_t root = unit(&ctx, 0, "city", "organisation"), places[200];
    size_t nplaces = 0;
    for (int d = 0; d < 10; d++) {
        char code[32];
        snprintf(code, sizeof code, "d%d", d);
        int64_t dept = unit(&ctx, root, code, "department");
        for (int s = 0; s < 10; s++) {
            snprintf(code, sizeof code, "d%d-s%d", d, s);
            int64_t sec = unit(&ctx, dept, code, "section");
            places[nplaces++] = sec;
            snprintf(code, sizeof code, "d%d-s%d-t", d, s);
            places[nplaces++] = unit(&ctx, sec, code, "team");
        }
    }
    double t0 = now_s();
    check(db_begin(db, &e), &e, "begin");
    for (long i = 0; i < people; i++) {
        char no[32];
        snprintf(no, sizeof no, "P%06ld", i);
        int64_t pid;
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", no, "name", no, "kana", no, "employment",
                               "regular", "unit_id", (json_int_t)places[i % nplaces], "active_from", "2020-04-01");
        check(people_create(&ctx, in, &pid, &e), &e, "person");
        json_decref(in);
    }
    check(db_commit(db, &e), &e, "commit");
    double t_people = now_s() - t0;
    json_t *in = json_pack("{s:i, s:s, s:s}", "fiscal_year", 2026, "title", "全職員研修", "audience", "all_staff");
    int64_t course;
    check(training_course_create(&ctx, in, &course, &e), &e, "course");
    json_decref(in);
    Buf csv = BUF_INIT;
    buf_puts(&csv, "職員番号,受講日\r\n");
    long attendees = 0;
    for (long i = 0; i < people; i++)
        if (i % 10 < 7) {
            char line[64];
            snprintf(line, sizeof line, "P%06ld,2026/10/01\r\n", i);
            buf_puts(&csv, line);
            attendees++;
        }
    json_t *report = NULL;
    t0 = now_s();
    check(training_import(&ctx, course, (const unsigned char *)buf_str(&csv), csv.len, "e-learning.csv", NULL, false,
                          &report, &e),
          &e, "import");
    double t_import = now_s() - t0;
    if (json_integer_value(json_object_get(report, "created")) != attendees) {
        fprintf(stderr, "import created %lld of %ld\n", (long long)json_integer_value(json_object_get(report, "created")), attendees);
        return 1;
    }
    json_decref(report);
    buf_free(&csv);

    double rates[RUNS], missing[RUNS], base[RUNS];
    size_t nsections = 0, nmissing = 0;
    for (int r = 0; r < RUNS; r++) {
        json_t *out = NULL;
        t0 = now_s();
        check(training_rates(&ctx, course, &out, &e), &e, "rates");
        rates[r] = now_s() - t0;
        nsections = json_array_size(json_object_get(out, "sections"));
        json_decref(out);
        t0 = now_s();
        check(training_missing(&ctx, course, 0, &out, &e), &e, "missing");
        missing[r] = now_s() - t0;
        nmissing = json_array_size(json_object_get(out, "items"));
        json_decref(out);
        t0 = now_s();
        Stmt *st = db_prepare(db, "SELECT unit_id, count(*) FROM people_v GROUP BY unit_id", &e);
        while (st && stmt_step(st) == STEP_ROW)
            ;
        stmt_finalize(st);
        base[r] = now_s() - t0;
    }
    qsort(rates, RUNS, sizeof *rates, cmp_double);
    qsort(missing, RUNS, sizeof *missing, cmp_double);
    qsort(base, RUNS, sizeof *base, cmp_double);
    printf("people: %ld in %zu units made in %.2f s; attendance import of %ld rows (one transaction) in %.2f s\n", people,
           nplaces, t_people, attendees, t_import);
    printf("受講率 per 課室 (%zu 課室): median %.1f ms, max %.1f ms (target < 100 ms); baseline GROUP BY over people_v "
           "%.2f ms (ratio %.0f×)\n",
           nsections, rates[RUNS / 2] * 1e3, rates[RUNS - 1] * 1e3, base[RUNS / 2] * 1e3, rates[RUNS / 2] / base[RUNS / 2]);
    printf("who has not attended (%zu people, whole organisation): median %.1f ms (ratio to baseline %.0f×)\n", nmissing,
           missing[RUNS / 2] * 1e3, missing[RUNS / 2] / base[RUNS / 2]);
    db_close(db);
    pack_free(pack);
    unlink(path);
    char side[BENCH_PATH_MAX + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return 0;
}
