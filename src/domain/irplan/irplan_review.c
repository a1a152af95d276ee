/* irplan_review: when the 緊急時対応計画 must be reviewed (第128条: 状況の変化や組織体制の変動等) — its
 * review date has come, a role was assigned or ended or the organisation changed after the current
 * version was approved, or the pack has an incident category the plan has no response for. The
 * reasons are computed when read (never stored), so approving a new version clears them; the home
 * page shows the duty to the plan's editors and to the CISO. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "policy/pack.h"

static void reason(json_t *list, const char *kind, const char *ja, const char *en)
{
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "kind", kind, "ja", ja, "en", en));
}

/* How many rows of a change query (?1 approved_at, ?2 its day, ?3 today) there are. */
static Status count(Ctx *ctx, const char *sql, const char *approved_at, const char *today, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    char day[11];
    snprintf(day, sizeof day, "%.10s", approved_at);
    stmt_bind_text(st, 1, approved_at);
    stmt_bind_text(st, 2, day);
    stmt_bind_text(st, 3, today);
    Status s = ST_OK;
    if (stmt_step(st) == STEP_ROW)
        *n = stmt_int(st, 0);
    else
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status irplan_review(Ctx *ctx, json_t **out, Err *e)
{
    int64_t current = 0;
    Status s = irplan_version_in_state(ctx, "approved", &current, e);
    if (s != ST_OK)
        return s;
    json_t *reasons = json_array();
    if (!current) {
        reason(reasons, "none", "承認された緊急時対応計画がありません (第125条)", "no emergency response plan is approved");
        *out = json_pack("{s:b, s:o}", "due", true, "reasons", reasons);
        return ST_OK;
    }
    json_t *v = NULL;
    if ((s = irplan_plain(ctx, current, &v, e)) != ST_OK) {
        json_decref(reasons);
        return s;
    }
    char today[11], ja[256], en[256];
    date_today(ctx->clock, today);
    const char *review_on = json_string_value(json_object_get(v, "review_on"));
    const char *approved_at = json_string_value(json_object_get(v, "approved_at"));
    if (strcmp(review_on, today) <= 0) {
        snprintf(ja, sizeof ja, "見直し期限 (%s) が来ました (第128条)", review_on);
        snprintf(en, sizeof en, "the review date (%s) has come", review_on);
        reason(reasons, "review_date", ja, en);
    }
    int64_t roles = 0, units = 0;
    s = count(ctx,
              "SELECT count(*) FROM role_assignments_v WHERE created_at > ?1"
              " OR (valid_until IS NOT NULL AND valid_until >= ?2 AND valid_until < ?3)",
              approved_at, today, &roles, e);
    if (s == ST_OK)
        s = count(ctx, "SELECT count(*) FROM org_units_v WHERE created_at > ?1 OR updated_at > ?1", approved_at, today,
                  &units, e);
    if (s == ST_OK && roles) {
        snprintf(ja, sizeof ja, "承認の後に役割の任命・解任が%lld件あります (組織体制の変動, 第128条)", (long long)roles);
        snprintf(en, sizeof en, "%lld role assignments were made or ended after the approval", (long long)roles);
        reason(reasons, "roles", ja, en);
    }
    if (s == ST_OK && units) {
        snprintf(ja, sizeof ja, "承認の後に組織が%lld件変わりました (第128条)", (long long)units);
        snprintf(en, sizeof en, "%lld organisation units changed after the approval", (long long)units);
        reason(reasons, "organisation", ja, en);
    }
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *responses = json_object_get(v, "responses");
    for (size_t i = 0; s == ST_OK && i < pi->n_categories; i++) {
        bool found = false;
        size_t k;
        json_t *r;
        json_array_foreach(responses, k, r) found |= strcmp(json_string_value(json_object_get(r, "category")),
                                                           pi->categories[i].id) == 0;
        if (!found) {
            snprintf(ja, sizeof ja, "分類「%s」の対応措置がありません (新しい分類, 第128条)", pi->categories[i].label);
            snprintf(en, sizeof en, "no response for the category %s (a new category)", pi->categories[i].label_en);
            reason(reasons, "category", ja, en);
            json_object_set_new(json_array_get(reasons, json_array_size(reasons) - 1), "category",
                                json_string(pi->categories[i].id));
        }
    }
    json_decref(v);
    if (s != ST_OK) {
        json_decref(reasons);
        return s;
    }
    *out = json_pack("{s:b, s:o}", "due", json_array_size(reasons) > 0, "reasons", reasons);
    return ST_OK;
}

Status irplan_review_count(Ctx *ctx, int64_t *due, Err *e)
{
    *due = 0;
    if (!irplan_can_edit(ctx) && !irplan_can_approve(ctx))
        return ST_OK;
    json_t *r = NULL;
    Status s = irplan_review(ctx, &r, e);
    if (s == ST_OK)
        *due = json_is_true(json_object_get(r, "due"));
    json_decref(r);
    return s;
}
