/* rec_common: helpers shared by the record files (see rec_common.h). */
#include "domain/records/rec_common.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/assets/assets.h"
#include "policy/capability.h"
#include "domain/kernel/kernel.h"
#include "domain/org/org.h"
#include "domain/systems/systems.h"

#define JST_SECONDS (9 * 3600)

bool rec_parse_time(const char *s, int64_t *out)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n == 20 && s[19] == 'Z')
        return time_parse_iso(s, out);
    if (n != 16 && n != 19)
        return false;
    if (s[10] != 'T' && s[10] != ' ')
        return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    int y, m, d, hh, mm, ss = 0;
    if (!date_parse(date, &y, &m, &d))
        return false;
    for (size_t i = 11; i < n; i++)
        if ((i == 13 || i == 16) ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return false;
    hh = (s[11] - '0') * 10 + (s[12] - '0');
    mm = (s[14] - '0') * 10 + (s[15] - '0');
    if (n == 19)
        ss = (s[17] - '0') * 10 + (s[18] - '0');
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - JST_SECONDS;
    return true;
}

static const char *str_of(json_t *in, const char *key)
{
    json_t *v = json_object_get(in, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static Status required(Err *e, const char *key, const char *label_ja)
{
    return err_setf(e, ST_INVALID, "required", key, "「%s」を入力してください%.0s", "%.0s%s is required", label_ja,
                    key);
}

Status rec_time(json_t *in, const char *key, const char *label_ja, bool req, char out[static 21], Err *e)
{
    out[0] = '\0';
    json_t *v = json_object_get(in, key);
    const char *s = str_of(in, key);
    if (!v || json_is_null(v) || (s && !*s))
        return req ? required(e, key, label_ja) : ST_OK;
    int64_t t;
    if (!s || !rec_parse_time(s, &t))
        return err_setf(e, ST_INVALID, "invalid_time", key,
                        "「%s」は日時 (YYYY-MM-DDTHH:MM、日本時間) で入力してください%.0s",
                        "%.0s%s must be a date and time (YYYY-MM-DDTHH:MM, JST)", label_ja, key);
    time_iso_utc(t, out);
    return ST_OK;
}

Status rec_text(json_t *in, const char *key, const char *label_ja, size_t max, bool req, bool multiline,
                const char **out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = "";
    if (!v || json_is_null(v))
        return req ? required(e, key, label_ja) : ST_OK;
    const char *s = json_string_value(v);
    if (!s || !text_valid_chars(s, max, multiline)) {
        /* err_setf shares one argument list between the two messages, whose orders differ here */
        char ja[512], en[512];
        snprintf(ja, sizeof ja, "「%s」は%zu文字以内の文字列で入力してください (制御文字や双方向制御・ゼロ幅文字などの見えない文字は使えません)",
                 label_ja, max);
        snprintf(en, sizeof en, "%s must be text of at most %zu characters, without control, bidi or zero-width characters",
                 key, max);
        return err_set(e, ST_INVALID, "invalid_text", key, ja, en);
    }
    if (req && !*s)
        return required(e, key, label_ja);
    *out = s;
    return ST_OK;
}

Status rec_person(Ctx *ctx, json_t *in, const char *key, const char *label_ja, bool req, int64_t *out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = 0;
    if (!v || json_is_null(v))
        return req ? required(e, key, label_ja) : ST_OK;
    if (!json_is_integer(v))
        return err_setf(e, ST_INVALID, "invalid_type", key, "「%s」は職員のIDで指定してください%.0s",
                        "%.0s%s must be a person id", label_ja, key);
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v WHERE id = ? AND active_from <= ?2 AND (active_until IS NULL OR"
                          " active_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, json_integer_value(v));
    stmt_bind_text(st, 2, today);
    bool found = false;
    Status q = stmt_step_row(st, &found, e);
    stmt_finalize(st);
    if (q != ST_OK)
        return q;
    if (!found)
        return err_setf(e, ST_INVALID, "unknown_person", key, "「%s」に指定した職員が見つかりません%.0s",
                        "%.0s%s: no such active person", label_ja, key);
    *out = json_integer_value(v);
    return ST_OK;
}

static bool local_operator(const Ctx *ctx)
{
    return ctx->actor->account_id == 0 && ctx->actor->person_id == 0;
}

Status rec_may_keep_unit(Ctx *ctx, int64_t unit_id, bool *may, Err *e)
{
    *may = local_operator(ctx);
    return *may ? ST_OK : asset_may_edit_unit(ctx, unit_id, may, e);
}

Status rec_may_keep_system(Ctx *ctx, int64_t system_id, bool *may, Err *e)
{
    Status s = system_may_edit(ctx, system_id, may, e);
    if (s != ST_OK || *may || !system_id || !ctx->actor->person_id)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM role_assignments_v WHERE person_id = ? AND scope_kind = 'system' AND scope_id = ?"
                          " AND role IN ('system_manager', 'system_operator') AND valid_from <= ?3"
                          " AND (valid_until IS NULL OR valid_until >= ?3)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_int(st, 2, system_id);
    stmt_bind_text(st, 3, today);
    s = stmt_step_row(st, may, e);
    stmt_finalize(st);
    return s;
}

Status rec_is_manager_of(Ctx *ctx, int64_t unit_id, bool *may, Err *e)
{
    *may = local_operator(ctx) || (ctx->actor->caps & CAP_ROLES_MANAGE);
    if (*may)
        return ST_OK;
    return role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit_id, may, e);
}

Status rec_unit_of(Ctx *ctx, int64_t person_id, int64_t *unit, Err *e)
{
    *unit = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT unit_id FROM people_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *unit = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

void rec_now(Ctx *ctx, char out[static 21])
{
    time_iso_utc(clock_now(ctx->clock), out);
}

void rec_bind_opt(Stmt *st, int index, const char *s)
{
    if (s && *s)
        stmt_bind_text(st, index, s);
    else
        stmt_bind_null(st, index);
}

void rec_bind_opt_id(Stmt *st, int index, int64_t id)
{
    if (id)
        stmt_bind_int(st, index, id);
    else
        stmt_bind_null(st, index);
}

Status rec_insert(Ctx *ctx, Stmt *st, int64_t *id, Err *e)
{
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    *id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    return s;
}

Status rec_created(Ctx *ctx, Status s, int64_t id, RecPlainFn plain, const char *action, const char *object_type,
                   int64_t *id_out, Err *e)
{
    json_t *after = NULL;
    if (s == ST_OK && (s = plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, action, object_type, id, NULL, after, e);
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status rec_row(Ctx *ctx, const char *select_sql, const char *const *cols, const char *types, int64_t id,
               const char *code, const char *ja, const char *en, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, select_sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, cols, types, out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, code, "id", ja, en);
    return s;
}

Status rec_forbidden(Err *e, const char *code, const char *ja, const char *en)
{
    return err_set(e, ST_FORBIDDEN, code, "", ja, en);
}

bool rec_sees_all(const Ctx *ctx)
{
    return local_operator(ctx) || (ctx->actor->caps & CAP_ROLES_MANAGE);
}
