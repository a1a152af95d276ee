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
 * before dynamic ones, as the ASA orders object NAT. Twice NAT and other forms stay notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_util.h"

#define ASA_MAX_OBJECTS 100000
#define ASA_MAX_DEPTH 16
#define ASA_MAX_IFACES 1024

/* One protocol/port combination of a service: proto, source ports, destination ports (ICMP: type in
 * sport, code in dport, as the IR keeps them). */
typedef struct AsaSvc {
    NcSet proto, sport, dport;
} AsaSvc;

typedef enum AsaKind { K_NAME, K_NETOBJ, K_NETGROUP, K_SVCOBJ, K_SVCGROUP, K_PORTGROUP, K_PROTOGROUP, K_ICMPGROUP } AsaKind;

typedef struct AsaObj {
    char name[68];
    AsaKind kind;
    int line;
    int depth;         /* nesting of groups (1 for a plain object) */
    NcSet addr;        /* K_NAME, K_NETOBJ, K_NETGROUP */
    AsaSvc *svc;       /* K_SVCOBJ, K_SVCGROUP */
    size_t n_svc;
    NcSet set;         /* K_PORTGROUP: ports; K_PROTOGROUP: protocols; K_ICMPGROUP: types */
    bool tcp, udp;     /* K_PORTGROUP: the group's type */
    int bad_line;      /* a definition that cannot be modelled (fqdn …): an error where it is used */
    char bad[48];
} AsaObj;

typedef struct AsaAce { /* one extended entry, resolved */
    char list[68];
    int line;
    char *text;
    bool permit;
    NcSet src, dst;
    AsaSvc *svc;
    size_t n_svc;
    bool not_ipv4;
} AsaAce;

typedef struct AsaIf {
    char phys[64], nameif[32];
    int level, line;
    char in[68], out[68];
    int in_line, out_line;
} AsaIf;

typedef struct AsaNat { /* one object NAT line, emitted once the chains exist */
    int line;
    char *text;
    NcSet real;
    char real_if[32], mapped_if[32]; /* "" for any */
    bool is_static, to_iface;
    uint32_t mlo, mhi;
    int proto; /* -1: no service */
    uint32_t rport, mport;
} AsaNat;

typedef struct Asa {
    const char *file;
    Err *e;
    NcRuleset *rs;
    AsaObj *obj;
    size_t n_obj, cap_obj;
    AsaAce *ace;
    size_t n_ace, cap_ace;
    AsaIf *ifs;
    size_t n_if, cap_if;
    char global[68];
    int global_line;
    bool same_security;
    AsaNat *nat;
    size_t n_nat;
} Asa;

static Status unsupported(Asa *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, line, "「%s」は解釈できません", "cannot interpret \"%s\"", what);
}

static Status syntax(Asa *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_syntax", p->file, line, "「%s」の書き方が正しくありません", "malformed \"%s\"", what);
}

static AsaObj *find_obj(Asa *p, const char *name)
{
    for (size_t i = 0; i < p->n_obj; i++)
        if (!strcmp(p->obj[i].name, name))
            return &p->obj[i];
    return NULL;
}

/* A reference to an object that must exist with one of the kinds (mask of 1 << AsaKind). */
static Status ref(Asa *p, int line, const char *name, unsigned kinds, AsaObj **out)
{
    AsaObj *o = find_obj(p, name);
    if (!o || !((1u << o->kind) & kinds))
        return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s が (この行より前に) 定義されていません",
                       "object %s is not defined (before this line)", name);
    if (o->bad_line)
        return nc_fail(p->e, "netcheck_unsupported", p->file, line, "オブジェクト %s は「%s」(%d 行目) を含み、解釈できません",
                       "object %s holds \"%s\" (line %d), which cannot be interpreted", name, o->bad, o->bad_line);
    *out = o;
    return ST_OK;
}

static void svc_copy(AsaSvc *d, const AsaSvc *s)
{
    memset(d, 0, sizeof *d);
    nc_set_copy(&d->proto, &s->proto);
    nc_set_copy(&d->sport, &s->sport);
    nc_set_copy(&d->dport, &s->dport);
}

static void svc_free(AsaSvc *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nc_set_free(&v[i].proto);
        nc_set_free(&v[i].sport);
        nc_set_free(&v[i].dport);
    }
    free(v);
}

static AsaSvc *svc_push(AsaSvc **v, size_t *n)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    memset(&(*v)[*n], 0, sizeof **v);
    return &(*v)[(*n)++];
}

static bool set_append(NcSet *d, const NcSet *s)
{
    if (d->n + s->n > NC_MAX_SPANS)
        return false;
    for (size_t i = 0; i < s->n; i++)
        nc_set_add(d, s->v[i].lo, s->v[i].hi);
    return true;
}

static bool mask_len(const char *m, int *len)
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

static bool host_addr(Asa *p, const char *s, uint32_t *a)
{
    int len;
    if (nc_parse_ipv4(s, strlen(s), a, &len) && len == 32 && !strchr(s, '/'))
        return true;
    AsaObj *o = find_obj(p, s); /* a `name` alias */
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

static bool port_value(const char *s, uint32_t *v)
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
static bool port_op(const NcWords *w, int *i, NcSet *s, bool *bad)
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
    if (*i + 1 >= w->n || !port_value(w->w[*i + 1], &a))
        return false;
    if (two) {
        if (*i + 2 >= w->n || !port_value(w->w[*i + 2], &b) || a > b)
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

static int icmp_type(const char *s)
{
    for (size_t i = 0; i < sizeof icmp_types / sizeof *icmp_types; i++)
        if (!strcmp(icmp_types[i].name, s))
            return icmp_types[i].type;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end || end == s || v < 0 || v > 255) ? -1 : (int)v;
}

static int protocol(const char *s)
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
static bool svc_proto(AsaSvc *s, const char *word, int *num)
{
    *num = protocol(word);
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
    if (i >= w->n || !svc_proto(s, w->w[i], &num))
        return unsupported(p, line, i < w->n ? w->w[i] : "service");
    i++;
    if (num == 6 || num == 17) {
        while (i < w->n) {
            bool src = !strcmp(w->w[i], "source");
            if (!src && strcmp(w->w[i], "destination"))
                return unsupported(p, line, w->w[i]);
            i++;
            bool bad;
            if (!port_op(w, &i, src ? &s->sport : &s->dport, &bad))
                return syntax(p, line, w->w[i - 1]);
        }
    } else if (num == 1 && i < w->n) {
        int t = icmp_type(w->w[i++]);
        if (t < 0)
            return unsupported(p, line, w->w[i - 1]);
        nc_set_add(&s->sport, (uint32_t)t, (uint32_t)t);
        if (i < w->n) {
            int code = icmp_type(w->w[i]); /* a number */
            if (code < 0 || !(w->w[i][0] >= '0' && w->w[i][0] <= '9'))
                return unsupported(p, line, w->w[i]);
            nc_set_add(&s->dport, (uint32_t)code, (uint32_t)code);
            i++;
        }
    }
    if (i < w->n)
        return unsupported(p, line, w->w[i]);
    return ST_OK;
}

static Status add_object(Asa *p, int line, const char *name, AsaKind kind, AsaObj **out)
{
    AsaObj *o = find_obj(p, name);
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
        return syntax(p, line, name);
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
    bool ok = set_append(&g->addr, &m->addr) && set_append(&g->set, &m->set) && g->n_svc + m->n_svc <= NC_MAX_SPANS;
    if (!ok)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                       "more members in an object group than the limit (%d)", NC_MAX_SPANS);
    for (size_t i = 0; i < m->n_svc; i++)
        svc_copy(svc_push(&g->svc, &g->n_svc), &m->svc[i]);
    return ST_OK;
}

/* `nat (REAL,MAPPED) static|dynamic MAPPED [service tcp|udp REAL_PORT MAPPED_PORT] [options]` under an
 * object network; false when the form is not modelled (the caller notes it). */
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
    AsaObj *m = find_obj(p, w->w[3]);
    if (!strcmp(w->w[3], "interface"))
        n.to_iface = true;
    else if (m && m->kind == K_NETOBJ && m->addr.n == 1 && !m->bad_line)
        n.mlo = m->addr.v[0].lo, n.mhi = m->addr.v[0].hi;
    else if (host_addr(p, w->w[3], &a))
        n.mlo = n.mhi = a;
    else
        return false; /* pat-pool, an object group, … */
    int i = 4;
    if (i < w->n && !strcmp(w->w[i], "service")) {
        if (!n.is_static || i + 3 >= w->n || (strcmp(w->w[i + 1], "tcp") && strcmp(w->w[i + 1], "udp")) ||
            !port_value(w->w[i + 2], &n.rport) || !port_value(w->w[i + 3], &n.mport))
            return false;
        n.proto = w->w[i + 1][0] == 't' ? 6 : 17;
        i += 4;
    }
    for (; i < w->n; i++) /* how the ASA answers ARP, DNS and routes: not what is translated */
        if (strcmp(w->w[i], "dns") && strcmp(w->w[i], "no-proxy-arp") && strcmp(w->w[i], "route-lookup") &&
            strcmp(w->w[i], "net-to-net"))
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
static Status object_line(Asa *p, AsaObj *o, int line, const NcWords *w, const char *text)
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
        if (!strcmp(k, "host") && w->n == 2 && host_addr(p, w->w[1], &a))
            nc_set_add(&o->addr, a, a);
        else if (!strcmp(k, "subnet") && w->n == 3 && host_addr(p, w->w[1], &a) && mask_len(w->w[2], &len))
            nc_set_add_prefix(&o->addr, a, len);
        else if (!strcmp(k, "range") && w->n == 3 && host_addr(p, w->w[1], &a) && host_addr(p, w->w[2], &b) && a <= b)
            nc_set_add(&o->addr, a, b);
        else if ((!strcmp(k, "host") || !strcmp(k, "subnet")) && w->n >= 2 && strchr(w->w[1], ':')) {
            o->bad_line = line; /* IPv6: outside the model; an ACE naming it is refused */
            snprintf(o->bad, sizeof o->bad, "IPv6 %.8s", k);
        } else
            return unsupported(p, line, text);
        return ST_OK;
    case K_SVCOBJ:
        if (strcmp(k, "service"))
            return unsupported(p, line, k);
        svc_free(o->svc, o->n_svc);
        o->svc = NULL;
        o->n_svc = 0;
        return service_words(p, line, w, 1, svc_push(&o->svc, &o->n_svc));
    case K_NETGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (ref(p, line, w->w[1], 1u << K_NETGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (strcmp(k, "network-object"))
            return unsupported(p, line, k);
        if (w->n == 3 && !strcmp(w->w[1], "object")) {
            if (ref(p, line, w->w[2], 1u << K_NETOBJ, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (w->n == 3 && !strcmp(w->w[1], "host") && host_addr(p, w->w[2], &a))
            nc_set_add(&o->addr, a, a);
        else if (w->n == 3 && host_addr(p, w->w[1], &a) && mask_len(w->w[2], &len))
            nc_set_add_prefix(&o->addr, a, len);
        else
            return unsupported(p, line, text);
        if (o->addr.n > NC_MAX_SPANS)
            return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                           "more members in an object group than the limit (%d)", NC_MAX_SPANS);
        return ST_OK;
    }
    case K_SVCGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (ref(p, line, w->w[1], 1u << K_SVCGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (strcmp(k, "service-object"))
            return unsupported(p, line, k);
        if (w->n == 3 && !strcmp(w->w[1], "object")) {
            if (ref(p, line, w->w[2], 1u << K_SVCOBJ, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        if (o->n_svc >= NC_MAX_SPANS)
            return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトグループの要素が上限 (%d) を超えています",
                           "more members in an object group than the limit (%d)", NC_MAX_SPANS);
        return service_words(p, line, w, 1, svc_push(&o->svc, &o->n_svc));
    }
    case K_PORTGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (ref(p, line, w->w[1], 1u << K_PORTGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int i = 1;
        bool bad;
        if (strcmp(k, "port-object") || !port_op(w, &i, &o->set, &bad) || i != w->n || o->set.neg)
            return unsupported(p, line, text);
        return ST_OK;
    }
    case K_PROTOGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (ref(p, line, w->w[1], 1u << K_PROTOGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int num = w->n == 2 ? protocol(w->w[1]) : -1;
        if (strcmp(k, "protocol-object") || num < 0)
            return unsupported(p, line, text);
        nc_set_add(&o->set, num == 256 ? 0 : (uint32_t)num, num == 256 ? 255 : (uint32_t)num);
        return ST_OK;
    }
    case K_ICMPGROUP: {
        AsaObj *m;
        if (!strcmp(k, "group-object") && w->n == 2) {
            if (ref(p, line, w->w[1], 1u << K_ICMPGROUP, &m) != ST_OK)
                return ST_INVALID;
            return nest(p, line, o, m);
        }
        int t = w->n == 2 ? icmp_type(w->w[1]) : -1;
        if (strcmp(k, "icmp-object") || t < 0)
            return unsupported(p, line, text);
        nc_set_add(&o->set, (uint32_t)t, (uint32_t)t);
        return ST_OK;
    }
    case K_NAME:
        break;
    }
    return unsupported(p, line, text);
}

/* An address of an ACE at w[*i]: any | any4 | any6 | host A | A MASK | object N | object-group N. */
static Status ace_address(Asa *p, int line, const NcWords *w, int *i, NcSet *s, bool *v6)
{
    if (*i >= w->n)
        return syntax(p, line, "access-list");
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
        else if (host_addr(p, w->w[*i + 1], &addr))
            nc_set_add(s, addr, addr);
        else
            return unsupported(p, line, w->w[*i + 1]);
        *i += 2;
        return ST_OK;
    }
    if (!strcmp(a, "object") || !strcmp(a, "object-group")) {
        if (*i + 1 >= w->n)
            return syntax(p, line, a);
        bool grp = a[6] == '-';
        if (ref(p, line, w->w[*i + 1], grp ? 1u << K_NETGROUP : 1u << K_NETOBJ, &o) != ST_OK)
            return ST_INVALID;
        if (!o->addr.n)
            return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s にアドレスがありません",
                           "object %s holds no address", o->name);
        set_append(s, &o->addr);
        *i += 2;
        return ST_OK;
    }
    if (strchr(a, ':')) { /* IPv6 prefix */
        *v6 = true;
        (*i)++;
        return ST_OK;
    }
    if (host_addr(p, a, &addr) && *i + 1 < w->n && mask_len(w->w[*i + 1], &len)) {
        nc_set_add_prefix(s, addr, len);
        *i += 2;
        return ST_OK;
    }
    /* interface IFNAME (the ASA's own address), user, security groups: not modelled */
    return unsupported(p, line, a);
}

/* Ports at w[*i] (an operator or `object-group PORTGROUP`) for a tcp/udp service; nothing there is "any". */
static Status ace_ports(Asa *p, int line, const NcWords *w, int *i, NcSet *s)
{
    bool bad;
    if (port_op(w, i, s, &bad))
        return ST_OK;
    if (bad)
        return syntax(p, line, w->w[*i]);
    if (*i + 1 < w->n && !strcmp(w->w[*i], "object-group")) {
        AsaObj *o = find_obj(p, w->w[*i + 1]);
        if (o && o->kind == K_PORTGROUP) {
            if (!o->set.n)
                return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "オブジェクト %s にポートがありません",
                               "object %s holds no port", o->name);
            set_append(s, &o->set);
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
        return syntax(p, line, "access-list");
    if (!strcmp(w->w[i], "remark"))
        return ST_OK;
    if (!strcmp(w->w[i], "standard")) {
        /* standard lists select routes (OSPF, route maps); an access-group cannot use them */
        nc_note_add(p->rs, line, text, strlen(text));
        return ST_OK;
    }
    if (strcmp(w->w[i], "extended"))
        return unsupported(p, line, w->w[i]); /* ethertype, webtype */
    i++;
    if (i >= w->n || (strcmp(w->w[i], "permit") && strcmp(w->w[i], "deny")))
        return syntax(p, line, i < w->n ? w->w[i] : "access-list");
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
        st = ref(p, line, w->w[i + 1], grp ? (1u << K_SVCGROUP) | (1u << K_PROTOGROUP) : 1u << K_SVCOBJ, &o);
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
                svc_copy(svc_push(&ace.svc, &ace.n_svc), &o->svc[k]);
            from_service = true;
        }
        i += 2;
    } else if (i < w->n && svc_proto(&base, w->w[i], &num))
        i++;
    else
        st = unsupported(p, line, i < w->n ? w->w[i] : "access-list");
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
        AsaObj *o = find_obj(p, i + 1 < w->n ? w->w[i + 1] : "");
        int t = icmp_type(w->w[i]);
        if (!strcmp(w->w[i], "object-group") && o && o->kind == K_ICMPGROUP) {
            set_append(&base.sport, &o->set);
            i += 2;
        } else if (t >= 0 && strcmp(w->w[i], "log")) {
            nc_set_add(&base.sport, (uint32_t)t, (uint32_t)t);
            i++;
            if (i < w->n && w->w[i][0] >= '0' && w->w[i][0] <= '9') {
                int code = icmp_type(w->w[i++]);
                if (code < 0)
                    st = unsupported(p, line, w->w[i - 1]);
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
            st = unsupported(p, line, o); /* time-range, an unread port or address … */
    }
    if (st == ST_OK && !from_service)
        svc_copy(svc_push(&ace.svc, &ace.n_svc), &base);
    nc_set_free(&base.proto);
    nc_set_free(&base.sport);
    nc_set_free(&base.dport);
    if (st != ST_OK || inactive) {
        if (st == ST_OK)
            nc_note_add(p->rs, line, text, strlen(text)); /* inactive: kept but never matches */
        nc_set_free(&ace.src);
        nc_set_free(&ace.dst);
        svc_free(ace.svc, ace.n_svc);
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
            return syntax(p, line, "access-group global");
        snprintf(p->global, sizeof p->global, "%.67s", w->w[1]);
        p->global_line = line;
        return ST_OK;
    }
    if (w->n < 5 || (strcmp(w->w[2], "in") && strcmp(w->w[2], "out")) || strcmp(w->w[3], "interface"))
        return unsupported(p, line, text);
    if (w->n == 6 && !strcmp(w->w[5], "control-plane")) {
        nc_note_add(p->rs, line, text, strlen(text)); /* traffic to the ASA itself, not forwarded */
        return ST_OK;
    }
    if (w->n > 6 || (w->n == 6 && strcmp(w->w[5], "per-user-override")))
        return unsupported(p, line, w->w[w->n - 1]);
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
    /* object NAT: static rules first, then dynamic ones (the ASA's order within object NAT) */
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
            return syntax(p, line, text);
        AsaObj *o;
        if (add_object(p, line, w->w[2], K_NAME, &o) != ST_OK)
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
            return unsupported(p, line, text); /* user, security, network-service groups … */
        if (add_object(p, line, w->w[2], kind, open) != ST_OK)
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
    if (!strcmp(k, "nat") || !strcmp(k, "static") || !strcmp(k, "global"))
        nc_note_add(p->rs, line, text, strlen(text)); /* address translation: outside the model */
    return ST_OK; /* hostname, routes, logging, …: nothing that filters */
}

static Status iface_line(Asa *p, AsaIf *f, int line, const NcWords *w, const char *text)
{
    const char *k = w->w[0];
    if (!strcmp(k, "nameif") && w->n == 2) {
        if (strlen(w->w[1]) >= sizeof f->nameif)
            return syntax(p, line, w->w[1]);
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
            return syntax(p, line, text);
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
            st = object_line(&p, open, line, w, t);
        else if (iface)
            st = iface_line(&p, iface, line, w, t);
        free(t);
    }
    if (st == ST_OK)
        st = build(&p);
    for (size_t k = 0; k < p.n_obj; k++) {
        nc_set_free(&p.obj[k].addr);
        nc_set_free(&p.obj[k].set);
        svc_free(p.obj[k].svc, p.obj[k].n_svc);
    }
    free(p.obj);
    for (size_t k = 0; k < p.n_ace; k++) {
        nc_set_free(&p.ace[k].src);
        nc_set_free(&p.ace[k].dst);
        svc_free(p.ace[k].svc, p.ace[k].n_svc);
        free(p.ace[k].text);
    }
    free(p.ace);
    free(p.ifs);
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
