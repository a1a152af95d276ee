/* evidence: the content-addressed store of evidence files shared by the modules that keep them
 * (incidents, 監査 第158条). The bytes of a file live once under their SHA-256 in <db>.evidence/
 * (folder 0700, files 0600, written to a temporary name and renamed, never overwritten); reading
 * re-hashes them so that a changed or vanished original is refused rather than served. The store
 * knows nothing of who registered a file or why: each module keeps its own rows (name, size, who,
 * when) and trail entries, and asks here for the bytes. An engine: core only, no database. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The largest evidence file (64 MiB). */
#define EVIDENCE_MAX_BYTES (64u * 1024 * 1024)

/* Checks the size (1 byte – EVIDENCE_MAX_BYTES: evidence_empty / file_too_large on field "file"). */
Status evidence_check_size(size_t len, Err *e);
/* Stores data under its SHA-256 beside the database at db_path; sha gets the hex digest. Bytes kept
 * already are not written again. ST_IO evidence_store_failed. */
Status evidence_put(const char *db_path, const unsigned char *data, size_t len, char sha[static 65], Err *e);
/* The bytes stored under sha (malloc'd into *data, the caller frees), after checking that they are
 * still size bytes hashing to sha: ST_TAMPER evidence_tampered (field "evidence_id") otherwise. */
Status evidence_get(const char *db_path, const char *sha, int64_t size, unsigned char **data, size_t *len, Err *e);
/* For `lgsec backup`: copies <db_path>.evidence/ to <dest_db_path>.evidence/ (0700, files 0600), hashing
 * each file as it is read and its copy as it is re-read; a copy is kept only when both are its name
 * (*copied counts them). No evidence folder: ST_OK, 0. A file whose bytes differ from its name is not
 * copied and, once the others are, ST_TAMPER evidence_tampered names it; an existing destination
 * folder is ST_CONFLICT backup_exists. (evidence_backup.c) */
Status evidence_backup(const char *db_path, const char *dest_db_path, size_t *copied, Err *e);
/* The lower-case hex of a SHA-256 digest. */
void evidence_hex(const unsigned char h[static 32], char out[static 65]);
