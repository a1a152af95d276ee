/* selfcheck_report: the 自己点検の結果の報告 (第163条: the 統括情報セキュリティ責任者 reports the results
 * to the CISO, who puts them before the 情報セキュリティ委員会) worded from one campaign — its outline,
 * the results per 第16条の3 category, 課室 and system (selfcheck_get), the items answered いいえ or 一部
 * with who answered so and why, and the improvement actions with their owners, due dates and state
 * (第164条) — and drawn by src/report (sections_pdf) with 和暦 dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/evaluation/report_lines.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/evaluation/selfcheck_internal.h"
#include "policy/capability.h"
#include "report/sections.h"

#define SECTIONS 6

static long long num(const json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }

/* 「はい 3・一部 1・いいえ 0・該当なし 0・未回答 2」 of a counts object. */
static void counts_text(const json_t *c, char out[static 160])
{
    snprintf(out, 160, "はい %lld・一部 %lld・いいえ %lld・該当なし %lld・未回答 %lld", num(c, "yes"), num(c, "partly"),
             num(c, "no"), num(c, "na"), num(c, "unanswered"));
}

static const PackSelfCheckItem *item_of(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; i < ctx->pack->n_selfcheck; i++)
        if (strcmp(ctx->pack->selfcheck[i].id, id) == 0)
            return &ctx->pack->selfcheck[i];
    return NULL;
}

static void outline(const json_t *c, Lines *l)
{
    int fy = (int)num(c, "fiscal_year");
    char opened[48], closed[48];
    lines_wareki(lines_str(c, "opened_at"), opened);
    lines_add(l, "名称: %s", lines_str(c, "title"));
    lines_add(l, "年度: 令和%d年度 (%d年度)", fy - 2018, fy);
    if (json_is_string(json_object_get(c, "closed_at"))) {
        lines_wareki(lines_str(c, "closed_at"), closed);
        lines_add(l, "実施期間: %s から %s (締切済み)", opened, closed);
    } else
        lines_add(l, "実施期間: %s から (実施中。この報告はその時点の回答です)", opened);
    lines_add(l, "対象: 課室 %zu (各 %lld 項目)、情報システム %zu (各 %lld 項目)", json_array_size(json_object_get(c, "units")),
        num(c, "items_per_unit"), json_array_size(json_object_get(c, "systems")), num(c, "items_per_system"));
    if (json_is_object(json_object_get(c, "organisation")))
        lines_add(l, "組織全体の項目: %lld 項目 (統括情報セキュリティ責任者が回答)", num(c, "items_organisation"));
    lines_add(l, "回答: 課室は情報セキュリティ管理者、情報システムは情報システム管理者が回答しました (第162条)。"
           "lgsec の台帳から分かる項目は、データから求めた回答を確認又は理由を添えて修正したものです。");
}

static void results(const json_t *c, const char *key, const char *name_key, Lines *l)
{
    size_t i;
    json_t *r;
    char text[160];
    json_array_foreach(json_object_get(c, key), i, r)
    {
        counts_text(r, text);
        if (strcmp(key, "systems") == 0)
            lines_add(l, "%s %s: %s", lines_str(r, "code"), lines_str(r, name_key), text);
        else
            lines_add(l, "%s: %s", lines_str(r, name_key), text);
    }
}

/* The answers いいえ and 一部 of the campaign, 課室 and systems, with the note given. */
static Status gaps(Ctx *ctx, int64_t id, Lines *l, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT u.name, a.item_id, a.answer, a.note FROM selfcheck_answers a"
                          " JOIN selfcheck_targets t ON t.id = a.target_id JOIN org_units_v u ON u.id = t.unit_id"
                          " WHERE t.campaign_id = ?1 AND a.answer IN ('no', 'partly')"
                          " UNION ALL SELECT s.code || ' ' || s.name, a.item_id, a.answer, a.note FROM selfcheck_system_answers a"
                          " JOIN selfcheck_system_targets t ON t.id = a.target_id JOIN systems_v s ON s.id = t.system_id"
                          " WHERE t.campaign_id = ?1 AND a.answer IN ('no', 'partly')"
                          " UNION ALL SELECT '組織全体', a.item_id, a.answer, a.note FROM selfcheck_org_answers a"
                          " WHERE a.campaign_id = ?1 AND a.answer IN ('no', 'partly') ORDER BY 2, 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const PackSelfCheckItem *it = item_of(ctx, stmt_text(st, 1));
        const char *note = stmt_text(st, 3);
        lines_add(l, "［%s］%s (%s、%s)\n%s: %s%s", strcmp(stmt_text(st, 2), "no") == 0 ? "いいえ" : "一部",
            it ? it->question : stmt_text(st, 1), it ? it->article : "", it ? it->category : "", stmt_text(st, 0),
            *note ? "理由・補足: " : "補足なし", note);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* The improvement actions (第164条) of the campaign's 課室 and systems. */
static Status actions(Ctx *ctx, int64_t id, Lines *l, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT coalesce(u.name, s.code || ' ' || s.name), x.item_id, x.description, p.name, x.due_on,"
                          " x.state, x.result, x.done_on FROM selfcheck_actions x"
                          " LEFT JOIN selfcheck_targets t ON t.id = x.target_id LEFT JOIN org_units_v u ON u.id = t.unit_id"
                          " LEFT JOIN selfcheck_system_targets st ON st.id = x.system_target_id"
                          " LEFT JOIN systems_v s ON s.id = st.system_id JOIN people_v p ON p.id = x.owner_person_id"
                          " WHERE coalesce(t.campaign_id, st.campaign_id) = ?1 ORDER BY x.due_on, x.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const PackSelfCheckItem *it = item_of(ctx, stmt_text(st, 1));
        char due[48], done[48];
        lines_wareki(stmt_text(st, 4), due);
        if (strcmp(stmt_text(st, 5), "done") == 0) {
            lines_wareki(stmt_text(st, 7), done);
            lines_add(l, "%s: %s (項目: %s %s)\n担当 %s、期限 %s — 完了 %s: %s", stmt_text(st, 0), stmt_text(st, 2),
                it ? it->article : "", it ? it->question : stmt_text(st, 1), stmt_text(st, 3), due, done, stmt_text(st, 6));
        } else
            lines_add(l, "%s: %s (項目: %s %s)\n担当 %s、期限 %s — 未完了", stmt_text(st, 0), stmt_text(st, 2), it ? it->article : "",
                it ? it->question : stmt_text(st, 1), stmt_text(st, 3), due);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status selfcheck_report_pdf(Ctx *ctx, int64_t id, unsigned char **pdf, size_t *len, Err *e)
{
    *pdf = NULL;
    *len = 0;
    if (!(ctx->actor->caps & CAP_EVALUATION_MANAGE))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL,
                       "自己点検の結果を報告するのは統括情報セキュリティ責任者です (第163条)",
                       "only the chief security officer reports the self-check results (art. 163)");
    json_t *c = NULL;
    Status s = selfcheck_get(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    Lines l[SECTIONS] = {0};
    outline(c, &l[0]);
    results(c, "by_category", "category", &l[1]);
    const json_t *org = json_object_get(c, "organisation");
    if (json_is_object(org)) {
        char text[160];
        counts_text(org, text);
        lines_add(&l[2], "組織全体: %s", text);
    }
    results(c, "units", "name", &l[2]);
    results(c, "systems", "name", &l[3]);
    s = gaps(ctx, id, &l[4], e);
    if (s == ST_OK)
        s = actions(ctx, id, &l[5], e);
    if (s == ST_OK) {
        static const char *const headings[SECTIONS] = {
            "1. 自己点検の概要 (第162条)", "2. 第16条の3 の区分ごとの結果", "3. 組織全体・課室ごとの結果", "4. 情報システムごとの結果",
            "5. 「いいえ」「一部」と回答した項目", "6. 改善策とその状況 (第164条)"};
        ReportSection secs[SECTIONS];
        for (int i = 0; i < SECTIONS; i++)
            secs[i] = (ReportSection){headings[i], (const char *const *)l[i].v, l[i].n};
        char today[11], date[48], subtitle[300];
        date_today(ctx->clock, today);
        lines_wareki(today, date);
        snprintf(subtitle, sizeof subtitle, "最高情報セキュリティ責任者 (CISO) 御中\n%s　統括情報セキュリティ責任者", date);
        s = sections_pdf("自己点検の結果の報告", subtitle, secs, SECTIONS, pdf, len, e);
    }
    lines_free(l, SECTIONS);
    json_decref(c);
    return s;
}
