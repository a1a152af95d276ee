/* rec_common: helpers shared by the record files (see rec_common.h). */
#include "domain/records/rec_common.h"

#include <stdio.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "policy/capability.h"
#include "domain/kernel/kernel.h"
#include "domain/org/org.h"
#include "domain/systems/systems.h"

/* in[f->name] checked against its declaration: *v is NULL when absent, null or "" (the required
 * refusal when f demands a value). */
static Status declared(json_t *in, const EntityField *f, json_t **v, Err *e)
{
    *v = json_object_get(in, f->name);
    /* "" is "not given" (a form's empty input): required or nothing, never a bad value */
    if (*v && !json_is_null(*v) && !(json_is_string(*v) && !*json_string_value(*v))) {
        Status s = entity_check_value(f, *v, NULL, e);
        if (s != ST_OK)
            return s;
    }
    if (!*v || json_is_null(*v) || (json_is_string(*v) && !*json_string_value(*v)))
        *v = NULL;
    return !*v && (f->flags & EF_REQUIRED) ? entity_required(f, e) : ST_OK;
}

Status rec_time(json_t *in, const EntityField *f, char out[static 21], Err *e)
{
    out[0] = '\0';
    json_t *v;
    int64_t t;
    Status s = declared(in, f, &v, e);
    if (s == ST_OK && v && time_parse_local(json_string_value(v), &t))
        time_iso_utc(t, out);
    return s;
}

Status rec_text(json_t *in, const EntityField *f, const char **out, Err *e)
{
    json_t *v;
    Status s = declared(in, f, &v, e);
    *out = s == ST_OK && v ? json_string_value(v) : "";
    return s;
}

Status rec_person(Ctx *ctx, json_t *in, const EntityField *f, int64_t *out, Err *e)
{
    json_t *v;
    *out = 0;
    Status s = declared(in, f, &v, e);
    if (s != ST_OK || !v)
        return s;
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
    if (!found) {
        char ja[256], en[256];
        snprintf(ja, sizeof ja, "「%s」に指定した職員が見つかりません", f->label_ja);
        snprintf(en, sizeof en, "%s: no such active person", f->label_en);
        return err_set(e, ST_INVALID, "unknown_person", f->name, ja, en);
    }
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
