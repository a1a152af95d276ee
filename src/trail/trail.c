/* trail: appending entries (trail_append, TrailWriter), the installation's origin and signing key,
 * signed checkpoints, and reading the log for the UI/API (trail_list, trail_status).
 * Verification and inclusion proofs are in trail_verify.c; hashing in merkle.c; notes in note.c. */
#include "trail/trail.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/xmalloc.h"
#include "trail/merkle.h"
#include "trail/note.h"
#include "trail/trail_internal.h"

#define META_ORIGIN "trail_origin"
#define META_PUBLIC_KEY "trail_public_key"
#define ENTRY_FORMAT_VERSION 1
#define ENTRY_FORMAT_VERSION_TEXT "1"
_Static_assert(ENTRY_FORMAT_VERSION == 1, "trail_entry_matches expects \"v\":1");

/* ---------------------------------------------------------------- shared helpers */

Status trail_tx_begin(Db *db, bool read_only, bool *own, Err *e)
{
    *own = !db_in_transaction(db);
    if (!*own)
        return ST_OK;
    return read_only ? db_exec(db, "BEGIN", e) : db_begin(db, e);
}

Status trail_tx_end(Db *db, bool own, Status st, Err *e)
{
    if (!own)
        return st;
    if (st == ST_OK)
        return db_commit(db, e);
    db_rollback(db);
    return st;
}

Status trail_meta_get(Db *db, const char *key, char **out, Err *e)
{
    *out = NULL;
    Stmt *s = db_prepare(db, "SELECT value FROM meta WHERE key = ?", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, key);
    StepResult r = stmt_step(s);
    Status st = ST_OK;
    if (r == STEP_ROW)
        *out = xstrdup(stmt_text(s, 0));
    else if (r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    return st;
}

static Status meta_insert(Db *db, const char *key, const char *value, Err *e)
{
    Stmt *s = db_prepare(db, "INSERT INTO meta(key, value) VALUES (?, ?)", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, key);
    stmt_bind_text(s, 2, value);
    Status st = stmt_step(s) == STEP_DONE ? ST_OK : stmt_error(s, e);
    stmt_finalize(s);
    return st;
}

Status trail_load_identity(Db *db, char origin[NOTE_NAME_MAX + 1], uint8_t pk[NOTE_PK_LEN],
                           bool *have_key, Err *e)
{
    char *o = NULL, *k = NULL;
    *have_key = false;
    origin[0] = '\0';
    Status st = trail_meta_get(db, META_ORIGIN, &o, e);
    if (st == ST_OK)
        st = trail_meta_get(db, META_PUBLIC_KEY, &k, e);
    if (st == ST_OK && o)
        snprintf(origin, NOTE_NAME_MAX + 1, "%s", o);
    if (st == ST_OK && k) {
        if (!b64_decode(k, strlen(k), pk, NOTE_PK_LEN))
            st = err_set(e, ST_TAMPER, "trail_public_key_malformed", "",
                         "記録されている証跡の公開鍵の形式が正しくありません",
                         "the recorded trail public key is malformed");
        else
            *have_key = true;
    }
    free(o);
    free(k);
    return st;
}

Status trail_size(Db *db, int64_t *out, Err *e)
{
    Stmt *s = db_prepare(db, "SELECT max(seq) FROM trail_entries", e);
    if (!s)
        return e ? e->status : ST_DB;
    Status st = ST_OK;
    if (stmt_step(s) == STEP_ROW)
        *out = stmt_is_null(s, 0) ? 0 : stmt_int(s, 0) + 1;
    else
        st = stmt_error(s, e);
    stmt_finalize(s);
    return st;
}

bool trail_entry_seq(const void *entry, size_t len, int64_t *out)
{
    /* Keys are sorted and "seq" is followed only by "time" (a string) and "v" (a number), and a raw
     * '"' cannot occur inside a JSON string: the last `,"seq":` is the top-level member. */
    static const char key[] = ",\"seq\":";
    const size_t klen = sizeof key - 1;
    const char *p = entry;
    if (len < klen)
        return false;
    for (size_t i = len - klen + 1; i-- > 0;) {
        if (p[i] != ',' || memcmp(p + i, key, klen) != 0)
            continue;
        int64_t v = 0;
        size_t j = i + klen, start = j;
        while (j < len && p[j] >= '0' && p[j] <= '9' && j - start < 18)
            v = v * 10 + (p[j++] - '0');
        if (j == start || j >= len || (p[j] != ',' && p[j] != '}'))
            return false;
        *out = v;
        return true;
    }
    return false;
}

/* Length of v as jansson writes it in a compact dump, and its text when it needs escaping
 * (*escaped, caller frees; NULL when v is written as "v"). -1 for invalid UTF-8. */
static long json_string_form(const char *v, char **escaped)
{
    *escaped = NULL;
    size_t n = 0;
    bool plain = true;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++, n++)
        plain = plain && *p >= 0x20 && *p != '"' && *p != '\\';
    if (plain)
        return (long)n + 2;
    json_t *s = json_string(v);
    *escaped = s ? json_dumps(s, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    json_decref(s);
    return *escaped ? (long)strlen(*escaped) : -1;
}

/* Matches literal then the JSON form of v at *p, advancing it. */
static bool match_member(const char **p, const char *end, const char *lit, const char *v)
{
    size_t ll = strlen(lit);
    if ((size_t)(end - *p) < ll || memcmp(*p, lit, ll) != 0)
        return false;
    *p += ll;
    char *esc;
    long n = json_string_form(v, &esc);
    bool ok = n >= 0 && end - *p >= n;
    if (ok && esc)
        ok = memcmp(*p, esc, (size_t)n) == 0;
    else if (ok)
        ok = (*p)[0] == '"' && memcmp(*p + 1, v, (size_t)n - 2) == 0 && (*p)[n - 1] == '"';
    free(esc);
    *p += ok ? n : 0;
    return ok;
}

bool trail_entry_matches(const void *entry, size_t len, int64_t seq, const char *const cols[5])
{
    /* cols: time, actor, action, object_type, object_id */
    const char *p = entry, *end = p + len;
    if (!match_member(&p, end, "{\"action\":", cols[2]) ||
        !match_member(&p, end, ",\"actor\":", cols[1]) || (size_t)(end - p) < 9 ||
        memcmp(p, ",\"after\":", 9) != 0)
        return false;
    const char *after_start = p + 9;
    /* The suffix: ,"object_id":I,"object_type":T,"seq":N,"time":W,"v":1} */
    char digits[24], *esc;
    int nd = 0;
    for (uint64_t v = (uint64_t)seq;; v /= 10) {
        digits[nd++] = (char)('0' + v % 10);
        if (v < 10)
            break;
    }
    long l_id = json_string_form(cols[4], &esc);
    free(esc);
    long l_type = json_string_form(cols[3], &esc);
    free(esc);
    long l_time = json_string_form(cols[0], &esc);
    free(esc);
    if (l_id < 0 || l_type < 0 || l_time < 0)
        return false;
    size_t suffix = (sizeof ",\"object_id\":" - 1) + (size_t)l_id + (sizeof ",\"object_type\":" - 1) +
                    (size_t)l_type + (sizeof ",\"seq\":" - 1) + (size_t)nd +
                    (sizeof ",\"time\":" - 1) + (size_t)l_time + (sizeof ",\"v\":1}" - 1);
    if ((size_t)(end - after_start) < suffix)
        return false;
    p = end - suffix;
    if (!match_member(&p, end, ",\"object_id\":", cols[4]) ||
        !match_member(&p, end, ",\"object_type\":", cols[3]) || memcmp(p, ",\"seq\":", 7) != 0)
        return false;
    p += 7;
    for (int i = nd; i-- > 0;)
        if (*p++ != digits[i])
            return false;
    return match_member(&p, end, ",\"time\":", cols[0]) && (size_t)(end - p) == 7 &&
           memcmp(p, ",\"v\":1}", 7) == 0;
}

/* ---------------------------------------------------------------- appending */

/* Tells the sealing signer of db (if any) the leaf just appended (defined with the signer). */
static void seal_note_leaf(Db *db, int64_t seq, const Hash leaf);

struct TrailWriter {
    Db *db;
    Stmt *max_seq;
    Stmt *insert;
    Buf entry; /* the canonical bytes, reused from one append to the next */
};

Status trail_writer_open(Db *db, TrailWriter **out, Err *e)
{
    TrailWriter *w = xcalloc(1, sizeof *w);
    w->db = db;
    w->max_seq = db_prepare(db, "SELECT max(seq) FROM trail_entries", e);
    if (w->max_seq)
        w->insert =
            db_prepare(db,
                       "INSERT INTO trail_entries(seq, entry, leaf_hash, time, actor, action,"
                       " object_type, object_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       e);
    if (!w->insert) {
        trail_writer_close(w);
        *out = NULL;
        return e ? e->status : ST_DB;
    }
    *out = w;
    return ST_OK;
}

void trail_writer_close(TrailWriter *w)
{
    if (!w)
        return;
    stmt_finalize(w->max_seq);
    stmt_finalize(w->insert);
    buf_free(&w->entry);
    free(w);
}

static Status bad_event(Err *e, const char *field)
{
    return err_setf(e, ST_INVALID, "trail_event_invalid", field,
                    "証跡の項目 %s が空か、正しい UTF-8 ではありません",
                    "trail event field %s is empty or not valid UTF-8", field);
}

/* Appends v (valid UTF-8) as jansson's compact dump writes a string. Strings without '"', '\\'
 * or control characters (nearly all) are copied; the others are left to jansson. */
static bool put_json_string(Buf *b, const char *v)
{
    bool plain = true;
    for (const unsigned char *p = (const unsigned char *)v; *p && plain; p++)
        plain = *p >= 0x20 && *p != '"' && *p != '\\';
    if (plain) {
        buf_putc(b, '"');
        buf_puts(b, v);
        buf_putc(b, '"');
        return true;
    }
    json_t *s = json_string(v);
    char *esc = s ? json_dumps(s, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    json_decref(s);
    if (esc)
        buf_puts(b, esc);
    free(esc);
    return esc != NULL;
}

/* Canonical bytes of an entry into out (emptied first): exactly what json_dumps(JSON_COMPACT |
 * JSON_SORT_KEYS) writes for the object {action, actor, after, before, object_id, object_type, seq,
 * time, v} (test_trail checks it against jansson), written member by member in sorted order so
 * that appending builds no object. ST_INVALID (e filled) for a bad event. */
static Status canonical_entry(const TrailEvent *ev, int64_t seq, const char iso[21], Buf *out, Err *e)
{
    buf_reset(out);
    const char *object_id = ev->object_id ? ev->object_id : "";
    const struct {
        const char *name, *value;
        bool may_be_empty;
    } fields[] = {{"actor", ev->actor, false},
                  {"action", ev->action, false},
                  {"object_type", ev->object_type, false},
                  {"object_id", object_id, true}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const unsigned char *p = (const unsigned char *)fields[i].value;
        if (!p || (!fields[i].may_be_empty && !*p))
            return bad_event(e, fields[i].name);
        for (size_t n; *p; p += n)
            if ((n = trail_utf8_seq_len(p, 4)) == 0) /* NUL-terminated: a sequence cut short fails at the NUL */
                return bad_event(e, fields[i].name);
    }
    buf_puts(out, "{\"action\":");
    if (!put_json_string(out, ev->action))
        return bad_event(e, "action");
    buf_puts(out, ",\"actor\":");
    if (!put_json_string(out, ev->actor))
        return bad_event(e, "actor");
    buf_puts(out, ",\"after\":");
    if (!trail_put_json(out, ev->after))
        return bad_event(e, "before/after");
    buf_puts(out, ",\"before\":");
    if (!trail_put_json(out, ev->before))
        return bad_event(e, "before/after");
    buf_puts(out, ",\"object_id\":");
    if (!put_json_string(out, object_id))
        return bad_event(e, "object_id");
    buf_puts(out, ",\"object_type\":");
    if (!put_json_string(out, ev->object_type))
        return bad_event(e, "object_type");
    char digits[24], *d = digits + sizeof digits;
    unsigned long long u = (unsigned long long)seq; /* seq >= 0 */
    do
        *--d = (char)('0' + u % 10);
    while (u /= 10);
    buf_puts(out, ",\"seq\":");
    buf_append(out, d, (size_t)(digits + sizeof digits - d));
    buf_puts(out, ",\"time\":\"");
    buf_puts(out, iso);
    buf_puts(out, "\",\"v\":" ENTRY_FORMAT_VERSION_TEXT "}");
    return ST_OK;
}

Status trail_writer_append(TrailWriter *w, int64_t now, const TrailEvent *ev, int64_t *seq_out,
                           Err *e)
{
    if (!db_in_transaction(w->db))
        return err_set(e, ST_INTERNAL, "trail_outside_transaction", "",
                       "証跡の追記は変更と同じトランザクションの中で行う必要があります",
                       "trail entries must be appended inside the change's transaction");
    int64_t seq = 0;
    StepResult r = stmt_step(w->max_seq);
    if (r != STEP_ROW) {
        Status st = stmt_error(w->max_seq, e);
        stmt_reset(w->max_seq);
        return st;
    }
    seq = stmt_is_null(w->max_seq, 0) ? 0 : stmt_int(w->max_seq, 0) + 1;
    stmt_reset(w->max_seq);

    char iso[21];
    time_iso_utc(now, iso);
    Status st = canonical_entry(ev, seq, iso, &w->entry, e);
    if (st != ST_OK)
        return st;
    Hash leaf;
    merkle_leaf_hash(w->entry.data, w->entry.len, leaf);
    stmt_bind_int(w->insert, 1, seq);
    stmt_bind_text(w->insert, 2, w->entry.data);
    stmt_bind_blob(w->insert, 3, leaf, sizeof leaf);
    stmt_bind_text(w->insert, 4, iso);
    stmt_bind_text(w->insert, 5, ev->actor);
    stmt_bind_text(w->insert, 6, ev->action);
    stmt_bind_text(w->insert, 7, ev->object_type);
    stmt_bind_text(w->insert, 8, ev->object_id ? ev->object_id : "");
    st = stmt_step(w->insert) == STEP_DONE ? ST_OK : stmt_error(w->insert, e);
    stmt_reset(w->insert);
    if (st == ST_OK)
        seal_note_leaf(w->db, seq, leaf);
    if (st == ST_OK && seq_out)
        *seq_out = seq;
    return st;
}

Status trail_append(Db *db, int64_t now, const TrailEvent *ev, int64_t *seq_out, Err *e)
{
    if (!db_in_transaction(db))
        return err_set(e, ST_INTERNAL, "trail_outside_transaction", "",
                       "証跡の追記は変更と同じトランザクションの中で行う必要があります",
                       "trail entries must be appended inside the change's transaction");
    TrailWriter *w = NULL;
    Status st = trail_writer_open(db, &w, e);
    if (st != ST_OK)
        return st;
    st = trail_writer_append(w, now, ev, seq_out, e);
    trail_writer_close(w);
    return st;
}

/* ---------------------------------------------------------------- origin and keys */

char *trail_default_key_path(const char *db_path) { return xasprintf("%s.trail-key", db_path); }

Status trail_origin(Db *db, char out[201], Err *e)
{
    bool own;
    Status st = trail_tx_begin(db, false, &own, e);
    if (st != ST_OK)
        return st;
    char *o = NULL;
    st = trail_meta_get(db, META_ORIGIN, &o, e);
    if (st == ST_OK && !o) {
        uint8_t id[8];
        char hex[17];
        randombytes_buf(id, sizeof id);
        sodium_bin2hex(hex, sizeof hex, id, sizeof id);
        o = xasprintf("lgsec.local/%s", hex);
        st = meta_insert(db, META_ORIGIN, o, e);
    }
    if (st == ST_OK && !note_name_valid(o))
        st = err_set(e, ST_INVALID, "trail_origin_invalid", "",
                     "meta の trail_origin が鍵の名前として使えません (空白や + を含む)",
                     "meta trail_origin cannot be a key name (contains spaces or +)");
    if (st == ST_OK)
        snprintf(out, 201, "%s", o);
    free(o);
    return trail_tx_end(db, own, st, e);
}

Status trail_keygen(Db *db, const char *key_path, Err *e)
{
    if (sodium_init() < 0)
        return err_set(e, ST_INTERNAL, "sodium_init", "", "暗号ライブラリを初期化できません",
                       "cannot initialise libsodium");
    bool own;
    Status st = trail_tx_begin(db, false, &own, e);
    if (st != ST_OK)
        return st;
    char origin[201];
    char *existing = NULL;
    st = trail_origin(db, origin, e);
    if (st == ST_OK)
        st = trail_meta_get(db, META_PUBLIC_KEY, &existing, e);
    if (st == ST_OK && existing)
        st = err_set(e, ST_CONFLICT, "trail_key_exists", "key",
                     "このデータベースには既に証跡の署名鍵が登録されています",
                     "this database already has a trail signing key");
    free(existing);
    if (st != ST_OK)
        return trail_tx_end(db, own, st, e);

    uint8_t pk[NOTE_PK_LEN], sk[NOTE_SK_LEN];
    crypto_sign_keypair(pk, sk);
    char *text = note_signer_key(origin, sk);
    sodium_memzero(sk, sizeof sk);
    int fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        st = errno == EEXIST
                 ? err_setf(e, ST_CONFLICT, "trail_key_file_exists", "key",
                            "鍵ファイル %s は既に存在します。上書きはしません",
                            "key file %s already exists; not overwriting", key_path)
                 : err_setf(e, ST_IO, "trail_key_write_failed", "key",
                            "鍵ファイル %s を作成できません (%s)", "cannot create key file %s (%s)",
                            key_path, strerror(errno));
    } else {
        size_t len = strlen(text);
        bool ok = fchmod(fd, 0600) == 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        if (!ok) {
            st = err_setf(e, ST_IO, "trail_key_write_failed", "key",
                          "鍵ファイル %s を書き込めません", "cannot write key file %s", key_path);
            unlink(key_path);
        }
    }
    sodium_memzero(text, strlen(text));
    free(text);
    if (st == ST_OK) {
        char *b64 = b64_encode(pk, sizeof pk);
        st = meta_insert(db, META_PUBLIC_KEY, b64, e);
        free(b64);
        if (st != ST_OK)
            unlink(key_path);
    }
    st = trail_tx_end(db, own, st, e);
    if (st != ST_OK && own)
        unlink(key_path); /* the commit failed: do not leave a key the database does not know */
    return st;
}

Status trail_verifier_key(Db *db, char **out, Err *e)
{
    char origin[NOTE_NAME_MAX + 1];
    uint8_t pk[NOTE_PK_LEN];
    bool have;
    Status st = trail_load_identity(db, origin, pk, &have, e);
    if (st != ST_OK)
        return st;
    if (!have || !origin[0])
        return err_set(e, ST_NOTFOUND, "trail_no_key", "",
                       "証跡の署名鍵がまだありません (`lgsec init` で作成されます)",
                       "there is no trail signing key yet (`lgsec init` creates it)");
    *out = note_verifier_key(origin, pk);
    return ST_OK;
}

/* Reads and checks the signing key file: a regular file that only its owner can read. */
static Status load_signer(const char *path, char name[NOTE_NAME_MAX + 1], uint8_t sk[NOTE_SK_LEN],
                          uint8_t pk[NOTE_PK_LEN], Err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return err_setf(e, ST_IO, "trail_key_unreadable", "key",
                        "署名鍵ファイル %s を開けません (%s)", "cannot open signing key file %s (%s)",
                        path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return err_setf(e, ST_IO, "trail_key_unreadable", "key",
                        "署名鍵ファイル %s は通常のファイルではありません",
                        "signing key file %s is not a regular file", path);
    }
    if (sb.st_mode & 077) {
        close(fd);
        return err_setf(e, ST_FORBIDDEN, "trail_key_permissions", "key",
                        "署名鍵ファイル %s は所有者以外も読み書きできます (chmod 600 %s を実行してください)",
                        "signing key file %s is accessible by group/others (run chmod 600 %s)",
                        path, path);
    }
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return err_setf(e, ST_IO, "trail_key_unreadable", "key", "署名鍵ファイル %s を読めません",
                        "cannot read signing key file %s", path);
    buf[n] = '\0';
    Status st = note_parse_signer_key(buf, name, sk, pk, e);
    sodium_memzero(buf, sizeof buf);
    return st;
}

typedef struct LastCheckpoint {
    bool exists;
    int64_t size;
    int64_t created;
    Frontier frontier;
} LastCheckpoint;

/* A loaded signing key, and the last checkpoint it signed or checked (so that sealing every
 * commit does not re-verify the signature this process just made: a row whose size and compact
 * range are byte-for-byte the remembered ones is trusted). */
typedef struct Signer {
    char name[NOTE_NAME_MAX + 1];
    uint8_t sk[NOTE_SK_LEN];
    uint8_t pk[NOTE_PK_LEN];
    const Clock *clock; /* for sealing; NULL for one-off checkpoints */
    bool known;
    Frontier known_frontier;
    /* Leaf hashes of the entries this connection appended since the last seal: the latest run of
     * consecutive seqs (a lower or non-consecutive seq starts a new run). The seal uses them
     * instead of reading and rehashing the entries only when the run is exactly the entries to
     * cover: they were hashed from the bytes inserted under this transaction's write lock. */
    Hash *pending; /* malloc'd */
    int64_t pending_from;
    size_t pending_n, pending_cap;
} Signer;

static void signer_note_leaf(Signer *k, int64_t seq, const Hash leaf)
{
    if (k->pending_n == 0 || seq != k->pending_from + (int64_t)k->pending_n) {
        k->pending_from = seq;
        k->pending_n = 0;
    }
    if (k->pending_n == k->pending_cap) {
        k->pending_cap = k->pending_cap ? k->pending_cap * 2 : 64;
        k->pending = xrealloc(k->pending, k->pending_cap * sizeof *k->pending);
    }
    memcpy(k->pending[k->pending_n++], leaf, TRAIL_HASH_LEN);
}

static Status load_last_checkpoint(Db *db, const char *origin, const uint8_t pk[NOTE_PK_LEN],
                                   bool check, const Signer *trusted, LastCheckpoint *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Stmt *s = db_prepare(db,
                         "SELECT tree_size, created_at, note, frontier FROM trail_checkpoints"
                         " ORDER BY tree_size DESC LIMIT 1",
                         e);
    if (!s)
        return e ? e->status : ST_DB;
    Status st = ST_OK;
    StepResult r = stmt_step(s);
    if (r == STEP_ERROR)
        st = stmt_error(s, e);
    if (r == STEP_ROW) {
        out->exists = true;
        out->size = stmt_int(s, 0);
        if (!time_parse_iso(stmt_text(s, 1), &out->created))
            out->created = 0;
        size_t flen;
        const void *fb = stmt_blob(s, 3, &flen);
        if (!frontier_load(&out->frontier, (uint64_t)out->size, fb, flen))
            st = err_setf(e, ST_TAMPER, "trail_checkpoint_frontier", "",
                          "木のサイズ %lld のチェックポイントの中間ハッシュが壊れています",
                          "the checkpoint at tree size %lld has a damaged compact range",
                          (long long)out->size);
        if (st == ST_OK && trusted && trusted->known &&
            trusted->known_frontier.size == (uint64_t)out->size &&
            (flen == 0 || memcmp(trusted->known_frontier.roots, fb, flen) == 0))
            check = false; /* the checkpoint this process signed last */
        if (st == ST_OK && check) {
            /* The stored compact range must give the signed root. */
            const char *note = stmt_text(s, 2);
            size_t body_len;
            char o[NOTE_NAME_MAX + 1];
            uint64_t size;
            Hash signed_root, root;
            st = note_open(note, origin, pk, &body_len, e);
            if (st == ST_OK)
                st = checkpoint_parse(note, body_len, o, &size, signed_root, e);
            frontier_root(&out->frontier, root);
            if (st == ST_OK && (size != (uint64_t)out->size || memcmp(root, signed_root, 32) != 0))
                st = err_setf(e, ST_TAMPER, "trail_checkpoint_mismatch", "",
                              "木のサイズ %lld のチェックポイントの内容が一致しません (改ざんの可能性)",
                              "the checkpoint at tree size %lld is inconsistent (possible tampering)",
                              (long long)out->size);
            else if (st == ST_INVALID)
                st = err_setf(e, ST_TAMPER, "trail_checkpoint_malformed", "",
                              "木のサイズ %lld のチェックポイントの形式が壊れています (改ざんの可能性)",
                              "the checkpoint at tree size %lld is malformed (possible tampering)",
                              (long long)out->size);
        }
    }
    stmt_finalize(s);
    return st;
}

/* A log checkpointed before the nodes were stored (migration 0017) gets them once: when the
 * last stored-level node the signed frontier implies is absent, the nodes up to that checkpoint
 * are written from the leaf hashes, which must fold to the signed compact range. */
static Status backfill_nodes(Db *db, TrailNodeSink *sink, const Frontier *signed_f, Err *e)
{
    uint64_t span = (uint64_t)1 << TRAIL_NODE_STRIDE;
    if (signed_f->size < span)
        return ST_OK;
    Stmt *s = db_prepare(db, "SELECT 1 FROM trail_nodes WHERE level = ? AND idx = ?", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_int(s, 1, TRAIL_NODE_STRIDE);
    stmt_bind_int(s, 2, (int64_t)(signed_f->size / span - 1));
    bool present;
    Status st = stmt_step_row(s, &present, e);
    stmt_finalize(s);
    if (st != ST_OK || present)
        return st;
    s = db_prepare(db, "SELECT seq, leaf_hash FROM trail_entries WHERE seq < ? ORDER BY seq", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_int(s, 1, (int64_t)signed_f->size);
    Frontier f;
    frontier_init(&f);
    StepResult r;
    while (st == ST_OK && (r = stmt_step(s)) == STEP_ROW) {
        size_t hlen;
        const void *h = stmt_blob(s, 1, &hlen);
        if (stmt_int(s, 0) != (int64_t)f.size || hlen != TRAIL_HASH_LEN)
            break;
        st = trail_nodes_push(sink, &f, h, e);
    }
    if (st == ST_OK && r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    if (st == ST_OK && (f.size != signed_f->size || f.count != signed_f->count ||
                        memcmp(f.roots, signed_f->roots, f.count * TRAIL_HASH_LEN) != 0))
        st = err_set(e, ST_TAMPER, "trail_entry_bad", "",
                     "署名済みチェックポイントまでの証跡が一致しないため、チェックポイントを作成しません (`lgsec trail verify` で確認してください)",
                     "the trail up to the signed checkpoint does not match it, so no checkpoint was made (run `lgsec trail verify`)");
    return st;
}

/* Signs a checkpoint over the entries after the last one. sealed_size >= 0: called by the seal,
 * which has just read the log's size, and whose key was matched with the database's when sealing
 * began (trail_seal_commits); -1: a one-off checkpoint, which checks everything itself. */
static Status checkpoint_with_key(Db *db, Signer *k, int64_t now, int64_t sealed_size, Err *e)
{
    char origin[NOTE_NAME_MAX + 1];
    Status st;
    if (sealed_size < 0) {
        uint8_t db_pk[NOTE_PK_LEN];
        bool have;
        if ((st = trail_load_identity(db, origin, db_pk, &have, e)) != ST_OK)
            return st;
        if (!have || strcmp(origin, k->name) != 0 || sodium_memcmp(k->pk, db_pk, NOTE_PK_LEN) != 0)
            return err_set(e, ST_FORBIDDEN, "trail_key_mismatch", "key",
                           "署名鍵ファイルがこのデータベースに登録された鍵と一致しません",
                           "the signing key file is not the key recorded in this database");
    } else {
        /* A key recorded in meta since then would only make verify report our checkpoints. */
        snprintf(origin, sizeof origin, "%s", k->name);
    }
    int64_t size = sealed_size;
    LastCheckpoint last;
    if ((sealed_size < 0 && (st = trail_size(db, &size, e)) != ST_OK) ||
        (st = load_last_checkpoint(db, origin, k->pk, true, k, &last, e)) != ST_OK)
        return st;
    if (last.exists && size < last.size)
        return err_setf(e, ST_TAMPER, "trail_truncated", "",
                        "証跡は %lld 件しかありませんが、チェックポイントは %lld 件を記録しています (末尾の証跡が削除されています)",
                        "the trail has %lld entries but a checkpoint covers %lld (entries at the end were deleted)",
                        (long long)size, (long long)last.size);
    if (size == (last.exists ? last.size : 0))
        return ST_OK; /* nothing new */
    Frontier f;
    if (last.exists)
        f = last.frontier;
    else
        frontier_init(&f);
    TrailNodeSink sink;
    if ((st = trail_nodes_open(db, &sink, e)) != ST_OK)
        return st;
    if (last.exists && (st = backfill_nodes(db, &sink, &last.frontier, e)) != ST_OK) {
        trail_nodes_close(&sink);
        return st;
    }
    Stmt *s;
    bool from_memory = k->pending_n > 0 && k->pending_from == (int64_t)f.size &&
                       k->pending_from + (int64_t)k->pending_n == size;
    for (size_t i = 0; from_memory && st == ST_OK && i < k->pending_n; i++)
        st = trail_nodes_push(&sink, &f, k->pending[i], e);
    k->pending_n = 0;
    if (from_memory) {
        trail_nodes_close(&sink);
        if (st != ST_OK)
            return st;
    } else {
        s = db_prepare(db, "SELECT seq, entry, leaf_hash FROM trail_entries WHERE seq >= ? ORDER BY seq", e);
        if (!s) {
            trail_nodes_close(&sink);
            return e ? e->status : ST_DB;
        }
        stmt_bind_int(s, 1, (int64_t)f.size);
        StepResult r;
        while (st == ST_OK && (r = stmt_step(s)) == STEP_ROW) {
            int64_t seq = stmt_int(s, 0), embedded;
            size_t len, hlen;
            const void *entry = stmt_blob(s, 1, &len);
            const void *stored = stmt_blob(s, 2, &hlen);
            Hash leaf;
            merkle_leaf_hash(entry, len, leaf);
            if (seq != (int64_t)f.size || hlen != 32 || memcmp(leaf, stored, 32) != 0 ||
                !trail_entry_seq(entry, len, &embedded) || embedded != seq)
                st = err_setf(e, ST_TAMPER, "trail_entry_bad", "",
                              "証跡 %lld が正しくないため、チェックポイントを作成しません (`lgsec trail verify` で確認してください)",
                              "trail entry %lld is not valid, so no checkpoint was made (run `lgsec trail verify`)",
                              (long long)f.size);
            else
                st = trail_nodes_push(&sink, &f, leaf, e);
        }
        if (st == ST_OK && r == STEP_ERROR)
            st = stmt_error(s, e);
        stmt_finalize(s);
        trail_nodes_close(&sink);
        if (st != ST_OK)
            return st;
    }

    Hash root;
    frontier_root(&f, root);
    char *body = checkpoint_body(origin, f.size, root);
    char *note = note_sign(body, k->name, k->sk);
    free(body);
    char created[21];
    time_iso_utc(now, created);
    s = db_prepare(db,
                   "INSERT INTO trail_checkpoints(tree_size, created_at, note, frontier)"
                   " VALUES (?, ?, ?, ?)",
                   e);
    if (!s) {
        free(note);
        return e ? e->status : ST_DB;
    }
    stmt_bind_int(s, 1, (int64_t)f.size);
    stmt_bind_text(s, 2, created);
    stmt_bind_text(s, 3, note);
    stmt_bind_blob(s, 4, f.roots, f.count * TRAIL_HASH_LEN);
    st = stmt_step(s) == STEP_DONE ? ST_OK : stmt_error(s, e);
    stmt_finalize(s);
    free(note);
    if (st == ST_OK) {
        /* Remembered even if the caller's transaction later rolls back: the next checkpoint then
         * finds another row and checks it in full. */
        k->known = true;
        k->known_frontier = f;
    }
    return st;
}

static Signer *signer_load(const char *key_path, Err *e)
{
    if (sodium_init() < 0) {
        err_set(e, ST_INTERNAL, "sodium_init", "", "暗号ライブラリを初期化できません", "cannot initialise libsodium");
        return NULL;
    }
    Signer *k = sodium_malloc(sizeof *k);
    if (!k)
        abort(); /* out of memory, as xmalloc */
    memset(k, 0, sizeof *k);
    if (load_signer(key_path, k->name, k->sk, k->pk, e) != ST_OK) {
        sodium_free(k); /* zeroes it */
        return NULL;
    }
    return k;
}

static void signer_free(void *arg)
{
    Signer *k = arg;
    if (k) {
        free(k->pending);
        sodium_free(k);
    }
}

Status trail_checkpoint(Db *db, const char *key_path, int64_t now, Err *e)
{
    Signer *k = signer_load(key_path, e);
    if (!k)
        return e ? e->status : ST_IO;
    bool own;
    Status st = trail_tx_begin(db, false, &own, e);
    if (st == ST_OK)
        st = trail_tx_end(db, own, checkpoint_with_key(db, k, now, -1, e), e);
    signer_free(k);
    return st;
}

static Status seal_hook(Db *db, void *arg, Err *e);

static void seal_note_leaf(Db *db, int64_t seq, const Hash leaf)
{
    Signer *k = db_commit_hook_arg(db, seal_hook);
    if (k)
        signer_note_leaf(k, seq, leaf);
}

/* The commit hook of trail_seal_commits: signs a checkpoint when the transaction appended entries
 * (one indexed lookup on each table otherwise). */
static Status seal_hook(Db *db, void *arg, Err *e)
{
    Signer *k = arg;
    Stmt *s = db_prepare(db,
                         "SELECT (SELECT max(seq) FROM trail_entries),"
                         " (SELECT max(tree_size) FROM trail_checkpoints)",
                         e);
    if (!s)
        return e ? e->status : ST_DB;
    Status st = ST_OK;
    bool pending = false;
    int64_t size = 0;
    if (stmt_step(s) == STEP_ROW) {
        size = stmt_is_null(s, 0) ? 0 : stmt_int(s, 0) + 1;
        int64_t signed_size = stmt_is_null(s, 1) ? 0 : stmt_int(s, 1);
        pending = size != signed_size;
    } else {
        st = stmt_error(s, e);
    }
    stmt_finalize(s);
    if (st == ST_OK && pending)
        st = checkpoint_with_key(db, k, clock_now(k->clock), size, e);
    return st;
}

Status trail_seal_commits(Db *db, const char *key_path, const Clock *clock, Err *e)
{
    Signer *k = signer_load(key_path, e);
    if (!k)
        return e ? e->status : ST_IO;
    k->clock = clock;
    /* Refuse a key that is not this database's now rather than at every commit. */
    char origin[NOTE_NAME_MAX + 1];
    uint8_t db_pk[NOTE_PK_LEN];
    bool have;
    Status st = trail_load_identity(db, origin, db_pk, &have, e);
    if (st == ST_OK && (!have || strcmp(origin, k->name) != 0 || sodium_memcmp(k->pk, db_pk, NOTE_PK_LEN) != 0))
        st = err_set(e, ST_FORBIDDEN, "trail_key_mismatch", "key",
                     "署名鍵ファイルがこのデータベースに登録された鍵と一致しません",
                     "the signing key file is not the key recorded in this database");
    if (st != ST_OK) {
        signer_free(k);
        return st;
    }
    db_set_commit_hook(db, seal_hook, k, signer_free);
    return ST_OK;
}

Status trail_checkpoint_if_due(Db *db, const char *key_path, int64_t now, int64_t max_age_s,
                               int64_t max_pending, bool *made, Err *e)
{
    if (made)
        *made = false;
    int64_t size;
    LastCheckpoint last;
    Status st = trail_size(db, &size, e);
    if (st == ST_OK)
        st = load_last_checkpoint(db, NULL, NULL, false, NULL, &last, e);
    if (st != ST_OK)
        return st;
    int64_t pending = size - (last.exists ? last.size : 0);
    bool due = pending > 0 &&
               (pending >= max_pending || !last.exists || now - last.created >= max_age_s);
    if (!due)
        return ST_OK;
    st = trail_checkpoint(db, key_path, now, e);
    if (st == ST_OK && made)
        *made = true;
    return st;
}

/* ---------------------------------------------------------------- reading */

#define LIST_COLUMNS "SELECT seq, entry FROM trail_entries WHERE seq < ?1"
#define LIST_COMMON                                                                        \
    " AND (?2 IS NULL OR (action >= ?2 AND action < ?3))"                                  \
    " AND (?5 IS NULL OR time >= ?5) AND (?6 IS NULL OR time < ?6)"
#define LIST_TAIL " ORDER BY seq DESC LIMIT ?9"

/* Constant statements, one per index that can drive the query. */
static const char *const list_sql[] = {
    /* 0: no actor/object filter: walk the primary key backwards */
    LIST_COLUMNS LIST_COMMON " AND (?4 IS NULL OR actor = ?4)"
                             " AND (?7 IS NULL OR object_type = ?7) AND (?8 IS NULL OR object_id = ?8)"
        LIST_TAIL,
    /* 1: by actor */
    LIST_COLUMNS LIST_COMMON " AND actor = ?4"
                             " AND (?7 IS NULL OR object_type = ?7) AND (?8 IS NULL OR object_id = ?8)"
        LIST_TAIL,
    /* 2: by object */
    LIST_COLUMNS LIST_COMMON " AND (?4 IS NULL OR actor = ?4)"
                             " AND object_type = ?7 AND object_id = ?8" LIST_TAIL,
};

static Status normalise_time(const char *in, char out[21], const char *field, Err *e)
{
    int64_t t;
    if (!time_parse_iso(in, &t))
        return err_setf(e, ST_INVALID, "trail_filter_time", field,
                        "日時の形式が正しくありません (例: 2026-04-01 または 2026-04-01T00:00:00Z)",
                        "bad date/time (e.g. 2026-04-01 or 2026-04-01T00:00:00Z)");
    time_iso_utc(t, out);
    return ST_OK;
}

Status trail_list(Db *db, const TrailFilter *f, json_t **items_out, int64_t *next_cursor, Err *e)
{
    static const TrailFilter none = {0};
    if (!f)
        f = &none;
    *items_out = NULL;
    *next_cursor = 0;
    int limit = f->limit == 0 ? 50 : f->limit;
    if (limit < 1 || limit > TRAIL_LIST_MAX)
        return err_setf(e, ST_INVALID, "trail_filter_limit", "limit",
                        "件数は 1〜%d で指定してください", "limit must be 1..%d", TRAIL_LIST_MAX);
    if (f->cursor < 0)
        return err_set(e, ST_INVALID, "trail_filter_cursor", "cursor",
                       "カーソルが正しくありません", "bad cursor");
    char from[21], to[21];
    Status st;
    if (f->from && (st = normalise_time(f->from, from, "from", e)) != ST_OK)
        return st;
    if (f->to && (st = normalise_time(f->to, to, "to", e)) != ST_OK)
        return st;
    const char *prefix = f->action_prefix && f->action_prefix[0] ? f->action_prefix : NULL;
    char *upper = prefix ? xasprintf("%s\xff", prefix) : NULL; /* 0xff never occurs in UTF-8 */
    bool by_object = f->object_type && f->object_id;
    int which = f->actor ? 1 : by_object ? 2 : 0;
    Stmt *s = db_prepare(db, list_sql[which], e);
    if (!s) {
        free(upper);
        return e ? e->status : ST_DB;
    }
    stmt_bind_int(s, 1, f->cursor > 0 ? f->cursor : INT64_MAX);
    stmt_bind_text(s, 2, prefix);
    stmt_bind_text(s, 3, upper);
    stmt_bind_text(s, 4, f->actor);
    stmt_bind_text(s, 5, f->from ? from : NULL);
    stmt_bind_text(s, 6, f->to ? to : NULL);
    stmt_bind_text(s, 7, f->object_type);
    stmt_bind_text(s, 8, f->object_id);
    stmt_bind_int(s, 9, limit + 1);
    json_t *items = json_array();
    StepResult r;
    int n = 0;
    int64_t last_seq = 0;
    st = ST_OK;
    while ((r = stmt_step(s)) == STEP_ROW) {
        if (n == limit) {
            *next_cursor = last_seq;
            break;
        }
        size_t len;
        const void *bytes = stmt_blob(s, 1, &len);
        json_t *item = json_loadb(bytes, len, 0, NULL);
        if (!item) /* unreadable entry: show it as such, verification reports it */
            item = json_pack("{s:I, s:b}", "seq", (json_int_t)stmt_int(s, 0), "unreadable", 1);
        json_array_append_new(items, item);
        last_seq = stmt_int(s, 0);
        n++;
    }
    if (r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    free(upper);
    if (st != ST_OK) {
        json_decref(items);
        *next_cursor = 0;
        return st;
    }
    *items_out = items;
    return ST_OK;
}

Status trail_scan_type(Db *db, const char *object_type, TrailScanFn fn, void *arg, Err *e)
{
    Stmt *s = db_prepare(db,
                         "SELECT seq, action, object_id, entry FROM trail_entries WHERE object_type = ?"
                         " ORDER BY object_type, object_id, seq",
                         e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, object_type);
    Status st = ST_OK;
    StepResult r;
    while ((r = stmt_step(s)) == STEP_ROW) {
        size_t len;
        const void *bytes = stmt_blob(s, 3, &len);
        json_t *entry = json_loadb(bytes, len, 0, NULL);
        if (!entry) {
            st = err_setf(e, ST_TAMPER, "trail_entry_bad", "", "証跡 %lld 番を読めません (`lgsec trail verify` で確認してください)",
                          "trail entry %lld cannot be read (run `lgsec trail verify`)", (long long)stmt_int(s, 0));
            break;
        }
        bool go_on = fn(stmt_text(s, 1), stmt_text(s, 2), entry, arg);
        json_decref(entry);
        if (!go_on)
            break;
    }
    if (st == ST_OK && r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    return st;
}

Status trail_entry_get(Db *db, int64_t seq, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *s = db_prepare(db, "SELECT entry FROM trail_entries WHERE seq = ?", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_int(s, 1, seq);
    bool row;
    Status st = stmt_step_row(s, &row, e);
    if (st == ST_OK && !row)
        st = err_setf(e, ST_TAMPER, "trail_gap", "", "証跡 %lld 番がありません", "there is no trail entry %lld",
                      (long long)seq);
    if (st == ST_OK) {
        size_t len;
        const void *bytes = stmt_blob(s, 0, &len);
        if (!(*out = json_loadb(bytes, len, 0, NULL)))
            st = err_setf(e, ST_TAMPER, "trail_entry_bad", "", "証跡 %lld 番を読めません (`lgsec trail verify` で確認してください)",
                          "trail entry %lld cannot be read (run `lgsec trail verify`)", (long long)seq);
    }
    stmt_finalize(s);
    return st;
}

Status trail_status(Db *db, json_t **out, Err *e)
{
    *out = NULL;
    int64_t size;
    char *origin = NULL, *key = NULL;
    Status st = trail_size(db, &size, e);
    if (st == ST_OK)
        st = trail_meta_get(db, META_ORIGIN, &origin, e);
    if (st == ST_OK)
        st = trail_meta_get(db, META_PUBLIC_KEY, &key, e);
    Stmt *s = st == ST_OK ? db_prepare(db,
                                       "SELECT tree_size, created_at, note FROM trail_checkpoints"
                                       " ORDER BY tree_size DESC LIMIT 1",
                                       e)
                          : NULL;
    if (st == ST_OK && !s)
        st = e ? e->status : ST_DB;
    json_t *cp = json_null();
    int64_t cp_size = 0;
    if (s) {
        StepResult r = stmt_step(s);
        if (r == STEP_ROW) {
            cp_size = stmt_int(s, 0);
            json_decref(cp);
            cp = json_pack("{s:I, s:s, s:s}", "tree_size", (json_int_t)cp_size, "created_at",
                           stmt_text(s, 1), "note", stmt_text(s, 2));
        } else if (r == STEP_ERROR) {
            st = stmt_error(s, e);
        }
        stmt_finalize(s);
    }
    if (st == ST_OK)
        *out = json_pack("{s:I, s:o, s:I, s:s?, s:b}", "size", (json_int_t)size, "checkpoint", cp,
                         "pending", (json_int_t)(size - cp_size), "origin", origin, "has_key",
                         key != NULL);
    else
        json_decref(cp);
    free(origin);
    free(key);
    return st;
}
