/* parse_asa.c: Cisco ASA `show running-config`: interfaces (nameif, security-level, ip address), `name`
 * aliases, objects (`object network` host/subnet/range, `object service`), object groups (network,
 * service typed and untyped, protocol, icmp-type; nested with `group-object`), extended access lists
 * and their bindings (`access-group NAME in|out interface IF`, `access-group NAME global`).
 *
 * The IR has two forward base chains. "in": per interface (nameif, in configuration order) its
 * inbound list, then the global list, then the implicit deny; an interface with neither passes traffic
 * only to interfaces of a lower security level (or an equal one with `same-security-traffic permit
 * inter-interface`). Its policy drops: an interface without nameif forwards nothing. "out": each
 * outbound list restricted to its interface with its implicit deny. Objects are defined before they are
 * used (as the ASA prints them), so a reference resolves at once and groups cannot loop; nesting is
 * limited. Anything in an ACE that changes what it matches and is not modelled (`interface`, users,
 * security groups, time ranges, FQDN objects) is an error naming the line; inactive ACEs, standard
 * lists and control-plane bindings are notes. Object NAT (`nat (REAL,MAPPED) static|dynamic …` under an
 * `object network`) becomes NAT rules (ir.h NcNat): static — destination NAT of packets arriving on the
 * mapped interface for the mapped address (and service port), source NAT of the real address leaving
 * there; dynamic — source NAT only (to `interface`: any address, as masquerade). Static rules come
 * before dynamic ones, as the ASA orders object NAT. Twice NAT (parse_asa_twice.c) comes before object NAT
 * (after it with after-auto); pat-pool, object-group and service forms stay notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_asa.h"

/* An address of an ACE at w[*i]: any | any4 | any6 | host A | A MASK | object N | object-group N. */
static Status ace_address(Asa *p, int line, const NcWords *w, int *i, NcSet *s, bool *v6)
{
    if (*i >= w->n)
        return asa_syntax(p, line, "access-list");
    const char *a = w->w[*i];
    uint32_t addr;
    int len;
    AsaObj *o;
    if (!strcmp(a, "any") || !strcmp(a, "any4")) {
        (*i)++;
        return ST_OK;
    }
    if (!strcmp(a, "any6")) {
        *v6 = true;
        (*i)++;
        return ST_OK;
    }
    if (!strcmp(a, "host") && *i + 1 < w->n) {
        if (strchr(w->w[*i + 1], ':'))
            *v6 = true;
        else if (asa_host_addr(p, w->w[*i + 1], &addr))
            nc_set_add(s, addr, addr);
        else
            return asa_unsupported(p, line, w->w[*i + 1]);
        *i += 2;
        return ST_OK;
    }
    if (!strcmp(a, "object") || !strcmp(a, "object-group")) {
        if (*i + 1 >= w->n)
            return asa_syntax(p, line, a);
        bool grp = a[6] == '-';
        if (asa_ref(p, line, w->w[*i + 1], grp ? 1u << K_NETGROUP : 1u << K_NETOBJ, &o) != ST_OK)
            return ST_INVALID;
        if (!o->addr.n)
            return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s にアドレスがありません",
                           "object %s holds no address", o->name);
        asa_set_append(s, &o->addr);
        *i += 2;
        return ST_OK;
    }
    if (strchr(a, ':')) { /* IPv6 prefix */
        *v6 = true;
        (*i)++;
        return ST_OK;
    }
    if (asa_host_addr(p, a, &addr) && *i + 1 < w->n && asa_mask_len(w->w[*i + 1], &len)) {
        nc_set_add_prefix(s, addr, len);
        *i += 2;
        return ST_OK;
    }
    /* interface IFNAME (the ASA's own address), user, security groups: not modelled */
    return asa_unsupported(p, line, a);
}

/* Ports at w[*i] (an operator or `object-group PORTGROUP`) for a tcp/udp service; nothing there is "any". */
static Status ace_ports(Asa *p, int line, const NcWords *w, int *i, NcSet *s)
{
    bool bad;
    if (asa_port_op(w, i, s, &bad))
        return ST_OK;
    if (bad)
        return asa_syntax(p, line, w->w[*i]);
    if (*i + 1 < w->n && !strcmp(w->w[*i], "object-group")) {
        AsaObj *o = asa_find_obj(p, w->w[*i + 1]);
        if (o && o->kind == K_PORTGROUP) {
            if (!o->set.n)
                return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s にポートがありません",
                               "object %s holds no port", o->name);
            asa_set_append(s, &o->set);
            *i += 2;
        }
    }
    return ST_OK;
}

static Status ace_line(Asa *p, int line, const NcWords *w, const char *text)
{
    /* access-list NAME [line N] extended permit|deny PROTO SRC [SPORT] DST [DPORT|ICMP] [options] */
    int i = 2;
    if (i + 1 < w->n && !strcmp(w->w[i], "line"))
        i += 2;
    if (i >= w->n)
        return asa_syntax(p, line, "access-list");
    if (!strcmp(w->w[i], "remark"))
        return ST_OK;
    if (!strcmp(w->w[i], "standard")) {
        /* standard lists select routes (OSPF, route maps); an access-group cannot use them */
        nc_note_add(p->rs, line, text, strlen(text));
        return ST_OK;
    }
    if (strcmp(w->w[i], "extended"))
        return asa_unsupported(p, line, w->w[i]); /* ethertype, webtype */
    i++;
    if (i >= w->n || (strcmp(w->w[i], "permit") && strcmp(w->w[i], "deny")))
        return asa_syntax(p, line, i < w->n ? w->w[i] : "access-list");
    if (p->n_ace >= NC_MAX_RULES)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "エントリが上限 (%d) を超えています",
                       "more entries than the limit (%d)", NC_MAX_RULES);
    AsaAce ace = {.line = line, .permit = !strcmp(w->w[i], "permit")};
    snprintf(ace.list, sizeof ace.list, "%.67s", w->w[1]);
    i++;
    /* the protocol: a name or number, a service object, a protocol or service group */
    AsaSvc base = {0};
    int num = -1;
    bool from_service = false;
    Status st = ST_OK;
    if (i + 1 < w->n && (!strcmp(w->w[i], "object") || !strcmp(w->w[i], "object-group"))) {
        AsaObj *o;
        bool grp = w->w[i][6] == '-';
        st = asa_ref(p, line, w->w[i + 1], grp ? (1u << K_SVCGROUP) | (1u << K_PROTOGROUP) : 1u << K_SVCOBJ, &o);
        if (st == ST_OK && o->kind == K_PROTOGROUP) {
            nc_set_copy(&base.proto, &o->set);
            bool l4only = o->set.n > 0;
            for (size_t k = 0; k < o->set.n; k++)
                for (uint32_t v = o->set.v[k].lo; v <= o->set.v[k].hi && l4only; v++)
                    l4only = v == 6 || v == 17;
            num = l4only ? 6 : 0; /* ports are allowed only when every protocol has them */
        } else if (st == ST_OK) {
            if (!o->n_svc)
                st = nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s にサービスがありません",
                             "object %s holds no service", o->name);
            for (size_t k = 0; k < o->n_svc; k++)
                asa_svc_copy(asa_svc_push(&ace.svc, &ace.n_svc), &o->svc[k]);
            from_service = true;
        }
        i += 2;
    } else if (i < w->n && asa_svc_proto(&base, w->w[i], &num))
        i++;
    else
        st = asa_unsupported(p, line, i < w->n ? w->w[i] : "access-list");
    bool l4 = num == 6 || num == 17;
    if (st == ST_OK)
        st = ace_address(p, line, w, &i, &ace.src, &ace.not_ipv4);
    if (st == ST_OK && l4)
        st = ace_ports(p, line, w, &i, &base.sport);
    if (st == ST_OK)
        st = ace_address(p, line, w, &i, &ace.dst, &ace.not_ipv4);
    if (st == ST_OK && l4)
        st = ace_ports(p, line, w, &i, &base.dport);
    if (st == ST_OK && num == 1 && i < w->n) {
        AsaObj *o = asa_find_obj(p, i + 1 < w->n ? w->w[i + 1] : "");
        int t = asa_icmp_type(w->w[i]);
        if (!strcmp(w->w[i], "object-group") && o && o->kind == K_ICMPGROUP) {
            asa_set_append(&base.sport, &o->set);
            i += 2;
        } else if (t >= 0 && strcmp(w->w[i], "log")) {
            nc_set_add(&base.sport, (uint32_t)t, (uint32_t)t);
            i++;
            if (i < w->n && w->w[i][0] >= '0' && w->w[i][0] <= '9') {
                int code = asa_icmp_type(w->w[i++]);
                if (code < 0)
                    st = asa_unsupported(p, line, w->w[i - 1]);
                else
                    nc_set_add(&base.dport, (uint32_t)code, (uint32_t)code);
            }
        }
    }
    /* options: log [LEVEL] [interval N] | log disable|default, inactive; anything else is refused */
    bool inactive = false;
    while (st == ST_OK && i < w->n) {
        const char *o = w->w[i++];
        if (!strcmp(o, "log")) {
            while (i < w->n && strcmp(w->w[i], "inactive") && strcmp(w->w[i], "time-range") && strcmp(w->w[i], "log"))
                i++; /* its level, interval, disable, default: logging only */
        } else if (!strcmp(o, "inactive"))
            inactive = true;
        else
            st = asa_unsupported(p, line, o); /* time-range, an unread port or address … */
    }
    if (st == ST_OK && !from_service)
        asa_svc_copy(asa_svc_push(&ace.svc, &ace.n_svc), &base);
    nc_set_free(&base.proto);
    nc_set_free(&base.sport);
    nc_set_free(&base.dport);
    if (st != ST_OK || inactive) {
        if (st == ST_OK)
            nc_note_add(p->rs, line, text, strlen(text)); /* inactive: kept but never matches */
        nc_set_free(&ace.src);
        nc_set_free(&ace.dst);
        asa_svc_free(ace.svc, ace.n_svc);
        return st;
    }
    ace.text = xstrdup(text);
    if (p->n_ace == p->cap_ace) {
        p->cap_ace = p->cap_ace ? p->cap_ace * 2 : 64;
        p->ace = xrealloc(p->ace, p->cap_ace * sizeof *p->ace);
    }
    p->ace[p->n_ace++] = ace;
    return ST_OK;
}

static AsaIf *iface_by_nameif(Asa *p, const char *name)
{
    for (size_t i = 0; i < p->n_if; i++)
        if (!strcmp(p->ifs[i].nameif, name))
            return &p->ifs[i];
    return NULL;
}

static Status access_group(Asa *p, int line, const NcWords *w, const char *text)
{
    /* access-group NAME in|out interface IF [per-user-override|control-plane] | access-group NAME global */
    if (w->n == 3 && !strcmp(w->w[2], "global")) {
        if (p->global[0])
            return asa_syntax(p, line, "access-group global");
        snprintf(p->global, sizeof p->global, "%.67s", w->w[1]);
        p->global_line = line;
        return ST_OK;
    }
    if (w->n < 5 || (strcmp(w->w[2], "in") && strcmp(w->w[2], "out")) || strcmp(w->w[3], "interface"))
        return asa_unsupported(p, line, text);
    if (w->n == 6 && !strcmp(w->w[5], "control-plane")) {
        nc_note_add(p->rs, line, text, strlen(text)); /* traffic to the ASA itself, not forwarded */
        return ST_OK;
    }
    if (w->n > 6 || (w->n == 6 && strcmp(w->w[5], "per-user-override")))
        return asa_unsupported(p, line, w->w[w->n - 1]);
    AsaIf *f = iface_by_nameif(p, w->w[4]);
    if (!f)
        return nc_fail(p->e, "netcheck_syntax", p->file, line, "インターフェース %s (nameif) がありません",
                       "no interface with nameif %s", w->w[4]);
    bool in = !strcmp(w->w[2], "in");
    char *slot = in ? f->in : f->out;
    if (slot[0])
        return nc_fail(p->e, "netcheck_syntax", p->file, line, "%s の %s の access-group が二つあります",
                       "two %s access-groups on %s", in ? "in" : "out", f->nameif);
    snprintf(slot, sizeof f->in, "%.67s", w->w[1]);
    *(in ? &f->in_line : &f->out_line) = line;
    return ST_OK;
}

/* An implicit rule (the deny closing a list, a security-level permit) of chain c. */
static Status implicit(Asa *p, int c, int line, const char *in, const char *out, NcAction act, const char *text)
{
    if (nc_check_rule_limit(p->rs, line, p->e) != ST_OK)
        return ST_INVALID;
    NcRule *r = nc_rule_add(p->rs, c, line, text, strlen(text));
    r->action = act;
    r->implicit = true;
    snprintf(r->in.name, sizeof r->in.name, "%s", in ? in : "");
    snprintf(r->out.name, sizeof r->out.name, "%s", out ? out : "");
    return ST_OK;
}

/* The entries of list NAME as rules of chain c restricted to the interface. */
static Status emit_list(Asa *p, int c, const char *list, int bind_line, const char *in, const char *out)
{
    bool found = false;
    for (size_t k = 0; k < p->n_ace; k++) {
        const AsaAce *a = &p->ace[k];
        if (strcmp(a->list, list))
            continue;
        found = true;
        for (size_t s = 0; s < a->n_svc; s++) {
            if (nc_check_rule_limit(p->rs, a->line, p->e) != ST_OK)
                return ST_INVALID;
            NcRule *r = nc_rule_add(p->rs, c, a->line, a->text, strlen(a->text));
            r->action = a->permit ? NC_ACCEPT : NC_DROP;
            r->not_ipv4 = a->not_ipv4;
            nc_set_copy(&r->src, &a->src);
            nc_set_copy(&r->dst, &a->dst);
            nc_set_copy(&r->proto, &a->svc[s].proto);
            nc_set_copy(&r->sport, &a->svc[s].sport);
            nc_set_copy(&r->dport, &a->svc[s].dport);
            snprintf(r->in.name, sizeof r->in.name, "%s", in ? in : "");
            snprintf(r->out.name, sizeof r->out.name, "%s", out ? out : "");
        }
    }
    if (!found) /* the ASA refuses an access-group naming no list; a hand-edited file may still */
        return nc_fail(p->e, "netcheck_unknown_chain", p->file, bind_line, "アクセスリスト %s が定義されていません",
                       "access list %s is not defined", list);
    return ST_OK;
}

static Status build(Asa *p)
{
    int in = nc_chain_add(p->rs, "in"), out = nc_chain_add(p->rs, "out");
    NcChain *ci = &p->rs->chains[in], *co = &p->rs->chains[out];
    ci->base = ci->forward = co->base = co->forward = true;
    ci->policy = NC_DROP; /* an interface without nameif passes nothing */
    co->policy = NC_ACCEPT;
    Status st = ST_OK;
    for (size_t k = 0; k < p->n_if && st == ST_OK; k++) {
        const AsaIf *f = &p->ifs[k];
        if (!f->nameif[0])
            continue;
        char *t = NULL;
        if (f->in[0] || p->global[0]) {
            if (f->in[0])
                st = emit_list(p, in, f->in, f->in_line, f->nameif, NULL);
            if (st == ST_OK && p->global[0])
                st = emit_list(p, in, p->global, p->global_line, f->nameif, NULL);
            t = xasprintf("access-group %s (%s): 一致しないパケットは暗黙に deny / implicit deny",
                          f->in[0] ? f->in : p->global, f->nameif);
            if (st == ST_OK)
                st = implicit(p, in, f->in[0] ? f->in_line : p->global_line, f->nameif, NULL, NC_DROP, t);
            free(t);
            continue;
        }
        /* no list: from a higher security level to a lower one (or an equal one when permitted) */
        for (size_t j = 0; j < p->n_if && st == ST_OK; j++) {
            const AsaIf *g = &p->ifs[j];
            if (j == k || !g->nameif[0] || g->level > f->level || (g->level == f->level && !p->same_security))
                continue;
            t = xasprintf("security-level %s %d → %s %d (access-group なし / no access-group)", f->nameif, f->level,
                          g->nameif, g->level);
            st = implicit(p, in, f->line, f->nameif, g->nameif, NC_ACCEPT, t);
            free(t);
        }
        t = xasprintf("security-level %s %d: 低いレベルへ以外は暗黙に deny / implicit deny", f->nameif, f->level);
        if (st == ST_OK)
            st = implicit(p, in, f->line, f->nameif, NULL, NC_DROP, t);
        free(t);
    }
    for (size_t k = 0; k < p->n_if && st == ST_OK; k++) {
        const AsaIf *f = &p->ifs[k];
        if (!f->out[0])
            continue;
        st = emit_list(p, out, f->out, f->out_line, NULL, f->nameif);
        char *t = xasprintf("access-group %s out (%s): 一致しないパケットは暗黙に deny / implicit deny", f->out, f->nameif);
        if (st == ST_OK)
            st = implicit(p, out, f->out_line, NULL, f->nameif, NC_DROP, t);
        free(t);
    }
    if (st == ST_OK && !p->n_if)
        st = nc_fail(p->e, "netcheck_no_forward", p->file, 0, "nameif を持つインターフェースがありません",
                     "no interface has a nameif");
    /* manual (twice) NAT first, then object NAT: static rules first, then dynamic ones (the ASA's order
     * within object NAT), then manual NAT after-auto */
    if (st == ST_OK)
        st = asa_twice_emit(p, in, false);
    for (int pass = 0; pass < 2 && st == ST_OK; pass++)
        for (size_t k = 0; k < p->n_nat && st == ST_OK; k++) {
            const AsaNat *n = &p->nat[k];
            if (n->is_static != (pass == 0))
                continue;
            if (n->is_static) { /* arriving on the mapped interface for the mapped address */
                if ((st = nc_check_rule_limit(p->rs, n->line, p->e)) != ST_OK)
                    break;
                NcRule *r = nc_rule_add(p->rs, in, n->line, n->text, strlen(n->text));
                snprintf(r->in.name, sizeof r->in.name, "%s", n->mapped_if);
                if (!n->to_iface)
                    nc_set_add(&r->dst, n->mlo, n->mhi);
                if (n->proto >= 0) {
                    nc_set_add(&r->proto, (uint32_t)n->proto, (uint32_t)n->proto);
                    nc_set_add(&r->dport, n->mport, n->mport);
                }
                NcNat *t = nc_nat_take(p->rs, in, NC_NAT_PRE);
                t->kind = NC_NAT_DNAT;
                t->set_addr = true;
                t->addr_lo = n->real.v[0].lo;
                t->addr_hi = n->real.v[0].hi;
                t->set_port = n->proto >= 0;
                t->port_lo = t->port_hi = n->rport;
            }
            /* the real address leaving through the mapped interface */
            if ((st = nc_check_rule_limit(p->rs, n->line, p->e)) != ST_OK)
                break;
            NcRule *r = nc_rule_add(p->rs, in, n->line, n->text, strlen(n->text));
            snprintf(r->in.name, sizeof r->in.name, "%s", n->real_if);
            snprintf(r->out.name, sizeof r->out.name, "%s", n->mapped_if);
            nc_set_copy(&r->src, &n->real);
            if (n->proto >= 0) {
                nc_set_add(&r->proto, (uint32_t)n->proto, (uint32_t)n->proto);
                nc_set_add(&r->sport, n->rport, n->rport);
            }
            NcNat *t = nc_nat_take(p->rs, in, NC_NAT_POST);
            t->kind = n->to_iface ? NC_NAT_MASQUERADE : NC_NAT_SNAT;
            t->set_addr = true;
            t->addr_lo = n->to_iface ? 0 : n->mlo;
            t->addr_hi = n->to_iface ? 0xffffffffu : n->mhi;
            t->set_port = n->proto >= 0;
            t->port_lo = t->port_hi = n->mport;
        }
    if (st == ST_OK)
        st = asa_twice_emit(p, in, true);
    return st;
}

static Status top_line(Asa *p, int line, const NcWords *w, const char *text, AsaObj **open, AsaIf **iface)
{
    const char *k = w->w[0];
    *open = NULL;
    *iface = NULL;
    if (!strcmp(k, "interface") && w->n == 2) {
        if (p->n_if >= ASA_MAX_IFACES)
            return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "インターフェースが上限 (%d) を超えています",
                           "more interfaces than the limit (%d)", ASA_MAX_IFACES);
        if (p->n_if == p->cap_if) {
            p->cap_if = p->cap_if ? p->cap_if * 2 : 8;
            p->ifs = xrealloc(p->ifs, p->cap_if * sizeof *p->ifs);
        }
        AsaIf *f = &p->ifs[p->n_if++];
        memset(f, 0, sizeof *f);
        snprintf(f->phys, sizeof f->phys, "%.63s", w->w[1]);
        f->line = line;
        *iface = f;
        return ST_OK;
    }
    if (!strcmp(k, "name") && w->n >= 3) {
        uint32_t a;
        int len;
        if (strchr(w->w[1], ':'))
            return ST_OK; /* an IPv6 name: ACEs naming it are refused as unknown addresses */
        if (!nc_parse_ipv4(w->w[1], strlen(w->w[1]), &a, &len) || len != 32)
            return asa_syntax(p, line, text);
        AsaObj *o;
        if (asa_add_object(p, line, w->w[2], K_NAME, &o) != ST_OK)
            return ST_INVALID;
        nc_set_free(&o->addr);
        nc_set_add(&o->addr, a, a);
        return ST_OK;
    }
    if ((!strcmp(k, "object") || !strcmp(k, "object-group")) && w->n >= 3) {
        bool grp = k[6] == '-';
        const char *type = w->w[1];
        AsaKind kind;
        if (!grp && !strcmp(type, "network") && w->n == 3)
            kind = K_NETOBJ;
        else if (!grp && !strcmp(type, "service") && w->n == 3)
            kind = K_SVCOBJ;
        else if (grp && !strcmp(type, "network") && w->n == 3)
            kind = K_NETGROUP;
        else if (grp && !strcmp(type, "service") && w->n == 3)
            kind = K_SVCGROUP;
        else if (grp && !strcmp(type, "service") && w->n == 4 &&
                 (!strcmp(w->w[3], "tcp") || !strcmp(w->w[3], "udp") || !strcmp(w->w[3], "tcp-udp")))
            kind = K_PORTGROUP;
        else if (grp && !strcmp(type, "protocol") && w->n == 3)
            kind = K_PROTOGROUP;
        else if (grp && !strcmp(type, "icmp-type") && w->n == 3)
            kind = K_ICMPGROUP;
        else
            return asa_unsupported(p, line, text); /* user, security, network-service groups … */
        if (asa_add_object(p, line, w->w[2], kind, open) != ST_OK)
            return ST_INVALID;
        if (kind == K_PORTGROUP) {
            (*open)->tcp = strcmp(w->w[3], "udp") != 0;
            (*open)->udp = strcmp(w->w[3], "tcp") != 0;
        }
        return ST_OK;
    }
    if (!strcmp(k, "access-list") && w->n >= 3)
        return ace_line(p, line, w, text);
    if (!strcmp(k, "access-group"))
        return access_group(p, line, w, text);
    if (!strcmp(k, "same-security-traffic") && w->n == 3 && !strcmp(w->w[2], "inter-interface")) {
        p->same_security = true;
        return ST_OK;
    }
    if (!strcmp(k, "nat") && asa_twice_line(p, line, w, text))
        return ST_OK; /* twice NAT: rules once the chains exist */
    if (!strcmp(k, "nat") || !strcmp(k, "static") || !strcmp(k, "global"))
        nc_note_add(p->rs, line, text, strlen(text)); /* address translation not modelled: reported */
    return ST_OK; /* hostname, routes, logging, …: nothing that filters */
}

static Status iface_line(Asa *p, AsaIf *f, int line, const NcWords *w, const char *text)
{
    const char *k = w->w[0];
    if (!strcmp(k, "nameif") && w->n == 2) {
        if (strlen(w->w[1]) >= sizeof f->nameif)
            return asa_syntax(p, line, w->w[1]);
        if (iface_by_nameif(p, w->w[1]))
            return nc_fail(p->e, "netcheck_syntax", p->file, line, "nameif %s が二つあります", "nameif %s is used twice",
                           w->w[1]);
        snprintf(f->nameif, sizeof f->nameif, "%s", w->w[1]);
        f->line = line;
        if (!strcmp(w->w[1], "inside") && f->level == 0)
            f->level = 100; /* the ASA's default for "inside" */
    } else if (!strcmp(k, "security-level") && w->n == 2) {
        char *end;
        long v = strtol(w->w[1], &end, 10);
        if (*end || end == w->w[1] || v < 0 || v > 100)
            return asa_syntax(p, line, text);
        f->level = (int)v;
    }
    /* ip address, description, speed, …: the topology names the interface by its nameif */
    return ST_OK;
}

Status nc_parse_asa(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    Asa p = {.file = file, .e = e, .rs = nc_ruleset_new(file, "cisco-asa")};
    NcWords *w = xmalloc(sizeof *w);
    AsaObj *open = NULL;
    AsaIf *iface = NULL;
    int line = 0;
    Status st = ST_OK;
    size_t i = 0;
    while (i < n && st == ST_OK) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        const char *s = text + i;
        i += len + 1;
        line++;
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
            len--;
        bool indented = len && (*s == ' ' || *s == '\t');
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        if (!len || *s == '!' || *s == ':')
            continue;
        if (memchr(s, '\0', len)) {
            st = nc_fail(e, "netcheck_syntax", file, line, "NUL 文字を含んでいます", "contains a NUL character");
            break;
        }
        if (!nc_split_words(s, len, w)) {
            st = nc_fail(e, "netcheck_syntax", file, line, "行が長すぎます", "the line is too long");
            break;
        }
        char *t = xstrndup(s, len);
        if (!indented)
            st = top_line(&p, line, w, t, &open, &iface);
        else if (open)
            st = asa_object_line(&p, open, line, w, t);
        else if (iface)
            st = iface_line(&p, iface, line, w, t);
        free(t);
    }
    if (st == ST_OK)
        st = build(&p);
    for (size_t k = 0; k < p.n_obj; k++) {
        nc_set_free(&p.obj[k].addr);
        nc_set_free(&p.obj[k].set);
        asa_svc_free(p.obj[k].svc, p.obj[k].n_svc);
    }
    free(p.obj);
    for (size_t k = 0; k < p.n_ace; k++) {
        nc_set_free(&p.ace[k].src);
        nc_set_free(&p.ace[k].dst);
        asa_svc_free(p.ace[k].svc, p.ace[k].n_svc);
        free(p.ace[k].text);
    }
    free(p.ace);
    free(p.ifs);
    for (size_t k = 0; k < p.n_twice; k++)
        free(p.twice[k].text);
    free(p.twice);
    for (size_t k = 0; k < p.n_nat; k++) {
        nc_set_free(&p.nat[k].real);
        free(p.nat[k].text);
    }
    free(p.nat);
    free(w);
    if (st != ST_OK) {
        nc_ruleset_free(p.rs);
        return ST_INVALID;
    }
    *out = p.rs;
    return ST_OK;
}
