/* asset: the 情報資産台帳 (第5条, 第22条, 第23条). Assets are classified per dimension with the pack's
 * levels; 取扱制限 are derived from the pack for the effective levels (never stored, so never
 * dropped) plus the ones a manager added. The rules of 第23条 are enforced here:
 *   - copies and transmitted copies inherit the source's classification and added restrictions
 *     (第23条3); an asset obtained from another 職員's asset takes the source's (第23条6(1));
 *   - a medium is handled at the highest level of each dimension over itself and what it holds
 *     (第23条7(3)) — computed on read from media_contents, so it is current whenever contents change;
 *   - an unknown dimension is 要判断 (第23条6(3)): it counts as the strictest level until the owning
 *     section's 情報セキュリティ管理者 decides;
 *   - lowering a dimension needs that manager (or an org-wide roles.manage holder) and a reason.
 * Assets are never deleted: 廃棄 is an event that sets disposed_at. Every change is one transaction
 * with its trail entry.
 *
 * Files: asset.c (create, update, decide, copy, restrictions, contents, get, queue),
 * asset_classify.c (levels, ranks, effective classification, derived restrictions, label text,
 * permissions), asset_list.c (list, search, keyset cursor), asset_events.c (lifecycle records). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

#define ASSET_PAGE_MAX 200

typedef struct AssetQuery {
    const char *q;               /* free text, NFKC; words AND-ed; FTS5 trigram (1–2 character words
                                  * via the trigrams they begin; LIKE if those are too many) */
    const char *kind;            /* equipment | medium | information | document; NULL = any */
    int64_t unit_id;             /* 0 = any; else this unit and its 係 */
    const char *confidentiality; /* level id, "pending" (unknown) or NULL = any; same for the others */
    const char *integrity;
    const char *availability;
    int64_t system_id;           /* 0 = any */
    int personal;                /* -1 any, 0 no 個人情報, 1 個人情報 (or 特定個人情報) */
    const char *status;          /* NULL | "pending" | "decided" */
    bool include_disposed;
    const char *sort;            /* "asset_no" (default) | "name" | "updated_at" | "confidentiality" */
    bool desc;
    const char *cursor;          /* next_cursor of the previous page; NULL/"" for the first */
    int limit;                   /* 1..200 (default 50) */
} AssetQuery;

/* {"items":[…],"next_cursor":"…"|null} as JSON text (malloc'd; the caller frees). Items: id,
 * asset_no, name, kind, unit_id, unit_name, confidentiality, integrity, availability (own levels;
 * null = unknown), classification_status, personal_info, specific_personal_info, format,
 * system_id, system_name, updated_at. The cursor is opaque and tied to the sort and direction
 * (ST_INVALID invalid_cursor otherwise). */
Status asset_list(Ctx *ctx, const AssetQuery *q, char **json_out, Err *e);

/* All fields plus "restrictions", "effective", "label_text", "contents" (media), "contained_in",
 * "source", "events", "can_edit", "can_lower". New reference in *out. */
Status asset_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The asset's own row only (what the trail records). New reference. */
Status asset_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* in: asset_no (optional: generated as IA-000001…), name, kind, description, unit_id, holder,
 * storage_place, medium, format (default electronic), volume, system_id, retention, personal_info,
 * specific_personal_info, notes, confidentiality, integrity, availability, classification_reason.
 * Any dimension missing → 要判断 (pending). The actor must be allowed to edit in unit_id. */
Status asset_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* patch: any field of asset_create but asset_no. Changing a dimension needs
 * classification_reason; lowering one (a less strict level, or any level for an unknown one)
 * needs the manager (classification_lowering_forbidden). On a pending asset the status becomes
 * decided when all three dimensions are known and the actor is the manager. */
Status asset_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* 要判断 → decided with all three levels and a reason; only the owning section's manager or a
 * roles.manage holder. */
Status asset_decide(Ctx *ctx, int64_t id, const char *c, const char *i, const char *a, const char *reason,
                    Err *e);
/* in: name, storage_place, medium, holder, transmitted (bool), derived (bool), and optionally
 * asset_no (default <source asset_no>-<n>) and unit_id (default the source's). The new asset
 * inherits classification, status and added restrictions; a 'copy' or 'transmit' event is recorded
 * on the source and a 'create' / 'obtain' event on the new asset. */
Status asset_copy(Ctx *ctx, int64_t source_id, json_t *in, int64_t *id_out, Err *e);
/* Adds a pack restriction (origin added) with a reason; refused when it already applies. */
Status asset_add_restriction(Ctx *ctx, int64_t id, const char *restriction_id, const char *reason, Err *e);
/* Removes an added restriction (manager only, like lowering); a derived one → ST_FORBIDDEN
 * restriction_derived. */
Status asset_remove_restriction(Ctx *ctx, int64_t id, const char *restriction_id, Err *e);
/* Puts content_id on / takes it off the medium medium_id (kind medium; no cycles). The medium's
 * effective classification is computed on read, so it follows at once. */
Status asset_set_contents(Ctx *ctx, int64_t medium_id, int64_t content_id, bool present, Err *e);
/* in: kind (create|obtain|copy|transmit|transport|provide|move|dispose), occurred_at (ISO date or
 * date-time; default now), person_id (default the actor's), details, encrypted (transmit/transport
 * only). transport/provide of 機密性2以上 (any effective level above the scale's lowest) and dispose
 * are stored 許可待ち (approval_status pending). dispose sets disposed_at. */
Status asset_add_event(Ctx *ctx, int64_t id, json_t *in, int64_t *event_id_out, Err *e);
/* {"items":[…]} of 要判断 assets (not disposed) in the units the actor manages (all for
 * roles.manage holders), oldest first. New reference. */
Status asset_pending_queue(Ctx *ctx, json_t **out, Err *e);

/* 分類表示 (第23条4) for an asset as asset_get returns it (uses "effective" and "restrictions"):
 * 「自治体機密性3B・完全性2・可用性2｜複製・配付禁止 暗号化 施錠保管」. Malloc'd; the caller frees. */
Status asset_label_text(Ctx *ctx, const json_t *asset, char **out, Err *e);
/* *may when the actor is the owning 課室's staff, that section's manager, or a roles.manage holder.
 * Like every permission check here, a failed query is an error, never an answer. */
Status asset_may_edit(Ctx *ctx, const json_t *asset, bool *may, Err *e);
/* *may when the actor is the owning section's 情報セキュリティ管理者 (also over its 係) or a
 * roles.manage holder: may lower, decide and remove added restrictions. */
Status asset_may_lower(Ctx *ctx, int64_t unit_id, bool *may, Err *e);

/* Classification helpers over the pack (asset_classify.c). */
/* Rank of a level on a scale; an unknown (NULL) level counts as the strictest. -1 for a level the
 * scale does not have. */
int asset_level_rank(const Ctx *ctx, const char *scale, const char *level);
/* The restrictions the pack derives for the given levels (NULL = unknown = strictest), as
 * [{id,label,short_label,description,article,scale,origin:"derived"}]. New reference. */
json_t *asset_derived_restrictions(const Ctx *ctx, const char *c, const char *i, const char *a);
/* 第23条10–12: a request's decision is the 許可 of the asset's oldest pending event of kind that no
 * decision is linked to yet: it becomes approved or rejected with approval_ref = ref
 * ("request:12"). *linked gets the event's id, 0 when there is none. Inside the caller's
 * transaction. (asset_event_permit.c) */
Status asset_event_permit(Ctx *ctx, int64_t asset_id, const char *kind, bool approved, const char *ref,
                          int64_t *linked, Err *e);
/* asset_may_edit for a unit id: the 課室's staff, its 情報セキュリティ管理者, roles.manage (also the
 * records module's rule for a 課室's records). */
Status asset_may_edit_unit(Ctx *ctx, int64_t unit_id, bool *may, Err *e);

/* Reconciliation with the trail (domain/kernel/state.h). */
extern const StateKind asset_state_kind;
extern const StateKind asset_restriction_state_kind;
extern const StateKind media_content_state_kind;
extern const StateKind asset_event_state_kind;
