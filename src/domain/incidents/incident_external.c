/* incident_external: reports outside (incidents.yaml external_reports; 第21条5・6, 第54条4) — which
 * apply to a report as it stands, their deadlines counted in days from the day it was noticed (JST),
 * a draft in the order of the official form (概要, 項目, 本人の数, 原因, 二次被害, 本人への対応, 公表,
 * 再発防止策, その他) filled from the report, and the submitted version frozen as canonical JSON with
 * its SHA-256 (the table refuses updates and deletes). For the CSIRT and the CISO. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

/* The official form's items, in its order. */
#define form external_report_form /* entities/incident_entity.h */
#define N_FORM external_report_form_count

static bool in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static bool has_kind(const json_t *row, const char *kind)
{
    const char *stored = json_string_value(json_object_get(row, "personal_data_kinds"));
    size_t n = strlen(kind);
    for (const char *p = stored; p && (p = strstr(p, kind)) != NULL; p += n)
        if ((p == stored || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

/* Whether report r applies to the report row as it stands. */
static bool applies(const PackIncidents *pi, const PackExternalReport *r, const json_t *row)
{
    if (strcmp(json_string_value(json_object_get(row, "state")), "not_incident") == 0)
        return false;
    if (r->always)
        return true;
    const char *category = json_string_value(json_object_get(row, "category"));
    if (r->personal_data && strcmp(json_string_value(json_object_get(row, "personal_data")), "involved") == 0) {
        for (size_t i = 0; i < r->n_kinds; i++)
            if (has_kind(row, r->kinds[i]))
                return true;
        json_t *count = json_object_get(row, "affected_count");
        if (r->min_affected && json_is_integer(count) && json_integer_value(count) >= r->min_affected)
            return true;
        if (in_list(r->categories, r->n_categories, category))
            return true;
    }
    if (r->min_severity) {
        const PackIncidentChoice *min = pack_incident_choice(pi->severities, pi->n_severities, r->min_severity);
        const PackIncidentChoice *sev = pack_incident_choice(pi->severities, pi->n_severities,
                                                             json_string_value(json_object_get(row, "severity")));
        if (min && sev && sev->rank >= min->rank)
            return true;
    }
    return false;
}

/* The due date (JST) as YYYY-MM-DD, and its day number. */
static int64_t due_day(const PackExternalReport *r, const json_t *row, char out[static 11])
{
    int64_t noticed = 0;
    time_parse_iso(json_string_value(json_object_get(row, "noticed_at")), &noticed);
    int y, m, d;
    time_jst_date(noticed, &y, &m, &d);
    int days = r->due_days;
    if (r->extended_days && in_list(r->extended_categories, r->n_extended_categories,
                                    json_string_value(json_object_get(row, "category"))))
        days = r->extended_days;
    int64_t day = days_from_civil(y, m, d) + days;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return day;
}

static int64_t today_day(const Ctx *ctx)
{
    int y, m, d;
    time_jst_date(clock_now(ctx->clock), &y, &m, &d);
    return days_from_civil(y, m, d);
}

/* The draft: the form's items filled from the report (what it does not know stays ""). */
static json_t *draft(const Ctx *ctx, const json_t *row)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *o = json_object();
    char buf[8192];
    snprintf(buf, sizeof buf, "%s\n%s", json_string_value(json_object_get(row, "title")),
             json_string_value(json_object_get(row, "description")));
    json_object_set_new(o, "summary", json_string(buf));
    buf[0] = '\0';
    for (size_t i = 0; i < pi->n_personal_data; i++)
        if (has_kind(row, pi->personal_data[i].id)) {
            if (buf[0])
                strcat(buf, "、");
            strncat(buf, pi->personal_data[i].label, sizeof buf - strlen(buf) - 1);
        }
    json_object_set_new(o, "items", json_string(buf));
    json_t *count = json_object_get(row, "affected_count");
    if (json_is_integer(count))
        snprintf(buf, sizeof buf, "%lld人 (概数)", (long long)json_integer_value(count));
    else
        buf[0] = '\0';
    json_object_set_new(o, "affected", json_string(buf));
    json_object_set_new(o, "cause", json_string(json_string_value(json_object_get(row, "cause"))));
    json_object_set_new(o, "secondary_damage", json_string(""));
    json_object_set_new(o, "response", json_string(""));
    json_object_set_new(o, "publication", json_string(""));
    json_object_set_new(o, "prevention", json_string(json_string_value(json_object_get(row, "prevention"))));
    json_object_set_new(o, "other", json_string(json_string_value(json_object_get(row, "decision"))));
    return o;
}

static Status need_team(Ctx *ctx, Err *e)
{
    bool csirt = false, decide = false;
    Status s = incident_can(ctx, &csirt, &decide, e);
    if (s == ST_OK && !csirt && !decide)
        s = err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "外部への報告はCSIRTとCISOが扱います",
                    "only the CSIRT and the CISO handle reports outside");
    return s;
}

static Status submitted(Ctx *ctx, int64_t id, const char *kind, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT x.id, x.sha256, x.body, x.submitted_at, p.name FROM incident_external_reports x"
                          " JOIN people_v p ON p.id = x.submitted_by WHERE x.incident_id = ? AND x.kind = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, kind);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        json_t *body = json_loads(stmt_text(st, 2), 0, NULL);
        *out = json_pack("{s:I, s:s, s:o, s:s, s:s}", "id", (json_int_t)stmt_int(st, 0), "sha256", stmt_text(st, 1),
                         "body", body ? body : json_null(), "submitted_at", stmt_text(st, 3), "submitted_by_name",
                         stmt_text(st, 4));
    }
    stmt_finalize(st);
    return s;
}

Status incident_external_list(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = need_team(ctx, e);
    json_t *row = NULL;
    if (s == ST_OK)
        s = incident_plain(ctx, id, &row, e);
    if (s != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    int64_t today = today_day(ctx);
    json_t *items = json_array();
    for (size_t i = 0; i < pi->n_external_reports && s == ST_OK; i++) {
        const PackExternalReport *r = &pi->external_reports[i];
        json_t *done = NULL;
        if ((s = submitted(ctx, id, r->id, &done, e)) != ST_OK)
            break;
        if (!applies(pi, r, row) && !done)
            continue;
        char due[11];
        int64_t day = due_day(r, row, due);
        json_t *labels = json_array();
        for (size_t k = 0; k < N_FORM; k++)
            json_array_append_new(labels, json_pack("{s:s, s:s, s:s}", "key", form[k].name, "label", form[k].label_ja,
                                                    "label_en", form[k].label_en));
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:b, s:o, s:o, s:o}",
                                                "kind", r->id, "label", r->label, "label_en", r->label_en,
                                                "recipient", r->recipient, "citation", r->citation, "article",
                                                r->article, "due_date", due, "days_left", (json_int_t)(day - today),
                                                "overdue", !done && today > day, "remind",
                                                !done && today >= day - r->remind_days, "submitted",
                                                done ? done : json_null(), "draft", draft(ctx, row), "form", labels));
    }
    json_decref(row);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status incident_external_submit(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    const char *kind;
    Status s = incident_text(ctx, in, &external_report_fields[0], true, &kind, e);
    const PackExternalReport *r = NULL;
    for (size_t i = 0; s == ST_OK && i < pi->n_external_reports; i++)
        if (strcmp(pi->external_reports[i].id, kind) == 0)
            r = &pi->external_reports[i];
    if (s == ST_OK && !r)
        s = err_set(e, ST_INVALID, "invalid_report_kind", "kind", "報告の種類はポリシーの一覧から選んでください",
                    "kind must be one of the policy pack's external reports");
    json_t *fields = json_object_get(in, "fields");
    if (s == ST_OK && !json_is_object(fields))
        s = err_set(e, ST_INVALID, "required", "fields", "報告の内容を入力してください", "fields is required");
    json_t *clean = json_object();
    for (size_t k = 0; s == ST_OK && k < N_FORM; k++) {
        const char *v = "";
        char key[64];
        snprintf(key, sizeof key, "fields.%s", form[k].name);
        s = incident_text(ctx, fields, &form[k], form[k].flags & EF_REQUIRED, &v, e);
        if (s != ST_OK)
            e->field[0] = '\0', snprintf(e->field, sizeof e->field, "%s", key);
        else
            json_object_set_new(clean, form[k].name, json_string(v));
    }
    const char *unknown;
    json_t *ignored;
    if (s == ST_OK)
        json_object_foreach(fields, unknown, ignored) if (!json_object_get(clean, unknown)) {
            s = err_setf(e, ST_INVALID, "unknown_field", "fields", "不明な項目です: %s", "unknown field: %s", unknown);
            break;
        }
    if (s == ST_OK)
        s = need_team(ctx, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(clean);
        return s;
    }
    json_t *row = NULL, *done = NULL;
    s = incident_plain(ctx, id, &row, e);
    if (s == ST_OK && (s = submitted(ctx, id, kind, &done, e)) == ST_OK && done)
        s = err_set(e, ST_CONFLICT, "report_submitted", "kind", "この報告は提出済みです (提出した版は変更できません)",
                    "this report was submitted; the submitted version cannot change");
    if (s == ST_OK && !applies(pi, r, row))
        s = err_set(e, ST_CONFLICT, "report_not_applicable", "kind", "この報告は、このインシデントには当てはまりません",
                    "this report does not apply to the incident");
    char due[11] = "", now[21], sha[65];
    incident_now(ctx, now);
    char *body = NULL;
    if (s == ST_OK) {
        due_day(r, row, due);
        json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:s, s:O}", "incident_id", (json_int_t)id, "kind", kind,
                                "citation", r->citation, "due_date", due, "submitted_at", now, "fields", clean);
        body = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(doc);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
        for (int i = 0; i < 32; i++)
            snprintf(sha + 2 * i, 3, "%02x", h[i]);
        Stmt *st = db_prepare(ctx->db,
                              "INSERT INTO incident_external_reports(incident_id, kind, body, sha256, due_date,"
                              " submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              e);
        if (st) {
            stmt_bind_int(st, 1, id);
            stmt_bind_text(st, 2, kind);
            stmt_bind_text(st, 3, body);
            stmt_bind_text(st, 4, sha);
            stmt_bind_text(st, 5, due);
            stmt_bind_int(st, 6, ctx->actor->person_id);
            stmt_bind_text(st, 7, now);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s}", "kind", kind, "sha256", sha, "due_date", due);
        s = record_change(ctx, "incident.report_submit", "incident", id, NULL, after, e);
        json_decref(after);
    }
    free(body);
    json_decref(row);
    json_decref(done);
    json_decref(clean);
    return finish_tx(ctx, s, e);
}

Status incident_reports_due(Ctx *ctx, int64_t *soon, int64_t *overdue, Err *e)
{
    *soon = *overdue = 0;
    bool csirt = false, decide = false;
    Status s = incident_can(ctx, &csirt, &decide, e);
    if (s != ST_OK || (!csirt && !decide))
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM incidents WHERE state IN ('reported', 'triaged') ORDER BY id", e);
    if (!st)
        return e->status;
    json_t *ids = NULL;
    static const char *const cols[] = {"id", NULL};
    if ((s = rows_array(st, cols, "i", &ids, e)) != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    int64_t today = today_day(ctx);
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x) {
        int64_t id = json_integer_value(json_object_get(x, "id"));
        json_t *row = NULL;
        if ((s = incident_plain(ctx, id, &row, e)) != ST_OK)
            break;
        for (size_t k = 0; k < pi->n_external_reports && s == ST_OK; k++) {
            const PackExternalReport *r = &pi->external_reports[k];
            if (!applies(pi, r, row))
                continue;
            json_t *done = NULL;
            if ((s = submitted(ctx, id, r->id, &done, e)) != ST_OK || done) {
                json_decref(done);
                continue;
            }
            char due[11];
            int64_t day = due_day(r, row, due);
            if (today > day)
                (*overdue)++;
            else if (today >= day - r->remind_days)
                (*soon)++;
        }
        json_decref(row);
        if (s != ST_OK)
            break;
    }
    json_decref(ids);
    return s;
}
