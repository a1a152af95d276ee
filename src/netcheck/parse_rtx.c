/* parse_rtx.c: YAMAHA RTX router configurations (`show config`): `ip filter` and `ip filter dynamic`
 * definitions and their bindings `ip INTERFACE secure filter in|out LIST [dynamic LIST]` (also for the
 * pp/tunnel chosen by `pp select` / `tunnel select`). In the IR, every binding becomes rules of two
 * forward base chains, "in" and "out", restricted to its interface: a forwarded packet passes the
 * receiving interface's in-list and the sending interface's out-list. Within a list the first
 * matching filter decides; when a list is bound and no filter matches, the packet is rejected (the
 * RTX's implicit reject, reported as the binding's line). Dynamic filters (they open connections in
 * that direction) are read as pass rules ahead of the static ones, the reading that never misses a
 * flow; restrict is read as pass (it passes whenever the line is up). A filter with several protocols becomes one rule per protocol.
 * NAT descriptors are address translation (parse_rtx_nat.c); other commands do not filter and are not read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_rtx_nat.h"
#include "netcheck/parse_util.h"

#define RTX_MAX_FILTER 2147483647u

typedef struct RtxFilter {
    unsigned num;
    bool dynamic;
    int line;
    char *text;
    NcWords *w; /* the words of the definition */
} RtxFilter;

typedef struct Rtx {
    NcRuleset *rs;
    const char *file;
    int line;
    Err *e;
    RtxFilter *f;
    size_t nf, capf;
    int chain_in, chain_out;
} Rtx;

static Status unsupported(Rtx *p, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, p->line, "「%s」は解釈できません", "cannot interpret \"%s\"",
                   what);
}

static bool parse_uint(const char *s, unsigned *out)
{
    if (!*s)
        return false;
    unsigned long v = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9' || v > RTX_MAX_FILTER)
            return false;
        v = v * 10 + (unsigned long)(*c - '0');
    }
    if (v > RTX_MAX_FILTER)
        return false;
    *out = (unsigned)v;
    return true;
}

/* One address element: *, a.b.c.d, a.b.c.d/len, a.b.c.d-e.f.g.h, a.b.*.* */
static bool add_address(NcSet *s, const char *v)
{
    const char *dash = strchr(v, '-');
    uint32_t a, b;
    int la, lb;
    if (dash) {
        if (!nc_parse_ipv4(v, (size_t)(dash - v), &a, &la) || la != 32 ||
            !nc_parse_ipv4(dash + 1, strlen(dash + 1), &b, &lb) || lb != 32 || a > b)
            return false;
        nc_set_add(s, a, b);
        return true;
    }
    if (strchr(v, '*')) {
        /* 192.168.1.* : trailing octets as wildcards */
        char buf[32];
        if (strlen(v) >= sizeof buf)
            return false;
        snprintf(buf, sizeof buf, "%s", v);
        int stars = 0, len = 32;
        for (char *c = buf; *c; c++)
            if (*c == '*') {
                *c = '0';
                stars++;
            }
        len = 32 - 8 * stars;
        if (!nc_parse_ipv4(buf, strlen(buf), &a, &la) || la != 32 || stars > 3)
            return false;
        /* the stars must be the last octets */
        const char *first = strchr(v, '*');
        for (const char *c = first; *c; c++)
            if (*c != '*' && *c != '.')
                return false;
        nc_set_add_prefix(s, a, len);
        return true;
    }
    if (!nc_parse_ipv4(v, strlen(v), &a, &la))
        return false;
    nc_set_add_prefix(s, a, la);
    return true;
}

static bool addresses(NcSet *s, const char *v)
{
    if (strcmp(v, "*") == 0)
        return true;
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (!add_address(s, tok))
            return false;
    return s->n > 0;
}

/* Port list: *, 80, www, 1024-65535, -1023, 6000-, a,b,c */
static bool ports(NcSet *s, const char *v)
{
    if (strcmp(v, "*") == 0)
        return true;
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        uint32_t lo, hi;
        if (!nc_parse_port_range(tok, '-', &lo, &hi))
            return false;
        nc_set_add(s, lo, hi);
    }
    return s->n > 0;
}

typedef struct Proto {
    int num;            /* -1: any */
    bool established;   /* matches no new connection */
    uint32_t type_lo, type_hi; /* ICMP types (icmp-error / icmp-info) */
    bool types;
} Proto;

static bool proto_of(const char *t, Proto *p)
{
    memset(p, 0, sizeof *p);
    p->num = -1;
    if (!strcmp(t, "*"))
        return true;
    if (!strcmp(t, "established") || !strcmp(t, "tcpfin") || !strcmp(t, "tcprst")) {
        p->num = 6;
        p->established = true; /* packets of a connection already open, or closing it */
        return true;
    }
    if (!strcmp(t, "tcpsyn")) {
        p->num = 6;
        return true;
    }
    if (!strcmp(t, "icmp-error")) { /* unreachable, source quench, redirect, time exceeded, parameter problem */
        p->num = 1;
        p->types = true;
        p->type_lo = 3;
        p->type_hi = 5;
        return true;
    }
    if (!strcmp(t, "icmp-info")) {
        p->num = 1;
        p->types = true;
        p->type_lo = 0; /* echo reply … address mask reply, less the errors: expanded by the caller */
        p->type_hi = 0;
        return true;
    }
    int n = nc_proto_number(t, strlen(t));
    if (n >= 0) {
        p->num = n;
        return true;
    }
    unsigned v;
    if (parse_uint(t, &v) && v <= 255) {
        p->num = (int)v;
        return true;
    }
    return false;
}

static Status add_filter(Rtx *p, const NcWords *w, const char *text, size_t len)
{
    /* ip filter N ACTION SRC [DST [PROTO [SPORT [DPORT]]]]  or  ip filter dynamic N SRC DST PROTO … */
    bool dynamic = strcmp(w->w[2], "dynamic") == 0;
    int k = dynamic ? 3 : 2;
    unsigned num;
    if (w->n <= k || !parse_uint(w->w[k], &num))
        return unsupported(p, w->n > k ? w->w[k] : "ip filter");
    for (size_t i = 0; i < p->nf; i++)
        if (p->f[i].num == num && p->f[i].dynamic == dynamic)
            return nc_fail(p->e, "netcheck_syntax", p->file, p->line, "フィルタ %u が二度定義されています",
                           "filter %u is defined twice", num);
    if (p->nf == p->capf) {
        p->capf = p->capf ? p->capf * 2 : 64;
        p->f = xrealloc(p->f, p->capf * sizeof *p->f);
    }
    if (p->nf >= NC_MAX_RULES)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, p->line, "フィルタが上限 (%d) を超えています",
                       "more filters than the limit (%d)", NC_MAX_RULES);
    RtxFilter *f = &p->f[p->nf++];
    f->num = num;
    f->dynamic = dynamic;
    f->line = p->line;
    f->text = xstrndup(text, len);
    f->w = xmalloc(sizeof *f->w);
    memcpy(f->w, w, sizeof *w);
    return ST_OK;
}

/* The applications a dynamic filter names: protocol and destination ports ("" for any). In a dynamic
 * filter www covers http and https. */
static bool dynamic_service(const char *s, int *proto, const char **port_list)
{
    static const struct {
        const char *name;
        int proto;
        const char *ports;
    } apps[] = {{"ftp", 6, "21"},     {"www", 6, "80,443"}, {"http", 6, "80"},  {"https", 6, "443"},
                {"smtp", 6, "25"},    {"pop3", 6, "110"},   {"telnet", 6, "23"}, {"domain", 17, "53"},
                {"tftp", 17, "69"},   {"submission", 6, "587"}, {"ssh", 6, "22"}, {"imap", 6, "143"},
                {"tcp", 6, ""},       {"udp", 17, ""}};
    for (size_t i = 0; i < sizeof apps / sizeof *apps; i++)
        if (!strcmp(apps[i].name, s)) {
            *proto = apps[i].proto;
            *port_list = apps[i].ports;
            return true;
        }
    return false;
}

/* Appends the rules of filter f (restricted to the interface) to chain c. */
static Status emit_filter(Rtx *p, const RtxFilter *f, int c, const char *iface, bool in)
{
    const NcWords *w = f->w;
    p->line = f->line;
    NcAction action = NC_ACCEPT;
    int k;
    const char *src, *dst, *proto_list, *sport = "*", *dport = "*";
    int dyn_proto = -1;
    const char *dyn_ports = "";
    if (f->dynamic) {
        /* ip filter dynamic N SRC DST PROTOCOL [syslog on|off] [timer …] */
        if (w->n < 7)
            return unsupported(p, f->text);
        src = w->w[4];
        dst = w->w[5];
        if (!dynamic_service(w->w[6], &dyn_proto, &dyn_ports))
            return unsupported(p, w->w[6]);
        for (int i = 7; i < w->n; i++)
            if (strcmp(w->w[i], "syslog") && strcmp(w->w[i], "timer") && strcmp(w->w[i], "on") &&
                strcmp(w->w[i], "off") && !strchr(w->w[i], '='))
                return unsupported(p, w->w[i]);
        proto_list = dyn_proto == 6 ? "tcp" : "udp";
    } else {
        const char *a = w->w[3];
        if (w->n < 5)
            return unsupported(p, f->text);
        if (!strncmp(a, "pass", 4) || !strncmp(a, "restrict", 8))
            action = NC_ACCEPT;
        else if (!strncmp(a, "reject", 6))
            action = NC_DROP;
        else
            return unsupported(p, a);
        const char *suffix = strchr(a, '-');
        if (suffix && strcmp(suffix, "-log") && strcmp(suffix, "-nolog"))
            return unsupported(p, a);
        k = 4;
        src = w->w[k];
        dst = w->n > k + 1 ? w->w[k + 1] : "*";
        proto_list = w->n > k + 2 ? w->w[k + 2] : "*";
        sport = w->n > k + 3 ? w->w[k + 3] : "*";
        dport = w->n > k + 4 ? w->w[k + 4] : "*";
        if (w->n > k + 5)
            return unsupported(p, w->w[k + 5]);
    }
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", proto_list);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        Proto pr;
        if (!proto_of(tok, &pr))
            return unsupported(p, tok);
        bool icmp_info = !strcmp(tok, "icmp-info");
        /* icmp-info: the ICMP types that are not errors, as three ranges */
        static const uint32_t info[][2] = {{0, 2}, {6, 10}, {13, 255}};
        int parts = icmp_info ? 3 : 1;
        for (int part = 0; part < parts; part++) {
            if (nc_check_rule_limit(p->rs, p->line, p->e) != ST_OK)
                return ST_INVALID;
            NcRule *r = nc_rule_add(p->rs, c, f->line, f->text, strlen(f->text));
            r->action = action;
            snprintf(in ? r->in.name : r->out.name, sizeof r->in.name, "%s", iface);
            if (!addresses(&r->src, src))
                return unsupported(p, src);
            if (!addresses(&r->dst, dst))
                return unsupported(p, dst);
            if (pr.num >= 0)
                nc_set_add(&r->proto, (uint32_t)pr.num, (uint32_t)pr.num);
            r->established_only = pr.established;
            if (pr.types)
                nc_set_add(&r->sport, icmp_info ? info[part][0] : pr.type_lo, icmp_info ? info[part][1] : pr.type_hi);
            if (strcmp(sport, "*") || strcmp(dport, "*")) {
                /* ports are defined for tcp and udp only (a port with "*" or icmp is refused, not guessed) */
                if (pr.num != 6 && pr.num != 17)
                    return unsupported(p, f->text);
                if (!ports(&r->sport, sport))
                    return unsupported(p, sport);
                if (!ports(&r->dport, dport))
                    return unsupported(p, dport);
            }
            if (dyn_ports[0] && !ports(&r->dport, dyn_ports))
                return unsupported(p, dyn_ports);
        }
    }
    return ST_OK;
}

static const RtxFilter *find_filter(const Rtx *p, unsigned num, bool dynamic)
{
    for (size_t i = 0; i < p->nf; i++)
        if (p->f[i].num == num && p->f[i].dynamic == dynamic)
            return &p->f[i];
    return NULL;
}

typedef struct Binding {
    char iface[32];
    bool in;
    int line;
    char *text;
    NcWords *w;
    int first; /* index of the first filter number */
} Binding;

static Status apply_binding(Rtx *p, const Binding *b)
{
    int c = b->in ? p->chain_in : p->chain_out;
    /* dynamic filters first: they only pass, so this is the safe reading (a flow the router might still
     * stop can be reported, none it lets through is missed) */
    for (int pass = 0; pass < 2; pass++) {
        bool dynamic = false;
        for (int i = b->first; i < b->w->n; i++) {
            const char *v = b->w->w[i];
            p->line = b->line;
            if (!strcmp(v, "dynamic")) {
                if (dynamic)
                    return unsupported(p, v);
                dynamic = true;
                continue;
            }
            unsigned num;
            if (!parse_uint(v, &num))
                return unsupported(p, v);
            if (dynamic != (pass == 0))
                continue;
            const RtxFilter *f = find_filter(p, num, dynamic);
            if (!f)
                return nc_fail(p->e, "netcheck_unknown_chain", p->file, b->line, "%sフィルタ %u が定義されていません",
                               "%sfilter %u is not defined", dynamic ? "dynamic " : "", num);
            if (emit_filter(p, f, c, b->iface, b->in) != ST_OK)
                return ST_INVALID;
        }
    }
    /* the implicit reject at the end of a bound list */
    if (nc_check_rule_limit(p->rs, b->line, p->e) != ST_OK)
        return ST_INVALID;
    char *t = xasprintf("%s (一致しないパケットは暗黙に reject / implicit reject)", b->text);
    NcRule *r = nc_rule_add(p->rs, c, b->line, t, strlen(t));
    free(t);
    r->action = NC_DROP;
    r->implicit = true;
    snprintf(b->in ? r->in.name : r->out.name, sizeof r->in.name, "%s", b->iface);
    return ST_OK;
}

Status nc_parse_rtx(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    Rtx p = {.rs = nc_ruleset_new(file, "yamaha-rtx"), .file = file, .e = e};
    p.chain_in = nc_chain_add(p.rs, "in");
    p.chain_out = nc_chain_add(p.rs, "out");
    for (int c = 0; c < 2; c++) {
        p.rs->chains[c].base = p.rs->chains[c].forward = true;
        p.rs->chains[c].policy = NC_ACCEPT; /* an interface without a list passes everything */
    }
    Binding *bind = NULL;
    size_t nb = 0, capb = 0;
    char context[32] = ""; /* "pp1", "tunnel2" after pp select / tunnel select */
    RtxNat *nat = rtx_nat_new();
    NcWords *w = xmalloc(sizeof *w);
    Status st = ST_OK;
    size_t i = 0;
    while (i < n && st == ST_OK) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        const char *s = text + i;
        i += len + 1;
        p.line++;
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
            len--;
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        if (!len || *s == '#')
            continue;
        if (memchr(s, '\0', len)) {
            st = nc_fail(e, "netcheck_syntax", file, p.line, "NUL 文字を含んでいます", "contains a NUL character");
            break;
        }
        if (!nc_split_words(s, len, w)) {
            st = nc_fail(e, "netcheck_syntax", file, p.line, "行が長すぎます", "the line is too long");
            break;
        }
        if (w->n >= 3 && (!strcmp(w->w[0], "pp") || !strcmp(w->w[0], "tunnel")) && !strcmp(w->w[1], "select")) {
            if (!strcmp(w->w[2], "none"))
                context[0] = '\0';
            else
                snprintf(context, sizeof context, "%.8s%.20s", w->w[0], w->w[2]);
            continue;
        }
        if (w->n >= 2 && !strcmp(w->w[0], "nat") && !strcmp(w->w[1], "descriptor")) {
            st = rtx_nat_line(nat, p.rs, file, p.line, w, s, len, e);
            continue;
        }
        if (w->n < 2 || strcmp(w->w[0], "ip"))
            continue; /* not about IP filtering */
        if (w->n >= 3 && !strcmp(w->w[2], "nat")) { /* ip INTERFACE nat descriptor N */
            char iface[32];
            if ((!strcmp(w->w[1], "pp") || !strcmp(w->w[1], "tunnel"))) {
                if (!context[0] || strncmp(context, w->w[1], strlen(w->w[1])) != 0) {
                    st = nc_fail(e, "netcheck_syntax", file, p.line, "%s select の外で %s の NAT が指定されています",
                                 "a %s NAT descriptor outside %s select", w->w[1], w->w[1]);
                    break;
                }
                snprintf(iface, sizeof iface, "%s", context);
            } else if (strlen(w->w[1]) < sizeof iface)
                snprintf(iface, sizeof iface, "%s", w->w[1]);
            else {
                st = unsupported(&p, w->w[1]);
                break;
            }
            st = rtx_nat_bind(nat, file, p.line, iface, w, s, len, e);
            continue;
        }
        if (!strcmp(w->w[1], "filter")) {
            if (w->n >= 3 && (!strcmp(w->w[2], "source-route") || !strcmp(w->w[2], "directed-broadcast"))) {
                nc_note_add(p.rs, p.line, s, len);
                continue;
            }
            if (w->n >= 3 && !strcmp(w->w[2], "set")) {
                st = unsupported(&p, "ip filter set");
                break;
            }
            st = add_filter(&p, w, s, len);
            continue;
        }
        /* ip IFACE secure filter in|out … */
        if (w->n >= 5 && !strcmp(w->w[2], "secure") && !strcmp(w->w[3], "filter")) {
            const char *dir = w->w[4];
            if (strcmp(dir, "in") && strcmp(dir, "out")) {
                st = unsupported(&p, dir);
                break;
            }
            char iface[32];
            if ((!strcmp(w->w[1], "pp") || !strcmp(w->w[1], "tunnel"))) {
                if (!context[0] || strncmp(context, w->w[1], strlen(w->w[1])) != 0) {
                    st = nc_fail(e, "netcheck_syntax", file, p.line, "%s select の外で %s のフィルタが指定されています",
                                 "a %s filter outside %s select", w->w[1], w->w[1]);
                    break;
                }
                snprintf(iface, sizeof iface, "%s", context);
            } else if (strlen(w->w[1]) < sizeof iface)
                snprintf(iface, sizeof iface, "%s", w->w[1]);
            else {
                st = unsupported(&p, w->w[1]);
                break;
            }
            bool in = !strcmp(dir, "in");
            for (size_t q = 0; q < nb; q++)
                if (!strcmp(bind[q].iface, iface) && bind[q].in == in)
                    st = nc_fail(e, "netcheck_syntax", file, p.line, "%s の %s フィルタが二度指定されています",
                                 "the %s %s filter list is given twice", iface, dir);
            if (st != ST_OK)
                break;
            if (nb == capb) {
                capb = capb ? capb * 2 : 8;
                bind = xrealloc(bind, capb * sizeof *bind);
            }
            Binding *b = &bind[nb++];
            snprintf(b->iface, sizeof b->iface, "%s", iface);
            b->in = in;
            b->line = p.line;
            b->text = xstrndup(s, len);
            b->w = xmalloc(sizeof *b->w);
            memcpy(b->w, w, sizeof *w);
            b->first = 5;
        }
    }
    /* every filter is read, bound or not (a filter no interface uses is still checked, never skipped) */
    if (st == ST_OK) {
        NcRuleset *keep = p.rs;
        p.rs = nc_ruleset_new(file, "yamaha-rtx");
        int scratch = nc_chain_add(p.rs, "unbound");
        for (size_t q = 0; q < p.nf && st == ST_OK; q++)
            st = emit_filter(&p, &p.f[q], scratch, "", true);
        nc_ruleset_free(p.rs);
        p.rs = keep;
    }
    /* bindings refer to filters defined anywhere in the file */
    for (size_t q = 0; q < nb && st == ST_OK; q++)
        st = apply_binding(&p, &bind[q]);
    if (st == ST_OK)
        st = rtx_nat_emit(nat, p.rs, file, e);
    rtx_nat_free(nat);
    for (size_t q = 0; q < nb; q++) {
        free(bind[q].text);
        free(bind[q].w);
    }
    free(bind);
    for (size_t q = 0; q < p.nf; q++) {
        free(p.f[q].text);
        free(p.f[q].w);
    }
    free(p.f);
    free(w);
    if (st != ST_OK) {
        nc_ruleset_free(p.rs);
        return ST_INVALID;
    }
    *out = p.rs;
    return ST_OK;
}
