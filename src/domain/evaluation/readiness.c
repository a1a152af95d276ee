/* readiness: the readiness report's content from the compliance dashboard, the latest self-check and this 年度's audits
 * (see readiness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/compliance.h"
#include "domain/evaluation/compliance_internal.h"
#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/readiness.h"
#include "domain/evaluation/selfcheck.h"
#include "policy/capability.h"
#include "registers/export.h"

static const char *status_label(const char *s)
{
    return strcmp(s, "met") == 0 ? "満たしている" : strcmp(s, "partly") == 0 ? "一部満たしている"
         : strcmp(s, "not_met") == 0 ? "満たしていない" : "未評価";
}

/* The by_category counts of this 年度's latest self-check (new reference), or NULL when there is none;
 * basis: which campaign they are and as of when (the basis printed under the line). */
static Status latest_selfcheck(Ctx *ctx, json_t **out, char basis[static 1200], Err *e)
{
    json_t *camp = NULL;
    Status s = eval_latest_selfcheck(ctx, &camp, e);
    *out = camp ? json_incref(json_object_get(camp, "by_category")) : NULL;
    basis[0] = 0;
    if (camp) {
        const char *closed = json_string_value(json_object_get(camp, "closed_at"));
        char closed_on[40] = "実施中、報告の日の回答"; /* "締切 YYYY-MM-DD" when closed */
        if (closed)
            snprintf(closed_on, sizeof closed_on, "締切 %.10s", closed);
        snprintf(basis, 1200,
                 "自己点検「%s」(%.10s に開始、%s) の回答を、課室・情報システム・組織全体の項目を合わせてこの区分について"
                 "数えました (出典: 自己点検の回答)",
                 json_string_value(json_object_get(camp, "title")), json_string_value(json_object_get(camp, "opened_at")),
                 closed_on);
    }
    json_decref(camp);
    return s;
}

Status readiness_status(Ctx *ctx, json_t **out, Err *e)
{
    json_t *board = NULL, *sc = NULL, *audits = NULL;
    char sc_basis[1200], as_of[40] = "";
    {
        char today0[11];
        int y0, m0, d0;
        date_today(ctx->clock, today0);
        if (date_parse(today0, &y0, &m0, &d0))
            wareki_date(y0, m0, d0, as_of, sizeof as_of);
    }
    Status s = compliance_dashboard(ctx, &board, e); /* refuses anyone but evaluation.manage */
    if (s == ST_OK)
        s = latest_selfcheck(ctx, &sc, sc_basis, e);
    if (s == ST_OK)
        s = audit_category_results(ctx, eval_fiscal_year_now(ctx), &audits, e);
    if (s != ST_OK) {
        json_decref(board);
        json_decref(sc);
        return s;
    }
    json_t *cats = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(board, "categories"), i, c)
    {
        const char *name = json_string_value(json_object_get(c, "category"));
        json_t *lines = json_array();
        int ok = 0, bad = 0;
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(c, "measures"), k, m)
        {
            bool good = json_is_true(json_object_get(m, "ok"));
            ok += good;
            bad += !good;
            char text[400];
            snprintf(text, sizeof text, "%s: %lld 件", json_string_value(json_object_get(m, "label")),
                     (long long)json_integer_value(json_object_get(m, "value")));
            const char *what = readiness_basis(json_string_value(json_object_get(m, "id")));
            char basis[800];
            snprintf(basis, sizeof basis, "%s。%s 現在の台帳から、この報告を作った時に数えました。", what ? what : "lgsec の台帳から数えました",
                     as_of);
            json_array_append_new(lines, json_pack("{s:s, s:O, s:b, s:O, s:s}", "text", text, "article", json_object_get(m, "article"),
                                                   "ok", good, "rows", json_object_get(m, "rows"), "basis", basis));
        }
        json_t *audit = json_object_get(audits, name); /* this 年度's approved audits' items of the category */
        if (audit) {
            json_int_t open = json_integer_value(json_object_get(audit, "open_findings"));
            char text[300];
            snprintf(text, sizeof text, "今年度の監査 (承認済みの計画の監査項目 %lld): 完了していない所見 %lld 件",
                     (long long)json_integer_value(json_object_get(audit, "items")), (long long)open);
            char basis[600];
            snprintf(basis, sizeof basis,
                     "%d年度の、情報セキュリティ委員会が承認した監査実施計画の監査項目のうちこの区分のものについて、完了していない所見を"
                     "数えました (出典: 監査の計画と所見、%s 現在)",
                     eval_fiscal_year_now(ctx), as_of);
            json_array_append_new(lines, json_pack("{s:s, s:s, s:b, s:s}", "text", text, "article", "第160条", "ok", open == 0, "basis", basis));
            ok += open == 0;
            bad += open != 0;
        }
        json_t *counts = NULL;
        json_array_foreach(sc, k, m)
            if (strcmp(json_string_value(json_object_get(m, "category")), name) == 0)
                counts = m;
        json_int_t yes = 0, partly = 0, no = 0, answered = 0;
        if (counts) {
            yes = json_integer_value(json_object_get(counts, "yes"));
            partly = json_integer_value(json_object_get(counts, "partly"));
            no = json_integer_value(json_object_get(counts, "no"));
            answered = yes + partly + no + json_integer_value(json_object_get(counts, "na"));
            char text[300];
            snprintf(text, sizeof text, "自己点検の回答: はい %lld・一部 %lld・いいえ %lld・該当なし %lld・未回答 %lld", (long long)yes,
                     (long long)partly, (long long)no, (long long)json_integer_value(json_object_get(counts, "na")),
                     (long long)json_integer_value(json_object_get(counts, "unanswered")));
            json_array_append_new(lines, json_pack("{s:s, s:s, s:b, s:s}", "text", text, "article", "第162条", "ok",
                                                   partly + no == 0 && answered > 0, "basis", sc_basis));
        }
        const char *status = ok + bad == 0 && answered == 0 ? "not_evaluated"
                           : bad == 0 && partly + no == 0 ? "met"
                           : ok == 0 && yes == 0 ? "not_met" : "partly";
        json_array_append_new(cats, json_pack("{s:s, s:s, s:s, s:o, s:O}", "category", name, "status", status, "status_label",
                                              status_label(status), "lines", lines, "selfcheck", counts ? counts : json_null()));
    }
    json_decref(board);
    json_decref(sc);
    json_decref(audits);
    char today[11], label[40] = "";
    date_today(ctx->clock, today);
    int y, mo, d;
    date_parse(today, &y, &mo, &d);
    wareki_date(y, mo, d, label, sizeof label);
    *out = json_pack("{s:s, s:s, s:o}", "date", today, "date_label", label, "categories", cats);
    return ST_OK;
}

Status readiness_xlsx(Ctx *ctx, unsigned char **data, size_t *len, Err *e)
{
    json_t *r = NULL;
    Status s = readiness_status(ctx, &r, e);
    if (s != ST_OK)
        return s;
    size_t rows = 0, i, k;
    json_t *c, *l;
    json_array_foreach(json_object_get(r, "categories"), i, c)
        rows += json_array_size(json_object_get(c, "lines")) ? json_array_size(json_object_get(c, "lines")) : 1;
    const char **cells = calloc(rows * 6 + 1, sizeof *cells);
    size_t n = 0;
    json_array_foreach(json_object_get(r, "categories"), i, c)
    {
        json_t *lines = json_object_get(c, "lines");
        if (!json_array_size(lines)) {
            const char *row[6] = {json_string_value(json_object_get(c, "category")),
                                  json_string_value(json_object_get(c, "status_label")), "lgsec で測定・評価した項目はありません", "", "", ""};
            memcpy(&cells[n++ * 6], row, sizeof row);
            continue;
        }
        json_array_foreach(lines, k, l)
        {
            const char *basis = json_string_value(json_object_get(l, "basis"));
            const char *row[6] = {json_string_value(json_object_get(c, "category")),
                                  json_string_value(json_object_get(c, "status_label")), json_string_value(json_object_get(l, "text")),
                                  json_string_value(json_object_get(l, "article")),
                                  json_is_true(json_object_get(l, "ok")) ? "○" : "×", basis ? basis : ""};
            memcpy(&cells[n++ * 6], row, sizeof row);
        }
    }
    static const char *const headers[] = {"区分", "状況", "測定・評価", "根拠", "充足", "数えたもの・出典・時点"};
    char title[120];
    snprintf(title, sizeof title, "第16条の3 情報セキュリティ対策の状況 (%s 現在)", json_string_value(json_object_get(r, "date_label")));
    ExportSheet sheet = {.name = "第16条の3", .title = title, .ncols = 6, .headers = headers, .nrows = n, .cells = cells};
    s = export_xlsx(&sheet, 1, data, len, e);
    free(cells);
    json_decref(r);
    return s;
}
