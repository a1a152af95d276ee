/* gate_purge: the quarantine's retention (gate.h). The quarantine is a waiting room, not an archive:
 * disarmed copies and originals older than the pack's gate.retention_days are deleted — by the
 * files' own age, so that what was never imported (or arrived while lgsec was down) goes too — and
 * the items that arrived before then are marked purged. A file that a newer item still refers to
 * (the same attachment sent again) is kept. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "domain/gate/gate_internal.h"

/* True when an item that arrived at or after cutoff still refers to sha (as original or copy). */
static Status still_needed(Ctx *ctx, const char *sha, const char *cutoff, bool *yes, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM gate_items WHERE received_at >= ?2 AND "
                          "(original_sha256 = ?1 OR disarmed_sha256 = ?1) LIMIT 1",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, sha);
    stmt_bind_text(st, 2, cutoff);
    Status s = stmt_step_row(st, yes, e);
    stmt_finalize(st);
    return s;
}

/* Deletes the expired files of one directory; their names go to deleted. */
static Status purge_dir(Ctx *ctx, const char *dir, int64_t cutoff_t, const char *cutoff, json_t *deleted, Err *e)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? ST_OK
                               : err_setf(e, ST_IO, "quarantine_dir", "quarantine_dir",
                                          "隔離ディレクトリ %s を読めません (%s)",
                                          "cannot read the quarantine directory %s (%s)", dir, strerror(errno));
    Status s = ST_OK;
    struct dirent *de;
    while (s == ST_OK && (de = readdir(d))) {
        if (!gate_sha256_valid(de->d_name))
            continue; /* ".", "..", originals/, temporary files being written */
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (int64_t)sb.st_mtime >= cutoff_t)
            continue;
        bool needed = false;
        if ((s = still_needed(ctx, de->d_name, cutoff, &needed, e)) != ST_OK || needed)
            continue;
        if (unlink(path) != 0 && errno != ENOENT)
            s = err_setf(e, ST_IO, "quarantine_write", "quarantine_dir", "隔離ファイル %s を削除できません (%s)",
                         "cannot delete the quarantine file %s (%s)", path, strerror(errno));
        else
            json_array_append_new(deleted, json_string(de->d_name));
    }
    closedir(d);
    return s;
}

Status gate_purge(Ctx *ctx, int *files_out, Err *e)
{
    if (files_out)
        *files_out = 0;
    const char *q = gate_config()->quarantine_dir;
    if (!q)
        return err_set(e, ST_NOTFOUND, "gate_quarantine_missing", "quarantine_dir", "隔離ディレクトリが設定されていません (--quarantine)",
                       "no quarantine directory is configured (--quarantine)");
    int days = gate_retention_days(ctx);
    int64_t cutoff_t = clock_now(ctx->clock) - (int64_t)days * 86400;
    char cutoff[21], originals[4200];
    time_iso_utc(cutoff_t, cutoff);
    snprintf(originals, sizeof originals, "%s/originals", q);
    json_t *copies = json_array(), *origs = json_array();
    Status s = db_begin(ctx->db, e);
    if (s == ST_OK)
        s = purge_dir(ctx, q, cutoff_t, cutoff, copies, e);
    if (s == ST_OK)
        s = purge_dir(ctx, originals, cutoff_t, cutoff, origs, e);
    int items = 0;
    if (s == ST_OK) {
        char now[21];
        time_iso_utc(clock_now(ctx->clock), now);
        Stmt *st = db_prepare(ctx->db, "UPDATE gate_items SET purged_at = ? WHERE purged_at IS NULL AND received_at < ?",
                              e);
        if (!st)
            s = ST_INTERNAL;
        else {
            stmt_bind_text(st, 1, now);
            stmt_bind_text(st, 2, cutoff);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
            items = db_changes(ctx->db);
        }
    }
    size_t n_files = json_array_size(copies) + json_array_size(origs);
    if (s == ST_OK && (n_files || items)) {
        json_t *after = json_pack("{s:s, s:i, s:i, s:O, s:O}", "before", cutoff, "retention_days", days, "items",
                                  items, "copies", copies, "originals", origs);
        s = record_change(ctx, "gate.purge", "gate_quarantine", 0, NULL, after, e);
        json_decref(after);
    }
    json_decref(copies);
    json_decref(origs);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && files_out)
        *files_out = (int)n_files;
    return s;
}
