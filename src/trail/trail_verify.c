/* trail_verify: full verification of the stored log (trail_verify), inclusion proofs from the log
 * (trail_prove) and their offline check (trail_check_proof). */
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "trail/merkle.h"
#include "trail/note.h"
#include "trail/trail.h"
#include "trail/trail_internal.h"

#define PROOF_FORMAT "lgsec-trail-proof/1"

/* Checkpoints are listed by size only; the ones checked in full have their note and compact range
 * read when their size is reached. With a checkpoint per committed transaction there can be one
 * per entry or two, and all of them hold nothing the newest does not commit to: verify checks the
 * newest in full (signature, size, root, compact range), and the first one of every block of
 * CHECK_EVERY entries so that an altered entry is located within such a block, and every checkpoint
 * beyond the end of the log. */
#define CHECK_EVERY 1024

typedef struct StoredCheckpoint {
    int64_t size;
    bool check;
    char *note;
    uint8_t *frontier;
    size_t frontier_len;
} StoredCheckpoint;

static void free_checkpoints(StoredCheckpoint *cps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(cps[i].note);
        free(cps[i].frontier);
    }
    free(cps);
}

/* Lists the checkpoints to check in full: the first of every block of CHECK_EVERY sizes and the
 * newest. Each is one seek by tree_size (the rowid); the ones in between are not read at all,
 * since a scan of the table would read every page of their notes. */
static Status load_checkpoints(Db *db, StoredCheckpoint **out, size_t *n_out, Err *e)
{
    *out = NULL;
    *n_out = 0;
    Stmt *s = db_prepare(db, "SELECT tree_size FROM trail_checkpoints WHERE tree_size >= ? ORDER BY tree_size LIMIT 1", e);
    Stmt *last = s ? db_prepare(db, "SELECT tree_size FROM trail_checkpoints ORDER BY tree_size DESC LIMIT 1", e) : NULL;
    if (!last) {
        stmt_finalize(s);
        return e ? e->status : ST_DB;
    }
    StoredCheckpoint *cps = NULL;
    size_t n = 0, cap = 0;
    StepResult r;
    int64_t from = 0;
    for (;;) {
        stmt_reset(s);
        stmt_bind_int(s, 1, from);
        if ((r = stmt_step(s)) != STEP_ROW)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            cps = xrealloc(cps, cap * sizeof *cps);
        }
        int64_t size = stmt_int(s, 0);
        cps[n++] = (StoredCheckpoint){.size = size, .check = true};
        from = (size / CHECK_EVERY + 1) * CHECK_EVERY;
    }
    Status st = r == STEP_ERROR ? stmt_error(s, e) : ST_OK;
    if (st == ST_OK && n && (r = stmt_step(last)) == STEP_ROW && stmt_int(last, 0) != cps[n - 1].size) {
        if (n == cap)
            cps = xrealloc(cps, ++cap * sizeof *cps);
        cps[n++] = (StoredCheckpoint){.size = stmt_int(last, 0), .check = true};
    } else if (st == ST_OK && r == STEP_ERROR)
        st = stmt_error(last, e);
    stmt_finalize(s);
    stmt_finalize(last);
    if (st != ST_OK) {
        free_checkpoints(cps, n);
        return st;
    }
    *out = cps;
    *n_out = n;
    return ST_OK;
}

/* A checkpoint outside the log's sizes, if any (*found false when there is none): one with a
 * negative size (never reached while the tree grows, so never checked otherwise), else the first
 * beyond a log of `size` entries. */
static Status checkpoint_out_of_range(Db *db, int64_t size, StoredCheckpoint *out, bool *found, Err *e)
{
    static const char *const sql[2] = {
        "SELECT tree_size FROM trail_checkpoints WHERE tree_size < 0 ORDER BY tree_size LIMIT 1",
        "SELECT tree_size FROM trail_checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT 1",
    };
    *found = false;
    Status st = ST_OK;
    for (int k = 0; k < 2 && st == ST_OK && !*found; k++) {
        Stmt *s = db_prepare(db, sql[k], e);
        if (!s)
            return e ? e->status : ST_DB;
        if (k == 1)
            stmt_bind_int(s, 1, size);
        StepResult r = stmt_step(s);
        if (r == STEP_ROW) {
            *out = (StoredCheckpoint){.size = stmt_int(s, 0), .check = true};
            *found = true;
        }
        st = r == STEP_ERROR ? stmt_error(s, e) : ST_OK;
        stmt_finalize(s);
    }
    return st;
}

/* Reads the note and compact range of a checkpoint to be checked. */
static Status fetch_checkpoint(Db *db, StoredCheckpoint *cp, Err *e)
{
    if (cp->note)
        return ST_OK;
    Stmt *s = db_prepare(db, "SELECT note, frontier FROM trail_checkpoints WHERE tree_size = ?", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_int(s, 1, cp->size);
    Status st = ST_OK;
    StepResult r = stmt_step(s);
    if (r == STEP_ROW) {
        size_t flen;
        const void *fb = stmt_blob(s, 1, &flen);
        cp->note = xstrdup(stmt_text(s, 0));
        cp->frontier = xmalloc(flen ? flen : 1);
        if (flen)
            memcpy(cp->frontier, fb, flen);
        cp->frontier_len = flen;
    } else {
        st = r == STEP_ERROR ? stmt_error(s, e) : err_set(e, ST_DB, "db_error", "", "チェックポイントを読めません", "cannot read a checkpoint");
    }
    stmt_finalize(s);
    return st;
}

/* Records a tampering finding in both the report and e; returns ST_TAMPER. */
static Status finding(TrailVerifyReport *out, Err *e, const char *code, int64_t seq, int64_t cp,
                      const char *ja_fmt, const char *en_fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(out->ja, sizeof out->ja, ja_fmt, ap);
    vsnprintf(out->en, sizeof out->en, en_fmt, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    snprintf(out->code, sizeof out->code, "%s", code);
    out->ok = false;
    out->first_bad_seq = seq;
    out->bad_checkpoint = cp;
    return err_set(e, ST_TAMPER, code, "", out->ja, out->en);
}

/* Checks one stored checkpoint against the recomputed compact range at its size (when it is one
 * to check in full, see CHECK_EVERY). */
static Status check_checkpoint(Db *db, StoredCheckpoint *cp, const Frontier *f, const char *origin,
                               const uint8_t pk[NOTE_PK_LEN], bool have_key,
                               TrailVerifyReport *out, Err *e)
{
    long long size = (long long)cp->size;
    if (!cp->check)
        return ST_OK;
    Status fst = fetch_checkpoint(db, cp, e);
    if (fst != ST_OK)
        return fst;
    if (!have_key || !origin[0])
        return finding(out, e, "trail_key_missing", -1, cp->size,
                       "チェックポイント (木のサイズ %lld) がありますが、検証用の公開鍵が記録されていません",
                       "there is a checkpoint (tree size %lld) but no public key is recorded", size);
    Err ne = {0};
    size_t body_len;
    Status st = note_open(cp->note, origin, pk, &body_len, &ne);
    if (st != ST_OK)
        return finding(out, e, "trail_checkpoint_signature", -1, cp->size,
                       "木のサイズ %lld のチェックポイントの検証に失敗しました: %s",
                       "checkpoint at tree size %lld failed verification: %s", size, ne.ja, ne.en);
    char o[NOTE_NAME_MAX + 1];
    uint64_t signed_size;
    Hash signed_root, root;
    if (checkpoint_parse(cp->note, body_len, o, &signed_size, signed_root, &ne) != ST_OK ||
        strcmp(o, origin) != 0 || signed_size != (uint64_t)cp->size)
        return finding(out, e, "trail_checkpoint_mismatch", -1, cp->size,
                       "木のサイズ %lld のチェックポイントの内容 (発行元またはサイズ) が一致しません",
                       "the checkpoint at tree size %lld does not match (origin or size)", size);
    frontier_root(f, root);
    if (sodium_memcmp(root, signed_root, TRAIL_HASH_LEN) != 0)
        return finding(out, e, "trail_root_mismatch", -1, cp->size,
                       "木のサイズ %lld のチェックポイントの根ハッシュが、証跡から再計算した値と一致しません (0〜%lld 番のいずれかの証跡が改ざん・置換されています)",
                       "the root hash of the checkpoint at tree size %lld differs from the one recomputed from the trail (an entry among 0..%lld was altered or replaced)",
                       size, size - 1);
    if (cp->frontier_len != f->count * TRAIL_HASH_LEN ||
        (cp->frontier_len && memcmp(cp->frontier, f->roots, cp->frontier_len) != 0))
        return finding(out, e, "trail_checkpoint_frontier", -1, cp->size,
                       "木のサイズ %lld のチェックポイントに保存された中間ハッシュが一致しません",
                       "the compact range stored with the checkpoint at tree size %lld does not match",
                       size);
    out->checkpoints++;
    return ST_OK;
}

/* Verification reads entries in chunks; the leaf hashes of a chunk (SHA-256 of every entry's
 * bytes, most of the work) are computed by up to MAX_THREADS threads, which touch only the chunk,
 * never the Db, or on a small machine by the calling thread as it reads (see `threads` below).
 * Everything else runs in order on the calling thread. */
#define CHUNK 16384
#define INLINE_CHUNK 1024
#define MAX_THREADS 8

typedef enum RowProblem { ROW_OK, ROW_SEQ, ROW_COLUMNS } RowProblem;

typedef struct Chunk {
    size_t n;
    Buf data;      /* entries, concatenated */
    size_t *off;   /* per row: offset into data */
    size_t *len;   /* per row: entry length */
    Hash *stored;  /* per row: stored leaf hash (zeros if malformed) */
    bool *stored_ok;
    RowProblem *problem;
    Hash *leaf; /* per row: computed leaf hash */
} Chunk;

typedef struct HashJob {
    const Chunk *c;
    size_t from, to;
} HashJob;

static void *hash_range(void *arg)
{
    HashJob *j = arg;
    for (size_t i = j->from; i < j->to; i++)
        merkle_leaf_hash(j->c->data.data + j->c->off[i], j->c->len[i], j->c->leaf[i]);
    return NULL;
}

static void hash_chunk(const Chunk *c, int threads)
{
    pthread_t tid[MAX_THREADS];
    HashJob jobs[MAX_THREADS];
    bool running[MAX_THREADS] = {false};
    int t = c->n >= 1024 ? threads : 1;
    size_t per = (c->n + (size_t)t - 1) / (size_t)t;
    for (int k = 0; k < t; k++) {
        size_t from = (size_t)k * per, to = from + per;
        jobs[k] = (HashJob){c, from < c->n ? from : c->n, to < c->n ? to : c->n};
        if (k > 0)
            running[k] = pthread_create(&tid[k], NULL, hash_range, &jobs[k]) == 0;
    }
    hash_range(&jobs[0]);
    for (int k = 1; k < t; k++) {
        if (running[k])
            pthread_join(tid[k], NULL);
        else
            hash_range(&jobs[k]); /* no thread could be started: do it here */
    }
}

/* Compares the nodes the recomputed tree completes with trail_nodes, one cursor per stored level
 * walking it in order. Nodes are stored up to the last checkpoint; every one must be there and
 * equal, and none may be left over. */
#define NODE_LEVELS (MERKLE_MAX_HEIGHT / TRAIL_NODE_STRIDE + 1)
typedef struct NodeCheck {
    Stmt *cursor[NODE_LEVELS];
    uint64_t covered; /* the last checkpoint's size */
    bool bad;
    unsigned bad_level;
    uint64_t bad_idx;
    Status st;
    Err err;
} NodeCheck;

static void check_node(unsigned level, uint64_t idx, const Hash hash, void *arg)
{
    NodeCheck *c = arg;
    if (level % TRAIL_NODE_STRIDE || c->bad || c->st != ST_OK || ((idx + 1) << level) > c->covered)
        return;
    Stmt *s = c->cursor[level / TRAIL_NODE_STRIDE];
    StepResult r = stmt_step(s);
    size_t len = 0;
    const void *h = r == STEP_ROW ? stmt_blob(s, 1, &len) : NULL;
    if (r == STEP_ERROR)
        c->st = stmt_error(s, &c->err);
    else if (r != STEP_ROW || (uint64_t)stmt_int(s, 0) != idx || len != TRAIL_HASH_LEN ||
             memcmp(h, hash, TRAIL_HASH_LEN) != 0) {
        c->bad = true;
        c->bad_level = level;
        c->bad_idx = idx;
    }
}

static Status node_check_open(Db *db, NodeCheck *c, uint64_t covered, Err *e)
{
    memset(c, 0, sizeof *c);
    c->covered = covered;
    for (unsigned l = 1; l < NODE_LEVELS; l++) {
        c->cursor[l] = db_prepare(db, "SELECT idx, hash FROM trail_nodes WHERE level = ? ORDER BY idx", e);
        if (!c->cursor[l])
            return e ? e->status : ST_DB;
        stmt_bind_int(c->cursor[l], 1, (int64_t)(l * TRAIL_NODE_STRIDE));
    }
    return ST_OK;
}

static void node_check_close(NodeCheck *c)
{
    for (unsigned l = 1; l < NODE_LEVELS; l++)
        stmt_finalize(c->cursor[l]);
}

static Status verify_locked(Db *db, const TrailVerifyOptions *opt, TrailVerifyReport *out, Err *e)
{
    char origin[NOTE_NAME_MAX + 1];
    uint8_t pk[NOTE_PK_LEN];
    bool have_key;
    Status st = trail_load_identity(db, origin, pk, &have_key, e);
    if (st == ST_TAMPER)
        return finding(out, e, "trail_public_key_malformed", -1, -1,
                       "記録されている証跡の公開鍵の形式が正しくありません",
                       "the recorded trail public key is malformed");
    if (st != ST_OK)
        return st;
    if (opt && opt->verifier_key) {
        char vname[NOTE_NAME_MAX + 1];
        uint8_t vpk[NOTE_PK_LEN];
        if ((st = note_parse_verifier_key(opt->verifier_key, vname, vpk, e)) != ST_OK)
            return st;
        if (!have_key || strcmp(vname, origin) != 0 || sodium_memcmp(vpk, pk, NOTE_PK_LEN) != 0)
            return finding(out, e, "trail_key_replaced", -1, -1,
                           "データベースに記録された公開鍵が、指定された検証鍵と一致しません (鍵が差し替えられた可能性があります)",
                           "the public key recorded in the database is not the given verifier key (the key may have been replaced)");
    }
    /* Anchors: signed by the recorded key, then compared when the tree reaches their size. */
    size_t n_anchors = opt ? opt->n_anchors : 0;
    uint64_t anchor_size[16];
    Hash anchor_root[16];
    if (n_anchors > 16)
        n_anchors = 16;
    for (size_t i = 0; i < n_anchors; i++) {
        Err ne = {0};
        size_t bl;
        char o[NOTE_NAME_MAX + 1];
        if (!have_key || note_open(opt->anchors[i], origin, pk, &bl, &ne) != ST_OK ||
            checkpoint_parse(opt->anchors[i], bl, o, &anchor_size[i], anchor_root[i], &ne) != ST_OK ||
            strcmp(o, origin) != 0)
            return finding(out, e, "trail_anchor_key", -1, -1,
                           "保管されたチェックポイント (控えまたは立会人の連署) が、データベースに記録された鍵で署名されていません (鍵が差し替えられたか、別の証跡の控えです)",
                           "a kept checkpoint (an anchor or a witness's cosigned one) is not signed by the key the database records (the key was replaced, or it belongs to another trail)");
    }
    int64_t total;
    if ((st = trail_size(db, &total, e)) != ST_OK)
        return st;
    StoredCheckpoint *cps;
    size_t n_cps, ci = 0;
    if ((st = load_checkpoints(db, &cps, &n_cps, e)) != ST_OK)
        return st;
    Stmt *s = db_prepare(db,
                         "SELECT seq, entry, leaf_hash, time, actor, action, object_type, object_id"
                         " FROM trail_entries ORDER BY seq",
                         e);
    if (!s) {
        free_checkpoints(cps, n_cps);
        return e ? e->status : ST_DB;
    }
    /* A log migrated from before stored nodes has none until its next checkpoint writes them. */
    bool any_nodes = false;
    Stmt *q = db_prepare(db, "SELECT 1 FROM trail_nodes LIMIT 1", e);
    if (!q || stmt_step_row(q, &any_nodes, e) != ST_OK) {
        stmt_finalize(q);
        stmt_finalize(s);
        free_checkpoints(cps, n_cps);
        return e ? e->status : ST_DB;
    }
    stmt_finalize(q);
    NodeCheck nc;
    if ((st = node_check_open(db, &nc, n_cps && any_nodes ? (uint64_t)cps[n_cps - 1].size : 0, e)) != ST_OK) {
        node_check_close(&nc);
        stmt_finalize(s);
        free_checkpoints(cps, n_cps);
        return st;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    /* Hashing on other threads needs every entry copied out of SQLite's pages first, and the copy
     * read back from memory: on a machine of fewer than four CPUs (where other work shares them)
     * that costs more CPU time than it saves wall time, so there each leaf is hashed as its row is
     * read, straight from the row, in chunks small enough to stay in the cache. */
    int threads = ncpu < 4 ? 1 : ncpu > MAX_THREADS ? MAX_THREADS : (int)ncpu;
    size_t chunk = threads > 1 ? CHUNK : INLINE_CHUNK;
    Chunk c = {0};
    c.off = xmalloc(chunk * sizeof *c.off);
    c.len = xmalloc(chunk * sizeof *c.len);
    c.stored = xmalloc(chunk * sizeof *c.stored);
    c.stored_ok = xmalloc(chunk * sizeof *c.stored_ok);
    c.problem = xmalloc(chunk * sizeof *c.problem);
    c.leaf = xmalloc(chunk * sizeof *c.leaf);

    Frontier f;
    frontier_init(&f);
    /* A checkpoint of the empty tree is checked before the first entry. */
    while (st == ST_OK && ci < n_cps && cps[ci].size == 0)
        st = check_checkpoint(db, &cps[ci++], &f, origin, pk, have_key, out, e);
    int64_t next_seq = 0, gap_at = -1, gap_next = -1;
    uint64_t next_progress = CHUNK;
    bool done = st != ST_OK;
    while (!done) {
        /* 1. Read a chunk (stopping at a gap, remembered for after the rows before it). */
        c.n = 0;
        buf_reset(&c.data);
        StepResult r = STEP_DONE;
        while (c.n < chunk && (r = stmt_step(s)) == STEP_ROW) {
            int64_t seq = stmt_int(s, 0), embedded;
            if (seq != next_seq) {
                gap_at = next_seq;
                gap_next = seq;
                break;
            }
            size_t len, hlen;
            const void *entry = stmt_blob(s, 1, &len);
            const void *stored = stmt_blob(s, 2, &hlen);
            const char *cols[5] = {stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5),
                                   stmt_text(s, 6), stmt_text(s, 7)};
            size_t i = c.n++;
            c.off[i] = c.data.len;
            c.len[i] = len;
            if (threads == 1)
                merkle_leaf_hash(entry, len, c.leaf[i]);
            else
                buf_append(&c.data, entry, len);
            c.stored_ok[i] = hlen == TRAIL_HASH_LEN;
            if (c.stored_ok[i])
                memcpy(c.stored[i], stored, TRAIL_HASH_LEN);
            /* trail_entry_matches also checks the embedded seq; tell the two apart on failure. */
            c.problem[i] = trail_entry_matches(entry, len, seq, cols) ? ROW_OK
                           : !trail_entry_seq(entry, len, &embedded) || embedded != seq ? ROW_SEQ
                                                                                        : ROW_COLUMNS;
            next_seq++;
        }
        if (r == STEP_ERROR) {
            st = stmt_error(s, e);
            break;
        }
        if (r != STEP_ROW || gap_at >= 0)
            done = true;
        /* 2. Hash the chunk in parallel (unless hashed while read). */
        if (threads > 1)
            hash_chunk(&c, threads);
        /* 3. Check each row in order, growing the tree and checking checkpoints. */
        for (size_t i = 0; i < c.n && st == ST_OK; i++) {
            long long seq = (long long)f.size;
            if (!c.stored_ok[i] || memcmp(c.leaf[i], c.stored[i], TRAIL_HASH_LEN) != 0)
                st = finding(out, e, "trail_hash_mismatch", (int64_t)seq, -1,
                             "証跡 %lld 番の内容が記録されたハッシュと一致しません (内容かハッシュが改ざんされています)",
                             "trail entry %lld does not match its stored hash (its content or hash was altered)",
                             seq);
            else if (c.problem[i] == ROW_SEQ)
                st = finding(out, e, "trail_seq_mismatch", (int64_t)seq, -1,
                             "証跡 %lld 番の位置に別の番号の証跡があります (並べ替えまたは移動されています)",
                             "trail entry %lld holds another entry's content (entries were reordered or moved)",
                             seq);
            else if (c.problem[i] == ROW_COLUMNS)
                st = finding(out, e, "trail_columns_mismatch", (int64_t)seq, -1,
                             "証跡 %lld 番の検索用の列 (日時・操作者・操作・対象) が記録内容と一致しません (改ざんされています)",
                             "the search columns (time, actor, action, object) of trail entry %lld differ from its recorded content (altered)",
                             seq);
            if (st != ST_OK)
                break;
            frontier_push_nodes(&f, c.leaf[i], check_node, &nc);
            for (size_t a = 0; st == ST_OK && a < n_anchors; a++) {
                Hash root;
                if (anchor_size[a] != f.size)
                    continue;
                frontier_root(&f, root);
                if (sodium_memcmp(root, anchor_root[a], TRAIL_HASH_LEN) != 0)
                    st = finding(out, e, "trail_anchor_mismatch", -1, (int64_t)f.size,
                                 "保管されたチェックポイント (木のサイズ %lld) の根ハッシュが、証跡から再計算した値と一致しません (証跡が書き換えられ、署名し直されています)",
                                 "the kept checkpoint at tree size %lld has another root hash than the one recomputed from the trail (the trail was rewritten and signed again)",
                                 (long long)f.size);
            }
            while (st == ST_OK && ci < n_cps && cps[ci].size == (int64_t)f.size)
                st = check_checkpoint(db, &cps[ci++], &f, origin, pk, have_key, out, e);
        }
        if (st != ST_OK)
            break;
        if (gap_at >= 0)
            st = finding(out, e, "trail_gap", gap_at, -1,
                         "証跡 %lld 番が欠落しています (削除された可能性があります。次にあるのは %lld 番です)",
                         "trail entry %lld is missing (possibly deleted; the next one present is %lld)",
                         (long long)gap_at, (long long)gap_next);
        /* Progress every CHUNK entries whatever the chunk size, and at the end. */
        if (st == ST_OK && opt && opt->progress && (done || f.size >= next_progress)) {
            opt->progress((int64_t)f.size, total, opt->progress_arg);
            next_progress = f.size + CHUNK;
        }
        if (st != ST_OK)
            break;
    }
    stmt_finalize(s);
    /* The stored nodes, once the entries and checkpoints hold (a node can only be wrong alone). */
    for (unsigned l = 1; st == ST_OK && !nc.bad && nc.st == ST_OK && l < NODE_LEVELS; l++) {
        StepResult r = stmt_step(nc.cursor[l]);
        if (r == STEP_ROW) {
            nc.bad = true;
            nc.bad_level = l * TRAIL_NODE_STRIDE;
            nc.bad_idx = (uint64_t)stmt_int(nc.cursor[l], 0);
        } else if (r == STEP_ERROR)
            nc.st = stmt_error(nc.cursor[l], &nc.err);
    }
    if (st == ST_OK && nc.st != ST_OK) {
        if (e)
            *e = nc.err;
        st = nc.st;
    }
    if (st == ST_OK && nc.bad)
        st = finding(out, e, "trail_node_mismatch", -1, -1,
                     "証跡の木に保存された中間ハッシュ (高さ %u, 位置 %llu) が、証跡から再計算した値と一致しないか、余分です (改ざんされています)",
                     "the stored node of the trail's tree at level %u, index %llu differs from the one recomputed from the trail, or should not exist (altered)",
                     nc.bad_level, (unsigned long long)nc.bad_idx);
    node_check_close(&nc);
    buf_free(&c.data);
    free(c.off);
    free(c.len);
    free(c.stored);
    free(c.stored_ok);
    free(c.problem);
    free(c.leaf);
    out->size = (int64_t)f.size;
    for (size_t a = 0; st == ST_OK && a < n_anchors; a++)
        if (anchor_size[a] > f.size)
            st = finding(out, e, "trail_rolled_back", (int64_t)f.size, (int64_t)anchor_size[a],
                         "保管されたチェックポイントは %lld 件を記録していますが、証跡は %lld 件しかありません (証跡が巻き戻されています)",
                         "a kept checkpoint covers %lld entries but the trail has only %lld (the trail was rolled back)",
                         (long long)anchor_size[a], (long long)f.size);
    StoredCheckpoint beyond = {0};
    bool have_beyond = false;
    if (st == ST_OK)
        st = checkpoint_out_of_range(db, (int64_t)f.size, &beyond, &have_beyond, e);
    if (st == ST_OK && have_beyond) {
        /* A checkpoint beyond the end of the log: if genuine, entries at the end were deleted. One
         * of a negative size fails its checks (signature or size). */
        Err ne = {0};
        size_t bl;
        if ((st = fetch_checkpoint(db, &beyond, e)) != ST_OK)
            ;
        else if (beyond.size < 0 || !have_key || note_open(beyond.note, origin, pk, &bl, &ne) != ST_OK)
            st = check_checkpoint(db, &beyond, &f, origin, pk, have_key, out, e);
        else
            st = finding(out, e, "trail_truncated", (int64_t)f.size, beyond.size,
                         "署名付きチェックポイントは %lld 件を記録していますが、証跡は %lld 件しかありません (%lld 番以降が削除されています)",
                         "a signed checkpoint covers %lld entries but the trail has only %lld (entries from %lld on were deleted)",
                         (long long)beyond.size, (long long)f.size, (long long)f.size);
    }
    free(beyond.note);
    free(beyond.frontier);
    free_checkpoints(cps, n_cps);
    return st;
}

Status trail_verify_ex(Db *db, const TrailVerifyOptions *opt, TrailVerifyReport *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->first_bad_seq = -1;
    out->bad_checkpoint = -1;
    /* Reading the whole log through memory-mapped I/O saves a copy per page (~25% of the time at
     * 1M entries). A SQLite hint: best effort, ignored where unsupported, reset afterwards. */
    db_exec(db, "PRAGMA mmap_size=4294967296", NULL);
    bool own;
    Status st = trail_tx_begin(db, true, &own, e);
    if (st != ST_OK) {
        db_exec(db, "PRAGMA mmap_size=0", NULL);
        return st;
    }
    st = verify_locked(db, opt, out, e);
    Status end = trail_tx_end(db, own, ST_OK, e); /* read only: commit either way */
    db_exec(db, "PRAGMA mmap_size=0", NULL);
    if (st == ST_OK && end != ST_OK)
        st = end;
    if (st == ST_OK) {
        out->ok = true;
        snprintf(out->ja, sizeof out->ja, "証跡 %lld 件とチェックポイント %lld 件を検証しました。改ざんは見つかりませんでした",
                 (long long)out->size, (long long)out->checkpoints);
        snprintf(out->en, sizeof out->en, "verified %lld trail entries and %lld checkpoints: no tampering found",
                 (long long)out->size, (long long)out->checkpoints);
    } else if (st != ST_TAMPER) {
        snprintf(out->code, sizeof out->code, "%s", e ? e->code : "");
        snprintf(out->ja, sizeof out->ja, "%s", e ? e->ja : "");
        snprintf(out->en, sizeof out->en, "%s", e ? e->en : "");
    }
    return st;
}

Status trail_verify(Db *db, TrailVerifyReport *out, Err *e) { return trail_verify_ex(db, NULL, out, e); }

/* ---------------------------------------------------------------- proofs */

Status trail_prove(Db *db, int64_t seq, int64_t checkpoint_size, json_t **out, Err *e)
{
    *out = NULL;
    if (seq < 0 || checkpoint_size < 0)
        return err_set(e, ST_INVALID, "trail_prove_args", "seq", "番号が正しくありません",
                       "bad entry number");
    bool own;
    Status st = trail_tx_begin(db, true, &own, e);
    if (st != ST_OK)
        return st;
    Stmt *s = db_prepare(db,
                         checkpoint_size > 0
                             ? "SELECT tree_size, note FROM trail_checkpoints WHERE tree_size = ?"
                             : "SELECT tree_size, note FROM trail_checkpoints WHERE ? = 0"
                               " ORDER BY tree_size DESC LIMIT 1",
                         e);
    char *note = NULL;
    int64_t size = 0;
    if (!s)
        st = e ? e->status : ST_DB;
    else {
        stmt_bind_int(s, 1, checkpoint_size);
        StepResult r = stmt_step(s);
        if (r == STEP_ROW) {
            size = stmt_int(s, 0);
            note = xstrdup(stmt_text(s, 1));
        } else if (r == STEP_ERROR)
            st = stmt_error(s, e);
        else
            st = err_set(e, ST_NOTFOUND, "trail_no_checkpoint", "checkpoint",
                         "該当するチェックポイントがありません (`lgsec trail checkpoint` で作成できます)",
                         "no such checkpoint (`lgsec trail checkpoint` makes one)");
        stmt_finalize(s);
    }
    if (st == ST_OK && seq >= size)
        st = err_setf(e, ST_NOTFOUND, "trail_not_covered", "seq",
                      "証跡 %lld 番はまだチェックポイント (木のサイズ %lld) に含まれていません。`lgsec trail checkpoint` を実行してください",
                      "trail entry %lld is not yet covered by the checkpoint (tree size %lld); run `lgsec trail checkpoint`",
                      (long long)seq, (long long)size);
    char *entry = NULL;
    Hash leaf = {0};
    if (st == ST_OK) {
        s = db_prepare(db, "SELECT entry, leaf_hash FROM trail_entries WHERE seq = ?", e);
        if (!s)
            st = e ? e->status : ST_DB;
    }
    if (st == ST_OK) {
        stmt_bind_int(s, 1, seq);
        StepResult r = stmt_step(s);
        if (r == STEP_ROW) {
            size_t len, hlen;
            const void *b = stmt_blob(s, 0, &len);
            const void *h = stmt_blob(s, 1, &hlen);
            merkle_leaf_hash(b, len, leaf);
            if (hlen != TRAIL_HASH_LEN || memcmp(leaf, h, TRAIL_HASH_LEN) != 0)
                st = err_setf(e, ST_TAMPER, "trail_hash_mismatch", "",
                              "証跡 %lld 番の内容が記録されたハッシュと一致しません",
                              "trail entry %lld does not match its stored hash", (long long)seq);
            entry = xstrndup(b, len);
        } else if (r == STEP_ERROR)
            st = stmt_error(s, e);
        else
            st = err_setf(e, ST_TAMPER, "trail_gap", "",
                          "証跡 %lld 番が欠落しています (`lgsec trail verify` で確認してください)",
                          "trail entry %lld is missing (run `lgsec trail verify`)", (long long)seq);
        stmt_finalize(s);
    }
    Hash path[MERKLE_MAX_HEIGHT];
    size_t plen = 0;
    if (st == ST_OK) {
        NodeReader *nr;
        if ((st = trail_node_reader_open(db, &nr, e)) == ST_OK) {
            if (!merkle_inclusion_path_fn((uint64_t)size, (uint64_t)seq, trail_node_range, nr, path, &plen))
                st = trail_node_reader_status(nr, e) != ST_OK ? e->status
                                                               : err_set(e, ST_INTERNAL, "trail_proof_internal", "",
                                                                         "証明の生成に失敗しました", "failed to build the proof");
            trail_node_reader_close(nr);
        }
    }
    if (st == ST_OK) {
        Hash root;
        json_t *jpath = json_array();
        for (size_t i = 0; i < plen; i++) {
            char *b = b64_encode(path[i], TRAIL_HASH_LEN);
            json_array_append_new(jpath, json_string(b));
            free(b);
        }
        char *leaf_b64 = b64_encode(leaf, TRAIL_HASH_LEN);
        *out = json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:s}", "format", PROOF_FORMAT, "leaf_index",
                         (json_int_t)seq, "tree_size", (json_int_t)size, "entry", entry, "leaf_hash",
                         leaf_b64, "path", jpath, "checkpoint", note);
        free(leaf_b64);
        /* Never hand out a proof that does not hold: the stored log must match the checkpoint. */
        if (!merkle_root_from_path((uint64_t)seq, (uint64_t)size, leaf, path, plen, root))
            st = err_set(e, ST_INTERNAL, "trail_proof_internal", "", "証明の生成に失敗しました",
                         "failed to build the proof");
        else {
            Err ne = {0};
            char origin[NOTE_NAME_MAX + 1];
            uint64_t cs;
            Hash signed_root;
            size_t blen = strlen(note);
            const char *split = strstr(note, "\n\n");
            if (split)
                blen = (size_t)(split - note) + 1;
            if (checkpoint_parse(note, blen, origin, &cs, signed_root, &ne) != ST_OK ||
                memcmp(signed_root, root, TRAIL_HASH_LEN) != 0)
                st = err_setf(e, ST_TAMPER, "trail_root_mismatch", "",
                              "証跡から計算した根ハッシュがチェックポイント (木のサイズ %lld) と一致しません (`lgsec trail verify` で確認してください)",
                              "the root computed from the trail differs from the checkpoint at tree size %lld (run `lgsec trail verify`)",
                              (long long)size);
        }
        if (st != ST_OK) {
            json_decref(*out);
            *out = NULL;
        }
    }
    free(entry);
    free(note);
    return trail_tx_end(db, own, st, e);
}

static Status proof_bad(Err *e, const char *what_ja, const char *what_en)
{
    return err_setf(e, ST_INVALID, "trail_proof_malformed", "proof",
                    "証明の形式が正しくありません (%s)", "the proof is malformed (%s)", what_ja,
                    what_en);
}

static Status proof_fails(Err *e, const char *code, const char *ja, const char *en)
{
    return err_set(e, ST_TAMPER, code, "proof", ja, en);
}

Status trail_check_proof(const json_t *proof, const char *verifier_key, Err *e)
{
    char name[NOTE_NAME_MAX + 1];
    uint8_t pk[NOTE_PK_LEN];
    Status st = note_parse_verifier_key(verifier_key, name, pk, e);
    if (st != ST_OK)
        return st;
    const char *format = json_string_value(json_object_get(proof, "format"));
    json_t *jindex = json_object_get(proof, "leaf_index"), *jsize = json_object_get(proof, "tree_size");
    const char *entry = json_string_value(json_object_get(proof, "entry"));
    const char *leaf_b64 = json_string_value(json_object_get(proof, "leaf_hash"));
    const char *note = json_string_value(json_object_get(proof, "checkpoint"));
    json_t *jpath = json_object_get(proof, "path");
    if (!format || strcmp(format, PROOF_FORMAT) != 0)
        return proof_bad(e, "format が " PROOF_FORMAT " ではありません", "format is not " PROOF_FORMAT);
    if (!json_is_integer(jindex) || !json_is_integer(jsize) || json_integer_value(jindex) < 0 ||
        json_integer_value(jsize) <= json_integer_value(jindex))
        return proof_bad(e, "leaf_index / tree_size", "leaf_index / tree_size");
    if (!note || !json_is_array(jpath) || json_array_size(jpath) > MERKLE_MAX_HEIGHT ||
        (!entry && !leaf_b64))
        return proof_bad(e, "checkpoint / path / entry", "checkpoint / path / entry");
    uint64_t index = (uint64_t)json_integer_value(jindex), size = (uint64_t)json_integer_value(jsize);

    /* 1. The checkpoint is signed by the key the auditor holds. */
    size_t body_len;
    if ((st = note_open(note, name, pk, &body_len, e)) != ST_OK)
        return st;
    char origin[NOTE_NAME_MAX + 1];
    uint64_t signed_size;
    Hash signed_root;
    if ((st = checkpoint_parse(note, body_len, origin, &signed_size, signed_root, e)) != ST_OK)
        return st;
    if (strcmp(origin, name) != 0)
        return proof_fails(e, "trail_proof_origin", "チェックポイントの発行元が検証鍵の名前と一致しません",
                           "the checkpoint's origin is not the verifier key's name");
    if (signed_size != size)
        return proof_fails(e, "trail_proof_size", "証明の tree_size がチェックポイントのサイズと一致しません",
                           "the proof's tree_size is not the checkpoint's size");

    /* 2. The entry hashes to the leaf, and says it is entry leaf_index. */
    Hash leaf, given;
    if (leaf_b64 && !b64_decode(leaf_b64, strlen(leaf_b64), given, TRAIL_HASH_LEN))
        return proof_bad(e, "leaf_hash", "leaf_hash");
    if (entry) {
        merkle_leaf_hash(entry, strlen(entry), leaf);
        if (leaf_b64 && memcmp(leaf, given, TRAIL_HASH_LEN) != 0)
            return proof_fails(e, "trail_proof_leaf", "証跡の内容が leaf_hash と一致しません",
                               "the entry does not hash to leaf_hash");
        int64_t embedded;
        if (!trail_entry_seq(entry, strlen(entry), &embedded) || (uint64_t)embedded != index)
            return proof_fails(e, "trail_proof_seq", "証跡の内容の番号が leaf_index と一致しません",
                               "the entry's seq is not leaf_index");
    } else {
        memcpy(leaf, given, TRAIL_HASH_LEN);
    }

    /* 3. The audit path leads from the leaf to the signed root. */
    Hash path[MERKLE_MAX_HEIGHT], root;
    size_t plen = json_array_size(jpath);
    for (size_t i = 0; i < plen; i++) {
        const char *h = json_string_value(json_array_get(jpath, i));
        if (!h || !b64_decode(h, strlen(h), path[i], TRAIL_HASH_LEN))
            return proof_bad(e, "path", "path");
    }
    if (!merkle_root_from_path(index, size, leaf, path, plen, root) ||
        sodium_memcmp(root, signed_root, TRAIL_HASH_LEN) != 0)
        return proof_fails(e, "trail_proof_path", "監査パスから計算した根ハッシュが署名済みチェックポイントと一致しません",
                           "the root computed from the audit path is not the signed checkpoint's root");
    return ST_OK;
}

Status trail_consistency_proof(Db *db, int64_t m, int64_t n, Hash **out, size_t *len, Err *e)
{
    *out = NULL;
    *len = 0;
    if (m < 0 || n < m)
        return err_set(e, ST_INVALID, "trail_prove_args", "size", "番号が正しくありません", "bad entry number");
    bool own;
    Status st = trail_tx_begin(db, true, &own, e);
    if (st != ST_OK)
        return st;
    int64_t size;
    if ((st = trail_size(db, &size, e)) == ST_OK && n > size)
        st = err_setf(e, ST_NOTFOUND, "trail_not_covered", "size",
                      "証跡は %lld 件しかありません", "the trail has only %lld entries", (long long)size);
    NodeReader *nr = NULL;
    if (st == ST_OK)
        st = trail_node_reader_open(db, &nr, e);
    if (st == ST_OK) {
        Hash *proof = xmalloc(MERKLE_MAX_CONSISTENCY * sizeof *proof);
        if (merkle_consistency_proof_fn((uint64_t)m, (uint64_t)n, trail_node_range, nr, proof, len))
            *out = proof;
        else {
            free(proof);
            st = trail_node_reader_status(nr, e) != ST_OK ? e->status
                                                           : err_set(e, ST_INTERNAL, "trail_proof_internal", "",
                                                                     "証明の生成に失敗しました", "failed to build the proof");
        }
    }
    trail_node_reader_close(nr);
    return trail_tx_end(db, own, st, e);
}
