/* parse_ios_og.c: Cisco IOS object groups (parse_ios_og.h). Network members: `host A`, `A MASK` (a
 * subnet mask, contiguous), `range A B`, `any`, `group-object NAME`. Service members: `group-object
 * NAME`, or a protocol (ip, tcp, udp, tcp-udp, icmp, a name or a number) with, for tcp/udp/tcp-udp,
 * `[source [OP] PORTS] [[OP] PORTS]` (eq, neq, lt, gt, range; a bare port is eq) and, for icmp, an optional type name or
 * number. A group used by an entry is resolved then (IOS lets a group be defined after the list that
 * names it); nesting is limited to IOS_OG_MAX_DEPTH levels, which also stops a loop. */
#include "netcheck/parse_ios_og.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define IOS_OG_MAX 10000

typedef struct Member {
    NcWords *w;
    int line;
} Member;

typedef struct Group {
    char name[64];
    bool service;
    int line;
    Member *m;
    size_t n;
} Group;

struct IosOgs {
    Group *g;
    size_t n;
    int open; /* the group member lines go to, or -1 */
};

IosOgs *ios_ogs_new(void)
{
    IosOgs *g = xcalloc(1, sizeof *g);
    g->open = -1;
    return g;
}

void ios_ogs_free(IosOgs *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        for (size_t k = 0; k < g->g[i].n; k++)
            free(g->g[i].m[k].w);
        free(g->g[i].m);
    }
    free(g->g);
    free(g);
}

static Status unsupported(const char *file, int line, const char *what, Err *e)
{
    return nc_fail(e, "netcheck_unsupported", file, line, "「%s」は解釈できません", "cannot interpret \"%s\"", what);
}

Status ios_og_open(IosOgs *g, const char *file, int line, const NcWords *w, Err *e)
{
    g->open = -1;
    if (w->n != 3 || (strcmp(w->w[1], "network") && strcmp(w->w[1], "service")))
        return unsupported(file, line, w->n > 1 ? w->w[1] : "object-group", e);
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->g[i].name, w->w[2]))
            return nc_fail(e, "netcheck_syntax", file, line, "オブジェクトグループ %s が二度定義されています",
                           "object group %s is defined twice", w->w[2]);
    if (g->n >= IOS_OG_MAX || strlen(w->w[2]) >= sizeof g->g[0].name)
        return nc_fail(e, "netcheck_too_many_rules", file, line, "オブジェクトグループが多すぎるか名前が長すぎます",
                       "too many object groups or too long a name%s", "");
    g->g = xrealloc(g->g, (g->n + 1) * sizeof *g->g);
    Group *x = &g->g[g->n];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", w->w[2]);
    x->service = !strcmp(w->w[1], "service");
    x->line = line;
    g->open = (int)g->n++;
    return ST_OK;
}

Status ios_og_member(IosOgs *g, const char *file, int line, const NcWords *w, Err *e)
{
    if (g->open < 0)
        return ST_OK; /* not inside a group: the caller's business */
    if (!strcmp(w->w[0], "description"))
        return ST_OK;
    Group *x = &g->g[g->open];
    if (x->n >= IOS_OG_MAX)
        return nc_fail(e, "netcheck_too_many_rules", file, line, "グループのメンバーが上限 (%d) を超えています",
                       "more group members than the limit (%d)", IOS_OG_MAX);
    x->m = xrealloc(x->m, (x->n + 1) * sizeof *x->m);
    x->m[x->n].w = xmalloc(sizeof *w);
    memcpy(x->m[x->n].w, w, sizeof *w);
    x->m[x->n++].line = line;
    return ST_OK;
}


void ios_og_close(IosOgs *g) { g->open = -1; }

bool ios_og_is_open(const IosOgs *g) { return g->open >= 0; }

static const Group *find(const IosOgs *g, const char *name, bool service)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->g[i].name, name) && g->g[i].service == service)
            return &g->g[i];
    return NULL;
}

static Status unknown(const char *file, int line, const char *name, bool service, Err *e)
{
    return nc_fail(e, "netcheck_unknown_set", file, line, "%s%.0sオブジェクトグループ %s が定義されていません",
                   "%.0s%s object group %s is not defined", service ? "サービスの" : "ネットワークの",
                   service ? "service" : "network", name);
}

static bool mask_len(const char *m, int *len)
{
    uint32_t mask;
    int l;
    if (!nc_parse_ipv4(m, strlen(m), &mask, &l) || l != 32)
        return false;
    int n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)))
        n++;
    if (n < 32 && (mask << n) != 0)
        return false;
    *len = n;
    return true;
}

static Status network(const IosOgs *g, const char *file, int line, const char *name, NcSet *s, int depth, Err *e)
{
    const Group *x = find(g, name, false);
    if (!x)
        return unknown(file, line, name, false, e);
    if (depth >= IOS_OG_MAX_DEPTH)
        return nc_fail(e, "netcheck_too_deep", file, line, "オブジェクトグループ %s の入れ子が深すぎます (循環?)",
                       "object group %s nests too deep (a loop?)", name);
    for (size_t i = 0; i < x->n; i++) {
        const NcWords *w = x->m[i].w;
        uint32_t a, b;
        int la, lb;
        Status st = ST_OK;
        if (w->n == 2 && !strcmp(w->w[0], "group-object"))
            st = network(g, file, x->m[i].line, w->w[1], s, depth + 1, e);
        else if (w->n == 1 && !strcmp(w->w[0], "any"))
            nc_set_add(s, 0, 0xffffffffu);
        else if (w->n == 2 && !strcmp(w->w[0], "host") && nc_parse_ipv4(w->w[1], strlen(w->w[1]), &a, &la) && la == 32)
            nc_set_add(s, a, a);
        else if (w->n == 3 && !strcmp(w->w[0], "range") && nc_parse_ipv4(w->w[1], strlen(w->w[1]), &a, &la) && la == 32 &&
                 nc_parse_ipv4(w->w[2], strlen(w->w[2]), &b, &lb) && lb == 32 && a <= b)
            nc_set_add(s, a, b);
        else if (w->n == 2 && nc_parse_ipv4(w->w[0], strlen(w->w[0]), &a, &la) && la == 32 && mask_len(w->w[1], &lb))
            nc_set_add_prefix(s, a, lb);
        else
            st = unsupported(file, x->m[i].line, w->w[0], e);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

Status ios_og_network(const IosOgs *g, const char *file, int line, const char *name, NcSet *s, Err *e)
{
    return network(g, file, line, name, s, 0, e);
}

static bool port_value(const char *s, uint32_t *v)
{
    uint32_t lo, hi;
    if (!nc_parse_port_range(s, '\x01', &lo, &hi))
        return false;
    *v = lo;
    return true;
}

/* OP PORTS at w[*i]: eq P…, neq P, lt P, gt P, range A B */
static bool ports(const NcWords *w, int *i, NcSet *s)
{
    const char *op = w->w[*i];
    uint32_t a, b;
    if (strcmp(op, "eq") && strcmp(op, "neq") && strcmp(op, "lt") && strcmp(op, "gt") && strcmp(op, "range") &&
        port_value(op, &a)) { /* a bare port is eq: "tcp smtp", "tcp source 2000 ftp" */
        nc_set_add(s, a, a);
        (*i)++;
        return true;
    }
    if (!strcmp(op, "eq")) {
        int k = *i + 1;
        while (k < w->n && strcmp(w->w[k], "source") && port_value(w->w[k], &a))
            nc_set_add(s, a, a), k++;
        if (k == *i + 1)
            return false;
        *i = k;
        return true;
    }
    if (!strcmp(op, "neq") && *i + 1 < w->n && port_value(w->w[*i + 1], &a)) {
        nc_set_add(s, a, a);
        s->neg = true;
        *i += 2;
        return true;
    }
    if ((!strcmp(op, "lt") || !strcmp(op, "gt")) && *i + 1 < w->n && port_value(w->w[*i + 1], &a) &&
        (op[0] == 'l' ? a > 0 : a < 65535)) {
        nc_set_add(s, op[0] == 'l' ? 0 : a + 1, op[0] == 'l' ? a - 1 : 65535);
        *i += 2;
        return true;
    }
    if (!strcmp(op, "range") && *i + 2 < w->n && port_value(w->w[*i + 1], &a) && port_value(w->w[*i + 2], &b) && a <= b) {
        nc_set_add(s, a, b);
        *i += 3;
        return true;
    }
    return false;
}

static const struct {
    const char *name;
    int type, code;
} icmp_names[] = {{"echo", 8, -1},          {"echo-reply", 0, -1},   {"unreachable", 3, -1}, {"time-exceeded", 11, -1},
                  {"port-unreachable", 3, 3}, {"host-unreachable", 3, 1}, {"packet-too-big", 3, 4}, {"redirect", 5, -1}};

static void push(IosSvc **v, size_t *n, int proto, const NcSet *sp, const NcSet *dp)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    IosSvc *s = &(*v)[(*n)++];
    memset(s, 0, sizeof *s);
    s->proto = proto;
    nc_set_copy(&s->sport, sp);
    nc_set_copy(&s->dport, dp);
}

static Status services(const IosOgs *g, const char *file, int line, const char *name, IosSvc **v, size_t *n, int depth,
                       Err *e)
{
    const Group *x = find(g, name, true);
    if (!x)
        return unknown(file, line, name, true, e);
    if (depth >= IOS_OG_MAX_DEPTH)
        return nc_fail(e, "netcheck_too_deep", file, line, "オブジェクトグループ %s の入れ子が深すぎます (循環?)",
                       "object group %s nests too deep (a loop?)", name);
    for (size_t i = 0; i < x->n; i++) {
        const NcWords *w = x->m[i].w;
        int ml = x->m[i].line;
        if (w->n == 2 && !strcmp(w->w[0], "group-object")) {
            Status st = services(g, file, ml, w->w[1], v, n, depth + 1, e);
            if (st != ST_OK)
                return st;
            continue;
        }
        const char *pr = w->w[0];
        bool both = !strcmp(pr, "tcp-udp");
        char *end;
        long num = strtol(pr, &end, 10);
        int proto = !strcmp(pr, "ip") ? -1 : both ? 6 : (*end || end == pr) ? nc_proto_number(pr, strlen(pr)) : (num >= 0 && num <= 255 ? (int)num : -2);
        if (proto < -1)
            return unsupported(file, ml, pr, e);
        NcSet sp = {0}, dp = {0};
        int k = 1;
        bool ok = true;
        if (proto == 6 || proto == 17) {
            if (k < w->n && !strcmp(w->w[k], "source")) {
                k++;
                ok = k < w->n && ports(w, &k, &sp);
            }
            if (ok && k < w->n)
                ok = ports(w, &k, &dp);
        } else if (proto == 1 && k < w->n) {
            ok = false;
            uint32_t t;
            for (size_t q = 0; q < sizeof icmp_names / sizeof *icmp_names && !ok; q++)
                if (!strcmp(icmp_names[q].name, w->w[k])) {
                    nc_set_add(&sp, (uint32_t)icmp_names[q].type, (uint32_t)icmp_names[q].type);
                    if (icmp_names[q].code >= 0)
                        nc_set_add(&dp, (uint32_t)icmp_names[q].code, (uint32_t)icmp_names[q].code);
                    ok = true;
                }
            if (!ok && port_value(w->w[k], &t) && t <= 255) {
                nc_set_add(&sp, t, t);
                ok = true;
            }
            k++;
        }
        if (!ok || k != w->n) {
            nc_set_free(&sp);
            nc_set_free(&dp);
            return unsupported(file, ml, k < w->n ? w->w[k] : pr, e);
        }
        push(v, n, proto, &sp, &dp);
        if (both)
            push(v, n, 17, &sp, &dp);
        nc_set_free(&sp);
        nc_set_free(&dp);
    }
    return ST_OK;
}

Status ios_og_services(const IosOgs *g, const char *file, int line, const char *name, IosSvc **v, size_t *n, Err *e)
{
    *v = NULL;
    *n = 0;
    Status st = services(g, file, line, name, v, n, 0, e);
    if (st != ST_OK) {
        ios_og_services_free(*v, *n);
        *v = NULL;
        *n = 0;
    }
    return st;
}

void ios_og_services_free(IosSvc *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nc_set_free(&v[i].sport);
        nc_set_free(&v[i].dport);
    }
    free(v);
}
