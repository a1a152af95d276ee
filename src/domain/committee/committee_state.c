/* committee_state: 委員会 meetings and decisions as the trail records them, for reconciliation
 * (domain/kernel/state.h). A meeting's entries: committee_meeting.create/update (its fields, the
 * 年度 derived from the date) and committee_meeting.hold (state and record_hash laid over them; the
 * frozen record itself is not a column). A decision's: committee_decision.add (the row) and
 * committee_decision.done (state, result, done_on). Attendees and agenda items are recorded under
 * the meeting without their row ids (docs/trail.md "Tables not reconciled"). */
#include "domain/committee/committee.h"
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
