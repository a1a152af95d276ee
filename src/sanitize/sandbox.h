/* sandbox: runs a function over untrusted bytes in a forked child with a seccomp allow-list
 * (libseccomp), resource limits (CPU seconds, address space, open files) and a wall-clock timeout.
 * The child can only compute and write its results to a pipe; the parent reads back the main output,
 * any extra blobs (e.g. disarmed attachments for quarantine) and the verdict. A crash, timeout, limit
 * hit or malformed result becomes a blocked verdict — never the input passed through. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

typedef struct SandboxBlob {
    char *name; /* e.g. the attachment's SHA-256 */
    Buf data;
} SandboxBlob;

typedef struct SandboxOutput {
    Buf main;
    SandboxBlob *extra;
    size_t n_extra;
} SandboxOutput;

#define SANDBOX_OUTPUT_INIT {BUF_INIT, NULL, 0}

/* Runs in the child: fills out and v. It must not open files or sockets (seccomp forbids it). */
typedef void (*SandboxFn)(void *arg, SandboxOutput *out, Verdict *v);

/* In a sandboxed child: true when file access is confined (Landlock) to a private scratch directory
 * that is set as TMPDIR and removed by the parent afterwards — what libraries that insist on
 * temporary files (ClamAV) need. False in a child without one (kernel without Landlock): there, all
 * file access fails with EPERM. True outside any sandbox. */
bool sandbox_scratch_usable(void);

void sandbox_output_add(SandboxOutput *o, const char *name, const void *data, size_t n);
void sandbox_output_free(SandboxOutput *o);
/* What is left of a blocked input's output: nothing but its conversion requests (convert.h). */
void sandbox_output_drop_for_block(SandboxOutput *o);

/* Forks, limits the child per p (cpu_seconds, memory_bytes, timeout_ms), runs fn, and collects the
 * result. *v is always set when ST_OK is returned (blocked on any failure of the child, with codes
 * sandbox_crash / sandbox_timeout / sandbox_limit / sandbox_protocol, sandbox_killed when it was ended
 * from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP), sandbox_syscall for a system
 * call outside the allow-list, sandbox_setup when the limits or the filter could not be applied).
 * Files outside the child's scratch directory cannot be opened (EACCES or EPERM). Returns ST_IO
 * only when the child could not be started. */
Status sandbox_run(const SanitizePolicy *p, SandboxFn fn, void *arg, const char *subject, SandboxOutput *out,
                   Verdict **v, Err *e);
