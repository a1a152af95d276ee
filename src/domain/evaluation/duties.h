/* duties: every entry of checks.yaml with a period is a duty somebody carries out — per 年度 (April to
 * March; value = times per 年度) or every N days (value = N). Its owners (the roles the pack names)
 * see it on their home page and are reminded before it is due and after it was missed; what was done
 * is recorded against the duty (duty_records). The status is computed from the records when read. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Default lead times of the reminder before the due date. */
#define DUTY_REMIND_FISCAL_DAYS 30
#define DUTY_REMIND_PERIOD_DAYS 14

/* {"today", "fiscal_year", "items":[duty…]}: every duty of the pack for evaluation.manage, otherwise
 * those the actor owns (a current holder of one of its roles, any scope). A duty is {id, label,
 * article, period, value, owners:[{id,label}], remind_before_days, state, due, done_count, required,
 * last_done_on, previous:{fiscal_year, done_count, met} (per-年度 duties), may_record}. state:
 * done | open | due_soon | overdue | never (an N-day duty without any record) | standing (no
 * period: an obligation the pack states, not scheduled). New reference. */
Status duties_list(Ctx *ctx, json_t **out, Err *e);
/* One duty as in duties_list plus "records": what was done, newest first (at most 200), each {id,
 * done_on, fiscal_year, summary, evidence, recorded_by:{id,name}, recorded_at}. ST_NOTFOUND
 * duty_not_found for an unknown id or a duty the actor may not see. New reference. */
Status duty_get(Ctx *ctx, const char *check_id, json_t **out, Err *e);
/* Records that the duty was done on done_on (YYYY-MM-DD, not after today nor before the previous
 * 年度) with a summary (1–2000 characters) and where the evidence is kept (0–500, may be NULL).
 * Only its owners and evaluation.manage (ST_FORBIDDEN forbidden); a duty without a period is
 * duty_not_periodic. One transaction with its trail entry (duty.record). */
Status duty_record(Ctx *ctx, const char *check_id, const char *done_on, const char *summary, const char *evidence,
                   int64_t *id_out, Err *e);
/* The actor's duties that need doing now (state due_soon, overdue or never): [duty…], for the home
 * page. New reference in *out. */
Status duties_due_for_actor(Ctx *ctx, json_t **out, Err *e);
/* Creates the reminders due today (scheduler): each owner of a duty is told once when it becomes due
 * soon, once when an N-day duty is overdue (or was never recorded), and once in the first month of a
 * 年度 when the previous 年度's duty was not done as often as required. Idempotent (dedup keys).
 * *created counts new notifications. */
Status duties_remind(Ctx *ctx, int *created, Err *e);
