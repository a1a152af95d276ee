/* reconcile: the registers compared with the state the trail last recorded (see audit.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "domain/audit/audit.h"
#include "domain/cloud/cloud.h"
#include "domain/committee/committee.h"
#include "domain/evaluation/evaluation.h"
#include "domain/gate/gate.h"
#include "domain/incidents/incidents.h"
#include "domain/identity/identity.h"
#include "domain/irplan/irplan.h"
#include "domain/org/org.h"
#include "domain/packs/packs.h"
#include "domain/policydocs/policydocs.h"
#include "domain/netcheck/netcheck.h"
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
    &roster_import_state_kind, &roster_row_state_kind, &roster_task_state_kind, &incident_intake_state_kind,
    &vendor_state_kind, &vendor_contract_state_kind, &vendor_clause_state_kind, &vendor_subcontract_state_kind,
    &vendor_staff_state_kind, &vendor_check_state_kind,
    &cloud_service_state_kind, &cloud_asset_state_kind, &cloud_review_state_kind, &cloud_end_state_kind, &cloud_system_state_kind,
    &asset_restriction_state_kind, &media_content_state_kind, &asset_event_state_kind,
    &request_approval_state_kind, &request_event_state_kind, &exception_state_kind,
    &selfcheck_target_state_kind, &selfcheck_system_target_state_kind, &selfcheck_system_answer_state_kind, &selfcheck_org_answer_state_kind,
    &sysaccount_id_state_kind, &access_review_items_state_kind, &access_review_decision_state_kind,
    &pack_version_state_kind, &netcheck_file_state_kind, &netcheck_run_state_kind,
    &incident_note_state_kind, &incident_evidence_state_kind, &incident_external_state_kind, &audit_evidence_state_kind,
    &incident_recipient_state_kind, &incident_indicator_state_kind, &violation_recipient_state_kind,
    &audit_plan_item_state_kind, &committee_attendee_state_kind, &committee_agenda_state_kind,
    &gate_release_state_kind,
    NULL,
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
    size_t legacy_entries; /* entries of the kind's actions, before the first that identifies its row, that do not */
    long long first_new;   /* the smallest integer key an entry identifies */
    bool seen_new;         /* an entry identifying its row was seen (entries come in seq order) */
} Replay;

/* The row's key from the entry: its object id, or the kind's id_keys joined by '/'. false when the
 * entry does not carry them. */
static bool row_key(const StateKind *k, const char *object_id, json_t *state, char *out, size_t size)
{
    if (!k->id_keys) {
        snprintf(out, size, "%s", object_id);
        return true;
    }
    size_t len = 0;
    for (const char *const *key = k->id_keys; *key; key++) {
        bool parent = strcmp(*key, "@object_id") == 0;
        json_t *v = parent ? NULL : json_object_get(state, *key);
        const char *sep = len ? "/" : "";
        int n = parent                ? snprintf(out + len, size - len, "%s%s", sep, object_id)
                : json_is_integer(v) ? snprintf(out + len, size - len, "%s%lld", sep, (long long)json_integer_value(v))
                : json_is_string(v)  ? snprintf(out + len, size - len, "%s%s", sep, json_string_value(v))
                                     : -1;
        if (n < 0 || (size_t)n >= size - len)
            return false;
        len += (size_t)n;
    }
    return true;
}

static void note_new_key(Replay *r, const char *key)
{
    char *end = NULL;
    long long v = strtoll(key, &end, 10);
    if (end != key && !*end && v < r->first_new)
        r->first_new = v;
}

/* A list kind: every element of after[list_key] is a row of its own. */
static void replay_list(Replay *r, const char *object_id, json_t *after)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(after, r->kind->list_key), i, v)
    {
        char key[256];
        if (json_is_object(v)) /* a row recorded as an object: its list_column names it */
            v = json_object_get(v, r->kind->list_column);
        if (!json_is_integer(v) && !json_is_string(v))
            continue;
        if (json_is_integer(v))
            snprintf(key, sizeof key, "%s/%lld", object_id, (long long)json_integer_value(v));
        else
            snprintf(key, sizeof key, "%s/%s", object_id, json_string_value(v));
        json_object_set_new(r->states, key, json_pack("{s:O}", r->kind->list_column, v));
    }
}

/* A rows kind: the entry records the parent's whole set of rows (or, without rows_key, not them). */
static void replay_rows(Replay *r, const char *object_id, bool full, json_t *rows)
{
    const StateKind *k = r->kind;
    if (!json_is_array(rows)) {
        if (k->legacy_rows && full && !r->seen_new)
            r->legacy_entries++;
        return;
    }
    if (k->legacy_rows && full) {
        note_new_key(r, object_id);
        r->seen_new = true;
    }
    if (!full && k->rows_merge) { /* the changed rows over the recorded ones, in place; others kept */
        json_t *set = json_object_get(json_object_get(r->states, object_id), k->rows_key);
        if (!json_is_array(set))
            return;
        size_t i, j;
        json_t *row, *old;
        json_array_foreach(rows, i, row)
        {
            json_t *id = json_object_get(row, k->row_id_key);
            bool found = false;
            json_array_foreach(set, j, old) if (!found && json_equal(json_object_get(old, k->row_id_key), id))
            {
                json_array_set(set, j, row);
                found = true;
            }
            if (!found)
                json_array_append(set, row);
        }
        return;
    }
    json_object_set_new(r->states, object_id,
                        json_array_size(rows) ? json_pack("{s:o}", k->rows_key, json_deep_copy(rows)) : json_null());
}

static bool replay_entry(const char *action, const char *object_id, json_t *entry, void *arg)
{
    Replay *r = arg;
    const StateKind *k = r->kind;
    bool removes = listed(k->remove_actions, action);
    bool full = removes || listed(k->full_actions, action);
    if (!full && !listed(k->merge_actions, action)) {
        if (k->legacy_rows && !r->seen_new && listed(k->legacy_actions, action))
            r->legacy_entries++;
        return true;
    }
    json_t *after = json_object_get(entry, "after");
    if (k->rows_key) {
        replay_rows(r, object_id, full && !removes, json_object_get(after, k->rows_key));
        return true;
    }
    if (k->list_key && json_object_get(after, k->list_key)) {
        replay_list(r, object_id, after);
        return true;
    }
    if (k->within)
        after = json_object_get(after, k->within);
    /* a removal's row is named by what it removed */
    json_t *named = after;
    if (!json_is_object(named)) {
        json_t *before = json_object_get(entry, "before");
        named = k->within ? json_object_get(before, k->within) : before;
    }
    char row_id[256];
    if (!row_key(k, object_id, named, row_id, sizeof row_id)) {
        /* an entry about something else, or written before its rows were identified */
        if (k->legacy_rows && full && !removes && !r->seen_new)
            r->legacy_entries++;
        return true;
    }
    if (k->legacy_rows) {
        if (!removes) /* a removal may name a row written before */
            note_new_key(r, row_id);
        r->seen_new = true;
    }
    json_t *seq = json_integer(json_integer_value(json_object_get(entry, "seq")));
    json_t *seqs = json_object_get(r->states, row_id);
    if (removes || (full && !json_is_object(after))) {
        json_decref(seq);
        json_object_set_new(r->states, row_id, json_null());
    } else if (full || !json_is_array(seqs)) {
        json_object_set_new(r->states, row_id, json_pack("[o]", seq));
    } else {
        json_array_append_new(seqs, seq);
    }
    return true;
}

/* The state the entries recorded: each one's "after" (or its kind's part of it) laid over the ones
 * before; a list kind's state is kept as it is. */
static Status recorded_state(Ctx *ctx, const StateKind *k, json_t *seqs, json_t **out, Err *e)
{
    if (json_is_object(seqs)) {
        *out = json_incref(seqs);
        return ST_OK;
    }
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
        if (k->within)
            after = json_object_get(after, k->within);
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

/* A rows kind's array by row key: each element's row_id_key (or the element itself) as text. */
static json_t *rows_by_key(const StateKind *k, json_t *rows)
{
    json_t *by = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *v = k->row_id_key && json_is_object(row) ? json_object_get(row, k->row_id_key) : row;
        char key[256];
        if (json_is_integer(v))
            snprintf(key, sizeof key, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v))
            snprintf(key, sizeof key, "%s", json_string_value(v));
        else
            continue;
        json_object_set(by, key, row);
    }
    return by;
}

/* Compares a parent's rows one by one: a recorded row gone, one changed (per column) and one the
 * trail does not record, each named "<parent>/<row>". Not compared when the entries did not record
 * the rows. */
static void compare_rows(Findings *f, const StateKind *k, const char *parent, json_t *recorded, json_t *now)
{
    json_t *was_rows = json_object_get(recorded, k->rows_key);
    if (!json_is_array(was_rows))
        return;
    json_t *was = rows_by_key(k, was_rows), *is = rows_by_key(k, json_object_get(now, k->rows_key));
    const char *key;
    json_t *row;
    char id[520];
    json_object_foreach(was, key, row)
    {
        json_t *current = json_object_get(is, key);
        snprintf(id, sizeof id, "%s/%s", parent, key);
        if (!current)
            add(f, k, id, "", "row_missing", NULL, NULL);
        else if (json_is_object(row))
            compare(f, k, id, row, current);
    }
    json_object_foreach(is, key, row) if (!json_object_get(was, key))
    {
        snprintf(id, sizeof id, "%s/%s", parent, key);
        add(f, k, id, "", "no_trail", NULL, NULL);
    }
    json_decref(was);
    json_decref(is);
}

static Status reconcile_kind(Ctx *ctx, const StateKind *k, Findings *f, Err *e)
{
    Replay r = {k, json_object(), 0, LLONG_MAX, false};
    size_t legacy_used = 0;
    Status st = trail_scan_type(ctx->db, k->object_type, replay_entry, &r, e);
    Stmt *s = st == ST_OK ? db_prepare(ctx->db, k->ids_sql, e) : NULL;
    if (st == ST_OK && !s)
        st = e->status;
    StepResult step = STEP_DONE;
    while (st == ST_OK && (step = stmt_step(s)) == STEP_ROW) {
        char key[256];
        snprintf(key, sizeof key, "%s", stmt_text(s, 0) ? stmt_text(s, 0) : "");
        json_t *last = json_object_get(r.states, key);
        if (!json_is_array(last) && !json_is_object(last)) {
            char *end = NULL;
            long long v = strtoll(key, &end, 10);
            if (k->legacy_rows && legacy_used < r.legacy_entries && end != key && !*end && v < r.first_new)
                legacy_used++; /* written before its entries identified it */
            else
                add(f, k, key, "", "no_trail", NULL, NULL);
        } else {
            json_t *recorded = NULL, *now = NULL;
            if ((st = recorded_state(ctx, k, last, &recorded, e)) == ST_OK && (st = k->get_key ? k->get_key(ctx, key, &now, e) : k->get(ctx, stmt_int(s, 0), &now, e)) == ST_OK)
            {
                if (k->rows_key)
                    compare_rows(f, k, key, recorded, now);
                else
                    compare(f, k, key, recorded, now);
            }
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
        json_object_foreach(r.states, key, value) if (json_is_array(value) || json_is_object(value))
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
