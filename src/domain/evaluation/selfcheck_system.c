/* selfcheck_system: the information systems of a 自己点検 campaign (第162条). Each system's
 * 情報システム管理者 (its current system_manager, from the org module's role register) answers the
 * pack's items of scope: system; evaluation.manage sees and may answer every one; anyone else is told
 * the campaign or sheet does not exist. Tables selfcheck_system_targets and selfcheck_system_answers. */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/evaluation/selfcheck_internal.h"
#include "domain/org/org.h"
#include "policy/capability.h"

#define MAX_SYSTEMS 500

static bool manager(const Ctx *ctx) { return ctx->actor->caps & CAP_EVALUATION_MANAGE; }

static const PackSelfCheckItem *system_item(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; id && i < ctx->pack->n_selfcheck; i++)
        if (strcmp(ctx->pack->selfcheck[i].id, id) == 0 && selfcheck_item_in_scope(&ctx->pack->selfcheck[i], "system"))
            return &ctx->pack->selfcheck[i];
    return NULL;
}

/* *holds when person_id is today a system_manager of system_id (the role register, through org). */
Status selfcheck_system_manager_of(Ctx *ctx, int64_t person_id, int64_t system_id, bool *holds, Err *e)
{
    *holds = false;
    if (!person_id)
        return ST_OK;
    Actor sys;
    Ctx as = eval_as_system(ctx, &sys);
    json_t *all = NULL;
    Status s = role_assignments_list(&as, person_id, "system_manager", &all, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(all, "items"), i, a)
    {
        const char *kind = json_string_value(json_object_get(a, "scope_kind"));
        const char *from = json_string_value(json_object_get(a, "valid_from"));
        const char *until = json_string_value(json_object_get(a, "valid_until"));
        *holds |= kind && strcmp(kind, "system") == 0 && json_integer_value(json_object_get(a, "scope_id")) == system_id &&
                  from && strcmp(from, today) <= 0 && (!until || strcmp(until, today) >= 0);
    }
    json_decref(all);
    return ST_OK;
}

Status selfcheck_system_answers_for(Ctx *ctx, int64_t system_id, bool *yes, Err *e)
{
    *yes = manager(ctx);
    if (*yes)
        return ST_OK;
    return selfcheck_system_manager_of(ctx, ctx->actor->person_id, system_id, yes, e);
}

/* code, name, whether active and the owning 課 of a registered system (systems_v); *found false when
 * there is none. */
typedef struct SystemRow {
    bool found, active;
    int64_t owner_unit_id;
    char code[40], name[256];
} SystemRow;

static Status system_row(Ctx *ctx, int64_t system_id, SystemRow *r, Err *e)
{
    *r = (SystemRow){0};
    Stmt *st = db_prepare(ctx->db, "SELECT code, name, active, owner_unit_id FROM systems_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    Status s = stmt_step_row(st, &r->found, e);
    if (s == ST_OK && r->found) {
        snprintf(r->code, sizeof r->code, "%s", stmt_text(st, 0));
        snprintf(r->name, sizeof r->name, "%s", stmt_text(st, 1));
        r->active = stmt_int(st, 2) != 0;
        r->owner_unit_id = stmt_int(st, 3);
    }
    stmt_finalize(st);
    return s;
}

static Status target_of(Ctx *ctx, int64_t campaign, int64_t system_id, int64_t *target, Err *e)
{
    *target = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM selfcheck_system_targets WHERE campaign_id = ? AND system_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    stmt_bind_int(st, 2, system_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *target = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status selfcheck_systems_check(Ctx *ctx, int64_t campaign, const json_t *ids, Err *e)
{
    if (!ids)
        return ST_OK;
    if (!json_is_array(ids))
        return err_set(e, ST_INVALID, "invalid_type", "system_ids", "点検する情報システムは一覧で指定してください",
                       "system_ids must be a list");
    if (json_array_size(ids) > MAX_SYSTEMS)
        return err_set(e, ST_INVALID, "too_long", "system_ids", "情報システムが多すぎます", "too many systems");
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (!json_is_integer(v))
            return err_set(e, ST_INVALID, "invalid_type", "system_ids", "情報システムはIDで指定してください",
                           "system ids must be ids");
        SystemRow row;
        Status s = system_row(ctx, json_integer_value(v), &row, e);
        if (s != ST_OK)
            return s;
        if (!row.found || !row.active)
            return err_set(e, ST_INVALID, "unknown_system", "system_ids",
                           "点検する情報システムは、情報システム台帳の稼働中のシステムから選んでください",
                           "each system must be an active system of the register");
        for (size_t k = 0; k < i; k++)
            if (json_integer_value(json_array_get(ids, k)) == json_integer_value(v))
                return err_set(e, ST_INVALID, "duplicate_system", "system_ids", "同じ情報システムが2回選ばれています",
                               "a system is listed twice");
        int64_t target = 0;
        if (campaign && (s = target_of(ctx, campaign, json_integer_value(v), &target, e)) != ST_OK)
            return s;
        if (target)
            return err_setf(e, ST_INVALID, "duplicate_system", "system_ids", "%s %s はすでにこの自己点検の対象です",
                            "%s %s is already in this self-check", row.code, row.name);
    }
    return ST_OK;
}

Status selfcheck_systems_insert(Ctx *ctx, int64_t campaign, const json_t *ids, Err *e)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        Stmt *st = db_prepare(ctx->db, "INSERT INTO selfcheck_system_targets(campaign_id, system_id) VALUES (?, ?)", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, campaign);
        stmt_bind_int(st, 2, json_integer_value(v));
        Status s = eval_exec(st, e);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

Status selfcheck_systems_add(Ctx *ctx, int64_t id, const json_t *system_ids, Err *e)
{
    if (!manager(ctx))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "自己点検の対象を加えられるのは統括情報セキュリティ責任者等です",
                       "only evaluation.manage adds targets to a self-check");
    char state[8];
    int fy = 0;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s != ST_OK)
        return s;
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "selfcheck_closed", NULL, "この自己点検は締め切られています", "the self-check is closed");
    /* a finished 年度's self-check is what was reported (第163条): no new targets afterwards */
    if (fy < eval_fiscal_year_now(ctx))
        return err_set(e, ST_CONFLICT, "selfcheck_year_ended", NULL, "年度が終わった自己点検には対象を加えられません",
                       "the self-check's fiscal year has ended");
    if (!system_ids)
        return err_set(e, ST_INVALID, "required", "system_ids", "点検する情報システムを選んでください", "system_ids is required");
    if (json_is_array(system_ids) && json_array_size(system_ids) == 0)
        return err_set(e, ST_INVALID, "required", "system_ids", "点検する情報システムを1つ以上選んでください",
                       "choose at least one system");
    if ((s = selfcheck_systems_check(ctx, id, system_ids, e)) != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = selfcheck_systems_insert(ctx, id, system_ids, e);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:O}", "system_ids", system_ids);
        s = record_change(ctx, "selfcheck.add_systems", "selfcheck", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

/* The answers of a system target: {item_id: answer}. */
static Status answers_of(Ctx *ctx, int64_t target, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT item_id, answer, note, auto_answer, answered_by, answered_at FROM selfcheck_system_answers"
                          " WHERE target_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, target);
    json_t *m = json_object();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_object_set_new(m, stmt_text(st, 0),
                            json_pack("{s:s, s:s, s:o, s:I, s:s}", "answer", stmt_text(st, 1), "note", stmt_text(st, 2),
                                      "auto_answer", stmt_is_null(st, 3) ? json_null() : json_string(stmt_text(st, 3)),
                                      "answered_by_id", (json_int_t)stmt_int(st, 4), "answered_at", stmt_text(st, 5)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(m);
    else
        *out = m;
    return s;
}

Status selfcheck_systems_results(Ctx *ctx, int64_t campaign, const char *state, json_t *by_cat, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db, "SELECT system_id, id FROM selfcheck_system_targets WHERE campaign_id = ? ORDER BY id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    json_t *targets = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(targets, json_pack("[I, I]", (json_int_t)stmt_int(st, 0), (json_int_t)stmt_int(st, 1)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *systems = json_array();
    if (s == ST_OK && json_array_size(targets))
        for (size_t k = 0; k < ctx->pack->n_selfcheck; k++) {
            const PackSelfCheckItem *it = &ctx->pack->selfcheck[k];
            if (selfcheck_item_in_scope(it, "system") && !json_object_get(by_cat, it->category))
                json_object_set_new(by_cat, it->category, selfcheck_counts());
        }
    size_t i;
    json_t *t;
    json_array_foreach(targets, i, t)
    {
        if (s != ST_OK)
            break;
        int64_t system_id = json_integer_value(json_array_get(t, 0));
        bool mine = false;
        SystemRow row;
        if ((s = selfcheck_system_answers_for(ctx, system_id, &mine, e)) != ST_OK || !mine)
            continue;
        json_t *ans = NULL;
        if ((s = system_row(ctx, system_id, &row, e)) != ST_OK ||
            (s = answers_of(ctx, json_integer_value(json_array_get(t, 1)), &ans, e)) != ST_OK)
            break;
        json_t *c = selfcheck_counts();
        for (size_t k = 0; k < ctx->pack->n_selfcheck; k++) {
            const PackSelfCheckItem *it = &ctx->pack->selfcheck[k];
            if (!selfcheck_item_in_scope(it, "system"))
                continue;
            json_t *a = json_object_get(ans, it->id);
            const char *key = a ? json_string_value(json_object_get(a, "answer")) : "unanswered";
            selfcheck_bump(c, key);
            selfcheck_bump(json_object_get(by_cat, it->category), key);
        }
        json_decref(ans);
        json_object_set_new(c, "system_id", json_integer(system_id));
        json_object_set_new(c, "code", json_string(row.code));
        json_object_set_new(c, "name", json_string(row.name));
        json_object_set_new(c, "owner_unit_id", json_integer(row.owner_unit_id));
        json_object_set_new(c, "may_answer", json_boolean(strcmp(state, "open") == 0));
        json_array_append_new(systems, c);
    }
    json_decref(targets);
    if (s != ST_OK)
        json_decref(systems);
    else
        *out = systems;
    return s;
}

/* The target of (campaign, system) when the actor answers for it; selfcheck_not_found otherwise. */
static Status sheet_target(Ctx *ctx, int64_t id, int64_t system_id, char state[static 8], int64_t *target, Err *e)
{
    int fy;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s == ST_OK)
        s = target_of(ctx, id, system_id, target, e);
    if (s != ST_OK)
        return s;
    bool mine = false;
    if (*target && (s = selfcheck_system_answers_for(ctx, system_id, &mine, e)) != ST_OK)
        return s;
    return *target && mine ? ST_OK : selfcheck_not_found(e);
}

Status selfcheck_system_sheet(Ctx *ctx, int64_t id, int64_t system_id, json_t **out, Err *e)
{
    char state[8];
    int64_t target = 0;
    SystemRow row;
    Status s = sheet_target(ctx, id, system_id, state, &target, e);
    json_t *ans = NULL;
    if (s == ST_OK)
        s = system_row(ctx, system_id, &row, e);
    if (s == ST_OK)
        s = answers_of(ctx, target, &ans, e);
    if (s != ST_OK)
        return s;
    json_t *items = json_array();
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (!selfcheck_item_in_scope(it, "system"))
            continue;
        json_t *autoa = NULL;
        if ((s = selfcheck_system_auto_answer(ctx, it, system_id, &autoa, e)) != ST_OK)
            break;
        json_t *a = json_object_get(ans, it->id);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:O}", "id", it->id, "category", it->category,
                                               "question", it->question, "article", it->article, "auto",
                                               autoa ? autoa : json_null(), "answer", a ? a : json_null()));
    }
    json_decref(ans);
    json_t *actions = NULL;
    if (s == ST_OK)
        s = selfcheck_actions_of(ctx, true, target, &actions, e);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:o, s:o}", "campaign_id", (json_int_t)id, "system_id",
                     (json_int_t)system_id, "system_code", row.code, "system_name", row.name, "state", state, "may_answer",
                     strcmp(state, "open") == 0, "items", items, "actions", actions);
    return ST_OK;
}

Status selfcheck_system_action_add(Ctx *ctx, int64_t id, int64_t system_id, const char *item_id, const char *description,
                                   int64_t owner, const char *due_on, int64_t *id_out, Err *e)
{
    char state[8];
    int64_t target = 0;
    Status s = sheet_target(ctx, id, system_id, state, &target, e);
    if (s != ST_OK)
        return s;
    return selfcheck_action_insert(ctx, id, true, system_id, target, system_item(ctx, item_id), description, owner,
                                   due_on, id_out, e);
}

Status selfcheck_system_answer(Ctx *ctx, int64_t id, int64_t system_id, const char *item_id, const char *answer,
                               const char *note, Err *e)
{
    char state[8];
    int64_t target = 0;
    Status s = sheet_target(ctx, id, system_id, state, &target, e);
    if (s != ST_OK)
        return s;
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "selfcheck_closed", NULL, "この自己点検は締め切られています", "the self-check is closed");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "回答は職員として行ってください", "answer as a person");
    const PackSelfCheckItem *it = system_item(ctx, item_id);
    if (!it)
        return err_set(e, ST_INVALID, "unknown_item", "item_id", "点検項目が見つかりません", "no such self-check item");
    if ((s = selfcheck_check_answer(answer, note, NULL, e)) != ST_OK)
        return s;
    if (!note)
        note = "";
    json_t *autoa = NULL;
    if ((s = selfcheck_system_auto_answer(ctx, it, system_id, &autoa, e)) != ST_OK)
        return s;
    const char *computed = autoa ? json_string_value(json_object_get(autoa, "answer")) : NULL;
    if ((s = selfcheck_check_answer(answer, note, computed, e)) != ST_OK) {
        json_decref(autoa);
        return s;
    }
    s = selfcheck_store_answer(ctx, id, true, system_id, target, it->id, answer, note, computed, e);
    json_decref(autoa);
    return s;
}

Status selfcheck_system_work(Ctx *ctx, json_t *out, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.title, t.system_id, t.id FROM selfcheck_campaigns c"
                          " JOIN selfcheck_system_targets t ON t.campaign_id = c.id WHERE c.state = 'open' ORDER BY c.id, t.id",
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
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (s != ST_OK)
            break;
        int64_t system_id = json_integer_value(json_array_get(row, 2));
        bool mine = false;
        SystemRow sr;
        if ((s = selfcheck_system_manager_of(ctx, ctx->actor->person_id, system_id, &mine, e)) != ST_OK || !mine)
            continue;
        json_t *ans = NULL;
        if ((s = answers_of(ctx, json_integer_value(json_array_get(row, 3)), &ans, e)) != ST_OK)
            break;
        size_t left = selfcheck_scope_count(ctx, "system") - json_object_size(ans);
        json_decref(ans);
        char title[700], link[96];
        if (!left || (s = system_row(ctx, system_id, &sr, e)) != ST_OK)
            continue;
        snprintf(title, sizeof title, "自己点検「%s」: 情報システム %s %s の未回答の項目が %zu あります",
                 json_string_value(json_array_get(row, 1)), sr.code, sr.name, left);
        snprintf(link, sizeof link, "/selfchecks/%lld/systems/%lld", (long long)json_integer_value(json_array_get(row, 0)),
                 (long long)system_id);
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "kind", "selfcheck_answer", "title", title, "link", link));
    }
    json_decref(rows);
    return s;
}
