/* audit: audits, auditors (第155条 through separation_check), findings, the audited 課室's
 * improvement plans and their closing (see audit.h). */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/duties_internal.h"
#include "domain/evaluation/eval_common.h"
#include "domain/org/org.h"
#include "entities/evaluation_entity.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define TEXT_MAX 4000
#define NOTE_MAX 2000

Status audit_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "audit_not_found", NULL, "監査が見つかりません", "audit not found");
}

Status audit_is_lead(Ctx *ctx, bool *yes, Err *e)
{
    *yes = ctx->actor->caps & CAP_EVALUATION_MANAGE;
    if (*yes)
        return ST_OK;
    json_t *roles = NULL;
    Status s = duty_actor_roles(ctx, &roles, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r)
        *yes |= strcmp(json_string_value(r), "audit_lead") == 0;
    json_decref(roles);
    return ST_OK;
}

static Status audit_unit(Ctx *ctx, int64_t id, int64_t *unit, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT unit_id FROM audits WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *unit = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s != ST_OK ? s : row ? ST_OK : audit_not_found(e);
}

static Status is_auditor(Ctx *ctx, int64_t id, bool *yes, Err *e)
{
    *yes = false;
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM audit_auditors WHERE audit_id = ? AND person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    Status s = stmt_step_row(st, yes, e);
    stmt_finalize(st);
    return s;
}

Status audit_manages(Ctx *ctx, int64_t unit, bool *yes, Err *e)
{
    *yes = false;
    if (!ctx->actor->person_id)
        return ST_OK;
    return role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit, yes, e);
}

Status audit_part_in(Ctx *ctx, int64_t id, AuditPart *p, Err *e)
{
    *p = (AuditPart){0};
    Status s = audit_unit(ctx, id, &p->unit, e);
    if (s == ST_OK)
        s = audit_is_lead(ctx, &p->lead, e);
    if (s == ST_OK)
        s = is_auditor(ctx, id, &p->auditor, e);
    if (s == ST_OK)
        s = audit_manages(ctx, p->unit, &p->audited, e);
    if (s == ST_OK && !p->lead && !p->auditor && !p->audited)
        s = audit_not_found(e);
    return s;
}

Status audit_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e)
{
    bool lead = false;
    Status s = audit_is_lead(ctx, &lead, e);
    if (s != ST_OK)
        return s;
    if (!lead || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査を計画できるのは情報セキュリティ監査統括責任者です (第154条)",
                       "only the audit lead plans audits (art. 154)");
    int fy = 0;
    Status fs = eval_check_fiscal_year(ctx, body, &fy, e);
    if (fs != ST_OK)
        return fs;
    if ((s = entity_check(&audit_entity, body, true, NULL, e)) != ST_OK)
        return s;
    const char *title = json_string_value(json_object_get(body, "title"));
    const char *scope = json_string_value(json_object_get(body, "scope"));
    AuditVendor ven;
    if ((s = audit_vendor_pick(ctx, body, &ven, e)) != ST_OK)
        return s;
    json_t *uv = json_object_get(body, "unit_id");
    bool ok = false;
    if ((s = eval_is_active_section(ctx, uv, &ok, e)) != ST_OK)
        return s;
    if (!ok)
        return err_set(e, ST_INVALID, "unknown_unit", "unit_id", "監査する課室は、廃止されていない課室等から選んでください",
                       "unit_id must be an active section");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO audits(fiscal_year, title, unit_id, scope, created_by, created_at, contractor, contract_ref,"
                          " vendor_id, contract_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, fy);
        stmt_bind_text(st, 2, title);
        stmt_bind_int(st, 3, json_integer_value(uv));
        stmt_bind_text(st, 4, scope ? scope : "");
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_text(st, 6, now);
        stmt_bind_text(st, 7, ven.vendor_name);
        stmt_bind_text(st, 8, ven.contract_title);
        if (ven.vendor_id) {
            stmt_bind_int(st, 9, ven.vendor_id);
            stmt_bind_int(st, 10, ven.contract_id);
        } else {
            stmt_bind_null(st, 9);
            stmt_bind_null(st, 10);
        }
        s = eval_exec(st, e);
    }
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        /* item_ids: the plan starts with no items (reconciled as audit_plan_items) */
        json_t *after = json_pack("{s:I, s:s, s:O, s:s, s:s, s:s, s:[]}", "fiscal_year", (json_int_t)fy, "title", title, "unit_id", uv,
                                  "scope", scope ? scope : "", "contractor", ven.vendor_name, "contract_ref", ven.contract_title, "item_ids");
        if (ven.vendor_id) {
            json_object_set_new(after, "vendor_id", json_integer(ven.vendor_id));
            json_object_set_new(after, "contract_id", json_integer(ven.contract_id));
        }
        s = record_change(ctx, "audit.create", "audit", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* ENFORCES: 第155条
 * 監査を行う者は被監査部門から独立していなければならない: 監査する課室やその上下の組織に所属する者は
 * 監査人にできない (第20条 兼務の禁止、separation_check)。 */
Status audit_assign(Ctx *ctx, int64_t audit_id, int64_t person_id, Err *e)
{
    int64_t unit = 0;
    bool lead = false;
    Status s = audit_unit(ctx, audit_id, &unit, e);
    if (s == ST_OK)
        s = audit_is_lead(ctx, &lead, e);
    if (s != ST_OK)
        return s;
    if (!lead || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査人を指名できるのは情報セキュリティ監査統括責任者です",
                       "only the audit lead assigns auditors");
    json_t *p = NULL;
    if ((s = people_get_plain(ctx, person_id, &p, e)) == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_person", "person_id", "監査人にする職員が見つかりません", "no such person");
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    const char *until = json_string_value(json_object_get(p, "active_until"));
    bool active = !until || strcmp(until, today) >= 0;
    json_decref(p);
    if (!active)
        return err_set(e, ST_INVALID, "unknown_person", "person_id", "監査人は在職中の職員から選んでください",
                       "the auditor must be in office");
    DutySubject subject = {.requester_person_id = 0, .unit_id = unit};
    if ((s = separation_check(ctx, DUTY_AUDIT, person_id, &subject, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO audit_auditors(audit_id, person_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT DO NOTHING",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, audit_id);
        stmt_bind_int(st, 2, person_id);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I}", "auditor_person_id", (json_int_t)person_id);
        s = record_change(ctx, "audit.assign", "audit", audit_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

static Status findings_of(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, kind, severity, title, detail, state, plan, plan_due, closed_note, closed_at, created_at, item_id"
                          " FROM audit_findings WHERE audit_id = ? ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:o}", "id",
                                               (json_int_t)stmt_int(st, 0), "kind", stmt_text(st, 1), "severity",
                                               stmt_is_null(st, 2) ? json_null() : json_string(stmt_text(st, 2)), "title",
                                               stmt_text(st, 3), "detail", stmt_text(st, 4), "state", stmt_text(st, 5),
                                               "plan", stmt_text(st, 6), "plan_due",
                                               stmt_is_null(st, 7) ? json_null() : json_string(stmt_text(st, 7)),
                                               "closed_note", stmt_text(st, 8), "closed_at",
                                               stmt_is_null(st, 9) ? json_null() : json_string(stmt_text(st, 9)),
                                               "created_at", stmt_text(st, 10), "item_id",
                                               stmt_is_null(st, 11) ? json_null() : json_string(stmt_text(st, 11))));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(items);
    else
        *out = items;
    return s;
}

static Status auditors_of(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT person_id FROM audit_auditors WHERE audit_id = ? ORDER BY assigned_at", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    json_t *people = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        json_t *p = NULL;
        if (s != ST_OK || (s = people_brief(ctx, json_integer_value(v), &p, e)) != ST_OK)
            break;
        json_array_append_new(people, p);
    }
    json_decref(ids);
    if (s != ST_OK)
        json_decref(people);
    else
        *out = people;
    return s;
}

Status audit_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    AuditPart part;
    Status s = audit_part_in(ctx, id, &part, e);
    if (s != ST_OK)
        return s;
    char approval[16];
    int64_t request_id = 0;
    if ((s = audit_approval(ctx, id, approval, &request_id, e)) != ST_OK)
        return s;
    bool approved = strcmp(approval, "approved") == 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT fiscal_year, title, unit_id, scope, created_at, contractor, contract_ref FROM audits WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    json_t *a = NULL;
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
        a = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:b}", "id", (json_int_t)id,
                      "fiscal_year", (json_int_t)stmt_int(st, 0), "title", stmt_text(st, 1), "unit_id",
                      (json_int_t)stmt_int(st, 2), "scope", stmt_text(st, 3), "created_at", stmt_text(st, 4), "contractor",
                      stmt_text(st, 5), "contract_ref", stmt_text(st, 6), "approval", approval, "approval_request_id",
                      request_id ? json_integer(request_id) : json_null(), "may_lead", part.lead, "may_find",
                      (part.lead || part.auditor) && approved, "may_plan", part.audited, "may_answer", part.audited);
    stmt_finalize(st);
    if (s != ST_OK || !a)
        return s != ST_OK ? s : audit_not_found(e);
    char name[256] = "";
    json_t *auditors = NULL, *findings = NULL, *items = NULL, *evidence = NULL;
    if ((s = org_unit_name(ctx->db, part.unit, name, sizeof name, e)) == ST_OK &&
        (s = auditors_of(ctx, id, &auditors, e)) == ST_OK && (s = findings_of(ctx, id, &findings, e)) == ST_OK &&
        (s = audit_plan_items_json(ctx, id, &items, e)) == ST_OK &&
        (s = audit_evidence_requests_json(ctx, id, &evidence, e)) == ST_OK &&
        (s = audit_vendor_attach(ctx, id, a, e)) == ST_OK) {
        json_object_set_new(a, "unit_name", json_string(name));
        json_object_set_new(a, "auditors", auditors);
        json_object_set_new(a, "findings", findings);
        json_object_set_new(a, "items", items);
        json_object_set_new(a, "evidence_requests", evidence);
        *out = a;
        return ST_OK;
    }
    json_decref(auditors);
    json_decref(findings);
    json_decref(items);
    json_decref(a);
    return s;
}

Status audit_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM audits ORDER BY fiscal_year DESC, id DESC LIMIT 500", e);
    if (!st)
        return e->status;
    json_t *items = NULL;
    Status s = eval_load_visible(ctx, st, audit_get, &items, e);
    bool lead = false;
    if (s == ST_OK)
        s = audit_is_lead(ctx, &lead, e);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:b}", "items", items, "may_lead", lead);
    return ST_OK;
}

Status audit_finding_add(Ctx *ctx, int64_t audit_id, json_t *body, int64_t *id_out, Err *e)
{
    AuditPart part;
    Status s = audit_part_in(ctx, audit_id, &part, e);
    if (s != ST_OK)
        return s;
    if ((!part.lead && !part.auditor) || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "所見を記録できるのはこの監査の監査人です", "only this audit's auditors record findings");
    const char *kind = json_string_value(json_object_get(body, "kind"));
    const char *severity = json_string_value(json_object_get(body, "severity"));
    const char *title = json_string_value(json_object_get(body, "title"));
    const char *detail = json_string_value(json_object_get(body, "detail"));
    const char *item = json_string_value(json_object_get(body, "item_id"));
    if ((s = entity_check(&audit_finding_entity, body, true, NULL, e)) != ST_OK)
        return s;
    if ((s = audit_require_approved(ctx, audit_id, e)) != ST_OK)
        return s;
    if (item && (s = audit_require_planned_item(ctx, audit_id, item, e)) != ST_OK)
        return s;
    bool good = strcmp(kind, "good_practice") == 0;
    if (good && severity)
        return err_set(e, ST_INVALID, "invalid_severity", "severity", "良好事例に重要度はありません", "a good practice has no severity");
    if (!good && !severity)
        return err_set(e, ST_INVALID, "invalid_severity", "severity", "重要度は 高・中・低 から選んでください",
                       "severity must be high, medium or low");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO audit_findings(audit_id, kind, severity, title, detail, state, created_by, created_at, item_id)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, audit_id);
        stmt_bind_text(st, 2, kind);
        if (severity)
            stmt_bind_text(st, 3, severity);
        else
            stmt_bind_null(st, 3);
        stmt_bind_text(st, 4, title);
        stmt_bind_text(st, 5, detail ? detail : "");
        stmt_bind_text(st, 6, good ? "closed" : "open"); /* a good practice needs no follow-up */
        stmt_bind_int(st, 7, ctx->actor->person_id);
        stmt_bind_text(st, 8, now);
        if (item)
            stmt_bind_text(st, 9, item);
        else
            stmt_bind_null(st, 9);
        s = eval_exec(st, e);
    }
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:o, s:s, s:o}", "audit_id", (json_int_t)audit_id, "kind", kind, "severity",
                                  severity ? json_string(severity) : json_null(), "title", title, "item_id",
                                  item ? json_string(item) : json_null());
        s = record_change(ctx, "audit.finding", "audit_finding", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* The finding's audit and state (audit_not_found for a finding the actor may not see). */
static Status finding_part(Ctx *ctx, int64_t finding_id, AuditPart *part, char state[static 8], Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT audit_id, state FROM audit_findings WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, finding_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    int64_t audit = row ? stmt_int(st, 0) : 0;
    if (row)
        snprintf(state, 8, "%s", stmt_text(st, 1));
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return audit_not_found(e);
    return audit_part_in(ctx, audit, part, e);
}

Status audit_finding_plan(Ctx *ctx, int64_t finding_id, const char *plan, const char *due, Err *e)
{
    AuditPart part;
    char state[8];
    Status s = finding_part(ctx, finding_id, &part, state, e);
    if (s != ST_OK)
        return s;
    if (!part.audited || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "改善計画は被監査部門の情報セキュリティ管理者が作ります (第160条)",
                       "the audited section's manager writes the improvement plan (art. 160)");
    if (strcmp(state, "closed") == 0)
        return err_set(e, ST_CONFLICT, "finding_closed", NULL, "この所見は完了しています", "the finding is closed");
    if ((s = eval_check_text(plan, "plan", "改善計画", TEXT_MAX, true, true, e)) != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    if (!due || strlen(due) != 10 || !date_parse(due, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "plan_due", "期限は YYYY-MM-DD 形式で入力してください", "plan_due must be YYYY-MM-DD");
    if (strcmp(due, today) < 0)
        return err_set(e, ST_INVALID, "date_order", "plan_due", "期限は今日以降にしてください", "plan_due must be today or later");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "UPDATE audit_findings SET plan = ?, plan_due = ?, plan_by = ?, state = 'planned' WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, plan);
        stmt_bind_text(st, 2, due);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_int(st, 4, finding_id);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s}", "plan", plan, "plan_due", due, "state", "planned");
        s = record_change(ctx, "audit.plan", "audit_finding", finding_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status audit_finding_close(Ctx *ctx, int64_t finding_id, const char *note, Err *e)
{
    AuditPart part;
    char state[8];
    Status s = finding_part(ctx, finding_id, &part, state, e);
    if (s != ST_OK)
        return s;
    if (!part.lead)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "所見を完了にできるのは情報セキュリティ監査統括責任者です",
                       "only the audit lead closes a finding");
    if (strcmp(state, "closed") == 0)
        return err_set(e, ST_CONFLICT, "finding_closed", NULL, "この所見は完了しています", "the finding is closed");
    if (strcmp(state, "open") == 0)
        return err_set(e, ST_CONFLICT, "finding_not_planned", NULL, "改善計画が作られていない所見は完了にできません (第160条)",
                       "a finding without an improvement plan cannot be closed (art. 160)");
    if ((s = eval_check_text(note, "note", "フォローアップの結果", NOTE_MAX, true, true, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "UPDATE audit_findings SET state = 'closed', closed_note = ?, closed_at = ? WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, note);
        stmt_bind_text(st, 2, now);
        stmt_bind_int(st, 3, finding_id);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s}", "state", state), *after = json_pack("{s:s, s:s}", "state", "closed", "note", note);
        s = record_change(ctx, "audit.close_finding", "audit_finding", finding_id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status audit_work_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    *out = NULL;
    if (!ctx->actor->person_id) {
        *out = json_array();
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.id, a.title, a.unit_id, count(*) FROM audits a JOIN audit_findings f ON f.audit_id = a.id"
                          " WHERE f.state = 'open' GROUP BY a.id ORDER BY a.id",
                          e);
    if (!st)
        return e->status;
    json_t *rows = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(rows, json_pack("[I, s, I, I]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1),
                                              (json_int_t)stmt_int(st, 2), (json_int_t)stmt_int(st, 3)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *items = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        bool mine = false;
        if (s != ST_OK || (s = audit_manages(ctx, json_integer_value(json_array_get(row, 2)), &mine, e)) != ST_OK)
            break;
        if (!mine)
            continue;
        char title[600], link[64];
        snprintf(title, sizeof title, "監査「%s」の所見 %lld 件に改善計画を作ってください", json_string_value(json_array_get(row, 1)),
                 (long long)json_integer_value(json_array_get(row, 3)));
        snprintf(link, sizeof link, "/audits/%lld", (long long)json_integer_value(json_array_get(row, 0)));
        json_array_append_new(items, json_pack("{s:s, s:s}", "title", title, "link", link));
    }
    json_decref(rows);
    if (s == ST_OK)
        s = audit_evidence_work(ctx, items, e);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

json_t *audit_item_library(const Ctx *ctx)
{
    json_t *areas = json_array();
    json_t *last = NULL;
    for (size_t i = 0; i < ctx->pack->n_audit_items; i++) {
        const PackAuditItem *a = &ctx->pack->audit_items[i];
        if (!last || strcmp(json_string_value(json_object_get(last, "area")), a->area) != 0) {
            size_t k;
            json_t *g;
            last = NULL;
            json_array_foreach(areas, k, g) /* an area listed again further down joins its group */
                if (strcmp(json_string_value(json_object_get(g, "area")), a->area) == 0)
                    last = g;
            if (!last) {
                last = json_pack("{s:s, s:s, s:[]}", "area", a->area, "category", a->category, "items");
                json_array_append_new(areas, last);
            }
        }
        json_t *arts = json_array();
        for (size_t k = 0; k < a->n_articles; k++)
            json_array_append_new(arts, json_string(a->articles[k]));
        json_array_append_new(json_object_get(last, "items"),
                              json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", a->id, "item", a->item, "materials",
                                        a->materials, "procedure", a->procedure, "articles", arts));
    }
    return json_pack("{s:o}", "areas", areas);
}
