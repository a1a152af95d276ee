/* audit_remind: the reminders of audit evidence requests (第156条2, audit_evidence_remind in audit.h) —
 * an open request due within AUDIT_EVIDENCE_REMIND_DAYS tells the audited 課室's 情報セキュリティ管理者,
 * one past its due date tells them and the auditor who asked. In-app notifications (link only), mailed
 * by the scheduler like every other; each has a dedup key naming the request, its due date and the
 * kind, so the scheduler may run every minute. */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/audit.h"
#include "domain/evaluation/audit_internal.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"

#define AUDIT_EVIDENCE_REMIND_DAYS 3 /* the audited are told three days ahead */

typedef struct Due {
    int64_t request, audit, unit, requester;
    char due[11];
} Due;

/* Tells one person of one request; *created counts the new notifications. */
static Status tell(Ctx *ctx, int64_t person, const Due *q, bool late, int *created, Err *e)
{
    char title[160], link[48], key[120];
    snprintf(title, sizeof title, late ? "監査の資料の提出期限 (%s) を過ぎています (第156条2)"
                                        : "監査の資料の提出期限 (%s) が近づいています (第156条2)",
             q->due);
    snprintf(link, sizeof link, "/audits/%lld", (long long)q->audit);
    snprintf(key, sizeof key, "audit_evidence:%lld:%s:%s:%lld", (long long)q->request, q->due, late ? "overdue" : "soon",
             (long long)person);
    bool made = false;
    Status s = notify_person(ctx, person, late ? "audit_evidence_overdue" : "audit_evidence_due_soon", "audit", q->audit,
                             title, link, key, &made, e);
    *created += made;
    return s;
}

Status audit_evidence_remind(Ctx *ctx, int *created, Err *e)
{
    *created = 0;
    char today[11], soon[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) + AUDIT_EVIDENCE_REMIND_DAYS, &y, &m, &d);
    snprintf(soon, sizeof soon, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT q.id, q.audit_id, a.unit_id, q.requested_by, q.due_on FROM audit_evidence_requests q"
                          " JOIN audits a ON a.id = q.audit_id WHERE q.state = 'open' AND q.due_on <= ? ORDER BY q.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, soon);
    json_t *rows = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(rows, json_pack("[I, I, I, I, s]", (json_int_t)stmt_int(st, 0), (json_int_t)stmt_int(st, 1),
                                              (json_int_t)stmt_int(st, 2), (json_int_t)stmt_int(st, 3), stmt_text(st, 4)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *managers = NULL;
    if (s == ST_OK && json_array_size(rows))
        s = role_current_holders(ctx, "section_security_manager", &managers, e);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (s != ST_OK)
            break;
        Due q = {.request = json_integer_value(json_array_get(row, 0)),
                 .audit = json_integer_value(json_array_get(row, 1)),
                 .unit = json_integer_value(json_array_get(row, 2)),
                 .requester = json_integer_value(json_array_get(row, 3)),
                 .due = ""};
        snprintf(q.due, sizeof q.due, "%s", json_string_value(json_array_get(row, 4)));
        bool late = strcmp(q.due, today) < 0;
        size_t k;
        json_t *p;
        json_array_foreach(managers, k, p)
        {
            bool holds = false;
            if ((s = role_holds_over_unit(ctx, json_integer_value(p), "section_security_manager", q.unit, &holds, e)) != ST_OK)
                break;
            if (holds && (s = tell(ctx, json_integer_value(p), &q, late, created, e)) != ST_OK)
                break;
        }
        if (s == ST_OK && late)
            s = tell(ctx, q.requester, &q, true, created, e);
    }
    json_decref(managers);
    json_decref(rows);
    return s;
}
