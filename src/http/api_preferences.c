/* api_preferences: the signed-in person's 和暦/西暦 and language choice (stored on their account, so
 * every PC they use shows the same; /session returns it). */
#include "domain/identity/identity.h"
#include "http/api.h"
#include "http/input.h"
#include "http/respond.h"

static const Field preference_fields[] = {
    {"date_style", F_STRING, false, 16, "日付の表示"},
    {"lang", F_STRING, false, 16, "表示言語"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: PATCH /api/v1/session/preferences signed_in changes_state
 * 表示の設定 (和暦・西暦, 言語) の変更 */
Status api_preferences_update(Request *req, Response *res, Err *e)
{
    Status s = input_check(req->json, preference_fields, e);
    if (s == ST_OK)
        s = preferences_set(&req->ctx, req->actor.account_id,
                            in_has(req->json, "date_style") ? in_str(req->json, "date_style", "") : NULL,
                            in_has(req->json, "lang") ? in_str(req->json, "lang", "") : NULL, e);
    Preferences p;
    if (s == ST_OK)
        s = preferences_get(req->ctx.db, req->actor.account_id, &p, e);
    return s == ST_OK ? respond_json(res, 200, preferences_json(&p)) : s;
}
