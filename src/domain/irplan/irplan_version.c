/* irplan_version: the versions of the 緊急時対応計画 — listing, reading one with its live contacts and
 * drills, starting the next draft as a copy of the current plan, writing the draft, and the CISO's
 * approval (第125条), which makes it current and the one before read-only (irplan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "policy/pack.h"

static Status forbidden(Err *e, const char *ja, const char *en)
{
    return err_set(e, ST_FORBIDDEN, "forbidden", "", ja, en);
}

Status irplan_versions_list(Ctx *ctx, json_t **out, Err *e)
{
    Status s = irplan_need_read(ctx, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.version_no, v.state, v.title, v.review_on, c.name, v.created_at, a.name,"
                          " v.approved_at, v.superseded_at FROM irplan_versions v"
                          " LEFT JOIN people_v c ON c.id = v.created_by LEFT JOIN people_v a ON a.id = v.approved_by"
                          " ORDER BY v.version_no DESC",
                          e);
    if (!st)
        return e->status;
    static const char *const cols[] = {"id", "version_no", "state", "title", "review_on", "created_by_name",
                                       "created_at", "approved_by_name", "approved_at", "superseded_at", NULL};
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "iisssSsSSS", &items, e)) != ST_OK)
        return s;
    int64_t current = 0, draft = 0;
    if ((s = irplan_version_in_state(ctx, "approved", &current, e)) == ST_OK)
        s = irplan_version_in_state(ctx, "draft", &draft, e);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:o, s:o, s:b, s:b}", "items", items, "current_id",
                     current ? json_integer(current) : json_null(), "draft_id", draft ? json_integer(draft) : json_null(),
                     "can_edit", irplan_can_edit(ctx), "can_approve", irplan_can_approve(ctx));
    return ST_OK;
}

/* The version's responses in pack order, with labels; null texts for a category it does not cover. */
static json_t *responses_in_pack_order(const Ctx *ctx, json_t *stored)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *out = json_array();
    for (size_t i = 0; i < pi->n_categories; i++) {
        json_t *found = NULL, *r;
        size_t k;
        json_array_foreach(stored, k, r) if (strcmp(json_string_value(json_object_get(r, "category")),
                                                    pi->categories[i].id) == 0) found = r;
        json_t *o = json_pack("{s:s, s:s, s:s}", "category", pi->categories[i].id, "label", pi->categories[i].label,
                              "label_en", pi->categories[i].label_en);
        static const char *const keys[] = {"first_response", "recovery", "report_to", "prevention", NULL};
        for (int j = 0; keys[j]; j++)
            json_object_set(o, keys[j], found ? json_object_get(found, keys[j]) : json_null());
        json_array_append_new(out, o);
    }
    return out;
}

Status irplan_version_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = irplan_need_read(ctx, e);
    int64_t current = 0;
    if (s == ST_OK)
        s = irplan_version_in_state(ctx, "approved", &current, e);
    if (s != ST_OK)
        return s;
    if (!id && !(id = current))
        return err_set(e, ST_NOTFOUND, "plan_not_found", "", "承認された緊急時対応計画がまだありません",
                       "no emergency response plan has been approved yet");
    json_t *v = NULL, *contacts = NULL, *drills = NULL, *review = NULL;
    if ((s = irplan_plain(ctx, id, &v, e)) != ST_OK)
        return s;
    s = irplan_contacts(ctx, &contacts, e);
    if (s == ST_OK)
        s = irplan_drills_json(ctx, id, &drills, e);
    if (s == ST_OK && id == current)
        s = irplan_review(ctx, &review, e);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "SELECT (SELECT name FROM people_v WHERE id = ?1),"
                                       " (SELECT name FROM people_v WHERE id = ?2)",
                                       e)
                          : NULL;
    if (st) {
        stmt_bind_int(st, 1, json_integer_value(json_object_get(v, "created_by")));
        stmt_bind_int(st, 2, json_integer_value(json_object_get(v, "approved_by")));
        if (stmt_step(st) == STEP_ROW) {
            json_object_set_new(v, "created_by_name", json_string(stmt_text(st, 0)));
            json_object_set_new(v, "approved_by_name", stmt_is_null(st, 1) ? json_null() : json_string(stmt_text(st, 1)));
        } else {
            s = stmt_error(st, e);
        }
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s != ST_OK) {
        json_decref(v);
        json_decref(contacts);
        json_decref(drills);
        json_decref(review);
        return s;
    }
    json_object_set_new(v, "responses", responses_in_pack_order(ctx, json_object_get(v, "responses")));
    json_object_set_new(v, "contacts", contacts);
    json_object_set_new(v, "drills", drills);
    json_object_set_new(v, "review", review ? review : json_null());
    json_object_set_new(v, "is_current", json_boolean(id == current));
    json_object_set_new(v, "can_edit", json_boolean(irplan_can_edit(ctx)));
    json_object_set_new(v, "can_approve", json_boolean(irplan_can_approve(ctx)));
    *out = v;
    return ST_OK;
}

/* One year after today (the 年次 review), as YYYY-MM-DD. */
static void a_year_on(const Ctx *ctx, char out[static 11])
{
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    char t[48];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y + 1, m, d);
    snprintf(out, 11, "%.10s", t);
}

Status irplan_draft_create(Ctx *ctx, int64_t *id_out, Err *e)
{
    if (!irplan_can_edit(ctx))
        return forbidden(e, "緊急時対応計画の案はCSIRTと統括情報セキュリティ責任者が作ります (第125条)",
                         "only the CSIRT and the chief security officer draft the plan");
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    int64_t draft = 0, current = 0, next = 1;
    if ((s = irplan_version_in_state(ctx, "draft", &draft, e)) == ST_OK && draft)
        s = err_set(e, ST_CONFLICT, "plan_draft_exists", "", "作成中の案があります。その案を編集してください",
                    "a draft exists already: edit it");
    if (s == ST_OK)
        s = irplan_version_in_state(ctx, "approved", &current, e);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "SELECT coalesce(max(version_no), 0) + 1 FROM irplan_versions", e) : NULL;
    if (st) {
        if (stmt_step(st) == STEP_ROW)
            next = stmt_int(st, 0);
        else
            s = stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    char now[21], review_on[11];
    irplan_now(ctx, now);
    a_year_on(ctx, review_on);
    if (s == ST_OK) {
        /* a copy of the current plan (its review date too: the editors set the next one) */
        st = db_prepare(ctx->db,
                        "INSERT INTO irplan_versions (version_no, title, purpose, report_items, external_contacts,"
                        " general_response, prevention, review_on, created_by, created_at, updated_at)"
                        " SELECT ?1, coalesce(c.title, '緊急時対応計画'), coalesce(c.purpose, ''),"
                        " coalesce(c.report_items, ''), coalesce(c.external_contacts, ''),"
                        " coalesce(c.general_response, ''), coalesce(c.prevention, ''), coalesce(c.review_on, ?2),"
                        " ?3, ?4, ?4 FROM (SELECT 1) LEFT JOIN irplan_versions c ON c.id = ?5",
                        e);
        if (!st)
            s = e->status;
    }
    if (s == ST_OK) {
        stmt_bind_int(st, 1, next);
        stmt_bind_text(st, 2, review_on);
        stmt_bind_int(st, 3, ctx->actor->person_id);
        stmt_bind_text(st, 4, now);
        stmt_bind_int(st, 5, current);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    int64_t id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    if (s == ST_OK && current) {
        st = db_prepare(ctx->db,
                        "INSERT INTO irplan_responses (version_id, category, first_response, recovery, report_to,"
                        " prevention) SELECT ?1, category, first_response, recovery, report_to, prevention"
                        " FROM irplan_responses WHERE version_id = ?2",
                        e);
        if (!st) {
            s = e->status;
        } else {
            stmt_bind_int(st, 1, id);
            stmt_bind_int(st, 2, current);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    json_t *after = NULL;
    if (s == ST_OK && (s = irplan_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "irplan.draft", "irplan", id, NULL, after, e);
    json_decref(after);
    if (s == ST_OK)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

/* ---- writing the draft ---- */

static Status bad_text(Err *e, const char *field, const char *label, size_t max, bool required)
{
    return err_setf(e, ST_INVALID, required ? "required" : "too_long", field,
                    required ? "「%s」を%zu文字以内で入力してください" : "「%s」は%zu文字以内で入力してください",
                    "%s must be at most %zu characters%s", label, max, required ? " and not empty" : "");
}

/* in[key] as text (NULL when absent); multi-line text of at most max characters. */
static Status text_of(json_t *in, const char *key, const char *label, size_t max, bool required, const char **out,
                      Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = NULL;
    if (!v)
        return ST_OK;
    if (!json_is_string(v))
        return err_setf(e, ST_INVALID, "invalid_type", key, "「%s」は文字列で指定してください", "%s must be text", label);
    const char *s = json_string_value(v);
    if (required && !*s)
        return bad_text(e, key, label, max, true);
    if (!text_valid_chars(s, max, true))
        return bad_text(e, key, label, max, false);
    *out = s;
    return ST_OK;
}

typedef struct Field {
    const char *key, *label;
    size_t max;
    bool required;
} Field;

static const Field version_fields[] = {
    {"title", "計画の名称", 200, true},
    {"purpose", "目的・適用範囲", 4000, false},
    {"report_items", "報告すべき事項 (第126条(2))", 4000, false},
    {"external_contacts", "外部の連絡先", 4000, false},
    {"general_response", "共通の対応措置 (第126条(3))", 4000, false},
    {"prevention", "再発防止措置の策定 (第126条(4))", 4000, false},
    {"change_note", "改訂の内容", 1000, false},
};
#define N_VERSION_FIELDS (sizeof version_fields / sizeof *version_fields)

static const Field response_fields[] = {
    {"first_response", "初動・応急措置", 4000, true},
    {"recovery", "復旧", 4000, false},
    {"report_to", "報告先", 2000, false},
    {"prevention", "再発防止の観点", 4000, false},
};
#define N_RESPONSE_FIELDS (sizeof response_fields / sizeof *response_fields)

/* A key of in that allowed does not list (NULL-terminated) is refused: a misspelt field is never ignored. */
static Status only_keys(json_t *in, const char *const *allowed, Err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        bool known = false;
        for (int i = 0; !known && allowed[i]; i++)
            known = strcmp(allowed[i], key) == 0;
        if (!known)
            return err_setf(e, ST_INVALID, "unknown_field", key, "「%s」という項目はありません", "unknown field %s", key);
    }
    return ST_OK;
}

static const char *const version_keys[] = {"title", "purpose", "report_items", "external_contacts", "general_response",
                                           "prevention", "change_note", "review_on", "responses", NULL};
static const char *const response_keys[] = {"category", "first_response", "recovery", "report_to", "prevention", NULL};

static Status check_review_on(const Ctx *ctx, json_t *v, const char **out, Err *e)
{
    int y, m, d;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || strlen(s) != 10 || !date_parse(s, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "review_on", "「次回の見直し期限」はYYYY-MM-DDの日付で指定してください",
                       "review_on must be a date YYYY-MM-DD");
    char today[11];
    date_today(ctx->clock, today);
    int ty, tm, td;
    date_parse(today, &ty, &tm, &td);
    if (strcmp(s, today) < 0)
        return err_set(e, ST_INVALID, "review_date_past", "review_on", "「次回の見直し期限」が今日より前です",
                       "review_on is before today");
    if (days_from_civil(y, m, d) - days_from_civil(ty, tm, td) > 3 * 366)
        return err_set(e, ST_INVALID, "invalid_date", "review_on", "「次回の見直し期限」は3年以内にしてください (第128条)",
                       "review_on must be within three years");
    *out = s;
    return ST_OK;
}

/* Checks in.responses (every item) before anything is written. */
static Status check_responses(const Ctx *ctx, json_t *list, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    if (!json_is_array(list))
        return err_set(e, ST_INVALID, "invalid_type", "responses", "「分類ごとの対応措置」は一覧で指定してください",
                       "responses must be a list");
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
        if (!json_is_object(r))
            return err_set(e, ST_INVALID, "invalid_type", "responses", "「分類ごとの対応措置」の項目が正しくありません",
                           "each response must be an object");
        Status ks = only_keys(r, response_keys, e);
        if (ks != ST_OK)
            return ks;
        const char *cat = json_string_value(json_object_get(r, "category"));
        if (!cat || !pack_incident_choice(pi->categories, pi->n_categories, cat))
            return err_set(e, ST_INVALID, "unknown_category", "category", "インシデントの分類がポリシーにありません",
                           "the category is not one of the pack's");
        for (size_t k = 0; k < i; k++)
            if (strcmp(json_string_value(json_object_get(json_array_get(list, k), "category")), cat) == 0)
                return err_setf(e, ST_INVALID, "duplicate_category", "category", "分類「%s」の対応措置が二つあります",
                                "category %s is given twice", cat);
        for (size_t k = 0; k < N_RESPONSE_FIELDS; k++) {
            const Field *f = &response_fields[k];
            const char *v;
            Status s = text_of(r, f->key, f->label, f->max, f->required, &v, e);
            if (s == ST_OK && f->required && !v)
                s = bad_text(e, f->key, f->label, f->max, true);
            if (s != ST_OK)
                return s;
        }
    }
    return ST_OK;
}

static Status require_draft(Ctx *ctx, int64_t id, json_t **before, Err *e)
{
    Status s = irplan_plain(ctx, id, before, e);
    if (s == ST_OK && strcmp(json_string_value(json_object_get(*before, "state")), "draft") != 0) {
        json_decref(*before);
        *before = NULL;
        s = err_set(e, ST_CONFLICT, "plan_not_draft", "state", "承認された版は変更できません。新しい案を作ってください",
                    "an approved version cannot change: start a new draft");
    }
    return s;
}

static Status write_responses(Ctx *ctx, int64_t id, json_t *list, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "DELETE FROM irplan_responses WHERE version_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
        if (s != ST_OK)
            break;
        st = db_prepare(ctx->db,
                        "INSERT INTO irplan_responses (version_id, category, first_response, recovery, report_to,"
                        " prevention) VALUES (?, ?, ?, ?, ?, ?)",
                        e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, json_string_value(json_object_get(r, "category")));
        for (size_t k = 0; k < N_RESPONSE_FIELDS; k++) {
            const char *v = json_string_value(json_object_get(r, response_fields[k].key));
            stmt_bind_text(st, 3 + (int)k, v ? v : "");
        }
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    return s;
}

Status irplan_draft_update(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    if (!irplan_can_edit(ctx))
        return forbidden(e, "緊急時対応計画の案はCSIRTと統括情報セキュリティ責任者が書きます (第125条)",
                         "only the CSIRT and the chief security officer write the plan");
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", "", "JSONのオブジェクトを送ってください", "send a JSON object");
    const char *texts[N_VERSION_FIELDS];
    Status s = only_keys(in, version_keys, e);
    for (size_t k = 0; s == ST_OK && k < N_VERSION_FIELDS; k++)
        s = text_of(in, version_fields[k].key, version_fields[k].label, version_fields[k].max, version_fields[k].required,
                    &texts[k], e);
    const char *review_on = NULL;
    json_t *rv = json_object_get(in, "review_on"), *responses = json_object_get(in, "responses");
    if (s == ST_OK && rv)
        s = check_review_on(ctx, rv, &review_on, e);
    if (s == ST_OK && responses)
        s = check_responses(ctx, responses, e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL, *after = NULL;
    s = require_draft(ctx, id, &before, e);
    char now[21];
    irplan_now(ctx, now);
    /* each column keeps its value where the key was not given (NULL bound) */
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "UPDATE irplan_versions SET title = coalesce(?1, title), purpose = coalesce(?2, purpose),"
                                       " report_items = coalesce(?3, report_items),"
                                       " external_contacts = coalesce(?4, external_contacts),"
                                       " general_response = coalesce(?5, general_response),"
                                       " prevention = coalesce(?6, prevention), change_note = coalesce(?7, change_note),"
                                       " review_on = coalesce(?8, review_on), updated_at = ?9 WHERE id = ?10",
                                       e)
                          : NULL;
    if (st) {
        for (size_t k = 0; k < N_VERSION_FIELDS; k++)
            stmt_bind_text(st, 1 + (int)k, texts[k]);
        stmt_bind_text(st, 8, review_on);
        stmt_bind_text(st, 9, now);
        stmt_bind_int(st, 10, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK && responses)
        s = write_responses(ctx, id, responses, e);
    if (s == ST_OK && (s = irplan_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "irplan.edit", "irplan", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

/* The first gap that keeps a draft from approval (第126条: all four parts), or ST_OK. */
static Status complete(const Ctx *ctx, json_t *v, Err *e)
{
    if (!*json_string_value(json_object_get(v, "report_items")))
        return err_set(e, ST_CONFLICT, "plan_incomplete", "report_items", "「報告すべき事項」(第126条(2)) が空です",
                       "what to report (article 126(2)) is empty");
    if (!*json_string_value(json_object_get(v, "prevention")))
        return err_set(e, ST_CONFLICT, "plan_incomplete", "prevention", "「再発防止措置の策定」(第126条(4)) が空です",
                       "the recurrence prevention part (article 126(4)) is empty");
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *responses = json_object_get(v, "responses");
    for (size_t i = 0; i < pi->n_categories; i++) {
        bool found = false;
        size_t k;
        json_t *r;
        json_array_foreach(responses, k, r) found |= strcmp(json_string_value(json_object_get(r, "category")),
                                                           pi->categories[i].id) == 0;
        if (!found)
            return err_setf(e, ST_CONFLICT, "plan_incomplete", "responses",
                            "分類「%s」の対応措置 (第126条(3)) がありません", "no response for category %s (article 126(3))",
                            pi->categories[i].label);
    }
    return ST_OK;
}

Status irplan_approve(Ctx *ctx, int64_t id, Err *e)
{
    if (!irplan_can_approve(ctx))
        return forbidden(e, "緊急時対応計画を承認するのはCISOです (第125条)", "only the CISO approves the plan");
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    json_t *before = NULL, *after = NULL;
    s = require_draft(ctx, id, &before, e);
    if (s == ST_OK && json_integer_value(json_object_get(before, "created_by")) == ctx->actor->person_id)
        s = err_set(e, ST_FORBIDDEN, "separation_of_duties", "", "自分で作った案は承認できません (第20条)",
                    "you cannot approve a draft you started");
    if (s == ST_OK)
        s = complete(ctx, before, e);
    int64_t current = 0;
    if (s == ST_OK)
        s = irplan_version_in_state(ctx, "approved", &current, e);
    char now[21];
    irplan_now(ctx, now);
    if (s == ST_OK && current) {
        Stmt *st = db_prepare(ctx->db, "UPDATE irplan_versions SET state = 'superseded', superseded_at = ? WHERE id = ?", e);
        if (!st) {
            s = e->status;
        } else {
            stmt_bind_text(st, 1, now);
            stmt_bind_int(st, 2, current);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
        json_t *sv = NULL;
        if (s == ST_OK && (s = irplan_plain(ctx, current, &sv, e)) == ST_OK)
            s = record_change(ctx, "irplan.supersede", "irplan", current, NULL, sv, e);
        json_decref(sv);
    }
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE irplan_versions SET state = 'approved', approved_by = ?, approved_at = ?,"
                              " updated_at = ? WHERE id = ?",
                              e);
        if (!st) {
            s = e->status;
        } else {
            stmt_bind_int(st, 1, ctx->actor->person_id);
            stmt_bind_text(st, 2, now);
            stmt_bind_text(st, 3, now);
            stmt_bind_int(st, 4, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK && (s = irplan_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "irplan.approve", "irplan", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}
