/* access: the need-to-know rule of access.h — a reader's reach and the SQL that keeps what it reads. */
#include "domain/access/access.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "domain/org/org.h"
#include "policy/pack.h"

static bool listed(char **ids, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

static void json_add_int(Buf *b, int64_t v)
{
    buf_printf(b, "%s%lld", b->len > 1 ? "," : "", (long long)v);
}

Status reach_load(Ctx *ctx, Reach *r, Err *e)
{
    memset(r, 0, sizeof *r);
    const Actor *a = ctx->actor;
    const Pack *p = ctx->pack;
    Buf open = BUF_INIT, units = BUF_INIT, systems = BUF_INIT;
    buf_puts(&open, "[");
    buf_puts(&units, "[");
    buf_puts(&systems, "[");
    Status s = ST_OK;
    /* the local operator (CLI, demo) is not a reader subject to the rule */
    r->all = a->account_id == 0 && a->person_id == 0;
    const PackVisibility *v = p ? &p->visibility : NULL;
    const PackScale *conf = p ? pack_scale(p, "confidentiality") : NULL;
    for (size_t i = 0; v && v->restricted_rank && conf && i < conf->n_levels; i++) {
        if (conf->levels[i].rank >= v->restricted_rank)
            continue;
        json_t *id = json_string(conf->levels[i].id);
        char *text = json_dumps(id, JSON_ENCODE_ANY);
        buf_printf(&open, "%s%s", open.len > 1 ? "," : "", text);
        free(text);
        json_decref(id);
    }
    if (!r->all && v && a->person_id) {
        int64_t section = 0;
        json_t *roles = NULL;
        if ((s = org_section_of(ctx, 0, a->person_id, &section, e)) == ST_OK && section)
            json_add_int(&units, section);
        if (s == ST_OK && (s = roles_of_person(ctx, a->person_id, true, &roles, e)) == ST_OK) {
            json_t *items = json_is_array(roles) ? roles : json_object_get(roles, "items");
            size_t i;
            json_t *ra;
            json_array_foreach(items, i, ra) {
                const char *role = json_string_value(json_object_get(ra, "role"));
                const char *kind = json_string_value(json_object_get(ra, "scope_kind"));
                int64_t scope = json_integer_value(json_object_get(ra, "scope_id"));
                if (!kind)
                    continue;
                if (listed(v->all_roles, v->n_all_roles, role) && strcmp(kind, "organisation") == 0)
                    r->all = true;
                else if (listed(v->unit_roles, v->n_unit_roles, role) && strcmp(kind, "unit") == 0 && scope)
                    json_add_int(&units, scope);
                else if (listed(v->system_roles, v->n_system_roles, role) && strcmp(kind, "system") == 0 && scope)
                    json_add_int(&systems, scope);
            }
            json_decref(roles);
        }
    }
    buf_puts(&open, "]");
    buf_puts(&units, "]");
    buf_puts(&systems, "]");
    r->open_levels = buf_take(&open);
    r->units = buf_take(&units);
    r->systems = buf_take(&systems);
    buf_free(&open);
    buf_free(&units);
    buf_free(&systems);
    if (s != ST_OK) {
        reach_free(r);
        r->all = false;
    }
    return s;
}

void reach_free(Reach *r)
{
    free(r->open_levels);
    free(r->units);
    free(r->systems);
    r->open_levels = r->units = r->systems = NULL;
}

static void set_params(const Reach *r, const char *params[REACH_PARAMS], int *n)
{
    params[0] = r->open_levels;
    params[1] = r->units;
    params[2] = r->systems;
    *n = REACH_PARAMS;
}

/* "<column> IN (the units of ?u and their sub-units)" */
static void units_in(Buf *b, const char *column, int u)
{
    buf_printf(b,
               "%s IN (WITH RECURSIVE reach_sub(id) AS (SELECT value FROM json_each(?%d) UNION"
               " SELECT o.id FROM org_units_v o JOIN reach_sub ON o.parent_id = reach_sub.id) SELECT id FROM reach_sub)",
               column, u);
}

char *reach_assets_where(const Reach *r, const char *alias, int first, const char *params[REACH_PARAMS], int *n)
{
    *n = 0;
    if (r->all)
        return xstrdup("");
    set_params(r, params, n);
    Buf b = BUF_INIT;
    char col[96];
    /* open: its own level is open and, for a medium, so is everything it holds (in use) */
    buf_printf(&b,
               " AND ((%s.confidentiality IN (SELECT value FROM json_each(?%d)) AND NOT (%s.kind = 'medium' AND EXISTS"
               " (WITH RECURSIVE reach_held(id) AS (SELECT m.content_asset_id FROM media_contents_v m"
               " WHERE m.medium_asset_id = %s.id UNION SELECT m.content_asset_id FROM media_contents_v m"
               " JOIN reach_held ON m.medium_asset_id = reach_held.id)"
               " SELECT 1 FROM reach_held JOIN assets_v reach_c ON reach_c.id = reach_held.id"
               " WHERE reach_c.disposed_at IS NULL AND (reach_c.confidentiality IS NULL OR"
               " reach_c.confidentiality NOT IN (SELECT value FROM json_each(?%d))))))",
               alias, first, alias, alias, first);
    snprintf(col, sizeof col, " OR %s.unit_id", alias);
    units_in(&b, col, first + 1);
    buf_printf(&b, " OR %s.system_id IN (SELECT value FROM json_each(?%d)))", alias, first + 2);
    return buf_take(&b);
}

char *reach_systems_where(const Reach *r, const char *alias, int first, const char *params[REACH_PARAMS], int *n)
{
    *n = 0;
    if (r->all)
        return xstrdup("");
    set_params(r, params, n);
    Buf b = BUF_INIT;
    char col[96];
    /* open: no asset in use that it processes is restricted (its classification is theirs, 第23条7(3)) */
    buf_printf(&b,
               " AND (NOT EXISTS (SELECT 1 FROM assets_v reach_x WHERE reach_x.system_id = %s.id AND"
               " reach_x.disposed_at IS NULL AND (reach_x.confidentiality IS NULL OR"
               " reach_x.confidentiality NOT IN (SELECT value FROM json_each(?%d))))",
               alias, first);
    snprintf(col, sizeof col, " OR %s.owner_unit_id", alias);
    units_in(&b, col, first + 1);
    buf_printf(&b, " OR %s.id IN (SELECT value FROM json_each(?%d)))", alias, first + 2);
    return buf_take(&b);
}

Status reach_readable_systems(Ctx *ctx, const Reach *r, char **json_out, Err *e)
{
    *json_out = NULL;
    if (r->all)
        return ST_OK;
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = reach_systems_where(r, "s", 1, params, &n);
    char *sql = xasprintf("SELECT json_group_array(s.id) FROM systems_v s WHERE 1 = 1%s", where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    free(sql);
    free(where);
    if (!st)
        return e->status;
    for (int i = 0; i < n; i++)
        stmt_bind_text(st, 1 + i, params[i]);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK)
        *json_out = xstrdup(row ? stmt_text(st, 0) : "[]");
    stmt_finalize(st);
    return s;
}

static Status readable(Ctx *ctx, bool asset, int64_t id, bool *out, Err *e)
{
    *out = false;
    Reach r;
    Status s = reach_load(ctx, &r, e);
    if (s != ST_OK)
        return s;
    const char *params[REACH_PARAMS];
    int n = 0;
    char *where = asset ? reach_assets_where(&r, "a", 2, params, &n) : reach_systems_where(&r, "a", 2, params, &n);
    char *sql = xasprintf("SELECT 1 FROM %s a WHERE a.id = ?1%s", asset ? "assets" : "systems", where);
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (st) {
        stmt_bind_int(st, 1, id);
        for (int i = 0; i < n; i++)
            stmt_bind_text(st, 2 + i, params[i]);
        s = stmt_step_row(st, out, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    free(sql);
    free(where);
    reach_free(&r);
    if (s != ST_OK)
        *out = false;
    return s;
}

Status access_asset_readable(Ctx *ctx, int64_t asset_id, bool *readable_out, Err *e)
{
    return readable(ctx, true, asset_id, readable_out, e);
}

Status access_system_readable(Ctx *ctx, int64_t system_id, bool *readable_out, Err *e)
{
    return readable(ctx, false, system_id, readable_out, e);
}
