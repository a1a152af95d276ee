/* demo_registers: デモ市's 情報システム台帳 (30 systems across the three zones) and 情報資産台帳 (about
 * 2,000 assets across its 課室), with the problems a real register has — software past its support
 * end, a 可用性2 system without redundancy, a マイナンバー利用事務系 system whose 多要素認証 is not
 * recorded, assets whose classification nobody has decided yet — so the screens show something true.
 * Deterministic like demo.c. */
#pragma once
#include "domain/kernel/kernel.h"

typedef struct DemoRegistersResult {
    int systems, components, assets;
} DemoRegistersResult;

/* Needs the organisation of demo_create. */
Status demo_registers_create(Ctx *ctx, DemoRegistersResult *out, Err *e);
