/* Mail text conversion (メールテキスト化, 第25条(1)): an RFC 5322 message in, a new text/plain
 * message out that keeps only From, To, Cc, Date, Subject, Message-ID, In-Reply-To and References
 * (decoded and re-encoded), adds X-Lgsec-Sanitized, and carries the readable text: the text/plain
 * alternative, or the HTML rendered as text with links made unclickable. Attachments are never
 * forwarded: they are listed at the end of the body, and dropped or (ATTACHMENTS_QUARANTINE)
 * disarmed and handed to the parent as sandbox blobs named by the disarmed bytes' SHA-256. TNEF
 * (winmail.dat) containers are opened and their files treated as attachments. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "sanitize/sandbox.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

/* Loads GMime and the charset converters. Call before forking into a sandbox (they read files);
 * mail_convert calls it itself when run in-process. Thread-safe, idempotent. */
void mail_prepare(void);

/* Pure computation over in[0..n): fills out->main (CRLF line ends) and, with quarantine, out's
 * extra blobs; records everything in v. Blocks v (and leaves out->main empty) when the message is
 * larger than p->max_message_bytes (mail_too_large), is not a message (mail_unparseable) or nests
 * MIME parts too deeply (mail_too_deep). */
void mail_convert(const SanitizePolicy *p, const uint8_t *in, size_t n, SandboxOutput *out, Verdict *v);
