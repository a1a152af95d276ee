/* policy_doc.c: owns the register of policy documents and who may read what (see policydocs.h). */
#include "domain/policydocs/policydocs.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "policy/capability.h"
#include "domain/policydocs/policy_doc_internal.h"
#include "domain/kernel/kernel.h"

const char *policy_kind_ja(const char *kind)
{
    if (strcmp(kind, "basic") == 0)
        return "基本方針";
    if (strcmp(kind, "standard") == 0)
        return "対策基準";
    if (strcmp(kind, "procedure") == 0)
        return "実施手順";
    return NULL;
}

bool pd_may_manage(const Ctx *ctx)
{
    return ctx->actor->caps & CAP_POLICY_MANAGE;
}

bool pd_may_read(const Ctx *ctx, const char *kind, const char *state)
{
    if (pd_may_manage(ctx))
        return true;
    if (strcmp(kind, "procedure") == 0 && !(ctx->actor->caps & CAP_PROCEDURES_READ))
        return false;
    return strcmp(state, "published") == 0 || strcmp(state, "superseded") == 0;
}

Status pd_not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "policy_doc_not_found", "id", "文書が見つかりません", "document not found");
}

Status pd_version_row(Ctx *ctx, int64_t id, PdVersionRow *r, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.document_id, v.seq, v.state, d.kind, d.current_version_id FROM policy_doc_versions v"
                          " JOIN policy_documents d ON d.id = v.document_id WHERE v.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    StepResult sr = stmt_step(st);
    if (sr == STEP_ROW) {
        r->id = id;
        r->document_id = stmt_int(st, 0);
        r->seq = stmt_int(st, 1);
        snprintf(r->state, sizeof r->state, "%s", stmt_text(st, 2));
        snprintf(r->kind, sizeof r->kind, "%s", stmt_text(st, 3));
        r->current_version_id = stmt_int(st, 4);
    }
    Status s = sr == STEP_ROW ? ST_OK : sr == STEP_DONE ? pd_not_found(e) : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status policy_version_may_read(Ctx *ctx, int64_t version_id, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, version_id, &r, e);
    if (s == ST_OK && !pd_may_read(ctx, r.kind, r.state))
        s = pd_not_found(e);
    return s;
}

Status policy_doc_create(Ctx *ctx, const char *kind, const char *title, const char *area, int64_t system_id,
                         int64_t *id_out, Err *e)
{
    if (!policy_kind_ja(kind))
        return err_set(e, ST_INVALID, "invalid_kind", "kind", "文書の種類は 基本方針 (basic)・対策基準 (standard)・実施手順 (procedure) のいずれかです",
                       "kind must be basic, standard or procedure");
    if (!*title)
        return err_set(e, ST_INVALID, "required", "title", "文書名を入力してください", "title is required");
    if (strcmp(kind, "procedure") == 0 && !*area && !system_id)
        return err_set(e, ST_INVALID, "required", "area", "実施手順の対象 (情報システムまたは分野) を入力してください",
                       "a procedure needs the system or area it covers");
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    if (system_id) {
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM systems_v WHERE id = ?", e);
        if (!st)
            return finish_tx(ctx, e->status, e);
        stmt_bind_int(st, 1, system_id);
        bool found = false;
        s = stmt_step_row(st, &found, e);
        if (s == ST_OK && !found)
            s = err_set(e, ST_INVALID, "unknown_system", "system_id", "情報システムが見つかりません", "unknown system");
        stmt_finalize(st);
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "INSERT INTO policy_documents(kind, title, area, system_id, created_at, updated_at)"
                                       " VALUES (?, ?, ?, ?, ?, ?)",
                                       e)
                          : NULL;
    if (s == ST_OK && !st)
        s = e->status;
    if (st) {
        stmt_bind_text(st, 1, kind);
        stmt_bind_text(st, 2, title);
        stmt_bind_text(st, 3, area);
        if (system_id)
            stmt_bind_int(st, 4, system_id);
        else
            stmt_bind_null(st, 4);
        stmt_bind_text(st, 5, now);
        stmt_bind_text(st, 6, now);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s, s:o}", "kind", kind, "title", title, "area", area, "system_id",
                                  system_id ? json_integer(system_id) : json_null());
        s = record_change(ctx, "policy_doc.create", "policy_document", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

#define DOC_COLS                                                                                                \
    "d.id, d.kind, d.title, d.area, d.system_id, s.name, c.id, c.seq, c.effective_date, c.published_at,"       \
    " a.acknowledged_at,"                                                                                       \
    " (SELECT count(*) FROM policy_doc_versions x WHERE x.document_id = d.id AND x.state = 'draft')"          \
    " FROM policy_documents d LEFT JOIN systems_v s ON s.id = d.system_id"                                       \
    " LEFT JOIN policy_doc_versions c ON c.id = d.current_version_id"                                          \
    " LEFT JOIN policy_acknowledgements a ON a.version_id = c.id AND a.person_id = ?1"

/* One register row as JSON; NULL when the actor may not see the document. */
static json_t *doc_row(Ctx *ctx, Stmt *st)
{
    const char *kind = stmt_text(st, 1);
    bool manage = pd_may_manage(ctx);
    bool has_current = !stmt_is_null(st, 6);
    if (!manage && (!has_current || !pd_may_read(ctx, kind, "published")))
        return NULL;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)stmt_int(st, 0), "kind", kind,
                          "kind_ja", policy_kind_ja(kind), "title", stmt_text(st, 2), "area", stmt_text(st, 3),
                          "system_id", stmt_is_null(st, 4) ? json_null() : json_integer(stmt_int(st, 4)),
                          "system_name", stmt_is_null(st, 5) ? json_null() : json_string(stmt_text(st, 5)));
    json_t *cur = json_null();
    if (has_current)
        cur = json_pack("{s:I, s:I, s:o, s:s, s:o}", "id", (json_int_t)stmt_int(st, 6), "seq",
                        (json_int_t)stmt_int(st, 7), "effective_date",
                        stmt_is_null(st, 8) ? json_null() : json_string(stmt_text(st, 8)), "published_at",
                        stmt_text(st, 9), "acknowledged_at",
                        stmt_is_null(st, 10) ? json_null() : json_string(stmt_text(st, 10)));
    json_object_set_new(o, "current", cur);
    if (manage)
        json_object_set_new(o, "drafts", json_integer(stmt_int(st, 11)));
    return o;
}

Status policy_doc_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT " DOC_COLS " ORDER BY CASE d.kind WHEN 'basic' THEN 0 WHEN 'standard' THEN 1 ELSE 2 END,"
                          " d.area, d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    json_t *items = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        json_t *o = doc_row(ctx, st);
        if (o)
            json_array_append_new(items, o);
    }
    Status s = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:b}", "items", items, "can_manage", pd_may_manage(ctx));
    return ST_OK;
}

static const char *const version_cols[] = {"id", "seq", "state", "filename", "source_format", "doc_title", "articles",
                                           "effective_date", "revision_note", "decision", "decision_date",
                                           "pack_version", "uploaded_by", "uploaded_at", "published_by",
                                           "published_at", NULL};
#define VERSION_TYPES "iissssiSssSsssSS"

Status policy_doc_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT " DOC_COLS " WHERE d.id = ?2", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    stmt_bind_int(st, 2, id);
    bool row = false;
    Status q = stmt_step_row(st, &row, e);
    json_t *doc = row ? doc_row(ctx, st) : NULL;
    stmt_finalize(st);
    if (q != ST_OK)
        return q;
    if (!doc)
        return pd_not_found(e);
    const char *kind = json_string_value(json_object_get(doc, "kind"));
    st = db_prepare(ctx->db,
                    "SELECT id, seq, state, filename, source_format, doc_title, articles, effective_date, revision_note,"
                    " decision, decision_date, pack_version, uploaded_by, uploaded_at, published_by, published_at"
                    " FROM policy_doc_versions WHERE document_id = ? ORDER BY seq DESC",
                    e);
    if (!st) {
        json_decref(doc);
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    json_t *versions = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        if (pd_may_read(ctx, kind, stmt_text(st, 2)))
            json_array_append_new(versions, row_object(st, version_cols, VERSION_TYPES));
    Status s = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_object_set_new(doc, "versions", versions);
    json_object_set_new(doc, "can_manage", json_boolean(pd_may_manage(ctx)));
    if (s != ST_OK) {
        json_decref(doc);
        return s;
    }
    *out = doc;
    return ST_OK;
}

json_t *pd_version_object(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, seq, state, filename, source_format, doc_title, articles, effective_date, revision_note,"
                          " decision, decision_date, pack_version, uploaded_by, uploaded_at, published_by, published_at"
                          " FROM policy_doc_versions WHERE id = ?",
                          e);
    if (!st)
        return NULL;
    stmt_bind_int(st, 1, id);
    json_t *o = NULL;
    if (row_single(st, version_cols, VERSION_TYPES, &o, e) != ST_OK)
        return NULL;
    return o;
}
