/* selfcheck_internal: what selfcheck.c shares with selfcheck_auto.c and selfcheck_system.c inside the
 * evaluation module. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

/* lgsec's answer to item for the 課室 unit_id from the owning modules' data: *out = {answer: yes |
 * partly | no, summary, evidence: [text…]}, or NULL when the item has no `auto`. New reference. */
Status selfcheck_auto_answer(Ctx *ctx, const PackSelfCheckItem *item, int64_t unit_id, json_t **out, Err *e);
/* The same for a system item (scope: system) and the system system_id. */
Status selfcheck_system_auto_answer(Ctx *ctx, const PackSelfCheckItem *item, int64_t system_id, json_t **out, Err *e);
/* selfcheck_ids.c: the answer of a system's ID item (第83条(2)(3)・第84条) from the IDs module's published
 * views, as selfcheck_system_auto_answer gives it; *handled false when source is not one of them. */
Status selfcheck_ids_answer(Ctx *ctx, const char *source, int64_t system_id, bool *handled, json_t **out, Err *e);

/* The campaign row: state ("open" | "closed") and fiscal_year (ST_NOTFOUND selfcheck_not_found when absent). */
Status selfcheck_campaign_row(Ctx *ctx, int64_t id, char state[static 8], int *fy, Err *e);
Status selfcheck_not_found(Err *e);
/* Whether item belongs to scope ("section": also items without scope; "system"). */
bool selfcheck_item_in_scope(const PackSelfCheckItem *it, const char *scope);
/* {yes, partly, no, na, unanswered: 0} and adding one to a key of it. */
json_t *selfcheck_counts(void);
void selfcheck_bump(json_t *counts, const char *key);
/* Checks answer (yes | partly | no | na), note (0–2000) and that a note is given when answer differs
 * from computed (lgsec's answer, may be NULL). */
Status selfcheck_check_answer(const char *answer, const char *note, const char *computed, Err *e);
/* Stores one checked answer of a 課室's sheet (system false, scope_id the unit) or a system's sheet
 * (system true, scope_id the system) — target is the sheet's target row — and its trail entry
 * (selfcheck.answer / selfcheck.answer_system), in one transaction. */
Status selfcheck_store_answer(Ctx *ctx, int64_t id, bool system, int64_t scope_id, int64_t target, const char *item_id,
                              const char *answer, const char *note, const char *computed, Err *e);

/* selfcheck_system.c: the systems of a campaign. system_ids (may be NULL: none) checked as new
 * targets of campaign (0: a new campaign): each an active registered system, none twice, none already
 * in the campaign. */
Status selfcheck_systems_check(Ctx *ctx, int64_t campaign, const json_t *system_ids, Err *e);
/* Inserts them (inside the caller's transaction). */
Status selfcheck_systems_insert(Ctx *ctx, int64_t campaign, const json_t *system_ids, Err *e);
/* The systems of the campaign the actor answers for or oversees, each with its counts, also added
 * into by_cat (category → counts; categories of system items are created there). New array. */
Status selfcheck_systems_results(Ctx *ctx, int64_t campaign, const char *state, json_t *by_cat, json_t **out, Err *e);
/* How many of the pack's items are in scope. */
size_t selfcheck_scope_count(const Ctx *ctx, const char *scope);
/* *holds when person_id is today a 情報システム管理者 (system_manager) of system_id. */
Status selfcheck_system_manager_of(Ctx *ctx, int64_t person_id, int64_t system_id, bool *holds, Err *e);
/* Appends the actor's open system sheets to out, as selfcheck_work_for_actor gives them. */
Status selfcheck_system_work(Ctx *ctx, json_t *out, Err *e);

/* selfcheck_org.c: the organisation's results for evaluation.manage — {yes, partly, no, na, unanswered,
 * may_answer, items: [{item_id, question, article, category, answer (or "unanswered"), note}]}, also
 * added into by_cat — or *out NULL for anyone else or a pack without organisation items. */
Status selfcheck_org_results(Ctx *ctx, int64_t id, const char *state, json_t *by_cat, json_t **out, Err *e);
/* For evaluation.manage: appends each open campaign's organisation sheet with unanswered items to out,
 * as selfcheck_work_for_actor gives them. */
Status selfcheck_org_work(Ctx *ctx, json_t *out, Err *e);

/* Improvement actions (第164条) of a 課室's sheet (system false) or a system's (system true), by the
 * sheet's target row, oldest first, with the owner's name. New array. */
Status selfcheck_actions_of(Ctx *ctx, bool system, int64_t target, json_t **out, Err *e);
/* Checks (item it of the sheet's scope, description 1–2000, an active owner, due_on today or later)
 * and adds an action to the sheet's target row, with its trail entry selfcheck.action_add (campaign,
 * unit_id or system_id = scope_id, item, description, owner, due). */
Status selfcheck_action_insert(Ctx *ctx, int64_t id, bool system, int64_t scope_id, int64_t target,
                               const PackSelfCheckItem *it, const char *description, int64_t owner, const char *due_on,
                               int64_t *id_out, Err *e);
/* *yes when the actor answers for system_id's sheet (its 情報システム管理者) or holds evaluation.manage. */
Status selfcheck_system_answers_for(Ctx *ctx, int64_t system_id, bool *yes, Err *e);
