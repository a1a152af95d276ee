/* selfcheck_org: the organisation's own sheet of a campaign (第162条) — the items of scope
 * organisation (selfcheck.yaml: CISO, 緊急連絡網, CSIRT, 特権ID, 監査の改善計画, 見直し), answered once
 * per campaign by the 統括 (evaluation.manage). lgsec answers from its data where it knows: the CISO
 * and the CSIRT責任者 appointed today (org's role register), the findings of this 年度's audits with
 * their improvement plans (this module's audits), the policy's 見直し (policydocs' policy_reviews_v).
 * Table selfcheck_org_answers. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/evaluation/selfcheck_internal.h"
#include "domain/org/org.h"
#include "policy/capability.h"

static bool manager(const Ctx *ctx) { return ctx->actor->caps & CAP_EVALUATION_MANAGE; }

static json_t *result(const char *answer, const char *summary, json_t *evidence)
{
    return json_pack("{s:s, s:s, s:o}", "answer", answer, "summary", summary, "evidence", evidence);
}

/* 第12条・第21条2: someone holds role (of the organisation) today. */
static Status role_held(Ctx *ctx, const char *role, const char *label, json_t **out, Err *e)
{
    json_t *all = NULL;
    Status s = role_assignments_list(ctx, 0, role, &all, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    json_t *names = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(all, "items"), i, a)
    {
        const char *from = json_string_value(json_object_get(a, "valid_from"));
        const char *until = json_string_value(json_object_get(a, "valid_until"));
        if (!from || strcmp(from, today) > 0 || (until && strcmp(until, today) < 0))
            continue;
        char line[400];
        snprintf(line, sizeof line, "%s: %s (%s から、役割の割当)", label, json_string_value(json_object_get(a, "person_name")), from);
        json_array_append_new(names, json_string(line));
    }
    json_decref(all);
    char summary[300];
    bool any = json_array_size(names) > 0;
    snprintf(summary, sizeof summary, any ? "%sが置かれています。" : "現に%sを務める人がいません。", label);
    *out = result(any ? "yes" : "no", summary, names);
    return ST_OK;
}

/* 第160条: the 指摘事項 of the 年度's audits, each with an improvement plan not past its due date
 * or closed after the follow-up. */
static Status findings_planned(Ctx *ctx, int fy, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.title, f.title, f.state, coalesce(f.plan_due, '') FROM audit_findings f"
                          " JOIN audits a ON a.id = f.audit_id WHERE a.fiscal_year = ? AND f.kind = 'finding' ORDER BY f.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    json_t *ev = json_array();
    json_int_t total = 0, bad = 0;
    bool row = false;
    Status s;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        const char *state = stmt_text(st, 2), *due = stmt_text(st, 3);
        total++;
        const char *what = NULL;
        if (strcmp(state, "open") == 0)
            what = "改善計画なし";
        else if (strcmp(state, "planned") == 0 && *due && strcmp(due, today) < 0)
            what = "改善計画の期限超過";
        if (!what)
            continue;
        bad++;
        char line[700];
        snprintf(line, sizeof line, "%s: %s (%s)", stmt_text(st, 0), stmt_text(st, 1), what);
        json_array_append_new(ev, json_string(line));
    }
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(ev);
        return s;
    }
    char summary[300];
    if (!total)
        snprintf(summary, sizeof summary, "%d年度の監査に指摘事項はありません。", fy);
    else
        snprintf(summary, sizeof summary, "%d年度の監査の指摘事項 %lld 件のうち、改善計画がないか期限を過ぎたものが %lld 件です。", fy,
                 (long long)total, (long long)bad);
    *out = result(bad == 0 ? "yes" : bad < total ? "partly" : "no", summary, ev);
    return ST_OK;
}

/* 第165条: the 見直し of the policy recorded for the campaign's 年度 (yes), only for the one before
 * (partly: this 年度's is still to come), or for neither (no) — policydocs' policy_reviews_v. */
static Status policy_reviewed(Ctx *ctx, int fy, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT fiscal_year, coalesce(reviewed_on, '') FROM policy_reviews_v WHERE fiscal_year IN (?1, ?1 - 1)"
                          " ORDER BY fiscal_year DESC, id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    json_t *ev = json_array();
    bool row = false, this_year = false, last_year = false;
    Status s;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        int y = (int)stmt_int(st, 0);
        this_year |= y == fy;
        last_year |= y == fy - 1;
        char line[200];
        snprintf(line, sizeof line, "%d年度の見直し%s%s", y, *stmt_text(st, 1) ? ": " : " (日付未記録)", stmt_text(st, 1));
        json_array_append_new(ev, json_string(line));
    }
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(ev);
        return s;
    }
    char summary[300];
    if (this_year)
        snprintf(summary, sizeof summary, "%d年度の見直しが記録されています。", fy);
    else if (last_year)
        snprintf(summary, sizeof summary, "%d年度の見直しはまだ記録されていません (前年度の見直しは記録されています)。", fy);
    else
        snprintf(summary, sizeof summary, "%d年度にも前年度にも見直しの記録がありません。", fy);
    *out = result(this_year ? "yes" : last_year ? "partly" : "no", summary, ev);
    return ST_OK;
}

static Status auto_answer(Ctx *ctx, const PackSelfCheckItem *it, int fy, json_t **out, Err *e)
{
    *out = NULL;
    if (!it->auto_source)
        return ST_OK;
    if (strcmp(it->auto_source, "ciso_appointed") == 0)
        return role_held(ctx, "ciso", "最高情報セキュリティ責任者 (CISO)", out, e);
    if (strcmp(it->auto_source, "csirt_lead_appointed") == 0)
        return role_held(ctx, "csirt_lead", "CSIRT責任者", out, e);
    if (strcmp(it->auto_source, "audit_findings_planned") == 0)
        return findings_planned(ctx, fy, out, e);
    if (strcmp(it->auto_source, "policy_reviewed") == 0)
        return policy_reviewed(ctx, fy, out, e);
    return ST_OK;
}

static const PackSelfCheckItem *org_item(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; id && i < ctx->pack->n_selfcheck; i++)
        if (strcmp(ctx->pack->selfcheck[i].id, id) == 0 && selfcheck_item_in_scope(&ctx->pack->selfcheck[i], "organisation"))
            return &ctx->pack->selfcheck[i];
    return NULL;
}

static Status answers_of(Ctx *ctx, int64_t campaign, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT item_id, answer, note, auto_answer, answered_by, answered_at FROM selfcheck_org_answers"
                          " WHERE campaign_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, campaign);
    json_t *m = json_object();
    bool row = false;
    Status s;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
        json_object_set_new(m, stmt_text(st, 0),
                            json_pack("{s:s, s:s, s:o, s:I, s:s}", "answer", stmt_text(st, 1), "note", stmt_text(st, 2),
                                      "auto_answer", stmt_is_null(st, 3) ? json_null() : json_string(stmt_text(st, 3)),
                                      "answered_by_id", (json_int_t)stmt_int(st, 4), "answered_at", stmt_text(st, 5)));
    stmt_finalize(st);
    if (s != ST_OK)
        json_decref(m);
    else
        *out = m;
    return s;
}

Status selfcheck_org_sheet(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char state[8];
    int fy = 0;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s != ST_OK)
        return s;
    if (!manager(ctx))
        return selfcheck_not_found(e);
    json_t *ans = NULL;
    if ((s = answers_of(ctx, id, &ans, e)) != ST_OK)
        return s;
    json_t *items = json_array();
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (!selfcheck_item_in_scope(it, "organisation"))
            continue;
        json_t *autoa = NULL;
        if ((s = auto_answer(ctx, it, fy, &autoa, e)) != ST_OK)
            break;
        json_t *a = json_object_get(ans, it->id);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:O}", "id", it->id, "category", it->category,
                                               "question", it->question, "article", it->article, "auto",
                                               autoa ? autoa : json_null(), "answer", a ? a : json_null()));
    }
    json_decref(ans);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:I, s:i, s:s, s:b, s:o}", "campaign_id", (json_int_t)id, "fiscal_year", fy, "state", state,
                     "may_answer", strcmp(state, "open") == 0, "items", items);
    return ST_OK;
}

Status selfcheck_org_answer(Ctx *ctx, int64_t id, const char *item_id, const char *answer, const char *note, Err *e)
{
    char state[8];
    int fy = 0;
    Status s = selfcheck_campaign_row(ctx, id, state, &fy, e);
    if (s != ST_OK)
        return s;
    if (!manager(ctx))
        return selfcheck_not_found(e);
    if (strcmp(state, "open") != 0)
        return err_set(e, ST_CONFLICT, "selfcheck_closed", NULL, "この自己点検は締め切られています", "the self-check is closed");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "回答は職員として行ってください", "answer as a person");
    const PackSelfCheckItem *it = org_item(ctx, item_id);
    if (!it)
        return err_set(e, ST_INVALID, "unknown_item", "item_id", "点検項目が見つかりません (組織全体の項目から選んでください)",
                       "no such organisation self-check item");
    if ((s = selfcheck_check_answer(answer, note, NULL, e)) != ST_OK)
        return s;
    note = note ? note : "";
    json_t *autoa = NULL;
    if ((s = auto_answer(ctx, it, fy, &autoa, e)) != ST_OK)
        return s;
    const char *computed = autoa ? json_string_value(json_object_get(autoa, "answer")) : NULL;
    if ((s = selfcheck_check_answer(answer, note, computed, e)) != ST_OK) {
        json_decref(autoa);
        return s;
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(autoa);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO selfcheck_org_answers(campaign_id, item_id, answer, note, auto_answer, answered_by,"
                          " answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(campaign_id, item_id) DO UPDATE SET"
                          " answer = ?3, note = ?4, auto_answer = ?5, answered_by = ?6, answered_at = ?7",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, it->id);
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
        json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:o}", "campaign_id", (json_int_t)id, "item_id", it->id, "answer", answer,
                                  "note", note, "auto_answer", computed ? json_string(computed) : json_null());
        s = record_change(ctx, "selfcheck.answer_org", "selfcheck", id, NULL, after, e);
        json_decref(after);
    }
    json_decref(autoa);
    return finish_tx(ctx, s, e);
}

Status selfcheck_org_results(Ctx *ctx, int64_t id, const char *state, json_t *by_cat, json_t **out, Err *e)
{
    *out = NULL;
    if (!manager(ctx) || !selfcheck_scope_count(ctx, "organisation"))
        return ST_OK;
    json_t *ans = NULL;
    Status s = answers_of(ctx, id, &ans, e);
    if (s != ST_OK)
        return s;
    json_t *counts = selfcheck_counts(), *items = json_array();
    for (size_t i = 0; i < ctx->pack->n_selfcheck; i++) {
        const PackSelfCheckItem *it = &ctx->pack->selfcheck[i];
        if (!selfcheck_item_in_scope(it, "organisation"))
            continue;
        json_t *a = json_object_get(ans, it->id);
        const char *key = a ? json_string_value(json_object_get(a, "answer")) : "unanswered";
        selfcheck_bump(counts, key);
        if (!json_object_get(by_cat, it->category))
            json_object_set_new(by_cat, it->category, selfcheck_counts());
        selfcheck_bump(json_object_get(by_cat, it->category), key);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "item_id", it->id, "question", it->question,
                                               "article", it->article, "category", it->category, "answer", key, "note",
                                               a ? json_string_value(json_object_get(a, "note")) : ""));
    }
    json_decref(ans);
    json_object_set_new(counts, "may_answer", json_boolean(strcmp(state, "open") == 0));
    json_object_set_new(counts, "items", items);
    *out = counts;
    return ST_OK;
}

Status selfcheck_org_work(Ctx *ctx, json_t *out, Err *e)
{
    size_t items = selfcheck_scope_count(ctx, "organisation");
    if (!manager(ctx) || !items)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.title, (SELECT count(*) FROM selfcheck_org_answers a WHERE a.campaign_id = c.id)"
                          " FROM selfcheck_campaigns c WHERE c.state = 'open' ORDER BY c.id",
                          e);
    if (!st)
        return e->status;
    bool row = false;
    Status s;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        int64_t answered = stmt_int(st, 2);
        if ((size_t)answered >= items)
            continue;
        char title[700], link[96];
        snprintf(title, sizeof title, "自己点検「%s」: 組織全体の未回答の項目が %zu あります", stmt_text(st, 1),
                 items - (size_t)answered);
        snprintf(link, sizeof link, "/selfchecks/%lld/organisation", (long long)stmt_int(st, 0));
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "kind", "selfcheck_answer", "title", title, "link", link));
    }
    stmt_finalize(st);
    return s;
}
