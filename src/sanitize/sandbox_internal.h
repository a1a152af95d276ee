/* What sandbox.c (one child per input) and sandbox_worker.c (a child reused for many inputs) share:
 * the child's confinement, the result framing, and how a child's end becomes a verdict. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "sanitize/sandbox.h"

/* In the child: descriptors (results to wfd as fd 3, requests from rfd as fd 4 when rfd >= 0,
 * everything else closed), rlimits (RLIMIT_CPU soft = cpu_seconds, hard = cpu_hard when larger),
 * Landlock to scratch (may be NULL) and the seccomp filter. Exits the child when any of it fails. */
void sandbox_child_setup(const SanitizePolicy *p, size_t vm_bytes, const char *scratch, int wfd, int rfd,
                         unsigned cpu_hard);
/* In the child: writes the framed result to fd 3, preceded by its length (u64) when
 * length_prefixed. Exits the child when the pipe is gone. */
void sandbox_child_write_result(const SandboxOutput *out, const Verdict *v, bool length_prefixed);

/* In the parent. */
size_t sandbox_vm_bytes(void);
size_t sandbox_result_limit(const SanitizePolicy *p);
bool sandbox_make_scratch(char dir[512]);
void sandbox_remove_scratch(const char *dir);
/* Parses one framed result (without the length prefix); on failure out is emptied. */
bool sandbox_parse_result(const Buf *r, SandboxOutput *out, Verdict **v);
/* The blocked verdict for a child that ended with this wait status; NULL for exit status 0. */
Verdict *sandbox_status_verdict(const char *subject, int status);
Verdict *sandbox_blocked(const char *subject, const char *code, const char *ja, const char *en);
