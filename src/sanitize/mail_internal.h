/* Shared by the mail text conversion files (mail*.c, html_text.c, tnef.c); not a public API. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "sanitize/defang.h"
#include "sanitize/sandbox.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

/* ---- header decoding (mail_header.c) ---- */
/* Decodes a raw header value (folded or not) to one clean UTF-8 line: RFC 2047 encoded words, also
 * the broken forms (inside words, split mid-character across words, base64 split off quantum),
 * and raw 8-bit or ISO-2022-JP text by detection. In address mode, decoded words become quoted
 * strings so a decoded "," or "<" cannot change the address list. */
void header_decode(const char *raw, size_t n, bool address, Buf *out);
/* Decodes base64 text (whitespace and other characters skipped, padding ends a quantum), appending
 * the bytes to out. */
void base64_decode_append(const char *t, size_t n, Buf *out);
/* A parameter of a Content-Type / Content-Disposition value (RFC 2231 sections and charsets, RFC
 * 2047 words quoted or not, raw 8-bit text); malloc'd UTF-8, NULL when absent. */
char *header_param(const char *raw, const char *name);

/* ---- header encoding (mail_encode.c) ---- */
/* Appends "Field: value\r\n", folded, with RFC 2047 B words (UTF-8 or ISO-2022-JP) when the value
 * is not plain ASCII. */
void header_put_text(Buf *out, const char *field, const char *utf8, bool iso2022jp);
/* One display name as an RFC 5322 phrase (quoted or encoded). */
void header_put_phrase(Buf *out, const char *utf8, bool iso2022jp);
/* A body as base64 (UTF-8 or ISO-2022-JP handled by the caller) in 76-column lines. */
void base64_lines(Buf *out, const uint8_t *data, size_t n);

/* ---- links (mail_link.c) ---- */
/* link_defang (LINKS_DEFANG) is in defang.h. */
/* Copies text, defanging (or with LINKS_REMOVE replacing) every URL and e-mail address found in it;
 * returns how many were changed. */
unsigned text_defang(const char *text, size_t n, LinkStyle style, Buf *out);

/* ---- HTML (html_text.c) ---- */
typedef struct HtmlStats {
    unsigned scripts; /* script, style, iframe, object, embed … dropped */
    unsigned links;   /* links made unclickable */
    unsigned images;  /* images replaced by their alt text */
    unsigned forms;   /* form controls dropped */
} HtmlStats;
/* Readable text of an HTML document (UTF-8 in): paragraphs, line breaks, lists and tables kept. */
void html_to_text(const char *utf8, size_t n, LinkStyle style, Buf *out, HtmlStats *st);
/* The charset named in <meta charset> or <meta http-equiv content="…; charset=…"> in the first
 * bytes of an HTML document; false when none. */
bool html_meta_charset(const uint8_t *p, size_t n, char *name, size_t cap);

/* ---- attachments (mail_attach.c) ---- */
typedef struct MailAttachment {
    char *name; /* UTF-8, cleaned; "" when the sender gave none */
    char *type; /* media type, lower case */
    uint8_t *data;
    size_t len;
    char *via;  /* "winmail.dat" when it came out of a TNEF container, else NULL */
} MailAttachment;

typedef struct MailParts {
    Buf text; /* the body text, UTF-8 with \n line ends */
    MailAttachment *att;
    size_t n_att, cap_att;
    unsigned texts;      /* body parts used */
    unsigned html;       /* of which converted from HTML */
    HtmlStats stats;
    unsigned text_links; /* URLs defanged in plain text */
    bool too_deep;       /* MIME nesting beyond the limit */
    bool unreadable;     /* encrypted or otherwise unreadable body content */
} MailParts;

void mail_parts_add_attachment(MailParts *mp, const char *name, const char *type, const uint8_t *data,
                               size_t n, const char *via);
void mail_parts_free(MailParts *mp);
/* Appends the attachment list to the body; disarms and quarantines (sandbox blobs) or drops each
 * attachment per policy; records one child verdict per attachment. */
void mail_attachments_finish(const SanitizePolicy *p, MailParts *mp, SandboxOutput *out, Verdict *v);

/* ---- TNEF (tnef.c) ---- */
typedef void (*TnefFileFn)(void *arg, const char *name, const uint8_t *data, size_t n);
/* Calls fn for each file inside a TNEF (winmail.dat) container; name is UTF-8 ("" if none).
 * Returns false when the container is malformed (files found before the fault are reported). */
bool tnef_extract(const uint8_t *p, size_t n, TnefFileFn fn, void *arg);
