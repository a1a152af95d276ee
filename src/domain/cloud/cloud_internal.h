/* cloud_internal: what the files of domain/cloud share — a service's row as the rules need it, who may
 * read and act on it, dates. Not for use outside. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct CloudRow {
    int64_t id, request_id, manager_person_id;
    char request_type[65];
    char name[801];
    char registered_on[11]; /* the day it was registered (created_at as a JST day) */
    bool ended;
} CloudRow;

/* The current time as ISO UTC and today's date. */
void cloud_now(const Ctx *ctx, char now[static 21], char today[static 11]);
/* date + days as YYYY-MM-DD. */
void cloud_date_add(const char *date, int days, char out[static 11]);
/* Loads service id; ST_NOTFOUND cloud_service_not_found when it does not exist or the actor may not
 * read it (need-to-know: cloud.manage, trail.read, or its manager). */
Status cloud_load(Ctx *ctx, int64_t id, CloudRow *c, Err *e);
/* The actor may act on the service: holds cloud.manage or is its manager; else cloud_not_manager. */
Status cloud_may_act(const Ctx *ctx, const CloudRow *c, Err *e);
/* Refused with cloud_service_ended after the end of use. */
Status cloud_require_in_use(const CloudRow *c, Err *e);
/* The id of the row of sql ("SELECT id … WHERE service_id = ? AND x = ?") for service_id and other_id;
 * *rid 0 when there is none. */
Status cloud_link_id(Ctx *ctx, const char *sql, int64_t service_id, int64_t other_id, int64_t *rid, Err *e);
/* cloud_load, cloud_may_act and cloud_require_in_use: the service a change is made to. */
Status cloud_load_for_change(Ctx *ctx, int64_t id, CloudRow *c, Err *e);
/* The actor reads every service (cloud.manage or an auditor's trail.read). */
bool cloud_reads_all(const Ctx *ctx);
/* d (YYYY-MM-DD) is not after today; else date_in_future on field. */
Status cloud_not_future(const char *d, const char *today, const char *field, Err *e);
/* person_id is a person employed today; else unknown_person on field. */
Status cloud_person_active(Ctx *ctx, int64_t person_id, const char *field, Err *e);
/* The service's whole state as its trail entries record it; recorded by every change to it. */
Status cloud_service_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status cloud_record_service(Ctx *ctx, const char *action, int64_t id, Err *e);
/* The systems linked to service id the actor may read (*shown, a new array) and how many others. */
Status cloud_systems_shown(Ctx *ctx, int64_t id, json_t **shown, json_int_t *hidden, Err *e);
/* Deletes placement rid (a cloud_service_assets row) with its trail entry, inside the caller's transaction. */
Status cloud_placement_delete(Ctx *ctx, int64_t rid, Err *e);
