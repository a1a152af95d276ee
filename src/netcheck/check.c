/* check.c: zone reachability against the model and before/after differences (check.h). */
#include "netcheck/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/nat.h"

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
    PSet end; /* what must hold of a packet as it arrives: destination in the zone, not allowed */
    PSet ok;  /* the flows the model allows between the zones (judged as sent and as arrived) */
    NcHop path[NC_MAX_HOPS];
    PSet pre_before[NC_MAX_HOPS], post_before[NC_MAX_HOPS]; /* the sets each hop's NAT rules took */
    int depth;
    bool *visited;
    NcViolation *out;
    size_t n;
    bool truncated;
} Search;

/* The NAT rule a hop applied at a stage (NULL: none). */
static const NcNat *hop_nat(const Search *s, int i, NcNatStage st)
{
    int r = st == NC_NAT_PRE ? s->path[i].nat_pre : s->path[i].nat_post;
    return r < 0 ? NULL : &s->t->devices[s->path[i].device].rs->nat[st][r];
}

/* A concrete image of p under n that lies in within: p itself when the translation may leave it as it
 * is (masquerade: the interface's address is unknown, so the source is shown as sent). */
static NcPacket image_in(const NcNat *n, const NcPacket *p, PSet within)
{
    PSet one = ps_like(p, 0), img = nc_nat_image(n, one), in = ps_and(img, within);
    NcPacket q = *p;
    if (!ps_contains(in, p))
        ps_witness(in, &q);
    ps_free(one), ps_free(img), ps_free(in);
    return q;
}

static bool same_packet(const NcPacket *a, const NcPacket *b)
{
    return a->src == b->src && a->dst == b->dst && a->proto == b->proto && a->sport == b->sport && a->dport == b->dport;
}

/* A violation found on arrival: the arrived set is walked back through each hop's translations to the
 * packets as sent (which must not be allowed either: a relay's own traffic stays allowed after source
 * NAT); the witness is chosen among those and followed forward, so each hop's trace replays the packet
 * its forward rules saw. */
static void record(Search *s, PSet arrived)
{
    PSet in[NC_MAX_HOPS], mid[NC_MAX_HOPS], out[NC_MAX_HOPS];
    PSet y = ps_ref(arrived);
    for (int i = s->depth - 1; i >= 0; i--) {
        out[i] = y;
        const NcNat *post = hop_nat(s, i, NC_NAT_POST), *pre = hop_nat(s, i, NC_NAT_PRE);
        mid[i] = post ? nc_nat_preimage_set(post, s->post_before[i], out[i]) : ps_ref(out[i]);
        in[i] = pre ? nc_nat_preimage_set(pre, s->pre_before[i], mid[i]) : ps_ref(mid[i]);
        y = ps_ref(in[i]); /* out of the hop before */
    }
    ps_free(y);
    PSet sent = ps_diff(in[0], s->ok);
    if (!ps_empty(sent) && s->n >= NC_MAX_VIOLATIONS)
        s->truncated = true;
    else if (!ps_empty(sent)) {
        NcViolation *v = &s->out[s->n++];
        memset(v, 0, sizeof *v);
        v->rule = s->rule;
        v->from_zone = s->from;
        v->to_zone = s->to;
        v->n_hops = s->depth;
        v->packets = ps_count(sent);
        NcPacket q;
        ps_witness(sent, &q);
        v->witness = q;
        for (int i = 0; i < s->depth; i++) {
            NcHop *h = &v->hops[i];
            *h = s->path[i];
            const NcNat *pre = hop_nat(s, i, NC_NAT_PRE), *post = hop_nat(s, i, NC_NAT_POST);
            NcPacket came = q;
            if (pre)
                q = image_in(pre, &q, mid[i]);
            h->seen = q;
            if (post)
                q = image_in(post, &q, out[i]);
            const NcRuleset *rs = s->t->devices[h->device].rs;
            nc_trace_nat(rs, &h->seen, h->in[0] ? h->in : NULL, h->out, nc_nat_dnat_state(pre, &came, &h->seen), &h->trace);
        }
        v->delivered = q;
        v->translated = !same_packet(&v->witness, &v->delivered);
    }
    ps_free(sent);
    for (int i = 0; i < s->depth; i++)
        ps_free(in[i]), ps_free(mid[i]), ps_free(out[i]);
}

static void walk_device(Search *s, int dev, const char *in_if, PSet set)
{
    const NcDevice *d = &s->t->devices[dev];
    if (s->depth >= NC_MAX_HOPS || s->visited[dev])
        return;
    s->visited[dev] = true;
    /* destination NAT before the forward rules, source NAT after them (ir.h NcNatStage) */
    size_t npre;
    NcNatPart *pre = nc_nat_split(d->rs, NC_NAT_PRE, set, in_if, NULL, &npre);
    for (size_t k = 0; k < d->n_ifs; k++) {
        const NcBinding *b = &d->ifs[k];
        if (in_if && strcmp(b->iface, in_if) == 0)
            continue;
        PSet through = nc_permitted(d->an, in_if, b->iface), through_dnat = ps_none();
        bool have_dnat = false;
        for (size_t i = 0; i < npre; i++) {
            bool dnat = nc_nat_part_dnat(d->rs, &pre[i]);
            if (dnat && !have_dnat) { /* --ctstate DNAT rules match these */
                through_dnat = nc_permitted_nat(d->an, in_if, b->iface, true);
                have_dnat = true;
            }
            PSet p = ps_and(pre[i].after, dnat ? through_dnat : through);
            if (ps_empty(p)) {
                ps_free(p);
                continue;
            }
            size_t npost;
            NcNatPart *post = nc_nat_split(d->rs, NC_NAT_POST, p, in_if, b->iface, &npost);
            for (size_t j = 0; j < npost; j++) {
                NcHop *h = &s->path[s->depth];
                memset(h, 0, sizeof *h);
                h->device = dev;
                snprintf(h->in, sizeof h->in, "%s", in_if ? in_if : "");
                snprintf(h->out, sizeof h->out, "%s", b->iface);
                h->nat_pre = pre[i].rule;
                h->nat_post = post[j].rule;
                s->pre_before[s->depth] = pre[i].before;
                s->post_before[s->depth] = post[j].before;
                s->depth++;
                if (b->zone == s->to) {
                    PSet arrived = ps_and(post[j].after, s->end);
                    if (!ps_empty(arrived))
                        record(s, arrived);
                    ps_free(arrived);
                } else if (b->zone < 0 && b->peer_device >= 0 && !ps_empty(post[j].after))
                    walk_device(s, b->peer_device, b->peer_iface, post[j].after);
                s->depth--;
            }
            nc_nat_parts_free(post, npost);
            ps_free(p);
        }
        ps_free(through);
        ps_free(through_dnat);
    }
    nc_nat_parts_free(pre, npre);
    s->visited[dev] = false;
}

NcViolation *nc_check_zones(const NcTopology *t, const NcMatrix *m, size_t *n, bool *truncated)
{
    const NcModel *model = nc_matrix_model(m, t->model);
    Search s = {.t = t, .visited = xcalloc(t->n_devices + 1, sizeof(bool)),
                .out = xcalloc(NC_MAX_VIOLATIONS, sizeof(NcViolation))};
    bool nat = false;
    for (size_t d = 0; d < t->n_devices; d++)
        nat |= t->devices[d].rs->n_nat[NC_NAT_PRE] + t->devices[d].rs->n_nat[NC_NAT_POST] > 0;
    for (size_t r = 0; model && r < model->n; r++) {
        const NcFlowRule *rule = &model->rules[r];
        int from = nc_topology_zone(t, rule->from), to = nc_topology_zone(t, rule->to);
        if (rule->allow == NC_ALLOW_ANY || from < 0 || to < 0)
            continue;
        PSet src = zone_addresses(t, from, F_SRC), dst = zone_addresses(t, to, F_DST);
        PSet sd = ps_and(src, dst), ok = allowed_by(t, rule);
        /* without NAT the destination is known at the start; with it, only on arrival (a port forward
         * to a マイナンバー系 server is addressed to the internet side) */
        PSet forbidden = nat ? ps_ref(src) : ps_diff(sd, ok);
        s.end = nat ? ps_diff(dst, ok) : ps_all();
        s.ok = ok;
        ps_free(src), ps_free(dst), ps_free(sd);
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
        ps_free(s.end);
        ps_free(s.ok);
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

/* The packets, as sent, that a device forwards from in to out: through its destination NAT, then its
 * forward rules (a new port forward opens flows to the public address). Without NAT: nc_permitted. */
static PSet forwarded_as_sent(const NcAnalysis *a, const char *in, const char *out)
{
    PSet through = nc_permitted(a, in, out);
    if (!a->rs->n_nat[NC_NAT_PRE])
        return through;
    PSet through_dnat = nc_permitted_nat(a, in, out, true);
    size_t np;
    PSet all = ps_all();
    NcNatPart *parts = nc_nat_split(a->rs, NC_NAT_PRE, all, in, NULL, &np);
    PSet u = ps_none();
    for (size_t i = 0; i < np; i++) {
        bool dnat = nc_nat_part_dnat(a->rs, &parts[i]);
        PSet ok = ps_and(parts[i].after, dnat ? through_dnat : through);
        PSet sent = parts[i].rule >= 0 ? nc_nat_preimage_set(&a->rs->nat[NC_NAT_PRE][parts[i].rule], parts[i].before, ok)
                                       : ps_ref(ok);
        PSet nu = ps_or(u, sent);
        ps_free(ok), ps_free(sent), ps_free(u);
        u = nu;
    }
    nc_nat_parts_free(parts, np);
    ps_free(through);
    ps_free(through_dnat);
    return u;
}

/* The trace of p as the forward rules see it (after the device's destination NAT). */
static void trace_as_seen(const NcRuleset *rs, const NcPacket *p, const char *in, const char *out, NcTrace *t)
{
    int r = nc_nat_match(rs, NC_NAT_PRE, p, in, NULL);
    NcPacket q = r >= 0 ? nc_nat_translate(&rs->nat[NC_NAT_PRE][r], p) : *p;
    nc_trace_nat(rs, &q, in, out, nc_nat_dnat_state(r >= 0 ? &rs->nat[NC_NAT_PRE][r] : NULL, p, &q), t);
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
            PSet b = forwarded_as_sent(before, in, out), a = forwarded_as_sent(after, in, out);
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
                    trace_as_seen((dir == 0 ? after : before)->rs, &it->witness, in, out, &it->trace);
                }
                ps_free(delta);
            }
            ps_free(a);
            ps_free(b);
        }
    *n_out = n;
    return v;
}
