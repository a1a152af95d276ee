/* incident_chain: who is told of a report (incidents.yaml `chain`, 第54条/第55条/第21条3), their
 * notifications and readings, and who may read a report (see incidents.h). Role holders are read from
 * org's published views (role_assignments_v, walking up org_units_v from the 課室; people_v). */
#include <stdio.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/notify/notify.h"
#include "policy/pack.h"

/* The current holders of role over scope: unit (and the units above it) for section/department
 * roles, the system for system roles, the organisation otherwise. ?1 role, ?2 today, ?3 unit, ?4
 * system. */
#define HOLDERS_SQL                                                                                        \
    "WITH RECURSIVE up(id) AS (SELECT ?3 UNION SELECT u.parent_id FROM org_units_v u JOIN up ON u.id = up.id" \
    " WHERE u.parent_id IS NOT NULL)"                                                                      \
    " SELECT DISTINCT ra.person_id FROM role_assignments_v ra JOIN people_v p ON p.id = ra.person_id"          \
    " WHERE ra.role = ?1 AND ra.valid_from <= ?2 AND (ra.valid_until IS NULL OR ra.valid_until >= ?2)"     \
    " AND p.active_from <= ?2 AND (p.active_until IS NULL OR p.active_until >= ?2)"                        \
    " AND ((ra.scope_kind = 'organisation') OR (ra.scope_kind = 'unit' AND ra.scope_id IN (SELECT id FROM up))" \
    " OR (ra.scope_kind = 'system' AND ra.scope_id = ?4)) ORDER BY ra.person_id"

/* One recipient row (person 0: the step is vacant) and, for a person other than the reporter, a
 * notification; the reporter holding the step's role knows already (seen at once) when
 * reporter_knows (not for a mail the intake filed in the 窓口's name). */
static Status add_recipient(Ctx *ctx, int64_t id, const PackChainStep *c, int64_t person, const char *now,
                            bool reporter_knows, Err *e)
{
    bool reporter = reporter_knows && person && person == ctx->actor->person_id;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incident_recipients(incident_id, step, role, person_id, notified_at, seen_at)"
                          " VALUES (?, ?, ?, ?, ?5, CASE WHEN ?6 THEN ?5 END)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, c->id);
    stmt_bind_text(st, 3, c->role);
    if (person)
        stmt_bind_int(st, 4, person);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, now);
    stmt_bind_int(st, 6, reporter);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK || !person || reporter)
        return s;
    char title[160], link[64], key[128];
    snprintf(title, sizeof title, "インシデントの報告があります (No.%lld, %s)", (long long)id, c->article);
    snprintf(link, sizeof link, "/incidents/%lld", (long long)id);
    snprintf(key, sizeof key, "incident:%lld:%s", (long long)id, c->id);
    return notify_person(ctx, person, "incident", "incident", id, title, link, key, NULL, e);
}

Status incident_role_holders(Ctx *ctx, const char *role, int64_t unit, int64_t system, int64_t *people, size_t cap,
                             size_t *n, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    *n = 0;
    Stmt *st = db_prepare(ctx->db, HOLDERS_SQL, e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, role);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, unit);
    stmt_bind_int(st, 4, system);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        if (*n < cap)
            people[(*n)++] = stmt_int(st, 0);
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status incident_chain_notify(Ctx *ctx, int64_t id, int64_t unit, int64_t system, bool reporter_knows, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    char now[21];
    incident_now(ctx, now);
    Status s = ST_OK;
    for (size_t i = 0; i < pi->n_chain && s == ST_OK; i++) {
        const PackChainStep *c = &pi->chain[i];
        if (c->scope == SCOPE_SYSTEM && !system)
            continue; /* no system involved: nobody to tell at this step */
        int64_t people[64];
        size_t n = 0;
        if ((s = incident_role_holders(ctx, c->role, unit, system, people, 64, &n, e)) != ST_OK)
            return s;
        for (size_t j = 0; j < n && s == ST_OK; j++)
            s = add_recipient(ctx, id, c, people[j], now, reporter_knows, e);
        if (s == ST_OK && n == 0)
            s = add_recipient(ctx, id, c, 0, now, reporter_knows, e);
    }
    return s;
}

Status incident_holds_any(Ctx *ctx, char *const *roles, size_t n, bool *holds, Err *e)
{
    return incident_person_holds_any(ctx, ctx->actor->person_id, roles, n, holds, e);
}

Status incident_person_holds_any(Ctx *ctx, int64_t person, char *const *roles, size_t n, bool *holds, Err *e)
{
    *holds = false;
    if (!person)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    for (size_t i = 0; i < n && !*holds; i++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT 1 FROM role_assignments_v WHERE person_id = ? AND role = ? AND valid_from <= ?3"
                              " AND (valid_until IS NULL OR valid_until >= ?3)",
                              e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, person);
        stmt_bind_text(st, 2, roles[i]);
        stmt_bind_text(st, 3, today);
        Status s = stmt_step_row(st, holds, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

Status incident_org_chain_member(Ctx *ctx, bool *member, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    *member = false;
    if (!ctx->actor->person_id)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    for (size_t i = 0; i < pi->n_chain && !*member; i++) {
        if (pi->chain[i].scope != SCOPE_ORGANISATION)
            continue;
        Stmt *st = db_prepare(ctx->db,
                              "SELECT 1 FROM role_assignments_v WHERE person_id = ? AND role = ? AND"
                              " scope_kind = 'organisation' AND valid_from <= ?3 AND (valid_until IS NULL OR"
                              " valid_until >= ?3)",
                              e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, ctx->actor->person_id);
        stmt_bind_text(st, 2, pi->chain[i].role);
        stmt_bind_text(st, 3, today);
        Status s = stmt_step_row(st, member, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

Status incident_may_read(Ctx *ctx, int64_t id, int64_t reporter, bool *may, Err *e)
{
    int64_t me = ctx->actor->person_id;
    *may = me && me == reporter;
    if (*may || !me)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM incident_recipients WHERE incident_id = ? AND person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, me);
    Status s = stmt_step_row(st, may, e);
    stmt_finalize(st);
    if (s == ST_OK && !*may)
        s = incident_task_owner(ctx, id, may, e);
    if (s != ST_OK || *may)
        return s;
    return incident_org_chain_member(ctx, may, e);
}

/* Records the actor's first reading of incident id (every row of theirs still unread), with one trail
 * entry naming the steps. */
static Status mark_seen(Ctx *ctx, int64_t id, Err *e)
{
    int64_t me = ctx->actor->person_id;
    if (!me)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT group_concat(step, ',') FROM incident_recipients WHERE incident_id = ? AND"
                          " person_id = ? AND seen_at IS NULL",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, me);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    char steps[512] = "";
    if (s == ST_OK && row && stmt_text(st, 0))
        snprintf(steps, sizeof steps, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s != ST_OK || !steps[0])
        return s;
    char now[21];
    incident_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    st = db_prepare(ctx->db,
                    "UPDATE incident_recipients SET seen_at = ? WHERE incident_id = ? AND person_id = ? AND"
                    " seen_at IS NULL",
                    e);
    if (st) {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, id);
        stmt_bind_int(st, 3, me);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *recipients = NULL; /* the rows read, reconciled as incident_recipients */
        if ((s = incident_recipient_rows_of(ctx, id, false, me, now, NULL, &recipients, e)) == ST_OK) {
            json_t *after = json_pack("{s:s, s:s, s:o}", "steps", steps, "seen_at", now, "recipients", recipients);
            s = record_change(ctx, "incident.seen", "incident", id, NULL, after, e);
            json_decref(after);
        }
    }
    return finish_tx(ctx, s, e);
}

static const char *role_label(const Ctx *ctx, const char *role)
{
    const PackRole *r = pack_role(ctx->pack, role);
    return r && r->label ? r->label : role;
}

Status incident_chain_json(Ctx *ctx, int64_t id, json_t **out, bool *stalled_any, Err *e)
{
    Status s = mark_seen(ctx, id, e);
    if (s != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    int64_t now = clock_now(ctx->clock);
    *stalled_any = false;
    json_t *chain = json_array();
    for (size_t i = 0; i < pi->n_chain && s == ST_OK; i++) {
        const PackChainStep *c = &pi->chain[i];
        Stmt *st = db_prepare(ctx->db,
                              "SELECT r.person_id, p.name, r.notified_at, r.seen_at FROM incident_recipients r"
                              " LEFT JOIN people_v p ON p.id = r.person_id WHERE r.incident_id = ? AND r.step = ?"
                              " ORDER BY r.id",
                              e);
        if (!st) {
            s = e->status;
            break;
        }
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, c->id);
        static const char *const cols[] = {"person_id", "name", "notified_at", "seen_at", NULL};
        json_t *rows = NULL;
        if ((s = rows_array(st, cols, "ISsS", &rows, e)) != ST_OK)
            break;
        if (json_array_size(rows) == 0) { /* a step that did not apply (no system named) */
            json_decref(rows);
            continue;
        }
        bool vacant = false, seen = false;
        int64_t notified = 0;
        size_t k;
        json_t *r;
        json_array_foreach(rows, k, r) {
            vacant |= json_is_null(json_object_get(r, "person_id"));
            seen |= !json_is_null(json_object_get(r, "seen_at"));
            time_parse_iso(json_string_value(json_object_get(r, "notified_at")), &notified);
        }
        bool stalled = !seen && (vacant || now - notified >= (int64_t)pi->stall_hours * 3600);
        *stalled_any |= stalled;
        json_array_append_new(chain, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b}", "step", c->id, "label",
                                               c->label, "role", c->role, "role_label", role_label(ctx, c->role),
                                               "article", c->article, "recipients", rows, "vacant", vacant, "seen",
                                               seen, "stalled", stalled));
    }
    if (s != ST_OK) {
        json_decref(chain);
        return s;
    }
    *out = chain;
    return ST_OK;
}

Status incident_work_counts(Ctx *ctx, int64_t *unseen, int64_t *stalled, Err *e)
{
    *unseen = *stalled = 0;
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(DISTINCT r.incident_id) FROM incident_recipients r JOIN incidents i"
                          " ON i.id = r.incident_id WHERE r.person_id = ? AND r.seen_at IS NULL"
                          " AND i.state NOT IN ('closed', 'not_incident')",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *unseen = stmt_int(st, 0);
    stmt_finalize(st);
    bool org = false;
    if (s != ST_OK || (s = incident_org_chain_member(ctx, &org, e)) != ST_OK || !org)
        return s;
    char cutoff[21];
    time_iso_utc(clock_now(ctx->clock) - (int64_t)ctx->pack->incidents.stall_hours * 3600, cutoff);
    st = db_prepare(ctx->db,
                    "SELECT count(DISTINCT incident_id) FROM (SELECT r.incident_id FROM incident_recipients r"
                    " JOIN incidents i ON i.id = r.incident_id WHERE i.state NOT IN ('closed', 'not_incident')"
                    " GROUP BY r.incident_id, r.step HAVING max(r.seen_at) IS NULL"
                    " AND (max(r.person_id IS NULL) = 1 OR min(r.notified_at) <= ?))",
                    e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, cutoff);
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
        *stalled = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}
