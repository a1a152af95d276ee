/* imports: bringing a register kept in Excel into lgsec — upload (CSV in UTF-8/CP932 or XLSX, read
 * by src/registers), the header mapping the user confirms, a dry run that reports every problem
 * (parsing and the registers' own rules) without writing anything, and the import itself: all rows
 * in one transaction, or none, run in the background with progress. */
#pragma once
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "domain/kernel/kernel.h"

struct Pack;

#define IMPORT_MAX_ERRORS 1000
/* Uploads (docs/security.md, "Uploads"); the pack's uploads: section overrides the first two. */
#define IMPORT_RETENTION_HOURS 24 /* an import is deleted this long after its last change */
#define IMPORT_QUOTA_MIB 128      /* the files of one person's unfinished imports, together */
#define IMPORT_MAX_KEPT 50        /* imports kept per person, finished ones included */

/* Stores the file for target ("assets" | "systems") — after deleting what the retention and
 * IMPORT_MAX_KEPT no longer keep, and within the uploader's quota (ST_LIMIT upload_quota_exceeded) —
 * and answers {"id","format","encoding",
 * "headers","rows","suggested_mapping":{header: field|null},"sample":[[…]…],"fields":[…]}. */
Status imports_upload(Ctx *ctx, const char *target, const char *filename, const unsigned char *data, size_t len,
                      json_t **out, Err *e);
/* mapping: {header: field name | null}. Runs the whole import and rolls it back:
 * {"ok_rows","error_rows","errors":[{"row","column","field","code","detail","detail_en"}…]}. */
Status imports_dry_run(Ctx *ctx, int64_t id, json_t *mapping, json_t **out, Err *e);
/* Starts the import in the background (its own connection, same actor); ST_CONFLICT when it is
 * already running or done. */
Status imports_commit(Ctx *ctx, int64_t id, json_t *mapping, Err *e);
/* Cancels an import that is not running: it and its file are deleted (ST_CONFLICT
 * import_not_pending while it runs). Only the uploader can. */
Status imports_cancel(Ctx *ctx, int64_t id, Err *e);
/* Deletes every import (and its file) not changed for the pack's retention, except running ones.
 * *deleted (may be NULL) gets their number. The server runs it on its schedule. */
Status imports_prune(Db *db, const struct Pack *pack, const Clock *clock, int *deleted, Err *e);
/* {"state","processed","total","created","errors"?}. Only the uploader sees an import. */
Status imports_status(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Waits for running imports to finish (the server calls it before it frees what they use). */
void imports_wait(void);
/* The fields of both registers for forms and the mapping screen: {"assets":[{name,label,label_en,
 * required,type:"text"|"enum"|"level"|"bool"|"unit"|"system"|"date",options,max_chars and multiline (text)}],
 * "systems":[…]}, from the entity declarations; levels are the active pack's. */
json_t *imports_field_lists(const Ctx *ctx);
