/* rec_abilities: the record kinds and choices the actor may use (see rec_abilities.h). */
#include "domain/records/rec_abilities.h"

#include "domain/kernel/kernel.h"
#include "domain/records/rec_common.h"
#include "domain/records/rec_room.h"

typedef Status (*MayFn)(Ctx *ctx, int64_t id, bool *may, Err *e);

/* Rows {id, name} of sql (no parameters); those for which may says yes when may is given. */
static Status choices(Ctx *ctx, const char *sql, MayFn may, json_t **out, Err *e)
{
    static const char *const cols[] = {"id", "name", NULL};
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "is", &rows, e);
    if (s != ST_OK)
        return s;
    json_t *kept = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        bool yes = true;
        if (may && (s = may(ctx, json_integer_value(json_object_get(o, "id")), &yes, e)) != ST_OK)
            break;
        if (yes)
            json_array_append(kept, o);
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(kept);
        return s;
    }
    *out = kept;
    return ST_OK;
}

Status rec_abilities(Ctx *ctx, json_t **out, Err *e)
{
    json_t *units = NULL, *work = NULL, *systems = NULL;
    Status s = choices(ctx,
                       "SELECT id, name FROM org_units_v WHERE active = 1 AND kind <> 'organisation'"
                       " ORDER BY sort_order, code",
                       rec_is_manager_of, &units, e);
    if (s == ST_OK)
        s = choices(ctx, "SELECT id, name FROM systems_v WHERE active = 1 ORDER BY code", rec_may_keep_system, &work, e);
    if (s == ST_OK)
        s = choices(ctx, "SELECT id, name FROM systems_v WHERE active = 1 ORDER BY code", NULL, &systems, e);
    json_t *rooms = NULL;
    if (s == ST_OK)
        s = rec_room_list(ctx, &rooms, e);
    if (s != ST_OK) {
        json_decref(units);
        json_decref(work);
        json_decref(systems);
        return s;
    }
    json_t *kept = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rooms, "items"), i, r)
    {
        if (json_is_true(json_object_get(r, "can_keep")))
            json_array_append_new(kept, json_pack("{s:O, s:O}", "id", json_object_get(r, "id"), "name",
                                                  json_object_get(r, "name")));
    }
    json_decref(rooms);
    bool others = json_array_size(units) > 0;
    *out = json_pack("{s:o, s:o, s:o, s:o, s:b}", "room_units", units, "work_systems", work, "systems", systems,
                     "rooms_kept", kept, "bringin_for_others", others);
    return ST_OK;
}
