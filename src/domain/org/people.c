/* people: listing with search and keyset paging, detail, creation and update (see people.h). */
#include "domain/org/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "domain/org/org.h"
#include "domain/kernel/kernel.h"
#include "domain/org/roles.h"
#include "entities/person_entity.h"

static const char *const person_cols[] = {
    "id", "staff_no", "name", "kana", "employment", "unit_id", "unit_name", "title", "email",
    "phone", "mobile", "mynumber_zone", "active_from", "active_until", "has_account", NULL};
#define PERSON_TYPES "issssisssssbsSb"
#define PERSON_SELECT                                                                           \
    "SELECT p.id, p.staff_no, p.name, p.kana, p.employment, p.unit_id, u.name, p.title,"        \
    " p.email, p.phone, p.mobile, p.mynumber_zone, p.active_from, p.active_until,"              \
    " EXISTS(SELECT 1 FROM accounts_v a WHERE a.person_id = p.id)"                              \
    " FROM people p JOIN org_units u ON u.id = p.unit_id"

const char *employment_label(const char *code)
{
    static const char *const map[][2] = {{"regular", "正規職員"},
                                         {"fiscal_year", "会計年度任用職員"},
                                         {"part_time", "非常勤職員"},
                                         {"contractor", "委託事業者要員"}};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(code, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

Status people_list(Ctx *ctx, const PersonQuery *q, char **json_out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    char *norm = q->q && *q->q ? text_nfkc(q->q) : NULL;
    char *pattern = norm ? text_like_contains(norm) : NULL;
    int limit = q->limit < 1 ? 50 : q->limit > PEOPLE_PAGE_MAX ? PEOPLE_PAGE_MAX : q->limit;
    Stmt *st = db_prepare(
        ctx->db,
        PERSON_SELECT
        " WHERE (? IS NULL OR p.name LIKE ? ESCAPE '\\' OR p.kana LIKE ? ESCAPE '\\'"
        "        OR p.staff_no LIKE ? ESCAPE '\\')"
        " AND (? = 0 OR p.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
        "      SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub))"
        " AND (? = 1 OR p.active_until IS NULL OR p.active_until >= ?)"
        " AND (? = 0 OR (p.kana, p.id) > ((SELECT kana FROM people WHERE id = ?), ?))"
        " ORDER BY p.kana, p.id LIMIT ?",
        e);
    if (!st) {
        free(norm);
        free(pattern);
        return e->status;
    }
    stmt_bind_text(st, 1, pattern);
    stmt_bind_text(st, 2, pattern);
    stmt_bind_text(st, 3, pattern);
    stmt_bind_text(st, 4, pattern);
    stmt_bind_int(st, 5, q->unit_id);
    stmt_bind_int(st, 6, q->unit_id);
    stmt_bind_int(st, 7, q->include_inactive);
    stmt_bind_text(st, 8, today);
    stmt_bind_int(st, 9, q->cursor);
    stmt_bind_int(st, 10, q->cursor);
    stmt_bind_int(st, 11, q->cursor);
    stmt_bind_int(st, 12, limit + 1);
    /* Each person's fields are written now; their roles come from one query for the whole page
     * and are spliced in when the page is assembled. */
    Buf rows[PEOPLE_PAGE_MAX];
    int64_t ids[PEOPLE_PAGE_MAX];
    Buf roles[PEOPLE_PAGE_MAX];
    memset(roles, 0, sizeof roles);
    size_t n = 0;
    bool more = false;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        if (n == (size_t)limit) {
            more = true;
            break;
        }
        JsonWriter w = {0};
        row_write(&w, st, person_cols, PERSON_TYPES);
        ids[n] = stmt_int(st, 0);
        rows[n++] = w.out;
    }
    Status s = r == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    free(norm);
    free(pattern);
    if (s == ST_OK)
        s = roles_write_current_of_people(ctx, ids, n, roles, e);
    JsonWriter page = {0};
    jw_object_begin(&page);
    jw_key(&page, "items");
    jw_array_begin(&page);
    for (size_t i = 0; i < n; i++) {
        jw_object_begin(&page);
        jw_raw(&page, buf_str(&rows[i]), rows[i].len);
        jw_key(&page, "roles");
        jw_array_begin(&page);
        if (roles[i].len)
            jw_raw(&page, buf_str(&roles[i]), roles[i].len);
        jw_array_end(&page);
        jw_object_end(&page);
        buf_free(&rows[i]);
        buf_free(&roles[i]);
    }
    jw_array_end(&page);
    jw_key(&page, "next_cursor");
    if (more) {
        char cursor[24];
        snprintf(cursor, sizeof cursor, "%lld", (long long)ids[n - 1]);
        jw_string(&page, cursor);
    } else {
        jw_null(&page);
    }
    jw_object_end(&page);
    if (s != ST_OK) {
        jw_free(&page);
        return s;
    }
    *json_out = jw_take(&page);
    return ST_OK;
}

Status people_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, PERSON_SELECT " WHERE p.id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, person_cols, PERSON_TYPES, out, e);
    if (s == ST_NOTFOUND)
        err_setf(e, ST_NOTFOUND, "person_not_found", "id", "職員 (ID %lld) が見つかりません",
                 "person %lld not found", (long long)id);
    return s;
}

Status people_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *p = NULL;
    Status s = people_get_plain(ctx, id, &p, e);
    if (s != ST_OK)
        return s;
    json_t *roles = NULL;
    if ((s = roles_of_person(ctx, id, false, &roles, e)) != ST_OK) {
        json_decref(p);
        return s;
    }
    json_object_set_new(p, "roles", roles);
    *out = p;
    return ST_OK;
}

Status people_find_by_staff_no(Ctx *ctx, const char *staff_no, int64_t *id_out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM people WHERE staff_no = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, staff_no);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *id_out = stmt_int(st, 0);
    else if (s == ST_OK)
        s = err_setf(e, ST_NOTFOUND, "person_not_found", "staff_no",
                     "職員番号 %s の職員が見つかりません", "no person with staff number %s", staff_no);
    stmt_finalize(st);
    return s;
}

/* Semantic checks shared by create and update, on the merged record. */
static Status validate(Ctx *ctx, json_t *p, Err *e)
{
    /* required fields, limits in characters, the employment choices: the declaration's
     * (entities/person_entity.c) */
    Status s = entity_check(&person_entity, p, true, NULL, e);
    if (s != ST_OK)
        return s;
    json_t *unit = NULL;
    s = org_get_unit(ctx, json_integer_value(json_object_get(p, "unit_id")), &unit, e);
    if (s != ST_OK && s != ST_NOTFOUND)
        return s;
    if (s != ST_OK)
        return err_set(e, ST_INVALID, "unknown_unit", "unit_id", "所属が見つかりません",
                       "unit not found");
    bool active = json_is_true(json_object_get(unit, "active"));
    json_decref(unit);
    if (!active)
        return err_set(e, ST_INVALID, "unit_inactive", "unit_id", "廃止された組織には所属させられません",
                       "the unit is no longer active");
    const char *from = json_string_value(json_object_get(p, "active_from"));
    const char *until = json_string_value(json_object_get(p, "active_until"));
    if (until && strcmp(until, from) < 0)
        return err_set(e, ST_INVALID, "invalid_period", "active_until",
                       "在籍終了日は在籍開始日以降の日付にしてください",
                       "active_until must not be before active_from");
    const char *email = json_string_value(json_object_get(p, "email")) ?: "";
    if (*email && (!strchr(email, '@') || strchr(email, ' ')))
        return err_set(e, ST_INVALID, "invalid_email", "email", "メールアドレスの形式が正しくありません",
                       "invalid e-mail address");
    return ST_OK;
}

static const char *s_or(json_t *o, const char *k, const char *fallback)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : fallback;
}

static Status write_person(Ctx *ctx, int64_t id, json_t *p, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    char *name = text_nfkc(s_or(p, "name", ""));
    char *kana = text_nfkc(s_or(p, "kana", ""));
    Stmt *st = db_prepare(
        ctx->db,
        id ? "UPDATE people SET staff_no = ?1, name = ?2, kana = ?3, employment = ?4, unit_id = ?5,"
             " title = ?6, email = ?7, phone = ?8, mobile = ?9, mynumber_zone = ?10, active_from = ?11,"
             " active_until = ?12, updated_at = ?13 WHERE id = ?14"
           : "INSERT INTO people(staff_no, name, kana, employment, unit_id, title, email, phone,"
             " mobile, mynumber_zone, active_from, active_until, created_at, updated_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        e);
    Status s = st ? ST_OK : e->status;
    if (st) {
        stmt_bind_text(st, 1, s_or(p, "staff_no", ""));
        stmt_bind_text(st, 2, name ? name : "");
        stmt_bind_text(st, 3, kana ? kana : "");
        stmt_bind_text(st, 4, s_or(p, "employment", ""));
        stmt_bind_int(st, 5, json_integer_value(json_object_get(p, "unit_id")));
        stmt_bind_text(st, 6, s_or(p, "title", ""));
        stmt_bind_text(st, 7, s_or(p, "email", ""));
        stmt_bind_text(st, 8, s_or(p, "phone", ""));
        stmt_bind_text(st, 9, s_or(p, "mobile", ""));
        stmt_bind_int(st, 10, json_is_true(json_object_get(p, "mynumber_zone")));
        stmt_bind_text(st, 11, s_or(p, "active_from", ""));
        stmt_bind_text(st, 12, json_string_value(json_object_get(p, "active_until")));
        stmt_bind_text(st, 13, now);
        if (id)
            stmt_bind_int(st, 14, id);
        if (stmt_step(st) != STEP_DONE && (s = stmt_error(st, e)) == ST_CONFLICT)
            err_setf(e, ST_CONFLICT, "staff_no_taken", "staff_no", "職員番号 %s は既に登録されています",
                     "staff number %s is already registered", s_or(p, "staff_no", ""));
        stmt_finalize(st);
    }
    free(name);
    free(kana);
    return s;
}

Status people_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    Status s = validate(ctx, in, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = write_person(ctx, 0, in, e);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = people_get_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "person.create", "person", id, NULL, after, e);
    json_decref(after);
    if ((s = finish_tx(ctx, s, e)) == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status people_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    if (json_object_get(patch, "staff_no"))
        return err_set(e, ST_INVALID, "immutable_field", "staff_no", "職員番号は変更できません",
                       "the staff number cannot be changed");
    json_t *before = NULL;
    Status s = people_get_plain(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    json_t *merged = json_deep_copy(before);
    json_object_update(merged, patch);
    json_t *after = NULL;
    if ((s = validate(ctx, merged, e)) == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        s = write_person(ctx, id, merged, e);
        if (s == ST_OK && (s = people_get_plain(ctx, id, &after, e)) == ST_OK)
            s = record_change(ctx, "person.update", "person", id, before, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    json_decref(merged);
    json_decref(after);
    return s;
}
