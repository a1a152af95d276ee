/* eval_common: what several files of the evaluation module share — the system reader the measures
 * run as, this 年度, the write helpers, and the two register facts both the self-check and the
 * compliance dashboard read (current 情報セキュリティ管理者, acknowledgement of the policy in force). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/kernel/kernel.h"

/* A context acting as the system with the reading rights the registers need (the self-check answers
 * and the dashboard show facts about 課室 the caller is entitled to evaluate). sys is filled and must
 * outlive the returned Ctx. */
Ctx eval_as_system(Ctx *ctx, Actor *sys);
/* The 年度 (April–March) of the clock's today. */
int eval_fiscal_year_now(const Ctx *ctx);
/* body's fiscal_year: required, this 年度 or the next (a plan may be made in March for April). */
Status eval_check_fiscal_year(const Ctx *ctx, const json_t *body, int *fy, Err *e);
/* The records whose ids st selects (st is consumed), each loaded by get; those get does not show the
 * actor (ST_NOTFOUND) are left out. New array in *out. */
typedef Status (*EvalGet)(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status eval_load_visible(Ctx *ctx, Stmt *st, EvalGet get, json_t **out, Err *e);
/* Whether v is the id of an active 課室 (kind section); a failed read is an error, never an answer. */
Status eval_is_active_section(Ctx *ctx, const json_t *v, bool *yes, Err *e);
/* Steps a prepared write to its end and finalizes it; the store's refusal becomes e. */
Status eval_exec(Stmt *st, Err *e);
/* A text input: required (non-empty) when required, at most max characters, no control characters
 * (tab and line breaks when lines). label names the field in the message. */
Status eval_check_text(const char *v, const char *field, const char *label, size_t max, bool required, bool lines,
                       Err *e);
/* Whether the role assignment a (as role_assignments_list gives it) is scoped to unit_id and in force
 * on today. */
bool eval_assignment_current(const json_t *a, int64_t unit_id, const char *today);
/* Calls visit(arg, doc, unit) for each 課室 row (unit_id, name, people, acknowledged, missing[]) of
 * the acknowledgement report of every 基本方針 / 対策基準 in force (第47条(2)). */
typedef void (*EvalAckVisit)(void *arg, const json_t *doc, const json_t *unit);
Status eval_policy_ack_each(Ctx *ctx, EvalAckVisit visit, void *arg, Err *e);
/* This 年度's latest self-check campaign as selfcheck_get gives it (new reference), NULL when there is
 * none this 年度. */
Status eval_latest_selfcheck(Ctx *ctx, json_t **out, Err *e);
