/* request_decide: approving, returning and rejecting a request's current stage (see requests.h) —
 * the 第20条 check, the approver check, the snapshot of what was decided on with its SHA-256 (stored
 * and put into the trail), the stale-object check, the move to the next stage, and the link to the
 * asset's pending lifecycle event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/kernel/kernel.h"
#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"
#include "domain/requests/delegation.h"
#include "domain/assets/assets.h"
#include "domain/org/org.h"

/* The acting role of the resolution for person: the role they were resolved under. */
static const char *acting_role(const json_t *res)
{
    return json_string_value(json_object_get(res, "role"));
}

/* The actor's entry among the resolution's approvers who have not decided (their own before a
 * deputy's); NULL when none. */
static const json_t *actor_entry(const json_t *res, int64_t me)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(res, "approvers"), i, p)
    {
        if (json_integer_value(json_object_get(p, "person_id")) == me && !json_is_true(json_object_get(p, "decided")))
            return p;
    }
    return NULL;
}

/* valid_until = today + days (JST calendar), into out. */
static void valid_until(Ctx *ctx, int64_t days, char out[11])
{
    int y, m, d;
    time_jst_date(clock_now(ctx->clock), &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* 第23条10–12: the decision on the request is the 許可 of the asset's pending event of the kind the
 * type names (the oldest one not yet linked). *linked gets the event id, or 0 when there is none. */
static Status link_asset_event(Ctx *ctx, const ReqRow *r, const PackRequestType *t, bool approved, int64_t *linked,
                               Err *e)
{
    *linked = 0;
    if (!t->asset_event || strcmp(r->object_kind, "asset") != 0)
        return ST_OK;
    char ref[40];
    snprintf(ref, sizeof ref, "request:%lld", (long long)r->id);
    return asset_event_permit(ctx, r->object_id, t->asset_event, approved, ref, linked, e);
}

/* Inserts the decision row. */
static Status insert_approval(Ctx *ctx, const ReqRow *r, const json_t *res, const char *decision,
                              const char *comment, const char *snapshot, const char *hash, const char *now, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO request_approvals(request_id, round, stage, approver_person_id, approver_role,"
                          " escalated, decision, comment, snapshot, snapshot_hash, decided_at, deputy_for_person_id)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, r->id);
    stmt_bind_int(st, 2, r->round);
    stmt_bind_int(st, 3, r->stage);
    stmt_bind_int(st, 4, ctx->actor->person_id);
    stmt_bind_text(st, 5, acting_role(res));
    stmt_bind_int(st, 6, json_is_true(json_object_get(res, "escalated")));
    stmt_bind_text(st, 7, decision);
    stmt_bind_text(st, 8, comment ? comment : "");
    stmt_bind_text(st, 9, snapshot);
    stmt_bind_text(st, 10, hash);
    stmt_bind_text(st, 11, now);
    const json_t *me = actor_entry(res, ctx->actor->person_id);
    json_t *df = me ? json_object_get(me, "deputy_for") : NULL;
    if (df)
        stmt_bind_int(st, 12, json_integer_value(df));
    else
        stmt_bind_null(st, 12);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* The request's new state after the decision: next stage, approved, returned or rejected. */
static Status advance(Ctx *ctx, const ReqRow *r, const PackRequestType *t, const json_t *res, const json_t *fields,
                      const char *decision, const char *now, bool *final_approved, Err *e)
{
    *final_approved = false;
    const char *state = "submitted";
    int stage = r->stage;
    char until[11] = "";
    if (strcmp(decision, "return") == 0) {
        state = "returned";
    } else if (strcmp(decision, "reject") == 0) {
        state = "rejected";
    } else {
        /* any: this approval completes the stage; all: when it fills the last open slot (a holder and
         * their deputy share one) */
        bool stage_done = !t->stages[r->stage].all || json_integer_value(json_object_get(res, "slots_left")) <= 1;
        if (stage_done && (size_t)r->stage + 1 < t->n_stages) {
            stage = r->stage + 1;
        } else if (stage_done) {
            state = "approved";
            *final_approved = true;
            if (t->validity_days)
                valid_until(ctx, t->validity_days, until);
            if (t->valid_until_field) {
                const char *v = json_string_value(json_object_get(fields, t->valid_until_field));
                snprintf(until, sizeof until, "%s", v ? v : "");
            }
        }
    }
    bool decided = strcmp(state, "submitted") != 0;
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE requests SET state = ?, current_stage = ?, decided_at = ?, valid_until = ?,"
                          " updated_at = ? WHERE id = ? AND state = 'submitted' AND current_stage = ? AND round = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, state);
    stmt_bind_int(st, 2, stage);
    stmt_bind_text(st, 3, decided ? now : NULL);
    stmt_bind_text(st, 4, until[0] ? until : NULL);
    stmt_bind_text(st, 5, now);
    stmt_bind_int(st, 6, r->id);
    stmt_bind_int(st, 7, r->stage);
    stmt_bind_int(st, 8, r->round);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    /* checked before the transaction: another decision may have moved the request meanwhile */
    if (rc == ST_OK && db_changes(ctx->db) != 1)
        rc = err_set(e, ST_CONFLICT, "bad_state", "state", "申請の状態が変わりました。読み込み直してください",
                     "the request changed meanwhile; reload it");
    return rc;
}

/* ENFORCES: 第32条 pack: requests.types.offsite_equipment
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第35条3 pack: requests.types.server_room_after_hours
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第41条2(1) pack: requests.types.take_out
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第42条 pack: requests.types.byod_use
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第44条 pack: requests.types.security_setting_change
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第62条 pack: requests.types.info_exchange
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第69条(1) pack: requests.types.external_network
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第76条(1) pack: requests.types.software_install
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第77条 pack: requests.types.device_modification
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第80条4 pack: requests.types.external_web_meeting
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第84条3 pack: requests.types.privileged_deputy
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第85条 pack: requests.types.remote_access
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第129条 pack: requests.types.exception_measure
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第143条4 pack: requests.types.outsourced_service
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第148条 pack: requests.types.cloud_service_sensitive
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
/* ENFORCES: 第153条 pack: requests.types.cloud_service_general
 * 申請は、パックの種類が段階ごとに定める承認者 (条文が許可を求める者) だけが承認でき、申請者本人は承認できない。 */
Status request_decide(Ctx *ctx, int64_t id, const char *decision, const char *comment, Err *e)
{
    if (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "return") != 0 &&
                      strcmp(decision, "reject") != 0))
        return err_set(e, ST_INVALID, "invalid_decision", "decision", "判断は approve・return・reject のいずれかです",
                       "decision must be approve, return or reject");
    if (comment && !text_valid_chars(comment, 4000, true))
        return err_set(e, ST_INVALID, "invalid_text", "comment", "コメントは4000文字以内で入力してください",
                       "comment must be at most 4000 characters of text");
    if (strcmp(decision, "approve") != 0 && (!comment || !*comment))
        return err_set(e, ST_INVALID, "required", "comment", "差戻し・却下には理由をコメントに書いてください",
                       "a comment (the reason) is required to return or reject");
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (strcmp(r.state, "submitted") != 0)
        return err_setf(e, ST_CONFLICT, "bad_state", "state", "状態が「%s」の申請は判断できません",
                        "a request in state %s cannot be decided", r.state, r.state);
    int64_t me = ctx->actor->person_id;
    DutySubject subj = {.requester_person_id = r.requester, .unit_id = r.unit_id};
    if ((rc = separation_check(ctx, DUTY_APPROVE, me, &subj, e)) != ST_OK)
        return rc;
    json_t *res = NULL, *snap = NULL, *req = NULL, *obj = NULL, *before = NULL, *after = NULL;
    if ((rc = req_resolve(ctx, &r, t, &res, e)) != ST_OK)
        return rc;
    if (!req_waiting_for(res, me)) {
        bool inactive = false;
        rc = delegation_inactive_for(ctx, me, json_string_value(json_object_get(res, "role")), &inactive, e);
        if (rc == ST_OK)
            rc = err_setf(e, ST_FORBIDDEN, "not_approver", "", "この段階の承認者ではありません(承認者: %s、%s)",
                          "you are not an approver of this stage (approver role: %s, %s)",
                          json_string_value(json_object_get(res, "role_label")), t->article);
        json_decref(res);
        return rc;
    }
    rc = req_plain(ctx, id, &req, e);
    if (rc == ST_OK)
        rc = req_object(ctx, &r, &obj, e);
    char obj_hash[65] = "";
    if (rc == ST_OK) {
        req_hash(obj, obj_hash);
        if (strcmp(decision, "approve") == 0 && strcmp(obj_hash, r.object_hash) != 0)
            rc = err_set(e, ST_CONFLICT, "stale_snapshot", "object_id",
                         "申請後に対象が変更されました。申請者が内容を確認して再提出するまで承認できません",
                         "the object changed after submission; it cannot be approved until resubmitted");
    }
    if (rc != ST_OK) {
        json_decref(res);
        json_decref(req);
        json_decref(obj);
        return rc;
    }
    snap = json_pack("{s:o, s:o, s:s}", "request", req, "object", obj, "object_hash", obj_hash);
    char *snap_txt = json_dumps(snap, JSON_SORT_KEYS | JSON_COMPACT);
    char hash[65];
    req_hash(snap, hash);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    bool final_approved = false;
    int64_t linked = 0;
    if ((rc = db_begin(ctx->db, e)) == ST_OK) {
        rc = req_plain(ctx, id, &before, e);
        int64_t approval_id = 0;
        if (rc == ST_OK && (rc = insert_approval(ctx, &r, res, decision, comment, snap_txt, hash, now, e)) == ST_OK)
            approval_id = db_last_insert_id(ctx->db);
        if (rc == ST_OK)
            rc = advance(ctx, &r, t, res, req_fields(req), decision, now, &final_approved, e);
        if (rc == ST_OK && (final_approved || strcmp(decision, "reject") == 0))
            rc = link_asset_event(ctx, &r, t, final_approved, &linked, e);
        if (rc == ST_OK && final_approved && strcmp(t->kind, "delegation") == 0)
            rc = delegation_from_request(ctx, id, e);
        if (rc == ST_OK)
            rc = req_notify_decided(ctx, &r, t, decision, final_approved, e);
        if (rc == ST_OK)
            rc = req_event(ctx, id, decision, r.stage, comment, e);
        if (rc == ST_OK && (rc = req_plain(ctx, id, &after, e)) == ST_OK) {
            /* the decision's request_approvals row, identified by row_id (request_state.c compares it) */
            json_t *row = NULL;
            rc = req_approval_row(ctx, approval_id, &row, e);
            if (rc == ST_OK)
                json_object_set_new(after, "decision", row);
            if (linked)
                json_object_set_new(after, "asset_event_id", json_integer((json_int_t)linked));
            char action[32];
            snprintf(action, sizeof action, "request.%s", decision);
            if (rc == ST_OK)
                rc = req_attach_rows(ctx, id, true, after, e);
            if (rc == ST_OK)
                rc = record_change(ctx, action, "request", id, before, after, e);
        }
        rc = finish_tx(ctx, rc, e);
    }
    free(snap_txt);
    json_decref(snap);
    json_decref(res);
    json_decref(before);
    json_decref(after);
    return rc;
}
