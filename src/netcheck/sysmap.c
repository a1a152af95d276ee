/* sysmap.c: the link between a topology and the 情報システム台帳 (topology.h, "zone map"). The engine
 * sees only (code, name, zone) triples handed in by the caller; a topology's systems take their
 * register name and zone from them and their addresses join that zone, so a report can say
 * 住民基本台帳システム where the configuration says 10.1.2.0/24. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "netcheck/parse_util.h"
#include "netcheck/topology.h"

Status nc_topology_bind_systems(NcTopology *t, const NcSystemRef *refs, size_t n, Err *e)
{
    for (size_t i = 0; i < t->n_systems; i++) {
        NcSiteSystem *s = &t->systems[i];
        const NcSystemRef *r = NULL;
        for (size_t k = 0; k < n && !r; k++)
            if (refs[k].code && strcmp(refs[k].code, s->code) == 0)
                r = &refs[k];
        if (!r)
            return nc_fail(e, "netcheck_topology", t->file, s->line, "情報システム「%s」は情報システム台帳にありません",
                           "system \"%s\" is not in the system register", s->code);
        if (s->zone[0] && strcmp(s->zone, r->zone) != 0)
            return nc_fail(e, "netcheck_topology", t->file, s->line,
                           "情報システム「%s」の系がトポロジー (%s) と台帳 (%s) で違います",
                           "system \"%s\": the topology says zone %s, the register %s", s->code, s->zone, r->zone);
        if (strlen(r->zone) >= NC_ID)
            return nc_fail(e, "netcheck_topology", t->file, s->line, "情報システム「%s」の系が不正です",
                           "system \"%s\": bad zone", s->code);
        if (!s->relay[0] && r->relay && r->relay[0]) {
            if (strlen(r->relay) >= NC_ID)
                return nc_fail(e, "netcheck_topology", t->file, s->line, "情報システム「%s」の中継の種類が不正です",
                               "system \"%s\": bad relay kind", s->code);
            strcpy(s->relay, r->relay);
        }
        strcpy(s->zone, r->zone);
        free(s->name);
        s->name = xstrdup(r->name ? r->name : s->code);
    }
    return ST_OK;
}

/* Does a relay of `relays:` of this kind already hold all of the system's addresses? */
static bool relay_named(const NcTopology *t, const NcSiteSystem *s)
{
    for (size_t i = 0; i < t->n_relays; i++) {
        const NcRelay *r = &t->relays[i];
        if (strcmp(r->kind, s->relay) != 0 || r->system[0])
            continue;
        bool all = true;
        for (size_t k = 0; k < s->addr.n && all; k++) {
            bool in = false;
            for (size_t q = 0; q < r->addr.n && !in; q++)
                in = r->addr.v[q].lo <= s->addr.v[k].lo && s->addr.v[k].hi <= r->addr.v[q].hi;
            all = in;
        }
        if (all)
            return true;
    }
    return false;
}

/* A system with `relay:` joins the relays, after checking that the model's flows let its kind cross a
 * boundary of its zone. */
static Status relay_from_system(NcTopology *t, const NcMatrix *m, const NcSiteSystem *s, Err *e)
{
    const NcModel *model = nc_matrix_model(m, t->model);
    bool known = false, here = false;
    for (size_t i = 0; model && i < model->n; i++) {
        const NcFlowRule *r = &model->rules[i];
        bool kind = false;
        for (int k = 0; k < r->n_relays; k++)
            kind |= r->allow == NC_ALLOW_RELAYS && strcmp(r->relays[k], s->relay) == 0;
        known |= kind;
        here |= kind && (strcmp(r->from, s->zone) == 0 || strcmp(r->to, s->zone) == 0);
    }
    if (!known)
        return nc_fail(e, "netcheck_topology", t->file, s->line,
                       "中継の種類「%s」はこのモデルの系の規則にありません (情報システム「%s」)",
                       "relay kind \"%s\" is not one of this model's zone rules (system \"%s\")", s->relay, s->code);
    if (!here)
        return nc_fail(e, "netcheck_topology", t->file, s->line,
                       "情報システム「%s」は系「%s」にあり、%s の中継として系の境界をまたぐことはモデルにありません",
                       "system \"%s\" is in zone %s, where the model lets no %s relay cross a boundary", s->code,
                       s->zone, s->relay);
    if (relay_named(t, s))
        return ST_OK;
    t->relays = xrealloc(t->relays, (t->n_relays + 1) * sizeof *t->relays);
    NcRelay *r = &t->relays[t->n_relays++];
    memset(r, 0, sizeof *r);
    r->name = xstrdup(s->name);
    strcpy(r->kind, s->relay);
    strcpy(r->system, s->code);
    nc_set_copy(&r->addr, &s->addr);
    r->svc = xcalloc(s->n_svc, sizeof *r->svc);
    memcpy(r->svc, s->svc, s->n_svc * sizeof *r->svc);
    r->n_svc = s->n_svc;
    return ST_OK;
}

Status nc_topology_finish(NcTopology *t, const NcMatrix *m, Err *e)
{
    for (size_t i = 0; i < t->n_systems; i++) {
        NcSiteSystem *s = &t->systems[i];
        if (!s->zone[0])
            return nc_fail(e, "netcheck_topology", t->file, s->line,
                           "情報システム「%s」の系が分かりません (zone を書くか、台帳と照合してください)",
                           "system \"%s\": its zone is unknown (write zone, or check against the register)", s->code);
        if (!nc_matrix_zone(m, s->zone))
            return nc_fail(e, "netcheck_topology", t->file, s->line, "系「%s」は対策基準の系にありません",
                           "zone \"%s\" is not a zone of the policy", s->zone);
        if (!s->name)
            s->name = xstrdup(s->code);
        if (s->merged)
            continue;
        int z = nc_topology_zone(t, s->zone);
        if (z < 0) {
            if (t->n_zones >= NC_MAX_ZONES)
                return nc_fail(e, "netcheck_topology", t->file, s->line, "系が多すぎます%s", "too many zones%s", "");
            z = t->n_zones++;
            memset(&t->zones[z], 0, sizeof t->zones[z]);
            strcpy(t->zones[z].id, s->zone);
            t->zones[z].line = s->line;
        }
        nc_set_copy(&t->zones[z].nets, &s->addr);
        s->merged = true;
        if (s->relay[0] && s->n_svc == 0)
            return nc_fail(e, "netcheck_topology", t->file, s->line,
                           "情報システム「%s」は中継 (%s) です。中継するサービスを services に書いてください (例: [tcp/25])",
                           "system \"%s\" is a %s relay: write the services it relays (e.g. [tcp/25])", s->code, s->relay);
        if (!s->relay[0] && s->n_svc > 0)
            return nc_fail(e, "netcheck_topology", t->file, s->line,
                           "情報システム「%s」の services は中継の種類 (relay、または台帳の無害化中継の種類) とともに書きます%s",
                           "system \"%s\": services goes with a relay kind (relay, or the register's relay kind)%s",
                           s->code, "");
        Status st = s->relay[0] ? relay_from_system(t, m, s, e) : ST_OK;
        if (st != ST_OK)
            return st;
    }
    /* an NcSet without spans means "any address": a zone must have some */
    for (int z = 0; z < t->n_zones; z++)
        if (t->zones[z].nets.n == 0 && !t->zones[z].nets.neg)
            return nc_fail(e, "netcheck_topology", t->file, t->zones[z].line,
                           "系「%s」にアドレスがありません (zones にも systems にも)",
                           "zone \"%s\" has no addresses (neither in zones nor in systems)", t->zones[z].id);
    return ST_OK;
}

static uint64_t set_size(const NcSet *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += (uint64_t)s->v[i].hi - s->v[i].lo + 1;
    return n;
}

const NcSiteSystem *nc_topology_system_at(const NcTopology *t, uint32_t addr)
{
    const NcSiteSystem *best = NULL;
    uint64_t best_size = 0;
    for (size_t i = 0; i < t->n_systems; i++) {
        const NcSiteSystem *s = &t->systems[i];
        if (!nc_set_contains(&s->addr, addr))
            continue;
        uint64_t size = set_size(&s->addr);
        if (!best || size < best_size) {
            best = s;
            best_size = size;
        }
    }
    return best;
}
