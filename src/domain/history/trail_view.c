/* trail_view: trail entries as a person reads them (see trail_view.h). The names of actions and object
 * types come from the trail's vocabulary; the object's own name and the person behind a login ID are
 * looked up here, one prepared statement per object type. */
#include "domain/history/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities/entity.h"
#include "domain/cloud/cloud.h"
#include "domain/policydocs/policydocs.h"
#include "domain/records/records.h"
#include "domain/registers/registers.h"
#include "domain/requests/requests.h"
#include "domain/vendors/vendors.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/vocabulary.h"

/* The names of the objects history's declared modules own; the others' come from their modules. */
static const NameQuery own_name_queries[] = {
    {"account", "SELECT p.name, NULL, a.person_id FROM accounts_v a JOIN people_v p ON p.id = a.person_id WHERE a.id = ?",
     NAME_CODE_NONE},
    {"asset", "SELECT asset_no || ' ' || name, NULL, id FROM assets_v WHERE id = ?", NAME_CODE_NONE},
    {"org_unit", "SELECT name, NULL, id FROM org_units_v WHERE id = ?", NAME_CODE_NONE},
    {"pack", PACK_VERSION_NAME_SQL, NAME_CODE_NONE},
    {"person", "SELECT name, NULL, id FROM people_v WHERE id = ?", NAME_CODE_NONE},
    {"role_assignment",
     "SELECT p.name, r.role, r.id FROM role_assignments_v r JOIN people_v p ON p.id = r.person_id WHERE r.id = ?",
     NAME_CODE_ROLE},
    {"system", "SELECT code || ' ' || name, NULL, id FROM systems_v WHERE id = ?", NAME_CODE_NONE},
    {"system_component",
     "SELECT c.name || ' (' || s.name || ')', NULL, c.system_id FROM system_components_v c"
     " JOIN systems_v s ON s.id = c.system_id WHERE c.id = ?",
     NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};

static const NameQuery *const name_tables[] = {own_name_queries,        records_name_queries,
                                               requests_name_queries,   policydocs_name_queries,
                                               registers_name_queries,  vendors_name_queries,
                                               cloud_name_queries};

static const NameQuery *name_query(const char *type)
{
    for (size_t t = 0; type && t < sizeof name_tables / sizeof *name_tables; t++)
        for (const NameQuery *q = name_tables[t]; q->type; q++)
            if (strcmp(q->type, type) == 0)
                return q;
    return NULL;
}

/* The pack's name for a role or a request type; the code itself when the pack has none. */
static const char *pack_name(const Ctx *ctx, NameCode kind, const char *code)
{
    if (!code || !ctx->pack)
        return code;
    if (kind == NAME_CODE_ROLE) {
        const PackRole *r = pack_role(ctx->pack, code);
        return r ? r->label : code;
    }
    const PackRequestType *t = pack_request_type(ctx->pack, code);
    return t ? t->label : code;
}

/* Sets object_name and object_path of item from its object_type / object_id. An object that no
 * longer exists keeps only its type's name. */
static Status name_object(Ctx *ctx, json_t *item, const TrailObjectType *type, Err *e)
{
    const char *id_text = json_string_value(json_object_get(item, "object_id"));
    const NameQuery *q = name_query(type ? type->type : NULL);
    char *end = NULL;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    if (!q || !id_text || !*id_text || *end) {
        if (type && type->path && !strchr(type->path, '{'))
            json_object_set_new(item, "object_path", json_string(type->path));
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db, q->sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        const char *name = stmt_text(st, 0), *code = stmt_text(st, 1);
        char buf[512];
        if (q->code == NAME_CODE_REQUEST_TYPE)
            snprintf(buf, sizeof buf, "%s %s", pack_name(ctx, q->code, code), name ? name : "");
        else if (q->code == NAME_CODE_ROLE)
            snprintf(buf, sizeof buf, "%s（%s）", name ? name : "", pack_name(ctx, q->code, code));
        else
            snprintf(buf, sizeof buf, "%s", name ? name : "");
        json_object_set_new(item, "object_name", json_string(buf));
        if (type->path) {
            /* every placeholder stands for the id the query returned */
            const char *brace = strchr(type->path, '{');
            char path[160];
            if (brace)
                snprintf(path, sizeof path, "%.*s%lld", (int)(brace - type->path), type->path,
                         (long long)stmt_int(st, 2));
            else
                snprintf(path, sizeof path, "%s", type->path);
            json_object_set_new(item, "object_path", json_string(path));
        }
    }
    Status s = r == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    return s;
}

/* Who acted: a person's name for a login ID; a description for lgsec's own actors. */
static Status name_actor(Ctx *ctx, json_t *item, Err *e)
{
    const char *actor = json_string_value(json_object_get(item, "actor"));
    if (!actor)
        return ST_OK;
    static const struct { const char *actor, *ja, *en; } own[] = {
        {"system", "lgsec (自動処理)", "lgsec (scheduled work)"},
        {"init", "初期設定 (lgsec init)", "set-up (lgsec init)"},
        {"anonymous", "ログイン前の利用者", "not signed in"},
    };
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strcmp(actor, own[i].actor) == 0) {
            json_object_set_new(item, "actor_name", json_string(own[i].ja));
            json_object_set_new(item, "actor_name_en", json_string(own[i].en));
            return ST_OK;
        }
    if (strncmp(actor, "cli:", 4) == 0) {
        json_object_set_new(item, "actor_name", json_sprintf("コマンド操作 (%s)", actor + 4));
        json_object_set_new(item, "actor_name_en", json_sprintf("command line (%s)", actor + 4));
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.name FROM accounts_v a JOIN people_v p ON p.id = a.person_id WHERE a.login_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, actor);
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        json_object_set_new(item, "actor_name", json_string(stmt_text(st, 1)));
        json_object_set_new(item, "actor_person_id", json_integer((json_int_t)stmt_int(st, 0)));
    }
    Status s = r == STEP_ERROR ? stmt_error(st, e) : ST_OK;
    stmt_finalize(st);
    return s;
}

/* The declared entity an object type's before/after are rows of, so a comparison can show each field
 * by its label (名称, 機密性 …) rather than its column; NULL for the others. */
static const Entity *entity_of(const char *object_type)
{
    for (size_t i = 0; object_type && entity_all[i]; i++)
        if (entity_all[i]->trail_object && strcmp(entity_all[i]->trail_object, object_type) == 0)
            return entity_all[i];
    return NULL;
}

static void add_field_labels(json_t *item, const Entity *ent)
{
    json_t *ja = json_object(), *en = json_object();
    for (size_t i = 0; i < ent->nfields; i++) {
        json_object_set_new(ja, ent->fields[i].name, json_string(ent->fields[i].label_ja));
        json_object_set_new(en, ent->fields[i].name, json_string(ent->fields[i].label_en));
    }
    json_object_set_new(item, "field_labels", ja);
    json_object_set_new(item, "field_labels_en", en);
}

Status trail_view_annotate(Ctx *ctx, json_t *items, Err *e)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        const TrailActionName *a = trail_action_name(json_string_value(json_object_get(item, "action")));
        const TrailObjectType *t = trail_object_type(json_string_value(json_object_get(item, "object_type")));
        if (a) {
            json_object_set_new(item, "action_label", json_string(a->ja));
            json_object_set_new(item, "action_label_en", json_string(a->en));
        }
        if (t) {
            json_object_set_new(item, "object_label", json_string(t->ja));
            json_object_set_new(item, "object_label_en", json_string(t->en));
        }
        const Entity *ent = entity_of(json_string_value(json_object_get(item, "object_type")));
        if (ent)
            add_field_labels(item, ent);
        Status s = name_actor(ctx, item, e);
        if (s == ST_OK)
            s = name_object(ctx, item, t, e);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

json_t *trail_view_vocabulary(void)
{
    size_t n;
    const TrailActionName *a = trail_actions(&n);
    json_t *actions = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(actions, json_pack("{s:s, s:s, s:s}", "id", a[i].action, "label", a[i].ja,
                                                 "label_en", a[i].en));
    const TrailObjectType *t = trail_object_types(&n);
    json_t *types = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(types, json_pack("{s:s, s:s, s:s}", "id", t[i].type, "label", t[i].ja,
                                               "label_en", t[i].en));
    return json_pack("{s:o, s:o}", "actions", actions, "object_types", types);
}
