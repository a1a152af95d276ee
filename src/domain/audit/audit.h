/* audit: checks across the registers and the trail. reconcile_registers replays the trail's
 * before/after of every declared object kind (domain/kernel/state.h) and compares the last
 * recorded state with the register tables, so that a change made directly in the database without
 * a trail entry is found (docs/trail.md, "State reconciliation"). Public header of domain/audit. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* The kinds compared, NULL-terminated. */
extern const StateKind *const audit_state_kinds[];

/* Compares every row of every kind with its last trail state. *findings (new reference) is an
 * array of {"table", "object_type", "id", "column", "problem", "trail", "now"} where problem is
 *   "differs"     — the column's value is not the one the last trail entry recorded
 *                   (trail/now: the two values);
 *   "no_trail"    — the row exists but no trail entry records its state (or the last one says
 *                   it was removed); column is "";
 *   "row_missing" — the trail's last state says the row exists, but it does not; column is "".
 * At most max_findings are listed (0: 1000); *total gets the count of all. Reads in one read
 * transaction; memory grows with the number of objects (an id and the seqs of its last state each), not their states. */
Status reconcile_registers(Ctx *ctx, size_t max_findings, json_t **findings, size_t *total, Err *e);
