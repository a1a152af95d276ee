/* roster_apply: a checked roster applied inside the caller's transaction, through org's functions (each
 * change with its own trail entry), and the consequences computed from the register as it then stands:
 * roles ended, approvals that now wait for someone else, and the tasks of the return checklist and of
 * 第84条6. The dry run is this same code rolled back, so the preview shows exactly what applying does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "domain/roster/roster_internal.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "policy/pack.h"
#include "registers/values.h"

#define LIST_MAX 500

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

void roster_day_before(const char *day, char out[11])
{
    int y, m, d;
    if (!date_parse(day, &y, &m, &d)) {
        snprintf(out, 11, "%s", day);
        return;
    }
    civil_from_days(days_from_civil(y, m, d) - 1, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static void count(json_t *out, const char *key)
{
    json_t *counts = json_object_get(out, "counts");
    json_object_set_new(counts, key, json_integer(json_integer_value(json_object_get(counts, key)) + 1));
}

/* Adds item to list while it is short; counts it in counts[key] either way. */
static void push(json_t *out, const char *list, const char *key, json_t *item)
{
    count(out, key);
    json_t *l = json_object_get(out, list);
    if (json_array_size(l) < LIST_MAX)
        json_array_append(l, item);
    json_decref(item);
}

/* ---- open approvals: who each submitted request waits for ---- */

static Status waiting_now(Ctx *ctx, json_t **out, Err *e)
{
    *out = json_object();
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM requests_v WHERE state = 'submitted' ORDER BY id", e);
    if (!st)
        return e->status;
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (s != ST_OK)
            break;
        json_t *res = NULL;
        if ((s = request_approvers(ctx, json_integer_value(v), &res, e)) != ST_OK)
            break;
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(v));
        json_object_set_new(*out, key, res);
    }
    json_decref(ids);
    return s;
}

static bool has_int(const json_t *arr, int64_t x)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (json_integer_value(v) == x) return true;
    return false;
}

static json_t *approver_names(const json_t *res)
{
    json_t *names = json_array();
    const json_t *waiting = json_object_get(res, "waiting");
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(res, "approvers"), i, a)
    {
        if (has_int(waiting, json_integer_value(json_object_get(a, "person_id"))))
            json_array_append(names, json_object_get(a, "name"));
    }
    return names;
}

/* The requests that waited for one of the affected people and now wait for someone else: only those
 * are resolved again. */
static Status reroutes(Ctx *ctx, const json_t *before, const int64_t *affected, size_t naffected, json_t *out, Err *e)
{
    Status s = ST_OK;
    const char *key;
    json_t *b;
    json_object_foreach((json_t *)before, key, b)
    {
        const json_t *wb = json_object_get(b, "waiting");
        bool hit = false;
        for (size_t k = 0; k < naffected && !hit; k++)
            hit = has_int(wb, affected[k]);
        if (!hit)
            continue;
        int64_t id = strtoll(key, NULL, 10);
        json_t *a = NULL;
        if ((s = request_approvers(ctx, id, &a, e)) != ST_OK)
            break;
        if (json_equal(json_object_get(a, "waiting"), (json_t *)wb)) {
            json_decref(a);
            continue;
        }
        json_t *req = NULL;
        Err ig = {0};
        const char *type_label = "";
        if (request_get(ctx, id, &req, &ig) == ST_OK)
            type_label = str(req, "type_label");
        push(out, "approvals_rerouted", "approvals_rerouted",
             json_pack("{s:I, s:s, s:O, s:o, s:o, s:b, s:b}", "request_id", (json_int_t)id, "type_label",
                       type_label ? type_label : "", "role_label",
                       json_object_get(a, "role_label") ? json_object_get(a, "role_label") : json_null(), "from",
                       approver_names(b), "to", approver_names(a), "escalated",
                       json_is_true(json_object_get(a, "escalated")), "no_approver",
                       json_is_true(json_object_get(a, "no_approver"))));
        json_decref(req);
        json_decref(a);
    }
    return s;
}

/* ---- roles ---- */

static Status within(Ctx *ctx, int64_t a, int64_t b, bool *yes, Err *e)
{
    *yes = false;
    if (!a || !b)
        return ST_OK;
    return org_is_within(ctx->db, a, b, yes, e);
}

/* Whether the mover's assignment a ends: its unit (or its system's owning unit) is the 課 left or one
 * above it, and does not cover the new unit. */
Status roster_ends_on_move(Ctx *ctx, const json_t *a, int64_t old_unit, int64_t old_sec, int64_t new_unit, bool *ends,
                           Err *e)
{
    *ends = false;
    const char *kind = str(a, "scope_kind");
    int64_t scope = json_integer_value(json_object_get(a, "scope_id"));
    Status s = ST_OK;
    if (strcmp(kind, "system") == 0) {
        Stmt *st = db_prepare(ctx->db, "SELECT owner_unit_id FROM systems_v WHERE id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, scope);
        StepResult r = stmt_step(st);
        int64_t owner = r == STEP_ROW && !stmt_is_null(st, 0) ? stmt_int(st, 0) : 0;
        s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (s != ST_OK || !owner)
            return s;
        scope = owner;
    } else if (strcmp(kind, "unit") != 0) {
        return ST_OK; /* organisation-wide roles do not follow the 課 */
    }
    bool below_old = false, above_old = false, covers_new = false;
    if ((s = within(ctx, scope, old_sec, &below_old, e)) != ST_OK || (s = within(ctx, old_unit, scope, &above_old, e)) != ST_OK ||
        (s = within(ctx, new_unit, scope, &covers_new, e)) != ST_OK)
        return s;
    *ends = (below_old || above_old) && !covers_new;
    return ST_OK;
}

static bool role_privileged(const Ctx *ctx, const char *role)
{
    const PackRole *r = pack_role(ctx->pack, role);
    if (r && r->privileged)
        return true;
    for (size_t i = 0; i < ctx->pack->systems.n_privileged_id_roles; i++)
        if (strcmp(ctx->pack->systems.privileged_id_roles[i], role) == 0)
            return true;
    return false;
}

static bool is_privileged_id_role(const Ctx *ctx, const char *role)
{
    for (size_t i = 0; i < ctx->pack->systems.n_privileged_id_roles; i++)
        if (strcmp(ctx->pack->systems.privileged_id_roles[i], role) == 0)
            return true;
    return false;
}

/* ---- tasks ---- */

static Status task_insert(Ctx *ctx, int64_t import_id, int64_t person, const char *kind, int64_t asset, int64_t system,
                          const char *login_id, int64_t unit, const char *due, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO roster_tasks (import_id, person_id, kind, asset_id, system_id, login_id, unit_id,"
                          " due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, import_id);
    stmt_bind_int(st, 2, person);
    stmt_bind_text(st, 3, kind);
    if (asset)
        stmt_bind_int(st, 4, asset);
    else
        stmt_bind_null(st, 4);
    if (system)
        stmt_bind_int(st, 5, system);
    else
        stmt_bind_null(st, 5);
    stmt_bind_text(st, 6, login_id ? login_id : "");
    stmt_bind_int(st, 7, unit);
    stmt_bind_text(st, 8, due);
    stmt_bind_text(st, 9, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK)
        s = roster_task_plain(ctx, id, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "roster.task_create", "roster_task", id, NULL, after, e);
    json_decref(after);
    return s;
}

/* One affected person as the consequences need them. */
typedef struct Affected {
    RosterRow *row;
    const char *name;
    char staff_no[64];
    char *name_key, *staff_key;
    int64_t old_sec;
    char due[11];
    bool privileged;
    bool name_shared;     /* another person has the same name: a 保管者 by name counts only in the 課 left */
    json_t *priv_systems; /* systems of privileged-ID roles they held */
    json_t *ended;        /* the assignments end_roles ended: [{role, scope_kind, scope_id, valid_until}] */
} Affected;

/* The assets in each affected person's custody (保管者 written as their name or 職員番号, folded): a
 * leaver returns all; a mover those of the 課 left. One pass over the register. */
static Status asset_tasks(Ctx *ctx, int64_t import_id, Affected *af, size_t n, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, asset_no, name, kind, holder, unit_id FROM assets_v"
                          " WHERE disposed_at IS NULL AND holder <> '' ORDER BY id",
                          e);
    if (!st)
        return e->status;
    Status s = ST_OK;
    StepResult r;
    while (s == ST_OK && (r = stmt_step(st)) == STEP_ROW) {
        char *h = value_fold(stmt_text(st, 4));
        for (size_t k = 0; h && k < n && s == ST_OK; k++) {
            bool by_staff = strcmp(h, af[k].staff_key) == 0;
            if (!by_staff && strcmp(h, af[k].name_key) != 0)
                continue;
            bool ours = true;
            if ((!af[k].row->leaving || (!by_staff && af[k].name_shared)) &&
                (s = within(ctx, stmt_int(st, 5), af[k].old_sec, &ours, e)) != ST_OK)
                break;
            if (!ours)
                continue;
            const char *kind = strcmp(stmt_text(st, 3), "medium") == 0 ? "return_medium" : "return_asset";
            s = task_insert(ctx, import_id, af[k].row->person_id, kind, stmt_int(st, 0), 0, NULL, af[k].old_sec,
                            af[k].due, e);
            if (s == ST_OK)
                push(out, "tasks", "tasks",
                     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", kind, "person_name", af[k].name, "staff_no",
                               af[k].staff_no, "asset_no", stmt_text(st, 1), "asset_name", stmt_text(st, 2), "due_on",
                               af[k].due));
        }
        free(h);
    }
    if (s == ST_OK && r != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* 第84条6: per system where a privileged mover or leaver holds a privileged ID, or held a
 * privileged-ID role, one password-change task. */
static Status password_tasks(Ctx *ctx, int64_t import_id, Affected *af, size_t n, json_t *out, Err *e)
{
    int64_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (af[k].privileged)
            ids[m++] = af[k].row->person_id;
    json_t *held = NULL;
    Status s = sysaccounts_privileged_ids_of(ctx, ids, m, &held, e);
    free(ids);
    for (size_t k = 0; s == ST_OK && k < n; k++) {
        if (!af[k].privileged)
            continue;
        json_t *systems = json_array(); /* systems already given a task for this person */
        size_t i;
        json_t *h;
        json_array_foreach(held, i, h)
        {
            if (s != ST_OK)
                break;
            if (json_integer_value(json_object_get(h, "person_id")) != af[k].row->person_id)
                continue;
            int64_t sys = json_integer_value(json_object_get(h, "system_id"));
            s = task_insert(ctx, import_id, af[k].row->person_id, "privileged_password", 0, sys, str(h, "login_id"),
                            af[k].old_sec, af[k].due, e);
            if (s == ST_OK) {
                json_array_append_new(systems, json_integer(sys));
                push(out, "tasks", "tasks",
                     json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "kind", "privileged_password", "person_name", af[k].name,
                               "staff_no", af[k].staff_no, "system_id", (json_int_t)sys, "login_id", str(h, "login_id"),
                               "due_on", af[k].due));
            }
        }
        json_array_foreach(af[k].priv_systems, i, h)
        {
            if (s != ST_OK || has_int(systems, json_integer_value(h)))
                continue;
            s = task_insert(ctx, import_id, af[k].row->person_id, "privileged_password", 0, json_integer_value(h), NULL,
                            af[k].old_sec, af[k].due, e);
            if (s == ST_OK) {
                json_array_append(systems, h);
                push(out, "tasks", "tasks",
                     json_pack("{s:s, s:s, s:s, s:O, s:s, s:s}", "kind", "privileged_password", "person_name", af[k].name,
                               "staff_no", af[k].staff_no, "system_id", h, "login_id", "", "due_on", af[k].due));
            }
        }
        json_decref(systems);
    }
    json_decref(held);
    return s;
}

/* ---- the rows ---- */

static const char *change_code(RosterChange c)
{
    static const char *const codes[] = {"unchanged", "new", "moved", "leaving", "updated"};
    return codes[c];
}

static Status write_row(Ctx *ctx, RosterPlan *p, RosterRow *r, Err *e)
{
    const json_t *o = r->obj;
    json_t *in = json_object();
    static const char *const copy[] = {"name", "kana", "employment"};
    for (size_t i = 0; i < 3; i++)
        if (str(o, copy[i]) && *str(o, copy[i]))
            json_object_set(in, copy[i], json_object_get(o, copy[i]));
    if (r->unit_id)
        json_object_set_new(in, "unit_id", json_integer(r->unit_id));
    if (str(o, "leaves_on"))
        json_object_set(in, "active_until", json_object_get(o, "leaves_on"));
    Status s;
    if (r->is_new) {
        json_object_set(in, "staff_no", json_object_get(o, "staff_no"));
        if (!json_object_get(in, "employment"))
            json_object_set_new(in, "employment", json_string("regular"));
        json_object_set_new(in, "active_from", json_string(str(o, "moved_on") ? str(o, "moved_on") : p->today));
        s = people_create(ctx, in, &r->person_id, e);
    } else if (r->change != RC_UNCHANGED) {
        s = people_update(ctx, r->person_id, in, e);
    } else {
        s = ST_OK;
    }
    json_decref(in);
    return s;
}

static const char *column_of_field(const RosterPlan *p, const char *field)
{
    static const char *const fields[] = {"staff_no", "name", "kana", "unit_name", "employment", "moved_on", "leaves_on"};
    if (strcmp(field, "unit_id") == 0)
        field = "unit_name";
    if (strcmp(field, "active_until") == 0)
        field = "leaves_on";
    for (int i = 0; i < 7; i++)
        if (strcmp(fields[i], field) == 0)
            return p->col[i];
    return p->col[0];
}

/* A refusal by a domain function is the row's error; anything else (the database) fails the import. */
static bool row_refusal(Status s)
{
    return s == ST_INVALID || s == ST_CONFLICT || s == ST_FORBIDDEN || s == ST_NOTFOUND;
}

static Status end_roles(Ctx *ctx, RosterPlan *p, Affected *a, json_t *out, Err *e)
{
    RosterRow *r = a->row;
    json_t *roles = NULL;
    Status s = roles_of_person(ctx, r->person_id, true, &roles, e);
    if (s != ST_OK)
        return s;
    const char *leaves_on = str(r->obj, "leaves_on"), *moved_on = str(r->obj, "moved_on");
    int64_t new_sec = 0;
    if (!r->leaving && r->moved && (s = org_section_of(ctx, r->unit_id, 0, &new_sec, e)) != ST_OK) {
        json_decref(roles);
        return s;
    }
    size_t i;
    json_t *ra;
    json_array_foreach(roles, i, ra)
    {
        if (s != ST_OK)
            break;
        const char *role = str(ra, "role");
        if (role_privileged(ctx, role))
            a->privileged = true;
        if (strcmp(str(ra, "scope_kind"), "system") == 0 && is_privileged_id_role(ctx, role))
            json_array_append(a->priv_systems, json_object_get(ra, "scope_id"));
        bool ends = false;
        char until[11];
        if (r->leaving) {
            const char *vu = str(ra, "valid_until");
            ends = !vu || strcmp(vu, leaves_on) > 0;
            snprintf(until, sizeof until, "%s", leaves_on);
        } else if (r->moved && new_sec != a->old_sec) {
            s = roster_ends_on_move(ctx, ra, r->old_unit_id, a->old_sec, r->unit_id, &ends, e);
            roster_day_before(moved_on ? moved_on : p->today, until);
        }
        if (s != ST_OK || !ends)
            continue;
        if (strcmp(until, str(ra, "valid_from")) < 0)
            snprintf(until, sizeof until, "%s", str(ra, "valid_from"));
        Err re = {0};
        Status rs = role_end(ctx, json_integer_value(json_object_get(ra, "id")), until, &re);
        if (rs == ST_OK)
            json_array_append_new(a->ended, json_pack("{s:s, s:s, s:O, s:s}", "role", role, "scope_kind",
                                                      str(ra, "scope_kind"), "scope_id", json_object_get(ra, "scope_id"),
                                                      "valid_until", until));
        if (rs == ST_OK)
            push(out, "roles_ended", "roles_ended",
                 json_pack("{s:O, s:s, s:s, s:O, s:O, s:s}", "assignment_id", json_object_get(ra, "id"), "person_name",
                           a->name, "staff_no", a->staff_no, "role_label", json_object_get(ra, "label"), "scope_label",
                           json_object_get(ra, "scope_label"), "valid_until", until));
        else if (row_refusal(rs))
            roster_row_err(p->errors, r->src_row, p->col[0], &re);
        else {
            *e = re;
            s = rs;
        }
    }
    json_decref(roles);
    return s;
}

static Status record_import(Ctx *ctx, RosterPlan *p, const char *filename, json_t *out, int64_t *import_id, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    char *summary = json_dumps(json_object_get(out, "counts"), JSON_COMPACT | JSON_SORT_KEYS);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO roster_imports (filename, row_count, summary, applied_by, applied_at)"
                          " VALUES (?, ?, ?, ?, ?)",
                          e);
    Status s = st ? ST_OK : e->status;
    if (st) {
        stmt_bind_text(st, 1, filename ? filename : "");
        stmt_bind_int(st, 2, (int64_t)p->nrows);
        stmt_bind_text(st, 3, summary);
        stmt_bind_int(st, 4, ctx->actor->account_id);
        stmt_bind_text(st, 5, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    free(summary);
    *import_id = db_last_insert_id(ctx->db);
    return s;
}

static Status insert_rows(Ctx *ctx, RosterPlan *p, int64_t import_id, Err *e)
{
    Status s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < p->nrows; i++) {
        RosterRow *r = &p->rows[i];
        Stmt *st = db_prepare(ctx->db,
                              "INSERT INTO roster_rows (import_id, row_no, staff_no, name, kana, unit_name, employment,"
                              " moved_on, leaves_on, person_id, change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              e);
        if (!st)
            return e->status;
        const json_t *o = r->obj;
        stmt_bind_int(st, 1, import_id);
        stmt_bind_int(st, 2, (int64_t)r->src_row);
        stmt_bind_text(st, 3, str(o, "staff_no"));
        stmt_bind_text(st, 4, str(o, "name") ? str(o, "name") : "");
        stmt_bind_text(st, 5, str(o, "kana") ? str(o, "kana") : "");
        stmt_bind_text(st, 6, str(o, "unit_name") ? str(o, "unit_name") : "");
        stmt_bind_text(st, 7, str(o, "employment"));
        stmt_bind_text(st, 8, str(o, "moved_on"));
        stmt_bind_text(st, 9, str(o, "leaves_on"));
        stmt_bind_int(st, 10, r->person_id);
        stmt_bind_text(st, 11, change_code(r->change));
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        json_t *after = NULL;
        if (s == ST_OK)
            s = roster_row_plain(ctx, db_last_insert_id(ctx->db), &after, e);
        if (s == ST_OK)
            s = record_change(ctx, "roster.row", "roster_import", import_id, NULL, after, e);
        json_decref(after);
    }
    return s;
}

Status roster_apply(Ctx *ctx, RosterPlan *p, const char *filename, json_t *out, int64_t *import_id, Err *e)
{
    /* who each submitted request waits for, when anyone moves or leaves (the re-routing's "before") */
    bool anyone = false;
    for (size_t k = 0; k < p->nrows && !anyone; k++)
        anyone = !p->rows[k].is_new && (p->rows[k].moved || p->rows[k].leaving);
    json_t *before = NULL;
    Status s = anyone ? waiting_now(ctx, &before, e) : ST_OK;
    if (!before)
        before = json_object();
    /* the import's row first: the tasks point at it (its summary is written at the end) */
    if (s == ST_OK)
        s = record_import(ctx, p, filename, out, import_id, e);
    size_t i;
    json_t *rn;
    json_array_foreach(p->renames, i, rn)
    {
        if (s != ST_OK)
            break;
        json_t *patch = json_pack("{s:O}", "name", json_object_get(rn, "to"));
        Err re = {0};
        Status rs = org_update_unit(ctx, json_integer_value(json_object_get(rn, "unit_id")), patch, &re);
        json_decref(patch);
        if (rs == ST_OK)
            push(out, "renamed_units", "renamed_units", json_incref(rn));
        else if (row_refusal(rs))
            roster_row_err(p->errors, 0, p->col[3], &re);
        else {
            *e = re;
            s = rs;
        }
    }
    Affected *af = xcalloc(p->nrows ? p->nrows : 1, sizeof *af);
    size_t naf = 0;
    for (size_t k = 0; s == ST_OK && k < p->nrows; k++) {
        RosterRow *r = &p->rows[k];
        if (!r->is_new && (r->moved || r->leaving)) {
            Affected *a = &af[naf++];
            a->row = r;
            a->priv_systems = json_array();
            a->ended = json_array();
            if ((s = org_section_of(ctx, r->old_unit_id, 0, &a->old_sec, e)) != ST_OK)
                break;
            if (!a->old_sec)
                a->old_sec = r->old_unit_id;
        }
        Err re = {0};
        Status rs = write_row(ctx, p, r, &re);
        if (row_refusal(rs))
            roster_row_err(p->errors, r->src_row, column_of_field(p, re.field), &re);
        else if (rs != ST_OK) {
            *e = re;
            s = rs;
        }
        json_t *person = NULL;
        if (s == ST_OK && rs == ST_OK && (s = people_get_plain(ctx, r->person_id, &person, e)) == ST_OK) {
            const char *to = "";
            long ui = roster_unit_index(&p->units, r->unit_id ? r->unit_id : r->old_unit_id);
            long fi = roster_unit_index(&p->units, r->old_unit_id);
            if (ui >= 0)
                to = p->units.name[ui];
            if (r->change != RC_UNCHANGED)
                push(out, "changes", change_code(r->change),
                     json_pack("{s:I, s:s, s:O, s:O, s:s, s:s, s:s, s:O, s:O}", "row", (json_int_t)r->src_row, "change",
                               change_code(r->change), "staff_no", json_object_get(person, "staff_no"), "name",
                               json_object_get(person, "name"), "from_unit", fi >= 0 && !r->is_new ? p->units.name[fi] : "",
                               "to_unit", to, "employment", str(person, "employment"), "moved_on",
                               json_object_get(r->obj, "moved_on") ? json_object_get(r->obj, "moved_on") : json_null(),
                               "leaves_on",
                               json_object_get(r->obj, "leaves_on") ? json_object_get(r->obj, "leaves_on") : json_null()));
            else
                count(out, "unchanged");
            if (naf && af[naf - 1].row == r) {
                Affected *a = &af[naf - 1];
                json_object_set(r->obj, "_name", json_object_get(person, "name")); /* kept as long as the row */
                a->name = str(r->obj, "_name");
                snprintf(a->staff_no, sizeof a->staff_no, "%s", str(person, "staff_no"));
                a->name_key = value_fold(a->name);
                a->staff_key = value_fold(a->staff_no);
                if (!a->name_key)
                    a->name_key = xstrdup("");
                if (!a->staff_key)
                    a->staff_key = xstrdup("");
                Stmt *nm = db_prepare(ctx->db, "SELECT count(*) FROM people_v WHERE name = ? AND id <> ?", e);
                if (!nm)
                    s = e->status;
                else {
                    stmt_bind_text(nm, 1, a->name);
                    stmt_bind_int(nm, 2, r->person_id);
                    bool row = false;
                    if ((s = stmt_step_row(nm, &row, e)) == ST_OK)
                        a->name_shared = row && stmt_int(nm, 0) > 0;
                    stmt_finalize(nm);
                }
                const char *leaves = str(r->obj, "leaves_on"), *moved = str(r->obj, "moved_on");
                snprintf(a->due, sizeof a->due, "%s", r->leaving ? leaves : moved ? moved : p->today);
            }
        }
        json_decref(person);
    }
    for (size_t k = 0; s == ST_OK && k < naf; k++)
        if (af[k].name_key) /* written */
            s = end_roles(ctx, p, &af[k], out, e);
    /* 代行 given by or to them that depended on what ended (before the approvals are resolved again) */
    for (size_t k = 0; s == ST_OK && k < naf; k++) {
        if (!af[k].name_key)
            continue;
        json_t *ended = json_array();
        s = roster_end_delegations(ctx, p, af[k].row, af[k].old_sec, af[k].ended, ended, e);
        size_t di;
        json_t *d;
        json_array_foreach(ended, di, d) push(out, "delegations_ended", "delegations_ended", json_incref(d));
        json_decref(ended);
    }
    /* IC cards (第57条): every leaver's */
    for (size_t k = 0; s == ST_OK && k < naf; k++) {
        if (!af[k].name_key || !af[k].row->leaving)
            continue;
        s = task_insert(ctx, *import_id, af[k].row->person_id, "return_ic_card", 0, 0, NULL, af[k].old_sec, af[k].due, e);
        if (s == ST_OK)
            push(out, "tasks", "tasks",
                 json_pack("{s:s, s:s, s:s, s:s}", "kind", "return_ic_card", "person_name", af[k].name, "staff_no",
                           af[k].staff_no, "due_on", af[k].due));
    }
    size_t nwritten = 0;
    for (size_t k = 0; k < naf; k++)
        if (af[k].name_key)
            af[nwritten++] = af[k];
        else {
            json_decref(af[k].priv_systems);
            json_decref(af[k].ended);
        }
    if (s == ST_OK)
        s = asset_tasks(ctx, *import_id, af, nwritten, out, e);
    if (s == ST_OK)
        s = password_tasks(ctx, *import_id, af, nwritten, out, e);
    if (s == ST_OK) {
        int64_t *ids = xmalloc((nwritten ? nwritten : 1) * sizeof *ids);
        for (size_t k = 0; k < nwritten; k++)
            ids[k] = af[k].row->person_id;
        s = reroutes(ctx, before, ids, nwritten, out, e);
        free(ids);
    }
    for (size_t k = 0; k < nwritten; k++) {
        free(af[k].name_key);
        free(af[k].staff_key);
        json_decref(af[k].priv_systems);
        json_decref(af[k].ended);
    }
    free(af);
    json_decref(before);
    if (s == ST_OK)
        s = insert_rows(ctx, p, *import_id, e);
    if (s == ST_OK) {
        char *summary = json_dumps(json_object_get(out, "counts"), JSON_COMPACT | JSON_SORT_KEYS);
        Stmt *st = db_prepare(ctx->db, "UPDATE roster_imports SET summary = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, summary);
            stmt_bind_int(st, 2, *import_id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
        free(summary);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:I, s:O}", "filename", filename ? filename : "", "row_count",
                                  (json_int_t)p->nrows, "counts", json_object_get(out, "counts"));
        s = record_change(ctx, "roster.apply", "roster_import", *import_id, NULL, after, e);
        json_decref(after);
    }
    return s;
}
