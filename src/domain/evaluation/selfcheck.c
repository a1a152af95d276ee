/* selfcheck: 自己点検 campaigns, answers, results and improvement actions (see selfcheck.h). The
 * answers lgsec computes from its data are selfcheck_auto.c. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/selfcheck_internal.h"
#include "domain/org/org.h"
#include "entities/evaluation_entity.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define TEXT_MAX_CHARS 2000
#define MAX_UNITS 500

static const char *const answers[] = {"yes", "partly", "no", "na", NULL};

static bool manager(const Ctx *ctx) { return ctx->actor->caps & CAP_EVALUATION_MANAGE; }

Status selfcheck_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "selfcheck_not_found", NULL, "自己点検が見つかりません", "self-check not found");
}

static const PackSelfCheckItem *section_item(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; id && i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (strcmp(it->id, id) == 0 && (!it->scope || strcmp(it->scope, "section") == 0))
            return it;
    }
    return NULL;
}

static bool is_section_item(const PackSelfCheckItem *it) { return !it->scope || strcmp(it->scope, "section") == 0; }

bool selfcheck_item_in_scope(const PackSelfCheckItem *it, const char *scope)
{
    return strcmp(scope, "section") == 0 ? is_section_item(it) : it->scope && strcmp(it->scope, scope) == 0;
}

size_t selfcheck_scope_count(const Ctx *ctx, const char *scope)
{
    size_t n = 0;
    for (size_t i = 0; i < ctx->pack->n_selfcheck; i++)
        n += selfcheck_item_in_scope(&ctx->pack->selfcheck[i], scope);
    return n;
}

static size_t section_item_count(const Ctx *ctx)
{
    size_t n = 0;
    for (size_t i = 0; i < ctx->pack->n_selfcheck; i++)
        n += is_section_item(&ctx->pack->selfcheck[i]);
    return n;
}

/* Whether the actor answers for the 課室: its 情報セキュリティ管理者 (or one over it), or a manager. */
static Status answers_for(Ctx *ctx, int64_t unit_id, bool *yes, Err *e)
{
    *yes = manager(ctx);
    if (*yes || !ctx->actor->person_id)
        return ST_OK;
    return role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit_id, yes, e);
}

/* The campaign row: state, fiscal_year into the out-parameters (ST_NOTFOUND when absent). */
Status selfcheck_campaign_row(Ctx *ctx, int64_t id, char state[static 8], int *fy, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT state, fiscal_year FROM selfcheck_campaigns WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        snprintf(state, 8, "%s", stmt_text(st, 0));
        *fy = (int)stmt_int(st, 1);
    }
    stmt_finalize(st);
    return s != ST_OK ? s : row ? ST_OK : selfcheck_not_found(e);
}

/* The target id of (campaign, unit), 0 when the 課室 is not in the campaign. */
static Status target_of(Ctx *ctx, int64_t id, int64_t unit_id, int64_t *target, Err *e)
{
    *target = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM selfcheck_targets WHERE campaign_id = ? AND unit_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, unit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *target = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* The campaign's 課室 ids, in order: new array. */
static Status target_units(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT unit_id, id FROM selfcheck_targets WHERE campaign_id = ? ORDER BY id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *ids = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(ids, json_pack("[I, I]", (json_int_t)stmt_int(st, 0), (json_int_t)stmt_int(st, 1)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(ids);
    else
        *out = ids;
    return s;
}

Status selfcheck_open(Ctx *ctx, json_t *body, int64_t *id_out, Err *e)
{
    if (!manager(ctx) || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "自己点検を始められるのは統括情報セキュリティ責任者等です",
                       "only evaluation.manage opens a self-check");
    int fy = 0;
    Status fs = eval_check_fiscal_year(ctx, body, &fy, e);
    if (fs != ST_OK)
        return fs;
    Status es = entity_check(&selfcheck_campaign_entity, body, true, NULL, e); /* unit_ids: below */
    if (es != ST_OK)
        return es;
    const char *title = json_string_value(json_object_get(body, "title"));
    json_t *units = json_object_get(body, "unit_ids");
    if (!json_is_array(units) || json_array_size(units) == 0)
        return err_set(e, ST_INVALID, "required", "unit_ids", "点検する課室を1つ以上選んでください",
                       "choose at least one section");
    if (json_array_size(units) > MAX_UNITS)
        return err_set(e, ST_INVALID, "too_long", "unit_ids", "課室が多すぎます", "too many sections");
    size_t i;
    json_t *u;
    Status s = ST_OK;
    json_array_foreach(units, i, u)
    {
        bool ok = false;
        if ((s = eval_is_active_section(ctx, u, &ok, e)) != ST_OK)
            return s;
        if (!ok)
            return err_set(e, ST_INVALID, "unknown_unit", "unit_ids", "点検する課室は、廃止されていない課室等から選んでください",
                           "each unit must be an active section");
        for (size_t k = 0; k < i; k++)
            if (json_integer_value(json_array_get(units, k)) == json_integer_value(u))
                return err_set(e, ST_INVALID, "duplicate_unit", "unit_ids", "同じ課室が2回選ばれています",
                               "a section is listed twice");
    }
    json_t *systems = json_object_get(body, "system_ids");
    if ((s = selfcheck_systems_check(ctx, 0, systems, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO selfcheck_campaigns(fiscal_year, title, opened_by, opened_at) VALUES (?, ?, ?, ?)", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, fy);
        stmt_bind_text(st, 2, title);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    int64_t id = db_last_insert_id(ctx->db);
    json_array_foreach(units, i, u)
    {
        if (s != ST_OK)
            break;
        if (!(st = db_prepare(ctx->db, "INSERT INTO selfcheck_targets(campaign_id, unit_id) VALUES (?, ?)", e))) {
            s = e->status;
            break;
        }
        stmt_bind_int(st, 1, id);
        stmt_bind_int(st, 2, json_integer_value(u));
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK)
        s = selfcheck_systems_insert(ctx, id, systems, e);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:O, s:o}", "fiscal_year", (json_int_t)fy, "title", title, "unit_ids", units,
                                  "system_ids", systems ? json_incref(systems) : json_array());
        s = record_change(ctx, "selfcheck.open", "selfcheck", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* The answers of a target: {item_id: answer}. */
static Status answers_of(Ctx *ctx, int64_t target, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT item_id, answer, note, auto_answer, answered_by, answered_at FROM selfcheck_answers"
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

json_t *selfcheck_counts(void)
{
    return json_pack("{s:i, s:i, s:i, s:i, s:i}", "yes", 0, "partly", 0, "no", 0, "na", 0, "unanswered", 0);
}

void selfcheck_bump(json_t *c, const char *key)
{
    json_object_set_new(c, key, json_integer(json_integer_value(json_object_get(c, key)) + 1));
}

Status selfcheck_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char state[8];
    int fy = 0;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    json_t *targets = NULL;
    if (s == ST_OK)
        s = target_units(ctx, id, &targets, e);
    if (s != ST_OK)
        return s;
    json_t *units = json_array(), *by_cat = json_object(), *by_item = json_object();
    for (size_t i = 0; i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (!is_section_item(it))
            continue;
        if (!json_object_get(by_cat, it->category))
            json_object_set_new(by_cat, it->category, selfcheck_counts());
        json_t *c = selfcheck_counts();
        json_object_set_new(c, "item_id", json_string(it->id));
        json_object_set_new(c, "question", json_string(it->question));
        json_object_set_new(c, "article", json_string(it->article));
        json_object_set_new(c, "category", json_string(it->category));
        json_object_set_new(by_item, it->id, c);
    }
    size_t i;
    json_t *t;
    json_array_foreach(targets, i, t)
    {
        int64_t unit_id = json_integer_value(json_array_get(t, 0));
        bool mine = false;
        if ((s = answers_for(ctx, unit_id, &mine, e)) != ST_OK)
            break;
        if (!mine)
            continue;
        json_t *ans = NULL, *unit = NULL;
        if ((s = answers_of(ctx, json_integer_value(json_array_get(t, 1)), &ans, e)) != ST_OK)
            break;
        if ((s = org_get_unit(ctx, unit_id, &unit, e)) != ST_OK) {
            json_decref(ans);
            break;
        }
        json_t *uc = selfcheck_counts();
        for (size_t k = 0; k < ctx->pack->n_selfcheck; k++) {
            const PackSelfCheckItem *it = &ctx->pack->selfcheck[k];
            if (!is_section_item(it))
                continue;
            json_t *a = json_object_get(ans, it->id);
            const char *key = a ? json_string_value(json_object_get(a, "answer")) : "unanswered";
            selfcheck_bump(uc, key);
            selfcheck_bump(json_object_get(by_cat, it->category), key);
            selfcheck_bump(json_object_get(by_item, it->id), key);
        }
        json_object_set_new(uc, "unit_id", json_integer(unit_id));
        json_object_set(uc, "name", json_object_get(unit, "name"));
        json_object_set_new(uc, "may_answer", json_boolean(strcmp(state, "open") == 0));
        json_array_append_new(units, uc);
        json_decref(ans);
        json_decref(unit);
    }
    json_decref(targets);
    json_t *systems = NULL, *org = NULL;
    if (s == ST_OK)
        s = selfcheck_systems_results(ctx, id, state, by_cat, &systems, e);
    if (s == ST_OK)
        s = selfcheck_org_results(ctx, id, state, by_cat, &org, e);
    if (s == ST_OK && !manager(ctx) && json_array_size(units) == 0 && json_array_size(systems) == 0)
        s = selfcheck_not_found(e);
    if (s != ST_OK) {
        json_decref(org);
        json_decref(systems);
        json_decref(units);
        json_decref(by_cat);
        json_decref(by_item);
        return s;
    }
    json_t *cats = json_array(), *items = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(by_cat, k, v)
    {
        json_object_set_new(v, "category", json_string(k));
        json_array_append(cats, v);
    }
    for (size_t n = 0; n < ctx->pack->n_selfcheck; n++)
        if (json_object_get(by_item, ctx->pack->selfcheck[n].id))
            json_array_append(items, json_object_get(by_item, ctx->pack->selfcheck[n].id));
    json_decref(by_cat);
    json_decref(by_item);
    /* the title and dates, after the counting */
    Stmt *st = db_prepare(ctx->db, "SELECT title, opened_at, closed_at FROM selfcheck_campaigns WHERE id = ?", e);
    if (!st) {
        json_decref(org);
        json_decref(systems);
        json_decref(units);
        json_decref(cats);
        json_decref(items);
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *out = json_pack("{s:I, s:i, s:s, s:s, s:s, s:o, s:b, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id, "fiscal_year",
                         fy, "title", stmt_text(st, 0), "state", state, "opened_at", stmt_text(st, 1), "closed_at",
                         stmt_is_null(st, 2) ? json_null() : json_string(stmt_text(st, 2)), "may_manage", manager(ctx),
                         "items_per_unit", (int)section_item_count(ctx), "items_per_system",
                         (int)selfcheck_scope_count(ctx, "system"), "items_organisation",
                         (int)selfcheck_scope_count(ctx, "organisation"), "units", units, "systems", systems, "organisation",
                         org ? org : json_null(), "by_category", cats, "by_item", items);
    else
        json_decref(org);
    stmt_finalize(st);
    if (s != ST_OK || !row) {
        json_decref(systems);
        json_decref(units);
        json_decref(cats);
        json_decref(items);
        return s != ST_OK ? s : selfcheck_not_found(e);
    }
    return ST_OK;
}

Status selfcheck_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM selfcheck_campaigns ORDER BY fiscal_year DESC, id DESC LIMIT 200", e);
    if (!st)
        return e->status;
    json_t *campaigns = NULL;
    Status s = eval_load_visible(ctx, st, selfcheck_get, &campaigns, e);
    json_t *items = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(campaigns, i, c)
    {
        json_int_t answered = 0, sums[4] = {0};
        size_t k;
        json_t *u;
        json_array_foreach(json_object_get(c, "units"), k, u)
        {
            answered += section_item_count(ctx) - json_integer_value(json_object_get(u, "unanswered"));
            for (int a = 0; answers[a]; a++)
                sums[a] += json_integer_value(json_object_get(u, answers[a]));
        }
        json_array_foreach(json_object_get(c, "systems"), k, u)
        {
            answered += selfcheck_scope_count(ctx, "system") - json_integer_value(json_object_get(u, "unanswered"));
            for (int a = 0; answers[a]; a++)
                sums[a] += json_integer_value(json_object_get(u, answers[a]));
        }
        json_t *org = json_object_get(c, "organisation"); /* evaluation.manage only */
        if (json_is_object(org)) {
            answered += selfcheck_scope_count(ctx, "organisation") - json_integer_value(json_object_get(org, "unanswered"));
            for (int a = 0; answers[a]; a++)
                sums[a] += json_integer_value(json_object_get(org, answers[a]));
        }
        /* the totals per answer: the trend from one campaign (年度) to the next */
        json_array_append_new(items, json_pack("{s:O, s:O, s:O, s:O, s:O, s:I, s:I, s:{s:I, s:I, s:I, s:I}}", "id",
                                               json_object_get(c, "id"), "fiscal_year", json_object_get(c, "fiscal_year"),
                                               "title", json_object_get(c, "title"), "state", json_object_get(c, "state"),
                                               "opened_at", json_object_get(c, "opened_at"), "answered", answered,
                                               "expected", (json_int_t)(json_array_size(json_object_get(c, "units")) *
                                                                            section_item_count(ctx) +
                                                                        json_array_size(json_object_get(c, "systems")) *
                                                                            selfcheck_scope_count(ctx, "system") +
                                                                        (json_is_object(org) ? selfcheck_scope_count(ctx, "organisation")
                                                                                             : 0)),
                                               "results", "yes", sums[0], "partly", sums[1], "no", sums[2], "na", sums[3]));
    }
    json_decref(campaigns);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:b}", "items", items, "may_manage", manager(ctx));
    return ST_OK;
}

/* The target of (campaign, unit) when the actor answers for it; refusals otherwise. */
static Status sheet_target(Ctx *ctx, int64_t id, int64_t unit_id, char state[static 8], int64_t *target, Err *e)
{
    int fy;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s == ST_OK)
        s = target_of(ctx, id, unit_id, target, e);
    if (s != ST_OK)
        return s;
    bool mine = false;
    if ((s = answers_for(ctx, unit_id, &mine, e)) != ST_OK)
        return s;
    if (!*target || !mine)
        return selfcheck_not_found(e);
    return ST_OK;
}

Status selfcheck_actions_of(Ctx *ctx, bool system, int64_t target, json_t **out, Err *e)
{
    static const char *const sql[] = {
        "SELECT id, item_id, description, owner_person_id, due_on, state, result, done_on FROM selfcheck_actions"
        " WHERE target_id = ? ORDER BY id",
        "SELECT id, item_id, description, owner_person_id, due_on, state, result, done_on FROM selfcheck_actions"
        " WHERE system_target_id = ? ORDER BY id",
    };
    Stmt *st = db_prepare(ctx->db, sql[system], e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, target);
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)stmt_int(st, 0),
                                               "item_id", stmt_text(st, 1), "description", stmt_text(st, 2), "owner_id",
                                               (json_int_t)stmt_int(st, 3), "due_on", stmt_text(st, 4), "state",
                                               stmt_text(st, 5), "result", stmt_text(st, 6), "done_on",
                                               stmt_is_null(st, 7) ? json_null() : json_string(stmt_text(st, 7))));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a)
    {
        json_t *p = NULL;
        if (s != ST_OK || (s = people_brief(ctx, json_integer_value(json_object_get(a, "owner_id")), &p, e)) != ST_OK)
            break;
        json_object_set(a, "owner_name", json_object_get(p, "name"));
        json_decref(p);
    }
    if (s != ST_OK)
        json_decref(items);
    else
        *out = items;
    return s;
}

Status selfcheck_sheet(Ctx *ctx, int64_t id, int64_t unit_id, json_t **out, Err *e)
{
    char state[8];
    int64_t target = 0;
    Status s = sheet_target(ctx, id, unit_id, state, &target, e);
    json_t *ans = NULL, *unit = NULL, *actions = NULL;
    if (s == ST_OK)
        s = answers_of(ctx, target, &ans, e);
    if (s == ST_OK)
        s = org_get_unit(ctx, unit_id, &unit, e);
    if (s == ST_OK)
        s = selfcheck_actions_of(ctx, false, target, &actions, e);
    json_t *items = json_array();
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (!is_section_item(it))
            continue;
        json_t *autoa = NULL;
        if ((s = selfcheck_auto_answer(ctx, it, unit_id, &autoa, e)) != ST_OK)
            break;
        json_t *a = json_object_get(ans, it->id);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:O}", "id", it->id, "category", it->category,
                                               "question", it->question, "article", it->article, "auto",
                                               autoa ? autoa : json_null(), "answer", a ? a : json_null()));
    }
    json_decref(ans);
    if (s != ST_OK) {
        json_decref(items);
        json_decref(unit);
        json_decref(actions);
        return s;
    }
    *out = json_pack("{s:I, s:I, s:O, s:s, s:b, s:o, s:o}", "campaign_id", (json_int_t)id, "unit_id", (json_int_t)unit_id,
                     "unit_name", json_object_get(unit, "name"), "state", state, "may_answer", strcmp(state, "open") == 0,
                     "items", items, "actions", actions);
    json_decref(unit);
    return ST_OK;
}

Status selfcheck_check_answer(const char *answer, const char *note, const char *computed, Err *e)
{
    bool known = false;
    for (int i = 0; answer && answers[i]; i++)
        known |= strcmp(answers[i], answer) == 0;
    if (!known)
        return err_set(e, ST_INVALID, "invalid_answer", "answer", "回答は はい・一部・いいえ・該当なし から選んでください",
                       "answer must be yes, partly, no or na");
    if (!note)
        note = "";
    if (!text_valid_chars(note, TEXT_MAX_CHARS, true))
        return err_setf(e, ST_INVALID, "invalid_text", "note", "補足は%d文字以内で、制御文字を含めないでください",
                        "note: at most %d characters, no control characters", TEXT_MAX_CHARS);
    /* correcting what the data says needs a reason (第163条: the report must be explainable) */
    if (computed && strcmp(computed, answer) != 0 && !*note)
        return err_set(e, ST_INVALID, "required", "note", "データから求めた回答と異なる回答には、理由を補足に書いてください",
                       "give the reason when the answer differs from what the data says");
    return ST_OK;
}

Status selfcheck_answer(Ctx *ctx, int64_t id, int64_t unit_id, const char *item_id, const char *answer,
                        const char *note, Err *e)
{
    char state[8];
    int64_t target = 0;
    Status s = sheet_target(ctx, id, unit_id, state, &target, e);
    if (s != ST_OK)
        return s;
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "selfcheck_closed", NULL, "この自己点検は締め切られています", "the self-check is closed");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "回答は職員として行ってください", "answer as a person");
    const PackSelfCheckItem *it = section_item(ctx, item_id);
    if (!it)
        return err_set(e, ST_INVALID, "unknown_item", "item_id", "点検項目が見つかりません", "no such self-check item");
    if ((s = selfcheck_check_answer(answer, note, NULL, e)) != ST_OK)
        return s;
    if (!note)
        note = "";
    json_t *autoa = NULL;
    if ((s = selfcheck_auto_answer(ctx, it, unit_id, &autoa, e)) != ST_OK)
        return s;
    const char *computed = autoa ? json_string_value(json_object_get(autoa, "answer")) : NULL;
    if ((s = selfcheck_check_answer(answer, note, computed, e)) != ST_OK) {
        json_decref(autoa);
        return s;
    }
    s = selfcheck_store_answer(ctx, id, false, unit_id, target, it->id, answer, note, computed, e);
    json_decref(autoa);
    return s;
}

Status selfcheck_store_answer(Ctx *ctx, int64_t id, bool system, int64_t scope_id, int64_t target, const char *item_id,
                              const char *answer, const char *note, const char *computed, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          system ? "INSERT INTO selfcheck_system_answers(target_id, item_id, answer, note, auto_answer,"
                                   " answered_by, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                   " ON CONFLICT(target_id, item_id) DO UPDATE SET"
                                   " answer = ?3, note = ?4, auto_answer = ?5, answered_by = ?6, answered_at = ?7"
                                 : "INSERT INTO selfcheck_answers(target_id, item_id, answer, note, auto_answer,"
                                   " answered_by, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                   " ON CONFLICT(target_id, item_id) DO UPDATE SET"
                                   " answer = ?3, note = ?4, auto_answer = ?5, answered_by = ?6, answered_at = ?7",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, target);
        stmt_bind_text(st, 2, item_id);
        stmt_bind_text(st, 3, answer);
        stmt_bind_text(st, 4, note);
        if (computed)
            stmt_bind_text(st, 5, computed);
        else
            stmt_bind_null(st, 5);
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        s = eval_exec(st, e);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "campaign_id", (json_int_t)id,
                                  system ? "system_id" : "unit_id", (json_int_t)scope_id, "item_id", item_id, "answer",
                                  answer, "note", note, "auto_answer", computed ? json_string(computed) : json_null());
        s = record_change(ctx, system ? "selfcheck.answer_system" : "selfcheck.answer", "selfcheck", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status selfcheck_close(Ctx *ctx, int64_t id, Err *e)
{
    if (!manager(ctx))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "自己点検を締め切れるのは統括情報セキュリティ責任者等です",
                       "only evaluation.manage closes a self-check");
    char state[8];
    int fy;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s != ST_OK)
        return s;
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "selfcheck_closed", NULL, "この自己点検は締め切られています", "the self-check is closed");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "UPDATE selfcheck_campaigns SET state = 'closed', closed_at = ? WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s}", "state", "open"), *after = json_pack("{s:s}", "state", "closed");
        s = record_change(ctx, "selfcheck.close", "selfcheck", id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status selfcheck_action_insert(Ctx *ctx, int64_t id, bool system, int64_t scope_id, int64_t target,
                               const PackSelfCheckItem *it, const char *description, int64_t owner, const char *due_on,
                               int64_t *id_out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "職員として登録してください", "act as a person");
    if (!it)
        return err_set(e, ST_INVALID, "unknown_item", "item_id", "点検項目が見つかりません", "no such self-check item");
    if (!description || !*description)
        return err_set(e, ST_INVALID, "required", "description", "改善策を入力してください", "description is required");
    if (!text_valid_chars(description, TEXT_MAX_CHARS, true))
        return err_setf(e, ST_INVALID, "invalid_text", "description", "改善策は%d文字以内で、制御文字を含めないでください",
                        "description: at most %d characters, no control characters", TEXT_MAX_CHARS);
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    if (!due_on || strlen(due_on) != 10 || !date_parse(due_on, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "due_on", "期限は YYYY-MM-DD 形式で入力してください",
                       "due_on must be YYYY-MM-DD");
    if (strcmp(due_on, today) < 0)
        return err_set(e, ST_INVALID, "date_order", "due_on", "期限は今日以降にしてください", "due_on must be today or later");
    json_t *p = NULL;
    Status s;
    if ((s = people_get_plain(ctx, owner, &p, e)) == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_person", "owner_id", "担当者が見つかりません", "no such person");
    if (s != ST_OK)
        return s;
    const char *until = json_string_value(json_object_get(p, "active_until"));
    bool active = !until || strcmp(until, today) >= 0;
    json_decref(p);
    if (!active)
        return err_set(e, ST_INVALID, "unknown_person", "owner_id", "担当者は在職中の職員から選んでください",
                       "the owner must be an active person");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    static const char *const sql[] = {
        "INSERT INTO selfcheck_actions(target_id, item_id, description, owner_person_id, due_on,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO selfcheck_actions(system_target_id, item_id, description, owner_person_id, due_on,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    };
    Stmt *st = db_prepare(ctx->db, sql[system], e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, target);
        stmt_bind_text(st, 2, it->id);
        stmt_bind_text(st, 3, description);
        stmt_bind_int(st, 4, owner);
        stmt_bind_text(st, 5, due_on);
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    int64_t aid = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "campaign_id", (json_int_t)id,
                                  system ? "system_id" : "unit_id", (json_int_t)scope_id, "item_id", it->id,
                                  "description", description, "owner_id", (json_int_t)owner, "due_on", due_on);
        s = record_change(ctx, "selfcheck.action_add", "selfcheck_action", aid, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = aid;
    return s;
}

Status selfcheck_action_add(Ctx *ctx, int64_t id, int64_t unit_id, const char *item_id, const char *description,
                            int64_t owner, const char *due_on, int64_t *id_out, Err *e)
{
    char state[8];
    int64_t target = 0;
    Status s = sheet_target(ctx, id, unit_id, state, &target, e);
    if (s != ST_OK)
        return s;
    return selfcheck_action_insert(ctx, id, false, unit_id, target, section_item(ctx, item_id), description, owner,
                                   due_on, id_out, e);
}

Status selfcheck_action_close(Ctx *ctx, int64_t action_id, const char *result, Err *e)
{
    /* a 課室's action (unit_id) or a system's (system_id): who answers for that sheet may close it */
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.owner_person_id, a.state, t.unit_id, st.system_id FROM selfcheck_actions a"
                          " LEFT JOIN selfcheck_targets t ON t.id = a.target_id"
                          " LEFT JOIN selfcheck_system_targets st ON st.id = a.system_target_id WHERE a.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, action_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    int64_t owner = row ? stmt_int(st, 0) : 0, unit_id = row ? stmt_int(st, 2) : 0, system_id = row ? stmt_int(st, 3) : 0;
    bool open = row && strcmp(stmt_text(st, 1), "open") == 0;
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    bool may = false;
    if (row && unit_id && (s = answers_for(ctx, unit_id, &may, e)) != ST_OK)
        return s;
    if (row && system_id && (s = selfcheck_system_answers_for(ctx, system_id, &may, e)) != ST_OK)
        return s;
    may |= row && ctx->actor->person_id && ctx->actor->person_id == owner;
    if (!row || !may)
        return err_set(e, ST_NOTFOUND, "action_not_found", NULL, "改善策が見つかりません", "improvement action not found");
    if (!open)
        return err_set(e, ST_CONFLICT, "action_closed", NULL, "この改善策は完了しています", "the action is already closed");
    if (!result || !*result)
        return err_set(e, ST_INVALID, "required", "result", "実施した結果を入力してください", "result is required");
    if (!text_valid_chars(result, TEXT_MAX_CHARS, true))
        return err_setf(e, ST_INVALID, "invalid_text", "result", "結果は%d文字以内で、制御文字を含めないでください",
                        "result: at most %d characters, no control characters", TEXT_MAX_CHARS);
    char today[11];
    date_today(ctx->clock, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    if (!(st = db_prepare(ctx->db, "UPDATE selfcheck_actions SET state = 'done', result = ?, done_on = ? WHERE id = ?", e)))
        s = e->status;
    else {
        stmt_bind_text(st, 1, result);
        stmt_bind_text(st, 2, today);
        stmt_bind_int(st, 3, action_id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s}", "state", "open");
        json_t *after = json_pack("{s:s, s:s, s:s}", "state", "done", "result", result, "done_on", today);
        s = record_change(ctx, "selfcheck.action_close", "selfcheck_action", action_id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status selfcheck_work_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    *out = json_array();
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.title, t.unit_id, t.id FROM selfcheck_campaigns c"
                          " JOIN selfcheck_targets t ON t.campaign_id = c.id WHERE c.state = 'open' ORDER BY c.id, t.id",
                          e);
    if (!st) {
        json_decref(*out);
        *out = NULL;
        return e->status;
    }
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
        int64_t unit = json_integer_value(json_array_get(row, 2));
        bool mine = false;
        if ((s = role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit, &mine, e)) != ST_OK || !mine)
            continue;
        json_t *ans = NULL;
        if ((s = answers_of(ctx, json_integer_value(json_array_get(row, 3)), &ans, e)) != ST_OK)
            break;
        size_t left = section_item_count(ctx) - json_object_size(ans);
        json_decref(ans);
        if (!left)
            continue;
        char name[256] = "", title[600], link[96];
        if ((s = org_unit_name(ctx->db, unit, name, sizeof name, e)) != ST_OK)
            break;
        snprintf(title, sizeof title, "自己点検「%s」: %s の未回答の項目が %zu あります", json_string_value(json_array_get(row, 1)),
                 name, left);
        snprintf(link, sizeof link, "/selfchecks/%lld/units/%lld", (long long)json_integer_value(json_array_get(row, 0)),
                 (long long)unit);
        json_array_append_new(*out, json_pack("{s:s, s:s, s:s}", "kind", "selfcheck_answer", "title", title, "link", link));
    }
    json_decref(rows);
    if (s == ST_OK)
        s = selfcheck_system_work(ctx, *out, e);
    if (s == ST_OK)
        s = selfcheck_org_work(ctx, *out, e);
    if (s != ST_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return s;
}
