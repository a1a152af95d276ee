/* rec_work: 作業記録 and its confirmation by a second person (第63条), see rec_work.h. */
#include "domain/records/rec_work.h"

#include <string.h>

#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/kernel/kernel.h"
#include "domain/org/org.h"

static const char *const work_cols[] = {"id", "system_id", "system_name", "title", "description", "started_at",
                                        "ended_at", "config_changed", "security_review", "author_person_id",
                                        "author_name", "state", "confirmer_person_id", "confirmer_name",
                                        "confirm_comment", "confirmed_at", "created_at", "updated_at", NULL};
#define WORK_TYPES "iisssssbsissISsSss"
#define WORK_SELECT                                                                                               \
    "SELECT w.id, w.system_id, s.name, w.title, w.description, w.started_at, w.ended_at, w.config_changed,"        \
    " w.security_review, w.author_person_id, a.name, w.state, w.confirmer_person_id, c.name, w.confirm_comment,"   \
    " w.confirmed_at, w.created_at, w.updated_at FROM work_records w JOIN systems_v s ON s.id = w.system_id"        \
    " JOIN people_v a ON a.id = w.author_person_id LEFT JOIN people_v c ON c.id = w.confirmer_person_id"

static Status work_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, WORK_SELECT " WHERE w.id = ?", work_cols, WORK_TYPES, id, "work_not_found",
                   "作業記録が見つかりません", "work record not found", out, e);
}

static Status forbidden(Err *e)
{
    return rec_forbidden(e, "record_forbidden",
                         "この作業記録を扱えるのは、その情報システムの情報システム管理者・情報システム担当者等です (第63条)",
                         "only the system's manager and operators may use its work records");
}

/* ST_OK when the actor may keep the system's records; forbidden otherwise, or the error of a check
 * that could not be made. */
static Status check_keep(Ctx *ctx, int64_t system_id, Err *e)
{
    bool may = false;
    Status s = rec_may_keep_system(ctx, system_id, &may, e);
    return s != ST_OK || may ? s : forbidden(e);
}

Status rec_work_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *w = NULL;
    Status s = work_plain(ctx, id, &w, e);
    if (s != ST_OK)
        return s;
    if ((s = check_keep(ctx, json_integer_value(json_object_get(w, "system_id")), e)) != ST_OK) {
        json_decref(w);
        return s;
    }
    *out = w;
    return ST_OK;
}

Status rec_work_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "作業記録は職員として作成してください",
                       "work records are written by a person");
    json_t *sys = json_object_get(in, "system_id");
    int64_t system = json_is_integer(sys) ? json_integer_value(sys) : 0;
    if (!system)
        return sys && !json_is_null(sys) ? entity_check_value(&work_fields[WORK_F_SYSTEM], sys, NULL, e)
                                         : entity_required(&work_fields[WORK_F_SYSTEM], e);
    const char *title, *description, *review;
    char started[21], ended[21];
    Status s = rec_text(in, &work_fields[WORK_F_TITLE], &title, e);
    if (s == ST_OK)
        s = rec_text(in, &work_fields[WORK_F_DESCRIPTION], &description, e);
    if (s == ST_OK)
        s = rec_time(in, &work_fields[WORK_F_STARTED], started, e);
    if (s == ST_OK)
        s = rec_time(in, &work_fields[WORK_F_ENDED], ended, e);
    if (s == ST_OK && strcmp(ended, started) < 0)
        s = err_set(e, ST_INVALID, "invalid_time", "ended_at", "作業終了日時が開始日時より前です",
                    "ended_at is before started_at");
    json_t *cc = json_object_get(in, "config_changed");
    if (s == ST_OK && cc)
        s = entity_check_value(&work_fields[WORK_F_CONFIG_CHANGED], cc, NULL, e);
    bool changed = json_is_true(cc) || (json_is_integer(cc) && json_integer_value(cc) == 1);
    if (s == ST_OK)
        s = rec_text(in, &work_fields[WORK_F_REVIEW], &review, e);
    if (s == ST_OK && changed && !*review)
        s = err_set(e, ST_INVALID, "security_review_required", "security_review",
                    "機器の構成や設定を変更したときは、情報セキュリティ対策が適切であるかの確認結果を記録してください (第63条2)",
                    "a configuration change needs the review of the security measures (article 63(2))");
    if (s != ST_OK)
        return s;
    if ((s = check_keep(ctx, system, e)) != ST_OK)
        return s;
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO work_records(system_id, title, description, started_at, ended_at, config_changed,"
                          " security_review, author_person_id, state, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?9, ?9)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_int(st, 1, system);
        stmt_bind_text(st, 2, title);
        stmt_bind_text(st, 3, description);
        stmt_bind_text(st, 4, started);
        stmt_bind_text(st, 5, ended);
        stmt_bind_int(st, 6, changed);
        stmt_bind_text(st, 7, review);
        stmt_bind_int(st, 8, ctx->actor->person_id);
        stmt_bind_text(st, 9, now);
        s = rec_insert(ctx, st, &id, e);
    } else {
        s = e->status;
    }
    return rec_created(ctx, s, id, work_plain, "work_record.create", "work_record", id_out, e);
}

Status rec_work_confirm(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *comment;
    Status s = rec_text(in, &work_fields[WORK_F_COMMENT], &comment, e);
    if (s != ST_OK)
        return s;
    int64_t me = ctx->actor->person_id;
    json_t *before = NULL, *after = NULL;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = rec_work_get(ctx, id, &before, e);
    if (s == ST_OK && !me)
        s = err_set(e, ST_FORBIDDEN, "not_a_person", "", "作業の確認は職員として行ってください",
                    "a confirmation is made by a person");
    if (s == ST_OK) {
        DutySubject subj = {.requester_person_id = json_integer_value(json_object_get(before, "author_person_id"))};
        Err sep = {0};
        Status q = separation_check(ctx, DUTY_APPROVE, me, &subj, &sep);
        if (q != ST_OK && q != ST_FORBIDDEN) { /* the check could not be made: refused with its error */
            *e = sep;
            s = q;
        } else if (q != ST_OK)
            s = err_set(e, ST_FORBIDDEN, "two_person_rule", "",
                        "作業記録は作業した本人以外の者が確認しなければなりません (第63条3: 2名以上で作業し、互いに確認)",
                        "a work record must be confirmed by someone other than its author (article 63(3))");
    }
    if (s == ST_OK && strcmp(json_string_value(json_object_get(before, "state")), "recorded") != 0)
        s = err_set(e, ST_CONFLICT, "already_confirmed", "state", "この作業記録は確認済みです",
                    "this work record is already confirmed");
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE work_records SET state = 'confirmed', confirmer_person_id = ?, confirm_comment = ?,"
                              " confirmed_at = ?3, updated_at = ?3 WHERE id = ? AND state = 'recorded'",
                              e);
        if (st) {
            char now[21];
            rec_now(ctx, now);
            stmt_bind_int(st, 1, me);
            stmt_bind_text(st, 2, comment);
            stmt_bind_text(st, 3, now);
            stmt_bind_int(st, 4, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK && (s = work_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "work_record.confirm", "work_record", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status rec_work_list(Ctx *ctx, int64_t system_id, bool only_unconfirmed, json_t **out, Err *e)
{
    Status s = system_id ? check_keep(ctx, system_id, e) : ST_OK;
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          WORK_SELECT " WHERE (?1 = 0 OR w.system_id = ?1) AND (?2 = 0 OR w.state = 'recorded')"
                                      " ORDER BY w.started_at DESC, w.id DESC",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    stmt_bind_int(st, 2, only_unconfirmed);
    json_t *rows = NULL;
    if ((s = rows_array(st, work_cols, WORK_TYPES, &rows, e)) != ST_OK)
        return s;
    json_t *items = json_array();
    int unconfirmed = 0;
    int64_t last_sys = 0;
    bool last_ok = false;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        int64_t sys = json_integer_value(json_object_get(o, "system_id"));
        if (sys != last_sys) {
            last_sys = sys;
            if ((s = rec_may_keep_system(ctx, sys, &last_ok, e)) != ST_OK)
                break;
        }
        if (!last_ok)
            continue;
        unconfirmed += strcmp(json_string_value(json_object_get(o, "state")), "recorded") == 0;
        json_array_append(items, o);
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:i, s:s}", "items", items, "unconfirmed", unconfirmed, "article", "第63条");
    return ST_OK;
}

/* 作業の記録 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is work_plain of the row. */
static const char *const work_record_actions[] = {"work_record.create", "work_record.confirm", NULL};
const StateKind work_record_state_kind = {
    .object_type = "work_record",
    .table = "work_records",
    .ids_sql = "SELECT id FROM work_records ORDER BY id",
    .full_actions = work_record_actions,
    .ignored = NULL,
    .get = work_plain,
};
