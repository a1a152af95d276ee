/* parse_nft.c: `nft -j list ruleset` (libnftables JSON schema, nft(8) "JSON") into the IR: tables,
 * chains (a filter chain on the forward hook is a forward base chain), rules, named sets and verdict
 * maps. A rule with a verdict map becomes one IR rule per map element (the elements are disjoint, so
 * their order does not matter). Rules are identified by their handle (`nft -a list ruleset`). Rules of
 * nat chains on the prerouting and postrouting hooks (dnat, snat, masquerade, redirect, accept, return)
 * become the NAT stages (ir.h NcNat); other nat rules (jumps, output hook), route chains and tables of
 * other families than ip/inet become notes. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_util.h"

#define NFT_MAX_ELEMS 100000

typedef struct Nft {
    NcRuleset *rs;
    const char *file;
    json_t *items;  /* the "nftables" array */
    int line;       /* the handle of the rule being read, for errors */
    Err *e;
    signed char *stage; /* per chain: its NAT stage (NcNatStage), -1 for any other chain */
    size_t n_stage;
} Nft;

static Status bad(Nft *p, const char *what, json_t *j)
{
    char *dump = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    Status st = nc_fail(p->e, "netcheck_unsupported", p->file, p->line, "「%s %.160s」は解釈できません",
                        "cannot interpret \"%s %.160s\"", what, dump ? dump : "");
    free(dump);
    return st;
}

static bool family_ipv4(const char *f)
{
    return f && (strcmp(f, "ip") == 0 || strcmp(f, "inet") == 0);
}

/* The named set or map "name" of table (family, table). */
static json_t *find_set(Nft *p, const char *family, const char *table, const char *name)
{
    size_t i;
    json_t *it;
    json_array_foreach(p->items, i, it)
    {
        json_t *s = json_object_get(it, "set");
        if (!s)
            s = json_object_get(it, "map");
        if (!s)
            continue;
        const char *f = json_string_value(json_object_get(s, "family"));
        const char *t = json_string_value(json_object_get(s, "table"));
        const char *n = json_string_value(json_object_get(s, "name"));
        if (f && t && n && strcmp(f, family) == 0 && strcmp(t, table) == 0 && strcmp(n, name) == 0)
            return s;
    }
    return NULL;
}

typedef enum Field { FLD_SRC, FLD_DST, FLD_PROTO, FLD_SPORT, FLD_DPORT, FLD_IIF, FLD_OIF, FLD_CTSTATE, FLD_CTSTATUS,
                     FLD_NFPROTO, FLD_NONE } Field;

/* What a match's left side reads; *implied_proto is set for transport fields (tcp dport: 6). */
static Field field_of(json_t *left, int *implied_proto)
{
    *implied_proto = -1;
    json_t *pl = json_object_get(left, "payload");
    if (pl) {
        const char *proto = json_string_value(json_object_get(pl, "protocol"));
        const char *f = json_string_value(json_object_get(pl, "field"));
        if (!proto || !f)
            return FLD_NONE;
        if (strcmp(proto, "ip") == 0) {
            if (strcmp(f, "saddr") == 0)
                return FLD_SRC;
            if (strcmp(f, "daddr") == 0)
                return FLD_DST;
            if (strcmp(f, "protocol") == 0)
                return FLD_PROTO;
            return FLD_NONE;
        }
        int pn = strcmp(proto, "th") == 0 ? -2 : nc_proto_number(proto, strlen(proto));
        if (pn == 6 || pn == 17 || pn == 132 || pn == 136 || pn == -2) {
            *implied_proto = pn;
            if (strcmp(f, "sport") == 0)
                return FLD_SPORT;
            if (strcmp(f, "dport") == 0)
                return FLD_DPORT;
        }
        if (pn == 1) {
            *implied_proto = 1;
            if (strcmp(f, "type") == 0)
                return FLD_SPORT;
            if (strcmp(f, "code") == 0)
                return FLD_DPORT;
        }
        return FLD_NONE;
    }
    json_t *meta = json_object_get(left, "meta");
    if (meta) {
        const char *k = json_string_value(json_object_get(meta, "key"));
        if (!k)
            return FLD_NONE;
        if (strcmp(k, "iifname") == 0)
            return FLD_IIF;
        if (strcmp(k, "oifname") == 0)
            return FLD_OIF;
        if (strcmp(k, "l4proto") == 0)
            return FLD_PROTO;
        if (strcmp(k, "nfproto") == 0)
            return FLD_NFPROTO;
        return FLD_NONE;
    }
    json_t *ct = json_object_get(left, "ct");
    if (ct) {
        const char *k = json_string_value(json_object_get(ct, "key"));
        if (k && strcmp(k, "state") == 0)
            return FLD_CTSTATE;
        if (k && strcmp(k, "status") == 0)
            return FLD_CTSTATUS;
    }
    return FLD_NONE;
}

static const struct {
    const char *name;
    int type;
} icmp_names[] = {{"echo-reply", 0}, {"destination-unreachable", 3}, {"source-quench", 4}, {"redirect", 5},
                  {"echo-request", 8}, {"router-advertisement", 9}, {"router-solicitation", 10},
                  {"time-exceeded", 11}, {"parameter-problem", 12}, {"timestamp-request", 13},
                  {"timestamp-reply", 14}};

/* One scalar value of field f into [lo, hi]. */
static bool value_range(Field f, json_t *v, uint32_t *lo, uint32_t *hi)
{
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        uint32_t max = f == FLD_PROTO ? 255 : f == FLD_SRC || f == FLD_DST ? 0xffffffffu : 65535;
        if (x < 0 || (uint64_t)x > max)
            return false;
        *lo = *hi = (uint32_t)x;
        return true;
    }
    json_t *pre = json_object_get(v, "prefix");
    if (pre && (f == FLD_SRC || f == FLD_DST)) {
        const char *a = json_string_value(json_object_get(pre, "addr"));
        json_t *len = json_object_get(pre, "len");
        uint32_t addr;
        int l;
        if (!a || !json_is_integer(len) || json_integer_value(len) < 0 || json_integer_value(len) > 32 ||
            !nc_parse_ipv4(a, strlen(a), &addr, &l) || l != 32)
            return false;
        NcSet tmp = {0};
        nc_set_add_prefix(&tmp, addr, (int)json_integer_value(len));
        *lo = tmp.v[0].lo;
        *hi = tmp.v[0].hi;
        nc_set_free(&tmp);
        return true;
    }
    json_t *range = json_object_get(v, "range");
    if (range) {
        uint32_t a, b, c, d;
        if (json_array_size(range) != 2 || !value_range(f, json_array_get(range, 0), &a, &b) ||
            !value_range(f, json_array_get(range, 1), &c, &d) || a > d)
            return false;
        *lo = a;
        *hi = d;
        return true;
    }
    const char *s = json_string_value(v);
    if (!s)
        return false;
    if (f == FLD_SRC || f == FLD_DST) {
        uint32_t addr;
        int l;
        if (!nc_parse_ipv4(s, strlen(s), &addr, &l))
            return false;
        NcSet tmp = {0};
        nc_set_add_prefix(&tmp, addr, l);
        *lo = tmp.v[0].lo;
        *hi = tmp.v[0].hi;
        nc_set_free(&tmp);
        return true;
    }
    if (f == FLD_PROTO) {
        int n = nc_proto_number(s, strlen(s));
        if (n < 0)
            return false;
        *lo = *hi = (uint32_t)n;
        return true;
    }
    if (f == FLD_SPORT || f == FLD_DPORT) {
        for (size_t i = 0; i < sizeof icmp_names / sizeof *icmp_names; i++)
            if (strcmp(icmp_names[i].name, s) == 0) {
                *lo = *hi = (uint32_t)icmp_names[i].type;
                return true;
            }
        int n = nc_port_number(s, strlen(s));
        if (n < 0)
            return false;
        *lo = *hi = (uint32_t)n;
        return true;
    }
    return false;
}

/* The elements of a right side: a scalar, {"set": […]}, or "@name" (a named set's "elem"). */
static json_t *elements(Nft *p, json_t *right, const char *family, const char *table, json_t **owned)
{
    *owned = NULL;
    const char *s = json_string_value(right);
    if (s && s[0] == '@') {
        json_t *set = find_set(p, family, table, s + 1);
        if (!set)
            return NULL;
        json_t *el = json_object_get(set, "elem");
        if (!el)
            return *owned = json_array(); /* an empty set */
        return el;
    }
    if (json_is_array(right))
        return right; /* bitmask values such as ct state: ["established", "related"] */
    json_t *lit = json_object_get(right, "set");
    if (lit && json_is_array(lit))
        return lit;
    *owned = json_array();
    json_array_append(*owned, right);
    return *owned;
}

/* Named-set elements may be {"elem": {"val": …, "timeout": …}}. */
static json_t *elem_value(json_t *el)
{
    json_t *wrapped = json_object_get(el, "elem");
    return wrapped ? json_object_get(wrapped, "val") : el;
}

static Status add_proto(Nft *p, NcRule *r, int proto, json_t *expr)
{
    if (proto == -1)
        return ST_OK;
    if (!nc_set_is_any(&r->proto) && proto >= 0) {
        /* "meta l4proto tcp tcp dport 22": the same protocol twice is fine */
        if (r->proto.n == 1 && !r->proto.neg && r->proto.v[0].lo == (uint32_t)proto && r->proto.v[0].hi == (uint32_t)proto)
            return ST_OK;
        return bad(p, "match", expr);
    }
    if (!nc_set_is_any(&r->proto))
        return ST_OK; /* th: a transport protocol was already named */
    if (proto == -2) {
        nc_set_add(&r->proto, 6, 6);
        nc_set_add(&r->proto, 17, 17);
        nc_set_add(&r->proto, 132, 132);
        nc_set_add(&r->proto, 136, 136);
    } else
        nc_set_add(&r->proto, (uint32_t)proto, (uint32_t)proto);
    return ST_OK;
}

static Status apply_match(Nft *p, NcRule *r, json_t *m, const char *family, const char *table)
{
    const char *op = json_string_value(json_object_get(m, "op"));
    json_t *left = json_object_get(m, "left"), *right = json_object_get(m, "right");
    if (!op || !left || !right)
        return bad(p, "match", m);
    bool neg = strcmp(op, "!=") == 0;
    if (!neg && strcmp(op, "==") != 0 && strcmp(op, "in") != 0)
        return bad(p, "match", m);
    int implied;
    Field f = field_of(left, &implied);
    if (f == FLD_NONE)
        return bad(p, "match", m);
    if (f == FLD_NFPROTO) {
        const char *v = json_string_value(right);
        if (!v || (strcmp(v, "ipv4") && strcmp(v, "ipv6")))
            return bad(p, "match", m);
        if ((strcmp(v, "ipv6") == 0) != neg)
            r->not_ipv4 = true;
        return ST_OK;
    }
    if (f == FLD_CTSTATE) {
        json_t *owned;
        json_t *els = elements(p, right, family, table, &owned);
        bool has_new = false, ok = els != NULL;
        size_t i;
        json_t *el;
        if (els)
            json_array_foreach(els, i, el)
            {
                const char *st = json_string_value(el);
                if (!st || (strcmp(st, "new") && strcmp(st, "established") && strcmp(st, "related") &&
                            strcmp(st, "invalid") && strcmp(st, "untracked")))
                    ok = false;
                else if (strcmp(st, "new") == 0 || strcmp(st, "untracked") == 0)
                    has_new = true;
            }
        json_decref(owned);
        if (!ok)
            return bad(p, "ct state", m);
        if (has_new == neg)
            r->established_only = true;
        return ST_OK;
    }
    if (f == FLD_CTSTATUS) {
        /* the first packet of a connection: dnat is set when this device's destination NAT changed it
         * (like --ctstate DNAT), snat never (source NAT comes after the filter); others are refused */
        json_t *owned;
        json_t *els = neg ? NULL : elements(p, right, family, table, &owned);
        bool dnat = false, ok = els != NULL;
        size_t i;
        json_t *el;
        if (els)
            json_array_foreach(els, i, el)
            {
                const char *st = json_string_value(el);
                if (st && strcmp(st, "dnat") == 0)
                    dnat = true;
                else if (!st || strcmp(st, "snat") != 0)
                    ok = false;
            }
        if (els)
            json_decref(owned);
        if (!ok)
            return bad(p, "ct status", m);
        if (dnat)
            r->dnat_only = true;
        else
            r->established_only = true;
        return ST_OK;
    }
    if (f == FLD_IIF || f == FLD_OIF) {
        NcIface *fi = f == FLD_IIF ? &r->in : &r->out;
        const char *v = json_string_value(right);
        if (!v || !v[0] || fi->name[0] || strlen(v) >= sizeof fi->name)
            return bad(p, "match", m);
        snprintf(fi->name, sizeof fi->name, "%s", v);
        /* nft writes a wildcard as "eth*"; the IR's is "eth+" */
        size_t n = strlen(fi->name);
        if (fi->name[n - 1] == '*')
            fi->name[n - 1] = '+';
        fi->neg = neg;
        return ST_OK;
    }
    if (add_proto(p, r, implied, m) != ST_OK)
        return ST_INVALID;
    NcSet *s = f == FLD_SRC ? &r->src : f == FLD_DST ? &r->dst : f == FLD_PROTO ? &r->proto
             : f == FLD_SPORT ? &r->sport : &r->dport;
    if (!nc_set_is_any(s))
        return bad(p, "match", m); /* the same field twice: an intersection the IR does not keep */
    json_t *owned;
    json_t *els = elements(p, right, family, table, &owned);
    if (!els) {
        json_decref(owned);
        return nc_fail(p->e, "netcheck_unknown_set", p->file, p->line, "セット %s が定義されていません",
                       "set %s is not defined", json_string_value(right));
    }
    if (json_array_size(els) > NFT_MAX_ELEMS) {
        json_decref(owned);
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, p->line, "セットの要素が上限 (%d) を超えています",
                       "a set has more elements than the limit (%d)", NFT_MAX_ELEMS);
    }
    size_t i;
    json_t *el;
    json_array_foreach(els, i, el)
    {
        uint32_t lo, hi;
        if (!value_range(f, elem_value(el), &lo, &hi)) {
            json_decref(owned);
            return bad(p, "value", el);
        }
        nc_set_add(s, lo, hi);
    }
    json_decref(owned);
    if (s->n == 0) {
        /* an empty set matches nothing (== ) or everything (!=) */
        if (!neg)
            s->neg = true, nc_set_add(s, 0, 0xffffffffu);
        return ST_OK;
    }
    s->neg = neg;
    return ST_OK;
}

static bool verdict_of(json_t *v, NcAction *a, const char **target)
{
    *target = NULL;
    if (json_object_get(v, "accept"))
        *a = NC_ACCEPT;
    else if (json_object_get(v, "drop") || json_object_get(v, "reject"))
        *a = NC_DROP;
    else if (json_object_get(v, "return"))
        *a = NC_RETURN;
    else if (json_object_get(v, "continue"))
        *a = NC_CONTINUE;
    else if (json_object_get(v, "jump") || json_object_get(v, "goto")) {
        json_t *j = json_object_get(v, "jump");
        *a = j ? NC_JUMP : NC_GOTO;
        *target = json_string_value(json_object_get(j ? j : json_object_get(v, "goto"), "target"));
        return *target != NULL;
    } else
        return false;
    return true;
}

static char *chain_key(const char *family, const char *table, const char *chain);

static Status set_target(Nft *p, NcRule *r, NcAction a, const char *target, const char *family, const char *table)
{
    r->action = a;
    if (a == NC_JUMP || a == NC_GOTO) {
        char *key = chain_key(family, table, target);
        int t = nc_chain_find(p->rs, key);
        free(key);
        if (t < 0 || p->rs->chains[t].base)
            return nc_fail(p->e, "netcheck_unknown_chain", p->file, p->line, "チェイン %s が宣言されていません",
                           "chain %s is not declared", target);
        r->target = t;
    }
    return ST_OK;
}

/* Qualified chain name "family table chain" (one ruleset holds every table). */
static char *chain_key(const char *family, const char *table, const char *chain)
{
    return xasprintf("%s %s %s", family, table, chain);
}


/* A rule in nft's own syntax for reports ("iifname "lan0" ip saddr 10.0.0.0/8 tcp dport 22 accept");
 * what it cannot render stays compact JSON. */
static void render_value(Buf *b, json_t *v)
{
    if (json_is_string(v))
        buf_puts(b, json_string_value(v));
    else if (json_is_integer(v))
        buf_printf(b, "%lld", (long long)json_integer_value(v));
    else if (json_object_get(v, "prefix")) {
        json_t *pre = json_object_get(v, "prefix");
        render_value(b, json_object_get(pre, "addr"));
        buf_printf(b, "/%lld", (long long)json_integer_value(json_object_get(pre, "len")));
    } else if (json_object_get(v, "range") && json_array_size(json_object_get(v, "range")) == 2) {
        render_value(b, json_array_get(json_object_get(v, "range"), 0));
        buf_putc(b, '-');
        render_value(b, json_array_get(json_object_get(v, "range"), 1));
    } else if (json_is_array(v) || json_is_array(json_object_get(v, "set"))) {
        json_t *a = json_is_array(v) ? v : json_object_get(v, "set");
        buf_puts(b, "{ ");
        for (size_t i = 0; i < json_array_size(a); i++) {
            json_t *el = json_array_get(a, i);
            if (i)
                buf_puts(b, ", ");
            if (json_is_array(el) && json_array_size(el) == 2) { /* a verdict map element */
                render_value(b, json_array_get(el, 0));
                buf_puts(b, " : ");
                const char *k;
                json_t *x;
                json_object_foreach(json_array_get(el, 1), k, x)
                {
                    buf_puts(b, k);
                    break;
                }
            } else
                render_value(b, el);
        }
        buf_puts(b, " }");
    } else {
        char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        buf_puts(b, d ? d : "?");
        free(d);
    }
}

static void render_left(Buf *b, json_t *l)
{
    json_t *pl = json_object_get(l, "payload"), *meta = json_object_get(l, "meta"), *ct = json_object_get(l, "ct");
    if (pl)
        buf_printf(b, "%s %s", json_string_value(json_object_get(pl, "protocol")) ? json_string_value(json_object_get(pl, "protocol")) : "?",
                   json_string_value(json_object_get(pl, "field")) ? json_string_value(json_object_get(pl, "field")) : "?");
    else if (meta && json_string_value(json_object_get(meta, "key"))) {
        const char *k = json_string_value(json_object_get(meta, "key"));
        buf_printf(b, "%s%s", strcmp(k, "iifname") && strcmp(k, "oifname") ? "meta " : "", k);
    } else if (ct && json_string_value(json_object_get(ct, "key")))
        buf_printf(b, "ct %s", json_string_value(json_object_get(ct, "key")));
    else
        render_value(b, l);
}

static char *render_rule(json_t *expr)
{
    Buf b = BUF_INIT;
    size_t i;
    json_t *x;
    json_array_foreach(expr, i, x)
    {
        if (i)
            buf_putc(&b, ' ');
        json_t *m = json_object_get(x, "match"), *vm = json_object_get(x, "vmap");
        const char *k;
        json_t *v;
        if (m) {
            render_left(&b, json_object_get(m, "left"));
            const char *op = json_string_value(json_object_get(m, "op"));
            if (op && strcmp(op, "==") && strcmp(op, "in"))
                buf_printf(&b, " %s", op);
            buf_putc(&b, ' ');
            render_value(&b, json_object_get(m, "right"));
        } else if (vm) {
            render_left(&b, json_object_get(vm, "key"));
            buf_puts(&b, " vmap ");
            render_value(&b, json_object_get(vm, "data"));
        } else if (json_object_get(x, "jump") || json_object_get(x, "goto")) {
            json_t *j = json_object_get(x, "jump") ? json_object_get(x, "jump") : json_object_get(x, "goto");
            const char *t = json_string_value(json_object_get(j, "target"));
            buf_printf(&b, "%s %s", json_object_get(x, "jump") ? "jump" : "goto", t ? t : "?");
        } else
            json_object_foreach(x, k, v)
            {
                buf_puts(&b, k); /* accept, drop, reject, return, counter, log … */
                break;
            }
    }
    return buf_take(&b);
}

/* An address or port of a NAT statement: "10.0.0.1", 8080 or {"range": [lo, hi]}. */
static bool nat_value(json_t *v, bool port, uint32_t *lo, uint32_t *hi)
{
    json_t *r = json_object_get(v, "range");
    if (r) {
        uint32_t a, b, c, d;
        if (!json_is_array(r) || json_array_size(r) != 2 || !nat_value(json_array_get(r, 0), port, &a, &b) ||
            !nat_value(json_array_get(r, 1), port, &c, &d) || a > c)
            return false;
        *lo = a;
        *hi = c;
        return true;
    }
    if (port) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 65535)
            return false;
        *lo = *hi = (uint32_t)json_integer_value(v);
        return true;
    }
    const char *a = json_string_value(v);
    int len;
    if (!a || !nc_parse_ipv4(a, strlen(a), lo, &len) || len != 32 || strchr(a, '/'))
        return false;
    *hi = *lo;
    return true;
}

/* A rule of a nat chain on the prerouting or postrouting hook. */
static Status parse_nat_rule(Nft *p, int c, NcNatStage stage, json_t *expr, int handle_no, const char *text,
                             size_t text_len, const char *family, const char *table)
{
    static const char *const nat_kinds[] = {"dnat", "redirect", "snat", "masquerade"};
    size_t i;
    json_t *x;
    /* a jump, a map or another statement: not modelled, reported as before */
    json_array_foreach(expr, i, x)
    {
        bool known = json_object_get(x, "match") || json_object_get(x, "counter") || json_object_get(x, "log") ||
                     json_object_get(x, "accept") || json_object_get(x, "return");
        for (size_t k = 0; k < 4; k++)
            known |= json_object_get(x, nat_kinds[k]) != NULL &&
                     (stage == NC_NAT_PRE ? k < 2 : k >= 2); /* the kernel allows dnat only before routing */
        if (!known) {
            nc_note_add(p->rs, handle_no, text, text_len);
            return ST_OK;
        }
    }
    if (nc_check_rule_limit(p->rs, p->line, p->e) != ST_OK)
        return ST_INVALID;
    NcRule *r = nc_rule_add(p->rs, c, handle_no, text, text_len);
    NcNatKind kind = NC_NAT_NONE;
    json_t *spec = NULL;
    bool decided = false;
    json_array_foreach(expr, i, x)
    {
        json_t *m = json_object_get(x, "match");
        if (decided && !json_object_get(x, "counter") && !json_object_get(x, "log"))
            return bad(p, "statement after the translation", x);
        if (m) {
            Status st = apply_match(p, r, m, family, table);
            if (st != ST_OK)
                return st;
            continue;
        }
        for (size_t k = 0; k < 4; k++)
            if (json_object_get(x, nat_kinds[k])) {
                kind = k == 0 ? NC_NAT_DNAT : k == 1 ? NC_NAT_REDIRECT : k == 2 ? NC_NAT_SNAT : NC_NAT_MASQUERADE;
                spec = json_object_get(x, nat_kinds[k]);
                decided = true;
            }
        decided |= json_object_get(x, "accept") || json_object_get(x, "return");
    }
    NcNat *t = nc_nat_take(p->rs, c, stage);
    t->kind = kind;
    if (kind == NC_NAT_MASQUERADE) {
        t->set_addr = true;
        t->addr_hi = 0xffffffffu;
    }
    json_t *addr = json_object_get(spec, "addr"), *port = json_object_get(spec, "port");
    if ((kind == NC_NAT_DNAT || kind == NC_NAT_SNAT) && !addr && !port)
        return bad(p, kind == NC_NAT_DNAT ? "dnat" : "snat", spec);
    if (addr && (kind == NC_NAT_MASQUERADE || kind == NC_NAT_REDIRECT || !nat_value(addr, false, &t->addr_lo, &t->addr_hi)))
        return bad(p, "nat address", addr);
    t->set_addr |= addr != NULL;
    if (port && !nat_value(port, true, &t->port_lo, &t->port_hi))
        return bad(p, "nat port", port);
    t->set_port = port != NULL;
    return ST_OK;
}

static Status parse_rule(Nft *p, json_t *rule)
{
    const char *family = json_string_value(json_object_get(rule, "family"));
    const char *table = json_string_value(json_object_get(rule, "table"));
    const char *chain = json_string_value(json_object_get(rule, "chain"));
    json_t *expr = json_object_get(rule, "expr");
    json_t *handle = json_object_get(rule, "handle");
    p->line = json_is_integer(handle) ? (int)json_integer_value(handle) : 0;
    int handle_no = p->line;
    p->line = -p->line; /* nc_fail: "handle N" */
    if (!family || !table || !chain || !json_is_array(expr))
        return bad(p, "rule", rule);
    char *key = chain_key(family, table, chain);
    int c = nc_chain_find(p->rs, key);
    free(key);
    char *text = render_rule(expr);
    size_t text_len = strlen(text);
    if (text_len > 400)
        text_len = 400;
    Status st = ST_OK;
    if (c >= 0 && (size_t)c < p->n_stage && p->stage[c] >= 0 && family_ipv4(family)) {
        st = parse_nat_rule(p, c, (NcNatStage)p->stage[c], expr, handle_no, text, text_len, family, table);
        free(text);
        return st;
    }
    if (c < 0 || !family_ipv4(family) || p->rs->chains[c].policy == NC_CONTINUE) {
        /* other families, NAT chains: outside the model, reported */
        if (c < 0 && family_ipv4(family))
            st = nc_fail(p->e, "netcheck_unknown_chain", p->file, p->line, "チェイン %s が宣言されていません",
                         "chain %s is not declared", chain);
        else
            nc_note_add(p->rs, handle_no, text, text_len);
        free(text);
        return st;
    }
    if (nc_check_rule_limit(p->rs, p->line, p->e) != ST_OK) {
        free(text);
        return ST_INVALID;
    }
    NcRule *r = nc_rule_add(p->rs, c, handle_no, text, text_len);
    bool decided = false;
    json_t *vmap = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(expr, i, x)
    {
        json_t *m = json_object_get(x, "match");
        NcAction a;
        const char *target;
        if (decided) {
            st = bad(p, "statement after the verdict", x);
            break;
        }
        if (m) {
            if ((st = apply_match(p, r, m, family, table)) != ST_OK)
                break;
        } else if (verdict_of(x, &a, &target)) {
            if ((st = set_target(p, r, a, target, family, table)) != ST_OK)
                break;
            decided = true;
        } else if (json_object_get(x, "vmap")) {
            vmap = json_object_get(x, "vmap");
            decided = true;
        } else if (json_object_get(x, "counter") || json_object_get(x, "log")) {
            /* counters and logging do not change the verdict */
        } else if (json_object_get(x, "limit") || json_object_get(x, "quota")) {
            if (r->action == NC_CONTINUE && i + 1 == json_array_size(expr))
                continue; /* a limit with no verdict after it changes nothing */
            st = bad(p, "statement", x);
            break;
        } else {
            st = bad(p, "statement", x);
            break;
        }
    }
    free(text);
    if (st != ST_OK || !vmap)
        return st;
    /* one rule per map element: the rule's other conditions and key ∈ element → the element's verdict */
    json_t *key_expr = json_object_get(vmap, "key"), *data = json_object_get(vmap, "data");
    int implied;
    Field f = field_of(key_expr, &implied);
    json_t *owned;
    json_t *els = f == FLD_NONE || f == FLD_CTSTATE || f == FLD_NFPROTO || f == FLD_IIF || f == FLD_OIF
                      ? NULL
                      : elements(p, data, family, table, &owned);
    if (!els)
        return bad(p, "vmap", vmap);
    NcChain *ch = &p->rs->chains[c];
    size_t base = ch->n - 1;
    NcRule proto_rule = ch->rules[base];
    json_array_foreach(els, i, x)
    {
        json_t *k = json_is_array(x) && json_array_size(x) == 2 ? json_array_get(x, 0) : NULL;
        json_t *v = k ? json_array_get(x, 1) : NULL;
        NcAction a;
        const char *target;
        uint32_t lo, hi;
        if (!k || !verdict_of(v, &a, &target) || !value_range(f, elem_value(k), &lo, &hi)) {
            json_decref(owned);
            return bad(p, "vmap element", x);
        }
        NcRule *nr;
        if (i == 0)
            nr = &ch->rules[base];
        else {
            if (nc_check_rule_limit(p->rs, p->line, p->e) != ST_OK) {
                json_decref(owned);
                return ST_INVALID;
            }
            nr = nc_rule_add(p->rs, c, handle_no, proto_rule.text, strlen(proto_rule.text));
            ch = &p->rs->chains[c];
            NcRule *first = &ch->rules[base];
            nc_set_copy(&nr->src, &first->src);
            nc_set_copy(&nr->dst, &first->dst);
            nc_set_copy(&nr->proto, &first->proto);
            nc_set_copy(&nr->sport, &first->sport);
            nc_set_copy(&nr->dport, &first->dport);
            nr->in = first->in;
            nr->out = first->out;
            nr->established_only = first->established_only;
            nr->not_ipv4 = first->not_ipv4;
            /* the key field of the first element was already set on the first rule */
            NcSet *ks = f == FLD_SRC ? &nr->src : f == FLD_DST ? &nr->dst : f == FLD_PROTO ? &nr->proto
                      : f == FLD_SPORT ? &nr->sport : &nr->dport;
            nc_set_free(ks);
        }
        if (i == 0 && add_proto(p, nr, implied, vmap) != ST_OK) {
            json_decref(owned);
            return ST_INVALID;
        }
        NcSet *ks = f == FLD_SRC ? &nr->src : f == FLD_DST ? &nr->dst : f == FLD_PROTO ? &nr->proto
                  : f == FLD_SPORT ? &nr->sport : &nr->dport;
        if (i == 0 && !nc_set_is_any(ks)) {
            json_decref(owned);
            return bad(p, "vmap", vmap);
        }
        nc_set_add(ks, lo, hi);
        if (set_target(p, nr, a, target, family, table) != ST_OK) {
            json_decref(owned);
            return ST_INVALID;
        }
    }
    if (json_array_size(els) == 0)
        ch->rules[base].established_only = true; /* an empty map decides nothing */
    json_decref(owned);
    return ST_OK;
}

static Status parse_chain(Nft *p, json_t *ch)
{
    const char *family = json_string_value(json_object_get(ch, "family"));
    const char *table = json_string_value(json_object_get(ch, "table"));
    const char *name = json_string_value(json_object_get(ch, "name"));
    json_t *handle = json_object_get(ch, "handle");
    p->line = json_is_integer(handle) ? -(int)json_integer_value(handle) : 0;
    if (!family || !table || !name)
        return bad(p, "chain", ch);
    if (!family_ipv4(family)) {
        char *d = xasprintf("%s table %s chain %s (not IPv4)", family, table, name);
        nc_note_add(p->rs, -p->line, d, strlen(d));
        free(d);
        return ST_OK;
    }
    if (p->rs->n >= NC_MAX_CHAINS)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, p->line, "チェインが上限 (%d) を超えています",
                       "more chains than the limit (%d)", NC_MAX_CHAINS);
    char *key = chain_key(family, table, name);
    if (nc_chain_find(p->rs, key) >= 0) {
        free(key);
        return nc_fail(p->e, "netcheck_syntax", p->file, p->line, "チェイン %s が二度宣言されています",
                       "chain %s is declared twice", name);
    }
    int c = nc_chain_add(p->rs, key);
    free(key);
    p->stage = xrealloc(p->stage, p->rs->n);
    p->n_stage = p->rs->n;
    p->stage[c] = -1;
    NcChain *c2 = &p->rs->chains[c];
    const char *hook = json_string_value(json_object_get(ch, "hook"));
    const char *type = json_string_value(json_object_get(ch, "type"));
    if (!hook)
        return ST_OK; /* a regular chain, reached by jump/goto */
    if (!type)
        return bad(p, "chain", ch);
    c2->base = true;
    if (strcmp(type, "filter") != 0) {
        /* nat chains before and after routing: the NAT stages; the rest (route chains, nat on the
         * output hook): their rules become notes */
        c2->policy = NC_CONTINUE;
        if (!strcmp(type, "nat") && !strcmp(hook, "prerouting"))
            p->stage[c] = NC_NAT_PRE;
        else if (!strcmp(type, "nat") && !strcmp(hook, "postrouting"))
            p->stage[c] = NC_NAT_POST;
        return ST_OK;
    }
    const char *policy = json_string_value(json_object_get(ch, "policy"));
    c2->policy = !policy || strcmp(policy, "accept") == 0 ? NC_ACCEPT : NC_DROP;
    if (policy && strcmp(policy, "accept") && strcmp(policy, "drop"))
        return bad(p, "policy", ch);
    c2->policy_line = -p->line;
    c2->forward = strcmp(hook, "forward") == 0;
    json_t *prio = json_object_get(ch, "prio");
    c2->priority = json_is_integer(prio) ? (int)json_integer_value(prio) : 0;
    return ST_OK;
}

Status nc_parse_nft_json(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    json_error_t je;
    /* depth is bounded by jansson (JSON_PARSER_MAX_DEPTH) */
    json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return nc_fail(e, "netcheck_syntax", file, je.line, "JSON として読めません (%s)", "not valid JSON (%s)",
                       je.text);
    Nft p = {.rs = nc_ruleset_new(file, "nftables"), .file = file, .e = e};
    p.rs->line_is_handle = true;
    p.items = json_object_get(root, "nftables");
    Status st = ST_OK;
    if (!json_is_array(p.items))
        st = nc_fail(e, "netcheck_syntax", file, 1, "\"nftables\" 配列がありません (nft -j list ruleset の出力ではありません)",
                     "no \"nftables\" array (not the output of nft -j list ruleset)");
    /* chains first (a rule may jump to a chain listed after it), then rules */
    size_t i;
    json_t *it;
    if (st == ST_OK)
        json_array_foreach(p.items, i, it)
        {
            json_t *ch = json_object_get(it, "chain");
            if (ch && (st = parse_chain(&p, ch)) != ST_OK)
                break;
            if (!ch && !json_object_get(it, "metainfo") && !json_object_get(it, "table") &&
                !json_object_get(it, "set") && !json_object_get(it, "map") && !json_object_get(it, "rule")) {
                p.line = 0;
                st = bad(&p, "object", it);
                break;
            }
        }
    if (st == ST_OK)
        json_array_foreach(p.items, i, it)
        {
            json_t *r = json_object_get(it, "rule");
            if (r && (st = parse_rule(&p, r)) != ST_OK)
                break;
        }
    json_decref(root);
    free(p.stage);
    if (st != ST_OK) {
        nc_ruleset_free(p.rs);
        return st;
    }
    *out = p.rs;
    return ST_OK;
}
