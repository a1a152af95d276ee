/* trail_bench: appends N trail entries in transactions of 1000 (through trail_append and through a
 * TrailWriter), checkpoints, and verifies, printing entries/s and seconds. Not a test.
 *   usage: trail_bench [N] [--keep PATH]     (default N = 100000) */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "store/db.h"
#include "trail/trail.h"

#define BATCH 1000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s\n", what, e->en);
    exit(1);
}

/* Appends n entries starting at index `from`, with or without a TrailWriter. */
static void append(Db *db, long from, long n, bool writer)
{
    Err e = {0};
    TrailWriter *w = NULL;
    if (writer && trail_writer_open(db, &w, &e) != ST_OK)
        die("writer", &e);
    for (long i = from; i < from + n; i += BATCH) {
        if (db_begin(db, &e) != ST_OK)
            die("begin", &e);
        for (long j = i; j < i + BATCH && j < from + n; j++) {
            char id[24];
            snprintf(id, sizeof id, "%ld", j);
            json_t *before = json_pack("{s:s, s:s, s:i}", "name", "山田 太郎", "unit", "情報政策課", "rank", 2);
            json_t *after = json_pack("{s:s, s:s, s:i}", "name", "山田 太郎", "unit", "総務課", "rank", 2);
            TrailEvent ev = {"yamada", "person.update", "person", id, before, after};
            Status st = writer ? trail_writer_append(w, 1774000000 + j, &ev, NULL, &e)
                               : trail_append(db, 1774000000 + j, &ev, NULL, &e);
            json_decref(before);
            json_decref(after);
            if (st != ST_OK)
                die("append", &e);
        }
        if (db_commit(db, &e) != ST_OK)
            die("commit", &e);
    }
    trail_writer_close(w);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    const char *keep = argc > 3 && strcmp(argv[2], "--keep") == 0 ? argv[3] : NULL;
    if (n < 2 * BATCH)
        n = 2 * BATCH;
    char path[64] = "/tmp/lgsec-trail-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 1;
    close(fd);
    Err e = {0};
    Db *db;
    if (db_open(path, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK)
        die("open", &e);
    char *key = trail_default_key_path(path);
    if (trail_keygen(db, key, &e) != ST_OK)
        die("keygen", &e);

    long half = n / 2;
    double t0 = now_s();
    append(db, 0, half, false);
    double t1 = now_s();
    append(db, half, n - half, true);
    double t2 = now_s();
    if (trail_checkpoint(db, key, 1774000000 + n, &e) != ST_OK)
        die("checkpoint", &e);
    double t3 = now_s();
    append(db, n, BATCH, true);
    double t4 = now_s();
    if (trail_checkpoint(db, key, 1774000000 + n + BATCH, &e) != ST_OK)
        die("checkpoint", &e);
    double t5 = now_s();
    TrailVerifyReport r;
    if (trail_verify(db, &r, &e) != ST_OK)
        die("verify", &e);
    double t6 = now_s();
    json_t *proof;
    if (trail_prove(db, n / 3, 0, &proof, &e) != ST_OK)
        die("prove", &e);
    double t7 = now_s();
    json_decref(proof);

    printf("trail_bench: %ld entries (batches of %d)\n", n + BATCH, BATCH);
    printf("  append (trail_append)        %10.0f entries/s\n", (double)half / (t1 - t0));
    printf("  append (TrailWriter)         %10.0f entries/s\n", (double)(n - half) / (t2 - t1));
    printf("  first checkpoint (%ld)  %8.3f s\n", n, t3 - t2);
    printf("  checkpoint after +%d        %8.3f s  (appending them: %.3f s)\n", BATCH, t5 - t4, t4 - t3);
    printf("  verify %ld entries       %8.3f s  (%.0f entries/s)\n", r.size, t6 - t5,
           (double)r.size / (t6 - t5));
    printf("  prove one entry              %8.3f s\n", t7 - t6);
    db_close(db);
    if (keep) {
        rename(path, keep);
        char *kk = trail_default_key_path(keep);
        rename(key, kk);
        free(kk);
        printf("  kept %s\n", keep);
    } else {
        unlink(path);
        unlink(key);
    }
    char side[80];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    free(key);
    return 0;
}
