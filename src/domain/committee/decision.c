/* decision: what a held meeting decides, linked to what it decides (a policy version, an audit plan,
 * an exception) or given as an instruction — a task with an owner and a due date on the owner's home
 * page until it is recorded as done (committee.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "domain/evaluation/evaluation.h"
#include "domain/policydocs/policydocs.h"
#include "domain/requests/requests.h"
#include "domain/training/training.h"
#include "policy/capability.h"

/* 第51条: the 研修計画 of a 年度 (ref_id) is approved once, and only when it holds courses. */
static Status check_training_plan(Ctx *ctx, int64_t fy, Err *e)
{
    if (!fy)
        return err_set(e, ST_INVALID, "required", "ref_id", "承認する研修計画の年度を選んでください",
                       "choose the fiscal year of the training plan");
    if (fy < 2000 || fy > 2100)
        return err_set(e, ST_INVALID, "invalid_fiscal_year", "ref_id", "年度は西暦の年 (例: 2026 = 令和8年度) で指定してください",
                       "the fiscal year must be a year such as 2026");
    int64_t courses = 0;
    Status s = training_plan_courses(ctx, (int)fy, &courses, e);
    if (s == ST_OK && !courses)
        s = err_setf(e, ST_INVALID, "training_plan_empty", "ref_id",
                     "%lld年度の研修計画に研修が登録されていません。研修を登録してから承認してください",
                     "the training plan of fiscal year %lld holds no course yet", (long long)fy, (long long)fy);
    json_t *approved = NULL;
    if (s == ST_OK)
        s = committee_training_plan_approval(ctx, (int)fy, &approved, e);
    if (s == ST_OK && approved)
        s = err_setf(e, ST_CONFLICT, "training_plan_approved", "ref_id", "この年度の研修計画は %s に承認されています",
                     "this fiscal year's training plan was approved on %s",
                     json_string_value(json_object_get(approved, "meets_on")),
                     json_string_value(json_object_get(approved, "meets_on")));
    json_decref(approved);
    return s;
}

/* The thing a decision links exists and the actor may read it (through its module). */
static Status check_link(Ctx *ctx, const char *kind, int64_t ref_id, Err *e)
{
    if (strcmp(kind, "training_plan") == 0)
        return check_training_plan(ctx, ref_id, e);
    bool linked = strcmp(kind, "policy_version") == 0 || strcmp(kind, "audit_plan") == 0 || strcmp(kind, "exception") == 0;
    if (!linked)
        return ref_id ? err_set(e, ST_INVALID, "invalid_field", "ref_id", "この種類の決定には対象を指定できません",
                                "this kind of decision links nothing")
                      : ST_OK;
    if (!ref_id)
        return err_set(e, ST_INVALID, "required", "ref_id", "決定の対象を選んでください", "choose what the decision decides");
    json_t *r = NULL;
    Status s;
    if (strcmp(kind, "policy_version") == 0)
        s = policy_version_may_read(ctx, ref_id, e);
    else if (strcmp(kind, "audit_plan") == 0)
        s = audit_get(ctx, ref_id, &r, e);
    else {
        s = request_get(ctx, ref_id, &r, e);
        if (s == ST_OK && !json_object_get(r, "exception"))
            s = ST_NOTFOUND;
    }
    json_decref(r);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "committee_reference_not_found", "ref_id", "決定の対象が見つかりません",
                       "what the decision decides was not found");
    return s;
}

/* An instruction's owner is an active person and its due date today or later. */
static Status check_instruction(Ctx *ctx, int64_t owner, const char *due, Err *e)
{
    if (!owner)
        return err_set(e, ST_INVALID, "required", "owner_person_id", "指示の担当者を選んでください", "choose who carries out the instruction");
    if (!*due)
        return err_set(e, ST_INVALID, "required", "due_on", "指示の期限を入力してください", "give the instruction's due date");
    int y, m, d;
    if (!date_parse(due, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "due_on", "期限は YYYY-MM-DD の日付で入力してください", "the due date must be YYYY-MM-DD");
    char today[11];
    date_today(ctx->clock, today);
    if (strcmp(due, today) < 0)
        return err_set(e, ST_INVALID, "committee_due_past", "due_on", "期限は今日以降の日付にしてください", "the due date must be today or later");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v WHERE id = ?1 AND active_from <= ?2 AND (active_until IS NULL OR active_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, owner);
    stmt_bind_text(st, 2, today);
    bool active = false;
    Status s = stmt_step_row(st, &active, e);
    stmt_finalize(st);
    if (s == ST_OK && !active)
        s = err_set(e, ST_INVALID, "unknown_person", "owner_person_id", "担当者が見つからないか、在職していません",
                    "the owner is unknown or no longer in office");
    return s;
}

/* 「情報セキュリティ委員会 (令和9年3月10日「第4回委員会」) 決定: …」 into the version's decision, the
 * meeting's date as its decision date. */
static Status fill_version_decision(Ctx *ctx, int64_t meeting_id, int64_t version_id, const char *text, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT title, meets_on FROM committee_meetings WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, meeting_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    char title[256] = "", on[11] = "", wareki[48] = "";
    if (s == ST_OK && row) {
        snprintf(title, sizeof title, "%s", stmt_text(st, 0));
        snprintf(on, sizeof on, "%s", stmt_text(st, 1));
    }
    stmt_finalize(st);
    if (s != ST_OK || !row)
        return s;
    int y, m, d;
    if (!date_parse(on, &y, &m, &d) || !wareki_date(y, m, d, wareki, sizeof wareki))
        snprintf(wareki, sizeof wareki, "%s", on);
    /* the version's field holds 500 characters: the decision's text is cut there */
    size_t n = (size_t)snprintf(NULL, 0, "情報セキュリティ委員会（%s「%s」）決定: %s", wareki, title, text) + 1;
    char *decision = xmalloc(n);
    snprintf(decision, n, "情報セキュリティ委員会（%s「%s」）決定: %s", wareki, title, text);
    size_t chars = 0;
    for (char *p = decision; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > 500) {
            *p = '\0';
            break;
        }
    bool filled = false;
    s = policy_version_record_decision(ctx, version_id, decision, on, &filled, e);
    free(decision);
    return s;
}

Status committee_decision_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e)
{
    const char *kind, *text, *due = "";
    int64_t ref_id = 0, owner = 0, agenda = 0;
    char state[16];
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_meeting_state(ctx, meeting_id, state, e);
    if (s == ST_OK && strcmp(state, "held") != 0)
        s = err_set(e, ST_CONFLICT, "committee_meeting_not_held", NULL, "決定は会議の開催を記録してから登録してください",
                    "record that the meeting was held before its decisions");
    if (s == ST_OK)
        s = cm_text(body, "kind", "決定の種類", 32, true, false, &kind, e);
    if (s == ST_OK && !cm_decision_label(kind))
        s = err_set(e, ST_INVALID, "invalid_kind", "kind", "決定の種類が正しくありません", "unknown decision kind");
    if (s == ST_OK)
        s = cm_text(body, "text", "決定の内容", 4000, true, true, &text, e);
    if (s == ST_OK)
        s = cm_id(body, "ref_id", "決定の対象", &ref_id, e);
    if (s == ST_OK)
        s = cm_id(body, "agenda_id", "議題", &agenda, e);
    if (s == ST_OK)
        s = cm_id(body, "owner_person_id", "担当者", &owner, e);
    if (s == ST_OK)
        s = cm_text(body, "due_on", "期限", 10, false, false, &due, e);
    if (s != ST_OK)
        return s;
    bool instruction = strcmp(kind, "instruction") == 0;
    if (instruction)
        s = check_instruction(ctx, owner, due, e);
    else if (owner || *due)
        s = err_set(e, ST_INVALID, "invalid_field", owner ? "owner_person_id" : "due_on",
                    "担当者と期限は改善の指示にだけ指定できます", "only an instruction has an owner and a due date");
    if (s == ST_OK)
        s = check_link(ctx, kind, ref_id, e);
    if (s == ST_OK && agenda) {
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM committee_agenda WHERE id = ? AND meeting_id = ?", e);
        bool row = false;
        s = st ? (stmt_bind_int(st, 1, agenda), stmt_bind_int(st, 2, meeting_id), stmt_step_row(st, &row, e)) : e->status;
        if (st)
            stmt_finalize(st);
        if (s == ST_OK && !row)
            s = err_set(e, ST_INVALID, "committee_reference_not_found", "agenda_id", "この会議の議題ではありません",
                        "not an agenda item of this meeting");
    }
    if (s != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO committee_decisions (meeting_id, agenda_id, kind, ref_id, text, owner_person_id, due_on,"
                          " state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, meeting_id);
    if (agenda)
        stmt_bind_int(st, 2, agenda);
    else
        stmt_bind_null(st, 2);
    stmt_bind_text(st, 3, kind);
    if (ref_id)
        stmt_bind_int(st, 4, ref_id);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, text);
    if (instruction) {
        stmt_bind_int(st, 6, owner);
        stmt_bind_text(st, 7, due);
    } else {
        stmt_bind_null(st, 6);
        stmt_bind_null(st, 7);
    }
    stmt_bind_text(st, 8, instruction ? "open" : "recorded");
    stmt_bind_int(st, 9, ctx->actor->person_id);
    stmt_bind_text(st, 10, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        /* the row as stored (no owner or due date but for an instruction; 0 ids are none) */
        json_t *after = json_pack("{s:I, s:o, s:s, s:o, s:s, s:o, s:o, s:s}", "meeting_id", (json_int_t)meeting_id,
                                  "agenda_id", agenda ? json_integer(agenda) : json_null(), "kind", kind, "ref_id",
                                  ref_id ? json_integer(ref_id) : json_null(), "text", text, "owner_person_id",
                                  instruction ? json_integer(owner) : json_null(), "due_on",
                                  instruction ? json_string(due) : json_null(), "state",
                                  instruction ? "open" : "recorded");
        s = record_change(ctx, "committee_decision.add", "committee_decision", id, NULL, after, e);
        json_decref(after);
    }
    /* a policy version adopted here shows the decision in its 改訂履歴 (採択した委員会の決定) */
    if (s == ST_OK && strcmp(kind, "policy_version") == 0)
        s = fill_version_decision(ctx, meeting_id, ref_id, text, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

Status committee_decision_done(Ctx *ctx, int64_t decision_id, const char *result, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT owner_person_id, state FROM committee_decisions WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, decision_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    int64_t owner = row ? stmt_int(st, 0) : 0;
    char state[16] = "";
    if (row)
        snprintf(state, sizeof state, "%s", stmt_text(st, 1));
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    bool manager = ctx->actor->caps & CAP_COMMITTEE_MANAGE;
    bool mine = owner && owner == ctx->actor->person_id;
    bool member = ctx->actor->caps & CAP_COMMITTEE_READ;
    if (!row || (!manager && !mine && !member))
        return err_set(e, ST_NOTFOUND, "committee_decision_not_found", NULL, "委員会の決定が見つかりません",
                       "committee decision not found");
    if (!manager && !mine)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "完了を記録できるのは指示の担当者と事務局です",
                       "only the instruction's owner or the secretariat records it as done");
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "committee_decision_not_open", NULL, "対応中の改善の指示ではありません",
                       "this is not an open instruction");
    if (!result || !*result)
        return err_set(e, ST_INVALID, "required", "result", "対応の結果を入力してください", "give the result");
    if (!text_valid_chars(result, 4000, true))
        return err_set(e, ST_INVALID, "too_long", "result", "対応の結果は4000文字以内で入力してください",
                       "the result: at most 4000 characters, no control characters");
    char today[11];
    date_today(ctx->clock, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    st = db_prepare(ctx->db, "UPDATE committee_decisions SET state = 'done', result = ?, done_on = ? WHERE id = ? AND state = 'open'", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_text(st, 1, result);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, decision_id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s}", "state", "done", "result", result, "done_on", today);
        s = record_change(ctx, "committee_decision.done", "committee_decision", decision_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status committee_work_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    static const char *const cols[] = {"decision_id", "meeting_id", "meeting_title", "text", "due_on", "overdue"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.meeting_id, m.title, d.text, d.due_on, d.due_on < ?2 FROM committee_decisions d"
                          " JOIN committee_meetings m ON m.id = d.meeting_id"
                          " WHERE d.owner_person_id = ?1 AND d.state = 'open' ORDER BY d.due_on, d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    json_t *items = NULL;
    Status s = rows_array(st, cols, "iisssb", &items, e);
    if (s == ST_OK)
        *out = json_pack("{s:o}", "items", items);
    return s;
}

Status committee_training_plan_approval(Ctx *ctx, int fy, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.meeting_id, m.meets_on, m.title, d.text FROM committee_decisions d"
                          " JOIN committee_meetings m ON m.id = d.meeting_id"
                          " WHERE d.kind = 'training_plan' AND d.ref_id = ? ORDER BY d.id LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *out = json_pack("{s:I, s:I, s:s, s:s, s:s}", "decision_id", (json_int_t)stmt_int(st, 0), "meeting_id",
                         (json_int_t)stmt_int(st, 1), "meets_on", stmt_text(st, 2), "meeting_title", stmt_text(st, 3),
                         "text", stmt_text(st, 4));
    stmt_finalize(st);
    return s;
}
