/* cloud_common: the service's row, the need-to-know and acting rules, dates and the service's state
 * for the trail (cloud_internal.h). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/cloud/cloud.h"
#include "domain/cloud/cloud_internal.h"
#include "policy/capability.h"

void cloud_now(const Ctx *ctx, char now[static 21], char today[static 11])
{
    time_iso_utc(clock_now(ctx->clock), now);
    date_today(ctx->clock, today);
}

void cloud_date_add(const char *date, int days, char out[static 11])
{
    int y, m, d;
    if (!date || !date_parse(date, &y, &m, &d)) {
        snprintf(out, 11, "%s", date ? date : "");
        return;
    }
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

bool cloud_reads_all(const Ctx *ctx) { return (ctx->actor->caps & (CAP_CLOUD_MANAGE | CAP_TRAIL_READ)) != 0; }

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "cloud_service_not_found", NULL, "クラウドサービスが見つかりません",
                   "cloud service not found");
}

Status cloud_load(Ctx *ctx, int64_t id, CloudRow *c, Err *e)
{
    memset(c, 0, sizeof *c);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, request_id, manager_person_id, request_type, name, date(created_at, '+9 hours'),"
                          " EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = cloud_services.id)"
                          " FROM cloud_services WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        c->id = stmt_int(st, 0);
        c->request_id = stmt_int(st, 1);
        c->manager_person_id = stmt_int(st, 2);
        snprintf(c->request_type, sizeof c->request_type, "%s", stmt_text(st, 3));
        snprintf(c->name, sizeof c->name, "%s", stmt_text(st, 4));
        snprintf(c->registered_on, sizeof c->registered_on, "%s", stmt_text(st, 5));
        c->ended = stmt_int(st, 6) != 0;
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    /* need-to-know: a service the actor may not read answers as a missing one does */
    if (!row || (!cloud_reads_all(ctx) && (!ctx->actor->person_id || c->manager_person_id != ctx->actor->person_id)))
        return not_found(e);
    return ST_OK;
}

Status cloud_may_act(const Ctx *ctx, const CloudRow *c, Err *e)
{
    if ((ctx->actor->caps & CAP_CLOUD_MANAGE) || (ctx->actor->person_id && c->manager_person_id == ctx->actor->person_id))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "cloud_not_manager", NULL,
                   "このサービスの管理者(クラウドサービス管理者・業務委託サービス管理者)又は統括情報セキュリティ責任者だけが記録できます (第148条3・第143条6)",
                   "only the service's manager (cloud or outsourced service manager) or the chief officer may record this");
}

Status cloud_require_in_use(const CloudRow *c, Err *e)
{
    if (!c->ended)
        return ST_OK;
    return err_set(e, ST_CONFLICT, "cloud_service_ended", NULL, "このクラウドサービスは利用を終了しています",
                   "the use of this cloud service has ended");
}

Status cloud_link_id(Ctx *ctx, const char *sql, int64_t service_id, int64_t other_id, int64_t *rid, Err *e)
{
    *rid = 0;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, service_id);
    stmt_bind_int(st, 2, other_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *rid = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status cloud_load_for_change(Ctx *ctx, int64_t id, CloudRow *c, Err *e)
{
    Status s = cloud_load(ctx, id, c, e);
    if (s == ST_OK)
        s = cloud_may_act(ctx, c, e);
    if (s == ST_OK)
        s = cloud_require_in_use(c, e);
    return s;
}

Status cloud_not_future(const char *d, const char *today, const char *field, Err *e)
{
    if (d && strcmp(d, today) > 0)
        return err_set(e, ST_INVALID, "date_in_future", field, "未来の日付は記録できません", "a future date cannot be recorded");
    return ST_OK;
}

Status cloud_person_active(Ctx *ctx, int64_t person_id, const char *field, Err *e)
{
    char now[21], today[11];
    cloud_now(ctx, now, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v WHERE id = ?1 AND active_from <= ?2"
                          " AND (active_until IS NULL OR active_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, today);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_INVALID, "unknown_person", field, "指定した職員が見つからないか在職していません",
                       "the person given does not exist or is not active");
    return s;
}

static const char *const state_cols[] = {
    "request_id", "request_type", "name", "provider", "purpose", "manager_person_id", "manager_since", "ismap_kind",
    "ismap_number", "ismap_expires_on", "data_location", "region", "terms_reviewed_on", "terms_reviewer_person_id",
    "terms_result", "terms_notes", "exit_plan", "exit_plan_reviewed_on"};

Status cloud_service_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return row_by_id(ctx->db,
                     "SELECT request_id, request_type, name, provider, purpose, manager_person_id, manager_since, ismap_kind,"
                     " ismap_number, ismap_expires_on, data_location, region, terms_reviewed_on, terms_reviewer_person_id,"
                     " terms_result, terms_notes, exit_plan, exit_plan_reviewed_on FROM cloud_services WHERE id = ?",
                     state_cols, "issssisssSssSISssS", id, out, e);
}

Status cloud_record_service(Ctx *ctx, const char *action, int64_t id, Err *e)
{
    json_t *after = NULL;
    Status s = cloud_service_state(ctx, id, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, action, "cloud_service", id, NULL, after, e);
    json_decref(after);
    return s;
}

static const char *const service_full_actions[] = {"cloud_service.register", "cloud_service.update", NULL};
const StateKind cloud_service_state_kind = {
    .object_type = "cloud_service",
    .table = "cloud_services",
    .ids_sql = "SELECT id FROM cloud_services ORDER BY id",
    .full_actions = service_full_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = NULL,
    .remove_actions = NULL,
    .get = cloud_service_state,
    .get_key = NULL,
};
