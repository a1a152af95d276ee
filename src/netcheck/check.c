/* check.c: zone reachability against the model and before/after differences (check.h). */
#include "netcheck/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

char *nc_packet_describe(const NcPacket *p)
{
    char s[16], d[16];
    nc_format_ipv4(p->src, s);
    nc_format_ipv4(p->dst, d);
    const char *name = nc_proto_name(p->proto);
    char pn[8];
    if (!name) {
        snprintf(pn, sizeof pn, "%u", p->proto);
        name = pn;
    }
    if (p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136)
        return xasprintf("%s %s:%u → %s:%u", name, s, p->sport, d, p->dport);
    if (p->proto == 1)
        return xasprintf("icmp %s → %s type %u code %u", s, d, p->sport, p->dport);
    return xasprintf("%s %s → %s", name, s, d);
}

static PSet set_in(NcField f, const NcSet *s)
{
    return ps_set(f, s);
}

/* The zone's addresses: its networks minus those of zones with fewer addresses (0.0.0.0/0 for the
 * internet side means "everything the other zones do not claim"). */
static PSet zone_addresses(const NcTopology *t, int z, NcField f)
{
    PSet mine = set_in(f, &t->zones[z].nets);
    double size = ps_count(mine);
    for (int k = 0; k < t->n_zones; k++) {
        if (k == z)
            continue;
        PSet other = set_in(f, &t->zones[k].nets);
        if (ps_count(other) < size) {
            PSet rest = ps_diff(mine, other);
            ps_free(mine);
            mine = rest;
        }
        ps_free(other);
    }
    return mine;
}

static PSet services(const NcService *v, size_t n)
{
    PSet u = ps_none();
    for (size_t i = 0; i < n; i++) {
        PSet p = ps_range(F_PROTO, (uint32_t)v[i].proto, (uint32_t)v[i].proto);
        PSet q = (v[i].proto == 6 || v[i].proto == 17) ? ps_range(F_DPORT, v[i].lo, v[i].hi) : ps_all();
        PSet pq = ps_and(p, q);
        PSet nu = ps_or(u, pq);
        ps_free(p);
        ps_free(q);
        ps_free(pq);
        ps_free(u);
        u = nu;
    }
    return u;
}

static PSet allowed_by(const NcTopology *t, const NcFlowRule *r)
{
    PSet u = ps_none();
    if (r->allow == NC_ALLOW_RELAYS)
        for (size_t i = 0; i < t->n_relays; i++) {
            bool kind = false;
            for (int k = 0; k < r->n_relays; k++)
                kind |= strcmp(r->relays[k], t->relays[i].kind) == 0;
            if (!kind)
                continue;
            PSet s = set_in(F_SRC, &t->relays[i].addr), d = set_in(F_DST, &t->relays[i].addr);
            PSet ends = ps_or(s, d), svc = services(t->relays[i].svc, t->relays[i].n_svc);
            PSet one = ps_and(ends, svc), nu = ps_or(u, one);
            ps_free(s), ps_free(d), ps_free(ends), ps_free(svc), ps_free(one), ps_free(u);
            u = nu;
        }
    if (r->allow == NC_ALLOW_SPECIFIED)
        for (size_t i = 0; i < t->n_specified; i++) {
            const NcSpecified *sp = &t->specified[i];
            if (strcmp(sp->from, r->from) || strcmp(sp->to, r->to))
                continue;
            PSet s = set_in(F_SRC, &sp->src), d = set_in(F_DST, &sp->dst), svc = services(sp->svc, sp->n_svc);
            PSet sd = ps_and(s, d), one = ps_and(sd, svc), nu = ps_or(u, one);
            ps_free(s), ps_free(d), ps_free(svc), ps_free(sd), ps_free(one), ps_free(u);
            u = nu;
        }
    return u;
}

typedef struct Search {
    const NcTopology *t;
    const NcFlowRule *rule;
    int from, to;
    NcHop path[NC_MAX_HOPS];
    int depth;
    bool *visited;
    NcViolation *out;
    size_t n;
    bool truncated;
} Search;

static void walk_device(Search *s, int dev, const char *in_if, PSet set)
{
    const NcDevice *d = &s->t->devices[dev];
    if (s->depth >= NC_MAX_HOPS || s->visited[dev])
        return;
    s->visited[dev] = true;
    for (size_t k = 0; k < d->n_ifs; k++) {
        const NcBinding *b = &d->ifs[k];
        if (in_if && strcmp(b->iface, in_if) == 0)
            continue;
        PSet through = nc_permitted(d->an, in_if, b->iface);
        PSet p = ps_and(set, through);
        ps_free(through);
        if (!ps_empty(p)) {
            NcHop *h = &s->path[s->depth];
            h->device = dev;
            snprintf(h->in, sizeof h->in, "%s", in_if ? in_if : "");
            snprintf(h->out, sizeof h->out, "%s", b->iface);
            s->depth++;
            if (b->zone == s->to) {
                if (s->n >= NC_MAX_VIOLATIONS)
                    s->truncated = true;
                else {
                    NcViolation *v = &s->out[s->n++];
                    memset(v, 0, sizeof *v);
                    v->rule = s->rule;
                    v->from_zone = s->from;
                    v->to_zone = s->to;
                    ps_witness(p, &v->witness);
                    v->packets = ps_count(p);
                    v->n_hops = s->depth;
                    for (int i = 0; i < s->depth; i++) {
                        v->hops[i] = s->path[i];
                        const NcDevice *hd = &s->t->devices[s->path[i].device];
                        nc_trace(hd->rs, &v->witness, s->path[i].in[0] ? s->path[i].in : NULL, s->path[i].out,
                                 &v->hops[i].trace);
                    }
                }
            } else if (b->zone < 0 && b->peer_device >= 0)
                walk_device(s, b->peer_device, b->peer_iface, p);
            s->depth--;
        }
        ps_free(p);
    }
    s->visited[dev] = false;
}

NcViolation *nc_check_zones(const NcTopology *t, const NcMatrix *m, size_t *n, bool *truncated)
{
    const NcModel *model = nc_matrix_model(m, t->model);
    Search s = {.t = t, .visited = xcalloc(t->n_devices + 1, sizeof(bool)),
                .out = xcalloc(NC_MAX_VIOLATIONS, sizeof(NcViolation))};
    for (size_t r = 0; model && r < model->n; r++) {
        const NcFlowRule *rule = &model->rules[r];
        int from = nc_topology_zone(t, rule->from), to = nc_topology_zone(t, rule->to);
        if (rule->allow == NC_ALLOW_ANY || from < 0 || to < 0)
            continue;
        PSet src = zone_addresses(t, from, F_SRC), dst = zone_addresses(t, to, F_DST);
        PSet sd = ps_and(src, dst), ok = allowed_by(t, rule);
        PSet forbidden = ps_diff(sd, ok);
        ps_free(src), ps_free(dst), ps_free(sd), ps_free(ok);
        s.rule = rule;
        s.from = from;
        s.to = to;
        for (size_t d = 0; d < t->n_devices; d++)
            for (size_t k = 0; k < t->devices[d].n_ifs; k++)
                if (t->devices[d].ifs[k].zone == from) {
                    /* enter the device on its interface facing the source zone */
                    const NcDevice *dev = &t->devices[d];
                    s.depth = 0;
                    walk_device(&s, (int)d, dev->ifs[k].iface, forbidden);
                }
        ps_free(forbidden);
    }
    free(s.visited);
    *n = s.n;
    *truncated = s.truncated;
    return s.out;
}

/* Interface names a ruleset's rules name exactly (wildcards and negations aside). */
static void collect_ifaces(const NcRuleset *rs, char (*names)[32], size_t *n, size_t cap)
{
    for (size_t c = 0; c < rs->n; c++)
        for (size_t i = 0; i < rs->chains[c].n; i++) {
            const NcIface *fs[2] = {&rs->chains[c].rules[i].in, &rs->chains[c].rules[i].out};
            for (int k = 0; k < 2; k++) {
                const char *nm = fs[k]->name;
                size_t len = strlen(nm);
                if (!len || nm[len - 1] == '+')
                    continue;
                bool seen = false;
                for (size_t q = 0; q < *n && !seen; q++)
                    seen = strcmp(names[q], nm) == 0;
                if (!seen && *n < cap)
                    snprintf(names[(*n)++], 32, "%s", nm);
            }
        }
}

NcDiffItem *nc_diff(const NcAnalysis *before, const NcAnalysis *after, size_t *n_out)
{
    enum { CAP = 64 };
    char names[CAP][32];
    size_t ni = 0;
    collect_ifaces(before->rs, names, &ni, CAP);
    collect_ifaces(after->rs, names, &ni, CAP);
    NcDiffItem *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i <= ni; i++)
        for (size_t o = 0; o <= ni; o++) {
            if (i == o && i < ni)
                continue;
            const char *in = i < ni ? names[i] : NULL, *out = o < ni ? names[o] : NULL;
            PSet b = nc_permitted(before, in, out), a = nc_permitted(after, in, out);
            for (int dir = 0; dir < 2; dir++) {
                PSet delta = dir == 0 ? ps_diff(a, b) : ps_diff(b, a);
                if (!ps_empty(delta)) {
                    if (n == cap) {
                        cap = cap ? cap * 2 : 8;
                        v = xrealloc(v, cap * sizeof *v);
                    }
                    NcDiffItem *it = &v[n++];
                    memset(it, 0, sizeof *it);
                    it->opened = dir == 0;
                    snprintf(it->in, sizeof it->in, "%s", in ? in : "");
                    snprintf(it->out, sizeof it->out, "%s", out ? out : "");
                    ps_witness(delta, &it->witness);
                    it->packets = ps_count(delta);
                    nc_trace((dir == 0 ? after : before)->rs, &it->witness, in, out, &it->trace);
                }
                ps_free(delta);
            }
            ps_free(a);
            ps_free(b);
        }
    *n_out = n;
    return v;
}
