/* request: creating, submitting, withdrawing, completing, expiring and reading requests (see
 * requests.h); shared helpers of request_internal.h. Decisions are in request_decide.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/access/access.h"
#include "domain/assets/assets.h"
#include "domain/requests/delegation.h"
#include "domain/kernel/kernel.h"
#include "domain/org/org.h"
#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"

#define FIELD_TEXT_MAX 4000

static Status not_found(Err *e, int64_t id)
{
    return err_setf(e, ST_NOTFOUND, "request_not_found", "id", "申請 %lld が見つかりません",
                    "request %lld not found", (long long)id);
}

static Status bad_state(Err *e, const char *state, const char *what_ja, const char *what_en)
{
    /* the state as the request page names it, never its code */
    static const struct { const char *code, *ja; } names[] = {
        {"draft", "下書き"}, {"submitted", "承認待ち"}, {"returned", "差戻し"}, {"approved", "承認済み"},
        {"rejected", "却下"}, {"withdrawn", "取下げ"}, {"completed", "完了"}, {"expired", "期限切れ"},
    };
    const char *ja = state;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].code, state) == 0)
            ja = names[i].ja;
    return err_setf(e, ST_CONFLICT, "bad_state", "state", "「%s」の申請は%.0s%sできません",
                    "%.0sa request in state %s cannot be %.0s%s", ja, state, what_ja, what_en);
}

Status req_load(Ctx *ctx, int64_t id, ReqRow *r, const PackRequestType **type, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, type, requester_person_id, unit_id, object_kind, object_id, state, current_stage,"
                          " round, object_hash FROM requests WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult sr = stmt_step(st);
    if (sr != STEP_ROW) {
        Status rc = sr == STEP_DONE ? not_found(e, id) : stmt_error(st, e);
        stmt_finalize(st);
        return rc;
    }
    memset(r, 0, sizeof *r);
    r->id = stmt_int(st, 0);
    snprintf(r->type, sizeof r->type, "%s", stmt_text(st, 1));
    r->requester = stmt_int(st, 2);
    r->unit_id = stmt_int(st, 3);
    snprintf(r->object_kind, sizeof r->object_kind, "%s", stmt_text(st, 4));
    r->object_id = stmt_is_null(st, 5) ? 0 : stmt_int(st, 5);
    snprintf(r->state, sizeof r->state, "%s", stmt_text(st, 6));
    r->stage = (int)stmt_int(st, 7);
    r->round = (int)stmt_int(st, 8);
    snprintf(r->object_hash, sizeof r->object_hash, "%s", stmt_text(st, 9));
    stmt_finalize(st);
    *type = pack_request_type(ctx->pack, r->type);
    if (!*type)
        return err_setf(e, ST_INTERNAL, "pack_mismatch", "type", "申請種別 %s が有効なパックにありません",
                        "request type %s is not in the active pack", r->type);
    return ST_OK;
}

static const char *const plain_cols[] = {"id", "type", "requester_person_id", "unit_id", "object_kind", "object_id",
                                         "fields", "state", "current_stage", "round", "object_hash", "created_at",
                                         "submitted_at", "decided_at", "completed_at", "valid_until", "updated_at",
                                         "departed_at", NULL};
#define PLAIN_TYPES "isiisIssiiSsSSSSsS"
#define PLAIN_SELECT                                                                                            \
    "SELECT id, type, requester_person_id, unit_id, object_kind, object_id, fields, state, current_stage, round," \
    " object_hash, created_at, submitted_at, decided_at, completed_at, valid_until, updated_at, departed_at FROM requests"

/* Replaces the "fields" text with the parsed object. */
static void parse_fields(json_t *o)
{
    const char *txt = json_string_value(json_object_get(o, "fields"));
    json_t *f = txt ? json_loads(txt, 0, NULL) : NULL;
    json_object_set_new(o, "fields", f ? f : json_object());
}

Status req_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, PLAIN_SELECT " WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status rc = row_single(st, plain_cols, PLAIN_TYPES, out, e);
    if (rc == ST_NOTFOUND)
        return not_found(e, id);
    if (rc == ST_OK)
        parse_fields(*out);
    return rc;
}

static const char *const system_cols[] = {"id", "code", "name", "purpose", "zone", "owner_unit_id", "vendor",
                                          "location", "region", "product_registration", "notes", "active",
                                          "updated_at", NULL};

Status req_object(Ctx *ctx, const ReqRow *r, json_t **out, Err *e)
{
    if (strcmp(r->object_kind, "asset") == 0)
        return asset_get_plain(ctx, r->object_id, out, e);
    if (strcmp(r->object_kind, "system") == 0) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT id, code, name, purpose, zone, owner_unit_id, vendor, location, region,"
                              " product_registration, notes, active, updated_at FROM systems_v WHERE id = ?",
                              e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, r->object_id);
        Status rc = row_single(st, system_cols, "issssisssssbs", out, e);
        if (rc == ST_NOTFOUND)
            return err_set(e, ST_NOTFOUND, "system_not_found", "object_id", "情報システムが見つかりません",
                           "system not found");
        return rc;
    }
    *out = json_null();
    return ST_OK;
}

void req_hash(const json_t *j, char out[65])
{
    char *txt = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)(txt ? txt : ""), txt ? strlen(txt) : 0);
    sodium_bin2hex(out, 65, h, sizeof h);
    free(txt);
}

static const char *const event_row_cols[] = {"row_id", "request_id", "kind", "person_id", "stage", "comment", "created_at",
                                         NULL};
static const char *const exception_cols[] = {"row_id",         "emergency",      "taken_at",
                                             "report_due",     "reported_at",    "last_review_at",
                                             "last_reviewer_person_id", "last_review_comment", NULL};

Status req_event_row(Ctx *ctx, int64_t event_id, json_t **out, Err *e)
{
    return row_by_id(ctx->db,
                     "SELECT id, request_id, kind, person_id, stage, comment, created_at FROM request_events WHERE id = ?",
                     event_row_cols, "iisIIss", event_id, out, e);
}

Status req_exception_row(Ctx *ctx, int64_t request_id, json_t **out, Err *e)
{
    return row_by_id(ctx->db,
                     "SELECT request_id, emergency, taken_at, report_due, reported_at, last_review_at,"
                     " last_reviewer_person_id, last_review_comment FROM exceptions WHERE request_id = ?",
                     exception_cols, "ibSSSSIs", request_id, out, e);
}

Status req_attach_rows(Ctx *ctx, int64_t id, bool event, json_t *after, Err *e)
{
    json_t *row = NULL;
    Status rc = ST_OK;
    if (event) { /* the request's newest history row: the one this change has just written */
        Stmt *st = db_prepare(ctx->db, "SELECT max(id) FROM request_events WHERE request_id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, id);
        bool found = false;
        rc = stmt_step_row(st, &found, e); /* a failed step fails the change, never "no event" */
        int64_t ev = found ? stmt_int(st, 0) : 0;
        stmt_finalize(st);
        if (rc == ST_OK && ev && (rc = req_event_row(ctx, ev, &row, e)) == ST_OK)
            json_object_set_new(after, "event", row);
        if (rc != ST_OK)
            return rc;
    }
    rc = req_exception_row(ctx, id, &row, e);
    if (rc == ST_OK)
        json_object_set_new(after, "exception", row);
    else if (rc == ST_NOTFOUND) {
        err_clear(e);
        rc = ST_OK;
    }
    return rc;
}

Status req_event(Ctx *ctx, int64_t id, const char *kind, int stage, const char *comment, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO request_events(request_id, kind, person_id, stage, comment, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, kind);
    if (ctx->actor->person_id)
        stmt_bind_int(st, 3, ctx->actor->person_id);
    else
        stmt_bind_null(st, 3);
    if (stage >= 0)
        stmt_bind_int(st, 4, stage);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, comment ? comment : "");
    stmt_bind_text(st, 6, now);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

/* *found when the query (one id parameter) gives a row; a failed query is an error. */
static Status row_exists(Ctx *ctx, const char *sql, int64_t id, bool *found, Err *e)
{
    *found = false;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = stmt_step_row(st, found, e);
    stmt_finalize(st);
    return s;
}

static bool datetime_valid(const char *s)
{
    int64_t t;
    if (strlen(s) == 10)
        return false;
    if (time_parse_iso(s, &t))
        return true;
    /* "YYYY-MM-DDTHH:MM" as a form's datetime-local gives it */
    int y, m, d, hh, mm;
    char date[11];
    if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    return date_parse(date, &y, &m, &d) && sscanf(s + 11, "%2d:%2d", &hh, &mm) == 2 && hh >= 0 && hh < 24 &&
           mm >= 0 && mm < 60;
}

static Status field_error(Err *e, const PackRequestField *f, const char *ja, const char *en)
{
    char ja_msg[512], en_msg[512];
    snprintf(ja_msg, sizeof ja_msg, "「%s」は%s", f->label, ja);
    snprintf(en_msg, sizeof en_msg, "%s %s", f->name, en);
    return err_set(e, ST_INVALID, "invalid_field", f->name, ja_msg, en_msg);
}

/* A field the pack says may not precede another (not_before) is compared with it, by date when either is
 * a date only ("2026-12-01" is not before "2026-12-01T09:00"). Runs after each value was checked. */
static Status check_date_order(const PackRequestType *t, json_t *fields, Err *e)
{
    for (size_t j = 0; j < t->n_fields; j++) {
        const PackRequestField *f = &t->fields[j];
        const PackRequestField *other = f->not_before ? pack_request_field(t, f->not_before) : NULL;
        const char *a = other ? json_string_value(json_object_get(fields, f->name)) : NULL;
        const char *b = other ? json_string_value(json_object_get(fields, other->name)) : NULL;
        if (!a || !b || !*a || !*b)
            continue;
        size_t n = f->kind == RF_DATETIME && other->kind == RF_DATETIME ? strlen(a) : 10;
        if (strncmp(a, b, n) < 0)
            return err_setf(e, ST_INVALID, "date_order", f->name, "「%s」は「%s」より前にできません%.0s%.0s",
                            "%.0s%.0s%s cannot be before %s", f->label, other->label, f->name, other->name);
    }
    return ST_OK;
}

/* Checks fields against the type: no unknown keys, required ones present, each of its type. */
static Status check_fields(Ctx *ctx, const PackRequestType *t, json_t *fields, Err *e)
{
    if (!json_is_object(fields))
        return err_set(e, ST_INVALID, "invalid_fields", "fields", "申請内容はオブジェクトで指定してください",
                       "fields must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(fields, key, v)
    {
        size_t j = 0;
        while (j < t->n_fields && strcmp(t->fields[j].name, key) != 0)
            j++;
        if (j == t->n_fields)
            return err_setf(e, ST_INVALID, "unknown_field", key, "申請種別「%s」に項目 %s はありません",
                            "request type %s has no field %s", t->label, key);
    }
    for (size_t j = 0; j < t->n_fields; j++) {
        const PackRequestField *f = &t->fields[j];
        v = json_object_get(fields, f->name);
        bool empty = !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
        if (empty) {
            if (f->required)
                return err_setf(e, ST_INVALID, "required", f->name, "「%s」を入力してください%.0s", "%.0s%s is required",
                                f->label, f->name);
            continue;
        }
        const char *s = json_string_value(v);
        int y, m, d;
        switch (f->kind) {
        case RF_TEXT:
            if (!s || !text_valid_chars(s, FIELD_TEXT_MAX, true))
                return field_error(e, f, "4000文字以内の文字列で入力してください", "must be text of at most 4000 characters");
            break;
        case RF_DATE:
            if (!s || !date_parse(s, &y, &m, &d))
                return field_error(e, f, "日付 (YYYY-MM-DD) で入力してください", "must be a date (YYYY-MM-DD)");
            break;
        case RF_DATETIME:
            if (!s || !datetime_valid(s))
                return field_error(e, f, "日時 (YYYY-MM-DDTHH:MM) で入力してください", "must be a date and time");
            break;
        case RF_BOOL:
            if (!json_is_boolean(v))
                return field_error(e, f, "はい/いいえで指定してください", "must be true or false");
            break;
        case RF_CHOICE: {
            bool ok = false;
            for (size_t k = 0; s && k < f->n_choices; k++)
                ok |= strcmp(f->choices[k], s) == 0;
            if (!ok)
                return field_error(e, f, "選択肢から選んでください", "must be one of the choices");
            break;
        }
        case RF_ASSET:
        case RF_SYSTEM:
        case RF_PERSON: {
            /* an asset or system the requester may not read is as missing as one that is not (access.h) */
            bool found = false;
            Status q = !json_is_integer(v)     ? ST_OK
                       : f->kind == RF_ASSET  ? access_asset_readable(ctx, json_integer_value(v), &found, e)
                       : f->kind == RF_SYSTEM ? access_system_readable(ctx, json_integer_value(v), &found, e)
                                              : row_exists(ctx, "SELECT 1 FROM people_v WHERE id = ?",
                                                           json_integer_value(v), &found, e);
            if (q != ST_OK)
                return q;
            if (!found)
                return field_error(e, f, "存在するものを指定してください", "must name an existing record");
            break;
        }
        case RF_CONFIDENTIALITY:
            if (!s || req_confidentiality_rank(ctx->pack, s) < 0)
                return field_error(e, f, "機密性の区分から選んでください", "must be a confidentiality level of the pack");
            break;
        case RF_ARTICLES:
        {
            char unknown[128] = "";
            ArticlesCheck ac = s ? req_articles_check(ctx->pack, s, unknown, sizeof unknown) : ARTICLES_FORMAT;
            if (ac == ARTICLES_FORMAT)
                return field_error(e, f, "条項(例: 第59条(3)、第87条)で入力してください",
                                   "must be article citations such as 第59条(3), 第87条");
            if (ac == ARTICLES_UNKNOWN)
                return err_setf(e, ST_INVALID, "unknown_article", f->name, "「%s」の %s は対策基準にありません%.0s",
                                "%.0s%.0s%s: the policy has no article %s", f->label, unknown, f->name, unknown);
            break;
        }
        }
    }
    return check_date_order(t, fields, e);
}

static Status unit_of_person(Ctx *ctx, int64_t person, int64_t *unit, Err *e)
{
    *unit = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT unit_id FROM people_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *unit = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

const json_t *req_fields(const json_t *plain)
{
    return json_object_get(plain, "fields");
}

/* The exceptions row of an exception-kind request (第129条–第131条). */
static Status insert_exception_row(Ctx *ctx, const PackRequestType *t, int64_t id, bool emergency, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "INSERT INTO exceptions(request_id, emergency, taken_at, report_due) VALUES (?, ?, ?, ?)",
                          e);
    if (!st)
        return e->status;
    int64_t now = clock_now(ctx->clock);
    char taken[21], due[21];
    time_iso_utc(now, taken);
    time_iso_utc(now + t->report_within_days * 86400, due);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, emergency);
    stmt_bind_text(st, 3, emergency ? taken : NULL);
    stmt_bind_text(st, 4, emergency ? due : NULL);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

Status request_create(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, int64_t *id_out, Err *e)
{
    return req_create(ctx, type, object_id, fields, false, id_out, e);
}

Status req_create(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, bool emergency, int64_t *id_out,
                  Err *e)
{
    int64_t me = ctx->actor->person_id;
    if (!me)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "申請は職員として行ってください",
                       "requests are made by a person");
    const PackRequestType *t = pack_request_type(ctx->pack, type);
    if (!t)
        return err_setf(e, ST_INVALID, "unknown_request_type", "type", "申請種別 %s はありません",
                        "unknown request type %s", type ? type : "");
    bool has_object = strcmp(t->object, "none") != 0;
    if (has_object && !object_id)
        return err_set(e, ST_INVALID, "required", "object_id", "申請の対象を指定してください", "object_id is required");
    if (!has_object && object_id)
        return err_set(e, ST_INVALID, "object_not_applicable", "object_id", "この申請種別には対象がありません",
                       "this request type has no object");
    bool found = false;
    /* the object must be one the requester may read (access.h); otherwise it is not found */
    Status q = !has_object                        ? ST_OK
               : strcmp(t->object, "asset") == 0 ? access_asset_readable(ctx, object_id, &found, e)
                                                 : access_system_readable(ctx, object_id, &found, e);
    if (q != ST_OK)
        return q;
    if (has_object && !found)
        return err_set(e, ST_NOTFOUND, "object_not_found", "object_id", "申請の対象が見つかりません",
                       "the object of the request was not found");
    bool exception = strcmp(t->kind, "exception") == 0;
    if (emergency && !exception)
        return err_set(e, ST_INVALID, "not_an_exception", "type", "緊急時の措置は例外措置の申請種別だけです",
                       "only an exception-kind type has the emergency path");
    Status rc = req_check_requester(ctx, t, object_id, e);
    if (rc != ST_OK)
        return rc;
    json_t *f = fields ? json_incref(fields) : json_object();
    rc = check_fields(ctx, t, f, e);
    if (rc == ST_OK)
        rc = req_check_condition(ctx, t, object_id, f, e);
    if (rc == ST_OK && strcmp(t->kind, "delegation") == 0)
        rc = delegation_check_fields(ctx, f, e);
    if (rc != ST_OK) {
        json_decref(f);
        return rc;
    }
    char *txt = json_dumps(f, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(f);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    int64_t id = 0;
    json_t *after = NULL;
    int64_t unit = 0;
    if ((rc = unit_of_person(ctx, me, &unit, e)) != ST_OK || (rc = db_begin(ctx->db, e)) != ST_OK) {
        free(txt);
        return rc;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO requests(type, requester_person_id, unit_id, object_kind, object_id, fields,"
                          " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
                          e);
    if (st) {
        stmt_bind_text(st, 1, t->id);
        stmt_bind_int(st, 2, me);
        stmt_bind_int(st, 3, unit);
        stmt_bind_text(st, 4, t->object);
        if (has_object)
            stmt_bind_int(st, 5, object_id);
        else
            stmt_bind_null(st, 5);
        stmt_bind_text(st, 6, txt);
        stmt_bind_text(st, 7, now);
        stmt_bind_text(st, 8, now);
        rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        id = db_last_insert_id(ctx->db);
    } else {
        rc = e->status;
    }
    free(txt);
    if (rc == ST_OK && exception)
        rc = insert_exception_row(ctx, t, id, emergency, e);
    if (rc == ST_OK)
        rc = req_event(ctx, id, "create", -1, emergency ? "第130条: 緊急時の例外措置" : "", e);
    if (rc == ST_OK && (rc = req_plain(ctx, id, &after, e)) == ST_OK) {
        if (emergency)
            json_object_set_new(after, "emergency", json_true());
        rc = req_attach_rows(ctx, id, true, after, e);
    }
    if (rc == ST_OK)
        rc = record_change(ctx, emergency ? "exception.emergency" : "request.create", "request", id, NULL, after, e);
    json_decref(after);
    rc = finish_tx(ctx, rc, e);
    if (rc == ST_OK && id_out)
        *id_out = id;
    return rc;
}

/* Runs sql (params: ?1 = now, ?2 = id, ?3 = text3) and records the change with its event. */
static Status transition(Ctx *ctx, int64_t id, const char *sql, const char *text3, const char *action,
                         const char *event, int stage, const char *comment, Err *e)
{
    json_t *before = NULL, *after = NULL;
    Status rc = db_begin(ctx->db, e);
    if (rc != ST_OK)
        return rc;
    rc = req_plain(ctx, id, &before, e);
    if (rc == ST_OK) {
        Stmt *st = db_prepare(ctx->db, sql, e);
        if (st) {
            char now[21];
            time_iso_utc(clock_now(ctx->clock), now);
            stmt_bind_text(st, 1, now);
            stmt_bind_int(st, 2, id);
            stmt_bind_text(st, 3, text3);
            rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
            /* the statement repeats the state the caller checked: another writer may have moved it */
            if (rc == ST_OK && db_changes(ctx->db) != 1)
                rc = err_set(e, ST_CONFLICT, "bad_state", "state", "申請の状態が変わりました。読み込み直してください",
                             "the request changed meanwhile; reload it");
        } else {
            rc = e->status;
        }
    }
    if (rc == ST_OK)
        rc = req_event(ctx, id, event, stage, comment, e);
    if (rc == ST_OK && (rc = req_plain(ctx, id, &after, e)) == ST_OK) {
        if (comment && *comment)
            json_object_set_new(after, "comment", json_string(comment));
        rc = req_attach_rows(ctx, id, true, after, e);
        if (rc == ST_OK)
            rc = record_change(ctx, action, "request", id, before, after, e);
    }
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, rc, e);
}

Status request_submit(Ctx *ctx, int64_t id, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (ctx->actor->person_id != r.requester)
        return err_set(e, ST_FORBIDDEN, "not_requester", "", "申請者本人だけが提出できます",
                       "only the requester can submit");
    if (strcmp(r.state, "draft") != 0 && strcmp(r.state, "returned") != 0)
        return bad_state(e, r.state, "提出", "submitted");
    /* the condition and the requester's role are checked again: the asset's classification or the
     * requester's roles may have changed since the draft */
    json_t *plain = NULL, *obj = NULL;
    if ((rc = req_plain(ctx, id, &plain, e)) != ST_OK)
        return rc;
    rc = req_check_requester(ctx, t, r.object_id, e);
    if (rc == ST_OK)
        rc = req_check_condition(ctx, t, r.object_id, req_fields(plain), e);
    json_decref(plain);
    if (rc != ST_OK)
        return rc;
    if ((rc = req_object(ctx, &r, &obj, e)) != ST_OK)
        return rc;
    char hash[65];
    req_hash(obj, hash);
    json_decref(obj);
    if ((rc = db_begin(ctx->db, e)) != ST_OK)
        return rc;
    if (strcmp(t->kind, "exception") == 0) {
        /* 第130条: submitting an emergency exception is its report to the CISO (before the
         * submission's entry, which records the exception row) */
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE exceptions SET reported_at = coalesce(reported_at, ?1) WHERE request_id = ?2"
                              " AND emergency = 1",
                              e);
        if (st) {
            char now[21];
            time_iso_utc(clock_now(ctx->clock), now);
            stmt_bind_text(st, 1, now);
            stmt_bind_int(st, 2, id);
            rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            rc = e->status;
        }
    }
    if (rc == ST_OK)
        rc = transition(ctx, id,
                    "UPDATE requests SET state = 'submitted', current_stage = 0, round = round + 1,"
                    " object_hash = ?3, submitted_at = ?1, decided_at = NULL, updated_at = ?1 WHERE id = ?2"
                    " AND state IN ('draft', 'returned')",
                    hash, "request.submit", "submit", 0, "", e);
    if (rc == ST_OK && strcmp(r.object_kind, "none") != 0) {
        /* the object's 課室 and system at submission, for the inbox's lookup */
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE requests SET"
                              " object_unit_id = CASE object_kind"
                              "  WHEN 'asset' THEN (SELECT unit_id FROM assets_v WHERE id = requests.object_id)"
                              "  WHEN 'system' THEN (SELECT owner_unit_id FROM systems_v WHERE id = requests.object_id) END,"
                              " object_system_id = CASE object_kind"
                              "  WHEN 'asset' THEN (SELECT system_id FROM assets_v WHERE id = requests.object_id)"
                              "  WHEN 'system' THEN object_id END WHERE id = ?",
                              e);
        if (st) {
            stmt_bind_int(st, 1, id);
            rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            rc = e->status;
        }
    }
    if (rc == ST_OK)
        rc = req_notify_waiting(ctx, id, e);
    return finish_tx(ctx, rc, e);
}

Status request_withdraw(Ctx *ctx, int64_t id, const char *comment, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (ctx->actor->person_id != r.requester)
        return err_set(e, ST_FORBIDDEN, "not_requester", "", "申請者本人だけが取り下げられます",
                       "only the requester can withdraw");
    if (strcmp(r.state, "draft") != 0 && strcmp(r.state, "submitted") != 0 && strcmp(r.state, "returned") != 0)
        return bad_state(e, r.state, "取り下げ", "withdrawn");
    if (comment && !text_valid_chars(comment, FIELD_TEXT_MAX, true))
        return err_set(e, ST_INVALID, "invalid_text", "comment", "コメントは4000文字以内で入力してください",
                       "comment must be at most 4000 characters of text");
    return transition(ctx, id, "UPDATE requests SET state = 'withdrawn', updated_at = ?1 WHERE id = ?2 AND ?3 IS NULL"
                      " AND state IN ('draft', 'submitted', 'returned')",
                      NULL, "request.withdraw", "withdraw", -1, comment, e);
}

/* *ok when person holds the last stage's role over its scope (or its escalation role). */
static Status last_stage_approver(Ctx *ctx, const ReqRow *r, const PackRequestType *t, int64_t person, bool *ok,
                                  Err *e)
{
    ReqRow tmp = *r;
    snprintf(tmp.state, sizeof tmp.state, "submitted");
    tmp.stage = (int)t->n_stages - 1;
    tmp.round = -1; /* nobody has decided in a round that does not exist: everyone is listed as waiting */
    json_t *res = NULL;
    *ok = false;
    Status s = req_resolve(ctx, &tmp, t, &res, e);
    if (s != ST_OK)
        return s;
    *ok = req_waiting_for(res, person);
    json_decref(res);
    return ST_OK;
}

/* *ok = the departure was recorded, or now (JST) is at or after the request's start field (a date, or a date and time "YYYY-MM-DDTHH:MM").
 * A failed read is an error, never a guess either way. */
static Status returned_after_start(Ctx *ctx, const ReqRow *r, const PackRequestType *t, bool *ok, Err *e)
{
    *ok = false;
    Stmt *st = db_prepare(ctx->db, "SELECT json_extract(fields, '$.' || ?2), departed_at FROM requests WHERE id = ?1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, r->id);
    stmt_bind_text(st, 2, t->return_not_before);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        const char *start = stmt_text(st, 0);
        char now[17];
        time_jst(clock_now(ctx->clock), now); /* "YYYY-MM-DD HH:MM" */
        now[10] = 'T';
        size_t n = start ? strlen(start) : 0;
        /* once the departure is recorded, the item has left: its return can be recorded */
        *ok = !start || !stmt_is_null(st, 1) || strncmp(now, start, n < 16 ? n : 16) >= 0;
    }
    stmt_finalize(st);
    return s;
}

Status request_depart(Ctx *ctx, int64_t id, const char *comment, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (!t->needs_return)
        return err_set(e, ST_CONFLICT, "not_returnable", "", "この申請種別には返却・完了の手続きがありません",
                       "this request type has no return step");
    if (strcmp(r.state, "approved") != 0)
        return bad_state(e, r.state, "持ち出しを記録", "recorded as departed");
    if (!ctx->actor->person_id || ctx->actor->person_id != r.requester)
        return err_set(e, ST_FORBIDDEN, "forbidden", "", "持ち出しを記録できるのは申請者です",
                       "only the requester records the departure");
    if (comment && !text_valid_chars(comment, FIELD_TEXT_MAX, true))
        return err_set(e, ST_INVALID, "invalid_text", "comment", "コメントは4000文字以内で入力してください",
                       "comment must be at most 4000 characters of text");
    rc = transition(ctx, id,
                    "UPDATE requests SET departed_at = ?1, updated_at = ?1 WHERE id = ?2 AND ?3 IS NULL"
                    " AND state = 'approved' AND departed_at IS NULL",
                    NULL, "request.depart", "depart", -1, comment, e);
    if (rc == ST_CONFLICT && strcmp(e->code, "bad_state") == 0)
        rc = err_set(e, ST_CONFLICT, "already_departed", "", "持ち出しは記録済みです", "the departure is already recorded");
    return rc;
}

Status request_complete(Ctx *ctx, int64_t id, const char *comment, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    if (!t->needs_return)
        return err_set(e, ST_CONFLICT, "not_returnable", "", "この申請種別には返却・完了の手続きがありません",
                       "this request type has no return step");
    if (strcmp(r.state, "approved") != 0)
        return bad_state(e, r.state, "完了", "completed");
    int64_t me = ctx->actor->person_id;
    bool approver = false;
    if (me && me != r.requester && (rc = last_stage_approver(ctx, &r, t, me, &approver, e)) != ST_OK)
        return rc;
    if (!me || (me != r.requester && !approver))
        return err_set(e, ST_FORBIDDEN, "forbidden", "", "返却を記録できるのは申請者か承認者です",
                       "only the requester or an approver can record the return");
    if (comment && !text_valid_chars(comment, FIELD_TEXT_MAX, true))
        return err_set(e, ST_INVALID, "invalid_text", "comment", "コメントは4000文字以内で入力してください",
                       "comment must be at most 4000 characters of text");
    if (t->return_not_before) {
        bool after = false;
        if ((rc = returned_after_start(ctx, &r, t, &after, e)) != ST_OK)
            return rc;
        const PackRequestField *start = pack_request_field(t, t->return_not_before);
        const char *label = start ? start->label : t->return_not_before;
        if (!after)
            return err_setf(e, ST_CONFLICT, "return_before_start", "", "「%s」より前に返却は記録できません%.0s",
                            "%.0sthe return cannot be recorded before %s", label, t->return_not_before);
    }
    return transition(ctx, id,
                      "UPDATE requests SET state = 'completed', completed_at = ?1, updated_at = ?1 WHERE id = ?2"
                      " AND ?3 IS NULL AND state = 'approved'",
                      NULL, "request.complete", "complete", -1, comment, e);
}

Status request_expire_due(Ctx *ctx, int *count_out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM requests WHERE state = 'approved' AND valid_until IS NOT NULL AND valid_until < ?"
                          " ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, today);
    json_t *ids = NULL;
    Status rc = rows_ids(st, &ids, e);
    int n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (rc != ST_OK)
            break;
        rc = transition(ctx, json_integer_value(v), "UPDATE requests SET state = 'expired', updated_at = ?1 WHERE id = ?2 AND ?3 IS NULL AND state = 'approved'",
                        NULL, "request.expire", "expire", -1, "", e);
        n += rc == ST_OK;
    }
    json_decref(ids);
    if (count_out)
        *count_out = n;
    return rc;
}

static const char *const approval_cols[] = {"id", "round", "stage", "approver_person_id", "approver_name",
                                            "approver_role", "escalated", "decision", "comment", "snapshot_hash",
                                            "decided_at", "deputy_for_person_id", "deputy_for_name", NULL};
static const char *const event_cols[] = {"id", "kind", "person_id", "person_name", "stage", "comment", "created_at",
                                         NULL};

Status request_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    json_t *o = NULL, *approvals = NULL, *events = NULL, *res = NULL;
    if (rc == ST_OK)
        rc = req_plain(ctx, id, &o, e);
    if (rc == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT a.id, a.round, a.stage, a.approver_person_id, p.name, a.approver_role, a.escalated,"
                              " a.decision, a.comment, a.snapshot_hash, a.decided_at, a.deputy_for_person_id, dp.name"
                              " FROM request_approvals a JOIN people_v p ON p.id = a.approver_person_id"
                              " LEFT JOIN people_v dp ON dp.id = a.deputy_for_person_id WHERE a.request_id = ? ORDER BY a.id",
                              e);
        if (st) {
            stmt_bind_int(st, 1, id);
            rc = rows_array(st, approval_cols, "iiiissbssssIS", &approvals, e);
        } else {
            rc = e->status;
        }
    }
    if (rc == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT ev.id, ev.kind, ev.person_id, p.name, ev.stage, ev.comment, ev.created_at"
                              " FROM request_events ev LEFT JOIN people_v p ON p.id = ev.person_id"
                              " WHERE ev.request_id = ? ORDER BY ev.id",
                              e);
        if (st) {
            stmt_bind_int(st, 1, id);
            rc = rows_array(st, event_cols, "isISIss", &events, e);
        } else {
            rc = e->status;
        }
    }
    if (rc == ST_OK && strcmp(r.state, "submitted") == 0)
        rc = req_resolve(ctx, &r, t, &res, e);
    if (rc != ST_OK) {
        json_decref(o);
        json_decref(approvals);
        json_decref(events);
        return rc;
    }
    json_object_set_new(o, "type_label", json_string(t->label));
    json_object_set_new(o, "article", json_string(t->article));
    json_object_set_new(o, "needs_return", json_boolean(t->needs_return));
    /* 申請者: who asked, and their 課室 (the request page shows it with the fields) */
    json_t *who = NULL;
    Status ws = people_brief(ctx, r.requester, &who, e);
    if (ws == ST_OK) {
        json_object_set_new(o, "requester", who);
    } else if (ws != ST_NOTFOUND) {
        json_decref(o);
        json_decref(approvals);
        json_decref(events);
        json_decref(res);
        return ws;
    }
    json_object_set_new(o, "kind", json_string(t->kind));
    if (t->default_approver_note)
        json_object_set_new(o, "default_approver_note", json_string(t->default_approver_note));
    if (strcmp(t->kind, "exception") == 0) {
        /* 第130条: the emergency record and its report deadline */
        Stmt *st = db_prepare(ctx->db,
                              "SELECT emergency, taken_at, report_due, reported_at, last_review_at FROM exceptions"
                              " WHERE request_id = ?",
                              e);
        json_t *x = NULL;
        static const char *const xcols[] = {"emergency", "taken_at", "report_due", "reported_at", "last_review_at",
                                            NULL};
        if (st) {
            stmt_bind_int(st, 1, id);
            if (row_single(st, xcols, "bSSSS", &x, e) == ST_OK)
                json_object_set_new(o, "exception", x);
        }
    }
    json_object_set_new(o, "approvals", approvals);
    json_object_set_new(o, "events", events);
    if (res)
        json_object_set_new(o, "approval", res);
    *out = o;
    return ST_OK;
}

Status request_list(Ctx *ctx, const char *box, json_t **out, Err *e)
{
    bool inbox = box && strcmp(box, "inbox") == 0;
    if (!inbox && !(box && strcmp(box, "mine") == 0))
        return err_set(e, ST_INVALID, "invalid_box", "box", "box は inbox か mine です", "box must be inbox or mine");
    int64_t me = ctx->actor->person_id;
    json_t *rows = NULL, *waiting = NULL;
    Status rc;
    if (inbox) {
        /* the inbox's indexed candidates (request_inbox.c), not a resolution of every open request */
        bool truncated = false;
        if ((rc = req_waiting(ctx, 500, &waiting, &truncated, e)) != ST_OK)
            return rc;
        rows = json_array();
        size_t i;
        json_t *w;
        json_array_foreach(waiting, i, w)
        {
            json_t *o = NULL;
            if ((rc = req_plain(ctx, json_integer_value(json_object_get(w, "id")), &o, e)) != ST_OK) {
                json_decref(rows);
                json_decref(waiting);
                return rc;
            }
            json_object_set(o, "approval", json_object_get(w, "approval"));
            json_array_append_new(rows, o);
        }
        json_decref(waiting);
    } else {
        Stmt *st = db_prepare(ctx->db, PLAIN_SELECT " WHERE requester_person_id = ?1 ORDER BY id DESC", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, me);
        if ((rc = rows_array(st, plain_cols, PLAIN_TYPES, &rows, e)) != ST_OK)
            return rc;
    }
    json_t *items = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        if (!inbox)
            parse_fields(o);
        const PackRequestType *t = pack_request_type(ctx->pack, json_string_value(json_object_get(o, "type")));
        if (!t)
            continue;
        json_object_set_new(o, "type_label", json_string(t->label));
        json_object_set_new(o, "article", json_string(t->article));
        json_array_append(items, o);
    }
    json_decref(rows);
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
