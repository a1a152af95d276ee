/* parse_iptables.c: `iptables-save` output (filter and nat tables, user chains) into the IR. The
 * filter table's FORWARD chain is what forwarded packets meet; INPUT and OUTPUT are kept (hygiene) but
 * are not forward chains. The nat table's PREROUTING (DNAT, REDIRECT) and POSTROUTING (SNAT, MASQUERADE)
 * rules become the NAT stages (ir.h NcNat); its other rules (OUTPUT, user chains, other targets) and
 * the mangle and raw tables become notes. ICMP type and code travel in the source and
 * destination port fields (space.h), as the kernel's icmp match reads them from the same place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netcheck/parse.h"
#include "netcheck/parse_util.h"

typedef struct Ipt {
    NcRuleset *rs;
    NcRuleset *nat; /* the nat table's PREROUTING and POSTROUTING, parsed there, then moved to rs */
    const char *file;
    char table[32];
    int line;
    Err *e;
} Ipt;

static Status unsupported(Ipt *p, const char *what)
{
    return nc_fail(p->e, "netcheck_unsupported", p->file, p->line, "「%s」は解釈できません",
                   "cannot interpret \"%s\"", what);
}

static const struct {
    const char *name;
    int type, code; /* code -1: any */
} icmp_types[] = {{"any", -1, -1}, {"echo-reply", 0, -1}, {"pong", 0, -1}, {"destination-unreachable", 3, -1},
                  {"network-unreachable", 3, 0}, {"host-unreachable", 3, 1}, {"protocol-unreachable", 3, 2},
                  {"port-unreachable", 3, 3}, {"fragmentation-needed", 3, 4}, {"source-quench", 4, -1},
                  {"redirect", 5, -1}, {"echo-request", 8, -1}, {"ping", 8, -1}, {"router-advertisement", 9, -1},
                  {"router-solicitation", 10, -1}, {"time-exceeded", 11, -1}, {"ttl-exceeded", 11, -1},
                  {"parameter-problem", 12, -1}, {"timestamp-request", 13, -1}, {"timestamp-reply", 14, -1}};

static bool parse_icmp_type(const char *s, int *type, int *code)
{
    for (size_t i = 0; i < sizeof icmp_types / sizeof *icmp_types; i++)
        if (strcmp(icmp_types[i].name, s) == 0) {
            *type = icmp_types[i].type;
            *code = icmp_types[i].code;
            return true;
        }
    char *end;
    long t = strtol(s, &end, 10);
    if (end == s || t < 0 || t > 255)
        return false;
    *code = -1;
    if (*end == '/') {
        char *e2;
        long c = strtol(end + 1, &e2, 10);
        if (e2 == end + 1 || *e2 || c < 0 || c > 255)
            return false;
        *code = (int)c;
    } else if (*end)
        return false;
    *type = (int)t;
    return true;
}

static bool set_ports(NcSet *s, const char *v, bool neg, bool multi)
{
    if (!nc_set_is_any(s))
        return false; /* the same field twice: an intersection the IR does not keep */
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        uint32_t lo, hi;
        if (!nc_parse_port_range(tok, ':', &lo, &hi))
            return false;
        nc_set_add(s, lo, hi);
        if (!multi && strchr(v, ','))
            return false;
    }
    if (s->n == 0)
        return false;
    s->neg = neg;
    return true;
}

static bool set_addrs(NcSet *s, const char *v, bool neg)
{
    if (!nc_set_is_any(s) || !nc_add_addresses(s, v) || s->n == 0)
        return false;
    s->neg = neg;
    return true;
}

/* --src-range a.b.c.d-e.f.g.h */
static bool set_addr_range(NcSet *s, const char *v, bool neg)
{
    const char *dash = strchr(v, '-');
    uint32_t a, b;
    int la, lb;
    if (!nc_set_is_any(s) || !dash || !nc_parse_ipv4(v, (size_t)(dash - v), &a, &la) ||
        !nc_parse_ipv4(dash + 1, strlen(dash + 1), &b, &lb) || la != 32 || lb != 32 || a > b)
        return false;
    nc_set_add(s, a, b);
    s->neg = neg;
    return true;
}

static bool set_iface(NcIface *f, const char *v, bool neg)
{
    if (f->name[0] || !v[0] || strlen(v) >= sizeof f->name)
        return false;
    snprintf(f->name, sizeof f->name, "%s", v);
    f->neg = neg;
    return true;
}

/* Does a state list (NEW,ESTABLISHED,…) include the first packet of a new connection? */
static bool states_include_new(const char *v)
{
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (strcmp(tok, "NEW") == 0 || strcmp(tok, "UNTRACKED") == 0)
            return true;
    return false;
}

static bool state_listed(const char *v, const char *state)
{
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (strcmp(tok, state) == 0)
            return true;
    return false;
}

static bool known_state_list(const char *v)
{
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    int n = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","), n++)
        if (strcmp(tok, "NEW") && strcmp(tok, "ESTABLISHED") && strcmp(tok, "RELATED") && strcmp(tok, "INVALID") &&
            strcmp(tok, "UNTRACKED") && strcmp(tok, "SNAT") && strcmp(tok, "DNAT"))
            return false;
    return n > 0;
}

/* Targets that neither accept nor drop: the next rule decides. */
static bool non_terminating(const char *t)
{
    static const char *const names[] = {"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TCPMSS", "CT", "NOTRACK",
                                        "TRACE", "AUDIT", "CLASSIFY", "DSCP", "TOS", "TTL", "SET"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i], t) == 0)
            return true;
    return false;
}

/* Options of targets and of matches that do not restrict which packets a rule sees, with their
 * number of values. */
static int option_values(const char *o)
{
    static const struct {
        const char *name;
        int values;
    } opts[] = {{"--comment", 1},     {"--log-prefix", 1}, {"--log-level", 1},  {"--log-uid", 0},
                {"--log-tcp-options", 0}, {"--log-ip-options", 0}, {"--log-tcp-sequence", 0},
                {"--nflog-group", 1}, {"--nflog-prefix", 1}, {"--nflog-threshold", 1}, {"--reject-with", 1},
                {"--set-mark", 1}, {"--set-xmark", 1}, {"--clamp-mss-to-pmtu", 0}, {"--set-mss", 1},
                {"--notrack", 0}};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (strcmp(opts[i].name, o) == 0)
            return opts[i].values;
    return -1;
}

static Status parse_rule(Ipt *p, const NcWords *w, const char *text, size_t text_len)
{
    const char *chain_name = w->w[1];
    int c = nc_chain_find(p->rs, chain_name);
    if (c < 0)
        return nc_fail(p->e, "netcheck_unknown_chain", p->file, p->line, "チェイン %s が宣言されていません",
                       "chain %s is not declared", chain_name);
    if (nc_check_rule_limit(p->rs, p->line, p->e) != ST_OK)
        return ST_INVALID;
    NcRule *r = nc_rule_add(p->rs, c, p->line, text, text_len);
    /* the target is read first: a non-terminating one makes every match irrelevant to the verdict */
    const char *target = NULL;
    bool is_goto = false;
    for (int i = 2; i + 1 < w->n; i++)
        if (strcmp(w->w[i], "-j") == 0 || strcmp(w->w[i], "--jump") == 0 || strcmp(w->w[i], "-g") == 0 ||
            strcmp(w->w[i], "--goto") == 0) {
            target = w->w[i + 1];
            is_goto = w->w[i][1] == 'g' || strcmp(w->w[i], "--goto") == 0;
        }
    bool passive = !target || non_terminating(target);
    bool neg = false;
    int proto = -1;
    for (int i = 2; i < w->n; i++) {
        const char *o = w->w[i];
        const char *v = i + 1 < w->n ? w->w[i + 1] : NULL;
        if (strcmp(o, "!") == 0) {
            if (neg)
                return unsupported(p, "! !");
            neg = true;
            continue;
        }
        bool ok = true;
        int used = 1;
        if (!v && strcmp(o, "--syn") != 0 && option_values(o) != 0)
            return nc_fail(p->e, "netcheck_syntax", p->file, p->line, "%s の値がありません", "%s needs a value", o);
        if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "--src"))
            ok = set_addrs(&r->src, v, neg);
        else if (!strcmp(o, "-d") || !strcmp(o, "--destination") || !strcmp(o, "--dst"))
            ok = set_addrs(&r->dst, v, neg);
        else if (!strcmp(o, "-i") || !strcmp(o, "--in-interface"))
            ok = set_iface(&r->in, v, neg);
        else if (!strcmp(o, "-o") || !strcmp(o, "--out-interface"))
            ok = set_iface(&r->out, v, neg);
        else if (!strcmp(o, "-p") || !strcmp(o, "--protocol")) {
            if (strcmp(v, "all") == 0 || strcmp(v, "0") == 0)
                ok = !neg; /* "! -p all" would match nothing */
            else {
                char *end;
                long num = strtol(v, &end, 10);
                proto = *end || end == v ? nc_proto_number(v, strlen(v)) : (num >= 0 && num <= 255 ? (int)num : -1);
                ok = proto >= 0 && nc_set_is_any(&r->proto);
                if (ok) {
                    nc_set_add(&r->proto, (uint32_t)proto, (uint32_t)proto);
                    r->proto.neg = neg;
                    if (neg)
                        proto = -1;
                }
            }
        } else if (!strcmp(o, "-m") || !strcmp(o, "--match")) {
            static const char *const known[] = {"tcp", "udp", "icmp", "conntrack", "state", "multiport",
                                                "comment", "iprange"};
            ok = false;
            for (size_t k = 0; k < sizeof known / sizeof *known; k++)
                ok |= strcmp(known[k], v) == 0;
            if (!ok && strcmp(v, "set") == 0) {
                /* ipsets are kept in the kernel, not in iptables-save's output */
                const char *set = "?";
                for (int k = i + 2; k + 1 < w->n; k++)
                    if (strcmp(w->w[k], "--match-set") == 0)
                        set = w->w[k + 1];
                return nc_fail(p->e, "netcheck_unknown_set", p->file, p->line,
                               "ipset「%s」の中身が設定に含まれていないため解析できません (ipset save の出力を IP アドレスで書き換えてください)",
                               "the contents of ipset \"%s\" are not in the configuration (replace it by its addresses)", set);
            }
            if (!ok && passive)
                ok = true; /* e.g. -m limit on a LOG rule: does not change any verdict */
            if (!ok) {
                char what[300];
                snprintf(what, sizeof what, "-m %s", v);
                return unsupported(p, what);
            }
        } else if (!strcmp(o, "--dport") || !strcmp(o, "--destination-port") || !strcmp(o, "--dports") ||
                   !strcmp(o, "--destination-ports")) {
            ok = (proto == 6 || proto == 17 || proto == 132 || proto == 136) &&
                 set_ports(&r->dport, v, neg, strstr(o, "ports") != NULL);
        } else if (!strcmp(o, "--sport") || !strcmp(o, "--source-port") || !strcmp(o, "--sports") ||
                   !strcmp(o, "--source-ports")) {
            ok = (proto == 6 || proto == 17 || proto == 132 || proto == 136) &&
                 set_ports(&r->sport, v, neg, strstr(o, "ports") != NULL);
        } else if (!strcmp(o, "--icmp-type")) {
            int type, code;
            ok = proto == 1 && parse_icmp_type(v, &type, &code) && !neg;
            if (ok && type >= 0) {
                nc_set_add(&r->sport, (uint32_t)type, (uint32_t)type);
                if (code >= 0)
                    nc_set_add(&r->dport, (uint32_t)code, (uint32_t)code);
            }
        } else if (!strcmp(o, "--state") || !strcmp(o, "--ctstate")) {
            ok = known_state_list(v);
            if (!neg && !states_include_new(v) && state_listed(v, "DNAT"))
                r->dnat_only = true; /* the translated first packet of a port forward */
            else if (states_include_new(v) == neg)
                r->established_only = true;
        } else if (!strcmp(o, "--syn")) {
            used = 0; /* the first packet of a new TCP connection is a SYN */
            ok = proto == 6;
            if (neg)
                r->established_only = true;
        } else if (!strcmp(o, "--tcp-flags")) {
            if (i + 2 >= w->n)
                return unsupported(p, o);
            used = 2;
            /* (flags & mask) == comp for the opening SYN, whose only flag is SYN */
            const char *mask = v, *comp = w->w[i + 2];
            bool mask_has_syn = strstr(mask, "SYN") != NULL || strcmp(mask, "ALL") == 0;
            bool opens = mask_has_syn ? strcmp(comp, "SYN") == 0 : strcmp(comp, "NONE") == 0;
            ok = proto == 6;
            if (opens == neg)
                r->established_only = true;
        } else if (!strcmp(o, "--src-range"))
            ok = set_addr_range(&r->src, v, neg);
        else if (!strcmp(o, "--dst-range"))
            ok = set_addr_range(&r->dst, v, neg);
        else if (!strcmp(o, "-j") || !strcmp(o, "--jump") || !strcmp(o, "-g") || !strcmp(o, "--goto"))
            ok = !neg;
        else if (option_values(o) >= 0) {
            used = option_values(o);
            ok = !neg;
        } else if (passive && o[0] == '-')
            used = v && v[0] != '-' ? 1 : 0; /* options of a LOG-like rule's matches */
        else
            return unsupported(p, o);
        if (!ok) {
            char what[300];
            snprintf(what, sizeof what, "%s%s %s", neg ? "! " : "", o, v && used ? v : "");
            return unsupported(p, what);
        }
        neg = false;
        i += used;
    }
    if (neg)
        return unsupported(p, "!");
    if (!target)
        r->action = NC_CONTINUE;
    else if (!strcmp(target, "ACCEPT"))
        r->action = NC_ACCEPT;
    else if (!strcmp(target, "DROP") || !strcmp(target, "REJECT"))
        r->action = NC_DROP;
    else if (!strcmp(target, "RETURN"))
        r->action = NC_RETURN;
    else if (non_terminating(target))
        r->action = NC_CONTINUE;
    else {
        int t = nc_chain_find(p->rs, target);
        if (t < 0 || p->rs->chains[t].base) {
            char what[300];
            snprintf(what, sizeof what, "-j %s", target);
            return t < 0 && target[0] >= 'A' && target[0] <= 'Z'
                       ? unsupported(p, what)
                       : nc_fail(p->e, "netcheck_unknown_chain", p->file, p->line, "チェイン %s が宣言されていません",
                                 "chain %s is not declared", target);
        }
        r->action = is_goto ? NC_GOTO : NC_JUMP;
        r->target = t;
    }
    return ST_OK;
}

/* "A[-B][:P[-Q]]" (DNAT, SNAT) or "P[-Q]" (--to-ports) into the NAT rule. */
static bool nat_target(NcNat *t, const char *v, bool ports_only)
{
    char buf[NC_MAX_WORD];
    snprintf(buf, sizeof buf, "%s", v);
    char *ports = ports_only ? buf : strchr(buf, ':');
    if (ports && !ports_only)
        *ports++ = '\0';
    if (!ports_only && buf[0]) {
        char *dash = strchr(buf, '-');
        if (dash)
            *dash++ = '\0';
        int len;
        if (!nc_parse_ipv4(buf, strlen(buf), &t->addr_lo, &len) || len != 32 || strchr(buf, '/'))
            return false;
        t->addr_hi = t->addr_lo;
        if (dash && (!nc_parse_ipv4(dash, strlen(dash), &t->addr_hi, &len) || len != 32 || t->addr_hi < t->addr_lo))
            return false;
        t->set_addr = true;
    }
    if (ports) {
        if (!nc_parse_port_range(ports, '-', &t->port_lo, &t->port_hi))
            return false;
        t->set_port = true;
    }
    return ports_only || t->set_addr || t->set_port;
}

/* A rule of the nat table: PREROUTING and POSTROUTING rules with a translation (or accept/return, which
 * end the chain untranslated) become NAT rules; the rest is a note. */
static Status parse_nat_rule(Ipt *p, const NcWords *w, const char *s, size_t n)
{
    bool pre = !strcmp(w->w[1], "PREROUTING"), post = !strcmp(w->w[1], "POSTROUTING");
    const char *target = NULL;
    int ti = -1;
    for (int i = 2; i + 1 < w->n; i++)
        if (!strcmp(w->w[i], "-j") || !strcmp(w->w[i], "--jump"))
            target = w->w[ti = i + 1];
    NcNatKind kind = NC_NAT_NONE;
    bool note = false;
    if (!target || (!pre && !post))
        note = true; /* OUTPUT (the device's own packets), user chains */
    else if (!strcmp(target, "ACCEPT") || !strcmp(target, "RETURN"))
        kind = NC_NAT_NONE;
    else if (pre && !strcmp(target, "DNAT"))
        kind = NC_NAT_DNAT;
    else if (pre && !strcmp(target, "REDIRECT"))
        kind = NC_NAT_REDIRECT;
    else if (post && !strcmp(target, "SNAT"))
        kind = NC_NAT_SNAT;
    else if (post && !strcmp(target, "MASQUERADE"))
        kind = NC_NAT_MASQUERADE;
    else
        note = true; /* a jump to a user chain, NETMAP, …: not modelled, reported */
    if (note) {
        nc_note_add(p->rs, p->line, s, n);
        return ST_OK;
    }
    /* the rule's conditions without the target's options, read by the filter rule parser */
    NcWords *c = malloc(sizeof *c);
    if (!c)
        abort();
    c->n = 0;
    const char *to = NULL, *to_opt = NULL;
    for (int i = 0; i < w->n; i++) {
        const char *o = w->w[i];
        if ((!strcmp(o, "--to-destination") || !strcmp(o, "--to-source") || !strcmp(o, "--to-ports") ||
             !strcmp(o, "--to")) && i + 1 < w->n && i > ti) {
            if (to) {
                free(c);
                return unsupported(p, o); /* several ranges: round robin, not modelled */
            }
            to_opt = o;
            to = w->w[++i];
            continue;
        }
        if (i > ti && (!strcmp(o, "--random") || !strcmp(o, "--random-fully") || !strcmp(o, "--persistent")))
            continue; /* how a value of the range is chosen: any is modelled */
        snprintf(c->w[c->n++], NC_MAX_WORD, "%s", i == ti ? "ACCEPT" : o);
    }
    NcRuleset *keep = p->rs;
    p->rs = p->nat;
    Status st = parse_rule(p, c, s, n);
    p->rs = keep;
    free(c);
    if (st != ST_OK)
        return st;
    NcNat *t = nc_nat_take(p->nat, nc_chain_find(p->nat, w->w[1]), pre ? NC_NAT_PRE : NC_NAT_POST);
    t->kind = kind;
    bool ports_only = to_opt && !strcmp(to_opt, "--to-ports");
    if (kind == NC_NAT_MASQUERADE) {
        t->set_addr = true;
        t->addr_lo = 0;
        t->addr_hi = 0xffffffffu;
    }
    if ((kind == NC_NAT_DNAT || kind == NC_NAT_SNAT) && (!to || ports_only))
        return nc_fail(p->e, "netcheck_syntax", p->file, p->line, "%s に --to-%s がありません", "%s lacks --to-%s",
                       target, kind == NC_NAT_DNAT ? "destination" : "source");
    bool wants_ports = kind == NC_NAT_MASQUERADE || kind == NC_NAT_REDIRECT;
    if (to && (kind == NC_NAT_NONE || ports_only != wants_ports))
        return unsupported(p, to_opt);
    if (to && !nat_target(t, to, ports_only)) {
        char what[300];
        snprintf(what, sizeof what, "%s %s", to_opt, to);
        return unsupported(p, what);
    }
    return ST_OK;
}

static Status parse_line(Ipt *p, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n == 0 || s[0] == '#')
        return ST_OK;
    /* iptables-save -c writes "[packets:bytes]" before a rule */
    if (s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close)
            return unsupported(p, "[");
        n -= (size_t)(close + 1 - s);
        s = close + 1;
        while (n && *s == ' ')
            s++, n--;
    }
    NcWords *w = malloc(sizeof *w);
    if (!w)
        abort();
    Status st = ST_OK;
    if (!nc_split_words(s, n, w))
        st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "行が長すぎるか引用符が閉じていません",
                     "the line is too long or a quote is not closed");
    else if (w->w[0][0] == '*') {
        if (p->table[0])
            st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "COMMIT の前に次の表が始まっています",
                         "a table starts before COMMIT");
        else
            snprintf(p->table, sizeof p->table, "%s", w->w[0] + 1);
    } else if (strcmp(w->w[0], "COMMIT") == 0 && w->n == 1) {
        if (!p->table[0])
            st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "表の外の COMMIT です", "COMMIT outside a table");
        p->table[0] = '\0';
    } else if (!p->table[0])
        st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "表 (*filter など) の外の行です",
                     "a line outside a table (*filter or the like)");
    else if (strcmp(p->table, "nat") == 0 && w->w[0][0] == ':')
        ; /* the nat chains: their policy is always to accept untranslated */
    else if (strcmp(p->table, "nat") == 0 && (!strcmp(w->w[0], "-A") || !strcmp(w->w[0], "--append")) && w->n >= 2)
        st = parse_nat_rule(p, w, s, n);
    else if (strcmp(p->table, "filter") != 0)
        /* mangle, raw: outside the model, reported with the results */
        nc_note_add(p->rs, p->line, s, n);
    else if (w->w[0][0] == ':') {
        const char *name = w->w[0] + 1;
        if (w->n < 2 || !name[0])
            st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "チェインの宣言が不完全です",
                         "incomplete chain declaration");
        else if (nc_chain_find(p->rs, name) >= 0)
            st = nc_fail(p->e, "netcheck_syntax", p->file, p->line, "チェイン %s が二度宣言されています",
                         "chain %s is declared twice", name);
        else if (p->rs->n >= NC_MAX_CHAINS)
            st = nc_fail(p->e, "netcheck_too_many_rules", p->file, p->line, "チェインが上限 (%d) を超えています",
                         "more chains than the limit (%d)", NC_MAX_CHAINS);
        else {
            int c = nc_chain_add(p->rs, name);
            NcChain *ch = &p->rs->chains[c];
            if (strcmp(w->w[1], "-") != 0) {
                ch->base = true;
                ch->policy_line = p->line;
                if (strcmp(w->w[1], "ACCEPT") == 0)
                    ch->policy = NC_ACCEPT;
                else if (strcmp(w->w[1], "DROP") == 0)
                    ch->policy = NC_DROP;
                else
                    st = unsupported(p, w->w[1]);
                ch->forward = strcmp(name, "FORWARD") == 0;
            }
        }
    } else if ((strcmp(w->w[0], "-A") == 0 || strcmp(w->w[0], "--append") == 0) && w->n >= 2)
        st = parse_rule(p, w, s, n);
    else
        st = unsupported(p, w->w[0]);
    free(w);
    return st;
}

Status nc_parse_iptables(const char *file, const char *text, size_t n, NcRuleset **out, Err *e)
{
    Ipt p = {.rs = nc_ruleset_new(file, "iptables"), .nat = nc_ruleset_new(file, "iptables"), .file = file, .e = e};
    nc_chain_add(p.nat, "PREROUTING");
    nc_chain_add(p.nat, "POSTROUTING");
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        p.line++;
        if (memchr(text + i, '\0', len)) {
            nc_fail(e, "netcheck_syntax", file, p.line, "NUL 文字を含んでいます", "contains a NUL character");
            goto fail;
        }
        if (parse_line(&p, text + i, len) != ST_OK)
            goto fail;
        i += len + 1;
    }
    if (p.table[0]) {
        nc_fail(e, "netcheck_syntax", file, p.line, "表 %s が COMMIT で閉じられていません", "table %s lacks COMMIT",
                p.table);
        goto fail;
    }
    for (int st = 0; st < NC_NAT_STAGES; st++) { /* the NAT rules move to the result */
        p.rs->nat[st] = p.nat->nat[st];
        p.rs->n_nat[st] = p.nat->n_nat[st];
        p.rs->cap_nat[st] = p.nat->cap_nat[st];
        p.nat->nat[st] = NULL;
        p.nat->n_nat[st] = 0;
    }
    nc_ruleset_free(p.nat);
    *out = p.rs;
    return ST_OK;
fail:
    nc_ruleset_free(p.nat);
    nc_ruleset_free(p.rs);
    return ST_INVALID;
}
