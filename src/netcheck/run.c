/* run.c: a netcheck run into its result JSON (run.h). */
#include "netcheck/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/xmalloc.h"
#include "netcheck/check.h"
#include "netcheck/nat.h"

const char *nc_base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void labels(JsonWriter *w, const char *key, const char *ja, const char *en)
{
    jw_key(w, key);
    jw_object_begin(w);
    jw_key(w, "ja");
    jw_string(w, ja ? ja : "");
    jw_key(w, "en");
    jw_string(w, en ? en : (ja ? ja : ""));
    jw_object_end(w);
}

static void system_ref(JsonWriter *w, const char *key, const NcTopology *t, uint32_t addr)
{
    const NcSiteSystem *s = t ? nc_topology_system_at(t, addr) : NULL;
    jw_key(w, key);
    if (!s) {
        jw_null(w);
        return;
    }
    jw_object_begin(w);
    jw_key(w, "code");
    jw_string(w, s->code);
    jw_key(w, "name");
    jw_string(w, s->name ? s->name : s->code);
    jw_object_end(w);
}

/* Packet counts reach 2^128: written as %.17g (an exponent from 1e17) so that JSON readers holding
 * integers in 64 bits (jansson) read them as reals instead of refusing them. */
static void number(JsonWriter *w, double v)
{
    char num[64];
    snprintf(num, sizeof num, "%.17g", v);
    jw_raw(w, num, strlen(num));
}

static void packet(JsonWriter *w, const NcPacket *p, const NcTopology *t)
{
    char s[16], d[16];
    nc_format_ipv4(p->src, s);
    nc_format_ipv4(p->dst, d);
    char *text = nc_packet_describe(p);
    jw_object_begin(w);
    jw_key(w, "protocol");
    jw_int(w, p->proto);
    jw_key(w, "src");
    jw_string(w, s);
    jw_key(w, "dst");
    jw_string(w, d);
    jw_key(w, "sport");
    jw_int(w, p->sport);
    jw_key(w, "dport");
    jw_int(w, p->dport);
    jw_key(w, "text");
    jw_string(w, text);
    system_ref(w, "src_system", t, p->src);
    system_ref(w, "dst_system", t, p->dst);
    jw_object_end(w);
    free(text);
}

/* The NAT rules that translated a violation's packet on one hop, before the forward rules (destination
 * NAT) and after them (source NAT), as "nat_before"/"nat_after" lists when there are any. */
static void hop_nat(JsonWriter *w, const NcRuleset *rs, const NcHop *h)
{
    const int rules[2] = {h->nat_pre, h->nat_post};
    const char *keys[2] = {"nat_before", "nat_after"};
    for (int st = 0; st < 2; st++) {
        if (rules[st] < 0)
            continue;
        jw_key(w, keys[st]);
        jw_array_begin(w);
        char *d = nc_nat_describe(rs, st == 0 ? NC_NAT_PRE : NC_NAT_POST, rules[st]);
        jw_string(w, d);
        free(d);
        jw_array_end(w);
    }
}

static void trace(JsonWriter *w, const NcRuleset *rs, const NcTrace *t)
{
    jw_array_begin(w);
    for (size_t i = 0; i < t->n; i++) {
        char *d = nc_step_describe(rs, &t->steps[i]);
        jw_string(w, d);
        free(d);
    }
    jw_array_end(w);
}

static size_t hygiene(JsonWriter *w, const NcAnalysis *an, const char *device)
{
    size_t n;
    NcFinding *f = nc_hygiene(an, &n);
    const NcRuleset *rs = an->rs;
    for (size_t i = 0; i < n; i++) {
        NcStep s = {f[i].chain, f[i].rule};
        char *d = nc_step_describe(rs, &s);
        const NcRule *r = &rs->chains[f[i].chain].rules[f[i].rule];
        jw_object_begin(w);
        jw_key(w, "device");
        jw_string(w, device);
        jw_key(w, "file");
        jw_string(w, rs->file);
        jw_key(w, rs->line_is_handle ? "handle" : "line");
        jw_int(w, r->line);
        jw_key(w, "kind");
        jw_string(w, nc_hygiene_name(f[i].kind));
        jw_key(w, "rule");
        jw_string(w, d);
        jw_key(w, "covered_by");
        jw_array_begin(w);
        for (int k = 0; k < 3 && f[i].by[k] >= 0; k++)
            jw_int(w, rs->chains[f[i].chain].rules[f[i].by[k]].line);
        jw_array_end(w);
        jw_object_end(w);
        free(d);
    }
    free(f);
    return n;
}

static void device_json(JsonWriter *w, const char *name, const NcRuleset *rs)
{
    jw_object_begin(w);
    jw_key(w, "name");
    jw_string(w, name);
    jw_key(w, "file");
    jw_string(w, rs->file);
    jw_key(w, "vendor");
    jw_string(w, rs->vendor);
    jw_key(w, "rules");
    jw_int(w, (int64_t)rs->rule_count);
    jw_key(w, "notes");
    jw_array_begin(w);
    for (size_t i = 0; i < rs->n_notes; i++)
        jw_string(w, rs->notes[i]);
    jw_array_end(w);
    jw_object_end(w);
}

/* The zone a relay stands in: its system's, else the zone holding its first address ("" when none). */
static const char *relay_zone(const NcTopology *t, const NcRelay *r)
{
    for (size_t i = 0; r->system[0] && i < t->n_systems; i++)
        if (strcmp(t->systems[i].code, r->system) == 0)
            return t->systems[i].zone;
    for (int z = 0; r->addr.n && z < t->n_zones; z++)
        if (nc_set_contains(&t->zones[z].nets, r->addr.v[0].lo))
            return t->zones[z].id;
    return "";
}

/* A relay of the result: name, kind, system, zone (and its label), services ("tcp/25", "udp/500-4500"). */
static void relay_json(JsonWriter *w, const NcTopology *t, const NcMatrix *m, const NcRelay *r)
{
    jw_object_begin(w);
    jw_key(w, "name");
    jw_string(w, r->name);
    jw_key(w, "kind");
    jw_string(w, r->kind);
    jw_key(w, "system");
    if (r->system[0])
        jw_string(w, r->system);
    else
        jw_null(w);
    const char *zone = relay_zone(t, r);
    const NcZoneLabel *zl = zone[0] ? nc_matrix_zone(m, zone) : NULL;
    jw_key(w, "zone");
    if (zl)
        jw_string(w, zone);
    else
        jw_null(w);
    if (zl)
        labels(w, "zone_label", zl->ja, zl->en);
    jw_key(w, "services");
    jw_array_begin(w);
    for (size_t i = 0; i < r->n_svc; i++) {
        const NcService *sv = &r->svc[i];
        char text[64];
        char num[12];
        const char *name = nc_proto_name(sv->proto);
        if (!name) {
            snprintf(num, sizeof num, "%d", sv->proto);
            name = num;
        }
        if ((sv->proto == 6 || sv->proto == 17) && !(sv->lo == 0 && sv->hi == 65535))
            snprintf(text, sizeof text, sv->lo == sv->hi ? "%s/%u" : "%s/%u-%u", name, sv->lo, sv->hi);
        else
            snprintf(text, sizeof text, "%s", name);
        jw_string(w, text);
    }
    jw_array_end(w);
    jw_object_end(w);
}

static Status load_config(const NcFile *f, NcFormat fmt, NcRuleset **rs, NcAnalysis **an, Err *e)
{
    Status st = nc_parse(f->name, f->data, f->len, fmt, rs, e);
    if (st != ST_OK)
        return st;
    *an = nc_analysis_new(*rs, e);
    if (!*an) {
        nc_ruleset_free(*rs);
        *rs = NULL;
        return e->status;
    }
    return ST_OK;
}

/* Reads the topology, binds its systems and gives each device its configuration. */
static Status prepare(const NcRunInput *in, NcMatrix **m, NcTopology **t, Err *e)
{
    Status st = nc_matrix_load(in->matrix.name, in->matrix.data, in->matrix.len, m, e);
    if (st == ST_OK)
        st = nc_topology_load(in->topology.name, in->topology.data, in->topology.len, *m, t, e);
    if (st == ST_OK && in->systems)
        st = nc_topology_bind_systems(*t, in->systems, in->n_systems, e);
    if (st == ST_OK)
        st = nc_topology_finish(*t, *m, e);
    for (size_t i = 0; i < in->n_configs && st == ST_OK; i++) {
        NcDevice *d = NULL;
        for (size_t k = 0; k < (*t)->n_devices && !d; k++)
            if (strcmp(nc_base_name((*t)->devices[k].config), nc_base_name(in->configs[i].name)) == 0)
                d = &(*t)->devices[k];
        if (!d || d->rs)
            return err_setf(e, ST_INVALID, "netcheck_config_unmatched", "configs",
                            "%s はトポロジーのどの機器の config でもありません (または二度指定されています)",
                            "%s is not the config of any device of the topology (or given twice)", in->configs[i].name);
        st = load_config(&in->configs[i], in->format, &d->rs, &d->an, e);
    }
    for (size_t k = 0; st == ST_OK && k < (*t)->n_devices; k++)
        if (!(*t)->devices[k].rs)
            return err_setf(e, ST_INVALID, "netcheck_config_missing", "configs",
                            "機器 %s の設定ファイル %s が指定されていません", "the configuration %s of device %s is missing",
                            (*t)->devices[k].name, (*t)->devices[k].config);
    return st;
}

Status nc_run_check(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e)
{
    NcMatrix *m = NULL;
    NcTopology *t = NULL;
    memset(sum, 0, sizeof *sum);
    Status st = prepare(in, &m, &t, e);
    if (st != ST_OK) {
        nc_topology_free(t);
        nc_matrix_free(m);
        return st;
    }
    size_t nv;
    bool truncated;
    NcViolation *v = nc_check_zones(t, m, &nv, &truncated);
    const NcModel *model = nc_matrix_model(m, t->model);
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "kind");
    jw_string(&w, "check");
    jw_key(&w, "model");
    jw_string(&w, model->id);
    labels(&w, "model_label", model->ja, model->en);
    jw_key(&w, "topology");
    jw_string(&w, t->file);
    jw_key(&w, "matrix");
    jw_string(&w, in->matrix.name ? in->matrix.name : "");
    jw_key(&w, "devices");
    jw_array_begin(&w);
    for (size_t k = 0; k < t->n_devices; k++)
        device_json(&w, t->devices[k].name, t->devices[k].rs);
    jw_array_end(&w);
    jw_key(&w, "systems");
    jw_array_begin(&w);
    for (size_t k = 0; k < t->n_systems; k++) {
        const NcZoneLabel *z = nc_matrix_zone(m, t->systems[k].zone);
        jw_object_begin(&w);
        jw_key(&w, "code");
        jw_string(&w, t->systems[k].code);
        jw_key(&w, "name");
        jw_string(&w, t->systems[k].name);
        jw_key(&w, "zone");
        jw_string(&w, t->systems[k].zone);
        labels(&w, "zone_label", z->ja, z->en);
        jw_key(&w, "relay");
        if (t->systems[k].relay[0])
            jw_string(&w, t->systems[k].relay);
        else
            jw_null(&w);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    /* the relays the model's relay rules allow (第25条, 第26条2): the topology's and the systems' */
    jw_key(&w, "relays");
    jw_array_begin(&w);
    for (size_t k = 0; k < t->n_relays; k++)
        relay_json(&w, t, m, &t->relays[k]);
    jw_array_end(&w);
    jw_key(&w, "violations");
    jw_array_begin(&w);
    for (size_t i = 0; i < nv; i++) {
        const NcViolation *x = &v[i];
        const NcZoneLabel *zf = nc_matrix_zone(m, t->zones[x->from_zone].id), *zt = nc_matrix_zone(m, t->zones[x->to_zone].id);
        jw_object_begin(&w);
        jw_key(&w, "from");
        jw_string(&w, zf->id);
        labels(&w, "from_label", zf->ja, zf->en);
        jw_key(&w, "to");
        jw_string(&w, zt->id);
        labels(&w, "to_label", zt->ja, zt->en);
        jw_key(&w, "article");
        jw_string(&w, x->rule->article);
        labels(&w, "rule", x->rule->ja, x->rule->en);
        jw_key(&w, "witness");
        packet(&w, &x->witness, t);
        if (x->translated) { /* the witness after every NAT rule on the path */
            jw_key(&w, "delivered");
            packet(&w, &x->delivered, t);
        }
        jw_key(&w, "packets");
        number(&w, x->packets);
        jw_key(&w, "path");
        jw_array_begin(&w);
        for (int h = 0; h < x->n_hops; h++) {
            const NcDevice *d = &t->devices[x->hops[h].device];
            jw_object_begin(&w);
            jw_key(&w, "device");
            jw_string(&w, d->name);
            jw_key(&w, "in");
            jw_string(&w, x->hops[h].in);
            jw_key(&w, "out");
            jw_string(&w, x->hops[h].out);
            jw_key(&w, "rules");
            trace(&w, d->rs, &x->hops[h].trace);
            hop_nat(&w, d->rs, &x->hops[h]);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_key(&w, "truncated");
    jw_bool(&w, truncated);
    jw_key(&w, "hygiene");
    jw_array_begin(&w);
    for (size_t k = 0; in->hygiene && k < t->n_devices; k++)
        sum->findings += hygiene(&w, t->devices[k].an, t->devices[k].name);
    jw_array_end(&w);
    jw_object_end(&w);
    *json = jw_take(&w);
    sum->violations = nv;
    free(v);
    nc_topology_free(t);
    nc_matrix_free(m);
    return ST_OK;
}

Status nc_run_diff(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e)
{
    memset(sum, 0, sizeof *sum);
    if (in->n_configs != 2)
        return err_set(e, ST_INVALID, "netcheck_config_missing", "configs", "変更前と変更後の設定ファイルが必要です",
                       "the configuration before and after the change are needed");
    NcRuleset *rb = NULL, *ra = NULL;
    NcAnalysis *ab = NULL, *aa = NULL;
    Status st = load_config(&in->configs[0], in->format, &rb, &ab, e);
    if (st == ST_OK && (st = load_config(&in->configs[1], in->format, &ra, &aa, e)) != ST_OK) {
        nc_analysis_free(ab);
        nc_ruleset_free(rb);
    }
    if (st != ST_OK)
        return st;
    size_t n;
    NcDiffItem *v = nc_diff(ab, aa, &n);
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "kind");
    jw_string(&w, "diff");
    jw_key(&w, "devices");
    jw_array_begin(&w);
    device_json(&w, "before", rb);
    device_json(&w, "after", ra);
    jw_array_end(&w);
    jw_key(&w, "before");
    jw_string(&w, rb->file);
    jw_key(&w, "after");
    jw_string(&w, ra->file);
    jw_key(&w, "changes");
    jw_array_begin(&w);
    for (size_t i = 0; i < n; i++) {
        jw_object_begin(&w);
        jw_key(&w, "change");
        jw_string(&w, v[i].opened ? "opened" : "closed");
        jw_key(&w, "in");
        jw_string(&w, v[i].in);
        jw_key(&w, "out");
        jw_string(&w, v[i].out);
        jw_key(&w, "witness");
        packet(&w, &v[i].witness, NULL);
        jw_key(&w, "packets");
        number(&w, v[i].packets);
        jw_key(&w, "rules");
        trace(&w, v[i].opened ? ra : rb, &v[i].trace);
        jw_object_end(&w);
        if (v[i].opened)
            sum->opened++;
        else
            sum->closed++;
    }
    jw_array_end(&w);
    jw_key(&w, "hygiene");
    jw_array_begin(&w);
    if (in->hygiene)
        sum->findings = hygiene(&w, aa, "after");
    jw_array_end(&w);
    jw_object_end(&w);
    *json = jw_take(&w);
    free(v);
    nc_analysis_free(ab);
    nc_analysis_free(aa);
    nc_ruleset_free(rb);
    nc_ruleset_free(ra);
    return ST_OK;
}

Status nc_run_hygiene(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e)
{
    memset(sum, 0, sizeof *sum);
    NcRuleset **rs = xcalloc(in->n_configs ? in->n_configs : 1, sizeof *rs);
    NcAnalysis **an = xcalloc(in->n_configs ? in->n_configs : 1, sizeof *an);
    Status st = ST_OK;
    for (size_t i = 0; i < in->n_configs && st == ST_OK; i++)
        st = load_config(&in->configs[i], in->format, &rs[i], &an[i], e);
    if (st == ST_OK) {
        JsonWriter w = {0};
        jw_object_begin(&w);
        jw_key(&w, "kind");
        jw_string(&w, "hygiene");
        jw_key(&w, "devices");
        jw_array_begin(&w);
        for (size_t i = 0; i < in->n_configs; i++)
            device_json(&w, rs[i]->file, rs[i]);
        jw_array_end(&w);
        jw_key(&w, "hygiene");
        jw_array_begin(&w);
        for (size_t i = 0; i < in->n_configs; i++)
            sum->findings += hygiene(&w, an[i], rs[i]->file);
        jw_array_end(&w);
        jw_object_end(&w);
        *json = jw_take(&w);
    }
    for (size_t i = 0; i < in->n_configs; i++) {
        nc_analysis_free(an[i]);
        nc_ruleset_free(rs[i]);
    }
    free(an);
    free(rs);
    return st;
}
