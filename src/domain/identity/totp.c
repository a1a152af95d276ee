/* totp: owns TOTP generation/verification (liboath), the provisioning URI and QR code SVG
 * (libqrencode), and recovery code generation/normalisation. No database. */
#include "domain/identity/totp.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/identity/password.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_setup(void)
{
    if (oath_init() != OATH_OK || sodium_init() < 0)
        abort();
}

void totp_new_secret(char out[TOTP_SECRET_B32_LEN + 1])
{
    pthread_once(&oath_once, oath_setup);
    unsigned char key[TOTP_SECRET_BYTES];
    randombytes_buf(key, sizeof key);
    char *b32 = NULL;
    size_t len = 0;
    if (oath_base32_encode((const char *)key, sizeof key, &b32, &len) != OATH_OK)
        abort(); /* only fails on out-of-memory */
    snprintf(out, TOTP_SECRET_B32_LEN + 1, "%s", b32);
    sodium_memzero(key, sizeof key);
    sodium_memzero(b32, len);
    free(b32);
}

char *totp_uri(const char *login_id, const char *secret_b32)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "otpauth://totp/lgsec:");
    for (const unsigned char *p = (const unsigned char *)login_id; *p; p++) {
        if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_')
            buf_putc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    buf_printf(&b, "?secret=%s&issuer=lgsec&algorithm=SHA1&digits=%d&period=%d", secret_b32,
               TOTP_DIGITS, TOTP_PERIOD);
    return buf_take(&b);
}

Status totp_qr_svg(const char *text, char **svg_out, Err *e)
{
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!qr)
        return err_set(e, ST_INTERNAL, "qr_failed", "", "QRコードを作成できませんでした",
                       "could not make the QR code");
    const int quiet = 4, w = qr->width, size = w + 2 * quiet;
    Buf b = BUF_INIT;
    buf_printf(&b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
               "height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\" "
               "aria-label=\"QR code\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
               "<g fill=\"#000\">",
               size, size, size * 6, size * 6, size, size);
    for (int y = 0; y < w; y++) {
        int x = 0;
        while (x < w) {
            if (!(qr->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (qr->data[y * w + x + run] & 1))
                run++;
            buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\"/>", x + quiet,
                       y + quiet, run);
            x += run;
        }
    }
    buf_puts(&b, "</g></svg>");
    QRcode_free(qr);
    *svg_out = buf_take(&b);
    return ST_OK;
}

int64_t totp_step(int64_t t) { return t >= 0 ? t / TOTP_PERIOD : -1; }

Status totp_generate(const void *key, size_t key_len, int64_t t, unsigned digits, char out[9], Err *e)
{
    pthread_once(&oath_once, oath_setup);
    if (digits < 6 || digits > 8 || t < 0)
        return err_set(e, ST_INVALID, "totp_bad_parameters", "", "TOTPの引数が不正です",
                       "invalid TOTP parameters");
    if (oath_totp_generate((const char *)key, key_len, (time_t)t, TOTP_PERIOD,
                           OATH_TOTP_DEFAULT_START_TIME, digits, out) != OATH_OK)
        return err_set(e, ST_INTERNAL, "totp_failed", "", "TOTPの計算に失敗しました",
                       "computing the TOTP failed");
    return ST_OK;
}

/* Keeps the digits of a typed code (full-width digits become ASCII via NFKC; spaces dropped). */
static bool clean_code(const char *typed, char out[TOTP_DIGITS + 1])
{
    if (!text_valid(typed, 64, false))
        return false;
    char *n = text_nfkc(typed);
    if (!n)
        return false;
    size_t k = 0;
    bool ok = true;
    for (const char *p = n; *p && ok; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (!isdigit((unsigned char)*p) || k >= TOTP_DIGITS)
            ok = false;
        else
            out[k++] = *p;
    }
    out[k] = '\0';
    free(n);
    return ok && k == TOTP_DIGITS;
}

bool totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                 int64_t *step_out)
{
    pthread_once(&oath_once, oath_setup);
    char typed[TOTP_DIGITS + 1];
    if (!clean_code(code, typed))
        return false;
    char *key = NULL;
    size_t key_len = 0;
    if (oath_base32_decode(secret_b32, strlen(secret_b32), &key, &key_len) != OATH_OK)
        return false;
    int64_t current = totp_step(now), matched = -1;
    /* Compute every candidate (no early exit) and compare in constant time. */
    for (int64_t s = current - TOTP_WINDOW; s <= current + TOTP_WINDOW; s++) {
        char expected[9];
        if (s < 0 || oath_totp_generate(key, key_len, (time_t)(s * TOTP_PERIOD), TOTP_PERIOD,
                                        OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS,
                                        expected) != OATH_OK)
            continue;
        if (sodium_memcmp(expected, typed, TOTP_DIGITS) == 0 && s > last_step && matched < 0)
            matched = s;
        sodium_memzero(expected, sizeof expected);
    }
    sodium_memzero(key, key_len);
    free(key);
    if (matched < 0)
        return false;
    if (step_out)
        *step_out = matched;
    return true;
}

void totp_recovery_codes(char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1])
{
    for (int i = 0; i < TOTP_RECOVERY_COUNT; i++) {
        char raw[9];
        password_random_readable(raw, 8);
        snprintf(codes[i], TOTP_RECOVERY_LEN + 1, "%.4s-%.4s", raw, raw + 4);
        sodium_memzero(raw, sizeof raw);
    }
}

bool totp_recovery_normalise(const char *typed, char out[TOTP_RECOVERY_LEN + 1])
{
    if (!text_valid(typed, 64, false))
        return false;
    char *n = text_nfkc(typed);
    if (!n)
        return false;
    char chars[9];
    size_t k = 0;
    bool ok = true;
    for (const char *p = n; *p && ok; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (!isalnum((unsigned char)*p) || k >= 8)
            ok = false;
        else
            chars[k++] = (char)tolower((unsigned char)*p);
    }
    free(n);
    if (!ok || k != 8)
        return false;
    snprintf(out, TOTP_RECOVERY_LEN + 1, "%.4s-%.4s", chars, chars + 4);
    return true;
}
