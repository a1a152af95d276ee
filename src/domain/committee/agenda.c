/* agenda: the reports put before a meeting, each by reference (committee.h): the reference is checked
 * through the owning module's public function with the actor's own rights, so an item never links
 * what its author could not open. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "domain/evaluation/evaluation.h"
#include "domain/policydocs/policydocs.h"

/* The referenced report exists and the actor may read it; a default title into title. */
static Status check_reference(Ctx *ctx, const char *kind, int64_t ref_id, int64_t ref_year, char *title, size_t cap,
                              Err *e)
{
    bool needs_id = strcmp(kind, "selfcheck") == 0 || strcmp(kind, "audit") == 0 || strcmp(kind, "policy_review") == 0;
    bool needs_year = strcmp(kind, "incident_stats") == 0 || strcmp(kind, "training_report") == 0;
    if (needs_id && !ref_id)
        return err_set(e, ST_INVALID, "required", "ref_id", "議題にする報告を選んでください", "choose the report to put on the agenda");
    if (!needs_id && ref_id)
        return err_set(e, ST_INVALID, "invalid_field", "ref_id", "この種類の議題には報告の番号を指定できません",
                       "this kind of agenda item takes no report id");
    if (!needs_year && ref_year)
        return err_set(e, ST_INVALID, "invalid_field", "ref_year", "この種類の議題には年度を指定できません",
                       "this kind of agenda item takes no fiscal year");
    if (needs_year) {
        char today[11];
        date_today(ctx->clock, today);
        int y, m, d;
        date_parse(today, &y, &m, &d);
        int now = fiscal_year(y, m);
        if (ref_year < 2000 || ref_year > now)
            return err_setf(e, ST_INVALID, "invalid_field", "ref_year", "年度は2000年度から%d年度までで指定してください",
                            "the fiscal year must be from 2000 to %d", now);
        snprintf(title, cap, "%lld年度 %s", (long long)ref_year,
                 strcmp(kind, "incident_stats") == 0 ? "情報セキュリティインシデントの状況" : "研修の実施状況");
        return ST_OK;
    }
    json_t *r = NULL;
    Status s = ST_OK;
    const char *missing = "議題にする報告が見つかりません", *missing_en = "the report to put on the agenda was not found";
    if (strcmp(kind, "selfcheck") == 0)
        s = selfcheck_get(ctx, ref_id, &r, e);
    else if (strcmp(kind, "audit") == 0)
        s = audit_get(ctx, ref_id, &r, e);
    else if (strcmp(kind, "policy_review") == 0)
        s = policy_review_get(ctx, ref_id, &r, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "committee_reference_not_found", "ref_id", missing, missing_en);
    if (s != ST_OK)
        return s;
    const char *t = json_string_value(json_object_get(r, "title"));
    long long fy = (long long)json_integer_value(json_object_get(r, "fiscal_year"));
    if (strcmp(kind, "selfcheck") == 0)
        snprintf(title, cap, "自己点検の結果: %s", t ? t : "");
    else if (strcmp(kind, "audit") == 0)
        snprintf(title, cap, "監査の結果: %s", t ? t : "");
    else if (fy)
        snprintf(title, cap, "%lld年度 情報セキュリティポリシーの見直し", fy);
    else
        snprintf(title, cap, "情報セキュリティポリシーの見直し");
    json_decref(r);
    return ST_OK;
}

Status committee_agenda_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e)
{
    const char *kind, *title, *note;
    int64_t ref_id = 0, ref_year = 0;
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_require_scheduled(ctx, meeting_id, e);
    if (s == ST_OK)
        s = cm_text(body, "kind", "議題の種類", 32, true, false, &kind, e);
    if (s == ST_OK && !cm_agenda_label(kind))
        s = err_set(e, ST_INVALID, "invalid_kind", "kind", "議題の種類が正しくありません", "unknown agenda item kind");
    if (s == ST_OK)
        s = cm_text(body, "title", "議題", 200, strcmp(kind, "other") == 0, false, &title, e);
    if (s == ST_OK)
        s = cm_text(body, "note", "補足", 4000, false, true, &note, e);
    if (s == ST_OK)
        s = cm_id(body, "ref_id", "報告", &ref_id, e);
    if (s == ST_OK)
        s = cm_id(body, "ref_year", "年度", &ref_year, e);
    char deftitle[240] = "";
    if (s == ST_OK && strcmp(kind, "other") != 0)
        s = check_reference(ctx, kind, ref_id, ref_year, deftitle, sizeof deftitle, e);
    if (s != ST_OK)
        return s;
    if (!*deftitle)
        snprintf(deftitle, sizeof deftitle, "%s", cm_agenda_label(kind));
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO committee_agenda (meeting_id, position, kind, ref_id, ref_year, title, note)"
                          " VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM committee_agenda WHERE meeting_id = ?1),"
                          " ?2, ?3, ?4, ?5, ?6)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, meeting_id);
    stmt_bind_text(st, 2, kind);
    if (ref_id)
        stmt_bind_int(st, 3, ref_id);
    else
        stmt_bind_null(st, 3);
    if (ref_year)
        stmt_bind_int(st, 4, ref_year);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, *title ? title : deftitle);
    stmt_bind_text(st, 6, note);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL; /* the row as stored, with its id (reconciled as committee_agenda) */
    if (s == ST_OK && (s = cm_agenda_row(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "committee_meeting.agenda_add", "committee_meeting", meeting_id, NULL, after, e);
    json_decref(after);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}
