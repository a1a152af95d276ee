/* The per-type disarmers behind disarm_file (internal to src/sanitize). Each one either fills out
 * and records removals in v, or blocks v; none of them scans for malware (disarm_file does). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

/* Content sniffing: "pdf", "zip", "ole2", "rtf", "exe", "elf", "text", "markup", "gzip", "7z",
 * "rar", "jpeg", "png", "gif", or "unknown". A "zip" may be refined by ooxml_kind. */
const char *detect_type(const uint8_t *in, size_t n);
/* True for text in ISO-2022-JP: 7-bit, with at least one JIS designation and no escape or control
 * character outside ISO-2022-JP (CP5022x) itself. */
bool iso2022jp_text(const uint8_t *in, size_t n);
/* "odt", "ods", "odp", "odg" (or "odf" for other OpenDocument types) when the ZIP starts with an
 * OpenDocument mimetype member, else NULL. */
const char *odf_kind(const uint8_t *in, size_t n);
/* True when name has no extension or one that fits the detected type. */
bool detect_name_agrees(const char *type, const char *name);
/* The format a file of this detected type is converted from ("doc", "xls", "ppt" for OLE2 by its main
 * stream, "rtf", "odt", "ods", "odp", "xlsb"), or NULL when it is not converted (encrypted OLE2,
 * 一太郎, drawings, everything else). */
const char *detect_convertible(const char *type, const uint8_t *in, size_t n);
/* Blocks v with the reason for a type that has no disarmer (legacy Office, RTF, executables, …). */
void detect_block_unsupported(Verdict *v, const char *type, const uint8_t *in, size_t n);

/* "docx", "docm", "xlsx", "xlsm", "pptx", "pptm", the templates and shows, or NULL when the ZIP is
 * not an OOXML package we handle ("xlsb" and add-ins return their own names to be blocked). */
const char *ooxml_kind(const uint8_t *in, size_t n);
/* True for the kinds ooxml_disarm handles. */
bool ooxml_supported(const char *kind);

/* "jpeg", "png" or "gif" by the bytes, else NULL. */
const char *image_kind(const uint8_t *in, size_t n);
/* Decodes and re-encodes an image of that kind (image.c): out holds the new image, or v is blocked
 * (image_malformed, image_too_large). */
void image_disarm(const char *kind, const uint8_t *in, size_t n, Buf *out, Verdict *v);

void pdf_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v);
void ooxml_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v);
/* csv: comma- and tab-separated cells; otherwise tab-separated cells of plain text. */
void csv_text_disarm(const uint8_t *in, size_t n, bool csv, Buf *out, Verdict *v);
/* Parent-side preparation for zip_disarm (see disarm_prepare). */
void zip_prepare(void);
void zip_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v, unsigned depth);

/* Malware scan of one buffer: blocks v on a match, and per policy when no database is usable. */
void scan_buffer(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Verdict *v);
void scan_prepare(const SanitizePolicy *p);
