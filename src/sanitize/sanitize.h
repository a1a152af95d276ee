/* The 無害化 engine's public entry points and policy (第25条, 第105条). Everything that parses untrusted
 * bytes runs in a sandboxed child (sandbox.h); whatever cannot be made safe is blocked with a reason,
 * never passed through. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "sanitize/verdict.h"

typedef enum AttachmentMode {
    ATTACHMENTS_DROP,       /* listed in the body, not kept */
    ATTACHMENTS_QUARANTINE, /* disarmed, kept in quarantine_dir for release on request */
} AttachmentMode;

typedef enum LinkStyle {
    LINKS_DEFANG,  /* hxxps://example[.]jp/… */
    LINKS_REMOVE,  /* the link text only, the address dropped */
} LinkStyle;

/* What happens to a PDF's link actions to web and mail addresses (others are always removed). */
typedef enum PdfLinks {
    PDF_LINKS_DEFANG, /* the action removed; the address kept as the link's comment, hxxps://example[.]jp/ */
    PDF_LINKS_REMOVE, /* the action removed */
    PDF_LINKS_KEEP,   /* kept clickable */
} PdfLinks;

/* Legacy and other office formats (.doc/.xls/.ppt, RTF, .odt/.ods/.odp, .xlsb). */
typedef enum LegacyFormats {
    LEGACY_BLOCK,   /* blocked, the reason naming the format and what to ask the sender for */
    LEGACY_CONVERT, /* converted to OOXML by LibreOffice headless (convert.h), then disarmed */
} LegacyFormats;

struct Conversions;

typedef struct SanitizePolicy {
    const char *policy_name;     /* named in the X-Lgsec-Sanitized header, e.g. "mic-第25条" */
    size_t max_message_bytes;    /* a larger mail is refused */
    size_t max_file_bytes;       /* a larger file or attachment is blocked */
    unsigned zip_max_depth;      /* nesting of archives inside archives */
    unsigned zip_max_members;
    uint64_t zip_max_total_bytes; /* expanded size of everything in an archive */
    unsigned zip_max_ratio;      /* expanded / compressed, per member */
    bool allow_hyperlinks;       /* keep external hyperlink relationships in OOXML */
    LinkStyle link_style;
    PdfLinks pdf_links;
    AttachmentMode attachments;
    const char *quarantine_dir;  /* where disarmed attachments are kept (ATTACHMENTS_QUARANTINE) */
    const char *release_contact; /* how to ask for a quarantined attachment, shown in the mail body */
    bool output_iso2022jp;       /* mail body charset ISO-2022-JP instead of UTF-8 */
    const char *clamav_db;       /* signature database directory; NULL: see require_malware_scan */
    bool require_malware_scan;   /* without a usable database, block (true) or record "not scanned" */
    unsigned cpu_seconds;        /* per sandboxed child */
    size_t memory_bytes;         /* address-space limit per child */
    unsigned timeout_ms;         /* wall clock per child */
    LegacyFormats legacy_formats;
    const char *converter;       /* soffice to run; NULL: /usr/lib/libreoffice/program/soffice */
    unsigned convert_timeout_ms; /* wall clock (and CPU seconds) per file converted */
    size_t convert_memory_bytes; /* address-space limit of the converter */
    /* Set by the engine between its two passes (convert.h); NULL in a policy a caller builds. */
    const struct Conversions *conversions;
} SanitizePolicy;

/* Defaults: 50 MiB message/file, zip depth 3, 1,000 members, 1 GiB total, ratio 100, hyperlinks
 * kept, defanged links (mail and PDF), attachments dropped, UTF-8, malware scan required, 10 CPU s, 1 GiB, 20 s; legacy formats blocked (the converter,
 * when chosen: 60 s per file, 4 GiB). */
void sanitize_policy_defaults(SanitizePolicy *p);

/* Disarms one file (in a sandboxed child). Returns ST_OK whenever a verdict was produced — blocked
 * included — with *out holding the disarmed bytes unless verdict_blocked(*v). Other statuses only
 * for the caller's own errors (e.g. ST_IO when the sandbox cannot be started). */
Status sanitize_file(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Buf *out,
                     Verdict **v, Err *e);
/* Text-converts one RFC 5322 message (in a sandboxed child); same contract as sanitize_file. With
 * ATTACHMENTS_QUARANTINE, disarmed attachments are written to quarantine_dir by the parent. */
Status sanitize_mail(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict **v, Err *e);

/* A sandboxed worker for many messages (sandbox_worker.h) running the same conversion as
 * sanitize_mail. Loads what the conversion needs first (GMime, converters, ClamAV). */
typedef struct SandboxWorker SandboxWorker;
Status sanitize_mail_worker_start(const SanitizePolicy *p, unsigned max_messages, SandboxWorker **w, Err *e);
/* sanitize_mail in the given worker (started with the same policy); same contract, and ST_IO
 * without a verdict when the worker had already ended. After a blocked verdict, the worker may
 * have ended (sandbox_worker_usable). */
Status sanitize_mail_in(SandboxWorker *w, const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out,
                        Verdict **v, Err *e);

/* The header decoder of mail text conversion, for callers outside the engine: a raw header value
 * (folded or not) to one clean UTF-8 line — RFC 2047 encoded words, also their broken forms, and raw
 * 8-bit or ISO-2022-JP text by detection. In address mode, decoded words become quoted strings so a
 * decoded "," or "<" cannot change an address list. Appends to out. */
void sanitize_header_decode(const char *raw, size_t n, bool address, Buf *out);

/* What a caller needs from a message sanitize_mail produced (mail_fields.c): the sender, the subject,
 * the Message-ID and the body text. Every string is malloc'd, clean UTF-8 ("" when absent);
 * from_addr is one token without spaces, brackets or quotes; subject and from_name are one line. */
typedef struct SanitizedMail {
    char *from_addr, *from_name, *subject, *message_id;
    char *body; /* the text, \n line ends, no control characters other than tab and newline */
} SanitizedMail;
/* Reads the header fields and the text/plain body (7bit or base64, UTF-8 or ISO-2022-JP) of a
 * text-converted message. Never fails: anything it cannot find is "". The input is still treated as
 * untrusted (the sandbox wrote it): every string is cleaned again. Free with sanitized_mail_free. */
void sanitized_mail_parse(const char *msg, size_t n, SanitizedMail *out);
void sanitized_mail_free(SanitizedMail *m);
