/* policy_doc_ack.c: owns reading acknowledgements (同意, 第47条(2)) of the published policy and their
 * report per 課室 (see policydocs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/policydocs/policydocs.h"
#include "domain/policydocs/policy_doc_internal.h"
#include "domain/kernel/kernel.h"

Status policy_ack(Ctx *ctx, int64_t version_id, json_t **out, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, version_id, &r, e);
    if (s == ST_OK && !pd_may_read(ctx, r.kind, r.state))
        s = pd_not_found(e);
    if (s != ST_OK)
        return s;
    if (r.current_version_id != version_id)
        return err_set(e, ST_CONFLICT, "policy_version_not_current", "id",
                       "現在施行中の版ではないため、同意できません。最新の版を読んでください",
                       "only the version in force can be acknowledged");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "ack_needs_person", "", "職員として登録されていないアカウントは同意できません",
                       "only a person can acknowledge");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO policy_acknowledgements(version_id, person_id, acknowledged_at) VALUES (?, ?, ?)"
                          " ON CONFLICT (version_id, person_id) DO NOTHING",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, version_id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    stmt_bind_text(st, 3, now);
    if (stmt_step(st) != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    bool first = s == ST_OK && db_changes(ctx->db) == 1;
    if (first) {
        json_t *after = json_pack("{s:I, s:I, s:s}", "version_id", (json_int_t)version_id, "person_id",
                                  (json_int_t)ctx->actor->person_id, "acknowledged_at", now);
        s = record_change(ctx, "policy_doc.acknowledge", "policy_doc_version", version_id, NULL, after, e);
        json_decref(after);
    }
    char at[32] = "";
    if (s == ST_OK && (st = db_prepare(ctx->db,
                                       "SELECT acknowledged_at FROM policy_acknowledgements WHERE version_id = ? AND person_id = ?",
                                       e))) {
        stmt_bind_int(st, 1, version_id);
        stmt_bind_int(st, 2, ctx->actor->person_id);
        bool row = false;
        s = stmt_step_row(st, &row, e);
        if (row)
            snprintf(at, sizeof at, "%s", stmt_text(st, 0));
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK)
        *out = json_pack("{s:I, s:s, s:b}", "version_id", (json_int_t)version_id, "acknowledged_at", at, "first", first);
    return s;
}

/* 同意 as the trail records it (domain/kernel/state.h): keyed by version and person; the entry is
 * about the version and records {version_id, person_id, acknowledged_at}. */
static Status ack_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"version_id", "person_id", "acknowledged_at", NULL};
    long long version = 0, person = 0;
    if (sscanf(key, "%lld/%lld", &version, &person) != 2)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "同意の記録がありません", "no such acknowledgement");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT version_id, person_id, acknowledged_at FROM policy_acknowledgements"
                          " WHERE version_id = ? AND person_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, version);
    stmt_bind_int(st, 2, person);
    Status s = row_single(st, cols, "iis", out, e); /* both parameters bound */
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "同意の記録がありません", "no such acknowledgement");
    return s;
}

static const char *const ack_actions[] = {"policy_doc.acknowledge", NULL};
static const char *const ack_key[] = {"version_id", "person_id", NULL};
const StateKind policy_ack_state_kind = {
    .object_type = "policy_doc_version",
    .table = "policy_acknowledgements",
    .ids_sql = "SELECT version_id || '/' || person_id FROM policy_acknowledgements ORDER BY version_id, person_id",
    .full_actions = ack_actions,
    .id_keys = ack_key,
    .get_key = ack_state,
};

typedef struct Unit {
    int64_t id, parent;
    char kind[16];
    char *name, *code;
    int64_t group; /* the 課室 the people of this unit are counted in */
    int order;
} Unit;

typedef struct Units {
    Unit *u;
    size_t n;
} Units;

static Unit *unit_by_id(Units *us, int64_t id)
{
    for (size_t i = 0; i < us->n; i++)
        if (us->u[i].id == id)
            return &us->u[i];
    return NULL;
}

/* Appends u's subtree to out in organisation order: a unit, then its children by sort_order (the order
 * they were loaded in), depth first — 総務部, 総務課, 人事課, …, then 企画財政部. */
static void visit(const Units *us, const Unit *u, Unit *out, size_t *n)
{
    out[(*n)++] = *u;
    for (size_t i = 0; i < us->n; i++)
        if (us->u[i].parent == u->id && &us->u[i] != u)
            visit(us, &us->u[i], out, n);
}

static void tree_order(Units *us)
{
    Unit *out = xcalloc(us->n ? us->n : 1, sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < us->n; i++) /* roots: no parent, or a parent that is not loaded */
        if (!us->u[i].parent || !unit_by_id(us, us->u[i].parent))
            visit(us, &us->u[i], out, &n);
    if (n == us->n) { /* a cycle would leave units out: keep the loaded order then */
        free(us->u);
        us->u = out;
        for (size_t i = 0; i < n; i++)
            us->u[i].order = (int)i;
    } else {
        free(out);
    }
}

static Status load_units(Ctx *ctx, Units *us, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id, coalesce(parent_id, 0), kind, name, code FROM org_units_v ORDER BY sort_order, id", e);
    if (!st)
        return e->status;
    size_t cap = 0;
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        if (us->n == cap)
            us->u = xrealloc(us->u, (cap = cap ? 2 * cap : 64) * sizeof *us->u);
        Unit *u = &us->u[us->n];
        *u = (Unit){.id = stmt_int(st, 0), .parent = stmt_int(st, 1), .name = xstrdup(stmt_text(st, 3)),
                    .code = xstrdup(stmt_text(st, 4)), .order = (int)us->n};
        snprintf(u->kind, sizeof u->kind, "%s", stmt_text(st, 2));
        us->n++;
    }
    Status s = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    tree_order(us);
    /* A 係 counts in its 課室; people directly in a 部 or the organisation count there. */
    for (size_t i = 0; i < us->n; i++) {
        Unit *u = &us->u[i];
        u->group = u->id;
        for (Unit *p = u; p; p = p->parent ? unit_by_id(us, p->parent) : NULL)
            if (strcmp(p->kind, "section") == 0) {
                u->group = p->id;
                break;
            }
    }
    return s;
}

static void units_free(Units *us)
{
    for (size_t i = 0; i < us->n; i++) {
        free(us->u[i].name);
        free(us->u[i].code);
    }
    free(us->u);
}

Status policy_ack_report(Ctx *ctx, int64_t document_id, int64_t version_id, json_t **out, Err *e)
{
    int64_t vid = version_id;
    Stmt *st = db_prepare(ctx->db, "SELECT current_version_id FROM policy_documents WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, document_id);
    bool found = false;
    Status q = stmt_step_row(st, &found, e);
    if (found && !vid)
        vid = stmt_int(st, 0);
    stmt_finalize(st);
    if (q != ST_OK)
        return q;
    if (!found)
        return pd_not_found(e);
    PdVersionRow r;
    if (!vid)
        return err_set(e, ST_CONFLICT, "policy_not_published", "id", "この文書はまだ施行されていません",
                       "this document has no version in force");
    Status s = pd_version_row(ctx, vid, &r, e);
    if (s == ST_OK && (r.document_id != document_id || strcmp(r.state, "draft") == 0 || strcmp(r.state, "discarded") == 0))
        s = err_set(e, ST_INVALID, "invalid_version", "version", "公開された版を指定してください",
                    "give a version that was published");
    if (s != ST_OK)
        return s;

    Units us = {0};
    s = load_units(ctx, &us, e);
    char today[11];
    date_today(ctx->clock, today);
    st = s == ST_OK ? db_prepare(ctx->db,
                                 "SELECT p.id, p.staff_no, p.name, p.unit_id, a.acknowledged_at FROM people_v p"
                                 " LEFT JOIN policy_acknowledgements a ON a.person_id = p.id AND a.version_id = ?1"
                                 " WHERE p.active_from <= ?2 AND (p.active_until IS NULL OR p.active_until >= ?2)"
                                 " ORDER BY p.staff_no",
                                 e)
                    : NULL;
    if (s == ST_OK && !st)
        s = e->status;
    /* per group: counts and the missing list, in unit order */
    size_t n = us.n;
    int64_t *total = xcalloc(n + 1, sizeof *total), *acked = xcalloc(n + 1, sizeof *acked);
    json_t **missing = xcalloc(n + 1, sizeof *missing);
    int64_t all = 0, all_acked = 0;
    if (st) {
        stmt_bind_int(st, 1, vid);
        stmt_bind_text(st, 2, today);
        StepResult sr;
        while ((sr = stmt_step(st)) == STEP_ROW) {
            Unit *u = unit_by_id(&us, stmt_int(st, 3));
            Unit *g = u ? unit_by_id(&us, u->group) : NULL;
            if (!g)
                continue;
            size_t gi = (size_t)(g - us.u);
            total[gi]++;
            all++;
            if (!stmt_is_null(st, 4)) {
                acked[gi]++;
                all_acked++;
            } else {
                if (!missing[gi])
                    missing[gi] = json_array();
                json_array_append_new(missing[gi], json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)stmt_int(st, 0),
                                                             "staff_no", stmt_text(st, 1), "name", stmt_text(st, 2)));
            }
        }
        if (sr != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    json_t *units = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!total[i])
            continue;
        Unit *p = us.u[i].parent ? unit_by_id(&us, us.u[i].parent) : NULL;
        json_array_append_new(units, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "unit_id", (json_int_t)us.u[i].id,
                                               "code", us.u[i].code, "name", us.u[i].name, "parent_name",
                                               p ? p->name : "", "people", (json_int_t)total[i], "acknowledged",
                                               (json_int_t)acked[i], "missing", missing[i] ? missing[i] : json_array()));
        missing[i] = NULL;
    }
    for (size_t i = 0; i < n; i++)
        json_decref(missing[i]);
    free(missing);
    free(total);
    free(acked);
    units_free(&us);
    if (s != ST_OK) {
        json_decref(units);
        return s;
    }
    *out = json_pack("{s:I, s:{s:I, s:I, s:s}, s:I, s:I, s:o}", "document_id", (json_int_t)document_id, "version", "id",
                     (json_int_t)vid, "seq", (json_int_t)r.seq, "state", r.state, "people", (json_int_t)all,
                     "acknowledged", (json_int_t)all_acked, "units", units);
    return ST_OK;
}

Status policy_docs_unread_by(Ctx *ctx, int64_t person_id, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.title, d.current_version_id FROM policy_documents d"
                          " WHERE d.kind IN ('basic','standard') AND d.current_version_id IS NOT NULL"
                          " AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a"
                          "  WHERE a.version_id = d.current_version_id AND a.person_id = ?) ORDER BY d.kind, d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    static const char *const cols[] = {"title", "version_id", NULL};
    return rows_array(st, cols, "si", out, e);
}

Status policy_standard_pending(Ctx *ctx, int64_t person_id, bool *pending, Err *e)
{
    *pending = false;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM policy_documents d WHERE d.kind = 'standard' AND d.current_version_id IS NOT NULL"
                          " AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a"
                          "  WHERE a.version_id = d.current_version_id AND a.person_id = ?1)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    StepResult r = stmt_step(st);
    *pending = r == STEP_ROW;
    Status s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}
