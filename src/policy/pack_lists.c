/* pack_lists: EntityLists over a loaded pack (see pack_lists.h). */
#include "policy/pack_lists.h"

#include <string.h>

static const char *value_at(const void *arg, const char *list, size_t i)
{
    const Pack *p = arg;
    if (!p || !list)
        return NULL;
    if (strcmp(list, "registrations") == 0)
        return i < p->systems.n_registrations ? p->systems.registrations[i].id : NULL;
    if (strcmp(list, "training_audiences") == 0)
        return i < p->training.n_audiences ? p->training.audiences[i].id : NULL;
    if (strcmp(list, "incident_categories") == 0)
        return i < p->incidents.n_categories ? p->incidents.categories[i].id : NULL;
    if (strcmp(list, "incident_severities") == 0)
        return i < p->incidents.n_severities ? p->incidents.severities[i].id : NULL;
    if (strcmp(list, "violation_outcomes") == 0)
        return i < p->incidents.violations.n_outcomes ? p->incidents.violations.outcomes[i].id : NULL;
    if (strcmp(list, "external_reports") == 0)
        return i < p->incidents.n_external_reports ? p->incidents.external_reports[i].id : NULL;
    const PackScale *s = pack_scale(p, list);
    return s && i < s->n_levels ? s->levels[i].id : NULL;
}

static const char *label_of(const void *arg, const char *list)
{
    const Pack *p = arg;
    if (p && list && strcmp(list, "training_audiences") == 0)
        return "対象者";
    if (p && list && strcmp(list, "incident_categories") == 0)
        return "分類";
    if (p && list && strcmp(list, "incident_severities") == 0)
        return "重大度";
    if (p && list && strcmp(list, "violation_outcomes") == 0)
        return "対応";
    if (p && list && strcmp(list, "external_reports") == 0)
        return "報告の種類";
    const PackScale *s = p && list ? pack_scale(p, list) : NULL;
    return s ? s->label : NULL;
}

EntityLists pack_entity_lists(const Pack *pack)
{
    return (EntityLists){.value_at = value_at, .label_of = label_of, .arg = pack};
}
