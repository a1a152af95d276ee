/* training_state: 研修 (courses, sessions, attendance), 訓練 and their findings as the trail
 * records them, for reconciliation (domain/kernel/state.h). Each get returns the columns under the
 * names the entries record; who recorded a row and when (not in the entries) are not read.
 * drill.participant_add records a participant (drill_participants) under the drill's id: it is
 * the participants' action, not the drill's. */
#include <stdio.h>

#include "domain/kernel/kernel.h"
#include "domain/training/training.h"

static Status course_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"fiscal_year", "title", "audience", "method", "description", "due_on",
                                       "updated_at", NULL};
    return row_by_id(ctx->db,
                   "SELECT fiscal_year, title, audience, method, description, due_on, updated_at FROM training_courses"
                   " WHERE id = ?",
                   cols, "issssSs", id, out, e);
}

static const char *const course_actions[] = {"training.course_create", "training.course_update", NULL};
const StateKind training_course_state_kind = {
    .object_type = "training_course",
    .table = "training_courses",
    .ids_sql = "SELECT id FROM training_courses ORDER BY id",
    .full_actions = course_actions,
    .get = course_state,
};

static Status session_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"course_id", "held_on", "place", "instructor", NULL};
    return row_by_id(ctx->db, "SELECT course_id, held_on, place, instructor FROM training_sessions WHERE id = ?", cols, "isss",
                   id, out, e);
}

static const char *const session_actions[] = {"training.session_add", NULL};
const StateKind training_session_state_kind = {
    .object_type = "training_session",
    .table = "training_sessions",
    .ids_sql = "SELECT id FROM training_sessions ORDER BY id",
    .full_actions = session_actions,
    .get = session_state,
};

static Status attendance_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"course_id", "person_id", "attended_on", "note",
                                       "source",    "session_id", "withdrawn_at", NULL};
    return row_by_id(ctx->db,
                   "SELECT course_id, person_id, attended_on, note, source, session_id, withdrawn_at"
                   " FROM training_attendance WHERE id = ?",
                   cols, "iisssIS", id, out, e);
}

static const char *const attendance_actions[] = {"training.attendance_record", "training.attendance_withdraw", NULL};
const StateKind training_attendance_state_kind = {
    .object_type = "training_attendance",
    .table = "training_attendance",
    .ids_sql = "SELECT id FROM training_attendance ORDER BY id",
    .full_actions = attendance_actions,
    .get = attendance_state,
};

static Status drill_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"fiscal_year", "title", "held_on", "scenario", "scope", NULL};
    return row_by_id(ctx->db, "SELECT fiscal_year, title, held_on, scenario, scope FROM drills WHERE id = ?", cols, "issss", id,
                   out, e);
}

static const char *const drill_actions[] = {"drill.create", NULL};
const StateKind drill_state_kind = {
    .object_type = "drill",
    .table = "drills",
    .ids_sql = "SELECT id FROM drills ORDER BY id",
    .full_actions = drill_actions,
    .get = drill_state,
};

static Status drill_finding_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"drill_id", "finding", "owner_person_id", "due_on",
                                       "state",    "result",  "done_on",         NULL};
    return row_by_id(ctx->db,
                   "SELECT drill_id, finding, owner_person_id, due_on, state, result, done_on FROM drill_findings"
                   " WHERE id = ?",
                   cols, "isisssS", id, out, e);
}

static const char *const drill_finding_actions[] = {"drill.finding_add", NULL};
static const char *const drill_finding_merged[] = {"drill.finding_close", NULL};
const StateKind drill_finding_state_kind = {
    .object_type = "drill_finding",
    .table = "drill_findings",
    .ids_sql = "SELECT id FROM drill_findings ORDER BY id",
    .full_actions = drill_finding_actions,
    .merge_actions = drill_finding_merged,
    .get = drill_finding_state,
};

/* A participant is recorded under the drill (drill.participant_add, {drill_id, person_id, part}). */
static Status participant_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"drill_id", "person_id", "part", NULL};
    long long drill = 0, person = 0;
    if (sscanf(key, "%lld/%lld", &drill, &person) != 2)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db, "SELECT drill_id, person_id, part FROM drill_participants WHERE drill_id = ? AND person_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, drill);
    stmt_bind_int(st, 2, person);
    Status s = row_single(st, cols, "iis", out, e); /* both parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const participant_actions[] = {"drill.participant_add", NULL};
static const char *const participant_key[] = {"drill_id", "person_id", NULL};
const StateKind drill_participant_state_kind = {
    .object_type = "drill",
    .table = "drill_participants",
    .ids_sql = "SELECT drill_id || '/' || person_id FROM drill_participants ORDER BY drill_id, person_id",
    .full_actions = participant_actions,
    .id_keys = participant_key,
    .get_key = participant_state,
};
