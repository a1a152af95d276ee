/* review_lessons: composing the 年度の見直し with the incidents' lessons (review_lessons.h). */
#include "http/review_lessons.h"

#include "domain/incidents/incidents.h"

/* The entry of years for fiscal year fy, or NULL. */
static json_t *year_of(json_t *years, json_int_t fy)
{
    size_t i;
    json_t *y;
    json_array_foreach(years, i, y) {
        if (json_integer_value(json_object_get(y, "fiscal_year")) == fy)
            return y;
    }
    return NULL;
}

/* {items, hidden} of the year entry y (an empty one when y is NULL). */
static json_t *lessons_of(json_t *y)
{
    if (!y)
        return json_pack("{s:[], s:i}", "items", "hidden", 0);
    return json_pack("{s:O, s:O}", "items", json_object_get(y, "items"), "hidden", json_object_get(y, "hidden"));
}

Status review_lessons_attach_list(Ctx *ctx, json_t *list, Err *e)
{
    json_t *all = NULL;
    Status s = incident_review_lessons(ctx, 0, &all, e);
    if (s != ST_OK)
        return s;
    json_t *years = json_object_get(all, "years");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(list, "items"), i, r) {
        json_int_t fy = json_integer_value(json_object_get(r, "fiscal_year"));
        json_object_set_new(r, "incidents", lessons_of(year_of(years, fy)));
    }
    json_t *pending = json_array();
    json_array_foreach(years, i, r) {
        json_int_t fy = json_integer_value(json_object_get(r, "fiscal_year"));
        bool recorded = false;
        size_t j;
        json_t *rv;
        json_array_foreach(json_object_get(list, "items"), j, rv) {
            recorded = recorded || json_integer_value(json_object_get(rv, "fiscal_year")) == fy;
        }
        if (!recorded)
            json_array_append(pending, r);
    }
    json_object_set_new(list, "incidents_pending", pending);
    json_decref(all);
    return ST_OK;
}

Status review_lessons_attach(Ctx *ctx, json_t *review, Err *e)
{
    json_t *one = NULL;
    Status s = incident_review_lessons(ctx, (int)json_integer_value(json_object_get(review, "fiscal_year")), &one, e);
    if (s != ST_OK)
        return s;
    json_object_set_new(review, "incidents", lessons_of(json_array_get(json_object_get(one, "years"), 0)));
    json_decref(one);
    return ST_OK;
}
