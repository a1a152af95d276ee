/* compliance_bench: the compliance dashboard (遵守状況) at a municipality's scale — 200 課室 in 20 部局,
 * PEOPLE people with their 課長 (a tenth of the 課室 without one), SYSTEMS information systems (a third
 * without a recorded backup, the マイナンバー利用事務系 ones half without 多要素認証) and ASSETS assets
 * (one in twenty still 要判断) and REQUESTS 申請 (the 100,000: three in ten 持ち出し, nearly all
 * completed, one in a hundred approved and out with its return not yet due, one in fifty submitted;
 * every 持ち出し is read by the overdue-returns measure) — then the server time of compliance_dashboard (the domain function, no
 * HTTP) as the CISO: median and slowest run, and as a ratio to a baseline measured in the same run (reading
 * one asset row by primary key through the same prepared-statement path), with its CPU time. Then the
 * readiness report (readiness_report_pdf) after 1,000 systems, take-outs and audit findings more, so
 * that every measure that can shows its 500 failing rows: about 65 pages. The data is generated with
 * SQL inserts (the domain functions would add the trail for every row); the measured call is the real
 * one. Not a test; `make bench` runs it.
 *   usage: compliance_bench [ASSETS] [SYSTEMS] [PEOPLE] [REQUESTS] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/app/app.h"
#include "domain/evaluation/evaluation.h"
#include "policy/capability.h"
#include "policy/pack.h"
#include "policy/pack_store.h"

#include "bench_common.h"

#define RUNS 30
#define BASELINE_RUNS 1000
#define PDF_RUNS 5

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: on a machine shared with other work, what the call itself costs. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s [%s]\n", what, e->en, e->code);
    exit(1);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
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

/* The same with ?2 and ?3 bound too. */
static void generate3(Db *db, const char *sql, int64_t n, int64_t p2, int64_t p3)
{
    Err e = {0};
    Stmt *st = db_prepare(db, sql, &e);
    if (!st)
        die(sql, &e);
    stmt_bind_int(st, 1, n);
    stmt_bind_int(st, 2, p2);
    stmt_bind_int(st, 3, p3);
    if (stmt_step(st) != STEP_DONE) {
        stmt_error(st, &e);
        die(sql, &e);
    }
    stmt_finalize(st);
}

#define SERIES "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
#define T "'2026-04-01T00:00:00Z'"

int main(int argc, char **argv)
{
    int64_t assets = argc > 1 ? atoll(argv[1]) : 10000;
    int64_t systems = argc > 2 ? atoll(argv[2]) : 500;
    int64_t people = argc > 3 ? atoll(argv[3]) : 5000;
    int64_t requests = argc > 4 ? atoll(argv[4]) : 100000;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-compbench");
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
    Actor ciso = {.login_id = "bench", .caps = CAP_SIGNED_IN | CAP_EVALUATION_MANAGE};
    app_init();
    Ctx ctx = ctx_make(db, &clock, &ciso, pack);

    double t0 = now_ms();
    if (db_exec(db, "BEGIN", &e) != ST_OK)
        die("begin", &e);
    if (db_exec(db, "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                    " VALUES (1, NULL, 'city', 'ベンチ市', 'organisation', " T ", " T ")", &e) != ST_OK)
        die("city", &e);
    generate(db, SERIES "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                        " SELECT 1 + i, 1, 'd' || i, '第' || i || '部', 'department', " T ", " T " FROM n", 20);
    generate(db, SERIES "INSERT INTO org_units(id, parent_id, code, name, kind, created_at, updated_at)"
                        " SELECT 100 + i, 2 + (i - 1) / 10, 's' || i, '第' || i || '課', 'section', " T ", " T " FROM n",
             200);
    generate(db, SERIES "INSERT INTO people(id, staff_no, name, kana, employment, unit_id, active_from, created_at,"
                        " updated_at) SELECT i, 'B' || i, '職員' || i, '', 'regular', 100 + 1 + (i - 1) % 200,"
                        " '2020-04-01', " T ", " T " FROM n",
             people);
    /* the first person of each 課室 is its 情報セキュリティ管理者, but in every tenth 課室 */
    generate(db, SERIES "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id, valid_from, created_at)"
                        " SELECT i, 'section_security_manager', 'unit', 100 + i, '2026-04-01', " T
                        " FROM n WHERE i % 10 <> 0",
             200);
    generate(db, SERIES "INSERT INTO systems(code, name, zone, owner_unit_id, location, backup, mfa, created_at,"
                        " updated_at) SELECT 'SYS-' || i, 'システム' || i,"
                        " CASE i % 4 WHEN 0 THEN 'mynumber' WHEN 1 THEN 'internet' ELSE 'lgwan' END,"
                        " 100 + 1 + (i * 7) % 200, 'onprem', CASE WHEN i % 3 = 0 THEN NULL ELSE 1 END,"
                        " CASE WHEN i % 8 = 0 THEN 0 ELSE 1 END, " T ", " T " FROM n",
             systems);
    generate(db, SERIES "INSERT INTO assets(asset_no, name, kind, unit_id, format, confidentiality, integrity,"
                        " availability, confidentiality_rank, classification_reason, classification_status,"
                        " created_at, updated_at) SELECT 'IA-' || i, '業務資料' || i, 'information',"
                        " 100 + 1 + i % 200, 'electronic',"
                        " CASE WHEN i % 20 = 0 THEN NULL ELSE '2' END, '2', '2', 10, 'bench',"
                        " CASE WHEN i % 20 = 0 THEN 'pending' ELSE 'decided' END, " T ", " T " FROM n",
             assets);
    generate3(db, SERIES "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, object_id, fields, state,"
                        " created_at, submitted_at, decided_at, completed_at, updated_at)"
                        " SELECT CASE WHEN i % 10 < 3 THEN 'take_out' WHEN i % 10 = 3 THEN 'asset_disposal'"
                        " WHEN i % 10 = 4 THEN 'remote_access' WHEN i % 10 = 5 THEN 'external_web_meeting'"
                        " WHEN i % 10 = 6 THEN 'asset_transport' WHEN i % 10 = 7 THEN 'info_exchange'"
                        " WHEN i % 10 = 8 THEN 'byod_use' ELSE 'security_setting_change' END,"
                        " 1 + (i - 1) % ?2, 100 + 1 + (i - 1) % 200,"
                        " CASE WHEN i % 10 < 4 OR i % 10 = 6 THEN 'asset' ELSE 'none' END,"
                        " CASE WHEN i % 10 < 4 OR i % 10 = 6 THEN 1 + (i * 13) % ?3 END,"
                        " json_object('destination', '出張先' || i, 'purpose', '会議', 'out_at', '2026-09-01T09:00',"
                        " 'return_due', CASE WHEN i % 100 = 0 THEN '2026-12-28' ELSE '2026-09-30' END),"
                        " CASE WHEN i % 100 = 0 THEN 'approved' WHEN i % 50 = 0 THEN 'submitted' ELSE 'completed' END,"
                        " " T ", " T ", CASE WHEN i % 50 = 0 AND i % 100 <> 0 THEN NULL ELSE " T " END,"
                        " CASE WHEN i % 50 = 0 THEN NULL ELSE " T " END, " T " FROM n",
             requests, people, assets);
    if (db_exec(db, "COMMIT", &e) != ST_OK || db_exec(db, "ANALYZE", &e) != ST_OK)
        die("commit", &e);
    printf("compliance_bench: %lld assets, %lld systems, %lld people in 200 課室, %lld requests generated in %.1f s\n",
           (long long)assets, (long long)systems, (long long)people, (long long)requests, (now_ms() - t0) / 1000);

    static double base[BASELINE_RUNS];
    for (int i = 0; i < BASELINE_RUNS; i++) {
        double s = now_ms();
        Stmt *st = db_prepare(db, "SELECT id, asset_no, name, classification_status FROM assets WHERE id = ?", &e);
        if (!st)
            die("baseline", &e);
        stmt_bind_int(st, 1, 1 + (i * 7919) % assets);
        if (stmt_step(st) != STEP_ROW)
            exit(1);
        stmt_finalize(st);
        base[i] = now_ms() - s;
    }
    qsort(base, BASELINE_RUNS, sizeof *base, cmp);
    double t[RUNS], tcpu[RUNS];
    json_int_t failing = 0;
    for (int i = 0; i < RUNS; i++) {
        json_t *board = NULL;
        double s = now_ms(), s_cpu = cpu_ms();
        if (compliance_dashboard(&ctx, &board, &e) != ST_OK)
            die("compliance_dashboard", &e);
        t[i] = now_ms() - s;
        tcpu[i] = cpu_ms() - s_cpu;
        size_t k;
        json_t *c;
        failing = 0;
        json_array_foreach(json_object_get(board, "categories"), k, c)
            failing += json_integer_value(json_object_get(c, "failing"));
        json_decref(board);
    }
    qsort(t, RUNS, sizeof *t, cmp);
    qsort(tcpu, RUNS, sizeof *tcpu, cmp);
    double bm = base[BASELINE_RUNS / 2], bp = base[BASELINE_RUNS * 99 / 100];
    printf("server time in the domain function (%d runs; baseline %d runs):\n", RUNS, BASELINE_RUNS);
    printf("  %-34s median %8.3f ms  p99 %8.3f ms\n", "baseline: one asset row by id", bm, bp);
    printf("  %-34s median %8.3f ms  max %8.3f ms  (%6.0f× / %6.0f× baseline)  %lld failing rows counted\n",
           "compliance_dashboard (CISO)", t[RUNS / 2], t[RUNS - 1], t[RUNS / 2] / bm, t[RUNS - 1] / bp,
           (long long)failing);
    printf("  %-34s CPU median %8.3f ms (the first run also kept last month's snapshot)\n", "", tcpu[RUNS / 2]);

    /* The readiness report with its evidence: more failing rows, so that every measure that can shows
     * its 500 — 1,000 systems with neither backup nor 多要素認証 (マイナンバー利用事務系), 1,000 take-outs
     * past their return date, 1,000 open audit findings (5 in each 課室's audit) — then the PDF. */
    t0 = now_ms();
    if (db_exec(db, "BEGIN", &e) != ST_OK)
        die("begin", &e);
    generate(db, SERIES "INSERT INTO systems(code, name, zone, owner_unit_id, location, backup, mfa, created_at,"
                        " updated_at) SELECT 'RSYS-' || i, '住民情報システム' || i, 'mynumber', 100 + 1 + i % 200, 'onprem',"
                        " NULL, 0, " T ", " T " FROM n",
             1000);
    generate(db, SERIES "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, object_id, fields, state,"
                        " created_at, submitted_at, decided_at, updated_at) SELECT 'take_out', 1 + (i - 1) % 200,"
                        " 100 + 1 + (i - 1) % 200, 'asset', i, json_object('destination', '出張先' || i, 'purpose', '会議',"
                        " 'out_at', '2026-09-01T09:00', 'return_due', '2026-09-30'), 'approved', " T ", " T ", " T ", " T
                        " FROM n",
             1000);
    generate(db, SERIES "INSERT INTO audits(id, fiscal_year, title, unit_id, created_by, created_at)"
                        " SELECT i, 2026, '令和8年度 情報セキュリティ監査 第' || i || '課', 100 + i, 1, " T " FROM n",
             200);
    generate(db, SERIES "INSERT INTO audit_findings(audit_id, kind, severity, title, created_by, created_at)"
                        " SELECT 1 + (i - 1) % 200, 'finding', 'medium', '指摘事項' || i || ': 利用者IDの棚卸しが未実施', 1, " T
                        " FROM n",
             1000);
    if (db_exec(db, "COMMIT", &e) != ST_OK)
        die("commit", &e);
    printf("readiness: 1000 systems, 1000 take-outs, 1000 audit findings more in %.1f s\n", (now_ms() - t0) / 1000);
    double tc[PDF_RUNS];
    for (int i = 0; i < PDF_RUNS; i++) { /* the report's content alone: the rest is drawing */
        json_t *r = NULL;
        double s = now_ms();
        if (readiness_status(&ctx, &r, &e) != ST_OK)
            die("readiness_status", &e);
        tc[i] = now_ms() - s;
        json_decref(r);
    }
    qsort(tc, PDF_RUNS, sizeof *tc, cmp);
    printf("  %-34s median %8.3f ms  max %8.3f ms\n", "readiness_status (its content)", tc[PDF_RUNS / 2], tc[PDF_RUNS - 1]);
    double tp[PDF_RUNS], cp[PDF_RUNS];
    size_t pages = 0, bytes = 0;
    for (int i = 0; i < PDF_RUNS; i++) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        double s = now_ms(), c = cpu_ms();
        if (readiness_report_pdf(&ctx, &pdf, &len, &e) != ST_OK)
            die("readiness_report_pdf", &e);
        tp[i] = now_ms() - s;
        cp[i] = cpu_ms() - c;
        pages = 0;
        for (size_t k = 0; k + 12 < len; k++)
            pages += memcmp(pdf + k, "/Type /Page\n", 12) == 0 || memcmp(pdf + k, "/Type /Page ", 12) == 0;
        bytes = len;
        free(pdf);
    }
    qsort(tp, PDF_RUNS, sizeof *tp, cmp);
    qsort(cp, PDF_RUNS, sizeof *cp, cmp);
    printf("  %-34s median %8.3f ms  max %8.3f ms  CPU median %8.3f ms  (%zu pages, %zu bytes; %d runs)\n",
           "readiness_report_pdf (CISO)", tp[PDF_RUNS / 2], tp[PDF_RUNS - 1], cp[PDF_RUNS / 2], pages, bytes, PDF_RUNS);
    pack_free(pack);
    db_close(db);
    unlink(path);
    if (pages < 50) { /* the figure is for 50 pages or more: a shorter report measures nothing */
        fprintf(stderr, "compliance_bench: the readiness report has %zu pages, fewer than the 50 measured for\n", pages);
        return 1;
    }
    return 0;
}
