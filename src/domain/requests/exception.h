/* exception: 例外措置 (第129条–第131条) on top of the request engine. An exception is a request of a
 * type with kind: exception (mic: exception_measure) — filed only by a 情報セキュリティ管理者 or
 * 情報システム管理者 (requester_roles), approved by the CISO, naming the provisions not followed, the
 * reason, the alternative measure and the end date (valid_until_field: the permission ends then).
 *   - Emergency (第130条): exception_take_emergency records a measure already taken (taken_at = now)
 *     as a draft with report_due = taken_at + the type's report_within_days; submitting it is the
 *     report to the CISO (reported_at). Unreported past report_due = report_overdue; reported after
 *     it = reported_late. reminders_run reminds before and after the deadline.
 *   - Register (第131条): exception_register lists every exception with its report and review
 *     status; the CISO's periodic check is recorded with exception_review. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Records an emergency measure taken now by the acting person (who must hold one of the type's
 * requester_roles). type: an exception-kind type id, or NULL for the pack's first one. fields as for
 * request_create. The request stays a draft until submitted (= reported). */
Status exception_take_emergency(Ctx *ctx, const char *type, json_t *fields, int64_t *id_out, Err *e);
/* 第131条: the acting person, holding the role of the type's last stage (the CISO), records that they
 * checked the exception (comment optional, at most 4000 bytes). Any state but draft. Errors:
 * not_an_exception, not_reviewer, bad_state. */
Status exception_review(Ctx *ctx, int64_t request_id, const char *comment, Err *e);
/* The register: {"items":[{request_id, type, type_label, article, requester_person_id,
 * requester_name, unit_id, unit_name, state, provisions, reason, alternative, end_date, emergency,
 * taken_at, report_due, reported_at, report_status ("none" | "pending" | "overdue" | "reported" |
 * "reported_late"), status ("draft" | "under_review" | "returned" | "active" | "ending_soon" |
 * "ended" | "rejected" | "withdrawn"), approved_at, last_review_at, last_reviewer_name,
 * last_review_comment, review_due (active and not reviewed within review_interval_days)}],
 * "counts": {status: n, "report_overdue": n, "review_due": n}}, newest first. New reference. */
Status exception_register(Ctx *ctx, json_t **out, Err *e);
