/* api_committee: 情報セキュリティ委員会 (第19条) over HTTP — members, meetings, attendees, agenda,
 * holding, decisions and the 議事録 PDF. Editing needs committee.manage (the chair and the
 * secretariat); reading is the domain's (members, and an instruction's owner) and answers 404 to
 * anyone else (domain/committee/committee.h). */
#include "domain/committee/committee.h"
#include "http/api.h"
#include "http/input.h"
#include "http/problem.h"

static const Field meeting_fields[] = {
    {"title", F_STRING, true, 800, "会議名"},
    {"meets_on", F_DATE, true, 0, "開催日"},
    {"starts_at", F_STRING, false, 5, "開始時刻"},
    {"place", F_STRING, false, 800, "場所"},
    {NULL, 0, false, 0, NULL},
};

static const Field attendee_fields[] = {
    {"person_id", F_ID_OR_NULL, false, 0, "出席者"},
    {"guest_name", F_STRING, false, 400, "出席者の氏名"},
    {"guest_affiliation", F_STRING, false, 800, "所属"},
    {NULL, 0, false, 0, NULL},
};

static const Field agenda_fields[] = {
    {"kind", F_STRING, true, 32, "議題の種類"},
    {"ref_id", F_ID_OR_NULL, false, 0, "報告"},
    {"ref_year", F_INT, false, 0, "年度"},
    {"title", F_STRING, false, 800, "議題"},
    {"note", F_STRING, false, 16000, "補足"},
    {NULL, 0, false, 0, NULL},
};

static const Field hold_fields[] = {
    {"minutes", F_STRING, true, 80000, "議事の経過"},
    {NULL, 0, false, 0, NULL},
};

static const Field decision_fields[] = {
    {"kind", F_STRING, true, 32, "決定の種類"},
    {"text", F_STRING, true, 16000, "決定の内容"},
    {"agenda_id", F_ID_OR_NULL, false, 0, "議題"},
    {"ref_id", F_ID_OR_NULL, false, 0, "決定の対象"},
    {"owner_person_id", F_ID_OR_NULL, false, 0, "担当者"},
    {"due_on", F_DATE, false, 0, "期限"},
    {NULL, 0, false, 0, NULL},
};

static const Field done_fields[] = {
    {"result", F_STRING, true, 16000, "対応の結果"},
    {NULL, 0, false, 0, NULL},
};

static Status meeting_id(Request *req, int i, int64_t *id, Err *e)
{
    if (!parse_id(req->params[i], id))
        return err_set(e, ST_NOTFOUND, "committee_meeting_not_found", NULL, "委員会の会議が見つかりません",
                       "committee meeting not found");
    return ST_OK;
}

/* Answers the meeting as it is now (after a change) with status. */
static Status reply_meeting(Request *req, Response *res, Status s, int64_t id, int status, Err *e)
{
    json_t *out = NULL;
    if (s == ST_OK)
        s = committee_meeting_get(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/committee/members signed_in
 * 情報セキュリティ委員会の委員 (委員長と委員, 第19条; 委員以外には404) */
Status api_committee_members(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = committee_members(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/committee/meetings signed_in
 * 情報セキュリティ委員会の会議の一覧 (委員以外には404) */
Status api_committee_meetings_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = committee_meetings_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/committee/meetings committee.manage changes_state
 * 委員会の会議の予定 (日時・場所) */
Status api_committee_meetings_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    Status s = input_check(req->json, meeting_fields, e);
    if (s == ST_OK)
        s = committee_meeting_create(&req->ctx, req->json, &id, e);
    return reply_meeting(req, res, s, id, 201, e);
}

/* ROUTE: GET /api/v1/committee/meetings/{id} signed_in
 * 委員会の会議 (出席者・議題と報告へのリンク・決定; 委員と指示の担当者) */
Status api_committee_meetings_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    return reply_meeting(req, res, s, id, 200, e);
}

/* ROUTE: PATCH /api/v1/committee/meetings/{id} committee.manage changes_state
 * 開催前の会議の日時・場所の変更 */
Status api_committee_meetings_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, meeting_fields, e);
    if (s == ST_OK)
        s = committee_meeting_update(&req->ctx, id, req->json, e);
    return reply_meeting(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/attendees committee.manage changes_state
 * 出席者の登録 (委員、または委員以外の出席者) */
Status api_committee_attendees_add(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, attendee_fields, e);
    if (s == ST_OK)
        s = committee_attendee_add(&req->ctx, id, req->json, NULL, e);
    return reply_meeting(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/attendees/{aid}/remove committee.manage changes_state
 * 出席者の削除 (開催前) */
Status api_committee_attendees_remove(Request *req, Response *res, Err *e)
{
    int64_t id, aid = 0;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &aid))
        s = err_set(e, ST_NOTFOUND, "committee_attendee_not_found", NULL, "出席者が見つかりません", "attendee not found");
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = committee_attendee_remove(&req->ctx, id, aid, e);
    return reply_meeting(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/agenda committee.manage changes_state
 * 議題の追加 (自己点検・監査・インシデントの状況・研修・第16条の3・例外措置・見直しの報告を参照で付議) */
Status api_committee_agenda_add(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, agenda_fields, e);
    if (s == ST_OK)
        s = committee_agenda_add(&req->ctx, id, req->json, NULL, e);
    return reply_meeting(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/agenda/{aid}/remove committee.manage changes_state
 * 議題の削除 (開催前) */
Status api_committee_agenda_remove(Request *req, Response *res, Err *e)
{
    int64_t id, aid = 0;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &aid))
        s = err_set(e, ST_NOTFOUND, "committee_agenda_not_found", NULL, "議題が見つかりません", "agenda item not found");
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = committee_agenda_remove(&req->ctx, id, aid, e);
    return reply_meeting(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/hold committee.manage changes_state
 * 開催の記録 (議事の経過; 記録を確定し、そのハッシュを証跡に記録) */
Status api_committee_hold(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, hold_fields, e);
    if (s == ST_OK)
        s = committee_meeting_hold(&req->ctx, id, req->json, e);
    return reply_meeting(req, res, s, id, 200, e);
}

/* ROUTE: POST /api/v1/committee/meetings/{id}/decisions committee.manage changes_state
 * 決定の記録 (ポリシーの版・監査実施計画・例外措置に紐づけ、または改善の指示) */
Status api_committee_decisions_add(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, decision_fields, e);
    if (s == ST_OK)
        s = committee_decision_add(&req->ctx, id, req->json, NULL, e);
    return reply_meeting(req, res, s, id, 201, e);
}

/* ROUTE: POST /api/v1/committee/decisions/{id}/done signed_in changes_state
 * 改善の指示の完了の記録 (担当者または事務局) */
Status api_committee_decision_done(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "committee_decision_not_found", NULL, "委員会の決定が見つかりません",
                       "committee decision not found");
    Status s = input_check(req->json, done_fields, e);
    if (s == ST_OK)
        s = committee_decision_done(&req->ctx, id, in_str(req->json, "result", NULL), e);
    if (s != ST_OK)
        return s;
    return respond_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "done"));
}

/* ROUTE: GET /api/v1/committee/meetings/{id}/minutes.pdf signed_in
 * 議事録 (PDF, 和暦; 委員) */
Status api_committee_minutes_pdf(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = meeting_id(req, 0, &id, e);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (s == ST_OK)
        s = committee_minutes_pdf(&req->ctx, id, &pdf, &len, e);
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", "情報セキュリティ委員会_議事録.pdf") : s;
}
