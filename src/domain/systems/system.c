/* system: reading the 情報システム台帳 — list with filters and keyset paging, the detail with its
 * computed classification, restrictions, requirements, managers and assets, and who may edit (see
 * systems.h). Writes are in system_write.c and system_component.c. */
#include "domain/systems/systems.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "policy/capability.h"
#include "domain/kernel/kernel.h"
#include "domain/access/access.h"
#include "domain/systems/system_internal.h"
#include "policy/pack.h"

const char *const system_plain_cols[] = {
    "id", "code", "name", "purpose", "zone", "owner_unit_id", "vendor", "location", "region", "redundancy",
    "failover_procedure", "maintenance", "backup", "doc_configuration", "doc_standards", "doc_incident",
    "doc_recovery", "mfa", "usb_write_block", "product_registration", "notes", "relay_kind", "active", "created_at",
    "updated_at", NULL};

const char *const component_cols[] = {"id", "system_id", "kind", "name", "product", "version", "vendor",
                                       "support_end", "quantity", "registration", "notes", "created_at",
                                       "updated_at", NULL};

void system_facts_to_bool(json_t *sys)
{
    for (int i = 0; i < 10; i++) {
        json_t *v = json_object_get(sys, pack_system_fields[i]);
        if (json_is_integer(v))
            json_object_set_new(sys, pack_system_fields[i], json_boolean(json_integer_value(v) != 0));
    }
}

Status system_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT " SYSTEM_PLAIN_COLUMNS " FROM systems WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = row_single(st, system_plain_cols, SYSTEM_PLAIN_TYPES, out, e);
    if (s == ST_NOTFOUND)
        return err_setf(e, ST_NOTFOUND, "system_not_found", "id", "情報システム (ID %lld) が見つかりません",
                        "information system %lld not found", (long long)id);
    if (s == ST_OK)
        system_facts_to_bool(*out);
    return s;
}

Status system_get_readable(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    bool readable = false;
    Status s = access_system_readable(ctx, id, &readable, e);
    if (s == ST_OK && !readable) /* as a missing one answers (access.h) */
        s = err_setf(e, ST_NOTFOUND, "system_not_found", "id", "情報システム (ID %lld) が見つかりません",
                     "information system %lld not found", (long long)id);
    return s == ST_OK ? system_get_plain(ctx, id, out, e) : s;
}

void system_facts_from_json(const json_t *sys, SystemFacts *f)
{
    memset(f, 0, sizeof *f);
    f->zone = json_string_value(json_object_get(sys, "zone"));
    for (int i = 0; i < 10; i++) {
        json_t *v = json_object_get(sys, pack_system_fields[i]);
        f->flag[i] = json_is_boolean(v) ? json_is_true(v) : json_is_integer(v) ? json_integer_value(v) != 0 : -1;
    }
    f->product_registration = json_string_value(json_object_get(sys, "product_registration"));
}

#define COUNTS_SQL                                                                                   \
    "SELECT count(CASE WHEN support_end < ?2 THEN 1 END),"                                          \
    " count(CASE WHEN support_end >= ?2 AND support_end < ?3 THEN 1 END),"                          \
    " count(CASE WHEN kind = 'software' THEN 1 END),"                                               \
    " count(CASE WHEN kind = 'software' AND support_end IS NULL THEN 1 END)"                        \
    " FROM system_components WHERE system_id = ?1"

Status system_component_counts(Ctx *ctx, int64_t id, const char *today, const char *horizon, SystemFacts *f,
                               long *soon_out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, COUNTS_SQL, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, today);
    stmt_bind_text(st, 3, horizon);
    Status s = ST_OK;
    if (stmt_step(st) == STEP_ROW) {
        f->components_ended = (long)stmt_int(st, 0);
        if (soon_out)
            *soon_out = (long)stmt_int(st, 1);
        f->software_count = (long)stmt_int(st, 2);
        f->software_unknown_support = (long)stmt_int(st, 3);
    } else {
        s = stmt_error(st, e);
    }
    stmt_finalize(st);
    return s;
}

Status system_class_load(Ctx *ctx, int64_t id, SystemClass *c, Err *e)
{
    memset(c, 0, sizeof *c);
    /* Few distinct combinations per system, whatever the number of assets. */
    Stmt *st = db_prepare(ctx->db,
                          "SELECT confidentiality, integrity, availability, classification_status = 'pending',"
                          " count(*) FROM assets_v WHERE system_id = ? AND disposed_at IS NULL"
                          " GROUP BY 1, 2, 3, 4",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const char *levels[SYSTEM_N_SCALES];
        for (int i = 0; i < SYSTEM_N_SCALES; i++)
            levels[i] = stmt_is_null(st, i) ? NULL : stmt_text(st, i);
        system_class_add(c, ctx->pack, levels, stmt_int(st, 3) != 0, (long)stmt_int(st, 4));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

void system_dates(Ctx *ctx, char today[static 11], char horizon[static 11])
{
    date_today(ctx->clock, today);
    support_horizon(today, ctx->pack->systems.support_warning_months, horizon);
}

Status system_may_edit(Ctx *ctx, int64_t system_id, bool *may, Err *e)
{
    const Actor *a = ctx->actor;
    /* the local operator (CLI, init --demo) is not a signed-in person */
    *may = (a->account_id == 0 && a->person_id == 0) || (a->caps & CAP_ROLES_MANAGE);
    if (*may || !system_id || !a->person_id)
        return ST_OK;
    const PackSystems *ps = &ctx->pack->systems;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT role FROM role_assignments_v WHERE person_id = ? AND scope_kind = 'system'"
                          " AND scope_id = ? AND valid_from <= ?3 AND (valid_until IS NULL OR valid_until >= ?3)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, a->person_id);
    stmt_bind_int(st, 2, system_id);
    stmt_bind_text(st, 3, today);
    StepResult r = STEP_DONE;
    while (!*may && (r = stmt_step(st)) == STEP_ROW)
        for (size_t i = 0; i < ps->n_editor_roles && !*may; i++)
            *may = strcmp(ps->editor_roles[i], stmt_text(st, 0)) == 0;
    Status s = r == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    if (s != ST_OK)
        *may = false;
    return s;
}

/* ENFORCES: 第17条, 第23条2
 * 情報システム台帳を登録・編集できるのは、その情報システム管理者と役割の管理権限を持つ人だけ。 */
Status system_require_edit(Ctx *ctx, int64_t system_id, Err *e)
{
    bool may = false;
    Status s = system_may_edit(ctx, system_id, &may, e);
    if (s != ST_OK || may)
        return s;
    if (!system_id)
        return err_set(e, ST_FORBIDDEN, "system_edit_forbidden", "",
                       "情報システムを台帳に登録できるのは、統括情報セキュリティ責任者等の役割の管理権限を持つ人です",
                       "only holders of roles.manage may register information systems");
    return err_set(e, ST_FORBIDDEN, "system_edit_forbidden", "",
                   "この情報システムの台帳を編集できるのは、その情報システム管理者 (第17条、第23条2) と統括情報セキュリティ責任者等です",
                   "only the system's manager (article 17, 23(2)) or holders of roles.manage may edit it");
}

/* requirements array for the detail, and the counts of the applicable ones. */
static json_t *requirements_json(const Pack *p, const SystemFacts *f, const SystemClass *c, long counts[3])
{
    json_t *out = json_array();
    counts[0] = counts[1] = counts[2] = 0;
    for (size_t i = 0; i < p->systems.n_requirements; i++) {
        const PackSystemRequirement *r = &p->systems.requirements[i];
        bool applies = requirement_applies(r, f, c);
        ReqState state = requirement_state(r, f);
        if (applies)
            counts[state]++;
        if (!out)
            continue;
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b, s:s}", "id", r->id, "label",
                                             r->label, "description", r->description ? r->description : "",
                                             "article", r->article ? json_string(r->article) : json_null(),
                                             "reference", r->reference ? json_string(r->reference) : json_null(),
                                             "condition", r->condition, "field", r->field, "applies", applies,
                                             "state", req_state_name(state)));
    }
    return out;
}

static Status managers_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.person_id, p.name, r.role, r.valid_from, r.valid_until, u.name"
                          " FROM role_assignments_v r JOIN people_v p ON p.id = r.person_id"
                          " JOIN org_units_v u ON u.id = p.unit_id"
                          " WHERE r.scope_kind = 'system' AND r.scope_id = ?1"
                          " AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                          " ORDER BY r.contact_order, p.kana, r.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, today);
    static const char *const cols[] = {"assignment_id", "person_id", "name", "role", "valid_from",
                                       "valid_until", "unit_name", NULL};
    json_t *items = NULL;
    Status s = rows_array(st, cols, "iisssSs", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m) {
        const PackRole *role = pack_role(ctx->pack, json_string_value(json_object_get(m, "role")));
        json_object_set_new(m, "label", json_string(role ? role->label : json_string_value(json_object_get(m, "role"))));
        json_object_set_new(m, "article", json_string(role ? role->article : ""));
    }
    *out = items;
    return ST_OK;
}

/* The assets it processes that the reader may read (access.h). */
static Status assets_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Reach reach;
    Status s = reach_load(ctx, &reach, e);
    if (s != ST_OK)
        return s;
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = reach_assets_where(&reach, "a", 3, params, &n);
    char *sql = xasprintf("SELECT a.id, a.asset_no, a.name, a.confidentiality, a.integrity, a.availability,"
                          " a.classification_status FROM assets_v a WHERE a.system_id = ?1 AND a.disposed_at IS NULL%s"
                          " ORDER BY a.asset_no, a.id LIMIT ?2",
                          where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    free(where);
    if (!st) {
        reach_free(&reach);
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, SYSTEM_ASSETS_SHOWN);
    for (int i = 0; i < n; i++)
        stmt_bind_text(st, 3 + i, params[i]);
    static const char *const cols[] = {"id", "asset_no", "name", "confidentiality", "integrity", "availability",
                                       "classification_status", NULL};
    s = rows_array(st, cols, "issSSSs", out, e);
    reach_free(&reach);
    return s;
}

static Status components_json(Ctx *ctx, int64_t id, const char *today, const char *horizon, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " COMPONENT_COLUMNS " FROM system_components WHERE system_id = ?"
                          " ORDER BY kind, name, id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *items = NULL;
    Status s = rows_array(st, component_cols, COMPONENT_TYPES, &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *c;
    json_array_foreach(items, i, c) {
        SupportState ss = support_state(json_string_value(json_object_get(c, "support_end")), today, horizon);
        json_object_set_new(c, "support_state", json_string(support_state_name(ss)));
    }
    *out = items;
    return ST_OK;
}

Status system_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *sys = NULL, *part = NULL;
    Status s = system_get_readable(ctx, id, &sys, e);
    if (s != ST_OK)
        return s;
    char today[11], horizon[11], unit[200];
    system_dates(ctx, today, horizon);
    SystemFacts f;
    system_facts_from_json(sys, &f);
    SystemClass c;
    long soon = 0, counts[3];
    if ((s = system_component_counts(ctx, id, today, horizon, &f, &soon, e)) == ST_OK)
        s = system_class_load(ctx, id, &c, e);
    if (s == ST_OK) {
        int64_t unit_id = json_integer_value(json_object_get(sys, "owner_unit_id"));
        unit[0] = '\0';
        Stmt *st = db_prepare(ctx->db, "SELECT name FROM org_units_v WHERE id = ?", e);
        if (st) {
            stmt_bind_int(st, 1, unit_id);
            if (stmt_step(st) == STEP_ROW)
                snprintf(unit, sizeof unit, "%s", stmt_text(st, 0));
            stmt_finalize(st);
        }
        json_object_set_new(sys, "owner_unit_name", json_string(unit));
        json_object_set_new(sys, "classification", system_class_json(&c, ctx->pack));
        json_object_set_new(sys, "restrictions", system_restrictions_json(&c, ctx->pack));
        json_object_set_new(sys, "requirements", requirements_json(ctx->pack, &f, &c, counts));
        json_object_set_new(sys, "requirement_counts",
                            json_pack("{s:i, s:i, s:i}", "met", (int)counts[REQ_MET], "not_met",
                                      (int)counts[REQ_NOT_MET], "not_recorded", (int)counts[REQ_NOT_RECORDED]));
        json_object_set_new(sys, "unsupported_count", json_integer(f.components_ended));
        json_object_set_new(sys, "support_soon_count", json_integer(soon));
        json_object_set_new(sys, "support_warning_months", json_integer(ctx->pack->systems.support_warning_months));
        json_object_set_new(sys, "support_article", json_string(ctx->pack->systems.support_article));
        json_object_set_new(sys, "asset_count", json_integer(c.asset_count));
    }
    if (s == ST_OK && (s = components_json(ctx, id, today, horizon, &part, e)) == ST_OK)
        json_object_set_new(sys, "components", part);
    if (s == ST_OK && (s = managers_json(ctx, id, &part, e)) == ST_OK)
        json_object_set_new(sys, "managers", part);
    if (s == ST_OK && (s = assets_json(ctx, id, &part, e)) == ST_OK)
        json_object_set_new(sys, "assets", part);
    bool can_edit = false;
    if (s == ST_OK)
        s = system_may_edit(ctx, id, &can_edit, e);
    if (s != ST_OK) {
        json_decref(sys);
        return s;
    }
    json_object_set_new(sys, "can_edit", json_boolean(can_edit));
    *out = sys;
    return ST_OK;
}

static bool in_names(const char *const *names, const char *s)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return true;
    return false;
}

Status system_list(Ctx *ctx, const SystemQuery *q, json_t **out, Err *e)
{
    static const char *const flags[] = {"unsupported", "support_soon", "requirements_unmet", NULL};
    if (q->zone && *q->zone && !in_names(pack_zones, q->zone))
        return err_set(e, ST_INVALID, "invalid_zone", "zone",
                       "領域は mynumber(マイナンバー利用事務系)・lgwan(LGWAN接続系)・internet(インターネット接続系) から選んでください",
                       "zone must be mynumber, lgwan or internet");
    if (q->flag && *q->flag && !in_names(flags, q->flag))
        return err_set(e, ST_INVALID, "invalid_flag", "flag",
                       "絞り込みは unsupported・support_soon・requirements_unmet のいずれかです",
                       "flag must be unsupported, support_soon or requirements_unmet");
    int64_t cursor = 0;
    if (q->cursor && *q->cursor) {
        char *end = NULL;
        long long v = strtoll(q->cursor, &end, 10);
        if (!end || *end || v <= 0)
            return err_set(e, ST_INVALID, "invalid_cursor", "cursor", "ページ位置 (cursor) が正しくありません",
                           "invalid cursor");
        cursor = v;
    }
    const char *flag = q->flag && *q->flag ? q->flag : "";
    bool unmet_only = strcmp(flag, "requirements_unmet") == 0;
    int limit = q->limit < 1 ? 50 : q->limit > SYSTEM_PAGE_MAX ? SYSTEM_PAGE_MAX : q->limit;
    char today[11], horizon[11];
    system_dates(ctx, today, horizon);
    char *norm = q->q && *q->q ? text_nfkc(q->q) : NULL;
    char *pattern = norm ? text_like_contains(norm) : NULL;
    Reach reach;
    Status rs = reach_load(ctx, &reach, e);
    if (rs != ST_OK) {
        free(norm);
        free(pattern);
        return rs;
    }
    const char *reach_params[REACH_PARAMS];
    int n_reach = 0;
    char *reach_where = reach_systems_where(&reach, "s", 9, reach_params, &n_reach);
    char *sql = xasprintf(
        "SELECT s.id, s.code, s.name, s.zone, s.owner_unit_id, u.name, s.location, s.vendor, s.updated_at,"
        " s.redundancy, s.failover_procedure, s.maintenance, s.backup, s.doc_configuration, s.doc_standards,"
        " s.doc_incident, s.doc_recovery, s.mfa, s.usb_write_block, s.product_registration,"
        " (SELECT count(*) FROM system_components c WHERE c.system_id = s.id AND c.support_end < ?1),"
        " (SELECT count(*) FROM system_components c WHERE c.system_id = s.id AND c.support_end >= ?1"
        "   AND c.support_end < ?2),"
        " (SELECT count(*) FROM system_components c WHERE c.system_id = s.id AND c.kind = 'software'),"
        " (SELECT count(*) FROM system_components c WHERE c.system_id = s.id AND c.kind = 'software'"
        "   AND c.support_end IS NULL),"
        " s.relay_kind"
        " FROM systems s JOIN org_units_v u ON u.id = s.owner_unit_id"
        " WHERE s.active = 1"
        " AND (?3 IS NULL OR s.code LIKE ?3 ESCAPE '\\' OR s.name LIKE ?3 ESCAPE '\\'"
        "      OR s.vendor LIKE ?3 ESCAPE '\\' OR s.purpose LIKE ?3 ESCAPE '\\')"
        " AND (?4 = '' OR s.zone = ?4)"
        " AND (?5 = 0 OR s.owner_unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ?5 UNION ALL"
        "      SELECT o.id FROM org_units_v o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub))"
        " AND (?6 <> 'unsupported' OR EXISTS (SELECT 1 FROM system_components c WHERE c.system_id = s.id"
        "      AND c.support_end < ?1))"
        " AND (?6 <> 'support_soon' OR EXISTS (SELECT 1 FROM system_components c WHERE c.system_id = s.id"
        "      AND c.support_end >= ?1 AND c.support_end < ?2))"
        " AND (?7 = 0 OR s.code > (SELECT code FROM systems WHERE id = ?7))%s"
        " ORDER BY s.code LIMIT ?8",
        reach_where);
    free(reach_where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    if (!st) {
        free(norm);
        free(pattern);
        reach_free(&reach);
        return e->status;
    }
    for (int i = 0; i < n_reach; i++)
        stmt_bind_text(st, 9 + i, reach_params[i]);
    stmt_bind_text(st, 1, today);
    stmt_bind_text(st, 2, horizon);
    stmt_bind_text(st, 3, pattern);
    stmt_bind_text(st, 4, q->zone ? q->zone : "");
    stmt_bind_int(st, 5, q->unit_id);
    stmt_bind_text(st, 6, flag);
    stmt_bind_int(st, 7, cursor);
    /* requirements_unmet is decided in C (conditions come from the pack): read on until the page is
     * full. The first page reads every hit to count them (a register holds thousands of systems at
     * most); only the rows of the page, and with requirements_unmet every row, are evaluated. */
    bool first_page = cursor == 0;
    stmt_bind_int(st, 8, unmet_only || first_page ? -1 : limit + 1);
    static const char *const cols[] = {"id", "code", "name", "zone", "owner_unit_id", "owner_unit_name",
                                       "location", "vendor", "updated_at", NULL};
    json_t *items = json_array();
    bool more = false;
    int64_t last_id = 0, total = 0;
    StepResult r;
    Status s = ST_OK;
    while ((r = stmt_step(st)) == STEP_ROW) {
        bool page_full = json_array_size(items) == (size_t)limit;
        if (page_full && !unmet_only) {
            more = true;
            if (!first_page)
                break;
            total++;
            continue;
        }
        SystemFacts f;
        memset(&f, 0, sizeof f);
        f.zone = stmt_text(st, 3);
        for (int i = 0; i < 10; i++)
            f.flag[i] = stmt_is_null(st, 9 + i) ? -1 : stmt_int(st, 9 + i) != 0;
        f.product_registration = stmt_text(st, 19);
        f.components_ended = (long)stmt_int(st, 20);
        long soon = (long)stmt_int(st, 21);
        f.software_count = (long)stmt_int(st, 22);
        f.software_unknown_support = (long)stmt_int(st, 23);
        SystemClass c;
        int64_t id = stmt_int(st, 0);
        if ((s = system_class_load(ctx, id, &c, e)) != ST_OK)
            break;
        long counts[3];
        json_decref(requirements_json(ctx->pack, &f, &c, counts));
        if (unmet_only && counts[REQ_NOT_MET] + counts[REQ_NOT_RECORDED] == 0)
            continue;
        total++;
        if (page_full) {
            more = true;
            if (!first_page)
                break;
            continue;
        }
        json_t *row = row_object(st, cols, "isssisss" "s");
        json_object_set_new(row, "classification", system_class_json(&c, ctx->pack));
        json_object_set_new(row, "requirements",
                            json_pack("{s:i, s:i, s:i}", "met", (int)counts[REQ_MET], "not_met",
                                      (int)counts[REQ_NOT_MET], "not_recorded", (int)counts[REQ_NOT_RECORDED]));
        json_object_set_new(row, "unsupported_count", json_integer(f.components_ended));
        json_object_set_new(row, "support_soon_count", json_integer(soon));
        json_object_set_new(row, "relay_kind", json_string(stmt_text(st, 24) ?: ""));
        json_array_append_new(items, row);
        last_id = id;
    }
    if (s == ST_OK && r == STEP_ERROR)
        s = stmt_error(st, e);
    stmt_finalize(st);
    free(norm);
    free(pattern);
    reach_free(&reach);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)last_id);
    *out = json_pack("{s:o, s:o}", "items", items, "next_cursor", more ? json_string(next) : json_null());
    if (first_page)
        json_object_set_new(*out, "total", json_integer(total));
    return ST_OK;
}
