/* cosig: witness cosignatures (https://c2sp.org/tlog-cosignature, cosignature/v1, Ed25519): a
 * signed-note signature line "— <witness name> base64(key ID ‖ uint64 BE time ‖ signature)" whose
 * signature covers "cosignature/v1\ntime <time>\n" followed by the checkpoint body.
 * Key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]; verifier key
 * "<name>+<hex key ID>+<base64(0x04 ‖ public key)>"; key file
 * "PRIVATE+KEY+<name>+<hex key ID>+<base64(0x04 ‖ seed)>". */
#pragma once
#include <stdint.h>

#include "core/err.h"
#include "trail/note.h"

/* Verifier key text; caller frees. */
char *cosig_verifier_key(const char *name, const uint8_t pk[NOTE_PK_LEN]);
Status cosig_parse_verifier_key(const char *vkey, char name[NOTE_NAME_MAX + 1], uint8_t pk[NOTE_PK_LEN],
                                Err *e);
/* Key file text (ends in "\n"); caller frees. */
char *cosig_signer_key(const char *name, const uint8_t sk[NOTE_SK_LEN]);
Status cosig_parse_signer_key(const char *text, char name[NOTE_NAME_MAX + 1], uint8_t sk[NOTE_SK_LEN],
                              uint8_t pk[NOTE_PK_LEN], Err *e);
/* The signature line (ending in "\n") cosigning body (a checkpoint body ending in "\n") at time;
 * caller frees. */
char *cosig_line(const char *body, size_t body_len, const char *name, const uint8_t sk[NOTE_SK_LEN],
                 uint64_t time);
/* Looks for a cosignature by (name, pk) over body among the signature lines in lines (each
 * "— name base64\n"; other lines and other keys' lines are ignored). ST_OK with *time when one
 * verifies; ST_TAMPER cosig_missing / cosig_bad_signature otherwise. */
Status cosig_find(const char *lines, const char *body, size_t body_len, const char *name,
                  const uint8_t pk[NOTE_PK_LEN], uint64_t *time, Err *e);
