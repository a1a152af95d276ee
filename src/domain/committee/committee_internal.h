/* committee_internal: what the files of domain/committee share — who may read and edit, the checks
 * of text and dates, and the state of a meeting. Internal to the module. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* committee_meeting_not_found (the answer to anyone who may not read it, too). */
Status cm_not_found(Err *e);
/* ST_OK for committee.manage; forbidden otherwise. */
Status cm_require_manage(const Ctx *ctx, Err *e);
/* ST_OK for a member (committee.read); committee_meeting_not_found otherwise. */
Status cm_require_member(const Ctx *ctx, Err *e);
/* The meeting's state ("scheduled" | "held") into state; committee_meeting_not_found when missing. */
Status cm_meeting_state(Ctx *ctx, int64_t id, char state[static 16], Err *e);
/* ST_OK when meeting id exists and is still scheduled (committee_meeting_held otherwise). */
Status cm_require_scheduled(Ctx *ctx, int64_t id, Err *e);
/* A text member of body: required (non-empty) when required, at most max characters, no control
 * characters but line breaks when lines. *out is borrowed ("" when absent). */
Status cm_text(const json_t *body, const char *field, const char *label, size_t max, bool required, bool lines,
               const char **out, Err *e);
/* An optional integer member: *out 0 when absent or null; bad_value when not a positive integer. */
Status cm_id(const json_t *body, const char *field, const char *label, int64_t *out, Err *e);
/* *yes: person_id holds a member role of the pack's committee today. */
/* An attendee's (or agenda item's) row as the trail records it under the meeting
 * (committee_meeting.attendee_add / agenda_add), keyed "attendee_id" ("agenda_id"). */
Status cm_attendee_row(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status cm_agenda_row(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status cm_is_member(Ctx *ctx, int64_t person_id, bool *yes, Err *e);
/* The agenda item kinds and their labels; NULL for an unknown kind. */
const char *cm_agenda_label(const char *kind);
/* The link that opens the report an agenda item puts before the committee (a page or a file). */
void cm_agenda_link(const char *kind, int64_t ref_id, int64_t ref_year, char *out, size_t cap);
/* The decision kinds' labels; NULL for an unknown kind. */
const char *cm_decision_label(const char *kind);
/* The link of what a decision decides ("" when none). */
void cm_decision_link(const char *kind, int64_t ref_id, char *out, size_t cap);
