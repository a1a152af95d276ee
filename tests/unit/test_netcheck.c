/* netcheck engine: the IR, the BDD encoding, chain reduction, traces and hygiene, checked against
 * hand-computed expectations on one firewall written as iptables-save and as nft JSON, and against
 * the concrete matcher on random packets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/xmalloc.h"
#include "netcheck/check.h"
#include "netcheck/eval.h"
#include "netcheck/nat.h"
#include "netcheck/parse.h"

static char *slurp(const char *name, size_t *n)
{
    char *path = xasprintf("%s/netcheck/%s", DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    free(path);
    *n = b.len;
    return buf_take(&b);
}

static NcRuleset *load(const char *name)
{
    size_t n;
    char *text = slurp(name, &n);
    NcRuleset *rs = NULL;
    Err e = {0};
    Status st = nc_parse(name, text, n, NC_FMT_AUTO, &rs, &e);
    if (st != ST_OK)
        fail_msg("%s: %s", e.code, e.en);
    free(text);
    return rs;
}

static Status parse_text(const char *text, NcFormat fmt, Err *e)
{
    NcRuleset *rs = NULL;
    Status st = nc_parse("t.conf", text, strlen(text), fmt, &rs, e);
    if (st == ST_OK) {
        NcAnalysis *a = nc_analysis_new(rs, e);
        st = a ? ST_OK : e->status;
        nc_analysis_free(a);
    }
    nc_ruleset_free(rs);
    return st;
}

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
    return (a << 24) | (b << 16) | (c << 8) | d;
}

/* The packets eth0 → eth1 forwards, computed by hand from the rules:
 *  A: tcp to 203.0.113.10 ports 80 and 443 from any source outside 10.2.9.0/24 (LGWAN_OUT);
 *  B: ICMP echo-request (type 8, any code) from 10.2.9.0/24 (returned by LGWAN_OUT, accepted in FORWARD).
 * Every other packet is dropped (LGWAN_OUT's last rule, or the policy). */
static double expected_out_count(void)
{
    double a = 1.0 * 1 * 2 * (4294967296.0 - 256) * 65536;
    double b = 256.0 * 4294967296.0 * 65536;
    return a + b;
}

static void check_lgwan_fw(NcRuleset *rs)
{
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    PSet out = nc_permitted(a, "eth0", "eth1");
    assert_true(ps_count(out) == expected_out_count());

    NcPacket web = {ip(10, 2, 3, 4), ip(203, 0, 113, 10), 6, 40000, 443};
    assert_true(ps_contains(out, &web));
    NcTrace t;
    nc_trace(rs, &web, "eth0", "eth1", &t);
    assert_true(t.accepted);
    assert_int_equal(t.n, 2); /* the jump in FORWARD, then the accept in the user chain */

    NcPacket web_from_returned = {ip(10, 2, 9, 4), ip(203, 0, 113, 10), 6, 40000, 443};
    assert_false(ps_contains(out, &web_from_returned));
    nc_trace(rs, &web_from_returned, "eth0", "eth1", &t);
    assert_false(t.accepted);
    assert_int_equal(t.steps[t.n - 1].rule, -1); /* the FORWARD policy */

    NcPacket ping = {ip(10, 2, 9, 7), ip(8, 8, 8, 8), 1, 8, 0};
    assert_true(ps_contains(out, &ping));
    ping.src = ip(10, 2, 3, 7);
    assert_false(ps_contains(out, &ping));

    NcPacket witness;
    assert_true(ps_witness(out, &witness));
    assert_true(ps_contains(out, &witness));
    nc_trace(rs, &witness, "eth0", "eth1", &t);
    assert_true(t.accepted);

    /* the reverse direction: only SMTP to 10.2.0.25, and pings from anywhere */
    PSet in = nc_permitted(a, "eth1", "eth0");
    NcPacket smtp = {ip(198, 51, 100, 1), ip(10, 2, 0, 25), 6, 5555, 25};
    assert_true(ps_contains(in, &smtp));
    smtp.dst = ip(10, 2, 0, 26);
    assert_false(ps_contains(in, &smtp));
    double smtp_count = 4294967296.0 * 65536;          /* any source address and port */
    double ping_count = 4294967296.0 * 4294967296.0 * 65536; /* any addresses, any code */
    assert_true(ps_count(in) == smtp_count + ping_count);

    /* the engine and the concrete matcher agree on random packets near the rules' values */
    static const uint32_t addrs[] = {0x0a020019, 0x0a02001a, 0x0a020904, 0x0a0203ff, 0xcb00710a, 0xcb00710b, 0x08080808};
    static const uint16_t ports[] = {0, 8, 22, 25, 80, 443, 444, 65535};
    static const uint8_t protos[] = {1, 6, 17, 47};
    static const char *ifs[] = {"eth0", "eth1", "eth2"};
    srand(17);
    for (int k = 0; k < 3000; k++) {
        NcPacket p = {addrs[rand() % 7], addrs[rand() % 7], protos[rand() % 4], ports[rand() % 8], ports[rand() % 8]};
        const char *i1 = ifs[rand() % 3], *o1 = ifs[rand() % 3];
        PSet s = nc_permitted(a, i1, o1);
        nc_trace(rs, &p, i1, o1, &t);
        assert_int_equal(ps_contains(s, &p), t.accepted);
        ps_free(s);
    }
    ps_free(out);
    ps_free(in);
    nc_analysis_free(a);
}

static void test_iptables_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("lgwan-fw.iptables");
    assert_string_equal(rs->vendor, "iptables");
    assert_int_equal(rs->n_notes, 0);
    /* the nat table: MASQUERADE out of eth1, a source NAT rule (any source address: the interface's
     * address is not in the configuration) */
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 0);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 1);
    assert_int_equal(rs->nat[NC_NAT_POST][0].kind, NC_NAT_MASQUERADE);
    assert_int_equal(rs->nat[NC_NAT_POST][0].match.line, 7);
    assert_string_equal(rs->nat[NC_NAT_POST][0].match.out.name, "eth1");
    check_lgwan_fw(rs);

    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    size_t n;
    NcFinding *f = nc_hygiene(a, &n);
    /* never: ! -s 0.0.0.0/0 (line 22); redundant: dport 80 after the multiport accept (line 26);
     * shadowed: the 443 reject (line 27); any-any: OUTPUT -j ACCEPT (line 29) */
    int never = 0, redundant = 0, shadowed = 0, anyany = 0;
    for (size_t i = 0; i < n; i++) {
        int line = rs->chains[f[i].chain].rules[f[i].rule].line;
        switch (f[i].kind) {
        case NC_H_NEVER: assert_int_equal(line, 22); never++; break;
        case NC_H_REDUNDANT:
            assert_int_equal(line, 26);
            assert_int_equal(rs->chains[f[i].chain].rules[f[i].by[0]].line, 25);
            redundant++;
            break;
        case NC_H_SHADOWED: assert_int_equal(line, 27); shadowed++; break;
        case NC_H_ANY_ANY: assert_int_equal(line, 29); anyany++; break;
        }
    }
    assert_int_equal(never + redundant + shadowed + anyany, 4);
    assert_int_equal(never * redundant * shadowed * anyany, 1);
    free(f);
    NcStep s = {nc_chain_find(rs, "LGWAN_OUT"), 1};
    char *d = nc_step_describe(rs, &s);
    assert_string_equal(d, "lgwan-fw.iptables:25: -A LGWAN_OUT -d 203.0.113.10/32 -p tcp -m multiport --dports 80,443 -j ACCEPT");
    free(d);
    nc_analysis_free(a);
    nc_ruleset_free(rs);
}

static void test_nft_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("lgwan-fw.nft.json");
    assert_string_equal(rs->vendor, "nftables");
    check_lgwan_fw(rs);
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    size_t n;
    NcFinding *f = nc_hygiene(a, &n);
    assert_int_equal(n, 1); /* handle 12: the 443 reject behind the @web_ports accept */
    assert_int_equal(f[0].kind, NC_H_SHADOWED);
    assert_int_equal(rs->chains[f[0].chain].rules[f[0].rule].line, 12);
    free(f);
    nc_analysis_free(a);
    nc_ruleset_free(rs);
}

static void test_ranges(void **state)
{
    (void)state;
    nc_space_init();
    /* a port range has exactly hi - lo + 1 values of the 16-bit field */
    uint32_t cases[][2] = {{0, 0}, {1, 1}, {22, 25}, {1024, 65535}, {0, 65535}, {80, 80}, {5, 60000}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        PSet r = ps_range(F_DPORT, cases[i][0], cases[i][1]);
        double expect = (cases[i][1] - cases[i][0] + 1) * (ps_count(ps_all()) / 65536);
        assert_true(ps_count(r) == expect);
        ps_free(r);
    }
    uint32_t a;
    int len;
    assert_true(nc_parse_ipv4("10.1.2.3/255.255.0.0", 20, &a, &len));
    assert_int_equal(a, ip(10, 1, 0, 0));
    assert_int_equal(len, 16);
    assert_false(nc_parse_ipv4("10.1.2.3/255.0.255.0", 20, &a, &len));
    assert_false(nc_parse_ipv4("10.1.2.256", 10, &a, &len));
    assert_false(nc_parse_ipv4("10.1.2", 6, &a, &len));
    assert_false(nc_parse_ipv4("10.1.2.3/33", 11, &a, &len));
}

/* Every class of bad input: a clear error with its code and the line, nothing returned. */
static void test_bad_input(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *code;
        const char *where;
    } cases[] = {
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m recent --rcheck -j ACCEPT\nCOMMIT\n", "netcheck_unsupported",
         "t.conf:3:"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m set --match-set blocked src -j DROP\nCOMMIT\n",
         "netcheck_unknown_set", "blocked"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -s 10.0.0.300 -j ACCEPT\nCOMMIT\n", "netcheck_unsupported",
         "t.conf:3:"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -j ACCEPT\n", "netcheck_syntax", "COMMIT"},
        {"*filter\n:FORWARD DROP [0:0]\n-A NOPE -j ACCEPT\nCOMMIT\n", "netcheck_unknown_chain", "t.conf:3:"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -j NOPE\nCOMMIT\n", "netcheck_unsupported", "NOPE"},
        {"*filter\n:FORWARD DROP [0:0]\n:A - [0:0]\n:B - [0:0]\n-A FORWARD -j A\n-A A -j B\n-A B -j A\nCOMMIT\n",
         "netcheck_chain_loop", "A"},
        {"*filter\n:INPUT DROP [0:0]\nCOMMIT\n", "netcheck_no_forward", "t.conf"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD --dport 22 -j ACCEPT\nCOMMIT\n", "netcheck_unsupported", "--dport"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp -m multiport --ports 22 -j ACCEPT\nCOMMIT\n",
         "netcheck_unsupported", "--ports"},
        {"*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m comment --comment \"open -j ACCEPT\nCOMMIT\n", "netcheck_syntax",
         "t.conf:3:"},
        {"*filter\n:FORWARD MAYBE [0:0]\nCOMMIT\n", "netcheck_unsupported", "MAYBE"},
        {"-A FORWARD -j ACCEPT\n", "netcheck_format_unknown", "t.conf"},
        {"{\"nftables\": [", "netcheck_syntax", "JSON"},
        {"{\"nft\": []}", "netcheck_syntax", "nftables"},
        {"{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"f\", \"handle\": 1, "
         "\"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, {\"rule\": {\"family\": "
         "\"ip\", \"table\": \"t\", \"chain\": \"f\", \"handle\": 2, \"expr\": [{\"match\": {\"op\": \"==\", "
         "\"left\": {\"meta\": {\"key\": \"mark\"}}, \"right\": 1}}, {\"accept\": null}]}}]}",
         "netcheck_unsupported", "handle 2"},
        {"{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"f\", \"handle\": 1, "
         "\"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, {\"rule\": {\"family\": "
         "\"ip\", \"table\": \"t\", \"chain\": \"f\", \"handle\": 2, \"expr\": [{\"match\": {\"op\": \"==\", "
         "\"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"@nope\"}}, {\"accept\": null}]}}]}",
         "netcheck_unknown_set", "nope"},
        {"{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"f\", \"handle\": 1, "
         "\"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, {\"rule\": {\"family\": "
         "\"ip\", \"table\": \"t\", \"chain\": \"f\", \"handle\": 2, \"expr\": [{\"limit\": {\"rate\": 10, \"per\": "
         "\"second\"}}, {\"accept\": null}]}}]}",
         "netcheck_unsupported", "limit"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Err e = {0};
        NcFormat fmt = cases[i].text[0] == '{' ? NC_FMT_NFT_JSON : NC_FMT_AUTO;
        Status st = parse_text(cases[i].text, fmt, &e);
        if (st == ST_OK || strcmp(e.code, cases[i].code) != 0 || !strstr(e.en, cases[i].where) || !e.ja[0])
            fail_msg("case %zu: got %d %s: %s", i, st, e.code, e.en);
    }
}

static void test_rule_limit(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_puts(&b, "*filter\n:FORWARD DROP [0:0]\n");
    for (int i = 0; i <= NC_MAX_RULES; i++)
        buf_puts(&b, "-A FORWARD -j ACCEPT\n");
    buf_puts(&b, "COMMIT\n");
    NcRuleset *rs = NULL;
    Err e = {0};
    assert_int_equal(nc_parse("big", b.data, b.len, NC_FMT_IPTABLES, &rs, &e), ST_INVALID);
    assert_string_equal(e.code, "netcheck_too_many_rules");
    assert_null(rs);
    buf_free(&b);
}


static NcMatrix *pack_matrix(void)
{
    const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
    assert_non_null(f);
    NcMatrix *m = NULL;
    Err e = {0};
    if (nc_matrix_load("netcheck.yaml", (const char *)f->data, f->len, &m, &e) != ST_OK)
        fail_msg("%s", e.en);
    assert_int_equal(m->n_models, 4);
    return m;
}

static NcTopology *site(const NcMatrix *m)
{
    size_t n;
    char *text = slurp("site.yaml", &n);
    NcTopology *t = NULL;
    Err e = {0};
    if (nc_topology_load("site.yaml", text, n, m, &t, &e) != ST_OK)
        fail_msg("%s", e.en);
    free(text);
    for (size_t i = 0; i < t->n_devices; i++) {
        t->devices[i].rs = load(t->devices[i].config);
        t->devices[i].an = nc_analysis_new(t->devices[i].rs, &e);
        assert_non_null(t->devices[i].an);
    }
    return t;
}

/* The site of site.yaml (model β) has four forbidden paths, computed by hand from the rules:
 *  マイナンバー → インターネット: any ICMP leaves fw-mynumber (handle 4), fw-lgwan forwards echo-request
 *    (line 21): 65536 sources × 65792 destinations × type 8 × 65536 codes;
 *  マイナンバー → LGWAN: the same pings into 10.2.0.0/16;
 *  インターネット → LGWAN: echo-request straight through fw-lgwan;
 *  LGWAN → インターネット: tcp to 203.0.113.10 ports 80/443 from LGWAN outside 10.2.9.0/24, less the
 *    screen-transfer relay 10.2.0.80 on 443, plus echo-request from 10.2.9.0/24 (returned by LGWAN_OUT). */
static void test_zone_check(void **state)
{
    (void)state;
    NcMatrix *m = pack_matrix();
    NcTopology *t = site(m);
    size_t n;
    bool truncated;
    NcViolation *v = nc_check_zones(t, m, &n, &truncated);
    assert_false(truncated);
    assert_int_equal(n, 4);
    double internet = 65536.0 + 256, codes = 65536.0;
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        const char *from = t->zones[v[i].from_zone].id, *to = t->zones[v[i].to_zone].id;
        if (!strcmp(from, "mynumber") && !strcmp(to, "internet")) {
            assert_true(v[i].packets == 65536.0 * internet * codes);
            assert_int_equal(v[i].n_hops, 2);
            assert_string_equal(t->devices[v[i].hops[0].device].name, "fw-mynumber");
            assert_int_equal(v[i].hops[0].trace.steps[0].rule, 2); /* handle 4, the third rule */
            assert_string_equal(v[i].rule->article, "第24条(1)");
            seen |= 1;
        } else if (!strcmp(from, "mynumber") && !strcmp(to, "lgwan")) {
            assert_true(v[i].packets == 65536.0 * 65536 * codes);
            seen |= 2;
        } else if (!strcmp(from, "internet") && !strcmp(to, "lgwan")) {
            assert_true(v[i].packets == internet * 65536 * codes);
            assert_int_equal(v[i].n_hops, 1);
            seen |= 4;
        } else if (!strcmp(from, "lgwan") && !strcmp(to, "internet")) {
            double tcp = (65280.0 + 65279.0) * 65536, ping = 256.0 * internet * codes;
            assert_true(v[i].packets == tcp + ping);
            assert_int_equal(v[i].witness.proto, 6);
            assert_int_equal(v[i].witness.dst, ip(203, 0, 113, 10));
            assert_string_equal(v[i].rule->article, "第25条");
            NcTrace *tr = &v[i].hops[0].trace;
            assert_int_equal(tr->n, 2);
            assert_int_equal(t->devices[v[i].hops[0].device].rs->chains[tr->steps[1].chain].rules[tr->steps[1].rule].line, 25);
            seen |= 8;
        } else
            fail_msg("unexpected violation %s → %s", from, to);
    }
    assert_int_equal(seen, 15);
    free(v);
    nc_topology_free(t);
    nc_matrix_free(m);
}

/* A change that opens RDP from the internet side to one LGWAN host: exactly that, on eth1 → eth0. */
static void test_diff(void **state)
{
    (void)state;
    size_t n;
    char *text = slurp("lgwan-fw.iptables", &n);
    const char *anchor = "-A FORWARD -j LOG";
    char *at = strstr(text, anchor);
    assert_non_null(at);
    Buf b = BUF_INIT;
    buf_append(&b, text, (size_t)(at - text));
    buf_puts(&b, "-A FORWARD -i eth1 -o eth0 -d 10.2.0.40/32 -p tcp -m tcp --dport 3389 -j ACCEPT\n");
    buf_puts(&b, at);
    NcRuleset *before = load("lgwan-fw.iptables"), *after = NULL;
    Err e = {0};
    assert_int_equal(nc_parse("after.rules", b.data, b.len, NC_FMT_AUTO, &after, &e), ST_OK);
    NcAnalysis *ab = nc_analysis_new(before, &e), *aa = nc_analysis_new(after, &e);
    size_t k;
    NcDiffItem *d = nc_diff(ab, aa, &k);
    assert_int_equal(k, 1);
    assert_true(d[0].opened);
    assert_string_equal(d[0].in, "eth1");
    assert_string_equal(d[0].out, "eth0");
    assert_int_equal(d[0].witness.dport, 3389);
    assert_int_equal(d[0].witness.dst, ip(10, 2, 0, 40));
    assert_true(d[0].packets == 4294967296.0 * 65536);
    assert_int_equal(after->chains[d[0].trace.steps[0].chain].rules[d[0].trace.steps[0].rule].line, 23);
    free(d);
    /* and the reverse comparison reports it as closed */
    d = nc_diff(aa, ab, &k);
    assert_int_equal(k, 1);
    assert_false(d[0].opened);
    free(d);
    nc_analysis_free(ab);
    nc_analysis_free(aa);
    nc_ruleset_free(before);
    nc_ruleset_free(after);
    buf_free(&b);
    free(text);
}

static void test_bad_topology(void **state)
{
    (void)state;
    NcMatrix *m = pack_matrix();
    static const struct {
        const char *text;
        const char *where;
    } cases[] = {
        {"model: gamma\nzones: {lgwan: [10.0.0.0/8]}\ndevices: []\n", "gamma"},
        {"model: beta\nzones: {lgwan: [10.0.0.0/8]}\ncolour: red\ndevices: []\n", ":3:"},
        {"model: beta\nzones: {dmz: [10.0.0.0/8]}\n", "dmz"},
        {"model: beta\nzones: {lgwan: [10.0.0.300/8]}\n", "10.0.0.300"},
        {"model: beta\nzones: {lgwan: [10.0.0.0/8]}\ndevices:\n  - {name: a, config: a.rules, interfaces: {eth0: internet}}\n",
         "internet"},
        {"model: beta\nzones: {lgwan: [10.0.0.0/8]}\ndevices:\n  - {name: a, config: a.rules, interfaces: {eth0: {to: b.eth0}}}\n",
         "b.eth0"},
        {"model: beta\nzones: {lgwan: [10.0.0.0/8]}\nrelays:\n  - {kind: mail, addresses: [10.0.0.1], services: [smtp/25]}\n"
         "devices:\n  - {name: a, config: a.rules, interfaces: {eth0: lgwan}}\n",
         "smtp/25"},
        {"model: beta\nzones: {lgwan: [10.0.0.0/8]}\ndevices:\n  - {name: a, config: a.rules, interfaces: {eth0: lgwan}}\n"
         "  - {name: a, config: b.rules, interfaces: {eth0: lgwan}}\n",
         "twice"},
        {"model: [beta\n", "YAML"},
        {"", "empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        NcTopology *t = NULL;
        Err e = {0};
        Status st = nc_topology_load("t.yaml", cases[i].text, strlen(cases[i].text), m, &t, &e);
        if (st == ST_OK || strcmp(e.code, "netcheck_topology") != 0 || !strstr(e.en, cases[i].where) || !e.ja[0])
            fail_msg("case %zu: %d %s: %s", i, st, e.code, e.en);
        assert_null(t);
    }
    /* a matrix naming a zone it does not declare */
    NcMatrix *bad = NULL;
    Err e = {0};
    const char *mx = "zones: {a: {ja: A}}\nmodels:\n  x:\n    flows:\n      - {from: a, to: b, allow: none, article: 第1条}\n";
    assert_int_equal(nc_matrix_load("m.yaml", mx, strlen(mx), &bad, &e), ST_INVALID);
    assert_string_equal(e.code, "netcheck_topology");
    assert_non_null(strstr(e.en, "m.yaml:5:"));
    nc_matrix_free(m);
}

/* YAMAHA RTX: the forwarded sets of boundary.rtx, by hand (dynamic filters read ahead of the static):
 *  lan1 → lan2: www (tcp 80, 443) from 10.2.0.0/16 and domain (udp 53) from anywhere (dynamic 100, 101),
 *               and smtp from 10.2.0.25 to 10.3.0.25 (1020); the rest meets 1099 reject;
 *  lan2 → lan1: https from 10.3.0.0/16 to 10.2.0.80 (2010) and ICMP errors, types 3–5 (2020);
 *  pp1 → lan1:  every source outside 10.0.0.0/8 (3010, 3099). */
static void test_rtx_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("boundary.rtx");
    assert_string_equal(rs->vendor, "yamaha-rtx");
    assert_int_equal(rs->n_notes, 1); /* ip filter source-route (the NAT descriptor is translation now) */
    assert_int_equal(rs->n_nat[NC_NAT_POST], 1); /* masquerade out of pp1 onto the line's own address */
    assert_int_equal(rs->nat[NC_NAT_POST][0].kind, NC_NAT_MASQUERADE);
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    double two32 = 4294967296.0, two16 = 65536.0;
    PSet p = nc_permitted(a, "lan1", "lan2");
    assert_true(ps_count(p) == 2 * two16 * two32 * two16 + two32 * two32 * two16 + two16);
    NcPacket smtp = {ip(10, 2, 0, 25), ip(10, 3, 0, 25), 6, 3000, 25};
    assert_true(ps_contains(p, &smtp));
    NcTrace t;
    nc_trace(rs, &smtp, "lan1", "lan2", &t);
    assert_true(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 15);
    NcPacket rpc = {ip(10, 2, 0, 9), ip(10, 3, 0, 25), 17, 3000, 135};
    nc_trace(rs, &rpc, "lan1", "lan2", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 14);
    ps_free(p);
    p = nc_permitted(a, "lan2", "lan1");
    assert_true(ps_count(p) == two16 * two16 + 3 * two32 * two32 * two16);
    NcPacket ssh = {ip(10, 3, 0, 7), ip(10, 2, 0, 80), 6, 3000, 22};
    nc_trace(rs, &ssh, "lan2", "lan1", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 19);
    ps_free(p);
    p = nc_permitted(a, "pp1", "lan1");
    assert_true(ps_count(p) == (two32 - 16777216.0) * 256 * two32 * two16 * two16);
    ps_free(p);
    /* no list bound on lan3: everything from lan3 to lan2 passes */
    p = nc_permitted(a, "lan3", "lan2");
    assert_true(ps_equal(p, ps_all()));
    ps_free(p);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"ip lan1 secure filter in 1 2\nip filter 1 pass * * * * *\n", "netcheck_unknown_chain", "2"},
        {"ip filter 1 allow * * * * *\nip lan1 secure filter in 1\n", "netcheck_unsupported", "allow"},
        {"ip filter 1 pass * * icmp * 80\nip lan1 secure filter in 1\n", "netcheck_unsupported", "t.conf:1:"},
        {"ip filter 1 pass * * * * 80\nip lan1 secure filter in 1\n", "netcheck_unsupported", "t.conf:1:"},
        {"ip filter 1 pass host.example.jp * * * *\nip lan1 secure filter in 1\n", "netcheck_unsupported", "host.example.jp"},
        {"ip filter 1 pass * * * * *\nip filter 1 reject * * * * *\n", "netcheck_syntax", "t.conf:2:"},
        {"ip filter 1 pass * * * * *\nip pp secure filter in 1\n", "netcheck_syntax", "t.conf:2:"},
        {"ip filter dynamic 5 * * filter 10 in 11\nip filter 1 pass * * * * *\nip lan1 secure filter out 1 dynamic 5\n",
         "netcheck_unsupported", "filter"},
        {"ip filter set 1 in 1 2\n", "netcheck_unsupported", "ip filter set"},
        {"ip filter 7 pass * * tcp * nosuchport\n", "netcheck_unsupported", "nosuchport"}, /* unbound, still read */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_RTX, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("rtx case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

/* Cisco IOS object groups (og-rtr.ios) by hand. The network group is 15 addresses (.237, .238, the /29
 * .224–.231, .240–.243 and the nested .250); the service group is six services: icmp echo (type 8, any
 * code: 2^16), tcp/25 (2^16 source ports), tcp 2000 → 21 (1), tcp and udp 2000–2005 (6 × 2^16 each) and
 * the nested tcp/443 (2^16): 983,041 packets per address pair, 524,289 of them tcp. Entry 10 denies the
 * tcp ones from 10.1.1.1. */
static void test_ios_object_groups(void **state)
{
    (void)state;
    NcRuleset *rs = load("og-rtr.ios");
    int in = nc_chain_find(rs, "in");
    assert_int_equal(rs->chains[in].n, 8); /* entry 10, six services of entry 20, the implicit deny */
    for (int k = 1; k <= 6; k++)
        assert_int_equal(rs->chains[in].rules[k].line, 23);
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    PSet p = nc_permitted(a, "GigabitEthernet0/0", "GigabitEthernet0/1");
    assert_true(ps_count(p) == 4294967296.0 * 15 * 983041.0 - 15 * 524289.0);
    ps_free(p);
    NcTrace t;
    NcPacket ok = {ip(198, 51, 100, 1), ip(209, 165, 200, 241), 6, 40000, 2003};
    nc_trace(rs, &ok, "GigabitEthernet0/0", "GigabitEthernet0/1", &t);
    assert_true(t.accepted);
    assert_int_equal(t.steps[0].rule, 4); /* the tcp-udp range's tcp rule */
    NcPacket nested = {ip(198, 51, 100, 1), ip(209, 165, 200, 250), 6, 40000, 443};
    nc_trace(rs, &nested, "GigabitEthernet0/0", "GigabitEthernet0/1", &t);
    assert_true(t.accepted && t.steps[0].rule == 6);
    NcPacket denied = {ip(10, 1, 1, 1), ip(209, 165, 200, 237), 6, 40000, 25};
    nc_trace(rs, &denied, "GigabitEthernet0/0", "GigabitEthernet0/1", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 22);
    NcPacket outside = {ip(198, 51, 100, 1), ip(209, 165, 200, 236), 6, 40000, 25};
    nc_trace(rs, &outside, "GigabitEthernet0/0", "GigabitEthernet0/1", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 25);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"object-group network g\n 10.0.0.0 255.0.255.0\naccess-list 101 permit ip object-group g any\n", "netcheck_unsupported", "t.conf:2:"},
        {"object-group network a\n group-object b\nobject-group network b\n group-object a\naccess-list 101 permit ip object-group a any\n",
         "netcheck_too_deep", "nests too deep"},
        {"access-list 101 permit object-group web any any\n", "netcheck_unknown_set", "service object group web"},
        {"object-group service s\n tcp eq\naccess-list 101 permit object-group s any any\n", "netcheck_unsupported", "t.conf:2:"},
        {"object-group service s\n tcp eq 80\naccess-list 101 permit object-group s any any eq 80\n", "netcheck_unsupported", "eq"},
        {"object-group security x\n", "netcheck_unsupported", "security"},
        {"object-group network g\n host 10.0.0.1\nobject-group network g\n host 10.0.0.2\n", "netcheck_syntax", "defined twice"},
        {"object-group network e\naccess-list 101 permit ip object-group e any\n", "netcheck_syntax", "has no addresses"},
        {"object-group network g\n host 10.0.0.1\naccess-list 101 permit object-group g any any\n", "netcheck_unknown_set", "service object group g"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_IOS, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("ios og case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

/* Cisco ASA twice NAT (asa-twice.cfg) by hand. Pre stage: line 34 (inside, 10.1.2.0/24 to the DMZ /27:
 * destination identity, untranslated), line 35 forward (inside, 10.1.2.27 to 10.1.2.200 → 198.51.100.7),
 * line 35 reverse (outside, 198.51.100.7 to 209.165.200.227 → 10.1.2.27). Post stage: line 34 (→
 * 209.165.202.129), line 35 forward (→ 209.165.200.227), line 35 reverse (198.51.100.7 → 10.1.2.200),
 * line 37 (10.1.2.0/24 → the PAT pool 209.165.202.129, in section 1 before the after-auto line), line 36
 * after-auto (any address, the interface's). An object NAT onto a pat-pool range with pool options is
 * a rule; with the interface fallback it stays a note. */
static void test_asa_twice_nat(void **state)
{
    (void)state;
    NcRuleset *rs = load("asa-twice.cfg");
    assert_int_equal(rs->n_notes, 0);
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 3);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 5);
    int pre_lines[] = {34, 35, 35}, post_lines[] = {34, 35, 35, 37, 36};
    NcNatKind pre_kinds[] = {NC_NAT_NONE, NC_NAT_DNAT, NC_NAT_DNAT},
              post_kinds[] = {NC_NAT_SNAT, NC_NAT_SNAT, NC_NAT_SNAT, NC_NAT_SNAT, NC_NAT_MASQUERADE};
    for (int i = 0; i < 3; i++)
        assert_true(rs->nat[NC_NAT_PRE][i].match.line == pre_lines[i] && rs->nat[NC_NAT_PRE][i].kind == pre_kinds[i]);
    for (int i = 0; i < 5; i++)
        assert_true(rs->nat[NC_NAT_POST][i].match.line == post_lines[i] && rs->nat[NC_NAT_POST][i].kind == post_kinds[i]);
    /* inside → dmz: PAT to 209.165.202.129, the destination kept */
    NcPacket dmz = {ip(10, 1, 2, 5), ip(209, 165, 201, 9), 6, 40000, 80};
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &dmz, "inside", NULL), 0);
    int k = nc_nat_match(rs, NC_NAT_POST, &dmz, "inside", "dmz");
    assert_int_equal(k, 0);
    NcPacket q = nc_nat_translate(&rs->nat[NC_NAT_POST][k], &dmz);
    assert_true(q.src == ip(209, 165, 202, 129) && q.dst == dmz.dst);
    /* Server1 to the client's inside name: both addresses translated */
    NcPacket s1 = {ip(10, 1, 2, 27), ip(10, 1, 2, 200), 6, 40000, 443};
    k = nc_nat_match(rs, NC_NAT_PRE, &s1, "inside", NULL);
    assert_int_equal(k, 1);
    q = nc_nat_translate(&rs->nat[NC_NAT_PRE][k], &s1);
    assert_int_equal(q.dst, ip(198, 51, 100, 7));
    k = nc_nat_match(rs, NC_NAT_POST, &q, "inside", "outside");
    assert_int_equal(k, 1);
    assert_int_equal(nc_nat_translate(&rs->nat[NC_NAT_POST][k], &q).src, ip(209, 165, 200, 227));
    /* the client to Server1's mapped address: the other way */
    NcPacket c = {ip(198, 51, 100, 7), ip(209, 165, 200, 227), 6, 40000, 22};
    k = nc_nat_match(rs, NC_NAT_PRE, &c, "outside", NULL);
    assert_int_equal(k, 2);
    q = nc_nat_translate(&rs->nat[NC_NAT_PRE][k], &c);
    assert_int_equal(q.dst, ip(10, 1, 2, 27));
    k = nc_nat_match(rs, NC_NAT_POST, &q, "outside", "inside");
    assert_int_equal(k, 2);
    assert_int_equal(nc_nat_translate(&rs->nat[NC_NAT_POST][k], &q).src, ip(10, 1, 2, 200));
    /* someone else to the mapped address: not translated (the rule names the client) */
    NcPacket other = {ip(203, 0, 113, 9), ip(209, 165, 200, 227), 6, 40000, 22};
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &other, "outside", NULL), -1);
    /* the inside network to the outside: the PAT pool (line 37) */
    NcPacket web = {ip(10, 1, 2, 5), ip(8, 8, 8, 8), 17, 5000, 53};
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &web, "inside", NULL), -1);
    k = nc_nat_match(rs, NC_NAT_POST, &web, "inside", "outside");
    assert_int_equal(k, 3);
    q = nc_nat_translate(&rs->nat[NC_NAT_POST][k], &web);
    assert_true(q.src == ip(209, 165, 202, 129) && q.dst == web.dst && q.dport == 53);
    /* any other source inside → outside: the after-auto PAT onto the interface */
    NcPacket lab = {ip(192, 168, 9, 5), ip(8, 8, 8, 8), 17, 5000, 53};
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &lab, "inside", "outside"), 4);
    /* the BDD: from the client to the mapped address (2^16 × 2^16 ports × 2^8 protocols) becomes the same
     * count towards 10.1.2.27 */
    size_t np;
    PSet cs = ps_range(F_SRC, ip(198, 51, 100, 7), ip(198, 51, 100, 7)),
         cd = ps_range(F_DST, ip(209, 165, 200, 227), ip(209, 165, 200, 227)), cl = ps_and(cs, cd);
    ps_free(cs);
    ps_free(cd);
    NcNatPart *parts = nc_nat_split(rs, NC_NAT_PRE, cl, "outside", NULL, &np);
    assert_int_equal(np, 1);
    assert_true(parts[0].rule == 2 && ps_count(parts[0].after) == 65536.0 * 65536.0 * 256.0);
    nc_nat_parts_free(parts, np);
    ps_free(cl);
    nc_ruleset_free(rs);

    /* object NAT onto a pat-pool range (with pool options): the source becomes an address of the pool;
     * with the interface fallback (`interface`) the line stays a note */
    const char *obj = "ASA Version 9.12(4)\n"
                      "interface GigabitEthernet0/0\n nameif inside\n security-level 100\n"
                      "interface GigabitEthernet0/1\n nameif outside\n security-level 0\n"
                      "object network POOL\n range 203.0.113.10 203.0.113.13\n"
                      "object network LAN\n subnet 10.5.0.0 255.255.0.0\n"
                      " nat (inside,outside) dynamic pat-pool POOL round-robin extended block-allocation\n"
                      "object network LAB\n subnet 10.6.0.0 255.255.0.0\n"
                      " nat (inside,outside) dynamic pat-pool POOL interface\n";
    Err e = {0};
    rs = NULL;
    assert_int_equal(nc_parse("pool.cfg", obj, strlen(obj), NC_FMT_ASA, &rs, &e), ST_OK);
    assert_int_equal(rs->n_notes, 1);
    assert_true(strncmp(rs->notes[0], "15: ", 4) == 0);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 1);
    NcPacket lan = {ip(10, 5, 1, 2), ip(8, 8, 4, 4), 6, 40000, 443};
    k = nc_nat_match(rs, NC_NAT_POST, &lan, "inside", "outside");
    assert_int_equal(k, 0);
    assert_int_equal(rs->nat[NC_NAT_POST][k].match.line, 12);
    q = nc_nat_translate(&rs->nat[NC_NAT_POST][k], &lan);
    assert_true(q.src >= ip(203, 0, 113, 10) && q.src <= ip(203, 0, 113, 13));
    NcPacket lab6 = {ip(10, 6, 1, 2), ip(8, 8, 4, 4), 6, 40000, 443};
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &lab6, "inside", "outside"), -1);
    nc_ruleset_free(rs);
}

/* YAMAHA RTX NAT descriptors (nat-edge.rtx) by hand. Received on pp1: tcp/80 to the line's own address
 * (ipcp: not stated, any) → 192.168.100.2:80 (masquerade static, line 14), tcp/8080 → 192.168.100.3:80
 * (line 15); received on lan2 for 203.0.113.2 → 192.168.100.10 (static, line 19). Sent: the static ones
 * back (lines 14, 15 on pp1, 19 on lan2), then each descriptor's dynamic translation (line 13: masquerade
 * onto any address; line 16: the pool 203.0.113.2–.6 for 192.168.100.0/24). */
static void test_rtx_nat(void **state)
{
    (void)state;
    NcRuleset *rs = load("nat-edge.rtx");
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 3);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 5);
    assert_int_equal(rs->n_notes, 1); /* nat descriptor timer */
    int pre_lines[] = {14, 15, 19}, post_lines[] = {14, 15, 13, 19, 16};
    for (int i = 0; i < 3; i++)
        assert_int_equal(rs->nat[NC_NAT_PRE][i].match.line, pre_lines[i]);
    for (int i = 0; i < 5; i++)
        assert_int_equal(rs->nat[NC_NAT_POST][i].match.line, post_lines[i]);
    /* the published web server: the in-filter of pp1 sees the inner address (line 10) */
    NcPacket web = {ip(198, 51, 100, 9), ip(203, 0, 113, 77), 6, 40000, 80};
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &web, "pp1", NULL), 0);
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &web, "lan2", NULL), -1);
    NcPacket q = nc_nat_translate(&rs->nat[NC_NAT_PRE][0], &web);
    assert_true(q.dst == ip(192, 168, 100, 2) && q.dport == 80 && q.src == web.src);
    NcTrace t;
    nc_trace(rs, &q, "pp1", "lan1", &t);
    assert_true(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 10);
    /* 8080 → 192.168.100.3:80, passed by line 11; any other port meets line 12 */
    NcPacket alt = web;
    alt.dport = 8080;
    q = nc_nat_translate(&rs->nat[NC_NAT_PRE][nc_nat_match(rs, NC_NAT_PRE, &alt, "pp1", NULL)], &alt);
    assert_true(q.dst == ip(192, 168, 100, 3) && q.dport == 80);
    nc_trace(rs, &q, "pp1", "lan1", &t);
    assert_true(t.accepted && rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line == 11);
    NcPacket ssh = web;
    ssh.dport = 22;
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &ssh, "pp1", NULL), -1);
    nc_trace(rs, &ssh, "pp1", "lan1", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 12);
    /* the BDD: tcp/80 arriving on pp1 (2^32 destinations × 2^32 sources × 2^16 source ports) is rule 0's:
     * the 2^48 already sent to 192.168.100.2 stay as they are (identity), the (2^32 - 1) × 2^48 others
     * become 2^48 packets (one address and port); then rule 1's tcp/8080, then the rest untranslated */
    size_t np;
    PSet all = ps_all();
    NcNatPart *parts = nc_nat_split(rs, NC_NAT_PRE, all, "pp1", NULL, &np);
    assert_int_equal(np, 4);
    assert_true(parts[0].rule == 0 && parts[0].identity && ps_count(parts[0].before) == 281474976710656.0);
    assert_true(parts[1].rule == 0 && !parts[1].identity && ps_count(parts[1].before) == 4294967295.0 * 281474976710656.0);
    assert_true(ps_count(parts[1].after) == 281474976710656.0);
    assert_true(parts[2].rule == 1 && parts[3].rule == -1);
    nc_nat_parts_free(parts, np);
    ps_free(all);
    /* lan2: the static mapping both ways, and the pool */
    NcPacket in2 = {ip(198, 51, 100, 7), ip(203, 0, 113, 2), 6, 40000, 443};
    q = nc_nat_translate(&rs->nat[NC_NAT_PRE][nc_nat_match(rs, NC_NAT_PRE, &in2, "lan2", NULL)], &in2);
    assert_true(q.dst == ip(192, 168, 100, 10) && q.dport == 443);
    NcPacket out10 = {ip(192, 168, 100, 10), ip(8, 8, 8, 8), 17, 5000, 53}, out20 = out10;
    out20.src = ip(192, 168, 100, 20);
    int r10 = nc_nat_match(rs, NC_NAT_POST, &out10, "lan1", "lan2"), r20 = nc_nat_match(rs, NC_NAT_POST, &out20, "lan1", "lan2");
    assert_int_equal(r10, 3);
    assert_int_equal(r20, 4);
    assert_int_equal(nc_nat_translate(&rs->nat[NC_NAT_POST][r10], &out10).src, ip(203, 0, 113, 2));
    const NcNat *pool = &rs->nat[NC_NAT_POST][4];
    assert_true(pool->kind == NC_NAT_SNAT && pool->addr_lo == ip(203, 0, 113, 2) && pool->addr_hi == ip(203, 0, 113, 6));
    /* out of pp1: the published server keeps its port 80; the 8080 one answers from 8080; others masquerade */
    NcPacket back = {ip(192, 168, 100, 3), ip(198, 51, 100, 9), 6, 80, 40000};
    int rb = nc_nat_match(rs, NC_NAT_POST, &back, "lan1", "pp1");
    assert_int_equal(rb, 1);
    assert_true(rs->nat[NC_NAT_POST][rb].kind == NC_NAT_MASQUERADE && nc_nat_translate(&rs->nat[NC_NAT_POST][rb], &back).sport == 8080);
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &out20, "lan1", "pp1"), 2);
    nc_ruleset_free(rs);

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"nat descriptor type 1 napt\n", "netcheck_unsupported", "napt"},
        {"ip lan2 nat descriptor 7\n", "netcheck_unknown_chain", "NAT descriptor 7 has no type"},
        {"nat descriptor type 1 nat\nnat descriptor static 1 1 203.0.113.2-192.168.0.1\n", "netcheck_unsupported", "t.conf:2:"},
        {"nat descriptor type 1 masquerade\nnat descriptor masquerade static 1 1 192.168.0.2 tcp\n", "netcheck_unsupported", "port"},
        {"nat descriptor masquerade static 1 1 192.168.0.2 tcp 1000-2000\n", "netcheck_unsupported", "1000-2000"},
        {"nat descriptor type 1 masquerade\nnat descriptor address outer 1 203.0.113.2 203.0.113.9\nip lan2 nat descriptor 1\n",
         "netcheck_unsupported", "one range"},
        {"nat descriptor address outer 1 ipcp 203.0.113.9\n", "netcheck_unsupported", "ipcp"},
        {"ip pp nat descriptor 1\n", "netcheck_syntax", "outside pp select"},
        {"nat descriptor type 1 nat\nip lan2 nat descriptor 1 reverse 2\n", "netcheck_unsupported", "reverse"},
        {"nat descriptor type 1 nat\nip lan2 nat descriptor 1\nip lan2 nat descriptor 1\n", "netcheck_syntax", "given twice"},
        {"nat descriptor type 1 nat\nip lan2 nat descriptor 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", "netcheck_too_many_rules",
         "at most 16"},
        {"nat descriptor type 1 nat\nip lan2 nat descriptor 1 x2\n", "netcheck_unsupported", "x2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_RTX, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("rtx nat case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }

    /* two descriptors on one interface, applied in the list's order: 10.1.0.0/16 onto the pool of
     * descriptor 1 (line 2), anything else masqueraded by descriptor 2 (line 5) onto 203.0.113.6; the
     * static mapping of descriptor 2 (line 7) comes after descriptor 1's dynamic rule */
    const char *two = "ip lan2 nat descriptor 1 2\n"
                      "nat descriptor type 1 nat\n"
                      "nat descriptor address outer 1 203.0.113.2-203.0.113.3\n"
                      "nat descriptor address inner 1 10.1.0.0/16\n"
                      "nat descriptor type 2 masquerade\n"
                      "nat descriptor address outer 2 203.0.113.6\n"
                      "nat descriptor static 2 1 203.0.113.5=10.9.0.5 1\n";
    Err e3 = {0};
    rs = NULL;
    assert_int_equal(nc_parse("two.rtx", two, strlen(two), NC_FMT_RTX, &rs, &e3), ST_OK);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 3);
    int two_lines[] = {2, 7, 5};
    for (int i = 0; i < 3; i++)
        assert_int_equal(rs->nat[NC_NAT_POST][i].match.line, two_lines[i]);
    NcPacket a1 = {ip(10, 1, 3, 4), ip(8, 8, 8, 8), 6, 40000, 443};
    int ka = nc_nat_match(rs, NC_NAT_POST, &a1, "lan1", "lan2");
    assert_int_equal(ka, 0);
    NcPacket qa = nc_nat_translate(&rs->nat[NC_NAT_POST][ka], &a1);
    assert_true(qa.src >= ip(203, 0, 113, 2) && qa.src <= ip(203, 0, 113, 3));
    NcPacket a2 = {ip(10, 9, 0, 7), ip(8, 8, 8, 8), 6, 40000, 443};
    ka = nc_nat_match(rs, NC_NAT_POST, &a2, "lan1", "lan2");
    assert_int_equal(ka, 2);
    assert_int_equal(nc_nat_translate(&rs->nat[NC_NAT_POST][ka], &a2).src, ip(203, 0, 113, 6));
    NcPacket a3 = {ip(10, 9, 0, 5), ip(8, 8, 8, 8), 6, 40000, 443};
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &a3, "lan1", "lan2"), 1);
    /* received on lan2 for 203.0.113.5: descriptor 2's static mapping to 10.9.0.5 */
    NcPacket in5 = {ip(198, 51, 100, 1), ip(203, 0, 113, 5), 6, 40000, 22};
    ka = nc_nat_match(rs, NC_NAT_PRE, &in5, "lan2", NULL);
    assert_int_equal(ka, 0);
    assert_int_equal(nc_nat_translate(&rs->nat[NC_NAT_PRE][ka], &in5).dst, ip(10, 9, 0, 5));
    nc_ruleset_free(rs);
}

/* FortiGate: boundary.fortigate by hand. internal1/internal2 (zone LGWAN) → wan1: from 10.2.0.0/16 to
 * the relays (10.3.0.25 and 10.3.1.10–19) on tcp 25, 3389 and 13389 (policy 10); policy 20 is disabled
 * (a note), policy 30 is redundant behind 10; wan1 → LGWAN: SMTP from 10.3.0.25 (policy 40, source NAT
 * noted). Everything else meets the implicit deny. */
static void test_fortigate_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("boundary.fortigate");
    assert_string_equal(rs->vendor, "fortigate");
    assert_int_equal(rs->n_notes, 2);
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    double two16 = 65536.0;
    for (int k = 0; k < 2; k++) {
        PSet p = nc_permitted(a, k ? "internal2" : "internal1", "wan1");
        assert_true(ps_count(p) == 65536.0 * 11 * 3 * two16);
        ps_free(p);
    }
    PSet p = nc_permitted(a, "wan1", "internal2");
    assert_true(ps_count(p) == 65536.0 * two16);
    ps_free(p);
    p = nc_permitted(a, "internal1", "internal2");
    assert_true(ps_empty(p));
    ps_free(p);
    NcPacket dns = {ip(10, 2, 0, 5), ip(8, 8, 8, 8), 17, 5353, 53};
    NcTrace t;
    nc_trace(rs, &dns, "internal1", "wan1", &t);
    assert_false(t.accepted);
    assert_int_equal(t.steps[0].rule, -1);
    size_t n;
    NcFinding *f = nc_hygiene(a, &n);
    assert_int_equal(n, 1);
    assert_int_equal(f[0].kind, NC_H_REDUNDANT);
    assert_int_equal(rs->chains[0].rules[f[0].rule].line, 64);
    free(f);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"config firewall policy\n    edit 1\n        set srcintf \"a\"\n        set dstintf \"b\"\n"
         "        set srcaddr \"nowhere\"\n        set dstaddr \"all\"\n        set service \"ALL\"\n    next\nend\n",
         "netcheck_unknown_set", "t.conf:5:"},
        {"config firewall policy\n    edit 1\n        set srcintf \"a\"\n        set dstintf \"b\"\n"
         "        set srcaddr \"all\"\n        set dstaddr \"all\"\n        set service \"ALL\"\n        set groups \"staff\"\n    next\nend\n",
         "netcheck_unsupported", "groups"},
        {"config firewall address\n    edit \"w\"\n        set type fqdn\n        set fqdn \"www.example.jp\"\n    next\nend\n"
         "config firewall policy\n    edit 1\n        set srcintf \"a\"\n        set dstintf \"b\"\n"
         "        set srcaddr \"all\"\n        set dstaddr \"w\"\n        set service \"ALL\"\n    next\nend\n",
         "netcheck_unsupported", "fqdn"},
        {"config firewall policy\n    edit 1\n", "netcheck_syntax", "end"},
        {"config vdom\nedit root\nend\n", "netcheck_unsupported", "vdom"},
        {"config firewall address\nend\n", "netcheck_no_forward", "firewall policy"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_FORTIGATE, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("fortigate case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

/* Cisco IOS: lgwan-rtr.ios by hand. Gi0/0 → Gi0/1 (LGWAN-IN): smtp from 10.2.0.0/16 to 10.3.0.25, tcp
 * 8000–8010 from 10.2.0.80 to 10.3.1.0/24, echo from 10.2.0.0/16 anywhere (entry 40 is redundant).
 * Gi0/1 → Gi0/0 (110): tcp 25 to 10.2.0.25 from anywhere; the DNS entry is shadowed by the 10/8 deny. */
static void test_ios_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("lgwan-rtr.ios");
    assert_string_equal(rs->vendor, "cisco-ios");
    assert_int_equal(rs->n_notes, 1); /* ip nat outside */
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    double two16 = 65536.0, two32 = 4294967296.0;
    PSet p = nc_permitted(a, "GigabitEthernet0/0", "GigabitEthernet0/1");
    assert_true(ps_count(p) == two16 * two16 + 256 * 11 * two16 + two16 * two32 * two16);
    ps_free(p);
    p = nc_permitted(a, "GigabitEthernet0/1", "GigabitEthernet0/0");
    assert_true(ps_count(p) == two32 * two16);
    ps_free(p);
    NcPacket smb = {ip(10, 2, 3, 4), ip(10, 3, 0, 9), 6, 5000, 445};
    NcTrace t;
    nc_trace(rs, &smb, "GigabitEthernet0/0", "GigabitEthernet0/1", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 17);
    size_t n;
    NcFinding *f = nc_hygiene(a, &n);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        int line = rs->chains[f[i].chain].rules[f[i].rule].line;
        assert_true((line == 19 && f[i].kind == NC_H_REDUNDANT) || (line == 26 && f[i].kind == NC_H_SHADOWED));
    }
    free(f);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"access-list 101 permit tcp object-group lan any\n", "netcheck_unknown_set", "network object group lan is not defined"},
        {"access-list 101 permit ip 10.0.0.0 0.255.0.255 any\ninterface Gi0\n ip access-group 101 in\n",
         "netcheck_unsupported", "t.conf:1:"},
        {"interface Gi0\n ip access-group NOPE in\n", "netcheck_unknown_chain", "t.conf:2:"},
        {"access-list 300 permit ip any any\n", "netcheck_unsupported", "300"},
        {"access-list 1 permit any\ninterface Gi0\n ip access-group 1 in\n ip access-group 1 in\n", "netcheck_syntax",
         "t.conf:4:"},
        {"access-list 101 permit tcp any any eq 22 time-range office\ninterface Gi0\n ip access-group 101 in\n",
         "netcheck_unsupported", "time-range"},
        {"ip access-list reflexive R\n", "netcheck_unsupported", "reflexive"},
        {"interface Gi0\n ip access-group 1 sideways\n", "netcheck_unsupported", "t.conf:2:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_IOS, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("ios case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

/* Cisco ASA: lgwan-asa.cfg by hand (BDD counts: proto 2^8, addresses 2^32, ports 2^16).
 * lgwan → internet (LGWAN-IN): tcp 25 and 443 from the 258 relay addresses (10.2.0.25, .26, 10.2.9.0/24)
 * anywhere; tcp 80 and 8000–8010 (12 ports) from 10.2.0.0/16 to 10.3.0.80–81. lgwan → dmz: DMZ-OUT lets
 * only syslog to 10.4.0.10 out, which LGWAN-IN does not permit: nothing. internet → lgwan (INET-IN): smtp
 * to the relay from anywhere, dns replies from dns-server to 10.2/16, echo anywhere; the ssh entry is
 * inactive (a note), the last entry is redundant. dmz (50) → internet (0): everything by security level;
 * dmz → lgwan (100): nothing. An interface without nameif forwards nothing. */
static void test_asa_corpus(void **state)
{
    (void)state;
    NcRuleset *rs = load("lgwan-asa.cfg");
    assert_string_equal(rs->vendor, "cisco-asa");
    assert_int_equal(rs->n_notes, 2); /* inactive, standard list */
    /* the identity twice NAT (line 87: LGWAN to the proxies untranslated, both ways) comes first, then
     * object NAT: the static port forward (line 86), then the dynamic PAT to the interface (line 82) */
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 3);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 4);
    assert_int_equal(rs->nat[NC_NAT_POST][0].match.line, 87);
    assert_int_equal(rs->nat[NC_NAT_POST][0].kind, NC_NAT_NONE);
    assert_int_equal(rs->nat[NC_NAT_POST][2].match.line, 86);
    assert_int_equal(rs->nat[NC_NAT_POST][2].kind, NC_NAT_SNAT);
    assert_int_equal(rs->nat[NC_NAT_POST][3].match.line, 82);
    assert_int_equal(rs->nat[NC_NAT_POST][3].kind, NC_NAT_MASQUERADE);
    NcPacket proxy = {ip(10, 2, 1, 1), ip(10, 3, 0, 80), 6, 40000, 8080};
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &proxy, "lgwan", "internet"), 0); /* exempt from the PAT */
    NcPacket in8443 = {ip(10, 3, 5, 5), ip(10, 3, 0, 30), 6, 50000, 8443};
    int nk = nc_nat_match(rs, NC_NAT_PRE, &in8443, "internet", NULL);
    assert_int_equal(nk, 2);
    NcPacket real = nc_nat_translate(&rs->nat[NC_NAT_PRE][nk], &in8443);
    assert_int_equal(real.dst, ip(10, 2, 0, 30));
    assert_int_equal(real.dport, 443);
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &in8443, "dmz", NULL), -1);
    NcPacket back = {ip(10, 2, 0, 30), ip(10, 3, 5, 5), 6, 443, 50000};
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &back, "lgwan", "internet"), 2);
    NcPacket out = nc_nat_translate(&rs->nat[NC_NAT_POST][2], &back);
    assert_true(out.src == ip(10, 3, 0, 30) && out.sport == 8443);
    back.sport = 40000; /* another port of the server: the dynamic PAT */
    assert_int_equal(nc_nat_match(rs, NC_NAT_POST, &back, "lgwan", "internet"), 3);
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    double p16 = 65536.0, p32 = 4294967296.0, p48 = p16 * p32;
    PSet p = nc_permitted(a, "lgwan", "internet");
    assert_true(ps_count(p) == 2 * 258 * p48 + 24 * p32);
    ps_free(p);
    p = nc_permitted(a, "lgwan", "dmz");
    assert_true(ps_empty(p));
    ps_free(p);
    p = nc_permitted(a, "internet", "lgwan");
    assert_true(ps_count(p) == p48 + p32 + p48 * p32);
    ps_free(p);
    p = nc_permitted(a, "internet", "dmz");
    assert_true(ps_empty(p));
    ps_free(p);
    p = nc_permitted(a, "dmz", "internet");
    assert_true(ps_equal(p, ps_all()));
    ps_free(p);
    p = nc_permitted(a, "dmz", "lgwan");
    assert_true(ps_empty(p));
    ps_free(p);
    p = nc_permitted(a, "Management1/1", "internet");
    assert_true(ps_empty(p));
    ps_free(p);
    NcPacket smb = {ip(10, 3, 0, 7), ip(10, 2, 0, 30), 6, 5000, 445};
    NcTrace t;
    nc_trace(rs, &smb, "internet", "lgwan", &t);
    assert_false(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 72);
    NcPacket ssh = {ip(10, 3, 0, 7), ip(10, 2, 0, 99), 6, 5000, 22};
    nc_trace(rs, &ssh, "internet", "lgwan", &t);
    assert_false(t.accepted); /* the inactive entry does not match; the implicit deny (line 78) does */
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 78);
    NcPacket web = {ip(10, 2, 3, 4), ip(10, 3, 0, 81), 6, 40000, 8005};
    nc_trace(rs, &web, "lgwan", "internet", &t);
    assert_true(t.accepted);
    assert_int_equal(rs->chains[t.steps[0].chain].rules[t.steps[0].rule].line, 66);
    size_t n;
    NcFinding *f = nc_hygiene(a, &n);
    /* the redundant smtp entry, and dmz's security-level permit of everything (no access-group there):
     * an any-any an auditor wants to see even though no line of the configuration writes it */
    assert_int_equal(n, 2);
    assert_int_equal(f[0].kind, NC_H_REDUNDANT);
    assert_int_equal(rs->chains[f[0].chain].rules[f[0].rule].line, 73);
    assert_int_equal(rs->chains[f[0].chain].rules[f[0].by[0]].line, 68);
    assert_int_equal(f[1].kind, NC_H_ANY_ANY);
    assert_int_equal(rs->chains[f[1].chain].rules[f[1].rule].line, 25);
    assert_non_null(strstr(rs->chains[f[1].chain].rules[f[1].rule].text, "security-level dmz 50"));
    free(f);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    /* a global list applies to every interface after its own list, with the implicit deny after it;
     * the security-level default no longer applies (b is higher than a, yet only the global list lets
     * it through) */
    static const char global[] = "interface g0\n nameif a\n security-level 0\ninterface g1\n nameif b\n"
                                 " security-level 100\naccess-list A-IN extended permit tcp any any eq www\n"
                                 "access-list G extended deny ip host 10.9.9.9 any\n"
                                 "access-list G extended permit icmp any any\naccess-group A-IN in interface a\n"
                                 "access-group G global\n";
    assert_int_equal(nc_parse("g.cfg", global, strlen(global), NC_FMT_AUTO, &rs, &e), ST_OK);
    assert_string_equal(rs->vendor, "cisco-asa");
    a = nc_analysis_new(rs, &e);
    assert_non_null(a);
    double p64 = p32 * p32, p80 = p64 * p16, p96 = p64 * p32;
    p = nc_permitted(a, "a", "b");
    assert_true(ps_count(p) == p80 + p96 - p64);
    ps_free(p);
    p = nc_permitted(a, "b", "a");
    assert_true(ps_count(p) == p96 - p64);
    ps_free(p);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    /* same-security-traffic lets equal levels talk without a list */
    static const char same[] = "interface g0\n nameif a\n security-level 10\ninterface g1\n nameif b\n"
                               " security-level 10\nsame-security-traffic permit inter-interface\n";
    assert_int_equal(nc_parse("s.cfg", same, strlen(same), NC_FMT_ASA, &rs, &e), ST_OK);
    a = nc_analysis_new(rs, &e);
    p = nc_permitted(a, "a", "b");
    assert_true(ps_equal(p, ps_all()));
    ps_free(p);
    nc_analysis_free(a);
    nc_ruleset_free(rs);

    static const char ifs[] = "interface g0\n nameif a\ninterface g1\n nameif b\n";
    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"access-list X extended permit tcp object nowhere any\n", "netcheck_unknown_set", "t.conf:1:"},
        {"access-list X extended permit tcp interface outside any\n", "netcheck_unsupported", "interface"},
        {"access-list X extended permit tcp any any eq 22 time-range office\n", "netcheck_unsupported", "time-range"},
        {"object network w\n fqdn www.example.jp\naccess-list X extended permit ip any object w\n",
         "netcheck_unsupported", "fqdn"},
        {"access-list X ethertype permit bpdu\n", "netcheck_unsupported", "ethertype"},
        {"access-list X extended permit ip 10.0.0.0 255.0.255.0 any\n", "netcheck_unsupported", "t.conf:1:"},
        {"object-group network g\n group-object later\nobject-group network later\n network-object host 10.0.0.1\n",
         "netcheck_unknown_set", "t.conf:2:"},
        {"object-group network g\n port-object eq 80\n", "netcheck_unsupported", "port-object"},
        {"object network h\n host 10.0.0.1\naccess-list X extended permit object h any any\n", "netcheck_unknown_set",
         "t.conf:3:"},
        {"access-list X extended permit tcp any any eq nosuchport\n", "netcheck_syntax", "t.conf:1:"},
        {"access-list X extended permit icmp any any echo log\naccess-list X extended permit tcp any any\n"
         "access-group X in interface nosuch\n",
         "netcheck_syntax", "nosuch"},
        {"access-list X extended permit ip any any\n", "netcheck_no_forward", "nameif"},
        {"access-list X extended frobnicate ip any any\n", "netcheck_syntax", "frobnicate"},
        {"access-list X extended permit ip any any\nobject-group user staff\n", "netcheck_unsupported", "t.conf:2:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        Status st = parse_text(bad[i].text, NC_FMT_ASA, &e2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("asa case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
    static const struct {
        const char *text;
        const char *code, *where;
    } bad_bound[] = {
        {"access-group NOPE in interface a\n", "netcheck_unknown_chain", "t.conf:5:"},
        {"access-list X extended permit ip any any\naccess-group X in interface a\naccess-group X in interface a\n",
         "netcheck_syntax", "t.conf:7:"},
        {"access-group X sideways interface a\n", "netcheck_unsupported", "t.conf:5:"},
        {"interface g2\n nameif a\n", "netcheck_syntax", "t.conf:6:"},
        {"interface g2\n nameif c\n security-level 101\n", "netcheck_syntax", "t.conf:7:"},
    };
    for (size_t i = 0; i < sizeof bad_bound / sizeof *bad_bound; i++) {
        char *text = xasprintf("%s%s", ifs, bad_bound[i].text);
        Err e2 = {0};
        Status st = parse_text(text, NC_FMT_ASA, &e2);
        free(text);
        if (st == ST_OK || strcmp(e2.code, bad_bound[i].code) != 0 || !strstr(e2.en, bad_bound[i].where))
            fail_msg("asa bound case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
    /* nesting deeper than the limit */
    Buf deep = BUF_INIT;
    buf_printf(&deep, "object-group network g0\n network-object host 10.0.0.1\n");
    for (int k = 1; k < 20; k++)
        buf_printf(&deep, "object-group network g%d\n group-object g%d\n", k, k - 1);
    char *dt = buf_take(&deep);
    Err e3 = {0};
    assert_int_equal(parse_text(dt, NC_FMT_ASA, &e3), ST_INVALID);
    assert_string_equal(e3.code, "netcheck_too_deep");
    free(dt);
}

/* The zone check of nat-site.yaml with its firewall read from config (see test_nat). */
static void check_nat_site(const char *config, int forward_line, int nat_line)
{
    NcMatrix *m = pack_matrix();
    size_t n;
    char *text = slurp("nat-site.yaml", &n);
    NcTopology *t = NULL;
    Err e = {0};
    if (nc_topology_load("nat-site.yaml", text, n, m, &t, &e) != ST_OK)
        fail_msg("%s", e.en);
    free(text);
    t->devices[0].rs = load(config);
    t->devices[0].an = nc_analysis_new(t->devices[0].rs, &e);
    assert_non_null(t->devices[0].an);
    bool truncated;
    NcViolation *v = nc_check_zones(t, m, &n, &truncated);
    assert_int_equal(n, 3);
    double ext = 4294967296.0 - 3 * 65536.0, p16 = 65536.0;
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        const char *from = t->zones[v[i].from_zone].id, *to = t->zones[v[i].to_zone].id;
        const NcHop *h = &v[i].hops[0];
        assert_int_equal(v[i].n_hops, 1);
        if (!strcmp(from, "external") && !strcmp(to, "mynumber") && v[i].translated) {
            assert_true(v[i].packets == ext * p16);
            assert_int_equal(v[i].witness.dst, ip(203, 0, 113, 10));
            assert_int_equal(v[i].witness.dport, 8443);
            assert_int_equal(v[i].delivered.dst, ip(10, 1, 5, 10));
            assert_int_equal(v[i].delivered.dport, 443);
            assert_int_equal(v[i].delivered.src, v[i].witness.src);
            assert_int_equal(h->nat_pre, 0);
            assert_int_equal(h->nat_post, -1);
            assert_int_equal(h->seen.dst, ip(10, 1, 5, 10));
            assert_true(h->trace.accepted);
            const NcRuleset *hr = t->devices[h->device].rs;
            assert_int_equal(hr->chains[h->trace.steps[0].chain].rules[h->trace.steps[0].rule].line, forward_line);
            assert_int_equal(hr->nat[NC_NAT_PRE][h->nat_pre].match.line, nat_line);
            char *d = nc_nat_describe(hr, NC_NAT_PRE, h->nat_pre);
            assert_non_null(strstr(d, config));
            free(d);
            assert_string_equal(v[i].rule->article, "第24条(2)");
            seen |= 1;
        } else if (!strcmp(from, "external") && !strcmp(to, "mynumber")) {
            assert_true(v[i].packets == ext * p16 * (1 + p16));
            assert_int_equal(h->nat_pre, -1);
            seen |= 2;
        } else if (!strcmp(from, "mynumber") && !strcmp(to, "external")) {
            assert_true(v[i].packets == 256 * ext * p16);
            assert_true(v[i].translated);
            assert_int_equal(v[i].witness.src, ip(10, 1, 9, 0));
            assert_int_equal(v[i].delivered.src, ip(203, 0, 113, 1));
            assert_int_equal(v[i].delivered.dport, 123);
            assert_int_equal(h->nat_post, 0);
            assert_int_equal(h->seen.src, ip(10, 1, 9, 0)); /* the forward rules see the source as sent */
            seen |= 4;
        } else
            fail_msg("unexpected violation %s → %s", from, to);
    }
    assert_int_equal(seen, 7);
    free(v);
    nc_topology_free(t);
    nc_matrix_free(m);

}

/* NAT (nat-site.yaml, nat-edge.iptables), by hand. external (2^32 − 3·2^16 addresses) → mynumber:
 *  through the port forward 203.0.113.10:8443 → 10.1.5.10:443 (line 7; FORWARD line 17 sees the
 *  translated packet): every source × every source port;
 *  untranslated, to 10.1.5.10:443 and to tcp 3128 anywhere in 10.1.0.0/16 (line 18): sources × source
 *  ports × (1 + 65536) destinations-and-ports. 203.0.113.11 is translated into the internet zone and tcp
 *  80 is redirected to the firewall itself: neither reaches mynumber.
 * mynumber → external: ntp from 10.1.9.0/24 (line 19), its source rewritten to 203.0.113.1 (line 10). */
static void test_nat(void **state)
{
    (void)state;
    NcRuleset *rs = load("nat-edge.iptables");
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 3);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 1);
    assert_int_equal(rs->n_notes, 1); /* the OUTPUT chain's DNAT: the firewall's own packets */
    const NcNat *fwd = &rs->nat[NC_NAT_PRE][0];
    assert_int_equal(fwd->kind, NC_NAT_DNAT);
    assert_true(fwd->set_addr && fwd->set_port);
    assert_int_equal(fwd->addr_lo, ip(10, 1, 5, 10));
    assert_int_equal(fwd->port_lo, 443);
    assert_int_equal(rs->nat[NC_NAT_PRE][2].kind, NC_NAT_REDIRECT);
    assert_int_equal(rs->nat[NC_NAT_POST][0].kind, NC_NAT_SNAT);
    NcPacket p = {ip(198, 51, 100, 7), ip(203, 0, 113, 10), 6, 40000, 8443};
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &p, "eth0", NULL), 0);
    assert_int_equal(nc_nat_match(rs, NC_NAT_PRE, &p, "eth1", NULL), -1);
    NcPacket q = nc_nat_translate(fwd, &p);
    assert_int_equal(q.dst, ip(10, 1, 5, 10));
    assert_int_equal(q.dport, 443);
    assert_int_equal(q.src, p.src);
    /* the image of a set and the way back */
    PSet to8443 = ps_like(&p, 1u << F_SRC), img = nc_nat_image(fwd, to8443);
    assert_true(ps_count(img) == 4294967296.0);
    assert_true(ps_contains(img, &q));
    NcPacket back;
    assert_true(nc_nat_preimage(fwd, to8443, &q, &back));
    assert_true(back.dst == p.dst && back.dport == 8443 && back.src == q.src);
    ps_free(to8443);
    ps_free(img);
    nc_ruleset_free(rs);

    check_nat_site("nat-edge.iptables", 17, 7);
    /* the same firewall written in nftables (nat-edge.nft.json, nft's own output): the same flows */
    rs = load("nat-edge.nft.json");
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 3);
    assert_int_equal(rs->n_nat[NC_NAT_POST], 1);
    assert_int_equal(rs->n_notes, 1); /* the output hook's dnat */
    assert_int_equal(rs->nat[NC_NAT_PRE][2].kind, NC_NAT_REDIRECT);
    assert_int_equal(rs->nat[NC_NAT_PRE][2].port_lo, 3128);
    nc_ruleset_free(rs);
    check_nat_site("nat-edge.nft.json", 10, 5);

    /* --ctstate DNAT: the usual way to let port forwards through matches the translated packets only
     * (not a direct packet to 10.1.5.10:443, not without NAT), and is no hygiene finding */
    {
        static const char ct[] = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -i eth0 -d 203.0.113.10/32 -p tcp -m tcp "
                                 "--dport 8443 -j DNAT --to-destination 10.1.5.10:443\nCOMMIT\n*filter\n:FORWARD DROP [0:0]\n"
                                 "-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT\nCOMMIT\n";
        NcRuleset *rc = NULL;
        Err e1 = {0};
        assert_int_equal(nc_parse("ct.iptables", ct, strlen(ct), NC_FMT_IPTABLES, &rc, &e1), ST_OK);
        assert_true(rc->chains[nc_chain_find(rc, "FORWARD")].rules[0].dnat_only);
        NcAnalysis *ac = nc_analysis_new(rc, &e1);
        PSet plain = nc_permitted(ac, "eth0", "eth1"), tr = nc_permitted_nat(ac, "eth0", "eth1", true);
        assert_true(ps_empty(plain));
        assert_true(ps_equal(tr, ps_all()));
        ps_free(plain);
        ps_free(tr);
        size_t nh;
        free(nc_hygiene(ac, &nh));
        assert_int_equal(nh, 0);
        NcPacket seen = {ip(198, 51, 100, 7), ip(10, 1, 5, 10), 6, 40000, 443};
        NcTrace tt;
        nc_trace(rc, &seen, "eth0", "eth1", &tt);
        assert_false(tt.accepted);
        nc_trace_nat(rc, &seen, "eth0", "eth1", true, &tt);
        assert_true(tt.accepted);
        assert_int_equal(rc->chains[tt.steps[0].chain].rules[tt.steps[0].rule].line, 7);
        NcMatrix *mc = pack_matrix();
        size_t nt;
        char *yt = slurp("nat-site.yaml", &nt);
        NcTopology *tc = NULL;
        assert_int_equal(nc_topology_load("nat-site.yaml", yt, nt, mc, &tc, &e1), ST_OK);
        free(yt);
        tc->devices[0].rs = rc;
        tc->devices[0].an = ac;
        bool trunc;
        NcViolation *vc = nc_check_zones(tc, mc, &nt, &trunc);
        assert_int_equal(nt, 1); /* only the port forward: the direct packet is not translated */
        assert_true(vc[0].translated);
        assert_int_equal(vc[0].witness.dst, ip(203, 0, 113, 10));
        assert_true(vc[0].hops[0].trace.accepted);
        free(vc);
        nc_topology_free(tc);
        nc_matrix_free(mc);
    }

    /* A DNAT rule that leaves a packet as it is (already addressed to its target) sets no DNAT state in
     * the kernel (nf_nat_setup_info changes no tuple), so --ctstate DNAT does not match it. All tcp/443
     * arriving on eth0 goes to 10.1.5.10: the 2^48 packets already sent there (2^32 sources × 2^16
     * source ports) are an identity part, the (2^32 - 1) × 2^48 others a translated one. */
    {
        static const char ct[] = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -i eth0 -p tcp -m tcp --dport 443 "
                                 "-j DNAT --to-destination 10.1.5.10\nCOMMIT\n*filter\n:FORWARD DROP [0:0]\n"
                                 "-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT\nCOMMIT\n";
        NcRuleset *rc = NULL;
        Err e1 = {0};
        assert_int_equal(nc_parse("id.iptables", ct, strlen(ct), NC_FMT_IPTABLES, &rc, &e1), ST_OK);
        size_t np;
        PSet all = ps_all();
        NcNatPart *parts = nc_nat_split(rc, NC_NAT_PRE, all, "eth0", NULL, &np);
        assert_int_equal(np, 3);
        assert_true(parts[0].rule == 0 && parts[0].identity && !nc_nat_part_dnat(rc, &parts[0]));
        assert_true(ps_count(parts[0].before) == 281474976710656.0);
        assert_true(ps_equal(parts[0].before, parts[0].after));
        assert_true(parts[1].rule == 0 && !parts[1].identity && nc_nat_part_dnat(rc, &parts[1]));
        assert_true(ps_count(parts[1].before) == 4294967295.0 * 281474976710656.0);
        assert_true(parts[2].rule == -1 && !nc_nat_part_dnat(rc, &parts[2]));
        nc_nat_parts_free(parts, np);
        ps_free(all);
        NcPacket direct = {ip(198, 51, 100, 7), ip(10, 1, 5, 10), 6, 40000, 443}, other = direct;
        other.dst = ip(203, 0, 113, 10);
        const NcNat *n0 = &rc->nat[NC_NAT_PRE][0];
        NcPacket t0 = nc_nat_translate(n0, &direct), t1 = nc_nat_translate(n0, &other);
        assert_false(nc_nat_dnat_state(n0, &direct, &t0));
        assert_true(nc_nat_dnat_state(n0, &other, &t1));
        assert_false(nc_nat_dnat_state(NULL, &other, &other));
        nc_ruleset_free(rc);
    }

    /* nft's ct status: dnat like --ctstate DNAT, snat never on a first packet; others refused */
    {
        static const char head[] = "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\", \"handle\": 1}}, "
                                   "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"f\", \"handle\": 1, "
                                   "\"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, "
                                   "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"f\", \"handle\": 2, \"expr\": "
                                   "[{\"match\": {\"op\": \"%s\", \"left\": {\"ct\": {\"key\": \"status\"}}, \"right\": %s}}, "
                                   "{\"accept\": null}]}}]}";
        struct {
            const char *op, *right;
            int want; /* 1 dnat_only, 2 established_only, 0 refused */
        } cs[] = {{"in", "\"dnat\"", 1}, {"in", "[\"snat\", \"dnat\"]", 1}, {"in", "\"snat\"", 2},
                  {"!=", "\"dnat\"", 0},  {"in", "\"expected\"", 0},          {"in", "7", 0}};
        for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
            char *js = xasprintf(head, cs[i].op, cs[i].right);
            NcRuleset *rc = NULL;
            Err e1 = {0};
            Status st = nc_parse("ct.json", js, strlen(js), NC_FMT_NFT_JSON, &rc, &e1);
            if (cs[i].want == 0) {
                assert_int_not_equal(st, ST_OK);
                assert_non_null(strstr(e1.en, "handle 2"));
            } else {
                assert_int_equal(st, ST_OK);
                const NcRule *r = &rc->chains[0].rules[0];
                assert_true(cs[i].want == 1 ? r->dnat_only && !r->established_only : r->established_only && !r->dnat_only);
            }
            nc_ruleset_free(rc);
            free(js);
        }
    }

    /* diff: adding the port forward (and its FORWARD rule) opens tcp to 203.0.113.10:8443 from eth0 */
    {
        static const char before_t[] = "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -i eth0 -o eth1 -d 10.1.5.10/32 -p tcp "
                                       "-m tcp --dport 443 -j ACCEPT\nCOMMIT\n";
        static const char after_t[] = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -i eth0 -d 203.0.113.10/32 -p tcp -m tcp "
                                      "--dport 8443 -j DNAT --to-destination 10.1.5.10:443\nCOMMIT\n*filter\n:FORWARD DROP [0:0]\n"
                                      "-A FORWARD -i eth0 -o eth1 -d 10.1.5.10/32 -p tcp -m tcp --dport 443 -j ACCEPT\nCOMMIT\n";
        NcRuleset *rb = NULL, *ra = NULL;
        Err e1 = {0};
        assert_int_equal(nc_parse("before", before_t, strlen(before_t), NC_FMT_IPTABLES, &rb, &e1), ST_OK);
        assert_int_equal(nc_parse("after", after_t, strlen(after_t), NC_FMT_IPTABLES, &ra, &e1), ST_OK);
        NcAnalysis *ab = nc_analysis_new(rb, &e1), *aa = nc_analysis_new(ra, &e1);
        size_t nd;
        NcDiffItem *d = nc_diff(ab, aa, &nd);
        assert_int_equal(nd, 1);
        assert_true(d[0].opened);
        assert_string_equal(d[0].in, "eth0");
        assert_string_equal(d[0].out, "eth1");
        assert_int_equal(d[0].witness.dst, ip(203, 0, 113, 10));
        assert_int_equal(d[0].witness.dport, 8443);
        assert_true(d[0].packets == 4294967296.0 * 65536.0);
        assert_true(d[0].trace.accepted); /* the FORWARD rule, seeing 10.1.5.10:443 */
        assert_int_equal(ra->chains[d[0].trace.steps[0].chain].rules[d[0].trace.steps[0].rule].line, 7);
        free(d);
        nc_analysis_free(ab);
        nc_analysis_free(aa);
        nc_ruleset_free(rb);
        nc_ruleset_free(ra);
    }

    static const struct {
        const char *text;
        const char *code, *where;
    } bad[] = {
        {"*nat\n-A PREROUTING -p tcp -j DNAT\nCOMMIT\n", "netcheck_syntax", "t.conf:2:"},
        {"*nat\n-A PREROUTING -j DNAT --to-destination 10.0.0.0/24\nCOMMIT\n", "netcheck_unsupported", "10.0.0.0/24"},
        {"*nat\n-A PREROUTING -m addrtype --dst-type LOCAL -j DNAT --to-destination 10.0.0.1\nCOMMIT\n",
         "netcheck_unsupported", "addrtype"},
        {"*nat\n-A POSTROUTING -j SNAT --to-source 10.0.0.1 --to-source 10.0.0.2\nCOMMIT\n", "netcheck_unsupported",
         "--to-source"},
        {"*nat\n-A POSTROUTING -j MASQUERADE --to-source 10.0.0.1\nCOMMIT\n", "netcheck_unsupported", "--to-source"},
        {"*nat\n-A PREROUTING -p tcp -j REDIRECT --to-ports eighty\nCOMMIT\n", "netcheck_unsupported", "eighty"},
        {"*nat\n-A PREROUTING -j DNAT --to-destination 10.0.0.9-10.0.0.1\nCOMMIT\n", "netcheck_unsupported", "t.conf:2:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e2 = {0};
        NcRuleset *r2 = NULL;
        Status st = nc_parse("t.conf", bad[i].text, strlen(bad[i].text), NC_FMT_IPTABLES, &r2, &e2);
        nc_ruleset_free(r2);
        if (st == ST_OK || strcmp(e2.code, bad[i].code) != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("nat case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
#define NFT_NAT(stmt)                                                                                         \
    "{\"nftables\":[{\"chain\":{\"family\":\"ip\",\"table\":\"t\",\"name\":\"pre\",\"handle\":1,"                    \
    "\"type\":\"nat\",\"hook\":\"prerouting\",\"prio\":-100,\"policy\":\"accept\"}},{\"rule\":{\"family\":\"ip\","   \
    "\"table\":\"t\",\"chain\":\"pre\",\"handle\":2,\"expr\":[" stmt "]}}]}"
    static const struct {
        const char *text;
        const char *where;
    } bad_nft[] = {
        {NFT_NAT("{\"dnat\":{\"addr\":{\"map\":{}}}}"), "nat address"},
        {NFT_NAT("{\"dnat\":{}}"), "dnat"},
        {NFT_NAT("{\"dnat\":{\"addr\":\"10.0.0.1\",\"port\":70000}}"), "nat port"},
        {NFT_NAT("{\"dnat\":{\"addr\":\"10.0.0.0/8\"}}"), "10.0.0.0/8"},
        {NFT_NAT("{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"skuid\"}},\"right\":0}},"
                 "{\"dnat\":{\"addr\":\"10.0.0.1\"}}"),
         "skuid"},
    };
    for (size_t i = 0; i < sizeof bad_nft / sizeof *bad_nft; i++) {
        Err e2 = {0};
        NcRuleset *r2 = NULL;
        Status st = nc_parse("t.json", bad_nft[i].text, strlen(bad_nft[i].text), NC_FMT_NFT_JSON, &r2, &e2);
        nc_ruleset_free(r2);
        if (st == ST_OK || strcmp(e2.code, "netcheck_unsupported") != 0 || !strstr(e2.en, bad_nft[i].where) ||
            !strstr(e2.en, "handle 2"))
            fail_msg("nft nat case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

/* A FortiGate VIP (nat-edge.fortigate): 203.0.113.10:8443 on eth0 → 10.1.5.10:443, published by policy 1
 * (dstaddr the VIP, service HTTPS: FortiOS matches the translated packet). In the NAT site the port
 * forward is a forbidden flow: every external source × source port, the witness sent to
 * 203.0.113.10:8443 and delivered to 10.1.5.10:443. The model also lets the policy take packets sent
 * to 10.1.5.10:443 directly (it has no bit for "translated"; FortiOS would not): a second, untranslated
 * flow of the same size, an over-approximation docs/netcheck.md names. A VIP no policy names
 * translates nothing (a note). */
static void test_fortigate_vip(void **state)
{
    (void)state;
    NcRuleset *rs = load("nat-edge.fortigate");
    assert_int_equal(rs->n_nat[NC_NAT_PRE], 1);
    const NcNat *v = &rs->nat[NC_NAT_PRE][0];
    assert_int_equal(v->kind, NC_NAT_DNAT);
    assert_int_equal(v->addr_lo, ip(10, 1, 5, 10));
    assert_int_equal(v->port_lo, 443);
    assert_string_equal(v->match.in.name, "eth0");
    assert_int_equal(v->match.line, 3);
    assert_int_equal(rs->n_notes, 1);
    assert_non_null(strstr(rs->notes[0], "unused"));
    NcMatrix *m = pack_matrix();
    size_t n;
    char *text = slurp("nat-site.yaml", &n);
    NcTopology *t = NULL;
    Err e = {0};
    if (nc_topology_load("nat-site.yaml", text, n, m, &t, &e) != ST_OK)
        fail_msg("%s", e.en);
    free(text);
    t->devices[0].rs = rs;
    t->devices[0].an = nc_analysis_new(rs, &e);
    assert_non_null(t->devices[0].an);
    bool truncated;
    NcViolation *x = nc_check_zones(t, m, &n, &truncated);
    assert_int_equal(n, 2);
    if (!x[0].translated) {
        NcViolation tmp = x[0];
        x[0] = x[1];
        x[1] = tmp;
    }
    assert_true(x[0].translated && !x[1].translated);
    assert_int_equal(x[1].witness.dst, ip(10, 1, 5, 10));
    assert_true(x[1].packets == x[0].packets);
    assert_string_equal(t->zones[x[0].from_zone].id, "external");
    assert_string_equal(t->zones[x[0].to_zone].id, "mynumber");
    assert_true(x[0].packets == (4294967296.0 - 3 * 65536.0) * 65536.0);
    assert_int_equal(x[0].witness.dst, ip(203, 0, 113, 10));
    assert_int_equal(x[0].witness.dport, 8443);
    assert_int_equal(x[0].delivered.dst, ip(10, 1, 5, 10));
    assert_int_equal(x[0].delivered.dport, 443);
    assert_int_equal(x[0].hops[0].nat_pre, 0);
    assert_true(x[0].hops[0].trace.accepted);
    assert_int_equal(rs->chains[x[0].hops[0].trace.steps[0].chain].rules[x[0].hops[0].trace.steps[0].rule].line, 19);
    free(x);
    nc_topology_free(t);
    nc_matrix_free(m);

    static const char *const pol = "config firewall policy\n    edit 1\n        set srcintf \"a\"\n        set dstintf \"b\"\n"
                                   "        set action accept\n        set srcaddr \"all\"\n        set dstaddr \"v\"\n"
                                   "        set service \"ALL\"\n    next\nend\n";
    static const struct {
        const char *vip, *where;
    } bad[] = {
        {"        set type load-balance\n        set extip 1.2.3.4\n        set mappedip \"10.0.0.1\"\n", "load-balance"},
        {"        set extip 1.2.3.4\n", "mappedip"},
        {"        set extip 1.2.3.4\n        set mappedip \"10.0.0.9-10.0.0.1\"\n", "10.0.0.9-10.0.0.1"},
        {"        set extip 1.2.3.4\n        set mappedip \"10.0.0.1\"\n        set portforward enable\n", "extport"},
        {"        set extip 1.2.3.4\n        set mappedip \"10.0.0.1\"\n        set srcintf-filter \"x\"\n", "srcintf-filter"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *conf = xasprintf("config firewall vip\n    edit \"v\"\n%s    next\nend\n%s", bad[i].vip, pol);
        Err e2 = {0};
        Status st = parse_text(conf, NC_FMT_FORTIGATE, &e2);
        free(conf);
        if (st == ST_OK || strcmp(e2.code, "netcheck_unsupported") != 0 || !strstr(e2.en, bad[i].where))
            fail_msg("vip case %zu: got %d %s: %s", i, st, e2.code, e2.en);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_iptables_corpus),
        cmocka_unit_test(test_nft_corpus),
        cmocka_unit_test(test_rtx_corpus),
        cmocka_unit_test(test_rtx_nat),
        cmocka_unit_test(test_ios_object_groups),
        cmocka_unit_test(test_asa_twice_nat),
        cmocka_unit_test(test_fortigate_corpus),
        cmocka_unit_test(test_ios_corpus),
        cmocka_unit_test(test_asa_corpus),
        cmocka_unit_test(test_nat),
        cmocka_unit_test(test_fortigate_vip),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_rule_limit),
        cmocka_unit_test(test_zone_check),
        cmocka_unit_test(test_diff),
        cmocka_unit_test(test_bad_topology),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
