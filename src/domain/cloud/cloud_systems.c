/* cloud_systems: which registered information systems use a service (第149条2 the service is set up
 * for the systems that use it, 第150条2 its manager keeps it with them). A system is named from the
 * 情報システム台帳 (systems_v) only when the actor may read it (need-to-know, domain/access); a
 * retired one is not linked. Each link and unlink is one transaction with its trail entry
 * (cloud_system.link / cloud_system.unlink); links stay after the end of use as the record of what
 * used the service. */
#include <stdio.h>
#include <string.h>

#include "domain/access/access.h"
#include "domain/cloud/cloud.h"
#include "domain/cloud/cloud_internal.h"
#include "policy/pack.h"

static Status link_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"service_id", "system_id"};
    return row_by_id(ctx->db, "SELECT service_id, system_id FROM cloud_service_systems WHERE id = ?", cols, "ii", id,
                     out, e);
}

static const char *const link_actions[] = {"cloud_system.link", NULL};
static const char *const unlink_actions[] = {"cloud_system.unlink", NULL};
const StateKind cloud_system_state_kind = {
    .object_type = "cloud_system",
    .table = "cloud_service_systems",
    .ids_sql = "SELECT id FROM cloud_service_systems ORDER BY id",
    .full_actions = link_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = NULL,
    .remove_actions = unlink_actions,
    .get = link_state,
    .get_key = NULL,
};

static Status system_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "system_not_found", "system_id", "情報システムが見つかりません",
                   "information system not found");
}

/* The system exists, the actor may read it (else it answers as a missing one) and it is in use. */
static Status check_system(Ctx *ctx, int64_t system_id, Err *e)
{
    bool readable = false;
    Status s = access_system_readable(ctx, system_id, &readable, e);
    if (s != ST_OK)
        return s;
    if (!readable)
        return system_not_found(e);
    Stmt *st = db_prepare(ctx->db, "SELECT active FROM systems_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    bool active = row && stmt_int(st, 0) != 0;
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return system_not_found(e);
    if (!active)
        return err_set(e, ST_CONFLICT, "cloud_system_inactive", "system_id",
                       "廃止した情報システムはクラウドサービスに結び付けられません",
                       "a retired information system cannot be linked to a cloud service");
    return ST_OK;
}

Status cloud_system_link(Ctx *ctx, int64_t id, int64_t system_id, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (system_id <= 0)
        return err_set(e, ST_INVALID, "invalid_type", "system_id", "情報システムは番号(正の整数)で指定してください",
                       "system_id must be an id (a positive integer)");
    if ((s = check_system(ctx, system_id, e)) != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO cloud_service_systems (service_id, system_id, linked_by, linked_at) VALUES (?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, system_id);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    stmt_bind_text(st, 4, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_CONFLICT || (s != ST_OK && strstr(e->en, "UNIQUE")))
        s = err_set(e, ST_CONFLICT, "cloud_system_linked", "system_id", "この情報システムはこのサービスに結び付け済みです",
                    "the system is linked to this service already");
    int64_t rid = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = link_state(ctx, rid, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "cloud_system.link", "cloud_system", rid, NULL, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status cloud_system_unlink(Ctx *ctx, int64_t id, int64_t system_id, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    int64_t rid = 0;
    s = cloud_link_id(ctx, "SELECT id FROM cloud_service_systems WHERE service_id = ? AND system_id = ?", id, system_id, &rid, e);
    if (s != ST_OK)
        return s;
    if (!rid)
        return err_set(e, ST_NOTFOUND, "cloud_system_not_linked", "system_id",
                       "この情報システムはこのサービスに結び付けられていません", "the system is not linked to this service");
    json_t *before = NULL;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = link_state(ctx, rid, &before, e);
    Stmt *st = NULL;
    if (s == ST_OK && (st = db_prepare(ctx->db, "DELETE FROM cloud_service_systems WHERE id = ?", e)) == NULL)
        s = e->status;
    if (s == ST_OK) {
        stmt_bind_int(st, 1, rid);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK)
        s = record_change(ctx, "cloud_system.unlink", "cloud_system", rid, before, NULL, e);
    json_decref(before);
    return finish_tx(ctx, s, e);
}

Status cloud_systems_shown(Ctx *ctx, int64_t id, json_t **shown, json_int_t *hidden, Err *e)
{
    static const char *const cols[] = {"system_id", "code", "name", "active", "linked_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT l.system_id, v.code, v.name, v.active, l.linked_at FROM cloud_service_systems l"
                          " JOIN systems_v v ON v.id = l.system_id WHERE l.service_id = ? ORDER BY v.code, l.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *all = NULL;
    Status s = rows_array(st, cols, "issbs", &all, e);
    if (s != ST_OK)
        return s;
    /* need-to-know (第23条): a system the reader may not read is counted, not shown */
    *shown = json_array();
    *hidden = 0;
    size_t i;
    json_t *v;
    json_array_foreach(all, i, v)
    {
        bool readable = false;
        if ((s = access_system_readable(ctx, json_integer_value(json_object_get(v, "system_id")), &readable, e)) != ST_OK)
            break;
        if (readable)
            json_array_append(*shown, v);
        else
            ++*hidden;
    }
    json_decref(all);
    if (s != ST_OK) {
        json_decref(*shown);
        *shown = NULL;
    }
    return s;
}

Status cloud_services_of_system(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    static const char *const cols[] = {"service_id", "name", "provider", "request_type", "manager_person_id", "ended",
                                       "linked_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT s.id, s.name, s.provider, s.request_type, s.manager_person_id,"
                          " EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = s.id) AS ended, l.linked_at"
                          " FROM cloud_service_systems l JOIN cloud_services s ON s.id = l.service_id"
                          " WHERE l.system_id = ? ORDER BY ended, s.name, s.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    json_t *all = NULL;
    Status s = rows_array(st, cols, "isssibs", &all, e);
    if (s != ST_OK)
        return s;
    /* need-to-know: a service the reader may not open is counted, not named (as the service's page
     * counts the systems its reader may not read) */
    bool reads_all = cloud_reads_all(ctx);
    json_t *items = json_array();
    json_int_t hidden = 0;
    size_t i;
    json_t *v;
    json_array_foreach(all, i, v)
    {
        int64_t mgr = json_integer_value(json_object_get(v, "manager_person_id"));
        if (!reads_all && (!ctx->actor->person_id || mgr != ctx->actor->person_id)) {
            hidden++;
            continue;
        }
        const char *type = json_string_value(json_object_get(v, "request_type"));
        const PackCloudApproval *a = pack_cloud_approval(ctx->pack, type);
        const PackRole *role = pack_cloud_manager_role(ctx->pack, type);
        json_object_set_new(v, "approval_label", a ? json_string(a->label) : json_null());
        json_object_set_new(v, "manager_role_label", json_string(role ? role->label : ""));
        json_object_set_new(v, "state", json_string(json_is_true(json_object_get(v, "ended")) ? "ended" : "in_use"));
        json_object_del(v, "ended");
        json_object_del(v, "manager_person_id");
        json_array_append(items, v);
    }
    json_decref(all);
    *out = json_pack("{s:o, s:I}", "items", items, "hidden", hidden);
    return ST_OK;
}
