/* reminder: in-app notifications (お知らせ, table notifications) and the reminders that create them
 * before deadlines and on overdue items (issue 4 "Inbox and reminders"):
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

#include "domain/kernel/ctx.h"

/* Adds a notification for person unless one with dedup_key exists (then *created = false).
 * title: short Japanese text without the item's contents; link: the UI path ("/requests/12").
 * Joins the caller's transaction when there is one. created may be NULL. */
Status notify_person(Ctx *ctx, int64_t person, const char *kind, const char *object_type, int64_t object_id,
                     const char *title, const char *link, const char *dedup_key, bool *created, Err *e);
/* The acting person's notifications, newest first: {"items":[{id, kind, object_type, object_id,
 * title, link, created_at, read_at}], "unread": N}. unread_only limits items to unread ones; at most
 * limit items (1–500). New reference. */
Status notify_list(Ctx *ctx, bool unread_only, int limit, json_t **out, Err *e);
/* Marks the acting person's notification read (ST_NOTFOUND notification_not_found otherwise). */
Status notify_mark_read(Ctx *ctx, int64_t id, Err *e);

/* Creates the reminders due at the clock's now (see above), idempotently. *created_out gets the
 * number of new notifications (may be NULL). Needs no acting person. */
Status reminders_run(Ctx *ctx, int *created_out, Err *e);
