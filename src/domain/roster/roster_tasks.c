/* roster_tasks: the tasks a roster import left — the return checklist (第46条 assets and 記録媒体, 第57条
 * ICカード) and the 第84条6 password changes — read and done by those who must do them: people.manage
 * holders every task; the 情報セキュリティ管理者 of the 課 a person left its return tasks; a system's
 * 情報システム管理者 (the pack's editor roles scoped to it) its password tasks. A task the actor may not
 * see is "not found". Done is recorded with a note and the trail entry; nothing is deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/org/org.h"
#include "domain/roster/roster_internal.h"
#include "policy/capability.h"
#include "policy/pack.h"

static const struct {
    const char *kind, *ja, *en, *article;
} kinds[] = {
    {"return_asset", "情報資産の返却・引継ぎ", "Return or hand over an information asset", "第46条"},
    {"return_medium", "記録媒体の返却", "Return a storage medium", "第46条"},
    {"return_ic_card", "ICカードの返却・停止", "Return and disable the IC card", "第57条"},
    {"privileged_password", "特権IDのパスワード変更", "Change the password of a privileged ID", "第84条6"},
};

static int kind_index(const char *k)
{
    for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
        if (strcmp(kinds[i].kind, k) == 0)
            return i;
    return 0;
}

/* Whether the actor may see and do a task of kind over unit (return tasks) or system (password). */
static Status may_do(Ctx *ctx, const char *kind, int64_t unit, int64_t system, bool *may, Err *e)
{
    *may = (ctx->actor->caps & CAP_PEOPLE_MANAGE) != 0;
    if (*may || !ctx->actor->person_id)
        return ST_OK;
    if (strcmp(kind, "privileged_password") != 0)
        return role_holds_over_unit(ctx, ctx->actor->person_id, "section_security_manager", unit, may, e);
    char today[11];
    date_today(ctx->clock, today);
    const PackSystems *sy = &ctx->pack->systems;
    for (size_t k = 0; k < sy->n_editor_roles && !*may; k++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT 1 FROM role_assignments_v WHERE person_id = ?1 AND role = ?2 AND scope_kind = 'system'"
                              " AND scope_id = ?3 AND valid_from <= ?4 AND (valid_until IS NULL OR valid_until >= ?4)",
                              e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, ctx->actor->person_id);
        stmt_bind_text(st, 2, sy->editor_roles[k]);
        stmt_bind_int(st, 3, system);
        stmt_bind_text(st, 4, today);
        Status s = stmt_step_row(st, may, e);
        stmt_finalize(st);
        if (s != ST_OK) {
            *may = false;
            return s;
        }
    }
    return ST_OK;
}

#define TASK_SELECT                                                                                              \
    "SELECT t.id, t.kind, t.person_id, p.name, p.staff_no, t.unit_id, u.name, t.asset_id, a.asset_no, a.name,"   \
    " t.system_id, s.name, t.login_id, t.due_on, t.done_at, d.name, t.done_note, t.import_id"                     \
    " FROM roster_tasks t JOIN people_v p ON p.id = t.person_id LEFT JOIN org_units_v u ON u.id = t.unit_id"     \
    " LEFT JOIN assets_v a ON a.id = t.asset_id LEFT JOIN systems_v s ON s.id = t.system_id"                    \
    " LEFT JOIN people_v d ON d.id = t.done_by"

static const char *const task_cols[] = {"id",        "kind",          "person_id", "person_name", "staff_no",
                                        "unit_id",   "unit_name",     "asset_id",  "asset_no",    "asset_name",
                                        "system_id", "system_name",   "login_id",  "due_on",      "done_at",
                                        "done_by_name", "done_note",  "import_id"};
#define TASK_TYPES "isissiSISSISssSSSi"

Status roster_tasks_list(Ctx *ctx, bool all, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          TASK_SELECT " WHERE (?1 OR t.done_at IS NULL) ORDER BY t.done_at IS NOT NULL, t.due_on, t.id"
                                      " LIMIT 5000",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, all);
    json_t *rows = NULL;
    Status s = rows_array(st, task_cols, TASK_TYPES, &rows, e);
    if (s != ST_OK)
        return s;
    json_t *items = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t)
    {
        bool may = false;
        const char *kind = json_string_value(json_object_get(t, "kind"));
        s = may_do(ctx, kind, json_integer_value(json_object_get(t, "unit_id")),
                   json_integer_value(json_object_get(t, "system_id")), &may, e);
        if (s != ST_OK)
            break;
        if (!may)
            continue;
        int k = kind_index(kind);
        json_object_set_new(t, "label", json_string(kinds[k].ja));
        json_object_set_new(t, "label_en", json_string(kinds[k].en));
        json_object_set_new(t, "article", json_string(kinds[k].article));
        json_object_set_new(t, "can_do", json_boolean(json_is_null(json_object_get(t, "done_at"))));
        json_array_append(items, t);
    }
    json_decref(rows);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status roster_task_done(Ctx *ctx, int64_t id, const char *note, Err *e)
{
    if (!note || !*note)
        return err_set(e, ST_INVALID, "required", "note", "対応の内容を書いてください", "describe what was done");
    if (!text_valid_chars(note, 1000, true))
        return err_set(e, ST_INVALID, "too_long", "note", "対応の内容は1000文字までです", "at most 1000 characters");
    Stmt *st = db_prepare(ctx->db, TASK_SELECT " WHERE t.id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *before = NULL;
    Status s = row_single(st, task_cols, TASK_TYPES, &before, e);
    bool may = false;
    if (s == ST_OK)
        s = may_do(ctx, json_string_value(json_object_get(before, "kind")),
                   json_integer_value(json_object_get(before, "unit_id")),
                   json_integer_value(json_object_get(before, "system_id")), &may, e);
    if (s == ST_NOTFOUND || (s == ST_OK && !may)) {
        json_decref(before);
        return err_set(e, ST_NOTFOUND, "roster_task_not_found", NULL, "作業が見つかりません", "task not found");
    }
    if (s == ST_OK && !json_is_null(json_object_get(before, "done_at")))
        s = err_set(e, ST_CONFLICT, "roster_task_done", NULL, "この作業は完了済みです", "this task is already done");
    if (s != ST_OK) {
        json_decref(before);
        return s;
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        st = db_prepare(ctx->db, "UPDATE roster_tasks SET done_at = ?, done_by = ?, done_note = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, now);
            if (ctx->actor->person_id)
                stmt_bind_int(st, 2, ctx->actor->person_id);
            else
                stmt_bind_null(st, 2);
            stmt_bind_text(st, 3, note);
            stmt_bind_int(st, 4, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
        /* the entry records the task's row as stored (roster_task_plain), before and after */
        json_t *was = NULL, *after = NULL;
        if (s == ST_OK)
            s = roster_task_plain(ctx, id, &after, e);
        if (s == ST_OK) {
            was = json_deep_copy(after);
            json_object_set_new(was, "done_at", json_null());
            json_object_set_new(was, "done_by", json_null());
            json_object_set_new(was, "done_note", json_null());
            s = record_change(ctx, "roster.task_done", "roster_task", id, was, after, e);
        }
        json_decref(was);
        json_decref(after);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    return s;
}

Status roster_open_task_count(Ctx *ctx, int64_t *count, Err *e)
{
    *count = 0;
    json_t *list = NULL;
    Status s = roster_tasks_list(ctx, false, &list, e);
    if (s == ST_OK)
        *count = (int64_t)json_array_size(json_object_get(list, "items"));
    json_decref(list);
    return s;
}

Status roster_imports_list(Ctx *ctx, json_t **out, Err *e)
{
    if (!(ctx->actor->caps & CAP_PEOPLE_MANAGE))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "人事異動の記録を見る権限がありません",
                       "you may not read the roster imports");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT i.id, i.filename, i.row_count, i.summary, i.applied_at, coalesce(p.name, '')"
                          " FROM roster_imports i LEFT JOIN accounts_v a ON a.id = i.applied_by"
                          " LEFT JOIN people_v p ON p.id = a.person_id ORDER BY i.id DESC LIMIT 200",
                          e);
    if (!st)
        return e->status;
    static const char *const cols[] = {"id", "filename", "row_count", "summary", "applied_at", "applied_by_name"};
    json_t *items = NULL;
    Status s = rows_array(st, cols, "isisss", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        json_t *counts = json_loads(json_string_value(json_object_get(it, "summary")), 0, NULL);
        json_object_set_new(it, "counts", counts ? counts : json_object());
        json_object_del(it, "summary");
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
