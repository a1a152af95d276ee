/* review: the クラウドサービス管理者's periodic review of a service (第150条5: 実施状況を定期的に確認・記録;
 * the first at once, 第149条4), the end of its use with the deletion or return of the information and the
 * removal of the accounts (第151条), and what the homes show: the reviews due, the services a person
 * manages, and for the 統括 the ISMAP / ISMAP-LIU registrations lapsed or lapsing. */
#include <stdio.h>
#include <string.h>

#include "domain/cloud/cloud.h"
#include "domain/cloud/cloud_internal.h"
#include "entities/cloud_entity.h"
#include "policy/pack.h"

static Status review_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"service_id", "reviewed_on", "checked_items", "result", "actions", "reviewed_by"};
    return row_by_id(ctx->db,
                     "SELECT service_id, reviewed_on, checked_items, result, actions, reviewed_by FROM cloud_reviews"
                     " WHERE id = ?",
                     cols, "issssi", id, out, e);
}

static const char *const review_actions[] = {"cloud_review.create", NULL};
const StateKind cloud_review_state_kind = {
    .object_type = "cloud_review",
    .table = "cloud_reviews",
    .ids_sql = "SELECT id FROM cloud_reviews ORDER BY id",
    .full_actions = review_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = NULL,
    .remove_actions = NULL,
    .get = review_state,
    .get_key = NULL,
};

static Status ending_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"ended_on", "disposition", "confirmation", "accounts_removed", "recorded_by"};
    return row_by_id(ctx->db,
                     "SELECT ended_on, disposition, confirmation, accounts_removed, recorded_by FROM cloud_service_endings"
                     " WHERE service_id = ?",
                     cols, "sssbi", id, out, e);
}

/* The end is keyed by its service: the entry's object id is the service's id. */
static const char *const end_actions[] = {"cloud_service.end", NULL};
const StateKind cloud_end_state_kind = {
    .object_type = "cloud_service_end",
    .table = "cloud_service_endings",
    .ids_sql = "SELECT service_id FROM cloud_service_endings ORDER BY service_id",
    .full_actions = end_actions,
    .ignored = NULL,
    .merge_actions = NULL,
    .id_keys = NULL,
    .remove_actions = NULL,
    .get = ending_state,
    .get_key = NULL,
};

static Status not_before(const char *d, const char *registered_on, const char *field, Err *e)
{
    if (strcmp(d, registered_on) < 0)
        return err_set(e, ST_INVALID, "date_before_registration", field,
                       "台帳に登録した日より前の日付は記録できません", "the date cannot be before the service was registered");
    return ST_OK;
}

/* ENFORCES: 第150条5 pack: cloud.cloud.review_interval_days
 * クラウドサービス管理者は、運用・保守時の実施状況を定期的に確認・記録する(確認した事項と結果、措置)。 */
Status cloud_review_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    if ((s = entity_check(&cloud_review_entity, in, true, NULL, e)) != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    const char *on = json_string_value(json_object_get(in, "reviewed_on"));
    const char *result = json_string_value(json_object_get(in, "result"));
    const char *actions = json_string_value(json_object_get(in, "actions"));
    if ((s = cloud_not_future(on, today, "reviewed_on", e)) != ST_OK ||
        (s = not_before(on, c.registered_on, "reviewed_on", e)) != ST_OK)
        return s;
    if (strcmp(result, "action_needed") == 0 && (!actions || !*actions))
        return entity_required(&cloud_review_entity.fields[CLOUD_REVIEW_F_ACTIONS], e);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO cloud_reviews (service_id, reviewed_on, checked_items, result, actions, reviewed_by,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, on);
    stmt_bind_text(st, 3, json_string_value(json_object_get(in, "checked_items")));
    stmt_bind_text(st, 4, result);
    stmt_bind_text(st, 5, actions ? actions : "");
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t rid = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = review_state(ctx, rid, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "cloud_review.create", "cloud_review", rid, NULL, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

/* ENFORCES: 第151条2 pack: cloud.cloud.end_article
 * 利用終了時に、情報の削除・返却と利用のために作成したアカウントの廃棄を確認・記録する。 */
Status cloud_service_end(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    if ((s = entity_check(&cloud_service_end_entity, in, true, NULL, e)) != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    const char *on = json_string_value(json_object_get(in, "ended_on"));
    if ((s = cloud_not_future(on, today, "ended_on", e)) != ST_OK ||
        (s = not_before(on, c.registered_on, "ended_on", e)) != ST_OK)
        return s;
    if (!json_is_true(json_object_get(in, "accounts_removed")))
        return err_set(e, ST_CONFLICT, "cloud_accounts_not_removed", "accounts_removed",
                       "利用のために作成したアカウントを廃棄してから利用終了を記録してください (第151条(3))",
                       "remove the accounts created for the service before recording the end of its use");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO cloud_service_endings (service_id, ended_on, disposition, confirmation, accounts_removed,"
                          " recorded_by, recorded_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, on);
    stmt_bind_text(st, 3, json_string_value(json_object_get(in, "disposition")));
    stmt_bind_text(st, 4, json_string_value(json_object_get(in, "confirmation")));
    stmt_bind_int(st, 5, ctx->actor->person_id);
    stmt_bind_text(st, 6, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_CONFLICT || (s != ST_OK && strstr(e->en, "UNIQUE")))
        s = err_set(e, ST_CONFLICT, "cloud_service_ended", NULL, "このクラウドサービスは利用を終了しています",
                    "the use of this cloud service has ended");
    /* the information is no longer on the service: its placements end with it */
    json_t *rids = NULL;
    if (s == ST_OK) {
        st = db_prepare(ctx->db, "SELECT id FROM cloud_service_assets WHERE service_id = ? ORDER BY id", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_int(st, 1, id);
            s = rows_ids(st, &rids, e);
        }
    }
    size_t i;
    json_t *v;
    json_array_foreach(rids, i, v) if (s == ST_OK) s = cloud_placement_delete(ctx, json_integer_value(v), e);
    json_decref(rids);
    json_t *after = NULL;
    if (s == ST_OK)
        s = ending_state(ctx, id, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "cloud_service.end", "cloud_service_end", id, NULL, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status cloud_reviews_due_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    *out = json_pack("{s:[]}", "items");
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT s.id, s.name, (SELECT max(r.reviewed_on) FROM cloud_reviews r WHERE r.service_id = s.id),"
                          " date(s.created_at, '+9 hours') FROM cloud_services s WHERE s.manager_person_id = ?"
                          " AND NOT EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = s.id) ORDER BY s.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    const PackCloud *pc = &ctx->pack->cloud;
    char now[21], today[11], soon[11];
    cloud_now(ctx, now, today);
    cloud_date_add(today, 14, soon);
    json_t *items = json_object_get(*out, "items");
    Status s = ST_OK;
    for (;;) {
        StepResult rc = stmt_step(st);
        if (rc == STEP_DONE)
            break;
        if (rc != STEP_ROW) {
            s = stmt_error(st, e);
            break;
        }
        bool first = stmt_is_null(st, 2);
        char due[11];
        if (first)
            snprintf(due, sizeof due, "%s", stmt_text(st, 3));
        else
            cloud_date_add(stmt_text(st, 2), pc->review_interval_days, due);
        if (strcmp(due, soon) > 0)
            continue; /* shown from two weeks before it is due */
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:b, s:b, s:s?}", "service_id", (json_int_t)stmt_int(st, 0),
                                               "name", stmt_text(st, 1), "due_on", due, "overdue", strcmp(due, today) < 0,
                                               "first", first, "article", pc->review_article));
    }
    stmt_finalize(st);
    return s;
}

Status cloud_services_of_actor(Ctx *ctx, json_t **out, Err *e)
{
    static const char *const cols[] = {"scope_id", "scope_label", "valid_from", "request_type"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, name, manager_since, request_type FROM cloud_services s WHERE manager_person_id = ?"
                          " AND NOT EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = s.id)"
                          " ORDER BY name, id LIMIT 500",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id ? ctx->actor->person_id : -1);
    json_t *items = NULL;
    Status s = rows_array(st, cols, "isss", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v)
    {
        /* the role follows the service's approval: 業務委託サービス管理者 for an outsourced service
         * (第143条6), else クラウドサービス管理者 (cloud.yaml manager_role) */
        const PackRole *role = pack_cloud_manager_role(ctx->pack, json_string_value(json_object_get(v, "request_type")));
        json_object_del(v, "request_type");
        /* shaped like a role assignment (roles_of_person), negative ids keep them apart */
        json_object_set_new(v, "id", json_integer(-json_integer_value(json_object_get(v, "scope_id"))));
        json_object_set_new(v, "role", json_string(role ? role->id : ""));
        json_object_set_new(v, "label", json_string(role ? role->label : "クラウドサービス管理者"));
        json_object_set_new(v, "article", json_string(role ? role->article : ctx->pack->cloud.article));
        json_object_set_new(v, "scope_kind", json_string("service"));
        json_object_set_new(v, "valid_until", json_null());
        json_object_set_new(v, "person_id", json_integer(ctx->actor->person_id));
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

/* ENFORCES: 第146条9 pack: cloud.cloud.ismap_warn_days
 * ISMAP・ISMAP-LIU の登録が失効した、又は失効が近いクラウドサービスを統括情報セキュリティ責任者に示す。 */
Status cloud_ismap_alerts(Ctx *ctx, json_t **out, Err *e)
{
    char now[21], today[11], warn[11];
    cloud_now(ctx, now, today);
    cloud_date_add(today, ctx->pack->cloud.ismap_warn_days, warn);
    static const char *const cols[] = {"service_id", "name", "ismap_kind", "expires_on"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, name, ismap_kind, ismap_expires_on FROM cloud_services s"
                          " WHERE NOT EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = s.id)"
                          " AND ismap_kind != 'none' AND ismap_expires_on <= ? ORDER BY ismap_expires_on, id LIMIT 500",
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
        json_object_set_new(v, "state", json_string(strcmp(json_string_value(json_object_get(v, "expires_on")), today) < 0
                                                        ? "expired"
                                                        : "expiring"));
    st = db_prepare(ctx->db,
                    "SELECT count(*) FROM cloud_services s"
                    " WHERE NOT EXISTS (SELECT 1 FROM cloud_service_endings x WHERE x.service_id = s.id)",
                    e);
    bool row = false;
    s = st ? stmt_step_row(st, &row, e) : e->status;
    json_int_t in_use = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:I}", "items", items, "in_use", in_use);
    return ST_OK;
}
