/* witness: the tlog-witness protocol as a witness and as a log (see witness.h). */
#include "trail/witness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/xmalloc.h"
#include "trail/cosig.h"
#include "trail/merkle.h"
#include "trail/trail.h"
#include "trail/trail_internal.h"

#define MAX_PROOF_LINES 63
#define REQUEST_MAX (64 * 1024)

/* ---------------------------------------------------------------- witness side */

typedef struct WitnessLog {
    char origin[NOTE_NAME_MAX + 1];
    uint8_t pk[NOTE_PK_LEN];
} WitnessLog;

struct Witness {
    char name[NOTE_NAME_MAX + 1];
    uint8_t sk[NOTE_SK_LEN];
    uint8_t pk[NOTE_PK_LEN];
    size_t n_logs;
    WitnessLog logs[];
};

Status witness_keygen(const char *key_path, const char *name, char **vkey, Err *e)
{
    if (sodium_init() < 0 || !note_name_valid(name) || strlen(name) > NOTE_NAME_MAX)
        return err_set(e, ST_INVALID, "witness_name_invalid", "name",
                       "立会人の名前は空白と + を含まない英数字などで指定してください (例: witness.city.example/lgsec)",
                       "the witness name must be printable without spaces or + (e.g. witness.city.example/lgsec)");
    uint8_t pk[NOTE_PK_LEN], sk[NOTE_SK_LEN];
    crypto_sign_keypair(pk, sk);
    char *text = cosig_signer_key(name, sk);
    sodium_memzero(sk, sizeof sk);
    int fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    Status st = ST_OK;
    if (fd < 0)
        st = errno == EEXIST ? err_setf(e, ST_CONFLICT, "trail_key_file_exists", "key",
                                        "鍵ファイル %s は既に存在します。上書きはしません",
                                        "key file %s already exists; not overwriting", key_path)
                             : err_setf(e, ST_IO, "trail_key_write_failed", "key", "鍵ファイル %s を作成できません (%s)",
                                        "cannot create key file %s (%s)", key_path, strerror(errno));
    else {
        size_t len = strlen(text);
        bool ok = fchmod(fd, 0600) == 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
        if (!(close(fd) == 0 && ok)) {
            unlink(key_path);
            st = err_setf(e, ST_IO, "trail_key_write_failed", "key", "鍵ファイル %s を書き込めません",
                          "cannot write key file %s", key_path);
        }
    }
    sodium_memzero(text, strlen(text));
    free(text);
    if (st == ST_OK)
        *vkey = cosig_verifier_key(name, pk);
    return st;
}

Status witness_load(const char *key_path, const char *const *log_vkeys, size_t n_logs, Witness **out, Err *e)
{
    *out = NULL;
    if (sodium_init() < 0)
        return err_set(e, ST_INTERNAL, "sodium_init", "", "暗号ライブラリを初期化できません", "cannot initialise libsodium");
    int fd = open(key_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return err_setf(e, ST_IO, "trail_key_unreadable", "key", "署名鍵ファイル %s を開けません",
                        "cannot open signing key file %s", key_path);
    }
    if (sb.st_mode & 077) {
        close(fd);
        return err_setf(e, ST_FORBIDDEN, "trail_key_permissions", "key",
                        "署名鍵ファイル %s は所有者以外も読み書きできます (chmod 600 %s を実行してください)",
                        "signing key file %s is accessible by group/others (run chmod 600 %s)", key_path, key_path);
    }
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return err_setf(e, ST_IO, "trail_key_unreadable", "key", "署名鍵ファイル %s を読めません",
                        "cannot read signing key file %s", key_path);
    buf[n] = '\0';
    /* sodium_malloc places the block against its guard page: its address is aligned only when the
     * size is a multiple of the alignment, so the size is rounded up to one. */
    size_t size = sizeof(Witness) + n_logs * sizeof(WitnessLog);
    size = (size + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t);
    Witness *w = sodium_malloc(size);
    if (!w)
        abort();
    w->n_logs = n_logs;
    Status st = cosig_parse_signer_key(buf, w->name, w->sk, w->pk, e);
    sodium_memzero(buf, sizeof buf);
    for (size_t i = 0; st == ST_OK && i < n_logs; i++)
        st = note_parse_verifier_key(log_vkeys[i], w->logs[i].origin, w->logs[i].pk, e);
    if (st != ST_OK) {
        sodium_free(w);
        return st;
    }
    *out = w;
    return ST_OK;
}

void witness_free(Witness *w)
{
    if (w)
        sodium_free(w);
}

char *witness_verifier_key(const Witness *w) { return cosig_verifier_key(w->name, w->pk); }

static int answer(char **resp, const char **ct, int status, const char *text)
{
    *resp = xstrdup(text);
    *ct = "text/plain; charset=utf-8";
    return status;
}

/* Parses "old N\n", proof lines, "\n", checkpoint. false when malformed. */
static bool parse_request(const char *body, size_t len, uint64_t *old, Hash *proof, size_t *n_proof,
                          const char **note)
{
    if (memchr(body, '\0', len) || len < 6 || strncmp(body, "old ", 4) != 0)
        return false;
    const char *p = body + 4, *end = body + len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl || nl == p || nl - p > 20 || (*p == '0' && nl - p > 1))
        return false;
    uint64_t v = 0;
    for (const char *q = p; q < nl; q++) {
        if (*q < '0' || *q > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*q - '0');
    }
    *old = v;
    *n_proof = 0;
    for (p = nl + 1; p < end && *p != '\n';) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl || *n_proof == MAX_PROOF_LINES || !b64_decode(p, (size_t)(nl - p), proof[*n_proof], TRAIL_HASH_LEN))
            return false;
        (*n_proof)++;
        p = nl + 1;
    }
    if (p >= end)
        return false;
    *note = p + 1;
    return true;
}

int witness_add_checkpoint(Db *db, const Witness *w, int64_t now, const char *body, size_t len, char **resp,
                           const char **content_type)
{
    *resp = NULL;
    if (len > REQUEST_MAX)
        return answer(resp, content_type, 400, "request too large\n");
    char *text = xstrndup(body, len);
    uint64_t old, size;
    Hash proof[MAX_PROOF_LINES], root;
    size_t n_proof;
    const char *note;
    char origin[NOTE_NAME_MAX + 1];
    Err e = {0};
    int status = 0;
    const char *split = NULL;
    if (!parse_request(text, len, &old, proof, &n_proof, &note) || !(split = strstr(note, "\n\n")) ||
        checkpoint_parse(note, (size_t)(split - note) + 1, origin, &size, root, &e) != ST_OK)
        status = answer(resp, content_type, 400, "malformed add-checkpoint request\n");
    const WitnessLog *log = NULL;
    for (size_t i = 0; !status && i < w->n_logs && !log; i++)
        if (strcmp(w->logs[i].origin, origin) == 0)
            log = &w->logs[i];
    size_t body_len = split ? (size_t)(split - note) + 1 : 0;
    if (!status && !log)
        status = answer(resp, content_type, 404, "unknown log\n");
    if (!status && note_open(note, origin, log->pk, NULL, &e) != ST_OK)
        status = answer(resp, content_type, 403, "no valid signature by the log's key\n");
    if (!status && old > size)
        status = answer(resp, content_type, 400, "old size above the checkpoint size\n");
    if (!status && old == 0 && n_proof != 0)
        status = answer(resp, content_type, 400, "a proof from size 0 must be empty\n");
    if (status) {
        free(text);
        return status;
    }
    /* Check and replace in one write transaction, so two requests cannot roll the state back. */
    if (db_begin(db, &e) != ST_OK) {
        free(text);
        return answer(resp, content_type, 500, "witness state unavailable\n");
    }
    Stmt *s = db_prepare(db, "SELECT tree_size, root FROM witness_logs WHERE origin = ?", &e);
    bool have = false;
    uint64_t known = 0;
    Hash known_root = {0};
    Status st = s ? ST_OK : ST_DB;
    if (s) {
        stmt_bind_text(s, 1, origin);
        st = stmt_step_row(s, &have, &e);
        size_t rl = 0;
        if (have) {
            known = (uint64_t)stmt_int(s, 0);
            const void *r = stmt_blob(s, 1, &rl);
            if (rl == TRAIL_HASH_LEN)
                memcpy(known_root, r, TRAIL_HASH_LEN);
        }
        stmt_finalize(s);
    }
    if (st != ST_OK)
        status = answer(resp, content_type, 500, "witness state unavailable\n");
    else if (old != known) {
        *resp = xasprintf("%llu\n", (unsigned long long)known);
        *content_type = "text/x.tlog.size";
        status = 409;
    } else if (old == size && have && memcmp(root, known_root, TRAIL_HASH_LEN) != 0) {
        *resp = xasprintf("%llu\n", (unsigned long long)known);
        *content_type = "text/x.tlog.size";
        status = 409;
    } else if (old > 0 && !merkle_verify_consistency(old, size, known_root, root, proof, n_proof))
        status = answer(resp, content_type, 422, "the consistency proof does not verify\n");
    if (!status) {
        char at[21];
        time_iso_utc(now, at);
        s = db_prepare(db,
                       "INSERT INTO witness_logs(origin, tree_size, root, checkpoint, updated_at) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT(origin) DO UPDATE SET tree_size = excluded.tree_size, root = excluded.root,"
                       " checkpoint = excluded.checkpoint, updated_at = excluded.updated_at",
                       &e);
        st = s ? ST_OK : ST_DB;
        if (s) {
            stmt_bind_text(s, 1, origin);
            stmt_bind_int(s, 2, (int64_t)size);
            stmt_bind_blob(s, 3, root, TRAIL_HASH_LEN);
            stmt_bind_text(s, 4, note);
            stmt_bind_text(s, 5, at);
            st = stmt_step(s) == STEP_DONE ? ST_OK : stmt_error(s, &e);
            stmt_finalize(s);
        }
        if (st == ST_OK)
            st = db_commit(db, &e);
        if (st != ST_OK)
            status = answer(resp, content_type, 500, "witness state unavailable\n");
        else {
            *resp = cosig_line(note, body_len, w->name, w->sk, (uint64_t)now);
            *content_type = "text/plain; charset=utf-8";
            status = 200;
        }
    }
    if (status != 200)
        db_rollback(db);
    free(text);
    return status;
}

/* ---------------------------------------------------------------- log side */

Status trail_witness_parse(const char *spec, TrailWitness *out, Err *e)
{
    memset(out, 0, sizeof *out);
    const char *eq = strstr(spec, "=");
    const char *vkey = spec;
    if (eq && (strncmp(spec, "http://", 7) == 0 || strncmp(spec, "https://", 8) == 0)) {
        size_t ulen = (size_t)(eq - spec);
        while (ulen && spec[ulen - 1] == '/')
            ulen--;
        if (ulen >= sizeof out->url)
            return err_set(e, ST_INVALID, "witness_spec_invalid", "witness", "立会人の URL が長すぎます",
                           "the witness URL is too long");
        memcpy(out->url, spec, ulen);
        vkey = eq + 1;
    }
    Status st = cosig_parse_verifier_key(vkey, out->name, out->pk, e);
    if (st != ST_OK)
        return err_set(e, ST_INVALID, "witness_spec_invalid", "witness",
                       "立会人は URL=検証鍵 の形で指定してください (例: http://192.0.2.10:9443=witness.example/w1+1a2b3c4d+BA…)",
                       "give a witness as URL=VERIFIER-KEY (e.g. http://192.0.2.10:9443=witness.example/w1+1a2b3c4d+BA…)");
    return ST_OK;
}

Status trail_witness_latest(Db *db, const char *name, char **checkpoint, Err *e)
{
    *checkpoint = NULL;
    Stmt *s = db_prepare(db,
                         "SELECT checkpoint FROM trail_cosignatures WHERE ?1 IS NULL OR witness = ?1 ORDER BY tree_size DESC, id DESC LIMIT 1",
                         e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, name);
    bool row;
    Status st = stmt_step_row(s, &row, e);
    if (st == ST_OK && row)
        *checkpoint = xstrdup(stmt_text(s, 0));
    stmt_finalize(s);
    return st;
}

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    Buf *b = arg;
    if (b->len + size * n > REQUEST_MAX)
        return 0;
    buf_append(b, data, size * n);
    return size * n;
}

/* POSTs body to <url>/add-checkpoint; *status gets the HTTP status, resp the body. */
static Status post(const TrailWitness *w, const char *body, size_t len, long *status, Buf *resp, Err *e)
{
    CURL *c = curl_easy_init();
    if (!c)
        return err_set(e, ST_IO, "witness_unreachable", "witness", "HTTP クライアントを初期化できません",
                       "cannot initialise the HTTP client");
    char *url = xasprintf("%s/add-checkpoint", w->url);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: text/plain; charset=utf-8");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    Status st = ST_OK;
    if (rc != CURLE_OK)
        st = err_setf(e, ST_IO, "witness_unreachable", "witness", "立会人 %s (%s) に接続できません: %s",
                      "cannot reach witness %s (%s): %s", w->name, w->url, curl_easy_strerror(rc));
    else
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(url);
    return st;
}

/* The request body for old → the checkpoint (size, note). Caller frees. */
static Status request_body(Db *db, int64_t old, int64_t size, const char *note, Buf *out, Err *e)
{
    Hash *proof = NULL;
    size_t n = 0;
    Status st = old > 0 ? trail_consistency_proof(db, old, size, &proof, &n, e) : ST_OK;
    if (st != ST_OK)
        return st;
    buf_printf(out, "old %lld\n", (long long)old);
    for (size_t i = 0; i < n; i++) {
        char *b = b64_encode(proof[i], TRAIL_HASH_LEN);
        buf_printf(out, "%s\n", b);
        free(b);
    }
    buf_printf(out, "\n%s", note);
    free(proof);
    return ST_OK;
}

Status trail_witness_submit(Db *db, const TrailWitness *w, int64_t now, bool store, int64_t *cosigned_size,
                            Err *e)
{
    if (!w->url[0])
        return err_set(e, ST_INVALID, "witness_spec_invalid", "witness", "立会人の URL がありません",
                       "the witness has no URL");
    /* The newest checkpoint, and the size this witness last cosigned as this database records it. */
    Stmt *s = db_prepare(db, "SELECT tree_size, note FROM trail_checkpoints ORDER BY tree_size DESC LIMIT 1", e);
    if (!s)
        return e ? e->status : ST_DB;
    bool row;
    Status st = stmt_step_row(s, &row, e);
    int64_t size = row ? stmt_int(s, 0) : 0;
    char *note = row ? xstrdup(stmt_text(s, 1)) : NULL;
    stmt_finalize(s);
    if (st == ST_OK && !note && !store)
        st = err_setf(e, ST_TAMPER, "witness_no_checkpoint", "witness",
                      "立会人 %s に示すチェックポイントがありません (チェックポイントが削除されています)",
                      "there is no checkpoint to show witness %s (the checkpoints were deleted)", w->name);
    if (st != ST_OK || !note) {
        free(note);
        return st;
    }
    int64_t old = 0;
    s = db_prepare(db, "SELECT max(tree_size) FROM trail_cosignatures WHERE witness = ?", e);
    if (!s) {
        free(note);
        return e ? e->status : ST_DB;
    }
    stmt_bind_text(s, 1, w->name);
    if ((st = stmt_step_row(s, &row, e)) == ST_OK && row && !stmt_is_null(s, 0))
        old = stmt_int(s, 0);
    stmt_finalize(s);
    if (st == ST_OK && old > size)
        st = err_setf(e, ST_TAMPER, "witness_ahead", "witness",
                      "立会人 %s は木のサイズ %lld を連署していますが、最新のチェックポイントは %lld です (証跡が巻き戻されています)",
                      "witness %s cosigned tree size %lld but the newest checkpoint is %lld (the trail was rolled back)",
                      w->name, (long long)old, (long long)size);
    if (st != ST_OK || (store && old == size && size > 0)) {
        if (cosigned_size)
            *cosigned_size = old;
        free(note);
        return st;
    }
    size_t split = (size_t)(strstr(note, "\n\n") - note) + 1;
    for (int attempt = 0; st == ST_OK && attempt < 2; attempt++) {
        Buf body = BUF_INIT, resp = BUF_INIT;
        long status = 0;
        if ((st = request_body(db, old, size, note, &body, e)) == ST_OK)
            st = post(w, body.data, body.len, &status, &resp, e);
        buf_append(&resp, "", 1); /* NUL-terminate */
        buf_free(&body);
        if (st != ST_OK) {
            buf_free(&resp);
            break;
        }
        int64_t theirs = -1;
        if (status == 409)
            theirs = strtoll(resp.data, NULL, 10);
        if (status == 200) {
            uint64_t t;
            if ((st = cosig_find(resp.data, note, split, w->name, w->pk, &t, e)) == ST_OK && store) {
                char at[21];
                time_iso_utc(now, at);
                char *cosigned = xasprintf("%s%s", note, resp.data);
                s = db_prepare(db,
                               "INSERT OR IGNORE INTO trail_cosignatures(witness, tree_size, checkpoint, created_at)"
                               " VALUES (?, ?, ?, ?)",
                               e);
                if (!s)
                    st = e ? e->status : ST_DB;
                else {
                    stmt_bind_text(s, 1, w->name);
                    stmt_bind_int(s, 2, size);
                    stmt_bind_text(s, 3, cosigned);
                    stmt_bind_text(s, 4, at);
                    st = stmt_step(s) == STEP_DONE ? ST_OK : stmt_error(s, e);
                    stmt_finalize(s);
                }
                free(cosigned);
            }
            if (st == ST_OK && cosigned_size)
                *cosigned_size = size;
            attempt = 2;
        } else if (status == 409 && theirs > size) {
            st = err_setf(e, ST_TAMPER, "witness_ahead", "witness",
                          "立会人 %s は木のサイズ %lld を連署していますが、この証跡は %lld までしかありません (巻き戻しまたは末尾の削除)",
                          "witness %s has cosigned tree size %lld but this trail only reaches %lld (rolled back or truncated)",
                          w->name, (long long)theirs, (long long)size);
        } else if (status == 409 && theirs >= 0 && theirs != old && attempt == 0) {
            old = theirs; /* the witness knows another size: prove from there */
        } else if (status == 409) {
            st = err_setf(e, ST_TAMPER, "witness_inconsistent", "witness",
                          "立会人 %s が同じ木のサイズ %lld で別の根ハッシュを連署しています (証跡が書き換えられています)",
                          "witness %s cosigned another root hash at tree size %lld (the trail was rewritten)", w->name,
                          (long long)theirs);
        } else if (status == 422) {
            st = err_setf(e, ST_TAMPER, "witness_inconsistent", "witness",
                          "立会人 %s が連署した木 (サイズ %lld) とこの証跡がつながりません (証跡が書き換えられています)",
                          "the tree witness %s cosigned (size %lld) does not lead to this trail (the trail was rewritten)",
                          w->name, (long long)old);
        } else if (status == 403) {
            st = err_setf(e, ST_TAMPER, "witness_key_refused", "witness",
                          "立会人 %s はこのチェックポイントの署名をこの証跡の鍵として認めません (鍵が差し替えられた可能性があります)",
                          "witness %s does not accept this checkpoint's signature as this trail's key (the key may have been replaced)",
                          w->name);
        } else {
            st = err_setf(e, ST_IO, "witness_refused", "witness", "立会人 %s が応答 %ld を返しました: %s",
                          "witness %s answered %ld: %s", w->name, status, resp.data);
        }
        buf_free(&resp);
    }
    free(note);
    return st;
}

Status trail_witness_cosigned(Db *db, const TrailWitness *w, char **note, Err *e)
{
    *note = NULL;
    char *n = NULL;
    Status st = trail_witness_latest(db, w->name, &n, e);
    if (st != ST_OK)
        return st;
    if (!n)
        return err_setf(e, ST_TAMPER, "witness_no_cosignature", "witness",
                        "立会人 %s の連署がデータベースにありません (削除されたか、まだ立会人に送られていません)",
                        "the database holds no cosignature by witness %s (deleted, or never sent to the witness)",
                        w->name);
    const char *split = strstr(n, "\n\n");
    if (!split)
        st = err_set(e, ST_TAMPER, "cosig_bad_signature", "cosignature", "連署されたチェックポイントの形式が壊れています",
                     "a cosigned checkpoint is malformed");
    else
        st = cosig_find(split + 2, n, (size_t)(split - n) + 1, w->name, w->pk, NULL, e);
    if (st != ST_OK) {
        free(n);
        return st;
    }
    *note = n;
    return ST_OK;
}

Status trail_anchor_note(const char *text, char **note, Err *e)
{
    /* body lines, one blank line, then the signature lines ("— " …) */
    const char *split = strstr(text, "\n\n");
    if (!split)
        return err_set(e, ST_INVALID, "trail_anchor_malformed", "anchor", "控えに署名付きチェックポイントがありません",
                       "the anchor holds no signed checkpoint");
    const char *p = split + 2;
    while (strncmp(p, "\xe2\x80\x94 ", 4) == 0) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    if (p == split + 2)
        return err_set(e, ST_INVALID, "trail_anchor_malformed", "anchor", "控えに署名付きチェックポイントがありません",
                       "the anchor holds no signed checkpoint");
    *note = xstrndup(text, (size_t)(p - text));
    return ST_OK;
}
