/* incident_internal: what the files of domain/incidents share (never included from outside). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "entities/incident_entity.h"

/* The checked input of a report (strings point into the request body). */
typedef struct IncidentInput {
    const char *title, *description, *place, *personal_data, *source, *caller_name, *caller_contact;
    char noticed_at[21], occurred_at[21]; /* UTC ISO 8601; occurred_at "" when not given */
    char kinds[512];                      /* pack ids, comma-separated in pack order; "" unless involved */
    int64_t asset_id, system_id, affected_count; /* 0 = not given */
} IncidentInput;

/* Checks every field of a report (incident_report's contract), refusing the first bad one with its
 * field and label. Looks up the asset and system (existing, the system in use). */
Status incident_input(Ctx *ctx, json_t *in, IncidentInput *out, Err *e);
/* The 課室 the chain starts from: the asset's, else the reporter's. */
Status incident_start_unit(Ctx *ctx, const IncidentInput *in, int64_t *unit, Err *e);
/* The system a step of scope system looks at: the one named, else the asset's (0 when none). */
Status incident_chain_system(Ctx *ctx, const IncidentInput *in, int64_t *system, Err *e);

/* Tells the chain of incident id: for each pack step, the current holders of its role where its scope
 * says (unit for section/department, system), one incident_recipients row and one notification each
 * (a reporter holding the role is recorded as having seen it when reporter_knows); a step without a
 * holder gets a vacant row. Inside the caller's transaction. */
Status incident_chain_notify(Ctx *ctx, int64_t id, int64_t unit, int64_t system, bool reporter_knows, Err *e);
/* incident_report, with the actor as the reporter; reporter_knows false when the actor did not
 * write the report (the mail intake files in the 窓口's name): the actor is then told like anyone. */
Status incident_report_filed(Ctx *ctx, json_t *in, bool reporter_knows, int64_t *id_out, Err *e);
/* *may when the actor may read incident id (see incidents.h); reporter is its reporter. A failed
 * query is an error, never an answer. */
Status incident_may_read(Ctx *ctx, int64_t id, int64_t reporter, bool *may, Err *e);
/* The actor (or person) holds, today, one of roles (n) in any scope. */
Status incident_holds_any(Ctx *ctx, char *const *roles, size_t n, bool *holds, Err *e);
Status incident_person_holds_any(Ctx *ctx, int64_t person, char *const *roles, size_t n, bool *holds, Err *e);
/* The actor holds, today, a role of an organisation-scope chain step (sees every report). */
Status incident_org_chain_member(Ctx *ctx, bool *member, Err *e);
/* The chain of incident id as incident_get shows it; marks the actor's first reading. */
Status incident_chain_json(Ctx *ctx, int64_t id, json_t **out, bool *stalled, Err *e);
/* The row as the trail records it (ST_NOTFOUND incident_not_found). */
Status incident_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Who was told of incident id (or, with violation, of 違反 id), step by step, as the trail records
 * them under the report ("recipients": recipient_id, step, role, person_id, notified_at, seen_at, in
 * row order; a new array). incident_recipient_rows_of keeps, with seen_at, only person's rows read at
 * seen_at (what a reading changed) and, with step, only that step's rows (those a change added). */
Status incident_recipient_rows(Ctx *ctx, int64_t id, bool violation, json_t **out, Err *e);
Status incident_recipient_rows_of(Ctx *ctx, int64_t id, bool violation, int64_t person, const char *seen_at, const char *step,
                                  json_t **out, Err *e);
/* The tasks of incident id, oldest first, with owner and system names. */
Status incident_tasks_json(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* *owner when the actor owns a task of incident id. */
Status incident_task_owner(Ctx *ctx, int64_t id, bool *owner, Err *e);
/* The value of the declared field f (entities/incident_entity.h) in in, checked by its declaration
 * (with the pack's lists): "" when absent, null or "" — the "required" refusal when required (f's
 * EF_REQUIRED, or a rule across fields the caller knows). *out points into in. */
Status incident_text(Ctx *ctx, json_t *in, const EntityField *f, bool required, const char **out, Err *e);
/* The current holders (people, at most cap, *n of them) of role over unit and the units above it
 * (section/department roles), system (system roles) or the organisation. */
Status incident_role_holders(Ctx *ctx, const char *role, int64_t unit, int64_t system, int64_t *people, size_t cap,
                             size_t *n, Err *e);
/* A date and time of the declared field f (JST "YYYY-MM-DDTHH:MM" or UTC with Z) as *t and UTC ISO
 * 8601 in out ("" when absent and f is not EF_REQUIRED). */
Status incident_when(json_t *in, const EntityField *f, int64_t *t, char out[static 21], Err *e);
/* "now" as UTC ISO 8601. */
void incident_now(const Ctx *ctx, char out[static 21]);
/* Where the lessons of incident row go at its closure (incident_follow_up.c): in's review_fiscal_year
 * (*fy, 0 when not given) and change_request_id (*request), at least one; the 年度 from the incident's
 * to next year's with its review not yet held, the request existing and alive. */
Status incident_follow_up_check(Ctx *ctx, const json_t *row, json_t *in, int64_t *fy, int64_t *request, Err *e);
