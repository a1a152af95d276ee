/* What the benchmarks share: a monotonic clock, stopping on the first error, sorting timings for the
 * median, scratch files under $TMPDIR. Header-only: each benchmark is one executable. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A benchmark has no recovery: the first failure ends it with its code. */
static inline void check(Status s, const Err *e, const char *what)
{
    if (s != ST_OK) {
        fprintf(stderr, "%s: %s %s\n", what, e->code, e->en);
        exit(1);
    }
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Room for a scratch path and the names derived from it ("-wal", "-shm", ".evidence", a key file). */
#define BENCH_PATH_MAX 4096

/* The template "$TMPDIR/<prefix>-XXXXXX" for mkstemp/mkdtemp: $TMPDIR when set and not empty (as
 * mktemp(1), node's os.tmpdir() and the other benchmarks' scripts honour it), else /tmp. Ends the
 * benchmark if it does not fit, rather than create a truncated name somewhere else. */
static inline void bench_tmp_template(char *out, size_t cap, const char *prefix)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int n = snprintf(out, cap, "%s/%s-XXXXXX", dir, prefix);
    if (n < 0 || (size_t)n >= cap) {
        fprintf(stderr, "scratch path too long under TMPDIR=%s\n", dir);
        exit(1);
    }
}

/* A new empty scratch file "$TMPDIR/<prefix>-XXXXXX" (a database to open); its name in out. */
static inline void bench_tmp_file(char *out, size_t cap, const char *prefix)
{
    bench_tmp_template(out, cap, prefix);
    int fd = mkstemp(out);
    if (fd < 0) {
        perror(out);
        exit(1);
    }
    close(fd);
}
