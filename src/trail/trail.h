/* trail: the append-only, tamper-evident record of every change (証跡, 第63条, 第65条).
 * Entries are hashed as RFC 6962 leaves into a Merkle tree; checkpoints over the tree are signed
 * with the installation's Ed25519 key in the C2SP signed-note format. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "store/db.h"

typedef struct TrailEvent {
    const char *actor;       /* login ID, or "system" / "cli" */
    const char *action;      /* dotted verb: "person.create", "role.assign", "account.login_failed" */
    const char *object_type; /* "person", "org_unit", "role_assignment", "account", ... */
    const char *object_id;   /* the object's id as text ("" when none) */
    json_t *before;          /* state before the change, or NULL (borrowed) */
    json_t *after;           /* state after the change, or NULL (borrowed) */
} TrailEvent;

/* Appends one entry. Must be called inside the caller's transaction (db_begin … db_commit) so that
 * the change and its record commit or roll back together. *seq_out (optional) gets the entry's
 * 0-based index in the log. */
Status trail_append(Db *db, int64_t now, const TrailEvent *ev, int64_t *seq_out, Err *e);
