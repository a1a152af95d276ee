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
#include "core/xmalloc.h"
#include "netcheck/eval.h"
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
    assert_int_equal(rs->n_notes, 5); /* the nat table's four chains and MASQUERADE: outside the model */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_iptables_corpus),
        cmocka_unit_test(test_nft_corpus),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_rule_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
