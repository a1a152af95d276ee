/* irplan: 緊急時対応計画 (第125条–第128条, docs/emergency-plan.md) — the plan as a structured document
 * in versions: what to report (第126条(2)), the responses per incident category of the pack
 * (第126条(3)), 再発防止 (第126条(4)), and the contacts (第126条(1)) read live from the 緊急連絡網
 * (第13条8) and the role register, never copied. One draft at a time, written by those with
 * irplan.edit (CSIRT, 統括); the CISO (irplan.approve) approves it, and it becomes
 * the current plan; the one before is kept read-only. A review is due (第128条) when its review date
 * has come, when roles or the organisation changed after the approval, or when the pack has a
 * category the plan has no response for. Drills (第52条, training's) are recorded against a version
 * and a category's part. Owns irplan_versions, irplan_responses, irplan_drills. Public header of
 * domain/irplan.
 *
 * Who reads: holders of irplan.edit or .approve and the current holders of any role of the
 * incident chain (incidents.yaml chain, csirt_roles, decision_roles); anyone else gets 404
 * plan_not_found, as for a missing version. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* {"items":[{id, version_no, state, title, review_on, created_by_name, created_at, approved_by_name,
 * approved_at, superseded_at}]} newest first, "current_id" (null when none approved), "draft_id",
 * "can_edit", "can_approve". New reference. */
Status irplan_versions_list(Ctx *ctx, json_t **out, Err *e);
/* Version id (0: the current one; 404 plan_not_found when none is approved) with its text,
 * "responses" [{category, label, label_en, first_response, recovery, report_to, prevention}] in pack
 * order (null texts where the version has no response for a category), "contacts" (irplan_contacts),
 * "drills" (irplan_drills_json), "review" (irplan_review, for the current version only, else null),
 * can_edit, can_approve. New reference. */
Status irplan_version_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Starts the next draft, a copy of the current version (or empty, with today + 1 year as review date,
 * when none is approved). irplan.edit; 409 plan_draft_exists when there is a draft. */
Status irplan_draft_create(Ctx *ctx, int64_t *id_out, Err *e);
/* Replaces the draft's text. in: title (1–200), purpose, report_items, external_contacts,
 * general_response, prevention (≤ 4000 each), change_note (≤ 1000), review_on (YYYY-MM-DD, not before
 * today, at most 3 years on), responses [{category (pack id, once each), first_response (1–4000),
 * recovery, report_to (≤ 2000), prevention}] (replaces all). Only the keys given change; a bad field
 * writes nothing. irplan.edit; 409 plan_not_draft for an approved version. */
Status irplan_draft_update(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* Approves the draft (第125条): it needs what to report, 再発防止 and a response for every category of
 * the pack (409 plan_incomplete names the first gap). The current version becomes superseded. By
 * irplan.approve, never by the draft's author (separation_of_duties). */
Status irplan_approve(Ctx *ctx, int64_t id, Err *e);
/* The contacts of 第126条(1), live: {"emergency" [緊急連絡網: order, role, label, person_id, name,
 * unit_name, title, phone, mobile, email], "chain" [{step, label, article, role, role_label, scope,
 * holders [{person_id, name, phone}] (organisation-wide steps; the others are resolved per incident
 * from its 課室 or system)}]}. New reference. */
Status irplan_contacts(Ctx *ctx, json_t **out, Err *e);
/* Why the current plan must be reviewed (第128条): {"due": bool, "reasons": [{kind: none | review_date
 * | roles | organisation | category, ja, en, since?, category?}]}. New reference. */
Status irplan_review(Ctx *ctx, json_t **out, Err *e);
/* For the home page: *due is 1 when the actor has irplan.edit or .approve and a review is
 * due (or no plan is approved), else 0. */
Status irplan_review_count(Ctx *ctx, int64_t *due, Err *e);
/* The part of the current plan for incident incident_id's category (the incident must be readable by
 * the actor: 404 incident_not_found otherwise): {"plan": {id, version_no, title, approved_at} or null
 * when none is approved, "category", "label", "response" {first_response, recovery, report_to,
 * prevention} or null (not triaged yet, or no response for it), "report_items", "contacts"}. A
 * person who may read the incident reads its part of the plan. New reference. */
Status irplan_incident_part(Ctx *ctx, int64_t incident_id, json_t **out, Err *e);
/* Records drill_id (training's) as exercising version id (approved or superseded, 409 plan_not_approved
 * for a draft) and optionally one category's part. in: drill_id, category (pack id or null). By
 * training.manage or irplan.edit; a drill once (409 drill_already_linked). */
Status irplan_drill_link(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* [{drill_id, title, held_on, participants, open_findings, findings, category, label, linked_at}] of
 * version id, newest drill first. New reference. */
Status irplan_drills_json(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The printed plan of version id (0: current): an A4 PDF in Japanese, 和暦 dates (approval, review,
 * the day printed), the live contacts as of printing. *data malloc'd (caller frees). */
Status irplan_pdf(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, Err *e);
