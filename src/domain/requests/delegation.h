/* delegation: 代行 (第84条3-4). A holder of a role (the principal) names a deputy for a period; while
 * the delegation is active and the period covers today, the deputy resolves as an approver wherever
 * the principal does (request_approvers lists them with "deputy_for"), and their decisions record
 * whom they stood in for. Outside the period a deputy's decision is refused with
 * delegation_not_active.
 *
 * For the roles a delegation-kind request type lists in `delegates` (mic: 特権の代行者 — 統括情報
 * セキュリティ責任者 and 情報システム管理者) the delegation needs that type's approval (the CISO):
 * delegation_create files and submits the request, and the delegation row is created when it is
 * approved. Other privileged roles (roles.yaml privileged: true) cannot be delegated; any other role
 * is delegated at once by its holder. The deputy (and, 第84条4, the holders of the type's
 * notify_roles) get an in-app notification. Rows are never deleted; delegation_revoke ends one. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct DelegationIn {
    const char *role;         /* the pack role the acting person holds */
    int64_t scope_id;         /* the unit or system of that holding; 0 = the only one the person holds */
    int64_t deputy_person_id;
    const char *valid_from;   /* YYYY-MM-DD, inclusive */
    const char *valid_until;  /* YYYY-MM-DD, inclusive, not before today */
    const char *reason;       /* required, at most 4000 bytes */
} DelegationIn;

/* The acting person names a deputy. When the role needs approval, *request_id_out gets the submitted
 * request's id and *id_out 0; otherwise *id_out gets the delegation's id and *request_id_out 0.
 * Errors: not_role_holder, ambiguous_scope, invalid_field (dates, reason), deputy_not_found,
 * self_delegation, delegation_not_allowed, overlapping_delegation. Either out may be NULL. */
Status delegation_create(Ctx *ctx, const DelegationIn *in, int64_t *id_out, int64_t *request_id_out, Err *e);
/* Ends a delegation now, by its principal or its deputy (not_permitted otherwise). */
Status delegation_revoke(Ctx *ctx, int64_t id, Err *e);
/* The acting person's delegations: {"given":[…], "received":[…]}, each {id, principal_person_id,
 * principal_name, deputy_person_id, deputy_name, role, role_label, scope_kind, scope_id, valid_from,
 * valid_until, reason, request_id, state, active (today within the period and not revoked)}.
 * New reference. */
Status delegation_list(Ctx *ctx, json_t **out, Err *e);

/* For request_decide: when person has a delegation in role that is not active today (before or
 * after its period, or revoked), sets *inactive and returns ST_FORBIDDEN delegation_not_active
 * (citing the period); ST_OK with *inactive false when there is none; the error of a failed query. */
Status delegation_inactive_for(Ctx *ctx, int64_t person, const char *role, bool *inactive, Err *e);
/* For request_decide, inside its transaction: the approved delegation-kind request becomes the
 * delegation row (principal = requester), with the trail entry and the notifications. */
Status delegation_from_request(Ctx *ctx, int64_t request_id, Err *e);
/* For request_create on delegation-kind types: the requester holds fields.role (for a system role,
 * over fields.system), the deputy is another active person, the period is valid. */
Status delegation_check_fields(Ctx *ctx, const json_t *fields, Err *e);
/* For the roster (人事異動, delegation_end.c): the delegations given by or to person_id that are active
 * and not over today: {id, principal_person_id, principal_name, deputy_person_id, deputy_name, role,
 * role_label, scope_kind, scope_id, valid_from, valid_until} (a new array). No access check: the
 * caller's (people.manage and roles.manage). */
Status delegations_of_person(Ctx *ctx, int64_t person_id, json_t **out, Err *e);
/* Ends delegation id on until (inclusive): its period is cut there, or, when until is before it
 * begins, it is revoked; a period ending earlier already is left as it is. Trailed as delegation.end
 * with the row before and after. In the caller's transaction (a savepoint). No access check. */
Status delegation_end(Ctx *ctx, int64_t id, const char *until, Err *e);
/* The delegation row as its trail entries record it: {id, principal_person_id, deputy_person_id, role,
 * scope_kind, scope_id (null for the organisation), valid_from, valid_until, reason, request_id,
 * state, created_at, revoked_at}. ST_NOTFOUND when there is none. New reference. */
Status delegation_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* 代行 for reconciling the registers with the trail (domain/kernel/state.h). */
extern const StateKind delegation_state_kind;
