/* rec_work: 作業記録 (第63条) — work done on an information system: what, when, whether the
 * configuration changed (then the check that the security measures are still adequate is required,
 * 第63条2). Every record needs a second person who confirms the work (第63条3: 2名以上で作業し、互いに
 * その作業を確認): a confirmation by the record's author is refused with two_person_rule (the rule
 * is separation_check's, 第20条). Written, confirmed and read by the system's 情報システム管理者 and
 * 情報システム担当者 (and roles.manage). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* in: system_id, title, description, started_at, ended_at, config_changed, security_review. The
 * author is the acting person. */
Status rec_work_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* recorded → confirmed by another person who may keep the system's records. in: comment. */
Status rec_work_confirm(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* One record / {"items":[…], "unconfirmed":n} newest first (system_id 0 = every system the actor
 * may see; only_unconfirmed keeps the ones waiting for a confirmation). New reference. */
Status rec_work_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status rec_work_list(Ctx *ctx, int64_t system_id, bool only_unconfirmed, json_t **out, Err *e);
