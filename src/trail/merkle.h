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
/* MTH of the leaves pushed so far. */
void frontier_root(const Frontier *f, Hash out);
/* Serialised form: count*32 bytes of roots. frontier_load checks the count matches size's bits. */
bool frontier_load(Frontier *f, uint64_t size, const void *bytes, size_t len);
