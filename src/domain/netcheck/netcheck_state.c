/* netcheck_state: a file's and a run's whole state as their trail entries record it, read back from
 * the tables — and so the StateKinds that let `lgsec trail verify` compare the tables with the trail
 * (docs/trail.md). A run's state carries the SHA-256 of its stored result, recomputed on every read:
 * an edited result no longer matches the hash its trail entry holds. */
#include <sodium.h>
#include <string.h>

#include "domain/netcheck/netcheck_internal.h"
#include "evidence/evidence.h"

Status netcheck_file_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"name", "sha256", "size", "uploaded_by", "uploaded_at", NULL};
    Stmt *st = db_prepare(ctx->db, "SELECT name, sha256, size, uploaded_by, uploaded_at FROM netcheck_files WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return row_single(st, cols, "ssiis", out, e);
}

static Status ids_of(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT system_id FROM netcheck_run_systems WHERE run_id = ? ORDER BY system_id", e);
    if (!st) {
        *out = json_array();
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    return rows_ids(st, out, e);
}

Status netcheck_run_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"mode", "title", "model", "violations", "opened", "closed", "findings",
                                       "request_id", "run_by", "run_at", NULL};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT mode, title, model, violations, opened, closed, findings, request_id, run_by, run_at, result"
                          " FROM netcheck_runs WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    json_t *o = NULL;
    if (s == ST_OK && row) {
        o = row_object(st, cols, "sssiiiiIis");
        const char *result = stmt_text(st, 10);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)result, strlen(result));
        char hex[65];
        evidence_hex(h, hex);
        json_object_set_new(o, "result_sha256", json_string(hex));
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return ST_NOTFOUND;
    static const char *const fcols[] = {"file_id", "name", "sha256", "role", NULL};
    st = db_prepare(ctx->db,
                    "SELECT f.id, f.name, f.sha256, rf.role FROM netcheck_run_files rf JOIN netcheck_files f ON f.id = rf.file_id"
                    " WHERE rf.run_id = ? ORDER BY rf.position", e);
    json_t *files = NULL, *systems = NULL;
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, id);
        s = rows_array(st, fcols, "isss", &files, e);
    }
    if (s == ST_OK)
        s = ids_of(ctx, id, &systems, e);
    if (s != ST_OK) {
        json_decref(o);
        json_decref(files);
        json_decref(systems);
        return s;
    }
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "system_ids", systems);
    *out = o;
    return ST_OK;
}

static const char *const file_actions[] = {"netcheck.file_add", NULL};
static const char *const run_actions[] = {"netcheck.run", "netcheck.attach", NULL};

const StateKind netcheck_file_state_kind = {
    .object_type = "netcheck_file",
    .table = "netcheck_files",
    .ids_sql = "SELECT id FROM netcheck_files ORDER BY id",
    .full_actions = file_actions,
    .ignored = NULL,
    .get = netcheck_file_state,
};

/* netcheck_run_files and netcheck_run_systems are compared as the run's files and system_ids */
const StateKind netcheck_run_state_kind = {
    .object_type = "netcheck_run",
    .table = "netcheck_runs",
    .ids_sql = "SELECT id FROM netcheck_runs ORDER BY id",
    .full_actions = run_actions,
    .ignored = NULL,
    .get = netcheck_run_state,
};
