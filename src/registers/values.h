/* Value parsers for the import: the ways municipalities write a classification, a yes/no, a kind, a
 * format or a date in their Excel registers, turned into the values the domain stores. Input is any
 * UTF-8 cell text; each parser applies NFKC (３Ｂ = 3B) and trims spaces itself. On a value it cannot
 * read it returns ST_INVALID and fills Err (code, Japanese and English message naming the value);
 * Err.field is left empty for the caller (import.c) to fill. Nothing here allocates unless it says so. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* A choice of an enumerated field: the stored value and the words that mean it. The input is folded
 * (NFKC, spaces removed) and compared ignoring ASCII case, so value, label_ja and words must be
 * NFKC-normal and without spaces themselves (test_registers_io checks the field lists). words is
 * NULL-terminated; label_ja is what the UI shows. */
typedef struct ValueChoice {
    const char *value;
    const char *label_ja;
    const char *const *words;
} ValueChoice;

/* Classification level of one dimension. dimension_ja is 「機密性」「完全性」「可用性」; accepted
 * prefixes are 「自治体」, the dimension name, and 「レベル」/「区分」; letters are upper-cased; the rest
 * must be one of allowed (NULL-terminated level ids of the active pack's scale, e.g.
 * {"3A","3B","3C","2","1"}; NULL = any, the caller checks). 「機密性3B」「3b」「３Ｂ」「自治体機密性3B」 →
 * "3B". 「不明」「未定」「未分類」「要判断」「?」 → *unknown set (the asset goes to the 要判断 queue) with out
 * "". out needs 16 bytes; on a refusal it holds what the cell names when that is short ("機密性4" → "4")
 * so the caller can word the refusal as the domain does. Codes: value_classification. */
Status value_classification(const char *s, const char *dimension_ja, const char *const *allowed, char out[16],
                            bool *unknown, Err *e);

/* ○/◯/有/あり/はい/要/済/1/TRUE/YES/Y/✓ → true; ×/✕/無/なし/いいえ/不要/-/ー/0/FALSE/NO/N/"" → false.
 * Code: value_bool. */
Status value_bool(const char *s, bool *out, Err *e);
/* One of choices (see ValueChoice); *out is the choice's value (static). Code: value_choice. */
Status value_choice(const char *s, const ValueChoice *choices, size_t n, const char **out, Err *e);
/* Dates: 2026/4/1, 2026-04-01, 2026.4.1, 2026年4月1日, R8.4.1, R08/04/01, 令和8年4月1日, 令和元年5月1日,
 * H31.4.30, 平成31年4月30日, S64.1.7, and Excel serial numbers (45748 → 2025-04-01; 1900 system),
 * optionally followed by a time, which is dropped. out gets "YYYY-MM-DD". Code: value_date. */
Status value_date(const char *s, char out[11], Err *e);
/* A non-negative integer (full-width digits, thousands separators, a trailing 件/個/台/部/冊/枚 allowed).
 * Code: value_integer. */
Status value_integer(const char *s, long long *out, Err *e);

/* Excel serial day number → calendar date. date1904: the workbook's 1904 date system. false when the
 * serial is outside 1900-01-01 … 9999-12-31. Fractions (times) are dropped. */
bool excel_serial_to_date(double serial, bool date1904, int *y, int *m, int *d);
/* Removes in place the ASCII characters in `ascii` and the 3-byte UTF-8 characters in wide3
 * (NULL-terminated) from valid UTF-8 s. */
void value_strip(char *s, const char *ascii, const char *const *wide3);
/* NFKC, ASCII upper-case and removal of spaces (ASCII and 全角) of s; caller frees. NULL if s is not
 * valid UTF-8. */
char *value_fold(const char *s);
