/* ZIP archives in memory with libzip (internal to src/sanitize): reading with the policy's limits
 * (members, expanded size, compression ratio, encryption) and writing a new archive to a Buf. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "core/buf.h"
#include "sanitize/sanitize.h"
#include "sanitize/verdict.h"

/* Opens in[0..n) read-only; NULL when it is not a readable ZIP. */
zip_t *zipmem_open(const uint8_t *in, size_t n);
/* Checks every member against p's limits before anything is expanded; blocks v and returns false
 * on encryption, too many members, a member or total too large, or a bomb-like ratio. */
bool zipmem_check(const SanitizePolicy *p, zip_t *z, Verdict *v);
/* Expands member i into out (replacing its contents); false on a read or CRC error. */
bool zipmem_read(zip_t *z, zip_uint64_t i, Buf *out);

typedef struct ZipWriter {
    zip_source_t *src;
    zip_t *z;
} ZipWriter;

bool zipw_open(ZipWriter *w);
/* Adds a member (the bytes are copied); a name ending in '/' adds a directory. */
bool zipw_add(ZipWriter *w, const char *name, const void *data, size_t n);
/* Writes the archive into out and frees the writer; false (out empty) on failure. */
bool zipw_finish(ZipWriter *w, Buf *out);
void zipw_abandon(ZipWriter *w);
