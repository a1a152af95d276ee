/* verdict_log: one JSON line per verdict in a log file, and one trail entry per verdict (see
 * verdict_log.h). */
#include "sanitize/verdict_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "trail/trail.h"

Status verdict_log_open(VerdictLog *l, const char *log_path, const char *db_path, const char *actor, Err *e)
{
    *l = (VerdictLog){.fd = -1, .db = NULL, .actor = actor};
    if (log_path) {
        l->fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (l->fd < 0)
            return err_setf(e, ST_IO, "verdict_log_unwritable", "verdict_log",
                            "判定ログ %s に書き込めません (%s)", "cannot write the verdict log %s (%s)",
                            log_path, strerror(errno));
    }
    if (db_path) {
        struct stat st;
        Status s = ST_OK;
        if (stat(db_path, &st) != 0)
            s = err_setf(e, ST_NOTFOUND, "db_missing", "db",
                         "データベース %s がありません (lgsec init で作成します)",
                         "no database at %s (create one with lgsec init)", db_path);
        else if ((s = db_open(db_path, &l->db, e)) == ST_OK && db_schema_version(l->db) == 0)
            s = err_setf(e, ST_INVALID, "db_not_lgsec", "db", "%s は lgsec のデータベースではありません",
                         "%s is not an lgsec database", db_path);
        if (s != ST_OK) {
            verdict_log_close(l);
            return s;
        }
    }
    return ST_OK;
}

void verdict_log_close(VerdictLog *l)
{
    if (l->fd >= 0)
        close(l->fd);
    if (l->db)
        db_close(l->db);
    l->fd = -1;
    l->db = NULL;
}

/* What the trail keeps of a verdict: type, action, hashes, block code, counts; children alike. */
static json_t *trail_summary(const json_t *v)
{
    json_t *o = json_object();
    json_object_set(o, "type", json_object_get(v, "type"));
    json_object_set(o, "action", json_object_get(v, "action"));
    json_t *in = json_object_get(v, "input"), *out = json_object_get(v, "output");
    if (json_is_object(in))
        json_object_set(o, "input", in);
    if (json_is_object(out))
        json_object_set(o, "output", out);
    const json_t *blocked = json_object_get(v, "blocked");
    if (json_is_object(blocked))
        json_object_set(o, "blocked", json_object_get(blocked, "code"));
    json_object_set_new(o, "removed", json_integer((json_int_t)json_array_size(json_object_get(v, "removed"))));
    const json_t *kids = json_object_get(v, "children");
    if (json_array_size(kids)) {
        json_t *a = json_array();
        size_t i;
        const json_t *k;
        json_array_foreach(kids, i, k)
            json_array_append_new(a, trail_summary(k));
        json_object_set_new(o, "children", a);
    }
    return o;
}

static Status write_line(int fd, const char *line, size_t n, Err *e)
{
    /* One write() of the whole line: with O_APPEND, lines from concurrent writers never mix. */
    ssize_t w = write(fd, line, n);
    if (w != (ssize_t)n)
        return err_setf(e, ST_IO, "verdict_log_unwritable", "verdict_log", "判定ログに書き込めません (%s)",
                        "cannot write the verdict log (%s)", w < 0 ? strerror(errno) : "short write");
    return ST_OK;
}

static Status append_trail(VerdictLog *l, const char *kind, const json_t *v, int64_t now, Err *e)
{
    char action[32];
    snprintf(action, sizeof action, "sanitize.%s", kind);
    const char *sha = json_string_value(json_object_get(json_object_get(v, "input"), "sha256"));
    json_t *after = trail_summary(v);
    TrailEvent ev = {
        .actor = l->actor,
        .action = action,
        .object_type = "sanitize",
        .object_id = sha ? sha : "",
        .before = NULL,
        .after = after,
    };
    Status s = db_begin(l->db, e);
    if (s == ST_OK && (s = trail_append(l->db, now, &ev, NULL, e)) == ST_OK)
        s = db_commit(l->db, e);
    else if (s != ST_OK && db_in_transaction(l->db))
        db_rollback(l->db);
    json_decref(after);
    return s;
}

Status verdict_log_record(VerdictLog *l, const char *kind, const Verdict *v, const json_t *context, Err *e)
{
    if (l->fd < 0 && !l->db)
        return ST_OK;
    char *text = verdict_to_json(v);
    json_t *tree = json_loads(text, 0, NULL);
    free(text);
    if (!tree)
        return err_set(e, ST_INTERNAL, "verdict_json", "", "判定を JSON にできません", "cannot serialise the verdict");
    int64_t now = clock_now(clock_system());
    Status s = ST_OK;
    if (l->fd >= 0) {
        char when[21];
        time_iso_utc(now, when);
        json_t *line = json_object();
        json_object_set_new(line, "time", json_string(when));
        json_object_set_new(line, "kind", json_string(kind));
        if (context)
            json_object_set(line, "context", (json_t *)context);
        json_object_set(line, "verdict", tree);
        char *s_line = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(line);
        size_t n = strlen(s_line);
        s_line[n] = '\n'; /* json_dumps' NUL becomes the newline; written by length */
        s = write_line(l->fd, s_line, n + 1, e);
        free(s_line);
    }
    if (s == ST_OK && l->db)
        s = append_trail(l, kind, tree, now, e);
    json_decref(tree);
    return s;
}
