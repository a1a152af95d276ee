/* demo: デモ市, the deterministic demo municipality created by `lgsec init --demo` — a realistic
 * organisation (市長部局 with its 部 and 課, 教育委員会, 議会事務局, 行政委員会 …), about 300
 * people, and the pack's roles filled as a municipality fills them (CISO = 副市長, 統括 = 総務部長
 * (情報政策担当), each 部長 as 情報セキュリティ責任者, each 課長 as 情報セキュリティ管理者 …) — except
 * デジタル推進課, whose 課長 post is vacant, so the home page has a real task to show.
 * The same input always gives the same data, so tests can rely on names and counts. */
#pragma once
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct DemoResult {
    int64_t ciso_person_id;
    int64_t chief_person_id;   /* 統括情報セキュリティ責任者 */
    int64_t admin_person_id;   /* lgsec システム管理者 (情報政策課) */
    int units, people, assignments;
} DemoResult;

/* Creates everything through the domain functions (so each change is in the trail). The
 * database must hold no organisation yet. */
Status demo_create(Ctx *ctx, DemoResult *out, Err *e);

/* The demo module's public header: the org above; the registers, records and policy documents in their part headers. */
#include "domain/demo/demo_policy.h"
#include "domain/demo/demo_records.h"
#include "domain/demo/demo_registers.h"
