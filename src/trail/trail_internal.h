/* trail_internal: helpers shared by trail.c and trail_verify.c (meta access, transactions,
 * checkpoint rows). Not for use outside src/trail. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/db.h"
#include "trail/merkle.h"
#include "trail/note.h"

/* Reads meta[key] into *out (malloc'd, caller frees), NULL when absent. */
Status trail_meta_get(Db *db, const char *key, char **out, Err *e);
/* Reads the origin and public key recorded in meta; *have_key false when there is none. origin
 * is "" when absent. */
Status trail_load_identity(Db *db, char origin[NOTE_NAME_MAX + 1], uint8_t pk[NOTE_PK_LEN],
                           bool *have_key, Err *e);
/* Log size: max(seq) + 1, 0 when empty. */
Status trail_size(Db *db, int64_t *out, Err *e);
/* The seq embedded in canonical entry bytes (the top-level "seq" member). */
bool trail_entry_seq(const void *entry, size_t len, int64_t *out);

/* True when the filter columns stored beside an entry (time, actor, action, object_type,
 * object_id, in that order) and its seq are exactly what the canonical bytes say. The bytes are
 * {"action":A,"actor":B,"after":…,"before":…,"object_id":C,"object_type":D,"seq":N,"time":T,"v":1}
 * so a prefix and a suffix comparison suffice (no JSON parsing, no allocation in the usual case). */
bool trail_entry_matches(const void *entry, size_t len, int64_t seq, const char *const cols[5]);

/* Length of the well-formed UTF-8 sequence at p (as jansson accepts: no overlong forms, no
 * surrogates, at most U+10FFFF), 0 when it is not one or does not fit in avail bytes (entry_json.c). */
size_t trail_utf8_seq_len(const unsigned char *p, size_t avail);
/* Appends v (before/after; NULL is written as null) exactly as jansson's compact dump with sorted
 * keys writes it; false when jansson would refuse it (entry_json.c). */
bool trail_put_json(Buf *b, const json_t *v);

/* Starts a transaction unless the caller already has one; *own says whether to end it. */
Status trail_tx_begin(Db *db, bool read_only, bool *own, Err *e);
/* Commits (st == ST_OK) or rolls back an own transaction; returns the resulting status. */
Status trail_tx_end(Db *db, bool own, Status st, Err *e);

/* ---- stored interior nodes (nodes.c; table trail_nodes, levels that are multiples of 4) ---- */
#define TRAIL_NODE_STRIDE 4

/* Receives the nodes a checkpoint completes and inserts the stored levels. */
typedef struct TrailNodeSink {
    Stmt *insert;
    Status st;
    Err *e;
} TrailNodeSink;
Status trail_nodes_open(Db *db, TrailNodeSink *sink, Err *e);
/* frontier_push, storing the completed nodes of the kept levels. */
Status trail_nodes_push(TrailNodeSink *sink, Frontier *f, const Hash leaf, Err *e);
void trail_nodes_close(TrailNodeSink *sink);

/* MTH(D[lo:hi]) of the stored tree (hi <= the size of a checkpoint; lo aligned as in RFC 6962
 * proofs) in O(log n) reads. NodeReader keeps its statements and a few nodes for one proof. */
typedef struct NodeReader NodeReader;
Status trail_node_reader_open(Db *db, NodeReader **out, Err *e);
void trail_node_reader_close(NodeReader *r);
/* For merkle_*_fn: arg is the NodeReader; on failure its status and Err say why. */
bool trail_node_range(uint64_t lo, uint64_t hi, Hash out, void *reader);
Status trail_node_reader_status(const NodeReader *r, Err *e);
