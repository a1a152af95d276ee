/* request_notify: the in-app notifications a request's life creates — to the approvers a stage waits
 * for, and to the requester on each decision. Titles name the type and number only, never the
 * request's contents (see domain/notify/notify.h). */
#include <stdio.h>
#include <string.h>

#include "domain/requests/request_internal.h"
#include "domain/notify/notify.h"

Status req_notify_waiting(Ctx *ctx, int64_t id, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK || strcmp(r.state, "submitted") != 0)
        return rc;
    json_t *res = NULL;
    if ((rc = req_resolve(ctx, &r, t, &res, e)) != ST_OK)
        return rc;
    char title[300], link[48], key[96];
    snprintf(title, sizeof title, "承認待ち: %s(申請番号 %lld)", t->label, (long long)id);
    snprintf(link, sizeof link, "/requests/%lld", (long long)id);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(res, "waiting"), i, v)
    {
        int64_t pid = json_integer_value(v);
        snprintf(key, sizeof key, "waiting:%lld:%d:%d:%lld", (long long)id, r.round, r.stage, (long long)pid);
        if ((rc = notify_person(ctx, pid, "approval_waiting", "request", id, title, link, key, NULL, e)) != ST_OK)
            break;
    }
    json_decref(res);
    return rc;
}

Status req_notify_decided(Ctx *ctx, const ReqRow *before, const PackRequestType *t, const char *decision,
                          bool final_approved, Err *e)
{
    const char *what = strcmp(decision, "return") == 0   ? "差し戻されました"
                       : strcmp(decision, "reject") == 0 ? "却下されました"
                       : final_approved                  ? "承認されました"
                                                         : NULL;
    if (!what) /* an approval that moves to the next stage: tell that stage's approvers */
        return req_notify_waiting(ctx, before->id, e);
    char title[300], link[48], key[96];
    snprintf(title, sizeof title, "%s(申請番号 %lld)が%s", t->label, (long long)before->id, what);
    snprintf(link, sizeof link, "/requests/%lld", (long long)before->id);
    snprintf(key, sizeof key, "decided:%lld:%d:%d:%s", (long long)before->id, before->round, before->stage, decision);
    return notify_person(ctx, before->requester, "decided", "request", before->id, title, link, key, NULL, e);
}
