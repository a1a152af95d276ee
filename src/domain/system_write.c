/* system_write: registering and updating information systems in the 台帳, with input checks (each
 * bad input: a code, the field, a Japanese and an English message, nothing written) and one
 * transaction per change with its trail entry (see system.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/record.h"
#include "domain/system.h"
#include "domain/system_internal.h"
#include "policy/pack.h"

typedef enum SysFieldKind { SF_CODE, SF_TEXT, SF_ZONE, SF_UNIT, SF_LOCATION, SF_FACT, SF_REGISTRATION, SF_ACTIVE } SysFieldKind;

typedef struct SysField {
    const char *key;
    SysFieldKind kind;
    bool required; /* on create */
    size_t max;    /* SF_TEXT: bytes */
    bool multiline;
    const char *label_ja;
} SysField;

static const SysField sys_fields[] = {
    {"code", SF_CODE, true, 32, false, "管理番号"},
    {"name", SF_TEXT, true, 200, false, "システム名"},
    {"purpose", SF_TEXT, false, 4000, true, "目的・業務"},
    {"zone", SF_ZONE, true, 0, false, "領域"},
    {"owner_unit_id", SF_UNIT, true, 0, false, "所管課室"},
    {"vendor", SF_TEXT, false, 200, false, "運用・保守事業者"},
    {"location", SF_LOCATION, true, 0, false, "設置場所"},
    {"region", SF_TEXT, false, 200, false, "データセンター・リージョン"},
    {"redundancy", SF_FACT, false, 0, false, "冗長化"},
    {"failover_procedure", SF_FACT, false, 0, false, "切替手順"},
    {"maintenance", SF_FACT, false, 0, false, "定期保守"},
    {"backup", SF_FACT, false, 0, false, "バックアップ"},
    {"doc_configuration", SF_FACT, false, 0, false, "構成情報"},
    {"doc_standards", SF_FACT, false, 0, false, "水準維持手順"},
    {"doc_incident", SF_FACT, false, 0, false, "インシデント対処手順"},
    {"doc_recovery", SF_FACT, false, 0, false, "復旧手順"},
    {"mfa", SF_FACT, false, 0, false, "多要素認証"},
    {"usb_write_block", SF_FACT, false, 0, false, "書込み制御"},
    {"product_registration", SF_REGISTRATION, false, 0, false, "登録制度"},
    {"notes", SF_TEXT, false, 4000, true, "備考"},
    {"active", SF_ACTIVE, false, 0, false, "使用中"},
};
#define N_SYS_FIELDS (sizeof sys_fields / sizeof *sys_fields)

Status check_text_field(json_t *v, const char *field, const char *label_ja, size_t max, bool multiline,
                        bool required, Err *e)
{
    char ja[256], en[256];
    if (v && !json_is_null(v) && !json_is_string(v)) {
        snprintf(ja, sizeof ja, "%sは文字列で入力してください", label_ja);
        snprintf(en, sizeof en, "%s must be a string", field);
        return err_set(e, ST_INVALID, "invalid_type", field, ja, en);
    }
    const char *s = json_string_value(v);
    if (required && (!s || !*s)) {
        snprintf(ja, sizeof ja, "%sを入力してください", label_ja);
        snprintf(en, sizeof en, "%s is required", field);
        return err_set(e, ST_INVALID, "required", field, ja, en);
    }
    if (s && !text_valid(s, max, multiline)) {
        snprintf(ja, sizeof ja, "%sは%zuバイト以内で、%s制御文字を含めずに入力してください", label_ja, max,
                 multiline ? "" : "改行や");
        snprintf(en, sizeof en, "%s must be at most %zu bytes without control characters%s", field, max,
                 multiline ? "" : " or line breaks");
        return err_set(e, ST_INVALID, "invalid_text", field, ja, en);
    }
    return ST_OK;
}

Status check_registration(Ctx *ctx, json_t *v, const char *field, Err *e)
{
    if (!v || json_is_null(v))
        return ST_OK;
    const char *s = json_string_value(v);
    if (s && (!*s || pack_registration(ctx->pack, s)))
        return ST_OK;
    char allowed[400] = "";
    for (size_t i = 0; i < ctx->pack->systems.n_registrations; i++) {
        size_t n = strlen(allowed);
        snprintf(allowed + n, sizeof allowed - n, "%s%s", i ? ", " : "", ctx->pack->systems.registrations[i].id);
    }
    return err_setf(e, ST_INVALID, "invalid_registration", field,
                    "登録制度は空欄か %s のいずれかを選んでください (総行サ第42号)",
                    "registration must be empty or one of %s", allowed);
}

static Status check_field(Ctx *ctx, const SysField *f, json_t *v, bool creating, Err *e)
{
    switch (f->kind) {
    case SF_CODE: {
        Status s = check_text_field(v, f->key, f->label_ja, f->max, false, true, e);
        if (s != ST_OK)
            return s;
        const char *c = json_string_value(v);
        for (const char *p = c; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-' ||
                  *p == '_'))
                return err_set(e, ST_INVALID, "invalid_code", "code",
                               "管理番号は半角英数字・ハイフン・下線の32文字以内で入力してください (例: SYS-001)",
                               "the code may contain only letters, digits, '-' and '_' (at most 32), e.g. SYS-001");
        return ST_OK;
    }
    case SF_TEXT:
        return check_text_field(v, f->key, f->label_ja, f->max, f->multiline, f->required, e);
    case SF_ZONE: {
        const char *z = json_string_value(v);
        for (size_t i = 0; z && pack_zones[i]; i++)
            if (strcmp(pack_zones[i], z) == 0)
                return ST_OK;
        return err_set(e, ST_INVALID, "invalid_zone", "zone",
                       "領域は mynumber(マイナンバー利用事務系)・lgwan(LGWAN接続系)・internet(インターネット接続系) から選んでください",
                       "zone must be mynumber, lgwan or internet");
    }
    case SF_LOCATION: {
        const char *l = json_string_value(v);
        if (l && (strcmp(l, "onprem") == 0 || strcmp(l, "datacenter") == 0 || strcmp(l, "cloud") == 0))
            return ST_OK;
        return err_set(e, ST_INVALID, "invalid_location", "location",
                       "設置場所は onprem(庁内)・datacenter(データセンター)・cloud(クラウド) から選んでください",
                       "location must be onprem, datacenter or cloud");
    }
    case SF_UNIT: {
        if (!json_is_integer(v))
            return err_set(e, ST_INVALID, "required", "owner_unit_id", "所管課室を選んでください",
                           "owner_unit_id is required");
        Stmt *st = db_prepare(ctx->db, "SELECT active FROM org_units WHERE id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, json_integer_value(v));
        bool row = false;
        Status q = stmt_step_row(st, &row, e);
        bool ok = row && stmt_int(st, 0) == 1;
        stmt_finalize(st);
        if (q != ST_OK)
            return q;
        if (!ok)
            return err_setf(e, ST_INVALID, "unit_not_found", "owner_unit_id",
                            "所管課室 (ID %lld) が見つからないか、廃止されています",
                            "owning unit %lld not found or abolished", (long long)json_integer_value(v));
        return ST_OK;
    }
    case SF_FACT: {
        if (!v || json_is_null(v) || json_is_boolean(v) ||
            (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)))
            return ST_OK;
        char ja[256], en[256];
        snprintf(ja, sizeof ja, "%sは 対応済み(true)・未対応(false)・未記録(null) のいずれかです", f->label_ja);
        snprintf(en, sizeof en, "%s must be true, false or null (not recorded)", f->key);
        return err_set(e, ST_INVALID, "invalid_fact", f->key, ja, en);
    }
    case SF_REGISTRATION:
        return check_registration(ctx, v, f->key, e);
    case SF_ACTIVE:
        if (creating)
            return err_set(e, ST_INVALID, "unknown_field", "active", "新規登録では active は指定できません",
                           "active cannot be given when registering");
        if (json_is_boolean(v) || (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)))
            return ST_OK;
        return err_set(e, ST_INVALID, "invalid_type", "active", "使用中は true か false で指定してください",
                       "active must be true or false");
    }
    return ST_OK;
}

/* Checks every key of in (unknown keys refused) and, when creating, the required ones. */
static Status check_input(Ctx *ctx, json_t *in, bool creating, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_type", "", "入力が正しくありません", "the input must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        size_t i = 0;
        while (i < N_SYS_FIELDS && strcmp(sys_fields[i].key, key) != 0)
            i++;
        if (i == N_SYS_FIELDS || strcmp(key, "id") == 0)
            return err_setf(e, ST_INVALID, "unknown_field", key, "項目 %s はありません", "unknown field %s", key);
    }
    for (size_t i = 0; i < N_SYS_FIELDS; i++) {
        json_t *val = json_object_get(in, sys_fields[i].key);
        if (!val && !(creating && sys_fields[i].required))
            continue;
        Status s = check_field(ctx, &sys_fields[i], val, creating, e);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
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
                          " created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?21, ?21)",
                          e);
    if (st) {
        bind_system(st, in);
        stmt_bind_text(st, 21, now);
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
    Status s = system_get_plain(ctx, id, &before, e);
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
                                  " product_registration = ?, notes = ?, active = ?21, updated_at = ?22 WHERE id = ?23",
                                  e);
            if (st) {
                bind_system(st, merged);
                stmt_bind_int(st, 21, fact_value(json_object_get(merged, "active")) == 1);
                stmt_bind_text(st, 22, now);
                stmt_bind_int(st, 23, id);
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
