/* reconcile: the registers compared with the state the trail last recorded (see audit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "domain/audit/audit.h"
#include "domain/committee/committee.h"
#include "domain/evaluation/evaluation.h"
#include "domain/incidents/incidents.h"
#include "domain/identity/identity.h"
#include "domain/irplan/irplan.h"
#include "domain/org/org.h"
#include "domain/policydocs/policydocs.h"
#include "domain/records/records.h"
#include "domain/requests/requests.h"
#include "domain/roster/roster.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "domain/systems/systems.h"
#include "domain/training/training.h"
#include "domain/vendors/vendors.h"
#include "trail/trail.h"

const StateKind *const audit_state_kinds[] = {
    &org_unit_state_kind, &person_state_kind,    &role_assignment_state_kind, &account_state_kind,
    &asset_state_kind,    &system_state_kind,    &component_state_kind,       &request_state_kind,
    &delegation_state_kind, &policy_document_state_kind, &policy_version_state_kind, &policy_review_state_kind,
    &bring_in_state_kind, &server_room_entry_state_kind, &equipment_move_state_kind, &failure_record_state_kind,
    &software_license_state_kind, &server_room_state_kind, &server_room_access_state_kind, &work_record_state_kind,
    &duty_record_state_kind, &audit_state_kind, &audit_finding_state_kind, &selfcheck_campaign_state_kind,
    &selfcheck_action_state_kind, &training_course_state_kind, &training_session_state_kind,
    &training_attendance_state_kind, &drill_state_kind, &drill_finding_state_kind, &sysaccount_snapshot_state_kind,
    &access_review_state_kind, &incident_state_kind, &incident_task_state_kind, &violation_state_kind,
    &holiday_state_kind, &policy_ack_state_kind, &selfcheck_answer_state_kind, &audit_auditor_state_kind,
    &drill_participant_state_kind, &committee_meeting_state_kind, &committee_decision_state_kind,
    &irplan_version_state_kind, &irplan_drill_state_kind, &audit_evidence_request_state_kind,
    &roster_import_state_kind, &incident_intake_state_kind, &incident_note_state_kind,
    &incident_evidence_state_kind, &incident_external_state_kind, &audit_evidence_state_kind,
    &vendor_state_kind, NULL,
};

typedef struct Findings {
    json_t *items;
    size_t max, total;
} Findings;

static void add(Findings *f, const StateKind *k, const char *id, const char *column, const char *problem,
                json_t *trail, json_t *now)
{
    f->total++;
    if (json_array_size(f->items) >= f->max)
        return;
    json_array_append_new(f->items,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:O?, s:O?}", "table", k->table, "object_type",
                                    k->object_type, "id", id, "column", column, "problem", problem, "trail", trail,
                                    "now", now));
}

static bool listed(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Finds the entries making up the last state of each object: states[id] = the seqs of its last
 * full entry and the merge entries after it, or JSON null once the object was removed. Only seqs
 * are kept (a register of a million rows would not fit as states); compare reads the entries
 * again. */
typedef struct Replay {
    const StateKind *kind;
    json_t *states;
} Replay;

static bool replay_entry(const char *action, const char *object_id, json_t *entry, void *arg)
{
    Replay *r = arg;
    bool removes = listed(r->kind->remove_actions, action);
    bool full = removes || listed(r->kind->full_actions, action);
    if (!full && !listed(r->kind->merge_actions, action))
        return true;
    json_t *after = json_object_get(entry, "after");
    char row_id[256];
    if (r->kind->id_keys) { /* the row's key is in "after": an entry without it is about something else */
        size_t len = 0;
        json_t *parent = json_string(object_id);
        for (const char *const *k = r->kind->id_keys; *k; k++) {
            json_t *v = strcmp(*k, "@object_id") == 0 ? parent : json_object_get(after, *k);
            int n = json_is_integer(v) ? snprintf(row_id + len, sizeof row_id - len, "%s%lld", len ? "/" : "",
                                                  (long long)json_integer_value(v))
                    : json_is_string(v) ? snprintf(row_id + len, sizeof row_id - len, "%s%s", len ? "/" : "",
                                                   json_string_value(v))
                                        : -1;
            if (n < 0 || (size_t)n >= sizeof row_id - len) {
                json_decref(parent);
                return true;
            }
            len += (size_t)n;
        }
        json_decref(parent);
        object_id = row_id;
    }
    json_t *seq = json_integer(json_integer_value(json_object_get(entry, "seq")));
    json_t *seqs = json_object_get(r->states, object_id);
    if (removes || (full && !json_is_object(after))) {
        json_decref(seq);
        json_object_set_new(r->states, object_id, json_null());
    } else if (full || !json_is_array(seqs)) {
        json_object_set_new(r->states, object_id, json_pack("[o]", seq));
    } else {
        json_array_append_new(seqs, seq);
    }
    return true;
}

/* The state the entries recorded: each one's "after" laid over the ones before. */
static Status recorded_state(Ctx *ctx, json_t *seqs, json_t **out, Err *e)
{
    json_t *state = json_object();
    size_t i;
    json_t *seq;
    json_array_foreach(seqs, i, seq)
    {
        json_t *entry = NULL;
        Status st = trail_entry_get(ctx->db, json_integer_value(seq), &entry, e);
        if (st != ST_OK) {
            json_decref(state);
            return st;
        }
        json_t *after = json_object_get(entry, "after");
        if (json_is_object(after))
            json_object_update(state, after);
        json_decref(entry);
    }
    *out = state;
    return ST_OK;
}

/* Compares the keys both states have, except the kind's ignored ones. */
static void compare(Findings *f, const StateKind *k, const char *id, json_t *recorded, json_t *now)
{
    const char *key;
    json_t *value;
    json_object_foreach(recorded, key, value)
    {
        json_t *current = json_object_get(now, key);
        if (!current || listed(k->ignored, key) || json_equal(value, current))
            continue;
        add(f, k, id, key, "differs", value, current);
    }
}

static Status reconcile_kind(Ctx *ctx, const StateKind *k, Findings *f, Err *e)
{
    Replay r = {k, json_object()};
    Status st = trail_scan_type(ctx->db, k->object_type, replay_entry, &r, e);
    Stmt *s = st == ST_OK ? db_prepare(ctx->db, k->ids_sql, e) : NULL;
    if (st == ST_OK && !s)
        st = e->status;
    StepResult step = STEP_DONE;
    while (st == ST_OK && (step = stmt_step(s)) == STEP_ROW) {
        char key[256];
        snprintf(key, sizeof key, "%s", stmt_text(s, 0) ? stmt_text(s, 0) : "");
        json_t *last = json_object_get(r.states, key);
        if (!json_is_array(last)) {
            add(f, k, key, "", "no_trail", NULL, NULL);
        } else {
            json_t *recorded = NULL, *now = NULL;
            if ((st = recorded_state(ctx, last, &recorded, e)) == ST_OK && (st = k->get_key ? k->get_key(ctx, key, &now, e) : k->get(ctx, stmt_int(s, 0), &now, e)) == ST_OK)
                compare(f, k, key, recorded, now);
            json_decref(recorded);
            json_decref(now);
        }
        json_object_del(r.states, key); /* what is left afterwards has no row */
    }
    if (st == ST_OK && step == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    const char *key;
    json_t *value;
    if (st == ST_OK)
        json_object_foreach(r.states, key, value) if (json_is_array(value))
            add(f, k, key, "", "row_missing", NULL, NULL);
    json_decref(r.states);
    return st;
}

Status reconcile_registers(Ctx *ctx, size_t max_findings, json_t **findings, size_t *total, Err *e)
{
    *findings = NULL;
    *total = 0;
    bool own = !db_in_transaction(ctx->db);
    Status st = own ? db_exec(ctx->db, "BEGIN", e) : ST_OK;
    if (st != ST_OK)
        return st;
    Findings f = {json_array(), max_findings ? max_findings : 1000, 0};
    for (size_t i = 0; st == ST_OK && audit_state_kinds[i]; i++)
        st = reconcile_kind(ctx, audit_state_kinds[i], &f, e);
    if (own)
        db_exec(ctx->db, "COMMIT", NULL); /* read only */
    if (st != ST_OK) {
        json_decref(f.items);
        return st;
    }
    *findings = f.items;
    *total = f.total;
    return ST_OK;
}
