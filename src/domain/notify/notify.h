/* notify: the notifications module, a service below requests — in-app notifications (お知らせ, table
 * notifications: adding one idempotently, listing the acting person's, marking one read) and their
 * mail through the SMTP relay (notify_smtp.h). The reminders that decide what to notify about are the
 * requests module's (requests/reminder.h). Public header of domain/notify. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "domain/notify/notify_smtp.h"

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
