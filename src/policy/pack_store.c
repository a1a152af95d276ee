/* pack_store: recording pack versions in pack_versions and loading the active one back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "policy/pack_store.h"

static Status first_issue(const PackIssues *is, Err *e)
{
    if (!is->count)
        return ST_INVALID;
    const PackIssue *i = &is->items[0];
    return err_setf(e, ST_INVALID, "pack_invalid", "pack", "パックに %zu 件の問題があります。最初: %s:%d:%d: %s [%s]",
                    "the pack has %zu problem(s); first: %s:%d:%d: %s [%s]", is->count, i->file, i->line,
                    i->column, i->ja, i->code);
}

Status pack_store_activate_info(Db *db, const PackSource *files, size_t n, int64_t now, PackVersionInfo *info,
                                Err *e)
{
    Pack *p = NULL;
    PackIssues issues = {0};
    Err le = {0};
    if (pack_load_sources(files, n, &p, &issues, &le) != ST_OK) {
        Status st = first_issue(&issues, e);
        pack_issues_free(&issues);
        return st;
    }
    json_t *obj = json_object();
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_stringn(files[i].data, files[i].len);
        if (!s) {
            json_decref(obj);
            pack_free(p);
            return err_setf(e, ST_INVALID, "pack_not_utf8", "pack", "%s が UTF-8 ではありません",
                            "%s is not UTF-8", files[i].name);
        }
        json_object_set_new(obj, files[i].name, s);
    }
    char *files_json = json_dumps(obj, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(obj);
    char when[21];
    time_iso_utc(now, when);

    bool own = !db_in_transaction(db);
    Status st = own ? db_begin(db, e) : ST_OK;
    Stmt *s = NULL;
    if (st == ST_OK && (s = db_prepare(db, "UPDATE pack_versions SET active = 0 WHERE active = 1", e)) == NULL)
        st = ST_DB;
    if (st == ST_OK && stmt_step(s) != STEP_DONE)
        st = stmt_error(s, e);
    stmt_finalize(s);
    s = NULL;
    if (st == ST_OK &&
        (s = db_prepare(db,
                        "INSERT INTO pack_versions(pack_id, version, digest, files, activated_at, active)"
                        " VALUES (?, ?, ?, ?, ?, 1)",
                        e)) == NULL)
        st = ST_DB;
    if (st == ST_OK) {
        stmt_bind_text(s, 1, p->id);
        stmt_bind_text(s, 2, p->version);
        stmt_bind_text(s, 3, p->digest);
        stmt_bind_text(s, 4, files_json);
        stmt_bind_text(s, 5, when);
        if (stmt_step(s) != STEP_DONE)
            st = stmt_error(s, e);
    }
    stmt_finalize(s);
    if (st == ST_OK && info) {
        memset(info, 0, sizeof *info);
        info->id = db_last_insert_id(db);
        snprintf(info->pack_id, sizeof info->pack_id, "%s", p->id);
        snprintf(info->version, sizeof info->version, "%s", p->version);
        snprintf(info->digest, sizeof info->digest, "%s", p->digest);
        snprintf(info->activated_at, sizeof info->activated_at, "%s", when);
    }
    if (own) {
        if (st == ST_OK)
            st = db_commit(db, e);
        else
            db_rollback(db);
    }
    free(files_json);
    pack_free(p);
    return st;
}

Status pack_store_activate(Db *db, const PackSource *files, size_t n, int64_t now, Err *e)
{
    return pack_store_activate_info(db, files, n, now, NULL, e);
}

static Status select_active(Db *db, PackVersionInfo *info, char **files_json, Err *e)
{
    Stmt *s = db_prepare(db,
                         "SELECT id, pack_id, version, digest, activated_at, files FROM pack_versions"
                         " WHERE active = 1",
                         e);
    if (!s)
        return ST_DB;
    StepResult r = stmt_step(s);
    Status st = ST_OK;
    if (r == STEP_ROW) {
        memset(info, 0, sizeof *info);
        info->id = stmt_int(s, 0);
        snprintf(info->pack_id, sizeof info->pack_id, "%s", stmt_text(s, 1));
        snprintf(info->version, sizeof info->version, "%s", stmt_text(s, 2));
        snprintf(info->digest, sizeof info->digest, "%s", stmt_text(s, 3));
        snprintf(info->activated_at, sizeof info->activated_at, "%s", stmt_text(s, 4));
        if (files_json)
            *files_json = xstrdup(stmt_text(s, 5));
    } else if (r == STEP_DONE) {
        st = err_set(e, ST_NOTFOUND, "pack_none_active", "",
                     "有効なポリシーパックが記録されていません", "no policy pack has been activated");
    } else {
        st = stmt_error(s, e);
    }
    stmt_finalize(s);
    return st;
}

Status pack_store_active_info(Db *db, PackVersionInfo *info, Err *e) { return select_active(db, info, NULL, e); }

Status pack_store_load_active(Db *db, Pack **out, Err *e)
{
    *out = NULL;
    PackVersionInfo info;
    char *files_json = NULL;
    Status st = select_active(db, &info, &files_json, e);
    if (st != ST_OK)
        return st;
    json_error_t jerr;
    json_t *obj = json_loads(files_json, 0, &jerr);
    free(files_json);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return err_setf(e, ST_TAMPER, "pack_store_corrupt", "", "記録されたパック %lld のファイルを読めません",
                        "the files of stored pack %lld cannot be read", (long long)info.id);
    }
    size_t n = json_object_size(obj), i = 0;
    PackSource *files = xcalloc(n ? n : 1, sizeof *files);
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        files[i].name = key;
        files[i].data = json_is_string(val) ? json_string_value(val) : "";
        files[i].len = json_is_string(val) ? json_string_length(val) : 0;
        i++;
    }
    char digest[65];
    pack_digest(files, n, digest);
    if (strcmp(digest, info.digest) != 0) {
        free(files);
        json_decref(obj);
        return err_setf(e, ST_TAMPER, "pack_digest_mismatch", "",
                        "記録されたパック %lld の内容がダイジェストと一致しません(改ざんの可能性)",
                        "stored pack %lld does not match its digest (possible tampering)", (long long)info.id);
    }
    PackIssues issues = {0};
    Err le = {0};
    st = pack_load_sources(files, n, out, &issues, &le);
    free(files);
    json_decref(obj);
    if (st != ST_OK) {
        Err first = {0};
        first_issue(&issues, &first);
        pack_issues_free(&issues);
        err_setf(e, ST_TAMPER, "pack_store_invalid", "", "記録されたパック %lld が検証に通りません: %s%.0s",
                 "stored pack %lld no longer validates: %.0s%s", (long long)info.id, first.ja, first.en);
        return ST_TAMPER;
    }
    return ST_OK;
}

Status pack_store_version_state(Db *db, int64_t id, json_t **out, Err *e)
{
    Stmt *s = db_prepare(db, "SELECT pack_id, version, digest, activated_at, files FROM pack_versions WHERE id = ?", e);
    if (!s)
        return e->status;
    stmt_bind_int(s, 1, id);
    StepResult r = stmt_step(s);
    Status st = r == STEP_ROW ? ST_OK : r == STEP_DONE ? ST_NOTFOUND : stmt_error(s, e);
    if (st == ST_OK) {
        char digest[65];
        snprintf(digest, sizeof digest, "%s", stmt_text(s, 2));
        json_t *files = json_loads(stmt_text(s, 4), 0, NULL);
        size_t n = json_object_size(files), i = 0;
        PackSource *src = xcalloc(n ? n : 1, sizeof *src);
        const char *key;
        json_t *val;
        json_object_foreach(files, key, val)
        {
            src[i].name = key;
            src[i].data = json_is_string(val) ? json_string_value(val) : "";
            src[i].len = json_is_string(val) ? json_string_length(val) : 0;
            i++;
        }
        char actual[65];
        pack_digest(src, n, actual);
        free(src);
        json_decref(files);
        *out = json_pack("{s:I, s:s, s:s, s:s, s:s}", "row_id", (json_int_t)id, "id", stmt_text(s, 0), "version",
                         stmt_text(s, 1), "digest", strcmp(actual, digest) == 0 ? digest : actual, "activated_at",
                         stmt_text(s, 3));
    }
    stmt_finalize(s);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return st;
}
