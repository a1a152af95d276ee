/* merkle: RFC 6962 Merkle tree hashing (leaf = SHA-256(0x00‖entry), node = SHA-256(0x01‖l‖r)),
 * roots of arbitrary sizes (split at the largest power of two smaller than n), audit paths and
 * their verification, and the compact range ("frontier") used to hash a log as a stream.
 * Pure functions over caller-owned memory; nothing here touches the database. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRAIL_HASH_LEN 32
#define MERKLE_MAX_HEIGHT 64

typedef uint8_t Hash[TRAIL_HASH_LEN];

/* SHA-256(0x00 ‖ data). */
void merkle_leaf_hash(const void *data, size_t len, Hash out);
/* SHA-256(0x01 ‖ left ‖ right). */
void merkle_node_hash(const Hash left, const Hash right, Hash out);
/* MTH of n leaf hashes (n = 0: SHA-256 of the empty string). O(n) time, O(log n) space. */
void merkle_root(const Hash *leaves, size_t n, Hash out);
/* RFC 6962 PATH(m, D[n]) for leaf m < n into path (room for MERKLE_MAX_HEIGHT hashes); returns
 * the number of hashes written, leaf-side first. Allocates nothing. */
size_t merkle_inclusion_path(const Hash *leaves, size_t n, size_t m, Hash *path);
/* Recomputes the root from a leaf hash and its audit path (RFC 9162 2.1.3.2) into root_out.
 * false when the path has the wrong length for (index, size). */
bool merkle_root_from_path(uint64_t index, uint64_t size, const Hash leaf, const Hash *path,
                           size_t path_len, Hash root_out);

/* Compact range over the first `size` leaves: the roots of the perfect subtrees given by the bits
 * of size, largest (leftmost) first. Plain value; no allocation. */
typedef struct Frontier {
    uint64_t size;
    size_t count;
    Hash roots[MERKLE_MAX_HEIGHT];
} Frontier;

void frontier_init(Frontier *f);
void frontier_push(Frontier *f, const Hash leaf);
/* frontier_push that also reports every perfect subtree the leaf completes: on_node(level, idx,
 * hash, arg) for the node over leaves [idx·2^level, (idx+1)·2^level), level >= 1. */
typedef void (*MerkleNodeFn)(unsigned level, uint64_t idx, const Hash hash, void *arg);
void frontier_push_nodes(Frontier *f, const Hash leaf, MerkleNodeFn on_node, void *arg);
/* MTH of the leaves pushed so far. */
void frontier_root(const Frontier *f, Hash out);
/* Serialised form: count*32 bytes of roots. frontier_load checks the count matches size's bits. */
bool frontier_load(Frontier *f, uint64_t size, const void *bytes, size_t len);

/* ---- proofs over a tree the caller can hash ranges of ----
 * range(lo, hi, out, arg) puts MTH(D[lo:hi]) in out (the ranges asked are those of RFC 6962 proofs:
 * lo is a multiple of the largest power of two not above hi - lo); it returns false on failure,
 * which the prover passes on. */
typedef bool (*MerkleRangeFn)(uint64_t lo, uint64_t hi, Hash out, void *arg);
/* PATH(m, D[n]) as merkle_inclusion_path; *len gets its length. */
bool merkle_inclusion_path_fn(uint64_t n, uint64_t m, MerkleRangeFn range, void *arg, Hash *path,
                              size_t *len);
/* PROOF(m, D[n]) of RFC 6962 2.1.2 (0 < m <= n); *len gets its length (at most 2·64). */
#define MERKLE_MAX_CONSISTENCY (2 * MERKLE_MAX_HEIGHT)
bool merkle_consistency_proof_fn(uint64_t m, uint64_t n, MerkleRangeFn range, void *arg, Hash *proof,
                                 size_t *len);
/* The same over leaf hashes in memory. */
size_t merkle_consistency_proof(const Hash *leaves, size_t n, size_t m, Hash *proof);
/* Checks a consistency proof between (m, old_root) and (n, new_root) (RFC 9162 2.1.4.2). m == n
 * needs an empty proof and equal roots; m == 0 an empty proof. */
bool merkle_verify_consistency(uint64_t m, uint64_t n, const Hash old_root, const Hash new_root,
                               const Hash *proof, size_t len);
