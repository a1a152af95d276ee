/* Buf: a growable byte string, always NUL-terminated. The owner calls buf_free (or takes the
 * bytes with buf_take and frees them with free()). */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef struct Buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} Buf;

#define BUF_INIT {NULL, 0, 0}

void buf_append(Buf *b, const void *bytes, size_t n);
void buf_puts(Buf *b, const char *s);
/* Makes room for extra more bytes (and the NUL). */
void buf_grow(Buf *b, size_t extra);
static inline void buf_putc(Buf *b, char c)
{
    if (b->len + 2 > b->cap)
        buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_reset(Buf *b);
/* The contents ("" if empty); valid until the next append. */
const char *buf_str(const Buf *b);
/* Hands the malloc'd string to the caller (never NULL) and empties b. */
char *buf_take(Buf *b);
void buf_free(Buf *b);
