/* incident_state: インシデント and their 作業 as the trail records them, for reconciliation
 * (domain/kernel/state.h). Every change of an incidents row records incident_plain of it (report,
 * assign, and the CSIRT's triage, cause, decide, close); the other entries under an incident (seen,
 * indicators) record rows of other tables (docs/trail.md, "Tables not reconciled"); a note, an
 * evidence file and a report outside are kinds of their own. Tasks are recorded under their incident with their id as "task_id", a
 * mail taken in (incident.intake) under the report it became, an indicator with its id as
 * "indicator_id", and who was told (the report's and a reading's "recipients", a 違反's too) as the
 * whole set of the report's rows. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"

static const char *const incident_actions[] = {"incident.report", "incident.assign", "incident.triage",
                                               "incident.cause",  "incident.decide", "incident.close", NULL};
const StateKind incident_state_kind = {
    .object_type = "incident",
    .table = "incidents",
    .ids_sql = "SELECT id FROM incidents ORDER BY id",
    .full_actions = incident_actions,
    .get = incident_plain,
};

static Status task_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"task_id", "kind",      "title", "owner_person_id", "due_date",
                                       "system_id", "state", "result", NULL};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, kind, title, owner_person_id, due_date, system_id, state, result FROM incident_tasks"
                          " WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, cols, "issisIss", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "incident_task_not_found", "task_id", "その作業はありません", "no such task");
    return s;
}

static const char *const task_actions[] = {"incident.task_add", NULL};
static const char *const task_merged[] = {"incident.task_done", NULL};
static const char *const task_key[] = {"task_id", NULL};
const StateKind incident_task_state_kind = {
    .object_type = "incident",
    .table = "incident_tasks",
    .ids_sql = "SELECT id FROM incident_tasks ORDER BY id",
    .full_actions = task_actions,
    .merge_actions = task_merged,
    .id_keys = task_key,
    .get = task_state,
};

/* A mail taken in by the intake: incident.intake records it under the report it became, one report
 * per mail, so the report's id keys the row (a Message-ID may be longer than a finding's key). */
static Status intake_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"message_key", "sha256", "sender", "outcome", NULL};
    char *end = NULL;
    long long incident = strtoll(key, &end, 10);
    if (!*key || *end)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT message_key, sha256, sender, outcome FROM incident_intake_messages WHERE incident_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, incident);
    Status s = row_single(st, cols, "ssss", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const intake_actions[] = {"incident.intake", NULL};
static const char *const intake_key[] = {"@object_id", NULL};
const StateKind incident_intake_state_kind = {
    .object_type = "incident",
    .table = "incident_intake_messages",
    .ids_sql = "SELECT incident_id FROM incident_intake_messages ORDER BY incident_id",
    .full_actions = intake_actions,
    .id_keys = intake_key,
    .get_key = intake_state,
};

/* A note (incident.note) is recorded under its incident with its id as "note_id" and its text; notes
 * are never changed or removed. */
static Status note_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"note_id", "body", NULL};
    return row_by_id(ctx->db, "SELECT id, body FROM incident_notes WHERE id = ?", cols, "is", id, out, e);
}

static const char *const note_actions[] = {"incident.note", NULL};
static const char *const note_key[] = {"note_id", NULL};
const StateKind incident_note_state_kind = {
    .object_type = "incident",
    .table = "incident_notes",
    .ids_sql = "SELECT id FROM incident_notes ORDER BY id",
    .full_actions = note_actions,
    .id_keys = note_key,
    .get = note_state,
};

/* An evidence file (incident.evidence_add) is recorded under its incident with its id as "evidence_id",
 * its hash, name and size; a view (incident.evidence_view) changes nothing. */
static Status evidence_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"evidence_id", "sha256", "name", "size", NULL};
    return row_by_id(ctx->db, "SELECT id, sha256, name, size FROM incident_evidence WHERE id = ?", cols, "issi", id, out, e);
}

static const char *const evidence_actions[] = {"incident.evidence_add", NULL};
static const char *const evidence_key[] = {"evidence_id", NULL};
const StateKind incident_evidence_state_kind = {
    .object_type = "incident",
    .table = "incident_evidence",
    .ids_sql = "SELECT id FROM incident_evidence ORDER BY id",
    .full_actions = evidence_actions,
    .id_keys = evidence_key,
    .get = evidence_state,
};

/* A report outside (incident.report_submit) is recorded under its incident with its kind (one per
 * kind and incident), the hash of the frozen body and its deadline: keyed "<incident>/<kind>". The
 * hash compared is the stored body's, computed again, so a rewritten body shows even with its
 * sha256 column left alone. */
static Status external_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    char *end = NULL;
    long long incident = strtoll(key, &end, 10);
    if (!*key || *end != '/' || !end[1])
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT kind, body, due_date FROM incident_external_reports WHERE incident_id = ? AND kind = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, incident);
    stmt_bind_text(st, 2, end + 1);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        const char *body = stmt_text(st, 1);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
        char sha[65];
        for (int i = 0; i < 32; i++)
            snprintf(sha + 2 * i, 3, "%02x", h[i]);
        *out = json_pack("{s:s, s:s, s:s}", "kind", stmt_text(st, 0), "sha256", sha, "due_date", stmt_text(st, 2));
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const external_actions[] = {"incident.report_submit", NULL};
static const char *const external_key[] = {"@object_id", "kind", NULL};
const StateKind incident_external_state_kind = {
    .object_type = "incident",
    .table = "incident_external_reports",
    .ids_sql = "SELECT incident_id || '/' || kind FROM incident_external_reports ORDER BY incident_id, kind",
    .full_actions = external_actions,
    .id_keys = external_key,
    .get_key = external_state,
};

/* An indicator (incident.indicator_add) is recorded under its incident with its id as "indicator_id"
 * and the row as stored; indicators are never changed or removed. Entries written before the id was
 * recorded ({kind, value}) are old rows (docs/trail.md "Old trails"). */
static Status indicator_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"indicator_id", "incident_id", "kind", "value", "note", NULL};
    return row_by_id(ctx->db, "SELECT id, incident_id, kind, value, note FROM incident_indicators WHERE id = ?", cols,
                     "iisss", id, out, e);
}

static const char *const indicator_actions[] = {"incident.indicator_add", NULL};
static const char *const indicator_key[] = {"indicator_id", NULL};
const StateKind incident_indicator_state_kind = {
    .object_type = "incident",
    .table = "incident_indicators",
    .ids_sql = "SELECT id FROM incident_indicators ORDER BY id",
    .full_actions = indicator_actions,
    .id_keys = indicator_key,
    .legacy_rows = true,
    .get = indicator_state,
};

Status incident_recipient_rows_of(Ctx *ctx, int64_t id, bool violation, int64_t person, const char *seen_at, const char *step,
                                  json_t **out, Err *e)
{
    static const char *const cols[] = {"recipient_id", "step", "role", "person_id", "notified_at", "seen_at", NULL};
    Stmt *st = db_prepare(ctx->db,
                          violation ? "SELECT id, step, role, person_id, notified_at, seen_at FROM incident_violation_recipients"
                                      " WHERE violation_id = ?1 AND (?3 IS NULL OR (person_id = ?2 AND seen_at = ?3))"
                                      " AND (?4 IS NULL OR step = ?4) ORDER BY id"
                                    : "SELECT id, step, role, person_id, notified_at, seen_at FROM incident_recipients"
                                      " WHERE incident_id = ?1 AND (?3 IS NULL OR (person_id = ?2 AND seen_at = ?3))"
                                      " AND (?4 IS NULL OR step = ?4) ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, person);
    if (seen_at)
        stmt_bind_text(st, 3, seen_at);
    else
        stmt_bind_null(st, 3);
    if (step)
        stmt_bind_text(st, 4, step);
    else
        stmt_bind_null(st, 4);
    return rows_array(st, cols, "issIsS", out, e);
}

Status incident_recipient_rows(Ctx *ctx, int64_t id, bool violation, json_t **out, Err *e)
{
    return incident_recipient_rows_of(ctx, id, violation, 0, NULL, NULL, out, e);
}

static Status recipients_state(Ctx *ctx, int64_t id, bool violation, json_t **out, Err *e)
{
    json_t *rows = NULL;
    Status s = incident_recipient_rows(ctx, id, violation, &rows, e);
    if (s == ST_OK)
        *out = json_pack("{s:o}", "recipients", rows);
    return s;
}

static Status incident_recipients_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return recipients_state(ctx, id, false, out, e);
}

static Status violation_recipients_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return recipients_state(ctx, id, true, out, e);
}

/* Who was told: the report (incident.report) records every recipient row it wrote and a reading
 * (incident.seen) the rows it marked read, laid over them (so a reading does not take in another
 * row's direct edit); a row edited, added or removed directly shows as "<incident>/<recipient>".
 * Reports written before ("Old trails") are counted as old rows, and readings of them ignored. */
static const char *const recipient_actions[] = {"incident.report", NULL};
static const char *const recipient_merged[] = {"incident.seen", NULL};
const StateKind incident_recipient_state_kind = {
    .object_type = "incident",
    .table = "incident_recipients",
    .ids_sql = "SELECT DISTINCT incident_id FROM incident_recipients ORDER BY incident_id",
    .full_actions = recipient_actions,
    .merge_actions = recipient_merged,
    .legacy_rows = true,
    .rows_key = "recipients",
    .row_id_key = "recipient_id",
    .rows_merge = true,
    .get = incident_recipients_state,
};

/* The same for a 違反 (violation.report, violation.seen), and the superior told when it is confirmed
 * (violation.assess records the rows it added). */
static const char *const violation_recipient_actions[] = {"violation.report", NULL};
static const char *const violation_recipient_merged[] = {"violation.seen", "violation.assess", NULL};
const StateKind violation_recipient_state_kind = {
    .object_type = "violation",
    .table = "incident_violation_recipients",
    .ids_sql = "SELECT DISTINCT violation_id FROM incident_violation_recipients ORDER BY violation_id",
    .full_actions = violation_recipient_actions,
    .merge_actions = violation_recipient_merged,
    .legacy_rows = true,
    .rows_key = "recipients",
    .row_id_key = "recipient_id",
    .rows_merge = true,
    .get = violation_recipients_state,
};
