/* duty_remind: the reminders of the periodic duties (duties_remind, see duties.h) — in-app
 * notifications to every current holder of an owner role, mailed by the scheduler like every other
 * notification. Each has a dedup key naming the duty, the due date (or 年度) and the kind of
 * reminder, so the scheduler may run every minute and a new record starts a new cycle. */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/duties.h"
#include "domain/evaluation/duties_internal.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"

#define LATE_NOTICE_DAYS 30 /* a missed 年度 is reported during the first month of the next one */

static Status tell_owners(Ctx *ctx, const PackCheck *c, const char *kind, const char *title, const char *key,
                          int *created, Err *e)
{
    char link[96];
    snprintf(link, sizeof link, "/duties/%s", c->id);
    Status s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < c->n_owners; i++) {
        json_t *ids = NULL;
        if ((s = role_current_holders(ctx, c->owners[i], &ids, e)) != ST_OK)
            break;
        size_t k;
        json_t *v;
        json_array_foreach(ids, k, v)
        {
            char dedup[200];
            snprintf(dedup, sizeof dedup, "%s:%lld", key, (long long)json_integer_value(v));
            bool made = false;
            if ((s = notify_person(ctx, json_integer_value(v), kind, "duty", 0, title, link, dedup, &made, e)) != ST_OK)
                break;
            *created += made;
        }
        json_decref(ids);
    }
    return s;
}

static Status remind_one(Ctx *ctx, const PackCheck *c, const char *today, int *created, Err *e)
{
    json_t *d = NULL;
    Status s = duty_status(ctx, c, today, &d, e);
    if (s != ST_OK)
        return s;
    const char *state = json_string_value(json_object_get(d, "state"));
    const char *due = json_string_value(json_object_get(d, "due"));
    char title[400], key[160];
    if (strcmp(state, "due_soon") == 0) {
        snprintf(title, sizeof title, "期限 %s が近づいています: %s (%s)", due, c->label, c->article);
        snprintf(key, sizeof key, "duty:%s:%s:before", c->id, due);
        s = tell_owners(ctx, c, "duty_due_soon", title, key, created, e);
    } else if (strcmp(state, "overdue") == 0 || strcmp(state, "never") == 0) {
        if (due)
            snprintf(title, sizeof title, "期限 %s を過ぎています: %s (%s)", due, c->label, c->article);
        else
            snprintf(title, sizeof title, "実施の記録がありません: %s (%s)", c->label, c->article);
        snprintf(key, sizeof key, "duty:%s:%s:after", c->id, due ? due : "never");
        s = tell_owners(ctx, c, "duty_overdue", title, key, created, e);
    }
    json_t *prev = json_object_get(d, "previous");
    if (s == ST_OK && prev && !json_is_true(json_object_get(prev, "met"))) {
        int fy = (int)json_integer_value(json_object_get(prev, "fiscal_year"));
        char start[16], until[11];
        snprintf(start, sizeof start, "%04d-04-01", (fy + 1) % 10000);
        duty_date_plus(start, LATE_NOTICE_DAYS, until);
        if (strcmp(today, until) < 0) {
            snprintf(title, sizeof title, "%d年度に必要な回数の実施が記録されていません: %s (%s)", fy, c->label, c->article);
            snprintf(key, sizeof key, "duty:%s:fy%d:missed", c->id, fy);
            s = tell_owners(ctx, c, "duty_overdue", title, key, created, e);
        }
    }
    json_decref(d);
    return s;
}

Status duties_remind(Ctx *ctx, int *created, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    int n = 0;
    *created = 0;
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_checks; i++)
        if (ctx->pack->checks[i].period[0])
            s = remind_one(ctx, &ctx->pack->checks[i], today, &n, e);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK)
        *created = n;
    return s;
}
