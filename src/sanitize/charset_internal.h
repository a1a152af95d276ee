/* Shared between charset.c and charset_jis.c only. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Converts with iconv (from `name` to UTF-8), replacing bad bytes by U+FFFD; returns the number of
 * replacements (non-zero as well when the converter is unavailable). */
size_t iconv_append(const char *name, const uint8_t *in, size_t n, Buf *out);
/* Builds the Unicode → JIS X 0208 (with NEC/IBM rows) table for the encoder. */
void jis_table_prepare(void);
