/* selfcheck_auto: the self-check answers lgsec knows from its registers (selfcheck.yaml `auto`),
 * each computed by calling the module that owns the data — org (role assignments), policydocs (同意
 * per 課室), records (持ち出し and their returns) — or from the published views (eval_facts.h: 要判断 assets,
 * systems without backup or 多要素認証), never by reading their tables. They run as the
 * system with the reading rights they need: the evidence shown is about the 課室 being checked.
 * The items of scope: system are answered per system: its 情報システム管理者 (org's role register),
 * its components' support end (systems), its backup (eval_facts), its IDs and their access reviews
 * (selfcheck_ids.c, through sysaccounts' published views: sysaccounts depends on this module). */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/eval_facts.h"
#include "domain/evaluation/selfcheck_internal.h"
#include "domain/org/org.h"
#include "domain/records/records.h"
#include "domain/systems/systems.h"

#define EVIDENCE_ROWS 50 /* rows shown under an answer; the summary counts them all */

static json_t *result(const char *answer, const char *summary, json_t *evidence)
{
    return json_pack("{s:s, s:s, s:o}", "answer", answer, "summary", summary, "evidence", evidence);
}

/* 第16条: a current 情報セキュリティ管理者 over the 課室 itself. */
static Status section_manager(Ctx *ctx, int64_t unit_id, json_t **out, Err *e)
{
    json_t *all = NULL;
    Status s = role_assignments_list(ctx, 0, "section_security_manager", &all, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    json_t *names = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(all, "items"), i, a)
    {
        if (!eval_assignment_current(a, unit_id, today))
            continue;
        const char *from = json_string_value(json_object_get(a, "valid_from"));
        char line[300];
        snprintf(line, sizeof line, "情報セキュリティ管理者: %s (%s から)", json_string_value(json_object_get(a, "person_name")), from);
        json_array_append_new(names, json_string(line));
    }
    json_decref(all);
    bool any = json_array_size(names) > 0;
    *out = result(any ? "yes" : "no", any ? "情報セキュリティ管理者が置かれています。" : "現に情報セキュリティ管理者を務める人がいません。",
                  names);
    return ST_OK;
}

/* 第47条(2): the share of the 課室's active people who acknowledged each 基本方針・対策基準 in force. */
typedef struct AckTally {
    int64_t unit_id;
    json_int_t people, acked;
    json_t *evidence;
} AckTally;

static void tally_unit(void *arg, const json_t *doc, const json_t *u)
{
    AckTally *t = arg;
    if (json_integer_value(json_object_get(u, "unit_id")) != t->unit_id)
        return;
    json_int_t n = json_integer_value(json_object_get(u, "people"));
    json_int_t a = json_integer_value(json_object_get(u, "acknowledged"));
    t->people += n;
    t->acked += a;
    const char *title = json_string_value(json_object_get(doc, "title"));
    char line[400];
    snprintf(line, sizeof line, "「%s」: %lld 人中 %lld 人が同意", title, (long long)n, (long long)a);
    json_array_append_new(t->evidence, json_string(line));
    size_t m;
    json_t *p;
    json_array_foreach(json_object_get(u, "missing"), m, p)
    {
        snprintf(line, sizeof line, "未同意: %s (「%s」)", json_string_value(json_object_get(p, "name")), title);
        json_array_append_new(t->evidence, json_string(line));
    }
}

static Status policy_acknowledged(Ctx *ctx, int64_t unit_id, json_t **out, Err *e)
{
    AckTally t = {.unit_id = unit_id, .evidence = json_array()};
    Status s = eval_policy_ack_each(ctx, tally_unit, &t, e);
    if (s != ST_OK) {
        json_decref(t.evidence);
        return s;
    }
    char summary[200];
    snprintf(summary, sizeof summary, "施行中のポリシーへの同意: のべ %lld 人中 %lld 人", (long long)t.people, (long long)t.acked);
    *out = result(t.people == 0 || t.acked == 0 ? "no" : t.acked == t.people ? "yes" : "partly", summary, t.evidence);
    return ST_OK;
}

/* 第43条: 持ち出し of the 課室 past their return date without a return. */
static Status take_outs_returned(Ctx *ctx, int64_t unit_id, json_t **out, Err *e)
{
    json_t *list = NULL;
    Status s = rec_takeout_list(ctx, true, &list, e);
    if (s != ST_OK)
        return s;
    json_t *evidence = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(list, "items"), i, r)
    {
        if (json_integer_value(json_object_get(r, "unit_id")) != unit_id)
            continue;
        char line[400];
        snprintf(line, sizeof line, "返却遅れ: %s (%s、返却予定 %s)", json_string_value(json_object_get(r, "asset_name")),
                 json_string_value(json_object_get(r, "requester_name")),
                 json_is_string(json_object_get(r, "return_due")) ? json_string_value(json_object_get(r, "return_due")) : "");
        json_array_append_new(evidence, json_string(line));
    }
    json_decref(list);
    size_t late = json_array_size(evidence);
    char summary[200];
    snprintf(summary, sizeof summary, late ? "返却予定日を過ぎて返却の記録がない持ち出しが %zu 件あります。"
                                           : "返却予定日を過ぎた持ち出しはありません。", late);
    *out = result(late ? "no" : "yes", summary, evidence);
    return ST_OK;
}

/* 第22条・第61条・第24条: a register fact over the 課室 and its 係 (eval_facts.h); yes when nothing fails. */
static Status fact_answer(Ctx *ctx, EvalFact fact, int64_t unit_id, const char *none, const char *some, json_t **out,
                          Err *e)
{
    json_t *rows = NULL;
    json_int_t total = 0;
    Status s = eval_fact_failing(ctx, fact, unit_id, EVIDENCE_ROWS, &rows, &total, e);
    if (s != ST_OK)
        return s;
    json_t *evidence = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        json_array_append(evidence, json_object_get(r, "text"));
    json_decref(rows);
    char summary[300];
    if (total)
        snprintf(summary, sizeof summary, some, (long long)total);
    else
        snprintf(summary, sizeof summary, "%s", none);
    *out = result(total ? "no" : "yes", summary, evidence);
    return ST_OK;
}

Status selfcheck_auto_answer(Ctx *ctx, const PackSelfCheckItem *item, int64_t unit_id, json_t **out, Err *e)
{
    *out = NULL;
    if (!item->auto_source)
        return ST_OK;
    /* the system, with the reading rights of the registers concerned */
    Actor sys;
    Ctx as = eval_as_system(ctx, &sys);
    if (strcmp(item->auto_source, "section_manager_assigned") == 0)
        return section_manager(&as, unit_id, out, e);
    if (strcmp(item->auto_source, "policy_acknowledged") == 0)
        return policy_acknowledged(&as, unit_id, out, e);
    if (strcmp(item->auto_source, "take_outs_returned") == 0)
        return take_outs_returned(&as, unit_id, out, e);
    if (strcmp(item->auto_source, "assets_classified") == 0)
        return fact_answer(&as, FACT_ASSETS_PENDING, unit_id, "所管する情報資産はすべて分類されています。",
                           "分類が要判断のままの情報資産が %lld 件あります。", out, e);
    if (strcmp(item->auto_source, "systems_backed_up") == 0)
        return fact_answer(&as, FACT_SYSTEMS_NO_BACKUP, unit_id, "所管する情報システムはすべてバックアップの実施が記録されています。",
                           "バックアップの実施が記録されていない情報システムが %lld 件あります。", out, e);
    if (strcmp(item->auto_source, "mynumber_mfa") == 0)
        return fact_answer(&as, FACT_MYNUMBER_NO_MFA, unit_id,
                           "所管するマイナンバー利用事務系の情報システムはすべて多要素認証が記録されています。",
                           "多要素認証が記録されていないマイナンバー利用事務系の情報システムが %lld 件あります。", out, e);
    return err_setf(e, ST_INTERNAL, "pack_mismatch", NULL, "自己点検の自動判定 %s は実装されていません",
                    "no evaluator for %s", item->auto_source);
}

/* 第17条: a current 情報システム管理者 of the system. */
static Status system_manager(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    json_t *all = NULL;
    Status s = role_assignments_list(ctx, 0, "system_manager", &all, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    json_t *names = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(all, "items"), i, a)
    {
        const char *kind = json_string_value(json_object_get(a, "scope_kind"));
        const char *from = json_string_value(json_object_get(a, "valid_from"));
        const char *until = json_string_value(json_object_get(a, "valid_until"));
        if (!kind || strcmp(kind, "system") != 0 || json_integer_value(json_object_get(a, "scope_id")) != system_id || !from ||
            strcmp(from, today) > 0 || (until && strcmp(until, today) < 0))
            continue;
        char line[300];
        snprintf(line, sizeof line, "情報システム管理者: %s (%s から)", json_string_value(json_object_get(a, "person_name")), from);
        json_array_append_new(names, json_string(line));
    }
    json_decref(all);
    bool any = json_array_size(names) > 0;
    *out = result(any ? "yes" : "no", any ? "情報システム管理者が置かれています。" : "現に情報システム管理者を務める人がいません。",
                  names);
    return ST_OK;
}

/* 第31条: maintenance needs a supported product — no component past its support end; partly when a
 * component's support end is not recorded (or no component is registered at all). */
static Status components_supported(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    json_t *sys = NULL;
    Status s = system_get(ctx, system_id, &sys, e);
    if (s != ST_OK)
        return s;
    json_t *evidence = json_array();
    size_t ended = 0, unknown = 0, i;
    json_t *c;
    json_t *comps = json_object_get(sys, "components");
    json_array_foreach(comps, i, c)
    {
        const char *state = json_string_value(json_object_get(c, "support_state"));
        const char *end = json_string_value(json_object_get(c, "support_end"));
        const char *name = json_string_value(json_object_get(c, "name"));
        char line[400];
        if (state && strcmp(state, "ended") == 0) {
            ended++;
            snprintf(line, sizeof line, "サポート終了: %s (%s まで)", name, end ? end : "");
        } else if (!state || strcmp(state, "unknown") == 0) {
            unknown++;
            snprintf(line, sizeof line, "サポート期限が未記入: %s", name);
        } else
            continue;
        if (json_array_size(evidence) < EVIDENCE_ROWS)
            json_array_append_new(evidence, json_string(line));
    }
    size_t n = json_array_size(comps);
    json_decref(sys);
    char summary[300];
    if (ended)
        snprintf(summary, sizeof summary, "構成機器 %zu 件のうち %zu 件がサポート期限を過ぎています。", n, ended);
    else if (!n)
        snprintf(summary, sizeof summary, "構成機器が情報システム台帳に登録されていません。");
    else if (unknown)
        snprintf(summary, sizeof summary, "構成機器 %zu 件のうち %zu 件のサポート期限が記録されていません。", n, unknown);
    else
        snprintf(summary, sizeof summary, "構成機器 %zu 件はすべてサポート期限内です。", n);
    *out = result(ended ? "no" : (!n || unknown) ? "partly" : "yes", summary, evidence);
    return ST_OK;
}

/* 第61条: the system's backup recorded as done in the register (eval_facts). */
static Status system_backed_up(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    bool fails = false;
    Status s = eval_system_fact_fails(ctx, FACT_SYSTEMS_NO_BACKUP, system_id, &fails, e);
    if (s != ST_OK)
        return s;
    *out = result(fails ? "no" : "yes",
                  fails ? "情報システム台帳にバックアップの実施が記録されていません。" : "情報システム台帳にバックアップの実施が記録されています。",
                  json_pack("[s]", fails ? "台帳の「バックアップ」: 実施の記録なし" : "台帳の「バックアップ」: 実施"));
    return ST_OK;
}

Status selfcheck_system_auto_answer(Ctx *ctx, const PackSelfCheckItem *item, int64_t system_id, json_t **out, Err *e)
{
    *out = NULL;
    if (!item->auto_source)
        return ST_OK;
    Actor sys;
    Ctx as = eval_as_system(ctx, &sys);
    if (strcmp(item->auto_source, "system_manager_assigned") == 0)
        return system_manager(&as, system_id, out, e);
    if (strcmp(item->auto_source, "components_supported") == 0)
        return components_supported(&as, system_id, out, e);
    if (strcmp(item->auto_source, "system_backed_up") == 0)
        return system_backed_up(&as, system_id, out, e);
    bool handled = false;
    Status s = selfcheck_ids_answer(&as, item->auto_source, system_id, &handled, out, e);
    if (s != ST_OK || handled)
        return s;
    return err_setf(e, ST_INTERNAL, "pack_mismatch", NULL, "自己点検の自動判定 %s は情報システムの項目には使えません",
                    "no system evaluator for %s", item->auto_source);
}
