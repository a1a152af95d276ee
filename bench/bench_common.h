/* What the benchmarks share: a monotonic clock, stopping on the first error, sorting timings for the
 * median. Header-only: each benchmark is one executable. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
