/* pack_json: the pack as JSON for the API and the UI's policy viewer (everything, articles included),
 * and a pack's problems as JSON for `lgsec pack validate --json` and the API. */
#include <string.h>

#include "policy/pack.h"


static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *strv(char **v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

json_t *pack_role_to_json(const PackRole *r)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:s, s:b, s:b, s:b, s:o, s:i}", "id", str_or_null(r->id), "label",
                     str_or_null(r->label), "description", str_or_null(r->description), "article",
                     str_or_null(r->article), "scope", pack_scope_names[r->scope], "unique", r->unique, "privileged",
                     r->privileged, "optional", r->optional, "capabilities",
                     strv(r->capability_names, r->n_capabilities), "contact_rank", r->contact_rank);
}

static json_t *terms_json(const PackGlTerm *t, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, strv(t[i].variants, t[i].n_variants));
    return a;
}

/* The guideline model: elements with their terms (each a list of accepted wordings) and together
 * groups (as the terms' first wordings), and the deviation rules. */
static json_t *guideline_json(const PackGuideline *g)
{
    json_t *els = json_array();
    for (size_t i = 0; i < g->n_elements; i++) {
        const PackGlElement *el = &g->elements[i];
        json_t *together = json_array();
        for (size_t j = 0; j < el->n_together; j++) {
            json_t *grp = json_array();
            for (size_t k = 0; k < el->n_together_terms[j]; k++)
                json_array_append_new(grp, json_string(el->terms[el->together[j][k]].variants[0]));
            json_array_append_new(together, grp);
        }
        json_array_append_new(els, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                                             str_or_null(el->id), "section", str_or_null(el->section), "label",
                                             str_or_null(el->label), "part", str_or_null(el->part), "unit",
                                             str_or_null(el->unit), "where", strv(el->where, el->n_where), "within",
                                             strv(el->within, el->n_within), "terms",
                                             terms_json(el->terms, el->n_terms), "together", together));
    }
    json_t *devs = json_array();
    for (size_t i = 0; i < g->n_deviations; i++) {
        const PackGlDeviation *d = &g->deviations[i];
        json_array_append_new(devs, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                                              str_or_null(d->id), "kind", str_or_null(d->kind), "section",
                                              str_or_null(d->section), "label", str_or_null(d->label), "part",
                                              str_or_null(d->part), "expected", str_or_null(d->expected),
                                              "patterns", strv(d->patterns, d->n_patterns), "titles",
                                              strv(d->titles, d->n_titles), "pairs", terms_json(d->pairs, d->n_pairs),
                                              "requires_any", strv(d->requires_any, d->n_requires_any)));
    }
    return json_pack("{s:o, s:o, s:i, s:o, s:o}", "title", str_or_null(g->title), "edition", str_or_null(g->edition),
                     "standard_min_chapters", g->standard_min_chapters, "elements", els, "deviations", devs);
}

json_t *pack_to_json(const Pack *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", str_or_null(p->id));
    json_object_set_new(o, "version", str_or_null(p->version));
    json_object_set_new(o, "title", str_or_null(p->title));
    json_object_set_new(o, "source", str_or_null(p->source));
    json_object_set_new(o, "digest", str_or_null(p->digest));

    const PackAccountPolicy *a = &p->accounts;
    json_object_set_new(o, "accounts",
                        json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:o}",
                                  "password_min_length", a->password_min_length,
                                  "lockout_threshold", a->lockout_threshold,
                                  "lockout_minutes", a->lockout_minutes,
                                  "session_idle_minutes", a->session_idle_minutes,
                                  "session_absolute_hours", a->session_absolute_hours,
                                  "login_rate_per_minute", a->login_rate_per_minute,
                                  "login_message", str_or_null(a->login_message),
                                  "article", str_or_null(a->article),
                                  "password_article", str_or_null(a->password_article),
                                  "initial_password_article", str_or_null(a->initial_password_article),
                                  "lockout_notify_roles", strv(a->lockout_notify_roles, a->n_lockout_notify_roles)));

    json_object_set_new(o, "uploads", json_pack("{s:i, s:i}", "retention_hours", p->uploads.retention_hours,
                                                "quota_mib", p->uploads.quota_mib));
    json_t *scales = json_array();
    for (size_t i = 0; i < p->n_scales; i++) {
        const PackScale *s = &p->scales[i];
        json_t *levels = json_array();
        for (size_t j = 0; j < s->n_levels; j++) {
            const PackLevel *l = &s->levels[j];
            json_array_append_new(levels, json_pack("{s:o, s:o, s:o, s:o, s:i}", "id", str_or_null(l->id),
                                                    "label", str_or_null(l->label), "criteria",
                                                    str_or_null(l->criteria), "article", str_or_null(l->article),
                                                    "rank", l->rank));
        }
        json_array_append_new(scales, json_pack("{s:o, s:o, s:o, s:o}", "id", str_or_null(s->id), "label",
                                                str_or_null(s->label), "article", str_or_null(s->article),
                                                "levels", levels));
    }
    json_object_set_new(o, "scales", scales);

    json_t *restrictions = json_array();
    for (size_t i = 0; i < p->n_restrictions; i++) {
        const PackRestriction *r = &p->restrictions[i];
        json_array_append_new(restrictions,
                              json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(r->id), "label",
                                        str_or_null(r->label), "short_label", str_or_null(r->short_label),
                                        "description", str_or_null(r->description),
                                        "article", str_or_null(r->article), "scale", str_or_null(r->scale),
                                        "levels", strv(r->levels, r->n_levels)));
    }
    json_object_set_new(o, "restrictions", restrictions);

    json_t *roles = json_array();
    for (size_t i = 0; i < p->n_roles; i++) {
        json_array_append_new(roles, pack_role_to_json(&p->roles[i]));
    }
    json_object_set_new(o, "roles", roles);

    json_t *checks = json_array();
    for (size_t i = 0; i < p->n_checks; i++) {
        const PackCheck *c = &p->checks[i];
        json_t *owners = json_array();
        for (size_t j = 0; j < c->n_owners; j++)
            json_array_append_new(owners, json_string(c->owners[j]));
        json_array_append_new(checks, json_pack("{s:o, s:o, s:o, s:o, s:I, s:o, s:i}", "id", str_or_null(c->id), "label",
                                                str_or_null(c->label), "article", str_or_null(c->article),
                                                "period", str_or_null(c->period), "value", (json_int_t)c->value,
                                                "owners", owners, "remind_before_days", c->remind_before_days));
    }
    json_object_set_new(o, "checks", checks);

    json_t *items = json_array();
    for (size_t i = 0; i < p->n_selfcheck; i++) {
        const PackSelfCheckItem *s = &p->selfcheck[i];
        json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o, s:s, s:o}", "id", str_or_null(s->id), "category",
                                               str_or_null(s->category), "question", str_or_null(s->question),
                                               "article", str_or_null(s->article), "scope",
                                               s->scope ? s->scope : "section", "auto", str_or_null(s->auto_source)));
    }
    json_object_set_new(o, "selfcheck", items);

    json_t *audit = json_array();
    for (size_t i = 0; i < p->n_audit_items; i++) {
        const PackAuditItem *ai = &p->audit_items[i];
        json_t *arts = json_array();
        for (size_t k = 0; k < ai->n_articles; k++)
            json_array_append_new(arts, json_string(ai->articles[k]));
        json_array_append_new(audit, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(ai->id), "area",
                                               str_or_null(ai->area), "category", str_or_null(ai->category), "item",
                                               str_or_null(ai->item), "materials", str_or_null(ai->materials),
                                               "procedure", str_or_null(ai->procedure), "articles", arts));
    }
    json_object_set_new(o, "audit_items", audit);

    json_t *articles = json_array();
    for (size_t i = 0; i < p->n_articles; i++) {
        const PackArticle *a2 = &p->articles[i];
        json_array_append_new(articles, json_pack("{s:o, s:o, s:o, s:o}", "number", str_or_null(a2->number), "title",
                                                  str_or_null(a2->title), "text", str_or_null(a2->text),
                                                  "guideline", str_or_null(a2->guideline)));
    }
    json_object_set_new(o, "articles", articles);

    const PackVisibility *vis = &p->visibility;
    json_object_set_new(o, "visibility",
                        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "article", str_or_null(vis->article),
                                  "restricted_from", str_or_null(vis->restricted_from), "restricted_article",
                                  str_or_null(vis->restricted_article), "all_roles",
                                  strv(vis->all_roles, vis->n_all_roles), "unit_roles",
                                  strv(vis->unit_roles, vis->n_unit_roles), "system_roles",
                                  strv(vis->system_roles, vis->n_system_roles)));

    const PackCommittee *cm = &p->committee;
    json_object_set_new(o, "committee",
                        !cm->present ? json_null()
                                     : json_pack("{s:o, s:o, s:o, s:o, s:o}", "article", str_or_null(cm->article), "chair",
                                                 str_or_null(cm->chair), "members", strv(cm->members, cm->n_members),
                                                 "secretariat", strv(cm->secretariat, cm->n_secretariat),
                                                 "decision_article", str_or_null(cm->decision_article)));

    const PackSystems *sy = &p->systems;
    json_t *registrations = json_array();
    for (size_t i = 0; i < sy->n_registrations; i++)
        json_array_append_new(registrations, json_pack("{s:o, s:o}", "id", str_or_null(sy->registrations[i].id),
                                                       "label", str_or_null(sy->registrations[i].label)));
    json_t *requirements = json_array();
    for (size_t i = 0; i < sy->n_requirements; i++) {
        const PackSystemRequirement *r = &sy->requirements[i];
        json_array_append_new(requirements,
                              json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(r->id), "label",
                                        str_or_null(r->label), "description", str_or_null(r->description),
                                        "article", str_or_null(r->article), "reference", str_or_null(r->reference),
                                        "condition", str_or_null(r->condition), "field", str_or_null(r->field)));
    }
    json_object_set_new(o, "systems",
                        json_pack("{s:i, s:o, s:o, s:o, s:o}", "support_warning_months", sy->support_warning_months,
                                  "support_article", str_or_null(sy->support_article), "editor_roles",
                                  strv(sy->editor_roles, sy->n_editor_roles), "registrations", registrations,
                                  "requirements", requirements));

    json_t *types = json_array();
    for (size_t i = 0; i < p->n_request_types; i++)
        json_array_append_new(types, pack_request_type_to_json(&p->request_types[i]));
    json_object_set_new(o, "request_types", types);
    json_object_set_new(o, "guideline", guideline_json(&p->guideline));
    json_object_set_new(o, "incidents", pack_incidents_to_json(&p->incidents));
    return o;
}

static json_t *choices_json(const PackIncidentChoice *c, size_t n, bool ranked)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_pack("{s:o, s:o, s:o}", "id", str_or_null(c[i].id), "label", str_or_null(c[i].label),
                              "label_en", str_or_null(c[i].label_en));
        if (ranked)
            json_object_set_new(x, "rank", json_integer(c[i].rank));
        json_array_append_new(a, x);
    }
    return a;
}

static json_t *external_reports_json(const PackIncidents *in)
{
    json_t *a = json_array();
    for (size_t i = 0; i < in->n_external_reports; i++) {
        const PackExternalReport *r = &in->external_reports[i];
        json_t *x = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i, s:b, s:b}", "id", str_or_null(r->id), "label",
                              str_or_null(r->label), "label_en", str_or_null(r->label_en), "recipient",
                              str_or_null(r->recipient), "citation", str_or_null(r->citation), "article",
                              str_or_null(r->article), "due_days", r->due_days, "extended_days", r->extended_days,
                              "remind_days", r->remind_days, "always", r->always, "personal_data", r->personal_data);
        json_object_set_new(x, "kinds", strv(r->kinds, r->n_kinds));
        json_object_set_new(x, "min_affected", json_integer(r->min_affected));
        json_object_set_new(x, "categories", strv(r->categories, r->n_categories));
        json_object_set_new(x, "extended_categories", strv(r->extended_categories, r->n_extended_categories));
        json_object_set_new(x, "min_severity", str_or_null(r->min_severity));
        json_array_append_new(a, x);
    }
    return a;
}

static json_t *chain_json(const PackChainStep *steps, size_t n)
{
    json_t *chain = json_array();
    for (size_t i = 0; i < n; i++) {
        const PackChainStep *c = &steps[i];
        json_array_append_new(chain, json_pack("{s:o, s:o, s:o, s:s, s:o}", "id", str_or_null(c->id), "label",
                                               str_or_null(c->label), "role", str_or_null(c->role), "scope",
                                               pack_scope_names[c->scope], "article", str_or_null(c->article)));
    }
    return chain;
}

static json_t *violations_json(const PackViolations *v)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "article", str_or_null(v->article),
                     "handling_article", str_or_null(v->handling_article), "discipline_article",
                     str_or_null(v->discipline_article), "chain", chain_json(v->chain, v->n_chain), "handler_roles",
                     strv(v->handler_roles, v->n_handler_roles), "reader_roles",
                     strv(v->reader_roles, v->n_reader_roles), "superior_role", str_or_null(v->superior_role),
                     "outcomes", choices_json(v->outcomes, v->n_outcomes, false));
}

json_t *pack_incidents_to_json(const PackIncidents *in)
{
    json_t *chain = chain_json(in->chain, in->n_chain);
    json_t *o = json_pack("{s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "external_reports",
                     external_reports_json(in), "article", str_or_null(in->article),
                     "outside_article", str_or_null(in->outside_article), "stall_hours", in->stall_hours,
                     "csirt_roles", strv(in->csirt_roles, in->n_csirt_roles), "csirt_article",
                     str_or_null(in->csirt_article), "decision_roles", strv(in->decision_roles, in->n_decision_roles),
                     "decision_article", str_or_null(in->decision_article), "personal_data",
                     choices_json(in->personal_data, in->n_personal_data, false), "chain", chain, "categories",
                     choices_json(in->categories, in->n_categories, false), "severities",
                     choices_json(in->severities, in->n_severities, true));
    json_object_set_new(o, "violations", violations_json(&in->violations));
    return o;
}

json_t *pack_request_type_to_json(const PackRequestType *t)
{
    json_t *fields = json_array();
    for (size_t j = 0; j < t->n_fields; j++) {
        const PackRequestField *f = &t->fields[j];
        json_t *labels = json_object();
        for (size_t k = 0; k < f->n_choice_labels && k < f->n_choices; k++)
            json_object_set_new(labels, f->choices[k], json_string(f->choice_labels[k]));
        json_array_append_new(fields, json_pack("{s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "name", str_or_null(f->name),
                                                "label", str_or_null(f->label), "type", str_or_null(f->type),
                                                "required", f->required, "choices", strv(f->choices, f->n_choices),
                                                "choice_labels", labels, "not_before", str_or_null(f->not_before)));
    }
    json_t *stages = json_array();
    for (size_t j = 0; j < t->n_stages; j++) {
        const PackRequestStage *s = &t->stages[j];
        json_array_append_new(stages, json_pack("{s:o, s:o, s:o, s:o}", "role", str_or_null(s->role), "scope",
                                                str_or_null(s->scope), "mode", str_or_null(s->mode), "escalate_to",
                                                str_or_null(s->escalate_to)));
    }
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "id", str_or_null(t->id), "label",
                          str_or_null(t->label), "article", str_or_null(t->article), "description",
                          str_or_null(t->description), "object", str_or_null(t->object), "condition",
                          str_or_null(t->condition), "asset_event", str_or_null(t->asset_event), "needs_return",
                          t->needs_return, "return_not_before", str_or_null(t->return_not_before), "fields", fields);
    json_object_set_new(o, "stages", stages);
    json_object_set_new(o, "validity_days",
                        t->validity_days ? json_integer((json_int_t)t->validity_days) : json_null());
    json_object_set_new(o, "kind", str_or_null(t->kind));
    json_object_set_new(o, "group", str_or_null(t->group));
    json_object_set_new(o, "instead", str_or_null(t->instead));
    json_object_set_new(o, "requester_roles", strv(t->requester_roles, t->n_requester_roles));
    json_object_set_new(o, "default_approver_note", str_or_null(t->default_approver_note));
    json_object_set_new(o, "valid_until_field", str_or_null(t->valid_until_field));
    json_object_set_new(o, "remind_before_days",
                        json_integer((json_int_t)(t->remind_before_days ? t->remind_before_days : 3)));
    if (t->kind && strcmp(t->kind, "exception") == 0)
        json_object_set_new(o, "exception",
                            json_pack("{s:I, s:o, s:o}", "report_within_days", (json_int_t)t->report_within_days,
                                      "report_article", str_or_null(t->report_article), "review_interval_days",
                                      t->review_interval_days ? json_integer((json_int_t)t->review_interval_days)
                                                              : json_null()));
    if (t->kind && strcmp(t->kind, "delegation") == 0)
        json_object_set_new(o, "delegation", json_pack("{s:o, s:o}", "delegates", strv(t->delegates, t->n_delegates),
                                                       "notify_roles", strv(t->notify_roles, t->n_notify_roles)));
    return o;
}

json_t *pack_issues_to_json(const PackIssues *issues)
{
    json_t *a = json_array();
    for (size_t i = 0; i < issues->count; i++) {
        const PackIssue *is = &issues->items[i];
        json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "file", is->file, "line", is->line,
                                           "column", is->column, "code", is->code, "ja", is->ja, "en", is->en));
    }
    return a;
}
