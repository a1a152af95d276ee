/* compliance: the measures of the compliance dashboard (see compliance.h), each asking the module that
 * owns the data. Reading runs as the system with the rights the registers need; the route and this
 * function admit evaluation.manage only. */
#include <stdio.h>
#include <string.h>

#include "domain/cloud/cloud.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/compliance.h"
#include "domain/evaluation/compliance_internal.h"
#include "domain/evaluation/duties.h"
#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/eval_facts.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/org/org.h"
#include "domain/records/records.h"
#include "domain/requests/requests.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define MAX_ROWS 500 /* rows shown per measure; the value counts them all */

static const char *const categories[] = {
    "①組織体制", "②情報資産の分類及び管理", "③物理的", "④人的", "⑤技術的", "⑥運用", "⑦業務委託・外部サービス", "⑧評価及び見直し",
};

typedef struct Board {
    json_t *by_cat; /* category → [measure] */
    int64_t root;   /* 0: the whole organisation; else the 部局 or 課室 in view */
    json_t *scope;  /* with root: {"<unit id>": true} for root and every unit below it */
    json_t *counts; /* for a snapshot: measure id → {"<unit id>": failing rows of that unit} */
} Board;

static bool in_scope(const Board *b, json_int_t unit)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)unit);
    return !b->scope || json_object_get(b->scope, key);
}

static json_t *measure(Board *b, const char *category, const char *id, const char *label, const char *article,
                       const char *link)
{
    json_t *m = json_pack("{s:s, s:s, s:s, s:i, s:b, s:[], s:s}", "id", id, "label", label, "article", article, "value", 0,
                          "ok", 1, "rows", "link", link);
    json_array_append_new(json_object_get(b->by_cat, category), m);
    return m;
}

/* One more failing thing of unit (0: the organisation's own, as the periodic duties) in m. */
static void count_failing(const Board *b, json_t *m, json_int_t unit)
{
    json_int_t v = json_integer_value(json_object_get(m, "value")) + 1;
    json_object_set_new(m, "value", json_integer(v));
    json_object_set_new(m, "ok", json_false());
    if (!b->counts || !unit)
        return;
    const char *id = json_string_value(json_object_get(m, "id"));
    json_t *per_unit = json_object_get(b->counts, id);
    if (!per_unit)
        json_object_set_new(b->counts, id, per_unit = json_object());
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)unit);
    json_object_set_new(per_unit, key, json_integer(json_integer_value(json_object_get(per_unit, key)) + 1));
}

static void fail_row(const Board *b, json_t *m, json_int_t unit, const char *row)
{
    if (!in_scope(b, unit))
        return;
    count_failing(b, m, unit);
    if (json_array_size(json_object_get(m, "rows")) < MAX_ROWS)
        json_array_append_new(json_object_get(m, "rows"), json_string(row));
}

/* ① 第16条: active 課室 without a current 情報セキュリティ管理者 of their own. */
static Status sections_without_manager(Ctx *ctx, Board *b, Err *e)
{
    json_t *units = NULL, *roles = NULL;
    Status s = org_list_units(ctx, &units, e);
    if (s == ST_OK)
        s = role_assignments_list(ctx, 0, "section_security_manager", &roles, e);
    char today[11];
    date_today(ctx->clock, today);
    json_t *m = measure(b, "①組織体制", "sections_without_manager", "情報セキュリティ管理者のいない課室等", "第16条", "/roles");
    size_t i, k;
    json_t *u, *a;
    json_array_foreach(s == ST_OK ? json_object_get(units, "items") : NULL, i, u)
    {
        if (strcmp(json_string_value(json_object_get(u, "kind")), "section") != 0 || !json_is_true(json_object_get(u, "active")))
            continue;
        bool held = false;
        json_array_foreach(json_object_get(roles, "items"), k, a)
            held |= eval_assignment_current(a, json_integer_value(json_object_get(u, "id")), today);
        if (!held)
            fail_row(b, m, json_integer_value(json_object_get(u, "id")), json_string_value(json_object_get(u, "name")));
    }
    json_decref(units);
    json_decref(roles);
    return s;
}

/* A register fact of eval_facts.h as a measure: its rows and the count of them all (a snapshot reads
 * every row, for the count per unit). */
static Status fact_measure(Ctx *ctx, Board *b, EvalFact fact, const char *category, const char *id, const char *label,
                           const char *article, const char *link, Err *e)
{
    json_t *rows = NULL;
    json_int_t total = 0;
    Status s = eval_fact_failing(ctx, fact, b->root, b->counts ? -1 : MAX_ROWS, &rows, &total, e);
    if (s != ST_OK)
        return s;
    json_t *m = measure(b, category, id, label, article, link);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        fail_row(b, m, json_integer_value(json_object_get(r, "unit_id")), json_string_value(json_object_get(r, "text")));
    json_object_set_new(m, "value", json_integer(total));
    json_decref(rows);
    return ST_OK;
}

/* ③ 第43条: 持ち出し past their return date without a return. */
static Status take_outs_overdue(Ctx *ctx, Board *b, Err *e)
{
    json_t *list = NULL;
    Status s = rec_takeout_list(ctx, true, &list, e);
    if (s != ST_OK)
        return s;
    json_t *m = measure(b, "③物理的", "take_outs_overdue", "返却予定日を過ぎた持ち出し", "第43条", "/records/take-outs");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(list, "items"), i, r)
    {
        char row[400];
        snprintf(row, sizeof row, "%s: %s (%s、返却予定 %s)", json_string_value(json_object_get(r, "unit_name")),
                 json_string_value(json_object_get(r, "asset_name")), json_string_value(json_object_get(r, "requester_name")),
                 json_is_string(json_object_get(r, "return_due")) ? json_string_value(json_object_get(r, "return_due")) : "");
        fail_row(b, m, json_integer_value(json_object_get(r, "unit_id")), row);
    }
    json_decref(list);
    return ST_OK;
}

/* ④ 第47条(2): people in office who have not acknowledged a 基本方針 or 対策基準 in force. */
typedef struct AckRows {
    const Board *b;
    json_t *m;
} AckRows;

static void unacknowledged_rows(void *arg, const json_t *doc, const json_t *unit)
{
    const AckRows *a = arg;
    size_t n;
    json_t *p;
    json_array_foreach(json_object_get(unit, "missing"), n, p)
    {
        char row[400];
        snprintf(row, sizeof row, "%s: %s (「%s」)", json_string_value(json_object_get(unit, "name")),
                 json_string_value(json_object_get(p, "name")), json_string_value(json_object_get(doc, "title")));
        fail_row(a->b, a->m, json_integer_value(json_object_get(unit, "unit_id")), row);
    }
}

static Status policy_unacknowledged(Ctx *ctx, Board *b, Err *e)
{
    json_t *m = measure(b, "④人的", "policy_unacknowledged", "施行中のポリシーに同意していない職員等 (のべ)", "第47条(2)", "/policy-docs");
    AckRows a = {b, m};
    return eval_policy_ack_each(ctx, unacknowledged_rows, &a, e);
}

/* ⑥ 第129条・第131条: 例外措置 whose report to the CISO or periodic review is overdue. */
static Status exceptions_overdue(Ctx *ctx, Board *b, Err *e)
{
    json_t *reg = NULL;
    Status s = exception_register(ctx, &reg, e);
    if (s != ST_OK)
        return s;
    json_t *m = measure(b, "⑥運用", "exceptions_overdue", "報告又は見直しの期限を過ぎた例外措置", "第131条", "/requests/exceptions");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(reg, "items"), i, x)
    {
        const char *rs = json_string_value(json_object_get(x, "report_status"));
        bool overdue = rs && strcmp(rs, "overdue") == 0;
        bool review = json_is_true(json_object_get(x, "review_due"));
        if (!overdue && !review)
            continue;
        char row[400];
        snprintf(row, sizeof row, "%s: %s (%s)", json_string_value(json_object_get(x, "unit_name")),
                 json_string_value(json_object_get(x, "requester_name")), overdue ? "CISOへの報告の遅れ" : "見直しの期限");
        fail_row(b, m, json_integer_value(json_object_get(x, "unit_id")), row);
    }
    json_decref(reg);
    return ST_OK;
}

/* ⑦ 第146条9: services in use whose ISMAP / ISMAP-LIU registration has lapsed or lapses within the
 * pack's ismap_warn_days (cloud.yaml). The register is the organisation's, not a 部局's; with no
 * service in use there is nothing to measure, and ⑦ stays 未評価 in the readiness report rather than
 * counting as met on an empty register. */
static Status cloud_ismap_lapsed(Ctx *ctx, Board *b, Err *e)
{
    if (b->root)
        return ST_OK;
    json_t *list = NULL;
    Status s = cloud_ismap_alerts(ctx, &list, e);
    if (s != ST_OK)
        return s;
    if (json_integer_value(json_object_get(list, "in_use")) == 0) {
        json_decref(list);
        return ST_OK;
    }
    json_t *m = measure(b, "⑦業務委託・外部サービス", "cloud_ismap_lapsed",
                        "ISMAP等の登録が失効した又は失効間近のクラウドサービス", "第146条9", "/cloud");
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(list, "items"), i, a)
    {
        char row[500];
        bool expired = strcmp(json_string_value(json_object_get(a, "state")), "expired") == 0;
        snprintf(row, sizeof row, "%s (%s、%s %s)", json_string_value(json_object_get(a, "name")),
                 strcmp(json_string_value(json_object_get(a, "ismap_kind")), "ismap_liu") == 0 ? "ISMAP-LIU" : "ISMAP",
                 expired ? "失効" : "失効間近: 有効期限", json_string_value(json_object_get(a, "expires_on")));
        fail_row(b, m, 0, row);
    }
    json_decref(list);
    return ST_OK;
}

/* The periodic duties overdue or never recorded, in the category the pack gives them (⑧ otherwise). */
static Status duties_late(Ctx *ctx, Board *b, Err *e)
{
    if (b->root) /* the duties are the organisation's, not a 部局's */
        return ST_OK;
    json_t *list = NULL;
    Status s = duties_list(ctx, &list, e);
    if (s != ST_OK)
        return s;
    json_t *per_cat = json_object();
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(list, "items"), i, d)
    {
        const char *id = json_string_value(json_object_get(d, "id"));
        const PackCheck *c = NULL;
        for (size_t k = 0; k < ctx->pack->n_checks; k++)
            if (strcmp(ctx->pack->checks[k].id, id) == 0)
                c = &ctx->pack->checks[k];
        if (!c || !c->period[0])
            continue;
        const char *cat = c->category ? c->category : "⑧評価及び見直し";
        json_t *m = json_object_get(per_cat, cat);
        if (!m) {
            char mid[64];
            snprintf(mid, sizeof mid, "duties_late_%zu", (size_t)json_object_size(per_cat) + 1);
            m = measure(b, cat, mid, "期限切れ又は実施の記録がない定期的な義務", "第162条", "/duties");
            json_object_set(per_cat, cat, m);
        }
        const char *st = json_string_value(json_object_get(d, "state"));
        if (strcmp(st, "overdue") == 0 || strcmp(st, "never") == 0) {
            char row[400];
            snprintf(row, sizeof row, "%s (%s)", c->label, c->article);
            fail_row(b, m, 0, row);
        }
    }
    json_decref(per_cat);
    json_decref(list);
    return ST_OK;
}

/* ⑧ 第162条: the answers いいえ / 一部 of this 年度's latest self-check. */
static Status selfcheck_gaps(Ctx *ctx, Board *b, Err *e)
{
    json_t *meas = measure(b, "⑧評価及び見直し", "selfcheck_gaps", "今年度の自己点検で「いいえ」「一部」の回答", "第162条", "/selfchecks");
    json_t *camp = NULL;
    Status s = eval_latest_selfcheck(ctx, &camp, e);
    if (camp) {
        json_object_set_new(meas, "link", json_sprintf("/selfchecks/%lld", (long long)json_integer_value(json_object_get(camp, "id"))));
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(camp, "units"), i, u)
        {
            json_int_t no = json_integer_value(json_object_get(u, "no")), partly = json_integer_value(json_object_get(u, "partly"));
            if (!in_scope(b, json_integer_value(json_object_get(u, "unit_id"))))
                continue;
            for (json_int_t k = 0; k < no + partly; k++) {
                char row[300];
                snprintf(row, sizeof row, "%s: いいえ %lld・一部 %lld", json_string_value(json_object_get(u, "name")),
                         (long long)no, (long long)partly);
                if (k == 0)
                    fail_row(b, meas, json_integer_value(json_object_get(u, "unit_id")), row);
                else /* one row per 課室, the value counts every answer */
                    count_failing(b, meas, json_integer_value(json_object_get(u, "unit_id")));
            }
        }
        /* a system's gaps are its owning 課's (the 課長 is its 情報システム管理者) */
        json_array_foreach(json_object_get(camp, "systems"), i, u)
        {
            json_int_t no = json_integer_value(json_object_get(u, "no")), partly = json_integer_value(json_object_get(u, "partly"));
            int64_t owner = json_integer_value(json_object_get(u, "owner_unit_id"));
            if (!no && !partly)
                continue;
            if (!in_scope(b, owner))
                continue;
            char row[400];
            snprintf(row, sizeof row, "情報システム %s %s: いいえ %lld・一部 %lld", json_string_value(json_object_get(u, "code")),
                     json_string_value(json_object_get(u, "name")), (long long)no, (long long)partly);
            fail_row(b, meas, owner, row);
            for (json_int_t k = 1; k < no + partly; k++)
                count_failing(b, meas, owner);
        }
    }
    json_decref(camp);
    return s;
}

/* ⑧ 第160条: audit findings and suggestions not closed yet (no plan, or a plan not followed up). */
static Status audit_findings_open(Ctx *ctx, Board *b, Err *e)
{
    json_t *list = NULL;
    Status s = audit_list(ctx, &list, e);
    if (s != ST_OK)
        return s;
    json_t *m = measure(b, "⑧評価及び見直し", "audit_findings_open", "完了していない監査の指摘事項・改善提案", "第160条", "/audits");
    size_t i, k;
    json_t *a, *f;
    json_array_foreach(json_object_get(list, "items"), i, a)
        json_array_foreach(json_object_get(a, "findings"), k, f)
        {
            const char *state = json_string_value(json_object_get(f, "state"));
            if (strcmp(state, "closed") == 0)
                continue;
            char row[500];
            snprintf(row, sizeof row, "%s: %s (%s)", json_string_value(json_object_get(a, "unit_name")),
                     json_string_value(json_object_get(f, "title")), strcmp(state, "open") == 0 ? "改善計画なし" : "改善計画の実施中");
            fail_row(b, m, json_integer_value(json_object_get(a, "unit_id")), row);
        }
    json_decref(list);
    return ST_OK;
}

/* The units in view: root and every unit below it, as {"<id>": true}. */
static Status subtree(Ctx *ctx, int64_t root, json_t **out, Err *e)
{
    json_t *units = NULL;
    Status s = org_list_units(ctx, &units, e);
    if (s != ST_OK)
        return s;
    json_t *set = json_object();
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)root);
    json_object_set_new(set, key, json_true());
    for (bool grew = true; grew;) { /* a unit whose parent is in joins, until none does */
        grew = false;
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(units, "items"), i, u)
        {
            char id[24], parent[24];
            snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(u, "id")));
            snprintf(parent, sizeof parent, "%lld", (long long)json_integer_value(json_object_get(u, "parent_id")));
            if (!json_object_get(set, id) && json_object_get(set, parent)) {
                json_object_set_new(set, id, json_true());
                grew = true;
            }
        }
    }
    json_decref(units);
    *out = set;
    return ST_OK;
}

/* Who reads a 部局's or 課室's view: evaluation.manage, or its 情報セキュリティ責任者 / 管理者 (or one
 * over it). */
static Status may_read_unit(Ctx *ctx, int64_t unit, Err *e)
{
    bool yes = ctx->actor->caps & CAP_EVALUATION_MANAGE;
    Status s = ST_OK;
    if (!yes && ctx->actor->person_id)
        s = role_holds_over_unit(ctx, ctx->actor->person_id, "department_security_officer", unit, &yes, e);
    if (s == ST_OK && !yes && ctx->actor->person_id)
        s = role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit, &yes, e);
    if (s != ST_OK)
        return s;
    return yes ? ST_OK
               : err_set(e, ST_FORBIDDEN, "forbidden", NULL,
                         "この組織の遵守状況は、その情報セキュリティ責任者・管理者とCISO・統括等が見られます",
                         "a unit's compliance view is for its managers and evaluation.manage");
}

Status compliance_board(Ctx *as, int64_t unit_id, json_t *scope, json_t *counts, json_t **out, Err *e)
{
    Board b = {.by_cat = json_object(), .root = unit_id, .scope = scope, .counts = counts};
    Status s;
    for (size_t i = 0; i < sizeof categories / sizeof *categories; i++)
        json_object_set_new(b.by_cat, categories[i], json_array());
    s = sections_without_manager(as, &b, e);
    if (s == ST_OK)
        s = fact_measure(as, &b, FACT_ASSETS_PENDING, "②情報資産の分類及び管理", "assets_pending",
                         "分類が要判断のままの情報資産", "第22条", "/assets/pending", e);
    if (s == ST_OK)
        s = take_outs_overdue(as, &b, e);
    if (s == ST_OK)
        s = policy_unacknowledged(as, &b, e);
    if (s == ST_OK)
        s = fact_measure(as, &b, FACT_SYSTEMS_NO_BACKUP, "⑤技術的", "systems_without_backup",
                         "バックアップの実施が記録されていない情報システム", "第61条", "/systems", e);
    if (s == ST_OK)
        s = fact_measure(as, &b, FACT_MYNUMBER_NO_MFA, "⑤技術的", "mynumber_without_mfa",
                         "多要素認証が記録されていないマイナンバー利用事務系の情報システム", "第24条", "/systems", e);
    if (s == ST_OK)
        s = exceptions_overdue(as, &b, e);
    if (s == ST_OK)
        s = cloud_ismap_lapsed(as, &b, e);
    if (s == ST_OK)
        s = duties_late(as, &b, e);
    if (s == ST_OK)
        s = selfcheck_gaps(as, &b, e);
    if (s == ST_OK)
        s = audit_findings_open(as, &b, e);
    if (s != ST_OK) {
        json_decref(b.by_cat);
        return s;
    }
    json_t *cats = json_array();
    for (size_t i = 0; i < sizeof categories / sizeof *categories; i++) {
        json_t *ms = json_object_get(b.by_cat, categories[i]);
        json_int_t failing = 0;
        size_t k;
        json_t *m;
        json_array_foreach(ms, k, m)
            failing += json_integer_value(json_object_get(m, "value"));
        json_array_append_new(cats, json_pack("{s:s, s:I, s:O}", "category", categories[i], "failing", failing, "measures", ms));
    }
    json_decref(b.by_cat);
    *out = cats;
    return ST_OK;
}

Status compliance_dashboard(Ctx *ctx, json_t **out, Err *e)
{
    if (!(ctx->actor->caps & CAP_EVALUATION_MANAGE))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "遵守状況はCISO・統括情報セキュリティ責任者等が見られます",
                       "the compliance dashboard is for evaluation.manage");
    return compliance_dashboard_unit(ctx, 0, out, e);
}

Status compliance_dashboard_unit(Ctx *ctx, int64_t unit_id, json_t **out, Err *e)
{
    json_t *unit = NULL;
    if (unit_id) {
        Status us = org_get_unit(ctx, unit_id, &unit, e);
        if (us == ST_OK && strcmp(json_string_value(json_object_get(unit, "kind")), "department") != 0 &&
            strcmp(json_string_value(json_object_get(unit, "kind")), "section") != 0)
            us = err_set(e, ST_NOTFOUND, "unit_not_found", NULL, "組織が見つかりません", "unit not found");
        if (us == ST_OK)
            us = may_read_unit(ctx, unit_id, e);
        if (us != ST_OK) {
            json_decref(unit);
            return us;
        }
    } else if (!(ctx->actor->caps & CAP_EVALUATION_MANAGE)) {
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "遵守状況はCISO・統括情報セキュリティ責任者等が見られます",
                       "the compliance dashboard is for evaluation.manage");
    }
    Actor sys;
    Ctx as = eval_as_system(ctx, &sys);
    json_t *scope = NULL, *cats = NULL, *trend = NULL;
    Status s = unit_id ? subtree(&as, unit_id, &scope, e) : ST_OK;
    if (s == ST_OK)
        s = compliance_snapshot_due(&as, NULL, e); /* the first read of a month whose last one has none */
    if (s == ST_OK)
        s = compliance_board(&as, unit_id, scope, NULL, &cats, e);
    if (s == ST_OK)
        s = compliance_trend_attach(&as, scope, cats, &trend, e);
    json_decref(scope);
    if (s != ST_OK) {
        json_decref(cats);
        json_decref(unit);
        return s;
    }
    char today[11];
    date_today(ctx->clock, today);
    *out = json_pack("{s:s, s:o, s:o, s:o}", "today", today, "trend", trend, "categories", cats, "unit",
                     unit ? json_pack("{s:O, s:O, s:O}", "id", json_object_get(unit, "id"), "name",
                                      json_object_get(unit, "name"), "kind", json_object_get(unit, "kind"))
                          : json_null());
    json_decref(unit);
    return ST_OK;
}
