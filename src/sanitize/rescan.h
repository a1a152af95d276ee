/* rescan: what the 原本取り出し (release of a quarantined original, docs/sanitize.md) needs from the
 * engine — the original's malware scan with the signatures installed now, in the sandbox, and the age
 * of that signature database (第105条(5), 第106条(2): パターンファイルを常に最新に). */
#pragma once
#include <stdint.h>

#include "core/err.h"
#include "sanitize/sanitize.h"

/* Scans in (named name) with p->clamav_db in a sandboxed child; nothing else is done to it. *v (the
 * caller frees) is blocked with `malware` (and the signature's name) when a signature matches, with
 * `malware_scan_unavailable` when there is no usable database and p->require_malware_scan, or with a
 * sandbox code. ST_IO only when the child could not be started. */
Status sanitize_rescan(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Verdict **v, Err *e);

/* When the signature database in dir was built: the newest build time in the headers of its ClamAV
 * .cvd/.cld files, or (a database of plain signature files, as a local mirror may hold) the newest
 * modification time of its files. Unix seconds in *built_at. ST_NOTFOUND when dir has no signature
 * file. */
Status signature_db_built_at(const char *dir, int64_t *built_at, Err *e);
