/* irplan_contacts: 第126条(1) 関係者の連絡先, read live at every view and every print — the 緊急連絡網
 * (第13条8, org's roles_contacts) and the incident chain of the pack with the current holders of its
 * organisation-wide roles — so that a person who changes role changes the plan without an edit. */
#include <string.h>

#include "core/clock.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "domain/org/org.h"
#include "policy/pack.h"

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

/* The current holders of an organisation-wide role with their numbers. */
static Status holders(Ctx *ctx, const char *role, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT DISTINCT p.id, p.name, p.phone, p.mobile FROM role_assignments_v r"
                          " JOIN people_v p ON p.id = r.person_id WHERE r.role = ?1 AND r.scope_kind = 'organisation'"
                          " AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2)"
                          " AND (p.active_until IS NULL OR p.active_until >= ?2) ORDER BY p.kana, p.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, role);
    stmt_bind_text(st, 2, today);
    static const char *const cols[] = {"person_id", "name", "phone", "mobile", NULL};
    return rows_array(st, cols, "isss", out, e);
}

Status irplan_contacts(Ctx *ctx, json_t **out, Err *e)
{
    json_t *net = NULL;
    Status s = roles_contacts(ctx, &net, e);
    if (s != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *chain = json_array();
    for (size_t i = 0; s == ST_OK && i < pi->n_chain; i++) {
        const PackChainStep *c = &pi->chain[i];
        const PackRole *role = pack_role(ctx->pack, c->role);
        json_t *people = NULL;
        if (c->scope == SCOPE_ORGANISATION)
            s = holders(ctx, c->role, &people, e);
        else
            people = json_null(); /* resolved per incident from its 課室 or system */
        if (s == ST_OK)
            json_array_append_new(chain, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "step", c->id, "label", c->label,
                                                   "article", c->article, "role", c->role, "role_label",
                                                   role ? role->label : c->role, "scope", scope_name(c->scope),
                                                   "holders", people));
    }
    if (s != ST_OK) {
        json_decref(net);
        json_decref(chain);
        return s;
    }
    *out = json_pack("{s:O, s:o, s:o}", "emergency", json_object_get(net, "items"), "emergency_article",
                     json_incref(json_object_get(net, "article")), "chain", chain);
    json_decref(net);
    return ST_OK;
}
