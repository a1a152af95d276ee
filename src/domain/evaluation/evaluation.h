/* evaluation: 評価・見直し (issue 14) — the periodic duties of the pack's checks.yaml scheduled as
 * work (duties.h) and 自己点検 (selfcheck.h). Owns the tables duty_records and selfcheck_*. Public
 * header of domain/evaluation. */
#pragma once
#include "domain/evaluation/duties.h"
#include "domain/evaluation/compliance.h"
#include "domain/evaluation/selfcheck.h"
