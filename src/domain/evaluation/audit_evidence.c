/* audit_evidence: fieldwork as evidence requests (第156条2: 被監査部門は監査の実施に協力する). An
 * auditor asks the audited 課室 for material on one of the plan's items (what, due date); the
 * request is a task on its 情報セキュリティ管理者's home until answered; the 課室 answers with files.
 * The files go to the shared content-addressed store (src/evidence: SHA-256 name, 0600, re-hashed
 * on every read) and are kept as audit evidence (第159条); each upload and each view is a trail
 * entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/evaluation/audit.h"
#include "domain/evaluation/audit_internal.h"
#include "domain/evaluation/eval_common.h"
#include "evidence/evidence.h"

static Status request_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "evidence_request_not_found", NULL, "資料の依頼が見つかりません", "evidence request not found");
}

Status audit_evidence_request(Ctx *ctx, int64_t audit_id, json_t *body, int64_t *id_out, Err *e)
{
    AuditPart part;
    Status s = audit_part_in(ctx, audit_id, &part, e);
    if (s != ST_OK)
        return s;
    if ((!part.lead && !part.auditor) || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "資料を依頼できるのはこの監査の監査人です", "only this audit's auditors request material");
    if (!json_is_object(body))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON のオブジェクトを送ってください", "send a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
        if (strcmp(key, "item_id") != 0 && strcmp(key, "what") != 0 && strcmp(key, "due_on") != 0)
            return err_setf(e, ST_INVALID, "unknown_field", key, "項目 %s は受け付けません", "unknown field %s", key);
    const char *item = json_string_value(json_object_get(body, "item_id"));
    const char *what = json_string_value(json_object_get(body, "what"));
    const char *due = json_string_value(json_object_get(body, "due_on"));
    if (!item || !*item)
        return err_set(e, ST_INVALID, "required", "item_id", "資料を求める監査項目を選んでください", "item_id is required");
    if ((s = eval_check_text(what, "what", "依頼する資料", 2000, true, true, e)) != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    int y, m, d;
    if (!due || strlen(due) != 10 || !date_parse(due, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "due_on", "提出期限は YYYY-MM-DD 形式で入力してください", "due_on must be YYYY-MM-DD");
    if (strcmp(due, today) < 0)
        return err_set(e, ST_INVALID, "date_order", "due_on", "提出期限は今日以降にしてください", "due_on must be today or later");
    if ((s = audit_require_approved(ctx, audit_id, e)) != ST_OK)
        return s;
    if ((s = audit_require_planned_item(ctx, audit_id, item, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO audit_evidence_requests(audit_id, item_id, what, due_on, requested_by, requested_at)"
                          " VALUES (?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, audit_id);
        stmt_bind_text(st, 2, item);
        stmt_bind_text(st, 3, what);
        stmt_bind_text(st, 4, due);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_text(st, 6, now);
        s = eval_exec(st, e);
    }
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "audit_id", (json_int_t)audit_id, "item_id", item, "what", what,
                                  "due_on", due);
        s = record_change(ctx, "audit.evidence_request", "audit_evidence_request", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

/* The evidence request's audit (evidence_request_not_found when missing or not the actor's to see). */
static Status request_part(Ctx *ctx, int64_t request_id, AuditPart *part, int64_t *audit_id, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT audit_id FROM audit_evidence_requests WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, request_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *audit_id = row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return request_not_found(e);
    s = audit_part_in(ctx, *audit_id, part, e);
    return s == ST_NOTFOUND ? request_not_found(e) : s;
}

Status audit_evidence_add(Ctx *ctx, int64_t request_id, const char *name, const char *description,
                          const unsigned char *data, size_t len, int64_t *evidence_id, Err *e)
{
    if (!name || !*name || !text_valid_chars(name, 200, false) || strchr(name, '/'))
        return err_set(e, ST_INVALID, "invalid_text", "name", "ファイル名 (200文字以内、/ を含まない) を指定してください",
                       "name must be a file name of at most 200 characters without /");
    if (description && !text_valid_chars(description, 400, false))
        return err_set(e, ST_INVALID, "invalid_text", "description", "説明は400文字以内で入力してください",
                       "description must be at most 400 characters");
    Status s = evidence_check_size(len, e);
    if (s != ST_OK)
        return s;
    AuditPart part;
    int64_t audit_id = 0;
    if ((s = request_part(ctx, request_id, &part, &audit_id, e)) != ST_OK)
        return s;
    if (!part.audited || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "資料を提出するのは被監査の課室の情報セキュリティ管理者です (第156条2)",
                       "the audited section's manager answers with the material (art. 156(2))");
    char sha[65];
    if ((s = evidence_put(db_path(ctx->db), data, len, sha, e)) != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO audit_evidence(request_id, sha256, name, size, description, uploaded_by, uploaded_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, request_id);
        stmt_bind_text(st, 2, sha);
        stmt_bind_text(st, 3, name);
        stmt_bind_int(st, 4, (int64_t)len);
        stmt_bind_text(st, 5, description ? description : "");
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        s = eval_exec(st, e);
    }
    int64_t eid = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "UPDATE audit_evidence_requests SET state = 'answered', answered_at = coalesce(answered_at, ?) WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, now);
            stmt_bind_int(st, 2, request_id);
            s = eval_exec(st, e);
        }
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "audit_id", (json_int_t)audit_id, "evidence_id",
                                  (json_int_t)eid, "sha256", sha, "name", name, "size", (json_int_t)len, "state", "answered");
        s = record_change(ctx, "audit.evidence_add", "audit_evidence_request", request_id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && evidence_id)
        *evidence_id = eid;
    return s;
}

Status audit_evidence_read(Ctx *ctx, int64_t evidence_id, unsigned char **data, size_t *len, char name[static 256], Err *e)
{
    *data = NULL;
    *len = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT request_id, sha256, name, size FROM audit_evidence WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, evidence_id);
    bool row = false;
    char sha[65] = "";
    int64_t size = 0, request_id = 0;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        request_id = stmt_int(st, 0);
        snprintf(sha, sizeof sha, "%s", stmt_text(st, 1));
        snprintf(name, 256, "%s", stmt_text(st, 2));
        size = stmt_int(st, 3);
    }
    stmt_finalize(st);
    AuditPart part;
    int64_t audit_id = 0;
    if (s == ST_OK && row)
        s = request_part(ctx, request_id, &part, &audit_id, e);
    if (s == ST_OK && !row)
        s = ST_NOTFOUND;
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "evidence_not_found", "evidence_id", "その証拠は見つかりません", "no such evidence");
    if (s != ST_OK)
        return s;
    unsigned char *buf = NULL;
    size_t got = 0;
    if ((s = evidence_get(db_path(ctx->db), sha, size, &buf, &got, e)) != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s}", "audit_id", (json_int_t)audit_id, "evidence_id", (json_int_t)evidence_id,
                                  "sha256", sha);
        s = record_change(ctx, "audit.evidence_view", "audit_evidence_request", request_id, NULL, after, e);
        json_decref(after);
        s = finish_tx(ctx, s, e);
    }
    if (s != ST_OK) {
        free(buf);
        return s;
    }
    *data = buf;
    *len = got;
    return ST_OK;
}

static Status files_of(Ctx *ctx, int64_t request_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.name, v.size, v.sha256, v.description, p.name, v.uploaded_at FROM audit_evidence v"
                          " JOIN people_v p ON p.id = v.uploaded_by WHERE v.request_id = ? ORDER BY v.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, request_id);
    static const char *const cols[] = {"id", "name", "size", "sha256", "description", "uploaded_by_name", "uploaded_at", NULL};
    return rows_array(st, cols, "isissss", out, e);
}

Status audit_evidence_requests_json(Ctx *ctx, int64_t audit_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, item_id, what, due_on, state, requested_at, answered_at FROM audit_evidence_requests"
                          " WHERE audit_id = ? ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    char today[11];
    date_today(ctx->clock, today);
    json_t *reqs = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        bool open = strcmp(stmt_text(st, 4), "open") == 0;
        json_array_append_new(reqs, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:o}", "id", (json_int_t)stmt_int(st, 0),
                                              "item_id", stmt_text(st, 1), "what", stmt_text(st, 2), "due_on",
                                              stmt_text(st, 3), "state", stmt_text(st, 4), "overdue",
                                              open && strcmp(stmt_text(st, 3), today) < 0, "requested_at", stmt_text(st, 5),
                                              "answered_at", stmt_is_null(st, 6) ? json_null() : json_string(stmt_text(st, 6))));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    size_t i;
    json_t *q;
    json_array_foreach(reqs, i, q)
    {
        json_t *files = NULL;
        if (s != ST_OK || (s = files_of(ctx, json_integer_value(json_object_get(q, "id")), &files, e)) != ST_OK)
            break;
        json_object_set_new(q, "files", files);
    }
    if (s != ST_OK) {
        json_decref(reqs);
        return s;
    }
    *out = reqs;
    return ST_OK;
}

Status audit_evidence_work(Ctx *ctx, json_t *items, Err *e)
{
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.id, a.title, a.unit_id, count(*), min(q.due_on) FROM audits a"
                          " JOIN audit_evidence_requests q ON q.audit_id = a.id WHERE q.state = 'open' GROUP BY a.id ORDER BY a.id",
                          e);
    if (!st)
        return e->status;
    json_t *rows = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        json_array_append_new(rows, json_pack("[I, s, I, I, s]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1),
                                              (json_int_t)stmt_int(st, 2), (json_int_t)stmt_int(st, 3), stmt_text(st, 4)));
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        bool mine = false;
        if (s != ST_OK || (s = audit_manages(ctx, json_integer_value(json_array_get(row, 2)), &mine, e)) != ST_OK)
            break;
        if (!mine)
            continue;
        char title[700], link[64];
        snprintf(title, sizeof title, "監査「%s」で資料の提出を求められています (%lld 件、期限 %s、第156条2)",
                 json_string_value(json_array_get(row, 1)), (long long)json_integer_value(json_array_get(row, 3)),
                 json_string_value(json_array_get(row, 4)));
        snprintf(link, sizeof link, "/audits/%lld", (long long)json_integer_value(json_array_get(row, 0)));
        json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "kind", "audit_evidence", "title", title, "link", link));
    }
    json_decref(rows);
    return s;
}
