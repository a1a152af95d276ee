/* space.c: the BDD encoding of packet headers (space.h). Fields are laid out one after the other, each
 * most significant bit first, which keeps prefixes and port ranges small (a range is at most two
 * nodes per bit). */
#include "netcheck/space.h"

#include <bdd.h>
#include <stdio.h>
#include <stdlib.h>

static const int field_bits[F_COUNT] = {8, 32, 16, 32, 16};
static int field_base[F_COUNT];
static bool ready;

static void on_bdd_error(int code)
{
    /* Out of nodes or a broken invariant: there is nothing sensible to continue with. */
    fprintf(stderr, "netcheck: BDD error: %s\n", bdd_errstring(code));
    abort();
}

void nc_space_init(void)
{
    if (ready)
        return;
    int total = 0;
    for (int f = 0; f < F_COUNT; f++) {
        field_base[f] = total;
        total += field_bits[f];
    }
    bdd_init(2000000, 250000);
    bdd_setvarnum(total);
    bdd_error_hook(on_bdd_error);
    bdd_gbc_hook(NULL);
    bdd_setmaxincrease(4000000);
    /* About 20 bytes a node: 50 M nodes is 1 GB, the limit the issue sets. */
    bdd_setmaxnodenum(50000000);
    ready = true;
}

PSet ps_all(void) { return bddtrue; }
PSet ps_none(void) { return bddfalse; }
PSet ps_ref(PSet a) { return bdd_addref(a); }
void ps_free(PSet a) { bdd_delref(a); }
PSet ps_and(PSet a, PSet b) { return bdd_addref(bdd_and(a, b)); }
PSet ps_or(PSet a, PSet b) { return bdd_addref(bdd_or(a, b)); }
PSet ps_diff(PSet a, PSet b) { return bdd_addref(bdd_apply(a, b, bddop_diff)); }
PSet ps_not(PSet a) { return bdd_addref(bdd_not(a)); }
PSet ps_ite(PSet c, PSet t, PSet e) { return bdd_addref(bdd_ite(c, t, e)); }
bool ps_empty(PSet a) { return a == bddfalse; }
bool ps_subset(PSet a, PSet b) { return bdd_apply(a, b, bddop_imp) == bddtrue; }
bool ps_equal(PSet a, PSet b) { return a == b; }
int nc_space_nodes(void) { return bdd_getnodenum(); }

/* Variable of bit i (0 = most significant) of field f. */
static int var_of(NcField f, int i) { return field_base[f] + i; }

/* Values of field f that are >= v (ge) or <= v (!ge), built from the least significant bit up. */
static PSet bound(NcField f, uint32_t v, bool ge)
{
    int bits = field_bits[f];
    BDD r = bdd_addref(bddtrue);
    for (int i = bits - 1; i >= 0; i--) {
        bool bit = (v >> (bits - 1 - i)) & 1;
        BDD x = ge ? bdd_ithvar(var_of(f, i)) : bdd_nithvar(var_of(f, i));
        /* ge: bit 1 → x ∧ rest, bit 0 → x ∨ rest; le: bit 0 → ¬x ∧ rest, bit 1 → ¬x ∨ rest */
        BDD n = (bit == ge) ? bdd_and(x, r) : bdd_or(x, r);
        bdd_addref(n);
        bdd_delref(r);
        r = n;
    }
    return r;
}

PSet ps_range(NcField f, uint32_t lo, uint32_t hi)
{
    uint32_t max = field_bits[f] == 32 ? 0xffffffffu : (1u << field_bits[f]) - 1;
    if (hi > max)
        hi = max;
    if (lo > hi)
        return bddfalse;
    if (lo == 0 && hi == max)
        return bddtrue;
    PSet a = lo == 0 ? bddtrue : bound(f, lo, true);
    PSet b = hi == max ? bddtrue : bound(f, hi, false);
    PSet r = ps_and(a, b);
    ps_free(a);
    ps_free(b);
    return r;
}

PSet ps_set(NcField f, const NcSet *s)
{
    if (nc_set_is_any(s))
        return bddtrue;
    PSet u = bddfalse;
    for (size_t i = 0; i < s->n; i++) {
        PSet one = ps_range(f, s->v[i].lo, s->v[i].hi);
        PSet n = ps_or(u, one);
        ps_free(one);
        ps_free(u);
        u = n;
    }
    if (s->neg) {
        PSet n = ps_not(u);
        ps_free(u);
        u = n;
    }
    return u;
}

PSet ps_rule(const NcRule *r)
{
    const NcSet *sets[F_COUNT] = {[F_PROTO] = &r->proto, [F_DST] = &r->dst, [F_DPORT] = &r->dport,
                                  [F_SRC] = &r->src, [F_SPORT] = &r->sport};
    PSet m = bddtrue;
    for (int f = 0; f < F_COUNT && m != bddfalse; f++) {
        PSet one = ps_set((NcField)f, sets[f]);
        PSet n = ps_and(m, one);
        ps_free(one);
        ps_free(m);
        m = n;
    }
    return m;
}

static uint32_t field_value(const NcPacket *p, NcField f)
{
    switch (f) {
    case F_PROTO: return p->proto;
    case F_DST: return p->dst;
    case F_DPORT: return p->dport;
    case F_SRC: return p->src;
    case F_SPORT: return p->sport;
    default: return 0;
    }
}

static bool var_value(const NcPacket *p, int var)
{
    for (int f = F_COUNT - 1; f >= 0; f--)
        if (var >= field_base[f]) {
            int i = var - field_base[f];
            return (field_value(p, (NcField)f) >> (field_bits[f] - 1 - i)) & 1;
        }
    return false;
}

bool ps_contains(PSet a, const NcPacket *p)
{
    BDD n = a;
    while (n != bddtrue && n != bddfalse)
        n = var_value(p, bdd_var(n)) ? bdd_high(n) : bdd_low(n);
    return n == bddtrue;
}

PSet ps_forget(PSet a, NcField f)
{
    int vars[32];
    for (int i = 0; i < field_bits[f]; i++)
        vars[i] = var_of(f, i);
    BDD set = bdd_addref(bdd_makeset(vars, field_bits[f]));
    BDD r = bdd_addref(bdd_exist(a, set));
    bdd_delref(set);
    return r;
}

PSet ps_rewrite(PSet a, NcField f, uint32_t lo, uint32_t hi)
{
    PSet free_f = ps_forget(a, f);
    PSet r = ps_range(f, lo, hi);
    PSet out = ps_and(free_f, r);
    ps_free(r);
    ps_free(free_f);
    return out;
}

PSet ps_like(const NcPacket *p, unsigned skip)
{
    PSet m = bddtrue;
    for (int f = 0; f < F_COUNT; f++) {
        if (skip & (1u << f))
            continue;
        uint32_t v = field_value(p, (NcField)f);
        PSet one = ps_range((NcField)f, v, v);
        PSet n = ps_and(m, one);
        ps_free(one);
        ps_free(m);
        m = n;
    }
    return m;
}

bool ps_witness(PSet a, NcPacket *p)
{
    if (a == bddfalse)
        return false;
    /* Prefer tcp when tcp is in the set: the most telling witness for a firewall report. */
    PSet tcp = ps_range(F_PROTO, 6, 6);
    PSet t = ps_and(a, tcp);
    ps_free(tcp);
    BDD n = t != bddfalse ? t : a;
    uint32_t vals[F_COUNT] = {0};
    while (n != bddtrue) {
        int v = bdd_var(n);
        BDD lo = bdd_low(n);
        bool take_high = lo == bddfalse;
        if (take_high) {
            for (int f = F_COUNT - 1; f >= 0; f--)
                if (v >= field_base[f]) {
                    vals[f] |= 1u << (field_bits[f] - 1 - (v - field_base[f]));
                    break;
                }
        }
        n = take_high ? bdd_high(n) : lo;
    }
    ps_free(t);
    p->proto = (uint8_t)vals[F_PROTO];
    p->dst = vals[F_DST];
    p->dport = (uint16_t)vals[F_DPORT];
    p->src = vals[F_SRC];
    p->sport = (uint16_t)vals[F_SPORT];
    return true;
}

double ps_count(PSet a)
{
    return bdd_satcount(a);
}
