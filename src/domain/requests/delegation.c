/* delegation: 代行 (第84条3-4) — naming a deputy, the approval path for the roles the pack lists,
 * revoking, listing, and the checks request resolution and decisions ask (see delegation.h). */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/requests/delegation.h"
#include "domain/kernel/kernel.h"
#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "policy/pack.h"

/* The delegation-kind request type whose delegates list role, or NULL. */
static const PackRequestType *approval_type(const Pack *pack, const char *role)
{
    for (size_t i = 0; i < pack->n_request_types; i++) {
        const PackRequestType *t = &pack->request_types[i];
        if (!t->kind || strcmp(t->kind, "delegation") != 0)
            continue;
        for (size_t j = 0; j < t->n_delegates; j++)
            if (strcmp(t->delegates[j], role) == 0)
                return t;
    }
    return NULL;
}

/* The scope of person's current holding of role: scope_id 0 = their only one. */
static Status principal_scope(Ctx *ctx, int64_t person, const char *role, int64_t scope_id, char kind[16],
                              int64_t *sid, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT scope_kind, coalesce(scope_id, 0) FROM role_assignments_v WHERE person_id = ?1"
                          " AND role = ?2 AND valid_from <= ?3 AND (valid_until IS NULL OR valid_until >= ?3)"
                          " AND (?4 = 0 OR scope_id = ?4) ORDER BY id",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, role ? role : "");
    stmt_bind_text(st, 3, today);
    stmt_bind_int(st, 4, scope_id);
    int n = 0;
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        if (n++ == 0) {
            snprintf(kind, 16, "%s", stmt_text(st, 0));
            *sid = stmt_int(st, 1);
        }
    }
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc != ST_OK)
        return rc;
    if (n == 0)
        return err_set(e, ST_FORBIDDEN, "not_role_holder", "role", "代行させる役割を現在担っていません",
                       "you do not currently hold the role to delegate");
    if (n > 1)
        return err_set(e, ST_INVALID, "ambiguous_scope", "scope_id",
                       "この役割を複数の範囲で担っています。どの範囲を代行させるか指定してください",
                       "you hold this role over several scopes; say which one");
    return ST_OK;
}

static Status person_active(Ctx *ctx, int64_t person, bool *active, Err *e)
{
    *active = false;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v WHERE id = ?1 AND active_from <= ?2"
                          " AND (active_until IS NULL OR active_until >= ?2)",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, today);
    Status s = stmt_step_row(st, active, e);
    stmt_finalize(st);
    return s;
}

/* Deputy, period and reason. */
static Status check_common(Ctx *ctx, int64_t principal, int64_t deputy, const char *from, const char *until,
                           const char *reason, Err *e)
{
    int y, m, d;
    char today[11];
    date_today(ctx->clock, today);
    if (!from || !date_parse(from, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_field", "valid_from", "代行開始日を YYYY-MM-DD で入力してください",
                       "valid_from must be a date (YYYY-MM-DD)");
    if (!until || !date_parse(until, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_field", "valid_until", "代行終了日を YYYY-MM-DD で入力してください",
                       "valid_until must be a date (YYYY-MM-DD)");
    if (strcmp(from, until) > 0)
        return err_set(e, ST_INVALID, "invalid_field", "valid_until", "代行終了日は開始日以降にしてください",
                       "valid_until must not be before valid_from");
    if (strcmp(until, today) < 0)
        return err_set(e, ST_INVALID, "invalid_field", "valid_until", "代行終了日が過ぎています",
                       "valid_until is in the past");
    if (reason && !text_valid_chars(reason, 4000, true))
        return err_set(e, ST_INVALID, "invalid_field", "reason", "理由は4000文字以内で入力してください",
                       "reason must be at most 4000 characters of text");
    if (!reason || !*reason)
        return err_set(e, ST_INVALID, "required", "reason", "理由を入力してください", "reason is required");
    if (deputy == principal)
        return err_set(e, ST_INVALID, "self_delegation", "deputy_person_id", "自分自身を代行者にはできません",
                       "you cannot name yourself as deputy");
    bool active = false;
    Status s = deputy ? person_active(ctx, deputy, &active, e) : ST_OK;
    if (s != ST_OK)
        return s;
    if (!active)
        return err_set(e, ST_NOTFOUND, "deputy_not_found", "deputy_person_id", "代行者が見つからないか在職していません",
                       "the deputy was not found or is not active");
    return ST_OK;
}

static void title_of(Ctx *ctx, const char *role, const char *what, char *out, size_t cap)
{
    const PackRole *r = pack_role(ctx->pack, role);
    snprintf(out, cap, "%s(%s)", what, r ? r->label : role);
}

/* Inserts the row, its trail entry and the notifications (deputy, principal; for an approved
 * request also the type's notify_roles, 第84条4). Inside the caller's transaction. */
static Status insert_delegation(Ctx *ctx, int64_t principal, int64_t deputy, const char *role, const char *kind,
                                int64_t sid, const char *from, const char *until, const char *reason,
                                int64_t request_id, const PackRequestType *t, int64_t *id_out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM delegations WHERE principal_person_id = ?1 AND deputy_person_id = ?2"
                          " AND role = ?3 AND state = 'active' AND valid_from <= ?5 AND valid_until >= ?4",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, principal);
    stmt_bind_int(st, 2, deputy);
    stmt_bind_text(st, 3, role);
    stmt_bind_text(st, 4, from);
    stmt_bind_text(st, 5, until);
    bool overlap = false;
    Status checked = stmt_step_row(st, &overlap, e);
    stmt_finalize(st);
    if (checked != ST_OK)
        return checked;
    if (overlap)
        return err_set(e, ST_CONFLICT, "overlapping_delegation", "valid_from",
                       "同じ代行者への同じ役割の代行が期間の重なる形で既にあります",
                       "a delegation of this role to this deputy already covers part of the period");
    st = db_prepare(ctx->db,
                    "INSERT INTO delegations(principal_person_id, deputy_person_id, role, scope_kind, scope_id,"
                    " valid_from, valid_until, reason, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_int(st, 1, principal);
    stmt_bind_int(st, 2, deputy);
    stmt_bind_text(st, 3, role);
    stmt_bind_text(st, 4, kind);
    if (strcmp(kind, "organisation") == 0)
        stmt_bind_null(st, 5);
    else
        stmt_bind_int(st, 5, sid);
    stmt_bind_text(st, 6, from);
    stmt_bind_text(st, 7, until);
    stmt_bind_text(st, 8, reason);
    if (request_id)
        stmt_bind_int(st, 9, request_id);
    else
        stmt_bind_null(st, 9);
    stmt_bind_text(st, 10, now);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc != ST_OK)
        return rc;
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if ((rc = delegation_plain(ctx, id, &after, e)) != ST_OK)
        return rc;
    rc = record_change(ctx, "delegation.create", "delegation", id, NULL, after, e);
    json_decref(after);
    char title[300], key[96], link[64];
    snprintf(link, sizeof link, "/delegations/%lld", (long long)id);
    title_of(ctx, role, "代行者に指名されました", title, sizeof title);
    snprintf(key, sizeof key, "delegation:%lld:deputy", (long long)id);
    if (rc == ST_OK)
        rc = notify_person(ctx, deputy, "delegation", "delegation", id, title, link, key, NULL, e);
    title_of(ctx, role, "代行が有効になりました", title, sizeof title);
    snprintf(key, sizeof key, "delegation:%lld:principal", (long long)id);
    if (rc == ST_OK && request_id)
        rc = notify_person(ctx, principal, "delegation", "delegation", id, title, link, key, NULL, e);
    /* 第84条4: the CISO tells the security organisation when a deputy is approved */
    for (size_t i = 0; rc == ST_OK && t && i < t->n_notify_roles; i++) {
        Stmt *q = db_prepare(ctx->db,
                             "SELECT DISTINCT person_id FROM role_assignments_v WHERE role = ?1 AND valid_from <= ?2"
                             " AND (valid_until IS NULL OR valid_until >= ?2) ORDER BY person_id",
                             e);
        if (!q)
            return e->status;
        char today[11];
        date_today(ctx->clock, today);
        stmt_bind_text(q, 1, t->notify_roles[i]);
        stmt_bind_text(q, 2, today);
        json_t *ids = json_array();
        StepResult r;
        while ((r = stmt_step(q)) == STEP_ROW)
            json_array_append_new(ids, json_integer((json_int_t)stmt_int(q, 0)));
        if (r != STEP_DONE && rc == ST_OK) /* nobody told is not the same as nobody to tell */
            rc = stmt_error(q, e);
        stmt_finalize(q);
        size_t k;
        json_t *v;
        title_of(ctx, role, "代行者が認められました", title, sizeof title);
        json_array_foreach(ids, k, v)
        {
            int64_t pid = json_integer_value(v);
            if (rc != ST_OK || pid == deputy)
                continue;
            snprintf(key, sizeof key, "delegation:%lld:notice:%lld", (long long)id, (long long)pid);
            rc = notify_person(ctx, pid, "delegation", "delegation", id, title, link, key, NULL, e);
        }
        json_decref(ids);
    }
    if (rc == ST_OK && id_out)
        *id_out = id;
    return rc;
}

/* ENFORCES: 第84条3 pack: requests.types.privileged_deputy
 * パックが定める役割の代行は、CISOの承認を経てから有効になる。 */
Status delegation_create(Ctx *ctx, const DelegationIn *in, int64_t *id_out, int64_t *request_id_out, Err *e)
{
    if (id_out)
        *id_out = 0;
    if (request_id_out)
        *request_id_out = 0;
    int64_t me = ctx->actor->person_id;
    if (!me)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "代行者の指名は職員として行ってください",
                       "a deputy is named by a person");
    const PackRole *role = in->role ? pack_role(ctx->pack, in->role) : NULL;
    if (!role)
        return err_set(e, ST_INVALID, "unknown_role", "role", "役割が見つかりません", "unknown role");
    char kind[16];
    int64_t sid = 0;
    Status rc = principal_scope(ctx, me, role->id, in->scope_id, kind, &sid, e);
    if (rc == ST_OK)
        rc = check_common(ctx, me, in->deputy_person_id, in->valid_from, in->valid_until, in->reason, e);
    if (rc != ST_OK)
        return rc;
    const PackRequestType *t = approval_type(ctx->pack, role->id);
    if (t) {
        /* 第84条3: the deputy of this role must be approved (the type's stages: the CISO) */
        json_t *fields = json_pack("{s:s, s:I, s:s, s:s, s:s}", "role", role->id, "deputy",
                                   (json_int_t)in->deputy_person_id, "valid_from", in->valid_from, "valid_until",
                                   in->valid_until, "reason", in->reason);
        if (strcmp(kind, "system") == 0)
            json_object_set_new(fields, "system", json_integer((json_int_t)sid));
        int64_t rid = 0;
        if ((rc = db_begin(ctx->db, e)) != ST_OK) {
            json_decref(fields);
            return rc;
        }
        rc = request_create(ctx, t->id, 0, fields, &rid, e);
        json_decref(fields);
        if (rc == ST_OK)
            rc = request_submit(ctx, rid, e);
        rc = finish_tx(ctx, rc, e);
        if (rc == ST_OK && request_id_out)
            *request_id_out = rid;
        return rc;
    }
    if (role->privileged)
        return err_set(e, ST_FORBIDDEN, "delegation_not_allowed", "role",
                       "この特権的な役割は代行させられません(第84条)", "this privileged role cannot be delegated");
    if ((rc = db_begin(ctx->db, e)) != ST_OK)
        return rc;
    rc = insert_delegation(ctx, me, in->deputy_person_id, role->id, kind, sid, in->valid_from, in->valid_until,
                           in->reason, 0, NULL, id_out, e);
    return finish_tx(ctx, rc, e);
}

Status delegation_check_fields(Ctx *ctx, const json_t *fields, Err *e)
{
    const char *role = json_string_value(json_object_get(fields, "role"));
    const PackRole *r = role ? pack_role(ctx->pack, role) : NULL;
    int64_t sys = json_integer_value(json_object_get(fields, "system"));
    if (r && r->scope == SCOPE_SYSTEM && !sys)
        return err_set(e, ST_INVALID, "required", "system", "情報システム管理者の代行では情報システムを指定してください",
                       "system is required to delegate a system role");
    char kind[16];
    int64_t sid = 0;
    Status rc = principal_scope(ctx, ctx->actor->person_id, role, r && r->scope == SCOPE_SYSTEM ? sys : 0, kind, &sid, e);
    if (rc != ST_OK)
        return rc;
    return check_common(ctx, ctx->actor->person_id, json_integer_value(json_object_get(fields, "deputy")),
                        json_string_value(json_object_get(fields, "valid_from")),
                        json_string_value(json_object_get(fields, "valid_until")),
                        json_string_value(json_object_get(fields, "reason")), e);
}

Status delegation_from_request(Ctx *ctx, int64_t request_id, Err *e)
{
    json_t *plain = NULL;
    Status rc = req_plain(ctx, request_id, &plain, e);
    if (rc != ST_OK)
        return rc;
    const json_t *f = req_fields(plain);
    const PackRequestType *t = pack_request_type(ctx->pack, json_string_value(json_object_get(plain, "type")));
    int64_t principal = json_integer_value(json_object_get(plain, "requester_person_id"));
    const char *role = json_string_value(json_object_get(f, "role"));
    const PackRole *r = role ? pack_role(ctx->pack, role) : NULL;
    char kind[16];
    int64_t sid = 0;
    rc = principal_scope(ctx, principal, role,
                         r && r->scope == SCOPE_SYSTEM ? json_integer_value(json_object_get(f, "system")) : 0, kind,
                         &sid, e);
    if (rc == ST_OK)
        rc = insert_delegation(ctx, principal, json_integer_value(json_object_get(f, "deputy")), role, kind, sid,
                               json_string_value(json_object_get(f, "valid_from")),
                               json_string_value(json_object_get(f, "valid_until")),
                               json_string_value(json_object_get(f, "reason")), request_id, t, NULL, e);
    json_decref(plain);
    return rc;
}

Status delegation_revoke(Ctx *ctx, int64_t id, Err *e)
{
    json_t *before = NULL, *after = NULL;
    Status rc = db_begin(ctx->db, e);
    if (rc != ST_OK)
        return rc;
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE delegations SET state = 'revoked', revoked_at = ?1 WHERE id = ?2 AND state = 'active'"
                          " AND (principal_person_id = ?3 OR deputy_person_id = ?3)",
                          e);
    if (st) {
        rc = delegation_plain(ctx, id, &before, e);
        if (rc == ST_NOTFOUND)
            rc = ST_OK; /* refused below, as any delegation that is not the actor's active one */
        char now[21];
        time_iso_utc(clock_now(ctx->clock), now);
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, id);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        if (rc == ST_OK)
            rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (rc == ST_OK && db_changes(ctx->db) != 1)
            rc = err_set(e, ST_NOTFOUND, "delegation_not_found", "id",
                         "有効な代行が見つからないか、取り消せるのは代行を指名した人か代行者です",
                         "no active delegation of yours with this id");
    } else {
        rc = e->status;
    }
    if (rc == ST_OK)
        rc = delegation_plain(ctx, id, &after, e);
    if (rc == ST_OK)
        rc = record_change(ctx, "delegation.revoke", "delegation", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, rc, e);
}

static const char *const list_cols[] = {"id", "principal_person_id", "principal_name", "deputy_person_id",
                                        "deputy_name", "role", "scope_kind", "scope_id", "valid_from",
                                        "valid_until", "reason", "request_id", "state", "active", NULL};

Status delegation_list(Ctx *ctx, json_t **out, Err *e)
{
    json_t *lists[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        Stmt *st = db_prepare(ctx->db,
                              k == 0 ? "SELECT d.id, d.principal_person_id, pp.name, d.deputy_person_id, dp.name, d.role,"
                                       " d.scope_kind, d.scope_id, d.valid_from, d.valid_until, d.reason, d.request_id,"
                                       " d.state, d.state = 'active' AND d.valid_from <= ?2 AND d.valid_until >= ?2"
                                       " FROM delegations d JOIN people_v pp ON pp.id = d.principal_person_id"
                                       " JOIN people_v dp ON dp.id = d.deputy_person_id"
                                       " WHERE d.principal_person_id = ?1 ORDER BY d.id DESC"
                                     : "SELECT d.id, d.principal_person_id, pp.name, d.deputy_person_id, dp.name, d.role,"
                                       " d.scope_kind, d.scope_id, d.valid_from, d.valid_until, d.reason, d.request_id,"
                                       " d.state, d.state = 'active' AND d.valid_from <= ?2 AND d.valid_until >= ?2"
                                       " FROM delegations d JOIN people_v pp ON pp.id = d.principal_person_id"
                                       " JOIN people_v dp ON dp.id = d.deputy_person_id"
                                       " WHERE d.deputy_person_id = ?1 ORDER BY d.id DESC",
                              e);
        if (!st) {
            json_decref(lists[0]);
            return e->status;
        }
        char today[11];
        date_today(ctx->clock, today);
        stmt_bind_int(st, 1, ctx->actor->person_id);
        stmt_bind_text(st, 2, today);
        Status rc = rows_array(st, list_cols, "iisisssIsssIsb", &lists[k], e);
        if (rc != ST_OK) {
            json_decref(lists[0]);
            return rc;
        }
        size_t i;
        json_t *o;
        json_array_foreach(lists[k], i, o)
        {
            const PackRole *r = pack_role(ctx->pack, json_string_value(json_object_get(o, "role")));
            json_object_set_new(o, "role_label", json_string(r ? r->label : ""));
        }
    }
    /* what the form may offer: the roles I hold now that a deputy can take — not a privileged role
     * without an approval path (第84条), and with needs_approval where the CISO must approve first */
    json_t *mine = NULL;
    Status rc = roles_of_person(ctx, ctx->actor->person_id, true, &mine, e);
    if (rc != ST_OK) {
        json_decref(lists[0]);
        json_decref(lists[1]);
        return rc;
    }
    json_t *options = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(mine, i, o)
    {
        const PackRole *r = pack_role(ctx->pack, json_string_value(json_object_get(o, "role")));
        bool needs_approval = r && approval_type(ctx->pack, r->id);
        if (!r || (r->privileged && !needs_approval))
            continue;
        json_object_set_new(o, "needs_approval", json_boolean(needs_approval));
        json_array_append(options, o);
    }
    json_decref(mine);
    *out = json_pack("{s:o, s:o, s:o}", "given", lists[0], "received", lists[1], "options", options);
    return ST_OK;
}

Status delegation_inactive_for(Ctx *ctx, int64_t person, const char *role, bool *inactive, Err *e)
{
    *inactive = false;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT valid_from, valid_until, state FROM delegations WHERE deputy_person_id = ?1"
                          " AND role = ?2 AND (state <> 'active' OR valid_from > ?3 OR valid_until < ?3)"
                          " ORDER BY valid_until DESC, id DESC LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, role ? role : "");
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_text(st, 3, today);
    Status s = stmt_step_row(st, inactive, e);
    if (*inactive) {
        char ja[300], en[300];
        const PackRole *r = pack_role(ctx->pack, role);
        snprintf(ja, sizeof ja, "%sの代行期間(%s〜%s)外か、代行が取り消されています", r ? r->label : role,
                 stmt_text(st, 0), stmt_text(st, 1));
        snprintf(en, sizeof en, "your delegation as %s (%s to %s) is not active now", role, stmt_text(st, 0),
                 stmt_text(st, 1));
        s = err_set(e, ST_FORBIDDEN, "delegation_not_active", "", ja, en);
    }
    stmt_finalize(st);
    return s;
}
