/* gate_release: 原本取り出し — filing the request for an original and its download after approval
 * and a rescan with the signatures installed now (gate.h). The request itself is an ordinary
 * request of type original_release (approval by the pack's stages, 第20条 separation by the
 * requests module); what is specific to the gate is checked here: the requester is a recipient of
 * the attachment, the original is still kept, the download happens within gate.release_hours of
 * the approval and only when the rescan finds nothing. A file the rescan detects is refused for
 * good (gate_releases.result 'refused'), whatever the signatures say later. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/gate/gate_internal.h"
#include "domain/requests/requests.h"
#include "sanitize/rescan.h"

#define ORIGINAL_MAX_BYTES (256u * 1024 * 1024)

/* The newest item with this original sent to email (any item for email NULL): its name, and
 * whether it was purged. ST_NOTFOUND gate_item_not_found when there is none. */
static Status find_item(Ctx *ctx, const char *sha, const char *email, char name[256], bool *purged, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT i.name, i.purged_at IS NOT NULL FROM gate_items i JOIN gate_verdicts v "
                          "ON v.id = i.verdict_id WHERE i.original_sha256 = ?1 AND (?2 IS NULL OR EXISTS "
                          "(SELECT 1 FROM json_each(v.recipients) j WHERE j.value = ?2)) "
                          "ORDER BY i.purged_at IS NOT NULL, i.received_at DESC LIMIT 1",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, sha);
    stmt_bind_text(st, 2, email);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        snprintf(name, 256, "%s", stmt_text(st, 0));
        *purged = stmt_int(st, 1) != 0;
    } else if (s == ST_OK)
        s = err_set(e, ST_NOTFOUND, "gate_item_not_found", "quarantine_id",
                    "あなた宛ての隔離された添付ファイルに、この隔離IDのものはありません",
                    "no quarantined attachment addressed to you has this ID");
    stmt_finalize(st);
    return s;
}

static Status need_email(Ctx *ctx, char email[321], Err *e)
{
    Status s = gate_actor_email(ctx, email, e);
    if (s == ST_OK && !email[0])
        s = err_set(e, ST_NOTFOUND, "gate_item_not_found", "quarantine_id",
                    "職員名簿にメールアドレスがないため、あなた宛ての添付ファイルを探せません",
                    "your staff record has no e-mail address, so no attachment can be found for you");
    return s;
}

Status gate_release_request(Ctx *ctx, const char *original_sha256, const char *reason, int64_t *request_id,
                            Err *e)
{
    *request_id = 0;
    if (!gate_sha256_valid(original_sha256))
        return err_set(e, ST_INVALID, "invalid_quarantine_id", "quarantine_id",
                       "隔離IDは原本の SHA-256 (64桁の16進数、小文字) です", "the quarantine ID is the original's SHA-256 (64 lower-case hex digits)");
    if (!reason || !*reason)
        return err_set(e, ST_INVALID, "required", "reason", "原本が必要な理由を入力してください",
                       "give the reason the original is needed");
    char email[321], name[256];
    bool purged = false;
    Status s = need_email(ctx, email, e);
    if (s == ST_OK)
        s = find_item(ctx, original_sha256, email, name, &purged, e);
    if (s == ST_OK && purged)
        s = err_set(e, ST_CONFLICT, "release_purged", "quarantine_id",
                    "保存期間を過ぎたため、この原本は削除されています", "the original was deleted at the end of its retention");
    if (s != ST_OK)
        return s;
    json_t *fields = json_pack("{s:s, s:s}", "quarantine_id", original_sha256, "reason", reason);
    s = request_file(ctx, GATE_RELEASE_TYPE, 0, fields, true, request_id, e);
    json_decref(fields);
    return s;
}

typedef struct Release {
    char sha[65];
    int64_t requester;
    char state[16];
    int64_t decided_at;
    bool refused;
    char refusal[1001];
} Release;

static Status load_release(Ctx *ctx, int64_t request_id, Release *r, Err *e)
{
    memset(r, 0, sizeof *r);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT coalesce(json_extract(q.fields, '$.quarantine_id'), ''), q.requester_person_id, "
                          "q.state, coalesce(q.decided_at, ''), g.result = 'refused', coalesce(g.reason, '') "
                          "FROM requests_v q LEFT JOIN gate_releases g ON g.request_id = q.id "
                          "WHERE q.id = ? AND q.type = '" GATE_RELEASE_TYPE "'",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_int(st, 1, request_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        snprintf(r->sha, sizeof r->sha, "%s", stmt_text(st, 0));
        r->requester = stmt_int(st, 1);
        snprintf(r->state, sizeof r->state, "%s", stmt_text(st, 2));
        if (!time_parse_iso(stmt_text(st, 3), &r->decided_at))
            r->decided_at = 0;
        r->refused = stmt_int(st, 4) == 1;
        snprintf(r->refusal, sizeof r->refusal, "%s", stmt_text(st, 5));
    } else if (s == ST_OK)
        s = err_set(e, ST_NOTFOUND, "request_not_found", "id", "原本取り出しの申請が見つかりません",
                    "release request not found");
    stmt_finalize(st);
    return s;
}

/* Reads quarantine_dir/originals/<sha> and checks that it still is what was received. */
static Status read_original(const char *sha, uint8_t **data, size_t *len, Err *e)
{
    const char *q = gate_config()->quarantine_dir;
    char path[4300];
    snprintf(path, sizeof path, "%s/originals/%s", q ? q : "", sha);
    int fd = q ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > ORIGINAL_MAX_BYTES) {
        if (fd >= 0)
            close(fd);
        return err_set(e, ST_CONFLICT, "release_purged", "quarantine_id",
                       "原本が隔離ディレクトリにありません (保存期間を過ぎて削除されたか、原本を残さない設定です)",
                       "the original is not in the quarantine (deleted after its retention, or originals are not kept)");
    }
    size_t n = (size_t)sb.st_size, got = 0;
    uint8_t *buf = xmalloc(n ? n : 1);
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(h, buf, got);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (got != n || strcmp(hex, sha) != 0) {
        free(buf);
        return err_set(e, ST_TAMPER, "release_file_mismatch", "quarantine_id",
                       "隔離された原本が受信時の内容と一致しません。渡さずに止めました",
                       "the quarantined original no longer matches what was received; not released");
    }
    *data = buf;
    *len = n;
    return ST_OK;
}

/* Records the attempt: the release row (result, downloads) and the trail entry, in one transaction. */
static Status record_attempt(Ctx *ctx, int64_t request_id, const Release *r, const char *name, size_t bytes,
                             bool released, const char *code, const char *reason, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Status s = db_begin(ctx->db, e);
    bool final = released || strcmp(code, "malware") == 0;
    if (s == ST_OK && final) {
        Stmt *st = db_prepare(ctx->db,
                              "INSERT INTO gate_releases (request_id, original_sha256, rescanned_at, result, "
                              "block_code, reason, downloads, last_download_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) "
                              "ON CONFLICT (request_id) DO UPDATE SET rescanned_at = ?3, result = ?4, "
                              "block_code = ?5, reason = ?6, downloads = downloads + ?7, "
                              "last_download_at = coalesce(?8, last_download_at)",
                              e);
        if (!st)
            s = ST_INTERNAL;
        else {
            stmt_bind_int(st, 1, request_id);
            stmt_bind_text(st, 2, r->sha);
            stmt_bind_text(st, 3, now);
            stmt_bind_text(st, 4, released ? "released" : "refused");
            stmt_bind_text(st, 5, code);
            stmt_bind_text(st, 6, reason);
            stmt_bind_int(st, 7, released ? 1 : 0);
            stmt_bind_text(st, 8, released ? now : NULL);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    json_t *row = NULL;
    if (s == ST_OK)
        s = gate_release_row_of_request(ctx, request_id, &row, e);
    if (s == ST_OK) {
        /* the release row as stored now (reconciliation), null when no attempt has written one */
        json_t *after = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o}", "request_id", (json_int_t)request_id,
                                  "original_sha256", r->sha, "name", name, "bytes", (json_int_t)bytes, "result",
                                  released ? "released" : "refused", "block_code", code, "release",
                                  row ? row : json_null());
        s = record_change(ctx, released ? "gate.release_download" : "gate.release_refused", "gate_release",
                          request_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status gate_release_download(Ctx *ctx, int64_t request_id, uint8_t **data, size_t *len, char name[256], Err *e)
{
    *data = NULL;
    *len = 0;
    name[0] = 0;
    Release r;
    Status s = load_release(ctx, request_id, &r, e);
    if (s != ST_OK)
        return s;
    if (r.requester != ctx->actor->person_id || !ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "release_not_requester", "",
                       "原本を取り出せるのは、許可された申請者本人だけです", "only the approved requester may download the original");
    if (strcmp(r.state, "approved") != 0)
        return err_set(e, ST_CONFLICT, "release_not_approved", "", "この申請はまだ許可されていません (または許可が終わっています)",
                       "the request is not approved (or no longer)");
    if (clock_now(ctx->clock) >= r.decided_at + (int64_t)gate_release_hours(ctx) * 3600)
        return err_setf(e, ST_CONFLICT, "release_expired", "", "許可から %d 時間を過ぎたため、取り出せません。改めて申請してください",
                        "more than %d hours have passed since the approval; file a new request", gate_release_hours(ctx));
    if (r.refused)
        return err_set(e, ST_CONFLICT, "release_malware", "", r.refusal,
                       "the rescan found malware in this original: it is not released");
    char email[321];
    bool purged = false;
    if ((s = need_email(ctx, email, e)) != ST_OK || (s = find_item(ctx, r.sha, email, name, &purged, e)) != ST_OK)
        return s;
    uint8_t *buf = NULL;
    size_t n = 0;
    if ((s = read_original(r.sha, &buf, &n, e)) != ST_OK)
        return s;
    /* The rescan: the scan alone (the original is what is asked for, not a disarmed copy), with the
     * signatures installed now, in the sandbox; no usable database blocks. */
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.clamav_db = gate_config()->clamav_db;
    p.require_malware_scan = true;
    p.max_file_bytes = ORIGINAL_MAX_BYTES;
    Verdict *v = NULL;
    if ((s = sanitize_rescan(&p, buf, n, name, &v, e)) != ST_OK) {
        free(buf);
        return s;
    }
    bool blocked = verdict_blocked(v);
    char code[65], reason[1001];
    snprintf(code, sizeof code, "%s", verdict_block_code(v));
    reason[0] = 0;
    if (blocked) {
        char *j = verdict_to_json(v);
        json_t *t = json_loads(j, 0, NULL);
        snprintf(reason, sizeof reason, "%s",
                 json_string_value(json_object_get(json_object_get(t, "blocked"), "ja"))
                     ? json_string_value(json_object_get(json_object_get(t, "blocked"), "ja"))
                     : "再検査で遮断されました");
        json_decref(t);
        free(j);
    }
    verdict_free(v);
    s = record_attempt(ctx, request_id, &r, name, n, !blocked, code, reason, e);
    if (s == ST_OK && blocked)
        s = strcmp(code, "malware") == 0
                ? err_set(e, ST_CONFLICT, "release_malware", "", reason,
                          "the rescan with the current signatures found malware: the original is not released")
                : err_setf(e, ST_CONFLICT, "release_scan_unavailable", "", "再検査ができないため、原本を渡せません (%s)",
                           "the original cannot be rescanned now, so it is not released (%s)", code);
    if (s != ST_OK) {
        free(buf);
        return s;
    }
    *data = buf;
    *len = n;
    return ST_OK;
}
