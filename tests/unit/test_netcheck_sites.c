/* netcheck and the 情報システム台帳: a topology whose My Number zone is given by its systems, bound to
 * the register's names and zones (sysmap.c), run through nc_run_check (run.c) into the result JSON;
 * and every bad input of the link (unknown system, zone mismatch, unknown zone, empty zone, a
 * configuration no device has, a device without its configuration). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/xmalloc.h"
#include "netcheck/run.h"

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

static const NcSystemRef register_systems[] = {
    {"JUKI", "住民基本台帳システム", "mynumber", NULL},
    {"ZEIMU", "税務システム", "mynumber", NULL},
    {"WEB", "ホームページ", "internet", NULL},
    {"MAILGW", "メール無害化システム", "lgwan", NULL},
    {"INETMAIL", "インターネットメール", "internet", NULL},
    {"SCREEN", "画面転送システム", "lgwan", NULL},
};
#define N_REGISTER (sizeof register_systems / sizeof register_systems[0])

typedef struct Site {
    NcFile files[3]; /* topology, lgwan-fw, mynumber-fw */
    NcRunInput in;
} Site;

static void site_open(Site *s, const char *topology_name, const char *topology_text)
{
    memset(s, 0, sizeof *s);
    const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
    assert_non_null(f);
    s->in.matrix = (NcFile){"netcheck.yaml", (const char *)f->data, f->len};
    size_t n;
    if (topology_text)
        s->files[0] = (NcFile){topology_name, xstrdup(topology_text), strlen(topology_text)};
    else {
        char *text = slurp(topology_name, &n);
        s->files[0] = (NcFile){topology_name, text, n};
    }
    char *a = slurp("lgwan-fw.iptables", &n);
    s->files[1] = (NcFile){"uploads/lgwan-fw.iptables", a, n};
    char *b = slurp("mynumber-fw.nft.json", &n);
    s->files[2] = (NcFile){"mynumber-fw.nft.json", b, n};
    s->in.topology = s->files[0];
    s->in.configs = &s->files[1];
    s->in.n_configs = 2;
    s->in.systems = register_systems;
    s->in.n_systems = N_REGISTER;
    s->in.hygiene = true;
}

static void site_close(Site *s)
{
    for (int i = 0; i < 3; i++)
        free((char *)s->files[i].data);
}

static void test_register_names(void **state)
{
    (void)state;
    Site s;
    site_open(&s, "site-systems.yaml", NULL);
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    if (nc_run_check(&s.in, &out, &sum, &e) != ST_OK)
        fail_msg("%s", e.en);
    /* the same four forbidden paths as site.yaml: the two systems together are 10.1.0.0/16 */
    assert_int_equal(sum.violations, 4);
    json_t *r = json_loads(out, 0, NULL);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "kind")), "check");
    json_t *systems = json_object_get(r, "systems");
    assert_int_equal(json_array_size(systems), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(systems, 0), "name")), "住民基本台帳システム");
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(systems, 0), "zone_label"), "ja")),
                        "マイナンバー利用事務系");
    json_t *v = json_object_get(r, "violations");
    assert_int_equal(json_array_size(v), 4);
    int named = 0;
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i), *w = json_object_get(x, "witness");
        json_t *src = json_object_get(w, "src_system");
        if (strcmp(json_string_value(json_object_get(x, "from")), "mynumber") == 0) {
            /* the witness leaves from a system of the register, named as the register names it */
            const char *name = json_string_value(json_object_get(src, "name"));
            assert_non_null(name);
            assert_true(!strcmp(name, "住民基本台帳システム") || !strcmp(name, "税務システム"));
            assert_string_equal(json_string_value(json_object_get(json_object_get(x, "from_label"), "ja")),
                                "マイナンバー利用事務系");
            named++;
        } else
            assert_true(json_is_null(src));
        assert_true(json_array_size(json_object_get(x, "path")) >= 1);
        assert_non_null(json_string_value(json_object_get(json_object_get(x, "rule"), "en")));
    }
    assert_int_equal(named, 2);
    assert_true(json_array_size(json_object_get(r, "hygiene")) == sum.findings);
    json_decref(r);
    free(out);
    site_close(&s);
}

/* Without the register the topology may name and place its systems itself. */
static void test_topology_names(void **state)
{
    (void)state;
    const char *topo = "model: beta\nzones: {mynumber: [], lgwan: [10.2.0.0/16], internet: [10.3.0.0/16, 203.0.113.0/24], "
                       "external: [0.0.0.0/0]}\n"
                       "systems:\n  - {code: JUKI, name: 住基, zone: mynumber, addresses: [10.1.0.0/16]}\n"
                       "devices:\n  - {name: fw-lgwan, config: lgwan-fw.iptables, interfaces: {eth0: lgwan, eth1: internet, eth2: {to: fw-mynumber.lan1}}}\n"
                       "  - {name: fw-mynumber, config: mynumber-fw.nft.json, interfaces: {lan1: {to: fw-lgwan.eth2}, lan0: mynumber}}\n";
    Site s;
    site_open(&s, "t.yaml", topo);
    s.in.systems = NULL;
    s.in.n_systems = 0;
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    if (nc_run_check(&s.in, &out, &sum, &e) != ST_OK)
        fail_msg("%s", e.en);
    assert_int_equal(sum.violations, 4);
    assert_non_null(strstr(out, "\"name\":\"住基\""));
    free(out);
    site_close(&s);
}

static void test_bad_links(void **state)
{
    (void)state;
    const char *head = "model: beta\nzones: {mynumber: [], lgwan: [10.2.0.0/16], internet: [10.3.0.0/16, 203.0.113.0/24], "
                       "external: [0.0.0.0/0]}\n";
    const char *devs = "devices:\n  - {name: fw-lgwan, config: lgwan-fw.iptables, interfaces: {eth0: lgwan, eth1: internet, eth2: {to: fw-mynumber.lan1}}}\n"
                       "  - {name: fw-mynumber, config: mynumber-fw.nft.json, interfaces: {lan1: {to: fw-lgwan.eth2}, lan0: mynumber}}\n";
    struct {
        const char *systems;
        bool with_register;
        const char *code, *where;
    } cases[] = {
        /* a code the register does not know, with the line of the topology */
        {"systems:\n  - {code: KOSEKI, addresses: [10.1.0.0/16]}\n", true, "netcheck_topology", "KOSEKI"},
        {"systems:\n  - {code: KOSEKI, addresses: [10.1.0.0/16]}\n", true, "netcheck_topology", "t.yaml:4:"},
        /* the topology places the system in another zone than the register */
        {"systems:\n  - {code: JUKI, zone: lgwan, addresses: [10.1.0.0/16]}\n", true, "netcheck_topology", "register mynumber"},
        /* no register and no zone */
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n", false, "netcheck_topology", "zone is unknown"},
        /* a zone that is none of the policy's */
        {"systems:\n  - {code: JUKI, zone: dmz, addresses: [10.1.0.0/16]}\n", false, "netcheck_topology", "dmz"},
        /* an empty zone with no system to give it addresses */
        {"", true, "netcheck_topology", "zone \"mynumber\" has no addresses"},
        /* a system twice, a system without addresses, an unknown key */
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/17]}\n  - {code: JUKI, addresses: [10.1.128.0/17]}\n", true,
         "netcheck_topology", "appears twice"},
        {"systems:\n  - {code: JUKI}\n", true, "netcheck_topology", "list of addresses"},
        {"systems:\n  - {code: JUKI, adresses: [10.1.0.0/16]}\n", true, "netcheck_topology", "adresses"},
        {"systems: JUKI\n", true, "netcheck_topology", "list of information systems"},
        /* relays from the register: a kind the model does not name, a relay in a zone the kind cannot
         * cross from, services without relay, relay without services, a bad service */
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n  - {code: MAILGW, relay: fax, services: [tcp/25], addresses: [10.2.0.25]}\n",
         true, "netcheck_topology", "relay kind \"fax\""},
        {"systems:\n  - {code: JUKI, relay: mail, services: [tcp/25], addresses: [10.1.0.0/16]}\n", true,
         "netcheck_topology", "system \"JUKI\" is in zone mynumber"},
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n  - {code: MAILGW, relay: security_cloud, services: [tcp/443], addresses: [10.2.0.25]}\n",
         true, "netcheck_topology", "no security_cloud relay"},
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n  - {code: MAILGW, services: [tcp/25], addresses: [10.2.0.25]}\n",
         true, "netcheck_topology", "services goes with a relay kind"},
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n  - {code: MAILGW, relay: mail, addresses: [10.2.0.25]}\n",
         true, "netcheck_topology", "services (e.g. [tcp/25])"},
        {"systems:\n  - {code: JUKI, addresses: [10.1.0.0/16]}\n  - {code: MAILGW, relay: mail, services: [smtp], addresses: [10.2.0.25]}\n",
         true, "netcheck_topology", "smtp"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *topo = xasprintf("%s%s%s", head, cases[i].systems, devs);
        Site s;
        site_open(&s, "t.yaml", topo);
        free(topo);
        if (!cases[i].with_register) {
            s.in.systems = NULL;
            s.in.n_systems = 0;
        }
        char *out = NULL;
        NcRunSummary sum;
        Err e = {0};
        Status st = nc_run_check(&s.in, &out, &sum, &e);
        if (st == ST_OK || strcmp(e.code, cases[i].code) != 0 || !strstr(e.en, cases[i].where) || !e.ja[0])
            fail_msg("case %zu: status %d, %s: %s", i, st, e.code, e.en);
        site_close(&s);
    }
}

static json_t *run_site(Site *s)
{
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    if (nc_run_check(&s->in, &out, &sum, &e) != ST_OK)
        fail_msg("%s", e.en);
    json_t *r = json_loads(out, 0, NULL);
    assert_non_null(r);
    free(out);
    return r;
}

static json_t *violation(json_t *r, const char *from, const char *to)
{
    json_t *v = json_object_get(r, "violations"), *x;
    size_t i;
    json_array_foreach(v, i, x) if (!strcmp(json_string_value(json_object_get(x, "from")), from) &&
                                    !strcmp(json_string_value(json_object_get(x, "to")), to)) return x;
    return NULL;
}

/* The relays as systems of the register (`relay:`) instead of a `relays:` list: the same relays, so the
 * same four paths with the same packet counts as site-systems.yaml, and the result lists each relay
 * by its register name and code. */
static void test_relays_from_register(void **state)
{
    (void)state;
    Site a, b;
    site_open(&a, "site-systems.yaml", NULL);
    site_open(&b, "site-relays.yaml", NULL);
    json_t *ra = run_site(&a), *rb = run_site(&b);
    json_t *va = json_object_get(ra, "violations");
    assert_int_equal(json_array_size(va), 4);
    assert_int_equal(json_array_size(json_object_get(rb, "violations")), 4);
    json_t *x;
    size_t i;
    json_array_foreach(va, i, x) {
        json_t *y = violation(rb, json_string_value(json_object_get(x, "from")), json_string_value(json_object_get(x, "to")));
        assert_non_null(y);
        assert_true(json_equal(json_object_get(x, "packets"), json_object_get(y, "packets")));
    }
    json_t *relays = json_object_get(rb, "relays");
    assert_int_equal(json_array_size(relays), 3);
    json_t *r0 = json_array_get(relays, 0);
    assert_string_equal(json_string_value(json_object_get(r0, "name")), "メール無害化システム");
    assert_string_equal(json_string_value(json_object_get(r0, "kind")), "mail");
    assert_string_equal(json_string_value(json_object_get(r0, "system")), "MAILGW");
    assert_string_equal(json_string_value(json_object_get(json_array_get(relays, 2), "name")), "画面転送システム");
    /* each relay with its zone and its services, as the page and the PDF show them */
    assert_string_equal(json_string_value(json_object_get(r0, "zone")), "lgwan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r0, "zone_label"), "ja")), "LGWAN接続系");
    assert_string_equal(json_string_value(json_array_get(json_object_get(r0, "services"), 0)), "tcp/25");
    assert_string_equal(json_string_value(json_object_get(json_array_get(relays, 1), "zone")), "internet");
    assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(relays, 2), "services"), 0)),
                        "tcp/443");
    /* the topology's own relays have no system */
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(ra, "relays"), 0), "system")));
    /* a topology relay stands in the zone of its first address */
    json_t *screen = json_array_get(json_object_get(ra, "relays"), 1);
    assert_string_equal(json_string_value(json_object_get(screen, "zone")), "lgwan");
    assert_string_equal(json_string_value(json_array_get(json_object_get(screen, "services"), 0)), "tcp/443");
    json_t *sys = json_object_get(rb, "systems");
    assert_string_equal(json_string_value(json_object_get(json_array_get(sys, 2), "relay")), "mail");
    assert_true(json_is_null(json_object_get(json_array_get(sys, 0), "relay")));
    json_decref(ra);
    json_decref(rb);
    site_close(&a);
    site_close(&b);

    /* The LGWAN firewall letting all TCP through to the mail relay (and no ping): Internet → LGWAN is
     * that TCP except the relay's tcp/25, from the Internet zone (10.3.0.0/16 and 203.0.113.0/24, 65,792
     * addresses): 65,792 × 65,535 ports × 65,536 source ports; the witness is named as the register names
     * the relay. Without `relay:` on MAILGW port 25 to it is forbidden as well, except from INETMAIL
     * (203.0.113.25, still a mail relay): 65,792 × 65,535 × 65,536 + 65,791 × 65,536. */
    site_open(&b, "site-relays.yaml", NULL);
    size_t n;
    char *ipt = slurp("lgwan-fw.iptables", &n);
    Buf m = BUF_INIT;
    char *at = strstr(ipt, "-A FORWARD -p icmp -m icmp --icmp-type 8 -j ACCEPT\n");
    assert_non_null(at);
    buf_append(&m, ipt, (size_t)(at - ipt));
    buf_puts(&m, "-A FORWARD -i eth1 -o eth0 -d 10.2.0.25/32 -p tcp -j ACCEPT\n");
    buf_puts(&m, strchr(at, '\n') + 1);
    free(ipt);
    free((char *)b.files[1].data);
    b.files[1].data = m.data;
    b.files[1].len = m.len;
    rb = run_site(&b);
    json_t *il = violation(rb, "internet", "lgwan");
    assert_non_null(il);
    assert_true(json_real_value(json_object_get(il, "packets")) == 65792.0 * 65535.0 * 65536.0 ||
                json_integer_value(json_object_get(il, "packets")) == (json_int_t)65792 * 65535 * 65536);
    json_t *w = json_object_get(il, "witness");
    assert_string_equal(json_string_value(json_object_get(w, "dst")), "10.2.0.25");
    assert_int_not_equal(json_integer_value(json_object_get(w, "dport")), 25);
    assert_string_equal(json_string_value(json_object_get(json_object_get(w, "dst_system"), "name")), "メール無害化システム");
    json_decref(rb);
    /* the same without MAILGW's relay: port 25 to it is forbidden too */
    char *topo = xstrdup(b.files[0].data);
    char *r = strstr(topo, "code: MAILGW, relay: mail, services: [tcp/25], ");
    assert_non_null(r);
    memmove(r + strlen("code: MAILGW, "), r + strlen("code: MAILGW, relay: mail, services: [tcp/25], "),
            strlen(r + strlen("code: MAILGW, relay: mail, services: [tcp/25], ")) + 1);
    free((char *)b.files[0].data);
    b.files[0] = (NcFile){"site-relays.yaml", topo, strlen(topo)};
    b.in.topology = b.files[0];
    rb = run_site(&b);
    il = violation(rb, "internet", "lgwan");
    assert_true(json_real_value(json_object_get(il, "packets")) == 65792.0 * 65535.0 * 65536.0 + 65791.0 * 65536.0 ||
                json_integer_value(json_object_get(il, "packets")) == (json_int_t)65792 * 65535 * 65536 + (json_int_t)65791 * 65536);
    assert_int_equal(json_array_size(json_object_get(rb, "relays")), 2);
    json_decref(rb);
    site_close(&b);
}

/* Removes every occurrence of cut from text (in place). */
static void cut_all(char *text, const char *cut)
{
    char *p;
    while ((p = strstr(text, cut)))
        memmove(p, p + strlen(cut), strlen(p + strlen(cut)) + 1);
}

/* The relay kinds from the register's 無害化中継の種類 (relay_kind): site-relays.yaml without any
 * `relay:` (services kept) against a register whose MAILGW, INETMAIL and SCREEN carry the kinds gives
 * the same relays and the same four paths and counts as the topology's own kinds. The topology's
 * `relay:` overrides the register's; a register relay without services, and services on a system the
 * register has no kind for, are refused with the line. */
static void test_relay_kind_from_register(void **state)
{
    (void)state;
    static const NcSystemRef kinds[] = {
        {"JUKI", "住民基本台帳システム", "mynumber", ""},   {"ZEIMU", "税務システム", "mynumber", NULL},
        {"WEB", "ホームページ", "internet", ""},            {"MAILGW", "メール無害化システム", "lgwan", "mail"},
        {"INETMAIL", "インターネットメール", "internet", "mail"}, {"SCREEN", "画面転送システム", "lgwan", "screen"},
    };
    Site a, b;
    site_open(&a, "site-relays.yaml", NULL);
    site_open(&b, "site-relays.yaml", NULL);
    cut_all((char *)b.files[0].data, "relay: mail, ");
    cut_all((char *)b.files[0].data, "relay: screen, ");
    assert_null(strstr(b.files[0].data, "relay: mail"));
    assert_null(strstr(b.files[0].data, "relay: screen"));
    b.files[0].len = strlen(b.files[0].data);
    b.in.topology = b.files[0];
    b.in.systems = kinds;
    b.in.n_systems = sizeof kinds / sizeof kinds[0];
    json_t *ra = run_site(&a), *rb = run_site(&b);
    assert_true(json_equal(json_object_get(ra, "relays"), json_object_get(rb, "relays")));
    assert_true(json_equal(json_object_get(ra, "violations"), json_object_get(rb, "violations")));
    assert_true(json_equal(json_object_get(ra, "systems"), json_object_get(rb, "systems")));
    assert_int_equal(json_array_size(json_object_get(rb, "relays")), 3);
    json_decref(ra);
    json_decref(rb);

    /* the topology's kind wins: MAILGW written as a screen relay although the register says mail */
    char *topo = xasprintf("%s", a.files[0].data);
    char *at = strstr(topo, "code: MAILGW, relay: mail");
    assert_non_null(at);
    memcpy(at + strlen("code: MAILGW, relay: "), "file", 4); /* "mail" → "file" */
    free((char *)a.files[0].data);
    a.files[0] = (NcFile){"site-relays.yaml", topo, strlen(topo)};
    a.in.topology = a.files[0];
    a.in.systems = kinds;
    a.in.n_systems = sizeof kinds / sizeof kinds[0];
    ra = run_site(&a);
    json_t *r0 = json_array_get(json_object_get(ra, "relays"), 0);
    assert_string_equal(json_string_value(json_object_get(r0, "system")), "MAILGW");
    assert_string_equal(json_string_value(json_object_get(r0, "kind")), "file");
    json_decref(ra);

    /* the register's relay without services in the topology; services where the register has no kind */
    const char *bad[][2] = {
        {"code: MAILGW, services: [tcp/25], ", "code: MAILGW, "},
        {"code: ZEIMU, ", "code: ZEIMU, services: [tcp/25], "},
    };
    for (size_t i = 0; i < 2; i++) {
        Buf t = BUF_INIT;
        const char *text = b.files[0].data, *p = strstr(text, bad[i][0]);
        assert_non_null(p);
        buf_append(&t, text, (size_t)(p - text));
        buf_puts(&t, bad[i][1]);
        buf_puts(&t, p + strlen(bad[i][0]));
        b.in.topology = (NcFile){"site-relays.yaml", t.data, t.len};
        char *out = NULL;
        NcRunSummary sum;
        Err e = {0};
        assert_int_equal(nc_run_check(&b.in, &out, &sum, &e), ST_INVALID);
        assert_string_equal(e.code, "netcheck_topology");
        assert_non_null(strstr(e.en, i == 0 ? "is a mail relay: write the services" : "services goes with a relay kind"));
        assert_non_null(strstr(e.en, "site-relays.yaml"));
        free(out);
        buf_free(&t);
    }
    site_close(&a);
    site_close(&b);
}

/* The RTX's NAT descriptors followed through a site (nat-edge.rtx): pp1 and lan2 face the Internet, lan1
 * the My Number zone (192.168.100.0/24, 256 addresses; the Internet is the other 2^32 - 256). Arriving on
 * pp1, tcp/80 to any address becomes 192.168.100.2:80 (masquerade static, line 14) and tcp/8080
 * 192.168.100.3:80 (line 15); the in-filter passes both (lines 10, 11) and rejects the rest (line 12):
 * 2 × (2^32 - 256) sources × 2^32 destinations × 2^16 source ports reach the My Number zone, each
 * reported with the packet as sent, as delivered and the NAT rule. */
static void test_rtx_nat_site(void **state)
{
    (void)state;
    const char *topo = "model: beta\nzones: {mynumber: [192.168.100.0/24], external: [0.0.0.0/0]}\n"
                       "devices:\n  - {name: rtx, config: nat-edge.rtx, interfaces: {pp1: external, lan1: mynumber}}\n";
    const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
    size_t n;
    char *cfg = slurp("nat-edge.rtx", &n);
    NcFile files[1] = {{"nat-edge.rtx", cfg, n}};
    NcRunInput in = {.matrix = {"netcheck.yaml", (const char *)f->data, f->len}, .topology = {"t.yaml", topo, strlen(topo)},
                     .configs = files, .n_configs = 1, .hygiene = false};
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    if (nc_run_check(&in, &out, &sum, &e) != ST_OK)
        fail_msg("%s", e.en);
    json_t *r = json_loads(out, 0, NULL), *x;
    /* one violation per NAT part: the 2^16 × (2^32 - 256) already sent to 192.168.100.2:80 (identity),
     * the others to port 80 (translated by line 14), those to port 8080 (line 15) */
    double total = 0;
    int seen14 = 0, seen15 = 0;
    size_t i;
    json_array_foreach(json_object_get(r, "violations"), i, x) {
        if (strcmp(json_string_value(json_object_get(x, "from")), "external"))
            continue;
        total += json_number_value(json_object_get(x, "packets"));
        json_t *hop = json_array_get(json_object_get(x, "path"), 0), *d = json_object_get(x, "delivered");
        const char *nat = json_string_value(json_array_get(json_object_get(hop, "nat_before"), 0));
        const char *rule = json_string_value(json_array_get(json_object_get(hop, "rules"), 0));
        assert_non_null(nat);
        if (strstr(nat, "nat-edge.rtx:14: nat descriptor masquerade static") && json_is_object(d)) {
            assert_string_equal(json_string_value(json_object_get(d, "dst")), "192.168.100.2");
            assert_non_null(strstr(rule, "nat-edge.rtx:10: ip filter 200080"));
            seen14++;
        } else if (strstr(nat, "nat-edge.rtx:15: ")) {
            assert_string_equal(json_string_value(json_object_get(d, "dst")), "192.168.100.3");
            assert_int_equal(json_integer_value(json_object_get(d, "dport")), 80);
            assert_int_equal(json_integer_value(json_object_get(json_object_get(x, "witness"), "dport")), 8080);
            assert_non_null(strstr(rule, "nat-edge.rtx:11: ip filter 200081"));
            seen15++;
        }
    }
    assert_true(total == 2.0 * (4294967296.0 - 256.0) * 281474976710656.0);
    assert_int_equal(seen14, 1);
    assert_int_equal(seen15, 1);
    json_decref(r);
    free(out);
    free(cfg);
}

static void test_bad_configs(void **state)
{
    (void)state;
    Site s;
    site_open(&s, "site-systems.yaml", NULL);
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    /* one device's configuration left out */
    s.in.n_configs = 1;
    assert_int_not_equal(nc_run_check(&s.in, &out, &sum, &e), ST_OK);
    assert_string_equal(e.code, "netcheck_config_missing");
    assert_non_null(strstr(e.en, "fw-mynumber"));
    /* a configuration no device names */
    s.files[1].name = "router.cfg";
    s.in.n_configs = 2;
    e = (Err){0};
    assert_int_not_equal(nc_run_check(&s.in, &out, &sum, &e), ST_OK);
    assert_string_equal(e.code, "netcheck_config_unmatched");
    assert_string_equal(e.field, "configs");
    /* a configuration the parser does not understand: its file and line */
    s.files[1].name = "lgwan-fw.iptables";
    free((char *)s.files[1].data);
    s.files[1].data = xstrdup("*filter\n:FORWARD DROP [0:0]\n-A FORWARD --frobnicate -j ACCEPT\nCOMMIT\n");
    s.files[1].len = strlen(s.files[1].data);
    e = (Err){0};
    assert_int_not_equal(nc_run_check(&s.in, &out, &sum, &e), ST_OK);
    assert_non_null(strstr(e.en, "lgwan-fw.iptables:3"));
    site_close(&s);
}

static void test_diff(void **state)
{
    (void)state;
    size_t n;
    char *before = slurp("lgwan-fw.iptables", &n);
    Buf after = BUF_INIT;
    /* the change: one more rule ahead of the others, opening tcp/3389 from the internet side */
    const char *marker = "-A FORWARD";
    char *at = strstr(before, marker);
    assert_non_null(at);
    buf_append(&after, before, (size_t)(at - before));
    buf_puts(&after, "-A FORWARD -p tcp -m tcp --dport 3389 -j ACCEPT\n");
    buf_puts(&after, at);
    NcFile files[2] = {{"before.iptables", before, n}, {"after.iptables", after.data, after.len}};
    NcRunInput in = {.configs = files, .n_configs = 2, .hygiene = true};
    char *out = NULL;
    NcRunSummary sum;
    Err e = {0};
    if (nc_run_diff(&in, &out, &sum, &e) != ST_OK)
        fail_msg("%s", e.en);
    assert_true(sum.opened >= 1);
    json_t *r = json_loads(out, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(r, "kind")), "diff");
    json_t *c = json_array_get(json_object_get(r, "changes"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "change")), "opened");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "witness"), "dport")), 3389);
    json_decref(r);
    free(out);
    in.n_configs = 1;
    e = (Err){0};
    assert_int_not_equal(nc_run_diff(&in, &out, &sum, &e), ST_OK);
    assert_string_equal(e.code, "netcheck_config_missing");
    free(before);
    buf_free(&after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_names),
        cmocka_unit_test(test_topology_names),
        cmocka_unit_test(test_bad_links),
        cmocka_unit_test(test_relays_from_register),
        cmocka_unit_test(test_relay_kind_from_register),
        cmocka_unit_test(test_rtx_nat_site),
        cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
