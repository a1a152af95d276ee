/* attendance: who attended a course — recorded by hand or imported from a file through the register
 * engine (src/registers: CSV UTF-8/CP932, XLSX, header mapping, a plan with every bad cell), all rows
 * in one transaction or none (training.h). Both paths write through attendance_insert. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "domain/training/training_internal.h"
#include "entities/training_entity.h"
#include "policy/capability.h"
#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"

#define IMPORT_ERRORS_SHOWN 200

static Status require_manager(const Ctx *ctx, Err *e)
{
    if (ctx->actor->caps & CAP_TRAINING_MANAGE)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "研修の受講を記録する権限がありません", "you may not record attendance");
}

/* The checks a record must pass beyond its declaration: the person is in the audience, the day lies
 * in the course's 年度 and not in the future, the session (when named) is the course's, and the
 * person has no record yet (*exists instead of an error when exists is not NULL). */
static Status attendance_check(Ctx *ctx, const CourseRow *c, int64_t person, const char *day, int64_t session,
                               bool *exists, Err *e)
{
    bool in = false;
    Status s = audience_has(ctx, c, person, &in, e);
    if (s != ST_OK)
        return s;
    if (!in)
        return err_setf(e, ST_INVALID, "not_in_audience", "person_id", "この職員は研修「%s」の対象者ではありません",
                        "this person is not in the audience of %s", c->title);
    char start[11], end[11], today[11];
    fy_bounds(c->fiscal_year, start, end);
    date_today(ctx->clock, today);
    if (strcmp(day, start) < 0 || strcmp(day, end) > 0)
        return err_setf(e, ST_INVALID, "date_outside_fiscal_year", "attended_on",
                        "受講日は%d年度(%s〜%s)の日付にしてください", "the date must fall in fiscal year %d (%s to %s)",
                        c->fiscal_year, start, end);
    if (strcmp(day, today) > 0)
        return err_set(e, ST_INVALID, "date_in_future", "attended_on", "受講日に未来の日付は記録できません",
                       "the attendance date cannot be in the future");
    if (session) {
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM training_sessions WHERE id = ? AND course_id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, session);
        stmt_bind_int(st, 2, c->id);
        bool row = false;
        s = stmt_step_row(st, &row, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
        if (!row)
            return err_set(e, ST_INVALID, "unknown_session", "session_id", "この研修の実施回ではありません",
                           "not a session of this course");
    }
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM training_attendance WHERE course_id = ? AND person_id = ? AND withdrawn_at IS NULL", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, c->id);
    stmt_bind_int(st, 2, person);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    stmt_finalize(st);
    if (s == ST_OK && row) {
        if (exists)
            *exists = true;
        else
            s = err_set(e, ST_CONFLICT, "attendance_exists", "person_id", "この職員の受講は記録済みです",
                        "this person's attendance is already recorded");
    }
    return s;
}

/* Inserts one checked record with its trail entry (inside the caller's transaction). */
static Status attendance_insert(Ctx *ctx, int64_t course, int64_t person, int64_t session, const char *day,
                                const char *note, const char *source, int64_t *id_out, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO training_attendance (course_id, person_id, session_id, attended_on, note, source,"
                          " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, course);
    stmt_bind_int(st, 2, person);
    if (session)
        stmt_bind_int(st, 3, session);
    else
        stmt_bind_null(st, 3);
    stmt_bind_text(st, 4, day);
    stmt_bind_text(st, 5, note ? note : "");
    stmt_bind_text(st, 6, source);
    stmt_bind_int(st, 7, ctx->actor->person_id);
    stmt_bind_text(st, 8, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s}", "course_id", (json_int_t)course, "person_id",
                                  (json_int_t)person, "attended_on", day, "note", note ? note : "", "source", source);
        if (session)
            json_object_set_new(after, "session_id", json_integer(session));
        s = record_change(ctx, "training.attendance_record", "training_attendance", id, NULL, after, e);
        json_decref(after);
    }
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status training_attendance_record(Ctx *ctx, int64_t course_id, json_t *in, int64_t *id_out, Err *e)
{
    Status s = require_manager(ctx, e);
    CourseRow c;
    if (s == ST_OK)
        s = entity_check(&attendance_entity, in, true, NULL, e);
    if (s == ST_OK)
        s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    int64_t session = json_integer_value(json_object_get(in, "session_id"));
    const char *day = json_string_value(json_object_get(in, "attended_on"));
    json_t *who = NULL;
    s = people_get_plain(ctx, person, &who, e);
    json_decref(who);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_person", "person_id", "職員が見つかりません", "no such person");
    if (s == ST_OK)
        s = attendance_check(ctx, &c, person, day, session, NULL, e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = attendance_insert(ctx, course_id, person, session, day, json_string_value(json_object_get(in, "note")), "manual",
                          id_out, e);
    return finish_tx(ctx, s, e);
}

Status training_attendance_withdraw(Ctx *ctx, int64_t course_id, int64_t attendance_id, Err *e)
{
    Status s = require_manager(ctx, e);
    if (s != ST_OK)
        return s;
    static const char *const cols[] = {"course_id", "person_id", "attended_on", "source", "withdrawn_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT course_id, person_id, attended_on, source, withdrawn_at FROM training_attendance"
                          " WHERE id = ?1 AND course_id = ?2",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, attendance_id);
    stmt_bind_int(st, 2, course_id);
    json_t *before = NULL;
    s = row_single(st, cols, "iissS", &before, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "attendance_not_found", NULL, "受講記録が見つかりません", "attendance record not found");
    if (s != ST_OK)
        return s;
    if (!json_is_null(json_object_get(before, "withdrawn_at"))) {
        json_decref(before);
        return err_set(e, ST_CONFLICT, "attendance_withdrawn", NULL, "この受講記録は取り消し済みです",
                       "this attendance record is already withdrawn");
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(before);
        return s;
    }
    /* the row stays; the unique index counts only records in force, so the person can be recorded again */
    st = db_prepare(ctx->db, "UPDATE training_attendance SET withdrawn_at = ? WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, attendance_id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    json_t *after = json_deep_copy(before);
    json_object_set_new(after, "withdrawn_at", json_string(now));
    if (s == ST_OK)
        s = record_change(ctx, "training.attendance_withdraw", "training_attendance", attendance_id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status training_attendance_list(Ctx *ctx, int64_t course_id, json_t **out, Err *e)
{
    Status s = require_manager(ctx, e);
    CourseRow c;
    if (s == ST_OK)
        s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    static const char *const cols[] = {"id", "person_id", "staff_no", "name", "session_id", "attended_on", "note",
                                       "source", "recorded_at", "withdrawn_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.id, a.person_id, p.staff_no, p.name, a.session_id, a.attended_on, a.note, a.source,"
                          " a.recorded_at, a.withdrawn_at FROM training_attendance a JOIN people_v p ON p.id = a.person_id"
                          " WHERE a.course_id = ? ORDER BY a.withdrawn_at IS NOT NULL, p.kana LIMIT 20000",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, course_id);
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "iissIssssS", &items, e)) != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

/* --- import --- */

static void row_error(json_t *errors, size_t row, const char *column, const Err *err)
{
    json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)row, "column", column,
                                            "field", err->field[0] ? err->field : "", "code", err->code, "ja", err->ja,
                                            "en", err->en));
}

/* The column letter feeding field index fi ("" when unmapped). */
static void column_of(const FieldMap *map, int fi, char out[4])
{
    out[0] = '\0';
    for (size_t c = 0; c < map->ncols; c++)
        if (map->field_of_col[c] == fi) {
            table_col_name(c, out);
            return;
        }
}

Status training_import(Ctx *ctx, int64_t course_id, const unsigned char *data, size_t len, const char *filename,
                       const json_t *mapping, bool dry_run, json_t **out, Err *e)
{
    *out = NULL;
    Status s = require_manager(ctx, e);
    CourseRow c;
    if (s == ST_OK)
        s = course_load(ctx, course_id, &c, e);
    if (s != ST_OK)
        return s;
    if (len == 0)
        return err_set(e, ST_INVALID, "file_empty", NULL, "ファイルが空です", "the file is empty");
    Table *t = NULL;
    if ((s = table_read(data, len, filename, &t, e)) != ST_OK)
        return s;
    const ImportTarget *target = &attendance_import_target;
    FieldMap map = {0};
    if (mapping && !json_is_null(mapping))
        s = mapping_from_json(mapping, t, target, &map, e);
    else
        mapping_suggest(t, mapping_find_header_row(t, target), target, &map);
    json_t *missing = s == ST_OK ? mapping_missing_required(&map, target) : NULL;
    if (s == ST_OK && json_array_size(missing) > 0) {
        /* the caller shows the mapping so the user can name the columns */
        *out = json_pack("{s:o}", "mapping", mapping_to_json(&map, t, target));
        s = err_set(e, ST_INVALID, "mapping_required_missing", "mapping",
                    "職員番号と受講日の列を指定してください", "map the staff number and date columns");
    }
    json_decref(missing);
    ImportPlan *plan = NULL;
    if (s == ST_OK)
        s = import_plan(t, &map, target, &plan, e);
    if (s != ST_OK) {
        mapping_free(&map);
        table_free(t);
        return s;
    }
    char col_staff[4], col_day[4];
    column_of(&map, 0, col_staff);
    column_of(&map, 1, col_day);
    json_t *errors = json_deep_copy(plan->errors);
    size_t created = 0, already = 0, valid = 0;
    bool write = !dry_run && plan->nerrors == 0;
    if (write && (s = db_begin(ctx->db, e)) != ST_OK)
        write = false;
    for (size_t i = 0; s == ST_OK && i < plan->nrows; i++) {
        if (plan->row_failed[i])
            continue;
        json_t *row = import_plan_row(plan, i);
        const char *staff = json_string_value(json_object_get(row, "staff_no"));
        const char *day = json_string_value(json_object_get(row, "attended_on"));
        Err re = {0};
        int64_t person = 0;
        bool exists = false;
        Status rs = people_find_by_staff_no(ctx, staff, &person, &re);
        if (rs == ST_NOTFOUND) {
            row_error(errors, plan->source_rows[i], col_staff, &re);
        } else if (rs == ST_OK) {
            rs = attendance_check(ctx, &c, person, day, 0, &exists, &re);
            if (rs == ST_INVALID)
                row_error(errors, plan->source_rows[i], strcmp(re.field, "attended_on") == 0 ? col_day : col_staff, &re);
        }
        if (rs != ST_OK && rs != ST_NOTFOUND && rs != ST_INVALID) { /* the database: the whole import fails */
            *e = re;
            s = rs;
        } else if (rs == ST_OK) {
            valid++;
            if (exists)
                already++;
            else if (write && json_array_size(errors) == 0) {
                s = attendance_insert(ctx, course_id, person, 0, day, json_string_value(json_object_get(row, "note")),
                                      "import", NULL, e);
                created += s == ST_OK;
            }
        }
        json_decref(row);
    }
    size_t nerrors = json_array_size(errors);
    if (write) {
        if (s == ST_OK && nerrors > 0) { /* all or nothing */
            db_rollback(ctx->db);
            created = 0;
        } else
            s = finish_tx(ctx, s, e);
    }
    if (s == ST_OK) {
        json_t *shown = json_array();
        for (size_t k = 0; k < nerrors && k < IMPORT_ERRORS_SHOWN; k++)
            json_array_append(shown, json_array_get(errors, k));
        *out = json_pack("{s:o, s:I, s:I, s:I, s:o, s:b, s:I, s:I, s:b}", "mapping", mapping_to_json(&map, t, target),
                         "rows", (json_int_t)plan->nrows, "valid_rows", (json_int_t)valid, "error_count",
                         (json_int_t)nerrors, "errors", shown, "truncated", nerrors > IMPORT_ERRORS_SHOWN, "created",
                         (json_int_t)created, "already", (json_int_t)already, "dry_run", dry_run || nerrors > 0);
        if (!dry_run && nerrors > 0)
            s = err_setf(e, ST_INVALID, "import_has_errors", NULL, "%zu件の問題があるため、取り込みませんでした",
                         "%zu problems: nothing was imported", nerrors);
    }
    json_decref(errors);
    import_plan_free(plan);
    mapping_free(&map);
    table_free(t);
    return s;
}
