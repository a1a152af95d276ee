/* nat.c: translations of packet sets (nat.h). */
#include "netcheck/nat.h"

#include <stdlib.h>

#include "core/xmalloc.h"

static bool rewrites_dst(const NcNat *n) { return n->kind == NC_NAT_DNAT || n->kind == NC_NAT_REDIRECT; }

static unsigned rewritten_fields(const NcNat *n)
{
    bool dst = rewrites_dst(n);
    unsigned m = 0;
    if (n->set_addr)
        m |= 1u << (dst ? F_DST : F_SRC);
    if (n->set_port)
        m |= 1u << (dst ? F_DPORT : F_SPORT);
    return m;
}

PSet nc_nat_image(const NcNat *n, PSet before)
{
    if (n->kind == NC_NAT_REDIRECT)
        return ps_none(); /* delivered to the device: no longer forwarded */
    bool dst = rewrites_dst(n);
    PSet a = ps_ref(before);
    if (n->set_addr) {
        PSet b = ps_rewrite(a, dst ? F_DST : F_SRC, n->addr_lo, n->addr_hi);
        ps_free(a);
        a = b;
    }
    if (n->set_port) {
        PSet b = ps_rewrite(a, dst ? F_DPORT : F_SPORT, n->port_lo, n->port_hi);
        ps_free(a);
        a = b;
    }
    return a;
}

PSet nc_nat_preimage_set(const NcNat *n, PSet before, PSet after)
{
    if (n->kind == NC_NAT_REDIRECT)
        return ps_none();
    unsigned m = rewritten_fields(n);
    PSet y = ps_ref(after);
    for (int f = 0; f < F_COUNT; f++)
        if (m & (1u << f)) {
            PSet z = ps_forget(y, (NcField)f);
            ps_free(y);
            y = z;
        }
    PSet r = ps_and(before, y);
    ps_free(y);
    return r;
}

bool nc_nat_preimage(const NcNat *n, PSet before, const NcPacket *q, NcPacket *out)
{
    PSet like = ps_like(q, rewritten_fields(n));
    PSet c = ps_and(before, like);
    bool ok = ps_witness(c, out);
    ps_free(like);
    ps_free(c);
    return ok;
}

/* The packets of part a DNAT rule with a single target leaves as they are (empty for other rules: a
 * range's pick is the kernel's, and the engine's translation names the whole range). */
static PSet fixed_points(const NcNat *n, PSet part)
{
    if (n->kind != NC_NAT_DNAT || (n->set_addr && n->addr_lo != n->addr_hi) || (n->set_port && n->port_lo != n->port_hi) ||
        (!n->set_addr && !n->set_port))
        return ps_none();
    PSet f = ps_ref(part);
    if (n->set_addr) {
        PSet a = ps_range(F_DST, n->addr_lo, n->addr_hi), b = ps_and(f, a);
        ps_free(a), ps_free(f);
        f = b;
    }
    if (n->set_port) {
        PSet a = ps_range(F_DPORT, n->port_lo, n->port_hi), b = ps_and(f, a);
        ps_free(a), ps_free(f);
        f = b;
    }
    return f;
}

bool nc_nat_dnat_state(const NcNat *n, const NcPacket *before, const NcPacket *after)
{
    return n && n->kind == NC_NAT_DNAT &&
           (before->src != after->src || before->dst != after->dst || before->sport != after->sport ||
            before->dport != after->dport || before->proto != after->proto);
}

bool nc_nat_part_dnat(const NcRuleset *rs, const NcNatPart *part)
{
    return part->rule >= 0 && !part->identity && rs->nat[NC_NAT_PRE][part->rule].kind == NC_NAT_DNAT;
}

static bool applies(const NcNat *n, const char *in_if, const char *out_if)
{
    return !n->match.established_only && !n->match.not_ipv4 && nc_iface_matches(&n->match.in, in_if) &&
           nc_iface_matches(&n->match.out, out_if);
}

NcNatPart *nc_nat_split(const NcRuleset *rs, NcNatStage stage, PSet set, const char *in_if, const char *out_if,
                        size_t *n_out)
{
    size_t n = 0;
    NcNatPart *v = xmalloc((2 * rs->n_nat[stage] + 1) * sizeof *v);
    PSet rest = ps_ref(set);
    for (size_t i = 0; i < rs->n_nat[stage] && !ps_empty(rest); i++) {
        const NcNat *r = &rs->nat[stage][i];
        if (!applies(r, in_if, out_if))
            continue;
        PSet m = ps_rule(&r->match);
        PSet part = ps_and(rest, m);
        if (!ps_empty(part)) {
            PSet fixed = fixed_points(r, part);
            if (!ps_empty(fixed)) {
                PSet changed = ps_diff(part, fixed);
                ps_free(part);
                part = changed;
                v[n] = (NcNatPart){.rule = (int)i, .before = ps_ref(fixed), .after = ps_ref(fixed), .identity = true};
                n++;
            }
            ps_free(fixed);
        }
        if (!ps_empty(part)) {
            v[n] = (NcNatPart){.rule = (int)i, .before = part, .after = nc_nat_image(r, part), .identity = false};
            n++;
            PSet left = ps_diff(rest, m);
            ps_free(rest);
            rest = left;
        } else {
            ps_free(part);
            PSet left = ps_diff(rest, m);
            ps_free(rest);
            rest = left;
        }
        ps_free(m);
    }
    if (!ps_empty(rest)) {
        v[n] = (NcNatPart){.rule = -1, .before = ps_ref(rest), .after = ps_ref(rest), .identity = false};
        n++;
    }
    ps_free(rest);
    *n_out = n;
    return v;
}

void nc_nat_parts_free(NcNatPart *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ps_free(v[i].before);
        ps_free(v[i].after);
    }
    free(v);
}

int nc_nat_match(const NcRuleset *rs, NcNatStage stage, const NcPacket *p, const char *in_if, const char *out_if)
{
    for (size_t i = 0; i < rs->n_nat[stage]; i++)
        if (nc_rule_matches(&rs->nat[stage][i].match, p, in_if, out_if))
            return (int)i;
    return -1;
}

char *nc_nat_describe(const NcRuleset *rs, NcNatStage stage, int rule)
{
    const NcRule *r = &rs->nat[stage][rule].match;
    return rs->line_is_handle ? xasprintf("%s: handle %d: %s", rs->file, r->line, r->text)
                              : xasprintf("%s:%d: %s", rs->file, r->line, r->text);
}
