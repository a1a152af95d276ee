/* vendor: the register of 委託事業者 (法人番号, address, ISMS and プライバシーマーク with their expiry,
 * contacts) and the input checks the module's files share (vendors_internal.h). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/vendors/vendors.h"
#include "domain/vendors/vendors_internal.h"
#include "entities/vendor_entity.h"
#include "policy/pack.h"

Status vin_text(const json_t *in, const char *key, const char *label, size_t max, bool required, bool multiline,
                const char **out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return err_setf(e, ST_INVALID, "required", key, "%sを入力してください", "%s is required", label);
        return ST_OK;
    }
    if (!json_is_string(v))
        return err_setf(e, ST_INVALID, "invalid_type", key, "%sは文字列で指定してください", "%s must be a string", label);
    const char *s = json_string_value(v);
    if (required && !*s)
        return err_setf(e, ST_INVALID, "required", key, "%sを入力してください", "%s is required", label);
    if (text_chars(s) > max)
        return err_setf(e, ST_INVALID, "too_long", key, "%sは%zu文字以内で入力してください",
                        "%s must be at most %zu characters", label, max);
    if (!text_valid_chars(s, max, multiline))
        return err_setf(e, ST_INVALID, "invalid_text", key, "%sに使えない文字が含まれています",
                        "%s contains characters that are not allowed", label);
    *out = s;
    return ST_OK;
}

Status vin_date(const json_t *in, const char *key, const char *label, bool required, const char **out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
        if (required)
            return err_setf(e, ST_INVALID, "required", key, "%sを入力してください", "%s is required", label);
        return ST_OK;
    }
    int y, m, d;
    if (!json_is_string(v) || !date_parse(json_string_value(v), &y, &m, &d))
        return err_setf(e, ST_INVALID, "invalid_date", key, "%sは YYYY-MM-DD の日付で入力してください",
                        "%s must be a date (YYYY-MM-DD)", label);
    *out = json_string_value(v);
    return ST_OK;
}

Status vin_id(const json_t *in, const char *key, const char *label, bool required, int64_t *out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = 0;
    if (!v || json_is_null(v)) {
        if (required)
            return err_setf(e, ST_INVALID, "required", key, "%sを指定してください", "%s is required", label);
        return ST_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_setf(e, ST_INVALID, "invalid_type", key, "%sは番号(正の整数)で指定してください",
                        "%s must be an id (a positive integer)", label);
    *out = json_integer_value(v);
    return ST_OK;
}

Status vin_entity(const Entity *ent, json_t *in, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    entity_blank_to_null(ent, in);
    return entity_check(ent, in, true, NULL, e);
}

const char *vin_str(const json_t *in, const char *key)
{
    return json_string_value(json_object_get(in, key));
}

void vendors_now(const Ctx *ctx, char now[static 21], char today[static 11])
{
    time_iso_utc(clock_now(ctx->clock), now);
    date_today(ctx->clock, today);
}

void date_add_days(const char *date, int days, char out[static 11])
{
    int y, m, d;
    if (!date_parse(date, &y, &m, &d)) {
        snprintf(out, 11, "%s", date);
        return;
    }
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

const char *cert_state(const char *expires_on, const char *today, int warn_days)
{
    if (!expires_on || !*expires_on)
        return "none";
    if (strcmp(expires_on, today) < 0)
        return "expired";
    char warn[11];
    date_add_days(today, warn_days, warn);
    return strcmp(expires_on, warn) <= 0 ? "expiring" : "valid";
}

json_t *vendors_clauses(const Ctx *ctx)
{
    const PackVendors *v = &ctx->pack->vendors;
    json_t *items = json_array();
    for (size_t i = 0; i < v->n_clauses; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "id", v->clauses[i].id, "label",
                                               v->clauses[i].label, "label_en", v->clauses[i].label_en, "article",
                                               v->clauses[i].article));
    return json_pack("{s:s?, s:s?, s:i, s:s?, s:i, s:o}", "article", v->article, "approval_type", v->approval_type,
                     "check_interval_days", v->check_interval_days, "check_article", v->check_article,
                     "cert_warn_days", v->cert_warn_days, "clauses", items);
}

/* The vendor's columns are the declaration's (entities/vendor_entity.c), in its order. */
#define NCOLS VENDOR_F_COUNT

static Status vendor_check(json_t *in, bool creating, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    entity_blank_to_null(&vendor_entity, in);
    Status s = entity_check(&vendor_entity, in, creating, NULL, e);
    if (s != ST_OK)
        return s;
    const char *cn = json_string_value(json_object_get(in, "corporate_number"));
    if (cn && *cn && !corporate_number_valid(cn))
        return err_set(e, ST_INVALID, "invalid_corporate_number", "corporate_number",
                       "法人番号は13桁の数字で、先頭の検査用数字が正しいものを入力してください",
                       "the corporate number must be 13 digits with a correct check digit");
    const char *mail = json_string_value(json_object_get(in, "contact_email"));
    if (mail && *mail && (!strchr(mail, '@') || strchr(mail, ' ')))
        return err_set(e, ST_INVALID, "invalid_email", "contact_email", "メールアドレスの形式が正しくありません",
                       "the e-mail address is not valid");
    return ST_OK;
}

/* Binds column i's value from in (NULL for an absent or empty nullable one: dates, 法人番号). */
static void bind_col(Stmt *st, int idx, const json_t *in, size_t i)
{
    const char *v = json_string_value(json_object_get(in, vendor_fields[i].name));
    if ((vendor_fields[i].flags & EF_NULLABLE) && (!v || !*v))
        stmt_bind_null(st, idx);
    else
        stmt_bind_text(st, idx, v ? v : "");
}

static Status duplicate_or(Stmt *st, Err *e)
{
    Status s = stmt_error(st, e);
    if (s == ST_CONFLICT || strstr(e->en, "UNIQUE"))
        return err_set(e, ST_CONFLICT, "corporate_number_exists", "corporate_number",
                       "この法人番号の事業者は登録済みです", "a vendor with this corporate number is registered already");
    return s;
}

/* The vendor's whole state as its trail entries record it (reconciled by `lgsec trail verify`). */
static Status vendor_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"name", "corporate_number", "address", "isms_number", "isms_expires_on",
                                       "pmark_number", "pmark_expires_on", "contact_name", "contact_email", "contact_phone"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT name, corporate_number, address, isms_number, isms_expires_on, pmark_number, pmark_expires_on,"
                          " contact_name, contact_email, contact_phone FROM vendor_companies WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return row_single(st, cols, "sSssSsSsss", out, e);
}

static Status record_state(Ctx *ctx, const char *action, int64_t id, Err *e)
{
    json_t *after = NULL;
    Status s = vendor_state(ctx, id, &after, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "vendor_not_found", NULL, "委託事業者が見つかりません", "vendor not found");
    if (s == ST_OK)
        s = record_change(ctx, action, "vendor", id, NULL, after, e);
    json_decref(after);
    return s;
}

static const char *const vendor_full_actions[] = {"vendor.create", "vendor.update", NULL};
const StateKind vendor_state_kind = {
    .object_type = "vendor",
    .table = "vendor_companies",
    .ids_sql = "SELECT id FROM vendor_companies ORDER BY id",
    .full_actions = vendor_full_actions,
    .ignored = NULL,
    .get = vendor_state,
};

Status vendor_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    Status s = vendor_check(in, true, e);
    if (s != ST_OK)
        return s;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_companies (name, corporate_number, address, isms_number, isms_expires_on, pmark_number,"
                          " pmark_expires_on, contact_name, contact_email, contact_phone, created_by, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    for (size_t i = 0; i < NCOLS; i++)
        bind_col(st, (int)i + 1, in, i);
    stmt_bind_int(st, 11, ctx->actor->person_id);
    stmt_bind_text(st, 12, now);
    stmt_bind_text(st, 13, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : duplicate_or(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK)
        s = record_state(ctx, "vendor.create", id, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

static Status vendor_exists(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM vendor_companies WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "vendor_not_found", "vendor_id", "委託事業者が見つかりません", "vendor not found");
    return s;
}

Status vendor_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    Status s = vendor_check(patch, false, e);
    if (s == ST_OK)
        s = vendor_exists(ctx, id, e);
    if (s != ST_OK)
        return s;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    /* one statement per given column: the column names come from the fixed table above */
    static const char *const sql[NCOLS] = {
        "UPDATE vendor_companies SET name = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET corporate_number = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET address = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET isms_number = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET isms_expires_on = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET pmark_number = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET pmark_expires_on = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET contact_name = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET contact_email = ?, updated_at = ? WHERE id = ?",
        "UPDATE vendor_companies SET contact_phone = ?, updated_at = ? WHERE id = ?",
    };
    for (size_t i = 0; i < NCOLS && s == ST_OK; i++) {
        if (!json_object_get(patch, vendor_fields[i].name))
            continue;
        Stmt *st = db_prepare(ctx->db, sql[i], e);
        if (!st) {
            s = e->status;
            break;
        }
        bind_col(st, 1, patch, i);
        stmt_bind_text(st, 2, now);
        stmt_bind_int(st, 3, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : duplicate_or(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK)
        s = record_state(ctx, "vendor.update", id, e);
    return finish_tx(ctx, s, e);
}

#define VENDOR_COLS "v.id, v.name, v.corporate_number, v.address, v.isms_number, v.isms_expires_on, v.pmark_number," \
                    " v.pmark_expires_on, v.contact_name, v.contact_email, v.contact_phone"
static const char *const vendor_out[] = {"id", "name", "corporate_number", "address", "isms_number", "isms_expires_on",
                                         "pmark_number", "pmark_expires_on", "contact_name", "contact_email",
                                         "contact_phone", "contracts"};

static void add_cert_states(const Ctx *ctx, json_t *v, const char *today)
{
    int warn = ctx->pack->vendors.cert_warn_days;
    json_object_set_new(v, "isms_state", json_string(cert_state(json_string_value(json_object_get(v, "isms_expires_on")), today, warn)));
    json_object_set_new(v, "pmark_state", json_string(cert_state(json_string_value(json_object_get(v, "pmark_expires_on")), today, warn)));
}

Status vendors_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " VENDOR_COLS ", (SELECT count(*) FROM vendor_contracts c WHERE c.vendor_id = v.id)"
                          " FROM vendor_companies v ORDER BY v.name, v.id LIMIT 2000",
                          e);
    if (!st)
        return e->status;
    json_t *items = NULL;
    Status s = rows_array(st, vendor_out, "isSssSsSsssi", &items, e);
    if (s != ST_OK)
        return s;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) add_cert_states(ctx, v, today);
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status vendor_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " VENDOR_COLS ", (SELECT count(*) FROM vendor_contracts c WHERE c.vendor_id = v.id)"
                          " FROM vendor_companies v WHERE v.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *v = NULL;
    Status s = row_single(st, vendor_out, "isSssSsSsssi", &v, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "vendor_not_found", NULL, "委託事業者が見つかりません", "vendor not found");
    if (s != ST_OK)
        return s;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    add_cert_states(ctx, v, today);
    static const char *const ccols[] = {"id", "title", "starts_on", "ends_on"};
    st = db_prepare(ctx->db, "SELECT id, title, starts_on, ends_on FROM vendor_contracts WHERE vendor_id = ? ORDER BY starts_on DESC, id DESC", e);
    json_t *contracts = NULL;
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, id);
        s = rows_array(st, ccols, "isss", &contracts, e);
    }
    if (s != ST_OK) {
        json_decref(v);
        return s;
    }
    json_object_set_new(v, "contract_list", contracts);
    *out = v;
    return ST_OK;
}

Status vendors_certificate_alerts(Ctx *ctx, json_t **out, Err *e)
{
    char now[21], today[11], warn[11];
    vendors_now(ctx, now, today);
    date_add_days(today, ctx->pack->vendors.cert_warn_days, warn);
    static const char *const cols[] = {"vendor_id", "name", "certificate", "expires_on"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, name, 'isms', isms_expires_on FROM vendor_companies WHERE isms_expires_on <= ?1"
                          " UNION ALL SELECT id, name, 'pmark', pmark_expires_on FROM vendor_companies WHERE pmark_expires_on <= ?1"
                          " ORDER BY 4, 1 LIMIT 500",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, warn);
    json_t *items = NULL;
    Status s = rows_array(st, cols, "isss", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v)
        json_object_set_new(v, "state", json_string(cert_state(json_string_value(json_object_get(v, "expires_on")), today,
                                                               ctx->pack->vendors.cert_warn_days)));
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
