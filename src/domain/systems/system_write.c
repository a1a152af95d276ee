/* system_write: registering and updating information systems in the 台帳, with input checks (each
 * bad input: a code, the field, a Japanese and an English message, nothing written) and one
 * transaction per change with its trail entry (see systems.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/kernel/kernel.h"
#include "domain/systems/systems.h"
#include "domain/systems/system_internal.h"
#include "entities/system_entity.h"
#include "policy/pack.h"
#include "policy/pack_lists.h"

/* The fields, their limits and the pack list of product_registration are the declaration's
 * (entities/system_entity.c); what is left here is what needs the database. */

/* owner_unit_id names an active unit. */
static Status check_owner_unit(Ctx *ctx, json_t *v, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT active FROM org_units_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, json_integer_value(v));
    bool row = false;
    Status q = stmt_step_row(st, &row, e);
    bool ok = row && stmt_int(st, 0) == 1;
    stmt_finalize(st);
    if (q != ST_OK)
        return q; /* the check could not be made: refused with its error */
    if (!ok)
        return err_setf(e, ST_INVALID, "unknown_unit", "owner_unit_id",
                        "所管課室 (ID %lld) が見つからないか、廃止されています",
                        "owning unit %lld not found or abolished", (long long)json_integer_value(v));
    return ST_OK;
}

Status entity_input_check(Ctx *ctx, const Entity *ent, json_t *in, bool creating, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_type", "", "入力が正しくありません", "the input must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        const EntityField *f = entity_field(ent, key);
        if (!f)
            return err_setf(e, ST_INVALID, "unknown_field", key, "項目 %s はありません", "unknown field %s", key);
        if (creating && (f->flags & EF_PATCH_ONLY))
            return err_setf(e, ST_INVALID, "unknown_field", key, "新規登録では %s は指定できません",
                            "%s cannot be given when registering", key);
    }
    EntityLists lists = pack_entity_lists(ctx->pack);
    return entity_check(ent, in, creating, &lists, e);
}

/* Checks every key of in (unknown keys refused) and, when creating, the required ones. */
static Status check_input(Ctx *ctx, json_t *in, bool creating, Err *e)
{
    Status s = entity_input_check(ctx, &system_entity, in, creating, e);
    json_t *unit = json_object_get(in, "owner_unit_id");
    return s == ST_OK && unit ? check_owner_unit(ctx, unit, e) : s;
}

static int fact_value(json_t *v)
{
    return json_is_boolean(v) ? json_is_true(v) : json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

/* Binds the columns code … notes (20 values) of sys from parameter 1. */
static void bind_system(Stmt *st, json_t *sys)
{
    static const char *const text_cols[] = {"code", "name", "purpose", "zone"};
    int p = 1;
    for (size_t i = 0; i < 4; i++)
        stmt_bind_text(st, p++, json_string_value(json_object_get(sys, text_cols[i])) ?: "");
    stmt_bind_int(st, p++, json_integer_value(json_object_get(sys, "owner_unit_id")));
    stmt_bind_text(st, p++, json_string_value(json_object_get(sys, "vendor")) ?: "");
    stmt_bind_text(st, p++, json_string_value(json_object_get(sys, "location")) ?: "");
    stmt_bind_text(st, p++, json_string_value(json_object_get(sys, "region")) ?: "");
    for (int i = 0; i < 10; i++) {
        int f = fact_value(json_object_get(sys, pack_system_fields[i]));
        if (f < 0)
            stmt_bind_null(st, p++);
        else
            stmt_bind_int(st, p++, f);
    }
    stmt_bind_text(st, p++, json_string_value(json_object_get(sys, "product_registration")) ?: "");
    stmt_bind_text(st, p++, json_string_value(json_object_get(sys, "notes")) ?: "");
}

static Status code_taken(Status s, const char *code, Err *e)
{
    if (s == ST_CONFLICT)
        return err_setf(e, ST_CONFLICT, "system_code_taken", "code", "管理番号 %s は既に使われています",
                        "system code %s is already used", code);
    return s;
}

Status system_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    Status s = system_require_edit(ctx, 0, e);
    if (s == ST_OK)
        s = check_input(ctx, in, true, e);
    if (s != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO systems(code, name, purpose, zone, owner_unit_id, vendor, location, region,"
                          " redundancy, failover_procedure, maintenance, backup, doc_configuration, doc_standards,"
                          " doc_incident, doc_recovery, mfa, usb_write_block, product_registration, notes, active,"
                          " created_at, updated_at, relay_kind)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?21, ?21, ?24)",
                          e);
    if (st) {
        bind_system(st, in);
        stmt_bind_text(st, 21, now);
        stmt_bind_text(st, 24, json_string_value(json_object_get(in, "relay_kind")) ?: "");
        if (stmt_step(st) != STEP_DONE)
            s = code_taken(stmt_error(st, e), json_string_value(json_object_get(in, "code")), e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = system_get_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "system.create", "system", id, NULL, after, e);
    json_decref(after);
    if ((s = finish_tx(ctx, s, e)) == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status system_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    json_t *before = NULL, *merged = NULL, *after = NULL;
    Status s = system_get_readable(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    if ((s = system_require_edit(ctx, id, e)) == ST_OK)
        s = check_input(ctx, patch, false, e);
    if (s == ST_OK) {
        merged = json_deep_copy(before);
        json_object_update(merged, patch);
        if ((s = db_begin(ctx->db, e)) == ST_OK) {
            char now[21];
            time_iso_utc(clock_now(ctx->clock), now);
            Stmt *st = db_prepare(ctx->db,
                                  "UPDATE systems SET code = ?, name = ?, purpose = ?, zone = ?, owner_unit_id = ?,"
                                  " vendor = ?, location = ?, region = ?, redundancy = ?, failover_procedure = ?,"
                                  " maintenance = ?, backup = ?, doc_configuration = ?, doc_standards = ?,"
                                  " doc_incident = ?, doc_recovery = ?, mfa = ?, usb_write_block = ?,"
                                  " product_registration = ?, notes = ?, active = ?21, updated_at = ?22, relay_kind = ?24"
                                  " WHERE id = ?23",
                                  e);
            if (st) {
                bind_system(st, merged);
                stmt_bind_int(st, 21, fact_value(json_object_get(merged, "active")) == 1);
                stmt_bind_text(st, 22, now);
                stmt_bind_int(st, 23, id);
                stmt_bind_text(st, 24, json_string_value(json_object_get(merged, "relay_kind")) ?: "");
                if (stmt_step(st) != STEP_DONE)
                    s = code_taken(stmt_error(st, e), json_string_value(json_object_get(merged, "code")), e);
                stmt_finalize(st);
            } else {
                s = e->status;
            }
            if (s == ST_OK && (s = system_get_plain(ctx, id, &after, e)) == ST_OK)
                s = record_change(ctx, "system.update", "system", id, before, after, e);
            s = finish_tx(ctx, s, e);
        }
    }
    json_decref(before);
    json_decref(merged);
    json_decref(after);
    return s;
}
