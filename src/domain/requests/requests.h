/* request: 申請・承認 (issue 4) — requests of the pack's request types (requests.yaml), their
 * approval stages and decisions. The rules enforced here:
 *   - fields are checked against the type's field definitions; the object (asset or system) exists;
 *   - a stage's approvers are the holders today of the stage's role over its scope (the requester's
 *     課室, the object's 課室, the organisation or the system) — request_approvers says who and why;
 *   - 第20条: the requester never approves their own request (separation_check, DUTY_APPROVE); when
 *     nobody but the requester (or nobody at all) holds the role, the stage escalates to the role the
 *     pack names (escalate_to) and the resolution says so — a stage is never skipped;
 *   - each decision stores a snapshot {request, object} and its SHA-256, which also goes into the
 *     trail; approving is refused (stale_snapshot) when the object changed since submission;
 *   - approving a request whose type names an asset_event permits the asset's pending lifecycle event
 *     of that kind (asset_events.approval_status/approval_ref).
 * States: draft → submitted → approved | returned (submit again) | rejected | withdrawn; approved →
 * completed (needs_return) | expired (valid_until passed). Every change is one transaction with its
 * trail entry (object type "request").
 *
 * Files: request.c (create, submit, withdraw, complete, expire, get, list), request_resolve.c
 * (approver resolution), request_decide.c (decisions, snapshots, the asset event link). */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* A draft by the acting person (ctx->actor->person_id, required) in their own 課室. object_id: the
 * asset or system the type refers to (0 for object: none). fields: borrowed JSON object (NULL = {}). */
Status request_create(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, int64_t *id_out, Err *e);
/* request_create and, when submit, request_submit in one transaction: a refused submission leaves
 * no draft behind (*id_out is then the id the draft had, for the error's context). (request_file.c) */
Status request_file(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, bool submit, int64_t *id_out,
                    Err *e);
/* draft or returned → submitted, by the requester; starts at the first stage and records the
 * object's current hash. */
Status request_submit(Ctx *ctx, int64_t id, Err *e);
/* Who must decide the current stage and why: {"stage", "stage_count", "role", "role_label",
 * "article", "scope", "scope_label", "mode", "escalated", "escalation_reason"
 * ("requester_is_approver" | "vacant" | null), "escalated_from", "approvers":[{person_id, name,
 * role, role_label, decided}], "waiting":[person_id…], "excluded":[{person_id, name, code}],
 * "no_approver"}. For a request not under review, {"stage": null, "approvers": []}. New reference. */
Status request_approvers(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* decision: "approve" | "return" | "reject"; comment required for return and reject. The actor must
 * be among the current stage's approvers who have not decided yet (not_approver); the requester is
 * refused with separation_of_duties; approving with the object changed since submission is refused
 * with stale_snapshot. */
Status request_decide(Ctx *ctx, int64_t id, const char *decision, const char *comment, Err *e);
/* draft / submitted / returned → withdrawn, by the requester only. */
Status request_withdraw(Ctx *ctx, int64_t id, const char *comment, Err *e);
/* approved → completed for needs_return types (持ち出しの返却), by the requester or an approver of
 * the last stage. */
Status request_complete(Ctx *ctx, int64_t id, const char *comment, Err *e);
/* Records when the item actually left (持ち出し), once, on an approved needs_return request, by the
 * requester: requests.departed_at and a 'depart' event. ST_CONFLICT already_departed / bad_state. */
Status request_depart(Ctx *ctx, int64_t id, const char *comment, Err *e);
/* approved requests whose valid_until is before today → expired; *count_out gets how many. */
Status request_expire_due(Ctx *ctx, int *count_out, Err *e);
/* The request with "type_label", "article", "kind", "default_approver_note" (when the pack has one),
 * "fields" (object), "approvals" (each with deputy_for_person_id / deputy_for_name when a deputy
 * decided) and "events"; for an exception also "exception" {emergency, taken_at, report_due,
 * reported_at, last_review_at}; for a submitted one also "approval" (request_approvers). New
 * reference. */
Status request_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* box "inbox": submitted requests waiting for the actor's decision (at most 500, oldest first, found
 * as request_inbox finds them); "mine": the actor's requests, newest first. {"items":[…]}. New
 * reference. */
Status request_list(Ctx *ctx, const char *box, json_t **out, Err *e);
/* The 「自分の作業」 inbox of the acting person, in one call:
 *   "waiting": submitted requests whose current stage waits for the actor (as holder, escalation
 *     role or deputy — then "as_deputy_for", "as_deputy_for_name"), oldest first, each with its
 *     "approval" (request_approvers); at most 100, "waiting_truncated" true when there are more;
 *   "mine": the actor's requests (newest 200) with state, valid_until, return_due, and for
 *     submitted ones "approval" (who must decide next);
 *   "overdue": [{kind: "return_overdue" | "report_overdue", request_id, type_label, due}] — the
 *     actor's approved 持ち出し not brought back by return_due, and (第43条, with "as_approver": true
 *     and "requester_name") those the actor approves for, in their units (at most 100); emergency
 *     exceptions (第130条) not reported by report_due (the actor's, or all of them for the role
 *     exceptions are reported to);
 *   "counts": {waiting, mine_open, overdue}.
 * Rows carry the type, label, article, state and dates, never the request's field contents.
 * New reference. */
Status request_inbox(Ctx *ctx, json_t **out, Err *e);

/* 申請 for reconciling the registers with the trail (domain/kernel/state.h). */
extern const StateKind request_state_kind;
extern const StateKind request_approval_state_kind;
extern const StateKind request_event_state_kind;
extern const StateKind exception_state_kind;

/* The requests module's public header: requests above; 代行, 例外措置, who may read a request and the reminders in their part headers. */
#include "domain/requests/delegation.h"
#include "domain/requests/exception.h"
#include "domain/requests/reminder.h"
#include "domain/requests/request_access.h"

/* How the trail viewer names requests and delegations (request_names.c, domain/kernel/state.h). */
extern const NameQuery requests_name_queries[];
