/* records_bench: the サーバー室入退室管理簿 at the scale of a few years of card-reader logs. Not a test.
 *   usage: records_bench [PAIRS] [REQUESTS]
 * Imports a card-reader CSV of PAIRS 入/出 pairs (2×PAIRS rows, 200 people, one room) through
 * rec_entries_import, then writes REQUESTS approved 時間外立入 requests and reads one month of the
 * book with its flags (rec_entry_list) 30 times. Baselines measured in the same run: reading the CSV
 * alone (table_read), and the same month's rows fetched without flags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/buf.h"
#include "domain/org/org.h"
#include "domain/app/app.h"
#include "domain/records/records.h"
#include "policy/pack.h"
#include "registers/table.h"

#define PEOPLE 200
#define RUNS 30

int main(int argc, char **argv)
{
    long pairs = argc > 1 ? atol(argv[1]) : 50000;
    long requests = argc > 2 ? atol(argv[2]) : 1000;
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-records-bench");
    Db *db = NULL;
    Pack *pack = NULL;
    Err e = {0};
    PackIssues issues = {0};
    check(db_open(path, &db, &e), &e, "open");
    check(db_migrate(db, &e), &e, "migrate");
    check(pack_load_embedded(&pack, &issues, &e), &e, "pack");
    Clock clock = clock_fixed(1793577600);
    Actor actor = {.login_id = "bench"};
    app_init(); /* the modules' callbacks, as main does */
    Ctx ctx = ctx_make(db, &clock, &actor, pack);
    int64_t root, unit, room;
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", "city", "name", "試験市", "kind", "organisation");
    check(org_create_unit(&ctx, in, &root, &e), &e, "root");
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s, s:I}", "code", "joho", "name", "情報政策課", "kind", "section", "parent_id",
                   (json_int_t)root);
    check(org_create_unit(&ctx, in, &unit, &e), &e, "unit");
    json_decref(in);
    in = json_pack("{s:s, s:s, s:I}", "name", "サーバー室", "door_code", "SR1", "unit_id", (json_int_t)unit);
    check(rec_room_create(&ctx, in, &room, &e), &e, "room");
    json_decref(in);
    for (int i = 0; i < PEOPLE; i++) {
        char no[16];
        snprintf(no, sizeof no, "S%04d", i);
        int64_t pid;
        in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", no, "name", no, "kana", "し", "employment",
                       "regular", "unit_id", (json_int_t)unit, "active_from", "2020-04-01");
        check(people_create(&ctx, in, &pid, &e), &e, "person");
        json_decref(in);
        in = json_pack("{s:I, s:s}", "person_id", (json_int_t)pid, "valid_from", "2020-04-01");
        check(rec_room_grant(&ctx, room, in, NULL, &e), &e, "grant");
        json_decref(in);
    }
    /* 16 pairs a day from 2024-04-01, every 30 minutes from 9:00, the last at 20:00 (after hours) */
    Buf csv = BUF_INIT;
    buf_puts(&csv, "職員番号,日時,方向,扉\r\n");
    int64_t day0 = days_from_civil(2024, 4, 1);
    for (long i = 0; i < pairs; i++) {
        int64_t day = day0 + i / 16;
        int slot = (int)(i % 16);
        int y, m, d;
        civil_from_days(day, &y, &m, &d);
        int start = slot == 15 ? 20 * 60 : 9 * 60 + slot * 30; /* minutes after midnight */
        char line[128];
        snprintf(line, sizeof line, "S%04ld,%04d-%02d-%02d %02d:%02d,入,SR1\r\nS%04ld,%04d-%02d-%02d %02d:%02d,出,SR1\r\n",
                 i % PEOPLE, y, m, d, start / 60, start % 60, i % PEOPLE, y, m, d, (start + 20) / 60, (start + 20) % 60);
        buf_puts(&csv, line);
    }
    double t0 = now_s();
    Table *t = NULL;
    check(table_read((const unsigned char *)csv.data, csv.len, "card.csv", &t, &e), &e, "table_read");
    double read_s = now_s() - t0;
    table_free(t);
    json_t *report = NULL;
    t0 = now_s();
    check(rec_entries_import(&ctx, (const unsigned char *)csv.data, csv.len, &report, &e), &e, "import");
    double import_s = now_s() - t0;
    json_decref(report);
    printf("card import: %ld rows (%zu bytes) in %.2f s = %.0f rows/s; table_read alone %.3f s (import/read %.0f×)\n",
           pairs * 2, csv.len, import_s, pairs * 2 / import_s, read_s, import_s / read_s);
    buf_free(&csv);

    /* approved after-hours requests, written directly (the request engine is measured elsewhere) */
    check(db_begin(db, &e), &e, "begin");
    for (long i = 0; i < requests; i++) {
        int y, m, d;
        civil_from_days(day0 + i % (pairs / 16 + 1), &y, &m, &d);
        char fields[256];
        snprintf(fields, sizeof fields,
                 "{\"room\":\"サーバー室\",\"entry_from\":\"%04d-%02d-%02dT19:00\",\"entry_to\":\"%04d-%02d-%02dT23:00\","
                 "\"purpose\":\"保守\",\"persons\":\"S%04ld\"}",
                 y, m, d, y, m, d, i % PEOPLE);
        Stmt *st = db_prepare(db,
                              "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, fields, state,"
                              " created_at, updated_at) VALUES ('server_room_after_hours', 1, ?, 'none', ?, 'approved',"
                              " '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z')",
                              &e);
        stmt_bind_int(st, 1, unit);
        stmt_bind_text(st, 2, fields);
        if (stmt_step(st) != STEP_DONE)
            check(stmt_error(st, &e), &e, "request");
        stmt_finalize(st);
    }
    check(db_commit(db, &e), &e, "commit");

    double flagged[RUNS], plain[RUNS];
    size_t month_rows = 0;
    int month_flagged = 0;
    for (int r = 0; r < RUNS; r++) {
        json_t *out = NULL;
        t0 = now_s();
        check(rec_entry_list(&ctx, room, false, "2024-06-01", "2024-06-30", &out, &e), &e, "list");
        flagged[r] = (now_s() - t0) * 1000;
        month_rows = json_array_size(json_object_get(out, "items"));
        month_flagged = (int)json_integer_value(json_object_get(out, "flagged"));
        json_decref(out);
        t0 = now_s();
        Stmt *st = db_prepare(db,
                              "SELECT * FROM server_room_entries WHERE room_id = ? AND time_in >= '2024-05-31T15:00:00Z'"
                              " AND time_in < '2024-06-30T15:00:00Z' ORDER BY time_in DESC",
                              &e);
        stmt_bind_int(st, 1, room);
        while (stmt_step(st) == STEP_ROW)
            ;
        stmt_finalize(st);
        plain[r] = (now_s() - t0) * 1000;
    }
    qsort(flagged, RUNS, sizeof *flagged, cmp_double);
    qsort(plain, RUNS, sizeof *plain, cmp_double);
    printf("book of one month (%zu entries, %d flagged, %ld approved after-hours requests): median %.1f ms, p99 %.1f ms;"
           " rows without flags %.2f ms (%.0f×)\n",
           month_rows, month_flagged, requests, flagged[RUNS / 2], flagged[RUNS - 1], plain[RUNS / 2],
           flagged[RUNS / 2] / (plain[RUNS / 2] > 0 ? plain[RUNS / 2] : 1e-9));
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
