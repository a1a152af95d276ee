/* request_inbox: the 「自分の作業」 inbox (see requests.h, request_inbox). Finding what waits for the
 * actor must not resolve every open request. The candidates come from one indexed query: the actor's
 * role holdings (their own and those they hold as deputy) are matched in C against the pack's stages
 * into (type, stage, where) pairs, passed as JSON to json_each —
 *   - a unit-scoped holding covers its unit and the units below it: one pair per unit, matched on the
 *     request's unit (requester_section) or its object's unit at submission (object_section);
 *   - a system-scoped holding: the request's object system; an organisation-wide one: every request;
 *   - an escalation pair (the actor holds the stage's escalate_to role) only where escalation can
 *     happen: per unit or system (or organisation-wide) where no one holds the stage's role (all
 *     requests there) or exactly one person does (only that person's own requests).
 * Only the candidates are resolved (req_resolve decides, as everywhere else). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"
#include "domain/kernel/kernel.h"

#define WAITING_MAX 100    /* rows of "waiting" returned; "waiting_truncated" says when there are more */
#define CANDIDATES_MAX 1000

/* The actor's holdings today: [[role, scope_kind, scope_id], …], own and as deputy. */
static Status holdings(Ctx *ctx, const char *today, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT role, scope_kind, coalesce(scope_id, 0) FROM role_assignments_v WHERE person_id = ?1"
                          " AND valid_from <= ?2 AND (valid_until IS NULL OR valid_until >= ?2)"
                          " UNION SELECT role, scope_kind, coalesce(scope_id, 0) FROM delegations"
                          " WHERE deputy_person_id = ?1 AND state = 'active' AND valid_from <= ?2 AND valid_until >= ?2",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_text(st, 2, today);
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(out, json_pack("[s, s, I]", stmt_text(st, 0), stmt_text(st, 1),
                                             (json_int_t)stmt_int(st, 2)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* Runs sql (?1 = id or role, ?2 = today) collecting [id, count, min] rows, or plain ids into out. */
static Status collect(Ctx *ctx, const char *sql, int64_t id, const char *role, const char *today, bool triples,
                      json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    if (role)
        stmt_bind_text(st, 1, role);
    else
        stmt_bind_int(st, 1, id);
    if (today)
        stmt_bind_text(st, 2, today);
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(out, triples ? json_pack("[I, I, I]", (json_int_t)stmt_int(st, 0),
                                                       (json_int_t)stmt_int(st, 1), (json_int_t)stmt_int(st, 2))
                                           : json_integer((json_int_t)stmt_int(st, 0)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* The unit and every unit below it. */
static Status subtree(Ctx *ctx, int64_t unit, json_t **out, Err *e)
{
    *out = json_array();
    return collect(ctx,
                   "WITH RECURSIVE down(id) AS (SELECT ?1 UNION SELECT u.id FROM org_units_v u JOIN down"
                   " ON u.parent_id = down.id) SELECT id FROM down",
                   unit, NULL, NULL, false, *out, e);
}

/* How many active people hold role over each unit (at it or above it) or each system, with the
 * smallest holder id: {"<id>": [count, min]}; for organisation roles the key "0". */
static Status coverage(Ctx *ctx, const PackRole *role, const char *today, json_t **out, Err *e)
{
    json_t *rows = json_array();
    Status rc;
    if (role->scope == SCOPE_ORGANISATION)
        rc = collect(ctx,
                     "SELECT 0, count(DISTINCT r.person_id), coalesce(min(r.person_id), 0) FROM role_assignments_v r"
                     " JOIN people_v p ON p.id = r.person_id WHERE r.role = ?1 AND r.scope_kind = 'organisation'"
                     " AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                     " AND p.active_from <= ?2 AND (p.active_until IS NULL OR p.active_until >= ?2)",
                     0, role->id, today, true, rows, e);
    else if (role->scope == SCOPE_SYSTEM)
        rc = collect(ctx,
                     "SELECT s.id, count(DISTINCT p.id), coalesce(min(p.id), 0) FROM systems_v s"
                     " LEFT JOIN role_assignments_v r ON r.role = ?1 AND r.scope_kind = 'system' AND r.scope_id = s.id"
                     "  AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                     " LEFT JOIN people_v p ON p.id = r.person_id AND p.active_from <= ?2"
                     "  AND (p.active_until IS NULL OR p.active_until >= ?2) GROUP BY s.id",
                     0, role->id, today, true, rows, e);
    else
        rc = collect(ctx,
                     "WITH RECURSIVE anc(unit, up) AS (SELECT id, id FROM org_units_v UNION ALL"
                     " SELECT anc.unit, o.parent_id FROM anc JOIN org_units_v o ON o.id = anc.up WHERE o.parent_id IS NOT NULL)"
                     " SELECT anc.unit, count(DISTINCT p.id), coalesce(min(p.id), 0) FROM anc"
                     " LEFT JOIN role_assignments_v r ON r.role = ?1 AND r.scope_kind = 'unit' AND r.scope_id = anc.up"
                     "  AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                     " LEFT JOIN people_v p ON p.id = r.person_id AND p.active_from <= ?2"
                     "  AND (p.active_until IS NULL OR p.active_until >= ?2) GROUP BY anc.unit",
                     0, role->id, today, true, rows, e);
    if (rc != ST_OK) {
        json_decref(rows);
        return rc;
    }
    *out = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_array_get(r, 0)));
        json_object_set_new(*out, key, json_pack("[O, O]", json_array_get(r, 1), json_array_get(r, 2)));
    }
    json_decref(rows);
    return ST_OK;
}

typedef struct Pairs {
    Ctx *ctx;
    const char *today;
    json_t *out;
    json_t *coverage; /* stage role id → coverage() */
} Pairs;

/* Appends one pair; for escalation, only where the stage role has no holder (x absent) or one (x). */
static Status add(Pairs *ps, const PackRequestType *t, size_t j, const char *k, int64_t where, bool escalation,
                  Err *e)
{
    json_t *p = json_pack("{s:s, s:i, s:s, s:I}", "t", t->id, "s", (int)j, "k", k, "u", (json_int_t)where);
    if (escalation) {
        const PackRole *sr = pack_role(ps->ctx->pack, t->stages[j].role);
        if (!sr) {
            json_decref(p);
            return ST_OK;
        }
        json_t *cov = json_object_get(ps->coverage, sr->id);
        if (!cov) {
            Status rc = coverage(ps->ctx, sr, ps->today, &cov, e);
            if (rc != ST_OK) {
                json_decref(p);
                return rc;
            }
            json_object_set_new(ps->coverage, sr->id, cov);
        }
        /* which unit or system the stage role is held over: the pair's own, or (org) everywhere */
        char key[24];
        snprintf(key, sizeof key, "%lld", sr->scope == SCOPE_ORGANISATION ? 0LL : (long long)where);
        json_t *c = json_object_get(cov, key);
        int64_t n = c ? json_integer_value(json_array_get(c, 0)) : 0;
        if (n >= 2 || (strcmp(k, "any") == 0 && sr->scope != SCOPE_ORGANISATION)) {
            /* two holders: never escalated; an org-wide escalation holder over a unit or system role
             * is expanded per unit or system by the caller instead */
            json_decref(p);
            return ST_OK;
        }
        if (n == 1)
            json_object_set(p, "x", json_array_get(c, 1));
    }
    json_array_append_new(ps->out, p);
    return ST_OK;
}

/* Pairs of a holding (role over kind/scope) for stage j of t. */
static Status pairs_for(Pairs *ps, const PackRequestType *t, size_t j, const char *kind, const json_t *units,
                        int64_t scope_id, bool escalation, Err *e)
{
    const PackRequestStage *s = &t->stages[j];
    const PackRole *sr = pack_role(ps->ctx->pack, s->role);
    const char *unit_k = s->scope_kind == STAGE_OBJECT_SECTION ? "object_unit" : "unit";
    Status rc = ST_OK;
    if (strcmp(kind, "system") == 0)
        return add(ps, t, j, "system", scope_id, escalation, e);
    if (strcmp(kind, "unit") == 0) {
        size_t i;
        json_t *u;
        json_array_foreach(units, i, u)
        {
            if (rc == ST_OK)
                rc = add(ps, t, j, unit_k, json_integer_value(u), escalation, e);
        }
        return rc;
    }
    /* an organisation-wide holding */
    if (!escalation || !sr || sr->scope == SCOPE_ORGANISATION)
        return add(ps, t, j, "any", 0, escalation, e);
    /* escalation over a unit or system role: per unit / system where it can happen */
    json_t *all = json_array();
    bool system = sr->scope == SCOPE_SYSTEM;
    rc = collect(ps->ctx, system ? "SELECT id FROM systems_v WHERE ?1 = 0" : "SELECT id FROM org_units_v WHERE ?1 = 0", 0,
                 NULL, NULL, false, all, e);
    size_t i;
    json_t *u;
    json_array_foreach(all, i, u)
    {
        if (rc == ST_OK)
            rc = add(ps, t, j, system ? "system" : unit_k, json_integer_value(u), true, e);
    }
    json_decref(all);
    return rc;
}

static Status build_pairs(Ctx *ctx, const char *today, json_t **out, Err *e)
{
    json_t *hs = json_array();
    Pairs ps = {.ctx = ctx, .today = today, .out = json_array(), .coverage = json_object()};
    Status rc = holdings(ctx, today, hs, e);
    size_t i;
    json_t *h;
    json_array_foreach(hs, i, h)
    {
        if (rc != ST_OK)
            break;
        const char *role = json_string_value(json_array_get(h, 0));
        const char *kind = json_string_value(json_array_get(h, 1));
        int64_t sid = json_integer_value(json_array_get(h, 2));
        json_t *units = NULL;
        if (strcmp(kind, "unit") == 0 && (rc = subtree(ctx, sid, &units, e)) != ST_OK)
            break;
        for (size_t k = 0; rc == ST_OK && k < ctx->pack->n_request_types; k++) {
            const PackRequestType *t = &ctx->pack->request_types[k];
            for (size_t j = 0; rc == ST_OK && j < t->n_stages; j++) {
                if (strcmp(t->stages[j].role, role) == 0)
                    rc = pairs_for(&ps, t, j, kind, units, sid, false, e);
                if (rc == ST_OK && t->stages[j].escalate_to && strcmp(t->stages[j].escalate_to, role) == 0)
                    rc = pairs_for(&ps, t, j, kind, units, sid, true, e);
            }
        }
        json_decref(units);
    }
    json_decref(hs);
    json_decref(ps.coverage);
    if (rc != ST_OK) {
        json_decref(ps.out);
        return rc;
    }
    *out = ps.out;
    return ST_OK;
}

/* One indexed query per pair: (state, type, stage, unit | object unit | system), every request of
 * the type and stage in id order (requests_state: (state, type) then rowid), or a requester's own
 * (requests_mine). One statement per pair rather than one query over all pairs: the planner then
 * never trades the index for a scan of the whole table. */
static const char *const pair_sql[] = {
    "SELECT id FROM requests INDEXED BY requests_inbox WHERE state = 'submitted' AND type = ?1"
    " AND current_stage = ?2 AND unit_id = ?3 AND requester_person_id <> ?4"
    " AND (?5 = 0 OR requester_person_id = ?5)",
    "SELECT id FROM requests INDEXED BY requests_inbox_object_unit WHERE state = 'submitted' AND type = ?1"
    " AND current_stage = ?2 AND object_unit_id = ?3 AND requester_person_id <> ?4"
    " AND (?5 = 0 OR requester_person_id = ?5)",
    "SELECT id FROM requests INDEXED BY requests_inbox_system WHERE state = 'submitted' AND type = ?1"
    " AND current_stage = ?2 AND object_system_id = ?3 AND requester_person_id <> ?4"
    " AND (?5 = 0 OR requester_person_id = ?5)",
    "SELECT id FROM requests INDEXED BY requests_state WHERE state = 'submitted' AND type = ?1"
    " AND current_stage = ?2 AND ?3 = 0 AND requester_person_id <> ?4 AND ?5 = 0 ORDER BY id LIMIT ?6",
    /* an escalation pair where one person holds the stage role: only that person's own requests */
    "SELECT id FROM requests INDEXED BY requests_mine WHERE requester_person_id = ?5 AND state = 'submitted'"
    " AND type = ?1 AND current_stage = ?2 AND ?5 <> ?4 AND (?7 = 'any' OR (?7 = 'unit' AND unit_id = ?3)"
    " OR (?7 = 'object_unit' AND object_unit_id = ?3) OR (?7 = 'system' AND object_system_id = ?3))",
};

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The candidate request ids of all pairs, ascending, without repeats, at most CANDIDATES_MAX;
 * *more when some were left out. Caller frees *ids. */
static Status candidates(Ctx *ctx, const json_t *pairs, int64_t **ids, size_t *n, bool *more, Err *e)
{
    size_t cap = 256, len = 0;
    int64_t *v = malloc(cap * sizeof *v);
    if (!v)
        abort();
    Status rc = ST_OK;
    size_t i;
    json_t *p;
    json_array_foreach(pairs, i, p)
    {
        const char *k = json_string_value(json_object_get(p, "k"));
        int64_t x = json_integer_value(json_object_get(p, "x"));
        int which = x                              ? 4
                    : strcmp(k, "unit") == 0        ? 0
                    : strcmp(k, "object_unit") == 0 ? 1
                    : strcmp(k, "system") == 0      ? 2
                                                    : 3;
        Stmt *st = db_prepare(ctx->db, pair_sql[which], e);
        if (!st) {
            rc = e->status;
            break;
        }
        stmt_bind_text(st, 1, json_string_value(json_object_get(p, "t")));
        stmt_bind_int(st, 2, json_integer_value(json_object_get(p, "s")));
        stmt_bind_int(st, 3, json_integer_value(json_object_get(p, "u")));
        stmt_bind_int(st, 4, ctx->actor->person_id);
        stmt_bind_int(st, 5, x);
        stmt_bind_int(st, 6, CANDIDATES_MAX + 1);
        stmt_bind_text(st, 7, k);
        StepResult sr;
        while ((sr = stmt_step(st)) == STEP_ROW) {
            if (len == cap) {
                cap *= 2;
                int64_t *nv = realloc(v, cap * sizeof *v);
                if (!nv)
                    abort();
                v = nv;
            }
            v[len++] = stmt_int(st, 0);
        }
        rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (rc != ST_OK)
            break;
    }
    qsort(v, len, sizeof *v, cmp_id);
    size_t out = 0;
    for (size_t j = 0; j < len; j++)
        if (out == 0 || v[out - 1] != v[j])
            v[out++] = v[j];
    *more = out > CANDIDATES_MAX;
    *n = out > CANDIDATES_MAX ? CANDIDATES_MAX : out;
    *ids = v;
    return rc;
}

static const char *const plain_cols[] = {"id", "type", "requester_person_id", "requester_name", "unit_id", "state",
                                         "current_stage", "created_at", "submitted_at", "decided_at", "valid_until",
                                         "fields", NULL};
#define ROW_SELECT                                                                                                  \
    "SELECT r.id, r.type, r.requester_person_id, p.name, r.unit_id, r.state, r.current_stage, r.created_at,"     \
    " r.submitted_at, r.decided_at, r.valid_until, r.fields FROM requests r JOIN people_v p"                       \
    " ON p.id = r.requester_person_id"

/* Adds the type's label and article and replaces fields with what the inbox shows of them (only
 * the return due date: the list never carries the request's contents). */
static void decorate(Ctx *ctx, json_t *o, const PackRequestType **type_out)
{
    const PackRequestType *t = pack_request_type(ctx->pack, json_string_value(json_object_get(o, "type")));
    json_object_set_new(o, "type_label", json_string(t ? t->label : ""));
    json_object_set_new(o, "article", json_string(t ? t->article : ""));
    const char *txt = json_string_value(json_object_get(o, "fields"));
    json_t *f = txt ? json_loads(txt, 0, NULL) : NULL;
    json_t *due = t && t->needs_return && f ? json_object_get(f, "return_due") : NULL;
    json_object_set_new(o, "return_due", due ? json_incref(due) : json_null());
    json_decref(f);
    json_object_del(o, "fields");
    if (type_out)
        *type_out = t;
}

Status req_waiting(Ctx *ctx, size_t max, json_t **out, bool *truncated, Err *e)
{
    *truncated = false;
    *out = json_array();
    char today[11];
    date_today(ctx->clock, today);
    json_t *pairs = NULL;
    Status rc = build_pairs(ctx, today, &pairs, e);
    if (rc != ST_OK)
        return rc;
    int64_t *ids = NULL;
    size_t n = 0;
    if (json_array_size(pairs) > 0)
        rc = candidates(ctx, pairs, &ids, &n, truncated, e);
    json_decref(pairs);
    for (size_t i = 0; rc == ST_OK && i < n; i++) {
        if (json_array_size(*out) >= max) {
            *truncated = true;
            break;
        }
        ReqRow r;
        const PackRequestType *t;
        json_t *res = NULL;
        if ((rc = req_load(ctx, ids[i], &r, &t, e)) != ST_OK || (rc = req_resolve(ctx, &r, t, &res, e)) != ST_OK)
            break;
        if (req_waiting_for(res, ctx->actor->person_id))
            json_array_append_new(*out, json_pack("{s:I, s:o}", "id", (json_int_t)ids[i], "approval", res));
        else
            json_decref(res);
    }
    free(ids);
    return rc;
}

static Status waiting_for_me(Ctx *ctx, json_t *items, bool *truncated, Err *e)
{
    json_t *found = NULL;
    Status rc = req_waiting(ctx, WAITING_MAX, &found, truncated, e);
    size_t i;
    json_t *w;
    json_array_foreach(found, i, w)
    {
        if (rc != ST_OK)
            break;
        json_t *res = json_object_get(w, "approval"), *row = NULL;
        Stmt *q = db_prepare(ctx->db, ROW_SELECT " WHERE r.id = ?", e);
        if (!q) {
            rc = e->status;
            break;
        }
        stmt_bind_int(q, 1, json_integer_value(json_object_get(w, "id")));
        if ((rc = row_single(q, plain_cols, "isisisisSSSs", &row, e)) != ST_OK)
            break;
        decorate(ctx, row, NULL);
        /* 代行: say whom the actor stands in for */
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(res, "approvers"), k, a)
        {
            if (json_integer_value(json_object_get(a, "person_id")) == ctx->actor->person_id &&
                json_object_get(a, "deputy_for")) {
                json_object_set(row, "as_deputy_for", json_object_get(a, "deputy_for"));
                json_object_set(row, "as_deputy_for_name", json_object_get(a, "deputy_for_name"));
            }
        }
        json_object_set(row, "approval", res);
        json_array_append_new(items, row);
    }
    json_decref(found);
    return rc;
}

static Status my_requests(Ctx *ctx, const char *today, json_t *items, json_t *overdue, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.type, r.requester_person_id, p.name, r.unit_id, r.state, r.current_stage,"
                          " r.created_at, r.submitted_at, r.decided_at, r.valid_until, r.fields"
                          " FROM requests r INDEXED BY requests_mine JOIN people_v p ON p.id = r.requester_person_id"
                          " WHERE r.requester_person_id = ? ORDER BY r.id DESC LIMIT 200",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    json_t *rows = NULL;
    Status rc = rows_array(st, plain_cols, "isisisisSSSs", &rows, e);
    if (rc != ST_OK)
        return rc;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        const PackRequestType *t = NULL;
        decorate(ctx, o, &t);
        const char *state = json_string_value(json_object_get(o, "state"));
        const char *due = json_string_value(json_object_get(o, "return_due"));
        if (strcmp(state, "approved") == 0 && due && strcmp(due, today) < 0)
            json_array_append_new(overdue, json_pack("{s:s, s:O, s:O, s:s}", "kind", "return_overdue", "request_id",
                                                     json_object_get(o, "id"), "type_label",
                                                     json_object_get(o, "type_label"), "due", due));
        if (strcmp(state, "submitted") == 0 && t) {
            ReqRow r;
            const PackRequestType *tt;
            json_t *res = NULL;
            if ((rc = req_load(ctx, json_integer_value(json_object_get(o, "id")), &r, &tt, e)) != ST_OK ||
                (rc = req_resolve(ctx, &r, tt, &res, e)) != ST_OK)
                break;
            json_object_set_new(o, "approval", res);
        }
        json_array_append(items, o);
    }
    json_decref(rows);
    return rc;
}

/* 第130条: emergency exceptions not reported in time — the actor's own, and all of them for a
 * holder of the role exceptions are reported to. */
static Status report_overdue(Ctx *ctx, json_t *overdue, Err *e)
{
    bool reviewer = false;
    for (size_t i = 0; i < ctx->pack->n_request_types && !reviewer; i++) {
        const PackRequestType *t = &ctx->pack->request_types[i];
        Status s = t->kind && strcmp(t->kind, "exception") == 0
                       ? req_holds_role(ctx, ctx->actor->person_id, t->stages[t->n_stages - 1].role, 0, &reviewer, e)
                       : ST_OK;
        if (s != ST_OK)
            return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.type, x.report_due FROM exceptions x CROSS JOIN requests r ON r.id = x.request_id"
                          " WHERE x.emergency = 1 AND x.reported_at IS NULL AND r.state = 'draft'"
                          " AND x.report_due < ?1 AND (?2 = 1 OR r.requester_person_id = ?3) ORDER BY r.id",
                          e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_text(st, 1, now);
    stmt_bind_int(st, 2, reviewer);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        const PackRequestType *t = pack_request_type(ctx->pack, stmt_text(st, 1));
        json_array_append_new(overdue, json_pack("{s:s, s:I, s:s, s:s}", "kind", "report_overdue", "request_id",
                                                 (json_int_t)stmt_int(st, 0), "type_label", t ? t->label : "",
                                                 "due", stmt_text(st, 2)));
    }
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* 第43条: as an approver of 持ち出し (needs_return types, their last stage), the approved ones in the
 * actor's units not brought back by return_due (at most 100). Unit and organisation-wide pairs only:
 * the mic type is scoped to the requester's 課室. */
static Status approver_overdue(Ctx *ctx, const char *today, json_t *overdue, Err *e)
{
    json_t *pairs = NULL;
    Status rc = build_pairs(ctx, today, &pairs, e);
    if (rc != ST_OK)
        return rc;
    size_t i, added = 0;
    json_t *p;
    json_array_foreach(pairs, i, p)
    {
        const PackRequestType *t = pack_request_type(ctx->pack, json_string_value(json_object_get(p, "t")));
        const char *k = json_string_value(json_object_get(p, "k"));
        int64_t x = json_integer_value(json_object_get(p, "x"));
        bool unit = strcmp(k, "unit") == 0;
        if (rc != ST_OK || added >= 100 || !t || !t->needs_return ||
            json_integer_value(json_object_get(p, "s")) != (json_int_t)t->n_stages - 1 || (!unit && strcmp(k, "any") != 0))
            continue;
        Stmt *st = db_prepare(ctx->db,
                              unit ? "SELECT r.id, json_extract(r.fields, '$.return_due') AS due, p.name FROM requests r"
                                     " INDEXED BY requests_inbox JOIN people_v p ON p.id = r.requester_person_id"
                                     " WHERE r.state = 'approved' AND r.type = ?1 AND r.current_stage = ?2"
                                     " AND r.unit_id = ?3 AND due < ?4 AND r.requester_person_id <> ?5"
                                     " AND (?6 = 0 OR r.requester_person_id = ?6) ORDER BY r.id LIMIT 100"
                                   : "SELECT r.id, json_extract(r.fields, '$.return_due') AS due, p.name FROM requests r"
                                     " INDEXED BY requests_state JOIN people_v p ON p.id = r.requester_person_id"
                                     " WHERE r.state = 'approved' AND r.type = ?1 AND r.current_stage = ?2 AND ?3 = 0"
                                     " AND due < ?4 AND r.requester_person_id <> ?5"
                                     " AND (?6 = 0 OR r.requester_person_id = ?6) ORDER BY r.id LIMIT 100",
                              e);
        if (!st) {
            rc = e->status;
            break;
        }
        stmt_bind_text(st, 1, t->id);
        stmt_bind_int(st, 2, json_integer_value(json_object_get(p, "s")));
        stmt_bind_int(st, 3, json_integer_value(json_object_get(p, "u")));
        stmt_bind_text(st, 4, today);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_int(st, 6, x);
        StepResult sr;
        while ((sr = stmt_step(st)) == STEP_ROW && added < 100) {
            json_array_append_new(overdue, json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "kind", "return_overdue",
                                                     "request_id", (json_int_t)stmt_int(st, 0), "type_label", t->label,
                                                     "due", stmt_text(st, 1), "as_approver", 1, "requester_name",
                                                     stmt_text(st, 2)));
            added++;
        }
        rc = sr == STEP_ERROR ? stmt_error(st, e) : ST_OK;
        stmt_finalize(st);
    }
    json_decref(pairs);
    return rc;
}

Status request_inbox(Ctx *ctx, json_t **out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "自分の作業は職員として表示します",
                       "the inbox is a person's");
    char today[11];
    date_today(ctx->clock, today);
    json_t *waiting = json_array(), *mine = json_array(), *overdue = json_array();
    bool truncated = false;
    Status rc = waiting_for_me(ctx, waiting, &truncated, e);
    if (rc == ST_OK)
        rc = my_requests(ctx, today, mine, overdue, e);
    if (rc == ST_OK)
        rc = approver_overdue(ctx, today, overdue, e);
    if (rc == ST_OK)
        rc = report_overdue(ctx, overdue, e);
    if (rc != ST_OK) {
        json_decref(waiting);
        json_decref(mine);
        json_decref(overdue);
        return rc;
    }
    json_t *counts = json_pack("{s:I, s:I, s:I}", "waiting", (json_int_t)json_array_size(waiting), "mine_open",
                               (json_int_t)0, "overdue", (json_int_t)json_array_size(overdue));
    json_int_t open = 0;
    size_t i;
    json_t *o;
    json_array_foreach(mine, i, o)
    {
        const char *s = json_string_value(json_object_get(o, "state"));
        open += strcmp(s, "draft") == 0 || strcmp(s, "submitted") == 0 || strcmp(s, "returned") == 0;
    }
    json_object_set_new(counts, "mine_open", json_integer(open));
    *out = json_pack("{s:o, s:b, s:o, s:o, s:o}", "waiting", waiting, "waiting_truncated", truncated, "mine", mine,
                     "overdue", overdue, "counts", counts);
    return ST_OK;
}
