/* service: registering a service from its approved request (第148条3・第153条2・第143条6), its details
 * (ISMAP / ISMAP-LIU, data location and region, 約款 review, exit plan) kept by its manager, the
 * appointment of another manager by the 統括, the register's list and one service's page, the pack's
 * settings and the approved requests still waiting to be registered. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/access/access.h"
#include "domain/cloud/cloud.h"
#include "domain/cloud/cloud_internal.h"
#include "entities/cloud_entity.h"
#include "policy/capability.h"
#include "policy/pack.h"

static json_t *approval_json(const Ctx *ctx, const PackCloudApproval *a)
{
    const PackRequestType *t = pack_request_type(ctx->pack, a->request_type);
    const PackScale *conf = pack_scale(ctx->pack, "confidentiality");
    const PackLevel *lv = conf ? pack_level(conf, a->max_confidentiality) : NULL;
    const PackRole *mr = pack_cloud_manager_role(ctx->pack, a->request_type);
    return json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s?, s:i, s:s, s:s?, s:s?, s:s?}", "request_type", a->request_type,
                     "request_label", t ? t->label : NULL, "label", a->label, "label_en", a->label_en,
                     "max_confidentiality", a->max_confidentiality, "max_confidentiality_label", lv ? lv->label : NULL,
                     "max_rank", a->max_rank, "article", a->article, "manager_role", mr ? mr->id : NULL,
                     "manager_role_label", mr ? mr->label : NULL, "manager_role_article", mr ? mr->article : NULL);
}

json_t *cloud_settings(const Ctx *ctx)
{
    const PackCloud *c = &ctx->pack->cloud;
    json_t *approvals = json_array();
    for (size_t i = 0; i < c->n_approvals; i++)
        json_array_append_new(approvals, approval_json(ctx, &c->approvals[i]));
    const PackRole *r = c->manager_role ? pack_role(ctx->pack, c->manager_role) : NULL;
    return json_pack("{s:s?, s:s?, s:s?, s:i, s:s?, s:i, s:s?, s:s?, s:o}", "article", c->article, "manager_role",
                     c->manager_role, "manager_role_label", r ? r->label : NULL, "review_interval_days",
                     c->review_interval_days, "review_article", c->review_article, "ismap_warn_days", c->ismap_warn_days,
                     "ismap_article", c->ismap_article, "end_article", c->end_article, "approvals", approvals);
}

/* The request's field `name` as text (NULL when absent or not text). */
static const char *field_text(const json_t *fields, const char *name)
{
    return name ? json_string_value(json_object_get(fields, name)) : NULL;
}

static int64_t field_person(const json_t *fields, const char *name)
{
    json_t *v = name ? json_object_get(fields, name) : NULL;
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

Status cloud_candidates(Ctx *ctx, json_t **out, Err *e)
{
    static const char *const cols[] = {"request_id", "request_type", "fields", "decided_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.type, r.fields, r.decided_at FROM requests_v r WHERE r.state = 'approved'"
                          " AND NOT EXISTS (SELECT 1 FROM cloud_services c WHERE c.request_id = r.id)"
                          " ORDER BY r.decided_at DESC, r.id DESC LIMIT 2000",
                          e);
    if (!st)
        return e->status;
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "issS", &rows, e);
    if (s != ST_OK)
        return s;
    json_t *items = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const PackCloudApproval *a = pack_cloud_approval(ctx->pack, json_string_value(json_object_get(r, "request_type")));
        if (!a)
            continue;
        json_t *f = json_loads(json_string_value(json_object_get(r, "fields")), 0, NULL);
        int64_t mgr = field_person(f, a->manager_field);
        json_t *item = json_pack("{s:O, s:O, s:s?, s:s?, s:s?, s:O, s:o}", "request_id", json_object_get(r, "request_id"),
                                 "request_type", json_object_get(r, "request_type"), "name", field_text(f, a->name_field),
                                 "provider", field_text(f, a->provider_field), "purpose", field_text(f, a->purpose_field),
                                 "decided_at", json_object_get(r, "decided_at"), "manager_person_id",
                                 mgr ? json_integer(mgr) : json_null());
        json_object_set_new(item, "approval", approval_json(ctx, a));
        json_array_append_new(items, item);
        json_decref(f);
    }
    json_decref(rows);
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

/* Binds field f's value of in at idx: text, or null for an absent/null/empty nullable value; ids and
 * booleans as integers. */
static void bind_field(Stmt *st, int idx, const EntityField *f, const json_t *in)
{
    json_t *v = json_object_get(in, f->name);
    if (!v || json_is_null(v) || ((f->flags & EF_NULLABLE) && json_is_string(v) && !*json_string_value(v)))
        stmt_bind_null(st, idx);
    else if (json_is_integer(v))
        stmt_bind_int(st, idx, json_integer_value(v));
    else if (json_is_boolean(v))
        stmt_bind_int(st, idx, json_is_true(v));
    else
        stmt_bind_text(st, idx, json_string_value(v));
}

/* Writes every declared field given in `in` (the column names come from the declaration, never from
 * the input). A NOT NULL text column given as null becomes "". */
static Status apply_fields(Ctx *ctx, int64_t id, const json_t *in, const char *now, Err *e)
{
    for (size_t i = 0; i < cloud_service_entity.nfields; i++) {
        const EntityField *f = &cloud_service_entity.fields[i];
        json_t *v = json_object_get(in, f->name);
        if (!v)
            continue;
        char sql[200];
        bool text_not_null = !(f->flags & EF_NULLABLE) && (f->type == ET_TEXT || f->type == ET_ENUM);
        snprintf(sql, sizeof sql, "UPDATE cloud_services SET %s = %s, updated_at = ?2 WHERE id = ?3", entity_column(f),
                 text_not_null ? "coalesce(?1, '')" : "?1");
        Stmt *st = db_prepare(ctx->db, sql, e);
        if (!st)
            return e->status;
        bind_field(st, 1, f, in);
        stmt_bind_text(st, 2, now);
        stmt_bind_int(st, 3, id);
        Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

/* Keys of in the entity does not declare are refused (a typo must not be silently ignored). */
static Status known_keys(const json_t *in, const char *also, Err *e)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)in, k, v)
    {
        (void)v;
        if (!entity_field(&cloud_service_entity, k) && !(also && strcmp(k, also) == 0))
            return err_setf(e, ST_INVALID, "unknown_field", k, "項目 %s はありません", "there is no field %s", k);
    }
    return ST_OK;
}

/* Rules across fields, checked on the stored row after a change: a registration of ISMAP / ISMAP-LIU
 * has its number and expiry; a 約款 review has its result and reviewer. */
static Status check_consistency(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT ismap_kind != 'none' AND (ismap_number = '' OR ismap_expires_on IS NULL),"
                          " terms_reviewed_on IS NOT NULL AND (terms_result IS NULL OR terms_reviewer_person_id IS NULL)"
                          " FROM cloud_services WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    bool ismap_bad = row && stmt_int(st, 0), terms_bad = row && stmt_int(st, 1);
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (ismap_bad)
        return err_set(e, ST_INVALID, "ismap_details_required", "ismap_number",
                       "ISMAP・ISMAP-LIU に登録されているときは、登録番号と有効期限を入力してください",
                       "an ISMAP / ISMAP-LIU registration needs its number and expiry date");
    if (terms_bad)
        return err_set(e, ST_INVALID, "terms_review_incomplete", "terms_result",
                       "約款の確認を記録するときは、確認者と確認結果も入力してください (第153条)",
                       "a terms review needs its reviewer and result");
    return ST_OK;
}

/* Field rules beyond the declaration: dates of reviews not in the future, people who exist. */
static Status check_fields(Ctx *ctx, const json_t *in, Err *e)
{
    char now[21], today[11];
    cloud_now(ctx, now, today);
    Status s = ST_OK;
    const char *past[] = {"terms_reviewed_on", "exit_plan_reviewed_on"};
    for (size_t i = 0; i < 2 && s == ST_OK; i++)
        s = cloud_not_future(json_string_value(json_object_get(in, past[i])), today, past[i], e);
    json_t *m = json_object_get(in, "manager_person_id");
    if (s == ST_OK && json_is_integer(m))
        s = cloud_person_active(ctx, json_integer_value(m), "manager_person_id", e);
    json_t *r = json_object_get(in, "terms_reviewer_person_id");
    if (s == ST_OK && json_is_integer(r))
        s = cloud_person_active(ctx, json_integer_value(r), "terms_reviewer_person_id", e);
    return s;
}

Status cloud_service_register(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    json_t *rid = json_object_get(in, "request_id");
    if (!rid || json_is_null(rid))
        return err_set(e, ST_INVALID, "required", "request_id", "承認された申請を指定してください", "request_id is required");
    if (!json_is_integer(rid) || json_integer_value(rid) <= 0)
        return err_set(e, ST_INVALID, "invalid_type", "request_id", "申請は番号(正の整数)で指定してください",
                       "request_id must be an id (a positive integer)");
    Status s = known_keys(in, "request_id", e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT type, state, fields FROM requests_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, json_integer_value(rid));
    bool row = false;
    s = stmt_step_row(st, &row, e);
    char type[65] = "", state[32] = "";
    json_t *fields = NULL;
    if (s == ST_OK && row) {
        snprintf(type, sizeof type, "%s", stmt_text(st, 0));
        snprintf(state, sizeof state, "%s", stmt_text(st, 1));
        fields = json_loads(stmt_text(st, 2), 0, NULL);
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_NOTFOUND, "request_not_found", "request_id", "申請が見つかりません", "request not found");
    const PackCloudApproval *a = pack_cloud_approval(ctx->pack, type);
    if (!a) {
        json_decref(fields);
        return err_set(e, ST_INVALID, "cloud_request_not_cloud_type", "request_id",
                       "クラウドサービス・業務委託サービスの利用申請ではありません",
                       "the request is not a request to use a cloud or outsourced service");
    }
    if (strcmp(state, "approved") != 0) {
        json_decref(fields);
        return err_set(e, ST_CONFLICT, "cloud_request_not_approved", "request_id",
                       "承認された利用申請だけを台帳に登録できます (第148条3)", "only an approved request can be registered");
    }
    /* the service as registered: what the 統括 gives, else what the request says */
    json_t *rec = json_deep_copy(in);
    json_object_del(rec, "request_id");
    const struct { const char *key, *field; } from[] = {
        {"name", a->name_field}, {"provider", a->provider_field}, {"purpose", a->purpose_field}};
    for (size_t i = 0; i < 3; i++)
        if (!json_object_get(rec, from[i].key) && field_text(fields, from[i].field))
            json_object_set_new(rec, from[i].key, json_string(field_text(fields, from[i].field)));
    if (!json_object_get(rec, "manager_person_id") && field_person(fields, a->manager_field))
        json_object_set_new(rec, "manager_person_id", json_integer(field_person(fields, a->manager_field)));
    json_decref(fields);
    s = entity_check(&cloud_service_entity, rec, true, NULL, e);
    if (s == ST_OK)
        s = check_fields(ctx, rec, e);
    if (s != ST_OK) {
        json_decref(rec);
        return s;
    }
    char now[21], today[11];
    cloud_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(rec);
        return s;
    }
    st = db_prepare(ctx->db,
                    "INSERT INTO cloud_services (request_id, request_type, name, provider, manager_person_id, manager_since,"
                    " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e);
    if (!st) {
        json_decref(rec);
        return finish_tx(ctx, e->status, e);
    }
    stmt_bind_int(st, 1, json_integer_value(rid));
    stmt_bind_text(st, 2, type);
    stmt_bind_text(st, 3, json_string_value(json_object_get(rec, "name")));
    stmt_bind_text(st, 4, json_string_value(json_object_get(rec, "provider")));
    stmt_bind_int(st, 5, json_integer_value(json_object_get(rec, "manager_person_id")));
    stmt_bind_text(st, 6, today);
    stmt_bind_int(st, 7, ctx->actor->person_id);
    stmt_bind_text(st, 8, now);
    stmt_bind_text(st, 9, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_CONFLICT || (s != ST_OK && strstr(e->en, "UNIQUE")))
        s = err_set(e, ST_CONFLICT, "cloud_request_registered", "request_id",
                    "この申請のクラウドサービスは登録済みです", "the service of this request is registered already");
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK)
        s = apply_fields(ctx, id, rec, now, e);
    if (s == ST_OK)
        s = check_consistency(ctx, id, e);
    if (s == ST_OK)
        s = cloud_record_service(ctx, "cloud_service.register", id, e);
    json_decref(rec);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

Status cloud_service_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    CloudRow c;
    Status s = cloud_load_for_change(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (!json_is_object(patch))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    if ((s = known_keys(patch, NULL, e)) != ST_OK)
        return s;
    json_t *m = json_object_get(patch, "manager_person_id");
    if (m && !(ctx->actor->caps & CAP_CLOUD_MANAGE) &&
        !(json_is_integer(m) && json_integer_value(m) == c.manager_person_id))
        return err_set(e, ST_FORBIDDEN, "cloud_appoint_forbidden", "manager_person_id",
                       "サービスの管理者(クラウドサービス管理者・業務委託サービス管理者)を指名するのは統括情報セキュリティ責任者です (第148条3・第143条6)",
                       "the chief officer appoints the service's manager (cloud or outsourced service manager)");
    if ((s = entity_check(&cloud_service_entity, patch, false, NULL, e)) != ST_OK)
        return s;
    if ((s = check_fields(ctx, patch, e)) != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = apply_fields(ctx, id, patch, now, e);
    if (s == ST_OK && json_is_integer(m) && json_integer_value(m) != c.manager_person_id) {
        Stmt *st = db_prepare(ctx->db, "UPDATE cloud_services SET manager_since = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, today);
            stmt_bind_int(st, 2, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK)
        s = check_consistency(ctx, id, e);
    if (s == ST_OK)
        s = cloud_record_service(ctx, "cloud_service.update", id, e);
    return finish_tx(ctx, s, e);
}

/* ISMAP state of an expiry date: "none" when not registered, "expired", "expiring" (within warn days),
 * "valid". */
static const char *ismap_state(const char *kind, const char *expires_on, const char *today, int warn_days)
{
    if (!kind || strcmp(kind, "none") == 0 || !expires_on || !*expires_on)
        return "none";
    if (strcmp(expires_on, today) < 0)
        return "expired";
    char warn[11];
    cloud_date_add(today, warn_days, warn);
    return strcmp(expires_on, warn) <= 0 ? "expiring" : "valid";
}

#define SERVICE_COLS                                                                                            \
    "s.id, s.request_id, s.request_type, s.name, s.provider, s.purpose, s.manager_person_id, p.name, s.manager_since," \
    " s.ismap_kind, s.ismap_number, s.ismap_expires_on, s.data_location, s.region, s.terms_reviewed_on,"        \
    " s.terms_reviewer_person_id, tp.name, s.terms_result, s.terms_notes, s.exit_plan, s.exit_plan_reviewed_on,"  \
    " x.ended_on, x.disposition, x.confirmation, x.accounts_removed, date(s.created_at, '+9 hours'),"             \
    " (SELECT max(r.reviewed_on) FROM cloud_reviews r WHERE r.service_id = s.id),"                              \
    " (SELECT count(*) FROM cloud_service_assets a WHERE a.service_id = s.id)"                                   \
    " FROM cloud_services s LEFT JOIN people_v p ON p.id = s.manager_person_id"                                 \
    " LEFT JOIN people_v tp ON tp.id = s.terms_reviewer_person_id"                                              \
    " LEFT JOIN cloud_service_endings x ON x.service_id = s.id"
static const char *const service_out[] = {
    "id", "request_id", "request_type", "name", "provider", "purpose", "manager_person_id", "manager_name",
    "manager_since", "ismap_kind", "ismap_number", "ismap_expires_on", "data_location", "region", "terms_reviewed_on",
    "terms_reviewer_person_id", "terms_reviewer_name", "terms_result", "terms_notes", "exit_plan",
    "exit_plan_reviewed_on", "ended_on", "end_disposition", "end_confirmation", "end_accounts_removed",
    "registered_on", "last_reviewed_on", "assets"};
#define SERVICE_TYPES "iissssiSsssSssSISSssSSSSIsSi"

/* Adds the derived facts: the approval class, ISMAP state, the review due and the state. */
static void decorate(const Ctx *ctx, json_t *v, const char *today)
{
    const PackCloud *c = &ctx->pack->cloud;
    const PackCloudApproval *a = pack_cloud_approval(ctx->pack, json_string_value(json_object_get(v, "request_type")));
    json_object_set_new(v, "approval", a ? approval_json(ctx, a) : json_null());
    json_object_set_new(v, "ismap_state",
                        json_string(ismap_state(json_string_value(json_object_get(v, "ismap_kind")),
                                                json_string_value(json_object_get(v, "ismap_expires_on")), today,
                                                c->ismap_warn_days)));
    bool ended = !json_is_null(json_object_get(v, "ended_on"));
    json_object_set_new(v, "state", json_string(ended ? "ended" : "in_use"));
    const char *last = json_string_value(json_object_get(v, "last_reviewed_on"));
    char due[11];
    /* no review yet: the first is due at once (第149条4: checked and recorded when it is set up) */
    if (last)
        cloud_date_add(last, c->review_interval_days, due);
    else
        snprintf(due, sizeof due, "%s", json_string_value(json_object_get(v, "registered_on")));
    json_object_set_new(v, "review_due_on", ended ? json_null() : json_string(due));
    json_object_set_new(v, "review_overdue", json_boolean(!ended && strcmp(due, today) < 0));
}

Status cloud_services_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " SERVICE_COLS " WHERE ?1 OR s.manager_person_id = ?2"
                          " ORDER BY x.ended_on IS NOT NULL, s.name, s.id LIMIT 2000",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, cloud_reads_all(ctx));
    stmt_bind_int(st, 2, ctx->actor->person_id ? ctx->actor->person_id : -1);
    json_t *items = NULL;
    Status s = rows_array(st, service_out, SERVICE_TYPES, &items, e);
    if (s != ST_OK)
        return s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) decorate(ctx, v, today);
    *out = json_pack("{s:o, s:b}", "items", items, "may_register", (ctx->actor->caps & CAP_CLOUD_MANAGE) != 0);
    return ST_OK;
}

Status cloud_service_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    CloudRow c;
    Status s = cloud_load(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT " SERVICE_COLS " WHERE s.id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *v = NULL;
    if ((s = row_single(st, service_out, SERVICE_TYPES, &v, e)) != ST_OK)
        return s == ST_NOTFOUND ? err_set(e, ST_NOTFOUND, "cloud_service_not_found", NULL,
                                          "クラウドサービスが見つかりません", "cloud service not found")
                                : s;
    char now[21], today[11];
    cloud_now(ctx, now, today);
    decorate(ctx, v, today);
    static const char *const acols[] = {"asset_id", "asset_no", "name", "confidentiality", "placed_at"};
    st = db_prepare(ctx->db,
                    "SELECT a.asset_id, v.asset_no, v.name, v.confidentiality, a.placed_at FROM cloud_service_assets a"
                    " JOIN assets_v v ON v.id = a.asset_id WHERE a.service_id = ? ORDER BY a.id",
                    e);
    json_t *assets = NULL, *reviews = NULL;
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, id);
        s = rows_array(st, acols, "issSs", &assets, e);
    }
    static const char *const rcols[] = {"id", "reviewed_on", "checked_items", "result", "actions", "reviewed_by",
                                        "reviewer_name"};
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "SELECT r.id, r.reviewed_on, r.checked_items, r.result, r.actions, r.reviewed_by, p.name"
                        " FROM cloud_reviews r LEFT JOIN people_v p ON p.id = r.reviewed_by WHERE r.service_id = ?"
                        " ORDER BY r.reviewed_on DESC, r.id DESC",
                        e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_int(st, 1, id);
            s = rows_array(st, rcols, "issssiS", &reviews, e);
        }
    }
    if (s != ST_OK) {
        json_decref(v);
        json_decref(assets);
        return s;
    }
    /* need-to-know (第23条): an asset the reader may not read is counted, not shown */
    json_t *shown = json_array();
    json_int_t hidden = 0;
    size_t i;
    json_t *a;
    json_array_foreach(assets, i, a)
    {
        bool readable = false;
        if ((s = access_asset_readable(ctx, json_integer_value(json_object_get(a, "asset_id")), &readable, e)) != ST_OK)
            break;
        if (readable)
            json_array_append(shown, a);
        else
            hidden++;
    }
    json_decref(assets);
    if (s != ST_OK) {
        json_decref(shown);
        json_decref(v);
        json_decref(reviews);
        return s;
    }
    json_t *systems = NULL;
    json_int_t systems_hidden = 0;
    if ((s = cloud_systems_shown(ctx, id, &systems, &systems_hidden, e)) != ST_OK) {
        json_decref(shown);
        json_decref(v);
        json_decref(reviews);
        return s;
    }
    json_object_set_new(v, "system_list", systems);
    json_object_set_new(v, "systems_hidden", json_integer(systems_hidden));
    Err ignored = {0};
    bool may_act = cloud_may_act(ctx, &c, &ignored) == ST_OK;
    json_object_set_new(v, "asset_list", shown);
    json_object_set_new(v, "assets_hidden", json_integer(hidden));
    json_object_set_new(v, "reviews", reviews);
    json_object_set_new(v, "may_act", json_boolean(may_act));
    json_object_set_new(v, "may_appoint", json_boolean((ctx->actor->caps & CAP_CLOUD_MANAGE) != 0));
    *out = v;
    return ST_OK;
}
