/* incident_stats: a 年度's figures for the 情報セキュリティ委員会 (see incidents.h): counts by category and
 * by 課室, how long triage and closure took (medians, in hours), and what is still open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

/* The median of the hours between two columns over the 年度's reports that have both. */
static Status median_hours(Ctx *ctx, const char *sql, const char *from, const char *to, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, from);
    stmt_bind_text(st, 2, to);
    double v[4096];
    size_t n = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        if (n < sizeof v / sizeof *v) {
            int64_t a = 0, b = 0;
            time_parse_iso(stmt_text(st, 0), &a);
            time_parse_iso(stmt_text(st, 1), &b);
            v[n++] = (double)(b - a) / 3600.0;
        }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    for (size_t i = 1; i < n; i++) /* insertion sort: a 年度 has few reports */
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    *out = n == 0 ? json_null() : json_real(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0);
    return ST_OK;
}

/* The reports outside submitted for the 年度's incidents, per kind: how many, and how many after their
 * deadline (the JST day of submission after due_date). */
static Status external_made(Ctx *ctx, const char *from, const char *to, json_t **out, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT x.kind, count(*), sum(date(x.submitted_at, '+9 hours') > x.due_date)"
                          " FROM incident_external_reports x JOIN incidents i ON i.id = x.incident_id"
                          " WHERE i.noticed_at >= ? AND i.noticed_at < ? GROUP BY x.kind ORDER BY x.kind",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, from);
    stmt_bind_text(st, 2, to);
    static const char *const cols[] = {"id", "count", "late", NULL};
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "sii", &rows, e);
    if (s != ST_OK)
        return s;
    /* in the pack's order, each kind with its label (a kind no longer in the pack keeps its id) */
    *out = json_array();
    for (size_t i = 0; i <= pi->n_external_reports; i++) {
        size_t k;
        json_t *r;
        json_array_foreach(rows, k, r) {
            const char *id = json_string_value(json_object_get(r, "id"));
            bool known = false;
            for (size_t j = 0; j < pi->n_external_reports; j++)
                known |= strcmp(pi->external_reports[j].id, id) == 0;
            if (i < pi->n_external_reports ? strcmp(pi->external_reports[i].id, id) != 0 : known)
                continue;
            json_object_set_new(r, "label", json_string(i < pi->n_external_reports ? pi->external_reports[i].label : id));
            json_array_append(*out, r);
        }
    }
    json_decref(rows);
    return ST_OK;
}

Status incident_stats(Ctx *ctx, int fiscal_year, json_t **out, Err *e)
{
    if (fiscal_year < 2000 || fiscal_year > 2999)
        return err_set(e, ST_INVALID, "invalid_fiscal_year", "fiscal_year",
                       "年度は西暦の年 (例: 2026 = 令和8年度) で入力してください", "fiscal_year must be a year such as 2026");
    bool csirt = false, decide = false;
    Status s = incident_can(ctx, &csirt, &decide, e);
    if (s == ST_OK && !csirt && !decide)
        s = err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "年度の集計はCSIRTとCISOが見られます",
                    "only the CSIRT and the CISO see the figures");
    if (s != ST_OK)
        return s;
    /* 年度: 4月1日 0:00 JST (= 3月31日 15:00 UTC) to the next 4月1日 */
    char from[21], to[21];
    snprintf(from, sizeof from, "%04d-03-31T15:00:00Z", fiscal_year);
    snprintf(to, sizeof to, "%04d-03-31T15:00:00Z", fiscal_year + 1);
    const PackIncidents *pi = &ctx->pack->incidents;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*), sum(state = 'not_incident'), sum(state = 'closed'),"
                          " sum(state IN ('reported', 'triaged')) FROM incidents WHERE noticed_at >= ? AND noticed_at < ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, from);
    stmt_bind_text(st, 2, to);
    bool row = false;
    json_t *o = json_object();
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        json_object_set_new(o, "total", json_integer(stmt_int(st, 0)));
        json_object_set_new(o, "not_incident", json_integer(stmt_int(st, 1)));
        json_object_set_new(o, "closed", json_integer(stmt_int(st, 2)));
        json_object_set_new(o, "open", json_integer(stmt_int(st, 3)));
    }
    stmt_finalize(st);
    json_t *by_category = json_array();
    for (size_t i = 0; s == ST_OK && i < pi->n_categories; i++) {
        st = db_prepare(ctx->db, "SELECT count(*) FROM incidents WHERE noticed_at >= ? AND noticed_at < ? AND category = ?", e);
        if (!st) {
            s = e->status;
            break;
        }
        stmt_bind_text(st, 1, from);
        stmt_bind_text(st, 2, to);
        stmt_bind_text(st, 3, pi->categories[i].id);
        if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
            json_array_append_new(by_category, json_pack("{s:s, s:s, s:s, s:I}", "id", pi->categories[i].id, "label",
                                                         pi->categories[i].label, "label_en", pi->categories[i].label_en,
                                                         "count", (json_int_t)stmt_int(st, 0)));
        stmt_finalize(st);
    }
    json_object_set_new(o, "by_category", by_category);
    json_t *by_severity = json_array();
    for (size_t i = pi->n_severities; s == ST_OK && i-- > 0;) { /* graver first */
        st = db_prepare(ctx->db, "SELECT count(*) FROM incidents WHERE noticed_at >= ? AND noticed_at < ? AND severity = ?", e);
        if (!st) {
            s = e->status;
            break;
        }
        stmt_bind_text(st, 1, from);
        stmt_bind_text(st, 2, to);
        stmt_bind_text(st, 3, pi->severities[i].id);
        if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
            json_array_append_new(by_severity, json_pack("{s:s, s:s, s:s, s:I}", "id", pi->severities[i].id, "label",
                                                         pi->severities[i].label, "label_en", pi->severities[i].label_en,
                                                         "count", (json_int_t)stmt_int(st, 0)));
        stmt_finalize(st);
    }
    json_object_set_new(o, "by_severity", by_severity);
    json_t *external = NULL;
    if (s == ST_OK)
        s = external_made(ctx, from, to, &external, e);
    json_object_set_new(o, "external_reports", external ? external : json_array());
    json_t *by_unit = NULL;
    if (s == ST_OK && (st = db_prepare(ctx->db,
                                       "SELECT u.id, u.name, count(*) FROM incidents i JOIN org_units_v u ON u.id = i.unit_id"
                                       " WHERE i.noticed_at >= ? AND i.noticed_at < ? GROUP BY u.id ORDER BY count(*) DESC, u.id",
                                       e)) != NULL) {
        stmt_bind_text(st, 1, from);
        stmt_bind_text(st, 2, to);
        static const char *const cols[] = {"unit_id", "unit_name", "count", NULL};
        s = rows_array(st, cols, "isi", &by_unit, e);
    } else if (s == ST_OK) {
        s = e->status;
    }
    json_object_set_new(o, "by_unit", by_unit ? by_unit : json_array());
    json_t *triage = NULL, *close = NULL;
    if (s == ST_OK)
        s = median_hours(ctx, "SELECT created_at, triaged_at FROM incidents WHERE noticed_at >= ? AND noticed_at < ?"
                              " AND triaged_at IS NOT NULL", from, to, &triage, e);
    if (s == ST_OK)
        s = median_hours(ctx, "SELECT created_at, closed_at FROM incidents WHERE noticed_at >= ? AND noticed_at < ?"
                              " AND closed_at IS NOT NULL", from, to, &close, e);
    json_object_set_new(o, "median_hours_to_triage", triage ? triage : json_null());
    json_object_set_new(o, "median_hours_to_close", close ? close : json_null());
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    json_object_set_new(o, "fiscal_year", json_integer(fiscal_year));
    *out = o;
    return ST_OK;
}
