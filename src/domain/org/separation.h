/* separation: 兼務の禁止 (第20条) in one place. Later features (requests, approvals, audits) ask
 * here whether a person may act on a subject instead of writing their own rule. */
#pragma once
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef enum Duty {
    DUTY_APPROVE, /* approving or permitting a request: never the requester */
    DUTY_AUDIT,   /* auditing a unit: never one's own unit, its parents or its sub-units */
    DUTY_ASSIGN,  /* granting or ending a role: never to oneself */
} Duty;

typedef struct DutySubject {
    int64_t requester_person_id; /* who asked / whom it concerns (0 = nobody) */
    int64_t unit_id;             /* the unit concerned (0 = none) */
} DutySubject;

/* ST_OK when person_id may perform duty on subject; otherwise ST_FORBIDDEN with code
 * separation_of_duties and a message citing 第20条, or the storage error (ST_DB) when a query the
 * check needs fails: anything but ST_OK means the duty is refused. */
Status separation_check(Ctx *ctx, Duty duty, int64_t person_id, const DutySubject *subject, Err *e);
