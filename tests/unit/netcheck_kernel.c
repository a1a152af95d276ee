/* The netcheck engine against the Linux kernel itself: random iptables rulesets are loaded into a
 * private network namespace (run under `unshare -rn`, see scripts/netcheck-kernel.sh), packets with
 * random headers are sent through a raw socket, and the kernel's verdict (sendto succeeds, or fails
 * with EPERM when the OUTPUT chain drops it) is compared with the engine's (the BDD and the concrete
 * trace). Any disagreement fails, with the ruleset and the packet printed. Exit 77 (skipped) with a
 * clear message when the machine cannot run it. The kernel sees the rules in OUTPUT, the engine in
 * FORWARD with the packet leaving on v0. usage: netcheck_kernel [ROUNDS PACKETS SEED [iptables|nft]]; in nft
 * mode the engine reads the kernel's own `nft -j list ruleset` of the loaded rules (the nft JSON parser
 * against real output). In nat mode the rulesets also translate: DNAT rules in the kernel's nat OUTPUT
 * chain (the engine's PREROUTING: both run before the filter chain) and SNAT rules in POSTROUTING; the
 * packet the kernel lets out is captured on the veth peer and its addresses and ports compared with the
 * engine's translation (nc_nat_translate) and the BDD image (nc_nat_split). Every packet has its own
 * source port, so conntrack never reuses a binding made under an earlier ruleset. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "netcheck/check.h"
#include "netcheck/eval.h"
#include "netcheck/nat.h"
#include "netcheck/parse.h"

static const char *const prefixes[] = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "192.168.0.0/16",
                                       "0.0.0.0/1", "172.16.0.0/12", "10.1.2.0/25"};
static const uint32_t hosts[] = {0x0a010203, 0x0a010204, 0x0a0102f0, 0x0a010909, 0x0a090909, 0xc0a80101,
                                 0xac100001, 0xc8010101, 0x0b000001};
static const char *const ports[] = {"22", "25", "80", "443", "1000", "8080", "65535", "1000:2000", "80:443", "1:1023"};
static const uint16_t pkt_ports[] = {22, 25, 80, 443, 1000, 1500, 8080, 65535, 3, 2000, 2001};
static const char *const icmp_types[] = {"8", "0", "3", "echo-request", "3/1", "11"};

static int pick(int n) { return rand() % n; }

/* nft mode: the kernel's own `nft -j list ruleset` of the loaded rules is what the engine reads, so
 * only what iptables-nft writes as native nftables expressions is generated (no multiport, icmp types
 * or LOG, which it keeps as xt compat statements the JSON parser refuses). */
static bool nft_mode;
static bool nat_mode;     /* iptables nat rules (nat) or native nft ones (nftnat) */
static bool nftnat_mode;

/* A nat rule: DNAT (before the filter) or SNAT (after it), address only or with a port, or a rule that
 * ends the chain untranslated. No port for SNAT: many connections onto one address and port would make
 * the kernel pick another port. */
static void add_nat_rule(Buf *b, const char *chain, bool dnat)
{
    buf_printf(b, "-A %s", chain);
    if (pick(10) < 4)
        buf_printf(b, "%s -s %s", pick(5) == 0 ? " !" : "", prefixes[pick(8)]);
    if (pick(10) < 4)
        buf_printf(b, "%s -d %s", pick(5) == 0 ? " !" : "", prefixes[pick(8)]);
    bool l4 = pick(2);
    const char *p = pick(2) ? "tcp" : "udp";
    if (l4) {
        buf_printf(b, " -p %s", p);
        if (pick(2))
            buf_printf(b, " -m %s%s --dport %s", p, pick(5) == 0 ? " !" : "", ports[pick(10)]);
    }
    uint32_t h = hosts[pick(9)];
    char a[16];
    nc_format_ipv4(h, a);
    int t = pick(10);
    if (t < 1)
        buf_puts(b, pick(2) ? " -j ACCEPT" : " -j RETURN");
    else if (dnat && t < 3)
        buf_printf(b, " -j REDIRECT%s", l4 && pick(2) ? " --to-ports 8080" : "");
    else if (dnat)
        buf_printf(b, " -j DNAT --to-destination %s%s", a, l4 && pick(2) ? ":8080" : "");
    else if (t < 4)
        buf_puts(b, " -j MASQUERADE");
    else
        buf_printf(b, " -j SNAT --to-source %s", a);
    buf_puts(b, "\n");
}

/* The same kinds of rules written natively for nft (nftnat mode): a nat rule of the chain pre (hook
 * output, the engine's prerouting) or post, a filter rule of filt or usr. */
static const char *const nft_prefixes[] = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "192.168.0.0/16",
                                           "0.0.0.0/1", "172.16.0.0/12", "10.1.2.0/25"};
static const char *const nft_ports[] = {"22", "25", "80", "443", "1000", "8080", "65535", "1000-2000", "80-443", "1-1023"};

static bool nft_addresses(Buf *b)
{
    if (pick(10) < 4)
        buf_printf(b, " ip saddr%s %s", pick(5) == 0 ? " !=" : "", nft_prefixes[pick(8)]);
    if (pick(10) < 4)
        buf_printf(b, " ip daddr%s %s", pick(5) == 0 ? " !=" : "", nft_prefixes[pick(8)]);
    return true;
}

static void add_nft_nat_rule(Buf *b, bool dnat)
{
    buf_puts(b, "    ");
    nft_addresses(b);
    bool l4 = pick(2);
    const char *p = pick(2) ? "tcp" : "udp";
    if (l4) {
        buf_printf(b, " meta l4proto %s", p);
        if (pick(2))
            buf_printf(b, " %s dport%s %s", p, pick(5) == 0 ? " !=" : "", nft_ports[pick(10)]);
    }
    char a[16];
    nc_format_ipv4(hosts[pick(9)], a);
    int t = pick(10);
    if (t < 1)
        buf_puts(b, pick(2) ? " accept" : " return");
    else if (dnat && t < 3)
        buf_printf(b, " redirect%s", l4 && pick(2) ? " to :8080" : "");
    else if (dnat)
        buf_printf(b, " dnat to %s%s", a, l4 && pick(2) ? ":8080" : "");
    else if (t < 4)
        buf_puts(b, " masquerade");
    else
        buf_printf(b, " snat to %s", a);
    buf_puts(b, "\n");
}

static void add_nft_rule(Buf *b, bool user)
{
    buf_puts(b, "    ");
    nft_addresses(b);
    if (pick(10) < 2)
        buf_printf(b, " oifname%s \"%s\"", pick(4) == 0 ? " !=" : "", pick(2) ? "v0" : "v9");
    int proto = pick(5);
    if (proto == 1 || proto == 2) {
        const char *p = proto == 1 ? "tcp" : "udp";
        buf_printf(b, " meta l4proto %s", p);
        if (pick(2))
            buf_printf(b, " %s dport%s %s", p, pick(5) == 0 ? " !=" : "", nft_ports[pick(10)]);
        if (pick(10) < 2)
            buf_printf(b, " %s sport %s", p, nft_ports[pick(10)]);
    } else if (proto == 3)
        buf_puts(b, " meta l4proto icmp");
    else if (proto == 4)
        buf_puts(b, " meta l4proto gre");
    int c = pick(10);
    if (c < 1)
        buf_puts(b, " ct state new");
    else if (c < 2)
        buf_puts(b, " ct state established,related");
    else if (c < 4)
        buf_puts(b, " ct status dnat");
    int a = pick(20);
    if (a < 8)
        buf_puts(b, " accept");
    else if (a < 16)
        buf_puts(b, " drop");
    else if (a < 18 && !user)
        buf_puts(b, pick(2) ? " jump usr" : " goto usr");
    else if (a < 18)
        buf_puts(b, " return");
    else
        buf_puts(b, " counter");
    buf_puts(b, "\n");
}

/* nftnat mode: one nft script the kernel loads (nft -f); the engine reads nft's JSON listing of it. */
static void generate_nft(Buf *kernel)
{
    buf_puts(kernel, "flush ruleset\ntable ip t {\n  chain pre {\n    type nat hook output priority -100; policy accept;\n");
    for (int i = pick(6); i > 0; i--)
        add_nft_nat_rule(kernel, true);
    buf_puts(kernel, "  }\n  chain post {\n    type nat hook postrouting priority 100; policy accept;\n");
    for (int i = pick(4); i > 0; i--)
        add_nft_nat_rule(kernel, false);
    buf_printf(kernel, "  }\n  chain usr {\n");
    for (int i = pick(8); i > 0; i--)
        add_nft_rule(kernel, true);
    buf_printf(kernel, "  }\n  chain filt {\n    type filter hook output priority 0; policy %s;\n", pick(2) ? "accept" : "drop");
    for (int i = 3 + pick(25); i > 0; i--)
        add_nft_rule(kernel, false);
    buf_puts(kernel, "  }\n}\n");
}

static void add_rule(Buf *b, const char *chain, bool user)
{
    buf_printf(b, "-A %s", chain);
    int proto = pick(5); /* 0 any, 1 tcp, 2 udp, 3 icmp, 4 gre */
    if (pick(10) < 4)
        buf_printf(b, "%s -s %s", pick(5) == 0 ? " !" : "", prefixes[pick(8)]);
    if (pick(10) < 4)
        buf_printf(b, "%s -d %s", pick(5) == 0 ? " !" : "", prefixes[pick(8)]);
    if (pick(10) < 2)
        buf_printf(b, "%s -o %s", pick(4) == 0 ? " !" : "", pick(2) ? "v0" : "v9");
    if (proto == 1 || proto == 2) {
        const char *p = proto == 1 ? "tcp" : "udp";
        buf_printf(b, "%s -p %s", pick(8) == 0 ? " !" : "", p);
        if (strstr(buf_str(b) + b->len - 8, "! -p") == NULL) {
            /* one condition per field: the IR refuses two (an intersection it does not keep) */
            int dp = pick(10);
            if (dp < 5)
                buf_printf(b, " -m %s%s --dport %s", p, pick(5) == 0 ? " !" : "", ports[pick(10)]);
            else if (dp < 7 && !nft_mode)
                buf_printf(b, " -m multiport%s --dports %s,%s", pick(5) == 0 ? " !" : "", ports[pick(7)], ports[pick(7)]);
            if (pick(10) < 2)
                buf_printf(b, " -m %s --sport %s", p, ports[pick(10)]);
        }
    } else if (proto == 3) {
        buf_printf(b, " -p icmp");
        if (pick(2) && !nft_mode)
            buf_printf(b, " -m icmp --icmp-type %s", icmp_types[pick(6)]);
    } else if (proto == 4)
        buf_printf(b, " -p gre");
    if (nat_mode && pick(10) < 3) {
        static const char *const states[] = {"NEW", "RELATED,ESTABLISHED", "DNAT", "DNAT", "NEW,DNAT", "SNAT"};
        buf_printf(b, " -m conntrack --ctstate %s", states[pick(6)]);
    }
    int a = pick(20);
    if (a < 8)
        buf_puts(b, " -j ACCEPT");
    else if (a < 16)
        buf_puts(b, " -j DROP");
    else if (a < 18 && !user)
        buf_puts(b, pick(2) ? " -j USR" : " -g USR");
    else if (a < 18)
        buf_puts(b, " -j RETURN");
    else if (a < 19 && !nft_mode)
        buf_puts(b, " -j LOG --log-prefix \"t \"");
    buf_puts(b, "\n");
}

/* The ruleset twice: as the engine reads it (FORWARD) and as the kernel runs it (OUTPUT). */
static void generate(Buf *engine, Buf *kernel)
{
    if (nat_mode) {
        int nd = pick(6), ns = pick(4);
        for (int k = 0; k < 2; k++) {
            Buf *b = k ? kernel : engine;
            buf_puts(b, "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                        ":POSTROUTING ACCEPT [0:0]\n");
        }
        for (int i = 0; i < nd + ns; i++) {
            unsigned seed = (unsigned)rand();
            bool dnat = i < nd;
            srand(seed);
            add_nat_rule(engine, dnat ? "PREROUTING" : "POSTROUTING", dnat);
            srand(seed);
            add_nat_rule(kernel, dnat ? "OUTPUT" : "POSTROUTING", dnat);
        }
        buf_puts(engine, "COMMIT\n");
        buf_puts(kernel, "COMMIT\n");
    }
    const char *pol = pick(2) ? "ACCEPT" : "DROP";
    for (int k = 0; k < 2; k++) {
        Buf *b = k ? kernel : engine;
        const char *base = k ? "OUTPUT" : "FORWARD";
        buf_printf(b, "*filter\n:INPUT ACCEPT [0:0]\n:%s %s [0:0]\n:%s ACCEPT [0:0]\n:USR - [0:0]\n", base, pol,
                   k ? "FORWARD" : "OUTPUT");
    }
    int n = 3 + pick(25), nu = pick(8);
    for (int i = 0; i < n + nu; i++) {
        unsigned seed = (unsigned)rand();
        bool user = i >= n;
        srand(seed);
        add_rule(engine, user ? "USR" : "FORWARD", user);
        srand(seed);
        add_rule(kernel, user ? "USR" : "OUTPUT", user);
    }
    buf_puts(engine, "COMMIT\n");
    buf_puts(kernel, "COMMIT\n");
}

static uint16_t csum(const uint8_t *d, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        s += (uint32_t)(d[i] << 8 | d[i + 1]);
    if (n & 1)
        s += (uint32_t)d[n - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

/* true: the kernel let it out; false: dropped (EPERM). Aborts on anything else. */
static bool kernel_send(int fd, const NcPacket *p)
{
    uint8_t pkt[64] = {0};
    size_t l4 = p->proto == 6 ? 20 : p->proto == 17 ? 8 : 8;
    size_t len = 20 + l4;
    pkt[0] = 0x45;
    pkt[2] = (uint8_t)(len >> 8);
    pkt[3] = (uint8_t)len;
    pkt[8] = 64;
    pkt[9] = p->proto;
    uint32_t s = htonl(p->src), d = htonl(p->dst);
    memcpy(pkt + 12, &s, 4);
    memcpy(pkt + 16, &d, 4);
    uint8_t *h = pkt + 20;
    if (p->proto == 6 || p->proto == 17) {
        h[0] = (uint8_t)(p->sport >> 8), h[1] = (uint8_t)p->sport;
        h[2] = (uint8_t)(p->dport >> 8), h[3] = (uint8_t)p->dport;
        if (p->proto == 6) {
            h[12] = 5 << 4;
            h[13] = 0x02; /* SYN */
            h[14] = 0xff;
        } else
            h[5] = 8;
    } else if (p->proto == 1) {
        h[0] = (uint8_t)p->sport; /* type */
        h[1] = (uint8_t)p->dport; /* code */
        uint16_t c = csum(h, 8);
        h[2] = (uint8_t)(c >> 8), h[3] = (uint8_t)c;
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = d};
    ssize_t r = sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to);
    if (r == (ssize_t)len)
        return true;
    if (r < 0 && errno == EPERM)
        return false;
    fprintf(stderr, "netcheck_kernel: sendto: %s\n", strerror(errno));
    exit(1);
}

/* The next IPv4 packet of proto with source port sport that leaves through v0, as captured on v1 (false
 * when none arrives within a second). */
static bool capture(int cfd, uint8_t proto, uint16_t sport, NcPacket *out)
{
    uint8_t buf[2048];
    for (int tries = 0; tries < 50; tries++) {
        ssize_t n = recv(cfd, buf, sizeof buf, 0);
        if (n < 0)
            return false;
        if (n < 28 || (buf[0] >> 4) != 4 || buf[9] != proto)
            continue;
        const uint8_t *h = buf + (buf[0] & 15) * 4;
        if ((uint16_t)(h[0] << 8 | h[1]) != sport)
            continue;
        out->proto = proto;
        out->src = (uint32_t)buf[12] << 24 | (uint32_t)buf[13] << 16 | (uint32_t)buf[14] << 8 | buf[15];
        out->dst = (uint32_t)buf[16] << 24 | (uint32_t)buf[17] << 16 | (uint32_t)buf[18] << 8 | buf[19];
        out->sport = sport;
        out->dport = (uint16_t)(h[2] << 8 | h[3]);
        return true;
    }
    return false;
}

static bool same(const NcPacket *a, const NcPacket *b)
{
    return a->src == b->src && a->dst == b->dst && a->proto == b->proto && a->sport == b->sport && a->dport == b->dport;
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 40, per_round = argc > 2 ? atoi(argv[2]) : 150;
    if (getuid() != 0 || run("ip link add v0 type veth peer name v1 2>/dev/null && ip link set v0 up && "
                             "ip link set v1 up && ip link set lo up && ip route add default dev v0") != 0) {
        printf("SKIP: netcheck_kernel needs a private network namespace with veth (run it under unshare -rn)\n");
        return 77;
    }
    if (run("command -v iptables-restore >/dev/null") != 0) {
        printf("SKIP: iptables-restore is not installed (Debian package iptables)\n");
        return 77;
    }
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0) {
        printf("SKIP: no raw socket in this namespace (%s)\n", strerror(errno));
        return 77;
    }
    srand(argc > 3 ? (unsigned)atoi(argv[3]) : 2026);
    nft_mode = argc > 4 && !strcmp(argv[4], "nft");
    nftnat_mode = argc > 4 && !strcmp(argv[4], "nftnat");
    nat_mode = nftnat_mode || (argc > 4 && !strcmp(argv[4], "nat"));
    int cfd = -1;
    if (nat_mode) {
        /* a resolved next hop, so translated packets leave at once and can be captured on v1 */
        if (run("ip addr add 10.255.0.1/30 dev v0 && ip route replace default via 10.255.0.2 dev v0 && "
                "ip neigh replace 10.255.0.2 lladdr $(ip -o link show v1 | sed -n 's/.*link.ether \\([0-9a-f:]*\\).*/\\1/p') dev v0 nud permanent") != 0) {
            printf("SKIP: cannot set up the next hop for the nat mode\n");
            return 77;
        }
        cfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
        struct sockaddr_ll ll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
                                 .sll_ifindex = (int)if_nametoindex("v1")};
        struct timeval tv = {.tv_sec = 1};
        if (cfd < 0 || bind(cfd, (struct sockaddr *)&ll, sizeof ll) != 0 ||
            setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
            printf("SKIP: no packet socket on v1 (%s)\n", strerror(errno));
            return 77;
        }
    }
    unsigned next_sport = 1024;
    if ((nft_mode || nftnat_mode) && run("command -v nft >/dev/null") != 0) {
        printf("SKIP: nft is not installed (Debian package nftables)\n");
        return 77;
    }
    long packets = 0, accepted = 0, disagreements = 0, translated = 0, redirected = 0, dnat_state = 0;
    char path[] = "/tmp/netcheck-kernel-XXXXXX";
    int tfd = mkstemp(path);
    if (tfd < 0)
        return 1;
    close(tfd);
    for (int r = 0; r < rounds; r++) {
        Buf eng = BUF_INIT, ker = BUF_INIT;
        if (nftnat_mode)
            generate_nft(&ker);
        else
            generate(&eng, &ker);
        FILE *f = fopen(path, "w");
        fputs(ker.data, f);
        fclose(f);
        char cmd[200];
        snprintf(cmd, sizeof cmd, nftnat_mode ? "nft -f %s" : "iptables-restore < %s", path);
        if (run(cmd) != 0) {
            fprintf(stderr, "netcheck_kernel: %s refused:\n%s", nftnat_mode ? "nft" : "iptables-restore", ker.data);
            return 1;
        }
        NcRuleset *rs = NULL;
        Err e = {0};
        if (nftnat_mode) {
            /* the kernel's listing, with the nat chain on the output hook read as prerouting (the engine's
             * packets are forwarded; the kernel's are sent from the namespace itself) */
            snprintf(cmd, sizeof cmd, "nft -j list ruleset > %s", path);
            json_t *js = run(cmd) == 0 ? json_load_file(path, 0, NULL) : NULL;
            json_t *o;
            size_t oi;
            json_array_foreach(json_object_get(js, "nftables"), oi, o) {
                json_t *ch = json_object_get(o, "chain");
                if (ch && !strcmp(json_string_value(json_object_get(ch, "name")), "pre"))
                    json_object_set_new(ch, "hook", json_string("prerouting"));
            }
            char *text = js ? json_dumps(js, JSON_COMPACT) : NULL;
            json_decref(js);
            if (!text || nc_parse("nft-native", text, strlen(text), NC_FMT_NFT_JSON, &rs, &e) != ST_OK) {
                fprintf(stderr, "netcheck_kernel: the engine refused nft's JSON: %s\n%s\n%s", e.en, text ? text : "", ker.data);
                return 1;
            }
            free(text);
            for (size_t c = 0; c < rs->n; c++)
                rs->chains[c].forward = rs->chains[c].base && !strcmp(rs->chains[c].name, "ip t filt");
        } else if (nft_mode) {
            /* the engine reads what the kernel holds, as nft writes it */
            snprintf(cmd, sizeof cmd, "nft -j list ruleset > %s", path);
            Buf js = BUF_INIT;
            FILE *jf = run(cmd) == 0 ? fopen(path, "r") : NULL;
            char chunk[4096];
            size_t k;
            while (jf && (k = fread(chunk, 1, sizeof chunk, jf)) > 0)
                buf_append(&js, chunk, k);
            if (jf)
                fclose(jf);
            if (nc_parse("nft-json", js.data ? js.data : "", js.len, NC_FMT_NFT_JSON, &rs, &e) != ST_OK) {
                fprintf(stderr, "netcheck_kernel: the engine refused nft's JSON: %s\n%s\n%s", e.en, js.data, ker.data);
                return 1;
            }
            buf_free(&js);
            /* the kernel runs the rules on the output hook; the engine asks about forwarding */
            for (size_t c = 0; c < rs->n; c++)
                rs->chains[c].forward = rs->chains[c].base && !strcmp(rs->chains[c].name, "ip filter OUTPUT");
        } else if (nc_parse("generated", eng.data, eng.len, NC_FMT_IPTABLES, &rs, &e) != ST_OK) {
            fprintf(stderr, "netcheck_kernel: the engine refused: %s\n%s", e.en, eng.data);
            return 1;
        }
        NcAnalysis *an = nc_analysis_new(rs, &e);
        if (!an) {
            fprintf(stderr, "netcheck_kernel: the engine refused the chains: %s\n%s", e.en, ker.data);
            return 1;
        }
        PSet out = nc_permitted(an, NULL, "v0"), out_dnat = nc_permitted_nat(an, NULL, "v0", true);
        for (int i = 0; i < per_round; i++) {
            static const uint8_t protos[] = {6, 6, 17, 17, 1, 47};
            NcPacket p = {hosts[pick(9)], hosts[pick(9)], protos[pick(6)], pkt_ports[pick(11)], pkt_ports[pick(11)]};
            if (p.proto == 1) {
                p.sport = (uint16_t)(pick(2) ? 8 : pick(12));
                p.dport = (uint16_t)pick(3);
            } else if (p.proto != 6 && p.proto != 17)
                p.sport = p.dport = 0;
            if (nat_mode) {
                p.proto = pick(2) ? 6 : 17;
                p.sport = (uint16_t)next_sport++; /* a connection of its own */
                if (next_sport > 65535)
                    next_sport = 1024;
            }
            /* nat mode: the filter sees the packet after destination NAT */
            NcPacket q = p, got = {0};
            int pre = nat_mode ? nc_nat_match(rs, NC_NAT_PRE, &p, NULL, NULL) : -1;
            const NcNat *pn = pre >= 0 ? &rs->nat[NC_NAT_PRE][pre] : NULL;
            if (pn)
                q = nc_nat_translate(pn, &p);
            bool redirect = pn && pn->kind == NC_NAT_REDIRECT, dnat = nc_nat_dnat_state(pn, &p, &q);
            dnat_state += dnat;
            if (nat_mode) {
                size_t np;
                PSet one = ps_like(&p, 0);
                NcNatPart *parts = nc_nat_split(rs, NC_NAT_PRE, one, NULL, NULL, &np);
                bool identity = pn && pn->kind == NC_NAT_DNAT && !dnat;
                if (np != 1 || parts[0].rule != pre || parts[0].identity != identity || nc_nat_part_dnat(rs, &parts[0]) != dnat ||
                    (redirect ? !ps_empty(parts[0].after) : !ps_contains(parts[0].after, &q))) {
                    char *d = nc_packet_describe(&p);
                    fprintf(stderr, "DISAGREEMENT: %s: the BDD image of the DNAT differs\n%s", d, ker.data);
                    free(d);
                    disagreements++;
                }
                nc_nat_parts_free(parts, np);
                ps_free(one);
            }
            bool k = kernel_send(fd, &p);
            if (redirect) {
                /* delivered to the namespace itself: the engine forwards nothing, and nothing may leave v0 */
                struct timeval shortwait = {.tv_usec = 20000}, normal = {.tv_sec = 1};
                setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &shortwait, sizeof shortwait);
                if (k && capture(cfd, p.proto, p.sport, &got)) {
                    char *d = nc_packet_describe(&p);
                    fprintf(stderr, "DISAGREEMENT: %s: redirected by the engine, sent out by the kernel\n%s", d, ker.data);
                    free(d);
                    disagreements++;
                }
                setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &normal, sizeof normal);
                redirected++;
                packets++;
                continue;
            }
            NcTrace t;
            nc_trace_nat(rs, &q, NULL, "v0", dnat, &t);
            bool b = ps_contains(dnat ? out_dnat : out, &q);
            if (nat_mode && k) {
                int post = nc_nat_match(rs, NC_NAT_POST, &q, NULL, "v0");
                const NcNat *sn = post >= 0 ? &rs->nat[NC_NAT_POST][post] : NULL;
                NcPacket want = sn ? nc_nat_translate(sn, &q) : q;
                /* masquerade: the address of v0, which the engine leaves free (any address) */
                if (sn && sn->kind == NC_NAT_MASQUERADE)
                    want.src = 0x0aff0001;
                translated += !same(&want, &p);
                bool ok = capture(cfd, p.proto, p.sport, &got) && same(&got, &want);
                if (ok) { /* and the BDD image of the post stage holds what the kernel sent */
                    size_t np;
                    PSet one = ps_like(&q, 0);
                    NcNatPart *parts = nc_nat_split(rs, NC_NAT_POST, one, NULL, "v0", &np);
                    ok = np == 1 && parts[0].rule == post && ps_contains(parts[0].after, &got);
                    nc_nat_parts_free(parts, np);
                    ps_free(one);
                }
                if (!ok) {
                    char *d = nc_packet_describe(&p), *w = nc_packet_describe(&want), *g = nc_packet_describe(&got);
                    fprintf(stderr, "DISAGREEMENT: %s: the engine translates it to %s, the kernel to %s\n%s", d, w, g,
                            ker.data);
                    free(d), free(w), free(g);
                    disagreements++;
                }
            }
            packets++;
            accepted += k;
            if (k != b || k != t.accepted) {
                char *d = nc_packet_describe(&p);
                fprintf(stderr, "DISAGREEMENT: %s kernel=%d bdd=%d trace=%d\n%s", d, k, b, t.accepted, ker.data);
                free(d);
                disagreements++;
            }
        }
        ps_free(out);
        ps_free(out_dnat);
        nc_analysis_free(an);
        nc_ruleset_free(rs);
        buf_free(&eng);
        buf_free(&ker);
    }
    unlink(path);
    printf("netcheck_kernel%s: %d rulesets, %ld packets (%ld accepted by the kernel", nft_mode ? " (nft JSON)" : nftnat_mode ? " (nft NAT)" : nat_mode ? " (NAT)" : "", rounds,
           packets, accepted);
    if (nat_mode)
        printf(", %ld of them translated and captured, %ld redirected, %ld with DNAT state", translated, redirected, dnat_state);
    printf("), %ld disagreements\n", disagreements);
    return disagreements ? 1 : 0;
}
