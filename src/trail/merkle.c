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

void frontier_push(Frontier *f, const Hash leaf)
{
    memcpy(f->roots[f->count++], leaf, TRAIL_HASH_LEN);
    f->size++;
    /* Each trailing zero bit of the new size closes a perfect subtree: merge the top two. */
    for (uint64_t s = f->size; (s & 1) == 0; s >>= 1) {
        merkle_node_hash(f->roots[f->count - 2], f->roots[f->count - 1], f->roots[f->count - 2]);
        f->count--;
    }
}

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
