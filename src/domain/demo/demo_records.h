/* demo_records: a few records for デモ市 so the record screens show something true — the 本庁舎
 * サーバー室 kept by 情報政策課 with its list of people allowed in, entries (one on a Saturday without
 * a 時間外立入 request, so it is flagged; one visitor with an escort), a 搬入, work records on the
 * グループウェア (one confirmed by the second operator, one waiting), a failure being handled and a
 * license row. Deterministic: fixed dates in November 2026. */
#pragma once
#include "domain/kernel/kernel.h"

/* Needs the organisation of demo_create and the systems of demo_registers_create. */
Status demo_records_create(Ctx *ctx, Err *e);
