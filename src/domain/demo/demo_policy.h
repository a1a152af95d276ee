/* demo_policy: the デモ市 基本方針 and 対策基準, registered and in force, for `lgsec init --demo`. */
#pragma once
#include "domain/kernel/kernel.h"

Status demo_policy_create(Ctx *ctx, Err *e);
/* The text of the demo 対策基準 as uploaded (static). */
const char *demo_policy_standard_text(void);
