/* roster_plan: one roster file's rows checked against the register — who each row is (職員番号), which
 * 課室 its 所属 names (folded name, or 部局名+課室名 when the bare name is ambiguous), what changes for
 * them — and which 課室 were renamed: a 所属 that names no unit, given to every current member of one
 * unit whose own name the file no longer uses, is that unit's new name. Problems go to the plan's
 * error list by row and column, like the register import's. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/roster/roster_internal.h"
#include "registers/values.h"

void roster_row_err(json_t *errors, size_t row, const char *column, const Err *err)
{
    json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)row, "column",
                                            column ? column : "", "field", err->field, "code", err->code, "ja", err->ja,
                                            "en", err->en));
}

Status roster_row_refuse(json_t *errors, size_t row, const char *column, const char *code, const char *field,
                         const char *ja, const char *en)
{
    Err err = {0};
    Status s = err_set(&err, ST_INVALID, code, field, ja, en);
    roster_row_err(errors, row, column, &err);
    return s;
}

static char *fold(const char *s)
{
    char *f = s ? value_fold(s) : NULL;
    return f ? f : xstrdup("");
}

Status roster_units_load(Ctx *ctx, RosterUnits *u, Err *e)
{
    memset(u, 0, sizeof *u);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT u.id, u.parent_id, u.name, u.kind, u.active, p.name FROM org_units_v u"
                          " LEFT JOIN org_units_v p ON p.id = u.parent_id ORDER BY u.id",
                          e);
    if (!st)
        return e->status;
    size_t cap = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        if (u->n == cap) {
            cap = cap ? cap * 2 : 64;
            u->id = xrealloc(u->id, cap * sizeof *u->id);
            u->parent = xrealloc(u->parent, cap * sizeof *u->parent);
            u->name = xrealloc(u->name, cap * sizeof *u->name);
            u->key = xrealloc(u->key, cap * sizeof *u->key);
            u->full_key = xrealloc(u->full_key, cap * sizeof *u->full_key);
            u->kind = xrealloc(u->kind, cap * sizeof *u->kind);
            u->active = xrealloc(u->active, cap * sizeof *u->active);
        }
        size_t i = u->n++;
        u->id[i] = stmt_int(st, 0);
        u->parent[i] = stmt_is_null(st, 1) ? 0 : stmt_int(st, 1);
        u->name[i] = xstrdup(stmt_text(st, 2));
        u->kind[i] = xstrdup(stmt_text(st, 3));
        u->active[i] = stmt_int(st, 4) != 0;
        u->key[i] = fold(u->name[i]);
        char *both = NULL;
        if (!stmt_is_null(st, 5)) {
            size_t a = strlen(stmt_text(st, 5)), b = strlen(u->name[i]);
            both = xmalloc(a + b + 1);
            memcpy(both, stmt_text(st, 5), a);
            memcpy(both + a, u->name[i], b + 1);
        }
        u->full_key[i] = fold(both);
        free(both);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        roster_units_free(u);
    return s;
}

void roster_units_free(RosterUnits *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->name[i]);
        free(u->key[i]);
        free(u->full_key[i]);
        free(u->kind[i]);
    }
    free(u->id);
    free(u->parent);
    free(u->name);
    free(u->key);
    free(u->full_key);
    free(u->kind);
    free(u->active);
    memset(u, 0, sizeof *u);
}

long roster_unit_index(const RosterUnits *u, int64_t id)
{
    for (size_t i = 0; i < u->n; i++)
        if (u->id[i] == id)
            return (long)i;
    return -1;
}

/* The active unit named key: *id, or 0 with *ambiguous when several are (the bare name first, then
 * 部局名+課室名). */
static void unit_by_key(const RosterUnits *u, const char *key, int64_t *id, bool *ambiguous)
{
    *id = 0;
    *ambiguous = false;
    for (int pass = 0; pass < 2 && *id == 0 && !*ambiguous; pass++) {
        for (size_t i = 0; i < u->n; i++) {
            if (!u->active[i] || strcmp(pass == 0 ? u->key[i] : u->full_key[i], key) != 0)
                continue;
            if (*id) {
                *id = 0;
                *ambiguous = true;
                break;
            }
            *id = u->id[i];
        }
    }
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The person's row in the register by 職員番号 (NFKC: ０１２ = 012): *found and the fields. */
typedef struct Known {
    int64_t id, unit_id;
    char name[404], kana[804], employment[32], active_from[11], active_until[11];
} Known;

static Status person_by_staff_no(Ctx *ctx, const char *staff_no, Known *k, bool *found, Err *e)
{
    *found = false;
    char *norm = text_nfkc(staff_no);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, unit_id, name, kana, employment, active_from, coalesce(active_until, '')"
                          " FROM people_v WHERE staff_no = ?",
                          e);
    if (!st) {
        free(norm);
        return e->status;
    }
    stmt_bind_text(st, 1, norm ? norm : staff_no);
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        *found = true;
        k->id = stmt_int(st, 0);
        k->unit_id = stmt_int(st, 1);
        snprintf(k->name, sizeof k->name, "%s", stmt_text(st, 2));
        snprintf(k->kana, sizeof k->kana, "%s", stmt_text(st, 3));
        snprintf(k->employment, sizeof k->employment, "%s", stmt_text(st, 4));
        snprintf(k->active_from, sizeof k->active_from, "%s", stmt_text(st, 5));
        snprintf(k->active_until, sizeof k->active_until, "%s", stmt_text(st, 6));
    }
    Status s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    free(norm);
    return s;
}

static bool differs(const char *given, const char *held)
{
    return given && *given && strcmp(given, held) != 0;
}

/* Checks one row and what it changes. */
static Status resolve_row(Ctx *ctx, RosterPlan *p, RosterRow *r, Err *e)
{
    const char *staff = str(r->obj, "staff_no"), *unit = str(r->obj, "unit_name"), *moved_on = str(r->obj, "moved_on"),
               *leaves_on = str(r->obj, "leaves_on");
    Known k = {0};
    bool found = false;
    Status s = person_by_staff_no(ctx, staff, &k, &found, e);
    if (s != ST_OK)
        return s;
    size_t before = json_array_size(p->errors);
    if (unit && *unit) {
        bool ambiguous = false;
        char *key = fold(unit);
        unit_by_key(&p->units, key, &r->unit_id, &ambiguous);
        if (ambiguous)
            roster_row_refuse(p->errors, r->src_row, p->col[3], "roster_unit_ambiguous", "unit_name",
                             "同じ名前の課室が複数あります。部局名から書いてください (例: 総務部総務課)",
                             "several sections have this name: write the department too");
        if (r->unit_id == 0 && !ambiguous)
            r->unit_key = key; /* a rename candidate, decided once every row is read */
        else
            free(key);
    }
    if (moved_on && strcmp(moved_on, p->today) > 0)
        roster_row_refuse(p->errors, r->src_row, p->col[5], "roster_future_move", "moved_on",
                         "異動日が今日より後です。異動日以降に取り込んでください",
                         "the transfer date is in the future: import the roster on or after it");
    if (!found) {
        r->is_new = true;
        r->change = RC_NEW;
        static const struct { int col; const char *field, *ja, *en; } need[] = {
            {1, "name", "新しい職員の氏名がありません", "a new person needs a name"},
            {2, "kana", "新しい職員のかながありません", "a new person needs the kana"},
            {3, "unit_name", "新しい職員の所属がありません", "a new person needs a section"},
        };
        for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
            const char *v = str(r->obj, need[i].field);
            if (!v || !*v)
                roster_row_refuse(p->errors, r->src_row, p->col[need[i].col], "roster_new_person_incomplete", need[i].field,
                                 need[i].ja, need[i].en);
        }
        if (leaves_on && strcmp(leaves_on, moved_on ? moved_on : p->today) < 0)
            roster_row_refuse(p->errors, r->src_row, p->col[6], "invalid_period", "leaves_on",
                             "退職日が異動日 (着任日) より前です", "the leaving date is before the start date");
        return ST_OK;
    }
    r->person_id = k.id;
    r->old_unit_id = k.unit_id;
    if (k.active_until[0] && strcmp(k.active_until, p->today) < 0 && (!leaves_on || strcmp(leaves_on, k.active_until) != 0)) {
        roster_row_refuse(p->errors, r->src_row, p->col[0], "roster_person_left", "staff_no",
                         "この職員は退職済みです。再任用などは職員の画面で在籍期間を直してから取り込んでください",
                         "this person has left: correct their period on the person's page first");
        return ST_OK;
    }
    if (leaves_on && strcmp(leaves_on, k.active_from) < 0)
        roster_row_refuse(p->errors, r->src_row, p->col[6], "invalid_period", "leaves_on",
                         "退職日が在籍開始日より前です", "the leaving date is before the person started");
    r->moved = r->unit_id != 0 && r->unit_id != k.unit_id;
    r->leaving = leaves_on && strcmp(leaves_on, k.active_until) != 0;
    r->renamed_fields = differs(str(r->obj, "name"), k.name) || differs(str(r->obj, "kana"), k.kana) ||
                        differs(str(r->obj, "employment"), k.employment);
    r->change = r->leaving ? RC_LEAVING : r->moved ? RC_MOVED : r->renamed_fields ? RC_UPDATED : RC_UNCHANGED;
    (void)before;
    return ST_OK;
}

/* The active people of unit id: *n. */
static Status unit_members(Ctx *ctx, int64_t unit, const char *today, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*) FROM people_v WHERE unit_id = ?1 AND (active_until IS NULL OR active_until >= ?2)", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit);
    stmt_bind_text(st, 2, today);
    StepResult r = stmt_step(st);
    *n = r == STEP_ROW ? stmt_int(st, 0) : 0;
    Status s = r == STEP_ROW ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* A 所属 that names no unit: the new name of unit U when every row giving it is a current member of U
 * (or a new person), at least one is, all of U's active members are among them, and no row names U by
 * its old name. Otherwise each such row is an unknown_unit error. */
static Status find_renames(Ctx *ctx, RosterPlan *p, Err *e)
{
    for (size_t i = 0; i < p->nrows; i++) {
        RosterRow *r = &p->rows[i];
        if (!r->unit_key)
            continue;
        const char *key = r->unit_key;
        int64_t unit = 0;
        bool fits = true;
        int64_t members = 0;
        for (size_t j = i; j < p->nrows && fits; j++) {
            RosterRow *o = &p->rows[j];
            if (!o->unit_key || strcmp(o->unit_key, key) != 0 || o->is_new)
                continue;
            if (unit == 0)
                unit = o->old_unit_id;
            fits = o->old_unit_id == unit && !o->leaving;
            members++;
        }
        for (size_t j = 0; j < p->nrows && fits && unit; j++)
            fits = p->rows[j].unit_id != unit; /* the old name still used: not a rename */
        int64_t active = 0;
        Status s = ST_OK;
        if (fits && unit && (s = unit_members(ctx, unit, p->today, &active, e)) != ST_OK)
            return s;
        fits = fits && unit && members == active;
        long ui = unit ? roster_unit_index(&p->units, unit) : -1;
        if (fits && ui >= 0) {
            json_array_append_new(p->renames, json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)unit, "from",
                                                        p->units.name[ui], "to", str(r->obj, "unit_name")));
        }
        char *done = xstrdup(key);
        for (size_t j = i; j < p->nrows; j++) {
            RosterRow *o = &p->rows[j];
            if (!o->unit_key || strcmp(o->unit_key, done) != 0)
                continue;
            free(o->unit_key);
            o->unit_key = NULL;
            if (fits && ui >= 0) {
                o->unit_id = unit;
                o->moved = false;
                if (o->change == RC_MOVED)
                    o->change = o->renamed_fields ? RC_UPDATED : RC_UNCHANGED;
            } else {
                roster_row_refuse(p->errors, o->src_row, p->col[3], "unknown_unit", "unit_name",
                                 "この所属の課室が組織にありません。先に組織の画面で課室を作ってください",
                                 "no section has this name: create it on the organisation page first");
            }
        }
        free(done);
    }
    return ST_OK;
}

static int by_row(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t rx = json_integer_value(json_object_get(x, "row")), ry = json_integer_value(json_object_get(y, "row"));
    return (rx > ry) - (rx < ry);
}

Status roster_resolve(Ctx *ctx, RosterPlan *p, Err *e)
{
    date_today(ctx->clock, p->today);
    Status s = roster_units_load(ctx, &p->units, e);
    for (size_t i = 0; s == ST_OK && i < p->nrows; i++)
        s = resolve_row(ctx, p, &p->rows[i], e);
    if (s == ST_OK)
        s = find_renames(ctx, p, e);
    if (s == ST_OK) { /* errors in row order, as the register import shows them */
        size_t n = json_array_size(p->errors);
        json_t **v = xmalloc((n ? n : 1) * sizeof *v);
        for (size_t i = 0; i < n; i++)
            v[i] = json_incref(json_array_get(p->errors, i));
        qsort(v, n, sizeof *v, by_row);
        json_array_clear(p->errors);
        for (size_t i = 0; i < n; i++)
            json_array_append_new(p->errors, v[i]);
        free(v);
    }
    return s;
}

void roster_plan_free(RosterPlan *p)
{
    for (size_t i = 0; i < p->nrows; i++) {
        json_decref(p->rows[i].obj);
        free(p->rows[i].unit_key);
    }
    free(p->rows);
    json_decref(p->errors);
    json_decref(p->renames);
    roster_units_free(&p->units);
}
