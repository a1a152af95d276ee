/* report_lines: the text of the evaluation module's PDF reports (the 監査報告書, the 自己点検の結果の
 * 報告) before src/report draws it — each section a list of owned lines — and the 和暦 dates they print.
 * Internal to domain/evaluation. */
#ifndef LGSEC_DOMAIN_EVALUATION_REPORT_LINES_H
#define LGSEC_DOMAIN_EVALUATION_REPORT_LINES_H

#include <stddef.h>
#include <jansson.h>

/* Lines of one section, owned as strings. */
typedef struct Lines { char **v; size_t n, cap; } Lines;

/* Appends one formatted line, whole (a finding's detail or a note may run to thousands of characters). */
void lines_add(Lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees the lines of n sections. */
void lines_free(Lines *sections, size_t n);

/* The string member k of o, or "" when absent. */
const char *lines_str(const json_t *o, const char *k);

/* "令和8年5月1日" for a day YYYY-MM-DD, or for the JST day of a stored UTC timestamp
 * ("2026-12-07T16:25:00Z" is 令和8年12月8日 in Japan); the text as given when it is neither. */
void lines_wareki(const char *iso, char out[static 48]);

#endif
