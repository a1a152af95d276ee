/* incident_stats_report: the 年度 report of incidents for the 情報セキュリティ委員会 as PDF (report/figures,
 * 和暦) and XLSX (registers/export), from incident_stats' figures — the same numbers in both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/incidents/incidents.h"
#include "domain/org/org.h"
#include "registers/export.h"
#include "report/figures.h"

/* Text kept for the rows (labels point into the stats JSON; values are written here). */
typedef struct Rows {
    FigureRow *rows;
    char (*values)[48];
    size_t n, cap;
} Rows;

static void add(Rows *r, const char *label, const char *value)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
        r->values = xrealloc(r->values, r->cap * sizeof *r->values);
    }
    snprintf(r->values[r->n], sizeof r->values[r->n], "%s", value);
    r->rows[r->n] = (FigureRow){label, NULL};
    r->n++;
}

static void add_count(Rows *r, const char *label, json_int_t n)
{
    char v[48];
    snprintf(v, sizeof v, "%lld件", (long long)n);
    add(r, label, v);
}

/* Rows point at values only once all are added (the array may move while growing). */
static void seal(Rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        r->rows[i].value = r->values[i];
}

static void hours(Rows *r, const char *label, const json_t *v)
{
    char t[48];
    if (json_is_number(v))
        snprintf(t, sizeof t, "%.1f時間", json_number_value(v));
    else
        snprintf(t, sizeof t, "—");
    add(r, label, t);
}

static json_int_t count_of(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The five sections of the report from the figures (rows point into stats). */
static void build(const json_t *stats, Rows sec[5])
{
    memset(sec, 0, 5 * sizeof *sec);
    add_count(&sec[0], "報告の総数", count_of(stats, "total"));
    add_count(&sec[0], "対応中 (報告済み・評価済み)", count_of(stats, "open"));
    add_count(&sec[0], "完了", count_of(stats, "closed"));
    add_count(&sec[0], "インシデントではないと評価", count_of(stats, "not_incident"));
    hours(&sec[0], "報告から評価までの時間 (中央値)", json_object_get(stats, "median_hours_to_triage"));
    hours(&sec[0], "報告から完了までの時間 (中央値)", json_object_get(stats, "median_hours_to_close"));
    const char *lists[] = {"by_category", "by_severity", "by_unit"};
    for (int k = 0; k < 3; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(stats, lists[k]), i, x) {
            const char *label = json_string_value(json_object_get(x, k == 2 ? "unit_name" : "label"));
            add_count(&sec[1 + k], label, count_of(x, "count"));
        }
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(stats, "external_reports"), i, x) {
        char v[48];
        snprintf(v, sizeof v, "%lld件 (うち期限後 %lld件)", (long long)count_of(x, "count"), (long long)count_of(x, "late"));
        add(&sec[4], json_string_value(json_object_get(x, "label")), v);
    }
    for (int k = 0; k < 5; k++)
        seal(&sec[k]);
}

static void release(Rows sec[5])
{
    for (int k = 0; k < 5; k++) {
        free(sec[k].rows);
        free(sec[k].values);
    }
}

static const char *const headings[5] = {"概要", "分類別の件数", "重大度別の件数", "課室等別の件数", "外部への報告"};

/* 「令和8年度 (令和8年4月1日〜令和9年3月31日)」 */
static void year_label(int fy, char *out, size_t cap)
{
    char a[40] = "", b[40] = "", era[40] = "";
    wareki_date(fy, 4, 1, a, sizeof a);
    wareki_date(fy + 1, 3, 31, b, sizeof b);
    snprintf(era, sizeof era, "%s", a);
    char *nen = strstr(era, "年");
    if (nen)
        *nen = '\0';
    snprintf(out, cap, "%s年度 (%s〜%s)", era, a, b);
}

Status incident_stats_pdf(Ctx *ctx, int fiscal_year, unsigned char **pdf, size_t *len, Err *e)
{
    json_t *stats = NULL, *org = NULL;
    Status s = incident_stats(ctx, fiscal_year, &stats, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(stats);
        return s;
    }
    Rows sec[5];
    build(stats, sec);
    FigureSection sections[5];
    for (int k = 0; k < 5; k++)
        sections[k] = (FigureSection){headings[k], sec[k].rows, sec[k].n, k == 4 ? "外部への報告はありません。" : "ありません。"};
    char year[160], today[11], made[48] = "", subtitle[256];
    year_label(fiscal_year, year, sizeof year);
    date_today(ctx->clock, today);
    int y, m, d;
    if (date_parse(today, &y, &m, &d))
        wareki_date(y, m, d, made, sizeof made);
    snprintf(subtitle, sizeof subtitle, "%s　%s 作成", year, made);
    s = figures_pdf("情報セキュリティインシデントの状況", "情報セキュリティインシデントの状況 (年度報告)",
                    json_is_object(org) ? json_string_value(json_object_get(org, "name")) : "", subtitle, sections, 5, pdf,
                    len, e);
    release(sec);
    json_decref(stats);
    json_decref(org);
    return s;
}

Status incident_stats_xlsx(Ctx *ctx, int fiscal_year, unsigned char **data, size_t *len, Err *e)
{
    json_t *stats = NULL;
    Status s = incident_stats(ctx, fiscal_year, &stats, e);
    if (s != ST_OK)
        return s;
    Rows sec[5];
    build(stats, sec);
    char year[160];
    year_label(fiscal_year, year, sizeof year);
    size_t total = 0;
    for (int k = 0; k < 5; k++)
        total += sec[k].n;
    const char **cells = xcalloc(total * 3 + 1, sizeof *cells);
    size_t n = 0;
    for (int k = 0; k < 5; k++)
        for (size_t i = 0; i < sec[k].n; i++, n++) {
            cells[n * 3] = headings[k];
            cells[n * 3 + 1] = sec[k].rows[i].label;
            cells[n * 3 + 2] = sec[k].rows[i].value;
        }
    static const char *const headers[] = {"区分", "項目", "値"};
    char title[256];
    snprintf(title, sizeof title, "情報セキュリティインシデントの状況 %s", year);
    ExportSheet sheet = {.name = "インシデントの状況", .title = title, .ncols = 3, .headers = headers, .nrows = n, .cells = cells};
    s = export_xlsx(&sheet, 1, data, len, e);
    free(cells);
    release(sec);
    json_decref(stats);
    return s;
}
