/* audit_plan: the 監査実施計画 — the items chosen from the pack's audit_items.yaml and the plan's
 * approval by the 情報セキュリティ委員会 through a request of type audit_plan (第156条). The
 * approval is not stored here: the audit keeps its request's id and reads the request's state
 * (requests_v), so the requests engine's decision is the one fact (see audit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/eval_common.h"
#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "policy/pack.h"

#define ITEMS_TEXT_MAX 3800 /* the request's text field holds 4000 characters */

static const PackAuditItem *pack_item(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; i < ctx->pack->n_audit_items; i++)
        if (strcmp(ctx->pack->audit_items[i].id, id) == 0)
            return &ctx->pack->audit_items[i];
    return NULL;
}

Status audit_approval(Ctx *ctx, int64_t audit_id, char state[static 16], int64_t *request_id, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.approval_request_id, r.state FROM audits a LEFT JOIN requests_v r"
                          " ON r.id = a.approval_request_id WHERE a.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    const char *rs = row && !stmt_is_null(st, 1) ? stmt_text(st, 1) : NULL;
    *request_id = row && !stmt_is_null(st, 0) ? stmt_int(st, 0) : 0;
    /* completed / expired follow approved in the engine; a plan approved once stays approved */
    const char *mine = !rs ? "draft"
                     : strcmp(rs, "approved") == 0 || strcmp(rs, "completed") == 0 || strcmp(rs, "expired") == 0 ? "approved"
                     : strcmp(rs, "submitted") == 0 ? "submitted"
                     : strcmp(rs, "returned") == 0 ? "returned"
                     : strcmp(rs, "rejected") == 0 ? "rejected"
                     : strcmp(rs, "withdrawn") == 0 ? "withdrawn" : "draft";
    snprintf(state, 16, "%s", mine);
    stmt_finalize(st);
    return s != ST_OK ? s : row ? ST_OK : audit_not_found(e);
}

/* ENFORCES: 第156条
 * 監査実施計画は情報セキュリティ委員会の承認を得てから実施する: 承認されていない計画の監査では所見の記録も
 * 資料の依頼もできない (承認は申請・承認の audit_plan の申請)。 */
Status audit_require_approved(Ctx *ctx, int64_t audit_id, Err *e)
{
    char state[16];
    int64_t rid = 0;
    Status s = audit_approval(ctx, audit_id, state, &rid, e);
    if (s != ST_OK)
        return s;
    if (strcmp(state, "approved") != 0)
        return err_set(e, ST_CONFLICT, "audit_not_approved", NULL,
                       "監査実施計画が情報セキュリティ委員会に承認されていないため、監査を実施できません (第156条)",
                       "the audit plan is not approved by the information security committee (art. 156)");
    return ST_OK;
}

Status audit_require_planned_item(Ctx *ctx, int64_t audit_id, const char *item, Err *e)
{
    json_t *items = NULL;
    Status s = audit_plan_items_json(ctx, audit_id, &items, e);
    if (s != ST_OK)
        return s;
    bool listed = false;
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it)
        listed |= strcmp(json_string_value(json_object_get(it, "id")), item) == 0;
    json_decref(items);
    if (!listed)
        return err_set(e, ST_INVALID, "unknown_audit_item", "item_id", "監査項目は、この監査の計画に載せた項目から選んでください",
                       "item_id must be one of this audit's planned items");
    return ST_OK;
}

Status audit_plan_items_json(Ctx *ctx, int64_t audit_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT item_id FROM audit_plan_items WHERE audit_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    json_t *ids = json_object();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_object_set_new(ids, stmt_text(st, 0), json_true());
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *items = json_array();
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_audit_items; i++) { /* the pack's order */
        const PackAuditItem *a = &ctx->pack->audit_items[i];
        if (!json_object_get(ids, a->id))
            continue;
        json_object_del(ids, a->id);
        json_t *arts = json_array();
        for (size_t k = 0; k < a->n_articles; k++)
            json_array_append_new(arts, json_string(a->articles[k]));
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b}", "id", a->id, "item", a->item, "area",
                                               a->area, "category", a->category, "articles", arts, "in_pack", true));
    }
    const char *gone;
    json_t *v;
    json_object_foreach(ids, gone, v) /* an item a later pack dropped stays on the plan, named by its id */
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:[], s:b}", "id", gone, "item", gone, "area", "",
                                               "category", "", "articles", "in_pack", false));
    json_decref(ids);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

/* The lead of an audit whose plan may still change (never submitted, or returned, rejected, withdrawn). */
static Status plan_editable(Ctx *ctx, int64_t audit_id, Err *e)
{
    AuditPart part;
    Status s = audit_part_in(ctx, audit_id, &part, e);
    if (s != ST_OK)
        return s;
    if (!part.lead || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査実施計画を作るのは情報セキュリティ監査統括責任者です (第156条)",
                       "only the audit lead makes the audit plan (art. 156)");
    char state[16];
    int64_t rid = 0;
    if ((s = audit_approval(ctx, audit_id, state, &rid, e)) != ST_OK)
        return s;
    if (strcmp(state, "submitted") == 0 || strcmp(state, "approved") == 0)
        return err_set(e, ST_CONFLICT, "audit_plan_locked", NULL,
                       "承認を申請した監査実施計画は変更できません (差し戻し・却下・取り下げの後に変更できます)",
                       "a plan under approval or approved cannot change");
    return ST_OK;
}

Status audit_set_items(Ctx *ctx, int64_t audit_id, const json_t *ids, Err *e)
{
    Status s = plan_editable(ctx, audit_id, e);
    if (s != ST_OK)
        return s;
    if (!json_is_array(ids) || json_array_size(ids) == 0)
        return err_set(e, ST_INVALID, "audit_no_items", "items", "監査項目を 1 つ以上選んでください",
                       "choose at least one audit item");
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (!json_is_string(v) || !pack_item(ctx, json_string_value(v)))
            return err_set(e, ST_INVALID, "unknown_audit_item", "items",
                           "監査項目は、ポリシーパックの監査項目 (audit_items.yaml) から選んでください",
                           "items must be ids of the pack's audit items");
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "DELETE FROM audit_plan_items WHERE audit_id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, audit_id);
        s = eval_exec(st, e);
    }
    json_array_foreach(ids, i, v)
    {
        if (s != ST_OK)
            break;
        st = db_prepare(ctx->db,
                        "INSERT INTO audit_plan_items(audit_id, item_id, added_by, added_at) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT DO NOTHING",
                        e);
        if (!st) {
            s = e->status;
            break;
        }
        stmt_bind_int(st, 1, audit_id);
        stmt_bind_text(st, 2, json_string_value(v));
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *stored = NULL; /* "items" as chosen; "item_ids" as stored, for reconciliation */
        if ((s = audit_plan_item_ids(ctx, audit_id, &stored, e)) == ST_OK) {
            json_t *after = json_pack("{s:O, s:o}", "items", ids, "item_ids", stored);
            s = record_change(ctx, "audit.items", "audit", audit_id, NULL, after, e);
            json_decref(after);
        }
    }
    return finish_tx(ctx, s, e);
}

/* The request's fields: what the 委員会 reads when it decides. */
static Status request_fields(Ctx *ctx, int64_t audit_id, json_t *items, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT fiscal_year, title, unit_id, scope, contractor, contract_ref FROM audits WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s != ST_OK || !row) {
        stmt_finalize(st);
        return s != ST_OK ? s : audit_not_found(e);
    }
    char unit[256] = "", audited[700], fy[40], list[ITEMS_TEXT_MAX + 64] = "";
    int64_t unit_id = stmt_int(st, 2);
    int year = (int)stmt_int(st, 0);
    char *title = xstrdup(stmt_text(st, 1)), *scope = xstrdup(stmt_text(st, 3));
    char *contractor = xstrdup(stmt_text(st, 4)), *contract = xstrdup(stmt_text(st, 5));
    stmt_finalize(st);
    if ((s = org_unit_name(ctx->db, unit_id, unit, sizeof unit, e)) == ST_OK) {
        if (*contractor)
            snprintf(audited, sizeof audited, "委託事業者 %s (契約: %s、所管: %s)", contractor, contract, unit);
        else
            snprintf(audited, sizeof audited, "%s", unit);
        snprintf(fy, sizeof fy, "%d年度", year);
        size_t i, used = 0;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            int n = snprintf(list + used, sizeof list - used, "%s%s %s", i ? "\n" : "",
                             json_string_value(json_object_get(it, "id")), json_string_value(json_object_get(it, "item")));
            if (n < 0 || used + (size_t)n > ITEMS_TEXT_MAX) { /* the rest is on the audit; the note fits in the 64 kept */
                snprintf(list + used, sizeof list - used, "\n… (全 %zu 項目)", json_array_size(items));
                break;
            }
            used += (size_t)n;
        }
        *out = json_pack("{s:s, s:s, s:s, s:s}", "audit_title", title, "fiscal_year", fy, "audited", audited, "items", list);
        if (*scope)
            json_object_set_new(*out, "scope", json_string(scope));
    }
    free(title);
    free(scope);
    free(contractor);
    free(contract);
    return s;
}

Status audit_submit_plan(Ctx *ctx, int64_t audit_id, int64_t *request_id, Err *e)
{
    Status s = plan_editable(ctx, audit_id, e);
    if (s != ST_OK)
        return s;
    json_t *items = NULL, *fields = NULL;
    if ((s = audit_plan_items_json(ctx, audit_id, &items, e)) != ST_OK)
        return s;
    if (json_array_size(items) == 0) {
        json_decref(items);
        return err_set(e, ST_INVALID, "audit_no_items", "items", "監査実施計画に監査項目がありません。項目を選んでから申請してください",
                       "the plan has no audit items");
    }
    s = request_fields(ctx, audit_id, items, &fields, e);
    json_decref(items);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(fields);
        return s;
    }
    int64_t rid = 0;
    s = request_file(ctx, "audit_plan", 0, fields, true, &rid, e); /* 第156条; requester_roles: audit_lead */
    json_decref(fields);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "UPDATE audits SET approval_request_id = ? WHERE id = ?", e) : NULL;
    if (s == ST_OK && !st)
        s = e->status;
    if (st) {
        stmt_bind_int(st, 1, rid);
        stmt_bind_int(st, 2, audit_id);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I}", "approval_request_id", (json_int_t)rid);
        s = record_change(ctx, "audit.submit_plan", "audit", audit_id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && request_id)
        *request_id = rid;
    return s;
}

Status audit_plan_list_for_year(Ctx *ctx, int fiscal_year, json_t **out, Err *e)
{
    bool lead = false;
    Status s = audit_is_lead(ctx, &lead, e);
    if (s != ST_OK)
        return s;
    if (!lead)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査実施計画の一覧を見られるのは監査統括責任者と CISO 等です",
                       "only the audit lead and evaluation.manage list audit plans");
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM audits WHERE fiscal_year = ? ORDER BY id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fiscal_year);
    json_t *ids = NULL;
    if ((s = rows_ids(st, &ids, e)) != ST_OK)
        return s;
    json_t *plans = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        json_t *a = NULL;
        if ((s = audit_get(ctx, json_integer_value(v), &a, e)) != ST_OK)
            break;
        json_array_append_new(plans, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:I}", "id", json_object_get(a, "id"),
                                               "title", json_object_get(a, "title"), "unit_name",
                                               json_object_get(a, "unit_name"), "contractor", json_object_get(a, "contractor"),
                                               "approval", json_object_get(a, "approval"), "approval_request_id",
                                               json_object_get(a, "approval_request_id"), "items", json_object_get(a, "items"),
                                               "open_findings", (json_int_t)0));
        json_int_t open = 0;
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(a, "findings"), k, f)
            open += strcmp(json_string_value(json_object_get(f, "state")), "closed") != 0;
        json_object_set_new(json_array_get(plans, json_array_size(plans) - 1), "open_findings", json_integer(open));
        json_decref(a);
    }
    json_decref(ids);
    if (s != ST_OK) {
        json_decref(plans);
        return s;
    }
    *out = plans;
    return ST_OK;
}

Status audit_category_results(Ctx *ctx, int fiscal_year, json_t **out, Err *e)
{
    /* the approved audits of the 年度: their planned items, and their findings not closed */
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.id, i.item_id, (SELECT count(*) FROM audit_findings f WHERE f.audit_id = a.id"
                          " AND f.item_id = i.item_id AND f.state <> 'closed') FROM audits a"
                          " JOIN audit_plan_items i ON i.audit_id = a.id WHERE a.fiscal_year = ? ORDER BY a.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fiscal_year);
    json_t *rows = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(rows, json_pack("[I, s, I]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1), (json_int_t)stmt_int(st, 2)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *cats = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (s != ST_OK)
            break;
        char state[16];
        int64_t rid = 0;
        if ((s = audit_approval(ctx, json_integer_value(json_array_get(row, 0)), state, &rid, e)) != ST_OK)
            break;
        const PackAuditItem *it = pack_item(ctx, json_string_value(json_array_get(row, 1)));
        if (strcmp(state, "approved") != 0 || !it)
            continue; /* an audit not approved has not been carried out */
        json_t *c = json_object_get(cats, it->category);
        if (!c) {
            c = json_pack("{s:I, s:I}", "items", (json_int_t)0, "open_findings", (json_int_t)0);
            json_object_set_new(cats, it->category, c);
        }
        json_object_set_new(c, "items", json_integer(json_integer_value(json_object_get(c, "items")) + 1));
        json_object_set_new(c, "open_findings", json_integer(json_integer_value(json_object_get(c, "open_findings")) +
                                                             json_integer_value(json_array_get(row, 2))));
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(cats);
        return s;
    }
    *out = cats;
    return ST_OK;
}
