/* verdict_log: where 無害化 verdicts are recorded (第25条). Each verdict becomes one JSON line in a
 * log file (opened O_APPEND, created 0600, one write per line so concurrent writers never
 * interleave) and, when a database is configured, one trail entry holding the verdict's hashes,
 * actions and block codes — never the content, file names or addresses.
 * The one place the engine reaches the trail: everything else in src/sanitize depends on core only. */
#pragma once
#include <jansson.h>

#include "core/err.h"
#include "sanitize/verdict.h"
#include "store/db.h"

typedef struct VerdictLog {
    int fd;  /* -1 when no log file */
    Db *db;  /* NULL when no database */
    const char *actor; /* trail actor: "cli" or "mailgate" */
} VerdictLog;

/* Opens the log file (log_path, may be NULL) and the existing, already migrated lgsec database
 * (db_path, may be NULL; a missing file or one without the lgsec schema is refused). Nothing is
 * left open on failure. Close with verdict_log_close. */
Status verdict_log_open(VerdictLog *l, const char *log_path, const char *db_path, const char *actor, Err *e);
void verdict_log_close(VerdictLog *l);

/* Records one verdict: kind is "file" or "mail" (trail action "sanitize.file" / "sanitize.mail").
 * context (borrowed, may be NULL) is added to the log line as "context" (e.g. the SMTP envelope);
 * it does not go to the trail. Does nothing when neither a file nor a database is configured. */
Status verdict_log_record(VerdictLog *l, const char *kind, const Verdict *v, const json_t *context, Err *e);
