/* Japanese text normalisation: NFKC (utf8proc) so that ＬＧＷＡＮ and LGWAN, ３Ｂ and 3B compare equal,
 * plus removal of spaces between ASCII letters that extraction inserts ("L G W A N"). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* NFKC of s; caller frees. NULL if s is not valid UTF-8. */
char *text_nfkc(const char *s);
/* True if s is valid UTF-8 of at most max_bytes bytes without control characters other than
 * tab/newline (when allow_newlines), and without invisible characters that change how the text is
 * shown: bidi controls, zero-width characters and the other format characters (Unicode category
 * Cf), line/paragraph separators (Zl, Zp), DEL and C1 controls. */
bool text_valid(const char *s, size_t max_bytes, bool allow_newlines);
/* Number of characters (UTF-8 code points) in s. */
size_t text_chars(const char *s);
/* The same check with the limit in characters (UTF-8 code points), the unit people count in: 「200文字」
 * is 200 kanji, not 66. For what people type; text_valid stays for byte-sized buffers. */
bool text_valid_chars(const char *s, size_t max_chars, bool allow_newlines);
/* A LIKE pattern matching s anywhere ("%s%" with %, _ and \ escaped by \; use ESCAPE '\').
 * Caller frees. */
char *text_like_contains(const char *s);
