/* asset: the 情報資産台帳's records — creation with validation, update with the lowering rule,
 * 要判断 decisions, copies (第23条3, 6(1)), added 取扱制限, media contents (第23条7(3)), the detail
 * view and the 要判断 queue (see assets.h). */
#include "domain/assets/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/access/access.h"
#include "domain/assets/asset_internal.h"
#include "policy/capability.h"
#include "domain/org/org.h"
#include "domain/kernel/kernel.h"
#include "entities/asset_entity.h"
#include "policy/pack.h"
#include "policy/pack_lists.h"

static const char *const asset_cols[] = {
    "id", "asset_no", "name", "kind", "description", "unit_id", "holder", "storage_place", "medium",
    "format", "volume", "system_id", "retention", "personal_info", "specific_personal_info", "notes",
    "confidentiality", "integrity", "availability", "classification_reason", "classification_status",
    "source_asset_id", "source_kind", "disposed_at", "created_at", "updated_at", NULL};
#define ASSET_TYPES "issssisssssIsbbsSSSssISSss"
#define ASSET_SELECT                                                                                 \
    "SELECT id, asset_no, name, kind, description, unit_id, holder, storage_place, medium, format,"   \
    " volume, system_id, retention, personal_info, specific_personal_info, notes, confidentiality,"  \
    " integrity, availability, classification_reason, classification_status, source_asset_id,"       \
    " source_kind, disposed_at, created_at, updated_at FROM assets"

Status asset_not_found(Err *e, int64_t id, const char *field)
{
    return err_setf(e, ST_NOTFOUND, "asset_not_found", field, "情報資産 (ID %lld) が見つかりません",
                    "asset %lld not found", (long long)id);
}

Status asset_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, ASSET_SELECT " WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, asset_cols, ASSET_TYPES, out, e);
    if (s == ST_NOTFOUND)
        asset_not_found(e, id, "id");
    return s;
}

Status asset_require_readable(Ctx *ctx, int64_t id, const char *field, Err *e)
{
    bool readable = false;
    Status s = access_asset_readable(ctx, id, &readable, e);
    if (s == ST_OK && !readable)
        s = asset_not_found(e, id, field);
    return s;
}

static Status get_readable(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = asset_require_readable(ctx, id, "id", e);
    return s == ST_OK ? asset_get_plain(ctx, id, out, e) : s;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t int_or_0(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Every field's limits, choices and levels are the declaration's (entities/asset_entity.c). */

static bool one_of(const char *v, const char *const *set)
{
    for (; v && *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

static Status check_unit(Ctx *ctx, int64_t unit_id, Err *e)
{
    if (!unit_id)
        return err_set(e, ST_INVALID, "required", "unit_id", "所管課室を選んでください", "unit_id is required");
    Stmt *st = db_prepare(ctx->db, "SELECT kind, active FROM org_units_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && !row)
        s = err_setf(e, ST_INVALID, "unknown_unit", "unit_id", "課室 (ID %lld) が見つかりません",
                     "unit %lld not found", (long long)unit_id);
    else if (s == ST_OK && strcmp(stmt_text(st, 0), "section") != 0 && strcmp(stmt_text(st, 0), "team") != 0)
        s = err_set(e, ST_INVALID, "unit_not_section", "unit_id",
                    "情報資産の所管は課室または係にしてください (第23条1: 情報セキュリティ管理者が管理責任を負います)",
                    "an asset belongs to a section or team");
    else if (s == ST_OK && !stmt_int(st, 1))
        s = err_set(e, ST_INVALID, "unit_inactive", "unit_id", "廃止された課室には登録できません",
                    "the unit is no longer active");
    stmt_finalize(st);
    return s;
}

static Status check_system(Ctx *ctx, int64_t system_id, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM systems_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    bool found = false;
    Status s = stmt_step_row(st, &found, e);
    stmt_finalize(st);
    return s != ST_OK || found ? s
                               : err_setf(e, ST_INVALID, "unknown_system", "system_id",
                            "情報システム (ID %lld) が見つかりません", "information system %lld not found",
                            (long long)system_id);
}

/* A system an asset is newly linked to must be one the actor may read (access.h): another 課's
 * restricted system answers as a missing one does. */
static Status check_system_readable(Ctx *ctx, int64_t system_id, Err *e)
{
    bool readable = false;
    Status s = system_id ? access_system_readable(ctx, system_id, &readable, e) : ST_OK;
    if (s == ST_OK && system_id && !readable)
        s = err_setf(e, ST_INVALID, "unknown_system", "system_id", "情報システム (ID %lld) が見つかりません",
                     "information system %lld not found", (long long)system_id);
    return s;
}

/* The level in o for scale d: NULL when absent or null; checks it against the pack. */
static Status check_level(Ctx *ctx, const json_t *o, int d, Err *e)
{
    json_t *v = json_object_get(o, asset_dims[d]);
    EntityLists lists = pack_entity_lists(ctx->pack);
    return v ? entity_check_value(&asset_fields[ASSET_F_CONFIDENTIALITY + d], v, &lists, e) : ST_OK;
}

/* Semantic checks of a whole asset object (after merging a patch). */
static Status validate(Ctx *ctx, const json_t *a, Err *e)
{
    EntityLists lists = pack_entity_lists(ctx->pack);
    Status s = entity_check(&asset_entity, a, true, &lists, e);
    if (s != ST_OK)
        return s;
    s = check_unit(ctx, int_or_0(a, "unit_id"), e);
    if (s != ST_OK)
        return s;
    if (int_or_0(a, "system_id") && (s = check_system(ctx, int_or_0(a, "system_id"), e)) != ST_OK)
        return s;
    return ST_OK;
}

static Status reason_required(Err *e)
{
    return err_set(e, ST_INVALID, "reason_required", "classification_reason",
                   "分類を定める・変更するときは理由を入力してください (第23条5(2))",
                   "a classification needs a reason");
}

/* Defaults for a new asset's fields, then the given ones on top. New reference. */
static json_t *with_defaults(const json_t *in)
{
    json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:n, s:n, s:n, s:n}",
                          "description", "", "holder", "", "storage_place", "", "medium", "", "format",
                          "electronic", "volume", "", "retention", "", "notes", "", "classification_reason", "",
                          "personal_info", 0, "specific_personal_info", 0, "system_id", "confidentiality",
                          "integrity", "availability");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        /* null means "not given" for text (DESIGN: input layer); keep the defaults */
        if (json_is_null(v) && json_is_string(json_object_get(a, key)))
            continue;
        /* an optional choice left unset ("") keeps its declared default (形態: 電子) */
        const EntityField *f = entity_field(&asset_entity, key);
        if (f && f->type == ET_ENUM && json_is_string(v) && !*json_string_value(v))
            continue;
        json_object_set(a, key, v);
    }
    /* 特定個人情報 is 個人情報 */
    if (json_is_true(json_object_get(a, "specific_personal_info")))
        json_object_set_new(a, "personal_info", json_true());
    return a;
}

static bool all_known(const json_t *a)
{
    for (int d = 0; d < 3; d++)
        if (!str(a, asset_dims[d]))
            return false;
    return true;
}

static bool any_known(const json_t *a)
{
    for (int d = 0; d < 3; d++)
        if (str(a, asset_dims[d]))
            return true;
    return false;
}

/* INSERT (id 0) or UPDATE of every column from a. */
static Status write_row(Ctx *ctx, int64_t id, const json_t *a, const char *now, Err *e)
{
    Stmt *st = db_prepare(
        ctx->db,
        id ? "UPDATE assets SET name = ?1, kind = ?2, description = ?3, unit_id = ?4, holder = ?5,"
             " storage_place = ?6, medium = ?7, format = ?8, volume = ?9, system_id = ?10, retention = ?11,"
             " personal_info = ?12, specific_personal_info = ?13, notes = ?14, confidentiality = ?15,"
             " integrity = ?16, availability = ?17, confidentiality_rank = ?18, classification_reason = ?19,"
             " classification_status = ?20, updated_at = ?23 WHERE id = ?24"
           : "INSERT INTO assets(name, kind, description, unit_id, holder, storage_place, medium, format,"
             " volume, system_id, retention, personal_info, specific_personal_info, notes, confidentiality,"
             " integrity, availability, confidentiality_rank, classification_reason, classification_status,"
             " source_asset_id, source_kind, created_at, updated_at, asset_no)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
             " ?20, ?21, ?22, ?23, ?23, ?25)",
        e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, str(a, "name"));
    stmt_bind_text(st, 2, str(a, "kind"));
    stmt_bind_text(st, 3, str(a, "description") ?: "");
    stmt_bind_int(st, 4, int_or_0(a, "unit_id"));
    stmt_bind_text(st, 5, str(a, "holder") ?: "");
    stmt_bind_text(st, 6, str(a, "storage_place") ?: "");
    stmt_bind_text(st, 7, str(a, "medium") ?: "");
    stmt_bind_text(st, 8, str(a, "format"));
    stmt_bind_text(st, 9, str(a, "volume") ?: "");
    if (int_or_0(a, "system_id"))
        stmt_bind_int(st, 10, int_or_0(a, "system_id"));
    else
        stmt_bind_null(st, 10);
    stmt_bind_text(st, 11, str(a, "retention") ?: "");
    stmt_bind_int(st, 12, json_is_true(json_object_get(a, "personal_info")));
    stmt_bind_int(st, 13, json_is_true(json_object_get(a, "specific_personal_info")));
    stmt_bind_text(st, 14, str(a, "notes") ?: "");
    for (int d = 0; d < 3; d++)
        stmt_bind_text(st, 15 + d, str(a, asset_dims[d]));
    stmt_bind_int(st, 18, asset_sort_rank(ctx, str(a, "confidentiality")));
    stmt_bind_text(st, 19, str(a, "classification_reason") ?: "");
    stmt_bind_text(st, 20, str(a, "classification_status"));
    if (int_or_0(a, "source_asset_id")) {
        stmt_bind_int(st, 21, int_or_0(a, "source_asset_id"));
        stmt_bind_text(st, 22, str(a, "source_kind"));
    } else {
        stmt_bind_null(st, 21);
        stmt_bind_null(st, 22);
    }
    stmt_bind_text(st, 23, now);
    if (id)
        stmt_bind_int(st, 24, id);
    else
        stmt_bind_text(st, 25, str(a, "asset_no"));
    Status s = ST_OK;
    if (stmt_step(st) != STEP_DONE) {
        s = stmt_error(st, e);
        if (s == ST_CONFLICT)
            err_setf(e, ST_CONFLICT, "asset_no_taken", "asset_no", "管理番号 %s は既に使われています",
                     "asset number %s is already used", str(a, "asset_no"));
    }
    stmt_finalize(st);
    return s;
}

Status asset_fts_sync(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *del = db_prepare(ctx->db, "DELETE FROM assets_fts WHERE rowid = ?", e);
    if (!del)
        return e->status;
    stmt_bind_int(del, 1, id);
    Status s = stmt_step(del) == STEP_DONE ? ST_OK : stmt_error(del, e);
    stmt_finalize(del);
    if (s != ST_OK)
        return s;
    Stmt *sel = db_prepare(ctx->db,
                           "SELECT name, asset_no, description, holder, storage_place, notes FROM assets WHERE id = ?",
                           e);
    if (!sel)
        return e->status;
    stmt_bind_int(sel, 1, id);
    bool row = false;
    Status q = stmt_step_row(sel, &row, e);
    if (q != ST_OK || !row) {
        stmt_finalize(sel);
        return q != ST_OK ? q : asset_not_found(e, id, "id");
    }
    char *norm[6];
    for (int i = 0; i < 6; i++)
        norm[i] = text_nfkc(stmt_text(sel, i));
    stmt_finalize(sel);
    Stmt *ins = db_prepare(ctx->db,
                           "INSERT INTO assets_fts(rowid, name, asset_no, description, holder, storage_place, notes)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           e);
    if (ins) {
        stmt_bind_int(ins, 1, id);
        /* two trailing spaces: every character starts a trigram (see 0006_assets.sql) */
        char *padded[6];
        for (int i = 0; i < 6; i++) {
            padded[i] = xasprintf("%s  ", norm[i] ? norm[i] : "");
            stmt_bind_text(ins, 2 + i, padded[i]);
        }
        s = stmt_step(ins) == STEP_DONE ? ST_OK : stmt_error(ins, e);
        stmt_finalize(ins);
        for (int i = 0; i < 6; i++)
            free(padded[i]);
    } else {
        s = e->status;
    }
    for (int i = 0; i < 6; i++)
        free(norm[i]);
    return s;
}

/* "IA-000123": the next free number in the IA- series. Inside the transaction. */
static Status next_asset_no(Ctx *ctx, char *out, size_t cap, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT coalesce(max(id), 0) + 1 FROM assets", e);
    if (!st)
        return e->status;
    bool row = false;
    Status q = stmt_step_row(st, &row, e);
    int64_t n = row ? stmt_int(st, 0) : 1;
    stmt_finalize(st);
    if (q != ST_OK)
        return q;
    for (;; n++) {
        snprintf(out, cap, "IA-%06lld", (long long)n);
        st = db_prepare(ctx->db, "SELECT 1 FROM assets WHERE asset_no = ?", e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, out);
        bool taken = false;
        q = stmt_step_row(st, &taken, e);
        stmt_finalize(st);
        if (q != ST_OK || !taken)
            return q;
    }
}

static Status edit_forbidden(Err *e)
{
    return err_set(e, ST_FORBIDDEN, "asset_edit_forbidden", "",
                   "この情報資産を編集できるのは所管課室の職員・情報セキュリティ管理者です (第23条1)",
                   "only the owning section's staff and manager may edit this asset");
}

/* Inserts a (validated, defaulted) asset and its FTS row; records nothing. */
static Status insert_asset(Ctx *ctx, json_t *a, const char *now, int64_t *id_out, Err *e)
{
    Status s = ST_OK;
    const char *no = str(a, "asset_no");
    if (!no || !*no) {
        char gen[32];
        if ((s = next_asset_no(ctx, gen, sizeof gen, e)) != ST_OK)
            return s;
        json_object_set_new(a, "asset_no", json_string(gen));
    } /* a given number was checked against the declaration by validate() */
    if ((s = write_row(ctx, 0, a, now, e)) != ST_OK)
        return s;
    *id_out = db_last_insert_id(ctx->db);
    return asset_fts_sync(ctx, *id_out, e);
}

/* ENFORCES: 第23条5(2), 第23条6(3)
 * 分類を定めるときは理由の入力を必須にし、分類の分からない項目は「要判断」として所管課室の
 * 情報セキュリティ管理者の判断に回す (決まるまで最も厳しい区分で扱う)。 */
Status asset_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    json_t *a = with_defaults(in);
    json_object_del(a, "source_asset_id"); /* only asset_copy links a source */
    json_object_del(a, "source_kind");
    Status s = validate(ctx, a, e);
    if (s == ST_OK)
        s = check_system_readable(ctx, int_or_0(a, "system_id"), e);
    if (s == ST_OK && any_known(a) && !*(str(a, "classification_reason") ?: ""))
        s = reason_required(e);
    bool may = false;
    if (s == ST_OK && (s = asset_may_edit_unit(ctx, int_or_0(a, "unit_id"), &may, e)) == ST_OK && !may)
        s = edit_forbidden(e);
    if (s != ST_OK) {
        json_decref(a);
        return s;
    }
    /* 第23条6(3): an unknown dimension sends the asset to the manager's 要判断 queue */
    json_object_set_new(a, "classification_status", json_string(all_known(a) ? "decided" : "pending"));
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    int64_t id = 0;
    json_t *after = NULL;
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        if ((s = insert_asset(ctx, a, now, &id, e)) == ST_OK && (s = asset_get_plain(ctx, id, &after, e)) == ST_OK)
            s = record_change(ctx, "asset.create", "asset", id, NULL, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(after);
    json_decref(a);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

static bool same_level(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static Status lowering_forbidden(Ctx *ctx, int d, Err *e)
{
    const PackScale *s = pack_scale(ctx->pack, asset_dims[d]);
    return err_setf(e, ST_FORBIDDEN, "classification_lowering_forbidden", asset_dims[d],
                    "%sの分類を下げられるのは所管課室の情報セキュリティ管理者だけです (第23条1)",
                    "only the owning section's 情報セキュリティ管理者 may lower the %s classification",
                    s ? s->label : asset_dims[d]);
}

/* Writes after (a full asset object) over the row id, syncs FTS and records action. */
static Status rewrite(Ctx *ctx, int64_t id, const char *action, json_t *before, json_t *a, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    json_t *after = NULL;
    if ((s = write_row(ctx, id, a, now, e)) == ST_OK && (s = asset_fts_sync(ctx, id, e)) == ST_OK &&
        (s = asset_get_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, action, "asset", id, before, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

static Status check_not_disposed(const json_t *a, Err *e)
{
    if (!str(a, "disposed_at"))
        return ST_OK;
    return err_set(e, ST_CONFLICT, "asset_disposed", "", "廃棄済みの情報資産は変更できません",
                   "the asset has been disposed of");
}

/* ENFORCES: 第23条1
 * 分類を下げられるのは所管課室の情報セキュリティ管理者だけ。 */
Status asset_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    json_t *before = NULL;
    Status s = get_readable(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    json_t *a = json_deep_copy(before);
    const char *key;
    json_t *v;
    if ((s = check_not_disposed(before, e)) != ST_OK)
        goto out;
    bool may = false;
    if ((s = asset_may_edit(ctx, before, &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = edit_forbidden(e);
        goto out;
    }
    json_object_foreach(patch, key, v) {
        static const char *const fixed[] = {"id", "classification_status", "source_asset_id", "source_kind",
                                            "disposed_at", "created_at", "updated_at", NULL};
        if (strcmp(key, "asset_no") == 0 && !(json_is_string(v) && strcmp(json_string_value(v), str(before, "asset_no")) == 0)) {
            s = err_set(e, ST_INVALID, "asset_no_immutable", "asset_no", "管理番号は変更できません",
                        "asset_no cannot be changed");
            goto out;
        }
        if (one_of(key, fixed))
            continue;
        if (json_is_null(v) && json_is_string(json_object_get(before, key)) && !one_of(key, asset_dims))
            continue;
        json_object_set(a, key, v);
    }
    if (json_is_true(json_object_get(a, "specific_personal_info")))
        json_object_set_new(a, "personal_info", json_true());
    if ((s = validate(ctx, a, e)) != ST_OK)
        goto out;
    if (int_or_0(a, "system_id") != int_or_0(before, "system_id") &&
        (s = check_system_readable(ctx, int_or_0(a, "system_id"), e)) != ST_OK)
        goto out;
    int64_t new_unit = int_or_0(a, "unit_id");
    if (new_unit != int_or_0(before, "unit_id")) {
        if ((s = asset_may_edit_unit(ctx, new_unit, &may, e)) != ST_OK)
            goto out;
        if (!may) {
            s = edit_forbidden(e);
            goto out;
        }
    }
    bool changed = false, lowered = false;
    int lowered_dim = 0;
    for (int d = 0; d < 3; d++) {
        const char *old = str(before, asset_dims[d]), *now = str(a, asset_dims[d]);
        if (same_level(old, now))
            continue;
        changed = true;
        /* an unknown level counts as the strictest, so deciding one below it is lowering */
        if (now && asset_level_rank(ctx, asset_dims[d], now) < asset_level_rank(ctx, asset_dims[d], old)) {
            if (!lowered)
                lowered_dim = d;
            lowered = true;
        }
    }
    if (changed) {
        const char *reason = str(patch, "classification_reason");
        if (!reason || !*reason) {
            s = reason_required(e);
            goto out;
        }
        if (lowered && (s = asset_may_lower(ctx, new_unit, &may, e)) != ST_OK)
            goto out;
        if (lowered && !may) {
            s = lowering_forbidden(ctx, lowered_dim, e);
            goto out;
        }
    }
    const char *status = str(before, "classification_status");
    if (!all_known(a)) {
        status = "pending";
    } else if (strcmp(status, "pending") == 0) {
        if ((s = asset_may_lower(ctx, new_unit, &may, e)) != ST_OK)
            goto out;
        if (may)
            status = "decided"; /* the manager has fixed every dimension (第23条6(3)) */
    }
    json_object_set_new(a, "classification_status", json_string(status));
    s = rewrite(ctx, id, changed ? "asset.classify" : "asset.update", before, a, e);
out:
    json_decref(a);
    json_decref(before);
    return s;
}

/* ENFORCES: 第23条6(3)
 * 要判断の分類を決められるのは所管課室の情報セキュリティ管理者だけ。 */
Status asset_decide(Ctx *ctx, int64_t id, const char *c, const char *i, const char *a_, const char *reason,
                    Err *e)
{
    json_t *before = NULL;
    Status s = get_readable(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    json_t *a = json_deep_copy(before);
    const char *levels[3] = {c, i, a_};
    if ((s = check_not_disposed(before, e)) != ST_OK)
        goto out;
    if (strcmp(str(before, "classification_status"), "pending") != 0) {
        s = err_set(e, ST_CONFLICT, "not_pending", "", "この情報資産は要判断ではありません (分類の変更は編集から)",
                    "the asset is not awaiting a decision");
        goto out;
    }
    bool may = false;
    if ((s = asset_may_lower(ctx, int_or_0(before, "unit_id"), &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = err_set(e, ST_FORBIDDEN, "decide_forbidden", "",
                    "要判断の分類を決められるのは所管課室の情報セキュリティ管理者です (第23条6(3))",
                    "only the owning section's 情報セキュリティ管理者 may decide the classification");
        goto out;
    }
    for (int d = 0; d < 3; d++) {
        if (!levels[d] || !*levels[d]) {
            s = err_set(e, ST_INVALID, "required", asset_dims[d], "機密性・完全性・可用性をすべて選んでください",
                        "all three dimensions are required");
            goto out;
        }
        json_object_set_new(a, asset_dims[d], json_string(levels[d]));
        if ((s = check_level(ctx, a, d, e)) != ST_OK)
            goto out;
    }
    if (!reason || !*reason) {
        s = reason_required(e);
        goto out;
    }
    json_t *r = json_string(reason);
    s = r ? entity_check_value(&asset_fields[ASSET_F_CLASSIFICATION_REASON], r, NULL, e) : ST_OK;
    json_decref(r);
    if (s != ST_OK) {
        strcpy(e->field, "reason"); /* the decision's key for the classification_reason */
        goto out;
    }
    json_object_set_new(a, "classification_reason", json_string(reason));
    json_object_set_new(a, "classification_status", json_string("decided"));
    s = rewrite(ctx, id, "asset.decide", before, a, e);
out:
    json_decref(a);
    json_decref(before);
    return s;
}

/* The added restrictions of an asset as [{restriction_id, reason, added_by, created_at}]. */
static Status added_restrictions(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"restriction_id", "reason", "added_by", "created_at", NULL};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT restriction_id, reason, added_by, created_at FROM asset_restrictions"
                          " WHERE asset_id = ? ORDER BY created_at, restriction_id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return rows_array(st, cols, "ssss", out, e);
}

static Status insert_restriction(Ctx *ctx, int64_t id, const char *rid, const char *reason, const char *now,
                                 Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO asset_restrictions(asset_id, restriction_id, origin, reason, added_by,"
                          " created_at) VALUES (?, ?, 'added', ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, rid);
    stmt_bind_text(st, 3, reason);
    stmt_bind_text(st, 4, ctx->actor->login_id[0] ? ctx->actor->login_id : "system");
    stmt_bind_text(st, 5, now);
    Status s = ST_OK;
    if (stmt_step(st) != STEP_DONE) {
        s = stmt_error(st, e);
        if (s == ST_CONFLICT)
            err_set(e, ST_CONFLICT, "restriction_already_added", "restriction_id",
                    "この取扱制限は既に追加されています", "the restriction has already been added");
    }
    stmt_finalize(st);
    return s;
}

static Status event_insert(Ctx *ctx, int64_t asset_id, const char *kind, const char *details, const char *now,
                           Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO asset_events(asset_id, kind, occurred_at, person_id, details, encrypted,"
                          " approval_status, approval_ref, created_at) VALUES (?, ?, ?, ?, ?, NULL,"
                          " 'not_required', NULL, ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, asset_id);
    stmt_bind_text(st, 2, kind);
    stmt_bind_text(st, 3, now);
    if (ctx->actor->person_id)
        stmt_bind_int(st, 4, ctx->actor->person_id);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, details);
    stmt_bind_text(st, 6, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* ENFORCES: 第23条3, 第23条6(1)
 * 複製・送信・派生した情報資産は、元の情報資産の分類以上で管理する。 */
Status asset_copy(Ctx *ctx, int64_t source_id, json_t *in, int64_t *id_out, Err *e)
{
    json_t *src = NULL;
    Status s = get_readable(ctx, source_id, &src, e);
    if (s != ST_OK)
        return s;
    json_t *a = json_deep_copy(src), *added = NULL;
    bool transmitted = json_is_true(json_object_get(in, "transmitted"));
    bool derived = json_is_true(json_object_get(in, "derived"));
    const char *eff[3];
    bool unknown[3];
    if ((s = check_not_disposed(src, e)) != ST_OK)
        goto out;
    if (transmitted && derived) {
        s = err_set(e, ST_INVALID, "invalid_copy_kind", "derived", "「送信された複製」と「入手」は同時に指定できません",
                    "transmitted and derived cannot both be set");
        goto out;
    }
    if ((s = asset_effective(ctx, source_id, eff, unknown, e)) != ST_OK ||
        (s = added_restrictions(ctx, source_id, &added, e)) != ST_OK)
        goto out;
    static const char *const keep[] = {"id", "asset_no", "disposed_at", "created_at", "updated_at", NULL};
    for (int k = 0; keep[k]; k++)
        json_object_del(a, keep[k]);
    static const char *const given[] = {"name", "storage_place", "medium", "holder", "asset_no", "unit_id", NULL};
    for (int k = 0; given[k]; k++) {
        json_t *v = json_object_get(in, given[k]);
        if (v && !json_is_null(v))
            json_object_set(a, given[k], v);
    }
    /* 第23条3 / 6(1): the copy is handled as its source is — at the source's effective levels */
    for (int d = 0; d < 3; d++)
        json_object_set_new(a, asset_dims[d], eff[d] ? json_string(eff[d]) : json_null());
    json_object_set_new(a, "classification_status", json_string(all_known(a) && !strcmp(str(src, "classification_status"), "decided") ? "decided" : "pending"));
    const char *source_no = str(src, "asset_no");
    char reason[600];
    snprintf(reason, sizeof reason, "%s %s の分類を継承 (%s)", derived ? "入手元" : "複製元", source_no,
             derived ? "第23条6(1)" : "第23条3");
    json_object_set_new(a, "classification_reason", json_string(reason));
    json_object_set_new(a, "source_asset_id", json_integer(source_id));
    json_object_set_new(a, "source_kind",
                        json_string(derived ? "derived" : transmitted ? "transmitted_copy" : "copy"));
    if ((s = validate(ctx, a, e)) != ST_OK)
        goto out;
    /* 第23条3: the owning 課室 manages its copies. A copy is made (or sent to another 課室) by those
     * who may edit the source; nobody registers another 課室's asset into their own. */
    bool may = false;
    if ((s = asset_may_edit(ctx, src, &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = err_set(e, ST_FORBIDDEN, "copy_forbidden", "",
                    "複製・送信・派生を登録できるのは、複製元を所管する課室の職員等と情報セキュリティ管理者です (第23条3)",
                    "only the source's owning section may register its copies (article 23(3))");
        goto out;
    }
    if ((s = asset_may_edit_unit(ctx, int_or_0(a, "unit_id"), &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = edit_forbidden(e);
        goto out;
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    if (!str(a, "asset_no")) {
        /* <source>-1, <source>-2 … */
        for (int n = 1; s == ST_OK; n++) {
            char no[96];
            snprintf(no, sizeof no, "%s-%d", source_no, n);
            Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM assets WHERE asset_no = ?", e);
            if (!st) {
                s = e->status;
                break;
            }
            stmt_bind_text(st, 1, no);
            bool taken = false;
            s = stmt_step_row(st, &taken, e);
            stmt_finalize(st);
            if (s != ST_OK)
                break;
            if (!taken) {
                json_object_set_new(a, "asset_no", json_string(no));
                break;
            }
        }
    }
    int64_t id = 0;
    json_t *after = NULL;
    if (s == ST_OK)
        s = insert_asset(ctx, a, now, &id, e);
    size_t k;
    json_t *row;
    json_array_foreach(added, k, row) {
        if (s != ST_OK)
            break;
        char why[2200];
        snprintf(why, sizeof why, "%s %s から継承: %s", derived ? "入手元" : "複製元", source_no,
                 str(row, "reason"));
        s = insert_restriction(ctx, id, str(row, "restriction_id"), why, now, e);
    }
    char details[300];
    snprintf(details, sizeof details, "%s %s → %s", derived ? "入手元" : transmitted ? "送信" : "複製",
             source_no, str(a, "asset_no") ? str(a, "asset_no") : "");
    if (s == ST_OK)
        s = derived ? event_insert(ctx, id, "obtain", details, now, e)
                    : event_insert(ctx, source_id, transmitted ? "transmit" : "copy", details, now, e);
    if (s == ST_OK) /* the lifecycle record has an entry of its own, as one made by hand */
        s = asset_event_record(ctx, db_last_insert_id(ctx->db), "asset.event", e);
    if (s == ST_OK && (s = asset_get_plain(ctx, id, &after, e)) == ST_OK) {
        json_object_set(after, "inherited_restrictions", added);
        s = record_change(ctx, "asset.copy", "asset", id, NULL, after, e);
    }
    json_decref(after);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
out:
    json_decref(added);
    json_decref(a);
    json_decref(src);
    return s;
}

Status asset_add_restriction(Ctx *ctx, int64_t id, const char *restriction_id, const char *reason, Err *e)
{
    json_t *before = NULL;
    Status s = get_readable(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    const char *eff[3];
    bool unknown[3];
    const PackRestriction *r = restriction_id ? pack_restriction(ctx->pack, restriction_id) : NULL;
    if ((s = check_not_disposed(before, e)) != ST_OK)
        goto out;
    bool may = false;
    if ((s = asset_may_edit(ctx, before, &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = edit_forbidden(e);
        goto out;
    }
    if (!r) {
        s = err_setf(e, ST_INVALID, "unknown_restriction", "restriction_id", "取扱制限「%s」はポリシーにありません",
                     "the pack has no restriction \"%s\"", restriction_id ? restriction_id : "");
        goto out;
    }
    if (!reason || !*reason || !text_valid_chars(reason, 2000, true)) {
        s = err_set(e, ST_INVALID, "reason_required", "reason", "取扱制限を追加する理由を入力してください",
                    "a reason is required");
        goto out;
    }
    if ((s = asset_effective(ctx, id, eff, unknown, e)) != ST_OK)
        goto out;
    if (asset_restriction_derived(ctx, restriction_id, eff)) {
        s = err_set(e, ST_CONFLICT, "restriction_already_applies", "restriction_id",
                    "この取扱制限は分類から既に適用されています (第22条)", "the classification already derives this restriction");
        goto out;
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    s = insert_restriction(ctx, id, restriction_id, reason, now, e);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s}", "restriction_id", restriction_id, "reason", reason, "article",
                                  r->article);
        s = record_change(ctx, "asset.restriction_add", "asset", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
out:
    json_decref(before);
    return s;
}

/* ENFORCES: 第22条 pack: classification.restrictions
 * 分類から導かれる取扱制限は外せない。 */
Status asset_remove_restriction(Ctx *ctx, int64_t id, const char *restriction_id, Err *e)
{
    json_t *before = NULL;
    Status s = get_readable(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    const char *eff[3];
    bool unknown[3];
    json_t *row = NULL;
    if ((s = check_not_disposed(before, e)) != ST_OK || (s = asset_effective(ctx, id, eff, unknown, e)) != ST_OK)
        goto out;
    if (restriction_id && asset_restriction_derived(ctx, restriction_id, eff)) {
        /* 第22条: the classification requires it; a manager may add restrictions, never drop these */
        s = err_set(e, ST_FORBIDDEN, "restriction_derived", "restriction_id",
                    "分類から導かれる取扱制限は外せません (第22条)。分類自体を見直してください",
                    "a restriction derived from the classification cannot be removed");
        goto out;
    }
    Stmt *st = db_prepare(ctx->db, "SELECT reason FROM asset_restrictions WHERE asset_id = ? AND restriction_id = ?", e);
    if (!st) {
        s = e->status;
        goto out;
    }
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, restriction_id ? restriction_id : "");
    bool found = false;
    s = stmt_step_row(st, &found, e);
    if (found)
        row = json_pack("{s:s, s:s}", "restriction_id", restriction_id, "reason", stmt_text(st, 0));
    stmt_finalize(st);
    if (s != ST_OK)
        goto out;
    if (!row) {
        s = err_setf(e, ST_NOTFOUND, "restriction_not_found", "restriction_id",
                     "この情報資産に取扱制限「%s」は追加されていません", "the asset has no added restriction \"%s\"",
                     restriction_id ? restriction_id : "");
        goto out;
    }
    bool may = false;
    if ((s = asset_may_lower(ctx, int_or_0(before, "unit_id"), &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = err_set(e, ST_FORBIDDEN, "restriction_removal_forbidden", "restriction_id",
                    "追加された取扱制限を外せるのは所管課室の情報セキュリティ管理者です",
                    "only the owning section's 情報セキュリティ管理者 may remove an added restriction");
        goto out;
    }
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    st = db_prepare(ctx->db, "DELETE FROM asset_restrictions WHERE asset_id = ? AND restriction_id = ?", e);
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, restriction_id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    if (s == ST_OK)
        s = record_change(ctx, "asset.restriction_remove", "asset", id, row, NULL, e);
    s = finish_tx(ctx, s, e);
out:
    json_decref(row);
    json_decref(before);
    return s;
}

Status asset_effective(Ctx *ctx, int64_t id, const char *eff[3], bool unknown[3], Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE held(id) AS (SELECT ?1 UNION"
                          " SELECT m.content_asset_id FROM media_contents m JOIN held ON m.medium_asset_id = held.id)"
                          " SELECT a.confidentiality, a.integrity, a.availability FROM held JOIN assets a ON a.id = held.id"
                          " WHERE a.id = ?1 OR a.disposed_at IS NULL",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    int best[3] = {-1, -1, -1};
    for (int d = 0; d < 3; d++) {
        eff[d] = NULL;
        unknown[d] = false;
    }
    StepResult r;
    bool any = false;
    while ((r = stmt_step(st)) == STEP_ROW) {
        any = true;
        for (int d = 0; d < 3; d++) {
            if (stmt_is_null(st, d)) {
                unknown[d] = true;
                continue;
            }
            const PackScale *s = pack_scale(ctx->pack, asset_dims[d]);
            const PackLevel *l = s ? pack_level(s, stmt_text(st, d)) : NULL;
            if (l && l->rank > best[d]) {
                best[d] = l->rank;
                eff[d] = l->id; /* points into the pack */
            }
        }
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK && !any)
        return asset_not_found(e, id, "id");
    for (int d = 0; d < 3; d++)
        if (unknown[d])
            eff[d] = NULL;
    return s;
}

/* *found when candidate is holder or is held (transitively) by it: putting holder on candidate would
 * then make a cycle. A failed query is an error, never "no cycle". */
static Status holds(Ctx *ctx, int64_t holder, int64_t candidate, bool *found, Err *e)
{
    *found = false;
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE held(id) AS (SELECT ?1 UNION"
                          " SELECT m.content_asset_id FROM media_contents m JOIN held ON m.medium_asset_id = held.id)"
                          " SELECT 1 FROM held WHERE id = ?2",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, holder);
    stmt_bind_int(st, 2, candidate);
    Status s = stmt_step_row(st, found, e);
    stmt_finalize(st);
    return s;
}

static json_t *effective_json(Ctx *ctx, const char *const eff[3], const bool unknown[3])
{
    json_t *o = json_object(), *u = json_array();
    for (int d = 0; d < 3; d++) {
        json_object_set_new(o, asset_dims[d], json_string(eff[d] ? eff[d] : asset_strictest_level(ctx, asset_dims[d])));
        if (unknown[d])
            json_array_append_new(u, json_string(asset_dims[d]));
    }
    json_object_set_new(o, "unknown", u);
    return o;
}

Status asset_set_contents(Ctx *ctx, int64_t medium_id, int64_t content_id, bool present, Err *e)
{
    json_t *medium = NULL, *content = NULL, *before = NULL, *after = NULL;
    Status s = get_readable(ctx, medium_id, &medium, e);
    if (s != ST_OK) {
        strcpy(e->field, "medium_id");
        return s;
    }
    const char *eff[3];
    bool unknown[3];
    if ((s = get_readable(ctx, content_id, &content, e)) != ST_OK) {
        strcpy(e->field, "content_id");
        goto out;
    }
    if (strcmp(str(medium, "kind"), "medium") != 0) {
        s = err_set(e, ST_INVALID, "not_a_medium", "medium_id",
                    "他の情報資産を格納できるのは電磁的記録媒体 (medium) だけです (第23条7(3))",
                    "only a medium can hold other assets");
        goto out;
    }
    if ((s = check_not_disposed(medium, e)) != ST_OK || (present && (s = check_not_disposed(content, e)) != ST_OK))
        goto out;
    bool may = false;
    if ((s = asset_may_edit(ctx, medium, &may, e)) != ST_OK)
        goto out;
    if (!may) {
        s = edit_forbidden(e);
        goto out;
    }
    bool cycle = false;
    if (present && (s = holds(ctx, content_id, medium_id, &cycle, e)) != ST_OK)
        goto out;
    if (cycle) {
        s = err_set(e, ST_INVALID, "contents_cycle", "content_id",
                    "媒体を自分自身やその中身の中に格納することはできません", "a medium cannot hold itself");
        goto out;
    }
    if ((s = asset_effective(ctx, medium_id, eff, unknown, e)) != ST_OK)
        goto out;
    before = effective_json(ctx, eff, unknown);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    Stmt *st = db_prepare(ctx->db,
                          present ? "INSERT OR IGNORE INTO media_contents(medium_asset_id, content_asset_id, created_at)"
                                    " VALUES (?, ?, ?)"
                                  : "DELETE FROM media_contents WHERE medium_asset_id = ? AND content_asset_id = ?",
                          e);
    if (st) {
        stmt_bind_int(st, 1, medium_id);
        stmt_bind_int(st, 2, content_id);
        if (present)
            stmt_bind_text(st, 3, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    if (s == ST_OK && db_changes(ctx->db) == 0) {
        /* nothing changed: already held (a no-op) or not held (an error) */
        if (!present)
            s = err_set(e, ST_NOTFOUND, "content_not_found", "content_id", "この媒体にその情報資産は格納されていません",
                        "the medium does not hold that asset");
        db_rollback(ctx->db);
        goto out;
    }
    /* the recomputed highest-of classification goes into the trail with the change */
    if (s == ST_OK && (s = asset_effective(ctx, medium_id, eff, unknown, e)) == ST_OK) {
        after = effective_json(ctx, eff, unknown);
        json_t *b = json_pack("{s:I, s:O}", "content_id", (json_int_t)content_id, "effective", before);
        json_t *a = json_pack("{s:I, s:O}", "content_id", (json_int_t)content_id, "effective", after);
        s = record_change(ctx, present ? "asset.contents_add" : "asset.contents_remove", "asset", medium_id, b, a, e);
        json_decref(b);
        json_decref(a);
    }
    s = finish_tx(ctx, s, e);
out:
    json_decref(before);
    json_decref(after);
    json_decref(medium);
    json_decref(content);
    return s;
}

static const char *const brief_cols[] = {"id", "asset_no", "name", "kind", "confidentiality", "integrity",
                                         "availability", "classification_status", NULL};
#define BRIEF_TYPES "isssSSSs"

/* Rows of sql (its ?1 the asset id, "%s" where the need-to-know filter goes) that the reader may
 * read: a medium, its contents or its source may belong to another 課 (access.h). */
static Status brief_list(Ctx *ctx, const Reach *reach, const char *sql_fmt, int64_t id, json_t **out, Err *e)
{
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = reach_assets_where(reach, "a", 2, params, &n);
    char *sql = xasprintf(sql_fmt, where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    free(where);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    for (int i = 0; i < n; i++)
        stmt_bind_text(st, 2 + i, params[i]);
    return rows_array(st, brief_cols, BRIEF_TYPES, out, e);
}

Status asset_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *a = NULL, *added = NULL, *contents = NULL, *contained = NULL, *events = NULL;
    Reach reach = {0};
    Status s = get_readable(ctx, id, &a, e);
    if (s != ST_OK)
        return s;
    if ((s = reach_load(ctx, &reach, e)) != ST_OK)
        goto fail;
    const char *eff[3];
    bool unknown[3];
    if ((s = asset_effective(ctx, id, eff, unknown, e)) != ST_OK || (s = added_restrictions(ctx, id, &added, e)) != ST_OK)
        goto fail;
    json_object_set_new(a, "restrictions", asset_restrictions_json(ctx, eff, added));
    json_object_set_new(a, "added_restrictions", added);
    added = NULL;
    json_object_set_new(a, "effective", effective_json(ctx, eff, unknown));
    char *label = NULL;
    if ((s = asset_label_text(ctx, a, &label, e)) != ST_OK)
        goto fail;
    json_object_set_new(a, "label_text", json_string(label));
    free(label);
    const char *kind = str(a, "kind");
    if ((s = brief_list(ctx, &reach,
                        "SELECT a.id, a.asset_no, a.name, a.kind, a.confidentiality, a.integrity, a.availability,"
                        " a.classification_status FROM media_contents m JOIN assets a ON a.id = m.content_asset_id"
                        " WHERE m.medium_asset_id = ?1%s ORDER BY a.asset_no",
                        id, &contents, e)) != ST_OK ||
        (s = brief_list(ctx, &reach,
                        "SELECT a.id, a.asset_no, a.name, a.kind, a.confidentiality, a.integrity, a.availability,"
                        " a.classification_status FROM media_contents m JOIN assets a ON a.id = m.medium_asset_id"
                        " WHERE m.content_asset_id = ?1%s ORDER BY a.asset_no",
                        id, &contained, e)) != ST_OK)
        goto fail;
    if (strcmp(kind, "medium") == 0)
        json_object_set_new(a, "contents", contents);
    else
        json_decref(contents);
    contents = NULL;
    json_object_set_new(a, "contained_in", contained);
    contained = NULL;
    char name[256];
    if ((s = org_unit_name(ctx->db, int_or_0(a, "unit_id"), name, sizeof name, e)) != ST_OK)
        goto fail;
    json_object_set_new(a, "unit_name", json_string(name));
    json_object_set_new(a, "system_name", json_null());
    bool system_readable = false;
    if (int_or_0(a, "system_id") &&
        (s = access_system_readable(ctx, int_or_0(a, "system_id"), &system_readable, e)) != ST_OK)
        goto fail;
    if (int_or_0(a, "system_id") && !system_readable) /* another 課's restricted system stays unnamed */
        json_object_set_new(a, "system_id", json_null());
    if (system_readable) {
        Stmt *st = db_prepare(ctx->db, "SELECT name FROM systems_v WHERE id = ?", e);
        if (st) {
            stmt_bind_int(st, 1, int_or_0(a, "system_id"));
            if (stmt_step(st) == STEP_ROW)
                json_object_set_new(a, "system_name", json_string(stmt_text(st, 0)));
            stmt_finalize(st);
        }
    }
    json_object_set_new(a, "source", json_null());
    bool source_readable = false;
    if (int_or_0(a, "source_asset_id") &&
        (s = access_asset_readable(ctx, int_or_0(a, "source_asset_id"), &source_readable, e)) != ST_OK)
        goto fail;
    if (source_readable) { /* another 課's source the reader may not read stays unnamed */
        json_t *src = NULL;
        Stmt *st = db_prepare(ctx->db, "SELECT id, asset_no, name FROM assets WHERE id = ?", e);
        static const char *const cols[] = {"id", "asset_no", "name", NULL};
        if (st) {
            stmt_bind_int(st, 1, int_or_0(a, "source_asset_id"));
            if (row_single(st, cols, "iss", &src, e) == ST_OK)
                json_object_set_new(a, "source", src);
        }
    }
    if ((s = asset_events_of(ctx, id, &events, e)) != ST_OK)
        goto fail;
    json_object_set_new(a, "events", events);
    bool can_edit = false, can_lower = false;
    if (!str(a, "disposed_at") && ((s = asset_may_edit(ctx, a, &can_edit, e)) != ST_OK ||
                                   (s = asset_may_lower(ctx, int_or_0(a, "unit_id"), &can_lower, e)) != ST_OK))
        goto fail;
    json_object_set_new(a, "can_edit", json_boolean(can_edit));
    json_object_set_new(a, "can_lower", json_boolean(can_lower));
    reach_free(&reach);
    *out = a;
    return ST_OK;
fail:
    reach_free(&reach);
    json_decref(contents);
    json_decref(contained);
    json_decref(added);
    json_decref(a);
    return s;
}

Status asset_pending_queue(Ctx *ctx, json_t **out, Err *e)
{
    static const char *const cols[] = {"id", "asset_no", "name", "kind", "unit_id", "unit_name", "confidentiality",
                                       "integrity", "availability", "created_at", "updated_at", NULL};
    Reach reach;
    Status s = reach_load(ctx, &reach, e);
    if (s != ST_OK)
        return s;
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = reach_assets_where(&reach, "a", 5, params, &n);
    char *sql = xasprintf(
        "WITH RECURSIVE managed(id) AS ("
        "  SELECT r.scope_id FROM role_assignments_v r WHERE r.person_id = ?2 AND r.role = ?3"
        "  AND r.scope_kind = 'unit' AND r.valid_from <= ?4 AND (r.valid_until IS NULL OR r.valid_until >= ?4)"
        "  UNION SELECT o.id FROM org_units_v o JOIN managed ON o.parent_id = managed.id)"
        " SELECT a.id, a.asset_no, a.name, a.kind, a.unit_id, u.name, a.confidentiality, a.integrity,"
        " a.availability, a.created_at, a.updated_at FROM assets a JOIN org_units_v u ON u.id = a.unit_id"
        " WHERE a.classification_status = 'pending' AND a.disposed_at IS NULL"
        " AND (?1 = 1 OR a.unit_id IN (SELECT id FROM managed))%s"
        " ORDER BY a.created_at, a.id LIMIT 1000",
        where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    free(where);
    if (!st) {
        reach_free(&reach);
        return e->status;
    }
    for (int i = 0; i < n; i++)
        stmt_bind_text(st, 5 + i, params[i]);
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, (ctx->actor->caps & CAP_ROLES_MANAGE) ? 1 : 0);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    stmt_bind_text(st, 3, ASSET_MANAGER_ROLE);
    stmt_bind_text(st, 4, today);
    json_t *items = NULL;
    s = rows_array(st, cols, "isssisSSSss", &items, e);
    reach_free(&reach);
    if (s != ST_OK)
        return s;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
