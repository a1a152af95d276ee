/* topology.c: loading and validating the zone matrix and a site topology (topology.h) with libyaml's
 * document API. Unknown keys are errors, like everywhere in lgsec's YAML. */
#include "netcheck/topology.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/xmalloc.h"
#include "netcheck/parse_util.h"

typedef struct Y {
    yaml_document_t doc;
    const char *file;
    Err *e;
} Y;

static int line_of(yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

static Status fail(Y *y, yaml_node_t *n, const char *ja, const char *en, const char *what)
{
    return nc_fail(y->e, "netcheck_topology", y->file, line_of(n), ja, en, what ? what : "");
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Checks every key of mapping n is in allowed (NULL-terminated). */
static Status keys_known(Y *y, yaml_node_t *n, const char *const *allowed)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail(y, n, "マッピング (キー: 値) が必要です%s", "a mapping (key: value) is needed%s", "");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = scalar(yaml_document_get_node(&y->doc, p->key));
        bool ok = false;
        for (int i = 0; k && allowed[i]; i++)
            ok |= strcmp(k, allowed[i]) == 0;
        if (!ok)
            return fail(y, yaml_document_get_node(&y->doc, p->key), "知らないキー「%s」です", "unknown key \"%s\"",
                        k ? k : "?");
    }
    return ST_OK;
}

static yaml_node_t *get(Y *y, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(yaml_document_get_node(&y->doc, p->key));
        if (k && strcmp(k, key) == 0)
            return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

static Status need_id(Y *y, yaml_node_t *n, const char *key, char *out)
{
    const char *s = scalar(n);
    if (!s || !*s || strlen(s) >= NC_ID)
        return fail(y, n, "%s には短い名前 (英数字) が必要です", "%s needs a short identifier", key);
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' ||
              (*c >= 'A' && *c <= 'Z')))
            return fail(y, n, "%s は英数字と _ - で書いてください", "%s takes letters, digits, _ and -", key);
    snprintf(out, NC_ID, "%s", s);
    return ST_OK;
}

static char *text_or(yaml_node_t *n, const char *dflt)
{
    const char *s = scalar(n);
    return xstrdup(s ? s : dflt);
}

static Status open_doc(Y *y, const char *text, size_t n)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    if (!yaml_parser_load(&parser, &y->doc)) {
        Status st = nc_fail(y->e, "netcheck_topology", y->file, (int)parser.problem_mark.line + 1,
                            "YAML として読めません (%s)", "not valid YAML (%s)", parser.problem ? parser.problem : "?");
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_parser_delete(&parser);
    if (!yaml_document_get_root_node(&y->doc)) {
        yaml_document_delete(&y->doc);
        return nc_fail(y->e, "netcheck_topology", y->file, 1, "空のファイルです", "the file is empty");
    }
    return ST_OK;
}

static size_t seq_len(yaml_node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static yaml_node_t *seq_at(Y *y, yaml_node_t *n, size_t i)
{
    return yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]);
}

/* ---- the zone matrix ---- */

static Status load_flow(Y *y, yaml_node_t *n, const NcMatrix *m, NcFlowRule *r)
{
    static const char *const keys[] = {"from", "to", "allow", "relays", "article", "ja", "en", NULL};
    r->line = line_of(n);
    if (keys_known(y, n, keys) != ST_OK)
        return ST_INVALID;
    if (need_id(y, get(y, n, "from"), "from", r->from) != ST_OK || need_id(y, get(y, n, "to"), "to", r->to) != ST_OK)
        return ST_INVALID;
    if (!nc_matrix_zone(m, r->from) || !nc_matrix_zone(m, r->to) || strcmp(r->from, r->to) == 0)
        return fail(y, n, "from/to は zones にある別々の系でなければなりません%s", "from/to must be two zones of zones%s", "");
    const char *allow = scalar(get(y, n, "allow"));
    if (!allow)
        return fail(y, n, "allow (none | specified | relays | any) が必要です%s", "allow (none | specified | relays | any) is needed%s", "");
    r->allow = !strcmp(allow, "none") ? NC_ALLOW_NONE : !strcmp(allow, "specified") ? NC_ALLOW_SPECIFIED
             : !strcmp(allow, "relays") ? NC_ALLOW_RELAYS : !strcmp(allow, "any") ? NC_ALLOW_ANY : -1;
    if ((int)r->allow < 0)
        return fail(y, get(y, n, "allow"), "allow は none, specified, relays, any のどれかです (「%s」)",
                    "allow is one of none, specified, relays, any (\"%s\")", allow);
    yaml_node_t *rl = get(y, n, "relays");
    if ((r->allow == NC_ALLOW_RELAYS) != (rl != NULL) || (rl && (seq_len(rl) == 0 || seq_len(rl) > 8)))
        return fail(y, n, "relays (1〜8 個の中継の種類) は allow: relays のときだけ書きます%s",
                    "relays (1-8 relay kinds) goes with allow: relays only%s", "");
    for (size_t i = 0; i < seq_len(rl); i++)
        if (need_id(y, seq_at(y, rl, i), "relays", r->relays[r->n_relays++]) != ST_OK)
            return ST_INVALID;
    const char *art = scalar(get(y, n, "article"));
    if (!art || strncmp(art, "第", strlen("第")) != 0 || strlen(art) >= sizeof r->article)
        return fail(y, n, "article (例: 第24条(1)) が必要です%s", "article (e.g. 第24条(1)) is needed%s", "");
    snprintf(r->article, sizeof r->article, "%s", art);
    r->ja = text_or(get(y, n, "ja"), "");
    r->en = text_or(get(y, n, "en"), "");
    return ST_OK;
}

Status nc_matrix_load(const char *file, const char *text, size_t n, NcMatrix **out, Err *e)
{
    Y y = {.file = file, .e = e};
    if (open_doc(&y, text, n) != ST_OK)
        return ST_INVALID;
    NcMatrix *m = xcalloc(1, sizeof *m);
    yaml_node_t *root = yaml_document_get_root_node(&y.doc);
    static const char *const top[] = {"zones", "models", NULL};
    static const char *const label_keys[] = {"ja", "en", NULL};
    static const char *const model_keys[] = {"ja", "en", "flows", NULL};
    Status st = keys_known(&y, root, top);
    yaml_node_t *zones = get(&y, root, "zones"), *models = get(&y, root, "models");
    if (st == ST_OK && (!zones || zones->type != YAML_MAPPING_NODE || !models || models->type != YAML_MAPPING_NODE))
        st = fail(&y, root, "zones と models が必要です%s", "zones and models are needed%s", "");
    for (yaml_node_pair_t *p = st == ST_OK ? zones->data.mapping.pairs.start : NULL;
         p && p < zones->data.mapping.pairs.top && st == ST_OK; p++) {
        if (m->n_zones >= NC_MAX_ZONES) {
            st = fail(&y, zones, "系が多すぎます%s", "too many zones%s", "");
            break;
        }
        NcZoneLabel *z = &m->zones[m->n_zones];
        yaml_node_t *v = yaml_document_get_node(&y.doc, p->value);
        if ((st = need_id(&y, yaml_document_get_node(&y.doc, p->key), "zones", z->id)) != ST_OK ||
            (st = keys_known(&y, v, label_keys)) != ST_OK)
            break;
        z->line = line_of(yaml_document_get_node(&y.doc, p->key));
        z->ja = text_or(get(&y, v, "ja"), z->id);
        z->en = text_or(get(&y, v, "en"), z->id);
        m->n_zones++;
    }
    size_t nm = st == ST_OK ? (size_t)(models->data.mapping.pairs.top - models->data.mapping.pairs.start) : 0;
    m->models = xcalloc(nm ? nm : 1, sizeof *m->models);
    for (size_t i = 0; i < nm && st == ST_OK; i++) {
        yaml_node_pair_t *p = &models->data.mapping.pairs.start[i];
        NcModel *md = &m->models[m->n_models];
        yaml_node_t *v = yaml_document_get_node(&y.doc, p->value);
        if ((st = need_id(&y, yaml_document_get_node(&y.doc, p->key), "models", md->id)) != ST_OK ||
            (st = keys_known(&y, v, model_keys)) != ST_OK)
            break;
        m->n_models++;
        md->line = line_of(yaml_document_get_node(&y.doc, p->key));
        md->ja = text_or(get(&y, v, "ja"), md->id);
        md->en = text_or(get(&y, v, "en"), md->id);
        yaml_node_t *flows = get(&y, v, "flows");
        size_t nf = seq_len(flows);
        if (nf == 0 || nf > NC_MAX_TOPO_ITEMS) {
            st = fail(&y, v, "flows (規則の並び) が必要です%s", "flows (a list of rules) is needed%s", "");
            break;
        }
        md->rules = xcalloc(nf, sizeof *md->rules);
        for (size_t k = 0; k < nf && st == ST_OK; k++) {
            st = load_flow(&y, seq_at(&y, flows, k), m, &md->rules[md->n]);
            md->n++;
            for (size_t q = 0; q + 1 < md->n && st == ST_OK; q++)
                if (!strcmp(md->rules[q].from, md->rules[k].from) && !strcmp(md->rules[q].to, md->rules[k].to))
                    st = fail(&y, seq_at(&y, flows, k), "%s の規則が二つあります", "two rules for the same pair in %s", md->id);
        }
    }
    yaml_document_delete(&y.doc);
    if (st != ST_OK) {
        nc_matrix_free(m);
        return ST_INVALID;
    }
    *out = m;
    return ST_OK;
}

void nc_matrix_free(NcMatrix *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_zones; i++) {
        free(m->zones[i].ja);
        free(m->zones[i].en);
    }
    for (size_t i = 0; i < m->n_models; i++) {
        for (size_t k = 0; k < m->models[i].n; k++) {
            free(m->models[i].rules[k].ja);
            free(m->models[i].rules[k].en);
        }
        free(m->models[i].rules);
        free(m->models[i].ja);
        free(m->models[i].en);
    }
    free(m->models);
    free(m);
}

const NcModel *nc_matrix_model(const NcMatrix *m, const char *id)
{
    for (size_t i = 0; i < m->n_models; i++)
        if (strcmp(m->models[i].id, id) == 0)
            return &m->models[i];
    return NULL;
}

const NcZoneLabel *nc_matrix_zone(const NcMatrix *m, const char *id)
{
    for (int i = 0; i < m->n_zones; i++)
        if (strcmp(m->zones[i].id, id) == 0)
            return &m->zones[i];
    return NULL;
}

/* ---- a site topology ---- */

bool nc_service_parse(const char *s, NcService *out)
{
    const char *slash = strchr(s, '/');
    size_t pn = slash ? (size_t)(slash - s) : strlen(s);
    int proto = nc_proto_number(s, pn);
    if (proto < 0)
        return false;
    out->proto = proto;
    out->lo = 0;
    out->hi = 65535;
    if (!slash)
        return true;
    if (proto != 6 && proto != 17)
        return false;
    return nc_parse_port_range(slash + 1, '-', &out->lo, &out->hi);
}

static Status load_services(Y *y, yaml_node_t *n, NcService **v, size_t *count)
{
    size_t k = seq_len(n);
    if (k == 0 || k > 64)
        return fail(y, n, "services (例: [tcp/25]) が必要です%s", "services (e.g. [tcp/25]) are needed%s", "");
    *v = xcalloc(k, sizeof **v);
    for (size_t i = 0; i < k; i++) {
        const char *s = scalar(seq_at(y, n, i));
        if (!s || !nc_service_parse(s, &(*v)[i]))
            return fail(y, seq_at(y, n, i), "サービス「%s」は tcp/25 や udp/500-4500 の形で書いてください",
                        "write service \"%s\" as tcp/25 or udp/500-4500", s ? s : "?");
        (*count)++;
    }
    return ST_OK;
}

static Status load_addresses_or_none(Y *y, yaml_node_t *n, NcSet *set, bool may_be_empty)
{
    size_t k = seq_len(n);
    if (may_be_empty && k == 0 && n && n->type == YAML_SEQUENCE_NODE)
        return ST_OK;
    if (k == 0 || k > NC_MAX_TOPO_ITEMS)
        return fail(y, n, "アドレスの並び (例: [10.1.0.0/16]) が必要です%s", "a list of addresses (e.g. [10.1.0.0/16]) is needed%s", "");
    for (size_t i = 0; i < k; i++) {
        const char *s = scalar(seq_at(y, n, i));
        uint32_t a;
        int len;
        if (!s || !nc_parse_ipv4(s, strlen(s), &a, &len))
            return fail(y, seq_at(y, n, i), "「%s」は IPv4 アドレスではありません", "\"%s\" is not an IPv4 address", s ? s : "?");
        nc_set_add_prefix(set, a, len);
    }
    return ST_OK;
}

static Status load_addresses(Y *y, yaml_node_t *n, NcSet *set)
{
    return load_addresses_or_none(y, n, set, false);
}

/* The topology's `systems:`: {code, addresses, name?, zone?} each (sysmap.c binds them). */
static Status load_systems(Y *y, yaml_node_t *sys, const NcMatrix *m, NcTopology *t)
{
    size_t k = seq_len(sys);
    if (sys && (sys->type != YAML_SEQUENCE_NODE || k > NC_MAX_TOPO_ITEMS))
        return fail(y, sys, "systems は情報システムの並びです%s", "systems is a list of information systems%s", "");
    t->systems = xcalloc(k ? k : 1, sizeof *t->systems);
    for (size_t i = 0; i < k; i++) {
        static const char *const keys[] = {"code", "name", "zone", "addresses", "relay", "services", NULL};
        yaml_node_t *r = seq_at(y, sys, i);
        NcSiteSystem *s = &t->systems[t->n_systems++];
        s->line = line_of(r);
        if (keys_known(y, r, keys) != ST_OK || need_id(y, get(y, r, "code"), "code", s->code) != ST_OK)
            return ST_INVALID;
        for (size_t q = 0; q + 1 < t->n_systems; q++)
            if (strcmp(t->systems[q].code, s->code) == 0)
                return fail(y, r, "情報システム「%s」が重複しています", "system \"%s\" appears twice", s->code);
        if (get(y, r, "name"))
            s->name = text_or(get(y, r, "name"), "");
        yaml_node_t *z = get(y, r, "zone");
        if (z && need_id(y, z, "zone", s->zone) != ST_OK)
            return ST_INVALID;
        if (z && !nc_matrix_zone(m, s->zone))
            return fail(y, z, "系「%s」は対策基準の系にありません", "zone \"%s\" is not a zone of the policy", s->zone);
        if (load_addresses(y, get(y, r, "addresses"), &s->addr) != ST_OK)
            return ST_INVALID;
        yaml_node_t *relay = get(y, r, "relay"), *svc = get(y, r, "services");
        /* services without relay: the kind may come from the register (nc_topology_bind_systems);
         * nc_topology_finish refuses a kind without services and services without a kind */
        if (relay && need_id(y, relay, "relay", s->relay) != ST_OK)
            return ST_INVALID;
        if ((relay || svc) && load_services(y, svc, &s->svc, &s->n_svc) != ST_OK)
            return ST_INVALID;
    }
    return ST_OK;
}

int nc_topology_zone(const NcTopology *t, const char *id)
{
    for (int i = 0; i < t->n_zones; i++)
        if (strcmp(t->zones[i].id, id) == 0)
            return i;
    return -1;
}

static Status load_device(Y *y, yaml_node_t *n, NcTopology *t, NcDevice *d)
{
    static const char *const keys[] = {"name", "config", "interfaces", NULL};
    if (keys_known(y, n, keys) != ST_OK)
        return ST_INVALID;
    const char *name = scalar(get(y, n, "name")), *config = scalar(get(y, n, "config"));
    if (!name || !*name || !config || !*config)
        return fail(y, n, "機器には name と config が必要です%s", "a device needs name and config%s", "");
    d->name = xstrdup(name);
    d->config = xstrdup(config);
    yaml_node_t *ifs = get(y, n, "interfaces");
    if (!ifs || ifs->type != YAML_MAPPING_NODE)
        return fail(y, n, "interfaces (インターフェース: 系) が必要です%s", "interfaces (interface: zone) are needed%s", "");
    size_t k = (size_t)(ifs->data.mapping.pairs.top - ifs->data.mapping.pairs.start);
    if (k == 0 || k > NC_MAX_TOPO_ITEMS)
        return fail(y, ifs, "interfaces が空か多すぎます%s", "interfaces is empty or too long%s", "");
    d->ifs = xcalloc(k, sizeof *d->ifs);
    for (size_t i = 0; i < k; i++) {
        yaml_node_pair_t *p = &ifs->data.mapping.pairs.start[i];
        const char *ifn = scalar(yaml_document_get_node(&y->doc, p->key));
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        NcBinding *b = &d->ifs[d->n_ifs++];
        b->zone = b->peer_device = -1;
        if (!ifn || !*ifn || strlen(ifn) >= sizeof b->iface)
            return fail(y, v, "インターフェース名が不正です%s", "bad interface name%s", "");
        snprintf(b->iface, sizeof b->iface, "%s", ifn);
        const char *z = scalar(v);
        if (z) {
            b->zone = nc_topology_zone(t, z);
            if (b->zone < 0)
                return fail(y, v, "系「%s」は zones にありません", "zone \"%s\" is not in zones", z);
            continue;
        }
        static const char *const link_keys[] = {"to", NULL};
        const char *to = scalar(get(y, v, "to"));
        if (keys_known(y, v, link_keys) != ST_OK)
            return ST_INVALID;
        const char *dot = to ? strrchr(to, '.') : NULL;
        if (!dot || dot == to || !dot[1] || strlen(dot + 1) >= sizeof b->peer_iface)
            return fail(y, v, "to は 機器名.インターフェース の形で書いてください%s", "write to as DEVICE.INTERFACE%s", "");
        /* the peer device is resolved once every device is read (resolve_links) */
        snprintf(b->peer_iface, sizeof b->peer_iface, "%s", dot + 1);
    }
    return ST_OK;
}

/* Resolves "to: DEVICE.IF" links once every device is read. */
static Status resolve_links(Y *y, yaml_node_t *devs, NcTopology *t)
{
    for (size_t i = 0; i < t->n_devices; i++) {
        yaml_node_t *ifs = get(y, seq_at(y, devs, i), "interfaces");
        for (size_t k = 0; k < t->devices[i].n_ifs; k++) {
            NcBinding *b = &t->devices[i].ifs[k];
            if (b->zone >= 0)
                continue;
            yaml_node_t *v = yaml_document_get_node(&y->doc, ifs->data.mapping.pairs.start[k].value);
            const char *to = scalar(get(y, v, "to"));
            size_t dn = (size_t)strrchr(to, '.') - (size_t)to;
            b->peer_device = -1;
            for (size_t q = 0; q < t->n_devices; q++)
                if (q != i && strlen(t->devices[q].name) == dn && strncmp(t->devices[q].name, to, dn) == 0)
                    b->peer_device = (int)q;
            if (b->peer_device < 0)
                return fail(y, v, "機器「%s」は devices にありません", "device \"%s\" is not in devices", to);
            const NcDevice *peer = &t->devices[b->peer_device];
            bool has = false;
            for (size_t q = 0; q < peer->n_ifs; q++)
                has |= strcmp(peer->ifs[q].iface, b->peer_iface) == 0;
            if (!has)
                return fail(y, v, "「%s」のインターフェースがありません", "\"%s\": no such interface", to);
        }
    }
    return ST_OK;
}

Status nc_topology_load(const char *file, const char *text, size_t n, const NcMatrix *m, NcTopology **out, Err *e)
{
    Y y = {.file = file, .e = e};
    if (open_doc(&y, text, n) != ST_OK)
        return ST_INVALID;
    NcTopology *t = xcalloc(1, sizeof *t);
    t->file = xstrdup(file);
    yaml_node_t *root = yaml_document_get_root_node(&y.doc);
    static const char *const top[] = {"model", "zones", "systems", "relays", "specified", "devices", NULL};
    Status st = keys_known(&y, root, top);
    if (st == ST_OK && (st = need_id(&y, get(&y, root, "model"), "model", t->model)) == ST_OK &&
        !nc_matrix_model(m, t->model))
        st = fail(&y, get(&y, root, "model"), "モデル「%s」は定義されていません (alpha, alpha_prime, beta, beta_prime)",
                  "model \"%s\" is not defined (alpha, alpha_prime, beta, beta_prime)", t->model);
    yaml_node_t *zones = get(&y, root, "zones");
    if (st == ST_OK && (!zones || zones->type != YAML_MAPPING_NODE))
        st = fail(&y, root, "zones (系: ネットワーク) が必要です%s", "zones (zone: networks) are needed%s", "");
    for (yaml_node_pair_t *p = st == ST_OK ? zones->data.mapping.pairs.start : NULL;
         p && p < zones->data.mapping.pairs.top && st == ST_OK; p++) {
        yaml_node_t *k = yaml_document_get_node(&y.doc, p->key);
        NcTopoZone *z = &t->zones[t->n_zones];
        if (t->n_zones >= NC_MAX_ZONES)
            st = fail(&y, k, "系が多すぎます%s", "too many zones%s", "");
        else if ((st = need_id(&y, k, "zones", z->id)) == ST_OK && !nc_matrix_zone(m, z->id))
            st = fail(&y, k, "系「%s」は対策基準の系にありません", "zone \"%s\" is not a zone of the policy", z->id);
        else if (st == ST_OK) {
            z->line = line_of(k);
            t->n_zones++; /* counted first: nc_topology_free releases a half-read zone */
            /* [] : the zone's addresses are those of its systems (systems:) */
            st = load_addresses_or_none(&y, yaml_document_get_node(&y.doc, p->value), &z->nets, true);
        }
    }
    if (st == ST_OK)
        st = load_systems(&y, get(&y, root, "systems"), m, t);
    yaml_node_t *relays = get(&y, root, "relays");
    size_t nr = seq_len(relays);
    if (st == ST_OK && nr > NC_MAX_TOPO_ITEMS)
        st = fail(&y, relays, "relays が多すぎます%s", "too many relays%s", "");
    t->relays = xcalloc(nr ? nr : 1, sizeof *t->relays);
    for (size_t i = 0; i < nr && st == ST_OK; i++) {
        static const char *const keys[] = {"name", "kind", "addresses", "services", NULL};
        yaml_node_t *r = seq_at(&y, relays, i);
        NcRelay *rl = &t->relays[t->n_relays++];
        if ((st = keys_known(&y, r, keys)) != ST_OK || (st = need_id(&y, get(&y, r, "kind"), "kind", rl->kind)) != ST_OK)
            break;
        rl->name = text_or(get(&y, r, "name"), rl->kind);
        if ((st = load_addresses(&y, get(&y, r, "addresses"), &rl->addr)) != ST_OK)
            break;
        st = load_services(&y, get(&y, r, "services"), &rl->svc, &rl->n_svc);
    }
    yaml_node_t *spec = get(&y, root, "specified");
    size_t ns = seq_len(spec);
    if (st == ST_OK && ns > NC_MAX_TOPO_ITEMS)
        st = fail(&y, spec, "specified が多すぎます%s", "too many specified flows%s", "");
    t->specified = xcalloc(ns ? ns : 1, sizeof *t->specified);
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        static const char *const keys[] = {"name", "from", "to", "sources", "destinations", "services", NULL};
        yaml_node_t *r = seq_at(&y, spec, i);
        NcSpecified *s = &t->specified[t->n_specified++];
        if ((st = keys_known(&y, r, keys)) != ST_OK || (st = need_id(&y, get(&y, r, "from"), "from", s->from)) != ST_OK ||
            (st = need_id(&y, get(&y, r, "to"), "to", s->to)) != ST_OK)
            break;
        s->name = text_or(get(&y, r, "name"), "");
        if (nc_topology_zone(t, s->from) < 0 || nc_topology_zone(t, s->to) < 0) {
            st = fail(&y, r, "from/to は zones の系です%s", "from/to are zones of zones%s", "");
            break;
        }
        if ((st = load_addresses(&y, get(&y, r, "sources"), &s->src)) != ST_OK ||
            (st = load_addresses(&y, get(&y, r, "destinations"), &s->dst)) != ST_OK)
            break;
        st = load_services(&y, get(&y, r, "services"), &s->svc, &s->n_svc);
    }
    yaml_node_t *devs = get(&y, root, "devices");
    size_t nd = seq_len(devs);
    if (st == ST_OK && (nd == 0 || nd > NC_MAX_TOPO_ITEMS))
        st = fail(&y, root, "devices (機器の並び) が必要です%s", "devices (a list of devices) are needed%s", "");
    t->devices = xcalloc(nd ? nd : 1, sizeof *t->devices);
    for (size_t i = 0; i < nd && st == ST_OK; i++) {
        st = load_device(&y, seq_at(&y, devs, i), t, &t->devices[t->n_devices++]);
        for (size_t q = 0; q + 1 < t->n_devices && st == ST_OK; q++)
            if (strcmp(t->devices[q].name, t->devices[i].name) == 0)
                st = fail(&y, seq_at(&y, devs, i), "機器名「%s」が重複しています", "device name \"%s\" appears twice",
                          t->devices[i].name);
    }
    if (st == ST_OK)
        st = resolve_links(&y, devs, t);
    yaml_document_delete(&y.doc);
    if (st != ST_OK) {
        nc_topology_free(t);
        return ST_INVALID;
    }
    *out = t;
    return ST_OK;
}

void nc_topology_free(NcTopology *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_zones; i++)
        nc_set_free(&t->zones[i].nets);
    for (size_t i = 0; i < t->n_relays; i++) {
        free(t->relays[i].name);
        nc_set_free(&t->relays[i].addr);
        free(t->relays[i].svc);
    }
    free(t->relays);
    for (size_t i = 0; i < t->n_specified; i++) {
        free(t->specified[i].name);
        nc_set_free(&t->specified[i].src);
        nc_set_free(&t->specified[i].dst);
        free(t->specified[i].svc);
    }
    free(t->specified);
    for (size_t i = 0; i < t->n_devices; i++) {
        free(t->devices[i].name);
        free(t->devices[i].config);
        free(t->devices[i].ifs);
        nc_analysis_free(t->devices[i].an);
        nc_ruleset_free(t->devices[i].rs);
    }
    free(t->devices);
    for (size_t i = 0; i < t->n_systems; i++) {
        free(t->systems[i].name);
        nc_set_free(&t->systems[i].addr);
        free(t->systems[i].svc);
    }
    free(t->systems);
    free(t->file);
    free(t);
}
