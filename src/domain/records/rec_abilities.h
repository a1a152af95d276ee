/* rec_abilities: what the acting person may record, so the record screens offer exactly what the
 * create functions then accept — the same permission checks, asked ahead (rec_abilities.c). */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* {"room_units":[{id,name}]  the 課室 the actor may register a server room for, and keep licenses of
 *                            (情報セキュリティ管理者 over them, or roles.manage);
 *  "work_systems":[{id,name}] the systems whose work records and licenses the actor keeps
 *                            (情報システム管理者・担当者, or roles.manage);
 *  "systems":[{id,name}]     every active system (anyone may report a failure of any);
 *  "rooms_kept":[{id,name}]  the server rooms whose book and 搬入出 the actor keeps (rec_room_list's can_keep);
 *  "bringin_for_others":bool the actor manages a 課室, so may record its people's 持ち込み}
 * Units in organisation order, systems by 管理番号. A failed check is an error, never a "no". New
 * reference. */
Status rec_abilities(Ctx *ctx, json_t **out, Err *e);
