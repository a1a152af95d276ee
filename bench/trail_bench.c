/* trail_bench: the trail's costs, each against a baseline measured in the same run (these machines
 * are noisy). Not a test.
 *   usage: trail_bench [N] [--keep PATH]   appends, checkpoints, verify (default N = 100000)
 *          trail_bench --proofs N           proof times on a log of N entries (e.g. 10000000)
 *          trail_bench --verify PATH        verify and its baseline on a log kept by --keep
 *          trail_bench --verify-only PATH   verify alone (for profiling it without the baseline)
 * Appends are sealed (trail_seal_commits: one signed checkpoint per committed transaction) and
 * compared with bare SQLite inserts of the same rows into the same table, in transactions of the
 * same size. Verify is compared with SHA-256 of the same leaves on one thread. Ratios are of CPU
 * time (this process, all threads): wall time on a shared machine mostly measures the others. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/clock.h"
#include "core/xmalloc.h"
#include "store/db.h"
#include "trail/merkle.h"
#include "trail/trail.h"

#define BATCH 1000
#define T0 1774000000

/* CPU time of this process: on a machine shared with other work, wall time measures the others. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const Err *e)
{
    fprintf(stderr, "%s: %s\n", what, e->en);
    exit(1);
}

static Db *fresh_db(char path[BENCH_PATH_MAX], char **key)
{
    bench_tmp_file(path, BENCH_PATH_MAX, "lgsec-trail-bench");
    Err e = {0};
    Db *db;
    if (db_open(path, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK)
        die("open", &e);
    *key = trail_default_key_path(path);
    if (trail_keygen(db, *key, &e) != ST_OK)
        die("keygen", &e);
    return db;
}

static void remove_db(const char *path, const char *key)
{
    char side[BENCH_PATH_MAX + 8];
    unlink(path);
    unlink(key);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void event(long j, char id[24], json_t **before, json_t **after)
{
    snprintf(id, 24, "%ld", j);
    *before = json_pack("{s:s, s:s, s:i}", "name", "山田 太郎", "unit", "情報政策課", "rank", 2);
    *after = json_pack("{s:s, s:s, s:i}", "name", "山田 太郎", "unit", "総務課", "rank", 2);
}

/* Appends n entries from index `from` in transactions of tx entries; returns the CPU seconds of the
 * appends and commits alone (the events' before/after objects are built first, untimed: they are
 * the caller's data, which a bare insert is handed too). */
static double append(Db *db, long from, long n, long tx, bool writer)
{
    Err e = {0};
    json_t **before = xmalloc((size_t)n * sizeof *before), **after = xmalloc((size_t)n * sizeof *after);
    char (*ids)[24] = xmalloc((size_t)n * sizeof *ids);
    for (long j = 0; j < n; j++)
        event(from + j, ids[j], &before[j], &after[j]);
    double t0 = cpu_s();
    TrailWriter *w = NULL;
    if (writer && trail_writer_open(db, &w, &e) != ST_OK)
        die("writer", &e);
    for (long i = 0; i < n; i += tx) {
        if (db_begin(db, &e) != ST_OK)
            die("begin", &e);
        for (long j = i; j < i + tx && j < n; j++) {
            TrailEvent ev = {"yamada", "person.update", "person", ids[j], before[j], after[j]};
            Status st = writer ? trail_writer_append(w, T0 + from + j, &ev, NULL, &e)
                               : trail_append(db, T0 + from + j, &ev, NULL, &e);
            if (st != ST_OK)
                die("append", &e);
        }
        if (db_commit(db, &e) != ST_OK)
            die("commit", &e);
    }
    trail_writer_close(w);
    double t = cpu_s() - t0;
    for (long j = 0; j < n; j++) {
        json_decref(before[j]);
        json_decref(after[j]);
    }
    free(before);
    free(after);
    free(ids);
    return t;
}

/* Pages written to the WAL from here on: automatic checkpoints are stopped (the WAL only grows)
 * and its size is read back by wal_frames. Each frame is one page and a 24-byte header. */
static void wal_count_start(Db *db)
{
    Err e = {0};
    if (db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &e) != ST_OK ||
        db_exec(db, "PRAGMA wal_autocheckpoint=0", &e) != ST_OK)
        die("wal", &e);
}

static long wal_frames(Db *db, const char *path)
{
    char wal[BENCH_PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    int64_t page = 4096;
    Stmt *s = db_prepare(db, "PRAGMA page_size", NULL);
    if (s && stmt_step(s) == STEP_ROW)
        page = stmt_int(s, 0);
    stmt_finalize(s);
    long frames = stat(wal, &st) == 0 && st.st_size > 32 ? (long)((st.st_size - 32) / (page + 24)) : 0;
    db_exec(db, "PRAGMA wal_autocheckpoint=1000", NULL);
    return frames;
}

/* The trail's rows before `from`, copied into the bare table untimed, so that pages are counted
 * against indexes of the same size as the trail's. */
static void bare_prefill(Db *db, Db *src, long from)
{
    Err e = {0};
    Stmt *s = db_prepare(src,
                         "SELECT seq, entry, leaf_hash, time, actor, action, object_type, object_id FROM trail_entries"
                         " WHERE seq < ? ORDER BY seq",
                         &e);
    Stmt *ins = db_prepare(db,
                           "INSERT INTO bare(seq, entry, leaf_hash, time, actor, action, object_type, object_id)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           &e);
    if (!s || !ins || db_begin(db, &e) != ST_OK)
        die("prefill", &e);
    stmt_bind_int(s, 1, from);
    while (stmt_step(s) == STEP_ROW) {
        size_t len;
        const void *h = stmt_blob(s, 2, &len);
        stmt_bind_int(ins, 1, stmt_int(s, 0));
        stmt_bind_text(ins, 2, stmt_text(s, 1));
        stmt_bind_blob(ins, 3, h, len);
        for (int c = 3; c < 8; c++)
            stmt_bind_text(ins, c + 1, stmt_text(s, c));
        if (stmt_step(ins) != STEP_DONE)
            die("prefill insert", &e);
        stmt_reset(ins);
    }
    stmt_finalize(s);
    stmt_finalize(ins);
    if (db_commit(db, &e) != ST_OK)
        die("prefill commit", &e);
}

/* The baseline: the rows the trail stored (entry bytes, leaf hash, columns), inserted as they are
 * into a table of the same shape and indexes, in transactions of tx rows. With frames non-NULL,
 * the table first gets the trail's rows before `from` (untimed) and the pages its transactions
 * wrote to the WAL go to *frames. */
static double bare_inserts(Db *src, long from, long n, long tx, long *frames)
{
    char path[BENCH_PATH_MAX];
    bench_tmp_file(path, sizeof path, "lgsec-trail-bare");
    Err e = {0};
    Db *db;
    if (db_open(path, &db, &e) != ST_OK)
        die("open", &e);
    if (db_exec(db,
                "CREATE TABLE bare (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, leaf_hash BLOB NOT NULL,"
                " time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL,"
                " object_id TEXT NOT NULL) STRICT",
                &e) != ST_OK ||
        db_exec(db, "CREATE INDEX bare_actor ON bare(actor, seq)", &e) != ST_OK ||
        db_exec(db, "CREATE INDEX bare_object ON bare(object_type, object_id, seq)", &e) != ST_OK)
        die("bare schema", &e);
    if (frames) {
        bare_prefill(db, src, from);
        wal_count_start(db);
    }
    /* Read the rows first (not timed). */
    typedef struct Row {
        char *cols[6];
        char *entry;
        uint8_t hash[32];
    } Row;
    Row *rows = xcalloc((size_t)n, sizeof *rows);
    Stmt *s = db_prepare(src,
                         "SELECT entry, leaf_hash, time, actor, action, object_type, object_id FROM trail_entries"
                         " WHERE seq >= ? ORDER BY seq LIMIT ?",
                         &e);
    stmt_bind_int(s, 1, from);
    stmt_bind_int(s, 2, n);
    for (long i = 0; i < n && stmt_step(s) == STEP_ROW; i++) {
        size_t len;
        rows[i].entry = xstrdup(stmt_text(s, 0));
        memcpy(rows[i].hash, stmt_blob(s, 1, &len), 32);
        for (int c = 0; c < 5; c++)
            rows[i].cols[c] = xstrdup(stmt_text(s, 2 + c));
    }
    stmt_finalize(s);
    double t0 = cpu_s();
    for (long i = 0; i < n; i += tx) {
        if (db_begin(db, &e) != ST_OK)
            die("begin", &e);
        for (long j = i; j < i + tx && j < n; j++) {
            Stmt *ins = db_prepare(db,
                                   "INSERT INTO bare(seq, entry, leaf_hash, time, actor, action, object_type, object_id)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   &e);
            stmt_bind_int(ins, 1, from + j);
            stmt_bind_text(ins, 2, rows[j].entry);
            stmt_bind_blob(ins, 3, rows[j].hash, 32);
            for (int c = 0; c < 5; c++)
                stmt_bind_text(ins, 4 + c, rows[j].cols[c]);
            if (stmt_step(ins) != STEP_DONE)
                die("bare insert", &e);
            stmt_finalize(ins);
        }
        if (db_commit(db, &e) != ST_OK)
            die("commit", &e);
    }
    double t = cpu_s() - t0;
    if (frames)
        *frames = wal_frames(db, path);
    for (long i = 0; i < n; i++) {
        free(rows[i].entry);
        for (int c = 0; c < 5; c++)
            free(rows[i].cols[c]);
    }
    free(rows);
    db_close(db);
    remove_db(path, "");
    return t;
}

/* SHA-256 leaf hashes of every entry, on one thread, with the entries already in memory (the
 * baseline). The parts of verify beyond it are measured alone too, so that the ratio can be
 * accounted for: *t_nodes folds the same leaf hashes into the tree (the interior nodes: SHA-256 of
 * 65 bytes each), *t_read steps through the rows as verify reads them (the same query and columns,
 * memory-mapped as verify does) without hashing or checking anything. */
static double raw_sha256(Db *db, double *t_nodes, double *t_read)
{
    Err e = {0};
    Stmt *s = db_prepare(db, "SELECT entry FROM trail_entries ORDER BY seq", &e);
    char **entries = NULL;
    size_t n = 0, cap = 0;
    while (stmt_step(s) == STEP_ROW) {
        if (n == cap)
            entries = xrealloc(entries, (cap = cap ? cap * 2 : 1024) * sizeof *entries);
        entries[n++] = xstrdup(stmt_text(s, 0));
    }
    stmt_finalize(s);
    double t0 = cpu_s();
    static volatile uint8_t sink; /* written and read: the hashing cannot be optimised away */
    Hash h;
    for (size_t i = 0; i < n; i++) {
        merkle_leaf_hash(entries[i], strlen(entries[i]), h);
        sink = (uint8_t)(sink ^ h[0]);
    }
    double t = cpu_s() - t0;
    Hash *leaves = xmalloc((n ? n : 1) * sizeof *leaves);
    for (size_t i = 0; i < n; i++)
        merkle_leaf_hash(entries[i], strlen(entries[i]), leaves[i]);
    t0 = cpu_s();
    Frontier f;
    frontier_init(&f);
    for (size_t i = 0; i < n; i++)
        frontier_push(&f, leaves[i]);
    Hash root;
    frontier_root(&f, root);
    *t_nodes = cpu_s() - t0;
    sink = (uint8_t)(sink ^ root[0]);
    (void)sink;
    for (size_t i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    free(leaves);
    db_exec(db, "PRAGMA mmap_size=4294967296", NULL);
    t0 = cpu_s();
    s = db_prepare(db,
                   "SELECT seq, entry, leaf_hash, time, actor, action, object_type, object_id"
                   " FROM trail_entries ORDER BY seq",
                   &e);
    size_t total = 0, len;
    while (stmt_step(s) == STEP_ROW) {
        total += (size_t)stmt_int(s, 0);
        stmt_blob(s, 1, &len);
        total += len;
        stmt_blob(s, 2, &len);
        total += len;
        for (int c = 3; c < 8; c++)
            total += (size_t)stmt_text(s, c)[0];
    }
    stmt_finalize(s);
    *t_read = cpu_s() - t0;
    db_exec(db, "PRAGMA mmap_size=0", NULL);
    sink = (uint8_t)(sink ^ total);
    return t;
}

/* Verify against SHA-256 of the same leaves on one thread, both in CPU time. */
static void verify_cost(Db *db)
{
    Err e = {0};
    double t0 = cpu_s(), w0 = now_s();
    TrailVerifyReport r;
    if (trail_verify(db, &r, &e) != ST_OK)
        die("verify", &e);
    double t_verify = cpu_s() - t0, w_verify = now_s() - w0;
    double t_nodes, t_read;
    double t_sha = raw_sha256(db, &t_nodes, &t_read);
    printf("  verify %ld entries, %ld checkpoints  %.3f s CPU (%.3f s wall)  SHA-256 of the leaves %.3f s CPU  ratio %.2f\n",
           (long)r.size, (long)r.checkpoints, t_verify, w_verify, t_sha, t_sha / t_verify);
    printf("    of verify, measured alone: leaves %.0f %%, interior nodes %.0f %%, reading the rows %.0f %%, the rest %.0f %%"
           " (checks, checkpoints)\n",
           100 * t_sha / t_verify, 100 * t_nodes / t_verify, 100 * t_read / t_verify,
           100 * (t_verify - t_sha - t_nodes - t_read) / t_verify);
}

static int costs(long n, const char *keep)
{
    char path[BENCH_PATH_MAX];
    char *key;
    Db *db = fresh_db(path, &key);
    Err e = {0};
    Clock clock = clock_fixed(T0);
    if (trail_seal_commits(db, key, &clock, &e) != ST_OK)
        die("seal", &e);
    printf("trail_bench: %ld entries, every transaction sealed with a signed checkpoint (CPU time: the machine is shared)\n", n);
    /* Appends against bare inserts of the same rows, for three transaction sizes. */
    long sizes[] = {1, 10, 1000};
    long done = 0;
    /* TRAIL_BENCH_ONLY=SIZE measures one transaction size (for profiling it alone). */
    const char *only = getenv("TRAIL_BENCH_ONLY");
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        if (only && atol(only) != sizes[k])
            continue;
        long count = sizes[k] == 1 ? n / 10 : n / 3;
        double t_trail = append(db, done, count, sizes[k], sizes[k] > 1);
        double t_bare = bare_inserts(db, done, count, sizes[k], NULL);
        printf("  append, %4ld per transaction  %9.0f entries/s  bare SQLite %9.0f rows/s  ratio %.2f\n", sizes[k],
               (double)count / t_trail, (double)count / t_bare, t_bare / t_trail);
        done += count;
    }
    /* Pages per commit, one entry per transaction: what the WAL grew by, against the baseline's. */
    if (!only || atol(only) == 1) {
        long commits = 2000, trail_frames, bare_frames;
        wal_count_start(db);
        append(db, done, commits, 1, false);
        trail_frames = wal_frames(db, path);
        bare_inserts(db, done, commits, 1, &bare_frames);
        printf("  pages written per commit (1 per transaction): trail %.2f, bare SQLite %.2f\n",
               (double)trail_frames / (double)commits, (double)bare_frames / (double)commits);
        done += commits;
    }
    verify_cost(db);
    double t0 = now_s();
    json_t *proof;
    if (trail_prove(db, done / 3, 0, &proof, &e) != ST_OK)
        die("prove", &e);
    printf("  prove one entry              %8.6f s\n", now_s() - t0);
    json_decref(proof);
    db_close(db);
    if (keep) {
        rename(path, keep);
        char *kk = trail_default_key_path(keep);
        rename(key, kk);
        free(kk);
        printf("  kept %s\n", keep);
    }
    remove_db(path, key);
    free(key);
    return 0;
}

/* Proof times on a log of n entries. The entries are small rows inserted directly (the tree does
 * not care what they say), then one checkpoint hashes them all and stores the nodes. */
static int proofs(long n)
{
    char path[BENCH_PATH_MAX];
    char *key;
    Db *db = fresh_db(path, &key);
    Err e = {0};
    double t0 = now_s();
    for (long i = 0; i < n; i += 100000) {
        if (db_begin(db, &e) != ST_OK)
            die("begin", &e);
        Stmt *ins = db_prepare(db,
                               "INSERT INTO trail_entries(seq, entry, leaf_hash, time, actor, action, object_type,"
                               " object_id) VALUES (?, ?, ?, '2026-03-20T09:46:40Z', 'b', 'b.b', 'b', '')",
                               &e);
        for (long j = i; j < i + 100000 && j < n; j++) {
            char entry[160];
            int len = snprintf(entry, sizeof entry,
                               "{\"action\":\"b.b\",\"actor\":\"b\",\"after\":null,\"before\":null,\"object_id\":\"\","
                               "\"object_type\":\"b\",\"seq\":%ld,\"time\":\"2026-03-20T09:46:40Z\",\"v\":1}",
                               j);
            Hash h;
            merkle_leaf_hash(entry, (size_t)len, h);
            stmt_bind_int(ins, 1, j);
            stmt_bind_text(ins, 2, entry);
            stmt_bind_blob(ins, 3, h, 32);
            if (stmt_step(ins) != STEP_DONE)
                die("insert", &e);
            stmt_reset(ins);
        }
        stmt_finalize(ins);
        if (db_commit(db, &e) != ST_OK)
            die("commit", &e);
    }
    double t1 = now_s();
    if (trail_checkpoint(db, key, T0, &e) != ST_OK)
        die("checkpoint", &e);
    double t2 = now_s();
    printf("trail_bench --proofs: %ld entries (inserted in %.1f s; first checkpoint with its nodes %.1f s)\n", n,
           t1 - t0, t2 - t1);
    const int rounds = 1000;
    uint32_t seed = 12345;
    double worst = 0;
    t0 = now_s();
    double c0 = cpu_s();
    for (int i = 0; i < rounds; i++) {
        seed = seed * 1103515245u + 12345u;
        long m = (long)(((uint64_t)seed << 16 ^ (uint64_t)seed) % (uint64_t)n);
        double a = now_s();
        json_t *proof;
        if (trail_prove(db, m, 0, &proof, &e) != ST_OK)
            die("prove", &e);
        json_decref(proof);
        double d = now_s() - a;
        worst = d > worst ? d : worst;
    }
    double per = (now_s() - t0) / rounds, cpu = (cpu_s() - c0) / rounds;
    printf("  inclusion proof (trail_prove: read, build, self-check)  %.3f ms CPU, %.3f ms wall mean, %.3f ms worst of %d\n",
           cpu * 1e3, per * 1e3, worst * 1e3, rounds);
    t0 = now_s();
    c0 = cpu_s();
    worst = 0;
    for (int i = 0; i < rounds; i++) {
        seed = seed * 1103515245u + 12345u;
        long m = 1 + (long)(seed % (uint32_t)(n - 1));
        double a = now_s();
        Hash *p;
        size_t len;
        if (trail_consistency_proof(db, m, n, &p, &len, &e) != ST_OK)
            die("consistency", &e);
        free(p);
        double d = now_s() - a;
        worst = d > worst ? d : worst;
    }
    per = (now_s() - t0) / rounds;
    cpu = (cpu_s() - c0) / rounds;
    printf("  consistency proof (m random, n = %ld)  %.3f ms CPU, %.3f ms wall mean, %.3f ms worst of %d\n", n,
           cpu * 1e3, per * 1e3, worst * 1e3, rounds);
    db_close(db);
    remove_db(path, key);
    free(key);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    if (argc > 2 && strcmp(argv[1], "--proofs") == 0)
        return proofs(atol(argv[2]));
    if (argc > 2 && strcmp(argv[1], "--verify-only") == 0) {
        /* verify alone, for profiling it without the baseline's loading */
        Db *db;
        Err e = {0};
        TrailVerifyReport r;
        if (db_open(argv[2], &db, &e) != ST_OK)
            die("open", &e);
        double t0 = cpu_s();
        if (trail_verify(db, &r, &e) != ST_OK)
            die("verify", &e);
        printf("  verify %ld entries  %.3f s CPU\n", (long)r.size, cpu_s() - t0);
        db_close(db);
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "--verify") == 0) {
        Db *db;
        Err e = {0};
        if (db_open(argv[2], &db, &e) != ST_OK)
            die("open", &e);
        verify_cost(db);
        db_close(db);
        return 0;
    }
    long n = argc > 1 ? atol(argv[1]) : 100000;
    const char *keep = argc > 3 && strcmp(argv[2], "--keep") == 0 ? argv[3] : NULL;
    if (n < 3000)
        n = 3000;
    return costs(n, keep);
}
