/* nodes: the trail's stored interior nodes (table trail_nodes, migration 0017): written as
 * checkpoints complete them, read to build inclusion and consistency proofs in O(log n) reads.
 * Only levels that are multiples of TRAIL_NODE_STRIDE are kept; a node at another level is
 * folded from the at most 2^(STRIDE-1) stored nodes (or leaf hashes) below it. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "trail/trail_internal.h"

Status trail_nodes_open(Db *db, TrailNodeSink *sink, Err *e)
{
    sink->st = ST_OK;
    sink->e = e;
    sink->insert = db_prepare(db, "INSERT INTO trail_nodes(level, idx, hash) VALUES (?, ?, ?)", e);
    return sink->insert ? ST_OK : e ? e->status : ST_DB;
}

static void store_node(unsigned level, uint64_t idx, const Hash hash, void *arg)
{
    TrailNodeSink *sink = arg;
    if (level % TRAIL_NODE_STRIDE != 0 || sink->st != ST_OK)
        return;
    stmt_bind_int(sink->insert, 1, (int64_t)level);
    stmt_bind_int(sink->insert, 2, (int64_t)idx);
    stmt_bind_blob(sink->insert, 3, hash, TRAIL_HASH_LEN);
    if (stmt_step(sink->insert) != STEP_DONE)
        sink->st = stmt_error(sink->insert, sink->e);
    stmt_reset(sink->insert);
}

Status trail_nodes_push(TrailNodeSink *sink, Frontier *f, const Hash leaf, Err *e)
{
    sink->e = e;
    frontier_push_nodes(f, leaf, store_node, sink);
    return sink->st;
}

void trail_nodes_close(TrailNodeSink *sink)
{
    stmt_finalize(sink->insert);
    sink->insert = NULL;
}

/* A handful of nodes remembered for one proof: the right-edge ranges of a proof all decompose into
 * the same few subtrees, so each is read once. */
#define MEMO 32

struct NodeReader {
    Db *db;
    Stmt *leaves; /* leaf hashes of a seq range */
    Stmt *nodes;  /* stored nodes of a level and idx range */
    Status st;
    Err err;
    struct {
        unsigned level;
        uint64_t idx;
        Hash hash;
    } memo[MEMO];
    size_t memo_n, memo_next;
};

Status trail_node_reader_open(Db *db, NodeReader **out, Err *e)
{
    NodeReader *r = xcalloc(1, sizeof *r);
    r->db = db;
    r->leaves = db_prepare(db, "SELECT seq, leaf_hash FROM trail_entries WHERE seq >= ? AND seq < ? ORDER BY seq", e);
    if (r->leaves)
        r->nodes = db_prepare(db,
                              "SELECT idx, hash FROM trail_nodes WHERE level = ? AND idx >= ? AND idx < ?"
                              " ORDER BY idx",
                              e);
    if (!r->nodes) {
        trail_node_reader_close(r);
        *out = NULL;
        return e ? e->status : ST_DB;
    }
    *out = r;
    return ST_OK;
}

void trail_node_reader_close(NodeReader *r)
{
    if (!r)
        return;
    stmt_finalize(r->leaves);
    stmt_finalize(r->nodes);
    free(r);
}

Status trail_node_reader_status(const NodeReader *r, Err *e)
{
    if (r->st != ST_OK && e)
        *e = r->err;
    return r->st;
}

static bool missing(NodeReader *r, unsigned level, uint64_t idx)
{
    r->st = err_setf(&r->err, ST_TAMPER, "trail_node_missing", "",
                     "証跡の木の中間ハッシュ (高さ %u, 位置 %llu) が欠けているか壊れています (`lgsec trail verify` で確認してください)",
                     "a stored node of the trail's tree (level %u, index %llu) is missing or damaged (run `lgsec trail verify`)",
                     level, (unsigned long long)idx);
    return false;
}

/* Reads count consecutive hashes of stored level q (0: leaves) from first on into out. */
static bool read_row_hashes(NodeReader *r, unsigned q, uint64_t first, uint64_t count, Hash *out)
{
    Stmt *s = q == 0 ? r->leaves : r->nodes;
    int p = 1;
    if (q > 0)
        stmt_bind_int(s, p++, (int64_t)q);
    stmt_bind_int(s, p++, (int64_t)first);
    stmt_bind_int(s, p, (int64_t)(first + count));
    uint64_t n = 0;
    StepResult res;
    bool ok = true;
    while ((res = stmt_step(s)) == STEP_ROW) {
        size_t len;
        const void *h = stmt_blob(s, 1, &len);
        if (n >= count || (uint64_t)stmt_int(s, 0) != first + n || len != TRAIL_HASH_LEN) {
            ok = false;
            break;
        }
        memcpy(out[n++], h, TRAIL_HASH_LEN);
    }
    if (res == STEP_ERROR) {
        r->st = stmt_error(s, &r->err);
        stmt_reset(s);
        return false;
    }
    stmt_reset(s);
    return (ok && n == count) || missing(r, q, first + n);
}

/* The perfect subtree at (level, idx). */
static bool node_hash(NodeReader *r, unsigned level, uint64_t idx, Hash out)
{
    for (size_t i = 0; i < r->memo_n; i++)
        if (r->memo[i].level == level && r->memo[i].idx == idx) {
            memcpy(out, r->memo[i].hash, TRAIL_HASH_LEN);
            return true;
        }
    unsigned q = level / TRAIL_NODE_STRIDE * TRAIL_NODE_STRIDE, h = level - q;
    Hash below[1u << (TRAIL_NODE_STRIDE - 1)];
    uint64_t count = (uint64_t)1 << h;
    if (!read_row_hashes(r, q, idx << h, count, below))
        return false;
    merkle_root((const Hash *)below, (size_t)count, out);
    size_t slot = r->memo_n < MEMO ? r->memo_n++ : (r->memo_next++ % MEMO);
    r->memo[slot].level = level;
    r->memo[slot].idx = idx;
    memcpy(r->memo[slot].hash, out, TRAIL_HASH_LEN);
    return true;
}

bool trail_node_range(uint64_t lo, uint64_t hi, Hash out, void *reader)
{
    NodeReader *r = reader;
    /* Aligned perfect subtrees from the left, largest first; MTH folds them from the right. */
    Hash parts[MERKLE_MAX_HEIGHT];
    size_t n = 0;
    while (lo < hi) {
        unsigned k = 0;
        while (k < 63 && (lo & (((uint64_t)2 << k) - 1)) == 0 && lo + ((uint64_t)2 << k) <= hi)
            k++;
        if (n == MERKLE_MAX_HEIGHT || !node_hash(r, k, lo >> k, parts[n++]))
            return r->st != ST_OK ? false : missing(r, k, lo >> k);
        lo += (uint64_t)1 << k;
    }
    if (n == 0)
        return false;
    memcpy(out, parts[n - 1], TRAIL_HASH_LEN);
    for (size_t i = n - 1; i-- > 0;)
        merkle_node_hash(parts[i], out, out);
    return true;
}
