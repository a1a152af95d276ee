/* policy_review.c: owns the annual review of the policy (第165条): one record per 年度 with the risk
 * evaluation, its inputs (audit and self-check results), the decisions and the resulting revision
 * (see policydocs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/policydocs/policydocs.h"
#include "domain/policydocs/policy_doc_internal.h"
#include "domain/kernel/kernel.h"
#include "entities/policy_review_entity.h"

#define MAX_LINKS 20

static const char *const cols[] = {"id", "fiscal_year", "reviewed_on", "risk_evaluation", "inputs", "input_links",
                                   "decisions", "revision_version_id", "recorded_by", "created_at", "updated_at", NULL};
#define SELECT_REVIEW                                                                                           \
    "SELECT id, fiscal_year, reviewed_on, risk_evaluation, inputs, input_links, decisions, revision_version_id," \
    " recorded_by, created_at, updated_at FROM policy_reviews"

/* 「令和8年度」 for 2026. */
static void fiscal_label(int year, char *out, size_t cap)
{
    char w[32];
    if (!wareki_date(year, 4, 1, w, sizeof w)) {
        snprintf(out, cap, "%d年度", year);
        return;
    }
    char *nen = strstr(w, "年");
    if (nen)
        *nen = 0;
    snprintf(out, cap, "%s年度", w);
}

/* The row with input_links as an array, the 年度 label and the revision's document. */
static json_t *review_json(Ctx *ctx, Stmt *st)
{
    json_t *o = row_object(st, cols, "iisssssIsss");
    json_t *links = json_loads(json_string_value(json_object_get(o, "input_links")), 0, NULL);
    json_object_set_new(o, "input_links", links ? links : json_array());
    char label[48];
    fiscal_label((int)json_integer_value(json_object_get(o, "fiscal_year")), label, sizeof label);
    json_object_set_new(o, "fiscal_year_label", json_string(label));
    json_t *rv = json_object_get(o, "revision_version_id");
    json_t *rev = json_null();
    if (json_is_integer(rv)) {
        Err e = {0};
        Stmt *q = db_prepare(ctx->db,
                             "SELECT v.seq, v.state, d.id, d.title, d.kind FROM policy_doc_versions v"
                             " JOIN policy_documents d ON d.id = v.document_id WHERE v.id = ?",
                             &e);
        if (q) {
            stmt_bind_int(q, 1, json_integer_value(rv));
            if (stmt_step(q) == STEP_ROW)
                rev = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)json_integer_value(rv), "seq",
                                (json_int_t)stmt_int(q, 0), "state", stmt_text(q, 1), "document_id",
                                (json_int_t)stmt_int(q, 2), "title", stmt_text(q, 3), "kind", stmt_text(q, 4));
            stmt_finalize(q);
        }
    }
    json_object_set_new(o, "revision", rev);
    return o;
}

Status policy_review_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, SELECT_REVIEW " ORDER BY fiscal_year DESC", e);
    if (!st)
        return e->status;
    json_t *items = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(items, review_json(ctx, st));
    Status s = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    *out = json_pack("{s:o, s:i}", "items", items, "current_fiscal_year", fiscal_year(y, m));
    return ST_OK;
}

Status policy_review_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, SELECT_REVIEW " WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *out = review_json(ctx, st);
    else if (s == ST_OK)
        s = err_set(e, ST_NOTFOUND, "policy_review_not_found", "id", "見直しの記録が見つかりません", "review not found");
    stmt_finalize(st);
    return s;
}

static bool url_ok(const char *u)
{
    return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 || (u[0] == '/' && u[1] != '/');
}

/* Checks the fields present in body against the declaration (entities/policy_review_entity.h) and
 * what needs more than one field or the database; on create, the required ones must be there. The merged values
 * go to the statement by the caller. */
static Status check_review(Ctx *ctx, json_t *body, bool creating, int year, Err *e)
{
    json_t *v;
    Status s = entity_check(&review_entity, body, creating, NULL, e);
    if (s != ST_OK)
        return s;
    if ((v = json_object_get(body, "reviewed_on"))) {
        int y, m, d;
        date_parse(json_string_value(v), &y, &m, &d); /* valid: checked by the declaration */
        if (fiscal_year(y, m) != year) {
            char label[48];
            fiscal_label(year, label, sizeof label);
            return err_setf(e, ST_INVALID, "date_outside_fiscal_year", "reviewed_on",
                            "見直しの日付が%sの期間 (4月1日〜翌年3月31日) にありません",
                            "reviewed_on is outside the fiscal year %s", label);
        }
    }
    if ((v = json_object_get(body, "input_links"))) {
        if (!json_is_array(v) || json_array_size(v) > MAX_LINKS)
            return err_set(e, ST_INVALID, "invalid_links", "input_links", "資料へのリンクは20件までの一覧で指定してください",
                           "input_links must be a list of at most 20 links");
        size_t i;
        json_t *l;
        json_array_foreach(v, i, l) {
            const char *label = json_string_value(json_object_get(l, "label"));
            const char *url = json_string_value(json_object_get(l, "url"));
            if (!json_is_object(l) || json_object_size(l) != 2 || !label || !url || !*label || strlen(label) > 200 ||
                strlen(url) > 1000 || !url_ok(url))
                return err_setf(e, ST_INVALID, "invalid_link", "input_links",
                                "資料へのリンク %zu 件目が不正です (名称と http(s):// または / で始まるアドレス)",
                                "link %zu is invalid (a label and an address starting with http(s):// or /)", i + 1);
        }
    }
    if ((v = json_object_get(body, "revision_version_id")) && json_is_integer(v)) {
        PdVersionRow r;
        if (pd_version_row(ctx, json_integer_value(v), &r, e) != ST_OK || strcmp(r.state, "discarded") == 0)
            return err_set(e, ST_INVALID, "unknown_version", "revision_version_id", "改訂した版が見つかりません",
                           "the revision's version was not found");
    }
    return ST_OK;
}

static Status write_review(Ctx *ctx, int64_t id, json_t *m, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          id ? "UPDATE policy_reviews SET fiscal_year = ?1, reviewed_on = ?2, risk_evaluation = ?3, inputs = ?4,"
                               " input_links = ?5, decisions = ?6, revision_version_id = ?7, updated_at = ?9 WHERE id = ?10"
                             : "INSERT INTO policy_reviews(fiscal_year, reviewed_on, risk_evaluation, inputs, input_links,"
                               " decisions, revision_version_id, recorded_by, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                          e);
    if (!st)
        return e->status;
    char *links = json_dumps(json_object_get(m, "input_links"), JSON_COMPACT);
    stmt_bind_int(st, 1, json_integer_value(json_object_get(m, "fiscal_year")));
    stmt_bind_text(st, 2, json_string_value(json_object_get(m, "reviewed_on")));
    stmt_bind_text(st, 3, json_string_value(json_object_get(m, "risk_evaluation")));
    stmt_bind_text(st, 4, json_string_value(json_object_get(m, "inputs")));
    stmt_bind_text(st, 5, links);
    stmt_bind_text(st, 6, json_string_value(json_object_get(m, "decisions")));
    json_t *rv = json_object_get(m, "revision_version_id");
    if (json_is_integer(rv))
        stmt_bind_int(st, 7, json_integer_value(rv));
    else
        stmt_bind_null(st, 7);
    if (!id)
        stmt_bind_text(st, 8, ctx->actor->login_id[0] ? ctx->actor->login_id : "system");
    stmt_bind_text(st, 9, now);
    if (id)
        stmt_bind_int(st, 10, id);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    free(links);
    if (s == ST_CONFLICT)
        s = err_set(e, ST_CONFLICT, "review_exists", "fiscal_year", "この年度の見直しは既に記録されています",
                    "a review for this fiscal year is already recorded");
    return s;
}

Status policy_review_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e)
{
    json_t *fy = json_object_get(body, "fiscal_year");
    Status s = check_review(ctx, body, true, json_is_integer(fy) ? (int)json_integer_value(fy) : 0, e);
    if (s != ST_OK)
        return s;
    json_t *m = json_deep_copy(body);
    if (!json_object_get(m, "inputs"))
        json_object_set_new(m, "inputs", json_string(""));
    if (!json_object_get(m, "input_links"))
        json_object_set_new(m, "input_links", json_array());
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        s = write_review(ctx, 0, m, e);
        int64_t id = db_last_insert_id(ctx->db);
        if (s == ST_OK)
            s = record_change(ctx, "policy_review.create", "policy_review", id, NULL, m, e);
        s = finish_tx(ctx, s, e);
        if (s == ST_OK && id_out)
            *id_out = id;
    }
    json_decref(m);
    return s;
}

Status policy_review_update(Ctx *ctx, int64_t id, json_t *body, Err *e)
{
    json_t *before = NULL;
    Status s = policy_review_get(ctx, id, &before, e);
    if (s != ST_OK)
        return s;
    json_t *m = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "fiscal_year", json_object_get(before, "fiscal_year"),
                          "reviewed_on", json_object_get(before, "reviewed_on"), "risk_evaluation",
                          json_object_get(before, "risk_evaluation"), "inputs", json_object_get(before, "inputs"),
                          "input_links", json_object_get(before, "input_links"), "decisions",
                          json_object_get(before, "decisions"), "revision_version_id",
                          json_object_get(before, "revision_version_id"));
    json_object_update(m, body);
    /* the date is checked against the resulting 年度 even when only one of them changes */
    json_t *chk = json_deep_copy(body);
    json_object_set(chk, "reviewed_on", json_object_get(m, "reviewed_on"));
    json_t *fy = json_object_get(m, "fiscal_year");
    s = check_review(ctx, chk, false, json_is_integer(fy) ? (int)json_integer_value(fy) : 0, e);
    json_decref(chk);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        s = write_review(ctx, id, m, e);
        if (s == ST_OK)
            s = record_change(ctx, "policy_review.update", "policy_review", id, before, m, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    json_decref(m);
    return s;
}
