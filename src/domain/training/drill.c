/* drill: 緊急時対応訓練 (第52条) — a drill with its scenario and scope (第52条2), who took part, and
 * what it found; each finding has an owner and a due date and is a task on the owner's home page until
 * it is closed with its result (training.h). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "domain/training/training_internal.h"
#include "entities/training_entity.h"
#include "policy/capability.h"

static Status require_manager(const Ctx *ctx, Err *e)
{
    if (ctx->actor->caps & CAP_TRAINING_MANAGE)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "訓練を管理する権限がありません", "you may not manage drills");
}

static Status drill_exists(Ctx *ctx, int64_t id, char held_on[static 11], Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT held_on FROM drills WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        snprintf(held_on, 11, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "drill_not_found", NULL, "訓練が見つかりません", "drill not found");
    return s;
}

/* *active: person_id is an active person today (people_v). */
static Status person_active(Ctx *ctx, int64_t person_id, bool *active, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v WHERE id = ? AND active_from <= ?2 AND (active_until IS NULL OR active_until >= ?2)", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, today);
    Status s = stmt_step_row(st, active, e);
    stmt_finalize(st);
    return s;
}

static Status insert(Ctx *ctx, Stmt *st, const char *action, const char *object_type, json_t *after, int64_t *id_out, Err *e)
{
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK)
        s = record_change(ctx, action, object_type, id, NULL, after, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

Status training_drill_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    Status s = require_manager(ctx, e);
    if (s == ST_OK)
        s = entity_check(&drill_entity, in, true, NULL, e);
    if (s != ST_OK)
        return s;
    int fy = (int)json_integer_value(json_object_get(in, "fiscal_year"));
    const char *held = json_string_value(json_object_get(in, "held_on"));
    char start[11], end[11], today[11];
    fy_bounds(fy, start, end);
    date_today(ctx->clock, today);
    if (strcmp(held, start) < 0 || strcmp(held, end) > 0)
        return err_setf(e, ST_INVALID, "date_outside_fiscal_year", "held_on", "実施日は%d年度(%s〜%s)の日付にしてください",
                        "the date must fall in fiscal year %d (%s to %s)", fy, start, end);
    if (strcmp(held, today) > 0)
        return err_set(e, ST_INVALID, "date_in_future", "held_on", "実施日に未来の日付は記録できません",
                       "a drill is recorded once it has been held");
    const char *scope = json_string_value(json_object_get(in, "scope"));
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO drills (fiscal_year, title, held_on, scenario, scope, created_by, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, fy);
    stmt_bind_text(st, 2, json_string_value(json_object_get(in, "title")));
    stmt_bind_text(st, 3, held);
    stmt_bind_text(st, 4, json_string_value(json_object_get(in, "scenario")));
    stmt_bind_text(st, 5, scope ? scope : "");
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    return insert(ctx, st, "drill.create", "drill", in, id_out, e);
}

Status training_drills_list(Ctx *ctx, int fy, json_t **out, Err *e)
{
    Status s = require_manager(ctx, e);
    if (s != ST_OK)
        return s;
    static const char *const cols[] = {"id", "fiscal_year", "title", "held_on", "participants", "open_findings"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.fiscal_year, d.title, d.held_on,"
                          " (SELECT count(*) FROM drill_participants p WHERE p.drill_id = d.id),"
                          " (SELECT count(*) FROM drill_findings f WHERE f.drill_id = d.id AND f.state = 'open')"
                          " FROM drills d WHERE ?1 = 0 OR d.fiscal_year = ?1 ORDER BY d.held_on DESC, d.id DESC LIMIT 500",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "iissii", &items, e)) != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

/* *may: the actor may read drill id — a manager, a participant, or the owner of one of its findings. */
static Status may_read(Ctx *ctx, int64_t id, bool *may, Err *e)
{
    *may = (ctx->actor->caps & CAP_TRAINING_MANAGE) != 0;
    if (*may || !ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 WHERE EXISTS (SELECT 1 FROM drill_participants WHERE drill_id = ?1 AND person_id = ?2)"
                          " OR EXISTS (SELECT 1 FROM drill_findings WHERE drill_id = ?1 AND owner_person_id = ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    Status s = stmt_step_row(st, may, e);
    stmt_finalize(st);
    return s;
}

Status training_drill_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    bool may = false;
    Status s = may_read(ctx, id, &may, e);
    if (s != ST_OK)
        return s;
    if (!may) /* the same answer as for a drill that does not exist */
        return err_set(e, ST_NOTFOUND, "drill_not_found", NULL, "訓練が見つかりません", "drill not found");
    static const char *const cols[] = {"id", "fiscal_year", "title", "held_on", "scenario", "scope", "created_at"};
    Stmt *st = db_prepare(ctx->db, "SELECT id, fiscal_year, title, held_on, scenario, scope, created_at FROM drills WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *d = NULL;
    s = row_single(st, cols, "iisssss", &d, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "drill_not_found", NULL, "訓練が見つかりません", "drill not found");
    if (s != ST_OK)
        return s;
    static const char *const pcols[] = {"person_id", "staff_no", "name", "part"};
    json_t *people = NULL, *findings = NULL;
    st = db_prepare(ctx->db,
                    "SELECT p.person_id, v.staff_no, v.name, p.part FROM drill_participants p JOIN people_v v ON v.id = p.person_id"
                    " WHERE p.drill_id = ? ORDER BY v.kana",
                    e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, id);
        s = rows_array(st, pcols, "isss", &people, e);
    }
    static const char *const fcols[] = {"id", "finding", "owner_person_id", "owner_name", "due_on", "state", "result", "done_on"};
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "SELECT f.id, f.finding, f.owner_person_id, v.name, f.due_on, f.state, f.result, f.done_on"
                        " FROM drill_findings f JOIN people_v v ON v.id = f.owner_person_id WHERE f.drill_id = ? ORDER BY f.id",
                        e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_int(st, 1, id);
            s = rows_array(st, fcols, "isissssS", &findings, e);
        }
    }
    if (s != ST_OK) {
        json_decref(d);
        json_decref(people);
        return s;
    }
    json_object_set_new(d, "participants", people);
    json_object_set_new(d, "findings", findings);
    json_object_set_new(d, "may_manage", json_boolean(ctx->actor->caps & CAP_TRAINING_MANAGE));
    *out = d;
    return ST_OK;
}

Status training_drill_participant_add(Ctx *ctx, int64_t drill_id, json_t *in, Err *e)
{
    Status s = require_manager(ctx, e);
    char held[11];
    if (s == ST_OK)
        s = drill_exists(ctx, drill_id, held, e);
    if (s != ST_OK)
        return s;
    json_t *pid = json_object_get(in, "person_id"), *part = json_object_get(in, "part");
    if (!json_is_integer(pid))
        return err_set(e, ST_INVALID, "required", "person_id", "参加者を選んでください", "choose the participant");
    if (part && (!json_is_string(part) || text_chars(json_string_value(part)) > 100))
        return err_set(e, ST_INVALID, "too_long", "part", "訓練での役割は100文字以内で入力してください", "the part is too long");
    bool active = false;
    if ((s = person_active(ctx, json_integer_value(pid), &active, e)) != ST_OK)
        return s;
    if (!active)
        return err_set(e, ST_INVALID, "unknown_person", "person_id", "指定した職員が見つからないか在職していません",
                       "the person given does not exist or is not active");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "INSERT INTO drill_participants (drill_id, person_id, part) VALUES (?, ?, ?)"
                                   " ON CONFLICT (drill_id, person_id) DO NOTHING", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, drill_id);
    stmt_bind_int(st, 2, json_integer_value(pid));
    stmt_bind_text(st, 3, part ? json_string_value(part) : "");
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK && db_changes(ctx->db) == 0)
        s = err_set(e, ST_CONFLICT, "participant_exists", "person_id", "この職員は参加者に登録済みです",
                    "this person is already a participant");
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:O, s:s}", "drill_id", (json_int_t)drill_id, "person_id", pid, "part",
                                  part ? json_string_value(part) : "");
        s = record_change(ctx, "drill.participant_add", "drill", drill_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status training_drill_finding_add(Ctx *ctx, int64_t drill_id, json_t *in, int64_t *id_out, Err *e)
{
    Status s = require_manager(ctx, e);
    char held[11];
    if (s == ST_OK)
        s = entity_check(&drill_finding_entity, in, true, NULL, e);
    if (s == ST_OK)
        s = drill_exists(ctx, drill_id, held, e);
    if (s != ST_OK)
        return s;
    int64_t owner = json_integer_value(json_object_get(in, "owner_person_id"));
    const char *due = json_string_value(json_object_get(in, "due_on"));
    bool active = false;
    if ((s = person_active(ctx, owner, &active, e)) != ST_OK)
        return s;
    if (!active)
        return err_set(e, ST_INVALID, "unknown_person", "owner_person_id", "指定した職員が見つからないか在職していません",
                       "the person given does not exist or is not active");
    if (strcmp(due, held) < 0)
        return err_set(e, ST_INVALID, "date_order", "due_on", "期限は訓練の実施日より後にしてください",
                       "the due date must not be before the drill");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO drill_findings (drill_id, finding, owner_person_id, due_on, created_at) VALUES (?, ?, ?, ?, ?)", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, drill_id);
    stmt_bind_text(st, 2, json_string_value(json_object_get(in, "finding")));
    stmt_bind_int(st, 3, owner);
    stmt_bind_text(st, 4, due);
    stmt_bind_text(st, 5, now);
    json_t *after = json_deep_copy(in);
    json_object_set_new(after, "drill_id", json_integer(drill_id));
    s = insert(ctx, st, "drill.finding_add", "drill_finding", after, id_out, e);
    json_decref(after);
    return s;
}

Status training_drill_finding_close(Ctx *ctx, int64_t drill_id, int64_t finding_id, const char *result, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT owner_person_id, state FROM drill_findings WHERE id = ? AND drill_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, finding_id);
    stmt_bind_int(st, 2, drill_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    int64_t owner = row ? stmt_int(st, 0) : 0;
    bool open = row && strcmp(stmt_text(st, 1), "open") == 0;
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_NOTFOUND, "finding_not_found", NULL, "訓練の課題が見つかりません", "finding not found");
    if (owner != ctx->actor->person_id && !(ctx->actor->caps & CAP_TRAINING_MANAGE))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "この課題を完了にできるのは担当者と研修・訓練の担当です",
                       "only the owner or a training manager may close this finding");
    if (!open)
        return err_set(e, ST_CONFLICT, "finding_closed", NULL, "この課題は完了しています", "this finding is already closed");
    if (!result || !*result)
        return err_set(e, ST_INVALID, "required", "result", "対応の結果を入力してください", "give the result");
    char today[11];
    date_today(ctx->clock, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    st = db_prepare(ctx->db, "UPDATE drill_findings SET state = 'done', result = ?, done_on = ? WHERE id = ?", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_text(st, 1, result);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, finding_id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s}", "state", "open"),
               *after = json_pack("{s:s, s:s, s:s}", "state", "done", "result", result, "done_on", today);
        s = record_change(ctx, "drill.finding_close", "drill_finding", finding_id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status training_findings_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    static const char *const cols[] = {"id", "drill_id", "drill_title", "finding", "due_on", "overdue"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT f.id, f.drill_id, d.title, f.finding, f.due_on, f.due_on < ?2 FROM drill_findings f"
                          " JOIN drills d ON d.id = f.drill_id WHERE f.owner_person_id = ?1 AND f.state = 'open'"
                          " ORDER BY f.due_on, f.id LIMIT 50",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    json_t *items = NULL;
    Status s = rows_array(st, cols, "iisssb", &items, e);
    if (s != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
