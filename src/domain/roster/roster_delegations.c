/* roster_delegations: the 代行 (第84条3) a 人事異動 ends. A delegation hangs on its principal holding the
 * role and on its deputy being there to stand in: when the principal's role over that scope ends, the
 * delegation ends the same day; when the deputy leaves, on their last day; when the deputy moves out
 * of the 課 the delegation is about, the day before the move (the rule roles follow). It is ended,
 * never handed on: the role's next holder names their own deputy (docs/people.md). */
#include <string.h>

#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "domain/roster/roster_internal.h"

static const char *sv(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The last day of the role held as d's (role, scope) among ended, or NULL. */
static const char *role_end_of(const json_t *ended, const json_t *d)
{
    size_t i;
    json_t *a;
    json_array_foreach(ended, i, a) {
        if (strcmp(sv(a, "role"), sv(d, "role")) != 0 || strcmp(sv(a, "scope_kind"), sv(d, "scope_kind")) != 0)
            continue;
        if (json_equal(json_object_get(a, "scope_id"), json_object_get(d, "scope_id")) ||
            (json_is_null(json_object_get(a, "scope_id")) && json_is_null(json_object_get(d, "scope_id"))))
            return sv(a, "valid_until");
    }
    return NULL;
}

Status roster_end_delegations(Ctx *ctx, RosterPlan *p, const RosterRow *r, int64_t old_sec, const json_t *ended,
                              json_t *done, Err *e)
{
    json_t *list = NULL;
    Status s = delegations_of_person(ctx, r->person_id, &list, e);
    if (s != ST_OK)
        return s;
    int64_t new_sec = 0;
    if (!r->leaving && r->moved && (s = org_section_of(ctx, r->unit_id, 0, &new_sec, e)) != ST_OK) {
        json_decref(list);
        return s;
    }
    const char *leaves_on = sv(r->obj, "leaves_on"), *moved_on = sv(r->obj, "moved_on");
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        if (s != ST_OK)
            break;
        const char *until = NULL, *reason = NULL;
        char before_move[11];
        if (json_integer_value(json_object_get(d, "principal_person_id")) == r->person_id &&
            (until = role_end_of(ended, d)))
            reason = "principal_role_ended";
        if (!until && json_integer_value(json_object_get(d, "deputy_person_id")) == r->person_id) {
            bool ends = false;
            if (r->leaving && leaves_on) {
                until = leaves_on;
                reason = "deputy_leaving";
            } else if (r->moved && new_sec != old_sec &&
                       (s = roster_ends_on_move(ctx, d, r->old_unit_id, old_sec, r->unit_id, &ends, e)) == ST_OK && ends) {
                roster_day_before(moved_on ? moved_on : p->today, before_move);
                until = before_move;
                reason = "deputy_moved";
            }
        }
        if (s != ST_OK || !until || strcmp(until, sv(d, "valid_until")) >= 0)
            continue; /* nothing ended, or it ends by then anyway */
        Err re = {0};
        Status rs = delegation_end(ctx, json_integer_value(json_object_get(d, "id")), until, &re);
        if (rs == ST_OK) {
            bool revoked = strcmp(until, sv(d, "valid_from")) < 0;
            json_array_append_new(done, json_pack("{s:O, s:O, s:O, s:O, s:s, s:s?}", "delegation_id", json_object_get(d, "id"),
                                                  "principal_name", json_object_get(d, "principal_name"), "deputy_name",
                                                  json_object_get(d, "deputy_name"), "role_label",
                                                  json_object_get(d, "role_label"), "reason", reason, "valid_until",
                                                  revoked ? NULL : until));
        } else if (rs == ST_INVALID || rs == ST_CONFLICT || rs == ST_FORBIDDEN || rs == ST_NOTFOUND) {
            roster_row_err(p->errors, r->src_row, p->col[0], &re);
        } else {
            *e = re;
            s = rs;
        }
    }
    json_decref(list);
    return s;
}
