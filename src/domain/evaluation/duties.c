/* duties: the status of the pack's periodic duties, computed from duty_records, and recording what
 * was done (see duties.h). The reminders are duty_remind.c. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/evaluation/duties.h"
#include "domain/evaluation/duties_internal.h"
#include "domain/org/org.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define SUMMARY_MAX_CHARS 2000
#define EVIDENCE_MAX_CHARS 500
#define RECORDS_SHOWN 200

void duty_date_plus(const char *date, int64_t days, char out[static 11])
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int fiscal_year_of(const char *date)
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    return fiscal_year(y, m);
}

int duty_remind_days(const PackCheck *c)
{
    bool per_fy = strcmp(c->period, "fiscal_year") == 0;
    int days = c->remind_before_days ? c->remind_before_days : per_fy ? DUTY_REMIND_FISCAL_DAYS : DUTY_REMIND_PERIOD_DAYS;
    /* a reminder lead as long as the period itself would make the duty due for ever */
    if (!per_fy && days >= c->value)
        days = (int)(c->value / 2);
    return days;
}

static const PackCheck *find_check(const Ctx *ctx, const char *id)
{
    for (size_t i = 0; id && i < ctx->pack->n_checks; i++)
        if (strcmp(ctx->pack->checks[i].id, id) == 0)
            return &ctx->pack->checks[i];
    return NULL;
}

Status duty_actor_roles(Ctx *ctx, json_t **roles, Err *e)
{
    *roles = NULL;
    if (!ctx->actor->person_id) {
        *roles = json_array();
        return ST_OK;
    }
    json_t *mine = NULL;
    Status s = roles_of_person(ctx, ctx->actor->person_id, true, &mine, e);
    if (s != ST_OK)
        return s;
    *roles = json_array();
    json_t *items = json_is_array(mine) ? mine : json_object_get(mine, "items");
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a)
        json_array_append(*roles, json_object_get(a, "role"));
    json_decref(mine);
    return ST_OK;
}

bool duty_owned_by(const PackCheck *c, json_t *roles)
{
    for (size_t i = 0; i < c->n_owners; i++) {
        size_t k;
        json_t *r;
        json_array_foreach(roles, k, r)
            if (json_is_string(r) && strcmp(json_string_value(r), c->owners[i]) == 0)
                return true;
    }
    return false;
}

/* Number of records of the duty in 年度 fy. */
static Status count_in_year(Ctx *ctx, const char *id, int fy, int64_t *n, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM duty_records WHERE check_id = ? AND fiscal_year = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, id);
    stmt_bind_int(st, 2, fy);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *n = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s;
}

/* The latest done_on of the duty into last ("" when none). */
static Status last_done(Ctx *ctx, const char *id, char last[static 11], Err *e)
{
    last[0] = '\0';
    Stmt *st = db_prepare(ctx->db, "SELECT max(done_on) FROM duty_records WHERE check_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row && !stmt_is_null(st, 0))
        snprintf(last, 11, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    return s;
}

Status duty_status(Ctx *ctx, const PackCheck *c, const char *today, json_t **out, Err *e)
{
    json_t *owners = json_array();
    for (size_t i = 0; i < c->n_owners; i++) {
        const PackRole *r = pack_role(ctx->pack, c->owners[i]);
        json_array_append_new(owners, json_pack("{s:s, s:s}", "id", c->owners[i], "label", r ? r->label : c->owners[i]));
    }
    json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "id", c->id, "label", c->label, "article", c->article,
                          "period", c->period[0] ? c->period : "none", "value", (json_int_t)c->value, "owners", owners);
    char last[11];
    Status s = last_done(ctx, c->id, last, e);
    if (s != ST_OK) {
        json_decref(d);
        return s;
    }
    json_object_set_new(d, "last_done_on", last[0] ? json_string(last) : json_null());
    const char *state;
    int fy = fiscal_year_of(today);
    json_object_set_new(d, "fiscal_year", json_integer(fy));
    if (!c->period[0]) {
        state = "standing";
        json_object_set_new(d, "due", json_null());
    } else if (strcmp(c->period, "fiscal_year") == 0) {
        int64_t done = 0, before = 0;
        if ((s = count_in_year(ctx, c->id, fy, &done, e)) == ST_OK)
            s = count_in_year(ctx, c->id, fy - 1, &before, e);
        if (s != ST_OK) {
            json_decref(d);
            return s;
        }
        char due[16], soon[11];
        snprintf(due, sizeof due, "%04d-03-31", (fy + 1) % 10000);
        duty_date_plus(due, -duty_remind_days(c), soon);
        state = done >= c->value ? "done" : strcmp(today, soon) >= 0 ? "due_soon" : "open";
        json_object_set_new(d, "due", json_string(due));
        json_object_set_new(d, "done_count", json_integer(done));
        json_object_set_new(d, "required", json_integer(c->value));
        json_object_set_new(d, "previous", json_pack("{s:i, s:I, s:b}", "fiscal_year", fy - 1, "done_count",
                                                     (json_int_t)before, "met", before >= c->value));
    } else if (!last[0]) {
        state = "never";
        json_object_set_new(d, "due", json_null());
    } else {
        char due[11], soon[11];
        duty_date_plus(last, c->value, due);
        duty_date_plus(due, -duty_remind_days(c), soon);
        state = strcmp(today, due) > 0 ? "overdue" : strcmp(today, soon) >= 0 ? "due_soon" : "done";
        json_object_set_new(d, "due", json_string(due));
    }
    json_object_set_new(d, "state", json_string(state));
    json_object_set_new(d, "remind_before_days", json_integer(c->period[0] ? duty_remind_days(c) : 0));
    *out = d;
    return ST_OK;
}

/* Every duty the actor may see, each with may_record; only_due keeps those that need doing now. */
static Status collect(Ctx *ctx, bool only_due, json_t **items_out, Err *e)
{
    json_t *roles = NULL;
    Status s = duty_actor_roles(ctx, &roles, e);
    if (s != ST_OK)
        return s;
    bool manager = ctx->actor->caps & CAP_EVALUATION_MANAGE;
    char today[11];
    date_today(ctx->clock, today);
    json_t *items = json_array();
    for (size_t i = 0; s == ST_OK && i < ctx->pack->n_checks; i++) {
        const PackCheck *c = &ctx->pack->checks[i];
        bool owner = duty_owned_by(c, roles);
        if (only_due ? !owner || !c->period[0] : !owner && !manager)
            continue;
        json_t *d = NULL;
        if ((s = duty_status(ctx, c, today, &d, e)) != ST_OK)
            break;
        const char *st = json_string_value(json_object_get(d, "state"));
        if (only_due && strcmp(st, "due_soon") != 0 && strcmp(st, "overdue") != 0 && strcmp(st, "never") != 0) {
            json_decref(d);
            continue;
        }
        json_object_set_new(d, "may_record", json_boolean(c->period[0] && (owner || manager)));
        json_array_append_new(items, d);
    }
    json_decref(roles);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *items_out = items;
    return ST_OK;
}

Status duties_list(Ctx *ctx, json_t **out, Err *e)
{
    json_t *items = NULL;
    Status s = collect(ctx, false, &items, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    *out = json_pack("{s:s, s:i, s:o}", "today", today, "fiscal_year", fiscal_year_of(today), "items", items);
    return ST_OK;
}

Status duties_due_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    return collect(ctx, true, out, e);
}

static Status records_of(Ctx *ctx, const char *id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, done_on, fiscal_year, summary, evidence, recorded_by, recorded_at FROM duty_records"
                          " WHERE check_id = ? ORDER BY done_on DESC, id DESC LIMIT ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, id);
    stmt_bind_int(st, 2, RECORDS_SHOWN);
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)stmt_int(st, 0),
                                               "done_on", stmt_text(st, 1), "fiscal_year", (json_int_t)stmt_int(st, 2),
                                               "summary", stmt_text(st, 3), "evidence", stmt_text(st, 4), "recorded_by_id",
                                               (json_int_t)stmt_int(st, 5), "recorded_at", stmt_text(st, 6)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    /* the recorder's name through org, after the statement is done */
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (s != ST_OK)
            break;
        json_t *p = NULL;
        s = people_brief(ctx, json_integer_value(json_object_get(it, "recorded_by_id")), &p, e);
        if (s == ST_OK)
            json_object_set_new(it, "recorded_by", json_pack("{s:O, s:O}", "id", json_object_get(p, "id"), "name",
                                                             json_object_get(p, "name")));
        json_decref(p);
        json_object_del(it, "recorded_by_id");
    }
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

/* The duty if the actor may see it (owner or manager); *owner says which. */
static Status visible(Ctx *ctx, const char *check_id, const PackCheck **c_out, bool *owner, Err *e)
{
    const PackCheck *c = find_check(ctx, check_id);
    if (!c)
        return err_set(e, ST_NOTFOUND, "duty_not_found", NULL, "定期的な義務が見つかりません", "duty not found");
    json_t *roles = NULL;
    Status s = duty_actor_roles(ctx, &roles, e);
    if (s != ST_OK)
        return s;
    *owner = duty_owned_by(c, roles);
    json_decref(roles);
    if (!*owner && !(ctx->actor->caps & CAP_EVALUATION_MANAGE))
        return err_set(e, ST_NOTFOUND, "duty_not_found", NULL, "定期的な義務が見つかりません", "duty not found");
    *c_out = c;
    return ST_OK;
}

Status duty_get(Ctx *ctx, const char *check_id, json_t **out, Err *e)
{
    const PackCheck *c = NULL;
    bool owner = false;
    Status s = visible(ctx, check_id, &c, &owner, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    json_t *d = NULL, *records = NULL;
    if ((s = duty_status(ctx, c, today, &d, e)) == ST_OK && (s = records_of(ctx, c->id, &records, e)) == ST_OK) {
        json_object_set_new(d, "may_record", json_boolean(c->period[0] != '\0'));
        json_object_set_new(d, "records", records);
        *out = d;
        return ST_OK;
    }
    json_decref(d);
    return s;
}

Status duty_record(Ctx *ctx, const char *check_id, const char *done_on, const char *summary, const char *evidence,
                   int64_t *id_out, Err *e)
{
    const PackCheck *c = NULL;
    bool owner = false;
    Status s = visible(ctx, check_id, &c, &owner, e);
    if (s == ST_NOTFOUND && find_check(ctx, check_id))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "この義務を実施する役割ではありません",
                       "you hold none of the roles that carry out this duty");
    if (s != ST_OK)
        return s;
    if (!c->period[0])
        return err_set(e, ST_INVALID, "duty_not_periodic", NULL, "期間の定めのない義務には実施を記録できません",
                       "a duty without a period has nothing to record");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "実施の記録は職員として行ってください",
                       "record as a person (signed in)");
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    if (!done_on || !date_parse(done_on, &y, &m, &d) || strlen(done_on) != 10)
        return err_set(e, ST_INVALID, "invalid_date", "done_on", "実施日は YYYY-MM-DD 形式で入力してください",
                       "done_on must be YYYY-MM-DD");
    if (strcmp(done_on, today) > 0)
        return err_set(e, ST_INVALID, "date_in_future", "done_on", "実施日に未来の日付は指定できません",
                       "done_on cannot be in the future");
    int fy = fiscal_year(y, m);
    if (fy < fiscal_year_of(today) - 1)
        return err_set(e, ST_INVALID, "date_too_old", "done_on", "実施日は前年度以降の日付にしてください",
                       "done_on must fall in the previous 年度 or later");
    if (!summary || !*summary)
        return err_set(e, ST_INVALID, "required", "summary", "実施内容を入力してください", "summary is required");
    if (!text_valid_chars(summary, SUMMARY_MAX_CHARS, true))
        return err_setf(e, ST_INVALID, "invalid_text", "summary", "実施内容は%d文字以内で、制御文字を含めないでください",
                        "summary: at most %d characters, no control characters", SUMMARY_MAX_CHARS);
    if (!evidence)
        evidence = "";
    if (!text_valid_chars(evidence, EVIDENCE_MAX_CHARS, false))
        return err_setf(e, ST_INVALID, "invalid_text", "evidence", "証拠の保管場所は%d文字以内で、改行や制御文字を含めないでください",
                        "evidence: at most %d characters on one line", EVIDENCE_MAX_CHARS);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO duty_records(check_id, done_on, fiscal_year, summary, evidence, recorded_by,"
                          " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, c->id);
        stmt_bind_text(st, 2, done_on);
        stmt_bind_int(st, 3, fy);
        stmt_bind_text(st, 4, summary);
        stmt_bind_text(st, 5, evidence);
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}", "check_id", c->id, "article", c->article, "done_on",
                                  done_on, "fiscal_year", fy, "summary", summary, "evidence", evidence);
        s = record_change(ctx, "duty.record", "duty_record", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}
