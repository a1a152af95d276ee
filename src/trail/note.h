/* note: C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures, verifier key
 * strings, and the tlog-checkpoint body (https://c2sp.org/tlog-checkpoint):
 *   "<origin>\n<tree size>\n<base64 root hash>\n" + "\n" + "— <key name> <base64(key hash ‖ sig)>\n"
 * key hash = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)[:4];
 * verifier key = "<name>+<hex key hash>+<base64(0x01 ‖ public key)>". */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "trail/merkle.h"

#define NOTE_PK_LEN 32
#define NOTE_SK_LEN 64
#define NOTE_SIG_LEN 64
#define NOTE_NAME_MAX 200

/* True if name is a valid key name: non-empty, printable ASCII without space or '+'. */
bool note_name_valid(const char *name);
void note_key_hash(const char *name, const uint8_t pk[NOTE_PK_LEN], uint8_t out[4]);
/* The verifier key string; caller frees. */
char *note_verifier_key(const char *name, const uint8_t pk[NOTE_PK_LEN]);
/* Parses a verifier key; name (NOTE_NAME_MAX+1 bytes) and pk filled. ST_INVALID when malformed or
 * when its key hash does not match its name and key. */
Status note_parse_verifier_key(const char *vkey, char name[NOTE_NAME_MAX + 1],
                               uint8_t pk[NOTE_PK_LEN], Err *e);
/* Signs body (must end in '\n', no blank line) as key `name`; returns the whole note, caller frees. */
char *note_sign(const char *body, const char *name, const uint8_t sk[NOTE_SK_LEN]);
/* Verifies that note carries a valid signature by (name, pk). On success *body_len is the length of
 * the signed body (a prefix of note, including its final '\n'). ST_TAMPER when the signature is
 * missing or wrong, ST_INVALID when the note is malformed. */
Status note_open(const char *note, const char *name, const uint8_t pk[NOTE_PK_LEN],
                 size_t *body_len, Err *e);

/* Checkpoint body. */
char *checkpoint_body(const char *origin, uint64_t size, const Hash root); /* caller frees */
/* Parses the first three lines of a checkpoint body; origin gets NOTE_NAME_MAX+1 bytes. */
Status checkpoint_parse(const char *body, size_t body_len, char origin[NOTE_NAME_MAX + 1],
                        uint64_t *size, Hash root, Err *e);

/* Signer key file text (the Go sumdb/note format):
 * "PRIVATE+KEY+<name>+<hex key hash>+<base64(0x01 ‖ 32-byte seed)>\n". Caller frees. */
char *note_signer_key(const char *name, const uint8_t sk[NOTE_SK_LEN]);
/* Parses a signer key; derives the key pair. */
Status note_parse_signer_key(const char *text, char name[NOTE_NAME_MAX + 1], uint8_t sk[NOTE_SK_LEN],
                             uint8_t pk[NOTE_PK_LEN], Err *e);

/* Base64 (RFC 4648 standard, padded). b64_encode: caller frees. b64_decode: true only when s is
 * exactly canonical base64 of exactly out_len bytes. */
char *b64_encode(const void *data, size_t len);
bool b64_decode(const char *s, size_t s_len, void *out, size_t out_len);
