/* selfcheck_internal: what selfcheck.c shares with selfcheck_auto.c inside the evaluation module. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

/* lgsec's answer to item for the 課室 unit_id from the owning modules' data: *out = {answer: yes |
 * partly | no, summary, evidence: [text…]}, or NULL when the item has no `auto`. New reference. */
Status selfcheck_auto_answer(Ctx *ctx, const PackSelfCheckItem *item, int64_t unit_id, json_t **out, Err *e);
