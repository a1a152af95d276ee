/* parse_rtx_nat.c: YAMAHA RTX NAT descriptors as engine NAT rules (parse_rtx_nat.h). A descriptor bound
 * to an interface (usually the outside one) translates what leaves through it from the inner addresses
 * (source NAT: `masquerade` onto one outer address with ports, `nat` and `nat-masquerade` onto the outer
 * pool; an outer address of `ipcp`, `primary` or `secondary` is the interface's own, which the
 * configuration does not state: read as masquerade, any address) and, for its static mappings, what
 * arrives on it for the outer addresses (destination NAT: `nat descriptor static ID N OUTER=INNER [COUNT]`
 * both ways, `nat descriptor masquerade static ID N INNER PROTO [OUTER_PORT=]INNER_PORT` for the outer
 * address and port). The RTX translates a received packet before its in-filter and a sent one after
 * its out-filter, which is the engine's order (pre stage, forward chains, post stage). */
#include "netcheck/parse_rtx_nat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define RTX_NAT_MAX 1000
#define RTX_NAT_LIST 16 /* descriptors on one interface (YAMAHA's limit) */

typedef enum { T_UNSET, T_NONE, T_NAT, T_MASQ, T_NATMASQ } NatType;

typedef struct Mapping {
    bool masq;             /* masquerade static (address and port) or static (address, count) */
    uint32_t outer, inner; /* static: first outer and inner address */
    uint32_t count;
    int proto;             /* masquerade static: protocol, and ports for tcp/udp */
    uint32_t oport, iport;
    bool ports;
    int line;
    char *text;
} Mapping;

typedef struct Desc {
    unsigned id;
    NatType type;
    bool outer_given, outer_iface; /* outer: the interface's own address (ipcp, primary, secondary) */
    NcSet outer, inner;            /* inner empty: auto (any) */
    int line;
    char *text; /* the type line, for the dynamic rule */
    Mapping *m;
    size_t nm;
} Desc;

typedef struct Bind {
    char iface[32];
    unsigned id;
    int line;
    char *text;
} Bind;

struct RtxNat {
    Desc *d;
    size_t nd;
    Bind *b;
    size_t nb;
};

RtxNat *rtx_nat_new(void) { return xcalloc(1, sizeof(RtxNat)); }

void rtx_nat_free(RtxNat *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nd; i++) {
        nc_set_free(&n->d[i].outer);
        nc_set_free(&n->d[i].inner);
        free(n->d[i].text);
        for (size_t k = 0; k < n->d[i].nm; k++)
            free(n->d[i].m[k].text);
        free(n->d[i].m);
    }
    free(n->d);
    for (size_t i = 0; i < n->nb; i++)
        free(n->b[i].text);
    free(n->b);
    free(n);
}

static bool number(const char *s, unsigned max, unsigned *out)
{
    unsigned long v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > max)
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

static Status bad(Err *e, const char *file, int line, const char *what)
{
    return nc_fail(e, "netcheck_unsupported", file, line, "NAT ディスクリプタの「%s」は解釈できません",
                   "cannot interpret \"%s\" of a NAT descriptor", what);
}

static Status desc_of(RtxNat *n, const char *file, int line, const char *word, Desc **out, Err *e)
{
    unsigned id;
    if (!number(word, 2147483647u, &id))
        return bad(e, file, line, word);
    for (size_t i = 0; i < n->nd; i++)
        if (n->d[i].id == id) {
            *out = &n->d[i];
            return ST_OK;
        }
    if (n->nd >= RTX_NAT_MAX)
        return nc_fail(e, "netcheck_too_many_rules", file, line, "NAT ディスクリプタが上限 (%d) を超えています",
                       "more NAT descriptors than the limit (%d)", RTX_NAT_MAX);
    n->d = xrealloc(n->d, (n->nd + 1) * sizeof *n->d);
    Desc *d = &n->d[n->nd++];
    memset(d, 0, sizeof *d);
    d->id = id;
    *out = d;
    return ST_OK;
}

/* One address list word of `address outer|inner`: a.b.c.d, a.b.c.d-e.f.g.h or a.b.c.d/len. */
static bool add_addr(NcSet *s, const char *v)
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
    if (!nc_parse_ipv4(v, strlen(v), &a, &la))
        return false;
    nc_set_add_prefix(s, a, la);
    return true;
}

static bool host(const char *v, uint32_t *out)
{
    int len;
    return nc_parse_ipv4(v, strlen(v), out, &len) && len == 32;
}

Status rtx_nat_line(RtxNat *n, NcRuleset *rs, const char *file, int line, const NcWords *w, const char *text, size_t len,
                    Err *e)
{
    const char *k = w->n > 2 ? w->w[2] : "";
    Desc *d = NULL;
    Status st;
    if (!strcmp(k, "type")) {
        if (w->n != 5)
            return bad(e, file, line, "nat descriptor type");
        if ((st = desc_of(n, file, line, w->w[3], &d, e)) != ST_OK)
            return st;
        const char *t = w->w[4];
        d->type = !strcmp(t, "none")             ? T_NONE
                  : !strcmp(t, "nat")            ? T_NAT
                  : !strcmp(t, "masquerade")     ? T_MASQ
                  : !strcmp(t, "nat-masquerade") ? T_NATMASQ
                                                 : T_UNSET;
        if (d->type == T_UNSET)
            return bad(e, file, line, t);
        d->line = line;
        free(d->text);
        d->text = xstrndup(text, len);
        return ST_OK;
    }
    if (!strcmp(k, "address") && w->n >= 6 && (!strcmp(w->w[3], "outer") || !strcmp(w->w[3], "inner"))) {
        bool outer = !strcmp(w->w[3], "outer");
        if ((st = desc_of(n, file, line, w->w[4], &d, e)) != ST_OK)
            return st;
        NcSet *s = outer ? &d->outer : &d->inner;
        nc_set_free(s);
        memset(s, 0, sizeof *s);
        d->outer_iface = outer ? false : d->outer_iface;
        for (int i = 5; i < w->n; i++) {
            const char *v = w->w[i];
            if (outer && (!strcmp(v, "ipcp") || !strcmp(v, "primary") || !strcmp(v, "secondary")) && w->n == 6)
                d->outer_iface = true;
            else if (!outer && !strcmp(v, "auto") && w->n == 6)
                ; /* every inner address */
            else if (!add_addr(s, v))
                return bad(e, file, line, v);
        }
        d->outer_given |= outer;
        return ST_OK;
    }
    bool masq = !strcmp(k, "masquerade") && w->n > 3 && !strcmp(w->w[3], "static");
    if (!strcmp(k, "static") || masq) {
        int b = masq ? 4 : 3; /* the descriptor id */
        if (w->n < b + 3)
            return bad(e, file, line, masq ? "nat descriptor masquerade static" : "nat descriptor static");
        if ((st = desc_of(n, file, line, w->w[b], &d, e)) != ST_OK)
            return st;
        unsigned entry;
        if (!number(w->w[b + 1], 2147483647u, &entry))
            return bad(e, file, line, w->w[b + 1]);
        if (d->nm >= RTX_NAT_MAX)
            return nc_fail(e, "netcheck_too_many_rules", file, line, "静的 NAT が上限 (%d) を超えています",
                           "more static NAT entries than the limit (%d)", RTX_NAT_MAX);
        Mapping m = {.masq = masq, .count = 1, .proto = -1, .line = line};
        if (!masq) { /* OUTER=INNER [COUNT] */
            const char *eq = strchr(w->w[b + 2], '=');
            char o[NC_MAX_WORD];
            snprintf(o, sizeof o, "%.*s", eq ? (int)(eq - w->w[b + 2]) : 0, w->w[b + 2]);
            if (!eq || !host(o, &m.outer) || !host(eq + 1, &m.inner) || w->n > b + 4 ||
                (w->n == b + 4 && (!number(w->w[b + 3], 65536, &m.count) || m.count == 0)) ||
                m.outer > 0xffffffffu - (m.count - 1) || m.inner > 0xffffffffu - (m.count - 1))
                return bad(e, file, line, w->w[b + 2]);
        } else { /* INNER PROTO [[OUTER_PORT=]INNER_PORT] */
            if (!host(w->w[b + 2], &m.inner) || w->n > b + 5)
                return bad(e, file, line, w->w[b + 2]);
            const char *p = w->w[b + 3];
            unsigned pn;
            m.proto = nc_proto_number(p, strlen(p));
            if (m.proto < 0 && number(p, 255, &pn))
                m.proto = (int)pn;
            if (m.proto < 0)
                return bad(e, file, line, p);
            m.ports = m.proto == 6 || m.proto == 17;
            if (m.ports != (w->n == b + 5))
                return bad(e, file, line, m.ports ? "port" : w->w[b + 4]);
            if (m.ports) {
                const char *pw = w->w[b + 4], *eq = strchr(pw, '=');
                uint32_t lo, hi;
                char o[NC_MAX_WORD];
                snprintf(o, sizeof o, "%.*s", eq ? (int)(eq - pw) : (int)strlen(pw), pw);
                if (!nc_parse_port_range(o, '-', &lo, &hi) || lo != hi)
                    return bad(e, file, line, pw);
                m.oport = m.iport = lo;
                if (eq && (!nc_parse_port_range(eq + 1, '-', &lo, &hi) || lo != hi))
                    return bad(e, file, line, pw);
                if (eq)
                    m.iport = lo;
            }
        }
        m.text = xstrndup(text, len);
        d->m = xrealloc(d->m, (d->nm + 1) * sizeof *d->m);
        d->m[d->nm++] = m;
        return ST_OK;
    }
    /* timers, masquerade port ranges and helpers, logs, sip/ftp settings: nothing about which addresses */
    nc_note_add(rs, line, text, len);
    return ST_OK;
}

Status rtx_nat_bind(RtxNat *n, const char *file, int line, const char *iface, const NcWords *w, const char *text, size_t len,
                    Err *e)
{
    /* `ip IF nat descriptor ID…`: up to 16 descriptors, applied in the list's order (the first whose
     * rules match a packet translates it); `reverse` lists are not modelled */
    unsigned ids[RTX_NAT_LIST];
    int k = 0;
    if (w->n < 5 || strcmp(w->w[3], "descriptor"))
        return bad(e, file, line, "ip nat descriptor");
    for (int i = 4; i < w->n; i++) {
        if (!number(w->w[i], 2147483647u, &ids[k]))
            return bad(e, file, line, w->w[i]);
        if (++k == RTX_NAT_LIST && i + 1 < w->n)
            return nc_fail(e, "netcheck_too_many_rules", file, line, "一つのインターフェースの NAT ディスクリプタは %d 個までです",
                           "at most %d NAT descriptors on one interface", RTX_NAT_LIST);
    }
    for (size_t i = 0; i < n->nb; i++)
        if (!strcmp(n->b[i].iface, iface))
            return nc_fail(e, "netcheck_syntax", file, line, "%s の NAT ディスクリプタが二度指定されています",
                           "the NAT descriptor of %s is given twice", iface);
    if (n->nb + (size_t)k > RTX_NAT_MAX)
        return nc_fail(e, "netcheck_too_many_rules", file, line, "NAT の指定が上限 (%d) を超えています",
                       "more NAT bindings than the limit (%d)", RTX_NAT_MAX);
    n->b = xrealloc(n->b, (n->nb + (size_t)k) * sizeof *n->b);
    for (int i = 0; i < k; i++) {
        Bind *b = &n->b[n->nb++];
        snprintf(b->iface, sizeof b->iface, "%s", iface);
        b->id = ids[i];
        b->line = line;
        b->text = xstrndup(text, len);
    }
    return ST_OK;
}

static Status emit_one(NcRuleset *rs, int c, const Bind *b, const Desc *d, const char *file, Err *e)
{
    Status st = ST_OK;
    /* the outer address of masquerade: one address (or the interface's own, not stated: any) */
    bool outer_any = d->outer_iface || !d->outer_given;
    if (!outer_any && d->outer.n != 1)
        return nc_fail(e, "netcheck_unsupported", file, d->line ? d->line : b->line,
                       "NAT ディスクリプタ %u の外側アドレスは一つの範囲にしてください",
                       "write the outer addresses of NAT descriptor %u as one range", d->id);
    uint32_t olo = outer_any ? 0 : d->outer.v[0].lo, ohi = outer_any ? 0xffffffffu : d->outer.v[0].hi;
    /* received: the static mappings' outer addresses (and ports) to the inner ones */
    for (size_t i = 0; i < d->nm && st == ST_OK; i++) {
        const Mapping *m = &d->m[i];
        if ((st = nc_check_rule_limit(rs, m->line, e)) != ST_OK)
            break;
        NcRule *r = nc_rule_add(rs, c, m->line, m->text, strlen(m->text));
        snprintf(r->in.name, sizeof r->in.name, "%s", b->iface);
        if (!m->masq)
            nc_set_add(&r->dst, m->outer, m->outer + (m->count - 1));
        else if (!outer_any)
            nc_set_add(&r->dst, olo, olo); /* masquerade answers on its first outer address */
        if (m->proto >= 0)
            nc_set_add(&r->proto, (uint32_t)m->proto, (uint32_t)m->proto);
        if (m->ports)
            nc_set_add(&r->dport, m->oport, m->oport);
        NcNat *t = nc_nat_take(rs, c, NC_NAT_PRE);
        t->kind = NC_NAT_DNAT;
        t->set_addr = true;
        t->addr_lo = m->inner;
        t->addr_hi = m->inner + (m->masq ? 0 : m->count - 1);
        t->set_port = m->ports;
        t->port_lo = t->port_hi = m->iport;
    }
    /* sent: the static mappings first, then the dynamic translation of the inner addresses */
    for (size_t i = 0; i < d->nm && st == ST_OK; i++) {
        const Mapping *m = &d->m[i];
        if ((st = nc_check_rule_limit(rs, m->line, e)) != ST_OK)
            break;
        NcRule *r = nc_rule_add(rs, c, m->line, m->text, strlen(m->text));
        snprintf(r->out.name, sizeof r->out.name, "%s", b->iface);
        nc_set_add(&r->src, m->inner, m->inner + (m->masq ? 0 : m->count - 1));
        if (m->proto >= 0)
            nc_set_add(&r->proto, (uint32_t)m->proto, (uint32_t)m->proto);
        if (m->ports)
            nc_set_add(&r->sport, m->iport, m->iport);
        NcNat *t = nc_nat_take(rs, c, NC_NAT_POST);
        t->kind = m->masq && outer_any ? NC_NAT_MASQUERADE : NC_NAT_SNAT;
        t->set_addr = true;
        t->addr_lo = m->masq ? olo : m->outer;
        t->addr_hi = m->masq ? (outer_any ? ohi : olo) : m->outer + (m->count - 1);
        t->set_port = m->ports;
        t->port_lo = t->port_hi = m->oport;
    }
    if (st == ST_OK && (st = nc_check_rule_limit(rs, d->line, e)) == ST_OK) {
        NcRule *r = nc_rule_add(rs, c, d->line, d->text, strlen(d->text));
        snprintf(r->out.name, sizeof r->out.name, "%s", b->iface);
        nc_set_copy(&r->src, &d->inner);
        NcNat *t = nc_nat_take(rs, c, NC_NAT_POST);
        t->kind = outer_any ? NC_NAT_MASQUERADE : NC_NAT_SNAT;
        t->set_addr = true;
        /* masquerade: one outer address (its first); nat and nat-masquerade: the pool */
        t->addr_lo = olo;
        t->addr_hi = d->type == T_MASQ && !outer_any ? olo : ohi;
    }
    return st;
}

Status rtx_nat_emit(RtxNat *n, NcRuleset *rs, const char *file, Err *e)
{
    int c = -1;
    for (size_t i = 0; i < n->nb; i++) {
        const Bind *b = &n->b[i];
        const Desc *d = NULL;
        for (size_t k = 0; k < n->nd && !d; k++)
            if (n->d[k].id == b->id)
                d = &n->d[k];
        if (!d || d->type == T_UNSET)
            return nc_fail(e, "netcheck_unknown_chain", file, b->line, "NAT ディスクリプタ %u の type が定義されていません",
                           "NAT descriptor %u has no type", b->id);
        if (d->type == T_NONE) {
            nc_note_add(rs, b->line, b->text, strlen(b->text)); /* translates nothing */
            continue;
        }
        if (c < 0)
            c = nc_chain_add(rs, "nat descriptor");
        Status st = emit_one(rs, c, b, d, file, e);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}
