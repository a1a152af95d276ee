/* eval.c: reduction of rule lists to packet sets, concrete traces and hygiene (eval.h). A chain is
 * reduced from its last rule to its first: after rule i, acc/drop are the packets the rest of the
 * chain accepts/drops, and the others return to the caller. */
#include "netcheck/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Longest call depth below chain c; -1 on a loop. colour: 0 new, 1 on the stack, 2 done. */
static int depth_below(const NcRuleset *rs, int c, int *colour, int *depth)
{
    if (colour[c] == 1)
        return -1;
    if (colour[c] == 2)
        return depth[c];
    colour[c] = 1;
    int d = 0;
    const NcChain *ch = &rs->chains[c];
    for (size_t i = 0; i < ch->n; i++) {
        const NcRule *r = &ch->rules[i];
        if (r->action != NC_JUMP && r->action != NC_GOTO)
            continue;
        int sub = depth_below(rs, r->target, colour, depth);
        if (sub < 0)
            return -1;
        if (sub + 1 > d)
            d = sub + 1;
    }
    colour[c] = 2;
    depth[c] = d;
    return d;
}

NcAnalysis *nc_analysis_new(const NcRuleset *rs, Err *e)
{
    nc_space_init();
    int *colour = xcalloc(rs->n + 1, sizeof *colour);
    int *depth = xcalloc(rs->n + 1, sizeof *depth);
    bool any_forward = false;
    for (size_t c = 0; c < rs->n; c++) {
        int d = depth_below(rs, (int)c, colour, depth);
        if (d < 0 || d > NC_MAX_JUMP_DEPTH) {
            free(colour);
            free(depth);
            if (d < 0)
                err_setf(e, ST_INVALID, "netcheck_chain_loop", "config", "%s: チェイン %s からの呼び出しが循環しています",
                         "%s: the calls from chain %s form a loop", rs->file, rs->chains[c].name);
            else
                err_setf(e, ST_INVALID, "netcheck_too_deep", "config",
                         "%s: チェイン %s からの呼び出しの深さが上限 (%d) を超えています",
                         "%s: calls from chain %s nest deeper than the limit (%d)", rs->file, rs->chains[c].name,
                         NC_MAX_JUMP_DEPTH);
            return NULL;
        }
        any_forward |= rs->chains[c].base && rs->chains[c].forward;
    }
    free(colour);
    free(depth);
    if (!any_forward) {
        err_setf(e, ST_INVALID, "netcheck_no_forward", "config",
                 "%s: 転送されるパケットを評価するチェイン (FORWARD など) がありません",
                 "%s: no chain evaluates forwarded packets (FORWARD or the like)", rs->file);
        return NULL;
    }
    NcAnalysis *a = xcalloc(1, sizeof *a);
    a->rs = rs;
    a->match = xcalloc(rs->n ? rs->n : 1, sizeof *a->match);
    for (size_t c = 0; c < rs->n; c++) {
        const NcChain *ch = &rs->chains[c];
        a->match[c] = xcalloc(ch->n ? ch->n : 1, sizeof **a->match);
        for (size_t i = 0; i < ch->n; i++)
            a->match[c][i] = ch->rules[i].established_only || ch->rules[i].not_ipv4 || ch->rules[i].dnat_only
                                 ? ps_none()
                                 : ps_rule(&ch->rules[i]);
    }
    bool dnat = false;
    for (size_t c = 0; c < rs->n; c++)
        for (size_t i = 0; i < rs->chains[c].n; i++)
            dnat |= rs->chains[c].rules[i].dnat_only;
    if (dnat) {
        a->match_dnat = xcalloc(rs->n, sizeof *a->match_dnat);
        for (size_t c = 0; c < rs->n; c++) {
            const NcChain *ch = &rs->chains[c];
            a->match_dnat[c] = xcalloc(ch->n ? ch->n : 1, sizeof **a->match_dnat);
            for (size_t i = 0; i < ch->n; i++)
                a->match_dnat[c][i] = ch->rules[i].dnat_only ? ps_rule(&ch->rules[i]) : ps_ref(a->match[c][i]);
        }
    }
    return a;
}

void nc_analysis_free(NcAnalysis *a)
{
    if (!a)
        return;
    for (size_t c = 0; c < a->rs->n; c++) {
        for (size_t i = 0; i < a->rs->chains[c].n; i++)
            ps_free(a->match[c][i]);
        free(a->match[c]);
        if (a->match_dnat) {
            for (size_t i = 0; i < a->rs->chains[c].n; i++)
                ps_free(a->match_dnat[c][i]);
            free(a->match_dnat[c]);
        }
    }
    free(a->match);
    free(a->match_dnat);
    free(a);
}

typedef struct Outcome {
    PSet acc, drop;
    bool done;
} Outcome;

typedef struct EvalCtx {
    const NcAnalysis *a;
    const char *in_if, *out_if;
    Outcome *memo;
} EvalCtx;

static void replace(PSet *slot, PSet v)
{
    ps_free(*slot);
    *slot = v;
}

static const Outcome *eval_chain(EvalCtx *x, int c);

/* Folds rule i (match m, interfaces already applied) into the suffix outcome (acc, drop). */
static void fold_rule(EvalCtx *x, const NcRule *r, PSet m, PSet *acc, PSet *drop)
{
    switch (r->action) {
    case NC_ACCEPT:
        replace(acc, ps_or(m, *acc));
        replace(drop, ps_diff(*drop, m));
        break;
    case NC_DROP:
        replace(drop, ps_or(m, *drop));
        replace(acc, ps_diff(*acc, m));
        break;
    case NC_RETURN:
        replace(acc, ps_diff(*acc, m));
        replace(drop, ps_diff(*drop, m));
        break;
    case NC_JUMP: {
        const Outcome *o = eval_chain(x, r->target);
        /* returning packets continue with the suffix */
        PSet decided = ps_or(o->acc, o->drop);
        PSet a2 = ps_ite(decided, o->acc, *acc);
        PSet d2 = ps_ite(decided, o->drop, *drop);
        ps_free(decided);
        replace(acc, ps_ite(m, a2, *acc));
        replace(drop, ps_ite(m, d2, *drop));
        ps_free(a2);
        ps_free(d2);
        break;
    }
    case NC_GOTO: {
        const Outcome *o = eval_chain(x, r->target);
        replace(acc, ps_ite(m, o->acc, *acc));
        replace(drop, ps_ite(m, o->drop, *drop));
        break;
    }
    case NC_CONTINUE:
        break;
    }
}

static const Outcome *eval_chain(EvalCtx *x, int c)
{
    Outcome *o = &x->memo[c];
    if (o->done)
        return o;
    const NcChain *ch = &x->a->rs->chains[c];
    PSet acc, drop;
    if (ch->base && ch->policy == NC_ACCEPT)
        acc = ps_all(), drop = ps_none();
    else if (ch->base && ch->policy == NC_DROP)
        acc = ps_none(), drop = ps_all();
    else
        acc = ps_none(), drop = ps_none();
    for (size_t k = ch->n; k-- > 0;) {
        const NcRule *r = &ch->rules[k];
        if (!nc_iface_matches(&r->in, x->in_if) || !nc_iface_matches(&r->out, x->out_if))
            continue;
        PSet m = x->a->match[c][k];
        if (ps_empty(m))
            continue;
        fold_rule(x, r, m, &acc, &drop);
    }
    if (ch->base) {
        /* what returns from a base chain (RETURN, or a goto'd chain running out) meets its policy */
        PSet decided = ps_or(acc, drop);
        PSet rest = ps_not(decided);
        ps_free(decided);
        if (ch->policy == NC_ACCEPT)
            replace(&acc, ps_or(acc, rest));
        else
            replace(&drop, ps_or(drop, rest));
        ps_free(rest);
    }
    o->acc = acc;
    o->drop = drop;
    o->done = true;
    return o;
}

PSet nc_permitted(const NcAnalysis *a, const char *in_if, const char *out_if)
{
    const NcRuleset *rs = a->rs;
    EvalCtx x = {a, in_if, out_if, xcalloc(rs->n ? rs->n : 1, sizeof(Outcome))};
    PSet result = ps_all();
    for (size_t c = 0; c < rs->n; c++) {
        if (!rs->chains[c].base || !rs->chains[c].forward)
            continue;
        const Outcome *o = eval_chain(&x, (int)c);
        replace(&result, ps_and(result, o->acc));
    }
    for (size_t c = 0; c < rs->n; c++)
        if (x.memo[c].done) {
            ps_free(x.memo[c].acc);
            ps_free(x.memo[c].drop);
        }
    free(x.memo);
    return result;
}

PSet nc_permitted_nat(const NcAnalysis *a, const char *in_if, const char *out_if, bool dnat)
{
    if (!dnat || !a->match_dnat)
        return nc_permitted(a, in_if, out_if);
    NcAnalysis t = *a;
    t.match = a->match_dnat;
    return nc_permitted(&t, in_if, out_if);
}

typedef enum Verdict3 { V_ACCEPT, V_DROP, V_RETURN } Verdict3;

static bool matches(const NcRule *r, const NcPacket *p, const char *in_if, const char *out_if, bool dnat)
{
    if (!r->dnat_only)
        return nc_rule_matches(r, p, in_if, out_if);
    NcRule plain = *r;
    plain.dnat_only = false;
    return dnat && nc_rule_matches(&plain, p, in_if, out_if);
}

static void push(NcTrace *t, int c, int r)
{
    if (t->n < NC_MAX_TRACE) {
        t->steps[t->n].chain = c;
        t->steps[t->n].rule = r;
        t->n++;
    }
}

static Verdict3 walk(const NcRuleset *rs, int c, const NcPacket *p, const char *in_if, const char *out_if,
                     NcTrace *t, int depth, bool dnat)
{
    const NcChain *ch = &rs->chains[c];
    for (size_t k = 0; k < ch->n; k++) {
        const NcRule *r = &ch->rules[k];
        if (!matches(r, p, in_if, out_if, dnat))
            continue;
        size_t mark = t->n;
        switch (r->action) {
        case NC_ACCEPT:
            push(t, c, (int)k);
            return V_ACCEPT;
        case NC_DROP:
            push(t, c, (int)k);
            return V_DROP;
        case NC_RETURN:
            return V_RETURN;
        case NC_JUMP:
        case NC_GOTO: {
            if (depth >= NC_MAX_JUMP_DEPTH)
                return V_DROP; /* unreachable: nc_analysis_new refuses deeper graphs */
            push(t, c, (int)k);
            Verdict3 v = walk(rs, r->target, p, in_if, out_if, t, depth + 1, dnat);
            if (v != V_RETURN)
                return v;
            t->n = mark;
            if (r->action == NC_GOTO)
                return V_RETURN;
            break;
        }
        case NC_CONTINUE:
            break;
        }
    }
    return V_RETURN;
}

void nc_trace(const NcRuleset *rs, const NcPacket *p, const char *in_if, const char *out_if, NcTrace *t)
{
    nc_trace_nat(rs, p, in_if, out_if, false, t);
}

void nc_trace_nat(const NcRuleset *rs, const NcPacket *p, const char *in_if, const char *out_if, bool dnat, NcTrace *t)
{
    t->n = 0;
    t->accepted = true;
    for (size_t c = 0; c < rs->n && t->accepted; c++) {
        const NcChain *ch = &rs->chains[c];
        if (!ch->base || !ch->forward)
            continue;
        Verdict3 v = walk(rs, (int)c, p, in_if, out_if, t, 0, dnat);
        if (v == V_RETURN) {
            push(t, (int)c, -1);
            v = ch->policy == NC_ACCEPT ? V_ACCEPT : V_DROP;
        }
        t->accepted = v == V_ACCEPT;
    }
}

char *nc_step_describe(const NcRuleset *rs, const NcStep *s)
{
    const NcChain *ch = &rs->chains[s->chain];
    if (s->rule < 0 && rs->line_is_handle)
        return xasprintf("%s: chain %s policy %s", rs->file, ch->name, ch->policy == NC_ACCEPT ? "accept" : "drop");
    if (s->rule < 0 && ch->policy_line == 0)
        return xasprintf("%s: %s: %s", rs->file, ch->name,
                         ch->policy == NC_ACCEPT ? "implicit permit (暗黙の許可)" : "implicit deny (暗黙の拒否)");
    if (s->rule < 0)
        return xasprintf("%s:%d: %s policy %s", rs->file, ch->policy_line, ch->name,
                         ch->policy == NC_ACCEPT ? "accept" : "drop");
    const NcRule *r = &ch->rules[s->rule];
    if (rs->line_is_handle)
        return xasprintf("%s: handle %d: %s", rs->file, r->line, r->text);
    return xasprintf("%s:%d: %s", rs->file, r->line, r->text);
}

const char *nc_hygiene_name(NcHygieneKind k)
{
    switch (k) {
    case NC_H_NEVER: return "never_matches";
    case NC_H_SHADOWED: return "shadowed";
    case NC_H_REDUNDANT: return "redundant";
    case NC_H_ANY_ANY: return "any_any";
    }
    return "?";
}

static bool iface_covers(const NcIface *earlier, const NcIface *later)
{
    return !earlier->name[0] || (earlier->neg == later->neg && strcmp(earlier->name, later->name) == 0);
}

static bool terminates(NcAction a)
{
    return a == NC_ACCEPT || a == NC_DROP || a == NC_RETURN || a == NC_GOTO;
}

/* Earlier rules of the same chain whose conditions cover rule i's interfaces, kept as unions per
 * interface signature so each rule costs a few BDD operations, not one per earlier rule. */
typedef struct Cover {
    NcIface in, out;
    PSet same[4]; /* union of matches per action class: accept, drop, return/goto */
} Cover;

static int action_class(NcAction a)
{
    return a == NC_ACCEPT ? 0 : a == NC_DROP ? 1 : 2;
}

static void add_finding(NcFinding **v, size_t *n, size_t *cap, NcHygieneKind k, int c, int r)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    NcFinding *f = &(*v)[(*n)++];
    f->kind = k;
    f->chain = c;
    f->rule = r;
    f->by[0] = f->by[1] = f->by[2] = -1;
}

NcFinding *nc_hygiene(const NcAnalysis *a, size_t *n_out)
{
    const NcRuleset *rs = a->rs;
    NcFinding *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t c = 0; c < rs->n; c++) {
        const NcChain *ch = &rs->chains[c];
        Cover *cov = NULL;
        size_t ncov = 0, capcov = 0;
        for (size_t i = 0; i < ch->n; i++) {
            const NcRule *r = &ch->rules[i];
            if (r->established_only || r->not_ipv4 || r->dnat_only)
                continue;
            PSet m = a->match[c][i];
            if (ps_empty(m)) {
                if (!r->implicit)
                    add_finding(&v, &n, &cap, NC_H_NEVER, (int)c, (int)i);
                continue;
            }
            bool loopback = strcmp(r->in.name, "lo") == 0 || strcmp(r->out.name, "lo") == 0;
            if (r->action == NC_ACCEPT && !loopback && nc_set_is_any(&r->src) && nc_set_is_any(&r->dst) &&
                nc_set_is_any(&r->proto) && nc_set_is_any(&r->sport) && nc_set_is_any(&r->dport))
                add_finding(&v, &n, &cap, NC_H_ANY_ANY, (int)c, (int)i);
            /* packets earlier terminating rules take, by verdict class */
            PSet by_class[3] = {ps_none(), ps_none(), ps_none()};
            for (size_t k = 0; k < ncov; k++)
                if (iface_covers(&cov[k].in, &r->in) && iface_covers(&cov[k].out, &r->out))
                    for (int q = 0; q < 3; q++)
                        replace(&by_class[q], ps_or(by_class[q], cov[k].same[q]));
            PSet all = ps_or(by_class[0], by_class[1]);
            replace(&all, ps_or(all, by_class[2]));
            if (ps_subset(m, all) && !r->implicit) {
                int mine = action_class(r->action);
                bool same_only = terminates(r->action) && mine < 2 && ps_subset(m, by_class[mine]);
                add_finding(&v, &n, &cap, same_only ? NC_H_REDUNDANT : NC_H_SHADOWED, (int)c, (int)i);
                NcFinding *f = &v[n - 1];
                int found = 0;
                for (size_t j = i; j-- > 0 && found < 3;) {
                    const NcRule *e = &ch->rules[j];
                    if (!terminates(e->action) || e->established_only || e->not_ipv4 || e->dnat_only || !iface_covers(&e->in, &r->in) ||
                        !iface_covers(&e->out, &r->out))
                        continue;
                    PSet o = ps_and(m, a->match[c][j]);
                    if (!ps_empty(o))
                        f->by[found++] = (int)j;
                    ps_free(o);
                }
            }
            ps_free(all);
            for (int q = 0; q < 3; q++)
                ps_free(by_class[q]);
            if (!terminates(r->action))
                continue;
            size_t k = 0;
            while (k < ncov && !(cov[k].in.neg == r->in.neg && strcmp(cov[k].in.name, r->in.name) == 0 &&
                                 cov[k].out.neg == r->out.neg && strcmp(cov[k].out.name, r->out.name) == 0))
                k++;
            if (k == ncov) {
                if (ncov == capcov) {
                    capcov = capcov ? capcov * 2 : 4;
                    cov = xrealloc(cov, capcov * sizeof *cov);
                }
                memset(&cov[ncov], 0, sizeof *cov);
                cov[ncov].in = r->in;
                cov[ncov].out = r->out;
                for (int q = 0; q < 4; q++)
                    cov[ncov].same[q] = ps_none();
                ncov++;
            }
            int q = action_class(r->action);
            replace(&cov[k].same[q], ps_or(cov[k].same[q], m));
        }
        for (size_t k = 0; k < ncov; k++)
            for (int q = 0; q < 4; q++)
                ps_free(cov[k].same[q]);
        free(cov);
    }
    *n_out = n;
    return v;
}
