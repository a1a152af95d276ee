/* irplan_part: the part of the current 緊急時対応計画 an incident needs — the response for its
 * category, what to report and the contacts — shown on the incident's page to whoever may read the
 * incident (the chain, the CSIRT, the reporter), since the plan is what they must follow (第125条). */
#include <string.h>

#include "domain/incidents/incidents.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "policy/pack.h"

Status irplan_incident_part(Ctx *ctx, int64_t incident_id, json_t **out, Err *e)
{
    char category[65];
    Status s = incident_category_of(ctx, incident_id, category, e);
    int64_t current = 0;
    if (s == ST_OK)
        s = irplan_version_in_state(ctx, "approved", &current, e);
    if (s != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    const PackIncidentChoice *c = *category ? pack_incident_choice(pi->categories, pi->n_categories, category) : NULL;
    json_t *part = json_pack("{s:o, s:o}", "category", *category ? json_string(category) : json_null(), "label",
                             c ? json_string(c->label) : json_null());
    if (!current) {
        json_object_set_new(part, "plan", json_null());
        json_object_set_new(part, "response", json_null());
        *out = part;
        return ST_OK;
    }
    json_t *v = NULL, *contacts = NULL;
    if ((s = irplan_plain(ctx, current, &v, e)) == ST_OK)
        s = irplan_contacts(ctx, &contacts, e);
    if (s != ST_OK) {
        json_decref(part);
        json_decref(v);
        return s;
    }
    json_object_set_new(part, "plan",
                        json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(v, "id"), "version_no",
                                  json_object_get(v, "version_no"), "title", json_object_get(v, "title"), "approved_at",
                                  json_object_get(v, "approved_at")));
    json_t *response = json_null(), *r;
    size_t i;
    json_array_foreach(json_object_get(v, "responses"), i, r) if (*category && strcmp(json_string_value(json_object_get(r, "category")), category) == 0) {
        json_decref(response);
        response = json_incref(r);
        json_object_del(response, "category");
    }
    json_object_set_new(part, "response", response);
    json_object_set(part, "report_items", json_object_get(v, "report_items"));
    json_object_set(part, "general_response", json_object_get(v, "general_response"));
    json_object_set_new(part, "contacts", contacts);
    json_decref(v);
    *out = part;
    return ST_OK;
}
