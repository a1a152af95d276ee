/* irplan_internal: what the files of domain/irplan share (never included from outside). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* *may: the actor may read the plan (irplan.h: irplan.edit/.approve or a current holder of a
 * role of the incident chain). A failed query is an error, never an answer. */
Status irplan_may_read(Ctx *ctx, bool *may, Err *e);
/* irplan_may_read, refusing with 404 plan_not_found. */
Status irplan_need_read(Ctx *ctx, Err *e);
bool irplan_can_edit(const Ctx *ctx);
bool irplan_can_approve(const Ctx *ctx);
/* The id of the version in state ("approved" or "draft"), 0 when there is none. */
Status irplan_version_in_state(Ctx *ctx, const char *state, int64_t *id, Err *e);
/* The plain row of version id with its responses, as the trail records it (ST_NOTFOUND
 * plan_not_found). New reference. */
Status irplan_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* "now" as UTC ISO 8601. */
void irplan_now(const Ctx *ctx, char out[static 21]);
