/* exception: 例外措置 — the emergency path (第130条), the CISO's review and the register (第131条);
 * see exception.h. Creation, submission and decisions are the request engine's. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/requests/exception.h"
#include "domain/kernel/kernel.h"
#include "domain/requests/request_internal.h"

static const PackRequestType *exception_type(const Pack *pack, const char *id)
{
    for (size_t i = 0; i < pack->n_request_types; i++) {
        const PackRequestType *t = &pack->request_types[i];
        if (t->kind && strcmp(t->kind, "exception") == 0 && (!id || strcmp(t->id, id) == 0))
            return t;
    }
    return NULL;
}

/* ENFORCES: 第130条 pack: requests.types.exception_measure.report_within_days
 * 緊急時の例外措置は、CISOへの報告とその期限とともに記録する。 */
Status exception_take_emergency(Ctx *ctx, const char *type, json_t *fields, int64_t *id_out, Err *e)
{
    const PackRequestType *t = exception_type(ctx->pack, type);
    if (!t)
        return err_set(e, ST_INVALID, "not_an_exception", "type", "例外措置の申請種別ではありません",
                       "not an exception request type");
    return req_create(ctx, t->id, 0, fields, true, id_out, e);
}

/* ENFORCES: 第131条 pack: requests.types.exception_measure.stages
 * 例外措置の見直しを記録できるのは許可権限者 (CISO) だけ。 */
Status exception_review(Ctx *ctx, int64_t request_id, const char *comment, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, request_id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (strcmp(t->kind, "exception") != 0)
        return err_set(e, ST_INVALID, "not_an_exception", "id", "例外措置の申請ではありません",
                       "not an exception request");
    const char *role = t->stages[t->n_stages - 1].role;
    bool reviewer = false;
    if (ctx->actor->person_id && (rc = req_holds_role(ctx, ctx->actor->person_id, role, 0, &reviewer, e)) != ST_OK)
        return rc;
    if (!reviewer)
        return err_set(e, ST_FORBIDDEN, "not_reviewer", "", "例外措置の状況を確認するのは許可権限者(CISO)です(第131条)",
                       "only the approver of exceptions (the CISO) reviews them (第131条)");
    if (strcmp(r.state, "draft") == 0)
        return err_set(e, ST_CONFLICT, "bad_state", "state", "下書きの例外措置は確認できません",
                       "a draft exception cannot be reviewed");
    if (comment && !text_valid_chars(comment, 4000, true))
        return err_set(e, ST_INVALID, "invalid_text", "comment", "コメントは4000文字以内で入力してください",
                       "comment must be at most 4000 characters of text");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((rc = db_begin(ctx->db, e)) != ST_OK)
        return rc;
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE exceptions SET last_review_at = ?1, last_reviewer_person_id = ?2,"
                          " last_review_comment = ?3 WHERE request_id = ?4",
                          e);
    if (st) {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, ctx->actor->person_id);
        stmt_bind_text(st, 3, comment ? comment : "");
        stmt_bind_int(st, 4, request_id);
        rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        rc = e->status;
    }
    if (rc == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s}", "request_id", (json_int_t)request_id, "reviewed_at", now,
                                  "comment", comment ? comment : "");
        rc = req_attach_rows(ctx, request_id, false, after, e);
        if (rc == ST_OK)
            rc = record_change(ctx, "exception.review", "request", request_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, rc, e);
}

static const char *const reg_cols[] = {"request_id", "type", "requester_person_id", "requester_name", "unit_id",
                                       "unit_name", "state", "fields", "emergency", "taken_at", "report_due",
                                       "reported_at", "approved_at", "valid_until", "last_review_at",
                                       "last_reviewer_name", "last_review_comment", NULL};

/* Days from a to b (YYYY-MM-DD), or a large number when either is unreadable. */
static int64_t days_between(const char *a, const char *b)
{
    int ya, ma, da, yb, mb, db;
    if (!a || !b || !date_parse(a, &ya, &ma, &da) || !date_parse(b, &yb, &mb, &db))
        return 1 << 30;
    return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

Status exception_register(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.type, r.requester_person_id, p.name, r.unit_id, u.name, r.state, r.fields,"
                          " x.emergency, x.taken_at, x.report_due, x.reported_at, r.decided_at, r.valid_until,"
                          " x.last_review_at, rv.name, x.last_review_comment"
                          " FROM exceptions x CROSS JOIN requests r ON r.id = x.request_id"
                          " JOIN people_v p ON p.id = r.requester_person_id JOIN org_units_v u ON u.id = r.unit_id"
                          " LEFT JOIN people_v rv ON rv.id = x.last_reviewer_person_id ORDER BY r.id DESC",
                          e);
    if (!st)
        return e->status;
    json_t *rows = NULL;
    Status rc = rows_array(st, reg_cols, "isisisssbSSSSSSSs", &rows, e);
    if (rc != ST_OK)
        return rc;
    char now[21], today[11];
    time_iso_utc(clock_now(ctx->clock), now);
    date_today(ctx->clock, today);
    json_t *counts = json_object();
    int64_t overdue = 0, review_due_n = 0;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        const PackRequestType *t = pack_request_type(ctx->pack, json_string_value(json_object_get(o, "type")));
        const char *txt = json_string_value(json_object_get(o, "fields"));
        json_t *f = txt ? json_loads(txt, 0, NULL) : NULL;
        json_object_del(o, "fields");
        const char *keys[] = {"provisions", "reason", "risk", "alternative", "start_date", "end_date", NULL};
        for (int k = 0; keys[k]; k++) {
            json_t *v = f ? json_object_get(f, keys[k]) : NULL;
            json_object_set(o, keys[k], v ? v : json_null());
        }
        json_decref(f);
        json_object_set_new(o, "type_label", json_string(t ? t->label : ""));
        json_object_set_new(o, "article", json_string(t ? t->article : ""));
        const char *state = json_string_value(json_object_get(o, "state"));
        bool emergency = json_is_true(json_object_get(o, "emergency"));
        const char *due = json_string_value(json_object_get(o, "report_due"));
        const char *reported = json_string_value(json_object_get(o, "reported_at"));
        const char *report_status = !emergency ? "none"
                                    : reported ? (strcmp(reported, due) > 0 ? "reported_late" : "reported")
                                    : strcmp(now, due) > 0 ? "overdue"
                                                           : "pending";
        if (strcmp(report_status, "overdue") == 0)
            overdue++;
        const char *until = json_string_value(json_object_get(o, "valid_until"));
        int64_t remind = t && t->remind_before_days ? t->remind_before_days : 3;
        const char *status = strcmp(state, "draft") == 0       ? "draft"
                             : strcmp(state, "submitted") == 0 ? "under_review"
                             : strcmp(state, "returned") == 0  ? "returned"
                             : strcmp(state, "rejected") == 0  ? "rejected"
                             : strcmp(state, "withdrawn") == 0 ? "withdrawn"
                             : strcmp(state, "approved") == 0
                                 ? (until && strcmp(until, today) < 0           ? "ended"
                                    : days_between(today, until) <= remind ? "ending_soon"
                                                                                : "active")
                                 : "ended";
        bool active = strcmp(status, "active") == 0 || strcmp(status, "ending_soon") == 0;
        const char *last = json_string_value(json_object_get(o, "last_review_at"));
        const char *since = last ? last : json_string_value(json_object_get(o, "approved_at"));
        char since_day[11] = "";
        if (since)
            snprintf(since_day, sizeof since_day, "%.10s", since);
        bool review_due = active && t && t->review_interval_days &&
                          days_between(since_day, today) >= t->review_interval_days;
        review_due_n += review_due;
        json_object_set_new(o, "report_status", json_string(report_status));
        json_object_set_new(o, "status", json_string(status));
        json_object_set_new(o, "review_due", json_boolean(review_due));
        json_object_del(o, "valid_until");
        json_object_set_new(counts, status, json_integer(json_integer_value(json_object_get(counts, status)) + 1));
    }
    json_object_set_new(counts, "report_overdue", json_integer((json_int_t)overdue));
    json_object_set_new(counts, "review_due", json_integer((json_int_t)review_due_n));
    *out = json_pack("{s:o, s:o}", "items", rows, "counts", counts);
    return ST_OK;
}
