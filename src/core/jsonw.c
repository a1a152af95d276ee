/* jsonw: streaming JSON output (see jsonw.h). */
#include "core/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the separator a new value needs at the current level. */
static void separate(JsonWriter *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->any[w->depth])
        buf_putc(&w->out, ',');
    w->any[w->depth] = true;
}

static void open_level(JsonWriter *w, char c)
{
    separate(w);
    buf_putc(&w->out, c);
    if (w->depth + 1 >= JSONW_MAX_DEPTH)
        abort(); /* a programming error: lgsec never nests this deep */
    w->any[++w->depth] = false;
}

void jw_object_begin(JsonWriter *w) { open_level(w, '{'); }
void jw_array_begin(JsonWriter *w) { open_level(w, '['); }

void jw_object_end(JsonWriter *w)
{
    w->depth--;
    buf_putc(&w->out, '}');
}

void jw_array_end(JsonWriter *w)
{
    w->depth--;
    buf_putc(&w->out, ']');
}

static void escaped(Buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        buf_append(b, run, (size_t)((const char *)p - run));
        run = (const char *)p + 1;
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
            buf_puts(b, u);
        }
        }
    }
    buf_puts(b, run);
    buf_putc(b, '"');
}

void jw_key(JsonWriter *w, const char *key)
{
    separate(w);
    escaped(&w->out, key);
    buf_putc(&w->out, ':');
    w->after_key = true;
}

void jw_string(JsonWriter *w, const char *s)
{
    separate(w);
    escaped(&w->out, s);
}

void jw_int(JsonWriter *w, int64_t v)
{
    separate(w);
    char num[24];
    int n = snprintf(num, sizeof num, "%" PRId64, v);
    buf_append(&w->out, num, (size_t)n);
}

void jw_bool(JsonWriter *w, bool v)
{
    separate(w);
    buf_puts(&w->out, v ? "true" : "false");
}

void jw_null(JsonWriter *w)
{
    separate(w);
    buf_puts(&w->out, "null");
}

void jw_raw(JsonWriter *w, const char *json, size_t len)
{
    separate(w);
    buf_append(&w->out, json, len);
}

char *jw_take(JsonWriter *w)
{
    JsonWriter empty = {0};
    char *text = buf_take(&w->out);
    *w = empty;
    return text;
}

void jw_free(JsonWriter *w) { buf_free(&w->out); }
