/* incidents: インシデント対応 (第54条–第56条, docs/incidents.md) — reports from 職員等 and, recorded by
 * staff, from residents and outsiders (第55条); the chain of who must be told, derived from the pack
 * (incidents.yaml `chain`) and the registers (the asset's 課室 → its 情報セキュリティ管理者, the
 * system → its 情報システム管理者, the organisation's roles), each told by a notification (link only)
 * and each reading recorded. Owns the tables incidents and incident_recipients. Public header of
 * domain/incidents.
 *
 * Who may read a report: its reporter, every person told of it, and the current holders of the
 * chain's organisation-wide roles (統一的な窓口, CSIRT, 統括, CISO); anyone else gets the same 404 as
 * for a missing id, and lists leave it out. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Files a report and tells the chain, in one transaction with its trail entries. in: title,
 * description, noticed_at (required; not in the future), occurred_at (optional; not after
 * noticed_at), asset_id / system_id / place (at least one), personal_data ("none" | "unknown" |
 * "involved"), personal_data_kinds (pack ids; required exactly when involved), affected_count
 * (optional, only when involved, 1–100000000), source ("staff" default | "resident" | "outsider"),
 * caller_name and caller_contact (required exactly for resident/outsider). By a person only. */
Status incident_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* One report with its chain: the row plus labels, "chain" [{step, label, role, role_label, article,
 * recipients:[{person_id, name, notified_at, seen_at}], vacant, seen, stalled}], "stalled" (any step),
 * and "is_reporter". Opening it as a recipient records the first reading (seen_at, trail
 * incident.seen). 404 incident_not_found for a missing id and for a person who may not read it.
 * New reference. */
Status incident_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* {"items":[…]} newest first. box "mine": the actor's own reports; "chain": the reports the actor is
 * told of or, for the organisation-wide chain roles, all. Items: id, title, state, noticed_at,
 * source, personal_data, unit_name, reporter_name, created_at, seen (the actor's own reading; null
 * when not a recipient). At most 200. New reference. */
Status incident_list(Ctx *ctx, const char *box, json_t **out, Err *e);
/* What the report form offers, from the pack: personal_data kinds, the chain steps, categories,
 * severities, the articles. New reference. */
json_t *incident_options(const Ctx *ctx);
/* For the home page's tasks: *unseen, the open reports the actor was told of and has not opened;
 * *stalled, for holders of the organisation-wide chain roles (CSIRT, 統括, CISO), the open reports
 * with a step nobody opened within the pack's stall hours (or nobody holds), else 0. */
Status incident_work_counts(Ctx *ctx, int64_t *unseen, int64_t *stalled, Err *e);
