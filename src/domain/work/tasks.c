/* tasks: computing the home page's open tasks (see tasks.h). */
#include "domain/work/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/committee/committee.h"
#include "domain/access/access.h"
#include "domain/assets/assets.h"
#include "domain/identity/identity.h"
#include "domain/incidents/incidents.h"
#include "domain/irplan/irplan.h"
#include "domain/policydocs/policydocs.h"
#include "domain/evaluation/evaluation.h"
#include "policy/capability.h"
#include "domain/requests/requests.h"
#include "domain/training/training.h"
#include "domain/roster/roster.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "domain/cloud/cloud.h"
#include "domain/vendors/vendors.h"
#include "domain/gate/gate.h"
#include "policy/pack.h"

static void add(json_t *items, const char *kind, const char *title, const char *title_en, const char *detail,
                const char *detail_en, const char *article, const char *link)
{
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", kind, "title", title,
                                           "title_en", title_en, "detail", detail, "detail_en", detail_en,
                                           "article", article, "link", link));
}

/* Unique organisation-wide roles nobody currently holds. */
static Status vacant_roles(Ctx *ctx, json_t *items, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*) FROM role_assignments_v WHERE role = ? AND valid_from <= ?"
                          " AND (valid_until IS NULL OR valid_until >= ?)",
                          e);
    if (!st)
        return e->status;
    for (size_t i = 0; i < ctx->pack->n_roles; i++) {
        const PackRole *r = &ctx->pack->roles[i];
        if (!r->unique || r->optional || r->scope != SCOPE_ORGANISATION)
            continue;
        stmt_reset(st);
        stmt_bind_text(st, 1, r->id);
        stmt_bind_text(st, 2, today);
        stmt_bind_text(st, 3, today);
        bool row = false;
        Status s = stmt_step_row(st, &row, e);
        if (s != ST_OK) { /* a warning that cannot be computed is an error, never "all is well" */
            stmt_finalize(st);
            return s;
        }
        if (row && stmt_int(st, 0) == 0) {
            char title[300], title_en[300];
            snprintf(title, sizeof title, "%s が空席です", r->label);
            snprintf(title_en, sizeof title_en, "Nobody holds the role %s", r->label);
            add(items, "role_vacant", title, title_en, "ポリシーが置くことを定めた役割です。担当者を割り当ててください。",
                "The policy requires this role; assign someone to it.", r->article, "/roles");
        }
    }
    stmt_finalize(st);
    return ST_OK;
}

/* Active sections with no current holder of the pack's section-scoped unique role(s). */
static Status sections_without_manager(Ctx *ctx, json_t *items, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    for (size_t i = 0; i < ctx->pack->n_roles; i++) {
        const PackRole *r = &ctx->pack->roles[i];
        if (r->scope != SCOPE_SECTION)
            continue;
        Stmt *st = db_prepare(ctx->db,
                              "SELECT count(*), min(u.name) FROM org_units_v u WHERE u.kind = 'section' AND u.active = 1"
                              " AND NOT EXISTS (SELECT 1 FROM role_assignments_v a WHERE a.role = ?"
                              "  AND a.scope_kind = 'unit' AND a.scope_id = u.id AND a.valid_from <= ?"
                              "  AND (a.valid_until IS NULL OR a.valid_until >= ?))",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, r->id);
        stmt_bind_text(st, 2, today);
        stmt_bind_text(st, 3, today);
        bool row = false;
        Status s = stmt_step_row(st, &row, e);
        if (s != ST_OK) {
            stmt_finalize(st);
            return s;
        }
        if (row && stmt_int(st, 0) > 0) {
            char title[300], title_en[300], detail[400], detail_en[400];
            snprintf(title, sizeof title, "%s が未設定の課室等が %lld あります", r->label,
                     (long long)stmt_int(st, 0));
            snprintf(title_en, sizeof title_en, "%lld section(s) without a %s", (long long)stmt_int(st, 0), r->label);
            snprintf(detail, sizeof detail, "例: %s。各課室等に置くことが定められています。", stmt_text(st, 1));
            snprintf(detail_en, sizeof detail_en, "For example %s. Every section must have one.", stmt_text(st, 1));
            add(items, "section_role_missing", title, title_en, detail, detail_en, r->article, "/roles");
        }
        stmt_finalize(st);
    }
    return ST_OK;
}

static Status locked_accounts(Ctx *ctx, json_t *items, Err *e)
{
    int64_t locked = 0;
    Status s = account_locked_count(ctx, &locked, e);
    if (s == ST_OK && locked > 0) {
        char title[200], title_en[200];
        snprintf(title, sizeof title, "ロック中のアカウントが %lld 件あります", (long long)locked);
        snprintf(title_en, sizeof title_en, "%lld account(s) locked", (long long)locked);
        add(items, "accounts_locked", title, title_en,
            "ログイン失敗が続いたためロックされています。本人確認のうえ解除するか、時間の経過を待ってください。",
            "Locked after repeated failed sign-ins. Unlock after checking with the person, or wait.",
            ctx->pack->accounts.article ? ctx->pack->accounts.article : "第87条", "/people");
    }
    return s;
}

/* 要判断 assets waiting for the actor's decision (第23条6(3)). */
static Status pending_assets(Ctx *ctx, json_t *items, Err *e)
{
    json_t *queue = NULL;
    Status s = asset_pending_queue(ctx, &queue, e);
    if (s != ST_OK)
        return s;
    size_t n = json_array_size(json_object_get(queue, "items"));
    json_decref(queue);
    if (n > 0) {
        char title[200], title_en[200];
        snprintf(title, sizeof title, "分類が要判断の情報資産が %zu 件あります", n);
        snprintf(title_en, sizeof title_en, "%zu asset(s) await a classification decision", n);
        add(items, "assets_pending", title, title_en,
            "判断されるまで最も厳しい区分として扱われます。機密性・完全性・可用性を決めてください。",
            "They are handled at the strictest level until decided.", "第23条6(3)", "/assets/pending");
    }
    return ST_OK;
}

/* Systems with software past its support end (第105条(7)), for those who oversee the registers. */
static Status unsupported_systems(Ctx *ctx, json_t *items, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    /* counted among the systems the actor may read (access.h), as the list it links to shows them */
    Reach reach;
    Status s = reach_load(ctx, &reach, e);
    if (s != ST_OK)
        return s;
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = reach_systems_where(&reach, "s", 2, params, &n);
    char *sql = xasprintf("SELECT count(DISTINCT c.system_id) FROM system_components_v c JOIN systems_v s ON s.id = c.system_id"
                          " WHERE s.active = 1 AND c.support_end IS NOT NULL AND c.support_end < ?1%s",
                          where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    free(where);
    if (!st) {
        reach_free(&reach);
        return e->status;
    }
    stmt_bind_text(st, 1, today);
    for (int i = 0; i < n; i++)
        stmt_bind_text(st, 2 + i, params[i]);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    if (row && stmt_int(st, 0) > 0) {
        char title[200], title_en[200];
        snprintf(title, sizeof title, "サポートが終了したソフトウェア等を使う情報システムが %lld あります",
                 (long long)stmt_int(st, 0));
        snprintf(title_en, sizeof title_en, "%lld system(s) use components past their support end",
                 (long long)stmt_int(st, 0));
        add(items, "systems_unsupported", title, title_en, "更新の計画を立て、情報システム台帳に記録してください。",
            "Plan their replacement and record it in the system register.", "第105条(7)", "/systems?flag=unsupported");
    }
    stmt_finalize(st);
    reach_free(&reach);
    return s;
}

/* The published 基本方針 / 対策基準 in force the actor has not acknowledged yet (第47条(2), 第48条). */
static Status unread_policy(Ctx *ctx, json_t *items, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    json_t *docs = NULL;
    Status s = policy_docs_unread_by(ctx, ctx->actor->person_id, &docs, e);
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
    {
        const char *doc_title = json_string_value(json_object_get(d, "title"));
        char title[300], title_en[300], link[64];
        snprintf(title, sizeof title, "「%s」を読んで、同意してください", doc_title);
        snprintf(title_en, sizeof title_en, "Read and acknowledge \"%s\"", doc_title);
        snprintf(link, sizeof link, "/policy/documents/%lld",
                 (long long)json_integer_value(json_object_get(d, "version_id")));
        add(items, "policy_unread", title, title_en, "施行中の情報セキュリティポリシーです。読んだら「読みました」を押してください。",
            "The security policy in force. Press \"I have read it\" when you have.", "第47条(2)", link);
    }
    json_decref(docs);
    return s;
}

/* Induction (第47条): people who started in the last INDUCTION_DAYS in a 課室 (or its 係) where the actor
 * holds the pack's section role (training.yaml section_role) and have not yet acknowledged the 対策基準
 * in force — the 管理者 instructs them and has them sign (第47条(1)(2)). The new person sees
 * policy_unread above from their first day. */
#define INDUCTION_DAYS 30
static Status induction_work(Ctx *ctx, json_t *items, Err *e)
{
    const char *role = ctx->pack->training.section_role;
    if (!ctx->actor->person_id || !role)
        return ST_OK;
    char today[11], since[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) - INDUCTION_DAYS, &y, &m, &d);
    snprintf(since, sizeof since, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.name, p.active_from FROM people_v p JOIN org_units_v u ON u.id = p.unit_id"
                          " WHERE p.active_from BETWEEN ?1 AND ?2 AND (p.active_until IS NULL OR p.active_until >= ?2)"
                          " AND EXISTS (SELECT 1 FROM role_assignments_v r WHERE r.person_id = ?3 AND r.role = ?4"
                          "  AND r.scope_kind = 'unit' AND r.scope_id IN (u.id, u.parent_id)"
                          "  AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2))"
                          " ORDER BY p.active_from, p.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, since);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    stmt_bind_text(st, 4, role);
    StepResult r = STEP_DONE;
    int shown = 0;
    Status s = ST_OK;
    while (shown < 50 && (r = stmt_step(st)) == STEP_ROW) {
        bool pending;
        if ((s = policy_standard_pending(ctx, stmt_int(st, 0), &pending, e)) != ST_OK)
            break;
        if (!pending)
            continue;
        shown++;
        char title[300], title_en[300], link[64];
        snprintf(title, sizeof title, "着任した職員への説明と同意: %s (%s 着任)", stmt_text(st, 1), stmt_text(st, 2));
        snprintf(title_en, sizeof title_en, "Induction of new staff: %s (from %s)", stmt_text(st, 1), stmt_text(st, 2));
        snprintf(link, sizeof link, "/people/%lld", (long long)stmt_int(st, 0));
        add(items, "induction", title, title_en,
            "情報セキュリティポリシーのうち守るべき内容を説明し、対策基準への同意を得てください。同意は本人がポリシーの画面で記録します。",
            "Explain what the security policy asks of them and have them acknowledge the standard in force (they record it on the policy page).",
            "第47条", link);
    }
    if (s == ST_OK && shown < 50 && r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* 申請・承認: requests waiting for the person's decision and overdue items, from the inbox. */
static Status request_work(Ctx *ctx, json_t *items, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    json_t *inbox = NULL;
    Status s = request_inbox(ctx, &inbox, e);
    if (s != ST_OK)
        return s;
    json_t *counts = json_object_get(inbox, "counts");
    json_int_t waiting = json_integer_value(json_object_get(counts, "waiting"));
    json_int_t overdue = json_integer_value(json_object_get(counts, "overdue"));
    char title[200], title_en[200];
    if (waiting) {
        snprintf(title, sizeof title, "あなたの判断を待っている申請が %lld 件あります", (long long)waiting);
        snprintf(title_en, sizeof title_en, "%lld request(s) wait for your decision", (long long)waiting);
        add(items, "requests_waiting", title, title_en, "申請者本人は承認できません。内容と対象を確認して判断してください。",
            "Requesters cannot approve their own requests; check and decide.", "第20条", "/requests");
    }
    if (overdue) {
        snprintf(title, sizeof title, "期限を過ぎた申請が %lld 件あります (返却・報告)", (long long)overdue);
        snprintf(title_en, sizeof title_en, "%lld request(s) are overdue (return or report)", (long long)overdue);
        add(items, "requests_overdue", title, title_en, "持ち出した物の返却、または緊急時の例外措置のCISOへの報告が遅れています。",
            "A take-out was not brought back, or an emergency exception was not reported to the CISO.", "第43条", "/requests");
    }
    json_decref(inbox);
    return ST_OK;
}

/* インシデント: reports the person was told of and has not opened (第54条); for the CSIRT, 統括 and
 * CISO, reports whose chain stalled. */
static Status incident_work(Ctx *ctx, json_t *items, Err *e)
{
    int64_t unseen = 0, stalled = 0;
    Status s = incident_work_counts(ctx, &unseen, &stalled, e);
    if (s != ST_OK)
        return s;
    char title[200], title_en[200];
    if (unseen) {
        snprintf(title, sizeof title, "まだ開いていないインシデントの報告が %lld 件あります", (long long)unseen);
        snprintf(title_en, sizeof title_en, "%lld incident report(s) you were told of are not opened yet", (long long)unseen);
        add(items, "incidents_unseen", title, title_en, "報告を受けた者は、内容を確認し、規程に従って次へ報告してください。",
            "Whoever is told checks the report and passes it on as the policy says.", "第54条", "/incidents/chain");
    }
    int64_t soon = 0, overdue = 0;
    if ((s = incident_reports_due(ctx, &soon, &overdue, e)) != ST_OK)
        return s;
    if (overdue) {
        snprintf(title, sizeof title, "期限を過ぎた外部への報告が %lld 件あります", (long long)overdue);
        snprintf(title_en, sizeof title_en, "%lld report(s) outside are overdue", (long long)overdue);
        add(items, "incident_reports_overdue", title, title_en, "個人情報保護委員会・総務省等への報告の期限が過ぎています。",
            "A report to the commission, the ministry or others is past its deadline.", "第54条", "/incidents/chain");
    }
    if (soon) {
        snprintf(title, sizeof title, "期限が近い外部への報告が %lld 件あります", (long long)soon);
        snprintf(title_en, sizeof title_en, "%lld report(s) outside are due soon", (long long)soon);
        add(items, "incident_reports_due", title, title_en, "報告先と期限はポリシーパックの定めによります。",
            "Recipients and deadlines are the policy pack's.", "第54条", "/incidents/chain");
    }
    if (stalled) {
        snprintf(title, sizeof title, "報告の経路が滞っているインシデントが %lld 件あります", (long long)stalled);
        snprintf(title_en, sizeof title_en, "%lld incident report(s) are stalled in the reporting chain", (long long)stalled);
        add(items, "incidents_stalled", title, title_en, "決められた時間内に誰も開いていない段階、または担当者のいない段階があります。",
            "A step was not opened in time, or nobody holds its role.", "第54条", "/incidents/chain");
    }
    return ST_OK;
}

/* 緊急時対応計画: its review is due (第128条) — for those who write and approve it. */
static Status irplan_work(Ctx *ctx, json_t *items, Err *e)
{
    int64_t due = 0;
    Status s = irplan_review_count(ctx, &due, e);
    if (s == ST_OK && due)
        add(items, "emergency_plan_review", "緊急時対応計画の見直しが必要です", "The emergency response plan needs a review",
            "見直し期限が来たか、組織・役割・インシデントの分類が承認の後に変わりました。理由は計画の画面にあります。",
            "Its review date has come, or the organisation, roles or categories changed after the approval.", "第128条",
            "/emergency-plan");
    return s;
}

/* The pack's periodic duties the person owns that need doing now (checks.yaml, docs/evaluation.md). */
static Status duty_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *due = NULL;
    Status s = duties_due_for_actor(ctx, &due, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *d;
    json_array_foreach(due, i, d)
    {
        const char *label = json_string_value(json_object_get(d, "label"));
        const char *state = json_string_value(json_object_get(d, "state"));
        const char *when = json_is_string(json_object_get(d, "due")) ? json_string_value(json_object_get(d, "due")) : "";
        char title[400], title_en[400], link[96];
        bool late = strcmp(state, "due_soon") != 0;
        snprintf(title, sizeof title, "%s: %s", late ? "期限を過ぎた定期的な義務" : "期限が近い定期的な義務", label);
        snprintf(title_en, sizeof title_en, "%s: %s", late ? "Periodic duty overdue" : "Periodic duty due soon", label);
        char detail[200], detail_en[200];
        if (*when) {
            snprintf(detail, sizeof detail, "期限は %s です。実施したら、その内容を記録してください。", when);
            snprintf(detail_en, sizeof detail_en, "Due %s. Record what was done once it is.", when);
        } else {
            snprintf(detail, sizeof detail, "実施の記録がありません。実施したら、その内容を記録してください。");
            snprintf(detail_en, sizeof detail_en, "Nothing has been recorded yet. Record what was done once it is.");
        }
        snprintf(link, sizeof link, "/duties/%s", json_string_value(json_object_get(d, "id")));
        add(items, late ? "duty_overdue" : "duty_due_soon", title, title_en, detail, detail_en,
            json_string_value(json_object_get(d, "article")), link);
    }
    json_decref(due);
    return ST_OK;
}

/* 緊急時対応訓練 (第52条): the open findings of drills the person owns. */
static Status drill_work(Ctx *ctx, json_t *items, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    json_t *work = NULL;
    Status s = training_findings_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool late = json_is_true(json_object_get(w, "overdue"));
        const char *drill = json_string_value(json_object_get(w, "drill_title"));
        const char *due = json_string_value(json_object_get(w, "due_on"));
        char title[400], title_en[400], detail[200], detail_en[200], link[64];
        snprintf(title, sizeof title, "%s: %s", late ? "期限を過ぎた訓練の課題" : "訓練の課題", drill);
        snprintf(title_en, sizeof title_en, "%s: %s", late ? "Drill finding overdue" : "Drill finding", drill);
        snprintf(detail, sizeof detail, "期限は %s です。対応したら、結果を記録してください。", due);
        snprintf(detail_en, sizeof detail_en, "Due %s. Record the result once it is dealt with.", due);
        snprintf(link, sizeof link, "/training/drills/%lld", (long long)json_integer_value(json_object_get(w, "drill_id")));
        add(items, late ? "drill_finding_overdue" : "drill_finding", title, title_en, detail, detail_en, "第52条", link);
    }
    json_decref(work);
    return ST_OK;
}

/* 情報セキュリティ委員会 (第19条): the committee's instructions the person carries out. */
static Status committee_work(Ctx *ctx, json_t *items, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    json_t *work = NULL;
    Status s = committee_work_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool late = json_is_true(json_object_get(w, "overdue"));
        char title[600], title_en[600], detail[300], detail_en[200], link[64];
        snprintf(title, sizeof title, "%s: %s", late ? "期限を過ぎた委員会の指示" : "委員会の指示",
                 json_string_value(json_object_get(w, "meeting_title")));
        snprintf(title_en, sizeof title_en, "%s: %s", late ? "Committee instruction overdue" : "Committee instruction",
                 json_string_value(json_object_get(w, "meeting_title")));
        snprintf(detail, sizeof detail, "期限は %s です。対応したら、結果を記録してください。",
                 json_string_value(json_object_get(w, "due_on")));
        snprintf(detail_en, sizeof detail_en, "Due %s. Record the result once it is done.",
                 json_string_value(json_object_get(w, "due_on")));
        snprintf(link, sizeof link, "/committee/meetings/%lld", (long long)json_integer_value(json_object_get(w, "meeting_id")));
        add(items, late ? "committee_instruction_overdue" : "committee_instruction", title, title_en, detail, detail_en,
            "第19条3", link);
    }
    json_decref(work);
    return ST_OK;
}

/* 自己点検 (第162条): open campaigns with unanswered items of a 課室 the person manages. */
static Status selfcheck_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *work = NULL;
    Status s = selfcheck_work_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(work, i, w)
        add(items, "selfcheck_answer", json_string_value(json_object_get(w, "title")),
            "Answer the self-check items of your section", "データから求めた回答を確認し、残りの項目に回答してください。",
            "Confirm the answers lgsec found in the data and answer the rest.", "第162条2",
            json_string_value(json_object_get(w, "link")));
    json_decref(work);
    return ST_OK;
}

/* 監査 (第160条): findings of an audit of the person's 課室 waiting for an improvement plan. */
static Status audit_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *work = NULL;
    Status s = audit_work_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(work, i, w)
    {
        if (json_is_string(json_object_get(w, "kind"))) /* audit_evidence: material the auditors asked for */
            add(items, "audit_evidence", json_string_value(json_object_get(w, "title")), "Send the material the auditors asked for",
                "被監査部門として、監査人が依頼した資料を期限までに提出してください (監査の画面からファイルで)。",
                "As the audited section, send the requested material by its due date (as files, on the audit's page).",
                "第156条", json_string_value(json_object_get(w, "link")));
        else
            add(items, "audit_plan", json_string_value(json_object_get(w, "title")), "Write the improvement plan for the audit findings",
                "被監査部門として、指摘事項・改善提案ごとに改善計画と期限を登録してください。",
                "As the audited section, record a plan and a due date for each finding.", "第160条",
                json_string_value(json_object_get(w, "link")));
    }
    json_decref(work);
    return ST_OK;
}

/* アクセス権の見直し (第83条(3)): IDs of the person's systems still to certify in an open campaign. */
static Status review_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *work = NULL;
    Status s = access_review_work_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(work, i, w)
    {
        char detail[200], detail_en[200];
        long long n = (long long)json_integer_value(json_object_get(w, "count"));
        snprintf(detail, sizeof detail, "まだ確認していないIDが %lld 件あります。IDごとに継続・変更・削除と理由を記録してください。", n);
        snprintf(detail_en, sizeof detail_en, "%lld IDs are not certified yet: keep, change or remove each, with a reason.", n);
        add(items, "access_review", json_string_value(json_object_get(w, "title")),
            json_string_value(json_object_get(w, "title_en")), detail, detail_en, "第83条(3)",
            json_string_value(json_object_get(w, "link")));
    }
    json_decref(work);
    return ST_OK;
}

/* 人事異動 (issue 15): the return checklist and the 第84条6 password changes the actor must do. */
static Status roster_work(Ctx *ctx, json_t *items, Err *e)
{
    int64_t n = 0;
    Status s = roster_open_task_count(ctx, &n, e);
    if (s != ST_OK || n == 0)
        return s;
    char detail[200], detail_en[200];
    snprintf(detail, sizeof detail, "返却の確認・特権IDのパスワード変更など %lld 件の作業があります。済んだら内容を記録してください。",
             (long long)n);
    snprintf(detail_en, sizeof detail_en, "%lld tasks (returns, privileged passwords): record each when done.", (long long)n);
    add(items, "roster_tasks", "人事異動に伴う作業があります", "Tasks after staff changes", detail, detail_en, "第46条",
        "/roster");
    return ST_OK;
}

/* 委託 (第138条・第137条): the periodic checks due on the contracts the person is responsible for, and —
 * for the 統括 (vendors.manage with evaluation.manage) — the vendors whose ISMS or プライバシーマーク
 * has expired or expires soon. */
static Status vendor_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *work = NULL;
    Status s = vendors_checks_due_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool late = json_is_true(json_object_get(w, "overdue"));
        const char *title0 = json_string_value(json_object_get(w, "title"));
        const char *due = json_string_value(json_object_get(w, "due_on"));
        char title[500], title_en[500], detail[300], detail_en[300], link[64];
        snprintf(title, sizeof title, "%s: %s", late ? "期限を過ぎた委託先の定期的な確認" : "委託先の定期的な確認", title0);
        snprintf(title_en, sizeof title_en, "%s: %s", late ? "Contractor check overdue" : "Contractor check due", title0);
        snprintf(detail, sizeof detail, "%s の履行状況の確認の期限は %s です。確認した事項と結果を記録してください。",
                 json_string_value(json_object_get(w, "vendor_name")), due);
        snprintf(detail_en, sizeof detail_en, "The check of %s is due %s. Record what was checked and the result.",
                 json_string_value(json_object_get(w, "vendor_name")), due);
        snprintf(link, sizeof link, "/vendors/contracts/%lld", (long long)json_integer_value(json_object_get(w, "contract_id")));
        add(items, late ? "vendor_check_overdue" : "vendor_check", title, title_en, detail, detail_en,
            json_string_value(json_object_get(w, "article")), link);
    }
    json_decref(work);
    uint64_t both = CAP_VENDORS_MANAGE | CAP_EVALUATION_MANAGE;
    if ((ctx->actor->caps & both) != both)
        return ST_OK;
    if ((s = vendors_certificate_alerts(ctx, &work, e)) != ST_OK)
        return s;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool expired = strcmp(json_string_value(json_object_get(w, "state")), "expired") == 0;
        bool isms = strcmp(json_string_value(json_object_get(w, "certificate")), "isms") == 0;
        const char *name = json_string_value(json_object_get(w, "name"));
        char title[400], title_en[400], detail[200], detail_en[200], link[64];
        snprintf(title, sizeof title, "%sの%s: %s", isms ? "ISMS認証" : "プライバシーマーク", expired ? "期限切れ" : "期限間近", name);
        snprintf(title_en, sizeof title_en, "%s %s: %s", isms ? "ISMS certificate" : "PrivacyMark", expired ? "expired" : "expiring", name);
        snprintf(detail, sizeof detail, "有効期限は %s です。更新を確認してください。", json_string_value(json_object_get(w, "expires_on")));
        snprintf(detail_en, sizeof detail_en, "It expires on %s. Check the renewal.", json_string_value(json_object_get(w, "expires_on")));
        snprintf(link, sizeof link, "/vendors/%lld", (long long)json_integer_value(json_object_get(w, "vendor_id")));
        add(items, expired ? "vendor_certificate_expired" : "vendor_certificate_expiring", title, title_en, detail, detail_en,
            ctx->pack->vendors.article, link);
    }
    json_decref(work);
    return ST_OK;
}

/* クラウド・外部サービス: the reviews due on the services the person manages (第150条5; the first at
 * once, 第149条4), and — for the 統括 (cloud.manage with evaluation.manage) — the services whose ISMAP /
 * ISMAP-LIU registration has lapsed or lapses soon (第146条9). */
static Status cloud_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *work = NULL;
    Status s = cloud_reviews_due_for_actor(ctx, &work, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool late = json_is_true(json_object_get(w, "overdue"));
        bool first = json_is_true(json_object_get(w, "first"));
        const char *name = json_string_value(json_object_get(w, "name"));
        const char *due = json_string_value(json_object_get(w, "due_on"));
        char title[500], title_en[500], detail[300], detail_en[300], link[64];
        snprintf(title, sizeof title, "%s: %s", late ? "期限を過ぎたクラウドサービスの定期確認" : "クラウドサービスの定期確認", name);
        snprintf(title_en, sizeof title_en, "%s: %s", late ? "Cloud service review overdue" : "Cloud service review due", name);
        snprintf(detail, sizeof detail, "%s期限は %s です。確認した事項と結果を記録してください。",
                 first ? "利用開始時の確認 (第149条4) の" : "定期的な確認の", due);
        snprintf(detail_en, sizeof detail_en, "The %s is due %s. Record what was checked and the result.",
                 first ? "first check" : "periodic review", due);
        snprintf(link, sizeof link, "/cloud/%lld", (long long)json_integer_value(json_object_get(w, "service_id")));
        add(items, late ? "cloud_review_overdue" : "cloud_review", title, title_en, detail, detail_en,
            json_string_value(json_object_get(w, "article")), link);
    }
    json_decref(work);
    uint64_t both = CAP_CLOUD_MANAGE | CAP_EVALUATION_MANAGE;
    if ((ctx->actor->caps & both) != both)
        return ST_OK;
    /* 第148条3 (第143条6 for an outsourced service): an approved request is recorded as an approved
     * service with its manager, whose role follows the approval (クラウドサービス管理者 or
     * 業務委託サービス管理者); the kind of service is the role's label without 「管理者」 */
    if ((s = cloud_candidates(ctx, &work, e)) != ST_OK)
        return s;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        const char *name = json_string_value(json_object_get(w, "name"));
        json_t *a = json_object_get(w, "approval");
        const char *role = json_string_value(json_object_get(a, "manager_role_label"));
        const char *article = json_string_value(json_object_get(a, "manager_role_article"));
        static const char suffix[] = "管理者";
        size_t n = role ? strlen(role) : 0, k = sizeof suffix - 1;
        int kind_len = n > k && strcmp(role + n - k, suffix) == 0 ? (int)(n - k) : 0;
        char title[400], title_en[400], detail[400];
        snprintf(title, sizeof title, "承認済み%.*sの台帳登録: %s", kind_len ? kind_len : (int)strlen("クラウドサービス"),
                 kind_len ? role : "クラウドサービス", name ? name : "");
        snprintf(title_en, sizeof title_en, "Register the approved service: %s", name ? name : "");
        snprintf(detail, sizeof detail, "承認された利用申請です。台帳に登録し、%sを指名してください。",
                 role ? role : "クラウドサービス管理者");
        add(items, "cloud_register", title, title_en, detail, "The request was approved. Register the service and appoint its manager.",
            article ? article : ctx->pack->cloud.article, "/cloud");
    }
    json_decref(work);
    if ((s = cloud_ismap_alerts(ctx, &work, e)) != ST_OK)
        return s;
    json_array_foreach(json_object_get(work, "items"), i, w)
    {
        bool expired = strcmp(json_string_value(json_object_get(w, "state")), "expired") == 0;
        bool liu = strcmp(json_string_value(json_object_get(w, "ismap_kind")), "ismap_liu") == 0;
        const char *name = json_string_value(json_object_get(w, "name"));
        char title[400], title_en[400], detail[200], detail_en[200], link[64];
        snprintf(title, sizeof title, "%sの登録の%s: %s", liu ? "ISMAP-LIU" : "ISMAP", expired ? "失効" : "失効間近", name);
        snprintf(title_en, sizeof title_en, "%s registration %s: %s", liu ? "ISMAP-LIU" : "ISMAP", expired ? "lapsed" : "lapsing", name);
        snprintf(detail, sizeof detail, "登録の有効期限は %s です。更新と利用の継続を確認してください。",
                 json_string_value(json_object_get(w, "expires_on")));
        snprintf(detail_en, sizeof detail_en, "The registration expires on %s. Check its renewal and whether to keep using it.",
                 json_string_value(json_object_get(w, "expires_on")));
        snprintf(link, sizeof link, "/cloud/%lld", (long long)json_integer_value(json_object_get(w, "service_id")));
        add(items, expired ? "cloud_ismap_expired" : "cloud_ismap_expiring", title, title_en, detail, detail_en,
            ctx->pack->cloud.ismap_article, link);
    }
    json_decref(work);
    return ST_OK;
}

/* The register entry the pack names as the 無害化 gate (gate.system_code): *id and its name when it is
 * in use and has at least one 情報システム管理者 today (*id 0 otherwise), and whether the actor is one. */
static Status gate_system(Ctx *ctx, int64_t *id, char name[201], bool *mine, Err *e)
{
    *id = 0;
    *mine = false;
    name[0] = 0;
    const char *code = ctx->pack ? ctx->pack->gate.system_code : NULL;
    if (!code)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT s.id, s.name, coalesce(max(r.person_id = ?2), 0) FROM systems_v s"
                          " JOIN role_assignments_v r ON r.role = 'system_manager' AND r.scope_kind = 'system'"
                          "  AND r.scope_id = s.id AND r.valid_from <= ?3 AND (r.valid_until IS NULL OR r.valid_until >= ?3)"
                          " WHERE s.code = ?1 AND s.active = 1 GROUP BY s.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, code);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    stmt_bind_text(st, 3, today);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        *id = stmt_int(st, 0);
        snprintf(name, 201, "%s", stmt_text(st, 1));
        *mine = stmt_int(st, 2) == 1;
    }
    stmt_finalize(st);
    return s;
}

/* 第105条(5), 第106条(2): the 無害化 gate's signature database older than the pack's limit (or
 * missing), only when a database is configured on this server. The task goes to the
 * 情報システム管理者 of the register entry the pack names as the gate (gate.system_code), who keeps
 * that system's software up to date; when none is named (or it has no 管理者 today) to gate.read —
 * the 統括情報セキュリティ責任者, whose gateway check it is, and the others who watch the gate
 * (docs/sanitize.md). */
static Status gate_work(Ctx *ctx, json_t *items, Err *e)
{
    json_t *sig = gate_signature_status(ctx);
    if (!json_is_true(json_object_get(sig, "configured")) || !json_is_true(json_object_get(sig, "stale"))) {
        json_decref(sig);
        return ST_OK;
    }
    int64_t system_id = 0;
    char name[201], link[64] = "/gate";
    bool mine = false;
    Status s = gate_system(ctx, &system_id, name, &mine, e);
    bool show = s == ST_OK && (system_id ? mine : (ctx->actor->caps & CAP_GATE_READ) != 0);
    if (show) {
        char detail[600], detail_en[600], where[260] = "", where_en[260] = "";
        const json_t *age = json_object_get(sig, "age_days");
        int max = (int)json_integer_value(json_object_get(sig, "max_age_days"));
        if (system_id) {
            snprintf(where, sizeof where, "(%s) ", name);
            snprintf(where_en, sizeof where_en, "(%s) ", name);
            snprintf(link, sizeof link, "/systems/%lld", (long long)system_id);
        }
        if (json_is_integer(age)) {
            snprintf(detail, sizeof detail, "無害化ゲート%sのウイルス定義が %lld 日前のものです (上限 %d 日)。ミラーからの更新を確認してください。",
                     where, (long long)json_integer_value(age), max);
            snprintf(detail_en, sizeof detail_en, "The mail gate's %ssignatures are %lld days old (limit %d). Check the updates from the mirror.",
                     where_en, (long long)json_integer_value(age), max);
        } else {
            snprintf(detail, sizeof detail, "無害化ゲート%sのウイルス定義データベースを読めません。", where);
            snprintf(detail_en, sizeof detail_en, "The mail gate's %ssignature database cannot be read.", where_en);
        }
        add(items, "gate_signatures_stale", "無害化ゲートのウイルス定義が古くなっています",
            "The mail gate's malware signatures are stale", detail, detail_en, system_id ? "第106条(2)" : "第105条(5)",
            link);
    }
    json_decref(sig);
    return s;
}

Status tasks_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    json_t *items = json_array();
    uint64_t caps = ctx->actor->caps;
    Status s = ST_OK;
    if (caps & CAP_ROLES_MANAGE) {
        s = vacant_roles(ctx, items, e);
        if (s == ST_OK)
            s = sections_without_manager(ctx, items, e);
    }
    if (s == ST_OK && (caps & CAP_PEOPLE_MANAGE))
        s = locked_accounts(ctx, items, e);
    if (s == ST_OK)
        s = pending_assets(ctx, items, e);
    if (s == ST_OK && (caps & CAP_ROLES_MANAGE))
        s = unsupported_systems(ctx, items, e);
    if (s == ST_OK)
        s = unread_policy(ctx, items, e);
    if (s == ST_OK)
        s = induction_work(ctx, items, e);
    if (s == ST_OK)
        s = request_work(ctx, items, e);
    if (s == ST_OK)
        s = incident_work(ctx, items, e);
    if (s == ST_OK)
        s = irplan_work(ctx, items, e);
    if (s == ST_OK)
        s = duty_work(ctx, items, e);
    if (s == ST_OK)
        s = selfcheck_work(ctx, items, e);
    if (s == ST_OK)
        s = audit_work(ctx, items, e);
    if (s == ST_OK)
        s = drill_work(ctx, items, e);
    if (s == ST_OK)
        s = committee_work(ctx, items, e);
    if (s == ST_OK && (caps & CAP_ACCOUNTS_REVIEW))
        s = review_work(ctx, items, e);
    if (s == ST_OK)
        s = roster_work(ctx, items, e);
    if (s == ST_OK)
        s = vendor_work(ctx, items, e);
    if (s == ST_OK)
        s = cloud_work(ctx, items, e);
    if (s == ST_OK)
        s = gate_work(ctx, items, e);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    bool manager = caps & (CAP_ROLES_MANAGE | CAP_PEOPLE_MANAGE);
    bool empty = json_array_size(items) == 0;
    const char *why = !empty ? ""
                      : manager ? "現在、対応が必要な作業はありません。役割の空席や情報セキュリティ管理者のいない課室等、ロック中のアカウント、要判断の情報資産、サポート終了の情報システムが生じるとここに表示されます。"
                                : "現在、あなたに割り当てられた作業はありません。対応が必要な作業が生じるとここに表示されます。";
    const char *why_en = !empty ? ""
                         : manager ? "Nothing needs your attention. Vacant roles, sections without a security manager and locked accounts appear here."
                                   : "No tasks are assigned to you. Work that needs you will appear here.";
    *out = json_pack("{s:o, s:s, s:s}", "items", items, "explanation", why, "explanation_en", why_en);
    return ST_OK;
}
