/* Verdict: the record of what the 無害化 engine did to one input (第25条). One JSON object per input,
 * with children for archive members and mail attachments:
 *   {"subject": "見積書.pdf", "type": "pdf", "action": "disarmed" | "clean" | "blocked",
 *    "input": {"sha256": "…", "bytes": N}, "output": {"sha256": "…", "bytes": N} (absent when blocked),
 *    "removed": ["PDF obj 12: /OpenAction JavaScript", …],
 *    "notes": ["…"],
 *    "blocked": {"code": "encrypted_zip", "ja": "…", "en": "…"} (only when blocked),
 *    "converted": {"from": "doc", "to": "docx", "by": "LibreOffice 7.4.7.2"} (only when converted),
 *    "children": [ {…}, … ], "timings_ms": {"parse": 1.2, "total": 3.4}}
 * A verdict is built in the sandboxed child and travels to the parent as JSON (verdict_to_json /
 * verdict_from_json). Blocking is sticky: once blocked, a verdict stays blocked, and the first reason
 * is kept. A child's block does not block its parent by itself: the caller decides (an archive
 * with a blocked member is blocked; a mail with a blocked attachment is still delivered as text). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct Verdict Verdict;

Verdict *verdict_new(const char *subject);
void verdict_free(Verdict *v);
/* The type decided from the content, e.g. "pdf", "docx", "xlsm", "csv", "text", "zip", "mail". */
void verdict_set_type(Verdict *v, const char *type);
/* Records that the input was converted (convert.h) before it was disarmed: from and to are formats
 * ("doc", "docx"), by names the converter and its version. */
void verdict_set_conversion(Verdict *v, const char *from, const char *to, const char *by);
/* The format it was converted to, or NULL. */
const char *verdict_converted_to(const Verdict *v);
/* SHA-256 and size of the bytes that came in / went out. */
void verdict_set_input(Verdict *v, const void *data, size_t n);
void verdict_set_output(Verdict *v, const void *data, size_t n);
/* One dangerous element removed, object by object. */
void verdict_removed(Verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A neutral fact worth recording (e.g. "CSV: 3 cells prefixed with '"). */
void verdict_note(Verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Blocks the input: no output may be produced for it. Only the first reason is kept. */
void verdict_block(Verdict *v, const char *code, const char *ja, const char *en);
bool verdict_blocked(const Verdict *v);
const char *verdict_block_code(const Verdict *v); /* "" when not blocked */
/* "clean" (nothing removed), "disarmed" (something removed) or "blocked". */
const char *verdict_action(const Verdict *v);
/* A member or attachment; owned by v (freed with it). */
Verdict *verdict_add_child(Verdict *v, const char *subject);
size_t verdict_child_count(const Verdict *v);
Verdict *verdict_child(const Verdict *v, size_t i);
/* Adds ms to timings_ms[phase]. */
void verdict_add_timing(Verdict *v, const char *phase, double ms);
/* Compact one-line JSON; caller frees. */
char *verdict_to_json(const Verdict *v);
/* Parses verdict_to_json's output (the sandbox's parent side). NULL with e set on malformed JSON. */
Verdict *verdict_from_json(const char *json, size_t len, Err *e);
/* Monotonic milliseconds, for timings. */
double verdict_now_ms(void);
