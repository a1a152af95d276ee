/* request_access: who may read a request (request_access.c). */
#pragma once
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* ST_OK when the actor is the requester, has decided or must decide now, or holds trail.read;
 * otherwise ST_NOTFOUND request_not_found (as if it did not exist). */
Status request_may_view(Ctx *ctx, int64_t id, Err *e);
