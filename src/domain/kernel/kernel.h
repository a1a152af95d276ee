/* kernel: what every domain module uses — the Ctx (ctx.h: the one constructor, ctx_make), the trail
 * helper for a domain change (record.h) and rows as JSON (rowjson.h). Public header of domain/kernel. */
#pragma once
#include "domain/kernel/ctx.h"
#include "domain/kernel/record.h"
#include "domain/kernel/rowjson.h"
#include "domain/kernel/state.h"
