/* meeting: the committee's meetings — scheduling, attendees (members and guests), holding (the record
 * is frozen and its SHA-256 goes into the trail), the list and one meeting with its agenda and
 * decisions (committee.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "policy/capability.h"

/* title, meets_on, starts_at, place of body, checked; *fy from the date. */
static Status check_meeting(Ctx *ctx, json_t *body, const char **title, const char **date, const char **time,
                            const char **place, int *fy, Err *e)
{
    Status s = cm_text(body, "title", "会議名", 200, true, false, title, e);
    if (s == ST_OK)
        s = cm_text(body, "meets_on", "開催日", 10, true, false, date, e);
    if (s == ST_OK)
        s = cm_text(body, "starts_at", "開始時刻", 5, false, false, time, e);
    if (s == ST_OK)
        s = cm_text(body, "place", "場所", 200, false, false, place, e);
    if (s != ST_OK)
        return s;
    int y, m, d;
    if (!date_parse(*date, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "meets_on", "開催日は YYYY-MM-DD の日付で入力してください",
                       "the date must be YYYY-MM-DD");
    char today[11];
    date_today(ctx->clock, today);
    int ty, tm, td;
    date_parse(today, &ty, &tm, &td);
    if (days_from_civil(y, m, d) < days_from_civil(ty, tm, td) - 366)
        return err_set(e, ST_INVALID, "date_too_old", "meets_on", "開催日が1年以上前です",
                       "the meeting date is more than a year ago");
    const char *t = *time;
    if (*t && !(strlen(t) == 5 && t[2] == ':' && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
                t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' && (t[0] < '2' || t[1] <= '3')))
        return err_set(e, ST_INVALID, "invalid_field", "starts_at", "開始時刻は HH:MM (例 14:00) で入力してください",
                       "the start time must be HH:MM (e.g. 14:00)");
    *fy = fiscal_year(y, m);
    return ST_OK;
}

/* The meeting's fields as stored (an absent start time or place is ""), so that reconciliation
 * compares the row with exactly what the entry says. */
static Status record_meeting(Ctx *ctx, const char *action, int64_t id, int fy, const char *title, const char *date,
                             const char *time, const char *place, Err *e)
{
    json_t *after = json_pack("{s:i, s:s, s:s, s:s, s:s}", "fiscal_year", fy, "title", title, "meets_on", date,
                              "starts_at", time, "place", place);
    Status s = record_change(ctx, action, "committee_meeting", id, NULL, after, e);
    json_decref(after);
    return s;
}

Status committee_meeting_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e)
{
    const char *title, *date, *time, *place;
    int fy;
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = check_meeting(ctx, body, &title, &date, &time, &place, &fy, e);
    if (s != ST_OK)
        return s;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO committee_meetings (fiscal_year, title, meets_on, starts_at, place, created_by, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, fy);
    stmt_bind_text(st, 2, title);
    stmt_bind_text(st, 3, date);
    stmt_bind_text(st, 4, time);
    stmt_bind_text(st, 5, place);
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK)
        s = record_meeting(ctx, "committee_meeting.create", id, fy, title, date, time, place, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

Status committee_meeting_update(Ctx *ctx, int64_t id, json_t *body, Err *e)
{
    const char *title, *date, *time, *place;
    int fy;
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_require_scheduled(ctx, id, e);
    if (s == ST_OK)
        s = check_meeting(ctx, body, &title, &date, &time, &place, &fy, e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE committee_meetings SET fiscal_year = ?, title = ?, meets_on = ?, starts_at = ?, place = ?"
                          " WHERE id = ? AND state = 'scheduled'",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, fy);
    stmt_bind_text(st, 2, title);
    stmt_bind_text(st, 3, date);
    stmt_bind_text(st, 4, time);
    stmt_bind_text(st, 5, place);
    stmt_bind_int(st, 6, id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK)
        s = record_meeting(ctx, "committee_meeting.update", id, fy, title, date, time, place, e);
    return finish_tx(ctx, s, e);
}

Status committee_meetings_list(Ctx *ctx, json_t **out, Err *e)
{
    Status s = cm_require_member(ctx, e);
    if (s != ST_OK)
        return s;
    static const char *const cols[] = {"id", "fiscal_year", "title", "meets_on", "starts_at", "place", "state",
                                       "agenda", "decisions", "open_instructions"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT m.id, m.fiscal_year, m.title, m.meets_on, m.starts_at, m.place, m.state,"
                          " (SELECT count(*) FROM committee_agenda a WHERE a.meeting_id = m.id),"
                          " (SELECT count(*) FROM committee_decisions d WHERE d.meeting_id = m.id),"
                          " (SELECT count(*) FROM committee_decisions d WHERE d.meeting_id = m.id AND d.state = 'open')"
                          " FROM committee_meetings m ORDER BY m.meets_on DESC, m.id DESC LIMIT 500",
                          e);
    if (!st)
        return e->status;
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "iisssssiii", &items, e)) != ST_OK)
        return s;
    *out = json_pack("{s:o, s:b}", "items", items, "may_manage", (ctx->actor->caps & CAP_COMMITTEE_MANAGE) != 0);
    return ST_OK;
}

/* The frozen part of a meeting — its fields, minutes, attendees and agenda — as one object (new
 * reference); its compact JSON with sorted keys is what record_hash covers. */
static Status meeting_record(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"id", "fiscal_year", "title", "meets_on", "starts_at", "place", "state",
                                       "minutes", "held_at", "record_hash"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, fiscal_year, title, meets_on, starts_at, place, state, minutes, held_at, record_hash"
                          " FROM committee_meetings WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *m = NULL;
    Status s = row_single(st, cols, "iissssssSS", &m, e);
    if (s == ST_NOTFOUND)
        return cm_not_found(e);
    if (s != ST_OK)
        return s;
    static const char *const acols[] = {"id", "person_id", "name", "unit_name", "guest_affiliation"};
    json_t *att = NULL, *agenda = NULL;
    st = db_prepare(ctx->db,
                    "SELECT a.id, a.person_id, coalesce(p.name, a.guest_name), coalesce(u.name, ''), a.guest_affiliation"
                    " FROM committee_attendees a LEFT JOIN people_v p ON p.id = a.person_id"
                    " LEFT JOIN org_units_v u ON u.id = p.unit_id WHERE a.meeting_id = ?"
                    " ORDER BY a.person_id IS NULL, p.kana, a.id",
                    e);
    s = st ? (stmt_bind_int(st, 1, id), rows_array(st, acols, "iIsss", &att, e)) : e->status;
    static const char *const gcols[] = {"id", "position", "kind", "ref_id", "ref_year", "title", "note"};
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "SELECT id, position, kind, ref_id, ref_year, title, note FROM committee_agenda WHERE meeting_id = ?"
                        " ORDER BY position, id",
                        e);
        s = st ? (stmt_bind_int(st, 1, id), rows_array(st, gcols, "iisIIss", &agenda, e)) : e->status;
    }
    if (s != ST_OK) {
        json_decref(m);
        json_decref(att);
        return s;
    }
    json_object_set_new(m, "attendees", att);
    json_object_set_new(m, "agenda", agenda);
    *out = m;
    return ST_OK;
}

/* hex SHA-256 of the record without its own state, held_at and hash (those are set by the hold). */
static void record_digest(json_t *rec, char hex[static 65])
{
    json_t *c = json_deep_copy(rec);
    json_object_del(c, "record_hash");
    json_object_del(c, "state");
    json_object_del(c, "held_at");
    char *text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(hex, 65, h, sizeof h);
    free(text);
    json_decref(c);
}

/* *may: the actor is a member, or owns an instruction decided at meeting id. */
static Status may_read(Ctx *ctx, int64_t id, bool *may, Err *e)
{
    *may = (ctx->actor->caps & (CAP_COMMITTEE_READ | CAP_COMMITTEE_MANAGE)) != 0;
    if (*may || !ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM committee_decisions WHERE meeting_id = ? AND owner_person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, ctx->actor->person_id);
    Status s = stmt_step_row(st, may, e);
    stmt_finalize(st);
    return s;
}

static Status decisions_of(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"id", "agenda_id", "kind", "ref_id", "text", "owner_person_id", "owner_name",
                                       "due_on", "state", "result", "done_on", "created_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.agenda_id, d.kind, d.ref_id, d.text, d.owner_person_id, p.name, d.due_on, d.state,"
                          " d.result, d.done_on, d.created_at FROM committee_decisions d"
                          " LEFT JOIN people_v p ON p.id = d.owner_person_id WHERE d.meeting_id = ? ORDER BY d.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return rows_array(st, cols, "iIsIsISSssSs", out, e);
}

Status committee_meeting_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    bool may = false;
    Status s = may_read(ctx, id, &may, e);
    if (s != ST_OK)
        return s;
    if (!may)
        return cm_not_found(e);
    json_t *m = NULL, *decisions = NULL;
    if ((s = meeting_record(ctx, id, &m, e)) != ST_OK)
        return s;
    if ((s = decisions_of(ctx, id, &decisions, e)) != ST_OK) {
        json_decref(m);
        return s;
    }
    const char *hash = json_string_value(json_object_get(m, "record_hash"));
    if (hash) { /* the frozen record still matches the hash the trail holds */
        char now[65];
        record_digest(m, now);
        json_object_set_new(m, "record_intact", json_boolean(strcmp(now, hash) == 0));
    }
    size_t i;
    json_t *a;
    char link[128];
    json_array_foreach(json_object_get(m, "agenda"), i, a)
    {
        const char *kind = json_string_value(json_object_get(a, "kind"));
        cm_agenda_link(kind, json_integer_value(json_object_get(a, "ref_id")),
                       json_integer_value(json_object_get(a, "ref_year")), link, sizeof link);
        json_object_set_new(a, "kind_label", json_string(cm_agenda_label(kind)));
        json_object_set_new(a, "link", *link ? json_string(link) : json_null());
    }
    json_array_foreach(decisions, i, a)
    {
        const char *kind = json_string_value(json_object_get(a, "kind"));
        cm_decision_link(kind, json_integer_value(json_object_get(a, "ref_id")), link, sizeof link);
        json_object_set_new(a, "kind_label", json_string(cm_decision_label(kind)));
        json_object_set_new(a, "link", *link ? json_string(link) : json_null());
    }
    json_object_set_new(m, "decisions", decisions);
    json_object_set_new(m, "may_manage", json_boolean(ctx->actor->caps & CAP_COMMITTEE_MANAGE));
    *out = m;
    return ST_OK;
}

Status committee_attendee_add(Ctx *ctx, int64_t meeting_id, json_t *body, int64_t *id_out, Err *e)
{
    int64_t person = 0;
    const char *guest = "", *aff = "";
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_require_scheduled(ctx, meeting_id, e);
    if (s == ST_OK)
        s = cm_id(body, "person_id", "出席者", &person, e);
    if (s == ST_OK)
        s = cm_text(body, "guest_name", "出席者の氏名", 100, !person, false, &guest, e);
    if (s == ST_OK)
        s = cm_text(body, "guest_affiliation", "所属", 200, false, false, &aff, e);
    if (s != ST_OK)
        return s;
    if (person && *guest)
        return err_set(e, ST_INVALID, "invalid_field", "guest_name", "委員か委員以外の出席者のどちらか一方を指定してください",
                       "give either a member or a guest, not both");
    if (person) {
        bool member = false;
        if ((s = cm_is_member(ctx, person, &member, e)) != ST_OK)
            return s;
        if (!member)
            return err_set(e, ST_INVALID, "committee_not_member", "person_id",
                           "この人は委員会の委員ではありません (第19条2)。委員以外の出席者として氏名で登録してください",
                           "this person is not a member of the committee; add them as a guest by name");
    }
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO committee_attendees (meeting_id, person_id, guest_name, guest_affiliation)"
                          " SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM committee_attendees"
                          " WHERE meeting_id = ?1 AND person_id = ?2)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, meeting_id);
    if (person)
        stmt_bind_int(st, 2, person);
    else
        stmt_bind_null(st, 2);
    stmt_bind_text(st, 3, person ? "" : guest);
    stmt_bind_text(st, 4, person ? "" : aff);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK && db_changes(ctx->db) == 0)
        s = err_set(e, ST_CONFLICT, "committee_attendee_exists", "person_id", "この委員は出席者に登録済みです",
                    "this member is already an attendee");
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL; /* the row as stored, with its id (reconciled as committee_attendees) */
    if (s == ST_OK && (s = cm_attendee_row(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "committee_meeting.attendee_add", "committee_meeting", meeting_id, NULL, after, e);
    json_decref(after);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

/* Deletes row id of table's meeting (the statement names the table), as one change with its trail;
 * the entry names the row by id and by key (attendee_id or agenda_id, for reconciliation). */
static Status remove_row(Ctx *ctx, const char *sql, const char *key, int64_t meeting_id, int64_t id, const char *action,
                         const char *missing_code, const char *missing_ja, const char *missing_en, Err *e)
{
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_require_scheduled(ctx, meeting_id, e);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, meeting_id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK && db_changes(ctx->db) == 0)
        s = err_set(e, ST_NOTFOUND, missing_code, NULL, missing_ja, missing_en);
    if (s == ST_OK) {
        json_t *before = json_pack("{s:I, s:I}", "id", (json_int_t)id, key, (json_int_t)id);
        s = record_change(ctx, action, "committee_meeting", meeting_id, before, NULL, e);
        json_decref(before);
    }
    return finish_tx(ctx, s, e);
}

Status committee_attendee_remove(Ctx *ctx, int64_t meeting_id, int64_t attendee_id, Err *e)
{
    return remove_row(ctx, "DELETE FROM committee_attendees WHERE id = ? AND meeting_id = ?", "attendee_id", meeting_id, attendee_id,
                      "committee_meeting.attendee_remove", "committee_attendee_not_found", "出席者が見つかりません",
                      "attendee not found", e);
}

Status committee_agenda_remove(Ctx *ctx, int64_t meeting_id, int64_t agenda_id, Err *e)
{
    return remove_row(ctx, "DELETE FROM committee_agenda WHERE id = ? AND meeting_id = ?", "agenda_id", meeting_id, agenda_id,
                      "committee_meeting.agenda_remove", "committee_agenda_not_found", "議題が見つかりません",
                      "agenda item not found", e);
}

Status committee_meeting_hold(Ctx *ctx, int64_t id, json_t *body, Err *e)
{
    const char *minutes;
    Status s = cm_require_manage(ctx, e);
    if (s == ST_OK)
        s = cm_require_scheduled(ctx, id, e);
    if (s == ST_OK)
        s = cm_text(body, "minutes", "議事の経過", 20000, true, true, &minutes, e);
    if (s != ST_OK)
        return s;
    char now[21], hex[65];
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, "UPDATE committee_meetings SET minutes = ? WHERE id = ? AND state = 'scheduled'", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_text(st, 1, minutes);
    stmt_bind_int(st, 2, id);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *rec = NULL;
    if (s == ST_OK)
        s = meeting_record(ctx, id, &rec, e);
    if (s == ST_OK && json_array_size(json_object_get(rec, "attendees")) == 0)
        s = err_set(e, ST_CONFLICT, "committee_meeting_incomplete", NULL, "出席者を登録してから開催を記録してください",
                    "record the attendees before the meeting is held");
    if (s == ST_OK && json_array_size(json_object_get(rec, "agenda")) == 0)
        s = err_set(e, ST_CONFLICT, "committee_meeting_incomplete", NULL, "議題を登録してから開催を記録してください",
                    "put at least one item on the agenda before the meeting is held");
    if (s == ST_OK) {
        record_digest(rec, hex);
        st = db_prepare(ctx->db,
                        "UPDATE committee_meetings SET state = 'held', held_at = ?, held_by = ?, record_hash = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, now);
            stmt_bind_int(st, 2, ctx->actor->person_id);
            stmt_bind_text(st, 3, hex);
            stmt_bind_int(st, 4, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:O}", "state", "held", "record_hash", hex, "record", rec);
        s = record_change(ctx, "committee_meeting.hold", "committee_meeting", id, NULL, after, e);
        json_decref(after);
    }
    json_decref(rec);
    return finish_tx(ctx, s, e);
}
