/* tasks: the open work the home page shows a person, derived from the current state and their
 * capabilities (not stored): vacant roles (第12条–第21条), sections without a 情報セキュリティ管理者
 * (第16条), locked accounts (第87条), 要判断 assets (第23条6(3)), systems past their support end
 * (第105条(7)), the published 基本方針・対策基準 the person has not acknowledged (第47条(2)), and the
 * periodic duties of the pack the person owns that are due soon or overdue and the 自己点検 of their
 * 課室 still to answer (evaluation). */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* {"items":[{"kind","title","detail","article","link"}], "explanation": "…"} for ctx->actor.
 * New reference in *out. */
Status tasks_for_actor(Ctx *ctx, json_t **out, Err *e);
