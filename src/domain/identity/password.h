/* password: the password rules of 第59条 (long enough, not guessable), Argon2id hashing and
 * verification (libsodium crypto_pwhash_str), and temporary passwords (第88条). No database.
 *
 * Passwords are NFKC-normalised before checking and hashing, so that a password typed with the IME
 * in full-width (ｐａｓｓ) and in half-width (pass) is the same password.
 *
 * Cost: Argon2id with libsodium's INTERACTIVE limits (opslimit 2, 64 MiB) by default. Measured on the
 * development machine (2 vCPU): INTERACTIVE 0.066 s per hash, MODERATE (3, 256 MiB) 0.42 s and 4x
 * the memory per concurrent login. With lockout (第87条) and the per-address rate limit bounding
 * online guessing, INTERACTIVE is the better balance for a small municipal server where a burst of
 * logins at 08:30 must not exhaust memory; an installation may choose MODERATE.
 * Verification always uses the parameters stored in the hash, so changing the cost later only
 * affects new hashes (and password_needs_rehash reports old ones). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "policy/pack.h"

#define PASSWORD_MAX_BYTES 128    /* after NFKC */
#define PASSWORD_HASH_MAX 128     /* >= crypto_pwhash_STRBYTES */
#define PASSWORD_TEMP_LENGTH 19   /* "xxxx-xxxx-xxxx-xxxx": 16 random characters */

typedef enum PasswordCost {
    PASSWORD_COST_INTERACTIVE, /* default, production */
    PASSWORD_COST_MODERATE,
    PASSWORD_COST_TEST_ONLY,   /* libsodium's minimum: for unit tests, never in production */
} PasswordCost;

/* Sets the cost of new hashes for the whole process. The environment variable
 * LGSEC_TEST_FAST_PASSWORD_HASH=1 selects PASSWORD_COST_TEST_ONLY at first use (for API tests that
 * start the real server); a warning is printed to stderr when it is honoured. */
void password_set_cost(PasswordCost cost);

/* 第59条(3): checks a new password. login_id and name_kana (カタカナ, may be NULL) are what the
 * password must not contain (the kana is also compared as Hepburn romaji: ヤマダ → yamada).
 * Error codes (ST_INVALID, field "password"): password_invalid (bad UTF-8 or control characters),
 * password_too_short (fewer characters than pol->password_min_length, counted as characters),
 * password_too_long (more than PASSWORD_MAX_BYTES bytes), password_common (in the list of common
 * passwords, also ignoring case, trailing digits/symbols and l33t substitutions),
 * password_contains_login_id, password_contains_name, password_trivial (one repeated character or
 * short pattern, a run like abcdef/123456, a keyboard row like qwerty). */
Status password_check_policy(const char *login_id, const char *name_kana_or_null, const char *password,
                             const PackAccountPolicy *pol, Err *e);

/* True when the password (any case, trailing digits/symbols and l33t removed) is a common one. */
bool password_is_common(const char *password);

/* Argon2id hash of the NFKC form of password into out (a "$argon2id$..." string). ST_INVALID
 * (password_invalid) for bad UTF-8 or over PASSWORD_MAX_BYTES; ST_INTERNAL if libsodium fails. */
Status password_hash(const char *password, char out[PASSWORD_HASH_MAX], Err *e);
/* Constant-time verification (libsodium) of password against a stored hash. */
bool password_verify(const char *stored_hash, const char *password);
/* Spends the same time as password_verify against a hash of the current cost, and returns false.
 * Used for unknown login IDs so that they cannot be told apart by timing. */
bool password_verify_dummy(const char *password);
/* How many Argon2id verifications (password_verify and password_verify_dummy) this process has
 * done: the tests prove with it that every sign-in answer — unknown ID, wrong password, locked or
 * disabled account — costs the same one verification (docs/security.md). */
unsigned long password_verifications(void);
/* True when stored_hash was made with other parameters than the current cost. */
bool password_needs_rehash(const char *stored_hash);

/* A new temporary password, PASSWORD_TEMP_LENGTH characters, "xxxx-xxxx-xxxx-xxxx" from an
 * alphabet without look-alikes (no 0/o, 1/l/i), ~79 bits. Caller frees. */
char *password_generate_temporary(void);

/* Random string of n characters from the unambiguous alphabet into out (n+1 bytes). */
void password_random_readable(char *out, size_t n);

/* The embedded list of common passwords (common_passwords.c), lower-case, NULL-terminated. */
extern const char *const common_passwords[];
