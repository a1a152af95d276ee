/* incident_task: the CSIRT's instructions as tasks with an owner and a due date (第56条3: 応急措置・
 * 復旧; 第56条6: 再発防止), and "same weakness elsewhere" (第56条4): the other systems of the register
 * that share a component's product (and version) or a vendor with the affected system, and one 確認
 * task for each chosen system's 情報システム管理者 in one action. Owners are notified (link only) and
 * may read the report. Reads the systems module's published views (systems_v, system_components_v). */
#include <stdio.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "policy/pack.h"

static const char *const task_cols[] = {"id", "kind", "title", "owner_person_id", "owner_name", "due_date",
                                        "system_id", "system_name", "state", "result", "done_by", "done_at",
                                        "created_at", "overdue", NULL};
#define TASK_TYPES "ississISssISsb"

Status incident_tasks_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT t.id, t.kind, t.title, t.owner_person_id, p.name, t.due_date, t.system_id, s.name,"
                          " t.state, t.result, t.done_by, t.done_at, t.created_at,"
                          " t.state = 'open' AND t.due_date < ?2 FROM incident_tasks t JOIN people_v p"
                          " ON p.id = t.owner_person_id LEFT JOIN systems_v s ON s.id = t.system_id"
                          " WHERE t.incident_id = ?1 ORDER BY t.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, today);
    return rows_array(st, task_cols, TASK_TYPES, out, e);
}

Status incident_task_owner(Ctx *ctx, int64_t id, bool *owner, Err *e)
{
    *owner = false;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM incident_tasks WHERE incident_id = ? AND owner_person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    Status s = stmt_step_row(st, owner, e);
    stmt_finalize(st);
    return s;
}

static const char *const kind_ja[] = {"応急措置", "復旧", "再発防止", "確認"};

static Status need_csirt(Ctx *ctx, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    bool csirt = false;
    Status s = incident_holds_any(ctx, pi->csirt_roles, pi->n_csirt_roles, &csirt, e);
    if (s == ST_OK && !csirt)
        s = err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "この操作はCSIRTが行います (第56条)",
                    "only the CSIRT may do this");
    return s;
}

/* The incident in the open transaction, readable by the actor and in state triaged. */
static Status triaged(Ctx *ctx, int64_t id, json_t **row, Err *e)
{
    Status s = incident_plain(ctx, id, row, e);
    bool may = false;
    if (s == ST_OK)
        s = incident_may_read(ctx, id, json_integer_value(json_object_get(*row, "reporter_person_id")), &may, e);
    if (s == ST_OK && !may)
        s = err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                    "incident report not found");
    const char *state = s == ST_OK ? json_string_value(json_object_get(*row, "state")) : "";
    if (s == ST_OK && strcmp(state, "triaged") != 0)
        s = err_setf(e, ST_CONFLICT, "incident_state", "state", "状態が「%s」の報告には作業を指示できません",
                     "a report in state %s takes no tasks", state);
    return s;
}

/* A due date (YYYY-MM-DD) not before the day the incident was noticed (JST). */
static Status due(json_t *in, const json_t *row, char out[static 11], Err *e)
{
    const char *d = json_string_value(json_object_get(in, "due_date"));
    int y, m, dd;
    if (!d || !*d)
        return err_set(e, ST_INVALID, "required", "due_date", "「期限」を入力してください", "due_date is required");
    if (!date_parse(d, &y, &m, &dd))
        return err_set(e, ST_INVALID, "invalid_date", "due_date", "「期限」は YYYY-MM-DD 形式の日付で入力してください",
                       "due_date must be a date YYYY-MM-DD");
    int64_t noticed = 0;
    time_parse_iso(json_string_value(json_object_get(row, "noticed_at")), &noticed);
    int ny, nm, nd;
    time_jst_date(noticed, &ny, &nm, &nd);
    if (days_from_civil(y, m, dd) < days_from_civil(ny, nm, nd))
        return err_set(e, ST_INVALID, "due_before_start", "due_date", "期限が、インシデントに気付いた日より前です",
                       "the due date is before the incident was noticed");
    snprintf(out, 11, "%s", d);
    return ST_OK;
}

static Status insert_task(Ctx *ctx, int64_t id, const char *kind, const char *title, int64_t owner, const char *due_date,
                          int64_t system, int64_t *task_id, Err *e)
{
    char now[21];
    incident_now(ctx, now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incident_tasks(incident_id, kind, title, owner_person_id, due_date, system_id,"
                          " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, kind);
    stmt_bind_text(st, 3, title);
    stmt_bind_int(st, 4, owner);
    stmt_bind_text(st, 5, due_date);
    if (system)
        stmt_bind_int(st, 6, system);
    else
        stmt_bind_null(st, 6);
    stmt_bind_int(st, 7, ctx->actor->person_id);
    stmt_bind_text(st, 8, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    *task_id = db_last_insert_id(ctx->db);
    json_t *after = json_pack("{s:I, s:s, s:s, s:I, s:s}", "task_id", (json_int_t)*task_id, "kind", kind, "title",
                              title, "owner_person_id", (json_int_t)owner, "due_date", due_date);
    if (system)
        json_object_set_new(after, "system_id", json_integer(system));
    s = record_change(ctx, "incident.task_add", "incident", id, NULL, after, e);
    json_decref(after);
    if (s != ST_OK)
        return s;
    char title_n[160], link[64], key[96];
    snprintf(title_n, sizeof title_n, "インシデントの作業 (%s) が割り当てられました (No.%lld)",
             kind_ja[strcmp(kind, "check") == 0 ? 3 : strcmp(kind, "containment") == 0 ? 0
                                                     : strcmp(kind, "recovery") == 0  ? 1 : 2],
             (long long)id);
    snprintf(link, sizeof link, "/incidents/%lld", (long long)id);
    snprintf(key, sizeof key, "incident_task:%lld", (long long)*task_id);
    return notify_person(ctx, owner, "incident_task", "incident", id, title_n, link, key, NULL, e);
}

static Status owner_of(Ctx *ctx, json_t *in, int64_t *owner, Err *e)
{
    json_t *v = json_object_get(in, "owner_person_id");
    *owner = 0;
    if (!v || json_is_null(v))
        return err_set(e, ST_INVALID, "required", "owner_person_id", "「担当者」を選んでください",
                       "owner_person_id is required");
    json_t *p = NULL;
    Status s = json_is_integer(v) ? people_get_plain(ctx, json_integer_value(v), &p, e) : ST_NOTFOUND;
    char today[11];
    date_today(ctx->clock, today);
    const char *until = s == ST_OK ? json_string_value(json_object_get(p, "active_until")) : NULL;
    bool active = s == ST_OK && (!until || strcmp(until, today) >= 0);
    json_decref(p);
    if (s == ST_NOTFOUND || (s == ST_OK && !active))
        return err_set(e, ST_INVALID, "unknown_person", "owner_person_id",
                       "「担当者」に指定した職員が見つからないか在職していません", "owner_person_id: no such active person");
    if (s == ST_OK)
        *owner = json_integer_value(v);
    return s;
}

Status incident_task_add(Ctx *ctx, int64_t id, json_t *in, int64_t *task_id, Err *e)
{
    const char *kind, *title;
    Status s = incident_text(ctx, in, &incident_task_fields[TASK_F_KIND], true, &kind, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_task_fields[TASK_F_TITLE], true, &title, e);
    int64_t owner = 0;
    if (s == ST_OK)
        s = owner_of(ctx, in, &owner, e);
    if (s == ST_OK)
        s = need_csirt(ctx, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *row = NULL;
    char due_date[11];
    s = triaged(ctx, id, &row, e);
    if (s == ST_OK)
        s = due(in, row, due_date, e);
    json_decref(row);
    if (s == ST_OK)
        s = insert_task(ctx, id, kind, title, owner, due_date, 0, task_id, e);
    return finish_tx(ctx, s, e);
}

Status incident_task_done(Ctx *ctx, int64_t id, int64_t task_id, json_t *in, Err *e)
{
    const char *result;
    Status s = incident_text(ctx, in, &incident_task_fields[TASK_F_RESULT], true, &result, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *row = NULL;
    s = triaged(ctx, id, &row, e);
    json_decref(row);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "SELECT owner_person_id, state FROM incident_tasks WHERE id = ? AND incident_id = ?",
                                       e)
                          : NULL;
    bool found = false, mine = false, open = false;
    if (st) {
        stmt_bind_int(st, 1, task_id);
        stmt_bind_int(st, 2, id);
        if ((s = stmt_step_row(st, &found, e)) == ST_OK && found) {
            mine = stmt_int(st, 0) == ctx->actor->person_id;
            open = strcmp(stmt_text(st, 1), "open") == 0;
        }
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK && !found)
        s = err_set(e, ST_NOTFOUND, "incident_task_not_found", "task_id", "その作業はこの報告にありません",
                    "no such task on this report");
    if (s == ST_OK && !mine)
        s = need_csirt(ctx, e);
    if (s == ST_OK && !open)
        s = err_set(e, ST_CONFLICT, "incident_task_done", "task_id", "この作業は完了しています", "the task is done already");
    char now[21];
    incident_now(ctx, now);
    st = s == ST_OK ? db_prepare(ctx->db,
                                 "UPDATE incident_tasks SET state = 'done', result = ?, done_by = ?, done_at = ? WHERE id = ?",
                                 e)
                    : NULL;
    if (st) {
        stmt_bind_text(st, 1, result);
        stmt_bind_int(st, 2, ctx->actor->person_id);
        stmt_bind_text(st, 3, now);
        stmt_bind_int(st, 4, task_id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s}", "task_id", (json_int_t)task_id, "state", "done", "result", result);
        s = record_change(ctx, "incident.task_done", "incident", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

/* The affected system: the one named, else the asset's (0 when none). */
static int64_t affected_system(Ctx *ctx, const json_t *row)
{
    json_t *sys = json_object_get(row, "system_id");
    if (json_is_integer(sys))
        return json_integer_value(sys);
    json_t *asset = json_object_get(row, "asset_id");
    if (!json_is_integer(asset))
        return 0;
    Stmt *st = db_prepare(ctx->db, "SELECT system_id FROM assets_v WHERE id = ?", NULL);
    int64_t id = 0;
    if (st) {
        stmt_bind_int(st, 1, json_integer_value(asset));
        if (stmt_step(st) == STEP_ROW)
            id = stmt_int(st, 0);
        stmt_finalize(st);
    }
    return id;
}

/* Other systems in use sharing with system ?1: a component's product and version (same_version), a
 * component's product (same_product), or a vendor (the system's or a component's: same_vendor); with
 * their 情報システム管理者 (?2 = today). */
#define SIMILAR_SQL                                                                                               \
    "WITH mine AS (SELECT product, version, vendor FROM system_components_v WHERE system_id = ?1),"                \
    " vendors AS (SELECT vendor FROM mine WHERE vendor <> '' UNION SELECT vendor FROM systems_v WHERE id = ?1"    \
    " AND vendor <> ''),"                                                                                       \
    " hits AS (SELECT c.system_id AS sid, 'same_version' AS why, c.product || ' ' || c.version AS what"          \
    " FROM system_components_v c JOIN mine m ON m.product <> '' AND c.product = m.product AND c.version = m.version" \
    " AND c.version <> ''"                                                                                      \
    " UNION SELECT c.system_id, 'same_product', c.product FROM system_components_v c JOIN mine m"                  \
    " ON m.product <> '' AND c.product = m.product"                                                             \
    " UNION SELECT c.system_id, 'same_vendor', c.vendor FROM system_components_v c JOIN vendors v ON c.vendor = v.vendor" \
    " UNION SELECT s.id, 'same_vendor', s.vendor FROM systems_v s JOIN vendors v ON s.vendor = v.vendor)"          \
    " SELECT s.id, s.code, s.name, json_group_array(DISTINCT json_object('why', h.why, 'what', h.what)),"       \
    " (SELECT ra.person_id FROM role_assignments_v ra WHERE ra.role = 'system_manager' AND ra.scope_kind = 'system'" \
    " AND ra.scope_id = s.id AND ra.valid_from <= ?2 AND (ra.valid_until IS NULL OR ra.valid_until >= ?2)"       \
    " ORDER BY ra.id LIMIT 1),"                                                                                 \
    " (SELECT p.name FROM role_assignments_v ra JOIN people_v p ON p.id = ra.person_id WHERE ra.role = 'system_manager'" \
    " AND ra.scope_kind = 'system' AND ra.scope_id = s.id AND ra.valid_from <= ?2 AND (ra.valid_until IS NULL OR" \
    " ra.valid_until >= ?2) ORDER BY ra.id LIMIT 1)"                                                            \
    " FROM hits h JOIN systems_v s ON s.id = h.sid WHERE s.id <> ?1 AND s.active = 1 GROUP BY s.id ORDER BY s.code"

Status incident_similar(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = need_csirt(ctx, e);
    json_t *row = NULL;
    if (s == ST_OK)
        s = incident_plain(ctx, id, &row, e);
    if (s != ST_OK)
        return s;
    int64_t sys = affected_system(ctx, row);
    json_decref(row);
    json_t *items = json_array();
    if (sys) {
        char today[11];
        date_today(ctx->clock, today);
        Stmt *st = db_prepare(ctx->db, SIMILAR_SQL, e);
        if (!st) {
            json_decref(items);
            return e->status;
        }
        stmt_bind_int(st, 1, sys);
        stmt_bind_text(st, 2, today);
        StepResult r;
        while ((r = stmt_step(st)) == STEP_ROW) {
            json_t *why = json_loads(stmt_text(st, 3), 0, NULL);
            json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "system_id", (json_int_t)stmt_int(st, 0),
                                                   "code", stmt_text(st, 1), "name", stmt_text(st, 2), "reasons",
                                                   why ? why : json_array(), "manager_person_id",
                                                   stmt_is_null(st, 4) ? json_null() : json_integer(stmt_int(st, 4)),
                                                   "manager_name",
                                                   stmt_is_null(st, 5) ? json_null() : json_string(stmt_text(st, 5))));
        }
        s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:o}", "affected_system_id", sys ? json_integer(sys) : json_null(), "items", items);
    return ST_OK;
}

Status incident_similar_assign(Ctx *ctx, int64_t id, json_t *in, json_t **created, Err *e)
{
    json_t *ids = json_object_get(in, "system_ids");
    if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 500)
        return err_set(e, ST_INVALID, "required", "system_ids", "確認を指示する情報システムを選んでください",
                       "choose the systems to check (1-500)");
    json_t *list = NULL;
    Status s = incident_similar(ctx, id, &list, e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(list);
        return s;
    }
    json_t *row = NULL;
    char due_date[11];
    s = triaged(ctx, id, &row, e);
    if (s == ST_OK)
        s = due(in, row, due_date, e);
    json_decref(row);
    json_t *made = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        if (s != ST_OK)
            break;
        json_t *hit = NULL;
        size_t k;
        json_t *x;
        json_array_foreach(json_object_get(list, "items"), k, x)
            if (json_is_integer(v) && json_integer_value(json_object_get(x, "system_id")) == json_integer_value(v))
                hit = x;
        if (!hit) {
            s = err_set(e, ST_INVALID, "unknown_system", "system_ids",
                        "同じ弱点を持ちうる情報システムの一覧にないシステムが含まれています",
                        "a system given is not among the systems that may share the weakness");
            break;
        }
        json_t *mgr = json_object_get(hit, "manager_person_id");
        if (!json_is_integer(mgr)) {
            s = err_setf(e, ST_CONFLICT, "no_system_manager", "system_ids",
                         "%s に情報システム管理者がいません (役割を任命してください)",
                         "%s has no 情報システム管理者 (assign the role)", json_string_value(json_object_get(hit, "name")));
            break;
        }
        char title[200];
        snprintf(title, sizeof title, "同様の事象が %s で起きうるか確認する (第56条4)",
                 json_string_value(json_object_get(hit, "name")));
        int64_t task = 0;
        s = insert_task(ctx, id, "check", title, json_integer_value(mgr), due_date, json_integer_value(v), &task, e);
        if (s == ST_OK)
            json_array_append_new(made, json_integer(task));
    }
    json_decref(list);
    s = finish_tx(ctx, s, e);
    if (s != ST_OK) {
        json_decref(made);
        return s;
    }
    *created = made;
    return ST_OK;
}
