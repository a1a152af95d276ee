/* netcheck_pdf: the report of a stored run as an A4 PDF (report/document) — for the 統括情報セキュリティ
 * 責任者's file and the auditor (第67条, 第24条–第26条): what was checked (model, devices, the files'
 * SHA-256 and the result's, who ran it and when, in 和暦), each forbidden flow with the article it breaks,
 * its witness packet named by the register's systems, its path and the rule lines; for a comparison what
 * the change opens and closes (第44条); the rule hygiene; and what the analysis leaves out (NAT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/netcheck/netcheck_internal.h"
#include "entities/system_entity.h"
#include "domain/org/org.h"
#include "report/document.h"

typedef struct Paras {
    DocParagraph *p;
    size_t n, cap;
    json_t *keep;
} Paras;

static const char *keep(json_t *k, const char *text)
{
    json_t *s = json_string(text ? text : "");
    json_array_append_new(k, s);
    return json_string_value(s);
}

static void add(Paras *ps, const char *label, const char *text)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 16;
        ps->p = xrealloc(ps->p, ps->cap * sizeof *ps->p);
    }
    ps->p[ps->n++] = (DocParagraph){label ? keep(ps->keep, label) : NULL, keep(ps->keep, text)};
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* "tcp 10.1.0.0:0 → 203.0.113.10:80 (住民基本台帳システム → インターネット接続系)" into b */
static void witness(Buf *b, json_t *w, json_t *from_label, json_t *to_label)
{
    json_t *ss = json_object_get(w, "src_system"), *ds = json_object_get(w, "dst_system");
    buf_printf(b, "例: %s", str(w, "text"));
    if (json_is_object(ss) || json_is_object(ds))
        buf_printf(b, " (%s → %s)", json_is_object(ss) ? str(ss, "name") : str(from_label, "ja"),
                   json_is_object(ds) ? str(ds, "name") : str(to_label, "ja"));
}

static void rules(Buf *b, json_t *list, const char *prefix)
{
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) buf_printf(b, "\n　%s%s", prefix, json_string_value(r));
}

static const char *hygiene_label(const char *kind)
{
    return !strcmp(kind, "never_matches") ? "一致しない (条件に合うパケットがない)"
         : !strcmp(kind, "shadowed")      ? "隠れている (先行ルールがすべてのパケットを別の結果で処理)"
         : !strcmp(kind, "redundant")     ? "冗長 (先行ルールがすべてのパケットを同じ結果で処理済み)"
         : !strcmp(kind, "any_any")       ? "全許可 (すべてのアドレス・プロトコル・ポートを許可)"
                                          : kind;
}

/* A relay kind as the 情報システム台帳 labels it (its declaration's choices), else the kind itself. */
static const char *relay_label(const char *kind)
{
    const EntityField *f = &system_fields[SYSTEM_F_RELAY_KIND];
    for (size_t i = 0; i < f->nchoices; i++)
        if (!strcmp(f->choices[i].value, kind))
            return f->choices[i].label_ja;
    return kind;
}

static void wareki_time(const char *iso, char *out, size_t cap)
{
    int64_t t;
    int y, m, d;
    out[0] = '\0';
    if (iso && time_parse_iso(iso, &t)) {
        time_jst_date(t, &y, &m, &d);
        wareki_date(y, m, d, out, cap);
    }
}

Status netcheck_run_pdf(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, Err *e)
{
    json_t *run = NULL, *org = NULL;
    Status s = netcheck_run_get(ctx, id, &run, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(run);
        return s;
    }
    json_t *res = json_object_get(run, "result"), *k = json_array();
    bool diff = strcmp(str(run, "mode"), "diff") == 0;
    Paras what = {.keep = k}, found = {.keep = k}, hyg = {.keep = k}, notes = {.keep = k};
    Buf b = BUF_INIT;
    char day[48];
    wareki_time(str(run, "run_at"), day, sizeof day);
    if (!diff)
        add(&what, "モデル", str(json_object_get(res, "model_label"), "ja"));
    buf_printf(&b, "%s (%s)　%s", str(run, "run_by_name"), day, str(run, "title"));
    add(&what, "実施", b.data);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(run, "files"), i, x) {
        buf_reset(&b);
        buf_printf(&b, "%s　SHA-256 %s", str(x, "name"), str(x, "sha256"));
        add(&what, !strcmp(str(x, "role"), "topology") ? "トポロジー" : !strcmp(str(x, "role"), "before") ? "変更前"
                   : !strcmp(str(x, "role"), "after") ? "変更後" : "設定",
            b.data);
    }
    json_array_foreach(json_object_get(res, "systems"), i, x) {
        buf_reset(&b);
        buf_printf(&b, "%s (%s)　%s", str(x, "name"), str(x, "code"), str(json_object_get(x, "zone_label"), "ja"));
        add(&what, "情報システム", b.data);
    }
    if (!diff && *str(res, "matrix"))
        add(&what, "系の間の規則", str(res, "matrix"));
    /* the relays the check allowed (第25条): the register's systems by name, the topology's own ones */
    json_array_foreach(json_object_get(res, "relays"), i, x) {
        buf_reset(&b);
        buf_printf(&b, "%s", str(x, "name"));
        if (json_is_string(json_object_get(x, "system")))
            buf_printf(&b, " (%s)", str(x, "system"));
        else
            buf_puts(&b, " (トポロジーの relays)");
        buf_printf(&b, "　%s", relay_label(str(x, "kind")));
        if (json_is_object(json_object_get(x, "zone_label")))
            buf_printf(&b, "　%s", str(json_object_get(x, "zone_label"), "ja"));
        size_t q;
        json_t *sv;
        json_array_foreach(json_object_get(x, "services"), q, sv)
            buf_printf(&b, "%s%s", q ? ", " : "　", json_string_value(sv) ? json_string_value(sv) : "");
        add(&what, "無害化の中継", b.data);
    }
    add(&what, "結果の SHA-256", str(run, "result_sha256"));
    if (!diff) {
        json_array_foreach(json_object_get(res, "violations"), i, x) {
            buf_reset(&b);
            json_t *fl = json_object_get(x, "from_label"), *tl = json_object_get(x, "to_label");
            buf_printf(&b, "%s\n", str(json_object_get(x, "rule"), "ja"));
            witness(&b, json_object_get(x, "witness"), fl, tl);
            if (json_is_object(json_object_get(x, "delivered")))
                buf_printf(&b, "\nアドレス変換後: %s", str(json_object_get(x, "delivered"), "text"));
            buf_puts(&b, "\n経路:");
            size_t h;
            json_t *hop;
            json_array_foreach(json_object_get(x, "path"), h, hop)
                buf_printf(&b, "%s %s (%s → %s)", h ? " →" : "", str(hop, "device"), str(hop, "in"), str(hop, "out"));
            json_array_foreach(json_object_get(x, "path"), h, hop) {
                rules(&b, json_object_get(hop, "nat_before"), "NAT: ");
                rules(&b, json_object_get(hop, "rules"), "");
                rules(&b, json_object_get(hop, "nat_after"), "NAT: ");
            }
            char label[400];
            snprintf(label, sizeof label, "%zu. %s → %s　[%s]", i + 1, str(fl, "ja"), str(tl, "ja"), str(x, "article"));
            add(&found, label, b.data);
        }
        if (!found.n)
            add(&found, NULL, "禁止された通信が通る経路はありません。");
        if (json_is_true(json_object_get(res, "truncated")))
            add(&found, NULL, "(ほかにも経路があります。最初の 200 件を記載しています)");
    } else {
        json_array_foreach(json_object_get(res, "changes"), i, x) {
            buf_reset(&b);
            bool opened = !strcmp(str(x, "change"), "opened");
            witness(&b, json_object_get(x, "witness"), NULL, NULL);
            buf_printf(&b, "\nインターフェース: %s → %s", *str(x, "in") ? str(x, "in") : "(その他)",
                       *str(x, "out") ? str(x, "out") : "(その他)");
            rules(&b, json_object_get(x, "rules"), "");
            char label[64];
            snprintf(label, sizeof label, "%zu. %s", i + 1, opened ? "新たに通る通信 (+)" : "通らなくなる通信 (-)");
            add(&found, label, b.data);
        }
        if (!found.n)
            add(&found, NULL, "変更の前後で通る通信に違いはありません。");
    }
    json_array_foreach(json_object_get(res, "hygiene"), i, x) {
        buf_reset(&b);
        buf_printf(&b, "%s", str(x, "rule"));
        size_t c;
        json_t *by;
        json_array_foreach(json_object_get(x, "covered_by"), c, by)
            buf_printf(&b, "%s%lld", c ? ", " : "\n覆っている先行ルール: ", (long long)json_integer_value(by));
        char label[200];
        snprintf(label, sizeof label, "%s: %s", str(x, "device"), hygiene_label(str(x, "kind")));
        add(&hyg, label, b.data);
    }
    if (!hyg.n)
        add(&hyg, NULL, "指摘なし");
    json_array_foreach(json_object_get(res, "devices"), i, x) {
        size_t c;
        json_t *n;
        buf_reset(&b);
        json_array_foreach(json_object_get(x, "notes"), c, n) buf_printf(&b, "%s%s", c ? "\n" : "", json_string_value(n));
        if (b.len)
            add(&notes, str(x, "file"), b.data);
    }
    if (!notes.n)
        add(&notes, NULL, "なし");
    buf_free(&b);
    DocSection sections[] = {
        {"1. 検証の対象", what.p, what.n},
        {diff ? "2. 変更で変わる通信 (第44条・第101条)" : "2. 禁止された通信が通る経路 (第24条–第26条)", found.p, found.n},
        {"3. ルールの点検 (第67条(1) 設定の不整合)", hyg.p, hyg.n},
        {"4. 解析に含めていない行 (NAT など)", notes.p, notes.n},
    };
    char today[11], printed[48], subtitle[200];
    date_today(ctx->clock, today);
    int y, m, d;
    printed[0] = '\0';
    if (date_parse(today, &y, &m, &d))
        wareki_date(y, m, d, printed, sizeof printed);
    snprintf(subtitle, sizeof subtitle, "検証 第%lld号　%s 印刷", (long long)id, printed);
    s = document_pdf(diff ? "ファイアウォール設定の変更前後の比較" : "ネットワーク分離 (三層の対策) の検証結果",
                     json_is_object(org) ? str(org, "name") : "", subtitle, sections, sizeof sections / sizeof *sections,
                     data, len, e);
    free(what.p);
    free(found.p);
    free(hyg.p);
    free(notes.p);
    json_decref(k);
    json_decref(run);
    json_decref(org);
    return s;
}
