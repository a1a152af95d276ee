/* incident_note: notes on a report by anyone who may read it (see incidents.h); each is a trail
 * entry too, so the timeline (the report's trail) carries them with who and when. */
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"

Status incident_note_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *body;
    Status s = incident_text(ctx, in, &incident_note_fields[NOTE_F_BODY], true, &body, e);
    if (s != ST_OK)
        return s;
    if (!ctx->actor->person_id)
        return err_set(e, ST_FORBIDDEN, "not_a_person", "", "メモは職員として記録してください", "notes are written by a person");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = incident_check_read(ctx, id, e);
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "INSERT INTO incident_notes(incident_id, author_id, body, created_at) VALUES (?, ?, ?, ?)", e)
                          : NULL;
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_int(st, 2, ctx->actor->person_id);
        stmt_bind_text(st, 3, body);
        stmt_bind_text(st, 4, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s}", "note_id", (json_int_t)db_last_insert_id(ctx->db), "body", body);
        s = record_change(ctx, "incident.note", "incident", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status incident_check_read(Ctx *ctx, int64_t id, Err *e)
{
    json_t *row = NULL;
    Status s = incident_plain(ctx, id, &row, e);
    bool may = false;
    if (s == ST_OK)
        s = incident_may_read(ctx, id, json_integer_value(json_object_get(row, "reporter_person_id")), &may, e);
    json_decref(row);
    if (s == ST_OK && !may)
        s = err_set(e, ST_NOTFOUND, "incident_not_found", "id", "インシデントの報告が見つかりません",
                    "incident report not found");
    return s;
}
