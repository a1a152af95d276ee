/* compliance_internal: shared between compliance.c (the measures) and compliance_trend.c (the
 * monthly snapshots and the trend per measure). Not part of the module's public header. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* The measures for unit_id (0: the organisation) as the "categories" array of compliance.h, read as
 * the system (as). scope: {"<unit id>": true} of the units in view, or NULL for the organisation.
 * With counts (an object), every failing row is read (not only the first ones shown) and counts gets
 * measure id → {"<unit id>": failing rows of that unit}. New reference in *out. */
Status compliance_board(Ctx *as, int64_t unit_id, json_t *scope, json_t *counts, json_t **out, Err *e);

/* Adds "trend" (12 numbers or nulls, the oldest month first; the last is this month's live value)
 * to every measure and category of cats, summing the snapshot rows of the units in scope (NULL: the
 * organisation's rows). *trend gets {"months": ["YYYY-MM"…], "taken_on": [date or null…]} (the last
 * month's taken_on is null: it is live). */
Status compliance_trend_attach(Ctx *as, json_t *scope, json_t *cats, json_t **trend, Err *e);

/* readiness_basis.c: what the measure measure_id counts and from which register, as the readiness
 * report prints it under the line (a Japanese sentence), or NULL for an unknown measure. */
const char *readiness_basis(const char *measure_id);
