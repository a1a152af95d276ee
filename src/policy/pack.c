/* pack: what surrounds loading — freeing a Pack, looking things up in it, gathering the files of a
 * pack from a directory or the embedded baseline, and the digest that identifies a pack version. */
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/xmalloc.h"
#include "policy/pack.h"

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_terms(PackGlTerm *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free_strv(t[i].variants, t[i].n_variants);
    free(t);
}

void pack_guideline_clear(PackGuideline *g)
{
    free(g->title);
    free(g->edition);
    for (size_t i = 0; i < g->n_elements; i++) {
        PackGlElement *el = &g->elements[i];
        free(el->id);
        free(el->section);
        free(el->label);
        free(el->part);
        free(el->unit);
        free_strv(el->where, el->n_where);
        free_strv(el->within, el->n_within);
        free_terms(el->terms, el->n_terms);
        for (size_t j = 0; j < el->n_together; j++)
            free(el->together[j]);
        free(el->together);
        free(el->n_together_terms);
        free_terms(el->together_names_, el->n_together_names_);
    }
    free(g->elements);
    for (size_t i = 0; i < g->n_deviations; i++) {
        PackGlDeviation *d = &g->deviations[i];
        free(d->id);
        free(d->kind);
        free(d->section);
        free(d->label);
        free(d->part);
        free(d->expected);
        free_strv(d->patterns, d->n_patterns);
        free_strv(d->titles, d->n_titles);
        free_terms(d->pairs, d->n_pairs);
        free_strv(d->requires_any, d->n_requires_any);
    }
    free(g->deviations);
    memset(g, 0, sizeof *g);
}

static void free_choices(PackIncidentChoice *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].id);
        free(c[i].label);
        free(c[i].label_en);
    }
    free(c);
}

static void free_chain(PackChainStep *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].id);
        free(c[i].label);
        free(c[i].role);
        free(c[i].article);
    }
    free(c);
}

static void pack_violations_clear(PackViolations *v)
{
    free(v->article);
    free(v->handling_article);
    free(v->discipline_article);
    free_chain(v->chain, v->n_chain);
    free_strv(v->handler_roles, v->n_handler_roles);
    free_strv(v->reader_roles, v->n_reader_roles);
    free(v->superior_role);
    free_choices(v->outcomes, v->n_outcomes);
}

static void pack_incidents_clear(PackIncidents *in)
{
    pack_violations_clear(&in->violations);
    free(in->article);
    free(in->outside_article);
    free_strv(in->csirt_roles, in->n_csirt_roles);
    free_strv(in->decision_roles, in->n_decision_roles);
    free(in->csirt_article);
    free(in->decision_article);
    free_choices(in->personal_data, in->n_personal_data);
    free_choices(in->categories, in->n_categories);
    free_choices(in->severities, in->n_severities);
    free_chain(in->chain, in->n_chain);
    for (size_t i = 0; i < in->n_external_reports; i++) {
        PackExternalReport *r = &in->external_reports[i];
        free(r->id);
        free(r->label);
        free(r->label_en);
        free(r->recipient);
        free(r->citation);
        free(r->article);
        free(r->min_severity);
        free_strv(r->extended_categories, r->n_extended_categories);
        free_strv(r->kinds, r->n_kinds);
        free_strv(r->categories, r->n_categories);
    }
    free(in->external_reports);
    memset(in, 0, sizeof *in);
}

const PackIncidentChoice *pack_incident_choice(const PackIncidentChoice *list, size_t n, const char *id)
{
    for (size_t i = 0; i < n && id; i++)
        if (list[i].id && strcmp(list[i].id, id) == 0)
            return &list[i];
    return NULL;
}

static void pack_vendors_clear(PackVendors *v)
{
    free(v->article);
    free(v->approval_type);
    free(v->check_article);
    for (size_t i = 0; i < v->n_clauses; i++) {
        free(v->clauses[i].id);
        free(v->clauses[i].label);
        free(v->clauses[i].label_en);
        free(v->clauses[i].article);
    }
    free(v->clauses);
    memset(v, 0, sizeof *v);
}

const PackVendorClause *pack_vendor_clause(const Pack *p, const char *id)
{
    for (size_t i = 0; p && id && i < p->vendors.n_clauses; i++)
        if (p->vendors.clauses[i].id && strcmp(p->vendors.clauses[i].id, id) == 0)
            return &p->vendors.clauses[i];
    return NULL;
}

static void pack_cloud_clear(PackCloud *c)
{
    free(c->article);
    free(c->manager_role);
    free(c->review_article);
    free(c->ismap_article);
    free(c->end_article);
    for (size_t i = 0; i < c->n_approvals; i++) {
        PackCloudApproval *a = &c->approvals[i];
        free(a->request_type);
        free(a->label);
        free(a->label_en);
        free(a->max_confidentiality);
        free(a->article);
        free(a->name_field);
        free(a->provider_field);
        free(a->purpose_field);
        free(a->manager_field);
        free(a->manager_role);
    }
    free(c->approvals);
    memset(c, 0, sizeof *c);
}

const PackCloudApproval *pack_cloud_approval(const Pack *p, const char *t)
{
    for (size_t i = 0; p && t && i < p->cloud.n_approvals; i++)
        if (p->cloud.approvals[i].request_type && strcmp(p->cloud.approvals[i].request_type, t) == 0)
            return &p->cloud.approvals[i];
    return NULL;
}

const PackRole *pack_cloud_manager_role(const Pack *p, const char *t)
{
    const PackCloudApproval *a = pack_cloud_approval(p, t);
    const char *id = a && a->manager_role ? a->manager_role : p ? p->cloud.manager_role : NULL;
    return id ? pack_role(p, id) : NULL;
}

static void pack_training_clear(PackTraining *t)
{
    free(t->article);
    free(t->section_role);
    for (size_t i = 0; i < t->n_audiences; i++) {
        PackAudience *a = &t->audiences[i];
        free(a->id);
        free(a->label);
        free(a->label_en);
        free(a->article);
        free_strv(a->roles, a->n_roles);
        free_strv(a->employments, a->n_employments);
    }
    free(t->audiences);
    memset(t, 0, sizeof *t);
}

const PackAudience *pack_audience(const Pack *p, const char *id)
{
    for (size_t i = 0; p && id && i < p->training.n_audiences; i++)
        if (p->training.audiences[i].id && strcmp(p->training.audiences[i].id, id) == 0)
            return &p->training.audiences[i];
    return NULL;
}

void pack_free(Pack *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->version);
    free(p->netcheck_matrix);
    free(p->title);
    free(p->source);
    free(p->accounts.login_message);
    free(p->gate.system_code);
    free(p->accounts.article);
    free(p->accounts.password_article);
    free(p->accounts.initial_password_article);
    free_strv(p->accounts.lockout_notify_roles, p->accounts.n_lockout_notify_roles);
    for (size_t i = 0; i < p->n_scales; i++) {
        PackScale *s = &p->scales[i];
        for (size_t j = 0; j < s->n_levels; j++) {
            free(s->levels[j].id);
            free(s->levels[j].label);
            free(s->levels[j].criteria);
            free(s->levels[j].article);
        }
        free(s->levels);
        free(s->id);
        free(s->label);
        free(s->article);
    }
    free(p->scales);
    for (size_t i = 0; i < p->n_restrictions; i++) {
        PackRestriction *r = &p->restrictions[i];
        free(r->id);
        free(r->label);
        free(r->short_label);
        free(r->description);
        free(r->article);
        free(r->scale);
        free_strv(r->levels, r->n_levels);
    }
    free(p->restrictions);
    for (size_t i = 0; i < p->n_roles; i++) {
        PackRole *r = &p->roles[i];
        free(r->id);
        free(r->label);
        free(r->description);
        free(r->article);
        free_strv(r->capability_names, r->n_capabilities);
    }
    free(p->roles);
    for (size_t i = 0; i < p->n_checks; i++) {
        free(p->checks[i].id);
        free(p->checks[i].label);
        free(p->checks[i].article);
        free(p->checks[i].period);
        free_strv(p->checks[i].owners, p->checks[i].n_owners);
        free(p->checks[i].category);
    }
    free(p->checks);
    for (size_t i = 0; i < p->n_selfcheck; i++) {
        free(p->selfcheck[i].id);
        free(p->selfcheck[i].category);
        free(p->selfcheck[i].question);
        free(p->selfcheck[i].article);
        free(p->selfcheck[i].scope);
        free(p->selfcheck[i].auto_source);
    }
    free(p->selfcheck);
    for (size_t i = 0; i < p->n_audit_items; i++) {
        PackAuditItem *a = &p->audit_items[i];
        free(a->id);
        free(a->area);
        free(a->category);
        free(a->item);
        free(a->materials);
        free(a->procedure);
        for (size_t k = 0; k < a->n_articles; k++)
            free(a->articles[k]);
        free(a->articles);
    }
    free(p->audit_items);
    for (size_t i = 0; i < p->n_articles; i++) {
        free(p->articles[i].number);
        free(p->articles[i].title);
        free(p->articles[i].text);
        free(p->articles[i].guideline);
    }
    free(p->articles);
    PackVisibility *vis = &p->visibility;
    free(vis->article);
    free(vis->restricted_from);
    free(vis->restricted_article);
    free_strv(vis->all_roles, vis->n_all_roles);
    free_strv(vis->unit_roles, vis->n_unit_roles);
    free_strv(vis->system_roles, vis->n_system_roles);
    PackCommittee *cm = &p->committee;
    free(cm->article);
    free(cm->chair);
    free(cm->decision_article);
    free_strv(cm->members, cm->n_members);
    free_strv(cm->secretariat, cm->n_secretariat);
    PackSystems *sy = &p->systems;
    free(sy->support_article);
    free_strv(sy->editor_roles, sy->n_editor_roles);
    for (size_t i = 0; i < sy->n_registrations; i++) {
        free(sy->registrations[i].id);
        free(sy->registrations[i].label);
    }
    free(sy->registrations);
    for (size_t i = 0; i < sy->n_account_formats; i++) {
        PackAccountFormat *f = &sy->account_formats[i];
        free(f->id);
        free(f->label);
        free(f->description);
        for (int c = 0; c < ACCT_COL_COUNT; c++)
            free_strv(f->columns[c], f->n_columns[c]);
        free_strv(f->privileged_words, f->n_privileged_words);
        free_strv(f->disabled_words, f->n_disabled_words);
    }
    free(sy->account_formats);
    free_strv(sy->privileged_id_roles, sy->n_privileged_id_roles);
    free_strv(sy->shared_id_words, sy->n_shared_id_words);
    for (size_t i = 0; i < sy->n_requirements; i++) {
        PackSystemRequirement *r = &sy->requirements[i];
        free(r->id);
        free(r->label);
        free(r->description);
        free(r->article);
        free(r->reference);
        free(r->condition);
        free(r->cond_scale);
        free(r->cond_value);
        free(r->field);
    }
    free(sy->requirements);
    for (size_t i = 0; i < p->n_request_types; i++) {
        PackRequestType *t = &p->request_types[i];
        free(t->id);
        free(t->label);
        free(t->article);
        free(t->description);
        free(t->object);
        free(t->condition);
        free(t->cond_level);
        free(t->asset_event);
        free(t->kind);
        free(t->cond_field);
        free(t->instead);
        free_strv(t->requester_roles, t->n_requester_roles);
        free(t->default_approver_note);
        free(t->valid_until_field);
        free(t->return_not_before);
        free(t->group);
        free(t->report_article);
        free_strv(t->delegates, t->n_delegates);
        free_strv(t->notify_roles, t->n_notify_roles);
        for (size_t j = 0; j < t->n_fields; j++) {
            free(t->fields[j].name);
            free(t->fields[j].label);
            free(t->fields[j].type);
            free_strv(t->fields[j].choices, t->fields[j].n_choices);
            free_strv(t->fields[j].choice_labels, t->fields[j].n_choice_labels);
            free(t->fields[j].not_before);
        }
        free(t->fields);
        for (size_t j = 0; j < t->n_stages; j++) {
            free(t->stages[j].role);
            free(t->stages[j].scope);
            free(t->stages[j].mode);
            free(t->stages[j].escalate_to);
        }
        free(t->stages);
    }
    free(p->request_types);
    pack_incidents_clear(&p->incidents);
    pack_guideline_clear(&p->guideline);
    pack_training_clear(&p->training);
    pack_vendors_clear(&p->vendors);
    pack_cloud_clear(&p->cloud);
    free(p->digest);
    free(p);
}

void pack_issues_free(PackIssues *issues)
{
    if (!issues)
        return;
    free(issues->items);
    issues->items = NULL;
    issues->count = 0;
}

const char *const pack_selfcheck_auto_sources[] = {
    "section_manager_assigned", /* 第16条: the 課室 has a current 情報セキュリティ管理者 */
    "policy_acknowledged",      /* 第47条(2): the 課室's staff acknowledged the policy in force */
    "take_outs_returned",       /* 第43条: no overdue 持ち出し of the 課室 */
    "assets_classified",        /* 第22条: no asset of the 課室 still 要判断 */
    "systems_backed_up",        /* 第61条: every system of the 課室 has its backup recorded */
    "mynumber_mfa",             /* 第24条: every マイナンバー利用事務系 system of the 課室 has 多要素認証 */
    "system_manager_assigned",  /* 第17条 (scope system): the system has a current 情報システム管理者 */
    "components_supported",     /* 第31条 (scope system): no component past its vendor's support end */
    "system_backed_up",         /* 第61条 (scope system): the system's backup is recorded as done */
    "access_reviewed",          /* 第83条(3) (scope system): its IDs certified in an access review in time */
    "unused_ids_checked",       /* 第83条(2) (scope system): no unused ID left without a decision */
    "privileged_ids_reviewed",  /* 第84条 (scope system): privileged IDs listed, certified, none without a role */
    "ciso_appointed",           /* 第12条 (scope organisation): a CISO appointed today */
    "csirt_lead_appointed",     /* 第21条2 (scope organisation): a CSIRT責任者 appointed today */
    "audit_findings_planned",   /* 第160条 (scope organisation): the 年度's findings planned, none overdue */
    "policy_reviewed",          /* 第165条 (scope organisation): the 年度's 見直し recorded */
    NULL,
};

const PackRole *pack_role(const Pack *p, const char *id)
{
    for (size_t i = 0; i < p->n_roles; i++)
        if (p->roles[i].id && strcmp(p->roles[i].id, id) == 0)
            return &p->roles[i];
    return NULL;
}

const PackScale *pack_scale(const Pack *p, const char *id)
{
    for (size_t i = 0; i < p->n_scales; i++)
        if (p->scales[i].id && strcmp(p->scales[i].id, id) == 0)
            return &p->scales[i];
    return NULL;
}

const PackLevel *pack_level(const PackScale *s, const char *id)
{
    for (size_t i = 0; i < s->n_levels; i++)
        if (s->levels[i].id && strcmp(s->levels[i].id, id) == 0)
            return &s->levels[i];
    return NULL;
}

const PackRestriction *pack_restriction(const Pack *p, const char *id)
{
    for (size_t i = 0; i < p->n_restrictions; i++)
        if (p->restrictions[i].id && strcmp(p->restrictions[i].id, id) == 0)
            return &p->restrictions[i];
    return NULL;
}

const char *const pack_account_columns[] = {"login_id", "staff_no", "holder_name", "unit_name", "privileges",
                                            "last_login", "state", NULL};

const PackAccountFormat *pack_account_format(const Pack *p, const char *id)
{
    for (size_t i = 0; p && id && i < p->systems.n_account_formats; i++)
        if (strcmp(p->systems.account_formats[i].id, id) == 0)
            return &p->systems.account_formats[i];
    return NULL;
}

const PackRegistration *pack_registration(const Pack *p, const char *id)
{
    for (size_t i = 0; i < p->systems.n_registrations; i++)
        if (p->systems.registrations[i].id && strcmp(p->systems.registrations[i].id, id) == 0)
            return &p->systems.registrations[i];
    return NULL;
}

const PackRequestType *pack_request_type(const Pack *p, const char *id)
{
    for (size_t i = 0; i < p->n_request_types; i++)
        if (p->request_types[i].id && id && strcmp(p->request_types[i].id, id) == 0)
            return &p->request_types[i];
    return NULL;
}

const PackRequestField *pack_request_field(const PackRequestType *t, const char *name)
{
    for (size_t j = 0; t && name && j < t->n_fields; j++)
        if (t->fields[j].name && strcmp(t->fields[j].name, name) == 0)
            return &t->fields[j];
    return NULL;
}

const PackArticle *pack_article(const Pack *p, const char *number)
{
    for (size_t i = 0; i < p->n_articles; i++)
        if (p->articles[i].number && strcmp(p->articles[i].number, number) == 0)
            return &p->articles[i];
    size_t base = pack_article_base_len(number);
    if (!base || base == strlen(number))
        return NULL;
    for (size_t i = 0; i < p->n_articles; i++)
        if (p->articles[i].number && strlen(p->articles[i].number) == base &&
            memcmp(p->articles[i].number, number, base) == 0)
            return &p->articles[i];
    return NULL;
}

/* ---------------------------------------------------------------------------------------------- */

static int cmp_source(const void *a, const void *b)
{
    const PackSource *x = *(const PackSource *const *)a, *y = *(const PackSource *const *)b;
    return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

void pack_digest(const PackSource *files, size_t n, char out[65])
{
    const PackSource **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = &files[i];
    qsort(sorted, n, sizeof *sorted, cmp_source);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (size_t i = 0; i < n; i++) {
        const char *name = sorted[i]->name ? sorted[i]->name : "";
        crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name) + 1);
        unsigned char len[8];
        uint64_t v = sorted[i]->len;
        for (int k = 7; k >= 0; k--, v >>= 8)
            len[k] = (unsigned char)(v & 0xff);
        crypto_hash_sha256_update(&st, len, sizeof len);
        crypto_hash_sha256_update(&st, (const unsigned char *)sorted[i]->data, sorted[i]->len);
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
    free(sorted);
}

void pack_sources_embedded(PackSource **out, size_t *n)
{
    size_t count = 0;
    while (embedded_pack_mic[count].name)
        count++;
    PackSource *v = xcalloc(count ? count : 1, sizeof *v);
    for (size_t i = 0; i < count; i++) {
        v[i].name = xstrdup(embedded_pack_mic[i].name);
        v[i].len = embedded_pack_mic[i].len;
        char *d = xmalloc(v[i].len + 1); /* exact bytes, NUL-terminated */
        memcpy(d, embedded_pack_mic[i].data, v[i].len);
        d[v[i].len] = '\0';
        v[i].data = d;
    }
    *out = v;
    *n = count;
}

static bool is_pack_file_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.')
        return false;
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_source_value(const void *a, const void *b)
{
    return strcmp(((const PackSource *)a)->name, ((const PackSource *)b)->name);
}

Status pack_sources_from_dir(const char *dir, PackSource **out, size_t *n, Err *e)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return err_setf(e, ST_IO, "pack_dir_unreadable", "dir", "パックのディレクトリ %s を開けません (%s)",
                        "cannot open pack directory %s (%s)", dir, strerror(errno));
    PackSource *v = NULL;
    size_t count = 0;
    Status st = ST_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_pack_file_name(de->d_name))
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(path);
            continue;
        }
        if (count >= 64) {
            free(path);
            st = err_setf(e, ST_INVALID, "pack_too_many_files", "dir", "%s にファイルが多すぎます",
                          "too many files in %s", dir);
            break;
        }
        FILE *f = fopen(path, "rb");
        if (!f) {
            st = err_setf(e, ST_IO, "pack_file_unreadable", "file", "%s を読めません (%s)", "cannot read %s (%s)",
                          path, strerror(errno));
            free(path);
            break;
        }
        Buf b = BUF_INIT;
        char chunk[8192];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (4u << 20))
            buf_append(&b, chunk, got);
        bool failed = ferror(f);
        fclose(f);
        if (failed) {
            buf_free(&b);
            st = err_setf(e, ST_IO, "pack_file_unreadable", "file", "%s を読めません", "cannot read %s%s", path, "");
            free(path);
            break;
        }
        free(path);
        v = xrealloc(v, (count + 1) * sizeof *v);
        v[count].name = xstrdup(de->d_name);
        v[count].len = b.len;
        v[count].data = buf_take(&b);
        count++;
    }
    closedir(d);
    if (st != ST_OK) {
        pack_sources_free(v, count);
        return st;
    }
    if (count)
        qsort(v, count, sizeof *v, cmp_source_value);
    *out = v;
    *n = count;
    return ST_OK;
}

void pack_sources_free(PackSource *files, size_t n)
{
    if (!files)
        return;
    for (size_t i = 0; i < n; i++) {
        free((char *)files[i].name);
        free((char *)files[i].data);
    }
    free(files);
}

Status pack_load_dir(const char *dir, Pack **out, PackIssues *issues, Err *e)
{
    *out = NULL;
    issues->items = NULL;
    issues->count = 0;
    PackSource *files;
    size_t n;
    Status st = pack_sources_from_dir(dir, &files, &n, e);
    if (st != ST_OK)
        return st;
    st = pack_load_sources(files, n, out, issues, e);
    pack_sources_free(files, n);
    return st;
}

Status pack_load_embedded(Pack **out, PackIssues *issues, Err *e)
{
    PackSource *files;
    size_t n;
    pack_sources_embedded(&files, &n);
    Status st = pack_load_sources(files, n, out, issues, e);
    pack_sources_free(files, n);
    return st;
}
