/* witness: the C2SP tlog-witness protocol (https://c2sp.org/tlog-witness) both ways.
 *  - As a witness (`lgsec witness serve`): witness_add_checkpoint answers POST /add-checkpoint for
 *    the logs it is configured with, keeping the latest cosigned checkpoint per log in witness_logs
 *    (checked and replaced in one transaction) and cosigning in the cosignature/v1 format.
 *  - As a log (`lgsec serve`, `lgsec trail witness`): trail_witness_submit sends the newest
 *    checkpoint with a consistency proof from the size the witness last cosigned, and stores the
 *    cosigned checkpoint in trail_cosignatures.
 * docs/trail.md explains what a witness catches. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "store/db.h"
#include "trail/note.h"

/* ---- the witness side ---- */

typedef struct Witness Witness;

/* Writes a new witness key to key_path (mode 0600, never overwriting) named name, and returns its
 * verifier key in *vkey (caller frees). */
Status witness_keygen(const char *key_path, const char *name, char **vkey, Err *e);
/* Loads the witness key (owner-only file) and the verifier keys of the logs it witnesses
 * (lgsec's `trail export-key` output, one per log). Freed by witness_free. */
Status witness_load(const char *key_path, const char *const *log_vkeys, size_t n_logs, Witness **out, Err *e);
void witness_free(Witness *w);
/* The witness's verifier key (caller frees). */
char *witness_verifier_key(const Witness *w);

/* One add-checkpoint request: returns the HTTP status, with the response body in *resp (caller
 * frees) and its Content-Type in *content_type (static). 200 with the cosignature line; 400
 * malformed or old size above the checkpoint's; 403 not signed by the log's key; 404 unknown log;
 * 409 old size is not the last cosigned one (body: that size) or same size, other root; 422 the
 * consistency proof fails; 500 storage failure. */
int witness_add_checkpoint(Db *db, const Witness *w, int64_t now, const char *body, size_t len, char **resp,
                           const char **content_type);

/* ---- the log side ---- */

typedef struct TrailWitness {
    char url[512]; /* submission prefix: <url>/add-checkpoint */
    char name[NOTE_NAME_MAX + 1];
    uint8_t pk[NOTE_PK_LEN];
} TrailWitness;

/* Parses "URL=VERIFIER-KEY" (or just the key, with no URL: for offline checks). */
Status trail_witness_parse(const char *spec, TrailWitness *out, Err *e);

/* Sends the newest checkpoint to w unless w already cosigned it; stores the cosigned checkpoint.
 * When store is false (a verification), nothing is written. *cosigned_size (optional) gets the
 * size the witness has now cosigned. ST_TAMPER when the witness has seen a larger tree than this
 * log has (rollback, truncation), a different root at the same size or a history the consistency
 * proof cannot join (rewrite), or refuses the signature (a replaced key); ST_IO when it cannot be
 * reached. */
Status trail_witness_submit(Db *db, const TrailWitness *w, int64_t now, bool store, int64_t *cosigned_size,
                            Err *e);

/* The newest checkpoint cosigned by the witness named name (NULL: by any witness), as stored (note with the
 * cosignature lines; caller frees), or NULL (ST_OK) when there is none. */
Status trail_witness_latest(Db *db, const char *name, char **checkpoint, Err *e);

/* The newest checkpoint the witness w cosigned, checked: its cosignature by w must verify over its
 * body. *note (caller frees) is the whole stored note, for TrailVerifyOptions.anchors. ST_TAMPER
 * witness_no_cosignature when this database holds none by w (deleted, or never witnessed), or a
 * cosig_* code when it does not verify. */
Status trail_witness_cosigned(Db *db, const TrailWitness *w, char **note, Err *e);

/* The signed note in anchor text (as `lgsec trail anchor` prints it: the note, then anything
 * after its signature lines is ignored). *note caller frees; ST_INVALID when there is none. */
Status trail_anchor_note(const char *text, char **note, Err *e);

/* ---- the log side's record of its witnesses (witness_state.c, table trail_witness_state) ---- */

/* A witness that has not cosigned the newest checkpoint for this long is "stale" (serve sends every
 * second, so minutes mean it is not answering or not reached). */
#define TRAIL_WITNESS_STALE_S (10 * 60)

/* Records the witnesses serve was started with (the others are forgotten; those kept keep their
 * state). One transaction. */
Status trail_witness_configure(Db *db, const TrailWitness *ws, size_t n, int64_t now, Err *e);
/* Records how sending to w went: failure NULL for success, else its code and messages. Writes only
 * when that changes; a witness not configured is ignored. */
Status trail_witness_note(Db *db, const TrailWitness *w, int64_t now, const Err *failure, Err *e);
/* The configured witnesses, by name: [{name, url, verifier_key, configured_at, state ("ok", "waiting",
 * "stale", "failing"), behind (checkpointed entries it has not cosigned), cosigned: {size, at, age_s}
 * or null, error: {code, ja, en, since} or null}]. New reference in *out. */
Status trail_witness_report(Db *db, int64_t now, json_t **out, Err *e);
