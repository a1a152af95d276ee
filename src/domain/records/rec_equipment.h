/* rec_equipment: 機器等の搬入出記録 (第36条) — equipment carried into or out of a server room, with
 * the 職員 who witnessed it (第36条(2): a 職員, so not a 委託事業者要員; the article does not require
 * the witness to differ from the person recording) and, for 搬入, the check of its impact on the
 * existing systems made beforehand (第36条(1), required). Kept by the room's keepers (rec_room.h). */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* in: direction ("in" | "out"), equipment, carried_by, moved_at, witness_person_id, impact_check
 * (required for "in"), system_id, notes. */
Status rec_move_create(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e);
/* One move / {"items":[…]} of a room, newest first. New reference. */
Status rec_move_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status rec_move_list(Ctx *ctx, int64_t room_id, json_t **out, Err *e);
