/* netcheck_packcheck: the zone matrix (netcheck.yaml) checked with the rest of a policy pack, so that
 * `lgsec pack validate` and `lgsec pack activate` refuse a matrix the engine would refuse at the first
 * check, or one whose words do not match the pack and the register: a model other than the
 * guideline's four (α, α', β, β'), a relay kind the 情報システム台帳 cannot record (its 無害化中継の種類),
 * a zone of the register the matrix does not declare, an article the pack does not have. The policy
 * layer keeps the file's bytes only (policy does not depend on the engine), so the check lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/netcheck/netcheck.h"
#include "entities/system_entity.h"
#include "netcheck/topology.h"
#include "policy/pack.h"

#define MATRIX_FILE "netcheck.yaml"

/* The guideline's models (三層の対策: α, α', β, β'), as the matrix names them. */
static const char *const guideline_models[] = {"alpha", "alpha_prime", "beta", "beta_prime", NULL};

static size_t add_issue(PackIssues *is, int line, const char *code, const char *ja, const char *en)
{
    for (size_t i = 0; i < is->count; i++) /* flows shared through a YAML alias: one issue per line */
        if (is->items[i].line == line && !strcmp(is->items[i].code, code) && !strcmp(is->items[i].file, MATRIX_FILE) &&
            !strcmp(is->items[i].en, en))
            return 0;
    is->items = xrealloc(is->items, (is->count + 1) * sizeof *is->items);
    PackIssue *t = &is->items[is->count++];
    memset(t, 0, sizeof *t);
    snprintf(t->file, sizeof t->file, "%s", MATRIX_FILE);
    t->line = line;
    t->column = line > 0 ? 1 : 0;
    snprintf(t->code, sizeof t->code, "%s", code);
    snprintf(t->ja, sizeof t->ja, "%s", ja);
    snprintf(t->en, sizeof t->en, "%s", en);
    return 1;
}

/* The engine's error names "netcheck.yaml:LINE: message": the line and the message apart. */
static size_t engine_issue(PackIssues *is, const Err *e)
{
    const char *ja = e->ja, *en = e->en;
    int line = 0;
    size_t prefix = strlen(MATRIX_FILE ":");
    if (!strncmp(en, MATRIX_FILE ":", prefix)) {
        line = atoi(en + prefix);
        const char *rest = strstr(en + prefix, ": ");
        en = rest ? rest + 2 : en;
        rest = strncmp(ja, MATRIX_FILE ":", prefix) ? NULL : strstr(ja + prefix, ": ");
        ja = rest ? rest + 2 : ja;
    }
    return add_issue(is, line, "netcheck_matrix", ja, en);
}

static bool known_relay_kind(const char *kind)
{
    const EntityField *f = &system_fields[SYSTEM_F_RELAY_KIND];
    for (size_t i = 0; i < f->nchoices; i++)
        if (!strcmp(f->choices[i].value, kind))
            return true;
    return false;
}

size_t netcheck_pack_check(const struct Pack *pack, struct PackIssues *issues)
{
    if (!pack || !pack->netcheck_matrix)
        return 0; /* optional: a check against such a pack is netcheck_no_matrix */
    NcMatrix *m = NULL;
    Err e = {0};
    if (nc_matrix_load(MATRIX_FILE, pack->netcheck_matrix, pack->netcheck_matrix_len, &m, &e) != ST_OK)
        return engine_issue(issues, &e);
    size_t n = 0;
    char ja[384], en[384];
    const EntityField *zf = &system_fields[SYSTEM_F_ZONE];
    for (size_t i = 0; i < zf->nchoices; i++)
        if (!nc_matrix_zone(m, zf->choices[i].value)) {
            snprintf(ja, sizeof ja, "情報システム台帳の区分「%s」(%s) が zones にありません", zf->choices[i].label_ja,
                     zf->choices[i].value);
            snprintf(en, sizeof en, "zones lacks the register's zone \"%s\" (%s)", zf->choices[i].value,
                     zf->choices[i].label_en);
            n += add_issue(issues, m->n_zones ? m->zones[0].line : 1, "netcheck_unknown_zone", ja, en);
        }
    for (size_t i = 0; i < m->n_models; i++) {
        const NcModel *md = &m->models[i];
        bool known = false;
        for (size_t k = 0; guideline_models[k]; k++)
            known |= !strcmp(guideline_models[k], md->id);
        if (!known) {
            snprintf(ja, sizeof ja, "モデル「%s」はガイドラインのモデル (alpha, alpha_prime, beta, beta_prime) にありません",
                     md->id);
            snprintf(en, sizeof en, "model \"%s\" is none of the guideline's (alpha, alpha_prime, beta, beta_prime)", md->id);
            n += add_issue(issues, md->line, "netcheck_unknown_model", ja, en);
        }
        for (size_t k = 0; k < md->n; k++) {
            const NcFlowRule *r = &md->rules[k];
            for (int q = 0; q < r->n_relays; q++)
                if (!known_relay_kind(r->relays[q])) {
                    snprintf(ja, sizeof ja,
                             "中継の種類「%s」は情報システム台帳の無害化中継の種類 (mail, file, screen, security_cloud, "
                             "cloud_service) にありません",
                             r->relays[q]);
                    snprintf(en, sizeof en,
                             "relay kind \"%s\" is none of the register's (mail, file, screen, security_cloud, cloud_service)",
                             r->relays[q]);
                    n += add_issue(issues, r->line, "netcheck_unknown_relay_kind", ja, en);
                }
            if (!pack_article(pack, r->article)) {
                snprintf(ja, sizeof ja, "条項「%s」はパックの条文 (articles.yaml) にありません", r->article);
                snprintf(en, sizeof en, "article \"%s\" is not in the pack's articles (articles.yaml)", r->article);
                n += add_issue(issues, r->line, "netcheck_unknown_article", ja, en);
            }
        }
    }
    nc_matrix_free(m);
    return n;
}
