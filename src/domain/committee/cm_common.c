/* cm_common: access, input checks and links shared by the committee's files (committee_internal.h). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/committee/committee_internal.h"
#include "policy/capability.h"
#include "policy/pack.h"

Status cm_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "committee_meeting_not_found", NULL, "委員会の会議が見つかりません",
                   "committee meeting not found");
}

Status cm_require_manage(const Ctx *ctx, Err *e)
{
    if (ctx->actor->caps & CAP_COMMITTEE_MANAGE)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "委員会の会議を編集できるのは委員長と事務局です (第19条)",
                   "only the chair and the secretariat edit the committee's meetings");
}

Status cm_require_member(const Ctx *ctx, Err *e)
{
    if (ctx->actor->caps & (CAP_COMMITTEE_READ | CAP_COMMITTEE_MANAGE))
        return ST_OK;
    return cm_not_found(e);
}

Status cm_meeting_state(Ctx *ctx, int64_t id, char state[static 16], Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT state FROM committee_meetings WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        snprintf(state, 16, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    return s != ST_OK ? s : row ? ST_OK : cm_not_found(e);
}

Status cm_require_scheduled(Ctx *ctx, int64_t id, Err *e)
{
    char state[16];
    Status s = cm_meeting_state(ctx, id, state, e);
    if (s == ST_OK && strcmp(state, "scheduled") != 0)
        return err_set(e, ST_CONFLICT, "committee_meeting_held", NULL,
                       "開催済みの会議の記録は確定しています。変更できません",
                       "the meeting has been held; its record is final");
    return s;
}

Status cm_text(const json_t *body, const char *field, const char *label, size_t max, bool required, bool lines,
               const char **out, Err *e)
{
    const json_t *v = json_object_get(body, field);
    *out = "";
    if (v && !json_is_null(v) && !json_is_string(v))
        return err_setf(e, ST_INVALID, "invalid_type", field, "%sは文字列で指定してください", "%s must be a string", label);
    const char *s = json_string_value(v);
    if (!s || !*s) {
        if (required)
            return err_setf(e, ST_INVALID, "required", field, "%sを入力してください", "%s is required", label);
        return ST_OK;
    }
    if (!text_valid_chars(s, max, lines))
        return err_setf(e, ST_INVALID, "too_long", field, "%sは%zu文字以内で、制御文字を含めずに入力してください",
                        "%s: at most %zu characters, no control characters", label, max);
    *out = s;
    return ST_OK;
}

Status cm_id(const json_t *body, const char *field, const char *label, int64_t *out, Err *e)
{
    const json_t *v = json_object_get(body, field);
    *out = 0;
    if (!v || json_is_null(v))
        return ST_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_setf(e, ST_INVALID, "invalid_field", field, "%sの指定が正しくありません", "%s is not valid", label);
    *out = json_integer_value(v);
    return ST_OK;
}

Status cm_is_member(Ctx *ctx, int64_t person_id, bool *yes, Err *e)
{
    *yes = false;
    const PackCommittee *c = &ctx->pack->committee;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.role FROM role_assignments_v r JOIN people_v p ON p.id = r.person_id"
                          " WHERE r.person_id = ?1 AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                          " AND p.active_from <= ?2 AND (p.active_until IS NULL OR p.active_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, today);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        for (size_t i = 0; i < c->n_members; i++)
            *yes |= strcmp(c->members[i], stmt_text(st, 0)) == 0;
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static const struct {
    const char *kind, *label;
} agenda_kinds[] = {
    {"selfcheck", "自己点検の結果の報告 (第163条)"},
    {"audit", "情報セキュリティ監査の結果の報告 (第158条)"},
    {"incident_stats", "情報セキュリティインシデントの状況の報告"},
    {"training_report", "研修の実施状況の報告 (第51条7)"},
    {"readiness", "情報セキュリティ対策の状況 (地方自治法施行規則第16条の3)"},
    {"exceptions", "例外措置の状況 (第131条)"},
    {"policy_review", "情報セキュリティポリシーの見直し (第165条)"},
    {"other", "その他"},
};

const char *cm_agenda_label(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof agenda_kinds / sizeof *agenda_kinds; i++)
        if (strcmp(agenda_kinds[i].kind, kind) == 0)
            return agenda_kinds[i].label;
    return NULL;
}

void cm_agenda_link(const char *kind, int64_t ref_id, int64_t ref_year, char *out, size_t cap)
{
    long long id = (long long)ref_id, fy = (long long)ref_year;
    if (strcmp(kind, "selfcheck") == 0)
        snprintf(out, cap, "/selfchecks/%lld", id);
    else if (strcmp(kind, "audit") == 0)
        snprintf(out, cap, "/audits/%lld", id);
    else if (strcmp(kind, "incident_stats") == 0)
        snprintf(out, cap, "/api/v1/incidents/stats/pdf?fiscal_year=%lld", fy);
    else if (strcmp(kind, "training_report") == 0)
        snprintf(out, cap, "/api/v1/training/report/pdf?fiscal_year=%lld", fy);
    else if (strcmp(kind, "readiness") == 0)
        snprintf(out, cap, "/api/v1/readiness/pdf");
    else if (strcmp(kind, "exceptions") == 0)
        snprintf(out, cap, "/requests/exceptions");
    else if (strcmp(kind, "policy_review") == 0)
        snprintf(out, cap, "/policy-docs/reviews");
    else
        snprintf(out, cap, "%s", "");
}

static const struct {
    const char *kind, *label;
} decision_kinds[] = {
    {"policy_version", "情報セキュリティポリシーの改定の承認"},
    {"audit_plan", "監査実施計画の承認 (第156条)"},
    {"exception", "例外措置"},
    {"training_plan", "研修計画の承認 (第51条)"},
    {"instruction", "改善の指示"},
    {"other", "その他の決定"},
};

const char *cm_decision_label(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof decision_kinds / sizeof *decision_kinds; i++)
        if (strcmp(decision_kinds[i].kind, kind) == 0)
            return decision_kinds[i].label;
    return NULL;
}

void cm_decision_link(const char *kind, int64_t ref_id, char *out, size_t cap)
{
    long long id = (long long)ref_id;
    if (strcmp(kind, "policy_version") == 0)
        snprintf(out, cap, "/policy-docs/versions/%lld", id);
    else if (strcmp(kind, "audit_plan") == 0)
        snprintf(out, cap, "/audits/%lld", id);
    else if (strcmp(kind, "exception") == 0)
        snprintf(out, cap, "/requests/%lld", id);
    else if (strcmp(kind, "training_plan") == 0) /* ref_id is the 年度 */
        snprintf(out, cap, "/training?fiscal_year=%lld", id);
    else
        snprintf(out, cap, "%s", "");
}
