/* incident_board: the CSIRT's board (第56条) — the open incidents (reported, triaged) with their
 * severity, who of the CSIRT handles each, stalled chain steps and overdue tasks, counted by state and
 * severity; the overdue tasks across them; and assigning an incident to a CSIRT member. CSIRT and
 * decision roles only (403 incident_forbidden). See incidents.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "domain/notify/notify.h"
#include "policy/pack.h"

#define BOARD_MAX 1000

static Status need_board(Ctx *ctx, Err *e)
{
    bool csirt = false, decide = false;
    Status s = incident_can(ctx, &csirt, &decide, e);
    if (s == ST_OK && !csirt && !decide)
        s = err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "CSIRTのボードはCSIRTとCISOが見られます (第56条)",
                    "the CSIRT board is for the CSIRT and the CISO");
    return s;
}

/* ?1 today, ?2 stall cutoff, ?3 category, ?4 severity, ?5 unit (and below), ?6 assignee (0: nobody
 * assigned), ?7 stalled only, ?8 overdue only. */
#define BOARD_SQL                                                                                              \
    "WITH RECURSIVE below(id) AS (SELECT ?5 WHERE ?5 IS NOT NULL UNION SELECT u.id FROM org_units_v u"           \
    " JOIN below b ON u.parent_id = b.id),"                                                                    \
    " live AS (SELECT i.id, i.title, i.state, i.category, i.severity, i.noticed_at, i.unit_id,"               \
    " i.assignee_person_id, i.personal_data,"                                                                  \
    " (SELECT count(*) FROM incident_tasks t WHERE t.incident_id = i.id AND t.state = 'open') AS open_tasks,"  \
    " (SELECT count(*) FROM incident_tasks t WHERE t.incident_id = i.id AND t.state = 'open'"                 \
    " AND t.due_date < ?1) AS overdue_tasks,"                                                                  \
    " EXISTS (SELECT 1 FROM incident_recipients r WHERE r.incident_id = i.id GROUP BY r.step"                 \
    " HAVING max(r.seen_at) IS NULL AND (max(r.person_id IS NULL) = 1 OR min(r.notified_at) <= ?2)) AS stalled" \
    " FROM incidents i WHERE i.state IN ('reported', 'triaged')"                                              \
    " AND (?3 IS NULL OR i.category = ?3) AND (?4 IS NULL OR i.severity = ?4)"                                 \
    " AND (?5 IS NULL OR i.unit_id IN (SELECT id FROM below))"                                                 \
    " AND (?6 IS NULL OR coalesce(i.assignee_person_id, 0) = ?6))"                                             \
    " SELECT o.id, o.title, o.state, o.category, o.severity, o.noticed_at, u.name, o.assignee_person_id, a.name," \
    " o.personal_data, o.open_tasks, o.overdue_tasks, o.stalled FROM live o JOIN org_units_v u ON u.id = o.unit_id" \
    " LEFT JOIN people_v a ON a.id = o.assignee_person_id"                                                       \
    " WHERE (?7 = 0 OR o.stalled) AND (?8 = 0 OR o.overdue_tasks > 0) ORDER BY o.id DESC LIMIT 1000"

static void bind_text_or_null(Stmt *st, int i, const char *v)
{
    if (v)
        stmt_bind_text(st, i, v);
    else
        stmt_bind_null(st, i);
}

static Status check_filter(const Ctx *ctx, const IncidentBoardFilter *f, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    const char *bad = f->category && !pack_incident_choice(pi->categories, pi->n_categories, f->category) ? "category"
                      : f->severity && !pack_incident_choice(pi->severities, pi->n_severities, f->severity)
                          ? "severity"
                          : f->assignee_person_id < -1 ? "assignee_person_id" : NULL;
    if (bad)
        return err_setf(e, ST_INVALID, "invalid_parameter", bad, "%s の値が正しくありません", "%s has an invalid value",
                        bad);
    return ST_OK;
}

static int severity_rank(const PackIncidents *pi, const char *id)
{
    const PackIncidentChoice *c = id ? pack_incident_choice(pi->severities, pi->n_severities, id) : NULL;
    return c ? c->rank : 0;
}

/* Graver first, then the newer. */
static int by_severity(const void *a, const void *b, void *arg)
{
    const PackIncidents *pi = arg;
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int rx = severity_rank(pi, json_string_value(json_object_get(x, "severity")));
    int ry = severity_rank(pi, json_string_value(json_object_get(y, "severity")));
    if (rx != ry)
        return ry - rx;
    json_int_t ix = json_integer_value(json_object_get(x, "id")), iy = json_integer_value(json_object_get(y, "id"));
    return (iy > ix) - (iy < ix);
}

static Status overdue_tasks(Ctx *ctx, const char *today, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT t.id, t.incident_id, i.title, t.kind, t.title, t.owner_person_id, p.name, t.due_date"
                          " FROM incident_tasks t JOIN incidents i ON i.id = t.incident_id"
                          " JOIN people_v p ON p.id = t.owner_person_id WHERE t.state = 'open' AND t.due_date < ?"
                          " AND i.state IN ('reported', 'triaged') ORDER BY t.due_date, t.id LIMIT 200",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    static const char *const cols[] = {"task_id", "incident_id", "incident_title", "kind", "title", "owner_person_id",
                                       "owner_name", "due_date", NULL};
    return rows_array(st, cols, "iisssiss", out, e);
}

/* The current holders of the CSIRT roles (whom an incident may be assigned to), by name. */
static Status csirt_members(Ctx *ctx, json_t **out, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    char today[11];
    date_today(ctx->clock, today);
    *out = json_array();
    for (size_t i = 0; i < pi->n_csirt_roles; i++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT DISTINCT p.id, p.name FROM role_assignments_v ra JOIN people_v p ON p.id = ra.person_id"
                              " WHERE ra.role = ?1 AND ra.valid_from <= ?2 AND (ra.valid_until IS NULL OR"
                              " ra.valid_until >= ?2) AND (p.active_until IS NULL OR p.active_until >= ?2) ORDER BY p.id",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, pi->csirt_roles[i]);
        stmt_bind_text(st, 2, today);
        static const char *const cols[] = {"person_id", "name", NULL};
        json_t *rows = NULL;
        Status s = rows_array(st, cols, "is", &rows, e);
        if (s != ST_OK)
            return s;
        size_t k;
        json_t *r;
        json_array_foreach(rows, k, r) {
            bool dup = false;
            size_t j;
            json_t *o;
            json_array_foreach(*out, j, o) dup |= json_equal(json_object_get(o, "person_id"), json_object_get(r, "person_id"));
            if (!dup)
                json_array_append(*out, r);
        }
        json_decref(rows);
    }
    return ST_OK;
}

Status incident_board(Ctx *ctx, const IncidentBoardFilter *f, json_t **out, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    Status s = check_filter(ctx, f, e);
    if (s == ST_OK)
        s = need_board(ctx, e);
    if (s != ST_OK)
        return s;
    char today[11], cutoff[21];
    date_today(ctx->clock, today);
    time_iso_utc(clock_now(ctx->clock) - (int64_t)pi->stall_hours * 3600, cutoff);
    Stmt *st = db_prepare(ctx->db, BOARD_SQL, e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    stmt_bind_text(st, 2, cutoff);
    bind_text_or_null(st, 3, f->category);
    bind_text_or_null(st, 4, f->severity);
    if (f->unit_id)
        stmt_bind_int(st, 5, f->unit_id);
    else
        stmt_bind_null(st, 5);
    if (f->assignee_person_id)
        stmt_bind_int(st, 6, f->assignee_person_id < 0 ? 0 : f->assignee_person_id);
    else
        stmt_bind_null(st, 6);
    stmt_bind_int(st, 7, f->stalled);
    stmt_bind_int(st, 8, f->overdue);
    static const char *const cols[] = {"id", "title", "state", "category", "severity", "noticed_at", "unit_name",
                                       "assignee_person_id", "assignee_name", "personal_data", "open_tasks",
                                       "overdue_tasks", "stalled", NULL};
    json_t *items = NULL, *tasks = NULL;
    if ((s = rows_array(st, cols, "isssSssISsiib", &items, e)) != ST_OK)
        return s;
    json_t *members = NULL;
    if ((s = overdue_tasks(ctx, today, &tasks, e)) != ST_OK || (s = csirt_members(ctx, &members, e)) != ST_OK) {
        json_decref(items);
        json_decref(tasks);
        json_decref(members);
        return s;
    }
    /* graver first; counts by state and by severity over what the filters keep */
    size_t n = json_array_size(items);
    json_t **v = n ? xmalloc(n * sizeof *v) : NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(items, i));
    qsort_r(v, n, sizeof *v, by_severity, (void *)pi);
    json_t *sorted = json_array(), *by_state = json_pack("{s:i, s:i}", "reported", 0, "triaged", 0);
    json_int_t stalled = 0, overdue = 0, unassigned = 0;
    json_int_t *sev = xcalloc(pi->n_severities + 1, sizeof *sev);
    for (size_t i = 0; i < n; i++) {
        json_t *it = v[i];
        const char *state = json_string_value(json_object_get(it, "state"));
        json_object_set_new(by_state, state, json_integer(json_integer_value(json_object_get(by_state, state)) + 1));
        stalled += json_is_true(json_object_get(it, "stalled"));
        overdue += json_integer_value(json_object_get(it, "overdue_tasks")) > 0;
        unassigned += json_is_null(json_object_get(it, "assignee_person_id"));
        const char *sv = json_string_value(json_object_get(it, "severity"));
        size_t k = 0;
        while (k < pi->n_severities && !(sv && strcmp(pi->severities[k].id, sv) == 0))
            k++;
        sev[k]++; /* k == n_severities: not assessed yet */
        json_array_append_new(sorted, it);
    }
    free(v);
    json_decref(items);
    json_t *by_severity_json = json_array();
    for (size_t k = pi->n_severities; k-- > 0;)
        json_array_append_new(by_severity_json,
                              json_pack("{s:s, s:s, s:s, s:I}", "id", pi->severities[k].id, "label",
                                        pi->severities[k].label, "label_en", pi->severities[k].label_en, "count",
                                        sev[k]));
    json_array_append_new(by_severity_json, json_pack("{s:n, s:s, s:s, s:I}", "id", "label", "未評価", "label_en",
                                                      "Not assessed", "count", sev[pi->n_severities]));
    free(sev);
    *out = json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:o, s:b}", "items", sorted, "by_state", by_state,
                     "by_severity", by_severity_json, "stalled", stalled, "overdue", overdue, "unassigned",
                     unassigned, "overdue_tasks", tasks, "truncated", n >= BOARD_MAX);
    json_object_set_new(*out, "members", members);
    return ST_OK;
}

Status incident_assign(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *v = json_object_get(in, "assignee_person_id");
    int64_t assignee = 0;
    Status s = ST_OK;
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_set(e, ST_INVALID, "invalid_type", "assignee_person_id", "「担当者」はIDで指定してください",
                           "assignee_person_id must be an id");
        assignee = json_integer_value(v);
        bool csirt = false;
        if ((s = incident_person_holds_any(ctx, assignee, pi->csirt_roles, pi->n_csirt_roles, &csirt, e)) != ST_OK)
            return s;
        if (!csirt)
            return err_set(e, ST_INVALID, "not_csirt", "assignee_person_id", "「担当者」はCSIRTの要員から選んでください",
                           "the assignee must be a member of the CSIRT");
    }
    bool csirt = false;
    if ((s = incident_holds_any(ctx, pi->csirt_roles, pi->n_csirt_roles, &csirt, e)) != ST_OK)
        return s;
    if (!csirt)
        return err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "担当者はCSIRTが決めます (第56条)",
                       "only the CSIRT assigns");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = incident_check_read(ctx, id, e);
    if (s == ST_OK)
        s = incident_plain(ctx, id, &before, e);
    const char *state = s == ST_OK ? json_string_value(json_object_get(before, "state")) : "";
    if (s == ST_OK && strcmp(state, "reported") != 0 && strcmp(state, "triaged") != 0)
        s = err_setf(e, ST_CONFLICT, "incident_state", "state", "状態が「%s」の報告には担当者を決められません",
                     "a report in state %s cannot be assigned", state);
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "UPDATE incidents SET assignee_person_id = ?, updated_at = ? WHERE id = ?", e)
                          : NULL;
    if (st) {
        if (assignee)
            stmt_bind_int(st, 1, assignee);
        else
            stmt_bind_null(st, 1);
        stmt_bind_text(st, 2, now);
        stmt_bind_int(st, 3, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    json_t *after = NULL;
    if (s == ST_OK && (s = incident_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "incident.assign", "incident", id, before, after, e);
    json_decref(before);
    json_decref(after);
    if (s == ST_OK && assignee && assignee != ctx->actor->person_id) {
        char title[160], link[64], key[128];
        snprintf(title, sizeof title, "インシデントの担当になりました (No.%lld)", (long long)id);
        snprintf(link, sizeof link, "/incidents/%lld", (long long)id);
        snprintf(key, sizeof key, "incident:%lld:assign:%lld:%s", (long long)id, (long long)assignee, now);
        s = notify_person(ctx, assignee, "incident", "incident", id, title, link, key, NULL, e);
    }
    return finish_tx(ctx, s, e);
}
