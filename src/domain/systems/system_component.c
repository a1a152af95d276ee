/* system_component: the components of an information system — servers, terminals, network devices,
 * storage media, cloud services, software with version and the vendor's support end date (第105条
 * (7)(8)). Adding, updating and removing one is a change of the system: only its editors may do it,
 * and the trail records the component before and after (see systems.h). */
#include <stdio.h>
#include <string.h>

#include "domain/kernel/kernel.h"
#include "domain/systems/systems.h"
#include "domain/systems/system_internal.h"
#include "entities/system_entity.h"

/* The component's fields are declared in entities/system_entity.c (component_entity). */
static Status check_component(Ctx *ctx, json_t *in, bool creating, Err *e)
{
    return entity_input_check(ctx, &component_entity, in, creating, e);
}

static Status component_get(Ctx *ctx, int64_t system_id, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " COMPONENT_COLUMNS " FROM system_components WHERE id = ? AND system_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, system_id);
    Status s = row_single(st, component_cols, COMPONENT_TYPES, out, e);
    if (s == ST_NOTFOUND)
        return err_setf(e, ST_NOTFOUND, "component_not_found", "component_id",
                        "この情報システムに構成要素 (ID %lld) はありません",
                        "component %lld not found in this system", (long long)id);
    return s;
}

Status system_component_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT system_id FROM system_components WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row;
    Status s = stmt_step_row(st, &row, e);
    int64_t system_id = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_setf(e, ST_NOTFOUND, "component_not_found", "component_id", "構成要素 (ID %lld) はありません",
                        "component %lld not found", (long long)id);
    return component_get(ctx, system_id, id, out, e);
}

/* Binds kind … notes (9 values) of c from parameter 1. */
static void bind_component(Stmt *st, json_t *c)
{
    stmt_bind_text(st, 1, json_string_value(json_object_get(c, "kind")));
    static const char *const texts[] = {"name", "product", "version", "vendor"};
    for (int i = 0; i < 4; i++)
        stmt_bind_text(st, 2 + i, json_string_value(json_object_get(c, texts[i])) ?: "");
    stmt_bind_text(st, 6, json_string_value(json_object_get(c, "support_end"))); /* NULL = unknown */
    json_t *q = json_object_get(c, "quantity");
    stmt_bind_int(st, 7, json_is_integer(q) ? json_integer_value(q) : 1);
    stmt_bind_text(st, 8, json_string_value(json_object_get(c, "registration")) ?: "");
    stmt_bind_text(st, 9, json_string_value(json_object_get(c, "notes")) ?: "");
}

/* The system exists and the actor may edit it. */
static Status may_change(Ctx *ctx, int64_t system_id, Err *e)
{
    json_t *sys = NULL;
    Status s = system_get_readable(ctx, system_id, &sys, e);
    json_decref(sys);
    return s == ST_OK ? system_require_edit(ctx, system_id, e) : s;
}

/* Touches the system's updated_at inside the change's transaction. */
static Status touch_system(Ctx *ctx, int64_t system_id, const char *now, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "UPDATE systems SET updated_at = ? WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, now);
    stmt_bind_int(st, 2, system_id);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status system_add_component(Ctx *ctx, int64_t system_id, json_t *in, int64_t *id_out, Err *e)
{
    Status s = may_change(ctx, system_id, e);
    if (s == ST_OK)
        s = check_component(ctx, in, true, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO system_components(kind, name, product, version, vendor, support_end, quantity,"
                          " registration, notes, system_id, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?11, ?11)",
                          e);
    if (st) {
        bind_component(st, in);
        stmt_bind_int(st, 10, system_id);
        stmt_bind_text(st, 11, now);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = touch_system(ctx, system_id, now, e);
    if (s == ST_OK && (s = component_get(ctx, system_id, id, &after, e)) == ST_OK)
        s = record_change(ctx, "system.component.add", "system_component", id, NULL, after, e);
    json_decref(after);
    if ((s = finish_tx(ctx, s, e)) == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status system_update_component(Ctx *ctx, int64_t system_id, int64_t component_id, json_t *patch, Err *e)
{
    json_t *before = NULL, *merged = NULL, *after = NULL;
    Status s = may_change(ctx, system_id, e);
    if (s == ST_OK)
        s = component_get(ctx, system_id, component_id, &before, e);
    if (s == ST_OK)
        s = check_component(ctx, patch, false, e);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        merged = json_deep_copy(before);
        json_object_update(merged, patch);
        char now[21];
        time_iso_utc(clock_now(ctx->clock), now);
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE system_components SET kind = ?, name = ?, product = ?, version = ?, vendor = ?,"
                              " support_end = ?, quantity = ?, registration = ?, notes = ?, updated_at = ?10"
                              " WHERE id = ?11 AND system_id = ?12",
                              e);
        if (st) {
            bind_component(st, merged);
            stmt_bind_text(st, 10, now);
            stmt_bind_int(st, 11, component_id);
            stmt_bind_int(st, 12, system_id);
            if (stmt_step(st) != STEP_DONE)
                s = stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        if (s == ST_OK)
            s = touch_system(ctx, system_id, now, e);
        if (s == ST_OK && (s = component_get(ctx, system_id, component_id, &after, e)) == ST_OK)
            s = record_change(ctx, "system.component.update", "system_component", component_id, before, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    json_decref(merged);
    json_decref(after);
    return s;
}

Status system_remove_component(Ctx *ctx, int64_t system_id, int64_t component_id, Err *e)
{
    json_t *before = NULL;
    Status s = may_change(ctx, system_id, e);
    if (s == ST_OK)
        s = component_get(ctx, system_id, component_id, &before, e);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        char now[21];
        time_iso_utc(clock_now(ctx->clock), now);
        Stmt *st = db_prepare(ctx->db, "DELETE FROM system_components WHERE id = ? AND system_id = ?", e);
        if (st) {
            stmt_bind_int(st, 1, component_id);
            stmt_bind_int(st, 2, system_id);
            if (stmt_step(st) != STEP_DONE)
                s = stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        if (s == ST_OK)
            s = touch_system(ctx, system_id, now, e);
        if (s == ST_OK)
            s = record_change(ctx, "system.component.remove", "system_component", component_id, before, NULL, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    return s;
}
