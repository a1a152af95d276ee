/* netcheck_store: uploads, runs and the attachment to a request (netcheck.h). Each is one transaction
 * with its trail entry; a run's entry holds the SHA-256 of every file it read and of its result. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/netcheck/netcheck_internal.h"
#include "evidence/evidence.h"

void netcheck_now(const Ctx *ctx, char out[static 21])
{
    time_iso_utc(clock_now(ctx->clock), out);
}

static Status need_person(const Ctx *ctx, Err *e)
{
    return ctx->actor->person_id ? ST_OK
                                 : err_set(e, ST_FORBIDDEN, "not_a_person", "", "ネットワーク分離の検証は職員として行ってください",
                                           "netcheck runs are made by a person");
}

/* The trail entry of a change: after is the object's whole state read back (the StateKind's get). */
static Status record_state(Ctx *ctx, const char *action, const char *type, int64_t id,
                           Status (*get)(Ctx *, int64_t, json_t **, Err *), json_t *before, Err *e)
{
    json_t *after = NULL;
    Status s = get(ctx, id, &after, e);
    if (s == ST_NOTFOUND)
        s = err_set(e, ST_NOTFOUND, "netcheck_run_not_found", "id", "記録した行を読めません", "the row just written is gone");
    if (s == ST_OK)
        s = record_change(ctx, action, type, id, before, after, e);
    json_decref(after);
    return s;
}

Status netcheck_file_add(Ctx *ctx, const char *name, const unsigned char *data, size_t len, int64_t *id_out, Err *e)
{
    if (!name || !*name || strchr(name, '/') || !text_valid_chars(name, 255, false))
        return err_set(e, ST_INVALID, "invalid_text", "name", "ファイル名 (255文字以内、/ を含まない) を指定してください",
                       "name must be a file name of at most 255 characters without /");
    Status s = evidence_check_size(len, e);
    if (s == ST_OK)
        s = need_person(ctx, e);
    char sha[65];
    if (s == ST_OK)
        s = evidence_put(db_path(ctx->db), data, len, sha, e);
    if (s != ST_OK)
        return s;
    char now[21];
    netcheck_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO netcheck_files(sha256, name, size, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)", e);
    if (st) {
        stmt_bind_text(st, 1, sha);
        stmt_bind_text(st, 2, name);
        stmt_bind_int(st, 3, (int64_t)len);
        stmt_bind_int(st, 4, ctx->actor->person_id);
        stmt_bind_text(st, 5, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else
        s = e->status;
    int64_t id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    if (s == ST_OK)
        s = record_state(ctx, "netcheck.file_add", "netcheck_file", id, netcheck_file_state, NULL, e);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

typedef struct Loaded {
    int64_t id;
    char sha[65];
    char *name;
    unsigned char *data;
    size_t len;
} Loaded;

/* The bytes of the actor's upload id (re-hashed by the evidence store). */
static Status load_file(Ctx *ctx, int64_t id, Loaded *f, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT sha256, name, size FROM netcheck_files WHERE id = ? AND uploaded_by = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    bool row = false;
    int64_t size = 0;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        snprintf(f->sha, sizeof f->sha, "%s", stmt_text(st, 0));
        f->name = xstrdup(stmt_text(st, 1));
        size = stmt_int(st, 2);
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_setf(e, ST_NOTFOUND, "netcheck_file_not_found", "config_file_ids", "ファイル %lld はあなたのアップロードにありません",
                     "file %lld is not one of your uploads", (long long)id);
    f->id = id;
    if (s == ST_OK)
        s = evidence_get(db_path(ctx->db), f->sha, size, &f->data, &f->len, e);
    return s;
}

static bool id_list(json_t *a, int64_t *out, size_t *n, size_t max)
{
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > max)
        return false;
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) <= 0)
            return false;
        out[i] = json_integer_value(x);
    }
    *n = json_array_size(a);
    return true;
}

static Status bad_run(Err *e, const char *field, const char *ja, const char *en)
{
    return err_set(e, ST_INVALID, "netcheck_invalid_run", field, ja, en);
}

/* Checks in and fills mode, format, title and the file ids (ids[0] the topology for a check). */
static Status read_input(json_t *in, NetcheckMode *mode, NcFormat *fmt, const char **title, int64_t *ids, size_t *n, Err *e)
{
    static const char *const keys[] = {"mode", "title", "format", "topology_file_id", "config_file_ids", NULL};
    if (!json_is_object(in))
        return bad_run(e, "", "JSON オブジェクトが必要です", "a JSON object is needed");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        bool known = false;
        for (int i = 0; keys[i]; i++)
            known |= strcmp(keys[i], k) == 0;
        if (!known)
            return err_setf(e, ST_INVALID, "netcheck_invalid_run", k, "知らない項目「%s」です", "unknown field \"%s\"", k);
    }
    const char *m = json_string_value(json_object_get(in, "mode"));
    if (!m || (strcmp(m, "check") && strcmp(m, "diff")))
        return bad_run(e, "mode", "mode は check (検証) か diff (変更前後の比較) です", "mode is check or diff");
    *mode = strcmp(m, "check") == 0 ? NETCHECK_CHECK : NETCHECK_DIFF;
    json_t *t = json_object_get(in, "title");
    *title = json_string_value(t);
    if ((t && !json_is_string(t)) || (*title && !text_valid_chars(*title, 200, false)))
        return bad_run(e, "title", "件名は200文字以内です", "title is at most 200 characters");
    const char *f = json_string_value(json_object_get(in, "format"));
    *fmt = NC_FMT_AUTO;
    if ((json_object_get(in, "format") && !f) || (f && !nc_format_from_name(f, fmt)))
        return bad_run(e, "format", "format は auto, iptables, nft, rtx, fortigate, ios のどれかです",
                       "format is auto, iptables, nft, rtx, fortigate or ios");
    size_t first = 0;
    if (*mode == NETCHECK_CHECK) {
        json_t *tp = json_object_get(in, "topology_file_id");
        if (!json_is_integer(tp) || json_integer_value(tp) <= 0)
            return bad_run(e, "topology_file_id", "トポロジーのファイルを指定してください", "give the topology file");
        ids[0] = json_integer_value(tp);
        first = 1;
    } else if (json_object_get(in, "topology_file_id"))
        return bad_run(e, "topology_file_id", "変更前後の比較にトポロジーは使いません", "a diff takes no topology");
    size_t k2 = 0;
    if (!id_list(json_object_get(in, "config_file_ids"), ids + first, &k2, NETCHECK_MAX_FILES - 1) ||
        (*mode == NETCHECK_DIFF && k2 != 2))
        return bad_run(e, "config_file_ids",
                       *mode == NETCHECK_DIFF ? "変更前と変更後の設定ファイル (2つ) を指定してください"
                                              : "機器の設定ファイルを指定してください (31 まで)",
                       *mode == NETCHECK_DIFF ? "give the configuration before and after (two files)"
                                              : "give the devices' configuration files (at most 31)");
    *n = first + k2;
    return ST_OK;
}

static Status insert_run(Ctx *ctx, NetcheckMode mode, const char *title, const char *model, const char *result,
                         const char *sha, const NcRunSummary *sum, int64_t *id, Err *e)
{
    char now[21];
    netcheck_now(ctx, now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO netcheck_runs(mode, title, model, result, result_sha256, violations, opened, closed,"
                          " findings, run_by, run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, mode == NETCHECK_CHECK ? "check" : "diff");
    stmt_bind_text(st, 2, title ? title : "");
    stmt_bind_text(st, 3, model);
    stmt_bind_text(st, 4, result);
    stmt_bind_text(st, 5, sha);
    stmt_bind_int(st, 6, (int64_t)sum->violations);
    stmt_bind_int(st, 7, (int64_t)sum->opened);
    stmt_bind_int(st, 8, (int64_t)sum->closed);
    stmt_bind_int(st, 9, (int64_t)sum->findings);
    stmt_bind_int(st, 10, ctx->actor->person_id);
    stmt_bind_text(st, 11, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    *id = s == ST_OK ? db_last_insert_id(ctx->db) : 0;
    return s;
}

static Status insert_pair(Ctx *ctx, const char *sql, int64_t a, int64_t b, int64_t c, const char *role, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, a);
    stmt_bind_int(st, 2, b);
    if (role) {
        stmt_bind_int(st, 3, c);
        stmt_bind_text(st, 4, role);
    }
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static void hex_sha256(const char *s, char out[static 65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    evidence_hex(h, out);
}

Status netcheck_run(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    NetcheckMode mode = NETCHECK_CHECK;
    NcFormat fmt = NC_FMT_AUTO;
    const char *title = NULL;
    int64_t ids[NETCHECK_MAX_FILES];
    size_t n = 0;
    Status s = read_input(in, &mode, &fmt, &title, ids, &n, e);
    if (s == ST_OK)
        s = need_person(ctx, e);
    if (s != ST_OK)
        return s;
    Loaded files[NETCHECK_MAX_FILES] = {0};
    NcFile nf[NETCHECK_MAX_FILES] = {0};
    for (size_t i = 0; i < n && s == ST_OK; i++)
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                s = bad_run(e, "config_file_ids", "同じファイルが二度指定されています", "a file is given twice");
    for (size_t i = 0; i < n && s == ST_OK; i++)
        if ((s = load_file(ctx, ids[i], &files[i], e)) == ST_OK)
            nf[i] = (NcFile){files[i].name, (const char *)files[i].data, files[i].len};
    NetcheckZones z = {0};
    if (s == ST_OK && mode == NETCHECK_CHECK)
        s = netcheck_zones_load(ctx, &z, e);
    char *result = NULL;
    NcRunSummary sum = {0};
    char matrix_name[NETCHECK_MATRIX_NAME];
    NcRunInput ri = {.format = fmt, .hygiene = true, .systems = z.refs, .n_systems = z.n};
    if (s == ST_OK && mode == NETCHECK_CHECK)
        s = netcheck_matrix_of(ctx->pack, &ri.matrix, matrix_name, e);
    if (s == ST_OK) {
        if (mode == NETCHECK_CHECK) {
            ri.topology = nf[0];
            ri.configs = nf + 1;
            ri.n_configs = n - 1;
        } else {
            ri.configs = nf;
            ri.n_configs = n;
        }
        s = netcheck_exec(mode, &ri, &result, &sum, e);
    }
    json_t *r = s == ST_OK ? json_loads(result, 0, NULL) : NULL;
    if (s == ST_OK && !r)
        s = err_set(e, ST_LIMIT, "netcheck_sandbox_failed", "configs", "検証結果を読めません", "the result is not JSON");
    char sha[65] = "";
    int64_t id = 0;
    if (s == ST_OK) {
        hex_sha256(result, sha);
        s = db_begin(ctx->db, e);
    }
    if (s == ST_OK) {
        const char *model = json_string_value(json_object_get(r, "model"));
        s = insert_run(ctx, mode, title, model ? model : "", result, sha, &sum, &id, e);
        for (size_t i = 0; i < n && s == ST_OK; i++)
            s = insert_pair(ctx, "INSERT INTO netcheck_run_files(run_id, position, file_id, role) VALUES (?, ?, ?, ?)", id,
                            (int64_t)i, ids[i],
                            mode == NETCHECK_DIFF ? (i == 0 ? "before" : "after") : (i == 0 ? "topology" : "config"), e);
        /* the register's systems the topology names: whose 情報システム管理者 may read the run */
        json_t *sys = json_object_get(r, "systems"), *x;
        size_t i;
        json_array_foreach(sys, i, x) {
            const char *code = json_string_value(json_object_get(x, "code"));
            for (size_t k = 0; k < z.n && s == ST_OK && code; k++)
                if (strcmp(z.refs[k].code, code) == 0)
                    s = insert_pair(ctx, "INSERT OR IGNORE INTO netcheck_run_systems(run_id, system_id) VALUES (?, ?)", id,
                                    z.ids[k], 0, NULL, e);
        }
        if (s == ST_OK)
            s = record_state(ctx, "netcheck.run", "netcheck_run", id, netcheck_run_state, NULL, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(r);
    free(result);
    netcheck_zones_free(&z);
    for (size_t i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status netcheck_run_attach(Ctx *ctx, int64_t id, int64_t request_id, Err *e)
{
    Status s = need_person(ctx, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.mode, r.request_id, q.type, q.state FROM netcheck_runs r LEFT JOIN requests_v q ON q.id = ?2"
                          " AND q.requester_person_id = ?3 WHERE r.id = ?1 AND r.run_by = ?3", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, request_id);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    bool row = false;
    char mode[8] = "", type[80] = "", state[32] = "";
    bool attached = false, has_request = false;
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        snprintf(mode, sizeof mode, "%s", stmt_text(st, 0));
        attached = !stmt_is_null(st, 1);
        has_request = !stmt_is_null(st, 2);
        if (has_request) {
            snprintf(type, sizeof type, "%s", stmt_text(st, 2));
            snprintf(state, sizeof state, "%s", stmt_text(st, 3));
        }
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_NOTFOUND, "netcheck_run_not_found", "id", "あなたの検証結果にありません", "not one of your runs");
    if (!has_request)
        return err_set(e, ST_NOTFOUND, "request_not_found", "request_id", "あなたの申請にありません", "not one of your requests");
    if (strcmp(mode, "diff") != 0 || attached || strcmp(type, "security_setting_change") != 0 ||
        (strcmp(state, "draft") != 0 && strcmp(state, "submitted") != 0))
        return err_set(e, ST_CONFLICT, "netcheck_not_attachable", "request_id",
                       "添付できるのは、まだ添付していない変更前後の比較を、決裁前のセキュリティ設定の変更の申請にだけです",
                       "only a diff not yet attached goes to an undecided security setting change request");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = netcheck_run_state(ctx, id, &before, e);
    st = s == ST_OK ? db_prepare(ctx->db, "UPDATE netcheck_runs SET request_id = ? WHERE id = ? AND request_id IS NULL", e) : NULL;
    if (st) {
        stmt_bind_int(st, 1, request_id);
        stmt_bind_int(st, 2, id);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK)
        s = e->status;
    if (s == ST_OK)
        s = record_state(ctx, "netcheck.attach", "netcheck_run", id, netcheck_run_state, before, e);
    json_decref(before);
    return finish_tx(ctx, s, e);
}
