/* compliance_trend: the compliance dashboard's trend by month (see compliance.h). A month's numbers
 * are kept once, when it closes (compliance_snapshot_due), for the organisation and per unit; the
 * trend of a 部局's or 課室's view sums the rows of its units, so one snapshot serves every view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/evaluation/compliance.h"
#include "domain/evaluation/compliance_internal.h"
#include "domain/evaluation/eval_common.h"

#define MONTHS 12 /* the trend: this month and the eleven before it */

/* "YYYY-MM" of the month back months before today's. */
static void month_back(const Ctx *ctx, int back, char out[static 8])
{
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    unsigned total = (unsigned)(y * 12 + (m - 1) - back); /* date_today gives years 1000–9999 */
    snprintf(out, 8, "%04u-%02u", (total / 12) % 10000, total % 12 + 1);
}

static Status snapshot_exists(Ctx *ctx, const char *month, bool *yes, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM compliance_snapshots WHERE month = ?1 AND unit_id = 0 LIMIT 1", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, month);
    Status s = stmt_step_row(st, yes, e);
    stmt_finalize(st);
    return s;
}

static Status insert_rows(Ctx *ctx, const char *month, const char *today, json_t *cats, json_t *counts, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "INSERT OR IGNORE INTO compliance_snapshots(month, measure_id, unit_id, value, taken_on)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          e);
    if (!st)
        return e->status;
    Status s = ST_OK;
    size_t i, k;
    json_t *c, *m;
    json_array_foreach(cats, i, c)
        json_array_foreach(json_object_get(c, "measures"), k, m)
        {
            const char *id = json_string_value(json_object_get(m, "id"));
            /* the organisation's row first (also when 0: it marks the month as kept), then each unit's */
            json_t *rows = json_object();
            json_object_set_new(rows, "0", json_integer(json_integer_value(json_object_get(m, "value"))));
            if (json_object_get(counts, id))
                json_object_update(rows, json_object_get(counts, id));
            const char *unit;
            json_t *n;
            json_object_foreach(rows, unit, n)
            {
                if (s != ST_OK)
                    break;
                stmt_reset(st);
                stmt_bind_text(st, 1, month);
                stmt_bind_text(st, 2, id);
                stmt_bind_int(st, 3, strtoll(unit, NULL, 10));
                stmt_bind_int(st, 4, json_integer_value(n));
                stmt_bind_text(st, 5, today);
                if (stmt_step(st) != STEP_DONE)
                    s = stmt_error(st, e);
            }
            json_decref(rows);
        }
    stmt_finalize(st);
    return s;
}

Status compliance_snapshot_due(Ctx *ctx, bool *taken, Err *e)
{
    if (taken)
        *taken = false;
    char month[8], today[11];
    month_back(ctx, 1, month);
    date_today(ctx->clock, today);
    bool kept = false;
    Status s = snapshot_exists(ctx, month, &kept, e);
    if (s != ST_OK || kept)
        return s;
    Actor sys;
    Ctx as = eval_as_system(ctx, &sys);
    json_t *counts = json_object(), *cats = NULL;
    s = compliance_board(&as, 0, NULL, counts, &cats, e);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        s = insert_rows(ctx, month, today, cats, counts, e);
        if (s == ST_OK)
            s = db_commit(ctx->db, e);
        else
            db_rollback(ctx->db);
    }
    json_decref(counts);
    json_decref(cats);
    if (s == ST_OK && taken)
        *taken = true;
    return s;
}

/* months[i] → index, for the rows read back. */
static int month_index(char months[MONTHS][8], const char *month)
{
    for (int i = 0; i < MONTHS; i++)
        if (strcmp(months[i], month) == 0)
            return i;
    return -1;
}

/* Adds n to series[i] (a null counts as 0). */
static void series_add(json_t *series, int i, json_int_t n)
{
    json_t *v = json_array_get(series, (size_t)i);
    json_array_set_new(series, (size_t)i, json_integer(json_integer_value(v) + n));
}

Status compliance_trend_attach(Ctx *as, json_t *scope, json_t *cats, json_t **trend, Err *e)
{
    *trend = NULL;
    char months[MONTHS][8];
    for (int i = 0; i < MONTHS; i++)
        month_back(as, MONTHS - 1 - i, months[i]);
    /* measure id → series; a past month is null until its organisation row says it was kept */
    json_t *series = json_object(), *taken_on = json_array();
    for (int i = 0; i < MONTHS; i++)
        json_array_append_new(taken_on, json_null());
    size_t ci, mi;
    json_t *c, *m;
    json_array_foreach(cats, ci, c)
        json_array_foreach(json_object_get(c, "measures"), mi, m)
        {
            json_t *sr = json_array();
            for (int i = 0; i < MONTHS - 1; i++)
                json_array_append_new(sr, json_null());
            json_array_append_new(sr, json_integer(json_integer_value(json_object_get(m, "value"))));
            json_object_set_new(series, json_string_value(json_object_get(m, "id")), sr);
        }
    Stmt *st = db_prepare(as->db,
                          scope ? "SELECT month, measure_id, unit_id, value, taken_on FROM compliance_snapshots"
                                  " WHERE month >= ?1 AND month < ?2"
                                : "SELECT month, measure_id, unit_id, value, taken_on FROM compliance_snapshots"
                                  " WHERE month >= ?1 AND month < ?2 AND unit_id = 0",
                          e);
    if (!st) {
        json_decref(series);
        json_decref(taken_on);
        return e->status;
    }
    stmt_bind_text(st, 1, months[0]);
    stmt_bind_text(st, 2, months[MONTHS - 1]);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        int i = month_index(months, stmt_text(st, 0));
        json_t *sr = json_object_get(series, stmt_text(st, 1));
        if (i < 0 || !sr)
            continue; /* a measure the dashboard no longer has */
        int64_t unit = stmt_int(st, 2);
        if (unit == 0) {
            json_array_set_new(taken_on, (size_t)i, json_string(stmt_text(st, 4)));
            series_add(sr, i, scope ? 0 : stmt_int(st, 3)); /* a unit view: kept, the units' rows add up */
            continue;
        }
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)unit);
        if (json_object_get(scope, key))
            series_add(sr, i, stmt_int(st, 3));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(series);
        json_decref(taken_on);
        return s;
    }
    /* a unit row can come before its month's organisation row: a month not kept stays null */
    json_array_foreach(cats, ci, c)
    {
        json_t *total = json_array(); /* 0 for a kept month of a category without measures */
        for (int i = 0; i < MONTHS; i++)
            json_array_append_new(total, i == MONTHS - 1 || !json_is_null(json_array_get(taken_on, (size_t)i))
                                             ? json_integer(0)
                                             : json_null());
        json_array_foreach(json_object_get(c, "measures"), mi, m)
        {
            json_t *sr = json_object_get(series, json_string_value(json_object_get(m, "id")));
            for (int i = 0; i < MONTHS; i++) {
                if (i < MONTHS - 1 && json_is_null(json_array_get(taken_on, (size_t)i)))
                    json_array_set_new(sr, (size_t)i, json_null());
                if (!json_is_null(json_array_get(sr, (size_t)i)))
                    series_add(total, i, json_integer_value(json_array_get(sr, (size_t)i)));
            }
            json_object_set(m, "trend", sr);
        }
        json_object_set_new(c, "trend", total);
    }
    json_decref(series);
    json_t *names = json_array();
    for (int i = 0; i < MONTHS; i++)
        json_array_append_new(names, json_string(months[i]));
    *trend = json_pack("{s:o, s:o}", "months", names, "taken_on", taken_on);
    return ST_OK;
}
