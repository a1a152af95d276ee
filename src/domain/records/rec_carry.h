/* rec_carry: 持ち出し及び持ち込みの記録 (第43条). 持ち出し is a view over the take_out requests
 * (what, who, when out, when due, when back = completed), an approved one whose return_due has
 * passed without the return being recorded is flagged overdue. 持ち込み (a terminal or medium brought
 * into the office) has its own rows: the article asks for both, and a 持ち込み has no request in the
 * pack. Visible to the person concerned, the 情報セキュリティ管理者 of their 課室 (who keeps the
 * record) and holders of roles.manage. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* {"items":[{request_id, state, asset_id, asset_no, asset_name, requester_person_id, requester_name,
 * unit_id, unit_name, destination, purpose, out_at, return_due, returned_at, overdue}], "overdue":n}
 * newest first; only_overdue keeps the overdue ones. New reference. */
Status rec_takeout_list(Ctx *ctx, bool only_overdue, json_t **out, Err *e);
/* in: person_id (default: the actor), item, purpose, in_at (required), request_id (optional: the
 * 第42条 permission). By the person or the manager of their 課室. */
Status rec_bringin_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* Records that the item was taken away again (out_at, default now). */
Status rec_bringin_out(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* One row / {"items":[…]} newest first, with names. New reference. */
Status rec_bringin_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status rec_bringin_list(Ctx *ctx, json_t **out, Err *e);
