/* course: 研修 courses and their sessions (training.h), and the helpers the module shares
 * (training_internal.h): a course's row, the 年度's days, the audience's parameters. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "domain/training/training_internal.h"
#include "entities/training_entity.h"
#include "policy/capability.h"
#include "policy/pack_lists.h"

static const char *const course_cols[] = {"id", "fiscal_year", "title", "audience", "method", "description", "due_on",
                                          "created_at", "updated_at"};
#define COURSE_SELECT "SELECT id, fiscal_year, title, audience, method, description, due_on, created_at, updated_at " \
                      "FROM training_courses "

void fy_bounds(int fy, char start[static 11], char end[static 11])
{
    snprintf(start, 11, "%04u-04-01", (unsigned)fy % 10000u);
    snprintf(end, 11, "%04u-03-31", (unsigned)(fy + 1) % 10000u);
}

void audience_day(const Ctx *ctx, int fy, char out[static 11])
{
    char start[11], end[11];
    fy_bounds(fy, start, end);
    date_today(ctx->clock, out);
    if (strcmp(out, start) < 0)
        memcpy(out, start, 11);
    else if (strcmp(out, end) > 0)
        memcpy(out, end, 11);
}

double training_rate(int64_t attended, int64_t target)
{
    if (target <= 0)
        return 0;
    return (double)(attended * 1000 / target) / 10.0;
}

Status course_load(Ctx *ctx, int64_t id, CourseRow *c, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id, fiscal_year, title, audience, coalesce(due_on, '') FROM training_courses WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        c->id = stmt_int(st, 0);
        c->fiscal_year = (int)stmt_int(st, 1);
        snprintf(c->title, sizeof c->title, "%s", stmt_text(st, 2));
        snprintf(c->audience, sizeof c->audience, "%s", stmt_text(st, 3));
        snprintf(c->due_on, sizeof c->due_on, "%s", stmt_text(st, 4));
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "course_not_found", NULL, "研修が見つかりません", "course not found");
    return s;
}

static json_t *strv_json(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

Status audience_bind(const Ctx *ctx, Stmt *st, const CourseRow *c, Err *e)
{
    const PackAudience *a = pack_audience(ctx->pack, c->audience);
    if (!a)
        return err_setf(e, ST_INVALID, "unknown_audience", "audience", "対象者「%s」は現在のポリシーパックにありません",
                        "the audience %s is not in the active pack", c->audience);
    char day[11], start[11], end[11];
    audience_day(ctx, c->fiscal_year, day);
    fy_bounds(c->fiscal_year, start, end);
    json_t *emp = strv_json(a->employments, a->n_employments), *roles = strv_json(a->roles, a->n_roles);
    char *emp_s = json_dumps(emp, JSON_COMPACT), *roles_s = json_dumps(roles, JSON_COMPACT);
    stmt_bind_text(st, 1, day);
    stmt_bind_int(st, 2, a->all);
    stmt_bind_text(st, 3, emp_s);
    stmt_bind_text(st, 4, roles_s);
    stmt_bind_int(st, 5, a->new_hires);
    stmt_bind_text(st, 6, start);
    stmt_bind_text(st, 7, end);
    free(emp_s);
    free(roles_s);
    json_decref(emp);
    json_decref(roles);
    return ST_OK;
}

Status audience_has(Ctx *ctx, const CourseRow *c, int64_t person_id, bool *in, Err *e)
{
    *in = false;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM people_v p WHERE p.id = ?8 AND" TRAINING_AUDIENCE_WHERE, e);
    if (!st)
        return e->status;
    Status s = audience_bind(ctx, st, c, e);
    stmt_bind_int(st, 8, person_id);
    if (s == ST_OK)
        s = stmt_step_row(st, in, e);
    stmt_finalize(st);
    return s;
}

Status training_may_see_section(Ctx *ctx, int64_t section_id, bool *may, Err *e)
{
    *may = (ctx->actor->caps & CAP_TRAINING_MANAGE) != 0;
    if (*may || !ctx->actor->person_id || !ctx->pack->training.section_role)
        return ST_OK;
    return role_holds_over_unit(ctx, ctx->actor->person_id, ctx->pack->training.section_role, section_id, may, e);
}

Status training_section_of(Ctx *ctx, int64_t person_id, int64_t *section, Err *e)
{
    *section = 0;
    Stmt *st = db_prepare(ctx->db,
                          TRAINING_SECTION_CTE "SELECT coalesce(s.section_id, p.unit_id) FROM people_v p"
                                               " LEFT JOIN sec s ON s.unit_id = p.unit_id WHERE p.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *section = stmt_int(st, 0);
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "person_not_found", NULL, "職員が見つかりません", "person not found");
    return s;
}

json_t *training_audiences(const Ctx *ctx)
{
    json_t *items = json_array();
    for (size_t i = 0; ctx->pack && i < ctx->pack->training.n_audiences; i++) {
        const PackAudience *a = &ctx->pack->training.audiences[i];
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "id", a->id, "label", a->label, "label_en",
                                               a->label_en, "article", a->article));
    }
    return json_pack("{s:o}", "items", items);
}

static Status require_manager(const Ctx *ctx, Err *e)
{
    if (ctx->actor->caps & CAP_TRAINING_MANAGE)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "研修を管理する権限がありません", "you may not manage training");
}

/* A due date, when given, falls in the course's 年度. */
static Status check_due(int fy, const json_t *due, Err *e)
{
    if (!json_is_string(due))
        return ST_OK;
    char start[11], end[11];
    fy_bounds(fy, start, end);
    const char *d = json_string_value(due);
    if (strcmp(d, start) < 0 || strcmp(d, end) > 0)
        return err_setf(e, ST_INVALID, "date_outside_fiscal_year", "due_on",
                        "受講期限は%d年度(%s〜%s)の日付にしてください", "the due date must fall in fiscal year %d (%s to %s)",
                        fy, start, end);
    return ST_OK;
}

Status training_course_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    Status s = require_manager(ctx, e);
    EntityLists lists = pack_entity_lists(ctx->pack);
    if (s == ST_OK)
        s = entity_check(&course_entity, in, true, &lists, e);
    int fy = (int)json_integer_value(json_object_get(in, "fiscal_year"));
    if (s == ST_OK)
        s = check_due(fy, json_object_get(in, "due_on"), e);
    if (s != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO training_courses (fiscal_year, title, audience, method, description, due_on,"
                          " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    const char *method = json_string_value(json_object_get(in, "method"));
    const char *desc = json_string_value(json_object_get(in, "description"));
    stmt_bind_int(st, 1, fy);
    stmt_bind_text(st, 2, json_string_value(json_object_get(in, "title")));
    stmt_bind_text(st, 3, json_string_value(json_object_get(in, "audience")));
    stmt_bind_text(st, 4, method ? method : "classroom");
    stmt_bind_text(st, 5, desc ? desc : "");
    stmt_bind_text(st, 6, json_string_value(json_object_get(in, "due_on")));
    stmt_bind_int(st, 7, ctx->actor->person_id);
    stmt_bind_text(st, 8, now);
    stmt_bind_text(st, 9, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = training_course_get(ctx, id, &after, e);
    if (s == ST_OK) {
        json_object_del(after, "sessions");
        json_object_del(after, "counts");
        s = record_change(ctx, "training.course_create", "training_course", id, NULL, after, e);
    }
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

static Status course_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, COURSE_SELECT "WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, course_cols, "iissssSss", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "course_not_found", NULL, "研修が見つかりません", "course not found");
    return s;
}

Status training_course_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    Status s = require_manager(ctx, e);
    EntityLists lists = pack_entity_lists(ctx->pack);
    if (s == ST_OK && json_object_get(patch, "fiscal_year"))
        s = err_set(e, ST_INVALID, "immutable_field", "fiscal_year", "年度は変更できません", "the fiscal year cannot be changed");
    if (s == ST_OK)
        s = entity_check(&course_entity, patch, false, &lists, e);
    json_t *before = NULL;
    if (s == ST_OK)
        s = course_plain(ctx, id, &before, e);
    if (s == ST_OK)
        s = check_due((int)json_integer_value(json_object_get(before, "fiscal_year")), json_object_get(patch, "due_on"), e);
    if (s != ST_OK) {
        json_decref(before);
        return s;
    }
    json_t *after = json_deep_copy(before);
    const char *keys[] = {"title", "audience", "method", "description", "due_on"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        json_t *v = json_object_get(patch, keys[i]);
        if (v)
            json_object_set(after, keys[i], json_is_null(v) && strcmp(keys[i], "due_on") != 0 ? json_string("") : v);
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(before);
        json_decref(after);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE training_courses SET title = ?, audience = ?, method = ?, description = ?, due_on = ?,"
                          " updated_at = ? WHERE id = ?",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, json_string_value(json_object_get(after, "title")));
        stmt_bind_text(st, 2, json_string_value(json_object_get(after, "audience")));
        stmt_bind_text(st, 3, json_string_value(json_object_get(after, "method")));
        stmt_bind_text(st, 4, json_string_value(json_object_get(after, "description")));
        stmt_bind_text(st, 5, json_string_value(json_object_get(after, "due_on")));
        stmt_bind_text(st, 6, now);
        stmt_bind_int(st, 7, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    json_object_set_new(after, "updated_at", json_string(now));
    if (s == ST_OK)
        s = record_change(ctx, "training.course_update", "training_course", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

/* {target, attended, rate} of course c. */
static Status course_counts(Ctx *ctx, const CourseRow *c, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*), count(a.id) FROM people_v p LEFT JOIN training_attendance a"
                          " ON a.course_id = ?8 AND a.person_id = p.id AND a.withdrawn_at IS NULL WHERE" TRAINING_AUDIENCE_WHERE,
                          e);
    if (!st)
        return e->status;
    Status s = audience_bind(ctx, st, c, e);
    stmt_bind_int(st, 8, c->id);
    bool row = false;
    if (s == ST_OK)
        s = stmt_step_row(st, &row, e);
    if (s == ST_OK) {
        int64_t t = row ? stmt_int(st, 0) : 0, a = row ? stmt_int(st, 1) : 0;
        *out = json_pack("{s:I, s:I, s:f}", "target", (json_int_t)t, "attended", (json_int_t)a, "rate", training_rate(a, t));
    }
    stmt_finalize(st);
    return s;
}

static void add_audience_label(const Ctx *ctx, json_t *course)
{
    const PackAudience *a = pack_audience(ctx->pack, json_string_value(json_object_get(course, "audience")));
    json_object_set_new(course, "audience_label", json_string(a ? a->label : json_string_value(json_object_get(course, "audience"))));
}

Status training_course_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = require_manager(ctx, e);
    CourseRow c;
    json_t *course = NULL, *sessions = NULL, *counts = NULL;
    if (s == ST_OK)
        s = course_load(ctx, id, &c, e);
    if (s == ST_OK)
        s = course_plain(ctx, id, &course, e);
    if (s == ST_OK) {
        static const char *const cols[] = {"id", "held_on", "place", "instructor"};
        Stmt *st = db_prepare(ctx->db,
                              "SELECT id, held_on, place, instructor FROM training_sessions WHERE course_id = ? ORDER BY held_on, id", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_int(st, 1, id);
            s = rows_array(st, cols, "isss", &sessions, e);
        }
    }
    if (s == ST_OK)
        s = course_counts(ctx, &c, &counts, e);
    if (s != ST_OK) {
        json_decref(course);
        json_decref(sessions);
        return s;
    }
    add_audience_label(ctx, course);
    json_object_set_new(course, "sessions", sessions);
    json_object_set_new(course, "counts", counts);
    *out = course;
    return ST_OK;
}

Status training_plan_courses(Ctx *ctx, int fy, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM training_courses WHERE fiscal_year = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *n = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s;
}

Status training_courses_list(Ctx *ctx, int fy, json_t **out, Err *e)
{
    Status s = require_manager(ctx, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, COURSE_SELECT "WHERE ?1 = 0 OR fiscal_year = ?1 ORDER BY fiscal_year DESC, id DESC LIMIT 500", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    json_t *items = NULL;
    if ((s = rows_array(st, course_cols, "iissssSss", &items, e)) != ST_OK)
        return s;
    size_t i;
    json_t *course;
    json_array_foreach(items, i, course) {
        CourseRow c;
        json_t *counts = NULL;
        if ((s = course_load(ctx, json_integer_value(json_object_get(course, "id")), &c, e)) == ST_OK)
            s = course_counts(ctx, &c, &counts, e);
        if (s == ST_INVALID) { /* an audience the pack dropped: listed, not counted */
            s = ST_OK;
            counts = json_null();
        }
        if (s != ST_OK)
            break;
        add_audience_label(ctx, course);
        json_object_set_new(course, "counts", counts);
    }
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status training_session_add(Ctx *ctx, int64_t course_id, json_t *in, int64_t *id_out, Err *e)
{
    Status s = require_manager(ctx, e);
    CourseRow c;
    if (s == ST_OK)
        s = entity_check(&course_session_entity, in, true, NULL, e);
    if (s == ST_OK)
        s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    char start[11], end[11];
    fy_bounds(c.fiscal_year, start, end);
    const char *held = json_string_value(json_object_get(in, "held_on"));
    if (strcmp(held, start) < 0 || strcmp(held, end) > 0)
        return err_setf(e, ST_INVALID, "date_outside_fiscal_year", "held_on", "実施日は%d年度(%s〜%s)の日付にしてください",
                        "the date must fall in fiscal year %d (%s to %s)", c.fiscal_year, start, end);
    const char *place = json_string_value(json_object_get(in, "place")), *by = json_string_value(json_object_get(in, "instructor"));
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO training_sessions (course_id, held_on, place, instructor, created_at) VALUES (?, ?, ?, ?, ?)", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, course_id);
    stmt_bind_text(st, 2, held);
    stmt_bind_text(st, 3, place ? place : "");
    stmt_bind_text(st, 4, by ? by : "");
    stmt_bind_text(st, 5, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "course_id", (json_int_t)course_id, "held_on", held, "place",
                                  place ? place : "", "instructor", by ? by : "");
        s = record_change(ctx, "training.session_add", "training_session", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}
