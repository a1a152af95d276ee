/* scheduler: the periodic work `lgsec serve` does about once a minute — expire approved requests past
 * their validity (request_expire_due), create the due reminders (reminders_run) and mail pending
 * notifications through the SMTP relay when one is configured (notify_smtp), and remind the owners of
 * the pack's periodic duties (duties_remind), and keep last month's compliance snapshot once the month
 * has closed (compliance_snapshot_due, the dashboard's trend). Runs as the system
 * actor. Each step is its own transaction; a failing step does not stop the others, and the first
 * error is returned. */
#pragma once
#include "domain/kernel/kernel.h"
#include "domain/notify/notify.h"

struct Pack;

typedef struct SchedulerResult {
    int expired;   /* requests moved to 期限切れ */
    int reminders; /* notifications created */
    int duty_reminders; /* notifications about periodic duties created */
    int training_reminders; /* notifications to people who have not attended a course due soon (研修) */
    int audit_evidence_reminders; /* notifications of audit evidence requests due soon or overdue (第156条2) */
    int mailed;    /* mails sent */
    bool snapshot; /* last month's compliance snapshot was taken in this tick */
} SchedulerResult;

/* smtp may be NULL (no mail). out may be NULL. */
Status scheduler_tick(Db *db, const struct Pack *pack, const Clock *clock, const SmtpConfig *smtp,
                      SchedulerResult *out, Err *e);
