/* entry_json: before/after of a trail entry written exactly as jansson's json_dump_callback
 * (JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS) writes them, without its per-object key array,
 * sort and callback per token (they were most of an append's CPU time: docs/performance.md).
 * Objects, arrays, integers, literals and strings that need no escape are written here; a string
 * or key that needs an escape (or is not valid UTF-8) and every real are handed to jansson, whose
 * output for a sub-value is the same whether dumped alone or inside its parent. test_trail
 * compares the bytes with jansson's dump. */
#include <stdlib.h>
#include <string.h>

#include "trail/trail_internal.h"

size_t trail_utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
        (c == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

static int put_dump(const char *buffer, size_t size, void *data)
{
    buf_append(data, buffer, size);
    return 0;
}

static bool put_jansson(Buf *b, const json_t *v)
{
    return json_dump_callback(v, put_dump, b, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS) == 0;
}

/* True when s[0..len) is valid UTF-8 (as jansson accepts it) with no '"', '\\' or control
 * character, i.e. jansson would copy it between quotes unchanged. */
static bool plain(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            if (c < 0x20 || c == '"' || c == '\\')
                return false;
            p++;
            continue;
        }
        size_t n = trail_utf8_seq_len(p, (size_t)(end - p));
        if (!n)
            return false;
        p += n;
    }
    return true;
}

static bool put_string(Buf *b, const char *s, size_t len)
{
    if (!plain(s, len)) {
        json_t *v = json_stringn_nocheck(s, len);
        bool ok = v && put_jansson(b, v);
        json_decref(v);
        return ok;
    }
    buf_grow(b, len + 2);
    buf_putc(b, '"');
    buf_append(b, s, len);
    buf_putc(b, '"');
    return true;
}

static void put_int(Buf *b, json_int_t i)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (i < 0)
        *--p = '-';
    buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

typedef struct Member {
    const char *key;
    size_t len;
    json_t *value;
} Member;

/* jansson's order for JSON_SORT_KEYS: bytes compared, then the shorter first. */
static int member_cmp(const void *a, const void *b)
{
    const Member *x = a, *y = b;
    int r = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

static bool put_value(Buf *b, const json_t *v, int depth);

static bool put_object(Buf *b, const json_t *v, int depth)
{
    size_t n = json_object_size(v);
    Member small[16], *m = n <= 16 ? small : malloc(n * sizeof *m);
    if (!m)
        return false;
    size_t k = 0;
    for (void *it = json_object_iter((json_t *)v); it && k < n; it = json_object_iter_next((json_t *)v, it))
        m[k++] = (Member){json_object_iter_key(it), json_object_iter_key_len(it), json_object_iter_value(it)};
    qsort(m, k, sizeof *m, member_cmp);
    bool ok = true;
    buf_putc(b, '{');
    for (size_t i = 0; ok && i < k; i++) {
        if (i)
            buf_putc(b, ',');
        ok = put_string(b, m[i].key, m[i].len);
        buf_putc(b, ':');
        ok = ok && put_value(b, m[i].value, depth + 1);
    }
    buf_putc(b, '}');
    if (m != small)
        free(m);
    return ok;
}

static bool put_value(Buf *b, const json_t *v, int depth)
{
    if (depth > 2048) /* jansson's own limit on nesting: let it refuse */
        return put_jansson(b, v);
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return put_object(b, v, depth);
    case JSON_ARRAY: {
        buf_putc(b, '[');
        bool ok = true;
        for (size_t i = 0, n = json_array_size(v); ok && i < n; i++) {
            if (i)
                buf_putc(b, ',');
            ok = put_value(b, json_array_get(v, i), depth + 1);
        }
        buf_putc(b, ']');
        return ok;
    }
    case JSON_STRING:
        return put_string(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        put_int(b, json_integer_value(v));
        return true;
    case JSON_TRUE:
        buf_puts(b, "true");
        return true;
    case JSON_FALSE:
        buf_puts(b, "false");
        return true;
    case JSON_NULL:
        buf_puts(b, "null");
        return true;
    default: /* reals: jansson's formatting */
        return put_jansson(b, v);
    }
}

bool trail_put_json(Buf *b, const json_t *v)
{
    if (!v) {
        buf_puts(b, "null");
        return true;
    }
    return put_value(b, v, 0);
}
