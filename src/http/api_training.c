/* api_training: 研修 (第50条–第53条) over HTTP — courses, sessions, attendance by hand and from a
 * file, 受講率 per 課室 with who has not attended, a person's courses and the yearly report's figures.
 * Managing needs training.manage; who may see a 課室's rates is the domain's (its 情報セキュリティ
 * 管理者, 第51条5). */
#include <stdlib.h>
#include <string.h>

#include "domain/committee/committee.h"
#include "domain/org/org.h"
#include "domain/training/training.h"
#include "entities/training_entity.h"
#include "http/api_training.h"
#include "http/input.h"
#include "http/input_entity.h"
#include "http/problem.h"
#include "report/training.h"

static Status path_id(Request *req, int i, int64_t *id, const char *code, Err *e)
{
    if (!parse_id(req->params[i], id))
        return err_set(e, ST_NOTFOUND, code, "id", "見つかりません", "not found");
    return ST_OK;
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ?fiscal_year=N (0 when absent); a value that is not a 年度 is refused. */
static Status query_fy(Request *req, int *fy, Err *e)
{
    *fy = 0;
    const char *v = req_query(req, "fiscal_year");
    if (!v || !*v)
        return ST_OK;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (*end || n < 2000 || n > 2999)
        return err_set(e, ST_INVALID, "invalid_fiscal_year", "fiscal_year", "年度は2000〜2999の数で指定してください",
                       "the fiscal year must be a number from 2000 to 2999");
    *fy = (int)n;
    return ST_OK;
}

/* ROUTE: GET /api/v1/training/audiences signed_in
 * 研修の対象者の区分 (ポリシーパック, 第51条) */
Status api_training_audiences(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, training_audiences(&req->ctx));
}

/* ROUTE: GET /api/v1/training/courses training.manage
 * 研修の一覧 (年度ごと、受講率つき) */
Status api_training_courses_list(Request *req, Response *res, Err *e)
{
    int fy;
    json_t *out = NULL;
    Status s = query_fy(req, &fy, e);
    if (s == ST_OK)
        s = training_courses_list(&req->ctx, fy, &out, e);
    /* a 年度's list: its 研修計画 and whether the 委員会 approved it (第51条) */
    json_t *approval = NULL;
    if (s == ST_OK && fy && (s = committee_training_plan_approval(&req->ctx, fy, &approval, e)) == ST_OK)
        json_object_set_new(out, "plan_approval", approval ? approval : json_null());
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/training/courses training.manage changes_state
 * 研修の登録 (年度・対象者, 第51条) */
Status api_training_courses_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &course_entity, true, e);
    if (s == ST_OK)
        s = training_course_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = training_course_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/training/courses/{id} training.manage
 * 研修の詳細 (実施回・受講者数) */
Status api_training_courses_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = training_course_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: PATCH /api/v1/training/courses/{id} training.manage changes_state
 * 研修の変更 */
Status api_training_courses_update(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &course_entity, false, e);
    if (s == ST_OK)
        s = training_course_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = training_course_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/training/courses/{id}/sessions training.manage changes_state
 * 研修の実施回の登録 (実施日・会場・講師) */
Status api_training_sessions_add(Request *req, Response *res, Err *e)
{
    int64_t id, sid = 0;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &course_session_entity, true, e);
    if (s == ST_OK)
        s = training_session_add(&req->ctx, id, req->json, &sid, e);
    if (s == ST_OK)
        s = training_course_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/training/courses/{id}/attendance training.manage
 * 研修の受講記録の一覧 */
Status api_training_attendance_list(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = training_attendance_list(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/training/courses/{id}/attendance training.manage changes_state
 * 受講の記録 (手入力, 第51条5) */
Status api_training_attendance_record(Request *req, Response *res, Err *e)
{
    int64_t id, aid = 0;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &attendance_entity, true, e);
    if (s == ST_OK)
        s = training_attendance_record(&req->ctx, id, req->json, &aid, e);
    return reply(res, s, 201, s == ST_OK ? json_pack("{s:I}", "id", (json_int_t)aid) : NULL);
}

/* ROUTE: POST /api/v1/training/courses/{id}/attendance/{aid}/withdraw training.manage changes_state
 * 受講記録の取消し (記録は残る) */
Status api_training_attendance_withdraw(Request *req, Response *res, Err *e)
{
    static const Field none[] = {{NULL, 0, false, 0, NULL}};
    int64_t id, aid;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = path_id(req, 1, &aid, "attendance_not_found", e);
    if (s == ST_OK)
        s = input_check(req->json, none, e);
    if (s == ST_OK)
        s = training_attendance_withdraw(&req->ctx, id, aid, e);
    return reply(res, s, 200, s == ST_OK ? json_pack("{s:I}", "id", (json_int_t)aid) : NULL);
}

/* The body is the file (CSV/XLSX). ?dry_run=1 only checks; ?mapping= the confirmed columns as JSON.
 * Problems: 400 with every row's error in "errors" and the mapping. */
/* ROUTE: POST /api/v1/training/courses/{id}/import training.manage upload
 * 受講記録の取り込み (eラーニングの出力・受講者名簿, CSV/XLSX, 全件または0件) */
Status api_training_import(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    const char *filename = req_query(req, "filename"), *dry = req_query(req, "dry_run"), *mapping = req_query(req, "mapping");
    if (s == ST_OK && filename && strlen(filename) > 255)
        s = err_set(e, ST_INVALID, "too_long", "filename", "ファイル名が長すぎます", "file name too long");
    json_t *map = NULL;
    if (s == ST_OK && mapping && *mapping) {
        map = json_loads(mapping, 0, NULL);
        if (!json_is_object(map))
            s = err_set(e, ST_INVALID, "mapping_invalid", "mapping", "列の対応付けが読めません", "the mapping cannot be read");
    }
    json_t *report = NULL;
    if (s == ST_OK)
        s = training_import(&req->ctx, id, (const unsigned char *)req->body.data, req->body.len, filename, map,
                            dry && strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0, &report, e);
    json_decref(map);
    if (s == ST_INVALID && report) {
        json_t *p = problem_from_err(e);
        json_object_set(p, "errors", json_object_get(report, "errors"));
        json_object_set(p, "mapping", json_object_get(report, "mapping"));
        json_decref(report);
        return respond_json(res, err_http(e), p);
    }
    json_decref(s == ST_OK ? NULL : report);
    return reply(res, s, 200, report);
}

/* ROUTE: GET /api/v1/training/courses/{id}/rates signed_in
 * 課室ごとの受講率 (研修を管理する者、課室の情報セキュリティ管理者, 第51条5・6) */
Status api_training_rates(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    if (s == ST_OK)
        s = training_rates(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/training/courses/{id}/missing signed_in
 * 未受講者の一覧 (課室ごと) */
Status api_training_missing(Request *req, Response *res, Err *e)
{
    int64_t id, section = 0;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "course_not_found", e);
    const char *sec = req_query(req, "section_id");
    if (s == ST_OK && sec && *sec && !parse_id(sec, &section))
        s = err_set(e, ST_INVALID, "unknown_unit", "section_id", "課室の指定が正しくありません", "the section is not valid");
    if (s == ST_OK)
        s = training_missing(&req->ctx, id, section, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/training/people/{id} signed_in
 * 職員の研修の受講状況 (本人・研修を管理する者・課室の情報セキュリティ管理者) */
Status api_training_person(Request *req, Response *res, Err *e)
{
    int64_t id;
    int fy;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "person_not_found", e);
    if (s == ST_OK)
        s = query_fy(req, &fy, e);
    if (s == ST_OK)
        s = training_person_status(&req->ctx, id, fy, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/training/me signed_in
 * 自分の研修の受講状況 (第53条) */
Status api_training_me(Request *req, Response *res, Err *e)
{
    int fy;
    json_t *out = NULL;
    Status s = query_fy(req, &fy, e);
    if (s == ST_OK && !req->ctx.actor->person_id)
        s = err_set(e, ST_NOTFOUND, "person_not_found", NULL, "職員として登録されていません", "you are not registered as a person");
    if (s == ST_OK)
        s = training_person_status(&req->ctx, req->ctx.actor->person_id, fy, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/training/report training.manage
 * 研修の実施状況 (年度, 委員会への報告の内容, 第51条7) */
Status api_training_report(Request *req, Response *res, Err *e)
{
    int fy;
    json_t *out = NULL;
    Status s = query_fy(req, &fy, e);
    if (s == ST_OK && !fy)
        s = err_set(e, ST_INVALID, "required", "fiscal_year", "年度を指定してください", "give the fiscal year");
    if (s == ST_OK)
        s = training_year_report(&req->ctx, fy, &out, e);
    return reply(res, s, 200, out);
}

/* One line of the report from a {target, attended, rate} object. */
static TrainingReportLine report_line(const char *name, const char *detail, json_t *counts)
{
    return (TrainingReportLine){name, detail, (long)json_integer_value(json_object_get(counts, "target")),
                                (long)json_integer_value(json_object_get(counts, "attended")),
                                json_number_value(json_object_get(counts, "rate"))};
}

/* ROUTE: GET /api/v1/training/report/pdf training.manage
 * 研修の実施状況の報告書 (PDF, 和暦, 委員会への報告, 第51条7) */
Status api_training_report_pdf(Request *req, Response *res, Err *e)
{
    int fy;
    json_t *r = NULL, *org = NULL;
    Status s = query_fy(req, &fy, e);
    if (s == ST_OK && !fy)
        s = err_set(e, ST_INVALID, "required", "fiscal_year", "年度を指定してください", "give the fiscal year");
    if (s == ST_OK)
        s = training_year_report(&req->ctx, fy, &r, e);
    if (s == ST_OK)
        s = org_root(&req->ctx, &org, e);
    if (s != ST_OK) {
        json_decref(r);
        return s;
    }
    json_t *courses = json_object_get(r, "courses"), *sections = json_object_get(r, "sections"), *c;
    size_t nc = json_array_size(courses), ns = json_array_size(sections), i;
    TrainingReportLine *cl = calloc(nc + 1, sizeof *cl), *sl = calloc(ns + 1, sizeof *sl);
    char **details = calloc(nc + 1, sizeof *details);
    json_array_foreach(courses, i, c) {
        const char *method = json_string_value(json_object_get(c, "method")), *due = json_string_value(json_object_get(c, "due_on"));
        const char *mj = method && strcmp(method, "elearning") == 0 ? "eラーニング" : method && strcmp(method, "other") == 0 ? "その他" : "集合研修";
        /* the report is a formal document: its dates are 和暦 */
        char due_label[48] = "";
        int y, m, d;
        if (due && !(date_parse(due, &y, &m, &d) && wareki_date(y, m, d, due_label, sizeof due_label)))
            snprintf(due_label, sizeof due_label, "%s", due);
        size_t n = 512;
        details[i] = malloc(n);
        snprintf(details[i], n, "対象者: %s・%s%s%s", json_string_value(json_object_get(c, "audience_label")), mj,
                 due ? "・受講期限 " : "", due_label);
        cl[i] = report_line(json_string_value(json_object_get(c, "title")), details[i], json_object_get(c, "counts"));
    }
    json_array_foreach(sections, i, c)
        sl[i] = report_line(json_string_value(json_object_get(c, "name")), NULL, c);
    TrainingReportLine total = report_line("全体", NULL, json_object_get(r, "total"));
    unsigned char *pdf = NULL;
    size_t len = 0;
    s = training_report_pdf(json_string_value(json_object_get(org, "name")), json_string_value(json_object_get(r, "fiscal_year_label")),
                            json_string_value(json_object_get(r, "date_label")), cl, nc, sl, ns, &total, &pdf, &len, e);
    for (i = 0; i < nc; i++)
        free(details[i]);
    free(details);
    free(cl);
    free(sl);
    char name[96];
    snprintf(name, sizeof name, "研修の実施状況_%s.pdf", json_string_value(json_object_get(r, "fiscal_year_label")));
    json_decref(r);
    json_decref(org);
    return s == ST_OK ? respond_file(res, pdf, len, "application/pdf", name) : s;
}

/* ---- 緊急時対応訓練 (第52条) ---- */

/* ROUTE: GET /api/v1/training/drills training.manage
 * 緊急時対応訓練の一覧 (年度ごと) */
Status api_training_drills_list(Request *req, Response *res, Err *e)
{
    int fy;
    json_t *out = NULL;
    Status s = query_fy(req, &fy, e);
    if (s == ST_OK)
        s = training_drills_list(&req->ctx, fy, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/training/drills training.manage changes_state
 * 緊急時対応訓練の記録 (想定・実施体制と範囲, 第52条) */
Status api_training_drills_create(Request *req, Response *res, Err *e)
{
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &drill_entity, true, e);
    if (s == ST_OK)
        s = training_drill_create(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = training_drill_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/training/drills/{id} signed_in
 * 緊急時対応訓練の詳細 (参加者・課題; 研修・訓練の担当、参加者、課題の担当者) */
Status api_training_drills_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "drill_not_found", e);
    if (s == ST_OK)
        s = training_drill_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/training/drills/{id}/participants training.manage changes_state
 * 訓練の参加者の登録 */
Status api_training_drills_participant(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"person_id", F_ID_OR_NULL, true, 0, "参加者"},
        {"part", F_STRING, false, 300, "訓練での役割"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "drill_not_found", e);
    if (s == ST_OK)
        s = input_check(req->json, fields, e);
    if (s == ST_OK)
        s = training_drill_participant_add(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = training_drill_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/training/drills/{id}/findings training.manage changes_state
 * 訓練の課題の登録 (担当者と期限, 担当者のホームの作業になる) */
Status api_training_drills_finding(Request *req, Response *res, Err *e)
{
    int64_t id, fid = 0;
    json_t *out = NULL;
    Status s = path_id(req, 0, &id, "drill_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &drill_finding_entity, true, e);
    if (s == ST_OK)
        s = training_drill_finding_add(&req->ctx, id, req->json, &fid, e);
    if (s == ST_OK)
        s = training_drill_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/training/drills/{id}/findings/{fid}/close signed_in changes_state
 * 訓練の課題の完了 (担当者または研修・訓練の担当, 結果を記録) */
Status api_training_drills_finding_close(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"result", F_STRING, true, 2000, "対応の結果"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id, fid;
    Status s = path_id(req, 0, &id, "drill_not_found", e);
    if (s == ST_OK)
        s = path_id(req, 1, &fid, "finding_not_found", e);
    if (s == ST_OK)
        s = input_check(req->json, fields, e);
    if (s == ST_OK)
        s = training_drill_finding_close(&req->ctx, id, fid, in_str(req->json, "result", NULL), e);
    return reply(res, s, 200, s == ST_OK ? json_pack("{s:I, s:s}", "id", (json_int_t)fid, "state", "done") : NULL);
}
