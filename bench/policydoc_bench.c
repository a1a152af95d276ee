/* policydoc_bench: time to read the 三笠市 規程 (140 KB, 165 articles) into its tree, the part of
 * `lgsec policy check` that exists so far. Not a test.
 *   usage: policydoc_bench FILE [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/buf.h"
#include "policydoc/policydoc.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: policydoc_bench FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 100;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    Buf text = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&text, chunk, n);
    fclose(f);
    double best = 1e9, total = 0;
    for (int i = 0; i < runs; i++) {
        PolicyDoc *doc = NULL;
        Err e = {0};
        double t0 = now_s();
        if (policydoc_parse(text.data, text.len, &doc, &e) != ST_OK) {
            fprintf(stderr, "parse: %s\n", e.en);
            return 1;
        }
        double t = (now_s() - t0) * 1000;
        policydoc_free(doc);
        total += t;
        best = t < best ? t : best;
    }
    printf("policydoc: %zu bytes parsed in %.2f ms on average, %.2f ms at best (%d runs)\n", text.len, total / runs,
           best, runs);
    buf_free(&text);
    return 0;
}
