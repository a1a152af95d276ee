/* incident_lessons: the closed incidents whose lessons a 年度の見直し (第165条) takes in — those whose
 * closure named that 年度 (incident_follow_up.c) — for the review's page, filtered by need-to-know
 * (incidents.h): what the reader may not open is counted, never listed. */
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

/* The entry of year in years (ascending), added when missing. */
static json_t *year_entry(json_t *years, int64_t year)
{
    size_t n = json_array_size(years);
    json_t *last = n ? json_array_get(years, n - 1) : NULL;
    if (last && json_integer_value(json_object_get(last, "fiscal_year")) == year)
        return last;
    json_t *y = json_pack("{s:I, s:[], s:i}", "fiscal_year", (json_int_t)year, "items", "hidden", 0);
    json_array_append_new(years, y);
    return y;
}

Status incident_review_lessons(Ctx *ctx, int fiscal_year, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, title, category, closed_at, lessons, reporter_person_id, review_fiscal_year"
                          " FROM incidents WHERE state = 'closed' AND review_fiscal_year IS NOT NULL"
                          " AND (?1 = 0 OR review_fiscal_year = ?1) ORDER BY review_fiscal_year, closed_at, id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fiscal_year);
    static const char *const cols[] = {"id", "title", "category", "closed_at", "lessons", "reporter_person_id",
                                       "review_fiscal_year", NULL};
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "isSsSii", &rows, e);
    if (s != ST_OK)
        return s;
    /* the organisation-wide chain reads every report: asked once, not per row */
    bool all = false;
    s = incident_org_chain_member(ctx, &all, e);
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *years = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (s != ST_OK)
            break;
        int64_t id = json_integer_value(json_object_get(r, "id"));
        bool may = all;
        if (!may)
            s = incident_may_read(ctx, id, json_integer_value(json_object_get(r, "reporter_person_id")), &may, e);
        json_t *y = year_entry(years, json_integer_value(json_object_get(r, "review_fiscal_year")));
        if (s != ST_OK || !may) {
            json_object_set_new(y, "hidden", json_integer(json_integer_value(json_object_get(y, "hidden")) + 1));
            continue;
        }
        const char *cat = json_string_value(json_object_get(r, "category"));
        const PackIncidentChoice *c = cat ? pack_incident_choice(pi->categories, pi->n_categories, cat) : NULL;
        json_array_append_new(json_object_get(y, "items"),
                              json_pack("{s:I, s:O, s:O, s:s?, s:s?, s:O, s:O}", "id", (json_int_t)id, "title",
                                        json_object_get(r, "title"), "category", json_object_get(r, "category"),
                                        "category_label", c ? c->label : NULL, "category_label_en",
                                        c ? c->label_en : NULL, "closed_at", json_object_get(r, "closed_at"),
                                        "lessons", json_object_get(r, "lessons")));
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(years);
        return s;
    }
    *out = json_pack("{s:o}", "years", years);
    return ST_OK;
}
