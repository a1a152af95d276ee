/* trail: the append-only, tamper-evident record of every change (証跡, 第63条, 第65条).
 * Entries are hashed as RFC 6962 leaves into a Merkle tree; checkpoints over the tree are signed
 * with the installation's Ed25519 key in the C2SP signed-note format. docs/trail.md explains the
 * design, the formats and what verification can and cannot detect. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "store/db.h"
#include "trail/merkle.h"

typedef struct TrailEvent {
    const char *actor;       /* login ID, or "system" / "cli" */
    const char *action;      /* dotted verb: "person.create", "role.assign", "account.login_failed" */
    const char *object_type; /* "person", "org_unit", "role_assignment", "account", ... */
    const char *object_id;   /* the object's id as text ("" when none) */
    json_t *before;          /* state before the change, or NULL (borrowed) */
    json_t *after;           /* state after the change, or NULL (borrowed) */
} TrailEvent;

/* Appends one entry. Must be called inside the caller's transaction (db_begin … db_commit) so that
 * the change and its record commit or roll back together: outside one it returns ST_INTERNAL.
 * *seq_out (optional) gets the entry's 0-based index in the log. The stored entry is the canonical
 * JSON {action, actor, after, before, object_id, object_type, seq, time, v} (sorted keys, compact).
 * Prepares its statements on each call (a few µs); bulk writers use a TrailWriter. */
Status trail_append(Db *db, int64_t now, const TrailEvent *ev, int64_t *seq_out, Err *e);

/* TrailWriter: trail_append with its prepared statements kept, for code that appends many entries
 * on one connection (imports, the benchmark). It belongs to one Db (so, like the Db, to one
 * thread) and must be closed before that Db. Allocated by trail_writer_open, freed by
 * trail_writer_close. Chosen over a hidden per-Db cache because Db is opaque to this layer and a
 * global cache keyed by Db* would not be thread safe. */
typedef struct TrailWriter TrailWriter;
Status trail_writer_open(Db *db, TrailWriter **out, Err *e);
Status trail_writer_append(TrailWriter *w, int64_t now, const TrailEvent *ev, int64_t *seq_out,
                           Err *e);
void trail_writer_close(TrailWriter *w);

/* ---- keys and checkpoints ---- */

/* "<db path>.trail-key": where the signing key lives unless --key says otherwise. Caller frees. */
char *trail_default_key_path(const char *db_path);

/* The installation's origin ("lgsec.local/<16 hex digits>", the checkpoint origin and key name),
 * from meta 'trail_origin'; created with a random id when absent (in the caller's transaction if
 * there is one, else its own). out gets at most 200 bytes + NUL. */
Status trail_origin(Db *db, char out[201], Err *e);

/* Generates the installation's Ed25519 signing key (called by `lgsec init`). Writes the private
 * key to key_path with mode 0600 (refusing an existing file: ST_CONFLICT) in the Go sumdb/note
 * signer format, and records the public key in meta 'trail_public_key' (refusing when the
 * database already has one: ST_CONFLICT). Runs in the caller's transaction if there is one. */
Status trail_keygen(Db *db, const char *key_path, Err *e);

/* The verifier key string ("<origin>+<hex key hash>+<base64(0x01 ‖ public key)>") that auditors
 * keep outside the server. Caller frees *out. ST_NOTFOUND before trail_keygen. */
Status trail_verifier_key(Db *db, char **out, Err *e);

/* Signs a checkpoint over the whole log with the key in key_path (refused if group/other can read
 * it, or if it is not the key recorded in meta) and stores it. Only hashes the entries appended
 * since the previous checkpoint (whose stored compact range is first checked against its signed
 * root) and re-hashes their bytes, so it never signs over an altered entry. A no-op when nothing
 * was appended since the last checkpoint. ST_TAMPER when the log is shorter than the last
 * checkpoint or an entry does not match its hash. Runs in its own transaction (or the caller's). */
Status trail_checkpoint(Db *db, const char *key_path, int64_t now, Err *e);

/* Seals every transaction on db from now on: the outermost db_commit of a transaction that
 * appended trail entries also signs a checkpoint over them, inside that transaction (so they
 * commit together, and no committed entry is ever outside a signed checkpoint; a transaction
 * that cannot be sealed does not commit). Under load each transaction is one checkpoint however
 * many entries it holds (an import of 10,000 rows signs once). The key is read once, with the
 * checks of trail_checkpoint, and kept in locked memory until the Db is closed; clock (borrowed,
 * must outlive db) dates the checkpoints. ST_FORBIDDEN when the key is not this database's. */
Status trail_seal_commits(Db *db, const char *key_path, const Clock *clock, Err *e);

/* For `serve`: checkpoints when at least max_pending entries wait, or when any entry waits and the
 * last checkpoint is at least max_age_s old. Cheap when nothing is due (two indexed lookups).
 * *made (optional) tells whether a checkpoint was written. Call it from a timer (e.g. every 10 s
 * with max_age_s = TRAIL_CHECKPOINT_MAX_AGE_S) and after bulk operations. */
#define TRAIL_CHECKPOINT_MAX_AGE_S 60
#define TRAIL_CHECKPOINT_MAX_PENDING 1000
Status trail_checkpoint_if_due(Db *db, const char *key_path, int64_t now, int64_t max_age_s,
                               int64_t max_pending, bool *made, Err *e);

/* ---- verification ---- */

typedef struct TrailVerifyReport {
    int64_t size;           /* entries checked (the log's size when all is well) */
    int64_t checkpoints;    /* checkpoints whose signature and root were checked */
    int64_t first_bad_seq;  /* the first entry found wrong, -1 when none (or not about an entry) */
    int64_t bad_checkpoint; /* tree size of the checkpoint found wrong, -1 when none */
    bool ok;
    char code[64];          /* machine code of the problem, "" when ok */
    char ja[512];           /* summary, Japanese */
    char en[512];           /* summary, English */
} TrailVerifyReport;

typedef struct TrailVerifyOptions {
    /* Called every few thousand entries with (done, total, arg); NULL for none. */
    void (*progress)(int64_t done, int64_t total, void *arg);
    void *progress_arg;
    /* When set, the key recorded in the database must be this verifier key (an auditor's copy
     * kept elsewhere): catches a re-keyed, re-signed database. */
    const char *verifier_key;
    /* Signed checkpoints kept outside the database or cosigned by a witness (whole notes, any
     * signature lines after the log's): each must be signed by the key the database records, and
     * the log must still hold exactly that tree at that size. Catches a rollback (the log is
     * shorter: trail_rolled_back), a rewrite re-signed with the stolen key (trail_anchor_mismatch)
     * and a replaced key (trail_anchor_key). */
    const char *const *anchors;
    size_t n_anchors;
} TrailVerifyOptions;

/* Recomputes every leaf hash from the stored bytes, checks seq continuity (no gap, no reorder:
 * each entry's embedded seq must be its position), recomputes the tree and checks every stored
 * checkpoint's signature, size and root. Stops at the first problem. Returns ST_OK when all is
 * well, ST_TAMPER when tampering was found (out and e both say what and where), other statuses
 * for failures to read. out is always filled. Reads in one read transaction. */
Status trail_verify(Db *db, TrailVerifyReport *out, Err *e);
Status trail_verify_ex(Db *db, const TrailVerifyOptions *opt, TrailVerifyReport *out, Err *e);

/* ---- inclusion proofs ---- */

/* Inclusion proof of entry seq in the tree of a stored checkpoint: the checkpoint with the given
 * tree_size, or the latest when checkpoint_size is 0. *out (caller json_decref) is
 *   {"format":"lgsec-trail-proof/1","leaf_index":N,"tree_size":S,"entry":"<canonical JSON>",
 *    "leaf_hash":"<base64>","path":["<base64>",...],"checkpoint":"<signed note>"}.
 * ST_NOTFOUND when the entry or a checkpoint covering it does not exist. */
Status trail_prove(Db *db, int64_t seq, int64_t checkpoint_size, json_t **out, Err *e);

/* RFC 6962 consistency proof from tree size m to tree size n (0 <= m <= n <= the log's size) from
 * the stored nodes, in O(log n) reads. *out (caller frees; NULL when empty) gets *len hashes. The
 * caller checks it against signed roots (merkle_verify_consistency); ST_TAMPER when a stored node
 * is missing. */
Status trail_consistency_proof(Db *db, int64_t m, int64_t n, Hash **out, size_t *len, Err *e);

/* Checks a proof without the log: the checkpoint is signed by verifier_key, the entry hashes to
 * leaf_hash, and the audit path leads from it to the checkpoint's root. ST_TAMPER when it does
 * not hold, ST_INVALID when the proof or key is malformed. */
Status trail_check_proof(const json_t *proof, const char *verifier_key, Err *e);

/* ---- reading, for the UI and API ---- */

typedef struct TrailFilter {
    const char *action_prefix; /* "account." matches account.login, ...; NULL for any */
    const char *actor;         /* exact; NULL for any */
    const char *object_type;   /* exact; NULL for any */
    const char *object_id;     /* exact; NULL for any (used with object_type) */
    const char *from;          /* ISO 8601 UTC, inclusive; NULL for no bound */
    const char *to;            /* ISO 8601 UTC, exclusive; NULL for no bound */
    int64_t cursor;            /* 0: start at the newest; else only entries with seq < cursor */
    int limit;                 /* 1..200; 0 means 50 */
} TrailFilter;
#define TRAIL_LIST_MAX 200

/* Newest first. *items_out (caller json_decref) is an array of entry objects (the canonical JSON
 * parsed back, i.e. seq, time, actor, action, object_type, object_id, before, after).
 * *next_cursor is the cursor for the next page, 0 when there is none. ST_INVALID for a bad
 * filter (limit, time format). */
Status trail_list(Db *db, const TrailFilter *f, json_t **items_out, int64_t *next_cursor, Err *e);

/* Calls fn for every entry of object_type, oldest first, with its action, object_id and the entry
 * parsed (borrowed for the call: seq, time, actor, before, after, ...). fn returns false to stop
 * (its Err, if it set one, is the result: ST_OK is returned when it only wanted to stop). An
 * entry that does not parse is ST_TAMPER trail_entry_bad (verification names it). */
typedef bool (*TrailScanFn)(const char *action, const char *object_id, json_t *entry, void *arg);
Status trail_scan_type(Db *db, const char *object_type, TrailScanFn fn, void *arg, Err *e);

/* Entry seq parsed (caller json_decref's *out); ST_TAMPER trail_gap when there is none. */
Status trail_entry_get(Db *db, int64_t seq, json_t **out, Err *e);

/* {"size":N, "checkpoint":{"tree_size":S,"created_at":"...","note":"..."} or null,
 *  "pending":N-S, "origin":"...", "has_key":bool}. Caller json_decref's *out. */
Status trail_status(Db *db, json_t **out, Err *e);
