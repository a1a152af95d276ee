/* parse_asa_twice.c: Cisco ASA twice NAT (manual NAT, parse_asa.h AsaTwice). The ASA applies manual NAT
 * before object NAT (section 1) and `after-auto` manual NAT after it (section 3), first match. A rule
 * matches traffic from REAL_IF to MAPPED_IF whose source is REAL and, with `destination static
 * MAPPED_DST REAL_DST`, whose destination is MAPPED_DST: the source becomes MAPPED and the destination
 * REAL_DST. A static rule also works the other way (unless `unidirectional`): from MAPPED_IF to MAPPED
 * (from REAL_DST), the destination becomes REAL (the source MAPPED_DST). In the engine's two stages the
 * destination rewrite is a pre-stage rule (before the access lists, which name real addresses since
 * ASA 8.3) and the source rewrite a post-stage one; a rule mapping an address onto itself (identity NAT,
 * the usual VPN or NAT exemption) is a rule that translates nothing, so no later rule translates those
 * packets either. A range mapped onto another range is read as onto the whole range. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse_asa.h"

/* An address operand: `any`, a network object of one span, a host address or name. */
static bool operand(Asa *p, const char *s, uint32_t *lo, uint32_t *hi)
{
    if (!strcmp(s, "any") || !strcmp(s, "any4")) {
        *lo = 0;
        *hi = 0xffffffffu;
        return true;
    }
    AsaObj *o = asa_find_obj(p, s);
    if (o && o->kind == K_NETOBJ && o->addr.n == 1 && !o->bad_line) {
        *lo = o->addr.v[0].lo;
        *hi = o->addr.v[0].hi;
        return true;
    }
    uint32_t a;
    if (!o && asa_host_addr(p, s, &a)) {
        *lo = *hi = a;
        return true;
    }
    return false;
}

bool asa_twice_line(Asa *p, int line, const NcWords *w, const char *text)
{
    AsaTwice t = {.line = line};
    char ifs[2][32];
    if (w->n < 6 || sscanf(w->w[1], "(%31[^,],%31[^)])", ifs[0], ifs[1]) != 2 || p->n_twice >= NC_MAX_RULES)
        return false;
    snprintf(t.real_if, sizeof t.real_if, "%s", strcmp(ifs[0], "any") ? ifs[0] : "");
    snprintf(t.mapped_if, sizeof t.mapped_if, "%s", strcmp(ifs[1], "any") ? ifs[1] : "");
    int i = 2;
    if (!strcmp(w->w[i], "after-auto"))
        t.after_auto = true, i++;
    else if (strspn(w->w[i], "0123456789") == strlen(w->w[i]))
        i++; /* a line number within section 1: the configuration lists them in that order */
    if (i + 3 >= w->n || strcmp(w->w[i], "source"))
        return false;
    t.is_static = !strcmp(w->w[i + 1], "static");
    if (!t.is_static && strcmp(w->w[i + 1], "dynamic"))
        return false;
    if (!operand(p, w->w[i + 2], &t.rlo, &t.rhi))
        return false;
    bool pool = false;
    if (!strcmp(w->w[i + 3], "interface") && !t.is_static)
        t.to_iface = true;
    else if (!strcmp(w->w[i + 3], "pat-pool") && !t.is_static && i + 4 < w->n) {
        /* PAT onto a pool's addresses: the source becomes one of them (the ports are the ASA's) */
        if (!operand(p, w->w[i + 4], &t.mlo, &t.mhi))
            return false;
        pool = true;
        i++;
    } else if (!operand(p, w->w[i + 3], &t.mlo, &t.mhi))
        return false; /* an object group, … */
    i += 4;
    if (i < w->n && !strcmp(w->w[i], "destination")) {
        if (i + 3 >= w->n || strcmp(w->w[i + 1], "static") || !operand(p, w->w[i + 2], &t.dmlo, &t.dmhi) ||
            !operand(p, w->w[i + 3], &t.drlo, &t.drhi))
            return false;
        t.has_dst = true;
        i += 4;
    }
    for (; i < w->n; i++) { /* ARP, DNS and routing options do not change what is translated */
        if (!strcmp(w->w[i], "unidirectional"))
            t.unidirectional = true;
        else if (pool && asa_pat_pool_option(w->w[i]))
            continue;
        else if (strcmp(w->w[i], "dns") && strcmp(w->w[i], "no-proxy-arp") && strcmp(w->w[i], "route-lookup") &&
                 strcmp(w->w[i], "net-to-net") && strcmp(w->w[i], "inactive"))
            return false; /* service, block-allocation, … */
        else if (!strcmp(w->w[i], "inactive"))
            return false; /* an inactive rule translates nothing: a note */
    }
    t.text = xstrdup(text);
    p->twice = xrealloc(p->twice, (p->n_twice + 1) * sizeof *p->twice);
    p->twice[p->n_twice++] = t;
    return true;
}

static bool full(uint32_t lo, uint32_t hi) { return lo == 0 && hi == 0xffffffffu; }

/* One rule of the scratch chain c moved to stage: arriving on in_if (and leaving on out_if), from
 * [slo, shi] to [dlo, dhi], rewriting to [alo, ahi] (NONE when it is the same range). */
static Status one(Asa *p, int c, const AsaTwice *t, NcNatStage stage, const char *in_if, const char *out_if, uint32_t slo,
                  uint32_t shi, uint32_t dlo, uint32_t dhi, NcNatKind kind, uint32_t flo, uint32_t fhi, uint32_t alo,
                  uint32_t ahi)
{
    Status st = nc_check_rule_limit(p->rs, t->line, p->e);
    if (st != ST_OK)
        return st;
    NcRule *r = nc_rule_add(p->rs, c, t->line, t->text, strlen(t->text));
    snprintf(r->in.name, sizeof r->in.name, "%s", in_if);
    if (out_if)
        snprintf(r->out.name, sizeof r->out.name, "%s", out_if);
    if (!full(slo, shi))
        nc_set_add(&r->src, slo, shi);
    if (!full(dlo, dhi))
        nc_set_add(&r->dst, dlo, dhi);
    NcNat *n = nc_nat_take(p->rs, c, stage);
    bool identity = kind != NC_NAT_MASQUERADE && flo == alo && fhi == ahi;
    n->kind = identity ? NC_NAT_NONE : kind;
    n->set_addr = !identity;
    n->addr_lo = kind == NC_NAT_MASQUERADE ? 0 : alo;
    n->addr_hi = kind == NC_NAT_MASQUERADE ? 0xffffffffu : ahi;
    return ST_OK;
}

Status asa_twice_emit(Asa *p, int c, bool after_auto)
{
    Status st = ST_OK;
    for (size_t k = 0; k < p->n_twice && st == ST_OK; k++) {
        const AsaTwice *t = &p->twice[k];
        if (t->after_auto != after_auto)
            continue;
        uint32_t any_lo = 0, any_hi = 0xffffffffu;
        /* forward: from REAL (to MAPPED_DST) — the destination first, then the source */
        if (t->has_dst)
            st = one(p, c, t, NC_NAT_PRE, t->real_if, NULL, t->rlo, t->rhi, t->dmlo, t->dmhi, NC_NAT_DNAT, t->dmlo, t->dmhi,
                     t->drlo, t->drhi);
        if (st == ST_OK)
            st = one(p, c, t, NC_NAT_POST, t->real_if, t->mapped_if, t->rlo, t->rhi, t->has_dst ? t->drlo : any_lo,
                     t->has_dst ? t->drhi : any_hi, t->to_iface ? NC_NAT_MASQUERADE : NC_NAT_SNAT, t->rlo, t->rhi, t->mlo,
                     t->mhi);
        if (st != ST_OK || !t->is_static || t->unidirectional)
            continue;
        /* reverse: to MAPPED (from REAL_DST) — the destination back to REAL, the source back to MAPPED_DST */
        st = one(p, c, t, NC_NAT_PRE, t->mapped_if, NULL, t->has_dst ? t->drlo : any_lo, t->has_dst ? t->drhi : any_hi,
                 t->mlo, t->mhi, NC_NAT_DNAT, t->mlo, t->mhi, t->rlo, t->rhi);
        if (st == ST_OK && t->has_dst)
            st = one(p, c, t, NC_NAT_POST, t->mapped_if, t->real_if, t->drlo, t->drhi, t->rlo, t->rhi, NC_NAT_SNAT, t->drlo,
                     t->drhi, t->dmlo, t->dmhi);
    }
    return st;
}
