/* policydiff_bench: the article-aware diff of two versions of the 三笠市 規程 (140 KB, 165 articles):
 * the original against a copy with one article inserted after 第1条 and every later article
 * renumbered (the case where a line diff would call everything changed), and against itself.
 * Reported as a ratio to parsing the document once, measured in the same run. Not a test.
 *   usage: policydiff_bench FILE [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "policydoc/diff.h"
#include "policydoc/policydoc.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* 「第N条」 at a line start (ASCII or full-width digits, extraction spaces allowed, after a Markdown
 * 「- 」): N and the bytes up to 条; 0 when the line does not start an article. */
static int article_number(const char *p, size_t *used)
{
    const char *s = p;
    if (strncmp(s, "- ", 2) == 0)
        s += 2;
    if (strncmp(s, "第", 3) != 0)
        return 0;
    s += 3;
    while (*s == ' ')
        s++;
    int n = 0, digits = 0;
    for (;; digits++) {
        if (*s >= '0' && *s <= '9') {
            n = n * 10 + (*s++ - '0');
        } else if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC && (unsigned char)s[2] >= 0x90 &&
                   (unsigned char)s[2] <= 0x99) {
            n = n * 10 + ((unsigned char)s[2] - 0x90);
            s += 3;
        } else {
            break;
        }
    }
    while (*s == ' ')
        s++;
    if (!digits || strncmp(s, "条", 3) != 0)
        return 0;
    *used = (size_t)(s + 3 - p);
    return n;
}

/* Inserts a new 第2条 and renumbers every later article. */
static char *revised(const char *text)
{
    Buf b = BUF_INIT;
    const char *p = text;
    bool inserted = false;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p), used = 0;
        int n = article_number(p, &used);
        if (n) {
            if (n == 2 && !inserted) {
                buf_puts(&b, "第2条 この規程の運用に必要な事項は、最高情報セキュリティ責任者が別に定める。\n");
                inserted = true;
            }
            buf_printf(&b, "%s第%d条", strncmp(p, "- ", 2) == 0 ? "- " : "", n >= 2 ? n + 1 : n);
            buf_append(&b, p + used, len - used);
        } else {
            buf_append(&b, p, len);
        }
        p += len;
    }
    return buf_take(&b);
}

static PolicyDoc *parse(const char *t)
{
    PolicyDoc *d = NULL;
    Err e = {0};
    if (policydoc_parse(t, strlen(t), &d, &e) != ST_OK) {
        fprintf(stderr, "parse: %s\n", e.en);
        exit(1);
    }
    return d;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: policydiff_bench FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 20;
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
    char *orig = buf_take(&text), *rev = revised(orig);
    PolicyDoc *a = parse(orig), *b = parse(rev);
    double parse_ms = 0, same_ms = 0, rev_ms = 0;
    PdDiff *d = NULL;
    Err e = {0};
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        policydoc_free(parse(orig));
        double t1 = now_ms();
        pd_diff(a, a, &d, &e);
        pd_diff_free(d);
        double t2 = now_ms();
        pd_diff(a, b, &d, &e);
        double t3 = now_ms();
        if (i == 0)
            printf("policydiff: renumbered copy → moved %zu, changed %zu, added %zu, removed %zu, unchanged %zu\n",
                   d->moved, d->changed, d->added, d->removed, d->unchanged);
        pd_diff_free(d);
        parse_ms += t1 - t0;
        same_ms += t2 - t1;
        rev_ms += t3 - t2;
    }
    printf("policydiff: parse %.2f ms; diff identical %.2f ms (%.2fx parse); diff renumbered %.2f ms (%.2fx parse); %d runs\n",
           parse_ms / runs, same_ms / runs, same_ms / parse_ms, rev_ms / runs, rev_ms / parse_ms, runs);
    policydoc_free(a);
    policydoc_free(b);
    free(orig);
    free(rev);
    return 0;
}
