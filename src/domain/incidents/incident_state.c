/* incident_state: インシデント and their 作業 as the trail records them, for reconciliation
 * (domain/kernel/state.h). Every change of an incidents row records incident_plain of it (report,
 * assign, and the CSIRT's triage, cause, decide, close); the other entries under an incident (seen,
 * note, evidence, indicators, external reports) record rows of other tables (docs/trail.md,
 * "Tables not reconciled"). Tasks are recorded under their incident with their id as "task_id". */
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
