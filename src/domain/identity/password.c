/* password: owns the password policy check (第59条), Argon2id hashing/verification and temporary
 * passwords (第88条). Pure functions plus the process-wide hash cost; no database. */
#include "domain/identity/password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define DEFAULT_MIN_LENGTH 12
/* No look-alikes: no 0/o, 1/l/i. 31 characters, ~4.95 bits each. */
static const char readable_alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";

/* ---- cost ---------------------------------------------------------------------------------- */

static pthread_mutex_t cost_lock = PTHREAD_MUTEX_INITIALIZER;
static int cost_current = -1; /* PasswordCost, -1 until first use */
static char dummy_hash[PASSWORD_HASH_MAX];
static int dummy_cost = -1;

static void sodium_ready(void)
{
    if (sodium_init() < 0)
        abort(); /* no usable random source: nothing secure can be done */
}

static PasswordCost cost_get(void)
{
    pthread_mutex_lock(&cost_lock);
    if (cost_current < 0) {
        const char *env = getenv("LGSEC_TEST_FAST_PASSWORD_HASH");
        if (env && strcmp(env, "1") == 0) {
            fprintf(stderr, "lgsec: WARNING: LGSEC_TEST_FAST_PASSWORD_HASH=1 — password hashes "
                            "use the minimum Argon2id cost (tests only)\n");
            cost_current = PASSWORD_COST_TEST_ONLY;
        } else {
            cost_current = PASSWORD_COST_INTERACTIVE;
        }
    }
    PasswordCost c = (PasswordCost)cost_current;
    pthread_mutex_unlock(&cost_lock);
    return c;
}

void password_set_cost(PasswordCost cost)
{
    pthread_mutex_lock(&cost_lock);
    cost_current = (int)cost;
    pthread_mutex_unlock(&cost_lock);
}

static void cost_limits(PasswordCost c, unsigned long long *ops, size_t *mem)
{
    switch (c) {
    case PASSWORD_COST_MODERATE:
        *ops = crypto_pwhash_OPSLIMIT_MODERATE;
        *mem = crypto_pwhash_MEMLIMIT_MODERATE;
        break;
    case PASSWORD_COST_TEST_ONLY:
        *ops = crypto_pwhash_OPSLIMIT_MIN;
        *mem = crypto_pwhash_MEMLIMIT_MIN;
        break;
    case PASSWORD_COST_INTERACTIVE:
    default:
        *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    }
}

/* ---- hashing ------------------------------------------------------------------------------- */

/* NFKC form of password, or NULL for bad UTF-8 / control characters / too long. Caller frees. */
static char *normalise(const char *password)
{
    if (!text_valid(password, PASSWORD_MAX_BYTES * 4, false))
        return NULL;
    char *n = text_nfkc(password);
    if (n && strlen(n) > PASSWORD_MAX_BYTES) {
        sodium_memzero(n, strlen(n));
        free(n);
        return NULL;
    }
    return n;
}

static void free_secret(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

/* ENFORCES: 第88条(1)
 * パスワードは Argon2id のハッシュとしてだけ保存し、平文では残さない。 */
Status password_hash(const char *password, char out[PASSWORD_HASH_MAX], Err *e)
{
    sodium_ready();
    char *n = normalise(password);
    if (!n)
        return err_set(e, ST_INVALID, "password_invalid", "password",
                       "パスワードに使えない文字が含まれているか、長すぎます",
                       "the password contains characters that cannot be used or is too long");
    unsigned long long ops;
    size_t mem;
    cost_limits(cost_get(), &ops, &mem);
    char h[crypto_pwhash_STRBYTES];
    int rc = crypto_pwhash_str(h, n, strlen(n), ops, mem);
    free_secret(n);
    if (rc != 0)
        return err_set(e, ST_INTERNAL, "password_hash_failed", "",
                       "パスワードのハッシュ化に失敗しました (メモリ不足)",
                       "hashing the password failed (out of memory)");
    snprintf(out, PASSWORD_HASH_MAX, "%s", h);
    return ST_OK;
}

/* Argon2id verifications done by this process (password_verifications). */
static _Atomic unsigned long verifications;

unsigned long password_verifications(void) { return verifications; }

bool password_verify(const char *stored_hash, const char *password)
{
    sodium_ready();
    char *n = normalise(password);
    if (!n)
        return password_verify_dummy(""); /* which counts it */
    verifications++;
    bool ok = crypto_pwhash_str_verify(stored_hash, n, strlen(n)) == 0;
    free_secret(n);
    return ok;
}

bool password_verify_dummy(const char *password)
{
    sodium_ready();
    verifications++;
    PasswordCost c = cost_get();
    pthread_mutex_lock(&cost_lock);
    if (dummy_cost != (int)c) {
        unsigned long long ops;
        size_t mem;
        cost_limits(c, &ops, &mem);
        char salt_source[33];
        password_random_readable(salt_source, 32);
        if (crypto_pwhash_str(dummy_hash, salt_source, 32, ops, mem) != 0)
            abort(); /* out of memory */
        dummy_cost = (int)c;
    }
    char h[PASSWORD_HASH_MAX];
    memcpy(h, dummy_hash, sizeof h);
    pthread_mutex_unlock(&cost_lock);
    size_t len = strnlen(password, PASSWORD_MAX_BYTES);
    volatile int sink = crypto_pwhash_str_verify(h, password, len);
    (void)sink;
    return false;
}

bool password_needs_rehash(const char *stored_hash)
{
    sodium_ready();
    unsigned long long ops;
    size_t mem;
    cost_limits(cost_get(), &ops, &mem);
    return crypto_pwhash_str_needs_rehash(stored_hash, ops, mem) != 0;
}

/* ---- temporary passwords ------------------------------------------------------------------- */

void password_random_readable(char *out, size_t n)
{
    sodium_ready();
    for (size_t i = 0; i < n; i++)
        out[i] = readable_alphabet[randombytes_uniform(sizeof readable_alphabet - 1)];
    out[n] = '\0';
}

char *password_generate_temporary(void)
{
    char raw[17];
    password_random_readable(raw, 16);
    char *out = xmalloc(PASSWORD_TEMP_LENGTH + 1);
    snprintf(out, PASSWORD_TEMP_LENGTH + 1, "%.4s-%.4s-%.4s-%.4s", raw, raw + 4, raw + 8, raw + 12);
    sodium_memzero(raw, sizeof raw);
    return out;
}

/* ---- policy -------------------------------------------------------------------------------- */

static void lower_ascii(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static bool in_list(const char *s)
{
    if (!*s)
        return false;
    for (const char *const *w = common_passwords; *w; w++)
        if (strcmp(*w, s) == 0)
            return true;
    return false;
}

/* Removes trailing and leading ASCII digits and symbols in place. */
static void strip_decorations(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (unsigned char)s[n - 1] < 0x80 && !isalpha((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t start = 0;
    while (start < n && (unsigned char)s[start] < 0x80 && !isalpha((unsigned char)s[start]))
        start++;
    memmove(s, s + start, n - start + 1);
}

static void undo_leet(char *s)
{
    static const char from[] = "@4310$57!|+";
    static const char to[] = "aaeiosstilt";
    for (; *s; s++) {
        const char *p = strchr(from, *s);
        if (p && *s)
            *s = to[p - from];
    }
}

bool password_is_common(const char *password)
{
    char *n = text_nfkc(password);
    if (!n)
        return false;
    lower_ascii(n);
    bool common = in_list(n);
    if (!common) {
        char *a = xstrdup(n);
        strip_decorations(a); /* Password123! → password */
        common = in_list(a);
        undo_leet(a);         /* P@ssw0rd2024 → p@ssw0rd → password */
        common = common || in_list(a);
        char *b = xstrdup(n);
        undo_leet(b);         /* p@55w0rd → password */
        common = common || in_list(b);
        strip_decorations(b);
        common = common || in_list(b);
        free_secret(a);
        free_secret(b);
    }
    free_secret(n);
    return common;
}

/* Decodes UTF-8 into code points (ASCII lower-cased). Returns the count; *out malloc'd. */
static size_t decode(const char *s, int32_t **out)
{
    size_t cap = strlen(s) + 1, n = 0;
    int32_t *cps = xmalloc(cap * sizeof *cps);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0)
            break;
        cps[n++] = (cp < 0x80) ? tolower(cp) : cp;
        p += k;
        left -= k;
    }
    *out = cps;
    return n;
}

static bool is_digit_cp(int32_t c) { return c >= '0' && c <= '9'; }

/* Step between two characters, with digits wrapping (…8, 9, 0, 1…). */
static int32_t step_between(int32_t a, int32_t b)
{
    if (is_digit_cp(a) && is_digit_cp(b)) {
        int d = (int)(b - a);
        if (d == -9)
            return 1;
        if (d == 9)
            return -1;
        return d;
    }
    return b - a;
}

static bool keyboard_walk(const char *lower)
{
    static const char *const walks[] = {
        "1234567890-^\\", "qwertyuiop@[", "asdfghjkl;:]", "zxcvbnm,./\\",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
        "qazwsxedcrfvtgbyhnujmik,ol.p;/", NULL,
    };
    size_t n = strlen(lower);
    if (n < 4)
        return false;
    for (const char *const *w = walks; *w; w++) {
        if (strstr(*w, lower))
            return true;
        char rev[64];
        size_t len = strlen(*w);
        for (size_t i = 0; i < len; i++)
            rev[i] = (*w)[len - 1 - i];
        rev[len] = '\0';
        if (strstr(rev, lower))
            return true;
    }
    return false;
}

static bool trivial(const char *normalised)
{
    int32_t *cp;
    size_t n = decode(normalised, &cp);
    bool result = false;
    if (n == 0)
        goto done;
    /* At most two distinct characters: aaaaaaaa, abababab, aaaaaaa1. */
    int32_t first = cp[0], second = -1;
    bool few = true;
    for (size_t i = 1; i < n && few; i++) {
        if (cp[i] == first)
            continue;
        if (second < 0)
            second = cp[i];
        else if (cp[i] != second)
            few = false;
    }
    if (few) {
        result = true;
        goto done;
    }
    /* A pattern repeated: abcabcabc, 12341234, passwordpassword. */
    for (size_t p = 1; 2 * p <= n; p++) {
        bool periodic = true;
        for (size_t i = p; i < n && periodic; i++)
            periodic = cp[i] == cp[i - p];
        if (periodic) {
            result = true;
            goto done;
        }
    }
    /* A run: abcdefgh, 123456789012, 987654321. */
    if (n >= 3) {
        int32_t d = step_between(cp[0], cp[1]);
        bool run = d == 1 || d == -1;
        for (size_t i = 2; i < n && run; i++)
            run = step_between(cp[i - 1], cp[i]) == d;
        if (run) {
            result = true;
            goto done;
        }
    }
    char *lower = xstrdup(normalised);
    lower_ascii(lower);
    result = keyboard_walk(lower);
    free_secret(lower);
done:
    sodium_memzero(cp, n * sizeof *cp);
    free(cp);
    return result;
}

/* Hepburn romaji of katakana/hiragana (ヤマダ → yamada); other characters are dropped.
 * Caller frees. */
static char *kana_to_romaji(const char *kana)
{
    static const char *const table[] = { /* U+30A1 … U+30F4 */
        "a", "a", "i", "i", "u", "u", "e", "e", "o", "o",
        "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",
        "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
        "ta", "da", "chi", "ji", "",   "tsu", "zu", "te", "de", "to", "do",
        "na", "ni", "nu", "ne", "no",
        "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
        "ma", "mi", "mu", "me", "mo",
        "ya", "ya", "yu", "yu", "yo", "yo",
        "ra", "ri", "ru", "re", "ro", "wa", "wa", "i", "e", "o", "n", "vu",
    };
    int32_t *cp;
    size_t n = decode(kana, &cp);
    Buf b = BUF_INIT;
    bool double_next = false;
    for (size_t i = 0; i < n; i++) {
        int32_t c = cp[i];
        if (c >= 0x3041 && c <= 0x3094)
            c += 0x60; /* hiragana → katakana */
        if (c == 0x30C3) { /* ッ */
            double_next = true;
            continue;
        }
        if (c < 0x30A1 || c > 0x30F4)
            continue; /* ー and anything else */
        const char *r = table[c - 0x30A1];
        bool small_y = c == 0x30E3 || c == 0x30E5 || c == 0x30E7;
        bool small_v = c == 0x30A1 || c == 0x30A3 || c == 0x30A5 || c == 0x30A7 || c == 0x30A9;
        if ((small_y || small_v) && b.len > 0 && b.data[b.len - 1] == 'i' && small_y) {
            /* キャ → kya, シャ → sha, チャ → cha, ジャ → ja */
            b.len--;
            bool drop_y = b.len >= 1 && (b.data[b.len - 1] == 'h' || b.data[b.len - 1] == 'j');
            b.data[b.len] = '\0';
            buf_puts(&b, drop_y ? r + 1 : r);
            continue;
        }
        if (small_v && b.len > 0 && strchr("aiueo", b.data[b.len - 1])) {
            b.data[b.len - 1] = r[0]; /* ファ → fa, ティ → ti */
            continue;
        }
        if (double_next && r[0]) {
            buf_putc(&b, r[0] == 'c' ? 't' : r[0]);
            double_next = false;
        }
        buf_puts(&b, r);
    }
    free(cp);
    return buf_take(&b);
}

/* "satou" → "sato", "yuuko" → "yuko": the usual ways a name is written without long vowels. */
static char *collapse_long_vowels(const char *s)
{
    char *out = xstrdup(s);
    size_t w = 0;
    for (size_t r = 0; out[r]; r++) {
        if (w > 0 && (out[r] == 'u' && (out[w - 1] == 'o' || out[w - 1] == 'u')))
            continue;
        if (w > 0 && out[r] == 'i' && out[w - 1] == 'i')
            continue;
        out[w++] = out[r];
    }
    out[w] = '\0';
    return out;
}

static bool contains_name(const char *lower_pw, const char *name_kana)
{
    char *kana = text_nfkc(name_kana);
    if (!kana)
        return false;
    bool found = false;
    char *save = NULL;
    for (char *part = strtok_r(kana, " \t", &save); part && !found;
         part = strtok_r(NULL, " \t", &save)) {
        int32_t *cp;
        size_t chars = decode(part, &cp);
        free(cp);
        if (chars >= 2 && strstr(lower_pw, part))
            found = true;
        char *romaji = kana_to_romaji(part);
        char *shortened = collapse_long_vowels(romaji);
        if (strlen(romaji) >= 3 && strstr(lower_pw, romaji))
            found = true;
        if (strlen(shortened) >= 3 && strstr(lower_pw, shortened))
            found = true;
        free(romaji);
        free(shortened);
    }
    free(kana);
    return found;
}

/* ENFORCES: 第59条(3) pack: pack.accounts.password_min_length
 * パックの最小文字数より短いパスワード、よく使われるもの、単純なもの、ログインIDや氏名を含むものを拒否する。 */
Status password_check_policy(const char *login_id, const char *name_kana_or_null, const char *password,
                             const PackAccountPolicy *pol, Err *e)
{
    int min = pol && pol->password_min_length > 0 ? pol->password_min_length : DEFAULT_MIN_LENGTH;
    if (!text_valid(password, PASSWORD_MAX_BYTES * 4, false))
        return err_set(e, ST_INVALID, "password_invalid", "password",
                       "パスワードに使えない文字 (制御文字など) が含まれています",
                       "the password contains characters that cannot be used (control characters)");
    char *n = text_nfkc(password);
    if (!n)
        return err_set(e, ST_INVALID, "password_invalid", "password",
                       "パスワードの文字コードが正しくありません", "the password is not valid UTF-8");
    Status st = ST_OK;
    char *lower = xstrdup(n);
    lower_ascii(lower);
    int32_t *cp;
    size_t chars = decode(n, &cp);
    free(cp);
    if (strlen(n) > PASSWORD_MAX_BYTES) {
        st = err_setf(e, ST_INVALID, "password_too_long", "password",
                      "パスワードが長すぎます (%d バイトまで)", "the password is too long (at most %d bytes)",
                      PASSWORD_MAX_BYTES);
    } else if (chars < (size_t)min) {
        st = err_setf(e, ST_INVALID, "password_too_short", "password",
                      "パスワードは %d 文字以上にしてください (第59条)",
                      "the password must have at least %d characters (article 59)", min);
    } else if (login_id && strlen(login_id) >= 3 && strcasestr(lower, login_id)) {
        st = err_set(e, ST_INVALID, "password_contains_login_id", "password",
                     "パスワードにログインIDを含めないでください (第59条)",
                     "the password must not contain the login ID (article 59)");
    } else if (name_kana_or_null && *name_kana_or_null && contains_name(lower, name_kana_or_null)) {
        st = err_set(e, ST_INVALID, "password_contains_name", "password",
                     "パスワードに氏名を含めないでください (第59条)",
                     "the password must not contain your name (article 59)");
    } else if (password_is_common(n)) {
        st = err_set(e, ST_INVALID, "password_common", "password",
                     "よく使われる推測されやすいパスワードです。別のものにしてください (第59条)",
                     "this is a common, easily guessed password; choose another (article 59)");
    } else if (trivial(n)) {
        st = err_set(e, ST_INVALID, "password_trivial", "password",
                     "同じ文字の繰り返しや連続した文字列 (aaaa, 1234, qwerty など) は使えません (第59条)",
                     "repeated characters or sequences (aaaa, 1234, qwerty …) are not allowed (article 59)");
    }
    free_secret(lower);
    free_secret(n);
    return st;
}
