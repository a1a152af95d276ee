/* incident_evidence: evidence files kept for the chain of custody (see incidents.h). The bytes go to
 * the shared content-addressed store (src/evidence: under their SHA-256, 0600, re-hashed on every
 * read); each upload and each view is a trail entry here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "evidence/evidence.h"

Status incident_evidence_add(Ctx *ctx, int64_t id, const char *name, const char *description,
                             const unsigned char *data, size_t len, int64_t *evidence_id, Err *e)
{
    json_t *in = json_pack("{s:s?, s:s?}", "name", name, "description", description);
    const char *nm, *ignored;
    Status checked = in ? incident_text(ctx, in, &evidence_fields[0], true, &nm, e) : ST_OK;
    if (checked == ST_OK && in)
        checked = incident_text(ctx, in, &evidence_fields[1], false, &ignored, e);
    json_decref(in);
    if (!in || (checked == ST_OK && strchr(name, '/')))
        return err_set(e, ST_INVALID, "invalid_text", "name", "ファイル名 (200文字以内、/ を含まない) を指定してください",
                       "name must be a file name of at most 200 characters without /");
    if (checked != ST_OK)
        return checked;
    Status s = evidence_check_size(len, e);
    if (s != ST_OK)
        return s;
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "証拠の登録は職員として行ってください",
                       "evidence is registered by a person");
    if ((s = incident_check_read(ctx, id, e)) != ST_OK)
        return s;
    char sha[65];
    if ((s = evidence_put(db_path(ctx->db), data, len, sha, e)) != ST_OK)
        return s;
    char now[21];
    incident_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO incident_evidence(incident_id, sha256, name, size, description, uploaded_by,"
                          " uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, sha);
        stmt_bind_text(st, 3, name);
        stmt_bind_int(st, 4, (int64_t)len);
        stmt_bind_text(st, 5, description ? description : "");
        stmt_bind_int(st, 6, ctx->actor->person_id);
        stmt_bind_text(st, 7, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    int64_t eid = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s, s:I}", "evidence_id", (json_int_t)eid, "sha256", sha, "name", name,
                                  "size", (json_int_t)len);
        s = record_change(ctx, "incident.evidence_add", "incident", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && evidence_id)
        *evidence_id = eid;
    return s;
}

Status incident_evidence_read(Ctx *ctx, int64_t id, int64_t evidence_id, unsigned char **data, size_t *len,
                              char name[static 256], Err *e)
{
    *data = NULL;
    *len = 0;
    Status s = incident_check_read(ctx, id, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT sha256, name, size FROM incident_evidence WHERE id = ? AND incident_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, evidence_id);
    stmt_bind_int(st, 2, id);
    bool row = false;
    char sha[65] = "";
    int64_t size = 0;
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        snprintf(sha, sizeof sha, "%s", stmt_text(st, 0));
        snprintf(name, 256, "%s", stmt_text(st, 1));
        size = stmt_int(st, 2);
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "evidence_not_found", "evidence_id", "その証拠はこの報告にありません",
                    "no such evidence on this report");
    if (s != ST_OK)
        return s;
    unsigned char *buf = NULL;
    size_t got = 0;
    if ((s = evidence_get(db_path(ctx->db), sha, size, &buf, &got, e)) != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        json_t *after = json_pack("{s:I, s:s}", "evidence_id", (json_int_t)evidence_id, "sha256", sha);
        s = record_change(ctx, "incident.evidence_view", "incident", id, NULL, after, e);
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

Status incident_evidence_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.sha256, v.name, v.size, v.description, v.uploaded_by, p.name, v.uploaded_at"
                          " FROM incident_evidence v JOIN people_v p ON p.id = v.uploaded_by WHERE v.incident_id = ?"
                          " ORDER BY v.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"id", "sha256", "name", "size", "description", "uploaded_by",
                                       "uploaded_by_name", "uploaded_at", NULL};
    return rows_array(st, cols, "issisiss", out, e);
}
