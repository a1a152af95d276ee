/* irplan_pdf: the printed 緊急時対応計画 — the version's text in the order of 第126条 (連絡先, 報告すべき
 * 事項, 対応措置 per category, 再発防止措置), with the contacts as they are on the day it is printed,
 * 和暦 dates, as an A4 PDF (report/document). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "domain/org/org.h"
#include "report/document.h"

/* Paragraphs whose strings live in a JSON array kept until the PDF is made. */
typedef struct Paras {
    DocParagraph *p;
    size_t n, cap;
    json_t *keep;
} Paras;

static const char *keep(Paras *ps, const char *text)
{
    json_t *s = json_string(text ? text : "");
    json_array_append_new(ps->keep, s);
    return json_string_value(s);
}

static void add(Paras *ps, const char *label, const char *text)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 16;
        ps->p = xrealloc(ps->p, ps->cap * sizeof *ps->p);
    }
    ps->p[ps->n++] = (DocParagraph){label ? keep(ps, label) : NULL, keep(ps, text)};
}

/* "2026-12-07T01:00:00Z" or "2026-12-07" → 「令和8年12月7日」 (JST for a time). */
static void wareki_of(const char *iso, char *out, size_t cap)
{
    int64_t t;
    int y, m, d;
    out[0] = '\0';
    if (!iso || !*iso)
        return;
    if (strlen(iso) == 10 ? date_parse(iso, &y, &m, &d) : (time_parse_iso(iso, &t) && (time_jst_date(t, &y, &m, &d), 1)))
        wareki_date(y, m, d, out, cap);
}

static void contacts(Paras *ps, json_t *c)
{
    size_t i;
    json_t *x;
    char line[1024];
    json_array_foreach(json_object_get(c, "emergency"), i, x) {
        snprintf(line, sizeof line, "%s %s　電話 %s　携帯 %s", json_string_value(json_object_get(x, "unit_name")),
                 json_string_value(json_object_get(x, "name")), json_string_value(json_object_get(x, "phone")),
                 json_string_value(json_object_get(x, "mobile")));
        add(ps, json_string_value(json_object_get(x, "label")), line);
    }
    json_array_foreach(json_object_get(c, "chain"), i, x) {
        json_t *h = json_object_get(x, "holders");
        char label[512];
        snprintf(label, sizeof label, "%s (%s, %s)", json_string_value(json_object_get(x, "label")),
                 json_string_value(json_object_get(x, "role_label")), json_string_value(json_object_get(x, "article")));
        if (!json_is_array(h)) {
            add(ps, label, "事案の課室・情報システムから決まります (インシデントの画面に表示されます)");
            continue;
        }
        line[0] = '\0';
        size_t k;
        json_t *p;
        json_array_foreach(h, k, p) {
            size_t used = strlen(line);
            snprintf(line + used, sizeof line - used, "%s%s　電話 %s", k ? "\n" : "", json_string_value(json_object_get(p, "name")),
                     json_string_value(json_object_get(p, "phone")));
        }
        add(ps, label, json_array_size(h) ? line : "(不在: 任命されていません)");
    }
}

Status irplan_pdf(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, Err *e)
{
    json_t *v = NULL, *org = NULL;
    Status s = irplan_version_get(ctx, id, &v, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(v);
        return s;
    }
    Paras base = {.keep = json_array()}, con = {.keep = base.keep}, rep = {.keep = base.keep}, res = {.keep = base.keep},
          pre = {.keep = base.keep};
    add(&base, "目的・適用範囲", json_string_value(json_object_get(v, "purpose")));
    if (*json_string_value(json_object_get(v, "change_note")))
        add(&base, "改訂の内容", json_string_value(json_object_get(v, "change_note")));
    contacts(&con, json_object_get(v, "contacts"));
    if (*json_string_value(json_object_get(v, "external_contacts")))
        add(&con, "外部の連絡先", json_string_value(json_object_get(v, "external_contacts")));
    add(&rep, NULL, json_string_value(json_object_get(v, "report_items")));
    if (*json_string_value(json_object_get(v, "general_response")))
        add(&res, "共通", json_string_value(json_object_get(v, "general_response")));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(v, "responses"), i, r) {
        char text[13000];
        const char *fr = json_string_value(json_object_get(r, "first_response"));
        const char *rc = json_string_value(json_object_get(r, "recovery"));
        const char *rt = json_string_value(json_object_get(r, "report_to"));
        const char *pv = json_string_value(json_object_get(r, "prevention"));
        snprintf(text, sizeof text, "【初動・応急措置】%s%s%s%s%s%s%s", fr ? fr : "(未記載)", rc && *rc ? "\n【復旧】" : "",
                 rc && *rc ? rc : "", rt && *rt ? "\n【報告先】" : "", rt && *rt ? rt : "", pv && *pv ? "\n【再発防止】" : "",
                 pv && *pv ? pv : "");
        add(&res, json_string_value(json_object_get(r, "label")), text);
    }
    add(&pre, NULL, json_string_value(json_object_get(v, "prevention")));
    DocSection sections[] = {
        {"1. 目的", base.p, base.n},
        {"2. 関係者の連絡先 (第126条(1))　印刷日の緊急連絡網・役割の任命から", con.p, con.n},
        {"3. 報告すべき事項 (第126条(2))", rep.p, rep.n},
        {"4. 発生した事案への対応措置 (第126条(3))", res.p, res.n},
        {"5. 再発防止措置の策定 (第126条(4))", pre.p, pre.n},
    };
    char approved[48], review[48], today[11], printed[48], subtitle[400];
    wareki_of(json_string_value(json_object_get(v, "approved_at")), approved, sizeof approved);
    wareki_of(json_string_value(json_object_get(v, "review_on")), review, sizeof review);
    date_today(ctx->clock, today);
    wareki_of(today, printed, sizeof printed);
    snprintf(subtitle, sizeof subtitle, "第%lld版　%s%s　次回見直し %s　%s 印刷",
             (long long)json_integer_value(json_object_get(v, "version_no")), *approved ? approved : "(未承認の案)",
             *approved ? " 承認" : "", review, printed);
    char title[400];
    snprintf(title, sizeof title, "%s", json_string_value(json_object_get(v, "title")));
    s = document_pdf(title, json_is_object(org) ? json_string_value(json_object_get(org, "name")) : "", subtitle,
                     sections, sizeof sections / sizeof *sections, data, len, e);
    free(base.p);
    free(con.p);
    free(rep.p);
    free(res.p);
    free(pre.p);
    json_decref(base.keep);
    json_decref(v);
    json_decref(org);
    return s;
}
