/* api_incidents: インシデント対応 (第54条–第56条) over HTTP. Bodies are checked here for shape
 * (fields, types, lengths); the rules, the chain and who may read a report are the domain's
 * (src/domain/incidents). */
#include <string.h>

#include "domain/incidents/incidents.h"
#include "http/api_incidents.h"
#include "http/input.h"

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

Status api_incidents_options(Request *req, Response *res, Err *e)
{
    (void)e;
    return respond_json(res, 200, incident_options(&req->ctx));
}

Status api_incidents_list(Request *req, Response *res, Err *e)
{
    const char *box = req_query(req, "box");
    json_t *out = NULL;
    Status s = incident_list(&req->ctx, box && *box ? box : "mine", &out, e);
    return reply(res, s, 200, out);
}

Status api_incidents_create(Request *req, Response *res, Err *e)
{
    static const Field fields[] = {
        {"title", F_STRING, true, 200, "件名"},
        {"description", F_STRING, true, 4000, "何が起きたか"},
        {"noticed_at", F_STRING, true, 25, "気付いた日時"},
        {"occurred_at", F_STRING, false, 25, "発生した日時"},
        {"asset_id", F_ID_OR_NULL, false, 0, "情報資産"},
        {"system_id", F_ID_OR_NULL, false, 0, "情報システム"},
        {"place", F_STRING, false, 200, "場所・対象"},
        {"personal_data", F_STRING, true, 16, "個人情報の有無"},
        {"personal_data_kinds", F_ARRAY, false, 0, "個人情報の種類"},
        {"affected_count", F_INT, false, 0, "おおよその人数"},
        {"source", F_STRING, false, 16, "報告の経路"},
        {"caller_name", F_STRING, false, 100, "連絡者の氏名"},
        {"caller_contact", F_STRING, false, 200, "連絡者の連絡先"},
        {NULL, 0, false, 0, NULL},
    };
    int64_t id = 0;
    json_t *out = NULL;
    Status s = input_check(req->json, fields, e);
    if (s == ST_OK)
        s = incident_report(&req->ctx, req->json, &id, e);
    if (s == ST_OK)
        s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

Status api_incidents_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                       "incident report not found");
    Status s = incident_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}
