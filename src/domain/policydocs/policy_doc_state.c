/* policy_doc_state: ポリシー文書, their versions and the annual reviews as the trail records them, for
 * reconciliation (domain/kernel/state.h, docs/trail.md "State reconciliation"). */
#include <sodium.h>
#include <string.h>

#include "domain/policydocs/policy_doc_internal.h"
#include "domain/policydocs/policydocs.h"

static const char *const document_cols[] = {"id", "kind", "title", "area", "system_id", "current_version_id",
                                            "updated_at", NULL};

static Status document_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, kind, title, area, system_id, current_version_id, updated_at FROM policy_documents"
                          " WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return row_single(st, document_cols, "isssIIs", out, e);
}

/* policy_doc.create records kind, title, area and system; the current version and its time are set
 * by 施行 (policy_doc.publish), whose entry is the version's. */
static const char *const document_actions[] = {"policy_doc.create", NULL};
static const char *const document_ignored[] = {"current_version_id", "updated_at", NULL};
const StateKind policy_document_state_kind = {
    .object_type = "policy_document",
    .table = "policy_documents",
    .ids_sql = "SELECT id FROM policy_documents ORDER BY id",
    .full_actions = document_actions,
    .ignored = document_ignored,
    .get = document_state,
};

Status pd_version_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT document_id, source_sha256, source_text FROM policy_doc_versions WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    json_t *extra = NULL;
    if (s == ST_OK && row) {
        size_t len;
        const void *text = stmt_blob(st, 2, &len);
        unsigned char h[crypto_hash_sha256_BYTES];
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        crypto_hash_sha256(h, text, len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        extra = json_pack("{s:I, s:s, s:s}", "document_id", (json_int_t)stmt_int(st, 0), "sha256", stmt_text(st, 1),
                          "text_sha256", hex);
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return ST_NOTFOUND;
    json_t *o = pd_version_object(ctx, id, e);
    if (!o) {
        json_decref(extra);
        return e->status;
    }
    json_object_update(o, extra);
    json_decref(extra);
    *out = o;
    return ST_OK;
}

/* Each of these records pd_version_state (upload: the same keys but "format" for source_format). */
static const char *const version_actions[] = {"policy_doc.upload",  "policy_doc.version_update", "policy_doc.publish",
                                              "policy_doc.discard", "policy_doc.supersede",      NULL};
const StateKind policy_version_state_kind = {
    .object_type = "policy_doc_version",
    .table = "policy_doc_versions",
    .ids_sql = "SELECT id FROM policy_doc_versions ORDER BY id",
    .full_actions = version_actions,
    .ignored = NULL,
    .get = pd_version_state,
};

static const char *const review_actions[] = {"policy_review.create", "policy_review.update", NULL};
const StateKind policy_review_state_kind = {
    .object_type = "policy_review",
    .table = "policy_reviews",
    .ids_sql = "SELECT id FROM policy_reviews ORDER BY id",
    .full_actions = review_actions,
    .ignored = NULL,
    .get = policy_review_get,
};
