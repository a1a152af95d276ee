/* evaluation: 評価・見直し (issue 14) — the periodic duties of the pack's checks.yaml scheduled as
 * work (duties.h). Owns the table duty_records. Public header of domain/evaluation. */
#pragma once
#include "domain/evaluation/duties.h"
