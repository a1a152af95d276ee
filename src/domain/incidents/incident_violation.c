/* incident_violation: 違反 — reports of a violation of the policy (第124条) by any 職員, told to the
 * pack's violations.chain; the 統括's confirmation naming who violated or finding it unfounded, the
 * violator's superior told on confirmation (第134条1), and the handling recorded as one of the pack's
 * outcomes (第133条, 第134条3) — no free-text field about the person. Kept apart from incidents (own
 * tables, own readers) and linkable to one. See incidents.h. */
#include <stdio.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "policy/pack.h"

#define SUPERIOR_STEP "superior"

static const char *const plain_cols[] = {"id", "description", "article", "noticed_at", "unit_id",
                                         "reporter_person_id", "incident_id", "state", "violator_person_id",
                                         "unfounded_reason", "assessed_by", "assessed_at", "outcome", "outcome_on",
                                         "handled_by", "handled_at", "created_at", "updated_at", NULL};
#define PLAIN_TYPES "isssiiIsIsISSSISss"
#define PLAIN_SELECT                                                                                          \
    "SELECT id, description, article, noticed_at, unit_id, reporter_person_id, incident_id, state,"          \
    " violator_person_id, unfounded_reason, assessed_by, assessed_at, outcome, outcome_on, handled_by,"     \
    " handled_at, created_at, updated_at FROM incident_violations WHERE id = ?"

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "violation_not_found", "id", "違反の報告が見つかりません",
                   "violation report not found");
}

static Status plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, PLAIN_SELECT, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, plain_cols, PLAIN_TYPES, out, e);
    return s == ST_NOTFOUND ? not_found(e) : s;
}

/* 違反 as the trail records them, for reconciliation (domain/kernel/state.h): report, assess and
 * handle record plain() of the row; violation.seen records who read it (the recipients). */
static const char *const violation_actions[] = {"violation.report", "violation.assess", "violation.handle", NULL};
const StateKind violation_state_kind = {
    .object_type = "violation",
    .table = "incident_violations",
    .ids_sql = "SELECT id FROM incident_violations ORDER BY id",
    .full_actions = violation_actions,
    .get = plain,
};

static int64_t int_of(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* One recipient row (person 0: nobody holds the step) and a notification (link only). */
static Status tell(Ctx *ctx, int64_t id, const char *step, const char *role, const char *article, int64_t person,
                   const char *now, Err *e)
{
    bool self = person && person == ctx->actor->person_id;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incident_violation_recipients(violation_id, step, role, person_id,"
                          " notified_at, seen_at) VALUES (?, ?, ?, ?, ?5, CASE WHEN ?6 THEN ?5 END)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, step);
    stmt_bind_text(st, 3, role);
    if (person)
        stmt_bind_int(st, 4, person);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, now);
    stmt_bind_int(st, 6, self);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK || !person || self)
        return s;
    char title[160], link[64], key[128];
    snprintf(title, sizeof title, "違反の報告があります (No.%lld, %s)", (long long)id, article);
    snprintf(link, sizeof link, "/incidents/violations/%lld", (long long)id);
    snprintf(key, sizeof key, "violation:%lld:%s", (long long)id, step);
    return notify_person(ctx, person, "violation", "violation", id, title, link, key, NULL, e);
}

/* Tells every holder of role over unit (step vacant when nobody holds it). */
static Status tell_role(Ctx *ctx, int64_t id, const char *step, const char *role, const char *article, int64_t unit,
                        const char *now, Err *e)
{
    int64_t people[64];
    size_t n = 0;
    Status s = incident_role_holders(ctx, role, unit, 0, people, 64, &n, e);
    for (size_t j = 0; j < n && s == ST_OK; j++)
        s = tell(ctx, id, step, role, article, people[j], now, e);
    if (s == ST_OK && n == 0)
        s = tell(ctx, id, step, role, article, 0, now, e);
    return s;
}

/* The actor holds a handler role (confirms and handles) or, with readers, a reader role. */
static Status holds(Ctx *ctx, bool readers, bool *yes, Err *e)
{
    const PackViolations *v = &ctx->pack->incidents.violations;
    Status s = incident_holds_any(ctx, v->handler_roles, v->n_handler_roles, yes, e);
    if (s == ST_OK && !*yes && readers)
        s = incident_holds_any(ctx, v->reader_roles, v->n_reader_roles, yes, e);
    return s;
}

/* *full: may read everything (handler, reader, told); *own: is the reporter (reads the report and its
 * state, not who violated nor the handling). */
static Status may_read(Ctx *ctx, int64_t id, int64_t reporter, bool *full, bool *own, Err *e)
{
    int64_t me = ctx->actor->person_id;
    *own = me && me == reporter;
    *full = false;
    if (!me)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM incident_violation_recipients WHERE violation_id = ? AND person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, me);
    Status s = stmt_step_row(st, full, e);
    stmt_finalize(st);
    if (s == ST_OK && !*full)
        s = holds(ctx, true, full, e);
    return s;
}

/* The linked incident must be one the actor may read (it is not disclosed otherwise). */
static Status check_incident(Ctx *ctx, json_t *in, int64_t *incident, Err *e)
{
    json_t *v = json_object_get(in, "incident_id");
    *incident = 0;
    if (!v || json_is_null(v))
        return ST_OK;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_set(e, ST_INVALID, "invalid_type", "incident_id", "「関連するインシデント」はIDで指定してください",
                       "incident_id must be an id");
    Status s = incident_check_read(ctx, json_integer_value(v), e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_incident", "incident_id",
                       "「関連するインシデント」に指定した報告が見つかりません", "incident_id: no such incident report");
    if (s == ST_OK)
        *incident = json_integer_value(v);
    return s;
}

Status violation_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    const PackViolations *pv = &ctx->pack->incidents.violations;
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "違反の報告は職員として行ってください",
                       "violations are reported by a person");
    const char *description, *article;
    char noticed_at[21];
    int64_t noticed = 0, incident = 0, unit = 0;
    Status s = incident_text(ctx, in, &violation_fields[VIOLATION_F_DESCRIPTION], true, &description, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &violation_fields[VIOLATION_F_ARTICLE], false, &article, e);
    if (s == ST_OK)
        s = incident_when(in, &violation_fields[VIOLATION_F_NOTICED], &noticed, noticed_at, e);
    if (s == ST_OK && noticed > clock_now(ctx->clock) + 300)
        s = err_set(e, ST_INVALID, "in_future", "noticed_at", "「気付いた日時」が未来の日時です",
                    "noticed_at is in the future");
    if (s == ST_OK)
        s = check_incident(ctx, in, &incident, e);
    if (s == ST_OK)
        s = org_section_of(ctx, 0, ctx->actor->person_id, &unit, e);
    if (s == ST_OK && !unit)
        s = err_set(e, ST_INVALID, "no_unit", "", "報告の起点となる課室が分かりません (所属の登録を確認してください)",
                    "the section to report to is unknown (check your unit)");
    if (s != ST_OK)
        return s;
    char now[21];
    incident_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incident_violations(description, article, noticed_at, unit_id,"
                          " reporter_person_id, incident_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?7, ?7)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_text(st, 1, description);
        stmt_bind_text(st, 2, article);
        stmt_bind_text(st, 3, noticed_at);
        stmt_bind_int(st, 4, unit);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        if (incident)
            stmt_bind_int(st, 6, incident);
        else
            stmt_bind_null(st, 6);
        stmt_bind_text(st, 7, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    } else {
        s = e->status;
    }
    for (size_t i = 0; i < pv->n_chain && s == ST_OK; i++)
        s = tell_role(ctx, id, pv->chain[i].id, pv->chain[i].role, pv->chain[i].article, unit, now, e);
    /* the entry records the report and who was told (reconciled as incident_violation_recipients) */
    json_t *after = NULL, *recipients = NULL;
    if (s == ST_OK && (s = plain(ctx, id, &after, e)) == ST_OK &&
        (s = incident_recipient_rows(ctx, id, true, &recipients, e)) == ST_OK) {
        json_object_set_new(after, "recipients", recipients);
        s = record_change(ctx, "violation.report", "violation", id, NULL, after, e);
    }
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* Records the actor's first reading (trail violation.seen). */
static Status mark_seen(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM incident_violation_recipients WHERE violation_id = ? AND person_id = ?"
                          " AND seen_at IS NULL",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    bool unseen = false;
    Status s = stmt_step_row(st, &unseen, e);
    stmt_finalize(st);
    if (s != ST_OK || !unseen)
        return s;
    char now[21];
    incident_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    st = db_prepare(ctx->db,
                    "UPDATE incident_violation_recipients SET seen_at = ? WHERE violation_id = ? AND person_id = ?"
                    " AND seen_at IS NULL",
                    e);
    if (st) {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, id);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *recipients = NULL; /* the rows read */
        if ((s = incident_recipient_rows_of(ctx, id, true, ctx->actor->person_id, now, NULL, &recipients, e)) == ST_OK) {
            json_t *after = json_pack("{s:s, s:o}", "seen_at", now, "recipients", recipients);
            s = record_change(ctx, "violation.seen", "violation", id, NULL, after, e);
            json_decref(after);
        }
    }
    return finish_tx(ctx, s, e);
}

static Status recipients_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.step, r.role, r.person_id, p.name, r.notified_at, r.seen_at FROM"
                          " incident_violation_recipients r LEFT JOIN people_v p ON p.id = r.person_id"
                          " WHERE r.violation_id = ? ORDER BY r.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"step", "role", "person_id", "name", "notified_at", "seen_at", NULL};
    Status s = rows_array(st, cols, "ssISsS", out, e);
    size_t i;
    json_t *r;
    if (s == ST_OK)
        json_array_foreach(*out, i, r) {
            const PackRole *role = pack_role(ctx->pack, json_string_value(json_object_get(r, "role")));
            json_object_set_new(r, "role_label", json_string(role && role->label ? role->label : ""));
        }
    return s;
}

/* Names for the ids: the 課室, the reporter, the violator, the outcome's label. */
static Status add_names(Ctx *ctx, json_t *o, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT u.name, r.name, x.name FROM incident_violations v JOIN org_units_v u ON u.id = v.unit_id"
                          " JOIN people_v r ON r.id = v.reporter_person_id LEFT JOIN people_v x ON x.id = v.violator_person_id"
                          " WHERE v.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, int_of(o, "id"));
    static const char *const cols[] = {"unit_name", "reporter_name", "violator_name", NULL};
    json_t *names = NULL;
    Status s = row_single(st, cols, "ssS", &names, e);
    if (s == ST_OK) {
        json_object_update(o, names);
        json_decref(names);
    }
    const PackViolations *pv = &ctx->pack->incidents.violations;
    const PackIncidentChoice *c =
        pack_incident_choice(pv->outcomes, pv->n_outcomes, json_string_value(json_object_get(o, "outcome")));
    json_object_set_new(o, "outcome_label", c ? json_string(c->label) : json_null());
    json_object_set_new(o, "outcome_label_en", c ? json_string(c->label_en) : json_null());
    return s == ST_NOTFOUND ? not_found(e) : s;
}

/* What only the chain and the HR-relevant roles see. */
static const char *const restricted[] = {"violator_person_id", "violator_name", "unfounded_reason", "outcome",
                                         "outcome_label", "outcome_label_en", "outcome_on", "assessed_by",
                                         "handled_by", "recipients", NULL};

Status violation_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *o = NULL;
    Status s = plain(ctx, id, &o, e);
    if (s != ST_OK)
        return s;
    bool full = false, own = false;
    if ((s = may_read(ctx, id, int_of(o, "reporter_person_id"), &full, &own, e)) == ST_OK && !full && !own)
        s = not_found(e); /* existence is not disclosed */
    if (s == ST_OK && full)
        s = mark_seen(ctx, id, e);
    json_t *recipients = NULL;
    if (s == ST_OK)
        s = add_names(ctx, o, e);
    if (s == ST_OK && full)
        s = recipients_json(ctx, id, &recipients, e);
    bool handler = false;
    if (s == ST_OK)
        s = holds(ctx, false, &handler, e);
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    if (full) {
        json_object_set_new(o, "recipients", recipients);
    } else {
        for (size_t i = 0; restricted[i]; i++)
            json_object_del(o, restricted[i]);
    }
    json_object_set_new(o, "is_reporter", json_boolean(own));
    json_object_set_new(o, "can_handle", json_boolean(handler && int_of(o, "violator_person_id") != ctx->actor->person_id));
    *out = o;
    return ST_OK;
}

Status violation_list(Ctx *ctx, json_t **out, Err *e)
{
    int64_t me = ctx->actor->person_id;
    bool all = false;
    Status s = me ? holds(ctx, true, &all, e) : ST_OK;
    if (s != ST_OK)
        return s;
    /* the actor's own reports, those they were told of, or every report for handlers and readers;
     * the violator's name only where the reader may read everything */
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.state, v.noticed_at, v.article, u.name, v.created_at,"
                          " v.reporter_person_id = ?1 AS mine,"
                          " (?2 OR EXISTS (SELECT 1 FROM incident_violation_recipients r WHERE r.violation_id = v.id"
                          " AND r.person_id = ?1)) AS full, v.outcome"
                          " FROM incident_violations v JOIN org_units_v u ON u.id = v.unit_id"
                          " WHERE ?1 <> 0 AND (?2 OR v.reporter_person_id = ?1 OR EXISTS (SELECT 1 FROM"
                          " incident_violation_recipients r WHERE r.violation_id = v.id AND r.person_id = ?1))"
                          " ORDER BY v.id DESC LIMIT 200",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, me);
    stmt_bind_int(st, 2, all);
    static const char *const cols[] = {"id", "state", "noticed_at", "article", "unit_name", "created_at", "mine",
                                       "full", "outcome", NULL};
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "isssssbbS", &items, e)) != ST_OK)
        return s;
    const PackViolations *pv = &ctx->pack->incidents.violations;
    size_t i;
    json_t *r;
    json_array_foreach(items, i, r) {
        const PackIncidentChoice *c =
            json_is_true(json_object_get(r, "full"))
                ? pack_incident_choice(pv->outcomes, pv->n_outcomes, json_string_value(json_object_get(r, "outcome")))
                : NULL;
        json_object_set_new(r, "outcome_label", c ? json_string(c->label) : json_null());
        if (!json_is_true(json_object_get(r, "full")))
            json_object_set_new(r, "outcome", json_null());
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

static Status forbidden(Err *e)
{
    return err_set(e, ST_FORBIDDEN, "violation_forbidden", "", "この操作は統括情報セキュリティ責任者が行います (第134条)",
                   "only the chief information security officer may do this (art. 134)");
}

static Status bad_state(Err *e, const char *state)
{
    return err_setf(e, ST_CONFLICT, "violation_state", "state", "状態が「%s」の違反の報告にはこの操作はできません",
                    "a violation report in state %s does not allow this", state, state);
}

/* The row for a change by a handler: 404 for one who may not read it, 403 for one who may read but
 * not handle, separation_of_duties for the violator. Inside the caller's transaction. */
static Status load_for_handler(Ctx *ctx, int64_t id, json_t **row, Err *e)
{
    Status s = plain(ctx, id, row, e);
    bool full = false, own = false, handler = false;
    if (s == ST_OK)
        s = may_read(ctx, id, int_of(*row, "reporter_person_id"), &full, &own, e);
    if (s == ST_OK && !full && !own)
        s = not_found(e);
    if (s == ST_OK)
        s = holds(ctx, false, &handler, e);
    if (s == ST_OK && !handler)
        s = forbidden(e);
    if (s == ST_OK && int_of(*row, "violator_person_id") == ctx->actor->person_id)
        s = err_set(e, ST_FORBIDDEN, "separation_of_duties", "",
                    "自分が違反した者とされた報告は扱えません (第20条)", "the person who violated cannot handle the report");
    if (s != ST_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return s;
}

/* Runs st and records action with the row after it; told (or NULL): the recipient rows the change
 * added, recorded as "recipients" (reconciled as incident_violation_recipients). */
static Status finish_change(Ctx *ctx, Stmt *st, int64_t id, const char *action, json_t *before, json_t *told, Status s,
                            Err *e)
{
    if (s == ST_OK && st)
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    else if (s == ST_OK)
        s = e->status;
    stmt_finalize(st);
    json_t *after = NULL;
    if (s == ST_OK && (s = plain(ctx, id, &after, e)) == ST_OK) {
        if (told)
            json_object_set(after, "recipients", told);
        s = record_change(ctx, action, "violation", id, before, after, e);
    }
    json_decref(after);
    return s;
}

Status violation_assess(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const PackViolations *pv = &ctx->pack->incidents.violations;
    json_t *flag = json_object_get(in, "is_violation");
    if (!json_is_boolean(flag))
        return err_set(e, ST_INVALID, "required", "is_violation", "「違反か」を選んでください",
                       "is_violation (true or false) is required");
    bool violation = json_is_true(flag);
    const char *reason = "";
    int64_t violator = 0, incident = 0, unit = 0;
    json_t *v = json_object_get(in, "violator_person_id");
    Status s = incident_text(ctx, in, &violation_fields[VIOLATION_F_REASON], !violation, &reason, e);
    if (s == ST_OK && violation && *reason)
        s = err_set(e, ST_INVALID, "field_not_applicable", "reason", "「違反でない理由」は違反でないときだけ記録します",
                    "reason is recorded only when it is not a violation");
    if (s == ST_OK && !violation && v && !json_is_null(v))
        s = err_set(e, ST_INVALID, "field_not_applicable", "violator_person_id",
                    "「違反した者」は違反であるときだけ記録します", "violator_person_id only when it is a violation");
    if (s == ST_OK && violation) {
        json_t *p = NULL;
        if (!v || json_is_null(v))
            s = err_set(e, ST_INVALID, "required", "violator_person_id", "「違反した者」を選んでください",
                        "violator_person_id is required");
        else if (!json_is_integer(v) || people_get_plain(ctx, json_integer_value(v), &p, e) == ST_NOTFOUND)
            s = err_set(e, ST_INVALID, "unknown_person", "violator_person_id", "「違反した者」に指定した職員が見つかりません",
                        "violator_person_id: no such person");
        else if (!p)
            s = e->status;
        if (s == ST_OK) {
            violator = json_integer_value(v);
            s = org_section_of(ctx, 0, violator, &unit, e);
        }
        json_decref(p);
    }
    if (s == ST_OK)
        s = check_incident(ctx, in, &incident, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load_for_handler(ctx, id, &before, e);
    if (s == ST_OK && strcmp(json_string_value(json_object_get(before, "state")), "reported") != 0)
        s = bad_state(e, json_string_value(json_object_get(before, "state")));
    if (s == ST_OK && violator == ctx->actor->person_id)
        s = err_set(e, ST_FORBIDDEN, "separation_of_duties", "violator_person_id",
                    "自分を違反した者とする確認はできません (第20条)", "you cannot confirm your own violation");
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE incident_violations SET state = ?, violator_person_id = ?,"
                                       " unfounded_reason = ?, incident_id = coalesce(?, incident_id),"
                                       " assessed_by = ?, assessed_at = ?6, updated_at = ?6 WHERE id = ?",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, violation ? "confirmed" : "unfounded");
        if (violator)
            stmt_bind_int(st, 2, violator);
        else
            stmt_bind_null(st, 2);
        stmt_bind_text(st, 3, reason);
        if (incident)
            stmt_bind_int(st, 4, incident);
        else
            stmt_bind_null(st, 4);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_text(st, 6, now);
        stmt_bind_int(st, 7, id);
    }
    /* 第134条1: the violator's superior (over their 課室) is told and asked to take measures; the
     * entry records the rows added */
    json_t *told = NULL;
    if (s == ST_OK && violation && (s = tell_role(ctx, id, SUPERIOR_STEP, pv->superior_role, pv->handling_article, unit, now, e)) == ST_OK)
        s = incident_recipient_rows_of(ctx, id, true, 0, NULL, SUPERIOR_STEP, &told, e);
    s = finish_change(ctx, st, id, "violation.assess", before, told, s, e);
    json_decref(told);
    json_decref(before);
    return finish_tx(ctx, s, e);
}

Status violation_handle(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *outcome, *on;
    Status s = incident_text(ctx, in, &violation_fields[VIOLATION_F_OUTCOME], true, &outcome, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &violation_fields[VIOLATION_F_OUTCOME_ON], true, &on, e);
    char today[11];
    date_today(ctx->clock, today);
    if (s == ST_OK && strcmp(on, today) > 0)
        s = err_set(e, ST_INVALID, "in_future", "outcome_on", "「対応した日」が未来の日付です", "outcome_on is in the future");
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = load_for_handler(ctx, id, &before, e);
    if (s == ST_OK && strcmp(json_string_value(json_object_get(before, "state")), "confirmed") != 0)
        s = bad_state(e, json_string_value(json_object_get(before, "state")));
    if (s == ST_OK) { /* not before the day it was noticed (JST) */
        int64_t t = 0;
        int ny, nm, nd;
        time_parse_iso(json_string_value(json_object_get(before, "noticed_at")), &t);
        time_jst_date(t, &ny, &nm, &nd);
        char noticed[16];
        snprintf(noticed, sizeof noticed, "%04d-%02d-%02d", ny, nm, nd);
        if (strcmp(on, noticed) < 0)
            s = err_set(e, ST_INVALID, "before_noticed", "outcome_on", "「対応した日」が気付いた日より前です",
                        "outcome_on is before the day it was noticed");
    }
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE incident_violations SET state = 'handled', outcome = ?, outcome_on = ?,"
                                       " handled_by = ?, handled_at = ?4, updated_at = ?4 WHERE id = ?",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_text(st, 1, outcome);
        stmt_bind_text(st, 2, on);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        stmt_bind_int(st, 5, id);
    }
    s = finish_change(ctx, st, id, "violation.handle", before, NULL, s, e);
    json_decref(before);
    return finish_tx(ctx, s, e);
}

json_t *violation_options(const Ctx *ctx)
{
    const PackViolations *pv = &ctx->pack->incidents.violations;
    json_t *outcomes = json_array(), *chain = json_array();
    for (size_t i = 0; i < pv->n_outcomes; i++)
        json_array_append_new(outcomes, json_pack("{s:s, s:s, s:s}", "id", pv->outcomes[i].id, "label",
                                                  pv->outcomes[i].label, "label_en", pv->outcomes[i].label_en));
    for (size_t i = 0; i < pv->n_chain; i++)
        json_array_append_new(chain, json_pack("{s:s, s:s, s:s}", "id", pv->chain[i].id, "label", pv->chain[i].label,
                                               "article", pv->chain[i].article));
    return json_pack("{s:s, s:s, s:s, s:o, s:o}", "article", pv->article ? pv->article : "", "handling_article",
                     pv->handling_article ? pv->handling_article : "", "discipline_article",
                     pv->discipline_article ? pv->discipline_article : "", "chain", chain, "outcomes", outcomes);
}
