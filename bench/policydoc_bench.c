/* policydoc_bench: time to read the 三笠市 規程 (140 KB, 165 articles) into its tree, and to check
 * the tree against the guideline model of the built-in pack (`lgsec policy check` does both); the
 * check is also given as a ratio to the parse measured in the same run. Not a test.
 *   usage: policydoc_bench FILE [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_common.h"
#include "core/buf.h"
#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

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
    Pack *pack = NULL;
    PackIssues issues = {0};
    Err pe = {0};
    if (pack_load_embedded(&pack, &issues, &pe) != ST_OK) {
        fprintf(stderr, "pack: %s\n", pe.en);
        return 1;
    }
    pack_issues_free(&issues);
    double best = 1e9, total = 0, cbest = 1e9, ctotal = 0;
    size_t gaps = 0;
    for (int i = 0; i < runs; i++) {
        PolicyDoc *doc = NULL;
        Err e = {0};
        double t0 = now_s();
        if (policydoc_parse(text.data, text.len, &doc, &e) != ST_OK) {
            fprintf(stderr, "parse: %s\n", e.en);
            return 1;
        }
        double t1 = now_s();
        PolicyCheck *c = policy_check(doc, &pack->guideline);
        double t2 = now_s();
        gaps = c->n_partial + c->n_missing + c->n_devs;
        policy_check_free(c);
        policydoc_free(doc);
        double t = (t1 - t0) * 1000, ct = (t2 - t1) * 1000;
        total += t;
        ctotal += ct;
        best = t < best ? t : best;
        cbest = ct < cbest ? ct : cbest;
    }
    printf("policydoc: %zu bytes parsed in %.2f ms on average, %.2f ms at best (%d runs)\n", text.len, total / runs,
           best, runs);
    printf("policy check: %zu elements, %zu findings in %.2f ms on average, %.2f ms at best "
           "(%.2fx the parse); parse + check %.2f ms\n",
           pack->guideline.n_elements, gaps, ctotal / runs, cbest, ctotal / total, (total + ctotal) / runs);
    pack_free(pack);
    buf_free(&text);
    return 0;
}
