/* totp: the second factor (第24条(3), 第38条(4)) — RFC 6238 TOTP through liboath (SHA-1, 6 digits,
 * 30 s), the otpauth:// URI and its QR code as a self-contained SVG (libqrencode), and single-use
 * recovery codes. Pure functions; the account module stores secrets, steps and code hashes. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_SECRET_B32_LEN 32 /* base32 of 20 bytes, no padding */
#define TOTP_DIGITS 6
#define TOTP_PERIOD 30
#define TOTP_WINDOW 1          /* accept the previous and the next 30 s step too */
#define TOTP_RECOVERY_COUNT 10
#define TOTP_RECOVERY_LEN 9    /* "xxxx-xxxx" */

/* A new random secret (20 bytes from libsodium) in base32 into out. */
void totp_new_secret(char out[TOTP_SECRET_B32_LEN + 1]);

/* "otpauth://totp/lgsec:LOGIN?secret=…&issuer=lgsec&digits=6&period=30". Caller frees. */
char *totp_uri(const char *login_id, const char *secret_b32);

/* The QR code of text as an SVG document (rects on a white background with a quiet zone, no
 * external resources, no scripts). *svg_out is malloc'd; caller frees. */
Status totp_qr_svg(const char *text, char **svg_out, Err *e);

/* The code for raw key at Unix time t with `digits` digits (6–8) into out (>= 9 bytes). SHA-1,
 * 30 s steps from 0 (RFC 6238). */
Status totp_generate(const void *key, size_t key_len, int64_t t, unsigned digits, char out[9], Err *e);

/* The 30 s step number of time t. */
int64_t totp_step(int64_t t);

/* Verifies a 6-digit code (spaces and full-width digits allowed) for the base32 secret at time now,
 * accepting steps now-1 … now+1 (TOTP_WINDOW) but only those greater than last_step (replay
 * protection: a code, or an older one, cannot be used twice). On success *step_out (optional) is
 * the matched step, which the caller stores as the new last_step. */
bool totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                 int64_t *step_out);

/* TOTP_RECOVERY_COUNT new random codes "xxxx-xxxx" (unambiguous alphabet, ~40 bits each). */
void totp_recovery_codes(char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1]);
/* Canonical form of a typed recovery code (case, spaces, full-width, missing hyphen) into out;
 * false when it cannot be one. */
bool totp_recovery_normalise(const char *typed, char out[TOTP_RECOVERY_LEN + 1]);
