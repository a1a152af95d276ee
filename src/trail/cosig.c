/* cosig: witness cosignatures in the cosignature/v1 format (see cosig.h). */
#include "trail/cosig.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"

#define ALG_COSIGNATURE_V1 0x04
#define LINE_PREFIX "\xe2\x80\x94 " /* U+2014 EM DASH, space */

static void key_id(const char *name, const uint8_t pk[NOTE_PK_LEN], uint8_t out[4])
{
    crypto_hash_sha256_state st;
    uint8_t sep[2] = {'\n', ALG_COSIGNATURE_V1}, full[32];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
    crypto_hash_sha256_update(&st, sep, 2);
    crypto_hash_sha256_update(&st, pk, NOTE_PK_LEN);
    crypto_hash_sha256_final(&st, full);
    memcpy(out, full, 4);
}

static char *key_text(const char *prefix, const char *name, const uint8_t id[4], const uint8_t key[32])
{
    uint8_t typed[33];
    typed[0] = ALG_COSIGNATURE_V1;
    memcpy(typed + 1, key, 32);
    char *b64 = b64_encode(typed, sizeof typed);
    char *out = xasprintf("%s%s+%02x%02x%02x%02x+%s", prefix, name, id[0], id[1], id[2], id[3], b64);
    sodium_memzero(typed, sizeof typed);
    sodium_memzero(b64, strlen(b64));
    free(b64);
    return out;
}

char *cosig_verifier_key(const char *name, const uint8_t pk[NOTE_PK_LEN])
{
    uint8_t id[4];
    key_id(name, pk, id);
    return key_text("", name, id, pk);
}

char *cosig_signer_key(const char *name, const uint8_t sk[NOTE_SK_LEN])
{
    uint8_t id[4];
    key_id(name, sk + 32, id);
    char *k = key_text("PRIVATE+KEY+", name, id, sk);
    char *out = xasprintf("%s\n", k);
    sodium_memzero(k, strlen(k));
    free(k);
    return out;
}

static Status bad_key(Err *e)
{
    return err_set(e, ST_INVALID, "witness_key_malformed", "key", "立会人の鍵の形式が正しくありません",
                   "the witness key is malformed");
}

/* "<name>+<8 hex>+<base64(0x04 ‖ 32 bytes)>" with an optional trailing newline. */
static Status parse(const char *s, char name[NOTE_NAME_MAX + 1], uint8_t key[32], uint8_t id[4], Err *e)
{
    const char *p1 = strchr(s, '+'), *p2 = p1 ? strchr(p1 + 1, '+') : NULL;
    if (!p1 || !p2 || p1 == s || (size_t)(p1 - s) > NOTE_NAME_MAX || p2 - p1 - 1 != 8)
        return bad_key(e);
    memcpy(name, s, (size_t)(p1 - s));
    name[p1 - s] = '\0';
    for (int i = 0; i < 8; i++) {
        char c = p1[1 + i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return bad_key(e);
        id[i / 2] = (uint8_t)(i % 2 ? id[i / 2] | v : v << 4);
    }
    const char *b = p2 + 1;
    size_t blen = strcspn(b, "\r\n");
    uint8_t typed[33];
    if (!note_name_valid(name) || (b[blen] && strcmp(b + blen, "\n") != 0) ||
        !b64_decode(b, blen, typed, sizeof typed) || typed[0] != ALG_COSIGNATURE_V1)
        return bad_key(e);
    memcpy(key, typed + 1, 32);
    sodium_memzero(typed, sizeof typed);
    return ST_OK;
}

Status cosig_parse_verifier_key(const char *vkey, char name[NOTE_NAME_MAX + 1], uint8_t pk[NOTE_PK_LEN], Err *e)
{
    uint8_t id[4], want[4];
    Status st = parse(vkey, name, pk, id, e);
    if (st != ST_OK)
        return st;
    key_id(name, pk, want);
    return memcmp(id, want, 4) == 0 ? ST_OK : bad_key(e);
}

Status cosig_parse_signer_key(const char *text, char name[NOTE_NAME_MAX + 1], uint8_t sk[NOTE_SK_LEN],
                              uint8_t pk[NOTE_PK_LEN], Err *e)
{
    static const char prefix[] = "PRIVATE+KEY+";
    uint8_t seed[32], id[4], want[4];
    if (strncmp(text, prefix, sizeof prefix - 1) != 0 || parse(text + sizeof prefix - 1, name, seed, id, e) != ST_OK)
        return bad_key(e);
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
    key_id(name, pk, want);
    return memcmp(id, want, 4) == 0 ? ST_OK : bad_key(e);
}

/* The signed message: "cosignature/v1\ntime <t>\n" ‖ body. Caller frees (buf). */
static void message(Buf *m, const char *body, size_t body_len, uint64_t time)
{
    buf_printf(m, "cosignature/v1\ntime %llu\n", (unsigned long long)time);
    buf_append(m, body, body_len);
}

char *cosig_line(const char *body, size_t body_len, const char *name, const uint8_t sk[NOTE_SK_LEN], uint64_t time)
{
    uint8_t blob[4 + 8 + NOTE_SIG_LEN];
    key_id(name, sk + 32, blob);
    for (int i = 0; i < 8; i++)
        blob[4 + i] = (uint8_t)(time >> (56 - 8 * i));
    Buf m = BUF_INIT;
    message(&m, body, body_len, time);
    crypto_sign_detached(blob + 12, NULL, (const unsigned char *)m.data, m.len, sk);
    buf_free(&m);
    char *b64 = b64_encode(blob, sizeof blob);
    char *out = xasprintf(LINE_PREFIX "%s %s\n", name, b64);
    free(b64);
    return out;
}

Status cosig_find(const char *lines, const char *body, size_t body_len, const char *name,
                  const uint8_t pk[NOTE_PK_LEN], uint64_t *time, Err *e)
{
    uint8_t id[4];
    key_id(name, pk, id);
    size_t name_len = strlen(name);
    bool seen = false;
    for (const char *line = lines; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *lname = line + sizeof LINE_PREFIX - 1;
        uint8_t blob[4 + 8 + NOTE_SIG_LEN];
        if (len > sizeof LINE_PREFIX - 1 + name_len + 1 && strncmp(line, LINE_PREFIX, sizeof LINE_PREFIX - 1) == 0 &&
            memcmp(lname, name, name_len) == 0 && lname[name_len] == ' ' &&
            b64_decode(lname + name_len + 1, (size_t)(line + len - lname - name_len - 1), blob, sizeof blob) &&
            memcmp(blob, id, 4) == 0) {
            seen = true;
            uint64_t t = 0;
            for (int i = 0; i < 8; i++)
                t = t << 8 | blob[4 + i];
            Buf m = BUF_INIT;
            message(&m, body, body_len, t);
            bool ok = crypto_sign_verify_detached(blob + 12, (const unsigned char *)m.data, m.len, pk) == 0;
            buf_free(&m);
            if (ok) {
                if (time)
                    *time = t;
                return ST_OK;
            }
        }
        line = nl ? nl + 1 : line + len;
    }
    return seen ? err_set(e, ST_TAMPER, "cosig_bad_signature", "cosignature",
                          "立会人の連署の署名が正しくありません (改ざんの可能性)",
                          "the witness cosignature does not verify (possible tampering)")
                : err_setf(e, ST_TAMPER, "cosig_missing", "cosignature", "立会人 %s の連署がありません",
                           "there is no cosignature by witness %s", name);
}
