/* note: C2SP signed notes, Ed25519 verifier/signer keys and checkpoint bodies (see note.h). */
#include "trail/note.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"

#define ALG_ED25519 0x01
static const char SIG_PREFIX[] = "\xe2\x80\x94 "; /* U+2014 EM DASH, space */

char *b64_encode(const void *data, size_t len)
{
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = xmalloc(cap);
    sodium_bin2base64(out, cap, data, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

bool b64_decode(const char *s, size_t s_len, void *out, size_t out_len)
{
    if (s_len != sodium_base64_ENCODED_LEN(out_len, sodium_base64_VARIANT_ORIGINAL) - 1)
        return false;
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(out, out_len, s, s_len, NULL, &got, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == out_len && end == s + s_len;
}

bool note_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NOTE_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= ' ' || c >= 0x7f || c == '+')
            return false;
    }
    return true;
}

void note_key_hash(const char *name, const uint8_t pk[NOTE_PK_LEN], uint8_t out[4])
{
    crypto_hash_sha256_state st;
    uint8_t sep[2] = {'\n', ALG_ED25519}, full[32];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
    crypto_hash_sha256_update(&st, sep, 2);
    crypto_hash_sha256_update(&st, pk, NOTE_PK_LEN);
    crypto_hash_sha256_final(&st, full);
    memcpy(out, full, 4);
}

char *note_verifier_key(const char *name, const uint8_t pk[NOTE_PK_LEN])
{
    uint8_t kh[4], typed[1 + NOTE_PK_LEN];
    note_key_hash(name, pk, kh);
    typed[0] = ALG_ED25519;
    memcpy(typed + 1, pk, NOTE_PK_LEN);
    char *b64 = b64_encode(typed, sizeof typed);
    char *out = xasprintf("%s+%02x%02x%02x%02x+%s", name, kh[0], kh[1], kh[2], kh[3], b64);
    free(b64);
    return out;
}

static bool parse_hex4(const char *s, size_t len, uint8_t out[4])
{
    if (len != 8)
        return false;
    for (size_t i = 0; i < 8; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return false;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(v << 4);
        else
            out[i / 2] |= (uint8_t)v;
    }
    return true;
}

/* Splits "<name>+<hex>+<b64>" (after an optional prefix already skipped) and checks it. */
static Status parse_key_string(const char *s, char name[NOTE_NAME_MAX + 1], uint8_t key[32],
                               uint8_t kh_out[4], Err *e)
{
    const char *p1 = strchr(s, '+');
    const char *p2 = p1 ? strchr(p1 + 1, '+') : NULL;
    size_t name_len = p1 ? (size_t)(p1 - s) : 0;
    if (!p1 || !p2 || name_len == 0 || name_len > NOTE_NAME_MAX)
        goto bad;
    memcpy(name, s, name_len);
    name[name_len] = '\0';
    if (!note_name_valid(name) || !parse_hex4(p1 + 1, (size_t)(p2 - p1 - 1), kh_out))
        goto bad;
    const char *b = p2 + 1;
    size_t blen = strcspn(b, "\r\n");
    if (b[blen] && strcmp(b + blen, "\n") != 0 && strcmp(b + blen, "\r\n") != 0)
        goto bad;
    uint8_t typed[1 + 32];
    if (!b64_decode(b, blen, typed, sizeof typed) || typed[0] != ALG_ED25519)
        goto bad;
    memcpy(key, typed + 1, 32);
    return ST_OK;
bad:
    return err_set(e, ST_INVALID, "key_malformed", "key", "鍵の形式が正しくありません",
                   "the key is malformed");
}

Status note_parse_verifier_key(const char *vkey, char name[NOTE_NAME_MAX + 1],
                               uint8_t pk[NOTE_PK_LEN], Err *e)
{
    uint8_t kh[4], want[4];
    Status st = parse_key_string(vkey, name, pk, kh, e);
    if (st != ST_OK)
        return st;
    note_key_hash(name, pk, want);
    if (memcmp(kh, want, 4) != 0)
        return err_set(e, ST_INVALID, "key_hash_mismatch", "key",
                       "検証鍵の鍵ハッシュが鍵の内容と一致しません",
                       "the verifier key's key hash does not match the key");
    return ST_OK;
}

char *note_signer_key(const char *name, const uint8_t sk[NOTE_SK_LEN])
{
    uint8_t kh[4], typed[1 + 32];
    note_key_hash(name, sk + 32, kh); /* libsodium sk = seed ‖ public key */
    typed[0] = ALG_ED25519;
    memcpy(typed + 1, sk, 32);
    char *b64 = b64_encode(typed, sizeof typed);
    char *out = xasprintf("PRIVATE+KEY+%s+%02x%02x%02x%02x+%s\n", name, kh[0], kh[1], kh[2], kh[3],
                          b64);
    sodium_memzero(typed, sizeof typed);
    sodium_memzero(b64, strlen(b64));
    free(b64);
    return out;
}

Status note_parse_signer_key(const char *text, char name[NOTE_NAME_MAX + 1], uint8_t sk[NOTE_SK_LEN],
                             uint8_t pk[NOTE_PK_LEN], Err *e)
{
    static const char prefix[] = "PRIVATE+KEY+";
    uint8_t seed[32], kh[4], want[4];
    if (strncmp(text, prefix, sizeof prefix - 1) != 0 ||
        parse_key_string(text + sizeof prefix - 1, name, seed, kh, e) != ST_OK)
        return err_set(e, ST_INVALID, "signer_key_malformed", "key",
                       "署名鍵ファイルの形式が正しくありません",
                       "the signing key file is malformed");
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
    note_key_hash(name, pk, want);
    if (memcmp(kh, want, 4) != 0)
        return err_set(e, ST_INVALID, "signer_key_malformed", "key",
                       "署名鍵ファイルの鍵ハッシュが一致しません",
                       "the signing key file's key hash does not match");
    return ST_OK;
}

char *note_sign(const char *body, const char *name, const uint8_t sk[NOTE_SK_LEN])
{
    size_t body_len = strlen(body);
    uint8_t sig[4 + NOTE_SIG_LEN];
    note_key_hash(name, sk + 32, sig);
    crypto_sign_detached(sig + 4, NULL, (const unsigned char *)body, body_len, sk);
    char *b64 = b64_encode(sig, sizeof sig);
    Buf b = BUF_INIT;
    buf_append(&b, body, body_len);
    buf_printf(&b, "\n%s%s %s\n", SIG_PREFIX, name, b64);
    free(b64);
    return buf_take(&b);
}

static Status malformed(Err *e)
{
    return err_set(e, ST_INVALID, "note_malformed", "checkpoint",
                   "チェックポイント(署名付きノート)の形式が正しくありません",
                   "the checkpoint (signed note) is malformed");
}

Status note_open(const char *note, const char *name, const uint8_t pk[NOTE_PK_LEN],
                 size_t *body_len, Err *e)
{
    size_t len = strlen(note);
    if (len == 0 || note[len - 1] != '\n')
        return malformed(e);
    /* The body ends at the last blank line: everything after it is signature lines. */
    const char *split = NULL;
    for (const char *p = note; (p = strstr(p, "\n\n")) != NULL; p++)
        split = p;
    if (!split)
        return malformed(e);
    size_t blen = (size_t)(split - note) + 1;
    uint8_t want_kh[4];
    note_key_hash(name, pk, want_kh);
    bool found = false, ok = false;
    size_t name_len = strlen(name);
    for (const char *line = split + 2; *line;) {
        const char *nl = strchr(line, '\n');
        if (strncmp(line, SIG_PREFIX, sizeof SIG_PREFIX - 1) != 0)
            return malformed(e);
        const char *lname = line + sizeof SIG_PREFIX - 1;
        const char *sp = memchr(lname, ' ', (size_t)(nl - lname));
        if (!sp)
            return malformed(e);
        const char *b = sp + 1;
        size_t b_len = (size_t)(nl - b);
        uint8_t sig[4 + NOTE_SIG_LEN];
        if ((size_t)(sp - lname) == name_len && memcmp(lname, name, name_len) == 0 &&
            b64_decode(b, b_len, sig, sizeof sig) && memcmp(sig, want_kh, 4) == 0 && !found) {
            found = true;
            ok = crypto_sign_verify_detached(sig + 4, (const unsigned char *)note, blen, pk) == 0;
        }
        line = nl + 1;
    }
    if (!found)
        return err_setf(e, ST_TAMPER, "note_unsigned", "checkpoint",
                        "チェックポイントに鍵 %s による署名がありません",
                        "the checkpoint has no signature by key %s", name);
    if (!ok)
        return err_set(e, ST_TAMPER, "note_bad_signature", "checkpoint",
                       "チェックポイントの署名が正しくありません (改ざんの可能性)",
                       "the checkpoint signature is invalid (possible tampering)");
    if (body_len)
        *body_len = blen;
    return ST_OK;
}

char *checkpoint_body(const char *origin, uint64_t size, const Hash root)
{
    char *b64 = b64_encode(root, TRAIL_HASH_LEN);
    char *out = xasprintf("%s\n%llu\n%s\n", origin, (unsigned long long)size, b64);
    free(b64);
    return out;
}

Status checkpoint_parse(const char *body, size_t body_len, char origin[NOTE_NAME_MAX + 1],
                        uint64_t *size, Hash root, Err *e)
{
    const char *end = body + body_len;
    const char *l1 = memchr(body, '\n', body_len);
    if (!l1 || (size_t)(l1 - body) == 0 || (size_t)(l1 - body) > NOTE_NAME_MAX)
        return malformed(e);
    memcpy(origin, body, (size_t)(l1 - body));
    origin[l1 - body] = '\0';
    const char *s = l1 + 1;
    const char *l2 = memchr(s, '\n', (size_t)(end - s));
    if (!l2 || l2 == s || l2 - s > 20 || (*s == '0' && l2 - s > 1))
        return malformed(e);
    uint64_t v = 0;
    for (const char *p = s; p < l2; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
            return malformed(e);
        v = v * 10 + (uint64_t)(*p - '0');
    }
    const char *r = l2 + 1;
    const char *l3 = memchr(r, '\n', (size_t)(end - r));
    if (!l3 || !b64_decode(r, (size_t)(l3 - r), root, TRAIL_HASH_LEN))
        return malformed(e);
    *size = v;
    return ST_OK;
}
