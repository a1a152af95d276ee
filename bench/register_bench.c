/* register_bench: the registers at municipal scale and beyond — generates N assets (default
 * 1,000,000) and 2,000 systems deterministically through the domain functions, then reports list
 * and search latency (median and p99 over repeated calls, time spent in the domain function, i.e.
 * server time without HTTP), the import rate of a 100,000-row CSV through the import path, and the
 * time to export 100,000 assets to XLSX. Not a test; `make bench` runs it.
 *   usage: register_bench [N] [--keep PATH] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/buf.h"
#include "domain/assets/assets.h"
#include "domain/registers/registers.h"
#include "domain/org/org.h"
#include "domain/app/app.h"
#include "domain/systems/systems.h"
#include "policy/capability.h"
#include "policy/pack.h"
#include "policy/pack_store.h"

#define SECTIONS 100
#define SYSTEMS 2000
#define BATCH 1000
#define RUNS 30

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s [%s]\n", what, e->en, e->code);
    exit(1);
}

static uint32_t rng = 12345;
static uint32_t next(void) { return (rng = rng * 1664525u + 1013904223u) >> 8; }

static const char *const topics[] = {"住民記録", "課税台帳", "申請書綴り", "会議録", "契約書類", "職員名簿",
                                     "統計資料", "事務マニュアル", "バックアップ媒体", "システム仕様書",
                                     "LGWAN端末", "相談記録"};
static const char *const levels_c[] = {"3A", "3B", "3C", "2", "1"};

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs the query RUNS times; prints median and p99 in ms. */
static void measure(Ctx *ctx, const char *label, AssetQuery q)
{
    double t[RUNS];
    size_t items = 0;
    for (int i = 0; i < RUNS; i++) {
        Err e = {0};
        char *out = NULL;
        double t0 = now_s();
        if (asset_list(ctx, &q, &out, &e) != ST_OK)
            die(label, &e);
        t[i] = (now_s() - t0) * 1000;
        if (i == 0) {
            json_t *j = json_loads(out, 0, NULL);
            items = json_array_size(json_object_get(j, "items"));
            json_decref(j);
        }
        free(out);
    }
    qsort(t, RUNS, sizeof *t, cmp);
    printf("  %-44s median %7.2f ms  p99 %7.2f ms  (%zu rows)\n", label, t[RUNS / 2], t[RUNS - 1], items);
}

int main(int argc, char **argv)
{
    long n = argc > 1 && argv[1][0] != '-' ? atol(argv[1]) : 1000000;
    const char *keep = argc > 3 && strcmp(argv[2], "--keep") == 0 ? argv[3] : NULL;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-regbench");
    const char *db_file = keep ? keep : path;
    Err e = {0};
    Db *db = NULL;
    if (db_open(db_file, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK)
        die("open", &e);
    PackSource *files = NULL;
    size_t nfiles = 0;
    pack_sources_embedded(&files, &nfiles);
    Pack *pack = NULL;
    if (pack_store_activate(db, files, nfiles, 0, &e) != ST_OK || pack_store_load_active(db, &pack, &e) != ST_OK)
        die("pack", &e);
    pack_sources_free(files, nfiles);
    Clock clock = clock_fixed(1793491200); /* 2026-11-01 */
    Actor actor = {.login_id = "bench", .caps = ~(uint64_t)0};
    app_init(); /* the modules' callbacks, as main does */
    Ctx ctx = ctx_make(db, &clock, &actor, pack);

    /* the organisation: 20 部局 × 5 課室 */
    int64_t sections[SECTIONS];
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", "city", "name", "ベンチ市", "kind", "organisation");
    int64_t root = 0, dept = 0;
    if (org_create_unit(&ctx, in, &root, &e) != ST_OK)
        die("org", &e);
    json_decref(in);
    for (int i = 0; i < SECTIONS; i++) {
        char code[32], name[64];
        if (i % 5 == 0) {
            snprintf(code, sizeof code, "d%02d", i / 5);
            snprintf(name, sizeof name, "第%d部", i / 5 + 1);
            in = json_pack("{s:s, s:s, s:s, s:I}", "code", code, "name", name, "kind", "department", "parent_id", (json_int_t)root);
            if (org_create_unit(&ctx, in, &dept, &e) != ST_OK)
                die("dept", &e);
            json_decref(in);
        }
        snprintf(code, sizeof code, "s%03d", i);
        snprintf(name, sizeof name, "第%d課", i + 1);
        in = json_pack("{s:s, s:s, s:s, s:I}", "code", code, "name", name, "kind", "section", "parent_id", (json_int_t)dept);
        if (org_create_unit(&ctx, in, &sections[i], &e) != ST_OK)
            die("section", &e);
        json_decref(in);
    }
    static const char *const zones[] = {"mynumber", "lgwan", "internet"};
    int64_t *systems = malloc(sizeof *systems * SYSTEMS);
    double t0 = now_s();
    db_begin(db, &e);
    for (int i = 0; i < SYSTEMS; i++) {
        char code[32], name[64];
        snprintf(code, sizeof code, "SYS-%05d", i);
        snprintf(name, sizeof name, "業務システム%d", i);
        in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", code, "name", name, "zone", zones[i % 3], "owner_unit_id",
                       (json_int_t)sections[i % SECTIONS], "location", "onprem");
        if (system_create(&ctx, in, &systems[i], &e) != ST_OK)
            die("system", &e);
        json_decref(in);
    }
    db_commit(db, &e);
    printf("register_bench: %d systems in %.1f s\n", SYSTEMS, now_s() - t0);

    t0 = now_s();
    for (long i = 0; i < n; i += BATCH) {
        if (db_begin(db, &e) != ST_OK)
            die("begin", &e);
        for (long j = i; j < i + BATCH && j < n; j++) {
            uint32_t r = next();
            char name[128];
            snprintf(name, sizeof name, "第%u課 %s %ld", r % SECTIONS + 1, topics[r % 12], j);
            in = json_pack("{s:s, s:s, s:I, s:s}", "name", name, "kind", (r >> 4) % 7 == 0 ? "medium" : "information",
                           "unit_id", (json_int_t)sections[r % SECTIONS], "storage_place", "共有フォルダ");
            if (j % 101 != 0) {
                json_object_set_new(in, "confidentiality", json_string(levels_c[(r >> 8) % 5]));
                json_object_set_new(in, "integrity", json_string((r >> 11) % 2 ? "2" : "1"));
                json_object_set_new(in, "availability", json_string((r >> 12) % 2 ? "2" : "1"));
                json_object_set_new(in, "classification_reason", json_string("ベンチマーク"));
            }
            if ((r >> 13) % 4 == 0)
                json_object_set_new(in, "system_id", json_integer(systems[(r >> 14) % SYSTEMS]));
            if (asset_create(&ctx, in, NULL, &e) != ST_OK)
                die("asset", &e);
            json_decref(in);
        }
        if (db_commit(db, &e) != ST_OK)
            die("commit", &e);
        if ((i + BATCH) % 100000 == 0)
            fprintf(stderr, "  %ld assets (%.0f/s)\n", i + BATCH, (double)(i + BATCH) / (now_s() - t0));
    }
    printf("register_bench: %ld assets in %.1f s (%.0f assets/s through asset_create)\n", n, now_s() - t0,
           (double)n / (now_s() - t0));
    db_exec(db, "ANALYZE", &e);

    printf("list and search (server time in the domain function, %d runs each):\n", RUNS);
    AssetQuery base = {.personal = -1, .limit = 50};
    AssetQuery q = base;
    measure(&ctx, "first page, 管理番号 order", q);
    q.sort = "name";
    measure(&ctx, "first page, 名称 order", q);
    q = base;
    q.sort = "updated_at";
    q.desc = true;
    measure(&ctx, "first page, newest first", q);
    q = base;
    q.unit_id = sections[42];
    measure(&ctx, "one 課室", q);
    q = base;
    q.confidentiality = "3B";
    measure(&ctx, "機密性3B", q);
    q = base;
    q.status = "pending";
    measure(&ctx, "要判断", q);
    q = base;
    q.q = "住民記録";
    measure(&ctx, "search 「住民記録」", q);
    q.q = "ＬＧＷＡＮ端末";
    measure(&ctx, "search 「ＬＧＷＡＮ端末」 (full-width)", q);
    q.q = "台帳";
    measure(&ctx, "search 「台帳」 (2 characters)", q);
    q.q = "第42課 課税台帳";
    measure(&ctx, "search two words", q);

    /* The same as one 課's staff, whom need-to-know (docs/security.md) limits to their own 課 and
     * 機密性1 elsewhere: the filter is part of the same query (its cost is the difference). */
    Stmt *ins = db_prepare(db,
                           "INSERT INTO people(staff_no, name, kana, employment, unit_id, active_from, created_at, updated_at)"
                           " VALUES ('B0', 'ベンチ 花子', 'べんち', 'regular', ?, '2020-04-01', '2026-01-01T00:00:00Z',"
                           " '2026-01-01T00:00:00Z')",
                           &e);
    if (!ins)
        die("person", &e);
    stmt_bind_int(ins, 1, sections[41]);
    if (stmt_step(ins) != STEP_DONE)
        die("person", &e);
    stmt_finalize(ins);
    Actor staff = {.account_id = 1, .person_id = db_last_insert_id(db), .login_id = "bench.staff", .caps = CAP_SIGNED_IN};
    Ctx staff_ctx = ctx_make(db, &clock, &staff, pack);
    printf("as one 課's staff (need-to-know):\n");
    q = base;
    measure(&staff_ctx, "first page, 管理番号 order", q);
    q.sort = "updated_at";
    q.desc = true;
    measure(&staff_ctx, "first page, newest first", q);
    q = base;
    q.unit_id = sections[41];
    measure(&staff_ctx, "their own 課室", q);
    q = base;
    q.unit_id = sections[42];
    measure(&staff_ctx, "another 課室", q);
    q = base;
    q.q = "住民記録";
    measure(&staff_ctx, "search 「住民記録」", q);
    q.q = "台帳";
    measure(&staff_ctx, "search 「台帳」 (2 characters)", q);

    /* Import of 100,000 rows through the import path (upload, plan, domain, one transaction). */
    db_exec(db,
            "INSERT INTO people(staff_no, name, kana, employment, unit_id, active_from, created_at, updated_at)"
            " VALUES ('B1', 'ベンチ 太郎', 'べんち', 'regular', 2, '2020-04-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
            "INSERT INTO accounts(person_id, login_id, password_hash, created_at, updated_at)"
            " VALUES ((SELECT id FROM people WHERE staff_no = 'B1'), 'bench', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            &e);
    actor.account_id = db_last_insert_id(db);
    Buf csv = BUF_INIT;
    buf_puts(&csv, "管理番号,名称,種別,所管課,機密性,完全性,可用性,保管場所\r\n");
    for (int i = 0; i < 100000; i++)
        buf_printf(&csv, "IMP-%06d,取込資産 %d,情報,第%d課,%s,2,1,書庫\r\n", i, i, i % SECTIONS + 1, levels_c[i % 5]);
    json_t *up = NULL;
    t0 = now_s();
    if (imports_upload(&ctx, "assets", "bench.csv", (const unsigned char *)csv.data, csv.len, &up, &e) != ST_OK)
        die("upload", &e);
    int64_t import_id = json_integer_value(json_object_get(up, "id"));
    json_t *mapping = json_incref(json_object_get(up, "suggested_mapping"));
    double t_upload = now_s() - t0;
    t0 = now_s();
    if (imports_commit(&ctx, import_id, mapping, &e) != ST_OK)
        die("commit", &e);
    imports_wait();
    double t_import = now_s() - t0;
    json_t *status = NULL;
    imports_status(&ctx, import_id, &status, &e);
    printf("import: 100,000-row CSV (%.1f MB): read and mapped in %.2f s, imported (%s, %lld rows) in %.1f s = %.0f rows/s\n",
           (double)csv.len / 1e6, t_upload, json_string_value(json_object_get(status, "state")),
           (long long)json_integer_value(json_object_get(status, "created")), t_import, 100000 / t_import);
    json_decref(status);
    json_decref(mapping);
    json_decref(up);
    buf_free(&csv);

    /* XLSX export of the 100,000 imported assets, as the operator (who reads every row: the import's
     * uploader above is an account without a person, whom need-to-know limits to 機密性1). */
    actor.account_id = 0;
    AssetQuery ex = base;
    ex.q = "IMP-";
    unsigned char *xlsx = NULL;
    size_t len = 0;
    t0 = now_s();
    if (exports_assets(&ctx, &ex, EXPORT_XLSX, &xlsx, &len, &e) != ST_OK)
        die("export", &e);
    printf("export: 100,000 assets to XLSX (%.1f MB) in %.1f s\n", (double)len / 1e6, now_s() - t0);
    free(xlsx);

    free(systems);
    pack_free(pack);
    db_close(db);
    if (!keep) {
        char side[BENCH_PATH_MAX + 8];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    return 0;
}
