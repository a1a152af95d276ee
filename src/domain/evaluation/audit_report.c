/* audit_report: the 監査報告書 (第158条: the 監査統括責任者 reports the results to the 情報セキュリティ
 * 委員会, whose head is the CISO) worded from one audit — the outline and the plan's approval, the
 * items, the findings by severity, the improvement plans and their status (第160条) and the evidence
 * kept with its SHA-256 (第159条) — and drawn by src/report (sections_pdf) with 和暦 dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/evaluation/report_lines.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/audit_internal.h"
#include "report/sections.h"

#define SECTIONS 6

static const char *kind_label(const char *k)
{
    return strcmp(k, "finding") == 0 ? "指摘事項" : strcmp(k, "suggestion") == 0 ? "改善提案" : "良好事例";
}

static const char *state_label(const char *s)
{
    return strcmp(s, "open") == 0 ? "改善計画待ち" : strcmp(s, "planned") == 0 ? "改善中" : "完了";
}

static void outline(const json_t *a, Lines *l)
{
    int fy = (int)json_integer_value(json_object_get(a, "fiscal_year"));
    lines_add(l, "監査の名称: %s", lines_str(a, "title"));
    lines_add(l, "年度: 令和%d年度 (%d年度)", fy - 2018, fy);
    if (*lines_str(a, "contractor"))
        lines_add(l, "被監査部門: 委託事業者 %s (委託契約: %s、所管課室: %s) (第157条)", lines_str(a, "contractor"), lines_str(a, "contract_ref"),
            lines_str(a, "unit_name"));
    const json_t *v = json_object_get(a, "vendor"), *c = json_object_get(a, "contract");
    if (v && c) { /* from the vendors register as it is now: the term and the 法人番号 */
        char from[48], to[48];
        lines_wareki(lines_str(c, "starts_on"), from);
        lines_wareki(lines_str(c, "ends_on"), to);
        lines_add(l, "委託事業者台帳: %s (法人番号 %s)、委託契約「%s」 契約期間 %s〜%s", lines_str(v, "name"),
            *lines_str(v, "corporate_number") ? lines_str(v, "corporate_number") : "登録なし", lines_str(c, "title"), from, to);
    }
    if (!*lines_str(a, "contractor"))
        lines_add(l, "被監査部門: %s", lines_str(a, "unit_name"));
    if (*lines_str(a, "scope"))
        lines_add(l, "監査の範囲: %s", lines_str(a, "scope"));
    const char *ap = lines_str(a, "approval");
    lines_add(l, "監査実施計画: %s (第156条、申請番号 %lld)",
        strcmp(ap, "approved") == 0 ? "情報セキュリティ委員会の承認済み" : "情報セキュリティ委員会の承認なし",
        (long long)json_integer_value(json_object_get(a, "approval_request_id")));
    char names[2000] = "";
    size_t i, used = 0;
    json_t *p;
    json_array_foreach(json_object_get(a, "auditors"), i, p)
    {
        int n = snprintf(names + used, sizeof names - used, "%s%s", i ? "、" : "", lines_str(p, "name"));
        if (n < 0 || (size_t)n >= sizeof names - used) {
            names[used] = '\0'; /* never half a character */
            break;
        }
        used += (size_t)n;
    }
    lines_add(l, "監査人 (被監査部門から独立した者、第155条): %s", *names ? names : "なし");
}

static void items_section(const json_t *a, Lines *l)
{
    size_t i, k;
    json_t *it, *art;
    json_array_foreach(json_object_get(a, "items"), i, it)
    {
        char arts[400] = "";
        size_t used = 0;
        json_array_foreach(json_object_get(it, "articles"), k, art)
        {
            int n = snprintf(arts + used, sizeof arts - used, "%s%s", k ? "、" : "", json_string_value(art));
            if (n < 0 || (size_t)n >= sizeof arts - used) {
                arts[used] = '\0'; /* never half a character */
                break;
            }
            used += (size_t)n;
        }
        lines_add(l, "%s %s [%s] (%s)", lines_str(it, "id"), lines_str(it, "item"), lines_str(it, "category"), arts);
    }
}

static void findings_section(const json_t *a, Lines *l)
{
    static const char *const order[] = {"high", "medium", "low", NULL};
    static const char *const labels[] = {"高", "中", "低"};
    size_t counts[4] = {0};
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(a, "findings"), i, f)
    {
        const char *sev = lines_str(f, "severity");
        int at = 3;
        for (int s = 0; order[s]; s++)
            if (strcmp(sev, order[s]) == 0)
                at = s;
        counts[at]++;
    }
    lines_add(l, "重要度 高 %zu 件・中 %zu 件・低 %zu 件、良好事例 %zu 件", counts[0], counts[1], counts[2], counts[3]);
    for (int s = 0; s <= 3; s++)
        json_array_foreach(json_object_get(a, "findings"), i, f)
        {
            const char *sev = lines_str(f, "severity");
            bool here = s < 3 ? strcmp(sev, order[s]) == 0 : !*sev;
            if (!here)
                continue;
            char item[80] = "";
            if (*lines_str(f, "item_id"))
                snprintf(item, sizeof item, " (監査項目 %s)", lines_str(f, "item_id"));
            if (s < 3)
                lines_add(l, "［%s・重要度 %s］%s%s\n%s", kind_label(lines_str(f, "kind")), labels[s], lines_str(f, "title"), item, lines_str(f, "detail"));
            else
                lines_add(l, "［良好事例］%s%s\n%s", lines_str(f, "title"), item, lines_str(f, "detail"));
        }
}

static void plans_section(const json_t *a, Lines *l)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(a, "findings"), i, f)
    {
        if (strcmp(lines_str(f, "kind"), "good_practice") == 0)
            continue;
        char due[48] = "", closed[48] = "";
        lines_wareki(lines_str(f, "plan_due"), due);
        lines_wareki(lines_str(f, "closed_at"), closed);
        if (strcmp(lines_str(f, "state"), "open") == 0)
            lines_add(l, "%s: 改善計画はまだありません (状況: %s)", lines_str(f, "title"), state_label("open"));
        else if (strcmp(lines_str(f, "state"), "planned") == 0)
            lines_add(l, "%s: 改善計画「%s」 期限 %s (状況: %s)", lines_str(f, "title"), lines_str(f, "plan"), due, state_label("planned"));
        else
            lines_add(l, "%s: 改善計画「%s」 期限 %s (状況: 完了 %s、フォローアップ: %s)", lines_str(f, "title"), lines_str(f, "plan"), due, closed,
                lines_str(f, "closed_note"));
    }
}

static void evidence_section(const json_t *a, Lines *l)
{
    size_t i, k;
    json_t *q, *f;
    json_array_foreach(json_object_get(a, "evidence_requests"), i, q)
    {
        char due[48];
        lines_wareki(lines_str(q, "due_on"), due);
        lines_add(l, "監査項目 %s: %s (提出期限 %s、%s)", lines_str(q, "item_id"), lines_str(q, "what"), due,
            strcmp(lines_str(q, "state"), "open") == 0 ? "未提出" : "提出済み");
        json_array_foreach(json_object_get(q, "files"), k, f)
        {
            char at[48];
            lines_wareki(lines_str(f, "uploaded_at"), at);
            lines_add(l, "　%s (%lld バイト、%s 提出、%s)\n　SHA-256 %s", lines_str(f, "name"), (long long)json_integer_value(json_object_get(f, "size")),
                at, lines_str(f, "uploaded_by_name"), lines_str(f, "sha256"));
        }
    }
}

Status audit_report_pdf(Ctx *ctx, int64_t audit_id, unsigned char **pdf, size_t *len, Err *e)
{
    AuditPart part;
    Status s = audit_part_in(ctx, audit_id, &part, e);
    if (s != ST_OK)
        return s;
    if (!part.lead)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査報告書を作るのは情報セキュリティ監査統括責任者です (第158条)",
                       "only the audit lead makes the audit report (art. 158)");
    json_t *a = NULL;
    if ((s = audit_get(ctx, audit_id, &a, e)) != ST_OK)
        return s;
    Lines l[SECTIONS] = {0};
    outline(a, &l[0]);
    items_section(a, &l[1]);
    findings_section(a, &l[2]);
    plans_section(a, &l[3]);
    evidence_section(a, &l[4]);
    static const char *const headings[SECTIONS - 1] = {
        "1. 監査の概要", "2. 監査項目", "3. 監査の結果 (所見、重要度別)", "4. 改善計画とその状況 (第160条)",
        "5. 監査証拠 (第159条、SHA-256 を付けて保管)"};
    ReportSection secs[SECTIONS - 1];
    for (int i = 0; i < SECTIONS - 1; i++)
        secs[i] = (ReportSection){headings[i], (const char *const *)l[i].v, l[i].n};
    char today[11], date[48], subtitle[300];
    date_today(ctx->clock, today);
    lines_wareki(today, date);
    snprintf(subtitle, sizeof subtitle, "情報セキュリティ委員会 (委員長 CISO) 御中\n%s　情報セキュリティ監査統括責任者", date);
    s = sections_pdf("情報セキュリティ監査報告書", subtitle, secs, SECTIONS - 1, pdf, len, e);
    lines_free(l, SECTIONS);
    json_decref(a);
    return s;
}
