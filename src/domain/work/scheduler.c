/* scheduler: one tick of the periodic work (see scheduler.h). */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/evaluation.h"
#include "domain/requests/requests.h"
#include "domain/training/training.h"
#include "domain/work/scheduler.h"

#define MAIL_BATCH 100 /* mails per tick: a backlog drains over several minutes instead of one long tick */

Status scheduler_tick(Db *db, const struct Pack *pack, const Clock *clock, const SmtpConfig *smtp,
                      SchedulerResult *out, Err *e)
{
    Actor system = {0};
    snprintf(system.login_id, sizeof system.login_id, "system");
    Ctx ctx = ctx_make(db, clock, &system, pack);
    SchedulerResult r = {0};
    Err e1 = {0}, e2 = {0}, e3 = {0}, e4 = {0}, e5 = {0}, e6 = {0}, e7 = {0};
    Status s1 = request_expire_due(&ctx, &r.expired, &e1);
    Status s2 = reminders_run(&ctx, &r.reminders, &e2);
    Status s4 = duties_remind(&ctx, &r.duty_reminders, &e4); /* before the mail, so today's go out now */
    Status s5 = training_remind(&ctx, &r.training_reminders, &e5);
    Status s7 = audit_evidence_remind(&ctx, &r.audit_evidence_reminders, &e7);
    Status s6 = compliance_snapshot_due(&ctx, &r.snapshot, &e6); /* one read a minute; the work once a month */
    Status s3 = smtp ? notify_smtp_send_pending(&ctx, smtp, MAIL_BATCH, &r.mailed, &e3) : ST_OK;
    if (out)
        *out = r;
    if (s1 != ST_OK) {
        *e = e1;
        return s1;
    }
    if (s2 != ST_OK) {
        *e = e2;
        return s2;
    }
    if (s4 != ST_OK) {
        *e = e4;
        return s4;
    }
    if (s5 != ST_OK) {
        *e = e5;
        return s5;
    }
    if (s6 != ST_OK) {
        *e = e6;
        return s6;
    }
    if (s7 != ST_OK) {
        *e = e7;
        return s7;
    }
    if (s3 != ST_OK) {
        *e = e3;
        return s3;
    }
    return ST_OK;
}
