/* request_resolve: who must decide a request's current stage and why — the stage role's holders
 * today over the stage's scope, minus the requester (第20条), with escalation to the pack's
 * escalate_to role when nobody else remains (see requests.h). */
#include <stdio.h>
#include <string.h>

#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"

/* The unit and system a stage's scope points at. */
static Status stage_context(Ctx *ctx, const ReqRow *r, const PackRequestStage *s, int64_t *unit, int64_t *system,
                            Err *e)
{
    *unit = r->unit_id;
    *system = 0;
    if (s->scope_kind != STAGE_OBJECT_SECTION && s->scope_kind != STAGE_SYSTEM)
        return ST_OK;
    const char *sql = strcmp(r->object_kind, "asset") == 0 ? "SELECT unit_id, system_id FROM assets_v WHERE id = ?"
                                                           : "SELECT owner_unit_id, id FROM systems_v WHERE id = ?";
    if (strcmp(r->object_kind, "none") == 0)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, r->object_id);
    StepResult sr = stmt_step(st);
    if (sr == STEP_ROW) {
        *unit = stmt_int(st, 0);
        *system = stmt_is_null(st, 1) ? 0 : stmt_int(st, 1);
    }
    Status rc = sr == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    return rc;
}

static bool listed(const json_t *people, int64_t pid)
{
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) if (json_integer_value(json_object_get(p, "person_id")) == pid) return true;
    return false;
}

/* 代行 (第84条3): the deputies of holder in role during an active delegation over the scope the holder
 * was resolved under, appended after the holders with "deputy_for" (the holder). */
static Status deputies(Ctx *ctx, const PackRole *role, int64_t holder, const char *holder_name,
                       const char *scope_kind, int64_t scope_id, const char *today, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.deputy_person_id, p.name, d.id, d.valid_until FROM delegations d"
                          " JOIN people_v p ON p.id = d.deputy_person_id"
                          " WHERE d.principal_person_id = ?1 AND d.role = ?2 AND d.state = 'active'"
                          " AND d.valid_from <= ?3 AND d.valid_until >= ?3 AND d.scope_kind = ?4"
                          " AND coalesce(d.scope_id, 0) = ?5"
                          " AND p.active_from <= ?3 AND (p.active_until IS NULL OR p.active_until >= ?3)"
                          " ORDER BY d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, holder);
    stmt_bind_text(st, 2, role->id);
    stmt_bind_text(st, 3, today);
    stmt_bind_text(st, 4, scope_kind);
    stmt_bind_int(st, 5, scope_id);
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        int64_t dep = stmt_int(st, 0);
        if (listed(out, dep))
            continue;
        json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:s}", "person_id",
                                             (json_int_t)dep, "name", stmt_text(st, 1), "role", role->id,
                                             "role_label", role->label, "deputy_for", (json_int_t)holder,
                                             "deputy_for_name", holder_name, "delegation_id",
                                             (json_int_t)stmt_int(st, 2), "delegation_until", stmt_text(st, 3)));
    }
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* Current holders of role over the context: organisation-wide for organisation roles, the system
 * for system roles, otherwise the unit and the units above it; then their deputies. Appends
 * {person_id, name, role, role_label} (deputies also deputy_for, deputy_for_name, delegation_id,
 * delegation_until) to out. */
static Status holders(Ctx *ctx, const PackRole *role, int64_t unit, int64_t system, json_t *out, Err *e)
{
    const char *kind = role->scope == SCOPE_ORGANISATION ? "organisation" : role->scope == SCOPE_SYSTEM ? "system" : "unit";
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE up(id) AS (SELECT ?2 UNION ALL"
                          " SELECT u.parent_id FROM org_units_v u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)"
                          " SELECT r.person_id, p.name, r.scope_kind, coalesce(r.scope_id, 0)"
                          " FROM role_assignments_v r JOIN people_v p ON p.id = r.person_id"
                          " WHERE r.role = ?3 AND r.valid_from <= ?1 AND (r.valid_until IS NULL OR r.valid_until >= ?1)"
                          " AND p.active_from <= ?1 AND (p.active_until IS NULL OR p.active_until >= ?1)"
                          " AND ((?4 = 'unit' AND r.scope_kind = 'unit' AND r.scope_id IN (SELECT id FROM up))"
                          "  OR (?4 = 'organisation' AND r.scope_kind = 'organisation')"
                          "  OR (?4 = 'system' AND r.scope_kind = 'system' AND r.scope_id = ?5))"
                          /* "+": no index may give this order, so SQLite searches by role (role_assignments_role)
                           * instead of scanning every assignment in person order to skip the sort; the
                           * view cannot carry the INDEXED BY the table query had (1.7x the instructions). */
                          " ORDER BY +r.person_id, r.id",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_text(st, 1, today);
    stmt_bind_int(st, 2, unit);
    stmt_bind_text(st, 3, role->id);
    stmt_bind_text(st, 4, kind);
    stmt_bind_int(st, 5, system);
    json_t *scopes = json_array(); /* [person, name, scope_kind, scope_id] per assignment */
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        int64_t pid = stmt_int(st, 0);
        json_array_append_new(scopes, json_pack("[I, s, s, I]", (json_int_t)pid, stmt_text(st, 1), stmt_text(st, 2),
                                                (json_int_t)stmt_int(st, 3)));
        if (!listed(out, pid))
            json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)pid, "name",
                                                 stmt_text(st, 1), "role", role->id, "role_label", role->label));
    }
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    size_t i;
    json_t *a;
    json_array_foreach(scopes, i, a)
    {
        if (rc != ST_OK)
            break;
        rc = deputies(ctx, role, json_integer_value(json_array_get(a, 0)), json_string_value(json_array_get(a, 1)),
                      json_string_value(json_array_get(a, 2)), json_integer_value(json_array_get(a, 3)), today, out,
                      e);
    }
    json_decref(scopes);
    return rc;
}

/* Moves the people separation_check refuses (the requester) from people to excluded. A check that
 * cannot be made (a storage error) fails the whole resolution rather than listing or dropping anyone. */
static Status exclude_conflicts(Ctx *ctx, const ReqRow *r, json_t *people, json_t *excluded, Err *e)
{
    DutySubject subj = {.requester_person_id = r->requester, .unit_id = r->unit_id};
    for (size_t i = 0; i < json_array_size(people);) {
        json_t *p = json_array_get(people, i);
        Err e2 = {0};
        int64_t pid = json_integer_value(json_object_get(p, "person_id"));
        if (json_integer_value(json_object_get(p, "deputy_for")) == r->requester) {
            /* 第20条: the deputy stands in for the requester here; approving would be the requester's own */
            json_array_append_new(excluded, json_pack("{s:I, s:O, s:s}", "person_id", (json_int_t)pid, "name",
                                                      json_object_get(p, "name"), "code", "deputy_of_requester"));
            json_array_remove(people, i);
            continue;
        }
        Status sep = separation_check(ctx, DUTY_APPROVE, pid, &subj, &e2);
        if (sep != ST_OK && sep != ST_FORBIDDEN) {
            *e = e2;
            return sep;
        }
        if (sep != ST_OK) {
            json_t *x = json_pack("{s:I, s:O, s:s}", "person_id", (json_int_t)pid, "name", json_object_get(p, "name"),
                                  "code", e2.code);
            json_array_append_new(excluded, x);
            json_array_remove(people, i);
            continue;
        }
        i++;
    }
    return ST_OK;
}

/* The approver slots already approved at this stage in this round: the approver, or for a deputy's
 * approval the holder they stood in for (a holder and their deputy share one slot). */
static Status decided_people(Ctx *ctx, const ReqRow *r, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT coalesce(deputy_for_person_id, approver_person_id) FROM request_approvals"
                          " WHERE request_id = ? AND round = ?"
                          " AND stage = ? AND decision = 'approve'",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, r->id);
    stmt_bind_int(st, 2, r->round);
    stmt_bind_int(st, 3, r->stage);
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(out, json_integer((json_int_t)stmt_int(st, 0)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

static bool in_ints(const json_t *arr, int64_t v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) if (json_integer_value(x) == v) return true;
    return false;
}

bool req_waiting_for(const json_t *resolution, int64_t person)
{
    return person && in_ints(json_object_get(resolution, "waiting"), person);
}

static const char *scope_label(const PackRequestStage *s)
{
    switch (s->scope_kind) {
    case STAGE_REQUESTER_SECTION: return "申請者の所属課室";
    case STAGE_OBJECT_SECTION: return "対象の所管課室";
    case STAGE_ORGANISATION: return "全庁";
    case STAGE_SYSTEM: return "対象の情報システム";
    }
    return "";
}

Status req_resolve(Ctx *ctx, const ReqRow *r, const PackRequestType *t, json_t **out, Err *e)
{
    if (strcmp(r->state, "submitted") != 0 || r->stage < 0 || (size_t)r->stage >= t->n_stages) {
        *out = json_pack("{s:n, s:I, s:[], s:[]}", "stage", "stage_count", (json_int_t)t->n_stages, "approvers",
                         "waiting");
        return ST_OK;
    }
    const PackRequestStage *s = &t->stages[r->stage];
    const PackRole *role = pack_role(ctx->pack, s->role);
    if (!role)
        return err_setf(e, ST_INTERNAL, "pack_mismatch", "", "役割 %s が有効なパックにありません",
                        "role %s is not in the active pack", s->role);
    int64_t unit = 0, system = 0;
    Status rc = stage_context(ctx, r, s, &unit, &system, e);
    json_t *people = json_array(), *excluded = json_array(), *decided = json_array();
    if (rc == ST_OK)
        rc = holders(ctx, role, unit, system, people, e);
    const char *reason = NULL;
    const PackRole *acting = role;
    if (rc == ST_OK) {
        size_t before = json_array_size(people);
        rc = exclude_conflicts(ctx, r, people, excluded, e);
        if (rc == ST_OK && json_array_size(people) == 0) {
            /* 第20条: never skipped — the stage goes to the escalation role, and the response says so */
            reason = before > 0 ? "requester_is_approver" : "vacant";
            const PackRole *up = s->escalate_to ? pack_role(ctx->pack, s->escalate_to) : NULL;
            if (up) {
                acting = up;
                rc = holders(ctx, up, unit, system, people, e);
                if (rc == ST_OK)
                    rc = exclude_conflicts(ctx, r, people, excluded, e);
            }
        }
    }
    if (rc == ST_OK)
        rc = decided_people(ctx, r, decided, e);
    if (rc != ST_OK) {
        json_decref(people);
        json_decref(excluded);
        json_decref(decided);
        return rc;
    }
    json_t *waiting = json_array(), *open_slots = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p)
    {
        int64_t pid = json_integer_value(json_object_get(p, "person_id"));
        json_t *df = json_object_get(p, "deputy_for");
        int64_t slot = df ? json_integer_value(df) : pid;
        bool done = in_ints(decided, slot);
        json_object_set_new(p, "decided", json_boolean(done));
        if (!done) {
            json_array_append_new(waiting, json_integer((json_int_t)pid));
            if (!in_ints(open_slots, slot))
                json_array_append_new(open_slots, json_integer((json_int_t)slot));
        }
    }
    char unit_name[200] = "";
    if ((rc = org_unit_name(ctx->db, unit, unit_name, sizeof unit_name, e)) != ST_OK) {
        json_decref(people);
        json_decref(excluded);
        json_decref(decided);
        json_decref(waiting);
        json_decref(open_slots);
        return rc;
    }
    json_t *o = json_pack("{s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:b}", "stage",
                          r->stage, "stage_count", (json_int_t)t->n_stages, "role", acting->id, "role_label",
                          acting->label, "article", t->article, "scope", s->scope, "scope_label", scope_label(s),
                          "mode", s->mode, "escalated", acting != role, "escalation_reason",
                          reason ? json_string(reason) : json_null(), "escalated_from",
                          acting != role ? json_string(role->id) : json_null(), "approvers", people, "waiting",
                          waiting, "excluded", excluded, "no_approver", json_array_size(people) == 0);
    json_object_set_new(o, "role_article", json_string(acting->article));
    json_object_set_new(o, "unit_id", unit ? json_integer((json_int_t)unit) : json_null());
    json_object_set_new(o, "unit_name", json_string(unit_name));
    json_object_set_new(o, "system_id", system ? json_integer((json_int_t)system) : json_null());
    json_object_set_new(o, "separation_article", json_string("第20条"));
    /* mode all: the stage is complete when every holder (or their deputy) has approved */
    json_object_set_new(o, "default_approver_note",
                        t->default_approver_note ? json_string(t->default_approver_note) : json_null());
    json_object_set_new(o, "slots_left", json_integer((json_int_t)json_array_size(open_slots)));
    json_decref(open_slots);
    json_decref(decided);
    *out = o;
    return ST_OK;
}

Status request_approvers(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    return req_resolve(ctx, &r, t, out, e);
}
