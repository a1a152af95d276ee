/* rec_license: ソフトウェア・ライセンス台帳 (第76条(2)), see rec_license.h. */
#include "domain/records/rec_license.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/kernel/kernel.h"

static const char *const license_cols[] = {"id", "software", "version", "license_kind", "license_count", "target",
                                           "purpose", "system_id", "system_name", "unit_id", "unit_name",
                                           "request_id", "notes", "created_at", "updated_at", NULL};
#define LICENSE_TYPES "isssissISISIsss"
#define LICENSE_SELECT                                                                                            \
    "SELECT l.id, l.software, l.version, l.license_kind, l.license_count, l.target, l.purpose, l.system_id,"      \
    " s.name, l.unit_id, u.name, l.request_id, l.notes, l.created_at, l.updated_at FROM software_licenses l"      \
    " LEFT JOIN systems_v s ON s.id = l.system_id LEFT JOIN org_units_v u ON u.id = l.unit_id"

Status rec_license_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, LICENSE_SELECT " WHERE l.id = ?", license_cols, LICENSE_TYPES, id, "license_not_found",
                   "ライセンスの記録が見つかりません", "license row not found", out, e);
}

typedef struct LicenseIn {
    const char *software, *version, *kind, *target, *purpose, *notes;
    int64_t count, system_id, unit_id, request_id;
} LicenseIn;

static Status insert(Ctx *ctx, const LicenseIn *l, const char *action, int64_t *id_out, Err *e)
{
    char now[21];
    rec_now(ctx, now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO software_licenses(software, version, license_kind, license_count, target, purpose,"
                          " system_id, unit_id, request_id, notes, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?11, ?11)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, l->software);
    stmt_bind_text(st, 2, l->version);
    stmt_bind_text(st, 3, l->kind);
    stmt_bind_int(st, 4, l->count);
    stmt_bind_text(st, 5, l->target);
    stmt_bind_text(st, 6, l->purpose);
    int64_t ids[] = {l->system_id, l->unit_id, l->request_id};
    for (int i = 0; i < 3; i++) {
        if (ids[i])
            stmt_bind_int(st, 7 + i, ids[i]);
        else
            stmt_bind_null(st, 7 + i);
    }
    stmt_bind_text(st, 10, l->notes);
    stmt_bind_text(st, 11, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = rec_license_get(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, action, "software_license", id, NULL, after, e);
    json_decref(after);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* The number in a form's text ("５", "10本"): leading digits after NFKC; 0 when none. */
static int64_t count_of(const char *s)
{
    char *n = text_nfkc(s ? s : "");
    int64_t v = 0;
    for (const char *p = n; *p >= '0' && *p <= '9' && v < 1000000000; p++)
        v = v * 10 + (*p - '0');
    free(n);
    return v;
}

static const char *fstr(const json_t *f, const char *k)
{
    const char *s = json_string_value(json_object_get(f, k));
    return s ? s : "";
}

/* Approved software_install requests without a ledger row: {id, system_id, unit_id, fields}. */
static Status missing_rows(Ctx *ctx, json_t **rows, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.object_id, r.unit_id, r.fields FROM requests_v r"
                          " LEFT JOIN software_licenses l ON l.request_id = r.id"
                          " WHERE r.type = 'software_install' AND r.state IN ('approved', 'completed')"
                          " AND l.id IS NULL AND ?1 = ?1 ORDER BY r.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, 0);
    static const char *const cols[] = {"id", "system_id", "unit_id", "fields", NULL};
    return rows_array(st, cols, "iIis", rows, e);
}

Status rec_license_sync(Ctx *ctx, int *added, Err *e)
{
    *added = 0;
    json_t *rows = NULL;
    /* a cheap look first, so reading the ledger takes no write lock when nothing is missing */
    Status s = missing_rows(ctx, &rows, e);
    if (s != ST_OK || !json_array_size(rows)) {
        json_decref(rows);
        return s;
    }
    json_decref(rows);
    rows = NULL;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    /* again inside the transaction: another reader may have added them meanwhile */
    if ((s = missing_rows(ctx, &rows, e)) != ST_OK) {
        db_rollback(ctx->db);
        return s;
    }
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        json_t *f = json_loads(fstr(o, "fields"), 0, NULL);
        LicenseIn l = {
            .software = fstr(f, "software_name"),
            .version = fstr(f, "version"),
            .kind = fstr(f, "license_kind"),
            .count = count_of(fstr(f, "license_count")),
            .target = fstr(f, "target_device"),
            .purpose = fstr(f, "purpose"),
            .notes = "",
            .system_id = json_integer_value(json_object_get(o, "system_id")),
            .unit_id = json_integer_value(json_object_get(o, "unit_id")),
            .request_id = json_integer_value(json_object_get(o, "id")),
        };
        if (s == ST_OK)
            s = insert(ctx, &l, "software_license.from_request", NULL, e);
        json_decref(f);
        *added += s == ST_OK;
    }
    json_decref(rows);
    s = finish_tx(ctx, s, e);
    if (s != ST_OK)
        *added = 0;
    return s;
}

/* ENFORCES: 第76条(2)
 * ソフトウェア・ライセンスを登録できるのは、情報セキュリティ管理者又は情報システム管理者だけ。 */
Status rec_license_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    LicenseIn l = {0};
    Status s = rec_text(in, &license_fields[LICENSE_F_SOFTWARE], &l.software, e);
    if (s == ST_OK)
        s = rec_text(in, &license_fields[LICENSE_F_VERSION], &l.version, e);
    if (s == ST_OK)
        s = rec_text(in, &license_fields[LICENSE_F_KIND], &l.kind, e);
    if (s == ST_OK)
        s = rec_text(in, &license_fields[LICENSE_F_TARGET], &l.target, e);
    if (s == ST_OK)
        s = rec_text(in, &license_fields[LICENSE_F_PURPOSE], &l.purpose, e);
    if (s == ST_OK)
        s = rec_text(in, &license_fields[LICENSE_F_NOTES], &l.notes, e);
    json_t *c = json_object_get(in, "license_count");
    if (s == ST_OK)
        s = c && !json_is_null(c) ? entity_check_value(&license_fields[LICENSE_F_COUNT], c, NULL, e)
                                  : entity_required(&license_fields[LICENSE_F_COUNT], e);
    if (s != ST_OK)
        return s;
    l.count = json_integer_value(c);
    json_t *sys = json_object_get(in, "system_id"), *unit = json_object_get(in, "unit_id");
    l.system_id = json_is_integer(sys) ? json_integer_value(sys) : 0;
    l.unit_id = json_is_integer(unit) ? json_integer_value(unit) : 0;
    if (!l.system_id && !l.unit_id)
        return err_set(e, ST_INVALID, "required", "unit_id", "管理する課室か情報システムを指定してください",
                       "unit_id or system_id is required");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT (?1 = 0 OR EXISTS (SELECT 1 FROM systems_v WHERE id = ?1)),"
                          " (?2 = 0 OR EXISTS (SELECT 1 FROM org_units_v WHERE id = ?2))",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, l.system_id);
    stmt_bind_int(st, 2, l.unit_id);
    bool sys_ok = false, unit_ok = false, row = false;
    s = stmt_step_row(st, &row, e);
    if (row) {
        sys_ok = stmt_int(st, 0) != 0;
        unit_ok = stmt_int(st, 1) != 0;
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!sys_ok)
        return err_set(e, ST_INVALID, "unknown_system", "system_id", "情報システムが見つかりません", "system not found");
    if (!unit_ok)
        return err_set(e, ST_INVALID, "unknown_unit", "unit_id", "課室が見つかりません", "unit not found");
    bool may = rec_sees_all(ctx);
    if (!may && l.unit_id && (s = rec_is_manager_of(ctx, l.unit_id, &may, e)) != ST_OK)
        return s;
    if (!may && l.system_id && (s = rec_may_keep_system(ctx, l.system_id, &may, e)) != ST_OK)
        return s;
    if (!may)
        return rec_forbidden(e, "record_forbidden",
                             "ライセンスを管理するのは、情報セキュリティ管理者又は情報システム管理者です (第76条(2))",
                             "licenses are kept by the section's security manager or the system's manager");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    return finish_tx(ctx, insert(ctx, &l, "software_license.create", id_out, e), e);
}

Status rec_license_list(Ctx *ctx, json_t **out, Err *e)
{
    int added = 0;
    Status s = rec_license_sync(ctx, &added, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, LICENSE_SELECT " WHERE ?1 = ?1 ORDER BY l.software, l.id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, 0);
    json_t *rows = NULL;
    if ((s = rows_array(st, license_cols, LICENSE_TYPES, &rows, e)) == ST_OK)
        *out = json_pack("{s:o, s:i, s:s}", "items", rows, "synced", added, "article", "第76条(2)");
    return s;
}

/* ソフトウェアのライセンス as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is rec_license_get of the row. */
static const char *const software_license_actions[] = {"software_license.create", "software_license.from_request", NULL};
const StateKind software_license_state_kind = {
    .object_type = "software_license",
    .table = "software_licenses",
    .ids_sql = "SELECT id FROM software_licenses ORDER BY id",
    .full_actions = software_license_actions,
    .ignored = NULL,
    .get = rec_license_get,
};
