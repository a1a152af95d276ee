/* api_incidents: インシデント対応 (第54条–第56条) over HTTP. Bodies are checked here for shape
 * (fields, types, lengths); the rules, the chain and who may read a report are the domain's
 * (src/domain/incidents). */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "domain/history/history.h"
#include "domain/incidents/incidents.h"
#include "trail/trail.h"
#include "entities/incident_entity.h"
#include "http/api_incidents.h"
#include "http/input.h"
#include "http/input_entity.h"

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* ROUTE: GET /api/v1/incidents/options signed_in
 * インシデント報告の選択肢 (個人情報の種類・報告の経路・分類・重大度) */
Status api_incidents_options(Request *req, Response *res, Err *e)
{
    bool csirt = false, decide = false;
    Status s = incident_can(&req->ctx, &csirt, &decide, e);
    if (s != ST_OK)
        return s;
    json_t *o = incident_options(&req->ctx);
    json_object_set_new(o, "can_board", json_boolean(csirt || decide)); /* the board's tab */
    json_object_set_new(o, "can_assign", json_boolean(csirt));
    return respond_json(res, 200, o);
}

static const char *opt_query(Request *req, const char *name)
{
    const char *v = req_query(req, name);
    return v && *v ? v : NULL;
}

/* ROUTE: GET /api/v1/incidents signed_in
 * 自分の報告 (box=mine) と報告を受けたインシデント (box=chain) */
Status api_incidents_list(Request *req, Response *res, Err *e)
{
    const char *box = opt_query(req, "box");
    IncidentFilter f = {.state = opt_query(req, "state"), .category = opt_query(req, "category"),
                        .severity = opt_query(req, "severity")};
    Status s = ST_OK;
    const char *unit = opt_query(req, "unit_id"), *overdue = opt_query(req, "overdue");
    if (unit && !parse_id(unit, &f.unit_id))
        s = err_set(e, ST_INVALID, "invalid_parameter", "unit_id", "unit_id は組織のIDで指定してください",
                    "unit_id must be a unit id");
    if (s == ST_OK && overdue && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0)
        s = err_set(e, ST_INVALID, "invalid_parameter", "overdue", "overdue は true か false で指定してください",
                    "overdue must be true or false");
    f.overdue = overdue && strcmp(overdue, "true") == 0;
    json_t *out = NULL;
    if (s == ST_OK)
        s = incident_list_filtered(&req->ctx, box ? box : "mine", &f, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/incidents signed_in changes_state
 * インシデントの報告 (第54条, 住民等外部からは第55条) */
Status api_incidents_create(Request *req, Response *res, Err *e)
{
    static const Field extra[] = {{"personal_data_kinds", F_ARRAY, false, 0, "個人情報の種類"}, {NULL, 0, false, 0, NULL}};
    static const char *const names[] = {"title", "description", "noticed_at", "occurred_at", "asset_id", "system_id",
                                        "place", "personal_data", "affected_count", "source", "caller_name",
                                        "caller_contact", NULL};
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check_named(req->json, &incident_entity, names, extra, e);
    if (s == ST_OK)
        s = incident_report(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

static Status path_id(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                       "incident report not found");
    return ST_OK;
}

/* ROUTE: GET /api/v1/incidents/{id} signed_in
 * インシデントの報告と報告の経路 (誰がいつ確認したか) */
Status api_incidents_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

typedef Status (*Step)(Ctx *ctx, int64_t id, json_t *in, Err *e);

/* A CSIRT/CISO step: check the body's shape, run the step, answer with the report as it is now. */
/* A later step of a report: the declared fields of ent named in names and the route's own extra. */
static Status step(Request *req, Response *res, const Entity *ent, const char *const *names, const Field *extra,
                   Step fn, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_named(req->json, ent, names, extra, e);
    if (s == ST_OK)
        s = fn(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/triage signed_in changes_state
 * CSIRTによる評価 (インシデントか、分類、重大度, 第56条) */
Status api_incidents_triage(Request *req, Response *res, Err *e)
{
    static const Field extra[] = {{"is_incident", F_BOOL, true, 0, "インシデントか"}, {NULL, 0, false, 0, NULL}};
    static const char *const names[] = {"category", "severity", "note", "causer_person_id", NULL};
    return step(req, res, &incident_entity, names, extra, incident_triage, e);
}

/* ROUTE: POST /api/v1/incidents/{id}/cause signed_in changes_state
 * 原因と再発防止策の記録 (第56条5・6) */
Status api_incidents_cause(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"cause", "prevention", NULL};
    return step(req, res, &incident_entity, names, NULL, incident_cause, e);
}

/* ROUTE: POST /api/v1/incidents/{id}/decision signed_in changes_state
 * CISOによる措置の指示 (第56条7) */
Status api_incidents_decision(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"decision", NULL};
    return step(req, res, &incident_entity, names, NULL, incident_decide, e);
}

/* ROUTE: POST /api/v1/incidents/{id}/close signed_in changes_state
 * インシデントの完了 (教訓、報告者・原因者は不可) */
Status api_incidents_close(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"lessons", "follow_up", "review_fiscal_year", "change_request_id", NULL};
    return step(req, res, &incident_entity, names, NULL, incident_close, e);
}

/* ROUTE: POST /api/v1/incidents/{id}/tasks signed_in changes_state
 * 応急措置・復旧・再発防止の作業の指示 (第56条3) */
Status api_incidents_task_add(Request *req, Response *res, Err *e)
{
    int64_t id, task = 0;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &incident_task_entity, true, e);
    if (s == ST_OK)
        s = incident_task_add(&req->ctx, id, req->json, &task, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/tasks/{tid}/done signed_in changes_state
 * 作業の完了 (担当者又はCSIRT) */
Status api_incidents_task_done(Request *req, Response *res, Err *e)
{
    int64_t id, task;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &task))
        s = err_set(e, ST_NOTFOUND, "incident_task_not_found", "task_id", "その作業はこの報告にありません",
                    "no such task on this report");
    if (s == ST_OK)
        s = input_check_named(req->json, &incident_task_entity, NULL, NULL, e);
    if (s == ST_OK)
        s = incident_task_done(&req->ctx, id, task, req->json, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/incidents/{id}/similar signed_in
 * 同様の弱点を持ちうる他の情報システム (第56条4) */
Status api_incidents_similar(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = incident_similar(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/similar signed_in changes_state
 * 他の情報システムの管理者への確認の指示 (第56条4) */
Status api_incidents_similar_assign(Request *req, Response *res, Err *e)
{
    static const Field extra[] = {{"system_ids", F_ARRAY, true, 0, "情報システム"}, {NULL, 0, false, 0, NULL}};
    static const char *const names[] = {"due_date", NULL};
    int64_t id;
    json_t *created = NULL, *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_named(req->json, &incident_task_entity, names, extra, e);
    if (s == ST_OK)
        s = incident_similar_assign(&req->ctx, id, req->json, &created, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    if (s == ST_OK)
        json_object_set_new(out, "created_task_ids", created);
    else
        json_decref(created);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/notes signed_in changes_state
 * メモの記録 (報告を読める者) */
Status api_incidents_note(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"body", NULL};
    return step(req, res, &incident_note_entity, names, NULL, incident_note_add, e);
}

#define TIMELINE_MAX 5000

/* The report's trail, oldest first, with the names people read (actor, action); notes carry their
 * text in "after". At most TIMELINE_MAX entries. */
static Status timeline(Request *req, int64_t *id, json_t **out, Err *e)
{
    Status s = path_id(req, id, e);
    if (s == ST_OK)
        s = incident_check_read(&req->ctx, *id, e);
    if (s != ST_OK)
        return s;
    char object_id[24];
    snprintf(object_id, sizeof object_id, "%lld", (long long)*id);
    json_t *all = json_array();
    int64_t cursor = 0;
    do {
        TrailFilter f = {.object_type = "incident", .object_id = object_id, .cursor = cursor, .limit = TRAIL_LIST_MAX};
        json_t *page = NULL;
        if ((s = trail_list(req->ctx.db, &f, &page, &cursor, e)) != ST_OK)
            break;
        json_array_extend(all, page);
        json_decref(page);
    } while (cursor && json_array_size(all) < TIMELINE_MAX);
    if (s == ST_OK)
        s = trail_view_annotate(&req->ctx, all, e);
    if (s != ST_OK) {
        json_decref(all);
        return s;
    }
    json_t *oldest_first = json_array();
    for (size_t i = json_array_size(all); i-- > 0;)
        json_array_append(oldest_first, json_array_get(all, i));
    json_decref(all);
    *out = oldest_first;
    return ST_OK;
}

/* ROUTE: GET /api/v1/incidents/{id}/timeline signed_in
 * 経過 (報告・確認・評価・作業・メモ等を誰がいつ) */
Status api_incidents_timeline(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *items = NULL;
    Status s = timeline(req, &id, &items, e);
    return s == ST_OK ? respond_json(res, 200, json_pack("{s:o}", "items", items)) : s;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The timeline as a narrative: one line per event — JST time, who, what — with a note's text. */
/* ROUTE: GET /api/v1/incidents/{id}/timeline.txt signed_in
 * 経過の書き出し (文章) */
Status api_incidents_timeline_text(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *items = NULL;
    Status s = timeline(req, &id, &items, e);
    if (s != ST_OK)
        return s;
    Buf b = BUF_INIT;
    buf_printf(&b, "インシデント No.%lld の経過 (日本時間)\n\n", (long long)id);
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) {
        int64_t t = 0;
        char when[17] = "";
        if (time_parse_iso(str(x, "time"), &t))
            time_jst(t, when);
        const char *who = *str(x, "actor_name") ? str(x, "actor_name") : str(x, "actor");
        const char *what = *str(x, "action_label") ? str(x, "action_label") : str(x, "action");
        buf_printf(&b, "%s  %s  %s", when, who, what);
        const char *note = json_string_value(json_object_get(json_object_get(x, "after"), "body"));
        if (note)
            buf_printf(&b, "\n    %s", note);
        buf_puts(&b, "\n");
    }
    json_decref(items);
    size_t len = b.len;
    unsigned char *data = (unsigned char *)buf_take(&b);
    char name[64];
    snprintf(name, sizeof name, "incident-%lld-timeline.txt", (long long)id);
    return respond_file(res, data, len, "text/plain; charset=utf-8", name);
}

/* ROUTE: POST /api/v1/incidents/{id}/evidence signed_in upload
 * 証拠ファイルの登録 (SHA-256 で保管, ?name=&description=) */
Status api_incidents_evidence_upload(Request *req, Response *res, Err *e)
{
    int64_t id, evidence = 0;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = incident_evidence_add(&req->ctx, id, req_query(req, "name"), req_query(req, "description"),
                                  (const unsigned char *)req->body.data, req->body.len, &evidence, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    if (s == ST_OK)
        json_object_set_new(out, "evidence_id", json_integer(evidence));
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/incidents/{id}/evidence/{eid} signed_in
 * 証拠ファイルの取得 (照合してから。閲覧は証跡に記録) */
Status api_incidents_evidence_get(Request *req, Response *res, Err *e)
{
    int64_t id, evidence;
    Status s = path_id(req, &id, e);
    if (s == ST_OK && !parse_id(req->params[1], &evidence))
        s = err_set(e, ST_NOTFOUND, "evidence_not_found", "evidence_id", "その証拠はこの報告にありません",
                    "no such evidence on this report");
    unsigned char *data = NULL;
    size_t len = 0;
    char name[256];
    if (s == ST_OK)
        s = incident_evidence_read(&req->ctx, id, evidence, &data, &len, name, e);
    /* served as an opaque download, never rendered by the browser */
    return s == ST_OK ? respond_file(res, data, len, "application/octet-stream", name) : s;
}

/* ROUTE: GET /api/v1/incidents/{id}/reports signed_in
 * 外部への報告 (該当するもの、期限、様式の順の下書き、提出済みの版) */
Status api_incidents_reports(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = incident_external_list(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/reports signed_in changes_state
 * 外部への報告の提出 (SHA-256 で凍結) */
Status api_incidents_report_submit(Request *req, Response *res, Err *e)
{
    static const Field extra[] = {{"fields", F_OBJECT, true, 0, "報告の内容"}, {NULL, 0, false, 0, NULL}};
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, e);
    if (s == ST_OK)
        s = input_check_named(req->json, &external_report_entity, (const char *const[]){"kind", NULL}, extra, e);
    if (s == ST_OK)
        s = incident_external_submit(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = incident_external_list(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/indicators signed_in changes_state
 * 指標 (IPアドレス・ドメイン・ハッシュ・メールアドレス・URL) の記録 (CSIRT) */
Status api_incidents_indicator(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"kind", "value", "note", NULL};
    return step(req, res, &indicator_entity, names, NULL, incident_indicator_add, e);
}

static Status fiscal_year_of(Request *req, int *year, Err *e)
{
    const char *fy = req_query(req, "fiscal_year");
    char *end = NULL;
    long y = fy && *fy ? strtol(fy, &end, 10) : 0;
    if (!fy || !*fy || !end || *end != '\0' || y < 2000 || y > 2999)
        return err_set(e, ST_INVALID, "invalid_fiscal_year", "fiscal_year",
                       "年度は西暦の年 (例: 2026 = 令和8年度) で入力してください", "fiscal_year must be a year such as 2026");
    *year = (int)y;
    return ST_OK;
}

/* ROUTE: GET /api/v1/incidents/stats signed_in
 * 年度のインシデントの集計 (分類・重大度・課室別、評価・完了までの時間、外部への報告) */
Status api_incidents_stats(Request *req, Response *res, Err *e)
{
    int year = 0;
    json_t *out = NULL;
    Status s = fiscal_year_of(req, &year, e);
    if (s == ST_OK)
        s = incident_stats(&req->ctx, year, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/incidents/stats/pdf signed_in
 * 年度のインシデントの状況 (情報セキュリティ委員会への報告, PDF, 和暦) */
Status api_incidents_stats_pdf(Request *req, Response *res, Err *e)
{
    int year = 0;
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = fiscal_year_of(req, &year, e);
    if (s == ST_OK)
        s = incident_stats_pdf(&req->ctx, year, &data, &len, e);
    return s == ST_OK ? respond_file(res, data, len, "application/pdf", "インシデントの状況.pdf") : s;
}

/* ROUTE: GET /api/v1/incidents/stats/xlsx signed_in
 * 年度のインシデントの状況 (Excel) */
Status api_incidents_stats_xlsx(Request *req, Response *res, Err *e)
{
    int year = 0;
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = fiscal_year_of(req, &year, e);
    if (s == ST_OK)
        s = incident_stats_xlsx(&req->ctx, year, &data, &len, e);
    return s == ST_OK ? respond_file(res, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     "インシデントの状況.xlsx")
                      : s;
}

/* ROUTE: GET /api/v1/incidents/board signed_in
 * CSIRTのボード (未完了のインシデントを重大度順に、滞留・期限超過・担当者、期限を過ぎた作業) */
Status api_incidents_board(Request *req, Response *res, Err *e)
{
    IncidentBoardFilter f = {.category = opt_query(req, "category"), .severity = opt_query(req, "severity")};
    Status s = ST_OK;
    const char *unit = opt_query(req, "unit_id"), *assignee = opt_query(req, "assignee");
    const char *flags[] = {opt_query(req, "stalled"), opt_query(req, "overdue")};
    static const char *const flag_names[] = {"stalled", "overdue"};
    if (unit && !parse_id(unit, &f.unit_id))
        s = err_set(e, ST_INVALID, "invalid_parameter", "unit_id", "unit_id は組織のIDで指定してください",
                    "unit_id must be a unit id");
    if (s == ST_OK && assignee && strcmp(assignee, "none") == 0)
        f.assignee_person_id = -1;
    else if (s == ST_OK && assignee && !parse_id(assignee, &f.assignee_person_id))
        s = err_set(e, ST_INVALID, "invalid_parameter", "assignee", "assignee は職員のIDか none で指定してください",
                    "assignee must be a person id or none");
    for (int i = 0; i < 2 && s == ST_OK; i++)
        if (flags[i] && strcmp(flags[i], "true") != 0 && strcmp(flags[i], "false") != 0)
            s = err_setf(e, ST_INVALID, "invalid_parameter", flag_names[i], "%s は true か false で指定してください",
                         "%s must be true or false", flag_names[i]);
    f.stalled = flags[0] && strcmp(flags[0], "true") == 0;
    f.overdue = flags[1] && strcmp(flags[1], "true") == 0;
    json_t *out = NULL;
    if (s == ST_OK)
        s = incident_board(&req->ctx, &f, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/incidents/{id}/assign signed_in changes_state
 * インシデントの担当者 (CSIRTの要員) の指定 */
Status api_incidents_assign(Request *req, Response *res, Err *e)
{
    static const char *const names[] = {"assignee_person_id", NULL};
    return step(req, res, &incident_entity, names, NULL, incident_assign, e);
}
