/* api_history: the change history shown on a register entry's page, taken from the trail. */
#include <stdio.h>

#include "http/api.h"
#include "domain/history/history.h"
#include "trail/trail.h"

Status api_attach_history(Request *req, json_t *obj, const char *object_type, int64_t id, Err *e)
{
    char object_id[24];
    snprintf(object_id, sizeof object_id, "%lld", (long long)id);
    TrailFilter f = {.object_type = object_type, .object_id = object_id, .limit = 50};
    json_t *history = NULL;
    int64_t next = 0;
    Status s = trail_list(req->ctx.db, &f, &history, &next, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *item;
    json_array_foreach(history, i, item) json_object_set(item, "at", json_object_get(item, "time"));
    if ((s = trail_view_annotate(&req->ctx, history, e)) != ST_OK) {
        json_decref(history);
        return s;
    }
    json_object_set_new(obj, "history", history);
    return ST_OK;
}
