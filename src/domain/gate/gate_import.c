/* gate_import: the mailgate's verdict log into gate_verdicts and gate_items (gate.h). The log is
 * the gate's own record (one JSON line per verdict, docs/sanitize.md "Verdict recording"); lgsec
 * reads it from where it stopped, takes complete lines only (a line being written has no newline
 * yet) and stores each line once (line_sha256), so a re-read after a crash adds nothing twice. */
#include <ctype.h>
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

#define READ_LIMIT (64 * 1024 * 1024) /* read at most this much per import: the rest next time */

bool gate_sha256_valid(const char *s)
{
    size_t i = 0;
    for (; s && s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == 64;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const char *action_of(const json_t *v)
{
    const char *a = str(v, "action");
    return strcmp(a, "clean") == 0 || strcmp(a, "disarmed") == 0 || strcmp(a, "blocked") == 0 ? a : NULL;
}

static const char *block_code(const json_t *v)
{
    const char *c = json_string_value(json_object_get(json_object_get(v, "blocked"), "code"));
    return c && strlen(c) <= 64 ? c : "";
}

static const char *sha_of(const json_t *v, const char *which)
{
    const char *s = json_string_value(json_object_get(json_object_get(v, which), "sha256"));
    return gate_sha256_valid(s) ? s : NULL;
}

/* Lower-cased recipients of the envelope as a JSON array text (caller frees). */
static char *recipients_json(const json_t *context)
{
    json_t *out = json_array();
    const json_t *to = json_object_get(json_object_get(context, "envelope"), "to");
    size_t i;
    const json_t *r;
    json_array_foreach(to, i, r) {
        const char *s = json_string_value(r);
        if (!s || strlen(s) > 320)
            continue;
        char *low = xstrdup(s);
        for (char *p = low; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        json_array_append_new(out, json_string(low));
        free(low);
    }
    char *text = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    return text;
}

/* One line: ST_OK with *stored true (new), false (already there); ST_INVALID when it is not a
 * verdict record (the caller counts it as skipped). */
static Status import_line(Ctx *ctx, const char *line, size_t n, bool *stored, Err *e)
{
    *stored = false;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)line, n);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    json_t *rec = json_loadb(line, n, 0, NULL);
    const json_t *v = json_object_get(rec, "verdict");
    const char *kind = str(rec, "kind"), *when = str(rec, "time");
    int64_t t = 0;
    if (!json_is_object(v) || (strcmp(kind, "mail") != 0 && strcmp(kind, "file") != 0) || !action_of(v) ||
        !time_parse_iso(when, &t) || strlen(when) != 20) {
        json_decref(rec);
        return ST_INVALID;
    }
    int y, m, d;
    char day[11];
    time_jst_date(t, &y, &m, &d);
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
    const json_t *context = json_object_get(rec, "context");
    const char *from = str(json_object_get(context, "envelope"), "from");
    char *rcpts = recipients_json(context);
    const json_t *kids = json_object_get(v, "children");
    const char *in_sha = sha_of(v, "input");
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO gate_verdicts (line_sha256, received_at, day, kind, action, block_code, "
                          "input_sha256, sender, recipients, attachments) VALUES (?,?,?,?,?,?,?,?,?,?) "
                          "ON CONFLICT (line_sha256) DO NOTHING",
                          e);
    Status s = st ? ST_OK : ST_INTERNAL;
    if (st) {
        stmt_bind_text(st, 1, hex);
        stmt_bind_text(st, 2, when);
        stmt_bind_text(st, 3, day);
        stmt_bind_text(st, 4, kind);
        stmt_bind_text(st, 5, action_of(v));
        stmt_bind_text(st, 6, block_code(v));
        stmt_bind_text(st, 7, in_sha ? in_sha : "");
        stmt_bind_text(st, 8, strlen(from) <= 320 ? from : "");
        stmt_bind_text(st, 9, rcpts);
        stmt_bind_int(st, 10, strcmp(kind, "mail") == 0 ? (int64_t)json_array_size(kids) : 0);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    free(rcpts);
    if (s != ST_OK || db_changes(ctx->db) == 0 || strcmp(kind, "mail") != 0) {
        *stored = s == ST_OK && db_changes(ctx->db) > 0;
        json_decref(rec);
        return s;
    }
    *stored = true;
    int64_t verdict_id = db_last_insert_id(ctx->db);
    /* The attachments: a mail verdict's children, in the order of the body's list. */
    st = db_prepare(ctx->db,
                    "INSERT INTO gate_items (verdict_id, position, name, type, bytes, original_sha256, "
                    "disarmed_sha256, action, block_code, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    e);
    if (!st) {
        json_decref(rec);
        return ST_INTERNAL;
    }
    size_t i;
    const json_t *k;
    json_array_foreach(kids, i, k) {
        const char *orig = sha_of(k, "input"), *act = action_of(k);
        if (!orig || !act)
            continue;
        const char *out_sha = strcmp(act, "blocked") == 0 ? NULL : sha_of(k, "output");
        const char *name = str(k, "subject");
        json_int_t bytes = json_integer_value(json_object_get(json_object_get(k, "input"), "bytes"));
        stmt_reset(st);
        stmt_bind_int(st, 1, verdict_id);
        stmt_bind_int(st, 2, (int64_t)i + 1);
        stmt_bind_text(st, 3, strlen(name) <= 1000 ? name : "");
        stmt_bind_text(st, 4, strlen(str(k, "type")) <= 200 ? str(k, "type") : "");
        stmt_bind_int(st, 5, bytes > 0 ? bytes : 0);
        stmt_bind_text(st, 6, orig);
        stmt_bind_text(st, 7, out_sha);
        stmt_bind_text(st, 8, act);
        stmt_bind_text(st, 9, block_code(k));
        stmt_bind_text(st, 10, when);
        if (stmt_step(st) != STEP_DONE) {
            s = stmt_error(st, e);
            break;
        }
    }
    stmt_finalize(st);
    json_decref(rec);
    return s;
}

static Status load_position(Ctx *ctx, const char *source, int64_t *inode, int64_t *offset, Err *e)
{
    *inode = -1;
    *offset = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT inode, read_to FROM gate_log_positions WHERE source = ?", e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, source);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        *inode = stmt_int(st, 0);
        *offset = stmt_int(st, 1);
    }
    stmt_finalize(st);
    return s;
}

static Status save_position(Ctx *ctx, const char *source, int64_t inode, int64_t offset, Err *e)
{
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO gate_log_positions (source, inode, read_to, updated_at) VALUES (?,?,?,?) "
                          "ON CONFLICT (source) DO UPDATE SET inode = excluded.inode, read_to = excluded.read_to, "
                          "updated_at = excluded.updated_at",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, source);
    stmt_bind_int(st, 2, inode);
    stmt_bind_int(st, 3, offset);
    stmt_bind_text(st, 4, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status gate_import_log(Ctx *ctx, int *imported, int *skipped, Err *e)
{
    int n_new = 0, n_skip = 0;
    if (imported)
        *imported = 0;
    if (skipped)
        *skipped = 0;
    const char *path = gate_config()->verdict_log;
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return err_setf(e, ST_NOTFOUND, "gate_log_missing", "verdict_log", "判定ログ %s を読めません (%s)",
                        "cannot read the verdict log %s (%s)", path ? path : "(未設定 / not configured)",
                        path ? strerror(err) : "--verdict-log");
    }
    int64_t inode = -1, offset = 0;
    Status s = load_position(ctx, path, &inode, &offset, e);
    if (s == ST_OK && (inode != (int64_t)sb.st_ino || offset > (int64_t)sb.st_size))
        offset = 0; /* a new file (rotated, replaced) or one cut short: from the start */
    size_t want = s == ST_OK && sb.st_size > offset ? (size_t)(sb.st_size - offset) : 0;
    if (want > READ_LIMIT)
        want = READ_LIMIT;
    char *buf = want ? xmalloc(want) : NULL;
    size_t got = 0;
    while (got < want) {
        ssize_t r = pread(fd, buf + got, want - got, offset + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (s != ST_OK || got == 0) {
        free(buf);
        return s;
    }
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        free(buf);
        return s;
    }
    size_t start = 0;
    for (size_t i = 0; s == ST_OK && i < got; i++) {
        if (buf[i] != '\n')
            continue;
        if (i > start) {
            bool stored = false;
            Status ls = import_line(ctx, buf + start, i - start, &stored, e);
            if (ls == ST_INVALID)
                n_skip++;
            else if (ls != ST_OK)
                s = ls;
            else if (stored)
                n_new++;
        }
        start = i + 1;
    }
    int64_t new_offset = offset + (int64_t)start; /* the part after the last newline is read next time */
    if (s == ST_OK)
        s = save_position(ctx, path, (int64_t)sb.st_ino, new_offset, e);
    if (s == ST_OK && start > 0) {
        json_t *after = json_pack("{s:s, s:I, s:I, s:i, s:i}", "source", path, "from", (json_int_t)offset, "to",
                                  (json_int_t)new_offset, "imported", n_new, "skipped", n_skip);
        s = record_change(ctx, "gate.import", "gate_log", 0, NULL, after, e);
        json_decref(after);
    }
    free(buf);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK) {
        if (imported)
            *imported = n_new;
        if (skipped)
            *skipped = n_skip;
    }
    return s;
}
