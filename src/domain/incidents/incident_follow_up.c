/* incident_follow_up: where a closed incident's lessons go (第56条5・6, 第165条) — the 年度 whose
 * 情報セキュリティポリシーの見直し takes them in, or a change request (申請) filed for the 再発防止策 —
 * checked at closure against the reviews recorded (policydocs' policy_reviews_v) and the requests
 * (requests_v). At least one is named; each that is named must hold. */
#include <stdio.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"

/* 「令和8年度」 for a 年度 from 2019 on, else 「2018年度」. */
static void fy_label(int64_t fy, char *out, size_t cap)
{
    if (!wareki_date((int)fy, 4, 1, out, cap)) {
        snprintf(out, cap, "%lld年度", (long long)fy);
        return;
    }
    char *nen = strstr(out, "年");
    if (nen)
        snprintf(nen, cap - (size_t)(nen - out), "年度");
}

/* in[f->name] as a positive integer checked by its declaration; 0 when absent, null or "". */
static Status opt_int(json_t *in, const EntityField *f, int64_t *out, Err *e)
{
    json_t *v = json_object_get(in, f->name);
    *out = 0;
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
        return ST_OK;
    Status s = entity_check_value(f, v, NULL, e);
    if (s == ST_OK && !json_is_integer(v))
        s = err_setf(e, ST_INVALID, "invalid_type", f->name, "「%s」は整数で指定してください",
                     "%.0s%s must be an integer", f->label_ja, f->name);
    if (s == ST_OK)
        *out = json_integer_value(v);
    return s;
}

/* The 年度 the incident was noticed in (JST). */
static int incident_fy(const json_t *row)
{
    int64_t t = 0;
    int y = 0, m = 0, d = 0;
    time_parse_iso(json_string_value(json_object_get(row, "noticed_at")), &t);
    time_jst_date(t, &y, &m, &d);
    return fiscal_year(y, m);
}

static Status check_review(Ctx *ctx, const json_t *row, int64_t fy, Err *e)
{
    char label[48], today[11];
    int ty, tm, td;
    date_today(ctx->clock, today);
    date_parse(today, &ty, &tm, &td);
    int64_t first = incident_fy(row), last = fiscal_year(ty, tm) + 1;
    fy_label(fy, label, sizeof label);
    if (fy < first) {
        char from[48];
        fy_label(first, from, sizeof from);
        return err_setf(e, ST_INVALID, "review_year_before_incident", "review_fiscal_year",
                        "%sの見直しには反映できません。このインシデントは%sに気付いたものです",
                        "the review of %s is before %s, when the incident was noticed", label, from);
    }
    if (fy > last)
        return err_setf(e, ST_INVALID, "review_year_too_far", "review_fiscal_year",
                        "%sは先すぎます。今年度か翌年度の見直しを指定してください",
                        "the review of %s is too far ahead: name this fiscal year's or the next", label);
    Stmt *st = db_prepare(ctx->db, "SELECT reviewed_on FROM policy_reviews_v WHERE fiscal_year = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    bool found = false;
    Status s = stmt_step_row(st, &found, e);
    char held[11] = "";
    if (s == ST_OK && found)
        snprintf(held, sizeof held, "%s", stmt_text(st, 0) ? stmt_text(st, 0) : "");
    stmt_finalize(st);
    /* a review recorded with a date before today is over: nothing more can be taken into it */
    if (s == ST_OK && found && strcmp(held, today) < 0)
        s = err_setf(e, ST_CONFLICT, "review_already_held", "review_fiscal_year",
                     "%sの見直しは %s に済んでいます。教訓はこれから行う見直し (翌年度など) に反映してください",
                     "the review of %s was held on %s: name a review still to come", label, held);
    return s;
}

static Status check_request(Ctx *ctx, int64_t id, Err *e)
{
    static const struct {
        const char *state, *ja;
    } dead[] = {{"draft", "下書き"}, {"rejected", "却下"}, {"withdrawn", "取下げ"}, {"expired", "期限切れ"}};
    Stmt *st = db_prepare(ctx->db, "SELECT state FROM requests_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool found = false;
    Status s = stmt_step_row(st, &found, e);
    char state[16] = "", no[24];
    snprintf(no, sizeof no, "%lld", (long long)id);
    if (s == ST_OK && found)
        snprintf(state, sizeof state, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s == ST_OK && !found)
        s = err_setf(e, ST_INVALID, "change_request_not_found", "change_request_id", "申請 No.%s はありません",
                     "no request No.%s", no);
    for (size_t i = 0; s == ST_OK && i < sizeof dead / sizeof dead[0]; i++)
        if (!strcmp(state, dead[i].state))
            s = err_setf(e, ST_CONFLICT, "change_request_not_alive", "change_request_id",
                         "申請 No.%s は「%s」のため、再発防止の変更として参照できません%.0s",
                         "request No.%s is %.0s%s: it cannot carry the prevention", no, dead[i].ja, state);
    return s;
}

Status incident_follow_up_check(Ctx *ctx, const json_t *row, json_t *in, int64_t *fy, int64_t *request, Err *e)
{
    Status s = opt_int(in, &incident_fields[INCIDENT_F_REVIEW_YEAR], fy, e);
    if (s == ST_OK)
        s = opt_int(in, &incident_fields[INCIDENT_F_CHANGE_REQUEST], request, e);
    if (s == ST_OK && !*fy && !*request)
        s = err_set(e, ST_INVALID, "incident_no_follow_up", "review_fiscal_year",
                    "教訓を反映する年度の見直し (第165条) か、再発防止のための変更の申請を指定してください",
                    "name the fiscal year of the policy review (Art. 165) or the change request that takes the lessons in");
    if (s == ST_OK && *fy)
        s = check_review(ctx, row, *fy, e);
    if (s == ST_OK && *request)
        s = check_request(ctx, *request, e);
    return s;
}
