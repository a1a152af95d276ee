/* eval_state: 責務の記録, 監査, 監査の指摘, 自己点検 and its 改善措置 as the trail records them, for
 * reconciliation (domain/kernel/state.h). Each get returns the keys the entries record, under the
 * names they record them (closed_note is recorded as "note", owner_person_id as "owner_id"); the
 * columns no entry records (who and when) are not read. */
#include <stdio.h>

#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/evaluation.h"
#include "domain/kernel/kernel.h"

static Status duty_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"check_id", "done_on", "fiscal_year", "summary", "evidence", NULL};
    return row_by_id(ctx->db, "SELECT check_id, done_on, fiscal_year, summary, evidence FROM duty_records WHERE id = ?", cols,
                   "ssiss", id, out, e);
}

static const char *const duty_actions[] = {"duty.record", NULL};
const StateKind duty_record_state_kind = {
    .object_type = "duty_record",
    .table = "duty_records",
    .ids_sql = "SELECT id FROM duty_records ORDER BY id",
    .full_actions = duty_actions,
    .get = duty_state,
};

static Status audit_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"fiscal_year", "title", "unit_id", "scope", NULL};
    return row_by_id(ctx->db, "SELECT fiscal_year, title, unit_id, scope FROM audits WHERE id = ?", cols, "isis", id, out, e);
}

/* audit.assign records the auditor (audit_auditors, keyed by audit and person), not the audit. */
static const char *const audit_actions[] = {"audit.create", NULL};
const StateKind audit_state_kind = {
    .object_type = "audit",
    .table = "audits",
    .ids_sql = "SELECT id FROM audits ORDER BY id",
    .full_actions = audit_actions,
    .get = audit_state,
};

static Status finding_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"audit_id", "kind", "severity", "title", "state", "plan", "plan_due", "note", NULL};
    return row_by_id(ctx->db,
                   "SELECT audit_id, kind, severity, title, state, plan, plan_due, closed_note FROM audit_findings"
                   " WHERE id = ?",
                   cols, "isSsssSs", id, out, e);
}

static const char *const finding_actions[] = {"audit.finding", NULL};
static const char *const finding_merged[] = {"audit.plan", "audit.close_finding", NULL};
const StateKind audit_finding_state_kind = {
    .object_type = "audit_finding",
    .table = "audit_findings",
    .ids_sql = "SELECT id FROM audit_findings ORDER BY id",
    .full_actions = finding_actions,
    .merge_actions = finding_merged,
    .get = finding_state,
};

static Status campaign_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"fiscal_year", "title", "state", NULL};
    return row_by_id(ctx->db, "SELECT fiscal_year, title, state FROM selfcheck_campaigns WHERE id = ?", cols, "iss", id, out,
                   e);
}

/* selfcheck.answer is also about the campaign but records an answer (selfcheck_answers), whose keys
 * the campaign does not have. */
static const char *const campaign_actions[] = {"selfcheck.open", NULL};
static const char *const campaign_merged[] = {"selfcheck.close", NULL};
const StateKind selfcheck_campaign_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_campaigns",
    .ids_sql = "SELECT id FROM selfcheck_campaigns ORDER BY id",
    .full_actions = campaign_actions,
    .merge_actions = campaign_merged,
    .get = campaign_state,
};

static Status action_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    /* a 課室's action has unit_id, a system's system_id (the other null, not in its entries) */
    static const char *const cols[] = {"campaign_id", "unit_id", "system_id", "item_id", "description", "owner_id",
                                       "due_on",      "state",   "result",    "done_on", NULL};
    return row_by_id(ctx->db,
                   "SELECT coalesce(t.campaign_id, st.campaign_id), t.unit_id, st.system_id, a.item_id, a.description,"
                   " a.owner_person_id, a.due_on, a.state, a.result, a.done_on FROM selfcheck_actions a"
                   " LEFT JOIN selfcheck_targets t ON t.id = a.target_id"
                   " LEFT JOIN selfcheck_system_targets st ON st.id = a.system_target_id WHERE a.id = ?",
                   cols, "iIIssisssS", id, out, e);
}

static const char *const action_actions[] = {"selfcheck.action_add", NULL};
static const char *const action_merged[] = {"selfcheck.action_close", NULL};
const StateKind selfcheck_action_state_kind = {
    .object_type = "selfcheck_action",
    .table = "selfcheck_actions",
    .ids_sql = "SELECT id FROM selfcheck_actions ORDER BY id",
    .full_actions = action_actions,
    .merge_actions = action_merged,
    .get = action_state,
};

/* An answer is recorded under its campaign (selfcheck.answer, again for each change) with the
 * campaign, 課室 and item that identify it. */
static Status answer_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"campaign_id", "unit_id", "item_id", "answer", "note", "auto_answer", NULL};
    long long campaign = 0, unit = 0;
    int at = 0;
    if (sscanf(key, "%lld/%lld/%n", &campaign, &unit, &at) != 2 || !at)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT t.campaign_id, t.unit_id, a.item_id, a.answer, a.note, a.auto_answer FROM selfcheck_answers a"
                          " JOIN selfcheck_targets t ON t.id = a.target_id"
                          " WHERE t.campaign_id = ? AND t.unit_id = ? AND a.item_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    stmt_bind_int(st, 2, unit);
    stmt_bind_text(st, 3, key + at);
    Status s = row_single(st, cols, "iisssS", out, e); /* all three parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const answer_actions[] = {"selfcheck.answer", NULL};
static const char *const answer_key[] = {"campaign_id", "unit_id", "item_id", NULL};
const StateKind selfcheck_answer_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_answers",
    .ids_sql = "SELECT t.campaign_id || '/' || t.unit_id || '/' || a.item_id FROM selfcheck_answers a"
               " JOIN selfcheck_targets t ON t.id = a.target_id ORDER BY t.campaign_id, t.unit_id, a.item_id",
    .full_actions = answer_actions,
    .id_keys = answer_key,
    .get_key = answer_state,
};

/* An auditor is recorded under the audit (audit.assign, {auditor_person_id}). */
static Status auditor_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"auditor_person_id", NULL};
    long long audit = 0, person = 0;
    if (sscanf(key, "%lld/%lld", &audit, &person) != 2)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db, "SELECT person_id FROM audit_auditors WHERE audit_id = ? AND person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit);
    stmt_bind_int(st, 2, person);
    Status s = row_single(st, cols, "i", out, e); /* both parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const auditor_actions[] = {"audit.assign", NULL};
static const char *const auditor_key[] = {"@object_id", "auditor_person_id", NULL};
const StateKind audit_auditor_state_kind = {
    .object_type = "audit",
    .table = "audit_auditors",
    .ids_sql = "SELECT audit_id || '/' || person_id FROM audit_auditors ORDER BY audit_id, person_id",
    .full_actions = auditor_actions,
    .id_keys = auditor_key,
    .get_key = auditor_state,
};

/* An evidence request: audit.evidence_request records the row; audit.evidence_add (a file handed in)
 * lays state "answered" over it (its evidence keys are the file's, not the request's columns). */
static Status evidence_request_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"audit_id", "item_id", "what", "due_on", "state", NULL};
    return row_by_id(ctx->db, "SELECT audit_id, item_id, what, due_on, state FROM audit_evidence_requests WHERE id = ?", cols,
                   "issss", id, out, e);
}

static const char *const evidence_request_actions[] = {"audit.evidence_request", NULL};
static const char *const evidence_request_merged[] = {"audit.evidence_add", NULL};
const StateKind audit_evidence_request_state_kind = {
    .object_type = "audit_evidence_request",
    .table = "audit_evidence_requests",
    .ids_sql = "SELECT id FROM audit_evidence_requests ORDER BY id",
    .full_actions = evidence_request_actions,
    .merge_actions = evidence_request_merged,
    .get = evidence_request_state,
};

/* A self-check's 課室 and systems: selfcheck.open records them as the lists unit_ids and
 * system_ids, selfcheck.add_systems the systems it adds; each row is keyed "<campaign>/<unit or
 * system>". */
static Status target_state(Ctx *ctx, const char *sql, const char *column, const char *key, json_t **out, Err *e)
{
    const char *const cols[] = {column, NULL};
    long long campaign = 0, scope = 0;
    if (sscanf(key, "%lld/%lld", &campaign, &scope) != 2)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    stmt_bind_int(st, 2, scope);
    Status s = row_single(st, cols, "i", out, e); /* both parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static Status unit_target_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    return target_state(ctx, "SELECT unit_id FROM selfcheck_targets WHERE campaign_id = ? AND unit_id = ?", "unit_id",
                        key, out, e);
}

static Status system_target_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    return target_state(ctx, "SELECT system_id FROM selfcheck_system_targets WHERE campaign_id = ? AND system_id = ?",
                        "system_id", key, out, e);
}

const StateKind selfcheck_target_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_targets",
    .ids_sql = "SELECT campaign_id || '/' || unit_id FROM selfcheck_targets ORDER BY campaign_id, unit_id",
    .full_actions = campaign_actions,
    .list_key = "unit_ids",
    .list_column = "unit_id",
    .get_key = unit_target_state,
};

static const char *const system_target_actions[] = {"selfcheck.open", "selfcheck.add_systems", NULL};
const StateKind selfcheck_system_target_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_system_targets",
    .ids_sql = "SELECT campaign_id || '/' || system_id FROM selfcheck_system_targets ORDER BY campaign_id, system_id",
    .full_actions = system_target_actions,
    .list_key = "system_ids",
    .list_column = "system_id",
    .get_key = system_target_state,
};

/* A system's answer, recorded like a 課室's (selfcheck.answer_system, with campaign, system, item). */
static Status system_answer_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"campaign_id", "system_id", "item_id", "answer", "note", "auto_answer", NULL};
    long long campaign = 0, system = 0;
    int at = 0;
    if (sscanf(key, "%lld/%lld/%n", &campaign, &system, &at) != 2 || !at)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT t.campaign_id, t.system_id, a.item_id, a.answer, a.note, a.auto_answer"
                          " FROM selfcheck_system_answers a JOIN selfcheck_system_targets t ON t.id = a.target_id"
                          " WHERE t.campaign_id = ? AND t.system_id = ? AND a.item_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    stmt_bind_int(st, 2, system);
    stmt_bind_text(st, 3, key + at);
    Status s = row_single(st, cols, "iisssS", out, e); /* all three parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const system_answer_actions[] = {"selfcheck.answer_system", NULL};
static const char *const system_answer_key[] = {"campaign_id", "system_id", "item_id", NULL};
const StateKind selfcheck_system_answer_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_system_answers",
    .ids_sql = "SELECT t.campaign_id || '/' || t.system_id || '/' || a.item_id FROM selfcheck_system_answers a"
               " JOIN selfcheck_system_targets t ON t.id = a.target_id ORDER BY t.campaign_id, t.system_id, a.item_id",
    .full_actions = system_answer_actions,
    .id_keys = system_answer_key,
    .get_key = system_answer_state,
};

/* The organisation's answer (selfcheck.answer_org, with campaign and item; migration 0048). */
static Status org_answer_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"campaign_id", "item_id", "answer", "note", "auto_answer", NULL};
    long long campaign = 0;
    int at = 0;
    if (sscanf(key, "%lld/%n", &campaign, &at) != 1 || !at)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT campaign_id, item_id, answer, note, auto_answer FROM selfcheck_org_answers"
                          " WHERE campaign_id = ? AND item_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    stmt_bind_text(st, 2, key + at);
    Status s = row_single(st, cols, "isssS", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const org_answer_actions[] = {"selfcheck.answer_org", NULL};
static const char *const org_answer_key[] = {"campaign_id", "item_id", NULL};
const StateKind selfcheck_org_answer_state_kind = {
    .object_type = "selfcheck",
    .table = "selfcheck_org_answers",
    .ids_sql = "SELECT campaign_id || '/' || item_id FROM selfcheck_org_answers ORDER BY campaign_id, item_id",
    .full_actions = org_answer_actions,
    .id_keys = org_answer_key,
    .get_key = org_answer_state,
};

/* A file handed in for an evidence request (audit.evidence_add, under the request) with its id as
 * "evidence_id", the audit, hash, name and size; a view (audit.evidence_view) changes nothing. */
static Status audit_evidence_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"audit_id", "evidence_id", "sha256", "name", "size", NULL};
    return row_by_id(ctx->db,
                     "SELECT q.audit_id, v.id, v.sha256, v.name, v.size FROM audit_evidence v"
                     " JOIN audit_evidence_requests q ON q.id = v.request_id WHERE v.id = ?",
                     cols, "iissi", id, out, e);
}

static const char *const audit_evidence_actions[] = {"audit.evidence_add", NULL};
static const char *const audit_evidence_key[] = {"evidence_id", NULL};
const StateKind audit_evidence_state_kind = {
    .object_type = "audit_evidence_request",
    .table = "audit_evidence",
    .ids_sql = "SELECT id FROM audit_evidence ORDER BY id",
    .full_actions = audit_evidence_actions,
    .id_keys = audit_evidence_key,
    .get = audit_evidence_state,
};

Status audit_plan_item_ids(Ctx *ctx, int64_t audit_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT item_id FROM audit_plan_items WHERE audit_id = ? ORDER BY item_id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    json_t *ids = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(ids, json_string(stmt_text(st, 0)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(ids);
        return s;
    }
    *out = ids;
    return ST_OK;
}

static Status plan_items_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *ids = NULL;
    Status s = audit_plan_item_ids(ctx, id, &ids, e);
    if (s == ST_OK)
        *out = json_pack("{s:o}", "item_ids", ids);
    return s;
}

/* The plan's items: audit.create records none and audit.items the whole set as stored ("item_ids"),
 * each item compared as "<audit>/<item>"; audits created before that are old rows ("Old trails"). */
static const char *const plan_item_actions[] = {"audit.create", NULL};
static const char *const plan_item_merged[] = {"audit.items", NULL};
const StateKind audit_plan_item_state_kind = {
    .object_type = "audit",
    .table = "audit_plan_items",
    .ids_sql = "SELECT DISTINCT audit_id FROM audit_plan_items ORDER BY audit_id",
    .full_actions = plan_item_actions,
    .merge_actions = plan_item_merged,
    .legacy_rows = true,
    .rows_key = "item_ids",
    .get = plan_items_state,
};
