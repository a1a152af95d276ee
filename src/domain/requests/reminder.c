/* reminder: reminders_run — the reminders due at the clock's now, each an in-app notification with a
 * dedup_key so that running again (every minute from the scheduler) adds nothing (see reminder.h). */
#include <stdio.h>
#include <string.h>

#include "domain/requests/reminder.h"
#include "domain/requests/request_internal.h"
#include "domain/notify/notify.h"

#define DEFAULT_REMIND_DAYS 3

typedef struct Run {
    Ctx *ctx;
    char now[21];
    char today[11];
    int created;
} Run;

static int64_t remind_days(const PackRequestType *t)
{
    return t && t->remind_before_days ? t->remind_before_days : DEFAULT_REMIND_DAYS;
}

/* today + days as YYYY-MM-DD. */
static void date_plus(const char *today, int64_t days, char out[11])
{
    int y, m, d;
    date_parse(today, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static Status notify(Run *run, int64_t person, const char *kind, int64_t request_id, const char *title,
                     const char *key, Err *e)
{
    char link[48];
    snprintf(link, sizeof link, "/requests/%lld", (long long)request_id);
    bool created = false;
    Status rc = notify_person(run->ctx, person, kind, "request", request_id, title, link, key, &created, e);
    run->created += created;
    return rc;
}

/* Current holders of role (any scope) into *out (new array). A failed query is an error: nobody
 * told is not the same as nobody to tell. */
static Status role_holders(Run *run, const char *role, json_t **out, Err *e)
{
    *out = json_array();
    Stmt *st = db_prepare(run->ctx->db,
                          "SELECT DISTINCT person_id FROM role_assignments_v WHERE role = ?1 AND valid_from <= ?2"
                          " AND (valid_until IS NULL OR valid_until >= ?2) ORDER BY person_id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, role);
    stmt_bind_text(st, 2, run->today);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(*out, json_integer((json_int_t)stmt_int(st, 0)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* Notifies every holder of role. */
static Status notify_role(Run *run, const char *role, const char *kind, int64_t request_id, const char *title,
                          const char *key_prefix, Err *e)
{
    json_t *ids = NULL;
    Status rc = role_holders(run, role, &ids, e);
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (rc != ST_OK)
            break;
        char key[128];
        snprintf(key, sizeof key, "%s:%lld", key_prefix, (long long)json_integer_value(v));
        if ((rc = notify(run, json_integer_value(v), kind, request_id, title, key, e)) != ST_OK)
            break;
    }
    json_decref(ids);
    return rc;
}

/* Approved permissions ending soon (validity_ending, or exception_ending for exceptions, which the
 * approving role is told of too). */

/* Steps a query of (request id, type, person, due date) rows into [[id, type, person, due], …] and
 * finalizes it; reminders are created after the statement is done, as they write. */
static Status due_rows(Stmt *st, json_t **rows, Err *e)
{
    *rows = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(*rows, json_pack("[I, s, I, s]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1),
                                               (json_int_t)stmt_int(st, 2), stmt_text(st, 3)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}
static Status validity(Run *run, Err *e)
{
    /* only as far ahead as the longest remind_before_days of the pack */
    int64_t ahead = DEFAULT_REMIND_DAYS;
    for (size_t k = 0; k < run->ctx->pack->n_request_types; k++)
        if (remind_days(&run->ctx->pack->request_types[k]) > ahead)
            ahead = remind_days(&run->ctx->pack->request_types[k]);
    char horizon[11];
    date_plus(run->today, ahead, horizon);
    Stmt *st = db_prepare(run->ctx->db,
                          "SELECT id, type, requester_person_id, valid_until FROM requests WHERE state = 'approved'"
                          " AND valid_until >= ?1 AND valid_until <= ?2 ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, run->today);
    stmt_bind_text(st, 2, horizon);
    json_t *rows = NULL;
    Status rc = due_rows(st, &rows, e);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (rc != ST_OK)
            break;
        int64_t id = json_integer_value(json_array_get(r, 0));
        const PackRequestType *t = pack_request_type(run->ctx->pack, json_string_value(json_array_get(r, 1)));
        const char *until = json_string_value(json_array_get(r, 3));
        char limit[11];
        date_plus(run->today, remind_days(t), limit);
        if (!t || strcmp(until, limit) > 0)
            continue;
        bool exception = strcmp(t->kind, "exception") == 0;
        const char *kind = exception ? "exception_ending" : "validity_ending";
        char title[300], key[96];
        snprintf(title, sizeof title, "%s(申請番号 %lld)の期限 %s が近づいています", t->label, (long long)id, until);
        snprintf(key, sizeof key, "%s:%lld:%s:req", kind, (long long)id, until);
        rc = notify(run, json_integer_value(json_array_get(r, 2)), kind, id, title, key, e);
        if (rc == ST_OK && exception) {
            snprintf(key, sizeof key, "%s:%lld:%s", kind, (long long)id, until);
            rc = notify_role(run, t->stages[t->n_stages - 1].role, kind, id, title, key, e);
        }
    }
    json_decref(rows);
    return rc;
}

/* 持ち出し (needs_return types): the return_due field near (return_due) or passed (return_overdue;
 * the approving role over the requester's 課室 is not resolved here — the requester is told, and
 * the inbox lists it). */
static Status returns(Run *run, Err *e)
{
    Status rc = ST_OK;
    for (size_t k = 0; k < run->ctx->pack->n_request_types && rc == ST_OK; k++) {
        const PackRequestType *t = &run->ctx->pack->request_types[k];
        if (!t->needs_return)
            continue;
        char limit[11];
        date_plus(run->today, remind_days(t), limit);
        Stmt *st = db_prepare(run->ctx->db,
                              "SELECT id, requester_person_id, json_extract(fields, '$.return_due') AS due FROM requests"
                              " WHERE state = 'approved' AND type = ?1 AND due IS NOT NULL AND due <= ?2 ORDER BY id",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, t->id);
        stmt_bind_text(st, 2, limit);
        json_t *rows = json_array();
        StepResult sr;
        while ((sr = stmt_step(st)) == STEP_ROW)
            json_array_append_new(rows, json_pack("[I, I, s]", (json_int_t)stmt_int(st, 0), (json_int_t)stmt_int(st, 1),
                                                  stmt_text(st, 2)));
        rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r)
        {
            if (rc != ST_OK)
                break;
            int64_t id = json_integer_value(json_array_get(r, 0));
            const char *due = json_string_value(json_array_get(r, 2));
            bool over = strcmp(due, run->today) < 0;
            const char *kind = over ? "return_overdue" : "return_due";
            char title[300], key[96];
            snprintf(title, sizeof title, over ? "%s(申請番号 %lld)の返却予定日 %s を過ぎています"
                                               : "%s(申請番号 %lld)の返却予定日 %s が近づいています",
                     t->label, (long long)id, due);
            snprintf(key, sizeof key, "%s:%lld:%s", kind, (long long)id, due);
            rc = notify(run, json_integer_value(json_array_get(r, 1)), kind, id, title, key, e);
        }
        json_decref(rows);
    }
    return rc;
}

/* 第130条: emergency exceptions not yet reported — due within a day (report_due, to the requester)
 * or overdue (report_overdue, to the requester and the role exceptions are reported to). */
static Status reports(Run *run, Err *e)
{
    char soon[21];
    time_iso_utc(clock_now(run->ctx->clock) + 86400, soon);
    Stmt *st = db_prepare(run->ctx->db,
                          "SELECT r.id, r.type, r.requester_person_id, x.report_due FROM exceptions x"
                          " CROSS JOIN requests r ON r.id = x.request_id WHERE x.emergency = 1 AND x.reported_at IS NULL"
                          " AND r.state = 'draft' AND x.report_due <= ?1 ORDER BY r.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, soon);
    json_t *rows = NULL;
    Status rc = due_rows(st, &rows, e);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (rc != ST_OK)
            break;
        int64_t id = json_integer_value(json_array_get(r, 0));
        const PackRequestType *t = pack_request_type(run->ctx->pack, json_string_value(json_array_get(r, 1)));
        if (!t)
            continue;
        const char *due = json_string_value(json_array_get(r, 3));
        bool over = strcmp(due, run->now) < 0;
        const char *kind = over ? "report_overdue" : "report_due";
        char title[300], key[96], due_jst[64];
        int64_t due_t = 0;
        time_parse_iso(due, &due_t);
        time_jst_wareki(due_t, due_jst, sizeof due_jst);
        snprintf(title, sizeof title,
                 over ? "緊急時の例外措置(申請番号 %lld)のCISOへの報告期限 %s を過ぎています(%s)"
                      : "緊急時の例外措置(申請番号 %lld)をCISOへ %s までに報告してください(%s)",
                 (long long)id, due_jst, t->report_article ? t->report_article : "第130条");
        snprintf(key, sizeof key, "%s:%lld:req", kind, (long long)id);
        rc = notify(run, json_integer_value(json_array_get(r, 2)), kind, id, title, key, e);
        if (rc == ST_OK && over) {
            snprintf(key, sizeof key, "%s:%lld", kind, (long long)id);
            rc = notify_role(run, t->stages[t->n_stages - 1].role, kind, id, title, key, e);
        }
    }
    json_decref(rows);
    return rc;
}

/* 第131条: active exceptions not reviewed within the type's review_interval_days. */
static Status reviews(Run *run, Err *e)
{
    Status rc = ST_OK;
    for (size_t k = 0; k < run->ctx->pack->n_request_types && rc == ST_OK; k++) {
        const PackRequestType *t = &run->ctx->pack->request_types[k];
        if (!t->kind || strcmp(t->kind, "exception") != 0 || !t->review_interval_days)
            continue;
        char cutoff[11];
        date_plus(run->today, -t->review_interval_days, cutoff);
        Stmt *st = db_prepare(run->ctx->db,
                              "SELECT r.id, substr(coalesce(x.last_review_at, r.decided_at), 1, 10) AS since"
                              " FROM exceptions x CROSS JOIN requests r ON r.id = x.request_id WHERE r.type = ?1"
                              " AND r.state = 'approved' AND since <= ?2 ORDER BY r.id",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, t->id);
        stmt_bind_text(st, 2, cutoff);
        json_t *rows = json_array();
        StepResult sr;
        while ((sr = stmt_step(st)) == STEP_ROW)
            json_array_append_new(rows, json_pack("[I, s]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1)));
        rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r)
        {
            if (rc != ST_OK)
                break;
            int64_t id = json_integer_value(json_array_get(r, 0));
            char title[300], key[96];
            snprintf(title, sizeof title, "例外措置(申請番号 %lld)の定期確認の時期です(第131条)", (long long)id);
            snprintf(key, sizeof key, "review_due:%lld:%s", (long long)id, json_string_value(json_array_get(r, 1)));
            rc = notify_role(run, t->stages[t->n_stages - 1].role, "review_due", id, title, key, e);
        }
        json_decref(rows);
    }
    return rc;
}

Status reminders_run(Ctx *ctx, int *created_out, Err *e)
{
    Run run = {.ctx = ctx};
    time_iso_utc(clock_now(ctx->clock), run.now);
    date_today(ctx->clock, run.today);
    Status rc = db_begin(ctx->db, e);
    if (rc != ST_OK)
        return rc;
    rc = validity(&run, e);
    if (rc == ST_OK)
        rc = returns(&run, e);
    if (rc == ST_OK)
        rc = reports(&run, e);
    if (rc == ST_OK)
        rc = reviews(&run, e);
    if (rc != ST_OK) {
        db_rollback(ctx->db);
        return rc;
    }
    rc = db_commit(ctx->db, e);
    if (rc == ST_OK && created_out)
        *created_out = run.created;
    return rc;
}
