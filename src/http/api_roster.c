/* api_roster: the 人事 roster import (preview = dry run, then apply), the applied imports, and the tasks
 * that followed from them. The import and its history need people.manage (HR data only to those who
 * keep the people register); the tasks are for signed-in people and narrowed by domain/roster to
 * those who must do them. */
#include <string.h>

#include "domain/roster/roster.h"
#include "http/api.h"
#include "http/api_roster.h"
#include "http/input.h"
#include "http/problem.h"

/* ROUTE: POST /api/v1/roster/import people.manage upload
 * 人事異動の名簿の取込み (CSV/XLSX, ?dry_run=1 で事前確認、全件または0件) */
Status api_roster_import(Request *req, Response *res, Err *e)
{
    const char *filename = req_query(req, "filename");
    if (filename && strlen(filename) > 255)
        return err_set(e, ST_INVALID, "too_long", "filename", "ファイル名が長すぎます", "file name too long");
    const char *dry = req_query(req, "dry_run");
    bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    if (dry && !dry_run && strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0)
        return err_set(e, ST_INVALID, "invalid_parameter", "dry_run", "dry_run は 1 か 0 で指定してください",
                       "dry_run must be 1 or 0");
    json_t *mapping = NULL;
    const char *m = req_query(req, "mapping");
    if (m && *m) {
        mapping = json_loads(m, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(mapping)) {
            json_decref(mapping);
            return err_set(e, ST_INVALID, "mapping_invalid", "mapping", "列の対応の形式が正しくありません",
                           "the mapping is not a JSON object");
        }
    }
    json_t *out = NULL;
    Status s = roster_import(&req->ctx, (const unsigned char *)req->body.data, req->body.len, filename, mapping,
                             dry_run, &out, e);
    json_decref(mapping);
    if (s == ST_OK)
        return respond_json(res, dry_run ? 200 : 201, out);
    if (out && s == ST_INVALID) {
        /* every bad cell by row and column, with the mapping so the user can correct it */
        json_t *p = problem_from_err(e);
        json_object_update(p, out);
        json_decref(out);
        return respond_json(res, err_http(e), p);
    }
    json_decref(out);
    return s;
}

/* ROUTE: GET /api/v1/roster/imports people.manage
 * 人事異動の取込みの履歴 */
Status api_roster_imports(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = roster_imports_list(&req->ctx, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/roster/tasks signed_in
 * 人事異動に伴う作業 (返却の確認・特権IDのパスワード変更, ?all=1 で完了済みも) */
Status api_roster_tasks(Request *req, Response *res, Err *e)
{
    const char *all = req_query(req, "all");
    if (all && strcmp(all, "1") != 0 && strcmp(all, "0") != 0)
        return err_set(e, ST_INVALID, "invalid_parameter", "all", "all は 1 か 0 で指定してください",
                       "all must be 1 or 0");
    json_t *out = NULL;
    Status s = roster_tasks_list(&req->ctx, all && strcmp(all, "1") == 0, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

static const Field done_fields[] = {
    {"note", F_STRING, true, 4000, "対応の内容"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/roster/tasks/{id}/done signed_in changes_state
 * 人事異動に伴う作業の完了の記録 (内容を記入) */
Status api_roster_task_done(Request *req, Response *res, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "roster_task_not_found", "id", "作業が見つかりません", "task not found");
    Status s = input_check(req->json, done_fields, e);
    if (s == ST_OK)
        s = roster_task_done(&req->ctx, id, in_str(req->json, "note", ""), e);
    json_t *out = NULL;
    if (s == ST_OK)
        s = roster_tasks_list(&req->ctx, true, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}
