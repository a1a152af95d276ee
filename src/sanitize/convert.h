/* Conversion of legacy and other office formats (.doc/.xls/.ppt, RTF, OpenDocument, .xlsb) to OOXML
 * by LibreOffice headless, so that the result can be disarmed like any OOXML file (第25条(3)).
 *
 * soffice cannot run under the engine's seccomp allow-list (it forks, execs, opens hundreds of files),
 * so it never runs inside the sandboxed child. The exchange is in two passes:
 *   1. the sandboxed child (disarm_file) meets a convertible file that the policy wants converted and
 *      has no conversion for: it blocks that file with conversion_pending and hands its bytes to the
 *      parent as an extra blob named "convert-<from>" (disarm_set_conversion_requests);
 *   2. the parent converts every requested file in a separately confined child (convert_child.c:
 *      own user, network, PID and IPC namespaces, Landlock, a seccomp deny-list, rlimits, a wall-clock
 *      deadline), then runs the sandboxed pass again with the results in p->conversions, found there
 *      by the original's SHA-256. The converted bytes are as untrusted as the original. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "sanitize/sandbox.h"
#include "sanitize/sanitize.h"

#define CONVERT_REQUEST_PREFIX "convert-"
/* At most this many distinct files are converted for one input (a mail, an archive); the rest block. */
#define CONVERT_MAX_FILES 16

typedef struct Conversion {
    uint8_t in_sha[32];     /* SHA-256 of the original */
    char from[8], to[8];    /* "doc" → "docx" */
    bool ok;
    Buf out;                /* the converted file when ok */
    const char *code, *ja, *en; /* why not, when !ok (static strings) */
} Conversion;

typedef struct Conversions {
    Conversion *items;
    size_t n;
    char converter[96]; /* "LibreOffice 7.4.7.2", what did the conversion */
} Conversions;

/* The OOXML format a source format is converted to ("doc" → "docx", "odp" → "pptx", …); NULL when the
 * format is not converted. */
const char *convert_target(const char *from);
/* In the sandboxed child: where disarm_file puts its conversion requests (NULL: nowhere; a file that
 * needs converting is then just blocked). */
void disarm_set_conversion_requests(SandboxOutput *requests);
/* The conversion of these bytes, or NULL. */
const Conversion *conversions_find(const Conversions *c, const uint8_t *in, size_t n);

/* In the parent, after a first pass: when so holds conversion requests, converts them into c (every
 * request gets an entry, failed or not), removes the requests from so and returns true. */
bool convert_requests(const SanitizePolicy *p, SandboxOutput *so, Conversions *c);
void conversions_free(Conversions *c);
/* Removes requests that no pass will answer (a second pass asks for nothing, but its child is not
 * trusted to know that): they must never reach the quarantine. */
void convert_drop_requests(SandboxOutput *so);

/* Runs the converter over files (already written as dir/in/<name>) into dir/out as target ("docx",
 * "xlsx", "pptx"; "version" just asks for the version, into dir/converter.log) with the input filter
 * infilter (LibreOffice's name, e.g. "MS Word 97"), in one confined process; returns false when it
 * could not be started or did not end in time (*timed_out). */
bool convert_run_soffice(const SanitizePolicy *p, const char *dir, const char *infilter, const char *target,
                         char *const *names, size_t n, bool *timed_out);

/* The converter child's confinement, in the order it applies them (exposed for the tests, which check
 * what a confined process can and cannot do): new user/network/PID/IPC/mount namespaces with dir bound
 * over /tmp; then Landlock (reads of program files and fonts, writes beneath scratch) and the seccomp
 * deny-list. Each returns false when it could not be applied. */
bool convert_enter_namespaces(const char *dir);
bool convert_confine(const char *scratch);
