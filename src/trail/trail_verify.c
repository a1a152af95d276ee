/* trail_verify: full verification of the stored log (trail_verify), inclusion proofs from the log
 * (trail_prove) and their offline check (trail_check_proof). */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "trail/merkle.h"
#include "trail/note.h"
#include "trail/trail.h"
#include "trail/trail_internal.h"

#define PROGRESS_EVERY 65536
#define PROOF_FORMAT "lgsec-trail-proof/1"

typedef struct StoredCheckpoint {
    int64_t size;
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

static Status load_checkpoints(Db *db, StoredCheckpoint **out, size_t *n_out, Err *e)
{
    *out = NULL;
    *n_out = 0;
    Stmt *s = db_prepare(db, "SELECT tree_size, note, frontier FROM trail_checkpoints ORDER BY tree_size", e);
    if (!s)
        return e ? e->status : ST_DB;
    StoredCheckpoint *cps = NULL;
    size_t n = 0, cap = 0;
    StepResult r;
    while ((r = stmt_step(s)) == STEP_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            cps = xrealloc(cps, cap * sizeof *cps);
        }
        size_t flen;
        const void *fb = stmt_blob(s, 2, &flen);
        cps[n].size = stmt_int(s, 0);
        cps[n].note = xstrdup(stmt_text(s, 1));
        cps[n].frontier = xmalloc(flen ? flen : 1);
        if (flen)
            memcpy(cps[n].frontier, fb, flen);
        cps[n].frontier_len = flen;
        n++;
    }
    Status st = r == STEP_ERROR ? stmt_error(s, e) : ST_OK;
    stmt_finalize(s);
    if (st != ST_OK) {
        free_checkpoints(cps, n);
        return st;
    }
    *out = cps;
    *n_out = n;
    return ST_OK;
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

/* Checks one stored checkpoint against the recomputed compact range at its size. */
static Status check_checkpoint(const StoredCheckpoint *cp, const Frontier *f, const char *origin,
                               const uint8_t pk[NOTE_PK_LEN], bool have_key,
                               TrailVerifyReport *out, Err *e)
{
    long long size = (long long)cp->size;
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
    Frontier f;
    frontier_init(&f);
    Buf scratch = BUF_INIT;
    /* A checkpoint of the empty tree is checked before the first entry. */
    while (st == ST_OK && ci < n_cps && cps[ci].size == 0)
        st = check_checkpoint(&cps[ci++], &f, origin, pk, have_key, out, e);
    StepResult r = STEP_DONE;
    while (st == ST_OK && (r = stmt_step(s)) == STEP_ROW) {
        int64_t expected = (int64_t)f.size, seq = stmt_int(s, 0), embedded;
        size_t len, hlen;
        const void *entry = stmt_blob(s, 1, &len);
        const void *stored = stmt_blob(s, 2, &hlen);
        Hash leaf;
        if (seq != expected) {
            st = finding(out, e, "trail_gap", expected, -1,
                         "証跡 %lld 番が欠落しています (削除された可能性があります。次にあるのは %lld 番です)",
                         "trail entry %lld is missing (possibly deleted; the next one present is %lld)",
                         (long long)expected, (long long)seq);
            break;
        }
        merkle_leaf_hash(entry, len, leaf);
        if (hlen != TRAIL_HASH_LEN || memcmp(leaf, stored, TRAIL_HASH_LEN) != 0) {
            st = finding(out, e, "trail_hash_mismatch", seq, -1,
                         "証跡 %lld 番の内容が記録されたハッシュと一致しません (内容かハッシュが改ざんされています)",
                         "trail entry %lld does not match its stored hash (its content or hash was altered)",
                         (long long)seq);
            break;
        }
        if (!trail_entry_seq(entry, len, &embedded) || embedded != seq) {
            st = finding(out, e, "trail_seq_mismatch", seq, -1,
                         "証跡 %lld 番の位置に別の番号の証跡があります (並べ替えまたは移動されています)",
                         "trail entry %lld holds another entry's content (entries were reordered or moved)",
                         (long long)seq);
            break;
        }
        const char *cols[5] = {stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5), stmt_text(s, 6),
                               stmt_text(s, 7)};
        if (!trail_entry_matches(entry, len, seq, cols, &scratch)) {
            st = finding(out, e, "trail_columns_mismatch", seq, -1,
                         "証跡 %lld 番の検索用の列 (日時・操作者・操作・対象) が記録内容と一致しません (改ざんされています)",
                         "the search columns (time, actor, action, object) of trail entry %lld differ from its recorded content (altered)",
                         (long long)seq);
            break;
        }
        frontier_push(&f, leaf);
        while (st == ST_OK && ci < n_cps && cps[ci].size == (int64_t)f.size)
            st = check_checkpoint(&cps[ci++], &f, origin, pk, have_key, out, e);
        if (opt && opt->progress && f.size % PROGRESS_EVERY == 0)
            opt->progress((int64_t)f.size, total, opt->progress_arg);
    }
    if (st == ST_OK && r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    out->size = (int64_t)f.size;
    if (st == ST_OK && ci < n_cps) {
        /* Checkpoints beyond the end of the log: if genuine, entries at the end were deleted. */
        Err ne = {0};
        size_t bl;
        if (!have_key || note_open(cps[ci].note, origin, pk, &bl, &ne) != ST_OK)
            st = check_checkpoint(&cps[ci], &f, origin, pk, have_key, out, e);
        else
            st = finding(out, e, "trail_truncated", (int64_t)f.size, cps[ci].size,
                         "署名付きチェックポイントは %lld 件を記録していますが、証跡は %lld 件しかありません (%lld 番以降が削除されています)",
                         "a signed checkpoint covers %lld entries but the trail has only %lld (entries from %lld on were deleted)",
                         (long long)cps[ci].size, (long long)f.size, (long long)f.size);
    }
    if (opt && opt->progress && st == ST_OK)
        opt->progress((int64_t)f.size, total, opt->progress_arg);
    free_checkpoints(cps, n_cps);
    buf_free(&scratch);
    return st;
}

Status trail_verify_ex(Db *db, const TrailVerifyOptions *opt, TrailVerifyReport *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->first_bad_seq = -1;
    out->bad_checkpoint = -1;
    bool own;
    Status st = trail_tx_begin(db, true, &own, e);
    if (st != ST_OK)
        return st;
    st = verify_locked(db, opt, out, e);
    Status end = trail_tx_end(db, own, ST_OK, e); /* read only: commit either way */
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
    Hash *leaves = NULL;
    char *entry = NULL;
    if (st == ST_OK) {
        leaves = xmalloc((size_t)size * sizeof *leaves);
        s = db_prepare(db, "SELECT seq, leaf_hash, CASE WHEN seq = ? THEN entry END FROM trail_entries"
                           " WHERE seq < ? ORDER BY seq", e);
        if (!s)
            st = e ? e->status : ST_DB;
    }
    if (st == ST_OK) {
        stmt_bind_int(s, 1, seq);
        stmt_bind_int(s, 2, size);
        int64_t n = 0;
        StepResult r;
        while (st == ST_OK && (r = stmt_step(s)) == STEP_ROW) {
            size_t hlen;
            const void *h = stmt_blob(s, 1, &hlen);
            if (stmt_int(s, 0) != n || hlen != TRAIL_HASH_LEN) {
                st = err_setf(e, ST_TAMPER, "trail_gap", "",
                              "証跡 %lld 番が欠落しているか壊れています (`lgsec trail verify` で確認してください)",
                              "trail entry %lld is missing or damaged (run `lgsec trail verify`)",
                              (long long)n);
                break;
            }
            memcpy(leaves[n], h, TRAIL_HASH_LEN);
            if (n == seq) {
                size_t len;
                const void *b = stmt_blob(s, 2, &len);
                Hash lh;
                merkle_leaf_hash(b, len, lh);
                if (memcmp(lh, h, TRAIL_HASH_LEN) != 0)
                    st = err_setf(e, ST_TAMPER, "trail_hash_mismatch", "",
                                  "証跡 %lld 番の内容が記録されたハッシュと一致しません",
                                  "trail entry %lld does not match its stored hash", (long long)seq);
                entry = xstrndup(b, len);
            }
            n++;
        }
        if (st == ST_OK && r == STEP_ERROR)
            st = stmt_error(s, e);
        if (st == ST_OK && n != size)
            st = err_setf(e, ST_TAMPER, "trail_truncated", "",
                          "チェックポイントは %lld 件を記録していますが、証跡は %lld 件しかありません",
                          "the checkpoint covers %lld entries but the trail has only %lld",
                          (long long)size, (long long)n);
        stmt_finalize(s);
    }
    if (st == ST_OK) {
        Hash path[MERKLE_MAX_HEIGHT], root;
        size_t plen = merkle_inclusion_path(leaves, (size_t)size, (size_t)seq, path);
        json_t *jpath = json_array();
        for (size_t i = 0; i < plen; i++) {
            char *b = b64_encode(path[i], TRAIL_HASH_LEN);
            json_array_append_new(jpath, json_string(b));
            free(b);
        }
        char *leaf_b64 = b64_encode(leaves[seq], TRAIL_HASH_LEN);
        *out = json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:s}", "format", PROOF_FORMAT, "leaf_index",
                         (json_int_t)seq, "tree_size", (json_int_t)size, "entry", entry, "leaf_hash",
                         leaf_b64, "path", jpath, "checkpoint", note);
        free(leaf_b64);
        /* Never hand out a proof that does not hold: the stored log must match the checkpoint. */
        if (!merkle_root_from_path((uint64_t)seq, (uint64_t)size, leaves[seq], path, plen, root))
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
    free(leaves);
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
