/* incident_evidence: evidence files kept for the chain of custody (see incidents.h). The bytes are
 * stored once under their SHA-256 in <db>.evidence/ (0700, files 0600, written to a temporary name
 * and renamed, never overwritten); each upload and each view is a trail entry, and a view re-hashes
 * the file so that a changed original is refused rather than served. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"

#define MAX_EVIDENCE_BYTES (64u * 1024 * 1024)

static void hex(const unsigned char *h, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[64] = '\0';
}

static Status io_error(Err *e, const char *what)
{
    return err_setf(e, ST_IO, "evidence_store_failed", "", "証拠ファイルを保存・読み出しできません (%s)",
                    "cannot store or read the evidence file (%s)", what);
}

#define DIR_CAP 4000
#define FILE_CAP (DIR_CAP + 80)

/* <db>.evidence and <db>.evidence/<sha256>. */
static void paths(const Ctx *ctx, const char *sha, char dir[static DIR_CAP], char file[static FILE_CAP])
{
    snprintf(dir, DIR_CAP, "%s.evidence", db_path(ctx->db));
    snprintf(file, FILE_CAP, "%s/%.64s", dir, sha);
}

static Status store_file(const Ctx *ctx, const char *sha, const unsigned char *data, size_t len, Err *e)
{
    char dir[DIR_CAP], file[FILE_CAP], tmp[FILE_CAP + 40];
    paths(ctx, sha, dir, file);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return io_error(e, strerror(errno));
    struct stat st;
    if (stat(file, &st) == 0)
        return ST_OK; /* the same bytes are kept already */
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", file, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return io_error(e, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    bool ok = off == len && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, file) != 0) {
        int err = errno;
        unlink(tmp);
        return io_error(e, strerror(err));
    }
    return ST_OK;
}

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
    if (len == 0)
        return err_set(e, ST_INVALID, "evidence_empty", "file", "空のファイルは証拠として登録できません",
                       "an empty file is not evidence");
    if (len > MAX_EVIDENCE_BYTES)
        return err_set(e, ST_LIMIT, "file_too_large", "file", "ファイルが大きすぎます", "the file is too large");
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "証拠の登録は職員として行ってください",
                       "evidence is registered by a person");
    Status s = incident_check_read(ctx, id, e);
    if (s != ST_OK)
        return s;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    char sha[65];
    hex(h, sha);
    if ((s = store_file(ctx, sha, data, len, e)) != ST_OK)
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
    char dir[DIR_CAP], file[FILE_CAP];
    paths(ctx, sha, dir, file);
    FILE *f = fopen(file, "rb");
    if (!f)
        return err_set(e, ST_TAMPER, "evidence_tampered", "evidence_id", "証拠ファイルがありません (削除又は改ざんの可能性)",
                       "the evidence file is missing (possibly deleted or tampered with)");
    unsigned char *buf = xmalloc(size > 0 ? (size_t)size + 1 : 1);
    size_t got = fread(buf, 1, (size_t)size + 1, f);
    fclose(f);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, buf, got);
    char now_sha[65];
    hex(h, now_sha);
    if ((int64_t)got != size || strcmp(now_sha, sha) != 0) {
        free(buf);
        return err_set(e, ST_TAMPER, "evidence_tampered", "evidence_id",
                       "証拠ファイルの内容が登録時の SHA-256 と一致しません (改ざんの可能性)",
                       "the evidence file no longer matches its SHA-256 (possible tampering)");
    }
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
