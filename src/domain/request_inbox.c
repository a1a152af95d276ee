/* request_inbox: the 「自分の作業」 inbox (see request.h, request_inbox). Finding what waits for the
 * actor must not resolve every open request: the candidates are narrowed in one query from the
 * actor's role holdings (their own and those they hold as deputy) matched against the pack's stages
 * — (type, stage) pairs with the units or systems the holding covers, passed as JSON to json_each —
 * and only the candidates are resolved (request_resolve decides, as everywhere else). Escalation
 * pairs (the actor holds a stage's escalate_to role) are pre-filtered to requests whose stage role
 * has no holder but the requester at the request's own unit or organisation-wide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/request.h"
#include "domain/request_internal.h"
#include "domain/rowjson.h"

/* The actor's holdings today: [[role, scope_kind, scope_id], …], own and as deputy. */
static Status holdings(Ctx *ctx, const char *today, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT role, scope_kind, coalesce(scope_id, 0) FROM role_assignments WHERE person_id = ?1"
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

/* The unit and every unit below it, as a JSON array of ids. */
static Status subtree(Ctx *ctx, int64_t unit, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE down(id) AS (SELECT ?1 UNION SELECT u.id FROM org_units u JOIN down"
                          " ON u.parent_id = down.id) SELECT id FROM down",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit);
    *out = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(*out, json_integer((json_int_t)stmt_int(st, 0)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc != ST_OK)
        json_decref(*out);
    return rc;
}

/* One candidate pair for a holding of `role` matching stage j of t (as its role, or escalated). */
static void add_pair(Ctx *ctx, const PackRequestType *t, size_t j, const char *role, const char *kind,
                     int64_t scope_id, const json_t *units, bool escalation, json_t *pairs)
{
    const PackRequestStage *s = &t->stages[j];
    json_t *p = json_pack("{s:s, s:i}", "t", t->id, "s", (int)j);
    if (strcmp(kind, "organisation") == 0) {
        json_object_set_new(p, "k", json_string("any"));
    } else if (strcmp(kind, "system") == 0) {
        json_object_set_new(p, "k", json_string("system"));
        json_object_set_new(p, "u", json_pack("[I]", (json_int_t)scope_id));
    } else {
        json_object_set_new(p, "k", json_string(s->scope_kind == STAGE_OBJECT_SECTION ? "object_unit" : "unit"));
        json_object_set_new(p, "u", json_deep_copy(units));
    }
    if (escalation) {
        const PackRole *sr = pack_role(ctx->pack, s->role);
        /* a cheap necessary condition for escalation; request_resolve decides */
        if (sr && sr->scope == SCOPE_ORGANISATION)
            json_object_set_new(p, "e", json_string("org"));
        else if (sr && sr->scope != SCOPE_SYSTEM && s->scope_kind == STAGE_REQUESTER_SECTION)
            json_object_set_new(p, "e", json_string("unit"));
        json_object_set_new(p, "sr", json_string(s->role));
    }
    (void)role;
    json_array_append_new(pairs, p);
}

static Status build_pairs(Ctx *ctx, const char *today, json_t **out, Err *e)
{
    json_t *hs = json_array(), *pairs = json_array();
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
        for (size_t k = 0; k < ctx->pack->n_request_types; k++) {
            const PackRequestType *t = &ctx->pack->request_types[k];
            for (size_t j = 0; j < t->n_stages; j++) {
                if (strcmp(t->stages[j].role, role) == 0)
                    add_pair(ctx, t, j, role, kind, sid, units, false, pairs);
                if (t->stages[j].escalate_to && strcmp(t->stages[j].escalate_to, role) == 0)
                    add_pair(ctx, t, j, role, kind, sid, units, true, pairs);
            }
        }
        json_decref(units);
    }
    json_decref(hs);
    if (rc != ST_OK) {
        json_decref(pairs);
        return rc;
    }
    *out = pairs;
    return ST_OK;
}

#define CANDIDATES_SQL                                                                                              \
    "SELECT DISTINCT r.id FROM json_each(?1) p JOIN requests r ON r.state = 'submitted'"                          \
    " AND r.type = json_extract(p.value, '$.t') AND r.current_stage = json_extract(p.value, '$.s')"               \
    " WHERE r.requester_person_id <> ?2 AND ("                                                                   \
    "  json_extract(p.value, '$.k') = 'any'"                                                                     \
    "  OR (json_extract(p.value, '$.k') = 'unit' AND r.unit_id IN (SELECT value FROM json_each(p.value, '$.u')))" \
    "  OR (json_extract(p.value, '$.k') = 'object_unit' AND coalesce("                                            \
    "      (SELECT a.unit_id FROM assets a WHERE r.object_kind = 'asset' AND a.id = r.object_id),"                 \
    "      (SELECT s.owner_unit_id FROM systems s WHERE r.object_kind = 'system' AND s.id = r.object_id))"        \
    "      IN (SELECT value FROM json_each(p.value, '$.u')))"                                                     \
    "  OR (json_extract(p.value, '$.k') = 'system' AND coalesce("                                                 \
    "      (SELECT a.system_id FROM assets a WHERE r.object_kind = 'asset' AND a.id = r.object_id),"               \
    "      CASE WHEN r.object_kind = 'system' THEN r.object_id END)"                                              \
    "      IN (SELECT value FROM json_each(p.value, '$.u'))))"                                                    \
    " AND (json_extract(p.value, '$.e') IS NULL OR NOT EXISTS (SELECT 1 FROM role_assignments ra"                 \
    "   WHERE ra.role = json_extract(p.value, '$.sr') AND ra.person_id <> r.requester_person_id"                 \
    "   AND ra.valid_from <= ?3 AND (ra.valid_until IS NULL OR ra.valid_until >= ?3)"                            \
    "   AND ((json_extract(p.value, '$.e') = 'unit' AND ra.scope_kind = 'unit' AND ra.scope_id = r.unit_id)"      \
    "    OR (json_extract(p.value, '$.e') = 'org' AND ra.scope_kind = 'organisation'))))"                        \
    " ORDER BY r.id"

static const char *const plain_cols[] = {"id", "type", "requester_person_id", "requester_name", "unit_id", "state",
                                         "current_stage", "created_at", "submitted_at", "decided_at", "valid_until",
                                         "fields", NULL};
#define ROW_SELECT                                                                                                  \
    "SELECT r.id, r.type, r.requester_person_id, p.name, r.unit_id, r.state, r.current_stage, r.created_at,"     \
    " r.submitted_at, r.decided_at, r.valid_until, r.fields FROM requests r JOIN people p"                       \
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

static Status waiting_for_me(Ctx *ctx, const char *today, json_t *items, Err *e)
{
    json_t *pairs = NULL;
    Status rc = build_pairs(ctx, today, &pairs, e);
    if (rc != ST_OK)
        return rc;
    if (json_array_size(pairs) == 0) {
        json_decref(pairs);
        return ST_OK;
    }
    char *ptxt = json_dumps(pairs, JSON_COMPACT);
    json_decref(pairs);
    Stmt *st = db_prepare(ctx->db, CANDIDATES_SQL, e);
    if (!st) {
        free(ptxt);
        return e->status;
    }
    stmt_bind_text(st, 1, ptxt);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    stmt_bind_text(st, 3, today);
    json_t *ids = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(ids, json_integer((json_int_t)stmt_int(st, 0)));
    rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    free(ptxt);
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (rc != ST_OK)
            break;
        ReqRow r;
        const PackRequestType *t;
        json_t *res = NULL, *row = NULL;
        if ((rc = req_load(ctx, json_integer_value(v), &r, &t, e)) != ST_OK ||
            (rc = req_resolve(ctx, &r, t, &res, e)) != ST_OK)
            break;
        if (!req_waiting_for(res, ctx->actor->person_id)) {
            json_decref(res);
            continue;
        }
        Stmt *q = db_prepare(ctx->db, ROW_SELECT " WHERE r.id = ?", e);
        if (!q) {
            json_decref(res);
            rc = e->status;
            break;
        }
        stmt_bind_int(q, 1, r.id);
        if ((rc = row_single(q, plain_cols, "isisisisSSSs", &row, e)) != ST_OK) {
            json_decref(res);
            break;
        }
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
        json_object_set_new(row, "approval", res);
        json_array_append_new(items, row);
    }
    json_decref(ids);
    return rc;
}

static Status my_requests(Ctx *ctx, const char *today, json_t *items, json_t *overdue, Err *e)
{
    Stmt *st = db_prepare(ctx->db, ROW_SELECT " WHERE r.requester_person_id = ? ORDER BY r.id DESC LIMIT 200", e);
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
        if (t->kind && strcmp(t->kind, "exception") == 0)
            reviewer = req_holds_role(ctx, ctx->actor->person_id, t->stages[t->n_stages - 1].role, 0);
    }
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.type, x.report_due FROM exceptions x JOIN requests r ON r.id = x.request_id"
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

Status request_inbox(Ctx *ctx, json_t **out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "自分の作業は職員として表示します",
                       "the inbox is a person's");
    char today[11];
    date_today(ctx->clock, today);
    json_t *waiting = json_array(), *mine = json_array(), *overdue = json_array();
    Status rc = waiting_for_me(ctx, today, waiting, e);
    if (rc == ST_OK)
        rc = my_requests(ctx, today, mine, overdue, e);
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
    *out = json_pack("{s:o, s:o, s:o, s:o}", "waiting", waiting, "mine", mine, "overdue", overdue, "counts", counts);
    return ST_OK;
}
