/* asset_internal: what the asset_*.c files share and nobody else needs (see assets.h). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The pack role that answers for a 課室's assets (第23条1, 第16条). */
#define ASSET_MANAGER_ROLE "section_security_manager"
/* confidentiality_rank of an unknown level: above every pack rank (1–1000), as it is handled as
 * the strictest. */
#define ASSET_RANK_UNKNOWN 1001

/* The three scales in the order of the columns and of the label. */
extern const char *const asset_dims[3];

/* Id of the strictest level of a scale (NULL if the pack has no such scale). */
const char *asset_strictest_level(const Ctx *ctx, const char *scale);
/* True when level (NULL = unknown = strictest) is above the scale's lowest: 「機密性2以上」. */
bool asset_level_above_lowest(const Ctx *ctx, const char *scale, const char *level);
/* confidentiality_rank for a confidentiality level (NULL → ASSET_RANK_UNKNOWN). */
int asset_sort_rank(const Ctx *ctx, const char *confidentiality);
/* True when the pack derives restriction_id for the effective levels eff (NULL = unknown). */
bool asset_restriction_derived(const Ctx *ctx, const char *restriction_id, const char *const eff[3]);
/* The restrictions that apply, in pack order: derived for eff, else added (rows {restriction_id,
 * reason}). New reference. */
json_t *asset_restrictions_json(const Ctx *ctx, const char *const eff[3], json_t *added);

/* Effective levels of an asset (第23条7(3)): per dimension the strictest over the asset and, for a
 * medium, everything it holds (transitively, disposed contents excluded). An unknown level anywhere
 * makes the dimension unknown (NULL in eff, unknown[d] true) — handled as the strictest. eff[d]
 * points into the pack. */
Status asset_effective(Ctx *ctx, int64_t id, const char *eff[3], bool unknown[3], Err *e);
/* Rewrites the asset's row in assets_fts from its current columns (NFKC). Inside a transaction. */
Status asset_fts_sync(Ctx *ctx, int64_t id, Err *e);
/* ST_NOTFOUND asset_not_found for id, with field. */
Status asset_not_found(Err *e, int64_t id, const char *field);
/* ST_OK when the actor may read the asset (access.h); otherwise asset_not_found with field, as for
 * an asset that does not exist (no existence leak). */
Status asset_require_readable(Ctx *ctx, int64_t id, const char *field, Err *e);
/* The lifecycle records of an asset, oldest first, with person_name, kind_label and
 * approval_label (許可待ち …). New reference. */
Status asset_events_of(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Appends the trail entry `action` (under the event's asset) recording the lifecycle record
 * event_id as stored, with row_id = its id (asset_row_state.c compares it). Inside a transaction. */
Status asset_event_record(Ctx *ctx, int64_t event_id, const char *action, Err *e);
