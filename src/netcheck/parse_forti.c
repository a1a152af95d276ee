/* parse_forti.c: FortiGate configurations (`show` / `show full-configuration`): `config firewall
 * policy` with the objects it names — `firewall address` (subnet, iprange), `firewall addrgrp`,
 * `firewall service custom` (tcp/udp port ranges, ICMP, IP protocol numbers), `firewall service
 * group`, and `system zone`. In the IR the policy list is one forward base chain with an implicit deny;
 * a policy with several interfaces or services becomes one rule per interface pair and service range
 * (consecutive rules with one verdict: the same first match). Disabled policies and NAT settings become
 * notes; anything in a policy that changes what it matches and is not modelled (users, internet
 * services, FQDN addresses, negated services) is an error naming the line. A VIP (`config firewall vip`,
 * static NAT with optional port forwarding) a policy names becomes a destination NAT rule of the pre
 * stage (extintf, extip, extport → mappedip, mappedport), and as a policy's dstaddr it stands for its
 * mapped addresses: FortiOS matches the policy against the translated packet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_util.h"

#define FG_MAX_OBJECTS 100000
#define FG_MAX_DEPTH 16
#define FG_MAX_VALUES 64

typedef struct FgSet { /* one "set KEY VALUE…" */
    char key[48];
    char **v;
    int n;
    int line;
} FgSet;

typedef struct FgEdit { /* one "edit NAME" of a section */
    char name[80];
    int section; /* index into the section names below */
    int line;
    FgSet *sets;
    int n_sets;
} FgEdit;

enum { S_ADDRESS, S_ADDRGRP, S_SERVICE, S_SERVGRP, S_ZONE, S_POLICY, S_VIP, S_OTHER };
static const char *const section_names[] = {"firewall address", "firewall addrgrp", "firewall service custom",
                                            "firewall service group", "system zone", "firewall policy",
                                            "firewall vip", NULL};

typedef struct Fg {
    const char *file;
    Err *e;
    FgEdit *ed;
    size_t n, cap;
    NcRuleset *rs;
} Fg;

static Status unsupported(Fg *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, line, "「%s」は解釈できません", "cannot interpret \"%s\"", what);
}

static const FgSet *get(const FgEdit *e, const char *key)
{
    for (int i = 0; i < e->n_sets; i++)
        if (!strcmp(e->sets[i].key, key))
            return &e->sets[i];
    return NULL;
}

static const FgEdit *find(const Fg *p, int section, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->ed[i].section == section && !strcmp(p->ed[i].name, name))
            return &p->ed[i];
    return NULL;
}

static void free_edits(Fg *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (int k = 0; k < p->ed[i].n_sets; k++) {
            for (int j = 0; j < p->ed[i].sets[k].n; j++)
                free(p->ed[i].sets[k].v[j]);
            free(p->ed[i].sets[k].v);
        }
        free(p->ed[i].sets);
    }
    free(p->ed);
}

/* Reads the nested config/edit/set/next/end structure, keeping the sections above. */
static Status read_tree(Fg *p, const char *text, size_t n)
{
    char path[FG_MAX_DEPTH][96];
    int depth = 0, line = 0;
    FgEdit *cur = NULL;
    int cur_depth = -1;
    NcWords *w = xmalloc(sizeof *w);
    Status st = ST_OK;
    size_t i = 0;
    while (i < n && st == ST_OK) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        const char *s = text + i;
        i += len + 1;
        line++;
        if (memchr(s, '\0', len)) {
            st = nc_fail(p->e, "netcheck_syntax", p->file, line, "NUL 文字を含んでいます", "contains a NUL character");
            break;
        }
        if (!nc_split_words(s, len, w)) {
            st = nc_fail(p->e, "netcheck_syntax", p->file, line, "行が長すぎるか引用符が閉じていません",
                         "the line is too long or a quote is not closed");
            break;
        }
        if (w->n == 0 || w->w[0][0] == '#')
            continue;
        const char *k = w->w[0];
        if (!strcmp(k, "config") && w->n == 2 && !strcmp(w->w[1], "vdom")) {
            st = unsupported(p, line, "config vdom (split the configuration per VDOM)");
            break;
        }
        if (!strcmp(k, "config")) {
            if (depth >= FG_MAX_DEPTH) {
                st = nc_fail(p->e, "netcheck_too_deep", p->file, line, "config の入れ子が深すぎます", "config nests too deep");
                break;
            }
            path[depth][0] = '\0';
            for (int q = 1; q < w->n; q++) {
                size_t used = strlen(path[depth]);
                snprintf(path[depth] + used, sizeof path[depth] - used, "%s%s", q > 1 ? " " : "", w->w[q]);
            }
            depth++;
        } else if (!strcmp(k, "end")) {
            if (depth == 0) {
                st = nc_fail(p->e, "netcheck_syntax", p->file, line, "対応する config のない end です", "end without config");
                break;
            }
            depth--;
            if (cur && depth <= cur_depth)
                cur = NULL;
        } else if (!strcmp(k, "edit") && w->n == 2) {
            int section = S_OTHER;
            if (depth >= 1)
                for (int q = 0; section_names[q]; q++)
                    if (!strcmp(path[depth - 1], section_names[q]) && depth == 1)
                        section = q;
            cur = NULL;
            if (section == S_OTHER)
                continue;
            if (p->n >= FG_MAX_OBJECTS) {
                st = nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "オブジェクトが上限 (%d) を超えています",
                             "more objects than the limit (%d)", FG_MAX_OBJECTS);
                break;
            }
            if (p->n == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 64;
                p->ed = xrealloc(p->ed, p->cap * sizeof *p->ed);
            }
            cur = &p->ed[p->n++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->name, sizeof cur->name, "%.79s", w->w[1]);
            cur->section = section;
            cur->line = line;
            cur_depth = depth - 1;
        } else if (!strcmp(k, "next")) {
            cur = NULL;
        } else if ((!strcmp(k, "set") || !strcmp(k, "append")) && w->n >= 2 && cur && depth == cur_depth + 1) {
            if (w->n - 2 > FG_MAX_VALUES) {
                st = nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "値が多すぎます", "too many values");
                break;
            }
            FgSet *set = NULL;
            for (int q = 0; q < cur->n_sets; q++)
                if (!strcmp(cur->sets[q].key, w->w[1]))
                    set = &cur->sets[q];
            if (!set) {
                cur->sets = xrealloc(cur->sets, (size_t)(cur->n_sets + 1) * sizeof *cur->sets);
                set = &cur->sets[cur->n_sets++];
                memset(set, 0, sizeof *set);
                snprintf(set->key, sizeof set->key, "%.47s", w->w[1]);
            }
            if (!strcmp(k, "set")) {
                for (int j = 0; j < set->n; j++)
                    free(set->v[j]);
                set->n = 0;
            }
            if (set->n + w->n - 2 > FG_MAX_VALUES) {
                st = nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "値が多すぎます", "too many values");
                break;
            }
            set->v = xrealloc(set->v, (size_t)(set->n + w->n) * sizeof *set->v);
            for (int j = 2; j < w->n; j++)
                set->v[set->n++] = xstrdup(w->w[j]);
            set->line = line;
        }
        /* sets of other sections, unset, and nested configs inside an edit do not filter */
    }
    if (st == ST_OK && depth != 0)
        st = nc_fail(p->e, "netcheck_syntax", p->file, line, "config が end で閉じられていません", "config lacks end");
    free(w);
    return st;
}

/* "a.b.c.d" or "a.b.c.d-e.f.g.h". */
static bool ip_range(const char *v, uint32_t *lo, uint32_t *hi)
{
    const char *dash = strchr(v, '-');
    int l1, l2;
    if (!nc_parse_ipv4(v, dash ? (size_t)(dash - v) : strlen(v), lo, &l1) || l1 != 32)
        return false;
    *hi = *lo;
    return !dash || (nc_parse_ipv4(dash + 1, strlen(dash + 1), hi, &l2) && l2 == 32 && *lo <= *hi);
}

/* "8443" or "8443-8444". */
static bool port_range(const char *v, uint32_t *lo, uint32_t *hi)
{
    return nc_parse_port_range(v, '-', lo, hi);
}

/* Adds the addresses of object name (address or group, nested up to FG_MAX_DEPTH) to s. */
static Status add_address(Fg *p, const char *name, NcSet *s, int line, int depth)
{
    if (!strcmp(name, "all") || !strcmp(name, "any"))
        return nc_set_add(s, 0, 0xffffffffu), ST_OK;
    if (depth > FG_MAX_DEPTH)
        return nc_fail(p->e, "netcheck_too_deep", p->file, line, "アドレスグループの入れ子が深すぎます", "address groups nest too deep");
    const FgEdit *a = find(p, S_ADDRESS, name);
    if (a) {
        const FgSet *type = get(a, "type");
        const char *t = type && type->n ? type->v[0] : "ipmask";
        if (!strcmp(t, "ipmask")) {
            const FgSet *sub = get(a, "subnet");
            if (!sub)
                return nc_set_add(s, 0, 0xffffffffu), ST_OK; /* an address without subnet is 0.0.0.0/0 */
            char buf[64];
            uint32_t addr;
            int len;
            if (sub->n == 2)
                snprintf(buf, sizeof buf, "%s/%s", sub->v[0], sub->v[1]);
            else if (sub->n == 1)
                snprintf(buf, sizeof buf, "%s", sub->v[0]);
            if (sub->n < 1 || sub->n > 2 || !nc_parse_ipv4(buf, strlen(buf), &addr, &len))
                return unsupported(p, sub->line, sub->n ? sub->v[0] : "subnet");
            nc_set_add_prefix(s, addr, len);
            return ST_OK;
        }
        if (!strcmp(t, "iprange")) {
            const FgSet *lo = get(a, "start-ip"), *hi = get(a, "end-ip");
            uint32_t x, y;
            int lx, ly;
            if (!lo || !hi || lo->n != 1 || hi->n != 1 || !nc_parse_ipv4(lo->v[0], strlen(lo->v[0]), &x, &lx) ||
                !nc_parse_ipv4(hi->v[0], strlen(hi->v[0]), &y, &ly) || lx != 32 || ly != 32 || x > y)
                return unsupported(p, a->line, name);
            nc_set_add(s, x, y);
            return ST_OK;
        }
        char what[200];
        snprintf(what, sizeof what, "address %s (type %s)", name, t);
        return unsupported(p, line, what);
    }
    const FgEdit *g = find(p, S_ADDRGRP, name);
    if (g) {
        const FgSet *m = get(g, "member");
        for (int i = 0; m && i < m->n; i++)
            if (add_address(p, m->v[i], s, g->line, depth + 1) != ST_OK)
                return ST_INVALID;
        return ST_OK;
    }
    const FgEdit *vip = find(p, S_VIP, name);
    if (vip) {
        uint32_t lo, hi;
        const FgSet *m = get(vip, "mappedip");
        if (!m || m->n != 1 || !ip_range(m->v[0], &lo, &hi))
            return unsupported(p, m ? m->line : vip->line, m && m->n ? m->v[0] : "mappedip");
        nc_set_add(s, lo, hi);
        return ST_OK;
    }
    return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "アドレス「%s」が定義されていません",
                   "address \"%s\" is not defined", name);
}

/* One service range: protocol, destination ports, source ports. */
typedef struct Svc {
    int proto; /* -1 any */
    uint32_t dlo, dhi, slo, shi;
    int icmp_type; /* -1 any */
} Svc;

typedef struct SvcList {
    Svc v[256];
    int n;
} SvcList;

static bool push(SvcList *l, Svc s)
{
    if (l->n >= 256)
        return false;
    l->v[l->n++] = s;
    return true;
}

/* The predefined services a FortiGate ships with (used when the configuration does not list them). */
static bool builtin_service(const char *name, SvcList *l)
{
    static const struct {
        const char *name;
        int proto;
        uint32_t lo, hi;
    } b[] = {{"HTTP", 6, 80, 80},   {"HTTPS", 6, 443, 443}, {"SMTP", 6, 25, 25},   {"SMTPS", 6, 465, 465},
             {"SSH", 6, 22, 22},    {"TELNET", 6, 23, 23},  {"FTP", 6, 21, 21},    {"RDP", 6, 3389, 3389},
             {"POP3", 6, 110, 110}, {"IMAP", 6, 143, 143},  {"NTP", 17, 123, 123}, {"SNMP", 17, 161, 162},
             {"DNS", 6, 53, 53},    {"DNS", 17, 53, 53},    {"SAMBA", 6, 139, 139}, {"SMB", 6, 445, 445},
             {"ALL_TCP", 6, 1, 65535}, {"ALL_UDP", 17, 1, 65535}};
    bool found = false;
    for (size_t i = 0; i < sizeof b / sizeof *b; i++)
        if (!strcmp(b[i].name, name)) {
            push(l, (Svc){b[i].proto, b[i].lo, b[i].hi, 0, 65535, -1});
            found = true;
        }
    if (!strcmp(name, "ALL"))
        found = push(l, (Svc){-1, 0, 65535, 0, 65535, -1});
    else if (!strcmp(name, "ALL_ICMP"))
        found = push(l, (Svc){1, 0, 65535, 0, 65535, -1});
    else if (!strcmp(name, "PING"))
        found = push(l, (Svc){1, 0, 65535, 0, 65535, 8});
    return found;
}

/* "8000-8080:1024-65535" (destination[:source]) */
static bool port_ranges(const char *v, Svc *s)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s", v);
    char *colon = strchr(buf, ':');
    s->slo = 0, s->shi = 65535;
    if (colon) {
        *colon = '\0';
        if (!nc_parse_port_range(colon + 1, '-', &s->slo, &s->shi))
            return false;
    }
    return nc_parse_port_range(buf, '-', &s->dlo, &s->dhi);
}

static Status add_service(Fg *p, const char *name, SvcList *l, int line, int depth)
{
    if (depth > FG_MAX_DEPTH)
        return nc_fail(p->e, "netcheck_too_deep", p->file, line, "サービスグループの入れ子が深すぎます", "service groups nest too deep");
    const FgEdit *c = find(p, S_SERVICE, name);
    if (c) {
        const FgSet *proto = get(c, "protocol");
        const char *pr = proto && proto->n ? proto->v[0] : "TCP/UDP/SCTP";
        if (!strcmp(pr, "ICMP")) {
            const FgSet *t = get(c, "icmptype");
            int type = t && t->n ? atoi(t->v[0]) : -1;
            if (!push(l, (Svc){1, 0, 65535, 0, 65535, type}))
                return unsupported(p, line, name);
            return ST_OK;
        }
        if (!strcmp(pr, "IP")) {
            const FgSet *num = get(c, "protocol-number");
            int n = num && num->n ? atoi(num->v[0]) : 0;
            if (n < 0 || n > 255 || !push(l, (Svc){n == 0 ? -1 : n, 0, 65535, 0, 65535, -1}))
                return unsupported(p, line, name);
            return ST_OK;
        }
        if (strcmp(pr, "TCP/UDP/SCTP")) {
            char what[160];
            snprintf(what, sizeof what, "service %s (protocol %s)", name, pr);
            return unsupported(p, c->line, what);
        }
        static const struct {
            const char *key;
            int proto;
        } keys[] = {{"tcp-portrange", 6}, {"udp-portrange", 17}, {"sctp-portrange", 132}};
        bool any = false;
        for (size_t k = 0; k < 3; k++) {
            const FgSet *r = get(c, keys[k].key);
            for (int i = 0; r && i < r->n; i++) {
                Svc s = {keys[k].proto, 0, 0, 0, 0, -1};
                if (!port_ranges(r->v[i], &s) || !push(l, s))
                    return unsupported(p, r->line, r->v[i]);
                any = true;
            }
        }
        if (!any)
            return unsupported(p, c->line, name);
        return ST_OK;
    }
    const FgEdit *g = find(p, S_SERVGRP, name);
    if (g) {
        const FgSet *m = get(g, "member");
        for (int i = 0; m && i < m->n; i++)
            if (add_service(p, m->v[i], l, g->line, depth + 1) != ST_OK)
                return ST_INVALID;
        return ST_OK;
    }
    if (builtin_service(name, l))
        return ST_OK;
    return nc_fail(p->e, "netcheck_unknown_set", p->file, line, "サービス「%s」が定義されていません",
                   "service \"%s\" is not defined", name);
}

/* Interfaces of a policy field: zone names become their member interfaces; "any" is "". */
static int interfaces(Fg *p, const FgSet *f, char out[][32], int cap)
{
    int n = 0;
    for (int i = 0; f && i < f->n; i++) {
        if (!strcmp(f->v[i], "any")) {
            out[0][0] = '\0';
            return 1;
        }
        const FgEdit *z = find(p, S_ZONE, f->v[i]);
        const FgSet *m = z ? get(z, "interface") : NULL;
        for (int j = 0; m && j < m->n && n < cap; j++)
            snprintf(out[n++], 32, "%s", m->v[j]);
        if (!z && n < cap)
            snprintf(out[n++], 32, "%s", f->v[i]);
    }
    return n;
}

static bool harmless_policy_key(const char *k)
{
    static const char *const keys[] = {"name", "uuid", "schedule", "logtraffic", "logtraffic-start", "comments",
                                       "utm-status", "ssl-ssh-profile", "av-profile", "webfilter-profile",
                                       "ips-sensor", "application-list", "profile-protocol-options",
                                       "inspection-mode", "global-label", "match-vip", "tcp-mss-sender",
                                       "tcp-mss-receiver", "dnsfilter-profile", "emailfilter-profile",
                                       "file-filter-profile", "profile-type", "label", "auto-asic-offload",
                                       "capture-packet", "nat", "ippool", "poolname", "natip", "status", "action",
                                       "srcintf", "dstintf", "srcaddr", "dstaddr", "service", "srcaddr-negate",
                                       "dstaddr-negate", "policyid", "srcaddr6", "dstaddr6", NULL};
    for (int i = 0; keys[i]; i++)
        if (!strcmp(keys[i], k))
            return true;
    return false;
}

static Status emit_policy(Fg *p, const FgEdit *pol, int chain)
{
    for (int i = 0; i < pol->n_sets; i++)
        if (!harmless_policy_key(pol->sets[i].key))
            return unsupported(p, pol->sets[i].line, pol->sets[i].key);
    const FgSet *status = get(pol, "status"), *action = get(pol, "action"), *nat = get(pol, "nat");
    const FgSet *title = get(pol, "name");
    bool titled = title && title->n > 0;
    char *desc = xasprintf("edit %s%s%s", pol->name, titled ? " " : "", titled ? title->v[0] : "");
    if (status && status->n && !strcmp(status->v[0], "disable")) {
        char *t = xasprintf("%s (status disable)", desc);
        nc_note_add(p->rs, pol->line, t, strlen(t));
        free(t);
        free(desc);
        return ST_OK;
    }
    if (nat && nat->n && !strcmp(nat->v[0], "enable")) {
        char *t = xasprintf("%s (nat enable: source NAT)", desc);
        nc_note_add(p->rs, pol->line, t, strlen(t));
        free(t);
    }
    NcAction act = NC_DROP; /* FortiOS: a policy without action denies */
    if (action && action->n && (!strcmp(action->v[0], "accept") || !strcmp(action->v[0], "ipsec")))
        act = NC_ACCEPT;
    else if (action && action->n && strcmp(action->v[0], "deny")) {
        free(desc);
        return unsupported(p, action->line, action->v[0]);
    }
    const FgSet *sa = get(pol, "srcaddr"), *da = get(pol, "dstaddr"), *sv = get(pol, "service");
    if (!sa || !da) { /* IPv6-only policies (srcaddr6/dstaddr6) match no IPv4 packet */
        char *t = xasprintf("%s (no IPv4 addresses)", desc);
        nc_note_add(p->rs, pol->line, t, strlen(t));
        free(t);
        free(desc);
        return ST_OK;
    }
    NcSet src = {0}, dst = {0};
    Status st = ST_OK;
    for (int i = 0; i < sa->n && st == ST_OK; i++)
        st = add_address(p, sa->v[i], &src, sa->line, 0);
    for (int i = 0; i < da->n && st == ST_OK; i++)
        st = add_address(p, da->v[i], &dst, da->line, 0);
    const FgSet *sn = get(pol, "srcaddr-negate"), *dn = get(pol, "dstaddr-negate");
    src.neg = sn && sn->n && !strcmp(sn->v[0], "enable");
    dst.neg = dn && dn->n && !strcmp(dn->v[0], "enable");
    SvcList *svc = xcalloc(1, sizeof *svc);
    if (!sv && st == ST_OK)
        st = unsupported(p, pol->line, "policy without service");
    for (int i = 0; sv && i < sv->n && st == ST_OK; i++)
        st = add_service(p, sv->v[i], svc, sv->line, 0);
    char ins[FG_MAX_VALUES][32], outs[FG_MAX_VALUES][32];
    int ni = interfaces(p, get(pol, "srcintf"), ins, FG_MAX_VALUES);
    int no = interfaces(p, get(pol, "dstintf"), outs, FG_MAX_VALUES);
    if (st == ST_OK && (ni == 0 || no == 0))
        st = unsupported(p, pol->line, "policy without srcintf/dstintf");
    for (int a = 0; a < ni && st == ST_OK; a++)
        for (int b = 0; b < no && st == ST_OK; b++)
            for (int k = 0; k < svc->n && st == ST_OK; k++) {
                if ((st = nc_check_rule_limit(p->rs, pol->line, p->e)) != ST_OK)
                    break;
                NcRule *r = nc_rule_add(p->rs, chain, pol->line, desc, strlen(desc));
                r->action = act;
                snprintf(r->in.name, sizeof r->in.name, "%.31s", ins[a]);
                snprintf(r->out.name, sizeof r->out.name, "%.31s", outs[b]);
                nc_set_copy(&r->src, &src);
                nc_set_copy(&r->dst, &dst);
                const Svc *s = &svc->v[k];
                if (s->proto >= 0)
                    nc_set_add(&r->proto, (uint32_t)s->proto, (uint32_t)s->proto);
                if (s->proto == 6 || s->proto == 17 || s->proto == 132) {
                    if (s->dlo != 0 || s->dhi != 65535)
                        nc_set_add(&r->dport, s->dlo, s->dhi);
                    if (s->slo != 0 || s->shi != 65535)
                        nc_set_add(&r->sport, s->slo, s->shi);
                }
                if (s->proto == 1 && s->icmp_type >= 0)
                    nc_set_add(&r->sport, (uint32_t)s->icmp_type, (uint32_t)s->icmp_type);
            }
    free(svc);
    nc_set_free(&src);
    nc_set_free(&dst);
    free(desc);
    return st;
}

/* Does a policy name the VIP as its destination? */
static bool vip_used(const Fg *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++) {
        const FgSet *da = p->ed[i].section == S_POLICY ? get(&p->ed[i], "dstaddr") : NULL;
        for (int k = 0; da && k < da->n; k++)
            if (!strcmp(da->v[k], name))
                return true;
    }
    return false;
}

/* A VIP as a destination NAT rule of the pre stage (ir.h NcNat). Ranges map one to one in FortiOS; the
 * model lets each packet become any of the mapped range. */
static Status emit_vip(Fg *p, const FgEdit *v, int chain)
{
    static const char *const harmless[] = {"uuid", "comment", "color", "arp-reply", "extintf", "extip", "mappedip",
                                           "portforward", "protocol", "extport", "mappedport", "type", NULL};
    for (int i = 0; i < v->n_sets; i++) {
        bool ok = false;
        for (int k = 0; harmless[k]; k++)
            ok |= !strcmp(v->sets[i].key, harmless[k]);
        if (!ok)
            return unsupported(p, v->sets[i].line, v->sets[i].key);
    }
    const FgSet *type = get(v, "type"), *ext = get(v, "extip"), *map = get(v, "mappedip"), *intf = get(v, "extintf");
    const FgSet *pf = get(v, "portforward"), *proto = get(v, "protocol"), *ep = get(v, "extport"), *mp = get(v, "mappedport");
    if (type && type->n && strcmp(type->v[0], "static-nat"))
        return unsupported(p, type->line, type->v[0]); /* load-balance, fqdn, … */
    uint32_t elo, ehi, mlo, mhi;
    if (!ext || ext->n != 1 || !ip_range(ext->v[0], &elo, &ehi))
        return unsupported(p, ext ? ext->line : v->line, ext && ext->n ? ext->v[0] : "extip");
    if (!map || map->n != 1 || !ip_range(map->v[0], &mlo, &mhi))
        return unsupported(p, map ? map->line : v->line, map && map->n ? map->v[0] : "mappedip");
    if (nc_check_rule_limit(p->rs, v->line, p->e) != ST_OK)
        return ST_INVALID;
    char *desc = xasprintf("vip %s", v->name);
    NcRule *r = nc_rule_add(p->rs, chain, v->line, desc, strlen(desc));
    free(desc);
    nc_set_add(&r->dst, elo, ehi);
    if (intf && intf->n == 1 && strcmp(intf->v[0], "any"))
        snprintf(r->in.name, sizeof r->in.name, "%.31s", intf->v[0]);
    bool forward = pf && pf->n && !strcmp(pf->v[0], "enable");
    uint32_t plo = 0, phi = 0, qlo = 0, qhi = 0;
    if (forward) {
        const char *pr = proto && proto->n ? proto->v[0] : "tcp";
        int num = nc_proto_number(pr, strlen(pr));
        if (num != 6 && num != 17)
            return unsupported(p, proto ? proto->line : v->line, pr);
        if (!ep || ep->n != 1 || !port_range(ep->v[0], &plo, &phi))
            return unsupported(p, ep ? ep->line : v->line, "extport");
        if (!mp || mp->n != 1 || !port_range(mp->v[0], &qlo, &qhi))
            return unsupported(p, mp ? mp->line : v->line, "mappedport");
        nc_set_add(&r->proto, (uint32_t)num, (uint32_t)num);
        nc_set_add(&r->dport, plo, phi);
        if (qlo == qhi)
            qhi = qlo + (phi - plo) > 65535 ? 65535 : qlo + (phi - plo);
    }
    NcNat *t = nc_nat_take(p->rs, chain, NC_NAT_PRE);
    t->kind = NC_NAT_DNAT;
    t->set_addr = true;
    t->addr_lo = mlo;
    t->addr_hi = mhi;
    t->set_port = forward;
    t->port_lo = qlo;
    t->port_hi = qhi;
    return ST_OK;
}

Status nc_parse_fortigate(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    Fg p = {.file = file, .e = e};
    Status st = read_tree(&p, text, n);
    p.rs = nc_ruleset_new(file, "fortigate");
    int c = nc_chain_add(p.rs, "firewall policy");
    NcChain *ch = &p.rs->chains[c];
    ch->base = ch->forward = true;
    ch->policy = NC_DROP; /* the implicit deny after the last policy */
    for (size_t i = 0; i < p.n && st == ST_OK; i++)
        if (p.ed[i].section == S_VIP && vip_used(&p, p.ed[i].name))
            st = emit_vip(&p, &p.ed[i], c);
        else if (p.ed[i].section == S_VIP) {
            char *t = xasprintf("vip %s (どのポリシーも使っていません / no policy uses it: no translation)", p.ed[i].name);
            nc_note_add(p.rs, p.ed[i].line, t, strlen(t));
            free(t);
        }
    bool any = false;
    for (size_t i = 0; i < p.n && st == ST_OK; i++)
        if (p.ed[i].section == S_POLICY) {
            any = true;
            st = emit_policy(&p, &p.ed[i], c);
        }
    if (st == ST_OK && !any)
        st = nc_fail(e, "netcheck_no_forward", file, 1, "config firewall policy がありません", "no config firewall policy");
    free_edits(&p);
    if (st != ST_OK) {
        nc_ruleset_free(p.rs);
        return ST_INVALID;
    }
    *out = p.rs;
    return ST_OK;
}
