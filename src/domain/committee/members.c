/* members: who sits on the committee today — the people holding a member role of the pack's
 * roles.yaml `committee` (第19条2), read from org's role register; the chair's role (第19条1). */
#include <string.h>

#include "core/clock.h"
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "policy/capability.h"
#include "policy/pack.h"

static bool member_role(const PackCommittee *c, const char *role)
{
    for (size_t i = 0; i < c->n_members; i++)
        if (strcmp(c->members[i], role) == 0)
            return true;
    return false;
}

Status committee_members(Ctx *ctx, json_t **out, Err *e)
{
    Status s = cm_require_member(ctx, e);
    if (s != ST_OK)
        return s;
    const PackCommittee *c = &ctx->pack->committee;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.name, coalesce(u.name, ''), r.role FROM role_assignments_v r"
                          " JOIN people_v p ON p.id = r.person_id LEFT JOIN org_units_v u ON u.id = p.unit_id"
                          " WHERE r.valid_from <= ?1 AND (r.valid_until IS NULL OR r.valid_until >= ?1)"
                          " AND p.active_from <= ?1 AND (p.active_until IS NULL OR p.active_until >= ?1)"
                          " ORDER BY p.kana, p.id, r.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    json_t *members = json_array(), *chair = json_null(), *last = NULL;
    int64_t last_id = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const char *role = stmt_text(st, 3);
        if (!member_role(c, role))
            continue;
        const PackRole *pr = pack_role(ctx->pack, role);
        const char *label = pr && pr->label ? pr->label : role;
        int64_t pid = stmt_int(st, 0);
        if (pid != last_id) {
            last = json_pack("{s:I, s:s, s:s, s:[]}", "person_id", (json_int_t)pid, "name", stmt_text(st, 1), "unit_name",
                             stmt_text(st, 2), "roles");
            json_array_append_new(members, last);
            last_id = pid;
        }
        json_t *labels = json_object_get(last, "roles");
        bool seen = false;
        for (size_t i = 0; i < json_array_size(labels); i++)
            seen |= strcmp(json_string_value(json_array_get(labels, i)), label) == 0;
        if (!seen)
            json_array_append_new(labels, json_string(label));
        if (c->chair && strcmp(c->chair, role) == 0 && json_is_null(chair))
            chair = json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)pid, "name", stmt_text(st, 1), "role_label", label);
    }
    s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(members);
        json_decref(chair);
        return s;
    }
    *out = json_pack("{s:s?, s:o, s:o, s:b}", "article", c->article, "chair", chair, "members", members, "may_manage",
                     (ctx->actor->caps & CAP_COMMITTEE_MANAGE) != 0);
    return ST_OK;
}
