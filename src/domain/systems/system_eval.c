/* system_eval: support states, requirement evaluation and derived restrictions (see system_eval.h). */
#include "domain/systems/system_eval.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

const char *const SYSTEM_SCALES[SYSTEM_N_SCALES] = {"confidentiality", "integrity", "availability"};

const char *support_state_name(SupportState s)
{
    switch (s) {
    case SUPPORT_OK: return "ok";
    case SUPPORT_SOON: return "soon";
    case SUPPORT_ENDED: return "ended";
    case SUPPORT_UNKNOWN: break;
    }
    return "unknown";
}

const char *req_state_name(ReqState s)
{
    return s == REQ_MET ? "met" : s == REQ_NOT_MET ? "not_met" : "not_recorded";
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

void support_horizon(const char *today, int months, char out[static 11])
{
    int y, m, d;
    if (!date_parse(today, &y, &m, &d)) {
        snprintf(out, 11, "%.10s", today);
        return;
    }
    int total = y * 12 + (m - 1) + (months > 0 ? months : 0);
    y = total / 12;
    m = total % 12 + 1;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

SupportState support_state(const char *support_end, const char *today, const char *horizon)
{
    if (!support_end || !*support_end)
        return SUPPORT_UNKNOWN;
    if (strcmp(support_end, today) < 0)
        return SUPPORT_ENDED;
    if (strcmp(support_end, horizon) < 0)
        return SUPPORT_SOON;
    return SUPPORT_OK;
}

void system_class_add(SystemClass *c, const Pack *p, const char *const levels[SYSTEM_N_SCALES], bool pending,
                      long count)
{
    c->asset_count += count;
    if (pending)
        c->pending_count += count;
    for (int i = 0; i < SYSTEM_N_SCALES; i++) {
        const PackScale *s = pack_scale(p, SYSTEM_SCALES[i]);
        if (!s || s->n_levels == 0)
            continue;
        const PackLevel *l = pending || !levels[i] ? NULL : pack_level(s, levels[i]);
        if (!l)
            l = &s->levels[0]; /* pending or unknown: treated at the strictest level (第23条6(3)) */
        if (!c->level[i] || l->rank > c->level[i]->rank)
            c->level[i] = l;
    }
}

int system_fact_index(const char *field)
{
    for (int i = 0; i < 10; i++)
        if (strcmp(pack_system_fields[i], field) == 0)
            return i;
    return -1;
}

bool requirement_applies(const PackSystemRequirement *r, const SystemFacts *f, const SystemClass *c)
{
    switch (r->cond_kind) {
    case COND_ALWAYS:
        return true;
    case COND_ZONE:
        return f->zone && r->cond_value && strcmp(f->zone, r->cond_value) == 0;
    case COND_LEVEL_MIN:
        for (int i = 0; i < SYSTEM_N_SCALES; i++)
            if (r->cond_scale && strcmp(SYSTEM_SCALES[i], r->cond_scale) == 0)
                return !c->level[i] || c->level[i]->rank >= r->cond_rank;
        return true; /* a scale the register does not know: apply rather than drop (never happens for mic) */
    }
    return true;
}

ReqState requirement_state(const PackSystemRequirement *r, const SystemFacts *f)
{
    if (strcmp(r->field, "product_registration") == 0)
        return f->product_registration && *f->product_registration ? REQ_MET : REQ_NOT_RECORDED;
    if (strcmp(r->field, "component_support") == 0) {
        if (f->components_ended > 0)
            return REQ_NOT_MET;
        if (f->software_count == 0 || f->software_unknown_support > 0)
            return REQ_NOT_RECORDED;
        return REQ_MET;
    }
    int i = system_fact_index(r->field);
    if (i < 0 || f->flag[i] < 0)
        return REQ_NOT_RECORDED;
    return f->flag[i] ? REQ_MET : REQ_NOT_MET;
}

json_t *system_class_json(const SystemClass *c, const Pack *p)
{
    (void)p;
    if (c->asset_count == 0)
        return json_null();
    json_t *o = json_object(), *labels = json_object();
    for (int i = 0; i < SYSTEM_N_SCALES; i++) {
        const PackLevel *l = c->level[i];
        json_object_set_new(o, SYSTEM_SCALES[i], l ? json_string(l->id) : json_null());
        json_object_set_new(labels, SYSTEM_SCALES[i], l ? json_string(l->label) : json_null());
    }
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "asset_count", json_integer(c->asset_count));
    json_object_set_new(o, "pending_count", json_integer(c->pending_count));
    return o;
}

json_t *system_restrictions_json(const SystemClass *c, const Pack *p)
{
    json_t *out = json_array();
    for (size_t k = 0; k < p->n_restrictions; k++) {
        const PackRestriction *r = &p->restrictions[k];
        const PackLevel *level = NULL;
        for (int i = 0; i < SYSTEM_N_SCALES; i++) {
            if (strcmp(SYSTEM_SCALES[i], r->scale) != 0)
                continue;
            const PackScale *s = pack_scale(p, r->scale);
            level = c->level[i] ? c->level[i] : s && s->n_levels ? &s->levels[0] : NULL;
        }
        bool applies = false;
        for (size_t j = 0; level && j < r->n_levels && !applies; j++)
            applies = strcmp(r->levels[j], level->id) == 0;
        if (!applies)
            continue;
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", r->id, "label", r->label,
                                             "description", r->description ? r->description : "", "article",
                                             r->article, "scale", r->scale, "level", level->id));
    }
    return out;
}
