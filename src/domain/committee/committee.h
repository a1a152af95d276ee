/* committee: 情報セキュリティ委員会 (第19条) — its members from the role register (the pack's roles.yaml
 * `committee`: the CISO chairs), meetings with date, place, attendees (members and guests), agenda
 * items that put reports before the committee by reference (自己点検 第163条, 監査報告 第158条, the
 * 年度's incident figures, the 研修 report 第51条7, the 第16条の3 readiness report, 例外措置, the
 * policy review), the proceedings, and decisions linked to what they decide (a policy version, an
 * audit plan, an exception) or instructions: tasks with an owner and a due date until done. Holding
 * a meeting freezes its record; its SHA-256 goes into the trail. The 議事録 is a PDF (report/minutes).
 * Who: committee.manage (the chair and the secretariat) edits; committee.read (the members) reads;
 * the owner of an instruction reads its meeting; anyone else gets committee_meeting_not_found.
 * Owns committee_meetings, committee_attendees, committee_agenda, committee_decisions; reads people
 * and roles through org's views and the linked reports through their modules' public functions.
 * Public header of domain/committee. */
#pragma once
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* {"article", "chair":{person_id, name, role_label}|null, "members":[{person_id, name, unit_name,
 * roles:[label…]}] (people holding a member role today, by kana), "may_manage"}. Members only. */
Status committee_members(Ctx *ctx, json_t **out, Err *e);

/* Schedules a meeting: body {title (1–200), meets_on (a date, from a year ago), starts_at ("HH:MM",
 * optional), place (0–200)}; its 年度 follows the date. committee.manage. */
Status committee_meeting_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e);
/* Changes the same fields of a scheduled meeting (committee_meeting_held once held). */
Status committee_meeting_update(Ctx *ctx, int64_t id, json_t *body, Err *e);
/* {"items":[{id, fiscal_year, title, meets_on, starts_at, place, state, agenda, decisions,
 * open_instructions}]}, newest first. Members only. */
Status committee_meetings_list(Ctx *ctx, json_t **out, Err *e);
/* One meeting with attendees, agenda (each with the link that opens its report), decisions (with the
 * link of what they decide, owner and due date) and may_manage. */
Status committee_meeting_get(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* body {person_id} (someone holding a member role today) or {guest_name (1–100), guest_affiliation
 * (0–200)}. Scheduled meetings only. */
Status committee_attendee_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e);
Status committee_attendee_remove(Ctx *ctx, int64_t meeting_id, int64_t attendee_id, Err *e);

/* body {kind, ref_id | ref_year, title (0–200; default from the kind), note (0–4000)}: kind selfcheck
 * (ref_id: a self-check campaign), audit (ref_id: an audit), incident_stats and training_report
 * (ref_year: a 年度), readiness, exceptions, policy_review (ref_id: an annual review), other (title
 * required). The reference must exist and be readable by the actor. Scheduled meetings only. */
Status committee_agenda_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e);
Status committee_agenda_remove(Ctx *ctx, int64_t meeting_id, int64_t agenda_id, Err *e);

/* Holds the meeting: body {minutes (1–20000)}; at least one attendee and one agenda item. The record
 * is frozen and its SHA-256 is written to the trail with it (record_hash). */
Status committee_meeting_hold(Ctx *ctx, int64_t id, json_t *body, Err *e);

/* A decision of a held meeting: body {kind, text (1–4000), agenda_id?, ref_id?, owner_person_id?,
 * due_on?}: kind policy_version (ref_id: a policy version), audit_plan (ref_id: an audit),
 * exception (ref_id: an 例外措置 request), training_plan (ref_id: the 年度 whose 研修計画 it approves, 第51条:
 * once, and only with courses; training_plan_empty, training_plan_approved), instruction (owner_person_id: an active person, due_on:
 * today or later; a task on the owner's home page until done), other. */
Status committee_decision_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e);
/* Records an instruction as done with its result (1–4000): its owner or committee.manage. */
Status committee_decision_done(Ctx *ctx, int64_t decision_id, const char *result, Err *e);
/* 第51条: the decision approving 年度 fy's 研修計画 (kind training_plan, ref_id the 年度) as {decision_id,
 * meeting_id, meets_on, meeting_title, text}, or *out NULL when it is not approved yet. The training
 * screens show it (no rights: that a plan was approved is not secret). */
Status committee_training_plan_approval(Ctx *ctx, int fy, json_t **out, Err *e);

/* The actor's open instructions, for the home page: {"items":[{decision_id, meeting_id, meeting_title,
 * text, due_on, overdue}]}. */
Status committee_work_for_actor(Ctx *ctx, json_t **out, Err *e);

/* The 議事録 of a meeting as PDF (和暦); *pdf is malloc'd (caller frees). */
Status committee_minutes_pdf(Ctx *ctx, int64_t id, unsigned char **pdf, size_t *len, Err *e);

/* Meetings and decisions as the trail records them, for `lgsec trail verify` (committee_state.c). */
extern const StateKind committee_meeting_state_kind;
extern const StateKind committee_decision_state_kind;
extern const StateKind committee_attendee_state_kind;
extern const StateKind committee_agenda_state_kind;
