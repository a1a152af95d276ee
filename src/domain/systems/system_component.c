/* system_component: the components of an information system — servers, terminals, network devices,
 * storage media, cloud services, software with version and the vendor's support end date (第105条
 * (7)(8)). Adding, updating and removing one is a change of the system: only its editors may do it,
 * and the trail records the component before and after (see systems.h). */
#include <stdio.h>
#include <string.h>

#include "domain/kernel/kernel.h"
#include "domain/systems/systems.h"
#include "domain/systems/system_internal.h"

static const char *const component_kinds[] = {"server", "terminal", "network", "media", "cloud", "software", NULL};

static const struct {
    const char *key;
    size_t max;
    bool multiline;
    const char *label_ja;
} component_texts[] = {
    {"name", 200, false, "構成要素名"}, {"product", 200, false, "製品名"}, {"version", 100, false, "バージョン"},
    {"vendor", 200, false, "開発元・販売元"}, {"notes", 4000, true, "備考"},
};

static Status check_component(Ctx *ctx, json_t *in, bool creating, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_type", "", "入力が正しくありません", "the input must be an object");
    static const char *const keys[] = {"kind", "name", "product", "version", "vendor", "support_end",
                                       "quantity", "registration", "notes", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0)
            i++;
        if (!keys[i])
            return err_setf(e, ST_INVALID, "unknown_field", key, "項目 %s はありません", "unknown field %s", key);
    }
    v = json_object_get(in, "kind");
    if (v || creating) {
        const char *k = json_string_value(v);
        size_t i = 0;
        while (k && component_kinds[i] && strcmp(component_kinds[i], k) != 0)
            i++;
        if (!k || !component_kinds[i])
            return err_set(e, ST_INVALID, "invalid_kind", "kind",
                           "種別は server(サーバ)・terminal(端末)・network(ネットワーク機器)・media(記録媒体)・cloud(クラウドサービス)・software(ソフトウェア) から選んでください",
                           "kind must be server, terminal, network, media, cloud or software");
    }
    for (size_t i = 0; i < sizeof component_texts / sizeof *component_texts; i++) {
        v = json_object_get(in, component_texts[i].key);
        bool required = creating && strcmp(component_texts[i].key, "name") == 0;
        if (!v && !required)
            continue;
        if (!creating && strcmp(component_texts[i].key, "name") == 0)
            required = true; /* a name cannot be emptied */
        Status s = check_text_field(v, component_texts[i].key, component_texts[i].label_ja, component_texts[i].max,
                                    component_texts[i].multiline, required, e);
        if (s != ST_OK)
            return s;
    }
    v = json_object_get(in, "support_end");
    if (v && !json_is_null(v)) {
        int y, m, d;
        const char *s = json_string_value(v);
        if (!s || strlen(s) != 10 || !date_parse(s, &y, &m, &d))
            return err_set(e, ST_INVALID, "invalid_date", "support_end",
                           "サポート終了日は YYYY-MM-DD で入力してください (不明なら空欄)",
                           "support_end must be YYYY-MM-DD or null when unknown");
    }
    v = json_object_get(in, "quantity");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000))
        return err_set(e, ST_INVALID, "invalid_quantity", "quantity", "数量は0〜1000000の整数で入力してください",
                       "quantity must be an integer from 0 to 1000000");
    return check_registration(ctx, json_object_get(in, "registration"), "registration", e);
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
    Status s = system_get_plain(ctx, system_id, &sys, e);
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
