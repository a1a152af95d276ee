/* rec_carry: 持ち出し・持ち込み記録 (第43条), see rec_carry.h. */
#include "domain/records/rec_carry.h"

#include <stdlib.h>
#include <string.h>

#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/kernel/kernel.h"

Status rec_takeout_list(Ctx *ctx, bool only_overdue, json_t **out, Err *e)
{
    static const char *const cols[] = {"request_id", "state", "asset_id", "asset_no", "asset_name",
                                       "requester_person_id", "requester_name", "unit_id", "unit_name",
                                       "fields", "approved_at", "returned_at", "departed_at", NULL};
#define TAKEOUT_SELECT                                                                                                 \
    REC_MANAGED_CTE                                                                                                    \
    "SELECT r.id, r.state, a.id, a.asset_no, a.name, r.requester_person_id, p.name, r.unit_id,"                       \
    " u.name, r.fields, r.decided_at, r.completed_at, r.departed_at FROM requests_v r"                                 \
    " JOIN assets_v a ON a.id = r.object_id JOIN people_v p ON p.id = r.requester_person_id"                         \
    " JOIN org_units_v u ON u.id = r.unit_id"                                                                          \
    " WHERE r.type = 'take_out' AND (?3 = 1 OR r.requester_person_id = ?1 OR r.unit_id IN (SELECT id FROM managed))"
    /* Only the overdue ones (the compliance dashboard, the self-check, the readiness report): the
     * returned take-outs, nearly all of a register of years, stay in the store instead of being read
     * and parsed to be dropped (with 100,000 requests they were 95 % of the dashboard's CPU time,
     * docs/performance.md). The loop below keeps deciding with the same condition. */
    Stmt *st = db_prepare(ctx->db,
                          only_overdue ? TAKEOUT_SELECT " AND r.state IN ('approved', 'expired')"
                                                        " AND json_type(r.fields, '$.return_due') = 'text'"
                                                        " AND json_extract(r.fields, '$.return_due') < ?2 ORDER BY r.id DESC"
                                       : TAKEOUT_SELECT " AND r.state IN ('approved', 'completed', 'expired') ORDER BY r.id DESC",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, rec_sees_all(ctx));
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "isissisissSSS", &rows, e);
    if (s != ST_OK)
        return s;
    json_t *items = json_array();
    int overdue_count = 0;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        json_t *f = json_loads(json_string_value(json_object_get(o, "fields")), 0, NULL);
        static const char *const keys[] = {"destination", "purpose", "out_at", "return_due"};
        for (size_t k = 0; k < 4; k++) {
            json_t *v = json_object_get(f, keys[k]);
            json_object_set_new(o, keys[k], json_is_string(v) ? json_copy(v) : json_null());
        }
        json_decref(f);
        json_object_del(o, "fields");
        const char *due = json_string_value(json_object_get(o, "return_due"));
        const char *state = json_string_value(json_object_get(o, "state"));
        /* not brought back (an expired permission does not bring the item back) and past its date */
        bool overdue = strcmp(state, "completed") != 0 && due && strcmp(due, today) < 0;
        json_object_set_new(o, "overdue", json_boolean(overdue));
        overdue_count += overdue;
        if (!only_overdue || overdue)
            json_array_append(items, o);
    }
    json_decref(rows);
    *out = json_pack("{s:o, s:i, s:s}", "items", items, "overdue", overdue_count, "article", "第43条");
    return ST_OK;
}

static const char *const bringin_cols[] = {"id", "person_id", "person_name", "unit_id", "unit_name", "item", "purpose",
                                           "in_at", "out_at", "request_id", "recorded_by", "created_at", "updated_at",
                                           NULL};
#define BRINGIN_TYPES "iisissssSIIss"
#define BRINGIN_SELECT                                                                                             \
    "SELECT b.id, b.person_id, p.name, b.unit_id, u.name, b.item, b.purpose, b.in_at, b.out_at, b.request_id,"     \
    " b.recorded_by, b.created_at, b.updated_at FROM bring_in_records b JOIN people_v p ON p.id = b.person_id"      \
    " JOIN org_units_v u ON u.id = b.unit_id"

static Status bringin_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, BRINGIN_SELECT " WHERE b.id = ?", bringin_cols, BRINGIN_TYPES, id, "record_not_found",
                   "持ち込み記録が見つかりません", "bring-in record not found", out, e);
}

static Status forbidden(Err *e)
{
    return rec_forbidden(e, "record_forbidden",
                         "持ち込みを記録できるのは本人とその課室の情報セキュリティ管理者です (第43条)",
                         "only the person and their section's security manager may record a bring-in");
}

/* ST_OK for the person concerned or the manager of their 課室; forbidden otherwise, or the error of
 * a check that could not be made. */
static Status check_write(Ctx *ctx, int64_t person, int64_t unit, Err *e)
{
    if (ctx->actor->person_id && ctx->actor->person_id == person)
        return ST_OK;
    bool manager = false;
    Status s = rec_is_manager_of(ctx, unit, &manager, e);
    return s != ST_OK || manager ? s : forbidden(e);
}

Status rec_bringin_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    const char *item, *purpose;
    char in_at[21];
    int64_t person = 0, request = 0;
    Status s = rec_text(in, &bringin_fields[BRINGIN_F_ITEM], &item, e);
    if (s == ST_OK)
        s = rec_text(in, &bringin_fields[BRINGIN_F_PURPOSE], &purpose, e);
    if (s == ST_OK)
        s = rec_time(in, &bringin_fields[BRINGIN_F_IN_AT], in_at, e);
    if (s == ST_OK)
        s = rec_person(ctx, in, &bringin_fields[BRINGIN_F_PERSON], &person, e);
    if (s != ST_OK)
        return s;
    if (!person)
        person = ctx->actor->person_id;
    if (!person)
        return err_set(e, ST_INVALID, "required", "person_id", "持ち込む人を指定してください", "person_id is required");
    json_t *rq = json_object_get(in, "request_id");
    if (rq && !json_is_null(rq)) {
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM requests_v WHERE id = ? AND state IN ('approved', 'completed')", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, json_integer_value(rq));
        bool ok = false;
        if (json_is_integer(rq))
            s = stmt_step_row(st, &ok, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
        if (!ok)
            return err_set(e, ST_INVALID, "request_not_approved", "request_id", "承認された申請を指定してください",
                           "request_id must name an approved request");
        request = json_integer_value(rq);
    }
    int64_t unit = 0;
    if ((s = rec_unit_of(ctx, person, &unit, e)) != ST_OK || (s = check_write(ctx, person, unit, e)) != ST_OK)
        return s;
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO bring_in_records(person_id, unit_id, item, purpose, in_at, request_id, recorded_by,"
                          " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_int(st, 1, person);
        stmt_bind_int(st, 2, unit);
        stmt_bind_text(st, 3, item);
        stmt_bind_text(st, 4, purpose);
        stmt_bind_text(st, 5, in_at);
        rec_bind_opt_id(st, 6, request);
        rec_bind_opt_id(st, 7, ctx->actor->person_id);
        stmt_bind_text(st, 8, now);
        s = rec_insert(ctx, st, &id, e);
    } else {
        s = e->status;
    }
    return rec_created(ctx, s, id, bringin_plain, "bring_in.create", "bring_in", id_out, e);
}

Status rec_bringin_out(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    char out_at[21];
    Status s = rec_time(in, &bringin_fields[BRINGIN_F_OUT_AT], out_at, e);
    if (s != ST_OK)
        return s;
    if (!out_at[0])
        rec_now(ctx, out_at);
    json_t *before = NULL, *after = NULL;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = bringin_plain(ctx, id, &before, e);
    if (s == ST_OK)
        s = check_write(ctx, json_integer_value(json_object_get(before, "person_id")),
                        json_integer_value(json_object_get(before, "unit_id")), e);
    if (s == ST_OK && !json_is_null(json_object_get(before, "out_at")))
        s = err_set(e, ST_CONFLICT, "already_out", "out_at", "持ち帰りは記録済みです", "already recorded as taken away");
    if (s == ST_OK && strcmp(out_at, json_string_value(json_object_get(before, "in_at"))) < 0)
        s = err_set(e, ST_INVALID, "invalid_time", "out_at", "持ち帰り日時が持ち込み日時より前です",
                    "out_at is before in_at");
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db, "UPDATE bring_in_records SET out_at = ?, updated_at = ? WHERE id = ?", e);
        if (st) {
            char now[21];
            rec_now(ctx, now);
            stmt_bind_text(st, 1, out_at);
            stmt_bind_text(st, 2, now);
            stmt_bind_int(st, 3, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK && (s = bringin_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "bring_in.out", "bring_in", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status rec_bringin_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *o = NULL;
    Status s = bringin_plain(ctx, id, &o, e);
    if (s != ST_OK)
        return s;
    if (!rec_sees_all(ctx) && (s = check_write(ctx, json_integer_value(json_object_get(o, "person_id")),
                                               json_integer_value(json_object_get(o, "unit_id")), e)) != ST_OK) {
        json_decref(o);
        if (s != ST_FORBIDDEN)
            return s;
        return err_set(e, ST_NOTFOUND, "record_not_found", "id", "持ち込み記録が見つかりません",
                       "bring-in record not found");
    }
    *out = o;
    return ST_OK;
}

Status rec_bringin_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          REC_MANAGED_CTE BRINGIN_SELECT
                          " WHERE (?3 = 1 OR b.person_id = ?1 OR b.unit_id IN (SELECT id FROM managed))"
                          " ORDER BY b.in_at DESC, b.id DESC",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, rec_sees_all(ctx));
    json_t *rows = NULL;
    Status s = rows_array(st, bringin_cols, BRINGIN_TYPES, &rows, e);
    if (s == ST_OK)
        *out = json_pack("{s:o, s:s}", "items", rows, "article", "第43条");
    return s;
}

/* 持ち込みの記録 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is bringin_plain of the row. */
static const char *const bring_in_actions[] = {"bring_in.create", "bring_in.out", NULL};
const StateKind bring_in_state_kind = {
    .object_type = "bring_in",
    .table = "bring_in_records",
    .ids_sql = "SELECT id FROM bring_in_records ORDER BY id",
    .full_actions = bring_in_actions,
    .ignored = NULL,
    .get = bringin_plain,
};
