/* File disarm (content disarm and reconstruction, 第25条(3)): one file in, its disarmed copy out, or a
 * blocked verdict. Runs in-process: callers put it inside the sandbox (sanitize_file does; the mail
 * converter calls it for attachments inside its own sandboxed child). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

/* Loads what disarm_file needs and cannot load inside the sandbox (the ClamAV engine and its
 * signature database, cached per process and per p->clamav_db; the CP932 converter for ZIP member
 * names). Call it in the parent before
 * sandbox_run; without it the scan counts as unavailable. */
void disarm_prepare(const SanitizePolicy *p);

/* Decides the type from the content, checks the name's extension against it, scans for malware and
 * disarms by type. On success out holds the disarmed bytes and v says what was removed; when
 * verdict_blocked(v), out is empty. depth is the archive nesting (0 for a file as received). */
void disarm_file(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Buf *out, Verdict *v,
                 unsigned depth);
