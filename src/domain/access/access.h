/* access: need-to-know reads (第22条, 第23条) — who may read which entries of the 情報資産台帳 and the
 * 情報システム台帳, by the pack's rule (roles.yaml `visibility`, policy/pack.h PackVisibility). The one
 * place the rule is applied: the assets and systems modules put reach_*_where into every list,
 * total, search and export query, and ask access_*_readable before showing, changing or copying
 * one entry; requests ask the same before an asset or system becomes a request's object or field.
 * An entry the reader may not read answers exactly as a missing one does (asset_not_found,
 * system_not_found): no existence leak.
 *
 * A reader reads an entry when
 *   - they are the local operator (CLI, init --demo: no account, no person), or hold a role of
 *     visibility.all_roles; or
 *   - it is owned (assets.unit_id, systems.owner_unit_id) within their own 課室 (the section of the
 *     unit they sit in, so staff of a 係 read their 課's entries), or within a unit they hold a role
 *     of visibility.unit_roles over; or
 *   - it is a system they hold a role of visibility.system_roles for, or an asset processed by one; or
 *   - it is open: an asset whose effective confidentiality is below visibility.restricted_from (a
 *     medium counts at the strictest level of what it holds, 第23条7(3); 要判断 counts as the
 *     strictest, 第23条6(3)), or a system none of whose assets in use is restricted.
 * Reads org_units, media_contents, assets and systems in SQL (the known debt of cross-module reads,
 * docs/architecture.md); writes nothing. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* What one reader reaches. The strings are JSON arrays (bound as SQL parameters, read with
 * json_each). Filled by reach_load; freed by reach_free. */
typedef struct Reach {
    bool all;          /* reads every entry */
    char *open_levels; /* confidentiality level ids below the pack's restricted_from */
    char *units;       /* unit ids whose entries (and their sub-units') the reader reads */
    char *systems;     /* system ids the reader reads (with the assets they process) */
} Reach;

/* The parameters a reach_*_where fragment takes, in order from its first index. */
#define REACH_PARAMS 3

/* The reach of ctx's actor. Without a pack (only while activating the first one) a person reads
 * nothing restricted. A failed query is an error, never a wider reach. */
Status reach_load(Ctx *ctx, Reach *r, Err *e);
void reach_free(Reach *r);

/* " AND (…)" that keeps the rows of `assets <alias>` (or `systems <alias>`) the reach reads, with
 * its parameters numbered ?first … ?first+2: bind params[i] (text) at first + i. When r->all the
 * fragment is "" and *n is 0. Malloc'd; the caller frees. */
char *reach_assets_where(const Reach *r, const char *alias, int first, const char *params[REACH_PARAMS], int *n);
char *reach_systems_where(const Reach *r, const char *alias, int first, const char *params[REACH_PARAMS], int *n);

/* The ids of the systems the reach reads, as a JSON array (malloc'd; the caller frees), or NULL when
 * it reads every system: for naming an asset's system only where the system itself may be read. */
Status reach_readable_systems(Ctx *ctx, const Reach *r, char **json_out, Err *e);

/* *readable when the asset (system) exists and ctx's actor may read it. */
Status access_asset_readable(Ctx *ctx, int64_t asset_id, bool *readable, Err *e);
Status access_system_readable(Ctx *ctx, int64_t system_id, bool *readable, Err *e);
