/* problem: application/problem+json bodies (RFC 9457) built from an Err. */
#pragma once
#include <jansson.h>

#include "core/err.h"

/* New reference: {"type","title","status","code","detail","detail_en","field"?}, status being the
 * catalog's for e's code (err_http). */
json_t *problem_from_err(const Err *e);
