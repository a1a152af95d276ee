/* parse_asa_obj.c: the objects of a Cisco ASA configuration — `name` aliases, network and service
 * objects, object groups (network, service typed and untyped, protocol, icmp-type, nested with
 * `group-object` up to ASA_MAX_DEPTH) and object NAT — resolved where they are defined (parse_asa.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse_asa.h"

Status asa_unsupported(Asa *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, line, "「%s」は解釈できません", "cannot interpret \"%s\"", what);
}

Status asa_syntax(Asa *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_syntax", p->file, line, "「%s」の書き方が正しくありません", "malformed \"%s\"", what);
}

AsaObj *asa_find_obj(Asa *p, const char *name)
{
    for (size_t i = 0; i < p->n_obj; i++)
        if (!strcmp(p->obj[i].name, name))
            return &p->obj[i];
    return NULL;
}

/* A reference to an object that must exist with one of the kinds (mask of 1 << AsaKind). */
Status asa_ref(Asa *p, int line, const char *name, unsigned kinds, AsaObj **out)
{
    AsaObj *o = asa_find_obj(p, name);
    if (!o || !((1u << o->kind) & kinds))
        return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s が (この行より前に) 定義されていません",
                       "object %s is not defined (before this line)", name);
    if (o->bad_line)
        return nc_fail(p->e, "netcheck_unsupported", p->file, line, "オブジェクト %s は「%s」(%d 行目) を含み、解釈できません",
                       "object %s holds \"%s\" (line %d), which cannot be interpreted", name, o->bad, o->bad_line);
    *out = o;
    return ST_OK;
}

void asa_svc_copy(AsaSvc *d, const AsaSvc *s)
{
    memset(d, 0, sizeof *d);
    nc_set_copy(&d->proto, &s->proto);
    nc_set_copy(&d->sport, &s->sport);
    nc_set_copy(&d->dport, &s->dport);
}

void asa_svc_free(AsaSvc *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nc_set_free(&v[i].proto);
        nc_set_free(&v[i].sport);
        nc_set_free(&v[i].dport);
    }
    free(v);
}

AsaSvc *asa_svc_push(AsaSvc **v, size_t *n)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    memset(&(*v)[*n], 0, sizeof **v);
    return &(*v)[(*n)++];
}

bool asa_set_append(NcSet *d, const NcSet *s)
{
    if (d->n + s->n > NC_MAX_SPANS)
        return false;
    for (size_t i = 0; i < s->n; i++)
        nc_set_add(d, s->v[i].lo, s->v[i].hi);
    return true;
}

bool asa_mask_len(const char *m, int *len)
{
    uint32_t a;
    int l;
    if (!nc_parse_ipv4(m, strlen(m), &a, &l) || l != 32)
        return false;
    int k = 0;
    while (k < 32 && (a & (0x80000000u >> k)))
        k++;
    if (k < 32 && (a << k) != 0)
        return false; /* not contiguous */
    *len = k;
    return true;
}

bool asa_host_addr(Asa *p, const char *s, uint32_t *a)
{
    int len;
    if (nc_parse_ipv4(s, strlen(s), a, &len) && len == 32 && !strchr(s, '/'))
        return true;
    AsaObj *o = asa_find_obj(p, s); /* a `name` alias */
    if (o && o->kind == K_NAME) {
        *a = o->addr.v[0].lo;
        return true;
    }
    return false;
}

static const struct {
    const char *name;
    int port;
} asa_ports[] = {{"echo", 7}, {"discard", 9}, {"daytime", 13}, {"chargen", 19}, {"whois", 43}, {"tacacs", 49},
                 {"gopher", 70}, {"finger", 79}, {"kerberos", 88}, {"hostname", 101}, {"pop2", 109}, {"sunrpc", 111},
                 {"nntp", 119}, {"imap4", 143}, {"irc", 194}, {"isakmp", 500}, {"rsh", 514}, {"lpd", 515},
                 {"talk", 517}, {"rip", 520}, {"uucp", 540}, {"klogin", 543}, {"kshell", 544}, {"rtsp", 554},
                 {"lotusnotes", 1352}, {"citrix-ica", 1494}, {"sqlnet", 1521}, {"radius", 1645},
                 {"radius-acct", 1646}, {"h323", 1720}, {"pptp", 1723}, {"nfs", 2049}, {"ctiqbe", 2748},
                 {"cifs", 3020}, {"sip", 5060}, {"aol", 5190}, {"pcanywhere-data", 5631}, {"netbios-ns", 137}};

bool asa_port_value(const char *s, uint32_t *v)
{
    uint32_t hi;
    if (nc_parse_port_range(s, '\x01', v, &hi))
        return true;
    for (size_t i = 0; i < sizeof asa_ports / sizeof *asa_ports; i++)
        if (!strcmp(asa_ports[i].name, s)) {
            *v = (uint32_t)asa_ports[i].port;
            return true;
        }
    return false;
}

/* eq P | neq P | lt P | gt P | range A B at w[*i]; false when w[*i] is no operator or malformed
 * (*bad tells which). */
bool asa_port_op(const NcWords *w, int *i, NcSet *s, bool *bad)
{
    *bad = false;
    if (*i >= w->n)
        return false;
    const char *op = w->w[*i];
    uint32_t a, b;
    bool two = !strcmp(op, "range");
    if (strcmp(op, "eq") && strcmp(op, "neq") && strcmp(op, "lt") && strcmp(op, "gt") && !two)
        return false;
    *bad = true;
    if (*i + 1 >= w->n || !asa_port_value(w->w[*i + 1], &a))
        return false;
    if (two) {
        if (*i + 2 >= w->n || !asa_port_value(w->w[*i + 2], &b) || a > b)
            return false;
        nc_set_add(s, a, b);
    } else if (op[0] == 'e') {
        nc_set_add(s, a, a);
    } else if (op[0] == 'n') {
        nc_set_add(s, a, a);
        s->neg = true;
    } else if (op[0] == 'l') {
        if (a == 0)
            return false;
        nc_set_add(s, 0, a - 1);
    } else {
        if (a == 65535)
            return false;
        nc_set_add(s, a + 1, 65535);
    }
    *i += two ? 3 : 2;
    *bad = false;
    return true;
}

static const struct {
    const char *name;
    int type;
} icmp_types[] = {{"echo-reply", 0}, {"unreachable", 3}, {"source-quench", 4}, {"redirect", 5},
                  {"alternate-address", 6}, {"echo", 8}, {"router-advertisement", 9}, {"router-solicitation", 10},
                  {"time-exceeded", 11}, {"parameter-problem", 12}, {"timestamp-request", 13},
                  {"timestamp-reply", 14}, {"information-request", 15}, {"information-reply", 16},
                  {"mask-request", 17}, {"mask-reply", 18}, {"conversion-error", 31}, {"mobile-redirect", 32}};

int asa_icmp_type(const char *s)
{
    for (size_t i = 0; i < sizeof icmp_types / sizeof *icmp_types; i++)
        if (!strcmp(icmp_types[i].name, s))
            return icmp_types[i].type;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end || end == s || v < 0 || v > 255) ? -1 : (int)v;
}

int asa_protocol(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*end && end != s)
        return v >= 0 && v <= 255 ? (int)v : -1;
    if (!strcmp(s, "ip"))
        return 256; /* every protocol */
    return nc_proto_number(s, strlen(s));
}

/* A service's protocol word into s->proto ("ip" leaves it any). */
bool asa_svc_proto(AsaSvc *s, const char *word, int *num)
{
    *num = asa_protocol(word);
    if (*num < 0)
        return false;
    if (*num < 256)
        nc_set_add(&s->proto, (uint32_t)*num, (uint32_t)*num);
    return true;
}

/* `service PROTO [source OP P] [destination OP P]` / `service icmp [TYPE [CODE]]` (object service) and
 * `service-object …` (service groups): the words from w[i]. */
static Status service_words(Asa *p, int line, const NcWords *w, int i, AsaSvc *s)
{
    int num;
    if (i >= w->n || !asa_svc_proto(s, w->w[i], &num))
        return asa_unsupported(p, line, i < w->n ? w->w[i] : "service");
    i++;
    if (num == 6 || num == 17) {
        while (i < w->n) {
            bool src = !strcmp(w->w[i], "source");
            if (!src && strcmp(w->w[i], "destination"))
                return asa_unsupported(p, line, w->w[i]);
            i++;
            bool bad;
            if (!asa_port_op(w, &i, src ? &s->sport : &s->dport, &bad))
                return asa_syntax(p, line, w->w[i - 1]);
        }
    } else if (num == 1 && i < w->n) {
        int t = asa_icmp_type(w->w[i++]);
        if (t < 0)
            return asa_unsupported(p, line, w->w[i - 1]);
        nc_set_add(&s->sport, (uint32_t)t, (uint32_t)t);
        if (i < w->n) {
            int code = asa_icmp_type(w->w[i]); /* a number */
            if (code < 0 || !(w->w[i][0] >= '0' && w->w[i][0] <= '9'))
                return asa_unsupported(p, line, w->w[i]);
            nc_set_add(&s->dport, (uint32_t)code, (uint32_t)code);
            i++;
        }
    }
    if (i < w->n)
        return asa_unsupported(p, line, w->w[i]);
    return ST_OK;
}

Status asa_add_object(Asa *p, int line, const char *name, AsaKind kind, AsaObj **out)
{
    AsaObj *o = asa_find_obj(p, name);
    if (o) {
        /* `object network X` is opened again for its NAT: keep what it is */
        if (o->kind != kind)
            return nc_fail(p->e, "netcheck_syntax", p->file, line, "%s は別の種類のオブジェクトとして定義済みです",
                           "%s is already defined as another kind of object", name);
        *out = o;
        return ST_OK;
    }
    if (p->n_obj >= ASA_MAX_OBJECTS)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトが上限 (%d) を超えています",
                       "more objects than the limit (%d)", ASA_MAX_OBJECTS);
    if (strlen(name) >= sizeof o->name)
        return asa_syntax(p, line, name);
    if (p->n_obj == p->cap_obj) {
        p->cap_obj = p->cap_obj ? p->cap_obj * 2 : 64;
        p->obj = xrealloc(p->obj, p->cap_obj * sizeof *p->obj);
    }
    o = &p->obj[p->n_obj++];
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", name);
    o->kind = kind;
    o->line = line;
    o->depth = 1;
    *out = o;
    return ST_OK;
}

/* Nesting: a group takes the members of an earlier object or group. */
static Status nest(Asa *p, int line, AsaObj *g, const AsaObj *m)
{
    if (m->depth + 1 > ASA_MAX_DEPTH)
        return nc_fail(p->e, "netcheck_too_deep", p->file, line, "オブジェクトグループの入れ子が深すぎます (上限 %d)",
                       "object groups nested too deeply (limit %d)", ASA_MAX_DEPTH);
    if (m->depth + 1 > g->depth)
        g->depth = m->depth + 1;
    bool ok = asa_set_append(&g->addr, &m->addr) && asa_set_append(&g->set, &m->set) && g->n_svc + m->n_svc <= NC_MAX_SPANS;
    if (!ok)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                       "more members in an object group than the limit (%d)", NC_MAX_SPANS);
    for (size_t i = 0; i < m->n_svc; i++)
        asa_svc_copy(asa_svc_push(&g->svc, &g->n_svc), &m->svc[i]);
    return ST_OK;
}

bool asa_pat_pool_option(const char *w)
{
    /* which pool address and ports a connection gets (Cisco's "PAT pool options"), not which packets are
     * translated nor into which addresses; `interface` (fallback to the interface address) is not one */
    static const char *const opts[] = {"round-robin", "extended", "flat", "include-reserve", "block-allocation", NULL};
    for (int i = 0; opts[i]; i++)
        if (!strcmp(w, opts[i]))
            return true;
    return false;
}

/* `nat (REAL,MAPPED) static|dynamic MAPPED [service tcp|udp REAL_PORT MAPPED_PORT] [options]` or `nat
 * (REAL,MAPPED) dynamic pat-pool POOL [pool options]` under an object network; false when the form is not
 * modelled (the caller notes it). */
static bool object_nat(Asa *p, const AsaObj *o, int line, const NcWords *w, const char *text)
{
    if (w->n < 4 || o->addr.n != 1 || o->bad_line || w->w[1][0] != '(' || p->n_nat >= NC_MAX_RULES)
        return false;
    AsaNat n = {.line = line, .proto = -1};
    char ifs[2][32];
    if (sscanf(w->w[1], "(%31[^,],%31[^)])", ifs[0], ifs[1]) != 2)
        return false;
    snprintf(n.real_if, sizeof n.real_if, "%s", strcmp(ifs[0], "any") ? ifs[0] : "");
    snprintf(n.mapped_if, sizeof n.mapped_if, "%s", strcmp(ifs[1], "any") ? ifs[1] : "");
    n.is_static = !strcmp(w->w[2], "static");
    if (!n.is_static && strcmp(w->w[2], "dynamic"))
        return false;
    uint32_t a;
    int i = 4;
    bool pool = !n.is_static && !strcmp(w->w[3], "pat-pool") && w->n >= 5;
    const char *mapped = pool ? w->w[i++] : w->w[3]; /* PAT onto a pool: the source becomes one of its addresses */
    AsaObj *m = asa_find_obj(p, mapped);
    if (!pool && !strcmp(mapped, "interface"))
        n.to_iface = true;
    else if (m && m->kind == K_NETOBJ && m->addr.n == 1 && !m->bad_line)
        n.mlo = m->addr.v[0].lo, n.mhi = m->addr.v[0].hi;
    else if (asa_host_addr(p, mapped, &a))
        n.mlo = n.mhi = a;
    else
        return false; /* an object group, … */
    if (i < w->n && !strcmp(w->w[i], "service")) {
        if (!n.is_static || i + 3 >= w->n || (strcmp(w->w[i + 1], "tcp") && strcmp(w->w[i + 1], "udp")) ||
            !asa_port_value(w->w[i + 2], &n.rport) || !asa_port_value(w->w[i + 3], &n.mport))
            return false;
        n.proto = w->w[i + 1][0] == 't' ? 6 : 17;
        i += 4;
    }
    for (; i < w->n; i++) /* how the ASA answers ARP, DNS and routes, allocates pool ports: not what is translated */
        if (strcmp(w->w[i], "dns") && strcmp(w->w[i], "no-proxy-arp") && strcmp(w->w[i], "route-lookup") &&
            strcmp(w->w[i], "net-to-net") && !(pool && asa_pat_pool_option(w->w[i])))
            return false;
    if (n.to_iface && n.is_static && n.proto < 0)
        return false;
    nc_set_copy(&n.real, &o->addr);
    n.text = xstrdup(text);
    p->nat = xrealloc(p->nat, (p->n_nat + 1) * sizeof *p->nat);
    p->nat[p->n_nat++] = n;
    return true;
}

/* A line inside `object …` / `object-group …`. */
Status asa_object_line(Asa *p, AsaObj *o, int line, const NcWords *w, const char *text)
{
    const char *k = w->w[0];
    uint32_t a, b;
    int len;
    if (!strcmp(k, "description"))
        return ST_OK;
    switch (o->kind) {
    case K_NETOBJ:
        if (!strcmp(k, "nat")) {
            if (!object_nat(p, o, line, w, text))
                nc_note_add(p->rs, line, text, strlen(text)); /* a form not modelled: reported */
            return ST_OK;
        }
        if (!strcmp(k, "fqdn")) {
            o->bad_line = line;
            snprintf(o->bad, sizeof o->bad, "fqdn");
            return ST_OK;
        }
        nc_set_free(&o->addr);
        if (!strcmp(k, "host") && w->n == 2 && asa_host_addr(p, w->w[1], &a))
            nc_set_add(&o->addr, a, a);
        else if (!strcmp(k, "subnet") && w->n == 3 && asa_host_addr(p, w->w[1], &a) && asa_mask_len(w->w[2], &len))
            nc_set_add_prefix(&o->addr, a, len);
        else if (!strcmp(k, "range") && w->n == 3 && asa_host_addr(p, w->w[1], &a) && asa_host_addr(p, w->w[2], &b) && a <= b)
            nc_set_add(&o->addr, a, b);
        else if ((!strcmp(k, "host") || !strcmp(k, "subnet")) && w->n >= 2 && strchr(w->w[1], ':')) {
            o->bad_line = line; /* IPv6: outside the model; an ACE naming it is refused */
            snprintf(o->bad, sizeof o->bad, "IPv6 %.8s", k);
        } else
            return asa_unsupported(p, line, text);
        return ST_OK;
    case K_SVCOBJ:
        if (strcmp(k, "service"))
            return asa_unsupported(p, line, k);
        asa_svc_free(o->svc, o->n_svc);
        o->svc = NULL;
        o->n_svc = 0;
        return service_words(p, line, w, 1, asa_svc_push(&o->svc, &o->n_svc));
    case K_NETGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (asa_ref(p, line, w->w[1], 1u << K_NETGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (strcmp(k, "network-object"))
            return asa_unsupported(p, line, k);
        if (w->n == 3 && !strcmp(w->w[1], "object")) {
            if (asa_ref(p, line, w->w[2], 1u << K_NETOBJ, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (w->n == 3 && !strcmp(w->w[1], "host") && asa_host_addr(p, w->w[2], &a))
            nc_set_add(&o->addr, a, a);
        else if (w->n == 3 && asa_host_addr(p, w->w[1], &a) && asa_mask_len(w->w[2], &len))
            nc_set_add_prefix(&o->addr, a, len);
        else
            return asa_unsupported(p, line, text);
        if (o->addr.n > NC_MAX_SPANS)
            return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                           "more members in an object group than the limit (%d)", NC_MAX_SPANS);
        return ST_OK;
    }
    case K_SVCGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (asa_ref(p, line, w->w[1], 1u << K_SVCGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (strcmp(k, "service-object"))
            return asa_unsupported(p, line, k);
        if (w->n == 3 && !strcmp(w->w[1], "object")) {
            if (asa_ref(p, line, w->w[2], 1u << K_SVCOBJ, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (o->n_svc >= NC_MAX_SPANS)
            return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                           "more members in an object group than the limit (%d)", NC_MAX_SPANS);
        return service_words(p, line, w, 1, asa_svc_push(&o->svc, &o->n_svc));
    }
    case K_PORTGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (asa_ref(p, line, w->w[1], 1u << K_PORTGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int i = 1;
        bool bad;
        if (strcmp(k, "port-object") || !asa_port_op(w, &i, &o->set, &bad) || i != w->n || o->set.neg)
            return asa_unsupported(p, line, text);
        return ST_OK;
    }
    case K_PROTOGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (asa_ref(p, line, w->w[1], 1u << K_PROTOGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int num = w->n == 2 ? asa_protocol(w->w[1]) : -1;
        if (strcmp(k, "protocol-object") || num < 0)
            return asa_unsupported(p, line, text);
        nc_set_add(&o->set, num == 256 ? 0 : (uint32_t)num, num == 256 ? 255 : (uint32_t)num);
        return ST_OK;
    }
    case K_ICMPGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (asa_ref(p, line, w->w[1], 1u << K_ICMPGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int t = w->n == 2 ? asa_icmp_type(w->w[1]) : -1;
        if (strcmp(k, "icmp-object") || t < 0)
            return asa_unsupported(p, line, text);
        nc_set_add(&o->set, (uint32_t)t, (uint32_t)t);
        return ST_OK;
    }
    case K_NAME:
        break;
    }
    return asa_unsupported(p, line, text);
}

