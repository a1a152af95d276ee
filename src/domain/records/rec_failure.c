/* rec_failure: 障害記録 (第66条), see rec_failure.h. */
#include "domain/records/rec_failure.h"

#include <string.h>

#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/kernel/kernel.h"

static const char *const failure_cols[] = {"id", "system_id", "system_name", "title", "description", "occurred_at",
                                           "reporter_person_id", "reporter_name", "state", "handling",
                                           "handler_person_id", "handler_name", "result", "problems", "resolved_at",
                                           "created_at", "updated_at", NULL};
#define FAILURE_TYPES "iISsssisssISssSss"
#define FAILURE_SELECT                                                                                              \
    "SELECT f.id, f.system_id, s.name, f.title, f.description, f.occurred_at, f.reporter_person_id, r.name,"         \
    " f.state, f.handling, f.handler_person_id, h.name, f.result, f.problems, f.resolved_at, f.created_at,"        \
    " f.updated_at FROM failure_records f JOIN people_v r ON r.id = f.reporter_person_id"                           \
    " LEFT JOIN systems_v s ON s.id = f.system_id LEFT JOIN people_v h ON h.id = f.handler_person_id"

static Status failure_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, FAILURE_SELECT " WHERE f.id = ?", failure_cols, FAILURE_TYPES, id, "failure_not_found",
                   "障害記録が見つかりません", "failure record not found", out, e);
}

/* The permission checks answer in *may; a failed query is an error, never an answer. */
static Status may_handle(Ctx *ctx, const json_t *f, bool *may, Err *e)
{
    int64_t sys = json_integer_value(json_object_get(f, "system_id"));
    *may = rec_sees_all(ctx);
    return *may || !sys ? ST_OK : rec_may_keep_system(ctx, sys, may, e);
}

static Status may_see(Ctx *ctx, const json_t *f, bool *may, Err *e)
{
    int64_t me = ctx->actor->person_id;
    *may = me && me == json_integer_value(json_object_get(f, "reporter_person_id"));
    return *may ? ST_OK : may_handle(ctx, f, may, e);
}

Status rec_failure_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *f = NULL;
    Status s = failure_plain(ctx, id, &f, e);
    if (s != ST_OK)
        return s;
    bool see = false, handle = false;
    if ((s = may_see(ctx, f, &see, e)) == ST_OK && see)
        s = may_handle(ctx, f, &handle, e);
    if (s != ST_OK || !see) {
        json_decref(f);
        if (s != ST_OK)
            return s;
        return rec_forbidden(e, "record_forbidden", "この障害記録を見られるのは報告者と対応する者です",
                             "only the reporter and the handlers may see this failure record");
    }
    json_object_set_new(f, "can_handle", json_boolean(handle));
    *out = f;
    return ST_OK;
}

Status rec_failure_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "障害の報告は職員として行ってください",
                       "failures are reported by a person");
    const char *title, *description;
    char occurred[21];
    int64_t system = 0;
    Status s = rec_text(in, &failure_fields[FAILURE_F_TITLE], &title, e);
    if (s == ST_OK)
        s = rec_text(in, &failure_fields[FAILURE_F_DESCRIPTION], &description, e);
    if (s == ST_OK)
        s = rec_time(in, &failure_fields[FAILURE_F_OCCURRED], occurred, e);
    json_t *sys = json_object_get(in, "system_id");
    if (s == ST_OK && sys && !json_is_null(sys)) {
        system = json_is_integer(sys) ? json_integer_value(sys) : 0;
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM systems_v WHERE id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, system);
        bool ok = false;
        s = stmt_step_row(st, &ok, e);
        stmt_finalize(st);
        if (s == ST_OK && !ok)
            s = err_set(e, ST_INVALID, "unknown_system", "system_id", "情報システムが見つかりません",
                        "system not found");
    }
    if (s != ST_OK)
        return s;
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO failure_records(system_id, title, description, occurred_at, reporter_person_id,"
                          " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'reported', ?6, ?6)",
                          e);
    int64_t id = 0;
    if (st) {
        rec_bind_opt_id(st, 1, system);
        stmt_bind_text(st, 2, title);
        stmt_bind_text(st, 3, description);
        stmt_bind_text(st, 4, occurred);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_text(st, 6, now);
        s = rec_insert(ctx, st, &id, e);
    } else {
        s = e->status;
    }
    return rec_created(ctx, s, id, failure_plain, "failure.report", "failure_record", id_out, e);
}

Status rec_failure_update(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *state, *handling, *result, *problems;
    Status s = rec_text(in, &failure_fields[FAILURE_F_STATE], &state, e);
    bool resolve = s == ST_OK && strcmp(state, "resolved") == 0;
    if (s == ST_OK)
        s = rec_text(in, &failure_fields[FAILURE_F_HANDLING], &handling, e);
    if (s == ST_OK)
        s = rec_text(in, &failure_fields[FAILURE_F_RESULT], &result, e);
    if (s == ST_OK && resolve && !*result) /* 解決 needs its result */
        s = entity_required(&failure_fields[FAILURE_F_RESULT], e);
    if (s == ST_OK)
        s = rec_text(in, &failure_fields[FAILURE_F_PROBLEMS], &problems, e);
    if (s != ST_OK)
        return s;
    json_t *before = NULL, *after = NULL;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = failure_plain(ctx, id, &before, e);
    bool handle = false;
    if (s == ST_OK)
        s = may_handle(ctx, before, &handle, e);
    if (s == ST_OK && !handle)
        s = rec_forbidden(e, "record_forbidden",
                          "障害の処理を記録できるのは、統括情報セキュリティ責任者と情報システム管理者等です (第66条)",
                          "only the chief security officer and the system's managers may record the handling");
    const char *cur = s == ST_OK ? json_string_value(json_object_get(before, "state")) : "";
    if (s == ST_OK && (strcmp(cur, "resolved") == 0 || strcmp(cur, state) == 0))
        s = err_setf(e, ST_CONFLICT, "bad_state", "state", "状態が「%s」の障害記録は「%s」にできません",
                     "a failure record in state %s cannot become %s", cur, state);
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE failure_records SET state = ?, handling = ?, result = ?, problems = ?,"
                              " handler_person_id = ?, resolved_at = ?, updated_at = ?7 WHERE id = ?",
                              e);
        if (st) {
            char now[21];
            rec_now(ctx, now);
            stmt_bind_text(st, 1, state);
            stmt_bind_text(st, 2, handling);
            stmt_bind_text(st, 3, result);
            stmt_bind_text(st, 4, problems);
            if (ctx->actor->person_id)
                stmt_bind_int(st, 5, ctx->actor->person_id);
            else
                stmt_bind_null(st, 5);
            rec_bind_opt(st, 6, resolve ? now : NULL);
            stmt_bind_text(st, 7, now);
            stmt_bind_int(st, 8, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK && (s = failure_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, resolve ? "failure.resolve" : "failure.handle", "failure_record", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status rec_failure_list(Ctx *ctx, const char *state, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, FAILURE_SELECT " WHERE (?1 = '' OR f.state = ?1) ORDER BY f.occurred_at DESC, f.id DESC",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, state ? state : "");
    json_t *rows = NULL;
    Status s = rows_array(st, failure_cols, FAILURE_TYPES, &rows, e);
    if (s != ST_OK)
        return s;
    json_t *items = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        bool see = false, handle = false;
        if ((s = may_see(ctx, o, &see, e)) != ST_OK || (see && (s = may_handle(ctx, o, &handle, e)) != ST_OK))
            break;
        if (!see)
            continue;
        json_object_set_new(o, "can_handle", json_boolean(handle));
        json_array_append(items, o);
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:s}", "items", items, "article", "第66条");
    return ST_OK;
}

/* 障害の記録 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is failure_plain of the row. */
static const char *const failure_record_actions[] = {"failure.report", "failure.handle", "failure.resolve", NULL};
const StateKind failure_record_state_kind = {
    .object_type = "failure_record",
    .table = "failure_records",
    .ids_sql = "SELECT id FROM failure_records ORDER BY id",
    .full_actions = failure_record_actions,
    .ignored = NULL,
    .get = failure_plain,
};
