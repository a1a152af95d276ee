/* Unit tests for the trail: RFC 6962 vectors, inclusion proofs, signed notes (incl. the Go
 * sumdb/note reference vector), append/transaction rules, checkpoints, tamper detection, proofs,
 * listing. Each database test uses its own temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "store/db.h"
#include "trail/merkle.h"
#include "trail/note.h"
#include "trail/trail.h"
#include "trail/cosig.h"
#include "trail/witness.h"

#define T0 1774000000 /* 2026-03-20 */

static void unhex(const char *s, uint8_t *out, size_t *len)
{
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n; i++)
        sscanf(s + 2 * i, "%2hhx", &out[i]);
    *len = n;
}

static void assert_hash_hex(const Hash h, const char *hex)
{
    char got[65];
    sodium_bin2hex(got, sizeof got, h, TRAIL_HASH_LEN);
    assert_string_equal(got, hex);
}

/* ---------------------------------------------------------------- Merkle math */

static const char *ct_leaves[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                  "606162636465666768696a6b6c6d6e6f"};
static const char *ct_roots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void rfc6962_reference_roots(void **state)
{
    (void)state;
    Hash leaves[8], root;
    merkle_root(leaves, 0, root);
    assert_hash_hex(root, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (size_t i = 0; i < 8; i++) {
        uint8_t data[32];
        size_t len;
        unhex(ct_leaves[i], data, &len);
        merkle_leaf_hash(data, len, leaves[i]);
    }
    for (size_t n = 1; n <= 8; n++) {
        merkle_root(leaves, n, root);
        assert_hash_hex(root, ct_roots[n - 1]);
    }
    /* Reference audit paths (leaf 0 and leaf 5 of the 8-leaf tree). */
    Hash path[MERKLE_MAX_HEIGHT];
    assert_int_equal(merkle_inclusion_path(leaves, 8, 0, path), 3);
    assert_hash_hex(path[0], "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
    assert_hash_hex(path[1], "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
    assert_hash_hex(path[2], "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assert_int_equal(merkle_inclusion_path(leaves, 8, 5, path), 3);
    assert_hash_hex(path[0], "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assert_hash_hex(path[1], "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
    assert_hash_hex(path[2], "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
}

/* MTH straight from the RFC's recursive definition, as an independent reference. */
static void reference_mth(const Hash *leaves, size_t n, Hash out)
{
    if (n == 1) {
        memcpy(out, leaves[0], TRAIL_HASH_LEN);
        return;
    }
    size_t k = 1;
    while (k * 2 < n)
        k *= 2;
    Hash l, r;
    reference_mth(leaves, k, l);
    reference_mth(leaves + k, n - k, r);
    merkle_node_hash(l, r, out);
}

static void streaming_root_matches_definition(void **state)
{
    (void)state;
    Hash leaves[70], a, b;
    for (size_t i = 0; i < 70; i++) {
        uint8_t d[2] = {(uint8_t)i, (uint8_t)(i * 7)};
        merkle_leaf_hash(d, 2, leaves[i]);
    }
    for (size_t n = 1; n <= 70; n++) {
        merkle_root(leaves, n, a);
        reference_mth(leaves, n, b);
        assert_memory_equal(a, b, TRAIL_HASH_LEN);
    }
    /* A frontier saved and loaded continues to the same root. */
    Frontier f, g;
    frontier_init(&f);
    for (size_t i = 0; i < 45; i++)
        frontier_push(&f, leaves[i]);
    assert_false(frontier_load(&g, 45, f.roots, (f.count - 1) * TRAIL_HASH_LEN));
    assert_true(frontier_load(&g, 45, f.roots, f.count * TRAIL_HASH_LEN));
    for (size_t i = 45; i < 70; i++)
        frontier_push(&g, leaves[i]);
    frontier_root(&g, a);
    merkle_root(leaves, 70, b);
    assert_memory_equal(a, b, TRAIL_HASH_LEN);
}

static void inclusion_proofs_sizes_1_to_17(void **state)
{
    (void)state;
    Hash leaves[17];
    for (size_t i = 0; i < 17; i++) {
        uint8_t d = (uint8_t)i;
        merkle_leaf_hash(&d, 1, leaves[i]);
    }
    int checked = 0;
    for (size_t n = 1; n <= 17; n++) {
        Hash root;
        merkle_root(leaves, n, root);
        for (size_t m = 0; m < n; m++) {
            Hash path[MERKLE_MAX_HEIGHT], got;
            size_t len = merkle_inclusion_path(leaves, n, m, path);
            assert_true(merkle_root_from_path(m, n, leaves[m], path, len, got));
            assert_memory_equal(got, root, TRAIL_HASH_LEN);
            checked++;
            /* Wrong leaf, wrong index, changed path, truncated path: never the root. */
            assert_true(!merkle_root_from_path(m, n, leaves[(m + 1) % 17], path, len, got) ||
                        memcmp(got, root, TRAIL_HASH_LEN) != 0);
            if (n > 1) {
                size_t other = (m + 1) % n;
                assert_true(!merkle_root_from_path(other, n, leaves[m], path, len, got) ||
                            memcmp(got, root, TRAIL_HASH_LEN) != 0);
                path[len - 1][0] ^= 1;
                assert_true(!merkle_root_from_path(m, n, leaves[m], path, len, got) ||
                            memcmp(got, root, TRAIL_HASH_LEN) != 0);
                assert_false(merkle_root_from_path(m, n, leaves[m], path, len - 1, got));
            }
            assert_false(merkle_root_from_path(n, n, leaves[m], path, len, got));
        }
    }
    assert_int_equal(checked, 17 * 18 / 2);
}

static void consistency_proofs_sizes_0_to_40(void **state)
{
    (void)state;
    Hash leaves[40], roots[41];
    for (size_t i = 0; i < 40; i++) {
        uint8_t d[2] = {(uint8_t)i, 0x5a};
        merkle_leaf_hash(d, 2, leaves[i]);
    }
    for (size_t n = 0; n <= 40; n++)
        merkle_root(leaves, n, roots[n]);
    int checked = 0;
    for (size_t n = 1; n <= 40; n++) {
        for (size_t m = 1; m <= n; m++) {
            Hash proof[MERKLE_MAX_CONSISTENCY];
            size_t len = merkle_consistency_proof(leaves, n, m, proof);
            assert_true(merkle_verify_consistency(m, n, roots[m], roots[n], proof, len));
            checked++;
            /* Another old or new root, a changed or shortened proof: never consistent. */
            if (m > 1)
                assert_false(merkle_verify_consistency(m, n, roots[m - 1], roots[n], proof, len));
            if (n > m) {
                assert_false(merkle_verify_consistency(m, n, roots[m], roots[n - 1], proof, len));
                proof[len - 1][5] ^= 0x40;
                assert_false(merkle_verify_consistency(m, n, roots[m], roots[n], proof, len));
                proof[len - 1][5] ^= 0x40;
                assert_false(merkle_verify_consistency(m, n, roots[m], roots[n], proof, len - 1));
            }
        }
    }
    assert_int_equal(checked, 40 * 41 / 2);
    /* A bigger tree cannot be "consistent" with a smaller one. */
    assert_false(merkle_verify_consistency(5, 4, roots[5], roots[4], NULL, 0));
}

/* ---------------------------------------------------------------- signed notes */

static void go_sumdb_note_vector(void **state)
{
    (void)state;
    static const char skey[] = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static const char vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static const char text[] = "If you think cryptography is the answer to your problem,\n"
                               "then you don't know what your problem is.\n";
    static const char want[] = "If you think cryptography is the answer to your problem,\n"
                               "then you don't know what your problem is.\n"
                               "\n"
                               "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    char name[NOTE_NAME_MAX + 1];
    uint8_t sk[NOTE_SK_LEN], pk[NOTE_PK_LEN], vpk[NOTE_PK_LEN];
    Err e = {0};
    assert_int_equal(note_parse_signer_key(skey, name, sk, pk, &e), ST_OK);
    assert_string_equal(name, "PeterNeumann");
    char *derived = note_verifier_key(name, pk);
    assert_string_equal(derived, vkey);
    free(derived);
    char *signer_text = note_signer_key(name, sk);
    assert_string_equal(signer_text, "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n");
    free(signer_text);
    char *note = note_sign(text, name, sk);
    assert_string_equal(note, want); /* Ed25519 is deterministic: byte-for-byte Go's output */
    free(note);
    assert_int_equal(note_parse_verifier_key(vkey, name, vpk, &e), ST_OK);
    size_t body_len = 0;
    assert_int_equal(note_open(want, name, vpk, &body_len, &e), ST_OK);
    assert_int_equal(body_len, strlen(text));
}

static void note_tampering_and_wrong_key(void **state)
{
    (void)state;
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(pk2, sk2);
    Hash root = {1, 2, 3};
    char *body = checkpoint_body("lgsec.local/test", 42, root);
    char *note = note_sign(body, "lgsec.local/test", sk);
    Err e = {0};
    size_t bl;
    assert_int_equal(note_open(note, "lgsec.local/test", pk, &bl, &e), ST_OK);
    char origin[NOTE_NAME_MAX + 1];
    uint64_t size;
    Hash got;
    assert_int_equal(checkpoint_parse(note, bl, origin, &size, got, &e), ST_OK);
    assert_string_equal(origin, "lgsec.local/test");
    assert_int_equal(size, 42);
    assert_memory_equal(got, root, 32);
    /* Wrong key (same name): no signature by that key. */
    assert_int_equal(note_open(note, "lgsec.local/test", pk2, &bl, &e), ST_TAMPER);
    assert_string_equal(e.code, "note_unsigned");
    /* A tampered signature byte. */
    char *bad = xstrdup(note);
    char *sig = strrchr(bad, ' ') + 10;
    *sig = *sig == 'A' ? 'B' : 'A';
    assert_int_equal(note_open(bad, "lgsec.local/test", pk, &bl, &e), ST_TAMPER);
    assert_string_equal(e.code, "note_bad_signature");
    free(bad);
    /* A changed tree size in the body. */
    bad = xstrdup(note);
    char *p = strstr(bad, "\n42\n");
    p[2] = '3';
    assert_int_equal(note_open(bad, "lgsec.local/test", pk, &bl, &e), ST_TAMPER);
    free(bad);
    /* Verifier keys: round trip, and a wrong key hash is refused. */
    char *vk = note_verifier_key("lgsec.local/test", pk);
    char name[NOTE_NAME_MAX + 1];
    uint8_t vpk[32];
    assert_int_equal(note_parse_verifier_key(vk, name, vpk, &e), ST_OK);
    assert_memory_equal(vpk, pk, 32);
    char *h = strchr(vk, '+') + 1;
    *h = *h == '0' ? '1' : '0';
    assert_int_equal(note_parse_verifier_key(vk, name, vpk, &e), ST_INVALID);
    assert_int_equal(note_parse_verifier_key("no-plus-signs", name, vpk, &e), ST_INVALID);
    free(vk);
    free(note);
    free(body);
}

/* ---------------------------------------------------------------- database fixture */

typedef struct Fixture {
    char db_path[64];
    char *key_path;
    Db *db;
} Fixture;

static int setup_db(void **state)
{
    Fixture *fx = xcalloc(1, sizeof *fx);
    snprintf(fx->db_path, sizeof fx->db_path, "/tmp/lgsec-trail-XXXXXX");
    int fd = mkstemp(fx->db_path);
    if (fd < 0)
        return -1;
    close(fd);
    Err e = {0};
    if (db_open(fx->db_path, &fx->db, &e) != ST_OK || db_migrate(fx->db, &e) != ST_OK) {
        fprintf(stderr, "setup: %s\n", e.en);
        return -1;
    }
    fx->key_path = trail_default_key_path(fx->db_path);
    *state = fx;
    return 0;
}

static int teardown_db(void **state)
{
    Fixture *fx = *state;
    db_close(fx->db);
    char side[80];
    unlink(fx->db_path);
    snprintf(side, sizeof side, "%s-wal", fx->db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", fx->db_path);
    unlink(side);
    unlink(fx->key_path);
    free(fx->key_path);
    free(fx);
    return 0;
}

static void append_n(Db *db, int n)
{
    Err e = {0};
    assert_int_equal(db_begin(db, &e), ST_OK);
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        json_t *after = json_pack("{s:s, s:i}", "name", "山田 太郎", "n", i);
        TrailEvent ev = {i % 3 ? "yamada" : "sato", i % 2 ? "person.update" : "account.login",
                         i % 2 ? "person" : "account", id, NULL, after};
        int64_t seq = -1;
        assert_int_equal(trail_append(db, T0 + i, &ev, &seq, &e), ST_OK);
        json_decref(after);
    }
    assert_int_equal(db_commit(db, &e), ST_OK);
}

static Status verify(Db *db, TrailVerifyReport *r)
{
    Err e = {0};
    Status st = trail_verify(db, r, &e);
    if (st != ST_OK)
        assert_string_equal(e.code, r->code);
    return st;
}

static void exec_ok(Db *db, const char *sql)
{
    Err e = {0};
    if (db_exec(db, sql, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.en);
}

/* An attacker with the file: drop the append-only guards first. */
static void drop_guards(Db *db)
{
    exec_ok(db, "DROP TRIGGER trail_entries_no_update; DROP TRIGGER trail_entries_no_delete;"
                "DROP TRIGGER trail_checkpoints_no_update; DROP TRIGGER trail_checkpoints_no_delete");
}

/* ---------------------------------------------------------------- append */

static void append_needs_transaction(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    TrailEvent ev = {"cli", "person.create", "person", "1", NULL, NULL};
    assert_int_equal(trail_append(fx->db, T0, &ev, NULL, &e), ST_INTERNAL);
    assert_string_equal(e.code, "trail_outside_transaction");
    json_t *items;
    int64_t next;
    assert_int_equal(trail_list(fx->db, NULL, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
}

static void rollback_removes_entry(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    append_n(fx->db, 2);
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    TrailEvent ev = {"cli", "person.create", "person", "9", NULL, NULL};
    int64_t seq;
    assert_int_equal(trail_append(fx->db, T0, &ev, &seq, &e), ST_OK);
    assert_int_equal(seq, 2);
    db_rollback(fx->db);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(r.size, 2);
    /* The next append reuses seq 2: no gap. */
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    assert_int_equal(trail_append(fx->db, T0, &ev, &seq, &e), ST_OK);
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    assert_int_equal(seq, 2);
}

static void entry_is_canonical_json(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    json_t *before = json_pack("{s:s, s:i}", "z", "後", "a", 1);
    TrailEvent ev = {"tanaka", "role.assign", "role_assignment", "7", before, NULL};
    assert_int_equal(trail_append(fx->db, 1774094400, &ev, NULL, &e), ST_OK);
    json_decref(before);
    /* Bad events are refused. */
    TrailEvent empty_action = {"tanaka", "", "x", "1", NULL, NULL};
    assert_int_equal(trail_append(fx->db, T0, &empty_action, NULL, &e), ST_INVALID);
    TrailEvent bad_utf8 = {"\xff\xfe", "a.b", "x", "1", NULL, NULL};
    assert_int_equal(trail_append(fx->db, T0, &bad_utf8, NULL, &e), ST_INVALID);
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    Stmt *s = db_prepare(fx->db, "SELECT entry, actor, object_id FROM trail_entries", &e);
    assert_int_equal(stmt_step(s), STEP_ROW);
    assert_string_equal(stmt_text(s, 0),
                        "{\"action\":\"role.assign\",\"actor\":\"tanaka\",\"after\":null,"
                        "\"before\":{\"a\":1,\"z\":\"後\"},\"object_id\":\"7\","
                        "\"object_type\":\"role_assignment\",\"seq\":0,"
                        "\"time\":\"2026-03-21T12:00:00Z\",\"v\":1}");
    assert_string_equal(stmt_text(s, 1), "tanaka");
    assert_string_equal(stmt_text(s, 2), "7");
    assert_int_equal(stmt_step(s), STEP_DONE);
    stmt_finalize(s);
    /* The application cannot edit or delete entries. */
    assert_int_not_equal(db_exec(fx->db, "UPDATE trail_entries SET entry = '{}'", &e), ST_OK);
    assert_int_not_equal(db_exec(fx->db, "DELETE FROM trail_entries", &e), ST_OK);
}

/* The entry bytes are written member by member: they must be exactly jansson's compact sorted dump
 * of the whole entry object, for strings that need escaping, non-ASCII, nested values of every
 * type, and a missing object_id; and invalid UTF-8 in any field is refused. */
static void entry_bytes_equal_jansson_dump(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    const char *strings[] = {"yamada", "山田 太郎", "quote\"back\\slash", "tab\tnl\n\x01ctl", "/slash/",
                             "\xf0\x9f\x98\x80 emoji", "\xe2\x80\xa8sep", ""};
    size_t ns = sizeof strings / sizeof *strings;
    json_t *values[] = {NULL,
                        json_null(),
                        json_pack("{s:s, s:i, s:b, s:n, s:f}", "b", "x\"y", "a", -5, "c", 1, "d", "e", 0.5),
                        json_pack("{s:[i, s, {s:s}], s:{s:s}}", "z", 1, "二", "k", "\\", "y", "後", "前"),
                        json_pack("[s, i]", "arr", 3),
                        json_string("plain"),
                        json_integer(-9007199254740993LL),
                        json_object(),
                        json_pack("{s:[], s:{}, s:[[], {s:f}], s:I}", "e", "o", "n", "r", -1e300, "m",
                                  (json_int_t)INT64_MIN),
                        json_object()};
    size_t nv = sizeof values / sizeof *values;
    /* entry_json.c writes these itself: more keys than fit its stack array, keys that are
     * prefixes of others, keys and strings needing escapes or holding NUL, DEL, non-ASCII order. */
    json_t *many = values[nv - 1];
    const char *keys[] = {"b", "ab", "a", "B", "\xc3\xa9", "e\"q", "k\\", "t\t", "Z", "aa", "a\x7f", "\xe3\x81\x82", "0",
                          "9", "_", "~", "key", "ke", "k", "kz"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        json_object_set_new(many, keys[k], k % 3 ? json_integer((json_int_t)k) : json_string(keys[k]));
    json_object_setn_new_nocheck(many, "n\0ul", 4, json_stringn("a\0b", 3));
    json_object_set_new(many, "nested", json_pack("{s:s, s:s}", "y", "\x7f", "x", "\xe2\x80\xa9"));
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    int64_t seq = 0;
    for (size_t i = 0; i < ns * 3; i++) {
        const char *actor = strings[i % ns][0] ? strings[i % ns] : "a";
        const char *action = strings[(i + 1) % ns][0] ? strings[(i + 1) % ns] : "x.y";
        const char *type = strings[(i + 2) % ns][0] ? strings[(i + 2) % ns] : "t";
        const char *id = i % 5 == 4 ? NULL : strings[(i + 3) % ns];
        json_t *before = values[i % nv], *after = values[(i + 2) % nv];
        TrailEvent ev = {actor, action, type, id, before, after};
        int64_t now = T0 + (int64_t)i * 86461;
        assert_int_equal(trail_append(fx->db, now, &ev, &seq, &e), ST_OK);
        json_t *o = json_object();
        char iso[21];
        time_iso_utc(now, iso);
        json_object_set_new(o, "actor", json_string(actor));
        json_object_set_new(o, "action", json_string(action));
        json_object_set_new(o, "object_type", json_string(type));
        json_object_set_new(o, "object_id", json_string(id ? id : ""));
        json_object_set_new(o, "time", json_string(iso));
        json_object_set_new(o, "seq", json_integer(seq));
        json_object_set_new(o, "v", json_integer(1));
        json_object_set(o, "before", before ? before : json_null());
        json_object_set(o, "after", after ? after : json_null());
        char *want = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(o);
        Stmt *s = db_prepare(fx->db, "SELECT entry FROM trail_entries WHERE seq = ?", &e);
        stmt_bind_int(s, 1, seq);
        assert_int_equal(stmt_step(s), STEP_ROW);
        assert_string_equal(stmt_text(s, 0), want);
        stmt_finalize(s);
        free(want);
    }
    const char *bad[] = {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ab\xe3\x81"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        TrailEvent evs[4] = {{bad[i], "a.b", "t", "1", NULL, NULL},
                             {"a", bad[i], "t", "1", NULL, NULL},
                             {"a", "a.b", bad[i], "1", NULL, NULL},
                             {"a", "a.b", "t", bad[i], NULL, NULL}};
        const char *fields[4] = {"actor", "action", "object_type", "object_id"};
        for (int k = 0; k < 4; k++) {
            assert_int_equal(trail_append(fx->db, T0, &evs[k], NULL, &e), ST_INVALID);
            assert_string_equal(e.code, "trail_event_invalid");
            assert_string_equal(e.field, fields[k]);
            assert_null(json_string(bad[i])); /* jansson refuses it too */
        }
    }
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    for (size_t i = 0; i < nv; i++)
        json_decref(values[i]);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
}

static void writer_matches_append(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    TrailWriter *w;
    assert_int_equal(trail_writer_open(fx->db, &w, &e), ST_OK);
    /* Characters JSON escapes must still match their search columns in verification. */
    TrailEvent ev = {"cli", "import.row", "asset", "a\"b\\c\n/\x7f\xe2\x80\x94", NULL, NULL};
    assert_int_equal(trail_writer_append(w, T0, &ev, NULL, &e), ST_INTERNAL);
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    for (int i = 0; i < 100; i++) {
        int64_t seq;
        assert_int_equal(trail_writer_append(w, T0, &ev, &seq, &e), ST_OK);
        assert_int_equal(seq, i);
    }
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    trail_writer_close(w);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(r.size, 100);
}

/* ---------------------------------------------------------------- keys and checkpoints */

static void keygen_and_key_file_rules(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    struct stat sb;
    assert_int_equal(stat(fx->key_path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* Never overwrite, never a second key. */
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_CONFLICT);
    char *vk;
    assert_int_equal(trail_verifier_key(fx->db, &vk, &e), ST_OK);
    assert_true(strncmp(vk, "lgsec.local/", 12) == 0);
    char name[NOTE_NAME_MAX + 1];
    uint8_t pk[32];
    assert_int_equal(note_parse_verifier_key(vk, name, pk, &e), ST_OK);
    char origin[201];
    assert_int_equal(trail_origin(fx->db, origin, &e), ST_OK);
    assert_string_equal(name, origin);
    free(vk);
    /* A key others can read is refused. */
    append_n(fx->db, 3);
    chmod(fx->key_path, 0640);
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "trail_key_permissions");
    chmod(fx->key_path, 0600);
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_OK);
    /* A different key (another installation's) is refused. */
    char other[96];
    snprintf(other, sizeof other, "%s.other", fx->db_path);
    Db *db2;
    char path2[64] = "/tmp/lgsec-trail2-XXXXXX";
    close(mkstemp(path2));
    assert_int_equal(db_open(path2, &db2, &e), ST_OK);
    assert_int_equal(db_migrate(db2, &e), ST_OK);
    assert_int_equal(trail_keygen(db2, other, &e), ST_OK);
    append_n(fx->db, 1);
    assert_int_equal(trail_checkpoint(fx->db, other, T0, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "trail_key_mismatch");
    db_close(db2);
    unlink(other);
    unlink(path2);
}

static int64_t world_rows(Db *db, const char *sql)
{
    Err e = {0};
    Stmt *s = db_prepare(db, sql, &e);
    assert_int_equal(stmt_step(s), STEP_ROW);
    int64_t n = stmt_int(s, 0);
    stmt_finalize(s);
    return n;
}

static int count_checkpoints(Db *db)
{
    Err e = {0};
    Stmt *s = db_prepare(db, "SELECT count(*) FROM trail_checkpoints", &e);
    assert_int_equal(stmt_step(s), STEP_ROW);
    int n = (int)stmt_int(s, 0);
    stmt_finalize(s);
    return n;
}

typedef struct ProgressSeen {
    int calls;
    int64_t done[8], total;
} ProgressSeen;

static void note_progress(int64_t done, int64_t total, void *arg)
{
    ProgressSeen *p = arg;
    if (p->calls < 8)
        p->done[p->calls] = done;
    p->calls++;
    p->total = total;
}

/* Progress is reported every 16,384 entries and at the end, whatever size of chunk verify reads. */
static void verify_progress_every_16384_and_at_the_end(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    append_n(fx->db, 20000);
    ProgressSeen seen = {0};
    TrailVerifyOptions opt = {0};
    opt.progress = note_progress;
    opt.progress_arg = &seen;
    TrailVerifyReport r;
    assert_int_equal(trail_verify_ex(fx->db, &opt, &r, &e), ST_OK);
    assert_true(r.ok);
    assert_int_equal(seen.calls, 2);
    assert_int_equal(seen.done[0], 16384);
    assert_int_equal(seen.done[1], 20000);
    assert_int_equal(seen.total, 20000);
}

static void checkpoints_incremental_and_verified(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_OK); /* empty: no-op */
    assert_int_equal(count_checkpoints(fx->db), 0);
    int sizes[] = {1, 2, 5, 8, 13, 13, 33};
    int made = 0, total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        append_n(fx->db, sizes[i] - total);
        if (sizes[i] != total)
            made++;
        total = sizes[i];
        assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0 + (int64_t)i, &e), ST_OK);
        assert_int_equal(count_checkpoints(fx->db), made);
    }
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_true(r.ok);
    assert_int_equal(r.size, 33);
    assert_int_equal(r.checkpoints, 2); /* the first of the block of 1024 entries, and the newest */
    assert_int_equal(r.first_bad_seq, -1);
    /* The stored note is a tlog-checkpoint whose root is the tree's. */
    json_t *status;
    assert_int_equal(trail_status(fx->db, &status, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(status, "size")), 33);
    assert_int_equal(json_integer_value(json_object_get(status, "pending")), 0);
    json_t *cp = json_object_get(status, "checkpoint");
    assert_int_equal(json_integer_value(json_object_get(cp, "tree_size")), 33);
    const char *note = json_string_value(json_object_get(cp, "note"));
    char *vk;
    assert_int_equal(trail_verifier_key(fx->db, &vk, &e), ST_OK);
    char name[NOTE_NAME_MAX + 1];
    uint8_t pk[32];
    assert_int_equal(note_parse_verifier_key(vk, name, pk, &e), ST_OK);
    size_t bl;
    assert_int_equal(note_open(note, name, pk, &bl, &e), ST_OK);
    assert_true(strncmp(note + strlen(name), "\n33\n", 4) == 0);
    json_decref(status);
    /* The verifier key given by an auditor must match; a different one is reported. */
    TrailVerifyOptions opt = {.verifier_key = vk};
    assert_int_equal(trail_verify_ex(fx->db, &opt, &r, &e), ST_OK);
    uint8_t pk2[32], sk2[64];
    crypto_sign_keypair(pk2, sk2);
    char *other = note_verifier_key(name, pk2);
    opt.verifier_key = other;
    assert_int_equal(trail_verify_ex(fx->db, &opt, &r, &e), ST_TAMPER);
    assert_string_equal(r.code, "trail_key_replaced");
    free(other);
    free(vk);
}

static void checkpoint_if_due_rules(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    bool made;
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    assert_int_equal(trail_checkpoint_if_due(fx->db, fx->key_path, T0, 60, 1000, &made, &e), ST_OK);
    assert_false(made); /* nothing to sign */
    append_n(fx->db, 3);
    assert_int_equal(trail_checkpoint_if_due(fx->db, fx->key_path, T0, 60, 1000, &made, &e), ST_OK);
    assert_true(made); /* first checkpoint */
    append_n(fx->db, 2);
    assert_int_equal(trail_checkpoint_if_due(fx->db, fx->key_path, T0 + 30, 60, 1000, &made, &e), ST_OK);
    assert_false(made); /* too soon, too few */
    assert_int_equal(trail_checkpoint_if_due(fx->db, fx->key_path, T0 + 30, 60, 2, &made, &e), ST_OK);
    assert_true(made); /* enough pending */
    append_n(fx->db, 1);
    assert_int_equal(trail_checkpoint_if_due(fx->db, fx->key_path, T0 + 100, 60, 1000, &made, &e), ST_OK);
    assert_true(made); /* old enough */
    assert_int_equal(count_checkpoints(fx->db), 3);
}

/* ---------------------------------------------------------------- tamper detection */

static void prepare_log(Fixture *fx, int n, int checkpoint_at)
{
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    append_n(fx->db, checkpoint_at);
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_OK);
    append_n(fx->db, n - checkpoint_at);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    drop_guards(fx->db);
}

static void tamper_modified_entry(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "UPDATE trail_entries SET entry = replace(entry, 'yamada', 'suzuki') WHERE seq = 7");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_int_equal(r.first_bad_seq, 7);
    assert_string_equal(r.code, "trail_hash_mismatch");
    assert_non_null(strstr(r.ja, "7 番"));
}

static void tamper_modified_entry_and_hash(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    /* Rewrite entry 4 and recompute its leaf hash: only the signed checkpoint catches it. */
    Err e = {0};
    Stmt *s = db_prepare(fx->db, "SELECT entry FROM trail_entries WHERE seq = 4", &e);
    assert_int_equal(stmt_step(s), STEP_ROW);
    char *entry = xstrdup(stmt_text(s, 0));
    stmt_finalize(s);
    char *p = strstr(entry, "太郎"); /* in "after": only the signed root covers it */
    assert_non_null(p);
    memcpy(p, "次郎", strlen("次郎"));
    Hash h;
    merkle_leaf_hash(entry, strlen(entry), h);
    s = db_prepare(fx->db, "UPDATE trail_entries SET entry = ?, leaf_hash = ? WHERE seq = 4", &e);
    stmt_bind_text(s, 1, entry);
    stmt_bind_blob(s, 2, h, 32);
    assert_int_equal(stmt_step(s), STEP_DONE);
    stmt_finalize(s);
    free(entry);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_root_mismatch");
    assert_int_equal(r.bad_checkpoint, 12);
}

static void tamper_modified_column(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    /* Hiding an entry from a filter by editing its search column is caught. */
    exec_ok(fx->db, "UPDATE trail_entries SET actor = 'nobody' WHERE seq = 3");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_int_equal(r.first_bad_seq, 3);
    assert_string_equal(r.code, "trail_columns_mismatch");
}

static void tamper_modified_hash(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "UPDATE trail_entries SET leaf_hash = zeroblob(32) WHERE seq = 15");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_int_equal(r.first_bad_seq, 15);
    assert_string_equal(r.code, "trail_hash_mismatch");
}

static void tamper_deleted_middle(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "DELETE FROM trail_entries WHERE seq = 16");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_int_equal(r.first_bad_seq, 16);
    assert_string_equal(r.code, "trail_gap");
}

static void tamper_deleted_tail_under_checkpoint(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 12, 12);
    exec_ok(fx->db, "DELETE FROM trail_entries WHERE seq >= 10");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_truncated");
    assert_int_equal(r.first_bad_seq, 10);
    assert_int_equal(r.bad_checkpoint, 12);
    /* The next checkpoint refuses to sign over the hole. */
    Err e = {0};
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_TAMPER);
}

static void deleted_tail_after_checkpoint_is_undetectable(void **state)
{
    /* The limit sealed commits remove (docs/trail.md): a writer that does not seal (no key at hand)
     * leaves entries after the last checkpoint, and those can be cut off unnoticed. */
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "DELETE FROM trail_entries WHERE seq >= 18");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(r.size, 18);
}

static void tamper_reordered(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    /* Swap entries 14 and 15 with their hashes (beyond the checkpoint). */
    exec_ok(fx->db, "UPDATE trail_entries SET seq = 999 WHERE seq = 14;"
                    "UPDATE trail_entries SET seq = 14 WHERE seq = 15;"
                    "UPDATE trail_entries SET seq = 15 WHERE seq = 999");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_int_equal(r.first_bad_seq, 14);
    assert_string_equal(r.code, "trail_seq_mismatch");
}

static void tamper_edited_checkpoint(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "UPDATE trail_checkpoints SET note = replace(note, char(10) || '12' || char(10),"
                    " char(10) || '11' || char(10)), tree_size = 11");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_checkpoint_signature");
    assert_int_equal(r.bad_checkpoint, 11);
}

/* A copy of a genuine checkpoint stored under a negative size (the table rebuilt without its
 * CHECK, as someone editing the file can) is never reached while the tree grows; verify still
 * looks at it, as it did when it listed every checkpoint before finding them by seeks. */
static void tamper_checkpoint_negative_size(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "CREATE TABLE cp (tree_size INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
                    " note TEXT NOT NULL, frontier BLOB NOT NULL) STRICT");
    exec_ok(fx->db, "INSERT INTO cp SELECT * FROM trail_checkpoints");
    exec_ok(fx->db, "DROP TABLE trail_checkpoints");
    exec_ok(fx->db, "ALTER TABLE cp RENAME TO trail_checkpoints");
    exec_ok(fx->db, "INSERT INTO trail_checkpoints(tree_size, created_at, note, frontier)"
                    " SELECT -5, created_at, note, frontier FROM trail_checkpoints WHERE tree_size = 12");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_checkpoint_mismatch");
    assert_int_equal(r.bad_checkpoint, -5);
}

static void tamper_replaced_checkpoint_frontier(void **state)
{
    Fixture *fx = *state;
    prepare_log(fx, 20, 12);
    exec_ok(fx->db, "UPDATE trail_checkpoints SET frontier = zeroblob(length(frontier))");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_checkpoint_frontier");
    Err e = {0};
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_TAMPER);
}

/* ---------------------------------------------------------------- sealed commits */

static int64_t pending_entries(Db *db)
{
    Err e = {0};
    json_t *status;
    assert_int_equal(trail_status(db, &status, &e), ST_OK);
    int64_t n = json_integer_value(json_object_get(status, "pending"));
    json_decref(status);
    return n;
}

/* A log whose every transaction was sealed: 3 transactions of 4, 1 and 6 entries. */
static Clock seal_clock;
static void prepare_sealed_log(Fixture *fx)
{
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    seal_clock = clock_fixed(T0);
    assert_int_equal(trail_seal_commits(fx->db, fx->key_path, &seal_clock, &e), ST_OK);
    append_n(fx->db, 4);
    assert_int_equal(pending_entries(fx->db), 0);
    append_n(fx->db, 1);
    append_n(fx->db, 6);
    assert_int_equal(pending_entries(fx->db), 0);
    assert_int_equal(count_checkpoints(fx->db), 3);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(r.checkpoints, 2);
    drop_guards(fx->db);
}

static void verify_checks_newest_and_one_checkpoint_per_block(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    seal_clock = clock_fixed(T0);
    assert_int_equal(trail_seal_commits(fx->db, fx->key_path, &seal_clock, &e), ST_OK);
    for (int i = 0; i < 15; i++)
        append_n(fx->db, 100);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(r.checkpoints, 3); /* 100 (first of 0..1023), 1100 (first of 1024..2047), 1500 */
    drop_guards(fx->db);
    /* The first checkpoint of a block and the newest are checked in full. */
    exec_ok(fx->db, "UPDATE trail_checkpoints SET note = replace(note, 'lgsec', 'lgsek') WHERE tree_size = 1100");
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_checkpoint_signature");
    assert_int_equal(r.bad_checkpoint, 1100);
}

static void sealed_commits_leave_nothing_uncovered(void **state)
{
    Fixture *fx = *state;
    prepare_sealed_log(fx);
    /* A transaction without trail entries signs nothing; a rolled-back one leaves nothing. */
    Err e = {0};
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    TrailEvent ev = {"cli", "person.create", "person", "9", NULL, NULL};
    assert_int_equal(trail_append(fx->db, T0, &ev, NULL, &e), ST_OK);
    db_rollback(fx->db);
    assert_int_equal(count_checkpoints(fx->db), 3);
    /* Nested transactions (savepoints) are sealed once, at the outermost commit. */
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    append_n(fx->db, 2);
    assert_int_equal(count_checkpoints(fx->db), 3);
    assert_int_equal(db_commit(fx->db, &e), ST_OK);
    assert_int_equal(count_checkpoints(fx->db), 4);
    assert_int_equal(pending_entries(fx->db), 0);
    /* A key that is not this database's is refused when sealing starts. */
    char other_db[64] = "/tmp/lgsec-trail3-XXXXXX", other_key[96];
    close(mkstemp(other_db));
    snprintf(other_key, sizeof other_key, "%s.trail-key", other_db);
    Db *db2;
    assert_int_equal(db_open(other_db, &db2, &e), ST_OK);
    assert_int_equal(db_migrate(db2, &e), ST_OK);
    assert_int_equal(trail_keygen(db2, other_key, &e), ST_OK);
    assert_int_equal(trail_seal_commits(fx->db, other_key, &seal_clock, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "trail_key_mismatch");
    db_close(db2);
    unlink(other_key);
    unlink(other_db);
}

static void sealed_tamper_deleted_last_entry(void **state)
{
    Fixture *fx = *state;
    prepare_sealed_log(fx);
    exec_ok(fx->db, "DELETE FROM trail_entries WHERE seq = 10");
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_truncated");
    assert_int_equal(r.first_bad_seq, 10);
    assert_int_equal(r.bad_checkpoint, 11);
}

static void sealed_tamper_edited_last_entry(void **state)
{
    Fixture *fx = *state;
    prepare_sealed_log(fx);
    /* The last entry rewritten with a matching leaf hash: its own checkpoint catches it. */
    Err e = {0};
    Stmt *s = db_prepare(fx->db, "SELECT entry FROM trail_entries WHERE seq = 10", &e);
    assert_int_equal(stmt_step(s), STEP_ROW);
    char *entry = xstrdup(stmt_text(s, 0));
    stmt_finalize(s);
    char *p = strstr(entry, "太郎");
    memcpy(p, "次郎", strlen("次郎"));
    Hash h;
    merkle_leaf_hash(entry, strlen(entry), h);
    s = db_prepare(fx->db, "UPDATE trail_entries SET entry = ?, leaf_hash = ? WHERE seq = 10", &e);
    stmt_bind_text(s, 1, entry);
    stmt_bind_blob(s, 2, h, 32);
    assert_int_equal(stmt_step(s), STEP_DONE);
    stmt_finalize(s);
    free(entry);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_root_mismatch");
    assert_int_equal(r.bad_checkpoint, 11);
}

static void sealed_commit_fails_closed(void **state)
{
    Fixture *fx = *state;
    prepare_sealed_log(fx);
    /* With the last checkpoint's compact range damaged, no transaction that appends can be sealed:
     * it rolls back, the change with it. */
    exec_ok(fx->db, "UPDATE trail_checkpoints SET frontier = zeroblob(length(frontier)) WHERE tree_size = 11");
    Err e = {0};
    assert_int_equal(db_begin(fx->db, &e), ST_OK);
    TrailEvent ev = {"cli", "person.create", "person", "9", NULL, NULL};
    int64_t seq;
    assert_int_equal(trail_append(fx->db, T0, &ev, &seq, &e), ST_OK);
    assert_int_equal(db_commit(fx->db, &e), ST_TAMPER);
    assert_false(db_in_transaction(fx->db));
    Stmt *s = db_prepare(fx->db, "SELECT count(*) FROM trail_entries WHERE seq = ?", &e);
    stmt_bind_int(s, 1, seq);
    assert_int_equal(stmt_step(s), STEP_ROW);
    assert_int_equal(stmt_int(s, 0), 0);
    stmt_finalize(s);
}

/* ---------------------------------------------------------------- stored nodes */

static Hash *leaf_hashes(Db *db, int64_t n)
{
    Err e = {0};
    Hash *h = xmalloc((size_t)n * sizeof *h);
    Stmt *s = db_prepare(db, "SELECT leaf_hash FROM trail_entries WHERE seq < ? ORDER BY seq", &e);
    stmt_bind_int(s, 1, n);
    for (int64_t i = 0; i < n; i++) {
        size_t len;
        assert_int_equal(stmt_step(s), STEP_ROW);
        memcpy(h[i], stmt_blob(s, 0, &len), TRAIL_HASH_LEN);
    }
    stmt_finalize(s);
    return h;
}

static void stored_nodes_give_the_proofs(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    seal_clock = clock_fixed(T0);
    assert_int_equal(trail_seal_commits(fx->db, fx->key_path, &seal_clock, &e), ST_OK);
    /* Sizes across the stored levels (16, 256) and their edges. */
    int batches[] = {1, 14, 1, 17, 223, 1, 300, 43};
    for (size_t i = 0; i < sizeof batches / sizeof *batches; i++)
        append_n(fx->db, batches[i]);
    const int64_t n = 600;
    assert_int_equal(pending_entries(fx->db), 0);
    assert_int_equal(world_rows(fx->db, "SELECT count(*) FROM trail_nodes"), 600 / 16 + 600 / 256);
    Hash *leaves = leaf_hashes(fx->db, n);
    int64_t sizes[] = {1, 2, 15, 16, 17, 33, 255, 256, 257, 299, 512, 599, 600};
    for (size_t a = 0; a < sizeof sizes / sizeof *sizes; a++)
        for (size_t b = a; b < sizeof sizes / sizeof *sizes; b++) {
            Hash *got, want[MERKLE_MAX_CONSISTENCY];
            size_t len;
            assert_int_equal(trail_consistency_proof(fx->db, sizes[a], sizes[b], &got, &len, &e), ST_OK);
            size_t want_len = merkle_consistency_proof(leaves, (size_t)sizes[b], (size_t)sizes[a], want);
            assert_int_equal(len, want_len);
            if (len)
                assert_memory_equal(got, want, len * TRAIL_HASH_LEN);
            free(got);
        }
    char *vk;
    assert_int_equal(trail_verifier_key(fx->db, &vk, &e), ST_OK);
    for (int64_t i = 0; i < n; i += 7) {
        json_t *proof;
        assert_int_equal(trail_prove(fx->db, i, 0, &proof, &e), ST_OK);
        assert_int_equal(trail_check_proof(proof, vk, &e), ST_OK);
        json_decref(proof);
    }
    free(vk);
    free(leaves);
    TrailVerifyReport r;
    assert_int_equal(verify(fx->db, &r), ST_OK);
    drop_guards(fx->db);
    exec_ok(fx->db, "DROP TRIGGER trail_nodes_no_update; DROP TRIGGER trail_nodes_no_delete");
    /* A changed node: verify names it, and no proof is handed out over it. */
    exec_ok(fx->db, "UPDATE trail_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 3");
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_node_mismatch");
    assert_non_null(strstr(r.en, "level 4, index 3"));
    json_t *proof;
    assert_int_equal(trail_prove(fx->db, 0, 0, &proof, &e), ST_TAMPER);
    /* A missing node. */
    exec_ok(fx->db, "DELETE FROM trail_nodes WHERE level = 4 AND idx = 3");
    assert_int_equal(verify(fx->db, &r), ST_TAMPER);
    assert_string_equal(r.code, "trail_node_mismatch");
    assert_int_equal(trail_prove(fx->db, 0, 0, &proof, &e), ST_TAMPER);
    assert_string_equal(e.code, "trail_node_missing");
    /* No nodes at all (a log from before they were stored): verify holds, the next checkpoint
     * writes them all again. */
    exec_ok(fx->db, "DELETE FROM trail_nodes");
    assert_int_equal(verify(fx->db, &r), ST_OK);
    append_n(fx->db, 1);
    assert_int_equal(world_rows(fx->db, "SELECT count(*) FROM trail_nodes"), 601 / 16 + 601 / 256);
    assert_int_equal(verify(fx->db, &r), ST_OK);
    assert_int_equal(trail_prove(fx->db, 0, 0, &proof, &e), ST_OK);
    json_decref(proof);
}

/* ---------------------------------------------------------------- witnesses */

static void cosignature_format(void **state)
{
    (void)state;
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(pk2, sk2);
    const char body[] = "lgsec.local/0123456789abcdef\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    char *line = cosig_line(body, strlen(body), "w.example/1", sk, 1774000000);
    assert_true(strncmp(line, "\xe2\x80\x94 w.example/1 ", 16) == 0);
    /* base64 of 4 + 8 + 64 bytes, the time big-endian after the key ID */
    uint8_t blob[76];
    assert_true(b64_decode(line + 16, strlen(line + 16) - 1, blob, sizeof blob));
    assert_int_equal(((uint64_t)blob[8] << 24 | (uint64_t)blob[9] << 16 | (uint64_t)blob[10] << 8 | blob[11]), 1774000000);
    /* The message is "cosignature/v1\ntime <t>\n" + body. */
    char msg[256];
    snprintf(msg, sizeof msg, "cosignature/v1\ntime 1774000000\n%s", body);
    assert_int_equal(crypto_sign_verify_detached(blob + 12, (const unsigned char *)msg, strlen(msg), pk), 0);
    Err e = {0};
    uint64_t t = 0;
    assert_int_equal(cosig_find(line, body, strlen(body), "w.example/1", pk, &t, &e), ST_OK);
    assert_int_equal(t, 1774000000);
    assert_int_equal(cosig_find(line, body, strlen(body), "w.example/1", pk2, &t, &e), ST_TAMPER);
    assert_string_equal(e.code, "cosig_missing");
    char other[128];
    snprintf(other, sizeof other, "%s", body);
    other[strlen("lgsec.local/0123456789abcdef\n")] = '4';
    other[strlen("lgsec.local/0123456789abcdef\n") + 1] = '3';
    assert_int_equal(cosig_find(line, other, strlen(other), "w.example/1", pk, &t, &e), ST_TAMPER);
    assert_string_equal(e.code, "cosig_bad_signature");
    /* Keys: verifier and signer round trip, 0x04 keys are not note (0x01) keys. */
    char *vk = cosig_verifier_key("w.example/1", pk), name[NOTE_NAME_MAX + 1];
    uint8_t got[32];
    assert_int_equal(cosig_parse_verifier_key(vk, name, got, &e), ST_OK);
    assert_memory_equal(got, pk, 32);
    assert_int_equal(note_parse_verifier_key(vk, name, got, &e), ST_INVALID);
    char *nk = note_verifier_key("w.example/1", pk);
    assert_int_equal(cosig_parse_verifier_key(nk, name, got, &e), ST_INVALID);
    char *sk_text = cosig_signer_key("w.example/1", sk);
    uint8_t sk3[64], pk3[32];
    assert_int_equal(cosig_parse_signer_key(sk_text, name, sk3, pk3, &e), ST_OK);
    assert_memory_equal(pk3, pk, 32);
    free(sk_text);
    free(nk);
    free(vk);
    free(line);
}

static char *latest_note(Db *db)
{
    Err e = {0};
    json_t *status;
    assert_int_equal(trail_status(db, &status, &e), ST_OK);
    char *note = xstrdup(json_string_value(json_object_get(json_object_get(status, "checkpoint"), "note")));
    json_decref(status);
    return note;
}

/* "old N\n" + proof lines + "\n" + note. */
static char *add_request(Db *db, int64_t old, int64_t size, const char *note)
{
    Err e = {0};
    Hash *proof = NULL;
    size_t n = 0;
    if (old > 0)
        assert_int_equal(trail_consistency_proof(db, old, size, &proof, &n, &e), ST_OK);
    char *text = xasprintf("old %lld\n", (long long)old);
    for (size_t i = 0; i < n; i++) {
        char *b = b64_encode(proof[i], 32), *t = xasprintf("%s%s\n", text, b);
        free(b);
        free(text);
        text = t;
    }
    char *out = xasprintf("%s\n%s", text, note);
    free(text);
    free(proof);
    return out;
}

static int witness_call(Db *wdb, Witness *w, const char *req, char **resp)
{
    const char *ct;
    free(*resp);
    *resp = NULL;
    return witness_add_checkpoint(wdb, w, T0, req, strlen(req), resp, &ct);
}

static void witness_protocol(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    seal_clock = clock_fixed(T0);
    assert_int_equal(trail_seal_commits(fx->db, fx->key_path, &seal_clock, &e), ST_OK);
    append_n(fx->db, 5);
    char *note5 = latest_note(fx->db);
    append_n(fx->db, 20);
    char *note25 = latest_note(fx->db);
    /* The witness: its own database and key. */
    char wpath[64] = "/tmp/lgsec-witness-XXXXXX", wkey[96];
    close(mkstemp(wpath));
    snprintf(wkey, sizeof wkey, "%s.key", wpath);
    Db *wdb;
    assert_int_equal(db_open(wpath, &wdb, &e), ST_OK);
    assert_int_equal(db_migrate(wdb, &e), ST_OK);
    char *wvk;
    assert_int_equal(witness_keygen(wkey, "witness.test/unit", &wvk, &e), ST_OK);
    char *lvk;
    assert_int_equal(trail_verifier_key(fx->db, &lvk, &e), ST_OK);
    const char *logs[] = {lvk};
    Witness *w;
    assert_int_equal(witness_load(wkey, logs, 1, &w, &e), ST_OK);
    char name[NOTE_NAME_MAX + 1];
    uint8_t wpk[32];
    assert_int_equal(cosig_parse_verifier_key(wvk, name, wpk, &e), ST_OK);
    char *resp = NULL, *req;

    assert_int_equal(witness_call(wdb, w, "old 0\nnot a checkpoint", &resp), 400);
    req = add_request(fx->db, 0, 5, note5);
    assert_int_equal(witness_call(wdb, w, req, &resp), 200);
    size_t body5 = (size_t)(strstr(note5, "\n\n") - note5) + 1;
    assert_int_equal(cosig_find(resp, note5, body5, name, wpk, NULL, &e), ST_OK);
    /* The same request again: the witness now knows size 5. */
    assert_int_equal(witness_call(wdb, w, req, &resp), 409);
    assert_string_equal(resp, "5\n");
    free(req);
    /* Same size, same root: cosigned again. */
    req = add_request(fx->db, 5, 5, note5);
    assert_int_equal(witness_call(wdb, w, req, &resp), 200);
    free(req);
    /* Old size above the checkpoint's. */
    req = xasprintf("old 30\n\n%s", note25);
    assert_int_equal(witness_call(wdb, w, req, &resp), 400);
    free(req);
    /* A wrong consistency proof. */
    req = add_request(fx->db, 5, 25, note25);
    char *p = strchr(req, '\n') + 1;
    *p = *p == 'A' ? 'B' : 'A';
    assert_int_equal(witness_call(wdb, w, req, &resp), 422);
    free(req);
    /* A checkpoint not signed by the log's key. */
    req = add_request(fx->db, 5, 25, note25);
    char *sig = strstr(req, "\xe2\x80\x94 ");
    sig = strrchr(sig, ' ') + 5;
    *sig = *sig == 'A' ? 'B' : 'A';
    assert_int_equal(witness_call(wdb, w, req, &resp), 403);
    free(req);
    /* The right proof: cosigned, and the witness moves to 25. */
    req = add_request(fx->db, 5, 25, note25);
    assert_int_equal(witness_call(wdb, w, req, &resp), 200);
    free(req);
    req = add_request(fx->db, 5, 25, note25);
    assert_int_equal(witness_call(wdb, w, req, &resp), 409);
    assert_string_equal(resp, "25\n");
    free(req);
    /* Rolling the witness back to 5 is refused. */
    req = add_request(fx->db, 25, 25, note5);
    assert_int_equal(witness_call(wdb, w, req, &resp), 400);
    free(req);
    /* An unknown log. */
    witness_free(w);
    const char *none[] = {"other.example/log+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
    uint8_t zero[32] = {0};
    char *fake = note_verifier_key("other.example/log", zero);
    none[0] = fake;
    assert_int_equal(witness_load(wkey, none, 1, &w, &e), ST_OK);
    req = add_request(fx->db, 25, 25, note25);
    assert_int_equal(witness_call(wdb, w, req, &resp), 404);
    free(req);
    free(fake);
    witness_free(w);
    free(resp);
    free(note5);
    free(note25);
    free(lvk);
    free(wvk);
    db_close(wdb);
    unlink(wkey);
    unlink(wpath);
    char side[96];
    snprintf(side, sizeof side, "%s-wal", wpath);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", wpath);
    unlink(side);
}

/* ---------------------------------------------------------------- proofs */

static void proofs_for_every_entry(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    assert_int_equal(trail_keygen(fx->db, fx->key_path, &e), ST_OK);
    append_n(fx->db, 17);
    json_t *proof;
    assert_int_equal(trail_prove(fx->db, 0, 0, &proof, &e), ST_NOTFOUND); /* no checkpoint */
    assert_int_equal(trail_checkpoint(fx->db, fx->key_path, T0, &e), ST_OK);
    append_n(fx->db, 2);
    assert_int_equal(trail_prove(fx->db, 17, 0, &proof, &e), ST_NOTFOUND); /* not covered yet */
    char *vk;
    assert_int_equal(trail_verifier_key(fx->db, &vk, &e), ST_OK);
    for (int i = 0; i < 17; i++) {
        assert_int_equal(trail_prove(fx->db, i, 0, &proof, &e), ST_OK);
        assert_int_equal(json_integer_value(json_object_get(proof, "leaf_index")), i);
        assert_int_equal(json_integer_value(json_object_get(proof, "tree_size")), 17);
        assert_int_equal(trail_check_proof(proof, vk, &e), ST_OK);
        json_decref(proof);
    }
    /* Round trip through text, then tamper with each part. */
    assert_int_equal(trail_prove(fx->db, 5, 17, &proof, &e), ST_OK);
    char *text = json_dumps(proof, JSON_INDENT(2));
    json_t *again = json_loads(text, 0, NULL);
    free(text);
    assert_int_equal(trail_check_proof(again, vk, &e), ST_OK);
    json_t *bad = json_deep_copy(again);
    const char *entry = json_string_value(json_object_get(bad, "entry"));
    char *changed = xstrdup(entry);
    changed[strlen(changed) - 3] = '2'; /* "v":1 -> "v":2 */
    json_object_set_new(bad, "entry", json_string(changed));
    free(changed);
    assert_int_equal(trail_check_proof(bad, vk, &e), ST_TAMPER);
    json_object_del(bad, "leaf_hash"); /* without leaf_hash the path must catch it */
    assert_int_equal(trail_check_proof(bad, vk, &e), ST_TAMPER);
    assert_string_equal(e.code, "trail_proof_path");
    json_decref(bad);
    bad = json_deep_copy(again);
    json_object_set_new(bad, "leaf_index", json_integer(6));
    assert_int_equal(trail_check_proof(bad, vk, &e), ST_TAMPER);
    json_decref(bad);
    bad = json_deep_copy(again);
    json_array_set_new(json_object_get(bad, "path"), 0,
                       json_string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    assert_int_equal(trail_check_proof(bad, vk, &e), ST_TAMPER);
    json_decref(bad);
    uint8_t pk2[32], sk2[64];
    crypto_sign_keypair(pk2, sk2);
    char name[NOTE_NAME_MAX + 1];
    uint8_t pk[32];
    assert_int_equal(note_parse_verifier_key(vk, name, pk, &e), ST_OK);
    char *wrong = note_verifier_key(name, pk2);
    assert_int_equal(trail_check_proof(again, wrong, &e), ST_TAMPER);
    free(wrong);
    json_decref(again);
    json_decref(proof);
    free(vk);
}

/* ---------------------------------------------------------------- listing */

static void list_filters_and_paging(void **state)
{
    Fixture *fx = *state;
    Err e = {0};
    append_n(fx->db, 30);
    json_t *items;
    int64_t next;
    TrailFilter f = {.limit = 10};
    assert_int_equal(trail_list(fx->db, &f, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 10);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 29);
    assert_int_equal(next, 20);
    json_decref(items);
    f.cursor = next;
    assert_int_equal(trail_list(fx->db, &f, &items, &next, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 19);
    json_decref(items);
    f.cursor = 10;
    assert_int_equal(trail_list(fx->db, &f, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 10);
    assert_int_equal(next, 0); /* last page */
    json_decref(items);

    TrailFilter by_actor = {.actor = "sato", .limit = 200};
    assert_int_equal(trail_list(fx->db, &by_actor, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 10); /* i % 3 == 0 */
    json_decref(items);
    TrailFilter by_action = {.action_prefix = "account."};
    assert_int_equal(trail_list(fx->db, &by_action, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 15);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "action")),
                        "account.login");
    json_decref(items);
    TrailFilter by_object = {.object_type = "person", .object_id = "7"};
    assert_int_equal(trail_list(fx->db, &by_object, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(items, 0), "after"), "name")),
                        "山田 太郎");
    json_decref(items);
    TrailFilter by_time = {.from = "2026-03-20T09:46:45Z", .to = "2026-03-20T09:46:50Z"};
    assert_int_equal(trail_list(fx->db, &by_time, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 5); /* T0 = 09:46:40Z; seq 5..9 */
    json_decref(items);
    TrailFilter combined = {.actor = "yamada", .action_prefix = "person", .limit = 3};
    assert_int_equal(trail_list(fx->db, &combined, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 29);
    json_decref(items);

    TrailFilter bad_limit = {.limit = 201};
    assert_int_equal(trail_list(fx->db, &bad_limit, &items, &next, &e), ST_INVALID);
    assert_string_equal(e.field, "limit");
    TrailFilter bad_time = {.from = "yesterday"};
    assert_int_equal(trail_list(fx->db, &bad_time, &items, &next, &e), ST_INVALID);
    assert_string_equal(e.field, "from");
}

#define DBTEST(fn) cmocka_unit_test_setup_teardown(fn, setup_db, teardown_db)

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc6962_reference_roots),
        cmocka_unit_test(streaming_root_matches_definition),
        cmocka_unit_test(inclusion_proofs_sizes_1_to_17),
        cmocka_unit_test(consistency_proofs_sizes_0_to_40),
        cmocka_unit_test(go_sumdb_note_vector),
        cmocka_unit_test(cosignature_format),
        cmocka_unit_test(note_tampering_and_wrong_key),
        DBTEST(append_needs_transaction),
        DBTEST(rollback_removes_entry),
        DBTEST(entry_is_canonical_json),
        DBTEST(entry_bytes_equal_jansson_dump),
        DBTEST(writer_matches_append),
        DBTEST(keygen_and_key_file_rules),
        DBTEST(checkpoints_incremental_and_verified),
        DBTEST(verify_progress_every_16384_and_at_the_end),
        DBTEST(checkpoint_if_due_rules),
        DBTEST(tamper_modified_entry),
        DBTEST(tamper_modified_entry_and_hash),
        DBTEST(tamper_modified_hash),
        DBTEST(tamper_modified_column),
        DBTEST(tamper_deleted_middle),
        DBTEST(tamper_deleted_tail_under_checkpoint),
        DBTEST(deleted_tail_after_checkpoint_is_undetectable),
        DBTEST(tamper_reordered),
        DBTEST(tamper_edited_checkpoint),
        DBTEST(tamper_checkpoint_negative_size),
        DBTEST(tamper_replaced_checkpoint_frontier),
        DBTEST(sealed_commits_leave_nothing_uncovered),
        DBTEST(sealed_tamper_deleted_last_entry),
        DBTEST(verify_checks_newest_and_one_checkpoint_per_block),
        DBTEST(sealed_tamper_edited_last_entry),
        DBTEST(sealed_commit_fails_closed),
        DBTEST(stored_nodes_give_the_proofs),
        DBTEST(witness_protocol),
        DBTEST(proofs_for_every_entry),
        DBTEST(list_filters_and_paging),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
