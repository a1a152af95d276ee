/* rates: 受講率 per 課室 (第51条5・6), who has not attended, a person's courses, and the figures of
 * the yearly report to the 委員会 (第51条7) — computed from the audience over org's published views
 * in one query each (10,000 people well under 100 ms, `make bench`). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "domain/training/training_internal.h"
#include "policy/capability.h"

#define MISSING_MAX 5000

/* The course as the rate pages show it. */
static json_t *course_brief(const Ctx *ctx, const CourseRow *c)
{
    const PackAudience *a = pack_audience(ctx->pack, c->audience);
    return json_pack("{s:I, s:i, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id, "fiscal_year", c->fiscal_year, "title",
                     c->title, "audience", c->audience, "audience_label", a ? a->label : c->audience, "due_on",
                     c->due_on[0] ? json_string(c->due_on) : json_null());
}

Status training_rates(Ctx *ctx, int64_t course_id, json_t **out, Err *e)
{
    CourseRow c;
    Status s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          TRAINING_SECTION_CTE
                          ", g(sec, target, attended) AS (SELECT coalesce(s.section_id, p.unit_id), count(*), count(a.id)"
                          " FROM people_v p LEFT JOIN sec s ON s.unit_id = p.unit_id LEFT JOIN training_attendance a"
                          " ON a.course_id = ?8 AND a.person_id = p.id AND a.withdrawn_at IS NULL WHERE" TRAINING_AUDIENCE_WHERE
                          " GROUP BY 1)"
                          " SELECT g.sec, u.name, g.target, g.attended FROM g JOIN org_units_v u ON u.id = g.sec"
                          " ORDER BY u.sort_order, u.code",
                          e);
    if (!st)
        return e->status;
    s = audience_bind(ctx, st, &c, e);
    stmt_bind_int(st, 8, course_id);
    json_t *sections = json_array();
    int64_t target = 0, attended = 0;
    bool any_visible = (ctx->actor->caps & CAP_TRAINING_MANAGE) != 0;
    StepResult r;
    while (s == ST_OK && (r = stmt_step(st)) == STEP_ROW) {
        int64_t sec = stmt_int(st, 0), t = stmt_int(st, 2), a = stmt_int(st, 3);
        char name[401];
        snprintf(name, sizeof name, "%s", stmt_text(st, 1));
        bool may = false;
        /* the role check runs its own statement: the cached one above keeps its place */
        if ((s = training_may_see_section(ctx, sec, &may, e)) != ST_OK || !may)
            continue;
        any_visible = true;
        target += t;
        attended += a;
        json_array_append_new(sections, json_pack("{s:I, s:s, s:I, s:I, s:f}", "unit_id", (json_int_t)sec, "name", name,
                                                   "target", (json_int_t)t, "attended", (json_int_t)a, "rate",
                                                   training_rate(a, t)));
    }
    if (s == ST_OK && r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK && !any_visible) {
        /* neither a manager nor the section role of any 課室 in the audience: check their own 課 too */
        bool may = false;
        int64_t own = 0;
        if (ctx->actor->person_id && training_section_of(ctx, ctx->actor->person_id, &own, e) == ST_OK)
            s = training_may_see_section(ctx, own, &may, e);
        if (s == ST_OK && !may)
            s = err_set(e, ST_FORBIDDEN, "forbidden", NULL, "この研修の受講状況を見る権限がありません",
                        "you may not see this course's attendance");
    }
    if (s != ST_OK) {
        json_decref(sections);
        return s;
    }
    *out = json_pack("{s:o, s:o, s:{s:I, s:I, s:f}}", "course", course_brief(ctx, &c), "sections", sections, "total",
                     "target", (json_int_t)target, "attended", (json_int_t)attended, "rate", training_rate(attended, target));
    return ST_OK;
}

Status training_missing(Ctx *ctx, int64_t course_id, int64_t section_id, json_t **out, Err *e)
{
    CourseRow c;
    Status s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    bool may = false;
    if (section_id && (s = training_may_see_section(ctx, section_id, &may, e)) != ST_OK)
        return s;
    if (section_id && !may)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "この課室の受講状況を見る権限がありません",
                       "you may not see this section's attendance");
    bool manager = (ctx->actor->caps & CAP_TRAINING_MANAGE) != 0;
    Stmt *st = db_prepare(ctx->db,
                          TRAINING_SECTION_CTE
                          "SELECT p.id, p.staff_no, p.name, coalesce(s.section_id, p.unit_id), u.name, pu.name"
                          " FROM people_v p LEFT JOIN sec s ON s.unit_id = p.unit_id"
                          " JOIN org_units_v u ON u.id = coalesce(s.section_id, p.unit_id) JOIN org_units_v pu ON pu.id = p.unit_id"
                          " WHERE (?9 = 0 OR coalesce(s.section_id, p.unit_id) = ?9) AND NOT EXISTS (SELECT 1 FROM"
                          " training_attendance a WHERE a.course_id = ?8 AND a.person_id = p.id AND a.withdrawn_at IS NULL) AND"
                          TRAINING_AUDIENCE_WHERE " ORDER BY u.sort_order, u.code, p.kana LIMIT " "5000",
                          e);
    if (!st)
        return e->status;
    s = audience_bind(ctx, st, &c, e);
    stmt_bind_int(st, 8, course_id);
    stmt_bind_int(st, 9, section_id);
    json_t *items = json_array();
    int64_t seen_sec = -1;
    bool seen_may = false;
    StepResult r;
    while (s == ST_OK && (r = stmt_step(st)) == STEP_ROW) {
        int64_t sec = stmt_int(st, 3);
        if (!manager && !section_id && sec != seen_sec) {
            seen_sec = sec;
            if ((s = training_may_see_section(ctx, sec, &seen_may, e)) != ST_OK)
                break;
        }
        if (!manager && !section_id && !seen_may)
            continue;
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "person_id", (json_int_t)stmt_int(st, 0),
                                               "staff_no", stmt_text(st, 1), "name", stmt_text(st, 2), "section_id",
                                               (json_int_t)sec, "section_name", stmt_text(st, 4), "unit_name",
                                               stmt_text(st, 5)));
    }
    if (s == ST_OK && r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:o, s:b}", "course", course_brief(ctx, &c), "items", items, "truncated",
                     json_array_size(items) >= MISSING_MAX);
    return ST_OK;
}

Status training_person_status(Ctx *ctx, int64_t person_id, int fy, json_t **out, Err *e)
{
    bool may = ctx->actor->person_id == person_id || (ctx->actor->caps & CAP_TRAINING_MANAGE);
    Status s = ST_OK;
    if (!may) {
        int64_t sec = 0;
        if ((s = training_section_of(ctx, person_id, &sec, e)) == ST_OK)
            s = training_may_see_section(ctx, sec, &may, e);
        if (s == ST_NOTFOUND)
            s = ST_OK; /* the same answer as for someone else's record */
        if (s != ST_OK)
            return s;
        if (!may)
            return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "この職員の受講状況を見る権限がありません",
                           "you may not see this person's training");
    }
    return training_status_of(ctx, person_id, fy, out, e);
}

Status training_status_of(Ctx *ctx, int64_t person_id, int fy, json_t **out, Err *e)
{
    Status s = ST_OK;
    if (!fy) {
        char today[11];
        int y, m, d;
        date_today(ctx->clock, today);
        date_parse(today, &y, &m, &d);
        fy = fiscal_year(y, m);
    }
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM training_courses WHERE fiscal_year = ? ORDER BY coalesce(due_on, '9999'), id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    json_t *ids = NULL;
    if ((s = rows_ids(st, &ids, e)) != ST_OK) {
        json_decref(ids);
        return s;
    }
    json_t *items = json_array();
    size_t i;
    json_t *idv;
    json_array_foreach(ids, i, idv) {
        CourseRow c;
        bool in = false;
        if ((s = course_load(ctx, json_integer_value(idv), &c, e)) == ST_OK)
            s = audience_has(ctx, &c, person_id, &in, e);
        if (s == ST_INVALID) { /* an audience the pack dropped: nobody is asked to attend */
            s = ST_OK;
            continue;
        }
        if (s != ST_OK)
            break;
        if (!in)
            continue;
        Stmt *a = db_prepare(ctx->db,
                             "SELECT attended_on FROM training_attendance WHERE course_id = ? AND person_id = ? AND withdrawn_at IS NULL",
                             e);
        if (!a) {
            s = e->status;
            break;
        }
        stmt_bind_int(a, 1, c.id);
        stmt_bind_int(a, 2, person_id);
        bool row = false;
        s = stmt_step_row(a, &row, e);
        json_t *course = course_brief(ctx, &c);
        json_object_set_new(course, "attended_on", row ? json_string(stmt_text(a, 0)) : json_null());
        stmt_finalize(a);
        json_array_append_new(items, course);
        if (s != ST_OK)
            break;
    }
    json_decref(ids);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:I, s:i, s:o}", "person_id", (json_int_t)person_id, "fiscal_year", fy, "items", items);
    return ST_OK;
}

Status training_year_report(Ctx *ctx, int fy, json_t **out, Err *e)
{
    if (!(ctx->actor->caps & CAP_TRAINING_MANAGE))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "研修の実施状況の報告を作る権限がありません",
                       "you may not make the training report");
    json_t *courses = NULL;
    Status s = training_courses_list(ctx, fy, &courses, e);
    if (s != ST_OK)
        return s;
    /* every active person once: attended at least one course of the 年度 (第51条2: 毎年度最低1回) */
    char start[11], end[11], day[11];
    fy_bounds(fy, start, end);
    audience_day(ctx, fy, day);
    Stmt *st = db_prepare(ctx->db,
                          TRAINING_SECTION_CTE
                          ", g(sec, target, attended) AS (SELECT coalesce(s.section_id, p.unit_id), count(*),"
                          " sum(EXISTS (SELECT 1 FROM training_attendance a JOIN training_courses c ON c.id = a.course_id"
                          "  WHERE a.person_id = p.id AND a.withdrawn_at IS NULL AND c.fiscal_year = ?2))"
                          " FROM people_v p LEFT JOIN sec s ON s.unit_id = p.unit_id"
                          " WHERE p.active_from <= ?1 AND (p.active_until IS NULL OR p.active_until >= ?1) GROUP BY 1)"
                          " SELECT g.sec, u.name, g.target, g.attended FROM g JOIN org_units_v u ON u.id = g.sec"
                          " ORDER BY u.sort_order, u.code",
                          e);
    if (!st) {
        json_decref(courses);
        return e->status;
    }
    stmt_bind_text(st, 1, day);
    stmt_bind_int(st, 2, fy);
    json_t *sections = json_array();
    int64_t target = 0, attended = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        int64_t t = stmt_int(st, 2), a = stmt_int(st, 3);
        target += t;
        attended += a;
        json_array_append_new(sections, json_pack("{s:I, s:s, s:I, s:I, s:f}", "unit_id", (json_int_t)stmt_int(st, 0),
                                                   "name", stmt_text(st, 1), "target", (json_int_t)t, "attended",
                                                   (json_int_t)a, "rate", training_rate(a, t)));
    }
    if (r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(courses);
        json_decref(sections);
        return s;
    }
    /* the labels of the document: 「令和8年度」 and today in 和暦 */
    char fy_label[48] = "", date_label[48] = "", today[11];
    if (wareki_date(fy, 4, 1, fy_label, sizeof fy_label)) {
        char *nen = strstr(fy_label, "年");
        if (nen)
            snprintf(nen, sizeof fy_label - (size_t)(nen - fy_label), "年度");
    }
    date_today(ctx->clock, today);
    int ty, tm, td;
    date_parse(today, &ty, &tm, &td);
    wareki_date(ty, tm, td, date_label, sizeof date_label);
    *out = json_pack("{s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:I, s:I, s:f}}", "fiscal_year", fy, "fiscal_year_label",
                     fy_label, "date_label", date_label, "from", start, "to", end,
                     "courses", json_object_get(courses, "items") ? json_incref(json_object_get(courses, "items")) : json_array(),
                     "sections", sections, "total", "target", (json_int_t)target, "attended", (json_int_t)attended, "rate",
                     training_rate(attended, target));
    json_decref(courses);
    return ST_OK;
}
