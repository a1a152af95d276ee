/* rec_license: ソフトウェア・ライセンス台帳 (第76条(2)) — software installed with permission
 * (第76条(1)) and its licenses. Rows come from approved software_install requests (one per request,
 * added by rec_license_sync, which reading the ledger runs first, so an approval shows up without a
 * hook in the request engine) and from manual entry by the 情報セキュリティ管理者 of the 課室 or the
 * system's 情報システム管理者 (or roles.manage). Every signed-in person may read the ledger. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Adds a row for every approved (or completed) software_install request not yet in the ledger, each
 * with its trail entry, in one transaction. *added gets how many. */
Status rec_license_sync(Ctx *ctx, int *added, Err *e);
/* in: software, version, license_kind, license_count (integer >= 0), target, purpose, system_id,
 * unit_id (one of the two required), notes. */
Status rec_license_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* One row / {"items":[…], "synced":n} after rec_license_sync. New reference. */
Status rec_license_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status rec_license_list(Ctx *ctx, json_t **out, Err *e);
