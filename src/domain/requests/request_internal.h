/* request_internal: what the request files share — the row as a struct, the snapshot and its hash,
 * the history rows. Not for use outside src/domain/request*.c. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

typedef struct ReqRow {
    int64_t id;
    char type[72];
    int64_t requester;
    int64_t unit_id;
    char object_kind[8];
    int64_t object_id;
    char state[16];
    int stage;
    int round;
    char object_hash[65];
} ReqRow;

/* Loads the row (ST_NOTFOUND request_not_found) and its pack type (ST_INTERNAL when the active
 * pack no longer has it). */
Status req_load(Ctx *ctx, int64_t id, ReqRow *r, const PackRequestType **type, Err *e);
/* The request row as JSON (fields parsed), what the trail records. New reference. */
Status req_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The referenced object's current row (asset or system), JSON null for none. New reference. */
Status req_object(Ctx *ctx, const ReqRow *r, json_t **out, Err *e);
/* Hex SHA-256 of the canonical JSON text of j (sorted keys, compact). */
void req_hash(const json_t *j, char out[65]);
/* Appends a request_events row. */
Status req_event(Ctx *ctx, int64_t id, const char *kind, int stage, const char *comment, Err *e);
/* Rows recorded beside a request's own state, as the trail records them, with row_id = their key
 * (request_state.c compares them): a request_events row, the exceptions row of an exception
 * request, a request_approvals row (decision, stage, role, … as the decision entry records them). */
Status req_event_row(Ctx *ctx, int64_t event_id, json_t **out, Err *e);
Status req_exception_row(Ctx *ctx, int64_t request_id, json_t **out, Err *e);
Status req_approval_row(Ctx *ctx, int64_t approval_id, json_t **out, Err *e);
/* Sets after's "event" (the request's newest history row, when event) and "exception" (its
 * exceptions row, if any). */
Status req_attach_rows(Ctx *ctx, int64_t id, bool event, json_t *after, Err *e);
/* The current stage's resolution (see request_approvers) for a submitted request. New reference. */
Status req_resolve(Ctx *ctx, const ReqRow *r, const PackRequestType *t, json_t **out, Err *e);
/* True when person is in the resolution's "waiting" list. */
bool req_waiting_for(const json_t *resolution, int64_t person);

/* request_rules.c */
/* s is one or more article citations separated by 、, ，, commas or spaces, each naming an article
 * the pack has. ARTICLES_UNKNOWN copies the first citation the pack lacks into unknown (cap bytes). */
typedef enum { ARTICLES_OK, ARTICLES_FORMAT, ARTICLES_UNKNOWN } ArticlesCheck;
ArticlesCheck req_articles_check(const Pack *pack, const char *s, char *unknown, size_t cap);
/* The rank of a confidentiality level id of the active pack, -1 when unknown. */
int req_confidentiality_rank(const Pack *pack, const char *level);
/* The type's condition against the asset (object_id) or the fields: ST_CONFLICT not_required (no
 * permission needed) or not_applicable (the type named by instead applies). */
Status req_check_condition(Ctx *ctx, const PackRequestType *t, int64_t object_id, const json_t *fields, Err *e);
/* The type's requester_roles against the actor: ST_FORBIDDEN not_permitted_requester. */
Status req_check_requester(Ctx *ctx, const PackRequestType *t, int64_t object_id, Err *e);
/* *holds when person holds role today (a system-scoped assignment only for system, unless system =
 * 0); a failed query is an error, never an answer. */
Status req_holds_role(Ctx *ctx, int64_t person, const char *role, int64_t system, bool *holds, Err *e);

/* request.c */
/* Creates the draft (all of request_create's checks). emergency: an exception-kind type's 第130条
 * path — the exceptions row records taken_at = now and report_due. */
Status req_create(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, bool emergency, int64_t *id_out,
                  Err *e);
/* The request's fields object (borrowed from the JSON req_plain returned). */
const json_t *req_fields(const json_t *plain);

/* Notifies (approval_waiting) the people the request's current stage waits for; nothing when the
 * request is not under review. Inside the caller's transaction. */
Status req_notify_waiting(Ctx *ctx, int64_t id, Err *e);
/* Notifies (decided) the requester of a decision (and the people the next stage waits for). Inside
 * the caller's transaction, after the request row moved. */
Status req_notify_decided(Ctx *ctx, const ReqRow *before, const PackRequestType *t, const char *decision,
                          bool final_approved, Err *e);
/* request_inbox.c: the submitted requests waiting for the actor's decision, oldest first, at most
 * max: [{id, approval (the resolution)}]; *truncated when there are more. New reference. */
Status req_waiting(Ctx *ctx, size_t max, json_t **out, bool *truncated, Err *e);
