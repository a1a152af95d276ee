/* incident_csirt: the CSIRT's work on a report (第56条) — triage, tasks (応急措置・復旧・再発防止), the
 * cause and 再発防止策, the CISO's decision (第56条7) and the closure, which neither the reporter nor
 * the person who caused it may do (第20条, separation_check). Who is the CSIRT and who decides is the
 * pack's (incidents.yaml csirt_roles, decision_roles). Each change is one transaction with its trail
 * entry (the row before and after). */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "policy/pack.h"

static Status forbidden(Err *e, const char *ja, const char *en)
{
    return err_set(e, ST_FORBIDDEN, "incident_forbidden", "", ja, en);
}

static Status need_csirt(Ctx *ctx, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    bool csirt = false;
    Status s = incident_holds_any(ctx, pi->csirt_roles, pi->n_csirt_roles, &csirt, e);
    if (s == ST_OK && !csirt)
        s = forbidden(e, "この操作はCSIRTが行います (第56条)", "only the CSIRT may do this");
    return s;
}

static Status bad_state(Err *e, const char *state, const char *ja_what, const char *en_what)
{
    return err_setf(e, ST_CONFLICT, "incident_state", "state", "状態が「%s」の報告には%sできません%.0s%.0s",
                    "%.0s%.0sa report in state %s cannot be %s", state, ja_what, state, en_what);
}

/* Reads the incident (refusing, as 404, a person who may not read it) inside the open transaction. */
static Status load(Ctx *ctx, int64_t id, json_t **row, Err *e)
{
    Status s = incident_plain(ctx, id, row, e);
    if (s != ST_OK)
        return s;
    bool may = false;
    s = incident_may_read(ctx, id, json_integer_value(json_object_get(*row, "reporter_person_id")), &may, e);
    if (s == ST_OK && !may)
        s = err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                    "incident report not found");
    if (s != ST_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return s;
}

static const char *state_of(const json_t *row)
{
    return json_string_value(json_object_get(row, "state"));
}

/* Runs the UPDATE the caller prepared and bound, then records action with the row before and after,
 * and commits (or rolls back). before is consumed. */
static Status finish_update(Ctx *ctx, Stmt *st, int64_t id, const char *action, json_t *before, Status s, Err *e)
{
    if (s == ST_OK && st) {
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    } else if (s == ST_OK) {
        s = e->status;
    }
    stmt_finalize(st);
    json_t *after = NULL;
    if (s == ST_OK && (s = incident_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, action, "incident", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}


static Status active_person(Ctx *ctx, json_t *in, const char *key, const char *label, bool required, int64_t *out,
                            Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = 0;
    if (!v || json_is_null(v)) {
        if (!required)
            return ST_OK;
        return err_setf(e, ST_INVALID, "required", key, "「%s」を選んでください%.0s", "%.0s%s is required", label, key);
    }
    json_t *p = NULL;
    Status s = json_is_integer(v) ? people_get_plain(ctx, json_integer_value(v), &p, e) : ST_NOTFOUND;
    char today[11];
    date_today(ctx->clock, today);
    const char *until = s == ST_OK ? json_string_value(json_object_get(p, "active_until")) : NULL;
    bool active = s == ST_OK && (!until || strcmp(until, today) >= 0);
    json_decref(p);
    if (s == ST_NOTFOUND || (s == ST_OK && !active))
        return err_setf(e, ST_INVALID, "unknown_person", key, "「%s」に指定した職員が見つからないか在職していません%.0s",
                        "%.0s%s: no such active person", label, key);
    if (s == ST_OK)
        *out = json_integer_value(v);
    return s;
}

Status incident_triage(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    json_t *flag = json_object_get(in, "is_incident");
    if (!json_is_boolean(flag))
        return err_set(e, ST_INVALID, "required", "is_incident", "「インシデントか」を選んでください",
                       "is_incident (true or false) is required");
    bool incident = json_is_true(flag);
    const char *category = NULL, *severity = NULL, *note = "";
    int64_t causer = 0;
    Status s = ST_OK;
    if (incident) {
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_CATEGORY], true, &category, e);
        if (s == ST_OK)
            s = incident_text(ctx, in, &incident_fields[INCIDENT_F_SEVERITY], true, &severity, e);
    }
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_NOTE], !incident, &note, e);
    if (s == ST_OK)
        s = active_person(ctx, in, "causer_person_id", "原因となった者", false, &causer, e);
    if (s == ST_OK)
        s = need_csirt(ctx, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load(ctx, id, &before, e);
    if (s == ST_OK && strcmp(state_of(before), "reported") != 0 && strcmp(state_of(before), "triaged") != 0)
        s = bad_state(e, state_of(before), "評価", "assessed");
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE incidents SET state = ?, category = ?, severity = ?, triage_note = ?,"
                                       " causer_person_id = ?, triaged_by = ?, triaged_at = ?7, updated_at = ?7"
                                       " WHERE id = ?",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, incident ? "triaged" : "not_incident");
        if (incident) {
            stmt_bind_text(st, 2, category);
            stmt_bind_text(st, 3, severity);
        } else {
            stmt_bind_null(st, 2);
            stmt_bind_null(st, 3);
        }
        stmt_bind_text(st, 4, note);
        if (causer)
            stmt_bind_int(st, 5, causer);
        else
            stmt_bind_null(st, 5);
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        stmt_bind_int(st, 8, id);
    }
    return finish_update(ctx, st, id, "incident.triage", before, s, e);
}

Status incident_cause(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *cause, *prevention;
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_CAUSE], true, &cause, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_PREVENTION], true, &prevention, e);
    if (s == ST_OK)
        s = need_csirt(ctx, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load(ctx, id, &before, e);
    if (s == ST_OK && strcmp(state_of(before), "triaged") != 0)
        s = bad_state(e, state_of(before), "原因を記録", "given a cause");
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "UPDATE incidents SET cause = ?, prevention = ?, updated_at = ? WHERE id = ?", e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, cause);
        stmt_bind_text(st, 2, prevention);
        stmt_bind_text(st, 3, now);
        stmt_bind_int(st, 4, id);
    }
    return finish_update(ctx, st, id, "incident.cause", before, s, e);
}

Status incident_decide(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    const char *decision;
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_DECISION], true, &decision, e);
    bool may = false;
    if (s == ST_OK && (s = incident_holds_any(ctx, pi->decision_roles, pi->n_decision_roles, &may, e)) == ST_OK && !may)
        s = forbidden(e, "再発防止のための措置の指示はCISOが行います (第56条7)", "only the CISO decides the measures");
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load(ctx, id, &before, e);
    if (s == ST_OK && strcmp(state_of(before), "triaged") != 0)
        s = bad_state(e, state_of(before), "措置を指示", "decided on");
    if (s == ST_OK && !*json_string_value(json_object_get(before, "prevention")))
        s = err_set(e, ST_CONFLICT, "incident_no_cause", "decision",
                    "CSIRTが原因と再発防止策を報告してから指示してください (第56条6)",
                    "the CSIRT reports the cause and the proposed measures first");
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE incidents SET decision = ?, decided_by = ?, decided_at = ?3,"
                                       " updated_at = ?3 WHERE id = ?",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, decision);
        stmt_bind_int(st, 2, ctx->actor->person_id);
        stmt_bind_text(st, 3, now);
        stmt_bind_int(st, 4, id);
    }
    return finish_update(ctx, st, id, "incident.decide", before, s, e);
}

static Status open_tasks(Ctx *ctx, int64_t id, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM incident_tasks WHERE incident_id = ? AND state = 'open'", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *n = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s;
}

Status incident_close(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *lessons, *follow_up;
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_LESSONS], true, &lessons, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_FOLLOW_UP], false, &follow_up, e);
    if (s == ST_OK)
        s = need_csirt(ctx, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load(ctx, id, &before, e);
    if (s == ST_OK && strcmp(state_of(before), "triaged") != 0)
        s = bad_state(e, state_of(before), "完了", "closed");
    if (s == ST_OK && json_is_null(json_object_get(before, "decided_at")))
        s = err_set(e, ST_CONFLICT, "incident_not_decided", "state",
                    "CISOが措置を指示してから完了してください (第56条7)", "the CISO decides the measures first");
    int64_t open = 0, review_fy = 0, request = 0;
    if (s == ST_OK && (s = open_tasks(ctx, id, &open, e)) == ST_OK && open)
        s = err_setf(e, ST_CONFLICT, "incident_tasks_open", "state", "終わっていない作業が %lld 件あります",
                     "%lld task(s) are still open", (long long)open);
    /* 第20条: whoever reported or caused it does not close it */
    for (int i = 0; i < 2 && s == ST_OK; i++) {
        json_t *who = json_object_get(before, i ? "causer_person_id" : "reporter_person_id");
        DutySubject subject = {.requester_person_id = json_is_integer(who) ? json_integer_value(who) : 0};
        if (subject.requester_person_id)
            s = separation_check(ctx, DUTY_APPROVE, ctx->actor->person_id, &subject, e);
    }
    /* 第165条: the lessons go to a review still to come, or to a change request */
    if (s == ST_OK)
        s = incident_follow_up_check(ctx, before, in, &review_fy, &request, e);
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE incidents SET state = 'closed', lessons = ?, follow_up = ?, closed_by = ?,"
                                       " closed_at = ?4, updated_at = ?4, review_fiscal_year = ?6,"
                                       " change_request_id = ?7 WHERE id = ?5",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, lessons);
        stmt_bind_text(st, 2, follow_up);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        stmt_bind_int(st, 5, id);
        if (review_fy)
            stmt_bind_int(st, 6, review_fy);
        else
            stmt_bind_null(st, 6);
        if (request)
            stmt_bind_int(st, 7, request);
        else
            stmt_bind_null(st, 7);
    }
    return finish_update(ctx, st, id, "incident.close", before, s, e);
}

Status incident_can(Ctx *ctx, bool *csirt, bool *decide, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    Status s = incident_holds_any(ctx, pi->csirt_roles, pi->n_csirt_roles, csirt, e);
    if (s == ST_OK)
        s = incident_holds_any(ctx, pi->decision_roles, pi->n_decision_roles, decide, e);
    return s;
}
