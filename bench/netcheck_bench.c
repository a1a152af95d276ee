/* netcheck: a generated 20,000-rule nftables ruleset (JSON, as `nft -j list ruleset` writes it) parsed
 * and reduced to the set it forwards between two interfaces, with hygiene; and shadowed-rule analysis
 * of 10,000 iptables rules. Time and peak memory, with the ratio to the baseline measured in the same
 * run: `nft -c -f` of the same ruleset in nft syntax (the kernel's own parse and check, in a private
 * namespace). Times are CPU seconds (the process's own, the baseline's children's). usage: netcheck_bench [RULES] [SHADOW_RULES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "netcheck/eval.h"
#include "netcheck/parse.h"

#include "bench_common.h"

/* CPU seconds of this process: the machine is shared, wall time says more about the neighbours. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double children_cpu(void)
{
    struct rusage r;
    getrusage(RUSAGE_CHILDREN, &r);
    return (double)r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + (double)r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static long peak_rss_mib(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_maxrss / 1024;
}

/* A municipal-looking rule: a /24 or host of one of 40 sites to a server network on one of 12 ports. */
static void rule_fields(unsigned i, unsigned *src, int *slen, unsigned *dst, int *dlen, int *port, bool *tcp,
                        bool *accept, const char **iif)
{
    unsigned r = i * 2654435761u;
    *src = (10u << 24) | ((r >> 8) % 40) << 16 | ((r >> 16) % 250) << 8;
    *slen = r % 3 ? 24 : 32;
    if (*slen == 32)
        *src |= 1 + (r >> 24) % 250;
    *dst = (172u << 24) | (16u << 16) | ((r >> 4) % 64) << 8 | (1 + (r >> 12) % 200);
    *dlen = 32;
    static const int ports[] = {22, 25, 53, 80, 110, 143, 389, 443, 445, 1433, 3389, 8080};
    *port = ports[(r >> 20) % 12];
    *tcp = (r >> 3) % 5 != 0;
    *accept = (r >> 7) % 4 != 0;
    static const char *ifs[] = {"lan0", "lan1", "lan2", "lan3"};
    *iif = ifs[(r >> 27) % 4];
}

static void generate(unsigned n, Buf *json, Buf *text)
{
    buf_puts(json, "{\"nftables\": [{\"metainfo\": {\"json_schema_version\": 1}},\n"
                   "{\"table\": {\"family\": \"inet\", \"name\": \"b\", \"handle\": 1}},\n"
                   "{\"chain\": {\"family\": \"inet\", \"table\": \"b\", \"name\": \"fw\", \"handle\": 1, "
                   "\"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}");
    for (unsigned i = 0; i < n; i++) {
        unsigned src, dst;
        int slen, dlen, port;
        bool tcp, accept;
        const char *iif;
        rule_fields(i, &src, &slen, &dst, &dlen, &port, &tcp, &accept, &iif);
        char s[20], d[20];
        snprintf(s, sizeof s, "%u.%u.%u.%u", src >> 24, (src >> 16) & 255, (src >> 8) & 255, src & 255);
        snprintf(d, sizeof d, "%u.%u.%u.%u", dst >> 24, (dst >> 16) & 255, (dst >> 8) & 255, dst & 255);
        buf_printf(json,
                   ",\n{\"rule\": {\"family\": \"inet\", \"table\": \"b\", \"chain\": \"fw\", \"handle\": %u, \"expr\": ["
                   "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"%s\"}},"
                   "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, "
                   "\"right\": {\"prefix\": {\"addr\": \"%s\", \"len\": %d}}}},"
                   "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"daddr\"}}, \"right\": \"%s\"}},"
                   "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"%s\", \"field\": \"dport\"}}, \"right\": %d}},"
                   "{\"%s\": null}]}}",
                   i + 2, iif, s, slen, d, tcp ? "tcp" : "udp", port, accept ? "accept" : "drop");
        buf_printf(text, "  iifname \"%s\" ip saddr %s/%d ip daddr %s %s dport %d %s\n", iif, s, slen, d,
                   tcp ? "tcp" : "udp", port, accept ? "accept" : "drop");
    }
    buf_puts(json, "\n]}\n");
}

/* The kernel baseline: `nft -c -f` in a private namespace, in batches of 250 rules (a user namespace's
 * netlink buffer refuses the whole ruleset in one message); -1 when it cannot run here. text holds one
 * rule per line. */
static double nft_check_seconds(const char *text)
{
    double total = 0;
    const char *p = text;
    while (*p) {
        Buf chunk = BUF_INIT;
        buf_puts(&chunk, "table inet b {\n chain fw {\n  type filter hook forward priority 0; policy drop;\n");
        for (int i = 0; i < 250 && *p; i++) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
            buf_append(&chunk, p, len);
            p += len;
        }
        buf_puts(&chunk, " }\n}\n");
        char path[BENCH_PATH_MAX];
        bench_tmp_template(path, sizeof path, "netcheck-bench");
        int fd = mkstemp(path);
        if (fd < 0 || write(fd, chunk.data, chunk.len) != (ssize_t)chunk.len)
            return -1;
        close(fd);
        char cmd[BENCH_PATH_MAX + 128];
        snprintf(cmd, sizeof cmd, "unshare -rn nft -c -f '%s' >/dev/null 2>%s", path,
                 getenv("NETCHECK_BENCH_DEBUG") ? "/dev/stderr" : "/dev/null");
        double t0 = children_cpu();
        int rc = system(cmd);
        total += children_cpu() - t0;
        unlink(path);
        buf_free(&chunk);
        if (rc != 0)
            return -1;
    }
    return total;
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 20000, ns = argc > 2 ? (unsigned)atoi(argv[2]) : 10000;
    Buf json = BUF_INIT, text = BUF_INIT;
    generate(n, &json, &text);
    double base = nft_check_seconds(text.data);

    double t0 = now();
    NcRuleset *rs = NULL;
    Err e = {0};
    if (nc_parse("bench.json", json.data, json.len, NC_FMT_NFT_JSON, &rs, &e) != ST_OK) {
        fprintf(stderr, "%s\n", e.en);
        return 1;
    }
    double t_parse = now() - t0;
    NcAnalysis *a = nc_analysis_new(rs, &e);
    double t_rules = now() - t0;
    PSet p = nc_permitted(a, "lan0", "wan0");
    double t_perm = now() - t0;
    size_t nf;
    NcFinding *f = nc_hygiene(a, &nf);
    double t_all = now() - t0;
    printf("nft JSON, %u rules (%zu KiB): parse %.2f s, rule sets %.2f s, forwarded set lan0→wan0 %.2f s, "
           "hygiene %.2f s (%zu findings); total %.2f s, peak memory %ld MiB, %d BDD nodes\n",
           n, json.len / 1024, t_parse, t_rules - t_parse, t_perm - t_rules, t_all - t_perm, nf, t_all,
           peak_rss_mib(), nc_space_nodes());
    if (base > 0)
        printf("  baseline nft -c -f of the same rules (batches of 250): %.2f s; netcheck / nft = %.2f\n", base, t_all / base);
    else
        printf("  baseline nft -c -f: not available here (needs nft and unshare -rn)\n");
    free(f);
    ps_free(p);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    /* shadowed-rule analysis: iptables rules, every tenth a copy of an earlier one (redundant) */
    Buf ipt = BUF_INIT;
    buf_puts(&ipt, "*filter\n:FORWARD DROP [0:0]\n");
    for (unsigned i = 0; i < ns; i++) {
        unsigned src, dst;
        int slen, dlen, port;
        bool tcp, accept;
        const char *iif;
        rule_fields(i % 10 == 9 ? i / 2 : i, &src, &slen, &dst, &dlen, &port, &tcp, &accept, &iif);
        buf_printf(&ipt, "-A FORWARD -s %u.%u.%u.%u/%d -d %u.%u.%u.%u -p %s --dport %d -j %s\n", src >> 24,
                   (src >> 16) & 255, (src >> 8) & 255, src & 255, slen, dst >> 24, (dst >> 16) & 255,
                   (dst >> 8) & 255, dst & 255, tcp ? "tcp" : "udp", port, accept ? "ACCEPT" : "DROP");
    }
    buf_puts(&ipt, "COMMIT\n");
    t0 = now();
    if (nc_parse("shadow.rules", ipt.data, ipt.len, NC_FMT_IPTABLES, &rs, &e) != ST_OK) {
        fprintf(stderr, "%s\n", e.en);
        return 1;
    }
    a = nc_analysis_new(rs, &e);
    f = nc_hygiene(a, &nf);
    size_t dead = 0;
    for (size_t i = 0; i < nf; i++)
        dead += f[i].kind == NC_H_REDUNDANT || f[i].kind == NC_H_SHADOWED;
    printf("shadowed-rule analysis, %u iptables rules: %.2f s, %zu shadowed or redundant, peak memory %ld MiB\n", ns,
           now() - t0, dead, peak_rss_mib());
    free(f);
    nc_analysis_free(a);
    nc_ruleset_free(rs);
    buf_free(&ipt);
    buf_free(&json);
    buf_free(&text);
    return 0;
}
