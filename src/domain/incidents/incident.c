/* incident: filing a report, reading one with its chain, the lists (see incidents.h). */
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

static const char *const plain_cols[] = {"id", "title", "description", "noticed_at", "occurred_at", "asset_id",
                                         "system_id", "place", "unit_id", "personal_data", "personal_data_kinds",
                                         "affected_count", "source", "caller_name", "caller_contact",
                                         "reporter_person_id", "state", "category", "severity", "triage_note",
                                         "causer_person_id", "triaged_by", "triaged_at", "cause", "prevention",
                                         "decision", "decided_by", "decided_at", "lessons", "follow_up", "closed_by",
                                         "closed_at", "created_at", "updated_at", "assignee_person_id",
                                         "review_fiscal_year", "change_request_id", NULL};
#define PLAIN_TYPES "isssSIIsissIsssisSSsIISsssISssISssIII"
#define PLAIN_SELECT                                                                                          \
    "SELECT id, title, description, noticed_at, occurred_at, asset_id, system_id, place, unit_id, personal_data," \
    " personal_data_kinds, affected_count, source, caller_name, caller_contact, reporter_person_id, state,"   \
    " category, severity, triage_note, causer_person_id, triaged_by, triaged_at, cause, prevention, decision,"  \
    " decided_by, decided_at, lessons, follow_up, closed_by, closed_at, created_at, updated_at, assignee_person_id," \
    " review_fiscal_year, change_request_id" \
    " FROM incidents"   \
    " WHERE id = ?"

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                   "incident report not found");
}

/* The row as the trail records it. */
Status incident_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, PLAIN_SELECT, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, plain_cols, PLAIN_TYPES, out, e);
    return s == ST_NOTFOUND ? not_found(e) : s;
}

static void bind_opt_id(Stmt *st, int i, int64_t id)
{
    if (id)
        stmt_bind_int(st, i, id);
    else
        stmt_bind_null(st, i);
}

Status incident_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    return incident_report_filed(ctx, in, true, id_out, e);
}

Status incident_report_filed(Ctx *ctx, json_t *in, bool reporter_knows, int64_t *id_out, Err *e)
{
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "インシデントの報告は職員として行ってください",
                       "incidents are reported by a person");
    IncidentInput r;
    int64_t unit = 0, system = 0;
    Status s = incident_input(ctx, in, &r, e);
    if (s == ST_OK)
        s = incident_start_unit(ctx, &r, &unit, e);
    if (s == ST_OK)
        s = incident_chain_system(ctx, &r, &system, e);
    if (s != ST_OK)
        return s;
    char now[21];
    incident_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incidents(title, description, noticed_at, occurred_at, asset_id, system_id,"
                          " place, unit_id, personal_data, personal_data_kinds, affected_count, source, caller_name,"
                          " caller_contact, reporter_person_id, state, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?16, ?16)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_text(st, 1, r.title);
        stmt_bind_text(st, 2, r.description);
        stmt_bind_text(st, 3, r.noticed_at);
        if (r.occurred_at[0])
            stmt_bind_text(st, 4, r.occurred_at);
        else
            stmt_bind_null(st, 4);
        bind_opt_id(st, 5, r.asset_id);
        bind_opt_id(st, 6, r.system_id);
        stmt_bind_text(st, 7, r.place);
        stmt_bind_int(st, 8, unit);
        stmt_bind_text(st, 9, r.personal_data);
        stmt_bind_text(st, 10, r.kinds);
        bind_opt_id(st, 11, r.affected_count);
        stmt_bind_text(st, 12, r.source);
        stmt_bind_text(st, 13, r.caller_name);
        stmt_bind_text(st, 14, r.caller_contact);
        stmt_bind_int(st, 15, ctx->actor->person_id);
        stmt_bind_text(st, 16, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    } else {
        s = e->status;
    }
    /* the entry records the report and who was told (reconciled as incident_recipients) */
    json_t *after = NULL, *recipients = NULL;
    if (s == ST_OK)
        s = incident_chain_notify(ctx, id, unit, system, reporter_knows, e);
    if (s == ST_OK && (s = incident_plain(ctx, id, &after, e)) == ST_OK &&
        (s = incident_recipient_rows(ctx, id, false, &recipients, e)) == ST_OK) {
        json_object_set_new(after, "recipients", recipients);
        s = record_change(ctx, "incident.report", "incident", id, NULL, after, e);
    }
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* Names for what the row holds by id: the 課室, the reporter, the asset and system. */
static Status add_names(Ctx *ctx, json_t *o, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT u.name, p.name, a.asset_no, a.name, s.code, s.name FROM incidents i"
                          " JOIN org_units_v u ON u.id = i.unit_id JOIN people_v p ON p.id = i.reporter_person_id"
                          " LEFT JOIN assets_v a ON a.id = i.asset_id LEFT JOIN systems_v s ON s.id = i.system_id"
                          " WHERE i.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, json_integer_value(json_object_get(o, "id")));
    static const char *const cols[] = {"unit_name", "reporter_name", "asset_no", "asset_name", "system_code",
                                       "system_name", NULL};
    json_t *names = NULL;
    Status s = row_single(st, cols, "ssSSSS", &names, e);
    if (s == ST_NOTFOUND)
        return not_found(e);
    if (s == ST_OK) {
        json_object_update(o, names);
        json_decref(names);
    }
    return s;
}

/* personal_data_kinds as a list of {id, label, label_en}. */
static void kinds_json(const Ctx *ctx, json_t *o)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    const char *stored = json_string_value(json_object_get(o, "personal_data_kinds"));
    json_t *list = json_array();
    for (size_t i = 0; i < pi->n_personal_data && stored; i++) {
        const char *id = pi->personal_data[i].id;
        size_t n = strlen(id);
        for (const char *p = stored; (p = strstr(p, id)) != NULL; p += n)
            if ((p == stored || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) {
                json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "id", id, "label",
                                                      pi->personal_data[i].label, "label_en",
                                                      pi->personal_data[i].label_en));
                break;
            }
    }
    json_object_set_new(o, "personal_data_kinds", list);
}

Status incident_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *o = NULL;
    Status s = incident_plain(ctx, id, &o, e);
    if (s != ST_OK)
        return s;
    int64_t reporter = json_integer_value(json_object_get(o, "reporter_person_id"));
    bool may = false;
    if ((s = incident_may_read(ctx, id, reporter, &may, e)) == ST_OK && !may)
        s = not_found(e); /* the same answer as for a missing id: existence is not disclosed */
    json_t *chain = NULL;
    bool stalled = false;
    if (s == ST_OK)
        s = add_names(ctx, o, e);
    if (s == ST_OK)
        s = incident_chain_json(ctx, id, &chain, &stalled, e);
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    json_t *tasks = NULL, *evidence = NULL, *indicators = NULL;
    bool csirt = false, decide = false;
    if ((s = incident_tasks_json(ctx, id, &tasks, e)) == ST_OK && (s = incident_evidence_json(ctx, id, &evidence, e)) == ST_OK &&
        (s = incident_indicators_json(ctx, id, &indicators, e)) == ST_OK)
        s = incident_can(ctx, &csirt, &decide, e);
    if (s != ST_OK) {
        json_decref(chain);
        json_decref(tasks);
        json_decref(evidence);
        json_decref(indicators);
        json_decref(o);
        return s;
    }
    kinds_json(ctx, o);
    json_object_set_new(o, "chain", chain);
    json_object_set_new(o, "tasks", tasks);
    json_object_set_new(o, "evidence", evidence);
    json_object_set_new(o, "indicators", indicators);
    json_object_set_new(o, "can_csirt", json_boolean(csirt));
    json_object_set_new(o, "can_decide", json_boolean(decide));
    json_object_set_new(o, "stalled", json_boolean(stalled));
    json_object_set_new(o, "is_reporter", json_boolean(reporter == ctx->actor->person_id));
    *out = o;
    return ST_OK;
}

Status incident_list(Ctx *ctx, const char *box, json_t **out, Err *e)
{
    IncidentFilter none = {0};
    return incident_list_filtered(ctx, box, &none, out, e);
}

static Status bad_filter(Err *e, const char *name)
{
    return err_setf(e, ST_INVALID, "invalid_parameter", name, "%s の値が正しくありません", "%s has an invalid value", name);
}

Status incident_list_filtered(Ctx *ctx, const char *box, const IncidentFilter *f, json_t **out, Err *e)
{
    static const char *const states[] = {"reported", "triaged", "not_incident", "closed", NULL};
    const PackIncidents *pi = &ctx->pack->incidents;
    bool mine = strcmp(box, "mine") == 0;
    if (!mine && strcmp(box, "chain") != 0)
        return err_set(e, ST_INVALID, "invalid_parameter", "box", "box は mine か chain で指定してください",
                       "box must be mine or chain");
    bool known = !f->state;
    for (int i = 0; !known && states[i]; i++)
        known = strcmp(states[i], f->state) == 0;
    if (!known)
        return bad_filter(e, "state");
    if (f->category && !pack_incident_choice(pi->categories, pi->n_categories, f->category))
        return bad_filter(e, "category");
    if (f->severity && !pack_incident_choice(pi->severities, pi->n_severities, f->severity))
        return bad_filter(e, "severity");
    bool all = false;
    Status s = mine ? ST_OK : incident_org_chain_member(ctx, &all, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    /* ?1 me, ?2 mode: 0 mine, 1 told of, 2 all; ?3 state, ?4 category, ?5 severity, ?6 unit, ?7 overdue, ?8 today.
     * One statement per mode, so that each is driven by its own index: the reporter's reports
     * (incidents_reporter), the reports a person was told of or has a task in (incident_recipients_person,
     * incident_tasks_owner_incident: a 課長's few hundred among 100,000, docs/performance.md), or all. */
#define LIST_SELECT                                                                                            \
    "WITH RECURSIVE below(id) AS (SELECT ?6 WHERE ?6 IS NOT NULL UNION SELECT u.id FROM org_units_v u"           \
    " JOIN below b ON u.parent_id = b.id)"                                                                     \
    " SELECT i.id, i.title, i.state, i.noticed_at, i.source, i.personal_data, u.name, p.name,"               \
    " i.created_at, (SELECT min(r.seen_at IS NOT NULL) FROM incident_recipients r"                           \
    " WHERE r.incident_id = i.id AND r.person_id = ?1), i.category, i.severity,"                             \
    " EXISTS (SELECT 1 FROM incident_tasks t WHERE t.incident_id = i.id AND t.state = 'open'"               \
    " AND t.due_date < ?8),"                                                                                  \
    " EXISTS (SELECT 1 FROM incident_intake_messages m WHERE m.incident_id = i.id)"                          \
    " FROM incidents i JOIN org_units_v u ON u.id = i.unit_id"                                               \
    " JOIN people_v p ON p.id = i.reporter_person_id WHERE ?2 >= 0 AND "
#define LIST_FILTERS                                                                                           \
    " AND (?3 IS NULL OR i.state = ?3) AND (?4 IS NULL OR i.category = ?4)"                                  \
    " AND (?5 IS NULL OR i.severity = ?5) AND (?6 IS NULL OR i.unit_id IN (SELECT id FROM below))"            \
    " AND (?7 = 0 OR EXISTS (SELECT 1 FROM incident_tasks t WHERE t.incident_id = i.id"                      \
    " AND t.state = 'open' AND t.due_date < ?8))"                                                             \
    " ORDER BY i.id DESC LIMIT 200"
    static const char *const by_mode[] = {
        LIST_SELECT "i.reporter_person_id = ?1" LIST_FILTERS,
        LIST_SELECT "i.id IN (SELECT incident_id FROM incident_recipients WHERE person_id = ?1"
                    " UNION SELECT incident_id FROM incident_tasks WHERE owner_person_id = ?1)" LIST_FILTERS,
        LIST_SELECT "1 = 1" LIST_FILTERS,
    };
    Stmt *st = db_prepare(ctx->db, by_mode[mine ? 0 : all ? 2 : 1], e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_int(st, 2, mine ? 0 : all ? 2 : 1);
    const char *texts[] = {f->state, f->category, f->severity};
    for (int i = 0; i < 3; i++) {
        if (texts[i])
            stmt_bind_text(st, 3 + i, texts[i]);
        else
            stmt_bind_null(st, 3 + i);
    }
    if (f->unit_id)
        stmt_bind_int(st, 6, f->unit_id);
    else
        stmt_bind_null(st, 6);
    stmt_bind_int(st, 7, f->overdue);
    stmt_bind_text(st, 8, today);
    static const char *const cols[] = {"id", "title", "state", "noticed_at", "source", "personal_data", "unit_name",
                                       "reporter_name", "created_at", "seen", "category", "severity", "overdue",
                                       "by_mail", NULL};
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "issssssssISSbb", &items, e)) != ST_OK)
        return s;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *seen = json_object_get(it, "seen");
        if (json_is_integer(seen))
            json_object_set_new(it, "seen", json_boolean(json_integer_value(seen)));
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

json_t *incident_options(const Ctx *ctx)
{
    json_t *o = pack_incidents_to_json(&ctx->pack->incidents);
    json_t *chain = json_object_get(o, "chain");
    size_t i;
    json_t *c;
    json_array_foreach(chain, i, c) {
        const PackRole *r = pack_role(ctx->pack, json_string_value(json_object_get(c, "role")));
        json_object_set_new(c, "role_label", r && r->label ? json_string(r->label) : json_null());
    }
    return o;
}
