/* pack_store: which policy pack version is in force, recorded in the database (pack_versions,
 * migration 0004_pack.sql). Activating a pack validates it, stores its exact files and makes it the
 * one active version; loading the active pack re-validates the stored files and checks their digest. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "policy/pack.h"
#include "store/db.h"

typedef struct PackVersionInfo {
    int64_t id;            /* pack_versions.id */
    char pack_id[64];
    char version[64];
    char digest[65];
    char activated_at[32]; /* UTC ISO 8601 */
} PackVersionInfo;

/* Validates the files (ST_INVALID with the first problem in e when they are not a valid pack; use
 * pack_load_sources first to get every problem), records them as a new pack version at time now and
 * marks it the only active one. Inside a transaction of the caller it joins that transaction, and
 * the caller appends the trail entry ("pack.activate", with the returned info as `after`) and
 * commits; without one it runs in its own transaction (and no trail entry is written).
 * info (optional) receives the new version's identity. */
Status pack_store_activate(Db *db, const PackSource *files, size_t n, int64_t now, Err *e);
Status pack_store_activate_info(Db *db, const PackSource *files, size_t n, int64_t now,
                                PackVersionInfo *info, Err *e);

/* Loads the active pack (caller frees with pack_free). ST_NOTFOUND when none was activated;
 * ST_TAMPER when the stored files no longer match their digest or no longer validate. */
Status pack_store_load_active(Db *db, Pack **out, Err *e);

/* The active version's identity without loading it. ST_NOTFOUND when none. */
Status pack_store_active_info(Db *db, PackVersionInfo *info, Err *e);

/* How the trail viewer (domain/history) names a pack version: takes the id, returns the name, no
 * code and the id (domain/kernel/state.h, NameQuery). */
#define PACK_VERSION_NAME_SQL "SELECT pack_id || ' ' || version, NULL, id FROM pack_versions WHERE id = ?"

/* A pack version as the trail records it ("pack.activate": id = the pack's id, version, digest,
 * activated_at, row_id = pack_versions.id), for reconciliation (domain/packs). digest is the digest
 * of the stored files when they no longer match the stored one, so an edit of either shows. Which
 * version is active is not included: the next activation changes it, and its entry is about the new
 * version. ST_NOTFOUND when there is no such row. */
Status pack_store_version_state(Db *db, int64_t id, json_t **out, Err *e);
#define PACK_VERSION_IDS_SQL "SELECT id FROM pack_versions ORDER BY id"
