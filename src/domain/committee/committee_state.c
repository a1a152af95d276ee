/* committee_state: 委員会 meetings and decisions as the trail records them, for reconciliation
 * (domain/kernel/state.h). A meeting's entries: committee_meeting.create/update (its fields, the
 * 年度 derived from the date) and committee_meeting.hold (state and record_hash laid over them; the
 * frozen record itself is not a column). A decision's: committee_decision.add (the row) and
 * committee_decision.done (state, result, done_on). Attendees and agenda items are recorded under
 * the meeting with their row ids (attendee_add / agenda_add: the row as stored; *_remove: the id
 * removed); entries written before recorded the request without the id (docs/trail.md "Old trails"). */
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "domain/kernel/kernel.h"

static Status meeting_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"fiscal_year", "title", "meets_on", "starts_at", "place", "state",
                                       "record_hash", NULL};
    return row_by_id(ctx->db,
                   "SELECT fiscal_year, title, meets_on, starts_at, place, state, record_hash FROM committee_meetings"
                   " WHERE id = ?",
                   cols, "isssssS", id, out, e);
}

static const char *const meeting_actions[] = {"committee_meeting.create", "committee_meeting.update", NULL};
static const char *const meeting_merged[] = {"committee_meeting.hold", NULL};
const StateKind committee_meeting_state_kind = {
    .object_type = "committee_meeting",
    .table = "committee_meetings",
    .ids_sql = "SELECT id FROM committee_meetings ORDER BY id",
    .full_actions = meeting_actions,
    .merge_actions = meeting_merged,
    .get = meeting_state,
};

static Status decision_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"meeting_id", "agenda_id", "kind",  "ref_id", "text", "owner_person_id",
                                       "due_on",     "state",     "result", "done_on", NULL};
    return row_by_id(ctx->db,
                   "SELECT meeting_id, agenda_id, kind, ref_id, text, owner_person_id, due_on, state, result, done_on"
                   " FROM committee_decisions WHERE id = ?",
                   cols, "iIsIsISssS", id, out, e);
}

static const char *const decision_actions[] = {"committee_decision.add", NULL};
static const char *const decision_merged[] = {"committee_decision.done", NULL};
const StateKind committee_decision_state_kind = {
    .object_type = "committee_decision",
    .table = "committee_decisions",
    .ids_sql = "SELECT id FROM committee_decisions ORDER BY id",
    .full_actions = decision_actions,
    .merge_actions = decision_merged,
    .get = decision_state,
};

Status cm_attendee_row(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"attendee_id", "meeting_id", "person_id", "guest_name", "guest_affiliation", NULL};
    return row_by_id(ctx->db,
                     "SELECT id, meeting_id, person_id, guest_name, guest_affiliation FROM committee_attendees WHERE id = ?",
                     cols, "iiIss", id, out, e);
}

Status cm_agenda_row(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"agenda_id", "meeting_id", "position", "kind", "ref_id", "ref_year", "title", "note", NULL};
    return row_by_id(ctx->db,
                     "SELECT id, meeting_id, position, kind, ref_id, ref_year, title, note FROM committee_agenda WHERE id = ?",
                     cols, "iiisIIss", id, out, e);
}

static const char *const attendee_actions[] = {"committee_meeting.attendee_add", NULL};
static const char *const attendee_removed[] = {"committee_meeting.attendee_remove", NULL};
static const char *const attendee_key[] = {"attendee_id", NULL};
const StateKind committee_attendee_state_kind = {
    .object_type = "committee_meeting",
    .table = "committee_attendees",
    .ids_sql = "SELECT id FROM committee_attendees ORDER BY id",
    .full_actions = attendee_actions,
    .remove_actions = attendee_removed,
    .id_keys = attendee_key,
    .legacy_rows = true,
    .get = cm_attendee_row,
};

static const char *const agenda_actions[] = {"committee_meeting.agenda_add", NULL};
static const char *const agenda_removed[] = {"committee_meeting.agenda_remove", NULL};
static const char *const agenda_key[] = {"agenda_id", NULL};
const StateKind committee_agenda_state_kind = {
    .object_type = "committee_meeting",
    .table = "committee_agenda",
    .ids_sql = "SELECT id FROM committee_agenda ORDER BY id",
    .full_actions = agenda_actions,
    .remove_actions = agenda_removed,
    .id_keys = agenda_key,
    .legacy_rows = true,
    .get = cm_agenda_row,
};
