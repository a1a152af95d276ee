/* rec_failure: 障害記録 (第66条) — a system failure reported by any 職員等, its handling and result
 * (and the problems found), kept by the 統括情報セキュリティ責任者 and the 情報システム管理者.
 * States: reported (報告) → handling (対応中) → resolved (解決); reported → resolved directly when
 * the handling and result are recorded at once. Visible to the reporter and the handlers (the
 * system's manager and operators; roles.manage for failures not tied to a system). */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* in: system_id (optional), title, description, occurred_at. By any person. */
Status rec_failure_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* in: state ("handling" | "resolved"), handling (required), result (required for resolved),
 * problems. By a handler. */
Status rec_failure_update(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* One record / {"items":[…]} newest first, each with "can_handle"; state NULL = all. New reference. */
Status rec_failure_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status rec_failure_list(Ctx *ctx, const char *state, json_t **out, Err *e);
