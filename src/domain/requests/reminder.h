/* reminder: the reminders that create in-app notifications (domain/notify) before deadlines and on
 * overdue items (issue 4 "Inbox and reminders"):
 *   - validity_ending   an approved permission's valid_until is within the type's remind_before_days;
 *   - return_due / return_overdue   持ち出し (needs_return): the return_due field is near / passed;
 *   - exception_ending  an approved 例外措置 ends within remind_before_days (requester and CISO);
 *   - report_due / report_overdue   第130条: an emergency exception's report to the CISO is due within
 *     a day / overdue (requester, and the CISO when overdue);
 *   - review_due        第131条: an active exception not reviewed for review_interval_days (CISO);
 *   - approval_waiting  a request is waiting for the person's decision (at submission and each stage);
 *   - decided           the requester's request was approved, returned or rejected;
 *   - delegation        a person was named deputy, or (第84条4) a deputy was approved.
 * Every notification has a dedup_key, so running the reminders again creates nothing new. A title
 * names the item's kind and number only, never its contents; mail (notify_smtp.h) sends only the
 * kind and a link. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Creates the reminders due at the clock's now (see above), idempotently. *created_out gets the
 * number of new notifications (may be NULL). Needs no acting person. */
Status reminders_run(Ctx *ctx, int *created_out, Err *e);
