/* charset: bytes in the charsets Japanese mail really arrives in, to UTF-8 and back. Labels are
 * trusted only when the bytes agree with them: a missing, generic (us-ascii, iso-8859-1) or wrong
 * label is replaced by detection (ISO-2022-JP escapes, valid UTF-8, then Shift_JIS vs EUC-JP by
 * structure and by how Japanese the text looks). ISO-2022-JP is decoded by our own state machine
 * with the CP50220/CP50221/CP50222 extensions (half-width kana, NEC row 13, NEC-selected IBM rows)
 * because glibc has no CP50221 converter. Nothing here fails: undecodable bytes become U+FFFD.
 * The converters are opened once per thread; charset_prepare() opens them ahead of a fork into a
 * sandbox where the gconv modules can no longer be loaded. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Opens the converters and builds the encoder table (idempotent, per thread). */
void charset_prepare(void);

/* Appends the UTF-8 text of in (labelled `label`, NULL when unknown) to out; returns the charset
 * actually used ("UTF-8", "ISO-2022-JP", "CP932", "EUC-JP", "US-ASCII" or the label's iconv name). */
const char *charset_to_utf8(const char *label, const void *in, size_t n, Buf *out);
/* The charset the bytes look like, or NULL when none of the Japanese ones nor UTF-8 fits cleanly. */
const char *charset_detect(const void *in, size_t n);

bool utf8_valid(const void *in, size_t n);
/* Appends s with invalid sequences replaced by U+FFFD and C0/C1 controls other than tab (and CR
 * and LF when keep_newlines; else LF becomes a space), and bidirectional overrides, dropped (they spoof file names and headers). */
void utf8_clean(const void *in, size_t n, bool keep_newlines, Buf *out);
/* Decodes one UTF-8 character at *p (advancing it); U+FFFD on an invalid sequence. */
uint32_t utf8_next(const uint8_t **p, const uint8_t *end);
void utf8_put(Buf *out, uint32_t cp);

/* ISO-2022-JP with CP5022x extensions (and JIS X 0212) to UTF-8. */
void iso2022jp_decode(const uint8_t *in, size_t n, Buf *out);
/* UTF-8 to ISO-2022-JP as CP50220 writes it: half-width kana become full-width, NEC and IBM
 * extended characters use their JIS rows, anything else outside JIS X 0208 becomes 〓. Ends in
 * ASCII mode. */
void iso2022jp_encode(const char *utf8, size_t n, Buf *out);
