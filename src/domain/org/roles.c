/* roles: role assignments, their checks, capabilities and the 緊急連絡網 (see roles.h). */
#include "domain/org/roles.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "policy/capability.h"
#include "domain/org/org.h"
#include "domain/kernel/kernel.h"
#include "domain/org/separation.h"
#include "policy/pack.h"

static const char *const assignment_cols[] = {"id", "person_id", "person_name", "role", "scope_kind",
                                              "scope_id", "valid_from", "valid_until",
                                              "contact_order", "note", "unit_id", NULL};
#define ASSIGNMENT_TYPES "iisssIsSisi"
/* Column 11 (not in the JSON as such) is the scope's name: the unit's or the organisation's; an
 * information system's code and name come from the systems module (scope_label). */
#define ASSIGNMENT_SELECT                                                                        \
    "SELECT r.id, r.person_id, p.name, r.role, r.scope_kind, r.scope_id, r.valid_from,"          \
    " r.valid_until, r.contact_order, r.note, p.unit_id,"                                        \
    " CASE r.scope_kind WHEN 'unit' THEN su.name"                                               \
    "  WHEN 'organisation' THEN (SELECT name FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1)"\
    "  ELSE '' END"                                                                              \
    " FROM role_assignments r JOIN people p ON p.id = r.person_id"                               \
    " LEFT JOIN org_units su ON r.scope_kind = 'unit' AND su.id = r.scope_id"
#define CURRENT_SQL "r.valid_from <= ?1 AND (r.valid_until IS NULL OR r.valid_until >= ?1)"

static const char *scope_name(PackScopeKind k)
{
    switch (k) {
    case SCOPE_ORGANISATION: return "organisation";
    case SCOPE_DEPARTMENT: return "department";
    case SCOPE_SECTION: return "section";
    case SCOPE_SYSTEM: return "system";
    case SCOPE_SERVICE: return "service";
    }
    return "organisation";
}

static const RoleSystemScope *system_scope;

void roles_set_system_scope(const RoleSystemScope *s) { system_scope = s; }

/* The scope's label of the current row of an ASSIGNMENT_SELECT. */
static void scope_label(Ctx *ctx, Stmt *st, const char *kind, char *label, size_t n)
{
    if (strcmp(kind, "system") == 0) {
        char name[160] = "";
        if (system_scope)
            system_scope->label(ctx, stmt_int(st, 5), name, sizeof name);
        snprintf(label, n, "情報システム %s", name);
    } else if (strcmp(kind, "organisation") == 0) {
        snprintf(label, n, "%s (全庁)", stmt_text(st, 11));
    } else {
        snprintf(label, n, "%s", stmt_text(st, 11));
    }
}

/* Adds "label", "article" and "scope_label" to an assignment object built from the current row. */
static void decorate(Ctx *ctx, Stmt *st, json_t *a)
{
    const char *role_id = json_string_value(json_object_get(a, "role"));
    const PackRole *role = pack_role(ctx->pack, role_id);
    json_object_set_new(a, "label", json_string(role ? role->label : role_id));
    json_object_set_new(a, "article", json_string(role ? role->article : ""));
    char label[200];
    scope_label(ctx, st, json_string_value(json_object_get(a, "scope_kind")), label, sizeof label);
    json_object_set_new(a, "scope_label", json_string(label));
}

static Status collect(Ctx *ctx, Stmt *st, json_t **out, Err *e)
{
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        json_t *a = row_object(st, assignment_cols, ASSIGNMENT_TYPES);
        decorate(ctx, st, a);
        json_array_append_new(items, a);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

Status roles_of_person(Ctx *ctx, int64_t person_id, bool current_only, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          ASSIGNMENT_SELECT " WHERE r.person_id = ?2 AND (?3 = 0 OR (" CURRENT_SQL "))"
                                            " ORDER BY r.valid_from DESC, r.id DESC",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    stmt_bind_int(st, 2, person_id);
    stmt_bind_int(st, 3, current_only);
    return collect(ctx, st, out, e);
}

/* Writes one assignment object (the current row) — the streaming twin of row_object + decorate. */
static void write_assignment(Ctx *ctx, Stmt *st, JsonWriter *w)
{
    jw_object_begin(w);
    row_write(w, st, assignment_cols, ASSIGNMENT_TYPES);
    const char *role_id = stmt_text(st, 3);
    const PackRole *role = pack_role(ctx->pack, role_id);
    jw_key(w, "label");
    jw_string(w, role ? role->label : role_id);
    jw_key(w, "article");
    jw_string(w, role ? role->article : "");
    char label[200];
    scope_label(ctx, st, stmt_text(st, 4), label, sizeof label);
    jw_key(w, "scope_label");
    jw_string(w, label);
    jw_object_end(w);
}

Status roles_write_current_of_people(Ctx *ctx, const int64_t *person_ids, size_t n, Buf *out, Err *e)
{
    if (n == 0)
        return ST_OK;
    /* One query for the whole page: "IN (?, ?, …)" with one bound parameter per person. */
    Buf sql = BUF_INIT;
    buf_puts(&sql, ASSIGNMENT_SELECT " WHERE " CURRENT_SQL " AND r.person_id IN (");
    for (size_t i = 0; i < n; i++)
        buf_puts(&sql, i ? ", ?" : "?");
    buf_puts(&sql, ") ORDER BY r.valid_from DESC, r.id DESC");
    Stmt *st = db_prepare(ctx->db, buf_str(&sql), e);
    buf_free(&sql);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_text(st, 1, today);
    for (size_t i = 0; i < n; i++)
        stmt_bind_int(st, (int)i + 2, person_ids[i]);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        int64_t person = stmt_int(st, 1);
        for (size_t i = 0; i < n; i++) {
            if (person_ids[i] != person)
                continue;
            JsonWriter w = {.out = out[i]};
            w.any[0] = out[i].len > 0; /* continue the person's list */
            write_assignment(ctx, st, &w);
            out[i] = w.out;
            break;
        }
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status role_assignment_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, ASSIGNMENT_SELECT " WHERE r.id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row) {
        *out = row_object(st, assignment_cols, ASSIGNMENT_TYPES);
        decorate(ctx, st, *out);
    } else if (s == ST_OK) {
        s = err_setf(e, ST_NOTFOUND, "assignment_not_found", "id",
                     "役割の割当 (ID %lld) が見つかりません", "role assignment %lld not found",
                     (long long)id);
    }
    stmt_finalize(st);
    return s;
}

static Status check_scope(Ctx *ctx, const PackRole *role, const RoleAssignment *a, Err *e)
{
    const char *want = scope_name(role->scope);
    if (role->scope == SCOPE_ORGANISATION) {
        if (strcmp(a->scope_kind, "organisation") != 0 || a->scope_id)
            return err_setf(e, ST_INVALID, "scope_mismatch", "scope_kind",
                            "%s は全庁を範囲とする役割です", "%s is an organisation-wide role",
                            role->label);
        return ST_OK;
    }
    if (role->scope == SCOPE_SERVICE) /* its scope is a service: the cloud register appoints it (第148条3) */
        return err_setf(e, ST_INVALID, "role_appointed_in_cloud_register", "role",
                        "%s はクラウドサービス台帳でサービスごとに指名します", "%s is appointed per service in the cloud service register",
                        role->label);
    if (role->scope == SCOPE_SYSTEM) {
        if (strcmp(a->scope_kind, "system") != 0 || !a->scope_id)
            return err_setf(e, ST_INVALID, "scope_mismatch", "scope_kind",
                            "%s は情報システムを範囲とする役割です。情報システム台帳に登録されたシステムを選んでください",
                            "%s is scoped to an information system; choose a registered system", role->label);
        if (!system_scope)
            return err_set(e, ST_INTERNAL, "system_scope_unavailable", "scope_id",
                           "情報システム台帳に問い合わせられません", "the system register cannot be asked");
        bool active = false;
        Status s = system_scope->active(ctx, a->scope_id, &active, e);
        if (s != ST_OK)
            return s;
        if (!active)
            return err_setf(e, ST_INVALID, "unknown_system", "scope_id",
                            "情報システム (ID %lld) が台帳にないか、廃止されています",
                            "information system %lld is not in the register or has been retired",
                            (long long)a->scope_id);
        return ST_OK;
    }
    if (strcmp(a->scope_kind, "unit") != 0 || !a->scope_id)
        return err_setf(e, ST_INVALID, "scope_mismatch", "scope_kind",
                        "%s は組織 (%s) を範囲とする役割です。組織を選んでください",
                        "%s is scoped to a unit (%s); choose one", role->label,
                        role->scope == SCOPE_DEPARTMENT ? "部局" : "課室等");
    json_t *unit = NULL;
    Status s = org_get_unit(ctx, a->scope_id, &unit, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_unit", "scope_id", "範囲の組織が見つかりません",
                       "scope unit not found");
    if (s != ST_OK)
        return s;
    bool fits = strcmp(json_string_value(json_object_get(unit, "kind")), want) == 0;
    json_decref(unit);
    if (!fits)
        return err_setf(e, ST_INVALID, "scope_mismatch", "scope_id",
                        "%s は%sに対して割り当てる役割です", "%s must be assigned to a %s",
                        role->label, role->scope == SCOPE_DEPARTMENT ? "部局" : "課室等", want);
    return ST_OK;
}

/* For unique roles: another assignment of the same role and scope whose period overlaps. */
static Status check_unique(Ctx *ctx, const PackRole *role, const RoleAssignment *a, Err *e)
{
    if (!role->unique)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.name, r.valid_from FROM role_assignments r JOIN people p ON p.id = r.person_id"
                          " WHERE r.role = ? AND r.scope_kind = ? AND coalesce(r.scope_id, 0) = ?"
                          " AND (r.valid_until IS NULL OR r.valid_until >= ?)"
                          " AND (? IS NULL OR r.valid_from <= ?) LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, a->role);
    stmt_bind_text(st, 2, a->scope_kind);
    stmt_bind_int(st, 3, a->scope_id);
    stmt_bind_text(st, 4, a->valid_from);
    stmt_bind_text(st, 5, a->valid_until);
    stmt_bind_text(st, 6, a->valid_until);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        s = err_setf(e, ST_CONFLICT, "role_unique_taken", "role",
                     "%s は一人だけが就く役割で、既に %s さんが就いています。先にその割当を終了してください (%s)",
                     "%s can have only one holder and %s holds it; end that assignment first (%s)",
                     role->label, stmt_text(st, 0), role->article);
    stmt_finalize(st);
    return s;
}

static Status check_person_active(Ctx *ctx, int64_t person_id, const char *from, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT active_until FROM people WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && !row)
        s = err_setf(e, ST_INVALID, "unknown_person", "person_id", "職員 (ID %lld) が見つかりません",
                     "person %lld not found", (long long)person_id);
    else if (s == ST_OK && !stmt_is_null(st, 0) && strcmp(stmt_text(st, 0), from) < 0)
        s = err_set(e, ST_INVALID, "person_inactive", "person_id",
                    "この職員は開始日の時点で在籍していません", "the person has left before that date");
    stmt_finalize(st);
    return s;
}

Status role_assign(Ctx *ctx, const RoleAssignment *a, int64_t *id_out, Err *e)
{
    const PackRole *role = pack_role(ctx->pack, a->role ? a->role : "");
    if (!role)
        return err_setf(e, ST_INVALID, "unknown_role", "role", "役割 %s はポリシーにありません",
                        "role %s is not in the policy pack", a->role ? a->role : "");
    int y, m, d;
    if (!a->valid_from || !date_parse(a->valid_from, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "valid_from", "開始日を YYYY-MM-DD で入力してください",
                       "valid_from must be YYYY-MM-DD");
    if (a->valid_until && strcmp(a->valid_until, a->valid_from) < 0)
        return err_set(e, ST_INVALID, "invalid_period", "valid_until", "終了日は開始日以降にしてください",
                       "valid_until must not be before valid_from");
    DutySubject subject = {.requester_person_id = a->person_id};
    Status s = separation_check(ctx, DUTY_ASSIGN, ctx->actor->person_id, &subject, e);
    if (s == ST_OK)
        s = check_person_active(ctx, a->person_id, a->valid_from, e);
    if (s == ST_OK)
        s = check_scope(ctx, role, a, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    /* Uniqueness is checked inside the write transaction so two concurrent assignments cannot
     * both pass. */
    s = check_unique(ctx, role, a, e);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "INSERT INTO role_assignments(person_id, role, scope_kind, scope_id,"
                                       " valid_from, valid_until, contact_order, note, created_at)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_int(st, 1, a->person_id);
        stmt_bind_text(st, 2, role->id);
        stmt_bind_text(st, 3, a->scope_kind);
        if (a->scope_id)
            stmt_bind_int(st, 4, a->scope_id);
        else
            stmt_bind_null(st, 4);
        stmt_bind_text(st, 5, a->valid_from);
        stmt_bind_text(st, 6, a->valid_until);
        stmt_bind_int(st, 7, role->contact_rank);
        stmt_bind_text(st, 8, a->note ? a->note : "");
        stmt_bind_text(st, 9, now);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = role_assignment_get(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "role.assign", "role_assignment", id, NULL, after, e);
    json_decref(after);
    if ((s = finish_tx(ctx, s, e)) == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status role_end(Ctx *ctx, int64_t assignment_id, const char *valid_until, Err *e)
{
    int y, m, d;
    if (!valid_until || !date_parse(valid_until, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "valid_until", "終了日を YYYY-MM-DD で入力してください",
                       "valid_until must be YYYY-MM-DD");
    json_t *before = NULL, *after = NULL;
    Status s = role_assignment_get(ctx, assignment_id, &before, e);
    if (s != ST_OK)
        return s;
    DutySubject subject = {.requester_person_id = json_integer_value(json_object_get(before, "person_id"))};
    s = separation_check(ctx, DUTY_ASSIGN, ctx->actor->person_id, &subject, e);
    if (s == ST_OK && strcmp(valid_until, json_string_value(json_object_get(before, "valid_from"))) < 0)
        s = err_set(e, ST_INVALID, "invalid_period", "valid_until", "終了日は開始日以降にしてください",
                    "valid_until must not be before valid_from");
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        Stmt *st = db_prepare(ctx->db, "UPDATE role_assignments SET valid_until = ? WHERE id = ?", e);
        if (st) {
            stmt_bind_text(st, 1, valid_until);
            stmt_bind_int(st, 2, assignment_id);
            if (stmt_step(st) != STEP_DONE)
                s = stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        if (s == ST_OK && (s = role_assignment_get(ctx, assignment_id, &after, e)) == ST_OK)
            s = record_change(ctx, "role.end", "role_assignment", assignment_id, before, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    json_decref(after);
    return s;
}

Status role_assignments_list(Ctx *ctx, int64_t person_id, const char *role, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          ASSIGNMENT_SELECT " WHERE (?1 = 0 OR r.person_id = ?1) AND (?2 IS NULL OR r.role = ?2)"
                                            " ORDER BY r.valid_from DESC, r.id DESC LIMIT 1000",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, role);
    json_t *items = NULL;
    Status s = collect(ctx, st, &items, e);
    if (s == ST_OK)
        *out = json_pack("{s:o}", "items", items);
    return s;
}

Status roles_list(Ctx *ctx, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    json_t *items = json_array();
    Status s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_roles; i++) {
        const PackRole *r = &ctx->pack->roles[i];
        json_t *role = pack_role_to_json(r);
        Stmt *st = db_prepare(ctx->db, ASSIGNMENT_SELECT " WHERE r.role = ?2 AND " CURRENT_SQL
                                                         " ORDER BY r.scope_kind, r.scope_id, p.kana",
                              e);
        json_t *holders = NULL;
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, today);
            stmt_bind_text(st, 2, r->id);
            s = collect(ctx, st, &holders, e);
        }
        if (s == ST_OK) {
            /* Holders are named as people in this list: assignment_id and name. */
            size_t k;
            json_t *h;
            json_array_foreach(holders, k, h) {
                json_object_set(h, "assignment_id", json_object_get(h, "id"));
                json_object_set(h, "name", json_object_get(h, "person_name"));
            }
            json_object_set_new(role, "holders", holders);
        }
        json_array_append_new(items, role);
    }
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status role_current_holders(Ctx *ctx, const char *role, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    *out = NULL;
    Stmt *st = db_prepare(ctx->db, "SELECT DISTINCT r.person_id FROM role_assignments r WHERE r.role = ?2 AND "
                          CURRENT_SQL " ORDER BY r.person_id", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    stmt_bind_text(st, 2, role);
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    if (s != ST_OK) {
        json_decref(ids);
        return s;
    }
    *out = ids;
    return ST_OK;
}

Status roles_capabilities(Ctx *ctx, int64_t person_id, uint64_t *caps, bool *privileged, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    *caps = CAP_SIGNED_IN;
    *privileged = false;
    Stmt *st = db_prepare(ctx->db, "SELECT r.role FROM role_assignments r WHERE r.person_id = ?2 AND " CURRENT_SQL, e);
    if (!st) {
        *caps = 0;
        *privileged = true;
        return e->status;
    }
    stmt_bind_text(st, 1, today);
    stmt_bind_int(st, 2, person_id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const PackRole *role = pack_role(ctx->pack, stmt_text(st, 0));
        if (!role)
            continue; /* a role the active pack no longer has grants nothing */
        *caps |= role->caps;
        *privileged = *privileged || role->privileged;
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) { /* for a caller that cannot take the error: no rights, and the strictest sign-in */
        *caps = 0;
        *privileged = true;
    }
    return s;
}

Status roles_contacts(Ctx *ctx, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.contact_order, r.role, p.id, p.name, u.name, p.title, p.phone, p.mobile,"
                          " p.email FROM role_assignments r JOIN people p ON p.id = r.person_id"
                          " JOIN org_units u ON u.id = p.unit_id"
                          " WHERE r.contact_order > 0 AND " CURRENT_SQL
                          " ORDER BY r.contact_order, p.kana",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    static const char *const cols[] = {"order", "role", "person_id", "name", "unit_name", "title",
                                       "phone", "mobile", "email", NULL};
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        json_t *c = row_object(st, cols, "isissssss");
        const PackRole *role = pack_role(ctx->pack, stmt_text(st, 1));
        json_object_set_new(c, "label", json_string(role ? role->label : stmt_text(st, 1)));
        json_object_set_new(c, "article", json_string(role ? role->article : ""));
        json_array_append_new(items, c);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:s}", "items", items, "article", "第13条8");
    return ST_OK;
}

Status role_holds_over_unit(Ctx *ctx, int64_t person_id, const char *role, int64_t unit_id, bool *holds, Err *e)
{
    *holds = false;
    if (!person_id || !role || !unit_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "WITH RECURSIVE up(id) AS (SELECT ?2 UNION ALL"
                          " SELECT u.parent_id FROM org_units u JOIN up ON u.id = up.id"
                          " WHERE u.parent_id IS NOT NULL)"
                          " SELECT 1 FROM role_assignments r WHERE r.person_id = ?3 AND r.role = ?4"
                          " AND r.scope_kind = 'unit' AND r.scope_id IN (SELECT id FROM up) AND " CURRENT_SQL
                          " LIMIT 1",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_text(st, 1, today);
    stmt_bind_int(st, 2, unit_id);
    stmt_bind_int(st, 3, person_id);
    stmt_bind_text(st, 4, role);
    Status s = stmt_step_row(st, holds, e);
    stmt_finalize(st);
    return s;
}
