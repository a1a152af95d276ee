/* org: organisation units — listing, creation, update, and tree questions (see org.h). */
#include "domain/org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/kernel/kernel.h"
#include "entities/unit_entity.h"

static const char *const unit_cols[] = {"id", "parent_id", "code", "name", "kana", "kind",
                                        "phone", "sort_order", "active", NULL};
#define UNIT_SELECT "SELECT id, parent_id, code, name, kana, kind, phone, sort_order, active FROM org_units"
#define UNIT_TYPES "iIsssssib"

Status org_list_units(Ctx *ctx, json_t **out, Err *e)
{
    /* Recursive walk so that parents come before children, siblings by sort order. */
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE tree(id, path) AS ("
                          " SELECT id, printf('%08d', sort_order) || '.' || printf('%010d', id)"
                          "  FROM org_units WHERE parent_id IS NULL"
                          " UNION ALL"
                          " SELECT u.id, t.path || '/' || printf('%08d', u.sort_order) || '.' || printf('%010d', u.id)"
                          "  FROM org_units u JOIN tree t ON u.parent_id = t.id)"
                          " SELECT u.id, u.parent_id, u.code, u.name, u.kana, u.kind, u.phone,"
                          " u.sort_order, u.active FROM tree JOIN org_units u ON u.id = tree.id"
                          " ORDER BY tree.path",
                          e);
    if (!st)
        return e->status;
    json_t *items = NULL;
    Status s = rows_array(st, unit_cols, UNIT_TYPES, &items, e);
    if (s != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status org_get_unit(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, UNIT_SELECT " WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, unit_cols, UNIT_TYPES, out, e);
    if (s == ST_NOTFOUND)
        err_setf(e, ST_NOTFOUND, "unit_not_found", "id", "組織 (ID %lld) が見つかりません", "unit %lld not found",
                 (long long)id);
    return s;
}

Status org_is_within(Db *db, int64_t a, int64_t b, bool *within, Err *e)
{
    *within = false;
    Stmt *st = db_prepare(db,
                          "WITH RECURSIVE up(id) AS (SELECT ? UNION ALL"
                          " SELECT u.parent_id FROM org_units u JOIN up ON u.id = up.id"
                          " WHERE u.parent_id IS NOT NULL)"
                          " SELECT 1 FROM up WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, a);
    stmt_bind_int(st, 2, b);
    Status s = stmt_step_row(st, within, e);
    stmt_finalize(st);
    return s;
}

Status org_section_of(Ctx *ctx, int64_t unit_id, int64_t person_id, int64_t *section, Err *e)
{
    *section = 0;
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE up(id, kind, depth) AS ("
                          " SELECT u.id, u.kind, 0 FROM org_units u"
                          "  WHERE u.id = coalesce(nullif(?1, 0), (SELECT unit_id FROM people WHERE id = ?2))"
                          " UNION ALL SELECT p.id, p.kind, up.depth + 1 FROM org_units p"
                          "  JOIN org_units c ON c.parent_id = p.id JOIN up ON c.id = up.id WHERE up.kind <> 'section')"
                          " SELECT id FROM up WHERE kind = 'section' ORDER BY depth LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit_id);
    stmt_bind_int(st, 2, person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *section = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status org_unit_name(Db *db, int64_t id, char *out, size_t cap, Err *e)
{
    out[0] = '\0';
    Stmt *st = db_prepare(db, "SELECT name FROM org_units WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        snprintf(out, cap, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    return s;
}

static const char *valid_kind(const char *kind)
{
    static const char *const kinds[] = {"organisation", "department", "section", "team"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return kinds[i];
    return NULL;
}

/* Rank of a kind in the tree; a child must rank below its parent. */
static int kind_depth(const char *kind)
{
    return strcmp(kind, "organisation") == 0 ? 0
           : strcmp(kind, "department") == 0 ? 1
           : strcmp(kind, "section") == 0    ? 2
                                             : 3;
}

static Status parent_kind(Ctx *ctx, int64_t parent_id, char *kind, size_t cap, Err *e)
{
    json_t *parent = NULL;
    Status s = org_get_unit(ctx, parent_id, &parent, e);
    if (s != ST_OK && s != ST_NOTFOUND)
        return s;
    if (s != ST_OK)
        return err_setf(e, ST_INVALID, "parent_not_found", "parent_id",
                        "上位組織 (ID %lld) が見つかりません", "parent unit %lld not found",
                        (long long)parent_id);
    snprintf(kind, cap, "%s", json_string_value(json_object_get(parent, "kind")));
    json_decref(parent);
    return ST_OK;
}

Status org_create_unit(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    /* code, name, kind and the limits: the declaration's (entities/unit_entity.c) */
    Status s = entity_check(&unit_entity, in, true, NULL, e);
    if (s != ST_OK)
        return s;
    const char *kind = valid_kind(json_string_value(json_object_get(in, "kind")));
    const char *code = json_string_value(json_object_get(in, "code"));
    const char *name = json_string_value(json_object_get(in, "name"));
    json_t *pj = json_object_get(in, "parent_id");
    int64_t parent_id = json_is_integer(pj) ? json_integer_value(pj) : 0;
    if (strcmp(kind, "organisation") == 0) {
        if (parent_id)
            return err_set(e, ST_INVALID, "root_has_parent", "parent_id",
                           "団体 (organisation) は最上位にのみ置けます", "the organisation is the root");
    } else {
        char pk[16];
        if (!parent_id)
            return err_set(e, ST_INVALID, "required", "parent_id", "上位組織を選んでください",
                           "parent_id is required");
        if ((s = parent_kind(ctx, parent_id, pk, sizeof pk, e)) != ST_OK)
            return s;
        if (kind_depth(pk) >= kind_depth(kind))
            return err_set(e, ST_INVALID, "invalid_parent", "parent_id",
                           "この種別の組織はその上位組織の下には置けません (団体→部局→課室→係)",
                           "this kind of unit cannot be placed under that parent");
    }
    char *kana = text_nfkc(json_string_value(json_object_get(in, "kana")) ?: "");
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        free(kana);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO org_units(parent_id, code, name, kana, kind, phone, sort_order,"
                          " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                          e);
    if (st) {
        if (parent_id)
            stmt_bind_int(st, 1, parent_id);
        else
            stmt_bind_null(st, 1);
        stmt_bind_text(st, 2, code);
        stmt_bind_text(st, 3, name);
        stmt_bind_text(st, 4, kana ? kana : "");
        stmt_bind_text(st, 5, kind);
        stmt_bind_text(st, 6, json_string_value(json_object_get(in, "phone")) ?: "");
        stmt_bind_int(st, 7, json_integer_value(json_object_get(in, "sort_order")));
        stmt_bind_text(st, 8, now);
        stmt_bind_text(st, 9, now);
        if (stmt_step(st) != STEP_DONE) {
            s = stmt_error(st, e);
            if (s == ST_CONFLICT)
                err_setf(e, ST_CONFLICT, "unit_code_taken", "code", "組織コード %s は既に使われています",
                         "unit code %s is already used", code);
        }
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    free(kana);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = org_get_unit(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "org_unit.create", "org_unit", id, NULL, after, e);
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

static Status count_active_people(Ctx *ctx, int64_t unit_id, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*) FROM people WHERE unit_id = ? AND"
                          " (active_until IS NULL OR active_until >= ?)",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, unit_id);
    stmt_bind_text(st, 2, today);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *n = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s;
}

Status org_update_unit(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    json_t *before = NULL;
    Status s = org_get_unit(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    json_t *after = json_deep_copy(before);
    const char *key;
    json_t *v;
    json_object_foreach(patch, key, v) {
        const EntityField *f = entity_field(&unit_entity, key);
        if (f && (f->flags & EF_IMMUTABLE) && !json_equal(v, json_object_get(before, key))) {
            s = err_setf(e, ST_INVALID, "immutable_field", key, "%sは変更できません", "%s cannot be changed",
                         f->label_ja, f->label_en);
            goto out;
        }
        json_object_set(after, key, v);
    }
    if ((s = entity_check(&unit_entity, after, true, NULL, e)) != ST_OK)
        goto out;

    const char *kind = json_string_value(json_object_get(before, "kind"));
    json_t *pj = json_object_get(after, "parent_id");
    int64_t parent_id = json_is_integer(pj) ? json_integer_value(pj) : 0;
    if (json_object_get(patch, "parent_id")) {
        char pk[16];
        if (strcmp(kind, "organisation") == 0 && parent_id)
            s = err_set(e, ST_INVALID, "root_has_parent", "parent_id",
                        "団体 (organisation) は最上位にのみ置けます", "the organisation is the root");
        else if (strcmp(kind, "organisation") != 0 && !parent_id)
            s = err_set(e, ST_INVALID, "required", "parent_id", "上位組織を選んでください",
                        "parent_id is required");
        else if (parent_id && (s = parent_kind(ctx, parent_id, pk, sizeof pk, e)) == ST_OK) {
            bool cycle = false;
            s = org_is_within(ctx->db, parent_id, id, &cycle, e);
            if (s == ST_OK && cycle)
                s = err_set(e, ST_INVALID, "invalid_parent", "parent_id",
                            "組織を自分自身やその下位組織の下へは移せません",
                            "a unit cannot move under itself or its descendants");
            else if (s == ST_OK && kind_depth(pk) >= kind_depth(kind))
                s = err_set(e, ST_INVALID, "invalid_parent", "parent_id",
                            "この種別の組織はその上位組織の下には置けません (団体→部局→課室→係)",
                            "this kind of unit cannot be placed under that parent");
        }
    }
    if (s == ST_OK && json_is_false(json_object_get(patch, "active"))) {
        int64_t n = 0;
        if ((s = count_active_people(ctx, id, &n, e)) == ST_OK && n > 0)
            s = err_setf(e, ST_CONFLICT, "unit_has_people", "active",
                         "在籍中の職員が %lld 名いるため廃止できません。先に異動させてください",
                         "%lld people still belong to this unit; move them first", (long long)n);
    }
    /* a failed BEGIN must stop here: the UPDATE below would otherwise commit on its own, untrailed */
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    char *kana = text_nfkc(json_string_value(json_object_get(after, "kana")) ?: "");
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE org_units SET parent_id = ?, name = ?, kana = ?, phone = ?,"
                          " sort_order = ?, active = ?, updated_at = ? WHERE id = ?",
                          e);
    if (st) {
        if (parent_id)
            stmt_bind_int(st, 1, parent_id);
        else
            stmt_bind_null(st, 1);
        stmt_bind_text(st, 2, json_string_value(json_object_get(after, "name")));
        stmt_bind_text(st, 3, kana ? kana : "");
        stmt_bind_text(st, 4, json_string_value(json_object_get(after, "phone")));
        stmt_bind_int(st, 5, json_integer_value(json_object_get(after, "sort_order")));
        stmt_bind_int(st, 6, json_is_true(json_object_get(after, "active")));
        stmt_bind_text(st, 7, now);
        stmt_bind_int(st, 8, id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    free(kana);
    json_decref(after);
    after = NULL;
    if (s == ST_OK && (s = org_get_unit(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "org_unit.update", "org_unit", id, before, after, e);
    s = finish_tx(ctx, s, e);
out:
    json_decref(before);
    json_decref(after);
    return s;
}
