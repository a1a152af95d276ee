/* parse_ios.c: Cisco IOS / IOS-XE access lists and their interface bindings (`show running-config`):
 * numbered lists (`access-list 1-199|1300-2699 …`), named lists (`ip access-list standard|extended
 * NAME` with optional sequence numbers) and `ip access-group NAME in|out` under `interface`. As for the
 * RTX, every binding becomes rules of the forward base chains "in" and "out" restricted to its
 * interface, closed by the list's implicit deny (the binding's line); an interface without a list
 * passes everything. Entries: permit/deny, protocol (ip, tcp, udp, icmp, names, numbers), addresses
 * (any, host A, A WILDCARD with a contiguous wildcard), ports (eq, neq, lt, gt, range), `established`,
 * ICMP types; `log` and remarks do not change the verdict. Network and service object groups
 * (parse_ios_og.c) stand in the address and protocol positions. Reflexive and time-based entries,
 * non-contiguous wildcards are errors naming the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse.h"
#include "netcheck/parse_ios_og.h"
#include "netcheck/parse_util.h"

typedef struct IosEntry {
    char list[64];
    bool standard;
    int line;
    char *text;
    NcWords *w;
    int first; /* index of permit/deny */
} IosEntry;

typedef struct IosBind {
    char iface[32], list[64];
    bool in;
    int line;
    char *text;
} IosBind;

typedef struct Ios {
    NcRuleset *rs;
    const char *file;
    Err *e;
    IosEntry *en;
    size_t n, cap;
    IosBind *b;
    size_t nb, capb;
    IosOgs *og;
} Ios;

static Status unsupported(Ios *p, int line, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, line, "「%s」は解釈できません", "cannot interpret \"%s\"", what);
}

/* any | host A | A WILDCARD (contiguous) — *i advances past what it reads. */
static bool address(const NcWords *w, int *i, NcSet *s)
{
    if (*i >= w->n)
        return false;
    const char *a = w->w[*i];
    uint32_t addr, mask;
    int len;
    if (!strcmp(a, "any")) {
        (*i)++;
        return true;
    }
    if (!strcmp(a, "host")) {
        if (*i + 1 >= w->n || !nc_parse_ipv4(w->w[*i + 1], strlen(w->w[*i + 1]), &addr, &len) || len != 32)
            return false;
        nc_set_add(s, addr, addr);
        *i += 2;
        return true;
    }
    if (!nc_parse_ipv4(a, strlen(a), &addr, &len) || len != 32)
        return false;
    /* a wildcard follows, or (standard lists) a bare host */
    if (*i + 1 < w->n && nc_parse_ipv4(w->w[*i + 1], strlen(w->w[*i + 1]), &mask, &len) && len == 32 &&
        strchr(w->w[*i + 1], '.')) {
        uint32_t net = ~mask;
        int l = 0;
        while (l < 32 && (net & (0x80000000u >> l)))
            l++;
        if (l < 32 && (net << l) != 0)
            return false; /* not contiguous */
        nc_set_add_prefix(s, addr, l);
        *i += 2;
        return true;
    }
    nc_set_add(s, addr, addr);
    (*i)++;
    return true;
}

static bool port_value(const char *s, uint32_t *v)
{
    uint32_t lo, hi;
    if (!nc_parse_port_range(s, '\x01', &lo, &hi))
        return false;
    *v = lo;
    return true;
}

/* eq P… | neq P | lt P | gt P | range A B */
static bool ports(const NcWords *w, int *i, NcSet *s)
{
    if (*i >= w->n)
        return true;
    const char *op = w->w[*i];
    uint32_t a, b;
    if (!strcmp(op, "eq")) {
        int k = *i + 1;
        while (k < w->n && port_value(w->w[k], &a)) {
            nc_set_add(s, a, a);
            k++;
        }
        if (k == *i + 1)
            return false;
        *i = k;
    } else if (!strcmp(op, "neq")) {
        if (*i + 1 >= w->n || !port_value(w->w[*i + 1], &a))
            return false;
        nc_set_add(s, a, a);
        s->neg = true;
        *i += 2;
    } else if (!strcmp(op, "lt") || !strcmp(op, "gt")) {
        if (*i + 1 >= w->n || !port_value(w->w[*i + 1], &a))
            return false;
        if (op[0] == 'l' ? a == 0 : a == 65535)
            return false;
        nc_set_add(s, op[0] == 'l' ? 0 : a + 1, op[0] == 'l' ? a - 1 : 65535);
        *i += 2;
    } else if (!strcmp(op, "range")) {
        if (*i + 2 >= w->n || !port_value(w->w[*i + 1], &a) || !port_value(w->w[*i + 2], &b) || a > b)
            return false;
        nc_set_add(s, a, b);
        *i += 3;
    }
    return true;
}

static const struct {
    const char *name;
    int type, code;
} icmp_names[] = {{"echo", 8, -1}, {"echo-reply", 0, -1}, {"unreachable", 3, -1}, {"host-unreachable", 3, 1},
                  {"port-unreachable", 3, 3}, {"time-exceeded", 11, -1}, {"ttl-exceeded", 11, 0},
                  {"packet-too-big", 3, 4}, {"redirect", 5, -1}, {"parameter-problem", 12, -1},
                  {"source-quench", 4, -1}, {"timestamp-request", 13, -1}, {"timestamp-reply", 14, -1}};

/* An address (any, host, A WILDCARD) or `object-group NAME` (a network group) at w[*i]. */
static Status entry_address(Ios *p, const IosEntry *en, int *i, NcSet *s)
{
    const NcWords *w = en->w;
    if (*i < w->n && !strcmp(w->w[*i], "object-group")) {
        if (*i + 1 >= w->n)
            return unsupported(p, en->line, "object-group");
        Status st = ios_og_network(p->og, p->file, en->line, w->w[*i + 1], s, p->e);
        if (st == ST_OK && s->n == 0) /* a set without spans would mean any address */
            st = nc_fail(p->e, "netcheck_syntax", p->file, en->line, "オブジェクトグループ %s にアドレスがありません",
                         "object group %s has no addresses", w->w[*i + 1]);
        *i += 2;
        return st;
    }
    if (!address(w, i, s))
        return unsupported(p, en->line, *i < w->n ? w->w[*i] : en->text);
    return ST_OK;
}

/* The rules of one entry: one, or with a service object group in the protocol position one per service
 * (consecutive, the same verdict: the first of them that matches decides as the entry would). */
static Status emit_entry(Ios *p, const IosEntry *en, int chain, const IosBind *b)
{
    const NcWords *w = en->w;
    int i = en->first;
    const char *act = w->w[i++];
    int proto = -1;
    IosSvc *svc = NULL;
    size_t nsvc = 0;
    Status st = ST_OK;
    if (!en->standard) {
        if (i >= w->n)
            return unsupported(p, en->line, en->text);
        const char *pr = w->w[i++];
        if (!strcmp(pr, "object-group")) {
            if (i >= w->n)
                return unsupported(p, en->line, "object-group");
            if ((st = ios_og_services(p->og, p->file, en->line, w->w[i++], &svc, &nsvc, p->e)) != ST_OK)
                return st;
            if (nsvc == 0)
                return nc_fail(p->e, "netcheck_syntax", p->file, en->line, "サービスのオブジェクトグループが空です",
                               "the service object group is empty%s", "");
        } else if (strcmp(pr, "ip")) {
            char *end;
            long num = strtol(pr, &end, 10);
            proto = *end || end == pr ? nc_proto_number(pr, strlen(pr)) : (num >= 0 && num <= 255 ? (int)num : -1);
            if (proto < 0)
                return unsupported(p, en->line, pr);
        }
    }
    NcSet src = {0}, dst = {0}, sport = {0}, dport = {0};
    bool l4 = !svc && (proto == 6 || proto == 17);
    bool established = false;
    if ((st = entry_address(p, en, &i, &src)) == ST_OK && l4 && !ports(w, &i, &sport))
        st = unsupported(p, en->line, en->text);
    if (st == ST_OK && !en->standard) {
        if ((st = entry_address(p, en, &i, &dst)) == ST_OK && l4 && !ports(w, &i, &dport))
            st = unsupported(p, en->line, en->text);
        if (st == ST_OK && proto == 1 && i < w->n) {
            for (size_t k = 0; k < sizeof icmp_names / sizeof *icmp_names; k++)
                if (!strcmp(icmp_names[k].name, w->w[i])) {
                    nc_set_add(&sport, (uint32_t)icmp_names[k].type, (uint32_t)icmp_names[k].type);
                    if (icmp_names[k].code >= 0)
                        nc_set_add(&dport, (uint32_t)icmp_names[k].code, (uint32_t)icmp_names[k].code);
                    i++;
                    break;
                }
        }
    }
    for (; st == ST_OK && i < w->n; i++) {
        const char *o = w->w[i];
        if (!strcmp(o, "log") || !strcmp(o, "log-input"))
            continue;
        if (!strcmp(o, "established") && (proto == 6 || svc)) {
            established = true;
            continue;
        }
        st = unsupported(p, en->line, o);
    }
    for (size_t k = 0; st == ST_OK && k < (svc ? nsvc : 1); k++) {
        if ((st = nc_check_rule_limit(p->rs, en->line, p->e)) != ST_OK)
            break;
        NcRule *r = nc_rule_add(p->rs, chain, en->line, en->text, strlen(en->text));
        r->action = !strcmp(act, "permit") ? NC_ACCEPT : NC_DROP;
        snprintf(b->in ? r->in.name : r->out.name, sizeof r->in.name, "%s", b->iface);
        int pn = svc ? svc[k].proto : proto;
        if (pn >= 0)
            nc_set_add(&r->proto, (uint32_t)pn, (uint32_t)pn);
        nc_set_copy(&r->src, &src);
        nc_set_copy(&r->dst, &dst);
        nc_set_copy(&r->sport, svc ? &svc[k].sport : &sport);
        nc_set_copy(&r->dport, svc ? &svc[k].dport : &dport);
        r->established_only = established && pn == 6;
        if (established && pn != 6) /* established takes only TCP: the rule matches no new connection */
            r->established_only = true;
    }
    nc_set_free(&src);
    nc_set_free(&dst);
    nc_set_free(&sport);
    nc_set_free(&dport);
    ios_og_services_free(svc, nsvc);
    return st;
}

static Status add_entry(Ios *p, const char *list, bool standard, int line, const char *s, size_t len,
                        const NcWords *w, int first)
{
    if (p->n >= NC_MAX_RULES)
        return nc_fail(p->e, "netcheck_too_many_rules", p->file, line, "エントリが上限 (%d) を超えています",
                       "more entries than the limit (%d)", NC_MAX_RULES);
    const char *act = first < w->n ? w->w[first] : "";
    if (!strcmp(act, "remark"))
        return ST_OK;
    if (strcmp(act, "permit") && strcmp(act, "deny"))
        return unsupported(p, line, act[0] ? act : "access-list");
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->en = xrealloc(p->en, p->cap * sizeof *p->en);
    }
    IosEntry *en = &p->en[p->n++];
    snprintf(en->list, sizeof en->list, "%.63s", list);
    en->standard = standard;
    en->line = line;
    en->text = xstrndup(s, len);
    en->w = xmalloc(sizeof *en->w);
    memcpy(en->w, w, sizeof *w);
    en->first = first;
    return ST_OK;
}

static bool numbered_standard(unsigned n) { return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999); }
static bool numbered_extended(unsigned n) { return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699); }

Status nc_parse_ios(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    Ios p = {.rs = nc_ruleset_new(file, "cisco-ios"), .file = file, .e = e, .og = ios_ogs_new()};
    int chains[2] = {nc_chain_add(p.rs, "in"), nc_chain_add(p.rs, "out")};
    for (int c = 0; c < 2; c++) {
        p.rs->chains[c].base = p.rs->chains[c].forward = true;
        p.rs->chains[c].policy = NC_ACCEPT;
    }
    NcWords *w = xmalloc(sizeof *w);
    char iface[32] = "", named[64] = "";
    bool named_standard = false;
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
        if (!len || *s == '!')
            continue;
        if (memchr(s, '\0', len)) {
            st = nc_fail(e, "netcheck_syntax", file, line, "NUL 文字を含んでいます", "contains a NUL character");
            break;
        }
        if (!nc_split_words(s, len, w)) {
            st = nc_fail(e, "netcheck_syntax", file, line, "行が長すぎます", "the line is too long");
            break;
        }
        if (!indented) {
            iface[0] = named[0] = '\0';
            ios_og_close(p.og);
            if (!strcmp(w->w[0], "interface") && w->n == 2)
                snprintf(iface, sizeof iface, "%.31s", w->w[1]);
            else if (!strcmp(w->w[0], "ip") && w->n == 4 && !strcmp(w->w[1], "access-list") &&
                     (!strcmp(w->w[2], "standard") || !strcmp(w->w[2], "extended"))) {
                snprintf(named, sizeof named, "%.63s", w->w[3]);
                named_standard = !strcmp(w->w[2], "standard");
            } else if (!strcmp(w->w[0], "ip") && w->n >= 3 && !strcmp(w->w[1], "access-list"))
                st = unsupported(&p, line, w->w[2]); /* reflexive, role-based, … */
            else if (!strcmp(w->w[0], "access-list") && w->n >= 3) {
                unsigned num = (unsigned)strtoul(w->w[1], NULL, 10);
                if (!strcmp(w->w[2], "remark"))
                    continue;
                if (!numbered_standard(num) && !numbered_extended(num))
                    st = unsupported(&p, line, w->w[1]);
                else
                    st = add_entry(&p, w->w[1], numbered_standard(num), line, s, len, w, 2);
            } else if (!strcmp(w->w[0], "ip") && w->n >= 2 && !strcmp(w->w[1], "nat"))
                nc_note_add(p.rs, line, s, len);
            else if (!strcmp(w->w[0], "object-group"))
                st = ios_og_open(p.og, file, line, w, e);
            continue;
        }
        if (ios_og_is_open(p.og)) {
            st = ios_og_member(p.og, file, line, w, e);
            continue;
        }
        if (named[0]) {
            int first = 0;
            char *end;
            strtoul(w->w[0], &end, 10);
            if (!*end && end != w->w[0])
                first = 1; /* a sequence number */
            st = add_entry(&p, named, named_standard, line, s, len, w, first);
        } else if (iface[0] && !strcmp(w->w[0], "ip") && w->n >= 2 && !strcmp(w->w[1], "access-group")) {
            if (w->n != 4 || (strcmp(w->w[3], "in") && strcmp(w->w[3], "out"))) {
                st = unsupported(&p, line, "ip access-group");
                break;
            }
            bool in = !strcmp(w->w[3], "in");
            for (size_t q = 0; q < p.nb; q++)
                if (!strcmp(p.b[q].iface, iface) && p.b[q].in == in)
                    st = nc_fail(e, "netcheck_syntax", file, line, "%s の %s の access-group が二つあります",
                                 "two %s access-groups on %s", in ? "in" : "out", iface);
            if (st != ST_OK)
                break;
            if (p.nb == p.capb) {
                p.capb = p.capb ? p.capb * 2 : 8;
                p.b = xrealloc(p.b, p.capb * sizeof *p.b);
            }
            IosBind *b = &p.b[p.nb++];
            snprintf(b->iface, sizeof b->iface, "%s", iface);
            snprintf(b->list, sizeof b->list, "%.63s", w->w[2]);
            b->in = in;
            b->line = line;
            b->text = xasprintf("interface %s: %.*s", iface, (int)len, s);
        } else if (iface[0] && !strcmp(w->w[0], "ip") && w->n >= 2 && !strcmp(w->w[1], "nat"))
            nc_note_add(p.rs, line, s, len);
    }
    /* every entry is read, bound or not: a list no interface uses is still checked (never skipped) */
    if (st == ST_OK) {
        NcRuleset *keep = p.rs;
        p.rs = nc_ruleset_new(file, "cisco-ios");
        int scratch = nc_chain_add(p.rs, "unbound");
        IosBind none = {.in = true};
        for (size_t k = 0; k < p.n && st == ST_OK; k++)
            st = emit_entry(&p, &p.en[k], scratch, &none);
        nc_ruleset_free(p.rs);
        p.rs = keep;
    }
    for (size_t q = 0; q < p.nb && st == ST_OK; q++) {
        const IosBind *b = &p.b[q];
        int c = chains[b->in ? 0 : 1];
        bool found = false;
        for (size_t k = 0; k < p.n && st == ST_OK; k++)
            if (!strcmp(p.en[k].list, b->list)) {
                found = true;
                st = emit_entry(&p, &p.en[k], c, b);
            }
        if (st != ST_OK)
            break;
        if (!found) {
            /* IOS passes everything through an access-group naming a list that does not exist; say so */
            st = nc_fail(e, "netcheck_unknown_chain", file, b->line, "アクセスリスト %s が定義されていません",
                         "access list %s is not defined", b->list);
            break;
        }
        if ((st = nc_check_rule_limit(p.rs, b->line, e)) != ST_OK)
            break;
        char *t = xasprintf("%s (一致しないパケットは暗黙に deny / implicit deny)", b->text);
        NcRule *r = nc_rule_add(p.rs, c, b->line, t, strlen(t));
        free(t);
        r->action = NC_DROP;
        r->implicit = true;
        snprintf(b->in ? r->in.name : r->out.name, sizeof r->in.name, "%s", b->iface);
    }
    for (size_t q = 0; q < p.n; q++) {
        free(p.en[q].text);
        free(p.en[q].w);
    }
    free(p.en);
    for (size_t q = 0; q < p.nb; q++)
        free(p.b[q].text);
    free(p.b);
    ios_ogs_free(p.og);
    free(w);
    if (st != ST_OK) {
        nc_ruleset_free(p.rs);
        return ST_INVALID;
    }
    *out = p.rs;
    return ST_OK;
}
