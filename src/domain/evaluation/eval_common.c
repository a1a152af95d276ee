/* eval_common: the helpers the evaluation module's files share (see eval_common.h). */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/evaluation/eval_common.h"
#include "domain/evaluation/selfcheck.h"
#include "domain/org/org.h"
#include "domain/policydocs/policydocs.h"
#include "policy/capability.h"

Ctx eval_as_system(Ctx *ctx, Actor *sys)
{
    *sys = (Actor){0};
    snprintf(sys->login_id, sizeof sys->login_id, "system");
    sys->caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE | CAP_POLICY_MANAGE | CAP_TRAIL_READ | CAP_EVALUATION_MANAGE;
    return ctx_as(ctx, sys);
}

int eval_fiscal_year_now(const Ctx *ctx)
{
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    return fiscal_year(y, m);
}

Status eval_check_fiscal_year(const Ctx *ctx, const json_t *body, int *fy, Err *e)
{
    int now = eval_fiscal_year_now(ctx);
    json_t *v = json_object_get(body, "fiscal_year");
    if (!v)
        return err_set(e, ST_INVALID, "required", "fiscal_year", "年度を入力してください", "fiscal_year is required");
    if (!json_is_integer(v) || json_integer_value(v) < now || json_integer_value(v) > now + 1)
        return err_set(e, ST_INVALID, "invalid_fiscal_year", "fiscal_year", "年度は今年度か翌年度にしてください",
                       "fiscal_year must be this fiscal year or the next");
    *fy = (int)json_integer_value(v);
    return ST_OK;
}

Status eval_load_visible(Ctx *ctx, Stmt *st, EvalGet get, json_t **out, Err *e)
{
    *out = NULL;
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    json_t *items = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(s == ST_OK ? ids : NULL, i, v)
    {
        json_t *r = NULL;
        s = get(ctx, json_integer_value(v), &r, e);
        if (s == ST_NOTFOUND) /* not the actor's to see */
            s = ST_OK;
        else if (s == ST_OK)
            json_array_append_new(items, r);
        else
            break;
    }
    json_decref(ids);
    if (s != ST_OK)
        json_decref(items);
    else
        *out = items;
    return s;
}

Status eval_is_active_section(Ctx *ctx, const json_t *v, bool *yes, Err *e)
{
    json_t *unit = NULL;
    Status s = json_is_integer(v) ? org_get_unit(ctx, json_integer_value(v), &unit, e) : ST_NOTFOUND;
    *yes = s == ST_OK && strcmp(json_string_value(json_object_get(unit, "kind")), "section") == 0 &&
           json_is_true(json_object_get(unit, "active"));
    json_decref(unit);
    return s == ST_NOTFOUND ? ST_OK : s;
}

Status eval_exec(Stmt *st, Err *e)
{
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status eval_check_text(const char *v, const char *field, const char *label, size_t max, bool required, bool lines,
                       Err *e)
{
    if (required && (!v || !*v))
        return err_setf(e, ST_INVALID, "required", field, "%sを入力してください", "%s is required", label);
    if (v && !text_valid_chars(v, max, lines))
        return err_setf(e, ST_INVALID, "invalid_text", field, "%sは%zu文字以内で、使えない文字を含めないでください",
                        "%s: at most %zu characters, no control characters", label, max);
    return ST_OK;
}

bool eval_assignment_current(const json_t *a, int64_t unit_id, const char *today)
{
    const char *kind = json_string_value(json_object_get(a, "scope_kind"));
    const char *from = json_string_value(json_object_get(a, "valid_from"));
    const char *until = json_string_value(json_object_get(a, "valid_until"));
    return kind && strcmp(kind, "unit") == 0 && json_integer_value(json_object_get(a, "scope_id")) == unit_id && from &&
           strcmp(from, today) <= 0 && (!until || strcmp(until, today) >= 0);
}

Status eval_policy_ack_each(Ctx *ctx, EvalAckVisit visit, void *arg, Err *e)
{
    json_t *docs = NULL;
    Status s = policy_doc_list(ctx, &docs, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(docs, "items"), i, d)
    {
        const char *kind = json_string_value(json_object_get(d, "kind"));
        if (!kind || (strcmp(kind, "basic") != 0 && strcmp(kind, "standard") != 0) ||
            !json_is_object(json_object_get(d, "current")))
            continue;
        json_t *rep = NULL;
        if ((s = policy_ack_report(ctx, json_integer_value(json_object_get(d, "id")), 0, &rep, e)) != ST_OK)
            break;
        size_t k;
        json_t *u;
        json_array_foreach(json_object_get(rep, "units"), k, u)
            visit(arg, d, u);
        json_decref(rep);
    }
    json_decref(docs);
    return s;
}

Status eval_latest_selfcheck(Ctx *ctx, json_t **out, Err *e)
{
    *out = NULL;
    json_t *list = NULL;
    Status s = selfcheck_list(ctx, &list, e);
    if (s != ST_OK)
        return s;
    int fy = eval_fiscal_year_now(ctx);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(list, "items"), i, c)
        if (json_integer_value(json_object_get(c, "fiscal_year")) == fy) {
            s = selfcheck_get(ctx, json_integer_value(json_object_get(c, "id")), out, e);
            break;
        }
    json_decref(list);
    return s;
}
