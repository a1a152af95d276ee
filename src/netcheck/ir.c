/* ir.c: construction of the netcheck IR and the concrete packet matcher (the reference the BDD
 * encoding is tested against, and what traces a witness packet to its rule lines). */
#include "netcheck/ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"

NcRuleset *nc_ruleset_new(const char *file, const char *vendor)
{
    NcRuleset *rs = xcalloc(1, sizeof *rs);
    rs->file = xstrdup(file);
    rs->vendor = xstrdup(vendor);
    return rs;
}

void nc_set_free(NcSet *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

void nc_ruleset_free(NcRuleset *rs)
{
    if (!rs)
        return;
    for (size_t c = 0; c < rs->n; c++) {
        NcChain *ch = &rs->chains[c];
        for (size_t i = 0; i < ch->n; i++) {
            NcRule *r = &ch->rules[i];
            nc_set_free(&r->src);
            nc_set_free(&r->dst);
            nc_set_free(&r->proto);
            nc_set_free(&r->sport);
            nc_set_free(&r->dport);
            free(r->text);
        }
        free(ch->rules);
        free(ch->name);
    }
    for (int st = 0; st < NC_NAT_STAGES; st++) {
        for (size_t i = 0; i < rs->n_nat[st]; i++) {
            NcRule *r = &rs->nat[st][i].match;
            nc_set_free(&r->src);
            nc_set_free(&r->dst);
            nc_set_free(&r->proto);
            nc_set_free(&r->sport);
            nc_set_free(&r->dport);
            free(r->text);
        }
        free(rs->nat[st]);
    }
    for (size_t i = 0; i < rs->n_notes; i++)
        free(rs->notes[i]);
    free(rs->notes);
    free(rs->chains);
    free(rs->file);
    free(rs->vendor);
    free(rs);
}

int nc_chain_find(const NcRuleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->chains[i].name, name) == 0)
            return (int)i;
    return -1;
}

int nc_chain_add(NcRuleset *rs, const char *name)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 8;
        rs->chains = xrealloc(rs->chains, rs->cap * sizeof *rs->chains);
    }
    NcChain *c = &rs->chains[rs->n];
    memset(c, 0, sizeof *c);
    c->name = xstrdup(name);
    c->policy = NC_RETURN;
    return (int)rs->n++;
}

NcRule *nc_rule_add(NcRuleset *rs, int c, int line, const char *text, size_t text_len)
{
    NcChain *ch = &rs->chains[c];
    if (ch->n == ch->cap) {
        ch->cap = ch->cap ? ch->cap * 2 : 8;
        ch->rules = xrealloc(ch->rules, ch->cap * sizeof *ch->rules);
    }
    NcRule *r = &ch->rules[ch->n++];
    memset(r, 0, sizeof *r);
    r->action = NC_CONTINUE;
    r->target = -1;
    r->line = line;
    r->text = xstrndup(text, text_len);
    rs->rule_count++;
    return r;
}

NcNat *nc_nat_take(NcRuleset *rs, int c, NcNatStage stage)
{
    NcChain *ch = &rs->chains[c];
    if (rs->n_nat[stage] == rs->cap_nat[stage]) {
        rs->cap_nat[stage] = rs->cap_nat[stage] ? rs->cap_nat[stage] * 2 : 8;
        rs->nat[stage] = xrealloc(rs->nat[stage], rs->cap_nat[stage] * sizeof *rs->nat[stage]);
    }
    NcNat *n = &rs->nat[stage][rs->n_nat[stage]++];
    memset(n, 0, sizeof *n);
    n->match = ch->rules[--ch->n]; /* the sets and the text move with it; it still counts as a rule */
    n->match.action = NC_CONTINUE;
    n->kind = NC_NAT_NONE;
    return n;
}

NcPacket nc_nat_translate(const NcNat *n, const NcPacket *p)
{
    NcPacket q = *p;
    bool dst = n->kind == NC_NAT_DNAT || n->kind == NC_NAT_REDIRECT;
    if (n->set_addr && n->kind != NC_NAT_MASQUERADE)
        *(dst ? &q.dst : &q.src) = n->addr_lo;
    if (n->set_port)
        *(dst ? &q.dport : &q.sport) = (uint16_t)n->port_lo;
    return q;
}

void nc_note_add(NcRuleset *rs, int line, const char *text, size_t text_len)
{
    if (rs->n_notes == rs->cap_notes) {
        rs->cap_notes = rs->cap_notes ? rs->cap_notes * 2 : 8;
        rs->notes = xrealloc(rs->notes, rs->cap_notes * sizeof *rs->notes);
    }
    rs->notes[rs->n_notes++] = xasprintf("%d: %.*s", line, (int)(text_len > 300 ? 300 : text_len), text);
}

void nc_set_add(NcSet *s, uint32_t lo, uint32_t hi)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n].lo = lo;
    s->v[s->n].hi = hi;
    s->n++;
}

void nc_set_add_prefix(NcSet *s, uint32_t addr, int len)
{
    uint32_t mask = len == 0 ? 0 : 0xffffffffu << (32 - len);
    nc_set_add(s, addr & mask, (addr & mask) | ~mask);
}

bool nc_set_is_any(const NcSet *s)
{
    return s->n == 0 && !s->neg;
}

bool nc_set_contains(const NcSet *s, uint32_t v)
{
    if (nc_set_is_any(s))
        return true;
    bool in = false;
    for (size_t i = 0; i < s->n && !in; i++)
        in = v >= s->v[i].lo && v <= s->v[i].hi;
    return in != s->neg;
}

void nc_set_copy(NcSet *dst, const NcSet *src)
{
    for (size_t i = 0; i < src->n; i++)
        nc_set_add(dst, src->v[i].lo, src->v[i].hi);
    dst->neg = src->neg;
}

bool nc_iface_matches(const NcIface *f, const char *name)
{
    if (!f->name[0])
        return true;
    if (!name)
        return false;
    size_t n = strlen(f->name);
    bool m = f->name[n - 1] == '+' ? strncmp(f->name, name, n - 1) == 0 : strcmp(f->name, name) == 0;
    return m != f->neg;
}

bool nc_rule_matches(const NcRule *r, const NcPacket *p, const char *in_if, const char *out_if)
{
    return !r->established_only && !r->not_ipv4 && !r->dnat_only && nc_iface_matches(&r->in, in_if) && nc_iface_matches(&r->out, out_if) &&
           nc_set_contains(&r->src, p->src) && nc_set_contains(&r->dst, p->dst) &&
           nc_set_contains(&r->proto, p->proto) && nc_set_contains(&r->sport, p->sport) &&
           nc_set_contains(&r->dport, p->dport);
}

static bool parse_dotted(const char *s, size_t n, uint32_t *out)
{
    uint32_t a = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        if (i >= n || s[i] < '0' || s[i] > '9')
            return false;
        unsigned v = 0;
        size_t digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(s[i++] - '0');
            digits++;
        }
        if (v > 255 || digits > 3)
            return false;
        a = (a << 8) | v;
        if (++parts < 4) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
    }
    if (i != n)
        return false;
    *out = a;
    return true;
}

bool nc_parse_ipv4(const char *s, size_t n, uint32_t *addr, int *len)
{
    const char *slash = memchr(s, '/', n);
    size_t an = slash ? (size_t)(slash - s) : n;
    uint32_t a;
    if (!parse_dotted(s, an, &a))
        return false;
    int l = 32;
    if (slash) {
        const char *m = slash + 1;
        size_t mn = n - an - 1;
        uint32_t mask;
        if (memchr(m, '.', mn)) {
            if (!parse_dotted(m, mn, &mask))
                return false;
            l = 0;
            while (l < 32 && (mask & (0x80000000u >> l)))
                l++;
            if (l < 32 && (mask << l) != 0)
                return false; /* not contiguous */
        } else {
            if (mn == 0 || mn > 2)
                return false;
            l = 0;
            for (size_t i = 0; i < mn; i++) {
                if (m[i] < '0' || m[i] > '9')
                    return false;
                l = l * 10 + (m[i] - '0');
            }
            if (l > 32)
                return false;
        }
    }
    *addr = l == 0 ? 0 : a & (0xffffffffu << (32 - l));
    *len = l;
    return true;
}

void nc_format_ipv4(uint32_t a, char *out)
{
    snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

static const struct {
    const char *name;
    int num;
} protos[] = {{"icmp", 1}, {"igmp", 2}, {"tcp", 6}, {"udp", 17}, {"gre", 47}, {"esp", 50}, {"ah", 51},
              {"sctp", 132}, {"udplite", 136}, {"ospf", 89}, {"ipip", 4}, {"l2tp", 115}};

int nc_proto_number(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
        if (strlen(protos[i].name) == n && strncasecmp(protos[i].name, name, n) == 0)
            return protos[i].num;
    return -1;
}

const char *nc_proto_name(int proto)
{
    for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
        if (protos[i].num == proto)
            return protos[i].name;
    return NULL;
}

static const struct {
    const char *name;
    int port;
} services[] = {{"ftp-data", 20}, {"ftp", 21}, {"ssh", 22}, {"telnet", 23}, {"smtp", 25}, {"domain", 53},
                {"dns", 53}, {"bootps", 67}, {"bootpc", 68}, {"tftp", 69}, {"www", 80}, {"http", 80},
                {"pop3", 110}, {"ident", 113}, {"auth", 113}, {"ntp", 123}, {"netbios-ns", 137},
                {"netbios-dgm", 138}, {"netbios-ssn", 139}, {"imap", 143}, {"snmp", 161}, {"snmptrap", 162},
                {"bgp", 179}, {"ldap", 389}, {"https", 443}, {"microsoft-ds", 445}, {"submission", 587},
                {"syslog", 514}, {"ldaps", 636}, {"imaps", 993}, {"pop3s", 995}, {"ms-sql-s", 1433},
                {"mysql", 3306}, {"rdp", 3389}, {"ms-wbt-server", 3389}, {"postgresql", 5432},
                {"http-alt", 8080}};

int nc_port_number(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof services / sizeof *services; i++)
        if (strlen(services[i].name) == n && strncasecmp(services[i].name, name, n) == 0)
            return services[i].port;
    return -1;
}
