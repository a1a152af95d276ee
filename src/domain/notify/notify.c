/* notify: the notifications table — adding one idempotently, listing the acting person's, marking
 * one read (see notify.h). */
#include <string.h>

#include "domain/notify/notify.h"
#include "domain/kernel/kernel.h"

Status notify_person(Ctx *ctx, int64_t person, const char *kind, const char *object_type, int64_t object_id,
                     const char *title, const char *link, const char *dedup_key, bool *created, Err *e)
{
    if (created)
        *created = false;
    if (!person)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO notifications(person_id, kind, object_type, object_id, title, link, dedup_key,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING",
                          e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, kind);
    stmt_bind_text(st, 3, object_type);
    stmt_bind_int(st, 4, object_id);
    stmt_bind_text(st, 5, title);
    stmt_bind_text(st, 6, link);
    stmt_bind_text(st, 7, dedup_key);
    stmt_bind_text(st, 8, now);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc == ST_OK && created)
        *created = db_changes(ctx->db) == 1;
    return rc;
}

static const char *const cols[] = {"id", "kind", "object_type", "object_id", "title", "link", "created_at", "read_at",
                                   NULL};

Status notify_list(Ctx *ctx, bool unread_only, int limit, json_t **out, Err *e)
{
    if (limit < 1 || limit > 500)
        return err_set(e, ST_INVALID, "invalid_limit", "limit", "件数は1〜500で指定してください",
                       "limit must be 1 to 500");
    int64_t me = ctx->actor->person_id;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, kind, object_type, object_id, title, link, created_at, read_at FROM notifications"
                          " WHERE person_id = ?1 AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, me);
    stmt_bind_int(st, 2, unread_only);
    stmt_bind_int(st, 3, limit);
    json_t *items = NULL;
    Status rc = rows_array(st, cols, "ississsS", &items, e);
    if (rc != ST_OK)
        return rc;
    int64_t unread = 0;
    st = db_prepare(ctx->db, "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL", e);
    if (!st) {
        json_decref(items);
        return e->status;
    }
    stmt_bind_int(st, 1, me);
    if (stmt_step(st) == STEP_ROW)
        unread = stmt_int(st, 0);
    stmt_finalize(st);
    *out = json_pack("{s:o, s:I}", "items", items, "unread", (json_int_t)unread);
    return ST_OK;
}

Status notify_mark_read(Ctx *ctx, int64_t id, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE notifications SET read_at = coalesce(read_at, ?1) WHERE id = ?2 AND person_id = ?3",
                          e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_text(st, 1, now);
    stmt_bind_int(st, 2, id);
    stmt_bind_int(st, 3, ctx->actor->person_id);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (rc == ST_OK && db_changes(ctx->db) != 1)
        rc = err_set(e, ST_NOTFOUND, "notification_not_found", "id", "お知らせが見つかりません",
                     "notification not found");
    return rc;
}
