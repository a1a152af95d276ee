/* readiness: the readiness report's content from the compliance dashboard, the latest self-check and this 年度's audits
 * (see readiness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/compliance.h"
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

/* The by_category counts of this 年度's latest self-check (new reference), or NULL when there is none. */
static Status latest_selfcheck(Ctx *ctx, json_t **out, Err *e)
{
    json_t *camp = NULL;
    Status s = eval_latest_selfcheck(ctx, &camp, e);
    *out = camp ? json_incref(json_object_get(camp, "by_category")) : NULL;
    json_decref(camp);
    return s;
}

Status readiness_status(Ctx *ctx, json_t **out, Err *e)
{
    json_t *board = NULL, *sc = NULL, *audits = NULL;
    Status s = compliance_dashboard(ctx, &board, e); /* refuses anyone but evaluation.manage */
    if (s == ST_OK)
        s = latest_selfcheck(ctx, &sc, e);
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
            json_array_append_new(lines, json_pack("{s:s, s:O, s:b, s:O}", "text", text, "article", json_object_get(m, "article"),
                                                   "ok", good, "rows", json_object_get(m, "rows")));
        }
        json_t *audit = json_object_get(audits, name); /* this 年度's approved audits' items of the category */
        if (audit) {
            json_int_t open = json_integer_value(json_object_get(audit, "open_findings"));
            char text[300];
            snprintf(text, sizeof text, "今年度の監査 (承認済みの計画の監査項目 %lld): 完了していない所見 %lld 件",
                     (long long)json_integer_value(json_object_get(audit, "items")), (long long)open);
            json_array_append_new(lines, json_pack("{s:s, s:s, s:b}", "text", text, "article", "第160条", "ok", open == 0));
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
            json_array_append_new(lines, json_pack("{s:s, s:s, s:b}", "text", text, "article", "第162条", "ok", partly + no == 0 && answered > 0));
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
    const char **cells = calloc(rows * 5 + 1, sizeof *cells);
    size_t n = 0;
    json_array_foreach(json_object_get(r, "categories"), i, c)
    {
        json_t *lines = json_object_get(c, "lines");
        if (!json_array_size(lines)) {
            const char *row[5] = {json_string_value(json_object_get(c, "category")),
                                  json_string_value(json_object_get(c, "status_label")), "lgsec で測定・評価した項目はありません", "", ""};
            memcpy(&cells[n++ * 5], row, sizeof row);
            continue;
        }
        json_array_foreach(lines, k, l)
        {
            const char *row[5] = {json_string_value(json_object_get(c, "category")),
                                  json_string_value(json_object_get(c, "status_label")), json_string_value(json_object_get(l, "text")),
                                  json_string_value(json_object_get(l, "article")),
                                  json_is_true(json_object_get(l, "ok")) ? "○" : "×"};
            memcpy(&cells[n++ * 5], row, sizeof row);
        }
    }
    static const char *const headers[] = {"区分", "状況", "測定・評価", "根拠", "充足"};
    char title[120];
    snprintf(title, sizeof title, "第16条の3 情報セキュリティ対策の状況 (%s 現在)", json_string_value(json_object_get(r, "date_label")));
    ExportSheet sheet = {.name = "第16条の3", .title = title, .ncols = 5, .headers = headers, .nrows = n, .cells = cells};
    s = export_xlsx(&sheet, 1, data, len, e);
    free(cells);
    json_decref(r);
    return s;
}
