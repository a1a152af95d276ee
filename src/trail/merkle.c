/* merkle: RFC 6962 tree hashing, audit paths and the streaming compact range (see merkle.h). */
#include "trail/merkle.h"

#include <sodium.h>
#include <string.h>

void merkle_leaf_hash(const void *data, size_t len, Hash out)
{
    static const uint8_t prefix = 0x00;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const Hash left, const Hash right, Hash out)
{
    uint8_t buf[1 + 2 * TRAIL_HASH_LEN];
    buf[0] = 0x01;
    memcpy(buf + 1, left, TRAIL_HASH_LEN);
    memcpy(buf + 1 + TRAIL_HASH_LEN, right, TRAIL_HASH_LEN);
    crypto_hash_sha256(out, buf, sizeof buf);
}

void frontier_init(Frontier *f)
{
    f->size = 0;
    f->count = 0;
}

void frontier_push_nodes(Frontier *f, const Hash leaf, MerkleNodeFn on_node, void *arg)
{
    memcpy(f->roots[f->count++], leaf, TRAIL_HASH_LEN);
    f->size++;
    /* Each trailing zero bit of the new size closes a perfect subtree: merge the top two. */
    unsigned level = 0;
    for (uint64_t s = f->size; (s & 1) == 0; s >>= 1) {
        merkle_node_hash(f->roots[f->count - 2], f->roots[f->count - 1], f->roots[f->count - 2]);
        f->count--;
        level++;
        if (on_node)
            on_node(level, (f->size >> level) - 1, f->roots[f->count - 1], arg);
    }
}

void frontier_push(Frontier *f, const Hash leaf) { frontier_push_nodes(f, leaf, NULL, NULL); }

void frontier_root(const Frontier *f, Hash out)
{
    if (f->count == 0) {
        crypto_hash_sha256(out, (const unsigned char *)"", 0);
        return;
    }
    Hash acc;
    memcpy(acc, f->roots[f->count - 1], TRAIL_HASH_LEN);
    for (size_t i = f->count - 1; i-- > 0;)
        merkle_node_hash(f->roots[i], acc, acc);
    memcpy(out, acc, TRAIL_HASH_LEN);
}

bool frontier_load(Frontier *f, uint64_t size, const void *bytes, size_t len)
{
    size_t count = (size_t)__builtin_popcountll(size);
    if (len != count * TRAIL_HASH_LEN)
        return false;
    f->size = size;
    f->count = count;
    if (len)
        memcpy(f->roots, bytes, len);
    return true;
}

void merkle_root(const Hash *leaves, size_t n, Hash out)
{
    Frontier f;
    frontier_init(&f);
    for (size_t i = 0; i < n; i++)
        frontier_push(&f, leaves[i]);
    frontier_root(&f, out);
}

/* Largest power of two strictly smaller than n (n >= 2). */
static size_t split_point(size_t n)
{
    size_t k = 1;
    while (k << 1 < n)
        k <<= 1;
    return k;
}

size_t merkle_inclusion_path(const Hash *leaves, size_t n, size_t m, Hash *path)
{
    /* Walk down from the root; siblings are found root-side first, so fill from the end. */
    Hash tmp[MERKLE_MAX_HEIGHT];
    size_t depth = 0;
    size_t lo = 0, hi = n; /* current subtree [lo, hi) contains m */
    while (hi - lo > 1) {
        size_t k = split_point(hi - lo);
        if (m < lo + k) {
            merkle_root(leaves + lo + k, hi - lo - k, tmp[depth++]);
            hi = lo + k;
        } else {
            merkle_root(leaves + lo, k, tmp[depth++]);
            lo += k;
        }
    }
    for (size_t i = 0; i < depth; i++)
        memcpy(path[i], tmp[depth - 1 - i], TRAIL_HASH_LEN);
    return depth;
}

bool merkle_root_from_path(uint64_t index, uint64_t size, const Hash leaf, const Hash *path,
                           size_t path_len, Hash root_out)
{
    if (index >= size)
        return false;
    uint64_t fn = index, sn = size - 1;
    Hash r;
    memcpy(r, leaf, TRAIL_HASH_LEN);
    for (size_t i = 0; i < path_len; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(path[i], r, r);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            merkle_node_hash(r, path[i], r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0)
        return false;
    memcpy(root_out, r, TRAIL_HASH_LEN);
    return true;
}

bool merkle_inclusion_path_fn(uint64_t n, uint64_t m, MerkleRangeFn range, void *arg, Hash *path,
                              size_t *len)
{
    Hash tmp[MERKLE_MAX_HEIGHT];
    size_t depth = 0;
    uint64_t lo = 0, hi = n;
    if (m >= n)
        return false;
    while (hi - lo > 1) {
        uint64_t k = split_point((size_t)(hi - lo));
        bool ok = m < lo + k ? range(lo + k, hi, tmp[depth++], arg) : range(lo, lo + k, tmp[depth++], arg);
        if (!ok)
            return false;
        if (m < lo + k)
            hi = lo + k;
        else
            lo += k;
    }
    for (size_t i = 0; i < depth; i++)
        memcpy(path[i], tmp[depth - 1 - i], TRAIL_HASH_LEN);
    *len = depth;
    return true;
}

/* SUBPROOF(m, D[lo:hi], b) of RFC 6962 2.1.2, appended to proof. */
static bool subproof(uint64_t m, uint64_t lo, uint64_t hi, bool b, MerkleRangeFn range, void *arg,
                     Hash *proof, size_t *len)
{
    uint64_t n = hi - lo;
    if (m == n) {
        if (!b && !range(lo, hi, proof[(*len)++], arg))
            return false;
        return true;
    }
    uint64_t k = split_point((size_t)n);
    if (m <= k) {
        if (!subproof(m, lo, lo + k, b, range, arg, proof, len))
            return false;
        return range(lo + k, hi, proof[(*len)++], arg);
    }
    if (!subproof(m - k, lo + k, hi, false, range, arg, proof, len))
        return false;
    return range(lo, lo + k, proof[(*len)++], arg);
}

bool merkle_consistency_proof_fn(uint64_t m, uint64_t n, MerkleRangeFn range, void *arg, Hash *proof,
                                 size_t *len)
{
    *len = 0;
    if (m == 0 || m > n)
        return m == 0 && n >= m;
    return subproof(m, 0, n, true, range, arg, proof, len);
}

static bool memory_range(uint64_t lo, uint64_t hi, Hash out, void *arg)
{
    merkle_root((const Hash *)arg + lo, (size_t)(hi - lo), out);
    return true;
}

size_t merkle_consistency_proof(const Hash *leaves, size_t n, size_t m, Hash *proof)
{
    size_t len = 0;
    if (!merkle_consistency_proof_fn(m, n, memory_range, (void *)leaves, proof, &len))
        return 0;
    return len;
}

bool merkle_verify_consistency(uint64_t m, uint64_t n, const Hash old_root, const Hash new_root,
                               const Hash *proof, size_t len)
{
    if (m > n)
        return false;
    if (m == n)
        return len == 0 && memcmp(old_root, new_root, TRAIL_HASH_LEN) == 0;
    if (m == 0)
        return len == 0;
    /* RFC 9162 2.1.4.2. When m is a power of two the old root is the proof's implicit first node. */
    Hash first;
    size_t i = 0;
    if ((m & (m - 1)) == 0)
        memcpy(first, old_root, TRAIL_HASH_LEN);
    else if (len == 0)
        return false;
    else
        memcpy(first, proof[i++], TRAIL_HASH_LEN);
    uint64_t fn = m - 1, sn = n - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    Hash fr, sr;
    memcpy(fr, first, TRAIL_HASH_LEN);
    memcpy(sr, first, TRAIL_HASH_LEN);
    for (; i < len; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(proof[i], fr, fr);
            merkle_node_hash(proof[i], sr, sr);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            merkle_node_hash(sr, proof[i], sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && memcmp(fr, old_root, TRAIL_HASH_LEN) == 0 &&
           memcmp(sr, new_root, TRAIL_HASH_LEN) == 0;
}
