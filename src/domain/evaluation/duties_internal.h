/* duties_internal: what duties.c shares with duty_remind.c inside the evaluation module. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

/* date + days as YYYY-MM-DD (date must be valid). */
void duty_date_plus(const char *date, int64_t days, char out[static 11]);
/* Days before the due date the owners are reminded. */
int duty_remind_days(const PackCheck *c);
/* The role ids the actor currently holds (any scope): new array in *roles. */
Status duty_actor_roles(Ctx *ctx, json_t **roles, Err *e);
/* Whether one of roles (array of role id strings) is an owner of c. */
bool duty_owned_by(const PackCheck *c, json_t *roles);
/* The duty's status on today (see duties.h for the fields). New reference in *out. */
Status duty_status(Ctx *ctx, const PackCheck *c, const char *today, json_t **out, Err *e);
