/* request_internal: what the request files share — the row as a struct, the snapshot and its hash,
 * the history rows. Not for use outside src/domain/request*.c. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/ctx.h"
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
/* The current stage's resolution (see request_approvers) for a submitted request. New reference. */
Status req_resolve(Ctx *ctx, const ReqRow *r, const PackRequestType *t, json_t **out, Err *e);
/* True when person is in the resolution's "waiting" list. */
bool req_waiting_for(const json_t *resolution, int64_t person);
