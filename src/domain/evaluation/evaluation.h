/* evaluation: 評価・見直し (issue 14) — the periodic duties of the pack's checks.yaml scheduled as
 * work (duties.h), 自己点検 (selfcheck.h), 監査 (audit.h) and the compliance dashboard
 * (compliance.h). Owns the tables duty_records, selfcheck_* and audit*. Public
 * header of domain/evaluation. */
#pragma once
#include "domain/evaluation/duties.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/compliance.h"
#include "domain/evaluation/readiness.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/kernel/kernel.h"

/* The kinds reconciled with the trail (eval_state.c, domain/kernel/state.h). */
extern const StateKind duty_record_state_kind;
extern const StateKind audit_state_kind;
extern const StateKind audit_finding_state_kind;
extern const StateKind selfcheck_campaign_state_kind;
extern const StateKind selfcheck_action_state_kind;
extern const StateKind selfcheck_answer_state_kind;
extern const StateKind selfcheck_target_state_kind;
extern const StateKind selfcheck_system_target_state_kind;
extern const StateKind selfcheck_system_answer_state_kind;
extern const StateKind selfcheck_org_answer_state_kind;
extern const StateKind audit_auditor_state_kind;
extern const StateKind audit_evidence_request_state_kind;
extern const StateKind audit_evidence_state_kind;
extern const StateKind audit_plan_item_state_kind;
