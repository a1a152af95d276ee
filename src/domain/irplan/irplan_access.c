/* irplan_access: who may read and change the 緊急時対応計画 (irplan.h), and the rows the other files
 * share (the version in a state, a version as the trail records it). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "domain/org/org.h"
#include "policy/capability.h"
#include "policy/pack.h"

bool irplan_can_edit(const Ctx *ctx) { return (ctx->actor->caps & CAP_IRPLAN_EDIT) != 0; }
bool irplan_can_approve(const Ctx *ctx) { return (ctx->actor->caps & CAP_IRPLAN_APPROVE) != 0; }

static Status holds(Ctx *ctx, const char *role, bool *yes, Err *e)
{
    json_t *people = NULL;
    Status s = role_current_holders(ctx, role, &people, e);
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) *yes |= json_integer_value(p) == ctx->actor->person_id;
    json_decref(people);
    return s;
}

Status irplan_may_read(Ctx *ctx, bool *may, Err *e)
{
    *may = irplan_can_edit(ctx) || irplan_can_approve(ctx);
    if (*may || !ctx->actor->person_id)
        return ST_OK;
    const PackIncidents *pi = &ctx->pack->incidents;
    Status s = ST_OK;
    for (size_t i = 0; s == ST_OK && !*may && i < pi->n_chain; i++)
        s = holds(ctx, pi->chain[i].role, may, e);
    for (size_t i = 0; s == ST_OK && !*may && i < pi->n_csirt_roles; i++)
        s = holds(ctx, pi->csirt_roles[i], may, e);
    for (size_t i = 0; s == ST_OK && !*may && i < pi->n_decision_roles; i++)
        s = holds(ctx, pi->decision_roles[i], may, e);
    if (s != ST_OK)
        *may = false;
    return s;
}

Status irplan_need_read(Ctx *ctx, Err *e)
{
    bool may = false;
    Status s = irplan_may_read(ctx, &may, e);
    if (s == ST_OK && !may)
        s = err_set(e, ST_NOTFOUND, "plan_not_found", "", "緊急時対応計画が見つかりません",
                    "emergency response plan not found");
    return s;
}

Status irplan_version_in_state(Ctx *ctx, const char *state, int64_t *id, Err *e)
{
    *id = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM irplan_versions WHERE state = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, state);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *id = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status irplan_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, version_no, state, title, purpose, report_items, external_contacts,"
                          " general_response, prevention, change_note, review_on, created_by, approved_by,"
                          " approved_at, superseded_at FROM irplan_versions WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"id", "version_no", "state", "title", "purpose", "report_items",
                                       "external_contacts", "general_response", "prevention", "change_note",
                                       "review_on", "created_by", "approved_by", "approved_at", "superseded_at",
                                       NULL};
    json_t *row = NULL;
    Status s = row_single(st, cols, "iisssssssssiISS", &row, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "plan_not_found", "", "緊急時対応計画が見つかりません",
                       "emergency response plan not found");
    if (s != ST_OK)
        return s;
    st = db_prepare(ctx->db,
                    "SELECT category, first_response, recovery, report_to, prevention FROM irplan_responses"
                    " WHERE version_id = ? ORDER BY category",
                    e);
    if (!st) {
        json_decref(row);
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    static const char *const rcols[] = {"category", "first_response", "recovery", "report_to", "prevention", NULL};
    json_t *responses = NULL;
    if ((s = rows_array(st, rcols, "sssss", &responses, e)) != ST_OK) {
        json_decref(row);
        return s;
    }
    json_object_set_new(row, "responses", responses);
    *out = row;
    return ST_OK;
}

void irplan_now(const Ctx *ctx, char out[static 21]) { time_iso_utc(clock_now(ctx->clock), out); }
